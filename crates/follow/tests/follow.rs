//! The follower against loopback servers that change between polls and misbehave:
//! 304s, 429 + Retry-After, a slow page, a redirect loop, a gzip bomb, an oversized
//! page, malformed XML, robots.txt, and one article under several URLs.

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use follow::{FollowConfig, Follower, Notice, RoundReport};
use store::Store;
use testkit::web::{Request, Response, Server};

const WORDS: &[&str] = &[
    "harbour", "council", "ferry", "budget", "strike", "river", "bridge", "school", "tram",
    "hospital", "election", "drought", "market", "festival", "court", "airport",
];

/// An article page of its own words, with an optional canonical link.
fn article(n: usize, canonical: Option<&str>) -> String {
    let w = |k: usize| WORDS[(n * 7 + k) % WORDS.len()];
    let title = format!("The {} of Arlenport {} talks resume", w(0), n);
    let mut body = String::new();
    for p in 0..4 {
        body.push_str(&format!(
            "<p>Officials in Arlenport said on Monday that the {} dispute number {n} over the {} \
             would go to a vote, after weeks in which the {} and the {} had stalled. \
             Residents told reporters paragraph {p} of the story that the {} mattered most.</p>",
            w(p + 1),
            w(p + 2),
            w(p + 3),
            w(p + 4),
            w(p + 5)
        ));
    }
    let link = canonical
        .map(|c| format!("<link rel=\"canonical\" href=\"{c}\">"))
        .unwrap_or_default();
    format!(
        "<!doctype html><html><head><title>{title}</title>{link}</head><body>\
         <article><h1>{title}</h1>{body}</article></body></html>"
    )
}

fn rss(base: &str, items: &[(&str, &str)]) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Arlenport Daily</title>",
    );
    for (path, title) in items {
        out.push_str(&format!(
            "<item><title>{title}</title><link>{base}{path}</link><guid>{base}{path}</guid>\
             <pubDate>Mon, 06 May 2024 10:00:00 GMT</pubDate>\
             <description>The feed's own text of {title}: officials in Arlenport said the \
             talks would resume next week after a long pause.</description></item>"
        ));
    }
    out.push_str("</channel></rss>");
    out
}

fn gzip_bomb() -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let zeros = vec![b' '; 1 << 20];
    for _ in 0..32 {
        gz.write_all(&zeros).unwrap();
    }
    gz.finish().unwrap()
}

fn config() -> FollowConfig {
    FollowConfig {
        timeout: Duration::from_millis(800),
        connect_timeout: Duration::from_millis(500),
        host_delay: Duration::from_millis(20),
        max_page_bytes: 1 << 20,
        max_feed_bytes: 1 << 20,
        min_interval: Duration::from_secs(60),
        max_interval: Duration::from_secs(3600),
        ..FollowConfig::default()
    }
}

fn round(f: &mut Follower, store: &mut Store, now: i64) -> (RoundReport, Vec<String>) {
    let mut problems = Vec::new();
    let report = f
        .round(store, now, &mut |n| {
            if let Notice::Problem(p) = n {
                problems.push(p.to_string())
            }
        })
        .expect("a round never fails on bad input");
    (report, problems)
}

/// Counts requests for pages (not feeds, not robots.txt).
fn page_hits(server: &Server) -> usize {
    server
        .log()
        .iter()
        .filter(|r| r.path.starts_with("/news/") || r.path.starts_with("/amp/"))
        .count()
}

