//! The shared store on a throwaway PostgreSQL cluster (skipped, with a message, where
//! PostgreSQL is not installed): the same stories as a local ingest, dead jobs, and the
//! fencing of a worker that lost its lease.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use engine::{Config, Event};
use pgstore::queue;
use pgstore::sequencer::{self, SequencerOptions};
use pgstore::worker::{self, WorkerOptions};
use pgstore::{PgError, PgStore};
use postgres::{Client, NoTls};
use testkit::pg::Cluster;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The sample corpus's files, and, when `../shared/data` is present, up to `n` BASIL
/// articles cut into files of 25 JSON lines.
fn inputs(dir: &Path, n: usize) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(repo().join("corpus/sample"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| !p.file_name().unwrap().to_string_lossy().starts_with('.'))
        .collect();
    files.sort();
    let basil = repo().join("../shared/data/cluster/basil_articles.jsonl");
    match std::fs::read_to_string(&basil) {
        Ok(text) => {
            let records = testkit::basil_records(&text, n);
            for (i, part) in records.chunks(25).enumerate() {
                let file = dir.join(format!("basil-{i:02}.jsonl"));
                std::fs::write(&file, part.join("\n")).unwrap();
                files.push(file);
            }
        }
        Err(_) => eprintln!(
            "note: {} is absent; the sample corpus only",
            basil.display()
        ),
    }
    files
}

fn workers(n: usize) -> WorkerOptions {
    WorkerOptions {
        threads: n,
        until_idle: true,
        lease: Duration::from_secs(10),
        poll: Duration::from_millis(50),
        name: "test".into(),
    }
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
    let Some(cluster) =
        Cluster::start_or_skip("workers_and_sequencer_give_the_stories_of_a_local_ingest")
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

    let url = cluster.url();
    assert!(PgStore::migrate(&url).unwrap());
    assert!(
        !PgStore::migrate(&url).unwrap(),
        "a second migration does nothing"
    );
    let mut pg = PgStore::open(&url).unwrap();
    let report = pg.enqueue(&files, 3).unwrap();
    assert_eq!((report.added, report.existing), (files.len(), 0));
    assert!(report.failures.is_empty(), "{:?}", report.failures);
    let done = worker::run(&url, &workers(2), &config).unwrap();
    assert_eq!(done.done, files.len(), "{done:?}");
    assert_eq!(done.dead, 0);
    let seq = sequencer::run(&url, &until_idle(), &config).unwrap();
    assert!(seq.articles > 0);

    assert_eq!(pg.article_count().unwrap(), local.article_count().unwrap());
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

    // The same files again: no new job, no new work, the same stories.
    let again = pg.enqueue(&files, 3).unwrap();
    assert_eq!((again.added, again.existing), (0, files.len()));
    let idle = worker::run(&url, &workers(2), &config).unwrap();
    assert_eq!(idle, worker::WorkerReport::default());
    let seq = sequencer::run(&url, &until_idle(), &config).unwrap();
    assert_eq!(seq.articles, 0);
    assert_eq!(pg_result(&mut pg), (local_rows, local_briefs));

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
    let Some(cluster) = Cluster::start_or_skip("a_corrupt_input_ends_dead_and_the_rest_completes")
    else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let broken = tmp.path().join("broken.warc.gz");
    std::fs::write(&broken, b"\x1f\x8b\x08\x00 this is no gzip stream at all").unwrap();
    let good = repo().join("corpus/sample/northgate-tribune-port-talks.html");
    let url = cluster.url();
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
    let Some(cluster) = Cluster::start_or_skip("a_worker_that_lost_its_lease_is_fenced_out") else {
        return;
    };
    let url = cluster.url();
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
