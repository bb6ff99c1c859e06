//! Extraction quality on the public extraction benchmarks: main text, title, byline and
//! publication date, plus throughput.
//!
//! [`evaluate`] loads one [`Dataset`] from its directory (the layout of
//! `../shared/data/extract/<name>`), runs [`extract::extract`] over every page on one
//! thread, and scores the articles against the gold:
//!
//! - main text with the ScrapingHub metric ([`score_bodies`]): tokens are maximal runs of
//!   word characters ([`text::words`], Python's `\w`), each text is the multiset of its
//!   4-token shingles (a text of 1 to 3 tokens is one shingle, no tokens no shingles),
//!   precision and recall are computed per document and averaged (an empty prediction
//!   is left out of the precision mean), F1 is their harmonic mean, and accuracy is the
//!   share of documents whose token sequence equals the gold one;
//! - titles: exact match once whitespace is collapsed and case folded;
//! - bylines: the set of names equals the gold set, case and whitespace folded;
//! - publication dates: the same calendar day.
//!
//! A page whose text extraction fails is scored with an empty body and, for title,
//! byline and date, with what it states about itself ([`extract::metadata`]).
//! Each accuracy counts only the documents whose gold has that field. Throughput counts
//! the time spent in `extract` alone, not reading or decompressing the pages.
//!
//! Every dataset is cut into fixed [`Split`]s by a stable hash of each page's file name
//! ([`split_of_case`], the rule of [`crate::stories::split_of`]): a fifth is held out
//! and read once, when tuning is over; the rest is halved into `dev` (train and tune
//! here) and `test` (check here).

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Instant;

use chrono::NaiveDate;
use model::{Article, RawDoc};
use serde_json::Value;

pub use crate::stories::Split;
use crate::EvalError;

/// The extraction benchmarks under `../shared/data/extract`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Dataset {
    /// `scrapinghub`: `ground-truth.json` maps an id to its `articleBody` and `url`; the
    /// page is `html/<id>.html.gz`. Main text only.
    ScrapingHub,
    /// `wcxb-dev-articles`: `ground-truth/<id>.json` holds `url` and `ground_truth` with
    /// `main_content`, `title`, `author` and `publish_date`; the page is
    /// `html/<id>.html.gz`.
    Wcxb,
    /// `fundus`: per country folder, `<Publisher>.json` holds one gold record per version
    /// (`title`, `authors`, `publishing_date`); the versions, in numeric order, belong
    /// to the publisher's pages `<Publisher>_<YYYY_MM_DD>.html.gz` in date order, and
    /// `meta.info` gives each page's URL.
    Fundus,
    /// `htmldate-dev`: `gold.json` maps a URL to its page `file` (under `html/`) and its
    /// publication `date`. Dates only.
    HtmlDate,
}

impl Dataset {
    /// Every dataset, in a fixed order.
    pub const ALL: [Dataset; 4] = [
        Dataset::ScrapingHub,
        Dataset::Wcxb,
        Dataset::Fundus,
        Dataset::HtmlDate,
    ];

    /// The dataset's folder name under `../shared/data/extract`.
    pub fn name(self) -> &'static str {
        match self {
            Dataset::ScrapingHub => "scrapinghub",
            Dataset::Wcxb => "wcxb-dev-articles",
            Dataset::Fundus => "fundus",
            Dataset::HtmlDate => "htmldate-dev",
        }
    }

    /// The dataset a folder name (or a short alias) names.
    pub fn from_name(name: &str) -> Option<Dataset> {
        match name {
            "scrapinghub" => Some(Dataset::ScrapingHub),
            "wcxb" | "wcxb-dev-articles" => Some(Dataset::Wcxb),
            "fundus" => Some(Dataset::Fundus),
            "htmldate" | "htmldate-dev" => Some(Dataset::HtmlDate),
            _ => None,
        }
    }
}

impl fmt::Display for Dataset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What the gold says about one page; `None` or empty where the dataset does not say.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Gold {
    pub body: Option<String>,
    pub title: Option<String>,
    pub authors: Vec<String>,
    pub published: Option<NaiveDate>,
}

/// One page of a dataset and its gold.
#[derive(Debug, Clone)]
pub struct Case {
    pub id: String,
    pub path: PathBuf,
    pub url: Option<String>,
    pub gold: Gold,
}

