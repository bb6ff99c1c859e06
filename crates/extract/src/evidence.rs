//! What an article's text says about its own publication date and outlet, weighed by
//! where it says it.
//!
//! A date or a name in the text is evidence of a strength that depends on its position:
//! a line near the top announcing the publication ("Published Monday, Nov. 19, 2018")
//! is the strongest, then a line near the top that holds only a date, then a dateline
//! opening the lead ("GENEVA, Jan. 10, 2022 —"), then an update stamp, and last a
//! dateline without a year ("KIEV, April 7"), whose year comes from the full dates the
//! article writes out, or stays unknown. A date inside running prose is never the
//! publication date: it only lends a year to a dateline that lacks one. The strongest
//! piece of evidence wins; among equals, the first in the text.
//!
//! Outlets likewise: a byline naming no person ("By: DW", "By The Associated Press")
//! beats a wire tag in the lead's dateline ("(Reuters) -", "(CNN) —", "/ITAR-TASS/"),
//! which beats photo credits ("Photo / AP", "Harbour Post / Jane Doe", "(AP
//! Photo/Jane Doe)"). Credits count only when they all name one organisation. A name in
//! running text ("told the Associated Press") is never read.

use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate};
use regex::Regex;

use crate::meta;

/// Where a date was read, weakest first: the order decides between clues.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum DateKind {
    /// A dateline opening the lead without a year, the year taken from the article's
    /// full dates.
    YearlessDateline,
    /// A stamp announcing a change ("Updated 10:41 AM, Nov. 20, 2018").
    Updated,
    /// A dateline opening the lead with a full date ("GENEVA, Jan. 10, 2022 —").
    Dateline,
    /// A line near the top holding only a date ("Tuesday 03/March/2026 09:12 AM").
    HeaderDate,
    /// A line near the top announcing the publication ("Posted on 3 March 2026").
    Announced,
}

/// One date the text gives for the article.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct DateClue {
    pub kind: DateKind,
    pub date: NaiveDate,
}

/// Where an outlet's name was read, weakest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum OutletKind {
    /// A photo credit.
    Credit,
    /// A wire tag in the lead's dateline.
    WireTag,
    /// A byline naming an organisation rather than a person.
    Byline,
}

/// One outlet the text names for the article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct OutletClue {
    pub kind: OutletKind,
    pub name: String,
}

/// The kind of a header line that holds a date: an announcement of the publication, of
/// an update, or a bare date.
pub(crate) fn header_kind(line: &str) -> DateKind {
    let lower = line.trim_start_matches(|c: char| !c.is_alphanumeric());
    let lower = lower.get(..lower.len().min(24)).unwrap_or(lower);
    let lower = lower.to_lowercase();
    if ["updated", "last updated", "last modified", "modified"]
        .iter()
        .any(|w| lower.starts_with(w))
    {
        DateKind::Updated
    } else if ["published", "posted", "first published", "publication date"]
        .iter()
        .any(|w| lower.starts_with(w))
    {
        DateKind::Announced
    } else {
        DateKind::HeaderDate
    }
}

/// Words announcing the date after them, lower-cased, with what they announce.
const ANNOUNCING: &[(&str, DateKind)] = &[
    ("first published", DateKind::Announced),
    ("published", DateKind::Announced),
    ("posted", DateKind::Announced),
    ("last updated", DateKind::Updated),
    ("updated", DateKind::Updated),
];

/// The most words of a header line read as a stamp.
const MAX_STAMP_WORDS: usize = 14;

/// How far after an announcing word its date may start, in bytes.
const ANNOUNCE_REACH: usize = 30;

