//! The job queue: enqueue, claim with a lease, heartbeat, complete or fail.
//!
//! A claim takes the oldest claimable job (queued, or running with an expired lease)
//! with `FOR UPDATE SKIP LOCKED`, so concurrent workers never wait for each other and
//! never take the same job, and raises its attempt number. Every later write of the
//! claim (heartbeat, completion, failure) names that attempt and is refused once the job
//! was claimed again: a worker paused past its lease cannot overwrite the work of the
//! worker that took the job over.

use std::io::Read;
use std::path::PathBuf;
use std::time::Duration;

use ingest::{Failure, Input};
use model::AnalyzedArticle;
use postgres::Client;

use crate::{encode, EnqueueReport, PgError, Result};

/// A job claimed by a worker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claim {
    pub id: String,
    /// The input file's path.
    pub input: String,
    /// This claim's attempt number (1 for the first).
    pub attempt: i32,
    pub max_attempts: i32,
    /// The job's place in the queue: an article read by two jobs is kept from the earlier.
    pub ord: i64,
}

/// An article a worker extracted and analysed, ready to commit.
#[derive(Debug, Clone)]
pub struct Processed {
    pub doc: AnalyzedArticle,
    /// The content hash of the raw document ([`engine::content_hash`]).
    pub hash: String,
    /// Where it was read from.
    pub source: String,
}

/// What a worker made of a job's input.
#[derive(Debug, Clone, Default)]
pub struct Output {
    pub articles: Vec<Processed>,
    /// Documents of the input that could not be read, extracted or analysed.
    pub failures: Vec<Failure>,
}

/// Enqueues one job per input file under `paths` (see [`crate::PgStore::enqueue`]).
pub(crate) fn enqueue(
    client: &mut Client,
    paths: &[PathBuf],
    max_attempts: i32,
) -> Result<EnqueueReport> {
    let (inputs, failures) = ingest::discover(paths);
    let mut report = EnqueueReport {
        failures,
        ..EnqueueReport::default()
    };
    let mut jobs = Vec::with_capacity(inputs.len());
    for input in inputs {
        let Input::File(path) = &input else {
            report.failures.push(Failure {
                source: input.name(),
                reason: "standard input cannot be a job; save it to a file".into(),
            });
            continue;
        };
        match job_of(path) {
            Ok(job) => jobs.push(job),
            Err(reason) => report.failures.push(Failure {
                source: input.name(),
                reason,
            }),
        }
    }
    let mut tx = client.transaction()?;
    let insert = tx.prepare(
        "INSERT INTO jobs (id, kind, input, max_attempts) VALUES ($1, 'file', $2, $3)
         ON CONFLICT (id) DO NOTHING",
    )?;
    for (id, input) in &jobs {
        if tx.execute(&insert, &[id, input, &max_attempts.max(1)])? == 1 {
            report.added += 1;
        } else {
            report.existing += 1;
        }
    }
    tx.commit()?;
    Ok(report)
}

/// A job's id and input: the absolute path, and an id hashed from the path and the
/// file's content.
fn job_of(path: &std::path::Path) -> std::result::Result<(String, String), String> {
    let absolute = std::fs::canonicalize(path).map_err(|e| e.to_string())?;
    let Some(text) = absolute.to_str() else {
        return Err("the path is not UTF-8, which a job cannot name".into());
    };
    let mut file = std::fs::File::open(&absolute).map_err(|e| e.to_string())?;
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    let mut buf = vec![0u8; 1 << 16];
    loop {
        match file.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => hasher.update(&buf[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e.to_string()),
        }
    }
    let mut key = text.as_bytes().to_vec();
    key.push(0x1f);
    key.extend_from_slice(&hasher.digest().to_le_bytes());
    Ok((format!("j{:016x}", text::hash64(&key)), text.to_string()))
}

/// Marks dead the running jobs whose lease expired on their last attempt.
fn reap(client: &mut Client) -> Result<u64> {
    Ok(client.execute(
        "UPDATE jobs SET state = 'dead', lease_until = NULL, finished_at = now(),
           last_error = 'the lease of attempt ' || attempt || ' (worker '
             || coalesce(worker, '?') || ') expired' || coalesce('; before: ' || last_error, '')
         WHERE state = 'running' AND lease_until < now() AND attempt >= max_attempts",
        &[],
    )?)
}

/// Claims the oldest claimable job for `worker` with a lease of `lease`: a queued job,
/// or a running one whose lease expired (its worker died or stalled). `None` when there
/// is none.
pub fn claim(client: &mut Client, worker: &str, lease: Duration) -> Result<Option<Claim>> {
    reap(client)?;
    let row = client.query_opt(
        "UPDATE jobs SET state = 'running', attempt = attempt + 1, worker = $1,
           lease_until = now() + $2::float8 * interval '1 second'
         WHERE id = (
           SELECT id FROM jobs
           WHERE state IN ('queued', 'running')
             AND (state = 'queued' OR lease_until < now())
             AND attempt < max_attempts
           ORDER BY ord
           FOR UPDATE SKIP LOCKED
           LIMIT 1)
         RETURNING id, input, attempt, max_attempts, ord",
        &[&worker, &lease.as_secs_f64()],
    )?;
    Ok(row.map(|r| Claim {
        id: r.get(0),
        input: r.get(1),
        attempt: r.get(2),
        max_attempts: r.get(3),
        ord: r.get(4),
    }))
}

