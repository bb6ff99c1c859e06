//! Metadata helpers shared by the HTML and plain-text paths: dates, person names,
//! hosts and language codes (titles are in `title`).

use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;

/// Month names and abbreviations with their numbers: English, German, French, Spanish,
/// Italian, Portuguese, Dutch, Russian, Ukrainian, Polish and Turkish (the languages of
/// the date benchmarks' pages).
const MONTHS: &[(&str, u32)] = &[
    ("january", 1),
    ("jan", 1),
    ("januar", 1),
    ("jänner", 1),
    ("janvier", 1),
    ("enero", 1),
    ("gennaio", 1),
    ("janeiro", 1),
    ("januari", 1),
    ("february", 2),
    ("feb", 2),
    ("februar", 2),
    ("février", 2),
    ("fevrier", 2),
    ("febrero", 2),
    ("febbraio", 2),
    ("fevereiro", 2),
    ("februari", 2),
    ("march", 3),
    ("mar", 3),
    ("märz", 3),
    ("maerz", 3),
    ("mär", 3),
    ("mars", 3),
    ("marzo", 3),
    ("março", 3),
    ("maart", 3),
    ("april", 4),
    ("apr", 4),
    ("avril", 4),
    ("abril", 4),
    ("aprile", 4),
    ("may", 5),
    ("mai", 5),
    ("mayo", 5),
    ("maggio", 5),
    ("maio", 5),
    ("mei", 5),
    ("june", 6),
    ("jun", 6),
    ("juni", 6),
    ("juin", 6),
    ("junio", 6),
    ("giugno", 6),
    ("junho", 6),
    ("july", 7),
    ("jul", 7),
    ("juli", 7),
    ("juillet", 7),
    ("julio", 7),
    ("luglio", 7),
    ("julho", 7),
    ("august", 8),
    ("aug", 8),
    ("août", 8),
    ("aout", 8),
    ("agosto", 8),
    ("augustus", 8),
    ("september", 9),
    ("sept", 9),
    ("sep", 9),
    ("septembre", 9),
    ("septiembre", 9),
    ("setiembre", 9),
    ("settembre", 9),
    ("setembro", 9),
    ("october", 10),
    ("oct", 10),
    ("oktober", 10),
    ("okt", 10),
    ("octobre", 10),
    ("octubre", 10),
    ("ottobre", 10),
    ("outubro", 10),
    ("november", 11),
    ("nov", 11),
    ("novembre", 11),
    ("noviembre", 11),
    ("novembro", 11),
    ("december", 12),
    ("dec", 12),
    ("dezember", 12),
    ("dez", 12),
    ("décembre", 12),
    ("decembre", 12),
    ("diciembre", 12),
    ("dicembre", 12),
    ("dezembro", 12),
    // Russian, Ukrainian and Polish (genitive, as in dates) and Turkish.
    ("января", 1),
    ("февраля", 2),
    ("марта", 3),
    ("апреля", 4),
    ("мая", 5),
    ("июня", 6),
    ("июля", 7),
    ("августа", 8),
    ("сентября", 9),
    ("октября", 10),
    ("ноября", 11),
    ("декабря", 12),
    ("січня", 1),
    ("лютого", 2),
    ("березня", 3),
    ("квітня", 4),
    ("травня", 5),
    ("червня", 6),
    ("липня", 7),
    ("серпня", 8),
    ("вересня", 9),
    ("жовтня", 10),
    ("листопада", 11),
    ("грудня", 12),
    ("stycznia", 1),
    ("lutego", 2),
    ("marca", 3),
    ("kwietnia", 4),
    ("maja", 5),
    ("czerwca", 6),
    ("lipca", 7),
    ("sierpnia", 8),
    ("września", 9),
    ("października", 10),
    ("listopada", 11),
    ("grudnia", 12),
    ("ocak", 1),
    ("şubat", 2),
    ("mart", 3),
    ("nisan", 4),
    ("mayıs", 5),
    ("haziran", 6),
    ("temmuz", 7),
    ("ağustos", 8),
    ("eylül", 9),
    ("ekim", 10),
    ("kasım", 11),
    ("aralık", 12),
];

/// The month names as one regex alternation, longest first.
pub(crate) static MONTH_ALT: LazyLock<String> = LazyLock::new(|| {
    let mut names: Vec<&str> = MONTHS.iter().map(|(m, _)| *m).collect();
    names.sort_by_key(|m| std::cmp::Reverse(m.chars().count()));
    names.join("|")
});

