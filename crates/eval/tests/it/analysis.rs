//! The analysis and brief evaluations on small subsets of the shared data, each held to
//! a floor a little under the score it had when it moved here. The full runs are ignored
//! tests that print the reports: `cargo test -p eval --release --test it analysis --
//! --ignored --nocapture`.

use eval::dates::{dates, DatesKind};
use eval::entities::{bodies, entities, entities_with, EntitiesKind};
use eval::quotes::quotes;
use eval::summary::summary;

use crate::shared;

#[test]
fn quotes_on_ten_polnear_documents() {
    let Some(dir) = shared("quotes/polnear/dev") else {
        return;
    };
    let report = quotes(&dir, Some(10), true, model::Quote::SHOWN_CONFIDENCE)
        .expect("PolNeAR dev is readable");
    println!("{report}");
    assert_eq!(report.documents, 10);
    assert!(
        report.direct.f1() >= FLOOR_QUOTES_DIRECT,
        "{}",
        report.direct
    );
    assert!(report.all.f1() >= FLOOR_QUOTES_ALL, "{}", report.all);
    assert!(
        report.all.source_f1() >= FLOOR_QUOTES_SOURCE,
        "{}",
        report.all
    );
    assert!(report.all.source_f1() <= report.all.f1(), "{}", report.all);
    assert!(
        report.direct.speaker_accuracy() >= FLOOR_SPEAKER,
        "{}",
        report.direct
    );
    assert!(report.details.iter().any(|d| d.starts_with("== ")));
    let shown = &report.shown;
    assert!(
        shown.reported_precision() >= FLOOR_SHOWN_REPORTED_PRECISION,
        "{shown}"
    );
    assert!(
        shown.statement_recall() >= FLOOR_SHOWN_STATEMENT_RECALL,
        "{shown}"
    );
    assert!(shown.direct_f1() >= FLOOR_SHOWN_DIRECT_F1, "{shown}");
    assert!(
        shown.calibration_error() <= CEILING_CALIBRATION_ERROR,
        "{shown}"
    );
    // Every shown quote reaches the threshold; the JSON keeps the rest.
    assert!(shown.reported_shown > 0 && shown.direct_pred > 0, "{shown}");
}

#[test]
fn dates_on_ten_timeml_documents_per_corpus() {
    let Some(dir) = shared("dates/tempeval3") else {
        return;
    };
    assert_eq!(DatesKind::detect(&dir), Some(DatesKind::TempEval3));
    let report = dates(&dir, DatesKind::TempEval3, Some(10), false).expect("TempEval-3 reads");
    println!("{report}");
    assert_eq!(report.documents, 20);
    let labels: Vec<&str> = report.scores.iter().map(|s| s.label.as_str()).collect();
    assert_eq!(labels, ["TimeBank", "AQUAINT", "TimeBank+AQUAINT"]);
    assert!(report.scores[2].f1() >= FLOOR_DATES_TBAQ, "{report}");
}

#[test]
fn dates_on_ten_meantime_documents() {
    let Some(dir) = shared("ner/meantime-en") else {
        return;
    };
    assert_eq!(DatesKind::detect(&dir), Some(DatesKind::Meantime));
    let report = dates(&dir, DatesKind::Meantime, Some(10), false).expect("MEANTIME reads");
    println!("{report}");
    assert_eq!(report.documents, 10);
    assert!(report.scores[0].f1() >= FLOOR_DATES_MEANTIME, "{report}");
}

#[test]
fn entities_on_ten_wikigold_documents() {
    let Some(dir) = shared("ner/wikigold") else {
        return;
    };
    assert_eq!(EntitiesKind::detect(&dir), Some(EntitiesKind::Wikigold));
    let report = entities(&dir, Some(10), false).expect("wikigold reads");
    println!("{report}");
    assert_eq!(report.documents, 10);
    assert!(report.scores[3].f1() >= FLOOR_WIKIGOLD, "{report}");
}

