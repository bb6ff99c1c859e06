//! Time expressions resolved against the publication date.
//!
//! [`find`] reports every time expression it recognises, in text order, with its value in
//! TimeML's notation at the granularity the text gives: `YYYY-MM-DD` for a day, `YYYY-Www`
//! for an ISO week (`YYYY-Www-WE` for its weekend), `YYYY-MM` for a month, `YYYY-Qn` for a
//! quarter, `YYYY-Hn` for a half year, `YYYY-SP`/`SU`/`FA`/`WI` for a season, `YYYY` for a
//! year, `YYY` for a decade ("the 1990s" is `199`), `YY` for a century, and `PRESENT_REF`,
//! `PAST_REF`, `FUTURE_REF` for "now", "recently" and "in the future". Expressions that
//! need an anchor ("on Sunday", "last month", "Jan. 9") are resolved against the
//! publication date; without one they are still reported, with `value: None`.
//!
//! What is recognised:
//! - absolute dates: "June 16, 2021", "16 June 2021", "Jan. 9", "January 2022",
//!   ISO "2022-01-09", "09/January/2022", US "1/9/2022";
//! - bare years between 1900 and 2100 after a word that makes them date-like ("in 2014",
//!   "since 2014", "after 1997"), spelled years ("nineteen ninety-six"), decades ("the
//!   1990s", "the '80s", "the nineties") and centuries ("the 20th century");
//! - weekdays, with a modifier or part of the day ("earlier Monday", "Sunday evening",
//!   "Monday (US time)");
//! - days, weeks, months, quarters and years counted from the publication date
//!   ("yesterday", "last week", "next month", "the third quarter", "three days ago",
//!   "earlier this year"), and seasons ("this summer", "last fall");
//! - expressions counted from the date the text last spoke of (its reference time): "a
//!   year earlier", "the previous day", "the following year", "that week", "the same
//!   day", "the quarter", "the year-ago quarter"; "eight years after" followed by a date of
//!   the same sentence is counted from that date;
//! - references to the present, past or future ("now", "currently", "recently", "in
//!   recent years", "in the future").
//!
//! Resolution of anchored expressions leans to the past, as news reports what happened:
//! a weekday is the most recent such day on or before the publication date, unless the
//! clause that governs it looks ahead, in which case it is the next such day on or after
//! it. The clause's evidence is its nearest tense cue (`tense`; or, when the clause has
//! none, the sentence's): a modal or a verb of planning ("will", "is due to", "is to",
//! "expects", "invited … to"), an infinitive of purpose after a participle ("running to
//! face", this one only within its clause), or a past form. A cue after the expression
//! governs it only up to a word opening a clause of its own ("claims Monday that he is
//! going to stay"), a cue in quotation marks governs no expression outside them, a
//! capitalised word is a name ("United"), not a verb, a participle inside a noun phrase
//! ("the remaining shuttered agencies") is no verb either, a "to" after a verb of
//! directing, deciding or wishing ("asked the leaders to return on Friday") looks ahead
//! for the expressions after it, and a weekday in the possessive ("Friday's vote") names
//! an event that no verb of the clause governs.
//!
//! Each mention carries its role (`role`): a date that premodifies a noun ("the Sept. 11
//! attacks", "a Dec. 14 vote") or completes one after "of" ("the attacks of Sept. 11")
//! dates that noun, not its clause. A number before a month that is followed by its day
//! is a count ("the 19 Sept. 11 hijackers"), not the day, unless a preposition of time
//! comes before it ("on 19 Sept. 11 people were hurt").
//! A month or a day without a year takes the nearest occurrence, the clause's tense
//! choosing when the other side's is as near, unless the verb of its own clause is a past
//! form (`Cues::governed_past`): then it is the latest occurrence by the publication date,
//! however near the next one ("whom he fired in February", "since sales began in
//! January", "was referring to Yates telling McGahn in January", written in December).
//! That clause runs from the last clause break or opener ("whom", "that", "since")
//! before the date to the first after it, or, for a date opening the sentence ("In
//! January, the board voted"), on into the main clause; every word before the date there
//! that may be its verb must be a past form (a present auxiliary, a modal, a future cue
//! or an infinitive leaves the nearest occurrence: "is calling for the redemption on Dec.
//! 7", "will redeem preferred shares on Oct. 31"), and a date after a preposition of an
//! end point ("extended the offer to Nov. 20", "demanding the report by April 2") or
//! dating a noun is not governed so. One that a demonstrative points back with ("at that
//! March 2 rally") lies in the year the text named within the last two sentences, as
//! TimeML anchors an anaphoric date on the time under discussion, and one after a year
//! named earlier in its own clause lies in that year ("said her 2016 rival lied during
//! their debate in early July"); a year named elsewhere nearby is no guide: news names
//! background years, "since 1980", "bonds due 1993", right before dates of its own year.
//! A quarter or season without a year is the latest one begun by the publication date;
//! after a future cue, one more than a quarter (a season) back is taken from the next year.
//!
//! The reference time starts at the publication date and moves to each resolved
//! expression that does not itself lean on it; a year shift keeps the granularity of the
//! reference ("a year earlier" after "the third quarter of 2021" is `2020-Q3`).

use std::collections::BTreeSet;
use std::sync::OnceLock;

use chrono::{Datelike, NaiveDate, Weekday};
use model::{DateMention, DateRole};
use regex::{Captures, Regex};

use self::tense::{Cues, Tense};
use self::value::{quarter_index, quarter_of, season_of, Unit, Value};

mod role;
mod tense;
#[cfg(test)]
mod tests;
mod value;

/// Time expressions of a body, in text order, resolved against `published`.
pub fn find(body: &str, published: Option<NaiveDate>) -> Vec<DateMention> {
    scan(body).resolve(published)
}

