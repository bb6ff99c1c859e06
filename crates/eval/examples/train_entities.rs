//! Fits the entity confidence model (`crates/analyze/src/entities/confidence.tsv`) on the
//! dev documents of wikigold and MEANTIME and checks it on their test documents.
//!
//! Usage: `cargo run --release -p eval --example train_entities -- [--data DIR] [--out
//! FILE] [--lambda X]`. Defaults: `../shared/data/ner` (its `wikigold` and
//! `meantime-en`), the shipped weight file, L2 penalty 1.
//!
//! Every mention Chorus finds in the scored part of a dev document is a row
//! (`eval::entities::labelled`): its signals (`analyze::entities::confidence::FEATURES`)
//! and whether it is right (its tokens and type are a gold entity's; MEANTIME, which
//! types few of its names, gives only the mentions a gold entity overlaps, and, as wrong,
//! those inside one of its common noun phrases that touch no name); each corpus
//! weighs the same in all. The split is
//! `eval::entities::split_of_document`: the hold-out fifth is never read here. After
//! fitting, the weights are written and the test documents are scored under them: the
//! calibration error, and precision and recall of the rows at several thresholds.

use std::path::PathBuf;
use std::process::ExitCode;

use analyze::entities::confidence::FEATURES;
use eval::entities::{labelled, Labelled};
use eval::stories::Split;

fn main() -> ExitCode {
    let mut data = PathBuf::from("../shared/data/ner");
    let mut out = PathBuf::from("crates/analyze/src/entities/confidence.tsv");
    let mut lambda = 1.0;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let Some(value) = args.next() else {
            return usage();
        };
        match arg.as_str() {
            "--data" => data = PathBuf::from(value),
            "--out" => out = PathBuf::from(value),
            "--lambda" => match value.parse() {
                Ok(x) => lambda = x,
                Err(_) => return usage(),
            },
            _ => return usage(),
        }
    }
    // Each corpus weighs the same in all: wikigold's encyclopaedia text would otherwise
    // outweigh MEANTIME's news seven to one.
    let rows_of = |split: Split| -> Result<Vec<(Labelled, f64)>, String> {
        let mut rows = Vec::new();
        for set in ["wikigold", "meantime-en"] {
            let path = data.join(set);
            let got =
                labelled(&path, split, false).map_err(|e| format!("{}: {e}", path.display()))?;
            let right = got.iter().filter(|r| r.right).count();
            eprintln!(
                "{set} {}: {} mentions, {right} right",
                split.name(),
                got.len()
            );
            let weight = 1000.0 / got.len().max(1) as f64;
            rows.extend(got.into_iter().map(|r| (r, weight)));
        }
        Ok(rows)
    };
    let (train, test) = match (rows_of(Split::Dev), rows_of(Split::Test)) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    let rows: Vec<learn::Row<'_>> = train
        .iter()
        .map(|(r, w)| (&r.features[..], r.right, *w))
        .collect();
    let model = learn::Logistic::new(learn::fit(&rows, lambda, 50));
    let mut tsv = String::from(
        "# Entity confidence weights: fitted on the dev documents of wikigold and MEANTIME by eval/examples/train_entities.rs.\n",
    );
    tsv.push_str(&model.to_tsv(&FEATURES));
    if let Err(e) = std::fs::write(&out, tsv) {
        eprintln!("{}: {e}", out.display());
        return ExitCode::FAILURE;
    }
    for (name, w) in FEATURES.iter().zip(model.weights()) {
        eprintln!("{name:>16} {w:+.3}");
    }
    // Dev (the rows fitted on) chooses the threshold the brief shows entities at; test
    // reports it.
    for (name, rows) in [("dev", &train), ("test", &test)] {
        let scored: Vec<(f64, bool)> = rows
            .iter()
            .map(|(r, _)| (model.probability(&r.features), r.right))
            .collect();
        println!(
            "{name}: {} mentions, calibration error {:.3} (10 bins)",
            scored.len(),
            learn::calibration_error(&scored, 10)
        );
        let right = scored.iter().filter(|r| r.1).count();
        for threshold in [0.0, 0.3, 0.4, 0.5, 0.55, 0.6, 0.65, 0.7] {
            let kept: Vec<&(f64, bool)> = scored.iter().filter(|r| r.0 >= threshold).collect();
            let good = kept.iter().filter(|r| r.1).count();
            println!(
                "  at {threshold:.2}: keeps {} of {}, right {:.3}, keeps {:.3} of the right ones",
                kept.len(),
                scored.len(),
                good as f64 / kept.len().max(1) as f64,
                good as f64 / right.max(1) as f64
            );
        }
    }
    ExitCode::SUCCESS
}

fn usage() -> ExitCode {
    eprintln!("usage: train_entities [--data DIR] [--out FILE] [--lambda X]");
    ExitCode::from(2)
}
