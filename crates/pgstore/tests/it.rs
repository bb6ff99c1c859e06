//! The shared store on a throwaway PostgreSQL cluster (skipped, with a message, where
//! PostgreSQL is not installed): the same stories as a local ingest (and the same
//! answers to every reader, search included), dead jobs, the fencing of a worker that
//! lost its lease, and `chorus serve` reading the store while workers write; and
//! (`cases`) every store case of the engine's tests, written once for both stores.
//! All run on one cluster, each test in a database of its own.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use engine::{Config, Event};
use pgstore::queue;
use pgstore::sequencer::{self, SequencerOptions};
use pgstore::worker;
use pgstore::{PgError, PgStore};
use postgres::{Client, NoTls};
use serve::client::Conn;
use store::Reading;

#[path = "../../engine/tests/it/stores/mod.rs"]
mod stores;

mod cases;

use cases::{fresh_database, workers};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The sample corpus's files, and, when `../shared/data` is present, up to `n` BASIL
/// articles cut into files of 25 JSON lines.
fn inputs(dir: &Path, n: usize) -> Vec<PathBuf> {
    let mut files = testkit::sample_corpus(&repo()).expect("the sample corpus is readable");
    let basil = repo().join("../shared/data/cluster/basil_articles.jsonl");
    match std::fs::read_to_string(&basil) {
        Ok(text) => {
            let records = testkit::basil_records(&text, n);
            files.extend(
                testkit::write_parts(dir, "basil", &records, 25).expect("parts are written"),
            );
        }
        Err(_) => eprintln!(
            "note: {} is absent; the sample corpus only",
            basil.display()
        ),
    }
    files
}

fn until_idle() -> SequencerOptions {
    SequencerOptions {
        until_idle: true,
        poll: Duration::from_millis(50),
        // Rounds of 40 articles: batches in publication order give one batch's stories.
        max_round: 40,
    }
}

/// Stories (with their members) and briefs as JSON, by story id.
type Outcome = (
    Vec<store::StoryRow>,
    BTreeMap<String, (Vec<String>, String)>,
);

fn sqlite_result(store: &store::Store) -> Outcome {
    let rows = store.stories().unwrap();
    let mut briefs = BTreeMap::new();
    for r in &rows {
        let members = store.story_article_ids(&r.id).unwrap();
        let brief = serde_json::to_string(&store.brief(&r.id).unwrap().unwrap()).unwrap();
        briefs.insert(r.id.clone(), (members, brief));
    }
    (rows, briefs)
}

fn pg_result(pg: &mut PgStore) -> Outcome {
    let rows = pg.stories().unwrap();
    let mut briefs = BTreeMap::new();
    for r in &rows {
        let members = pg.story_article_ids(&r.id).unwrap();
        let brief = serde_json::to_string(&pg.brief(&r.id).unwrap().unwrap()).unwrap();
        briefs.insert(r.id.clone(), (members, brief));
    }
    (rows, briefs)
}

