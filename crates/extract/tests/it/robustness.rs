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

/// A small deterministic generator (xorshift32), so every run checks the same cases and
/// a failure names its case number.
struct Rng(u32);

impl Rng {
    fn next(&mut self) -> u32 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 17;
        self.0 ^= self.0 << 5;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() as usize) % n.max(1)
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items.get(self.below(items.len())).copied().unwrap_or("")
    }
}

/// Pieces of markup that reach every branch of the extractor: metadata the date, title
/// and byline readers look at, furniture the cleanup removes, broken and unbalanced tags,
/// entities, scripts with half-written JSON, multi-byte text and stray bytes.
const PIECES: &[&str] = &[
    "<html>",
    "</html>",
    "<head>",
    "</head>",
    "<body>",
    "</body>",
    "<div>",
    "</div>",
    "<p>",
    "</p>",
    "<article>",
    "</article>",
    "<h1>",
    "</h1>",
    "<h2>",
    "<li>",
    "<ul>",
    "<table><tr><td>",
    "</td></tr>",
    "<br>",
    "<a href=\"/x\">",
    "</a>",
    "<time>",
    "<time datetime=\"2021-13-45\">",
    "<time datetime=\"2020-02-29T25:00\">",
    "</time>",
    "<span class=\"date\">",
    "<span class=\"updated comment\">",
    "</span>",
    "<abbr class=\"published\" title=\"31.02.2020\">",
    "<meta property=\"og:title\" content=\"",
    "<meta name=\"date\" content=\"99.99.9999\">",
    "<meta itemprop=\"datePublished\">",
    "<div itemprop=\"datePublished\" content=\"",
    "\">",
    "<title>",
    "</title>",
    "<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"headline\":",
    "{\"datePublished\": \"2019-0",
    "\"author\":[{\"name\":",
    "]}",
    "</script>",
    "<script>var s = {\"published_at\": \"",
    "<style>p{}</style>",
    "<!--",
    "-->",
    "<![CDATA[",
    "]]>",
    "&amp;",
    "&#x26;",
    "&#99999999;",
    "&nbsp;",
    "<nav>",
    "</nav>",
    "<aside class=\"related\">",
    "</aside>",
    "<figure><figcaption>",
    "</figcaption></figure>",
    "By Jane Doe",
    "Staff Reporter",
    "Veröffentlicht am ",
    "published ",
    "wurde am",
    "12. Januar 2022",
    "Sept. 31st, 2021",
    "2020年13月40日",
    "28.01.22",
    "00.00.0000",
    "Dienstag, 28. April 2020",
    "READ MORE",
    "Subscribe to our newsletter",
    "\u{0}",
    "\u{feff}",
    "\u{202e}",
    "日本語のテキスト",
    "ملف نصي",
    " ",
    "\n",
    "\t",
    "<",
    ">",
    "\"",
    "'",
    "=",
    "/",
    "The harbour board voted to rebuild the old pier with stone. ",
];

fn garbage_page(rng: &mut Rng) -> String {
    let mut page = String::new();
    for _ in 0..rng.below(400) {
        page.push_str(rng.pick(PIECES));
    }
    page
}

#[test]
fn structured_garbage_never_panics() {
    let mut rng = Rng(0x9e37_79b9);
    for case in 0..300 {
        let page = garbage_page(&mut rng);
        for format in [Format::Html, Format::Text] {
            let mut doc = raw(&format!("case{case}"), format, &page);
            doc.url = Some(
                [
                    "https://x.example/2021/02/30/a",
                    "https://x.example/~31-12-2021-a",
                    "not a url",
                    "https://web.archive.org/web/20120216182711/http://x.example/",
                ][case % 4]
                    .to_string(),
            );
            if let Ok(a) = extract(&doc, &ExtractConfig::default()) {
                assert_body_contract(&a.body);
            }
        }
    }
}

#[test]
fn random_bytes_never_panic() {
    let mut rng = Rng(0x0bad_5eed);
    for _ in 0..200 {
        let bytes: Vec<u8> = (0..rng.below(4000)).map(|_| rng.next() as u8).collect();
        let content = String::from_utf8_lossy(&bytes).into_owned();
        for format in [Format::Html, Format::Text] {
            let _ = run(format, &content);
        }
    }
}

/// The nesting the issue asks to survive.
const DEEP: usize = 100_000;

#[test]
fn hundred_thousand_levels_of_nesting_are_survived() {
    let mut html = String::with_capacity(DEEP * 12);
    html.push_str("<html><body><h1>Pier rebuilt</h1><span class=\"date\">3 March 2021</span>");
    for i in 0..DEEP {
        html.push_str(if i % 2 == 0 { "<div>" } else { "<section>" });
    }
    html.push_str("<p>A sentence at the bottom of a very deep page, written for this test.</p>");
    let started = std::time::Instant::now();
    let article = run(Format::Html, &html);
    let secs = started.elapsed().as_secs_f64();
    eprintln!("{DEEP} levels: {secs:.2}s");
    let a = article.expect("the deep paragraph is found");
    assert!(a.body.contains("bottom of a very deep page"));
    assert!(secs < 60.0, "deep page took {secs:.1}s");
}
