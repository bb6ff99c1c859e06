//! The store's behaviour, written once and run on both stores: the embedded SQLite store
//! (`engine::ingest`, here) and the shared PostgreSQL store (`enqueue`, workers and the
//! sequencer, in `crates/pgstore/tests/it.rs`, which mounts this folder with `#[path]`).
//! Each case takes a [`Harness`]: a way to make an empty store, ingest a batch into it,
//! copy it and read it back; [`store_cases!`] declares every case as a test of one
//! harness, so both test binaries run the same list under the same names.
//!
//! The folder is self-contained (it names nothing outside itself by `crate::`), so it
//! compiles inside either crate's test binary.

pub mod consistency;
pub mod incremental;
pub mod warc_ids;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use engine::{Config, Event};
use model::Analysis;
use serde_json::Value;
use store::Reading;

/// One kind of store, as the cases drive it.
pub trait Harness {
    /// A store of this kind, with whatever it needs kept alive beside it.
    type Store;

    /// A new, empty store, of the current format.
    fn new_store(&self) -> Self::Store;

    /// A new, empty store of the format before the width of WARC record ids was recorded,
    /// as an older build left it.
    fn old_store(&self) -> Self::Store;

    /// Reads `files` into `store` as one batch (no input may fail) and returns how many
    /// articles were written (new or changed).
    fn ingest_files(&self, store: &Self::Store, files: &[PathBuf], config: &Config) -> usize;

    /// A copy of `store` that no process has held in memory: its next batch reads the
    /// streaming state back from the store.
    fn copy(&self, store: &Self::Store) -> Self::Store;

    /// The store's reading side.
    fn reader(&self, store: &Self::Store) -> Box<dyn Reading>;

    /// How many articles the store's state log holds (fed since the last checkpoint).
    fn state_log_len(&self, store: &Self::Store) -> usize;

    /// The width of WARC record ids the store reads with.
    fn warc_id_bits(&self, store: &Self::Store) -> u32;
}

/// Declares every case as a `#[test]` run on the harness that `$harness(test_name)`
/// returns (`None`: the test skips, having said why).
macro_rules! store_cases {
    ($harness:path) => {
        store_cases!(@each $harness;
            incremental::batches_in_order_equal_one_batch,
            incremental::late_batches_land_in_the_right_stories,
            incremental::lone_stories_fold_alike_in_batches_and_in_memory,
            incremental::batches_read_their_state_back_from_the_store,
            incremental::undated_batches_read_their_state_back_from_the_store,
            incremental::an_article_later_than_the_grace_joins_its_forgotten_story,
            consistency::every_arrival_order_gives_the_stories_of_analyze,
            consistency::undated_articles_find_a_forgotten_story,
            warc_ids::a_new_store_gets_64_bit_ids_and_an_older_store_keeps_its_48_bit_ones,
        );
    };
    (@each $harness:path; $($module:ident :: $case:ident),* $(,)?) => {
        $(
            #[test]
            fn $case() {
                if let Some(h) = $harness(stringify!($case)) {
                    crate::stores::$module::$case(&h);
                }
            }
        )*
    };
}
pub(crate) use store_cases;

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// `../shared/data` beside the checkout, when present.
pub fn shared_data() -> Option<PathBuf> {
    let dir = repo().join("../shared/data");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!(
            "skipping: ../shared/data is absent (expected beside the checkout at {})",
            dir.display()
        );
        None
    }
}

/// Runs the whole pipeline in memory; panics if any input fails.
pub fn analyze(paths: &[PathBuf]) -> Analysis {
    analyze_with(paths, &Config::default())
}

/// [`analyze`] under `config`.
pub fn analyze_with(paths: &[PathBuf], config: &Config) -> Analysis {
    let mut failures = Vec::new();
    let analysis = engine::analyze_paths(paths, config, &mut |e| {
        if let Event::Failed(f) = e {
            failures.push(f.to_string());
        }
    });
    assert!(failures.is_empty(), "inputs failed: {failures:#?}");
    analysis
}

/// The in-memory analysis of the sample corpus, made once per test binary.
pub fn sample() -> &'static Analysis {
    static SAMPLE: OnceLock<Analysis> = OnceLock::new();
    SAMPLE.get_or_init(|| analyze(&[repo().join("corpus/sample")]))
}

/// The sample corpus's articles, in canonical order, as JSON-lines records.
pub fn records() -> Vec<String> {
    sample()
        .articles
        .iter()
        .map(|a| {
            let a = &a.article;
            serde_json::json!({
                "id": a.id,
                "title": a.title,
                "text": a.body,
                "published": a.published.map(|d| d.to_string()),
                "outlet": a.outlet,
            })
            .to_string()
        })
        .collect()
}

/// Writes `records` as JSON-lines files of at most `per_file` lines in `dir`, named after
/// `prefix`, and returns them.
pub fn write_records(
    dir: &Path,
    prefix: &str,
    records: &[String],
    per_file: usize,
) -> Vec<PathBuf> {
    testkit::write_parts(dir, prefix, records, per_file).expect("the batch files are written")
}

/// The stories of an in-memory analysis, as sets of article ids.
pub fn analysis_stories(analysis: &Analysis) -> BTreeSet<BTreeSet<String>> {
    analysis
        .stories
        .iter()
        .map(|s| s.article_ids.iter().cloned().collect())
        .collect()
}

/// What a store derived: story id to its brief, and article id to what it duplicates.
pub type Derived = (BTreeMap<String, Value>, BTreeMap<String, Option<String>>);

/// Ingests each group of records as one batch into a new store, then checks the store.
pub fn ingest_batches<H: Harness>(h: &H, batches: &[&[String]], config: &Config) -> H::Store {
    let store = h.new_store();
    ingest_more(h, &store, batches, config);
    store
}

/// Ingests each group of records as one batch into `store`, then checks the store.
pub fn ingest_more<H: Harness>(h: &H, store: &H::Store, batches: &[&[String]], config: &Config) {
    let dir = tempfile::tempdir().unwrap();
    for (i, records) in batches.iter().enumerate() {
        let files = write_records(dir.path(), &format!("batch{i}"), records, 20);
        h.ingest_files(store, &files, config);
    }
    let check = h.reader(store).check().unwrap();
    assert!(check.problems.is_empty(), "{:?}", check.problems);
}

/// The stories (with their briefs) and the duplicate marks of `store`.
pub fn derived<H: Harness>(h: &H, store: &H::Store) -> Derived {
    let mut reader = h.reader(store);
    let stories = reader
        .stories()
        .unwrap()
        .into_iter()
        .map(|s| {
            let brief = reader.brief(&s.id).unwrap().unwrap();
            (s.id, serde_json::to_value(brief).unwrap())
        })
        .collect();
    let mut dups = BTreeMap::new();
    reader
        .for_each_article(&mut |a| {
            dups.insert(a.article.id, a.duplicate_of);
        })
        .unwrap();
    (stories, dups)
}

/// The stories of briefs by id, as sets of article ids.
pub fn memberships(stories: &BTreeMap<String, Value>) -> BTreeSet<BTreeSet<String>> {
    stories.values().map(members).collect()
}

/// The article ids of a brief.
pub fn members(brief: &Value) -> BTreeSet<String> {
    brief["article_ids"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap().to_string())
        .collect()
}