/// The date a short header line announces among other things ("By Jane Doe | Published
/// Nov. 19, 2018 | 4 min read"), with what it announces.
pub(crate) fn announced(line: &str) -> Option<DateClue> {
    // A stamp is a short line that is not a sentence ("The report, published on 3 May
    // 2019, found …" is prose).
    if line.len() > 200
        || line.split_whitespace().nth(MAX_STAMP_WORDS).is_some()
        || line.trim_end().ends_with(['.', '!', '?', '"', '\u{201d}'])
    {
        return None;
    }
    // Lower-casing keeps byte offsets only for ASCII text, so both the search and the
    // date are read on the lower-cased line.
    let lower = line.to_lowercase();
    ANNOUNCING.iter().find_map(|(w, kind)| {
        let at = lower.find(w)?;
        let after = &lower[at + w.len()..];
        let (date, start, _) = meta::find_date(after)?;
        (start <= ANNOUNCE_REACH).then_some(DateClue { kind: *kind, date })
    })
}

/// The publication date the clues support: the strongest clue, the first among equals.
pub(crate) fn choose_date(clues: &[DateClue]) -> Option<NaiveDate> {
    let best = clues.iter().map(|c| c.kind).max()?;
    clues.iter().find(|c| c.kind == best).map(|c| c.date)
}

/// The outlet the clues support: the strongest kind; credits only when they agree.
pub(crate) fn choose_outlet(clues: &[OutletClue]) -> Option<String> {
    let best = clues.iter().map(|c| c.kind).max()?;
    let mut names = clues.iter().filter(|c| c.kind == best).map(|c| &c.name);
    let first = names.next()?;
    if best == OutletKind::Credit && names.any(|n| !n.eq_ignore_ascii_case(first)) {
        return None;
    }
    Some(first.clone())
}

/// What the opening of a lead paragraph says: "KIEV, April 7. /ITAR-TASS/. …",
/// "WASHINGTON, Jan 10 (Reuters) - …", "(CNN) — …".
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Lead {
    /// Month and day, with the year when written.
    pub date: Option<(Option<i32>, u32, u32)>,
    /// The wire tag, canonical.
    pub tag: Option<String>,
}

/// Place words that open ordinary sentences rather than datelines (and so do
/// [`meta::WEEKDAYS`]).
const NOT_PLACE: &[&str] = &[
    "on",
    "in",
    "at",
    "by",
    "the",
    "a",
    "an",
    "last",
    "this",
    "next",
    "since",
    "from",
    "until",
    "before",
    "after",
    "today",
    "yesterday",
    "early",
    "late",
    "during",
    "as",
    "when",
    "for",
    "and",
    "but",
];

static LEAD: LazyLock<Regex> = LazyLock::new(|| {
    let months = &*meta::MONTH_ALT;
    let place = r"[\p{Lu}][\p{L}\p{M}'’.\-]*(?:\s+[\p{Lu}][\p{L}\p{M}'’.\-]*){0,3}";
    let region = r"(?:,\s*[\p{Lu}][\p{L}\p{M}.\-]*(?:\s+[\p{Lu}][\p{L}\p{M}.\-]*)?)??";
    let date = format!(
        r"(?i:(?P<m1>{months})\.?\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<y1>\d{{4}}))?|(?P<d2>\d{{1,2}})\.?\s+(?P<m2>{months})\.?(?:,?\s+(?P<y2>\d{{4}}))?)"
    );
    let tag = r"(?:\((?P<p>[^()\d]{2,40})\)|/(?P<s>[^/\d]{2,30})/)";
    Regex::new(&format!(
        r"^(?:(?P<place>{place}){region}(?:,\s*(?:{date}))?)?\s*\.?\s*(?:{tag})?\s*\.?\s*(?P<end>[—–\-:]|$|[\p{{Lu}}«“‘\x22'])"
    ))
    .expect("valid regex")
});

/// Words that a parenthesis or slashes after a dateline hold without naming a wire.
const NOT_TAG: &[&str] = &[
    "photo",
    "photos",
    "video",
    "file",
    "updated",
    "update",
    "opinion",
    "analysis",
    "live",
    "watch",
    "listen",
    "audio",
    "graphic",
    "map",
    "sponsored",
    "advertisement",
    "exclusive",
    "breaking",
    "corrected",
    "correction",
    "ap photo",
    "gmt",
    "utc",
    "local time",
];

