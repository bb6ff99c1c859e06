//! Scores story clustering on a labelled JSON-lines dataset.
//!
//! Usage: `cargo run --release -p eval --example eval_cluster -- --data FILE.jsonl
//! [--mixed] [--threshold X] [--window DAYS] [--title-boost X] [--time-penalty X]
//! [--proper X] [--name-share X] [--numbers 0|1] [--entity-boost X] [--title-weight N]`.
//! `--mixed` lists the stories that mix gold clusters.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;

use cluster::ClusterConfig;

fn main() -> ExitCode {
    let mut data: Option<PathBuf> = None;
    let mut config = ClusterConfig::default();
    let mut dump = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--mixed" {
            dump = true;
            continue;
        }
        let value = args.next();
        let number = value.as_deref().and_then(|v| v.parse::<f64>().ok());
        match (arg.as_str(), value.as_deref(), number) {
            ("--data", Some(v), _) => data = Some(PathBuf::from(v)),
            ("--threshold", _, Some(x)) => config.threshold = x,
            ("--window", _, Some(x)) => config.window_days = x as i64,
            ("--title-boost", _, Some(x)) => config.title_boost = x,
            ("--time-penalty", _, Some(x)) => config.time_penalty = x,
            ("--proper", _, Some(x)) => config.proper_weight = x,
            ("--name-share", _, Some(x)) => config.name_share = x,
            ("--numbers", _, Some(x)) => config.numbers = x != 0.0,
            ("--entity-boost", _, Some(x)) => config.entity_boost = x,
            ("--title-weight", _, Some(x)) => config.title_weight = x as usize,
            _ => {
                eprintln!("usage: eval_cluster --data FILE.jsonl [--mixed] [--threshold X] [--window DAYS] [--title-boost X] [--time-penalty X] [--proper X] [--name-share X] [--numbers 0|1] [--entity-boost X] [--title-weight N]");
                return ExitCode::from(2);
            }
        }
    }
    let Some(path) = data else {
        eprintln!("error: --data FILE.jsonl is required");
        return ExitCode::from(2);
    };
    let docs = match eval::load_jsonl(&path) {
        Ok(docs) => docs,
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
    let started = std::time::Instant::now();
    let report = eval::evaluate_clustering(&docs, &config);
    println!("dataset        {}", path.display());
    println!("{report}");
    println!("time           {:.2} s", started.elapsed().as_secs_f64());
    if dump {
        // Stories that mix gold clusters, with how many documents of each they hold.
        let stories = eval::assign_stories(&docs, &config);
        let mut by_story: BTreeMap<usize, BTreeMap<&str, usize>> = BTreeMap::new();
        for (d, s) in docs.iter().zip(stories) {
            *by_story
                .entry(s)
                .or_default()
                .entry(d.cluster.as_str())
                .or_default() += 1;
        }
        for (s, gold) in by_story.iter().filter(|(_, g)| g.len() > 1) {
            println!("story {s}: {gold:?}");
        }
    }
    ExitCode::SUCCESS
}
