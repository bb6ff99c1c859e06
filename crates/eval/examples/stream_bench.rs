//! Throughput and memory of story clustering (and duplicate detection) on a long
//! synthetic stream.
//!
//! Usage: `cargo run --release -p eval --example stream_bench -- [--n N] [--data DIR]
//! [--events-per-day N] [--dedup] [--texts-out FILE --texts N] [--set KEY=VALUE]...`
//! (`--set` changes a clustering setting by its serde name).
//!
//! The stream is built at run time from the labelled clustering datasets in `DIR`
//! (default `../shared/data/cluster`, every `*.jsonl`) and never written to the
//! repository: each simulated day opens `--events-per-day` events (default 10), each a
//! copy of the next gold cluster (in turn, so copies of one event are weeks apart) whose
//! members are spread over that day and the next two, with
//! their paragraphs shuffled, a paragraph sometimes dropped and a new title taken from the
//! text. Articles reach the [`cluster::Clusterer`] in date order, generated as they are
//! needed, a thousand at a time, so the stream itself takes little memory (about 3 MiB).
//! Every 10,000 articles the bench prints the articles per second of that segment (time
//! spent in `Clusterer::add` only, per wall-clock second and per CPU second of the
//! process, the latter being what counts on a busy machine), the live stories and the
//! peak resident memory so far (`VmHWM` of `/proc/self/status`).
//!
//! `--undated` drops the dates: each batch of 1,000 articles is added as the engine adds
//! a batch, its undated articles grouped with each other first (`Clusterer::arrivals`).
//!
//! `--dedup` times [`dedup::Deduper::push`] on the same stream the same way, and
//! `--texts-out FILE` writes the first `--texts` articles (default 50,000) as JSON lines
//! (`{"id", "published", "body"}`) for comparing with another duplicate detector: see
//! `bench/dedup-vs-datasketch.sh`.

use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use cluster::{ClusterConfig, ClusterDoc, Clusterer};
use eval::process::{cpu_seconds, peak_rss_kib};

const SEGMENT: usize = 10_000;
const BATCH: usize = 1_000;

fn main() -> ExitCode {
    let mut n = 200_000usize;
    let mut events_per_day = 10usize;
    let mut data = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/cluster");
    let mut dedup = false;
    let mut undated = false;
    let mut texts_out: Option<PathBuf> = None;
    let mut texts = 50_000usize;
    let mut sets: Vec<String> = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--dedup" {
            dedup = true;
            continue;
        }
        if arg == "--undated" {
            undated = true;
            continue;
        }
        let value = args.next();
        let number = value.as_deref().and_then(|v| v.parse::<usize>().ok());
        match (arg.as_str(), value, number) {
            ("--n", _, Some(x)) => n = x,
            ("--events-per-day", _, Some(x)) => events_per_day = x.max(1),
            ("--texts", _, Some(x)) => texts = x,
            ("--data", Some(v), _) => data = PathBuf::from(v),
            ("--texts-out", Some(v), _) => texts_out = Some(PathBuf::from(v)),
            ("--set", Some(v), _) => sets.push(v),
            _ => {
                eprintln!("usage: stream_bench [--n N] [--data DIR] [--events-per-day N] [--dedup] [--undated] [--texts-out FILE --texts N] [--set KEY=VALUE]...");
                return ExitCode::from(2);
            }
        }
    }
    let sources = match load_sources(&data) {
        Ok(s) if !s.clusters.is_empty() => s,
        Ok(_) => {
            eprintln!("error: no labelled documents in {}", data.display());
            return ExitCode::FAILURE;
        }
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    println!(
        "sources        {} documents in {} gold clusters from {}",
        sources.docs.len(),
        sources.clusters.len(),
        data.display()
    );

    if let Some(path) = &texts_out {
        if let Err(e) = write_texts(&sources, events_per_day, texts, path) {
            eprintln!("error: cannot write {}: {e}", path.display());
            return ExitCode::FAILURE;
        }
        println!("wrote          {texts} bodies to {}", path.display());
    }

    println!("clustering     {n} articles, {events_per_day} events a day");
    let config = match eval::stories::patch_config(&ClusterConfig::default(), &sets) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let mut clusterer = Clusterer::new(config);
    let (mut story_of, mut event_of, mut folded) = (Vec::new(), Vec::new(), HashMap::new());
    let clustering = run_segments(&sources, events_per_day, n, |batch| {
        let docs: Vec<ClusterDoc<'_>> = batch
            .iter()
            .map(|a| ClusterDoc {
                title: &a.title,
                body: &a.body,
                published: (!undated).then_some(a.published),
                entities: Vec::new(),
            })
            .collect();
        // The batch as the engine adds it: undated articles grouped first.
        let first = story_of.len();
        story_of.resize(first + docs.len(), 0);
        for cluster::Arrival { doc, follows } in clusterer.arrivals(&docs) {
            let leader = follows.and_then(|l| story_of.get(first + l).copied());
            let story = match leader {
                Some(s) => clusterer.add_to(&docs[doc], Some(s)),
                None => clusterer.add(&docs[doc]),
            };
            story_of[first + doc] = story;
            folded.extend(clusterer.take_folds());
        }
        event_of.extend(batch.iter().map(|a| a.event));
        format!("{} live stories", clusterer.live_story_count())
    });
    // A lone story folded into another: its article belongs to the other.
    for s in &mut story_of {
        while let Some(&to) = folded.get(s) {
            *s = to;
        }
    }
    let b3 = eval::b_cubed(&story_of, &event_of);
    println!(
        "total          {} stories; {:.0} articles/s wall, {:.0} per CPU second; \
         B³ P {:.3} R {:.3} F1 {:.3} against the synthetic events",
        clusterer.story_count(),
        clustering.0,
        clustering.1,
        b3.precision,
        b3.recall,
        b3.f1
    );

    if dedup {
        println!("dedup          {n} articles, default DedupConfig");
        let mut deduper = dedup::Deduper::new(dedup::DedupConfig::default());
        let mut copies = 0usize;
        let mut next = 0u64;
        let rates = run_segments(&sources, events_per_day, n, |batch| {
            for a in batch {
                next += 1;
                let found = deduper.push(&next.to_string(), &a.body, Some(a.published));
                copies += usize::from(found.is_some());
            }
            format!("{copies} copies, {} remembered", deduper.remembered())
        });
        println!(
            "total          {copies} copies; {:.0} articles/s wall, {:.0} per CPU second",
            rates.0, rates.1
        );
    }
    ExitCode::SUCCESS
}