#[test]
fn follows_feeds_politely_and_stores_every_article_once() {
    // What feed 2 lists; a later poll finds one more item.
    let feed2_items: Arc<Mutex<Vec<(&'static str, &'static str)>>> = Arc::new(Mutex::new(vec![
        ("/news/a?utm_medium=social#comments", "Talks resume (A)"),
        ("/amp/a", "Talks resume, AMP"),
        ("/news/d", "Ferry fares"),
    ]));
    let bomb = gzip_bomb();
    let slow = Server::start(|_r: &Request| {
        Response::new(200, "text/html", article(99, None)).delayed(Duration::from_secs(3))
    });
    let slow_url = slow.url("/news/slow");
    // A host that asks to be left alone (a 429 keeps the whole host away).
    let limited = Server::start(|r: &Request| match r.path.as_str() {
        "/robots.txt" => Response::new(404, "text/plain", ""),
        _ => Response::new(429, "text/plain", "slow down").header("Retry-After", "1800"),
    });
    let items2 = feed2_items.clone();
    let server = Arc::new(Mutex::new(None::<String>));
    let base_cell = server.clone();
    let main = Server::start(move |r: &Request| {
        let base = base_cell.lock().unwrap().clone().unwrap_or_default();
        let path = r.path.as_str();
        match path {
            "/robots.txt" => Response::new(
                200,
                "text/plain",
                "User-agent: *\nDisallow: /news/private\n",
            ),
            "/feed1.xml" => {
                if r.header("if-none-match") == Some("\"v1\"") {
                    return Response::new(304, "application/rss+xml", "");
                }
                let body = rss(
                    &base,
                    &[
                        ("/news/a?utm_source=feed1", "Talks resume"),
                        ("/news/b", "Bridge repairs"),
                        ("/news/private/c", "Not for robots"),
                        ("/news/big", "A huge page"),
                        ("/news/bomb", "A gzip bomb"),
                        ("/news/loop", "A redirect loop"),
                    ],
                );
                let slow_item = format!(
                    "<item><title>Slow</title><link>{slow_url}</link><description>The feed's \
                     own text of the slow page: officials in Arlenport said the talks would \
                     resume.</description></item></channel>"
                );
                Response::new(200, "application/rss+xml", body.replace("</channel>", &slow_item))
                    .header("ETag", "\"v1\"")
            }
            "/feed2.xml" => {
                let items = items2.lock().unwrap().clone();
                Response::new(200, "application/rss+xml", rss(&base, &items))
            }
            "/broken.xml" => Response::new(200, "application/rss+xml", "<rss><channel><item><title>x</ti"),
            "/sitemap.xml" => Response::new(
                200,
                "application/xml",
                format!(
                    "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"><url><loc>{base}/news/e</loc>\
                     <lastmod>2024-05-06</lastmod></url></urlset>"
                ),
            ),
            "/news/big" => Response::new(200, "text/html", article(5, None).repeat(2000)),
            "/news/bomb" => Response::new(200, "text/html", bomb.clone()).header("Content-Encoding", "gzip"),
            "/news/loop" => Response::new(302, "text/html", "").header("Location", "/news/loop2"),
            "/news/loop2" => Response::new(302, "text/html", "").header("Location", "/news/loop"),
            "/amp/a" => Response::new(200, "text/html", article(1, Some("/news/a"))),
            p if p.starts_with("/news/") => {
                let n = p.bytes().map(usize::from).sum::<usize>();
                Response::new(200, "text/html; charset=utf-8", article(n, None))
            }
            _ => Response::new(404, "text/plain", "not found"),
        }
    });
    *server.lock().unwrap() = Some(format!("http://{}", main.addr));

    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let mut feeds: Vec<String> = ["/feed1.xml", "/feed2.xml", "/broken.xml", "/sitemap.xml"]
        .iter()
        .map(|p| main.url(p))
        .collect();
    feeds.push(limited.url("/limited.xml"));
    let now = 1_700_000_000;
    let (added, bad) = follow::add_feeds(&mut store, &feeds, &config(), now).unwrap();
    assert_eq!((added, bad.len()), (5, 0));

    let mut follower = Follower::new(config(), engine::Config::default());
    let (first, problems) = round(&mut follower, &mut store, now);
    let text = problems.join("\n");
    assert_eq!(first.polled, 5, "{text}");
    assert_eq!(first.failed, 2, "broken and rate limited:\n{text}");
    // Feed 1: a, b, c (robots: feed text), big, bomb, loop, slow (feed text); feed 2: d
    // (a is feed 1's, amp/a is an alias of it); sitemap: e.
    assert_eq!(first.new_items, 10, "{text}");
    assert_eq!(first.pages, 4, "a, b, d, e:\n{text}");
    assert_eq!(first.fallbacks, 5, "{text}");
    assert_eq!(first.added, 9, "{text}");
    assert_eq!(store.article_count().unwrap(), 9);
    for (needle, why) in [
        ("disallowed by robots.txt", "robots"),
        ("larger than the limit", "big and bomb"),
        ("more than 5 redirects", "redirect loop"),
        ("timed out", "slow page"),
        ("rate limited (429)", "429"),
        ("broken.xml", "malformed XML"),
    ] {
        assert!(
            text.contains(needle),
            "{why}: {needle:?} missing from\n{text}"
        );
    }
    assert!(!text.contains("panicked"), "{text}");
    // Nothing disallowed fetched; each page once, whatever URLs led to it.
    assert_eq!(main.hits("/news/private/c"), 0);
    assert_eq!(main.hits("/news/a"), 1);
    assert_eq!(main.hits("/amp/a"), 1);
    assert_eq!(main.hits("/robots.txt"), 1);
    // Politeness: one request at a time, the delay between two.
    assert_eq!(main.max_in_flight(), 1);
    assert!(
        main.min_gap().unwrap() >= Duration::from_millis(18),
        "{:?}",
        main.min_gap()
    );
    let log = main.log();
    assert!(log
        .iter()
        .all(|r| r.header("user-agent").unwrap_or("").contains("Chorus")));

    // The feed states: a failing feed shows it, the rate-limited one waits.
    let states = store.feeds().unwrap();
    let state = |url: String| states.iter().find(|f| f.url == url).unwrap().clone();
    let broken = state(main.url("/broken.xml"));
    assert_eq!(broken.failures, 1);
    assert!(broken.last_error.as_deref().unwrap().contains("broken.xml"));
    assert!(
        broken.next_poll > now + 60,
        "backs off: {}",
        broken.next_poll
    );
    assert!(state(limited.url("/limited.xml")).next_poll >= now + 1800);
    assert_eq!(limited.hits("/limited.xml"), 1);
    let f1 = state(main.url("/feed1.xml"));
    assert_eq!(
        (f1.etag.as_deref(), f1.new_items, f1.failures),
        (Some("\"v1\""), 7, 0)
    );
    assert_eq!(
        f1.interval, 60,
        "new items: the interval shrinks to the minimum"
    );

    // A second round later: feed 1 answers 304, nothing is fetched again.
    let pages_before = page_hits(&main);
    let later = now + 100_000;
    feed2_items
        .lock()
        .unwrap()
        .push(("/news/f?utm_source=x", "Flood barrier"));
    let (second, problems) = round(&mut follower, &mut store, later);
    assert_eq!(second.not_modified, 1, "{problems:?}");
    assert_eq!(second.new_items, 1, "only feed 2's new item: {problems:?}");
    assert_eq!(second.added, 1);
    assert_eq!(page_hits(&main), pages_before + 1);
    assert_eq!(main.hits("/news/f"), 1);
    assert_eq!(store.article_count().unwrap(), 10);

    // A restart (a new follower, the store reopened) refetches nothing stored.
    drop(store);
    let mut store = Store::open(dir.path()).unwrap();
    let mut follower = Follower::new(config(), engine::Config::default());
    let pages_before = page_hits(&main);
    let (third, problems) = round(&mut follower, &mut store, later + 100_000);
    assert_eq!(third.new_items, 0, "{problems:?}");
    assert_eq!(third.added + third.updated, 0);
    assert_eq!(page_hits(&main), pages_before);
    assert_eq!(store.article_count().unwrap(), 10);
    assert!(store.check().unwrap().problems.is_empty());
    // Feed 2 published nothing new: its interval grew.
    let f2 = store
        .feeds()
        .unwrap()
        .into_iter()
        .find(|f| f.url == main.url("/feed2.xml"))
        .unwrap();
    assert_eq!(f2.interval, 90);
    drop(slow);
}

