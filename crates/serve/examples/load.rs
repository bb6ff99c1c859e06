//! A bounded load test of `chorus serve` on loopback, with a synthetic store as large as
//! asked for.
//!
//! ```text
//! cargo run --release -p serve --example load -- [--articles 100000] [--requests 20000]
//!     [--concurrency 32] [--data DIR]
//! ```
//!
//! The store is built at run time, never committed: the sample corpus plus, when
//! `../shared/data` is present, the ECB+ and BASIL clustering documents are extracted,
//! analysed and clustered once (the seed); then the seed is copied until the store holds
//! `--articles` articles. Copy `k` of an article gets id `ID~k`, a date `k` days later,
//! and one paragraph of another seed article appended (so copies differ in vocabulary);
//! copy `k` of a story is the seed story over the copied articles. With `--data DIR` the
//! store is built there (and kept), or used as it is when one exists already.
//!
//! Then the server starts in this process on a free loopback port, and `--requests`
//! requests at `--concurrency` (one keep-alive connection per worker thread) cycle over
//! four endpoints: the brief JSON, the story page HTML, search, and the article JSON.
//! Printed: errors, p50/p99/max per endpoint, requests per second; then a sequential
//! pass of searches alone (latency without queueing behind other requests).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use model::{AnalyzedArticle, Brief, Format, RawDoc};
use serde_json::Value;
use serve::client::Conn;

struct Args {
    articles: usize,
    requests: usize,
    concurrency: usize,
    data: Option<PathBuf>,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        articles: 100_000,
        requests: 20_000,
        concurrency: 32,
        data: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next().ok_or(format!("{flag} needs a value"))?;
        let number = || value.parse::<usize>().map_err(|e| format!("{flag}: {e}"));
        match flag.as_str() {
            "--articles" => args.articles = number()?,
            "--requests" => args.requests = number()?,
            "--concurrency" => args.concurrency = number()?.max(1),
            "--data" => args.data = Some(PathBuf::from(value)),
            _ => return Err(format!("unknown flag {flag}")),
        }
    }
    Ok(args)
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The seed documents: the sample corpus and, when present, the clustering data sets.
fn seed_docs() -> Vec<RawDoc> {
    let mut docs = Vec::new();
    let limits = ingest::Limits::default();
    let (inputs, _) = ingest::discover(&[repo().join("corpus/sample")]);
    for input in &inputs {
        ingest::read(input, &limits, &mut |item| {
            if let Ok(raw) = item {
                docs.push(raw);
            }
        });
    }
    let shared = repo().join("../shared/data/cluster");
    for name in ["ecbplus_docs.jsonl", "basil_articles.jsonl"] {
        let Ok(text) = std::fs::read_to_string(shared.join(name)) else {
            eprintln!(
                "note: {} not found; seeding from the sample corpus only",
                shared.join(name).display()
            );
            continue;
        };
        for (n, line) in text.lines().enumerate() {
            let Ok(v) = serde_json::from_str::<Value>(line) else {
                continue;
            };
            let s = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_string);
            let Some(body) = s("text") else { continue };
            let id = s("id")
                .or_else(|| s("doc_id"))
                .unwrap_or_else(|| format!("{name}-{n}"));
            let title = s("title").unwrap_or_else(|| body.lines().next().unwrap_or("").to_string());
            docs.push(RawDoc {
                id: id.replace(['/', ' '], "_"),
                source: format!("{name}:{}", n + 1),
                format: Format::Text,
                content: format!("{title}\n\n{body}"),
                url: None,
                title: Some(title),
                published: s("date").and_then(|d| d.get(..10)?.parse().ok()),
                outlet: s("source"),
            });
        }
    }
    docs
}

