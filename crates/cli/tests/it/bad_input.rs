//! Bad input: the batch goes on, each failure is named once with its reason, the exit
//! status is 2, and what was stored before is intact.

use std::ffi::OsStr;
use std::io::Write;
use std::path::Path;
use std::process::{Output, Stdio};
use std::time::{Duration, Instant};

use crate::{article_line, run, stderr, stdout, write_batch};

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

/// Runs `chorus` with `args` (and `--data`), failing the test instead of hanging when the
/// command does not finish within `secs`.
fn run_within(data: &Path, args: &[&OsStr], stdin: Option<&[u8]>, secs: u64) -> Output {
    let mut child = crate::chorus()
        .args(args)
        .arg("--data")
        .arg(data)
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(bytes) = stdin {
        child.stdin.take().unwrap().write_all(bytes).unwrap();
    }
    let deadline = Instant::now() + Duration::from_secs(secs);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            child.kill().unwrap();
            let out = child.wait_with_output().unwrap();
            panic!("chorus {args:?} hung; stderr:\n{}", stderr(&out));
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    child.wait_with_output().unwrap()
}

fn stored_ids(data: &Path) -> Vec<String> {
    let store = store::Store::open(data).unwrap();
    assert!(store.check().unwrap().problems.is_empty());
    store
        .articles()
        .unwrap()
        .into_iter()
        .map(|a| a.article.id)
        .collect()
}

/// The stderr lines that mention `needle`; asserts there is exactly one and it says `reason`.
fn reported_once(err: &str, needle: &str, reason: &str) {
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

/// An article line with a field nobody reads, `pad_bytes` long.
fn padded_line(prefix: &str, n: usize, pad_bytes: usize) -> String {
    let mut v: serde_json::Value = serde_json::from_str(&article_line(prefix, n)).unwrap();
    v["pad"] = serde_json::Value::String("p".repeat(pad_bytes));
    v.to_string()
}

/// Regression: a JSON-lines file over the document limit was cut there, and the lines
/// after it were dropped with exit 0. The limit is per line; a longer line is named with
/// its line number and skipped, and everything around it is stored.
#[test]
fn json_lines_stream_past_the_limit_and_a_long_line_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let mut lines: Vec<String> = (0..24).map(|n| article_line("plain", n)).collect();
    lines[11] = padded_line("plain", 11, 8000);
    let plain = dir.path().join("many.jsonl");
    std::fs::write(&plain, lines.join("\n") + "\n").unwrap();
    assert!(std::fs::metadata(&plain).unwrap().len() > 4 * 4096);
    let mut lines: Vec<String> = (0..24).map(|n| article_line("zipped", n)).collect();
    lines[5] = padded_line("zipped", 5, 8000);
    let zipped = dir.path().join("many.jsonl.gz");
    let mut enc = flate2::write::GzEncoder::new(
        std::fs::File::create(&zipped).unwrap(),
        flate2::Compression::fast(),
    );
    enc.write_all((lines.join("\n") + "\n").as_bytes()).unwrap();
    enc.finish().unwrap();

    let out = run(
        &data,
        &[
            "ingest",
            "--max-doc-bytes",
            "4096",
            plain.to_str().unwrap(),
            zipped.to_str().unwrap(),
        ],
    );
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    reported_once(&err, "many.jsonl:12", "too large: over 4 KiB");
    reported_once(&err, "many.jsonl.gz:6", "too large: over 4 KiB");
    assert_eq!(
        err.lines().filter(|l| l.contains("skipped")).count(),
        2,
        "{err}"
    );
    let ids = stored_ids(&data);
    assert_eq!(ids.len(), 46, "{ids:?}");
    for id in [
        "plain-10",
        "plain-12",
        "plain-23",
        "zipped-4",
        "zipped-6",
        "zipped-23",
    ] {
        assert!(ids.iter().any(|i| i == id), "{id} missing from {ids:?}");
    }
}

