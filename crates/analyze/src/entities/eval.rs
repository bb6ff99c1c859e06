//! Measurement against wikigold (CoNLL, IOB1), ignored by default; run with
//! `cargo test -p analyze --release entities::eval -- --ignored --nocapture`.
//!
//! Each document's sentences become paragraphs of one body, tokens joined by spaces.
//! A predicted mention covers the tokens it overlaps; a prediction is right when its
//! token range and type (PER, ORG, LOC) equal a gold entity's. Demonyms and `Other`
//! count as MISC and are left out, as is gold MISC.

use std::collections::BTreeSet;
use std::path::PathBuf;

use model::EntityKind;

type Span = (usize, usize, usize, &'static str); // document, first token, end token, type

#[test]
#[ignore = "measures against wikigold; prints precision, recall and F1 per type"]
fn wikigold() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/ner/wikigold/CONLL-format/data/wikigold.conll.txt");
    let Ok(content) = std::fs::read_to_string(&path) else {
        eprintln!("skipping: wikigold is absent at {}", path.display());
        return;
    };
    let mut docs: Vec<Vec<Vec<(String, String)>>> = vec![Vec::new()];
    let mut sentence: Vec<(String, String)> = Vec::new();
    for line in content.lines().chain(std::iter::once("")) {
        let mut cols = line.split_whitespace();
        match (cols.next(), cols.next()) {
            (Some("-DOCSTART-"), _) => {
                if let Some(doc) = docs.last_mut() {
                    if !sentence.is_empty() {
                        doc.push(std::mem::take(&mut sentence));
                    }
                }
                docs.push(Vec::new());
            }
            (Some(tok), Some(tag)) => sentence.push((tok.to_string(), tag.to_string())),
            _ => {
                if !sentence.is_empty() {
                    if let Some(doc) = docs.last_mut() {
                        doc.push(std::mem::take(&mut sentence));
                    }
                }
            }
        }
    }
    let mut gold: BTreeSet<Span> = BTreeSet::new();
    let mut pred: BTreeSet<Span> = BTreeSet::new();
    for (d, doc) in docs.iter().enumerate() {
        let mut body = String::new();
        let mut offsets = Vec::new();
        let mut tags = Vec::new();
        for sentence in doc {
            if !body.is_empty() {
                body.push_str("\n\n");
            }
            for (k, (tok, tag)) in sentence.iter().enumerate() {
                if k > 0 {
                    body.push(' ');
                }
                offsets.push((body.len(), body.len() + tok.len()));
                body.push_str(tok);
                tags.push(tag.as_str());
            }
        }
        let mut k = 0;
        while k < tags.len() {
            let ty = tags[k].get(2..).unwrap_or("");
            if tags[k] == "O" {
                k += 1;
                continue;
            }
            let start = k;
            k += 1;
            while k < tags.len() && tags[k].starts_with("I-") && tags[k].get(2..) == Some(ty) {
                k += 1;
            }
            if let Some(t) = label(ty) {
                gold.insert((d, start, k, t));
            }
        }
        for m in super::find(&body) {
            let kind = if m.text != m.name && super::lexicon::demonym(&m.text).is_some() {
                EntityKind::Other
            } else {
                m.kind
            };
            let t = match kind {
                EntityKind::Person => "PER",
                EntityKind::Organization => "ORG",
                EntityKind::Place => "LOC",
                EntityKind::Other => continue,
            };
            let first = offsets.iter().position(|&(_, e)| e > m.start);
            let end = offsets.iter().rposition(|&(s, _)| s < m.end);
            if let (Some(first), Some(end)) = (first, end) {
                pred.insert((d, first, end + 1, t));
            }
        }
    }
    let mut total = (0usize, 0usize, 0usize);
    for t in ["PER", "ORG", "LOC"] {
        let g: BTreeSet<_> = gold.iter().filter(|s| s.3 == t).collect();
        let p: BTreeSet<_> = pred.iter().filter(|s| s.3 == t).collect();
        let tp = g.intersection(&p).count();
        report(t, tp, p.len(), g.len());
        total = (total.0 + tp, total.1 + p.len(), total.2 + g.len());
    }
    report("PER+ORG+LOC", total.0, total.1, total.2);
}

fn label(ty: &str) -> Option<&'static str> {
    match ty {
        "PER" => Some("PER"),
        "ORG" => Some("ORG"),
        "LOC" => Some("LOC"),
        _ => None,
    }
}

fn report(label: &str, tp: usize, pred: usize, gold: usize) {
    let p = tp as f64 / pred.max(1) as f64;
    let r = tp as f64 / gold.max(1) as f64;
    let f = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    println!("{label}: gold {gold} pred {pred} correct {tp} | P {p:.3} R {r:.3} F1 {f:.3}");
}
