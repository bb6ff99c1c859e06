//! Incremental ingest: the sample corpus ingested in several batches, with the store
//! reopened between them, gives the stories and duplicates of one batch; batches out of
//! publication order still give the gold stories.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use engine::{Config, Event};
use model::AnalyzedArticle;
use serde_json::{json, Value};
use store::Store;

use crate::{analyze, repo};

/// The sample corpus's articles, in canonical order, as JSON-lines records.
pub(crate) fn records() -> Vec<String> {
    let analysis = analyze(&[repo().join("corpus/sample")]);
    analysis
        .articles
        .iter()
        .map(|a: &AnalyzedArticle| {
            let a = &a.article;
            json!({
                "id": a.id,
                "title": a.title,
                "text": a.body,
                "published": a.published.map(|d| d.to_string()),
                "outlet": a.outlet,
            })
            .to_string()
        })
        .collect()
}

/// The stories of an in-memory analysis, as sets of article ids.
pub(crate) fn analysis_stories(analysis: &model::Analysis) -> BTreeSet<BTreeSet<String>> {
    analysis
        .stories
        .iter()
        .map(|s| s.article_ids.iter().cloned().collect())
        .collect()
}

/// Ingests each group of records as one batch, reopening the store every time.
pub(crate) fn ingest_batches(dir: &Path, batches: &[&[String]]) -> Store {
    ingest_batches_with(dir, batches, &Config::default())
}

/// [`ingest_batches`] under `config`.
pub(crate) fn ingest_batches_with(dir: &Path, batches: &[&[String]], config: &Config) -> Store {
    let data = dir.join("data");
    for (i, records) in batches.iter().enumerate() {
        let file: PathBuf = dir.join(format!("batch{i}.jsonl"));
        std::fs::write(&file, records.join("\n")).unwrap();
        let mut store = Store::open(&data).unwrap();
        let mut failures = Vec::new();
        engine::ingest(&mut store, &[file], config, &mut |e| {
            if let Event::Failed(f) = e {
                failures.push(f.to_string());
            }
        })
        .unwrap();
        assert!(failures.is_empty(), "{failures:?}");
    }
    let store = Store::open(&data).unwrap();
    let check = store.check().unwrap();
    assert!(check.problems.is_empty(), "{:?}", check.problems);
    store
}

/// Story id to its brief, and article id to what it duplicates.
pub(crate) fn derived(
    store: &Store,
) -> (BTreeMap<String, Value>, BTreeMap<String, Option<String>>) {
    let stories = store
        .stories()
        .unwrap()
        .into_iter()
        .map(|s| {
            let brief = store.brief(&s.id).unwrap().unwrap();
            (s.id, serde_json::to_value(brief).unwrap())
        })
        .collect();
    let dups = store
        .articles()
        .unwrap()
        .into_iter()
        .map(|a| (a.article.id, a.duplicate_of))
        .collect();
    (stories, dups)
}

pub(crate) fn memberships(stories: &BTreeMap<String, Value>) -> BTreeSet<BTreeSet<String>> {
    stories
        .values()
        .map(|b| {
            b["article_ids"]
                .as_array()
                .unwrap()
                .iter()
                .map(|x| x.as_str().unwrap().to_string())
                .collect()
        })
        .collect()
}

#[test]
fn batches_in_order_equal_one_batch() {
    let records = records();
    assert!(records.len() >= 10);
    let one = tempfile::tempdir().unwrap();
    let whole = derived(&ingest_batches(one.path(), &[&records]));
    let (a, rest) = records.split_at(records.len() / 3);
    let (b, c) = rest.split_at(rest.len() / 2);
    let three = tempfile::tempdir().unwrap();
    let split = derived(&ingest_batches(three.path(), &[a, b, c]));
    assert_eq!(split.1, whole.1, "duplicates differ");
    assert_eq!(memberships(&split.0), memberships(&whole.0));
    assert_eq!(split.0, whole.0, "briefs differ");
    // The store's stories are the in-memory pipeline's, which the gold tests check.
    let want = analysis_stories(&analyze(&[repo().join("corpus/sample")]));
    assert_eq!(memberships(&whole.0), want);
}

#[test]
fn late_batches_land_in_the_right_stories() {
    let records = records();
    let gold: Value =
        serde_json::from_str(&std::fs::read_to_string(repo().join("corpus/gold.json")).unwrap())
            .unwrap();
    let want: BTreeSet<BTreeSet<String>> = gold["stories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            s["article_ids"]
                .as_array()
                .unwrap()
                .iter()
                .map(|x| x.as_str().unwrap().to_string())
                .collect()
        })
        .collect();
    // The newest third first, then the oldest, then the middle.
    let (a, rest) = records.split_at(records.len() / 3);
    let (b, c) = rest.split_at(rest.len() / 2);
    let dir = tempfile::tempdir().unwrap();
    let (stories, _) = derived(&ingest_batches(dir.path(), &[c, a, b]));
    assert_eq!(memberships(&stories), want);
}

