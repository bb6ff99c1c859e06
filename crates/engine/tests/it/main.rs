//! Whole-pipeline tests: the golden analysis of the sample corpus, its hand-made gold
//! file, and the real seed articles in `../shared/data`.

mod concurrent;
mod consistency;
mod corpus_gold;
mod golden;
mod incremental;
mod seeds;
mod warc_ids;

use std::path::PathBuf;

use engine::{Config, Event};
use model::Analysis;

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// `../shared/data` beside the checkout, when present.
pub fn shared_data() -> Option<PathBuf> {
    let dir = repo().join("../shared/data");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!(
            "skipping: ../shared/data is absent (expected beside the checkout at {})",
            dir.display()
        );
        None
    }
}

/// Runs the whole pipeline in memory; panics if any input fails.
pub fn analyze(paths: &[PathBuf]) -> Analysis {
    let mut failures = Vec::new();
    let analysis = engine::analyze_paths(paths, &Config::default(), &mut |e| {
        if let Event::Failed(f) = e {
            failures.push(f.to_string());
        }
    });
    assert!(failures.is_empty(), "inputs failed: {failures:#?}");
    analysis
}
