//! `chorus feeds …` and `chorus follow`: the follower's commands.

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result};
use clap::Subcommand;
use follow::{FollowConfig, Follower, Notice};

use crate::{clean, open, open_existing, StoreArgs};

#[derive(Subcommand, Debug)]
pub enum FeedsCommand {
    /// Follow feeds: RSS/Atom, sitemaps (plain or Google News) or single pages.
    Add {
        #[command(flatten)]
        store: StoreArgs,
        #[arg(required = true, value_name = "URL")]
        urls: Vec<String>,
    },
    /// Each followed feed: status, new items at its last poll, last success, next poll,
    /// last error.
    List {
        #[command(flatten)]
        store: StoreArgs,
        /// Print JSON lines instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Stop following feeds (their articles stay).
    Remove {
        #[command(flatten)]
        store: StoreArgs,
        #[arg(required = true, value_name = "URL")]
        urls: Vec<String>,
    },
    /// Follow every feed an OPML file lists.
    Import {
        #[command(flatten)]
        store: StoreArgs,
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
    /// Print the followed feeds as OPML.
    Export {
        #[command(flatten)]
        store: StoreArgs,
    },
}

#[derive(clap::Args, Debug, Clone)]
pub struct FollowArgs {
    /// Shortest poll interval of a feed, in seconds.
    #[arg(long, value_name = "SECS", default_value_t = 600)]
    min_interval: u64,
    /// Longest poll interval (and backoff) of a feed, in seconds.
    #[arg(long, value_name = "SECS", default_value_t = 86_400)]
    max_interval: u64,
    /// Least time between two requests to one host, in milliseconds.
    #[arg(long, value_name = "MS", default_value_t = 1000)]
    delay_ms: u64,
    /// Longest a whole request may take, in seconds.
    #[arg(long, value_name = "SECS", default_value_t = 30.0)]
    timeout: f64,
    /// Longest wait for a connection, in seconds.
    #[arg(long, value_name = "SECS", default_value_t = 10.0)]
    connect_timeout: f64,
    /// Largest page read, in bytes after decompression.
    #[arg(long, value_name = "BYTES", default_value_t = 8 << 20)]
    max_page_bytes: u64,
    /// Largest feed or sitemap read, in bytes after decompression.
    #[arg(long, value_name = "BYTES", default_value_t = 16 << 20)]
    max_feed_bytes: u64,
    /// Most new items taken from one feed per poll (the rest come at the next).
    #[arg(long, value_name = "N", default_value_t = 200)]
    max_items: usize,
    /// Hosts polled at once (each by a worker thread of its own).
    #[arg(long, value_name = "N", default_value_t = 8)]
    workers: usize,
}

impl FollowArgs {
    fn config(&self) -> Result<FollowConfig> {
        let secs = |what: &str, v: f64| {
            Duration::try_from_secs_f64(v)
                .ok()
                .filter(|d| !d.is_zero())
                .with_context(|| format!("--{what} must be a positive number of seconds"))
        };
        Ok(FollowConfig {
            min_interval: Duration::from_secs(self.min_interval.max(1)),
            max_interval: Duration::from_secs(self.max_interval.max(self.min_interval).max(1)),
            host_delay: Duration::from_millis(self.delay_ms),
            timeout: secs("timeout", self.timeout)?,
            connect_timeout: secs("connect-timeout", self.connect_timeout)?,
            max_page_bytes: self.max_page_bytes,
            max_feed_bytes: self.max_feed_bytes,
            max_items: self.max_items,
            workers: self.workers.max(1),
            ..FollowConfig::default()
        })
    }
}

/// How long ago or ahead a Unix time is, in words.
fn relative(t: Option<i64>, now: i64) -> String {
    let Some(t) = t else {
        return "never".into();
    };
    let span = |s: i64| match s {
        s if s < 60 => format!("{s}s"),
        s if s < 3600 => format!("{}m", s / 60),
        s if s < 86_400 => format!("{}h", s / 3600),
        s => format!("{}d", s / 86_400),
    };
    if t <= now {
        format!("{} ago", span(now - t))
    } else {
        format!("in {}", span(t - now))
    }
}

pub fn feeds(what: FeedsCommand) -> Result<ExitCode> {
    let now = follow::unix_now();
    let config = FollowConfig::default();
    match what {
        FeedsCommand::Add { store, urls } => {
            let mut store = open(&store.data)?;
            let (added, bad) = follow::add_feeds(&mut store, &urls, &config, now)?;
            for f in &bad {
                eprintln!("chorus: {}", clean::line(&f.to_string()));
            }
            eprintln!(
                "chorus: {added} feeds added, {} already followed",
                urls.len().saturating_sub(bad.len() + added)
            );
            Ok(if bad.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(2)
            })
        }
        FeedsCommand::Import { store, file } => {
            let bytes =
                std::fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?;
            let subs =
                follow::xml::parse_opml(&bytes).map_err(|reason| follow::FollowError::Opml {
                    path: file.display().to_string(),
                    reason,
                })?;
            let urls: Vec<String> = subs.into_iter().map(|s| s.url).collect();
            let mut store = open(&store.data)?;
            let (added, bad) = follow::add_feeds(&mut store, &urls, &config, now)?;
            for f in &bad {
                eprintln!("chorus: {}", clean::line(&f.to_string()));
            }
            eprintln!(
                "chorus: {} feeds in {}: {added} added, {} already followed",
                urls.len(),
                clean::line(&file.display().to_string()),
                urls.len().saturating_sub(bad.len() + added)
            );
            Ok(if bad.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(2)
            })
        }
        FeedsCommand::Export { store } => {
            let store = open_existing(&store.data)?;
            let subs: Vec<follow::xml::Subscription> = store
                .feeds()?
                .into_iter()
                .map(|f| follow::xml::Subscription {
                    url: f.url,
                    title: f.title,
                })
                .collect();
            io::stdout()
                .lock()
                .write_all(follow::xml::write_opml(&subs).as_bytes())?;
            Ok(ExitCode::SUCCESS)
        }
        FeedsCommand::Remove { store, urls } => {
            let mut store = open_existing(&store.data)?;
            let keys: Vec<String> = urls
                .iter()
                .map(|u| follow::urls::normalize(u).unwrap_or_else(|| u.clone()))
                .collect();
            let removed = store.remove_feeds(&keys)?;
            eprintln!("chorus: {removed} feeds removed");
            Ok(ExitCode::SUCCESS)
        }
        FeedsCommand::List { store, json } => {
            let store = open_existing(&store.data)?;
            let mut out = io::BufWriter::new(io::stdout().lock());
            let feeds = store.feeds()?;
            if !json {
                writeln!(
                    out,
                    "{:<9} {:>5} {:>12} {:>10}  URL",
                    "STATUS", "NEW", "LAST-OK", "NEXT"
                )?;
            }
            for f in feeds {
                let status = f.status();
                if json {
                    let line = serde_json::json!({
                        "url": f.url,
                        "title": f.title,
                        "status": status,
                        "new_items": f.new_items,
                        "total_items": f.total_items,
                        "last_success": f.last_success,
                        "last_attempt": f.last_attempt,
                        "next_poll": f.next_poll,
                        "interval": f.interval,
                        "failures": f.failures,
                        "last_error": f.last_error,
                    });
                    writeln!(out, "{line}")?;
                    continue;
                }
                let next = if f.next_poll <= now {
                    "due".to_string()
                } else {
                    relative(Some(f.next_poll), now)
                };
                writeln!(
                    out,
                    "{:<9} {:>5} {:>12} {:>10}  {}",
                    status,
                    f.new_items,
                    relative(f.last_success, now),
                    next,
                    clean::line(&f.url)
                )?;
                if let Some(e) = &f.last_error {
                    writeln!(
                        out,
                        "         {} failures in a row: {}",
                        f.failures,
                        clean::line(e)
                    )?;
                }
            }
            out.flush()?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

pub fn follow(
    data: &std::path::Path,
    args: &FollowArgs,
    once: bool,
    quiet: bool,
) -> Result<ExitCode> {
    let config = args.config()?;
    let mut store = open(data)?;
    let mut follower = Follower::new(config, engine::Config::default());
    let mut problems = 0usize;
    let mut on = |n: Notice| match n {
        Notice::Problem(f) => {
            problems += 1;
            eprintln!("chorus: {}", clean::line(&f.to_string()));
        }
        Notice::Polled {
            feed,
            new_items,
            not_modified,
        } => {
            if !quiet {
                let what = if not_modified {
                    "not modified".to_string()
                } else {
                    format!("{new_items} new items")
                };
                eprintln!("chorus: {}: {what}", clean::line(&feed));
            }
        }
    };
    let mut summary = |r: &follow::RoundReport| {
        eprintln!(
            "chorus: {} feeds polled ({} not modified, {} failed); {} new items: {} pages, \
             {} from the feed's text; {} new, {} updated articles; {} requests",
            r.polled,
            r.not_modified,
            r.failed,
            r.new_items,
            r.pages,
            r.fallbacks,
            r.added,
            r.updated,
            r.requests
        )
    };
    if once {
        let report = follower.round(&mut store, follow::unix_now(), &mut on)?;
        summary(&report);
        return Ok(if problems > 0 {
            ExitCode::from(2)
        } else {
            ExitCode::SUCCESS
        });
    }
    let stop = AtomicBool::new(false);
    follower.run(&mut store, &stop, &mut on, &mut summary)?;
    Ok(ExitCode::SUCCESS)
}

/// `chorus serve --follow`: the follower on a thread of its own, ingesting into the
/// store the server reads, until the server stops (Ctrl-C or SIGTERM); then polls under
/// way end at their next request, storing nothing half done, and the follower is
/// joined before the process exits.
pub fn serve_following(config: serve::ServeConfig, args: &FollowArgs) -> Result<()> {
    let follow_config = args.config()?;
    // The server needs a store; following starts from an empty one.
    let mut store = open(&config.data)?;
    let stop = Arc::new(AtomicBool::new(false));
    let engine = config.engine.clone();
    let follower = {
        let stop = Arc::clone(&stop);
        std::thread::Builder::new()
            .name("follower".into())
            .spawn(move || -> Result<(), follow::FollowError> {
                let mut follower = Follower::new(follow_config, engine);
                let mut on = |n: Notice| {
                    if let Notice::Problem(f) = n {
                        eprintln!("chorus follow: {}", clean::line(&f.to_string()));
                    }
                };
                let mut summary = |r: &follow::RoundReport| {
                    eprintln!(
                        "chorus follow: {} feeds polled ({} failed); {} new, {} updated articles",
                        r.polled, r.failed, r.added, r.updated
                    )
                };
                let ran = follower.run(&mut store, &stop, &mut on, &mut summary);
                if let Err(e) = &ran {
                    // Said at once: the server goes on serving what is stored.
                    eprintln!("chorus follow: stopped: {e}; serving without following");
                }
                ran
            })
            .context("cannot start the follower")?
    };
    let served = serve::run_blocking(config);
    stop.store(true, Ordering::Relaxed);
    let followed = follower
        .join()
        .map_err(|_| anyhow::anyhow!("the follower panicked"))?;
    served?;
    followed?;
    Ok(())
}
