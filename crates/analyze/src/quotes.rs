//! Direct and indirect quotes with their speakers.
//!
//! Direct quotes come from quotation marks ([`marks`]). Each is attributed within its
//! sentence, with the quoted text masked so that its words never count as cues: the
//! reporting verb ([`verbs`]) nearest to the quote, and that verb's subject (the nearest
//! person or pronoun before it, else an organisation or place; after it for "said X").
//! Pronouns and descriptions ("the minister") resolve to the most recent compatible
//! person outside quotation marks, with genders taken from first names and learnt from
//! earlier links. A quote with no cue takes the speaker of another quote in its
//! paragraph, and a paragraph that opens with a cue-less quote continues the previous
//! paragraph's speaker.
//!
//! Indirect quotes are sentences without quotation marks of the shapes "X said (that)
//! <clause>", "<clause>, X said" and "<clause>, according to X".

pub mod marks;
pub mod verbs;

use std::collections::BTreeMap;

use model::{EntityKind, EntityMention, Quote, QuoteKind};

use crate::entities::lexicon::{self, Gender};
use verbs::VerbClass;

/// Quotes of a body, in text order, speakers resolved against `entities`.
pub fn find(body: &str, entities: &[EntityMention]) -> Vec<Quote> {
    let paragraphs: Vec<(usize, &str)> = crate::entities::paragraphs(body).collect();
    let spans = marks::find(&paragraphs);
    let masked = mask(body, &spans);
    let ctx = Context {
        body,
        masked: &masked,
        entities,
        spans: &spans,
    };

    let mut found: Vec<Found> = Vec::new();
    for (index, &(base, para)) in paragraphs.iter().enumerate() {
        for (s, e) in text::sentences(&masked[base..base + para.len()]) {
            let (s, e) = (base + s, base + e);
            let inside: Vec<usize> = (0..spans.len())
                .filter(|&k| spans[k].open >= s && spans[k].open < e)
                .collect();
            if inside.is_empty() {
                if let Some(f) = indirect(&ctx, s, e, index) {
                    found.push(f);
                }
            }
            for &k in &inside {
                found.push(direct(&ctx, k, s, e));
            }
        }
    }
    found.sort_by_key(|f| (f.start, f.end));

    // Resolve pronouns and descriptions in text order, learning genders on the way.
    let mut learnt: BTreeMap<String, Gender> = BTreeMap::new();
    let mut speakers: Vec<Option<String>> = Vec::with_capacity(found.len());
    for f in &found {
        speakers.push(ctx.resolve(&f.subject, &mut learnt));
    }

    // Quotes without a cue borrow the speaker of their paragraph or the previous one.
    for k in 0..found.len() {
        if found[k].cue.is_some() || speakers[k].is_some() || found[k].kind != QuoteKind::Direct {
            continue;
        }
        let paragraph = found[k].paragraph;
        let sibling = (0..found.len())
            .filter(|&j| {
                j != k
                    && found[j].paragraph == paragraph
                    && found[j].cue.is_some()
                    && speakers[j].is_some()
            })
            .min_by_key(|&j| (j > k, j.abs_diff(k)));
        if let Some(j) = sibling {
            speakers[k] = speakers[j].clone();
            found[k].cue = found[j].cue.clone();
            continue;
        }
        if found[k].opens_paragraph || found[k].continued {
            let previous = (0..k)
                .rev()
                .find(|&j| found[j].paragraph + 1 == paragraph && speakers[j].is_some());
            let chained = (0..k)
                .rev()
                .find(|&j| found[j].paragraph == paragraph && speakers[j].is_some());
            if let Some(j) = chained.or(previous) {
                speakers[k] = speakers[j].clone();
            }
        }
    }

    found
        .into_iter()
        .zip(speakers)
        .filter(|(f, _)| f.keep())
        .map(|(f, speaker)| Quote {
            text: body[f.start..f.end].to_string(),
            speaker,
            kind: f.kind,
            start: f.start,
            end: f.end,
            cue: f.cue,
        })
        .collect()
}

/// Who a cue's subject is, before pronouns are resolved.
#[derive(Debug, Clone, PartialEq)]
enum Subject {
    None,
    /// A canonical entity name.
    Named(String),
    /// A pronoun or a description of a person at a byte offset, with the gender it
    /// implies; `plural` for "they".
    Anaphor {
        at: usize,
        gender: Option<Gender>,
        plural: bool,
    },
}

#[derive(Debug)]
struct Found {
    start: usize,
    end: usize,
    kind: QuoteKind,
    cue: Option<String>,
    cue_class: Option<VerbClass>,
    subject: Subject,
    paragraph: usize,
    opens_paragraph: bool,
    continued: bool,
    words: usize,
    all_capitalised: bool,
}

