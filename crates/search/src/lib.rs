//! The full-text index over articles, quotes and story headlines: the only crate that
//! imports the search library (tantivy).
//!
//! The index is derived data. It lives in `<data>/search/index-v<schema>` and is kept up
//! to date with the store incrementally: the store logs every article and story a batch
//! writes ([`store::Store::changes_after`]), each commit of the index records the last
//! change it applied (in the commit's payload, so the two land together), and
//! [`SearchIndex::catch_up`] applies the changes since then — re-indexing the changed
//! articles, the changed stories' headlines, and the articles whose story changed (a
//! story folded into another gives its members a new story id). It rebuilds everything
//! instead when it cannot catch up: a new or unreadable index, a schema change, a store
//! that is not the one indexed, or a log that no longer reaches back far enough (or
//! holds more changes than a rebuild costs). A commit is atomic, so an update killed
//! half-way leaves the previous state, caught up again on the next call. Deleting
//! `<data>/search` is always safe.
//!
//! One tantivy document per searchable thing, told apart by `kind`:
//! - `article`: title and body; `outlet`; `speaker` holds every speaker it quotes;
//! - `quote`: the quoted words as body, the speaker, the article's outlet and date;
//! - `story`: the headline as title, every outlet of the story, its last date.
//!
//! Ranking is BM25 (title boosted); the query language is tantivy's (`"a phrase"`,
//! `+must -not`), parsed leniently so odd syntax is no error. What the parser would
//! recurse or allocate on is bounded first: a query longer than [`MAX_QUERY_BYTES`],
//! with more than [`MAX_QUERY_TERMS`] words or more than [`MAX_QUERY_NESTING`] groups,
//! or an offset past [`MAX_OFFSET`], is refused with a clear error
//! ([`SearchError::is_bad_request`]). Filters (kind, outlet, speaker, date range) are
//! exact clauses added to the query.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Bound;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, RwLock};

use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use store::{Change, ChangeKind, Reading};
use tantivy::collector::{Count, DocSetCollector, TopDocs};
use tantivy::query::{
    AllQuery, BooleanQuery, Occur, PhraseQuery, Query, QueryParser, RangeQuery, TermQuery,
};
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, Value, FAST, INDEXED, STORED,
    STRING,
};
use tantivy::snippet::SnippetGenerator;
use tantivy::{
    doc, DocId, Index, IndexReader, IndexWriter, ReloadPolicy, Searcher, TantivyDocument, Term,
};

/// Bump when the schema or what is indexed changes: old indexes are then rebuilt.
///
/// History: 1 = one directory per store fingerprint; 2 = one directory updated in
/// place, with a `key` field to delete a thing's documents and `id` as a fast field.
const SCHEMA_VERSION: u32 = 2;

/// Memory budget of the index writer.
const WRITER_HEAP: usize = 128 << 20;

/// Longest snippet returned with a hit, in characters.
const SNIPPET_CHARS: usize = 220;

/// Most hits one query may ask for.
pub const MAX_LIMIT: usize = 100;

/// The largest offset a query may page to: the collector keeps `offset + limit` hits, so
/// deeper pages are refused ([`SearchError::OffsetTooLarge`]) rather than allocated.
pub const MAX_OFFSET: usize = 10_000;

/// The longest query text (and outlet or speaker filter), in bytes.
pub const MAX_QUERY_BYTES: usize = 2048;

/// Most words (runs of letters and digits) a query text or filter may hold.
pub const MAX_QUERY_TERMS: usize = 128;

/// Most groups a query may nest. The parser recurses once per `(` and per `NOT`, so
/// every `(` and every `NOT` is counted, wherever it stands: this bounds the depth
/// whatever the quoting.
pub const MAX_QUERY_NESTING: usize = 32;

/// What can go wrong with the index or a query.
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
    #[error("the {what} is {len} bytes long; at most {max} are allowed")]
    QueryTooLong {
        what: &'static str,
        len: usize,
        max: usize,
    },
    #[error("the {what} has {count} words; at most {max} are allowed")]
    TooManyTerms {
        what: &'static str,
        count: usize,
        max: usize,
    },
    #[error("the query nests too deeply: {count} groups ('(' and NOT); at most {max} are allowed")]
    QueryTooDeep { count: usize, max: usize },
    #[error("offset {offset} is too large: results can be paged up to offset {max}")]
    OffsetTooLarge { offset: usize, max: usize },
}

