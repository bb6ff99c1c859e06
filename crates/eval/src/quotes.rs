//! Quote attribution against PolNeAR: [`quotes`] scores [`analyze::quotes::find`] on a
//! PolNeAR split (a folder with `text/` and `attributions/`), reporting precision,
//! recall, F1 and speaker accuracy; with `verbose` the report lists every miss, extra,
//! fragment and wrong speaker.
//!
//! Input. Each PolNeAR text separates paragraphs with single newlines; it is turned into
//! a Chorus body (non-empty lines joined by blank lines) and every gold offset is mapped
//! into that body, so the analysis sees articles shaped as the engine gives them.
//!
//! Gold. Most documents have one annotator file. The two dev documents annotated by six
//! annotators are adjudicated by majority: the attributions of all annotators are
//! grouped (two attributions are the same when their contents overlap by half of the
//! longer), a group marked by at least half of the annotators is gold, and a smaller
//! group is optional: a prediction matching it counts neither for nor against.
//!
//! A gold content is *direct* when part of it lies inside double quotation marks (two
//! straight apostrophes, `''`, count as one double mark, as some archives print them): it
//! holds a mark, or it starts inside a quotation whose marks the annotator left out
//! (transcript paragraphs, `"NAME: ...`). Its *quoted part* is the characters inside
//! the marks; it is *pure* when nothing outside the quoted part is a letter or digit.
//! Discontinuous contents (`"A," he said. "B."`) keep their segments; the *hull* runs
//! from the first segment's start to the last one's end.
//!
//! Matching (corrected rule). A prediction matches a gold content when
//! (a) their ranges overlap by at least half of the longer of the two (prediction
//! against hull), or
//! (b) the prediction lies within the hull (three bytes of slack each side, for marks
//! and a comma) and covers at least half of the gold segments, or at least half of the
//! gold's quoted part.
//! Each gold takes the unused matching prediction with most overlap. A prediction left
//! over that lies within the hull of a matched gold is a *fragment* (the second half of
//! a split quote): it is counted apart, not as a false positive.
//!
//! Legacy rule (the first round's number, printed for comparison): first annotator file
//! only, direct means the content holds a mark, match by (a) only, no fragments.
//!
//! Speaker accuracy is measured on matched pairs whose gold source names someone (has a
//! capitalised word that is not a pronoun, and is not a description opened by an
//! article with a common-noun head such as "the New York businessman", which only
//! coreference can check): the predicted speaker is right when it shares a word of
//! three letters or more with the gold source.
//!
//! Source F1 (the "all attributions: source F1") scores content and source
//! together: a prediction is a source hit when it matches a required gold content and
//! its source is right — the speaker rule above for a named gold source; for a pronoun
//! or a common-noun source ("he", "officials"), which needs coreference to check, any
//! attribution (a speaker or a cue) counts. Source precision divides the hits by the
//! counted predictions, source recall by the required gold. The published PolNeAR
//! figures score source *spans* token by token, without the content; Chorus keeps no
//! source span, so this is the nearest end-to-end measure, never above content F1.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use analyze::quotes::tagger::{self, Tag};
use model::{Quote, QuoteKind};

use crate::EvalError;

pub mod pronouns;
pub mod trust;

#[derive(Debug, Clone)]
struct Gold {
    segments: Vec<(usize, usize)>,
    start: usize,
    end: usize,
    /// Content starts inside or holds a double quotation.
    direct: bool,
    /// Legacy definition: the content text holds a double quotation mark.
    holds_mark: bool,
    pure: bool,
    quoted: Vec<(usize, usize)>,
    source: Option<String>,
    /// The cue words ("said", "according to"), when the annotator marked them.
    cue: Option<String>,
    /// The cue's byte ranges in the body.
    cue_spans: Vec<(usize, usize)>,
    /// The source's byte ranges in the body.
    source_spans: Vec<(usize, usize)>,
    /// A majority of annotators marked it.
    required: bool,
}