impl Found {
    /// Whether a quote is a statement rather than a scare-quoted word or a title.
    fn keep(&self) -> bool {
        if self.kind == QuoteKind::Indirect {
            return true;
        }
        match self.words {
            0 => false,
            1 => self.cue_class == Some(VerbClass::Speech),
            // Titles and names in quotation marks ("Fox News Sunday") are not statements.
            2..=4 if self.all_capitalised => false,
            2 => self.cue_class.is_some(),
            _ => {
                self.cue_class.is_some()
                    || self.continued
                    || !self.all_capitalised
                    || self.subject != Subject::None
            }
        }
    }
}

/// A reporting verb found in a sentence.
#[derive(Debug, Clone)]
struct Cue {
    start: usize,
    end: usize,
    class: VerbClass,
    /// "according to": the source follows the cue.
    according: bool,
}

struct Context<'a> {
    body: &'a str,
    masked: &'a str,
    entities: &'a [EntityMention],
    spans: &'a [marks::Span],
}

/// The body with every quotation (marks included) replaced by `Q`s, so that sentence
/// splitting treats a quote as one word and cues are never read inside quotes.
fn mask(body: &str, spans: &[marks::Span]) -> String {
    let mut bytes = body.as_bytes().to_vec();
    for s in spans {
        if let Some(range) = bytes.get_mut(s.open..s.close) {
            range.fill(b'Q');
        }
    }
    String::from_utf8(bytes).unwrap_or_else(|_| body.to_string())
}

