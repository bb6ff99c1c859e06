//! Story clustering measured as users run it: the documents of a labelled dataset are
//! written as JSON lines (`id`, `title` where the data has one, `text`, `published` where
//! the data has it), read back by the engine's own reader and passed through extraction,
//! analysis and the corpus grouping of `chorus analyze` ([`engine::analyze_articles`] and
//! [`engine::group_stories`]); the stories are mapped back to the dataset's documents by
//! article id and scored with B³ and pairwise precision, recall and F1. A batch TF-IDF
//! average-link [`baseline`] is scored in the same run.
//!
//! Datasets ([`DataFormat`]): ECB+, BASIL, AllSides 2021 (the NeuS crawl) and any JSON
//! lines with a gold `cluster`. Each is cut into [`Split`]s by [`split_of`]: a fifth of the
//! groups is held out, the rest is split into a dev half to tune on and a test half to
//! report on.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use chrono::NaiveDate;
use cluster::ClusterConfig;
use serde_json::{json, Value};

use crate::{b_cubed, pairwise, EvalError, Prf};

pub mod baseline;

/// The shape of a clustering dataset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DataFormat {
    /// ECB+ documents: `doc_id`, `topic`, `cluster`, `text` (no title, no date).
    Ecb,
    /// BASIL articles: `id`, `cluster`, `date`, `title`, `text`.
    Basil,
    /// The AllSides crawl of NeuS: one line per event with up to three sides' articles.
    AllSides,
    /// Any JSON lines with `id` (or `doc_id`), `text`, `cluster`, and optionally `title`
    /// and `published` (or `date`).
    Jsonl,
}

impl DataFormat {
    /// The format named `ecb`, `basil`, `allsides` or `jsonl`.
    pub fn from_name(name: &str) -> Option<Self> {
        match name.to_ascii_lowercase().as_str() {
            "ecb" | "ecb+" | "ecbplus" => Some(DataFormat::Ecb),
            "basil" => Some(DataFormat::Basil),
            "allsides" | "neus" => Some(DataFormat::AllSides),
            "jsonl" | "generic" => Some(DataFormat::Jsonl),
            _ => None,
        }
    }

    /// The format's short name.
    pub fn name(self) -> &'static str {
        match self {
            DataFormat::Ecb => "ecb",
            DataFormat::Basil => "basil",
            DataFormat::AllSides => "allsides",
            DataFormat::Jsonl => "jsonl",
        }
    }

    /// The format of a dataset, told from the fields of its first JSON line: `news` is
    /// AllSides, `doc_id` with `topic` is ECB+, `main_event` is BASIL, `cluster` is the
    /// generic shape.
    pub fn detect(content: &str) -> Option<Self> {
        let line = content.lines().find(|l| !l.trim().is_empty())?;
        let value: Value = serde_json::from_str(line).ok()?;
        let has = |k: &str| value.get(k).is_some();
        if has("news") {
            Some(DataFormat::AllSides)
        } else if has("doc_id") && has("topic") {
            Some(DataFormat::Ecb)
        } else if has("main_event") {
            Some(DataFormat::Basil)
        } else if has("cluster") {
            Some(DataFormat::Jsonl)
        } else {
            None
        }
    }
}

impl fmt::Display for DataFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A part of a dataset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Split {
    /// Tune here.
    Dev,
    /// Report here.
    Test,
    /// Read once, when tuning is over.
    Holdout,
    /// Every document.
    All,
}

impl Split {
    /// The split named `dev`, `test`, `holdout` or `all`.
    pub fn from_name(name: &str) -> Option<Self> {
        match name.to_ascii_lowercase().as_str() {
            "dev" => Some(Split::Dev),
            "test" => Some(Split::Test),
            "holdout" => Some(Split::Holdout),
            "all" => Some(Split::All),
            _ => None,
        }
    }

    /// The split's name.
    pub fn name(self) -> &'static str {
        match self {
            Split::Dev => "dev",
            Split::Test => "test",
            Split::Holdout => "holdout",
            Split::All => "all",
        }
    }
}

