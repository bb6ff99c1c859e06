//! How far to trust a quote: the probability that both its content and its speaker are
//! right, from a logistic model (`learn::Logistic`) over the evidence the rules leave
//! behind — which rule found it, its cue, who its speaker is and how that speaker was
//! found, its length and shape.
//!
//! The weights (`confidence.tsv`) are fitted on PolNeAR train by
//! `eval/examples/train_quotes.rs`, where a quote counts as right when it lies inside an
//! annotated attribution's content and, for a named source, its speaker is that source;
//! `chorus eval quotes` checks the calibration on PolNeAR dev. Nothing here is tuned by
//! hand.

use super::words::{
    AUXILIARIES, BAD_OPENERS, EXTRA_STATEMENTS, SUBJECT_PRONOUNS, THOUGHT, TO_WORDS,
};
use std::collections::HashMap;
use std::sync::OnceLock;

use model::{EntityKind, EntityMention, QuoteKind};

use super::verbs::{self, VerbClass};
use super::{learned, Context, Found, Origin, Subject};

/// The names of the signals, in the order of a [`Features`] row (and of
/// `confidence.tsv`).
pub const FEATURES: [&str; 50] = [
    // Always 1: the intercept.
    "bias",
    // Inside quotation marks (or a transcript line).
    "direct",
    // Which rule found it: a transcript line, "X said (that) …", "…, X said",
    // "according to X", the object of a verb of stance, "a poll shows …", a clause added
    // by "adding that" or a second verb of saying, the learned tagger, a narrator's
    // clause completed by quoted words. Quotation marks are the reference.
    "transcript",
    "clause",
    "tail",
    "according",
    "stance",
    "evidence",
    "added",
    "tagged",
    "partial",
    // No cue: the speaker comes from a possessor, an introducer or a neighbour.
    "no_cue",
    // The speaker was borrowed from another quote of the paragraph or the one before.
    "borrowed",
    // The cue is a core verb of saying or writing ("said", "told", "wrote",
    // "according to").
    "statement",
    // The share of the cue word's occurrences in PolNeAR train that are annotated cues.
    "reliability",
    // A verb of naming ("called it …").
    "naming",
    // Who the speaker is: nobody; a person, an organisation, a place among the article's
    // entities; a name that is no entity (a group noun such as "Police").
    "speaker_none",
    "speaker_person",
    "speaker_org",
    "speaker_place",
    "speaker_unlisted",
    // The speaker is a group or a description kept as written, its head a common noun
    // ("Opponents", "several observers").
    "speaker_group",
    // The speaker was a pronoun or a description, resolved to a name; for a pronoun, how
    // unsure the ranker of its person was (1 less the chosen person's share,
    // `antecedent::choose`).
    "anaphor",
    "anaphor_doubt",
    // The speaker's name (a word of three letters or more) is inside the content: the
    // subject of the quoted words rather than their speaker.
    "speaker_in_content",
    // A mention of the speaker near the quote (in its paragraph, from 1,000 bytes before
    // to 300 after) follows "to", "told", "with", "asked", "urged" or "for": an addressee.
    "addressee",
    // No mention of the speaker near the quote.
    "speaker_far",
    // At most three words: a fragment.
    "short",
    // ln(1 + words) / ln(100), at most 1.
    "words_log",
    // Every word capitalised: a title or a name.
    "all_caps",
    // "not", "n't", "never", "no" or "declined" in the four words before the cue.
    "negated",
    // The content ends with a question mark.
    "question",
    // The quote opens its paragraph.
    "opens_paragraph",
    // A direct quote of at most three words: a partial quote.
    "direct_short",
    // Reported speech whose content opens with "that".
    "that_opens",
    // Reported speech whose content opens with a preposition, a conjunction, a day or
    // punctuation: a phrase ("Friday as he entered", ", looking out"), not a clause.
    "bad_start",
    // Another verb of saying inside reported content (outside quotation marks): the
    // content runs past its clause into the next attribution.
    "inner_cue",
    // The quote's own cue sits inside its content, set off by commas ("The museum, Mr.
    // Bush said, celebrated …"): the attribution is a parenthesis.
    "parenthetical",
    // More than 40 words.
    "long",
    // The content holds an auxiliary ("is", "would", "didn't"), a past form after its
    // first word, or opens (after "that") with a subject pronoun: it reads as a clause.
    "has_aux",
    "has_ed",
    "pronoun_first",
    // Reported speech with none of the three: a noun phrase, likely the verb's object
    // ("wrote the ambassador", "told reporters").
    "noun_phrase",
    // The cue is a participle ("saying", "suggesting"): its subject is a guess.
    "cue_ing",
    // Commas in the content, over four (at most 1): a content running on past its clause.
    "commas",
    // The content stops before a letter or digit: cut inside a phrase ("her proposals
    // were more| detailed").
    "cut_end",
    // A mention of the speaker ends at most two words before the cue or starts at most
    // two words after it ("Ann Berg said", "said Ann Berg"): the cue's own subject.
    "speaker_at_cue",
    // Bytes from the cue to the nearest mention of the speaker, over 300 (at most 1).
    "speaker_gap",
    // Reported speech (no quotation marks) whose speaker is a resolved pronoun or
    // description, and its commas as "commas": these weigh more without the marks.
    "reported_anaphor",
    "reported_commas",
];

