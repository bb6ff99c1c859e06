//! Date normalisation against TimeML gold: [`dates`] scores [`analyze::dates::find`] on
//! TempEval-3 (TimeBank and AQUAINT) or MEANTIME.
//!
//! The document creation time is the publication date. A prediction matches a gold
//! TIMEX3 when their spans overlap. Value precision counts predictions that carry a value
//! and overlap a gold DATE (correct when the values are equal) or no gold at all (wrong);
//! predictions overlapping only a TIME, DURATION or SET timex, or the creation time
//! itself, are left out. Value recall counts every gold DATE; values compare as strings, so
//! weeks (`1998-W08`), quarters (`1989-Q3`), seasons (`1998-SU`), decades (`199`) and
//! `PRESENT_REF`/`PAST_REF`/`FUTURE_REF` count like days, months and years. Gold values
//! with unknown parts (`1989-QX`, `1998-XX-XX`) and times of day cannot be matched.
//! MEANTIME annotates only the first sentences of each article, so predictions after its
//! last markable are left out. With `verbose` the report lists the errors with their
//! context.

use std::fmt;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use model::DateMention;

use crate::{files, meantime_dir, EvalError};

/// A gold time expression: byte span in the reconstructed text, type and value.
struct Gold {
    start: usize,
    end: usize,
    kind: String,
    value: String,
    creation: bool,
}

struct Doc {
    name: String,
    text: String,
    dct: Option<NaiveDate>,
    gold: Vec<Gold>,
    /// End of the annotated part: MEANTIME annotates only the first sentences.
    scope: usize,
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let key = format!(" {name}=\"");
    let at = tag.find(&key)? + key.len();
    let rest = tag.get(at..)?;
    Some(rest[..rest.find('"')?].to_string())
}

fn dct_of(value: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(value.get(..10)?, "%Y-%m-%d").ok()
}