/// Feeds `n` articles of the stream to `step` in batches of `BATCH` (generated before
/// the batch is timed) and prints, every `SEGMENT` articles, the articles per wall-clock
/// second and per CPU second of this process spent in `step`, the last synthetic day, what
/// `step` reports, and the peak resident memory. Returns the overall rates.
fn run_segments(
    sources: &Sources,
    events_per_day: usize,
    n: usize,
    mut step: impl FnMut(&[Synthetic]) -> String,
) -> (f64, f64) {
    println!(
        "{:>9} {:>12} {:>12} {:>10} {:>10}  state",
        "articles", "per wall s", "per CPU s", "day", "peak MiB"
    );
    let mut stream = Stream::new(sources, events_per_day);
    let (mut wall, mut cpu) = (Duration::ZERO, 0.0);
    let (mut seg_wall, mut seg_cpu, mut seg_count) = (Duration::ZERO, 0.0, 0usize);
    let mut done = 0;
    while done < n {
        let batch: Vec<Synthetic> = (0..BATCH.min(n - done))
            .map_while(|_| stream.next())
            .collect();
        if batch.is_empty() {
            break;
        }
        let cpu_before = cpu_seconds();
        let started = Instant::now();
        let state = step(&batch);
        let took = started.elapsed();
        let took_cpu = cpu_seconds() - cpu_before;
        done += batch.len();
        seg_count += batch.len();
        seg_wall += took;
        seg_cpu += took_cpu;
        wall += took;
        cpu += took_cpu;
        if done % SEGMENT == 0 || done >= n {
            let day = batch
                .last()
                .map(|a| a.published.to_string())
                .unwrap_or_default();
            println!(
                "{:>9} {:>12.0} {:>12.0} {:>10} {:>10.1}  {state}",
                done,
                seg_count as f64 / seg_wall.as_secs_f64().max(1e-9),
                seg_count as f64 / seg_cpu.max(1e-9),
                day,
                peak_rss_kib() as f64 / 1024.0
            );
            (seg_wall, seg_cpu, seg_count) = (Duration::ZERO, 0.0, 0);
        }
    }
    (
        done as f64 / wall.as_secs_f64().max(1e-9),
        done as f64 / cpu.max(1e-9),
    )
}

