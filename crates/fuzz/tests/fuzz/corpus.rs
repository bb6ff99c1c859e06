//! The corpus stages: duplicate detection, clustering and the brief, on stories of
//! generated articles (exact and near copies, odd dates and ids, and sometimes stored
//! annotations whose offsets no longer fit their body).

use std::collections::BTreeSet;

use analyze::AnalyzeConfig;
use brief::BriefConfig;
use chrono::NaiveDate;
use cluster::{ClusterConfig, ClusterDoc, Clusterer};
use dedup::{DedupConfig, Deduper};
use model::{AnalyzedArticle, Article, Brief};
use proptest::prelude::*;
use proptest::sample::{select, Index};

use crate::gen::{self, edits};
use crate::harness::{config, ensure, run, run_twice};

/// Where a generated article's body comes from.
#[derive(Debug, Clone)]
enum Source {
    New(String),
    /// The body of an earlier article, unchanged.
    Copy(Index),
    /// The body of an earlier article, lightly edited.
    Near(Index, Vec<gen::Edit>),
}

/// How stored annotations are damaged (as a store written by another version, or edited
/// by hand, might hold them).
#[derive(Debug, Clone, Copy)]
enum Damage {
    None,
    Shift(usize),
    Swap,
    PastEnd,
}

#[derive(Debug, Clone)]
struct Spec {
    id: &'static str,
    title: &'static str,
    outlet: Option<&'static str>,
    day: Option<u32>,
    source: Source,
    duplicate_of: Option<Index>,
    damage: Damage,
}

const IDS: &[&str] = &[
    "a", "b", "c", "d", "e", "f", "g", "h", "a", "\u{130}d", "", "x y",
];

fn spec() -> impl Strategy<Value = Spec> {
    (
        select(IDS),
        select(gen::NAMES),
        proptest::option::of(select(gen::OUTLETS)),
        proptest::option::weighted(
            0.7,
            prop_oneof![8 => 1u32..20, 1 => Just(400u32), 1 => Just(4000u32)],
        ),
        prop_oneof![
            4 => gen::clean_body(6 << 10).prop_map(Source::New),
            1 => any::<Index>().prop_map(Source::Copy),
            1 => (any::<Index>(), edits(3)).prop_map(|(i, e)| Source::Near(i, e)),
        ],
        proptest::option::weighted(0.15, any::<Index>()),
        prop_oneof![
            12 => Just(Damage::None),
            1 => (1usize..8).prop_map(Damage::Shift),
            1 => Just(Damage::Swap),
            1 => Just(Damage::PastEnd),
        ],
    )
        .prop_map(
            |(id, title, outlet, day, source, duplicate_of, damage)| Spec {
                id,
                title,
                outlet,
                day,
                source,
                duplicate_of,
                damage,
            },
        )
}

fn damage(a: &mut model::Annotations, d: Damage, len: usize) {
    let f = |s: &mut usize, e: &mut usize| match d {
        Damage::None => {}
        Damage::Shift(k) => {
            *s += k;
            *e += k;
        }
        Damage::Swap => std::mem::swap(s, e),
        Damage::PastEnd => {
            *s = len + 3;
            *e = len + 9;
        }
    };
    a.entities
        .iter_mut()
        .for_each(|m| f(&mut m.start, &mut m.end));
    a.quotes
        .iter_mut()
        .for_each(|m| f(&mut m.start, &mut m.end));
    a.dates.iter_mut().for_each(|m| f(&mut m.start, &mut m.end));
    a.numbers
        .iter_mut()
        .for_each(|m| f(&mut m.start, &mut m.end));
}

/// Analysed articles in canonical order (dated first by day, then undated).
fn articles(max: usize) -> impl Strategy<Value = Vec<AnalyzedArticle>> {
    proptest::collection::vec(spec(), 1..=max).prop_map(|specs| {
        let mut out: Vec<AnalyzedArticle> = Vec::new();
        for s in specs {
            let body = match &s.source {
                Source::New(b) => b.clone(),
                Source::Copy(i) if !out.is_empty() => out[i.index(out.len())].article.body.clone(),
                Source::Near(i, e) if !out.is_empty() => {
                    let mut b = out[i.index(out.len())].article.body.clone();
                    gen::edit_text(&mut b, e, 64 << 10);
                    b
                }
                _ => "Maria Lopez said on Monday that 3 people were hurt.".to_string(),
            };
            let mut article = Article::new(s.id, s.title, body);
            article.outlet = s.outlet.map(str::to_string);
            article.published = s.day.and_then(|d| {
                NaiveDate::from_ymd_opt(2024, 3, 1)?.checked_add_days(chrono::Days::new(d.into()))
            });
            let mut annotations = analyze::analyze(&article, &AnalyzeConfig::default());
            damage(&mut annotations, s.damage, article.body.len());
            let duplicate_of = s.duplicate_of.map(|i| {
                if out.is_empty() {
                    "missing".to_string()
                } else {
                    out[i.index(out.len())].article.id.clone()
                }
            });
            out.push(AnalyzedArticle {
                article,
                duplicate_of,
                annotations,
            });
        }
        out.sort_by_key(|a| (a.article.published.is_none(), a.article.published));
        out
    })
}

