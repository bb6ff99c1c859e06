//! Input readers: the I/O edge where files, directories and stdin become [`RawDoc`]s:
//! plain text, HTML, JSON lines, RSS/Atom feeds and WARC archives, each optionally gzipped.
//!
//! - [`discover`] expands the user's `PATH` arguments (files, directories walked
//!   recursively in sorted order, `-` for stdin) into [`Input`]s, reporting everything it
//!   leaves out except hidden entries.
//! - [`read`] reads one input and pushes each document, or each failure, to a sink.
//!   Inputs that hold many documents (JSON lines, WARC archives) stream: they may have any
//!   length, and only one document is held at a time.
//!
//! The size limit ([`Limits::max_doc_bytes`]) applies to each document: a text or HTML
//! file, one JSON line, one WARC record, one feed. Only regular files are opened (FIFOs,
//! sockets and devices are failures), and file names are carried as bytes.
//!
//! Bad input is never fatal: every problem becomes a [`Failure`] naming the input (and line)
//! and the reason, and the caller goes on with the rest of the batch.

mod decode;
mod feed;
mod mojibake;
mod paths;
mod warc;

use std::fmt;
use std::io::{self, BufRead, Read};

use chrono::NaiveDate;
use model::{Format, RawDoc};
use serde::Deserialize;
use serde_json::value::RawValue;

pub use decode::{decode, DecodeError};
pub use paths::{container_of, discover, display, file_id, Container};

use paths::{io_reason, EXPECTED};

/// How the readers read: the limits that keep memory bounded whatever the input, and the
/// one option that shapes what they produce, the width of WARC record ids. Every reader
/// takes it, so a caller that must read the way a store was written (see
/// [`WarcIdWidth`]) sets it here once.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Largest document accepted, in bytes after decompression (default 64 MiB): a text
    /// or HTML file, one JSON line, one WARC record, or a feed (read whole). A larger
    /// document is reported and skipped; the documents around it are still read.
    pub max_doc_bytes: u64,
    /// How many bits of the hash of a WARC record's id go into its document's id
    /// (default 64).
    pub warc_ids: WarcIdWidth,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_doc_bytes: 64 << 20,
            warc_ids: WarcIdWidth::default(),
        }
    }
}

/// The width of the record part of a WARC document's id, `{file stem}-{hash}`: the top
/// bits of the seeded 64-bit hash of the record's `WARC-Record-ID` (its target URI, or
/// its place in the file, when it has none), in hex. A 48-bit id is therefore the first
/// 12 hex digits of the 64-bit one.
///
/// Ids are deterministic, so reading the same file again finds the same documents; a
/// store keeps the ids it was written with, and must be read into with the width it
/// records (`store::Store::warc_id_bits`): stores created before 64-bit ids hold 48-bit
/// ones, and reading their files again with 64 bits would add every record a second
/// time. At 48 bits, a year of Common Crawl news (~10⁸ records in files of ~40,000; the
/// file stem keeps files apart) has a chance of about 0.7% that two records of one file
/// share an id (the second is then skipped); at 64 bits, about 10⁻⁷.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum WarcIdWidth {
    /// 12 hex digits: the ids of stores created before 64-bit ids.
    Bits48,
    /// 16 hex digits: the full hash.
    #[default]
    Bits64,
}

impl WarcIdWidth {
    /// The width in bits.
    pub fn bits(self) -> u32 {
        match self {
            WarcIdWidth::Bits48 => 48,
            WarcIdWidth::Bits64 => 64,
        }
    }

    /// The width of `bits`, if it is one of the two.
    pub fn from_bits(bits: u32) -> Option<WarcIdWidth> {
        match bits {
            48 => Some(WarcIdWidth::Bits48),
            64 => Some(WarcIdWidth::Bits64),
            _ => None,
        }
    }

    /// The record part of an id: the top bits of `hash` in hex, two digits a byte.
    pub(crate) fn record_part(self, hash: u64) -> String {
        match self {
            WarcIdWidth::Bits48 => format!("{:012x}", hash >> 16),
            WarcIdWidth::Bits64 => format!("{hash:016x}"),
        }
    }
}

