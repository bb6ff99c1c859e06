//! Trust in the quotes a reader is shown: reported-speech precision and recall, direct
//! quotes, and the calibration of each quote's `confidence`, on a PolNeAR split.
//!
//! A quote is *shown* when its confidence reaches the threshold
//! ([`model::Quote::SHOWN_CONFIDENCE`] in the brief). Words are Python-`\w` runs ([`text::words`]); a quote's share inside a
//! gold content counts its words that start inside the content's segments.
//!
//! - **Label of a quote** (for calibration and training): right when at least 60% of its
//!   words lie inside one gold attribution's content (any annotator group) and, when that
//!   attribution's source names someone, its speaker is that source (a shared word of
//!   three letters or more). Inside the content of a pronoun or nominal source, which
//!   only coreference can check, it has no label and is not scored in precision and
//!   recall; for calibration and training, a pronoun source a reader marked
//!   (`data/polnear_pronouns.tsv`) labels it by the marked name.
//! - **Reported-speech precision**: among shown indirect quotes with a label, the share
//!   that is right.
//! - **Reported-speech recall**: among required gold attributions without quotation marks
//!   whose source names someone, the share covered by a shown quote: at least 50% of the
//!   gold content's words inside the quote, at least 60% of the quote's words inside the
//!   gold, and the right speaker. The same is printed for the statements among them
//!   (annotated cue a verb of saying or writing, or "according to": PolNeAR also
//!   annotates stances, beliefs and evidence, which Chorus shows as positions) and over
//!   every named gold attribution.
//! - **Direct quotes**: each quoted span inside a required gold content is a gold quote;
//!   a shown direct quote matches one when at least half of each side's words lie in the
//!   other; one-to-one, most overlap first. A gold span left unmatched counts as found
//!   when a shown reported clause holds it whole: Chorus shows a partial quote (one to
//!   three words, or quoted words that finish the narrator's clause) inside its clause,
//!   marks and all, never alone. A gold span still unmatched that a shown quotation of
//!   its speaker holds whole (several sentences quoted at once, which PolNeAR annotates
//!   one by one) is counted apart, in a second recall and F1 ("held"); the first stays
//!   one-to-one. Speaker accuracy on named sources.
//! - **Shown**: confidence at the threshold and no fragment: a direct quote of one to
//!   three words is never shown alone ([`model::Quote::is_fragment`]).
//! - **Calibration**: the expected calibration error of `confidence` against the label,
//!   over 10 bins, for every labelled quote.

use std::fmt;
use std::path::Path;

use analyze::quotes::confidence::Features;
use model::{Quote, QuoteKind};

use super::{adjudicate, annotated, names_someone, speaker_right, Gold};
use crate::EvalError;

/// Least share of a quote's words inside a gold content for the quote to lie inside it.
const INSIDE: f64 = 0.6;
/// Least share of a gold content's words a quote must hold to cover it.
const COVER: f64 = 0.5;

/// One quote of a PolNeAR document with its signals and its label.
#[derive(Debug, Clone)]
pub struct Labelled {
    pub quote: Quote,
    pub features: Features,
    /// `None` inside the content of a pronoun or nominal source, whose resolution only
    /// coreference could check.
    pub right: Option<bool>,
}

/// A document of a split: its Chorus body, adjudicated gold, and the pronoun sources a
/// reader marked ([`super::pronouns`]): each pronoun's offset and the name it refers to.
type Document = (String, Vec<Gold>, Vec<(usize, String)>);

/// The documents of a split (the first `limit` when set), gold adjudicated.
fn documents(dir: &Path, limit: Option<usize>) -> Result<Vec<Document>, EvalError> {
    let mut marked = super::pronouns::marked(dir)?;
    let out: Vec<Document> = annotated(dir, limit)?
        .into_iter()
        .map(|(stem, body, annotators)| {
            let marks = marked.remove(&stem).unwrap_or_default();
            (body, adjudicate(annotators), marks)
        })
        .collect();
    if out.is_empty() {
        return Err(EvalError::Dataset {
            path: dir.display().to_string(),
            reason: "no PolNeAR document with attributions".to_string(),
        });
    }
    Ok(out)
}

