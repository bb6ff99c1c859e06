//! The engine runs the Chorus stages in order and owns what the pure stages must not:
//! threads, the clock, and the store.
//!
//! ```text
//! ingest::read -> extract -> analyze ─┐ (per document, in parallel, order kept)
//!                                     └-> dedup -> cluster -> brief (per corpus)
//! ```
//!
//! Entry points: [`analyze_paths`] (whole pipeline in memory), [`extract_paths`],
//! [`ingest()`] (into the store, one transaction per batch), [`ingest_docs`] (the same
//! over documents read elsewhere, for the follower) and [`bench()`].

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Instant;

use analyze::AnalyzeConfig;
use brief::BriefConfig;
use cluster::{ClusterConfig, ClusterDoc, Clusterer};
use dedup::{DedupConfig, Deduper};
use extract::ExtractConfig;
use ingest::{Failure, Limits};
use model::{Analysis, AnalyzedArticle, Article, Brief, EntityKind, RawDoc};
use rayon::prelude::*;
use store::{Staged, StagedOutcome, Store};

mod recall;

/// Every tunable of the pipeline, in one place; `Default` holds the documented defaults.
#[derive(Debug, Clone, Default)]
pub struct Config {
    pub limits: Limits,
    pub extract: ExtractConfig,
    pub analyze: AnalyzeConfig,
    pub dedup: DedupConfig,
    pub cluster: ClusterConfig,
    pub brief: BriefConfig,
}

/// What can stop a whole run (as opposed to one bad input, which is a [`Failure`]).
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    #[error(transparent)]
    Store(#[from] store::StoreError),
    #[error("cannot save the streaming state {name}: {reason}")]
    State { name: &'static str, reason: String },
}

/// Progress of a run, for the edge to display.
#[derive(Debug, Clone)]
pub enum Event {
    /// The inputs were found; `inputs` is how many will be read.
    Started { inputs: usize },
    /// One input was read completely.
    InputDone,
    /// A document or input failed; reported once.
    Failed(Failure),
    /// Documents extracted and analysed so far.
    Processed { documents: usize },
    /// Every input is read; duplicates, stories and briefs are being built.
    Finishing,
    /// Another ingest is writing to the store in `data` (the data directory); this one
    /// waits for it to finish, and goes on by itself. Reported once per ingest.
    Waiting { data: PathBuf },
}

/// Documents are processed in parallel in chunks of this many, keeping their order.
const CHUNK: usize = 64;

/// A stable hash of everything a raw document contributes, to skip unchanged re-ingests.
pub fn content_hash(raw: &RawDoc) -> String {
    let mut key = String::with_capacity(raw.content.len() + 128);
    for part in [
        Some(format!("{:?}", raw.format)),
        raw.url.clone(),
        raw.title.clone(),
        raw.published.map(|d| d.to_string()),
        raw.outlet.clone(),
    ] {
        key.push_str(part.as_deref().unwrap_or(""));
        key.push('\u{1f}');
    }
    key.push_str(&raw.content);
    format!("{:016x}", text::hash64(key.as_bytes()))
}

/// Extracts and analyses one document.
pub fn process(raw: &RawDoc, config: &Config) -> Result<AnalyzedArticle, Failure> {
    let article = extract::extract(raw, &config.extract).map_err(|e| Failure {
        source: raw.source.clone(),
        reason: e.to_string(),
    })?;
    let annotations = analyze::analyze(&article, &config.analyze);
    Ok(AnalyzedArticle {
        article,
        duplicate_of: None,
        annotations,
    })
}

/// Where progress events go.
type Emit<'a> = dyn FnMut(Event) + 'a;

/// Where chunks of raw documents go, with the event sink to report their failures.
type ChunkSink<'a> = dyn FnMut(Vec<RawDoc>, &mut Emit<'_>) + 'a;

/// Reads every input, keeping the first document of each id, and hands documents to `sink`
/// in chunks. Failures go to `on` as they happen.
fn read_all(paths: &[PathBuf], limits: &Limits, on: &mut Emit<'_>, sink: &mut ChunkSink<'_>) {
    let (inputs, failures) = ingest::discover(paths);
    on(Event::Started {
        inputs: inputs.len(),
    });
    for f in failures {
        on(Event::Failed(f));
    }
    let mut chunks = Chunks::default();
    for input in &inputs {
        ingest::read(input, limits, &mut |item| match item {
            Ok(raw) => chunks.push(raw, on, sink),
            Err(f) => on(Event::Failed(f)),
        });
        on(Event::InputDone);
    }
    chunks.finish(on, sink);
}

/// Documents gathered into chunks for the sink, keeping the first document of each id.
#[derive(Default)]
struct Chunks {
    /// Each id read so far, with where it was read from.
    seen: BTreeMap<String, String>,
    chunk: Vec<RawDoc>,
}

