//! Runs `extract` over a directory of `*.html` / `*.html.gz` pages and prints one JSON
//! line per page (`id`, `body`, `title`, `published`, plus `byline`, `outlet` and
//! `language`), then the throughput on stderr.
//!
//! Usage: `cargo run --release -p extract --example extract_dir -- DIR > out.jsonl`.

use std::io::{Read, Write};
use std::path::Path;
use std::time::Instant;

use extract::{extract, ExtractConfig};
use model::{Format, RawDoc};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args().nth(1).ok_or("usage: extract_dir DIR")?;
    let mut files: Vec<_> = std::fs::read_dir(&dir)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            name.ends_with(".html") || name.ends_with(".html.gz") || name.ends_with(".htm")
        })
        .collect();
    files.sort();
    let mut pages = Vec::with_capacity(files.len());
    for path in &files {
        pages.push((id_of(path), read_page(path)?));
    }
    let config = ExtractConfig::default();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let started = Instant::now();
    let mut lines = Vec::with_capacity(pages.len());
    for (id, content) in pages.iter() {
        let raw = RawDoc {
            id: id.clone(),
            source: id.clone(),
            format: Format::Html,
            content: content.clone(),
            url: None,
            title: None,
            published: None,
            outlet: None,
        };
        let line = match extract(&raw, &config) {
            Ok(a) => {
                serde_json::json!({"id": id, "body": a.body, "title": a.title, "published": a.published, "byline": a.byline, "outlet": a.outlet, "language": a.language})
            }
            Err(_) => serde_json::json!({"id": id, "body": "", "title": "", "published": null}),
        };
        lines.push(line);
    }
    let secs = started.elapsed().as_secs_f64();
    for line in lines {
        writeln!(out, "{line}")?;
    }
    out.flush()?;
    eprintln!(
        "{} docs in {:.2}s: {:.1} docs/s",
        pages.len(),
        secs,
        pages.len() as f64 / secs.max(1e-9)
    );
    Ok(())
}

fn id_of(path: &Path) -> String {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    name.split('.').next().unwrap_or(name).to_string()
}

fn read_page(path: &Path) -> Result<String, Box<dyn std::error::Error>> {
    let bytes = std::fs::read(path)?;
    let bytes = if path.extension().is_some_and(|e| e == "gz") {
        let mut decoded = Vec::new();
        flate2::read::GzDecoder::new(&bytes[..]).read_to_end(&mut decoded)?;
        decoded
    } else {
        bytes
    };
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}