/// The ScrapingHub main-text scores.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BodyScore {
    /// Mean per-document shingle precision.
    pub precision: f64,
    /// Mean per-document shingle recall.
    pub recall: f64,
    pub f1: f64,
    /// Share of documents whose token sequence equals the gold one.
    pub accuracy: f64,
}

/// A count of right answers among the documents whose gold has the field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Accuracy {
    pub correct: usize,
    pub total: usize,
}

impl Accuracy {
    /// The share of right answers (0 when nothing was scored).
    pub fn value(self) -> f64 {
        if self.total == 0 {
            0.0
        } else {
            self.correct as f64 / self.total as f64
        }
    }

    fn add(&mut self, scored: bool, right: bool) {
        if scored {
            self.total += 1;
            self.correct += usize::from(right);
        }
    }
}

/// Names found in bylines against the gold's authors, counted one name at a time
/// (folded as for [`Accuracy`] of bylines): precision over the names extraction gave,
/// pages whose gold has no author included (every name given there is wrong), recall
/// over the gold's names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct NameScore {
    /// Names given that the gold lists.
    pub right: usize,
    /// Names given.
    pub given: usize,
    /// Names in the gold.
    pub gold: usize,
}

impl NameScore {
    /// Share of the names given that are right (1 when none were given).
    pub fn precision(self) -> f64 {
        if self.given == 0 {
            1.0
        } else {
            self.right as f64 / self.given as f64
        }
    }

    /// Share of the gold's names that were given (1 when the gold names nobody).
    pub fn recall(self) -> f64 {
        if self.gold == 0 {
            1.0
        } else {
            self.right as f64 / self.gold as f64
        }
    }

    fn add(&mut self, got: &[String], want: &[String]) {
        self.given += got.len();
        self.gold += want.len();
        self.right += got.iter().filter(|n| want.contains(n)).count();
    }
}

/// The scores of one dataset run.
#[derive(Debug, Clone, PartialEq)]
pub struct ExtractReport {
    pub dataset: Dataset,
    /// The part of the dataset scored.
    pub split: Split,
    /// Pages scored.
    pub docs: usize,
    /// Pages that could not be read or yielded no article (scored as empty).
    pub failures: usize,
    /// Main-text scores, when the dataset has gold text.
    pub body: Option<BodyScore>,
    pub title: Accuracy,
    pub byline: Accuracy,
    /// Byline names one by one, over every page whose gold can say who wrote it.
    pub byline_names: NameScore,
    pub published: Accuracy,
    /// Seconds spent inside `extract`.
    pub seconds: f64,
    /// Every wrong title, byline and date, in page order, for looking at failures.
    pub misses: Vec<Miss>,
    /// The main text of every page with gold text, in page order, for looking at the
    /// pages that score worst.
    pub pages: Vec<PageBody>,
}

/// The gold and extracted main text of one page, with its own scores.
#[derive(Debug, Clone, PartialEq)]
pub struct PageBody {
    /// The page's id in its dataset.
    pub id: String,
    /// Shingle precision of this page (`None` for an empty prediction).
    pub precision: Option<f64>,
    /// Shingle recall of this page.
    pub recall: Option<f64>,
    pub gold: String,
    /// What extraction found (empty when nothing).
    pub got: String,
}

impl PageBody {
    /// The page as one JSON object: `id`, `precision`, `recall`, `f1`, `gold`, `got`.
    pub fn to_json(&self) -> Value {
        let f1 = match (self.precision, self.recall) {
            (Some(p), Some(r)) if p + r > 0.0 => 2.0 * p * r / (p + r),
            _ => 0.0,
        };
        serde_json::json!({
            "id": self.id,
            "precision": self.precision,
            "recall": self.recall,
            "f1": f1,
            "gold": self.gold,
            "got": self.got,
        })
    }
}

/// One wrong metadata field of one page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Miss {
    /// The page's id in its dataset.
    pub id: String,
    /// `title`, `byline` or `published`.
    pub field: &'static str,
    /// What extraction found (empty when nothing).
    pub got: String,
    /// What the gold says.
    pub want: String,
}

impl fmt::Display for Miss {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:<9} {}: got {:?}, want {:?}",
            self.field, self.id, self.got, self.want
        )
    }
}

