//! Small learned scorers shared by the pipeline stages.
//!
//! A stage that decides something from a handful of evidence signals (whether a document
//! joins a story, whether a quote and its speaker are right) weighs them with a
//! [`Logistic`] model: `p = 1 / (1 + exp(-(w · x)))`. Its weights are fitted by [`fit`]
//! on a training split (by an `eval` example) and kept beside the stage's source as a
//! weight file (one `name<TAB>weight` line per feature, [`Logistic::to_tsv`]), read at
//! compile time. [`calibration_error`] checks on another split that the probabilities
//! mean what they say.
//!
//! Everything here is pure and deterministic: no I/O, no clock, no randomness.

/// A logistic model over a fixed list of named features.
#[derive(Debug, Clone, PartialEq)]
pub struct Logistic {
    weights: Vec<f64>,
}

impl Logistic {
    /// A model with the given weights, one per feature.
    pub fn new(weights: Vec<f64>) -> Self {
        Logistic { weights }
    }

    /// Reads a weight file for the features `names`: each line `name<TAB>weight`. A
    /// feature the file does not name, or whose weight does not parse, weighs 0; lines
    /// naming no feature (comments, retired features) are ignored.
    pub fn from_tsv(names: &[&str], tsv: &str) -> Self {
        let mut weights = vec![0.0; names.len()];
        for line in tsv.lines() {
            let mut parts = line.split('\t');
            let (Some(name), Some(value)) = (parts.next(), parts.next()) else {
                continue;
            };
            let Some(i) = names.iter().position(|f| *f == name) else {
                continue;
            };
            if let Ok(w) = value.trim().parse::<f64>() {
                weights[i] = w;
            }
        }
        Logistic { weights }
    }

    /// The weights, in feature order.
    pub fn weights(&self) -> &[f64] {
        &self.weights
    }

    /// The linear score `w · x` of one row of features (the log-odds); features beyond
    /// the weights (or weights beyond the features) count as 0. As a ranker's score, a
    /// softmax over the scores of a set's items gives each item's share.
    pub fn score(&self, features: &[f64]) -> f64 {
        self.weights.iter().zip(features).map(|(w, x)| w * x).sum()
    }

    /// The probability of the positive class for one row of features. Features beyond
    /// the weights (or weights beyond the features) count as 0.
    pub fn probability(&self, features: &[f64]) -> f64 {
        logistic(self.score(features))
    }

    /// Used as a ranker: the index of the row with the highest [`Logistic::score`]
    /// among a set's rows (the first on a tie) and its share of the set's probability,
    /// the softmax of its score over all of theirs. `None` for no rows.
    pub fn best<'r>(&self, rows: impl IntoIterator<Item = &'r [f64]>) -> Option<(usize, f64)> {
        let scores: Vec<f64> = rows.into_iter().map(|x| self.score(x)).collect();
        let mut top: Option<(usize, f64)> = None;
        for (i, &z) in scores.iter().enumerate() {
            if top.is_none_or(|(_, best)| z > best) {
                top = Some((i, z));
            }
        }
        let (i, z) = top?;
        let total: f64 = scores.iter().map(|s| (s - z).exp()).sum();
        Some((i, 1.0 / total))
    }

    /// The weights as a weight file for the features `names`.
    pub fn to_tsv(&self, names: &[&str]) -> String {
        names
            .iter()
            .zip(&self.weights)
            .map(|(name, w)| format!("{name}\t{w:.6}\n"))
            .collect()
    }
}

/// Checks a weight file against the features `names`: outside comment lines (`#`), one
/// line per feature, in order, each with a finite weight. The error names the first
/// problem. Weight files are part of the source; each owner's test calls this.
pub fn check_tsv(names: &[&str], tsv: &str) -> Result<(), String> {
    let lines: Vec<&str> = tsv.lines().filter(|l| !l.starts_with('#')).collect();
    if lines.len() != names.len() {
        return Err(format!(
            "{} weight lines for {} features",
            lines.len(),
            names.len()
        ));
    }
    for (line, name) in lines.iter().zip(names) {
        let mut parts = line.split('\t');
        if parts.next() != Some(*name) {
            return Err(format!("expected feature {name:?}, found line {line:?}"));
        }
        let weight = parts.next().map(|v| v.trim().parse::<f64>());
        if !matches!(weight, Some(Ok(w)) if w.is_finite()) {
            return Err(format!("no finite weight on line {line:?}"));
        }
    }
    Ok(())
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

/// One labelled training row: the features, the label, and the row's weight.
pub type Row<'a> = (&'a [f64], bool, f64);

