//! Similarity between short texts: canonical stemmed terms, sparse vectors and cosine.
//!
//! Terms are those of [`text::terms`] with two extra folds so that two outlets wording
//! the same thing differently still meet: phrasal verbs become one word ("ruled out" ->
//! "exclude") and a small synonym table maps stems to one representative stem
//! ("accept" -> "agree", "concessions" -> "concession"), after irregular forms are
//! brought back to their base word ("found" -> "find", "largest" -> "large").
//!
//! [`Lexicon`] interns the canonical terms of a whole story into dense ids once, with a
//! per-word cache, so that no later step re-tokenises or compares strings in a loop.

use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

/// Phrasal verbs as (base verb, particle) -> a single word with the same meaning.
const PHRASES: &[(&str, &str, &str)] = &[
    ("rule", "out", "exclude"),
    ("back", "down", "yield"),
    ("give", "up", "abandon"),
    ("give", "in", "yield"),
    ("turn", "down", "reject"),
    ("call", "off", "cancel"),
    ("set", "up", "establish"),
    ("step", "down", "resign"),
    ("take", "part", "participate"),
    ("carry", "out", "conduct"),
    ("look", "into", "investigate"),
    ("find", "out", "discover"),
    ("pull", "back", "withdraw"),
    ("pull", "out", "withdraw"),
    ("put", "off", "postpone"),
];

/// Irregular verb forms, comparatives and superlatives -> their base word, which the
/// stemmer does not reach on its own.
const IRREGULAR: &[(&str, &str)] = &[
    ("found", "find"),
    ("said", "say"),
    ("told", "tell"),
    ("made", "make"),
    ("gave", "give"),
    ("given", "give"),
    ("took", "take"),
    ("taken", "take"),
    ("held", "hold"),
    ("met", "meet"),
    ("sought", "seek"),
    ("brought", "bring"),
    ("thought", "think"),
    ("kept", "keep"),
    ("began", "begin"),
    ("begun", "begin"),
    ("chose", "choose"),
    ("chosen", "choose"),
    ("spoke", "speak"),
    ("spoken", "speak"),
    ("went", "go"),
    ("gone", "go"),
    ("saw", "see"),
    ("seen", "see"),
    ("won", "win"),
    ("lost", "lose"),
    ("fell", "fall"),
    ("fallen", "fall"),
    ("rose", "rise"),
    ("risen", "rise"),
    ("grew", "grow"),
    ("grown", "grow"),
    ("broke", "break"),
    ("broken", "break"),
    ("felt", "feel"),
    ("knew", "know"),
    ("known", "know"),
    ("wrote", "write"),
    ("written", "write"),
    ("sent", "send"),
    ("spent", "spend"),
    ("paid", "pay"),
    ("heard", "hear"),
    ("meant", "mean"),
    ("stood", "stand"),
    ("came", "come"),
    ("became", "become"),
    ("fought", "fight"),
    ("struck", "strike"),
    ("threw", "throw"),
    ("thrown", "throw"),
    ("bigger", "big"),
    ("biggest", "big"),
    ("larger", "large"),
    ("largest", "large"),
    ("greater", "great"),
    ("greatest", "great"),
    ("smaller", "small"),
    ("smallest", "small"),
    ("better", "good"),
    ("best", "good"),
    ("worse", "bad"),
    ("worst", "bad"),
    ("higher", "high"),
    ("highest", "high"),
    ("lower", "low"),
    ("lowest", "low"),
];

