//! Named entity recognition against wikigold and MEANTIME: [`entities`] scores
//! [`analyze::entities::find`] per type (PER, ORG, LOC) with precision, recall and F1.
//!
//! Each document becomes one body, its sentences paragraphs, tokens joined by spaces.
//! A predicted mention covers the tokens it overlaps; a prediction is right when its
//! token range and type equal a gold entity's. Demonyms and `Other` count as MISC and
//! are left out, as is gold MISC.
//!
//! Wikigold is CoNLL with IOB1 tags. In MEANTIME (English Wikinews, CAT XML) gold
//! mentions are the ENTITY_MENTIONs of syntactic type NAM (proper names) that refer to an
//! ENTITY of type PER, ORG or LOC. The headline (sentence 0) is left out, because Chorus
//! analyses bodies, not titles. MEANTIME annotates only the title and the first sentences
//! of each article (sentences 1 to 5, sentence 1 being the date line), so mentions are
//! scored there only, though the recogniser sees the whole body. MEANTIME extents keep
//! a leading article ("the United States"), which neither Chorus nor OntoNotes-style
//! recognisers include in a name, so a leading "the" is dropped from gold and predicted
//! spans alike. Person extents sometimes hold the title before the name ("U.S. President
//! Barack Obama") and sometimes not; taking titles into predicted spans lowered both
//! Chorus's and spaCy's person scores, so spans are compared as recognised.
//!
//! Peers. [`bodies`] gives the exact bodies the recogniser sees, one per document, and
//! [`entities_with`] scores mentions another recogniser found on those bodies
//! ([`PeerMentions`]: byte ranges and PER/ORG/LOC labels per document), so a peer such
//! as spaCy is measured with the same metric on the same text
//! (`scripts/peer-ner-spacy.py`).
//!
//! Caveat: a MEANTIME NAM mention gets its type only through a REFERS_TO link to an
//! ENTITY, and many NAM mentions have none (and MEANTIME spans cover whole noun phrases,
//! "JSA Research defence analyst Paul Nesbit"), so the gold is sparse: recall is
//! meaningful, precision much less so.

use std::collections::BTreeSet;
use std::fmt;
use std::path::{Path, PathBuf};

use analyze::entities::confidence;
use model::{EntityKind, EntityMention};

use crate::stories::{split_of, Split};
use crate::{files, meantime_dir, EvalError};

/// Document, first token, end token, type.
type Span = (usize, usize, usize, &'static str);

/// One of Chorus's mentions for fitting its models: its signals, whether it is right
/// (its tokens and type are a gold entity's), and the gold type of an entity with its
/// tokens (`PER`, `ORG`, `LOC`, `MISC`), if any.
#[derive(Debug, Clone)]
pub struct Labelled {
    pub features: confidence::Features,
    pub right: bool,
    pub gold: Option<&'static str>,
}

/// Which NER corpus a path holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntitiesKind {
    /// Wikigold in CoNLL format (`wikigold.conll.txt`).
    Wikigold,
    /// MEANTIME in CAT XML, `intra-doc_annotation/<topic>/*.xml`.
    Meantime,
}

impl EntitiesKind {
    /// Recognises the corpus: a CoNLL file (or a folder holding one whose name contains
    /// `conll`) is wikigold; a folder of `.xml` files (or `meantime-en`, whose
    /// `intra-doc_annotation` is read) is MEANTIME.
    pub fn detect(path: &Path) -> Option<EntitiesKind> {
        if conll_file(path).is_some() {
            Some(EntitiesKind::Wikigold)
        } else if !files(&meantime_dir(path), "xml").is_empty() {
            Some(EntitiesKind::Meantime)
        } else {
            None
        }
    }
}

/// The CoNLL file a path names or holds.
fn conll_file(path: &Path) -> Option<PathBuf> {
    if path.is_file() {
        return Some(path.to_path_buf());
    }
    files(path, "txt").into_iter().find(|p| {
        p.file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.contains("conll"))
    })
}

/// Counts of one entity type, and the label it is printed under.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EntityScore {
    pub label: String,
    pub gold: usize,
    pub pred: usize,
    pub correct: usize,
}

