//! Alias grouping against MEANTIME's cross-document entity ids: do the names Chorus
//! gives its mentions put together what the gold says is one entity, across articles?
//!
//! MEANTIME's `intra_cross-doc_annotation` links every proper-name mention (syntactic
//! type NAM) to an entity instance shared by all the documents of its corpus
//! (`corpus_airbus`, `corpus_apple`, `corpus_gm`, `corpus_stock`, 30 Wikinews articles
//! each). Each corpus is read as one story: the bodies are built as [`crate::entities`]
//! builds them (the headline left out, sentences as paragraphs) and analysed with
//! [`analyze::entities::find`]. A gold PER/ORG/LOC mention that a Chorus mention covers
//! with exactly the same tokens (a leading "the" left out on both sides) is *matched*;
//! grouping is scored on matched mentions only, so recognition errors do not count twice.
//!
//! Three namings are compared, each by B³ and pairwise P/R/F1 against the gold ids:
//! - `form`: the text as written, the floor;
//! - `article`: the analyzer's canonical name, resolved within each article;
//! - `story`: the story-level name, [`brief::Aliases`] over all the corpus' articles,
//!   which is what a brief shows.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use crate::cat::Cat;
use crate::{b_cubed, files, pairwise, EvalError, Prf};

/// Scores of one naming.
#[derive(Debug, Clone, PartialEq)]
pub struct NamingScore {
    pub label: &'static str,
    pub b_cubed: Prf,
    pub pairwise: Prf,
    /// Distinct predicted names over the matched mentions.
    pub names: usize,
}

/// The alias-grouping report.
#[derive(Debug, Clone, PartialEq)]
pub struct AliasReport {
    pub corpora: usize,
    pub documents: usize,
    /// Gold PER/ORG/LOC proper-name mentions with a cross-document id.
    pub gold_mentions: usize,
    /// Gold mentions matched by a Chorus mention.
    pub matched: usize,
    /// Distinct gold entities among the matched mentions.
    pub gold_entities: usize,
    /// `form`, `article`, `story`.
    pub scores: Vec<NamingScore>,
    /// With `verbose`: every gold entity whose matched mentions got more than one story
    /// name, and every story name given to more than one gold entity.
    pub details: Vec<String>,
}

impl fmt::Display for AliasReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "corpora {} documents {} | gold mentions {} matched {} ({:.1}%) | gold entities {}",
            self.corpora,
            self.documents,
            self.gold_mentions,
            self.matched,
            100.0 * self.matched as f64 / self.gold_mentions.max(1) as f64,
            self.gold_entities
        )?;
        for s in &self.scores {
            write!(
                f,
                "\n{:<8} names {:>4} | B3 {} | pairwise {}",
                s.label, s.names, s.b_cubed, s.pairwise
            )?;
        }
        Ok(())
    }
}

/// One matched mention: corpus, gold id, the text, the article's and the story's names.
struct Matched {
    corpus: usize,
    gold: String,
    form: String,
    article: String,
    story: String,
}

