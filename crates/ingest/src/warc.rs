//! WARC files: `response` records holding HTML pages become documents, one record at a
//! time, so an archive of any size streams through bounded memory.
//!
//! Written here rather than taken from the `warc` crate (0.4): that crate reads a record
//! body line by line with no bound (a body without newlines is read to the end of the
//! stream), allocates a megabyte per record, and cannot resynchronise after a bad record.
//! This reader bounds every line and record, skips what it does not need without
//! buffering it, and reports a bad record without losing the ones after it.

use std::io::{self, BufRead, Read};

use model::{Format, RawDoc};

use crate::{decode, failure, Item, Limits};

/// Longest header line accepted, in bytes.
const MAX_LINE: usize = 64 << 10;
/// Most header lines in one record or HTTP response.
const MAX_HEADERS: usize = 512;

/// Reads every record; pushes a document for each HTML `response` with status 200, and a
/// failure for each record that cannot be read. Other records are skipped silently.
pub(crate) fn read_warc(
    name: &str,
    stem: &str,
    reader: &mut dyn BufRead,
    limits: &Limits,
    sink: &mut dyn FnMut(Item),
) {
    let mut number = 0usize;
    let mut any = false;
    loop {
        let headers = match record_headers(reader) {
            Ok(Some(h)) => h,
            Ok(None) => break,
            Err(e) => {
                sink(Err(failure(format!("{name}#record{}", number + 1), e)));
                return;
            }
        };
        number += 1;
        any = true;
        let source = format!("{name}#record{number}");
        let length =
            match header(&headers, "content-length").and_then(|v| v.trim().parse::<u64>().ok()) {
                Some(n) => n,
                None => {
                    return sink(Err(failure(
                        source,
                        "WARC record without a valid Content-Length; stopped",
                    )))
                }
            };
        let wanted = header(&headers, "warc-type")
            .is_some_and(|t| t.trim().eq_ignore_ascii_case("response"))
            && header(&headers, "content-type").is_some_and(|t| t.contains("application/http"));
        if !wanted || length > limits.max_doc_bytes {
            if wanted {
                sink(Err(failure(
                    source.clone(),
                    format!(
                        "record too large: over {}; skipped",
                        crate::size(limits.max_doc_bytes)
                    ),
                )));
            }
            match io::copy(&mut reader.take(length), &mut io::sink()) {
                Ok(n) if n == length => continue,
                _ => return sink(Err(failure(source, "archive ends inside a record"))),
            }
        }
        let mut block = Vec::with_capacity(length as usize);
        match reader.take(length).read_to_end(&mut block) {
            Ok(n) if n as u64 == length => {}
            _ => return sink(Err(failure(source, "archive ends inside a record"))),
        }
        let url = header(&headers, "warc-target-uri")
            .map(|u| u.trim().trim_matches(['<', '>']).to_string());
        let key = header(&headers, "warc-record-id")
            .or(url.as_deref())
            .unwrap_or(&source)
            .to_string();
        match http_html(&block, limits) {
            Ok(None) => {}
            Ok(Some(content)) => sink(Ok(RawDoc {
                id: format!(
                    "{stem}-{}",
                    limits.warc_ids.record_part(text::hash64(key.as_bytes()))
                ),
                source,
                format: Format::Html,
                content,
                url,
                title: None,
                published: None,
                outlet: None,
            })),
            Err(reason) => sink(Err(failure(source, reason))),
        }
    }
    if !any {
        sink(Err(failure(name, "empty archive: no WARC records")));
    }
}

/// Reads one line of at most `MAX_LINE` bytes, without its line ending.
fn line(reader: &mut dyn BufRead) -> Result<Option<Vec<u8>>, String> {
    let mut buf = Vec::new();
    let n = reader
        .take(MAX_LINE as u64 + 1)
        .read_until(b'\n', &mut buf)
        .map_err(|e| format!("read error: {e}"))?;
    if n == 0 {
        return Ok(None);
    }
    if buf.len() > MAX_LINE {
        return Err("header line too long; not a WARC file?".into());
    }
    while buf.last().is_some_and(|b| *b == b'\n' || *b == b'\r') {
        buf.pop();
    }
    Ok(Some(buf))
}

