//! The extractive summary: central sentences, each cited with every article carrying it.
//!
//! Sentences of the original articles are scored by tf-idf cosine with the story
//! centroid (each article weighing the same), plus a lead bonus and a bonus for being
//! carried by other outlets. The best non-redundant ones are kept and put back in
//! publication order, then position.

use std::collections::BTreeSet;

use model::{QuoteKind, SummaryLine};

use crate::sim::{canonical_terms, SparseVec, Vocabulary};
use crate::{BriefConfig, Story};

/// One sentence of one article with its vector.
pub(crate) struct Sentence {
    pub(crate) article: usize,
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) vec: SparseVec,
    /// Index among the article's candidate sentences, when it is a candidate.
    pub(crate) rank: Option<usize>,
}

/// Every sentence of a story, vectorised over one vocabulary.
pub(crate) struct Corpus {
    pub(crate) sentences: Vec<Sentence>,
    pub(crate) vocab_len: usize,
}

/// Splits every article into sentences and weighs their terms by tf-idf, with document
/// frequencies counted over the sentences of original articles only.
pub(crate) fn corpus(story: &Story<'_>, config: &BriefConfig) -> Corpus {
    let mut vocab = Vocabulary::default();
    let mut raw = Vec::new();
    for (i, a) in story.articles.iter().enumerate() {
        let primary = story.is_primary(i);
        let body = &a.article.body;
        let mut seen = BTreeSet::new();
        let mut rank = 0;
        for (start, end) in text::sentences(body) {
            let Some(sentence) = crate::slice(body, start, end) else {
                continue;
            };
            let terms = canonical_terms(sentence);
            let ids = if primary {
                vocab.add_document(&terms)
            } else {
                terms.iter().map(|t| vocab.id(t)).collect()
            };
            let fresh = seen.insert(text::fingerprint_text(sentence));
            let candidate =
                primary && fresh && is_candidate(sentence, quote_share(a, start, end), config);
            raw.push((
                i,
                start,
                end,
                ids,
                candidate.then(|| {
                    rank += 1;
                    rank - 1
                }),
            ));
        }
    }
    let sentences = raw
        .into_iter()
        .map(|(article, start, end, ids, rank)| Sentence {
            article,
            start,
            end,
            vec: vocab.tfidf(&ids),
            rank,
        })
        .collect();
    Corpus {
        sentences,
        vocab_len: vocab.len(),
    }
}

/// True for a sentence fit to stand alone in a summary.
fn is_candidate(sentence: &str, quote_share: f64, config: &BriefConfig) -> bool {
    let words = text::words(sentence).count();
    if words < config.min_sentence_words || words > config.max_sentence_words {
        return false;
    }
    let first_ok = sentence
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || matches!(c, '"' | '\u{201C}'));
    let trimmed = sentence.trim_end_matches(['"', '\'', '\u{201D}', '\u{2019}', ')', ']']);
    let last_ok = trimmed.ends_with(['.', '!']);
    first_ok && last_ok && quote_share <= config.max_quote_share
}

/// The share of a sentence's bytes inside quotation marks or direct quotes; 1 when its
/// quotation marks do not pair up (a fragment of a longer quote).
fn quote_share(a: &model::AnalyzedArticle, start: usize, end: usize) -> f64 {
    let Some(sentence) = crate::slice(&a.article.body, start, end) else {
        return 0.0;
    };
    let len = sentence.len().max(1) as f64;
    let straight = sentence.matches('"').count();
    let open = sentence
        .matches(['\u{201C}', '\u{00AB}', '\u{201E}'])
        .count();
    let close = sentence.matches(['\u{201D}', '\u{00BB}']).count();
    if straight % 2 == 1 || open != close {
        return 1.0;
    }
    let mut inside = false;
    let mut quoted = 0usize;
    for c in sentence.chars() {
        match c {
            '"' => inside = !inside,
            '\u{201C}' | '\u{00AB}' | '\u{201E}' => inside = true,
            '\u{201D}' | '\u{00BB}' => inside = false,
            c if inside => quoted += c.len_utf8(),
            _ => {}
        }
    }
    let annotated: usize = a
        .annotations
        .quotes
        .iter()
        .filter(|q| q.kind == QuoteKind::Direct)
        .map(|q| q.end.min(end).saturating_sub(q.start.max(start)))
        .sum();
    (quoted.max(annotated) as f64 / len).min(1.0)
}

