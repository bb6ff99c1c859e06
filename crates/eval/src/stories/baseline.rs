//! The batch baseline Chorus's stories are compared with: TF-IDF vectors and average-link
//! agglomerative clustering over the whole split at once.
//!
//! Terms are [`text::terms`] of the title and text; weights are sublinear
//! (`1 + ln tf`) times the smoothed idf of the split's documents
//! (`1 + ln((1 + N) / (1 + df))`), L2-normalised, compared by cosine. Two documents both dated more than the given
//! number of days apart are at distance 1 (cosine 0). The dendrogram is built once (the
//! nearest-neighbour chain, exact for average link, O(n²) time and memory) and cut at any
//! cosine threshold: clusters whose average cosine is at least the threshold are merged.

use std::collections::HashMap;

use super::Doc;
use crate::b_cubed;

/// The thresholds [`Dendrogram::tune`] tries: cosines 0.01 to 0.99 by 0.01.
pub fn grid() -> impl Iterator<Item = f64> {
    (1..100).map(|i| f64::from(i) / 100.0)
}

/// The merges of average-link clustering, by increasing distance.
#[derive(Debug, Clone)]
pub struct Dendrogram {
    n: usize,
    /// Two documents of the merged clusters and the clusters' average distance.
    merges: Vec<(usize, usize, f64)>,
}

impl Dendrogram {
    /// Builds the dendrogram of `docs`; pairs dated more than `max_days` apart cannot link.
    pub fn build(docs: &[Doc], max_days: i64) -> Self {
        let n = docs.len();
        let similarity = cosines(docs);
        let mut dist = vec![0.0f64; n * n];
        for i in 0..n {
            for j in i + 1..n {
                let apart = match (docs[i].published, docs[j].published) {
                    (Some(a), Some(b)) => (a - b).num_days().abs() > max_days,
                    _ => false,
                };
                // One value for both halves, so the matrix is exactly symmetric (the two
                // sums of products may differ in the last bit).
                let d = if apart {
                    1.0
                } else {
                    (1.0 - similarity[i * n + j]).clamp(0.0, 1.0)
                };
                dist[i * n + j] = d;
                dist[j * n + i] = d;
            }
        }
        Dendrogram {
            n,
            merges: average_link(n, dist),
        }
    }

    /// The cluster of each document when clusters with an average cosine of at least
    /// `threshold` are merged, numbered by their first document.
    pub fn cut(&self, threshold: f64) -> Vec<usize> {
        let mut parent: Vec<usize> = (0..self.n).collect();
        fn root(parent: &mut [usize], mut i: usize) -> usize {
            while parent[i] != i {
                parent[i] = parent[parent[i]];
                i = parent[i];
            }
            i
        }
        let max_distance = 1.0 - threshold + 1e-12;
        for &(a, b, d) in &self.merges {
            if d > max_distance {
                break;
            }
            let (ra, rb) = (root(&mut parent, a), root(&mut parent, b));
            parent[ra.max(rb)] = ra.min(rb);
        }
        (0..self.n).map(|i| root(&mut parent, i)).collect()
    }

    /// The threshold of [`grid`] with the best B³ F1 against `gold` (the lowest of equal
    /// ones), with that F1.
    pub fn tune(&self, gold: &[usize]) -> (f64, f64) {
        let mut best = (0.5, -1.0);
        for t in grid() {
            let f1 = b_cubed(&self.cut(t), gold).f1;
            if f1 > best.1 {
                best = (t, f1);
            }
        }
        best
    }
}

/// The cosine of every pair of documents' TF-IDF vectors, as an n × n matrix.
fn cosines(docs: &[Doc]) -> Vec<f64> {
    let n = docs.len();
    let mut vocabulary: HashMap<String, usize> = HashMap::new();
    let counts: Vec<Vec<(usize, f64)>> = docs
        .iter()
        .map(|d| {
            let mut text = d.title.clone().unwrap_or_default();
            text.push('\n');
            text.push_str(&d.text);
            let mut tf: HashMap<usize, f64> = HashMap::new();
            for term in text::terms(&text) {
                let next = vocabulary.len();
                *tf.entry(*vocabulary.entry(term).or_insert(next))
                    .or_default() += 1.0;
            }
            let mut v: Vec<(usize, f64)> = tf.into_iter().collect();
            v.sort_unstable_by_key(|&(t, _)| t);
            v
        })
        .collect();
    let mut df = vec![0usize; vocabulary.len()];
    for v in &counts {
        for &(t, _) in v {
            df[t] += 1;
        }
    }
    let idf: Vec<f64> = df
        .iter()
        .map(|&k| ((1.0 + n as f64) / (1.0 + k as f64)).ln() + 1.0)
        .collect();
    // Postings: for each term, the documents holding it with their normalised weights.
    let mut postings: Vec<Vec<(usize, f64)>> = vec![Vec::new(); vocabulary.len()];
    let mut vectors = Vec::with_capacity(n);
    for (i, v) in counts.iter().enumerate() {
        let weighted: Vec<(usize, f64)> = v
            .iter()
            .map(|&(t, tf)| (t, (1.0 + tf.ln()) * idf[t]))
            .collect();
        let norm = weighted.iter().map(|(_, w)| w * w).sum::<f64>().sqrt();
        let normalised: Vec<(usize, f64)> = weighted
            .into_iter()
            .map(|(t, w)| (t, if norm > 0.0 { w / norm } else { 0.0 }))
            .collect();
        for &(t, w) in &normalised {
            postings[t].push((i, w));
        }
        vectors.push(normalised);
    }
    let mut sim = vec![0.0f64; n * n];
    for (i, v) in vectors.iter().enumerate() {
        let row = &mut sim[i * n..(i + 1) * n];
        for &(t, w) in v {
            for &(j, wj) in &postings[t] {
                row[j] += w * wj;
            }
        }
    }
    sim
}