/// Groups of words that mean the same in news reporting; the first word represents them.
const SYNONYMS: &[&[&str]] = &[
    &["exclude", "preclude"],
    &["agree", "accept", "consent"],
    &["concession", "compromise"],
    &["talk", "negotiation", "negotiate"],
    &["warn", "caution"],
    &["guarantee", "assurance", "pledge", "promise"],
    &["expand", "expansion", "enlarge", "enlargement"],
    &["invade", "invasion"],
    &["troop", "soldier"],
    &["sanction", "penalty"],
    &["country", "nation"],
    &["refuse", "reject", "dismiss"],
    &["begin", "start", "commence"],
    &["end", "finish"],
    &["increase", "rise", "grow", "climb"],
    &["decrease", "drop", "fall"],
    &["big", "large", "huge"],
    &["help", "assist", "aid"],
    &["buy", "purchase"],
    &["disappointed", "dismayed"],
    &["dangerous", "perilous", "risky"],
    &["hopeful", "optimistic"],
    &["weapon", "armament"],
    &["border", "frontier"],
    &[
        "complete",
        "completely",
        "absolute",
        "absolutely",
        "total",
        "totally",
        "entire",
        "entirely",
        "full",
        "fully",
    ],
    &["imperative", "mandatory", "essential", "necessary"],
    &["problem", "issue"],
    &["cooperation", "collaboration"],
    &["kill", "slay"],
    &["destroy", "ruin", "wreck"],
    &["die", "perish"],
    &["tell", "inform"],
    &["demand", "insist"],
    &["close", "shut"],
    &["agreement", "deal", "accord"],
];

fn phrase_table() -> &'static BTreeMap<(String, &'static str), &'static str> {
    static TABLE: OnceLock<BTreeMap<(String, &'static str), &'static str>> = OnceLock::new();
    TABLE.get_or_init(|| {
        PHRASES
            .iter()
            .map(|&(verb, particle, word)| ((text::stem(verb), particle), word))
            .collect()
    })
}

fn synonym_table() -> &'static BTreeMap<String, String> {
    static TABLE: OnceLock<BTreeMap<String, String>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = BTreeMap::new();
        for group in SYNONYMS {
            let Some(first) = group.first() else { continue };
            let head = text::stem(first);
            for word in group.iter() {
                table
                    .entry(text::stem(word))
                    .or_insert_with(|| head.clone());
            }
        }
        table
    })
}

fn irregular_table() -> &'static HashMap<&'static str, &'static str> {
    static TABLE: OnceLock<HashMap<&'static str, &'static str>> = OnceLock::new();
    TABLE.get_or_init(|| IRREGULAR.iter().copied().collect())
}

/// The base word of an irregular form, or the word itself.
fn base_form(lower: &str) -> &str {
    irregular_table().get(lower).copied().unwrap_or(lower)
}

fn keep(lower: &str) -> bool {
    lower.chars().count() >= 2
        && !text::is_stopword(lower)
        && !lower.chars().all(|c| c.is_ascii_digit())
}

/// The canonical content terms of a text: [`text::terms`] with phrasal verbs folded into
/// one word and synonyms mapped to their group's representative stem. The reference
/// that [`Lexicon::terms`] must agree with.
#[cfg(test)]
pub(crate) fn canonical_terms(input: &str) -> Vec<String> {
    let lowered: Vec<String> = text::words(input)
        .map(|(_, w)| base_form(&w.to_lowercase()).to_string())
        .collect();
    let phrases = phrase_table();
    let synonyms = synonym_table();
    let mut out = Vec::with_capacity(lowered.len());
    let mut i = 0;
    while i < lowered.len() {
        let word = &lowered[i];
        let stemmed = text::stem(word);
        if let Some(next) = lowered.get(i + 1) {
            if let Some(single) = phrases.get(&(stemmed.clone(), next.as_str())) {
                let s = text::stem(single);
                out.push(synonyms.get(&s).cloned().unwrap_or(s));
                i += 2;
                continue;
            }
        }
        if keep(word) {
            out.push(synonyms.get(&stemmed).cloned().unwrap_or(stemmed));
        }
        i += 1;
    }
    out
}

/// What the lexicon remembers about one lower-cased word.
struct WordInfo {
    /// The stem of the word's base form, for phrasal-verb lookups.
    stem: String,
    /// The canonical term id, or `None` for words that are not content terms.
    term: Option<u32>,
}

/// Interns the canonical terms of a story into dense ids, caching per word.
///
/// Ids are handed out in first-seen order, so the same texts in the same order give the
/// same ids. The hash maps are only looked up, never iterated.
#[derive(Default)]
pub(crate) struct Lexicon {
    words: HashMap<String, WordInfo>,
    terms: HashMap<String, u32>,
    count: u32,
}

