//! Incremental ingest: the sample corpus ingested in several batches gives the stories
//! and duplicates of one batch, also when each batch must read the streaming state back
//! from the store; batches out of publication order still give the gold stories.

use std::collections::{BTreeMap, BTreeSet};

use engine::Config;
use serde_json::Value;

use super::{
    analysis_stories, analyze_with, derived, ingest_batches, ingest_more, members, memberships,
    records, repo, sample, Harness,
};

/// The records cut into thirds, oldest first.
fn thirds(records: &[String]) -> [&[String]; 3] {
    let (a, rest) = records.split_at(records.len() / 3);
    let (b, c) = rest.split_at(rest.len() / 2);
    [a, b, c]
}

pub fn batches_in_order_equal_one_batch<H: Harness>(h: &H) {
    let records = records();
    assert!(records.len() >= 10);
    let config = Config::default();
    let whole = derived(h, &ingest_batches(h, &[&records], &config));
    let split = derived(h, &ingest_batches(h, &thirds(&records), &config));
    assert_eq!(split.1, whole.1, "duplicates differ");
    assert_eq!(memberships(&split.0), memberships(&whole.0));
    assert_eq!(split.0, whole.0, "briefs differ");
    // The store's stories are the in-memory pipeline's, which the gold tests check.
    assert_eq!(memberships(&whole.0), analysis_stories(sample()));
}

pub fn late_batches_land_in_the_right_stories<H: Harness>(h: &H) {
    let records = records();
    let gold: Value =
        serde_json::from_str(&std::fs::read_to_string(repo().join("corpus/gold.json")).unwrap())
            .unwrap();
    let want: BTreeSet<BTreeSet<String>> = gold["stories"]
        .as_array()
        .unwrap()
        .iter()
        .map(members)
        .collect();
    // The newest third first, then the oldest, then the middle.
    let [a, b, c] = thirds(&records);
    let (stories, _) = derived(h, &ingest_batches(h, &[c, a, b], &Config::default()));
    assert_eq!(memberships(&stories), want);
}

pub fn lone_stories_fold_alike_in_batches_and_in_memory<H: Harness>(h: &H) {
    // A high joining bar leaves reports alone; folding after two arrivals at the default
    // folding bar moves some of them, inside a batch and across batches alike.
    let strict = |fold_after: u64| {
        let mut config = Config::default();
        config.cluster.threshold = 0.9;
        config.cluster.fold_after = fold_after;
        config
    };
    let records = records();
    let unfolded = derived(h, &ingest_batches(h, &[&records], &strict(0))).0;
    let folding = strict(2);
    let whole = derived(h, &ingest_batches(h, &[&records], &folding)).0;
    assert!(
        whole.len() < unfolded.len(),
        "nothing folded: {} stories either way",
        unfolded.len()
    );
    let split = derived(h, &ingest_batches(h, &thirds(&records), &folding)).0;
    assert_eq!(memberships(&split), memberships(&whole));
    assert_eq!(split, whole, "briefs differ");
    let analysis = analyze_with(&[repo().join("corpus/sample")], &folding);
    let want: BTreeMap<String, BTreeSet<String>> = analysis
        .stories
        .iter()
        .map(|s| (s.id.clone(), s.article_ids.iter().cloned().collect()))
        .collect();
    let got: BTreeMap<String, BTreeSet<String>> = whole
        .iter()
        .map(|(id, b)| (id.clone(), members(b)))
        .collect();
    assert_eq!(got, want);
}

pub fn batches_read_their_state_back_from_the_store<H: Harness>(h: &H) {
    read_back_equals_live(h, records());
}

/// The same without dates: each batch's undated articles are grouped before they are
/// added, which the state log alone cannot replay.
pub fn undated_batches_read_their_state_back_from_the_store<H: Harness>(h: &H) {
    let undated: Vec<String> = records()
        .iter()
        .map(|r| {
            let mut v: Value = serde_json::from_str(r).unwrap();
            v["published"] = Value::Null;
            v.to_string()
        })
        .collect();
    read_back_equals_live(h, undated.clone());
    // A batch whose undated articles came grouped is saved as a checkpoint, not as a log
    // the next load would replay one article at a time.
    let (first, second) = undated.split_at(undated.len() / 2);
    let store = ingest_batches(h, &[first, second], &Config::default());
    assert_eq!(h.state_log_len(&store), 0);
}

fn read_back_equals_live<H: Harness>(h: &H, records: Vec<String>) {
    // Each batch goes into a copy of the store the previous one wrote, so no state held
    // in memory by this process can serve it: the checkpoint and the state log are read
    // back and replayed.
    // The last two batches interleave, so the third joins the second's stories.
    let config = Config::default();
    let (a, rest) = records.split_at(records.len() / 3);
    let b: Vec<String> = rest.iter().step_by(2).cloned().collect();
    let c: Vec<String> = rest.iter().skip(1).step_by(2).cloned().collect();
    let batches: [&[String]; 3] = [a, &b, &c];
    let mut previous: Option<H::Store> = None;
    for batch in batches {
        let step = match &previous {
            Some(p) => h.copy(p),
            None => h.new_store(),
        };
        ingest_more(h, &step, &[batch], &config);
        previous = Some(step);
    }
    let read_back = derived(h, &previous.unwrap());
    // The same batches into one store, the state carried in memory from batch to batch.
    let live = derived(h, &ingest_batches(h, &batches, &config));
    assert_eq!(
        read_back, live,
        "a state read back differs from the live one"
    );
}

pub fn an_article_later_than_the_grace_joins_its_forgotten_story<H: Harness>(h: &H) {
    // The clusterer keeps no faded story past the grace for late articles; the flood
    // report of 2026-02-20 comes after articles dated up to 2026-04-15, when the flood
    // story is long forgotten: the store still finds it.
    let mut config = Config::default();
    config.cluster.kept_faded = 0;
    let late = "ridgeway-chronicle-flood-defences";
    let (held, rest): (Vec<String>, Vec<String>) =
        records().into_iter().partition(|r| r.contains(late));
    assert_eq!(held.len(), 1);
    let (stories, _) = derived(h, &ingest_batches(h, &[&rest, &held], &config));
    let want = analysis_stories(sample());
    assert!(want.iter().any(|s| s.contains(late) && s.len() == 4));
    assert_eq!(memberships(&stories), want);
}