/// For each sentence, the articles other than its own carrying a sentence at or above
/// `threshold` cosine.
pub(crate) fn support(corpus: &Corpus, threshold: f64, only: &[usize]) -> Vec<BTreeSet<usize>> {
    let units: Vec<SparseVec> = corpus.sentences.iter().map(|s| s.vec.unit()).collect();
    let mut postings: Vec<Vec<(usize, f64)>> = vec![Vec::new(); corpus.vocab_len];
    for (t, v) in units.iter().enumerate() {
        for &(id, w) in &v.entries {
            if let Some(p) = postings.get_mut(id as usize) {
                p.push((t, w));
            }
        }
    }
    let mut acc = vec![0.0f64; units.len()];
    let mut touched = Vec::new();
    only.iter()
        .map(|&s| {
            let mut carriers = BTreeSet::new();
            let Some(unit) = units.get(s) else {
                return carriers;
            };
            let own = corpus.sentences[s].article;
            for &(id, w) in &unit.entries {
                for &(t, wt) in postings.get(id as usize).map_or(&[][..], Vec::as_slice) {
                    if acc[t] == 0.0 {
                        touched.push(t);
                    }
                    acc[t] += w * wt;
                }
            }
            for &t in &touched {
                let article = corpus.sentences[t].article;
                if article != own && acc[t] >= threshold - 1e-12 {
                    carriers.insert(article);
                }
                acc[t] = 0.0;
            }
            touched.clear();
            carriers
        })
        .collect()
}

/// The summary lines of a story.
pub(crate) fn summary(story: &Story<'_>, config: &BriefConfig) -> Vec<SummaryLine> {
    let corpus = corpus(story, config);
    let candidates: Vec<usize> = (0..corpus.sentences.len())
        .filter(|&s| corpus.sentences[s].rank.is_some() && !corpus.sentences[s].vec.is_empty())
        .collect();
    if candidates.is_empty() || config.summary_sentences == 0 {
        return Vec::new();
    }
    let centroid = centroid(story, &corpus, &candidates);
    let carriers = support(&corpus, config.support_similarity, &candidates);
    let primaries: BTreeSet<usize> = (0..story.articles.len())
        .filter(|&i| story.is_primary(i))
        .collect();
    let others = story.independent(&primaries).saturating_sub(1).max(1) as f64;

    let mut scored: Vec<(f64, usize, BTreeSet<usize>)> = candidates
        .iter()
        .zip(carriers)
        .map(|(&s, carriers)| {
            let sentence = &corpus.sentences[s];
            let rank = sentence.rank.unwrap_or(usize::MAX / 2);
            let lead = config.lead_bonus / (1 + rank) as f64;
            let mut with_own = carriers.clone();
            with_own.insert(sentence.article);
            let independent_others = story.independent(&with_own).saturating_sub(1) as f64;
            let score = sentence.vec.cosine(&centroid)
                + lead
                + config.support_weight * (independent_others / others).min(1.0);
            (score, s, with_own)
        })
        .collect();
    // Highest score first; ties go to the earlier article, then the earlier sentence.
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));

    let mut chosen: Vec<(usize, BTreeSet<usize>)> = Vec::new();
    for (_, s, members) in scored {
        if chosen.len() >= config.summary_sentences {
            break;
        }
        let vec = &corpus.sentences[s].vec;
        let redundant = chosen
            .iter()
            .any(|(c, _)| corpus.sentences[*c].vec.cosine(vec) >= config.redundancy_similarity);
        if !redundant {
            chosen.push((s, members));
        }
    }
    chosen.sort_by_key(|(s, _)| (corpus.sentences[*s].article, corpus.sentences[*s].start));
    chosen
        .into_iter()
        .filter_map(|(s, members)| {
            let sentence = &corpus.sentences[s];
            let body = &story.articles.get(sentence.article)?.article.body;
            let text = crate::slice(body, sentence.start, sentence.end)?;
            Some(SummaryLine {
                text: text.split_whitespace().collect::<Vec<_>>().join(" "),
                article_ids: story.ids(&members),
            })
        })
        .collect()
}

/// The story centroid: the sum of each original article's unit-length candidate vector.
fn centroid(story: &Story<'_>, corpus: &Corpus, candidates: &[usize]) -> SparseVec {
    let mut pairs = Vec::new();
    for i in 0..story.articles.len() {
        let article = SparseVec::from_pairs(
            candidates
                .iter()
                .map(|&s| &corpus.sentences[s])
                .filter(|s| s.article == i)
                .flat_map(|s| s.vec.entries.iter().copied()),
        );
        pairs.extend(article.unit().entries);
    }
    SparseVec::from_pairs(pairs)
}
