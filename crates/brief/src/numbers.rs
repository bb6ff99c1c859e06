//! Numbers compared across outlets: mentions grouped by what they count.
//!
//! A claim groups the mentions of one counted thing (`what`; when that is too generic,
//! such as "percent", the next content word of the text is added). It has one value per
//! distinct reported value, and agrees when every pair of the mentions' `[low, high]`
//! ranges overlaps: "about 100,000" and "100,000" agree, "tens of thousands" and
//! "about 100,000" do not (ranges that only touch at an end do not overlap).

use std::collections::{BTreeMap, BTreeSet};

use model::{NumberClaim, NumberMention, NumberValue};

use crate::Story;

/// Counted things too vague to compare on their own.
const GENERIC: &[&str] = &[
    "",
    "amount",
    "figure",
    "item",
    "number",
    "one",
    "ones",
    "per cent",
    "percent",
    "percentage",
    "point",
    "thing",
    "time",
    "times",
    "total",
    "unit",
    "%",
];

/// How many words after a mention are searched for the head term of a generic `what`.
const HEAD_WINDOW: usize = 4;

struct Mention<'a> {
    article: usize,
    start: usize,
    m: &'a NumberMention,
    low: f64,
    high: f64,
}

/// The numeric claims of a story: cross-outlet ones first, then by number of sources.
pub(crate) fn numbers(story: &Story<'_>) -> Vec<NumberClaim> {
    let mut by_what: BTreeMap<String, Vec<Mention<'_>>> = BTreeMap::new();
    for (i, a) in story.articles.iter().enumerate() {
        for m in &a.annotations.numbers {
            if !m.value.is_finite() {
                continue;
            }
            let Some(key) = claim_key(&a.article.body, m) else {
                continue;
            };
            let (mut low, mut high) = (
                if m.low.is_finite() { m.low } else { m.value },
                if m.high.is_finite() { m.high } else { m.value },
            );
            if low > high {
                std::mem::swap(&mut low, &mut high);
            }
            by_what.entry(key).or_default().push(Mention {
                article: i,
                start: m.start,
                m,
                low,
                high,
            });
        }
    }

    let mut out: Vec<(usize, (usize, usize), NumberClaim)> = Vec::new();
    for (what, mut mentions) in by_what {
        mentions.sort_by_key(|x| (x.article, x.start));
        let mut values: Vec<(f64, String, BTreeSet<usize>)> = Vec::new();
        for x in &mentions {
            match values
                .iter_mut()
                .find(|(v, _, _)| same_value(*v, x.m.value))
            {
                Some((_, _, arts)) => {
                    arts.insert(x.article);
                }
                None => values.push((
                    x.m.value,
                    x.m.text.split_whitespace().collect::<Vec<_>>().join(" "),
                    BTreeSet::from([x.article]),
                )),
            }
        }
        let agree = mentions
            .iter()
            .enumerate()
            .all(|(k, a)| mentions[k + 1..].iter().all(|b| overlap(a, b)));
        let articles: BTreeSet<usize> = mentions.iter().map(|x| x.article).collect();
        let first = mentions.first().map_or((0, 0), |x| (x.article, x.start));
        out.push((
            story.independent(&articles),
            first,
            NumberClaim {
                what,
                values: values
                    .into_iter()
                    .map(|(value, text, arts)| NumberValue {
                        text,
                        value,
                        article_ids: story.ids(&arts),
                    })
                    .collect(),
                agree,
            },
        ));
    }
    out.sort_by(|a, b| {
        let cross = |n: usize| n >= 2;
        cross(b.0)
            .cmp(&cross(a.0))
            .then(b.0.cmp(&a.0))
            .then(a.1.cmp(&b.1))
            .then_with(|| a.2.what.cmp(&b.2.what))
    });
    out.into_iter().map(|(_, _, c)| c).collect()
}

/// The grouping key of a mention: its `what`, extended by a nearby content word of the
/// same clause when `what` is generic; `None` when nothing says what is counted.
///
/// The head is the noun an "of" links to the amount ("a raise of 4 percent", "9 percent
/// of the staff"), else the first content word after the amount, else the last before.
fn claim_key(body: &str, m: &NumberMention) -> Option<String> {
    let what = m
        .what
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    if !GENERIC.contains(&what.as_str()) {
        return Some(what);
    }
    let is_head = |w: &String| {
        w.chars().count() >= 2 && !text::is_stopword(w) && w.chars().all(char::is_alphabetic)
    };
    let after = body.get(m.end..).unwrap_or("");
    let after: Vec<String> = text::words(&after[..after.find(CLAUSE_END).unwrap_or(after.len())])
        .take(HEAD_WINDOW)
        .map(|(_, w)| w.to_lowercase())
        .collect();
    let before = body.get(..m.start).unwrap_or("");
    let mut before: Vec<String> =
        text::words(&before[before.rfind(CLAUSE_END).map_or(0, |p| p + 1)..])
            .map(|(_, w)| w.to_lowercase())
            .collect();
    before.reverse();
    before.truncate(HEAD_WINDOW);
    let linked_after = after.first().is_some_and(|w| w == "of");
    let linked_before = before.first().is_some_and(|w| w == "of");
    let head = if linked_after {
        after.iter().find(|w| is_head(w))
    } else if linked_before {
        before.iter().find(|w| is_head(w))
    } else {
        after
            .iter()
            .find(|w| is_head(w))
            .or_else(|| before.iter().find(|w| is_head(w)))
    }
    .cloned();
    match head {
        Some(head) if what.is_empty() => Some(head),
        Some(head) => Some(format!("{what} {head}")),
        None if what.is_empty() => None,
        None => Some(what),
    }
}

/// Characters that end the clause a number belongs to.
const CLAUSE_END: &[char] = &['.', '!', '?', ';', ':', '\n', '(', ')'];

fn same_value(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

/// True when two mentions' ranges overlap: they share more than an end point, or one
/// is an exact amount inside the other's range.
fn overlap(a: &Mention<'_>, b: &Mention<'_>) -> bool {
    let lo = a.low.max(b.low);
    let hi = a.high.min(b.high);
    if lo < hi && !same_value(lo, hi) {
        return true;
    }
    let point = |x: &Mention<'_>| same_value(x.low, x.high);
    same_value(lo, hi) && (point(a) || point(b))
}