/// The header lines of the next record, or `None` at the end of the archive.
fn record_headers(reader: &mut dyn BufRead) -> Result<Option<Vec<(String, String)>>, String> {
    // Records are separated by blank lines.
    let version = loop {
        match line(reader)? {
            None => return Ok(None),
            Some(l) if l.is_empty() => continue,
            Some(l) => break l,
        }
    };
    if !version.starts_with(b"WARC/") {
        return Err("not a WARC record (no WARC/ version line); stopped".into());
    }
    let mut headers = Vec::new();
    loop {
        let Some(l) = line(reader)? else {
            return Err("archive ends inside record headers".into());
        };
        if l.is_empty() {
            return Ok(Some(headers));
        }
        if headers.len() == MAX_HEADERS {
            return Err("too many header lines".into());
        }
        let l = String::from_utf8_lossy(&l);
        if let Some((k, v)) = l.split_once(':') {
            headers.push((k.trim().to_ascii_lowercase(), v.trim().to_string()));
        }
    }
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// The HTML page of an HTTP response, decoded; `None` when the response is not a
/// successful HTML page.
fn http_html(block: &[u8], limits: &Limits) -> Result<Option<String>, String> {
    let split = block
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|p| (p, p + 4));
    let split = split.or_else(|| {
        block
            .windows(2)
            .position(|w| w == b"\n\n")
            .map(|p| (p, p + 2))
    });
    let Some((head_end, body_start)) = split else {
        return Err("HTTP response without a header end".into());
    };
    let head = String::from_utf8_lossy(&block[..head_end]);
    let mut lines = head.lines();
    let status = lines.next().unwrap_or_default();
    let code = status.split_whitespace().nth(1).unwrap_or_default();
    if !status.starts_with("HTTP/") || code != "200" {
        return Ok(None);
    }
    let headers: Vec<(String, String)> = lines
        .take(MAX_HEADERS)
        .filter_map(|l| {
            l.split_once(':')
                .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        })
        .collect();
    let content_type = header(&headers, "content-type")
        .unwrap_or("text/html")
        .to_ascii_lowercase();
    if !content_type.contains("html") {
        return Ok(None);
    }
    let mut body = block[body_start..].to_vec();
    if header(&headers, "transfer-encoding")
        .is_some_and(|t| t.to_ascii_lowercase().contains("chunked"))
    {
        body = dechunk(&body).ok_or("malformed chunked transfer encoding")?;
    }
    match header(&headers, "content-encoding")
        .map(|e| e.trim().to_ascii_lowercase())
        .as_deref()
    {
        None | Some("identity") | Some("") => {}
        Some(enc @ ("gzip" | "x-gzip" | "deflate")) => {
            let mut out = Vec::new();
            let limit = limits.max_doc_bytes + 1;
            let read = if enc == "deflate" {
                flate2::read::ZlibDecoder::new(&body[..])
                    .take(limit)
                    .read_to_end(&mut out)
            } else {
                flate2::read::MultiGzDecoder::new(&body[..])
                    .take(limit)
                    .read_to_end(&mut out)
            };
            read.map_err(|e| format!("cannot decompress {enc} body: {e}"))?;
            if out.len() as u64 > limits.max_doc_bytes {
                return Err(format!(
                    "page too large: over {}",
                    crate::size(limits.max_doc_bytes)
                ));
            }
            body = out;
        }
        Some(other) => return Err(format!("unsupported content encoding {other:?}")),
    }
    // A charset in the HTTP header goes first; the page's own declaration comes next.
    if let Some(label) = content_type.split("charset=").nth(1) {
        let label = label
            .trim()
            .trim_matches(['"', '\'', ';'])
            .split(';')
            .next()
            .unwrap_or_default();
        if let Some(encoding) = encoding_rs::Encoding::for_label(label.as_bytes()) {
            if encoding != encoding_rs::UTF_8 {
                let (text, _) = encoding.decode_with_bom_removal(&body);
                return Ok(Some(text.into_owned()).filter(|t| !t.trim().is_empty()));
            }
        }
    }
    match decode(&body, Format::Html) {
        Ok(text) => Ok(Some(text)),
        Err(e) => Err(e.to_string()),
    }
}