/// The start offsets of the words of `body[start..end]`.
fn word_starts(body: &str, (start, end): (usize, usize)) -> Vec<usize> {
    body.get(start..end)
        .map(|t| text::words(t).map(|(at, _)| start + at).collect())
        .unwrap_or_default()
}

/// The share of `words` that start inside one of `ranges`.
fn share_inside(words: &[usize], ranges: &[(usize, usize)]) -> f64 {
    if words.is_empty() {
        return 0.0;
    }
    let inside = words
        .iter()
        .filter(|&&w| ranges.iter().any(|&(s, e)| w >= s && w < e))
        .count();
    inside as f64 / words.len() as f64
}

/// The label of a quote against a document's gold (see the module comment). With
/// `marks`, a quote inside the content of a marked pronoun source is labelled by the
/// marked name: the labels of calibration and training, not of the precision and recall
/// the issue defines over named sources.
fn label(
    body: &str,
    quote: &Quote,
    gold: &[Gold],
    marks: Option<&[(usize, String)]>,
) -> Option<bool> {
    let words = word_starts(body, (quote.start, quote.end));
    let best = gold
        .iter()
        .map(|g| (share_inside(&words, &g.segments), g))
        .max_by(|a, b| a.0.total_cmp(&b.0));
    match best {
        Some((share, g)) if share >= INSIDE => match g.source.as_deref() {
            Some(source) if names_someone(source) => {
                Some(speaker_right(quote.speaker.as_deref(), source))
            }
            _ => {
                let at = g.source_spans.first()?.0;
                let (_, name) = marks?.iter().find(|(p, _)| *p == at)?;
                Some(speaker_right(quote.speaker.as_deref(), name))
            }
        },
        _ => Some(false),
    }
}

/// Every quote Chorus finds on a split, with its signals and label: the training input
/// of the confidence model.
pub fn labelled(dir: &Path, limit: Option<usize>) -> Result<Vec<Labelled>, EvalError> {
    labelled_with(dir, limit, &|_| analyze::quotes::tagger::Model::shipped())
}

/// Every quote as [`labelled`] gives it, the tagger's signals of the `k`-th document's
/// quotes read by `reader(k)` (a tagger trained without that document, for fitting).
pub fn labelled_with<'m>(
    dir: &Path,
    limit: Option<usize>,
    reader: &dyn Fn(usize) -> &'m analyze::quotes::tagger::Model,
) -> Result<Vec<Labelled>, EvalError> {
    let mut out = Vec::new();
    for (k, (body, gold, marks)) in documents(dir, limit)?.into_iter().enumerate() {
        let entities = analyze::entities::find(&body);
        for (quote, features) in analyze::quotes::scored_with(&body, &entities, reader(k)) {
            let right = label(&body, &quote, &gold, Some(&marks));
            out.push(Labelled {
                quote,
                features,
                right,
            });
        }
    }
    Ok(out)
}

