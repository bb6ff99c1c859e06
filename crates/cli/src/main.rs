//! The `chorus` command: flags become a [`engine::Config`] and a command here, then the
//! engine does the work. Output formatting and exit codes live in this file only.

mod clean;
mod feeds;
#[cfg(feature = "postgres")]
mod shared;

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand, ValueEnum};
use engine::{Config, Event};
use indicatif::{ProgressBar, ProgressStyle};
use store::Store;

/// mimalloc serves the many small, short-lived allocations of HTML parsing faster than
/// the system allocator (see ARCHITECTURE.md, "Speed").
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Chorus reads news from many outlets and turns it into stories: who said what, where
/// the outlets agree and disagree, and what happened when, with every line citing its
/// sources.
#[derive(Parser, Debug)]
#[command(name = "chorus", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Args, Debug, Clone)]
struct StoreArgs {
    /// Directory of the store [default: $CHORUS_DATA, else ./chorus-data].
    #[arg(
        long,
        value_name = "DIR",
        env = "CHORUS_DATA",
        default_value = "chorus-data"
    )]
    data: PathBuf,
}

/// Reading from the shared PostgreSQL store instead of the data directory.
#[derive(clap::Args, Debug, Clone)]
struct SharedStoreArg {
    /// Read the shared PostgreSQL store at URL (`postgres://…`) instead of --data.
    #[arg(long = "store", value_name = "URL")]
    url: Option<String>,
}

impl SharedStoreArg {
    /// The store to read: the shared one when given, else the one in `data`; and how
    /// messages name it.
    fn reader(&self, data: &Path) -> Result<(Box<dyn store::Reading>, String)> {
        match &self.url {
            #[cfg(feature = "postgres")]
            Some(url) => Ok((
                Box::new(pgstore::PgStore::open(url).context("cannot open the shared store")?),
                url.clone(),
            )),
            #[cfg(not(feature = "postgres"))]
            Some(_) => {
                bail!("this chorus was built without PostgreSQL support (feature `postgres`)")
            }
            None => Ok((
                Box::new(open_existing(data)?),
                data.join(store::DB_FILE).display().to_string(),
            )),
        }
    }
    /// The shared store `chorus serve` reads instead of the data directory's, if any:
    /// opened once here (so a wrong address or schema fails at start), then once per
    /// connection of the server's pool.
    fn serve_source(&self) -> Result<Option<serve::SharedStore>> {
        match &self.url {
            #[cfg(feature = "postgres")]
            Some(url) => {
                pgstore::PgStore::open(url).context("cannot open the shared store")?;
                let url = url.clone();
                Ok(Some(serve::SharedStore {
                    name: without_password(&url),
                    connect: std::sync::Arc::new(move || {
                        let store = pgstore::PgStore::open(&url)?;
                        Ok(Box::new(store) as serve::Reader)
                    }),
                }))
            }
            #[cfg(not(feature = "postgres"))]
            Some(_) => {
                bail!("this chorus was built without PostgreSQL support (feature `postgres`)")
            }
            None => Ok(None),
        }
    }
}

/// A store address as messages show it: a password in a `postgres://user:password@…`
/// URL is replaced by `***`.
fn without_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let Some((user_info, host)) = rest.split_once('@') else {
        return url.to_string();
    };
    match user_info.split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
        None => url.to_string(),
    }
}

#[derive(clap::Args, Debug, Clone)]
struct ProgressArgs {
    /// Print nothing but errors and the final summary.
    #[arg(long, short)]
    quiet: bool,
    /// How to show progress on stderr: a bar on a terminal (auto), plain lines, or none.
    #[arg(long, value_enum, default_value_t = ProgressMode::Auto)]
    progress: ProgressMode,
}

#[derive(clap::Args, Debug, Clone)]
struct ReadArgs {
    /// Largest document accepted, in bytes after decompression: a text or HTML file, one
    /// JSON line, one WARC record or one feed. Larger ones are reported and skipped.
    #[arg(long, value_name = "BYTES", default_value_t = ingest_default_max())]
    max_doc_bytes: u64,
}

/// The default document limit, as the engine defines it.
fn ingest_default_max() -> u64 {
    Config::default().limits.max_doc_bytes
}

