//! Paths: which files the user's arguments name, what each file name announces, and how
//! a file is opened so that only regular files are ever read.
//!
//! File names are carried as bytes (`Path`, `OsStr`), never forced through UTF-8: a name
//! that is not UTF-8 is read like any other. Where a name must become text, invalid bytes
//! are escaped — `%XX` in article ids ([`file_id`]), `\xXX` in messages ([`display`]) —
//! so nothing is replaced by `U+FFFD` and two names never print the same.

use std::fs::{File, FileType, Metadata};
use std::io;
use std::path::{Path, PathBuf};

use crate::{failure, Failure, Input};

/// The file types Chorus reads, as messages list them.
pub(crate) const EXPECTED: &str =
    "expected .txt, .html, .htm, .jsonl, .rss, .atom, .xml, .warc, optionally .gz";

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

/// The container format a file extension (lowercase, without the dot) announces.
fn container_of_ext(ext: &[u8]) -> Option<Container> {
    Some(match ext {
        b"txt" | b"text" => Container::Text,
        b"html" | b"htm" | b"xhtml" | b"shtml" => Container::Html,
        b"jsonl" | b"ndjson" => Container::JsonLines,
        b"rss" | b"atom" | b"xml" => Container::Feed,
        b"warc" => Container::Warc,
        _ => return None,
    })
}

/// The container format and gzip flag a file name announces, if it is one Chorus reads.
/// The name is looked at as bytes, so a name that is not UTF-8 is recognised too.
pub fn container_of(path: &Path) -> Option<(Container, bool)> {
    let name = path.file_name()?.as_encoded_bytes().to_ascii_lowercase();
    let (name, gz) = match name.strip_suffix(b".gz") {
        Some(inner) => (inner, true),
        None => (&name[..], false),
    };
    let dot = name.iter().rposition(|&b| b == b'.')?;
    Some((container_of_ext(&name[dot + 1..])?, gz))
}

/// The article id a file gives: its name without any extensions
/// (`000_30cfb7c040abcbc8.txt` -> `000_30cfb7c040abcbc8`, `x.html.gz` -> `x`). Bytes of
/// a name that are not UTF-8 are written `%XX` (`caf\xe9.txt` -> `caf%E9`), so the id
/// keeps everything the name says and stays readable.
pub fn file_id(path: &Path) -> String {
    let name = path
        .file_name()
        .map(|n| escape_bytes(n.as_encoded_bytes(), |b, out| push_hex(out, "%", b)))
        .unwrap_or_default();
    let mut stem = name.as_str();
    while let Some((head, ext)) = stem.rsplit_once('.') {
        let ext = ext.to_ascii_lowercase();
        let known = ext == "gz" || container_of_ext(ext.as_bytes()).is_some();
        if !known || head.is_empty() {
            break;
        }
        stem = head;
    }
    stem.to_string()
}

/// How messages name a path: as written, with bytes that are not UTF-8 escaped as `\xXX`.
pub fn display(path: &Path) -> String {
    escape_bytes(path.as_os_str().as_encoded_bytes(), |b, out| {
        push_hex(out, "\\x", b)
    })
}

fn push_hex(out: &mut String, prefix: &str, b: u8) {
    use std::fmt::Write;
    let _ = write!(out, "{prefix}{b:02X}");
}

/// UTF-8 runs of `bytes` as they are, every other byte through `escape`.
fn escape_bytes(bytes: &[u8], escape: impl Fn(u8, &mut String)) -> String {
    let mut out = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        out.push_str(chunk.valid());
        for &b in chunk.invalid() {
            escape(b, &mut out);
        }
    }
    out
}

/// Why a file that is not a regular file is not read, e.g. "not a regular file (a FIFO)".
fn irregular(file_type: FileType) -> String {
    let what = kind(file_type);
    format!("not a regular file ({what}); skipped")
}

#[cfg(unix)]
fn kind(file_type: FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if file_type.is_fifo() {
        "a FIFO"
    } else if file_type.is_socket() {
        "a socket"
    } else if file_type.is_block_device() || file_type.is_char_device() {
        "a device"
    } else if file_type.is_dir() {
        "a directory"
    } else {
        "a special file"
    }
}

#[cfg(not(unix))]
fn kind(file_type: FileType) -> &'static str {
    if file_type.is_dir() {
        "a directory"
    } else {
        "a special file"
    }
}

pub(crate) fn io_reason(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "no such file or directory".to_string(),
        io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    }
}

/// Opens `path` for reading only if it is a regular file (following symbolic links).
///
/// The type is checked before opening, so a FIFO is never opened (opening one blocks
/// until a writer comes) and a device is never touched; the file is opened without
/// blocking (`O_NONBLOCK`) and its type checked again on the open handle, so a file
/// swapped for a FIFO in between cannot hang the reader either.
pub(crate) fn open_regular(path: &Path) -> Result<File, String> {
    let meta = std::fs::metadata(path).map_err(|e| io_reason(&e))?;
    check_regular(&meta)?;
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // Regular files ignore O_NONBLOCK; a FIFO opened with it returns at once.
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path).map_err(|e| io_reason(&e))?;
    check_regular(&file.metadata().map_err(|e| io_reason(&e))?)?;
    Ok(file)
}