/// The labelled documents, split into paragraphs, grouped by gold cluster.
struct Sources {
    /// Paragraphs of each document.
    docs: Vec<Vec<String>>,
    /// Document indices of each gold cluster.
    clusters: Vec<Vec<usize>>,
}

fn load_sources(dir: &Path) -> Result<Sources, eval::EvalError> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|source| eval::EvalError::Io {
            path: dir.display().to_string(),
            source,
        })?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    files.sort();
    let mut sources = Sources {
        docs: Vec::new(),
        clusters: Vec::new(),
    };
    for file in files {
        let mut by_cluster: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for d in eval::load_jsonl(&file)? {
            let paragraphs: Vec<String> = d
                .body
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_string)
                .collect();
            if paragraphs.is_empty() {
                continue;
            }
            by_cluster
                .entry(d.cluster)
                .or_default()
                .push(sources.docs.len());
            sources.docs.push(paragraphs);
        }
        sources.clusters.extend(by_cluster.into_values());
    }
    Ok(sources)
}

/// One synthetic article.
struct Synthetic {
    title: String,
    body: String,
    published: NaiveDate,
    /// The synthetic event (a copy of a gold cluster) the article reports.
    event: usize,
}

/// The synthetic stream, in date order, generated lazily.
struct Stream<'a> {
    sources: &'a Sources,
    events_per_day: usize,
    rng: u64,
    day: u64,
    next_cluster: usize,
    /// Articles still to publish, by day: (source document, seed, event).
    pending: BTreeMap<u64, Vec<(usize, u64, usize)>>,
    today: std::vec::IntoIter<(usize, u64, usize)>,
}

impl<'a> Stream<'a> {
    fn new(sources: &'a Sources, events_per_day: usize) -> Self {
        Stream {
            sources,
            events_per_day,
            rng: 0x00C0_FFEE,
            day: 0,
            next_cluster: 0,
            pending: BTreeMap::new(),
            today: Vec::new().into_iter(),
        }
    }

    fn next(&mut self) -> Option<Synthetic> {
        loop {
            if let Some((doc, seed, event)) = self.today.next() {
                return self.materialise(doc, seed, event);
            }
            // Open today's events, then publish what is due today.
            for _ in 0..self.events_per_day {
                // Gold clusters in turn, so that two copies of one event are far apart.
                let event = self.next_cluster;
                let c = event % self.sources.clusters.len();
                self.next_cluster += 1;
                for &doc in self.sources.clusters.get(c)? {
                    let offset = splitmix64(&mut self.rng) % 3;
                    let seed = splitmix64(&mut self.rng);
                    self.pending
                        .entry(self.day + offset)
                        .or_default()
                        .push((doc, seed, event));
                }
            }
            let due = self.pending.remove(&self.day).unwrap_or_default();
            self.today = due.into_iter();
            self.day += 1;
        }
    }

    fn materialise(&self, doc: usize, mut seed: u64, event: usize) -> Option<Synthetic> {
        let paragraphs = self.sources.docs.get(doc)?;
        let mut order: Vec<usize> = (0..paragraphs.len()).collect();
        for i in (1..order.len()).rev() {
            let j = (splitmix64(&mut seed) % (i as u64 + 1)) as usize;
            order.swap(i, j);
        }
        if order.len() > 3 && splitmix64(&mut seed) & 1 == 0 {
            order.pop();
        }
        let body = order
            .iter()
            .filter_map(|&i| paragraphs.get(i).map(String::as_str))
            .collect::<Vec<_>>()
            .join("\n\n");
        // A new title: the first words of one of the paragraphs.
        let pick = order.get((splitmix64(&mut seed) % order.len() as u64) as usize)?;
        let title = paragraphs
            .get(*pick)?
            .split_whitespace()
            .take(10)
            .collect::<Vec<_>>()
            .join(" ");
        let start = NaiveDate::from_ymd_opt(2000, 1, 1)?;
        let published = start.checked_add_days(chrono::Days::new(self.day.saturating_sub(1)))?;
        Some(Synthetic {
            title,
            body,
            published,
            event,
        })
    }
}

fn write_texts(
    sources: &Sources,
    events_per_day: usize,
    n: usize,
    path: &Path,
) -> std::io::Result<()> {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path)?);
    let mut stream = Stream::new(sources, events_per_day);
    for i in 0..n {
        let Some(a) = stream.next() else { break };
        let record = serde_json::json!({
            "id": format!("t{i}"),
            "published": a.published.to_string(),
            "body": a.body,
        });
        writeln!(out, "{record}")?;
    }
    out.flush()
}

fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}
