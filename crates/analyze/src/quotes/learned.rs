//! Cue words learnt from PolNeAR train (`cues.tsv`, written by
//! `eval/examples/train_cues.rs`, counts only): a word that is an annotated cue in at
//! least [`MIN_RELIABILITY`] of its [`MIN_OCCURRENCES`] or more occurrences, with its
//! content after it, joins the stance verbs of [`super::indirect`] ("X lamented the
//! decision", "she touted her record"). Adverbs ("reportedly") and nouns are left out:
//! only verb forms follow a subject.

use super::words::NOT_VERBS;
use std::collections::HashSet;
use std::sync::OnceLock;

/// Least share of a word's occurrences that are annotated cues.
pub const MIN_RELIABILITY: f64 = 0.5;
/// Least number of occurrences in the training texts.
const MIN_OCCURRENCES: usize = 8;
/// Least share of a cue word's contents that follow it.
const MIN_AFTER: f64 = 0.6;

const TABLE: &str = include_str!("cues.tsv");

/// The table's rows: word, reliability (share of its occurrences that are annotated
/// cues), occurrences, and share of its contents after it. Malformed rows are skipped.
fn rows() -> impl Iterator<Item = (&'static str, f64, usize, f64)> {
    TABLE
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| {
            let mut f = l.split('\t');
            Some((
                f.next()?,
                f.next()?.parse().ok()?,
                f.next()?.parse().ok()?,
                f.next()?.parse().ok()?,
            ))
        })
}

/// Words of the table that pass the thresholds.
fn cue_words() -> &'static HashSet<&'static str> {
    static WORDS: OnceLock<HashSet<&'static str>> = OnceLock::new();
    WORDS.get_or_init(|| {
        rows()
            .filter(|&(word, reliability, occurrences, after)| {
                reliability >= MIN_RELIABILITY
                    && occurrences >= MIN_OCCURRENCES
                    && after >= MIN_AFTER
                    && !word.ends_with("ly")
                    && !NOT_VERBS.contains(&word)
            })
            .map(|(word, ..)| word)
            .collect()
    })
}

/// Every word of the table with the share of its occurrences that are annotated cues
/// (words seen as a cue at least five times).
pub fn entries() -> impl Iterator<Item = (&'static str, f64)> {
    rows().map(|(word, reliability, ..)| (word, reliability))
}

/// True for a lower-case word the table holds as a reliable cue with its content after it.
pub fn is_cue(word: &str) -> bool {
    cue_words().contains(word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_holds_common_cues() {
        assert!(is_cue("lamented"));
        assert!(is_cue("touted"));
        // Below the reliability floor: most of its occurrences are not annotated cues.
        assert!(!is_cue("believes"));
        assert!(!is_cue("the"));
        assert!(!is_cue("reportedly"));
        assert!(!is_cue("assertion"));
    }
}
