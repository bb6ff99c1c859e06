//! WARC record ids per store: a new store reads WARC files with 64-bit record ids, a
//! store created before the width was recorded keeps its 48-bit ones, and reading the
//! same records again, with one more, adds only that one.

use std::path::{Path, PathBuf};

use engine::Config;

use super::Harness;

/// The first `n` of our own three short reports, as HTML responses in one WARC file.
fn write_warc(dir: &Path, n: usize) -> PathBuf {
    let reports = [
        ("Harbour bridge reopens after repairs", "The harbour bridge reopened on Monday after six weeks of repairs to its deck, the city's transport office said. Engineers replaced worn joints and resurfaced both lanes."),
        ("Library extends its opening hours", "The central library will stay open until nine in the evening from next month, its director announced. The change follows a survey in which students asked for more quiet study space."),
        ("Rowing club wins the river race", "The university rowing club won the annual river race by two lengths on Saturday. Its captain thanked the volunteers who had repaired the boathouse during the winter."),
    ];
    let mut warc = Vec::new();
    for (i, (title, body)) in reports.iter().enumerate().take(n) {
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

/// Ingests `file` into `store` and lists the stored articles' ids; returns how many
/// articles were written.
fn ingest<H: Harness>(h: &H, store: &H::Store, file: &Path) -> (usize, Vec<String>) {
    let written = h.ingest_files(store, &[file.to_path_buf()], &Config::default());
    let mut ids = Vec::new();
    h.reader(store)
        .for_each_article(&mut |a| ids.push(a.article.id))
        .unwrap();
    (written, ids)
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

pub fn a_new_store_gets_64_bit_ids_and_an_older_store_keeps_its_48_bit_ones<H: Harness>(h: &H) {
    let tmp = tempfile::tempdir().unwrap();
    let two = write_warc(tmp.path(), 2);

    // A new store, and `analyze` without one: 64 bits, 16 hex digits.
    let new = h.new_store();
    assert_eq!(h.warc_id_bits(&new), 64);
    let (written, ids) = ingest(h, &new, &two);
    assert_eq!(written, 2);
    let wide = hashes(&ids);
    assert!(wide.iter().all(|x| x.len() == 16), "{wide:?}");
    let analysed: Vec<String> =
        engine::analyze_paths(std::slice::from_ref(&two), &Config::default(), &mut |_| {})
            .articles
            .into_iter()
            .map(|a| a.article.id)
            .collect();
    assert_eq!(hashes(&analysed), wide);

    // A store as a build before the width was recorded left it: its WARC ids are 48 bits
    // wide (the first 12 hex digits of the 64-bit ones) and stay so.
    let old = h.old_store();
    assert_eq!(h.warc_id_bits(&old), 48);
    let (written, ids) = ingest(h, &old, &two);
    assert_eq!(written, 2);
    let narrow = hashes(&ids);
    let cut: Vec<String> = wide.iter().map(|x| x[..12].to_string()).collect();
    assert_eq!(narrow, cut);

    // The same records and one more, in a changed file: the two are found unchanged and
    // the third gets the width of each store.
    let three = write_warc(tmp.path(), 3);
    for (store, digits) in [(&old, 12), (&new, 16)] {
        let (written, ids) = ingest(h, store, &three);
        assert_eq!(written, 1, "{digits} digits");
        let now = hashes(&ids);
        assert_eq!(now.len(), 3);
        assert!(now.iter().all(|x| x.len() == digits), "{now:?}");
        let before = if digits == 12 { &narrow } else { &wide };
        assert!(before.iter().all(|x| now.contains(x)), "{now:?}");
        // Once more: nothing to write.
        let (written, again) = ingest(h, store, &three);
        assert_eq!((written, hashes(&again)), (0, now));
    }
}
