//! Similarity between short texts: canonical stemmed terms, sparse vectors and cosine.
//!
//! Terms are those of [`text::terms`] with two extra folds so that two outlets wording
//! the same thing differently still meet: phrasal verbs become one word ("ruled out" ->
//! "exclude") and a small synonym table maps stems to one representative stem
//! ("accept" -> "agree", "concessions" -> "concession").

use std::collections::BTreeMap;
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
    &["die", "perish"],
    &["tell", "inform"],
    &["demand", "insist"],
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

fn keep(lower: &str) -> bool {
    lower.chars().count() >= 2
        && !text::is_stopword(lower)
        && !lower.chars().all(|c| c.is_ascii_digit())
}

/// The canonical content terms of a text: [`text::terms`] with phrasal verbs folded into
/// one word and synonyms mapped to their group's representative stem.
pub(crate) fn canonical_terms(input: &str) -> Vec<String> {
    let lowered: Vec<String> = text::words(input).map(|(_, w)| w.to_lowercase()).collect();
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

/// A sparse vector over term ids, sorted by id, with its Euclidean norm.
#[derive(Debug, Clone, Default)]
pub(crate) struct SparseVec {
    pub(crate) entries: Vec<(u32, f64)>,
    pub(crate) norm: f64,
}

impl SparseVec {
    /// Builds a vector from unsorted (id, weight) pairs, summing repeated ids.
    pub(crate) fn from_pairs(pairs: impl IntoIterator<Item = (u32, f64)>) -> Self {
        let mut map: BTreeMap<u32, f64> = BTreeMap::new();
        for (id, w) in pairs {
            *map.entry(id).or_insert(0.0) += w;
        }
        let entries: Vec<(u32, f64)> = map.into_iter().filter(|(_, w)| *w != 0.0).collect();
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

/// Interns terms into dense ids and keeps their document frequencies.
#[derive(Debug, Default)]
pub(crate) struct Vocabulary {
    ids: BTreeMap<String, u32>,
    df: Vec<u32>,
    docs: u32,
}

impl Vocabulary {
    /// The id of a term, interning it if new.
    pub(crate) fn id(&mut self, term: &str) -> u32 {
        if let Some(&id) = self.ids.get(term) {
            return id;
        }
        let id = u32::try_from(self.df.len()).unwrap_or(u32::MAX);
        self.ids.insert(term.to_string(), id);
        self.df.push(0);
        id
    }

    /// Number of distinct terms interned so far.
    pub(crate) fn len(&self) -> usize {
        self.df.len()
    }

    /// Interns the terms of one document and counts it for document frequency.
    pub(crate) fn add_document(&mut self, terms: &[String]) -> Vec<u32> {
        let ids: Vec<u32> = terms.iter().map(|t| self.id(t)).collect();
        let mut distinct = ids.clone();
        distinct.sort_unstable();
        distinct.dedup();
        for id in distinct {
            if let Some(df) = self.df.get_mut(id as usize) {
                *df += 1;
            }
        }
        self.docs += 1;
        ids
    }

    /// Smoothed inverse document frequency: `1 + ln((1 + N) / (1 + df))`.
    pub(crate) fn idf(&self, id: u32) -> f64 {
        let df = self.df.get(id as usize).copied().unwrap_or(0);
        1.0 + ((1.0 + f64::from(self.docs)) / (1.0 + f64::from(df))).ln()
    }

    /// A tf-idf vector of term ids.
    pub(crate) fn tfidf(&self, ids: &[u32]) -> SparseVec {
        SparseVec::from_pairs(ids.iter().map(|&id| (id, self.idf(id))))
    }
}

/// Cosine of two term bags with unit weights per occurrence (no idf).
pub(crate) fn bag_cosine(a: &[String], b: &[String]) -> f64 {
    let mut vocab = Vocabulary::default();
    let va = SparseVec::from_pairs(a.iter().map(|t| (vocab.id(t), 1.0)));
    let vb = SparseVec::from_pairs(b.iter().map(|t| (vocab.id(t), 1.0)));
    va.cosine(&vb)
}

/// Number of distinct terms the two bags share.
pub(crate) fn shared_terms(a: &[String], b: &[String]) -> usize {
    let sa: std::collections::BTreeSet<&String> = a.iter().collect();
    let sb: std::collections::BTreeSet<&String> = b.iter().collect();
    sa.intersection(&sb).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_terms_match_text_terms_without_phrases() {
        let s = "The ministers held lengthy meetings in a small town";
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
    fn cosine_of_identical_and_disjoint_bags() {
        let a = canonical_terms("quiet harbour town");
        let b = canonical_terms("loud mountain city");
        assert!((bag_cosine(&a, &a) - 1.0).abs() < 1e-9);
        assert_eq!(bag_cosine(&a, &b), 0.0);
        assert_eq!(bag_cosine(&[], &a), 0.0);
    }
}
