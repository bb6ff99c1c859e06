//! SIGKILL in the middle of an ingest batch loses nothing already stored, stores nothing
//! of the half batch, and a re-ingest stores every article exactly once.

use std::io::{BufRead, BufReader};
use std::process::Stdio;

use crate::{chorus, run, stderr, write_batch};

#[test]
fn kill_mid_batch_then_reingest() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let small = dir.path().join("small.jsonl");
    let big = dir.path().join("big.jsonl");
    write_batch(&small, "small", 20);
    const BIG: usize = 4000;
    write_batch(&big, "big", BIG);

    let out = run(&data, &["ingest", small.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));

    let mut child = chorus()
        .args(["ingest", "--progress", "lines", "--data"])
        .arg(&data)
        .arg(&big)
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let mut killed_at = None;
    for line in lines {
        let line = line.unwrap();
        let processed = line
            .strip_prefix("progress: ")
            .and_then(|l| l.strip_suffix(" documents processed"))
            .and_then(|n| n.parse::<usize>().ok());
        if let Some(n) = processed.filter(|&n| n >= BIG / 2) {
            child.kill().unwrap(); // SIGKILL on Unix.
            killed_at = Some(n);
            break;
        }
    }
    let status = child.wait().unwrap();
    let killed_at = killed_at.expect("ingest finished before it could be killed halfway");
    assert!(
        killed_at < BIG && !status.success(),
        "killed at {killed_at}, status {status}"
    );

    let store = store::Store::open(&data).unwrap();
    let check = store.check().unwrap();
    assert!(check.problems.is_empty(), "{:?}", check.problems);
    assert_eq!(
        check.articles, 20,
        "the killed batch must leave no article behind"
    );
    drop(store);

    let out = run(
        &data,
        &["ingest", small.to_str().unwrap(), big.to_str().unwrap()],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(&format!("{BIG} new, 0 updated, 20 unchanged")),
        "{}",
        stderr(&out)
    );

    let store = store::Store::open(&data).unwrap();
    let check = store.check().unwrap();
    assert!(check.problems.is_empty(), "{:?}", check.problems);
    let ids: Vec<String> = store
        .articles()
        .unwrap()
        .into_iter()
        .map(|a| a.article.id)
        .collect();
    let unique: std::collections::BTreeSet<&String> = ids.iter().collect();
    assert_eq!((ids.len(), unique.len()), (BIG + 20, BIG + 20));
}
