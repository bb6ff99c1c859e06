//! Story clustering: articles, in publication order, join the best story or open one.
//!
//! API contract (the engine calls exactly this):
//! `cluster(&[ClusterDoc], &ClusterConfig) -> Vec<Vec<usize>>`.

use chrono::NaiveDate;

/// What clustering looks at in an article.
#[derive(Debug, Clone)]
pub struct ClusterDoc<'a> {
    pub title: &'a str,
    pub body: &'a str,
    pub published: Option<NaiveDate>,
    /// Canonical names of the entities the article mentions.
    pub entities: Vec<&'a str>,
}

/// Tunables of clustering, with documented defaults.
#[derive(Debug, Clone, Default)]
pub struct ClusterConfig {}

/// Groups documents into stories. Returns the stories as lists of indices into `docs`,
/// each list ascending, stories ordered by their first member.
pub fn cluster(docs: &[ClusterDoc<'_>], _config: &ClusterConfig) -> Vec<Vec<usize>> {
    (0..docs.len()).map(|i| vec![i]).collect()
}