/// A byte count as messages show it: `64 MiB`, `2 KiB`, `1500 bytes`.
pub(crate) fn size(bytes: u64) -> String {
    const KIB: u64 = 1 << 10;
    const MIB: u64 = 1 << 20;
    if bytes >= MIB && bytes.is_multiple_of(MIB) {
        format!("{} MiB", bytes / MIB)
    } else if bytes >= KIB && bytes.is_multiple_of(KIB) {
        format!("{} KiB", bytes / KIB)
    } else {
        format!("{bytes} bytes")
    }
}

/// One thing to read: a file or standard input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    File(std::path::PathBuf),
    Stdin,
}

impl Input {
    /// How messages name this input: the path, with bytes that are not UTF-8 escaped
    /// (see [`display`]), or `-`.
    pub fn name(&self) -> String {
        match self {
            Input::File(p) => display(p),
            Input::Stdin => "-".to_string(),
        }
    }
}

/// A document (or a whole input) that could not be read, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// The input, as `path` or `path:line`.
    pub source: String,
    pub reason: String,
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.source, self.reason)
    }
}

pub(crate) fn failure(source: impl Into<String>, reason: impl Into<String>) -> Failure {
    Failure {
        source: source.into(),
        reason: reason.into(),
    }
}

/// One item a reader produces: a document or a failure.
pub type Item = Result<RawDoc, Failure>;

/// Bytes of stdin looked at to guess its container.
const SNIFF: usize = 1024;

/// Reads one input, pushing every document and every failure to `sink`, in input order.
///
/// A file is opened only if it is a regular file (see [`discover`]); standard input is
/// read whatever it is (usually a pipe), its container guessed from its first bytes.
pub fn read(input: &Input, limits: &Limits, sink: &mut dyn FnMut(Item)) {
    let name = input.name();
    match input {
        Input::Stdin => {
            let mut stdin = io::stdin().lock();
            let mut head = Vec::with_capacity(SNIFF);
            if let Err(e) = (&mut stdin).take(SNIFF as u64).read_to_end(&mut head) {
                return sink(Err(failure(name, io_reason(&e))));
            }
            let container = sniff(&head);
            let mut reader = io::Cursor::new(head).chain(stdin);
            read_container(&name, None, container, false, &mut reader, limits, sink);
        }
        Input::File(path) => {
            let Some((container, gz)) = container_of(path) else {
                return sink(Err(failure(
                    name,
                    format!("unsupported file type ({EXPECTED})"),
                )));
            };
            let file = match paths::open_regular(path) {
                Ok(f) => f,
                Err(reason) => return sink(Err(failure(name, reason))),
            };
            let reader: Box<dyn Read> = if gz {
                Box::new(flate2::read::MultiGzDecoder::new(file))
            } else {
                Box::new(file)
            };
            let mut reader = io::BufReader::with_capacity(64 << 10, reader);
            let stem = file_id(path);
            read_container(&name, Some(&stem), container, gz, &mut reader, limits, sink);
        }
    }
}

/// Reads an RSS/Atom feed held in memory (fetched from the web by the follower), as
/// [`read`] reads a feed file: one document per item, ids `stem-HASH` from the items' own
/// ids, failures named `name#itemN` (or `name` for the whole feed).
pub fn read_feed_bytes(
    name: &str,
    stem: &str,
    bytes: &[u8],
    limits: &Limits,
    sink: &mut dyn FnMut(Item),
) {
    let mut reader = bytes;
    feed::read_feed(name, stem, &mut reader, limits, sink)
}

/// Reads an opened input of a known container. `stem` is the file's id (`None` for
/// stdin); `gz` says read errors are decompression errors.
fn read_container(
    name: &str,
    stem: Option<&str>,
    container: Container,
    gz: bool,
    reader: &mut dyn BufRead,
    limits: &Limits,
    sink: &mut dyn FnMut(Item),
) {
    let prefix = stem.unwrap_or("stdin");
    let format = match container {
        // Streams of documents: limited per document, any total length.
        Container::JsonLines => return read_json_lines(name, prefix, reader, limits, sink),
        Container::Warc => return warc::read_warc(name, prefix, reader, limits, sink),
        Container::Feed => return feed::read_feed(name, prefix, reader, limits, sink),
        Container::Html => Format::Html,
        Container::Text => Format::Text,
    };
    let bytes = match read_document(reader, limits, gz) {
        Ok(bytes) => bytes,
        Err(reason) => return sink(Err(failure(name, reason))),
    };
    match decode(&bytes, format) {
        Err(e) => sink(Err(failure(name, e.to_string()))),
        Ok(content) => {
            let id = match stem {
                Some(stem) => stem.to_string(),
                None => format!("stdin-{:012x}", text::hash64(content.as_bytes()) >> 16),
            };
            sink(Ok(RawDoc {
                id,
                source: name.to_string(),
                format,
                content,
                url: None,
                title: None,
                published: None,
                outlet: None,
            }))
        }
    }
}

