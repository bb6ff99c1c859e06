//! The incremental index against a fresh rebuild: after any sequence of batches, every
//! search gives the same hits (scores aside: BM25 statistics count deleted documents
//! until segments merge, so only the ranking scores may differ).

use std::path::Path;

use chrono::NaiveDate;
use model::{AnalyzedArticle, Annotations, Article, Brief, Quote, QuoteKind};
use search::{Kind, SearchIndex, SearchQuery, Update};
use store::Store;
use testkit::Rng;

const WORDS: &[&str] = &[
    "harbour", "strike", "flood", "river", "council", "ferry", "bridge", "orchard", "tariff",
    "union", "vote", "storm", "school", "budget", "court", "mayor", "crane", "dock", "wage",
    "market",
];
const OUTLETS: &[&str] = &["Valley Ledger", "Hill Courier", "Harbour Post"];
const SPEAKERS: &[&str] = &["Wren Halloway", "Poll Dunmore", "Ada Brenn"];

fn sentence(rng: &mut Rng, n: usize) -> String {
    (0..n)
        .map(|_| *rng.pick(WORDS))
        .collect::<Vec<_>>()
        .join(" ")
}

fn article(rng: &mut Rng, id: &str) -> AnalyzedArticle {
    let title = sentence(rng, 3);
    let quoted = sentence(rng, 4);
    let body = format!(
        "{}. \"{quoted}\" said someone. {}.",
        sentence(rng, 8),
        sentence(rng, 6)
    );
    let mut a = Article::new(id, &title, &body);
    a.outlet = Some((*rng.pick(OUTLETS)).into());
    a.published = NaiveDate::from_ymd_opt(2026, 5, 1 + rng.below(28) as u32);
    let start = body.find(&quoted).unwrap_or(0);
    let quotes = if rng.below(3) == 0 {
        Vec::new()
    } else {
        vec![Quote {
            text: quoted.clone(),
            speaker: Some((*rng.pick(SPEAKERS)).into()),
            kind: QuoteKind::Direct,
            start,
            end: start + quoted.len(),
            cue: None,
            confidence: 1.0,
        }]
    };
    AnalyzedArticle {
        article: a,
        duplicate_of: None,
        annotations: Annotations {
            quotes,
            ..Annotations::default()
        },
    }
}

/// Every hit of a few searches, sorted, without scores.
fn dump(index: &SearchIndex) -> Vec<String> {
    let mut out = Vec::new();
    let mut queries: Vec<(String, Option<Kind>, Option<String>)> = vec![
        (String::new(), Some(Kind::Article), None),
        (String::new(), Some(Kind::Quote), None),
        (String::new(), Some(Kind::Story), None),
        ("\"harbour strike\"".into(), None, None),
        (String::new(), None, Some("hill courier".into())),
    ];
    for w in &WORDS[..6] {
        queries.push((w.to_string(), None, None));
    }
    for (text, kind, outlet) in queries {
        let mut offset = 0;
        loop {
            let r = index
                .search(&SearchQuery {
                    text: text.clone(),
                    kind,
                    outlet: outlet.clone(),
                    offset,
                    limit: search::MAX_LIMIT,
                    ..SearchQuery::default()
                })
                .unwrap();
            out.push(format!("{text} {kind:?} {outlet:?} total {}", r.total));
            for h in &r.hits {
                out.push(format!(
                    "{text} {kind:?} {outlet:?} | {:?} {} {:?} {} {:?} {:?} {:?} {:?}",
                    h.kind, h.id, h.story_id, h.title, h.outlet, h.speaker, h.published, h.snippet
                ));
            }
            offset += r.hits.len();
            if r.hits.is_empty() || offset >= r.total {
                break;
            }
        }
    }
    out.sort();
    out
}

fn assert_same_as_rebuild(index: &SearchIndex, store: &mut Store, scratch: &Path, step: usize) {
    let root = scratch.join(format!("fresh-{step}"));
    let fresh = SearchIndex::open_or_build(&root, store).unwrap();
    let (got, want) = (dump(index), dump(&fresh));
    assert_eq!(got.len(), want.len(), "step {step}");
    for (g, w) in got.iter().zip(&want) {
        assert_eq!(g, w, "step {step}");
    }
    drop(fresh);
    std::fs::remove_dir_all(&root).unwrap();
}

