//! The extractive summary: central sentences, each cited with every article carrying it.
//!
//! Each candidate sentence of the original articles gets a row of signals
//! ([`SUMMARY_FEATURES`]): its tf-idf cosine with the story centroid (each article
//! weighing the same) and with the titles, its place in its article, how many other
//! outlets carry it, its length, how much of it is quoted, whether it holds a figure. A
//! logistic model weighs them into a score; its weights live in `summary.tsv`, which says
//! where they come from. `cargo run --release -p eval --example train_summary` fits them
//! on NeuS train against the AllSides roundups, and `chorus eval summary --split train`
//! scores a setting there; a fit is adopted only when val ROUGE and an editor's reading
//! (`../shared/judge/PROTOCOL.md`) both agree. The summary then takes, one at a time, the
//! best-scored sentence that repeats none taken before, and shows them in that order: the
//! most important first.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use model::{QuoteKind, SummaryLine};

use crate::sim::{shared_ids, Idf, SparseVec};
use crate::spans::Spans;
use crate::{BriefConfig, Story};

/// One sentence of a central article with its unit tf-idf vector.
pub(crate) struct Sentence {
    pub(crate) article: usize,
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) vec: SparseVec,
    /// Index among the article's candidate sentences, when it is a candidate.
    pub(crate) rank: Option<usize>,
    /// The share of the sentence inside quotation marks (0 unless a candidate).
    quoted: f64,
    /// The range each figure of the sentence allows (its number mentions' bounds).
    figures: Vec<(f64, f64)>,
    /// True when the sentence holds quotation marks.
    quotes: bool,
    /// The people the sentence names only by a short form ("Lunde") of a name its article
    /// gave in full before it ("Karin Lunde"): out of its article it leans on that line.
    short_names: Vec<String>,
    /// The people the sentence names in full.
    full_names: Vec<String>,
    /// True when the sentence opens with a description its article gave before ("The
    /// vote puts…" after a sentence on how the committee voted): it leans on that line.
    told_before: bool,
}

/// The names of a summary candidate's signals, in the order of a [`SummaryFeatures`] row
/// (and of `summary.tsv`).
pub const SUMMARY_FEATURES: [&str; 10] = [
    // Always 1: the intercept.
    "bias",
    // Tf-idf cosine of the sentence with the story's centroid.
    "centrality",
    // 1 / (1 + k) for the article's k-th candidate sentence: news puts the event first.
    "lead",
    // 1 for the article's first candidate sentence.
    "first",
    // The share of the story's other independent outlets carrying a like sentence.
    "support",
    // Tf-idf cosine of the sentence with the sum of the story's titles.
    "title",
    // Words over 30, capped at 2.
    "words",
    // The share of the sentence inside quotation marks.
    "quoted",
    // 1 when the sentence holds a digit (a figure, a date, a count).
    "figure",
    // Where the sentence starts in its article's body, 0 (top) to 1 (end).
    "depth",
];

/// The index of "support" in [`SUMMARY_FEATURES`]: the one signal known only after the
/// pairwise work.
const SUPPORT: usize = 4;

/// One candidate sentence's signals, ordered as [`SUMMARY_FEATURES`].
pub type SummaryFeatures = [f64; SUMMARY_FEATURES.len()];

/// The learned weights (see the module docs).
const WEIGHTS: &str = include_str!("summary.tsv");

/// The summary model: a logistic model over [`SummaryFeatures`].
#[derive(Debug, Clone, PartialEq)]
pub struct SummaryModel {
    model: learn::Logistic,
}

impl Default for SummaryModel {
    /// The weights of `summary.tsv`. The file is part of the source and its parse is
    /// checked by a unit test, so a line that does not parse can only come from an edit;
    /// it reads as weight 0.
    fn default() -> Self {
        SummaryModel {
            model: learn::Logistic::from_tsv(&SUMMARY_FEATURES, WEIGHTS),
        }
    }
}

impl SummaryModel {
    /// A model with the given weights (ordered as [`SUMMARY_FEATURES`]).
    pub fn new(weights: SummaryFeatures) -> Self {
        SummaryModel {
            model: learn::Logistic::new(weights.to_vec()),
        }
    }

    /// The score of a sentence with these signals, 0 to 1 (with fitted weights, the
    /// probability that a roundup would use it).
    pub fn probability(&self, features: &SummaryFeatures) -> f64 {
        self.model.probability(features)
    }

    /// The weights as `summary.tsv` holds them.
    pub fn to_tsv(&self) -> String {
        self.model.to_tsv(&SUMMARY_FEATURES)
    }
}

/// The most central articles of a story and their sentences, vectorised once.
///
/// Document frequencies are counted over the sentences of every original article; the
/// centroid gives each original article the same weight. Only the `max_central_articles`
/// articles closest to the centroid keep their sentences, which bounds the work of the
/// summary and the timeline on very large stories.
pub(crate) struct Central {
    /// Indices of the central articles, ascending.
    pub(crate) articles: Vec<usize>,
    pub(crate) sentences: Vec<Sentence>,
    centroid: SparseVec,
    /// The tf-idf vector of the original articles' titles together, unit length.
    titles: SparseVec,

    /// The centroid's weights by term id, so that a cosine with it costs the length of
    /// the other vector only.
    dense: Vec<f64>,
    vocab_len: usize,
}

