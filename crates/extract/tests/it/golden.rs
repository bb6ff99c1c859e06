//! Golden fixtures: `test_data/<name>.{html,txt}` and the expected article in
//! `test_data/<name>.json`. Set `UPDATE_EXPECT=1` to rewrite the expectations.

use std::path::{Path, PathBuf};

use extract::{extract, ExtractConfig};
use model::{Article, Format};

use crate::{assert_body_contract, raw};

fn check(input: &Path, expect: &Path) {
    let format = match input.extension().and_then(|e| e.to_str()) {
        Some("html") => Format::Html,
        _ => Format::Text,
    };
    let id = input
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("")
        .to_string();
    let content = std::fs::read_to_string(input).expect("readable fixture");
    let article = extract(&raw(&id, format, &content), &ExtractConfig::default())
        .expect("fixture has content");
    assert_body_contract(&article.body);
    let got = serde_json::to_string_pretty(&article).expect("serialisable article") + "\n";
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        std::fs::write(expect, &got).expect("writable expectation");
        return;
    }
    let want = std::fs::read_to_string(expect).unwrap_or_default();
    let want_article: Option<Article> = serde_json::from_str(&want).ok();
    assert_eq!(
        Some(&article),
        want_article.as_ref(),
        "{}: extraction differs from {} (UPDATE_EXPECT=1 rewrites it)\n{got}",
        input.display(),
        expect.display()
    );
}

#[test]
fn golden_fixtures() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("test_data");
    let mut inputs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("test_data directory")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "html" || e == "txt"))
        .collect();
    inputs.sort();
    assert!(
        inputs.len() >= 4,
        "expected golden fixtures in {}",
        dir.display()
    );
    for input in inputs {
        check(&input, &input.with_extension("json"));
    }
}
