//! Multi-document summary against NeuS: [`summary`] builds a brief with [`brief::brief`]
//! for every validation cluster (`val.source`, articles separated by `[SEP]`, each
//! `TITLE=> ... ARTICLE=> ...`) and scores its summary lines against the reference
//! (`val.target`) with ROUGE-1, ROUGE-2 and ROUGE-L, next to two baselines computed by
//! this same code under the same length limit: a lead baseline (the first sentence of each
//! article in turn, then the second, ...) and LexRank (Erkan & Radev 2004: PageRank over
//! the graph of sentences whose tf-idf cosine reaches 0.1, damping 0.85, sentences taken
//! by score).
//!
//! The length limit is a number of sentences and, optionally, a word budget: sentences
//! are added while the summary's word count gets closer to the budget. The budget of a
//! cluster is [`brief::summary_budget`]: at most `words`, and with a ratio, at most that
//! share of the cluster's words (AllSides roundups of short excerpts are short: on NeuS
//! train, reference length correlates with input length at r = 0.51). The baselines get
//! the same budget as the brief, cluster by cluster.
//!
//! Tokens are lower-cased words, stemmed when longer than three characters (as the
//! stemmed tokenizer of rouge-score, near enough). Scores are averaged over clusters.
//! ROUGE-L is ROUGE-Lsum (summary level: union LCS per reference sentence), as
//! rouge-score's `rougeLsum`. F1 is the headline figure, as in the NeuS papers.
//!
//! The setting follows the published NeuS scores (Lei & Huang 2025, whose test clusters
//! give each article as "Title. Text" and the reference as "Headline. Roundup"): the
//! reference is the AllSides headline followed by its roundup, and the baselines read
//! each article's title as its first sentence. `scripts/rouge_check.py` rescores the
//! summaries written by `--dump` with rouge-score itself; both agree within 0.1.
//! The brief's counterpart of the reference is its headline followed by its summary,
//! the summary getting what the headline leaves of the word budget.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use brief::BriefConfig;
use model::{AnalyzedArticle, Article};

use crate::EvalError;

/// Lower-cased, stemmed word tokens in text order.
fn tokens(s: &str) -> Vec<String> {
    text::words(s)
        .map(|(_, w)| {
            let lower = w.to_lowercase();
            if lower.chars().count() > 3 {
                text::stem(&lower)
            } else {
                lower
            }
        })
        .collect()
}

/// Counts of each n-gram of `tokens`.
fn ngrams(tokens: &[String], n: usize) -> BTreeMap<&[String], usize> {
    let mut out = BTreeMap::new();
    for gram in tokens.windows(n) {
        *out.entry(gram).or_insert(0) += 1;
    }
    out
}

/// Precision, recall and F1 from an overlap and the two sizes; zero without overlap.
fn prf(overlap: usize, candidate: usize, reference: usize) -> [f64; 3] {
    if overlap == 0 || candidate == 0 || reference == 0 {
        return [0.0; 3];
    }
    let (p, r) = (
        overlap as f64 / candidate as f64,
        overlap as f64 / reference as f64,
    );
    [p, r, 2.0 * p * r / (p + r)]
}

/// ROUGE-N (precision, recall, F1) of candidate tokens against reference tokens.
fn rouge_n(candidate: &[String], reference: &[String], n: usize) -> [f64; 3] {
    let (c, r) = (ngrams(candidate, n), ngrams(reference, n));
    let overlap: usize = c
        .iter()
        .map(|(g, k)| (*k).min(r.get(g).copied().unwrap_or(0)))
        .sum();
    prf(
        overlap,
        c.values().sum::<usize>(),
        r.values().sum::<usize>(),
    )
}