#[test]
fn lone_stories_fold_alike_in_batches_and_in_memory() {
    // A high joining bar leaves reports alone; folding after two arrivals at the default
    // folding bar moves some of them, inside a batch and across batches alike.
    let strict = |fold_after: u64| {
        let mut config = Config::default();
        config.cluster.threshold = 0.9;
        config.cluster.fold_after = fold_after;
        config
    };
    let records = records();
    let dir = tempfile::tempdir().unwrap();
    let unfolded = derived(&ingest_batches_with(dir.path(), &[&records], &strict(0))).0;
    let folding = strict(2);
    let one = tempfile::tempdir().unwrap();
    let whole = derived(&ingest_batches_with(one.path(), &[&records], &folding)).0;
    assert!(
        whole.len() < unfolded.len(),
        "nothing folded: {} stories either way",
        unfolded.len()
    );
    let (a, rest) = records.split_at(records.len() / 3);
    let (b, c) = rest.split_at(rest.len() / 2);
    let three = tempfile::tempdir().unwrap();
    let split = derived(&ingest_batches_with(three.path(), &[a, b, c], &folding)).0;
    assert_eq!(memberships(&split), memberships(&whole));
    assert_eq!(split, whole, "briefs differ");
    let analysis = engine::analyze_paths(&[repo().join("corpus/sample")], &folding, &mut |_| {});
    let want: BTreeMap<String, BTreeSet<String>> = analysis
        .stories
        .iter()
        .map(|s| (s.id.clone(), s.article_ids.iter().cloned().collect()))
        .collect();
    let got: BTreeMap<String, BTreeSet<String>> = whole
        .iter()
        .map(|(id, b)| {
            let ids = b["article_ids"].as_array().unwrap();
            (
                id.clone(),
                ids.iter()
                    .map(|x| x.as_str().unwrap().to_string())
                    .collect(),
            )
        })
        .collect();
    assert_eq!(got, want);
}

/// Copies the store files of `from` (closed) into `to`.
fn copy_store(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_file() {
            std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
    }
}

#[test]
fn batches_read_their_state_back_from_the_store() {
    read_back_equals_live(records());
}

/// The same without dates: each batch's undated articles are grouped before they are
/// added, which the state log alone cannot replay.
#[test]
fn undated_batches_read_their_state_back_from_the_store() {
    let undated: Vec<String> = records()
        .iter()
        .map(|r| {
            let mut v: serde_json::Value = serde_json::from_str(r).unwrap();
            v["published"] = serde_json::Value::Null;
            v.to_string()
        })
        .collect();
    read_back_equals_live(undated.clone());
    // A batch whose undated articles came grouped is saved as a checkpoint, not as a log
    // the next load would replay one article at a time.
    let (first, second) = undated.split_at(undated.len() / 2);
    let dir = tempfile::tempdir().unwrap();
    let mut store = ingest_batches(dir.path(), &[first, second]);
    let batch = store.batch().unwrap();
    assert_eq!(batch.state_log_len().unwrap(), 0);
}

fn read_back_equals_live(records: Vec<String>) {
    // Each batch goes into a copy of the store the previous one wrote, so no state held
    // in memory by this process can serve it: the checkpoint and the state log are read
    // back and replayed.
    // The last two batches interleave, so the third joins the second's stories.
    let (a, rest) = records.split_at(records.len() / 3);
    let b: Vec<String> = rest.iter().step_by(2).cloned().collect();
    let c: Vec<String> = rest.iter().skip(1).step_by(2).cloned().collect();
    let batches: [&[String]; 3] = [a, &b, &c];
    let dir = tempfile::tempdir().unwrap();
    let mut previous: Option<PathBuf> = None;
    for (i, batch) in batches.iter().enumerate() {
        let step = dir.path().join(format!("step{i}"));
        std::fs::create_dir_all(&step).unwrap();
        if let Some(p) = &previous {
            copy_store(&p.join("data"), &step.join("data"));
        }
        drop(ingest_batches(&step, &[batch]));
        previous = Some(step);
    }
    let read_back = derived(&Store::open(&previous.unwrap().join("data")).unwrap());
    // The same batches into one store, the state carried in memory from batch to batch.
    let one = tempfile::tempdir().unwrap();
    let live = derived(&ingest_batches(one.path(), &batches));
    assert_eq!(
        read_back, live,
        "a state read back differs from the live one"
    );
}

#[test]
fn an_article_later_than_the_grace_joins_its_forgotten_story() {
    // The clusterer keeps no faded story past the grace for late articles; the flood
    // report of 2026-02-20 comes after articles dated up to 2026-04-15, when the flood
    // story is long forgotten: the store still finds it.
    let mut config = Config::default();
    config.cluster.kept_faded = 0;
    let late = "ridgeway-chronicle-flood-defences";
    let (held, rest): (Vec<String>, Vec<String>) =
        records().into_iter().partition(|r| r.contains(late));
    assert_eq!(held.len(), 1);
    let dir = tempfile::tempdir().unwrap();
    let (stories, _) = derived(&ingest_batches_with(dir.path(), &[&rest, &held], &config));
    let want = analysis_stories(&analyze(&[repo().join("corpus/sample")]));
    assert!(want.iter().any(|s| s.contains(late) && s.len() == 4));
    assert_eq!(memberships(&stories), want);
}
