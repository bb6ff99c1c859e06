//! Input readers: the I/O edge where files, directories and stdin become [`RawDoc`]s:
//! plain text, HTML, JSON lines, RSS/Atom feeds and WARC archives, each optionally gzipped.
//!
//! - [`discover`] expands the user's `PATH` arguments (files, directories walked
//!   recursively in sorted order, `-` for stdin) into [`Input`]s.
//! - [`read`] reads one input and pushes each document, or each failure, to a sink, so a
//!   large JSON-lines file never sits whole in memory.
//!
//! Bad input is never fatal: every problem becomes a [`Failure`] naming the input (and line)
//! and the reason, and the caller goes on with the rest of the batch.

mod decode;
mod feed;
mod mojibake;
mod warc;

use std::fmt;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use model::{Format, RawDoc};
use serde::Deserialize;

pub use decode::{decode, DecodeError};

/// Limits that keep memory bounded whatever the input.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Largest document accepted, in bytes after decompression (default 64 MiB).
    pub max_doc_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_doc_bytes: 64 << 20,
        }
    }
}

/// One thing to read: a file or standard input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    File(PathBuf),
    Stdin,
}

impl Input {
    /// How messages name this input.
    pub fn name(&self) -> String {
        match self {
            Input::File(p) => p.display().to_string(),
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

/// The container formats Chorus reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Container {
    Text,
    Html,
    JsonLines,
    /// RSS or Atom: one document per item.
    Feed,
    /// Web archive: one document per HTML response record.
    Warc,
}

/// The container format and gzip flag a file name announces, if it is one Chorus reads.
pub fn container_of(path: &Path) -> Option<(Container, bool)> {
    let name = path.file_name()?.to_str()?.to_ascii_lowercase();
    let (name, gz) = match name.strip_suffix(".gz") {
        Some(inner) => (inner.to_string(), true),
        None => (name, false),
    };
    let ext = name.rsplit_once('.')?.1;
    let container = match ext {
        "txt" | "text" => Container::Text,
        "html" | "htm" | "xhtml" | "shtml" => Container::Html,
        "jsonl" | "ndjson" => Container::JsonLines,
        "rss" | "atom" | "xml" => Container::Feed,
        "warc" => Container::Warc,
        _ => return None,
    };
    Some((container, gz))
}

/// The article id a file gives: its name without any extensions
/// (`000_30cfb7c040abcbc8.txt` -> `000_30cfb7c040abcbc8`, `x.html.gz` -> `x`).
pub fn file_id(path: &Path) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut stem = name.as_str();
    while let Some((head, ext)) = stem.rsplit_once('.') {
        let known = matches!(
            ext.to_ascii_lowercase().as_str(),
            "gz" | "txt"
                | "text"
                | "html"
                | "htm"
                | "xhtml"
                | "shtml"
                | "jsonl"
                | "ndjson"
                | "rss"
                | "atom"
                | "xml"
                | "warc"
        );
        if !known || head.is_empty() {
            break;
        }
        stem = head;
    }
    stem.to_string()
}

/// Expands `PATH` arguments into inputs. Directories are walked recursively in sorted
/// order, skipping hidden entries and files of unknown type; a file named explicitly with
/// an unknown type, or a path that does not exist, is a failure.
pub fn discover(paths: &[PathBuf]) -> (Vec<Input>, Vec<Failure>) {
    let mut inputs = Vec::new();
    let mut failures = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(Input::Stdin);
            continue;
        }
        match std::fs::metadata(path) {
            Err(e) => failures.push(failure(path.display().to_string(), io_reason(&e))),
            Ok(meta) if meta.is_dir() => walk(path, &mut inputs, &mut failures),
            Ok(_) => {
                if container_of(path).is_some() {
                    inputs.push(Input::File(path.clone()));
                } else {
                    failures.push(failure(
                        path.display().to_string(),
                        "unsupported file type (expected .txt, .html, .htm, .jsonl, .rss, .atom, .xml, .warc, optionally .gz)",
                    ));
                }
            }
        }
    }
    (inputs, failures)
}

fn walk(dir: &Path, inputs: &mut Vec<Input>, failures: &mut Vec<Failure>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            failures.push(failure(dir.display().to_string(), io_reason(&e)));
            return;
        }
    };
    let mut children: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    children.sort();
    for child in children {
        let hidden = child
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'));
        if hidden {
            continue;
        }
        // Symlinked directories are not followed, so a link cycle cannot loop forever.
        match std::fs::symlink_metadata(&child) {
            Ok(meta) if meta.is_dir() => walk(&child, inputs, failures),
            Ok(_) if container_of(&child).is_some() => inputs.push(Input::File(child)),
            Ok(_) => {}
            Err(e) => failures.push(failure(child.display().to_string(), io_reason(&e))),
        }
    }
}

fn io_reason(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "no such file or directory".to_string(),
        io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    }
}

/// One item a reader produces: a document or a failure.
pub type Item = Result<RawDoc, Failure>;