fn starts_with_upper(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

const PREPOSITIONS: &[&str] = &[
    "about", "across", "after", "against", "among", "at", "before", "between", "by", "during",
    "for", "from", "in", "into", "like", "near", "of", "on", "over", "than", "through", "to",
    "toward", "towards", "under", "with", "without", "per", "via", "upon", "within",
];

/// Nouns that, after "the", describe a person speaking ("the minister said").
const DESCRIPTIONS: &[(&str, Option<Gender>)] = &[
    ("adviser", None),
    ("ambassador", None),
    ("candidate", None),
    ("chancellor", None),
    ("chief", None),
    ("diplomat", None),
    ("envoy", None),
    ("governor", None),
    ("leader", None),
    ("minister", None),
    ("negotiator", None),
    ("nominee", None),
    ("official", None),
    ("president", None),
    ("secretary", None),
    ("senator", None),
    ("congressman", Some(Gender::Male)),
    ("congresswoman", Some(Gender::Female)),
    ("spokesman", Some(Gender::Male)),
    ("spokeswoman", Some(Gender::Female)),
    ("spokesperson", None),
    ("mayor", None),
    ("prosecutor", None),
    ("judge", None),
    ("businessman", Some(Gender::Male)),
    ("businesswoman", Some(Gender::Female)),
    ("premier", None),
    ("general", None),
];

impl Context<'_> {
    /// Words of `from..to` outside quotations, with their byte offsets.
    fn words(&self, from: usize, to: usize) -> Vec<(usize, &str)> {
        let Some(slice) = self.masked.get(from..to) else {
            return Vec::new();
        };
        ::text::words(slice)
            .map(|(o, w)| (from + o, w))
            .filter(|&(o, _)| !self.in_quote(o))
            .collect()
    }

    fn in_quote(&self, at: usize) -> bool {
        self.spans.iter().any(|s| at >= s.open && at < s.close)
    }

    /// Reporting verbs of a sentence, outside quotations.
    fn cues(&self, from: usize, to: usize) -> Vec<Cue> {
        let words = self.words(from, to);
        let mut out = Vec::new();
        for (k, &(at, w)) in words.iter().enumerate() {
            let lower = w.to_lowercase();
            if lower == "according" && words.get(k + 1).is_some_and(|&(_, n)| n == "to") {
                let end = words[k + 1].0 + 2;
                out.push(Cue {
                    start: at,
                    end,
                    class: VerbClass::Speech,
                    according: true,
                });
                continue;
            }
            if k > 0 && words[k - 1].1 == "to" {
                continue;
            }
            if let Some((class, _)) = verbs::lookup(&lower) {
                out.push(Cue {
                    start: at,
                    end: at + w.len(),
                    class,
                    according: false,
                });
            }
        }
        out
    }

    /// True when a preposition governs the word at `at` ("in Geneva", "from the West").
    fn after_preposition(&self, at: usize, floor: usize) -> bool {
        let before = self.words(floor, at);
        let is_prep = |w: &str| PREPOSITIONS.contains(&w.to_lowercase().as_str());
        match before.as_slice() {
            [.., (_, p), (_, d)]
                if is_prep(p) && matches!(d.to_lowercase().as_str(), "the" | "a" | "an") =>
            {
                true
            }
            [.., (_, p)] => is_prep(p),
            [] => false,
        }
    }

    /// The subject of a cue found in `from..cue.start`: the nearest person, pronoun or
    /// description, else organisation, else place; an apposition right before the verb
    /// is looked through.
    fn subject_before(&self, from: usize, verb: usize) -> Option<(usize, Subject)> {
        let region = self.masked.get(from..verb)?;
        let trimmed = region.trim_end();
        if let Some(inner) = trimmed.strip_suffix(',') {
            // "X, the lead negotiator, said": look before the apposition first.
            if let Some(comma) = inner.rfind(',') {
                if let Some(found) = self.subject_in(from, from + comma, true) {
                    return Some(found);
                }
            }
        }
        self.subject_in(from, verb, true)
    }

    /// The subject nearest to the end (`last`) or start of `from..to`.
    fn subject_in(&self, from: usize, to: usize, last: bool) -> Option<(usize, Subject)> {
        let mut candidates: Vec<(usize, u8, Subject)> = Vec::new();
        for e in self.entities {
            if e.start < from || e.end > to || self.in_quote(e.start) {
                continue;
            }
            if e.text != e.name && lexicon::demonym(&e.text).is_some() {
                continue;
            }
            let adjacent = self
                .masked
                .get(e.end..to)
                .is_some_and(|rest| rest.trim().is_empty());
            if !adjacent && self.after_preposition(e.start, from) {
                continue;
            }
            let rank = match e.kind {
                EntityKind::Person => 0,
                EntityKind::Organization => 1,
                EntityKind::Place => 2,
                EntityKind::Other => continue,
            };
            candidates.push((e.start, rank, Subject::Named(e.name.clone())));
        }
        let words = self.words(from, to);
        for (k, &(at, w)) in words.iter().enumerate() {
            let lower = w.to_lowercase();
            let anaphor = match lower.as_str() {
                "he" => Some(Subject::Anaphor {
                    at,
                    gender: Some(Gender::Male),
                    plural: false,
                }),
                "she" => Some(Subject::Anaphor {
                    at,
                    gender: Some(Gender::Female),
                    plural: false,
                }),
                "they" => Some(Subject::Anaphor {
                    at,
                    gender: None,
                    plural: true,
                }),
                _ => DESCRIPTIONS
                    .iter()
                    .find(|(d, _)| *d == lower)
                    .and_then(|&(_, gender)| {
                        let the = words[k.saturating_sub(3)..k]
                            .iter()
                            .any(|&(_, p)| p.eq_ignore_ascii_case("the"));
                        let followed_by_name = self
                            .entities
                            .iter()
                            .any(|e| e.start > at && e.start <= at + w.len() + 1);
                        (the && !followed_by_name).then_some(Subject::Anaphor {
                            at,
                            gender,
                            plural: false,
                        })
                    }),
            };
            if let Some(a) = anaphor {
                candidates.push((at, 0, a));
            }
        }
        let best_rank = candidates.iter().map(|c| c.1).min()?;
        let pick = candidates.into_iter().filter(|c| c.1 == best_rank);
        let chosen = if last {
            pick.max_by_key(|c| c.0)
        } else {
            pick.min_by_key(|c| c.0)
        };
        chosen.map(|(at, _, s)| (at, s))
    }

    /// The subject of a cue, looking before the verb and then, for inverted order
    /// ("said Ryabkov") or "according to X", after it.
    fn subject_of(&self, cue: &Cue, left_from: usize, right_to: usize) -> Subject {
        if !cue.according {
            if let Some((_, s)) = self.subject_before(left_from, cue.start) {
                return s;
            }
        }
        // Inverted order ("said Ryabkov"): only when the verb opens its clause.
        if !cue.according && !self.words(left_from, cue.start).is_empty() {
            return Subject::None;
        }
        let words = self.words(cue.end, right_to);
        let limit = words.get(6).map_or(right_to, |&(at, _)| at);
        self.subject_in(cue.end, limit.min(right_to), false)
            .map_or(Subject::None, |(_, s)| s)
    }

    fn resolve(&self, subject: &Subject, learnt: &mut BTreeMap<String, Gender>) -> Option<String> {
        match subject {
            Subject::None => None,
            Subject::Named(name) => Some(name.clone()),
            &Subject::Anaphor {
                at, plural: true, ..
            } => self
                .entities
                .iter()
                .rev()
                .filter(|e| e.start < at && at - e.start < 1500 && !self.in_quote(e.start))
                .find(|e| e.kind == EntityKind::Organization)
                .map(|e| e.name.clone()),
            &Subject::Anaphor { at, gender, .. } => {
                let person = self
                    .entities
                    .iter()
                    .rev()
                    .filter(|e| {
                        e.start < at && e.kind == EntityKind::Person && !self.in_quote(e.start)
                    })
                    .find(|e| {
                        let known = learnt
                            .get(&e.name)
                            .copied()
                            .or_else(|| crate::entities::gender_hint(&e.name));
                        !matches!((gender, known), (Some(a), Some(b)) if a != b)
                    })?;
                if let Some(g) = gender {
                    learnt.entry(person.name.clone()).or_insert(g);
                }
                Some(person.name.clone())
            }
        }
    }

    fn measure(&self, start: usize, end: usize) -> (usize, bool) {
        let words: Vec<&str> = ::text::words(&self.body[start..end])
            .map(|(_, w)| w)
            .collect();
        let caps = words
            .iter()
            .filter(|w| w.chars().any(char::is_alphabetic) && w.len() > 3)
            .all(|w| starts_with_upper(w));
        (words.len(), caps)
    }
}