impl SearchError {
    /// True when the request itself is at fault (a query or offset past the limits),
    /// not the index: the caller should say so (HTTP 400) rather than report a failure.
    pub fn is_bad_request(&self) -> bool {
        matches!(
            self,
            SearchError::QueryTooLong { .. }
                | SearchError::TooManyTerms { .. }
                | SearchError::QueryTooDeep { .. }
                | SearchError::OffsetTooLarge { .. }
        )
    }
}

type Result<T> = std::result::Result<T, SearchError>;

/// Checks a query text or filter against the limits, before anything parses it.
fn check_text(what: &'static str, text: &str, nesting: bool) -> Result<()> {
    if text.len() > MAX_QUERY_BYTES {
        return Err(SearchError::QueryTooLong {
            what,
            len: text.len(),
            max: MAX_QUERY_BYTES,
        });
    }
    let mut words = 0usize;
    let mut groups = text.bytes().filter(|&b| b == b'(').count();
    for word in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        words += 1;
        if word == "NOT" {
            groups += 1;
        }
    }
    if words > MAX_QUERY_TERMS {
        return Err(SearchError::TooManyTerms {
            what,
            count: words,
            max: MAX_QUERY_TERMS,
        });
    }
    if nesting && groups > MAX_QUERY_NESTING {
        return Err(SearchError::QueryTooDeep {
            count: groups,
            max: MAX_QUERY_NESTING,
        });
    }
    Ok(())
}

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
    /// that passes the filters. At most [`MAX_QUERY_BYTES`], [`MAX_QUERY_TERMS`] words
    /// and [`MAX_QUERY_NESTING`] groups.
    pub text: String,
    pub kind: Option<Kind>,
    /// Only hits from this outlet (its words, in order, case-insensitive).
    pub outlet: Option<String>,
    /// Only quotes by (or articles quoting) this speaker (words in order, case-insensitive).
    pub speaker: Option<String>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// Hits to skip; at most [`MAX_OFFSET`].
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

/// What [`SearchIndex::catch_up`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Update {
    /// The index already reflected the store.
    Current,
    /// This many logged changes were applied.
    Applied(usize),
    /// Everything was indexed again.
    Rebuilt,
    /// Another process holds the index's writer; this one re-read what it committed.
    Reloaded,
}

#[derive(Debug, Clone, Copy)]
struct Fields {
    kind: Field,
    /// `a:<article id>` on an article and its quotes, `s:<story id>` on a story: what
    /// an update deletes before adding a thing again.
    key: Field,
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
        key: b.add_text_field("key", STRING),
        id: b.add_text_field("id", STRING | STORED | FAST),
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

fn article_key(f: Fields, id: &str) -> Term {
    Term::from_field_text(f.key, &format!("a:{id}"))
}

fn story_key(f: Fields, id: &str) -> Term {
    Term::from_field_text(f.key, &format!("s:{id}"))
}

fn day_number(d: NaiveDate) -> i64 {
    i64::from(d.num_days_from_ce())
}

fn day_from_number(n: i64) -> Option<NaiveDate> {
    NaiveDate::from_num_days_from_ce_opt(i32::try_from(n).ok()?)
}

/// What a commit of the index reflects: the last store change applied (none for a store
/// with an empty log). Saved as the commit's payload.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
struct Applied {
    last: Option<Change>,
}

impl Applied {
    fn seq(&self) -> u64 {
        self.last.as_ref().map_or(0, |c| c.seq)
    }

