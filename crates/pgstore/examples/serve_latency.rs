//! Read latency of `chorus serve` over the shared PostgreSQL store against the same
//! server over the embedded SQLite store, route by route, on the same articles; and
//! PostgreSQL's own full-text search against the replica's search index, the choice
//! the issue asked to make by measurement.
//!
//! ```text
//! cargo run --release -p pgstore --example serve_latency -- [ARTICLES] [REQUESTS] [CLIENTS]
//! ```
//!
//! The articles are the sample corpus and the first `ARTICLES` (default 2000) of the
//! BASIL and ECB+ articles in `../shared/data/cluster` (300 and 982 of them), in files
//! of 25 lines, ingested locally
//! into SQLite and, on a throwaway cluster, through the queue, two workers and the
//! sequencer into PostgreSQL. Both servers run in this process; each route is asked
//! `REQUESTS` times (default 400) by `CLIENTS` keep-alive clients at once (default 1),
//! and the p50 and p99 of the response times are printed in milliseconds.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use engine::Config;
use pgstore::sequencer::{self, SequencerOptions};
use pgstore::worker::{self, WorkerOptions};
use pgstore::PgStore;
use serve::client::Conn;
use testkit::pg::Cluster;

/// The allocator of the `chorus` binary.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn inputs(dir: &Path, n: usize) -> Vec<PathBuf> {
    let mut files = testkit::sample_corpus(&repo()).expect("the sample corpus is readable");
    let data = repo().join("../shared/data/cluster");
    let mut records = match std::fs::read_to_string(data.join("basil_articles.jsonl")) {
        Ok(text) => testkit::basil_records(&text, n),
        Err(_) => {
            eprintln!("note: {} is absent; the sample corpus only", data.display());
            Vec::new()
        }
    };
    if let Ok(text) = std::fs::read_to_string(data.join("ecbplus_docs.jsonl")) {
        let left = n.saturating_sub(records.len());
        records.extend(
            text.lines()
                .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
                .take(left)
                .map(|d| {
                    serde_json::json!({
                        "id": format!("ecb-{}", d["doc_id"].as_str().unwrap_or_default()),
                        "text": d["text"],
                    })
                    .to_string()
                }),
        );
    }
    files.extend(testkit::write_parts(dir, "part", &records, 25).expect("parts are written"));
    files
}

/// Starts a server with `config` on a free port, in a thread of its own; returns its
/// address once it answers.
fn start(config: serve::ServeConfig) -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Runtime::new().unwrap();
        rt.block_on(serve::serve(listener, config, std::future::pending()))
            .unwrap();
    });
    if let Err(e) = Conn::when_up(&addr, Duration::from_secs(600)) {
        panic!("the server did not come up: {e}");
    }
    addr
}

fn json(c: &mut Conn, path: &str) -> serde_json::Value {
    let r = c.get(path).unwrap();
    assert_eq!(r.status, 200, "{path}: {}", r.text());
    serde_json::from_slice(&r.body).unwrap()
}

/// The p50 and p99 of `times`, in milliseconds.
fn percentiles(mut times: Vec<Duration>) -> (f64, f64) {
    times.sort();
    let at = |q: usize| times[(times.len() * q / 100).min(times.len() - 1)].as_secs_f64() * 1e3;
    (at(50), at(99))
}

/// Asks for `paths` (cycling) `requests` times in all, from `clients` connections at
/// once; every answer must be 200.
fn measure(addr: &str, paths: &[String], requests: usize, clients: usize) -> (f64, f64) {
    let paths = Arc::new(paths.to_vec());
    let handles: Vec<_> = (0..clients)
        .map(|k| {
            let (addr, paths) = (addr.to_string(), Arc::clone(&paths));
            std::thread::spawn(move || {
                let mut c = Conn::connect(&addr).unwrap();
                let mut times = Vec::new();
                for i in (k..requests).step_by(clients) {
                    let path = &paths[i % paths.len()];
                    let t = Instant::now();
                    let r = c.get(path).unwrap();
                    times.push(t.elapsed());
                    assert_eq!(r.status, 200, "{path}");
                }
                times
            })
        })
        .collect();
    percentiles(
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect(),
    )
}