/// Extends the lease of a claim; `false` when the job is no longer this claim's (taken
/// over, or already finished).
pub fn heartbeat(client: &mut Client, claim: &Claim, lease: Duration) -> Result<bool> {
    heartbeat_of(client, &claim.id, claim.attempt, lease)
}

pub(crate) fn heartbeat_of(
    client: &mut Client,
    id: &str,
    attempt: i32,
    lease: Duration,
) -> Result<bool> {
    Ok(client.execute(
        "UPDATE jobs SET lease_until = now() + $3::float8 * interval '1 second'
         WHERE id = $1 AND attempt = $2 AND state = 'running'",
        &[&id, &attempt, &lease.as_secs_f64()],
    )? == 1)
}

/// Commits a job's articles and its completion in one transaction, if the job is still
/// this claim's; otherwise nothing is written and [`PgError::Fenced`] is returned.
/// An article stored with the same content is left alone; one stored from a later job
/// is replaced (the earlier job's copy wins, as in a local ingest, where the first
/// input read wins); one stored from an earlier job is kept, unless that job read the
/// same input (enqueued again with other content). Returns the number of articles
/// written.
pub fn complete(client: &mut Client, claim: &Claim, output: &Output) -> Result<usize> {
    let mut tx = client.transaction()?;
    let row = tx.query_opt(
        "SELECT attempt, state FROM jobs WHERE id = $1 FOR UPDATE",
        &[&claim.id],
    )?;
    let current = row.map(|r| (r.get::<_, i32>(0), r.get::<_, String>(1)));
    if current != Some((claim.attempt, "running".to_string())) {
        return Err(PgError::Fenced {
            job: claim.id.clone(),
            attempt: claim.attempt,
        });
    }
    let put = tx.prepare(
        "INSERT INTO articles (id, hash, source, published, article, annotations, job_ord)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (id) DO UPDATE SET hash = excluded.hash, source = excluded.source,
           published = excluded.published, article = excluded.article,
           annotations = excluded.annotations, job_ord = excluded.job_ord
         WHERE articles.job_ord > excluded.job_ord
            OR (articles.hash <> excluded.hash
                AND (articles.job_ord = excluded.job_ord
                     OR (SELECT input FROM jobs WHERE ord = articles.job_ord) = $8))",
    )?;
    // In id order, so two workers writing the same ids lock them in the same order.
    let mut order: Vec<&Processed> = output.articles.iter().collect();
    order.sort_by(|a, b| a.doc.article.id.cmp(&b.doc.article.id));
    let mut written = 0;
    for p in order {
        let a = &p.doc.article;
        written += tx.execute(
            &put,
            &[
                &a.id,
                &p.hash,
                &p.source,
                &a.published.map(|d| d.to_string()),
                &encode(a),
                &encode(&p.doc.annotations),
                &claim.ord,
                &claim.input,
            ],
        )? as usize;
    }
    tx.execute("DELETE FROM job_failures WHERE job_id = $1", &[&claim.id])?;
    let note =
        tx.prepare("INSERT INTO job_failures (job_id, source, reason) VALUES ($1, $2, $3)")?;
    for f in &output.failures {
        tx.execute(&note, &[&claim.id, &f.source, &f.reason])?;
    }
    tx.execute(
        "UPDATE jobs SET state = 'done', lease_until = NULL, last_error = NULL,
           articles = $2, finished_at = now()
         WHERE id = $1",
        &[&claim.id, &(written as i32)],
    )?;
    tx.commit()?;
    Ok(written)
}

/// Records a failed attempt: the job is queued again, or `dead` with `reason` after its
/// last attempt. Returns the job's new state (`queued` or `dead`), or `None` when the job
/// was no longer this claim's (nothing is written then).
pub fn fail(client: &mut Client, claim: &Claim, reason: &str) -> Result<Option<String>> {
    let row = client.query_opt(
        "UPDATE jobs SET
           state = CASE WHEN attempt >= max_attempts THEN 'dead' ELSE 'queued' END,
           finished_at = CASE WHEN attempt >= max_attempts THEN now() END,
           lease_until = NULL, last_error = $3
         WHERE id = $1 AND attempt = $2 AND state = 'running'
         RETURNING state",
        &[&claim.id, &claim.attempt, &reason],
    )?;
    Ok(row.map(|r| r.get(0)))
}

/// The number of jobs still to do: queued, or running.
pub fn open_jobs(client: &mut Client) -> Result<i64> {
    Ok(client
        .query_one(
            "SELECT count(*) FROM jobs WHERE state IN ('queued', 'running')",
            &[],
        )?
        .get(0))
}
