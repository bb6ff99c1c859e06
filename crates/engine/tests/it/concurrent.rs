//! Overlapping ingests into one data directory: each thread has its own store handle,
//! both succeed, and the store ends as a one-at-a-time ingest in the order they took
//! the write lock leaves it; an ingest that has to wait says so.
//!
//! These cases are the SQLite store's own: they are about its file lock. The shared
//! store's counterpart (two workers on overlapping files, a second sequencer standing
//! by) is in `crates/pgstore/tests/it.rs`.

use std::path::PathBuf;
use std::sync::{mpsc, Arc, Barrier};

use engine::{Config, Event, IngestReport};
use store::Store;

use crate::sqlite::{ingest_files, Sqlite, SqliteStore};
use crate::stores::{derived, ingest_batches, records, Harness};

/// Runs two ingests of `a` and `b` at once into a new store.
fn at_once(a: &[String], b: &[String]) -> (SqliteStore, IngestReport, IngestReport) {
    let store = Sqlite.new_store();
    let dir = tempfile::tempdir().unwrap();
    let data = store.data();
    let files: Vec<PathBuf> = [a, b]
        .iter()
        .enumerate()
        .map(|(i, records)| {
            let file = dir.path().join(format!("thread{i}.jsonl"));
            std::fs::write(&file, records.join("\n")).unwrap();
            file
        })
        .collect();
    let start = Arc::new(Barrier::new(2));
    let handles: Vec<_> = files
        .into_iter()
        .map(|file| {
            let (start, data) = (Arc::clone(&start), data.clone());
            std::thread::spawn(move || {
                start.wait();
                ingest_files(&data, &[file], &Config::default())
            })
        })
        .collect();
    let mut reports = handles.into_iter().map(|h| h.join().unwrap());
    let (ra, rb) = (reports.next().unwrap(), reports.next().unwrap());
    let check = Store::open(&data).unwrap().check().unwrap();
    assert!(check.problems.is_empty(), "{:?}", check.problems);
    (store, ra, rb)
}

#[test]
fn overlapping_ingests_both_succeed_and_equal_one_at_a_time() {
    let records = records();
    // The same batch twice: one writes it, the other finds it there.
    let config = Config::default();
    let (store, ra, rb) = at_once(&records, &records);
    assert_eq!(ra.added + rb.added, records.len(), "{ra:?} {rb:?}");
    assert_eq!(ra.unchanged + rb.unchanged, records.len(), "{ra:?} {rb:?}");
    assert_eq!((ra.updated, rb.updated), (0, 0));
    let want = derived(&Sqlite, &ingest_batches(&Sqlite, &[&records], &config));
    let got = derived(&Sqlite, &store);
    assert_eq!(got, want, "two ingests of one batch differ from one ingest");

    // Two batches sharing their middle third: the store equals the two ingested one
    // after the other, in the order they took the lock.
    let third = records.len() / 3;
    let (a, b) = (&records[..2 * third], &records[third..]);
    let (store, ra, rb) = at_once(a, b);
    assert_eq!(ra.added + rb.added, records.len(), "{ra:?} {rb:?}");
    let a_first = ra.added == a.len();
    assert!(a_first || rb.added == b.len(), "{ra:?} {rb:?}");
    let order: [&[String]; 2] = if a_first { [a, b] } else { [b, a] };
    let want = derived(&Sqlite, &ingest_batches(&Sqlite, &order, &config));
    let got = derived(&Sqlite, &store);
    assert_eq!(
        got, want,
        "overlapping ingests differ from one after the other"
    );
}

#[test]
fn an_ingest_waiting_for_the_lock_says_so_and_goes_on() {
    let records = records();
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let file = dir.path().join("batch.jsonl");
    std::fs::write(&file, records[..4].join("\n")).unwrap();
    // Another writer holds the lock until the ingest reports that it waits.
    let mut holder = Store::open(&data).unwrap();
    let held = holder.batch().unwrap();
    let (tx, rx) = mpsc::channel();
    let worker = {
        let data = data.clone();
        std::thread::spawn(move || {
            let mut store = Store::open(&data).unwrap();
            engine::ingest(&mut store, &[file], &Config::default(), &mut |e| {
                if let Event::Waiting { data } = e {
                    tx.send(data).unwrap();
                }
            })
            .unwrap()
        })
    };
    let waited_on = rx
        .recv_timeout(std::time::Duration::from_secs(120))
        .expect("the ingest reports that it waits");
    assert_eq!(waited_on, data);
    held.commit().unwrap();
    let report = worker.join().unwrap();
    assert_eq!(report.added, 4);
    assert!(rx.try_recv().is_err(), "the wait is reported once");
}
