//! Who a speaking "he" or "she" is, against a reader's marks. PolNeAR marks the pronoun
//! as the source and stops there; `data/polnear_pronouns.tsv` adds, for 291 dev and
//! 350 train pronoun sources, the offsets of the last mention by name of the person each
//! refers to (a reader marked them for Chorus; the file holds offsets only).
//!
//! [`pronouns`] scores the choice [`analyze::quotes::pronouns`] makes at every marked
//! pronoun that Chorus reads as a speaker: right when the chosen person's name shares a
//! word of three letters or more with the marked name (as speaker accuracy is judged in
//! [`super::quotes`]). Beside it, in the same run: the nearest person (the rule the
//! ranker replaced) and how often the right person is among the candidates at all.
//! [`sets`] gives the same pronouns as ranking sets, for `train_antecedents`.

use std::fmt;
use std::path::Path;

use analyze::quotes::antecedent;

use crate::EvalError;

const MARKS: &str = include_str!("../../data/polnear_pronouns.tsv");

/// One marked pronoun: its document, its offset in the body, the marked name.
struct Mark {
    doc: String,
    at: usize,
    name: Option<String>,
}

/// The marks of one split (`dev` or `train`), as offsets into each document's body.
fn marks(dir: &Path) -> Result<Vec<(String, Vec<Mark>)>, EvalError> {
    let split = dir
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default()
        .to_string();
    let mut docs: Vec<(String, Vec<Mark>)> = Vec::new();
    // The current document's text, its byte offsets by character, and its body map.
    let mut current: Option<(String, Vec<usize>, Vec<usize>)> = None;
    for line in MARKS.lines().filter(|l| !l.starts_with('#')) {
        let cols: Vec<&str> = line.split('\t').collect();
        let [s, doc, pronoun, from, to] = cols[..] else {
            continue;
        };
        if s != split {
            continue;
        }
        if docs.last().is_none_or(|(d, _)| d != doc) {
            let path = dir.join("text").join(format!("{doc}.txt"));
            let text = std::fs::read_to_string(&path).map_err(|e| EvalError::Dataset {
                path: path.display().to_string(),
                reason: e.to_string(),
            })?;
            let (_, map) = super::to_body(&text);
            let chars = text
                .char_indices()
                .map(|(b, _)| b)
                .chain([text.len()])
                .collect();
            current = Some((text, chars, map));
            docs.push((doc.to_string(), Vec::new()));
        }
        let Some((text, chars, map)) = &current else {
            continue;
        };
        let byte = |c: &str| c.parse::<usize>().ok().and_then(|c| chars.get(c).copied());
        let (Some(p), name) = (
            byte(pronoun),
            byte(from)
                .zip(byte(to))
                .and_then(|(a, b)| text.get(a..b).map(str::to_string)),
        ) else {
            continue;
        };
        if let Some((_, list)) = docs.last_mut() {
            list.push(Mark {
                doc: doc.to_string(),
                at: map[p],
                name,
            });
        }
    }
    Ok(docs)
}

/// The marked pronouns of a split by document: each pronoun's offset in the body and
/// the name it refers to (pronouns marked "-" are left out).
pub(crate) fn marked(
    dir: &Path,
) -> Result<std::collections::BTreeMap<String, Vec<(usize, String)>>, EvalError> {
    Ok(marks(dir)?
        .into_iter()
        .map(|(doc, marks)| {
            let named = marks
                .into_iter()
                .filter_map(|m| Some((m.at, m.name?)))
                .collect();
            (doc, named)
        })
        .collect())
}

/// How Chorus's choices of who a pronoun is fare against the marks.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PronounReport {
    /// Marked pronouns naming somebody.
    pub marked: usize,
    /// Of those, the ones Chorus reads as a speaking pronoun.
    pub read: usize,
    /// Of those, the ones whose marked person is among the candidates.
    pub within_reach: usize,
    /// The ranker's choice is the marked person.
    pub right: usize,
    /// The nearest person is the marked person.
    pub nearest_right: usize,
    /// With `verbose`: each wrong choice.
    pub details: Vec<String>,
}

impl fmt::Display for PronounReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let share = |n: usize| n as f64 / self.read.max(1) as f64;
        write!(
            f,
            "pronoun speakers (reader's marks): {} marked, {} read as speakers | right {:.3} (nearest person {:.3}; right person among the candidates {:.3})",
            self.marked,
            self.read,
            share(self.right),
            share(self.nearest_right),
            share(self.within_reach)
        )
    }
}

/// One marked pronoun as a ranking set: each candidate's signals, and which candidate
/// is the marked person (`None` when none is).
pub type PronounSet = (Vec<antecedent::Features>, Option<usize>);

/// The marked pronouns of a PolNeAR split that Chorus reads as speakers, as ranking
/// sets, with the documents' names and the candidates' names.
pub fn sets(dir: &Path) -> Result<Vec<(String, Vec<String>, PronounSet)>, EvalError> {
    let mut out = Vec::new();
    for (doc, marks) in marks(dir)? {
        let path = dir.join("text").join(format!("{doc}.txt"));
        let text = std::fs::read_to_string(&path).map_err(|e| EvalError::Dataset {
            path: path.display().to_string(),
            reason: e.to_string(),
        })?;
        let (body, _) = super::to_body(&text);
        let entities = analyze::entities::find(&body);
        let read = analyze::quotes::pronouns(&body, &entities);
        for mark in marks {
            let Some(name) = &mark.name else { continue };
            let Some(p) = read.iter().find(|p| p.at == mark.at) else {
                out.push((mark.doc, Vec::new(), (Vec::new(), None)));
                continue;
            };
            let names: Vec<String> = p.candidates.iter().map(|(n, _)| n.clone()).collect();
            let right = names
                .iter()
                .position(|n| super::speaker_right(Some(n), name));
            let rows = p.candidates.iter().map(|(_, x)| *x).collect();
            out.push((mark.doc, names, (rows, right)));
        }
    }
    Ok(out)
}

/// Scores the shipped ranker on the marked pronouns of a PolNeAR split (`dir` as
/// `quotes/polnear/dev`).
pub fn pronouns(dir: &Path, verbose: bool) -> Result<PronounReport, EvalError> {
    score(&sets(dir)?, antecedent::model(), verbose)
}

/// Scores `model` on ranking sets from [`sets`].
pub fn score(
    sets: &[(String, Vec<String>, PronounSet)],
    model: &learn::Logistic,
    verbose: bool,
) -> Result<PronounReport, EvalError> {
    let mut report = PronounReport {
        marked: sets.len(),
        ..PronounReport::default()
    };
    for (doc, names, (rows, right)) in sets {
        if rows.is_empty() {
            continue;
        }
        report.read += 1;
        let Some(right) = *right else {
            if verbose {
                report.details.push(format!(
                    "PRONOUN {doc}: the marked person is no candidate ({names:?})"
                ));
            }
            continue;
        };
        report.within_reach += 1;
        report.nearest_right += usize::from(right == 0);
        let chosen = model
            .best(rows.iter().map(|r| r.as_slice()))
            .map(|(k, _)| k);
        if chosen == Some(right) {
            report.right += 1;
        } else if verbose {
            report.details.push(format!(
                "PRONOUN {doc}: chose {:?}, marked {:?}",
                chosen.and_then(|k| names.get(k)),
                names.get(right)
            ));
        }
    }
    Ok(report)
}