fn input_bytes(articles: &[AnalyzedArticle]) -> usize {
    articles
        .iter()
        .map(|a| a.article.body.len() + a.article.title.len())
        .sum()
}

fn check_ids<'a>(
    what: &str,
    ids: impl IntoIterator<Item = &'a String>,
    known: &BTreeSet<&str>,
) -> Result<(), TestCaseError> {
    for id in ids {
        ensure(known.contains(id.as_str()), || {
            format!("{what} cites {id:?}, not a member of the story")
        })?;
    }
    Ok(())
}

fn check_brief(b: &Brief, articles: &[AnalyzedArticle]) -> Result<(), TestCaseError> {
    let known: BTreeSet<&str> = articles.iter().map(|a| a.article.id.as_str()).collect();
    let given: Vec<&str> = articles.iter().map(|a| a.article.id.as_str()).collect();
    let listed: Vec<&str> = b.article_ids.iter().map(String::as_str).collect();
    ensure(listed == given, || {
        format!("brief lists {listed:?}, given {given:?}")
    })?;
    ensure(b.sources.len() == articles.len(), || {
        "one source per article".to_string()
    })?;
    for s in &b.summary {
        check_ids("summary", &s.article_ids, &known)?;
    }
    for s in &b.statements {
        check_ids("statement", s.quotes.iter().map(|q| &q.article_id), &known)?;
    }
    for e in &b.entities {
        check_ids("entity", &e.article_ids, &known)?;
    }
    for n in &b.numbers {
        for v in &n.values {
            check_ids("number", &v.article_ids, &known)?;
        }
    }
    for t in &b.timeline {
        check_ids("timeline", &t.article_ids, &known)?;
        ensure(model::is_calendar_value(&t.date), || {
            format!("timeline date {:?}", t.date)
        })?;
    }
    for p in &b.positions {
        check_ids("position", &p.article_ids, &known)?;
    }
    check_ids("coverage", b.coverage.iter().map(|c| &c.article_id), &known)?;
    for p in &b.shared_passages {
        check_ids("shared passage", &p.article_ids, &known)?;
    }
    Ok(())
}

fn refs(articles: &[AnalyzedArticle]) -> Vec<&Article> {
    articles.iter().map(|a| &a.article).collect()
}

