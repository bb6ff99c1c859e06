//! Integration tests of `extract`: golden fixtures, the seed articles, robustness.

mod evidence;
mod golden;
mod robustness;
mod seeds;

use model::{Format, RawDoc};

/// A raw document with only an id, a format and content.
pub fn raw(id: &str, format: Format, content: &str) -> RawDoc {
    RawDoc {
        id: id.to_string(),
        source: id.to_string(),
        format,
        content: content.to_string(),
        url: None,
        title: None,
        published: None,
        outlet: None,
    }
}

/// Checks the body contract: paragraphs separated by exactly one blank line, each on one
/// line, no outer whitespace.
pub fn assert_body_contract(body: &str) {
    assert_eq!(body, body.trim(), "body has outer whitespace");
    for p in body.split("\n\n") {
        assert!(
            !p.is_empty(),
            "empty paragraph (a run of blank lines) in body"
        );
        assert!(!p.contains('\n'), "paragraph spans lines: {p:?}");
        assert_eq!(p, p.trim(), "paragraph has outer whitespace: {p:?}");
        assert!(!p.contains("  "), "paragraph has doubled spaces: {p:?}");
    }
}
