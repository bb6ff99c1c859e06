//! Quality metrics and dataset loaders for the Chorus benchmarks.
//!
//! Clustering: [`stories`] scores the stories `chorus analyze` makes of a labelled
//! dataset (ECB+, BASIL, AllSides or generic JSON lines, cut into dev, test and hold-out
//! splits) against the gold clusters with [`b_cubed`] and [`pairwise`] precision, recall
//! and F1, next to a batch TF-IDF baseline; `chorus eval cluster` prints it.
//! [`load_jsonl`] reads the generic labelled JSON lines as plain records, for the stream
//! benchmark.
//!
//! A dataset line is an object with `id` (or `doc_id`), `text`, the gold `cluster`, and
//! optionally `title` and `published` (or `date`, `YYYY-MM-DD` possibly followed by a time).
//! Without a title, the first non-empty line of the text is the title, as extraction does
//! for plain text.

pub mod aliases;
mod cat;
pub mod dates;
pub mod entities;
pub mod extract;
pub mod process;
pub mod quotes;
pub mod ranker;
pub mod stories;
pub mod summary;

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde_json::Value;

/// What can go wrong reading a dataset.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    #[error("cannot read {path}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}:{line}: not a JSON object")]
    Json {
        path: String,
        line: usize,
        #[source]
        source: serde_json::Error,
    },
    #[error("{path}: {reason}")]
    Dataset { path: String, reason: String },
    #[error("cannot set {key}: {reason}")]
    Setting { key: String, reason: String },
    #[error(
        "the hold-out split is read once, when tuning is over: add --i-am-done-tuning to read it"
    )]
    Holdout,
    #[error("{path}:{line}: missing or non-string field `{field}`")]
    MissingField {
        path: String,
        line: usize,
        field: &'static str,
    },
}

/// One document of a clustering dataset with its gold cluster.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabeledDoc {
    pub id: String,
    pub title: String,
    pub body: String,
    pub published: Option<NaiveDate>,
    /// The gold cluster label.
    pub cluster: String,
    /// The page address, when the dataset gives one.
    pub url: Option<String>,
    /// Whether the title was the first line of the text (no `title` field).
    pub title_in_text: bool,
}

/// Reads a JSON-lines clustering dataset from a file.
pub fn load_jsonl(path: &Path) -> Result<Vec<LabeledDoc>, EvalError> {
    let name = path.display().to_string();
    let content = std::fs::read_to_string(path).map_err(|source| EvalError::Io {
        path: name.clone(),
        source,
    })?;
    parse_jsonl(&content, &name)
}

/// The JSON values of the non-blank lines of `content`, with their line numbers (from 1);
/// `source` names it in errors.
pub(crate) fn json_lines<'a>(
    content: &'a str,
    source: &'a str,
) -> impl Iterator<Item = Result<(usize, Value), EvalError>> + 'a {
    content
        .lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(move |(n, line)| {
            serde_json::from_str(line)
                .map(|value| (n + 1, value))
                .map_err(|e| EvalError::Json {
                    path: source.to_string(),
                    line: n + 1,
                    source: e,
                })
        })
}

/// Parses a JSON-lines clustering dataset; `source` names it in errors. Blank lines are
/// skipped.
pub fn parse_jsonl(content: &str, source: &str) -> Result<Vec<LabeledDoc>, EvalError> {
    let mut docs = Vec::new();
    for line in json_lines(content, source) {
        let (line_no, value) = line?;
        let field = |names: &[&str]| {
            names
                .iter()
                .find_map(|k| value.get(*k).and_then(Value::as_str))
        };
        let missing = |field: &'static str| EvalError::MissingField {
            path: source.to_string(),
            line: line_no,
            field,
        };
        let id = field(&["id", "doc_id"]).ok_or_else(|| missing("id"))?;
        let text = field(&["text"]).ok_or_else(|| missing("text"))?;
        let gold = match value.get("cluster") {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Number(n)) => n.to_string(),
            _ => return Err(missing("cluster")),
        };
        let published = field(&["published", "date"]).and_then(parse_date);
        let (title, body, title_in_text) = match field(&["title"]) {
            Some(t) => (t.trim().to_string(), text.trim().to_string(), false),
            None => {
                let (title, body) = split_title(text);
                (title, body, true)
            }
        };
        docs.push(LabeledDoc {
            id: id.to_string(),
            title,
            body,
            published,
            cluster: gold,
            url: field(&["url"]).map(str::to_string),
            title_in_text,
        });
    }
    Ok(docs)
}

fn parse_date(s: &str) -> Option<NaiveDate> {
    let day = s.get(..10)?;
    NaiveDate::parse_from_str(day, "%Y-%m-%d").ok()
}

/// The first non-empty line as the title, the rest as the body.
fn split_title(text: &str) -> (String, String) {
    let text = text.trim();
    match text.split_once('\n') {
        Some((title, rest)) => (title.trim().to_string(), rest.trim().to_string()),
        None => (text.to_string(), String::new()),
    }
}

/// Precision, recall and their harmonic mean.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Prf {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

impl Prf {
    fn new(precision: f64, recall: f64) -> Self {
        let f1 = if precision + recall > 0.0 {
            2.0 * precision * recall / (precision + recall)
        } else {
            0.0
        };
        Prf {
            precision,
            recall,
            f1,
        }
    }
}

impl fmt::Display for Prf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "P {:.4}  R {:.4}  F1 {:.4}",
            self.precision, self.recall, self.f1
        )
    }
}

