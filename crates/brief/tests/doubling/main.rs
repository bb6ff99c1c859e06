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
    let verbose = std::env::var_os("DOUBLING_VERBOSE").is_some();
    // `DOUBLING_SCALE=k` multiplies every size, to look for trends by hand.
    let scale: usize = std::env::var("DOUBLING_SCALE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1);
    let mut failures = Vec::new();
    for &(name, make, n) in kinds {
        let n = n * scale.max(1);
        // Runs of the two sizes alternate, so that a burst of load on the machine
        // slows both alike; each keeps its least time.
        let (small, large) = (make(n), make(2 * n));
        let (mut t1, mut m1, mut t2, mut m2) = (Duration::MAX, 0, Duration::MAX, 0);
        for _ in 0..3 {
            let (t, m) = measure(&small);
            (t1, m1) = (t1.min(t), m1.max(m));
            let (t, m) = measure(&large);
            (t2, m2) = (t2.min(t), m2.max(m));
        }
        let time = t2.as_secs_f64() / t1.as_secs_f64().max(1e-9);
        let memory = m2 as f64 / m1.max(1) as f64;
        if verbose {
            eprintln!(
                "{name:12} n={n:5}: {:8.1} ms {:9} B | 2n: {:8.1} ms {:9} B | ratios {time:.2} {memory:.2}",
                t1.as_secs_f64() * 1e3,
                m1,
                t2.as_secs_f64() * 1e3,
                m2,
            );
        }
        if time > 2.5 || memory > 2.5 {
            failures.push(format!(
                "{name}: time {:?} -> {:?} ({time:.2}x), peak memory {m1} -> {m2} B ({memory:.2}x)",
                t1, t2
            ));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}
