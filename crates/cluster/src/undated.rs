//! Undated documents of one batch, grouped among themselves before they enter the stream.
//!
//! A dated document arrives in its place in time; an undated one has no place, and the
//! order a batch happens to give undated documents in (their ids) would decide which of
//! them opens a story and which joins it. Online, that order costs: the first report of
//! an event that looks like another event's opens the wrong story for the rest. So the
//! undated documents of a batch are first grouped with each other, independently of
//! their order, by average-link agglomeration over the join model's probability for
//! each pair: two groups merge while the mean probability over all their pairs (a pair
//! the model does not score counts 0) is at least [`ClusterConfig::undated_link`]. Each
//! group then arrives as a run: its first document is placed by the model like any
//! other (it may join a story of the store or open one), the others follow it there.
//!
//! A pair's probability is then adjusted for how crowded its neighbourhood is: each
//! document's background is its [`ClusterConfig::undated_background`]-th closest document,
//! and a pair's log-odds move by [`ClusterConfig::undated_contrast`] times how far its text
//! similarity stands above the mean background of its two documents (local scaling, as in
//! spectral clustering's self-tuning affinities). One fixed cut then serves a batch of
//! far-apart events, where a modest similarity is telling, and a batch of many events on
//! one topic, where it is not.
//!
//! Cost: the pairs scored are each document's [`UNDATED_CANDIDATES`] best candidates among
//! the documents of its block; blocks hold at most [`ClusterConfig::undated_block`]
//! documents (in the batch's order), so time and memory grow linearly with the batch.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use rustc_hash::FxHashMap;

use crate::join::FEATURES;
use crate::{ClusterConfig, ClusterDoc, Clusterer, Features, JoinModel};

/// How many candidate documents of the block each undated document is scored against.
pub const UNDATED_CANDIDATES: usize = 16;

/// One arrival of a batch: the document (an index into the batch) and, for an undated
/// document that follows the first of its group, the index of that first document, whose
/// story it joins.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Arrival {
    pub doc: usize,
    pub follows: Option<usize>,
}

