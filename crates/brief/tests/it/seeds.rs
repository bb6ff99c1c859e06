//! The five seed articles end to end, without annotations: headline and summary.

use std::path::PathBuf;

use brief::{brief, render_markdown, BriefConfig};
use model::{AnalyzedArticle, Article};

/// The shared data folder, `None` (with a message) when it is absent.
pub fn shared_data() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("skipping: {} is absent", dir.display());
        None
    }
}

/// A plain-text article: title on the first non-empty line, one paragraph per line.
pub fn plain_article(id: &str, content: &str) -> AnalyzedArticle {
    let mut lines = content.lines().map(str::trim).filter(|l| !l.is_empty());
    let title = lines.next().unwrap_or("").to_string();
    let body = lines.collect::<Vec<_>>().join("\n\n");
    Article::new(id, title, body).into()
}

#[test]
fn seed_story_summary_is_cited_and_stable() {
    let Some(data) = shared_data() else { return };
    let mut paths: Vec<PathBuf> = match std::fs::read_dir(data.join("seeds")) {
        Ok(dir) => dir.filter_map(|e| e.ok().map(|e| e.path())).collect(),
        Err(e) => {
            eprintln!("skipping: seeds unreadable: {e}");
            return;
        }
    };
    paths.sort();
    let articles: Vec<AnalyzedArticle> = paths
        .iter()
        .filter_map(|p| {
            let stem = p.file_stem()?.to_string_lossy().into_owned();
            Some(plain_article(&stem, &std::fs::read_to_string(p).ok()?))
        })
        .collect();
    let refs: Vec<&AnalyzedArticle> = articles.iter().collect();
    let b = brief("seeds", &refs, Vec::new(), &BriefConfig::default());
    let md = render_markdown(&b);
    eprintln!("{md}");
    assert!(articles.iter().any(|a| a.article.title == b.headline));
    assert_eq!(b.summary.len(), 6);
    assert!(b.summary.iter().all(|l| !l.article_ids.is_empty()));
    assert!(
        b.summary.iter().any(|l| l.article_ids.len() >= 2),
        "no line is cross-cited"
    );
    let again = brief("seeds", &refs, Vec::new(), &BriefConfig::default());
    assert_eq!(render_markdown(&again), md);
}