/// English month names only, for the tests of glued words.
const ENGLISH_MONTHS: &[&str] = &[
    "sept",
    "january",
    "february",
    "march",
    "april",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

pub(crate) fn month_number(name: &str) -> Option<u32> {
    let lower = name.to_lowercase();
    let lower = lower.trim_end_matches('.');
    MONTHS.iter().find(|(m, _)| *m == lower).map(|&(_, n)| n)
}

fn ymd(y: &str, m: u32, d: &str) -> Option<NaiveDate> {
    let y: i32 = y.parse().ok()?;
    let d: u32 = d.parse().ok()?;
    if !(1990..=2100).contains(&y) {
        return None;
    }
    NaiveDate::from_ymd_opt(y, m, d)
}

static ISO_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:\b|T)").expect("valid regex")
});
static DAY_MONTH_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    let months = &*MONTH_ALT;
    Regex::new(&format!(
        r"(?i)\b(\d{{1,2}})(?:st|nd|rd|th|er|º)?[\s/.\-]+(?:de\s+|of\s+)?({months})\.?[\s/.,\-]+(?:de\s+|del\s+)?(\d{{4}})\b"
    ))
    .expect("valid regex")
});
static MONTH_DAY_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    let months = &*MONTH_ALT;
    Regex::new(&format!(
        r"(?i)\b({months})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b"
    ))
    .expect("valid regex")
});
/// Year first with a month name, as bibliographic metadata writes it ("2024 Jun 30").
static YEAR_MONTH_DAY: LazyLock<Regex> = LazyLock::new(|| {
    let months = &*MONTH_ALT;
    Regex::new(&format!(r"(?i)\b(\d{{4}})\s+({months})\.?\s+(\d{{1,2}})\b")).expect("valid regex")
});
static CJK_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日").expect("valid regex")
});
static NUMERIC_DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(\d{1,2})([/.])(\d{1,2})[/.](\d{4})\b").expect("valid regex"));
static URL_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"/((?:19|20)\d{2})[/-]?(\d{2})[/-]?(\d{2})(?:/|[-_]|\.html?|$)")
        .expect("valid regex")
});
static URL_DATE_DMY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"[/~]((?:0[1-9]|[12]\d|3[01]))-((?:0[1-9]|1[0-2]))-((?:19|20)\d{2})(?:[-_/]|\.html?|$)",
    )
    .expect("valid regex")
});
static URL_DATE_SLASHED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"/((?:19|20)\d{2})/(\d{1,2})/(\d{1,2})/").expect("valid regex"));

/// True when `s` holds four ASCII digits in a row, which every date shape read here
/// needs for its year: a cheap test that spares the regexes most text.
fn has_year_digits(s: &str) -> bool {
    let mut run = 0;
    for b in s.bytes() {
        if b.is_ascii_digit() {
            run += 1;
            if run >= 4 {
                return true;
            }
        } else {
            run = 0;
        }
    }
    false
}

/// A date found in `s` together with the byte range it occupies.
pub fn find_date(s: &str) -> Option<(NaiveDate, usize, usize)> {
    if !has_year_digits(s) {
        return None;
    }
    if let Some(c) = ISO_DATE.captures(s) {
        let m: u32 = c[2].parse().ok()?;
        if let Some(d) = ymd(&c[1], m, &c[3]) {
            let all = c.get(0)?;
            return Some((d, all.start(), all.end()));
        }
    }
    if let Some(c) = DAY_MONTH_YEAR.captures(s) {
        if let Some(d) = month_number(&c[2]).and_then(|m| ymd(&c[3], m, &c[1])) {
            let all = c.get(0)?;
            return Some((d, all.start(), all.end()));
        }
    }
    if let Some(c) = MONTH_DAY_YEAR.captures(s) {
        if let Some(d) = month_number(&c[1]).and_then(|m| ymd(&c[3], m, &c[2])) {
            let all = c.get(0)?;
            return Some((d, all.start(), all.end()));
        }
    }
    if let Some(c) = YEAR_MONTH_DAY.captures(s) {
        if let Some(d) = month_number(&c[2]).and_then(|m| ymd(&c[1], m, &c[3])) {
            let all = c.get(0)?;
            return Some((d, all.start(), all.end()));
        }
    }
    if let Some(c) = CJK_DATE.captures(s) {
        let m: u32 = c[2].parse().ok()?;
        if let Some(d) = ymd(&c[1], m, &c[3]) {
            let all = c.get(0)?;
            return Some((d, all.start(), all.end()));
        }
    }
    if let Some(c) = NUMERIC_DATE.captures(s) {
        let a: u32 = c[1].parse().ok()?;
        let b: u32 = c[3].parse().ok()?;
        // Dotted dates are day-first; slashed ones only when the order is unambiguous.
        let (day, month) = if &c[2] == "." || a > 12 {
            (a, b)
        } else if b > 12 {
            (b, a)
        } else {
            return None;
        };
        if let Some(d) = ymd(&c[4], month, &day.to_string()) {
            let all = c.get(0)?;
            return Some((d, all.start(), all.end()));
        }
    }
    None
}