/// The order in which a batch's documents enter the clusterer: the dated ones as given,
/// then the undated ones group by group (see the module documentation). With
/// `undated_link` 0 every document arrives as given and alone.
pub(crate) fn arrivals(
    docs: &[ClusterDoc<'_>],
    config: &ClusterConfig,
    model: &JoinModel,
) -> Vec<Arrival> {
    let alone = |doc| Arrival { doc, follows: None };
    let (dated, undated): (Vec<usize>, Vec<usize>) =
        (0..docs.len()).partition(|&i| docs.get(i).is_some_and(|d| d.published.is_some()));
    let mut out: Vec<Arrival> = dated.into_iter().map(alone).collect();
    if config.undated_link <= 0.0 || undated.len() < 2 {
        out.extend(undated.into_iter().map(alone));
        return out;
    }
    for block in undated.chunks(config.undated_block.max(2)) {
        let members: Vec<ClusterDoc<'_>> =
            block.iter().filter_map(|&i| docs.get(i).cloned()).collect();
        for group in group(&members, config, model) {
            let Some((&first, rest)) = group.split_first() else {
                continue;
            };
            let Some(&leader) = block.get(first) else {
                continue;
            };
            out.push(alone(leader));
            out.extend(
                rest.iter()
                    .filter_map(|&j| block.get(j))
                    .map(|&doc| Arrival {
                        doc,
                        follows: Some(leader),
                    }),
            );
        }
    }
    out
}

/// Groups documents by average link over the join model's pairwise probabilities, cut at
/// `config.undated_link`. Groups are lists of indices into `docs`, ascending, ordered by
/// their first index.
pub(crate) fn group(
    docs: &[ClusterDoc<'_>],
    config: &ClusterConfig,
    model: &JoinModel,
) -> Vec<Vec<usize>> {
    let n = docs.len();
    // A scratch clusterer where every document is a story of its own, its frequencies
    // counted over the whole block first so that no document's weights depend on where
    // it stands in the block.
    let mut scratch = Clusterer::new(ClusterConfig {
        fold_after: 0,
        max_candidates: UNDATED_CANDIDATES,
        query_terms: config.query_terms.max(UNDATED_CANDIDATES),
        ..config.clone()
    });
    let prepared: Vec<_> = docs.iter().map(|d| scratch.prepare(d)).collect();
    for p in &prepared {
        scratch.observe(p);
    }
    let mut scored: Vec<(usize, usize, Features)> = Vec::new();
    for (i, p) in prepared.iter().enumerate() {
        for (s, features) in scratch.candidates_then_open(p) {
            if s < i {
                scored.push((s, i, features));
            }
        }
    }
    let background = backgrounds(n, &scored, config.undated_background);
    let mut sums: FxHashMap<(usize, usize), f64> = FxHashMap::default();
    for (s, i, features) in scored {
        let mut z = model.log_odds(&features);
        if config.undated_background > 0 {
            let around = background.get(s).copied().unwrap_or(0.0)
                + background.get(i).copied().unwrap_or(0.0);
            z += config.undated_contrast * (text(&features) - around / 2.0);
        }
        sums.insert((s, i), learn::logistic(z));
    }
    average_link(n, sums, config.undated_link)
}

/// The text similarity (cosine with a story of one) of a scored pair.
fn text(features: &Features) -> f64 {
    let at = FEATURES
        .iter()
        .position(|f| *f == "text")
        .unwrap_or(usize::MAX);
    features.get(at).copied().unwrap_or(0.0)
}

/// Each document's background similarity: the `rank`-th highest text similarity among the
/// pairs scored with it (either side), 0 when it has fewer (or `rank` is 0).
fn backgrounds(n: usize, scored: &[(usize, usize, Features)], rank: usize) -> Vec<f64> {
    let mut near: Vec<Vec<f64>> = vec![Vec::new(); n];
    for (s, i, features) in scored {
        for d in [s, i] {
            if let Some(v) = near.get_mut(*d) {
                v.push(text(features));
            }
        }
    }
    near.into_iter()
        .map(|mut v| {
            v.sort_by(|x, y| y.total_cmp(x));
            rank.checked_sub(1)
                .and_then(|r| v.get(r))
                .copied()
                .unwrap_or(0.0)
        })
        .collect()
}

/// A candidate merge in the queue: mean link, the two groups, and their sizes when it was
/// computed (a stale entry has other sizes).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Merge {
    mean: f64,
    a: usize,
    b: usize,
    sizes: (usize, usize),
}

impl Eq for Merge {}

impl Ord for Merge {
    fn cmp(&self, other: &Self) -> Ordering {
        self.mean
            .total_cmp(&other.mean)
            .then_with(|| other.a.cmp(&self.a))
            .then_with(|| other.b.cmp(&self.b))
    }
}

impl PartialOrd for Merge {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Average-link agglomeration over sparse pair scores (absent pairs score 0): merges the
/// two groups of highest mean score while it is at least `cut`. Deterministic: ties go to
/// the lower indices.
fn average_link(n: usize, pairs: FxHashMap<(usize, usize), f64>, cut: f64) -> Vec<Vec<usize>> {
    // Group id = its lowest member; links[g] = the summed scores with each other group.
    let mut links: Vec<FxHashMap<usize, f64>> = vec![FxHashMap::default(); n];
    for (&(a, b), &p) in &pairs {
        if let Some(l) = links.get_mut(a) {
            l.insert(b, p);
        }
        if let Some(l) = links.get_mut(b) {
            l.insert(a, p);
        }
    }
    let mut members: Vec<Vec<usize>> = (0..n).map(|i| vec![i]).collect();
    let mut heap = BinaryHeap::new();
    let size = |members: &[Vec<usize>], g: usize| members.get(g).map_or(0, Vec::len);
    let mut entries: Vec<(usize, usize, f64)> =
        pairs.iter().map(|(&(a, b), &p)| (a, b, p)).collect();
    entries.sort_by_key(|x| (x.0, x.1));
    for (a, b, p) in entries {
        if p >= cut {
            heap.push(Merge {
                mean: p,
                a,
                b,
                sizes: (1, 1),
            });
        }
    }
    while let Some(m) = heap.pop() {
        if m.mean < cut {
            break;
        }
        let sizes = (size(&members, m.a), size(&members, m.b));
        if sizes != m.sizes || sizes.0 == 0 || sizes.1 == 0 {
            continue;
        }
        let (keep, gone) = (m.a.min(m.b), m.a.max(m.b));
        let moved = members
            .get_mut(gone)
            .map(std::mem::take)
            .unwrap_or_default();
        if let Some(k) = members.get_mut(keep) {
            k.extend(moved);
        }
        let gone_links = links.get_mut(gone).map(std::mem::take).unwrap_or_default();
        let mut keep_links = links.get_mut(keep).map(std::mem::take).unwrap_or_default();
        keep_links.remove(&gone);
        for (other, s) in gone_links {
            if other != keep {
                *keep_links.entry(other).or_default() += s;
            }
        }
        let keep_size = size(&members, keep);
        let mut others: Vec<(usize, f64)> = keep_links.iter().map(|(&o, &s)| (o, s)).collect();
        others.sort_by_key(|x| x.0);
        for (other, s) in others {
            if let Some(l) = links.get_mut(other) {
                l.remove(&gone);
                l.insert(keep, s);
            }
            let other_size = size(&members, other);
            let mean = s / (keep_size * other_size).max(1) as f64;
            if mean >= cut {
                let (a, b) = (keep.min(other), keep.max(other));
                let sizes = if a == keep {
                    (keep_size, other_size)
                } else {
                    (other_size, keep_size)
                };
                heap.push(Merge { mean, a, b, sizes });
            }
        }
        if let Some(l) = links.get_mut(keep) {
            *l = keep_links;
        }
    }
    let mut groups: Vec<Vec<usize>> = members.into_iter().filter(|m| !m.is_empty()).collect();
    for g in &mut groups {
        g.sort_unstable();
    }
    groups.sort_by_key(|g| g.first().copied());
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(usize, usize, f64)]) -> FxHashMap<(usize, usize), f64> {
        list.iter().map(|&(a, b, p)| ((a, b), p)).collect()
    }

    #[test]
    fn average_link_merges_while_the_mean_of_all_pairs_reaches_the_cut() {
        // 0-1 and 1-2 are close, 0-2 unscored: {0,1} then 2 joins at mean (0 + 0.9) / 2.
        let p = pairs(&[(0, 1, 0.9), (1, 2, 0.9), (3, 4, 0.6)]);
        assert_eq!(
            average_link(5, p.clone(), 0.4),
            vec![vec![0, 1, 2], vec![3, 4]]
        );
        assert_eq!(
            average_link(5, p.clone(), 0.5),
            vec![vec![0, 1], vec![2], vec![3, 4]]
        );
        assert_eq!(
            average_link(5, p, 0.95),
            vec![vec![0], vec![1], vec![2], vec![3], vec![4]]
        );
    }

    #[test]
    fn a_background_is_the_rank_th_closest_pair_on_either_side() {
        let row = |text: f64| {
            let mut f: Features = [0.0; FEATURES.len()];
            let at = FEATURES.iter().position(|f| *f == "text").unwrap();
            f[at] = text;
            f
        };
        // Document 1 is in three pairs (0.9, 0.5, 0.2), document 3 in one.
        let scored = vec![(0, 1, row(0.9)), (1, 2, row(0.5)), (1, 3, row(0.2))];
        assert_eq!(backgrounds(4, &scored, 2), vec![0.0, 0.5, 0.0, 0.0]);
        assert_eq!(backgrounds(4, &scored, 1), vec![0.9, 0.9, 0.5, 0.2]);
        assert_eq!(backgrounds(4, &scored, 0), vec![0.0; 4]);
    }

    #[test]
    fn a_chain_does_not_pull_far_ends_together() {
        // A chain of strong links: average link stops once the ends weigh in.
        let p = pairs(&[
            (0, 1, 0.9),
            (1, 2, 0.9),
            (2, 3, 0.9),
            (3, 4, 0.9),
            (4, 5, 0.9),
        ]);
        let groups = average_link(6, p, 0.5);
        assert!(groups.len() >= 2, "{groups:?}");
    }
}
