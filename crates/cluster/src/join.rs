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

/// Whether a pair's signals say both sides are dated and the document shares no day with
/// the story's dated members.
pub(crate) fn across_days(features: &Features) -> bool {
    let at = |name: &str| FEATURES.iter().position(|f| *f == name);
    let value = |name: &str| at(name).and_then(|i| features.get(i)).copied();
    value("undated") == Some(0.0) && value("same_day") == Some(0.0)
}

/// One (document, story) pair's signals, ordered as [`FEATURES`].
pub type Features = [f64; FEATURES.len()];

/// The learned weights.
const WEIGHTS: &str = include_str!("join.tsv");

/// A logistic model over [`Features`].
#[derive(Debug, Clone, PartialEq)]
pub struct JoinModel {
    model: learn::Logistic,
}

impl Default for JoinModel {
    /// The model learned on the training splits (`join.tsv`). The file is part of the
    /// source and its parse is checked by a unit test, so a line that does not parse can
    /// only come from an edit; it reads as weight 0.
    fn default() -> Self {
        JoinModel {
            model: learn::Logistic::from_tsv(&FEATURES, WEIGHTS),
        }
    }
}

impl JoinModel {
    /// A model with the given weights (ordered as [`FEATURES`]).
    pub fn new(weights: Features) -> Self {
        JoinModel {
            model: learn::Logistic::new(weights.to_vec()),
        }
    }

    /// The weights, ordered as [`FEATURES`].
    pub fn weights(&self) -> &[f64] {
        self.model.weights()
    }

    /// The probability that the pair belongs together.
    pub fn probability(&self, features: &Features) -> f64 {
        self.model.probability(features)
    }

    /// The log-odds that the pair belongs together (`probability` before the logistic).
    pub fn log_odds(&self, features: &Features) -> f64 {
        self.model.score(features)
    }

    /// The weights as `join.tsv` holds them.
    pub fn to_tsv(&self) -> String {
        self.model.to_tsv(&FEATURES)
    }
}

/// Fits the join model to labelled rows (features, joined?, weight) by
/// [`learn::fit`]: Newton's method with an L2 penalty `lambda` on every weight but the
/// bias, at most `rounds` steps.
pub fn fit(rows: &[(Features, bool, f64)], lambda: f64, rounds: usize) -> Features {
    let view: Vec<learn::Row<'_>> = rows.iter().map(|(x, y, w)| (&x[..], *y, *w)).collect();
    let mut out = [0.0; FEATURES.len()];
    for (slot, w) in out.iter_mut().zip(learn::fit(&view, lambda, rounds)) {
        *slot = w;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_feature_has_a_weight_in_the_file() {
        assert_eq!(learn::check_tsv(&FEATURES, WEIGHTS), Ok(()));
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
}