/// The longest common subsequence table's backtrack: which tokens of `a` are on one LCS
/// of `a` and `b`.
fn lcs_hits(a: &[String], b: &[String]) -> Vec<bool> {
    let width = b.len() + 1;
    let mut table = vec![0usize; (a.len() + 1) * width];
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let v = if a.get(i - 1) == b.get(j - 1) {
                table.get((i - 1) * width + j - 1).copied().unwrap_or(0) + 1
            } else {
                let up = table.get((i - 1) * width + j).copied().unwrap_or(0);
                let left = table.get(i * width + j - 1).copied().unwrap_or(0);
                up.max(left)
            };
            if let Some(x) = table.get_mut(i * width + j) {
                *x = v;
            }
        }
    }
    let mut hits = vec![false; a.len()];
    let (mut i, mut j) = (a.len(), b.len());
    while i > 0 && j > 0 {
        if a.get(i - 1) == b.get(j - 1) {
            if let Some(h) = hits.get_mut(i - 1) {
                *h = true;
            }
            i -= 1;
            j -= 1;
        } else if table.get((i - 1) * width + j) >= table.get(i * width + j - 1) {
            i -= 1;
        } else {
            j -= 1;
        }
    }
    hits
}

/// ROUGE-Lsum (precision, recall, F1), as rouge-score's `rougeLsum` (Lin 2004, summary
/// level): for every reference sentence, the union of its longest common subsequences
/// with each candidate sentence, each reference and candidate token counted at most as
/// often as it occurs.
fn rouge_lsum(candidate: &[Vec<String>], reference: &[Vec<String>]) -> [f64; 3] {
    fn count(sents: &[Vec<String>]) -> BTreeMap<&str, usize> {
        let mut m: BTreeMap<&str, usize> = BTreeMap::new();
        for t in sents.iter().flatten() {
            *m.entry(t.as_str()).or_insert(0) += 1;
        }
        m
    }
    let (mut left_c, mut left_r) = (count(candidate), count(reference));
    let mut hits = 0usize;
    for r in reference {
        let mut union = vec![false; r.len()];
        for c in candidate {
            for (u, h) in union.iter_mut().zip(lcs_hits(r, c)) {
                *u |= h;
            }
        }
        for (t, _) in r.iter().zip(&union).filter(|(_, u)| **u) {
            let (Some(kc), Some(kr)) = (left_c.get_mut(t.as_str()), left_r.get_mut(t.as_str()))
            else {
                continue;
            };
            if *kc > 0 && *kr > 0 {
                *kc -= 1;
                *kr -= 1;
                hits += 1;
            }
        }
    }
    let len = |sents: &[Vec<String>]| sents.iter().map(Vec::len).sum::<usize>();
    prf(hits, len(candidate), len(reference))
}

/// Token lists of each sentence of `sentences`' texts, split again by [`text::sentences`].
fn sentence_tokens<S: AsRef<str>>(sentences: &[S]) -> Vec<Vec<String>> {
    sentences
        .iter()
        .flat_map(|s| {
            let s = s.as_ref();
            text::sentences(s)
                .into_iter()
                .filter_map(move |(a, b)| s.get(a..b))
        })
        .map(tokens)
        .filter(|t| !t.is_empty())
        .collect()
}

/// Splits "TITLE=> t. ARTICLE=> body" into (title, body).
fn split_doc(doc: &str) -> (String, String) {
    let doc = doc.trim();
    let rest = doc.strip_prefix("TITLE=>").unwrap_or(doc);
    match rest.split_once("ARTICLE=>") {
        Some((t, b)) => (t.trim().to_string(), b.trim().to_string()),
        None => (String::new(), rest.trim().to_string()),
    }
}

/// A headline and its text as one: "Headline. Text", the way the NeuS benchmark's
/// published scores read both the input articles and the reference roundups.
fn headed(title: &str, body: &str) -> String {
    let title = title.trim();
    if title.is_empty() {
        return body.trim().to_string();
    }
    let stop = if title.ends_with(['.', '!', '?']) {
        ""
    } else {
        "."
    };
    format!("{title}{stop} {}", body.trim())
}

/// Average ROUGE precision, recall and F1 of the brief and of the two baselines.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct RougePair {
    pub brief: [f64; 3],
    pub lead: [f64; 3],
    pub lexrank: [f64; 3],
}

impl RougePair {
    fn add(&mut self, brief: [f64; 3], lead: [f64; 3], lexrank: [f64; 3]) {
        for k in 0..3 {
            self.brief[k] += brief[k];
            self.lead[k] += lead[k];
            self.lexrank[k] += lexrank[k];
        }
    }

