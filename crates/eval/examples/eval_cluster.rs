//! Scores story clustering on a labelled JSON-lines dataset.
//!
//! Usage: `cargo run --release -p eval --example eval_cluster -- --data FILE.jsonl
//! [--threshold X] [--window DAYS] [--title-boost X] [--time-penalty X]`.

use std::path::PathBuf;
use std::process::ExitCode;

use cluster::ClusterConfig;

fn main() -> ExitCode {
    let mut data: Option<PathBuf> = None;
    let mut config = ClusterConfig::default();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let value = args.next();
        let number = value.as_deref().and_then(|v| v.parse::<f64>().ok());
        match (arg.as_str(), value.as_deref(), number) {
            ("--data", Some(v), _) => data = Some(PathBuf::from(v)),
            ("--threshold", _, Some(x)) => config.threshold = x,
            ("--window", _, Some(x)) => config.window_days = x as i64,
            ("--title-boost", _, Some(x)) => config.title_boost = x,
            ("--time-penalty", _, Some(x)) => config.time_penalty = x,
            ("--proper", _, Some(x)) => config.proper_weight = x,
            ("--numbers", _, Some(x)) => config.numbers = x != 0.0,
            ("--entity-boost", _, Some(x)) => config.entity_boost = x,
            ("--title-weight", _, Some(x)) => config.title_weight = x as usize,
            _ => {
                eprintln!("usage: eval_cluster --data FILE.jsonl [--threshold X] [--window DAYS] [--title-boost X] [--time-penalty X]");
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
    ExitCode::SUCCESS
}
