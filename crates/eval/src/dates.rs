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

use crate::EvalError;

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

#[derive(Default)]
struct Score {
    gold: usize,
    gold_correct: usize,
    matched_gold: usize,
    predicted: usize,
    predicted_correct: usize,
    neutral: usize,
}

impl Score {
    fn add(&mut self, doc: &Doc, verbose: bool) {
        let found = find(&doc.text, doc.dct);
        let overlaps = |a: (usize, usize), b: (usize, usize)| a.0 < b.1 && b.0 < a.1;
        for g in doc.gold.iter().filter(|g| g.kind == "DATE" && !g.creation) {
            self.gold += 1;
            let hits: Vec<_> = found
                .iter()
                .filter(|m| overlaps((m.start, m.end), (g.start, g.end)))
                .collect();
            if !hits.is_empty() {
                self.matched_gold += 1;
            }
            if hits
                .iter()
                .any(|m| m.timex.as_deref() == Some(g.value.as_str()))
            {
                self.gold_correct += 1;
            } else if verbose {
                let got: Vec<_> = hits
                    .iter()
                    .map(|m| format!("{:?}={:?}", m.text, m.timex))
                    .collect();
                eprintln!(
                    "MISS {} {:?} gold={} got={:?} dct={:?} in {:?}",
                    doc.name,
                    &doc.text[g.start..g.end],
                    g.value,
                    got,
                    doc.dct,
                    context(&doc.text, g.start, g.end),
                );
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
            } else if verbose && dates.is_empty() {
                eprintln!("SPURIOUS {} {:?}={:?}", doc.name, m.text, m.timex);
            }
        }
    }

    fn report(&self, label: &str) {
        let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
        let p = ratio(self.predicted_correct, self.predicted);
        let r = ratio(self.gold_correct, self.gold);
        let f1 = if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
        println!(
            "{label}: gold DATE {}, matched {} (value accuracy on matched {:.3}), value P {:.3} R {:.3} F1 {:.3} (neutral predictions {})",
            self.gold,
            self.matched_gold,
            ratio(self.gold_correct, self.matched_gold),
            p,
            r,
            f1,
            self.neutral,
        );
    }
}

fn files(dir: &Path, ext: &str) -> Vec<PathBuf> {
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