/// Test 1 of the issue: the same inputs through a local `ingest` into SQLite and
/// through the queue, two workers and the sequencer into PostgreSQL give the same
/// articles, duplicates, stories and briefs; enqueueing and running again changes
/// nothing.
#[test]
fn workers_and_sequencer_give_the_stories_of_a_local_ingest() {
    let Some(url) = fresh_database("workers_and_sequencer_give_the_stories_of_a_local_ingest")
    else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let files = inputs(tmp.path(), 200);
    let config = Config::default();

    let mut local = store::Store::open(&tmp.path().join("data")).unwrap();
    engine::ingest(&mut local, &files, &config, &mut |e| {
        if let Event::Failed(f) = e {
            eprintln!("local: {f}");
        }
    })
    .unwrap();

    assert!(PgStore::migrate(&url).unwrap());
    assert!(
        !PgStore::migrate(&url).unwrap(),
        "a second migration does nothing"
    );
    let mut pg = PgStore::open(&url).unwrap();
    // A reader's search index, opened on the empty store, then following its change log.
    let pg_index =
        search::SearchIndex::open_or_build(&tmp.path().join("pg-search"), &mut pg).unwrap();
    let report = pg.enqueue(&files, 3).unwrap();
    assert_eq!((report.added, report.existing), (files.len(), 0));
    assert!(report.failures.is_empty(), "{:?}", report.failures);
    let done = worker::run(&url, &workers(2), &config).unwrap();
    assert_eq!(done.done, files.len(), "{done:?}");
    assert_eq!(done.dead, 0);
    let seq = sequencer::run(&url, &until_idle(), &config).unwrap();
    assert!(seq.articles > 0);

    assert_eq!(pg.article_count().unwrap(), local.article_count().unwrap());
    // A status count: exact below the bar; above it, the planner's estimate, which after
    // `ANALYZE` of a table this small is the count itself.
    let articles = local.article_count().unwrap();
    assert_eq!(
        pg.article_count_within(usize::MAX).unwrap(),
        (articles, true)
    );
    pg.client().batch_execute("ANALYZE articles").unwrap();
    assert_eq!(pg.article_count_within(0).unwrap(), (articles, false));
    let dups = |articles: Vec<model::AnalyzedArticle>| -> Vec<(String, Option<String>)> {
        articles
            .into_iter()
            .map(|a| (a.article.id, a.duplicate_of))
            .collect()
    };
    assert_eq!(
        dups(pg.articles().unwrap()),
        dups(local.articles().unwrap())
    );
    let (local_rows, local_briefs) = sqlite_result(&local);
    let (pg_rows, pg_briefs) = pg_result(&mut pg);
    eprintln!(
        "{} inputs, {} articles, {} stories; sequencer: {seq:?}",
        files.len(),
        local.article_count().unwrap(),
        local_rows.len()
    );
    assert!(local_rows.len() > 5, "{} stories", local_rows.len());
    assert_eq!(pg_rows, local_rows);
    assert_eq!(pg_briefs, local_briefs);
    readers_agree(&mut local, &mut pg, &local_rows);
    let update = pg_index.catch_up(&mut pg).unwrap();
    assert!(
        matches!(update, search::Update::Applied(n) if n > 0),
        "the index follows the change log: {update:?}"
    );
    let local_index =
        search::SearchIndex::open_or_build(&tmp.path().join("local-search"), &mut local).unwrap();
    for (text, kind) in [
        ("", Some(search::Kind::Article)),
        ("", Some(search::Kind::Story)),
        ("", Some(search::Kind::Quote)),
        ("port", None),
        ("\"said on\"", None),
        ("minister -talks", None),
    ] {
        let (pg_found, local_found) = (
            found(&pg_index, text, kind),
            found(&local_index, text, kind),
        );
        assert!(
            !local_found.is_empty() || !text.is_empty(),
            "{text:?} {kind:?}"
        );
        assert_eq!(pg_found, local_found, "{text:?} {kind:?}");
    }

    // The same files again: no new job, no new work, the same stories.
    let again = pg.enqueue(&files, 3).unwrap();
    assert_eq!((again.added, again.existing), (0, files.len()));
    let idle = worker::run(&url, &workers(2), &config).unwrap();
    assert_eq!(idle, worker::WorkerReport::default());
    let seq = sequencer::run(&url, &until_idle(), &config).unwrap();
    assert_eq!(seq.articles, 0);
    assert_eq!(pg_result(&mut pg), (local_rows, local_briefs));
    assert_eq!(pg_index.catch_up(&mut pg).unwrap(), search::Update::Current);

    // The consistency check finds nothing, then what was broken on purpose.
    let check = pg.check().unwrap();
    assert!(check.problems.is_empty(), "{:?}", check.problems);
    assert_eq!(check.articles, local.article_count().unwrap());
    pg.client()
        .batch_execute(
            "UPDATE stories SET article_count = article_count + 1
             WHERE id = (SELECT min(id) FROM stories);
             UPDATE articles SET annotations = '{' WHERE id = (SELECT min(id) FROM articles)",
        )
        .unwrap();
    let problems = pg.check().unwrap().problems;
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(
        problems[0].contains("1 stories have a wrong article count"),
        "{problems:?}"
    );
    assert!(problems[1].starts_with("corrupt record"), "{problems:?}");
}