/// The trust measures at one threshold.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TrustReport {
    /// The least confidence of a shown quote.
    pub min: f64,
    /// Shown indirect quotes.
    pub reported_shown: usize,
    /// Of those, the ones with a label.
    pub reported_scored: usize,
    /// Of those, the right ones.
    pub reported_right: usize,
    /// Required gold attributions without quotation marks whose source names someone.
    pub reported_gold: usize,
    /// Of those, the ones a shown quote covers with the right speaker.
    pub reported_covered: usize,
    /// Of `reported_gold`, those whose annotated cue is a verb of saying or writing
    /// (`analyze::quotes::confidence::is_statement_cue`): statements, as opposed to the
    /// stances, beliefs and evidence PolNeAR annotates too, which Chorus shows as
    /// positions, not quotes.
    pub statement_gold: usize,
    /// Of those, the ones a shown quote covers with the right speaker.
    pub statement_covered: usize,
    /// Every required gold attribution whose source names someone.
    pub named_gold: usize,
    /// Of those, the ones a shown quote covers with the right speaker.
    pub named_covered: usize,
    /// Quoted spans of required gold contents.
    pub direct_gold: usize,
    /// Shown direct quotes.
    pub direct_pred: usize,
    /// Matched pairs.
    pub direct_matched: usize,
    /// Gold quoted spans left unmatched that a shown reported clause holds whole: shown
    /// inside their clause, as the brief means them to be.
    pub direct_in_clause: usize,
    /// Gold quoted spans left unmatched that a shown direct quote of their speaker holds
    /// whole (a quotation of several sentences, annotated one by one). Reported apart:
    /// the strict F1 leaves them out, the held F1 counts them found.
    pub direct_held: usize,
    /// Direct quotes of one to three words at the threshold, not shown: fragments are
    /// shown inside their clause, never alone ([`model::Quote::is_fragment`]).
    pub fragments_hidden: usize,
    /// Matched pairs whose gold source names someone.
    pub direct_named: usize,
    /// Of those, the pairs with the right speaker.
    pub direct_speaker_right: usize,
    /// Every labelled quote, shown or not: its confidence and its label.
    pub calibration: Vec<(f64, bool)>,
    /// With `verbose`: every shown indirect quote that is wrong, with its confidence.
    pub details: Vec<String>,
}

fn ratio(a: usize, b: usize) -> f64 {
    a as f64 / b.max(1) as f64
}

fn harmonic(p: f64, r: f64) -> f64 {
    if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    }
}

impl TrustReport {
    /// Right shown indirect quotes over labelled shown indirect quotes.
    pub fn reported_precision(&self) -> f64 {
        ratio(self.reported_right, self.reported_scored)
    }

    /// Covered named gold attributions without quotation marks over all of them.
    pub fn reported_recall(&self) -> f64 {
        ratio(self.reported_covered, self.reported_gold)
    }

    /// Covered named gold statements without quotation marks over all of them.
    pub fn statement_recall(&self) -> f64 {
        ratio(self.statement_covered, self.statement_gold)
    }

    /// Covered named gold attributions over all of them.
    pub fn named_recall(&self) -> f64 {
        ratio(self.named_covered, self.named_gold)
    }

    /// Matched shown direct quotes over shown direct quotes.
    pub fn direct_precision(&self) -> f64 {
        ratio(self.direct_matched, self.direct_pred)
    }

    /// Matched gold quoted spans (and those shown inside their clause) over gold
    /// quoted spans.
    pub fn direct_recall(&self) -> f64 {
        ratio(
            self.direct_matched + self.direct_in_clause,
            self.direct_gold,
        )
    }

    /// The harmonic mean of the direct precision and recall.
    pub fn direct_f1(&self) -> f64 {
        harmonic(self.direct_precision(), self.direct_recall())
    }

    /// Direct recall with the gold spans a shown quotation of their speaker holds whole
    /// counted found.
    pub fn direct_held_recall(&self) -> f64 {
        ratio(
            self.direct_matched + self.direct_in_clause + self.direct_held,
            self.direct_gold,
        )
    }

    /// The harmonic mean of the direct precision and the held recall.
    pub fn direct_held_f1(&self) -> f64 {
        harmonic(self.direct_precision(), self.direct_held_recall())
    }

    /// The share of matched direct quotes of named sources with the right speaker.
    pub fn direct_speaker(&self) -> f64 {
        ratio(self.direct_speaker_right, self.direct_named)
    }

    /// The expected calibration error of every labelled quote's confidence, 10 bins.
    pub fn calibration_error(&self) -> f64 {
        learn::calibration_error(&self.calibration, 10)
    }
}