/// Reads one input, pushing every document and every failure to `sink`, in input order.
pub fn read(input: &Input, limits: &Limits, sink: &mut dyn FnMut(Item)) {
    let name = input.name();
    let (container, gz, id) = match input {
        Input::Stdin => (None, false, None),
        Input::File(path) => match container_of(path) {
            Some((c, gz)) => (Some(c), gz, Some(file_id(path))),
            None => return sink(Err(failure(name, "unsupported file type"))),
        },
    };
    let reader: Box<dyn Read> = match input {
        Input::Stdin => Box::new(io::stdin().lock()),
        Input::File(path) => match File::open(path) {
            Ok(f) => Box::new(f),
            Err(e) => return sink(Err(failure(name, io_reason(&e)))),
        },
    };
    let reader: Box<dyn Read> = if gz {
        Box::new(flate2::read::MultiGzDecoder::new(reader))
    } else {
        reader
    };
    let stem = id.clone().unwrap_or_else(|| "stdin".to_string());
    if container == Some(Container::Warc) {
        // Archives are limited per record, not as a whole.
        return warc::read_warc(&name, &stem, &mut BufReader::new(reader), limits, sink);
    }
    // One byte over the limit tells "too large" from "exactly at the limit".
    let mut reader = BufReader::new(reader.take(limits.max_doc_bytes.saturating_add(1)));

    if container == Some(Container::JsonLines) {
        return read_json_lines(&name, &mut reader, limits, sink);
    }
    let mut bytes = Vec::new();
    if let Err(e) = reader.read_to_end(&mut bytes) {
        let reason = if gz {
            format!("cannot decompress: {e}")
        } else {
            io_reason(&e)
        };
        return sink(Err(failure(name, reason)));
    }
    if bytes.len() as u64 > limits.max_doc_bytes {
        return sink(Err(failure(
            name,
            format!("too large: over {} MiB", limits.max_doc_bytes >> 20),
        )));
    }
    let container = container.unwrap_or_else(|| sniff(&bytes));
    match container {
        Container::JsonLines => {
            return read_json_lines(&name, &mut io::Cursor::new(bytes), limits, sink)
        }
        Container::Feed => return feed::read_feed(&name, &stem, &mut &bytes[..], sink),
        Container::Warc => {
            return warc::read_warc(&name, &stem, &mut io::Cursor::new(bytes), limits, sink)
        }
        Container::Text | Container::Html => {}
    }
    let format = if container == Container::Html {
        Format::Html
    } else {
        Format::Text
    };
    match decode(&bytes, format) {
        Err(e) => sink(Err(failure(name, e.to_string()))),
        Ok(content) => {
            let id = id.unwrap_or_else(|| {
                format!("stdin-{:012x}", text::hash64(content.as_bytes()) >> 16)
            });
            sink(Ok(RawDoc {
                id,
                source: name,
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
    id: Option<serde_json::Value>,
    url: Option<String>,
    title: Option<String>,
    text: Option<String>,
    html: Option<String>,
    published: Option<String>,
    outlet: Option<String>,
}

fn read_json_lines(
    name: &str,
    reader: &mut dyn BufRead,
    limits: &Limits,
    sink: &mut dyn FnMut(Item),
) {
    let stem = if name == "-" {
        "stdin".to_string()
    } else {
        file_id(Path::new(name))
    };
    let mut line = Vec::new();
    let mut number = 0usize;
    let mut any = false;
    loop {
        line.clear();
        match reader.read_until(b'\n', &mut line) {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) => {
                sink(Err(failure(
                    format!("{name}:{}", number + 1),
                    format!("read error: {e}"),
                )));
                break;
            }
        }
        number += 1;
        let source = format!("{name}:{number}");
        if line.len() as u64 > limits.max_doc_bytes {
            sink(Err(failure(
                source,
                format!("line too large: over {} MiB", limits.max_doc_bytes >> 20),
            )));
            continue;
        }
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
        sink(json_doc(record, &stem, number, source));
    }
    if !any {
        sink(Err(failure(name, "empty input: no JSON lines")));
    }
}

fn json_doc(record: JsonArticle, stem: &str, number: usize, source: String) -> Item {
    let id = match record.id {
        Some(serde_json::Value::String(s)) if !s.trim().is_empty() => s.trim().to_string(),
        Some(serde_json::Value::Number(n)) => n.to_string(),
        _ => format!("{stem}-{number}"),
    };
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
    use std::io::Write;

    fn collect(input: &Input) -> (Vec<RawDoc>, Vec<Failure>) {
        let (mut docs, mut fails) = (Vec::new(), Vec::new());
        read(input, &Limits::default(), &mut |item| match item {
            Ok(d) => docs.push(d),
            Err(f) => fails.push(f),
        });
        (docs, fails)
    }

    #[test]
    fn ids_drop_known_extensions_only() {
        assert_eq!(file_id(Path::new("a/000_30cf.txt")), "000_30cf");
        assert_eq!(file_id(Path::new("x.html.gz")), "x");
        assert_eq!(file_id(Path::new("v1.2.report.html")), "v1.2.report");
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
        std::fs::write(dir.path().join("notes.md"), "ignored in a walk").unwrap();
        let (inputs, fails) = discover(&[dir.path().to_path_buf(), dir.path().join("nope.txt")]);
        assert_eq!(inputs.len(), 3);
        assert_eq!(fails.len(), 1);
        assert!(fails[0].reason.contains("no such file"));
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
            &Limits { max_doc_bytes: 10 },
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
            feed::read_feed("f", "f", &mut Cursor::new(bytes), &mut |_| items += 1);
        }
    }

    #[test]
    fn garbage_warcs_never_panic() {
        let mut rng = Rng(0x2468_ace0);
        let limits = Limits {
            max_doc_bytes: 1 << 20,
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
