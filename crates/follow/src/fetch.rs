//! The HTTP edge, polite and shared by the follower's workers. Every request names
//! Chorus in its `User-Agent`, asks `robots.txt` first (per site, cached), passes the
//! host's [`Gate`] (one request at a time per host, `host_delay` between the end of one
//! and the start of the next, whichever worker sends it), stays away from a host that
//! answered `429` until its `Retry-After` has passed, follows at most `max_redirects`
//! redirects (each hop checked against `robots.txt` again and passing its own host's
//! gate), and reads at most `max_bytes` of the (decompressed) body: a gzip bomb is cut
//! off, not inflated.

use std::collections::HashMap;
use std::io::Read;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant, SystemTime};

use url::Url;

use crate::robots::Robots;
use crate::{FollowConfig, FollowError};

/// An answer with a body.
#[derive(Debug, Clone)]
pub struct Page {
    /// The URL that answered, after redirects.
    pub url: Url,
    pub body: Vec<u8>,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    /// The media type, lowercased, without parameters.
    pub content_type: Option<String>,
}

/// What a GET gave.
#[derive(Debug, Clone)]
pub enum Fetched {
    Page(Page),
    /// `304 Not Modified`: the validators sent still hold.
    NotModified,
}

/// How long a `robots.txt` answer is trusted.
const ROBOTS_TTL: Duration = Duration::from_secs(3600);
/// How long a `robots.txt` that could not be read (server error) keeps the site closed.
const ROBOTS_RETRY: Duration = Duration::from_secs(300);
/// Largest `robots.txt` read (RFC 9309 asks for at least 500 KiB).
const ROBOTS_MAX: u64 = 512 << 10;
/// Longest a host is left alone after a `429`, whatever its `Retry-After` says.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(24 * 3600);

/// The product token robots.txt groups are matched against.
pub const PRODUCT: &str = "chorus";

/// Entries kept in the per-host tables before the stale ones are dropped.
const PRUNE_AT: usize = 4096;

/// Locks a mutex, taking over the data of a holder that panicked (the tables it guards
/// stay valid at every step).
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// One host's turn: busy while a request to it is under way, and when the last ended.
#[derive(Debug, Default)]
struct Slot {
    busy: bool,
    last: Option<Instant>,
}

/// At most one request at a time per host, and `delay` between two, across threads.
pub struct Gate {
    delay: Duration,
    hosts: Mutex<HashMap<String, Slot>>,
    freed: Condvar,
}

/// The right to send one request to a host; the host is free again when it is dropped.
pub struct Pass<'a> {
    gate: &'a Gate,
    host: String,
}

impl Gate {
    pub fn new(delay: Duration) -> Gate {
        Gate {
            delay,
            hosts: Mutex::new(HashMap::new()),
            freed: Condvar::new(),
        }
    }

    /// Waits until `host` is free and its delay has passed, then takes it.
    pub fn enter(&self, host: &str) -> Pass<'_> {
        let mut hosts = lock(&self.hosts);
        loop {
            let slot = hosts.entry(host.to_string()).or_default();
            if slot.busy {
                hosts = self.freed.wait(hosts).unwrap_or_else(|e| e.into_inner());
                continue;
            }
            let wait = slot
                .last
                .map_or(Duration::ZERO, |l| self.delay.saturating_sub(l.elapsed()));
            if wait.is_zero() {
                slot.busy = true;
                break;
            }
            hosts = self
                .freed
                .wait_timeout(hosts, wait)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
        Pass {
            gate: self,
            host: host.to_string(),
        }
    }
}

impl Drop for Pass<'_> {
    fn drop(&mut self) {
        let mut hosts = lock(&self.gate.hosts);
        if let Some(slot) = hosts.get_mut(&self.host) {
            slot.busy = false;
            slot.last = Some(Instant::now());
        }
        if hosts.len() > PRUNE_AT {
            let delay = self.gate.delay;
            hosts.retain(|_, s| s.busy || s.last.is_some_and(|l| l.elapsed() < delay));
        }
        drop(hosts);
        self.gate.freed.notify_all();
    }
}