/// Every date written in `s` with the byte offset where it starts, in text order: the
/// shapes [`find_date`] reads plus day-first dates with a two-digit year; a slashed date
/// whose order is ambiguous ("04/05/2021") counts in both readings. For asking whether
/// a text shows a given date, not for choosing one.
pub fn all_dates(s: &str) -> Vec<(NaiveDate, usize)> {
    let mut out = Vec::new();
    if !s.bytes().any(|b| b.is_ascii_digit()) {
        return out;
    }
    let at = |c: &regex::Captures| c.get(0).map_or(0, |m| m.start());
    if has_year_digits(s) {
        for c in ISO_DATE.captures_iter(s) {
            let d = c[2].parse().ok().and_then(|m| ymd(&c[1], m, &c[3]));
            out.extend(d.map(|d| (d, at(&c))));
        }
        for c in DAY_MONTH_YEAR.captures_iter(s) {
            let d = month_number(&c[2]).and_then(|m| ymd(&c[3], m, &c[1]));
            out.extend(d.map(|d| (d, at(&c))));
        }
        for c in MONTH_DAY_YEAR.captures_iter(s) {
            let d = month_number(&c[1]).and_then(|m| ymd(&c[3], m, &c[2]));
            out.extend(d.map(|d| (d, at(&c))));
        }
        for c in YEAR_MONTH_DAY.captures_iter(s) {
            let d = month_number(&c[2]).and_then(|m| ymd(&c[1], m, &c[3]));
            out.extend(d.map(|d| (d, at(&c))));
        }
        for c in CJK_DATE.captures_iter(s) {
            let d = c[2].parse().ok().and_then(|m| ymd(&c[1], m, &c[3]));
            out.extend(d.map(|d| (d, at(&c))));
        }
        for c in NUMERIC_DATE.captures_iter(s) {
            let (Ok(a), Ok(b)) = (c[1].parse::<u32>(), c[3].parse::<u32>()) else {
                continue;
            };
            out.extend(ymd(&c[4], b, &a.to_string()).map(|d| (d, at(&c))));
            if &c[2] == "/" {
                out.extend(ymd(&c[4], a, &b.to_string()).map(|d| (d, at(&c))));
            }
        }
    }
    for c in SHORT_DOTTED.captures_iter(s) {
        let d = c[2]
            .parse()
            .ok()
            .and_then(|m| ymd(&format!("20{}", &c[3]), m, &c[1]));
        out.extend(d.map(|d| (d, at(&c))));
    }
    out.sort_by_key(|&(_, start)| start);
    out
}

static SHORT_DOTTED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(\d{1,2})\.(\d{1,2})\.(\d{2})\b").expect("valid regex"));

/// Like [`parse_date`], and also day-first dates with a two-digit year ("28.01.22", read
/// as 2022): for text that is known to show a date, never for prose.
pub fn parse_date_lenient(s: &str) -> Option<NaiveDate> {
    parse_date(s).or_else(|| {
        let c = SHORT_DOTTED.captures(s)?;
        let m: u32 = c[2].parse().ok()?;
        ymd(&format!("20{}", &c[3]), m, &c[1])
    })
}

/// Parses a date from a metadata value (ISO timestamps, "March 3, 2026", ...).
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    find_date(s).map(|(d, _, _)| d)
}

/// A publication date encoded in a URL path such as `/2022/01/09/`.
pub fn date_from_url(url: &str) -> Option<NaiveDate> {
    let path = url.split_once("://").map_or(url, |(_, rest)| rest);
    for re in [&*URL_DATE_SLASHED, &*URL_DATE] {
        if let Some(c) = re.captures(path) {
            let m: u32 = c[2].parse().ok()?;
            if let Some(d) = ymd(&c[1], m, &c[3]) {
                return Some(d);
            }
        }
    }
    // Day-first slugs ("/29-10-2021", "/~02-01-2022-title").
    let c = URL_DATE_DMY.captures(path)?;
    let m: u32 = c[2].parse().ok()?;
    ymd(&c[3], m, &c[1])
}

static TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:a\.?m\.?|p\.?m\.?)?(?:\s*\(?(?:gmt|utc|est|edt|cet|cest|bst|pst|pdt|et|ist|msk)\)?(?:\s*[+-]\s*\d{1,4})?)?")
        .expect("valid regex")
});

static DAY_MONTH: LazyLock<Regex> = LazyLock::new(|| {
    let months = &*MONTH_ALT;
    Regex::new(&format!(r"(?i)^\W*(?:\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{months})\.?|(?:{months})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?)\W*$"))
        .expect("valid regex")
});

/// True for a bare day and month without a year ("20 November", "Nov. 20").
pub fn is_day_month(line: &str) -> bool {
    line.len() <= 30 && DAY_MONTH.is_match(line)
}

/// The days of the week, lower-case.
pub(crate) const WEEKDAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// Words that may accompany a date on a metadata-only line (besides [`WEEKDAYS`]).
const DATELINE_WORDS: &[&str] = &[
    "published",
    "updated",
    "posted",
    "last",
    "on",
    "at",
    "modified",
    "date",
    "time",
    "am",
    "pm",
    "mon",
    "tue",
    "tues",
    "wed",
    "thu",
    "thur",
    "thurs",
    "fri",
    "sat",
    "sun",
    "gmt",
    "utc",
    "et",
    "edited",
    "first",
    "created",
    "min",
    "mins",
    "minute",
    "minutes",
    "read",
    "ago",
];

/// The date of a line that carries only metadata (a dateline such as
/// "World | Tuesday 03/March/2026 09:12 AM"), or `None` when the line is prose.
pub fn dateline(line: &str) -> Option<NaiveDate> {
    if line.chars().count() > 90 {
        return None;
    }
    let (date, start, end) = find_date(line)?;
    let rest = format!("{} {}", &line[..start], &line[end..]);
    let rest = TIME.replace_all(&rest, " ");
    let mut extra = 0;
    for (_, w) in text::words(&rest) {
        let lower = w.to_lowercase();
        if DATELINE_WORDS.contains(&lower.as_str())
            || WEEKDAYS.contains(&lower.as_str())
            || w.chars().all(|c| c.is_ascii_digit())
        {
            continue;
        }
        extra += 1;
    }
    // One or two leftover words are a section label ("World", "Middle East").
    (extra <= 2).then_some(date)
}

/// Words that mark an organisation, a desk or a role rather than a person.
const NOT_PERSON: &[&str] = &[
    "staff",
    "news",
    "newsroom",
    "agency",
    "agencies",
    "press",
    "reporter",
    "reporters",
    "correspondent",
    "correspondents",
    "editor",
    "editors",
    "editorial",
    "desk",
    "team",
    "online",
    "digital",
    "media",
    "times",
    "post",
    "daily",
    "herald",
    "tribune",
    "journal",
    "gazette",
    "network",
    "service",
    "services",
    "wire",
    "wires",
    "bureau",
    "group",
    "tv",
    "radio",
    "channel",
    "reuters",
    "associated",
    "afp",
    "ap",
    "dpa",
    "bbc",
    "cnn",
    "admin",
    "administrator",
    "contributor",
    "contributors",
    "writer",
    "writers",
    "guest",
    "author",
    "world",
    "magazine",
    "the",
    "report",
    "reports",
    "international",
    "national",
    "sports",
    "business",
    "politics",
    "inc",
    "ltd",
    "llc",
    "com",
    "web",
    "website",
    "content",
    "sponsored",
    "partner",
    "photo",
    "photos",
    "video",
    "updated",
    "published",
    "by",
    "read",
    "more",
    "view",
    "profile",
    "email",
    "follow",
    "twitter",
    "opinion",
    "column",
    "columnist",
    "analysis",
    "office",
    "courier",
    "chronicle",
    "observer",
    "guardian",
    "independent",
    "telegraph",
    "mirror",
    "express",
    "star",
    "standard",
    "review",
    "record",
    "examiner",
    "dispatch",
    "bulletin",
    "register",
    "monitor",
    "voice",
    "weekly",
    "today",
    "sentinel",
    "inquirer",
    "enquirer",
    "globe",
    "mail",
    "courant",
    "leader",
    "argus",
    "citizen",
    "republic",
    "nation",
    "insider",
    "wired",
    "feed",
    "digest",
    "blog",
    "newswire",
    "broadcasting",
    "corporation",
    "foundation",
    "institute",
    "university",
    "ministry",
    "department",
    "council",
    "government",
    "company",
    "bio",
    "full",
    "sign",
    "login",
    "official",
    "certified",
    "former",
    "senior",
    "community",
    "development",
    "data",
    "tips",
    "books",
    "pc",
    "clinic",
    "hospital",
    "health",
    "january",
    "february",
    "march",
    "april",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "share",
    "comments",
    "minutes",
    "min",
    "ago",
    // Roles written after a name ("Jane Doe Founder", "Digital-Security Expert").
    "founder",
    "cofounder",
    "co-founder",
    "ceo",
    "expert",
    "specialist",
    "consultant",
    "grader",
    "licensed",
    // Newsroom words in other languages.
    "zeitung",
    "redaktion",
    "nachrichten",
    "rédaction",
    "redacción",
    "redazione",
];

