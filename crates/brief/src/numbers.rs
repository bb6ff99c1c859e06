//! Numbers compared across outlets: mentions grouped by what they count.
//!
//! A claim groups the mentions of one counted thing (`what`; when that is too generic,
//! such as "percent", the next content word of the text is added). It has one value per
//! distinct reported value, and agrees when every pair of the mentions' `[low, high]`
//! ranges overlaps: "about 100,000" and "100,000" agree, "tens of thousands" and
//! "about 100,000" do not (ranges that only touch at an end do not overlap).

use std::collections::{BTreeMap, BTreeSet};

use model::{NumberClaim, NumberMention, NumberValue};

use crate::dating::Dating;
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

/// A new mention is compared with the first this many claims of its key, and with the
/// first this many claims reporting its value: a hard cap on the pairwise work when one
/// key has very many claims.
const CLAIMS_COMPARED: usize = 64;

/// Longest sentence, in bytes, whose terms make a mention's context; in a longer one (a
/// run-on line) the context is the terms within this many bytes of the mention, so that
/// the contexts of its many mentions do not each hold the whole sentence.
const CONTEXT_BYTES: usize = 2048;

/// Bytes around a mention searched for the head word of a generic `what`: far more than
/// [`HEAD_WINDOW`] words, so that a body without clause ends is not read to its ends
/// for every mention.
const HEAD_BYTES: usize = 512;

