//! The follower: Chorus going to get the news itself. It polls the feeds a user follows
//! (RSS/Atom, plain and Google News sitemaps, or a single page), fetches each new item's
//! page, and ingests what it found through [`engine::ingest_docs`] into the same store,
//! with the feed's own text as the fallback when a page cannot be fetched.
//!
//! - [`Follower::round`] polls every feed that is due once; [`Follower::run`] hands
//!   feeds out as they fall due until told to stop, sleeping in between.
//! - Both spread the work over [`FollowConfig::workers`] threads, one host's due feeds
//!   per worker at a time, each worker with a store connection of its own: a slow or
//!   hostile host holds up its own feeds, never another host's.
//! - Politeness lives in [`fetch`]: `robots.txt`, a `User-Agent` naming Chorus, one
//!   request at a time with a delay per host whichever worker sends it
//!   ([`fetch::Gate`]), `429`/`Retry-After`, conditional GET, timeouts, a redirect
//!   limit and a body limit enforced while reading.
//! - Items are keyed by their normalised URL ([`urls`]: tracking parameters and
//!   fragments dropped, a same-site `<link rel=canonical>` honoured), so one article
//!   reached from two feeds, or under two URLs, is fetched and stored once.
//! - All state (validators, schedule, failures, the items taken) is in the store
//!   ([`store::FeedRow`], [`store::FeedItem`]), written in the same transaction as the
//!   articles a poll produced: killed at any moment, a restart refetches nothing stored.
//! - A feed's poll interval adapts to how often it publishes (halved when a poll brings
//!   new items, grown by half when not, within `min_interval..=max_interval`); a failing
//!   feed backs off exponentially and shows its failures and last error.
//!
//! The HTTP client is `ureq` 3 over rustls 0.23 (ring) with webpki roots, no system
//! OpenSSL. Measured alone in a release build on one job: ureq (with gzip) 45 s of CPU
//! and 2.3 MB of stripped binary, minreq 22 s and 1.3 MB; minreq was cheaper but is
//! tied to the old rustls 0.21 line and its roots, and has no streaming decompression
//! or per-phase timeouts, so ureq was kept (its flate2, url and http are in the tree
//! already).

pub mod fetch;
pub mod robots;
pub mod urls;
pub mod xml;

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::sync::Mutex;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use ingest::Failure;
use model::{Format, RawDoc};
use store::{FeedItem, FeedRow, Store};
use url::Url;

use fetch::{Fetched, Fetcher, Page};

/// Every tunable of the follower; `Default` holds the documented defaults.
#[derive(Debug, Clone)]
pub struct FollowConfig {
    /// Sent with every request; names Chorus (and contains the robots.txt token `chorus`).
    pub user_agent: String,
    /// Longest wait for a connection.
    pub connect_timeout: Duration,
    /// Longest a whole request may take, body included.
    pub timeout: Duration,
    /// Redirects followed per request.
    pub max_redirects: u32,
    /// Largest feed or sitemap read, after decompression.
    pub max_feed_bytes: u64,
    /// Largest page read, after decompression.
    pub max_page_bytes: u64,
    /// Least time between two requests to one host.
    pub host_delay: Duration,
    /// Shortest poll interval of a feed.
    pub min_interval: Duration,
    /// Longest poll interval of a feed (and longest backoff of a failing one).
    pub max_interval: Duration,
    /// Most new items taken from one feed per poll; the rest wait for the next poll.
    pub max_items: usize,
    /// Most child sitemaps of a sitemap index read per poll.
    pub max_sitemaps: usize,
    /// Threads polling at once, each on the feeds of one host at a time (so a slow host
    /// holds up one of them, never the others).
    pub workers: usize,
}

impl Default for FollowConfig {
    fn default() -> Self {
        FollowConfig {
            user_agent: format!(
                "Chorus/{} (news follower; honours robots.txt)",
                env!("CARGO_PKG_VERSION")
            ),
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(30),
            max_redirects: 5,
            max_feed_bytes: 16 << 20,
            max_page_bytes: 8 << 20,
            host_delay: Duration::from_secs(1),
            min_interval: Duration::from_secs(10 * 60),
            max_interval: Duration::from_secs(24 * 3600),
            max_items: 200,
            max_sitemaps: 20,
            workers: 8,
        }
    }
}