impl Lexicon {
    /// Number of distinct canonical terms interned so far.
    pub(crate) fn len(&self) -> usize {
        self.count as usize
    }

    fn intern(&mut self, term: String) -> u32 {
        if let Some(&id) = self.terms.get(&term) {
            return id;
        }
        let id = self.count;
        self.count = self.count.saturating_add(1);
        self.terms.insert(term, id);
        id
    }

    fn info(&mut self, lower: &str) -> &WordInfo {
        if !self.words.contains_key(lower) {
            let base = base_form(lower);
            let stem = text::stem(base);
            let term = keep(base).then(|| {
                let canon = synonym_table()
                    .get(&stem)
                    .cloned()
                    .unwrap_or_else(|| stem.clone());
                self.intern(canon)
            });
            self.words
                .insert(lower.to_string(), WordInfo { stem, term });
        }
        &self.words[lower]
    }

    /// The canonical term ids of a text, in order (the ids of [`canonical_terms`]).
    pub(crate) fn terms(&mut self, input: &str) -> Vec<u32> {
        let lowered: Vec<String> = text::words(input).map(|(_, w)| w.to_lowercase()).collect();
        let phrases = phrase_table();
        let mut out = Vec::with_capacity(lowered.len() / 2 + 1);
        let mut i = 0;
        while i < lowered.len() {
            let (stem, term) = {
                let info = self.info(&lowered[i]);
                (info.stem.clone(), info.term)
            };
            if let Some(next) = lowered.get(i + 1) {
                if let Some(single) = phrases.get(&(stem, next.as_str())) {
                    let s = text::stem(single);
                    let canon = synonym_table().get(&s).cloned().unwrap_or(s);
                    out.push(self.intern(canon));
                    i += 2;
                    continue;
                }
            }
            if let Some(t) = term {
                out.push(t);
            }
            i += 1;
        }
        out
    }
}

/// A unit-length term-frequency vector of term ids (no idf): the bag cosine of
/// [`bag_cosine`] without building anything per pair.
pub(crate) fn bag_vector(ids: &[u32]) -> SparseVec {
    SparseVec::from_ids(ids.iter().map(|&id| (id, 1.0))).unit()
}

