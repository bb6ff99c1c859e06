//! Hostile inputs: nothing may panic, overflow the stack or take unbounded time.

use extract::{extract, ExtractConfig, ExtractError};
use model::Format;

use crate::{assert_body_contract, raw};

fn run(format: Format, content: &str) -> Result<model::Article, ExtractError> {
    let article = extract(&raw("r", format, content), &ExtractConfig::default());
    if let Ok(a) = &article {
        assert_body_contract(&a.body);
    }
    article
}

#[test]
fn empty_inputs_have_no_content() {
    for format in [Format::Text, Format::Html] {
        assert_eq!(run(format, ""), Err(ExtractError::NoContent));
        assert_eq!(run(format, " \n\t\r\n "), Err(ExtractError::NoContent));
    }
    assert_eq!(
        run(
            Format::Html,
            "<html><head><title></title></head><body><div></div></body></html>"
        ),
        Err(ExtractError::NoContent)
    );
    assert_eq!(
        run(
            Format::Html,
            "<script>var a = 1;</script><style>p{}</style>"
        ),
        Err(ExtractError::NoContent)
    );
}

#[test]
fn binary_garbage_has_no_content() {
    // A deterministic byte soup, decoded lossily as a reader would.
    let mut state: u32 = 0x1234_5678;
    let bytes: Vec<u8> = (0..20_000)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            (state & 0xff) as u8
        })
        .collect();
    let content = String::from_utf8_lossy(&bytes).into_owned();
    for format in [Format::Text, Format::Html] {
        assert_eq!(run(format, &content), Err(ExtractError::NoContent));
    }
}

#[test]
fn deeply_nested_markup_does_not_blow_the_stack() {
    let depth = 10_000;
    let mut html = String::from("<html><body>");
    for _ in 0..depth {
        html.push_str("<div>");
    }
    html.push_str(
        "<p>A sentence deep inside many containers, written for this test, with enough words.</p>",
    );
    for _ in 0..depth {
        html.push_str("</div>");
    }
    html.push_str("</body></html>");
    let article = run(Format::Html, &html).expect("the deep paragraph is found");
    assert!(article.body.contains("deep inside many containers"));

    let mut spans = String::new();
    for _ in 0..depth {
        spans.push_str("<span><b><i>");
    }
    spans.push_str("words");
    let _ = run(Format::Html, &spans);
}

#[test]
fn a_five_megabyte_page_is_handled() {
    let mut html = String::from("<html><head><title>Large page</title></head><body><article>");
    let mut i = 0;
    while html.len() < 5 * 1024 * 1024 {
        html.push_str(&format!(
            "<p>Paragraph {i} of a very long page tells how the harbour council met again to discuss the budget.</p>"
        ));
        i += 1;
    }
    html.push_str("</article></body></html>");
    let article = run(Format::Html, &html).expect("content found");
    assert!(article.body.len() > 1_000_000);
}

#[test]
fn odd_text_never_panics() {
    for content in [
        "Только заголовок",
        "T\u{0}itle\n\n\u{feff}Body with a BOM and \u{200b}zero width.",
        "\u{1F600}\n\u{1F600}\u{1F600}\n",
        "Title\nBy\nBy:\n2022\n00/00/0000\n99 January 2022",
        "Title\n\u{00a0}\u{00a0}\nRelated\n",
        "<<<>>>&&&;;",
    ] {
        for format in [Format::Text, Format::Html] {
            let _ = run(format, content);
        }
    }
}

#[test]
fn broken_html_still_yields_text() {
    let html = "<html><body><p>An unclosed paragraph that goes on and on about the harbour\
                <p>Another <b>with <i>misnested</b> tags</i> and an &amp; entity &unknown; here.\
                <div><p>Last words of the test page, which is written to be broken.";
    let article = run(Format::Html, html).expect("text found");
    assert!(article.body.contains("misnested"));
    assert!(article.body.contains("& entity"));
}

#[test]
fn container_metadata_wins() {
    let mut doc = raw(
        "m",
        Format::Html,
        r#"<html><head><title>Page title | Site</title><meta property="og:site_name" content="Site">
        <meta property="article:published_time" content="2020-01-01"></head>
        <body><article><p>The body of the article has a sentence that is long enough to count.</p>
        <p>And a second sentence follows it so that the page reads like an article.</p></article></body></html>"#,
    );
    doc.title = Some("Container title".into());
    doc.outlet = Some("Container outlet".into());
    doc.published = chrono::NaiveDate::from_ymd_opt(2021, 2, 3);
    let a = extract(&doc, &ExtractConfig::default()).expect("content");
    assert_eq!(a.title, "Container title");
    assert_eq!(a.outlet.as_deref(), Some("Container outlet"));
    assert_eq!(a.published, chrono::NaiveDate::from_ymd_opt(2021, 2, 3));
}

#[test]
fn a_container_title_makes_the_first_line_body_text() {
    let mut doc = raw(
        "t",
        Format::Text,
        "The first line here is a sentence of the article, not a title.\nA second sentence follows it.",
    );
    doc.title = Some("Headline from the feed".into());
    let a = extract(&doc, &ExtractConfig::default()).expect("content");
    assert_eq!(a.title, "Headline from the feed");
    assert!(a.body.starts_with("The first line here"));

    doc.content = "Headline from the feed\nThe only sentence of the body is this one.".into();
    let a = extract(&doc, &ExtractConfig::default()).expect("content");
    assert_eq!(a.body, "The only sentence of the body is this one.");
}