impl EntityScore {
    /// Correct predictions over predictions.
    pub fn precision(&self) -> f64 {
        self.correct as f64 / self.pred.max(1) as f64
    }

    /// Correct predictions over gold mentions.
    pub fn recall(&self) -> f64 {
        self.correct as f64 / self.gold.max(1) as f64
    }

    /// The harmonic mean of precision and recall.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        }
    }
}

impl fmt::Display for EntityScore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: gold {} pred {} correct {} | P {:.3} R {:.3} F1 {:.3}",
            self.label,
            self.gold,
            self.pred,
            self.correct,
            self.precision(),
            self.recall(),
            self.f1()
        )
    }
}

/// The scores of entity recognition on one corpus.
#[derive(Debug, Clone, PartialEq)]
pub struct EntitiesReport {
    pub kind: EntitiesKind,
    /// Documents scored.
    pub documents: usize,
    /// PER, ORG, LOC, then the three together; then the same over the mentions readers
    /// are shown (confidence at least [`EntityMention::SHOWN_CONFIDENCE`]).
    pub scores: Vec<EntityScore>,
    /// With `verbose`: every missed gold mention and extra prediction, with its tokens.
    pub details: Vec<String>,
}

impl fmt::Display for EntitiesReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "documents {}", self.documents)?;
        for score in &self.scores {
            write!(f, "\n{score}")?;
        }
        Ok(())
    }
}

/// Scores [`analyze::entities::find`] on wikigold or MEANTIME, detected from `path` (see
/// [`EntitiesKind::detect`]). With `limit`, only the first documents are scored. With
/// `verbose`, [`EntitiesReport::details`] lists misses and extras.
pub fn entities(
    path: &Path,
    limit: Option<usize>,
    verbose: bool,
) -> Result<EntitiesReport, EvalError> {
    entities_with(path, limit, verbose, None)
}

/// Mentions found by another recogniser: for each document (in [`bodies`] order), byte
/// ranges into its body with a label (`PER`, `ORG` or `LOC`; other labels are ignored).
pub type PeerMentions = Vec<Vec<(usize, usize, String)>>;

/// The bodies [`entities`] analyses, one per document, in scoring order.
pub fn bodies(path: &Path, limit: Option<usize>) -> Result<Vec<String>, EvalError> {
    bodies_in(path, Split::All, true, limit)
}

/// As [`bodies`], for the documents of one split only (see [`split_of_document`]).
pub fn bodies_in(
    path: &Path,
    split: Split,
    done_tuning: bool,
    limit: Option<usize>,
) -> Result<Vec<String>, EvalError> {
    let mut scoring = load(path, split, done_tuning, limit, None)?.0;
    Ok(std::mem::take(&mut scoring.bodies))
}

/// The split a document belongs to: a stable hash of its key, the file name for
/// MEANTIME and `wikigold-N` (N counted from 0 in file order) for wikigold, cut as
/// [`split_of`] cuts every dataset (a fifth held out, the rest halved into dev and test).
pub fn split_of_document(key: &str) -> Split {
    split_of(key, None)
}

/// As [`entities`], scoring `peer`'s mentions instead of Chorus's when it is given.
pub fn entities_with(
    path: &Path,
    limit: Option<usize>,
    verbose: bool,
    peer: Option<PeerMentions>,
) -> Result<EntitiesReport, EvalError> {
    entities_in(path, Split::All, true, limit, verbose, peer)
}

/// As [`entities_with`], on the documents of one split (see [`split_of_document`]): tune
/// on `dev`, report `test`; `holdout` is refused unless `done_tuning` says tuning is over.
pub fn entities_in(
    path: &Path,
    split: Split,
    done_tuning: bool,
    limit: Option<usize>,
    verbose: bool,
    peer: Option<PeerMentions>,
) -> Result<EntitiesReport, EvalError> {
    let (scoring, kind, prefix) = load(path, split, done_tuning, limit, peer)?;
    Ok(scoring.report(kind, prefix, verbose))
}