impl fmt::Display for TrustReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "shown at confidence >= {:.2}: reported speech P {:.3} ({} of {} scored, {} shown) R {:.3} ({} of {} named gold without marks; statements R {:.3}, {} of {}); every named gold R {:.3} ({} of {})",
            self.min,
            self.reported_precision(),
            self.reported_right,
            self.reported_scored,
            self.reported_shown,
            self.reported_recall(),
            self.reported_covered,
            self.reported_gold,
            self.statement_recall(),
            self.statement_covered,
            self.statement_gold,
            self.named_recall(),
            self.named_covered,
            self.named_gold,
        )?;
        write!(
            f,
            "  direct P {:.3} R {:.3} F1 {:.3} (gold {} shown {} matched {}, {} more inside a shown clause; {} fragments not shown alone; held whole by a shown quotation of their speaker {} more: R {:.3} F1 {:.3}), speaker {:.3} on {} named; calibration error {:.3} over {} labelled quotes",
            self.direct_precision(),
            self.direct_recall(),
            self.direct_f1(),
            self.direct_gold,
            self.direct_pred,
            self.direct_matched,
            self.direct_in_clause,
            self.fragments_hidden,
            self.direct_held,
            self.direct_held_recall(),
            self.direct_held_f1(),
            self.direct_speaker(),
            self.direct_named,
            self.calibration_error(),
            self.calibration.len(),
        )
    }
}

/// Measures the quotes shown at confidence `min` on a PolNeAR split (the first `limit`
/// documents when set).
pub fn trust(
    dir: &Path,
    limit: Option<usize>,
    min: f64,
    verbose: bool,
) -> Result<TrustReport, EvalError> {
    trust_with(dir, limit, min, verbose, None)
}

/// Measures as [`trust`] does, each quote's confidence recomputed from its signals by
/// `score` when given (a model just fitted, before it is compiled in: `train_quotes`).
pub fn trust_with(
    dir: &Path,
    limit: Option<usize>,
    min: f64,
    verbose: bool,
    score: Option<&dyn Fn(&Features) -> f64>,
) -> Result<TrustReport, EvalError> {
    let mut report = TrustReport {
        min,
        ..TrustReport::default()
    };
    for (body, gold, marks) in documents(dir, limit)? {
        let entities = analyze::entities::find(&body);
        let mut scored = analyze::quotes::scored(&body, &entities);
        if let Some(score) = score {
            for (q, f) in &mut scored {
                // Three decimals, as `analyze::quotes` keeps them.
                q.confidence = (score(f) * 1000.0).round() / 1000.0;
            }
        }
        let before = report.details.len();
        let quotes: Vec<Quote> = scored.iter().map(|(q, _)| q.clone()).collect();
        add(&mut report, (&body, &gold, &marks), &quotes, verbose);
        // The rule that found each wrong quote shown, for study.
        for line in report.details.iter_mut().skip(before) {
            if let Some((_, f)) = scored
                .iter()
                .find(|(q, _)| line.contains(&format!("{:?} <-", q.text)))
            {
                let rule = analyze::quotes::confidence::rule(f);
                line.insert_str(0, &format!("[{rule}] "));
            }
        }
    }
    Ok(report)
}

