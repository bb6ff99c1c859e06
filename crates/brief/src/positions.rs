//! Positions: what each actor demands, rejects, threatens, promises, proposes or accepts,
//! and of whom, in the sense of the CAMEO/PLOVER verbal-act classes.
//!
//! A position is found at a cue verb of a small lexicon written here ("demanded",
//! "ruled out", "warned of ... sanctions", "will not agree to"). The cue must read as a
//! verb (an auxiliary, a subject or an adverb before it, or a past form), so that nouns
//! like "pay demands" stay out. The actor is the nearest entity before the cue that can
//! be a subject (not a possessive, not inside a prepositional phrase); a pronoun is
//! resolved to the speaker of the quote around or beside it, or to the nearest earlier
//! entity of a fitting kind. Negated acceptance ("will not agree to") is a rejection;
//! other negated cues are dropped. The object is the rest of the clause, cut short; the
//! target is an entity after "from", "of", "to", "on" or "against" in it, or the
//! object itself.
//!
//! Positions of one actor and stance whose objects share canonical terms are merged
//! across articles; the most widely reported come first.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use model::{AnalyzedArticle, EntityKind, EntityMention, Position, Stance};

use crate::sim::{bag_vector, shared_ids, Lexicon, SparseVec};
use crate::spans::Spans;
use crate::Story;

/// Most positions in a brief: room for a few of each side of a dispute.
const MAX_POSITIONS: usize = 16;
/// Most words of a position's object text.
const MAX_OBJECT_WORDS: usize = 12;
/// Most words an object may run to when its clause goes on past [`MAX_OBJECT_WORDS`]: a
/// promise cut before its last word can read as its opposite ("promised … that the wall
/// would cost taxpayers" without "nothing"), so an object is shown whole or not at all.
const MAX_WHOLE_OBJECT_WORDS: usize = 20;
/// Prepositions that may open a cue's object, naming what it is about or aimed at
/// ("spoke of reform", "warned against the plan"); every other one of [`PREPOSITIONS`]
/// or [`TIME_PREPOSITIONS`] cannot: after "demanded for the wall" or "offered in the
/// speech" the object is elsewhere (the head of a relative clause, "the amount he
/// demanded for the wall") or is none.
const TOPIC_PREPOSITIONS: &[&str] = &["of", "on", "to", "about", "against", "toward", "towards"];
/// Finite auxiliaries and modals: right after a cue they open the main clause of a
/// relative clause the cue ends ("the plan he promised has failed"), never its object.
const FINITE_AUXILIARIES: &[&str] = &[
    "has", "have", "had", "will", "would", "can", "could", "should", "may", "might", "must",
    "does", "did",
];
/// Prepositions of time and circumstance, which open no object.
const TIME_PREPOSITIONS: &[&str] = &["during", "since", "until", "amid", "after", "before", "as"];
/// Most words scanned back from a cue for its subject.
const MAX_SUBJECT_DISTANCE: usize = 24;
/// Most distinct wordings of a position compared with a new one.
const MAX_WORDINGS: usize = 8;
/// Most positions of one actor and stance a new wording is compared with (the first
/// ones): a hard cap on the pairwise work of merging.
const MAX_GROUPS_COMPARED: usize = 64;
/// Bag cosine at or above which two objects of one actor and stance are one position.
const MERGE_SIMILARITY: f64 = 0.3;

/// Words that let the next word read as a verb.
const AUXILIARIES: &[&str] = &[
    "will", "would", "shall", "should", "could", "can", "may", "might", "must", "to", "has",
    "have", "had", "is", "are", "was", "were", "be", "been", "not", "t", "also", "again", "still",
    "now", "never", "which", "who", "did", "does", "do", "then", "already", "cannot",
];
/// Words that make the next word a noun.
const DETERMINERS: &[&str] = &[
    "the", "a", "an", "its", "their", "his", "her", "our", "your", "my", "any", "this", "these",
    "those", "s",
];
/// Words that open a noun phrase as a determiner does ("some Democrats", "many
/// Republicans").
const QUANTIFIERS: &[&str] = &[
    "some", "many", "several", "all", "both", "most", "few", "other", "more", "fellow",
];
/// Prepositions that put an entity in a phrase rather than in the subject.
const PREPOSITIONS: &[&str] = &[
    "by", "of", "in", "on", "at", "to", "from", "with", "for", "about", "against", "over", "under",
    "between", "among", "into", "toward", "towards", "than",
];
/// Prepositions that introduce a position's target.
const TARGET_PREPOSITIONS: &[&str] = &["from", "of", "to", "on", "against", "toward", "towards"];
/// Words that end a clause's object.
const OBJECT_STOPS: &[&str] = &[
    "and",
    "but",
    "while",
    "although",
    "though",
    "because",
    "as",
    "after",
    "before",
    "which",
    "who",
    "whereas",
    "unless",
    "even",
    "said",
    "says",
    "told",
    "according",
];
/// Reporting verbs: a cue after one belongs to the reported clause.
const REPORTING: &[&str] = &[
    "said",
    "says",
    "say",
    "told",
    "tells",
    "added",
    "adding",
    "stated",
    "announced",
    "according",
    "reported",
    "believes",
    "thinks",
    "explained",
    "noted",
];
/// Nouns that turn a warning into a threat.
const THREAT_NOUNS: &[&str] = &[
    "consequence",
    "consequences",
    "sanction",
    "sanctions",
    "retaliation",
    "retaliate",
    "response",
    "cost",
    "costs",
    "measures",
    "force",
    "war",
    "punishment",
    "reprisal",
    "reprisals",
];

/// Nouns of speech that "offer" or "propose" takes without proposing anything ("offered a
/// defiant defence", "offered his condolences").
const SPOKEN: &[&str] = &[
    "apology",
    "apologies",
    "assessment",
    "comment",
    "comments",
    "condolences",
    "defence",
    "defense",
    "explanation",
    "glimpse",
    "praise",
    "prayers",
    "remarks",
    "thanks",
    "thoughts",
    "tribute",
];

/// Indefinite pronouns, which alone are no object of a refused act.
const INDEFINITE: &[&str] = &[
    "anyone",
    "anybody",
    "anything",
    "someone",
    "somebody",
    "something",
    "everyone",
    "everybody",
    "everything",
    "nobody",
    "nothing",
];

/// Verbs whose negation is a rejection ("will not agree to").
const NEGATABLE: &[&str] = &[
    "allow",
    "tolerate",
    "negotiate",
    "compromise",
    "budge",
    "yield",
    "give",
    "back",
    "accept",
    "agree",
];