impl Chunks {
    /// Adds a document (or reports it when its id came before), handing a full chunk on.
    fn push(&mut self, raw: RawDoc, on: &mut Emit<'_>, sink: &mut ChunkSink<'_>) {
        if let Some(first) = self.seen.get(&raw.id) {
            let reason = format!("article id {:?} already read from {first}; skipped", raw.id);
            on(Event::Failed(Failure {
                source: raw.source,
                reason,
            }));
            return;
        }
        self.seen.insert(raw.id.clone(), raw.source.clone());
        self.chunk.push(raw);
        if self.chunk.len() == CHUNK {
            sink(std::mem::take(&mut self.chunk), on);
        }
    }

    /// Hands on the last, partial chunk.
    fn finish(self, on: &mut Emit<'_>, sink: &mut ChunkSink<'_>) {
        if !self.chunk.is_empty() {
            sink(self.chunk, on);
        }
    }
}

/// Extracts and analyses a chunk in parallel, in order, reporting failures.
fn process_chunk(
    chunk: &[RawDoc],
    config: &Config,
    on: &mut dyn FnMut(Event),
) -> Vec<AnalyzedArticle> {
    let results: Vec<_> = chunk.par_iter().map(|raw| process(raw, config)).collect();
    let mut out = Vec::with_capacity(results.len());
    for r in results {
        match r {
            Ok(a) => out.push(a),
            Err(f) => on(Event::Failed(f)),
        }
    }
    out
}

/// Canonical order of articles: publication date (undated last), then id.
pub fn sort_canonical(articles: &mut [AnalyzedArticle]) {
    articles.sort_by(|a, b| {
        let key = |x: &AnalyzedArticle| {
            (
                x.article.published.is_none(),
                x.article.published,
                x.article.id.clone(),
            )
        };
        key(a).cmp(&key(b))
    });
}

/// The id of a story: derived from its first article, so the same corpus always gives the
/// same ids.
pub fn story_id(first_article: &str) -> String {
    format!("s{:08x}", text::hash64(first_article.as_bytes()) >> 32)
}

/// The corpus grouping of [`build_stories`] without the briefs: marks duplicates (their
/// `duplicate_of` is rewritten) and returns the stories as lists of indices into
/// `articles`, which must be in canonical order. Evaluation calls it to cluster the same
/// analysed articles under several settings.
pub fn group_stories(articles: &mut [AnalyzedArticle], config: &Config) -> Vec<Vec<usize>> {
    let plain: Vec<&Article> = articles.iter().map(|a| &a.article).collect();
    let dups = dedup::find_duplicates(&plain, &config.dedup);
    let dup_ids: Vec<Option<String>> = dups
        .iter()
        .map(|d| d.and_then(|i| plain.get(i)).map(|a| a.id.clone()))
        .collect();
    for (a, d) in articles.iter_mut().zip(dup_ids) {
        a.duplicate_of = d;
    }
    let docs: Vec<ClusterDoc<'_>> = articles.iter().map(cluster_doc).collect();
    cluster_all(&docs, &config.cluster)
}

/// [`cluster::cluster`], with the forgotten stories a document may report brought back
/// first (see [`recall`]), as [`ingest()`] does from the store.
fn cluster_all(docs: &[ClusterDoc<'_>], config: &ClusterConfig) -> Vec<Vec<usize>> {
    let mut archive = recall::Memory {
        docs,
        index: recall::KeyIndex::default(),
    };
    cluster::cluster_with(Clusterer::new(config.clone()), docs, &mut archive)
}

/// The corpus-level stages: marks duplicates, clusters stories and builds their briefs.
/// `articles` must be in canonical order; their `duplicate_of` is rewritten.
pub fn build_stories(articles: &mut [AnalyzedArticle], config: &Config) -> Vec<Brief> {
    let groups = group_stories(articles, config);
    let mut briefs: Vec<Brief> = groups
        .par_iter()
        .filter(|g| !g.is_empty())
        .map(|group| {
            let members: Vec<&AnalyzedArticle> =
                group.iter().filter_map(|&i| articles.get(i)).collect();
            let plain: Vec<&Article> = members.iter().map(|a| &a.article).collect();
            let shared = dedup::shared_passages(&plain, &config.dedup);
            brief::brief(
                &story_id(&members[0].article.id),
                &members,
                shared,
                &config.brief,
            )
        })
        .collect();
    // Largest stories first, then by id: the order every listing starts from.
    briefs.sort_by(|a, b| {
        b.article_ids
            .len()
            .cmp(&a.article_ids.len())
            .then_with(|| a.id.cmp(&b.id))
    });
    briefs
}

/// What clustering looks at in an analysed article (public for training the clusterer's
/// join model on exactly what the engine hands it).
pub fn cluster_doc(a: &AnalyzedArticle) -> ClusterDoc<'_> {
    let mut entities: Vec<&str> = a
        .annotations
        .entities
        .iter()
        .filter(|e| e.kind != EntityKind::Other)
        .map(|e| e.name.as_str())
        .collect();
    entities.sort_unstable();
    entities.dedup();
    ClusterDoc {
        title: &a.article.title,
        body: &a.article.body,
        published: a.article.published,
        entities,
    }
}

