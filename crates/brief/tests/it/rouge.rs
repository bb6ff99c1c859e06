//! ROUGE-1 of the summary on the NeuS validation clusters, against a lead baseline.
//!
//! Run with `cargo test -p brief --test it -- --ignored --nocapture neus_rouge`.

use std::collections::BTreeMap;

use brief::{brief, BriefConfig};
use model::{AnalyzedArticle, Annotations, Article};

use crate::seeds::shared_data;

/// Lower-cased, stemmed word tokens (as rouge-score's stemmed tokenizer, near enough).
fn tokens(s: &str) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    for (_, w) in text::words(s) {
        let lower = w.to_lowercase();
        let tok = if lower.chars().count() > 3 {
            text::stem(&lower)
        } else {
            lower
        };
        *out.entry(tok).or_insert(0) += 1;
    }
    out
}

/// ROUGE-1 (precision, recall, F1) of a candidate against a reference.
fn rouge1(candidate: &str, reference: &str) -> (f64, f64, f64) {
    let (c, r) = (tokens(candidate), tokens(reference));
    let overlap: usize = c
        .iter()
        .map(|(t, n)| (*n).min(r.get(t).copied().unwrap_or(0)))
        .sum();
    let (cn, rn) = (c.values().sum::<usize>(), r.values().sum::<usize>());
    if overlap == 0 || cn == 0 || rn == 0 {
        return (0.0, 0.0, 0.0);
    }
    let (p, rec) = (overlap as f64 / cn as f64, overlap as f64 / rn as f64);
    (p, rec, 2.0 * p * rec / (p + rec))
}

/// Splits "TITLE=> t. ARTICLE=> body" into (title, body).
fn split_doc(doc: &str) -> (String, String) {
    let doc = doc.trim();
    let rest = doc.strip_prefix("TITLE=>").unwrap_or(doc);
    match rest.split_once("ARTICLE=>") {
        Some((t, b)) => (t.trim().to_string(), b.trim().to_string()),
        None => (String::new(), rest.trim().to_string()),
    }
}

#[test]
#[ignore = "measurement on shared data; prints ROUGE-1"]
fn neus_rouge() {
    let Some(data) = shared_data() else { return };
    let dir = data.join("summary/neus");
    let (Ok(sources), Ok(targets)) = (
        std::fs::read_to_string(dir.join("val.source")),
        std::fs::read_to_string(dir.join("val.target")),
    ) else {
        eprintln!("skipping: NeuS val files unreadable");
        return;
    };
    let sentences: usize = std::env::var("BRIEF_SENTENCES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3);
    let config = BriefConfig {
        summary_sentences: sentences,
        ..BriefConfig::default()
    };
    let (mut ours, mut lead, mut n) = ([0.0f64; 3], [0.0f64; 3], 0usize);
    for (k, (src, tgt)) in sources.lines().zip(targets.lines()).enumerate() {
        let articles: Vec<AnalyzedArticle> = src
            .split("[SEP]")
            .enumerate()
            .map(|(i, doc)| {
                let (title, body) = split_doc(doc);
                AnalyzedArticle {
                    article: Article {
                        id: format!("{k}-{i}"),
                        title,
                        outlet: None,
                        byline: None,
                        published: None,
                        language: None,
                        body,
                        url: None,
                    },
                    duplicate_of: None,
                    annotations: Annotations::default(),
                }
            })
            .collect();
        let refs: Vec<&AnalyzedArticle> = articles.iter().collect();
        let b = brief("neus", &refs, Vec::new(), &config);
        let summary: Vec<&str> = b.summary.iter().map(|l| l.text.as_str()).collect();
        let (_, reference) = split_doc(tgt);
        // Lead baseline: the first sentences of each article in turn, same count.
        let mut leads = Vec::new();
        for depth in 0..sentences {
            for a in &articles {
                if let Some(&(s, e)) = text::sentences(&a.article.body).get(depth) {
                    if leads.len() < sentences {
                        leads.push(a.article.body[s..e].to_string());
                    }
                }
            }
        }
        let o = rouge1(&summary.join(" "), &reference);
        let l = rouge1(&leads.join(" "), &reference);
        for (acc, v) in ours.iter_mut().zip([o.0, o.1, o.2]) {
            *acc += v;
        }
        for (acc, v) in lead.iter_mut().zip([l.0, l.1, l.2]) {
            *acc += v;
        }
        n += 1;
    }
    let n = n.max(1) as f64;
    println!(
        "NeuS val, {sentences} sentences, ROUGE-1 P/R/F1: brief {:.4}/{:.4}/{:.4}, lead {:.4}/{:.4}/{:.4}",
        ours[0] / n,
        ours[1] / n,
        ours[2] / n,
        lead[0] / n,
        lead[1] / n,
        lead[2] / n
    );
}