impl ExtractReport {
    /// Writes every page's gold and extracted body with its precision, recall and F1 as
    /// JSON lines to `out`, worst first: the dump of `chorus eval extract --dump`.
    pub fn write_dump(&self, out: &mut impl std::io::Write) -> std::io::Result<()> {
        let mut pages: Vec<Value> = self.pages.iter().map(PageBody::to_json).collect();
        let f1 = |v: &Value| v["f1"].as_f64().unwrap_or(0.0);
        pages.sort_by(|a, b| f1(a).total_cmp(&f1(b)));
        for page in &pages {
            writeln!(out, "{page}")?;
        }
        out.flush()
    }

    /// Pages extracted per second of extraction time.
    pub fn docs_per_sec(&self) -> f64 {
        if self.seconds > 0.0 {
            self.docs as f64 / self.seconds
        } else {
            0.0
        }
    }
}

impl fmt::Display for ExtractReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{} [{}]: {} docs ({} failed) in {:.2}s: {:.1} docs/s",
            self.dataset,
            self.split,
            self.docs,
            self.failures,
            self.seconds,
            self.docs_per_sec()
        )?;
        if let Some(b) = &self.body {
            writeln!(
                f,
                "  body       precision {:.4}  recall {:.4}  f1 {:.4}  accuracy {:.4}",
                b.precision, b.recall, b.f1, b.accuracy
            )?;
        }
        for (name, acc) in [
            ("title", self.title),
            ("byline", self.byline),
            ("published", self.published),
        ] {
            if acc.total > 0 {
                writeln!(
                    f,
                    "  {name:<10} accuracy {:.4}  ({}/{})",
                    acc.value(),
                    acc.correct,
                    acc.total
                )?;
            }
            if name == "byline" && self.byline.total > 0 {
                let n = self.byline_names;
                writeln!(
                    f,
                    "  {:<10} precision {:.4}  recall {:.4}  ({} right of {} given, {} in gold)",
                    "names",
                    n.precision(),
                    n.recall(),
                    n.right,
                    n.given,
                    n.gold
                )?;
            }
        }
        Ok(())
    }
}

/// Loads a dataset's pages and gold from `dir`, sorted by id; `limit` keeps the first
/// pages only.
pub fn load(dataset: Dataset, dir: &Path, limit: Option<usize>) -> Result<Vec<Case>, EvalError> {
    let mut cases = match dataset {
        Dataset::ScrapingHub => load_scrapinghub(dir)?,
        Dataset::Wcxb => load_wcxb(dir)?,
        Dataset::Fundus => load_fundus(dir)?,
        Dataset::HtmlDate => load_htmldate(dir)?,
    };
    cases.sort_by(|a, b| a.id.cmp(&b.id));
    if let Some(n) = limit {
        cases.truncate(n);
    }
    Ok(cases)
}

/// The split a page belongs to, by its file name (never [`Split::All`]): a stable hash,
/// so the cut is the same on every machine and in every run.
pub fn split_of_case(case: &Case) -> Split {
    let name = case
        .path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| case.id.clone());
    crate::stories::split_of(&name, None)
}

/// The pages of `split`, in order, the first `limit` of them. The hold-out is refused
/// unless `done_tuning` says tuning is over.
pub fn select(
    cases: Vec<Case>,
    split: Split,
    done_tuning: bool,
    limit: Option<usize>,
) -> Result<Vec<Case>, EvalError> {
    if split == Split::Holdout && !done_tuning {
        return Err(EvalError::Holdout);
    }
    let mut cases: Vec<Case> = cases
        .into_iter()
        .filter(|c| split == Split::All || split_of_case(c) == split)
        .collect();
    if let Some(n) = limit {
        cases.truncate(n);
    }
    Ok(cases)
}

/// Which pages of a dataset [`evaluate`] scores.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Selection {
    pub split: Split,
    /// Allows [`Split::Holdout`] (and [`Split::All`], which holds it).
    pub done_tuning: bool,
    /// Scores only the first pages of the split.
    pub limit: Option<usize>,
}

impl Default for Selection {
    /// The dev split, every page of it.
    fn default() -> Self {
        Selection {
            split: Split::Dev,
            done_tuning: false,
            limit: None,
        }
    }
}

/// The pages of a dataset in `dir` that `selection` names.
pub fn load_selection(
    dataset: Dataset,
    dir: &Path,
    selection: Selection,
) -> Result<Vec<Case>, EvalError> {
    if selection.split == Split::All && !selection.done_tuning {
        return Err(EvalError::Holdout);
    }
    select(
        load(dataset, dir, None)?,
        selection.split,
        selection.done_tuning,
        selection.limit,
    )
}

