//! Who said what: the story's quotes grouped by speaker, then by what they say.
//!
//! Two quotes of one speaker are one statement when their canonical terms (stems with
//! phrasal verbs and synonyms folded, see `sim`) are close as a whole, or when any
//! sentence of one is close to any sentence of the other, so that a quote reported at
//! different lengths or in another translation still joins its statement.

use std::collections::{BTreeMap, BTreeSet};

use model::{QuoteKind, QuoteRef, Statement};

use crate::sim::{bag_cosine, canonical_terms, shared_terms};
use crate::{BriefConfig, Story};

/// Two sentences must share at least this many distinct terms to make quotes one.
const MIN_SHARED_TERMS: usize = 2;

struct Item {
    article: usize,
    start: usize,
    text: String,
    direct: bool,
    whole: Vec<String>,
    parts: Vec<Vec<String>>,
}

/// The statements of a story, most widely reported first.
pub(crate) fn statements(story: &Story<'_>, config: &BriefConfig) -> Vec<Statement> {
    let mut by_speaker: BTreeMap<String, Vec<Item>> = BTreeMap::new();
    for (i, a) in story.articles.iter().enumerate() {
        for q in &a.annotations.quotes {
            let Some(speaker) = q
                .speaker
                .as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
            else {
                continue;
            };
            // Punctuation the quote borrowed from its reporting clause ("...," he said) goes.
            let folded = q.text.split_whitespace().collect::<Vec<_>>().join(" ");
            let text = folded.trim_end_matches([',', ';', ':', ' ']).to_string();
            if text.is_empty() {
                continue;
            }
            let parts = text::sentences(&text)
                .into_iter()
                .filter_map(|(s, e)| text.get(s..e))
                .map(canonical_terms)
                .filter(|t| !t.is_empty())
                .collect();
            by_speaker
                .entry(speaker.to_string())
                .or_default()
                .push(Item {
                    article: i,
                    start: q.start,
                    whole: canonical_terms(&text),
                    text,
                    direct: q.kind == QuoteKind::Direct,
                    parts,
                });
        }
    }

    let mut out: Vec<(usize, (usize, usize), Statement)> = Vec::new();
    for (speaker, mut items) in by_speaker {
        items.sort_by_key(|it| (it.article, it.start));
        for group in group(&items, config.statement_similarity) {
            let members: Vec<&Item> = group.iter().map(|&k| &items[k]).collect();
            let Some(first) = members.first() else {
                continue;
            };
            let representative = members
                .iter()
                .enumerate()
                .max_by_key(|(k, m)| (m.direct, m.text.chars().count(), std::cmp::Reverse(*k)))
                .map_or_else(String::new, |(_, m)| m.text.clone());
            let mut seen = BTreeSet::new();
            let quotes: Vec<QuoteRef> = members
                .iter()
                .filter(|m| seen.insert((m.article, text::fingerprint_text(&m.text))))
                .filter_map(|m| {
                    Some(QuoteRef {
                        article_id: story.articles.get(m.article)?.article.id.clone(),
                        text: m.text.clone(),
                        kind: if m.direct { QuoteKind::Direct } else { QuoteKind::Indirect },
                    })
                })
                .collect();
            let articles: BTreeSet<usize> = members.iter().map(|m| m.article).collect();
            out.push((
                story.independent(&articles),
                (first.article, first.start),
                Statement {
                    speaker: speaker.clone(),
                    text: representative,
                    quotes,
                },
            ));
        }
    }
    out.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then(a.1.cmp(&b.1))
            .then_with(|| a.2.speaker.cmp(&b.2.speaker))
    });
    out.into_iter().map(|(_, _, s)| s).collect()
}

/// True when two quotes say the same thing.
fn same_statement(a: &Item, b: &Item, threshold: f64) -> bool {
    if text::fingerprint_text(&a.text) == text::fingerprint_text(&b.text) {
        return true;
    }
    let close = |x: &[String], y: &[String]| {
        let need = MIN_SHARED_TERMS.min(distinct(x)).min(distinct(y)).max(1);
        shared_terms(x, y) >= need && bag_cosine(x, y) >= threshold
    };
    if close(&a.whole, &b.whole) {
        return true;
    }
    a.parts.iter().any(|x| {
        b.parts
            .iter()
            .any(|y| shared_terms(x, y) >= MIN_SHARED_TERMS && bag_cosine(x, y) >= threshold)
    })
}

fn distinct(terms: &[String]) -> usize {
    terms.iter().collect::<BTreeSet<_>>().len()
}

/// Groups items into connected components of `same_statement`, each sorted, in order
/// of their first member.
fn group(items: &[Item], threshold: f64) -> Vec<Vec<usize>> {
    let mut parent: Vec<usize> = (0..items.len()).collect();
    fn find(parent: &mut [usize], mut x: usize) -> usize {
        while parent[x] != x {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        x
    }
    for i in 0..items.len() {
        for j in i + 1..items.len() {
            if same_statement(&items[i], &items[j], threshold) {
                let (ri, rj) = (find(&mut parent, i), find(&mut parent, j));
                if ri != rj {
                    parent[ri.max(rj)] = ri.min(rj);
                }
            }
        }
    }
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..items.len() {
        let r = find(&mut parent, i);
        groups.entry(r).or_default().push(i);
    }
    groups.into_values().collect()
}