/// Test 5 of the issue: an input that cannot be read ends `dead` with its reason after
/// `max_attempts` attempts; the other jobs complete.
#[test]
fn a_corrupt_input_ends_dead_and_the_rest_completes() {
    let Some(url) = fresh_database("a_corrupt_input_ends_dead_and_the_rest_completes") else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let broken = tmp.path().join("broken.warc.gz");
    std::fs::write(&broken, b"\x1f\x8b\x08\x00 this is no gzip stream at all").unwrap();
    let good = repo().join("corpus/sample/northgate-tribune-port-talks.html");
    PgStore::migrate(&url).unwrap();
    let mut pg = PgStore::open(&url).unwrap();
    pg.enqueue(&[broken.clone(), good], 3).unwrap();
    let report = worker::run(&url, &workers(1), &Config::default()).unwrap();
    assert_eq!(
        (report.done, report.failed, report.dead),
        (1, 3, 1),
        "{report:?}"
    );
    let jobs = pg.jobs().unwrap();
    let dead = jobs
        .iter()
        .find(|j| j.input.ends_with("broken.warc.gz"))
        .unwrap();
    assert_eq!((dead.state.as_str(), dead.attempt), ("dead", 3));
    let reason = dead.last_error.as_deref().unwrap_or_default();
    assert!(reason.contains("broken.warc.gz"), "{reason}");
    let done = jobs.iter().find(|j| j.state == "done").unwrap();
    assert_eq!(done.articles, Some(1));
    assert_eq!(pg.article_count().unwrap(), 1);
    // The dead job is not taken again.
    let mut client = Client::connect(&url, NoTls).unwrap();
    assert_eq!(
        queue::claim(&mut client, "again", Duration::from_secs(5)).unwrap(),
        None
    );
}

/// Test 3 of the issue, at the queue's level: a worker whose lease ran out and whose
/// job another worker claimed and finished can neither heartbeat, fail nor commit the
/// job; nothing it would have written is stored.
#[test]
fn a_worker_that_lost_its_lease_is_fenced_out() {
    let Some(url) = fresh_database("a_worker_that_lost_its_lease_is_fenced_out") else {
        return;
    };
    PgStore::migrate(&url).unwrap();
    let mut pg = PgStore::open(&url).unwrap();
    pg.enqueue(&[repo().join("corpus/sample/eastwind-feed.jsonl")], 3)
        .unwrap();
    let config = Config::default();
    let mut slow = Client::connect(&url, NoTls).unwrap();
    let mut fast = Client::connect(&url, NoTls).unwrap();

    let lease = Duration::from_millis(300);
    let first = queue::claim(&mut slow, "slow", lease).unwrap().unwrap();
    assert_eq!(first.attempt, 1);
    let output = worker::process(&mut slow, &first, &config).unwrap();
    assert!(!output.articles.is_empty());
    // While the lease holds, nobody else gets the job.
    assert_eq!(queue::claim(&mut fast, "fast", lease).unwrap(), None);
    std::thread::sleep(lease + Duration::from_millis(200));

    let second = queue::claim(&mut fast, "fast", Duration::from_secs(10))
        .unwrap()
        .unwrap();
    assert_eq!((second.id.as_str(), second.attempt), (first.id.as_str(), 2));
    let again = worker::process(&mut fast, &second, &config).unwrap();
    let written = queue::complete(&mut fast, &second, &again).unwrap();
    assert_eq!(written, again.articles.len());
    let articles = pg.article_count().unwrap();

    // The first worker comes back.
    assert!(!queue::heartbeat(&mut slow, &first, lease).unwrap());
    assert_eq!(queue::fail(&mut slow, &first, "late").unwrap(), None);
    match queue::complete(&mut slow, &first, &output) {
        Err(PgError::Fenced { job, attempt }) => assert_eq!((job, attempt), (first.id, 1)),
        other => panic!("a stale commit went through: {other:?}"),
    }
    assert_eq!(pg.article_count().unwrap(), articles);
    let jobs = pg.jobs().unwrap();
    assert_eq!(
        (
            jobs[0].state.as_str(),
            jobs[0].attempt,
            jobs[0].last_error.as_deref()
        ),
        ("done", 2, None)
    );
}

