//! The full-text index over articles, quotes and story headlines: the only crate that
//! imports the search library (tantivy).
//!
//! The index is derived data. It lives in `<data>/search/index-<fingerprint>`, where the
//! fingerprint is [`store::Store::fingerprint`]: when the store changes, the fingerprint
//! changes, the old directory no longer matches and [`SearchIndex::open_or_build`]
//! rebuilds from the store. A directory is only used once its `ready` marker exists, so a
//! build killed half-way is thrown away and redone. Deleting `<data>/search` is always
//! safe.
//!
//! One tantivy document per searchable thing, told apart by `kind`:
//! - `article`: title and body; `outlet`; `speaker` holds every speaker it quotes;
//! - `quote`: the quoted words as body, the speaker, the article's outlet and date;
//! - `story`: the headline as title, every outlet of the story, its last date.
//!
//! Ranking is BM25 (title boosted); the query language is tantivy's (`"a phrase"`,
//! `+must -not`), parsed leniently so no user input is an error. Filters (kind, outlet,
//! speaker, date range) are exact clauses added to the query.

use std::collections::BTreeMap;
use std::ops::Bound;
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use store::Store;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{
    AllQuery, BooleanQuery, Occur, PhraseQuery, Query, QueryParser, RangeQuery, TermQuery,
};
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, Value, FAST, INDEXED, STORED,
    STRING,
};
use tantivy::snippet::SnippetGenerator;
use tantivy::{doc, Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

/// Bump when the schema or what is indexed changes: old indexes are then rebuilt.
const SCHEMA_VERSION: u32 = 1;

/// Memory budget of the index writer while building.
const WRITER_HEAP: usize = 128 << 20;

/// Longest snippet returned with a hit, in characters.
const SNIPPET_CHARS: usize = 220;

/// Most hits one query may ask for.
pub const MAX_LIMIT: usize = 100;

/// What can go wrong with the index.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("search index: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    #[error("search index directory {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(transparent)]
    Store(#[from] store::StoreError),
}

type Result<T> = std::result::Result<T, SearchError>;

/// What a hit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Article,
    Quote,
    Story,
}

impl Kind {
    fn as_str(self) -> &'static str {
        match self {
            Kind::Article => "article",
            Kind::Quote => "quote",
            Kind::Story => "story",
        }
    }

    fn parse(s: &str) -> Option<Kind> {
        match s {
            "article" => Some(Kind::Article),
            "quote" => Some(Kind::Quote),
            "story" => Some(Kind::Story),
            _ => None,
        }
    }
}

/// A search request.
#[derive(Debug, Clone, Default)]
pub struct SearchQuery {
    /// Words, `"phrases"`, `+required` and `-excluded` terms; empty lists everything
    /// that passes the filters.
    pub text: String,
    pub kind: Option<Kind>,
    /// Only hits from this outlet (its words, in order, case-insensitive).
    pub outlet: Option<String>,
    /// Only quotes by (or articles quoting) this speaker (words in order, case-insensitive).
    pub speaker: Option<String>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub offset: usize,
    /// At most [`MAX_LIMIT`].
    pub limit: usize,
}

/// A piece of text around the matches, with the byte ranges of the matched words.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Snippet {
    pub text: String,
    /// Byte ranges into `text`, sorted, not overlapping.
    pub highlights: Vec<(usize, usize)>,
}

/// One search result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    pub kind: Kind,
    /// The article id (articles, quotes) or the story id (stories).
    pub id: String,
    /// The story the hit belongs to, when it belongs to one.
    pub story_id: Option<String>,
    /// Article title or story headline.
    pub title: String,
    pub outlet: Option<String>,
    pub speaker: Option<String>,
    pub published: Option<NaiveDate>,
    pub score: f32,
    pub snippet: Snippet,
}

/// A page of results and how many hits there are in all.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchResults {
    pub total: usize,
    pub hits: Vec<Hit>,
}

#[derive(Debug, Clone, Copy)]
struct Fields {
    kind: Field,
    id: Field,
    story: Field,
    title: Field,
    /// The display title: the article's title (also for its quotes) or the headline.
    label: Field,
    body: Field,
    outlet: Field,
    outlet_name: Field,
    speaker: Field,
    speaker_name: Field,
    day: Field,
}

fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let stemmed = TextOptions::default().set_stored().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer("en_stem")
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let unstored = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer("en_stem")
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    // Names match word by word, unstemmed; phrase queries need positions.
    let names = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer("default")
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let fields = Fields {
        kind: b.add_text_field("kind", STRING | STORED),
        id: b.add_text_field("id", STRING | STORED),
        story: b.add_text_field("story", STRING | STORED),
        title: b.add_text_field("title", unstored),
        label: b.add_text_field("label", STORED),
        body: b.add_text_field("body", stemmed),
        outlet: b.add_text_field("outlet", names.clone()),
        outlet_name: b.add_text_field("outlet_name", STORED),
        speaker: b.add_text_field("speaker", names),
        speaker_name: b.add_text_field("speaker_name", STORED),
        day: b.add_i64_field("day", INDEXED | FAST | STORED),
    };
    (b.build(), fields)
}

fn day_number(d: NaiveDate) -> i64 {
    i64::from(d.num_days_from_ce())
}

fn day_from_number(n: i64) -> Option<NaiveDate> {
    NaiveDate::from_num_days_from_ce_opt(i32::try_from(n).ok()?)
}

/// An open index and the store fingerprint it was built from.
pub struct SearchIndex {
    index: Index,
    reader: IndexReader,
    fields: Fields,
    parser: QueryParser,
    stamp: String,
    dir: PathBuf,
}

/// The directory of the index built from a store with this fingerprint.
fn index_dir(root: &Path, fingerprint: &str) -> PathBuf {
    root.join(format!("index-v{SCHEMA_VERSION}-{fingerprint}"))
}

fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> SearchError + '_ {
    move |source| SearchError::Io {
        path: path.to_path_buf(),
        source,
    }
}

impl SearchIndex {
    /// Opens the index of `store` under `root`, building it first when it is missing or
    /// stale. Older index directories under `root` are removed.
    pub fn open_or_build(root: &Path, store: &Store) -> Result<SearchIndex> {
        let stamp = store.fingerprint()?;
        let dir = index_dir(root, &stamp);
        let index = if dir.join("ready").is_file() {
            Index::open_in_dir(&dir)?
        } else {
            build(&dir, store)?
        };
        remove_others(root, &dir);
        SearchIndex::from_index(index, stamp, dir)
    }

    /// True when the store changed since this index was built.
    pub fn is_stale(&self, store: &Store) -> Result<bool> {
        Ok(store.fingerprint()? != self.stamp)
    }

    /// The store fingerprint this index was built from.
    pub fn fingerprint(&self) -> &str {
        &self.stamp
    }

    /// The directory holding this index.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Number of indexed documents (articles + quotes + stories).
    pub fn len(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// True when nothing is indexed.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn from_index(index: Index, stamp: String, dir: PathBuf) -> Result<SearchIndex> {
        let (_, fields) = schema();
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        let mut parser = QueryParser::for_index(&index, vec![fields.title, fields.body]);
        parser.set_field_boost(fields.title, 2.0);
        Ok(SearchIndex {
            index,
            reader,
            fields,
            parser,
            stamp,
            dir,
        })
    }