/// The time expressions of a body, recognised but not yet resolved: the costly half of
/// [`find`], done once when one body is resolved against several candidate days.
pub struct Scan<'a> {
    body: &'a str,
    /// Chosen expressions in text order, none overlapping.
    chosen: Vec<Candidate>,
    /// Sentence spans of `body`, for tense and for "eight years after" a date.
    bounds: Vec<(usize, usize)>,
    /// Offsets of the characters that end a clause, for tense.
    breaks: Vec<usize>,
}

/// Recognises the time expressions of `body` (see [`Scan::resolve`]).
pub fn scan(body: &str) -> Scan<'_> {
    let mut candidates: Vec<Candidate> = Vec::new();
    for rule in rules() {
        for caps in rule.regex.captures_iter(body) {
            let Some(whole) = caps.get(0) else { continue };
            let span = caps.name("span").unwrap_or(whole);
            if let Some(expr) = (rule.build)(&caps, body, span.start()) {
                candidates.push(Candidate {
                    start: span.start(),
                    end: span.end(),
                    weight: whole.end() - whole.start(),
                    expr,
                    role: DateRole::Clause,
                });
            }
        }
    }
    // Longest matches win; among equals, the earliest.
    candidates.sort_by(|a, b| b.weight.cmp(&a.weight).then(a.start.cmp(&b.start)));
    let mut chosen: Vec<Candidate> = Vec::new();
    // The chosen spans by (start, end). They do not overlap, so in this order their ends
    // never decrease: a candidate overlaps one of them exactly when it overlaps the last
    // one starting before the candidate ends.
    let mut taken: BTreeSet<(usize, usize)> = BTreeSet::new();
    for cand in candidates {
        let overlaps = taken
            .range(..(cand.end, 0))
            .next_back()
            .is_some_and(|&(_, end)| end > cand.start);
        if !overlaps {
            taken.insert((cand.start, cand.end));
            chosen.push(cand);
        }
    }
    chosen.sort_by_key(|c| c.start);
    for c in &mut chosen {
        c.role = role::role(body, c.start, c.end);
    }
    Scan {
        body,
        chosen,
        bounds: text::sentences(body),
        breaks: tense::clause_breaks(body),
    }
}

impl Scan<'_> {
    /// The expressions resolved against `published`, in text order.
    pub fn resolve(&self, published: Option<NaiveDate>) -> Vec<DateMention> {
        let (body, chosen) = (self.body, &self.chosen);
        // The index in `bounds` of the sentence holding an offset, if any (sentences are
        // in order and do not overlap).
        let index_of = |at: usize| {
            let k = self
                .bounds
                .partition_point(|&(s, _)| s <= at)
                .checked_sub(1)?;
            (at < self.bounds[k].1).then_some(k)
        };
        let sentence_of = |c: &Candidate| {
            index_of(c.start).map_or((c.start, c.end), |k| {
                let (s, e) = self.bounds[k];
                (s, e.max(c.end))
            })
        };
        let breaks = &self.breaks;
        // The words of the sentence last looked at, read once for all its expressions.
        let mut cached: Option<(usize, Cues)> = None;
        let mut reference = published.map(Value::Day);
        let mut text_reference = false;
        // The year the narrative last named outright, the sentence it was named in and
        // the end of the expression naming it.
        let mut narrative: Option<(i32, usize, usize)> = None;
        let mut values: Vec<Option<Value>> = Vec::with_capacity(chosen.len());
        for c in chosen {
            let sentence = sentence_of(c);
            // The tense of the sentence around the expression, and whether the verb of
            // its own clause is a past form.
            let read = |cues: &Cues| {
                (
                    cues.tense(breaks, sentence, c.start, c.end),
                    c.role == DateRole::Clause
                        && cues.governed_past(breaks, sentence, c.start, c.end),
                )
            };
            let (tense, past_verb) = match index_of(c.start).filter(|&k| self.bounds[k].1 >= c.end)
            {
                Some(k) => {
                    if cached.as_ref().is_none_or(|(at, _)| *at != k) {
                        cached = Some((k, Cues::new(body, self.bounds[k])));
                    }
                    cached
                        .as_ref()
                        .map_or((Tense::Unknown, false), |(_, cues)| read(cues))
                }
                // An expression running past its sentence's end, or outside every
                // sentence, reads the words up to its own end.
                None => read(&Cues::new(body, sentence)),
            };
            // A weekday in the possessive names an event of its own ("Friday's vote"),
            // which no verb of the clause governs: it takes the default, the past.
            let possessive = matches!(c.expr, Expr::Weekday { .. })
                && body
                    .get(c.end..)
                    .is_some_and(|r| r.starts_with("'s") || r.starts_with("’s"));
            let tense = if possessive { Tense::Unknown } else { tense };
            // "Six months later" counts from a time the text named: from the publication
            // date it would be a future no text writes so.
            let forward = matches!(c.expr, Expr::Shifted { n, .. } if n > 0);
            let at = index_of(c.start).unwrap_or(usize::MAX);
            // A year named earlier in the expression's own clause ("said his 2016 rival
            // lied during her interview in early July") is the year of its month or day.
            let same_clause = |&(_, k, named): &(i32, usize, usize)| {
                k == at
                    && named <= c.start
                    && cached
                        .as_ref()
                        .is_some_and(|(s, cues)| *s == k && cues.one_clause(breaks, named, c.start))
            };
            let year = narrative
                .filter(|&(_, k, _)| at >= k && at - k <= NARRATIVE_SENTENCES)
                .filter(|n| demonstrative(body, c) || same_clause(n))
                .map(|(y, _, _)| y);
            let value = if forward && !text_reference {
                None
            } else {
                resolve(&c.expr, published, (tense, past_verb), reference, year)
            };
            if let Some(y) = c.expr.explicit_year() {
                narrative = Some((y, at, c.end));
            }
            if let Some(v) = value.filter(|v| v.is_reference() && !c.expr.is_anaphoric()) {
                reference = Some(v);
                text_reference = true;
            }
            values.push(value);
        }
        // "Eight years after <date>" counts from the date that follows it in its sentence.
        for i in 0..chosen.len() {
            let Expr::Around { unit, n } = chosen[i].expr else {
                continue;
            };
            let sentence = sentence_of(&chosen[i]);
            let object = chosen.get(i + 1).zip(values.get(i + 1).copied().flatten());
            values[i] = object
                .filter(|(next, _)| {
                    next.start < sentence.1
                        && body
                            .get(chosen[i].end..next.start)
                            .is_some_and(|gap| gap.len() <= AROUND_GAP && !gap.contains(['.', ';']))
                })
                .and_then(|(_, v)| v.shift(unit, n));
        }
        chosen
            .iter()
            .zip(values)
            .map(|(c, value)| {
                let timex = value.map(Value::render);
                DateMention {
                    text: body[c.start..c.end].to_string(),
                    value: timex.clone().filter(|v| model::is_calendar_value(v)),
                    timex,
                    start: c.start,
                    end: c.end,
                    role: c.role,
                }
            })
            .collect()
    }
}

