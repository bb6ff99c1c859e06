//! Doubling test of the brief: for each pathological kind of story, building the brief
//! of an input twice as large costs at most 2.5 times as much time and peak memory.
//!
//! Everything runs in one test function, in a test binary of its own, so that nothing
//! else runs beside the measurements. Time is this thread's CPU time (so that other
//! processes on a loaded machine do not count), the least of three runs of each size,
//! alternating; memory is the peak of live heap bytes during a run, counted by this binary's global allocator.
//! `DOUBLING_VERBOSE=1` prints the measurements; `DOUBLING_SCALE=k` multiplies the sizes.

mod gen;

use std::time::Duration;

use model::AnalyzedArticle;

#[global_allocator]
static ALLOCATOR: testkit::Counting = testkit::Counting;

/// Time and peak of live bytes above the start of one run.
fn measure(story: &[AnalyzedArticle]) -> (Duration, usize) {
    let refs: Vec<&AnalyzedArticle> = story.iter().collect();
    let config = brief::BriefConfig::default();
    let base = testkit::peak_start();
    let t = testkit::Clock::start();
    let b = brief::brief("doubling", &refs, Vec::new(), &config);
    let markdown = brief::render_markdown(&b);
    let time = t.elapsed();
    let peak = testkit::peak_since(base);
    assert!(!markdown.is_empty());
    drop(b);
    (time, peak)
}

#[test]
fn brief_cost_doubles_with_its_input() {
    type Kind = (&'static str, fn(usize) -> Vec<AnalyzedArticle>, usize);
    let kinds: &[Kind] = &[
        ("articles", gen::articles, 300),
        ("quotes", gen::quotes, 800),
        ("figures", gen::figures, 500),
        ("long body", gen::long_body, 1000),
        ("run-on line", gen::run_on, 1000),
        ("copies", gen::copies, 200),
    ];
    testkit::assert_doubling(kinds, |input| measure(input));
}
