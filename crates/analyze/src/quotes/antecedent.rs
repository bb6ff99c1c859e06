//! Who "he" or "she" is when the pronoun speaks: the people named before it, weighed by
//! a ranker over where and how each was last named — how many sentences back, in which
//! role (the subject of its clause, a verb's object, a preposition's object, a
//! possessor), whether a verb of saying follows it, whether it is the named speaker of
//! the quote before, how often the article has named it — instead of the nearest name
//! alone: after "Tomas Varga said the mine would stay open. Peter Lind, the mayor, was
//! not told", a "he said" is still Varga's.
//!
//! Two things rule a person out before any weighing: a gender that cannot fit (from an
//! honorific anywhere in the body, "Ms. Tollis", else the first name, else what an
//! earlier pronoun taught), and a name fronted before the pronoun's own clause ("Of
//! Peter Lind, he said …": the pronoun cannot name Lind a second time in one clause).
//!
//! The ranker is a conditional logit (`learn::fit_ranker`): a linear score whose best
//! candidate is the answer. Its weights (`antecedent.tsv`) are fitted by
//! `eval/examples/train_antecedents.rs` on PolNeAR train pronoun sources whose referents
//! a reader marked (`crates/eval/data/polnear_pronouns.tsv`, offsets only); `chorus eval
//! quotes` reports the accuracy on the dev ones beside the nearest-person rule.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use model::{EntityKind, EntityMention};

use super::words::{CLAUSE_CONJUNCTIONS, DESCRIPTIONS, PERSON_TITLES, PREPOSITIONS};
use super::{lowercase, Context, MAX_MENTIONS_BACK, MAX_PEOPLE_BACK};
use crate::entities::lexicon::Gender;

/// The signals of one candidate, in the order of a row (and of `antecedent.tsv`).
pub const FEATURES: [&str; 14] = [
    // Its last mention is the nearest mention of a person before the pronoun.
    "nearest",
    // Its last mention is in the pronoun's sentence, one back, two back (three or more
    // back is the reference), in the pronoun's paragraph.
    "same_sentence",
    "one_back",
    "two_back",
    "same_paragraph",
    // The role of its last mention: the subject of its clause (first in its sentence or
    // after a comma or a conjunction), a verb's object, a preposition's object, or a
    // possessor ("Lind's show").
    "subject",
    "object",
    "oblique",
    "possessor",
    // A verb of saying follows its last mention ("Lind said").
    "says",
    // Within the last two sentences it was a subject or spoke.
    "subject_recent",
    // ln(1 + its mentions before the pronoun) / ln(10).
    "mentions",
    // It is the named speaker of the quote before the pronoun (in its paragraph or the
    // one before); of any quote before.
    "speaker_last",
    "speaker_before",
];

/// The signals of a candidate.
pub type Features = [f64; FEATURES.len()];

const WEIGHTS: &str = include_str!("antecedent.tsv");

/// The ranker fitted on PolNeAR train (`antecedent.tsv`).
pub fn model() -> &'static learn::Logistic {
    static MODEL: OnceLock<learn::Logistic> = OnceLock::new();
    MODEL.get_or_init(|| learn::Logistic::from_tsv(&FEATURES, WEIGHTS))
}

/// At most this many people, nearest first, are weighed for one pronoun.
const MAX_CANDIDATES: usize = 8;

/// What the ranker reads around a pronoun besides the entities.
pub(super) struct Scene<'s> {
    /// The body's sentences, `(start, end, paragraph)`, in text order.
    pub sentences: &'s [(usize, usize, usize)],
    /// Named speakers of quotes with a cue: `(cue offset, paragraph, name)`, in order of
    /// the cue.
    pub speakers: &'s [(usize, usize, String)],
    /// Where each of those speakers first spoke (the cue offset).
    pub first_spoke: &'s BTreeMap<&'s str, usize>,
    /// The people an honorific anywhere in the body gives a gender ("Ms. Brand").
    pub honorifics: &'s BTreeMap<&'s str, Gender>,
}

