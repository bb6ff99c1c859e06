//! The commands a user runs, over the sample corpus.

use std::path::PathBuf;

use crate::{chorus, run, stderr, stdout};

fn corpus() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../corpus/sample")
}

#[test]
fn demo_then_stories_and_brief() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let out = run(&data, &["demo"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("## Stories")
            && text.contains("## The largest story")
            && text.contains("chorus brief"),
        "{text}"
    );

    // Running the demo again stores nothing new.
    let again = stdout(&run(&data, &["demo"]));
    assert!(again.contains(" 0 new, 0 updated, "), "{again}");

    let stories = stdout(&run(&data, &["stories", "--json"]));
    let rows: Vec<serde_json::Value> = stories
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(rows.len() >= 3);
    let id = rows[0]["id"].as_str().unwrap();
    let md = run(&data, &["brief", id]);
    assert!(
        md.status.success() && stdout(&md).starts_with("# "),
        "{}",
        stderr(&md)
    );
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&run(&data, &["brief", id, "--format", "json"]))).unwrap();
    for field in [
        "id",
        "headline",
        "article_ids",
        "summary",
        "statements",
        "entities",
        "numbers",
        "timeline",
    ] {
        assert!(json.get(field).is_some(), "brief JSON lacks {field}");
    }
    let missing = run(&data, &["brief", "s-nope"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(stderr(&missing).contains("no story"));
}

#[test]
fn extract_prints_one_json_line_per_article() {
    let out = chorus().arg("extract").arg(corpus()).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let rows: Vec<serde_json::Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 15);
    for row in &rows {
        for field in [
            "id",
            "title",
            "byline",
            "published",
            "outlet",
            "language",
            "body",
        ] {
            assert!(row.get(field).is_some(), "{row} lacks {field}");
        }
    }
}

#[test]
fn analyze_json_follows_the_contract() {
    let out = chorus()
        .args(["analyze", "--json"])
        .arg(corpus())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let a = &v["articles"][0];
    for field in [
        "id",
        "title",
        "outlet",
        "byline",
        "published",
        "language",
        "body",
        "duplicate_of",
        "quotes",
        "dates",
        "entities",
    ] {
        assert!(a.get(field).is_some(), "article lacks {field}");
    }
    let s = &v["stories"][0];
    for field in [
        "id",
        "headline",
        "article_ids",
        "summary",
        "statements",
        "entities",
        "numbers",
        "timeline",
    ] {
        assert!(s.get(field).is_some(), "story lacks {field}");
    }
}

#[test]
fn store_location_comes_from_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("env-data");
    let out = chorus()
        .env("CHORUS_DATA", &data)
        .args(["ingest", "--quiet"])
        .arg(corpus())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(data.join("chorus.sqlite3").exists());
    let none = chorus()
        .current_dir(dir.path())
        .arg("stories")
        .output()
        .unwrap();
    assert_eq!(none.status.code(), Some(1));
    assert!(stderr(&none).contains("no store"), "{}", stderr(&none));
}