/// Reads one whole document of at most `max_doc_bytes`, never holding more than one
/// byte over the limit.
fn read_document(reader: &mut dyn BufRead, limits: &Limits, gz: bool) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    // One byte over the limit tells "too large" from "exactly at the limit".
    if let Err(e) = reader
        .take(limits.max_doc_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
    {
        return Err(if gz {
            format!("cannot decompress: {e}")
        } else {
            io_reason(&e)
        });
    }
    if bytes.len() as u64 > limits.max_doc_bytes {
        return Err(format!("too large: over {}", size(limits.max_doc_bytes)));
    }
    Ok(bytes)
}

/// Guesses the container of unnamed input (stdin) from its first bytes.
fn sniff(bytes: &[u8]) -> Container {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]).to_ascii_lowercase();
    let start = head.trim_start_matches('\u{feff}').trim_start();
    if start.starts_with('{') {
        Container::JsonLines
    } else if start.starts_with("warc/") {
        Container::Warc
    } else if start.starts_with("<?xml") && (head.contains("<rss") || head.contains("<feed"))
        || start.starts_with("<rss")
        || start.starts_with("<feed")
    {
        Container::Feed
    } else if start.starts_with('<') || head.contains("<html") || head.contains("<p>") {
        Container::Html
    } else {
        Container::Text
    }
}

/// A line of a JSON-lines file. Every field is optional, but one of `text`/`html`.
#[derive(Debug, Deserialize)]
struct JsonArticle {
    /// Kept as written, so a number keeps all its digits (`12345678901234567890123456789`
    /// would become `1.2345678901234568e28` as a float, and distinct ids would collide).
    id: Option<Box<RawValue>>,
    url: Option<String>,
    title: Option<String>,
    text: Option<String>,
    html: Option<String>,
    published: Option<String>,
    outlet: Option<String>,
}

/// What [`next_line`] found.
#[derive(Debug, PartialEq, Eq)]
enum Line {
    /// The input has no more lines.
    End,
    /// A line is in the buffer, without its line ending.
    Read,
    /// The line was longer than the limit; it was read past, not kept.
    TooLong,
}

/// Reads the next line into `buf` without its line ending (`\n` or `\r\n`), holding at
/// most `max` bytes of it: a longer line is read to its end in pieces and dropped, so one
/// huge line costs no more memory than the limit.
fn next_line(reader: &mut dyn BufRead, buf: &mut Vec<u8>, max: u64) -> io::Result<Line> {
    buf.clear();
    // Room for the line ending too.
    let room = usize::try_from(max).unwrap_or(usize::MAX).saturating_add(2);
    let mut started = false;
    let mut over = false;
    loop {
        let available = match reader.fill_buf() {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            break;
        }
        started = true;
        let (used, done) = match memchr::memchr(b'\n', available) {
            Some(i) => (i + 1, true),
            None => (available.len(), false),
        };
        if !over {
            if buf.len() + used > room {
                over = true;
                buf.clear();
            } else {
                buf.extend_from_slice(&available[..used]);
            }
        }
        reader.consume(used);
        if done {
            break;
        }
    }
    if !started {
        return Ok(Line::End);
    }
    if over {
        return Ok(Line::TooLong);
    }
    if buf.last() == Some(&b'\n') {
        buf.pop();
        if buf.last() == Some(&b'\r') {
            buf.pop();
        }
    }
    Ok(if buf.len() as u64 > max {
        Line::TooLong
    } else {
        Line::Read
    })
}

