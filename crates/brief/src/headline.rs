//! The headline: the title of an original article whose terms are most central.

use crate::sim::{canonical_terms, SparseVec, Vocabulary};
use crate::Story;

/// Titles shorter or longer than this many words are penalised.
const SHORT_TITLE: usize = 3;
const LONG_TITLE: usize = 20;

/// Picks the most representative title: the one with the highest mean tf-idf cosine to
/// the other titles and to every original article's text. Ties go to the earliest.
pub(crate) fn headline(story: &Story<'_>) -> String {
    let mut vocab = Vocabulary::default();
    let mut titles: Vec<(usize, Vec<u32>)> = Vec::new();
    let mut docs: Vec<Vec<u32>> = Vec::new();
    for (i, a) in story.articles.iter().enumerate() {
        if !story.is_primary(i) {
            continue;
        }
        let body_terms = canonical_terms(&a.article.body);
        docs.push(vocab.add_document(&body_terms));
        if !a.article.title.trim().is_empty() {
            let ids = canonical_terms(&a.article.title)
                .iter()
                .map(|t| vocab.id(t))
                .collect();
            titles.push((i, ids));
        }
    }
    let title_vecs: Vec<SparseVec> = titles.iter().map(|(_, ids)| vocab.tfidf(ids)).collect();
    let doc_vecs: Vec<SparseVec> = docs.iter().map(|ids| vocab.tfidf(ids)).collect();

    let mut best: Option<(f64, usize)> = None;
    for (k, (i, _)) in titles.iter().enumerate() {
        let v = &title_vecs[k];
        let others: Vec<f64> = title_vecs
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != k)
            .map(|(_, o)| v.cosine(o))
            .collect();
        let to_titles = mean(&others);
        let to_docs = mean(&doc_vecs.iter().map(|d| v.cosine(d)).collect::<Vec<_>>());
        let words = text::words(&story.articles[*i].article.title).count();
        let fit = if (SHORT_TITLE..=LONG_TITLE).contains(&words) {
            1.0
        } else {
            0.5
        };
        let score = fit * (to_titles + to_docs) / 2.0;
        if best.is_none_or(|(b, _)| score > b + 1e-12) {
            best = Some((score, *i));
        }
    }
    let chosen = best.map(|(_, i)| i).or_else(|| {
        story
            .articles
            .iter()
            .position(|a| !a.article.title.trim().is_empty())
    });
    chosen
        .and_then(|i| story.articles.get(i))
        .map(|a| {
            a.article
                .title
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_default()
}

fn mean(values: &[f64]) -> f64 {
    if values.is_empty() {
        0.0
    } else {
        values.iter().sum::<f64>() / values.len() as f64
    }
}
