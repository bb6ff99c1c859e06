//! Time expressions resolved against the publication date.
//!
//! [`find`] reports every time expression it recognises, in text order, with its value at
//! the granularity the text gives: `YYYY-MM-DD` for a day, `YYYY-MM` for a month, `YYYY`
//! for a year. Expressions that need an anchor ("on Sunday", "last month", "Jan. 9") are
//! resolved against the publication date; without one they are still reported, with
//! `value: None`.
//!
//! What is recognised:
//! - absolute dates: "June 16, 2021", "16 June 2021", "Jan. 9", "January 2022",
//!   ISO "2022-01-09", "09/January/2022", US "1/9/2022";
//! - bare years between 1900 and 2100 after a word that makes them date-like ("in 2014",
//!   "since 2014", "after 1997");
//! - weekdays, with a modifier or part of the day ("earlier Monday", "Sunday evening",
//!   "Monday (US time)");
//! - relative days, months and years ("yesterday", "last month", "next year",
//!   "three days ago", "earlier this year").
//!
//! Resolution of anchored expressions leans to the past, as news reports what happened:
//! a weekday is the most recent such day on or before the publication date, unless the
//! nearest tense cue of its sentence is a future one ("will", "is due to", "planned",
//! "scheduled", "followed by"), in which case it is the next such day on or after it.
//! A month or a day without a year follows the same cue; with no cue at all it takes the
//! nearest occurrence.
//!
//! Weeks ("this week", "last week") are reported with `value: None`: the value format has
//! no week granularity, and a month would be wrong whenever the week straddles two months.

use std::sync::OnceLock;

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};
use model::DateMention;
use regex::{Captures, Regex};

#[cfg(test)]
mod eval;
#[cfg(test)]
mod tests;

/// Time expressions of a body, in text order, resolved against `published`.
pub fn find(body: &str, published: Option<NaiveDate>) -> Vec<DateMention> {
    let mut candidates: Vec<Candidate> = Vec::new();
    for rule in rules() {
        for caps in rule.regex.captures_iter(body) {
            let Some(whole) = caps.get(0) else { continue };
            if let Some(expr) = (rule.build)(&caps, body, whole.start()) {
                candidates.push(Candidate {
                    start: whole.start(),
                    end: whole.end(),
                    expr,
                });
            }
        }
    }
    // Longest expressions win; among equals, the earliest.
    candidates.sort_by(|a, b| {
        (b.end - b.start)
            .cmp(&(a.end - a.start))
            .then(a.start.cmp(&b.start))
    });
    let mut chosen: Vec<Candidate> = Vec::new();
    for cand in candidates {
        if chosen
            .iter()
            .all(|c| cand.end <= c.start || cand.start >= c.end)
        {
            chosen.push(cand);
        }
    }
    chosen.sort_by_key(|c| c.start);

    let bounds = text::sentences(body);
    chosen
        .into_iter()
        .map(|c| {
            let sentence = bounds
                .iter()
                .find(|&&(s, e)| s <= c.start && c.start < e)
                .map_or((c.start, c.end), |&(s, e)| (s, e.max(c.end)));
            let tense = tense(body, sentence, c.start, c.end);
            let value = resolve(&c.expr, published, tense);
            DateMention {
                text: body[c.start..c.end].to_string(),
                value,
                start: c.start,
                end: c.end,
            }
        })
        .collect()
}

/// A recognised expression before resolution.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expr {
    /// A calendar day; without a year it needs the anchor.
    Day {
        year: Option<i32>,
        month: u32,
        day: u32,
        shift: Shift,
    },
    /// A calendar month; without a year it needs the anchor.
    Month {
        year: Option<i32>,
        month: u32,
        shift: Shift,
    },
    /// A calendar year.
    Year(i32),
    /// A day of the week.
    Weekday { day: Weekday, shift: Shift },
    /// A day counted from the anchor ("yesterday" is -1).
    RelDay(i64),
    /// A week relative to the anchor: reported, never resolved.
    RelWeek,
    /// A month counted from the anchor ("last month" is -1).
    RelMonth(i32),
    /// A year counted from the anchor ("next year" is +1).
    RelYear(i32),
}

/// An explicit direction given by a modifier ("last Monday", "next March").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shift {
    /// No modifier: the tense of the sentence decides.
    None,
    /// "last": strictly before the anchor.
    Before,
    /// "next": strictly after the anchor.
    After,
    /// "this": the occurrence in the anchor's own week, month or year.
    This,
}