/// How a cue reads: its stance, how many words it spans, and where its object is.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Object {
    /// The object follows the cue.
    After,
    /// The object precedes the cue ("the proposals are non-starters").
    Before,
}

#[derive(Clone, Copy)]
struct Cue {
    stance: Stance,
    /// Index of the cue's first word and one past its last word.
    first: usize,
    last: usize,
    object: Object,
    /// Whether the cue word is a past form, which reads as a verb on its own.
    past: bool,
    /// How the actor is found: the cue's subject, or, for a threat told as a
    /// condition ("if the board cuts the shift, there will be a strike"), only the speaker of the
    /// quote around it (the subject of the condition is the one threatened).
    actor: Actor,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Actor {
    /// The subject before the cue, which reads as a verb ("X demanded").
    Subject,
    /// The subject before an adjective after a form of "be" ("X is open to").
    Predicate,
    /// The speaker of the quote holding the cue.
    Speaker,
}

/// One word of a sentence: byte range in the body and lower-cased form.
struct Token {
    start: usize,
    end: usize,
    lower: String,
}

fn is_form(word: &str, base: &str) -> bool {
    if word == base {
        return true;
    }
    let stem = base.strip_suffix('e').unwrap_or(base);
    let inflected = |suffix: &str| {
        word.strip_suffix(suffix)
            .is_some_and(|rest| rest == base || rest == stem)
    };
    // Cheap first-letter test: most words share no prefix with any cue.
    word.as_bytes().first() == base.as_bytes().first()
        && (inflected("s") || inflected("es") || inflected("ed") || inflected("ing"))
}

fn is_past(word: &str) -> bool {
    word.ends_with("ed") || word == "sought"
}

/// The cue starting at word `k`, if any.
fn cue_at(tokens: &[Token], k: usize) -> Option<Cue> {
    let w = tokens.get(k)?.lower.as_str();
    let next = tokens.get(k + 1).map_or("", |t| t.lower.as_str());
    let cue = |stance, len: usize, object| Cue {
        stance,
        first: k,
        last: k + len,
        object,
        past: is_past(w),
        actor: Actor::Subject,
    };
    let object_has = |words: &[&str]| {
        tokens
            .iter()
            .skip(k + 1)
            .take(MAX_OBJECT_WORDS)
            .any(|t| words.contains(&t.lower.as_str()))
    };
    if is_form(w, "demand") {
        return Some(cue(Stance::Demand, 1, Object::After));
    }
    // "Seeks guarantees" asks for something; "sought to calm the crews" tries
    // to do something, which is no demand.
    if (is_form(w, "seek") || w == "sought") && next != "to" {
        return Some(cue(Stance::Demand, 1, Object::After));
    }
    if (is_form(w, "call") || is_form(w, "press")) && next == "for" {
        return Some(cue(Stance::Demand, 2, Object::After));
    }
    if is_form(w, "insist") {
        if next == "on" {
            return Some(cue(Stance::Demand, 2, Object::After));
        }
        if object_has(&["must", "should", "never"]) {
            return Some(cue(Stance::Demand, 1, Object::After));
        }
        return None;
    }
    if is_form(w, "want") && object_has(&["guarantee", "guarantees", "assurance", "assurances"]) {
        return Some(cue(Stance::Demand, 1, Object::After));
    }
    if is_form(w, "reject") || is_form(w, "refuse") || is_form(w, "dismiss") {
        return Some(cue(Stance::Reject, 1, Object::After));
    }
    if (is_form(w, "rule") || w == "ruling") && next == "out" {
        return Some(cue(Stance::Reject, 2, Object::After));
    }
    if w == "non" && matches!(next, "starter" | "starters") {
        return Some(cue(Stance::Reject, 2, Object::Before));
    }
    if matches!(w, "nonstarter" | "nonstarters" | "unacceptable") {
        return Some(cue(Stance::Reject, 1, Object::Before));
    }
    if is_form(w, "threaten") {
        return Some(cue(Stance::Threaten, 1, Object::After));
    }
    if is_form(w, "warn") && object_has(THREAT_NOUNS) {
        return Some(cue(Stance::Threaten, 1, Object::After));
    }
    if is_form(w, "promise") || is_form(w, "pledge") || is_form(w, "vow") || is_form(w, "guarantee")
    {
        return Some(cue(Stance::Promise, 1, Object::After));
    }
    if is_form(w, "propose") || is_form(w, "offer") {
        return Some(cue(Stance::Propose, 1, Object::After));
    }
    if is_form(w, "suggest") && next != "that" {
        return Some(cue(Stance::Propose, 1, Object::After));
    }
    if is_form(w, "accept") {
        return Some(cue(Stance::Accept, 1, Object::After));
    }
    if is_form(w, "agree") && next == "to" {
        return Some(cue(Stance::Accept, 2, Object::After));
    }
    if NEGATABLE.contains(&w) && negated(tokens, k) {
        return Some(cue(Stance::Reject, 1, Object::After));
    }
    // "Is open to talks on …", "could be instead open to …": an offer.
    if w == "open"
        && next == "to"
        && tokens[k.saturating_sub(2)..k]
            .iter()
            .any(|t| COPULAS.contains(&t.lower.as_str()))
    {
        return Some(Cue {
            actor: Actor::Predicate,
            ..cue(Stance::Propose, 2, Object::After)
        });
    }
    // "If the board cuts the shift, there will be severe consequences": a threat by whoever
    // says it.
    if w == "there"
        && matches!(next, "will" | "would")
        && tokens.get(k + 2).is_some_and(|t| t.lower == "be")
        && tokens[..k].iter().any(|t| t.lower == "if")
        && tokens
            .iter()
            .skip(k + 3)
            .take(4)
            .any(|t| THREAT_NOUNS.contains(&t.lower.as_str()))
    {
        return Some(Cue {
            actor: Actor::Speaker,
            ..cue(Stance::Threaten, 3, Object::After)
        });
    }
    None
}

/// Forms of "be" (and "remain") before an adjective cue.
const COPULAS: &[&str] = &[
    "is", "are", "was", "were", "be", "been", "remain", "remains",
];

/// True when one of the three words before `k` negates it.
fn negated(tokens: &[Token], k: usize) -> bool {
    tokens[k.saturating_sub(3)..k]
        .iter()
        .any(|t| matches!(t.lower.as_str(), "not" | "never" | "t" | "cannot" | "no"))
}

/// True when the text between two byte offsets breaks a clause.
fn breaks(body: &str, from: usize, to: usize) -> bool {
    // A separator inside a number breaks nothing ("$84,000", "1.3 billion", "9/11").
    let digit_before = body
        .get(..from)
        .and_then(|b| b.chars().next_back())
        .is_some_and(|c| c.is_ascii_digit());
    let digit_after = body
        .get(to..)
        .and_then(|a| a.chars().next())
        .is_some_and(|c| c.is_ascii_digit());
    if digit_before && digit_after && matches!(body.get(from..to), Some("," | "." | "/" | ":")) {
        return false;
    }
    // The dots of an initialism ("U.S.", "U.K.") break nothing: a single capital on
    // either side.
    let single_capital_before = body.get(..from).is_some_and(|b| {
        let mut rev = b.chars().rev();
        rev.next().is_some_and(char::is_uppercase) && !rev.next().is_some_and(char::is_alphabetic)
    });
    let capital_after = body
        .get(to..)
        .and_then(|a| a.chars().next())
        .is_some_and(char::is_uppercase);
    if body.get(from..to) == Some(".") && single_capital_before && capital_after {
        return false;
    }
    // Nor does the last dot of one before a lower-case word ("U.K. plans to …").
    let initialism_before = body.get(..from).is_some_and(|b| {
        let mut rev = b.chars().rev();
        rev.next().is_some_and(char::is_uppercase) && rev.next() == Some('.')
    });
    let lower_after = body
        .get(to..)
        .and_then(|a| a.chars().next())
        .is_some_and(char::is_lowercase);
    if body.get(from..to).map(str::trim_end) == Some(".") && initialism_before && lower_after {
        return false;
    }
    // Nor does the period of a title or an initial ("Mr. Varga", "Ona J. Brand").
    let word_before = body
        .get(..from)
        .and_then(|b| b.rsplit(|c: char| !c.is_alphanumeric() && c != '.').next());
    if body.get(from..to).map(str::trim_end) == Some(".")
        && word_before.is_some_and(|w| !w.is_empty() && text::is_abbreviation(w))
    {
        return false;
    }
    body.get(from..to).is_some_and(|gap| {
        gap.contains([
            ',', ';', ':', '.', '!', '?', '"', '\u{201C}', '\u{201D}', '(', ')', '\u{2014}',
        ])
    })
}

/// A position as found in one article, before merging.
struct Found {
    article: usize,
    start: usize,
    actor: String,
    stance: Stance,
    target: Option<String>,
    text: String,
}

/// The entity mentions and quotes of one article, indexed for the lookups made at every
/// cue, so that an article's cost grows with its length, not with its length squared.
struct Marks<'a> {
    a: &'a AnalyzedArticle,
    /// Mentions with a name and a range, sorted by position.
    mentions: Vec<&'a EntityMention>,
    spans: Spans,
    /// Name -> index of its first mention.
    first_named: HashMap<&'a str, usize>,
    /// Lower-cased last word of an organisation's name -> its mentions, ascending.
    orgs_by_last: HashMap<String, Vec<usize>>,
    /// The article's quotes, in annotation order.
    quotes: Spans,
}

