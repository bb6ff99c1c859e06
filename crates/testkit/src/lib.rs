//! Measurement helpers for the doubling tests of the stage crates (`tests/doubling`,
//! `analyze`'s `tests/scale.rs`): a global allocator that counts live heap bytes and
//! their peak, and a clock of the calling thread's CPU time, which other processes on a
//! loaded machine do not inflate as they do the wall clock.
//!
//! A test binary installs the allocator itself:
//! `#[global_allocator] static ALLOCATOR: testkit::Counting = testkit::Counting;`, then
//! brackets a run with [`peak_start`] and [`peak_since`].
//!
//! [`web`] is a loopback HTTP server for the follower's tests; [`pg`] a throwaway
//! PostgreSQL cluster for the shared store's tests; [`basil_records`] turns shared-data
//! BASIL articles into the JSON lines `chorus ingest` reads.

pub mod pg;
pub mod web;

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// The system allocator, counting live bytes and their peak.
pub struct Counting;

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
            // The old block may live on beside the new one while it is copied.
            grow(new_size);
            LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        }
        p
    }
}

fn grow(size: usize) {
    let live = LIVE.fetch_add(size, Ordering::Relaxed) + size;
    PEAK.fetch_max(live, Ordering::Relaxed);
}

/// A clock of the CPU time this thread has used, which other processes on a loaded
/// machine do not inflate as they do the wall clock.
pub struct Clock(Duration);

impl Clock {
    /// Starts the clock.
    pub fn start() -> Clock {
        Clock(thread_time())
    }

    /// The CPU time this thread has used since the clock started.
    pub fn elapsed(&self) -> Duration {
        thread_time().saturating_sub(self.0)
    }
}

/// The CPU time this thread has used.
pub fn thread_time() -> Duration {
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

/// Starts a peak measurement: the peak is reset to the bytes live now, which are
/// returned as the base.
pub fn peak_start() -> usize {
    let base = LIVE.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    base
}

/// The peak of live bytes above `base` since [`peak_start`] returned it.
pub fn peak_since(base: usize) -> usize {
    PEAK.load(Ordering::Relaxed).saturating_sub(base)
}

/// The largest cost ratio allowed for an input twice as large.
pub const MAX_RATIO: f64 = 2.5;

/// Compares the cost of a run on an input (`small`) with one on an input twice as large
/// (`large`); each closure runs once and returns its time and peak bytes. Runs of the two
/// sizes alternate, three of each, so that a burst of load slows both alike; each size
/// keeps its least time and its greatest peak. When a ratio exceeds [`MAX_RATIO`] the
/// comparison is made again, up to three rounds in all: on a busy machine a round can
/// land on one burst, while a quadratic step fails every round (it shows about 4x).
/// Returns the failure, if every round failed; prints each round when `verbose`.
pub fn doubling(
    name: &str,
    n: usize,
    verbose: bool,
    mut small: impl FnMut() -> (Duration, usize),
    mut large: impl FnMut() -> (Duration, usize),
) -> Option<String> {
    let mut failure = None;
    for _round in 0..3 {
        let (mut t1, mut m1, mut t2, mut m2) = (Duration::MAX, 0, Duration::MAX, 0);
        for _ in 0..3 {
            let (t, m) = small();
            (t1, m1) = (t1.min(t), m1.max(m));
            let (t, m) = large();
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
        if time <= MAX_RATIO && memory <= MAX_RATIO {
            return None;
        }
        failure = Some(format!(
            "{name}: time {t1:?} -> {t2:?} ({time:.2}x), peak memory {m1} -> {m2} B ({memory:.2}x)"
        ));
    }
    failure
}

/// One kind of input of a doubling test: its name, how to make an input of size `n`,
/// and the `n` of the smaller run.
pub type Kind<T> = (&'static str, fn(usize) -> T, usize);

/// Runs [`doubling`] on every kind of input `(name, make, n)`: `make(n)` and `make(2 * n)`
/// built once, `measure` timed on each. `n` is multiplied by `DOUBLING_SCALE` when set
/// (to look for trends by hand); `DOUBLING_VERBOSE` prints every round. Panics with
/// every kind that failed.
pub fn assert_doubling<T>(kinds: &[Kind<T>], measure: impl Fn(&T) -> (Duration, usize)) {
    let verbose = std::env::var_os("DOUBLING_VERBOSE").is_some();
    let scale: usize = std::env::var("DOUBLING_SCALE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1);
    let mut failures = Vec::new();
    for &(name, make, n) in kinds {
        let n = n * scale.max(1);
        let (small, large) = (make(n), make(2 * n));
        if let Some(failure) = doubling(name, n, verbose, || measure(&small), || measure(&large)) {
            failures.push(failure);
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

const SYLLABLES: &[&str] = &[
    "ka", "lo", "mi", "ne", "su", "ta", "ri", "vo", "be", "du", "fa", "go", "hi", "ju", "ze", "po",
];

/// A small deterministic generator (SplitMix64), for made-up inputs that replay from
/// their seed.
#[derive(Debug, Clone)]
pub struct Rng(pub u64);

impl Rng {
    /// The next 64 random bits.
    pub fn bits(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number below `n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.bits() % n.max(1) as u64) as usize
    }

    /// One of `items`, which must not be empty.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// A made-up word of its own for every `k` ("mkan", "mlon", ...), so that the
/// vocabulary of a generated input grows with its size.
pub fn word(mut k: usize) -> String {
    let mut out = String::from("m");
    loop {
        out.push_str(SYLLABLES[k % SYLLABLES.len()]);
        k /= SYLLABLES.len();
        if k == 0 {
            break;
        }
    }
    out.push('n');
    out
}

/// Up to `n` articles of `../shared/data/cluster/basil_articles.jsonl` (its text) as JSON
/// lines with `id` (prefixed `basil-`), `title`, `text` and their own `published` date.
pub fn basil_records(text: &str, n: usize) -> Vec<String> {
    use serde_json::{json, Value};
    text.lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .take(n)
        .map(|d| {
            json!({
                "id": format!("basil-{}", d["id"].as_str().unwrap_or_default()),
                "title": d["title"],
                "text": d["text"],
                "published": d["date"],
            })
            .to_string()
        })
        .collect()
}

/// The files of the repository's sample corpus (`corpus/sample`, hidden files left out),
/// sorted, for tests and benchmarks that ingest it. `repo` is the repository's root.
pub fn sample_corpus(repo: &std::path::Path) -> std::io::Result<Vec<std::path::PathBuf>> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(repo.join("corpus/sample"))? {
        let path = entry?.path();
        if !path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

/// Writes JSON lines into files of `per_file` lines each, named `{prefix}-000.jsonl`,
/// `{prefix}-001.jsonl`, … in `dir`, and returns their paths.
pub fn write_parts(
    dir: &std::path::Path,
    prefix: &str,
    records: &[String],
    per_file: usize,
) -> std::io::Result<Vec<std::path::PathBuf>> {
    let mut files = Vec::new();
    for (i, part) in records.chunks(per_file.max(1)).enumerate() {
        let file = dir.join(format!("{prefix}-{i:03}.jsonl"));
        std::fs::write(&file, part.join("\n"))?;
        files.push(file);
    }
    Ok(files)
}