/// Lower-case particles allowed inside a personal name.
const NAME_PARTICLES: &[&str] = &[
    "de", "da", "di", "del", "della", "van", "von", "der", "den", "la", "le", "bin", "al", "el",
    "ibn", "du", "dos", "das", "ter", "st.",
];

/// True when `s` looks like one person's name: two to five capitalised words, no digits,
/// no organisation words.
pub fn is_person_name(s: &str) -> bool {
    let s = s.trim();
    if s.is_empty() || s.len() > 60 || s.chars().any(|c| c.is_ascii_digit()) {
        return false;
    }
    if s.contains(['@', '/', '|', ':', '(', ')', '.']) && !is_initials_name(s) {
        return false;
    }
    let parts: Vec<&str> = s.split_whitespace().collect();
    if !(2..=5).contains(&parts.len()) {
        return false;
    }
    let mut capitalised = 0;
    for part in &parts {
        let lower = part.to_lowercase();
        let bare = lower.trim_matches(|c: char| !c.is_alphabetic());
        if NOT_PERSON.contains(&bare) {
            return false;
        }
        if NAME_PARTICLES.contains(&lower.as_str()) {
            continue;
        }
        if glued(part) {
            return false;
        }
        let mut chars = part.chars();
        let Some(first) = chars.next() else {
            return false;
        };
        if !first.is_uppercase() {
            return false;
        }
        // An all-capitals word longer than an initial reads as an acronym (an outlet).
        let letters: Vec<char> = part.chars().filter(|c| c.is_alphabetic()).collect();
        if letters.len() > 3 && letters.iter().all(|c| c.is_uppercase()) {
            return false;
        }
        if !part
            .chars()
            .all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '\u{2019}' | '.'))
        {
            return false;
        }
        capitalised += 1;
    }
    capitalised >= 2
}

/// True for two words run together ("KimDecember", "BySummer"): a capital after three or
/// more lower-case letters (except after "Mac"), a leading "By", or a trailing month
/// name. Prefixes such as Mc, Mac, De and La pass.
fn glued(word: &str) -> bool {
    let chars: Vec<char> = word.chars().collect();
    if chars.len() > 2 && chars[0] == 'B' && chars[1] == 'y' && chars[2].is_uppercase() {
        return true;
    }
    let lower = word.to_lowercase();
    if ENGLISH_MONTHS
        .iter()
        .any(|m| lower.len() > m.len() && lower.ends_with(m))
    {
        return true;
    }
    let mut lower_run = 0;
    for (i, c) in chars.iter().enumerate() {
        if c.is_uppercase() && i > 0 && lower_run >= 3 && !(i == 3 && chars[..3] == ['M', 'a', 'c'])
        {
            return true;
        }
        lower_run = if c.is_lowercase() { lower_run + 1 } else { 0 };
    }
    false
}

fn is_initials_name(s: &str) -> bool {
    // "J. R. Smith" or "Mary J. Blige": dots only right after a single capital letter.
    s.split_whitespace().all(|w| {
        !w.contains('.')
            || (w.chars().count() == 2 && w.ends_with('.') && w.starts_with(char::is_uppercase))
    }) && !s.contains(['@', '/', '|', ':', '(', ')'])
}

