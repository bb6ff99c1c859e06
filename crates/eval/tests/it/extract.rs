//! Extraction quality on a small slice of the test split of each benchmark must not fall
//! below a floor a little under what extraction reaches today, so regressions show in CI.

use eval::extract::{evaluate, Dataset, Selection, Split};

use crate::shared;

/// The first `n` pages of the test split.
fn first(n: usize) -> Selection {
    Selection {
        split: Split::Test,
        done_tuning: false,
        limit: Some(n),
    }
}

#[test]
fn scrapinghub_slice_stays_above_floor() {
    let Some(dir) = shared(&format!("extract/{}", Dataset::ScrapingHub.name())) else {
        return;
    };
    let report = evaluate(Dataset::ScrapingHub, &dir, first(20)).expect("dataset loads");
    eprintln!("{report}");
    assert_eq!(report.docs, 20);
    let body = report.body.expect("scrapinghub has gold text");
    assert!(body.f1 >= F1_FLOOR, "F1 {} under {F1_FLOOR}", body.f1);
}

/// A little under the F1 the first 20 test pages reach today (0.979; the whole set: 0.972).
const F1_FLOOR: f64 = 0.97;

#[test]
fn htmldate_slice_stays_above_floor() {
    let Some(dir) = shared(&format!("extract/{}", Dataset::HtmlDate.name())) else {
        return;
    };
    let report = evaluate(Dataset::HtmlDate, &dir, first(40)).expect("dataset loads");
    eprintln!("{report}");
    for miss in &report.misses {
        eprintln!("{miss}");
    }
    let date = report.published.value();
    assert!(
        date >= DATE_FLOOR,
        "date accuracy {date} under {DATE_FLOOR}"
    );
}

/// A little under the date accuracy the first 40 htmldate-dev test pages reach today
/// (1.0, three misses of margin; the whole test split: 0.926).
const DATE_FLOOR: f64 = 0.925;

#[test]
fn wcxb_slice_stays_above_floors() {
    let Some(dir) = shared(&format!("extract/{}", Dataset::Wcxb.name())) else {
        return;
    };
    let report = evaluate(Dataset::Wcxb, &dir, first(40)).expect("dataset loads");
    eprintln!("{report}");
    let title = report.title.value();
    assert!(
        title >= TITLE_FLOOR,
        "title accuracy {title} under {TITLE_FLOOR}"
    );
    let names = report.byline_names.precision();
    assert!(
        names >= BYLINE_PRECISION_FLOOR,
        "byline name precision {names} under {BYLINE_PRECISION_FLOOR}"
    );
    let body = report.body.expect("wcxb has gold text");
    assert!(
        body.f1 >= WCXB_F1_FLOOR,
        "F1 {} under {WCXB_F1_FLOOR}",
        body.f1
    );
}

/// A little under what the first 40 WCXB-dev article test pages reach today (title
/// 0.975, byline name precision 0.93, F1 0.966; the whole test split: title 0.910, byline
/// name precision 0.924, F1 0.950).
const TITLE_FLOOR: f64 = 0.85;
const BYLINE_PRECISION_FLOOR: f64 = 0.85;
const WCXB_F1_FLOOR: f64 = 0.95;
