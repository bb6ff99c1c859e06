//! Word lists of the quote finder and its scorer, kept as data in `words/` (one file a
//! list, one entry a line, a `#` header saying what the list is and how it is used), so
//! the code reads as the mechanism and a list can grow without touching it. Every list
//! here was written for Chorus. A list keeps the order of its file; each is parsed once,
//! at first use.

use std::sync::LazyLock;

use crate::entities::lexicon::Gender;

pub(crate) use ::text::word_list as entries;

/// A word list, parsed from its file at first use.
pub(crate) type Words = LazyLock<Vec<&'static str>>;

/// Prepositions: a word after one is its object, never a speaker.
pub(super) static PREPOSITIONS: Words =
    LazyLock::new(|| entries(include_str!("words/prepositions.txt")));

/// Titles written before a person's name.
pub(super) static PERSON_TITLES: Words =
    LazyLock::new(|| entries(include_str!("words/person_titles.txt")));

/// Nouns of the people around a person: after a person's name they make a group of it
/// ("the Biden administration said", "Trump aides said").
pub(super) static ENTOURAGE: Words = LazyLock::new(|| entries(include_str!("words/entourage.txt")));

/// The nouns of [`ENTOURAGE`] that only a person has around them.
pub(super) static PERSONAL_ENTOURAGE: Words =
    LazyLock::new(|| entries(include_str!("words/personal_entourage.txt")));

/// Plural and collective nouns naming a group that speaks ("Police said").
pub(super) static GROUP_SOURCES: Words =
    LazyLock::new(|| entries(include_str!("words/group_sources.txt")));

/// Subject pronouns that open a reported clause after an addressee ("told Americans
/// this weekend he would …").
pub(super) static SUBJECT_OPENERS: Words =
    LazyLock::new(|| entries(include_str!("words/subject_openers.txt")));

/// Verbs of saying that take an addressee and what they are to do ("urged officials to
/// act"): a call to act, not a statement.
pub(super) static ORDER_VERBS: Words =
    LazyLock::new(|| entries(include_str!("words/order_verbs.txt")));

/// Words that open a phrase naming a source that names no one ("the announcer", "a
/// friend", "one questioner").
pub(super) static NOMINAL_DETERMINERS: Words =
    LazyLock::new(|| entries(include_str!("words/nominal_determiners.txt")));

/// Adverbs between a source and its verb ("the announcer often said").
pub(super) static ADVERBS_BEFORE_CUE: Words =
    LazyLock::new(|| entries(include_str!("words/adverbs_before_cue.txt")));

/// Nouns that, right before a verb of saying, are not who speaks: times ("the day
/// said" does not occur, "a week said" is a parse gone wrong) and things said.
pub(super) static NOT_NOMINAL_HEADS: Words =
    LazyLock::new(|| entries(include_str!("words/not_nominal_heads.txt")));

/// Nouns of saying whose possessor is the source of what they introduce ("Trump's claim
/// that there were “thousands”").
pub(super) static SPEECH_NOUNS: Words =
    LazyLock::new(|| entries(include_str!("words/speech_nouns.txt")));

/// Lower-cased words that make a paragraph label page furniture, not a speaker.
pub(super) static NOT_LABELS: Words =
    LazyLock::new(|| entries(include_str!("words/not_labels.txt")));

/// Honorifics left out of a transcript label's speaker name.
pub(super) static HONORIFICS: Words =
    LazyLock::new(|| entries(include_str!("words/honorifics.txt")));

/// Nouns that open a narrator's gloss after a comma at the end of reported content
/// (", a pledge the allies have already ruled out").
pub(super) static GLOSS_NOUNS: Words =
    LazyLock::new(|| entries(include_str!("words/gloss_nouns.txt")));

/// Nouns of documents and posts, whose owner speaks ("according to Acme posts").
pub(super) static DOCUMENT_NOUNS: Words =
    LazyLock::new(|| entries(include_str!("words/document_nouns.txt")));

/// Participles that add a reported clause to a sentence ("…, adding that …").
pub(super) static PARTICIPLES: Words =
    LazyLock::new(|| entries(include_str!("words/participles.txt")));