#[test]
fn entities_on_ten_meantime_documents() {
    let Some(dir) = shared("ner/meantime-en") else {
        return;
    };
    assert_eq!(EntitiesKind::detect(&dir), Some(EntitiesKind::Meantime));
    let report = entities(&dir, Some(10), true).expect("MEANTIME reads");
    println!("{report}");
    assert_eq!(report.documents, 10);
    assert!(
        report.scores[3].recall() >= FLOOR_MEANTIME_RECALL,
        "{report}"
    );
    assert!(report.scores[3].f1() >= FLOOR_MEANTIME_F1, "{report}");
}

#[test]
fn a_peer_is_scored_on_the_same_bodies() {
    let Some(dir) = shared("ner/meantime-en") else {
        return;
    };
    let texts = bodies(&dir, Some(5)).expect("MEANTIME reads");
    assert_eq!(texts.len(), 5);
    // A peer that finds nothing scores zero; one that tags every body's first word as a
    // place is scored on exactly those words.
    let silent = entities_with(&dir, Some(5), false, Some(vec![Vec::new(); 5])).expect("scores");
    assert_eq!(silent.scores[3].pred, 0, "{silent}");
    let first_words: Vec<Vec<(usize, usize, String)>> = texts
        .iter()
        .map(|b| {
            let end = b.find(' ').unwrap_or(b.len());
            vec![(0, end, "LOC".to_string())]
        })
        .collect();
    let naive = entities_with(&dir, Some(5), false, Some(first_words)).expect("scores");
    assert!(naive.scores[3].pred <= 5, "{naive}");
    assert!(entities_with(&dir, Some(5), false, Some(vec![Vec::new(); 4])).is_err());
}

#[test]
fn summary_on_ten_neus_clusters() {
    let Some(dir) = shared("summary/neus") else {
        return;
    };
    let report = summary(&dir, 8, 120, 0.35, Some(10), None).expect("NeuS val reads");
    println!("{report}");
    assert_eq!(report.clusters, 10);
    assert!(report.rouge1.brief[2] >= FLOOR_ROUGE1, "{report}");
    assert!(report.rouge2.brief[2] > 0.0, "{report}");
    assert!(
        report.rouge_l.brief[2] >= report.rouge2.brief[2],
        "{report}"
    );
}

#[test]
fn a_folder_without_data_is_an_error() {
    let empty = std::env::temp_dir().join("chorus-eval-no-such-dataset");
    assert!(quotes(&empty, None, false, model::Quote::SHOWN_CONFIDENCE).is_err());
    assert!(entities(&empty, None, false).is_err());
    assert!(summary(&empty, 8, 120, 0.35, None, None).is_err());
    assert_eq!(DatesKind::detect(&empty), None);
    assert!(dates(&empty, DatesKind::TempEval3, None, false).is_err());
    assert!(dates(&empty, DatesKind::Meantime, None, false).is_err());
}

#[test]
#[ignore = "full measurement on the shared data; prints every report"]
fn full_reports() {
    let Some(data) = shared("") else { return };
    let show = |name: &str, report: Result<String, eval::EvalError>| match report {
        Ok(r) => println!("== {name}\n{r}"),
        Err(e) => println!("== {name}: {e}"),
    };
    show(
        "quotes",
        quotes(
            &data.join("quotes/polnear/dev"),
            None,
            false,
            model::Quote::SHOWN_CONFIDENCE,
        )
        .map(|r| r.to_string()),
    );
    show(
        "dates tempeval3",
        dates(
            &data.join("dates/tempeval3"),
            DatesKind::TempEval3,
            None,
            false,
        )
        .map(|r| r.to_string()),
    );
    show(
        "dates meantime",
        dates(
            &data.join("ner/meantime-en"),
            DatesKind::Meantime,
            None,
            false,
        )
        .map(|r| r.to_string()),
    );
    show(
        "entities wikigold",
        entities(&data.join("ner/wikigold"), None, false).map(|r| r.to_string()),
    );
    show(
        "entities meantime",
        entities(&data.join("ner/meantime-en"), None, false).map(|r| r.to_string()),
    );
    show(
        "summary",
        summary(&data.join("summary/neus"), 8, 120, 0.35, None, None).map(|r| r.to_string()),
    );
}