/// The tense of a sentence around an expression, from its nearest cue word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tense {
    Past,
    Future,
    Unknown,
}

struct Candidate {
    start: usize,
    end: usize,
    expr: Expr,
}

type Build = fn(&Captures<'_>, &str, usize) -> Option<Expr>;

struct Rule {
    regex: Regex,
    build: Build,
}

const MONTH: &str = r"(?P<month>(?:January|February|March|April|May|June|July|August|September|October|November|December)\b|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b\.?)";
const WEEKDAY: &str = r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)";
const NUMBER_WORD: &str = r"(?P<n>\d{1,3}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|a\s+few|several|a\s+couple\s+of)";

fn rules() -> &'static [Rule] {
    static RULES: OnceLock<Vec<Rule>> = OnceLock::new();
    RULES.get_or_init(|| {
        let rule = |pattern: String, build: Build| Rule {
            regex: Regex::new(&pattern).expect("date patterns are valid"),
            build,
        };
        vec![
            rule(r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b".into(), build_iso),
            rule(format!(r"\b(?P<d>\d{{1,2}})/{MONTH}/(?P<y>\d{{4}})\b"), build_day_month_year),
            rule(r"\b(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>\d{4})\b".into(), build_numeric),
            rule(
                format!(
                    r"\b(?:(?P<shift>(?i:last|next|this))\s+)?{MONTH}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<y>\d{{4}})\b)?"
                ),
                build_month_day,
            ),
            rule(
                format!(
                    r"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH}(?:,?\s+(?P<y>\d{{4}})\b)?"
                ),
                build_day_month_year,
            ),
            rule(
                format!(
                    r"\b(?:(?P<shift>(?i:last|next|this|early|mid|late|earlier|later))[\s-]+)?{MONTH}(?:,?\s+(?P<y>\d{{4}})\b)?"
                ),
                build_month,
            ),
            rule(
                r"\b(?:(?P<pre>(?i:early|mid|late))[\s-]+)?(?P<y>1[89]\d\d|20\d\d|2100)\b".into(),
                build_year,
            ),
            rule(
                format!(
                    r"\b(?:(?P<shift>(?i:last|next|this|earlier|later|early|late))\s+)?{WEEKDAY}\b(?:\s+(?:morning|afternoon|evening|night))?(?:\s*\([^()\n]{{0,16}}\btime\))?"
                ),
                build_weekday,
            ),
            rule(
                r"\b(?P<rel>(?i:today|tonight|yesterday|tomorrow)|(?i:this)\s+(?:morning|afternoon|evening)|(?i:last)\s+night)\b"
                    .into(),
                build_rel_day,
            ),
            rule(
                r"\b(?:(?i:early|late|earlier|later)\s+)?(?P<which>(?i:last|this|next))\s+(?P<unit>week|weekend|month|year)\b"
                    .into(),
                build_rel_unit,
            ),
            rule(
                format!(r"\b(?i:{NUMBER_WORD})\s+(?P<unit>day|week|month|year)s?\s+ago\b"),
                build_ago,
            ),
        ]
    })
}

fn month_number(name: &str) -> Option<u32> {
    let lower = name.trim_end_matches('.').to_ascii_lowercase();
    let prefix = lower.get(..3)?;
    let months = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    months
        .iter()
        .position(|m| *m == prefix)
        .and_then(|i| u32::try_from(i + 1).ok())
}

fn weekday_of(name: &str) -> Option<Weekday> {
    match name.get(..3)?.to_ascii_lowercase().as_str() {
        "mon" => Some(Weekday::Mon),
        "tue" => Some(Weekday::Tue),
        "wed" => Some(Weekday::Wed),
        "thu" => Some(Weekday::Thu),
        "fri" => Some(Weekday::Fri),
        "sat" => Some(Weekday::Sat),
        "sun" => Some(Weekday::Sun),
        _ => None,
    }
}

fn number(caps: &Captures<'_>, name: &str) -> Option<u32> {
    caps.name(name)?.as_str().parse().ok()
}

fn year(caps: &Captures<'_>) -> Option<i32> {
    caps.name("y")?.as_str().parse().ok()
}

fn shift(caps: &Captures<'_>) -> Shift {
    match caps
        .name("shift")
        .map(|m| m.as_str().to_ascii_lowercase())
        .as_deref()
    {
        Some("last") => Shift::Before,
        Some("next") => Shift::After,
        Some("this") => Shift::This,
        _ => Shift::None,
    }
}

