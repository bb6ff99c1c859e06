//! Counts cue words of PolNeAR attributions on the training split and writes the table
//! `crates/analyze/src/quotes/cues.tsv` read by `analyze::quotes::learned`.
//!
//! For every lower-cased word: how often it occurs in the texts, how often it is (part
//! of) an annotated cue, and on which side of the cue its content falls. Only words
//! seen as a cue at least `MIN_CUE` times are written; the table holds counts, no text.
//!
//! `cargo run --release -p eval --example train_cues -- /work/shared/data/quotes/polnear/train [OUT]`

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

/// Least number of annotated cue occurrences for a word to enter the table.
const MIN_CUE: usize = 5;

#[derive(Default)]
struct Count {
    occurrences: usize,
    cues: usize,
    after: usize,
    before: usize,
}

/// Character spans of a brat span list ("12 18;20 25").
fn spans(field: &str) -> Vec<(usize, usize)> {
    field
        .split(';')
        .filter_map(|p| {
            let mut it = p.split_whitespace();
            Some((it.next()?.parse().ok()?, it.next()?.parse().ok()?))
        })
        .collect()
}

/// Word runs of `chars` as character spans.
fn words(chars: &[char]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in chars.iter().enumerate() {
        match (c.is_alphabetic(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, chars.len()));
    }
    out
}

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().expect("usage: train_cues TRAIN_DIR [OUT]"));
    let out = args
        .next()
        .unwrap_or_else(|| "crates/analyze/src/quotes/cues.tsv".to_string());
    assert!(
        dir.to_string_lossy().contains("train"),
        "cues are learnt from the training split only"
    );
    let mut anns: Vec<PathBuf> = std::fs::read_dir(dir.join("attributions"))
        .expect("attributions folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    anns.sort();
    let mut counts: BTreeMap<String, Count> = BTreeMap::new();
    let mut seen_docs = BTreeSet::new();
    for ann in &anns {
        let name = ann.file_stem().unwrap().to_string_lossy().to_string();
        let Some((doc, _annotator)) = name.rsplit_once('_') else {
            continue;
        };
        // One annotator per document: the first in name order.
        if !seen_docs.insert(doc.to_string()) {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(dir.join("text").join(format!("{doc}.txt"))) else {
            continue;
        };
        let chars: Vec<char> = text.chars().collect();
        let lower = |s: usize, e: usize| -> String {
            chars[s..e].iter().collect::<String>().to_lowercase()
        };
        let all = words(&chars);
        for &(s, e) in &all {
            counts.entry(lower(s, e)).or_default().occurrences += 1;
        }
        let ann_text = std::fs::read_to_string(ann).unwrap_or_default();
        let mut roles: BTreeMap<&str, Vec<(usize, usize)>> = BTreeMap::new();
        for line in ann_text.lines() {
            let mut f = line.split('\t');
            let (Some(id), Some(head)) = (f.next(), f.next()) else {
                continue;
            };
            if id.starts_with('T') {
                if let Some((_, rest)) = head.split_once(' ') {
                    roles.insert(id, spans(rest));
                }
            }
        }
        // Cue word positions already counted (a cue shared by several attributions
        // counts once).
        let mut counted: BTreeSet<usize> = BTreeSet::new();
        for line in ann_text.lines() {
            let mut f = line.split('\t');
            let (Some(id), Some(rel)) = (f.next(), f.next()) else {
                continue;
            };
            if !id.starts_with('E') {
                continue;
            }
            let arg = |role: &str| {
                rel.split_whitespace()
                    .find_map(|a| a.strip_prefix(role).and_then(|t| roles.get(t)))
            };
            let (Some(cue), content) = (arg("Cue:"), arg("Content:")) else {
                continue;
            };
            let (Some(&(cs, _)), Some(&(_, ce))) = (cue.first(), cue.last()) else {
                continue;
            };
            let side = content.and_then(|c| {
                let (s, e) = (c.first()?.0, c.last()?.1);
                Some(if s >= ce {
                    1
                } else if e <= cs {
                    -1
                } else {
                    0
                })
            });
            for &(s, e) in cue {
                for &(ws, we) in all.iter().filter(|&&(ws, we)| ws >= s && we <= e) {
                    if !counted.insert(ws) {
                        continue;
                    }
                    let c = counts.entry(lower(ws, we)).or_default();
                    c.cues += 1;
                    match side {
                        Some(1) => c.after += 1,
                        Some(-1) => c.before += 1,
                        _ => {}
                    }
                }
            }
        }
    }
    let mut table = String::from(
        "# word\treliability\toccurrences\tafter\tbefore\n\
         # Derived counts of PolNeAR train cue words (eval/examples/train_cues.rs).\n",
    );
    for (word, c) in &counts {
        if c.cues < MIN_CUE || c.occurrences == 0 {
            continue;
        }
        let sided = (c.after + c.before).max(1) as f64;
        table.push_str(&format!(
            "{word}\t{:.3}\t{}\t{:.2}\t{:.2}\n",
            c.cues as f64 / c.occurrences as f64,
            c.occurrences,
            c.after as f64 / sided,
            c.before as f64 / sided,
        ));
    }
    std::fs::write(&out, table).expect("write the cue table");
    eprintln!("{} documents, table written to {out}", seen_docs.len());
}