/// What can go wrong: with one URL (reported, and the rest goes on), or with the store
/// (which stops the round).
#[derive(Debug, thiserror::Error)]
pub enum FollowError {
    #[error("{url}: {reason}")]
    Http { url: String, reason: String },
    #[error("{url}: HTTP {status} ({reason})")]
    Status {
        url: String,
        status: u16,
        reason: String,
    },
    #[error("{url}: larger than the limit of {limit} bytes; cut off")]
    TooLarge { url: String, limit: u64 },
    #[error("{url}: more than {max} redirects")]
    TooManyRedirects { url: String, max: u32 },
    #[error("{url}: disallowed by robots.txt; not fetched")]
    Disallowed { url: String },
    #[error("{url}: rate limited (429); retrying after {retry_after} s")]
    RateLimited { url: String, retry_after: u64 },
    #[error("{url}: {reason}")]
    NotAFeed { url: String, reason: String },
    #[error("{url}: not an http(s) URL")]
    BadUrl { url: String },
    #[error("{path}: {reason}")]
    Opml { path: String, reason: String },
    #[error(transparent)]
    Store(#[from] store::StoreError),
    #[error(transparent)]
    Engine(#[from] engine::EngineError),
}

impl FollowError {
    /// Whether trying again later may succeed (a timeout, a server error, a rate limit),
    /// as opposed to an answer that will not change (robots.txt, too large, 4xx).
    fn transient(&self) -> bool {
        match self {
            FollowError::Http { .. } | FollowError::RateLimited { .. } => true,
            FollowError::Status { status, .. } => *status >= 500 || *status == 408,
            _ => false,
        }
    }

    fn failure(&self) -> Failure {
        let text = self.to_string();
        match text.split_once(": ") {
            Some((source, reason)) => Failure {
                source: source.to_string(),
                reason: reason.to_string(),
            },
            None => Failure {
                source: String::new(),
                reason: text,
            },
        }
    }
}

/// What a round reports as it goes.
#[derive(Debug, Clone)]
pub enum Notice {
    /// A feed was polled: how many new items it had (`not_modified` for a `304`).
    Polled {
        feed: String,
        new_items: usize,
        not_modified: bool,
    },
    /// Something failed (a feed, a page, a document); the rest went on.
    Problem(Failure),
}

/// What one round did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RoundReport {
    /// Feeds polled (due ones only).
    pub polled: usize,
    /// Feeds that answered `304 Not Modified`.
    pub not_modified: usize,
    /// Feeds whose poll failed.
    pub failed: usize,
    /// New items taken.
    pub new_items: usize,
    /// Pages fetched and ingested as such.
    pub pages: usize,
    /// Items ingested from the feed's own text.
    pub fallbacks: usize,
    /// Articles new to the store, and updated.
    pub added: usize,
    pub updated: usize,
    /// HTTP requests sent (robots.txt included).
    pub requests: u64,
}

/// The current time in Unix seconds.
pub fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// Adds feeds by URL (normalised; bad ones are returned as failures, the rest added),
/// due at once. Returns how many were new.
pub fn add_feeds(
    store: &mut Store,
    urls: &[String],
    config: &FollowConfig,
    now: i64,
) -> Result<(usize, Vec<Failure>), FollowError> {
    let mut rows = Vec::new();
    let mut bad = Vec::new();
    for url in urls {
        match urls::normalize(url) {
            Some(u) => rows.push(FeedRow::new(&u, now, config.min_interval.as_secs() as i64)),
            None => bad.push(
                FollowError::BadUrl {
                    url: url.to_string(),
                }
                .failure(),
            ),
        }
    }
    Ok((store.add_feeds(&rows)?, bad))
}

/// One new item of a poll, before its page is fetched.
struct Candidate {
    key: String,
    url: Option<Url>,
    /// The feed's own text of it, if it has any.
    fallback: Option<RawDoc>,
    published: Option<chrono::NaiveDate>,
    /// The page itself, when the source was a single page.
    page: Option<Page>,
}

/// What a poll produced, ready to be ingested with the feed's new state.
struct Harvest {
    docs: Vec<RawDoc>,
    items: Vec<FeedItem>,
    pages: usize,
    fallbacks: usize,
}

/// How the feed reader refuses an item without text of its own.
const NO_TEXT: &str = "feed item has no content or description";

/// Which of the three kinds a fetched source is.
#[derive(Debug, PartialEq, Eq)]
enum Kind {
    Feed,
    Sitemap,
    Page,
}

fn sniff(page: &Page) -> Option<Kind> {
    let head: String =
        String::from_utf8_lossy(&page.body[..page.body.len().min(2048)]).to_ascii_lowercase();
    let start = head.trim_start_matches('\u{feff}').trim_start();
    let html_start = start.starts_with("<!doctype html") || start.starts_with("<html");
    if head.contains("<urlset") || head.contains("<sitemapindex") {
        Some(Kind::Sitemap)
    } else if !html_start
        && (head.contains("<rss") || head.contains("<feed") || head.contains("<rdf:rdf"))
    {
        Some(Kind::Feed)
    } else if html_start
        || head.contains("<html")
        || page.content_type.as_deref() == Some("text/html")
    {
        Some(Kind::Page)
    } else {
        None
    }
}

/// Polls feeds and ingests what they bring.
///
/// Work is spread over [`FollowConfig::workers`] threads, one host's due feeds at a
/// time on each (a host is never polled by two threads at once), each thread writing
/// with a store connection of its own. The fetcher's gate keeps every host to one
/// request at a time whichever thread sends it, so a slow or hostile host holds up its
/// own feeds and no one else's.
pub struct Follower {
    config: FollowConfig,
    engine: engine::Config,
    fetcher: Fetcher,
    /// Item keys taken by a poll under way and not yet stored, so that two feeds
    /// carrying one article fetch it once.
    claimed: Mutex<BTreeSet<String>>,
}

/// The due feeds of one host, for one worker.
struct Job {
    feeds: Vec<FeedRow>,
    /// The time of the polls; None: the clock, read at each poll.
    now: Option<i64>,
}

/// A host and its due feeds.
type HostFeeds = (String, Vec<FeedRow>);

/// What workers tell the thread driving them.
enum Msg {
    Notice(Notice),
    Done {
        host: String,
        report: RoundReport,
        result: Result<(), FollowError>,
    },
}

fn add_report(to: &mut RoundReport, r: &RoundReport) {
    to.polled += r.polled;
    to.not_modified += r.not_modified;
    to.failed += r.failed;
    to.new_items += r.new_items;
    to.pages += r.pages;
    to.fallbacks += r.fallbacks;
    to.added += r.added;
    to.updated += r.updated;
    to.requests += r.requests;
}

/// The host whose gate a feed's own request passes; one worker polls it at a time.
fn feed_host(url: &str) -> String {
    urls::parse_web(url).map_or_else(String::new, |u| fetch::host_key(&u))
}

/// Longest the follower sleeps before looking at the feeds again (feeds added by
/// another process are seen within it).
const LOOK_AGAIN: Duration = Duration::from_secs(60);
/// How often a waiting follower checks whether it was told to stop.
const TICK: Duration = Duration::from_millis(250);

impl Follower {
    pub fn new(config: FollowConfig, engine: engine::Config) -> Follower {
        let fetcher = Fetcher::new(&config);
        Follower {
            config,
            engine,
            fetcher,
            claimed: Mutex::new(BTreeSet::new()),
        }
    }