impl<'a> Marks<'a> {
    fn new(a: &'a AnalyzedArticle) -> Marks<'a> {
        let mut mentions: Vec<&EntityMention> = a
            .annotations
            .entities
            .iter()
            .filter(|m| m.start < m.end && !m.name.trim().is_empty())
            .collect();
        mentions.sort_by_key(|m| (m.start, m.end));
        let mut first_named = HashMap::new();
        let mut orgs_by_last: HashMap<String, Vec<usize>> = HashMap::new();
        for (k, m) in mentions.iter().enumerate() {
            first_named.entry(m.name.as_str()).or_insert(k);
            if m.kind == EntityKind::Organization {
                if let Some(w) = m.name.split_whitespace().last() {
                    orgs_by_last.entry(w.to_lowercase()).or_default().push(k);
                }
            }
        }
        Marks {
            a,
            spans: Spans::new(mentions.iter().map(|m| (m.start, m.end))),
            mentions,
            first_named,
            orgs_by_last,
            quotes: Spans::new(a.annotations.quotes.iter().map(|q| (q.start, q.end))),
        }
    }

    /// The first mention among the first `upto` covering byte `pos`.
    fn covering(&self, pos: usize, upto: usize) -> Option<&'a EntityMention> {
        self.spans
            .covering(pos)
            .filter(|&k| k < upto)
            .and_then(|k| self.mentions.get(k).copied())
    }
}

/// The positions of a story, most widely reported first.
pub(crate) fn positions(story: &Story<'_>, lexicon: &mut Lexicon) -> Vec<Position> {
    let mut found = Vec::new();
    for (i, a) in story.articles.iter().enumerate() {
        let marks = Marks::new(a);
        for s in story.sentences.get(i).map_or(&[][..], Vec::as_slice) {
            // Mentions of this sentence, plus the earlier ones pronouns may refer to.
            let upto = marks.mentions.partition_point(|m| m.start < s.end);
            find_in_sentence(&marks, i, s.start, s.end, upto, &mut found);
        }
    }
    merge(story, found, lexicon)
}

