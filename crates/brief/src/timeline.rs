//! The timeline: resolved dates with the sentence that mentions them.
//!
//! Each date mention with a day or month value becomes an entry described by its
//! sentence (cut to a window of words around the date). Entries of the same date whose
//! descriptions are close, or of the same day with the same place near the date (the
//! talks "in Geneva on Monday" and "the Geneva summit on Monday"), are one event, reported
//! by all their articles.

use std::collections::{BTreeMap, BTreeSet};

use model::TimelineEntry;

use crate::dating::Dating;
use crate::sim::{bag_vector, Lexicon, SparseVec};
use crate::summary::Central;
use crate::{BriefConfig, Story};

/// A description needs this many content terms besides the date to say something.
const MIN_TERMS: usize = 3;

/// Bytes between a date and a place for the place to locate the dated event ("in Geneva
/// on Monday", "the Geneva summit on Monday", "in Vienna of the OSCE on Thursday").
const PLACE_REACH: usize = 60;

/// A new description is compared with the first this many entries of its date, and
/// with the first this many descriptions of each: hard caps on the pairwise work when
/// one date has very many distinct descriptions.
const ENTRIES_COMPARED: usize = 64;
const BAGS_COMPARED: usize = 32;

struct Entry {
    date: String,
    text: String,
    bags: Vec<SparseVec>,
    articles: BTreeSet<usize>,
    first: (usize, usize),
    /// True while every mention joined so far resolves only against an inferred date.
    inferred: bool,
    /// Canonical names of the places the entry's sentences name.
    places: BTreeSet<String>,
}

/// The timeline of a story, sorted by date, then by number of sources.
///
/// Only the central articles (see [`Central`]) are read, which bounds the work on very
/// large stories; identical descriptions join their entry without any comparison.
pub(crate) fn timeline(
    story: &Story<'_>,
    central: &Central,
    dating: &Dating,
    lexicon: &mut Lexicon,
    config: &BriefConfig,
) -> Vec<TimelineEntry> {
    let mut entries: Vec<Entry> = Vec::new();
    // Date -> indices of its entries; description fingerprint -> entry index.
    let mut by_date: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    let mut by_text: BTreeMap<(String, String), usize> = BTreeMap::new();
    for &i in &central.articles {
        let Some(a) = story.articles.get(i) else {
            continue;
        };
        let body = &a.article.body;
        let sentences = story.sentences.get(i).map_or(&[][..], Vec::as_slice);
        // The article's place mentions by start, to find those near a date at once.
        let mut place_mentions: Vec<&model::EntityMention> = a
            .annotations
            .entities
            .iter()
            .filter(|m| m.kind == model::EntityKind::Place)
            .collect();
        place_mentions.sort_by_key(|m| m.start);
        let longest = place_mentions
            .iter()
            .map(|m| m.end.saturating_sub(m.start))
            .max()
            .unwrap_or(0);
        let mut dates = dating.mentions(story, i);
        dates.sort_by_key(|d| (d.mention.start, d.mention.end));
        let mut seen = BTreeSet::new();
        for dated in dates {
            let d = dated.mention;
            let Some(date) = d.value.as_deref().filter(|v| is_day_or_month(v)) else {
                continue;
            };
            // Sentences are in body order and do not overlap.
            let Some(s) = sentences
                .get(sentences.partition_point(|s| s.end <= d.start))
                .filter(|s| s.start <= d.start && d.start < s.end)
            else {
                continue;
            };
            if !seen.insert((s.start, date.to_string())) {
                continue;
            }
            let Some(sentence) = crate::slice(body, s.start, s.end) else {
                continue;
            };
            let description = window(sentence, d.start - s.start, config.timeline_words);
            let key = (date.to_string(), text::fingerprint_text(&description));
            if let Some(&e) = by_text.get(&key) {
                entries[e].articles.insert(i);
                entries[e].inferred &= dated.inferred;
                continue;
            }
            let date_terms: BTreeSet<u32> = lexicon.terms(&d.text).into_iter().collect();
            let ids: Vec<u32> = lexicon
                .terms(&description)
                .into_iter()
                .filter(|t| !date_terms.contains(t))
                .collect();
            let bag = bag_vector(&ids);
            if bag.entries.len() < MIN_TERMS {
                continue;
            }
            // Only mentions starting from here can end within reach before the date.
            let from = s
                .start
                .max(d.start.saturating_sub(PLACE_REACH.saturating_add(longest)));
            let near = place_mentions.partition_point(|m| m.start < from);
            let places: BTreeSet<String> = place_mentions[near..]
                .iter()
                .take_while(|m| m.start < d.end + PLACE_REACH)
                .filter(|m| {
                    m.kind == model::EntityKind::Place
                        && s.start <= m.start
                        && m.end <= s.end
                        && m.start < d.end + PLACE_REACH
                        && d.start < m.end + PLACE_REACH
                        && locates(body, m.start, m.end)
                })
                .map(|m| m.name.clone())
                .collect();
            let day = date.len() == 10;
            let same_date = by_date.entry(date.to_string()).or_default();
            let same = same_date.iter().take(ENTRIES_COMPARED).copied().find(|&e| {
                let en = &entries[e];
                en.bags
                    .iter()
                    .take(BAGS_COMPARED)
                    .any(|b| b.cosine(&bag) >= config.timeline_similarity)
                    || (day && !en.places.is_disjoint(&places))
            });
            let e = match same {
                Some(e) => {
                    let en = &mut entries[e];
                    en.articles.insert(i);
                    en.bags.push(bag);
                    en.inferred &= dated.inferred;
                    en.places.extend(places);
                    e
                }
                None => {
                    same_date.push(entries.len());
                    entries.push(Entry {
                        date: date.to_string(),
                        text: description,
                        bags: vec![bag],
                        articles: BTreeSet::from([i]),
                        first: (i, d.start),
                        inferred: dated.inferred,
                        places,
                    });
                    entries.len() - 1
                }
            };
            by_text.insert(key, e);
        }
    }
    let mut keyed: Vec<(usize, Entry)> = entries
        .into_iter()
        .map(|en| (story.independent(&en.articles), en))
        .collect();
    keyed.sort_by(|(na, a), (nb, b)| {
        a.date
            .cmp(&b.date)
            .then(nb.cmp(na))
            .then(a.first.cmp(&b.first))
    });
    keyed
        .into_iter()
        .map(|(_, en)| TimelineEntry {
            article_ids: story.ids(&en.articles),
            date: en.date,
            text: en.text,
            inferred: en.inferred,
        })
        .collect()
}

