//! Whether a document joins a story: a logistic model over a handful of evidence signals.
//!
//! Each signal of a (document, story) pair is a number in a [`Features`] row: how alike
//! their words, names and titles are, which entities they share, how far apart in time
//! they are, and, for undated pairs, whether their years or main names disagree. The model
//! weighs them into the probability that the document reports the story's event:
//! `p = 1 / (1 + exp(-(w · features)))`. The weights are learned on the training splits
//! of labelled clusters (`cargo run --release -p eval --example train_join`) and kept in
//! `join.tsv` (feature name, weight); nothing here is tuned by hand. Because the output is
//! a probability, the threshold has a meaning: 0.5 joins a story when joining is more
//! likely right than wrong.

/// The names of the signals, in the order of a [`Features`] row (and of `join.tsv`).
pub const FEATURES: [&str; 17] = [
    // Always 1: the intercept.
    "bias",
    // Cosine of the document's TF-IDF vector with the story's centroid.
    "text",
    // Square root of `text`: most of the evidence lies in the first few tenths.
    "text_sqrt",
    // Cosine of the likely names (capitalised words inside sentences).
    "names",
    // IDF-weighted share of the document's title terms found in the story's titles.
    "title",
    // Share of the document's entities that the story mentions.
    "entities",
    // 1 when the document or the story has no publication date.
    "undated",
    // `text` when undated: without time, words must carry more of the evidence.
    "text_undated",
    // `names` when undated.
    "names_undated",
    // 1 when undated and both mention years (1900-2099) but none in common.
    "years_disjoint",
    // The main-name conflict when undated (see `Clusterer::conflict`), 0 to 1.
    "conflict",
    // 1 when both are dated on the same day as one of the story's dated members.
    "same_day",
    // Days from the story's dated range, over the window, when both are dated.
    "gap_range",
    // Days from the mean date of the story's dated members over seven (capped at two),
    // when both are dated: a storyline that drifts day by day is not one event.
    "gap_mean",
    // `text` times `gap_range`: days apart weigh less when the words agree closely.
    "text_gap",
    // The mean cosine of the document with the story's members one by one (the
    // similarity of average-link clustering): the dot product with the sum of their
    // vectors over their number. Unlike `text`, a story whose members scatter scores low.
    "mean_link",
    // How many days the story would span with the document, over seven (capped at
    // two), when both are dated: one event's reports come within days.
    "span",
];

/// One (document, story) pair's signals, ordered as [`FEATURES`].
pub type Features = [f64; FEATURES.len()];

/// The learned weights.
const WEIGHTS: &str = include_str!("join.tsv");

/// A logistic model over [`Features`].
#[derive(Debug, Clone, PartialEq)]
pub struct JoinModel {
    weights: Features,
}

impl Default for JoinModel {
    /// The model learned on the training splits (`join.tsv`).
    fn default() -> Self {
        // The file is part of the source and its parse is checked by a unit test, so a
        // line that does not parse can only come from an edit; it reads as weight 0.
        let mut weights = [0.0; FEATURES.len()];
        for line in WEIGHTS.lines() {
            let mut parts = line.split('\t');
            let (Some(name), Some(value)) = (parts.next(), parts.next()) else {
                continue;
            };
            let Some(i) = FEATURES.iter().position(|f| *f == name) else {
                continue;
            };
            if let (Some(slot), Ok(w)) = (weights.get_mut(i), value.trim().parse::<f64>()) {
                *slot = w;
            }
        }
        JoinModel { weights }
    }
}

impl JoinModel {
    /// A model with the given weights (ordered as [`FEATURES`]).
    pub fn new(weights: Features) -> Self {
        JoinModel { weights }
    }

    /// The weights, ordered as [`FEATURES`].
    pub fn weights(&self) -> &Features {
        &self.weights
    }

    /// The probability that the pair belongs together.
    pub fn probability(&self, features: &Features) -> f64 {
        let z: f64 = self.weights.iter().zip(features).map(|(w, x)| w * x).sum();
        logistic(z)
    }

    /// The weights as `join.tsv` holds them.
    pub fn to_tsv(&self) -> String {
        FEATURES
            .iter()
            .zip(&self.weights)
            .map(|(name, w)| format!("{name}\t{w:.6}\n"))
            .collect()
    }
}