fn find_in_sentence(
    marks: &Marks<'_>,
    article: usize,
    start: usize,
    end: usize,
    upto: usize,
    out: &mut Vec<Found>,
) {
    let a = marks.a;
    let mentions = &marks.mentions[..upto.min(marks.mentions.len())];
    let body = &a.article.body;
    let Some(sentence) = crate::slice(body, start, end) else {
        return;
    };
    let tokens: Vec<Token> = text::words(sentence)
        .map(|(o, w)| Token {
            start: start + o,
            end: start + o + w.len(),
            lower: w.to_lowercase(),
        })
        .collect();
    let from = mentions.partition_point(|m| m.end <= start);
    let here = &mentions[from..];
    // The first mention of this sentence covering `pos`: the first of the article when
    // it lies past `from` (always so for mentions that do not overlap), else a scan.
    let mention_at = |pos: usize| match marks.spans.covering(pos) {
        Some(k) if k >= from => marks.mentions.get(k),
        Some(_) => here.iter().find(|m| m.start <= pos && pos < m.end),
        None => None,
    };
    let mut k = 0;
    while k < tokens.len() {
        let Some(cue) = cue_at(&tokens, k) else {
            k += 1;
            continue;
        };
        k = cue.last.max(k + 1);
        // Words inside an entity name are not cues ("Pledge Party"), nor is the second
        // half of a compound modifier ("long-sought tax returns").
        if mention_at(tokens[cue.first].start).is_some()
            || (cue.first > 0
                && body
                    .get(tokens[cue.first - 1].end..tokens[cue.first].start)
                    .is_some_and(|gap| gap == "-"))
        {
            continue;
        }
        let negation = negated(&tokens, cue.first);
        let stance = match (cue.stance, negation) {
            (s, false) => s,
            (Stance::Accept, true) => Stance::Reject,
            (Stance::Reject, true) if NEGATABLE.contains(&tokens[cue.first].lower.as_str()) => {
                Stance::Reject
            }
            _ => continue,
        };
        // "If he were to reject the rota", "as the board is due to accept the award": a
        // stance supposed or still to come is none taken.
        if cue.actor != Actor::Speaker && hypothetical(body, &tokens, cue.first) {
            continue;
        }
        // "demands that the board pledge to keep…": the board is asked to pledge, it pledges
        // nothing.
        if demanded_of(&tokens, cue.first) {
            continue;
        }
        let found = match cue.actor {
            Actor::Speaker => quote_speaker(marks, tokens[cue.first].start).map(|s| (s, 0)),
            Actor::Subject | Actor::Predicate => subject(marks, &tokens, cue, upto, start, end),
        };
        let Some((actor, subject_end)) = found else {
            continue;
        };
        if cue.actor == Actor::Subject
            && cue.object == Object::After
            && !reads_as_verb(&tokens, cue, subject_end)
        {
            continue;
        }
        // A passive cue ("this is ruled out") leaves the object before it, as a pronoun
        // more often than not: too vague to report.
        if cue.actor == Actor::Subject && cue.object == Object::After && passive(&tokens, cue) {
            continue;
        }
        // "Will not back down": the refused act is the verb itself.
        let verb_is_object = cue.stance == Stance::Reject
            && NEGATABLE.contains(&tokens[cue.first].lower.as_str())
            && cue.last == cue.first + 1;
        // A refused act with nothing after it ("will not allow") says too little.
        let object = match cue.object {
            Object::After if verb_is_object => {
                object_after(body, &tokens, cue.first + 1).map(|(_, to)| (cue.first, to))
            }
            Object::After => object_after(body, &tokens, cue.last)
                .map(|(from, to)| addressed(&tokens, cue, from, to)),
            Object::Before => object_before(&tokens, cue.first, cue.last, subject_end),
        };
        let Some((from, to)) = object else { continue };
        // A judgement inside a quoted phrase ("complaints of a \"hasty and unacceptable
        // violation\"") is the quoted party's, and the words before it are no object: an
        // object before its cue never reaches across a quotation mark.
        if cue.object == Object::Before
            && body
                .get(tokens[from].start..tokens[cue.first].start)
                .is_some_and(|gap| gap.contains(['"', '\u{201C}', '\u{201D}']))
        {
            continue;
        }
        // "Will not let anyone" (cut at a quotation mark): a refused act whose object
        // is an indefinite pronoun alone says too little.
        if verb_is_object
            && to == cue.first + 2
            && INDEFINITE.contains(&tokens[cue.first + 1].lower.as_str())
        {
            continue;
        }
        // "Offered a defence of his decision": an act of speech offered is no proposal.
        if cue.stance == Stance::Propose
            && tokens[from..to]
                .iter()
                .take(4)
                .any(|t| SPOKEN.contains(&t.lower.as_str()))
        {
            continue;
        }
        // An initialism the sentence splitter cut ("from the U" of "U.S.") is read whole.
        let mut end = tokens[to - 1].end;
        let rest = body.get(end..).unwrap_or("");
        let initialism: String = rest
            .chars()
            .take(4)
            .take_while(|c| *c == '.' || c.is_ascii_uppercase())
            .collect();
        if tokens[to - 1].end - tokens[to - 1].start == 1
            && body
                .get(tokens[to - 1].start..end)
                .is_some_and(|w| w.chars().all(|c| c.is_ascii_uppercase()))
            && initialism.starts_with('.')
            && initialism.chars().any(|c| c.is_ascii_uppercase())
        {
            end += initialism.len();
        }
        // A quoted run the object ends with keeps its closing mark.
        let opened = crate::slice(body, tokens[from].start, end).is_some_and(|t| {
            t.matches('"').count() % 2 == 1
                || t.matches('\u{201C}').count() > t.matches('\u{201D}').count()
        });
        if opened {
            if let Some(c) = body.get(end..).and_then(|r| r.chars().next()) {
                if c == '"' || c == '\u{201D}' {
                    end += c.len_utf8();
                }
            }
        }
        let Some(text) = crate::slice(body, tokens[from].start, end) else {
            continue;
        };
        // An object that points back ("several of those offers", "it") says nothing on
        // its own.
        if tokens[from..to.min(from + 3)]
            .iter()
            .any(|t| matches!(t.lower.as_str(), "those" | "these" | "it" | "them" | "such"))
            || tokens[from].lower == "this"
        {
            continue;
        }
        // The refused act reads as one: "rejects: yielding on its demand", not "rejects:
        // yield on its demand", which reads as its opposite.
        let text = if verb_is_object {
            let verb = &tokens[cue.first].lower;
            let rest = crate::slice(body, tokens[cue.first].end, tokens[to - 1].end).unwrap_or("");
            format!("{}{rest}", gerund(verb))
        } else if cue.actor == Actor::Speaker {
            // The threat keeps its condition: "severe consequences, if the Coal Board cuts
            // the night shift".
            match condition(body, &tokens, cue.first) {
                Some(c) => format!("{text}, if {c}"),
                None => text.to_string(),
            }
        } else {
            text.to_string()
        };
        let target = target(marks, &tokens, from, to, upto).filter(|t| *t != actor);
        out.push(Found {
            article,
            start: tokens[cue.first].start,
            actor,
            stance,
            target,
            text: text.split_whitespace().collect::<Vec<_>>().join(" "),
        });
    }
}

/// The clause of the last "if" before word `before`, up to it, without its closing
/// comma: the condition of a threat.
fn condition<'b>(body: &'b str, tokens: &[Token], before: usize) -> Option<&'b str> {
    let at = tokens[..before].iter().rposition(|t| t.lower == "if")?;
    let first = tokens.get(at + 1)?;
    let last = tokens.get(before.checked_sub(1)?)?;
    (at + 1 < before).then_some(())?;
    crate::slice(body, first.start, last.end)
}

/// The "-ing" form of a verb of [`NEGATABLE`] ("yield" -> "yielding", "give" ->
/// "giving", "agree" -> "agreeing").
fn gerund(verb: &str) -> String {
    match verb.strip_suffix('e') {
        Some(stem) if !stem.ends_with('e') => format!("{stem}ing"),
        _ => format!("{verb}ing"),
    }
}

