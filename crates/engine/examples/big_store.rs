//! Builds a store of synthetic articles and times one-article ingests into it.
//!
//! ```text
//! cargo run --release -p engine --example big_store -- build DIR N
//! cargo run --release -p engine --example big_store -- time DIR [RUNS]
//! ```
//!
//! `build` writes N synthetic articles (our own generated text: varied words, recurring
//! names, events reported by several outlets, dated across months) into the store in
//! DIR, in batches of 10,000 in publication order, so the store carries the streaming
//! state an incremental ingest starts from. `time` then ingests RUNS (default 5) new
//! one-article batches into it through `engine::ingest`, each with a freshly opened
//! store (as the API does), and prints the time of each and the median.

use std::path::{Path, PathBuf};
use std::time::Instant;

use engine::{Config, Event};
use store::Store;
use testkit::Rng;

const SYLLABLES: &[&str] = &[
    "ka", "lo", "ven", "tar", "mi", "sol", "dre", "pa", "nor", "gil", "ur", "be", "sta", "qui",
    "ron", "fel", "ma", "tis", "ho", "brin", "za", "cor", "el", "vin", "ath", "mo", "ped", "ri",
    "sen", "gu", "lan", "dor", "ex", "wil", "pra", "nu", "tem", "ov", "shar", "ly",
];

const FUNCTION_WORDS: &[&str] = &[
    "the", "a", "of", "to", "in", "and", "on", "for", "with", "after", "before", "said", "was",
    "were", "has", "had", "will", "would", "that", "their", "its", "by", "from", "at",
];

