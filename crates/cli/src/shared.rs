//! `chorus db migrate`, `enqueue`, `worker` and `sequence`: the commands of the shared
//! PostgreSQL store (see the `pgstore` crate).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{Context, Result};
use clap::Subcommand;
use engine::Config;
use pgstore::sequencer::SequencerOptions;
use pgstore::worker::WorkerOptions;
use pgstore::PgStore;

use crate::clean;

/// The shared store's address.
#[derive(clap::Args, Debug, Clone)]
pub struct PgArgs {
    /// The PostgreSQL database: `postgres://USER@HOST[:PORT]/DB` (or key=value pairs).
    #[arg(long = "store", value_name = "URL", env = "CHORUS_STORE")]
    url: String,
}

#[derive(Subcommand, Debug)]
pub enum DbCommand {
    /// Create the shared store's tables (nothing when they exist).
    Migrate {
        #[command(flatten)]
        store: PgArgs,
    },
}

#[derive(clap::Args, Debug)]
pub struct EnqueueArgs {
    #[command(flatten)]
    store: PgArgs,
    /// Attempts a job gets before it is marked dead.
    #[arg(long, value_name = "N", default_value_t = 3)]
    max_attempts: i32,
    /// Files or directories; each file becomes one job.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
}

#[derive(clap::Args, Debug)]
pub struct WorkerArgs {
    #[command(flatten)]
    store: PgArgs,
    /// Jobs processed at once (one core each).
    #[arg(long, value_name = "N", default_value_t = 1)]
    threads: usize,
    /// Exit once no job is queued or running.
    #[arg(long)]
    until_idle: bool,
    /// Seconds a job stays claimed without a heartbeat.
    #[arg(long, value_name = "SECS", default_value_t = 30.0)]
    lease: f64,
    #[command(flatten)]
    read: crate::ReadArgs,
}

#[derive(clap::Args, Debug)]
pub struct JobsArgs {
    #[command(flatten)]
    store: PgArgs,
    /// Print every job as a JSON line instead of the counts and the unfinished jobs.
    #[arg(long)]
    json: bool,
}

#[derive(clap::Args, Debug)]
pub struct SequenceArgs {
    #[command(flatten)]
    store: PgArgs,
    /// Exit once no job is queued or running and every article is sequenced.
    #[arg(long)]
    until_idle: bool,
}

fn migrated(url: &str) -> Result<PgStore> {
    PgStore::open(url).context("cannot open the shared store")
}

pub fn db(what: DbCommand) -> Result<ExitCode> {
    match what {
        DbCommand::Migrate { store } => {
            let created =
                PgStore::migrate(&store.url).context("cannot migrate the shared store")?;
            eprintln!(
                "chorus: {}",
                if created {
                    "created the shared store's tables (or brought them up to date)"
                } else {
                    "the shared store is up to date"
                }
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}

pub fn enqueue(args: EnqueueArgs) -> Result<ExitCode> {
    let mut store = migrated(&args.store.url)?;
    let report = store.enqueue(&args.paths, args.max_attempts)?;
    for f in &report.failures {
        eprintln!("chorus: skipped {}", clean::line(&f.to_string()));
    }
    eprintln!(
        "chorus: {} jobs added, {} already queued",
        report.added, report.existing
    );
    Ok(if report.failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    })
}

pub fn worker(args: WorkerArgs) -> Result<ExitCode> {
    migrated(&args.store.url)?;
    let config: Config = args.read.config();
    let lease = Duration::try_from_secs_f64(args.lease)
        .ok()
        .filter(|d| *d >= Duration::from_secs(1))
        .context("--lease must be at least 1 second")?;
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .map(|h| h.trim().to_string())
        .unwrap_or_else(|_| "host".into());
    let options = WorkerOptions {
        threads: args.threads.max(1),
        until_idle: args.until_idle,
        lease,
        poll: Duration::from_millis(500),
        name: format!("{host}/{}", std::process::id()),
    };
    let report = pgstore::worker::run(&args.store.url, &options, &config)?;
    eprintln!(
        "chorus: {} jobs done ({} articles written), {} attempts failed, {} jobs dead, {} results refused",
        report.done, report.articles, report.failed, report.dead, report.fenced
    );
    Ok(ExitCode::SUCCESS)
}

pub fn sequence(args: SequenceArgs) -> Result<ExitCode> {
    migrated(&args.store.url)?;
    let options = SequencerOptions {
        until_idle: args.until_idle,
        ..SequencerOptions::default()
    };
    let report = pgstore::sequencer::run(&args.store.url, &options, &Config::default())?;
    eprintln!(
        "chorus: {} articles sequenced in {} rounds ({} rebuilds, {} retries)",
        report.articles, report.rounds, report.rebuilds, report.retries
    );
    Ok(ExitCode::SUCCESS)
}

pub fn jobs(args: JobsArgs) -> Result<ExitCode> {
    let mut store = migrated(&args.store.url)?;
    let jobs = store.jobs()?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if args.json {
        for j in &jobs {
            let line = serde_json::json!({
                "id": j.id,
                "input": j.input,
                "state": j.state,
                "attempt": j.attempt,
                "max_attempts": j.max_attempts,
                "last_error": j.last_error,
                "articles": j.articles,
            });
            writeln!(out, "{line}")?;
        }
    } else {
        let count = |state: &str| jobs.iter().filter(|j| j.state == state).count();
        writeln!(
            out,
            "{} queued, {} running, {} done, {} dead; {} articles waiting to be sequenced",
            count("queued"),
            count("running"),
            count("done"),
            count("dead"),
            store.unsequenced_count()?
        )?;
        for j in jobs.iter().filter(|j| j.state != "done") {
            writeln!(
                out,
                "{:<7} attempt {}/{}  {}{}",
                j.state,
                j.attempt,
                j.max_attempts,
                clean::line(&j.input),
                j.last_error
                    .as_deref()
                    .map(|e| format!("\n        {}", clean::line(e)))
                    .unwrap_or_default()
            )?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