/// The object of a threat or a warning without its addressee: "warned the port
/// owners of severe consequences" threatens "severe consequences". The object
/// then starts after the first "of" or "with" within its first words, when what comes
/// before opens with a possessive or a determiner (a person or a body addressed).
fn addressed(tokens: &[Token], cue: Cue, from: usize, to: usize) -> (usize, usize) {
    if cue.stance != Stance::Threaten {
        return (from, to);
    }
    let opens_addressee = tokens.get(from).is_some_and(|t| {
        DETERMINERS.contains(&t.lower.as_str()) || t.lower == "him" || t.lower == "them"
    });
    let of =
        (from + 1..to.min(from + 6)).find(|&k| matches!(tokens[k].lower.as_str(), "of" | "with"));
    match of {
        Some(k) if opens_addressee && k + 1 < to => (k + 1, to),
        _ => (from, to),
    }
}

/// True when the cue at `k` is the act someone else demands of its subject: "that" within
/// the four words before it follows a form of "demand", "insist", "urge" or "ask"
/// ("the union's demands that the board pledge…").
fn demanded_of(tokens: &[Token], k: usize) -> bool {
    (k.saturating_sub(4)..k).any(|t| {
        tokens[t].lower == "that"
            && t.checked_sub(1)
                .and_then(|p| tokens.get(p))
                .is_some_and(|w| {
                    ["demand", "insist", "urge", "ask"]
                        .iter()
                        .any(|base| is_form(&w.lower, base))
                })
    })
}

/// True when the cue word reads as a verb: a past form not after a determiner, or a
/// word right after its subject, an auxiliary or an adverb.
fn reads_as_verb(tokens: &[Token], cue: Cue, subject_end: usize) -> bool {
    let Some(prev) = cue.first.checked_sub(1).and_then(|p| tokens.get(p)) else {
        return false;
    };
    let prev = prev.lower.as_str();
    if DETERMINERS.contains(&prev) {
        return false;
    }
    cue.past
        || AUXILIARIES.contains(&prev)
        || prev.ends_with("ly")
        || tokens[cue.first - 1].end <= subject_end && subject_end <= tokens[cue.first].start
}

/// True when a past-form cue follows a form of "be", perhaps with an adverb between.
fn passive(tokens: &[Token], cue: Cue) -> bool {
    let copula = |t: &Token| {
        matches!(
            t.lower.as_str(),
            "is" | "are" | "was" | "were" | "be" | "been"
        )
    };
    cue.past
        && (1..=2).any(|back| {
            cue.first
                .checked_sub(back)
                .and_then(|p| tokens.get(p))
                .is_some_and(&copula)
                && (back == 1
                    || tokens
                        .get(cue.first - 1)
                        .is_some_and(|t| t.lower.ends_with("ly")))
        })
}

/// Words that open a clause of condition or doubt: a stance inside one is not taken.
const SUPPOSING: &[&str] = &["if", "unless", "whether"];

/// True when the cue at `first` is supposed, not taken: an infinitive ("prepares to
/// accept", "a decision to accept"), or inside a clause of condition or doubt ("if he
/// were to reject") that the cue's own clause opens.
fn hypothetical(body: &str, tokens: &[Token], first: usize) -> bool {
    let mut k = first;
    while k > 0 && tokens[k - 1].lower.ends_with("ly") {
        k -= 1;
    }
    if k > 0 && tokens[k - 1].lower == "to" {
        return true;
    }
    let mut k = first;
    while k > 0 && first - k < MAX_SUBJECT_DISTANCE {
        if breaks(body, tokens[k - 1].end, tokens[k].start) {
            return false;
        }
        k -= 1;
        if SUPPOSING.contains(&tokens[k].lower.as_str()) {
            return true;
        }
    }
    false
}

/// Words that may stand between a subject and its verb: auxiliaries, negation, and
/// words of time ("the union on Monday rejected", "he has also refused").
fn between_subject_and_verb(word: &str) -> bool {
    (AUXILIARIES.contains(&word) && !matches!(word, "which" | "who" | "to"))
        || word.ends_with("ly")
        || matches!(
            word,
            "on" | "monday"
                | "tuesday"
                | "wednesday"
                | "thursday"
                | "friday"
                | "saturday"
                | "sunday"
                | "today"
                | "yesterday"
                | "earlier"
                | "later"
                | "once"
                | "repeatedly"
                | "instead"
                | "however"
        )
}

/// True when the name ending at token `last` is the subject of the verb at `cue`: only
/// words of [`between_subject_and_verb`] stand between them, and an apposition set off
/// by commas right after the name ("Ona Brand, the senator, on Tuesday offered").
fn subject_next_to(body: &str, tokens: &[Token], last: usize, cue: Cue) -> bool {
    // A judgement after its object ("offers that are nonstarters") is the clause's
    // subject's, however far back it stands.
    if cue.object == Object::Before {
        return true;
    }
    let cue = cue.first;
    let mut k = last + 1;
    let comma_after = |k: usize| {
        k > 0
            && body
                .get(tokens[k - 1].end..tokens.get(k).map_or(tokens[k - 1].end, |t| t.start))
                .is_some_and(|g| g.contains(','))
    };
    if k < cue && comma_after(k) {
        // Skip the apposition up to its closing comma (at most twelve words: "The Coal
        // Board, to be represented at the talks by its deputy chair Ada Frey, agreed").
        let mut j = k;
        while j < cue && j - k < 12 {
            j += 1;
            if comma_after(j) {
                k = j;
                break;
            }
        }
    }
    tokens[k.min(cue)..cue]
        .iter()
        .all(|t| between_subject_and_verb(&t.lower))
}