    /// Requests sent so far.
    pub fn requests(&self) -> u64 {
        self.fetcher.requests()
    }

    /// Polls every feed due at `now` (Unix seconds), in order of due time within each
    /// host and hosts in parallel, and ingests each feed's new items in one batch with
    /// the feed's new state. A failing feed or page is reported to `on` and the round
    /// goes on; only the store can stop it.
    pub fn round(
        &mut self,
        store: &mut Store,
        now: i64,
        on: &mut dyn FnMut(Notice),
    ) -> Result<RoundReport, FollowError> {
        let stop = AtomicBool::new(false);
        self.drive(store, Some(now), &stop, on, &mut |_| {})
    }

    /// Polls feeds as they fall due until `stop` is set, hosts in parallel: a host's
    /// feeds are handed to a worker as soon as one is due and the host is not being
    /// polled already. Between polls it sleeps until the next feed is due (looking again
    /// at least every minute, so feeds added meanwhile are seen), waking every quarter
    /// second to check `stop`; idle, it costs nothing but those wake-ups. Once `stop` is
    /// set, polls under way end at their next request and store nothing (what they had
    /// is fetched again next time), and it returns. `on_round` gets what was done each
    /// time the workers fall idle (or at least every minute while they are busy).
    pub fn run(
        &mut self,
        store: &mut Store,
        stop: &AtomicBool,
        on: &mut dyn FnMut(Notice),
        on_round: &mut dyn FnMut(&RoundReport),
    ) -> Result<(), FollowError> {
        self.drive(store, None, stop, on, on_round).map(|_| ())
    }

    /// The due feeds not being polled, grouped by host, oldest due first; and when the
    /// next feed not being polled falls due.
    fn due(
        &self,
        store: &Store,
        now: i64,
        busy: &HashSet<String>,
    ) -> Result<(Vec<HostFeeds>, Option<i64>), FollowError> {
        let mut next: Option<i64> = None;
        let mut groups: BTreeMap<String, Vec<FeedRow>> = BTreeMap::new();
        for feed in store.feeds()? {
            let host = feed_host(&feed.url);
            if busy.contains(&host) {
                continue;
            }
            if feed.next_poll <= now {
                groups.entry(host).or_default().push(feed);
            } else {
                next = Some(next.map_or(feed.next_poll, |n| n.min(feed.next_poll)));
            }
        }
        let mut groups: Vec<HostFeeds> = groups.into_iter().collect();
        for (_, feeds) in &mut groups {
            feeds.sort_by(|a, b| a.next_poll.cmp(&b.next_poll).then(a.url.cmp(&b.url)));
        }
        groups
            .sort_by(|a, b| (a.1[0].next_poll, &a.1[0].url).cmp(&(b.1[0].next_poll, &b.1[0].url)));
        Ok((groups, next))
    }

