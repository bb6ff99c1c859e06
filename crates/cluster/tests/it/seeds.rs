//! The five seed articles report one event and must form exactly one story.

use std::path::PathBuf;

use cluster::{cluster, ClusterConfig, ClusterDoc};

#[test]
fn seeds_form_one_story() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/seeds");
    if !dir.is_dir() {
        eprintln!("Skipping: the seed articles are not at {}.", dir.display());
        return;
    }
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("seed directory is readable")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    let texts: Vec<String> = paths
        .iter()
        .map(|p| std::fs::read_to_string(p).expect("seed is UTF-8"))
        .collect();
    assert_eq!(texts.len(), 5);
    // First non-empty line is the title, the rest the body, as extraction does.
    let docs: Vec<ClusterDoc<'_>> = texts
        .iter()
        .map(|t| {
            let t = t.trim();
            let (title, body) = t.split_once('\n').unwrap_or((t, ""));
            ClusterDoc {
                title,
                body,
                published: None,
                entities: Vec::new(),
            }
        })
        .collect();
    assert_eq!(
        cluster(&docs, &ClusterConfig::default()),
        vec![vec![0, 1, 2, 3, 4]]
    );
}
