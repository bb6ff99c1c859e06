//! The five seed articles: junk goes, article sentences stay.

use std::path::PathBuf;

use extract::{extract, ExtractConfig};
use model::Format;

use crate::{assert_body_contract, raw};

fn seeds_dir() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/seeds");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("skipping: shared data not found at {}", dir.display());
        None
    }
}

fn seeds() -> Vec<(String, String)> {
    let Some(dir) = seeds_dir() else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("readable seeds directory")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let id = p
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or("")
                .to_string();
            (id, std::fs::read_to_string(&p).expect("readable seed"))
        })
        .collect()
}

/// Markers of junk named in the extraction brief; none may survive.
const JUNK_MARKERS: &[&str] = &[
    "READ MORE",
    "Read More",
    "mailing list",
    "Thank you for subscribing",
    "Something went wrong",
    "Leave a Reply",
    "Privacy Policy",
    "Pin It on Pinterest",
    "Share This",
    "Related Posts",
    "have been indexed",
    "Click Here",
    "Photo / AP",
];

/// True for an input line that is junk by a marker the test knows (not article text).
fn is_known_junk(line: &str) -> bool {
    let lower = line.to_lowercase();
    ["photo /", "subscribe", "click here", "read more"]
        .iter()
        .any(|m| lower.contains(m))
}

#[test]
fn seeds_lose_their_junk_and_keep_their_sentences() {
    let config = ExtractConfig::default();
    for (id, content) in seeds() {
        let article =
            extract(&raw(&id, Format::Text, &content), &config).expect("seed has content");
        assert_body_contract(&article.body);
        assert!(!article.title.is_empty(), "{id}: no title");
        for marker in JUNK_MARKERS {
            assert!(
                !article.body.contains(marker),
                "{id}: junk {marker:?} survived"
            );
        }
        // Every paragraph appears once.
        let mut seen = std::collections::HashSet::new();
        for (_, p) in article.paragraphs() {
            assert!(
                seen.insert(text::fingerprint_text(p)),
                "{id}: repeated paragraph {p:?}"
            );
        }
        // No paragraph repeats the title.
        let title_key = text::fingerprint_text(&article.title);
        assert!(
            article
                .paragraphs()
                .all(|(_, p)| text::fingerprint_text(p) != title_key),
            "{id}: title repeated in body"
        );
        // Every long line before a trailing teaser block is kept.
        let body_key = text::normalize(&article.body);
        for line in content.lines().skip(1) {
            let line = line.trim();
            if line.eq_ignore_ascii_case("related posts") {
                break;
            }
            if line.chars().count() > 80 && !is_known_junk(line) {
                let key = text::normalize(line);
                assert!(body_key.contains(&key), "{id}: lost article line {line:?}");
            }
        }
    }
}

#[test]
fn seed_header_metadata_is_lifted() {
    let config = ExtractConfig::default();
    for (id, content) in seeds() {
        let article =
            extract(&raw(&id, Format::Text, &content), &config).expect("seed has content");
        // A dateline in the first lines gives the date; a "By:" line is not body text.
        let header: Vec<&str> = content
            .lines()
            .filter(|l| !l.trim().is_empty())
            .take(5)
            .collect();
        for line in header.iter().skip(1) {
            let line = line.trim();
            if line.starts_with("By:") || line.starts_with("By ") {
                assert!(
                    !article.body.contains(line),
                    "{id}: byline line kept in body"
                );
                assert!(
                    article.byline.is_some() || article.outlet.is_some(),
                    "{id}: byline line lost"
                );
            }
            // A short line with a year near the top is a dateline: it dates the article.
            let has_year = text::words(line).any(|(_, w)| {
                w.len() == 4
                    && (w.starts_with("19") || w.starts_with("20"))
                    && w.chars().all(|c| c.is_ascii_digit())
            });
            if has_year && line.split_whitespace().count() <= 8 {
                assert!(
                    article.published.is_some(),
                    "{id}: dateline {line:?} gave no date"
                );
                assert!(!article.body.contains(line), "{id}: dateline kept in body");
            }
        }
        assert!(
            !article.title.ends_with("read"),
            "{id}: reading time left in title {:?}",
            article.title
        );
        assert_eq!(article.language.as_deref(), Some("en"), "{id}: language");
    }
}

#[test]
fn seeds_are_deterministic() {
    let config = ExtractConfig::default();
    for (id, content) in seeds() {
        let a = extract(&raw(&id, Format::Text, &content), &config).expect("seed has content");
        let b = extract(&raw(&id, Format::Text, &content), &config).expect("seed has content");
        assert_eq!(a, b);
    }
}
