//! The shared PostgreSQL store end to end, on a throwaway cluster (skipped where
//! PostgreSQL is not installed): a worker killed with SIGKILL while it holds a job's
//! lease loses nothing; another worker finishes the job, every article is stored once
//! and in one story; sequencers killed with SIGKILL at staggered moments are replaced
//! by their standby; and the stories are those of a local ingest of the same files, as
//! `chorus stories` and `chorus brief` show them from either store.

use std::path::Path;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use pgstore::PgStore;
use testkit::pg::Cluster;

use crate::{chorus, run, stderr, stdout, write_batch};

fn pg(url: &str, args: &[&str]) -> std::process::Output {
    let out = chorus()
        .args(args)
        .args(["--store", url])
        .env_remove("CHORUS_STORE")
        .output()
        .expect("chorus runs");
    assert!(out.status.success(), "chorus {args:?}: {}", stderr(&out));
    out
}

fn spawn_worker(url: &str, extra: &[&str]) -> Child {
    chorus()
        .args(["worker", "--store", url, "--lease", "1.5"])
        .args(extra)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chorus worker starts")
}

fn spawn_sequencer(url: &str) -> Child {
    chorus()
        .args(["sequence", "--until-idle", "--store", url])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chorus sequence starts")
}

/// The process id of the sequencer among `ours` inside a round (holding the sequencer
/// lock, in a transaction), once there is one; `None` when everything got sequenced first.
fn sequencer_in_round(store: &mut PgStore, total: usize, ours: &[u32]) -> Option<u32> {
    let started = Instant::now();
    loop {
        let rows = store
            .client()
            .query(
                "SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
                 WHERE l.locktype = 'advisory' AND l.granted AND a.xact_start IS NOT NULL
                   AND a.application_name LIKE 'chorus sequence %'",
                &[],
            )
            .unwrap();
        // A sequencer killed a moment ago may still hold the lock: its server process
        // ends only once it notices the client is gone. Only a live one counts.
        let active = rows.iter().find_map(|r| {
            let name: String = r.get(0);
            let pid: u32 = name.rsplit(' ').next()?.parse().ok()?;
            ours.contains(&pid).then_some(pid)
        });
        if active.is_some() {
            return active;
        }
        if store.unsequenced_count().unwrap() < total {
            return None;
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "no sequencer started a round"
        );
        std::thread::sleep(Duration::from_millis(2));
    }
}

/// The stories of a store as (members, brief JSON), in story-list order.
fn pg_stories(store: &mut PgStore) -> Vec<(Vec<String>, String)> {
    let rows = store.stories().unwrap();
    rows.iter()
        .map(|r| {
            let brief = store.brief(&r.id).unwrap().unwrap();
            (
                store.story_article_ids(&r.id).unwrap(),
                serde_json::to_string(&brief).unwrap(),
            )
        })
        .collect()
}

fn sqlite_stories(data: &Path) -> Vec<(Vec<String>, String)> {
    let store = store::Store::open(data).unwrap();
    let rows = store.stories().unwrap();
    rows.iter()
        .map(|r| {
            let brief = store.brief(&r.id).unwrap().unwrap();
            (
                store.story_article_ids(&r.id).unwrap(),
                serde_json::to_string(&brief).unwrap(),
            )
        })
        .collect()
}

