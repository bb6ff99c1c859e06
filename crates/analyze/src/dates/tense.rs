//! The tense around a time expression, from the cue words of the clause that governs it.
//!
//! A time expression takes the tense of the nearest cue word of its clause: a modal or
//! a verb of planning ahead ("will", "plans", "is to", "invited … to"), an infinitive of
//! purpose ("candidates running to face her in November"), or a past form. A cue that
//! stands after the expression governs it only up to the first word opening a clause of
//! its own ("claims Monday that he is going to stay": the complement's "going to" is
//! not the claim's time), and a cue inside quotation marks governs no expression
//! outside them.
//!
//! Apart from that tense, [`Cues::governed_past`] tells whether the verb of the
//! expression's own clause, bounded by clause breaks and openers, is a past form: the
//! evidence that puts a yearless date in the past even when its next occurrence is
//! nearer.

use std::sync::LazyLock;

use crate::quotes::words::{entries, Words};

/// The tense of a sentence around an expression, from its nearest cue word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Tense {
    Past,
    Future,
    Unknown,
}

/// Words that put the nearest event of a sentence in the future.
static FUTURE_CUES: Words = LazyLock::new(|| entries(include_str!("words/future_cues.txt")));

/// Words before a noun phrase's adjectives.
const DETERMINERS: &[&str] = &[
    "a", "an", "the", "its", "his", "her", "their", "our", "this", "that", "these", "those",
];

/// Future cues that are also adjectives of a noun ("a scheduled interview").
const PARTICIPLES: &[&str] = &["scheduled", "planned", "expected", "forecast"];

/// Irregular past-tense verbs and other words that put an event in the past.
static PAST_CUES: Words = LazyLock::new(|| entries(include_str!("words/past_cues.txt")));

/// Words ending in "-ed" that are not past-tense verbs.
static NOT_PAST: Words = LazyLock::new(|| entries(include_str!("words/not_past.txt")));

/// Extra word distance given to cues that follow the expression.
const FORWARD_PENALTY: usize = 2;

/// Characters that close a clause: a cue beyond one of them belongs to another event.
const CLAUSE_BREAKS: &[char] = &[',', ';', ':', '(', ')', '—', '–'];

/// The positions of the characters that close a clause in `body`, in order: what
/// [`Cues::tense`] looks up instead of searching each sentence again.
pub(super) fn clause_breaks(body: &str) -> Vec<usize> {
    body.char_indices()
        .filter(|(_, c)| CLAUSE_BREAKS.contains(c))
        .map(|(i, _)| i)
        .collect()
}

/// The words of one sentence with the tense each cue word gives, read once for all the
/// time expressions of the sentence.
pub(super) struct Cues {
    /// Byte offsets of the sentence's words, in order.
    positions: Vec<usize>,
    /// Indices (into `positions`) of the cue words, in order, with their tense.
    cues: Vec<(usize, Tense)>,
    /// Indices of the cues that govern only their own clause ([`infinitive`]), in order.
    local: Vec<usize>,
    /// Indices of the "to" cues of [`IRREALIS_VERBS`], in order: they govern only the
    /// expressions after them, inside the infinitive ("urged the board on Monday to
    /// meet": Monday is the urging's).
    ahead: Vec<usize>,
    /// Indices of the words that open a subordinate clause ([`OPENERS`]), in order.
    openers: Vec<usize>,
    /// For each word, whether it stands inside quotation marks.
    quoted: Vec<bool>,
    /// Indices of the words that may be a clause's verb, in order, each with whether it
    /// is a past form: the cues, the [`PRESENT_VERBS`] and the infinitives. What
    /// [`Cues::governed_past`] reads.
    verbs: Vec<(usize, bool)>,
    /// Indices of the [`ENDPOINT_PREPOSITIONS`], in order.
    endpoints: Vec<usize>,
}

/// Present-tense auxiliaries and modals: the verb of a clause holding one is no past form.
static PRESENT_VERBS: Words = LazyLock::new(|| entries(include_str!("words/present_verbs.txt")));

/// Prepositions that make a date the end of a span or the target of a move ("extended
/// the offer to Nov. 20"): such a date may lie ahead of its clause's past verb.
static ENDPOINT_PREPOSITIONS: Words =
    LazyLock::new(|| entries(include_str!("words/endpoint_prepositions.txt")));

/// Words that open a clause of its own: a cue after one of them tells that clause's
/// time, not the time of an expression before it ("said Monday that it will close").
static OPENERS: Words = LazyLock::new(|| entries(include_str!("words/openers.txt")));