impl fmt::Display for Split {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The split a group of documents belongs to (never [`Split::All`]).
///
/// The group is what must not be divided: an AllSides event, an ECB+ topic (both of its
/// events), a BASIL or generic gold cluster. Its key (the event id, the topic number or
/// the cluster label, as written in the data) is hashed with [`text::hash64`] (seeded),
/// so the choice is stable across runs and machines and independent of the data's order.
/// A hash divisible by 5 puts the group in the hold-out (a fifth of the groups). Of the
/// rest, `dev_hint` decides when the dataset has a rule of its own (AllSides: dated up to
/// 2021-07-15 is dev; ECB+: odd topics are dev), and otherwise bit 8 of the hash does
/// (half and half). The rule was fixed before any tuning of issue 17 and must not move.
pub fn split_of(group: &str, dev_hint: Option<bool>) -> Split {
    let h = text::hash64(group.as_bytes());
    if h.is_multiple_of(5) {
        return Split::Holdout;
    }
    let dev = dev_hint.unwrap_or((h >> 8).is_multiple_of(2));
    if dev {
        Split::Dev
    } else {
        Split::Test
    }
}

/// One document of a clustering dataset, as it will be handed to the engine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Doc {
    pub id: String,
    /// The title, where the dataset has one.
    pub title: Option<String>,
    pub text: String,
    /// The publication date, where the dataset has one.
    pub published: Option<NaiveDate>,
    /// The gold cluster.
    pub gold: String,
    /// The key of the group the split keeps together (see [`split_of`]).
    pub group: String,
    /// The dataset's own dev/test rule for the group, if it has one.
    pub dev_hint: Option<bool>,
}

impl Doc {
    /// The split this document belongs to.
    pub fn split(&self) -> Split {
        split_of(&self.group, self.dev_hint)
    }
}

/// The fewest words (whitespace-separated, in the body) of an AllSides article kept.
pub const ALLSIDES_MIN_WORDS: usize = 30;

/// The last day of the AllSides dev part.
fn allsides_dev_end() -> NaiveDate {
    NaiveDate::from_ymd_opt(2021, 7, 15).unwrap_or(NaiveDate::MIN)
}

/// Reads a clustering dataset; `format` is detected from the content when not given.
pub fn load(path: &Path, format: Option<DataFormat>) -> Result<(DataFormat, Vec<Doc>), EvalError> {
    let name = path.display().to_string();
    let content = std::fs::read_to_string(path).map_err(|source| EvalError::Io {
        path: name.clone(),
        source,
    })?;
    parse(&content, &name, format)
}

/// Parses a clustering dataset; `source` names it in errors. Ids must be unique (after
/// trimming, as the engine's reader trims them) and not empty.
pub fn parse(
    content: &str,
    source: &str,
    format: Option<DataFormat>,
) -> Result<(DataFormat, Vec<Doc>), EvalError> {
    let format = match format.or_else(|| DataFormat::detect(content)) {
        Some(f) => f,
        None => {
            return Err(EvalError::Dataset {
                path: source.to_string(),
                reason: "cannot tell the format from the first line; give --format \
                         ecb|basil|allsides|jsonl"
                    .to_string(),
            })
        }
    };
    let mut docs = Vec::new();
    for line in crate::json_lines(content, source) {
        let (line_no, value) = line?;
        let missing = |field: &'static str| EvalError::MissingField {
            path: source.to_string(),
            line: line_no,
            field,
        };
        match format {
            DataFormat::AllSides => allsides_docs(&value, &mut docs).map_err(missing)?,
            DataFormat::Ecb => {
                let id = string(&value, &["doc_id", "id"]).ok_or_else(|| missing("doc_id"))?;
                let text = string(&value, &["text"]).ok_or_else(|| missing("text"))?;
                let gold = label(value.get("cluster")).ok_or_else(|| missing("cluster"))?;
                let topic = label(value.get("topic")).ok_or_else(|| missing("topic"))?;
                let odd = topic.parse::<u64>().ok().map(|t| t % 2 == 1);
                docs.push(Doc {
                    id,
                    title: None,
                    text,
                    published: None,
                    gold,
                    group: topic.clone(),
                    dev_hint: odd,
                });
            }
            DataFormat::Basil | DataFormat::Jsonl => {
                let id = string(&value, &["id", "doc_id"]).ok_or_else(|| missing("id"))?;
                let text = string(&value, &["text"]).ok_or_else(|| missing("text"))?;
                let gold = label(value.get("cluster")).ok_or_else(|| missing("cluster"))?;
                let published = string(&value, &["published", "date"])
                    .as_deref()
                    .and_then(parse_day);
                docs.push(Doc {
                    id,
                    title: string(&value, &["title"]).filter(|t| !t.trim().is_empty()),
                    text,
                    published,
                    group: gold.clone(),
                    gold,
                    dev_hint: None,
                });
            }
        }
    }
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (i, d) in docs.iter().enumerate() {
        let id = d.id.trim();
        if id.is_empty() {
            return Err(EvalError::Dataset {
                path: source.to_string(),
                reason: format!("document {} has an empty id", i + 1),
            });
        }
        if seen.insert(id, i).is_some() {
            return Err(EvalError::Dataset {
                path: source.to_string(),
                reason: format!("id {id:?} is used twice"),
            });
        }
    }
    Ok((format, docs))
}