/// The text as a Chorus body, and a map from every byte offset of the text to the body.
fn to_body(text: &str) -> (String, Vec<usize>) {
    let mut body = String::with_capacity(text.len() + text.len() / 20);
    let mut map = vec![0; text.len() + 1];
    let mut at = 0;
    let mut pending: Vec<usize> = Vec::new();
    for line in text.split('\n') {
        let line_start = at;
        at += line.len() + 1;
        if line.trim().is_empty() {
            pending.extend(line_start..(line_start + line.len() + 1).min(text.len() + 1));
            continue;
        }
        if !body.is_empty() {
            body.push_str("\n\n");
        }
        for p in pending.drain(..) {
            map[p] = body.len();
        }
        let base = body.len();
        body.push_str(line);
        for k in 0..line.len() {
            map[line_start + k] = base + k;
        }
        if line_start + line.len() <= text.len() {
            map[line_start + line.len()] = base + line.len();
        }
    }
    for p in pending {
        map[p] = body.len();
    }
    (body, map)
}

/// Byte ranges of `body` inside double quotation marks, paragraph by paragraph; a
/// quotation left open runs to the end of its paragraph.
fn quoted_ranges(body: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for (base, para) in paragraphs(body) {
        let mut open: Option<usize> = None;
        let mut skip = false;
        for (i, c) in para.char_indices() {
            if std::mem::take(&mut skip) {
                continue;
            }
            let at = base + i;
            // Two straight apostrophes are one double mark (`''…''`).
            let doubled = c == '\'' && para.get(i + 1..).is_some_and(|r| r.starts_with('\''));
            skip = doubled;
            match (c, open) {
                ('\u{201C}' | '\u{201E}' | '\u{00AB}', None) => open = Some(at + c.len_utf8()),
                ('"', None) => open = Some(at + 1),
                ('\'', None) if doubled => open = Some(at + 2),
                ('\u{201D}' | '\u{00BB}' | '"', Some(o)) => {
                    out.push((o, at));
                    open = None;
                }
                ('\'', Some(o)) if doubled => {
                    out.push((o, at));
                    open = None;
                }
                _ => {}
            }
        }
        if let Some(o) = open {
            out.push((o, base + para.len()));
        }
    }
    out
}

fn intersect(a: &[(usize, usize)], b: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for &(s, e) in a {
        for &(t, u) in b {
            let (lo, hi) = (s.max(t), e.min(u));
            if lo < hi {
                out.push((lo, hi));
            }
        }
    }
    out
}

fn total(ranges: &[(usize, usize)]) -> usize {
    ranges.iter().map(|r| r.1 - r.0).sum()
}

/// Attributions of one annotator file, with offsets mapped into `body`.
fn parse_ann(ann: &str, text: &str, body: &str, map: &[usize]) -> Vec<Gold> {
    let chars: Vec<usize> = text
        .char_indices()
        .map(|(b, _)| b)
        .chain([text.len()])
        .collect();
    let byte = |c: &str| {
        c.parse::<usize>()
            .ok()
            .and_then(|c| chars.get(c))
            .and_then(|&b| map.get(b).copied())
    };
    let mut spans: BTreeMap<&str, Vec<(usize, usize)>> = BTreeMap::new();
    for line in ann.lines().filter(|l| l.starts_with('T')) {
        let mut cols = line.split('\t');
        let (Some(id), Some(info)) = (cols.next(), cols.next()) else {
            continue;
        };
        let Some((_, ranges)) = info.split_once(' ') else {
            continue;
        };
        let mut segments = Vec::new();
        for r in ranges.split(';') {
            let mut it = r.split(' ');
            if let (Some(Some(s)), Some(Some(e))) = (it.next().map(byte), it.next().map(byte)) {
                if s < e {
                    segments.push((s, e));
                }
            }
        }
        if !segments.is_empty() {
            segments.sort_unstable();
            spans.insert(id, segments);
        }
    }
    let quoted_all = quoted_ranges(body);
    let mut out = Vec::new();
    for line in ann.lines().filter(|l| l.starts_with('E')) {
        let Some(args) = line.split('\t').nth(1) else {
            continue;
        };
        let mut content = None;
        let mut source = None;
        let mut cue = None;
        for arg in args.split(' ') {
            match arg.split_once(':') {
                Some(("Content", id)) => content = spans.get(id).cloned(),
                Some(("Source", id)) => source = spans.get(id).cloned(),
                Some(("Cue", id)) => cue = spans.get(id).cloned(),
                _ => {}
            }
        }
        let Some(segments) = content else {
            continue;
        };
        let (start, end) = (segments[0].0, segments[segments.len() - 1].1);
        let Some(hull_text) = body.get(start..end) else {
            continue;
        };
        let holds_mark = hull_text.contains(['"', '\u{201C}', '\u{201D}', '\u{00AB}', '\u{00BB}'])
            || hull_text.contains("''");
        let quoted: Vec<(usize, usize)> = intersect(&segments, &quoted_all)
            .into_iter()
            .filter(|&(s, e)| body.get(s..e).is_some_and(|t| !t.trim().is_empty()))
            .collect();
        let direct = !quoted.is_empty();
        let outside_alnum = segments.iter().any(|&(s, e)| {
            body.get(s..e).is_some_and(|t| {
                t.char_indices().any(|(i, c)| {
                    c.is_alphanumeric() && !quoted.iter().any(|&(a, b)| s + i >= a && s + i < b)
                })
            })
        });
        let join = |segs: Vec<(usize, usize)>| {
            let words: Vec<&str> = segs.iter().filter_map(|&(s, e)| body.get(s..e)).collect();
            (!words.is_empty()).then(|| words.join(" "))
        };
        let source_spans = source.clone().unwrap_or_default();
        let source = source.and_then(join);
        let cue_spans = cue.clone().unwrap_or_default();
        let cue = cue.and_then(join);
        out.push(Gold {
            segments,
            start,
            end,
            direct,
            holds_mark,
            pure: direct && !outside_alnum,
            quoted,
            source,
            cue,
            cue_spans,
            source_spans,
            required: true,
        });
    }
    out
}