impl Central {
    /// The tf-idf cosine of sentence `k` with the story centroid; 0 when out of range.
    pub(crate) fn centrality(&self, k: usize) -> f64 {
        self.sentences
            .get(k)
            .map_or(0.0, |s| cosine_dense(&s.vec, &self.centroid, &self.dense))
    }

    pub(crate) fn new(story: &Story<'_>, vocab_len: usize, config: &BriefConfig) -> Central {
        let mut idf = Idf::new(vocab_len);
        for (i, sentences) in story.sentences.iter().enumerate() {
            if story.is_primary(i) {
                for s in sentences {
                    idf.add_document(&s.terms);
                }
            }
        }
        // Candidate ranks and tf-idf vectors of every sentence (linear in the story).
        let mut ranks: Vec<Vec<Option<(usize, f64)>>> = Vec::with_capacity(story.articles.len());
        let mut vecs: Vec<Vec<SparseVec>> = Vec::with_capacity(story.articles.len());
        let mut told: Vec<Vec<bool>> = Vec::with_capacity(story.articles.len());
        for (i, a) in story.articles.iter().enumerate() {
            let primary = story.is_primary(i);
            let body = &a.article.body;
            let direct = Spans::new(
                a.annotations
                    .quotes
                    .iter()
                    .filter(|q| q.kind == QuoteKind::Direct)
                    .map(|q| (q.start, q.end)),
            );
            let mut seen = BTreeSet::new();
            let mut rank = 0;
            let sentences = story.sentences.get(i).map_or(&[][..], Vec::as_slice);
            let mut terms_before: HashSet<u32> = HashSet::new();
            told.push(
                sentences
                    .iter()
                    .map(|s| {
                        let text = crate::slice(body, s.start, s.end).unwrap_or("");
                        let told = definite_opening(text)
                            && !terms_before.is_empty()
                            && (s.terms.first().is_some_and(|t| terms_before.contains(t))
                                || text::words(text).take(4).any(|(_, w)| w == "also"));
                        terms_before.extend(s.terms.iter().copied());
                        told
                    })
                    .collect(),
            );
            ranks.push(
                sentences
                    .iter()
                    .map(|s| {
                        let text = crate::slice(body, s.start, s.end)?;
                        let fresh = seen.insert(text::fingerprint_text(text));
                        let quoted = quote_share(a, &direct, s.start, s.end);
                        let candidate = primary && fresh && is_candidate(text, quoted, config);
                        candidate.then(|| {
                            rank += 1;
                            (rank - 1, quoted)
                        })
                    })
                    .collect(),
            );
            vecs.push(
                sentences
                    .iter()
                    .map(|s| idf.tfidf(&s.terms).unit())
                    .collect(),
            );
        }
        // Each article's vector: the sum of its candidate sentences (all of its sentences
        // when it has no candidate), unit length.
        let article_vecs: Vec<SparseVec> = vecs
            .iter()
            .zip(&ranks)
            .map(|(vs, rs)| {
                let any = rs.iter().any(Option::is_some);
                SparseVec::from_ids(
                    vs.iter()
                        .zip(rs)
                        .filter(|(_, r)| !any || r.is_some())
                        .flat_map(|(v, _)| v.entries.iter().copied()),
                )
                .unit()
            })
            .collect();
        let mut dense = vec![0.0f64; vocab_len];
        for (i, v) in article_vecs.iter().enumerate() {
            if story.is_primary(i) {
                for &(id, w) in &v.entries {
                    if let Some(d) = dense.get_mut(id as usize) {
                        *d += w;
                    }
                }
            }
        }
        let centroid = SparseVec::from_ids(
            dense
                .iter()
                .enumerate()
                .filter(|(_, w)| **w != 0.0)
                .map(|(id, &w)| (u32::try_from(id).unwrap_or(u32::MAX), w)),
        );
        let mut order: Vec<(f64, usize)> = article_vecs
            .iter()
            .enumerate()
            .map(|(i, v)| (cosine_dense(v, &centroid, &dense), i))
            .collect();
        order.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let title_terms: Vec<u32> = (0..story.articles.len())
            .filter(|&i| story.is_primary(i))
            .filter_map(|i| story.titles.get(i))
            .flatten()
            .copied()
            .collect();
        let titles = idf.tfidf(&title_terms).unit();
        let mut articles: Vec<usize> = order
            .into_iter()
            .take(config.max_central_articles.max(1))
            .map(|(_, i)| i)
            .collect();
        articles.sort_unstable();
        let mut sentences = Vec::new();
        for &i in &articles {
            let (Some(ss), Some(vs), Some(rs)) = (
                story.sentences.get(i),
                vecs.get_mut(i).map(std::mem::take),
                ranks.get(i),
            ) else {
                continue;
            };
            let body_of = |i: usize| story.articles.get(i).map_or("", |a| &a.article.body);
            let numbers = story
                .articles
                .get(i)
                .map_or(&[][..], |a| a.annotations.numbers.as_slice());
            let people = People::new(story, i);
            let told = told.get(i).map_or(&[][..], Vec::as_slice);
            for (k, ((s, vec), &rank)) in ss.iter().zip(vs).zip(rs).enumerate() {
                sentences.push(Sentence {
                    article: i,
                    start: s.start,
                    end: s.end,
                    vec,
                    rank: rank.map(|(r, _)| r),
                    quoted: rank.map_or(0.0, |(_, q)| q),
                    quotes: crate::slice(body_of(i), s.start, s.end)
                        .is_some_and(|t| t.contains(['"', '\u{201C}', '\u{201D}'])),
                    figures: numbers
                        .iter()
                        .filter(|n| n.start >= s.start && n.end <= s.end)
                        .map(|n| (n.low, n.high))
                        .collect(),
                    short_names: people.short_names(s.start, s.end),
                    full_names: people
                        .within(s.start, s.end)
                        .filter(|m| m.text == m.name)
                        .map(|m| m.name.clone())
                        .collect(),
                    told_before: told.get(k).copied().unwrap_or(false),
                });
            }
        }
        Central {
            articles,
            sentences,
            centroid,
            titles,
            dense,
            vocab_len,
        }
    }