/// Chorus's mentions in the scored part of the documents of `split`, each with its
/// signals, whether it is right (a gold entity of its type has or holds its tokens; for a
/// mention of kind `Other`, a gold MISC entity) and the gold type of its tokens. MEANTIME types
/// few of its names, so there a mention is kept only where a gold entity overlaps it.
/// What `train_entities` fits the confidence model on.
pub fn labelled(path: &Path, split: Split, done_tuning: bool) -> Result<Vec<Labelled>, EvalError> {
    let (scoring, kind, _) = load(path, split, done_tuning, None, None)?;
    let gold_type = |span: &Span| {
        ["PER", "ORG", "LOC"]
            .into_iter()
            .find(|t| scoring.gold.contains(&(span.0, span.1, span.2, *t)))
            .or_else(|| {
                scoring
                    .gold_misc
                    .contains(&(span.0, span.1, span.2, "MISC"))
                    .then_some("MISC")
            })
    };
    let rows = scoring
        .rows
        .iter()
        .filter_map(|(features, span)| {
            let gold = gold_type(span);
            // MEANTIME types few of its names (see the module's caveat): a mention there
            // is judged only where a gold entity overlaps it.
            let overlaps = || {
                scoring
                    .gold
                    .iter()
                    .any(|g| g.0 == span.0 && g.1 < span.2 && span.1 < g.2)
            };
            // A mention inside one of MEANTIME's common noun phrases that touches no
            // name ("the Brennmouth party candidates") is a descriptor: wrong. A name the
            // gazetteer knows stays out: MEANTIME leaves many real names inside such
            // phrases unmarked ("a Keldan car maker").
            let known = confidence::FEATURES
                .iter()
                .position(|f| *f == "known")
                .is_some_and(|k| features[k] > 0.5);
            let descriptor = || {
                !known
                    && !scoring
                        .names
                        .iter()
                        .any(|g| g.0 == span.0 && g.1 < span.2 && span.1 < g.2)
                    && scoring
                        .nominals
                        .iter()
                        .any(|g| g.0 == span.0 && g.1 <= span.1 && span.2 <= g.2)
            };
            if kind != EntitiesKind::Wikigold && !overlaps() {
                return descriptor().then_some(Labelled {
                    features: *features,
                    right: false,
                    gold: None,
                });
            }
            // Right: a gold entity of its type has its tokens, or holds them (MEANTIME's
            // extents hold titles and appositions: "U.S. President Barack Obama").
            let held = || {
                let pool = if span.3 == "MISC" {
                    &scoring.gold_misc
                } else {
                    &scoring.gold
                };
                pool.iter()
                    .any(|g| g.0 == span.0 && g.3 == span.3 && g.1 <= span.1 && span.2 <= g.2)
            };
            Some(Labelled {
                features: *features,
                right: gold == Some(span.3) || held(),
                gold,
            })
        })
        .collect();
    Ok(rows)
}

/// Reads the documents of `split` in the corpus at `path` and predicts each.
fn load(
    path: &Path,
    split: Split,
    done_tuning: bool,
    limit: Option<usize>,
    peer: Option<PeerMentions>,
) -> Result<(Scoring, EntitiesKind, &'static str), EvalError> {
    if split == Split::Holdout && !done_tuning {
        return Err(EvalError::Holdout);
    }
    let wanted = |key: &str| split == Split::All || split_of_document(key) == split;
    let kind = EntitiesKind::detect(path).ok_or_else(|| EvalError::Dataset {
        path: path.display().to_string(),
        reason: "neither a wikigold CoNLL file nor a MEANTIME folder".to_string(),
    })?;
    let mut scoring = Scoring {
        peer,
        ..Scoring::default()
    };
    let prefix = match kind {
        EntitiesKind::Wikigold => {
            let file = conll_file(path).unwrap_or_else(|| path.to_path_buf());
            let content = std::fs::read_to_string(&file).map_err(|source| EvalError::Io {
                path: file.display().to_string(),
                source,
            })?;
            wikigold(&content, &wanted, limit, &mut scoring);
            ""
        }
        EntitiesKind::Meantime => {
            scoring.drop_article = true;
            let paths = files(&meantime_dir(path), "xml");
            let paths = paths.iter().filter(|p| {
                wanted(
                    &p.file_name()
                        .map(|n| n.to_string_lossy())
                        .unwrap_or_default(),
                )
            });
            for file in paths.take(limit.unwrap_or(usize::MAX)) {
                let xml = std::fs::read_to_string(file).map_err(|source| EvalError::Io {
                    path: file.display().to_string(),
                    source,
                })?;
                meantime(&xml, &mut scoring);
            }
            "MEANTIME "
        }
    };
    if scoring.texts.is_empty() {
        return Err(EvalError::Dataset {
            path: path.display().to_string(),
            reason: "no document".to_string(),
        });
    }
    if let Some(peer) = &scoring.peer {
        if peer.len() != scoring.texts.len() {
            return Err(EvalError::Dataset {
                path: path.display().to_string(),
                reason: format!(
                    "the peer gave mentions for {} documents, the corpus has {}",
                    peer.len(),
                    scoring.texts.len()
                ),
            });
        }
    }
    Ok((scoring, kind, prefix))
}

