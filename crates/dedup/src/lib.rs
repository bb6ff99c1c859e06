//! Duplicates: exact and near-duplicate articles; passages shared by several articles.
//!
//! API contract (the engine calls exactly this):
//! `find_duplicates(&[&Article], &DedupConfig) -> Vec<Option<usize>>` and
//! `shared_passages(&[&Article], &DedupConfig) -> Vec<SharedPassage>`.

use model::{Article, SharedPassage};

/// Tunables of duplicate detection, with documented defaults.
#[derive(Debug, Clone, Default)]
pub struct DedupConfig {}

/// For each article (given in canonical order: earliest first), the index of the earliest
/// article it duplicates, or `None` when it is an original.
pub fn find_duplicates(articles: &[&Article], _config: &DedupConfig) -> Vec<Option<usize>> {
    vec![None; articles.len()]
}

/// Paragraph-level passages carried by two or more of the given articles.
pub fn shared_passages(_articles: &[&Article], _config: &DedupConfig) -> Vec<SharedPassage> {
    Vec::new()
}