fn main() {
    let mut args = std::env::args().skip(1);
    let articles: usize = args.next().map_or(2000, |a| a.parse().unwrap());
    let requests: usize = args.next().map_or(400, |a| a.parse().unwrap());
    let clients: usize = args.next().map_or(1, |a| a.parse().unwrap());
    let Some(cluster) = Cluster::start_or_skip("serve_latency") else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let files = inputs(tmp.path(), articles);
    let config = Config::default();

    let t = Instant::now();
    let data = tmp.path().join("data");
    let mut local = store::Store::open(&data).unwrap();
    engine::ingest(&mut local, &files, &config, &mut |_| {}).unwrap();
    eprintln!("local ingest: {:.1} s", t.elapsed().as_secs_f64());

    let t = Instant::now();
    let url = cluster.url();
    PgStore::migrate(&url).unwrap();
    let mut pg = PgStore::open(&url).unwrap();
    pg.enqueue(&files, 3).unwrap();
    let options = WorkerOptions {
        threads: 2,
        until_idle: true,
        lease: Duration::from_secs(60),
        poll: Duration::from_millis(50),
        name: "latency".into(),
    };
    worker::run(&url, &options, &config).unwrap();
    let sequencer_options = SequencerOptions {
        until_idle: true,
        ..SequencerOptions::default()
    };
    sequencer::run(&url, &sequencer_options, &config).unwrap();
    eprintln!(
        "shared store: {:.1} s; {} articles, {} stories (local: {}, {})",
        t.elapsed().as_secs_f64(),
        pg.article_count().unwrap(),
        pg.story_count().unwrap(),
        local.article_count().unwrap(),
        local.story_count().unwrap()
    );

    let t = Instant::now();
    let sqlite = start(serve::ServeConfig {
        data: data.clone(),
        ..serve::ServeConfig::default()
    });
    eprintln!("SQLite server up in {:.1} s", t.elapsed().as_secs_f64());
    let t = Instant::now();
    let shared = {
        let url = url.clone();
        serve::SharedStore {
            name: "the cluster".into(),
            connect: Arc::new(move || Ok(Box::new(PgStore::open(&url)?) as serve::Reader)),
        }
    };
    let postgres = start(serve::ServeConfig {
        data: tmp.path().join("replica"),
        shared: Some(shared),
        ..serve::ServeConfig::default()
    });
    eprintln!(
        "PostgreSQL server up in {:.1} s (its index built from the store)",
        t.elapsed().as_secs_f64()
    );

    // Targets, from the SQLite server (both serve the same stories).
    let mut c = Conn::connect(&sqlite).unwrap();
    let list = json(&mut c, "/api/stories?limit=100");
    let stories: Vec<String> = list["stories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap().to_string())
        .collect();
    let mut article_ids = Vec::new();
    let mut entities = Vec::new();
    let mut words = Vec::new();
    for id in stories.iter().take(20) {
        let b = json(&mut c, &format!("/api/stories/{id}"));
        article_ids.extend(
            b["article_ids"]
                .as_array()
                .unwrap()
                .iter()
                .take(3)
                .map(|a| a.as_str().unwrap().to_string()),
        );
        if let Some(e) = b["entities"][0]["name"].as_str() {
            entities.push(e.to_string());
        }
        if let Some(w) = b["headline"]
            .as_str()
            .unwrap()
            .split(|c: char| !c.is_alphanumeric())
            .max_by_key(|w| w.len())
        {
            words.push(w.to_lowercase());
        }
    }
    // Each route as the prefix its encoded ids or words follow.
    let each = |prefix: &str, items: &[String]| -> Vec<String> {
        items
            .iter()
            .map(|i| format!("{prefix}{}", serve::page::url_part(i)))
            .collect()
    };
    let routes: Vec<(&str, Vec<String>)> = vec![
        ("/api/health", vec!["/api/health".into()]),
        (
            "/api/stories?limit=20&offset=N",
            (0..10)
                .map(|i| format!("/api/stories?limit=20&offset={}", i * 20))
                .collect(),
        ),
        (
            "/api/stories?entity=E",
            each("/api/stories?entity=", &entities),
        ),
        ("/api/stories/ID", each("/api/stories/", &stories)),
        ("/api/articles/ID", each("/api/articles/", &article_ids)),
        ("/api/search?q=W", each("/api/search?q=", &words)),
        ("/ (story list page)", vec!["/".into()]),
        ("/stories/ID (story page)", each("/stories/", &stories)),
    ];
    println!("{requests} requests per route, {clients} client(s) at once; p50 / p99 in ms");
    println!("{:<32} {:>17} {:>17}", "route", "SQLite", "PostgreSQL");
    for (name, paths) in &routes {
        // Warm both servers' caches the same way first.
        measure(&sqlite, paths, paths.len(), 1);
        measure(&postgres, paths, paths.len(), 1);
        let (s50, s99) = measure(&sqlite, paths, requests, clients);
        let (p50, p99) = measure(&postgres, paths, requests, clients);
        println!("{name:<32} {s50:>7.2} / {s99:>7.2} {p50:>7.2} / {p99:>7.2}");
    }

    // The replica's kind of index, asked in this process (no HTTP): the time to
    // compare with PostgreSQL's own full-text search below.
    let index = search::SearchIndex::open_or_build(&tmp.path().join("direct"), &mut pg).unwrap();
    let mut times = Vec::new();
    for i in 0..requests {
        let t = Instant::now();
        index
            .search(&search::SearchQuery {
                text: words[i % words.len()].clone(),
                limit: 20,
                ..search::SearchQuery::default()
            })
            .unwrap();
        times.push(t.elapsed());
    }
    let (p50, p99) = percentiles(times);
    println!("tantivy, top 20 + snippets          (in process) {p50:>7.2} / {p99:>7.2}");

    // PostgreSQL's own full-text search over the articles' titles and bodies (a stored
    // tsvector column with a GIN index).
    let client = pg.client();
    let t = Instant::now();
    client
        .batch_execute(
            "ALTER TABLE articles ADD COLUMN tsv tsvector GENERATED ALWAYS AS (to_tsvector('english',
               coalesce(article::jsonb->>'title', '') || ' ' || coalesce(article::jsonb->>'body', ''))) STORED;
             CREATE INDEX articles_fts ON articles USING gin (tsv);
             ANALYZE articles",
        )
        .unwrap();
    eprintln!(
        "tsvector column and GIN index built in {:.1} s",
        t.elapsed().as_secs_f64()
    );
    let rank = "SELECT id, ts_rank(tsv, q) AS r FROM articles, plainto_tsquery('english', $1) q
                WHERE tsv @@ q ORDER BY r DESC LIMIT 20";
    let headline = format!(
        "SELECT id, ts_headline('english', article::jsonb->>'body', plainto_tsquery('english', $1))
         FROM ({rank}) AS top JOIN articles USING (id)"
    );
    for (name, sql) in [
        ("ranked, top 20", rank.to_string()),
        ("ranked + headlines", headline),
    ] {
        let stmt = client.prepare(&sql).unwrap();
        let mut times = Vec::new();
        for i in 0..requests {
            let w = &words[i % words.len()];
            let t = Instant::now();
            client.query(&stmt, &[w]).unwrap();
            times.push(t.elapsed());
        }
        let (p50, p99) = percentiles(times);
        println!("PostgreSQL FTS, {name:<20} (SQL only) {p50:>7.2} / {p99:>7.2}");
    }
}