    /// The payload of the index's last commit; `None` when there is none (a build that
    /// never finished) or it is not ours.
    fn of(index: &Index) -> Result<Option<Applied>> {
        let payload = index.load_metas()?.payload;
        Ok(payload.and_then(|p| serde_json::from_str(&p).ok()))
    }
}

/// An open index, kept up to date with one store.
pub struct SearchIndex {
    index: Index,
    reader: IndexReader,
    fields: Fields,
    parser: QueryParser,
    dir: PathBuf,
    /// The writer, made on the first update and kept (so merges finish in the
    /// background); its lock also serialises updates.
    writer: Mutex<Option<IndexWriter>>,
    /// What the committed index reflects.
    applied: RwLock<Applied>,
}

/// The directory of the index.
fn index_dir(root: &Path) -> PathBuf {
    root.join(format!("index-v{SCHEMA_VERSION}"))
}

fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> SearchError + '_ {
    move |source| SearchError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// A rebuild is cheaper than applying more changes than this share of the indexed
/// documents (plus a floor, so small stores catch up rather than rebuild).
fn catch_up_budget(indexed: u64) -> u64 {
    indexed / 4 + 1000
}

impl SearchIndex {
    /// Opens the index of `store` under `root` and brings it up to date: logged changes
    /// are applied, or everything is indexed again when the index is missing, unreadable,
    /// of another schema or too far behind. Index directories of other schema versions
    /// under `root` are removed.
    pub fn open_or_build<R: Reading + ?Sized>(root: &Path, store: &mut R) -> Result<SearchIndex> {
        let dir = index_dir(root);
        let opened = if dir.join("meta.json").is_file() {
            Index::open_in_dir(&dir)
                .ok()
                .filter(|i| i.schema() == schema().0)
        } else {
            None
        };
        let index = match opened {
            Some(index) => index,
            None => {
                if dir.exists() {
                    std::fs::remove_dir_all(&dir).map_err(io_err(&dir))?;
                }
                std::fs::create_dir_all(&dir).map_err(io_err(&dir))?;
                Index::create_in_dir(&dir, schema().0)?
            }
        };
        remove_others(root, &dir);
        let search = SearchIndex::from_index(index, dir)?;
        search.catch_up(store)?;
        Ok(search)
    }

    /// True when the store logged changes this index has not applied. Cheap: one
    /// indexed read of the store.
    pub fn is_stale<R: Reading + ?Sized>(&self, store: &mut R) -> Result<bool> {
        Ok(store.last_change()? != self.applied()?.last)
    }

