//! The follower at scale, on loopback: FEEDS feeds (default 1,000) spread over HOSTS
//! servers (default 50), every answer delayed by LATENCY_MS (default 50 ms). Prints how
//! long a first round takes (every feed has one new item, whose page is fetched and
//! ingested), a second (every feed answers `304 Not Modified`), and the process's CPU
//! and memory while the follower idles for IDLE_SECS with nothing due.
//!
//! Run on one core:
//! `taskset -c 0 cargo run --example bench_follow -p follow`
//! (further knobs: DELAY_MS, the per-host delay, default 100; WORKERS, default 16).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use follow::{FollowConfig, Follower};
use store::Store;
use testkit::web::{Request, Response, Server};

fn env(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// The process's CPU time so far (user and system), from /proc (Linux).
fn cpu() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let rest = stat.rsplit_once(") ")?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    // The kernel's USER_HZ is 100 on every Linux platform Chorus runs on.
    Some(Duration::from_millis(ticks * 10))
}

/// The process's resident memory in KiB, from /proc (Linux).
fn rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn page(n: u64) -> String {
    const WORDS: &[&str] = &[
        "harbour", "council", "ferry", "budget", "strike", "river", "bridge", "school", "tram",
        "hospital", "election", "drought", "market", "festival", "court", "airport",
    ];
    let w = |k: u64| WORDS[((n * 7 + k * 3 + n / 16) % WORDS.len() as u64) as usize];
    let title = format!("The {} and the {} of town {n}", w(0), w(1));
    let mut body = String::new();
    for p in 0..3 {
        body.push_str(&format!(
            "<p>Officials in town {n} said on Monday that the {} dispute over the {} would \
             go to a vote, after weeks in which the {} had stalled, paragraph {p}.</p>",
            w(p + 2),
            w(p + 3),
            w(p + 4)
        ));
    }
    format!(
        "<!doctype html><html><head><title>{title}</title></head><body><article>\
         <h1>{title}</h1>{body}</article></body></html>"
    )
}

fn main() {
    let feeds = env("FEEDS", 1000);
    let hosts = env("HOSTS", 50).max(1);
    let latency = Duration::from_millis(env("LATENCY_MS", 50));
    let idle = Duration::from_secs(env("IDLE_SECS", 10));
    let config = FollowConfig {
        host_delay: Duration::from_millis(env("DELAY_MS", 100)),
        workers: env("WORKERS", 16) as usize,
        min_interval: Duration::from_secs(600),
        max_interval: Duration::from_secs(3600),
        timeout: Duration::from_secs(30),
        ..FollowConfig::default()
    };
    let servers: Vec<Server> = (0..hosts)
        .map(|_| {
            Server::start(move |r: &Request| {
                let base = format!("http://{}", r.header("host").unwrap_or_default());
                let path = r.path.as_str();
                let answer = if path == "/robots.txt" {
                    Response::new(404, "text/plain", "")
                } else if let Some(n) = path
                    .strip_prefix("/feed/")
                    .and_then(|f| f.strip_suffix(".xml"))
                    .and_then(|n| n.parse::<u64>().ok())
                {
                    if r.header("if-none-match") == Some("\"v1\"") {
                        Response::new(304, "application/rss+xml", "")
                    } else {
                        Response::new(
                            200,
                            "application/rss+xml",
                            format!(
                                "<rss version=\"2.0\"><channel><title>Town {n}</title><item>\
                                 <title>Town {n}</title><link>{base}/news/{n}</link>\
                                 <description>News of town {n}.</description></item>\
                                 </channel></rss>"
                            ),
                        )
                        .header("ETag", "\"v1\"")
                    }
                } else if let Some(n) = path.strip_prefix("/news/").and_then(|n| n.parse().ok()) {
                    Response::new(200, "text/html", page(n))
                } else {
                    Response::new(404, "text/plain", "no")
                };
                answer.delayed(latency)
            })
        })
        .collect();
    let urls: Vec<String> = (0..feeds)
        .map(|n| servers[(n % hosts) as usize].url(&format!("/feed/{n}.xml")))
        .collect();
    let dir = tempfile::tempdir().expect("a temporary directory");
    let mut store = Store::open(dir.path()).expect("a store");
    let now = follow::unix_now();
    follow::add_feeds(&mut store, &urls, &config, now).expect("feeds added");
    let mut follower = Follower::new(config.clone(), engine::Config::default());
    println!(
        "{feeds} feeds on {hosts} loopback hosts, {} ms latency, {} ms per-host delay, {} workers",
        latency.as_millis(),
        config.host_delay.as_millis(),
        config.workers
    );

    for (name, at) in [
        ("first round (new items)", now),
        ("second round (304s)", now + 3600),
    ] {
        let (t, c) = (Instant::now(), cpu());
        let report = follower
            .round(&mut store, at, &mut |_| {})
            .expect("a round");
        let wall = t.elapsed();
        let used = cpu().zip(c).map(|(b, a)| b.saturating_sub(a));
        println!(
            "{name}: {} polled, {} not modified, {} failed, {} added, {} requests in {:.1} s \
             wall, {} CPU",
            report.polled,
            report.not_modified,
            report.failed,
            report.added,
            report.requests,
            wall.as_secs_f64(),
            used.map_or("?".into(), |d| format!("{:.1} s", d.as_secs_f64()))
        );
    }

    // Idle: nothing is due for the next hour (the clock's now), so run() only waits.
    let stop = Arc::new(AtomicBool::new(false));
    let stopper = {
        let stop = stop.clone();
        std::thread::spawn(move || {
            std::thread::sleep(idle);
            stop.store(true, Ordering::Relaxed);
        })
    };
    // Every feed was polled at "now + 3600" above: due an interval after that.
    let (rss_before, c, t) = (rss_kib(), cpu(), Instant::now());
    follower
        .run(&mut store, &stop, &mut |_| {}, &mut |r| {
            println!("unexpected polls while idle: {r:?}")
        })
        .expect("run");
    let wall = t.elapsed();
    stopper.join().expect("stopper");
    let used = cpu().zip(c).map(|(b, a)| b.saturating_sub(a));
    println!(
        "idle for {:.1} s: {} CPU ({}), resident memory {} -> {} KiB",
        wall.as_secs_f64(),
        used.map_or("?".into(), |d| format!("{:.2} s", d.as_secs_f64())),
        used.map_or("?".into(), |d| format!(
            "{:.2}% of a core",
            100.0 * d.as_secs_f64() / wall.as_secs_f64()
        )),
        rss_before.map_or("?".into(), |k| k.to_string()),
        rss_kib().map_or("?".into(), |k| k.to_string()),
    );
}