/// Undoes HTTP chunked transfer encoding.
fn dechunk(mut data: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(data.len());
    loop {
        let end = data.windows(2).position(|w| w == b"\r\n")?;
        let size_text = std::str::from_utf8(&data[..end]).ok()?;
        let size = usize::from_str_radix(size_text.split(';').next()?.trim(), 16).ok()?;
        data = &data[end + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(data.get(..size)?);
        data = data.get(size..)?;
        data = data.strip_prefix(b"\r\n").unwrap_or(data);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::WarcIdWidth;

    fn record(kind: &str, uri: &str, block: &[u8]) -> Vec<u8> {
        let mut r = format!(
            "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Record-ID: <urn:uuid:{uri}>\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n",
            block.len()
        )
        .into_bytes();
        r.extend_from_slice(block);
        r.extend_from_slice(b"\r\n\r\n");
        r
    }

    fn read_all(data: &[u8]) -> (Vec<RawDoc>, Vec<String>) {
        let (mut docs, mut fails) = (Vec::new(), Vec::new());
        read_warc(
            "a.warc",
            "a",
            &mut io::BufReader::new(data),
            &Limits::default(),
            &mut |item| match item {
                Ok(d) => docs.push(d),
                Err(e) => fails.push(e.to_string()),
            },
        );
        (docs, fails)
    }

    #[test]
    fn html_responses_become_documents() {
        let mut warc = record("warcinfo", "x", b"software: test");
        warc.extend(record(
            "response",
            "https://news.example/a",
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=iso-8859-1\r\n\r\n<p>Caf\xe9 owners met the mayor.</p>",
        ));
        warc.extend(record(
            "response",
            "https://news.example/img",
            b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\x89PNG",
        ));
        warc.extend(record(
            "response",
            "https://news.example/gone",
            b"HTTP/1.1 404 Not Found\r\n\r\nmissing",
        ));
        warc.extend(record(
            "response",
            "https://news.example/b",
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n<p>Hi\r\n6\r\n there\r\n0\r\n\r\n",
        ));
        let (docs, fails) = read_all(&warc);
        assert!(fails.is_empty(), "{fails:?}");
        assert_eq!(docs.len(), 2);
        assert!(docs[0].content.contains("Café owners"));
        assert_eq!(docs[0].url.as_deref(), Some("https://news.example/a"));
        assert_eq!(docs[1].content, "<p>Hi there");
        assert_ne!(docs[0].id, docs[1].id);
    }

    #[test]
    fn record_ids_have_the_width_asked_for() {
        let warc = record(
            "response",
            "https://news.example/a",
            b"HTTP/1.1 200 OK\r\n\r\n<p>The council met.</p>",
        );
        let id = |warc_ids| {
            let mut ids = Vec::new();
            read_warc(
                "a.warc",
                "a",
                &mut &warc[..],
                &Limits {
                    warc_ids,
                    ..Limits::default()
                },
                &mut |item| ids.push(item.unwrap().id),
            );
            ids.pop().unwrap()
        };
        let (wide, narrow) = (id(WarcIdWidth::Bits64), id(WarcIdWidth::Bits48));
        // The stem, a dash and the hash's top bits in hex: 64 bits by default.
        assert_eq!(wide, id(WarcIdWidth::default()));
        assert_eq!((wide.len(), narrow.len()), (2 + 16, 2 + 12));
        assert!(wide.starts_with(&narrow), "{wide} {narrow}");
        assert_eq!(WarcIdWidth::from_bits(48), Some(WarcIdWidth::Bits48));
        assert_eq!(WarcIdWidth::from_bits(32), None);
        assert_eq!(WarcIdWidth::Bits64.bits(), 64);
    }

    #[test]
    fn truncated_and_bogus_archives_fail_cleanly() {
        let mut warc = record(
            "response",
            "https://n.example/a",
            b"HTTP/1.1 200 OK\r\n\r\n<p>First page survives.</p>",
        );
        let mut cut = record(
            "response",
            "https://n.example/b",
            b"HTTP/1.1 200 OK\r\n\r\n<p>cut</p>",
        );
        cut.truncate(cut.len() - 10);
        warc.extend(cut);
        let (docs, fails) = read_all(&warc);
        assert_eq!(docs.len(), 1);
        assert!(fails[0].contains("ends inside a record"), "{fails:?}");

        let (docs, fails) = read_all(b"GIF89a not an archive");
        assert!(docs.is_empty());
        assert!(fails[0].contains("not a WARC"));
        let (_, fails) = read_all(&vec![b'x'; 200_000]);
        assert!(fails[0].contains("too long"));
        let (_, fails) = read_all(b"");
        assert!(fails[0].contains("empty archive"));
    }

    #[test]
    fn the_limit_holds_per_record() {
        let page = |n: usize| format!("HTTP/1.1 200 OK\r\n\r\n<p>Page {n} {}</p>", "w".repeat(n));
        let mut warc = Vec::new();
        for n in [10, 5000, 20, 30] {
            warc.extend(record(
                "response",
                &format!("https://n.example/{n}"),
                page(n).as_bytes(),
            ));
        }
        let (mut docs, mut fails) = (Vec::new(), Vec::new());
        let limits = Limits {
            max_doc_bytes: 1000,
            ..Limits::default()
        };
        read_warc(
            "a.warc",
            "a",
            &mut &warc[..],
            &limits,
            &mut |item| match item {
                Ok(d) => docs.push(d),
                Err(e) => fails.push(e.to_string()),
            },
        );
        assert_eq!(docs.len(), 3, "{fails:?}");
        assert_eq!(fails.len(), 1);
        assert!(
            fails[0].starts_with("a.warc#record2: record too large: over 1000 bytes"),
            "{fails:?}"
        );
    }
}
