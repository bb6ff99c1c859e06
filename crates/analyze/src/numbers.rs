//! Numeric claims: quantities with what they count.
//!
//! [`find`] reports amounts written in digits ("100,000", "5-1/2", "$1.5 billion", "3.2%")
//! or in words ("two", "a dozen", "tens of thousands of"), each with the thing it counts
//! (`what`, a lower-case lemma: "troops" gives "troop"), bounds and a hedge flag:
//!
//! - an exact figure has `low == value == high`;
//! - "about", "around", "roughly", "approximately", "some", "an estimated" give ±10 %;
//! - "more than", "over", "at least", "upwards of" give `low = X`, `high = 1.5 X`;
//! - "less than", "fewer than", "under", "up to", "as many as" give `low = X / 1.5`,
//!   `high = X` (not "up to" after a verb of change: "ticked up to 6%" is 6%); "nearly", "almost", "close to" give `0.9 X ..= X`;
//! - vague amounts take the range their words allow: "tens of thousands" is
//!   20,000..=90,000 with the central value 50,000, "hundreds" 200..=900, "dozens"
//!   24..=108; a range "10 to 15" is its bounds with the midpoint as value.
//!
//! For hedged figures `value` stays the figure the text gives (13,000 in "more than
//! 13,000"), so outlets can be compared on what they wrote; the bounds say how far it may
//! be off. The counted noun is found by skipping adjectives and, after vague amounts,
//! "of": "100,000 Russian troops" counts "troop". Money counts its currency ("dollar",
//! "euro", "pound") and percentages count "percent". A number with no counted noun (an
//! age after a name, a bare figure) is not a claim and is left out, as are years, dates,
//! times of day, ordinals, page and model numbers ("page 5", "Nord Stream 2", "COVID-19").

use std::sync::OnceLock;

use model::NumberMention;
use regex::Regex;

#[cfg(test)]
mod tests;

/// Numeric claims of a body, in text order.
pub fn find(body: &str) -> Vec<NumberMention> {
    let tokens = tokenize(body);
    // A claim starts at most a few tokens (a hedge, a currency sign) before a figure:
    // trying `claim_at` only near figure-like tokens keeps the scan linear and cheap.
    let figure_like: Vec<bool> = tokens
        .iter()
        .map(|t| {
            t.is_number() || {
                let lower = t.lower();
                word_value(&lower).is_some()
                    || scale_value(&lower).is_some()
                    || matches!(lower.as_str(), "dozen" | "tens" | "hundreds")
                    || VAGUE.iter().any(|(w, _)| *w == lower)
            }
        })
        .collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        if !figure_like[i..tokens.len().min(i + FIGURE_LOOKAHEAD)]
            .iter()
            .any(|&f| f)
        {
            i += 1;
            continue;
        }
        match claim_at(body, &tokens, i) {
            Some((mention, next)) => {
                out.push(mention);
                i = next.max(i + 1);
            }
            None => i += 1,
        }
    }
    out
}

/// How far after a claim's first token its figure can start ("as many as $5").
const FIGURE_LOOKAHEAD: usize = 5;

/// One token: a number, a word or a single other character, with its byte range.
#[derive(Debug, Clone, Copy)]
struct Token<'a> {
    start: usize,
    end: usize,
    text: &'a str,
}

impl Token<'_> {
    fn is_number(&self) -> bool {
        self.text.starts_with(|c: char| c.is_ascii_digit())
    }

    fn is_word(&self) -> bool {
        self.text.starts_with(char::is_alphabetic)
    }

    fn lower(&self) -> String {
        self.text.to_lowercase()
    }
}

fn tokenize(body: &str) -> Vec<Token<'_>> {
    static TOKEN: OnceLock<Regex> = OnceLock::new();
    let re = TOKEN.get_or_init(|| {
        Regex::new(r"\d+(?:,\d{3})*(?:\.\d+)?|\p{L}+(?:['’]\p{L}+)?|\S")
            .expect("token pattern is valid")
    });
    re.find_iter(body)
        .map(|m| Token {
            start: m.start(),
            end: m.end(),
            text: m.as_str(),
        })
        .collect()
}

/// How a hedge word bends the bounds around a figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Hedge {
    Exact,
    Around,
    Above,
    Below,
    Nearly,
}

