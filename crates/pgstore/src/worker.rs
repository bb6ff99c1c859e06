//! The worker: claims jobs, reads, extracts and analyses their files, commits.
//!
//! Each of the worker's threads runs one job at a time on its own connection, and
//! processes the job's documents one after another on that thread (so `--threads`
//! says how many cores a worker uses); one heartbeat thread per worker extends the
//! leases of every job its threads hold.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use engine::Config;
use ingest::{Failure, Input};
use model::RawDoc;
use postgres::{Client, NoTls};

use crate::queue::{self, Claim, Output, Processed};
use crate::{PgError, Result};

/// How a worker runs.
#[derive(Debug, Clone)]
pub struct WorkerOptions {
    /// Jobs processed at once, one per thread.
    pub threads: usize,
    /// Exit once no job is queued or running (instead of waiting for more).
    pub until_idle: bool,
    /// How long a claim holds a job without a heartbeat.
    pub lease: Duration,
    /// How long to wait before looking for work again when there is none.
    pub poll: Duration,
    /// The worker's name in the `jobs` table (host and process by default).
    pub name: String,
}

impl Default for WorkerOptions {
    fn default() -> Self {
        WorkerOptions {
            threads: 1,
            until_idle: false,
            lease: Duration::from_secs(30),
            poll: Duration::from_millis(500),
            name: format!("pid{}", std::process::id()),
        }
    }
}

/// What a worker did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WorkerReport {
    /// Jobs completed.
    pub done: usize,
    /// Attempts that failed (the job queued again, or dead).
    pub failed: usize,
    /// Jobs that went dead on this worker's attempt.
    pub dead: usize,
    /// Completions refused because another worker had taken the job over.
    pub fenced: usize,
    /// Articles written (new or changed).
    pub articles: usize,
}

impl WorkerReport {
    fn add(&mut self, other: &WorkerReport) {
        self.done += other.done;
        self.failed += other.failed;
        self.dead += other.dead;
        self.fenced += other.fenced;
        self.articles += other.articles;
    }
}

/// The jobs a worker's threads hold, by id, with their attempt, for the heartbeat.
type Held = Arc<Mutex<BTreeMap<String, i32>>>;