    /// A stamp of the store state the index reflects: the number of the last store
    /// change it applied, with the schema version (`v2-1234`).
    pub fn fingerprint(&self) -> String {
        let seq = self.applied().map_or(0, |a| a.seq());
        format!("v{SCHEMA_VERSION}-{seq}")
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

    fn from_index(index: Index, dir: PathBuf) -> Result<SearchIndex> {
        let (_, fields) = schema();
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        let mut parser = QueryParser::for_index(&index, vec![fields.title, fields.body]);
        parser.set_field_boost(fields.title, 2.0);
        let applied = Applied::of(&index)?.unwrap_or_default();
        Ok(SearchIndex {
            index,
            reader,
            fields,
            parser,
            dir,
            writer: Mutex::new(None),
            applied: RwLock::new(applied),
        })
    }

    fn applied(&self) -> Result<Applied> {
        self.applied
            .read()
            .map(|a| a.clone())
            .map_err(|_| poisoned())
    }

    /// Brings the index up to date with `store`: applies the changes the store logged
    /// since the last update, or indexes everything again when that is not possible or
    /// costs more. After it, searches see the store as it was when the call began (or
    /// later).
    pub fn catch_up<R: Reading + ?Sized>(&self, store: &mut R) -> Result<Update> {
        let mut slot = self.writer.lock().map_err(|_| poisoned())?;
        // Whatever another process committed counts as applied (when it holds the
        // writer, that is all this one can do).
        let committed = Applied::of(&self.index)?;
        let last = store.last_change()?;
        if committed.as_ref().is_some_and(|c| c.last == last) {
            self.reader.reload()?;
            self.set_applied(committed.unwrap_or_default())?;
            return Ok(Update::Current);
        }
        if slot.is_none() {
            match self.index.writer(WRITER_HEAP) {
                Ok(w) => *slot = Some(w),
                Err(tantivy::TantivyError::LockFailure(..)) => {
                    self.reader.reload()?;
                    self.set_applied(committed.unwrap_or_default())?;
                    return Ok(Update::Reloaded);
                }
                Err(e) => return Err(e.into()),
            }
        }
        let Some(writer) = slot.as_mut() else {
            return Err(poisoned());
        };
        // Searches (and the member lookups below) see the last commit.
        self.reader.reload()?;
        let changes = match &committed {
            Some(applied) => self.pending(store, applied, last.as_ref())?,
            None => None,
        };
        let result = match changes {
            Some(changes) => self
                .apply(writer, store, &changes)
                .map(|()| Update::Applied(changes.len())),
            None => self.rebuild(writer, store).map(|()| Update::Rebuilt),
        };
        if result.is_err() {
            // Drop what was half done; the next call starts again from the last commit.
            let _ = writer.rollback();
        }
        result
    }

    /// The changes to apply after `applied`, or `None` when they cannot be known (the
    /// log no longer reaches back, or belongs to another store) or a rebuild is cheaper.
    fn pending<R: Reading + ?Sized>(
        &self,
        store: &mut R,
        applied: &Applied,
        last: Option<&Change>,
    ) -> Result<Option<Vec<Change>>> {
        let from = applied.seq();
        let Some(last) = last else {
            // The store logged nothing: only an index of nothing is up to date.
            return Ok(None);
        };
        if last.seq < from {
            return Ok(None);
        }
        if let Some(seen) = &applied.last {
            if store.change(seen.seq)?.as_ref() != Some(seen) {
                return Ok(None);
            }
        }
        let count = last.seq - from;
        if count > catch_up_budget(self.len()) {
            return Ok(None);
        }
        let changes = store.changes_after(from, usize::try_from(count).unwrap_or(usize::MAX))?;
        if applied.last.is_none() && changes.first().is_some_and(|c| c.seq != 1) {
            return Ok(None);
        }
        Ok(Some(changes))
    }

    /// Re-indexes what `changes` name: their articles, their stories, and the articles
    /// that joined or left those stories. Then commits, recording the last change.
    fn apply<R: Reading + ?Sized>(
        &self,
        writer: &mut IndexWriter,
        store: &mut R,
        changes: &[Change],
    ) -> Result<()> {
        let f = self.fields;
        let searcher = self.reader.searcher();
        let mut articles: BTreeSet<String> = BTreeSet::new();
        let mut stories: BTreeSet<String> = BTreeSet::new();
        for c in changes {
            match c.kind {
                ChangeKind::Article => articles.insert(c.id.clone()),
                ChangeKind::Story => stories.insert(c.id.clone()),
            };
        }
        for story in &stories {
            let indexed = self.indexed_members(&searcher, story)?;
            let now: BTreeSet<String> = store.story_article_ids(story)?.into_iter().collect();
            articles.extend(indexed.symmetric_difference(&now).cloned());
        }
        for id in &articles {
            writer.delete_term(article_key(f, id));
            if let Some(a) = store.article(id)? {
                add_article(writer, f, &a, store.story_of(id)?.as_deref())?;
            }
        }
        for id in &stories {
            writer.delete_term(story_key(f, id));
            if let Some(row) = store.story_row(id)? {
                add_story(writer, f, &row)?;
            }
        }
        self.commit(
            writer,
            Applied {
                last: changes.last().cloned(),
            },
        )
    }

    /// The ids of the articles the committed index files under `story`.
    fn indexed_members(&self, searcher: &Searcher, story: &str) -> Result<BTreeSet<String>> {
        let f = self.fields;
        let term = |field: Field, text: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(field, text),
                IndexRecordOption::Basic,
            ))
        };
        let query = BooleanQuery::new(vec![
            (Occur::Must, term(f.story, story)),
            (Occur::Must, term(f.kind, Kind::Article.as_str())),
        ]);
        let mut by_segment: BTreeMap<u32, Vec<DocId>> = BTreeMap::new();
        for address in searcher.search(&query, &DocSetCollector)? {
            by_segment
                .entry(address.segment_ord)
                .or_default()
                .push(address.doc_id);
        }
        let mut out = BTreeSet::new();
        let mut text = String::new();
        for (segment, docs) in by_segment {
            let Some(ids) = searcher.segment_reader(segment).fast_fields().str("id")? else {
                continue;
            };
            for doc in docs {
                for ord in ids.term_ords(doc) {
                    text.clear();
                    if ids
                        .ord_to_str(ord, &mut text)
                        .map_err(|e| SearchError::Io {
                            path: self.dir.clone(),
                            source: e,
                        })?
                    {
                        out.insert(text.clone());
                    }
                }
            }
        }
        Ok(out)
    }

    /// Indexes every article and story of `store` again, replacing everything.
    fn rebuild<R: Reading + ?Sized>(&self, writer: &mut IndexWriter, store: &mut R) -> Result<()> {
        let f = self.fields;
        // Read before the data: whatever lands meanwhile is applied again next time.
        let last = store.last_change()?;
        writer.delete_all_documents()?;
        let stories: BTreeMap<String, String> = store.article_stories()?;
        let mut error = None;
        store.for_each_article(&mut |a| {
            if error.is_some() {
                return;
            }
            if let Err(e) = add_article(
                writer,
                f,
                &a,
                stories.get(&a.article.id).map(String::as_str),
            ) {
                error = Some(e);
            }
        })?;
        if let Some(e) = error {
            return Err(e);
        }
        for s in store.stories()? {
            add_story(writer, f, &s)?;
        }
        self.commit(writer, Applied { last })
    }

    /// Commits with `applied` as the payload, then shows the commit to searches.
    fn commit(&self, writer: &mut IndexWriter, applied: Applied) -> Result<()> {
        let payload = serde_json::to_string(&applied).unwrap_or_default();
        let mut prepared = writer.prepare_commit()?;
        prepared.set_payload(&payload);
        prepared.commit()?;
        self.reader.reload()?;
        self.set_applied(applied)
    }

    fn set_applied(&self, applied: Applied) -> Result<()> {
        *self.applied.write().map_err(|_| poisoned())? = applied;
        Ok(())
    }

    /// Runs a query. Odd query text is no error (what cannot be parsed is dropped); text
    /// or an offset past the limits is ([`SearchError::is_bad_request`]).
    pub fn search(&self, q: &SearchQuery) -> Result<SearchResults> {
        let f = self.fields;
        let text = q.text.trim();
        check_text("query", text, true)?;
        for (what, filter) in [("outlet filter", &q.outlet), ("speaker filter", &q.speaker)] {
            if let Some(filter) = filter {
                check_text(what, filter, false)?;
            }
        }
        if q.offset > MAX_OFFSET {
            return Err(SearchError::OffsetTooLarge {
                offset: q.offset,
                max: MAX_OFFSET,
            });
        }
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

fn poisoned() -> SearchError {
    SearchError::Tantivy(tantivy::TantivyError::SystemError(
        "a thread failed while updating the search index".into(),
    ))
}

fn add_story(writer: &IndexWriter, f: Fields, s: &store::StoryRow) -> Result<()> {
    let mut d = doc!(
        f.kind => Kind::Story.as_str(),
        f.key => format!("s:{}", s.id),
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
    Ok(())
}

fn add_article(
    writer: &IndexWriter,
    f: Fields,
    a: &model::AnalyzedArticle,
    story: Option<&str>,
) -> Result<()> {
    let art = &a.article;
    let story = story.unwrap_or("");
    let key = format!("a:{}", art.id);
    let common = |d: &mut TantivyDocument| {
        d.add_text(f.key, &key);
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
        .filter(|q| q.is_shown())
        .filter_map(|q| q.speaker.as_deref())
        .collect();
    speakers.sort_unstable();
    speakers.dedup();
    for s in speakers {
        d.add_text(f.speaker, s);
    }
    writer.add_document(d)?;
    // Search finds the quotes readers are shown, not the low-confidence ones.
    for q in a.annotations.quotes.iter().filter(|q| q.is_shown()) {
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
    use store::Store;

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
                    confidence: 1.0,
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
        let mut store = fixture(&dir.path().join("data"));
        let index = SearchIndex::open_or_build(&dir.path().join("search"), &mut store).unwrap();
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

    fn total(index: &SearchIndex, text: &str) -> usize {
        index
            .search(&SearchQuery {
                text: text.into(),
                limit: 5,
                ..SearchQuery::default()
            })
            .unwrap()
            .total
    }

    #[test]
    fn catches_up_in_place_and_rebuilds_only_when_it_must() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = fixture(&dir.path().join("data"));
        let root = dir.path().join("search");
        // An index of the old schema is removed.
        std::fs::create_dir_all(root.join("index-v1-0123456789abcdef")).unwrap();
        let first = SearchIndex::open_or_build(&root, &mut store).unwrap();
        let index_dir = first.dir().to_path_buf();
        assert!(!root.join("index-v1-0123456789abcdef").exists());
        assert!(!first.is_stale(&mut store).unwrap());
        assert_eq!(first.catch_up(&mut store).unwrap(), Update::Current);
        let stamp = first.fingerprint();
        // A new article and its story: applied in place, not rebuilt.
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
            .put_story(&brief("s3", "Ferry fares", &[&c]), None)
            .unwrap();
        batch.commit().unwrap();
        assert!(first.is_stale(&mut store).unwrap());
        assert_eq!(first.catch_up(&mut store).unwrap(), Update::Applied(2));
        assert_eq!(total(&first, "ferry"), 2);
        assert_ne!(first.fingerprint(), stamp);
        assert!(!first.is_stale(&mut store).unwrap());
        drop(first);
        // Reopened: the same directory, nothing to do.
        let again = SearchIndex::open_or_build(&root, &mut store).unwrap();
        assert_eq!(again.dir(), index_dir);
        assert_eq!(again.catch_up(&mut store).unwrap(), Update::Current);
        drop(again);
        // A store that is not the one indexed (its log differs) means a rebuild.
        let other = dir.path().join("other");
        let mut other_store = fixture(&other);
        let index = SearchIndex::open_or_build(&root, &mut other_store).unwrap();
        assert_eq!(total(&index, "ferry"), 0);
        assert_eq!(total(&index, "orchard"), 1);
        drop(index);
        // An unreadable index is rebuilt.
        std::fs::write(index_dir.join("meta.json"), "{ not json").unwrap();
        let rebuilt = SearchIndex::open_or_build(&root, &mut store).unwrap();
        assert_eq!(total(&rebuilt, "ferry"), 2);
        // A second handle on the same directory cannot write: it reloads what the first
        // one commits.
        let second = SearchIndex::open_or_build(&root, &mut store).unwrap();
        let batch = store.batch().unwrap();
        let d = article(
            "d",
            "Hill Courier",
            14,
            "Ferry strike",
            "The ferry crews strike.",
            None,
        );
        batch.put_article(&d, "h4", "d").unwrap();
        batch
            .put_story(&brief("s4", "Ferry strike", &[&d]), None)
            .unwrap();
        batch.commit().unwrap();
        assert_eq!(second.catch_up(&mut store).unwrap(), Update::Reloaded);
        assert_eq!(rebuilt.catch_up(&mut store).unwrap(), Update::Applied(2));
        assert_eq!(second.catch_up(&mut store).unwrap(), Update::Current);
        assert_eq!(total(&second, "ferry"), 4);
    }

    #[test]
    fn queries_past_the_limits_are_refused_before_parsing() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = fixture(&dir.path().join("data"));
        let index = SearchIndex::open_or_build(&dir.path().join("search"), &mut store).unwrap();
        let run = |text: String, offset: usize| {
            index.search(&SearchQuery {
                text,
                offset,
                limit: 10,
                ..SearchQuery::default()
            })
        };
        let refused = |r: Result<SearchResults>| match r {
            Err(e) => {
                assert!(e.is_bad_request(), "{e}");
                e.to_string()
            }
            Ok(_) => panic!("accepted"),
        };
        // The nesting that overflowed a worker's stack, and NOT chains.
        let deep = format!("{}arch{}", "(".repeat(850), ")".repeat(850));
        assert!(refused(run(deep, 0)).contains("nests too deeply"));
        assert!(refused(run("NOT ".repeat(40) + "arch", 0)).contains("nests too deeply"));
        // Quoting does not hide groups.
        let quoted = "(((( \"))))\" ".repeat(9);
        assert!(refused(run(quoted, 0)).contains("nests too deeply"));
        // The deepest query allowed runs.
        let ok = format!(
            "{}arch{}",
            "(".repeat(MAX_QUERY_NESTING),
            ")".repeat(MAX_QUERY_NESTING)
        );
        assert_eq!(run(ok, 0).unwrap().total, 2);
        assert!(refused(run("x".repeat(MAX_QUERY_BYTES + 1), 0)).contains("bytes"));
        assert!(refused(run("arch ".repeat(MAX_QUERY_TERMS + 1), 0)).contains("words"));
        assert!(run("arch ".repeat(MAX_QUERY_TERMS), 0).is_ok());
        // Offsets: up to the limit an empty page, beyond it an error, never an allocation
        // sized by the request.
        assert!(run("arch".into(), MAX_OFFSET).unwrap().hits.is_empty());
        for offset in [MAX_OFFSET + 1, 10_000_000_000_000, usize::MAX] {
            assert!(refused(run("arch".into(), offset)).contains("offset"));
        }
        // Filters are bounded too.
        let long = index.search(&SearchQuery {
            outlet: Some("w ".repeat(MAX_QUERY_TERMS + 1)),
            limit: 10,
            ..SearchQuery::default()
        });
        assert!(refused(long).contains("outlet filter"));
    }
}
