//! The JSON API and its OpenAPI document.

use serve::client::Conn;

use crate::{get, json, server, writer};

#[test]
fn every_route_is_in_the_openapi_document_and_answers() {
    let doc = json("/api/openapi.json");
    let paths = doc["paths"].as_object().expect("paths");
    let expected = [
        ("/api/health", "get"),
        ("/api/stories", "get"),
        ("/api/stories/{id}", "get"),
        ("/api/articles/{id}", "get"),
        ("/api/search", "get"),
        ("/api/ingest", "post"),
        ("/api/feeds", "get"),
    ];
    for (path, method) in expected {
        assert!(
            paths.get(path).and_then(|p| p.get(method)).is_some(),
            "{method} {path} missing from the OpenAPI document"
        );
    }
    // And every documented path is served: nothing answers 404 for an unknown route
    // or 405 for the documented method.
    let mut c = Conn::connect(&server().addr).unwrap();
    for (path, item) in paths {
        for method in item.as_object().unwrap().keys() {
            let concrete = path.replace("{id}", "no-such-id");
            let r = c
                .request(
                    &method.to_ascii_uppercase(),
                    &concrete,
                    Some("application/x-ndjson"),
                    b"",
                )
                .unwrap();
            assert_ne!(r.status, 405, "{method} {path}");
            let body: serde_json::Value = serde_json::from_slice(&r.body).unwrap_or_default();
            if r.status == 404 {
                // A 404 must be the handler's "no such story/article", not routing.
                assert!(
                    body["error"]
                        .as_str()
                        .is_some_and(|e| e.contains("no-such-id")),
                    "{method} {path}: {body}"
                );
            }
        }
    }
    assert_eq!(paths.len(), expected.len(), "{:?}", paths.keys());
}

#[test]
fn stories_are_listed_newest_first_and_filtered() {
    let page = json("/api/stories?limit=100");
    let stories = page["stories"].as_array().unwrap();
    assert!(stories.len() >= 3, "{page}");
    assert_eq!(page["total"].as_u64().unwrap() as usize, stories.len());
    let dates: Vec<&str> = stories
        .iter()
        .filter_map(|s| s["last_published"].as_str())
        .collect();
    let mut sorted = dates.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(dates, sorted);

    let one = json("/api/stories?limit=1&offset=1");
    assert_eq!(one["stories"].as_array().unwrap().len(), 1);
    assert_eq!(one["stories"][0]["id"], stories[1]["id"]);

    // Outlet filter: every listed story carries the outlet, case-insensitively.
    let outlet = stories[0]["outlets"][0].as_str().unwrap().to_string();
    let q = serve::page::url_part(&outlet.to_uppercase());
    let by_outlet = json(&format!("/api/stories?outlet={q}&limit=100"));
    let listed = by_outlet["stories"].as_array().unwrap();
    assert!(!listed.is_empty());
    for s in listed {
        assert!(s["outlets"]
            .as_array()
            .unwrap()
            .iter()
            .any(|o| o == &outlet));
    }
    // Date range: a range before everything is empty.
    assert_eq!(json("/api/stories?to=1990-01-01")["total"], 0);
    // Entity filter over a story's own entity finds it.
    let id = stories[0]["id"].as_str().unwrap();
    let brief = json(&format!("/api/stories/{id}"));
    let entity = brief["entities"][0]["name"].as_str().unwrap();
    let by_entity = json(&format!(
        "/api/stories?entity={}&limit=100",
        serve::page::url_part(entity)
    ));
    assert!(by_entity["stories"]
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s["id"] == id));
    // Bad input gets a 400 with a message, never a 500.
    for bad in [
        "/api/stories?from=yesterday",
        "/api/stories?from=2022-02-01&to=2022-01-01",
        "/api/stories?limit=-4",
    ] {
        assert_eq!(get(bad).status, 400, "{bad}");
    }
}

#[test]
fn briefs_and_articles_round_trip() {
    let page = json("/api/stories?limit=1");
    let id = page["stories"][0]["id"].as_str().unwrap();
    let brief = json(&format!("/api/stories/{id}"));
    assert_eq!(brief["id"], id);
    let article_id = brief["article_ids"][0].as_str().unwrap();
    let article = json(&format!("/api/articles/{article_id}"));
    assert_eq!(article["id"], article_id);
    assert_eq!(article["story_id"], id);
    assert!(article["body"].as_str().unwrap().len() > 100);
    assert_eq!(get("/api/articles/nope").status, 404);
    assert_eq!(get("/api/stories/..%2F..%2Fetc%2Fpasswd").status, 404);
}

