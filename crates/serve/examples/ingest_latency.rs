//! The latency of a one-article ingest through the HTTP API into a large store, with the
//! search index update timed apart.
//!
//! ```text
//! cargo run --release -p serve --example ingest_latency -- N [--ingests K] [--data DIR]
//! ```
//!
//! Builds a store of `N` synthetic short articles (generated here: sentences drawn from
//! topic vocabularies with names and outlets, dated across months) through
//! `engine::ingest` as one batch — or uses the store in `--data DIR` when there is one —
//! then starts the server in this process (its start builds or catches up the search
//! index, timed), and posts `K` one-article plain-text ingests (default 10), one after
//! the other. Printed for each: the wall time of the request and the `Server-Timing`
//! split the server reports (`ingest`: the pipeline and the store; `index`: the search
//! index update); then min, median and max. The new articles are then searched for.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serve::client::Conn;

const TOPICS: &[&[&str]] = &[
    &[
        "harbour", "strike", "dock", "crane", "union", "wage", "shift", "port",
    ],
    &[
        "river",
        "flood",
        "levee",
        "rain",
        "evacuation",
        "water",
        "bank",
        "pump",
    ],
    &[
        "council", "budget", "vote", "tax", "mayor", "school", "road", "plan",
    ],
    &[
        "court", "trial", "judge", "verdict", "appeal", "witness", "fraud", "jury",
    ],
    &[
        "ferry",
        "fare",
        "route",
        "crossing",
        "timetable",
        "island",
        "boat",
        "pier",
    ],
    &[
        "orchard", "harvest", "apple", "frost", "grower", "crate", "market", "price",
    ],
];
const FILLER: &[&str] = &[
    "the",
    "said",
    "on",
    "after",
    "before",
    "new",
    "first",
    "last",
    "week",
    "officials",
    "residents",
    "workers",
    "talks",
    "report",
    "plans",
    "morning",
    "late",
    "early",
];
const NAMES: &[&str] = &[
    "Wren Halloway",
    "Poll Dunmore",
    "Ada Brenn",
    "Tomas Vell",
    "Ines Okafor",
    "Jun Sato",
    "Mara Quist",
    "Oren Falk",
];
const OUTLETS: &[&str] = &[
    "Valley Ledger",
    "Hill Courier",
    "Harbour Post",
    "Lowland Courier",
];

/// SplitMix64: deterministic text for a given article number.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Title, body, outlet and date of synthetic article `n`.
fn synthetic(n: u64) -> (String, String, &'static str, String) {
    let mut state = mix(n);
    let mut next = |m: usize| {
        state = mix(state);
        (state % m as u64) as usize
    };
    let topic = TOPICS[next(TOPICS.len())];
    // A place word per story-sized group, so the clusterer finds stories of a few
    // articles rather than one per topic.
    let place = format!("Place{}", n / 4 % 5000);
    let mut sentence = |words: usize| {
        let mut s: Vec<&str> = Vec::with_capacity(words);
        for i in 0..words {
            s.push(if i % 2 == 0 {
                topic[next(topic.len())]
            } else {
                FILLER[next(FILLER.len())]
            });
        }
        s.join(" ")
    };
    let title = format!("{place} {}", sentence(5));
    let speaker = NAMES[n as usize % NAMES.len()];
    let body = format!(
        "{place} {}. \"The {} {},\" said {speaker}. {} {}.",
        sentence(14),
        sentence(4),
        sentence(3),
        NAMES[(n as usize / 3) % NAMES.len()],
        sentence(12)
    );
    let day = 1 + (n / 40) % 700;
    let date = chrono::NaiveDate::from_ymd_opt(2024, 1, 1)
        .and_then(|d| d.checked_add_days(chrono::Days::new(day)))
        .map(|d| d.to_string())
        .unwrap_or_default();
    (title, body, OUTLETS[n as usize % OUTLETS.len()], date)
}

fn build_store(data: &Path, n: u64) -> Result<(), String> {
    let t = Instant::now();
    let input = data.join("synthetic.jsonl");
    std::fs::create_dir_all(data).map_err(|e| e.to_string())?;
    let mut lines = String::new();
    for i in 0..n {
        let (title, body, outlet, date) = synthetic(i);
        lines.push_str(
            &serde_json::json!({
                "id": format!("syn-{i}"),
                "title": title,
                "text": body,
                "outlet": outlet,
                "published": date,
            })
            .to_string(),
        );
        lines.push('\n');
    }
    std::fs::write(&input, lines).map_err(|e| e.to_string())?;
    let mut store = store::Store::open(data).map_err(|e| e.to_string())?;
    let report = engine::ingest(
        &mut store,
        std::slice::from_ref(&input),
        &engine::Config::default(),
        &mut |_| {},
    )
    .map_err(|e| e.to_string())?;
    let _ = std::fs::remove_file(&input);
    eprintln!(
        "store: {} articles, {} stories, built in {:.1} s",
        report.added,
        report.stories,
        t.elapsed().as_secs_f64()
    );
    Ok(())
}

