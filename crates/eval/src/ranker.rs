//! What the examples that fit extraction's rankers (`train_dates`, `train_titles`) share:
//! their arguments, the fit with features left out, the names of a row's features for
//! listing misses, and writing the weight file.

use std::path::PathBuf;

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
    /// List the dev pages the model gets wrong.
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
        let mut parsed = Args {
            root: PathBuf::from("../shared/data/extract"),
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
