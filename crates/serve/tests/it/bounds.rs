//! Every offset and limit is bounded: huge numbers get a 400, never an abort, a 500 or a
//! pager link that wraps round (issue 16: `/search?offset=10000000000000` aborted the
//! process, `offset=10^18` was a 500 "capacity overflow").

use crate::{get, json};

#[test]
fn huge_offsets_are_refused_and_the_server_lives_on() {
    let max = serve::api::MAX_OFFSET;
    for path in [
        "/search?offset=10000000000000".to_string(),
        "/search?q=said&offset=1000000000000000000".to_string(),
        "/api/search?q=x&offset=10000000000000".to_string(),
        "/api/search?q=x&offset=1000000000000000000".to_string(),
        format!("/api/search?q=x&offset={}", usize::MAX),
        "/api/search?q=x&offset=18446744073709551616".to_string(),
        format!("/api/search?q=&offset={}&limit=100", max + 1),
        "/api/stories?offset=18446744073709551615".to_string(),
        format!("/api/stories?offset={}", max + 1),
        "/?offset=10000000000000".to_string(),
    ] {
        let r = get(&path);
        assert_eq!(r.status, 400, "{path}: {}", r.text());
        assert!(
            r.text().contains("offset") || r.text().contains("limit"),
            "{path}: the message names the parameter: {}",
            r.text()
        );
    }
    // At the bound itself: an empty page, not an error.
    assert_eq!(
        json(&format!("/api/stories?offset={max}"))["stories"],
        serde_json::json!([])
    );
    assert_eq!(
        json(&format!("/api/search?q=said&offset={max}&limit=100"))["hits"],
        serde_json::json!([])
    );
    // Huge limits are clamped to the largest page.
    let page = json(&format!("/api/stories?limit={}", usize::MAX));
    assert_eq!(page["limit"], 100);
    let page = json(&format!("/api/search?q=x&limit={}&offset=9999", usize::MAX));
    assert_eq!(page["hits"], serde_json::json!([]));
    assert_eq!(
        json("/api/health")["status"],
        "ok",
        "the server is still up"
    );
}

#[test]
fn pager_links_never_pass_the_bound() {
    let max = serve::api::MAX_OFFSET;
    for path in [
        format!("/search?q=&offset={}&limit=100", max - 50),
        format!("/?offset={}&limit=100", max - 50),
        "/search?q=&offset=0&limit=1".to_string(),
    ] {
        let html = get(&path).text();
        for part in html.split("offset=").skip(1) {
            let n: String = part.chars().take_while(char::is_ascii_digit).collect();
            let n: usize = n
                .parse()
                .unwrap_or_else(|_| panic!("{path}: bad link {part:.40}"));
            assert!(n <= max, "{path}: a link to offset {n}");
        }
    }
}