    /// The engine of [`Follower::round`] (`once`: the due feeds at that time, once) and
    /// [`Follower::run`] (None: until `stop`).
    fn drive(
        &self,
        store: &mut Store,
        once: Option<i64>,
        stop: &AtomicBool,
        on: &mut dyn FnMut(Notice),
        on_round: &mut dyn FnMut(&RoundReport),
    ) -> Result<RoundReport, FollowError> {
        let dir = store
            .path()
            .parent()
            .map_or_else(|| store.path().to_path_buf(), |p| p.to_path_buf());
        let this = self;
        let halt = AtomicBool::new(false);
        let (jobs_tx, jobs_rx) = mpsc::channel::<Job>();
        let jobs_rx = Mutex::new(jobs_rx);
        let (msg_tx, msg_rx) = mpsc::channel::<Msg>();
        let workers = this.config.workers.max(1);
        std::thread::scope(|scope| {
            for _ in 0..workers {
                let (jobs_rx, msg_tx, dir, halt) = (&jobs_rx, msg_tx.clone(), &dir, &halt);
                scope.spawn(move || {
                    let mut own: Option<Store> = None;
                    loop {
                        let job = match jobs_rx.lock().unwrap_or_else(|e| e.into_inner()).recv() {
                            Ok(job) => job,
                            Err(_) => return,
                        };
                        let host = job
                            .feeds
                            .first()
                            .map(|f| feed_host(&f.url))
                            .unwrap_or_default();
                        let mut report = RoundReport::default();
                        let halted =
                            || stop.load(Ordering::Relaxed) || halt.load(Ordering::Relaxed);
                        let result = (|| {
                            let store = match &mut own {
                                Some(s) => s,
                                None => own.insert(Store::open(dir)?),
                            };
                            let mut tell = |n: Notice| {
                                let _ = msg_tx.send(Msg::Notice(n));
                            };
                            for feed in job.feeds {
                                if halted() {
                                    break;
                                }
                                let now = job.now.unwrap_or_else(unix_now);
                                this.poll(store, feed, now, &halted, &mut report, &mut tell)?;
                            }
                            Ok(())
                        })();
                        if result.is_err() {
                            // A broken store stops everything, not only this host.
                            halt.store(true, Ordering::Relaxed);
                        }
                        let _ = msg_tx.send(Msg::Done {
                            host,
                            report,
                            result,
                        });
                    }
                });
            }
            drop(msg_tx);
            let requests = this.fetcher.requests();
            let mut total = RoundReport::default();
            let mut pending = RoundReport::default();
            let mut last_told = Instant::now();
            let mut busy: HashSet<String> = HashSet::new();
            let mut error: Option<FollowError> = None;
            let mut look_at = Instant::now();
            let mut dispatched = false;
            loop {
                let stopping = stop.load(Ordering::Relaxed) || error.is_some();
                let may_dispatch = match once {
                    Some(_) => !dispatched,
                    None => !stopping && Instant::now() >= look_at,
                };
                if may_dispatch {
                    dispatched = true;
                    let now = once.unwrap_or_else(unix_now);
                    match this.due(store, now, &busy) {
                        Ok((groups, next)) => {
                            for (host, feeds) in groups {
                                busy.insert(host);
                                let _ = jobs_tx.send(Job { feeds, now: once });
                            }
                            let wait = next.map_or(LOOK_AGAIN, |n| {
                                Duration::from_secs(n.saturating_sub(unix_now()).max(0) as u64)
                            });
                            look_at = Instant::now() + wait.min(LOOK_AGAIN);
                        }
                        Err(e) => {
                            halt.store(true, Ordering::Relaxed);
                            error = Some(e);
                        }
                    }
                }
                if busy.is_empty() && (once.is_some() || stopping) {
                    break;
                }
                match msg_rx.recv_timeout(TICK) {
                    Ok(Msg::Notice(n)) => on(n),
                    Ok(Msg::Done {
                        host,
                        report,
                        result,
                    }) => {
                        busy.remove(&host);
                        add_report(&mut pending, &report);
                        if let Err(e) = result {
                            error.get_or_insert(e);
                        }
                        // The host may have more due feeds, and the schedule changed.
                        look_at = Instant::now();
                    }
                    Err(mpsc::RecvTimeoutError::Timeout) => {}
                    Err(mpsc::RecvTimeoutError::Disconnected) => break,
                }
                if once.is_none()
                    && pending.polled > 0
                    && (busy.is_empty() || last_told.elapsed() >= LOOK_AGAIN)
                {
                    pending.requests = this.fetcher.requests() - requests - total.requests;
                    on_round(&pending);
                    add_report(&mut total, &pending);
                    pending = RoundReport::default();
                    last_told = Instant::now();
                }
            }
            drop(jobs_tx);
            // Notices sent after the last Done.
            while let Ok(m) = msg_rx.try_recv() {
                if let Msg::Notice(n) = m {
                    on(n);
                }
            }
            add_report(&mut total, &pending);
            total.requests = this.fetcher.requests() - requests;
            match error {
                Some(e) => Err(e),
                None => Ok(total),
            }
        })
    }