/// Attributes the direct quote `k` inside the sentence `s..e`.
fn direct(ctx: &Context, k: usize, s: usize, e: usize) -> Found {
    let span = &ctx.spans[k];
    let (words, all_capitalised) = ctx.measure(span.start, span.end);
    let para_start = ctx.body[..span.open].rfind("\n\n").map_or(0, |p| p + 2);
    let mut found = Found {
        start: span.start,
        end: span.end,
        kind: QuoteKind::Direct,
        cue: None,
        cue_class: None,
        subject: Subject::None,
        paragraph: span.paragraph,
        opens_paragraph: ctx.body[para_start..span.open].trim().is_empty(),
        continued: span.continued,
        words,
        all_capitalised,
    };
    let distance = |c: &Cue| {
        if c.start >= span.close {
            (c.start - span.close, 0)
        } else {
            (span.open.saturating_sub(c.end), 1)
        }
    };
    // "“…” — Name": a dash after the quote introduces its source.
    if let Some(rest) = ctx.masked.get(span.close..e) {
        let trimmed = rest.trim_start();
        if trimmed.starts_with(['\u{2015}', '\u{2014}', '\u{2013}', '-']) {
            let dash = span.close + (rest.len() - trimmed.len());
            let name_from = dash + trimmed.chars().next().map_or(1, char::len_utf8);
            let first = ctx
                .entities
                .iter()
                .find(|x| x.start >= name_from && x.start <= name_from + 2);
            if let Some(x) =
                first.filter(|x| matches!(x.kind, EntityKind::Person | EntityKind::Organization))
            {
                found.subject = Subject::Named(x.name.clone());
                return found;
            }
        }
    }
    let mut cues = ctx.cues(s, e);
    cues.sort_by_key(|c| (c.class != VerbClass::Speech, distance(c)));
    let mut fallback: Option<&Cue> = None;
    for cue in &cues {
        // The clause of a cue stops at other quotations.
        let left_from = ctx
            .spans
            .iter()
            .filter(|x| x.close <= cue.start && x.close > s)
            .map(|x| x.close)
            .max()
            .unwrap_or(s);
        let right_to = ctx
            .spans
            .iter()
            .filter(|x| x.open >= cue.end && x.open < e)
            .map(|x| x.open)
            .min()
            .unwrap_or(e);
        let subject = ctx.subject_of(cue, left_from, right_to);
        if subject != Subject::None {
            found.cue = Some(ctx.body[cue.start..cue.end].to_string());
            found.cue_class = Some(cue.class);
            found.subject = subject;
            return found;
        }
        fallback = fallback.or(Some(cue));
    }
    if let Some(cue) = fallback {
        found.cue = Some(ctx.body[cue.start..cue.end].to_string());
        found.cue_class = Some(cue.class);
    }
    found
}