/// Verbs whose object is an event still ahead: an expression after them in their clause
/// dates that event ("invited the board to Brennmouth on Friday").
static FORWARD_VERBS: Words = LazyLock::new(|| entries(include_str!("words/forward_verbs.txt")));

/// Verbs whose to-infinitive tells an act still ahead of them ("asked the leaders to
/// return on Friday", "voted to close the pit in March").
static IRREALIS_VERBS: Words = LazyLock::new(|| entries(include_str!("words/irrealis_verbs.txt")));

/// At most this many words (the verb's object) stand between an [`IRREALIS_VERBS`] verb
/// and the "to" of its infinitive.
const OBJECT_WORDS: usize = 6;

/// True when a verb of [`IRREALIS_VERBS`] governs the "to" at `words[idx]`: it stands at
/// most [`OBJECT_WORDS`] words before it, with no clause break or clause opener between.
fn irrealis_before(body: &str, words: &[(usize, String)], idx: usize) -> bool {
    let to = words[idx].0;
    for j in (idx.saturating_sub(OBJECT_WORDS + 1)..idx).rev() {
        let (pos, word) = &words[j];
        let between = body.get(*pos..to).unwrap_or("");
        if between.contains(CLAUSE_BREAKS) || OPENERS.contains(&word.as_str()) {
            return false;
        }
        if IRREALIS_VERBS.contains(&word.as_str()) {
            return true;
        }
    }
    false
}

/// At most this many cues are passed over in one direction when looking for one that
/// governs an expression, which bounds the work in a run-on sentence.
const CUES_SKIPPED: usize = 16;

impl Cues {
    /// The words and cues of `body[sentence.0..sentence.1]`.
    pub(super) fn new(body: &str, sentence: (usize, usize)) -> Cues {
        let Some(text) = body.get(sentence.0..sentence.1) else {
            return Cues {
                positions: Vec::new(),
                cues: Vec::new(),
                local: Vec::new(),
                ahead: Vec::new(),
                openers: Vec::new(),
                quoted: Vec::new(),
                verbs: Vec::new(),
                endpoints: Vec::new(),
            };
        };
        let words: Vec<(usize, String)> = text::words(text)
            .map(|(i, w)| (sentence.0 + i, w.to_lowercase()))
            .collect();
        let capital = |idx: usize| {
            words.get(idx).is_some_and(|(pos, _)| {
                body.get(*pos..)
                    .is_some_and(|r| r.starts_with(char::is_uppercase))
            })
        };
        // A "to" with a base verb after it, governed by a verb of directing, planning or
        // deciding before it in its clause ("asked the leaders to return"): its act lies
        // ahead.
        let ahead = |idx: usize| {
            words[idx].1 == "to"
                && !capital(idx + 1)
                && words.get(idx + 1).is_some_and(|(_, w)| is_base_verb(w))
                && irrealis_before(body, &words, idx)
        };
        let cues = words
            .iter()
            .enumerate()
            .filter_map(|(idx, (_, word))| {
                // A capital after "to" opens a name ("to Brennmouth"), not a verb.
                let next = words
                    .get(idx + 1)
                    .map(|(_, w)| w.as_str())
                    .filter(|_| word != "to" || !capital(idx + 1));
                let prev = idx
                    .checked_sub(1)
                    .and_then(|p| words.get(p))
                    .map(|(_, w)| w.as_str());
                // A capitalised word inside the sentence is a name ("United Provinces",
                // "Will Frey"), not a verb.
                if idx > 0 && capital(idx) && !PAST_CUES.contains(&word.as_str()) {
                    return None;
                }
                if ahead(idx) {
                    return Some((idx, Tense::Future));
                }
                if adjective(&words, idx) {
                    return None;
                }
                cue(prev, word, next).map(|t| (idx, t))
            })
            .collect::<Vec<_>>();
        let local = cues
            .iter()
            .filter(|&&(idx, _)| {
                let prev = idx
                    .checked_sub(1)
                    .and_then(|p| words.get(p))
                    .map(|(_, w)| w.as_str());
                let next = words.get(idx + 1).map(|(_, w)| w.as_str());
                infinitive(prev, &words[idx].1, next) || ahead(idx)
            })
            .map(|&(idx, _)| idx)
            .collect();
        let ahead_cues = cues
            .iter()
            .map(|&(idx, _)| idx)
            .filter(|&idx| ahead(idx))
            .collect();
        // The indices of the words of a list.
        let listed = |list: &[&str]| -> Vec<usize> {
            words
                .iter()
                .enumerate()
                .filter(|(_, (_, w))| list.contains(&w.as_str()))
                .map(|(idx, _)| idx)
                .collect()
        };
        let openers = listed(&OPENERS);
        // Quotation marks opened before each word: straight ones toggle, curly ones open
        // and close.
        let mut quoted = Vec::with_capacity(words.len());
        let mut inside = false;
        let mut marks = text
            .char_indices()
            .filter(|(_, c)| matches!(c, '"' | '“' | '”'))
            .peekable();
        for (pos, _) in &words {
            while let Some(&(at, c)) = marks.peek() {
                if sentence.0 + at >= *pos {
                    break;
                }
                inside = match c {
                    '“' => true,
                    '”' => false,
                    _ => !inside,
                };
                marks.next();
            }
            quoted.push(inside);
        }
        // The words that may be a clause's verb: the cues, present-tense auxiliaries and
        // modals, and the "to" of an infinitive.
        let mut verbs: Vec<(usize, bool)> = cues
            .iter()
            .map(|&(idx, t)| (idx, t == Tense::Past))
            .chain(
                words
                    .iter()
                    .enumerate()
                    .filter(|&(idx, (_, w))| {
                        let present = PRESENT_VERBS.contains(&w.as_str());
                        let infinitive = w == "to"
                            && !capital(idx + 1)
                            && words.get(idx + 1).is_some_and(|(_, n)| is_base_verb(n));
                        (present || infinitive) && !(idx > 0 && capital(idx))
                    })
                    .map(|(idx, _)| (idx, false)),
            )
            .collect();
        verbs.sort_unstable();
        verbs.dedup_by_key(|&mut (idx, _)| idx);
        let endpoints = listed(&ENDPOINT_PREPOSITIONS);
        Cues {
            positions: words.into_iter().map(|(pos, _)| pos).collect(),
            cues,
            local,
            ahead: ahead_cues,
            openers,
            quoted,
            verbs,
            endpoints,
        }
    }