    /// Claims an item key for this poll; false when another poll under way has it.
    fn claim(&self, key: &str, mine: &mut Vec<String>) -> bool {
        let fresh = self
            .claimed
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key.to_string());
        if fresh {
            mine.push(key.to_string());
        }
        fresh
    }

    /// Polls one feed and stores what it brought, with its new state; the keys it
    /// claimed are released when it is done (stored by then, or left for later).
    fn poll(
        &self,
        store: &mut Store,
        feed: FeedRow,
        now: i64,
        halted: &dyn Fn() -> bool,
        report: &mut RoundReport,
        on: &mut dyn FnMut(Notice),
    ) -> Result<(), FollowError> {
        let mut mine = Vec::new();
        let result = self.poll_claiming(store, feed, now, halted, &mut mine, report, on);
        let mut claimed = self.claimed.lock().unwrap_or_else(|e| e.into_inner());
        for key in &mine {
            claimed.remove(key);
        }
        result
    }

    #[allow(clippy::too_many_arguments)]
    fn poll_claiming(
        &self,
        store: &mut Store,
        mut feed: FeedRow,
        now: i64,
        halted: &dyn Fn() -> bool,
        mine: &mut Vec<String>,
        report: &mut RoundReport,
        on: &mut dyn FnMut(Notice),
    ) -> Result<(), FollowError> {
        let mut counted = RoundReport {
            polled: 1,
            ..RoundReport::default()
        };
        feed.last_attempt = Some(now);
        let fetched = match urls::parse_web(&feed.url) {
            None => Err(FollowError::BadUrl {
                url: feed.url.clone(),
            }),
            Some(url) => self.fetcher.get(
                &url,
                feed.etag.as_deref(),
                feed.last_modified.as_deref(),
                self.config.max_feed_bytes,
            ),
        };
        if halted() {
            return Ok(());
        }
        let page = match fetched {
            Ok(Fetched::NotModified) => {
                counted.not_modified += 1;
                self.succeeded(&mut feed, now, 0);
                on(Notice::Polled {
                    feed: feed.url.clone(),
                    new_items: 0,
                    not_modified: true,
                });
                return self.store_poll(store, &feed, Vec::new(), Vec::new(), counted, report, on);
            }
            Ok(Fetched::Page(page)) => page,
            Err(e) if matches!(e, FollowError::Store(_) | FollowError::Engine(_)) => return Err(e),
            Err(e) => {
                counted.failed += 1;
                self.failed(&mut feed, now, &e);
                on(Notice::Problem(feed_failure(&feed.url, &e)));
                return self.store_poll(store, &feed, Vec::new(), Vec::new(), counted, report, on);
            }
        };
        let candidates = match self.candidates(store, &mut feed, page, mine, on) {
            Ok(c) => c,
            Err(e) if matches!(e, FollowError::Store(_) | FollowError::Engine(_)) => return Err(e),
            Err(e) => {
                counted.failed += 1;
                self.failed(&mut feed, now, &e);
                on(Notice::Problem(feed_failure(&feed.url, &e)));
                return self.store_poll(store, &feed, Vec::new(), Vec::new(), counted, report, on);
            }
        };
        let Some(harvest) = self.harvest(store, &feed.url, candidates, now, halted, mine, on)?
        else {
            // Told to stop: nothing of this poll is stored, so it is done again.
            return Ok(());
        };
        let new_items = harvest.items.len();
        counted.new_items += new_items;
        counted.pages += harvest.pages;
        counted.fallbacks += harvest.fallbacks;
        self.succeeded(&mut feed, now, new_items as i64);
        on(Notice::Polled {
            feed: feed.url.clone(),
            new_items,
            not_modified: false,
        });
        self.store_poll(
            store,
            &feed,
            harvest.docs,
            harvest.items,
            counted,
            report,
            on,
        )
    }