/// The `dur` of one metric of a `Server-Timing` header, in milliseconds.
fn timing(header: &str, name: &str) -> Option<f64> {
    header.split(',').find_map(|m| {
        let mut parts = m.trim().split(';');
        if parts.next()? != name {
            return None;
        }
        parts.find_map(|p| p.trim().strip_prefix("dur=")?.parse().ok())
    })
}

fn summary(label: &str, mut xs: Vec<f64>) {
    xs.sort_by(f64::total_cmp);
    if xs.is_empty() {
        return;
    }
    println!(
        "{label:>8}: min {:7.1} ms  median {:7.1} ms  max {:7.1} ms",
        xs[0],
        xs[xs.len() / 2],
        xs[xs.len() - 1]
    );
}

fn main() -> Result<(), String> {
    let mut n: Option<u64> = None;
    let mut ingests = 10usize;
    let mut data: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--ingests" => {
                ingests = args
                    .next()
                    .and_then(|v| v.parse().ok())
                    .ok_or("--ingests needs a number")?
            }
            "--data" => data = Some(PathBuf::from(args.next().ok_or("--data needs a path")?)),
            v => {
                n = Some(
                    v.parse()
                        .map_err(|_| format!("not a number of articles: {v}"))?,
                )
            }
        }
    }
    let n = n.ok_or("usage: ingest_latency N [--ingests K] [--data DIR]")?;
    let tmp = tempfile::tempdir().map_err(|e| e.to_string())?;
    let data = data.unwrap_or_else(|| tmp.path().join("data"));
    if !data.join(store::DB_FILE).is_file() {
        build_store(&data, n)?;
    } else {
        eprintln!("store: using {}", data.display());
    }

    let listener = std::net::TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    let addr = listener
        .local_addr()
        .map_err(|e| e.to_string())?
        .to_string();
    // Writes need the bearer token; the example chooses its own.
    let token = format!("latency-example-{}", std::process::id());
    let config = serve::ServeConfig {
        data: data.clone(),
        token: Some(token.clone()),
        // The refresher would only find nothing to do; keep it out of the way.
        refresh: Duration::from_secs(3600),
        ..serve::ServeConfig::default()
    };
    let started = Instant::now();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Runtime::new().expect("runtime");
        if let Err(e) = rt.block_on(serve::serve(listener, config, std::future::pending())) {
            eprintln!("server: {e}");
        }
    });
    let mut conn = loop {
        if let Ok(c) = Conn::connect(&addr) {
            let mut c = c.with_token(&token);
            if c.get("/api/health").is_ok_and(|r| r.status == 200) {
                break c;
            }
        }
        if started.elapsed() > Duration::from_secs(3600) {
            return Err("the server did not start".into());
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let health = conn.get("/api/health").map_err(|e| e.to_string())?.text();
    println!(
        "server up (index built or caught up) in {:.2} s: {health}",
        started.elapsed().as_secs_f64()
    );

    let (mut walls, mut pipeline, mut index) = (Vec::new(), Vec::new(), Vec::new());
    let run = std::process::id();
    for k in 0..ingests {
        let (title, body, _, _) = synthetic(10_000_000 + u64::from(run) * 1000 + k as u64);
        let text = format!("{title}\n\n{body} Latency probe {run} {k}.");
        let path = format!("/api/ingest?format=text&id=probe-{run}-{k}");
        let t = Instant::now();
        let r = conn
            .request("POST", &path, Some("text/plain"), text.as_bytes())
            .map_err(|e| e.to_string())?;
        let wall = t.elapsed().as_secs_f64() * 1e3;
        if r.status != 200 {
            return Err(format!("ingest {k}: HTTP {}: {}", r.status, r.text()));
        }
        let st = r.header("server-timing").unwrap_or("").to_string();
        let (p, i) = (timing(&st, "ingest"), timing(&st, "index"));
        println!(
            "ingest {k:>3}: {wall:7.1} ms  (pipeline {:7.1} ms, index {:7.1} ms)",
            p.unwrap_or(f64::NAN),
            i.unwrap_or(f64::NAN)
        );
        walls.push(wall);
        pipeline.extend(p);
        index.extend(i);
    }
    summary("request", walls);
    summary("pipeline", pipeline);
    summary("index", index);
    let found = conn
        .get(&format!(
            "/api/search?q=%22latency%20probe%20{run}%22&kind=article&limit=100"
        ))
        .map_err(|e| e.to_string())?;
    let total = serde_json::from_slice::<serde_json::Value>(&found.body)
        .ok()
        .and_then(|v| v.get("total").and_then(serde_json::Value::as_u64));
    println!(
        "search for the probes: HTTP {}, {total:?} of {ingests} found",
        found.status
    );
    Ok(())
}
