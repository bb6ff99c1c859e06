//! Fits extraction's title model (`crates/extract/src/title.tsv`) on the dev splits of
//! the title benchmarks.
//!
//! Usage: `cargo run --release -p eval --example train_titles -- [--data DIR]
//! [--out FILE] [--lambda X] [--without FEATURE]... [--dry-run] [--misses]`.
//!
//! Every page of the dev splits (see `eval::extract::split_of_case`) of
//! `wcxb-dev-articles` and `fundus` under `DIR` (default `../shared/data/extract`) whose
//! gold has a title is read as the pipeline reads it, and its candidate titles found as
//! extraction finds them ([`extract::title_candidates`]). As for dates (`train_dates`),
//! the model is a ranker fitted as a conditional logit: on each page whose gold title
//! (compared as the eval compares titles, [`eval::extract::same_title`]) is one of two
//! or more candidates, the gold candidate against each other one, as feature
//! differences both ways round, each pair weighing `1 / (candidates - 1)` and each
//! dataset as much in total as the other. `--without` leaves a feature out, `--dry-run`
//! prints without writing, `--misses` lists the dev pages the model gets wrong.
//!
//! Printed per dataset, on the dev split: how often the gold title is among the
//! candidates (the ceiling), how often the first candidate (the agreement rules' title)
//! is right, and how often the model's choice is. `chorus eval extract --split test`
//! reports the shipped model on the test split.

use std::process::ExitCode;

use ::extract::{TitleCandidate, TITLE_FEATURES};
use eval::extract::{same_title, Dataset};
use eval::ranker;

const SETS: [Dataset; 2] = [Dataset::Wcxb, Dataset::Fundus];

type Page = ranker::Page<String, TitleCandidate>;

fn main() -> ExitCode {
    let args = match ranker::Args::parse(
        std::env::args().skip(1),
        TITLE_FEATURES,
        "crates/extract/src/title.tsv",
    ) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("{e}\nusage: train_titles [--data DIR] [--out FILE] [--lambda X] [--without FEATURE]... [--dry-run] [--misses]");
            return ExitCode::from(2);
        }
    };
    let datasets = SETS;
    let found = ranker::dev_pages(
        &args,
        &datasets,
        |case| case.gold.title.clone().filter(|t| !t.trim().is_empty()),
        |raw| {
            let mut candidates = ::extract::title_candidates(raw);
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
            let right = p
                .candidates
                .iter()
                .position(|c| same_title(&c.title, &p.gold))?;
            // Another candidate that reads as the gold once folded is neither right nor
            // wrong: it is left out.
            let rows = p
                .candidates
                .iter()
                .enumerate()
                .filter(|(i, c)| *i == right || !same_title(&c.title, &p.gold))
                .map(|(_, c)| c.features.as_slice())
                .collect();
            Some((rows, right, per_set(p.dataset)))
        })
        .collect();
    let model = ranker::fit(&sets, TITLE_FEATURES, &args);
    for dataset in datasets {
        let of: Vec<&Page> = pages.iter().filter(|p| p.dataset == dataset).collect();
        let n = of.len();
        let count = |f: &dyn Fn(&Page) -> bool| of.iter().filter(|p| f(p)).count();
        let ceiling = count(&|p| p.candidates.iter().any(|c| same_title(&c.title, &p.gold)));
        let rules = count(&|p| {
            p.candidates
                .first()
                .is_some_and(|c| same_title(&c.title, &p.gold))
        });
        let chosen = count(&|p| {
            ::extract::best_title(&p.candidates, &model)
                .is_some_and(|(_, t)| same_title(&t, &p.gold))
        });
        println!("{dataset} [dev]: {n} pages with a gold title");
        println!(
            "  gold among the candidates {ceiling} ({:.4})",
            ranker::ratio(ceiling, n)
        );
        println!(
            "  the rules' title          {rules} ({:.4})",
            ranker::ratio(rules, n)
        );
        println!(
            "  the model's choice        {chosen} ({:.4})",
            ranker::ratio(chosen, n)
        );
    }
    if args.misses {
        for p in &pages {
            let got = ::extract::best_title(&p.candidates, &model).map(|(_, t)| t);
            if got.as_deref().is_some_and(|t| same_title(t, &p.gold)) {
                continue;
            }
            println!("miss {} {}: gold {:?}", p.dataset, p.id, p.gold);
            for c in &p.candidates {
                let on = ranker::set_features(TITLE_FEATURES, &c.features);
                println!(
                    "  {:?} score={:.2} {}",
                    c.title,
                    model.score(&c.features),
                    on
                );
            }
        }
    }
    if let Err(e) = ranker::finish(&model, TITLE_FEATURES, &args) {
        eprintln!("{e}");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
