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
//! over several stories. `--explain` replays the first combination document by document
//! (without recall or folds) and prints, for each document that joins another gold
//! cluster's story or misses its own, the join model's signals for both stories.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;

use eval::stories::{self, DataFormat, Options, Split};

fn usage() -> ExitCode {
    eprintln!(
        "usage: eval_cluster --data FILE [--format ecb|basil|allsides|jsonl] \
         [--split dev|test|holdout|all] [--i-am-done-tuning] [--baseline-days N] \
         [--set KEY=VALUE]... [--grid KEY=V1,V2,...]... [--dump FILE] [--mixed] [--explain] [--undated] [--shuffled]"
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
        undated: false,
        shuffled: false,
    };
    let mut sets: Vec<String> = Vec::new();
    let mut grids: Vec<(String, Vec<String>)> = Vec::new();
    let mut mixed = false;
    let mut explain = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--mixed" => {
                mixed = true;
                continue;
            }
            "--explain" => {
                explain = true;
                continue;
            }
            "--undated" => {
                options.undated = true;
                continue;
            }
            "--shuffled" => {
                options.shuffled = true;
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
    if explain {
        let Some((_, config)) = settings.first() else {
            return usage();
        };
        return explain_joins(&options, &base, config);
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

/// Replays the split document by document under `config` and prints the wrong joins and
/// the misses with the join model's signals (see the module doc).
fn explain_joins(
    options: &Options,
    base: &engine::Config,
    config: &cluster::ClusterConfig,
) -> ExitCode {
    let analysed = match options
        .documents()
        .and_then(|(_, docs)| stories::analyse(docs, base))
    {
        Ok(a) => a,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let gold = analysed.article_gold();
    let model = cluster::JoinModel::default();
    let mut clusterer = cluster::Clusterer::new(config.clone());
    // The gold cluster of each story's first member, and how many members of each gold
    // cluster each story holds (a cluster's own story is the one holding most of it).
    let mut story_gold: Vec<&str> = Vec::new();
    let mut held: std::collections::HashMap<&str, BTreeMap<usize, usize>> = Default::default();
    let show = |f: &cluster::Features| -> String {
        cluster::FEATURES
            .iter()
            .zip(f)
            .filter(|(n, v)| **n != "bias" && **v != 0.0)
            .map(|(n, v)| format!("{n}={v:.2}"))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let (mut wrong, mut missed) = (0, 0);
    for (article, g) in analysed.articles.iter().zip(&gold) {
        let doc = engine::cluster_doc(article);
        let candidates = clusterer.candidates(&doc);
        let s = clusterer.add(&doc);
        if s == story_gold.len() {
            story_gold.push(g);
        }
        let own = held.get(g).and_then(|counts| {
            counts
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                .map(|(&story, _)| story)
        });
        *held.entry(g).or_default().entry(s).or_default() += 1;
        let title: String = article.article.title.chars().take(70).collect();
        let line = |label: &str, story: usize| match candidates.iter().find(|c| c.0 == story) {
            Some((_, f)) => println!(
                "    {label} story {story} ({}): p {:.2}  {}",
                story_gold.get(story).unwrap_or(&"?"),
                model.probability(f),
                show(f)
            ),
            None => println!("    {label} story {story}: not a candidate"),
        };
        if story_gold.get(s).is_some_and(|sg| sg != g) {
            wrong += 1;
            println!(
                "WRONG {} [{g}] {:?} {title}",
                article.article.id, article.article.published
            );
            line("joined", s);
            if let Some(o) = own {
                line("own", o);
            }
        } else if own.is_some_and(|o| o != s) {
            missed += 1;
            println!(
                "MISSED {} [{g}] {:?} {title}",
                article.article.id, article.article.published
            );
            if let Some(o) = own {
                line("own", o);
            }
            if s + 1 != story_gold.len() || candidates.iter().any(|c| c.0 == s) {
                line("joined", s);
            }
        }
    }
    println!("{wrong} wrong joins, {missed} misses");
    ExitCode::SUCCESS
}