/// Fetches pages politely; one per follower, shared by its workers.
pub struct Fetcher {
    agent: ureq::Agent,
    config: FollowConfig,
    robots: Mutex<HashMap<String, (Robots, Instant)>>,
    /// One lock per origin whose `robots.txt` is being read, so that workers needing it
    /// at once read it once.
    reading: Mutex<HashMap<String, Arc<Mutex<()>>>>,
    /// One request at a time per host (`host:port`), with the delay between two.
    gate: Gate,
    /// Hosts that answered `429`, until when.
    blocked: Mutex<HashMap<String, Instant>>,
    /// Requests sent (robots.txt included).
    requests: AtomicU64,
}

/// A host as politeness counts it: name and port.
pub fn host_key(url: &Url) -> String {
    format!(
        "{}:{}",
        url.host_str().unwrap_or(""),
        url.port_or_known_default().unwrap_or(0)
    )
}

/// What one exchange of [`Fetcher::get`] led to.
enum Step {
    Done(Result<Fetched, FollowError>),
    Moved(Url),
}

impl Fetcher {
    pub fn new(config: &FollowConfig) -> Fetcher {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .user_agent(config.user_agent.as_str())
            .timeout_connect(Some(config.connect_timeout))
            .timeout_global(Some(config.timeout))
            .max_response_header_size(64 << 10)
            .build()
            .into();
        Fetcher {
            agent,
            config: config.clone(),
            robots: Mutex::new(HashMap::new()),
            reading: Mutex::new(HashMap::new()),
            gate: Gate::new(config.host_delay),
            blocked: Mutex::new(HashMap::new()),
            requests: AtomicU64::new(0),
        }
    }

    /// Requests sent so far (robots.txt included).
    pub fn requests(&self) -> u64 {
        self.requests.load(Ordering::Relaxed)
    }

    /// Until when `url`'s host asked to be left alone (`429`), if it still does.
    pub fn blocked_until(&self, url: &Url) -> Option<Instant> {
        lock(&self.blocked)
            .get(&host_key(url))
            .copied()
            .filter(|t| *t > Instant::now())
    }

    /// Whether `robots.txt` lets Chorus fetch `url` (fetching the robots.txt if needed).
    /// A site that cannot be reached at all is an error (the request would fail too).
    pub fn allowed(&self, url: &Url) -> Result<bool, FollowError> {
        let origin = url.origin().ascii_serialization();
        let fresh = |origin: &str| {
            lock(&self.robots)
                .get(origin)
                .is_some_and(|(_, until)| *until > Instant::now())
        };
        if !fresh(&origin) {
            let reading = {
                let mut locks = lock(&self.reading);
                if locks.len() > PRUNE_AT {
                    locks.retain(|_, l| Arc::strong_count(l) > 1);
                }
                Arc::clone(locks.entry(origin.clone()).or_default())
            };
            let _reading = lock(&reading);
            // Another worker may have read it while this one waited.
            if fresh(&origin) {
                return Ok(self.robots_allow(&origin, url));
            }
            let (robots, ttl) = self.fetch_robots(url)?;
            let mut cache = lock(&self.robots);
            if cache.len() > PRUNE_AT {
                let now = Instant::now();
                cache.retain(|_, (_, until)| *until > now);
            }
            cache.insert(origin.clone(), (robots, Instant::now() + ttl));
        }
        Ok(self.robots_allow(&origin, url))
    }

    /// What the cached `robots.txt` of `origin` says of `url` (allowed when none is
    /// cached).
    fn robots_allow(&self, origin: &str, url: &Url) -> bool {
        let mut path = url.path().to_string();
        if let Some(q) = url.query() {
            path.push('?');
            path.push_str(q);
        }
        lock(&self.robots)
            .get(origin)
            .is_none_or(|(r, _)| r.allowed(&path))
    }