fn overlap(a: (usize, usize), b: (usize, usize)) -> usize {
    a.1.min(b.1).saturating_sub(a.0.max(b.0))
}

fn overlaps_half(a: (usize, usize), b: (usize, usize)) -> bool {
    let longer = (a.1 - a.0).max(b.1 - b.0);
    longer > 0 && overlap(a, b) * 2 >= longer
}

fn within_hull(p: (usize, usize), g: &Gold) -> bool {
    p.0 + 3 >= g.start && p.1 <= g.end + 3
}

/// The corrected matching rule; see the module comment.
fn matches(p: (usize, usize), g: &Gold) -> bool {
    if overlaps_half(p, (g.start, g.end)) {
        return true;
    }
    if !within_hull(p, g) {
        return false;
    }
    let seg = total(&g.segments);
    let covered: usize = g.segments.iter().map(|&s| overlap(p, s)).sum();
    let quoted = total(&g.quoted);
    let covered_quoted: usize = g.quoted.iter().map(|&s| overlap(p, s)).sum();
    covered * 2 >= seg || (quoted > 0 && covered_quoted * 2 >= quoted)
}

/// Majority adjudication of several annotators' attributions of one document.
fn adjudicate(annotators: Vec<Vec<Gold>>) -> Vec<Gold> {
    let n = annotators.len();
    if n == 1 {
        return annotators.into_iter().next().unwrap_or_default();
    }
    let mut groups: Vec<(Gold, usize)> = Vec::new();
    for golds in annotators {
        let mut seen = vec![false; groups.len()];
        for g in golds {
            let hit = (0..groups.len()).find(|&k| {
                !seen.get(k).copied().unwrap_or(false)
                    && overlaps_half((g.start, g.end), (groups[k].0.start, groups[k].0.end))
            });
            match hit {
                Some(k) => {
                    if let Some(s) = seen.get_mut(k) {
                        *s = true;
                    }
                    groups[k].1 += 1;
                }
                None => {
                    groups.push((g, 1));
                    seen.push(true);
                }
            }
        }
    }
    let mut out: Vec<Gold> = groups
        .into_iter()
        .map(|(mut g, votes)| {
            g.required = votes * 2 >= n;
            g
        })
        .collect();
    out.sort_by_key(|g| (g.start, g.end));
    out
}

