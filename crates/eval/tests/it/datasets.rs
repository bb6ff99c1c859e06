//! Clustering quality on the shared benchmarks, measured as users run it (the dataset read,
//! extracted and analysed by the engine, then grouped), must not fall below a floor a
//! little under what the default settings reach on the dev splits.

use eval::stories::{self, Options, Split};

use crate::shared;

/// Chorus's and the dev-tuned baseline's B³ F1 on the dev split of a dataset.
fn dev_b_cubed_f1(relative: &str) -> Option<(f64, f64)> {
    let path = shared(relative)?;
    let options = Options {
        data: path,
        format: None,
        split: Split::Dev,
        done_tuning: false,
        baseline_days: 3,
        dump: None,
    };
    let config = engine::Config::default();
    let settings = [("chorus".to_string(), config.cluster.clone())];
    let report = stories::evaluate(&options, &config, &settings).expect("dataset evaluates");
    eprintln!("{report}");
    assert!(report.failures.is_empty(), "{:?}", report.failures);
    Some((report.rows[0].b_cubed.f1, report.rows[1].b_cubed.f1))
}

#[test]
fn basil_b_cubed_stays_above_floor() {
    if let Some((f1, baseline)) = dev_b_cubed_f1("cluster/basil_articles.jsonl") {
        assert!(f1 >= 0.97, "B3 F1 {f1}");
        assert!(baseline >= 0.95, "baseline B3 F1 {baseline}");
    }
}

#[test]
fn ecbplus_b_cubed_stays_above_floor() {
    if let Some((f1, baseline)) = dev_b_cubed_f1("cluster/ecbplus_docs.jsonl") {
        assert!(f1 >= 0.86, "B3 F1 {f1}");
        assert!(baseline >= 0.85, "baseline B3 F1 {baseline}");
    }
}

#[test]
fn allsides_b_cubed_stays_above_floor_and_beats_the_baseline() {
    let data = "summary/neus/raw_crawled/headline_11_2021-10-19_crawled_all.jsonl";
    if let Some((f1, baseline)) = dev_b_cubed_f1(data) {
        assert!(f1 >= 0.92, "B3 F1 {f1}");
        assert!(
            f1 > baseline,
            "B3 F1 {f1} against the baseline's {baseline}"
        );
    }
}

/// BASIL's dev split with its dates removed: the same events told by three outlets, where
/// only the text (and the dates extraction finds in it) can keep two events of one topic
/// apart.
#[test]
fn basil_undated_b_cubed_stays_above_floor() {
    let Some(path) = shared("cluster/basil_articles.jsonl") else {
        return;
    };
    let (_, docs) = stories::load(&path, None).expect("dataset loads");
    let mut docs = stories::select(&docs, Split::Dev, false).expect("dev split");
    for d in &mut docs {
        d.published = None;
    }
    let config = engine::Config::default();
    let mut analysed = stories::analyse(docs, &config).expect("analysed");
    let pred = analysed.stories(&config);
    let f1 = eval::b_cubed(&pred, &analysed.gold()).f1;
    eprintln!("basil dev undated: B3 F1 {f1}");
    assert!(f1 >= 0.90, "B3 F1 {f1}");
}
