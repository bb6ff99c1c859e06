//! Scores story clustering as `chorus eval cluster` does (the dataset read, extracted and
//! analysed by the engine, then grouped), under a grid of settings: the documents are
//! analysed once and grouped again for each combination.
//!
//! Usage: `cargo run --release -p eval --example eval_cluster -- --data FILE
//! [--format ecb|basil|allsides|jsonl] [--split dev|test|holdout|all] [--i-am-done-tuning]
//! [--baseline-days N] [--set KEY=VALUE]... [--grid KEY=V1,V2,...]... [--dump FILE]
//! [--mixed]`.
//!
//! `--set` overrides a clustering setting by its serde name for every run; each `--grid`
//! tries every listed value (several grids give every combination). `--mixed` lists, for
//! the first combination, the stories that mix gold clusters and the gold clusters split
//! over several stories.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;

use eval::stories::{self, DataFormat, Options, Split};

fn usage() -> ExitCode {
    eprintln!(
        "usage: eval_cluster --data FILE [--format ecb|basil|allsides|jsonl] \
         [--split dev|test|holdout|all] [--i-am-done-tuning] [--baseline-days N] \
         [--set KEY=VALUE]... [--grid KEY=V1,V2,...]... [--dump FILE] [--mixed]"
    );
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let mut options = Options {
        data: PathBuf::new(),
        format: None,
        split: Split::Dev,
        done_tuning: false,
        baseline_days: 3,
        dump: None,
    };
    let mut sets: Vec<String> = Vec::new();
    let mut grids: Vec<(String, Vec<String>)> = Vec::new();
    let mut mixed = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--mixed" => {
                mixed = true;
                continue;
            }
            "--i-am-done-tuning" => {
                options.done_tuning = true;
                continue;
            }
            _ => {}
        }
        let Some(value) = args.next() else {
            return usage();
        };
        match arg.as_str() {
            "--data" => options.data = PathBuf::from(value),
            "--format" => match DataFormat::from_name(&value) {
                Some(f) => options.format = Some(f),
                None => return usage(),
            },
            "--split" => match Split::from_name(&value) {
                Some(s) => options.split = s,
                None => return usage(),
            },
            "--baseline-days" => match value.parse() {
                Ok(d) => options.baseline_days = d,
                Err(_) => return usage(),
            },
            "--set" => sets.push(value),
            "--grid" => match value.split_once('=') {
                Some((key, values)) => grids.push((
                    key.trim().to_string(),
                    values.split(',').map(|v| v.trim().to_string()).collect(),
                )),
                None => return usage(),
            },
            "--dump" => options.dump = Some(PathBuf::from(value)),
            _ => return usage(),
        }
    }
    if options.data.as_os_str().is_empty() {
        eprintln!("error: --data FILE is required");
        return usage();
    }
    // Every combination of the grids' values, after the fixed settings.
    let mut combinations: Vec<Vec<String>> = vec![Vec::new()];
    for (key, values) in &grids {
        combinations = combinations
            .iter()
            .flat_map(|c| {
                values.iter().map(move |v| {
                    let mut c = c.clone();
                    c.push(format!("{key}={v}"));
                    c
                })
            })
            .collect();
    }
    let base = engine::Config::default();
    let mut settings = Vec::new();
    for combination in &combinations {
        let all: Vec<String> = sets.iter().chain(combination).cloned().collect();
        match stories::patch_config(&base.cluster, &all) {
            Ok(c) => {
                let label = if all.is_empty() {
                    "chorus".to_string()
                } else {
                    format!("chorus {}", all.join(" "))
                };
                settings.push((label, c));
            }
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(2);
            }
        }
    }
    let report = match stories::evaluate(&options, &base, &settings) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            let mut source = std::error::Error::source(&e);
            while let Some(s) = source {
                eprintln!("  caused by: {s}");
                source = s.source();
            }
            return ExitCode::FAILURE;
        }
    };
    print!("{report}");
    if mixed {
        if let Some(first) = report.stories.first() {
            print_mixed(&report, first);
        }
    }
    ExitCode::SUCCESS
}

/// The stories that mix gold clusters, with how many documents of each they hold, and
/// the gold clusters split over several stories.
fn print_mixed(report: &stories::Report, stories: &[usize]) {
    let mut by_story: BTreeMap<usize, BTreeMap<usize, Vec<&str>>> = BTreeMap::new();
    for ((id, gold), story) in report.ids.iter().zip(&report.gold).zip(stories) {
        by_story
            .entry(*story)
            .or_default()
            .entry(*gold)
            .or_default()
            .push(id);
    }
    for (s, gold) in by_story.iter().filter(|(_, g)| g.len() > 1) {
        println!("story {s} mixes: {gold:?}");
    }
    let mut by_gold: BTreeMap<usize, BTreeMap<usize, Vec<&str>>> = BTreeMap::new();
    for (s, gold) in &by_story {
        for (g, ids) in gold {
            by_gold.entry(*g).or_default().insert(*s, ids.clone());
        }
    }
    for (g, stories) in by_gold.iter().filter(|(_, s)| s.len() > 1) {
        println!("gold {g} split: {stories:?}");
    }
}