    /// The tense at the expression `start..end` of the sentence `sentence` (whose words
    /// these are): the cue nearest to it within its clause or, when the clause has
    /// none, within the whole sentence. `breaks` are the body's [`clause_breaks`].
    pub(super) fn tense(
        &self,
        breaks: &[usize],
        sentence: (usize, usize),
        start: usize,
        end: usize,
    ) -> Tense {
        // The last break before the expression, and the first after it, inside the
        // sentence.
        let (clause_start, clause_end) = clause_bounds(breaks, sentence, start, end);
        // Cues after the first clause opener that follows the expression in its own
        // clause tell that subordinate clause's time.
        let after_from = self.positions.partition_point(|&p| p < end);
        let k = self.openers.partition_point(|&idx| idx < after_from);
        let blocked = self
            .openers
            .get(k)
            .map(|&idx| self.positions[idx])
            .filter(|&p| p < clause_end)
            .map_or((0, 0), |p| (p, clause_end));
        let first = self.positions.partition_point(|&p| p < start);
        let outside_quotes = !self.quoted.get(first).copied().unwrap_or(false);
        let governs = |idx: usize| {
            let in_subordinate = (blocked.0..blocked.1).contains(&self.positions[idx]);
            let quoted_elsewhere = outside_quotes && self.quoted[idx];
            let infinitive_after =
                self.positions[idx] >= end && self.ahead.binary_search(&idx).is_ok();
            !in_subordinate && !quoted_elsewhere && !infinitive_after
        };
        self.nearest(start, end, (clause_start, clause_end), &governs)
            .or_else(|| {
                let sentence_wide =
                    |idx: usize| governs(idx) && self.local.binary_search(&idx).is_err();
                self.nearest(start, end, (0, usize::MAX), &sentence_wide)
            })
            .unwrap_or(Tense::Unknown)
    }

