//! The headline: the title of an original article whose terms are most central.

use crate::sim::{Idf, SparseVec};
use crate::Story;

/// Titles shorter or longer than this many words are penalised.
const SHORT_TITLE: usize = 3;
const LONG_TITLE: usize = 20;

/// Picks the most representative title: the one with the highest mean tf-idf cosine to
/// the other titles and to every original article's text. Ties go to the earliest.
///
/// Means of cosines are dot products with sums of unit vectors, so the work is linear in
/// the story: `mean_j cos(t, t_j) = t · (Σ_j t_j − t) / (n − 1)` for unit vectors.
pub(crate) fn headline_index(story: &Story<'_>, vocab_len: usize) -> Option<usize> {
    let mut idf = Idf::new(vocab_len);
    let mut docs: Vec<Vec<u32>> = Vec::new();
    let mut titles: Vec<usize> = Vec::new();
    for (i, a) in story.articles.iter().enumerate() {
        if !story.is_primary(i) {
            continue;
        }
        let body: Vec<u32> = story
            .sentences
            .get(i)
            .map(|ss| ss.iter().flat_map(|s| s.terms.iter().copied()).collect())
            .unwrap_or_default();
        idf.add_document(&body);
        docs.push(body);
        if !a.article.title.trim().is_empty() {
            titles.push(i);
        }
    }
    let title_vecs: Vec<SparseVec> = titles
        .iter()
        .map(|&i| {
            idf.tfidf(story.titles.get(i).map_or(&[][..], Vec::as_slice))
                .unit()
        })
        .collect();
    let title_sum = sum(&title_vecs, vocab_len);
    let doc_sum = sum(
        &docs
            .iter()
            .map(|ids| idf.tfidf(ids).unit())
            .collect::<Vec<_>>(),
        vocab_len,
    );

    let mut best: Option<(f64, usize)> = None;
    for (k, &i) in titles.iter().enumerate() {
        let v = &title_vecs[k];
        let to_titles = if titles.len() > 1 {
            (dot(v, &title_sum) - v.entries.iter().map(|e| e.1 * e.1).sum::<f64>())
                / (titles.len() - 1) as f64
        } else {
            0.0
        };
        let to_docs = if docs.is_empty() {
            0.0
        } else {
            dot(v, &doc_sum) / docs.len() as f64
        };
        let words = text::words(&story.articles[i].article.title).count();
        let fit = if (SHORT_TITLE..=LONG_TITLE).contains(&words) {
            1.0
        } else {
            0.5
        };
        let score = fit * (to_titles + to_docs) / 2.0;
        if best.is_none_or(|(b, _)| score > b + 1e-12) {
            best = Some((score, i));
        }
    }
    best.map(|(_, i)| i).or_else(|| {
        story
            .articles
            .iter()
            .position(|a| !a.article.title.trim().is_empty())
    })
}

/// The headline's text: the title of article `chosen`, its spaces made single.
pub(crate) fn headline_text(story: &Story<'_>, chosen: Option<usize>) -> String {
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

/// The dense sum of sparse vectors.
fn sum(vecs: &[SparseVec], len: usize) -> Vec<f64> {
    let mut out = vec![0.0; len];
    for v in vecs {
        for &(id, w) in &v.entries {
            if let Some(o) = out.get_mut(id as usize) {
                *o += w;
            }
        }
    }
    out
}

/// The dot product of a sparse and a dense vector.
fn dot(v: &SparseVec, dense: &[f64]) -> f64 {
    v.entries
        .iter()
        .map(|&(id, w)| w * dense.get(id as usize).copied().unwrap_or(0.0))
        .sum()
}
