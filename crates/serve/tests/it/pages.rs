//! The web pages: content, escaping of hostile input, headers, static assets.

use crate::{get, json};

/// Every markup tag of a page (escaped text holds no raw `<`), with its double-quoted
/// attribute values (escaped, so they hold no raw `"`) cut out, except `href`s.
fn tags(html: &str) -> Vec<String> {
    html.split('<')
        .skip(1)
        .map(|t| {
            let tag = t.split('>').next().unwrap_or("").to_ascii_lowercase();
            let mut out = String::new();
            for (i, part) in tag.split('"').enumerate() {
                // Odd parts are attribute values; keep those of href, where a scheme matters.
                if i % 2 == 0 || out.ends_with("href=") {
                    out.push_str(part);
                }
                out.push('"');
            }
            out
        })
        .collect()
}

/// Fails if any tag of `html` could run script. The only SVG allowed is the story page's
/// timeline drawing, made of shapes and text.
pub fn assert_inert(html: &str, what: &str) {
    assert_eq!(
        html.matches("<svg").count(),
        html.matches("<svg class=\"tl\" viewBox=").count(),
        "an SVG that is not our timeline on {what}"
    );
    for tag in tags(html) {
        let name = tag.split_whitespace().next().unwrap_or("");
        assert!(
            !matches!(
                name,
                "script"
                    | "img"
                    | "iframe"
                    | "object"
                    | "embed"
                    | "b"
                    | "foreignobject"
                    | "use"
                    | "image"
                    | "animate"
                    | "set"
                    | "style"
            ),
            "<{tag}> is live on {what}"
        );
        for bad in ["onerror", "onload", "onmouseover", "javascript:"] {
            assert!(!tag.contains(bad), "<{tag}> is live on {what}");
        }
    }
}

#[test]
fn pages_carry_the_story_and_security_headers() {
    let home = get("/");
    assert_eq!(home.status, 200);
    let csp = home.header("content-security-policy").unwrap();
    assert!(
        csp.contains("script-src 'none'") && csp.contains("default-src 'none'"),
        "{csp}"
    );
    assert_eq!(home.header("x-content-type-options"), Some("nosniff"));
    let html = home.text();
    assert!(!html.contains("<script"), "pages carry no scripts");
    let page = json("/api/stories?limit=1");
    let id = page["stories"][0]["id"].as_str().unwrap();
    assert!(html.contains(&format!("/stories/{id}")));

    let story = get(&format!("/stories/{id}")).text();
    for section in [
        "Summary",
        "Who said what",
        "Articles",
        "class=\"chip\"",
        "<svg class=\"tl\"",
        "<g class=\"ev",
        "Who carried what",
        "<table class=\"carry\">",
    ] {
        assert!(
            story.contains(section),
            "{section} missing from the story page"
        );
    }
    let css = get("/static/style.css");
    assert_eq!(css.status, 200);
    assert!(css.header("content-type").unwrap().starts_with("text/css"));
    assert!(css.text().contains("@media"));
}

#[test]
fn no_path_reaches_the_file_system() {
    for path in [
        "/static/../Cargo.toml",
        "/static/..%2F..%2FCargo.toml",
        "/static/%2e%2e/%2e%2e/Cargo.toml",
        "/../../etc/passwd",
        "/articles/..%2F..%2Fchorus.sqlite3",
    ] {
        let r = get(path);
        assert_eq!(r.status, 404, "{path}");
        assert!(!r.text().contains("[package]"));
    }
}

#[test]
fn hostile_article_renders_inert() {
    let id = "hostile-pier-notice";
    let article = get(&format!("/articles/{id}"));
    assert_eq!(article.status, 200);
    let html = article.text();
    // The hostile text is shown, as text, and no tag can run anything.
    assert!(html.contains("&lt;script&gt;"), "{html}");
    assert!(html.contains("Orla Penhallow"));
    assert_inert(&html, "the article page");
    let hits = get("/search?q=pier%20notice").text();
    assert!(hits.contains("hostile-pier-notice"));
    assert_inert(&hits, "the search page");
    // The story page of the hostile article, too.
    let story = json(&format!("/api/articles/{id}"))["story_id"]
        .as_str()
        .unwrap()
        .to_string();
    let page = get(&format!("/stories/{story}")).text();
    assert!(page.contains("Pier notice"));
    assert_inert(&page, "the story page");
    assert_inert(&get("/").text(), "the story list");
    // A hostile query echoes escaped.
    let echoed =
        get("/search?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E%22%3E%3Cimg%20onerror%3Dx%3E").text();
    assert_inert(&echoed, "a search for markup");
}

#[test]
fn unknown_pages_are_404_pages() {
    let r = get("/stories/nope");
    assert_eq!(r.status, 404);
    assert!(r.text().contains("no story"));
    assert_eq!(get("/nowhere").status, 404);
}
