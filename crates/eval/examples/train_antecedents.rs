//! Fits the ranker of who a speaking pronoun is
//! (`crates/analyze/src/quotes/antecedent.tsv`) on the marked PolNeAR train pronouns and
//! checks it on the dev ones (`eval::quotes::pronouns`).
//!
//! Usage: `cargo run --release -p eval --example train_antecedents -- [--train DIR]
//! [--dev DIR] [--out FILE] [--lambda X] [--dry-run] [--verbose]`. Defaults:
//! `../shared/data/quotes/polnear/{train,dev}`, the shipped weight file, L2 penalty 1.
//! Each marked train pronoun whose person is among its candidates is one ranking set
//! (`learn::fit_ranker`). Dev is never fitted nor read for errors: `--verbose` lists the
//! train pronouns the fitted ranker gets wrong. `--dry-run` prints without writing.

use std::path::PathBuf;
use std::process::ExitCode;

use analyze::quotes::antecedent::FEATURES;
use eval::quotes::pronouns;

fn main() -> ExitCode {
    let mut train = PathBuf::from("../shared/data/quotes/polnear/train");
    let mut dev = PathBuf::from("../shared/data/quotes/polnear/dev");
    let mut out = PathBuf::from("crates/analyze/src/quotes/antecedent.tsv");
    let mut lambda = 1.0;
    let mut dry_run = false;
    let mut verbose = false;
    let mut args = std::env::args().skip(1).filter(|a| {
        dry_run |= a == "--dry-run";
        verbose |= a == "--verbose";
        a != "--dry-run" && a != "--verbose"
    });
    while let Some(arg) = args.next() {
        let Some(value) = args.next() else {
            return usage();
        };
        match arg.as_str() {
            "--train" => train = PathBuf::from(value),
            "--dev" => dev = PathBuf::from(value),
            "--out" => out = PathBuf::from(value),
            "--lambda" => match value.parse() {
                Ok(x) => lambda = x,
                Err(_) => return usage(),
            },
            _ => return usage(),
        }
    }
    let (train_sets, dev_sets) = match (pronouns::sets(&train), pronouns::sets(&dev)) {
        (Ok(t), Ok(d)) => (t, d),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("train_antecedents: {e}");
            return ExitCode::FAILURE;
        }
    };
    let ranked: Vec<learn::RankSet<'_>> = train_sets
        .iter()
        .filter_map(|(_, _, (rows, right))| {
            let right = (*right)?;
            Some((rows.iter().map(|r| r.as_slice()).collect(), right, 1.0))
        })
        .collect();
    let weights = learn::fit_ranker(&ranked, lambda, 50);
    let model = learn::Logistic::new(weights);
    for (split, sets) in [("train", &train_sets), ("dev", &dev_sets)] {
        match pronouns::score(sets, &model, verbose && split == "train") {
            Ok(report) => {
                println!("{split}: {report}");
                for d in &report.details {
                    println!("  {d}");
                }
            }
            Err(e) => {
                eprintln!("train_antecedents: {e}");
                return ExitCode::FAILURE;
            }
        }
    }
    let tsv = model.to_tsv(&FEATURES);
    print!("{tsv}");
    if !dry_run {
        if let Err(e) = std::fs::write(&out, tsv) {
            eprintln!("train_antecedents: {}: {e}", out.display());
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}

fn usage() -> ExitCode {
    eprintln!(
        "usage: train_antecedents [--train DIR] [--dev DIR] [--out FILE] [--lambda X] [--dry-run] [--verbose]"
    );
    ExitCode::FAILURE
}