/// Runs extraction over the selected pages of a dataset in `dir` and scores them.
pub fn evaluate(
    dataset: Dataset,
    dir: &Path,
    selection: Selection,
) -> Result<ExtractReport, EvalError> {
    let cases = load_selection(dataset, dir, selection)?;
    let config = extract::ExtractConfig::default();
    let mut failures = 0;
    let mut seconds = 0.0;
    let mut bodies: Vec<(&str, String)> = Vec::new();
    let (mut title, mut byline, mut published) = Default::default();
    let mut byline_names = NameScore::default();
    // Bylines are scored only on datasets whose gold says who wrote the pages.
    let has_authors = cases.iter().any(|c| !c.gold.authors.is_empty());
    let mut misses = Vec::new();
    for case in &cases {
        let raw = read_page(case);
        let article = raw.as_ref().and_then(|raw| {
            let started = Instant::now();
            let article = extract::extract(raw, &config).ok();
            seconds += started.elapsed().as_secs_f64();
            article
        });
        if article.is_none() {
            failures += 1;
        }
        // A page with no article text still states its title, author and date: those
        // are scored (its body counts as empty).
        let stated = match (&article, &raw) {
            (None, Some(raw)) => Some(stated_metadata(raw)),
            _ => None,
        };
        let gold = &case.gold;
        if let Some(body) = &gold.body {
            bodies.push((
                body,
                article.as_ref().map(|a| a.body.clone()).unwrap_or_default(),
            ));
        }
        let a = article.as_ref().or(stated.as_ref());
        let title_scored = gold.title.as_deref().is_some_and(|t| !t.trim().is_empty());
        let title_right =
            a.is_some_and(|a| same_title(&a.title, gold.title.as_deref().unwrap_or("")));
        Accuracy::add(&mut title, title_scored, title_right);
        if title_scored && !title_right {
            misses.push(Miss {
                id: case.id.clone(),
                field: "title",
                got: a.map(|a| a.title.clone()).unwrap_or_default(),
                want: gold.title.clone().unwrap_or_default(),
            });
        }
        let byline_scored = !name_set(gold.authors.iter().map(String::as_str)).is_empty();
        let byline_right = a.is_some_and(|a| same_people(a.byline.as_deref(), &gold.authors));
        Accuracy::add(&mut byline, byline_scored, byline_right);
        if has_authors {
            byline_names.add(
                &name_set(a.and_then(|a| a.byline.as_deref()).into_iter()),
                &name_set(gold.authors.iter().map(String::as_str)),
            );
        }
        if byline_scored && !byline_right {
            misses.push(Miss {
                id: case.id.clone(),
                field: "byline",
                got: a.and_then(|a| a.byline.clone()).unwrap_or_default(),
                want: gold.authors.join(", "),
            });
        }
        let date_right = a.is_some_and(|a| a.published.is_some() && a.published == gold.published);
        Accuracy::add(&mut published, gold.published.is_some(), date_right);
        if let Some(want) = gold.published.filter(|_| !date_right) {
            misses.push(Miss {
                id: case.id.clone(),
                field: "published",
                got: a
                    .and_then(|a| a.published)
                    .map(|d| d.to_string())
                    .unwrap_or_default(),
                want: want.to_string(),
            });
        }
    }
    let body = (!bodies.is_empty())
        .then(|| score_bodies(bodies.iter().map(|(gold, pred)| (*gold, pred.as_str()))));
    let pages = cases
        .iter()
        .filter(|c| c.gold.body.is_some())
        .zip(bodies)
        .map(|(case, (gold, got))| {
            let (precision, recall) = score_page(gold, &got);
            PageBody {
                id: case.id.clone(),
                precision,
                recall,
                gold: gold.to_string(),
                got,
            }
        })
        .collect();
    Ok(ExtractReport {
        dataset,
        split: selection.split,
        docs: cases.len(),
        failures,
        body,
        title,
        byline,
        byline_names,
        published,
        seconds,
        misses,
        pages,
    })
}

/// Reads and decodes one page the way the pipeline does, with the URL the gold gives.
pub fn read_page(case: &Case) -> Option<RawDoc> {
    let mut doc = None;
    ingest::read(
        &ingest::Input::File(case.path.clone()),
        &ingest::Limits::default(),
        &mut |item| {
            if doc.is_none() {
                doc = item.ok();
            }
        },
    );
    doc.map(|d| RawDoc {
        url: case.url.clone(),
        ..d
    })
}