/// Verbs of wanting, planning and taking sides, whose object is a stance its subject
/// takes ("Trump wants a wall", "she opposed the deal", "he blasted the plan").
pub(super) static ATTITUDE_VERBS: Words =
    LazyLock::new(|| entries(include_str!("words/attitude_verbs.txt")));

/// Verbs of saying whose object may be the person addressed ("warned his counterpart").
pub(super) static ADDRESSEE_VERBS: Words =
    LazyLock::new(|| entries(include_str!("words/addressee_verbs.txt")));

/// Conjunctions that open a new clause after a comma ("…, and he left").
pub(super) static CLAUSE_CONJUNCTIONS: Words =
    LazyLock::new(|| entries(include_str!("words/clause_conjunctions.txt")));

/// Pronouns that may open a coordinated clause of saying ("… and he noted that …").
pub(super) static COORDINATED_SUBJECTS: Words =
    LazyLock::new(|| entries(include_str!("words/coordinated_subjects.txt")));

/// Prepositions of place that may follow the addressee of "told" ("told reporters
/// outside the court").
pub(super) static PLACE_WORDS: Words =
    LazyLock::new(|| entries(include_str!("words/place_words.txt")));

/// Words that open an apposition describing a source named just before ("said Ann
/// Lee, a lawyer who …").
pub(super) static APPOSITION_OPENERS: Words =
    LazyLock::new(|| entries(include_str!("words/apposition_openers.txt")));

/// Nouns of polls, records and studies, which report what they show.
pub(super) static EVIDENCE_NOUNS: Words =
    LazyLock::new(|| entries(include_str!("words/evidence_nouns.txt")));

/// Verbs by which evidence reports its content.
pub(super) static EVIDENCE_VERBS: Words =
    LazyLock::new(|| entries(include_str!("words/evidence_verbs.txt")));

/// Words that cannot end the subject of a reporting verb.
pub(super) static NOT_SUBJECT_ENDS: Words =
    LazyLock::new(|| entries(include_str!("words/not_subject_ends.txt")));

/// Verbs of thought, finding and feeling that report a clause introduced by "that".
pub(super) static THAT_VERBS: Words =
    LazyLock::new(|| entries(include_str!("words/that_verbs.txt")));

/// Verbs that report a question introduced by "whether" or "if".
pub(super) static WHETHER_VERBS: Words =
    LazyLock::new(|| entries(include_str!("words/whether_verbs.txt")));

/// Words that make up the addressee of "told" ("told reporters", "told state media").
pub(super) static ADDRESSEES: Words =
    LazyLock::new(|| entries(include_str!("words/addressees.txt")));

/// Verbs that precede an addressee or a beneficiary rather than a speaker.
pub(super) static TO_WORDS: Words = LazyLock::new(|| entries(include_str!("words/to_words.txt")));

/// Words of negation and refusal before a cue.
pub(super) static NEGATIONS: Words = LazyLock::new(|| entries(include_str!("words/negations.txt")));

/// Words that show an "asked" reports a question or a request ("asked whether …").
pub(super) static QUESTION_OPENERS: Words =
    LazyLock::new(|| entries(include_str!("words/question_openers.txt")));

/// Words that open a noun phrase right after "added": an object, not a clause.
pub(super) static OBJECT_OPENERS: Words =
    LazyLock::new(|| entries(include_str!("words/object_openers.txt")));

/// Object pronouns: reported content never opens with one ("calling him a “faker”").
pub(super) static OBJECT_PRONOUNS: Words =
    LazyLock::new(|| entries(include_str!("words/object_pronouns.txt")));

/// Words that start the narrator's subjectless verb after ", but" ("…, but has not").
pub(super) static NARRATOR_AUXILIARIES: Words =
    LazyLock::new(|| entries(include_str!("words/narrator_auxiliaries.txt")));

/// Words in -ing that are prepositions, not a narrator's participle ("including").
pub(super) static NOT_PARTICIPLES: Words =
    LazyLock::new(|| entries(include_str!("words/not_participles.txt")));

/// Auxiliaries and their negated stems ("didn" of "didn't").
pub(super) static AUXILIARIES: Words =
    LazyLock::new(|| entries(include_str!("words/auxiliaries.txt")));

/// Pronouns that open a clause as its subject.
pub(super) static SUBJECT_PRONOUNS: Words =
    LazyLock::new(|| entries(include_str!("words/subject_pronouns.txt")));