    /// Runs a query. Never fails on odd query text: what cannot be parsed is dropped.
    pub fn search(&self, q: &SearchQuery) -> Result<SearchResults> {
        let f = self.fields;
        let text = q.text.trim();
        let main: Box<dyn Query> = if text.is_empty() {
            Box::new(AllQuery)
        } else {
            self.parser.parse_query_lenient(text).0
        };
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, main.box_clone())];
        if let Some(kind) = q.kind {
            clauses.push((
                Occur::Must,
                Box::new(TermQuery::new(
                    Term::from_field_text(f.kind, kind.as_str()),
                    IndexRecordOption::Basic,
                )),
            ));
        }
        for (field, value) in [(f.outlet, &q.outlet), (f.speaker, &q.speaker)] {
            if let Some(value) = value {
                clauses.push((Occur::Must, self.words_query(field, value)?));
            }
        }
        if q.from.is_some() || q.to.is_some() {
            let bound = |d: Option<NaiveDate>| match d {
                Some(d) => Bound::Included(Term::from_field_i64(f.day, day_number(d))),
                None => Bound::Unbounded,
            };
            clauses.push((
                Occur::Must,
                Box::new(RangeQuery::new(bound(q.from), bound(q.to))),
            ));
        }
        let query = BooleanQuery::new(clauses);
        let searcher = self.reader.searcher();
        let limit = q.limit.clamp(1, MAX_LIMIT);
        let (top, total) = searcher.search(
            &query,
            &(
                TopDocs::with_limit(limit)
                    .and_offset(q.offset)
                    .order_by_score(),
                Count,
            ),
        )?;
        let snippets = if text.is_empty() {
            None
        } else {
            let mut body = SnippetGenerator::create(&searcher, &*main, f.body)?;
            body.set_max_num_chars(SNIPPET_CHARS);
            let mut title = SnippetGenerator::create(&searcher, &*main, f.title)?;
            title.set_max_num_chars(SNIPPET_CHARS);
            Some((body, title))
        };
        let mut hits = Vec::with_capacity(top.len());
        for (score, address) in top {
            let d: TantivyDocument = searcher.doc(address)?;
            let text_of = |field: Field| {
                d.get_first(field)
                    .and_then(|v| v.as_str().map(str::to_string))
            };
            let Some(kind) = text_of(f.kind).as_deref().and_then(Kind::parse) else {
                continue;
            };
            let body_text = text_of(f.body).unwrap_or_default();
            let title = text_of(f.label).unwrap_or_default();
            let snippet = match &snippets {
                Some((body_gen, title_gen)) => {
                    let s = body_gen.snippet(&body_text);
                    let s = if s.highlighted().is_empty() && kind == Kind::Story {
                        title_gen.snippet(&title)
                    } else {
                        s
                    };
                    if s.is_empty() {
                        lead(&body_text)
                    } else {
                        Snippet {
                            text: s.fragment().to_string(),
                            highlights: s.highlighted().iter().map(|r| (r.start, r.end)).collect(),
                        }
                    }
                }
                None => lead(&body_text),
            };
            hits.push(Hit {
                kind,
                id: text_of(f.id).unwrap_or_default(),
                story_id: text_of(f.story).filter(|s| !s.is_empty()),
                title,
                outlet: text_of(f.outlet_name),
                speaker: text_of(f.speaker_name),
                published: d
                    .get_first(f.day)
                    .and_then(|v| v.as_i64())
                    .and_then(day_from_number),
                score,
                snippet,
            });
        }
        Ok(SearchResults { total, hits })
    }

    /// A query for the words of `value`, in order, in `field` (tokenised as indexed).
    fn words_query(&self, field: Field, value: &str) -> Result<Box<dyn Query>> {
        let mut tokenizer = self.index.tokenizer_for_field(field)?;
        let mut stream = tokenizer.token_stream(value);
        let mut terms = Vec::new();
        while let Some(token) = stream.next() {
            terms.push(Term::from_field_text(field, &token.text));
        }
        Ok(match terms.len() {
            // A filter with no words matches nothing rather than everything.
            0 => Box::new(BooleanQuery::new(vec![])),
            1 => Box::new(TermQuery::new(terms.remove(0), IndexRecordOption::Basic)),
            _ => Box::new(PhraseQuery::new(terms)),
        })
    }
}

/// The start of a text, when there is nothing to highlight.
fn lead(text: &str) -> Snippet {
    let end = text
        .char_indices()
        .nth(SNIPPET_CHARS)
        .map_or(text.len(), |(i, _)| i);
    Snippet {
        text: text[..end].to_string(),
        highlights: Vec::new(),
    }
}

/// Removes every index directory under `root` except `keep`. Failures are ignored: a
/// stale directory costs only disk space and is tried again next time.
fn remove_others(root: &Path, keep: &Path) {
    let Ok(entries) = std::fs::read_dir(root) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name();
        if path != keep && name.to_string_lossy().starts_with("index-") {
            let _ = std::fs::remove_dir_all(&path);
        }
    }
}

/// Builds the index of `store` in `dir` (emptied first) and marks it ready.
fn build(dir: &Path, store: &Store) -> Result<Index> {
    if dir.exists() {
        std::fs::remove_dir_all(dir).map_err(io_err(dir))?;
    }
    std::fs::create_dir_all(dir).map_err(io_err(dir))?;
    let (schema, f) = schema();
    let index = Index::create_in_dir(dir, schema)?;
    let mut writer: IndexWriter = index.writer(WRITER_HEAP)?;
    let stories: BTreeMap<String, String> = store.article_stories()?;
    let mut error = None;
    store.for_each_article(|a| {
        if error.is_some() {
            return;
        }
        if let Err(e) = add_article(&writer, f, &a, stories.get(&a.article.id)) {
            error = Some(e);
        }
    })?;
    if let Some(e) = error {
        return Err(e);
    }
    for s in store.stories()? {
        let mut d = doc!(
            f.kind => Kind::Story.as_str(),
            f.id => s.id.as_str(),
            f.story => s.id.as_str(),
            f.title => s.headline.as_str(),
            f.label => s.headline.as_str(),
        );
        for o in &s.outlets {
            d.add_text(f.outlet, o);
        }
        if let Some(day) = s.last_published {
            d.add_i64(f.day, day_number(day));
        }
        writer.add_document(d)?;
    }
    writer.commit()?;
    writer.wait_merging_threads()?;
    let ready = dir.join("ready");
    std::fs::write(&ready, store.fingerprint()?).map_err(io_err(&ready))?;
    Ok(index)
}