/// The metadata a page states about itself as an article with an empty body, for a
/// page whose text extraction failed.
fn stated_metadata(raw: &RawDoc) -> Article {
    let m = extract::metadata(raw);
    Article {
        id: raw.id.clone(),
        title: m.title,
        outlet: m.outlet,
        outlet_inferred: false,
        byline: m.byline,
        published: m.published,
        language: m.language,
        body: String::new(),
        url: raw.url.clone(),
    }
}

/// The ScrapingHub metric over `(gold, predicted)` text pairs.
pub fn score_bodies<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> BodyScore {
    let (mut precisions, mut recalls) = (Vec::new(), Vec::new());
    let (mut exact, mut docs) = (0usize, 0usize);
    for (gold, pred) in pairs {
        docs += 1;
        let (precision, recall) = score_page(gold, pred);
        precisions.extend(precision);
        recalls.extend(recall);
        exact += usize::from(
            text::words(gold)
                .map(|(_, w)| w)
                .eq(text::words(pred).map(|(_, w)| w)),
        );
    }
    let mean = |v: &[f64]| {
        if v.is_empty() {
            0.0
        } else {
            v.iter().sum::<f64>() / v.len() as f64
        }
    };
    let precision = mean(&precisions);
    let recall = mean(&recalls);
    let f1 = if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    };
    BodyScore {
        precision,
        recall,
        f1,
        accuracy: if docs == 0 {
            0.0
        } else {
            exact as f64 / docs as f64
        },
    }
}

/// The shingle precision and recall of one page, each `None` when it is left out of
/// the mean: precision for an empty prediction of a non-empty gold, recall for a
/// non-empty prediction of an empty gold.
fn score_page(gold: &str, pred: &str) -> (Option<f64>, Option<f64>) {
    let gold_tokens: Vec<&str> = text::words(gold).map(|(_, w)| w).collect();
    let pred_tokens: Vec<&str> = text::words(pred).map(|(_, w)| w).collect();
    let g = shingles(&gold_tokens);
    let p = shingles(&pred_tokens);
    let mut tp = 0usize;
    let mut fp = 0usize;
    for (s, &n) in &p {
        let m = g.get(s).copied().unwrap_or(0);
        tp += n.min(m);
        fp += n.saturating_sub(m);
    }
    let fn_: usize = g
        .iter()
        .map(|(s, &m)| m.saturating_sub(p.get(s).copied().unwrap_or(0)))
        .sum();
    let precision = if tp + fp > 0 {
        Some(tp as f64 / (tp + fp) as f64)
    } else {
        (fn_ == 0).then_some(1.0)
    };
    let recall = if tp + fn_ > 0 {
        Some(tp as f64 / (tp + fn_) as f64)
    } else {
        (fp == 0).then_some(1.0)
    };
    (precision, recall)
}

/// The multiset of 4-token shingles; 1 to 3 tokens make one shingle of them all.
fn shingles<'a>(tokens: &[&'a str]) -> HashMap<Vec<&'a str>, usize> {
    let mut out = HashMap::new();
    if tokens.is_empty() {
        return out;
    }
    if tokens.len() < 4 {
        out.insert(tokens.to_vec(), 1);
        return out;
    }
    for w in tokens.windows(4) {
        *out.entry(w.to_vec()).or_insert(0) += 1;
    }
    out
}

