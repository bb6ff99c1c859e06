//! Forgotten stories brought back for undated articles.
//!
//! The clusterer keeps only the stories of its time window and the latest faded ones.
//! An undated article carries no time, so it may report a story the clusterer forgot
//! long ago (an old report ingested now, next to years of other news); and a story of
//! undated articles only has no time either, so a dated report of it may come long after
//! the clusterer forgot it; and an article may come later than the clusterer remembers
//! (an archive ingested after the news of today). Before an article is clustered, the
//! stories that share the most of its entities (for a dated article, among the stories
//! without a date, and, when it is older than the clusterer remembers, those of its own
//! days) are looked up, in this run's stories and, when ingesting, in the store's story
//! index, and
//! handed back to the clusterer with [`cluster::Clusterer::recall`], which then scores
//! the article against them as against any other story. `analyze` and `ingest` look up
//! the same way, so they give the same stories.

use std::collections::{BTreeSet, HashMap};

use cluster::{ClusterDoc, Clusterer, Recall};

/// Most stories read per entity key, the latest first.
pub(crate) const PER_KEY: usize = 256;

/// Most stories recalled for one article.
const MOST: usize = 8;

/// The keys under which a document's entities index stories (see [`store::index_key`]),
/// distinct and sorted.
pub(crate) fn keys(doc: &ClusterDoc<'_>) -> Vec<String> {
    let keys: BTreeSet<String> = doc.entities.iter().map(|e| store::index_key(e)).collect();
    keys.into_iter().filter(|k| !k.is_empty()).collect()
}

/// The stories out of the index (faded or forgotten) a document may report: those sharing the most of its
/// entity keys (at least two, or its only one), most shared first and then the latest,
/// at most [`MOST`]. `lookup(key)` gives the stories indexed under a key, latest first.
pub(crate) fn candidates<E>(
    keys: &[String],
    clusterer: &Clusterer,
    mut lookup: impl FnMut(&str) -> Result<Vec<u64>, E>,
) -> Result<Vec<u64>, E> {
    let mut shared: HashMap<u64, usize> = HashMap::new();
    for key in keys {
        let mut seen = BTreeSet::new();
        for seq in lookup(key)? {
            if seen.insert(seq) {
                *shared.entry(seq).or_default() += 1;
            }
        }
    }
    let least = keys.len().min(2);
    let mut ranked: Vec<(usize, u64)> = shared
        .into_iter()
        .filter(|&(seq, n)| n >= least && !clusterer.is_live(seq as usize))
        .map(|(seq, n)| (n, seq))
        .collect();
    ranked.sort_unstable_by(|a, b| b.cmp(a));
    Ok(ranked.into_iter().take(MOST).map(|(_, seq)| seq).collect())
}

/// The stories of a batch held in memory (`analyze`), found by their entities.
pub(crate) struct Memory<'a, 'd> {
    pub(crate) docs: &'a [ClusterDoc<'d>],
    pub(crate) index: KeyIndex,
}

impl Recall for Memory<'_, '_> {
    fn lookup(&mut self, doc: usize, clusterer: &Clusterer) -> Vec<usize> {
        let Some(d) = self.docs.get(doc) else {
            return Vec::new();
        };
        let undated_only = d.published.is_some();
        let found = candidates(&keys(d), clusterer, |k| {
            Ok::<_, std::convert::Infallible>(self.index.lookup(k, undated_only))
        });
        found
            .unwrap_or_default()
            .into_iter()
            .map(|s| s as usize)
            .collect()
    }

    fn joined(&mut self, doc: usize, story: usize) {
        if let Some(d) = self.docs.get(doc) {
            self.index
                .add(&keys(d), story as u64, d.published.is_some());
        }
    }
}

/// Stories by entity key, for the stories formed in this run; the stories without a
/// dated member also in an index of their own, so that a dated article's lookup reads
/// only those.
#[derive(Debug, Default)]
pub(crate) struct KeyIndex {
    all: HashMap<String, BTreeSet<u64>>,
    undated: HashMap<String, BTreeSet<u64>>,
    /// The keys of each story still without a dated member.
    undated_keys: HashMap<u64, BTreeSet<String>>,
    dated: std::collections::HashSet<u64>,
}

impl KeyIndex {
    /// Indexes story `seq` under `keys`; `dated` when the member that joined has a date.
    pub(crate) fn add(&mut self, keys: &[String], seq: u64, dated: bool) {
        for k in keys {
            self.all.entry(k.clone()).or_default().insert(seq);
        }
        if dated {
            if self.dated.insert(seq) {
                for k in self.undated_keys.remove(&seq).unwrap_or_default() {
                    if let Some(set) = self.undated.get_mut(&k) {
                        set.remove(&seq);
                    }
                }
            }
        } else if !self.dated.contains(&seq) {
            let mine = self.undated_keys.entry(seq).or_default();
            for k in keys {
                mine.insert(k.clone());
                self.undated.entry(k.clone()).or_default().insert(seq);
            }
        }
    }

    /// The stories indexed under `key` (only those without a dated member with
    /// `undated_only`), the latest [`PER_KEY`] first.
    pub(crate) fn lookup(&self, key: &str, undated_only: bool) -> Vec<u64> {
        let map = if undated_only {
            &self.undated
        } else {
            &self.all
        };
        map.get(key)
            .map(|s| s.iter().rev().take(PER_KEY).copied().collect())
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_story_leaves_the_undated_index_when_a_dated_member_joins() {
        let mut index = KeyIndex::default();
        let keys = vec!["geneva".to_string(), "nato".to_string()];
        index.add(&keys, 3, false);
        index.add(&keys[..1], 4, true);
        assert_eq!(index.lookup("geneva", true), vec![3]);
        assert_eq!(index.lookup("geneva", false), vec![4, 3]);
        index.add(&keys[1..], 3, true);
        assert!(index.lookup("geneva", true).is_empty());
        assert!(index.lookup("nato", true).is_empty());
        assert_eq!(index.lookup("nato", false), vec![3]);
        // Once dated, always dated.
        index.add(&keys, 3, false);
        assert!(index.lookup("nato", true).is_empty());
    }
}