/// A database of format 1 (before the change log) is refused by readers until `db
/// migrate` brings it to the current format; then the sequencer's writes are logged.
#[test]
fn an_older_schema_is_refused_then_migrated() {
    let Some(url) = fresh_database("an_older_schema_is_refused_then_migrated") else {
        return;
    };
    assert!(PgStore::migrate(&url).unwrap());
    let mut client = Client::connect(&url, NoTls).unwrap();
    // Format 1, as an older build left it.
    client
        .batch_execute(
            "DROP TABLE changes, story_times;
             DROP FUNCTION chorus_log_change() CASCADE;
             DROP FUNCTION chorus_story_time() CASCADE;
             UPDATE chorus_meta SET value = '1' WHERE key = 'format'",
        )
        .unwrap();
    match PgStore::open(&url) {
        Err(PgError::TooOld { found: 1 }) => {}
        other => panic!("an older schema was opened: {:?}", other.map(|_| ())),
    }
    assert!(PgStore::migrate(&url).unwrap());
    assert!(!PgStore::migrate(&url).unwrap());
    let mut pg = PgStore::open(&url).unwrap();
    assert_eq!(Reading::last_change(&mut pg).unwrap(), None);
    pg.enqueue(&[repo().join("corpus/sample/eastwind-feed.jsonl")], 3)
        .unwrap();
    let config = Config::default();
    worker::run(&url, &workers(1), &config).unwrap();
    assert_eq!(
        Reading::data_version(&mut pg).unwrap(),
        0,
        "workers log nothing"
    );
    sequencer::run(&url, &until_idle(), &config).unwrap();
    let changes = Reading::changes_after(&mut pg, 0, 1000).unwrap();
    let articles = changes
        .iter()
        .filter(|c| c.kind == store::ChangeKind::Article)
        .count();
    assert_eq!(articles, pg.article_count().unwrap(), "{changes:?}");
    assert!(changes.iter().any(|c| c.kind == store::ChangeKind::Story));
    assert!(changes.windows(2).all(|w| w[0].seq < w[1].seq));
}

/// Every reader's question gets the same answer from both stores: pages and filters of
/// the story list, list lines, articles, memberships; and the shared store stamps its
/// stories' times.
fn readers_agree(local: &mut store::Store, pg: &mut PgStore, rows: &[store::StoryRow]) {
    let first = &rows[0];
    let brief = Reading::brief(local, &first.id).unwrap().unwrap();
    let page = |offset, limit| store::StoryFilter {
        offset,
        limit,
        ..store::StoryFilter::default()
    };
    let filters = [
        page(0, 20),
        page(5, 7),
        page(rows.len() - 2, 50),
        store::StoryFilter {
            outlet: first.outlets.first().map(|o| o.to_uppercase()),
            ..page(0, 50)
        },
        store::StoryFilter {
            entity: brief.entities.first().map(|e| e.name.clone()),
            ..page(0, 50)
        },
        store::StoryFilter {
            from: first.first_published,
            to: first.last_published,
            ..page(0, 50)
        },
    ];
    for filter in &filters {
        let want = Reading::story_page(local, filter).unwrap();
        assert!(want.0 > 0, "{filter:?}");
        assert_eq!(Reading::story_page(pg, filter).unwrap(), want, "{filter:?}");
    }
    for r in rows.iter().take(50) {
        assert_eq!(Reading::story_row(pg, &r.id).unwrap().as_ref(), Some(r));
    }
    assert_eq!(Reading::story_row(pg, "no such story").unwrap(), None);
    let memberships = Reading::article_stories(local).unwrap();
    assert_eq!(Reading::article_stories(pg).unwrap(), memberships);
    for (article, story) in memberships.iter().take(40) {
        assert_eq!(
            Reading::story_of(pg, article).unwrap().as_ref(),
            Some(story)
        );
        let want = serde_json::to_string(&Reading::article(local, article).unwrap()).unwrap();
        assert_eq!(
            serde_json::to_string(&Reading::article(pg, article).unwrap()).unwrap(),
            want
        );
    }
    let mut page: Vec<String> = memberships.keys().rev().take(30).cloned().collect();
    page.push("no such article".into());
    let json = |a: Vec<model::AnalyzedArticle>| serde_json::to_string(&a).unwrap();
    assert_eq!(
        json(Reading::articles_in_order(pg, &page).unwrap()),
        json(Reading::articles_in_order(local, &page).unwrap())
    );
    assert_eq!(Reading::articles_in_order(pg, &page).unwrap().len(), 30);
    let mut ids = (Vec::new(), Vec::new());
    Reading::for_each_article(local, &mut |a| ids.0.push(a.article.id)).unwrap();
    Reading::for_each_article(pg, &mut |a| ids.1.push(a.article.id)).unwrap();
    assert_eq!(ids.0, ids.1, "every article, in canonical order");
    let story_ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    assert_eq!(
        Reading::story_times(pg, &story_ids).unwrap().len(),
        rows.len()
    );
    assert!(Reading::stories_changed(pg).unwrap().is_some());
    assert!(Reading::data_version(pg).unwrap() > 0);
}