const WEEKDAYS: &[&str] = &[
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

fn word(rng: &mut Rng, syllables: usize) -> String {
    (0..syllables).map(|_| *rng.pick(SYLLABLES)).collect()
}

fn capitalised(w: &str) -> String {
    let mut c = w.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// The words, names, places and outlets every article draws from.
struct Lexicon {
    words: Vec<String>,
    names: Vec<String>,
    places: Vec<String>,
    outlets: Vec<String>,
}

impl Lexicon {
    fn new(rng: &mut Rng) -> Lexicon {
        let words = (0..30_000)
            .map(|i| word(rng, 2 + i % 3))
            .collect::<Vec<_>>();
        let names = (0..4_000)
            .map(|_| {
                format!(
                    "{} {}",
                    capitalised(&word(rng, 2)),
                    capitalised(&word(rng, 3))
                )
            })
            .collect();
        let places = (0..500).map(|_| capitalised(&word(rng, 3))).collect();
        let outlets = (0..40)
            .map(|_| format!("The {} Herald", capitalised(&word(rng, 2))))
            .collect();
        Lexicon {
            words,
            names,
            places,
            outlets,
        }
    }
}

/// One event: what the articles about it share.
struct Happening {
    day: chrono::NaiveDate,
    topic: Vec<String>,
    people: Vec<String>,
    place: String,
}

fn sentence(rng: &mut Rng, lex: &Lexicon, ev: &Happening) -> String {
    let len = 10 + rng.below(12);
    let mut out: Vec<String> = Vec::with_capacity(len + 4);
    for i in 0..len {
        let w = match rng.below(10) {
            0..=2 => rng.pick(FUNCTION_WORDS).to_string(),
            3..=5 => rng.pick(&ev.topic).clone(),
            _ => rng.pick(&lex.words).clone(),
        };
        out.push(if i == 0 { capitalised(&w) } else { w });
    }
    match rng.below(6) {
        0 => out.push(format!("in {}", ev.place)),
        1 => out.push(format!("on {}", rng.pick(WEEKDAYS))),
        _ => {}
    }
    let body = out.join(" ");
    if rng.below(5) == 0 {
        format!("\"{body},\" said {}.", rng.pick(&ev.people))
    } else if rng.below(4) == 0 {
        format!("{} said {body}.", rng.pick(&ev.people))
    } else {
        format!("{body}.")
    }
}

/// The JSON-lines record of article `n` of event `ev`.
fn record(rng: &mut Rng, lex: &Lexicon, ev: &Happening, id: &str) -> String {
    let paragraphs = 4 + rng.below(4);
    let body: Vec<String> = (0..paragraphs)
        .map(|_| {
            (0..2 + rng.below(3))
                .map(|_| sentence(rng, lex, ev))
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    let title = format!(
        "{} {} {} in {}",
        ev.people[0], ev.topic[0], ev.topic[1], ev.place
    );
    let day = ev.day + chrono::Days::new(rng.below(3) as u64);
    serde_json::json!({
        "id": id,
        "title": title,
        "text": body.join("\n\n"),
        "published": day.to_string(),
        "outlet": rng.pick(&lex.outlets),
    })
    .to_string()
}

fn event(rng: &mut Rng, lex: &Lexicon, day: chrono::NaiveDate) -> Happening {
    Happening {
        day,
        topic: (0..6).map(|_| rng.pick(&lex.words).clone()).collect(),
        people: (0..2).map(|_| rng.pick(&lex.names).clone()).collect(),
        place: rng.pick(&lex.places).clone(),
    }
}

/// N records in publication order, about 20 new events a day from 2024-01-01.
fn records(n: usize) -> Vec<String> {
    let mut rng = Rng(16);
    let lex = Lexicon::new(&mut rng);
    let start = chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap_or_default();
    let mut out = Vec::with_capacity(n);
    let mut e = 0usize;
    while out.len() < n {
        let day = start + chrono::Days::new((e / 20) as u64);
        let ev = event(&mut rng, &lex, day);
        let reports = 1 + rng.below(5);
        for r in 0..reports {
            if out.len() == n {
                break;
            }
            out.push(record(&mut rng, &lex, &ev, &format!("e{e}-{r}")));
        }
        e += 1;
    }
    out
}

fn ingest_file(data: &Path, file: &Path) -> Result<engine::IngestReport, String> {
    let mut store = Store::open(data).map_err(|e| e.to_string())?;
    let mut failures = 0;
    let report = engine::ingest(
        &mut store,
        &[file.to_path_buf()],
        &Config::default(),
        &mut |e: Event| {
            if let Event::Failed(f) = e {
                failures += 1;
                eprintln!("failed: {f}");
            }
        },
    )
    .map_err(|e| e.to_string())?;
    if failures > 0 {
        return Err(format!("{failures} documents failed"));
    }
    Ok(report)
}

fn build(dir: &Path, n: usize) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    let data = dir.join("data");
    if data.join(store::DB_FILE).exists() {
        return Err(format!("{} already holds a store", data.display()));
    }
    let all = records(n);
    for (i, chunk) in all.chunks(10_000).enumerate() {
        let file = dir.join(format!("batch{i}.jsonl"));
        std::fs::write(&file, chunk.join("\n")).map_err(|e| e.to_string())?;
        let t = Instant::now();
        let report = ingest_file(&data, &file)?;
        let _ = std::fs::remove_file(&file);
        eprintln!(
            "batch {i}: {} added, {} stories, {:.1} s",
            report.added,
            report.stories,
            t.elapsed().as_secs_f64()
        );
    }
    Ok(())
}

fn time(dir: &Path, runs: usize) -> Result<(), String> {
    let data = dir.join("data");
    if !data.join(store::DB_FILE).exists() {
        return Err(format!("no store in {}; run `build` first", data.display()));
    }
    let mut rng = Rng(std::process::id() as u64);
    let lex = Lexicon::new(&mut Rng(16));
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    let last = Store::open(&data)
        .and_then(|s| s.stories())
        .map_err(|e| e.to_string())?
        .iter()
        .filter_map(|s| s.last_published)
        .max()
        .unwrap_or_default();
    let mut times = Vec::with_capacity(runs);
    for i in 0..runs {
        let ev = event(&mut rng, &lex, last);
        let file = dir.join(format!("one-{stamp}-{i}.jsonl"));
        let line = record(&mut rng, &lex, &ev, &format!("t{stamp}-{i}"));
        std::fs::write(&file, line).map_err(|e| e.to_string())?;
        let t = Instant::now();
        let report = ingest_file(&data, &file)?;
        let ms = t.elapsed().as_secs_f64() * 1000.0;
        let _ = std::fs::remove_file(&file);
        eprintln!(
            "ingest {i}: {ms:.1} ms ({} added, {} stories)",
            report.added, report.stories
        );
        times.push(ms);
    }
    times.sort_by(f64::total_cmp);
    if let Some(m) = times.get(times.len() / 2) {
        println!("median one-article ingest: {m:.1} ms over {runs} runs");
    }
    Ok(())
}

fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        ["build", dir, n] => match n.parse() {
            Ok(n) => build(&PathBuf::from(dir), n),
            Err(_) => Err(format!("not a count: {n}")),
        },
        ["time", dir] => time(&PathBuf::from(dir), 5),
        ["time", dir, runs] => match runs.parse() {
            Ok(r) => time(&PathBuf::from(dir), r),
            Err(_) => Err(format!("not a count: {runs}")),
        },
        _ => Err("usage: big_store build DIR N | big_store time DIR [RUNS]".into()),
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("big_store: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