/// The version of the streaming state the engine saves in the store; a state of another
/// version (or saved under other settings) is rebuilt from the articles. Version 2: the
/// clusterer's learned join model and its stories' mean dates.
const STATE_VERSION: i64 = 2;

/// The state's blobs are written anew (a checkpoint) when this many articles were fed to
/// it since the last checkpoint; in between, a batch only appends its articles to the
/// store's state log, and a reader replays them after the checkpoint. So a small batch
/// costs no serialisation of the whole state, and a cold start replays at most this
/// many articles.
const CHECKPOINT_EVERY: usize = 1000;

/// How many stores' states [`CACHE`] keeps.
const CACHED_STORES: usize = 4;

/// Streaming states kept in memory after their batch committed, by database file, with
/// the token that batch wrote: a process that ingests again into the same store (the
/// server) starts from them without reading the state back, as long as no other writer
/// has committed since (which writes another token).
static CACHE: Mutex<Vec<(PathBuf, String, StreamState)>> = Mutex::new(Vec::new());

/// Takes the cached state of `key` out of the cache; `Some` only if it was saved with
/// `token`.
fn cache_take(key: &Path, token: &str) -> Option<StreamState> {
    let mut cache = CACHE.lock().unwrap_or_else(|e| e.into_inner());
    let i = cache.iter().position(|(k, _, _)| k == key)?;
    let (_, t, state) = cache.remove(i);
    (t == token).then_some(state)
}

/// Keeps `state`, just committed with `token`, as the cached state of `key`.
fn cache_put(key: PathBuf, token: String, state: StreamState) {
    let mut cache = CACHE.lock().unwrap_or_else(|e| e.into_inner());
    cache.retain(|(k, _, _)| *k != key);
    if cache.len() >= CACHED_STORES {
        cache.remove(0);
    }
    cache.push((key, token, state));
}

/// A token unique to one committed batch: the process, the time and a counter. It only
/// tells whether a cached state is still the store's; it never reaches a result.
fn new_token() -> String {
    static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    format!("{}-{nanos}-{n}", std::process::id())
}

/// The duplicate detector and the clusterer, carried from batch to batch in the store.
struct StreamState {
    deduper: Deduper,
    clusterer: Clusterer,
}

impl StreamState {
    fn new(config: &Config) -> Self {
        StreamState {
            deduper: Deduper::new(config.dedup.clone()),
            clusterer: Clusterer::new(config.cluster.clone()),
        }
    }

    fn configured_as(&self, config: &Config) -> bool {
        self.deduper.config() == &config.dedup && self.clusterer.config() == &config.cluster
    }

    /// The state saved by the last batch, if there is one of this version, saved under
    /// the same settings: the cached one when it is still the store's, else the last
    /// checkpoint with the articles fed since replayed.
    fn load<B: store::Sequencing + ?Sized>(
        batch: &B,
        config: &Config,
        key: &Path,
    ) -> Result<Option<Self>, EngineError> {
        if let Some((STATE_VERSION, token)) = batch.state("token")? {
            if let Some(state) = cache_take(key, &token) {
                if state.configured_as(config) {
                    return Ok(Some(state));
                }
            }
        }
        let (Some((dv, dedup)), Some((cv, cluster))) =
            (batch.state("dedup")?, batch.state("cluster")?)
        else {
            return Ok(None);
        };
        if dv != STATE_VERSION || cv != STATE_VERSION {
            return Ok(None);
        }
        let (Ok(deduper), Ok(clusterer)) = (
            serde_json::from_str::<Deduper>(&dedup),
            serde_json::from_str::<Clusterer>(&cluster),
        ) else {
            // An unreadable state is derived data: rebuilt, not an error.
            return Ok(None);
        };
        let mut state = StreamState { deduper, clusterer };
        if !state.configured_as(config) {
            return Ok(None);
        }
        for id in batch.state_log()? {
            let Some(a) = batch.article(&id)? else {
                // A logged article that is gone: the state cannot be trusted.
                return Ok(None);
            };
            state
                .deduper
                .push(&id, &a.article.body, a.article.published);
            state.clusterer.add(&cluster_doc(&a));
            state.clusterer.take_folds();
        }
        Ok(Some(state))
    }

    /// Saves the state after `fed` went through it: a checkpoint of the whole state when
    /// `checkpoint` is set or the log grows past [`CHECKPOINT_EVERY`], else an entry in
    /// the state log per article. Returns the batch's token.
    fn save<B: store::Sequencing + ?Sized>(
        &self,
        batch: &B,
        fed: &[String],
        checkpoint: bool,
    ) -> Result<String, EngineError> {
        if checkpoint || batch.state_log_len()? + fed.len() > CHECKPOINT_EVERY {
            let encode = |name: &'static str, v: Result<String, serde_json::Error>| {
                v.map_err(|e| EngineError::State {
                    name,
                    reason: e.to_string(),
                })
            };
            let dedup = encode("dedup", serde_json::to_string(&self.deduper))?;
            let cluster = encode("cluster", serde_json::to_string(&self.clusterer))?;
            batch.put_state("dedup", STATE_VERSION, &dedup)?;
            batch.put_state("cluster", STATE_VERSION, &cluster)?;
            batch.clear_state_log()?;
        } else {
            batch.append_state_log(fed)?;
        }
        let token = new_token();
        batch.put_state("token", STATE_VERSION, &token)?;
        Ok(token)
    }
}