fn valid_day(year: Option<i32>, month: u32, day: u32) -> bool {
    // A leap year accepts every day a month can have.
    NaiveDate::from_ymd_opt(year.unwrap_or(2000), month, day).is_some()
}

/// The word before `at`, lower-cased.
fn previous_word(body: &str, at: usize) -> Option<String> {
    let before = body.get(..at)?;
    let trimmed = before.trim_end();
    if trimmed.len() == before.len() && !before.is_empty() {
        // Glued to the previous token ("$2014", "A2014"): not a separate word.
        return None;
    }
    let word = trimmed.rsplit(|c: char| !text::is_word_char(c)).next()?;
    (!word.is_empty()).then(|| word.to_lowercase())
}

fn build_iso(caps: &Captures<'_>, _: &str, _: usize) -> Option<Expr> {
    let (y, m, d) = (year(caps)?, number(caps, "m")?, number(caps, "d")?);
    valid_day(Some(y), m, d).then_some(Expr::Day {
        year: Some(y),
        month: m,
        day: d,
        shift: Shift::None,
    })
}

fn build_numeric(caps: &Captures<'_>, _: &str, _: usize) -> Option<Expr> {
    let (y, a, b) = (year(caps)?, number(caps, "m")?, number(caps, "d")?);
    // Month first (US order) unless the first number cannot be a month.
    let (m, d) = if a > 12 { (b, a) } else { (a, b) };
    valid_day(Some(y), m, d).then_some(Expr::Day {
        year: Some(y),
        month: m,
        day: d,
        shift: Shift::None,
    })
}

fn build_month_day(caps: &Captures<'_>, _: &str, _: usize) -> Option<Expr> {
    let m = month_number(caps.name("month")?.as_str())?;
    let d = number(caps, "d")?;
    let y = year(caps);
    valid_day(y, m, d).then_some(Expr::Day {
        year: y,
        month: m,
        day: d,
        shift: shift(caps),
    })
}

fn build_day_month_year(caps: &Captures<'_>, _: &str, _: usize) -> Option<Expr> {
    let m = month_number(caps.name("month")?.as_str())?;
    let d = number(caps, "d")?;
    let y = year(caps);
    valid_day(y, m, d).then_some(Expr::Day {
        year: y,
        month: m,
        day: d,
        shift: Shift::None,
    })
}

/// Words after which a bare month or year reads as a date.
const DATE_CONTEXT: &[&str] = &[
    "in", "since", "after", "before", "until", "till", "by", "of", "from", "to", "through",
    "during", "around", "circa", "fiscal", "year", "early", "late", "mid", "between", "and", "or",
    "for", "at", "on",
];

/// Words after which even "May" reads as the month.
const STRONG_CONTEXT: &[&str] = &[
    "in", "since", "until", "by", "during", "from", "through", "of",
];

fn build_month(caps: &Captures<'_>, body: &str, start: usize) -> Option<Expr> {
    let name = caps.name("month")?.as_str();
    let m = month_number(name)?;
    let y = year(caps);
    let has_modifier = caps.name("shift").is_some();
    if y.is_none() && !has_modifier {
        // A bare month name needs a date-like word before it ("in January"); "May" and
        // abbreviations alone are too often something else.
        let context =
            previous_word(body, start).is_some_and(|w| DATE_CONTEXT.contains(&w.as_str()));
        let abbreviated =
            name.ends_with('.') || (name.len() < 4 && name != "May") || name == "Sept";
        let strong =
            previous_word(body, start).is_some_and(|w| STRONG_CONTEXT.contains(&w.as_str()));
        if !context || (name == "May" && !strong) || abbreviated {
            return None;
        }
    }
    Some(Expr::Month {
        year: y,
        month: m,
        shift: shift(caps),
    })
}

fn build_year(caps: &Captures<'_>, body: &str, start: usize) -> Option<Expr> {
    let y = year(caps)?;
    let whole = caps.get(0)?;
    let next = body.get(whole.end()..).and_then(|rest| rest.chars().next());
    if matches!(next, Some('%' | '-' | '/'))
        || body.get(whole.end()..).is_some_and(|r| r.starts_with(",0"))
    {
        return None;
    }
    if caps.name("pre").is_some() {
        return Some(Expr::Year(y));
    }
    // News style writes counts of a thousand and more with a comma ("2,014 boxes"), so a
    // bare four-digit number in range is a year unless a quantity word or sign precedes it.
    let before = body.get(..start).unwrap_or_default();
    if before.ends_with(['$', '€', '£', '#', ',', '.', '+', '-']) {
        return None;
    }
    let quantity =
        previous_word(body, start).is_some_and(|w| QUANTITY_CONTEXT.contains(&w.as_str()));
    (!quantity).then_some(Expr::Year(y))
}