    fn averaged(mut self, n: usize) -> Self {
        let n = n.max(1) as f64;
        for k in 0..3 {
            self.brief[k] /= n;
            self.lead[k] /= n;
            self.lexrank[k] /= n;
        }
        self
    }
}

/// Adds sentences in order while the summary stays within `sentences` and, with a word
/// budget (`words` > 0), while each one brings its length closer to the budget.
fn take_within(
    order: impl IntoIterator<Item = String>,
    sentences: usize,
    words: usize,
) -> Vec<String> {
    let mut out = Vec::new();
    let mut count = 0usize;
    for s in order {
        if out.len() >= sentences || (words > 0 && count >= words) {
            break;
        }
        let n = text::words(&s).count();
        if words > 0 && !out.is_empty() && (count + n).abs_diff(words) > count.abs_diff(words) {
            break;
        }
        count += n;
        out.push(s);
    }
    out
}

/// The lead baseline's sentence order: each article's first sentence, then the seconds...
fn lead_order(bodies: &[&str]) -> Vec<String> {
    let split: Vec<Vec<(usize, usize)>> = bodies.iter().map(|b| text::sentences(b)).collect();
    let deepest = split.iter().map(Vec::len).max().unwrap_or(0);
    let mut out = Vec::new();
    for depth in 0..deepest {
        for (body, ranges) in bodies.iter().zip(&split) {
            if let Some(s) = ranges.get(depth).and_then(|&(s, e)| body.get(s..e)) {
                out.push(s.to_string());
            }
        }
    }
    out
}

/// LexRank's sentence order: sentences by stationary score of the thresholded tf-idf
/// cosine graph (threshold 0.1, damping 0.85, 50 power iterations), ties in text order.
fn lexrank_order(bodies: &[&str]) -> Vec<String> {
    let sentences: Vec<&str> = bodies
        .iter()
        .flat_map(|b| {
            text::sentences(b)
                .into_iter()
                .filter_map(move |(s, e)| b.get(s..e))
        })
        .collect();
    let bags: Vec<BTreeMap<String, f64>> = sentences
        .iter()
        .map(|s| {
            let mut bag = BTreeMap::new();
            for t in text::terms(s) {
                *bag.entry(t).or_insert(0.0) += 1.0;
            }
            bag
        })
        .collect();
    let mut df: BTreeMap<&str, f64> = BTreeMap::new();
    for bag in &bags {
        for t in bag.keys() {
            *df.entry(t.as_str()).or_insert(0.0) += 1.0;
        }
    }
    let n = bags.len() as f64;
    let vecs: Vec<BTreeMap<&str, f64>> = bags
        .iter()
        .map(|bag| {
            let v: BTreeMap<&str, f64> = bag
                .iter()
                .map(|(t, tf)| {
                    let d = df.get(t.as_str()).copied().unwrap_or(1.0);
                    (t.as_str(), tf * (1.0 + ((1.0 + n) / (1.0 + d)).ln()))
                })
                .collect();
            let norm = v.values().map(|w| w * w).sum::<f64>().sqrt();
            v.into_iter()
                .map(|(t, w)| (t, if norm > 0.0 { w / norm } else { 0.0 }))
                .collect()
        })
        .collect();
    let cosine = |a: &BTreeMap<&str, f64>, b: &BTreeMap<&str, f64>| -> f64 {
        a.iter()
            .map(|(t, w)| w * b.get(t).copied().unwrap_or(0.0))
            .sum()
    };
    let edges: Vec<Vec<usize>> = vecs
        .iter()
        .map(|a| {
            vecs.iter()
                .enumerate()
                .filter(|(_, b)| cosine(a, b) >= 0.1)
                .map(|(j, _)| j)
                .collect()
        })
        .collect();
    let size = vecs.len();
    let mut score = vec![1.0 / size.max(1) as f64; size];
    for _ in 0..50 {
        let mut next = vec![0.15 / size.max(1) as f64; size];
        for (i, out) in edges.iter().enumerate() {
            let share = score.get(i).copied().unwrap_or(0.0) / out.len().max(1) as f64;
            for &j in out {
                if let Some(x) = next.get_mut(j) {
                    *x += 0.85 * share;
                }
            }
        }
        score = next;
    }
    let mut order: Vec<usize> = (0..size).collect();
    order.sort_by(|&a, &b| score[b].total_cmp(&score[a]).then(a.cmp(&b)));
    order
        .into_iter()
        .filter_map(|i| sentences.get(i).map(|s| s.to_string()))
        .collect()
}

