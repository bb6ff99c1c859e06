//! Worker throughput on the shared store: the same WARC files through one worker process
//! and through two, on a throwaway PostgreSQL cluster, and the sequencer's rate after
//! them. Besides the wall-clock rates it prints the workers' CPU time, so a machine
//! busy with other work shows as fewer cores busy rather than as poor scaling.
//!
//! ```text
//! cargo run --release -p pgstore --example throughput -- PAGES_DIR [FILES] [PAGES_PER_FILE]
//! ```
//!
//! `PAGES_DIR` holds HTML pages (`*.html` or `*.html.gz`, searched recursively, e.g.
//! `../shared/data/extract`); the first `FILES × PAGES_PER_FILE` of them (by path) are
//! written as `FILES` gzipped WARC files of HTTP responses (default 16 × 25). Each run
//! gets a fresh database; the ratio printed is articles/s with two workers over one.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use engine::Config;
use pgstore::sequencer::{self, SequencerOptions};
use pgstore::worker::{self, WorkerOptions};
use pgstore::PgStore;
use postgres::{Client, NoTls};
use testkit::pg::Cluster;

/// The allocator of the `chorus` binary.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn pages(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            pages(&p, out);
        } else if p.to_string_lossy().ends_with(".html")
            || p.to_string_lossy().ends_with(".html.gz")
        {
            out.push(p);
        }
    }
}

fn read_page(p: &Path) -> Vec<u8> {
    let raw = std::fs::read(p).unwrap();
    if p.to_string_lossy().ends_with(".gz") {
        let mut out = Vec::new();
        flate2::read::MultiGzDecoder::new(&raw[..])
            .read_to_end(&mut out)
            .unwrap();
        out
    } else {
        raw
    }
}

/// Writes the pages as `files` gzipped WARC files of `per_file` responses each.
fn write_warcs(pages: &[PathBuf], dir: &Path, files: usize, per_file: usize) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for (f, chunk) in pages.chunks(per_file).take(files).enumerate() {
        let path = dir.join(format!("crawl-{f:03}.warc.gz"));
        let file = std::fs::File::create(&path).unwrap();
        let mut gz = flate2::write::GzEncoder::new(file, flate2::Compression::fast());
        for (i, page) in chunk.iter().enumerate() {
            let mut block = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n".to_vec();
            block.extend(read_page(page));
            write!(
                gz,
                "WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:chorus:{f}:{i}>\r\n\
                 WARC-Target-URI: https://example.org/{f}/{i}\r\n\
                 Content-Type: application/http; msgtype=response\r\n\
                 Content-Length: {}\r\n\r\n",
                block.len()
            )
            .unwrap();
            gz.write_all(&block).unwrap();
            gz.write_all(b"\r\n\r\n").unwrap();
        }
        gz.finish().unwrap();
        out.push(path);
    }
    out
}

/// CPU time (user + system) of this process's finished children, and of this process.
fn cpu_secs() -> (f64, f64) {
    let usage = |who| {
        // SAFETY: getrusage fills the zeroed struct it is given.
        let mut u: libc::rusage = unsafe { std::mem::zeroed() };
        unsafe { libc::getrusage(who, &mut u) };
        let t = |tv: libc::timeval| tv.tv_sec as f64 + tv.tv_usec as f64 / 1e6;
        t(u.ru_utime) + t(u.ru_stime)
    };
    (usage(libc::RUSAGE_CHILDREN), usage(libc::RUSAGE_SELF))
}

/// Runs `n` worker processes (this program, re-run with `--worker URL`) until idle.
fn run_workers(url: &str, n: usize) {
    let exe = std::env::current_exe().unwrap();
    let children: Vec<_> = (0..n)
        .map(|_| {
            std::process::Command::new(&exe)
                .args(["--worker", url])
                .spawn()
                .unwrap()
        })
        .collect();
    for mut c in children {
        assert!(c.wait().unwrap().success());
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--worker") {
        let options = WorkerOptions {
            threads: 1,
            until_idle: true,
            lease: Duration::from_secs(60),
            poll: Duration::from_millis(20),
            name: format!("bench{}", std::process::id()),
        };
        let report = worker::run(&args[1], &options, &Config::default()).unwrap();
        assert_eq!(report.dead, 0);
        return;
    }
    let Some(dir) = args.first() else {
        eprintln!("usage: throughput PAGES_DIR [FILES] [PAGES_PER_FILE]");
        std::process::exit(2);
    };
    let files: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(16);
    let per_file: usize = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(25);
    let mut found = Vec::new();
    pages(Path::new(dir), &mut found);
    found.sort();
    let tmp = tempfile::tempdir().unwrap();
    let warcs = write_warcs(&found, tmp.path(), files, per_file);
    let cluster = Cluster::start().unwrap_or_else(|why| panic!("no PostgreSQL: {why}"));
    let config = Config::default();
    let mut rates = Vec::new();
    for (run, workers) in [1usize, 2].into_iter().enumerate() {
        let mut admin = Client::connect(&cluster.url(), NoTls).unwrap();
        admin
            .batch_execute(&format!("CREATE DATABASE run{run}"))
            .unwrap();
        let url = cluster.url().replace("/postgres", &format!("/run{run}"));
        PgStore::migrate(&url).unwrap();
        let mut store = PgStore::open(&url).unwrap();
        store.enqueue(&warcs, 3).unwrap();
        let cpu = cpu_secs().0;
        let server = cluster.server_cpu_secs().unwrap_or_default();
        let started = Instant::now();
        run_workers(&url, workers);
        let secs = started.elapsed().as_secs_f64();
        let cpu = cpu_secs().0 - cpu;
        // The backends of the workers' connections end with them; let the server reap them.
        std::thread::sleep(Duration::from_millis(300));
        let server = cluster.server_cpu_secs().unwrap_or_default() - server;
        let articles = store.article_count().unwrap();
        let rate = articles as f64 / secs;
        println!(
            "{workers} worker process(es): {articles} articles in {secs:.2} s = {rate:.1} articles/s; \
             workers' CPU {cpu:.2} s = {:.1} articles per CPU-second, {:.2} cores busy; \
             PostgreSQL's CPU {server:.2} s",
            articles as f64 / cpu,
            cpu / secs
        );
        rates.push(rate);
        let mut articles = store.articles().unwrap();
        let (_, own) = cpu_secs();
        let started = Instant::now();
        let stories = engine::build_stories(&mut articles, &config);
        println!(
            "  in memory (engine::build_stories, the same stages without a store): {} articles in {:.2} s ({:.2} CPU-s), {} stories",
            articles.len(),
            started.elapsed().as_secs_f64(),
            cpu_secs().1 - own,
            stories.len()
        );
        let (_, own) = cpu_secs();
        let started = Instant::now();
        let seq = sequencer::run(
            &url,
            &SequencerOptions {
                until_idle: true,
                poll: Duration::from_millis(20),
                ..SequencerOptions::default()
            },
            &config,
        )
        .unwrap();
        let secs = started.elapsed().as_secs_f64();
        let own = cpu_secs().1 - own;
        println!(
            "  sequencer: {} articles in {secs:.2} s = {:.1} articles/s ({own:.2} CPU-s here), {} stories",
            seq.articles,
            seq.articles as f64 / secs,
            store.story_count().unwrap()
        );
    }
    println!("ratio 2 workers / 1 worker: {:.2}", rates[1] / rates[0]);
}
