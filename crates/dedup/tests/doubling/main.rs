//! Doubling test of duplicate detection: for each pathological kind of input, finding
//! duplicates and shared passages in an input twice as large costs at most 2.5 times as
//! much time and peak memory.
//!
//! Everything runs in one test function, in a test binary of its own, so that nothing
//! else runs beside the measurements. Time is this thread's CPU time (so that other
//! processes on a loaded machine do not count), the least of three runs of each size,
//! alternating; memory is the peak of live heap bytes during a run, counted by this binary's global allocator.
//! `DOUBLING_VERBOSE=1` prints the measurements; `DOUBLING_SCALE=k` multiplies the sizes.

use std::time::Duration;
use testkit::word;

use chrono::NaiveDate;
use dedup::{find_duplicates, shared_passages, DedupConfig};
use model::Article;

#[global_allocator]
static ALLOCATOR: testkit::Counting = testkit::Counting;

const NOUNS: &[&str] = &[
    "harbour", "council", "bridge", "ferry", "school", "market", "railway", "hospital", "budget",
    "depot", "tunnel", "library",
];
const VERBS: &[&str] = &[
    "reviewed",
    "delayed",
    "inspected",
    "approved",
    "funded",
    "closed",
    "reopened",
    "expanded",
];

/// The `k`-th sentence: ordinary words around two words of its own.
fn sentence(k: usize) -> String {
    format!(
        "The {} {} the {} near the {} {} after the {} report on the {}.",
        NOUNS[k % NOUNS.len()],
        VERBS[k % VERBS.len()],
        NOUNS[(k / 3) % NOUNS.len()],
        word(k),
        NOUNS[(k / 7) % NOUNS.len()],
        word(k + 1_000_003),
        NOUNS[(k / 11) % NOUNS.len()],
    )
}

/// A paragraph of three sentences from `k` on.
fn paragraph(k: usize) -> String {
    (k..k + 3).map(sentence).collect::<Vec<_>>().join(" ")
}

fn article(k: usize, body: String, dated: bool) -> Article {
    let mut a = Article::new(format!("d{k:06}"), format!("Report {k}"), body);
    a.published = dated
        .then(|| NaiveDate::from_ymd_opt(2031, 5, 1 + (k % 20) as u32))
        .flatten();
    a
}

/// `n` copies of one twelve-paragraph report, one word changed in each.
fn copies(n: usize) -> Vec<Article> {
    (0..n)
        .map(|k| {
            let mut paras: Vec<String> = (0..12).map(|p| paragraph(p * 3)).collect();
            paras[5] = format!("{} The {} said so.", paras[5], word(5_000_000 + k));
            article(k, paras.join("\n\n"), true)
        })
        .collect()
}

/// `n` undated articles, each with four paragraphs of its own and four of sixteen
/// shared ones.
fn shared(n: usize) -> Vec<Article> {
    (0..n)
        .map(|k| {
            let paras: Vec<String> = (0..8)
                .map(|p| {
                    if p % 2 == 0 {
                        paragraph(100_000 + ((k + p) % 16) * 3)
                    } else {
                        paragraph(1_000 + k * 12 + p * 3)
                    }
                })
                .collect();
            article(k, paras.join("\n\n"), false)
        })
        .collect()
}

/// One article of `n` paragraphs, some repeated, beside a short one.
fn long_body(n: usize) -> Vec<Article> {
    let body = (0..n)
        .map(|p| paragraph(if p % 5 == 0 { 7 } else { p * 3 }))
        .collect::<Vec<_>>()
        .join("\n\n");
    vec![
        article(0, body, true),
        article(1, paragraph(3) + "\n\n" + &paragraph(9), true),
    ]
}

/// One article whose body is one line of `n` sentences, beside a short one.
fn one_line(n: usize) -> Vec<Article> {
    let body = (0..n).map(sentence).collect::<Vec<_>>().join(" ");
    vec![article(0, body, true), article(1, paragraph(3), true)]
}

/// Time and peak of live bytes above the start of one run.
fn measure(articles: &[Article]) -> (Duration, usize) {
    let refs: Vec<&Article> = articles.iter().collect();
    let config = DedupConfig::default();
    let base = testkit::peak_start();
    let t = testkit::Clock::start();
    let duplicates = find_duplicates(&refs, &config);
    let passages = shared_passages(&refs, &config);
    let time = t.elapsed();
    let peak = testkit::peak_since(base);
    assert_eq!(duplicates.len(), refs.len());
    drop(passages);
    (time, peak)
}

#[test]
fn dedup_cost_doubles_with_its_input() {
    type Kind = (&'static str, fn(usize) -> Vec<Article>, usize);
    let kinds: &[Kind] = &[
        ("copies", copies, 150),
        ("shared", shared, 150),
        ("long body", long_body, 800),
        ("one line", one_line, 2500),
    ];
    testkit::assert_doubling(kinds, |input| measure(input));
}