/// The same with the default limit and a real file over 64 MiB: every line is read.
#[test]
fn a_json_lines_file_over_64_mib_is_read_to_its_end() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let path = dir.path().join("huge.jsonl");
    let text = [
        padded_line("huge", 0, 40 << 20),
        padded_line("huge", 1, 30 << 20),
        article_line("huge", 2),
    ]
    .join("\n");
    std::fs::write(&path, &text).unwrap();
    assert!(text.len() > 64 << 20);
    drop(text);
    let out = run(&data, &["ingest", path.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let mut ids = stored_ids(&data);
    ids.sort();
    assert_eq!(ids, ["huge-0", "huge-1", "huge-2"]);
}

/// Regression: a FIFO in an input directory hung the ingest forever (and, killed, the
/// whole batch was lost). FIFOs, sockets and devices are named and skipped, walked or
/// named; standard input still reads.
#[cfg(unix)]
#[test]
fn fifos_sockets_and_devices_are_reported_not_opened() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    std::fs::write(input.join("good.txt"), "Ferry service resumes\n\nThe ferry between Arlen and Brisk sailed again on Tuesday after repairs, the operator said.").unwrap();
    let status = std::process::Command::new("mkfifo")
        .arg(input.join("pipe.jsonl"))
        .arg(dir.path().join("named.txt"))
        .status()
        .unwrap();
    assert!(status.success());
    let _socket = std::os::unix::net::UnixListener::bind(input.join("sock.html")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", input.join("zero.txt")).unwrap();

    let out = run_within(
        &data,
        &[
            OsStr::new("ingest"),
            input.as_os_str(),
            dir.path().join("named.txt").as_os_str(),
        ],
        None,
        120,
    );
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    reported_once(&err, "pipe.jsonl", "not a regular file (a FIFO)");
    reported_once(&err, "named.txt", "not a regular file (a FIFO)");
    reported_once(&err, "sock.html", "not a regular file (a socket)");
    reported_once(&err, "zero.txt", "not a regular file (a device)");
    assert_eq!(stored_ids(&data), ["good"]);

    let line = article_line("piped", 1) + "\n";
    let out = run_within(
        &data,
        &[OsStr::new("ingest"), OsStr::new("-")],
        Some(line.as_bytes()),
        120,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stored_ids(&data).contains(&"piped-1".to_string()));
}

/// Regression: a file name that is not UTF-8 was skipped in silence in a walk and
/// refused when named. It is read; its id and messages escape the odd bytes. Files of
/// unknown type in a walk are reported; hidden ones are not.
#[cfg(unix)]
#[test]
fn file_names_that_are_not_utf8_are_read_and_unknown_files_reported() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    let good = input.join(OsStr::from_bytes(b"caf\xe9.txt"));
    std::fs::write(&good, "Cafe reopens\n\nThe cafe by the Arlen harbour reopened on Monday after the flood, its owner said.").unwrap();
    std::fs::write(input.join(OsStr::from_bytes(b"\xff.html")), "").unwrap();
    std::fs::write(input.join("notes.md"), "# notes").unwrap();
    std::fs::write(input.join(".hidden.md"), "# hidden").unwrap();

    let out = run(&data, &["ingest", input.to_str().unwrap()]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    reported_once(&err, "\\xFF.html", "empty");
    reported_once(&err, "notes.md", "unsupported file type");
    assert!(!err.contains("hidden"), "{err}");
    assert!(!err.contains('\u{fffd}'), "{err}");
    assert_eq!(stored_ids(&data), ["caf%E9"]);

    let out = run_within(&data, &[OsStr::new("ingest"), good.as_os_str()], None, 120);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("0 new, 0 updated, 1 unchanged"),
        "{}",
        stderr(&out)
    );
}

/// Regression: a numeric JSON id went through a float, so distinct long ids collided.
#[test]
fn numeric_ids_keep_their_digits() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let path = dir.path().join("ids.jsonl");
    let mut lines = Vec::new();
    for (n, id) in [
        "12345678901234567890123456789",
        "12345678901234567890123456788",
    ]
    .iter()
    .enumerate()
    {
        let mut v: serde_json::Value = serde_json::from_str(&article_line("x", n)).unwrap();
        v.as_object_mut().unwrap().remove("id");
        lines.push(format!("{{\"id\":{id},{}", &v.to_string()[1..]));
    }
    std::fs::write(&path, lines.join("\n")).unwrap();
    let out = run(&data, &["ingest", path.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let mut ids = stored_ids(&data);
    ids.sort();
    assert_eq!(
        ids,
        [
            "12345678901234567890123456788",
            "12345678901234567890123456789"
        ]
    );
}

/// Regression: titles with terminal escape sequences were printed raw by `chorus
/// stories`. Everything printed for people shows control characters as visible escapes.
#[test]
fn terminal_escapes_in_input_are_neutralised() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    let mut v: serde_json::Value = serde_json::from_str(&article_line("esc", 3)).unwrap();
    v["title"] = "\u{1b}]0;pwned\u{7}\u{1b}[2JHarbour \u{9b}31mdredge vote\u{1b}[0m".into();
    v["outlet"] = "Evil\u{1b}[5m Gazette".into();
    std::fs::write(input.join("esc.jsonl"), v.to_string() + "\n").unwrap();
    std::fs::write(input.join("bad\u{1b}[31m.txt"), "").unwrap();
    let raw = |bytes: &[u8]| bytes.contains(&0x1b) || bytes.windows(2).any(|w| w == [0xc2, 0x9b]);

    let out = run(&data, &["ingest", input.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(!raw(&out.stderr), "{:?}", stderr(&out));
    assert!(
        stderr(&out).contains("bad\\x1B[31m.txt"),
        "{}",
        stderr(&out)
    );

    let out = run(&data, &["stories"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let table = stdout(&out);
    assert!(!raw(&out.stdout), "{table:?}");
    assert!(table.contains("\\x1B"), "{table}");
    let id = table.split_whitespace().next().unwrap().to_string();
    let out = run(&data, &["brief", &id]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!raw(&out.stdout), "{:?}", stdout(&out));
    // JSON keeps the text exactly, escaped by the JSON encoder.
    let out = run(&data, &["brief", &id, "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(json.to_string().contains("\\u001b"), "{json}");
}
