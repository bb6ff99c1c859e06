//! Searches the brief's summary weights for the best ROUGE-1 F1 of the first words of the
//! summary on NeuS train, one weight at a time (coordinate ascent), starting from the
//! shipped weights. Only train is read; `chorus eval summary --words 70 --ratio 0` (val)
//! reports the result, and an editor's reading decides whether it is adopted.
//!
//! Usage: `cargo run --release -p eval --example tune_summary -- [--data DIR] [--words N]
//! [--rounds N] [--limit N] [--headline X,Y,…]`. With `--headline`, only those values of
//! `BriefConfig::headline_coverage` are scored, at the shipped weights. Defaults: `../shared/data/summary/neus`, 70 words, 2 rounds,
//! every train cluster. Prints each improvement and the final weights as `summary.tsv`
//! lines.

use std::path::PathBuf;
use std::process::ExitCode;

use brief::{BriefConfig, SummaryModel, SUMMARY_FEATURES};
use eval::summary::{summary_with, NeusSplit};

/// The steps tried around a weight, in each round.
const STEPS: [f64; 6] = [-0.4, -0.2, -0.1, 0.1, 0.2, 0.4];

fn main() -> ExitCode {
    let mut data = PathBuf::from("../shared/data/summary/neus");
    let mut words = 70usize;
    let mut rounds = 2usize;
    let mut limit = None;
    let mut headline: Vec<f64> = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let Some(value) = args.next() else {
            return usage();
        };
        let number = value.parse::<usize>();
        match (arg.as_str(), number) {
            ("--data", _) => data = PathBuf::from(value),
            ("--words", Ok(n)) => words = n,
            ("--rounds", Ok(n)) => rounds = n,
            ("--limit", Ok(n)) => limit = Some(n),
            ("--headline", _) => {
                headline = value.split(',').filter_map(|v| v.parse().ok()).collect();
            }
            _ => return usage(),
        }
    }
    let weights_of = |model: &SummaryModel| -> Vec<f64> {
        model
            .to_tsv()
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| l.split('\t').nth(1)?.parse().ok())
            .collect()
    };
    let score_with = |w: &[f64], headline_coverage: f64| -> Option<f64> {
        let mut weights = [0.0; SUMMARY_FEATURES.len()];
        weights.copy_from_slice(w);
        let config = BriefConfig {
            summary_sentences: 8,
            summary_words: words,
            summary_ratio: 0.0,
            summary_model: SummaryModel::new(weights),
            headline_coverage,
            ..BriefConfig::default()
        };
        match summary_with(&data, NeusSplit::Train, &config, limit, None) {
            Ok(r) => Some(r.rouge1.brief[2]),
            Err(e) => {
                eprintln!("{e}");
                None
            }
        }
    };
    let score = |w: &[f64]| score_with(w, BriefConfig::default().headline_coverage);
    let mut best = weights_of(&SummaryModel::default());
    // With `--headline a,b,…`, only the headline coverage is tried, at the shipped weights.
    if !headline.is_empty() {
        for h in headline {
            if let Some(s) = score_with(&best, h) {
                println!("headline coverage {h}: NeuS train ROUGE-1 F1 {s:.4} at {words} words");
            }
        }
        return ExitCode::SUCCESS;
    }
    if best.len() != SUMMARY_FEATURES.len() {
        eprintln!("the shipped weights do not parse");
        return ExitCode::FAILURE;
    }
    let Some(mut best_score) = score(&best) else {
        return ExitCode::FAILURE;
    };
    println!("shipped weights: NeuS train ROUGE-1 F1 {best_score:.4} at {words} words");
    for round in 0..rounds {
        let scale = 1.0 / (1 << round) as f64;
        // The bias moves every score alike and leaves the order unchanged: not searched.
        for f in 1..SUMMARY_FEATURES.len() {
            for step in STEPS {
                let mut w = best.clone();
                w[f] += step * scale;
                let Some(s) = score(&w) else {
                    return ExitCode::FAILURE;
                };
                if s > best_score + 1e-5 {
                    println!(
                        "round {round}: {} {:+.3} -> {:+.3}: {s:.4}",
                        SUMMARY_FEATURES[f], best[f], w[f]
                    );
                    best = w;
                    best_score = s;
                }
            }
        }
    }
    println!("best: NeuS train ROUGE-1 F1 {best_score:.4} at {words} words");
    for (name, w) in SUMMARY_FEATURES.iter().zip(&best) {
        println!("{name}\t{w}");
    }
    ExitCode::SUCCESS
}

fn usage() -> ExitCode {
    eprintln!("usage: tune_summary [--data DIR] [--words N] [--rounds N] [--limit N] [--headline X,Y,...]");
    ExitCode::from(2)
}