/// Words after which a four-digit number is a count, not a year.
const QUANTITY_CONTEXT: &[&str] = &[
    "about",
    "around",
    "approximately",
    "roughly",
    "nearly",
    "almost",
    "some",
    "than",
    "over",
    "under",
    "only",
    "just",
    "least",
    "most",
    "total",
    "page",
    "pages",
    "no",
    "number",
    "room",
    "flight",
    "route",
    "model",
    "version",
    "code",
    "and",
    "or",
    "to",
];

fn build_weekday(caps: &Captures<'_>, _: &str, _: usize) -> Option<Expr> {
    let day = weekday_of(caps.name("weekday")?.as_str())?;
    Some(Expr::Weekday {
        day,
        shift: shift(caps),
    })
}

fn build_rel_day(caps: &Captures<'_>, _: &str, _: usize) -> Option<Expr> {
    let rel = caps.name("rel")?.as_str().to_ascii_lowercase();
    let offset = if rel == "yesterday" || rel.starts_with("last") {
        -1
    } else if rel == "tomorrow" {
        1
    } else {
        0
    };
    Some(Expr::RelDay(offset))
}

fn build_rel_unit(caps: &Captures<'_>, _: &str, _: usize) -> Option<Expr> {
    let offset = match caps.name("which")?.as_str().to_ascii_lowercase().as_str() {
        "last" => -1,
        "next" => 1,
        _ => 0,
    };
    match caps.name("unit")?.as_str() {
        "month" => Some(Expr::RelMonth(offset)),
        "year" => Some(Expr::RelYear(offset)),
        _ => Some(Expr::RelWeek),
    }
}

fn small_number(word: &str) -> Option<i64> {
    let word = word
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_ascii_lowercase();
    if let Ok(n) = word.parse() {
        return Some(n);
    }
    let n = match word.as_str() {
        "a" | "an" | "one" => 1,
        "two" | "a couple of" => 2,
        "three" | "a few" | "several" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        "fifteen" => 15,
        "twenty" => 20,
        "thirty" => 30,
        "forty" => 40,
        "fifty" => 50,
        _ => return None,
    };
    Some(n)
}

fn build_ago(caps: &Captures<'_>, _: &str, _: usize) -> Option<Expr> {
    let word = caps.name("n")?.as_str().to_ascii_lowercase();
    // "A few" and "several" are vague: the expression is reported but not resolved.
    let vague = word.contains("few") || word == "several";
    let n = small_number(&word)?;
    let expr = match caps.name("unit")?.as_str().to_ascii_lowercase().as_str() {
        _ if vague => Expr::RelWeek,
        "day" => Expr::RelDay(-n),
        "week" => Expr::RelDay(-7 * n),
        "month" => Expr::RelMonth(i32::try_from(-n).ok()?),
        _ => Expr::RelYear(i32::try_from(-n).ok()?),
    };
    Some(expr)
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
    "scheduled",
    "schedule",
    "upcoming",
    "expected",
    "expects",
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
    "began",
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

/// The tense of the sentence at an expression, from the cue word nearest to it.
fn tense(body: &str, sentence: (usize, usize), start: usize, end: usize) -> Tense {
    let Some(text) = body.get(sentence.0..sentence.1) else {
        return Tense::Unknown;
    };
    let words: Vec<(usize, String)> = text::words(text)
        .map(|(i, w)| (sentence.0 + i, w.to_lowercase()))
        .collect();
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
        if *pos >= start && *pos < end {
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
            first - idx
        } else {
            idx - last + FORWARD_PENALTY
        };
        if best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, cue));
        }
    }
    best.map_or(Tense::Unknown, |(_, t)| t)
}

fn ymd(date: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", date.year(), date.month(), date.day())
}

fn ym(year: i32, month: u32) -> String {
    format!("{year:04}-{month:02}")
}

/// The tense used for a month or a day written without its year: the nearest occurrence
/// wins whatever the tense, as writers name the year when the date is far off.
fn calendar(_tense: Tense) -> Tense {
    Tense::Unknown
}

