//! The feeds page and `/api/feeds`: each followed feed's health, failing feeds first and
//! shown as such, every stored text escaped; and the story list's `updated` times.

use serve::client::Conn;
use store::{FeedRow, Store};

use crate::pages::assert_inert;
use crate::{get, json};

#[test]
fn stories_say_when_they_last_changed() {
    let page = json("/api/stories?limit=3");
    let updated = page["updated"].as_str().expect("the list has a time");
    assert!(updated.ends_with('Z') && updated.len() == 20, "{updated}");
    for s in page["stories"].as_array().unwrap() {
        let t = s["updated"].as_str().expect("every story has a time");
        assert!(t <= updated, "{t} after {updated}");
    }
    let html = get("/").text();
    assert!(html.contains("updated <time datetime="), "{html}");
    // Without a follower inside, the list does not reload itself.
    assert!(!html.contains("http-equiv=\"refresh\""));
}

#[test]
fn feeds_show_their_health_failing_ones_first() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    crate::build_store(&data);
    let mut store = Store::open(&data).unwrap();
    let now = 1_800_000_000;
    let ok = FeedRow {
        title: Some("Valley <b>News</b>".into()),
        last_attempt: Some(now - 60),
        last_success: Some(now - 60),
        next_poll: now + 600,
        new_items: 4,
        total_items: 9,
        ..FeedRow::new("https://valley.example/rss", now - 3600, 600)
    };
    let failing = FeedRow {
        last_attempt: Some(now - 30),
        failures: 5,
        last_error: Some("https://down.example/feed: HTTP 503 (<script>x</script>)".into()),
        ..FeedRow::new("https://down.example/feed", now - 3600, 600)
    };
    let retrying = FeedRow {
        last_attempt: Some(now - 30),
        last_success: Some(now - 900),
        failures: 1,
        last_error: Some("timed out".into()),
        ..FeedRow::new("https://a-slow.example/feed", now - 3600, 600)
    };
    let fresh = FeedRow::new("javascript:alert(1)", now, 600);
    store.add_feeds(&[ok, failing, retrying, fresh]).unwrap();
    drop(store);
    let addr = crate::start(serve::ServeConfig {
        data,
        token: Some(crate::TOKEN.into()),
        auto_refresh: Some(std::time::Duration::from_secs(30)),
        ..serve::ServeConfig::default()
    });
    let fetch = |path: &str| {
        Conn::connect(&addr)
            .and_then(|mut c| c.get(path))
            .expect("request")
    };
    let r = fetch("/api/feeds");
    assert_eq!(r.status, 200, "{}", r.text());
    let list: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
    assert_eq!(
        (list["total"].as_u64(), list["failing"].as_u64()),
        (Some(4), Some(2))
    );
    let feeds = list["feeds"].as_array().unwrap();
    let urls: Vec<&str> = feeds.iter().map(|f| f["url"].as_str().unwrap()).collect();
    assert_eq!(
        urls,
        [
            "https://down.example/feed",
            "https://a-slow.example/feed",
            "https://valley.example/rss",
            "javascript:alert(1)"
        ]
    );
    let statuses: Vec<&str> = feeds
        .iter()
        .map(|f| f["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["failing", "retrying", "ok", "new"]);
    assert_eq!(feeds[0]["failures"], 5);
    assert_eq!(feeds[2]["new_items"], 4);
    assert_eq!(feeds[2]["last_success"], "2027-01-15T07:59:00Z");
    assert_eq!(feeds[2]["next_poll"], "2027-01-15T08:10:00Z");
    let paged: serde_json::Value =
        serde_json::from_slice(&fetch("/api/feeds?offset=3&limit=1000").body).unwrap();
    assert_eq!(paged["feeds"].as_array().unwrap().len(), 1);
    assert_eq!(paged["limit"], 500);

    let html = fetch("/feeds").text();
    assert_inert(&html, "the feeds page");
    assert!(
        html.contains("<span class=\"flag\">Failing</span>"),
        "{html}"
    );
    assert!(html.contains("5 failed polls in a row"), "{html}");
    assert!(html.contains("HTTP 503 (&lt;script&gt;"), "{html}");
    assert!(html.contains("Valley &lt;b&gt;News&lt;/b&gt;"), "{html}");
    assert!(!html.contains("href=\"javascript:"), "{html}");
    assert!(html.contains("4 new at the last poll · 9 in all"), "{html}");
    // Under a follower the page reloads itself.
    assert!(html.contains("<meta http-equiv=\"refresh\" content=\"30\">"));
    let doc = fetch("/api/openapi.json").text();
    assert!(doc.contains("/api/feeds"));
}
