//! Fits the ranker of who a speaking pronoun is
//! (`crates/analyze/src/quotes/antecedent.tsv`) on the marked PolNeAR train pronouns and
//! checks it on the dev ones (`eval::quotes::pronouns`).
//!
//! Usage: `cargo run --release -p eval --example train_antecedents -- [--data DIR]
//! [--out FILE] [--lambda X] [--without FEATURE]... [--dry-run] [--misses]`
//! (`eval::ranker::Args`). Defaults: `../shared/data/quotes/polnear` (with `train/` and
//! `dev/`), the shipped weight file, L2 penalty 1. Each marked train pronoun whose
//! person is among its candidates is one ranking set (`learn::fit_ranker`). Dev is never
//! fitted nor read for errors: `--misses` lists the train pronouns the fitted ranker gets
//! wrong. `--dry-run` prints without writing.

use std::process::ExitCode;

use analyze::quotes::antecedent::FEATURES;
use eval::quotes::pronouns;
use eval::ranker;

fn main() -> ExitCode {
    let args = match ranker::Args::parse_in(
        std::env::args().skip(1),
        &FEATURES,
        "crates/analyze/src/quotes/antecedent.tsv",
        "../shared/data/quotes/polnear",
    ) {
        Ok(args) => args,
        Err(e) => {
            eprintln!("{e}\nusage: train_antecedents [--data DIR] [--out FILE] [--lambda X] [--without FEATURE]... [--dry-run] [--misses]");
            return ExitCode::FAILURE;
        }
    };
    let read = |split: &str| {
        let mut sets = pronouns::sets(&args.root.join(split))?;
        for (_, _, (rows, _)) in &mut sets {
            for row in rows.iter_mut() {
                ranker::leave_out(&args, row);
            }
        }
        Ok::<_, eval::EvalError>(sets)
    };
    let (train_sets, dev_sets) = match (read("train"), read("dev")) {
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
    let model = ranker::fit(&ranked, &FEATURES, &args);
    for (split, sets) in [("train", &train_sets), ("dev", &dev_sets)] {
        match pronouns::score(sets, &model, args.misses && split == "train") {
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
    match ranker::finish(&model, &FEATURES, &args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("train_antecedents: {e}");
            ExitCode::FAILURE
        }
    }
}