/// Streams `articles` (in canonical order) through the duplicate detector, then through
/// the clusterer in the order of [`cluster::Clusterer::arrivals`] (the batch's undated
/// articles grouped first, as `analyze` adds them), then rewrites the stories they joined
/// or opened (their members read back from the store, briefs built in parallel). The cost
/// is that of the articles and the stories they touch, not of the store. Returns whether
/// an undated group was added as a run (the batch then differs from adding its articles
/// one by one, so the state log cannot replay it).
fn stream_into_store<B: store::Sequencing + ?Sized>(
    batch: &B,
    state: &mut StreamState,
    articles: &[AnalyzedArticle],
    config: &Config,
) -> Result<bool, EngineError> {
    // Story id to its clusterer number and the articles it gains.
    let mut touched: BTreeMap<String, (u64, Vec<String>)> = BTreeMap::new();
    let mut by_seq: BTreeMap<u64, String> = BTreeMap::new();
    let mut index = recall::KeyIndex::default();
    // Most articles are dated and look up stories of undated articles only: none in the
    // store (the common case) spares the store a query per entity.
    let undated_stored = batch.has_undated_stories()?;
    // Duplicates in canonical order, as `analyze` finds them.
    for a in articles {
        let id = &a.article.id;
        let original = state.deduper.push(id, &a.article.body, a.article.published);
        batch.set_duplicate(id, original.as_ref().map(|o| o.label.as_str()))?;
    }
    // The undated articles of the batch come grouped, each group behind its first article.
    let plan = {
        let docs: Vec<ClusterDoc<'_>> = articles.iter().map(cluster_doc).collect();
        state.clusterer.arrivals(&docs)
    };
    // The clusterer's story of each article already placed, for the articles that follow.
    let mut seq_of: BTreeMap<usize, u64> = BTreeMap::new();
    let grouped = plan.iter().any(|a| a.follows.is_some());
    for cluster::Arrival { doc: i, follows } in plan {
        let Some(a) = articles.get(i) else { continue };
        let id = &a.article.id;
        let opened = state.clusterer.story_count();
        let doc = cluster_doc(a);
        let keys = recall::keys(&doc);
        let undated_only = doc.published.is_some();
        let window = chrono::Days::new(config.cluster.window_days.max(0) as u64);
        let dates = match doc.published {
            None => store::StoryDates::Any,
            // Later than the clusterer remembers: the stories of its own days too.
            Some(d) if state.clusterer.forgets_before().is_some_and(|f| d < f) => {
                store::StoryDates::UndatedOrNear(
                    d.checked_sub_days(window).unwrap_or(d),
                    d.checked_add_days(window).unwrap_or(d),
                )
            }
            Some(_) => store::StoryDates::Undated,
        };
        {
            let found = recall::candidates(&keys, &state.clusterer, |k| {
                let mut seqs = index.lookup(k, undated_only);
                if dates != store::StoryDates::Undated || undated_stored {
                    seqs.extend(batch.story_seqs_with_key(k, recall::PER_KEY, dates)?);
                }
                seqs.sort_unstable_by(|a, b| b.cmp(a));
                seqs.dedup();
                seqs.truncate(recall::PER_KEY);
                Ok::<_, EngineError>(seqs)
            })?;
            for seq in found {
                if state.clusterer.holds(seq as usize) {
                    state.clusterer.recall(seq as usize, &[]);
                    continue;
                }
                let story = match by_seq.get(&seq) {
                    Some(s) => Some(s.clone()),
                    None => batch.story_by_seq(seq)?,
                };
                let Some(story) = story else { continue };
                let mut ids = batch.story_article_ids(&story)?;
                if let Some((_, fresh)) = touched.get(&story) {
                    ids.extend(fresh.iter().cloned());
                }
                let members = batch.articles_by_id(&ids)?;
                let docs: Vec<ClusterDoc<'_>> = members.iter().map(cluster_doc).collect();
                state.clusterer.recall(seq as usize, &docs);
            }
        }
        let seq = match follows.and_then(|l| seq_of.get(&l)) {
            Some(&s) => state.clusterer.add_to(&doc, Some(s as usize)) as u64,
            None => state.clusterer.add(&doc) as u64,
        };
        seq_of.insert(i, seq);
        index.add(&keys, seq, doc.published.is_some());
        let story = match by_seq.get(&seq) {
            Some(s) => s.clone(),
            None => {
                let s = if seq as usize >= opened {
                    story_id(id)
                } else {
                    match batch.story_by_seq(seq)? {
                        Some(s) => s,
                        // A story of a state whose stories were lost: a new one.
                        None => story_id(id),
                    }
                };
                by_seq.insert(seq, s.clone());
                s
            }
        };
        touched
            .entry(story)
            .or_insert_with(|| (seq, Vec::new()))
            .1
            .push(id.clone());
        // A lone story folded into another: its article moves, the story goes.
        for (from_seq, to_seq) in state.clusterer.take_folds() {
            let (from_seq, to_seq) = (from_seq as u64, to_seq as u64);
            let from = match by_seq.remove(&from_seq) {
                Some(s) => Some(s),
                None => batch.story_by_seq(from_seq)?,
            };
            let to = match by_seq.get(&to_seq) {
                Some(s) => Some(s.clone()),
                None => batch.story_by_seq(to_seq)?,
            };
            let (Some(from), Some(to)) = (from, to) else {
                continue;
            };
            let mut moved = batch.story_article_ids(&from)?;
            if let Some((_, fresh)) = touched.remove(&from) {
                moved.extend(fresh);
            }
            batch.delete_story(&from)?;
            for m in batch.articles_by_id(&moved)? {
                let dated = m.article.published.is_some();
                index.add(&recall::keys(&cluster_doc(&m)), to_seq, dated);
            }
            by_seq.insert(to_seq, to.clone());
            touched
                .entry(to)
                .or_insert_with(|| (to_seq, Vec::new()))
                .1
                .extend(moved);
        }
    }
    let mut groups = Vec::with_capacity(touched.len());
    for (story, (seq, fresh)) in touched {
        let mut ids = batch.story_article_ids(&story)?;
        ids.extend(fresh);
        groups.push((story, seq, batch.articles_by_id(&ids)?));
    }
    let briefs: Vec<(Brief, u64)> = groups
        .par_iter()
        .filter(|(_, _, members)| !members.is_empty())
        .map(|(story, seq, members)| {
            let refs: Vec<&AnalyzedArticle> = members.iter().collect();
            let plain: Vec<&Article> = members.iter().map(|a| &a.article).collect();
            let shared = dedup::shared_passages(&plain, &config.dedup);
            (brief::brief(story, &refs, shared, &config.brief), *seq)
        })
        .collect();
    for (b, seq) in &briefs {
        batch.put_story(b, Some(*seq))?;
    }
    Ok(grouped)
}