/// Why no shown quote covers a named gold attribution, for verbose reports: the quote
/// sharing most words with it, and the first test it fails — `NONE` (no quote shares a
/// word), `DIRECT` (only a direct quote does), `UNSHOWN` (its confidence is under the
/// threshold), `SPEAKER` (another speaker), `SHORT` (it holds under half of the gold
/// words), `LONG` (under 60% of its words lie in the gold).
fn why_missed(
    body: &str,
    g: &Gold,
    gold_words: &[usize],
    source: &str,
    quotes: &[Quote],
    min: f64,
) -> String {
    let shared = |q: &Quote| share_inside(gold_words, &[(q.start, q.end)]);
    let best = quotes.iter().filter(|q| shared(q) > 0.0).max_by(|a, b| {
        (a.kind == QuoteKind::Indirect)
            .cmp(&(b.kind == QuoteKind::Indirect))
            .then(shared(a).total_cmp(&shared(b)))
    });
    let Some(q) = best else {
        return "NONE".to_string();
    };
    let inside = share_inside(&word_starts(body, (q.start, q.end)), &g.segments);
    let cause = if q.kind == QuoteKind::Direct {
        "DIRECT"
    } else if q.confidence < min {
        "UNSHOWN"
    } else if !speaker_right(q.speaker.as_deref(), source) {
        "SPEAKER"
    } else if shared(q) < COVER {
        "SHORT"
    } else if inside < INSIDE {
        "LONG"
    } else {
        "UNSHOWN"
    };
    format!(
        "{cause} {:.2} cover {:.2} inside {:.2} {:?} <- {:?} {:?}",
        q.confidence,
        shared(q),
        inside,
        q.text,
        q.speaker,
        q.cue
    )
}