/// Scores alias grouping on `meantime-en` (or its `intra_cross-doc_annotation` folder).
/// With `limit`, only the first documents of each corpus are read.
pub fn aliases(path: &Path, limit: Option<usize>, verbose: bool) -> Result<AliasReport, EvalError> {
    let root = {
        let cross = path.join("intra_cross-doc_annotation");
        if cross.is_dir() {
            cross
        } else {
            path.to_path_buf()
        }
    };
    let mut corpora: BTreeMap<String, Vec<std::path::PathBuf>> = BTreeMap::new();
    for file in files(&root, "xml") {
        let corpus = file
            .parent()
            .map(|p| p.display().to_string())
            .unwrap_or_default();
        corpora.entry(corpus).or_default().push(file);
    }
    let mut matched: Vec<Matched> = Vec::new();
    let (mut documents, mut gold_mentions) = (0, 0);
    for (c, paths) in corpora.values().enumerate() {
        let mut docs = Vec::new();
        for file in paths.iter().take(limit.unwrap_or(usize::MAX)) {
            let xml = std::fs::read_to_string(file).map_err(|source| EvalError::Io {
                path: file.display().to_string(),
                source,
            })?;
            docs.push(crate::cat::read(&xml));
        }
        documents += docs.len();
        let found: Vec<Vec<model::EntityMention>> = docs
            .iter()
            .map(|d| analyze::entities::find(&d.body))
            .collect();
        let story = brief::Aliases::new(found.iter().map(Vec::as_slice));
        for (doc, mentions) in docs.iter().zip(&found) {
            let gold = gold(doc);
            gold_mentions += gold.len();
            let mut by_span: BTreeMap<(usize, usize), &model::EntityMention> = BTreeMap::new();
            for m in mentions {
                if let Some(span) = token_span(doc, m.start, m.end) {
                    by_span.entry(span).or_insert(m);
                }
            }
            for (lo, hi, id) in &gold {
                if let Some(m) = by_span.get(&(*lo, *hi)) {
                    matched.push(Matched {
                        corpus: c,
                        gold: id.clone(),
                        form: brief_name(&m.text),
                        article: brief_name(&m.name),
                        story: story.canonical(&m.name),
                    });
                }
            }
        }
    }
    if documents == 0 {
        return Err(EvalError::Dataset {
            path: path.display().to_string(),
            reason: "no MEANTIME CAT document".to_string(),
        });
    }
    let gold = labels(&matched, |m| m.gold.clone());
    let gold_entities = distinct(&gold);
    let mut scores = Vec::new();
    type Naming = (&'static str, fn(&Matched) -> String);
    let namings: [Naming; 3] = [
        ("form", |m| m.form.clone()),
        ("article", |m| m.article.clone()),
        ("story", |m| m.story.clone()),
    ];
    for (label, key) in namings {
        let pred = labels(&matched, key);
        scores.push(NamingScore {
            label,
            b_cubed: b_cubed(&pred, &gold),
            pairwise: pairwise(&pred, &gold),
            names: distinct(&pred),
        });
    }
    let details = if verbose {
        details(&matched)
    } else {
        Vec::new()
    };
    Ok(AliasReport {
        corpora: corpora.len(),
        documents,
        gold_mentions,
        matched: matched.len(),
        gold_entities,
        scores,
        details,
    })
}

/// Whitespace collapsed.
fn brief_name(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Labels per matched mention, one per distinct (corpus, key).
fn labels(matched: &[Matched], key: impl Fn(&Matched) -> String) -> Vec<usize> {
    let mut ids: BTreeMap<(usize, String), usize> = BTreeMap::new();
    matched
        .iter()
        .map(|m| {
            let next = ids.len();
            *ids.entry((m.corpus, key(m))).or_insert(next)
        })
        .collect()
}

fn distinct(labels: &[usize]) -> usize {
    labels
        .iter()
        .collect::<std::collections::BTreeSet<_>>()
        .len()
}

/// Split gold entities and merged story names, for `--verbose`.
fn details(matched: &[Matched]) -> Vec<String> {
    let mut by_gold: BTreeMap<(usize, &str), BTreeMap<String, usize>> = BTreeMap::new();
    let mut by_story: BTreeMap<(usize, &str), BTreeMap<&str, usize>> = BTreeMap::new();
    for m in matched {
        *by_gold
            .entry((m.corpus, &m.gold))
            .or_default()
            .entry(m.story.clone())
            .or_insert(0) += 1;
        *by_story
            .entry((m.corpus, &m.story))
            .or_default()
            .entry(&m.gold)
            .or_insert(0) += 1;
    }
    let mut out = Vec::new();
    for ((c, id), names) in &by_gold {
        if names.len() > 1 {
            out.push(format!("SPLIT corpus {c} {id}: {names:?}"));
        }
    }
    for ((c, name), ids) in &by_story {
        if ids.len() > 1 {
            out.push(format!("MERGED corpus {c} {name:?}: {ids:?}"));
        }
    }
    out
}

/// The token range `[first, end)` a byte range of the body covers, a leading "the" left
/// out.
fn token_span(doc: &Cat, start: usize, end: usize) -> Option<(usize, usize)> {
    let first = doc
        .offsets
        .iter()
        .position(|o| o.is_some_and(|(_, e)| e > start))?;
    let last = doc
        .offsets
        .iter()
        .rposition(|o| o.is_some_and(|(s, _)| s < end))?;
    if last < first {
        return None;
    }
    let first = if last > first && doc.tokens.get(first).is_some_and(|t| is_the(&t.text)) {
        first + 1
    } else {
        first
    };
    Some((first, last + 1))
}

fn is_the(token: &str) -> bool {
    matches!(token, "the" | "The")
}

/// Reads one CAT document of the cross-document annotation: its gold PER/ORG/LOC name
/// mentions with their instance ids, as token ranges (a leading "the" left out).
fn gold(cat: &Cat) -> Vec<(usize, usize, String)> {
    let mut gold = Vec::new();
    for name in &cat.names {
        let (Some(ty), Some(id)) = (&name.ent_type, &name.instance) else {
            continue;
        };
        if !matches!(ty.as_str(), "PER" | "ORG" | "LOC") {
            continue;
        }
        let (lo, hi) = (name.first, name.last);
        if cat.offsets.get(lo).copied().flatten().is_none() {
            continue;
        }
        let lo = if hi > lo && cat.tokens.get(lo).is_some_and(|t| is_the(&t.text)) {
            lo + 1
        } else {
            lo
        };
        gold.push((lo, hi + 1, id.clone()));
    }
    gold
}