    /// The signals of candidate sentence `k` with `support` (see [`SUMMARY_FEATURES`]).
    fn features(&self, story: &Story<'_>, k: usize, support: f64) -> SummaryFeatures {
        debug_assert_eq!(SUMMARY_FEATURES[SUPPORT], "support");
        let Some(s) = self.sentences.get(k) else {
            return [0.0; SUMMARY_FEATURES.len()];
        };
        let body = story
            .articles
            .get(s.article)
            .map_or("", |a| &a.article.body);
        let text = crate::slice(body, s.start, s.end).unwrap_or("");
        let rank = s.rank.unwrap_or(0);
        [
            1.0,
            self.centrality(k),
            1.0 / (1 + rank) as f64,
            f64::from(u8::from(rank == 0)),
            support,
            s.vec.cosine(&self.titles),
            (text::words(text).count() as f64 / 30.0).min(2.0),
            s.quoted,
            f64::from(u8::from(text.bytes().any(|b| b.is_ascii_digit()))),
            s.start as f64 / body.len().max(1) as f64,
        ]
    }
}

/// The people an article's confident mentions name, in text order, with where each is
/// first written in full.
struct People<'s> {
    mentions: Vec<&'s model::EntityMention>,
    /// For each person, the end of the first mention giving the full name.
    first_full: BTreeMap<&'s str, usize>,
}

impl<'s> People<'s> {
    fn new(story: &'s Story<'_>, i: usize) -> People<'s> {
        let mut mentions: Vec<&model::EntityMention> = story
            .articles
            .get(i)
            .map_or(&[][..], |a| a.annotations.entities.as_slice())
            .iter()
            .filter(|m| {
                m.kind == model::EntityKind::Person
                    && m.confidence >= model::EntityMention::SHOWN_CONFIDENCE
            })
            .collect();
        mentions.sort_by_key(|m| (m.start, m.end));
        let mut first_full: BTreeMap<&str, usize> = BTreeMap::new();
        for m in mentions.iter().filter(|m| m.text == m.name) {
            let end = first_full.entry(m.name.as_str()).or_insert(m.end);
            *end = (*end).min(m.end);
        }
        People {
            mentions,
            first_full,
        }
    }

    /// The mentions between `start` and `end`.
    fn within(
        &self,
        start: usize,
        end: usize,
    ) -> impl Iterator<Item = &'s model::EntityMention> + '_ {
        let from = self.mentions.partition_point(|m| m.start < start);
        self.mentions[from..]
            .iter()
            .take_while(move |m| m.start < end)
            .filter(move |m| m.end <= end)
            .copied()
    }

    /// The people the sentence `start..end` names only by a shorter form of a name
    /// written in full earlier in the article (see [`Sentence::short_names`]).
    fn short_names(&self, start: usize, end: usize) -> Vec<String> {
        let full: BTreeSet<&str> = self
            .within(start, end)
            .filter(|m| m.text == m.name)
            .map(|m| m.name.as_str())
            .collect();
        let mut out: Vec<String> = self
            .within(start, end)
            .filter(|m| m.text != m.name && m.text.len() < m.name.len())
            .filter(|m| {
                !full.contains(m.name.as_str())
                    && self
                        .first_full
                        .get(m.name.as_str())
                        .is_some_and(|&e| e <= start)
            })
            .map(|m| m.name.clone())
            .collect();
        out.sort();
        out.dedup();
        out
    }
}

/// The cosine of `v` with `centroid`, whose weights by term id are `dense`: the same sum
/// in the same order as [`SparseVec::cosine`], without walking the centroid.
fn cosine_dense(v: &SparseVec, centroid: &SparseVec, dense: &[f64]) -> f64 {
    if v.norm == 0.0 || centroid.norm == 0.0 {
        return 0.0;
    }
    let mut dot = 0.0;
    for &(id, w) in &v.entries {
        match dense.get(id as usize) {
            Some(&c) if c != 0.0 => dot += w * c,
            _ => {}
        }
    }
    dot / (v.norm * centroid.norm)
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
    // An ellipsis ends an excerpt (a feed's teaser cut short), not a sentence.
    let last_ok =
        trimmed.ends_with(['.', '!']) && !trimmed.ends_with("..") && !trimmed.ends_with('…');
    first_ok && last_ok && brackets_pair(sentence) && quote_share <= config.max_quote_share
}

/// First words that tie a sentence to the one before it ("But many are…", "It was…",
/// "He added…", "In the second, he…"): out of its article, such a sentence does not
/// stand alone.
const TIED_OPENERS: &[&str] = &[
    "but",
    "and",
    "or",
    "so",
    "yet",
    "also",
    "still",
    "however",
    "instead",
    "meanwhile",
    "it",
    "its",
    "he",
    "she",
    "they",
    "his",
    "her",
    "their",
    "this",
    "that",
    "these",
    "those",
    "such",
    "then",
    "thus",
    "another",
    "second",
];