/// Rewrites every article id (fields `article_id`, `article_ids`) and the story `id` of
/// a brief for copy `k`, structurally, whatever else the brief holds.
fn copy_brief(brief: &Brief, k: usize) -> Option<Brief> {
    fn walk(v: &mut Value, k: usize) {
        match v {
            Value::Object(map) => {
                for (key, val) in map.iter_mut() {
                    match (key.as_str(), val) {
                        ("article_id" | "duplicate_of", Value::String(s)) => {
                            *s = format!("{s}~{k}")
                        }
                        ("article_ids", Value::Array(ids)) => {
                            for id in ids {
                                if let Value::String(s) = id {
                                    *s = format!("{s}~{k}");
                                }
                            }
                        }
                        (_, val) => walk(val, k),
                    }
                }
            }
            Value::Array(items) => items.iter_mut().for_each(|i| walk(i, k)),
            _ => {}
        }
    }
    let mut v = serde_json::to_value(brief).ok()?;
    walk(&mut v, k);
    v["id"] = Value::String(format!("{}~{k}", brief.id));
    serde_json::from_value(v).ok()
}

fn build_synthetic(data: &Path, target: usize) -> Result<(), String> {
    let t = Instant::now();
    let docs = seed_docs();
    let config = engine::Config::default();
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
    let chunks: Vec<Vec<RawDoc>> = docs
        .chunks(docs.len().div_ceil(workers).max(1))
        .map(<[RawDoc]>::to_vec)
        .collect();
    let mut seed: Vec<AnalyzedArticle> = std::thread::scope(|s| {
        let handles: Vec<_> = chunks
            .iter()
            .map(|c| {
                s.spawn(|| {
                    c.iter()
                        .filter_map(|r| engine::process(r, &config).ok())
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    });
    let mut seen = std::collections::BTreeSet::new();
    seed.retain(|a| seen.insert(a.article.id.clone()));
    engine::sort_canonical(&mut seed);
    let briefs = engine::build_stories(&mut seed, &config);
    eprintln!(
        "seed: {} articles, {} stories in {:.1} s",
        seed.len(),
        briefs.len(),
        t.elapsed().as_secs_f64()
    );
    if seed.is_empty() {
        return Err("no seed articles".into());
    }
    let copies = target.div_ceil(seed.len());
    let mut store = store::Store::open(data).map_err(|e| e.to_string())?;
    let batch = store.batch().map_err(|e| e.to_string())?;
    let mut written = 0;
    let mut all_briefs = Vec::new();
    for k in 0..copies {
        for (i, a) in seed.iter().enumerate() {
            if written == target {
                break;
            }
            let mut c = a.clone();
            c.article.id = format!("{}~{k}", a.article.id);
            c.article.published = a
                .article
                .published
                .and_then(|d| d.checked_add_days(chrono::Days::new(k as u64)));
            c.duplicate_of = a.duplicate_of.as_ref().map(|d| format!("{d}~{k}"));
            if let Some(other) = seed.get((i * 7 + k * 13 + 1) % seed.len()) {
                if let Some((_, p)) = other.article.paragraphs().nth(k % 3) {
                    c.article.body.push_str("\n\n");
                    c.article.body.push_str(p);
                }
            }
            batch
                .put_article(&c, &format!("synthetic-{k}-{i}"), "synthetic")
                .map_err(|e| e.to_string())?;
            written += 1;
        }
        all_briefs.extend(briefs.iter().filter_map(|b| copy_brief(b, k)));
    }
    // Only stories whose articles were all written.
    let written_ids: std::collections::BTreeSet<String> = (0..copies)
        .flat_map(|k| seed.iter().map(move |a| format!("{}~{k}", a.article.id)))
        .take(written)
        .collect();
    all_briefs.retain(|b| b.article_ids.iter().all(|id| written_ids.contains(id)));
    batch
        .replace_derived(&[], &all_briefs)
        .map_err(|e| e.to_string())?;
    batch.commit().map_err(|e| e.to_string())?;
    eprintln!(
        "synthetic store: {written} articles, {} stories in {:.1} s",
        all_briefs.len(),
        t.elapsed().as_secs_f64()
    );
    Ok(())
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted.get(i).map_or(0.0, |d| d.as_secs_f64() * 1000.0)
}

fn url_part(s: &str) -> String {
    serve::page::url_part(s)
}

fn main() {
    if let Err(e) = run() {
        eprintln!("load: error: {e}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), String> {
    let args = parse_args()?;
    let tmp = tempfile::tempdir().map_err(|e| e.to_string())?;
    let data = args.data.clone().unwrap_or_else(|| tmp.path().join("data"));
    if !data.join(store::DB_FILE).is_file() {
        build_synthetic(&data, args.articles)?;
    }
    // The server, in this process, on a free loopback port.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    let addr = listener
        .local_addr()
        .map_err(|e| e.to_string())?
        .to_string();
    let config = serve::ServeConfig {
        data: data.clone(),
        ..serve::ServeConfig::default()
    };
    let t = Instant::now();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Runtime::new().expect("a tokio runtime");
        if let Err(e) = rt.block_on(serve::serve(listener, config, std::future::pending())) {
            eprintln!("load: server failed: {e}");
            std::process::exit(1);
        }
    });
    let mut c = loop {
        if let Ok(mut c) = Conn::connect(&addr) {
            if c.get("/api/health").is_ok_and(|r| r.status == 200) {
                break c;
            }
        }
        if t.elapsed() > Duration::from_secs(1800) {
            return Err("the server did not come up".into());
        }
        std::thread::sleep(Duration::from_millis(200));
    };
    let health: Value =
        serde_json::from_slice(&c.get("/api/health").map_err(|e| e.to_string())?.body)
            .map_err(|e| e.to_string())?;
    eprintln!(
        "server up in {:.1} s (index open or built): {health}",
        t.elapsed().as_secs_f64()
    );

    // Targets: story ids from the list, article ids from briefs, queries from titles.
    let mut stories = Vec::new();
    let mut offset = 0;
    while stories.len() < 2000 {
        let r = c
            .get(&format!("/api/stories?limit=100&offset={offset}"))
            .map_err(|e| e.to_string())?;
        let page: Value = serde_json::from_slice(&r.body).map_err(|e| e.to_string())?;
        let rows = page["stories"].as_array().cloned().unwrap_or_default();
        if rows.is_empty() {
            break;
        }
        stories.extend(
            rows.iter()
                .filter_map(|s| s["id"].as_str().map(str::to_string)),
        );
        offset += rows.len();
        // Spread the sample over the list, within the deepest offset served.
        offset += 397;
        if offset > serve::api::MAX_OFFSET {
            break;
        }
    }
    let mut articles = Vec::new();
    let mut queries = Vec::new();
    for (i, id) in stories.iter().take(300).enumerate() {
        let r = c
            .get(&format!("/api/stories/{}", url_part(id)))
            .map_err(|e| e.to_string())?;
        let b: Value = serde_json::from_slice(&r.body).map_err(|e| e.to_string())?;
        for a in b["article_ids"].as_array().into_iter().flatten().take(3) {
            if let Some(a) = a.as_str() {
                articles.push(a.to_string());
            }
        }
        let words: Vec<String> = b["headline"]
            .as_str()
            .unwrap_or("")
            .split_whitespace()
            .filter(|w| w.len() > 3)
            .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_string())
            .filter(|w| !w.is_empty())
            .collect();
        let q = match (i % 3, words.as_slice()) {
            (0, [a, b, ..]) => format!("\"{a} {b}\""),
            (1, [a, b, ..]) => format!("{a} {b}"),
            (_, [a, ..]) => a.clone(),
            _ => continue,
        };
        let filter = if i % 5 == 0 { "&kind=quote" } else { "" };
        queries.push(format!("/api/search?q={}{filter}", url_part(&q)));
    }
    if stories.is_empty() || articles.is_empty() || queries.is_empty() {
        return Err("the store has no stories to request".into());
    }
    let kinds = ["brief", "story page", "search", "article"];
    let paths: Vec<Vec<String>> = vec![
        stories
            .iter()
            .map(|s| format!("/api/stories/{}", url_part(s)))
            .collect(),
        stories
            .iter()
            .map(|s| format!("/stories/{}", url_part(s)))
            .collect(),
        queries.clone(),
        articles
            .iter()
            .map(|a| format!("/api/articles/{}", url_part(a)))
            .collect(),
    ];

    let next = Arc::new(AtomicUsize::new(0));
    let results: Arc<Mutex<Vec<Vec<Duration>>>> =
        Arc::new(Mutex::new(vec![Vec::new(); kinds.len()]));
    let errors = Arc::new(AtomicUsize::new(0));
    let paths = Arc::new(paths);
    let t = Instant::now();
    let workers: Vec<_> = (0..args.concurrency)
        .map(|_| {
            let (next, results, errors, paths, addr) = (
                Arc::clone(&next),
                Arc::clone(&results),
                Arc::clone(&errors),
                Arc::clone(&paths),
                addr.clone(),
            );
            let total = args.requests;
            std::thread::spawn(move || {
                let mut local: Vec<Vec<Duration>> = vec![Vec::new(); paths.len()];
                let mut conn = Conn::connect(&addr).ok();
                loop {
                    let n = next.fetch_add(1, Ordering::Relaxed);
                    if n >= total {
                        break;
                    }
                    let kind = n % paths.len();
                    let list = &paths[kind];
                    let path = &list[(n / paths.len()) % list.len()];
                    let start = Instant::now();
                    let ok = match conn.as_mut().map(|c| c.get(path)) {
                        Some(Ok(r)) => r.status == 200,
                        _ => false,
                    };
                    local[kind].push(start.elapsed());
                    if !ok {
                        errors.fetch_add(1, Ordering::Relaxed);
                        conn = Conn::connect(&addr).ok();
                    }
                }
                if let Ok(mut all) = results.lock() {
                    for (a, l) in all.iter_mut().zip(local) {
                        a.extend(l);
                    }
                }
            })
        })
        .collect();
    for w in workers {
        let _ = w.join();
    }
    let elapsed = t.elapsed().as_secs_f64();
    let mut results = results.lock().map_err(|_| "poisoned")?.clone();
    println!(
        "load: {} requests at concurrency {} over {} articles: {} errors, {:.0} req/s, {:.1} s",
        args.requests,
        args.concurrency,
        health["articles"],
        errors.load(Ordering::Relaxed),
        args.requests as f64 / elapsed,
        elapsed
    );
    let mut table = BTreeMap::new();
    for (kind, lat) in kinds.iter().zip(results.iter_mut()) {
        lat.sort();
        table.insert(
            *kind,
            (
                lat.len(),
                percentile(lat, 0.5),
                percentile(lat, 0.99),
                percentile(lat, 1.0),
            ),
        );
    }
    for (kind, (n, p50, p99, max)) in &table {
        println!("  {kind:<11} n={n:<6} p50 {p50:7.2} ms  p99 {p99:7.2} ms  max {max:7.2} ms");
    }
    // Searches and story pages alone, one at a time: latency without queueing. A fresh
    // connection: the first one has been idle longer than the server's idle timeout.
    let mut c = Conn::connect(&addr).map_err(|e| e.to_string())?;
    for (kind, list) in [("search", &queries), ("story page", &paths[1])] {
        let mut lat = Vec::new();
        let mut errs = 0;
        for path in list.iter().cycle().take(1000) {
            let start = Instant::now();
            match c.get(path) {
                Ok(r) if r.status == 200 => {}
                _ => {
                    errs += 1;
                    if let Ok(fresh) = Conn::connect(&addr) {
                        c = fresh;
                    }
                }
            }
            lat.push(start.elapsed());
        }
        lat.sort();
        println!(
            "sequential {kind}: n={} errors={errs} p50 {:.2} ms  p99 {:.2} ms  max {:.2} ms",
            lat.len(),
            percentile(&lat, 0.5),
            percentile(&lat, 0.99),
            percentile(&lat, 1.0)
        );
    }
    Ok(())
}
