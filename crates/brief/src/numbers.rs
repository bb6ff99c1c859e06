//! Numbers compared across outlets: mentions grouped by what they count.
//!
//! A claim groups the mentions of one counted thing (`what`; when that is too generic,
//! such as "percent", the next content word of the text is added). It has one value per
//! distinct reported value, and agrees when every pair of the mentions' `[low, high]`
//! ranges overlaps: "about 100,000" and "100,000" agree, "tens of thousands" and
//! "about 100,000" do not (ranges that only touch at an end do not overlap).

use std::collections::{BTreeMap, BTreeSet};

use model::{NumberClaim, NumberMention, NumberValue};

use crate::sim::{Idf, Lexicon, SparseVec};
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

/// At most this many member contexts of a claim are compared with a new mention.
const CONTEXTS_PER_CLAIM: usize = 8;

struct Mention<'a> {
    article: usize,
    start: usize,
    m: &'a NumberMention,
    low: f64,
    high: f64,
    /// Tf-idf vector of the mention's sentence without the mention's own words.
    context: SparseVec,
}

/// Mentions of one counted thing that report one quantity.
struct Claim {
    mentions: Vec<usize>,
    articles: BTreeSet<usize>,
    values: Vec<f64>,
}

/// The numeric claims of a story: cross-outlet ones first, then by number of sources.
///
/// Mentions are first keyed by what they count. One article rarely contradicts itself,
/// so two different values of one key in one article are two quantities ("4 percent
/// over two years", "a port that still exists in ten years"): they open separate claims,
/// and each mention of another article joins the claim whose sentences are closest to
/// its own (tf-idf cosine over the story). While a key has one claim, every other
/// article's mention joins it, as in "about 3,000 workers" against "more than 5,000
/// workers"; once it has several, a mention with a value of its own only joins a claim
/// whose context is at least [`CONTEXT_SIMILARITY`] close, and otherwise opens a claim of
/// its own rather than inventing a disagreement.
pub(crate) fn numbers(story: &Story<'_>, lexicon: &mut Lexicon) -> Vec<NumberClaim> {
    let mut idf = Idf::new(lexicon.len());
    for (i, sentences) in story.sentences.iter().enumerate() {
        if story.is_primary(i) {
            for s in sentences {
                idf.add_document(&s.terms);
            }
        }
    }
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
            let own: BTreeSet<u32> = lexicon.terms(&m.text).into_iter().collect();
            let context = story
                .sentences
                .get(i)
                .and_then(|ss| ss.iter().find(|s| s.start <= m.start && m.start < s.end))
                .map(|s| {
                    let ids: Vec<u32> = s
                        .terms
                        .iter()
                        .copied()
                        .filter(|t| !own.contains(t))
                        .collect();
                    idf.tfidf(&ids).unit()
                })
                .unwrap_or_default();
            by_what.entry(key).or_default().push(Mention {
                article: i,
                start: m.start,
                m,
                low,
                high,
                context,
            });
        }
    }

    let mut out: Vec<(usize, (usize, usize), NumberClaim)> = Vec::new();
    for (what, mut mentions) in by_what {
        mentions.sort_by_key(|x| (x.article, x.start));
        for claim in claims(&mentions) {
            let members: Vec<&Mention<'_>> = claim.mentions.iter().map(|&k| &mentions[k]).collect();
            out.push((
                story.independent(&claim.articles),
                members.first().map_or((0, 0), |x| (x.article, x.start)),
                NumberClaim {
                    what: what.clone(),
                    values: values(story, &members),
                    agree: agree(&members),
                },
            ));
        }
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

/// Tf-idf cosine between mentions' sentences at or above which a mention with a new
/// value joins a claim (and so disagrees with it).
const CONTEXT_SIMILARITY: f64 = 0.1;

/// Splits the mentions of one key (sorted by article) into claims, article by article:
/// the article's mentions and the open claims are paired best first, by context cosine
/// plus one for an already reported value; leftover mentions open new claims.
fn claims(mentions: &[Mention<'_>]) -> Vec<Claim> {
    let mut claims: Vec<Claim> = Vec::new();
    let mut k = 0;
    while k < mentions.len() {
        let article = mentions[k].article;
        let end = mentions[k..]
            .iter()
            .position(|x| x.article != article)
            .map_or(mentions.len(), |p| k + p);
        // While a key has a single claim there is no other quantity to confuse it with.
        let lone = claims.len() == 1;
        let mut pairs: Vec<(f64, usize, usize)> = Vec::new();
        for x in k..end {
            for (c, claim) in claims.iter().enumerate() {
                let same = claim
                    .values
                    .iter()
                    .any(|&v| same_value(v, mentions[x].m.value));
                let sim = claim
                    .mentions
                    .iter()
                    .take(CONTEXTS_PER_CLAIM)
                    .map(|&y| mentions[x].context.cosine(&mentions[y].context))
                    .fold(0.0, f64::max);
                if same || lone || sim >= CONTEXT_SIMILARITY {
                    pairs.push((sim + if same { 1.0 } else { 0.0 }, x, c));
                }
            }
        }
        pairs.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
        let mut placed = BTreeSet::new();
        let mut taken = BTreeSet::new();
        for (_, x, c) in pairs {
            if placed.contains(&x) || taken.contains(&c) {
                continue;
            }
            placed.insert(x);
            taken.insert(c);
            let claim = &mut claims[c];
            claim.mentions.push(x);
            claim.articles.insert(article);
            if !claim
                .values
                .iter()
                .any(|&v| same_value(v, mentions[x].m.value))
            {
                claim.values.push(mentions[x].m.value);
            }
        }
        for (x, mention) in mentions.iter().enumerate().take(end).skip(k) {
            if !placed.contains(&x) {
                claims.push(Claim {
                    mentions: vec![x],
                    articles: BTreeSet::from([article]),
                    values: vec![mention.m.value],
                });
            }
        }
        k = end;
    }
    claims
}

/// One value per distinct reported value, in order of first report, with its articles.
fn values(story: &Story<'_>, members: &[&Mention<'_>]) -> Vec<NumberValue> {
    let mut values: Vec<(f64, String, BTreeSet<usize>)> = Vec::new();
    for x in members {
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
    values
        .into_iter()
        .map(|(value, text, arts)| NumberValue {
            text,
            value,
            article_ids: story.ids(&arts),
        })
        .collect()
}

/// True when every pair of the mentions' ranges overlaps; distinct ranges are compared
/// once, so many mentions of a few values cost little.
fn agree(members: &[&Mention<'_>]) -> bool {
    let mut ranges: Vec<&Mention<'_>> = Vec::new();
    for &x in members {
        if !ranges
            .iter()
            .any(|r| same_value(r.low, x.low) && same_value(r.high, x.high))
        {
            ranges.push(x);
        }
    }
    ranges
        .iter()
        .enumerate()
        .all(|(k, a)| ranges[k + 1..].iter().all(|b| overlap(a, b)))
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