/// Sizes of predicted clusters, gold clusters, and their intersections.
struct Contingency {
    pred: HashMap<usize, u64>,
    gold: HashMap<usize, u64>,
    both: HashMap<(usize, usize), u64>,
    n: u64,
}

fn contingency(pred: &[usize], gold: &[usize]) -> Contingency {
    let mut c = Contingency {
        pred: HashMap::new(),
        gold: HashMap::new(),
        both: HashMap::new(),
        n: 0,
    };
    for (&p, &g) in pred.iter().zip(gold) {
        *c.pred.entry(p).or_default() += 1;
        *c.gold.entry(g).or_default() += 1;
        *c.both.entry((p, g)).or_default() += 1;
        c.n += 1;
    }
    c
}

/// B-cubed precision and recall: per item, the share of its predicted cluster that shares
/// its gold cluster (precision) and the share of its gold cluster that shares its predicted
/// cluster (recall), averaged over items. Labels are compared by position; extra labels on
/// the longer side are ignored. Empty input scores 1.
pub fn b_cubed(pred: &[usize], gold: &[usize]) -> Prf {
    let c = contingency(pred, gold);
    if c.n == 0 {
        return Prf::new(1.0, 1.0);
    }
    let mut precision = 0.0;
    let mut recall = 0.0;
    for (&(p, g), &k) in &c.both {
        let k = k as f64;
        precision += k * k / c.pred[&p] as f64;
        recall += k * k / c.gold[&g] as f64;
    }
    Prf::new(precision / c.n as f64, recall / c.n as f64)
}

/// Pairwise precision and recall: over pairs of items put in one cluster, the share that
/// gold puts together (precision); over pairs gold puts together, the share predicted
/// together (recall). A side without any pair scores 1.
pub fn pairwise(pred: &[usize], gold: &[usize]) -> Prf {
    let c = contingency(pred, gold);
    let pairs = |k: u64| k * k.saturating_sub(1) / 2;
    let together: u64 = c.both.values().map(|&k| pairs(k)).sum();
    let pred_pairs: u64 = c.pred.values().map(|&k| pairs(k)).sum();
    let gold_pairs: u64 = c.gold.values().map(|&k| pairs(k)).sum();
    let ratio = |a: u64, b: u64| if b == 0 { 1.0 } else { a as f64 / b as f64 };
    Prf::new(ratio(together, pred_pairs), ratio(together, gold_pairs))
}

/// The MEANTIME folder of per-document annotation, from the folder given or its parent.
pub(crate) fn meantime_dir(dir: &Path) -> PathBuf {
    let intra = dir.join("intra-doc_annotation");
    if intra.is_dir() {
        intra
    } else {
        dir.to_path_buf()
    }
}

/// Files with extension `ext` under `dir`, at any depth, sorted by path.
pub(crate) fn files(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == ext) {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn perfect_clustering_scores_one() {
        let p = [0, 0, 1, 2, 2];
        let g = [5, 5, 3, 9, 9];
        assert_eq!(b_cubed(&p, &g), Prf::new(1.0, 1.0));
        assert_eq!(pairwise(&p, &g), Prf::new(1.0, 1.0));
    }

    #[test]
    fn b_cubed_matches_hand_computation() {
        // Gold {0,1,2} {3}; predicted {0,1} {2,3}.
        let p = [0, 0, 1, 1];
        let g = [0, 0, 0, 1];
        let m = b_cubed(&p, &g);
        // Precision per item: 1, 1, 1/2, 1/2; recall: 2/3, 2/3, 1/3, 1.
        assert!((m.precision - 0.75).abs() < 1e-12);
        assert!((m.recall - (2.0 / 3.0 + 2.0 / 3.0 + 1.0 / 3.0 + 1.0) / 4.0).abs() < 1e-12);
    }

    #[test]
    fn pairwise_matches_hand_computation() {
        let p = [0, 0, 1, 1];
        let g = [0, 0, 0, 1];
        let m = pairwise(&p, &g);
        // Predicted pairs (0,1) (2,3); gold pairs (0,1) (0,2) (1,2).
        assert!((m.precision - 0.5).abs() < 1e-12);
        assert!((m.recall - 1.0 / 3.0).abs() < 1e-12);
        let singletons = pairwise(&[0, 1, 2], &[0, 0, 0]);
        assert_eq!(singletons.precision, 1.0);
        assert_eq!(singletons.recall, 0.0);
        assert_eq!(singletons.f1, 0.0);
    }

    #[test]
    fn loader_accepts_both_dataset_shapes() {
        let data = concat!(
            r#"{"id": "b", "cluster": "x", "date": "2020-03-01", "title": "Dam opens", "text": "The dam opened."}"#,
            "\n\n",
            r#"{"doc_id": "a", "cluster": 7, "url": null, "text": "Storm hits coast\nThe storm hit the coast."}"#,
            "\n",
        );
        let docs = parse_jsonl(data, "mem").expect("valid dataset");
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].published, NaiveDate::from_ymd_opt(2020, 3, 1));
        assert_eq!(docs[1].title, "Storm hits coast");
        assert_eq!(docs[1].body, "The storm hit the coast.");
        assert_eq!(docs[1].cluster, "7");
        assert!(matches!(
            parse_jsonl("{\"id\": \"a\"}", "mem"),
            Err(EvalError::MissingField { field: "text", .. })
        ));
        assert!(matches!(
            parse_jsonl("nope", "mem"),
            Err(EvalError::Json { line: 1, .. })
        ));
    }
}