/// The genders honorifics give people anywhere in a body ([`Scene::honorifics`]).
pub(super) fn honorifics<'e>(
    body: &str,
    entities: &'e [EntityMention],
) -> BTreeMap<&'e str, Gender> {
    entities
        .iter()
        .filter(|e| e.kind == EntityKind::Person)
        .filter_map(|e| Some((e.name.as_str(), honorific_gender(body, e.start)?)))
        .collect()
}

/// One person a pronoun may refer to: the last mention of them before it, with its
/// signals.
pub(super) struct Candidate<'a> {
    pub mention: &'a EntityMention,
    pub features: Features,
}

/// The role of a mention in its clause.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Subject,
    Object,
    Oblique,
    Possessor,
}

/// The people a pronoun at `at` may refer to, nearest first, each with its signals;
/// people of a gender `gender` rules out are left out.
pub(super) fn candidates<'a>(
    ctx: &Context<'a>,
    scene: &Scene,
    at: usize,
    gender: Option<Gender>,
    learnt: &BTreeMap<String, Gender>,
) -> Vec<Candidate<'a>> {
    let people: Vec<&'a EntityMention> = ctx
        .entities_in(0, at.saturating_sub(1))
        .iter()
        .rev()
        .take(MAX_MENTIONS_BACK)
        .filter(|e| e.start < at && e.kind == EntityKind::Person && !ctx.in_quote(e.start))
        .take(MAX_PEOPLE_BACK)
        .collect();
    // Each person's mentions, nearest first; people in order of their last mention.
    let mut named: Vec<(&str, Vec<&'a EntityMention>)> = Vec::new();
    for &e in &people {
        if let Some((_, mentions)) = named.iter_mut().find(|(n, _)| *n == e.name) {
            mentions.push(e);
        } else {
            named.push((&e.name, vec![e]));
        }
    }
    // A person's gender: an honorific the text gives them anywhere ("Ms. Brand"), else their
    // first name's, else what an earlier pronoun taught.
    named.retain(|(name, _)| {
        let known = scene
            .honorifics
            .get(name)
            .copied()
            .or_else(|| crate::entities::gender_hint(name))
            .or_else(|| learnt.get(*name).copied());
        !matches!((gender, known), (Some(a), Some(b)) if a != b)
    });
    named.truncate(MAX_CANDIDATES);
    let sentence_of = |pos: usize| {
        scene
            .sentences
            .partition_point(|r| r.0 <= pos)
            .saturating_sub(1)
    };
    let paragraph_of = |pos: usize| ctx.paragraphs.partition_point(|p| p.0 <= pos);
    let here = sentence_of(at);
    let here_paragraph = paragraph_of(at);
    let sentence_start = |pos: usize| {
        scene
            .sentences
            .get(sentence_of(pos))
            .map_or(0, |r| r.0)
            .min(pos)
    };
    // The speakers before the pronoun: a sorted prefix, cut by a binary search.
    let earlier = &scene.speakers[..scene.speakers.partition_point(|s| s.0 < at)];
    let last_speaker = earlier
        .last()
        .filter(|s| s.1 + 1 >= here_paragraph.saturating_sub(1))
        .map(|s| s.2.as_str());
    let scored: Vec<(bool, Candidate<'a>)> = named
        .into_iter()
        .enumerate()
        .map(|(rank, (name, mentions))| {
            let last = mentions[0];
            let back = here.saturating_sub(sentence_of(last.start));
            let role = role_of(ctx, last, sentence_start(last.start));
            let recent = mentions
                .iter()
                .take_while(|m| here.saturating_sub(sentence_of(m.start)) <= 2)
                .any(|m| role_of(ctx, m, sentence_start(m.start)) == Role::Subject || says(ctx, m));
            let between = ctx.body.get(last.end..at).unwrap_or_default().trim();
            let flag = |b: bool| if b { 1.0 } else { 0.0 };
            let features: Features = [
                flag(rank == 0),
                flag(back == 0),
                flag(back == 1),
                flag(back == 2),
                flag(paragraph_of(last.start) == here_paragraph),
                flag(role == Role::Subject),
                flag(role == Role::Object),
                flag(role == Role::Oblique),
                flag(role == Role::Possessor),
                flag(says(ctx, last)),
                flag(recent),
                ((1 + mentions.len()) as f64).ln() / 10f64.ln(),
                flag(last_speaker == Some(name)),
                flag(scene.first_spoke.get(name).is_some_and(|&first| first < at)),
            ];
            // A name in a phrase fronted before the pronoun's own clause, only a comma
            // between ("Of Lind, he said …"), is never what the pronoun refers to: the
            // pronoun would name the same person twice in one clause.
            let fronted = back == 0 && role == Role::Oblique && matches!(between, "" | ",");
            (
                fronted,
                Candidate {
                    mention: last,
                    features,
                },
            )
        })
        .collect();
    let unbound = scored.iter().any(|(fronted, _)| !fronted);
    scored
        .into_iter()
        .filter(|(fronted, _)| !(unbound && *fronted))
        .map(|(_, c)| c)
        .collect()
}

/// The person [`model`] ranks first among the [`candidates`], with its share of the
/// ranker's probability (the softmax of the scores).
pub(super) fn choose<'a>(candidates: &[Candidate<'a>]) -> Option<(&'a EntityMention, f64)> {
    let (best, share) = model().best(candidates.iter().map(|c| c.features.as_slice()))?;
    candidates.get(best).map(|c| (c.mention, share))
}

