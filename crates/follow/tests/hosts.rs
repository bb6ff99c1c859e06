//! A slow host never holds up another: with the follower's workers, the items of a fast
//! host are stored while a host that sleeps before every answer is still being polled,
//! and each host still sees one request at a time. Timing-sensitive, so alone in its
//! own test binary.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use follow::{FollowConfig, Follower};
use store::Store;
use testkit::web::{Request, Response, Server};

fn page(host: &str, n: usize) -> String {
    format!(
        "<!doctype html><html><head><title>{host} harbour vote {n}</title></head><body>\
         <article><h1>{host} harbour vote {n}</h1>\
         <p>Councillors in {host} voted on Tuesday on plan {n} for the harbour wall, after \
         a long meeting in which residents asked for the ferry pier to be rebuilt first.</p>\
         <p>The mayor of {host} said the vote on plan {n} settled the matter for this year, \
         and that the works would start in the spring if the budget allowed.</p>\
         </article></body></html>"
    )
}

fn rss(base: &str, host: &str) -> String {
    let mut out = format!("<rss version=\"2.0\"><channel><title>{host} news</title>");
    for n in 0..3 {
        out.push_str(&format!(
            "<item><title>Vote {n}</title><link>{base}/news/{n}</link>\
             <description>The {host} council voted.</description></item>"
        ));
    }
    out.push_str("</channel></rss>");
    out
}

/// A server for `host` answering every request after `delay`.
fn site(host: &'static str, delay: Duration) -> Server {
    Server::start(move |r: &Request| {
        let base = format!("http://{}", r.header("host").unwrap_or_default());
        let answer = match r.path.as_str() {
            "/robots.txt" => Response::new(404, "text/plain", ""),
            "/feed.xml" => Response::new(200, "application/rss+xml", rss(&base, host)),
            p => match p.strip_prefix("/news/").and_then(|n| n.parse().ok()) {
                Some(n) => Response::new(200, "text/html", page(host, n)),
                None => Response::new(404, "text/plain", "no"),
            },
        };
        answer.delayed(delay)
    })
}

/// Items stored from `feed`.
fn items_of(data: &std::path::Path, feed: &str) -> usize {
    let store = Store::open(data).unwrap();
    store
        .feeds()
        .unwrap()
        .into_iter()
        .find(|f| f.url == feed)
        .map_or(0, |f| f.total_items as usize)
}

#[test]
fn a_slow_host_does_not_hold_up_a_fast_one() {
    const SLOW: Duration = Duration::from_millis(1500);
    let slow = site("Slowport", SLOW);
    let fast = site("Quickford", Duration::ZERO);
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().to_path_buf();
    let config = FollowConfig {
        timeout: Duration::from_secs(20),
        connect_timeout: Duration::from_secs(5),
        host_delay: Duration::from_millis(20),
        min_interval: Duration::from_secs(600),
        workers: 4,
        ..FollowConfig::default()
    };
    let now = follow::unix_now();
    let mut store = Store::open(&data).unwrap();
    // The slow host is due first, so a follower taking feeds in turn would start there.
    follow::add_feeds(&mut store, &[slow.url("/feed.xml")], &config, now - 10).unwrap();
    follow::add_feeds(&mut store, &[fast.url("/feed.xml")], &config, now).unwrap();

    let started = Instant::now();
    let done = Arc::new(AtomicBool::new(false));
    let round = {
        let (done, config) = (done.clone(), config.clone());
        std::thread::spawn(move || {
            let mut follower = Follower::new(config, engine::Config::default());
            let report = follower.round(&mut store, now, &mut |_| {}).unwrap();
            done.store(true, Ordering::Relaxed);
            report
        })
    };
    let (slow_feed, fast_feed) = (slow.url("/feed.xml"), fast.url("/feed.xml"));
    let mut fast_at = None;
    while !done.load(Ordering::Relaxed) && started.elapsed() < Duration::from_secs(60) {
        if fast_at.is_none() && items_of(&data, &fast_feed) == 3 {
            fast_at = Some(started.elapsed());
            // The slow host's robots.txt and feed alone take twice its delay; nothing of
            // it can be stored yet.
            assert_eq!(items_of(&data, &slow_feed), 0);
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let report = round.join().unwrap();
    let total = started.elapsed();
    let fast_at = fast_at.expect("the fast host's items were stored during the round");
    assert_eq!(report.polled, 2, "{report:?}");
    assert_eq!(report.added, 6, "{report:?}");
    assert_eq!(items_of(&data, &slow_feed), 3);
    // Robots, the feed and three pages of the slow host, one after the other.
    assert!(total >= SLOW * 5, "{total:?}");
    assert!(
        fast_at < SLOW * 2,
        "the fast host's items took {fast_at:?}, the slow host's {total:?}"
    );
    // Politeness held on both: one request at a time, the delay between two.
    for server in [&slow, &fast] {
        assert_eq!(server.max_in_flight(), 1);
        assert!(server.min_gap().unwrap() >= Duration::from_millis(18));
    }
}