/// The logistic function, safe for any input.
pub fn logistic(z: f64) -> f64 {
    if z >= 0.0 {
        1.0 / (1.0 + (-z).exp())
    } else {
        let e = z.exp();
        e / (1.0 + e)
    }
}

/// Fits a logistic model to labelled rows by Newton's method with an L2 penalty
/// `lambda` on every weight but the bias. Rows are (features, joined?, weight). Returns
/// the weights after at most `rounds` steps (fewer when the step no longer moves them).
pub fn fit(rows: &[(Features, bool, f64)], lambda: f64, rounds: usize) -> Features {
    const K: usize = FEATURES.len();
    let mut w = [0.0; K];
    for _ in 0..rounds {
        let mut grad = [0.0; K];
        let mut hess = [[0.0; K]; K];
        for (x, y, weight) in rows {
            let p = logistic(w.iter().zip(x).map(|(a, b)| a * b).sum());
            let err = p - if *y { 1.0 } else { 0.0 };
            let curv = (p * (1.0 - p)).max(1e-9);
            for i in 0..K {
                grad[i] += weight * err * x[i];
                for j in 0..K {
                    hess[i][j] += weight * curv * x[i] * x[j];
                }
            }
        }
        for i in 1..K {
            grad[i] += lambda * w[i];
            hess[i][i] += lambda;
        }
        hess[0][0] += 1e-9;
        let Some(step) = solve(hess, grad) else { break };
        let mut moved = 0.0f64;
        for i in 0..K {
            w[i] -= step[i];
            moved = moved.max(step[i].abs());
        }
        if moved < 1e-7 {
            break;
        }
    }
    w
}

/// Solves `a x = b` by Gaussian elimination with partial pivoting; `None` when `a` is
/// singular.
#[allow(clippy::needless_range_loop)]
fn solve<const K: usize>(mut a: [[f64; K]; K], mut b: [f64; K]) -> Option<[f64; K]> {
    for col in 0..K {
        let pivot = (col..K).max_by(|&i, &j| a[i][col].abs().total_cmp(&a[j][col].abs()))?;
        if a[pivot][col].abs() < 1e-12 {
            return None;
        }
        a.swap(col, pivot);
        b.swap(col, pivot);
        for row in col + 1..K {
            let f = a[row][col] / a[col][col];
            for k in col..K {
                a[row][k] -= f * a[col][k];
            }
            b[row] -= f * b[col];
        }
    }
    let mut x = [0.0; K];
    for row in (0..K).rev() {
        let s: f64 = (row + 1..K).map(|k| a[row][k] * x[k]).sum();
        x[row] = (b[row] - s) / a[row][row];
    }
    Some(x)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_feature_has_a_weight_in_the_file() {
        let names: Vec<&str> = WEIGHTS
            .lines()
            .filter_map(|l| l.split('\t').next())
            .collect();
        assert_eq!(names, FEATURES.to_vec());
        for line in WEIGHTS.lines() {
            let w = line.split('\t').nth(1).map(|v| v.trim().parse::<f64>());
            assert!(matches!(w, Some(Ok(x)) if x.is_finite()), "{line}");
        }
    }

    #[test]
    fn fitting_recovers_a_separating_signal() {
        let mut rows = Vec::new();
        for i in 0..200 {
            let mut x = [0.0; FEATURES.len()];
            x[0] = 1.0;
            x[1] = (i % 20) as f64 / 20.0;
            rows.push((x, x[1] > 0.5, 1.0));
        }
        let w = fit(&rows, 0.01, 50);
        let model = JoinModel::new(w);
        let mut low = [0.0; FEATURES.len()];
        low[0] = 1.0;
        low[1] = 0.1;
        let mut high = low;
        high[1] = 0.9;
        assert!(model.probability(&low) < 0.2);
        assert!(model.probability(&high) > 0.8);
        let back = model.to_tsv();
        assert!(back.starts_with("bias\t"));
    }

    #[test]
    fn logistic_is_safe_at_the_extremes() {
        assert_eq!(logistic(0.0), 0.5);
        assert!(logistic(1e6) <= 1.0 && logistic(-1e6) >= 0.0);
        assert!(logistic(f64::MAX).is_finite() && logistic(f64::MIN).is_finite());
    }
}