/// The per-document stages of [`analyze_paths`] over `paths` (read, extract, analyse):
/// the analysed articles in canonical order, ready for [`group_stories`] or
/// [`build_stories`]. Ends with [`Event::Finishing`].
pub fn analyze_articles(
    paths: &[PathBuf],
    config: &Config,
    on: &mut dyn FnMut(Event),
) -> Vec<AnalyzedArticle> {
    let mut articles = Vec::new();
    read_all(paths, &config.limits, on, &mut |chunk, on| {
        articles.extend(process_chunk(&chunk, config, on));
        on(Event::Processed {
            documents: articles.len(),
        });
    });
    on(Event::Finishing);
    sort_canonical(&mut articles);
    articles
}

/// The whole pipeline in memory over `paths`, no store.
pub fn analyze_paths(paths: &[PathBuf], config: &Config, on: &mut dyn FnMut(Event)) -> Analysis {
    let mut articles = analyze_articles(paths, config, on);
    let stories = build_stories(&mut articles, config);
    Analysis { articles, stories }
}

/// Extraction only: every article, in input order, to `emit`.
pub fn extract_paths(
    paths: &[PathBuf],
    config: &Config,
    on: &mut dyn FnMut(Event),
    emit: &mut dyn FnMut(Article),
) {
    let mut done = 0;
    read_all(paths, &config.limits, on, &mut |chunk, on| {
        let results: Vec<_> = chunk
            .par_iter()
            .map(|raw| extract::extract(raw, &config.extract))
            .collect();
        for (raw, r) in chunk.iter().zip(results) {
            match r {
                Ok(a) => emit(a),
                Err(e) => on(Event::Failed(Failure {
                    source: raw.source.clone(),
                    reason: e.to_string(),
                })),
            }
        }
        done += chunk.len();
        on(Event::Processed { documents: done });
    });
}

/// What an ingest did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IngestReport {
    /// Articles new to the store.
    pub added: usize,
    /// Articles whose content changed since they were stored.
    pub updated: usize,
    /// Articles already stored with the same content.
    pub unchanged: usize,
    /// Stories in the store after the batch.
    pub stories: usize,
}

