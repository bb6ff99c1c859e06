//! Doubling test of extraction: for each pathological kind of page or text, extracting
//! an input twice as large costs at most 2.5 times as much time and peak memory.
//!
//! Everything runs in one test function, in a test binary of its own, so that nothing
//! else runs beside the measurements. Time is this thread's CPU time (so that other
//! processes on a loaded machine do not count), the least of three runs of each size,
//! alternating; memory is the peak of live heap bytes during a run, counted by this
//! binary's global allocator. `DOUBLING_VERBOSE=1` prints the measurements;
//! `DOUBLING_SCALE=k` multiplies the sizes.

use std::time::Duration;
use testkit::word;

use extract::{extract, ExtractConfig};
use model::{Format, RawDoc};

#[global_allocator]
static ALLOCATOR: testkit::Counting = testkit::Counting;

const NOUNS: &[&str] = &[
    "harbour", "council", "bridge", "ferry", "school", "market", "railway", "hospital", "budget",
    "depot", "tunnel", "library",
];

/// The `k`-th sentence.
fn sentence(k: usize) -> String {
    format!(
        "The {} near the {} {} was inspected by the {} staff on {} days.",
        NOUNS[k % NOUNS.len()],
        word(k),
        NOUNS[(k / 5) % NOUNS.len()],
        NOUNS[(k / 3) % NOUNS.len()],
        k % 30 + 2,
    )
}

fn doc(format: Format, content: String) -> RawDoc {
    RawDoc {
        id: "d".into(),
        source: "d".into(),
        format,
        content,
        url: None,
        title: None,
        published: None,
        outlet: None,
    }
}

/// Plain text: a title and `n` one-sentence paragraphs.
fn short_paragraphs(n: usize) -> RawDoc {
    let mut text = String::from("Harbour council inspects the ferry piers\n\n");
    for k in 0..n {
        text.push_str(&sentence(k));
        text.push_str("\n\n");
    }
    doc(Format::Text, text)
}

/// Plain text: a title and one line of `n` sentences.
fn one_line(n: usize) -> RawDoc {
    let mut text = String::from("Harbour council inspects the ferry piers\n");
    for k in 0..n {
        text.push_str(&sentence(k));
        text.push(' ');
    }
    doc(Format::Text, text)
}

/// Plain text: a title and `n` paragraphs, most of them repeats of a few.
fn repeated(n: usize) -> RawDoc {
    let mut text = String::from("Harbour council inspects the ferry piers\n\n");
    for k in 0..n {
        let p = if k % 4 == 0 { k } else { k % 7 };
        text.push_str(&format!("{} {}", sentence(p), sentence(p + 1)));
        text.push_str("\n\n");
    }
    doc(Format::Text, text)
}

/// HTML: an article of `n` paragraphs with a menu and a footer around it.
fn html_paragraphs(n: usize) -> RawDoc {
    let mut html = String::from(
        "<html><head><title>Harbour council inspects the ferry piers</title></head><body>\
         <nav><a href=\"/\">Home</a> <a href=\"/news\">News</a></nav><article>\
         <h1>Harbour council inspects the ferry piers</h1>",
    );
    for k in 0..n {
        html.push_str(&format!(
            "<p>{} {}</p>\n",
            sentence(2 * k),
            sentence(2 * k + 1)
        ));
    }
    html.push_str("</article><footer>Contact us</footer></body></html>");
    doc(Format::Html, html)
}

/// Time and peak of live bytes above the start of one run.
fn measure(raw: &RawDoc) -> (Duration, usize) {
    let config = ExtractConfig::default();
    let base = testkit::peak_start();
    let t = testkit::Clock::start();
    let article = extract(raw, &config);
    let time = t.elapsed();
    let peak = testkit::peak_since(base);
    assert!(article.is_ok_and(|a| !a.body.is_empty()));
    (time, peak)
}

#[test]
fn extract_cost_doubles_with_its_input() {
    type Kind = (&'static str, fn(usize) -> RawDoc, usize);
    let kinds: &[Kind] = &[
        ("short paragraphs", short_paragraphs, 5000),
        ("one line", one_line, 10000),
        ("repeated", repeated, 4000),
        ("html paragraphs", html_paragraphs, 2500),
    ];
    testkit::assert_doubling(kinds, measure);
}