    /// Reads the site's `robots.txt`, with how long to trust the answer: a `4xx` (none)
    /// allows everything; a server error or a rate limit disallows everything for a few
    /// minutes; redirects are followed up to the limit.
    fn fetch_robots(&self, url: &Url) -> Result<(Robots, Duration), FollowError> {
        let Ok(mut at) = url.join("/robots.txt") else {
            return Ok((Robots::allow_all(), ROBOTS_TTL));
        };
        for _ in 0..=self.config.max_redirects {
            let step = self.exchange(&at, None, None, |response| {
                let status = response.status().as_u16();
                match status {
                    200..=299 => {
                        let mut body = Vec::new();
                        let read = response
                            .into_body()
                            .into_reader()
                            .take(ROBOTS_MAX)
                            .read_to_end(&mut body);
                        Ok(match read {
                            Ok(_) => (
                                Robots::parse(&String::from_utf8_lossy(&body), PRODUCT),
                                ROBOTS_TTL,
                            ),
                            Err(_) => (Robots::disallow_all(), ROBOTS_RETRY),
                        })
                    }
                    300..=399 => match location(&at, &response) {
                        Some(next) => Err(next),
                        None => Ok((Robots::allow_all(), ROBOTS_TTL)),
                    },
                    429 | 500..=599 => Ok((Robots::disallow_all(), ROBOTS_RETRY)),
                    _ => Ok((Robots::allow_all(), ROBOTS_TTL)),
                }
            })?;
            match step {
                Ok(answer) => return Ok(answer),
                Err(next) => at = next,
            }
        }
        Ok((Robots::allow_all(), ROBOTS_TTL))
    }

    /// Sends one GET once the host's gate lets it, and hands the response to `read`;
    /// the host stays taken until `read` is done with the body.
    fn exchange<T>(
        &self,
        url: &Url,
        etag: Option<&str>,
        last_modified: Option<&str>,
        read: impl FnOnce(ureq::http::Response<ureq::Body>) -> T,
    ) -> Result<T, FollowError> {
        let _pass = self.gate.enter(&host_key(url));
        let mut request = self.agent.get(url.as_str());
        if let Some(etag) = etag {
            request = request.header("If-None-Match", etag);
        }
        if let Some(lm) = last_modified {
            request = request.header("If-Modified-Since", lm);
        }
        self.requests.fetch_add(1, Ordering::Relaxed);
        match request.call() {
            Ok(response) => Ok(read(response)),
            Err(e) => Err(FollowError::Http {
                url: url.to_string(),
                reason: http_reason(&e),
            }),
        }
    }

    /// GETs `url` (with the validators of its last answer, if given), following
    /// redirects, reading at most `max_bytes` of body. Every refusal is an error naming
    /// the URL: disallowed by robots.txt, rate limited, a status other than 2xx/304, too
    /// many redirects, a timeout, a body over the limit.
    pub fn get(
        &self,
        url: &Url,
        etag: Option<&str>,
        last_modified: Option<&str>,
        max_bytes: u64,
    ) -> Result<Fetched, FollowError> {
        let mut at = url.clone();
        for _ in 0..=self.config.max_redirects {
            if let Some(until) = self.blocked_until(&at) {
                return Err(FollowError::RateLimited {
                    url: at.to_string(),
                    retry_after: until.saturating_duration_since(Instant::now()).as_secs(),
                });
            }
            if !self.allowed(&at)? {
                return Err(FollowError::Disallowed {
                    url: at.to_string(),
                });
            }
            let step = self.exchange(&at, etag, last_modified, |response| {
                let status = response.status().as_u16();
                match status {
                    200..=299 => {
                        Step::Done(read_page(at.clone(), response, max_bytes).map(Fetched::Page))
                    }
                    304 => Step::Done(Ok(Fetched::NotModified)),
                    301 | 302 | 303 | 307 | 308 => match location(&at, &response) {
                        Some(next) => Step::Moved(next),
                        None => Step::Done(Err(FollowError::Status {
                            url: at.to_string(),
                            status,
                            reason: "a redirect without a usable Location".into(),
                        })),
                    },
                    429 | 503
                        if response.headers().contains_key("retry-after") || status == 429 =>
                    {
                        let wait = retry_after(&response)
                            .unwrap_or(Duration::from_secs(60))
                            .clamp(self.config.host_delay, MAX_RETRY_AFTER);
                        let mut blocked = lock(&self.blocked);
                        if blocked.len() > PRUNE_AT {
                            let now = Instant::now();
                            blocked.retain(|_, until| *until > now);
                        }
                        blocked.insert(host_key(&at), Instant::now() + wait);
                        drop(blocked);
                        Step::Done(Err(FollowError::RateLimited {
                            url: at.to_string(),
                            retry_after: wait.as_secs(),
                        }))
                    }
                    _ => Step::Done(Err(FollowError::Status {
                        url: at.to_string(),
                        status,
                        reason: response
                            .status()
                            .canonical_reason()
                            .unwrap_or("unexpected status")
                            .to_string(),
                    })),
                }
            })?;
            match step {
                Step::Done(result) => return result,
                Step::Moved(next) => at = next,
            }
        }
        Err(FollowError::TooManyRedirects {
            url: url.to_string(),
            max: self.config.max_redirects,
        })
    }
}