/// The quote with up to 150 bytes either side, for verbose reports.
fn context(body: &str, start: usize, end: usize) -> String {
    let mut lo = start.saturating_sub(150);
    while !body.is_char_boundary(lo) {
        lo -= 1;
    }
    let mut hi = (end + 150).min(body.len());
    while !body.is_char_boundary(hi) {
        hi += 1;
    }
    let part = |a: usize, b: usize| body.get(a..b).unwrap_or_default();
    format!(
        "{}[[{}]]{}",
        part(lo, start),
        part(start, end),
        part(end, hi)
    )
}

const PRONOUNS: &[&str] = &[
    "he", "she", "they", "it", "i", "we", "you", "his", "her", "him", "them",
];

fn names_someone(source: &str) -> bool {
    let words: Vec<&str> = text::words(source).map(|(_, w)| w).collect();
    let pronoun = words.len() == 1 && PRONOUNS.contains(&words[0].to_lowercase().as_str());
    // "the New York businessman", "a narrator in the Clinton ad": a description whose
    // head is a common noun refers to someone only through coreference, however many
    // capitalised modifiers it carries.
    let description = !source.contains(',')
        && words.len() > 1
        && words
            .first()
            .is_some_and(|w| matches!(w.to_lowercase().as_str(), "the" | "a" | "an"))
        && words
            .last()
            .is_some_and(|w| w.chars().next().is_some_and(char::is_lowercase));
    !pronoun
        && !description
        && words
            .iter()
            .skip(1)
            .chain(words.first().filter(|w| !matches!(**w, "The" | "A" | "An")))
            .any(|w| w.chars().next().is_some_and(char::is_uppercase))
}

fn speaker_right(pred: Option<&str>, source: &str) -> bool {
    let Some(pred) = pred else { return false };
    let gold: Vec<String> = text::words(source).map(|(_, w)| w.to_lowercase()).collect();
    if text::words(pred).any(|(_, w)| w.chars().count() >= 3 && gold.contains(&w.to_lowercase())) {
        return true;
    }
    // An acronym of three letters or more in the source for the full name Chorus gives
    // ("The IMF" and "International Monetary Fund", "The S.E.C." and "Securities and
    // Exchange Commission").
    let initials: String = text::words(pred)
        .filter(|(_, w)| w.starts_with(char::is_uppercase))
        .filter_map(|(_, w)| w.chars().next())
        .collect();
    initials.chars().count() >= 3
        && text::words(&source.replace('.', ""))
            .any(|(_, w)| w == initials && w.chars().all(|c| c.is_ascii_uppercase()))
}

/// Counts of one attribution score, and the label it is printed under.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QuoteScore {
    pub label: String,
    /// Required gold attributions.
    pub gold: usize,
    /// Predictions counted for or against (fragments and optional matches excluded).
    pub pred: usize,
    pub matched: usize,
    /// Predictions inside the hull of a matched gold: the second half of a split quote.
    pub fragments: usize,
    /// Predictions matching a gold only a minority of annotators marked.
    pub optional: usize,
    /// Matched pairs whose gold source names someone.
    pub named: usize,
    /// Of those, the pairs whose predicted speaker is right.
    pub named_right: usize,
    /// Matched pairs whose gold source is a pronoun or a common noun phrase.
    pub pronoun_or_nominal: usize,
    /// Matched pairs whose source is right: the speaker of a named source, or any
    /// attribution (a speaker or a cue) for a pronoun or nominal source.
    pub source_right: usize,
}

impl QuoteScore {
    fn new(label: &str) -> Self {
        QuoteScore {
            label: label.to_string(),
            ..QuoteScore::default()
        }
    }

    /// Matched predictions over counted predictions.
    pub fn precision(&self) -> f64 {
        self.matched as f64 / self.pred.max(1) as f64
    }

    /// Matched gold over required gold.
    pub fn recall(&self) -> f64 {
        self.matched as f64 / self.gold.max(1) as f64
    }

    /// The harmonic mean of precision and recall.
    pub fn f1(&self) -> f64 {
        harmonic(self.precision(), self.recall())
    }

    /// Precision when fragments count as false positives.
    pub fn strict_precision(&self) -> f64 {
        self.matched as f64 / (self.pred + self.fragments).max(1) as f64
    }

    /// F1 when fragments count as false positives.
    pub fn strict_f1(&self) -> f64 {
        harmonic(self.strict_precision(), self.recall())
    }