/// The people named in a byline such as "By Jane Doe and John Roe, Reuters", joined by
/// ", "; `None` when no part is a person's name.
pub fn person_byline(s: &str) -> Option<String> {
    let s = strip_by_prefix(s);
    let mut people: Vec<String> = Vec::new();
    for part in s.split([',', ';', '&', '|', '\u{b7}', '\u{2022}']) {
        for piece in part.split(" and ") {
            let piece = piece.trim().trim_matches(|c: char| !c.is_alphabetic());
            let mut words: Vec<&str> = piece.split_whitespace().collect();
            // A month set right after the name ("Jane Doe Jul 3") is the date's.
            if words.len() >= 3 && words.last().is_some_and(|w| month_number(w).is_some()) {
                words.pop();
            }
            let piece = words.join(" ");
            if is_person_name(&piece) && !people.contains(&piece) {
                people.push(piece);
            }
        }
    }
    (!people.is_empty()).then(|| people.join(", "))
}

/// `s` without a leading "By", "By:" or "Written by".
pub fn strip_by_prefix(s: &str) -> &str {
    strip_prefixes(s, &["written by", "words by", "story by", "by"])
}

/// `s` without a leading word for "by": English, and German, French, Spanish,
/// Portuguese, Italian, Dutch and the Scandinavian languages ("Von", "Par", "Por", "Di",
/// "Door", "Av", "Af"). Only for text known to be a byline (an author element or
/// field): in running text these words open sentences too.
pub fn strip_any_by_prefix(s: &str) -> &str {
    let t = strip_by_prefix(s);
    strip_prefixes(t, &["von", "par", "por", "di", "door", "av", "af"])
}

/// `s` trimmed and without the first of `prefixes` (lower-case) that opens it, followed
/// by a space or a colon.
fn strip_prefixes<'a>(s: &'a str, prefixes: &[&str]) -> &'a str {
    let t = s.trim();
    for prefix in prefixes {
        if t.len() > prefix.len()
            && t.is_char_boundary(prefix.len())
            && t[..prefix.len()].eq_ignore_ascii_case(prefix)
        {
            let rest = &t[prefix.len()..];
            if rest.starts_with([' ', ':', '\u{a0}']) {
                return rest.trim_start_matches([' ', ':', '\u{a0}']).trim();
            }
        }
    }
    t
}

/// The host of a URL without a leading `www.`.
pub fn host(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host.rsplit('@').next()?.split(':').next()?.to_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host).to_string();
    (host.contains('.') && !host.is_empty()).then_some(host)
}

/// True when [`collapse_ws`] would return `s` unchanged.
pub fn is_collapsed(s: &str) -> bool {
    let mut prev_space = true;
    for c in s.chars() {
        let space = c == ' ';
        if (space && prev_space) || (!space && is_folded_space(c)) {
            return false;
        }
        prev_space = space;
    }
    !prev_space || s.is_empty()
}

fn is_folded_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{200b}' || c == '\u{feff}'
}

/// Text with every whitespace run folded to one space and the ends trimmed.
pub fn collapse_ws(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_collapsed(&mut out, s);
    out
}

/// Appends [`collapse_ws`] of `s` to `out`.
///
/// Words already apart by one plain space are copied as one run, so text that is
/// collapsed in stretches (most of it) costs a copy per stretch, not per word; ASCII
/// bytes are told apart without decoding.
pub fn push_collapsed(out: &mut String, s: &str) {
    let bytes = s.as_bytes();
    let mut first = true;
    let mut flush = |out: &mut String, run: &str| {
        if !first {
            out.push(' ');
        }
        first = false;
        out.push_str(run);
    };
    // The run being gathered starts at `run`; its last word ends at `end`.
    let mut run: Option<usize> = None;
    let mut end = 0;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let (space, width) = if b.is_ascii() {
            (matches!(b, b'\t'..=b'\r' | b' '), 1)
        } else {
            let c = s[i..].chars().next().unwrap_or(' ');
            (is_folded_space(c), c.len_utf8())
        };
        if !space {
            match run {
                None => run = Some(i),
                // A gap other than one plain space ends the run.
                Some(start) if i != end && !(i == end + 1 && bytes[end] == b' ') => {
                    flush(out, &s[start..end]);
                    run = Some(i);
                }
                Some(_) => {}
            }
            end = i + width;
        }
        i += width;
    }
    if let Some(start) = run {
        flush(out, &s[start..end]);
    }
}

/// The ISO 639-1 code of an `<html lang>` value ("en-US" -> "en").
pub fn lang_attr(value: &str) -> Option<String> {
    let primary = value.trim().split(['-', '_']).next()?.to_lowercase();
    (primary.len() == 2 && primary.chars().all(|c| c.is_ascii_lowercase())).then_some(primary)
}