    /// Whether the verb that governs the expression `start..end` in its own clause is a
    /// past form. Its clause runs from the last clause break or clause opener before it
    /// to the first after it ("whom he fired in February", "since sales began in
    /// January"); its verb is read from the words before it there that may be a verb
    /// ([`Cues::verbs`]), all of which must be past forms ("was referring to … Yates
    /// telling McGahn in January", but not "has divided … and may be resolved the week
    /// of March 6" or "will redeem preferred shares on Oct. 31"), or, when there is
    /// none, from the first such word after it ("On Jan. 5 the board voted"). Unlike
    /// [`Cues::tense`] it never reads another clause of the sentence. A date after a
    /// preposition of an end point ("extended the offer to Nov. 20") is not governed so.
    pub(super) fn governed_past(
        &self,
        breaks: &[usize],
        sentence: (usize, usize),
        start: usize,
        end: usize,
    ) -> bool {
        let first = self.positions.partition_point(|&p| p < start);
        let after_from = self.positions.partition_point(|&p| p < end);
        if first
            .checked_sub(1)
            .is_some_and(|p| self.endpoints.binary_search(&p).is_ok())
        {
            return false;
        }
        let (break_before, break_after) = clause_bounds(breaks, sentence, start, end);
        // The opener itself belongs to its clause ("since" is a cue of its own).
        let k = self.openers.partition_point(|&idx| idx < first);
        let opener_before = k
            .checked_sub(1)
            .map_or(sentence.0, |k| self.positions[self.openers[k]]);
        let k = self.openers.partition_point(|&idx| idx < after_from);
        let opener_after = self
            .openers
            .get(k)
            .map_or(sentence.1, |&idx| self.positions[idx]);
        let clause = (
            break_before.max(opener_before),
            break_after.min(opener_after),
        );
        let outside_quotes = !self.quoted.get(first).copied().unwrap_or(false);
        let counts = |&&(idx, _): &&(usize, bool)| !(outside_quotes && self.quoted[idx]);
        let k = self.verbs.partition_point(|&(idx, _)| idx < first);
        let mut before = self.verbs[..k]
            .iter()
            .rev()
            .take(CUES_SKIPPED)
            .take_while(|&&(idx, _)| self.positions[idx] >= clause.0)
            .filter(counts)
            .peekable();
        if before.peek().is_some() {
            return before.all(|&(_, past)| past);
        }
        // A date that opens the sentence, set off by a comma ("In January, the board
        // voted"), is governed by the main clause after it, up to a clause opener.
        let fronted = clause.0 == sentence.0;
        let until = if fronted { opener_after } else { clause.1 };
        let k = self.verbs.partition_point(|&(idx, _)| idx < after_from);
        self.verbs[k..]
            .iter()
            .take(CUES_SKIPPED)
            .take_while(|&&(idx, _)| self.positions[idx] < until)
            .find(counts)
            .is_some_and(|&(_, past)| past)
    }

    /// True when the offsets `from..to` of the sentence lie in one clause: neither a
    /// clause break (`breaks`, the body's [`clause_breaks`]) nor a clause opener stands
    /// between them.
    pub(super) fn one_clause(&self, breaks: &[usize], from: usize, to: usize) -> bool {
        let no_break = breaks.partition_point(|&b| b < from) == breaks.partition_point(|&b| b < to);
        let (a, b) = (
            self.positions.partition_point(|&p| p < from),
            self.positions.partition_point(|&p| p < to),
        );
        let no_opener = self.openers.partition_point(|&idx| idx < a)
            == self.openers.partition_point(|&idx| idx < b);
        no_break && no_opener
    }

    /// The cue word nearest to `start..end` among those at offsets within `keep`.
    ///
    /// Distance counts words; a cue after the expression weighs [`FORWARD_PENALTY`] words
    /// more than one before it, since the verb of a time adverbial usually comes first
    /// ("met on Sunday"); on a tie the cue before the expression wins.
    fn nearest(
        &self,
        start: usize,
        end: usize,
        keep: (usize, usize),
        governs: &dyn Fn(usize) -> bool,
    ) -> Option<Tense> {
        let first = self.positions.partition_point(|&p| p < start);
        let after_from = self.positions.partition_point(|&p| p < end);
        let last = after_from.checked_sub(1).unwrap_or(first);
        let kept = |idx: usize| {
            let pos = self.positions[idx];
            pos >= keep.0 && pos < keep.1
        };
        // Cues before the expression: the nearest that governs it; one outside `keep`
        // means every earlier one is too.
        let k = self.cues.partition_point(|&(idx, _)| idx < first);
        let before = self.cues[..k]
            .iter()
            .rev()
            .take(CUES_SKIPPED)
            .take_while(|&&(idx, _)| kept(idx))
            .find(|&&(idx, _)| governs(idx))
            .map(|&(idx, t)| (first - idx, t));
        let k = self.cues.partition_point(|&(idx, _)| idx < after_from);
        let after = self.cues[k..]
            .iter()
            .take(CUES_SKIPPED)
            .take_while(|&&(idx, _)| kept(idx))
            .find(|&&(idx, _)| governs(idx))
            .map(|&(idx, t)| (idx.saturating_sub(last) + FORWARD_PENALTY, t));
        match (before, after) {
            (Some((db, tb)), Some((da, ta))) => Some(if db <= da { tb } else { ta }),
            (b, a) => b.or(a).map(|(_, t)| t),
        }
    }
}