    /// The new items of a fetched source (not taken before, not claimed by a poll under
    /// way; claimed for this one), at most `max_items`; sets the feed's validators and
    /// title.
    fn candidates(
        &self,
        store: &Store,
        feed: &mut FeedRow,
        page: Page,
        mine: &mut Vec<String>,
        on: &mut dyn FnMut(Notice),
    ) -> Result<Vec<Candidate>, FollowError> {
        let name = feed.url.clone();
        let mut all = Vec::new();
        match sniff(&page) {
            Some(Kind::Feed) => {
                let mut whole: Option<Failure> = None;
                let mut broken: Vec<Failure> = Vec::new();
                let mut title = None;
                ingest::read_feed_bytes(
                    &name,
                    "feed",
                    &page.body,
                    &self.engine.limits,
                    &mut |item| match item {
                        Ok(raw) => {
                            if title.is_none() {
                                title = raw.outlet.clone();
                            }
                            // Fetched as normalised: without its tracking parameters.
                            let mut parsed = raw.url.as_deref().and_then(urls::parse_web);
                            let key = match &mut parsed {
                                Some(u) => urls::normalize_parsed(u),
                                None => format!("{name}#{}", raw.id),
                            };
                            all.push(Candidate {
                                key,
                                url: parsed,
                                published: raw.published,
                                fallback: Some(raw),
                                page: None,
                            });
                        }
                        // The whole feed failed (as opposed to one item).
                        Err(f) if f.source == name => whole = Some(f),
                        Err(f) => broken.push(f),
                    },
                );
                // Items the reader could not take (no text of their own) still have
                // pages worth fetching: their links, without a fallback.
                let known: BTreeSet<String> = all.iter().map(|c| c.key.clone()).collect();
                let mut recovered = 0;
                let read = xml::feed_links(&page.body);
                if title.is_none() {
                    title = read.title;
                }
                for link in read.links {
                    let Some(mut url) = page
                        .url
                        .join(&link)
                        .ok()
                        .filter(|u| matches!(u.scheme(), "http" | "https"))
                    else {
                        continue;
                    };
                    let key = urls::normalize_parsed(&mut url);
                    if known.contains(&key) {
                        continue;
                    }
                    recovered += 1;
                    all.push(Candidate {
                        key,
                        url: Some(url),
                        published: None,
                        fallback: None,
                        page: None,
                    });
                }
                if recovered > 0 {
                    broken.retain(|f| f.reason != NO_TEXT);
                }
                // Nothing readable: the feed fails (an empty feed does not).
                if all.is_empty() {
                    if let Some(f) = whole.or_else(|| broken.first().cloned()) {
                        if f.reason != "feed has no items" {
                            return Err(FollowError::NotAFeed {
                                url: name,
                                reason: f.reason,
                            });
                        }
                    }
                }
                for f in broken {
                    on(Notice::Problem(f));
                }
                if title.is_some() {
                    feed.title = title;
                }
            }
            Some(Kind::Sitemap) => {
                let mut pending = vec![(page.url.clone(), page.body.clone())];
                let mut read = 0;
                while let Some((at, body)) = pending.pop() {
                    match xml::parse_sitemap(&body) {
                        Ok(xml::Sitemap::Urls(list)) => {
                            for u in list {
                                let Some(mut parsed) = urls::parse_web(&u.loc) else {
                                    continue;
                                };
                                all.push(Candidate {
                                    key: urls::normalize_parsed(&mut parsed),
                                    url: Some(parsed),
                                    published: u.published,
                                    fallback: None,
                                    page: None,
                                });
                            }
                        }
                        Ok(xml::Sitemap::Index(children)) => {
                            for child in children {
                                if read >= self.config.max_sitemaps {
                                    break;
                                }
                                read += 1;
                                let Some(url) = at
                                    .join(&child)
                                    .ok()
                                    .filter(|u| matches!(u.scheme(), "http" | "https"))
                                else {
                                    continue;
                                };
                                match self
                                    .fetcher
                                    .get(&url, None, None, self.config.max_feed_bytes)
                                {
                                    Ok(Fetched::Page(p)) => pending.push((p.url, p.body)),
                                    Ok(Fetched::NotModified) => {}
                                    Err(e) => on(Notice::Problem(e.failure())),
                                }
                            }
                        }
                        Err(reason) if at == page.url => {
                            return Err(FollowError::NotAFeed { url: name, reason })
                        }
                        Err(reason) => on(Notice::Problem(Failure {
                            source: at.to_string(),
                            reason,
                        })),
                    }
                }
                // Newest first, so the items a poll leaves for later are the oldest.
                all.sort_by_key(|c| std::cmp::Reverse(c.published));
            }
            Some(Kind::Page) => {
                let key = urls::normalize_parsed(&mut page.url.clone());
                all.push(Candidate {
                    key,
                    url: Some(page.url.clone()),
                    published: None,
                    fallback: None,
                    page: Some(page.clone()),
                });
            }
            None => {
                return Err(FollowError::NotAFeed {
                    url: name,
                    reason: "neither an RSS/Atom feed, a sitemap nor an HTML page".into(),
                })
            }
        }
        feed.etag = page.etag.clone();
        feed.last_modified = page.last_modified.clone();
        let mut fresh = Vec::new();
        let mut keys = BTreeSet::new();
        for c in all {
            if fresh.len() >= self.config.max_items {
                break;
            }
            if !keys.insert(c.key.clone()) || !self.claim(&c.key, mine) {
                continue;
            }
            if store.feed_item(&c.key)?.is_some() {
                continue;
            }
            fresh.push(c);
        }
        Ok(fresh)
    }