/// Random batches written through the store the way the engine writes them: new
/// articles opening or joining stories, lone stories folding into others (deleted, their
/// members moving), headlines rewritten, changed articles with every story rebuilt
/// under new ids.
#[test]
fn random_batches_give_the_same_hits_as_a_rebuild() {
    for seed in 1..=4u64 {
        let mut rng = Rng(seed);
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("data")).unwrap();
        let index = SearchIndex::open_or_build(&dir.path().join("search"), &mut store).unwrap();
        // Story id -> member articles, mirrored from what is written.
        let mut stories: Vec<(String, Vec<AnalyzedArticle>)> = Vec::new();
        let mut next = 0usize;
        let mut story_ids = 0usize;
        for step in 0..12 {
            let batch = store.batch().unwrap();
            let mut touched: Vec<usize> = Vec::new();
            for _ in 0..1 + rng.below(4) {
                next += 1;
                let a = article(&mut rng, &format!("a{next}"));
                batch.put_article(&a, &format!("h{next}"), "src").unwrap();
                if stories.is_empty() || rng.below(3) == 0 {
                    story_ids += 1;
                    stories.push((format!("s{story_ids}"), vec![a]));
                    touched.push(stories.len() - 1);
                } else {
                    let i = rng.below(stories.len());
                    stories[i].1.push(a);
                    touched.push(i);
                }
            }
            match rng.below(4) {
                // A lone story folds into another.
                0 if stories.len() > 2 => {
                    let from = rng.below(stories.len());
                    let (id, moved) = stories.remove(from);
                    batch.delete_story(&id).unwrap();
                    touched.retain(|&t| t != from);
                    for t in &mut touched {
                        if *t > from {
                            *t -= 1;
                        }
                    }
                    let to = rng.below(stories.len());
                    stories[to].1.extend(moved);
                    touched.push(to);
                }
                // A changed article: everything derived is written again, with new ids.
                1 if next > 3 => {
                    let id = format!("a{}", 1 + rng.below(next));
                    let changed = article(&mut rng, &id);
                    batch.put_article(&changed, "changed", "src").unwrap();
                    for (_, members) in &mut stories {
                        for m in members.iter_mut() {
                            if m.article.id == id {
                                *m = changed.clone();
                            }
                        }
                    }
                    let mut briefs = Vec::new();
                    for (sid, members) in &mut stories {
                        story_ids += 1;
                        *sid = format!("s{story_ids}");
                        let refs: Vec<&AnalyzedArticle> = members.iter().collect();
                        briefs.push(Brief::sources_only(sid, &sentence(&mut rng, 2), &refs));
                    }
                    batch.replace_derived(&[], &briefs).unwrap();
                    touched.clear();
                }
                _ => {}
            }
            touched.sort_unstable();
            touched.dedup();
            for t in touched {
                let (sid, members) = &stories[t];
                let refs: Vec<&AnalyzedArticle> = members.iter().collect();
                let brief = Brief::sources_only(sid, &sentence(&mut rng, 2), &refs);
                batch.put_story(&brief, None).unwrap();
            }
            batch.commit().unwrap();
            assert!(index.is_stale(&mut store).unwrap());
            let update = index.catch_up(&mut store).unwrap();
            assert!(matches!(update, Update::Applied(_)), "{update:?}");
            assert!(!index.is_stale(&mut store).unwrap());
            assert_same_as_rebuild(&index, &mut store, dir.path(), step);
        }
    }
}

/// The same through the real pipeline: JSON-lines batches through `engine::ingest`,
/// out of date order (late articles), with a re-ingested changed article.
#[test]
fn engine_batches_give_the_same_hits_as_a_rebuild() {
    let mut rng = Rng(7);
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let mut store = Store::open(&data).unwrap();
    let index = SearchIndex::open_or_build(&dir.path().join("search"), &mut store).unwrap();
    let config = engine::Config::default();
    let line = |rng: &mut Rng, id: usize| {
        let topic = rng.below(4);
        let body = format!(
            "{} {}. \"{}\" said {}. {}.",
            WORDS[topic * 3],
            sentence(rng, 12),
            sentence(rng, 6),
            *rng.pick(SPEAKERS),
            sentence(rng, 10)
        );
        serde_json::json!({
            "id": format!("n{id}"),
            "title": format!("{} {}", WORDS[topic * 3], sentence(rng, 3)),
            "text": body,
            "outlet": *rng.pick(OUTLETS),
            "published": format!("2026-04-{:02}", 1 + rng.below(20)),
        })
        .to_string()
    };
    let mut n = 0;
    for step in 0..8 {
        let path = dir.path().join(format!("batch{step}.jsonl"));
        let mut lines = Vec::new();
        for _ in 0..1 + rng.below(5) {
            n += 1;
            lines.push(line(&mut rng, n));
        }
        if step == 5 {
            // An article already stored, with new content.
            lines.push(line(&mut rng, 2));
        }
        std::fs::write(&path, lines.join("\n")).unwrap();
        engine::ingest(&mut store, &[path], &config, &mut |_| {}).unwrap();
        index.catch_up(&mut store).unwrap();
        assert!(!index.is_stale(&mut store).unwrap());
        assert_same_as_rebuild(&index, &mut store, dir.path(), step);
    }
}