#[test]
fn nothing_is_due_before_its_time_and_bad_urls_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let (added, bad) = follow::add_feeds(
        &mut store,
        &[
            "ftp://x.example/feed".into(),
            "not a url".into(),
            "http://127.0.0.1:9/f".into(),
        ],
        &config(),
        1000,
    )
    .unwrap();
    assert_eq!((added, bad.len()), (1, 2));
    assert!(bad[0].to_string().contains("ftp://x.example/feed"));
    let mut follower = Follower::new(config(), engine::Config::default());
    let (report, _) = round(&mut follower, &mut store, 999);
    assert_eq!(report.polled, 0);
    // Port 9 on loopback refuses: the feed fails and backs off, the round goes on.
    let (report, problems) = round(&mut follower, &mut store, 1000);
    assert_eq!((report.polled, report.failed), (1, 1), "{problems:?}");
    assert!(problems[0].contains("127.0.0.1:9"), "{problems:?}");
}

#[test]
fn items_with_only_a_link_have_their_pages_fetched() {
    let server = Server::start(|r: &Request| {
        let base = format!("http://{}", r.header("host").unwrap_or_default());
        match r.path.as_str() {
            "/robots.txt" => Response::new(404, "text/plain", ""),
            "/rss.xml" => Response::new(
                200,
                "application/rss+xml",
                format!(
                    "<rss version=\"2.0\"><channel><title>Links only</title>\
                     <item><title>One</title><link>{base}/news/one</link></item>\
                     <item><title>Two</title><link>/news/two</link></item>\
                     <item><title>Nothing to follow</title></item></channel></rss>"
                ),
            ),
            "/atom.xml" => Response::new(
                200,
                "application/atom+xml",
                format!(
                    "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>Atom links</title>\
                     <entry><title>Three</title><id>urn:3</id>\
                     <link rel=\"alternate\" href=\"{base}/news/three\"/></entry></feed>"
                ),
            ),
            p if p.starts_with("/news/") => {
                Response::new(200, "text/html", article(p.len() * 3, None))
            }
            _ => Response::new(404, "text/plain", "no"),
        }
    });
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let feeds = vec![server.url("/rss.xml"), server.url("/atom.xml")];
    follow::add_feeds(&mut store, &feeds, &config(), 1000).unwrap();
    let mut follower = Follower::new(config(), engine::Config::default());
    let (report, problems) = round(&mut follower, &mut store, 1000);
    assert_eq!(
        (report.failed, report.pages, report.added),
        (0, 3, 3),
        "{problems:?}"
    );
    assert!(problems.is_empty(), "{problems:?}");
    for path in ["/news/one", "/news/two", "/news/three"] {
        assert_eq!(server.hits(path), 1, "{path}");
    }
    let titles: Vec<Option<String>> = store
        .feeds()
        .unwrap()
        .into_iter()
        .map(|f| f.title)
        .collect();
    assert_eq!(
        titles,
        [Some("Atom links".into()), Some("Links only".into())]
    );
}