/// The articles of one AllSides event: one per side with at least
/// [`ALLSIDES_MIN_WORDS`] words, id `{event}-{side}`, the paragraphs joined by blank
/// lines, dated the event's day.
fn allsides_docs(value: &Value, docs: &mut Vec<Doc>) -> Result<(), &'static str> {
    let event = label(value.get("id")).ok_or("id")?;
    let published = string(value, &["date"]).as_deref().and_then(parse_day);
    let news = value.get("news").and_then(Value::as_object).ok_or("news")?;
    for side in ["left", "center", "right"] {
        let Some(article) = news.get(side) else {
            continue;
        };
        let text = match article.get("newBody") {
            Some(Value::Array(paragraphs)) => paragraphs
                .iter()
                .filter_map(Value::as_str)
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .collect::<Vec<_>>()
                .join("\n\n"),
            Some(Value::String(s)) => s.trim().to_string(),
            _ => continue,
        };
        if text.split_whitespace().count() < ALLSIDES_MIN_WORDS {
            continue;
        }
        docs.push(Doc {
            id: format!("{event}-{side}"),
            title: string(article, &["newsTitle"]).filter(|t| !t.trim().is_empty()),
            text,
            published,
            gold: event.clone(),
            group: event.to_string(),
            dev_hint: published.map(|d| d <= allsides_dev_end()),
        });
    }
    Ok(())
}

/// The first of `names` that is a string field of `value`.
fn string(value: &Value, names: &[&str]) -> Option<String> {
    names
        .iter()
        .find_map(|k| value.get(*k).and_then(Value::as_str))
        .map(str::to_string)
}

/// A string or number field as a label.
fn label(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn parse_day(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.trim().get(..10)?, "%Y-%m-%d").ok()
}

/// The documents of `split`. The hold-out is refused unless `done_tuning` says tuning is
/// over: it is to be read once, at the end; until then [`Split::All`] is dev and test.
pub fn select(docs: &[Doc], split: Split, done_tuning: bool) -> Result<Vec<Doc>, EvalError> {
    if split == Split::Holdout && !done_tuning {
        return Err(EvalError::Holdout);
    }
    Ok(docs
        .iter()
        .filter(|d| match split {
            Split::All => done_tuning || d.split() != Split::Holdout,
            wanted => d.split() == wanted,
        })
        .cloned()
        .collect())
}

/// Overrides fields of a [`ClusterConfig`] by their serde names: each `key=value` patches
/// the serialised settings (the value read as JSON, else as a string) before they are read
/// back, so every field can be set without code of its own. An unknown key or a value of
/// the wrong type is an error naming it.
pub fn patch_config(base: &ClusterConfig, sets: &[String]) -> Result<ClusterConfig, EvalError> {
    let setting = |key: &str, reason: String| EvalError::Setting {
        key: key.to_string(),
        reason,
    };
    let mut value = serde_json::to_value(base).map_err(|e| setting("", e.to_string()))?;
    let Some(fields) = value.as_object_mut() else {
        return Err(setting("", "the settings are not an object".to_string()));
    };
    for set in sets {
        let Some((key, raw)) = set.split_once('=') else {
            return Err(setting(set, "expected key=value".to_string()));
        };
        let key = key.trim();
        let Some(slot) = fields.get_mut(key) else {
            let known: Vec<&str> = fields.keys().map(String::as_str).collect();
            return Err(setting(
                key,
                format!("no such setting; known: {}", known.join(", ")),
            ));
        };
        let raw = raw.trim();
        *slot = serde_json::from_str(raw).unwrap_or_else(|_| Value::String(raw.to_string()));
    }
    serde_json::from_value(value).map_err(|e| setting(&sets.join(" "), e.to_string()))
}