/// Every hit of a search (all its pages), as sorted `kind id story speaker snippet`
/// lines (a quote's id is its article's).
fn found(index: &search::SearchIndex, text: &str, kind: Option<search::Kind>) -> Vec<String> {
    let mut out = Vec::new();
    let mut offset = 0;
    loop {
        let page = index
            .search(&search::SearchQuery {
                text: text.into(),
                kind,
                offset,
                limit: search::MAX_LIMIT,
                ..search::SearchQuery::default()
            })
            .unwrap();
        for h in &page.hits {
            out.push(format!(
                "{:?} {} {:?} {:?} {}",
                h.kind, h.id, h.story_id, h.speaker, h.snippet.text
            ));
        }
        offset += page.hits.len();
        if page.hits.is_empty() || offset >= page.total {
            assert_eq!(out.len(), page.total, "{text:?}");
            out.sort();
            return out;
        }
    }
}

/// Test 6 of the issue: `chorus serve` reads the shared store while two workers and the
/// sequencer write it, under a bounded concurrent load (four clients, one request at a
/// time each): no answer is a server error, and what the clients see only grows (the
/// stored articles, the articles search finds); once the backfill is over, the server
/// shows every story and finds every article.
#[test]
fn serve_reads_the_shared_store_during_a_backfill() {
    let Some(url) = fresh_database("serve_reads_the_shared_store_during_a_backfill") else {
        return;
    };
    let started = Instant::now();
    let tmp = tempfile::tempdir().unwrap();
    let files = inputs(tmp.path(), 150);
    let config = Config::default();
    PgStore::migrate(&url).unwrap();
    let mut pg = PgStore::open(&url).unwrap();
    pg.enqueue(&files, 3).unwrap();

    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    let shared = {
        let url = url.clone();
        serve::SharedStore {
            name: "the test cluster".into(),
            connect: Arc::new(move || Ok(Box::new(PgStore::open(&url)?) as serve::Reader)),
        }
    };
    let serve_config = serve::ServeConfig {
        data: tmp.path().join("replica"),
        shared: Some(shared),
        refresh: Duration::from_millis(100),
        token: Some("test-token-0123456789".into()),
        ..serve::ServeConfig::default()
    };
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = std::thread::spawn(move || {
        let rt = tokio::runtime::Runtime::new().unwrap();
        let shutdown = async move {
            let _ = stopped.await;
        };
        rt.block_on(serve::serve(listener, serve_config, shutdown))
            .unwrap();
    });
    let health = |c: &mut Conn| -> serde_json::Value {
        let r = c.get("/api/health").unwrap();
        assert_eq!(r.status, 200, "{}", r.text());
        serde_json::from_slice(&r.body).unwrap()
    };
    let mut probe = Conn::when_up(&addr, Duration::from_secs(30)).expect("the server comes up");
    // Writes through the server are refused: the shared store is written by workers.
    let refused = Conn::connect(&addr)
        .unwrap()
        .with_token("test-token-0123456789")
        .request(
            "POST",
            "/api/ingest",
            Some("text/plain"),
            b"A made-up sentence.",
        )
        .unwrap();
    assert_eq!(refused.status, 403, "{}", refused.text());

    let writing = Arc::new(AtomicBool::new(true));
    let clients: Vec<_> = (0..4)
        .map(|i| {
            let addr = addr.clone();
            let writing = Arc::clone(&writing);
            std::thread::spawn(move || load(&addr, i, &writing))
        })
        .collect();
    let workers = {
        let (url, config) = (url.clone(), config.clone());
        std::thread::spawn(move || worker::run(&url, &workers(2), &config).unwrap())
    };
    let sequenced = sequencer::run(&url, &until_idle(), &config).unwrap();
    let done = workers.join().unwrap();
    assert_eq!((done.done, done.dead), (files.len(), 0), "{done:?}");
    // The workers may have finished after the sequencer's last look.
    let sequenced_late = sequencer::run(&url, &until_idle(), &config).unwrap();
    let stories = pg.story_count().unwrap();
    let articles = pg.article_count().unwrap();
    // The replica's index follows within a few refreshes.
    let searched = loop {
        let r = probe.get("/api/search?kind=article&limit=1").unwrap();
        assert_eq!(r.status, 200);
        let total = serde_json::from_slice::<serde_json::Value>(&r.body).unwrap()["total"]
            .as_u64()
            .unwrap() as usize;
        if total == articles || started.elapsed() > Duration::from_secs(100) {
            break total;
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    writing.store(false, Ordering::Relaxed);
    let seen: Vec<Seen> = clients.into_iter().map(|c| c.join().unwrap()).collect();

    assert_eq!(
        searched, articles,
        "the replica's index finds every article"
    );
    assert_eq!(
        health(&mut probe)["articles"].as_u64(),
        Some(articles as u64)
    );
    let list: serde_json::Value =
        serde_json::from_slice(&probe.get("/api/stories?limit=1").unwrap().body).unwrap();
    assert_eq!(list["total"].as_u64(), Some(stories as u64));
    let requests: usize = seen.iter().map(|s| s.requests).sum();
    let while_writing: usize = seen.iter().map(|s| s.while_growing).sum();
    eprintln!(
        "{} files, {articles} articles, {stories} stories; {requests} requests, {while_writing} \
         of them while the counts grew; story total fell {} times (folds); sequencer {sequenced:?} \
         then {sequenced_late:?}; {:.1} s",
        files.len(),
        seen.iter().map(|s| s.story_total_fell).sum::<usize>(),
        started.elapsed().as_secs_f64()
    );
    assert!(
        seen.iter().all(|s| s.requests >= 10),
        "every client was served: {:?}",
        seen.iter().map(|s| s.requests).collect::<Vec<_>>()
    );
    assert!(while_writing > 0, "some reads saw the store grow");
    drop(probe);
    let _ = stop.send(());
    server.join().unwrap();
}

/// What one load client saw.
#[derive(Debug, Default)]
struct Seen {
    requests: usize,
    /// Requests answered between two different article counts.
    while_growing: usize,
    story_total_fell: usize,
}

/// One client of test 6: the routes a reader uses, one request at a time, until
/// `writing` ends; every answer must be below 500, and the article count and the
/// articles search finds must never go down.
fn load(addr: &str, client: usize, writing: &AtomicBool) -> Seen {
    let mut c = Conn::connect(addr).unwrap();
    let mut seen = Seen::default();
    let (mut articles, mut searched, mut stories) = (0u64, 0u64, 0u64);
    let mut story: Option<String> = None;
    let mut article: Option<String> = None;
    let get = |c: &mut Conn, path: &str| -> Option<serde_json::Value> {
        let r = c.get(path).unwrap();
        assert!(r.status < 500, "{path}: {} {}", r.status, r.text());
        if r.status != 200 {
            return None;
        }
        Some(serde_json::from_slice(&r.body).unwrap_or(serde_json::Value::Null))
    };
    let mut step = client;
    while writing.load(Ordering::Relaxed) {
        step += 1;
        seen.requests += 1;
        match step % 6 {
            0 => {
                let h = get(&mut c, "/api/health").unwrap();
                let n = h["articles"].as_u64().unwrap();
                assert!(n >= articles, "articles went down: {articles} then {n}");
                if n > articles && articles > 0 {
                    seen.while_growing += 1;
                }
                articles = n;
            }
            1 => {
                let page = get(&mut c, "/api/stories?limit=20").unwrap();
                let n = page["total"].as_u64().unwrap();
                if n < stories {
                    seen.story_total_fell += 1;
                }
                stories = n;
                story = page["stories"][0]["id"].as_str().map(str::to_string);
            }
            2 => {
                let hits = get(&mut c, "/api/search?kind=article&limit=5").unwrap();
                let n = hits["total"].as_u64().unwrap();
                assert!(
                    n >= searched,
                    "search found fewer articles: {searched} then {n}"
                );
                searched = n;
                article = hits["hits"][0]["id"].as_str().map(str::to_string);
            }
            3 => {
                if let Some(id) = &story {
                    // A story can fold into another between two requests (a 404).
                    if let Some(b) = get(
                        &mut c,
                        &format!("/api/stories/{}", serve::page::url_part(id)),
                    ) {
                        assert!(b["article_count"].as_u64().unwrap() >= 1);
                    }
                    let r = c
                        .get(&format!("/stories/{}", serve::page::url_part(id)))
                        .unwrap();
                    assert!(r.status < 500, "{}", r.status);
                }
            }
            4 => {
                if let Some(id) = &article {
                    get(
                        &mut c,
                        &format!("/api/articles/{}", serve::page::url_part(id)),
                    );
                }
            }
            _ => {
                let r = c.get("/").unwrap();
                assert!(r.status < 500, "{}", r.status);
                let r = c.get("/search?q=port").unwrap();
                assert!(r.status < 500, "{}", r.status);
            }
        }
    }
    seen
}