/// Gold and predicted spans, and every document's tokens and body.
#[derive(Default)]
struct Scoring {
    gold: BTreeSet<Span>,
    /// Every proper-name mention (MEANTIME), typed or not: document, first token, end.
    names: BTreeSet<(usize, usize, usize)>,
    /// MEANTIME's other entity mentions (common noun phrases, pronouns): a mention of
    /// Chorus's inside one that touches no name is a descriptor taken for a name.
    nominals: BTreeSet<(usize, usize, usize)>,
    pred: BTreeSet<Span>,
    /// The predictions whose confidence reaches [`EntityMention::SHOWN_CONFIDENCE`]
    /// (all of a peer's).
    shown: BTreeSet<Span>,
    /// Gold MISC spans (wikigold), against which mentions of kind `Other` are labelled.
    gold_misc: BTreeSet<Span>,
    /// Chorus's mentions in the scored part: their signals, their span with its label
    /// (`MISC` for `Other`).
    rows: Vec<(confidence::Features, Span)>,
    texts: Vec<Vec<String>>,
    bodies: Vec<String>,
    /// Mentions of another recogniser, scored instead of Chorus's.
    peer: Option<PeerMentions>,
    /// A leading "the" is left out of gold and predicted spans (MEANTIME).
    drop_article: bool,
}

/// True for the article MEANTIME keeps in a name's extent ("the United States").
fn is_article(token: &str) -> bool {
    matches!(token, "the" | "The")
}

impl Scoring {
    fn report(&self, kind: EntitiesKind, prefix: &str, verbose: bool) -> EntitiesReport {
        let mut details = Vec::new();
        if verbose {
            let show = |s: &Span| {
                self.texts
                    .get(s.0)
                    .and_then(|t| t.get(s.1..s.2))
                    .map(|t| t.join(" "))
                    .unwrap_or_default()
            };
            // Each miss and extra says what overlaps it on the other side: the same
            // tokens with another type (a confusion), other tokens (a boundary), or nothing.
            let overlapping = |x: &Span, other: &BTreeSet<Span>| {
                other
                    .iter()
                    .filter(|o| o.0 == x.0 && o.1 < x.2 && x.1 < o.2)
                    .map(|o| {
                        let how = if (o.1, o.2) == (x.1, x.2) {
                            "type"
                        } else {
                            "boundary"
                        };
                        format!(" [{how}: {} {:?}]", o.3, show(o))
                    })
                    .collect::<String>()
            };
            for g in self.gold.difference(&self.pred) {
                let other = overlapping(g, &self.pred);
                details.push(format!("MISS {} {:?}{other}", g.3, show(g)));
            }
            for p in self.pred.difference(&self.gold) {
                let other = overlapping(p, &self.gold);
                details.push(format!("EXTRA {} {:?}{other}", p.3, show(p)));
            }
        }
        let mut scores = Vec::new();
        let mut total = EntityScore {
            label: format!("{prefix}PER+ORG+LOC"),
            ..EntityScore::default()
        };
        for t in ["PER", "ORG", "LOC"] {
            let g: BTreeSet<_> = self.gold.iter().filter(|s| s.3 == t).collect();
            let p: BTreeSet<_> = self.pred.iter().filter(|s| s.3 == t).collect();
            let score = EntityScore {
                label: format!("{prefix}{t}"),
                gold: g.len(),
                pred: p.len(),
                correct: g.intersection(&p).count(),
            };
            total.gold += score.gold;
            total.pred += score.pred;
            total.correct += score.correct;
            scores.push(score);
        }
        scores.push(total);
        // What readers are shown: the mentions whose confidence reaches the threshold.
        let mut shown = EntityScore {
            label: format!("{prefix}PER+ORG+LOC shown"),
            ..EntityScore::default()
        };
        for t in ["PER", "ORG", "LOC"] {
            let g: BTreeSet<_> = self.gold.iter().filter(|s| s.3 == t).collect();
            let p: BTreeSet<_> = self.shown.iter().filter(|s| s.3 == t).collect();
            let score = EntityScore {
                label: format!("{prefix}{t} shown"),
                gold: g.len(),
                pred: p.len(),
                correct: g.intersection(&p).count(),
            };
            shown.gold += score.gold;
            shown.pred += score.pred;
            shown.correct += score.correct;
            scores.push(score);
        }
        scores.push(shown);
        EntitiesReport {
            kind,
            documents: self.texts.len(),
            scores,
            details,
        }
    }

