//! The store cases written once in `crates/engine/tests/it/stores` (mounted as
//! `crate::stores`), run on the shared store: a batch is `enqueue` of its files (20
//! records each), two worker threads until the queue is idle, and the sequencer until
//! every article is sequenced, in one round (so a batch is one round, as it is one
//! transaction in SQLite); a copy of a store is a new database made from it as a
//! template, whose address the engine has kept no state for, so its next round reads the
//! state back. Every case gets a database of its own on the test binary's one cluster.
//!
//! The SQLite store's cases about its file lock (`concurrent.rs` there: overlapping
//! ingests, an ingest that waits for the lock) have no such counterpart: here several
//! workers write at once by design, and sequencers take turns on an advisory lock;
//! [`overlapping_jobs_and_a_standby_sequencer_equal_one_batch`] is what takes their place.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Barrier, Mutex};
use std::time::Duration;

use engine::Config;
use pgstore::sequencer::{self, SequencerOptions};
use pgstore::worker::{self, WorkerOptions};
use pgstore::{PgError, PgStore};
use store::Reading;
use testkit::pg::Cluster;

use crate::stores::{self, derived, ingest_batches, store_cases, Harness};

/// The shared store as the cases drive it, on the test binary's cluster.
pub struct Pg {
    cluster: &'static Cluster,
}

/// A database of its own on the cluster.
pub struct PgCase {
    name: String,
    pub url: String,
}

/// The harness, or `None` (the test skips) when PostgreSQL is not installed.
pub fn pg(test: &str) -> Option<Pg> {
    Cluster::shared(test).map(|cluster| Pg { cluster })
}

/// A new, empty database on the test binary's cluster, not migrated; `None` (the test
/// skips) when PostgreSQL is not installed.
pub fn fresh_database(test: &str) -> Option<String> {
    pg(test).map(|h| h.database(None).url)
}

impl Pg {
    fn database(&self, template: Option<&PgCase>) -> PgCase {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let name = format!("case{}", NEXT.fetch_add(1, Ordering::Relaxed));
        let url = self
            .cluster
            .create_database(&name, template.map(|t| t.name.as_str()));
        PgCase { name, url }
    }
}

/// Worker options for tests: `threads` threads, until the queue is idle.
pub fn workers(threads: usize) -> WorkerOptions {
    WorkerOptions {
        threads,
        until_idle: true,
        lease: Duration::from_secs(10),
        poll: Duration::from_millis(50),
        name: "test".into(),
    }
}

/// Sequencer options for tests: until idle, in rounds of at most `max_round` articles.
pub fn sequencing(max_round: usize) -> SequencerOptions {
    SequencerOptions {
        until_idle: true,
        poll: Duration::from_millis(50),
        max_round,
    }
}

impl Harness for Pg {
    type Store = PgCase;

    fn new_store(&self) -> PgCase {
        let case = self.database(None);
        assert!(PgStore::migrate(&case.url).unwrap());
        case
    }

    fn old_store(&self) -> PgCase {
        // Format 2, before the width was recorded: refused until migrated.
        let case = self.new_store();
        PgStore::open(&case.url)
            .unwrap()
            .client()
            .batch_execute(
                "DELETE FROM chorus_meta WHERE key = 'warc_id_bits';
                 UPDATE chorus_meta SET value = '2' WHERE key = 'format'",
            )
            .unwrap();
        assert!(matches!(
            PgStore::open(&case.url),
            Err(PgError::TooOld { found: 2 })
        ));
        assert!(PgStore::migrate(&case.url).unwrap());
        case
    }

    fn ingest_files(&self, store: &PgCase, files: &[PathBuf], config: &Config) -> usize {
        let queued = PgStore::open(&store.url)
            .unwrap()
            .enqueue(files, 3)
            .unwrap();
        assert!(queued.failures.is_empty(), "{:?}", queued.failures);
        let done = worker::run(&store.url, &workers(2), config).unwrap();
        assert_eq!(
            (done.done, done.failed, done.fenced),
            (queued.added, 0, 0),
            "{done:?}"
        );
        sequencer::run(&store.url, &sequencing(usize::MAX), config).unwrap();
        assert_eq!(
            PgStore::open(&store.url)
                .unwrap()
                .unsequenced_count()
                .unwrap(),
            0
        );
        done.articles
    }

