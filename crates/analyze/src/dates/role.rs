//! What a time expression dates: the event of its clause, or a noun it modifies.
//!
//! A date is an adverbial of its clause when it tells when the clause's event happened
//! ("met on Sept. 11", "Sept. 11, 2001, when …", "On Monday, …"). It is a noun's when it
//! premodifies that noun ("the Sept. 11 attacks", "Friday's vote",
//! "the 19 Sept. 11 hijackers") or stands in the "of" complement of a noun that is no
//! time itself ("the attacks of Sept. 11, 2001", but "the end of March" and "ahead of
//! Friday" stay the clause's). A noun's date names when that thing was or will be, and
//! says nothing of when the sentence's event happened.
//!
//! Read from the words around the expression alone: a determiner, a possessive or a
//! count before it and a common noun after it, or "`<noun> of`" before it.

use std::sync::LazyLock;

use model::DateRole;

use crate::quotes::words::{entries, Words};

/// Words before a date that make it the premodifier of the noun after it.
static NOUN_DETERMINERS: Words =
    LazyLock::new(|| entries(include_str!("words/noun_determiners.txt")));

/// Prepositions that never head a time adverbial: a date after one with a common noun
/// after it premodifies that noun ("sensitivity to Sept. 11 survivors").
static NOUN_PREPOSITIONS: Words =
    LazyLock::new(|| entries(include_str!("words/noun_prepositions.txt")));

/// Words before "of" that keep "<word> of <date>" a time of the clause.
static OF_TIMES: Words = LazyLock::new(|| entries(include_str!("words/of_times.txt")));

/// The role of the time expression at `start..end` of `body`.
pub(super) fn role(body: &str, start: usize, end: usize) -> DateRole {
    if possessive(body, end) || premodifier(body, start, end) || of_complement(body, start) {
        DateRole::Noun
    } else {
        DateRole::Clause
    }
}

/// "Friday's vote", "last week's talks": the expression in the possessive.
fn possessive(body: &str, end: usize) -> bool {
    let rest = body.get(end..).unwrap_or("");
    let Some(after) = rest.strip_prefix("'s").or_else(|| rest.strip_prefix("’s")) else {
        return false;
    };
    !after.starts_with(|c: char| text::is_word_char(c))
}

/// The whitespace-separated token before `at`, when whitespace separates it from `at`.
fn token_before(body: &str, at: usize) -> Option<&str> {
    let before = body.get(..at)?;
    let trimmed = before.trim_end();
    if trimmed.len() == before.len() {
        return None;
    }
    trimmed
        .rsplit(char::is_whitespace)
        .next()
        .filter(|t| !t.is_empty())
}

/// "the Sept. 11 attacks", "the Sept. 11, 2001, attacks", "Obama's Jan. 20 speech", "the
/// 19 Sept. 11 hijackers", "aid for Sept. 11 victims": a determiner, a possessive, a
/// count or a preposition that heads no time phrase before the expression, a common noun
/// after it.
fn premodifier(body: &str, start: usize, end: usize) -> bool {
    let Some(prev) = token_before(body, start) else {
        return false;
    };
    let lower = prev.to_lowercase();
    let owner = ["'s", "’s", "s'", "s’"].iter().any(|s| lower.ends_with(s));
    let count = lower.bytes().all(|b| b.is_ascii_digit());
    let determiner = NOUN_DETERMINERS.contains(&lower.as_str());
    let preposition = NOUN_PREPOSITIONS.contains(&lower.as_str());
    if !(owner || count || determiner || preposition) {
        return false;
    }
    // A year set off by a comma inside the expression stands between commas ("the Sept.
    // 11, 2001, attacks"); "the autumn of 2027, ending …" goes on with another clause.
    let expression = body.get(start..end).unwrap_or("");
    let comma_year = expression.len() >= 6
        && expression
            .get(expression.len() - 6..)
            .is_some_and(|y| y.starts_with(", ") && y[2..].bytes().all(|b| b.is_ascii_digit()));
    let rest = body.get(end..).unwrap_or("");
    let rest = if comma_year {
        rest.strip_prefix(',').unwrap_or(rest)
    } else {
        rest
    };
    let Some(rest) = rest.strip_prefix(' ') else {
        return false;
    };
    let word: String = rest
        .chars()
        .take_while(|&c| text::is_word_char(c))
        .collect();
    // "The 1990s saw none", "said that Monday marked …": a verb after the expression
    // makes it a subject, not a modifier.
    word.starts_with(char::is_lowercase)
        && !text::is_stopword(&word)
        && !super::tense::is_past(&word.to_lowercase())
}

/// "the attacks of Sept. 11", "the vote of Dec. 14": the expression completes a noun
/// that is no time itself.
fn of_complement(body: &str, start: usize) -> bool {
    let Some(of) = token_before(body, start) else {
        return false;
    };
    if !of.eq_ignore_ascii_case("of") {
        return false;
    }
    let at = body
        .get(..start)
        .map_or(0, |b| b.trim_end().len() - of.len());
    let Some(head) = token_before(body, at) else {
        return false;
    };
    head.starts_with(char::is_lowercase)
        && head.chars().all(|c| c.is_alphabetic() || c == '-')
        && !text::is_stopword(head)
        && !head.ends_with("ed")
        && !head.ends_with("ing")
        && !OF_TIMES.contains(&head)
}
