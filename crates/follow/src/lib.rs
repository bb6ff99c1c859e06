//! The follower: Chorus going to get the news itself. It polls the feeds a user follows
//! (RSS/Atom, plain and Google News sitemaps, or a single page), fetches each new item's
//! page, and ingests what it found through [`engine::ingest_docs`] into the same store,
//! with the feed's own text as the fallback when a page cannot be fetched.
//!
//! - [`Follower::round`] polls every feed that is due once; [`Follower::run`] repeats
//!   rounds until told to stop, sleeping until the next feed is due.
//! - Politeness lives in [`fetch`]: `robots.txt`, a `User-Agent` naming Chorus, one
//!   request at a time with a delay per host, `429`/`Retry-After`, conditional GET,
//!   timeouts, a redirect limit and a body limit enforced while reading.
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
use std::collections::BTreeSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

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
pub struct Follower {
    config: FollowConfig,
    engine: engine::Config,
    fetcher: Fetcher,
}

impl Follower {
    pub fn new(config: FollowConfig, engine: engine::Config) -> Follower {
        let fetcher = Fetcher::new(&config);
        Follower {
            config,
            engine,
            fetcher,
        }
    }

    /// Requests sent so far.
    pub fn requests(&self) -> u64 {
        self.fetcher.requests
    }

    /// Polls every feed due at `now` (Unix seconds), in order of due time, and ingests
    /// each feed's new items in one batch with the feed's new state. A failing feed or
    /// page is reported to `on` and the round goes on; only the store can stop it.
    pub fn round(
        &mut self,
        store: &mut Store,
        now: i64,
        on: &mut dyn FnMut(Notice),
    ) -> Result<RoundReport, FollowError> {
        let requests = self.fetcher.requests;
        let mut due: Vec<FeedRow> = store
            .feeds()?
            .into_iter()
            .filter(|f| f.next_poll <= now)
            .collect();
        due.sort_by(|a, b| a.next_poll.cmp(&b.next_poll).then(a.url.cmp(&b.url)));
        let mut report = RoundReport::default();
        // Keys taken this round, so two feeds carrying one article fetch it once.
        let mut claimed: BTreeSet<String> = BTreeSet::new();
        for feed in due {
            report.polled += 1;
            self.poll(store, feed, now, &mut claimed, &mut report, on)?;
        }
        report.requests = self.fetcher.requests - requests;
        Ok(report)
    }

    /// Polls one feed and stores what it brought, with its new state.
    fn poll(
        &mut self,
        store: &mut Store,
        mut feed: FeedRow,
        now: i64,
        claimed: &mut BTreeSet<String>,
        report: &mut RoundReport,
        on: &mut dyn FnMut(Notice),
    ) -> Result<(), FollowError> {
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
        let page = match fetched {
            Ok(Fetched::NotModified) => {
                report.not_modified += 1;
                self.succeeded(&mut feed, now, 0);
                on(Notice::Polled {
                    feed: feed.url.clone(),
                    new_items: 0,
                    not_modified: true,
                });
                return self.store_poll(store, &feed, Vec::new(), Vec::new(), report, on);
            }
            Ok(Fetched::Page(page)) => page,
            Err(e) if matches!(e, FollowError::Store(_) | FollowError::Engine(_)) => return Err(e),
            Err(e) => {
                report.failed += 1;
                self.failed(&mut feed, now, &e);
                on(Notice::Problem(feed_failure(&feed.url, &e)));
                return self.store_poll(store, &feed, Vec::new(), Vec::new(), report, on);
            }
        };
        let candidates = match self.candidates(store, &mut feed, page, claimed, on) {
            Ok(c) => c,
            Err(e) if matches!(e, FollowError::Store(_) | FollowError::Engine(_)) => return Err(e),
            Err(e) => {
                report.failed += 1;
                self.failed(&mut feed, now, &e);
                on(Notice::Problem(feed_failure(&feed.url, &e)));
                return self.store_poll(store, &feed, Vec::new(), Vec::new(), report, on);
            }
        };
        let harvest = self.harvest(store, &feed.url, candidates, now, claimed, on)?;
        let new_items = harvest.items.len();
        report.new_items += new_items;
        report.pages += harvest.pages;
        report.fallbacks += harvest.fallbacks;
        self.succeeded(&mut feed, now, new_items as i64);
        on(Notice::Polled {
            feed: feed.url.clone(),
            new_items,
            not_modified: false,
        });
        self.store_poll(store, &feed, harvest.docs, harvest.items, report, on)
    }

    /// The new items of a fetched source (not taken before, not claimed this round),
    /// at most `max_items`; sets the feed's validators and title.
    fn candidates(
        &mut self,
        store: &Store,
        feed: &mut FeedRow,
        page: Page,
        claimed: &BTreeSet<String>,
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
            if claimed.contains(&c.key) || !keys.insert(c.key.clone()) {
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
    fn harvest(
        &mut self,
        store: &Store,
        feed: &str,
        candidates: Vec<Candidate>,
        now: i64,
        claimed: &mut BTreeSet<String>,
        on: &mut dyn FnMut(Notice),
    ) -> Result<Harvest, FollowError> {
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
            claimed.insert(c.key.clone());
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
                        if claimed.contains(&key) || store.feed_item(&key)?.is_some() {
                            out.items.push(item(&c.key, Some(&id), "alias"));
                            continue;
                        }
                        claimed.insert(key.clone());
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
                            claimed.remove(&c.key);
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
        Ok(out)
    }

    /// Ingests a poll's documents and writes the feed's state and the items taken in
    /// the same batch; documents that fail extraction are recorded as failed items.
    fn store_poll(
        &mut self,
        store: &mut Store,
        feed: &FeedRow,
        docs: Vec<RawDoc>,
        mut items: Vec<FeedItem>,
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
        report.added += ingested.added;
        report.updated += ingested.updated;
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

    /// Runs rounds until `stop` is set: after each round it sleeps until the next feed
    /// is due (looking again at least every minute, so feeds added meanwhile are seen),
    /// waking every quarter second to check `stop`. Idle, it costs nothing but those
    /// wake-ups.
    pub fn run(
        &mut self,
        store: &mut Store,
        stop: &AtomicBool,
        on: &mut dyn FnMut(Notice),
        on_round: &mut dyn FnMut(&RoundReport),
    ) -> Result<(), FollowError> {
        while !stop.load(Ordering::Relaxed) {
            let now = unix_now();
            let report = self.round(store, now, on)?;
            if report.polled > 0 {
                on_round(&report);
            }
            let next = store
                .feeds()?
                .iter()
                .map(|f| f.next_poll)
                .min()
                .unwrap_or(i64::MAX);
            let wait = next.saturating_sub(unix_now()).clamp(1, 60) as u64;
            let until = std::time::Instant::now() + Duration::from_secs(wait);
            while std::time::Instant::now() < until && !stop.load(Ordering::Relaxed) {
                std::thread::sleep(Duration::from_millis(250));
            }
        }
        Ok(())
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