/// The dateline and wire tag at the start of a lead paragraph, if it opens with one.
pub(crate) fn lead(p: &str) -> Option<Lead> {
    let head = p.get(..p.len().min(160)).unwrap_or(p);
    let head = match head.char_indices().nth(140) {
        Some((i, _)) => &head[..i],
        None => head,
    };
    let c = LEAD.captures(head)?;
    let place = c.name("place").map(|m| m.as_str());
    if let Some(place) = place {
        let first = place
            .split_whitespace()
            .next()
            .unwrap_or("")
            .trim_end_matches(['.', ',']);
        let first = first.to_lowercase();
        if NOT_PLACE.contains(&first.as_str()) || meta::WEEKDAYS.contains(&first.as_str()) {
            return None;
        }
    }
    let date = if let (Some(m), Some(d)) = (c.name("m1"), c.name("d1")) {
        Some((m.as_str(), d.as_str(), c.name("y1")))
    } else if let (Some(m), Some(d)) = (c.name("m2"), c.name("d2")) {
        Some((m.as_str(), d.as_str(), c.name("y2")))
    } else {
        None
    };
    let date = date.and_then(|(m, d, y)| {
        let month = meta::month_number(m)?;
        let day: u32 = d.parse().ok()?;
        let year = y.and_then(|y| y.as_str().parse().ok());
        // The day must exist in some year (29 February in a leap year).
        NaiveDate::from_ymd_opt(year.unwrap_or(2000), month, day)?;
        Some((year, month, day))
    });
    let tag = c
        .name("p")
        .or(c.name("s"))
        .and_then(|t| wire_name(t.as_str()));
    let end = c.name("end").map_or("", |m| m.as_str());
    // Without a tag, a place and a date must be followed by a dash or a capital: what a
    // dateline looks like, not a sentence that starts with a name and a comma.
    let dash = matches!(end, "—" | "–" | "-" | ":");
    // A name in parentheses after a place is a wire tag only before a dash ("Denver
    // (AP) –"); before the sentence goes on it is an abbreviation ("Republican National
    // Committee (RNC) Chairwoman …").
    let tag = tag.filter(|_| place.is_none() || c.name("s").is_some() || dash);
    let opened = match (&date, &tag) {
        (_, Some(_)) => true,
        (Some(_), None) => place.is_some() && !end.is_empty(),
        (None, None) => false,
    };
    // A tag alone at the very start ("(CNN) —") needs no place; a place alone needs a tag.
    opened.then_some(Lead { date, tag })
}

/// The canonical name of a wire tag or credited organisation, when `s` reads as one: a
/// short capitalised name, not a label such as "Photo" or "Updated".
fn wire_name(s: &str) -> Option<String> {
    let s = meta::collapse_ws(s.trim().trim_matches(|c: char| !c.is_alphanumeric()));
    let lower = s.to_lowercase();
    if s.is_empty()
        || NOT_TAG
            .iter()
            .any(|w| lower == *w || lower.starts_with(&format!("{w} ")))
        || !s.starts_with(char::is_uppercase)
        || s.split_whitespace().count() > 4
        || meta::month_number(lower.split_whitespace().next().unwrap_or("")).is_some()
        || meta::is_person_name(&s)
        || !s
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '&' | '.' | '\''))
    {
        return None;
    }
    Some(canonical(&s))
}

/// One spelling per wire service, so that "AP" and "The Associated Press" count once.
fn canonical(name: &str) -> String {
    let bare = name.strip_prefix("The ").unwrap_or(name);
    match bare.to_lowercase().as_str() {
        "ap" | "associated press" => "AP".to_string(),
        "agence france-presse" | "agence france presse" => "AFP".to_string(),
        "reuters" => "Reuters".to_string(),
        "itar-tass" => "ITAR-TASS".to_string(),
        _ => bare.to_string(),
    }
}