struct Mention<'a> {
    article: usize,
    start: usize,
    m: &'a NumberMention,
    low: f64,
    high: f64,
    /// Tf-idf vector of the mention's sentence without the mention's own words.
    context: SparseVec,
    /// The day the mention's sentence names, when it names one: the figure holds then.
    when: Option<String>,
    /// The words of the figure's clause around it ("core prices rose 3.8% over the
    /// year"), shown in place of the bare figure: what is counted and when, in the
    /// outlet's own words, where a label guessed from one nearby word would mislead
    /// ("percent earlier").
    clause: Option<String>,
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
/// its own (tf-idf cosine over the story). A mention with a value of its own joins a
/// claim only when its context is at least [`CONTEXT_SIMILARITY`] close ("about 3,000
/// workers walked off" against "more than 5,000 workers walked off"), and otherwise
/// opens a claim of its own rather than inventing a disagreement: "about 20 miles outside
/// the town" and "about 66 miles above the Earth" count miles of two different things,
/// even when no other mile is mentioned.
pub(crate) fn numbers(
    story: &Story<'_>,
    dating: &Dating,
    lexicon: &mut Lexicon,
) -> Vec<NumberClaim> {
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
        // The days the article's dates name, by start: the day of a mention's sentence
        // is when its figure holds.
        let mut days: Vec<(usize, String)> = dating
            .mentions(story, i)
            .into_iter()
            .filter_map(|d| {
                let v = d.mention.value.as_deref()?;
                (v.len() == 10 && chrono::NaiveDate::parse_from_str(v, "%Y-%m-%d").is_ok())
                    .then(|| (d.mention.start, v.to_string()))
            })
            .collect();
        days.sort();
        for m in &a.annotations.numbers {
            if !m.value.is_finite() || modifies_a_noun(&a.article.body, m) {
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
            let sentence = story.sentences.get(i).and_then(|ss| {
                // Sentences are in body order and do not overlap.
                ss.get(ss.partition_point(|s| s.end <= m.start))
                    .filter(|s| s.start <= m.start && m.start < s.end)
            });
            // The one day the mention's clause names, else the one day its sentence
            // names: "cranes stood idle on Monday after about 3,000 workers walked off
            // on Sunday" gives the 3,000 Sunday.
            let clause =
                sentence.map(|s| clause_of(&a.article.body, (s.start, s.end), (m.start, m.end)));
            let when = sentence.zip(clause).and_then(|(s, (lo, hi))| {
                one_day(&days, lo, hi).or_else(|| one_day(&days, s.start, s.end))
            });
            let clause =
                clause.and_then(|(lo, hi)| shown_clause(&a.article.body, lo, hi, (m.start, m.end)));
            let context = sentence
                .map(|s| {
                    let near;
                    let terms = if s.end - s.start > CONTEXT_BYTES {
                        near = lexicon.terms(around(
                            &a.article.body,
                            m.start.saturating_sub(CONTEXT_BYTES / 2).max(s.start),
                            m.end.saturating_add(CONTEXT_BYTES / 2).min(s.end),
                        ));
                        &near
                    } else {
                        &s.terms
                    };
                    let ids: Vec<u32> =
                        terms.iter().copied().filter(|t| !own.contains(t)).collect();
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
                when,
                clause,
            });
        }
    }

    for mentions in by_what.values_mut() {
        mentions.sort_by_key(|x| (x.article, x.start));
    }
    // Unit -> its mentions under every key, in article order (bounded per article).
    let mut by_unit: BTreeMap<&str, Vec<&Mention<'_>>> = BTreeMap::new();
    for (what, mentions) in &by_what {
        by_unit
            .entry(unit_of(what))
            .or_default()
            .extend(mentions.iter());
    }
    for ms in by_unit.values_mut() {
        ms.sort_by_key(|x| (x.article, x.start));
        let mut kept: Vec<&Mention<'_>> = Vec::with_capacity(ms.len());
        for x in ms.iter() {
            let n = kept
                .iter()
                .rev()
                .take_while(|y| y.article == x.article)
                .count();
            if n < UNIT_MENTIONS_PER_ARTICLE {
                kept.push(x);
            }
        }
        *ms = kept;
    }
    // Each claim as the key it was found under and its members.
    let mut found: Vec<(&str, Vec<&Mention<'_>>)> = Vec::new();
    for (what, mentions) in &by_what {
        for claim in merge_same_values(claims(mentions)) {
            let members: Vec<&Mention<'_>> = claim.mentions.iter().map(|&k| &mentions[k]).collect();
            // An article that itself gives two values in the unit measures two things
            // ("47% after six months … 88% a month after"; the 9 percent asked and the 4
            // percent offered): outlets that pick one each do not disagree, and each
            // value is a quantity of its own.
            if !agree(&members)
                && !only_precision_differs(&members)
                && several_in_unit(
                    &members,
                    by_unit.get(unit_of(what)).map_or(&[][..], Vec::as_slice),
                )
            {
                found.extend(
                    split_by_value(members)
                        .into_iter()
                        .map(|m| (what.as_str(), m)),
                );
            } else {
                found.push((what.as_str(), members));
            }
        }
    }
    let mut out: Vec<(usize, (usize, usize), NumberClaim)> = Vec::new();
    for (what, members) in merge_across_keys(story, found) {
        let articles: BTreeSet<usize> = members.iter().map(|x| x.article).collect();
        let sources = story.independent(&articles);
        if !worth_comparing(what, sources, &members) {
            continue;
        }
        let agree = agree(&members);
        let precision_differs = !agree && only_precision_differs(&members);
        out.push((
            sources,
            members.first().map_or((0, 0), |x| (x.article, x.start)),
            NumberClaim {
                what: what.to_string(),
                label: Some(label_of(what))
                    .filter(|l| *l != what)
                    .unwrap_or_default()
                    .to_string(),
                values: values(story, &members),
                agree: agree || precision_differs,
                precision_differs,
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

/// Counted things that measure time: a single outlet's "eight years" or "six o'clock"
/// dates or frames the story rather than reports a figure.
const TIME_UNITS: &[&str] = &[
    "second",
    "minute",
    "hour",
    "day",
    "week",
    "month",
    "year",
    "decade",
    "century",
    "o'clock",
    "o’clock",
];

/// Smallest figure a single outlet's claim needs to be shown: below it, an exact count
/// from one outlet ("two countries", "30 members") is context, not a figure to compare.
const LONE_FIGURE: f64 = 100.0;

/// At most this many mentions of a unit per article are read to tell whether the
/// article gives several quantities in it: a hard cap on the pairwise work.
const UNIT_MENTIONS_PER_ARTICLE: usize = 16;

/// Largest count that, given alike by every outlet, names the story's parties ("the two
/// sides") rather than reports a figure.
const TRIVIAL_COUNT: f64 = 2.0;

/// Counted things that are measures whatever their size: a share or a sum of money.
const MEASURES: &[&str] = &[
    "percent",
    "per cent",
    "percentage",
    "dollar",
    "euro",
    "pound",
    "yen",
    "yuan",
    "rouble",
    "ruble",
    "rupee",
    "franc",
];

/// Whether a claim is a figure readers compare: carried by two independent sources
/// (unless it is a single unit of time); or, from one source, a share or a sum of money, or a count of at least [`LONE_FIGURE`]
/// that is not a span of time.
fn worth_comparing(what: &str, sources: usize, members: &[&Mention<'_>]) -> bool {
    let head = what.split_whitespace().next().unwrap_or("");
    let unit = head.trim_end_matches('s');
    // A single unit of time ("not one more day", "a year ago") is a turn of phrase, not
    // a figure, however many outlets repeat it.
    if TIME_UNITS.contains(&unit) && members.iter().all(|x| x.m.high <= 1.0) {
        return false;
    }
    // A span of time every outlet gives alike ("a rise over two years") frames the story,
    // and a count of one or two that all give ("the two sides", "both countries") names
    // its parties: neither is a figure to compare.
    if (TIME_UNITS.contains(&unit) || members.iter().all(|x| x.m.high <= TRIVIAL_COUNT))
        && agree(members)
    {
        return false;
    }
    if sources >= 2 {
        return true;
    }
    if MEASURES.iter().any(|m| what.starts_with(m)) {
        return true;
    }
    !TIME_UNITS.contains(&unit) && members.iter().any(|x| x.m.value.abs() >= LONE_FIGURE)
}

/// How wide (high over low) a range must be to be a vague figure ("tens of thousands",
/// "hundreds"), not a hedged precise one ("about 100,000").
const VAGUE_SPAN: f64 = 3.0;

/// How far beyond a vague range (as a factor of its bound) a precise figure may lie and
/// still differ from it only in precision: "about 100,000" against "tens of thousands"
/// (at most 90,000) does; "about 12,000" against it (at least 20,000) does not.
const PRECISION_REACH: f64 = 1.5;

/// True when the ranges that do not overlap differ only in precision: the precise ones
/// agree among themselves, and each lies within [`PRECISION_REACH`] of every vague range
/// (one at least [`VAGUE_SPAN`] wide).
fn only_precision_differs(members: &[&Mention<'_>]) -> bool {
    let vague = |x: &Mention<'_>| x.low > 0.0 && x.high / x.low >= VAGUE_SPAN;
    let (wide, exact): (Vec<&Mention<'_>>, Vec<&Mention<'_>>) =
        members.iter().copied().partition(|x| vague(x));
    if wide.is_empty() || exact.is_empty() || !agree(&exact) {
        return false;
    }
    exact.iter().all(|e| {
        wide.iter()
            .all(|w| e.low <= PRECISION_REACH * w.high && e.high >= w.low / PRECISION_REACH)
    })
}

/// A claim whose values and articles another claim of its key already holds is that
/// quantity again: a second mention of "100,000 troops" in one article opens a claim of
/// its own while pairing (one mention per article and claim), and is folded back here.
fn merge_same_values(claims: Vec<Claim>) -> Vec<Claim> {
    let mut out: Vec<Claim> = Vec::new();
    // Value -> the kept claims reporting it.
    let mut by_value: Values<Vec<usize>> = Values::default();
    for claim in claims {
        let Some(&first) = claim.values.first() else {
            continue;
        };
        let holder = by_value
            .matching(first)
            .flat_map(|(_, cs)| cs.iter().take(CLAIMS_COMPARED).copied())
            .find(|&k| {
                let kept: &Claim = &out[k];
                claim.articles.is_subset(&kept.articles)
                    && claim
                        .values
                        .iter()
                        .all(|&v| kept.values.iter().any(|&w| same_value(v, w)))
            });
        match holder {
            Some(k) => {
                out[k].mentions.extend(claim.mentions);
            }
            None => {
                for &v in &claim.values {
                    by_value.insert(v, Vec::new).push(out.len());
                }
                out.push(claim);
            }
        }
    }
    out
}

/// Tf-idf cosine between mentions' sentences at or above which a mention with a new
/// value joins a claim (and so disagrees with it).
const CONTEXT_SIMILARITY: f64 = 0.1;

/// Splits the mentions of one key (sorted by article) into claims, article by article:
/// the article's mentions and the open claims are paired best first, by context cosine
/// plus one for an already reported value; leftover mentions open new claims.
fn claims(mentions: &[Mention<'_>]) -> Vec<Claim> {
    let mut claims: Vec<Claim> = Vec::new();
    // Value -> the claims reporting it, in order of creation.
    let mut by_value: Values<Vec<usize>> = Values::default();
    let mut k = 0;
    while k < mentions.len() {
        let article = mentions[k].article;
        let end = mentions[k..]
            .iter()
            .position(|x| x.article != article)
            .map_or(mentions.len(), |p| k + p);
        let mut pairs: Vec<(f64, usize, usize)> = Vec::new();
        for x in k..end {
            let mut reporting: Vec<usize> = by_value
                .matching(mentions[x].m.value)
                .flat_map(|(_, cs)| cs.iter().take(CLAIMS_COMPARED).copied())
                .collect();
            reporting.sort_unstable();
            reporting.dedup();
            let mut compared: Vec<usize> = (0..claims.len().min(CLAIMS_COMPARED))
                .chain(reporting.iter().copied())
                .collect();
            compared.sort_unstable();
            compared.dedup();
            for c in compared {
                let claim = &claims[c];
                let same = reporting.binary_search(&c).is_ok();
                let sim = claim
                    .mentions
                    .iter()
                    .take(CONTEXTS_PER_CLAIM)
                    .map(|&y| mentions[x].context.cosine(&mentions[y].context))
                    .fold(0.0, f64::max);
                // A different value on another day is another quantity ("3,000 walked
                // off on Sunday", "5,000 stayed off on Tuesday"), not a disagreement.
                let other_day = || {
                    mentions[x].when.as_ref().is_some_and(|w| {
                        claim
                            .mentions
                            .iter()
                            .any(|&y| mentions[y].when.as_ref().is_some_and(|v| v != w))
                    })
                };
                if same || (sim >= CONTEXT_SIMILARITY && !other_day()) {
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
            let value = mentions[x].m.value;
            let reported = by_value
                .matching(value)
                .any(|(_, cs)| cs.binary_search(&c).is_ok());
            let claim = &mut claims[c];
            claim.mentions.push(x);
            claim.articles.insert(article);
            if !reported {
                claim.values.push(value);
                let list = by_value.insert(value, Vec::new);
                if let Err(p) = list.binary_search(&c) {
                    list.insert(p, c);
                }
            }
        }
        for (x, mention) in mentions.iter().enumerate().take(end).skip(k) {
            if !placed.contains(&x) {
                by_value
                    .insert(mention.m.value, Vec::new)
                    .push(claims.len());
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
    // Value -> its index in `values`: the first value within tolerance is found without
    // a scan.
    let mut index: Values<usize> = Values::default();
    for x in members {
        match index.matching(x.m.value).map(|(_, &i)| i).min() {
            Some(i) => {
                values[i].2.insert(x.article);
            }
            None => {
                index.insert(x.m.value, || values.len());
                let text = x
                    .clause
                    .clone()
                    .unwrap_or_else(|| x.m.text.split_whitespace().collect::<Vec<_>>().join(" "));
                values.push((x.m.value, text, BTreeSet::from([x.article])));
            }
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

/// Words that open a clause of their own.
const CLAUSE_WORDS: &[&str] = &[
    " after ",
    " before ",
    " and ",
    " but ",
    " when ",
    " while ",
    " until ",
    " as ",
    " whereas ",
];

/// The byte range of the clause of `sentence` (a byte range of `body`) holding the
/// mention `at`: cut at punctuation (not a comma inside a figure) and before
/// [`CLAUSE_WORDS`].
fn clause_of(body: &str, sentence: (usize, usize), at: (usize, usize)) -> (usize, usize) {
    // A run-on line is read only near the mention.
    let sentence = (
        ceil_boundary(body, sentence.0.max(at.0.saturating_sub(CLAUSE_REACH))),
        floor_boundary(body, sentence.1.min(at.1.saturating_add(CLAUSE_REACH))),
    );
    if sentence.0 > at.0 || sentence.1 < at.1 {
        return (at.0, at.1);
    }
    let Some(text) = body.get(sentence.0..sentence.1) else {
        return sentence;
    };
    let digit = |i: usize| text.as_bytes().get(i).is_some_and(u8::is_ascii_digit);
    let mut cuts: Vec<usize> = text
        .char_indices()
        .filter(|&(i, c)| {
            matches!(c, ',' | ';' | ':' | '—' | '–' | '(' | ')')
                && !(c == ',' && i > 0 && digit(i - 1) && digit(i + 1))
        })
        .map(|(i, c)| i + c.len_utf8())
        .collect();
    for w in CLAUSE_WORDS {
        cuts.extend(text.match_indices(w).map(|(i, _)| i + 1));
    }
    let (from, to) = (at.0 - sentence.0, at.1.min(sentence.1) - sentence.0);
    let lo = cuts
        .iter()
        .copied()
        .filter(|&c| c <= from)
        .max()
        .unwrap_or(0);
    let hi = cuts
        .iter()
        .copied()
        .filter(|&c| c > to)
        .min()
        .unwrap_or(text.len());
    (sentence.0 + lo, sentence.0 + hi)
}

/// How a claim's `what` is shown to readers: a generic unit's guessed head word
/// ("percent earlier") is only a grouping key, so only the unit is shown, and the
/// values' clauses say what is counted.
fn label_of(what: &str) -> &str {
    let unit = unit_of(what);
    if GENERIC.contains(&unit) {
        unit
    } else {
        what
    }
}

/// Most words of a clause shown for a figure, on each side of it.
const CLAUSE_WORDS_SHOWN: usize = 10;

/// The words of the clause `lo..hi` of `body` around the mention `at`: at most
/// [`CLAUSE_WORDS_SHOWN`] on each side of it, on one line, with an ellipsis where the
/// window rather than the clause ends them; `None` when the clause holds nothing but the
/// figure.
fn shown_clause(body: &str, lo: usize, hi: usize, at: (usize, usize)) -> Option<String> {
    // Byte starts and ends of the words (runs of non-space) of `lo..hi`.
    let words: Vec<(usize, usize)> = {
        let text = body.get(lo..hi)?;
        let mut out = Vec::new();
        let mut start = None;
        for (i, c) in text.char_indices() {
            match (c.is_whitespace(), start) {
                (true, Some(s)) => {
                    out.push((lo + s, lo + i));
                    start = None;
                }
                (false, None) => start = Some(i),
                _ => {}
            }
        }
        if let Some(s) = start {
            out.push((lo + s, hi));
        }
        out
    };
    let before: Vec<&(usize, usize)> = words.iter().filter(|w| w.1 <= at.0).collect();
    let after: Vec<&(usize, usize)> = words.iter().filter(|w| w.0 >= at.1).collect();
    let cut_before = before.len() > CLAUSE_WORDS_SHOWN;
    let cut_after = after.len() > CLAUSE_WORDS_SHOWN;
    let mut before = &before[before.len().saturating_sub(CLAUSE_WORDS_SHOWN)..];
    // The word that opens the clause ("after about 3,000 workers walked off", "and
    // billions of dollars") or a relative pronoun ("which demands …") reads as a
    // dangling start.
    if let Some((first, rest)) = before.split_first() {
        let word = body.get(first.0..first.1).unwrap_or("").to_lowercase();
        let opener = CLAUSE_WORDS.iter().any(|w| w.trim() == word) || word == "or";
        if !cut_before && (opener || matches!(word.as_str(), "which" | "who")) {
            before = rest;
        }
    }
    let from = before.first().map_or(at.0, |w| w.0);
    let to = after
        .get(..after.len().min(CLAUSE_WORDS_SHOWN))
        .and_then(|a| a.last())
        .map_or(at.1, |w| w.1.max(at.1));
    let text = body
        .get(from.min(at.0)..to)?
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let text = text.trim_matches(|c: char| {
        c.is_whitespace() || matches!(c, ',' | ';' | ':' | '—' | '–' | '(' | ')' | '-')
    });
    if text.is_empty() || (from >= at.0 && to <= at.1) {
        return None;
    }
    Some(format!(
        "{}{text}{}",
        if cut_before { "… " } else { "" },
        if cut_after { " …" } else { "" }
    ))
}

/// Bytes on either side of a mention read for its clause.
const CLAUSE_REACH: usize = 512;

/// The one day of `days` (start, value; sorted by start) starting within `lo..hi`, if
/// exactly one.
fn one_day(days: &[(usize, String)], lo: usize, hi: usize) -> Option<String> {
    let from = days.partition_point(|(at, _)| *at < lo);
    let named: BTreeSet<&str> = days[from..]
        .iter()
        .take_while(|(at, _)| *at < hi)
        .take(2 * CONTEXTS_PER_CLAIM)
        .map(|(_, v)| v.as_str())
        .collect();
    (named.len() == 1)
        .then(|| named.into_iter().next().map(str::to_string))
        .flatten()
}

/// The unit of a key: its first word when that is a measure too vague on its own
/// ("percent" of "percent rise"), else the whole key.
fn unit_of(key: &str) -> &str {
    let head = key.split_whitespace().next().unwrap_or("");
    if GENERIC.contains(&head) || MEASURES.contains(&head) {
        head
    } else {
        key
    }
}

/// True when an article of the claim gives, in the claim's unit (under this key or
/// another), a value other than its own in the claim, in words at least
/// [`CONTEXT_SIMILARITY`] like another outlet's member ("wants 9 percent … has offered
/// 4 percent" against "will get 7 percent"): which of that article's quantities the other
/// outlet reports is then a guess from its words, too weak to call the outlets' values a
/// disagreement. A value in unlike words ("used to spend 70 minutes on the detour"
/// beside "the crossing takes 20 minutes") leaves the claim as it is.
fn several_in_unit(members: &[&Mention<'_>], by_unit: &[&Mention<'_>]) -> bool {
    members.iter().any(|own| {
        by_unit.iter().any(|other| {
            other.article == own.article
                && !same_value(other.m.value, own.m.value)
                && members
                    .iter()
                    .filter(|y| y.article != own.article)
                    .take(CONTEXTS_PER_CLAIM)
                    .any(|y| other.context.cosine(&y.context) >= CONTEXT_SIMILARITY)
        })
    })
}

/// The members split into one claim per distinct value, in order of first report.
fn split_by_value<'a, 'm>(members: Vec<&'a Mention<'m>>) -> Vec<Vec<&'a Mention<'m>>> {
    let mut out: Vec<Vec<&Mention<'_>>> = Vec::new();
    for x in members {
        match out
            .iter_mut()
            .find(|c| c.first().is_some_and(|y| same_value(y.m.value, x.m.value)))
        {
            Some(c) => c.push(x),
            None => out.push(vec![x]),
        }
    }
    out
}

/// Claims of one vague unit ("percent rise", "percent pay", "percent guarantee") that
/// report the same single value in like sentences (context cosine at least
/// [`CONTEXT_SIMILARITY`]) are one quantity found under several keys: they are one
/// claim, under the key of its best-carried part. Other claims pass unchanged.
fn merge_across_keys<'k, 'a, 'm>(
    story: &Story<'_>,
    found: Vec<(&'k str, Vec<&'a Mention<'m>>)>,
) -> Vec<(&'k str, Vec<&'a Mention<'m>>)> {
    let single = |ms: &[&Mention<'_>]| {
        ms.first()
            .is_some_and(|f| ms.iter().all(|x| same_value(x.m.value, f.m.value)))
    };
    let sources = |ms: &[&Mention<'_>]| {
        story.independent(&ms.iter().map(|x| x.article).collect::<BTreeSet<usize>>())
    };
    let mut out: Vec<(&str, Vec<&Mention<'_>>)> = Vec::new();
    for (what, members) in found {
        let unit = unit_of(what);
        let into = single(&members)
            .then(|| {
                out.iter().position(|(w, ms)| {
                    *w != what
                        && unit_of(w) == unit
                        && single(ms)
                        && ms
                            .first()
                            .zip(members.first())
                            .is_some_and(|(a, b)| same_value(a.m.value, b.m.value))
                        && ms.iter().take(CONTEXTS_PER_CLAIM).any(|a| {
                            members
                                .iter()
                                .take(CONTEXTS_PER_CLAIM)
                                .any(|b| a.context.cosine(&b.context) >= CONTEXT_SIMILARITY)
                        })
                })
            })
            .flatten();
        match into {
            Some(k) => {
                let (kept, ms) = &mut out[k];
                // The key of the best-carried part names the quantity; a bare unit only
                // when nothing better does.
                let rank = |w: &str, ms: &[&Mention<'_>]| (w != unit_of(w), sources(ms));
                if rank(what, &members) > rank(kept, ms) {
                    *kept = what;
                }
                ms.extend(members);
                ms.sort_by_key(|x| (x.article, x.start));
            }
            None => out.push((what, members)),
        }
    }
    out
}

/// True for a figure joined by a hyphen to a unit of time that qualifies the next noun
/// ("a four-week average", "a two-year deal"): it describes that noun, it is no count.
fn modifies_a_noun(body: &str, m: &NumberMention) -> bool {
    let Some((_, unit)) = m.text.rsplit_once('-') else {
        return false;
    };
    let unit = unit.to_lowercase();
    let unit = unit.trim_end_matches('s');
    TIME_UNITS.contains(&unit)
        && body
            .get(m.end..)
            .and_then(|rest| rest.strip_prefix(' '))
            .is_some_and(|rest| rest.chars().next().is_some_and(char::is_alphabetic))
}

/// True when every pair of the mentions' ranges overlaps; distinct ranges are compared
/// once, so many mentions of a few values cost little.
fn agree(members: &[&Mention<'_>]) -> bool {
    let mut ranges: Vec<&Mention<'_>> = Vec::new();
    // Low end -> the ranges with it, to find a repeated range without a scan.
    let mut by_low: Values<Vec<usize>> = Values::default();
    for &x in members {
        let repeated = by_low
            .matching(x.low)
            .any(|(_, rs)| rs.iter().any(|&r| same_value(ranges[r].high, x.high)));
        if !repeated {
            by_low.insert(x.low, Vec::new).push(ranges.len());
            ranges.push(x);
        }
    }
    // Ranges on a line overlap pairwise when they share more than an end point: decided
    // at once when the largest low end is clearly below the smallest high end, or when
    // the two ranges holding them do not overlap; only the borderline rest is checked
    // pair by pair.
    let (Some(lowest_high), Some(highest_low)) = (
        ranges.iter().min_by(|a, b| a.high.total_cmp(&b.high)),
        ranges.iter().max_by(|a, b| a.low.total_cmp(&b.low)),
    ) else {
        return true;
    };
    let scale = ranges
        .iter()
        .map(|r| r.low.abs().max(r.high.abs()))
        .fold(1.0, f64::max);
    if lowest_high.high - highest_low.low > 1e-9 * scale {
        return true;
    }
    if !overlap(lowest_high, highest_low) {
        return false;
    }
    ranges
        .iter()
        .enumerate()
        .all(|(k, a)| ranges[k + 1..].iter().all(|b| overlap(a, b)))
}

/// Finite values with something attached, found by value within the tolerance of
/// [`same_value`] through an ordered map instead of a scan.
struct Values<T> {
    map: BTreeMap<Key, T>,
}

impl<T> Default for Values<T> {
    fn default() -> Self {
        Values {
            map: BTreeMap::new(),
        }
    }
}

/// An `f64` ordered by [`f64::total_cmp`].
#[derive(Clone, Copy)]
struct Key(f64);

impl PartialEq for Key {
    fn eq(&self, other: &Self) -> bool {
        self.0.total_cmp(&other.0).is_eq()
    }
}

impl Eq for Key {}

impl PartialOrd for Key {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Key {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.total_cmp(&other.0)
    }
}

impl<T> Values<T> {
    /// The entry of exactly `value`, made by `make` when missing.
    fn insert(&mut self, value: f64, make: impl FnOnce() -> T) -> &mut T {
        self.map.entry(Key(value)).or_insert_with(make)
    }

    /// The entries whose value is [`same_value`] as `value`, in ascending value order.
    fn matching(&self, value: f64) -> impl Iterator<Item = (f64, &T)> + '_ {
        // Two values within the tolerance are less than 2e-9 times the larger of one's
        // magnitude and 1 apart, so this range holds every match.
        let reach = 2e-9 * value.abs().max(1.0);
        self.map
            .range(Key(value - reach)..=Key(value + reach))
            .map(|(k, t)| (k.0, t))
            .filter(move |(v, _)| same_value(*v, value))
    }
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
    // A verb form ("holding out for 9 percent") names no counted thing.
    let is_head = |w: &String| {
        w.chars().count() >= 2
            && !text::is_stopword(w)
            && w.chars().all(char::is_alphabetic)
            && !(w.len() > 5 && w.ends_with("ing"))
    };
    let after = body.get(m.end..).unwrap_or("");
    let after = &after[..floor_boundary(after, HEAD_BYTES)];
    // A coordinator starts another noun phrase ("9 percent and a guarantee"): its words
    // name something else.
    let after: Vec<String> = text::words(&after[..after.find(CLAUSE_END).unwrap_or(after.len())])
        .take(HEAD_WINDOW)
        .map(|(_, w)| w.to_lowercase())
        .take_while(|w| !matches!(w.as_str(), "and" | "or" | "but" | "nor"))
        .collect();
    let before = body.get(..m.start).unwrap_or("");
    let before = &before[ceil_boundary(before, before.len().saturating_sub(HEAD_BYTES))..];
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

/// The text of `body` from `from` to `to`, widened to char boundaries and narrowed to
/// whole words (cut at whitespace) where it does not reach the ends of the body.
fn around(body: &str, from: usize, to: usize) -> &str {
    let (from, to) = (ceil_boundary(body, from), floor_boundary(body, to));
    let Some(text) = body.get(from..to.max(from)) else {
        return "";
    };
    let text = if from > 0 {
        text.find(char::is_whitespace).map_or("", |k| &text[k..])
    } else {
        text
    };
    if to < body.len() {
        text.rfind(char::is_whitespace).map_or("", |k| &text[..k])
    } else {
        text
    }
}

/// The largest char boundary of `s` at or below `at`.
fn floor_boundary(s: &str, at: usize) -> usize {
    (0..=at.min(s.len()))
        .rev()
        .find(|&i| s.is_char_boundary(i))
        .unwrap_or(0)
}

/// The smallest char boundary of `s` at or above `at`.
fn ceil_boundary(s: &str, at: usize) -> usize {
    (at.min(s.len())..=s.len())
        .find(|&i| s.is_char_boundary(i))
        .unwrap_or(s.len())
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

#[cfg(test)]
mod tests {
    use super::*;

    /// `shown_clause` over a whole body, the figure found by its text.
    fn shown(body: &str, figure: &str) -> Option<String> {
        let at = body.find(figure).unwrap();
        shown_clause(body, 0, body.len(), (at, at + figure.len()))
    }

    #[test]
    fn a_figure_is_shown_in_the_words_of_its_clause() {
        assert_eq!(
            shown("after about 300 riders left the depot", "about 300 riders").as_deref(),
            Some("about 300 riders left the depot")
        );
        assert_eq!(
            shown("which asks for a rise of 6 percent", "6 percent").as_deref(),
            Some("asks for a rise of 6 percent")
        );
        // A window shorter than the clause is marked where it cuts.
        let long = "one two three four five six seven eight nine ten eleven 40 ferries sailed \
                    past the old pier and the new one and on to the far bank at dusk";
        let got = shown(long, "40 ferries").unwrap();
        assert!(got.starts_with("… two three"), "{got}");
        assert!(got.ends_with(" …"), "{got}");
        // A clause of the figure alone shows nothing more than the figure.
        assert_eq!(shown("40 ferries", "40 ferries"), None);
    }
}