    /// Attributions with the right content and the right source over counted predictions.
    pub fn source_precision(&self) -> f64 {
        self.source_right as f64 / self.pred.max(1) as f64
    }

    /// Attributions with the right content and the right source over required gold.
    pub fn source_recall(&self) -> f64 {
        self.source_right as f64 / self.gold.max(1) as f64
    }

    /// The harmonic mean of source precision and source recall.
    pub fn source_f1(&self) -> f64 {
        harmonic(self.source_precision(), self.source_recall())
    }

    /// The share of named sources whose speaker was found.
    pub fn speaker_accuracy(&self) -> f64 {
        self.named_right as f64 / self.named.max(1) as f64
    }
}

fn harmonic(p: f64, r: f64) -> f64 {
    if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    }
}

impl fmt::Display for QuoteScore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: gold {} pred {} matched {} (+{} fragments, {} optional) | P {:.3} R {:.3} F1 {:.3} (fragments as errors: P {:.3} F1 {:.3}) | source P {:.3} R {:.3} F1 {:.3} | speaker accuracy {:.3} on {} named sources ({} with pronoun/nominal sources not scored)",
            self.label,
            self.gold,
            self.pred,
            self.matched,
            self.fragments,
            self.optional,
            self.precision(),
            self.recall(),
            self.f1(),
            self.strict_precision(),
            self.strict_f1(),
            self.source_precision(),
            self.source_recall(),
            self.source_f1(),
            self.speaker_accuracy(),
            self.named,
            self.pronoun_or_nominal
        )
    }
}

impl QuoteScore {
    fn add(
        &mut self,
        body: &str,
        gold: &[&Gold],
        pred: &[&Quote],
        legacy: bool,
        details: Option<&mut Vec<String>>,
    ) {
        let mut details = details;
        let span = |q: &Quote| (q.start, q.end);
        let fits = |p: (usize, usize), g: &Gold| {
            if legacy {
                overlaps_half(p, (g.start, g.end))
            } else {
                matches(p, g)
            }
        };
        let required: Vec<&Gold> = gold.iter().copied().filter(|g| g.required).collect();
        self.gold += required.len();
        let mut used = vec![false; pred.len()];
        for g in &required {
            let hit = (0..pred.len())
                .filter(|&k| !used[k] && fits(span(pred[k]), g))
                .max_by_key(|&k| {
                    let covered: usize =
                        g.segments.iter().map(|&s| overlap(span(pred[k]), s)).sum();
                    (covered, std::cmp::Reverse(k))
                });
            let Some(k) = hit else {
                if let Some(d) = details.as_deref_mut() {
                    d.push(format!(
                        "MISS {:?} (cue {:?}, source {:?})",
                        body.get(g.start..g.end).unwrap_or_default(),
                        g.cue.as_deref().unwrap_or_default(),
                        g.source.as_deref().unwrap_or_default()
                    ));
                }
                continue;
            };
            used[k] = true;
            self.matched += 1;
            match &g.source {
                Some(source) if names_someone(source) => {
                    self.named += 1;
                    if speaker_right(pred[k].speaker.as_deref(), source) {
                        self.named_right += 1;
                        self.source_right += 1;
                    } else if let Some(d) = details.as_deref_mut() {
                        d.push(format!(
                            "SPEAKER {:?} vs gold {source:?}: {:?}",
                            pred[k].speaker,
                            context(body, pred[k].start, pred[k].end)
                        ));
                    }
                }
                _ => {
                    self.pronoun_or_nominal += 1;
                    if pred[k].speaker.is_some() || pred[k].cue.is_some() {
                        self.source_right += 1;
                    }
                }
            }
        }
        let mut counted = 0;
        for (k, q) in pred.iter().enumerate() {
            if used[k] {
                counted += 1;
                continue;
            }
            if !legacy {
                let p = span(q);
                if required
                    .iter()
                    .any(|g| within_hull(p, g) && overlap(p, (g.start, g.end)) > 0)
                {
                    self.fragments += 1;
                    if let Some(d) = details.as_deref_mut() {
                        d.push(format!("FRAGMENT {:?}", q.text));
                    }
                    continue;
                }
                if gold.iter().any(|g| !g.required && fits(p, g)) {
                    self.optional += 1;
                    continue;
                }
            }
            counted += 1;
            if let Some(d) = details.as_deref_mut() {
                d.push(format!("EXTRA {:?} <- {:?}", q.text, q.speaker));
            }
        }
        self.pred += counted;
    }
}

