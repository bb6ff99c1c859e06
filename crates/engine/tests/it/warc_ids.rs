//! WARC record ids per store: a new store reads WARC files with 64-bit record ids, a
//! store created before the width was recorded keeps its 48-bit ones, and reading the
//! same file into it again changes nothing.

use std::path::{Path, PathBuf};

use engine::{Config, IngestReport};
use store::Store;

/// Our own three short reports, as HTML responses in one WARC file.
fn write_warc(dir: &Path) -> PathBuf {
    let reports = [
        ("Harbour bridge reopens after repairs", "The harbour bridge reopened on Monday after six weeks of repairs to its deck, the city's transport office said. Engineers replaced worn joints and resurfaced both lanes."),
        ("Library extends its opening hours", "The central library will stay open until nine in the evening from next month, its director announced. The change follows a survey in which students asked for more quiet study space."),
        ("Rowing club wins the river race", "The university rowing club won the annual river race by two lengths on Saturday. Its captain thanked the volunteers who had repaired the boathouse during the winter."),
    ];
    let mut warc = Vec::new();
    for (i, (title, body)) in reports.iter().enumerate() {
        let paragraphs: String = [
            "Residents who spoke to reporters on the day welcomed the news and said they had waited a long time for it.",
            "Officials said the cost had stayed within the budget agreed last spring, and that no further closures were planned.",
            "A spokesperson for the council said a fuller account would be published on its website later in the week.",
        ]
        .iter()
        .map(|p| format!("<p>{p} ({title}.)</p>"))
        .collect();
        let page = format!(
            "<html><head><title>{title}</title></head><body><article><h1>{title}</h1>\
             <p>{body}</p>{paragraphs}</article></body></html>"
        );
        let block = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n{page}");
        warc.extend(
            format!(
                "WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:chorus-test-{i}>\r\n\
                 WARC-Target-URI: https://news.example/{i}\r\n\
                 Content-Type: application/http; msgtype=response\r\n\
                 Content-Length: {}\r\n\r\n{block}\r\n\r\n",
                block.len()
            )
            .into_bytes(),
        );
    }
    let path = dir.join("crawl.warc");
    std::fs::write(&path, warc).unwrap();
    path
}

/// Ingests `file` into `data` (no failures allowed) and lists the stored articles' ids.
fn ingest(data: &Path, file: &Path) -> (IngestReport, Vec<String>) {
    let report = crate::concurrent::ingest_file(data, file);
    let ids = Store::open(data)
        .unwrap()
        .articles()
        .unwrap()
        .into_iter()
        .map(|a| a.article.id)
        .collect();
    (report, ids)
}

/// The record part of each id (after `crawl-`), sorted.
fn hashes(ids: &[String]) -> Vec<String> {
    let mut out: Vec<String> = ids
        .iter()
        .map(|id| id.strip_prefix("crawl-").expect(id).to_string())
        .collect();
    out.sort();
    out
}

#[test]
fn a_new_store_gets_64_bit_ids_and_an_older_store_keeps_its_48_bit_ones() {
    let tmp = tempfile::tempdir().unwrap();
    let warc = write_warc(tmp.path());

    // A new store, and `analyze` without one: 64 bits, 16 hex digits.
    let (report, ids) = ingest(&tmp.path().join("new"), &warc);
    assert_eq!(report.added, 3, "{report:?}");
    let wide = hashes(&ids);
    assert!(wide.iter().all(|h| h.len() == 16), "{wide:?}");
    let analysed: Vec<String> =
        engine::analyze_paths(std::slice::from_ref(&warc), &Config::default(), &mut |_| {})
            .articles
            .into_iter()
            .map(|a| a.article.id)
            .collect();
    assert_eq!(hashes(&analysed), wide);

    // A store of format 3, as a build before the width was recorded left it: its WARC
    // ids are 48 bits wide (the first 12 hex digits of the 64-bit ones) and stay so.
    let old = tmp.path().join("old");
    drop(Store::open(&old).unwrap());
    rusqlite::Connection::open(old.join(store::DB_FILE))
        .unwrap()
        .execute_batch("DROP TABLE meta; PRAGMA user_version = 3;")
        .unwrap();
    let (report, ids) = ingest(&old, &warc);
    assert_eq!(report.added, 3, "{report:?}");
    let narrow = hashes(&ids);
    let cut: Vec<String> = wide.iter().map(|h| h[..12].to_string()).collect();
    assert_eq!(narrow, cut);
    assert_eq!(Store::open(&old).unwrap().warc_id_bits().unwrap(), 48);

    // Reading the same file again finds every record unchanged, in both stores.
    for (data, expect) in [(old, narrow), (tmp.path().join("new"), wide)] {
        let (report, ids) = ingest(&data, &warc);
        assert_eq!(
            (report.added, report.updated, report.unchanged),
            (0, 0, 3),
            "{}: {report:?}",
            data.display()
        );
        assert_eq!(hashes(&ids), expect);
    }
}