proptest! {
    #![proptest_config(config(96))]

    /// `brief::brief` and `render_markdown` on a story of generated articles.
    #[test]
    fn brief_story(articles in articles(8)) {
        let n = input_bytes(&articles);
        let a = articles.clone();
        let (b, _md) = run_twice("brief::brief", n, move || {
            let members: Vec<&AnalyzedArticle> = a.iter().collect();
            let shared = dedup::shared_passages(&refs(&a), &DedupConfig::default());
            let b = brief::brief("story", &members, shared, &BriefConfig::default());
            let md = brief::render_markdown(&b);
            (b, md)
        })?;
        check_brief(&b, &articles)?;
    }

    /// Duplicates: every copy points to an earlier article, an undated exact copy is
    /// found, and a detector saved half-way and restored goes on as if never stopped.
    #[test]
    fn dedup_stream(articles in articles(10), split in any::<Index>()) {
        let n = input_bytes(&articles);
        let a = articles.clone();
        let k = split.index(articles.len() + 1);
        let (dups, resumed, passages) = run_twice("dedup", n, move || {
            let config = DedupConfig::default();
            let dups = dedup::find_duplicates(&refs(&a), &config);
            let mut first = Deduper::new(config.clone());
            let mut resumed = Vec::new();
            for x in &a[..k] {
                resumed.push(first.push(&x.article.id, &x.article.body, x.article.published).map(|o| o.index as usize));
            }
            let saved = serde_json::to_string(&first).unwrap_or_default();
            match serde_json::from_str::<Deduper>(&saved) {
                Ok(mut second) => {
                    for x in &a[k..] {
                        resumed.push(second.push(&x.article.id, &x.article.body, x.article.published).map(|o| o.index as usize));
                    }
                }
                Err(_) => resumed.clear(),
            }
            (dups, resumed, dedup::shared_passages(&refs(&a), &config))
        })?;
        ensure(dups.len() == articles.len(), || "one answer per article".to_string())?;
        ensure(resumed == dups, || format!("a restored detector answers {resumed:?}, the whole run {dups:?}"))?;
        let undated = articles.iter().all(|a| a.article.published.is_none());
        for (i, d) in dups.iter().enumerate() {
            ensure(d.is_none_or(|j| j < i), || format!("article {i} duplicates {d:?}, not an earlier one"))?;
            let body = &articles[i].article.body;
            let copies_earlier = articles[..i].iter().any(|e| e.article.body == *body);
            if undated && copies_earlier && !text::fingerprint_text(body).is_empty() {
                ensure(d.is_some(), || format!("article {i} is an exact copy of an earlier one, not marked"))?;
            }
        }
        let known: BTreeSet<&str> = articles.iter().map(|a| a.article.id.as_str()).collect();
        for p in &passages {
            check_ids("shared passage", &p.article_ids, &known)?;
            ensure(!p.text.trim().is_empty(), || format!("an empty shared passage: {p:?}"))?;
        }
    }

    /// Clustering: every document lands in exactly one story, and a clusterer saved
    /// half-way and restored assigns the rest as if never stopped.
    #[test]
    fn cluster_stream(articles in articles(10), split in any::<Index>()) {
        let n = input_bytes(&articles);
        let a = articles.clone();
        let k = split.index(articles.len() + 1);
        let (stories, whole, resumed) = run_twice("cluster", n, move || {
            let docs: Vec<ClusterDoc<'_>> = a
                .iter()
                .map(|x| ClusterDoc {
                    title: &x.article.title,
                    body: &x.article.body,
                    published: x.article.published,
                    entities: x.annotations.entities.iter().map(|e| e.name.as_str()).collect(),
                })
                .collect();
            let config = ClusterConfig::default();
            let stories = cluster::cluster(&docs, &config);
            let mut one = Clusterer::new(config.clone());
            let whole: Vec<(usize, Vec<(usize, usize)>)> = docs.iter().map(|d| (one.add(d), one.take_folds())).collect();
            let mut first = Clusterer::new(config);
            let mut resumed: Vec<(usize, Vec<(usize, usize)>)> = docs[..k].iter().map(|d| (first.add(d), first.take_folds())).collect();
            let saved = serde_json::to_string(&first).unwrap_or_default();
            match serde_json::from_str::<Clusterer>(&saved) {
                Ok(mut second) => resumed.extend(docs[k..].iter().map(|d| (second.add(d), second.take_folds()))),
                Err(_) => resumed.clear(),
            }
            (stories, whole, resumed)
        })?;
        let mut seen: Vec<usize> = stories.iter().flatten().copied().collect();
        seen.sort_unstable();
        ensure(seen == (0..articles.len()).collect::<Vec<_>>(), || format!("stories {stories:?} are not a partition of {} documents", articles.len()))?;
        ensure(stories.iter().all(|s| !s.is_empty()), || "an empty story".to_string())?;
        ensure(resumed == whole, || format!("a restored clusterer answers {resumed:?}, the whole run {whole:?}"))?;
    }
}

/// A brief over many short articles stays within the limits (the brief caps its
/// pairwise work).
#[test]
fn brief_many_articles() {
    let articles: Vec<AnalyzedArticle> = (0..300)
        .map(|i| {
            let body = format!(
                "\"We will not back down,\" said Maria Lopez on Tuesday, the {i}th day. Prices rose {i}% on Monday, officials said.\n\nTalks resumed in Geneva on March 3, 2024, the ministry said."
            );
            let mut a = Article::new(format!("a{i:03}"), "Talks resume", body);
            a.published = NaiveDate::from_ymd_opt(2024, 3, 1 + (i % 20) as u32);
            let annotations = analyze::analyze(&a, &AnalyzeConfig::default());
            AnalyzedArticle {
                article: a,
                duplicate_of: None,
                annotations,
            }
        })
        .collect();
    let n = input_bytes(&articles);
    let a = articles.clone();
    let b = run("brief::brief (300 articles)", n, move || {
        let members: Vec<&AnalyzedArticle> = a.iter().collect();
        brief::brief("story", &members, Vec::new(), &BriefConfig::default())
    })
    .expect("within limits");
    check_brief(&b, &articles).expect("a well-formed brief");
}