fn check_regular(meta: &Metadata) -> Result<(), String> {
    if meta.is_file() {
        Ok(())
    } else {
        Err(irregular(meta.file_type()))
    }
}

/// Expands `PATH` arguments into inputs.
///
/// Directories are walked recursively in sorted order (by bytes of the name). Hidden
/// entries (names starting with `.`) are skipped without a word; everything else that is
/// not read is reported as a [`Failure`] with its reason: files of an unknown type,
/// FIFOs, sockets and devices, symbolic links to directories (not followed, so a link
/// cycle cannot loop), entries that cannot be listed. A path named explicitly is followed
/// through symbolic links; it fails if it does not exist, has an unknown type or is not a
/// regular file or directory. `-` is standard input.
pub fn discover(paths: &[PathBuf]) -> (Vec<Input>, Vec<Failure>) {
    let mut inputs = Vec::new();
    let mut failures = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(Input::Stdin);
            continue;
        }
        match std::fs::metadata(path) {
            Err(e) => failures.push(failure(display(path), io_reason(&e))),
            Ok(meta) if meta.is_dir() => walk(path, &mut inputs, &mut failures),
            Ok(meta) => file(path, &meta, &mut inputs, &mut failures),
        }
    }
    (inputs, failures)
}

/// A file met by name or in a walk, with the metadata of what it points to.
fn file(path: &Path, meta: &Metadata, inputs: &mut Vec<Input>, failures: &mut Vec<Failure>) {
    if let Err(reason) = check_regular(meta) {
        failures.push(failure(display(path), reason));
    } else if container_of(path).is_some() {
        inputs.push(Input::File(path.to_path_buf()));
    } else {
        failures.push(failure(
            display(path),
            format!("unsupported file type; skipped ({EXPECTED})"),
        ));
    }
}

fn walk(dir: &Path, inputs: &mut Vec<Input>, failures: &mut Vec<Failure>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            failures.push(failure(display(dir), io_reason(&e)));
            return;
        }
    };
    let mut children = Vec::new();
    for entry in entries {
        match entry {
            Ok(entry) => children.push(entry.path()),
            Err(e) => failures.push(failure(
                display(dir),
                format!("cannot list an entry: {}", io_reason(&e)),
            )),
        }
    }
    children.sort();
    for child in children {
        let hidden = child
            .file_name()
            .is_some_and(|n| n.as_encoded_bytes().starts_with(b"."));
        if hidden {
            continue;
        }
        let meta = match std::fs::symlink_metadata(&child) {
            Ok(meta) => meta,
            Err(e) => {
                failures.push(failure(display(&child), io_reason(&e)));
                continue;
            }
        };
        if meta.is_dir() {
            walk(&child, inputs, failures);
            continue;
        }
        if !meta.file_type().is_symlink() {
            file(&child, &meta, inputs, failures);
            continue;
        }
        // Symbolic links to files are read; links to directories are not followed, so a
        // link cycle cannot loop forever.
        match std::fs::metadata(&child) {
            Ok(target) if target.is_dir() => failures.push(failure(
                display(&child),
                "symbolic link to a directory, not followed; skipped (name it to read it)",
            )),
            Ok(target) => file(&child, &target, inputs, failures),
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                failures.push(failure(display(&child), "broken symbolic link; skipped"))
            }
            Err(e) => failures.push(failure(display(&child), io_reason(&e))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_drop_known_extensions_only() {
        assert_eq!(file_id(Path::new("a/000_30cf.txt")), "000_30cf");
        assert_eq!(file_id(Path::new("x.html.gz")), "x");
        assert_eq!(file_id(Path::new("v1.2.report.html")), "v1.2.report");
        assert_eq!(file_id(Path::new("50%.TXT")), "50%");
    }

    #[test]
    fn containers_by_extension() {
        assert_eq!(
            container_of(Path::new("a/b.JSONL.gz")),
            Some((Container::JsonLines, true))
        );
        assert_eq!(
            container_of(Path::new("feed.xml")),
            Some((Container::Feed, false))
        );
        assert_eq!(container_of(Path::new("notes.md")), None);
        assert_eq!(container_of(Path::new("gz")), None);
        assert_eq!(container_of(Path::new(".gz")), None);
    }

    #[cfg(unix)]
    #[test]
    fn names_that_are_not_utf8_are_kept_as_bytes() {
        use std::ffi::OsStr;
        use std::os::unix::ffi::OsStrExt;
        let path = Path::new(OsStr::from_bytes(b"dir/caf\xe9 \xff.html.gz"));
        assert_eq!(container_of(path), Some((Container::Html, true)));
        assert_eq!(file_id(path), "caf%E9 %FF");
        assert_eq!(display(path), "dir/caf\\xE9 \\xFF.html.gz");
        assert_eq!(display(Path::new("dir/café.txt")), "dir/café.txt");
    }
}
