//! Fuzz and property tests for Chorus; this library is empty on purpose.
//!
//! The tests live in `tests/fuzz` (one test binary, `cargo test -p fuzz`). They feed
//! adversarial inputs to every public entry point that reads untrusted data: the input
//! readers (plain text, HTML, JSON lines, RSS/Atom, WARC, each also gzipped), extraction,
//! every analysis module and the whole `analyze`, the brief, duplicate detection and
//! clustering, and the search query path. Inputs are realistic seeds (news sentences,
//! pages, feeds, archive records, JSON lines) that are then mutated: odd Unicode, control
//! characters, byte-order marks, invalid UTF-8, legacy encodings, deep nesting and long
//! repetition.
//!
//! Each case runs in its own thread under a time limit and a memory limit (a counting
//! global allocator measures the peak bytes the case's thread holds), and every test
//! checks the contract of what it calls: no panic, offsets on character boundaries
//! inside the body, the same output for the same input.
//!
//! Environment:
//! - `CHORUS_FUZZ_CASES`: cases per test (the defaults keep the whole binary near a
//!   minute in a debug build); `CHORUS_FUZZ_CASES=20000 cargo test -p fuzz --release`
//!   is the long run.
//! - `CHORUS_FUZZ_SEED`: a number for another fixed seed, or `random` for a fresh one
//!   each run (the default seed is fixed, so CI is reproducible).
//! - `CHORUS_FUZZ_TIME_MS`: the time limit of one case (default 5000).