/// Reads a TempEval TimeML file: the text between `<TEXT>` tags with its inline TIMEX3.
fn read_timeml(path: &Path) -> Option<Doc> {
    let raw = std::fs::read_to_string(path).ok()?;
    let dct_tag = raw.get(raw.find("<DCT>")?..)?;
    let dct = attr(dct_tag, "value").and_then(|v| dct_of(&v));
    let body = raw.get(raw.find("<TEXT>")? + 6..raw.find("</TEXT>")?)?;
    let mut text = String::new();
    let mut gold = Vec::new();
    let mut open: Option<(usize, String, String)> = None;
    let mut rest = body;
    while let Some(c) = rest.chars().next() {
        if c == '<' {
            let close = rest.find('>')?;
            let tag = &rest[..=close];
            if tag.starts_with("<TIMEX3") {
                open = Some((
                    text.len(),
                    attr(tag, "type")?,
                    attr(tag, "value").unwrap_or_default(),
                ));
            } else if tag.starts_with("</TIMEX3") {
                if let Some((start, kind, value)) = open.take() {
                    gold.push(Gold {
                        start,
                        end: text.len(),
                        kind,
                        value,
                        creation: false,
                    });
                }
            }
            rest = &rest[close + 1..];
        } else if c == '&' {
            let semi = rest.find(';').filter(|&i| i < 8);
            let (decoded, len) = match semi.map(|i| &rest[..=i]) {
                Some("&amp;") => ('&', 5),
                Some("&lt;") => ('<', 4),
                Some("&gt;") => ('>', 4),
                Some("&quot;") => ('"', 6),
                Some("&apos;") => ('\'', 6),
                _ => ('&', 1),
            };
            text.push(decoded);
            rest = &rest[len..];
        } else {
            text.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    let name = path.file_name()?.to_string_lossy().into_owned();
    let scope = text.len();
    Some(Doc {
        name,
        text,
        dct,
        gold,
        scope,
    })
}

/// Reads a MEANTIME CAT file: tokens joined back into text, TIMEX3 markables on them.
fn read_cat(path: &Path) -> Option<Doc> {
    let raw = std::fs::read_to_string(path).ok()?;
    let mut spans: std::collections::BTreeMap<String, (usize, usize)> = Default::default();
    let mut text = String::new();
    let mut sentence = String::new();
    let no_space_before = [
        ",", ".", ";", ":", "!", "?", ")", "'s", "n't", "%", "'", "''",
    ];
    let mut glue_next = false;
    for piece in raw.split("<token ").skip(1) {
        let id = attr(&format!(" {piece}"), "t_id")?;
        let sent = attr(&format!(" {piece}"), "sentence")?;
        let word = piece.get(piece.find('>')? + 1..piece.find("</token>")?)?;
        let word = word
            .replace("&amp;", "&")
            .replace("&quot;", "\"")
            .replace("&apos;", "'");
        if !text.is_empty() {
            if sent != sentence {
                text.push('\n');
            } else if !glue_next && !no_space_before.contains(&word.as_str()) {
                text.push(' ');
            }
        }
        sentence = sent;
        glue_next = matches!(word.as_str(), "(" | "$" | "``");
        let start = text.len();
        text.push_str(&word);
        spans.insert(id, (start, text.len()));
    }
    let mut dct = None;
    let mut gold = Vec::new();
    for piece in raw.split("<TIMEX3 ").skip(1) {
        let tag = format!(" {}", piece.get(..piece.find('>')?)?);
        let kind = attr(&tag, "type")?;
        let value = attr(&tag, "value").unwrap_or_default();
        let creation = attr(&tag, "functionInDocument").as_deref() == Some("CREATION_TIME");
        if creation {
            dct = dct_of(&value);
        }
        if tag.ends_with('/') {
            continue;
        }
        let inner = piece.get(..piece.find("</TIMEX3>")?)?;
        let anchored: Vec<(usize, usize)> = inner
            .split("t_id=\"")
            .skip(1)
            .filter_map(|s| spans.get(s.get(..s.find('"')?)?).copied())
            .collect();
        let (Some(start), Some(end)) = (
            anchored.iter().map(|s| s.0).min(),
            anchored.iter().map(|s| s.1).max(),
        ) else {
            continue;
        };
        gold.push(Gold {
            start,
            end,
            kind,
            value,
            creation,
        });
    }
    let markables = raw.get(raw.find("<Markables>")?..)?;
    let scope = markables
        .split("t_id=\"")
        .skip(1)
        .filter_map(|s| spans.get(s.get(..s.find('"')?)?).map(|span| span.1))
        .max()
        .unwrap_or(0);
    let name = path.file_name()?.to_string_lossy().into_owned();
    Some(Doc {
        name,
        text,
        dct,
        gold,
        scope,
    })
}

/// Up to 120 bytes of text on each side of a span, cut on char boundaries.
fn context(text: &str, start: usize, end: usize) -> String {
    let mut from = start.saturating_sub(120);
    while !text.is_char_boundary(from) {
        from -= 1;
    }
    let mut to = (end + 120).min(text.len());
    while !text.is_char_boundary(to) {
        to += 1;
    }
    text[from..to].replace('\n', " ")
}

/// Counts of date value scoring on one corpus, and the label it is printed under.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DateScore {
    pub label: String,
    /// Gold DATE expressions (the creation time left out).
    pub gold: usize,
    /// Gold DATEs some prediction with the same value overlaps.
    pub gold_correct: usize,
    /// Gold DATEs some prediction overlaps.
    pub matched_gold: usize,
    /// Predictions with a value that overlap a gold DATE or no gold at all.
    pub predicted: usize,
    /// Of those, the predictions whose value equals an overlapping gold DATE's.
    pub predicted_correct: usize,
    /// Predictions overlapping only a TIME, DURATION or SET timex, or the creation time.
    pub neutral: usize,
    /// Gold DATEs that name a weekday, and of those the ones valued right: the
    /// expressions whose direction (past or future) the resolver has to choose.
    pub weekday: (usize, usize),
    /// Gold DATEs that name a month without a year ("in March", "March 2"), and of
    /// those the ones valued right: the expressions whose year the resolver chooses.
    pub yearless: (usize, usize),
}

/// The kind of relative expression a gold DATE's text is, for the breakdown of
/// [`DateScore`]: 1 for a weekday, 2 for a month without a year, 0 for the rest.
fn relative_kind(text: &str) -> u8 {
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|w| !w.is_empty())
        .collect();
    // Names and three-letter forms, as chrono reads them ("Monday", "Wed").
    if words.iter().any(|w| w.parse::<chrono::Weekday>().is_ok()) {
        return 1;
    }
    // A month by its name or its abbreviation ("Sept", "Oct").
    let month = words.iter().any(|w| {
        w.parse::<chrono::Month>().is_ok()
            || (w.len() == 4
                && w.get(..3)
                    .is_some_and(|m| m.parse::<chrono::Month>().is_ok()))
    });
    let year = words
        .iter()
        .any(|w| w.starts_with('\'') || (w.len() == 4 && w.chars().all(|c| c.is_ascii_digit())));
    if month && !year {
        2
    } else {
        0
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

impl DateScore {
    fn new(label: &str) -> Self {
        DateScore {
            label: label.to_string(),
            ..DateScore::default()
        }
    }

    /// Value precision.
    pub fn precision(&self) -> f64 {
        ratio(self.predicted_correct, self.predicted)
    }

    /// Value recall.
    pub fn recall(&self) -> f64 {
        ratio(self.gold_correct, self.gold)
    }

    /// The harmonic mean of value precision and recall.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        }
    }

    /// The share of matched gold DATEs whose value is right.
    pub fn value_accuracy(&self) -> f64 {
        ratio(self.gold_correct, self.matched_gold)
    }

    fn add(&mut self, doc: &Doc, found: &[DateMention], details: Option<&mut Vec<String>>) {
        let mut details = details;
        let overlaps = |a: (usize, usize), b: (usize, usize)| a.0 < b.1 && b.0 < a.1;
        for g in doc.gold.iter().filter(|g| g.kind == "DATE" && !g.creation) {
            self.gold += 1;
            let kind = relative_kind(doc.text.get(g.start..g.end).unwrap_or_default());
            let hits: Vec<_> = found
                .iter()
                .filter(|m| overlaps((m.start, m.end), (g.start, g.end)))
                .collect();
            if !hits.is_empty() {
                self.matched_gold += 1;
            }
            match kind {
                1 => self.weekday.0 += 1,
                2 => self.yearless.0 += 1,
                _ => {}
            }
            if hits
                .iter()
                .any(|m| m.timex.as_deref() == Some(g.value.as_str()))
            {
                self.gold_correct += 1;
                match kind {
                    1 => self.weekday.1 += 1,
                    2 => self.yearless.1 += 1,
                    _ => {}
                }
            } else if let Some(d) = details.as_deref_mut() {
                let got: Vec<_> = hits
                    .iter()
                    .map(|m| format!("{:?}={:?}", m.text, m.timex))
                    .collect();
                d.push(format!(
                    "MISS {} {:?} gold={} got={:?} dct={:?} in {:?}",
                    doc.name,
                    doc.text.get(g.start..g.end).unwrap_or_default(),
                    g.value,
                    got,
                    doc.dct,
                    context(&doc.text, g.start, g.end),
                ));
            }
        }
        for m in found
            .iter()
            .filter(|m| m.timex.is_some() && m.start < doc.scope)
        {
            let hits: Vec<_> = doc
                .gold
                .iter()
                .filter(|g| overlaps((m.start, m.end), (g.start, g.end)))
                .collect();
            let dates: Vec<_> = hits
                .iter()
                .filter(|g| g.kind == "DATE" && !g.creation)
                .collect();
            if dates.is_empty() && !hits.is_empty() {
                self.neutral += 1;
                continue;
            }
            self.predicted += 1;
            if dates
                .iter()
                .any(|g| m.timex.as_deref() == Some(g.value.as_str()))
            {
                self.predicted_correct += 1;
            } else if dates.is_empty() {
                if let Some(d) = details.as_deref_mut() {
                    d.push(format!("SPURIOUS {} {:?}={:?}", doc.name, m.text, m.timex));
                }
            }
        }
    }
}

impl fmt::Display for DateScore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: gold DATE {}, matched {} (value accuracy on matched {:.3}), value P {:.3} R {:.3} F1 {:.3} (neutral predictions {}); weekdays right {}/{}, months without a year right {}/{}",
            self.label,
            self.gold,
            self.matched_gold,
            self.value_accuracy(),
            self.precision(),
            self.recall(),
            self.f1(),
            self.neutral,
            self.weekday.1,
            self.weekday.0,
            self.yearless.1,
            self.yearless.0,
        )
    }
}