const HEDGES: &[(&[&str], Hedge)] = &[
    // Negated comparators first: "no more than five" is at most five.
    (&["no", "more", "than"], Hedge::Below),
    (&["not", "more", "than"], Hedge::Below),
    (&["no", "fewer", "than"], Hedge::Above),
    (&["no", "less", "than"], Hedge::Above),
    (&["not", "less", "than"], Hedge::Above),
    (&["between"], Hedge::Exact),
    (&["an", "estimated"], Hedge::Around),
    (&["estimated"], Hedge::Around),
    (&["about"], Hedge::Around),
    (&["around"], Hedge::Around),
    (&["roughly"], Hedge::Around),
    (&["approximately"], Hedge::Around),
    (&["some"], Hedge::Around),
    (&["more", "than"], Hedge::Above),
    (&["over"], Hedge::Above),
    (&["at", "least"], Hedge::Above),
    (&["upwards", "of"], Hedge::Above),
    (&["just", "over"], Hedge::Above),
    (&["less", "than"], Hedge::Below),
    (&["fewer", "than"], Hedge::Below),
    (&["under"], Hedge::Below),
    (&["up", "to"], Hedge::Below),
    (&["as", "many", "as"], Hedge::Below),
    (&["as", "much", "as"], Hedge::Below),
    (&["nearly"], Hedge::Nearly),
    (&["almost"], Hedge::Nearly),
    (&["close", "to"], Hedge::Nearly),
    (&["just", "under"], Hedge::Nearly),
];

const UNITS: &[(&str, f64)] = &[
    ("zero", 0.0),
    ("one", 1.0),
    ("two", 2.0),
    ("three", 3.0),
    ("four", 4.0),
    ("five", 5.0),
    ("six", 6.0),
    ("seven", 7.0),
    ("eight", 8.0),
    ("nine", 9.0),
    ("ten", 10.0),
    ("eleven", 11.0),
    ("twelve", 12.0),
    ("thirteen", 13.0),
    ("fourteen", 14.0),
    ("fifteen", 15.0),
    ("sixteen", 16.0),
    ("seventeen", 17.0),
    ("eighteen", 18.0),
    ("nineteen", 19.0),
    ("twenty", 20.0),
    ("thirty", 30.0),
    ("forty", 40.0),
    ("fifty", 50.0),
    ("sixty", 60.0),
    ("seventy", 70.0),
    ("eighty", 80.0),
    ("ninety", 90.0),
];

const SCALES: &[(&str, f64)] = &[
    ("hundred", 1e2),
    ("thousand", 1e3),
    ("million", 1e6),
    ("billion", 1e9),
    ("trillion", 1e12),
];

/// Plural scale words that make vague amounts ("thousands of"), with their unit.
const VAGUE: &[(&str, f64)] = &[
    ("dozens", 12.0),
    ("scores", 20.0),
    ("hundreds", 1e2),
    ("thousands", 1e3),
    ("millions", 1e6),
    ("billions", 1e9),
];

const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
];

/// Words before a number that make it a label, not a quantity.
const LABELS: &[&str] = &[
    "page",
    "p",
    "pp",
    "no",
    "number",
    "chapter",
    "section",
    "article",
    "room",
    "flight",
    "route",
    "paragraph",
    "version",
    "episode",
    "season",
    "round",
    "game",
    "level",
    "grade",
    "phase",
    "resolution",
    "line",
    "channel",
    "highway",
    "apartment",
    "suite",
    "gate",
    "platform",
    "table",
    "figure",
    "fig",
    "vol",
    "volume",
    "issue",
    "act",
    "step",
    "stage",
];

/// Words after a number that make it a time of day.
const CLOCK: &[&str] = &[
    "am", "pm", "a", "p", "gmt", "utc", "et", "est", "edt", "bst", "cet", "o'clock", "hrs",
];

fn word_value(word: &str) -> Option<f64> {
    UNITS.iter().find(|(w, _)| *w == word).map(|(_, v)| *v)
}

fn scale_value(word: &str) -> Option<f64> {
    SCALES.iter().find(|(w, _)| *w == word).map(|(_, v)| *v)
}

/// Whether two tokens touch (no space between them).
fn glued(a: &Token<'_>, b: &Token<'_>) -> bool {
    a.end == b.start
}

/// The parsed amount at a position: value, bounds, hedge flag and the next token index.
struct Amount {
    value: f64,
    low: f64,
    high: f64,
    approximate: bool,
    /// Vague plural amounts ("thousands") are followed by "of" and their noun.
    vague: bool,
    next: usize,
}

