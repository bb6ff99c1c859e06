//! Publication dates inferred for the articles of a story that have none, or none to
//! trust.
//!
//! An article without a publication date cannot resolve "on Monday" or "yesterday" on
//! its own. Its story can: the dated articles say which days the story is about (their
//! publication days and the days their date mentions resolve to). The evidence is
//! weighed from the strongest down:
//!
//! 1. A dateline opening the article ("KIEV, April 7. …") names its day; only the year
//!    is missing, and the story's dates give it: the year putting that day nearest the
//!    story's median date, when that is within [`FAR_DAYS`] of it.
//! 2. Otherwise the candidate day whose resolution of the article's own relative
//!    expressions lands on the most story days: candidates are the week around the
//!    median publication date of the dated articles, ties going to the day closest to
//!    that median, then the later one.
//! 3. Without any dated article, each undated article's latest written-out full date
//!    ("January 10, 2022") is a weak clue; the story's median of those clues stands in
//!    for an article whose own clue lies more than [`FAR_DAYS`] from every other
//!    article's, such as a date in a paragraph of background years before the story.
//!
//! A stated publication date far outside the story's span (more than [`FAR_DAYS`] from
//! every other dated article's, while at least two others agree) is not trusted for
//! resolving the article's relative dates either: the article is dated from the story as
//! if it had no date, and its own date is kept beside the inferred one.
//!
//! Every mention that only resolves thanks to an inferred date is marked as such, so the
//! brief can say which of its dates are inferred.

use std::collections::BTreeSet;

use chrono::{Datelike, Days, NaiveDate};
use model::DateMention;

use crate::Story;

/// Days before and after the median publication date tried as an undated article's date.
const SEARCH_DAYS: u64 = 3;

/// Days beyond which a date lies outside a story's span: a member's date this far from
/// every other member's is not taken as the story's.
const FAR_DAYS: i64 = 183;

/// How far into the body, in bytes, a date may start and still be a dateline.
const DATELINE_REACH: usize = 60;

/// One date mention of an article, marked when it resolves only against an inferred date.
pub(crate) struct Dated<'a> {
    pub(crate) mention: &'a DateMention,
    pub(crate) inferred: bool,
}

/// The publication dates inferred for a story's undated articles and their date mentions
/// resolved against them.
pub(crate) struct Dating {
    /// Per article: the inferred publication date (`None` for articles whose own date is
    /// trusted and for undated ones nothing could be inferred for).
    pub(crate) inferred: Vec<Option<NaiveDate>>,
    /// Per article: its mentions re-resolved against the inferred date, with the starts of
    /// those whose value comes from the inference; `None` keeps the annotations.
    resolved: Vec<Option<(Vec<DateMention>, BTreeSet<usize>)>>,
}

/// What dating reads of one article.
struct Member<'a> {
    published: Option<NaiveDate>,
    body: &'a str,
    dates: &'a [DateMention],
}

