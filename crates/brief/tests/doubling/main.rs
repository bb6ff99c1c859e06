//! Doubling test of the brief: for each pathological kind of story, building the brief
//! of an input twice as large costs at most 2.5 times as much time and peak memory.
//!
//! Everything runs in one test function, in a test binary of its own, so that nothing
//! else runs beside the measurements. Time is this thread's CPU time (so that other
//! processes on a loaded machine do not count), the least of three runs of each size,
//! alternating; memory is the peak of live heap bytes during a run, counted by this binary's global allocator.
//! `DOUBLING_VERBOSE=1` prints the measurements; `DOUBLING_SCALE=k` multiplies the sizes.

mod gen;

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use model::AnalyzedArticle;

/// The system allocator, counting live bytes and their peak.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is forwarded to the system allocator unchanged; only counters are
// updated beside it.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: same contract as the caller's.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            grow(layout.size());
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: same contract as the caller's.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
            grow(new_size);
        }
        p
    }
}

fn grow(size: usize) {
    let live = LIVE.fetch_add(size, Ordering::Relaxed) + size;
    PEAK.fetch_max(live, Ordering::Relaxed);
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// A clock of the CPU time this thread has used, which other processes on a loaded
/// machine do not inflate as they do the wall clock.
struct Clock(Duration);

impl Clock {
    fn start() -> Clock {
        Clock(thread_time())
    }

    fn elapsed(&self) -> Duration {
        thread_time().saturating_sub(self.0)
    }
}

fn thread_time() -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec for the call to fill.
    let ok = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) } == 0;
    assert!(ok, "no thread CPU clock");
    Duration::new(
        u64::try_from(ts.tv_sec).unwrap_or(0),
        u32::try_from(ts.tv_nsec).unwrap_or(0),
    )
}

/// Time and peak of live bytes above the start of one run.
fn measure(story: &[AnalyzedArticle]) -> (Duration, usize) {
    let refs: Vec<&AnalyzedArticle> = story.iter().collect();
    let config = brief::BriefConfig::default();
    let base = LIVE.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    let t = Clock::start();
    let b = brief::brief("doubling", &refs, Vec::new(), &config);
    let markdown = brief::render_markdown(&b);
    let time = t.elapsed();
    let peak = PEAK.load(Ordering::Relaxed).saturating_sub(base);
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