/// The actor of a cue and the byte offset where its subject ends.
fn subject(
    marks: &Marks<'_>,
    tokens: &[Token],
    cue: Cue,
    upto: usize,
    sentence_start: usize,
    sentence_end: usize,
) -> Option<(String, usize)> {
    let a = marks.a;
    let body = &a.article.body;
    // "X visited the border …, and called for …": a verb after "and" shares the subject
    // of the sentence's first verb, which is the entity opening the sentence, or none.
    if coordinated(body, tokens, cue.first) {
        return opening_subject(marks, tokens, upto);
    }
    let mut k = cue.first;
    let mut scanned = 0;
    while k > 0 && scanned < MAX_SUBJECT_DISTANCE {
        k -= 1;
        scanned += 1;
        let t = &tokens[k];
        if body
            .get(t.end..tokens[k + 1].start)
            .is_some_and(|g| g.contains(';'))
        {
            return None;
        }
        if let Some(m) = marks.covering(t.start, upto) {
            // Tokens are in text order: the first one at or after the mention's start.
            let first = tokens.partition_point(|x| x.start < m.start);
            let first = if first < tokens.len() { first } else { k };
            if eligible(body, tokens, first, m) {
                // A name further back than its verb's own subject could be ("the
                // Coal Board ledger had been lost and dismissed") is not the actor.
                return subject_next_to(body, tokens, k, cue).then(|| (m.name.clone(), m.end));
            }
            k = first;
            continue;
        }
        // "…a pit crew, which all but ensured": the subject is the thing
        // "which" stands for, never a name further back.
        if t.lower == "which" {
            return None;
        }
        // Past a reporting verb (or "that" before an object that follows), the cue sits
        // in a reported clause whose subject is no entity ("X said the owners offered").
        if REPORTING.contains(&t.lower.as_str())
            || (cue.object == Object::After && t.lower == "that")
        {
            return None;
        }
        if let Some(name) = definite(marks, tokens, k, cue.first, upto) {
            return subject_next_to(body, tokens, k, cue).then_some((name, t.end));
        }
        let pronoun = t.lower.as_str();
        if matches!(pronoun, "we" | "i" | "he" | "she" | "it" | "they") {
            if !subject_next_to(body, tokens, k, cue) {
                return None;
            }
            let name = resolve(marks, upto, pronoun, t.start, sentence_start, sentence_end)?;
            return Some((name, t.end));
        }
    }
    // A cue inside a quotation without a subject of its own belongs to the speaker; in
    // reported speech ("critics have demanded proof", told of the mayor) a subject the scan
    // could not name is no reason to take the speaker.
    let at = tokens.get(cue.first)?.start;
    marks
        .quotes
        .covering(at)
        .and_then(|k| marks.a.annotations.quotes.get(k))
        .filter(|q| q.kind == model::QuoteKind::Direct)
        .and_then(|q| q.speaker.clone())
        .filter(|s| !s.trim().is_empty())
        .map(|s| (s, 0))
}

/// True when the cue at `first` is a verb coordinated after "and" (perhaps past an
/// auxiliary or adverb) with the sentence's first verb: "…, and called for", "has
/// closed two pits and demanded".
fn coordinated(body: &str, tokens: &[Token], first: usize) -> bool {
    let mut k = first;
    while k > 0
        && (AUXILIARIES.contains(&tokens[k - 1].lower.as_str())
            || tokens[k - 1].lower.ends_with("ly"))
    {
        k -= 1;
    }
    if k < 2 || tokens[k - 1].lower != "and" {
        return false;
    }
    // ", and" ends the first clause; a bare "and" joins two verbs of the sentence's
    // first clause only when nothing breaks it before ("as the mayor kept to her plan
    // and vowed" has its own subject).
    let gap = |p: usize| body.get(tokens[p].end..tokens[p + 1].start).unwrap_or("");
    // Quotation marks around a phrase ("called the cut a \"final insult\" and demanded")
    // break no clause.
    let quotes_only = |g: &str| {
        g.chars()
            .all(|c| c.is_whitespace() || matches!(c, '"' | '\u{201C}' | '\u{201D}'))
    };
    // The first clause is looked at only as far back as a subject is: a run-on line has
    // no first clause worth the scan.
    gap(k - 2).contains(',')
        || (k <= MAX_SUBJECT_DISTANCE
            && (0..k - 2)
                .all(|p| !breaks(body, tokens[p].end, tokens[p + 1].start) || quotes_only(gap(p))))
}

/// The entity that opens the sentence (its first words, titles included) as its
/// subject: "Vice President Ana Sol visited …".
fn opening_subject(marks: &Marks<'_>, tokens: &[Token], upto: usize) -> Option<(String, usize)> {
    let body = &marks.a.article.body;
    let first = tokens.first()?;
    // Capitalised title words before the name ("Vice President").
    let mut k = 0;
    while k < tokens.len().min(4) {
        if let Some(m) = marks.covering(tokens[k].start, upto) {
            let at = tokens.partition_point(|x| x.start < m.start);
            return (m.start >= first.start && eligible(body, tokens, at, m))
                .then(|| (m.name.clone(), m.end));
        }
        let capitalised = body
            .get(tokens[k].start..)
            .and_then(|r| r.chars().next())
            .is_some_and(char::is_uppercase);
        if !capitalised {
            return None;
        }
        k += 1;
    }
    None
}

/// The organisation a definite description names: "the union" after a mention of
/// "Brennmouth Dockworkers' Union" earlier in the article, when the description is
/// not inside a prepositional phrase.
fn definite(
    marks: &Marks<'_>,
    tokens: &[Token],
    k: usize,
    cue: usize,
    upto: usize,
) -> Option<String> {
    let body = &marks.a.article.body;
    let the = k.checked_sub(1)?;
    if tokens[the].lower != "the" {
        return None;
    }
    // The noun must head its phrase: the verb group or a clause break follows it.
    let next = tokens.get(k + 1)?;
    let heads = k + 1 == cue
        || AUXILIARIES.contains(&next.lower.as_str())
        || next.lower.ends_with("ly")
        || breaks(body, tokens[k].end, next.start);
    if !heads {
        return None;
    }
    let noun = &tokens[k];
    if noun.lower.len() < 4 {
        return None;
    }
    if let Some(before) = the.checked_sub(1) {
        if PREPOSITIONS.contains(&tokens[before].lower.as_str())
            && !breaks(body, tokens[before].end, tokens[the].start)
        {
            return None;
        }
    }
    // The last organisation before "the" whose name ends in the noun.
    let orgs = marks.orgs_by_last.get(&noun.lower)?;
    orgs[..orgs.partition_point(|&o| o < upto)]
        .iter()
        .rev()
        .filter_map(|&o| marks.mentions.get(o))
        .find(|m| m.end <= tokens[the].start)
        .map(|m| m.name.clone())
}

/// True when an entity mention can be a subject: not a possessive, not in a phrase.
fn eligible(body: &str, tokens: &[Token], first: usize, m: &EntityMention) -> bool {
    if m.kind == EntityKind::Other {
        return false;
    }
    let possessive = body
        .get(m.end..)
        .is_some_and(|rest| rest.starts_with("'s") || rest.starts_with("\u{2019}s"));
    if possessive {
        return false;
    }
    // "Union-led", "Board-backed": the name modifies a noun, it is not the subject.
    if body.get(m.end..).is_some_and(|rest| rest.starts_with('-')) {
        return false;
    }
    // A preposition before the name and its title words ("talks with the Coal
    // Board", "by Deputy Harbour Master Ona Brand") puts it in a phrase.
    let mut p = first;
    while p > 0 && first - p < 6 {
        p -= 1;
        if breaks(body, tokens[p].end, tokens[p + 1].start) {
            return true;
        }
        let t = &tokens[p];
        if PREPOSITIONS.contains(&t.lower.as_str()) {
            return false;
        }
        let capitalised = body
            .get(t.start..)
            .and_then(|r| r.chars().next())
            .is_some_and(char::is_uppercase);
        // A determiner or quantifier opens the name's phrase ("at the urging of some
        // Democrats"): the word before it decides.
        if !capitalised
            && !matches!(t.lower.as_str(), "the" | "s")
            && !DETERMINERS.contains(&t.lower.as_str())
            && !QUANTIFIERS.contains(&t.lower.as_str())
        {
            return true;
        }
    }
    true
}