/// Event nouns a place name can qualify ("the Geneva talks").
const EVENT_NOUNS: &[&str] = &[
    "summit",
    "talks",
    "meeting",
    "meetings",
    "conference",
    "negotiations",
    "session",
];

/// True when the place at `start..end` locates an event: "in Geneva", "at Vienna", or
/// "Geneva talks"; not "on Ukraine" or "Ukraine's minister".
fn locates(body: &str, start: usize, end: usize) -> bool {
    let before = body.get(..start).unwrap_or("").trim_end();
    let preposition = before
        .rsplit(|c: char| !c.is_alphabetic())
        .next()
        .is_some_and(|w| matches!(w.to_lowercase().as_str(), "in" | "at"));
    let after = body.get(end..).unwrap_or("");
    let noun = after.strip_prefix(' ').is_some_and(|rest| {
        let word: String = rest.chars().take_while(|c| c.is_alphabetic()).collect();
        EVENT_NOUNS.contains(&word.to_lowercase().as_str())
    });
    preposition || noun
}

/// [`window`] of a very long sentence read only within [`WINDOW_REACH`] bytes of the
/// date, cut on whitespace so that the words there are the sentence's own; `None` when
/// the sentence is short, or when the words within reach do not settle the window
/// (then the whole sentence is read).
fn window_near(sentence: &str, at: usize, max: usize) -> Option<String> {
    let max = max.max(1);
    if sentence.len() <= 4 * WINDOW_REACH {
        return None;
    }
    let space_from = |p: usize| -> usize {
        if p == 0 || p >= sentence.len() {
            return p.min(sentence.len());
        }
        let q = (p..=sentence.len())
            .find(|&i| sentence.is_char_boundary(i))
            .unwrap_or(sentence.len());
        sentence[q..]
            .find(char::is_whitespace)
            .map_or(sentence.len(), |k| q + k)
    };
    let lo = space_from(at.saturating_sub(WINDOW_REACH));
    let hi = space_from(at.saturating_add(WINDOW_REACH));
    if lo > at || hi < at {
        return None;
    }
    let region = sentence.get(lo..hi)?;
    let words: Vec<(usize, &str)> = text::words(region).collect();
    if words.len() <= max {
        return None;
    }
    let idx = words.iter().position(|(o, w)| o + w.len() > at - lo)?;
    let mut from = idx.saturating_sub(max / 3);
    let to = (from + max).min(words.len());
    from = from.min(to.saturating_sub(max));
    // Words cut off on either side must not be needed, and must stay cut off.
    if (lo > 0 && from == 0) || (hi < sentence.len() && to == words.len()) {
        return None;
    }
    let (&(start, _), &(last, w)) = (words.get(from)?, words.get(to - 1)?);
    let end = if to == words.len() {
        region.len()
    } else {
        last + w.len()
    };
    let mut out = String::new();
    if lo > 0 || from > 0 {
        out.push_str("… ");
    }
    out.push_str(
        &region
            .get(start..end)?
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" "),
    );
    if to < words.len() {
        out.push_str(" …");
    }
    Some(out)
}