/// True when a sentence reads on its own: no [`TIED_OPENERS`] word or ordinal reference
/// ("In the second, …") first, and no section label ("Driving the news: …") in front.
fn stands_alone(sentence: &str) -> bool {
    let mut words = text::words(sentence).map(|(_, w)| w.to_lowercase());
    let first = words.next().unwrap_or_default();
    let second = words.next().unwrap_or_default();
    let third = words.next().unwrap_or_default();
    if TIED_OPENERS.contains(&first.as_str()) {
        return false;
    }
    if first == "in" && second == "the" && TIED_OPENERS.contains(&third.as_str()) {
        return false;
    }
    // A pointing word second ("Since then, …", "After that …", "When they arrived …")
    // ties the opening to what came before.
    if second == "then" || POINTING.contains(&second.as_str()) {
        return false;
    }
    if runs_together(sentence) {
        return false;
    }
    if refers_back(sentence) {
        return false;
    }
    if opening_phrase_points_back(sentence) {
        return false;
    }
    // A label: a colon within the first four words, outside quotation marks.
    let head: String = sentence.chars().take(40).collect();
    !head.find(':').is_some_and(|at| {
        text::words(&head[..at]).count() <= 4 && !head[..at].contains(['"', '\u{201C}'])
    })
}

/// Verbs of saying after a bare definite subject ("The official said …").
const SAYING: &[&str] = &["said", "says", "told", "added", "noted", "explained"];

/// Nouns that name one of many people of a kind: "the official" stands for the one a
/// sentence before introduced ("a senior White House official"), where "the mayor" or
/// "the council" names the only one.
const GENERIC_PEOPLE: &[&str] = &[
    "official",
    "officials",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "source",
    "sources",
    "person",
    "man",
    "woman",
    "researcher",
    "researchers",
    "expert",
    "experts",
    "analyst",
    "analysts",
    "aide",
    "diplomat",
    "lawmaker",
];

/// Nouns that, after an opening "The", name an act the article told before ("The move
/// comes after …", "The offer of a universal tool reflects …").
const TELLING_BACK: &[&str] = &[
    "move",
    "decision",
    "offer",
    "announcement",
    "step",
    "remarks",
    "comments",
    "incident",
    "development",
    "news",
];

/// True when the sentence names someone only by a description that stands for a person
/// its article introduced before it: "The official said …" ([`GENERIC_PEOPLE`]), or
/// "the 53-year-old" for a person named elsewhere, or an act only by "The move"
/// ([`TELLING_BACK`]).
fn refers_back(sentence: &str) -> bool {
    let words: Vec<&str> = text::words(sentence).map(|(_, w)| w).take(3).collect();
    if let [the, noun, verb] = words[..] {
        if the == "The" && GENERIC_PEOPLE.contains(&noun) && SAYING.contains(&verb) {
            return true;
        }
    }
    if let [the, noun, ..] = words[..] {
        if the == "The" && TELLING_BACK.contains(&noun) {
            return true;
        }
    }
    let lower = sentence.to_lowercase();
    lower.match_indices("the ").any(|(at, _)| {
        let rest = &lower[at + 4..];
        let digits = rest.chars().take_while(char::is_ascii_digit).count();
        digits > 0 && rest[digits..].starts_with("-year-old")
    })
}

/// True when a sentence opens with "The" and a common noun ("The union is seeking…",
/// "The mayor also said…"): a definite description, which leans on an earlier
/// line when its article named that noun before or the sentence adds to it ("also").
fn definite_opening(sentence: &str) -> bool {
    let mut words = text::words(sentence);
    let common_noun = |w: &str| {
        w.chars().next().is_some_and(char::is_lowercase)
            && w.chars().all(char::is_alphabetic)
            && !text::is_stopword(w)
    };
    let (Some((_, "The")), Some((at, noun)), Some((next_at, next))) =
        (words.next(), words.next(), words.next())
    else {
        return false;
    };
    // The noun alone is the phrase: a comma or the verb group follows it ("The union
    // is…", "The ballot puts…"), not another noun ("The port authority said…").
    let comma = sentence
        .get(at + noun.len()..next_at)
        .is_some_and(|g| g.contains(','));
    let verb_group = matches!(
        next,
        "is" | "was"
            | "are"
            | "were"
            | "has"
            | "had"
            | "have"
            | "will"
            | "would"
            | "also"
            | "can"
            | "could"
            | "may"
            | "might"
            | "must"
            | "should"
    ) || ((next.ends_with("ed") || next.ends_with('s')) && !next.ends_with("ss"));
    common_noun(noun) && (comma || verb_group)
}

/// A lead sentence without the dateline in front of it ("BRENNMOUTH — The strike…",
/// "KELDON (Wire) - …"): the place a report was filed from is no part of what
/// the summary says.
fn without_dateline(sentence: &str) -> &str {
    let head: String = sentence.chars().take(48).collect();
    let Some((at, dash)) = [" \u{2014} ", " \u{2013} ", " -- ", " - ", "\u{2014}"]
        .iter()
        .filter_map(|d| head.find(d).map(|at| (at, *d)))
        .min()
    else {
        return sentence;
    };
    let place = &head[..at];
    let words: Vec<&str> = place.split_whitespace().collect();
    // The place in capitals, then perhaps its state or an agency in brackets.
    let capitals = words.first().is_some_and(|w| {
        let letters: Vec<char> = w.chars().filter(|c| c.is_alphabetic()).collect();
        letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase())
    });
    if !capitals || words.len() > 4 {
        return sentence;
    }
    let rest = &sentence[at + dash.len()..];
    if rest.starts_with(char::is_uppercase) || rest.starts_with(['"', '\u{201C}']) {
        rest
    } else {
        sentence
    }
}