/// A NeuS split: `train` to fit and tune on, `val` to report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NeusSplit {
    Train,
    Val,
}

impl NeusSplit {
    /// The split's file stem (`train.source`, `val.target`, ...).
    pub fn name(self) -> &'static str {
        match self {
            NeusSplit::Train => "train",
            NeusSplit::Val => "val",
        }
    }
}

impl std::str::FromStr for NeusSplit {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "train" => Ok(NeusSplit::Train),
            "val" => Ok(NeusSplit::Val),
            _ => Err(format!("unknown NeuS split {s:?}: train or val")),
        }
    }
}

/// The clusters of a split: for each, its articles (id `K-I`, title and excerpt, no
/// annotations) and its reference (the AllSides headline, then the roundup).
pub fn clusters(
    dir: &Path,
    split: NeusSplit,
    limit: Option<usize>,
) -> Result<Vec<(Vec<AnalyzedArticle>, String)>, EvalError> {
    let sources = read(&dir.join(format!("{}.source", split.name())))?;
    let targets = read(&dir.join(format!("{}.target", split.name())))?;
    Ok(sources
        .lines()
        .zip(targets.lines())
        .take(limit.unwrap_or(usize::MAX))
        .enumerate()
        .map(|(k, (src, tgt))| {
            let articles = src
                .split("[SEP]")
                .enumerate()
                .map(|(i, doc)| {
                    let (title, body) = split_doc(doc);
                    AnalyzedArticle::from(Article::new(format!("{k}-{i}"), title, body))
                })
                .collect();
            let (reference_title, roundup) = split_doc(tgt);
            (articles, headed(&reference_title, &roundup))
        })
        .collect())
}

/// The sentences a ROUGE oracle picks among `candidates` to follow `prefix` (the brief's
/// headline) against `reference`: greedily the one that most raises ROUGE-1 F1 plus
/// ROUGE-2 F1 of the prefix and the sentences picked so far, while one does and they hold
/// fewer than `words` words.
pub fn oracle(candidates: &[&str], prefix: &str, reference: &str, words: usize) -> Vec<usize> {
    let reference = tokens(reference);
    let toks: Vec<Vec<String>> = candidates.iter().map(|c| tokens(c)).collect();
    let mut picked: Vec<usize> = Vec::new();
    let mut current: Vec<String> = tokens(prefix);
    let mut best = rouge_n(&current, &reference, 1)[2] + rouge_n(&current, &reference, 2)[2];
    while current.len() < words {
        let mut step: Option<(f64, usize)> = None;
        for (i, t) in toks.iter().enumerate() {
            if picked.contains(&i) {
                continue;
            }
            let mut with = current.clone();
            with.extend(t.iter().cloned());
            let score = rouge_n(&with, &reference, 1)[2] + rouge_n(&with, &reference, 2)[2];
            if score > step.map_or(best, |s| s.0) {
                step = Some((score, i));
            }
        }
        let Some((score, i)) = step else { break };
        best = score;
        picked.push(i);
        current.extend(toks[i].iter().cloned());
    }
    picked
}

/// ROUGE-1 precision of `sentence` against `reference`: the share of its tokens the
/// reference holds.
pub fn precision_against(sentence: &str, reference: &str) -> f64 {
    rouge_n(&tokens(sentence), &tokens(reference), 1)[0]
}

/// The scores of the brief summary on NeuS validation clusters.
#[derive(Debug, Clone, PartialEq)]
pub struct SummaryReport {
    /// The NeuS split scored.
    pub split: NeusSplit,
    /// Clusters scored.
    pub clusters: usize,
    /// Articles in those clusters.
    pub documents: usize,
    /// Most summary sentences (of the brief and of the baselines).
    pub sentences: usize,
    /// Largest word budget of a summary, 0 for none.
    pub words: usize,
    /// Word budget as a share of each cluster's words, 0 for none.
    pub ratio: f64,
    pub rouge1: RougePair,
    pub rouge2: RougePair,
    pub rouge_l: RougePair,
}