/// The speaker of a quote covering a byte offset.
fn quote_speaker(marks: &Marks<'_>, pos: usize) -> Option<String> {
    marks
        .quotes
        .covering(pos)
        .and_then(|k| marks.a.annotations.quotes.get(k))
        .and_then(|q| q.speaker.clone())
        .filter(|s| !s.trim().is_empty())
}

/// The entity a pronoun stands for: the speaker of the quote around it ("we", "I"), the
/// speaker of a quote in the same sentence, or the nearest earlier entity of its kind.
fn resolve(
    marks: &Marks<'_>,
    upto: usize,
    pronoun: &str,
    pos: usize,
    sentence_start: usize,
    sentence_end: usize,
) -> Option<String> {
    let a = marks.a;
    if let Some(speaker) = quote_speaker(marks, pos) {
        return matches!(pronoun, "we" | "i").then_some(speaker);
    }
    if matches!(pronoun, "we" | "i") {
        return None;
    }
    let beside = marks
        .quotes
        .starting_within(pos, sentence_end)
        .filter_map(|k| a.annotations.quotes.get(k))
        .find(|q| {
            q.start < sentence_end && sentence_start < q.end && q.speaker.is_some() && q.start > pos
        });
    if let Some(speaker) = beside.and_then(|q| q.speaker.clone()) {
        let person = marks
            .first_named
            .get(speaker.as_str())
            .filter(|&&k| k < upto)
            .and_then(|&k| marks.mentions.get(k))
            .is_none_or(|m| m.kind == EntityKind::Person);
        if person == matches!(pronoun, "he" | "she") {
            return Some(speaker);
        }
    }
    let fits = |m: &&EntityMention| match pronoun {
        "he" | "she" => m.kind == EntityKind::Person,
        _ => matches!(m.kind, EntityKind::Organization | EntityKind::Place),
    };
    let body = &a.article.body;
    // The last fitting mention ending at most 400 bytes before the pronoun.
    marks
        .spans
        .ending_between(pos.saturating_sub(400), pos)
        .filter(|&k| k < upto)
        .filter_map(|k| marks.mentions.get(k).copied())
        .filter(|m| m.end <= pos && pos - m.end <= 400)
        .filter(fits)
        .find(|m| {
            !body
                .get(m.end..)
                .is_some_and(|r| r.starts_with("'s") || r.starts_with("\u{2019}s"))
        })
        .map(|m| m.name.clone())
}

/// The word range of the object after a cue: up to the clause's end, cut short.
fn object_after(body: &str, tokens: &[Token], from: usize) -> Option<(usize, usize)> {
    let after_cue = from.checked_sub(1).and_then(|p| tokens.get(p))?;
    if breaks(body, after_cue.end, tokens.get(from)?.start) {
        return None;
    }
    // "What we cannot accept is a stoppage": the object follows the copula.
    let from = if matches!(tokens.get(from)?.lower.as_str(), "is" | "was") {
        from + 1
    } else {
        from
    };
    let opener = tokens.get(from)?.lower.as_str();
    if (PREPOSITIONS.contains(&opener) && !TOPIC_PREPOSITIONS.contains(&opener))
        || TIME_PREPOSITIONS.contains(&opener)
    {
        return None;
    }
    // "The recovery he promised has turned into …", "the system he vowed to fix has
    // descended …": a finite verb right after the cue (or its infinitive) is the main
    // clause's; the cue's object is the noun it relates to, before it.
    let finite = |k: usize| {
        tokens
            .get(k)
            .is_some_and(|t| FINITE_AUXILIARIES.contains(&t.lower.as_str()))
    };
    if finite(from) || (opener == "to" && finite(from + 2)) {
        return None;
    }
    let mut to = from;
    let mut ended = false;
    while to < tokens.len() && to - from < MAX_WHOLE_OBJECT_WORDS {
        if to > from && breaks(body, tokens[to - 1].end, tokens[to].start) {
            // A short quoted run is part of the phrase ("an end to the political
            // "finger pointing""): the object keeps it whole, and ends after it.
            if let Some(end) = quoted_run(body, tokens, to) {
                to = end;
            }
            ended = true;
            break;
        }
        if to > from && OBJECT_STOPS.contains(&tokens[to].lower.as_str()) {
            ended = true;
            break;
        }
        to += 1;
    }
    // A clause still going past the longest object shown would be cut mid-thought.
    if !ended && to < tokens.len() {
        return None;
    }
    // A lone adverb ("offered shortly before the meeting") is no object.
    if to == from + 1 && tokens[from].lower.len() > 4 && tokens[from].lower.ends_with("ly") {
        return None;
    }
    while to > from && {
        let last = tokens[to - 1].lower.as_str();
        DETERMINERS.contains(&last) || PREPOSITIONS.contains(&last) || last == "that"
    } {
        to -= 1;
    }
    (to > from).then_some((from, to))
}

/// Most words of a quoted run read as part of an object.
const QUOTED_RUN_WORDS: usize = 4;

/// When a quotation mark opens before the word at `at` (a space before it) and closes
/// after one of the next [`QUOTED_RUN_WORDS`] words, the index one past that word.
fn quoted_run(body: &str, tokens: &[Token], at: usize) -> Option<usize> {
    let gap = body.get(tokens.get(at.checked_sub(1)?)?.end..tokens.get(at)?.start)?;
    let opens = gap.starts_with(char::is_whitespace) && matches!(gap.trim(), "\"" | "\u{201C}");
    if !opens {
        return None;
    }
    (at..tokens.len().min(at + QUOTED_RUN_WORDS))
        .find_map(|j| {
            let rest = body.get(tokens[j].end..)?;
            if rest.starts_with(['"', '\u{201D}']) {
                return Some(j + 1);
            }
            // Another break inside the run ends the search.
            let next = tokens.get(j + 1)?;
            if breaks(body, tokens[j].end, next.start) {
                return Some(usize::MAX);
            }
            None
        })
        .filter(|&j| j != usize::MAX)
}

