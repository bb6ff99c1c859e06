//! Golden test of the Markdown rendering; `UPDATE_EXPECT=1` rewrites the expectation.

use std::path::PathBuf;

use brief::{brief, render_markdown, BriefConfig};
use model::{AnalyzedArticle, SharedPassage};

use crate::fixtures::port_strike;

fn check(name: &str, actual: &str) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("test_data")
        .join(name);
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        std::fs::write(&path, actual).expect("write expectation");
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        expected == actual,
        "{} differs; rerun with UPDATE_EXPECT=1 to accept.\n--- actual ---\n{actual}",
        path.display()
    );
}

#[test]
fn port_strike_markdown() {
    let articles = port_strike();
    let refs: Vec<&AnalyzedArticle> = articles.iter().collect();
    let shared = vec![SharedPassage {
        text: "Talks between the union and the port owners are scheduled to resume on Tuesday in the city hall of Calder Bay.".into(),
        article_ids: vec!["a1".into(), "a3".into()],
    }];
    let b = brief("port-strike", &refs, shared, &BriefConfig::default());
    check("port_strike.md", &render_markdown(&b));
}