/// Ingests `paths` into the store as one batch: articles are extracted and analysed as
/// they are read, without the store's write lock, and staged; then, under the lock, the
/// staged articles the store does not already hold are written, the new ones, in
/// canonical order, go through the duplicate detector and the clusterer saved by the
/// previous batch, and only the stories they join or open are rewritten; then the state
/// is saved and the batch commits. Killed at any point, the store stays as before.
///
/// Ingests may overlap (threads or processes, each with its own [`Store`]): the second
/// to need the lock waits for the first ([`Event::Waiting`]) and then sees what the
/// first wrote, so an article both read is written once and counted once as added. An
/// article found unchanged before the lock is left as found, even if another ingest
/// changes it meanwhile.
///
/// WARC files are read with the width of record ids the store records
/// ([`Store::warc_id_bits`], whatever `config.limits` says), so re-reading a file into
/// a store created before 64-bit ids finds the ids it holds.
///
/// Everything derived is rebuilt over the whole store instead when there is no saved
/// state (a new or migrated store), when it was saved under other settings or another
/// state version, or when a stored article changed (its old text is in the state).
///
/// Batches in publication order give the same duplicates and stories as one batch and as
/// [`analyze_paths`]: the clusterer keeps the same stories in a stream as in a batch
/// (undated articles are compared with the live stories and the latest faded ones alike).
/// A batch with articles older than earlier batches (late articles) lets them join the
/// stories of their dates (see [`cluster::Clusterer`]); the online grouping can then in
/// principle depend on the arrival order, which `tests/it/stores/consistency.rs` checks
/// does not happen on real news shuffled within the late window.
pub fn ingest(
    store: &mut Store,
    paths: &[PathBuf],
    config: &Config,
    on: &mut dyn FnMut(Event),
) -> Result<IngestReport, EngineError> {
    let limits = limits_for_store(&config.limits, store.warc_id_bits()?)?;
    ingest_from(
        store,
        &mut |on, sink| read_all(paths, &limits, on, sink),
        config,
        on,
        &mut |_| Ok(()),
    )
}

/// `limits` with the width of WARC record ids of a store written with `warc_id_bits`
/// (see [`ingest::WarcIdWidth`]): every read of files into a store goes through it, so
/// reading the same WARC files again finds the ids the store already holds.
pub fn limits_for_store(limits: &Limits, warc_id_bits: u32) -> Result<Limits, EngineError> {
    let warc_ids =
        ingest::WarcIdWidth::from_bits(warc_id_bits).ok_or_else(|| store::StoreError::Corrupt {
            what: "the store's WARC id width".into(),
            reason: format!("{warc_id_bits} bits"),
        })?;
    Ok(Limits {
        warc_ids,
        ..limits.clone()
    })
}

/// What [`ingest_docs`] calls with the batch, before it commits, to write more into the
/// same transaction.
pub type BeforeCommit<'a> = dyn FnMut(&store::Batch<'_>) -> Result<(), store::StoreError> + 'a;

/// [`ingest()`] over documents already read (by the follower, from the web): the same
/// stages, idempotence and per-document failures; a document whose id came earlier in
/// `docs` is reported and skipped. `before_commit` is called with the batch just before
/// it commits (also when nothing new was written), so what it writes lands in the same
/// transaction as the articles, or not at all.
pub fn ingest_docs(
    store: &mut Store,
    docs: Vec<RawDoc>,
    config: &Config,
    on: &mut dyn FnMut(Event),
    before_commit: &mut BeforeCommit<'_>,
) -> Result<IngestReport, EngineError> {
    let mut docs = Some(docs);
    ingest_from(
        store,
        &mut |on, sink| {
            let docs = docs.take().unwrap_or_default();
            on(Event::Started { inputs: docs.len() });
            let mut chunks = Chunks::default();
            for raw in docs {
                chunks.push(raw, on, sink);
                on(Event::InputDone);
            }
            chunks.finish(on, sink);
        },
        config,
        on,
        before_commit,
    )
}

/// Where the documents of an ingest come from: pushes them in chunks to the sink,
/// reporting progress and failures to the event sink.
type Reader<'a> = dyn FnMut(&mut Emit<'_>, &mut ChunkSink<'_>) + 'a;