/// True when a sentence holds the end of another with no space after it ("…the
/// port.Dockers said …"): two sentences run together, read as one.
fn runs_together(sentence: &str) -> bool {
    sentence.as_bytes().windows(3).any(|w| {
        w[0].is_ascii_lowercase() && matches!(w[1], b'.' | b'!' | b'?') && w[2].is_ascii_uppercase()
    })
}

/// Words that point back to something said before them.
const POINTING: &[&str] = &[
    "it", "its", "he", "him", "his", "she", "her", "they", "them", "their", "this", "that",
    "these", "those",
];

/// True when a short opening phrase, of at most five words set off by a comma, holds
/// a word pointing back, or the clause after it opens with one ("Understanding this, the
/// party…", "Now, it appears…", "In a statement, he said…"): the sentence leans on the
/// one before it.
fn opening_phrase_points_back(sentence: &str) -> bool {
    let Some(comma) = sentence.find(',') else {
        return false;
    };
    let head = &sentence[..comma];
    if text::words(head).count() > 5 || head.contains(['"', '\u{201C}']) {
        return false;
    }
    let points = |w: &str| POINTING.contains(&w.to_lowercase().as_str());
    text::words(head).any(|(_, w)| points(w))
        || text::words(&sentence[comma..])
            .next()
            .is_some_and(|(_, w)| points(w))
}

/// True when every bracket of a sentence closes after it opens: a sentence cut inside a
/// parenthesis ("led by Rep. Jane Doe (D-Md.") is a fragment.
fn brackets_pair(sentence: &str) -> bool {
    let mut depth = 0i32;
    for c in sentence.chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => {
                depth -= 1;
                if depth < 0 {
                    return false;
                }
            }
            _ => {}
        }
    }
    depth == 0
}

/// The share of a sentence's bytes inside quotation marks or direct quotes; 1 when its
/// quotation marks do not pair up (a fragment of a longer quote).
fn quote_share(a: &model::AnalyzedArticle, direct: &Spans, start: usize, end: usize) -> f64 {
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
    let annotated: usize = direct
        .overlapping(start, end)
        .filter_map(|k| direct.range(k))
        .map(|(qs, qe)| qe.min(end).saturating_sub(qs.max(start)))
        .sum();
    (quoted.max(annotated) as f64 / len).min(1.0)
}

/// For each sentence of `only`, the articles other than its own carrying a sentence at
/// or above `threshold` cosine, found through an inverted index over term ids.
pub(crate) fn support(central: &Central, threshold: f64, only: &[usize]) -> Vec<BTreeSet<usize>> {
    let mut index = Support::new(central);
    only.iter().map(|&s| index.carriers(s, threshold)).collect()
}

/// An inverted index over the term ids of the central sentences, built once and asked
/// sentence by sentence.
pub(crate) struct Support<'c> {
    central: &'c Central,
    postings: Vec<Vec<(usize, f64)>>,
    acc: Vec<f64>,
    touched: Vec<usize>,
}

