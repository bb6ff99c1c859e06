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

/// True for the sentence numbers of the body MEANTIME annotates.
fn annotated(sentence: &str) -> bool {
    sentence.parse::<u32>().is_ok_and(|n| (1..=5).contains(&n))
}

/// Decodes the five XML entities.
fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// The value of `name="..."` inside a tag.
fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let key = format!("{name}=\"");
    let at = tag
        .match_indices(&key)
        .map(|(i, _)| i)
        .find(|&i| i == 0 || tag[..i].ends_with(char::is_whitespace))?
        + key.len();
    let len = tag[at..].find('"')?;
    Some(&tag[at..at + len])
}

/// Measurement against MEANTIME (English Wikinews, CAT XML), ignored by default; run
/// with `cargo test -p analyze --release entities::eval -- --ignored --nocapture`.
///
/// Gold mentions are the ENTITY_MENTIONs of syntactic type NAM (proper names) that
/// refer to an ENTITY of type PER, ORG or LOC. The headline (sentence 0) is left out,
/// because Chorus analyses bodies, not titles; each other sentence becomes a paragraph,
/// tokens joined by spaces. MEANTIME annotates only the title and the first sentences
/// of each article (sentences 1 to 5, sentence 1 being the date line), so mentions are
/// scored there only, though the recogniser sees the whole body.
///
/// Caveat: a NAM mention gets its type only through a REFERS_TO link to an ENTITY, and
/// many NAM mentions have none (and MEANTIME spans cover whole noun phrases, "JSA
/// Research defence analyst Paul Nesbit"), so the gold is sparse: recall is meaningful,
/// precision much less so. Scoring is the same as for wikigold: exact token range and
/// type; `Other` and demonyms are not scored.
#[test]
#[ignore = "measures against MEANTIME; prints precision, recall and F1 per type"]
fn meantime() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/ner/meantime-en/intra-doc_annotation");
    let Ok(topics) = std::fs::read_dir(&root) else {
        eprintln!("skipping: MEANTIME is absent at {}", root.display());
        return;
    };
    let mut files: Vec<PathBuf> = topics
        .filter_map(|t| t.ok())
        .filter_map(|t| std::fs::read_dir(t.path()).ok())
        .flat_map(|d| d.filter_map(|e| e.ok().map(|e| e.path())))
        .filter(|p| p.extension().is_some_and(|x| x == "xml"))
        .collect();
    files.sort();
    let verbose = std::env::var_os("CHORUS_EVAL_VERBOSE").is_some();
    let mut gold: BTreeSet<Span> = BTreeSet::new();
    let mut pred: BTreeSet<Span> = BTreeSet::new();
    let mut texts: Vec<Vec<String>> = Vec::new();
    for (d, path) in files.iter().enumerate() {
        let Ok(xml) = std::fs::read_to_string(path) else {
            continue;
        };
        // Tokens in document order: t_id, sentence, text.
        let mut tokens: Vec<(String, String, String)> = Vec::new();
        for piece in xml.split("<token ").skip(1) {
            let Some((tag, rest)) = piece.split_once('>') else {
                continue;
            };
            let text = rest.split("</token>").next().unwrap_or_default();
            if let (Some(id), Some(s)) = (attr(tag, "t_id"), attr(tag, "sentence")) {
                tokens.push((id.to_string(), s.to_string(), unescape(text)));
            }
        }
        let index: std::collections::BTreeMap<&str, usize> = tokens
            .iter()
            .enumerate()
            .map(|(k, t)| (t.0.as_str(), k))
            .collect();
        // Entity types and names' mentions.
        let mut types: std::collections::BTreeMap<String, String> = Default::default();
        for piece in xml.split("<ENTITY ").skip(1) {
            let tag = piece.split('>').next().unwrap_or_default();
            if let (Some(m), Some(t)) = (attr(tag, "m_id"), attr(tag, "ent_type")) {
                types.insert(m.to_string(), t.to_string());
            }
        }
        let mut refers: std::collections::BTreeMap<String, String> = Default::default();
        for piece in xml.split("<REFERS_TO").skip(1) {
            let block = piece.split("</REFERS_TO>").next().unwrap_or_default();
            let src = block.split("<source ").nth(1).and_then(|t| attr(t, "m_id"));
            let tgt = block.split("<target ").nth(1).and_then(|t| attr(t, "m_id"));
            if let (Some(s), Some(t)) = (src, tgt) {
                refers.insert(s.to_string(), t.to_string());
            }
        }
        let mut body = String::new();
        let mut offsets: Vec<Option<(usize, usize)>> = vec![None; tokens.len()];
        let mut last_sentence = None;
        for (k, (_, sentence, text)) in tokens.iter().enumerate() {
            if sentence == "0" {
                continue;
            }
            if last_sentence != Some(sentence) {
                if !body.is_empty() {
                    body.push_str("\n\n");
                }
                last_sentence = Some(sentence);
            } else {
                body.push(' ');
            }
            offsets[k] = Some((body.len(), body.len() + text.len()));
            body.push_str(text);
        }
        for piece in xml.split("<ENTITY_MENTION ").skip(1) {
            let block = piece.split("</ENTITY_MENTION>").next().unwrap_or_default();
            let tag = block.split('>').next().unwrap_or_default();
            if attr(tag, "syntactic_type") != Some("NAM") {
                continue;
            }
            let Some(m) = attr(tag, "m_id") else { continue };
            let ty = refers
                .get(m)
                .and_then(|e| types.get(e))
                .and_then(|t| label(t));
            let anchors: Vec<usize> = block
                .split("<token_anchor ")
                .skip(1)
                .filter_map(|t| attr(t, "t_id"))
                .filter_map(|id| index.get(id).copied())
                .collect();
            let (Some(&lo), Some(&hi), Some(t)) = (anchors.iter().min(), anchors.iter().max(), ty)
            else {
                continue;
            };
            if offsets[lo].is_some() && annotated(&tokens[lo].1) {
                gold.insert((d, lo, hi + 1, t));
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
            let first = offsets
                .iter()
                .position(|o| o.is_some_and(|(_, e)| e > m.start));
            let end = offsets
                .iter()
                .rposition(|o| o.is_some_and(|(s, _)| s < m.end));
            if let (Some(first), Some(end)) = (first, end) {
                if annotated(&tokens[first].1) {
                    pred.insert((d, first, end + 1, t));
                }
            }
        }
        texts.push(tokens.into_iter().map(|t| t.2).collect());
    }
    if verbose {
        let show = |s: &Span| {
            texts
                .get(s.0)
                .map(|t| t[s.1..s.2].join(" "))
                .unwrap_or_default()
        };
        for g in gold.difference(&pred) {
            println!("MISS {} {:?}", g.3, show(g));
        }
        for p in pred.difference(&gold) {
            println!("EXTRA {} {:?}", p.3, show(p));
        }
    }
    let mut total = (0usize, 0usize, 0usize);
    for t in ["PER", "ORG", "LOC"] {
        let g: BTreeSet<_> = gold.iter().filter(|s| s.3 == t).collect();
        let p: BTreeSet<_> = pred.iter().filter(|s| s.3 == t).collect();
        let tp = g.intersection(&p).count();
        report(&format!("MEANTIME {t}"), tp, p.len(), g.len());
        total = (total.0 + tp, total.1 + p.len(), total.2 + g.len());
    }
    report("MEANTIME PER+ORG+LOC", total.0, total.1, total.2);
}