/// The ISO 639-1 code of a whatlang language, when it has one.
pub fn iso639_1(lang: whatlang::Lang) -> Option<&'static str> {
    use whatlang::Lang::*;
    Some(match lang {
        Epo => "eo",
        Eng => "en",
        Rus => "ru",
        Cmn => "zh",
        Spa => "es",
        Por => "pt",
        Ita => "it",
        Ben => "bn",
        Fra => "fr",
        Deu => "de",
        Ukr => "uk",
        Kat => "ka",
        Ara => "ar",
        Hin => "hi",
        Jpn => "ja",
        Heb => "he",
        Yid => "yi",
        Pol => "pl",
        Amh => "am",
        Jav => "jv",
        Kor => "ko",
        Nob => "nb",
        Dan => "da",
        Swe => "sv",
        Fin => "fi",
        Tur => "tr",
        Nld => "nl",
        Hun => "hu",
        Ces => "cs",
        Ell => "el",
        Bul => "bg",
        Bel => "be",
        Mar => "mr",
        Kan => "kn",
        Ron => "ro",
        Slv => "sl",
        Hrv => "hr",
        Srp => "sr",
        Mkd => "mk",
        Lit => "lt",
        Lav => "lv",
        Est => "et",
        Tam => "ta",
        Vie => "vi",
        Urd => "ur",
        Tha => "th",
        Guj => "gu",
        Uzb => "uz",
        Pan => "pa",
        Aze => "az",
        Ind => "id",
        Tel => "te",
        Pes => "fa",
        Mal => "ml",
        Ori => "or",
        Mya => "my",
        Nep => "ne",
        Sin => "si",
        Khm => "km",
        Tuk => "tk",
        Aka => "ak",
        Zul => "zu",
        Sna => "sn",
        Afr => "af",
        Lat => "la",
        Slk => "sk",
        Cat => "ca",
        Tgl => "tl",
        Hye => "hy",
        Cym => "cy",
    })
}

