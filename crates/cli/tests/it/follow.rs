//! `chorus feeds …` and `chorus follow --once` against a loopback server.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use testkit::web::{Request, Response, Server};

use crate::{run, stderr, stdout};

fn page(n: usize) -> String {
    format!(
        "<!doctype html><html><head><title>Valley ferry strike day {n}</title></head><body>\
         <article><h1>Valley ferry strike day {n}</h1>\
         <p>Ferry crews in the valley walked out for day {n} on Tuesday, the union said, \
         after talks over rosters broke down late on Monday night.</p>\
         <p>Commuters waited at the northern pier for an hour as managers ran a reduced \
         timetable with two boats, the operator said in a statement.</p>\
         <p>The mayor said the city would ask both sides to return to the table on Friday.</p>\
         </article></body></html>"
    )
}

#[test]
fn feeds_commands_and_one_round() {
    let polls = Arc::new(AtomicUsize::new(0));
    let p = polls.clone();
    let server = Server::start(move |r: &Request| match r.path.as_str() {
        "/robots.txt" => Response::new(404, "text/plain", ""),
        "/feed.xml" => {
            p.fetch_add(1, Ordering::Relaxed);
            let base = format!("http://{}", r.header("host").unwrap_or_default());
            Response::new(
                200,
                "application/rss+xml",
                format!(
                    "<rss version=\"2.0\"><channel><title>Valley News</title>\
                     <item><title>Strike</title><link>{base}/news/1?utm_source=rss</link>\
                     <description>Crews walked out.</description></item>\
                     <item><title>Strike 2</title><link>{base}/news/2</link>\
                     <description>Crews walked out again.</description></item>\
                     </channel></rss>"
                ),
            )
            .header("Last-Modified", "Mon, 06 May 2024 10:00:00 GMT")
        }
        "/news/1" => Response::new(200, "text/html", page(1)),
        "/news/2" => Response::new(200, "text/html", page(2)),
        _ => Response::new(404, "text/plain", "no"),
    });
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let data_s = data.to_str().unwrap();

    let opml = dir.path().join("list.opml");
    std::fs::write(
        &opml,
        format!(
            "<opml version=\"2.0\"><body><outline text=\"Valley\" xmlUrl=\"{}\"/>\
             <outline text=\"Bad\" xmlUrl=\"gopher://x\"/></body></opml>",
            server.url("/feed.xml")
        ),
    )
    .unwrap();
    let out = run(&data, &["feeds", "import", opml.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "one bad URL: {}", stderr(&out));
    assert!(stderr(&out).contains("gopher://x"), "{}", stderr(&out));
    let out = run(&data, &["feeds", "add", &server.url("/feed.xml")]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("0 feeds added, 1 already followed"),
        "{}",
        stderr(&out)
    );

    let out = run(&data, &["feeds", "list"]);
    assert!(stdout(&out).contains("new"), "{}", stdout(&out));

    let follow = |data: &str| {
        let mut cmd = crate::chorus();
        cmd.args([
            "follow",
            "--once",
            "--delay-ms",
            "10",
            "--timeout",
            "5",
            "--data",
            data,
        ]);
        cmd.output().unwrap()
    };
    let out = follow(data_s);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("2 new items: 2 pages"),
        "{}",
        stderr(&out)
    );
    assert!(
        stderr(&out).contains("2 new, 0 updated articles"),
        "{}",
        stderr(&out)
    );

    let out = run(&data, &["feeds", "list", "--json"]);
    let line: serde_json::Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    assert_eq!(line["status"], "ok");
    assert_eq!(line["new_items"], 2);
    assert_eq!(line["title"], "Valley News");

    // Not due yet: a second round polls nothing.
    let out = follow(data_s);
    assert!(stderr(&out).contains("0 feeds polled"), "{}", stderr(&out));
    assert_eq!(polls.load(Ordering::Relaxed), 1);

    let out = run(&data, &["stories"]);
    assert!(
        stdout(&out).to_lowercase().contains("ferry strike"),
        "{}",
        stdout(&out)
    );

    let out = run(&data, &["feeds", "export"]);
    assert!(
        stdout(&out).contains(&server.url("/feed.xml")),
        "{}",
        stdout(&out)
    );
    assert!(stdout(&out).contains("Valley News"), "{}", stdout(&out));

    let out = run(&data, &["feeds", "remove", &server.url("/feed.xml")]);
    assert!(stderr(&out).contains("1 feeds removed"), "{}", stderr(&out));
}

