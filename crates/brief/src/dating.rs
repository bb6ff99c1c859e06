//! Publication dates inferred for the undated articles of a story.
//!
//! An article without a publication date cannot resolve "on Monday" or "yesterday" on
//! its own. Its story can: the dated articles say which days the story is about (their
//! publication days and the days their date mentions resolve to). The undated article's
//! date is the candidate day whose resolution of its own relative expressions lands on
//! the most of those story days; candidates are the week around the median publication
//! date of the dated articles, and ties go to the day closest to that median, then the
//! later one. Without any dated article, the latest full date the article itself writes
//! out ("January 10, 2022") stands in, when there is one.
//!
//! Every mention that only resolves thanks to an inferred date is marked as such, so the
//! brief can say which of its dates are inferred.

use std::collections::BTreeSet;

use chrono::{Days, NaiveDate};
use model::DateMention;

use crate::Story;

/// Days before and after the median publication date tried as an undated article's date.
const SEARCH_DAYS: u64 = 3;

/// One date mention of an article, marked when it resolves only against an inferred date.
pub(crate) struct Dated<'a> {
    pub(crate) mention: &'a DateMention,
    pub(crate) inferred: bool,
}

/// The publication dates inferred for a story's undated articles and their date mentions
/// resolved against them.
pub(crate) struct Dating {
    /// Per article: the inferred publication date (`None` for dated articles and for
    /// undated ones nothing could be inferred for).
    pub(crate) inferred: Vec<Option<NaiveDate>>,
    /// Per article: its mentions re-resolved against the inferred date, with the starts of
    /// those whose value comes from the inference; `None` keeps the annotations.
    resolved: Vec<Option<(Vec<DateMention>, BTreeSet<usize>)>>,
}

impl Dating {
    pub(crate) fn new(story: &Story<'_>) -> Dating {
        let published: Vec<NaiveDate> = story
            .articles
            .iter()
            .filter_map(|a| a.article.published)
            .collect();
        let mut story_days: BTreeSet<NaiveDate> = published.iter().copied().collect();
        for a in story
            .articles
            .iter()
            .filter(|a| a.article.published.is_some())
        {
            story_days.extend(a.annotations.dates.iter().filter_map(day_of));
        }
        let median = {
            let mut sorted = published.clone();
            sorted.sort_unstable();
            sorted.get(sorted.len() / 2).copied()
        };
        let mut inferred = Vec::with_capacity(story.articles.len());
        let mut resolved = Vec::with_capacity(story.articles.len());
        for a in story.articles {
            if a.article.published.is_some() {
                inferred.push(None);
                resolved.push(None);
                continue;
            }
            let own = &a.annotations.dates;
            let date = match median {
                Some(m) => Some(best_day(&a.article.body, own, m, &story_days)),
                None => own.iter().filter_map(day_of).max(),
            };
            inferred.push(date);
            resolved.push(date.and_then(|d| reresolve(&a.article.body, own, d)));
        }
        Dating { inferred, resolved }
    }

    /// The date mentions of article `i`, in text order, marked when inferred.
    pub(crate) fn mentions<'s>(&'s self, story: &'s Story<'_>, i: usize) -> Vec<Dated<'s>> {
        if let Some(Some((mentions, starts))) = self.resolved.get(i) {
            return mentions
                .iter()
                .map(|m| Dated {
                    mention: m,
                    inferred: starts.contains(&m.start),
                })
                .collect();
        }
        story.articles.get(i).map_or_else(Vec::new, |a| {
            a.annotations
                .dates
                .iter()
                .map(|m| Dated {
                    mention: m,
                    inferred: false,
                })
                .collect()
        })
    }
}

/// The day a mention resolves to, when it is a full date.
fn day_of(m: &DateMention) -> Option<NaiveDate> {
    let value = m.value.as_deref()?;
    if value.len() != 10 {
        return None;
    }
    NaiveDate::parse_from_str(value, "%Y-%m-%d").ok()
}

/// True when the annotations of an undated article hold an expression that needs a
/// publication date ("on Monday", "last week"): one without a value.
fn has_unresolved(own: &[DateMention]) -> bool {
    own.iter().any(|m| m.value.is_none())
}

/// The candidate day agreeing best with the story's days (see the module docs).
fn best_day(
    body: &str,
    own: &[DateMention],
    median: NaiveDate,
    story_days: &BTreeSet<NaiveDate>,
) -> NaiveDate {
    if !has_unresolved(own) {
        return median;
    }
    // The median first, then outwards, the later day before the earlier: the first
    // candidate with the most hits wins.
    let candidates = std::iter::once(Some(median)).chain((1..=SEARCH_DAYS).flat_map(|k| {
        [
            median.checked_add_days(Days::new(k)),
            median.checked_sub_days(Days::new(k)),
        ]
    }));
    // Recognising the expressions is the costly part; only their resolution depends on
    // the day.
    let scan = analyze::dates::scan(body);
    let mut best = (0usize, median);
    for day in candidates.flatten() {
        let hits = scan
            .resolve(Some(day))
            .iter()
            .filter_map(day_of)
            .filter(|d| story_days.contains(d))
            .count();
        if hits > best.0 {
            best = (hits, day);
        }
    }
    best.1
}

/// The article's mentions resolved against `day`, with the starts of those whose value
/// differs from the annotations (resolved thanks to the inferred date); `None` when
/// nothing changes.
fn reresolve(
    body: &str,
    own: &[DateMention],
    day: NaiveDate,
) -> Option<(Vec<DateMention>, BTreeSet<usize>)> {
    if !has_unresolved(own) {
        return None;
    }
    let mentions = analyze::dates::find(body, Some(day));
    let starts = mentions
        .iter()
        .filter(|m| {
            m.value.is_some()
                && !own
                    .iter()
                    .any(|o| o.start == m.start && o.end == m.end && o.value == m.value)
        })
        .map(|m| m.start)
        .collect();
    Some((mentions, starts))
}