/// Annotator files of a document, in name order.
fn annotator_files(anns: &[PathBuf], stem: &str) -> Vec<PathBuf> {
    let prefix = format!("{stem}_");
    anns.iter()
        .filter(|a| {
            a.file_name()
                .and_then(|n| n.to_str())
                .and_then(|n| n.strip_prefix(&prefix))
                .is_some_and(|rest| rest.len() == 8 && rest.ends_with(".ann"))
        })
        .cloned()
        .collect()
}

/// The entries of a folder, sorted by path.
fn listing(dir: &Path) -> Result<Vec<PathBuf>, EvalError> {
    let entries = std::fs::read_dir(dir).map_err(|source| EvalError::Io {
        path: dir.display().to_string(),
        source,
    })?;
    let mut out: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    out.sort();
    Ok(out)
}

/// Paragraphs of a body (separated by blank lines) with their byte offsets.
fn paragraphs(body: &str) -> impl Iterator<Item = (usize, &str)> + '_ {
    let mut at = 0;
    body.split("\n\n").filter_map(move |p| {
        let start = at;
        at += p.len() + 2;
        (!p.trim().is_empty()).then_some((start, p))
    })
}

/// One annotated attribution for training, as byte ranges of the body.
#[derive(Debug, Clone, PartialEq)]
pub struct Attribution {
    pub cue: Vec<(usize, usize)>,
    pub content: Vec<(usize, usize)>,
    pub source: Vec<(usize, usize)>,
}

/// Every document of a PolNeAR split as a Chorus body with the attributions of its
/// first annotator file: the training input of the quote tagger.
pub fn attributions(dir: &Path) -> Result<Vec<(String, Vec<Attribution>)>, EvalError> {
    Ok(annotated(dir, None)?
        .into_iter()
        .filter_map(|(_, body, annotators)| {
            let first = annotators.into_iter().next()?;
            let golds = first
                .into_iter()
                .map(|g| Attribution {
                    cue: g.cue_spans,
                    content: g.segments,
                    source: g.source_spans,
                })
                .collect();
            Some((body, golds))
        })
        .collect())
}

/// Gold tags of a sentence's tokens: every token inside an annotated content is content
/// (the outer content wins where contents nest; its first token in a sentence is
/// `Begin`), then every other token inside an annotated cue is `Cue`, then every other
/// token inside a source is `Source`. The training labels of the quote tagger.
pub fn tagger_labels(sentence: &tagger::Sentence, gold: &[Attribution]) -> Vec<Tag> {
    let tokens = &sentence.tokens;
    let mut tags = vec![Tag::Out; tokens.len()];
    let inside =
        |spans: &[(usize, usize)], at: usize| spans.iter().any(|&(s, e)| at >= s && at < e);
    // Longest contents first: the outer one wins.
    let mut by_length: Vec<&Attribution> = gold.iter().collect();
    by_length.sort_by_key(|a| {
        std::cmp::Reverse(
            a.content.last().map_or(0, |l| l.1) - a.content.first().map_or(0, |f| f.0),
        )
    });
    for a in &by_length {
        let mut previous_in = false;
        for (i, t) in tokens.iter().enumerate() {
            let here = inside(&a.content, t.start);
            if here && tags[i] == Tag::Out {
                tags[i] = if previous_in { Tag::Inside } else { Tag::Begin };
            }
            previous_in = here && matches!(tags[i], Tag::Begin | Tag::Inside);
        }
    }
    for a in gold {
        for (i, t) in tokens.iter().enumerate() {
            if tags[i] == Tag::Out && inside(&a.cue, t.start) {
                tags[i] = Tag::Cue;
            }
        }
    }
    for a in gold {
        for (i, t) in tokens.iter().enumerate() {
            if tags[i] == Tag::Out && inside(&a.source, t.start) {
                tags[i] = Tag::Source;
            }
        }
    }
    tags
}