impl fmt::Display for SummaryReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "documents {} in {} clusters",
            self.documents, self.clusters
        )?;
        let lines = [
            ("ROUGE-1", &self.rouge1),
            ("ROUGE-2", &self.rouge2),
            ("ROUGE-L", &self.rouge_l),
        ];
        for (k, (name, r)) in lines.into_iter().enumerate() {
            if k > 0 {
                writeln!(f)?;
            }
            write!(
                f,
                "NeuS {}, {} sentences, {} words, ratio {}, {name} P/R/F1: brief {:.4}/{:.4}/{:.4}, lead {:.4}/{:.4}/{:.4}, lexrank {:.4}/{:.4}/{:.4}",
                self.split.name(),                self.sentences,
                self.words,
                self.ratio,
                r.brief[0],
                r.brief[1],
                r.brief[2],
                r.lead[0],
                r.lead[1],
                r.lead[2],
                r.lexrank[0],
                r.lexrank[1],
                r.lexrank[2]
            )?;
        }
        Ok(())
    }
}

fn read(path: &Path) -> Result<String, EvalError> {
    std::fs::read_to_string(path).map_err(|source| EvalError::Io {
        path: path.display().to_string(),
        source,
    })
}

/// Scores the summary of [`brief::brief`] (with at most `sentences` summary sentences, a
/// word budget of at most `words` (0 for none) and at most `ratio` times the cluster's
/// words (0 for none), and otherwise default settings, on articles
/// without annotations) on the NeuS validation clusters in `dir` (`val.source` and
/// `val.target`, as `summary/neus`). With `limit`, only the first clusters are scored.
/// With `dump`, every cluster's summaries (brief, lead, LexRank; one string per sentence)
/// and its reference (title and roundup) are written there as JSON lines, for scoring
/// with another ROUGE implementation (`scripts/rouge_check.py`).
pub fn summary(
    dir: &Path,
    sentences: usize,
    words: usize,
    ratio: f64,
    limit: Option<usize>,
    dump: Option<&Path>,
) -> Result<SummaryReport, EvalError> {
    let config = BriefConfig {
        summary_sentences: sentences,
        summary_words: words,
        summary_ratio: ratio,
        ..BriefConfig::default()
    };
    summary_with(dir, NeusSplit::Val, &config, limit, dump)
}

