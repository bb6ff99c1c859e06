//! Doubling tests: on every pathological body, each analysis step and the whole of
//! `analyze()` must cost at most 2.5 times as much, in time and in peak memory, on a body
//! twice as long. Everything runs in one test function, alone in this binary, so that
//! nothing else competes with the timings.

#[path = "common/pathological.rs"]
mod pathological;

use std::time::{Duration, Instant};

use analyze::AnalyzeConfig;
use model::{Article, EntityMention};

#[global_allocator]
static ALLOCATOR: testkit::Counting = testkit::Counting;

/// One step under test: it analyses a body, with the entities found in it beforehand
/// when it needs them.
type Step = fn(&str, &[EntityMention]);

/// The step that reads the entities found beforehand.
const NEEDS_ENTITIES: &str = "quotes";

const STEPS: &[(&str, Step)] = &[
    ("entities", |body, _| {
        std::hint::black_box(analyze::entities::find(body));
    }),
    ("quotes", |body, entities| {
        std::hint::black_box(analyze::quotes::find(body, entities));
    }),
    ("dates", |body, _| {
        std::hint::black_box(analyze::dates::find(
            body,
            chrono::NaiveDate::from_ymd_opt(2021, 6, 16),
        ));
    }),
    ("numbers", |body, _| {
        std::hint::black_box(analyze::numbers::find(body));
    }),
    ("analyze", |body, _| {
        let mut article = Article::new("scale", "Scale", body);
        article.published = chrono::NaiveDate::from_ymd_opt(2021, 6, 16);
        std::hint::black_box(analyze::analyze(&article, &AnalyzeConfig::default()));
    }),
];

/// The smallest time worth comparing: below it, noise decides the ratio.
const FLOOR: Duration = Duration::from_millis(30);
/// The smallest and largest bodies tried.
const MIN_BYTES: usize = 4_000;
const MAX_BYTES: usize = 256_000;
/// The largest cost ratio allowed for a body twice as long.
const LIMIT: f64 = 2.5;

/// The time this thread has spent on a processor, where Linux tells it: unlike the wall
/// clock, it does not count the time other processes of a busy machine take.
fn busy() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let nanos: u64 = stat.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(nanos))
}

/// A stopwatch on this thread's processor time, or on the wall clock without it.
struct Watch {
    wall: Instant,
    cpu: Option<Duration>,
}

impl Watch {
    fn start() -> Watch {
        Watch {
            wall: Instant::now(),
            cpu: busy(),
        }
    }

    fn elapsed(&self) -> Duration {
        match (self.cpu, busy()) {
            (Some(from), Some(now)) => now.saturating_sub(from),
            _ => self.wall.elapsed(),
        }
    }
}

/// The least time of three runs of `repeat` calls of `step` on `body`, and the peak of
/// bytes allocated during one call.
fn cost(step: (&str, Step), body: &str, repeat: usize) -> (Duration, usize) {
    runs(step, body, repeat, 3)
}

/// The least time of `tries` runs of `repeat` calls of `step` on `body`, and the peak of
/// bytes allocated during one call.
fn runs((name, step): (&str, Step), body: &str, repeat: usize, tries: usize) -> (Duration, usize) {
    let entities = if name == NEEDS_ENTITIES {
        analyze::entities::find(body)
    } else {
        Vec::new()
    };
    let mut best = Duration::MAX;
    let mut peak = 0;
    for _ in 0..tries {
        let base = testkit::peak_start();
        let start = Watch::start();
        step(body, &entities);
        let first = start.elapsed();
        peak = testkit::peak_since(base);
        for _ in 1..repeat {
            step(body, &entities);
        }
        best = best.min(first.max(start.elapsed()));
    }
    (best, peak)
}

#[test]
fn cost_doubles_at_most_two_and_a_half_fold_with_the_body() {
    // Lexicons and regular expressions are built once, before anything is measured.
    for &(_, step) in STEPS {
        step("Warm-up: Anna Berg said on Monday that 5 troops left.", &[]);
    }
    let mut failures = Vec::new();
    let mut report = String::new();
    for &(kind, make) in pathological::KINDS {
        for &(name, step) in STEPS {
            // The body size (and, for cheap steps, the number of calls) that takes at
            // least FLOOR, found by doubling.
            // One run per size is enough to find it.
            let (mut bytes, mut repeat) = (MIN_BYTES, 1);
            while runs((name, step), &make(bytes), repeat, 1).0 < FLOOR {
                if bytes < MAX_BYTES {
                    bytes *= 2;
                } else {
                    repeat *= 2;
                }
            }
            let mut small = cost((name, step), &make(bytes), repeat);
            // Two more tries on a time over the limit, so that a burst of load on a
            // shared machine does not fail the test; a super-linear step fails all three.
            let mut attempts = 0;
            let (time_ratio, memory_ratio) = loop {
                attempts += 1;
                let large = cost((name, step), &make(2 * bytes), repeat);
                let time_ratio = large.0.as_secs_f64() / small.0.as_secs_f64();
                let memory_ratio = large.1 as f64 / small.1.max(1) as f64;
                if time_ratio <= LIMIT || attempts == 3 {
                    break (time_ratio, memory_ratio);
                }
                small = cost((name, step), &make(bytes), repeat);
            };
            let line = format!(
                "{kind:12} {name:9} {bytes:>7} B x{repeat:<3} {:>7.1} ms  time x{time_ratio:.2}  peak {:>9} B  memory x{memory_ratio:.2}\n",
                small.0.as_secs_f64() * 1e3,
                small.1,
            );
            report.push_str(&line);
            if time_ratio > LIMIT || memory_ratio > LIMIT {
                failures.push(line);
            }
        }
    }
    println!("{report}");
    assert!(
        failures.is_empty(),
        "cost grew more than {LIMIT}x for a body twice as long:\n{}",
        failures.concat()
    );
}