/// Fits a logistic model to labelled rows by Newton's method with an L2 penalty `lambda`
/// on every weight but the first (the bias: a feature that is always 1). Returns the
/// weights after at most `rounds` steps (fewer once a step no longer moves them). Rows
/// shorter than the longest count their missing features as 0.
pub fn fit(rows: &[Row<'_>], lambda: f64, rounds: usize) -> Vec<f64> {
    let k = rows.iter().map(|(x, ..)| x.len()).max().unwrap_or(0);
    let mut w = vec![0.0; k];
    if k == 0 {
        return w;
    }
    for _ in 0..rounds {
        let mut grad = vec![0.0; k];
        let mut hess = vec![vec![0.0; k]; k];
        for (x, y, weight) in rows {
            let p = logistic(w.iter().zip(x.iter()).map(|(a, b)| a * b).sum());
            let err = p - if *y { 1.0 } else { 0.0 };
            let curv = (p * (1.0 - p)).max(1e-9);
            for (i, xi) in x.iter().enumerate() {
                grad[i] += weight * err * xi;
                for (j, xj) in x.iter().enumerate() {
                    hess[i][j] += weight * curv * xi * xj;
                }
            }
        }
        for i in 1..k {
            grad[i] += lambda * w[i];
            hess[i][i] += lambda;
        }
        // A feature no row sets would leave the system singular.
        for (i, row) in hess.iter_mut().enumerate() {
            row[i] += 1e-9;
        }
        let Some(step) = solve(hess, grad) else { break };
        let mut moved = 0.0f64;
        for (wi, si) in w.iter_mut().zip(&step) {
            *wi -= si;
            moved = moved.max(si.abs());
        }
        if moved < 1e-7 {
            break;
        }
    }
    w
}

/// One set of rows to rank for [`fit_ranker`]: the rows, which of them is right, and the
/// set's weight.
pub type RankSet<'a> = (Vec<&'a [f64]>, usize, f64);