    /// Adds the predictions of the recogniser on `body` for document `d`, whose tokens lie
    /// at `offsets` (`None` for tokens left out of the body); `scored` says which first
    /// tokens are in the annotated part.
    fn predict(
        &mut self,
        d: usize,
        body: &str,
        offsets: &[Option<(usize, usize)>],
        scored: impl Fn(usize) -> bool,
    ) {
        self.bodies.push(body.to_string());
        type Predicted = (
            usize,
            usize,
            &'static str,
            f64,
            Option<confidence::Features>,
        );
        let mentions: Vec<Predicted> = match &self.peer {
            Some(peer) => peer
                .get(d)
                .into_iter()
                .flatten()
                .filter_map(|(s, e, t)| label(t).map(|t| (*s, *e, t, 1.0, None)))
                .collect(),
            None => analyze::entities::find_scored(body)
                .into_iter()
                .filter_map(|scored| {
                    let m = scored.mention;
                    let demonym =
                        m.text != m.name && analyze::entities::lexicon::demonym(&m.text).is_some();
                    let t = match m.kind {
                        _ if demonym => return None,
                        EntityKind::Person => "PER",
                        EntityKind::Organization => "ORG",
                        EntityKind::Place => "LOC",
                        EntityKind::Other => "MISC",
                    };
                    Some((m.start, m.end, t, m.confidence, Some(scored.features)))
                })
                .collect(),
        };
        for (start, end, t, confidence, features) in mentions {
            let first = offsets
                .iter()
                .position(|o| o.is_some_and(|(_, e)| e > start));
            let end = offsets
                .iter()
                .rposition(|o| o.is_some_and(|(s, _)| s < end));
            let first = first.map(|f| {
                let article = offsets
                    .get(f)
                    .copied()
                    .flatten()
                    .and_then(|(s, e)| body.get(s..e))
                    .is_some_and(is_article);
                if self.drop_article && article && end.is_some_and(|e| e > f) {
                    f + 1
                } else {
                    f
                }
            });
            if let (Some(first), Some(end)) = (first, end) {
                if scored(first) {
                    let span = (d, first, end + 1, t);
                    if let Some(features) = features {
                        self.rows.push((features, span));
                    }
                    if t != "MISC" {
                        self.pred.insert(span);
                        if confidence >= EntityMention::SHOWN_CONFIDENCE {
                            self.shown.insert(span);
                        }
                    }
                }
            }
        }
    }
}

fn label(ty: &str) -> Option<&'static str> {
    match ty {
        "PER" => Some("PER"),
        "ORG" => Some("ORG"),
        "LOC" => Some("LOC"),
        _ => None,
    }
}