/// The tense a word gives, with the words around it, if any. A participle after "be"
/// ("should be cleared by Friday") gives none: the modal before it tells the time.
fn cue(prev: Option<&str>, word: &str, next: Option<&str>) -> Option<Tense> {
    if prev == Some("be") && word.ends_with("ed") {
        return None;
    }
    // A participle between a determiner and its noun qualifies the noun ("canceled a
    // scheduled interview"): the clause's verb tells the time, not the adjective.
    if prev.is_some_and(|p| DETERMINERS.contains(&p)) && PARTICIPLES.contains(&word) {
        return None;
    }
    let inf = infinitive(prev, word, next);
    // "won't" is "will not", not the past of "win".
    let wont = word == "won" && next == Some("t");
    if FUTURE_CUES.contains(&word)
        || wont
        || FORWARD_VERBS.contains(&word)
        || (matches!(word, "set" | "going" | "due") && next == Some("to"))
        || (matches!(word, "is" | "are" | "was" | "were") && next == Some("to"))
        || (word == "to" && next == Some("be"))
        || inf
    {
        Some(Tense::Future)
    } else if is_past(word) {
        Some(Tense::Past)
    } else {
        None
    }
}

/// A participle inside a noun phrase: after a determiner, with nothing but "-ly" and
/// "-ing" modifiers between ("the remaining shuttered agencies", "a newly scheduled
/// vote"). It qualifies the noun; the clause's verb tells the time.
fn adjective(words: &[(usize, String)], idx: usize) -> bool {
    let word = words[idx].1.as_str();
    if !(word.ends_with("ed") || PARTICIPLES.contains(&word)) {
        return false;
    }
    words[..idx]
        .iter()
        .rev()
        .take(3)
        .find(|(_, w)| !(w.len() > 4 && (w.ends_with("ly") || w.ends_with("ing"))))
        // "that" before a past form is most often a relative pronoun ("the pit that
        // closed").
        .is_some_and(|(_, w)| w != "that" && DETERMINERS.contains(&w.as_str()))
}

/// An infinitive of purpose after a participle ("candidates running to face her"): what
/// it tells lies ahead of the participle's time. It governs only the expressions of its
/// own clause.
fn infinitive(prev: Option<&str>, word: &str, next: Option<&str>) -> bool {
    word == "to"
        && next.is_some_and(is_base_verb)
        && prev.is_some_and(|p| p.len() > 5 && p.ends_with("ing"))
}

/// A past-tense verb: an irregular one of [`PAST_CUES`] or a regular "-ed" form.
pub(super) fn is_past(word: &str) -> bool {
    PAST_CUES.contains(&word)
        || (word.len() > 4 && word.ends_with("ed") && !NOT_PAST.contains(&word))
}

/// A word that may be a verb's base form after an infinitive "to" ("to face", "to
/// discuss"): letters, no function word, no inflection; "to the", "to 6%", "to talks"
/// are not infinitives (a capitalised word after "to" never reaches here).
fn is_base_verb(word: &str) -> bool {
    word.len() >= 3
        && word.chars().all(|c| c.is_ascii_lowercase())
        && !text::is_stopword(word)
        && !word.ends_with("ing")
        && !word.ends_with("ed")
        && !word.ends_with("ly")
        && (!word.ends_with('s') || word.ends_with("ss"))
}

/// The last clause break before `start..end` and the first after it, inside the
/// sentence `sentence` (its ends when there is none).
fn clause_bounds(
    breaks: &[usize],
    sentence: (usize, usize),
    start: usize,
    end: usize,
) -> (usize, usize) {
    let k = breaks.partition_point(|&b| b < start);
    let before = k
        .checked_sub(1)
        .map(|k| breaks[k])
        .filter(|&b| b >= sentence.0)
        .unwrap_or(sentence.0);
    let k = breaks.partition_point(|&b| b < end);
    let after = breaks
        .get(k)
        .copied()
        .filter(|&b| b < sentence.1)
        .unwrap_or(sentence.1);
    (before, after)
}