/// Which TimeML corpus a folder holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DatesKind {
    /// TempEval-3 training data: `TimeBank/` and `AQUAINT/` folders of `.tml` files.
    TempEval3,
    /// MEANTIME in CAT XML, `intra-doc_annotation/<topic>/*.xml`.
    Meantime,
}

impl DatesKind {
    /// Recognises the corpus a folder holds: a TempEval-3 folder (`tempeval3`, its
    /// `Training/TBAQ-cleaned`, or a folder with `TimeBank/` and `AQUAINT/`) or a MEANTIME
    /// folder (`meantime-en` or its `intra-doc_annotation`, any folder of `.xml` files).
    pub fn detect(dir: &Path) -> Option<DatesKind> {
        if tbaq_dir(dir).is_some() {
            Some(DatesKind::TempEval3)
        } else if !files(&meantime_dir(dir), "xml").is_empty() {
            Some(DatesKind::Meantime)
        } else {
            None
        }
    }
}

/// The folder holding `TimeBank/` and `AQUAINT/`, from the folder given or a parent of it.
fn tbaq_dir(dir: &Path) -> Option<PathBuf> {
    [
        dir.to_path_buf(),
        dir.join("TBAQ-cleaned"),
        dir.join("Training/TBAQ-cleaned"),
    ]
    .into_iter()
    .find(|d| d.join("TimeBank").is_dir() && d.join("AQUAINT").is_dir())
}