/// The value of an expression anchored at `anchor`.
fn resolve(expr: &Expr, anchor: Option<NaiveDate>, tense: Tense) -> Option<String> {
    match *expr {
        Expr::Day {
            year: Some(y),
            month,
            day,
            ..
        } => return NaiveDate::from_ymd_opt(y, month, day).map(ymd),
        Expr::Month {
            year: Some(y),
            month,
            ..
        } => return Some(ym(y, month)),
        Expr::Year(y) => return Some(format!("{y:04}")),
        _ => {}
    }
    let anchor = anchor?;
    match *expr {
        Expr::Day {
            year: Some(y),
            month,
            day,
            ..
        } => NaiveDate::from_ymd_opt(y, month, day).map(ymd),
        Expr::Day {
            year: None,
            month,
            day,
            shift,
        } => {
            let options: Vec<NaiveDate> = (anchor.year() - 1..=anchor.year() + 1)
                .filter_map(|y| NaiveDate::from_ymd_opt(y, month, day))
                .collect();
            let key = |d: &NaiveDate| (*d - anchor).num_days();
            pick(&options, key, shift, calendar(tense), anchor.year(), |d| {
                d.year()
            })
            .map(ymd)
        }
        Expr::Month {
            year: Some(y),
            month,
            ..
        } => Some(ym(y, month)),
        Expr::Month {
            year: None,
            month,
            shift,
        } => {
            let options: Vec<(i32, u32)> = (anchor.year() - 1..=anchor.year() + 1)
                .map(|y| (y, month))
                .collect();
            let key = |&(y, m): &(i32, u32)| {
                i64::from(y - anchor.year()) * 12 + i64::from(m) - i64::from(anchor.month())
            };
            pick(
                &options,
                key,
                shift,
                calendar(tense),
                anchor.year(),
                |&(y, _)| y,
            )
            .map(|(y, m)| ym(y, m))
        }
        Expr::Year(y) => Some(format!("{y:04}")),
        Expr::Weekday { day, shift } => {
            let options: Vec<NaiveDate> = (-7i64..=7)
                .filter_map(|k| anchor.checked_add_signed(chrono::Duration::days(k)))
                .filter(|d| d.weekday() == day)
                .collect();
            let key = |d: &NaiveDate| (*d - anchor).num_days();
            let this_week = anchor.iso_week();
            let shift = match shift {
                Shift::This => {
                    return options
                        .iter()
                        .find(|d| d.iso_week() == this_week)
                        .copied()
                        .map(ymd);
                }
                other => other,
            };
            let tense = if tense == Tense::Unknown {
                Tense::Past
            } else {
                tense
            };
            pick(&options, key, shift, tense, anchor.year(), |d| d.year()).map(ymd)
        }
        Expr::RelDay(n) => {
            let date = if n >= 0 {
                anchor.checked_add_days(Days::new(n.unsigned_abs()))
            } else {
                anchor.checked_sub_days(Days::new(n.unsigned_abs()))
            };
            date.map(ymd)
        }
        Expr::RelWeek => None,
        Expr::RelMonth(n) => {
            let first = anchor.with_day(1)?;
            let date = if n >= 0 {
                first.checked_add_months(Months::new(n.unsigned_abs()))
            } else {
                first.checked_sub_months(Months::new(n.unsigned_abs()))
            };
            date.map(|d| ym(d.year(), d.month()))
        }
        Expr::RelYear(n) => Some(format!("{:04}", anchor.year() + n)),
    }
}

/// Chooses among the occurrences of an expression around the anchor: `key` is the signed
/// distance to the anchor, `year_of` the year of an occurrence.
fn pick<T: Copy>(
    options: &[T],
    key: impl Fn(&T) -> i64,
    shift: Shift,
    tense: Tense,
    anchor_year: i32,
    year_of: impl Fn(&T) -> i32,
) -> Option<T> {
    let latest = |f: &dyn Fn(i64) -> bool| {
        options
            .iter()
            .filter(|o| f(key(o)))
            .max_by_key(|o| key(o))
            .copied()
    };
    let earliest = |f: &dyn Fn(i64) -> bool| {
        options
            .iter()
            .filter(|o| f(key(o)))
            .min_by_key(|o| key(o))
            .copied()
    };
    match (shift, tense) {
        (Shift::Before, _) => latest(&|k| k < 0),
        (Shift::After, _) => earliest(&|k| k > 0),
        (Shift::This, _) => options.iter().find(|o| year_of(o) == anchor_year).copied(),
        (Shift::None, Tense::Past) => latest(&|k| k <= 0),
        (Shift::None, Tense::Future) => earliest(&|k| k >= 0),
        (Shift::None, Tense::Unknown) => options
            .iter()
            .min_by_key(|o| (key(o).abs(), key(o) > 0))
            .copied(),
    }
}
