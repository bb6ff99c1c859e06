//! What the examples that fit rankers (`train_dates` and `train_titles` for extraction,
//! `train_antecedents` for speaking pronouns) share: their arguments, the fit with features left out, the names of a row's features for
//! listing misses, and writing the weight file.

use std::path::PathBuf;

use model::RawDoc;

use crate::extract::{self, Case, Dataset, Selection};

/// The arguments of a ranker's fitting example: `[--data DIR] [--out FILE] [--lambda X]
/// [--without FEATURE]... [--dry-run] [--misses]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Args {
    /// The folder holding the extraction benchmarks.
    pub root: PathBuf,
    /// Where the weights are written.
    pub out: PathBuf,
    /// The L2 penalty.
    pub lambda: f64,
    /// Features left out (their weights stay 0), by index.
    pub without: Vec<usize>,
    /// Print without writing.
    pub dry_run: bool,
    /// List what the model gets wrong (the dev pages; for pronouns, the train ones).
    pub misses: bool,
}

impl Args {
    /// Reads the arguments (without the program's name) for a model over `features`
    /// whose weights go to `out` by default. The error says what is wrong.
    pub fn parse(
        args: impl IntoIterator<Item = String>,
        features: &[&str],
        out: &str,
    ) -> Result<Args, String> {
        Args::parse_in(args, features, out, "../shared/data/extract")
    }

    /// [`Args::parse`] for data under another folder by default (`--data` still
    /// overrides it).
    pub fn parse_in(
        args: impl IntoIterator<Item = String>,
        features: &[&str],
        out: &str,
        root: &str,
    ) -> Result<Args, String> {
        let mut parsed = Args {
            root: PathBuf::from(root),
            out: PathBuf::from(out),
            lambda: 1.0,
            without: Vec::new(),
            dry_run: false,
            misses: false,
        };
        let mut args = args.into_iter();
        while let Some(arg) = args.next() {
            match arg.as_str() {
                "--dry-run" => parsed.dry_run = true,
                "--misses" => parsed.misses = true,
                "--data" | "--out" | "--lambda" | "--without" => {
                    let value = args.next().ok_or(format!("{arg} needs a value"))?;
                    match arg.as_str() {
                        "--data" => parsed.root = PathBuf::from(value),
                        "--out" => parsed.out = PathBuf::from(value),
                        "--lambda" => {
                            parsed.lambda = value
                                .parse()
                                .map_err(|_| format!("--lambda {value}: not a number"))?
                        }
                        _ => parsed.without.push(
                            features
                                .iter()
                                .position(|f| *f == value)
                                .ok_or(format!("--without {value}: not a feature of the model"))?,
                        ),
                    }
                }
                other => return Err(format!("unknown argument {other}")),
            }
        }
        Ok(parsed)
    }
}

/// One dev page with its gold and the candidates found on it.
#[derive(Debug, Clone)]
pub struct Page<G, C> {
    pub id: String,
    pub dataset: Dataset,
    pub gold: G,
    pub candidates: Vec<C>,
}

/// The dev pages of `datasets` under `args.root` whose gold `gold` reads, each with the
/// candidates `candidates` finds on the page read as the pipeline reads it. The error
/// names the dataset that could not be read.
pub fn dev_pages<G, C>(
    args: &Args,
    datasets: &[Dataset],
    gold: impl Fn(&Case) -> Option<G>,
    candidates: impl Fn(&RawDoc) -> Vec<C>,
) -> Result<Vec<Page<G, C>>, String> {
    let mut pages = Vec::new();
    for &dataset in datasets {
        let dir = args.root.join(dataset.name());
        let cases = extract::load_selection(dataset, &dir, Selection::default())
            .map_err(|e| format!("{}: {e}", dir.display()))?;
        for case in cases {
            let Some(g) = gold(&case) else {
                continue;
            };
            let Some(raw) = extract::read_page(&case) else {
                continue;
            };
            pages.push(Page {
                id: case.id.clone(),
                dataset,
                gold: g,
                candidates: candidates(&raw),
            });
        }
    }
    Ok(pages)
}

/// The weight of each page of `dataset` so that every dataset of `pages` weighs the same
/// in total: the many pages of one kind of site (WCXB's blogs and guides) must not drown
/// the news pages of another (fundus).
pub fn page_weight<G, C>(pages: &[Page<G, C>], datasets: usize, dataset: Dataset) -> f64 {
    let n = pages.iter().filter(|p| p.dataset == dataset).count().max(1) as f64;
    pages.len() as f64 / (datasets.max(1) as f64 * n)
}

/// Sets the features that `args` leaves out to 0 in a row.
pub fn leave_out(args: &Args, row: &mut [f64]) {
    for &i in &args.without {
        if let Some(x) = row.get_mut(i) {
            *x = 0.0;
        }
    }
}

/// Fits a ranker over `features` on `sets` ([`learn::fit_ranker`]), the features of
/// `args.without` weighing 0.
pub fn fit(sets: &[learn::RankSet<'_>], features: &[&str], args: &Args) -> learn::Logistic {
    let mut weights = learn::fit_ranker(sets, args.lambda, 50);
    weights.resize(features.len(), 0.0);
    for &i in &args.without {
        if let Some(w) = weights.get_mut(i) {
            *w = 0.0;
        }
    }
    learn::Logistic::new(weights)
}

/// The names of the features a row sets, space-separated.
pub fn set_features(features: &[&str], row: &[f64]) -> String {
    features
        .iter()
        .zip(row)
        .filter(|(_, x)| **x != 0.0)
        .map(|(f, _)| *f)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Prints the model's weight file and writes it to `args.out` unless `args.dry_run`.
pub fn finish(model: &learn::Logistic, features: &[&str], args: &Args) -> Result<(), String> {
    let tsv = model.to_tsv(features);
    print!("{tsv}");
    if !args.dry_run {
        std::fs::write(&args.out, &tsv).map_err(|e| format!("{}: {e}", args.out.display()))?;
        eprintln!("wrote {}", args.out.display());
    }
    Ok(())
}

/// `a / b`, 0 when `b` is 0.
pub fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arguments_parse_and_errors_say_what_is_wrong() {
        let features = ["a", "b"];
        let args = |s: &[&str]| Args::parse(s.iter().map(|x| x.to_string()), &features, "w.tsv");
        let a = args(&["--lambda", "0.5", "--without", "b", "--dry-run"]).unwrap();
        assert_eq!(
            (a.lambda, a.without.clone(), a.dry_run),
            (0.5, vec![1], true)
        );
        assert_eq!(a.out, PathBuf::from("w.tsv"));
        assert!(args(&["--without", "c"])
            .unwrap_err()
            .contains("not a feature"));
        assert!(args(&["--lambda"]).unwrap_err().contains("needs a value"));
        assert!(args(&["--bogus"]).is_err());
        assert_eq!(set_features(&features, &[0.0, 1.0]), "b");
        assert_eq!(ratio(1, 0), 0.0);
    }
}