/// Well-known news agencies, lower-cased, read as outlets when they stand alone in a
/// header line or after a person's name in a byline.
const WIRES: &[&str] = &[
    "ap",
    "associated press",
    "the associated press",
    "reuters",
    "afp",
    "agence france-presse",
    "dpa",
    "itar-tass",
    "tass",
    "ria novosti",
    "interfax",
    "xinhua",
    "upi",
    "ansa",
    "efe",
    "kyodo",
    "yonhap",
    "pti",
    "ians",
    "bloomberg",
];

/// Photo agencies and labels whose credit names no news outlet.
const NOT_OUTLET_CREDIT: &[&str] = &[
    "getty",
    "getty images",
    "shutterstock",
    "istock",
    "istockphoto",
    "alamy",
    "epa",
    "epa-efe",
    "pexels",
    "unsplash",
    "wikimedia",
    "wikimedia commons",
    "supplied",
    "handout",
    "file",
    "courtesy",
    "archive",
    "stock",
    "pool",
    "screenshot",
    "screengrab",
];

/// The wire service a header line names on its own ("The Associated Press", "Reuters").
pub(crate) fn wire_line(t: &str) -> Option<String> {
    let bare = t.trim().trim_matches(|c: char| !c.is_alphanumeric());
    WIRES
        .contains(&bare.to_lowercase().as_str())
        .then(|| canonical(bare))
}

/// Words of an organisation in a byline's tail ("By Jane Doe, Coastal Times").
const ORG_WORDS: &[&str] = &[
    "news",
    "times",
    "post",
    "press",
    "daily",
    "herald",
    "tribune",
    "journal",
    "gazette",
    "courier",
    "chronicle",
    "telegraph",
    "guardian",
    "observer",
    "radio",
    "tv",
    "television",
    "network",
    "agency",
    "broadcasting",
    "magazine",
    "mail",
    "express",
    "star",
    "standard",
];

/// Words of a desk or section that follow an outlet's name in a byline ("Lowland
/// Courier Business Desk").
const DESK_WORDS: &[&str] = &[
    "desk",
    "staff",
    "newsroom",
    "team",
    "reporters",
    "editors",
    "business",
    "news",
    "world",
    "sports",
    "politics",
    "foreign",
    "city",
    "metro",
    "national",
    "digital",
    "web",
    "online",
    "editorial",
];

/// The outlet of a byline that names an organisation ("DW", "Lowland Courier Business
/// Desk" -> "Lowland Courier"), without its desk; `None` for a desk alone.
pub(crate) fn byline_outlet(name: &str) -> Option<String> {
    let name = name.trim_matches(|c: char| !c.is_alphanumeric());
    let words: Vec<&str> = name.split_whitespace().collect();
    let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
    let mut keep = words.len();
    if lower.last().is_some_and(|w| {
        ["desk", "staff", "newsroom", "team", "reporters", "editors"].contains(&w.as_str())
    }) {
        while keep > 0 && DESK_WORDS.contains(&lower[keep - 1].as_str()) {
            keep -= 1;
        }
    }
    if keep == 0 || !words[0].starts_with(char::is_uppercase) {
        return None;
    }
    Some(canonical(&words[..keep].join(" ")))
}

/// The organisation after the people of a byline ("By Jane Doe, Associated Press"): a
/// wire service, a name with an outlet's word, or a short acronym ("CNN").
pub(crate) fn byline_tail_outlet(byline: &str) -> Option<String> {
    let (_, tail) = meta::strip_by_prefix(byline).rsplit_once([',', '|'])?;
    let tail = tail.trim().trim_matches(|c: char| !c.is_alphanumeric());
    if tail.is_empty() || meta::is_person_name(tail) || tail.split_whitespace().count() > 5 {
        return None;
    }
    if !tail
        .split_whitespace()
        .all(|w| w.starts_with(char::is_uppercase))
    {
        return None;
    }
    let lower = tail.to_lowercase();
    let acronym = (2..=5).contains(&tail.len()) && tail.chars().all(|c| c.is_ascii_uppercase());
    let org = lower
        .split_whitespace()
        .any(|w| ORG_WORDS.contains(&w.trim_matches(|c: char| !c.is_alphanumeric())));
    (WIRES.contains(&lower.as_str()) || acronym || org).then(|| canonical(tail))
}

