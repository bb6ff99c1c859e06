//! Clustering quality on the shared benchmarks must not fall below a floor a little under
//! what the default settings reach.

use cluster::ClusterConfig;

use crate::shared;

fn b_cubed_f1(name: &str) -> Option<f64> {
    let path = shared(&format!("cluster/{name}"))?;
    let docs = eval::load_jsonl(&path).expect("dataset loads");
    let report = eval::evaluate_clustering(&docs, &ClusterConfig::default());
    eprintln!("{name}:\n{report}");
    Some(report.b_cubed.f1)
}

#[test]
fn basil_b_cubed_stays_above_floor() {
    if let Some(f1) = b_cubed_f1("basil_articles.jsonl") {
        assert!(f1 >= 0.96, "B3 F1 {f1}");
    }
}

#[test]
fn ecbplus_b_cubed_stays_above_floor() {
    if let Some(f1) = b_cubed_f1("ecbplus_docs.jsonl") {
        assert!(f1 >= 0.90, "B3 F1 {f1}");
    }
}

/// BASIL with its dates removed: the same events told by three outlets, where only the
/// text (names, years, the name conflict) can keep two events of one topic apart.
#[test]
fn basil_undated_b_cubed_stays_above_floor() {
    let Some(path) = shared("cluster/basil_articles.jsonl") else {
        return;
    };
    let mut docs = eval::load_jsonl(&path).expect("dataset loads");
    for d in &mut docs {
        d.published = None;
    }
    let report = eval::evaluate_clustering(&docs, &ClusterConfig::default());
    eprintln!("basil_articles.jsonl undated:\n{report}");
    assert!(report.b_cubed.f1 >= 0.88, "B3 F1 {}", report.b_cubed.f1);
}