/// The target of a redirect, resolved against the URL that answered; only `http` and
/// `https`.
fn location(base: &Url, response: &ureq::http::Response<ureq::Body>) -> Option<Url> {
    let value = response.headers().get("location")?.to_str().ok()?;
    let next = base.join(value.trim()).ok()?;
    matches!(next.scheme(), "http" | "https").then_some(next)
}

/// `Retry-After` as seconds or as an HTTP date.
fn retry_after(response: &ureq::http::Response<ureq::Body>) -> Option<Duration> {
    let value = response.headers().get("retry-after")?.to_str().ok()?.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(SystemTime::now()).unwrap_or_default())
}

fn header(response: &ureq::http::Response<ureq::Body>, name: &str) -> Option<String> {
    response
        .headers()
        .get(name)?
        .to_str()
        .ok()
        .map(str::trim)
        .filter(|v| !v.is_empty() && v.len() <= 1024)
        .map(str::to_string)
}

/// Reads the body, decompressed, refusing it past `max_bytes`: at most one byte more is
/// ever read, so the cost of a hostile body is bounded by the limit.
fn read_page(
    url: Url,
    response: ureq::http::Response<ureq::Body>,
    max_bytes: u64,
) -> Result<Page, FollowError> {
    let etag = header(&response, "etag");
    let last_modified = header(&response, "last-modified");
    let content_type = header(&response, "content-type").map(|t| {
        t.split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase()
    });
    let mut body = Vec::new();
    let read = response
        .into_body()
        .into_reader()
        .take(max_bytes.saturating_add(1))
        .read_to_end(&mut body);
    if let Err(e) = read {
        return Err(FollowError::Http {
            url: url.to_string(),
            reason: io_reason(&e),
        });
    }
    if body.len() as u64 > max_bytes {
        return Err(FollowError::TooLarge {
            url: url.to_string(),
            limit: max_bytes,
        });
    }
    Ok(Page {
        url,
        body,
        etag,
        last_modified,
        content_type,
    })
}

/// A reading error in words; ureq's own errors (timeouts among them) come wrapped.
fn io_reason(e: &std::io::Error) -> String {
    match e
        .get_ref()
        .and_then(|inner| inner.downcast_ref::<ureq::Error>())
    {
        Some(inner) => http_reason(inner),
        None => match e.kind() {
            std::io::ErrorKind::TimedOut => "timed out".to_string(),
            _ => format!("cannot read the body: {e}"),
        },
    }
}

fn http_reason(e: &ureq::Error) -> String {
    match e {
        ureq::Error::Timeout(t) => format!("timed out ({t})"),
        ureq::Error::HostNotFound => "host not found".to_string(),
        ureq::Error::ConnectionFailed => "connection failed".to_string(),
        ureq::Error::Decompress(kind, err) => format!("cannot decompress ({kind}): {err}"),
        ureq::Error::Io(io) => match io.kind() {
            std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock => {
                "timed out".to_string()
            }
            _ => format!("connection error: {io}"),
        },
        other => other.to_string(),
    }
}