/// [`summary`] on either split with every brief setting given (the baselines take the
/// same sentence and word limits): tune on `train`, report on `val`.
pub fn summary_with(
    dir: &Path,
    split: NeusSplit,
    config: &BriefConfig,
    limit: Option<usize>,
    dump: Option<&Path>,
) -> Result<SummaryReport, EvalError> {
    let (sentences, words) = (config.summary_sentences, config.summary_words);
    let mut dumped = String::new();
    let mut report = SummaryReport {
        split,
        clusters: 0,
        documents: 0,
        sentences,
        words,
        ratio: config.summary_ratio,
        rouge1: RougePair::default(),
        rouge2: RougePair::default(),
        rouge_l: RougePair::default(),
    };
    for (k, (articles, reference)) in clusters(dir, split, limit)?.into_iter().enumerate() {
        let refs: Vec<&AnalyzedArticle> = articles.iter().collect();
        let mut b = brief::brief("neus", &refs, Vec::new(), config);
        // The reference is a headline and a roundup; the brief's counterpart is its
        // headline and its summary, which then gets the rest of the word budget. The
        // baselines get the same budget.
        let budget = brief::summary_budget(&refs, config);
        let headline_words = text::words(&b.headline).count();
        if !b.headline.trim().is_empty() && budget > 0 {
            let rest = BriefConfig {
                summary_words: budget.saturating_sub(headline_words).max(1),
                summary_ratio: 0.0,
                ..config.clone()
            };
            b = brief::brief("neus", &refs, Vec::new(), &rest);
        }
        let mut summary: Vec<&str> = Vec::new();
        if !b.headline.trim().is_empty() {
            summary.push(b.headline.as_str());
        }
        summary.extend(b.summary.iter().map(|l| l.text.as_str()));
        let headed_bodies: Vec<String> = articles
            .iter()
            .map(|a| headed(&a.article.title, &a.article.body))
            .collect();
        let bodies: Vec<&str> = headed_bodies.iter().map(String::as_str).collect();
        let leads = take_within(lead_order(&bodies), sentences, budget);
        let lexrank = take_within(lexrank_order(&bodies), sentences, budget);
        if dump.is_some() {
            let line = serde_json::json!({
                "cluster": k,
                "reference": reference,
                "brief": summary,
                "lead": leads,
                "lexrank": lexrank,
            });
            dumped.push_str(&line.to_string());
            dumped.push('\n');
        }
        let lsum = [
            rouge_lsum(&sentence_tokens(&summary), &sentence_tokens(&[&reference])),
            rouge_lsum(&sentence_tokens(&leads), &sentence_tokens(&[&reference])),
            rouge_lsum(&sentence_tokens(&lexrank), &sentence_tokens(&[&reference])),
        ];
        let ours = tokens(&summary.join(" "));
        let lead = tokens(&leads.join(" "));
        let lexrank = tokens(&lexrank.join(" "));
        let reference = tokens(&reference);
        report.rouge1.add(
            rouge_n(&ours, &reference, 1),
            rouge_n(&lead, &reference, 1),
            rouge_n(&lexrank, &reference, 1),
        );
        report.rouge2.add(
            rouge_n(&ours, &reference, 2),
            rouge_n(&lead, &reference, 2),
            rouge_n(&lexrank, &reference, 2),
        );
        report.rouge_l.add(lsum[0], lsum[1], lsum[2]);
        report.clusters += 1;
        report.documents += articles.len();
    }
    if report.clusters == 0 {
        return Err(EvalError::Dataset {
            path: dir.display().to_string(),
            reason: format!("no cluster in {}.source", split.name()),
        });
    }
    if let Some(path) = dump {
        std::fs::write(path, dumped).map_err(|source| EvalError::Io {
            path: path.display().to_string(),
            source,
        })?;
    }
    report.rouge1 = report.rouge1.averaged(report.clusters);
    report.rouge2 = report.rouge2.averaged(report.clusters);
    report.rouge_l = report.rouge_l.averaged(report.clusters);
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<String> {
        tokens(s)
    }

    #[test]
    fn rouge_matches_hand_counts() {
        let c = toks("the cat sat on the mat");
        let r = toks("the cat lay on the mat");
        let one = rouge_n(&c, &r, 1);
        assert!((one[0] - 5.0 / 6.0).abs() < 1e-12);
        let two = rouge_n(&c, &r, 2);
        // Bigrams: "the cat", "on the", "the mat" shared out of five.
        assert!((two[1] - 3.0 / 5.0).abs() < 1e-12);
        let l = rouge_lsum(std::slice::from_ref(&c), std::slice::from_ref(&r));
        assert!((l[2] - 5.0 / 6.0).abs() < 1e-12);
        assert_eq!(rouge_n(&toks("dogs"), &r, 1), [0.0; 3]);
        assert_eq!(rouge_lsum(&[], std::slice::from_ref(&r)), [0.0; 3]);
        // Summary level: the reference sentence "a b c d" meets "a b" and "c d" in two
        // candidate sentences; the union of their LCS covers all four tokens.
        let cand = sentence_tokens(&["Alpha beta. Gamma delta."]);
        let refs = sentence_tokens(&["Alpha beta gamma delta."]);
        assert_eq!(cand.len(), 2);
        let lsum = rouge_lsum(&cand, &refs);
        assert!((lsum[2] - 1.0).abs() < 1e-12);
    }

    #[test]
    fn documents_split_into_title_and_body() {
        assert_eq!(
            split_doc(" TITLE=> Rain. ARTICLE=> It rained. "),
            ("Rain.".to_string(), "It rained.".to_string())
        );
        assert_eq!(
            split_doc("Just text"),
            (String::new(), "Just text".to_string())
        );
    }
}