/// The longest gap, in bytes, between "eight years after" and the date it counts from.
const AROUND_GAP: usize = 40;

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
    /// A calendar month; without a year it needs the anchor, unless `rel_year` counts
    /// its year from the anchor ("June last year").
    Month {
        year: Option<i32>,
        rel_year: Option<i32>,
        month: u32,
        shift: Shift,
    },
    /// A calendar year.
    Year(i32),
    /// A day of the week.
    Weekday { day: Weekday, shift: Shift },
    /// A day counted from the anchor ("yesterday" is -1).
    RelDay(i64),
    /// A week counted from the anchor ("last week" is -1), or its weekend.
    RelWeek { n: i64, weekend: bool },
    /// A month counted from the anchor ("last month" is -1).
    RelMonth(i32),
    /// A quarter counted from the anchor ("last quarter" is -1).
    RelQuarter(i32),
    /// A year counted from the anchor ("next year" is +1).
    RelYear(i32),
    /// Years counted back from the anchor ("a year ago"); after a quarter they count back
    /// from that quarter, as results are compared with the same quarter a year before.
    YearsAgo(i32),
    /// A quarter or half (`half`) by its number; the year is given, counted from the
    /// anchor (`rel_year`), or, with neither, the latest such part begun by the anchor.
    Part {
        year: Option<i32>,
        rel_year: Option<i32>,
        number: u32,
        half: bool,
    },
    /// The quarter under discussion moved by a number of quarters ("the quarter" is 0,
    /// "the year-ago quarter" is -4): the reference if it is a quarter, else the last
    /// quarter completed before the anchor.
    FocusQuarter(i32),
    /// A season (0 winter, 1 spring, 2 summer, 3 fall) with an optional year.
    Season {
        year: Option<i32>,
        season: u32,
        shift: Shift,
    },
    /// A decade by its first three digits.
    Decade(i32),
    /// A century by its first two digits.
    Century(i32),
    /// A reference to the present, past or future.
    Ref(&'static str),
    /// The reference time moved by `n` units ("a year earlier" is a year, -1).
    Shifted { unit: Unit, n: i32 },
    /// The unit of time holding the reference time ("that week", "the same day").
    Same(Unit),
    /// A date of the same sentence moved by `n` units ("eight years after").
    Around { unit: Unit, n: i32 },
    /// A time expression too vague to resolve ("a few days ago").
    Vague,
}

impl Expr {
    /// The year the expression names outright ("March 2, 2008", "in 2008", "the third
    /// quarter of 2008"), if any.
    fn explicit_year(self) -> Option<i32> {
        match self {
            Expr::Day { year, .. }
            | Expr::Month { year, .. }
            | Expr::Part { year, .. }
            | Expr::Season { year, .. } => year,
            Expr::Year(y) => Some(y),
            _ => None,
        }
    }