impl Dating {
    pub(crate) fn new(story: &Story<'_>) -> Dating {
        let members: Vec<Member<'_>> = story
            .articles
            .iter()
            .map(|a| Member {
                published: a.article.published,
                body: &a.article.body,
                dates: &a.annotations.dates,
            })
            .collect();
        let inferred = infer(&members);
        let resolved = members
            .iter()
            .zip(&inferred)
            .map(|(m, d)| d.and_then(|d| reresolve(m, d)))
            .collect();
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

/// Per member: the date inferred for it, `None` when its own date is trusted or nothing
/// can be inferred (see the module docs).
fn infer(members: &[Member<'_>]) -> Vec<Option<NaiveDate>> {
    let stated: Vec<Option<NaiveDate>> = members.iter().map(|m| m.published).collect();
    let distrusted = outliers(&stated);
    let trusted: Vec<Option<NaiveDate>> = stated
        .iter()
        .zip(&distrusted)
        .map(|(d, out)| d.filter(|_| !out))
        .collect();
    let published: Vec<NaiveDate> = trusted.iter().flatten().copied().collect();
    let mut story_days: BTreeSet<NaiveDate> = published.iter().copied().collect();
    for (m, t) in members.iter().zip(&trusted) {
        if t.is_some() {
            story_days.extend(m.dates.iter().filter_map(day_of));
        }
    }
    let median = median(published);
    // Without a dated member, each undated one's latest full date is a weak clue; the
    // clues agree with each other or give way to their median.
    let clues: Vec<Option<NaiveDate>> = members
        .iter()
        .zip(&trusted)
        .map(|(m, t)| {
            if t.is_some() {
                None
            } else {
                m.dates.iter().filter_map(day_of).max()
            }
        })
        .collect();
    let clue_outliers = outliers(&clues);
    let clue_median = median_of(
        clues
            .iter()
            .zip(&clue_outliers)
            .filter(|(_, out)| !**out)
            .filter_map(|(c, _)| *c),
    );
    members
        .iter()
        .enumerate()
        .map(|(i, m)| {
            if trusted[i].is_some() {
                return None;
            }
            let anchor = median.or(clue_median);
            if let Some(day) = anchor.and_then(|a| dateline_day(m, a)) {
                return Some(day);
            }
            match median {
                Some(median) => Some(best_day(m, median, &story_days)),
                None if clue_outliers[i] => clue_median,
                None => clues[i],
            }
        })
        .collect()
}

/// Per date: true when it lies more than [`FAR_DAYS`] from every other date while two of
/// the others agree with each other (so the odd one out can be told).
fn outliers(dates: &[Option<NaiveDate>]) -> Vec<bool> {
    let near = |a: NaiveDate, b: NaiveDate| (a - b).num_days().abs() <= FAR_DAYS;
    dates
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let Some(d) = *d else {
                return false;
            };
            let others: Vec<NaiveDate> = dates
                .iter()
                .enumerate()
                .filter(|&(j, _)| j != i)
                .filter_map(|(_, o)| *o)
                .collect();
            let alone = others.iter().all(|&o| !near(o, d));
            let core = others
                .iter()
                .enumerate()
                .any(|(j, &a)| others[j + 1..].iter().any(|&b| near(a, b)));
            alone && core
        })
        .collect()
}

fn median(mut dates: Vec<NaiveDate>) -> Option<NaiveDate> {
    dates.sort_unstable();
    dates.get(dates.len() / 2).copied()
}

fn median_of(dates: impl Iterator<Item = NaiveDate>) -> Option<NaiveDate> {
    median(dates.collect())
}

/// The day of a dateline opening the article's body ("KIEV, April 7. …", "Lisbon, 3
/// March —") in the year that puts it nearest `anchor`, when that is within
/// [`FAR_DAYS`]; `None` without such a dateline.
fn dateline_day(m: &Member<'_>, anchor: NaiveDate) -> Option<NaiveDate> {
    let first = m.dates.first()?;
    if first.start > DATELINE_REACH || first.text.bytes().filter(u8::is_ascii_digit).count() > 2 {
        return None;
    }
    let before = m.body.get(..first.start)?;
    let place = before.trim_end().strip_suffix(',')?;
    if !place.starts_with(char::is_uppercase)
        || place.is_empty()
        || place.contains(['.', '!', '?', '"', '\n'])
        || place.split_whitespace().count() > 5
    {
        return None;
    }
    let (month, day) = month_day(&first.text)?;
    (anchor.year() - 1..=anchor.year() + 1)
        .filter_map(|y| NaiveDate::from_ymd_opt(y, month, day))
        .min_by_key(|d| (*d - anchor).num_days().abs())
        .filter(|d| (*d - anchor).num_days().abs() <= FAR_DAYS)
}

/// The month and day of an English month-day expression ("April 7", "7 April", "Nov.
/// 19th").
fn month_day(text: &str) -> Option<(u32, u32)> {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let mut month = None;
    let mut day = None;
    for w in text.split(|c: char| c.is_whitespace() || c == ',' || c == '.') {
        let lower = w.to_lowercase();
        if let Some(k) = MONTHS
            .iter()
            .position(|m| lower.len() >= 3 && lower.starts_with(m))
        {
            month = Some(k as u32 + 1);
        } else {
            let digits = lower.trim_end_matches(|c: char| c.is_alphabetic());
            if !digits.is_empty() && digits.len() <= 2 && digits.bytes().all(|b| b.is_ascii_digit())
            {
                day = digits.parse().ok();
            }
        }
    }
    Some((month?, day?))
}

/// The day a mention resolves to, when it is a full date.
fn day_of(m: &DateMention) -> Option<NaiveDate> {
    let value = m.value.as_deref()?;
    if value.len() != 10 {
        return None;
    }
    NaiveDate::parse_from_str(value, "%Y-%m-%d").ok()
}

/// The candidate day agreeing best with the story's days (see the module docs).
fn best_day(m: &Member<'_>, median: NaiveDate, story_days: &BTreeSet<NaiveDate>) -> NaiveDate {
    // An article dated but distrusted has its mentions resolved, wrongly; an undated one
    // without unresolved mentions has nothing to place.
    if m.published.is_none() && !m.dates.iter().any(|d| d.value.is_none()) {
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
    let scan = analyze::dates::scan(m.body);
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
fn reresolve(m: &Member<'_>, day: NaiveDate) -> Option<(Vec<DateMention>, BTreeSet<usize>)> {
    if m.published.is_none() && !m.dates.iter().any(|d| d.value.is_none()) {
        return None;
    }
    let mentions = analyze::dates::find(m.body, Some(day));
    let starts = mentions
        .iter()
        .filter(|n| {
            n.value.is_some()
                && !m
                    .dates
                    .iter()
                    .any(|o| o.start == n.start && o.end == n.end && o.value == n.value)
        })
        .map(|n| n.start)
        .collect();
    Some((mentions, starts))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    struct Owned {
        published: Option<NaiveDate>,
        body: String,
        dates: Vec<DateMention>,
    }

    fn owned(published: Option<NaiveDate>, body: &str) -> Owned {
        Owned {
            published,
            body: body.to_string(),
            dates: analyze::dates::find(body, published),
        }
    }

    fn infer_all(articles: &[Owned]) -> Vec<Option<NaiveDate>> {
        let members: Vec<Member<'_>> = articles
            .iter()
            .map(|a| Member {
                published: a.published,
                body: &a.body,
                dates: &a.dates,
            })
            .collect();
        infer(&members)
    }

    #[test]
    fn a_date_years_away_from_the_story_is_not_trusted() {
        let articles = [
            owned(Some(d(2026, 10, 5)), "The ferry line closed on Monday."),
            owned(Some(d(2026, 10, 6)), "Crews walked out on Monday."),
            // Dated from a paragraph about an old record: a decade off.
            owned(
                Some(d(2016, 3, 2)),
                "The crews struck on Monday, as they last did in a long strike.",
            ),
        ];
        let got = infer_all(&articles);
        assert_eq!(got[0], None);
        assert_eq!(got[1], None);
        let third = got[2].expect("the odd date gives way to the story's");
        assert!((third - d(2026, 10, 6)).num_days().abs() <= 3, "{third}");
        // Its Monday now resolves in the story's week, marked as inferred.
        let m = Member {
            published: articles[2].published,
            body: &articles[2].body,
            dates: &articles[2].dates,
        };
        let (mentions, starts) = reresolve(&m, third).unwrap();
        let monday = mentions.iter().find(|x| x.text.contains("Monday")).unwrap();
        assert_eq!(monday.value.as_deref(), Some("2026-10-05"));
        assert!(starts.contains(&monday.start));
    }

    #[test]
    fn two_dates_far_apart_are_both_kept() {
        let articles = [
            owned(Some(d(2026, 10, 5)), "The line closed."),
            owned(Some(d(2024, 1, 9)), "The line opened."),
        ];
        assert_eq!(infer_all(&articles), [None, None]);
    }

    #[test]
    fn a_dateline_names_the_day_and_the_story_the_year() {
        let articles = [
            owned(Some(d(2026, 4, 6)), "Talks began on Monday in Ostrava."),
            owned(Some(d(2026, 4, 8)), "Talks went on."),
            owned(
                None,
                "OSTRAVA, April 7. /NORTH-WIRE/. Envoys met again on Tuesday, as they had on March 1, 2019.",
            ),
        ];
        assert_eq!(infer_all(&articles)[2], Some(d(2026, 4, 7)));
        // A sentence that opens with a date is no dateline.
        let articles = [
            owned(Some(d(2026, 4, 6)), "Talks began."),
            owned(None, "On April 2 envoys met again, on Tuesday."),
        ];
        assert_ne!(infer_all(&articles)[1], Some(d(2026, 4, 2)));
    }

    #[test]
    fn without_dated_articles_a_background_date_gives_way_to_the_story() {
        let articles = [
            owned(
                None,
                "The prize went to the singer on Monday, November 19, 2018.",
            ),
            owned(
                None,
                "Fans cheered on November 18, 2018 and again on Monday.",
            ),
            owned(
                None,
                "Her first album came out on November 23, 1993 and the prize followed on Monday.",
            ),
        ];
        let got = infer_all(&articles);
        assert_eq!(got[0], Some(d(2018, 11, 19)));
        assert_eq!(got[1], Some(d(2018, 11, 18)));
        assert_eq!(got[2], Some(d(2018, 11, 19)), "not the album's 1993 date");
    }

    #[test]
    fn month_days_are_read() {
        assert_eq!(month_day("April 7"), Some((4, 7)));
        assert_eq!(month_day("7 April"), Some((4, 7)));
        assert_eq!(month_day("Nov. 19th"), Some((11, 19)));
        assert_eq!(month_day("Monday"), None);
    }
}