/// The dataset documents after the engine's per-document stages.
pub struct Analysed {
    /// The documents, in dataset order.
    pub docs: Vec<Doc>,
    /// The analysed articles, in canonical order.
    pub articles: Vec<model::AnalyzedArticle>,
    /// For each article, the index of its document.
    doc_of: Vec<usize>,
    /// The documents that did not come out as articles, with why: each counts as a story
    /// of its own.
    pub failures: Vec<(String, String)>,
    /// Seconds spent reading, extracting and analysing.
    pub secs: f64,
}

/// Writes `docs` as JSON lines the way a user would (`id`, `title`, `text`,
/// `published`), reads them back through [`engine::analyze_articles`], and maps each
/// article to its document by id. A document that does not come out (rejected by the
/// reader or extraction) is listed in [`Analysed::failures`] with the reason.
pub fn analyse(docs: Vec<Doc>, config: &engine::Config) -> Result<Analysed, EvalError> {
    let io = |path: &Path, source: std::io::Error| EvalError::Io {
        path: path.display().to_string(),
        source,
    };
    let dir = tempfile::tempdir().map_err(|e| io(Path::new("temporary directory"), e))?;
    let path = dir.path().join("docs.jsonl");
    {
        let file = std::fs::File::create(&path).map_err(|e| io(&path, e))?;
        let mut out = std::io::BufWriter::new(file);
        for d in &docs {
            let mut line = json!({"id": d.id, "text": d.text});
            if let Some(t) = &d.title {
                line["title"] = json!(t);
            }
            if let Some(p) = d.published {
                line["published"] = json!(p.to_string());
            }
            writeln!(out, "{line}").map_err(|e| io(&path, e))?;
        }
        out.flush().map_err(|e| io(&path, e))?;
    }
    let started = Instant::now();
    let mut failed: BTreeMap<usize, String> = BTreeMap::new();
    let mut other_failures = Vec::new();
    let articles = engine::analyze_articles(std::slice::from_ref(&path), config, &mut |e| {
        if let engine::Event::Failed(f) = e {
            // The source is `path:line`, and line n holds document n - 1.
            let line = f
                .source
                .rsplit_once(':')
                .and_then(|(_, n)| n.parse::<usize>().ok());
            match line {
                Some(n) if n >= 1 => {
                    failed.insert(n - 1, f.reason);
                }
                _ => other_failures.push(f.to_string()),
            }
        }
    });
    let secs = started.elapsed().as_secs_f64();
    let by_id: HashMap<&str, usize> = docs
        .iter()
        .enumerate()
        .map(|(i, d)| (d.id.trim(), i))
        .collect();
    let mut doc_of = Vec::with_capacity(articles.len());
    let mut found = vec![false; docs.len()];
    for a in &articles {
        let Some(&i) = by_id.get(a.article.id.as_str()) else {
            return Err(EvalError::Dataset {
                path: path.display().to_string(),
                reason: format!(
                    "the engine returned article {:?}, no document's id",
                    a.article.id
                ),
            });
        };
        found[i] = true;
        doc_of.push(i);
    }
    let failures = found
        .iter()
        .enumerate()
        .filter(|(_, f)| !**f)
        .map(|(i, _)| {
            let reason = failed.get(&i).cloned().unwrap_or_else(|| {
                if other_failures.is_empty() {
                    "not among the analysed articles".to_string()
                } else {
                    other_failures.join("; ")
                }
            });
            (docs[i].id.clone(), reason)
        })
        .collect();
    Ok(Analysed {
        docs,
        articles,
        doc_of,
        failures,
        secs,
    })
}

impl Analysed {
    /// The story of each document (indexed like [`Analysed::docs`]) under `config`'s
    /// grouping, by [`engine::group_stories`]; a document without an article is a story
    /// of its own. Stories are numbered in the order the grouping returns them.
    pub fn stories(&mut self, config: &engine::Config) -> Vec<usize> {
        let groups = engine::group_stories(&mut self.articles, config);
        let mut story = vec![usize::MAX; self.docs.len()];
        for (s, members) in groups.iter().enumerate() {
            for &a in members {
                if let Some(&d) = self.doc_of.get(a) {
                    story[d] = s;
                }
            }
        }
        let lone = story.iter_mut().filter(|s| **s == usize::MAX);
        for (next, s) in (groups.len()..).zip(lone) {
            *s = next;
        }
        story
    }