/// The position of a feature in [`FEATURES`]; evaluated at compile time by [`at!`], so
/// a name that is not there does not compile.
const fn index(name: &str) -> usize {
    let mut i = 0;
    while i < FEATURES.len() {
        let (a, b) = (FEATURES[i].as_bytes(), name.as_bytes());
        let mut same = a.len() == b.len();
        let mut k = 0;
        while same && k < a.len() {
            same = a[k] == b[k];
            k += 1;
        }
        if same {
            return i;
        }
        i += 1;
    }
    panic!("not a feature name");
}

/// The index of a named feature, resolved at compile time.
macro_rules! at {
    ($name:literal) => {
        const { index($name) }
    };
}

/// One quote's signals, ordered as [`FEATURES`].
pub type Features = [f64; FEATURES.len()];

/// The name of the rule that found a quote, from its signals: one of the rule flags of
/// [`FEATURES`] ("transcript" to "tagged"), or "marks" for quotation marks.
pub fn rule(features: &Features) -> &'static str {
    let (first, last) = (at!("transcript"), at!("tagged"));
    (first..=last)
        .find(|&i| features.get(i).is_some_and(|&v| v != 0.0))
        .and_then(|i| FEATURES.get(i).copied())
        .unwrap_or("marks")
}

/// The learned weights.
const WEIGHTS: &str = include_str!("confidence.tsv");

/// The model fitted on PolNeAR train (`confidence.tsv`).
pub fn model() -> &'static learn::Logistic {
    static MODEL: OnceLock<learn::Logistic> = OnceLock::new();
    MODEL.get_or_init(|| learn::Logistic::from_tsv(&FEATURES, WEIGHTS))
}

/// The probability that a quote with these signals is right.
pub fn probability(features: &Features) -> f64 {
    model().probability(features)
}

/// How far before and after a quote, in bytes, its speaker's mentions are looked for:
/// the signals stay local, so their cost stays linear in the body.
const BEFORE: usize = 1000;
const AFTER: usize = 300;
/// Bytes before a word (a mention, a cue) read for the words that precede it.
const WORD_REACH: usize = 60;

/// Entity kinds by canonical name (the first mention's), built once per body.
pub(super) struct Kinds<'a>(HashMap<&'a str, EntityKind>);

impl<'a> Kinds<'a> {
    pub(super) fn new(entities: &'a [EntityMention]) -> Self {
        let mut map = HashMap::new();
        for e in entities {
            map.entry(e.name.as_str()).or_insert(e.kind);
        }
        Kinds(map)
    }
}

/// The share of a cue word's occurrences in PolNeAR train that are annotated cues (0
/// for a word the table does not hold).
fn reliability(word: &str) -> f64 {
    static TABLE: OnceLock<HashMap<&'static str, f64>> = OnceLock::new();
    TABLE
        .get_or_init(|| learned::entries().collect())
        .get(word)
        .copied()
        .unwrap_or(0.0)
}

