//! Story pages and briefs are bounded (issue 16: a story of 100,000 articles rendered a
//! 44 MB page, and 16 such requests took the server to 4 GiB). A story's page lists
//! [`serve::page::ARTICLES_PER_PAGE`] articles at a time and reads only those; the API
//! brief carries one page of articles and bounded sections.

use std::sync::OnceLock;

use model::{Brief, Coverage, Format, QuoteKind, QuoteRef, RawDoc, Statement, SummaryLine};
use serve::client::Conn;

/// A server over a store with two stories of 1,200 and 600 copies of one article.
fn big() -> &'static (String, tempfile::TempDir) {
    static BIG: OnceLock<(String, tempfile::TempDir)> = OnceLock::new();
    BIG.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        let raw = RawDoc {
            id: "seed".into(),
            source: "seed.txt".into(),
            format: Format::Text,
            content: "Harbour wall repairs begin\n\nWork on the old harbour wall began on Monday, \
                      the council said. \"It will take a year,\" said Mara Quell, the engineer."
                .into(),
            url: None,
            title: None,
            published: None,
            outlet: Some("Coast Gazette".into()),
        };
        let seed = engine::process(&raw, &engine::Config::default()).unwrap();
        let mut store = store::Store::open(&data).unwrap();
        let batch = store.batch().unwrap();
        let mut briefs = Vec::new();
        for (story, n) in [("big-story", 1200), ("half-story", 600)] {
            let copies: Vec<_> = (0..n)
                .map(|i| {
                    let mut a = seed.clone();
                    a.article.id = format!("{story}-a{i}");
                    a.article.title = format!("Harbour wall report {i}");
                    a
                })
                .collect();
            for a in &copies {
                batch.put_article(a, &a.article.id, "test").unwrap();
            }
            let refs: Vec<_> = copies.iter().collect();
            let mut brief = Brief::sources_only(story, "Harbour wall repairs begin", &refs);
            // Lists that grow with the story: a line citing every article, a statement
            // carried by all of them, a coverage entry each.
            brief.summary.push(SummaryLine {
                text: "Work on the old harbour wall began on Monday.".into(),
                article_ids: brief.article_ids.clone(),
            });
            brief.statements.push(Statement {
                speaker: "Mara Quell".into(),
                text: "It will take a year".into(),
                quotes: brief
                    .article_ids
                    .iter()
                    .map(|id| QuoteRef {
                        article_id: id.clone(),
                        text: "It will take a year".into(),
                        kind: QuoteKind::Direct,
                    })
                    .collect(),
            });
            brief.coverage = brief
                .article_ids
                .iter()
                .map(|id| Coverage {
                    article_id: id.clone(),
                    adds: vec!["A year of work.".into()],
                    omits: vec![],
                })
                .collect();
            briefs.push(brief);
        }
        batch.replace_derived(&[], &briefs).unwrap();
        batch.commit().unwrap();
        drop(store);
        let addr = crate::start(serve::ServeConfig {
            data,
            token: Some(crate::TOKEN.into()),
            ..serve::ServeConfig::default()
        });
        (addr, dir)
    })
}

fn get(path: &str) -> serve::client::Response {
    Conn::connect(&big().0).unwrap().get(path).unwrap()
}

fn json(path: &str) -> serde_json::Value {
    let r = get(path);
    assert_eq!(r.status, 200, "{path}: {}", r.text());
    serde_json::from_slice(&r.body).unwrap()
}

#[test]
fn story_pages_list_one_page_of_articles() {
    let per = serve::page::ARTICLES_PER_PAGE;
    let first = get("/stories/big-story");
    assert_eq!(first.status, 200);
    let html = first.text();
    assert_eq!(html.matches("class=\"card\"").count(), per);
    assert!(
        html.contains("1200 articles"),
        "the count is the whole story's"
    );
    assert!(html.contains("Page 1 of 24") && html.contains("?page=2\">Next"));
    assert!(html.contains("/articles/big-story-a0\"") && !html.contains("big-story-a50\""));
    // Citations are bounded too.
    assert!(html.matches("class=\"chip\"").count() < 3 * serve::api::MAX_CITED + per);
    let last = get("/stories/big-story?page=24").text();
    assert_eq!(last.matches("class=\"card\"").count(), per);
    assert!(last.contains("big-story-a1199\"") && !last.contains("?page=25"));
    assert!(last.contains("?page=23\">Previous"));
    // The page does not grow with the story: 1,200 articles against 600.
    let half = get("/stories/half-story").text();
    let ratio = html.len() as f64 / half.len() as f64;
    assert!(
        (0.9..1.1).contains(&ratio),
        "{} vs {} bytes",
        html.len(),
        half.len()
    );
    // Pages past the end, zero and absurd numbers: a 404 or a 400, never a 500.
    assert_eq!(get("/stories/big-story?page=25").status, 404);
    assert_eq!(get("/stories/big-story?page=0").status, 200);
    assert_eq!(
        get(&format!("/stories/big-story?page={}", usize::MAX)).status,
        404
    );
    assert_eq!(
        get("/stories/big-story?page=99999999999999999999999").status,
        400
    );
    assert_eq!(get("/stories/big-story?page=-1").status, 400);
}

#[test]
fn api_briefs_carry_one_page_of_articles() {
    let b = json("/api/stories/big-story");
    assert_eq!(b["article_count"], 1200);
    assert_eq!(
        (b["offset"].as_u64(), b["limit"].as_u64()),
        (Some(0), Some(100))
    );
    assert_eq!(b["article_ids"].as_array().unwrap().len(), 100);
    assert_eq!(b["sources"].as_array().unwrap().len(), 100);
    assert_eq!(b["coverage"].as_array().unwrap().len(), 100);
    let cited = serve::api::MAX_CITED;
    assert_eq!(
        b["summary"][0]["article_ids"].as_array().unwrap().len(),
        cited
    );
    assert_eq!(
        b["statements"][0]["quotes"].as_array().unwrap().len(),
        cited
    );
    assert_eq!(b["truncated"], true);
    // The last page, and offsets past the end.
    let last = json("/api/stories/big-story?offset=1150&limit=100");
    assert_eq!(last["article_ids"].as_array().unwrap().len(), 50);
    assert_eq!(last["article_ids"][49], "big-story-a1199");
    assert_eq!(last["coverage"][0]["article_id"], "big-story-a1150");
    for past in ["1200", "10000000000000", &usize::MAX.to_string()] {
        let empty = json(&format!(
            "/api/stories/big-story?offset={past}&limit={}",
            usize::MAX
        ));
        assert_eq!(empty["article_ids"], serde_json::json!([]), "{past}");
        assert_eq!(empty["limit"], serve::api::BRIEF_MAX_LIMIT);
    }
    assert_eq!(get("/api/stories/big-story?offset=-1").status, 400);
    // A small story is whole, as before, with the new fields beside it.
    let small = crate::json("/api/stories?limit=1");
    let id = small["stories"][0]["id"].as_str().unwrap();
    let b = crate::json(&format!("/api/stories/{id}"));
    assert_eq!(
        b["article_count"],
        b["article_ids"].as_array().unwrap().len()
    );
}