    /// The gold cluster of each article (indexed like [`Analysed::articles`]).
    pub fn article_gold(&self) -> Vec<&str> {
        self.doc_of
            .iter()
            .filter_map(|&d| self.docs.get(d).map(|doc| doc.gold.as_str()))
            .collect()
    }

    /// The gold cluster of each document as a number.
    pub fn gold(&self) -> Vec<usize> {
        gold_labels(&self.docs)
    }
}

/// The gold clusters of `docs` numbered in order of first appearance.
pub fn gold_labels(docs: &[Doc]) -> Vec<usize> {
    let mut ids: HashMap<&str, usize> = HashMap::new();
    docs.iter()
        .map(|d| {
            let next = ids.len();
            *ids.entry(d.gold.as_str()).or_insert(next)
        })
        .collect()
}

/// How many distinct labels.
fn distinct(labels: &[usize]) -> usize {
    let mut l = labels.to_vec();
    l.sort_unstable();
    l.dedup();
    l.len()
}

/// What to evaluate.
#[derive(Debug, Clone)]
pub struct Options {
    pub data: PathBuf,
    /// Detected from the content when `None`.
    pub format: Option<DataFormat>,
    pub split: Split,
    /// Allows the hold-out split.
    pub done_tuning: bool,
    /// The baseline refuses to link two documents dated more than this many days apart.
    pub baseline_days: i64,
    /// Writes one JSON line per document (id, gold, story, title, baseline cluster) for
    /// the first settings.
    pub dump: Option<PathBuf>,
    /// Leaves out the dataset's publication dates, as for news that comes without them:
    /// only dates found in the text remain (for the baseline too).
    pub undated: bool,
    /// Renames each document by a hash of its id, so that documents without a date
    /// (ordered by id) arrive in an order unrelated to the dataset's grouping, as news
    /// from many sources does.
    pub shuffled: bool,
}

impl Options {
    /// The dev split of `data` with the defaults of `chorus eval cluster`: as the data
    /// gives it, or without dates in an order unrelated to the events (`undated`).
    pub fn dev(data: PathBuf, undated: bool) -> Self {
        Options {
            data,
            format: None,
            split: Split::Dev,
            done_tuning: false,
            baseline_days: 3,
            dump: None,
            undated,
            shuffled: undated,
        }
    }

    /// The documents of the chosen split, dates left out when [`Options::undated`].
    pub fn documents(&self) -> Result<(DataFormat, Vec<Doc>), EvalError> {
        let (format, all) = load(&self.data, self.format)?;
        let mut docs = select(&all, self.split, self.done_tuning)?;
        for d in &mut docs {
            if self.undated {
                d.published = None;
            }
            if self.shuffled {
                d.id = format!("{:016x}", text::hash64(d.id.as_bytes()));
            }
        }
        Ok((format, docs))
    }
}

/// One line of the results table.
#[derive(Debug, Clone)]
pub struct Row {
    pub label: String,
    pub stories: usize,
    pub b_cubed: Prf,
    pub pairwise: Prf,
    /// Seconds: for Chorus, the grouping (duplicates and stories; the extraction and
    /// analysis before it are [`Report::analyse_secs`]); for the baseline, building its
    /// dendrograms and tuning them.
    pub secs: f64,
}

/// The outcome of [`evaluate`]: the dataset, Chorus under each settings, and the
/// baseline tuned on dev and on the split itself.
#[derive(Debug, Clone)]
pub struct Report {
    pub data: String,
    pub format: DataFormat,
    pub split: Split,
    pub docs: usize,
    pub gold_clusters: usize,
    /// Seconds of reading, extraction and analysis (shared by every settings).
    pub analyse_secs: f64,
    /// Documents that did not come out as articles, with why.
    pub failures: Vec<(String, String)>,
    /// Chorus rows, one per settings, then the two baseline rows.
    pub rows: Vec<Row>,
    /// The documents' ids and gold clusters, and the stories of each settings, for
    /// listings of mixed and split stories.
    pub ids: Vec<String>,
    pub gold: Vec<usize>,
    pub stories: Vec<Vec<usize>>,
}