impl ReadArgs {
    /// The engine configuration with these reading limits.
    fn config(&self) -> Config {
        let mut config = Config::default();
        config.limits.max_doc_bytes = self.max_doc_bytes;
        config
    }
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
enum ProgressMode {
    Auto,
    Bar,
    Lines,
    None,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
enum BriefFormat {
    Md,
    Json,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Ingest the bundled sample corpus and show the stories and the largest brief.
    Demo {
        #[command(flatten)]
        store: StoreArgs,
    },
    /// Add articles to the store (files, directories, or - for stdin).
    Ingest {
        #[command(flatten)]
        store: StoreArgs,
        #[command(flatten)]
        progress: ProgressArgs,
        #[command(flatten)]
        read: ReadArgs,
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
    },
    /// Run the whole pipeline in memory, without the store, and print the analysis.
    Analyze {
        /// Print the analysis as JSON (the stable contract).
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        progress: ProgressArgs,
        #[command(flatten)]
        read: ReadArgs,
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
    },
    /// Print one JSON line per extracted article.
    Extract {
        #[command(flatten)]
        progress: ProgressArgs,
        #[command(flatten)]
        read: ReadArgs,
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
    },
    /// List the stories in the store, newest first.
    Stories {
        #[command(flatten)]
        store: StoreArgs,
        #[command(flatten)]
        shared: SharedStoreArg,
        /// Print JSON lines instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Show the brief of one story.
    Brief {
        #[command(flatten)]
        store: StoreArgs,
        #[command(flatten)]
        shared: SharedStoreArg,
        /// Story id, as `chorus stories` lists it.
        story_id: String,
        #[arg(long, value_enum, default_value_t = BriefFormat::Md)]
        format: BriefFormat,
    },
    /// Check the store for corruption and dangling references.
    Check {
        #[command(flatten)]
        store: StoreArgs,
        #[command(flatten)]
        shared: SharedStoreArg,
    },
    /// Measure quality against gold data (see ../shared/data/README.md).
    Eval {
        #[command(subcommand)]
        what: EvalCommand,
    },
    /// Serve the JSON API, full-text search and the web page over the store.
    Serve {
        #[command(flatten)]
        store: StoreArgs,
        // The shared PostgreSQL store (any number of servers may read it) instead of the
        // store in --data, which then holds only this server's token and search index;
        // writes (ingest, --follow) are refused.
        #[command(flatten)]
        shared: SharedStoreArg,
        /// Address to listen on. Loopback by default; port 0 picks a free port.
        #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8080")]
        addr: std::net::SocketAddr,
        /// Largest request body (ingest), in bytes.
        #[arg(long, value_name = "BYTES", default_value_t = 16 << 20)]
        body_limit: usize,
        /// The bearer token writes must carry (at least 16 visible characters). Without
        /// it, the token in DIR/serve-token, made on first start, is used; a
        /// non-loopback --addr requires it. Prefer the environment variable, which other
        /// users cannot see in the process list.
        #[arg(
            long,
            value_name = "TOKEN",
            env = "CHORUS_TOKEN",
            hide_env_values = true
        )]
        token: Option<String>,
        /// A host name clients use to reach the server (e.g. behind a reverse proxy),
        /// accepted in `Host` besides the loopback names; repeatable.
        #[arg(long = "public-name", value_name = "HOST")]
        public_names: Vec<String>,
        /// Run the follower inside the server: poll the followed feeds and ingest their
        /// new articles while the page and the API serve them (`chorus feeds add`).
        #[arg(long)]
        follow: bool,
        /// With --follow: how often the story list and the feeds page reload themselves
        /// in the browser, in seconds.
        #[arg(long, value_name = "SECS", default_value_t = 30)]
        refresh: u64,
        #[command(flatten, next_help_heading = "Follower (with --follow)")]
        follow_args: feeds::FollowArgs,
    },
    /// Manage the followed feeds (RSS/Atom, sitemaps, pages): add, list, remove,
    /// import and export OPML.
    Feeds {
        #[command(subcommand)]
        what: feeds::FeedsCommand,
    },
    /// Poll the followed feeds, fetch their new pages and ingest them; runs until
    /// stopped (killed at any moment, nothing stored is lost or fetched again).
    Follow {
        #[command(flatten)]
        store: StoreArgs,
        /// One round (every feed that is due), then exit: for cron.
        #[arg(long)]
        once: bool,
        /// Print only problems and the summary of each round.
        #[arg(long, short)]
        quiet: bool,
        #[command(flatten)]
        follow: feeds::FollowArgs,
    },
    /// The shared PostgreSQL store: `db migrate` creates its tables.
    #[cfg(feature = "postgres")]
    Db {
        #[command(subcommand)]
        what: shared::DbCommand,
    },
    /// Add one job per file to the shared store's queue (enqueueing the same files
    /// again adds nothing).
    #[cfg(feature = "postgres")]
    Enqueue(shared::EnqueueArgs),
    /// Claim jobs from the shared store's queue, read, extract and analyse their files,
    /// and commit each job's articles with its completion.
    #[cfg(feature = "postgres")]
    Worker(shared::WorkerArgs),
    /// Run duplicates, stories and briefs over the shared store's new articles, in
    /// publication order (one sequencer is active; others wait as standbys).
    #[cfg(feature = "postgres")]
    Sequence(shared::SequenceArgs),
    /// The shared store's queue: jobs by state, and each unfinished or dead job with its
    /// attempts and last error.
    #[cfg(feature = "postgres")]
    Jobs(shared::JobsArgs),
    /// Measure the pipeline's throughput on one core over the given inputs.
    Bench {
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
    },
}

#[derive(Subcommand, Debug)]
enum EvalCommand {
    /// Extraction: main text (ScrapingHub metric), title, byline and date accuracy.
    Extract {
        /// A dataset folder: ../shared/data/extract/{scrapinghub,wcxb-dev-articles,fundus,htmldate-dev}.
        #[arg(long, value_name = "DIR")]
        data: PathBuf,
        /// The dataset's kind, when the folder name does not say it.
        #[arg(long, value_name = "NAME")]
        dataset: Option<String>,
        /// Score only the first N pages.
        #[arg(long, value_name = "N")]
        limit: Option<usize>,
        /// Also list every wrong title, byline and date.
        #[arg(long)]
        verbose: bool,
        /// Write each page's gold and extracted main text with its precision, recall
        /// and F1 to this file, one JSON object per line, worst F1 first.
        #[arg(long, value_name = "FILE")]
        dump: Option<PathBuf>,
        /// dev (tune here), test (report here), holdout (once, at the end) or all; the
        /// pages are cut by a hash of their file names.
        #[arg(long, default_value = "dev")]
        split: String,
        /// Allows --split holdout and all: the hold-out is read once, when tuning is over.
        #[arg(long)]
        i_am_done_tuning: bool,
    },
    /// Quotes and speakers against PolNeAR's Source/Cue/Content spans.
    Quotes {
        /// ../shared/data/quotes/polnear/dev (text/ and attributions/).
        #[arg(long, value_name = "DIR")]
        data: PathBuf,
        /// The least confidence of a shown quote (the brief's default is 0.5).
        #[arg(long, value_name = "P", default_value_t = model::Quote::SHOWN_CONFIDENCE)]
        min_confidence: f64,
        #[command(flatten)]
        common: EvalArgs,
    },
    /// Time expressions: value P/R/F1 against TimeML (TempEval-3) or MEANTIME.
    Dates {
        /// ../shared/data/dates/tempeval3 or ../shared/data/ner/meantime-en.
        #[arg(long, value_name = "DIR")]
        data: PathBuf,
        #[command(flatten)]
        common: EvalArgs,
    },
    /// Named entities: PER/ORG/LOC P/R/F1 against wikigold or MEANTIME.
    Entities {
        /// ../shared/data/ner/wikigold or ../shared/data/ner/meantime-en.
        #[arg(long, value_name = "DIR")]
        data: PathBuf,
        /// Write the analysed bodies as JSON lines (`{"doc": N, "body": "..."}`) for a
        /// peer recogniser, instead of scoring.
        #[arg(long, value_name = "FILE", conflicts_with = "peer")]
        dump_bodies: Option<PathBuf>,
        /// Score a peer's mentions instead of Chorus's: JSON lines `{"doc": N,
        /// "mentions": [[start, end, "PER"], ...]}`, byte offsets into the dumped bodies.
        #[arg(long, value_name = "FILE")]
        peer: Option<PathBuf>,
        /// dev (tune here), test (report here), holdout (once, at the end) or all: a fifth of
        /// the documents is held out by a hash of its file name (wikigold: its number).
        #[arg(long, default_value = "all")]
        split: String,
        /// Allow the held-out split.
        #[arg(long)]
        i_am_done_tuning: bool,
        #[command(flatten)]
        common: EvalArgs,
    },
    /// Alias grouping: B³ and pairwise P/R/F1 of entity names against MEANTIME's
    /// cross-document ids, by surface form, per-article name and story-level name.
    Aliases {
        /// ../shared/data/ner/meantime-en.
        #[arg(long, value_name = "DIR")]
        data: PathBuf,
        #[command(flatten)]
        common: EvalArgs,
    },
    /// The brief's summary: ROUGE-1/2/L against NeuS reference roundups, with a lead baseline.
    Summary {
        /// ../shared/data/summary/neus.
        #[arg(long, value_name = "DIR")]
        data: PathBuf,
        /// Most summary sentences.
        #[arg(long, default_value_t = 8)]
        sentences: usize,
        /// Largest word budget of the summary (0 for none).
        #[arg(long, default_value_t = 120)]
        words: usize,
        /// Word budget as a share of the cluster's words (0 for none); 0.35 was chosen
        /// on NeuS train.
        #[arg(long, default_value_t = 0.35)]
        ratio: f64,
        /// Also write every cluster's summaries and reference as JSON lines to FILE.
        #[arg(long, value_name = "FILE")]
        dump: Option<PathBuf>,
        /// The NeuS split to score: `val` (the figure) or `train` (for tuning).
        #[arg(long, default_value = "val")]
        split: eval::summary::NeusSplit,
        /// Override the brief's redundancy cosine (for tuning).
        #[arg(long)]
        redundancy: Option<f64>,
        /// Override the brief's redundancy coverage share (for tuning).
        #[arg(long)]
        coverage: Option<f64>,
        /// Override the brief's term containment share (for tuning).
        #[arg(long)]
        containment: Option<f64>,
        #[command(flatten)]
        common: EvalArgs,
    },
    /// Story clustering as `chorus analyze` makes it (the dataset written as JSON lines and
    /// read, extracted and analysed by the engine): B³ and pairwise P/R/F1 against the
    /// gold clusters, next to a batch TF-IDF average-link baseline.
    Cluster {
        /// ../shared/data/cluster/{ecbplus_docs,basil_articles}.jsonl, the AllSides crawl
        /// (../shared/data/summary/neus/raw_crawled/*.jsonl), or JSON lines with `id`,
        /// `text`, optional `title` and `published`, and `cluster`.
        #[arg(long, value_name = "FILE")]
        data: PathBuf,
        /// The dataset's shape: ecb, basil, allsides or jsonl (detected when not given).
        #[arg(long, value_name = "NAME")]
        format: Option<String>,
        /// dev (tune here), test (report here), holdout (once, at the end) or all
        /// (dev and test; the hold-out too with --i-am-done-tuning).
        #[arg(long, default_value = "dev")]
        split: String,
        /// Allows --split holdout: it is to be read once, when tuning is over.
        #[arg(long)]
        i_am_done_tuning: bool,
        /// The baseline refuses to link documents dated more than this many days apart.
        #[arg(long, value_name = "DAYS", default_value_t = 3)]
        baseline_days: i64,
        /// Overrides a clustering setting by its name (e.g. `threshold=0.28`); repeatable.
        #[arg(long = "set", value_name = "KEY=VALUE")]
        sets: Vec<String>,
        /// Writes one JSON line per document (id, gold, story, title, baseline) to FILE.
        #[arg(long, value_name = "FILE")]
        dump: Option<PathBuf>,
        /// Leaves out the dataset's publication dates (news that comes without them):
        /// only dates found in the text remain.
        #[arg(long)]
        undated: bool,
        /// Renames documents by a hash of their id, so that undated ones (ordered by id)
        /// arrive in an order unrelated to the dataset's grouping.
        #[arg(long)]
        shuffled: bool,
    },
}

#[derive(clap::Args, Debug, Clone)]
struct EvalArgs {
    /// Score only the first N documents.
    #[arg(long, value_name = "N")]
    limit: Option<usize>,
    /// Also print every miss and error.
    #[arg(long)]
    verbose: bool,
}

/// Prints an evaluation report and, when asked, its details.
/// Reads a peer recogniser's mentions (see `chorus eval entities --peer`).
fn read_peer_mentions(path: &Path) -> Result<eval::entities::PeerMentions> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut out: eval::entities::PeerMentions = Vec::new();
    for (n, line) in text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let bad = || format!("{}:{}: not a peer mention line", path.display(), n + 1);
        let v: serde_json::Value = serde_json::from_str(line).with_context(bad)?;
        let doc = v["doc"].as_u64().with_context(bad)? as usize;
        if doc != out.len() {
            bail!("{}: documents must come in order 0, 1, 2, ...", bad());
        }
        let mut mentions = Vec::new();
        for m in v["mentions"].as_array().with_context(bad)? {
            let (Some(s), Some(e), Some(t)) = (m[0].as_u64(), m[1].as_u64(), m[2].as_str()) else {
                bail!("{}: a mention is [start, end, label]", bad());
            };
            mentions.push((s as usize, e as usize, t.to_string()));
        }
        out.push(mentions);
    }
    Ok(out)
}

