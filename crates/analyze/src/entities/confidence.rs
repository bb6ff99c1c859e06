//! How sure the recogniser is of a mention: the probability that it names a real entity
//! of the kind it was given.
//!
//! The signals weigh what the whole article says about the mention's canonical name: how
//! it was typed (a gazetteer, a title, a verb of saying, a preposition of place, a noun
//! naming a kind of organisation), how often the name is met, and whether it only ever
//! stands where capitals prove little (the head of a hyphenated modifier, a sentence's
//! first word), whether every mention modifies a common noun after it ("Republican
//! Senate candidates": a descriptor, not a name) or some mention takes a word no name
//! takes ("a Democrat"), and whether only weak signs typed it. One [`learn::Logistic`] model weighs them; its weights
//! (`confidence.tsv`) are fitted by `cargo run --release -p eval --example
//! train_entities` on the dev documents of wikigold and MEANTIME.

use std::sync::OnceLock;

use model::EntityKind;

use super::lexicon;

/// The signals, in weight-file order. "bias" is always 1.
pub const FEATURES: [&str; 22] = [
    "bias",
    "person",
    "organization",
    "place",
    "other",
    "known",
    "one_word",
    "mentions",
    "title",
    "first_name",
    "verb",
    "pronoun",
    "place_context",
    "org_context",
    "all_caps",
    "only_initial",
    "only_modifier",
    "resolved",
    "weak",
    "person_shape",
    "only_premodifier",
    "common_noun",
];

/// One mention's signals, ordered as [`FEATURES`].
pub type Features = [f64; FEATURES.len()];

/// What every mention of one canonical name in an article shares.
#[derive(Debug, Clone, Copy, Default)]
pub struct Tally {
    /// Mentions of the name.
    pub mentions: usize,
    /// Some mention is not the head of a hyphenated modifier ("Democratic-led").
    pub whole: bool,
    /// Some mention is not a lone word at a sentence's start.
    pub confident: bool,
    /// Mentions that modify a lower-case noun after them ("Republican Senate
    /// candidates").
    pub modifier: usize,
    /// Some mention comes after a word no proper name takes ("a Democrat").
    pub common: bool,
}

/// What the article says about one mention's name.
#[derive(Debug, Clone, Copy)]
pub struct Signals {
    pub kind: EntityKind,
    /// Only weak signs typed the name (a verb, "the", a preposition, its shape).
    pub weak: bool,
    /// Two or three capitalised words, like a person's name.
    pub person_shape: bool,
    /// The name and its kind come from the gazetteer or a defined acronym.
    pub known: bool,
    /// The mention was resolved to a longer or another name ("Ryabkov" -> "Sergei
    /// Ryabkov").
    pub resolved: bool,
    pub tally: Tally,
    /// A title, honorific or noun naming a person comes before some mention.
    pub title: bool,
    /// A verb of saying follows some mention.
    pub verb: bool,
    /// "he" or "she" follows some mention.
    pub pronoun: bool,
    /// A preposition of place comes before some mention.
    pub place_context: bool,
    /// A noun naming a kind of organisation, its staff, or "the" comes with some mention.
    pub org_context: bool,
}

/// The signals of a mention of `name`.
pub fn features(name: &str, s: &Signals) -> Features {
    let flag = |b: bool| if b { 1.0 } else { 0.0 };
    let first = name.split(' ').next().unwrap_or_default();
    [
        1.0,
        flag(s.kind == EntityKind::Person),
        flag(s.kind == EntityKind::Organization),
        flag(s.kind == EntityKind::Place),
        flag(s.kind == EntityKind::Other),
        flag(s.known),
        flag(!name.contains(' ')),
        (s.tally.mentions as f64).ln_1p(),
        flag(s.title),
        flag(name.contains(' ') && lexicon::first_name_gender(first).is_some()),
        flag(s.verb),
        flag(s.pronoun),
        flag(s.place_context),
        flag(s.org_context),
        flag(super::is_all_caps(name)),
        flag(!s.tally.confident),
        flag(!s.tally.whole),
        flag(s.resolved),
        flag(s.weak),
        flag(s.person_shape),
        // A name the gazetteer knows modifies nouns as a matter of course ("the
        // Brennmouth harbour"): only an unknown name is suspect.
        flag(!s.known && s.tally.mentions > 0 && s.tally.modifier == s.tally.mentions),
        flag(!s.known && s.tally.common),
    ]
}

/// The learned weights.
const WEIGHTS: &str = include_str!("confidence.tsv");

/// The model fitted on the dev documents of wikigold and MEANTIME (`confidence.tsv`).
pub fn model() -> &'static learn::Logistic {
    static MODEL: OnceLock<learn::Logistic> = OnceLock::new();
    MODEL.get_or_init(|| learn::Logistic::from_tsv(&FEATURES, WEIGHTS))
}

/// The probability that a mention with these signals names a real entity of its kind.
pub fn probability(features: &Features) -> f64 {
    model().probability(features)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_weight_file_matches_the_features() {
        assert_eq!(learn::check_tsv(&FEATURES, WEIGHTS), Ok(()));
    }
}