static CREDIT_AFTER_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[.!?)\]”\x22]\s+|\()(?i:photo|photograph|picture|image|foto)s?\s*[/:|]\s*(?P<x>[\p{L}][\p{L}\p{N} .&'\-]{0,38}?)\s*\)?\s*$")
        .expect("valid regex")
});
static AGENCY_PHOTO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\((?P<x>[\p{Lu}][\p{L}\-]{1,20}) Photo(?:\s*/[^()]{0,60})?\)\s*$")
        .expect("valid regex")
});

/// True when `t` holds, in any case, a word [`CREDIT_AFTER_LABEL`] needs: "photo" (also
/// the start of "photograph"), "picture", "image" or "foto". No character outside ASCII
/// folds to the letters of these words, so an ASCII case-insensitive search finds every
/// match of the pattern's case-insensitive group.
fn names_picture(t: &str) -> bool {
    let lower = t.to_ascii_lowercase();
    ["photo", "picture", "image", "foto"]
        .iter()
        .any(|w| lower.contains(w))
}

/// The organisation a photo credit names: "… Photo / AP", "Photo: Reuters", "(AP
/// Photo/Jane Doe)", "Harbour Post / Jane Doe". Photo agencies, people and labels are
/// not outlets.
pub(crate) fn credit_outlet(t: &str) -> Option<String> {
    if t.len() > 600 {
        return None;
    }
    // Both patterns need a word the text rarely holds, and searching for it first spares
    // the regexes (whose Unicode classes are costly to match) nearly every line.
    let agency = || {
        t.contains(" Photo")
            .then(|| AGENCY_PHOTO.captures(t))
            .flatten()
    };
    let labelled = || {
        names_picture(t)
            .then(|| CREDIT_AFTER_LABEL.captures(t))
            .flatten()
    };
    let name = if let Some(c) = agency() {
        c["x"].to_string()
    } else if let Some(c) = labelled() {
        c["x"].to_string()
    } else {
        // "Outlet / Photographer" on a line of its own.
        let (left, right) = t.split_once(" / ")?;
        if t.split_whitespace().count() > 8 || !meta::is_person_name(right.trim()) {
            return None;
        }
        left.to_string()
    };
    let name = name.trim();
    let lower = name.to_lowercase();
    let capitalised = name
        .split_whitespace()
        .all(|w| w.starts_with(char::is_uppercase) || ["of", "the", "and", "&"].contains(&w));
    if name.is_empty()
        || !capitalised
        || NOT_OUTLET_CREDIT.iter().any(|w| {
            lower == *w || lower.starts_with(&format!("{w} ")) || lower.ends_with(&format!(" {w}"))
        })
        || lower.contains(" via ")
    {
        return None;
    }
    wire_name(name)
}

/// The full dates written in `paras`, in text order.
pub(crate) fn full_dates<'a>(paras: impl IntoIterator<Item = &'a str>) -> Vec<NaiveDate> {
    let mut out = Vec::new();
    for p in paras {
        let mut rest = p;
        while let Some((d, _, end)) = meta::find_date(rest) {
            out.push(d);
            rest = &rest[end.max(1).min(rest.len())..];
        }
    }
    out
}

/// Days a dateline may lie before its nearest full date (a date the article looks
/// ahead to) at twice the cost of a day after one (a date it looks back on).
const AHEAD_COST: i64 = 2;

/// The longest weighted distance, in days, between a yearless dateline and the nearest
/// full date of the article for that date to lend its year.
const MAX_YEAR_DISTANCE: i64 = 366;