/// Runs a worker against the store at `url` until it is idle (with
/// [`WorkerOptions::until_idle`]) or, otherwise, forever. A job whose input cannot be
/// read at all fails its attempt; a storage error stops the worker (its jobs' leases
/// run out and other workers take them).
///
/// WARC files are read with the width of record ids the store records
/// ([`crate::PgStore::warc_id_bits`]), whatever `config.limits` says.
pub fn run(url: &str, options: &WorkerOptions, config: &Config) -> Result<WorkerReport> {
    let held: Held = Arc::default();
    let stop = Arc::new(AtomicBool::new(false));
    let mut client = Client::connect(url, NoTls)?;
    let config = &Config {
        limits: engine::limits_for_store(&config.limits, crate::warc_id_bits(&mut client)?)?,
        ..config.clone()
    };
    let beat = {
        let (held, stop, lease) = (held.clone(), stop.clone(), options.lease);
        std::thread::spawn(move || heartbeats(&mut client, &held, &stop, lease))
    };
    let results: Vec<Result<WorkerReport>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..options.threads.max(1))
            .map(|i| {
                let held = held.clone();
                s.spawn(move || {
                    let mut client = Client::connect(url, NoTls)?;
                    let name = format!("{}/{i}", options.name);
                    crate::name_session(&mut client, &format!("chorus worker {name}"))?;
                    work(&mut client, &name, options, config, &held)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    });
    stop.store(true, Ordering::Relaxed);
    let beat_result = beat.join().unwrap_or_else(|p| std::panic::resume_unwind(p));
    let mut report = WorkerReport::default();
    for r in results {
        report.add(&r?);
    }
    beat_result?;
    Ok(report)
}

/// Extends the leases of the held jobs every third of the lease until `stop`.
fn heartbeats(client: &mut Client, held: &Held, stop: &AtomicBool, lease: Duration) -> Result<()> {
    let every = lease / 3;
    let tick = Duration::from_millis(50).min(every);
    let mut waited = Duration::ZERO;
    while !stop.load(Ordering::Relaxed) {
        std::thread::sleep(tick);
        waited += tick;
        if waited < every {
            continue;
        }
        waited = Duration::ZERO;
        let jobs: Vec<(String, i32)> = held
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .iter()
            .map(|(k, v)| (k.clone(), *v))
            .collect();
        for (id, attempt) in jobs {
            // A job taken over is found out at its commit, which is refused.
            queue::heartbeat_of(client, &id, attempt, lease)?;
        }
    }
    Ok(())
}

/// One worker thread's loop.
fn work(
    client: &mut Client,
    name: &str,
    options: &WorkerOptions,
    config: &Config,
    held: &Held,
) -> Result<WorkerReport> {
    let mut report = WorkerReport::default();
    loop {
        let Some(claim) = queue::claim(client, name, options.lease)? else {
            if options.until_idle && queue::open_jobs(client)? == 0 {
                return Ok(report);
            }
            std::thread::sleep(options.poll);
            continue;
        };
        held.lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(claim.id.clone(), claim.attempt);
        let outcome = run_job(client, &claim, config);
        held.lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(&claim.id);
        match outcome {
            Ok(written) => {
                report.done += 1;
                report.articles += written;
            }
            Err(PgError::Fenced { .. }) => report.fenced += 1,
            Err(PgError::Input { reason, .. }) => {
                report.failed += 1;
                if queue::fail(client, &claim, &reason)?.as_deref() == Some("dead") {
                    report.dead += 1;
                }
            }
            Err(e) => return Err(e),
        }
    }
}

/// Processes one claimed job and commits it.
fn run_job(client: &mut Client, claim: &Claim, config: &Config) -> Result<usize> {
    let output = process(client, claim, config)?;
    queue::complete(client, claim, &output)
}

/// Reads, extracts and analyses a claimed job's input, leaving out the documents the
/// store holds with the same content (from this job or an earlier one) or from an
/// earlier job of another input. An input that yields nothing readable is
/// [`PgError::Input`] (the attempt fails); failures of single documents are part of the
/// output.
pub fn process(client: &mut Client, claim: &Claim, config: &Config) -> Result<Output> {
    let (docs, mut failures) = read_input(&claim.input, config);
    if docs.is_empty() && !failures.is_empty() {
        let reason = failures
            .iter()
            .take(3)
            .map(|f| f.to_string())
            .collect::<Vec<_>>()
            .join("; ");
        return Err(PgError::Input {
            input: claim.input.clone(),
            reason,
        });
    }
    let ids: Vec<&str> = docs.iter().map(|d| d.id.as_str()).collect();
    type Stored = (String, i64, String, Option<String>);
    let stored: BTreeMap<String, Stored> = client
        .query(
            "SELECT a.id, a.hash, a.job_ord, a.source, j.input
             FROM articles a LEFT JOIN jobs j ON j.ord = a.job_ord
             WHERE a.id = ANY($1)",
            &[&ids],
        )?
        .iter()
        .map(|r| (r.get(0), (r.get(1), r.get(2), r.get(3), r.get(4))))
        .collect();
    let mut output = Output::default();
    for raw in docs {
        let hash = engine::content_hash(&raw);
        match stored.get(&raw.id) {
            // An earlier input's copy wins, as in a local ingest; the same input
            // enqueued again with other content replaces its articles.
            Some((_, ord, first, input))
                if *ord < claim.ord && input.as_deref() != Some(claim.input.as_str()) =>
            {
                failures.push(Failure {
                    reason: format!("article id {:?} already read from {first}; skipped", raw.id),
                    source: raw.source,
                });
                continue;
            }
            Some((h, ord, ..)) if *h == hash && *ord <= claim.ord => continue,
            _ => {}
        }
        match engine::process(&raw, config) {
            Ok(doc) => output.articles.push(Processed {
                doc,
                hash,
                source: raw.source,
            }),
            Err(f) => failures.push(f),
        }
    }
    output.failures = failures;
    Ok(output)
}

/// Reads one input file: its documents (the first of each id, as a local ingest keeps
/// them) and the failures of reading it. `config.limits` must carry the store's width of
/// WARC record ids, as [`run`] sets it.
pub fn read_input(path: &str, config: &Config) -> (Vec<RawDoc>, Vec<Failure>) {
    let input = Input::File(PathBuf::from(path));
    let mut docs = Vec::new();
    let mut failures = Vec::new();
    let mut seen = BTreeSet::new();
    ingest::read(&input, &config.limits, &mut |item| match item {
        Ok(raw) => {
            if seen.insert(raw.id.clone()) {
                docs.push(raw);
            } else {
                failures.push(Failure {
                    reason: format!(
                        "article id {:?} already read from this input; skipped",
                        raw.id
                    ),
                    source: raw.source,
                });
            }
        }
        Err(f) => failures.push(f),
    });
    (docs, failures)
}