// Floors, a little under the scores of the ten-document subsets when they moved here
// (direct F1 0.859, all 0.632, speaker accuracy 0.849; dates F1 0.850 and 0.909;
// wikigold F1 0.538; MEANTIME entity recall 0.243; ROUGE-1 F1 0.361), raised with
// reported speech, `''` quotes and MEANTIME spans without a leading article (all F1
// 0.661, source F1 0.605, speaker accuracy 0.887, MEANTIME recall 0.432), and with
// descriptions resolved by role and scored as nominal sources (source F1 0.621,
// speaker accuracy 0.922), and single names only a verb calls people typed as
// organisations (MEANTIME recall 0.459). MEANTIME gold then gained every mention of a
// REFERS_TO link (not only the first), and the analyzer products, indices, currencies
// and companies with a place or acronym in their name, and more indirect attributions
// (MEANTIME recall 0.487, F1 0.494; wikigold F1 0.532; all F1 0.703, source F1 0.659);
// with a summary budget that grows with the cluster's length, ROUGE-1 F1 0.418.
// The corrected direct measure counts a partial quote read inside its reported clause as
// missed; the issue-18 measure below credits it (0.807 here when set). Lowered when
// quotes of one to three words moved into the clause their cue opens (0.776 here; the
// whole dev split's direct F1 rose from 0.903 to 0.905 by the issue-18 measure).
const FLOOR_QUOTES_DIRECT: f64 = 0.77;
// Every attribution, stances included: the issue-18 measure below replaced it, and the
// objects of verbs of stance ("X blasted the plan") are no longer quotes.
const FLOOR_QUOTES_ALL: f64 = 0.62;
const FLOOR_QUOTES_SOURCE: f64 = 0.58;
// What a reader is shown (confidence >= 0.5), on the first ten dev documents (0.771,
// 0.789 and 0.073 at the end of the session that set them; the ECE of 100 quotes is
// noisy, the whole dev split gives 0.035). Raised when reported content learnt to end
// before a second verb of the speaker's and phrases after "said" stopped being
// statements: precision 0.794, statements' recall 0.739 (17 of 23). Nominal sources
// ("the announcer said") and the cue-distance signals: precision 0.818, direct F1 0.816,
// ECE 0.086 on these 98 quotes while the whole dev split's fell from 0.033 to 0.030, so
// the ceiling is 0.09: ten documents are too few for a ten-bin ECE.
const FLOOR_SHOWN_REPORTED_PRECISION: f64 = 0.78;
const FLOOR_SHOWN_STATEMENT_RECALL: f64 = 0.7;
// Lowered when direct quotes of one to three words stopped being shown alone
// (`Quote::is_fragment`; the brief never showed them): 0.759 on these documents (9
// fragments hidden), the whole dev split's direct F1 from 0.905 to 0.883.
const FLOOR_SHOWN_DIRECT_F1: f64 = 0.74;
const CEILING_CALIBRATION_ERROR: f64 = 0.09;
const FLOOR_SPEAKER: f64 = 0.89;
const FLOOR_DATES_TBAQ: f64 = 0.80;
const FLOOR_DATES_MEANTIME: f64 = 0.85;
const FLOOR_WIKIGOLD: f64 = 0.51;
const FLOOR_MEANTIME_RECALL: f64 = 0.46;
const FLOOR_MEANTIME_F1: f64 = 0.47;
const FLOOR_ROUGE1: f64 = 0.39;