/// The year of a dateline's month and day: the one that puts it nearest the full dates
/// the article writes out, a date written after the dateline costing twice as much as
/// one before it (articles look back more than ahead); none beyond a year from all.
pub(crate) fn dateline_year(month: u32, day: u32, dates: &[NaiveDate]) -> Option<NaiveDate> {
    let mut years: Vec<i32> = dates
        .iter()
        .flat_map(|d| [d.year() - 1, d.year(), d.year() + 1])
        .collect();
    years.sort_unstable();
    years.dedup();
    let mut best: Option<(i64, NaiveDate)> = None;
    for y in years {
        let Some(c) = NaiveDate::from_ymd_opt(y, month, day) else {
            continue;
        };
        let cost = dates
            .iter()
            .map(|d| {
                let days = (c - *d).num_days();
                if days >= 0 {
                    days
                } else {
                    -days * AHEAD_COST
                }
            })
            .min()?;
        if best.is_none_or(|(b, _)| cost < b) {
            best = Some((cost, c));
        }
    }
    best.filter(|(cost, _)| *cost <= MAX_YEAR_DISTANCE)
        .map(|(_, d)| d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn leads_open_with_datelines_and_wire_tags() {
        let l = lead("OSTRAVA, March 9. /NORTH-WIRE/. The council met on Friday.").unwrap();
        assert_eq!(l.date, Some((None, 3, 9)));
        assert_eq!(l.tag.as_deref(), Some("NORTH-WIRE"));
        let l = lead("LISBON, Jan 10 (Reuters) - Talks ended without a deal.").unwrap();
        assert_eq!(l.date, Some((None, 1, 10)));
        assert_eq!(l.tag.as_deref(), Some("Reuters"));
        let l = lead("(CNN) — The mayor resigned on Tuesday.").unwrap();
        assert_eq!((l.date, l.tag.as_deref()), (None, Some("CNN")));
        let l = lead("(CNN)The mayor resigned on Tuesday.").unwrap();
        assert_eq!(l.tag.as_deref(), Some("CNN"));
        let l = lead("Port Elsby (AP) – The ferry sank.").unwrap();
        assert_eq!((l.date, l.tag.as_deref()), (None, Some("AP")));
        let l = lead("GENEVA, Jan. 10, 2022 — Envoys met for eight hours.").unwrap();
        assert_eq!(l.date, Some((Some(2022), 1, 10)));
        assert_eq!(l.tag, None);
        let l = lead("SPRINGFIELD, Ill., 4 May — The vote was close.").unwrap();
        assert_eq!(l.date, Some((None, 5, 4)));
    }

    #[test]
    fn sentences_and_labels_are_not_datelines() {
        for p in [
            "On Monday, April 7, the council met.",
            "In March 1, 2014 the plan was drawn.",
            "Anna Berg, 34, said the plan failed.",
            "Lisbon, the capital, was quiet.",
            "WASHINGTON — Talks resumed.",
            "The council (which met on Monday) agreed.",
            "Paris (Photo) — A crowd gathered.",
            "Jane Doe (Reuters) said nothing.",
            "Northern Ferry Board (NFB) Chair Ada Lind resigned.",
            "",
        ] {
            let got = lead(p);
            assert!(
                got.is_none()
                    || got
                        .as_ref()
                        .is_some_and(|l| l.date.is_none() && l.tag.is_none()),
                "{p}: {got:?}"
            );
        }
    }

    #[test]
    fn a_yearless_dateline_takes_the_year_of_the_nearest_dates() {
        // A background date a month before: the same year.
        assert_eq!(dateline_year(4, 7, &[d(2014, 3, 1)]), Some(d(2014, 4, 7)));
        // A summit half a year before a January dateline: the next year.
        assert_eq!(
            dateline_year(1, 10, &[d(2021, 6, 16)]),
            Some(d(2022, 1, 10))
        );
        // An election seven weeks ahead: the same year, not the next.
        assert_eq!(dateline_year(4, 7, &[d(2014, 5, 25)]), Some(d(2014, 4, 7)));
        // Only dates years away: no year.
        assert_eq!(
            dateline_year(4, 7, &[d(1993, 11, 23)]).map(|x| x.year() >= 1993),
            Some(true)
        );
        assert_eq!(dateline_year(4, 7, &[]), None);
    }

    #[test]
    fn the_strongest_clue_dates_the_article() {
        let clues = [
            DateClue {
                kind: DateKind::Updated,
                date: d(2018, 11, 20),
            },
            DateClue {
                kind: DateKind::Announced,
                date: d(2018, 11, 19),
            },
            DateClue {
                kind: DateKind::YearlessDateline,
                date: d(2018, 11, 18),
            },
        ];
        assert_eq!(choose_date(&clues), Some(d(2018, 11, 19)));
        assert_eq!(choose_date(&clues[..1]), Some(d(2018, 11, 20)));
        assert_eq!(choose_date(&[]), None);
        assert_eq!(
            header_kind("Published Monday, Nov. 19, 2018"),
            DateKind::Announced
        );
        assert_eq!(header_kind("Last updated: 20 Nov 2018"), DateKind::Updated);
        assert_eq!(header_kind("World | 19.11.2018"), DateKind::HeaderDate);
        assert_eq!(
            announced("By Jane Doe | Published Nov. 19, 2018 | 4 min read"),
            Some(DateClue {
                kind: DateKind::Announced,
                date: d(2018, 11, 19)
            })
        );
        assert_eq!(
            announced("By Jane Doe, updated on 20 November 2018").map(|c| c.kind),
            Some(DateKind::Updated)
        );
        assert_eq!(
            announced("The law published in 1994 was changed on 3 May 2018."),
            None
        );
        assert_eq!(
            announced("The report, published on 3 May 2019, found it."),
            None
        );
    }

    #[test]
    fn credits_name_outlets_but_not_photo_agencies_or_people() {
        assert_eq!(
            credit_outlet("Crowds at the gate on Monday. Photo / AP").as_deref(),
            Some("AP")
        );
        assert_eq!(credit_outlet("Photo: Reuters").as_deref(), Some("Reuters"));
        assert_eq!(
            credit_outlet("A crane at dawn. (AP Photo/Jane Doe)").as_deref(),
            Some("AP")
        );
        assert_eq!(
            credit_outlet("Harbour Post / Tomas Berg").as_deref(),
            Some("Harbour Post")
        );
        for t in [
            "Photo: Jane Doe",
            "Photo / Getty Images",
            "Photo: AFP via Getty Images",
            "Reuters Archive",
            "Photo / Supplied",
            "The agency said the photo / video was fake.",
            "The big picture: Officials confirmed that new",
            "The big picture: officials confirmed that new rules apply.",
        ] {
            assert_eq!(credit_outlet(t), None, "{t}");
        }
        let credits = |names: &[&str]| {
            names
                .iter()
                .map(|n| OutletClue {
                    kind: OutletKind::Credit,
                    name: n.to_string(),
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(
            choose_outlet(&credits(&["AP", "AP"])).as_deref(),
            Some("AP")
        );
        assert_eq!(choose_outlet(&credits(&["AP", "Reuters"])), None);
        let mut clues = credits(&["AP"]);
        clues.push(OutletClue {
            kind: OutletKind::WireTag,
            name: "Reuters".into(),
        });
        assert_eq!(choose_outlet(&clues).as_deref(), Some("Reuters"));
    }

    #[test]
    fn bylines_name_outlets_without_their_desks() {
        assert_eq!(byline_outlet("DW").as_deref(), Some("DW"));
        assert_eq!(
            byline_outlet("Lowland Courier Business Desk").as_deref(),
            Some("Lowland Courier")
        );
        assert_eq!(byline_outlet("The Associated Press").as_deref(), Some("AP"));
        assert_eq!(byline_outlet("News Desk"), None);
        assert_eq!(
            byline_tail_outlet("By Jane Doe, Associated Press").as_deref(),
            Some("AP")
        );
        assert_eq!(
            byline_tail_outlet("By Jane Doe and John Roe, Coastal Times").as_deref(),
            Some("Coastal Times")
        );
        assert_eq!(byline_tail_outlet("By Jane Doe, Senior Writer"), None);
        assert_eq!(byline_tail_outlet("By Jane Doe, Kilnford"), None);
        assert_eq!(wire_line("The Associated Press").as_deref(), Some("AP"));
        assert_eq!(wire_line("told the Associated Press"), None);
    }
}