/// Fits a ranker (a conditional logit): a linear score without bias under which the
/// right row of each set outscores the others. Each set with two or more rows gives, for
/// every other row, the difference between the right row's features and that row's,
/// both ways round, labelled by which way; the pairs of a set share its weight. Returns
/// one weight per feature, for [`Logistic::best`].
pub fn fit_ranker(sets: &[RankSet<'_>], lambda: f64, rounds: usize) -> Vec<f64> {
    let k = sets
        .iter()
        .flat_map(|(rows, ..)| rows.iter().map(|r| r.len()))
        .max()
        .unwrap_or(0);
    let mut pairs: Vec<(Vec<f64>, bool, f64)> = Vec::new();
    for (rows, right, weight) in sets {
        let Some(gold) = rows.get(*right) else {
            continue;
        };
        let others = rows.len().saturating_sub(1).max(1) as f64;
        for (j, other) in rows.iter().enumerate() {
            if j == *right {
                continue;
            }
            // `fit` leaves its first weight unpenalised, as a bias; a ranker has none,
            // so a constant 0 column stands first and is dropped after.
            let at = |r: &[f64], i: usize| r.get(i).copied().unwrap_or(0.0);
            let d: Vec<f64> = std::iter::once(0.0)
                .chain((0..k).map(|i| at(gold, i) - at(other, i)))
                .collect();
            pairs.push((d.iter().map(|x| -x).collect(), false, weight / others));
            pairs.push((d, true, weight / others));
        }
    }
    let rows: Vec<Row<'_>> = pairs
        .iter()
        .map(|(d, y, w)| (d.as_slice(), *y, *w))
        .collect();
    let mut w: Vec<f64> = fit(&rows, lambda, rounds).into_iter().skip(1).collect();
    w.resize(k, 0.0);
    w
}

/// Solves `a x = b` by Gaussian elimination with partial pivoting; `None` when `a` is
/// singular.
#[allow(clippy::needless_range_loop)]
fn solve(mut a: Vec<Vec<f64>>, mut b: Vec<f64>) -> Option<Vec<f64>> {
    let k = b.len();
    for col in 0..k {
        let pivot = (col..k).max_by(|&i, &j| a[i][col].abs().total_cmp(&a[j][col].abs()))?;
        if a[pivot][col].abs() < 1e-12 {
            return None;
        }
        a.swap(col, pivot);
        b.swap(col, pivot);
        for row in col + 1..k {
            let f = a[row][col] / a[col][col];
            for c in col..k {
                a[row][c] -= f * a[col][c];
            }
            b[row] -= f * b[col];
        }
    }
    let mut x = vec![0.0; k];
    for row in (0..k).rev() {
        let s: f64 = (row + 1..k).map(|c| a[row][c] * x[c]).sum();
        x[row] = (b[row] - s) / a[row][row];
    }
    Some(x)
}

/// The expected calibration error of probabilities against outcomes over `bins` equal
/// bins of [0, 1]: the mean, weighted by each bin's share of the items, of the gap
/// between the bin's mean probability and its share of true outcomes. 0 for no items.
pub fn calibration_error(items: &[(f64, bool)], bins: usize) -> f64 {
    let bins = bins.max(1);
    let mut sum_p = vec![0.0; bins];
    let mut hits = vec![0.0; bins];
    let mut count = vec![0usize; bins];
    for &(p, y) in items {
        let p = if p.is_finite() {
            p.clamp(0.0, 1.0)
        } else {
            0.0
        };
        let b = ((p * bins as f64) as usize).min(bins - 1);
        sum_p[b] += p;
        hits[b] += if y { 1.0 } else { 0.0 };
        count[b] += 1;
    }
    let n = items.len().max(1) as f64;
    (0..bins)
        .filter(|&b| count[b] > 0)
        .map(|b| {
            let c = count[b] as f64;
            (c / n) * (sum_p[b] / c - hits[b] / c).abs()
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ranker_learns_which_row_of_a_set_is_right() {
        // The right row carries feature 0; feature 1 is noise that both kinds share.
        let sets_rows: Vec<Vec<Vec<f64>>> = (0..20)
            .map(|i| {
                let noise = f64::from(i % 3);
                vec![vec![0.0, noise], vec![1.0, 2.0 - noise], vec![0.0, 1.0]]
            })
            .collect();
        let sets: Vec<RankSet<'_>> = sets_rows
            .iter()
            .map(|rows| (rows.iter().map(Vec::as_slice).collect(), 1, 1.0))
            .collect();
        let model = Logistic::new(fit_ranker(&sets, 1.0, 50));
        assert!(model.weights()[0] > 1.0, "{:?}", model.weights());
        let (i, share) = model
            .best([[0.0, 2.0].as_slice(), [1.0, 0.0].as_slice()])
            .unwrap();
        assert_eq!(i, 1);
        assert!(share > 0.5 && share < 1.0, "{share}");
        assert_eq!(model.best(std::iter::empty::<&[f64]>()), None);
    }

    #[test]
    fn fitting_recovers_a_separating_signal() {
        // Positives have a high second feature, negatives a low one, with some overlap.
        let mut rows: Vec<(Vec<f64>, bool)> = Vec::new();
        for i in 0..200 {
            let x = f64::from(i % 20) / 20.0;
            rows.push((vec![1.0, x], x > 0.45 || i % 17 == 0));
        }
        let view: Vec<Row<'_>> = rows.iter().map(|(x, y)| (x.as_slice(), *y, 1.0)).collect();
        let w = fit(&view, 1e-3, 50);
        let model = Logistic::new(w);
        assert!(model.weights()[1] > 1.0, "weights: {:?}", model.weights());
        assert!(model.probability(&[1.0, 0.9]) > 0.8);
        assert!(model.probability(&[1.0, 0.1]) < 0.3);
    }

    #[test]
    fn weight_files_round_trip() {
        let names = ["bias", "a", "b"];
        let model = Logistic::new(vec![-1.5, 0.25, 2.0]);
        let tsv = model.to_tsv(&names);
        assert_eq!(Logistic::from_tsv(&names, &tsv), model);
        // Unknown names and broken weights are skipped; missing ones weigh 0.
        let read = Logistic::from_tsv(&names, "# comment\nold\t3\nb\tx\na\t1\n");
        assert_eq!(read.weights(), &[0.0, 1.0, 0.0]);
    }

    #[test]
    fn weight_files_are_checked() {
        let names = ["bias", "a"];
        assert_eq!(check_tsv(&names, "# fitted\nbias\t1\na\t-2.5\n"), Ok(()));
        assert!(check_tsv(&names, "bias\t1\n").is_err());
        assert!(check_tsv(&names, "a\t1\nbias\t1\n").is_err());
        assert!(check_tsv(&names, "bias\t1\na\tNaN\n").is_err());
    }

    #[test]
    fn logistic_is_safe_at_the_extremes() {
        assert_eq!(logistic(1000.0), 1.0);
        assert_eq!(logistic(-1000.0), 0.0);
        assert!((logistic(0.0) - 0.5).abs() < 1e-12);
    }

    #[test]
    fn calibration_error_measures_the_gap() {
        // Perfectly calibrated: 0.25 right a quarter of the time.
        let good: Vec<(f64, bool)> = (0..100).map(|i| (0.25, i % 4 == 0)).collect();
        assert!(calibration_error(&good, 10) < 1e-9);
        // Always 0.9, right half of the time: off by 0.4.
        let bad: Vec<(f64, bool)> = (0..100).map(|i| (0.9, i % 2 == 0)).collect();
        assert!((calibration_error(&bad, 10) - 0.4).abs() < 1e-9);
        assert_eq!(calibration_error(&[], 10), 0.0);
    }
}
