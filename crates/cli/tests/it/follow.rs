//! `chorus feeds …` and `chorus follow --once` against a loopback server.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

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