fn print_report(
    report: &dyn std::fmt::Display,
    details: &[String],
    verbose: bool,
) -> Result<ExitCode> {
    let mut out = io::stdout().lock();
    writeln!(out, "{}", clean::text(&report.to_string()))?;
    if verbose {
        for line in details {
            writeln!(out, "{}", clean::line(line))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(err) => {
            if is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            eprintln!("chorus: error: {}", clean::line(&err.to_string()));
            for cause in err.chain().skip(1) {
                eprintln!("  caused by: {}", clean::line(&cause.to_string()));
            }
            ExitCode::from(1)
        }
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|c| {
        c.downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
}

fn run(cli: Cli) -> Result<ExitCode> {
    let config = Config::default();
    match cli.command {
        Command::Demo { store } => demo(&store.data, &config),
        Command::Ingest {
            store,
            progress,
            read,
            paths,
        } => {
            let config = read.config();
            let mut store = open(&store.data)?;
            let mut reporter = Reporter::new(&progress, "ingest");
            let report = engine::ingest(&mut store, &paths, &config, &mut |e| reporter.event(e))?;
            reporter.finish();
            eprintln!(
                "chorus: {} new, {} updated, {} unchanged articles; {} stories in {}",
                report.added,
                report.updated,
                report.unchanged,
                report.stories,
                clean::line(&store.path().display().to_string())
            );
            Ok(reporter.exit_code())
        }
        Command::Analyze {
            json,
            progress,
            read,
            paths,
        } => {
            let config = read.config();
            let mut reporter = Reporter::new(&progress, "analyze");
            let analysis = engine::analyze_paths(&paths, &config, &mut |e| reporter.event(e));
            reporter.finish();
            let mut out = io::BufWriter::new(io::stdout().lock());
            if json {
                serde_json::to_writer_pretty(&mut out, &analysis)?;
                writeln!(out)?;
            } else {
                writeln!(
                    out,
                    "{} articles, {} stories\n",
                    analysis.articles.len(),
                    analysis.stories.len()
                )?;
                for b in &analysis.stories {
                    writeln!(out, "{}", clean::text(&brief::render_markdown(b)))?;
                }
            }
            out.flush()?;
            Ok(reporter.exit_code())
        }
        Command::Extract {
            progress,
            read,
            paths,
        } => {
            let config = read.config();
            let mut reporter = Reporter::new(&progress, "extract");
            let mut out = io::BufWriter::new(io::stdout().lock());
            let mut write_error = None;
            engine::extract_paths(
                &paths,
                &config,
                &mut |e| reporter.event(e),
                &mut |article| {
                    if write_error.is_none() {
                        if let Err(e) = serde_json::to_writer(&mut out, &article)
                            .map_err(io::Error::from)
                            .and_then(|_| writeln!(out))
                        {
                            write_error = Some(e);
                        }
                    }
                },
            );
            reporter.finish();
            if let Some(e) = write_error {
                return Err(e.into());
            }
            out.flush()?;
            Ok(reporter.exit_code())
        }
        Command::Stories {
            store,
            shared,
            json,
        } => {
            let (mut store, _) = shared.reader(&store.data)?;
            let mut out = io::BufWriter::new(io::stdout().lock());
            print_stories(&mut out, store.as_mut(), json)?;
            out.flush()?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Brief {
            store,
            shared,
            story_id,
            format,
        } => {
            let (mut store, place) = shared.reader(&store.data)?;
            let Some(b) = store.brief(&story_id)? else {
                bail!("no story {story_id:?} in {place} (see `chorus stories`)");
            };
            let mut out = io::stdout().lock();
            match format {
                BriefFormat::Md => write!(out, "{}", clean::text(&brief::render_markdown(&b)))?,
                BriefFormat::Json => {
                    serde_json::to_writer_pretty(&mut out, &b)?;
                    writeln!(out)?;
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Serve {
            store,
            shared,
            addr,
            body_limit,
            token,
            public_names,
            follow,
            refresh,
            follow_args,
        } => {
            if follow && shared.url.is_some() {
                bail!("--follow writes to the store in --data; it cannot run with --store (the shared store is written by `chorus worker` and `chorus sequence`)");
            }
            let serve_config = serve::ServeConfig {
                data: store.data,
                shared: shared.serve_source()?,
                addr,
                body_limit,
                token,
                public_names,
                engine: config,
                ..serve::ServeConfig::default()
            };
            if follow {
                let serve_config = serve::ServeConfig {
                    auto_refresh: Some(std::time::Duration::from_secs(refresh.max(1))),
                    ..serve_config
                };
                feeds::serve_following(serve_config, &follow_args)?;
            } else {
                serve::run_blocking(serve_config)?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Feeds { what } => feeds::feeds(what),
        Command::Follow {
            store,
            once,
            quiet,
            follow,
        } => feeds::follow(&store.data, &follow, once, quiet),
        #[cfg(feature = "postgres")]
        Command::Db { what } => shared::db(what),
        #[cfg(feature = "postgres")]
        Command::Enqueue(args) => shared::enqueue(args),
        #[cfg(feature = "postgres")]
        Command::Worker(args) => shared::worker(args),
        #[cfg(feature = "postgres")]
        Command::Sequence(args) => shared::sequence(args),
        #[cfg(feature = "postgres")]
        Command::Jobs(args) => shared::jobs(args),
        Command::Check { store, shared } => {
            let (mut store, _) = shared.reader(&store.data)?;
            let check = store.check()?;
            println!("{} articles, {} stories", check.articles, check.stories);
            for p in &check.problems {
                println!("problem: {}", clean::line(p));
            }
            Ok(if check.problems.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
        Command::Eval {
            what:
                EvalCommand::Extract {
                    data,
                    dataset,
                    limit,
                    verbose,
                    dump,
                    split,
                    i_am_done_tuning,
                },
        } => {
            let Some(split) = eval::extract::Split::from_name(&split) else {
                bail!("unknown split {split:?}: pass --split dev|test|holdout|all");
            };
            let selection = eval::extract::Selection {
                split,
                done_tuning: i_am_done_tuning,
                limit,
            };
            let name = dataset
                .or_else(|| data.file_name().map(|n| n.to_string_lossy().into_owned()))
                .unwrap_or_default();
            let Some(kind) = eval::extract::Dataset::from_name(&name) else {
                bail!("unknown extraction dataset {name:?}: pass --dataset scrapinghub|wcxb|fundus|htmldate");
            };
            let report = eval::extract::evaluate(kind, &data, selection)
                .with_context(|| format!("cannot evaluate {}", data.display()))?;
            // Written, not printed, so a closed pipe (`| head`) ends the run quietly.
            if let Some(path) = dump {
                let write = || -> io::Result<()> {
                    let mut file = io::BufWriter::new(std::fs::File::create(&path)?);
                    report.write_dump(&mut file)
                };
                write().with_context(|| format!("cannot write {}", path.display()))?;
            }
            let mut out = io::stdout().lock();
            writeln!(out, "{}", clean::text(&report.to_string()))?;
            if verbose {
                for miss in &report.misses {
                    writeln!(out, "{}", clean::line(&miss.to_string()))?;
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Eval {
            what:
                EvalCommand::Quotes {
                    data,
                    min_confidence,
                    common,
                },
        } => {
            let r = eval::quotes::quotes(&data, common.limit, common.verbose, min_confidence)?;
            print_report(&r, &r.details, common.verbose)
        }
        Command::Eval {
            what: EvalCommand::Dates { data, common },
        } => {
            let Some(kind) = eval::dates::DatesKind::detect(&data) else {
                bail!("{} is neither TempEval-3 nor MEANTIME", data.display());
            };
            let r = eval::dates::dates(&data, kind, common.limit, common.verbose)?;
            print_report(&r, &r.details, common.verbose)
        }
        Command::Eval {
            what:
                EvalCommand::Entities {
                    data,
                    dump_bodies,
                    peer,
                    split,
                    i_am_done_tuning,
                    common,
                },
        } => {
            let Some(split) = eval::stories::Split::from_name(&split) else {
                bail!("unknown split {split:?}: pass --split dev|test|holdout|all");
            };
            if let Some(out) = dump_bodies {
                let bodies =
                    eval::entities::bodies_in(&data, split, i_am_done_tuning, common.limit)?;
                let mut text = String::new();
                for (doc, body) in bodies.iter().enumerate() {
                    text.push_str(&serde_json::json!({ "doc": doc, "body": body }).to_string());
                    text.push('\n');
                }
                std::fs::write(&out, text)
                    .with_context(|| format!("cannot write {}", out.display()))?;
                eprintln!("wrote {} bodies to {}", bodies.len(), out.display());
                return Ok(ExitCode::SUCCESS);
            }
            let peer = peer.map(|p| read_peer_mentions(&p)).transpose()?;
            let r = eval::entities::entities_in(
                &data,
                split,
                i_am_done_tuning,
                common.limit,
                common.verbose,
                peer,
            )?;
            print_report(&r, &r.details, common.verbose)
        }
        Command::Eval {
            what: EvalCommand::Aliases { data, common },
        } => {
            let r = eval::aliases::aliases(&data, common.limit, common.verbose)?;
            print_report(&r, &r.details, common.verbose)
        }
        Command::Eval {
            what:
                EvalCommand::Summary {
                    data,
                    sentences,
                    words,
                    ratio,
                    dump,
                    split,
                    redundancy,
                    coverage,
                    containment,
                    common,
                },
        } => {
            let d = brief::BriefConfig::default();
            let brief_config = brief::BriefConfig {
                summary_sentences: sentences,
                summary_words: words,
                summary_ratio: ratio,
                redundancy_similarity: redundancy.unwrap_or(d.redundancy_similarity),
                redundancy_coverage: coverage.unwrap_or(d.redundancy_coverage),
                redundancy_containment: containment.unwrap_or(d.redundancy_containment),
                ..d
            };
            let r = eval::summary::summary_with(
                &data,
                split,
                &brief_config,
                common.limit,
                dump.as_deref(),
            )?;
            print_report(&r, &[], false)
        }
        Command::Eval {
            what:
                EvalCommand::Cluster {
                    data,
                    format,
                    split,
                    i_am_done_tuning,
                    baseline_days,
                    sets,
                    dump,
                    undated,
                    shuffled,
                },
        } => {
            let format = match format {
                None => None,
                Some(name) => match eval::stories::DataFormat::from_name(&name) {
                    Some(f) => Some(f),
                    None => {
                        bail!("unknown --format {name:?}: expected ecb, basil, allsides or jsonl")
                    }
                },
            };
            let Some(split) = eval::stories::Split::from_name(&split) else {
                bail!("unknown --split {split:?}: expected dev, test, holdout or all");
            };
            let cluster = eval::stories::patch_config(&config.cluster, &sets)?;
            let label = if sets.is_empty() {
                "chorus".to_string()
            } else {
                format!("chorus {}", sets.join(" "))
            };
            let options = eval::stories::Options {
                data: data.clone(),
                format,
                split,
                done_tuning: i_am_done_tuning,
                baseline_days,
                dump,
                undated,
                shuffled,
            };
            let started = std::time::Instant::now();
            let report = eval::stories::evaluate(&options, &config, &[(label, cluster)])
                .with_context(|| format!("cannot evaluate {}", data.display()))?;
            print!("{report}");
            println!("time           {:.2} s", started.elapsed().as_secs_f64());
            Ok(ExitCode::SUCCESS)
        }
        Command::Bench { paths } => {
            // One worker thread, so the figure compares with single-core peers.
            rayon::ThreadPoolBuilder::new()
                .num_threads(1)
                .build_global()
                .ok();
            let r = engine::bench(&paths, &config);
            let per_sec = |secs: f64| {
                if secs > 0.0 {
                    r.documents as f64 / secs
                } else {
                    0.0
                }
            };
            println!("documents      {:>10}", r.documents);
            println!("megabytes      {:>10.1}", r.bytes as f64 / 1e6);
            println!("failures       {:>10}", r.failures);
            println!("stories        {:>10}", r.stories);
            println!("read           {:>10.3} s", r.read_secs);
            println!(
                "extract        {:>10.3} s  {:>8.1} docs/s",
                r.extract_secs,
                per_sec(r.extract_secs)
            );
            println!(
                "analyze        {:>10.3} s  {:>8.1} docs/s",
                r.analyze_secs,
                per_sec(r.analyze_secs)
            );
            println!(
                "dedup+cluster+brief {:>5.3} s  {:>8.1} docs/s",
                r.stories_secs,
                per_sec(r.stories_secs)
            );
            let pipeline = r.extract_secs + r.analyze_secs + r.stories_secs;
            println!(
                "pipeline       {:>10.3} s  {:>8.1} docs/s",
                pipeline,
                per_sec(pipeline)
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn open(dir: &Path) -> Result<Store> {
    Store::open(dir).with_context(|| format!("cannot open the store in {}", dir.display()))
}

fn open_existing(dir: &Path) -> Result<Store> {
    if !dir.join(store::DB_FILE).exists() {
        bail!("no store in {} (run `chorus ingest PATH...` or `chorus demo` first, or pass --data DIR)", dir.display());
    }
    open(dir)
}

fn print_stories(out: &mut dyn Write, store: &mut dyn store::Reading, json: bool) -> Result<()> {
    for s in store.stories()? {
        if json {
            serde_json::to_writer(&mut *out, &s)?;
            writeln!(out)?;
        } else {
            let dates = match (s.first_published, s.last_published) {
                (Some(a), Some(b)) if a == b => a.to_string(),
                (Some(a), Some(b)) => format!("{a}..{b}"),
                _ => "undated".to_string(),
            };
            writeln!(
                out,
                "{}  {:>3} articles  {:<22}  {}",
                clean::line(&s.id),
                s.article_count,
                dates,
                clean::line(&s.headline)
            )?;
            if !s.outlets.is_empty() {
                writeln!(out, "{:>10}  {}", "", clean::line(&s.outlets.join(", ")))?;
            }
        }
    }
    Ok(())
}

/// The sample corpus that ships in the repository.
fn sample_corpus() -> Result<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus/sample");
    if !dir.is_dir() {
        bail!(
            "the sample corpus is not at {} (run `chorus demo` from a checkout of the repository)",
            dir.display()
        );
    }
    Ok(dir)
}

fn demo(data: &Path, config: &Config) -> Result<ExitCode> {
    let corpus = sample_corpus()?;
    let mut store = open(data)?;
    let progress = ProgressArgs {
        quiet: false,
        progress: ProgressMode::Auto,
    };
    let mut reporter = Reporter::new(&progress, "ingest");
    let report = engine::ingest(
        &mut store,
        std::slice::from_ref(&corpus),
        config,
        &mut |e| reporter.event(e),
    )?;
    reporter.finish();
    let mut out = io::BufWriter::new(io::stdout().lock());
    writeln!(
        out,
        "Ingested the sample corpus ({}) into {}: {} new, {} updated, {} unchanged articles.\n",
        corpus.canonicalize().unwrap_or(corpus).display(),
        store.path().display(),
        report.added,
        report.updated,
        report.unchanged
    )?;
    writeln!(out, "## Stories\n")?;
    print_stories(&mut out, &mut store, false)?;
    let largest = store
        .stories()?
        .into_iter()
        .max_by(|a, b| a.article_count.cmp(&b.article_count).then(b.id.cmp(&a.id)));
    if let Some(story) = largest {
        if let Some(b) = store.brief(&story.id)? {
            writeln!(out, "\n## The largest story\n")?;
            writeln!(out, "{}", clean::text(&brief::render_markdown(&b)))?;
        }
        let data_flag = if data == Path::new("chorus-data") {
            String::new()
        } else {
            format!(" --data {}", data.display())
        };
        writeln!(out, "Go further:")?;
        writeln!(
            out,
            "  chorus stories{data_flag}                 list every story"
        )?;
        writeln!(out, "  chorus brief{data_flag} {}          the brief of a story (--format json for the contract)", story.id)?;
        writeln!(out, "  chorus ingest{data_flag} PATH...          add your own articles (.txt, .html, .jsonl, .gz)")?;
        writeln!(
            out,
            "  chorus analyze --json PATH...    the whole analysis without a store"
        )?;
    }
    out.flush()?;
    Ok(reporter.exit_code())
}

/// Shows progress and failures on stderr and remembers whether any input failed.
struct Reporter {
    bar: Option<ProgressBar>,
    lines: bool,
    failures: usize,
    verb: &'static str,
}

impl Reporter {
    fn new(args: &ProgressArgs, verb: &'static str) -> Reporter {
        let mode = match args.progress {
            ProgressMode::Auto if args.quiet || !io::stderr().is_terminal() => ProgressMode::None,
            ProgressMode::Auto => ProgressMode::Bar,
            m => m,
        };
        let bar = (mode == ProgressMode::Bar).then(|| {
            let bar = ProgressBar::new(0);
            bar.set_style(
                ProgressStyle::with_template(
                    "{spinner} {msg} [{bar:30}] {pos}/{len} inputs ({elapsed})",
                )
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
            );
            bar
        });
        Reporter {
            bar,
            lines: mode == ProgressMode::Lines,
            failures: 0,
            verb,
        }
    }

    fn event(&mut self, event: Event) {
        match event {
            Event::Started { inputs } => {
                if let Some(bar) = &self.bar {
                    bar.set_length(inputs as u64);
                    bar.set_message(self.verb);
                }
                if self.lines {
                    eprintln!("progress: {} inputs", inputs);
                }
            }
            Event::InputDone => {
                if let Some(bar) = &self.bar {
                    bar.inc(1);
                }
            }
            Event::Processed { documents } => {
                if let Some(bar) = &self.bar {
                    bar.set_message(format!("{} {documents} documents", self.verb));
                }
                if self.lines {
                    eprintln!("progress: {documents} documents processed");
                }
            }
            Event::Finishing => {
                if let Some(bar) = &self.bar {
                    bar.set_message("building stories");
                }
                if self.lines {
                    eprintln!("progress: building stories");
                }
            }
            Event::Waiting { data } => {
                let line = format!(
                    "chorus: another ingest is writing to {}; waiting…",
                    data.display()
                );
                match &self.bar {
                    Some(bar) => bar.println(line),
                    None => eprintln!("{line}"),
                }
            }
            Event::Failed(f) => {
                self.failures += 1;
                let line = clean::line(&format!("chorus: skipped {f}")).into_owned();
                match &self.bar {
                    Some(bar) => bar.println(line),
                    None => eprintln!("{line}"),
                }
            }
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
        if self.failures > 0 {
            eprintln!(
                "chorus: {} input(s) failed; the rest were processed",
                self.failures
            );
        }
    }

    fn exit_code(&self) -> ExitCode {
        if self.failures > 0 {
            ExitCode::from(2)
        } else {
            ExitCode::SUCCESS
        }
    }
}