    /// Fetches the pages of new items (the feed's text when a page cannot be had) and
    /// makes the documents and item records to store.
    /// None when told to stop meanwhile.
    #[allow(clippy::too_many_arguments)]
    fn harvest(
        &self,
        store: &Store,
        feed: &str,
        candidates: Vec<Candidate>,
        now: i64,
        halted: &dyn Fn() -> bool,
        mine: &mut Vec<String>,
        on: &mut dyn FnMut(Notice),
    ) -> Result<Option<Harvest>, FollowError> {
        let mut out = Harvest {
            docs: Vec::new(),
            items: Vec::new(),
            pages: 0,
            fallbacks: 0,
        };
        let item = |key: &str, article: Option<&str>, outcome: &str| FeedItem {
            key: key.to_string(),
            feed: feed.to_string(),
            article_id: article.map(str::to_string),
            seen: now,
            outcome: outcome.to_string(),
        };
        for c in candidates {
            if halted() {
                return Ok(None);
            }
            if c.url.is_none() && c.page.is_none() {
                // An item without a link: its text is all there is.
                if let Some(mut raw) = c.fallback {
                    let id = urls::article_id(&c.key);
                    raw.id = id.clone();
                    raw.source = c.key.clone();
                    out.docs.push(raw);
                    out.items.push(item(&c.key, Some(&id), "feed-text"));
                    out.fallbacks += 1;
                }
                continue;
            }
            let fetched = match (c.page, &c.url) {
                (Some(page), _) => Ok(page),
                (None, Some(url)) => {
                    match self
                        .fetcher
                        .get(url, None, None, self.config.max_page_bytes)
                    {
                        Ok(Fetched::Page(p)) => Ok(p),
                        Ok(Fetched::NotModified) => Err(FollowError::Status {
                            url: url.to_string(),
                            status: 304,
                            reason: "not modified, though nothing was asked".into(),
                        }),
                        Err(e) => Err(e),
                    }
                }
                (None, None) => Err(FollowError::BadUrl { url: c.key.clone() }),
            };
            let page = fetched.and_then(html_page);
            match page {
                Ok((page, content)) => {
                    let key = urls::canonical(&content, &page.url)
                        .unwrap_or_else(|| urls::normalize_parsed(&mut page.url.clone()));
                    if key != c.key {
                        // Known under its canonical URL: this URL is another name of it.
                        let id = urls::article_id(&key);
                        if !self.claim(&key, mine) || store.feed_item(&key)?.is_some() {
                            out.items.push(item(&c.key, Some(&id), "alias"));
                            continue;
                        }
                        out.items.push(item(&c.key, Some(&id), "alias"));
                    }
                    let id = urls::article_id(&key);
                    out.docs.push(RawDoc {
                        id: id.clone(),
                        source: page.url.to_string(),
                        format: Format::Html,
                        content,
                        url: Some(page.url.to_string()),
                        title: None,
                        published: c.published,
                        outlet: None,
                    });
                    out.items.push(item(&key, Some(&id), "page"));
                    out.pages += 1;
                }
                Err(e) => {
                    let rate_limited = matches!(e, FollowError::RateLimited { .. });
                    // Named by the page, even when its site's robots.txt failed.
                    let failure = feed_failure(c.url.as_ref().map_or(&c.key, |u| u.as_str()), &e);
                    match c.fallback {
                        Some(mut raw) if !rate_limited => {
                            on(Notice::Problem(Failure {
                                reason: format!(
                                    "{}; the feed's text of it is used instead",
                                    failure.reason
                                ),
                                source: failure.source,
                            }));
                            let id = urls::article_id(&c.key);
                            raw.id = id.clone();
                            raw.source = c.url.as_ref().map_or(c.key.clone(), Url::to_string);
                            out.docs.push(raw);
                            out.items.push(item(&c.key, Some(&id), "feed-text"));
                            out.fallbacks += 1;
                        }
                        _ if e.transient() => {
                            // Left for the next poll: not recorded as taken.
                            on(Notice::Problem(Failure {
                                reason: format!("{}; tried again at the next poll", failure.reason),
                                source: failure.source,
                            }));
                        }
                        _ => {
                            on(Notice::Problem(failure));
                            out.items.push(item(&c.key, None, "failed"));
                        }
                    }
                }
            }
        }
        Ok(Some(out))
    }