#[test]
fn a_killed_worker_loses_nothing_and_another_finishes_its_job() {
    let Some(cluster) =
        Cluster::start_or_skip("a_killed_worker_loses_nothing_and_another_finishes_its_job")
    else {
        return;
    };
    let url = cluster.url();
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.jsonl");
    write_batch(&big, "big", 600);
    let mut files = vec![big.clone()];
    for i in 0..4 {
        let f = dir.path().join(format!("small-{i}.jsonl"));
        write_batch(&f, &format!("small{i}"), 30);
        files.push(f);
    }
    let total = 600 + 4 * 30;

    pg(&url, &["db", "migrate"]);
    let mut args = vec!["enqueue"];
    args.extend(files.iter().map(|f| f.to_str().unwrap()));
    pg(&url, &args);
    // And an archive that cannot be read, which ends dead after two attempts.
    let broken = dir.path().join("broken.warc.gz");
    std::fs::write(&broken, b"\x1f\x8b not a gzip stream").unwrap();
    pg(
        &url,
        &["enqueue", "--max-attempts", "2", broken.to_str().unwrap()],
    );
    let mut store = PgStore::open(&url).unwrap();

    // The first worker takes the big job (the first enqueued) and is killed holding it.
    let mut first = spawn_worker(&url, &[]);
    let started = Instant::now();
    loop {
        let jobs = store.jobs().unwrap();
        if jobs[0].state == "running" {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the worker never claimed a job: {jobs:?}"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    first.kill().unwrap(); // SIGKILL on Unix.
    first.wait().unwrap();
    let jobs = store.jobs().unwrap();
    assert_eq!(
        (jobs[0].state.as_str(), jobs[0].attempt),
        ("running", 1),
        "the big job must be held by the killed worker"
    );

    // Two workers and the sequencer finish everything.
    let second = spawn_worker(&url, &["--until-idle"]);
    let third = spawn_worker(&url, &["--until-idle"]);
    for mut w in [second, third] {
        assert!(w.wait().unwrap().success());
    }
    // Test 4 of the issue: two sequencers, one active and one standing by; five times,
    // the active one is killed a moment after it started a round (a new one takes its
    // place as the standby), then the last two finish.
    let mut sequencers: Vec<Child> = (0..2).map(|_| spawn_sequencer(&url)).collect();
    let mut mid_round = 0;
    for ms in [0u64, 40, 10, 80, 20] {
        let ours: Vec<u32> = sequencers.iter().map(Child::id).collect();
        let Some(pid) = sequencer_in_round(&mut store, total, &ours) else {
            break;
        };
        std::thread::sleep(Duration::from_millis(ms));
        let victim = sequencers
            .iter_mut()
            .find(|c| c.id() == pid)
            .expect("the active sequencer is one of ours");
        victim.kill().unwrap(); // SIGKILL on Unix.
        victim.wait().unwrap();
        // Nothing sequenced yet: its round died with its transaction.
        if store.unsequenced_count().unwrap() == total {
            mid_round += 1;
        }
        *victim = spawn_sequencer(&url);
    }
    for mut s in sequencers {
        assert!(s.wait().unwrap().success());
    }
    assert!(
        mid_round >= 3,
        "only {mid_round} kills came before the first round committed"
    );

    let jobs = store.jobs().unwrap();
    let (dead, jobs) = jobs.split_last().unwrap();
    assert!(jobs.iter().all(|j| j.state == "done"), "{jobs:?}");
    assert_eq!((dead.state.as_str(), dead.attempt), ("dead", 2), "{dead:?}");
    assert_eq!(jobs[0].attempt, 2, "the big job was taken over once");
    assert_eq!(store.article_count().unwrap(), total);
    assert_eq!(store.unsequenced_count().unwrap(), 0);
    let stories = pg_stories(&mut store);
    let mut members: Vec<&String> = stories.iter().flat_map(|(m, _)| m).collect();
    members.sort();
    members.dedup();
    assert_eq!(members.len(), total, "every article in exactly one story");
    assert_eq!(stories.iter().map(|(m, _)| m.len()).sum::<usize>(), total);

    // The same files through a local ingest give the same stories and briefs.
    let data = dir.path().join("data");
    let mut args = vec!["ingest", "--quiet"];
    args.extend(files.iter().map(|f| f.to_str().unwrap()));
    let out = run(&data, &args);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stories, sqlite_stories(&data));

    let listed = stdout(&pg(&url, &["jobs"]));
    assert!(
        listed.starts_with("0 queued, 0 running, 5 done, 1 dead; 0 articles waiting"),
        "{listed}"
    );
    let line = listed.lines().nth(1).unwrap_or_default();
    assert!(
        line.starts_with("dead    attempt 2/2  ") && line.ends_with("broken.warc.gz"),
        "{listed}"
    );
    assert!(
        listed
            .lines()
            .nth(2)
            .is_some_and(|l| l.contains("broken.warc.gz#record1")),
        "{listed}"
    );
    let listed = stdout(&pg(&url, &["jobs", "--json"]));
    assert_eq!(listed.lines().count(), 6, "{listed}");
    let checked = pg(&url, &["check"]);
    assert!(
        stdout(&checked).starts_with(&format!("{total} articles, ")),
        "{}",
        stdout(&checked)
    );
    assert!(
        !stdout(&checked).contains("problem"),
        "{}",
        stdout(&checked)
    );

    // `stories` and `brief` read either store alike.
    let shared = pg(&url, &["stories", "--json"]);
    let local = run(&data, &["stories", "--json"]);
    assert!(local.status.success(), "{}", stderr(&local));
    assert_eq!(stdout(&shared), stdout(&local));
    let story_lines = stdout(&local);
    let first: serde_json::Value =
        serde_json::from_str(stdout(&shared).lines().next().unwrap()).unwrap();
    let id = first["id"].as_str().unwrap();
    let shared = pg(&url, &["brief", id, "--format", "json"]);
    let local = run(&data, &["brief", id, "--format", "json"]);
    assert_eq!(stdout(&shared), stdout(&local));
    let missing = chorus()
        .args(["brief", "s-none", "--store", &url])
        .output()
        .unwrap();
    assert!(!missing.status.success());
    assert!(
        stderr(&missing).contains("no story"),
        "{}",
        stderr(&missing)
    );

    // `serve --store` shows the same story list and brief; it takes no writes, and
    // stops on SIGTERM.
    let mut server = chorus()
        .args(["serve", "--addr", "127.0.0.1:0", "--store", &url, "--data"])
        .arg(dir.path().join("replica"))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let (addr, _) = crate::served_address(server.stdout.take().unwrap());
    let mut c = serve::client::Conn::connect(&addr).unwrap();
    let mut served: Vec<String> = Vec::new();
    loop {
        let path = format!("/api/stories?limit=100&offset={}", served.len());
        let page: serde_json::Value = serde_json::from_slice(&c.get(&path).unwrap().body).unwrap();
        let stories = page["stories"].as_array().unwrap();
        if stories.is_empty() {
            break;
        }
        served.extend(
            stories
                .iter()
                .map(|s| s["id"].as_str().unwrap().to_string()),
        );
    }
    let listed: Vec<String> = story_lines
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["id"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(served, listed);
    let brief: serde_json::Value =
        serde_json::from_slice(&c.get(&format!("/api/stories/{id}")).unwrap().body).unwrap();
    assert_eq!(brief["id"].as_str(), Some(id));
    let found: serde_json::Value =
        serde_json::from_slice(&c.get("/api/search?kind=article&limit=1").unwrap().body).unwrap();
    assert_eq!(found["total"].as_u64(), Some(total as u64));
    let refused = c
        .request("POST", "/api/ingest?id=x", Some("text/plain"), b"Words.")
        .unwrap();
    assert!(matches!(refused.status, 401 | 403), "{}", refused.status);
    let pid = server.id().to_string();
    assert!(std::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap()
        .success());
    assert!(server.wait().unwrap().success());
}

/// Test 3 of the issue: a worker stopped (SIGSTOP) while it holds a job, past its lease,
/// and resumed after another worker finished the job: its commit is refused, and
/// nothing stored changes.
#[test]
fn a_paused_worker_resumed_after_a_takeover_is_refused() {
    let Some(cluster) =
        Cluster::start_or_skip("a_paused_worker_resumed_after_a_takeover_is_refused")
    else {
        return;
    };
    let url = cluster.url();
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.jsonl");
    write_batch(&big, "big", 400);
    pg(&url, &["db", "migrate"]);
    pg(&url, &["enqueue", big.to_str().unwrap()]);
    let mut store = PgStore::open(&url).unwrap();

    let paused = chorus()
        .args(["worker", "--until-idle", "--lease", "1", "--store", &url])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while store.jobs().unwrap()[0].state != "running" {
        assert!(started.elapsed() < Duration::from_secs(60), "never claimed");
        std::thread::sleep(Duration::from_millis(5));
    }
    let signal = |sig: &str| {
        let status = std::process::Command::new("kill")
            .args([sig, &paused.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success(), "kill {sig}");
    };
    signal("-STOP");
    let out = chorus()
        .args(["worker", "--until-idle", "--lease", "1", "--store", &url])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let jobs = store.jobs().unwrap();
    assert_eq!((jobs[0].state.as_str(), jobs[0].attempt), ("done", 2));
    assert_eq!(store.article_count().unwrap(), 400);

    signal("-CONT");
    let out = paused.wait_with_output().unwrap();
    let said = stderr(&out);
    assert!(out.status.success(), "{said}");
    assert!(
        said.contains("0 jobs done") && said.contains("1 results refused"),
        "{said}"
    );
    let after = store.jobs().unwrap();
    assert_eq!(after, jobs, "the refused worker changed the job");
    assert_eq!(store.article_count().unwrap(), 400);
}