/// Reads JSON lines one at a time: any number of lines, each at most `max_doc_bytes`.
/// `stem` names documents without an `id` (`stem-LINE`).
fn read_json_lines(
    name: &str,
    stem: &str,
    reader: &mut dyn BufRead,
    limits: &Limits,
    sink: &mut dyn FnMut(Item),
) {
    let mut line = Vec::new();
    let mut number = 0usize;
    let mut any = false;
    loop {
        match next_line(reader, &mut line, limits.max_doc_bytes) {
            Ok(Line::End) => break,
            Ok(Line::Read) => {}
            Ok(Line::TooLong) => {
                number += 1;
                any = true;
                sink(Err(failure(
                    format!("{name}:{number}"),
                    format!(
                        "line too large: over {}; skipped",
                        size(limits.max_doc_bytes)
                    ),
                )));
                continue;
            }
            Err(e) => {
                sink(Err(failure(
                    format!("{name}:{}", number + 1),
                    format!("read error: {e}; the rest of the input is lost"),
                )));
                break;
            }
        }
        number += 1;
        let source = format!("{name}:{number}");
        let Ok(text) = std::str::from_utf8(&line) else {
            sink(Err(failure(source, "invalid UTF-8 in JSON line")));
            continue;
        };
        let text = text.trim_start_matches('\u{feff}').trim();
        if text.is_empty() {
            continue;
        }
        any = true;
        let record: JsonArticle = match serde_json::from_str(text) {
            Ok(r) => r,
            Err(e) => {
                sink(Err(failure(source, format!("invalid JSON: {e}"))));
                continue;
            }
        };
        sink(json_doc(record, stem, number, source));
    }
    if !any {
        sink(Err(failure(name, "empty input: no JSON lines")));
    }
}

/// The id a JSON line gives: a string's trimmed text, a number's literal text as written,
/// else none (the caller falls back to the stem and line number).
fn json_id(raw: Option<&RawValue>) -> Option<String> {
    let raw = raw?.get().trim();
    if raw.starts_with('"') {
        let s: String = serde_json::from_str(raw).ok()?;
        Some(s.trim().to_string()).filter(|s| !s.is_empty())
    } else if raw.starts_with(|c: char| c == '-' || c.is_ascii_digit()) {
        Some(raw.to_string())
    } else {
        None
    }
}

fn json_doc(record: JsonArticle, stem: &str, number: usize, source: String) -> Item {
    let id = json_id(record.id.as_deref()).unwrap_or_else(|| format!("{stem}-{number}"));
    let (format, content) = match (record.html, record.text) {
        (Some(html), _) if !html.trim().is_empty() => (Format::Html, html),
        (_, Some(text)) if !text.trim().is_empty() => (Format::Text, text),
        _ => {
            return Err(failure(
                source,
                "no \"text\" or \"html\" field with content",
            ))
        }
    };
    let published = match record
        .published
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        None => None,
        Some(s) => match parse_day(s) {
            Some(d) => Some(d),
            None => {
                return Err(failure(
                    source,
                    format!("unreadable \"published\" date {s:?}"),
                ))
            }
        },
    };
    Ok(RawDoc {
        id,
        source,
        format,
        content,
        url: record.url.filter(|s| !s.trim().is_empty()),
        title: record
            .title
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty()),
        published,
        outlet: record
            .outlet
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty()),
    })
}