/// The scores of quote attribution on a PolNeAR split.
#[derive(Debug, Clone, PartialEq)]
pub struct QuotesReport {
    /// Documents scored (those with at least one annotator file).
    pub documents: usize,
    /// First annotator only, direct when the content holds a mark, hull overlap only.
    pub legacy_direct: QuoteScore,
    /// First annotator only, every attribution, hull overlap only.
    pub legacy_all: QuoteScore,
    /// Contents inside or holding quotation marks, corrected matching.
    pub direct: QuoteScore,
    /// Contents that are quotation only, corrected matching.
    pub pure: QuoteScore,
    /// Every attribution, corrected matching.
    pub all: QuoteScore,
    /// What a reader is shown at the least confidence asked for: reported-speech
    /// precision and recall, direct quotes, calibration.
    pub shown: trust::TrustReport,
    /// Who speaking pronouns are, against a reader's marks ([`pronouns`]).
    pub pronouns: pronouns::PronounReport,
    /// With `verbose`: each document's misses, extras, fragments and wrong speakers.
    pub details: Vec<String>,
}

impl fmt::Display for QuotesReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "documents {}", self.documents)?;
        writeln!(f, "{}", self.legacy_direct)?;
        writeln!(f, "{}", self.legacy_all)?;
        writeln!(f, "{}", self.direct)?;
        writeln!(f, "{}", self.pure)?;
        writeln!(f, "{}", self.all)?;
        writeln!(f, "{}", self.pronouns)?;
        write!(f, "{}", self.shown)
    }
}

/// One PolNeAR document: its name, its Chorus body, and each annotator's attributions.
type Annotated = (String, String, Vec<Vec<Gold>>);

/// The documents of a PolNeAR split (the first `limit` with an annotator file, when
/// set).
fn annotated(dir: &Path, limit: Option<usize>) -> Result<Vec<Annotated>, EvalError> {
    let texts = listing(&dir.join("text"))?;
    let anns = listing(&dir.join("attributions"))?;
    let mut out = Vec::new();
    for doc in texts {
        if limit.is_some_and(|n| out.len() >= n) {
            break;
        }
        let Some(stem) = doc.file_stem().and_then(|s| s.to_str()) else {
            continue;
        };
        let Ok(text) = std::fs::read_to_string(&doc) else {
            continue;
        };
        let (body, map) = to_body(&text);
        let annotators: Vec<Vec<Gold>> = annotator_files(&anns, stem)
            .iter()
            .filter_map(|a| std::fs::read_to_string(a).ok())
            .map(|ann| parse_ann(&ann, &text, &body, &map))
            .collect();
        if !annotators.is_empty() {
            out.push((stem.to_string(), body, annotators));
        }
    }
    Ok(out)
}