/// Number of distinct ids two sorted sparse vectors share.
pub(crate) fn shared_ids(a: &SparseVec, b: &SparseVec) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.entries.len() && j < b.entries.len() {
        match a.entries[i].0.cmp(&b.entries[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// A sparse vector over term ids, sorted by id, with its Euclidean norm.
#[derive(Debug, Clone, Default)]
pub(crate) struct SparseVec {
    pub(crate) entries: Vec<(u32, f64)>,
    pub(crate) norm: f64,
}

impl SparseVec {
    /// Builds a vector from unsorted (id, weight) pairs by sorting, summing repeated ids.
    pub(crate) fn from_ids(pairs: impl IntoIterator<Item = (u32, f64)>) -> Self {
        let mut raw: Vec<(u32, f64)> = pairs.into_iter().collect();
        raw.sort_by_key(|p| p.0);
        let mut entries: Vec<(u32, f64)> = Vec::with_capacity(raw.len());
        for (id, w) in raw {
            match entries.last_mut() {
                Some(last) if last.0 == id => last.1 += w,
                _ => entries.push((id, w)),
            }
        }
        entries.retain(|(_, w)| *w != 0.0);
        let norm = entries.iter().map(|(_, w)| w * w).sum::<f64>().sqrt();
        SparseVec { entries, norm }
    }

    /// True when the vector has no non-zero entry.
    pub(crate) fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The cosine similarity with another vector; 0 when either is empty.
    pub(crate) fn cosine(&self, other: &SparseVec) -> f64 {
        if self.norm == 0.0 || other.norm == 0.0 {
            return 0.0;
        }
        let (mut i, mut j, mut dot) = (0, 0, 0.0);
        while i < self.entries.len() && j < other.entries.len() {
            let (a, wa) = self.entries[i];
            let (b, wb) = other.entries[j];
            match a.cmp(&b) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    dot += wa * wb;
                    i += 1;
                    j += 1;
                }
            }
        }
        dot / (self.norm * other.norm)
    }

    /// This vector scaled to unit length (unchanged when empty).
    pub(crate) fn unit(&self) -> SparseVec {
        if self.norm == 0.0 {
            return self.clone();
        }
        SparseVec {
            entries: self
                .entries
                .iter()
                .map(|&(id, w)| (id, w / self.norm))
                .collect(),
            norm: 1.0,
        }
    }
}

/// Document frequencies of term ids, for tf-idf weights.
#[derive(Debug)]
pub(crate) struct Idf {
    df: Vec<u32>,
    docs: u32,
}

impl Idf {
    /// An empty table over `terms` term ids.
    pub(crate) fn new(terms: usize) -> Self {
        Idf {
            df: vec![0; terms],
            docs: 0,
        }
    }

    /// Counts one document (its term ids, repeats allowed) for document frequency.
    pub(crate) fn add_document(&mut self, ids: &[u32]) {
        let mut distinct = ids.to_vec();
        distinct.sort_unstable();
        distinct.dedup();
        for id in distinct {
            if let Some(df) = self.df.get_mut(id as usize) {
                *df += 1;
            }
        }
        self.docs += 1;
    }

    /// Smoothed inverse document frequency: `1 + ln((1 + N) / (1 + df))`.
    pub(crate) fn idf(&self, id: u32) -> f64 {
        let df = self.df.get(id as usize).copied().unwrap_or(0);
        1.0 + ((1.0 + f64::from(self.docs)) / (1.0 + f64::from(df))).ln()
    }

    /// A tf-idf vector of term ids.
    pub(crate) fn tfidf(&self, ids: &[u32]) -> SparseVec {
        SparseVec::from_ids(ids.iter().map(|&id| (id, self.idf(id))))
    }
}

/// Cosine of two term bags with unit weights per occurrence (no idf).
#[cfg(test)]
pub(crate) fn bag_cosine(a: &[String], b: &[String]) -> f64 {
    let mut ids: BTreeMap<String, u32> = BTreeMap::new();
    let mut id = |t: &String| {
        let next = u32::try_from(ids.len()).unwrap_or(u32::MAX);
        *ids.entry(t.clone()).or_insert(next)
    };
    let va: Vec<u32> = a.iter().map(&mut id).collect();
    let vb: Vec<u32> = b.iter().map(id).collect();
    bag_vector(&va).cosine(&bag_vector(&vb))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_terms_match_text_terms_without_phrases() {
        let s = "The ministers planned lengthy meetings in a small town";
        assert_eq!(canonical_terms(s), text::terms(s));
    }

    #[test]
    fn phrasal_verbs_and_synonyms_fold() {
        let a = canonical_terms("That option is completely excluded");
        let b = canonical_terms("This option is totally ruled out");
        assert_eq!(a, b);
        assert_eq!(canonical_terms("we accept"), canonical_terms("we agree"));
    }

    #[test]
    fn lexicon_ids_follow_canonical_terms() {
        let mut lex = Lexicon::default();
        let s = "The largest ports were shut; talks were ruled out and an agreement was found.";
        let ids = lex.terms(s);
        let mut again = Lexicon::default();
        let terms = canonical_terms(s);
        assert_eq!(ids.len(), terms.len());
        assert_eq!(again.terms(s), ids);
        let a = bag_vector(&lex.terms("the biggest port was closed"));
        let b = bag_vector(&lex.terms("our largest port is shut"));
        assert!((a.cosine(&b) - 1.0).abs() < 1e-9, "{a:?} {b:?}");
    }

    #[test]
    fn cosine_of_identical_and_disjoint_bags() {
        let a = canonical_terms("quiet harbour town");
        let b = canonical_terms("loud mountain city");
        assert!((bag_cosine(&a, &a) - 1.0).abs() < 1e-9);
        assert_eq!(bag_cosine(&a, &b), 0.0);
        assert_eq!(bag_cosine(&[], &a), 0.0);
    }
}