/// Average-link agglomerative clustering of `n` items with the symmetric distance
/// matrix `dist` (row-major, overwritten), by the nearest-neighbour chain. Returns the
/// merges as (a member of one cluster, a member of the other, distance), sorted by
/// distance (stably, so equal distances keep the order they were found in).
fn average_link(n: usize, mut dist: Vec<f64>) -> Vec<(usize, usize, f64)> {
    let mut size = vec![1usize; n];
    let mut active: Vec<usize> = (0..n).collect();
    let mut merges = Vec::with_capacity(n.saturating_sub(1));
    let mut chain: Vec<usize> = Vec::new();
    while active.len() > 1 {
        if chain.is_empty() {
            chain.push(active[0]);
        }
        let (a, b, d) = loop {
            let a = chain[chain.len() - 1];
            let previous = chain.len().checked_sub(2).map(|i| chain[i]);
            let mut best = previous;
            let mut best_d = previous.map_or(f64::INFINITY, |p| dist[a * n + p]);
            for &j in &active {
                if j != a && dist[a * n + j] < best_d {
                    best = Some(j);
                    best_d = dist[a * n + j];
                }
            }
            let Some(b) = best else {
                // Unreachable with two or more active items; stop rather than loop.
                return sorted(merges);
            };
            if Some(b) == previous {
                chain.truncate(chain.len() - 2);
                break (a, b, best_d);
            }
            if chain.len() > active.len() {
                // Only a matrix that is not a proper distance could cycle; merge the two
                // rather than loop.
                chain.clear();
                break (a, b, best_d);
            }
            chain.push(b);
        };
        let (keep, gone) = (a.min(b), a.max(b));
        let (sk, sg) = (size[keep] as f64, size[gone] as f64);
        for &k in &active {
            if k == keep || k == gone {
                continue;
            }
            let merged = (sk * dist[keep * n + k] + sg * dist[gone * n + k]) / (sk + sg);
            dist[keep * n + k] = merged;
            dist[k * n + keep] = merged;
        }
        size[keep] += size[gone];
        active.retain(|&k| k != gone);
        merges.push((keep, gone, d));
    }
    sorted(merges)
}

fn sorted(mut merges: Vec<(usize, usize, f64)>) -> Vec<(usize, usize, f64)> {
    merges.sort_by(|x, y| x.2.total_cmp(&y.2));
    merges
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn doc(id: &str, gold: &str, text: &str, day: Option<u32>) -> Doc {
        Doc {
            id: id.to_string(),
            title: None,
            text: text.to_string(),
            published: day.and_then(|d| NaiveDate::from_ymd_opt(2020, 5, d)),
            gold: gold.to_string(),
            group: gold.to_string(),
            dev_hint: None,
        }
    }

    fn two_topics(days: [Option<u32>; 5]) -> Vec<Doc> {
        vec![
            doc(
                "1",
                "quake",
                "Earthquake shakes coastal city, buildings collapse, rescuers search rubble",
                days[0],
            ),
            doc(
                "2",
                "vote",
                "Senate votes on the budget bill after a long debate over taxes",
                days[1],
            ),
            doc(
                "3",
                "quake",
                "Rescuers search collapsed buildings after the earthquake in the coastal city",
                days[2],
            ),
            doc(
                "4",
                "vote",
                "The budget bill passes the Senate vote; taxes debate ends",
                days[3],
            ),
            doc(
                "5",
                "quake",
                "Coastal city earthquake: rubble, rescuers and collapsed buildings",
                days[4],
            ),
        ]
    }

    #[test]
    fn two_obvious_clusters_are_found() {
        let docs = two_topics([None; 5]);
        let tree = Dendrogram::build(&docs, 3);
        assert_eq!(tree.merges.len(), 4);
        let gold = super::super::gold_labels(&docs);
        let (threshold, f1) = tree.tune(&gold);
        assert_eq!(f1, 1.0, "threshold {threshold}");
        let labels = tree.cut(threshold);
        assert_eq!(labels, vec![0, 1, 0, 1, 0]);
        // The merges come by increasing distance, and the extremes cut as expected.
        assert!(tree.merges.windows(2).all(|w| w[0].2 <= w[1].2));
        assert_eq!(tree.cut(1.0), vec![0, 1, 2, 3, 4]);
        assert_eq!(tree.cut(-1.0), vec![0; 5]);
    }

    #[test]
    fn documents_far_apart_in_time_do_not_link() {
        let docs = two_topics([Some(1), Some(1), Some(2), Some(20), Some(25)]);
        let tree = Dendrogram::build(&docs, 3);
        let labels = tree.cut(0.05);
        // The quake reports of days 1 and 2 join; day 25's is too late for them.
        assert_eq!(labels[0], labels[2]);
        assert_ne!(labels[4], labels[0]);
        assert_ne!(labels[1], labels[3]);
    }

    #[test]
    fn average_link_matches_a_hand_computation() {
        // Items on a line at 0, 1, 5 and 6: {0,1} and {5,6} at 1, then the two at the
        // average of 5, 6, 4 and 5 = 5.
        let points = [0.0f64, 1.0, 5.0, 6.0];
        let dist: Vec<f64> = points
            .iter()
            .flat_map(|a| points.iter().map(move |b| (a - b).abs()))
            .collect();
        let merges = average_link(4, dist);
        let heights: Vec<f64> = merges.iter().map(|m| m.2).collect();
        assert_eq!(heights, vec![1.0, 1.0, 5.0]);
    }
}