/// Scores [`analyze::quotes::find`] (with the entities of [`analyze::entities::find`])
/// on a PolNeAR split, and what a reader is shown at confidence `min_confidence`
/// ([`trust`]): `dir` holds `text/*.txt` and `attributions/*_<annotator>.ann`,
/// as `quotes/polnear/dev`. Only the first `limit` documents are scored when it is set.
/// With `verbose`, [`QuotesReport::details`] lists what went wrong, document by document.
pub fn quotes(
    dir: &Path,
    limit: Option<usize>,
    verbose: bool,
    min_confidence: f64,
) -> Result<QuotesReport, EvalError> {
    let mut report = QuotesReport {
        documents: 0,
        legacy_direct: QuoteScore::new(
            "legacy direct (first annotator, content holds a mark, hull overlap)",
        ),
        legacy_all: QuoteScore::new("legacy all"),
        direct: QuoteScore::new("direct (content inside or holding quotation marks)"),
        pure: QuoteScore::new("pure direct (content is quotation only)"),
        all: QuoteScore::new("all attributions"),
        shown: trust::trust(dir, limit, min_confidence, verbose)?,
        pronouns: pronouns::pronouns(dir, verbose)?,
        details: Vec::new(),
    };
    for (stem, body, annotators) in annotated(dir, limit)? {
        let Some(first) = annotators.first().cloned() else {
            continue;
        };
        report.documents += 1;
        let gold = adjudicate(annotators);
        let entities = analyze::entities::find(&body);
        let quotes = analyze::quotes::find(&body, &entities);
        let direct_preds: Vec<&Quote> = quotes
            .iter()
            .filter(|q| q.kind == QuoteKind::Direct)
            .collect();
        let all_preds: Vec<&Quote> = quotes.iter().collect();
        let mut details = verbose.then(Vec::new);
        if let Some(d) = details.as_mut() {
            d.push(format!("== {stem}"));
        }
        report.legacy_direct.add(
            &body,
            &first.iter().filter(|g| g.holds_mark).collect::<Vec<_>>(),
            &direct_preds,
            true,
            None,
        );
        report.legacy_all.add(
            &body,
            &first.iter().collect::<Vec<_>>(),
            &all_preds,
            true,
            None,
        );
        report.direct.add(
            &body,
            &gold.iter().filter(|g| g.direct).collect::<Vec<_>>(),
            &direct_preds,
            false,
            details.as_mut(),
        );
        report.pure.add(
            &body,
            &gold.iter().filter(|g| g.pure).collect::<Vec<_>>(),
            &direct_preds
                .iter()
                .copied()
                .filter(|q| {
                    !gold
                        .iter()
                        .any(|g| g.direct && !g.pure && within_hull((q.start, q.end), g))
                })
                .collect::<Vec<_>>(),
            false,
            None,
        );
        report.all.add(
            &body,
            &gold.iter().collect::<Vec<_>>(),
            &all_preds,
            false,
            details.as_mut(),
        );
        report.details.extend(details.unwrap_or_default());
    }
    report.details.append(&mut report.shown.details);
    report.details.append(&mut report.pronouns.details);
    if report.documents == 0 {
        return Err(EvalError::Dataset {
            path: dir.display().to_string(),
            reason: "no PolNeAR document with attributions".to_string(),
        });
    }
    Ok(report)
}

#[cfg(test)]
mod checks {
    use super::*;

    #[test]
    fn descriptions_are_not_names() {
        assert!(names_someone("Sergei Ryabkov"));
        assert!(names_someone("the IMF"));
        assert!(names_someone("Dean, a medical doctor,"));
        assert!(names_someone("A reporter for USA Today"));
        assert!(!names_someone("the New York businessman"));
        assert!(!names_someone("The Republican presidential nominee"));
        assert!(!names_someone("officials"));
        assert!(!names_someone("she"));
    }

    #[test]
    fn an_acronym_names_the_speaker_spelt_out() {
        assert!(speaker_right(
            Some("International Monetary Fund"),
            "The IMF"
        ));
        assert!(speaker_right(
            Some("Securities and Exchange Commission"),
            "The S.E.C."
        ));
        assert!(speaker_right(Some("Jill Stein"), "Stein"));
        assert!(!speaker_right(Some("Jill Stein"), "JS"));
        assert!(!speaker_right(
            Some("International Monetary Fund"),
            "The IMFA"
        ));
        assert!(!speaker_right(None, "The IMF"));
    }

    #[test]
    fn bodies_map_offsets() {
        let text = "Title line\nFirst para.\n\nSecond.\n";
        let (body, map) = to_body(text);
        assert_eq!(body, "Title line\n\nFirst para.\n\nSecond.");
        let at = text.find("Second").unwrap_or_default();
        assert_eq!(&body[map[at]..map[at] + 6], "Second");
        assert_eq!(map[text.len()], body.len());
    }

    #[test]
    fn quoted_parts_match_inside_mixed_contents() {
        let body = "He said the plan was “a disaster” for all.";
        let s = body.find("the plan").unwrap_or_default();
        let e = body.find(" for all").unwrap_or_default() + 8;
        let q = quoted_ranges(body);
        let gold = Gold {
            segments: vec![(s, e)],
            start: s,
            end: e,
            direct: true,
            holds_mark: true,
            pure: false,
            quoted: intersect(&[(s, e)], &q),
            source: None,
            cue: None,
            cue_spans: Vec::new(),
            source_spans: Vec::new(),
            required: true,
        };
        let a = body.find("a disaster").unwrap_or_default();
        assert!(matches((a, a + 10), &gold));
        assert!(!matches((a, a + 4), &gold));
        assert!(!matches((0, 2), &gold));
    }
}
