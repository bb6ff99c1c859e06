//! Duplicate detection speed on a file of articles, for a side-by-side run with
//! datasketch's `MinHashLSH` (`bench/dedup_peer.py`) on the same documents.
//!
//! Usage: `cargo run --release -p eval --example dedup_bench -- FILE.jsonl [--window DAYS]
//! [--flagged OUT]`.
//!
//! `FILE.jsonl` holds one `{"id", "published", "body"}` object a line (what
//! `stream_bench --texts-out` writes). Every body goes through [`dedup::Deduper::push`]
//! in file order; the bench prints the documents per CPU second of this process spent
//! pushing (reading the file is not timed), the copies found and the bodies still
//! remembered. `--window` sets [`dedup::DedupConfig::window_days`] (default -1: remember
//! everything, as `MinHashLSH` does); `--flagged OUT` writes the ids of the copies, one a
//! line, to compare with the peer's. `bench/dedup-vs-datasketch.sh` runs both.

use std::io::{BufRead, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use chrono::NaiveDate;
use dedup::{DedupConfig, Deduper};
use eval::process::cpu_seconds;

fn main() -> ExitCode {
    let mut file: Option<PathBuf> = None;
    let mut window = -1i64;
    let mut flagged: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--window" => match args.next().and_then(|v| v.parse().ok()) {
                Some(w) => window = w,
                None => return usage(),
            },
            "--flagged" => match args.next() {
                Some(v) => flagged = Some(PathBuf::from(v)),
                None => return usage(),
            },
            _ if file.is_none() && !arg.starts_with("--") => file = Some(PathBuf::from(arg)),
            _ => return usage(),
        }
    }
    let Some(file) = file else { return usage() };
    let docs = match load(&file) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("error: cannot read {}: {e}", file.display());
            return ExitCode::FAILURE;
        }
    };
    let config = DedupConfig {
        window_days: window,
        ..DedupConfig::default()
    };
    let mut deduper = Deduper::new(config);
    let mut copies = Vec::new();
    let cpu_before = cpu_seconds();
    let started = Instant::now();
    for (id, published, body) in &docs {
        if deduper.push(id, body, *published).is_some() {
            copies.push(id.as_str());
        }
    }
    let wall = started.elapsed().as_secs_f64();
    let cpu = cpu_seconds() - cpu_before;
    println!(
        "chorus Deduper  {} docs, {} copies, {} remembered; {:.0} docs/s wall, {:.0} docs per CPU s",
        docs.len(),
        copies.len(),
        deduper.remembered(),
        docs.len() as f64 / wall.max(1e-9),
        docs.len() as f64 / cpu.max(1e-9),
    );
    if let Some(path) = flagged {
        let written = std::fs::File::create(&path).and_then(|f| {
            let mut out = std::io::BufWriter::new(f);
            for id in &copies {
                writeln!(out, "{id}")?;
            }
            out.flush()
        });
        if let Err(e) = written {
            eprintln!("error: cannot write {}: {e}", path.display());
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}

fn usage() -> ExitCode {
    eprintln!("usage: dedup_bench FILE.jsonl [--window DAYS] [--flagged OUT]");
    ExitCode::from(2)
}

type Doc = (String, Option<NaiveDate>, String);

/// The documents of a JSON-lines file; lines that are not objects with a string `body`
/// are skipped.
fn load(path: &PathBuf) -> std::io::Result<Vec<Doc>> {
    let reader = std::io::BufReader::new(std::fs::File::open(path)?);
    let mut out = Vec::new();
    for (n, line) in reader.lines().enumerate() {
        let line = line?;
        let Ok(value) = serde_json::from_str::<serde_json::Value>(&line) else {
            continue;
        };
        let Some(body) = value.get("body").and_then(|b| b.as_str()) else {
            continue;
        };
        let id = value
            .get("id")
            .and_then(|v| v.as_str())
            .map_or_else(|| format!("line{n}"), str::to_string);
        let published = value
            .get("published")
            .and_then(|v| v.as_str())
            .and_then(|d| d.parse().ok());
        out.push((id, published, body.to_string()));
    }
    Ok(out)
}
