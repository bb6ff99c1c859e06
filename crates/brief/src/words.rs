//! Word lists of the brief, kept as data in `words/` (one entry a line, a `#` header
//! saying what the list is for), each parsed once at first use. Every list was written
//! for Chorus.

use std::sync::LazyLock;

use text::word_list as entries;

/// A word list, parsed from its file at first use.
pub(crate) type Words = LazyLock<Vec<&'static str>>;

/// Words that open a subject or a noun phrase of their own (see `partial`).
pub(crate) static SUBJECT_OPENERS: Words =
    LazyLock::new(|| entries(include_str!("words/subject_openers.txt")));

/// Words that end the search back from a partial quote for its subject.
pub(crate) static CLAUSE_STOPS: Words =
    LazyLock::new(|| entries(include_str!("words/clause_stops.txt")));

/// Prepositions whose object a quotation right after them is.
pub(crate) static OBJECT_PREPOSITIONS: Words =
    LazyLock::new(|| entries(include_str!("words/object_prepositions.txt")));

/// Relative pronouns: after a comma they open a gloss on the noun before them.
pub(crate) static RELATIVE_PRONOUNS: Words =
    LazyLock::new(|| entries(include_str!("words/relative_pronouns.txt")));

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_list_has_a_header_and_entries() {
        for list in [
            &SUBJECT_OPENERS,
            &CLAUSE_STOPS,
            &OBJECT_PREPOSITIONS,
            &RELATIVE_PRONOUNS,
        ] {
            assert!(!list.is_empty());
            assert!(list
                .iter()
                .all(|w| w.trim() == *w && w.to_lowercase() == *w));
        }
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/words");
        for file in std::fs::read_dir(dir).expect("the word list folder") {
            let text = std::fs::read_to_string(file.expect("a file").path()).expect("text");
            assert!(text.starts_with("# "));
        }
    }
}