/// The language of a body, detected with confidence, as an ISO 639-1 code.
pub fn detect_language(body: &str) -> Option<String> {
    // A few thousand characters are plenty and keep detection cheap on long pages.
    let mut end = body.len().min(4000);
    while !body.is_char_boundary(end) {
        end -= 1;
    }
    let info = whatlang::detect(&body[..end])?;
    if !info.is_reliable() {
        return None;
    }
    iso639_1(info.lang()).map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
    }

    #[test]
    fn every_date_of_a_text() {
        let text = "Erstellt 03.04.2019, geändert 5 May 2019 und 06/07/2019 (Stand 1.2.22)";
        let dates: Vec<NaiveDate> = all_dates(text).into_iter().map(|(d, _)| d).collect();
        assert_eq!(
            dates,
            vec![
                d(2019, 4, 3),
                d(2019, 5, 5),
                d(2019, 7, 6),
                d(2019, 6, 7),
                d(2022, 2, 1)
            ]
        );
        assert_eq!(all_dates(text).first(), Some(&(d(2019, 4, 3), 9)));
        assert!(all_dates("no digits here").is_empty());
        assert!(all_dates("13/13/2019 and 2019-02-30").is_empty());
    }

    #[test]
    fn dates_in_common_shapes() {
        assert_eq!(parse_date("2026-03-03T10:00:00+01:00"), Some(d(2026, 3, 3)));
        assert_eq!(
            parse_date("Tuesday 03/March/2026 09:12 AM"),
            Some(d(2026, 3, 3))
        );
        assert_eq!(parse_date("March 3, 2026"), Some(d(2026, 3, 3)));
        assert_eq!(
            parse_date("Published Monday 2 March 2026 17:41"),
            Some(d(2026, 3, 2))
        );
        assert_eq!(parse_date("Sept. 14th, 2021"), Some(d(2021, 9, 14)));
        assert_eq!(parse_date("14.09.2021"), Some(d(2021, 9, 14)));
        assert_eq!(parse_date("2024 Jun 30"), Some(d(2024, 6, 30)));
        assert_eq!(parse_date("04/05/2021"), None);
        assert_eq!(parse_date("2026-13-45"), None);
        assert_eq!(parse_date("no date here"), None);
        assert_eq!(parse_date("3 May 21"), None);
        assert!(has_year_digits("x 2021"));
        assert!(!has_year_digits("12 34 567"));
    }

    #[test]
    fn dates_from_urls() {
        assert_eq!(
            date_from_url("https://x.org/world/2022/01/09/talks-open"),
            Some(d(2022, 1, 9))
        );
        assert_eq!(
            date_from_url("https://x.org/news/20220109-talks.html"),
            Some(d(2022, 1, 9))
        );
        assert_eq!(date_from_url("https://x.org/news/article-123456"), None);
        assert_eq!(
            date_from_url("https://x.org/news/~02-01-2022-land-pays"),
            Some(d(2022, 1, 2))
        );
        assert_eq!(date_from_url("https://x.org/news/12-34-2022-x"), None);
    }

    #[test]
    fn datelines_are_metadata_only() {
        assert_eq!(
            dateline("World | Tuesday 03/March/2026 09:12 AM"),
            Some(d(2026, 3, 3))
        );
        assert_eq!(
            dateline("Published Monday 2 March 2026 17:41"),
            Some(d(2026, 3, 2))
        );
        assert_eq!(dateline("2026-03-03"), Some(d(2026, 3, 3)));
        assert_eq!(
            dateline("On March 3, 2026 the council voted to close the old bridge."),
            None
        );
        assert!(is_day_month("20 November"));
        assert!(is_day_month("Nov. 20th"));
        assert!(!is_day_month("20 November people marched"));
    }

    #[test]
    fn person_names_and_bylines() {
        assert!(is_person_name("Jane Doe"));
        assert!(is_person_name("Ana de la Cruz"));
        assert!(is_person_name("J. R. Hartley"));
        assert!(!is_person_name("Staff Reporter"));
        assert!(!is_person_name("DW"));
        assert!(!is_person_name("The Daily Planet"));
        assert!(!is_person_name("NEWS DESK"));
        assert!(!is_person_name("Coastal Courier"));
        assert!(!is_person_name("Luke HarrisDecember"));
        assert!(!is_person_name("ByJane Doe"));
        assert!(!is_person_name("Jane Doe Founder"));
        assert!(!is_person_name("Digital-Security Expert"));
        assert!(!is_person_name("Coastal Zeitung"));
        assert!(is_person_name("Ann McCarthy"));
        assert!(is_person_name("Joe MacDonald"));
        assert_eq!(
            person_byline("By Jane Doe and John Roe, Reuters").as_deref(),
            Some("Jane Doe, John Roe")
        );
        assert_eq!(person_byline("By: DW"), None);
        assert_eq!(person_byline("By Staff"), None);
        assert_eq!(
            person_byline(strip_any_by_prefix("Von Christoph Reisinger")).as_deref(),
            Some("Christoph Reisinger")
        );
        assert_eq!(
            strip_by_prefix("Par ailleurs, le port"),
            "Par ailleurs, le port"
        );
        assert_eq!(
            person_byline("Oleg Parashchak Jul 3, 2025").as_deref(),
            Some("Oleg Parashchak")
        );
        assert_eq!(person_byline("Theresa May").as_deref(), Some("Theresa May"));
    }

    #[test]
    fn collapsed_text_is_recognised() {
        for s in ["", "a", "a b", "one two three"] {
            assert!(is_collapsed(s), "{s:?}");
            assert_eq!(collapse_ws(s), s);
        }
        for s in [" a", "a ", "a  b", "a\tb", "a\u{200b}b", " ", "a\nb"] {
            assert!(!is_collapsed(s), "{s:?}");
            assert_ne!(collapse_ws(s), s);
        }
    }

    #[test]
    fn collapsing_joins_the_words_with_one_space() {
        // What collapsing means, word by word.
        let by_words = |s: &str| {
            s.split(is_folded_space)
                .filter(|w| !w.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
        };
        for s in [
            "",
            " ",
            "a",
            " a b  c ",
            "one two\u{a0}three",
            "x\u{200b}y \u{feff} z",
            "\t\tcafé  naïve\r\nend\u{3000}",
            "a \u{b}b\u{c}c \u{1c}d",
            "ünï cödé ",
            "  lead and trail  ",
        ] {
            assert_eq!(collapse_ws(s), by_words(s), "{s:?}");
            let mut out = String::from("x");
            push_collapsed(&mut out, s);
            assert_eq!(out, format!("x{}", by_words(s)), "{s:?}");
        }
    }

    #[test]
    fn hosts_and_languages() {
        assert_eq!(
            host("https://www.example.org/a/b?c=1").as_deref(),
            Some("example.org")
        );
        assert_eq!(host("not a url"), None);
        assert_eq!(lang_attr("en-US").as_deref(), Some("en"));
        assert_eq!(lang_attr("x"), None);
    }
}
