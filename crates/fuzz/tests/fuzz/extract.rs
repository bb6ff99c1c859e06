//! Extraction: pages and plain text, mutated, with odd container metadata.

use chrono::NaiveDate;
use extract::{ExtractConfig, ExtractError};
use model::{Article, Format, RawDoc};
use proptest::prelude::*;
use proptest::sample::select;

use crate::gen::{self, edits};
use crate::harness::{config, ensure, run_twice};

const URLS: &[&str] = &[
    "https://example.com/2024/03/03/mayor-vows-to-fight.html",
    "https://example.com/2024/02/30/bad-date",
    "javascript:alert(1)",
    "",
    "https://\u{130}stanbul.example/\u{1f1fa}\u{1f1e6}?a=b&c=%ZZ",
    "//example.com/20240303/x",
];

/// A raw document as a reader would give it: HTML or text content, and sometimes
/// metadata from its container.
pub fn raw_doc() -> impl Strategy<Value = RawDoc> {
    let html = (gen::page(), edits(6)).prop_map(|(p, e)| {
        let mut h = p.html();
        gen::edit_text(&mut h, &e, 256 << 10);
        (Format::Html, h)
    });
    let text = gen::plain_text(128 << 10).prop_map(|t| (Format::Text, t));
    let fragment = (gen::body(32 << 10), edits(4)).prop_map(|(b, e)| {
        let mut h = format!("<div><p>{}</p>", b.replace("\n\n", "</p><p>"));
        gen::edit_text(&mut h, &e, 256 << 10);
        (Format::Html, h)
    });
    (
        prop_oneof![3 => html, 2 => text, 1 => fragment],
        proptest::option::weighted(0.2, select(URLS)),
        proptest::option::weighted(0.2, select(gen::NAMES)),
        proptest::option::weighted(0.2, (1i32..=9999, 1u32..=12, 1u32..=28)),
        proptest::option::weighted(0.2, select(gen::OUTLETS)),
    )
        .prop_map(|((format, content), url, title, day, outlet)| RawDoc {
            id: "doc".to_string(),
            source: "doc".to_string(),
            format,
            content,
            url: url.map(str::to_string),
            title: title.map(str::to_string),
            published: day.and_then(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d)),
            outlet: outlet.map(str::to_string),
        })
}

/// The article contract: paragraphs separated by exactly one blank line, each on one
/// line, trimmed, not empty; some readable text; a title on one line.
pub fn check_article(a: &Article) -> Result<(), TestCaseError> {
    ensure(a.body.chars().any(char::is_alphanumeric), || {
        format!("an article without readable text: {:?}", a.body)
    })?;
    for p in a.body.split("\n\n") {
        ensure(
            !p.is_empty()
                && !p.contains('\n')
                && !p.starts_with(char::is_whitespace)
                && !p.ends_with(char::is_whitespace),
            || format!("paragraph {p:?} breaks the body contract of {:?}", a.body),
        )?;
    }
    ensure(!a.title.contains('\n'), || {
        format!("a title over several lines: {:?}", a.title)
    })?;
    Ok(())
}

proptest! {
    #![proptest_config(config(200))]

    /// `extract` and `metadata`: no panic, bounded time and memory, the same output
    /// twice, and every article keeps the body contract.
    #[test]
    fn extract_any(raw in raw_doc()) {
        let n = raw.content.len();
        let r = raw.clone();
        let out = run_twice("extract::extract", n, move || {
            extract::extract(&r, &ExtractConfig::default())
        })?;
        match out {
            Ok(a) => check_article(&a)?,
            Err(ExtractError::NoContent) => {}
        }
        let r = raw;
        run_twice("extract::metadata", n, move || extract::metadata(&r))?;
    }
}