fn add_article(
    writer: &IndexWriter,
    f: Fields,
    a: &model::AnalyzedArticle,
    story: Option<&String>,
) -> Result<()> {
    let art = &a.article;
    let story = story.map_or("", String::as_str);
    let common = |d: &mut TantivyDocument| {
        d.add_text(f.id, &art.id);
        d.add_text(f.label, &art.title);
        d.add_text(f.story, story);
        if let Some(o) = &art.outlet {
            d.add_text(f.outlet, o);
            d.add_text(f.outlet_name, o);
        }
        if let Some(day) = art.published {
            d.add_i64(f.day, day_number(day));
        }
    };
    let mut d = TantivyDocument::default();
    d.add_text(f.kind, Kind::Article.as_str());
    d.add_text(f.title, &art.title);
    d.add_text(f.body, &art.body);
    common(&mut d);
    let mut speakers: Vec<&str> = a
        .annotations
        .quotes
        .iter()
        .filter_map(|q| q.speaker.as_deref())
        .collect();
    speakers.sort_unstable();
    speakers.dedup();
    for s in speakers {
        d.add_text(f.speaker, s);
    }
    writer.add_document(d)?;
    for q in &a.annotations.quotes {
        let mut d = TantivyDocument::default();
        d.add_text(f.kind, Kind::Quote.as_str());
        d.add_text(f.body, &q.text);
        common(&mut d);
        if let Some(s) = &q.speaker {
            d.add_text(f.speaker, s);
            d.add_text(f.speaker_name, s);
        }
        writer.add_document(d)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use model::{AnalyzedArticle, Annotations, Article, Brief, Quote, QuoteKind};

    fn article(
        id: &str,
        outlet: &str,
        day: u32,
        title: &str,
        body: &str,
        quote: Option<(&str, &str)>,
    ) -> AnalyzedArticle {
        let mut a = Article::new(id, title, body);
        a.outlet = Some(outlet.into());
        a.published = NaiveDate::from_ymd_opt(2026, 5, day);
        let quotes = quote
            .map(|(speaker, text)| {
                let start = body.find(text).unwrap_or(0);
                vec![Quote {
                    text: text.into(),
                    speaker: Some(speaker.into()),
                    kind: QuoteKind::Direct,
                    start,
                    end: start + text.len(),
                    cue: None,
                }]
            })
            .unwrap_or_default();
        AnalyzedArticle {
            article: a,
            duplicate_of: None,
            annotations: Annotations {
                quotes,
                ..Annotations::default()
            },
        }
    }

    fn brief(id: &str, headline: &str, docs: &[&AnalyzedArticle]) -> Brief {
        Brief::sources_only(id, headline, docs)
    }

    fn fixture(dir: &Path) -> Store {
        let a = article(
            "a",
            "Valley Ledger",
            3,
            "Bridge reopens after repairs",
            "The old stone bridge over the Tarn reopened on Sunday. \"Every arch was checked twice,\" said Wren Halloway, the county engineer.",
            Some(("Wren Halloway", "Every arch was checked twice")),
        );
        let b = article(
            "b",
            "Hill Courier",
            9,
            "Orchard harvest starts early",
            "Growers began picking apples two weeks early after a warm spring. \"The checked crates are full,\" said Poll Dunmore.",
            Some(("Poll Dunmore", "The checked crates are full")),
        );
        let mut store = Store::open(dir).unwrap();
        let batch = store.batch().unwrap();
        batch.put_article(&a, "h1", "a").unwrap();
        batch.put_article(&b, "h2", "b").unwrap();
        batch
            .replace_derived(
                &[],
                &[
                    brief("s1", "Tarn bridge reopens", &[&a]),
                    brief("s2", "Early apple harvest", &[&b]),
                ],
            )
            .unwrap();
        batch.commit().unwrap();
        store
    }

    fn ids(r: &SearchResults) -> Vec<(Kind, String)> {
        r.hits.iter().map(|h| (h.kind, h.id.clone())).collect()
    }

    #[test]
    fn finds_words_phrases_and_filters() {
        let dir = tempfile::tempdir().unwrap();
        let store = fixture(&dir.path().join("data"));
        let index = SearchIndex::open_or_build(&dir.path().join("search"), &store).unwrap();
        let q = |text: &str| SearchQuery {
            text: text.into(),
            limit: 10,
            ..SearchQuery::default()
        };
        // Stemmed words: "arches" finds "arch"; the article and its quote.
        let r = index.search(&q("arches")).unwrap();
        assert_eq!(
            ids(&r),
            vec![(Kind::Quote, "a".into()), (Kind::Article, "a".into())]
        );
        let hit = &r.hits[0];
        assert_eq!(hit.story_id.as_deref(), Some("s1"));
        assert_eq!(hit.title, "Bridge reopens after repairs");
        let (s, e) = hit.snippet.highlights[0];
        assert_eq!(&hit.snippet.text[s..e], "arch");
        // A phrase matches only in order.
        assert_eq!(index.search(&q("\"checked twice\"")).unwrap().total, 2);
        assert_eq!(index.search(&q("\"twice checked\"")).unwrap().total, 0);
        // Filters.
        let mut by = q("checked");
        by.kind = Some(Kind::Quote);
        by.speaker = Some("dunmore".into());
        assert_eq!(
            ids(&index.search(&by).unwrap()),
            vec![(Kind::Quote, "b".into())]
        );
        let mut by = q("checked");
        by.outlet = Some("valley ledger".into());
        assert_eq!(index.search(&by).unwrap().total, 2);
        let mut by = q("");
        by.from = NaiveDate::from_ymd_opt(2026, 5, 5);
        by.kind = Some(Kind::Article);
        assert_eq!(
            ids(&index.search(&by).unwrap()),
            vec![(Kind::Article, "b".into())]
        );
        // Headlines.
        let mut by = q("apple");
        by.kind = Some(Kind::Story);
        let r = index.search(&by).unwrap();
        assert_eq!(ids(&r), vec![(Kind::Story, "s2".into())]);
        assert!(!r.hits[0].snippet.highlights.is_empty());
        // Odd syntax is no error.
        for odd in ["\"", "title:", "AND OR", "(((", "+-", "*"] {
            assert!(index.search(&q(odd)).is_ok(), "{odd}");
        }
    }

    #[test]
    fn rebuilds_when_the_store_changes_and_reuses_otherwise() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = fixture(&dir.path().join("data"));
        let root = dir.path().join("search");
        let first = SearchIndex::open_or_build(&root, &store).unwrap();
        let first_dir = first.dir().to_path_buf();
        drop(first);
        // Unchanged store: the same directory is opened, not rebuilt.
        let again = SearchIndex::open_or_build(&root, &store).unwrap();
        assert_eq!(again.dir(), first_dir);
        assert!(!again.is_stale(&store).unwrap());
        // A half-built directory (no ready marker) is rebuilt.
        std::fs::remove_file(first_dir.join("ready")).unwrap();
        drop(again);
        let rebuilt = SearchIndex::open_or_build(&root, &store).unwrap();
        assert_eq!(
            rebuilt
                .search(&SearchQuery {
                    text: "orchard".into(),
                    limit: 5,
                    ..SearchQuery::default()
                })
                .unwrap()
                .total,
            1
        );
        // A new article makes the index stale; the rebuild finds it and drops the old one.
        let c = article(
            "c",
            "Valley Ledger",
            12,
            "Ferry fares rise",
            "Fares on the lake ferry rise in June.",
            None,
        );
        let batch = store.batch().unwrap();
        batch.put_article(&c, "h3", "c").unwrap();
        batch
            .replace_derived(&[], &[brief("s3", "Ferry fares", &[&c])])
            .unwrap();
        batch.commit().unwrap();
        assert!(rebuilt.is_stale(&store).unwrap());
        let fresh = SearchIndex::open_or_build(&root, &store).unwrap();
        assert_ne!(fresh.dir(), first_dir);
        assert!(!first_dir.exists());
        assert_eq!(
            fresh
                .search(&SearchQuery {
                    text: "ferry".into(),
                    limit: 5,
                    ..SearchQuery::default()
                })
                .unwrap()
                .total,
            2
        );
    }
}