/// Parses a plain figure in digits or words starting at `i`.
fn figure(body: &str, tokens: &[Token<'_>], i: usize) -> Option<(f64, usize)> {
    let tok = tokens.get(i)?;
    let lower = tok.lower();
    let (mut value, mut next) = if tok.is_number() {
        let digits = tok.text.replace(',', "");
        let mut value: f64 = digits.parse().ok()?;
        let mut next = i + 1;
        // Fractions: "5-1/2", "5 1/2".
        if let [sep, num, slash, den, ..] = tokens.get(i + 1..).unwrap_or_default() {
            let joined = (sep.text == "-" && glued(tok, sep) && glued(sep, num))
                || (sep.is_number() && !glued(tok, sep));
            // The index of the denominator: "5 1/2" is a token shorter than "5-1/2".
            let (num, slash, den, den_at) = if sep.is_number() {
                (sep, num, slash, i + 3)
            } else {
                (num, slash, den, i + 4)
            };
            if joined
                && num.is_number()
                && slash.text == "/"
                && glued(num, slash)
                && glued(slash, den)
                && den.is_number()
            {
                let (n, d): (f64, f64) = (num.text.parse().ok()?, den.text.parse().ok()?);
                if d > 0.0 && n < d {
                    value += n / d;
                    next = den_at + 1;
                }
            }
        }
        (value, next)
    } else if let Some(v) = word_value(&lower) {
        let mut value = v;
        let mut next = i + 1;
        // "twenty-five".
        if v >= 20.0 && v % 10.0 == 0.0 {
            if let [dash, unit, ..] = tokens.get(i + 1..).unwrap_or_default() {
                let unit_value = word_value(&unit.lower()).filter(|u| *u < 10.0 && *u > 0.0);
                if let (true, Some(u)) = (
                    dash.text == "-" && glued(tok, dash) && glued(dash, unit),
                    unit_value,
                ) {
                    value += u;
                    next = i + 3;
                }
            }
        }
        (value, next)
    } else if lower == "dozen" {
        (12.0, i + 1)
    } else if lower == "a" || lower == "an" {
        // "a dozen", "a hundred", "a million".
        let after = tokens.get(i + 1)?.lower();
        let v = if after == "dozen" {
            12.0
        } else {
            scale_value(&after)?
        };
        (v, i + 2)
    } else {
        return None;
    };
    // Scale words: "1.5 billion", "two million", "$3bn".
    while let Some(t) = tokens.get(next) {
        let lower = t.lower();
        let glued_short =
            glued(&tokens[next - 1], t) && matches!(lower.as_str(), "bn" | "m" | "k" | "tn");
        let scale = match lower.as_str() {
            "bn" if glued_short => 1e9,
            "m" if glued_short => 1e6,
            "k" if glued_short => 1e3,
            "tn" if glued_short => 1e12,
            _ => match scale_value(&lower) {
                Some(s) => s,
                None => break,
            },
        };
        // "hundreds of thousands" is vague, not a scale.
        if body.get(t.end..).is_some_and(|r| r.starts_with('s')) {
            break;
        }
        value *= scale;
        next += 1;
    }
    Some((value, next))
}

/// Parses a quantity (hedge, figure or vague amount, range) starting at `i`.
fn amount(body: &str, tokens: &[Token<'_>], i: usize) -> Option<Amount> {
    let tok = tokens.get(i)?;
    let lower = tok.lower();
    // Vague amounts: "tens of thousands of", "hundreds of", "dozens of".
    let of_at = |k: usize| tokens.get(k).is_some_and(|t| t.lower() == "of");
    if lower == "tens" || lower == "hundreds" {
        let base = if lower == "tens" { 10.0 } else { 100.0 };
        if of_at(i + 1) {
            if let Some((_, unit)) = tokens
                .get(i + 2)
                .and_then(|t| VAGUE.iter().find(|(w, _)| *w == t.lower()))
            {
                if *unit >= 1e3 && of_at(i + 3) {
                    let unit = base * unit;
                    return Some(Amount {
                        value: 5.0 * unit,
                        low: 2.0 * unit,
                        high: 9.0 * unit,
                        approximate: true,
                        vague: true,
                        next: i + 3,
                    });
                }
            }
        }
    }
    if let Some((_, unit)) = VAGUE.iter().find(|(w, _)| *w == lower) {
        if of_at(i + 1) {
            let (low, high) = (2.0 * unit, 9.0 * unit);
            return Some(Amount {
                value: 5.0 * unit,
                low,
                high,
                approximate: true,
                vague: true,
                next: i + 1,
            });
        }
    }
    let (value, next) = figure(body, tokens, i)?;
    // Ranges: "10-15", "10 to 15", "between 10 and 15".
    let between = i > 0 && tokens[i - 1].lower() == "between";
    if let Some(sep) = tokens.get(next) {
        let sep_lower = sep.lower();
        let is_range = (sep.text == "-" || sep.text == "–" || sep_lower == "to") && !between
            || (between && sep_lower == "and");
        if is_range
            && tokens
                .get(next + 1)
                .is_some_and(|t| t.is_number() == tok.is_number())
        {
            if let Some((second, after)) = figure(body, tokens, next + 1) {
                // "1.5 to 2 million": the scale of the second figure applies to both.
                let first = if second >= 1e3 * value && value < 1e3 {
                    value * scale_of(second)
                } else {
                    value
                };
                if second > first {
                    return Some(Amount {
                        value: (first + second) / 2.0,
                        low: first,
                        high: second,
                        approximate: true,
                        vague: false,
                        next: after,
                    });
                }
            }
        }
    }
    Some(Amount {
        value,
        low: value,
        high: value,
        approximate: false,
        vague: false,
        next,
    })
}

fn scale_of(value: f64) -> f64 {
    SCALES
        .iter()
        .rev()
        .map(|(_, s)| *s)
        .find(|s| value >= *s)
        .unwrap_or(1.0)
}

/// Stems of verbs of change that take "up" as their particle ("ticked up to 6%", "went
/// up to 40"): after them "up to" gives the level reached, not a ceiling.
const RISE_VERBS: &[&str] = &[
    "tick", "edg", "creep", "crept", "mov", "shot", "shoot", "went", "go", "gone", "jump", "climb",
    "rose", "rise", "risen", "rising", "inch", "ramp", "drift", "surg", "soar", "spik", "crawl",
];

/// True when the "up to" at token `i` is the particle of a verb of change before it.
fn rises_to(tokens: &[Token<'_>], i: usize) -> bool {
    let up = tokens.get(i).is_some_and(|t| t.lower() == "up");
    let verb = i
        .checked_sub(1)
        .and_then(|p| tokens.get(p))
        .map(|t| t.lower());
    up && verb.is_some_and(|v| {
        let stem = v
            .strip_suffix("ed")
            .or_else(|| v.strip_suffix("ing"))
            .or_else(|| v.strip_suffix("es"))
            .or_else(|| v.strip_suffix('s'))
            .unwrap_or(&v);
        RISE_VERBS.contains(&stem) || RISE_VERBS.contains(&v.as_str())
    })
}

fn hedge_at(tokens: &[Token<'_>], i: usize) -> Option<(Hedge, usize)> {
    HEDGES.iter().find_map(|(words, hedge)| {
        let slice = tokens.get(i..i + words.len())?;
        slice
            .iter()
            .zip(words.iter())
            .all(|(t, w)| t.lower() == *w)
            .then_some((*hedge, i + words.len()))
    })
}

/// Whether the figure at `i` is a label, a date part, a time or a model number.
fn is_not_a_quantity(body: &str, tokens: &[Token<'_>], i: usize, end: usize) -> bool {
    let tok = &tokens[i];
    let prev = i.checked_sub(1).and_then(|p| tokens.get(p));
    let next = tokens.get(end);
    if let Some(p) = prev {
        let pl = p.lower();
        if tok.is_number() {
            // Glued to a word or code: "COVID-19", "G7", "F-35", "1/9".
            if glued(p, tok) && (p.is_word() || matches!(p.text, "-" | "/" | "#" | "." | ":")) {
                return true;
            }
            if LABELS.contains(&pl.trim_end_matches('.')) {
                return true;
            }
            // A capitalised word right before a bare figure names a thing ("Nord Stream 2").
            let sentence_start =
                i < 2 || matches!(tokens[i - 2].text, "." | "!" | "?" | "\"" | "“");
            if p.is_word()
                && p.text.starts_with(char::is_uppercase)
                && !sentence_start
                && !tok.text.contains(',')
            {
                return true;
            }
        }
        if MONTHS.contains(&pl.as_str())
            || (p.text == "." && i >= 2 && MONTHS.contains(&tokens[i - 2].lower().as_str()))
        {
            return true;
        }
    }
    if let Some(n) = next {
        let nl = n.lower();
        if MONTHS.contains(&nl.as_str()) && tok.is_number() {
            return true;
        }
        if tok.is_number() && glued(&tokens[end - 1], n) {
            // "17:41", "1/9/2022", "2022-01", "1st", "9th".
            if matches!(n.text, ":" | "/")
                || (n.text == "-" && tokens.get(end + 1).is_some_and(Token::is_number))
            {
                return true;
            }
            if matches!(nl.as_str(), "st" | "nd" | "rd" | "th" | "s") {
                return true;
            }
        }
        if tok.is_number() && CLOCK.contains(&nl.as_str()) {
            return true;
        }
    }
    // Years: four digits from 1900 to 2100 written without a comma.
    if tok.is_number() && end == i + 1 && tok.text.len() == 4 {
        if let Ok(y) = tok.text.parse::<u32>() {
            if (1900..=2100).contains(&y) && body.get(tok.end..).is_none_or(|r| !r.starts_with('%'))
            {
                return true;
            }
        }
    }
    false
}

/// Irregular plurals and nouns whose plural is their singular.
const IRREGULAR: &[(&str, &str)] = &[
    ("people", "people"),
    ("men", "man"),
    ("women", "woman"),
    ("children", "child"),
    ("feet", "foot"),
    ("teeth", "tooth"),
    ("mice", "mouse"),
    ("geese", "goose"),
    ("lives", "life"),
    ("wives", "wife"),
    ("knives", "knife"),
    ("halves", "half"),
    ("leaves", "leaf"),
    ("thieves", "thief"),
    ("crises", "crisis"),
    ("analyses", "analysis"),
    ("series", "series"),
    ("species", "species"),
    ("news", "news"),
    ("police", "police"),
    ("personnel", "personnel"),
    ("staff", "staff"),
    ("aircraft", "aircraft"),
    ("sheep", "sheep"),
    ("fish", "fish"),
    ("deer", "deer"),
    ("cattle", "cattle"),
];

/// Words ending in "s" that are singular.
const SINGULAR_S: &[&str] = &[
    "bus",
    "gas",
    "lens",
    "status",
    "bonus",
    "campus",
    "census",
    "virus",
    "corpus",
    "chaos",
    "basis",
    "axis",
    "thesis",
    "canvas",
    "atlas",
    "alias",
    "iris",
    "yes",
    "this",
    "its",
    "his",
    "us",
    "was",
    "has",
    "is",
    "as",
    "plus",
    "less",
    "across",
    "unless",
    "perhaps",
    "always",
    "towards",
    "afterwards",
];

/// The singular of a lower-case noun, by rule: enough for counted nouns.
pub(crate) fn lemma(word: &str) -> String {
    let w = word.to_lowercase();
    if let Some((_, s)) = IRREGULAR.iter().find(|(p, _)| *p == w) {
        return (*s).to_string();
    }
    if SINGULAR_S.contains(&w.as_str())
        || w.ends_with("ss")
        || w.ends_with("us")
        || w.ends_with("is")
    {
        return w;
    }
    if let Some(stem) = w.strip_suffix("ies") {
        if stem.len() > 1 {
            return format!("{stem}y");
        }
    }
    if let Some(stem) = w.strip_suffix("men") {
        if !stem.is_empty() && !matches!(w.as_str(), "specimen" | "abdomen" | "regimen" | "stamen")
        {
            return format!("{stem}man");
        }
    }
    for suffix in ["ches", "shes", "sses", "xes", "zzes"] {
        if w.ends_with(suffix) {
            return w[..w.len() - 2].to_string();
        }
    }
    match w.strip_suffix('s') {
        Some(stem) if stem.len() > 1 => stem.to_string(),
        _ => w,
    }
}

/// Collective nouns that count like plurals ("13,000 people").
const COLLECTIVE: &[&str] = &["people", "police", "personnel", "staff", "cattle"];

fn is_plural(word: &str) -> bool {
    let w = word.to_lowercase();
    if let Some((p, s)) = IRREGULAR.iter().find(|(p, _)| *p == w) {
        return p != s || COLLECTIVE.contains(p);
    }
    w.len() > 3 && w.ends_with('s') && lemma(&w) != w
}

/// Modifiers that sit between a figure and its noun.
const ADJECTIVES: &[&str] = &[
    "additional",
    "more",
    "other",
    "new",
    "old",
    "extra",
    "armed",
    "military",
    "civilian",
    "foreign",
    "young",
    "local",
    "senior",
    "junior",
    "full",
    "total",
    "further",
    "different",
    "separate",
    "major",
    "minor",
    "small",
    "large",
    "big",
    "top",
    "key",
    "high",
    "low",
    "long",
    "short",
    "straight",
    "consecutive",
    "successive",
    "previous",
    "last",
    "first",
    "next",
    "few",
    "main",
    "active",
    "regular",
    "combat",
    "ground",
    "frontline",
    "innocent",
    "unarmed",
    "wounded",
    "injured",
    "dead",
    "missing",
    "registered",
    "eligible",
    "fresh",
    "estimated",
    "confirmed",
    "reported",
    "known",
    "official",
    "international",
    "national",
    "regional",
    "federal",
    "state",
    "public",
    "private",
    "former",
    "current",
    "annual",
    "daily",
    "weekly",
    "monthly",
    "hard",
    "tough",
    "separatist",
    "rebel",
    "opposition",
    "government",
    "government's",
    "such",
];

/// Words that end the search for a counted noun.
fn is_boundary_word(word: &str) -> bool {
    let w = word.to_lowercase();
    text::is_stopword(&w)
        && !matches!(
            w.as_str(),
            "more" | "other" | "new" | "few" | "last" | "year" | "years"
        )
}

fn looks_adjective(word: &str) -> bool {
    let w = word.to_lowercase();
    ADJECTIVES.contains(&w.as_str())
        || word.starts_with(char::is_uppercase)
        || [
            "ian", "ese", "ish", "ive", "ous", "ful", "ical", "ary", "less",
        ]
        .iter()
        .any(|s| w.ends_with(s) && w.len() > 5)
}

/// Finds the counted noun after a quantity: returns its lemma and the index after it.
fn counted_noun(tokens: &[Token<'_>], mut k: usize, singular: bool) -> Option<(String, usize)> {
    let mut candidates: Vec<usize> = Vec::new();
    // A capitalised plural passed over because a word followed it.
    let mut capital_plural: Option<usize> = None;
    for _ in 0..5 {
        let t = tokens.get(k)?;
        if t.text == "-"
            && tokens.get(k + 1).is_some_and(Token::is_word)
            && glued(&tokens[k - 1], t)
        {
            // A hyphenated compound continues the phrase ("front-line troops").
            k += 1;
            continue;
        }
        if !t.is_word() || is_boundary_word(t.text) {
            break;
        }
        let capital = t.text.starts_with(char::is_uppercase);
        // A capitalised plural is the noun itself ("Ukrainians") unless a lower-case
        // word continues the phrase ("Marines troops" is rare, "Russian troops" common).
        let continues = tokens.get(k + 1).is_some_and(|n| {
            n.is_word() && n.text.starts_with(char::is_lowercase) && !is_boundary_word(n.text)
        });
        if is_plural(t.text) && (!capital || !continues) {
            return Some((lemma(t.text), k + 1));
        }
        if is_plural(t.text) && capital_plural.is_none() {
            capital_plural = Some(k);
        }
        if !looks_adjective(t.text) {
            candidates.push(k);
            if singular {
                return Some((lemma(t.text), k + 1));
            }
        }
        k += 1;
    }
    // No plural after it: the capitalised plural was the noun after all ("hundreds of
    // Afghans desperately trying"); with none, the first plain word of the phrase ("one
    // day", "100,000 troop").
    capital_plural
        .or_else(|| candidates.first().copied())
        .map(|c| (lemma(tokens[c].text), c + 1))
}

fn currency(tok: &Token<'_>) -> Option<&'static str> {
    match tok.text {
        "$" => Some("dollar"),
        "€" => Some("euro"),
        "£" => Some("pound"),
        "¥" => Some("yen"),
        _ => None,
    }
}

/// The numeric claim starting at token `i`, and the index after it.
fn claim_at(body: &str, tokens: &[Token<'_>], i: usize) -> Option<(NumberMention, usize)> {
    let (hedge, mut k) = hedge_at(tokens, i).unwrap_or((Hedge::Exact, i));
    // The figure after "ticked up to" is read on its own, unhedged, from its own token.
    if hedge == Hedge::Below && rises_to(tokens, i) {
        return None;
    }
    let money = tokens.get(k).and_then(currency);
    if money.is_some() {
        k += 1;
    }
    let figure_at = k;
    let first = tokens.get(figure_at)?;
    let starts_figure = first.is_number()
        || word_value(&first.lower()).is_some()
        || matches!(
            first.lower().as_str(),
            "a" | "an" | "dozen" | "tens" | "hundreds"
        )
        || VAGUE.iter().any(|(w, _)| *w == first.lower());
    if !starts_figure {
        return None;
    }
    let amount = amount(body, tokens, figure_at)?;
    if money.is_none() && is_not_a_quantity(body, tokens, figure_at, amount.next) {
        return None;
    }
    let lower_first = first.lower();
    // "one of the", "no one": not a count; "a" and "an" count only with "dozen" or a scale.
    if lower_first == "one" && amount.next == figure_at + 1 {
        let mut prev = figure_at.checked_sub(1).map(|p| tokens[p].lower());
        // "no-one": the word before the hyphen.
        if prev.as_deref() == Some("-") && figure_at >= 2 && glued(&tokens[figure_at - 1], first) {
            prev = Some(tokens[figure_at - 2].lower());
        }
        if tokens.get(amount.next).is_some_and(|t| t.lower() == "of")
            || matches!(
                prev.as_deref(),
                Some("no" | "the" | "this" | "that" | "any" | "every" | "each" | "which")
            )
        {
            return None;
        }
    }
    let mut next = amount.next;
    let (what, end) = if let Some(cur) = money {
        (cur.to_string(), next)
    } else if tokens.get(next).is_some_and(|t| t.text == "%")
        && glued(&tokens[next - 1], &tokens[next])
    {
        next += 1;
        ("percent".to_string(), next)
    } else if tokens
        .get(next)
        .is_some_and(|t| t.lower() == "percent" || t.lower() == "pct")
    {
        ("percent".to_string(), next + 1)
    } else if tokens.get(next).is_some_and(|t| t.lower() == "per")
        && tokens.get(next + 1).is_some_and(|t| t.lower() == "cent")
    {
        ("percent".to_string(), next + 2)
    } else if tokens
        .get(next)
        .is_some_and(|t| t.text == "-" && glued(&tokens[next - 1], t))
        && tokens
            .get(next + 1)
            .is_some_and(|t| t.is_word() && glued(&tokens[next], t))
    {
        // A compound modifier: "five-year", "100-strong" (but not "52-year-old").
        let unit = &tokens[next + 1];
        let aged = tokens
            .get(next + 2)
            .is_some_and(|t| t.text == "-" && glued(unit, t));
        if aged || !unit.text.chars().all(|c| c.is_lowercase()) {
            return None;
        }
        (lemma(unit.text), next + 2)
    } else {
        if amount.vague {
            // "thousands of (the) troops".
            next += 1;
            if tokens.get(next).is_some_and(|t| t.lower() == "the") {
                next += 1;
            }
        }
        counted_noun(tokens, next, amount.value == 1.0 && !amount.vague)?
    };
    // "over three years" is a span of time, not "more than three years".
    let over_span = hedge == Hedge::Above
        && tokens[i].lower() == "over"
        && !first.is_number()
        && matches!(
            what.as_str(),
            "year" | "month" | "week" | "day" | "hour" | "decade" | "minute"
        );
    let (hedge, i) = if over_span {
        (Hedge::Exact, figure_at)
    } else {
        (hedge, i)
    };
    let (value, low, high, approximate) = bounds(&amount, hedge);
    let start = tokens[i].start;
    let end_byte = tokens.get(end.checked_sub(1)?)?.end;
    let text = body.get(start..end_byte)?.to_string();
    Some((
        NumberMention {
            text,
            value,
            low,
            high,
            what,
            approximate,
            start,
            end: end_byte,
        },
        end,
    ))
}

fn bounds(amount: &Amount, hedge: Hedge) -> (f64, f64, f64, bool) {
    let x = amount.value;
    match hedge {
        Hedge::Exact => (x, amount.low, amount.high, amount.approximate),
        Hedge::Around => (
            x,
            amount.low - amount.low / 10.0,
            amount.high + amount.high / 10.0,
            true,
        ),
        Hedge::Above => (x, amount.low, amount.high * 1.5, true),
        Hedge::Below => (x, amount.low / 1.5, amount.high, true),
        Hedge::Nearly => (x, amount.low - amount.low / 10.0, amount.high, true),
    }
}