/// The word range of the object before a reverse cue ("the proposals are non-starters").
fn object_before(
    tokens: &[Token],
    cue: usize,
    cue_end: usize,
    subject_end: usize,
) -> Option<(usize, usize)> {
    let filler = |t: &Token| {
        matches!(
            t.lower.as_str(),
            "is" | "are" | "was" | "were" | "be" | "been" | "remain" | "remains" | "a" | "as"
        ) || t.lower.ends_with("ly")
    };
    let mut to = cue;
    while to > 0 && tokens[to - 1].end > subject_end && filler(&tokens[to - 1]) {
        to -= 1;
    }
    // "offers that are nonstarters": the object is the noun phrase before "that", shown
    // with its relative clause, which says which of them ("rejects: rota offers that are
    // plainly nonstarters", not all rota offers).
    let relative = to > 0 && matches!(tokens[to - 1].lower.as_str(), "that" | "which");
    if relative {
        to -= 1;
    }
    let mut from = to;
    while from > 0 && to - from < MAX_OBJECT_WORDS {
        let t = &tokens[from - 1];
        if t.end <= subject_end
            || matches!(t.lower.as_str(), "that" | "which" | "as" | "said")
            || (PREPOSITIONS.contains(&t.lower.as_str()) && t.lower != "of")
        {
            break;
        }
        from -= 1;
    }
    let end = if relative {
        cue_end.min(tokens.len())
    } else {
        to
    };
    (to > from).then_some((from, end))
}

/// The target of a position: an entity after a target preposition in the object (right
/// after it, or after it and a determiner: "from the Coal Board"), or an entity the
/// object starts with. An entity that modifies the next word ("the Democratic-led
/// committee") is not a target, nor is one after the "to" of an infinitive ("to dictate
/// Brennmouth's rota").
fn target(
    marks: &Marks<'_>,
    tokens: &[Token],
    from: usize,
    to: usize,
    upto: usize,
) -> Option<String> {
    let body = &marks.a.article.body;
    for k in from..to {
        let t = &tokens[k];
        let Some(m) = marks.covering(t.start, upto) else {
            continue;
        };
        if m.kind == EntityKind::Other {
            continue;
        }
        if body.get(m.end..).is_some_and(|rest| rest.starts_with('-')) {
            continue;
        }
        let preposition = |p: usize| TARGET_PREPOSITIONS.contains(&tokens[p].lower.as_str());
        let led = k
            .checked_sub(1)
            .filter(|&p| p + 1 >= from)
            .is_some_and(preposition)
            || k.checked_sub(2)
                .filter(|&p| p + 1 >= from)
                .is_some_and(|p| {
                    preposition(p) && DETERMINERS.contains(&tokens[p + 1].lower.as_str())
                });
        if led || k == from {
            return Some(m.name.clone());
        }
    }
    None
}

/// Merges the found positions of one actor and stance with similar objects.
fn merge(story: &Story<'_>, found: Vec<Found>, lexicon: &mut Lexicon) -> Vec<Position> {
    struct Group {
        actor: String,
        stance: Stance,
        first: (usize, usize),
        texts: Vec<(String, SparseVec)>,
        targets: Vec<String>,
        articles: BTreeSet<usize>,
    }
    let mut groups: Vec<Group> = Vec::new();
    // (actor, stance, fingerprint of the object) -> group, so repeated wordings join
    // without any comparison.
    let mut exact: BTreeMap<(String, Stance, String), usize> = BTreeMap::new();
    // (actor, stance) -> its groups, in order of creation.
    let mut by_actor: HashMap<(String, Stance), Vec<usize>> = HashMap::new();
    for mut f in found {
        // One name per actor across the story ("Ryabkov" in one outlet, "Sergei Ryabkov"
        // in another).
        f.actor = story.aliases.canonical(&f.actor);
        f.target = f.target.map(|t| story.aliases.canonical(&t));
        let key = (f.actor.clone(), f.stance, text::fingerprint_text(&f.text));
        if let Some(&g) = exact.get(&key) {
            let g = &mut groups[g];
            g.articles.insert(f.article);
            g.targets.extend(f.target);
            continue;
        }
        let vec = bag_vector(&lexicon.terms(&f.text));
        let same_actor = by_actor.entry((f.actor.clone(), f.stance)).or_default();
        let joined = same_actor
            .iter()
            .take(MAX_GROUPS_COMPARED)
            .copied()
            .find(|&k| {
                groups[k]
                    .texts
                    .iter()
                    .any(|(_, v)| shared_ids(v, &vec) >= 1 && v.cosine(&vec) >= MERGE_SIMILARITY)
            });
        match joined {
            Some(k) => {
                let g = &mut groups[k];
                g.articles.insert(f.article);
                if g.texts.len() < MAX_WORDINGS {
                    g.texts.push((f.text, vec));
                }
                g.targets.extend(f.target);
                exact.insert(key, k);
            }
            None => {
                exact.insert(key, groups.len());
                same_actor.push(groups.len());
                groups.push(Group {
                    actor: f.actor,
                    stance: f.stance,
                    first: (f.article, f.start),
                    texts: vec![(f.text, vec)],
                    targets: f.target.into_iter().collect(),
                    articles: BTreeSet::from([f.article]),
                });
            }
        }
    }
    let mut ranked: Vec<(usize, Group)> = groups
        .into_iter()
        .map(|g| (story.independent(&g.articles), g))
        .collect();
    ranked.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.first.cmp(&b.1.first)));
    // Each side is heard before any is heard twice: among positions as widely reported,
    // an actor's first comes before another actor's second (the board's rejection before
    // the union's third demand), so the cap does not leave a side out.
    let mut shown: HashMap<String, usize> = HashMap::new();
    let mut ranked: Vec<(usize, usize, Group)> = ranked
        .into_iter()
        .map(|(n, g)| {
            let seen = shown.entry(g.actor.clone()).or_insert(0);
            *seen += 1;
            (n, *seen, g)
        })
        .collect();
    ranked.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then(a.1.cmp(&b.1))
            .then(a.2.first.cmp(&b.2.first))
    });
    ranked
        .into_iter()
        .take(MAX_POSITIONS)
        .map(|(_, _, g)| {
            // The most common target, ties to the first seen.
            let mut counts: HashMap<&str, (usize, std::cmp::Reverse<usize>)> = HashMap::new();
            for (pos, t) in g.targets.iter().enumerate() {
                counts
                    .entry(t.as_str())
                    .or_insert((0, std::cmp::Reverse(pos)))
                    .0 += 1;
            }
            let target = counts
                .into_iter()
                .max_by_key(|&(_, key)| key)
                .map(|(t, _)| t.to_string());
            Position {
                actor: g.actor,
                stance: g.stance,
                target,
                text: g.texts.first().map(|t| t.0.clone()).unwrap_or_default(),
                article_ids: story.ids(&g.articles),
            }
        })
        .collect()
}
