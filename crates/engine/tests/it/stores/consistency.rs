//! One answer however the news arrives: the seeds, the sample corpus and a few hundred
//! other real articles (BASIL, other years) give the same stories through `analyze`, one
//! `ingest` batch, ten batches in publication order and ten batches shuffled within the
//! late window; and the seeds stay one story next to all that other news.

use std::collections::BTreeSet;
use std::path::Path;

use chrono::Datelike;
use serde_json::{json, Value};

use engine::Config;

use super::{
    analysis_stories, analyze, analyze_with, derived, ingest_batches, memberships, records,
    shared_data, write_records, Harness,
};

/// The seed articles as JSON-lines records, with the date extraction finds in their
/// text (one of the five has one; the others are undated).
fn seed_records(data: &Path) -> Vec<String> {
    analyze(&[data.join("seeds")])
        .articles
        .iter()
        .map(|a| {
            let mut r =
                json!({"id": a.article.id, "title": a.article.title, "text": a.article.body});
            if let Some(d) = a.article.published {
                r["published"] = json!(d.to_string());
            }
            r.to_string()
        })
        .collect()
}

/// Up to `n` BASIL articles as records with their own dates.
fn basil_records(data: &Path, n: usize) -> Vec<String> {
    let text = std::fs::read_to_string(data.join("cluster/basil_articles.jsonl")).unwrap();
    testkit::basil_records(&text, n)
}

fn date_of(record: &str) -> Option<String> {
    let v: Value = serde_json::from_str(record).ok()?;
    v["published"].as_str().map(String::from)
}

fn analyze_records(dir: &Path, records: &[String], config: &Config) -> BTreeSet<BTreeSet<String>> {
    let files = write_records(dir, "all", records, usize::MAX);
    analysis_stories(&analyze_with(&files, config))
}

pub fn every_arrival_order_gives_the_stories_of_analyze<H: Harness>(h: &H) {
    every_arrival_order_agrees(h, &Config::default());
}

/// The same with the clusterer keeping no faded story past the grace for late articles:
/// the seed story (one seed is dated years before the sample corpus, four are undated and
/// come last) is forgotten before the undated seeds arrive, and must be recalled, from
/// memory in `analyze`, from the store in `ingest`.
pub fn undated_articles_find_a_forgotten_story<H: Harness>(h: &H) {
    let mut config = Config::default();
    config.cluster.kept_faded = 0;
    every_arrival_order_agrees(h, &config);
}

fn every_arrival_order_agrees<H: Harness>(h: &H, config: &Config) {
    let Some(data) = shared_data() else { return };
    let seeds = seed_records(&data);
    let seed_ids: BTreeSet<String> = seeds
        .iter()
        .filter_map(|r| serde_json::from_str::<Value>(r).ok())
        .filter_map(|v| v["id"].as_str().map(String::from))
        .collect();
    assert_eq!(seed_ids.len(), 5);
    let mut all: Vec<String> = records();
    all.extend(seeds);
    all.extend(basil_records(&data, 240));
    // Publication order, undated last: what `analyze` sees.
    all.sort_by_key(|r| (date_of(r).is_none(), date_of(r), r.clone()));

    let tmp = tempfile::tempdir().unwrap();
    let want = analyze_records(tmp.path(), &all, config);
    assert!(
        want.contains(&seed_ids),
        "analyze splits the seeds: {:?}",
        want.iter()
            .filter(|s| !s.is_disjoint(&seed_ids))
            .collect::<Vec<_>>()
    );

    let whole = memberships(&derived(h, &ingest_batches(h, &[&all], config)).0);
    assert_eq!(whole, want, "one ingest batch differs from analyze");

    let tenth = all.len().div_ceil(10);
    let batches: Vec<&[String]> = all.chunks(tenth).collect();
    let in_order = memberships(&derived(h, &ingest_batches(h, &batches, config)).0);
    assert_eq!(in_order, want, "ten batches in order differ from analyze");

    // Shuffled within the window: each article's place moves by a pseudo-random delay
    // of up to three days (undated ones anywhere), so it arrives after articles up to
    // three days newer than itself.
    let day = |r: &str| {
        date_of(r)
            .and_then(|d| chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok())
            .map(|d| i64::from(d.num_days_from_ce()))
    };
    let days: Vec<i64> = all.iter().filter_map(|r| day(r)).collect();
    let (first, last) = (*days.iter().min().unwrap(), *days.iter().max().unwrap());
    let mut shuffled: Vec<(i64, String)> = all
        .iter()
        .map(|r| {
            let h = text::hash64(r.as_bytes());
            let at = match day(r) {
                Some(d) => d + (h % 4) as i64,
                None => first + (h % (last - first + 1) as u64) as i64,
            };
            (at, r.clone())
        })
        .collect();
    shuffled.sort();
    let shuffled: Vec<String> = shuffled.into_iter().map(|(_, r)| r).collect();
    let late_arrivals = shuffled
        .iter()
        .enumerate()
        .filter(|(i, r)| {
            shuffled[..*i]
                .iter()
                .any(|e| day(e) > day(r) && day(r).is_some())
        })
        .count();
    assert!(
        late_arrivals > 20,
        "the shuffle is hardly out of order: {late_arrivals}"
    );
    let batches: Vec<&[String]> = shuffled.chunks(tenth).collect();
    let out_of_order = memberships(&derived(h, &ingest_batches(h, &batches, config)).0);
    assert_eq!(out_of_order, want, "shuffled batches differ from analyze");
}