/// A mention's role, read from the words before it in its sentence: past the
/// capitalised words and titles of its name ("Sen.", "spokeswoman"), the first lower-case
/// word is a preposition (oblique), a conjunction (a clause's subject) or anything else
/// (an object); a comma, colon or quotation mark there, or the sentence's start, makes
/// it a subject.
fn role_of(ctx: &Context, m: &EntityMention, sentence_start: usize) -> Role {
    let rest = ctx.body.get(m.end..).unwrap_or_default();
    if rest.starts_with("'s") || rest.starts_with("\u{2019}s") {
        return Role::Possessor;
    }
    let Some(before) = ctx.body.get(sentence_start..m.start) else {
        return Role::Subject;
    };
    let words: Vec<(usize, &str)> = ::text::words(before).collect();
    let title = |w: &str| {
        let w = lowercase(w);
        PERSON_TITLES.contains(&w.as_ref()) || DESCRIPTIONS.iter().any(|(d, _)| *d == w)
    };
    let Some(&(o, w)) = words
        .iter()
        .rev()
        .find(|(_, w)| !w.starts_with(char::is_uppercase) && !title(w))
    else {
        return Role::Subject;
    };
    let gap = before.get(o + w.len()..).unwrap_or_default();
    if gap.contains([
        ',', ';', ':', '(', '"', '\u{201C}', '\u{201D}', '\u{2014}', '\u{2013}',
    ]) {
        return Role::Subject;
    }
    let w = lowercase(w);
    if PREPOSITIONS.contains(&w.as_ref()) {
        Role::Oblique
    } else if CLAUSE_CONJUNCTIONS.contains(&w.as_ref())
        || matches!(
            w.as_ref(),
            "that" | "when" | "after" | "before" | "as" | "because" | "since" | "if" | "so"
        )
    {
        Role::Subject
    } else {
        Role::Object
    }
}

/// The gender an honorific right before `at` gives ("Mr.", "Ms.", "Mrs.", "Miss").
fn honorific_gender(body: &str, at: usize) -> Option<Gender> {
    let before = body.get(..at)?.trim_end();
    let word = before
        .rsplit(|c: char| c.is_whitespace())
        .next()?
        .trim_end_matches('.');
    match word {
        "Mr" => Some(Gender::Male),
        "Mrs" | "Ms" | "Miss" => Some(Gender::Female),
        _ => None,
    }
}

/// Whether a verb of saying follows a mention ("Lind said", "Lind, 54, told").
fn says(ctx: &Context, m: &EntityMention) -> bool {
    let rest = ctx.body.get(m.end..).unwrap_or_default();
    let rest = &rest[..super::floor_char(rest, rest.len().min(60))];
    ::text::words(rest)
        .next()
        .is_some_and(|(_, w)| w == "says" || super::past_speech_verb(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weights_name_the_features() {
        assert_eq!(learn::check_tsv(&FEATURES, WEIGHTS), Ok(()));
    }
}
