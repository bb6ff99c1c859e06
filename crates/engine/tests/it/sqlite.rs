//! The store cases of [`crate::stores`] on the embedded SQLite store: a batch is one
//! `engine::ingest` on a store handle opened for it, a copy is a copy of the store's files
//! in a directory of its own (so the in-memory state, kept by database file, cannot serve
//! it).

use std::path::{Path, PathBuf};

use engine::{Config, Event};
use store::{Reading, Store};

use crate::stores::{store_cases, Harness};

/// The SQLite store as the cases drive it.
pub struct Sqlite;

/// A SQLite store in a temporary directory of its own.
pub struct SqliteStore {
    dir: tempfile::TempDir,
}

impl SqliteStore {
    /// The store's data directory.
    pub fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    fn open(&self) -> Store {
        Store::open(&self.data()).unwrap()
    }
}

impl Harness for Sqlite {
    type Store = SqliteStore;

    fn new_store(&self) -> SqliteStore {
        SqliteStore {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn old_store(&self) -> SqliteStore {
        // Format 3, before the width was recorded.
        let old = self.new_store();
        drop(old.open());
        rusqlite::Connection::open(old.data().join(store::DB_FILE))
            .unwrap()
            .execute_batch("DROP TABLE meta; PRAGMA user_version = 3;")
            .unwrap();
        old
    }

    fn ingest_files(&self, store: &SqliteStore, files: &[PathBuf], config: &Config) -> usize {
        let report = ingest_files(&store.data(), files, config);
        report.added + report.updated
    }

    fn copy(&self, store: &SqliteStore) -> SqliteStore {
        let copy = self.new_store();
        copy_files(&store.data(), &copy.data());
        copy
    }

    fn reader(&self, store: &SqliteStore) -> Box<dyn Reading> {
        Box::new(store.open())
    }

    fn state_log_len(&self, store: &SqliteStore) -> usize {
        store.open().batch().unwrap().state_log_len().unwrap()
    }

    fn warc_id_bits(&self, store: &SqliteStore) -> u32 {
        store.open().warc_id_bits().unwrap()
    }
}

/// Copies the files of the directory `from` (a closed store) into `to`.
fn copy_files(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_file() {
            std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
    }
}

fn sqlite(_test: &str) -> Option<Sqlite> {
    Some(Sqlite)
}

store_cases!(sqlite);

/// Ingests `files` into the store in `data` with a handle of its own; no input may fail.
pub fn ingest_files(data: &Path, files: &[PathBuf], config: &Config) -> engine::IngestReport {
    let mut store = Store::open(data).unwrap();
    let mut failures = Vec::new();
    let report = engine::ingest(&mut store, files, config, &mut |e| {
        if let Event::Failed(f) = e {
            failures.push(f.to_string());
        }
    })
    .unwrap();
    assert!(failures.is_empty(), "{failures:?}");
    report
}
