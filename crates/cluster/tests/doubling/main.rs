//! Doubling test of story clustering: for each pathological kind of batch, clustering
//! a batch twice as large costs at most 2.5 times as much time and peak memory.
//!
//! Everything runs in one test function, in a test binary of its own, so that nothing
//! else runs beside the measurements. Time is this thread's CPU time (so that other
//! processes on a loaded machine do not count), the least of three runs of each size,
//! alternating; memory is the peak of live heap bytes during a run, counted by this
//! binary's global allocator. `DOUBLING_VERBOSE=1` prints the measurements;
//! `DOUBLING_SCALE=k` multiplies the sizes.

use std::time::Duration;
use testkit::word;

use chrono::NaiveDate;
use cluster::{cluster, ClusterConfig, ClusterDoc};

#[global_allocator]
static ALLOCATOR: testkit::Counting = testkit::Counting;

const COMMON: &[&str] = &[
    "council",
    "harbour",
    "officials",
    "said",
    "report",
    "week",
    "city",
    "plan",
    "minister",
    "residents",
    "budget",
    "meeting",
];

/// A document: a title and a body about topic `topic`, with ordinary words, a few names,
/// two words of its own and `sentences` sentences.
struct Doc {
    title: String,
    body: String,
    published: Option<NaiveDate>,
    entities: Vec<String>,
}

fn doc(k: usize, topic: usize, sentences: usize, published: Option<NaiveDate>) -> Doc {
    let name = |j: usize| {
        let w = word(topic * 7 + j);
        let mut c = w.chars();
        c.next()
            .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
            .unwrap_or_default()
    };
    let body = (0..sentences)
        .map(|s| {
            format!(
                "The {} {} met {} about the {} {} and the {} {}.",
                COMMON[(k + s) % COMMON.len()],
                COMMON[(k + 3 * s) % COMMON.len()],
                name(s % 3),
                word(topic * 7 + 3 + s % 4),
                COMMON[(s + 5) % COMMON.len()],
                word(if s < 2 {
                    1_000_000 + k * 2 + s
                } else {
                    topic * 7 + s % 7
                }),
                COMMON[(k * 5 + s) % COMMON.len()],
            )
        })
        .collect::<Vec<_>>()
        .join(" ");
    Doc {
        title: format!(
            "{} {} {}",
            name(0),
            word(topic * 7 + 3),
            COMMON[topic % COMMON.len()]
        ),
        body,
        published,
        entities: vec![name(0), name(1)],
    }
}

fn day(k: usize) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(2031, 5, 1 + (k % 3) as u32)
}

/// `n` reports of one event within three days.
fn one_story(n: usize) -> Vec<Doc> {
    (0..n).map(|k| doc(k, 0, 8, day(k))).collect()
}

/// `n` reports of `n / 2` events within three days, each event with words of its own.
fn many_stories(n: usize) -> Vec<Doc> {
    (0..n).map(|k| doc(k, k / 2, 8, day(k))).collect()
}

/// `n` undated reports of `n / 2` events.
fn undated(n: usize) -> Vec<Doc> {
    (0..n).map(|k| doc(k, k / 2, 8, None)).collect()
}

/// Four reports of one event, each `n` sentences long.
fn long_bodies(n: usize) -> Vec<Doc> {
    (0..4).map(|k| doc(k, 0, n, day(k))).collect()
}

/// Time and peak of live bytes above the start of one run.
fn measure(docs: &[Doc]) -> (Duration, usize) {
    let batch: Vec<ClusterDoc<'_>> = docs
        .iter()
        .map(|d| ClusterDoc {
            title: &d.title,
            body: &d.body,
            published: d.published,
            entities: d.entities.iter().map(String::as_str).collect(),
        })
        .collect();
    let config = ClusterConfig::default();
    let base = testkit::peak_start();
    let t = testkit::Clock::start();
    let stories = cluster(&batch, &config);
    let time = t.elapsed();
    let peak = testkit::peak_since(base);
    assert_eq!(stories.iter().map(Vec::len).sum::<usize>(), batch.len());
    (time, peak)
}

#[test]
fn cluster_cost_doubles_with_its_input() {
    type Kind = (&'static str, fn(usize) -> Vec<Doc>, usize);
    let kinds: &[Kind] = &[
        ("one story", one_story, 5000),
        ("many stories", many_stories, 3000),
        ("undated", undated, 3000),
        ("long bodies", long_bodies, 25000),
    ];
    testkit::assert_doubling(kinds, |input| measure(input));
}
