//! The golden analysis of the sample corpus: `chorus analyze --json corpus/sample` must
//! match `test_data/sample.analysis.json` byte for byte. After an intended change, run
//! `UPDATE_EXPECT=1 cargo test -p engine --test it golden` and review the diff.

use crate::{analyze, repo};

#[test]
fn sample_corpus_analysis_matches_golden_file() {
    let analysis = analyze(&[repo().join("corpus/sample")]);
    let got = serde_json::to_string_pretty(&analysis).unwrap() + "\n";
    let path = repo().join("crates/engine/test_data/sample.analysis.json");
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        std::fs::write(&path, &got).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&path).unwrap_or_default();
    if got != want {
        let first = got
            .lines()
            .zip(want.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(0);
        let show = |s: &str| {
            s.lines()
                .skip(first.saturating_sub(3))
                .take(8)
                .collect::<Vec<_>>()
                .join("\n")
        };
        panic!(
            "analysis differs from {} at line {}:\n--- got\n{}\n--- want\n{}\n(UPDATE_EXPECT=1 to accept)",
            path.display(),
            first + 1,
            show(&got),
            show(&want)
        );
    }
}

#[test]
fn analysis_is_deterministic() {
    let a = serde_json::to_string(&analyze(&[repo().join("corpus/sample")])).unwrap();
    let b = serde_json::to_string(&analyze(&[repo().join("corpus/sample")])).unwrap();
    assert!(
        a == b,
        "two runs over the same corpus gave different output"
    );
}
