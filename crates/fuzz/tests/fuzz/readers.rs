//! The input readers through `ingest::read` on files: plain text, HTML, JSON lines,
//! RSS/Atom, WARC, each also gzipped (whole, per record, or with a damaged stream).

use std::path::{Path, PathBuf};

use ingest::{Input, Item, Limits};
use proptest::prelude::*;
use proptest::sample::Index;

use crate::gen::{self, edits};
use crate::harness::{config, ensure, run_twice};

/// How a sample is compressed.
#[derive(Debug, Clone)]
enum Gz {
    None,
    Whole,
    /// Gzipped, then cut here.
    Cut(Index),
    /// Gzipped, then one byte of the stream changed here.
    Damaged(Index, u8),
}

fn gz() -> impl Strategy<Value = Gz> {
    prop_oneof![
        6 => Just(Gz::None),
        3 => Just(Gz::Whole),
        1 => any::<Index>().prop_map(Gz::Cut),
        1 => (any::<Index>(), 1u8..=255).prop_map(|(i, x)| Gz::Damaged(i, x)),
    ]
}

/// One file to read: its extension (without `.gz`) and its bytes before compression.
#[derive(Debug, Clone)]
struct Sample {
    ext: &'static str,
    bytes: Vec<u8>,
    gz: Gz,
    limit: u64,
}

fn limit() -> impl Strategy<Value = u64> {
    prop_oneof![8 => Just(64u64 << 20), 1 => 16u64..4096, 1 => 4096u64..200_000]
}

fn text_sample() -> impl Strategy<Value = (&'static str, Vec<u8>)> {
    (gen::plain_text(64 << 10), gen::encoding(), edits(4)).prop_map(|(t, enc, e)| {
        let mut b = gen::encode(&t, enc);
        gen::edit_bytes(&mut b, &e, 256 << 10);
        ("txt", b)
    })
}

fn html_sample() -> impl Strategy<Value = (&'static str, Vec<u8>)> {
    (gen::page(), gen::encoding(), edits(4)).prop_map(|(p, enc, e)| {
        let mut b = gen::encode(&p.html(), enc);
        gen::edit_bytes(&mut b, &e, 256 << 10);
        ("html", b)
    })
}

fn feed_sample() -> impl Strategy<Value = (&'static str, Vec<u8>)> {
    (
        gen::feed(),
        proptest::sample::select(&["rss", "atom", "xml"][..]),
        edits(3),
    )
        .prop_map(|(f, ext, e)| {
            let mut b = f.into_bytes();
            gen::edit_bytes(&mut b, &e, 256 << 10);
            (ext, b)
        })
}

fn warc_sample() -> impl Strategy<Value = (&'static str, Vec<u8>)> {
    (proptest::collection::vec(gen::record(), 0..4), edits(2)).prop_map(|(records, e)| {
        let mut b: Vec<u8> = records
            .iter()
            .enumerate()
            .flat_map(|(n, r)| r.bytes(n))
            .collect();
        gen::edit_bytes(&mut b, &e, 256 << 10);
        ("warc", b)
    })
}

fn sample() -> impl Strategy<Value = Sample> {
    (
        prop_oneof![
            2 => text_sample(),
            2 => html_sample(),
            2 => gen::json_lines().prop_map(|b| ("jsonl", b)),
            2 => feed_sample(),
            2 => warc_sample(),
        ],
        gz(),
        limit(),
    )
        .prop_map(|((ext, bytes), gz, limit)| Sample {
            ext,
            bytes,
            gz,
            limit,
        })
}

/// Writes the sample to a file named after its format in a fresh directory.
fn write(s: &Sample, dir: &tempfile::TempDir) -> PathBuf {
    let (name, data) = match &s.gz {
        Gz::None => (format!("doc.{}", s.ext), s.bytes.clone()),
        Gz::Whole => (format!("doc.{}.gz", s.ext), gen::gzip(&s.bytes)),
        Gz::Cut(i) => {
            let mut z = gen::gzip(&s.bytes);
            z.truncate(i.index(z.len() + 1));
            (format!("doc.{}.gz", s.ext), z)
        }
        Gz::Damaged(i, x) => {
            let mut z = gen::gzip(&s.bytes);
            let p = i.index(z.len());
            z[p] ^= x;
            (format!("doc.{}.gz", s.ext), z)
        }
    };
    let path = dir.path().join(name);
    std::fs::write(&path, data).expect("a temporary file can be written");
    path
}