/// The body of [`ingest()`] and [`ingest_docs`].
fn ingest_from(
    store: &mut Store,
    read: &mut Reader<'_>,
    config: &Config,
    on: &mut dyn FnMut(Event),
    before_commit: &mut BeforeCommit<'_>,
) -> Result<IngestReport, EngineError> {
    store.clear_staged()?;
    let mut report = IngestReport::default();
    let mut error = None;
    let mut processed = 0;
    read(on, &mut |chunk, on| {
        if error.is_some() {
            return;
        }
        let mut fresh = Vec::new();
        for raw in chunk {
            let hash = content_hash(&raw);
            match store.hash_of(&raw.id) {
                Ok(Some(h)) if h == hash => report.unchanged += 1,
                Ok(_) => fresh.push((raw, hash)),
                Err(e) => {
                    error = Some(e);
                    return;
                }
            }
        }
        let results: Vec<_> = fresh
            .par_iter()
            .map(|(raw, _)| process(raw, config))
            .collect();
        let mut docs = Vec::with_capacity(fresh.len());
        for ((raw, hash), r) in fresh.iter().zip(results) {
            match r {
                Ok(doc) => docs.push((doc, hash, raw.source.as_str())),
                Err(f) => on(Event::Failed(f)),
            }
        }
        let staged: Vec<Staged<'_>> = docs
            .iter()
            .map(|(doc, hash, source)| Staged { doc, hash, source })
            .collect();
        if let Err(e) = store.stage(&staged) {
            error = Some(e);
            return;
        }
        processed += fresh.len();
        on(Event::Processed {
            documents: processed,
        });
    });
    if let Some(e) = error {
        return Err(e.into());
    }
    let key = std::fs::canonicalize(store.path()).unwrap_or_else(|_| store.path().to_path_buf());
    let data = store
        .path()
        .parent()
        .map_or_else(|| store.path().to_path_buf(), Path::to_path_buf);
    let mut told = false;
    let batch = store.batch_waiting(&mut |_| {
        if !told {
            told = true;
            on(Event::Waiting { data: data.clone() });
        }
        true
    })?;
    let mut fresh_ids: Vec<String> = Vec::new();
    for (id, outcome) in batch.take_staged()? {
        match outcome {
            StagedOutcome::Added => {
                report.added += 1;
                fresh_ids.push(id);
            }
            StagedOutcome::Updated => report.updated += 1,
            StagedOutcome::Unchanged => report.unchanged += 1,
        }
    }
    if report.added + report.updated == 0 {
        before_commit(&batch)?;
        batch.commit()?;
        report.stories = store.story_count()?;
        return Ok(report);
    }
    on(Event::Finishing);
    let sequenced = sequence(&batch, &fresh_ids, report.updated > 0, config, &key)?;
    report.stories = batch.story_count()?;
    before_commit(&batch)?;
    batch.commit()?;
    sequenced.keep();
    Ok(report)
}

/// What [`sequence`] did, holding the streaming state it left for the next batch.
#[must_use = "call `keep` once the transaction committed"]
pub struct Sequenced {
    /// The ids of the articles fed through the corpus stages, in canonical order: the
    /// fresh ones, or every stored article when everything was rebuilt.
    pub fed: Vec<String>,
    /// Whether everything derived was rebuilt over the whole store.
    pub rebuilt: bool,
    key: PathBuf,
    token: String,
    state: StreamState,
}

impl Sequenced {
    /// Keeps the state in memory for the next batch on the same store; call it after the
    /// transaction committed (a state kept from a batch that rolled back is never used,
    /// since the store's token is not the one it was kept with).
    pub fn keep(self) {
        cache_put(self.key, self.token, self.state);
    }
}

/// The corpus stages over the articles `fresh` just written in `batch` (by id; the
/// store's own transaction): loads the streaming state saved by the previous batch, feeds
/// the fresh articles through the duplicate detector and the clusterer in canonical
/// order, rewrites the stories they touch and saves the state, all inside `batch`.
/// Everything derived is rebuilt over the whole store instead when `changed` (a stored
/// article's content changed, and its old text is in the state) or when there is no
/// usable saved state. `key` names the store for the in-memory state cache (the SQLite
/// file, or the PostgreSQL store's address). This is [`ingest()`]'s second half, shared
/// with the PostgreSQL sequencer so both give the same stories.
pub fn sequence<B: store::Sequencing + ?Sized>(
    batch: &B,
    fresh: &[String],
    changed: bool,
    config: &Config,
    key: &Path,
) -> Result<Sequenced, EngineError> {
    let saved = if changed {
        None
    } else {
        StreamState::load(batch, config, key)?
    };
    let rebuilt = saved.is_none();
    let (mut state, articles) = match saved {
        Some(state) => (state, batch.articles_by_id(fresh)?),
        None => {
            batch.clear_derived()?;
            (StreamState::new(config), batch.articles()?)
        }
    };
    let grouped = stream_into_store(batch, &mut state, &articles, config)?;
    let fed: Vec<String> = articles.iter().map(|a| a.article.id.clone()).collect();
    // The state log replays articles one by one in canonical order, which gives back the
    // state only when no undated group was added as a run: otherwise, a checkpoint.
    let token = state.save(batch, &fed, rebuilt || grouped)?;
    Ok(Sequenced {
        fed,
        rebuilt,
        key: key.to_path_buf(),
        token,
        state,
    })
}

/// Throughput of each stage over a set of inputs, measured on the calling thread only.
#[derive(Debug, Clone, Default)]
pub struct BenchReport {
    pub documents: usize,
    pub bytes: usize,
    pub failures: usize,
    pub read_secs: f64,
    pub extract_secs: f64,
    pub analyze_secs: f64,
    pub stories_secs: f64,
    pub stories: usize,
}

impl BenchReport {
    /// Seconds for the whole pipeline.
    pub fn total_secs(&self) -> f64 {
        self.read_secs + self.extract_secs + self.analyze_secs + self.stories_secs
    }
}