/// Reads the day of `YYYY-MM-DD`, optionally followed by a time (`T…` or ` …`).
pub fn parse_day(s: &str) -> Option<NaiveDate> {
    let day = s.get(..10)?;
    let rest = &s[10..];
    if !(rest.is_empty() || rest.starts_with('T') || rest.starts_with(' ')) {
        return None;
    }
    NaiveDate::parse_from_str(day, "%Y-%m-%d").ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs::File;
    use std::io::Write;

    fn collect(input: &Input) -> (Vec<RawDoc>, Vec<Failure>) {
        collect_with(input, &Limits::default())
    }

    fn collect_with(input: &Input, limits: &Limits) -> (Vec<RawDoc>, Vec<Failure>) {
        let (mut docs, mut fails) = (Vec::new(), Vec::new());
        read(input, limits, &mut |item| match item {
            Ok(d) => docs.push(d),
            Err(f) => fails.push(f),
        });
        (docs, fails)
    }

    #[test]
    fn json_lines_go_on_after_bad_lines() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("feed.jsonl");
        let mut f = File::create(&path).unwrap();
        writeln!(
            f,
            r#"{{"id":"a","title":"T","text":"Body one.","published":"2026-03-02","outlet":"O"}}"#
        )
        .unwrap();
        writeln!(f, "{{not json").unwrap();
        f.write_all(b"{\"text\":\"bad \xff utf8\"}\n").unwrap();
        writeln!(f, r#"{{"title":"no body"}}"#).unwrap();
        writeln!(
            f,
            r#"{{"html":"<p>Second</p>","published":"2026-03-03T10:00:00Z"}}"#
        )
        .unwrap();
        drop(f);
        let (docs, fails) = collect(&Input::File(path));
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].id, "a");
        assert_eq!(docs[0].published, NaiveDate::from_ymd_opt(2026, 3, 2));
        assert_eq!(docs[1].id, "feed-5");
        assert_eq!(docs[1].format, Format::Html);
        let sources: Vec<_> = fails
            .iter()
            .map(|f| f.source.rsplit(':').next().unwrap().to_string())
            .collect();
        assert_eq!(sources, vec!["2", "3", "4"]);
        assert!(fails[1].reason.contains("UTF-8"));
    }

    #[test]
    fn empty_binary_and_missing_files_fail_with_reasons() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("empty.txt"), "  \n").unwrap();
        std::fs::write(
            dir.path().join("junk.html"),
            [0u8, 159, 146, 150, 0, 0, 1, 2, 3, 0, 0xff, 0xfe, 0].repeat(50),
        )
        .unwrap();
        std::fs::write(dir.path().join("ok.txt"), "Title\n\nBody.").unwrap();
        std::fs::write(dir.path().join("notes.md"), "reported in a walk").unwrap();
        std::fs::write(dir.path().join(".hidden.md"), "skipped without a word").unwrap();
        let (inputs, fails) = discover(&[dir.path().to_path_buf(), dir.path().join("nope.txt")]);
        assert_eq!(inputs.len(), 3);
        assert_eq!(fails.len(), 2, "{fails:?}");
        assert!(fails[0].source.ends_with("notes.md"), "{fails:?}");
        assert!(fails[0].reason.contains("unsupported file type"));
        assert!(fails[1].reason.contains("no such file"));
        let mut reasons = Vec::new();
        for input in &inputs {
            let (docs, fails) = collect(input);
            reasons.extend(fails.into_iter().map(|f| f.reason));
            assert!(docs.len() <= 1);
        }
        reasons.sort();
        assert_eq!(reasons.len(), 2, "{reasons:?}");
        assert!(reasons.iter().any(|r| r.contains("binary")), "{reasons:?}");
        assert!(reasons.iter().any(|r| r.contains("empty")), "{reasons:?}");
    }

    #[test]
    fn gzip_and_size_limit() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("page.html.gz");
        let mut enc = flate2::write::GzEncoder::new(
            File::create(&path).unwrap(),
            flate2::Compression::fast(),
        );
        enc.write_all(b"<html><body><p>Hello there, reader.</p></body></html>")
            .unwrap();
        enc.finish().unwrap();
        let (docs, fails) = collect(&Input::File(path.clone()));
        assert!(fails.is_empty(), "{fails:?}");
        assert_eq!(docs[0].id, "page");
        assert!(docs[0].content.contains("Hello there"));

        let mut fails = Vec::new();
        read(
            &Input::File(path),
            &Limits {
                max_doc_bytes: 10,
                ..Limits::default()
            },
            &mut |item| {
                if let Err(f) = item {
                    fails.push(f)
                }
            },
        );
        assert!(fails[0].reason.contains("too large"));
    }

    #[test]
    fn corrupt_gzip_is_a_failure() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bad.txt.gz");
        std::fs::write(&path, b"\x1f\x8b\x08\x00garbage-garbage").unwrap();
        let (docs, fails) = collect(&Input::File(path));
        assert!(docs.is_empty());
        assert!(fails[0].reason.contains("decompress"), "{fails:?}");
    }

    fn small_line(n: usize) -> String {
        format!(r#"{{"id":"a{n}","text":"Body {n}."}}"#)
    }

    /// Regression: a JSON-lines file was cut at the document limit, and the lines after
    /// it were lost without a word. The limit holds per line; the file may be any length.
    #[test]
    fn json_lines_stream_past_the_document_limit() {
        let limits = Limits {
            max_doc_bytes: 200,
            ..Limits::default()
        };
        let mut text = String::new();
        for n in 0..60 {
            if n == 20 {
                text.push_str(&format!(r#"{{"id":"big","text":"{}"}}"#, "x".repeat(5000)));
            } else if n == 30 {
                // Exactly at the limit, with a CRLF ending: accepted.
                let pad = 200 - small_line(n).len() - r#","p":"""#.len();
                let line = format!(
                    r#"{{"id":"a{n}","text":"Body {n}.","p":"{}"}}"#,
                    "y".repeat(pad)
                );
                assert_eq!(line.len(), 200);
                text.push_str(&line);
                text.push('\r');
            } else {
                text.push_str(&small_line(n));
            }
            text.push('\n');
        }
        assert!(text.len() > 20 * 200);
        let dir = tempfile::tempdir().unwrap();
        let plain = dir.path().join("many.jsonl");
        std::fs::write(&plain, &text).unwrap();
        let gz = dir.path().join("many.jsonl.gz");
        let mut enc =
            flate2::write::GzEncoder::new(File::create(&gz).unwrap(), flate2::Compression::fast());
        enc.write_all(text.as_bytes()).unwrap();
        enc.finish().unwrap();
        for (path, name) in [(plain, "many.jsonl"), (gz, "many.jsonl.gz")] {
            let (docs, fails) = collect_with(&Input::File(path), &limits);
            assert_eq!(docs.len(), 59, "{name}: {fails:?}");
            assert_eq!(docs.last().unwrap().id, "a59");
            assert!(docs.iter().any(|d| d.id == "a30"));
            assert_eq!(fails.len(), 1, "{name}: {fails:?}");
            assert!(
                fails[0].source.ends_with(&format!("{name}:21")),
                "{fails:?}"
            );
            assert!(fails[0].reason.contains("too large"), "{fails:?}");
            assert!(fails[0].reason.contains("200 bytes"), "{fails:?}");
        }
    }

    #[test]
    fn lines_end_with_lf_or_crlf_and_a_huge_line_is_never_held() {
        let mut data = b"a\r\nb\n\nc".to_vec();
        let mut lines = Vec::new();
        let mut reader = io::BufReader::with_capacity(3, &data[..]);
        let mut buf = Vec::new();
        loop {
            match next_line(&mut reader, &mut buf, 10).unwrap() {
                Line::End => break,
                Line::Read => lines.push(String::from_utf8(buf.clone()).unwrap()),
                Line::TooLong => lines.push("too long".into()),
            }
        }
        assert_eq!(lines, ["a", "b", "", "c"]);

        data = vec![b'z'; 8 << 20];
        data.extend_from_slice(b"\nnext");
        let mut reader = io::BufReader::new(&data[..]);
        assert_eq!(
            next_line(&mut reader, &mut buf, 1000).unwrap(),
            Line::TooLong
        );
        assert!(buf.capacity() < 64 << 10, "{}", buf.capacity());
        assert_eq!(next_line(&mut reader, &mut buf, 1000).unwrap(), Line::Read);
        assert_eq!(buf, b"next");
        assert_eq!(next_line(&mut reader, &mut buf, 1000).unwrap(), Line::End);
    }

    /// Regression: a numeric id went through a float, so
    /// 12345678901234567890123456789 became 1.2345678901234568e28 and distinct ids
    /// collided.
    #[test]
    fn json_ids_keep_their_exact_text() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ids.jsonl");
        let lines = [
            r#"{"id":12345678901234567890123456789,"text":"One."}"#,
            r#"{"id":12345678901234567890123456788,"text":"Two."}"#,
            r#"{"id": 1.50 ,"text":"Three."}"#,
            r#"{"id":-7,"text":"Four."}"#,
            r#"{"id":"  spaced \u00e9 ","text":"Five."}"#,
            r#"{"id":true,"text":"Six."}"#,
            r#"{"id":null,"text":"Seven."}"#,
        ];
        std::fs::write(&path, lines.join("\n")).unwrap();
        let (docs, fails) = collect(&Input::File(path));
        assert!(fails.is_empty(), "{fails:?}");
        let ids: Vec<&str> = docs.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "12345678901234567890123456789",
                "12345678901234567890123456788",
                "1.50",
                "-7",
                "spaced é",
                "ids-6",
                "ids-7"
            ]
        );
    }

    /// Regression: a FIFO in an input directory hung the reader forever.
    #[cfg(unix)]
    #[test]
    fn only_regular_files_are_read() {
        use std::os::unix::ffi::OsStrExt;
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe.txt");
        let c_path = std::ffi::CString::new(fifo.as_os_str().as_bytes()).unwrap();
        // SAFETY: `c_path` is a valid NUL-terminated path that outlives the call.
        assert_eq!(unsafe { libc::mkfifo(c_path.as_ptr(), 0o644) }, 0);
        let _socket = std::os::unix::net::UnixListener::bind(dir.path().join("sock.html")).unwrap();
        std::os::unix::fs::symlink("/dev/null", dir.path().join("null.txt")).unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        std::fs::write(dir.path().join("sub/ok.txt"), "Title\n\nBody.").unwrap();
        std::os::unix::fs::symlink(dir.path().join("sub"), dir.path().join("link")).unwrap();
        std::os::unix::fs::symlink(dir.path().join("gone.txt"), dir.path().join("dead.txt"))
            .unwrap();

        let (tx, rx) = std::sync::mpsc::channel();
        let (root, named) = (dir.path().to_path_buf(), fifo.clone());
        std::thread::spawn(move || {
            let walked = discover(std::slice::from_ref(&root));
            let explicit = discover(std::slice::from_ref(&named));
            // Read directly, as if the FIFO had been swapped in after discovery.
            let read = collect(&Input::File(named));
            tx.send((walked, explicit, read)).unwrap();
        });
        let ((inputs, fails), (named_inputs, named_fails), (docs, read_fails)) = rx
            .recv_timeout(std::time::Duration::from_secs(20))
            .expect("reading a FIFO must not block");
        assert_eq!(inputs, [Input::File(dir.path().join("sub/ok.txt"))]);
        let report: Vec<String> = fails.iter().map(|f| f.to_string()).collect();
        let expect = [
            ("dead.txt", "broken symbolic link"),
            ("link", "symbolic link to a directory"),
            ("null.txt", "not a regular file (a device)"),
            ("pipe.txt", "not a regular file (a FIFO)"),
            ("sock.html", "not a regular file (a socket)"),
        ];
        assert_eq!(report.len(), expect.len(), "{report:#?}");
        for (line, (name, reason)) in report.iter().zip(expect) {
            assert!(line.contains(name) && line.contains(reason), "{line}");
        }
        assert!(named_inputs.is_empty());
        assert!(named_fails[0].reason.contains("a FIFO"), "{named_fails:?}");
        assert!(docs.is_empty());
        assert!(read_fails[0].reason.contains("a FIFO"), "{read_fails:?}");
    }

    /// Regression: a file name that is not UTF-8 was skipped in silence in a walk and
    /// refused as "unsupported file type" when named.
    #[cfg(unix)]
    #[test]
    fn names_that_are_not_utf8_are_read() {
        use std::ffi::OsStr;
        use std::os::unix::ffi::OsStrExt;
        let dir = tempfile::tempdir().unwrap();
        let good = dir.path().join(OsStr::from_bytes(b"caf\xe9.txt"));
        std::fs::write(&good, "Title\n\nBody.").unwrap();
        let empty = dir.path().join(OsStr::from_bytes(b"\xff.html"));
        std::fs::write(&empty, "").unwrap();
        for paths in [
            vec![dir.path().to_path_buf()],
            vec![good.clone(), empty.clone()],
        ] {
            let (inputs, fails) = discover(&paths);
            assert!(fails.is_empty(), "{fails:?}");
            assert_eq!(inputs.len(), 2);
            let mut ids = Vec::new();
            let mut reasons = Vec::new();
            for input in &inputs {
                let (docs, fails) = collect(input);
                ids.extend(docs.into_iter().map(|d| (d.id, d.source)));
                reasons.extend(fails);
            }
            assert_eq!(ids.len(), 1);
            assert_eq!(ids[0].0, "caf%E9");
            assert!(ids[0].1.ends_with("caf\\xE9.txt"), "{ids:?}");
            assert_eq!(reasons.len(), 1);
            assert!(reasons[0].source.ends_with("/\\xFF.html"), "{reasons:?}");
            assert!(reasons[0].reason.contains("empty"), "{reasons:?}");
        }
    }
}