    fn copy(&self, store: &PgCase) -> PgCase {
        self.database(Some(store))
    }

    fn reader(&self, store: &PgCase) -> Box<dyn Reading> {
        Box::new(PgStore::open(&store.url).unwrap())
    }

    fn state_log_len(&self, store: &PgCase) -> usize {
        let row = PgStore::open(&store.url)
            .unwrap()
            .client()
            .query_one("SELECT count(*) FROM state_log", &[])
            .unwrap();
        usize::try_from(row.get::<_, i64>(0)).unwrap()
    }

    fn warc_id_bits(&self, store: &PgCase) -> u32 {
        PgStore::open(&store.url).unwrap().warc_id_bits().unwrap()
    }
}

store_cases!(pg);

/// The shared store's counterpart of the SQLite store's overlapping ingests: two workers
/// at once on jobs that share articles (the whole sample corpus twice, and two thirds of
/// it twice, overlapping in the middle), then two sequencers at once, one standing by
/// while the other holds the lock. Every article is stored once, from the earliest job
/// that read it; the standby finds nothing left to do; and the stories equal one
/// batch's.
#[test]
fn overlapping_jobs_and_a_standby_sequencer_equal_one_batch() {
    let Some(h) = pg("overlapping_jobs_and_a_standby_sequencer_equal_one_batch") else {
        return;
    };
    let records = stores::records();
    let config = Config::default();
    let third = records.len() / 3;
    let dir = tempfile::tempdir().unwrap();
    let parts: [(&str, &[String]); 4] = [
        ("whole", &records),
        ("again", &records),
        ("first", &records[..2 * third]),
        ("last", &records[third..]),
    ];
    let files: Vec<PathBuf> = parts
        .iter()
        .flat_map(|(name, part)| stores::write_records(dir.path(), name, part, usize::MAX))
        .collect();
    let store = h.new_store();
    let mut pg = PgStore::open(&store.url).unwrap();
    assert_eq!(pg.enqueue(&files, 3).unwrap().added, 4);

    let at_once = |n: usize, run: &(dyn Fn(usize) + Sync)| {
        let start = Barrier::new(n);
        std::thread::scope(|s| {
            for i in 0..n {
                let start = &start;
                s.spawn(move || {
                    start.wait();
                    run(i)
                });
            }
        });
    };
    let done = Mutex::new(Vec::new());
    at_once(2, &|i| {
        let options = WorkerOptions {
            name: format!("worker{i}"),
            ..workers(1)
        };
        let report = worker::run(&store.url, &options, &config).unwrap();
        done.lock().unwrap().push(report);
    });
    let done = done.into_inner().unwrap();
    assert_eq!(done.iter().map(|d| d.done).sum::<usize>(), 4, "{done:?}");
    assert!(
        done.iter().all(|d| d.failed == 0 && d.fenced == 0),
        "{done:?}"
    );
    assert_eq!(pg.article_count().unwrap(), records.len());
    let whole = dir.path().join("whole-000.jsonl").display().to_string();
    let sources = pg
        .client()
        .query("SELECT DISTINCT source FROM articles", &[])
        .unwrap();
    assert!(
        sources
            .iter()
            .all(|r| r.get::<_, String>(0).starts_with(&whole)),
        "an article is kept from a later job"
    );

    let sequenced = Mutex::new(Vec::new());
    at_once(2, &|_| {
        let report = sequencer::run(&store.url, &sequencing(usize::MAX), &config).unwrap();
        sequenced.lock().unwrap().push(report.articles);
    });
    let mut sequenced = sequenced.into_inner().unwrap();
    sequenced.sort();
    assert_eq!(sequenced, [0, records.len()]);
    let check = pg.check().unwrap();
    assert!(check.problems.is_empty(), "{:?}", check.problems);
    let want = derived(&h, &ingest_batches(&h, &[&records], &config));
    assert_eq!(
        derived(&h, &store),
        want,
        "overlapping jobs differ from one batch"
    );
}