#[test]
fn workers_share_the_politeness_of_a_host_they_all_link_to() {
    // Two feed hosts whose items all live on a third, slowish host: the workers polling
    // the two feeds at once still send that host one request at a time, the delay apart,
    // and read its robots.txt once.
    let pages = Server::start(|r: &Request| match r.path.as_str() {
        "/robots.txt" => Response::new(200, "text/plain", "User-agent: *\nDisallow: /private\n")
            .delayed(Duration::from_millis(150)),
        p => Response::new(
            200,
            "text/html",
            article(p.len() * 5 + p.as_bytes()[p.len() - 1] as usize, None),
        )
        .delayed(Duration::from_millis(150)),
    });
    let base = pages.url("");
    let feed_host = |name: &'static str| {
        let base = base.clone();
        Server::start(move |r: &Request| match r.path.as_str() {
            "/robots.txt" => Response::new(404, "text/plain", ""),
            _ => {
                let items: Vec<(String, String)> = (0..4)
                    .map(|i| (format!("/news/{name}-{i}"), format!("{name} {i}")))
                    .collect();
                let refs: Vec<(&str, &str)> = items
                    .iter()
                    .map(|(p, t)| (p.as_str(), t.as_str()))
                    .collect();
                Response::new(200, "application/rss+xml", rss(&base, &refs))
            }
        })
    };
    let (a, b) = (feed_host("north"), feed_host("south"));
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let feeds = vec![a.url("/rss.xml"), b.url("/rss.xml")];
    follow::add_feeds(&mut store, &feeds, &config(), 1000).unwrap();
    let mut follower = Follower::new(
        FollowConfig {
            workers: 4,
            ..config()
        },
        engine::Config::default(),
    );
    let (report, problems) = round(&mut follower, &mut store, 1000);
    assert_eq!((report.polled, report.pages), (2, 8), "{problems:?}");
    assert_eq!(pages.max_in_flight(), 1);
    assert!(pages.min_gap().unwrap() >= Duration::from_millis(150 + 18));
    assert_eq!(pages.hits("/robots.txt"), 1);
}