impl<'c> Support<'c> {
    pub(crate) fn new(central: &'c Central) -> Support<'c> {
        let mut postings: Vec<Vec<(usize, f64)>> = vec![Vec::new(); central.vocab_len];
        for (t, s) in central.sentences.iter().enumerate() {
            for &(id, w) in &s.vec.entries {
                if let Some(p) = postings.get_mut(id as usize) {
                    p.push((t, w));
                }
            }
        }
        Support {
            central,
            postings,
            acc: vec![0.0f64; central.sentences.len()],
            touched: Vec::new(),
        }
    }

    /// The articles other than its own carrying a sentence at or above `threshold`
    /// cosine with sentence `s`.
    pub(crate) fn carriers(&mut self, s: usize, threshold: f64) -> BTreeSet<usize> {
        let mut carriers = BTreeSet::new();
        let Some(sentence) = self.central.sentences.get(s) else {
            return carriers;
        };
        for &(id, w) in &sentence.vec.entries {
            for &(t, wt) in self
                .postings
                .get(id as usize)
                .map_or(&[][..], Vec::as_slice)
            {
                if self.acc[t] == 0.0 {
                    self.touched.push(t);
                }
                self.acc[t] += w * wt;
            }
        }
        for &t in &self.touched {
            let other = &self.central.sentences[t];
            if other.article != sentence.article
                && self.acc[t] >= threshold - 1e-12
                && states_figures(other, sentence)
                // Quoted words are carried only by a sentence that quotes too: "Castell said
                // crews worked long shifts" does not carry what he is quoted saying.
                && (other.quotes || !sentence.quotes)
            {
                carriers.insert(other.article);
            }
            self.acc[t] = 0.0;
        }
        self.touched.clear();
        carriers
    }
}

/// True when `carrier` states every figure of `sentence` (a figure of its own whose range
/// meets the other's): two sentences alike in words but not in their figures ("shifts of
/// up to 16 hours" against "shifts capped at twelve hours") do not carry each other.
fn states_figures(carrier: &Sentence, sentence: &Sentence) -> bool {
    sentence.figures.iter().all(|&(low, high)| {
        carrier
            .figures
            .iter()
            .any(|&(l, h)| l <= high * (1.0 + 1e-9) && low <= h * (1.0 + 1e-9))
    })
}

/// A candidate sentence with its signals, the model's probability and the articles
/// carrying it (its own included).
pub(crate) struct Scored {
    pub(crate) sentence: usize,
    pub(crate) features: SummaryFeatures,
    pub(crate) probability: f64,
    pub(crate) members: BTreeSet<usize>,
}

/// Every candidate sentence fit to stand alone, scored by the summary model, most likely
/// first (ties to the earlier article, then the earlier sentence).
pub(crate) fn scored(story: &Story<'_>, central: &Central, config: &BriefConfig) -> Vec<Scored> {
    // Pre-score every candidate without support; only the best get pairwise work.
    let mut pre: Vec<(f64, usize, SummaryFeatures)> = central
        .sentences
        .iter()
        .enumerate()
        .filter(|(_, s)| s.rank.is_some() && !s.vec.is_empty() && !s.told_before)
        // A sentence tied to the one before is not shown alone; it still counts in what is
        // central and in the lead ranks of the sentences after it.
        .filter(|(_, s)| {
            story
                .articles
                .get(s.article)
                .and_then(|a| crate::slice(&a.article.body, s.start, s.end))
                .is_some_and(stands_alone)
        })
        .map(|(k, _)| {
            let features = central.features(story, k, 0.0);
            (config.summary_model.probability(&features), k, features)
        })
        .collect();
    pre.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    // Sentences with the same terms (copies, wire text) compete once: the best placed
    // stands for all of them, and the others are cited through support below.
    let mut seen: BTreeSet<Vec<u32>> = BTreeSet::new();
    pre.retain(|&(_, k, _)| {
        seen.insert(
            central.sentences[k]
                .vec
                .entries
                .iter()
                .map(|e| e.0)
                .collect(),
        )
    });
    pre.truncate(config.max_candidates.max(config.summary_sentences));
    let candidates: Vec<usize> = pre.iter().map(|&(_, k, _)| k).collect();
    let carriers = support(central, config.support_similarity, &candidates);
    let primaries: BTreeSet<usize> = central
        .articles
        .iter()
        .copied()
        .filter(|&i| story.is_primary(i))
        .collect();
    let others = story.independent(&primaries).saturating_sub(1).max(1) as f64;
    let mut scored: Vec<Scored> = pre
        .into_iter()
        .zip(carriers)
        .map(|((_, s, mut features), mut members)| {
            members.insert(central.sentences[s].article);
            let independent_others = story.independent(&members).saturating_sub(1) as f64;
            features[SUPPORT] = (independent_others / others).min(1.0);
            Scored {
                sentence: s,
                probability: config.summary_model.probability(&features),
                features,
                members,
            }
        })
        .collect();
    scored.sort_by(|a, b| {
        b.probability
            .total_cmp(&a.probability)
            .then(a.sentence.cmp(&b.sentence))
    });
    scored
}

/// True when two sentences state one exact figure (not a range or a hedged amount, not
/// a count below 3 nor a year-like number): "$70 million" in both.
fn shares_exact_figure(a: &Sentence, b: &Sentence) -> bool {
    let exact = |&(low, high): &(f64, f64)| {
        let year = low.fract() == 0.0 && (1900.0..=2100.0).contains(&low);
        low == high && low >= 3.0 && !year
    };
    a.figures
        .iter()
        .filter(|f| exact(f))
        .any(|f| b.figures.iter().any(|g| g == f))
}

/// Whether two articles of a story were published on the same day, or are both
/// undated: leads of later days tell what happened next.
fn same_day(story: &Story<'_>, a: usize, b: usize) -> bool {
    let day = |k: usize| story.articles.get(k).map(|x| x.article.published);
    day(a).is_some_and(|x| day(b) == Some(x))
}

/// The names and figures of a sentence: its capitalised words after the first and its
/// words holding a digit, lower-cased. Two sentences naming the same people and places
/// with the same figures tell the same event, however they word it.
fn keys(sentence: &str) -> BTreeSet<String> {
    text::words(sentence)
        .skip(1)
        .map(|(_, w)| w)
        .filter(|w| {
            w.chars().any(|c| c.is_ascii_digit())
                || (w.chars().next().is_some_and(char::is_uppercase) && w.chars().count() > 1)
        })
        .map(str::to_lowercase)
        .collect()
}

/// Fewest terms in the shorter of two sentences for [`BriefConfig::redundancy_containment`]
/// to judge them.
const CONTAINED_TERMS: usize = 5;
/// The least share of the names and figures of the sentence holding fewer of them that
/// another sentence must share (two at least), with a tf-idf cosine of [`EVENT_COSINE`]
/// or more, to tell the same event: "Minister Ola Brandt told Tarnmark radio on Friday
/// the Halden talks were stuck" and "Ola Brandt said on Friday that Tarnmark saw no way
/// forward at Halden" are one line in a summary. With [`TOPIC_SHARE`] 0.35 and [`EVENT_COSINE`] 0.2, 0.5 to 0.67 all
/// move NeuS train ROUGE-1 F1 by under 0.001 at 70 and at the default budget.
const EVENT_SHARE: f64 = 0.67;
/// See [`EVENT_SHARE`].
const EVENT_COSINE: f64 = 0.2;
/// The least tf-idf cosine of two sentences stating one exact figure for them to tell
/// the same fact: a figure the whole story repeats weighs little in the cosine.
const FIGURE_COSINE: f64 = 0.1;
/// Names and figures held by this share of the candidates or more are the story's topic
/// and do not tell events apart. Without this, the event test dropped the outcome of a
/// port strike (every line names the port) and lowered NeuS train ROUGE-1 F1 at the
/// default budget by 0.001.
const TOPIC_SHARE: f64 = 0.35;

/// The summary lines of a story, within `budget` words when it is positive; a line that
/// mostly retells the headline (its terms `headline`) is left out (see
/// [`BriefConfig::headline_coverage`]).
pub(crate) fn summary(
    story: &Story<'_>,
    central: &Central,
    budget: usize,
    headline: &[u32],
    config: &BriefConfig,
) -> Vec<SummaryLine> {
    let headline: BTreeSet<u32> = headline.iter().copied().collect();
    if config.summary_sentences == 0 {
        return Vec::new();
    }
    let pool = scored(story, central, config);
    let text_of = |s: usize| {
        let sentence = &central.sentences[s];
        story
            .articles
            .get(sentence.article)
            .and_then(|a| crate::slice(&a.article.body, sentence.start, sentence.end))
            .unwrap_or("")
    };
    // Names and figures most of the candidates share are the story's topic ("Brennmouth"
    // in a story about its port), not what tells one event from another.
    let mut pool_keys: Vec<BTreeSet<String>> =
        pool.iter().map(|c| keys(text_of(c.sentence))).collect();
    let mut df: BTreeMap<String, usize> = BTreeMap::new();
    for k in pool_keys.iter().flatten() {
        *df.entry(k.clone()).or_insert(0) += 1;
    }
    let n = pool_keys.len().max(1) as f64;
    for ks in &mut pool_keys {
        ks.retain(|k| (df.get(k).copied().unwrap_or(0) as f64) < TOPIC_SHARE * n);
    }
    let mut open = vec![true; pool.len()];
    let mut chosen: Vec<(usize, BTreeSet<usize>)> = Vec::new();
    let mut chosen_pool: Vec<usize> = Vec::new();
    // The terms of the chosen sentences.
    let mut covered: BTreeSet<u32> = BTreeSet::new();
    let mut words = 0usize;
    // Each round takes the likeliest candidate that is not redundant, fits the budget and
    // has its people introduced; a candidate waiting for the line that introduces a
    // person stays open for the next round. The lines are shown in the order taken: the
    // most important first, and a person's full name before a short form. (Adding to the
    // score 0.005 to 0.05 times the terms a line adds that other outlets use too raised
    // NeuS train ROUGE-1 F1 by 0.003 to 0.004 at 70 words, but took long lines of names
    // and colour, and a line of dialogue, over the outcome in the sample stories.)
    while chosen.len() < config.summary_sentences && (budget == 0 || words < budget) {
        let mut best: Option<usize> = None;
        for (i, c) in pool.iter().enumerate() {
            if !open[i] {
                continue;
            }
            let sentence = &central.sentences[c.sentence];
            let covered_share: f64 = sentence
                .vec
                .entries
                .iter()
                .filter(|(id, _)| covered.contains(id))
                .map(|(_, w)| w * w)
                .sum();
            let mut most_like = 0.0f64;
            let mut same_event = false;
            for &j in &chosen_pool {
                let other = &central.sentences[pool[j].sentence];
                let cos = other.vec.cosine(&sentence.vec);
                most_like = most_like.max(cos);
                // One sentence holds the other's terms: the same fact in other words.
                let least = sentence.vec.entries.len().min(other.vec.entries.len());
                if least >= CONTAINED_TERMS
                    && shared_ids(&sentence.vec, &other.vec) as f64
                        >= config.redundancy_containment * least as f64
                {
                    same_event = true;
                }
                let (a, b) = (&pool_keys[i], &pool_keys[j]);
                let shared = a.intersection(b).count();
                let least = a.len().min(b.len()).max(1);
                if shared >= 2 && shared as f64 / least as f64 >= EVENT_SHARE && cos >= EVENT_COSINE
                {
                    same_event = true;
                }
                // Two outlets' leads of one day tell the story's main event: one of them
                // is enough unless they share next to nothing.
                if sentence.rank == Some(0)
                    && other.rank == Some(0)
                    && sentence.article != other.article
                    && cos >= config.lead_redundancy
                    && same_day(story, sentence.article, other.article)
                {
                    same_event = true;
                }
                // The same exact figure in like words is the same fact, however common
                // the figure is in the story ("demanded $70 million" in three outlets).
                if cos >= FIGURE_COSINE && shares_exact_figure(sentence, other) {
                    same_event = true;
                }
            }
            let headline_share: f64 = sentence
                .vec
                .entries
                .iter()
                .filter(|(id, _)| headline.contains(id))
                .map(|(_, w)| w * w)
                .sum();
            let redundant = covered_share >= config.redundancy_coverage
                || headline_share >= config.headline_coverage
                || most_like >= config.redundancy_similarity
                || same_event;
            if redundant {
                open[i] = false;
                continue;
            }
            // A person named by a short form needs a line shown before it that gives
            // the full name.
            let introduced = sentence.short_names.iter().all(|name| {
                chosen_pool.iter().any(|&j| {
                    central.sentences[pool[j].sentence]
                        .full_names
                        .contains(name)
                })
            });
            if !introduced {
                continue;
            }
            let length = text::words(text_of(c.sentence)).count();
            // Under a word budget, a sentence that would leave the summary further from
            // the budget than it is gives way to a shorter one (the first is always taken).
            if budget > 0
                && !chosen.is_empty()
                && (words + length).abs_diff(budget) > words.abs_diff(budget)
            {
                open[i] = false;
                continue;
            }
            best = Some(i);
            break;
        }
        let Some(i) = best else { break };
        open[i] = false;
        let c = &pool[i];
        let sentence = &central.sentences[c.sentence];
        words += text::words(text_of(c.sentence)).count();
        covered.extend(sentence.vec.entries.iter().map(|(id, _)| *id));
        chosen_pool.push(i);
        chosen.push((c.sentence, c.members.clone()));
    }
    chosen
        .into_iter()
        .filter_map(|(s, members)| {
            let sentence = &central.sentences[s];
            let body = &story.articles.get(sentence.article)?.article.body;
            let text = crate::slice(body, sentence.start, sentence.end)?;
            Some(SummaryLine {
                text: without_dateline(text)
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" "),
                article_ids: story.ids(&members),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_feature_has_a_weight_in_the_file() {
        assert_eq!(learn::check_tsv(&SUMMARY_FEATURES, WEIGHTS), Ok(()));
    }

    #[test]
    fn an_opening_phrase_that_points_back_ties_a_sentence() {
        assert!(!stands_alone(
            "Knowing this, the council voted to close the bridge."
        ));
        assert!(!stands_alone(
            "Later, they walked back the plan for the harbour."
        ));
        assert!(!stands_alone(
            "In a statement on Friday, he said the plan was off."
        ));
        assert!(stands_alone(
            "On Friday, the council voted to close the bridge."
        ));
        assert!(stands_alone(
            "The council, which met on Friday, voted to close it."
        ));
    }

    #[test]
    fn sentences_tied_to_the_one_before_do_not_stand_alone() {
        assert!(stands_alone(
            "The council voted on Monday to close the bridge."
        ));
        assert!(stands_alone(
            "The mayor said the council would meet again on Friday."
        ));
        // A bare pronoun names someone only the sentence before introduced.
        assert!(!stands_alone(
            "He said the council would meet again on Friday."
        ));
        assert!(!stands_alone("Their vote came after a long debate."));
        assert!(!stands_alone("But many residents say the bridge is safe."));
        assert!(!stands_alone("It was the third vote this year."));
        assert!(!stands_alone("In the second, the mayor spoke for an hour."));
        assert!(!stands_alone("State of play: the council meets on Friday."));
        assert!(stands_alone(
            "\"We will rebuild it: all of it,\" the mayor said."
        ));
        // A description standing for someone named in the sentence before.
        assert!(!stands_alone(
            "The official said the ferries will run again on Monday."
        ));
        assert!(!stands_alone(
            "Critics had accused the 61-year-old of ruling alone."
        ));
        assert!(!stands_alone(
            "The move comes a week after the harbour board met."
        ));
        assert!(stands_alone(
            "The Harbour Board said the ferries will run again on Monday."
        ));
        assert!(stands_alone(
            "A 61-year-old man was rescued from the river on Monday."
        ));
    }

    #[test]
    fn a_lead_line_loses_its_dateline() {
        assert_eq!(
            without_dateline("BRENNMOUTH \u{2014} The strike entered its second day."),
            "The strike entered its second day."
        );
        assert_eq!(
            without_dateline("KELDON, Vel. (Wire) -- Talks resumed on Monday."),
            "Talks resumed on Monday."
        );
        let plain = "NATO members met on Monday - and agreed on nothing.";
        assert_eq!(without_dateline(plain), plain);
        let plain = "The union — its leaders say — will not yield.";
        assert_eq!(without_dateline(plain), plain);
    }

    #[test]
    fn a_definite_description_opens_only_with_a_common_noun() {
        assert!(definite_opening("The mayor also spoke of the harbour."));
        assert!(definite_opening(
            "The union is seeking a rise of 9 percent."
        ));
        assert!(!definite_opening("The Supreme Court ruled on Monday."));
        assert!(!definite_opening("The 9-0 decision is a landmark."));
        assert!(!definite_opening("Then the union walked out."));
    }

    #[test]
    fn a_sentence_cut_short_by_an_ellipsis_is_no_candidate() {
        let config = BriefConfig::default();
        let cut = "The council voted to close the old bridge and the ferry landing and the...";
        assert!(!is_candidate(cut, 0.0, &config));
        assert!(!is_candidate(&cut.replace("...", "…"), 0.0, &config));
        let whole = "The council voted to close the old bridge and the ferry landing on Monday.";
        assert!(is_candidate(whole, 0.0, &config));
    }

    #[test]
    fn a_sentence_cut_inside_a_parenthesis_is_no_candidate() {
        let config = BriefConfig::default();
        let whole =
            "The harbour board, led by chair Ana Ruiz (Port Party), approved the dredging plan.";
        let cut = "The harbour board members, led by longtime chair Ana Ruiz (P.P.";
        assert!(brackets_pair(whole));
        assert!(is_candidate(whole, 0.0, &config));
        assert!(!brackets_pair(cut));
        assert!(!is_candidate(cut, 0.0, &config));
        assert!(!brackets_pair(
            "A closing bracket first) then an opening one (here."
        ));
        assert!(brackets_pair("No brackets at all in this sentence."));
    }
}