/// Finds reported speech in a sentence without quotation marks.
fn indirect(ctx: &Context, s: usize, e: usize, paragraph: usize) -> Option<Found> {
    let sentence = ctx.masked.get(s..e)?;
    let body_end = s + sentence
        .trim_end_matches(['.', '!', '?', '"', '\'', '\u{201D}', '\u{2019}'])
        .len();
    let words = ctx.words(s, e);
    if words.len() < 6 {
        return None;
    }
    let make = |start: usize, end: usize, cue: &Cue, subject: Subject| {
        let text = ctx.body.get(start..end)?;
        let lead = text.len() - text.trim_start().len();
        let trimmed = text.trim().trim_end_matches(',').trim_end();
        let (start, end) = (start + lead, start + lead + trimmed.len());
        let (n, caps) = ctx.measure(start, end);
        (n >= 4).then(|| Found {
            start,
            end,
            kind: QuoteKind::Indirect,
            cue: Some(ctx.body[cue.start..cue.end].to_string()),
            cue_class: Some(cue.class),
            subject,
            paragraph,
            opens_paragraph: false,
            continued: false,
            words: n,
            all_capitalised: caps,
        })
    };
    let cues: Vec<Cue> = ctx
        .cues(s, e)
        .into_iter()
        .filter(|c| {
            c.according || {
                let w = ctx.body[c.start..c.end].to_lowercase();
                verbs::introduces_clause(&w) && !w.ends_with("ing")
            }
        })
        .collect();
    // "<clause>, X said" and "<clause>, according to X".
    let commas: Vec<usize> = sentence.match_indices(',').map(|(i, _)| s + i).collect();
    for (n, &comma) in commas.iter().enumerate() {
        let seg_end = commas.get(n + 1).copied().unwrap_or(body_end);
        if ctx.words(comma, seg_end).len() > 7 {
            continue;
        }
        for cue in cues.iter().filter(|c| c.start > comma && c.end <= seg_end) {
            let subject = ctx.subject_of(cue, comma + 1, seg_end);
            if subject != Subject::None {
                if let Some(f) = make(s, comma, cue, subject) {
                    return Some(f);
                }
            }
        }
    }
    // "According to X, <clause>".
    if let (Some(cue), Some(&comma)) = (cues.first(), commas.first()) {
        if cue.according && cue.start == words[0].0 {
            let subject = ctx.subject_of(cue, s, comma);
            if subject != Subject::None {
                return make(comma + 1, body_end, cue, subject);
            }
        }
    }
    // "X said (that) <clause>".
    for cue in cues.iter().filter(|c| !c.according && c.start > s) {
        let Some((at, subject)) = ctx.subject_before(s, cue.start) else {
            continue;
        };
        // The subject must be close to its verb: a few words, or an apposition.
        let gap = ctx.words(at, cue.start).len();
        let between = &ctx.masked[at..cue.start];
        if gap > 6 && !between.trim_end().ends_with(',') {
            continue;
        }
        let after = ctx.words(cue.end, body_end);
        let mut from = cue.end;
        let lemma =
            verbs::lookup(&ctx.body[cue.start..cue.end].to_lowercase()).map_or("", |(_, l)| l);
        if let Some(k) = after.iter().take(5).position(|&(_, w)| w == "that") {
            from = after[k].0 + 4;
        } else if !verbs::takes_bare_clause(lemma) {
            continue;
        } else if let Some(&(_, first)) = after.first() {
            if PREPOSITIONS.contains(&first.to_lowercase().as_str()) {
                continue;
            }
            if ctx.body[cue.start..cue.end].eq_ignore_ascii_case("told") {
                // Skip the addressee: one name and words like "reporters".
                let mut k = 0;
                if let Some(e) = ctx.entities.iter().find(|e| e.start == after[0].0) {
                    k = after.iter().take_while(|&&(o, _)| o < e.end).count();
                }
                while after
                    .get(k)
                    .is_some_and(|&(_, w)| ADDRESSEES.contains(&w.to_lowercase().as_str()))
                {
                    k += 1;
                }
                from = after.get(k).map_or(body_end, |&(o, _)| o);
            }
        }
        if ctx.masked[cue.end..from].contains(',') && !ctx.masked[cue.end..from].contains("that") {
            continue;
        }
        if let Some(f) = make(from, body_end, cue, subject) {
            return Some(f);
        }
    }
    None
}

/// Words that make up the addressee of "told" ("told reporters", "told state media").
const ADDRESSEES: &[&str] = &[
    "a",
    "agency",
    "agencies",
    "an",
    "audience",
    "broadcaster",
    "channel",
    "crowd",
    "interviewer",
    "journalists",
    "lawmakers",
    "media",
    "news",
    "newspaper",
    "outlet",
    "parliament",
    "press",
    "radio",
    "reporter",
    "reporters",
    "state",
    "supporters",
    "television",
    "the",
    "tv",
    "us",
    "him",
    "her",
    "them",
    "me",
    "his",
    "their",
    "my",
    "our",
    "local",
    "officials",
    "colleagues",
    "members",
    "daily",
    "magazine",
    "website",
    "network",
];

#[cfg(test)]
mod eval;
#[cfg(test)]
mod tests;
