//! The tense around a time expression, from the nearest cue word of its clause.

/// The tense of a sentence around an expression, from its nearest cue word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Tense {
    Past,
    Future,
    Unknown,
}

/// Words that put the nearest event of a sentence in the future.
const FUTURE_CUES: &[&str] = &[
    "will",
    "ll",
    "shall",
    "due",
    "planned",
    "plans",
    "plan",
    "planning",
    "scheduled",
    "schedule",
    "upcoming",
    "expected",
    "expects",
    "expect",
    "forecast",
    "forecasts",
    "followed",
    "next",
    "tomorrow",
    "hopes",
    "intends",
    "slated",
    "aims",
    "later",
    "coming",
    "awaits",
    "could",
    "might",
    "should",
];

/// Irregular past-tense verbs and other words that put an event in the past.
const PAST_CUES: &[&str] = &[
    "said",
    "told",
    "was",
    "were",
    "had",
    "did",
    "met",
    "held",
    "began",
    "spoke",
    "went",
    "came",
    "made",
    "gave",
    "took",
    "saw",
    "left",
    "won",
    "lost",
    "fell",
    "rose",
    "sold",
    "bought",
    "paid",
    "sent",
    "ran",
    "wrote",
    "got",
    "hit",
    "ago",
    "last",
    "earlier",
    "yesterday",
    "brought",
    "thought",
    "felt",
    "kept",
    "led",
    "found",
    "struck",
    "fought",
    "chose",
    "broke",
    "spent",
    "stood",
    "became",
    "knew",
];

/// Words ending in "-ed" that are not past-tense verbs.
const NOT_PAST: &[&str] = &[
    "need", "needed", "speed", "feed", "bed", "red", "hundred", "indeed", "seed", "wed",
];

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
}

impl Cues {
    /// The words and cues of `body[sentence.0..sentence.1]`.
    pub(super) fn new(body: &str, sentence: (usize, usize)) -> Cues {
        let Some(text) = body.get(sentence.0..sentence.1) else {
            return Cues {
                positions: Vec::new(),
                cues: Vec::new(),
            };
        };
        let words: Vec<(usize, String)> = text::words(text)
            .map(|(i, w)| (sentence.0 + i, w.to_lowercase()))
            .collect();
        let cues = words
            .iter()
            .enumerate()
            .filter_map(|(idx, (_, word))| {
                let next = words.get(idx + 1).map(|(_, w)| w.as_str());
                let prev = idx
                    .checked_sub(1)
                    .and_then(|p| words.get(p))
                    .map(|(_, w)| w.as_str());
                cue(prev, word, next).map(|t| (idx, t))
            })
            .collect();
        Cues {
            positions: words.into_iter().map(|(pos, _)| pos).collect(),
            cues,
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
        let k = breaks.partition_point(|&b| b < start);
        let clause_start = k
            .checked_sub(1)
            .map(|k| breaks[k])
            .filter(|&b| b >= sentence.0)
            .unwrap_or(sentence.0);
        let k = breaks.partition_point(|&b| b < end);
        let clause_end = breaks
            .get(k)
            .copied()
            .filter(|&b| b < sentence.1)
            .unwrap_or(sentence.1);
        self.nearest(start, end, (clause_start, clause_end))
            .or_else(|| self.nearest(start, end, (0, usize::MAX)))
            .unwrap_or(Tense::Unknown)
    }

    /// The cue word nearest to `start..end` among those at offsets within `keep`.
    ///
    /// Distance counts words; a cue after the expression weighs [`FORWARD_PENALTY`] words
    /// more than one before it, since the verb of a time adverbial usually comes first
    /// ("met on Sunday"); on a tie the cue before the expression wins.
    fn nearest(&self, start: usize, end: usize, keep: (usize, usize)) -> Option<Tense> {
        let first = self.positions.partition_point(|&p| p < start);
        let after_from = self.positions.partition_point(|&p| p < end);
        let last = after_from.checked_sub(1).unwrap_or(first);
        let kept = |idx: usize| {
            let pos = self.positions[idx];
            pos >= keep.0 && pos < keep.1
        };
        // Cues before the expression: the nearest is the last one; one outside `keep`
        // means every earlier one is too.
        let k = self.cues.partition_point(|&(idx, _)| idx < first);
        let before = k
            .checked_sub(1)
            .map(|k| self.cues[k])
            .filter(|&(idx, _)| kept(idx))
            .map(|(idx, t)| (first - idx, t));
        let k = self.cues.partition_point(|&(idx, _)| idx < after_from);
        let after = self
            .cues
            .get(k)
            .copied()
            .filter(|&(idx, _)| kept(idx))
            .map(|(idx, t)| (idx.saturating_sub(last) + FORWARD_PENALTY, t));
        match (before, after) {
            (Some((db, tb)), Some((da, ta))) => Some(if db <= da { tb } else { ta }),
            (b, a) => b.or(a).map(|(_, t)| t),
        }
    }
}

/// The tense a word gives, with the word after it: a future or past cue, or none.
/// The tense a word gives, if any. A participle after "be" ("should be cleared by
/// Friday") gives none: the modal before it tells the time.
fn cue(prev: Option<&str>, word: &str, next: Option<&str>) -> Option<Tense> {
    if prev == Some("be") && word.ends_with("ed") {
        return None;
    }
    if FUTURE_CUES.contains(&word)
        || (matches!(word, "set" | "going" | "due") && next == Some("to"))
        || (word == "to" && next == Some("be"))
    {
        Some(Tense::Future)
    } else if PAST_CUES.contains(&word)
        || (word.len() > 4 && word.ends_with("ed") && !NOT_PAST.contains(&word))
    {
        Some(Tense::Past)
    } else {
        None
    }
}