#[test]
fn search_finds_phrases_with_highlights_and_filters() {
    // Pick a real quote from the store and search for it as a phrase.
    let hits = json("/api/search?q=&kind=quote&limit=5");
    let quote = hits["hits"][0].clone();
    let text = quote["snippet"].as_str().unwrap();
    let words: Vec<&str> = text.split_whitespace().take(5).collect();
    let phrase = format!("\"{}\"", words.join(" "));
    let found = json(&format!(
        "/api/search?q={}&kind=quote",
        serve::page::url_part(&phrase)
    ));
    assert!(found["total"].as_u64().unwrap() >= 1, "{phrase}: {found}");
    let first = &found["hits"][0];
    assert_eq!(first["kind"], "quote");
    assert!(!first["highlights"].as_array().unwrap().is_empty());
    // Highlights are byte ranges into the snippet.
    let snippet = first["snippet"].as_str().unwrap();
    for h in first["highlights"].as_array().unwrap() {
        let (a, b) = (
            h[0].as_u64().unwrap() as usize,
            h[1].as_u64().unwrap() as usize,
        );
        assert!(snippet.get(a..b).is_some_and(|s| !s.is_empty()));
    }
    // Speaker filter: only that speaker's quotes.
    if let Some(speaker) = first["speaker"].as_str() {
        let by = json(&format!(
            "/api/search?q=&kind=quote&speaker={}&limit=100",
            serve::page::url_part(speaker)
        ));
        for h in by["hits"].as_array().unwrap() {
            assert_eq!(h["speaker"], speaker);
        }
    }
    // Story headlines are searchable.
    let story = json("/api/stories?limit=1");
    let headline = story["stories"][0]["headline"].as_str().unwrap();
    let q = serve::page::url_part(headline);
    let found = json(&format!("/api/search?q={q}&kind=story"));
    assert_eq!(found["hits"][0]["id"], story["stories"][0]["id"], "{found}");
    // Date filter: nothing before the corpus.
    assert_eq!(json("/api/search?q=said&to=1990-01-01")["total"], 0);
    // Odd query syntax is not an error.
    for q in ["%22unbalanced", "AND%20OR%20(", "title%3A", "%2B-%2B"] {
        assert_eq!(get(&format!("/api/search?q={q}")).status, 200, "{q}");
    }
}

#[test]
fn bodies_over_the_limit_are_refused() {
    let mut c = writer();
    let big = vec![b'x'; 2 << 20];
    let r = c
        .request("POST", "/api/ingest", Some("application/x-ndjson"), &big)
        .unwrap();
    assert_eq!(r.status, 413, "{}", r.text());
}

#[test]
fn ingest_is_idempotent_and_reports_bad_lines() {
    let mut c = writer();
    let body = concat!(
        r#"{"id":"api-ingest-1","title":"Lighthouse keeper retires","text":"The last keeper of the Corran Point light retired on Friday after thirty years, the coastguard said. \"The lamp never went out on my watch,\" said Ilse Marrow at a small ceremony."}"#,
        "\n",
        "{not json\n"
    );
    let r = c
        .request(
            "POST",
            "/api/ingest",
            Some("application/x-ndjson"),
            body.as_bytes(),
        )
        .unwrap();
    assert_eq!(r.status, 200, "{}", r.text());
    let first: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
    assert_eq!(first["added"], 1, "{first}");
    assert_eq!(first["failures"].as_array().unwrap().len(), 1, "{first}");
    assert_eq!(first["failures"][0]["source"], "body:2", "{first}");
    let r = c
        .request(
            "POST",
            "/api/ingest",
            Some("application/x-ndjson"),
            body.as_bytes(),
        )
        .unwrap();
    let second: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
    assert_eq!(
        (second["added"].as_u64(), second["unchanged"].as_u64()),
        (Some(0), Some(1)),
        "{second}"
    );
    // The new article is searchable at once.
    let found = json("/api/search?q=%22lamp%20never%20went%20out%22");
    assert!(
        found["hits"]
            .as_array()
            .unwrap()
            .iter()
            .any(|h| h["id"] == "api-ingest-1"),
        "{found}"
    );
    // HTML needs a safe id.
    let r = c
        .request(
            "POST",
            "/api/ingest?id=../../x",
            Some("text/html"),
            b"<p>x</p>",
        )
        .unwrap();
    assert_eq!(r.status, 400);
    assert!(!server().data.join("../../x.html").exists());
}

#[test]
fn search_queries_past_the_limits_are_a_400_and_the_server_lives() {
    // About 850 nested groups overflowed a worker's stack and aborted the server.
    let deep = format!("{}said{}", "%28".repeat(850), "%29".repeat(850));
    for path in [
        format!("/api/search?q={deep}"),
        format!("/api/search?q={}said", "NOT%20".repeat(40)),
        "/api/search?q=x&offset=10000000000000".to_string(),
        format!("/api/search?q=said&offset={}", search::MAX_OFFSET + 1),
    ] {
        let r = get(&path);
        assert_eq!(r.status, 400, "{path}: {}", r.text());
        assert!(r.text().contains("error"), "{path}");
    }
    assert_eq!(get("/api/health").status, 200);
    assert_eq!(get("/api/search?q=((said))").status, 200);
}