/// The signals of a found quote whose speaker resolved to `speaker`.
pub(super) fn features(
    ctx: &Context,
    kinds: &Kinds<'_>,
    f: &Found,
    speaker: Option<&str>,
    (borrowed, doubt): (bool, f64),
) -> Features {
    let mut x = [0.0; FEATURES.len()];
    let mut set = |i: usize, value: f64| x[i] = value;
    let flag = |b: bool| if b { 1.0 } else { 0.0 };
    set(at!("bias"), 1.0);
    set(at!("direct"), flag(f.kind == QuoteKind::Direct));
    let origin = match f.origin {
        Origin::Marks => None,
        Origin::Transcript => Some(at!("transcript")),
        Origin::Clause => Some(at!("clause")),
        Origin::Tail => Some(at!("tail")),
        Origin::According => Some(at!("according")),
        Origin::Stance => Some(at!("stance")),
        Origin::Evidence => Some(at!("evidence")),
        Origin::Added => Some(at!("added")),
        Origin::Tagged => Some(at!("tagged")),
        Origin::Partial => Some(at!("partial")),
    };
    if let Some(i) = origin {
        set(i, 1.0);
    }
    set(at!("no_cue"), flag(f.cue.is_none()));
    set(at!("borrowed"), flag(borrowed));
    if let Some(cue) = f.cue.as_deref() {
        let lower = cue.to_lowercase();
        let head = lower.split_whitespace().next().unwrap_or_default();
        set(at!("statement"), flag(is_statement_cue(&lower)));
        set(at!("reliability"), reliability(head));
        set(at!("naming"), flag(f.cue_class == Some(VerbClass::Naming)));
    }
    let paragraph = ctx.paragraphs.get(f.paragraph).copied();
    match speaker {
        None => set(at!("speaker_none"), 1.0),
        Some(name) => {
            let kind = kinds.0.get(name).copied();
            let slot = match kind {
                Some(EntityKind::Person) => at!("speaker_person"),
                Some(EntityKind::Organization) => at!("speaker_org"),
                Some(EntityKind::Place) => at!("speaker_place"),
                Some(EntityKind::Other) | None => at!("speaker_unlisted"),
            };
            set(slot, 1.0);
            let common_head = name
                .split_whitespace()
                .last()
                .is_some_and(|w| w.starts_with(|c: char| c.is_lowercase()));
            set(
                at!("speaker_group"),
                flag(
                    kind.is_none()
                        && (common_head
                            || name.split_whitespace().count() == 1 && name.ends_with('s')),
                ),
            );
            let content = ctx.body.get(f.start..f.end).unwrap_or_default();
            let inside = ::text::words(name)
                .map(|(_, w)| w)
                .filter(|w| w.chars().count() >= 3)
                .any(|w| ::text::words(content).any(|(_, c)| c == w));
            set(at!("speaker_in_content"), flag(inside));
            if let Some((base, text)) = paragraph {
                let from = base.max(f.start.saturating_sub(BEFORE));
                let to = (base + text.len()).min(f.end + AFTER);
                let spans: Vec<(usize, usize)> = ctx
                    .entities_in(from, to)
                    .iter()
                    .filter(|e| e.name == name && e.start >= from && e.start <= to)
                    .map(|e| (e.start, e.end))
                    .collect();
                let mentions: Vec<usize> = spans.iter().map(|&(s, _)| s).collect();
                set(at!("speaker_far"), flag(mentions.is_empty()));
                if let Some((at, cue)) = f.cue_at.zip(f.cue.as_deref()) {
                    let cue_end = at + cue.len();
                    let near = spans.iter().any(|&(s, e)| {
                        (e <= at && ctx.words(e, at).len() <= 2)
                            || (s >= cue_end && ctx.words(cue_end, s).len() <= 2)
                    });
                    set(at!("speaker_at_cue"), flag(near));
                    let gap = spans
                        .iter()
                        .map(|&(s, e)| if e <= at { at - e } else { s.abs_diff(cue_end) })
                        .min();
                    if let Some(gap) = gap {
                        set(at!("speaker_gap"), (gap.min(300) as f64) / 300.0);
                    }
                }
                let addressed = mentions.iter().any(|&at| {
                    let before = super::floor_char(ctx.body, at.saturating_sub(WORD_REACH));
                    ctx.words(before.max(base), at)
                        .last()
                        .is_some_and(|&(_, w)| TO_WORDS.contains(&w.to_lowercase().as_str()))
                });
                set(at!("addressee"), flag(addressed));
            }
        }
    }
    set(
        at!("anaphor"),
        flag(matches!(f.subject, Subject::Anaphor { .. }) && speaker.is_some()),
    );
    set(
        at!("anaphor_doubt"),
        if speaker.is_some() { doubt } else { 0.0 },
    );
    let short = f.words <= 3;
    set(at!("short"), flag(short));
    set(
        at!("words_log"),
        ((1.0 + f.words as f64).ln() / 100f64.ln()).min(1.0),
    );
    set(at!("all_caps"), flag(f.all_capitalised));
    if let Some(at) = f.cue_at {
        let base = paragraph.map_or(0, |(base, _)| base);
        let from = super::floor_char(ctx.body, at.saturating_sub(WORD_REACH)).max(base);
        set(at!("negated"), flag(ctx.negated_before(from, at, 4)));
    }
    let content = ctx.body.get(f.start..f.end).unwrap_or_default();
    set(at!("question"), flag(content.trim_end().ends_with('?')));
    set(at!("opens_paragraph"), flag(f.opens_paragraph));
    set(
        at!("direct_short"),
        flag(short && f.kind == QuoteKind::Direct),
    );
    if f.kind == QuoteKind::Indirect {
        let words = ctx.words(f.start, f.end);
        let first = words.first().map(|&(_, w)| w.to_lowercase());
        set(at!("that_opens"), flag(first.as_deref() == Some("that")));
        let opens_badly = !content.starts_with(char::is_alphanumeric)
            || first
                .as_deref()
                .is_some_and(|w| BAD_OPENERS.contains(&w) || is_day(w));
        set(at!("bad_start"), flag(opens_badly));
        let inner = words.iter().skip(1).any(|&(at, w)| {
            !ctx.in_quote(at) && Some(at) != f.cue_at && verbs::introduces_clause(&w.to_lowercase())
        });
        set(at!("inner_cue"), flag(inner));
        let parenthetical = f.cue_at.is_some_and(|at| at > f.start && at < f.end);
        set(at!("parenthetical"), flag(parenthetical));
    }
    set(at!("long"), flag(f.words > 40));
    let words: Vec<String> = ::text::words(content)
        .map(|(_, w)| w.to_lowercase())
        .collect();
    let has_aux = words.iter().any(|w| AUXILIARIES.contains(&w.as_str()));
    let has_ed = words
        .iter()
        .skip(1)
        .any(|w| w.len() > 4 && w.ends_with("ed"));
    let subject = match words.first().map(String::as_str) {
        Some("that") => words.get(1),
        _ => words.first(),
    };
    let pronoun_first = subject.is_some_and(|w| SUBJECT_PRONOUNS.contains(&w.as_str()));
    set(at!("has_aux"), flag(has_aux));
    set(at!("has_ed"), flag(has_ed));
    set(at!("pronoun_first"), flag(pronoun_first));
    set(
        at!("noun_phrase"),
        flag(f.kind == QuoteKind::Indirect && !(has_aux || has_ed || pronoun_first)),
    );
    let cue_ing = f.cue.as_deref().is_some_and(|c| {
        c.split_whitespace()
            .next()
            .is_some_and(|w| w.to_lowercase().ends_with("ing"))
    });
    set(at!("cue_ing"), flag(cue_ing));
    set(
        at!("commas"),
        (content.matches(',').count().min(4) as f64) / 4.0,
    );
    let next = ctx
        .body
        .get(f.end..)
        .and_then(|rest| rest.trim_start_matches([' ', '\u{a0}']).chars().next());
    set(
        at!("cut_end"),
        flag(next.is_some_and(char::is_alphanumeric)),
    );
    if f.kind == QuoteKind::Indirect {
        x[at!("reported_anaphor")] = x[at!("anaphor")];
        x[at!("reported_commas")] = x[at!("commas")];
    }
    x
}