/// True for `YYYY-MM-DD` (a real day) or `YYYY-MM`.
fn is_day_or_month(value: &str) -> bool {
    if chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d").is_ok() {
        return value.len() == 10;
    }
    let b = value.as_bytes();
    b.len() == 7
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..].iter().all(u8::is_ascii_digit)
        && matches!(
            value.get(5..7).and_then(|m| m.parse::<u32>().ok()),
            Some(1..=12)
        )
}

/// Bytes on either side of a date read first from a very long sentence.
const WINDOW_REACH: usize = 2048;

/// The sentence, or when longer than `max` words a window of `max` words around the
/// byte offset `at`, marked with ellipses where cut; whitespace folded.
fn window(sentence: &str, at: usize, max: usize) -> String {
    if let Some(near) = window_near(sentence, at, max) {
        return near;
    }
    let words: Vec<(usize, &str)> = text::words(sentence).collect();
    let fold = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    if words.len() <= max.max(1) {
        return fold(sentence);
    }
    let max = max.max(1);
    let idx = words
        .iter()
        .position(|(o, w)| o + w.len() > at)
        .unwrap_or(0);
    let mut from = idx.saturating_sub(max / 3);
    let to = (from + max).min(words.len());
    from = from.min(to.saturating_sub(max));
    let (Some(&(start, _)), Some(&(last, w))) = (words.get(from), words.get(to - 1)) else {
        return fold(sentence);
    };
    let end = if to == words.len() {
        sentence.len()
    } else {
        last + w.len()
    };
    let mut out = String::new();
    if from > 0 {
        out.push_str("… ");
    }
    out.push_str(&fold(sentence.get(start..end).unwrap_or(sentence)));
    if to < words.len() {
        out.push_str(" …");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_must_be_days_or_months() {
        assert!(is_day_or_month("2022-01-10"));
        assert!(is_day_or_month("2022-01"));
        assert!(!is_day_or_month("2022"));
        assert!(!is_day_or_month("2022-13"));
        assert!(!is_day_or_month("2022-02-30"));
        assert!(!is_day_or_month("2022-1-5"));
    }

    #[test]
    fn places_locate_events_after_in_or_before_event_nouns() {
        let s = "Talks in Geneva on Monday, the Vienna meeting, pressure on Ukraine, Kyiv's view.";
        let at = |w: &str| {
            let k = s.find(w).unwrap_or(0);
            (k, k + w.len())
        };
        let (g, v, u, k) = (at("Geneva"), at("Vienna"), at("Ukraine"), at("Kyiv"));
        assert!(locates(s, g.0, g.1));
        assert!(locates(s, v.0, v.1));
        assert!(!locates(s, u.0, u.1));
        assert!(!locates(s, k.0, k.1));
    }

    #[test]
    fn long_sentences_are_cut_around_the_date() {
        let s = "one two three four five six seven eight nine ten eleven twelve on Friday the council met again.";
        let at = s.find("Friday").unwrap_or(0);
        let got = window(s, at, 6);
        assert_eq!(got, "… twelve on Friday the council met …");
        assert_eq!(
            window("Short one on Friday.", 13, 6),
            "Short one on Friday."
        );
    }
}
