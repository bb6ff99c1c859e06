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

/// The tense at the expression `start..end` of the sentence `sentence`: the cue nearest to
/// it within its clause or, when the clause has none, within the whole sentence.
pub(super) fn tense(body: &str, sentence: (usize, usize), start: usize, end: usize) -> Tense {
    let Some(text) = body.get(sentence.0..sentence.1) else {
        return Tense::Unknown;
    };
    let clause_start = body
        .get(sentence.0..start)
        .and_then(|before| before.rfind(CLAUSE_BREAKS))
        .map_or(sentence.0, |i| sentence.0 + i);
    let clause_end = body
        .get(end..sentence.1)
        .and_then(|after| after.find(CLAUSE_BREAKS))
        .map_or(sentence.1, |i| end + i);
    let words: Vec<(usize, String)> = text::words(text)
        .map(|(i, w)| (sentence.0 + i, w.to_lowercase()))
        .collect();
    let in_clause = nearest_cue(&words, start, end, |pos| {
        pos >= clause_start && pos < clause_end
    });
    in_clause
        .or_else(|| nearest_cue(&words, start, end, |_| true))
        .unwrap_or(Tense::Unknown)
}

/// The cue word nearest to `start..end` among the words `keep` accepts.
fn nearest_cue(
    words: &[(usize, String)],
    start: usize,
    end: usize,
    keep: impl Fn(usize) -> bool,
) -> Option<Tense> {
    let first = words
        .iter()
        .position(|(pos, _)| *pos >= start)
        .unwrap_or(words.len());
    let last = words
        .iter()
        .rposition(|(pos, _)| *pos < end)
        .unwrap_or(first);
    let mut best: Option<(usize, Tense)> = None;
    for (idx, (pos, word)) in words.iter().enumerate() {
        if (*pos >= start && *pos < end) || !keep(*pos) {
            continue;
        }
        let next = words.get(idx + 1).map(|(_, w)| w.as_str());
        let cue = if FUTURE_CUES.contains(&word.as_str())
            || (matches!(word.as_str(), "set" | "going" | "due") && next == Some("to"))
            || (word == "to" && next == Some("be"))
        {
            Some(Tense::Future)
        } else if PAST_CUES.contains(&word.as_str())
            || (word.len() > 4 && word.ends_with("ed") && !NOT_PAST.contains(&word.as_str()))
        {
            Some(Tense::Past)
        } else {
            None
        };
        let Some(cue) = cue else { continue };
        // Word distance; a cue after the expression weighs less than one before it,
        // since the verb of a time adverbial usually comes first ("met on Sunday").
        let distance = if *pos < start {
            first.saturating_sub(idx)
        } else {
            idx.saturating_sub(last) + FORWARD_PENALTY
        };
        if best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, cue));
        }
    }
    best.map(|(_, t)| t)
}
