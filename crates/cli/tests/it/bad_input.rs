//! Bad input: the batch goes on, each failure is named once with its reason, the exit
//! status is 2, and what was stored before is intact.

use crate::{run, stderr, write_batch};

#[test]
fn bad_files_are_reported_once_and_the_rest_is_stored() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let first = dir.path().join("first.jsonl");
    write_batch(&first, "first", 3);
    assert!(run(&data, &["ingest", first.to_str().unwrap()])
        .status
        .success());

    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    std::fs::write(input.join("good.txt"), "Ferry service resumes\n\nThe ferry between Arlen and Brisk sailed again on Tuesday after repairs, the operator said.").unwrap();
    std::fs::write(input.join("empty.txt"), "").unwrap();
    std::fs::write(
        input.join("garbage.html"),
        (0u8..=255).cycle().take(20_000).collect::<Vec<u8>>(),
    )
    .unwrap();
    std::fs::write(input.join("lines.jsonl"), b"{\"id\":\"ok-line\",\"text\":\"Tram fares in Corvane rise by ten cents from May, the transit board decided.\"}\n{broken\n{\"text\":\"\xff\xfe bad\"}\n").unwrap();
    std::fs::write(
        input.join("nested.html"),
        "<div>".repeat(20_000) + "deep" + &"</div>".repeat(20_000),
    )
    .unwrap();
    let named = dir.path().join("notes.pdf");
    std::fs::write(&named, "%PDF").unwrap();
    let missing = dir.path().join("missing.txt");

    let out = run(
        &data,
        &[
            "ingest",
            input.to_str().unwrap(),
            named.to_str().unwrap(),
            missing.to_str().unwrap(),
        ],
    );
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    for (needle, reason) in [
        ("empty.txt", "empty"),
        ("garbage.html", "binary"),
        ("lines.jsonl:2", "invalid JSON"),
        ("lines.jsonl:3", "UTF-8"),
        ("notes.pdf", "unsupported"),
        ("missing.txt", "no such file"),
    ] {
        let hits: Vec<&str> = err.lines().filter(|l| l.contains(needle)).collect();
        assert_eq!(
            hits.len(),
            1,
            "{needle} reported {} times:\n{err}",
            hits.len()
        );
        assert!(
            hits[0].contains(reason),
            "{needle}: {:?} lacks {reason:?}",
            hits[0]
        );
    }
    let store = store::Store::open(&data).unwrap();
    let ids: Vec<String> = store
        .articles()
        .unwrap()
        .into_iter()
        .map(|a| a.article.id)
        .collect();
    for id in ["first-0", "first-1", "first-2", "good", "ok-line"] {
        assert!(ids.iter().any(|i| i == id), "{id} missing from {ids:?}");
    }
    assert!(store.check().unwrap().problems.is_empty());
}

#[test]
fn no_panic_on_hostile_stdin() {
    for input in [
        &b""[..],
        b"\x00\x01\x02",
        b"{\"text\": 5}",
        b"<html><body></body></html>",
        b"\xef\xbb\xbf",
    ] {
        let mut child = crate::chorus()
            .args(["extract", "-"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        use std::io::Write;
        child.stdin.take().unwrap().write_all(input).unwrap();
        let out = child.wait_with_output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(2),
            "input {input:?}: {}",
            stderr(&out)
        );
        assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));
    }
}