/// Structured garbage through the feed and WARC readers: nothing may panic, and every
/// input ends in documents or failures, never an endless loop.
#[cfg(test)]
mod garbage_tests {
    use std::io::Cursor;

    use super::*;

    /// xorshift32: the same cases on every run.
    struct Rng(u32);

    impl Rng {
        fn next(&mut self) -> u32 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 17;
            self.0 ^= self.0 << 5;
            self.0
        }

        fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
            items
                .get(self.next() as usize % items.len().max(1))
                .copied()
                .unwrap_or("")
        }
    }

    const FEED_PIECES: &[&str] = &[
        "<?xml version=\"1.0\"?>",
        "<rss version=\"2.0\">",
        "</rss>",
        "<channel>",
        "</channel>",
        "<item>",
        "</item>",
        "<title>",
        "</title>",
        "<link>",
        "</link>",
        "https://x.example/a",
        "<pubDate>",
        "</pubDate>",
        "Mon, 32 Foo 2021 25:61:00 +9999",
        "<description>",
        "</description>",
        "<content:encoded><![CDATA[<p>Body text of an item.</p>",
        "]]></content:encoded>",
        "<feed xmlns=\"http://www.w3.org/2005/Atom\">",
        "</feed>",
        "<entry>",
        "</entry>",
        "<updated>2021-02-30T00:00:00Z</updated>",
        "<content type=\"html\">",
        "</content>",
        "&lt;p&gt;",
        "&bogus;",
        "&#0;",
        "<",
        ">",
        "\u{0}",
        "日本",
        " ",
        "\n",
    ];

    const WARC_PIECES: &[&str] = &[
        "WARC/1.0\r\n",
        "WARC/1.1\r\n",
        "WARC-Type: response\r\n",
        "WARC-Type: request\r\n",
        "WARC-Target-URI: https://x.example/2021/01/02/a\r\n",
        "Content-Length: 0\r\n",
        "Content-Length: 120\r\n",
        "Content-Length: 99999999999999999999\r\n",
        "Content-Length: -5\r\n",
        "Content-Type: application/http; msgtype=response\r\n",
        "\r\n",
        "HTTP/1.1 200 OK\r\n",
        "HTTP/1.1 404 Not Found\r\n",
        "HTTP/1.1 200\r\n",
        "Content-Type: text/html; charset=utf-8\r\n",
        "Content-Type: text/html; charset=bogus\r\n",
        "Content-Encoding: gzip\r\n",
        "<html><body><p>Text of the page.</p></body></html>",
        "\r\n\r\n",
        "\u{0}\u{1}\u{2}",
        "no colon header line\r\n",
        ":\r\n",
        "\n",
    ];

    fn soup(rng: &mut Rng, pieces: &[&str], max: u32) -> Vec<u8> {
        let mut out = Vec::new();
        for _ in 0..rng.next() % max {
            out.extend_from_slice(rng.pick(pieces).as_bytes());
            if rng.next().is_multiple_of(50) {
                out.push(rng.next() as u8);
            }
        }
        out
    }

    #[test]
    fn garbage_feeds_never_panic() {
        let mut rng = Rng(0x1357_9bdf);
        for _ in 0..300 {
            let bytes = soup(&mut rng, FEED_PIECES, 200);
            let mut items = 0;
            feed::read_feed(
                "f",
                "f",
                &mut Cursor::new(bytes),
                &Limits::default(),
                &mut |_| items += 1,
            );
        }
    }

    #[test]
    fn garbage_warcs_never_panic() {
        let mut rng = Rng(0x2468_ace0);
        let limits = Limits {
            max_doc_bytes: 1 << 20,
            ..Limits::default()
        };
        for _ in 0..300 {
            let bytes = soup(&mut rng, WARC_PIECES, 120);
            let mut items = 0usize;
            warc::read_warc("w", "w", &mut Cursor::new(bytes), &limits, &mut |_| {
                items += 1
            });
        }
    }
}