/// The scores of date normalisation on one corpus.
#[derive(Debug, Clone, PartialEq)]
pub struct DatesReport {
    pub kind: DatesKind,
    /// Documents scored.
    pub documents: usize,
    /// Files that could not be read or parsed, skipped.
    pub unreadable: Vec<String>,
    /// One score per part (TimeBank, AQUAINT and both together; or MEANTIME).
    pub scores: Vec<DateScore>,
    /// With `verbose`: every missed gold date and spurious prediction, with context.
    pub details: Vec<String>,
}

impl fmt::Display for DatesReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "documents {}", self.documents)?;
        if !self.unreadable.is_empty() {
            write!(f, " ({} unreadable)", self.unreadable.len())?;
        }
        for score in &self.scores {
            write!(f, "\n{score}")?;
        }
        Ok(())
    }
}

/// Scores [`analyze::dates::find`] on a TempEval-3 or MEANTIME folder (see
/// [`DatesKind::detect`]), the creation time of each document standing for the publication
/// date. With `limit`, only the first documents of each part (TimeBank, AQUAINT, MEANTIME)
/// are scored. With `verbose`, [`DatesReport::details`] lists the errors.
pub fn dates(
    dir: &Path,
    kind: DatesKind,
    limit: Option<usize>,
    verbose: bool,
) -> Result<DatesReport, EvalError> {
    let mut report = DatesReport {
        kind,
        documents: 0,
        unreadable: Vec::new(),
        scores: Vec::new(),
        details: Vec::new(),
    };
    let parts: Vec<(&str, PathBuf, &str)> = match kind {
        DatesKind::TempEval3 => {
            let tbaq = tbaq_dir(dir).ok_or_else(|| EvalError::Dataset {
                path: dir.display().to_string(),
                reason: "no TimeBank/ and AQUAINT/ folders (TempEval-3)".to_string(),
            })?;
            vec![
                ("TimeBank", tbaq.join("TimeBank"), "tml"),
                ("AQUAINT", tbaq.join("AQUAINT"), "tml"),
            ]
        }
        DatesKind::Meantime => vec![("MEANTIME", meantime_dir(dir), "xml")],
    };
    let mut both = DateScore::new("TimeBank+AQUAINT");
    for (label, folder, ext) in parts {
        let mut score = DateScore::new(label);
        let paths = files(&folder, ext);
        for path in paths.iter().take(limit.unwrap_or(usize::MAX)) {
            let doc = match kind {
                DatesKind::TempEval3 => read_timeml(path),
                DatesKind::Meantime => read_cat(path),
            };
            let Some(doc) = doc else {
                report.unreadable.push(path.display().to_string());
                continue;
            };
            report.documents += 1;
            let found = analyze::dates::find(&doc.text, doc.dct);
            score.add(&doc, &found, verbose.then_some(&mut report.details));
            both.add(&doc, &found, None);
        }
        report.scores.push(score);
    }
    if kind == DatesKind::TempEval3 {
        report.scores.push(both);
    }
    if report.documents == 0 {
        return Err(EvalError::Dataset {
            path: dir.display().to_string(),
            reason: "no readable TimeML document".to_string(),
        });
    }
    Ok(report)
}
