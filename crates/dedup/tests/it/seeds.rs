//! The five seed articles (one event, five outlets) against duplicate detection.

use std::path::PathBuf;

use dedup::{find_duplicates, shared_passages, DedupConfig};
use model::Article;

fn seeds_dir() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/seeds");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("Skipping: the seed articles are not at {}.", dir.display());
        None
    }
}

/// Reads the seeds as extraction would: first non-empty line the title, every other
/// non-empty line a paragraph.
fn load(dir: &PathBuf) -> Vec<Article> {
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .expect("seed directory is readable")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| {
            let content = std::fs::read_to_string(p).expect("seed is UTF-8");
            let mut lines = content.lines().map(str::trim).filter(|l| !l.is_empty());
            let title = lines.next().unwrap_or_default().to_string();
            let body = lines.collect::<Vec<_>>().join("\n\n");
            let id = p
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            Article::new(id, title, body)
        })
        .collect()
}

#[test]
fn seeds_have_no_duplicates() {
    let Some(dir) = seeds_dir() else { return };
    let articles = load(&dir);
    assert_eq!(articles.len(), 5);
    let refs: Vec<&Article> = articles.iter().collect();
    assert_eq!(
        find_duplicates(&refs, &DedupConfig::default()),
        vec![None; 5]
    );
}

#[test]
fn seeds_share_passages_across_outlets() {
    let Some(dir) = seeds_dir() else { return };
    let articles = load(&dir);
    let refs: Vec<&Article> = articles.iter().collect();
    let passages = shared_passages(&refs, &DedupConfig::default());
    for p in &passages {
        eprintln!("{:?} {}", p.article_ids, p.text);
    }
    assert!(!passages.is_empty());
    for p in &passages {
        assert!(p.article_ids.len() >= 2);
        let carriers: Vec<&Article> = articles
            .iter()
            .filter(|a| p.article_ids.contains(&a.id))
            .collect();
        assert_eq!(carriers.len(), p.article_ids.len());
    }
    // The first two seeds carry the same quotation paragraph.
    assert!(passages.iter().any(|p| p
        .article_ids
        .iter()
        .take(2)
        .eq(articles[..2].iter().map(|a| &a.id))));
    let again = shared_passages(&refs, &DedupConfig::default());
    assert_eq!(passages, again);
}