/// True for a word (in lower case) that cannot open a clause reported without "that":
/// a preposition, a conjunction, a relative word, a day or a time word, an auxiliary
/// (the verb of a clause the cue sits in: "everything Trump says is a lie") or an "-ing"
/// form ("said, looking out", "said Friday as he entered", "said as much").
pub fn opens_no_clause(word: &str) -> bool {
    BAD_OPENERS.contains(&word)
        || AUXILIARIES.contains(&word)
        || is_day(word)
        || (word.ends_with("ing") && !word.ends_with("thing") && word.len() > 4)
        || word == "much"
}

/// True for the name of a day of the week.
fn is_day(word: &str) -> bool {
    matches!(
        word,
        "monday" | "tuesday" | "wednesday" | "thursday" | "friday" | "saturday" | "sunday"
    )
}

/// True for a cue that reports speech or writing: a core verb of saying ("said",
/// "told", "wrote", "tweeted", "warned") or "according to". Verbs of stance and action
/// ("blasted", "demanded", "sought") report positions, not statements.
pub fn is_statement_cue(cue: &str) -> bool {
    let lower = cue.trim().to_lowercase();
    if lower.starts_with("according") {
        return true;
    }
    let head = lower.split_whitespace().next().unwrap_or_default();
    let Some((class, lemma)) = verbs::lookup(head) else {
        return false;
    };
    class == VerbClass::Speech
        && !THOUGHT.contains(&lemma)
        && (verbs::introduces_clause(head) || EXTRA_STATEMENTS.contains(&lemma))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_feature_has_a_weight_in_the_file() {
        assert_eq!(learn::check_tsv(&FEATURES, WEIGHTS), Ok(()));
    }

    fn confidence_of(body: &str, text: &str) -> f64 {
        let entities = crate::entities::find(body);
        let quotes = super::super::find(body, &entities);
        quotes
            .iter()
            .find(|q| q.text.contains(text))
            .map_or(-1.0, |q| q.confidence)
    }

    #[test]
    fn a_named_speaker_is_trusted_and_a_missing_one_is_not() {
        let said = confidence_of(
            "The talks ended on Monday.\n\n“We are ready to talk about everything,” Anna Berg said.",
            "ready to talk",
        );
        let unattributed = confidence_of(
            "The talks ended on Monday.\n\nThe mood was tense. “We are ready to talk about everything.”",
            "ready to talk",
        );
        assert!(said >= 0.5, "{said}");
        assert!((0.0..0.5).contains(&unattributed), "{unattributed}");
    }

    #[test]
    fn a_clause_after_said_is_trusted_and_a_participle_is_no_quote() {
        let clause = confidence_of(
            "Anna Berg said that the harbour would reopen in May after the repairs.",
            "the harbour would reopen",
        );
        let phrase = confidence_of(
            "“Who would have thought we would get this far?” Anna Berg said, looking out on the cheering crowd.",
            "looking out",
        );
        assert!(clause >= 0.5, "{clause}");
        assert_eq!(phrase, -1.0, "a participle after the verb opens no clause");
    }

    #[test]
    fn the_rule_of_a_quote_is_named_by_its_flag() {
        let mut f = [0.0; FEATURES.len()];
        assert_eq!(rule(&f), "marks");
        f[at!("tail")] = 1.0;
        assert_eq!(rule(&f), "tail");
    }

    #[test]
    fn words_that_open_no_clause() {
        for w in ["as", "when", "friday", "looking", "much", "during", "is"] {
            assert!(opens_no_clause(w), "{w}");
        }
        for w in ["the", "nothing", "officials", "it", "that", "king"] {
            assert!(!opens_no_clause(w), "{w}");
        }
    }

    #[test]
    fn statements_are_speech_not_stances() {
        assert!(is_statement_cue("said"));
        assert!(is_statement_cue("told"));
        assert!(is_statement_cue("according to"));
        assert!(is_statement_cue("wrote"));
        assert!(!is_statement_cue("blasted"));
        assert!(!is_statement_cue("sought"));
        assert!(!is_statement_cue("demanded"));
    }
}