/// Whitespace collapsed and case folded.
fn fold(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// A title folded for comparison: typographic quotes, dashes, ellipses, full-width
/// punctuation and invisible spaces become their plain forms, then [`fold`]. The gold
/// titles mix both typographies (often within one dataset), and which apostrophe a page
/// uses is not what the title test measures.
fn fold_title(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\u{2018}' | '\u{2019}' | '\u{201a}' | '\u{201b}' | '\u{2032}' | '`' | '\u{b4}' => {
                out.push('\'')
            }
            '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{201f}' | '\u{2033}' => out.push('"'),
            '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
            | '\u{2212}' => out.push('-'),
            '\u{2026}' => out.push_str("..."),
            '\u{a0}' | '\u{2007}' | '\u{202f}' | '\u{3000}' => out.push(' '),
            '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}' | '\u{ad}' => {}
            '\u{ff01}'..='\u{ff5e}' => {
                // Full-width ASCII forms sit at a fixed offset from ASCII.
                out.push(char::from_u32(c as u32 - 0xfee0).unwrap_or(c));
            }
            _ => out.push(c),
        }
    }
    fold(&out)
}

/// True when two titles are the same once folded (typographic punctuation made plain,
/// whitespace collapsed, case folded): how titles are scored.
pub fn same_title(got: &str, want: &str) -> bool {
    fold_title(got) == fold_title(want)
}

/// Folded names, a byline being split on commas, semicolons, ampersands and " and ".
fn name_set<'a>(names: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut out: Vec<String> = names
        .flat_map(|n| n.split([',', ';', '&']))
        .flat_map(|n| n.split(" and "))
        .map(fold)
        .filter(|n| !n.is_empty())
        .collect();
    out.sort();
    out.dedup();
    out
}

fn same_people(got: Option<&str>, want: &[String]) -> bool {
    name_set(got.into_iter()) == name_set(want.iter().map(String::as_str))
}

fn read_json(path: &Path) -> Result<Value, EvalError> {
    let name = path.display().to_string();
    let content = std::fs::read_to_string(path).map_err(|source| EvalError::Io {
        path: name.clone(),
        source,
    })?;
    serde_json::from_str(&content).map_err(|source| EvalError::Json {
        path: name,
        line: source.line(),
        source,
    })
}

fn str_field(v: &Value, key: &str) -> Option<String> {
    v.get(key)
        .and_then(Value::as_str)
        .map(str::to_string)
        .filter(|s| !s.trim().is_empty())
}

/// The day of a gold date such as `2023-04-28 17:40:08+00:00` or `2011-12-03`.
fn gold_day(v: Option<&Value>) -> Option<NaiveDate> {
    let s = v?.as_str()?.trim();
    let day = s.get(..10)?;
    NaiveDate::parse_from_str(day, "%Y-%m-%d").ok()
}

fn sorted_entries(dir: &Path) -> Result<Vec<PathBuf>, EvalError> {
    let entries = std::fs::read_dir(dir).map_err(|source| EvalError::Io {
        path: dir.display().to_string(),
        source,
    })?;
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    Ok(paths)
}

fn load_scrapinghub(dir: &Path) -> Result<Vec<Case>, EvalError> {
    let gold_path = dir.join("ground-truth.json");
    let gold = read_json(&gold_path)?;
    let Some(map) = gold.as_object() else {
        return Err(missing(&gold_path, "articleBody"));
    };
    Ok(map
        .iter()
        .map(|(id, v)| Case {
            id: id.clone(),
            path: dir.join("html").join(format!("{id}.html.gz")),
            url: str_field(v, "url"),
            gold: Gold {
                body: Some(str_field(v, "articleBody").unwrap_or_default()),
                ..Gold::default()
            },
        })
        .collect())
}

fn load_wcxb(dir: &Path) -> Result<Vec<Case>, EvalError> {
    let mut cases = Vec::new();
    for path in sorted_entries(&dir.join("ground-truth"))? {
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let v = read_json(&path)?;
        let id = str_field(&v, "file_id")
            .or_else(|| {
                path.file_stem()
                    .and_then(|s| s.to_str())
                    .map(str::to_string)
            })
            .unwrap_or_default();
        let gt = v
            .get("ground_truth")
            .ok_or_else(|| missing(&path, "ground_truth"))?;
        cases.push(Case {
            path: dir.join("html").join(format!("{id}.html.gz")),
            url: str_field(&v, "url"),
            gold: Gold {
                body: Some(str_field(gt, "main_content").unwrap_or_default()),
                title: str_field(gt, "title"),
                authors: str_field(gt, "author").into_iter().collect(),
                published: gold_day(gt.get("publish_date")),
            },
            id,
        });
    }
    Ok(cases)
}

fn load_fundus(dir: &Path) -> Result<Vec<Case>, EvalError> {
    let mut cases = Vec::new();
    for country in sorted_entries(dir)? {
        if !country.is_dir() {
            continue;
        }
        let files = sorted_entries(&country)?;
        let info_path = country.join("meta.info");
        let info = if info_path.is_file() {
            read_json(&info_path)?
        } else {
            Value::Null
        };
        for gold_path in files
            .iter()
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
        {
            let Some(publisher) = gold_path.file_stem().and_then(|s| s.to_str()) else {
                continue;
            };
            let gold = read_json(gold_path)?;
            let Some(versions) = gold.as_object() else {
                return Err(missing(gold_path, "title"));
            };
            let mut versions: Vec<(&String, &Value)> = versions.iter().collect();
            versions.sort_by_key(|(k, _)| version_order(k));
            // The pages are named by date, so the sorted file names are in date order.
            let pages: Vec<&PathBuf> = files
                .iter()
                .filter(|p| is_fundus_page(p, publisher))
                .collect();
            for ((_, v), page) in versions.into_iter().zip(pages) {
                let file = page
                    .file_name()
                    .and_then(|n| n.to_str())
                    .unwrap_or_default();
                let authors = v
                    .get("authors")
                    .and_then(Value::as_array)
                    .map(|a| {
                        a.iter()
                            .filter_map(Value::as_str)
                            .map(str::to_string)
                            .collect()
                    })
                    .unwrap_or_default();
                cases.push(Case {
                    id: ingest::file_id(page),
                    path: page.clone(),
                    url: info.get(file).and_then(|i| str_field(i, "url")),
                    gold: Gold {
                        body: None,
                        title: str_field(v, "title"),
                        authors,
                        published: gold_day(v.get("publishing_date")),
                    },
                });
            }
        }
    }
    Ok(cases)
}

/// The numbers of a version key (`V1_1` -> `[1, 1]`), for sorting versions in order.
fn version_order(key: &str) -> Vec<u64> {
    key.split(|c: char| !c.is_ascii_digit())
        .filter_map(|n| n.parse().ok())
        .collect()
}

/// True for `<publisher>_<YYYY_MM_DD>.html.gz`.
fn is_fundus_page(path: &Path, publisher: &str) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    name.strip_prefix(publisher)
        .and_then(|rest| rest.strip_prefix('_'))
        .and_then(|rest| rest.strip_suffix(".html.gz"))
        .is_some_and(|date| {
            date.len() == 10
                && date.bytes().enumerate().all(|(i, b)| {
                    if i == 4 || i == 7 {
                        b == b'_'
                    } else {
                        b.is_ascii_digit()
                    }
                })
        })
}

fn load_htmldate(dir: &Path) -> Result<Vec<Case>, EvalError> {
    let gold_path = dir.join("gold.json");
    let gold = read_json(&gold_path)?;
    let Some(map) = gold.as_object() else {
        return Err(missing(&gold_path, "file"));
    };
    let mut cases = Vec::new();
    for (url, v) in map {
        let file = str_field(v, "file").ok_or_else(|| missing(&gold_path, "file"))?;
        let path = dir.join("html").join(&file);
        cases.push(Case {
            id: ingest::file_id(&path),
            path,
            url: Some(url.clone()),
            gold: Gold {
                published: gold_day(v.get("date")),
                ..Gold::default()
            },
        });
    }
    Ok(cases)
}

fn missing(path: &Path, field: &'static str) -> EvalError {
    EvalError::MissingField {
        path: path.display().to_string(),
        line: 0,
        field,
    }
}

/// Scores of every dataset found under `data/extract`, keyed by dataset; datasets whose
/// folder is absent are left out.
pub fn evaluate_all(
    data: &Path,
    selection: Selection,
) -> Result<BTreeMap<Dataset, ExtractReport>, EvalError> {
    let mut out = BTreeMap::new();
    for dataset in Dataset::ALL {
        let dir = data.join("extract").join(dataset.name());
        if dir.is_dir() {
            out.insert(dataset, evaluate(dataset, &dir, selection)?);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identical_texts_score_one() {
        let s = score_bodies([(
            "The harbour bridge reopened today.",
            "The harbour bridge reopened today!",
        )]);
        assert_eq!(s.precision, 1.0);
        assert_eq!(s.recall, 1.0);
        assert_eq!(s.accuracy, 1.0);
    }

    #[test]
    fn shingle_counts_follow_the_definition() {
        // Gold: a b c d e (2 shingles); prediction: a b c d x y (3 shingles, 1 shared).
        let s = score_bodies([("a b c d e", "a b c d x y")]);
        assert!((s.precision - 1.0 / 3.0).abs() < 1e-12);
        assert!((s.recall - 0.5).abs() < 1e-12);
        assert_eq!(s.accuracy, 0.0);
        // A repeated shingle counts as often as it occurs.
        let s = score_bodies([("a b c d", "a b c d a b c d")]);
        assert!((s.precision - 1.0 / 5.0).abs() < 1e-12);
        assert_eq!(s.recall, 1.0);
        // Short texts are one shingle of all their tokens.
        let s = score_bodies([("ab cd", "ab cd")]);
        assert_eq!((s.precision, s.recall), (1.0, 1.0));
    }

    #[test]
    fn empty_predictions_cost_recall_only() {
        let s = score_bodies([("one two three four five", ""), ("a b c d", "a b c d")]);
        assert_eq!(s.precision, 1.0);
        assert!((s.recall - 0.5).abs() < 1e-12);
        assert!((s.f1 - 2.0 / 3.0).abs() < 1e-12);
        assert!((s.accuracy - 0.5).abs() < 1e-12);
        let s = score_bodies([("", "")]);
        assert_eq!((s.precision, s.recall, s.accuracy), (1.0, 1.0, 1.0));
    }

    #[test]
    fn names_and_titles_are_folded() {
        assert!(same_title("Bridge  Reopens\n", "bridge reopens"));
        assert!(same_title(
            "Harbour\u{2019}s \u{201c}new\u{201d} bridge \u{2013} reopens\u{2026}",
            "Harbour's \"New\" bridge - reopens..."
        ));
        assert!(same_title("Does it work\u{ff1f}", "Does it work?"));
        assert!(!same_title("Bridge reopens", "Bridge reopens today"));
        assert!(same_people(
            Some("Jane Doe, John Roe"),
            &["JOHN ROE".to_string(), "Jane Doe".to_string()]
        ));
        assert!(same_people(
            Some("Jane Doe, John Roe"),
            &["Jane Doe and John Roe".to_string()]
        ));
        assert!(!same_people(None, &["Jane Doe".to_string()]));
    }

    #[test]
    fn byline_names_count_one_by_one() {
        let mut n = NameScore::default();
        n.add(
            &name_set(["Jane Doe, Staff"].into_iter()),
            &name_set(["Jane Doe"].into_iter()),
        );
        n.add(&name_set(["John Roe"].into_iter()), &[]);
        n.add(&[], &name_set(["Ann Poe and Bo Li"].into_iter()));
        assert_eq!((n.right, n.given, n.gold), (1, 3, 3));
        assert!((n.precision() - 1.0 / 3.0).abs() < 1e-12);
        assert_eq!(NameScore::default().precision(), 1.0);
    }

    #[test]
    fn fundus_pages_and_versions_pair_up() {
        assert!(is_fundus_page(
            Path::new("x/APNews_2023_04_28.html.gz"),
            "APNews"
        ));
        assert!(!is_fundus_page(
            Path::new("x/APNewsX_2023_04_28.html.gz"),
            "APNews"
        ));
        assert!(!is_fundus_page(Path::new("x/APNews.json"), "APNews"));
        let mut keys = vec!["V10", "V1_1", "V2", "V1"];
        keys.sort_by_key(|k| version_order(k));
        assert_eq!(keys, vec!["V1", "V1_1", "V2", "V10"]);
    }

    #[test]
    fn splits_are_fixed_by_file_name_and_guard_the_holdout() {
        let case = |name: &str| Case {
            id: name.to_string(),
            path: PathBuf::from(format!("/data/{name}.html.gz")),
            url: None,
            gold: Gold::default(),
        };
        let cases: Vec<Case> = (0..1000).map(|i| case(&format!("page{i}"))).collect();
        let count = |s: Split| cases.iter().filter(|c| split_of_case(c) == s).count();
        let (dev, test, hold) = (count(Split::Dev), count(Split::Test), count(Split::Holdout));
        assert_eq!(dev + test + hold, 1000);
        assert!((150..250).contains(&hold), "{hold} held out");
        assert!((300..500).contains(&dev) && (300..500).contains(&test));
        // The folder does not matter, only the file name.
        let mut moved = case("page7");
        moved.path = PathBuf::from("/elsewhere/page7.html.gz");
        assert_eq!(split_of_case(&moved), split_of_case(&case("page7")));
        assert!(matches!(
            select(cases.clone(), Split::Holdout, false, None),
            Err(EvalError::Holdout)
        ));
        let test_pages = select(cases, Split::Test, false, Some(5)).unwrap();
        assert_eq!(test_pages.len(), 5);
        assert!(test_pages.iter().all(|c| split_of_case(c) == Split::Test));
    }

    #[test]
    fn gold_days_ignore_the_time() {
        assert_eq!(
            gold_day(Some(&Value::from("2023-04-28 17:40:08+00:00"))),
            NaiveDate::from_ymd_opt(2023, 4, 28)
        );
        assert_eq!(gold_day(Some(&Value::from("soon"))), None);
        assert_eq!(gold_day(None), None);
    }
}
