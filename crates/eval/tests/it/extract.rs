//! Extraction quality on a small slice of the ScrapingHub benchmark must not fall below a
//! floor a little under what extraction reaches today, so regressions show in CI.

use eval::extract::{evaluate, Dataset};

use crate::shared;

#[test]
fn scrapinghub_slice_stays_above_floor() {
    let Some(dir) = shared(&format!("extract/{}", Dataset::ScrapingHub.name())) else {
        return;
    };
    let report = evaluate(Dataset::ScrapingHub, &dir, Some(20)).expect("dataset loads");
    eprintln!("{report}");
    assert_eq!(report.docs, 20);
    let body = report.body.expect("scrapinghub has gold text");
    assert!(body.f1 >= F1_FLOOR, "F1 {} under {F1_FLOOR}", body.f1);
}

/// A little under the F1 the first 20 pages reach today.
const F1_FLOOR: f64 = 0.95;