/// Scores Chorus's stories under each of `settings` (a label and the clustering settings
/// applied over `base`) and the TF-IDF baseline on one split of a dataset.
pub fn evaluate(
    options: &Options,
    base: &engine::Config,
    settings: &[(String, ClusterConfig)],
) -> Result<Report, EvalError> {
    let (format, docs) = options.documents()?;
    let mut analysed = analyse(docs, base)?;
    let gold = analysed.gold();
    let mut rows = Vec::new();
    let mut stories = Vec::new();
    for (label, cluster) in settings {
        let config = engine::Config {
            cluster: cluster.clone(),
            ..base.clone()
        };
        let started = Instant::now();
        let pred = analysed.stories(&config);
        let secs = started.elapsed().as_secs_f64();
        rows.push(Row {
            label: label.clone(),
            stories: distinct(&pred),
            b_cubed: b_cubed(&pred, &gold),
            pairwise: pairwise(&pred, &gold),
            secs,
        });
        stories.push(pred);
    }

    // The baseline: the threshold chosen on dev, then the one best on this split.
    let started = Instant::now();
    let dev_threshold = if options.split == Split::Dev {
        None
    } else {
        let dev = Options {
            split: Split::Dev,
            done_tuning: false,
            ..options.clone()
        }
        .documents()?
        .1;
        let tree = baseline::Dendrogram::build(&dev, options.baseline_days);
        Some(tree.tune(&gold_labels(&dev)).0)
    };
    let tree = baseline::Dendrogram::build(&analysed.docs, options.baseline_days);
    let (oracle, _) = tree.tune(&gold);
    let secs = started.elapsed().as_secs_f64();
    let tuned = dev_threshold.unwrap_or(oracle);
    let baseline_pred = tree.cut(tuned);
    for (label, threshold) in [("baseline dev-tuned", tuned), ("baseline oracle", oracle)] {
        let pred = tree.cut(threshold);
        rows.push(Row {
            label: format!("{label} (cos >= {threshold:.2})"),
            stories: distinct(&pred),
            b_cubed: b_cubed(&pred, &gold),
            pairwise: pairwise(&pred, &gold),
            secs,
        });
    }

    if let (Some(path), Some(first)) = (&options.dump, stories.first()) {
        write_dump(path, &analysed, first, &baseline_pred)?;
    }
    Ok(Report {
        data: options.data.display().to_string(),
        format,
        split: options.split,
        docs: analysed.docs.len(),
        gold_clusters: distinct(&gold),
        analyse_secs: analysed.secs,
        failures: analysed.failures.clone(),
        rows,
        ids: analysed.docs.iter().map(|d| d.id.clone()).collect(),
        gold,
        stories,
    })
}