/// Words that open a phrase rather than a reported clause.
pub(super) static BAD_OPENERS: Words =
    LazyLock::new(|| entries(include_str!("words/bad_openers.txt")));

/// Clause verbs of thought and inference: what they report is a belief, not words.
pub(super) static THOUGHT: Words = LazyLock::new(|| entries(include_str!("words/thought.txt")));

/// Verbs of saying that take no clause but report words ("denied the claim").
pub(super) static EXTRA_STATEMENTS: Words =
    LazyLock::new(|| entries(include_str!("words/extra_statements.txt")));

/// Nouns and adjectives of the table, which never head a clause of saying.
pub(super) static NOT_VERBS: Words = LazyLock::new(|| entries(include_str!("words/not_verbs.txt")));

/// Words that may follow the verb of a "<clause>, X said …" attribution without being
/// its object (days and times, "also", "then").
pub(super) static TAIL_ADVERBS: Words =
    LazyLock::new(|| entries(include_str!("words/tail_adverbs.txt")));

/// Nouns that, after "the", describe a person speaking ("the minister said"), with the
/// gender some of them tell.
pub(super) static DESCRIPTIONS: LazyLock<Vec<(&'static str, Option<Gender>)>> =
    LazyLock::new(|| {
        entries(include_str!("words/descriptions.tsv"))
            .into_iter()
            .map(|line| match line.split_once('\t') {
                Some((noun, "male")) => (noun, Some(Gender::Male)),
                Some((noun, "female")) => (noun, Some(Gender::Female)),
                Some((noun, _)) => (noun, None),
                None => (line, None),
            })
            .collect()
    });

#[cfg(test)]
mod tests {
    use super::*;

    /// Every list loads, has entries, and each file opens with its one-line header.
    #[test]
    fn every_list_loads_with_a_header() {
        let lists: [&Words; 42] = [
            &GLOSS_NOUNS,
            &DOCUMENT_NOUNS,
            &PREPOSITIONS,
            &PERSON_TITLES,
            &ENTOURAGE,
            &PERSONAL_ENTOURAGE,
            &GROUP_SOURCES,
            &SUBJECT_OPENERS,
            &ORDER_VERBS,
            &NOMINAL_DETERMINERS,
            &ADVERBS_BEFORE_CUE,
            &NOT_NOMINAL_HEADS,
            &SPEECH_NOUNS,
            &NOT_LABELS,
            &HONORIFICS,
            &PARTICIPLES,
            &ATTITUDE_VERBS,
            &ADDRESSEE_VERBS,
            &CLAUSE_CONJUNCTIONS,
            &COORDINATED_SUBJECTS,
            &PLACE_WORDS,
            &APPOSITION_OPENERS,
            &EVIDENCE_NOUNS,
            &EVIDENCE_VERBS,
            &NOT_SUBJECT_ENDS,
            &THAT_VERBS,
            &WHETHER_VERBS,
            &ADDRESSEES,
            &TO_WORDS,
            &NEGATIONS,
            &QUESTION_OPENERS,
            &OBJECT_OPENERS,
            &OBJECT_PRONOUNS,
            &NARRATOR_AUXILIARIES,
            &NOT_PARTICIPLES,
            &AUXILIARIES,
            &SUBJECT_PRONOUNS,
            &BAD_OPENERS,
            &THOUGHT,
            &EXTRA_STATEMENTS,
            &NOT_VERBS,
            &TAIL_ADVERBS,
        ];
        for list in lists {
            assert!(!list.is_empty());
            assert!(list.iter().all(|w| !w.is_empty() && w.trim() == *w));
        }
        assert!(ORDER_VERBS.contains(&"urge"));
        assert!(DESCRIPTIONS.contains(&("spokeswoman", Some(Gender::Female))));
        assert!(DESCRIPTIONS.contains(&("minister", None)));
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/quotes/words");
        for file in std::fs::read_dir(dir).expect("the word list folder") {
            let text = std::fs::read_to_string(file.expect("a file").path()).expect("text");
            let mut lines = text.lines();
            assert!(lines.next().is_some_and(|l| l.starts_with("# ")));
            assert!(lines.all(|l| !l.starts_with('#')));
        }
    }
}