/// Runs the pipeline on one thread over `paths`, timing each stage. Inputs are read into
/// memory first, so the stage figures exclude disk I/O (reported as `read_secs`).
pub fn bench(paths: &[PathBuf], config: &Config) -> BenchReport {
    let mut report = BenchReport::default();
    let t = Instant::now();
    let (inputs, failures) = ingest::discover(paths);
    report.failures += failures.len();
    let mut raws = Vec::new();
    for input in &inputs {
        ingest::read(input, &config.limits, &mut |item| match item {
            Ok(raw) => raws.push(raw),
            Err(_) => report.failures += 1,
        });
    }
    report.read_secs = t.elapsed().as_secs_f64();
    report.bytes = raws.iter().map(|r| r.content.len()).sum();

    let t = Instant::now();
    let articles: Vec<Article> = raws
        .iter()
        .filter_map(|raw| match extract::extract(raw, &config.extract) {
            Ok(a) => Some(a),
            Err(_) => {
                report.failures += 1;
                None
            }
        })
        .collect();
    report.extract_secs = t.elapsed().as_secs_f64();

    let t = Instant::now();
    let mut analyzed: Vec<AnalyzedArticle> = articles
        .into_iter()
        .map(|article| {
            let annotations = analyze::analyze(&article, &config.analyze);
            AnalyzedArticle {
                article,
                duplicate_of: None,
                annotations,
            }
        })
        .collect();
    report.analyze_secs = t.elapsed().as_secs_f64();
    report.documents = analyzed.len();

    let t = Instant::now();
    sort_canonical(&mut analyzed);
    report.stories = build_stories(&mut analyzed, config).len();
    report.stories_secs = t.elapsed().as_secs_f64();
    report
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn story_ids_are_stable() {
        assert_eq!(story_id("a"), story_id("a"));
        assert_ne!(story_id("a"), story_id("b"));
        assert_eq!(story_id("a").len(), 9);
    }

    #[test]
    fn ingest_docs_writes_the_hook_in_the_same_batch() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path()).unwrap();
        let doc = |id: &str, text: &str| RawDoc {
            id: id.into(),
            source: format!("https://example.org/{id}"),
            format: model::Format::Text,
            content: text.into(),
            url: None,
            title: None,
            published: None,
            outlet: None,
        };
        let docs = vec![
            doc(
                "a",
                "Harbour cranes idle\n\nDock workers stopped the cranes at dawn on Monday.",
            ),
            doc("a", "A second document with the same id."),
            doc("b", ""),
        ];
        let feed = store::FeedRow::new("https://example.org/rss", 1, 60);
        let mut failures = Vec::new();
        let report = ingest_docs(
            &mut store,
            docs,
            &Config::default(),
            &mut |e| {
                if let Event::Failed(f) = e {
                    failures.push(f)
                }
            },
            &mut |batch| batch.put_feed(&feed),
        )
        .unwrap();
        assert_eq!(report.added, 1);
        assert_eq!(failures.len(), 2, "{failures:?}");
        assert_eq!(store.feeds().unwrap(), vec![feed.clone()]);
        // A hook that fails rolls the whole batch back.
        let err = ingest_docs(
            &mut store,
            vec![doc(
                "c",
                "Storm closes schools\n\nA winter storm closed every school.",
            )],
            &Config::default(),
            &mut |_| {},
            &mut |_| {
                Err(store::StoreError::Corrupt {
                    what: "test".into(),
                    reason: "refused".into(),
                })
            },
        );
        assert!(err.is_err());
        assert_eq!(store.article_count().unwrap(), 1);
    }

    #[test]
    fn re_ingest_changes_nothing_and_bad_input_loses_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("in");
        std::fs::create_dir(&input).unwrap();
        std::fs::write(input.join("one.txt"), "Harbour cranes idle\n\nDock workers stopped the cranes at dawn on Monday, the union said.").unwrap();
        std::fs::write(
            input.join("two.txt"),
            "Storm closes schools\n\nA winter storm closed every school in the valley district.",
        )
        .unwrap();
        let mut store = Store::open(&dir.path().join("data")).unwrap();
        let config = Config::default();
        let mut failures = Vec::new();
        let mut on = |e: Event| {
            if let Event::Failed(f) = e {
                failures.push(f)
            }
        };
        let first = ingest(&mut store, std::slice::from_ref(&input), &config, &mut on).unwrap();
        assert_eq!((first.added, first.updated, first.unchanged), (2, 0, 0));
        std::fs::write(
            input.join("garbage.html"),
            [0u8, 1, 2, 3, 0, 0, 0, 9].repeat(100),
        )
        .unwrap();
        let second = ingest(&mut store, std::slice::from_ref(&input), &config, &mut on).unwrap();
        assert_eq!((second.added, second.updated, second.unchanged), (0, 0, 2));
        assert_eq!(failures.len(), 1);
        assert!(failures[0].source.ends_with("garbage.html"));
        assert_eq!(store.article_count().unwrap(), 2);
        assert!(store.check().unwrap().problems.is_empty());
    }
}