/// One JSON line per document: id, gold cluster, story (Chorus's, by its first member's
/// id), title (the extracted one, else the dataset's), publication date (as the engine
/// had it: given or found in the text) and the baseline's cluster.
fn write_dump(
    path: &Path,
    analysed: &Analysed,
    stories: &[usize],
    baseline: &[usize],
) -> Result<(), EvalError> {
    let io = |source| EvalError::Io {
        path: path.display().to_string(),
        source,
    };
    let mut titles: Vec<Option<&str>> = analysed.docs.iter().map(|d| d.title.as_deref()).collect();
    let mut dates: Vec<Option<String>> = vec![None; analysed.docs.len()];
    for (a, &d) in analysed.articles.iter().zip(&analysed.doc_of) {
        titles[d] = Some(a.article.title.as_str());
        dates[d] = a.article.published.map(|p| p.to_string());
    }
    // A story is named by the id of its first document in dataset order.
    let mut names: HashMap<usize, &str> = HashMap::new();
    for (d, s) in analysed.docs.iter().zip(stories) {
        names.entry(*s).or_insert(d.id.as_str());
    }
    let file = std::fs::File::create(path).map_err(io)?;
    let mut out = std::io::BufWriter::new(file);
    for (i, d) in analysed.docs.iter().enumerate() {
        let line = json!({
            "id": d.id,
            "gold": d.gold,
            "story": names.get(&stories[i]).copied().unwrap_or(""),
            "title": titles[i].unwrap_or(""),
            "published": dates[i],
            "baseline": baseline[i],
        });
        writeln!(out, "{line}").map_err(io)?;
    }
    out.flush().map_err(io)
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "dataset {} ({}), split {}: {} documents, {} gold clusters, {} not analysed; \
             extraction and analysis {:.2} s",
            self.data,
            self.format,
            self.split,
            self.docs,
            self.gold_clusters,
            self.failures.len(),
            self.analyse_secs
        )?;
        let width = self
            .rows
            .iter()
            .map(|r| r.label.chars().count())
            .max()
            .unwrap_or(0)
            .max(6);
        writeln!(
            f,
            "{:<width$}  {:>7}  {:>6} {:>6} {:>6}  {:>6} {:>6} {:>6}  {:>7}",
            "run", "stories", "B3 P", "B3 R", "B3 F1", "pair P", "pair R", "pair F1", "secs"
        )?;
        for r in &self.rows {
            writeln!(
                f,
                "{:<width$}  {:>7}  {:>6.4} {:>6.4} {:>6.4}  {:>6.4} {:>6.4} {:>6.4}  {:>7.2}",
                r.label,
                r.stories,
                r.b_cubed.precision,
                r.b_cubed.recall,
                r.b_cubed.f1,
                r.pairwise.precision,
                r.pairwise.recall,
                r.pairwise.f1,
                r.secs
            )?;
        }
        for (id, reason) in &self.failures {
            writeln!(f, "not analysed (a story of its own): {id}: {reason}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_holds_out_a_stable_fifth() {
        let n = 20_000;
        let mut counts: BTreeMap<Split, usize> = BTreeMap::new();
        for i in 0..n {
            *counts
                .entry(split_of(&format!("group-{i}"), None))
                .or_default() += 1;
        }
        let share = |s| counts.get(&s).copied().unwrap_or(0) as f64 / n as f64;
        assert!((share(Split::Holdout) - 0.2).abs() < 0.01, "{counts:?}");
        assert!((share(Split::Dev) - 0.4).abs() < 0.015, "{counts:?}");
        assert!((share(Split::Test) - 0.4).abs() < 0.015, "{counts:?}");
        // The dataset's own rule decides dev and test, never the hold-out.
        let held: Vec<bool> = (0..1000)
            .map(|i| split_of(&format!("group-{i}"), Some(true)) == Split::Holdout)
            .collect();
        for (i, h) in held.iter().enumerate() {
            let free = split_of(&format!("group-{i}"), None);
            assert_eq!(*h, free == Split::Holdout);
            let hinted = split_of(&format!("group-{i}"), Some(false));
            assert!(hinted == Split::Holdout || hinted == Split::Test);
        }
        // Stable: pinned values, which no change may move once tuning has started.
        assert_eq!(split_of("group-0", None), split_of("group-0", None));
        let pinned: Vec<Split> = (0..8).map(|i| split_of(&format!("g{i}"), None)).collect();
        assert_eq!(pinned, PINNED);
    }

    /// The splits of `g0` .. `g7`, recorded when the rule was written.
    const PINNED: [Split; 8] = [
        Split::Dev,
        Split::Test,
        Split::Dev,
        Split::Dev,
        Split::Dev,
        Split::Dev,
        Split::Test,
        Split::Dev,
    ];

    #[test]
    fn holdout_needs_the_flag() {
        let docs: Vec<Doc> = (0..50)
            .map(|i| Doc {
                id: format!("d{i}"),
                title: None,
                text: "Some words.".to_string(),
                published: None,
                gold: format!("c{i}"),
                group: format!("c{i}"),
                dev_hint: None,
            })
            .collect();
        let err = select(&docs, Split::Holdout, false).unwrap_err();
        assert!(err.to_string().contains("--i-am-done-tuning"), "{err}");
        let held = select(&docs, Split::Holdout, true).unwrap();
        let dev = select(&docs, Split::Dev, false).unwrap();
        let test = select(&docs, Split::Test, false).unwrap();
        assert_eq!(held.len() + dev.len() + test.len(), docs.len());
        assert_eq!(select(&docs, Split::All, true).unwrap().len(), docs.len());
        let open = select(&docs, Split::All, false).unwrap();
        assert_eq!(open.len(), dev.len() + test.len());
    }

    #[test]
    fn formats_are_detected_and_allsides_gives_a_doc_per_side() {
        let body = vec!["word ".repeat(20), "more ".repeat(15)];
        let line = json!({
            "id": 5607, "date": "2021-10-18T16:15:00-07:00",
            "news": {
                "left": {"newsTitle": "Court rules", "newBody": body},
                "right": {"newsTitle": "Too short", "newBody": ["few words here"]},
                "center": {"newsTitle": "Court sides with police", "newBody": body},
            }
        })
        .to_string();
        assert_eq!(DataFormat::detect(&line), Some(DataFormat::AllSides));
        let (format, docs) = parse(&line, "mem", None).unwrap();
        assert_eq!(format, DataFormat::AllSides);
        let ids: Vec<&str> = docs.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["5607-left", "5607-center"]);
        assert_eq!(docs[0].gold, "5607");
        assert_eq!(docs[0].published, NaiveDate::from_ymd_opt(2021, 10, 18));
        assert_eq!(docs[0].dev_hint, Some(false));
        assert!(docs[0].text.contains("word\n\nmore"));
        assert_eq!(docs[1].title.as_deref(), Some("Court sides with police"));

        let ecb = r#"{"doc_id": "3_1ecb", "topic": 3, "subtopic": "ecb", "cluster": "3_ecb", "text": "A title\nThe text."}"#;
        let (format, docs) = parse(ecb, "mem", None).unwrap();
        assert_eq!(format, DataFormat::Ecb);
        assert_eq!(docs[0].title, None);
        assert_eq!(docs[0].text, "A title\nThe text.");
        assert_eq!(docs[0].dev_hint, Some(true));
        assert_eq!(docs[0].group, "3");

        let twice = "{\"id\": \"a\", \"cluster\": 1, \"text\": \"x\"}\n{\"id\": \" a \", \"cluster\": 2, \"text\": \"y\"}";
        let err = parse(twice, "mem", None).unwrap_err();
        assert!(err.to_string().contains("used twice"), "{err}");
        assert!(parse("{\"x\": 1}", "mem", None).is_err());
    }

    #[test]
    fn settings_are_patched_by_name() {
        let base = ClusterConfig::default();
        let patched = patch_config(&base, &["threshold=0.5".into(), "numbers=false".into()])
            .expect("known settings");
        assert_eq!(patched.threshold, 0.5);
        assert!(!patched.numbers);
        assert_eq!(patched.window_days, base.window_days);
        let err = patch_config(&base, &["treshold=0.5".into()]).unwrap_err();
        let message = err.to_string();
        assert!(message.contains("treshold"), "{message}");
        assert!(message.contains("no such setting"), "{message}");
        assert!(message.contains("threshold"), "{message}");
        assert!(patch_config(&base, &["threshold=high".into()]).is_err());
        assert!(patch_config(&base, &["threshold".into()]).is_err());
    }

    #[test]
    fn stories_map_back_to_documents_by_id() {
        // Ids with spaces around them and numbers: the reader trims them and keeps digits.
        let doc = |id: &str, gold: &str, title: &str, text: &str| Doc {
            id: id.to_string(),
            title: Some(title.to_string()),
            text: text.to_string(),
            published: NaiveDate::from_ymd_opt(2020, 3, 1),
            gold: gold.to_string(),
            group: gold.to_string(),
            dev_hint: None,
        };
        let docs = vec![
            doc(" 17 ", "a", "Volcano erupts on island", "The volcano on the island erupted, sending ash over the villages and closing the airport."),
            doc("b-2", "b", "Parliament passes budget", "Lawmakers approved the budget after a long debate in parliament on Tuesday night."),
            doc("3", "a", "Island volcano eruption sends ash", "Ash from the erupting volcano covered island villages, and the airport stayed closed."),
            doc("empty", "c", "", "   "),
        ];
        let mut analysed = analyse(docs, &engine::Config::default()).expect("analysed");
        assert_eq!(analysed.articles.len(), 3);
        assert_eq!(analysed.failures.len(), 1);
        assert_eq!(analysed.failures[0].0, "empty");
        let stories = analysed.stories(&engine::Config::default());
        assert_eq!(stories.len(), 4);
        assert_eq!(stories[0], stories[2]);
        assert_ne!(stories[0], stories[1]);
        assert_ne!(stories[3], stories[0]);
        assert_ne!(stories[3], stories[1]);
        assert_eq!(b_cubed(&stories, &analysed.gold()).f1, 1.0);
    }
}
