//! The per-case harness: every case runs in a thread of its own under a time limit and a
//! memory limit, and the proptest settings come from the environment.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::fmt::Debug;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread;
use std::time::Duration;

use proptest::test_runner::{Config, RngSeed, TestCaseError};

/// The global allocator of this test binary: the system allocator, counting the bytes
/// each thread holds and the most it held. Memory freed by another thread than the one
/// that allocated it counts where it is freed, so a thread's count can fall below zero;
/// a case measures its peak from where its thread started.
pub struct Counting;

thread_local! {
    static LIVE: Cell<isize> = const { Cell::new(0) };
    static PEAK: Cell<isize> = const { Cell::new(0) };
    /// Above this many live bytes an allocation of the thread fails (the process then
    /// aborts with "memory allocation of N bytes failed"), so that a runaway case stops
    /// the test binary instead of the machine. Zero means no cap.
    static CAP: Cell<isize> = const { Cell::new(0) };
}

fn over_cap(size: usize) -> bool {
    let live = LIVE.try_with(Cell::get).unwrap_or(0);
    let cap = CAP.try_with(Cell::get).unwrap_or(0);
    cap > 0 && live.saturating_add(size as isize) > cap
}

fn note(delta: isize) {
    let _ = LIVE.try_with(|live| {
        let now = live.get().saturating_add(delta);
        live.set(now);
        let _ = PEAK.try_with(|peak| {
            if now > peak.get() {
                peak.set(now);
            }
        });
    });
}

// SAFETY: every call goes to the system allocator unchanged; the counters are plain
// thread-local cells with constant initialisers (no allocation, no destructor).
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if over_cap(layout.size()) {
            return std::ptr::null_mut();
        }
        // SAFETY: the caller's layout is passed on as is.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            note(layout.size() as isize);
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if over_cap(layout.size()) {
            return std::ptr::null_mut();
        }
        // SAFETY: the caller's layout is passed on as is.
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            note(layout.size() as isize);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: the pointer came from `System` with this layout.
        unsafe { System.dealloc(ptr, layout) };
        note(-(layout.size() as isize));
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if new_size > layout.size() && over_cap(new_size - layout.size()) {
            return std::ptr::null_mut();
        }
        // SAFETY: the pointer came from `System` with this layout.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            note(new_size as isize - layout.size() as isize);
        }
        p
    }
}

/// Live bytes above which a case's thread cannot allocate: far above any case's memory
/// limit, it only keeps a runaway case from taking the machine down.
const HARD_CAP: isize = 2 << 30;

/// The time limit of one case: `CHORUS_FUZZ_TIME_MS`, default 5 s.
pub fn time_limit() -> Duration {
    let ms = std::env::var("CHORUS_FUZZ_TIME_MS")
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
        .unwrap_or(5_000);
    Duration::from_millis(ms)
}

/// The memory limit of a case over `input_bytes` of input: 64 MiB plus 200 bytes per
/// input byte.
pub fn memory_limit(input_bytes: usize) -> usize {
    (64usize << 20).saturating_add(input_bytes.saturating_mul(200))
}

/// Runs `f` on a thread of its own and returns its result, or fails the case when it
/// panics, takes longer than [`time_limit`], or holds more than [`memory_limit`] bytes
/// of `input_bytes` at its peak. A case over time is left running (a thread cannot be
/// stopped) and reported at once.
pub fn run<T, F>(what: &str, input_bytes: usize, f: F) -> Result<T, TestCaseError>
where
    T: Send + 'static,
    F: FnOnce() -> T + Send + 'static,
{
    let limit = memory_limit(input_bytes);
    let time = time_limit();
    let (tx, rx) = mpsc::channel();
    let handle = thread::Builder::new()
        .name(format!("case: {what}"))
        .spawn(move || {
            let start = LIVE.with(Cell::get);
            PEAK.with(|p| p.set(start));
            CAP.with(|c| c.set(start.saturating_add(HARD_CAP)));
            let out = f();
            let peak = PEAK.with(Cell::get) - start;
            CAP.with(|c| c.set(0));
            let _ = tx.send((out, peak));
        })
        .map_err(|e| TestCaseError::fail(format!("{what}: cannot start a thread: {e}")))?;
    match rx.recv_timeout(time) {
        Ok((out, peak)) => {
            let _ = handle.join();
            if peak.max(0) as usize > limit {
                return Err(TestCaseError::fail(format!(
                    "{what}: peak memory {peak} bytes, over the limit of {limit} for {input_bytes} input bytes"
                )));
            }
            Ok(out)
        }
        Err(RecvTimeoutError::Timeout) => Err(TestCaseError::fail(format!(
            "{what}: still running after {time:?} on {input_bytes} input bytes"
        ))),
        Err(RecvTimeoutError::Disconnected) => {
            let message = match handle.join() {
                Err(payload) => payload
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_else(|| "a panic".to_string()),
                Ok(()) => "the case ended without a result".to_string(),
            };
            Err(TestCaseError::fail(format!("{what} panicked: {message}")))
        }
    }
}

/// Runs `f` twice (each run under [`run`]'s limits) and checks that both runs give the
/// same output, compared by its `Debug` form (so that a NaN equals itself).
pub fn run_twice<T, F>(what: &str, input_bytes: usize, f: F) -> Result<T, TestCaseError>
where
    T: Debug + Send + 'static,
    F: Fn() -> T + Send + Sync + Clone + 'static,
{
    let first = run(what, input_bytes, f.clone())?;
    let second = run(what, input_bytes, f)?;
    let (a, b) = (format!("{first:?}"), format!("{second:?}"));
    if a != b {
        return Err(TestCaseError::fail(format!(
            "{what}: two runs on the same input differ:\n{a}\n---\n{b}"
        )));
    }
    Ok(first)
}

/// The proptest settings of a test whose default case count is `default_cases`:
/// `CHORUS_FUZZ_CASES` overrides the count for every test, `CHORUS_FUZZ_SEED` the fixed
/// seed (`random` for a fresh one). Failures are not written to the source tree; the
/// failing input is printed.
pub fn config(default_cases: u32) -> Config {
    let cases = std::env::var("CHORUS_FUZZ_CASES")
        .ok()
        .and_then(|v| v.trim().parse::<u32>().ok())
        .unwrap_or(default_cases);
    let rng_seed = match std::env::var("CHORUS_FUZZ_SEED") {
        Ok(v) if v.trim() == "random" => RngSeed::Random,
        Ok(v) => RngSeed::Fixed(v.trim().parse().unwrap_or(16)),
        Err(_) => RngSeed::Fixed(16),
    };
    Config {
        cases,
        rng_seed,
        failure_persistence: None,
        max_shrink_iters: 256,
        max_shrink_time: 60_000,
        ..Config::default()
    }
}

/// Fails the case with `message` unless `ok`.
pub fn ensure(ok: bool, message: impl FnOnce() -> String) -> Result<(), TestCaseError> {
    if ok {
        Ok(())
    } else {
        Err(TestCaseError::fail(message()))
    }
}

/// Checks that `start..end` is a range of whole characters inside `body`.
pub fn check_span(what: &str, body: &str, start: usize, end: usize) -> Result<(), TestCaseError> {
    ensure(
        start <= end
            && end <= body.len()
            && body.is_char_boundary(start)
            && body.is_char_boundary(end),
        || {
            format!("{what}: span {start}..{end} is not a range of whole characters in a body of {} bytes", body.len())
        },
    )
}
