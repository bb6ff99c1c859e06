//! Scores story clustering on a labelled JSON-lines dataset.
//!
//! Usage: `cargo run --release -p eval --example eval_cluster -- --data FILE.jsonl
//! [--mixed] [--entities 0|1] [--threshold X] [--window DAYS] [--title-boost X] [--time-penalty X]
//! [--proper X] [--name-share X] [--numbers 0|1] [--entity-boost X] [--title-weight N] [--query-terms N] [--centroid-terms N] [--year-penalty X] [--doc-terms N] [--candidates N] [--conflict X] [--conflict-tf X] [--conflict-absent X]
//! [--conflict-top N] [--fold-after N] [--fold-threshold X] [--fold-members N] [--extract 0|1]`.
//! `--mixed` lists the stories that mix gold clusters and the gold clusters split over
//! several stories; `--extract 1` first passes each
//! text through extraction as the engine does (title, dateline and a date from the text or
//! the address).

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;

use cluster::ClusterConfig;

fn main() -> ExitCode {
    let mut data: Option<PathBuf> = None;
    let mut config = ClusterConfig::default();
    let mut dump = false;
    let mut trace = false;
    let mut entities = true;
    let mut through_extract = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--mixed" {
            dump = true;
            continue;
        }
        if arg == "--trace" {
            trace = true;
            continue;
        }
        let value = args.next();
        let number = value.as_deref().and_then(|v| v.parse::<f64>().ok());
        match (arg.as_str(), value.as_deref(), number) {
            ("--data", Some(v), _) => data = Some(PathBuf::from(v)),
            ("--entities", _, Some(x)) => entities = x != 0.0,
            ("--extract", _, Some(x)) => through_extract = x != 0.0,
            ("--threshold", _, Some(x)) => config.threshold = x,
            ("--window", _, Some(x)) => config.window_days = x as i64,
            ("--title-boost", _, Some(x)) => config.title_boost = x,
            ("--time-penalty", _, Some(x)) => config.time_penalty = x,
            ("--proper", _, Some(x)) => config.proper_weight = x,
            ("--name-share", _, Some(x)) => config.name_share = x,
            ("--numbers", _, Some(x)) => config.numbers = x != 0.0,
            ("--entity-boost", _, Some(x)) => config.entity_boost = x,
            ("--title-weight", _, Some(x)) => config.title_weight = x as usize,
            ("--query-terms", _, Some(x)) => config.query_terms = x as usize,
            ("--centroid-terms", _, Some(x)) => config.centroid_terms = x as usize,
            ("--year-penalty", _, Some(x)) => config.year_penalty = x,
            ("--lead-weight", _, Some(x)) => config.lead_weight = x,
            ("--lead-bytes", _, Some(x)) => config.lead_bytes = x as usize,
            ("--doc-terms", _, Some(x)) => config.doc_terms = x as usize,
            ("--candidates", _, Some(x)) => config.max_candidates = x as usize,
            ("--conflict", _, Some(x)) => config.conflict_weight = x,
            ("--conflict-tf", _, Some(x)) => config.conflict_min_tf = x,
            ("--conflict-absent", _, Some(x)) => config.conflict_absent = x,
            ("--conflict-top", _, Some(x)) => config.conflict_top = x as usize,
            ("--fold-after", _, Some(x)) => config.fold_after = x as u64,
            ("--fold-threshold", _, Some(x)) => config.fold_threshold = x,
            ("--fold-members", _, Some(x)) => config.fold_members = x as u32,
            _ => {
                eprintln!("usage: eval_cluster --data FILE.jsonl [--mixed] [--entities 0|1] [--threshold X] [--window DAYS] [--title-boost X] [--time-penalty X] [--proper X] [--name-share X] [--numbers 0|1] [--entity-boost X] [--title-weight N] [--query-terms N] [--centroid-terms N] [--year-penalty X] [--doc-terms N] [--candidates N] [--conflict X] [--conflict-tf X] [--conflict-absent X] [--conflict-top N] [--fold-after N] [--fold-threshold X] [--fold-members N] [--extract 0|1]");
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
    let docs = if through_extract {
        let docs = eval::extracted(&docs);
        let dated = docs.iter().filter(|d| d.published.is_some()).count();
        println!("extracted      {dated} of {} dated", docs.len());
        docs
    } else {
        docs
    };
    let started = std::time::Instant::now();
    let report = eval::evaluate_clustering_with(&docs, &config, entities);
    println!("dataset        {}", path.display());
    println!("{report}");
    println!("time           {:.2} s", started.elapsed().as_secs_f64());
    if dump {
        // Stories that mix gold clusters, with how many documents of each they hold.
        let stories = eval::assign_stories_with(&docs, &config, entities);
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
        // Gold clusters split over several stories, with how many documents each holds.
        let mut by_gold: BTreeMap<&str, BTreeMap<usize, usize>> = BTreeMap::new();
        for (s, gold) in &by_story {
            for (g, n) in gold {
                *by_gold.entry(g).or_default().entry(*s).or_default() += n;
            }
        }
        for (g, stories) in by_gold.iter().filter(|(_, s)| s.len() > 1) {
            println!("gold {g}: {stories:?}");
        }
    }
    if trace {
        print_trace(&docs, &config, entities);
    }
    ExitCode::SUCCESS
}

/// For every document, the best score of a story of its own gold cluster and of another
/// one (a story's gold cluster is that of most of its members), as the clusterer saw them.
fn print_trace(docs: &[eval::LabeledDoc], config: &ClusterConfig, entities: bool) {
    let mut clusterer = cluster::Clusterer::new(config.clone());
    let mut labels: BTreeMap<usize, BTreeMap<&str, usize>> = BTreeMap::new();
    fn majority<'a>(l: &BTreeMap<&'a str, usize>) -> Option<&'a str> {
        l.iter()
            .max_by_key(|(k, n)| (**n, std::cmp::Reverse(**k)))
            .map(|(k, _)| *k)
    }
    for i in eval::publication_order(docs) {
        let d = &docs[i];
        let names = if entities {
            eval::cluster_entities(&d.body)
        } else {
            Vec::new()
        };
        let doc = cluster::ClusterDoc {
            title: &d.title,
            body: &d.body,
            published: d.published,
            entities: names.iter().map(String::as_str).collect(),
        };
        let scores = clusterer.explain(&doc);
        let gold = d.cluster.as_str();
        let own_exists = labels.values().any(|l| majority(l) == Some(gold));
        let mut right = f64::NAN;
        let mut wrong = f64::NAN;
        for (s, score) in &scores {
            let is_right = labels.get(s).and_then(majority) == Some(gold);
            let slot = if is_right { &mut right } else { &mut wrong };
            if slot.is_nan() {
                *slot = *score;
            }
        }
        let opened = clusterer.story_count();
        let story = clusterer.add(&doc);
        *labels.entry(story).or_default().entry(gold).or_default() += 1;
        println!(
            "trace {} {gold} own_exists={own_exists} right={right:.3} wrong={wrong:.3} opened={} joined={}",
            d.id,
            story == opened,
            labels.get(&story).and_then(majority) == Some(gold)
        );
    }
}