/// Adds one document's quotes to the measures.
fn add(
    report: &mut TrustReport,
    (body, gold, marks): (&str, &[Gold], &[(usize, String)]),
    quotes: &[Quote],
    verbose: bool,
) {
    // A fragment (one to three words in quotation marks) is never shown alone.
    let shown: Vec<&Quote> = quotes
        .iter()
        .filter(|q| q.confidence >= report.min && !q.is_fragment())
        .collect();
    report.fragments_hidden += quotes
        .iter()
        .filter(|q| q.confidence >= report.min && q.is_fragment())
        .count();
    for q in quotes {
        if let Some(right) = label(body, q, gold, Some(marks)) {
            report.calibration.push((q.confidence, right));
        }
    }
    for q in shown.iter().filter(|q| q.kind == QuoteKind::Indirect) {
        report.reported_shown += 1;
        if let Some(right) = label(body, q, gold, None) {
            report.reported_scored += 1;
            report.reported_right += usize::from(right);
            if verbose && !right {
                let words = word_starts(body, (q.start, q.end));
                let inside = gold
                    .iter()
                    .any(|g| share_inside(&words, &g.segments) >= INSIDE);
                report.details.push(format!(
                    "SHOWN WRONG {} {:.2} {:?} <- {:?} (cue {:?}): {}",
                    if inside { "speaker" } else { "content" },
                    q.confidence,
                    q.text,
                    q.speaker,
                    q.cue,
                    super::context(body, q.start, q.end)
                ));
            }
        }
    }
    let quote_words: Vec<Vec<usize>> = shown
        .iter()
        .map(|q| word_starts(body, (q.start, q.end)))
        .collect();
    for g in gold.iter().filter(|g| g.required) {
        let Some(source) = g.source.as_deref().filter(|s| names_someone(s)) else {
            continue;
        };
        let gold_words: Vec<usize> = g
            .segments
            .iter()
            .flat_map(|&r| word_starts(body, r))
            .collect();
        let covered = shown.iter().zip(&quote_words).any(|(q, words)| {
            share_inside(&gold_words, &[(q.start, q.end)]) >= COVER
                && share_inside(words, &g.segments) >= INSIDE
                && speaker_right(q.speaker.as_deref(), source)
        });
        report.named_gold += 1;
        report.named_covered += usize::from(covered);
        if verbose && !covered && !g.direct {
            report.details.push(format!(
                "MISSED REPORTED{} cue {:?} source {source:?}: {} | {}",
                if g.cue
                    .as_deref()
                    .is_some_and(analyze::quotes::confidence::is_statement_cue)
                {
                    " STATEMENT"
                } else {
                    ""
                },
                g.cue,
                super::context(body, g.start, g.end),
                why_missed(body, g, &gold_words, source, quotes, report.min)
            ));
        }
        if !g.direct {
            report.reported_gold += 1;
            report.reported_covered += usize::from(covered);
            if g.cue
                .as_deref()
                .is_some_and(analyze::quotes::confidence::is_statement_cue)
            {
                report.statement_gold += 1;
                report.statement_covered += usize::from(covered);
            }
        }
    }
    // Direct quotes: every quoted span of a required gold content is a gold quote.
    let gold_quotes: Vec<(Vec<usize>, Option<&str>)> = gold
        .iter()
        .filter(|g| g.required)
        .flat_map(|g| {
            g.quoted
                .iter()
                .map(move |&r| (word_starts(body, r), g.source.as_deref()))
        })
        .filter(|(words, _)| !words.is_empty())
        .collect();
    let preds: Vec<(&Quote, Vec<usize>)> = shown
        .iter()
        .filter(|q| q.kind == QuoteKind::Direct)
        .map(|q| (*q, word_starts(body, (q.start, q.end))))
        .collect();
    report.direct_gold += gold_quotes.len();
    report.direct_pred += preds.len();
    // Candidate pairs, most shared words first.
    let mut pairs: Vec<(usize, usize, usize)> = Vec::new();
    for (i, (gw, _)) in gold_quotes.iter().enumerate() {
        for (j, (_, pw)) in preds.iter().enumerate() {
            let shared = pw.iter().filter(|w| gw.binary_search(w).is_ok()).count();
            if shared > 0 && shared * 2 >= pw.len() && shared * 2 >= gw.len() {
                pairs.push((shared, i, j));
            }
        }
    }
    pairs.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut gold_used = vec![false; gold_quotes.len()];
    let mut pred_used = vec![false; preds.len()];
    for (_, i, j) in pairs {
        if gold_used[i] || pred_used[j] {
            continue;
        }
        gold_used[i] = true;
        pred_used[j] = true;
        report.direct_matched += 1;
        if let Some(source) = gold_quotes[i].1.filter(|s| names_someone(s)) {
            report.direct_named += 1;
            report.direct_speaker_right +=
                usize::from(speaker_right(preds[j].0.speaker.as_deref(), source));
        }
    }
    let clauses: Vec<(usize, usize)> = shown
        .iter()
        .filter(|q| q.kind == QuoteKind::Indirect)
        .map(|q| (q.start, q.end))
        .collect();
    for (i, (words, source)) in gold_quotes.iter().enumerate() {
        if !gold_used[i] && share_inside(words, &clauses) >= 1.0 {
            report.direct_in_clause += 1;
            continue;
        }
        // One shown quotation holding several gold spans whole ("…,” said X. “A. B.
        // C.”, which PolNeAR annotates sentence by sentence) shows each of them, with
        // its speaker; counted apart from the one-to-one matches.
        let held = !gold_used[i]
            && preds.iter().any(|(q, _)| {
                share_inside(words, &[(q.start, q.end)]) >= 1.0
                    && source
                        .filter(|s| names_someone(s))
                        .is_none_or(|s| speaker_right(q.speaker.as_deref(), s))
            });
        if held {
            report.direct_held += 1;
            continue;
        }
        if verbose && !gold_used[i] {
            // Why: an unshown quote over it, a shown one matched elsewhere, or none.
            let Some((&first, &last)) = words.first().zip(words.last()) else {
                continue;
            };
            let near = quotes
                .iter()
                .filter(|q| q.kind == QuoteKind::Direct && q.start <= last && q.end > first)
                .max_by(|a, b| a.confidence.total_cmp(&b.confidence));
            let why = match near {
                Some(q) => format!(
                    "{} {:.2} {:?} <- {:?} {:?}",
                    if q.confidence >= report.min {
                        "SHOWN"
                    } else {
                        "UNSHOWN"
                    },
                    q.confidence,
                    q.text,
                    q.speaker,
                    q.cue
                ),
                None => "NONE".to_string(),
            };
            report.details.push(format!(
                "MISSED DIRECT source {:?}: {} | {why}",
                words.first().map(|_| gold_quotes[i].1),
                super::context(body, first, last + 1)
            ));
        }
    }
}
