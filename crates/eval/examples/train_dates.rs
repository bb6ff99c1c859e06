//! Fits extraction's date model (`crates/extract/src/pubdate.tsv`) on the dev splits of
//! the date benchmarks.
//!
//! Usage: `cargo run --release -p eval --example train_dates -- [--data DIR]
//! [--out FILE] [--lambda X] [--without FEATURE]... [--dry-run] [--misses]`.
//!
//! Every page of the dev splits (see `eval::extract::split_of_case`) of
//! `htmldate-dev`, `wcxb-dev-articles` and `fundus` under `DIR` (default
//! `../shared/data/extract`) whose gold has a date is read as the pipeline reads it, and
//! its candidate dates found as extraction finds them ([`extract::date_candidates`]).
//! The model is a ranker: on each page whose gold day is one of two or more candidates,
//! the gold candidate is set against each other one (the difference of their features,
//! both ways round, each pair weighing `1 / (candidates - 1)` so that every page counts
//! once, and each dataset as much in total as another), and a logistic model without bias is fitted to say which of the two is the
//! gold one (a conditional logit). `--without` leaves a feature out (its weight stays
//! 0), to measure what it brings; `--dry-run` prints without writing; `--misses` lists
//! the dev pages the model gets wrong (`miss`: the gold day was a candidate; `absent`:
//! it was not).
//!
//! Printed per dataset, on the dev split (the rows it was fitted on): how often the gold
//! day is among the candidates (the ceiling), and the model's results when its best
//! candidate must hold at least several shares of the page's probability (right, wrong,
//! none given). Test and hold-out stay unseen here: `chorus eval extract
//! --split test` reports the shipped model on them.

use std::process::ExitCode;

use ::extract::{DateCandidate, DATE_FEATURES};
use eval::extract::Dataset;
use eval::ranker;

/// The least shares of the best candidate at which the model's results are printed.
const THRESHOLDS: [f64; 6] = [0.0, 0.4, 0.5, 0.6, 0.7, 0.8];

type Page = ranker::Page<chrono::NaiveDate, DateCandidate>;

fn main() -> ExitCode {
    let args = match ranker::Args::parse(
        std::env::args().skip(1),
        DATE_FEATURES,
        "crates/extract/src/pubdate.tsv",
    ) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("{e}\nusage: train_dates [--data DIR] [--out FILE] [--lambda X] [--without FEATURE]... [--dry-run] [--misses]");
            return ExitCode::from(2);
        }
    };
    let datasets = [Dataset::HtmlDate, Dataset::Wcxb, Dataset::Fundus];
    let found = ranker::dev_pages(
        &args,
        &datasets,
        |case| case.gold.published,
        |raw| {
            let mut candidates = ::extract::date_candidates(raw);
            for c in &mut candidates {
                ranker::leave_out(&args, &mut c.features);
            }
            candidates
        },
    );
    let pages: Vec<Page> = match found {
        Ok(p) => p,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    let per_set = |d: Dataset| ranker::page_weight(&pages, datasets.len(), d);
    let sets: Vec<learn::RankSet<'_>> = pages
        .iter()
        .filter_map(|p| {
            let right = p.candidates.iter().position(|c| c.date == p.gold)?;
            let rows = p.candidates.iter().map(|c| c.features.as_slice()).collect();
            Some((rows, right, per_set(p.dataset)))
        })
        .collect();
    let model = ranker::fit(&sets, DATE_FEATURES, &args);
    for dataset in datasets {
        let of: Vec<&Page> = pages.iter().filter(|p| p.dataset == dataset).collect();
        let n = of.len();
        let ceiling = of
            .iter()
            .filter(|p| p.candidates.iter().any(|c| c.date == p.gold))
            .count();
        println!("{dataset} [dev]: {n} pages with a gold date");
        println!(
            "  gold among the candidates {ceiling} ({:.4})",
            ranker::ratio(ceiling, n)
        );
        for t in THRESHOLDS {
            let (mut right, mut wrong, mut none) = (0, 0, 0);
            for p in &of {
                match ::extract::best_date(&p.candidates, &model) {
                    Some((q, d)) if q >= t => {
                        if d == p.gold {
                            right += 1
                        } else {
                            wrong += 1
                        }
                    }
                    _ => none += 1,
                }
            }
            println!(
                "  model at share >= {t:.1}    {right} ({:.4}) right, {wrong} wrong, {none} none",
                ranker::ratio(right, n)
            );
        }
    }
    if args.misses {
        for p in &pages {
            let got = ::extract::best_date(&p.candidates, &model).map(|(_, d)| d);
            if got == Some(p.gold) {
                continue;
            }
            let kind = if p.candidates.iter().any(|c| c.date == p.gold) {
                "miss"
            } else {
                "absent"
            };
            println!("{kind} {} {}: gold {}", p.dataset, p.id, p.gold);
            for c in &p.candidates {
                let on = ranker::set_features(DATE_FEATURES, &c.features);
                println!(
                    "  {} score={:.2} {}{}",
                    c.date,
                    model.score(&c.features),
                    on,
                    if c.date == p.gold { "  <= gold" } else { "" }
                );
            }
        }
    }
    if let Err(e) = ranker::finish(&model, DATE_FEATURES, &args) {
        eprintln!("{e}");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