    /// Ingests a poll's documents and writes the feed's state and the items taken in
    /// the same batch; documents that fail extraction are recorded as failed items.
    /// `counted` is what the poll did, added to `report` once it is stored.
    #[allow(clippy::too_many_arguments)]
    fn store_poll(
        &self,
        store: &mut Store,
        feed: &FeedRow,
        docs: Vec<RawDoc>,
        mut items: Vec<FeedItem>,
        mut counted: RoundReport,
        report: &mut RoundReport,
        on: &mut dyn FnMut(Notice),
    ) -> Result<(), FollowError> {
        let failed: RefCell<BTreeSet<String>> = RefCell::new(BTreeSet::new());
        let sources: Vec<(String, String)> = docs
            .iter()
            .map(|d| (d.source.clone(), d.id.clone()))
            .collect();
        let ingested = engine::ingest_docs(
            store,
            docs,
            &self.engine,
            &mut |event| {
                if let engine::Event::Failed(f) = event {
                    if let Some((_, id)) = sources.iter().find(|(s, _)| *s == f.source) {
                        failed.borrow_mut().insert(id.clone());
                    }
                    on(Notice::Problem(f));
                }
            },
            &mut |batch| {
                let failed = failed.borrow();
                for i in &mut items {
                    if i.article_id.as_ref().is_some_and(|id| failed.contains(id)) {
                        i.article_id = None;
                        i.outcome = "failed".into();
                    }
                }
                batch.put_feed(feed)?;
                batch.put_feed_items(&items)
            },
        )?;
        counted.added += ingested.added;
        counted.updated += ingested.updated;
        add_report(report, &counted);
        Ok(())
    }

    /// A successful poll with `new` new items: the interval adapts, failures clear.
    fn succeeded(&self, feed: &mut FeedRow, now: i64, new: i64) {
        let (min, max) = self.bounds();
        feed.interval = if new > 0 {
            feed.interval / 2
        } else {
            feed.interval.saturating_add(feed.interval / 2)
        }
        .clamp(min, max);
        feed.next_poll = now.saturating_add(feed.interval);
        feed.last_success = Some(now);
        feed.failures = 0;
        feed.last_error = None;
        feed.new_items = new;
        feed.total_items = feed.total_items.saturating_add(new);
    }

    /// A failed poll: exponential backoff from the interval (or the server's
    /// `Retry-After`), up to the longest interval.
    fn failed(&self, feed: &mut FeedRow, now: i64, e: &FollowError) {
        let (min, max) = self.bounds();
        feed.failures = feed.failures.saturating_add(1);
        feed.last_error = Some(e.to_string());
        let base = feed.interval.clamp(min, max);
        let wait = match e {
            FollowError::RateLimited { retry_after, .. } => base
                .max(i64::try_from(*retry_after).unwrap_or(i64::MAX))
                .min(max),
            _ => base
                .saturating_mul(1i64 << feed.failures.clamp(0, 20))
                .min(max),
        };
        feed.next_poll = now.saturating_add(wait);
    }

    fn bounds(&self) -> (i64, i64) {
        let min = self.config.min_interval.as_secs().max(1) as i64;
        let max = (self.config.max_interval.as_secs() as i64).max(min);
        (min, max)
    }
}

/// A failure named by the feed or page it concerns, even when the URL that failed was
/// another (its site's robots.txt, a redirect target).
fn feed_failure(feed: &str, e: &FollowError) -> Failure {
    let f = e.failure();
    if f.source == feed {
        f
    } else {
        Failure {
            source: feed.to_string(),
            reason: e.to_string(),
        }
    }
}

/// The page as HTML text, or why it is not one.
fn html_page(page: Page) -> Result<(Page, String), FollowError> {
    let html_like = match page.content_type.as_deref() {
        None => true,
        Some(t) => t == "text/html" || t == "application/xhtml+xml" || t == "text/plain",
    };
    if !html_like {
        return Err(FollowError::NotAFeed {
            url: page.url.to_string(),
            reason: format!(
                "not an HTML page ({})",
                page.content_type.as_deref().unwrap_or("?")
            ),
        });
    }
    match ingest::decode(&page.body, Format::Html) {
        Ok(text) => Ok((page, text)),
        Err(e) => Err(FollowError::NotAFeed {
            url: page.url.to_string(),
            reason: e.to_string(),
        }),
    }
}