/// `chorus serve --follow` as a process, with its stderr in a file (a full pipe would
/// stall it); killed when dropped if still running.
struct Served {
    child: std::process::Child,
    addr: String,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn get(addr: &str, path: &str) -> serve::client::Response {
    serve::client::Conn::connect(addr)
        .and_then(|mut c| c.get(path))
        .expect("request")
}

/// Waits (at most 60 s) until `ready` holds.
fn wait_for(what: &str, mut ready: impl FnMut() -> bool) {
    let start = std::time::Instant::now();
    while !ready() {
        assert!(
            start.elapsed() < std::time::Duration::from_secs(60),
            "timed out waiting for {what}"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}

#[test]
fn serve_follow_ingests_while_serving_and_stops_cleanly() {
    use std::sync::Mutex;

    let items: Arc<Mutex<Vec<usize>>> = Arc::new(Mutex::new(vec![1]));
    let listed = items.clone();
    let server = Server::start(move |r: &Request| match r.path.as_str() {
        "/robots.txt" => Response::new(404, "text/plain", ""),
        "/feed.xml" => {
            let base = format!("http://{}", r.header("host").unwrap_or_default());
            let mut body = String::from("<rss version=\"2.0\"><channel><title>Valley News</title>");
            for n in listed.lock().unwrap().iter() {
                body.push_str(&format!(
                    "<item><title>Item {n}</title><link>{base}/news/{n}</link>\
                     <description>Item {n} of the valley news.</description></item>"
                ));
            }
            body.push_str("</channel></rss>");
            Response::new(200, "application/rss+xml", body)
        }
        "/news/1" => Response::new(200, "text/html", page(1)),
        "/news/2" => Response::new(
            200,
            "text/html",
            "<!doctype html><html><head><title>Orchard frost ruins plum harvest</title></head>\
             <body><article><h1>Orchard frost ruins plum harvest</h1>\
             <p>A late frost in the hill orchards destroyed most of the plum blossom this \
             week, growers said on Thursday, and the cooperative expects half a harvest.</p>\
             <p>The regional farm office said insurance claims had doubled since Monday and \
             that growers could apply for relief until the end of the month.</p>\
             </article></body></html>",
        ),
        _ => Response::new(404, "text/plain", "no"),
    });
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let out = run(&data, &["feeds", "add", &server.url("/feed.xml")]);
    assert!(out.status.success(), "{}", stderr(&out));

    let log = dir.path().join("serve.log");
    let mut child = crate::chorus()
        .args([
            "serve",
            "--follow",
            "--addr",
            "127.0.0.1:0",
            "--min-interval",
            "1",
            "--max-interval",
            "2",
            "--delay-ms",
            "10",
            "--timeout",
            "5",
            "--data",
        ])
        .arg(&data)
        .stdout(std::process::Stdio::piped())
        .stderr(std::fs::File::create(&log).unwrap())
        .spawn()
        .unwrap();
    let (addr, _) = crate::served_address(child.stdout.take().unwrap());
    let mut served = Served { child, addr };
    let addr = served.addr.clone();
    let log_text = || std::fs::read_to_string(&log).unwrap_or_default();

    // The follower inside fills the store the server reads.
    wait_for("the first story", || {
        get(&addr, "/")
            .text()
            .to_lowercase()
            .contains("ferry strike")
    });
    let feeds: serde_json::Value = serde_json::from_slice(&get(&addr, "/api/feeds").body).unwrap();
    assert_eq!(feeds["feeds"][0]["status"], "ok", "{feeds}\n{}", log_text());
    assert_eq!(feeds["feeds"][0]["total_items"], 1);
    assert!(get(&addr, "/feeds").text().contains("Valley News"));

    // A new item in the feed becomes a new story on the page, while it is served.
    items.lock().unwrap().push(2);
    wait_for("the new story", || {
        get(&addr, "/").text().contains("Orchard frost")
    });
    let page: serde_json::Value = serde_json::from_slice(&get(&addr, "/api/stories").body).unwrap();
    assert_eq!(page["total"], 2, "{page}");
    assert!(page["updated"].is_string(), "{page}");
    assert_eq!(server.hits("/news/1"), 1);
    assert_eq!(server.hits("/news/2"), 1);

    // SIGTERM: the server and the follower stop, with status 0.
    let pid = served.child.id().to_string();
    assert!(std::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap()
        .success());
    let start = std::time::Instant::now();
    let status = loop {
        if let Some(s) = served.child.try_wait().unwrap() {
            break s;
        }
        assert!(
            start.elapsed() < std::time::Duration::from_secs(20),
            "no exit after SIGTERM:\n{}",
            log_text()
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    assert!(status.success(), "{status}:\n{}", log_text());
    let store = store::Store::open(&data).unwrap();
    assert_eq!(store.article_count().unwrap(), 2);
    assert!(store.check().unwrap().problems.is_empty());
}

/// Items the follower has stored in `data` (0 while the store is being created).
fn items_stored(data: &std::path::Path) -> usize {
    store::Store::open(data)
        .and_then(|s| s.feed_item_count())
        .unwrap_or(0)
}

#[test]
fn kill_9_mid_round_then_restart_stores_exactly_an_uninterrupted_run() {
    const FEEDS: usize = 6;
    const ITEMS: usize = 5;
    let server = Server::start(move |r: &Request| {
        let base = format!("http://{}", r.header("host").unwrap_or_default());
        let path = r.path.as_str();
        if path == "/robots.txt" {
            return Response::new(404, "text/plain", "");
        }
        if let Some(f) = path
            .strip_prefix("/feed/")
            .and_then(|f| f.strip_suffix(".xml"))
        {
            let mut body = format!("<rss version=\"2.0\"><channel><title>Desk {f}</title>");
            for i in 0..ITEMS {
                body.push_str(&format!(
                    "<item><title>Item {f}-{i}</title><link>{base}/news/{f}-{i}</link>\
                     <description>Item {i} of desk {f}.</description></item>"
                ));
            }
            body.push_str("</channel></rss>");
            return Response::new(200, "application/rss+xml", body);
        }
        match path.strip_prefix("/news/") {
            Some(id) => {
                let n: usize = id.bytes().map(usize::from).sum();
                let html = page(n).replace("Valley ferry strike", &format!("Desk story {id}"));
                // Slow enough pages that the kill falls in the middle of a round.
                Response::new(200, "text/html", html).delayed(Duration::from_millis(120))
            }
            None => Response::new(404, "text/plain", "no"),
        }
    });
    let feeds: Vec<String> = (0..FEEDS)
        .map(|f| server.url(&format!("/feed/{f}.xml")))
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let follow_args = ["--delay-ms", "10", "--timeout", "5", "--quiet"];
    let add = |data: &std::path::Path| {
        let mut args = vec!["feeds", "add"];
        args.extend(feeds.iter().map(String::as_str));
        let out = run(data, &args);
        assert!(out.status.success(), "{}", stderr(&out));
    };
    let once = |data: &std::path::Path| {
        let mut args = vec!["follow", "--once"];
        args.extend(follow_args);
        let out = run(data, &args);
        assert!(out.status.success(), "{}", stderr(&out));
    };
    let page_hits = |server: &Server| -> std::collections::BTreeMap<String, usize> {
        let mut hits = std::collections::BTreeMap::new();
        for r in server.log() {
            if r.path.starts_with("/news/") {
                *hits.entry(r.path).or_insert(0) += 1;
            }
        }
        hits
    };

    // The uninterrupted run.
    let reference = dir.path().join("reference");
    add(&reference);
    once(&reference);
    let expected = store::Store::open(&reference).unwrap().hashes().unwrap();
    assert_eq!(expected.len(), FEEDS * ITEMS);
    let before = page_hits(&server);

    // The same, killed twice in the middle of a round, then finished by a restart.
    let data = dir.path().join("killed");
    add(&data);
    let mut stored_at_kill = Vec::new();
    for at_least in [ITEMS * 2, ITEMS * 4] {
        let mut args = vec!["follow"];
        args.extend(follow_args);
        let mut child = crate::chorus()
            .args(&args)
            .arg("--data")
            .arg(&data)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        wait_for("items to be stored", || items_stored(&data) >= at_least);
        child.kill().unwrap(); // SIGKILL on Unix.
        child.wait().unwrap();
        let stored = store::Store::open(&data).unwrap();
        let mut taken = std::collections::BTreeSet::new();
        for f in 0..FEEDS {
            for i in 0..ITEMS {
                let path = format!("/news/{f}-{i}");
                if stored.feed_item(&server.url(&path)).unwrap().is_some() {
                    taken.insert(path);
                }
            }
        }
        assert_eq!(taken.len(), stored.hashes().unwrap().len());
        stored_at_kill.push(taken);
    }
    assert!(
        stored_at_kill[0].len() >= ITEMS * 2 && stored_at_kill[1].len() < FEEDS * ITEMS,
        "the kills came at {} and {} items",
        stored_at_kill[0].len(),
        stored_at_kill[1].len()
    );
    once(&data);

    let store = store::Store::open(&data).unwrap();
    assert!(store.check().unwrap().problems.is_empty());
    assert_eq!(
        store.hashes().unwrap(),
        expected,
        "no duplicate, no loss, the same content"
    );
    assert_eq!(store.feed_item_count().unwrap(), FEEDS * ITEMS);
    // What was stored before a kill was never fetched again; a poll cut short by a kill
    // stored nothing, so its pages were fetched again (at most one feed's worth per kill).
    let after = page_hits(&server);
    let fetched: std::collections::BTreeMap<&String, usize> = after
        .iter()
        .map(|(p, n)| (p, n - before.get(p).copied().unwrap_or(0)))
        .collect();
    for (path, n) in &fetched {
        assert!(*n >= 1, "{path} never fetched");
        if stored_at_kill[0].contains(*path) {
            assert_eq!(*n, 1, "{path} stored before the first kill, fetched again");
        }
    }
    let refetched: usize = fetched.values().map(|n| n - 1).sum();
    assert!(refetched <= 2 * ITEMS, "{refetched} pages fetched again");
    assert_eq!(fetched.len(), FEEDS * ITEMS);
}