    /// Whether the expression leans on the reference time; such an expression does not
    /// move the reference, which stays on the time under discussion.
    fn is_anaphoric(self) -> bool {
        matches!(
            self,
            Expr::Shifted { .. }
                | Expr::Same(_)
                | Expr::Around { .. }
                | Expr::YearsAgo(_)
                | Expr::FocusQuarter(_)
        )
    }
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

struct Candidate {
    start: usize,
    end: usize,
    /// Length of the whole match, which decides between overlapping candidates.
    weight: usize,
    expr: Expr,
    /// What the expression dates ([`role`]); set once the expressions are chosen.
    role: DateRole,
}

type Build = fn(&Captures<'_>, &str, usize) -> Option<Expr>;

struct Rule {
    regex: Regex,
    build: Build,
}

const MONTH: &str = r"(?P<month>(?:January|February|March|April|May|June|July|August|September|October|November|December)\b|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b\.?)";
const WEEKDAY: &str = r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)";
const NUMBER_WORD: &str = r"(?P<n>\d{1,3}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|a\s+few|several|a\s+couple\s+of)";
const YEAR: &str = r"1[89]\d\d|20\d\d";
const ORDINAL: &str = r"first|second|third|fourth|1st|2nd|3rd|4th";
const UNIT_WORDS: &str = r"day|week|month|year|morning|afternoon|evening|night";

fn rules() -> &'static [Rule] {
    static RULES: OnceLock<Vec<Rule>> = OnceLock::new();
    RULES.get_or_init(|| {
        let rule = |pattern: String, build: Build| Rule {
            // ASCII word boundaries let the regex engine use its DFA on text that holds
            // non-ASCII punctuation (curly quotes, dashes); Unicode `\b` forces the much
            // slower PikeVM there. The patterns themselves are ASCII.
            regex: Regex::new(&pattern.replace(r"\b", r"(?-u:\b)")).expect("date patterns are valid"),
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
                    r"\b(?:(?P<shift>(?i:last|next|this|early|mid|late|earlier|later))[\s-]+)?{MONTH}(?:,?\s+(?P<y>\d{{4}})\b|\s+(?:of\s+)?(?P<rel>(?i:last|this|next))\s+year\b)?"
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
                r"\b(?:(?i:early|late|earlier|later)\s+)?(?P<which>(?i:last|this|next|the\s+past|the\s+current))\s+(?:(?i:fiscal|calendar)\s+)?(?P<unit>(?i:week|weekend|month|quarter|year))\b"
                    .into(),
                build_rel_unit,
            ),
            rule(
                format!(r"\b(?i:{NUMBER_WORD})\s+(?P<unit>(?i:day|week|month|year))s?\s+(?i:ago)\b"),
                build_ago,
            ),
            rule(
                format!(
                    r"(?i)\b(?:(?P<y1>{YEAR})(?:'s)?\s+|(?P<rel1>this|last|next)\s+year's\s+|fiscal\s+(?P<y3>{YEAR})(?:'s)?\s+)?(?P<ord>{ORDINAL})[\s-]+(?:fiscal[\s-]+)?(?P<unit>quarter|half)\b(?:\s+of\s+(?:fiscal\s+)?(?:(?P<y2>{YEAR})\b|(?P<rel2>this|last|next)\s+year\b))?"
                ),
                build_part,
            ),
            rule(
                format!(r"\bQ(?P<ord>[1-4])\b(?:\s+(?P<y2>{YEAR})\b)?"),
                build_part,
            ),
            rule(
                r"(?i)\bthe\s+(?:(?P<which>latest|most\s+recent|previous|prior|preceding|year-ago|year-earlier|comparable|same)\s+)?(?:fiscal\s+)?quarter\b"
                    .into(),
                build_focus_quarter,
            ),
            rule(
                r"(?i)\bthe\s+(?P<which>latest|year-ago|year-earlier|comparable|year-before|prior-year)\s+period\b"
                    .into(),
                build_period,
            ),
            rule(
                format!(
                    r"(?i)\b{NUMBER_WORD}\s+(?P<unit>day|week|month|year)s?\s+(?P<dir>earlier|later|before|after)\b"
                ),
                build_offset,
            ),
            rule(
                r"(?i)\b(?P<unit>day|week|month|year)[\s-](?P<dir>earlier|ago)\b".into(),
                build_adjective_shift,
            ),
            rule(
                format!(
                    r"(?i)\b(?:the\s+(?P<dir>previous|prior|preceding|following|next|same)|that(?:\s+same)?|(?:earlier|later)\s+that)\s+(?P<unit>{UNIT_WORDS})\b"
                ),
                build_anaphor,
            ),
            rule(
                r"(?i)\bthe\s+(?P<unit>day|week|month|year)\s+(?P<dir>before|after)\b".into(),
                build_unit_before,
            ),
            rule(r"(?i)\bthe\s+day\b".into(), build_the_day),
            rule(
                r"(?i)\b(?:(?P<which>this\s+past|this\s+coming|this|last|next|early|late|mid)[\s-]+)?(?P<season>spring|summer|fall|autumn|winter)\b(?:\s+(?:of\s+)?(?P<y>1[89]\d\d|20\d\d)\b)?"
                    .into(),
                build_season,
            ),
            rule(r"\b(?P<dec>1\d\d0|20\d0)['’]?s\b".into(), build_decade),
            rule(
                r"(?:^|[^\w'’])(?P<span>['’](?P<d2>\d0)s)\b".into(),
                build_decade,
            ),
            rule(
                r"(?i)\bthe\s+(?P<word>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)\b"
                    .into(),
                build_decade,
            ),
            rule(
                r"(?i)\b(?:(?P<n>\d{1,2})(?:st|nd|rd|th)|(?P<word>eighteenth|nineteenth|twentieth|twenty-first))[\s-]+century\b"
                    .into(),
                build_century,
            ),
            rule(
                r"(?i)\bnineteen[\s-]+(?P<tens>ten|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-]+(?P<ones>one|two|three|four|five|six|seven|eight|nine)\b)?"
                    .into(),
                build_spelled_year,
            ),
            rule(
                r"(?i)\b(?P<word>(?:right\s+)?now|currently|nowadays|these\s+days|at\s+present|at\s+the\s+moment|recently|lately|more\s+recently)\b"
                    .into(),
                build_ref,
            ),
            rule(
                r"(?i)\b(?:in|into|for)\s+(?P<span>the\s+(?P<word>(?:near\s+|distant\s+|foreseeable\s+|immediate\s+)?future|(?:distant\s+|recent\s+)?past|coming\s+(?:days|weeks|months|years)|years\s+to\s+come))\b"
                    .into(),
                build_ref,
            ),
            rule(
                r"(?i)\bin\s+(?P<span>(?P<word>recent)\s+(?:days|weeks|months|years|decades))\b"
                    .into(),
                build_ref,
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

fn build_day_month_year(caps: &Captures<'_>, body: &str, start: usize) -> Option<Expr> {
    let m = month_number(caps.name("month")?.as_str())?;
    let d = number(caps, "d")?;
    let y = year(caps);
    // "The 19 Sept. 11 hijackers": a month followed by its day is a month-day date, and
    // the number before it a count, unless a preposition makes that number the day ("on
    // 19 Sept. 11 people were hurt").
    let end = caps.get(0)?.end();
    let day_after = body.get(end..).is_some_and(|rest| {
        let digits: String = rest
            .strip_prefix(' ')
            .unwrap_or_default()
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        digits.len() <= 2 && digits.parse().is_ok_and(|n: u32| valid_day(None, m, n))
    });
    let dated = previous_word(body, start).is_some_and(|w| DATE_CONTEXT.contains(&w.as_str()));
    if y.is_none() && day_after && !dated {
        return None;
    }
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
    let rel_year = caps.name("rel").map(|r| relative(r.as_str()));
    let has_modifier = caps.name("shift").is_some() || rel_year.is_some();
    if y.is_none() && !has_modifier {
        // A bare month name needs a date-like word before it ("in January"); "May" and
        // abbreviations alone are too often something else.
        let context =
            previous_word(body, start).is_some_and(|w| DATE_CONTEXT.contains(&w.as_str()));
        let abbreviated =
            name.ends_with('.') || (name.len() < 4 && name != "May") || name == "Sept";
        let strong =
            previous_word(body, start).is_some_and(|w| STRONG_CONTEXT.contains(&w.as_str()));
        // "a June summit", "the March vote": an article and a common noun around the
        // month make it the noun's time, as "in" does.
        let end = caps.get(0).map_or(start, |m| m.end());
        let modifies = previous_word(body, start).is_some_and(|w| w == "a" || w == "the")
            && body
                .get(end..)
                .and_then(|rest| rest.strip_prefix(' '))
                .and_then(|rest| rest.chars().next())
                .is_some_and(char::is_lowercase);
        if !(context || modifies) || (name == "May" && !strong) || abbreviated {
            return None;
        }
    }
    Some(Expr::Month {
        year: y,
        rel_year,
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

/// The offset a relative word gives: -1 for "last", +1 for "next", 0 otherwise.
fn relative(word: &str) -> i32 {
    let word = word.to_ascii_lowercase();
    if word == "last" || word.ends_with("past") || word.ends_with("previous") {
        -1
    } else if word == "next" || word.ends_with("coming") {
        1
    } else {
        0
    }
}

fn build_rel_unit(caps: &Captures<'_>, _: &str, _: usize) -> Option<Expr> {
    let offset = relative(caps.name("which")?.as_str());
    match caps.name("unit")?.as_str().to_ascii_lowercase().as_str() {
        "month" => Some(Expr::RelMonth(offset)),
        "quarter" => Some(Expr::RelQuarter(offset)),
        "year" => Some(Expr::RelYear(offset)),
        "weekend" => Some(Expr::RelWeek {
            n: offset.into(),
            weekend: true,
        }),
        _ => Some(Expr::RelWeek {
            n: offset.into(),
            weekend: false,
        }),
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

/// Whether a counted word is vague ("a few", "several"): reported but not resolved.
fn is_vague(word: &str) -> bool {
    word.contains("few") || word == "several"
}

fn unit_of(word: &str) -> Option<Unit> {
    match word.to_ascii_lowercase().as_str() {
        "day" | "morning" | "afternoon" | "evening" | "night" => Some(Unit::Day),
        "week" => Some(Unit::Week),
        "month" => Some(Unit::Month),
        "quarter" => Some(Unit::Quarter),
        "year" => Some(Unit::Year),
        _ => None,
    }
}

fn build_ago(caps: &Captures<'_>, _: &str, _: usize) -> Option<Expr> {
    let word = caps.name("n")?.as_str().to_ascii_lowercase();
    let n = small_number(&word)?;
    let expr = match unit_of(caps.name("unit")?.as_str())? {
        _ if is_vague(&word) => Expr::Vague,
        Unit::Day => Expr::RelDay(-n),
        Unit::Week => Expr::RelWeek {
            n: -n,
            weekend: false,
        },
        Unit::Month => Expr::RelMonth(i32::try_from(-n).ok()?),
        Unit::Quarter => Expr::RelQuarter(i32::try_from(-n).ok()?),
        Unit::Year => Expr::YearsAgo(i32::try_from(n).ok()?),
    };
    Some(expr)
}

fn ordinal(word: &str) -> Option<u32> {
    match word.to_ascii_lowercase().as_str() {
        "first" | "1st" | "1" => Some(1),
        "second" | "2nd" | "2" => Some(2),
        "third" | "3rd" | "3" => Some(3),
        "fourth" | "4th" | "4" => Some(4),
        _ => None,
    }
}

fn build_part(caps: &Captures<'_>, _: &str, _: usize) -> Option<Expr> {
    let number = ordinal(caps.name("ord")?.as_str())?;
    let half = caps
        .name("unit")
        .is_some_and(|u| u.as_str().eq_ignore_ascii_case("half"));
    if half && number > 2 {
        return None;
    }
    let year = ["y1", "y2", "y3"]
        .iter()
        .find_map(|k| caps.name(k)?.as_str().parse().ok());
    let rel_year = ["rel1", "rel2"]
        .iter()
        .find_map(|k| caps.name(k).map(|r| relative(r.as_str())));
    Some(Expr::Part {
        year,
        rel_year,
        number,
        half,
    })
}

fn build_focus_quarter(caps: &Captures<'_>, body: &str, _: usize) -> Option<Expr> {
    let whole = caps.get(0)?;
    let rest = body.get(whole.end()..).unwrap_or_default();
    // "The quarter-point cut", "the quarter of a million": not a time.
    if rest.starts_with('-') || rest.trim_start().starts_with("of a") {
        return None;
    }
    let which = caps
        .name("which")
        .map(|w| w.as_str().to_ascii_lowercase())
        .unwrap_or_default();
    let n = match which.as_str() {
        "previous" | "prior" | "preceding" => -1,
        "year-ago" | "year-earlier" | "comparable" => -4,
        // "The same quarter" needs the year that usually follows it.
        "same" => return None,
        _ => 0,
    };
    Some(Expr::FocusQuarter(n))
}

fn build_period(caps: &Captures<'_>, _: &str, _: usize) -> Option<Expr> {
    let which = caps.name("which")?.as_str().to_ascii_lowercase();
    let n = if which == "latest" { 0 } else { -1 };
    Some(Expr::Shifted {
        unit: Unit::Year,
        n,
    })
}

fn build_offset(caps: &Captures<'_>, body: &str, _: usize) -> Option<Expr> {
    let word = caps.name("n")?.as_str().to_ascii_lowercase();
    if is_vague(&word) {
        return Some(Expr::Vague);
    }
    let count = i32::try_from(small_number(&word)?).ok()?;
    let unit = unit_of(caps.name("unit")?.as_str())?;
    let dir = caps.name("dir")?.as_str().to_ascii_lowercase();
    let n = if dir == "earlier" || dir == "before" {
        -count
    } else {
        count
    };
    let whole = caps.get(0)?;
    let rest = body.get(whole.end()..).unwrap_or_default().trim_start();
    // "Before" and "after" followed by a word take an object: the count runs from it.
    let has_object = (dir == "before" || dir == "after")
        && rest.chars().next().is_some_and(char::is_alphanumeric);
    if has_object {
        Some(Expr::Around { unit, n })
    } else {
        Some(Expr::Shifted { unit, n })
    }
}

fn build_adjective_shift(caps: &Captures<'_>, _: &str, _: usize) -> Option<Expr> {
    let unit = unit_of(caps.name("unit")?.as_str())?;
    Some(Expr::Shifted { unit, n: -1 })
}

fn build_anaphor(caps: &Captures<'_>, _: &str, _: usize) -> Option<Expr> {
    let unit = unit_of(caps.name("unit")?.as_str())?;
    let dir = caps
        .name("dir")
        .map(|d| d.as_str().to_ascii_lowercase())
        .unwrap_or_default();
    let expr = match dir.as_str() {
        "previous" | "prior" | "preceding" => Expr::Shifted { unit, n: -1 },
        "following" | "next" => Expr::Shifted { unit, n: 1 },
        _ => Expr::Same(unit),
    };
    Some(expr)
}

fn build_unit_before(caps: &Captures<'_>, body: &str, _: usize) -> Option<Expr> {
    let whole = caps.get(0)?;
    let rest = body.get(whole.end()..).unwrap_or_default().trim_start();
    // "The day before the vote" names its own anchor, which is not a date.
    if rest.chars().next().is_some_and(char::is_alphanumeric) {
        return None;
    }
    let unit = unit_of(caps.name("unit")?.as_str())?;
    let n = if caps.name("dir")?.as_str().eq_ignore_ascii_case("before") {
        -1
    } else {
        1
    };
    Some(Expr::Shifted { unit, n })
}

fn build_the_day(caps: &Captures<'_>, body: &str, _: usize) -> Option<Expr> {
    let whole = caps.get(0)?;
    // Only "the day" that ends its clause refers back ("... later in the day."); "the day
    // the war began" or "the day's events" name their own.
    let next = body.get(whole.end()..).and_then(|r| r.chars().next());
    matches!(next, None | Some('.' | ',' | ';' | ':' | '!' | '?')).then_some(Expr::Same(Unit::Day))
}

fn build_season(caps: &Captures<'_>, body: &str, start: usize) -> Option<Expr> {
    let name = caps.name("season")?.as_str().to_ascii_lowercase();
    let season = match name.as_str() {
        "winter" => 0,
        "spring" => 1,
        "summer" => 2,
        _ => 3,
    };
    let year: Option<i32> = caps.name("y").and_then(|y| y.as_str().parse().ok());
    let which = caps.name("which").map(|w| w.as_str().to_ascii_lowercase());
    if year.is_none() && which.is_none() {
        // A bare season needs a date-like word before it ("in the summer"), and "fall" and
        // "spring" are also verbs and nouns ("the fall in prices", "spring water").
        let prev = previous_word(body, start);
        let dated = prev
            .as_deref()
            .is_some_and(|w| w == "the" || STRONG_CONTEXT.contains(&w));
        let after = body
            .get(caps.get(0)?.end()..)
            .unwrap_or_default()
            .trim_start();
        let object = ["in ", "of ", "from ", "to "]
            .iter()
            .any(|w| after.starts_with(w));
        // "The spring water": a season followed by a content word qualifies it.
        let next_word = after
            .split(|c: char| !text::is_word_char(c))
            .next()
            .unwrap_or_default()
            .to_lowercase();
        let qualifier = !next_word.is_empty() && !text::is_stopword(&next_word);
        if !dated || object || qualifier || (season == 3 && prev.as_deref() == Some("the")) {
            return None;
        }
    }
    let shift = match which.as_deref() {
        Some("last" | "this past") => Shift::Before,
        Some("next" | "this coming") => Shift::After,
        Some("this") => Shift::This,
        _ => Shift::None,
    };
    Some(Expr::Season {
        year,
        season,
        shift,
    })
}

fn tens_word(word: &str) -> Option<i32> {
    let tens = [
        "ten", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    ];
    let plural = [
        "tens",
        "twenties",
        "thirties",
        "forties",
        "fifties",
        "sixties",
        "seventies",
        "eighties",
        "nineties",
    ];
    let word = word.to_ascii_lowercase();
    let at = tens
        .iter()
        .position(|t| *t == word)
        .or_else(|| plural.iter().position(|t| *t == word))?;
    i32::try_from(at + 1).ok()
}

fn build_decade(caps: &Captures<'_>, _: &str, _: usize) -> Option<Expr> {
    if let Some(dec) = caps.name("dec") {
        return Some(Expr::Decade(dec.as_str().parse::<i32>().ok()? / 10));
    }
    if let Some(word) = caps.name("word") {
        return Some(Expr::Decade(190 + tens_word(word.as_str())?));
    }
    // "The '80s": the twentieth century.
    let two: i32 = caps.name("d2")?.as_str().parse().ok()?;
    Some(Expr::Decade(190 + two / 10))
}

fn build_century(caps: &Captures<'_>, _: &str, _: usize) -> Option<Expr> {
    let n: i32 = match caps.name("n") {
        Some(n) => n.as_str().parse().ok()?,
        None => match caps.name("word")?.as_str().to_ascii_lowercase().as_str() {
            "eighteenth" => 18,
            "nineteenth" => 19,
            "twentieth" => 20,
            _ => 21,
        },
    };
    (1..=30).contains(&n).then_some(Expr::Century(n - 1))
}

fn build_spelled_year(caps: &Captures<'_>, _: &str, _: usize) -> Option<Expr> {
    let tens = tens_word(caps.name("tens")?.as_str())?;
    let ones = match caps.name("ones") {
        Some(o) => i32::try_from(small_number(o.as_str())?).ok()?,
        None => 0,
    };
    Some(Expr::Year(1900 + tens * 10 + ones))
}

fn build_ref(caps: &Captures<'_>, body: &str, _: usize) -> Option<Expr> {
    let word = caps.name("word")?.as_str().to_ascii_lowercase();
    let word = word.split_whitespace().collect::<Vec<_>>().join(" ");
    if word.ends_with("now") {
        // "Now that" is a conjunction, not a time.
        let rest = body.get(caps.get(0)?.end()..).unwrap_or_default();
        if rest
            .trim_start()
            .get(..5)
            .is_some_and(|w| w.eq_ignore_ascii_case("that "))
        {
            return None;
        }
    }
    let value = if word.contains("future") || word.contains("coming") || word.contains("to come") {
        "FUTURE_REF"
    } else if word.contains("past") || word.contains("recent") || word == "lately" {
        "PAST_REF"
    } else {
        "PRESENT_REF"
    };
    Some(Expr::Ref(value))
}

/// The value of an expression anchored at `anchor`, with `reference` the time the text
/// last spoke of and `narrative` the year a demonstrative date points back at. `tense` is
/// the tense around the expression ([`Cues::tense`]), `past_verb` whether the verb of its
/// own clause is a past form ([`Cues::governed_past`]).
fn resolve(
    expr: &Expr,
    anchor: Option<NaiveDate>,
    (tense, past_verb): (Tense, bool),
    reference: Option<Value>,
    narrative: Option<i32>,
) -> Option<Value> {
    // A month or a day without its year that points back at a year the text just named
    // (`narrative`, other than the anchor's) lies in that year ("a 2022 rally … at that
    // March 2 rally").
    if let Some(y) = narrative.filter(|&y| anchor.is_some_and(|a| y != a.year())) {
        match *expr {
            Expr::Day {
                year: None,
                month,
                day,
                shift: Shift::None,
            } => return NaiveDate::from_ymd_opt(y, month, day).map(Value::Day),
            Expr::Month {
                year: None,
                rel_year: None,
                month,
                shift: Shift::None,
            } => return Some(Value::Month(y, month)),
            _ => {}
        }
    }
    match *expr {
        Expr::Day {
            year: Some(y),
            month,
            day,
            ..
        } => return NaiveDate::from_ymd_opt(y, month, day).map(Value::Day),
        Expr::Month {
            year: Some(y),
            month,
            ..
        } => return Some(Value::Month(y, month)),
        Expr::Year(y) => return Some(Value::Year(y)),
        Expr::Part {
            year: Some(y),
            number,
            half,
            ..
        } => return Some(part(y, number, half)),
        Expr::Season {
            year: Some(y),
            season,
            ..
        } => return Some(Value::Season(y, season)),
        Expr::Decade(d) => return Some(Value::Decade(d)),
        Expr::Century(c) => return Some(Value::Century(c)),
        Expr::Ref(name) => return Some(Value::Ref(name)),
        Expr::Vague => return None,
        Expr::Shifted { unit, n } => return reference?.shift(unit, n),
        Expr::Same(unit) => return reference?.within(unit),
        Expr::Around { .. } => return None,
        _ => {}
    }
    let anchor = anchor?;
    let value = match *expr {
        Expr::Day {
            month, day, shift, ..
        } => {
            let options: Vec<NaiveDate> = (anchor.year() - 1..=anchor.year() + 1)
                .filter_map(|y| NaiveDate::from_ymd_opt(y, month, day))
                .collect();
            let key = |d: &NaiveDate| (*d - anchor).num_days();
            Value::Day(pick(
                &options,
                key,
                shift,
                calendar(past_verb),
                anchor.year(),
                |d| d.year(),
            )?)
        }
        Expr::Month {
            rel_year: Some(r),
            month,
            ..
        } => Value::Month(anchor.year() + r, month),
        Expr::Month { month, shift, .. } => {
            let options: Vec<(i32, u32)> = (anchor.year() - 1..=anchor.year() + 1)
                .map(|y| (y, month))
                .collect();
            let key = |&(y, m): &(i32, u32)| {
                i64::from(y - anchor.year()) * 12 + i64::from(m) - i64::from(anchor.month())
            };
            // The nearest occurrence, unless it is as far as the other side's: a month
            // named half a year away is as likely past as future, and then the tense
            // of its clause decides ("launched at a June summit", written in January).
            // A past verb of its own clause puts it in the past however near the next
            // one is ("whom he fired in February", written in December).
            let nearest = pick(
                &options,
                key,
                shift,
                calendar(past_verb),
                anchor.year(),
                |&(y, _)| y,
            )?;
            let (y, m) = if !past_verb && key(&nearest).abs() >= MONTHS_AMBIGUOUS {
                pick(&options, key, shift, tense, anchor.year(), |&(y, _)| y)?
            } else {
                nearest
            };
            Value::Month(y, m)
        }
        Expr::Weekday { day, shift } => {
            let options: Vec<NaiveDate> = (-7i64..=7)
                .filter_map(|k| value::add_days(anchor, k))
                .filter(|d| d.weekday() == day)
                .collect();
            let key = |d: &NaiveDate| (*d - anchor).num_days();
            if shift == Shift::This {
                let this_week = anchor.iso_week();
                return options
                    .iter()
                    .find(|d| d.iso_week() == this_week)
                    .copied()
                    .map(Value::Day);
            }
            let tense = if tense == Tense::Unknown {
                Tense::Past
            } else {
                tense
            };
            Value::Day(pick(&options, key, shift, tense, anchor.year(), |d| {
                d.year()
            })?)
        }
        Expr::RelDay(n) => Value::Day(value::add_days(anchor, n)?),
        Expr::RelWeek { n, weekend } => Value::Week {
            day: value::add_days(anchor, n.checked_mul(7)?)?,
            weekend,
        },
        Expr::RelMonth(n) => Value::Month(anchor.year(), anchor.month()).shift(Unit::Month, n)?,
        Expr::RelQuarter(n) => {
            Value::Quarter(anchor.year(), quarter_of(anchor)).shift(Unit::Quarter, n)?
        }
        Expr::RelYear(n) => Value::Year(anchor.year().checked_add(n)?),
        Expr::YearsAgo(n) => match reference {
            Some(q @ Value::Quarter(..)) => q.shift(Unit::Year, -n)?,
            _ => Value::Year(anchor.year().checked_sub(n)?),
        },
        Expr::FocusQuarter(n) => {
            let focus = match reference {
                Some(q @ Value::Quarter(..)) => q,
                _ => Value::Quarter(anchor.year(), quarter_of(anchor)).shift(Unit::Quarter, -1)?,
            };
            focus.shift(Unit::Quarter, n)?
        }
        Expr::Part {
            rel_year: Some(r),
            number,
            half,
            ..
        } => part(anchor.year().checked_add(r)?, number, half),
        Expr::Part { number, half, .. } => {
            // Parts are compared by their first quarter.
            let first = if half { (number - 1) * 2 + 1 } else { number };
            let options: Vec<i32> = (anchor.year() - 1..=anchor.year() + 1).collect();
            let now = quarter_index(anchor.year(), quarter_of(anchor));
            let key = |y: &i32| quarter_index(*y, first) - now;
            let y = pick(
                &options,
                key,
                Shift::None,
                Tense::Past,
                anchor.year(),
                |y| *y,
            )?;
            // A future cue moves a part well behind the anchor to the next year ("the
            // first quarter" in November is the coming one), not one just ended.
            let y = if tense == Tense::Future && key(&y) < -1 {
                y + 1
            } else {
                y
            };
            part(y, number, half)
        }
        Expr::Season { season, shift, .. } => {
            let (year, current) = season_of(anchor);
            let options: Vec<(i32, u32)> = (year - 1..=year + 1).map(|y| (y, season)).collect();
            let key =
                |&(y, s): &(i32, u32)| i64::from(y - year) * 4 + i64::from(s) - i64::from(current);
            if shift == Shift::This {
                return Some(Value::Season(anchor.year(), season));
            }
            let (y, s) = pick(&options, key, shift, Tense::Past, year, |&(y, _)| y)?;
            let y = if shift == Shift::None && tense == Tense::Future && key(&(y, s)) < -1 {
                y + 1
            } else {
                y
            };
            Value::Season(y, s)
        }
        _ => return None,
    };
    Some(value)
}

/// How many sentences back the year a demonstrative date leans on may have been named:
/// the sentence before and the one before that.
const NARRATIVE_SENTENCES: usize = 2;

/// True when a demonstrative points the date back at a time the text named ("at that
/// March 2 rally"): "that" before it, a noun after it that it qualifies.
fn demonstrative(body: &str, c: &Candidate) -> bool {
    let next = body
        .get(c.end..)
        .and_then(|rest| rest.strip_prefix(' '))
        .map(|rest| {
            rest.split(|ch: char| !text::is_word_char(ch))
                .next()
                .unwrap_or_default()
        })
        .unwrap_or_default();
    previous_word(body, c.start).is_some_and(|w| w == "that" || w == "those")
        && next.chars().next().is_some_and(char::is_lowercase)
        && !text::is_stopword(next)
}

/// The tense used for a month or a day written without its year, from the tense of the
/// verb of its own clause (`past_verb`): a past form there puts it in the past ("the year
/// ended March 31", "since sales began in January"); otherwise the nearest occurrence
/// wins, as writers name the year when the date is far off, and a future cue is often
/// another clause's ("will reopen Dec. 27 after it shut on Dec. 3") or a reporting
/// verb's ("announced it would close by Jan. 14").
fn calendar(past_verb: bool) -> Tense {
    if past_verb {
        Tense::Past
    } else {
        Tense::Unknown
    }
}

/// How many months away the nearest occurrence of a month named without its year must
/// be for the tense to choose instead (see [`resolve`]).
const MONTHS_AMBIGUOUS: i64 = 4;

/// A quarter, or a half year when `half` is set.
fn part(year: i32, number: u32, half: bool) -> Value {
    if half {
        Value::Half(year, number)
    } else {
        Value::Quarter(year, number)
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