/// Scores the first `limit` of the `wanted` documents of a wikigold CoNLL file.
fn wikigold(
    content: &str,
    wanted: &dyn Fn(&str) -> bool,
    limit: Option<usize>,
    scoring: &mut Scoring,
) {
    let mut docs: Vec<Vec<Vec<(String, String)>>> = vec![Vec::new()];
    let mut sentence: Vec<(String, String)> = Vec::new();
    for line in content.lines().chain(std::iter::once("")) {
        let mut cols = line.split_whitespace();
        match (cols.next(), cols.next()) {
            (Some("-DOCSTART-"), _) => {
                if let Some(doc) = docs.last_mut() {
                    if !sentence.is_empty() {
                        doc.push(std::mem::take(&mut sentence));
                    }
                }
                docs.push(Vec::new());
            }
            (Some(tok), Some(tag)) => sentence.push((tok.to_string(), tag.to_string())),
            _ => {
                if !sentence.is_empty() {
                    if let Some(doc) = docs.last_mut() {
                        doc.push(std::mem::take(&mut sentence));
                    }
                }
            }
        }
    }
    let docs = docs
        .into_iter()
        .filter(|d| !d.is_empty())
        .enumerate()
        .filter(|(n, _)| wanted(&format!("wikigold-{n}")))
        .map(|(_, d)| d)
        .take(limit.unwrap_or(usize::MAX));
    for doc in docs {
        let d = scoring.texts.len();
        let mut body = String::new();
        let mut offsets = Vec::new();
        let mut tags = Vec::new();
        let mut words = Vec::new();
        for sentence in &doc {
            if !body.is_empty() {
                body.push_str("\n\n");
            }
            for (k, (tok, tag)) in sentence.iter().enumerate() {
                if k > 0 {
                    body.push(' ');
                }
                offsets.push(Some((body.len(), body.len() + tok.len())));
                body.push_str(tok);
                tags.push(tag.as_str());
                words.push(tok.clone());
            }
        }
        let mut k = 0;
        while k < tags.len() {
            let ty = tags[k].get(2..).unwrap_or("");
            if tags[k] == "O" {
                k += 1;
                continue;
            }
            let start = k;
            k += 1;
            while k < tags.len() && tags[k].starts_with("I-") && tags[k].get(2..) == Some(ty) {
                k += 1;
            }
            if let Some(t) = label(ty) {
                scoring.gold.insert((d, start, k, t));
            } else if ty == "MISC" {
                scoring.gold_misc.insert((d, start, k, "MISC"));
            }
        }
        scoring.predict(d, &body, &offsets, |_| true);
        scoring.texts.push(words);
    }
}

/// True for the sentence numbers of the body MEANTIME annotates.
fn annotated(sentence: &str) -> bool {
    sentence.parse::<u32>().is_ok_and(|n| (1..=5).contains(&n))
}

/// Scores one MEANTIME CAT document.
fn meantime(xml: &str, scoring: &mut Scoring) {
    let d = scoring.texts.len();
    let cat = crate::cat::read(xml);
    for name in &cat.names {
        scoring.names.insert((d, name.first, name.last + 1));
    }
    for &(lo, hi) in &cat.others {
        scoring.nominals.insert((d, lo, hi + 1));
    }
    for name in &cat.names {
        let Some(t) = name.ent_type.as_deref().and_then(label) else {
            continue;
        };
        let (lo, hi) = (name.first, name.last);
        let first = cat.tokens.get(lo);
        if cat.offsets.get(lo).copied().flatten().is_some()
            && first.is_some_and(|t| annotated(&t.sentence))
        {
            let lo = if hi > lo && first.is_some_and(|t| is_article(&t.text)) {
                lo + 1
            } else {
                lo
            };
            scoring.gold.insert((d, lo, hi + 1, t));
        }
    }
    scoring.predict(d, &cat.body, &cat.offsets, |first| {
        cat.tokens
            .get(first)
            .is_some_and(|t| annotated(&t.sentence))
    });
    scoring
        .texts
        .push(cat.tokens.into_iter().map(|t| t.text).collect());
}