#[allow(clippy::field_reassign_with_default)]
fn read(path: &Path, limit: u64) -> Vec<Item> {
    let mut items = Vec::new();
    // Set field by field, so that limits added later keep their defaults.
    let mut limits = Limits::default();
    limits.max_doc_bytes = limit;
    ingest::read(&Input::File(path.to_path_buf()), &limits, &mut |item| {
        items.push(item)
    });
    items
}

/// The line numbers of a JSON-lines file that hold something besides blanks and
/// byte-order marks: each must give exactly one document or one failure.
fn content_lines(bytes: &[u8]) -> Vec<usize> {
    let mut lines: Vec<&[u8]> = bytes.split(|b| *b == b'\n').collect();
    if lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    lines
        .iter()
        .enumerate()
        .filter(|(_, l)| match std::str::from_utf8(l) {
            Ok(t) => !t.trim_start_matches('\u{feff}').trim().is_empty(),
            Err(_) => true,
        })
        .map(|(n, _)| n + 1)
        .collect()
}

fn check(s: &Sample, path: &Path, items: &[Item]) -> Result<(), TestCaseError> {
    let name = path.display().to_string();
    for item in items {
        match item {
            Ok(doc) => {
                ensure(!doc.id.trim().is_empty(), || {
                    format!("a document without an id: {doc:?}")
                })?;
                ensure(doc.source.starts_with(&name), || {
                    format!("document source {:?} does not name {name}", doc.source)
                })?;
                ensure(!doc.content.trim().is_empty(), || {
                    format!("a document with no content from {}", doc.source)
                })?;
            }
            Err(f) => {
                ensure(f.source.starts_with(&name), || {
                    format!("failure source {:?} does not name {name}", f.source)
                })?;
                ensure(!f.reason.trim().is_empty(), || {
                    format!("a failure without a reason: {f:?}")
                })?;
            }
        }
    }
    // Nothing is lost in silence: a file gives at least one document or failure (a
    // WARC archive skips records that are not HTML responses by design).
    if s.ext != "warc" {
        ensure(!items.is_empty(), || {
            format!("{name} gave neither a document nor a failure")
        })?;
    }
    // Every line of a readable JSON-lines file gives exactly one item, in order.
    let whole = matches!(s.gz, Gz::None | Gz::Whole);
    if s.ext == "jsonl" && whole && s.bytes.len() as u64 <= s.limit {
        let expected = content_lines(&s.bytes);
        if !expected.is_empty() {
            let got: Vec<usize> = items
                .iter()
                .map(|i| {
                    let source = match i {
                        Ok(d) => &d.source,
                        Err(f) => &f.source,
                    };
                    source
                        .rsplit_once(':')
                        .and_then(|(_, n)| n.parse().ok())
                        .unwrap_or(0)
                })
                .collect();
            ensure(got == expected, || {
                format!("JSON lines {expected:?} gave items for lines {got:?}: {items:?}")
            })?;
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(300))]

    /// Every reader, on every format, plain and gzipped: no panic, bounded time and
    /// memory, the same items twice, every item naming its input, nothing dropped.
    #[test]
    fn readers(s in sample()) {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let path = write(&s, &dir);
        let limit = s.limit;
        let p = path.clone();
        let items = run_twice("ingest::read", s.bytes.len(), move || read(&p, limit))?;
        check(&s, &path, &items)?;
    }

    /// `ingest::decode` on arbitrary bytes with both formats.
    #[test]
    fn decode(b in proptest::collection::vec(any::<u8>(), 0..2048), html in any::<bool>(), e in edits(4)) {
        let mut b = b;
        let seeds: &[u8] = if html { b"<meta charset=\"windows-1252\"><p>caf\xe9</p>" } else { b"caf\xc3\xa9 \xc3\x83\xc2\xa9" };
        b.extend_from_slice(seeds);
        gen::edit_bytes(&mut b, &e, 1 << 16);
        let format = if html { model::Format::Html } else { model::Format::Text };
        let n = b.len();
        let _decoded = run_twice("ingest::decode", n, move || ingest::decode(&b, format))?;
    }
}

/// A JSON-lines file that is one long run of a line, to check the reader stays linear
/// in lines; kept small so it runs by default.
#[test]
fn many_json_lines() {
    let line = "{\"id\":\"x\",\"text\":\"Maria Lopez said 3 things on Monday.\"}\n";
    let bytes = line.repeat(20_000).into_bytes();
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("many.jsonl");
    std::fs::write(&path, &bytes).expect("a temporary file");
    let n = bytes.len();
    let items = crate::harness::run("ingest::read many lines", n, move || {
        read(&path, 64 << 20).len()
    })
    .expect("within limits");
    assert_eq!(items, 20_000);
}
