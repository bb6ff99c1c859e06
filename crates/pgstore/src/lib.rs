//! PostgreSQL as the shared store and the work queue: the edge that lets Chorus run on
//! many machines.
//!
//! - [`PgStore::migrate`] creates (or checks) the schema: the `jobs` queue, the articles
//!   the workers write, and the tables the sequencer writes (stories, members, the story
//!   list's keys, the streaming state). The format version lives in `chorus_meta`.
//! - [`PgStore::enqueue`] adds one job per input file, its id derived from the file's
//!   path and content, so enqueueing the same files again changes nothing.
//! - A worker ([`worker::run`]) claims a job with `FOR UPDATE SKIP LOCKED` and a lease,
//!   keeps the lease alive by heartbeats, reads, extracts and analyses the job's file
//!   with the engine's per-document code, and commits the job's articles and its
//!   completion in one transaction ([`queue::complete`]). The attempt number taken with
//!   the claim fences a worker that lost its lease: its late commit is refused. A job
//!   that fails `max_attempts` times is `dead`, with its reason.
//! - One sequencer ([`sequencer::run`]) holds an advisory lock, takes the articles not
//!   yet sequenced, and runs [`engine::sequence`] (the same code as `engine::ingest`'s
//!   corpus stages) over a [`store::Sequencing`] transaction of this store
//!   ([`sequencer::PgBatch`]), writing stories, briefs, the state and the "sequenced"
//!   marks in one transaction. A standby blocks on the lock and takes over when the
//!   active sequencer's session ends.
//!
//! Readers ([`PgStore::stories`], [`PgStore::story_page`], [`PgStore::brief`], ...)
//! answer everything `chorus serve` and its search index ask: [`store::Reading`] is the
//! same interface over both stores. Triggers keep a change log (format 2, see
//! [`MIGRATE_2`]) that each server's own search index follows, as with SQLite.

pub mod queue;
mod read;
pub mod sequencer;
pub mod worker;

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use model::{AnalyzedArticle, Brief};
use postgres::{Client, NoTls};
use store::StoryRow;

/// The schema version this build reads and writes.
///
/// History: 1 = the queue, articles, stories and their keys, the streaming state;
/// 2 = adds the change log readers follow (`changes`, written by triggers) and the
/// stories' times (`story_times`), for `chorus serve` ([`MIGRATE_2`]); 3 = records in
/// `chorus_meta` the width of the WARC record ids the store holds, `warc_id_bits`: 64
/// in a new database, 48 in one migrated from an older format, whose workers read
/// WARC files that way ([`PgStore::warc_id_bits`]).
pub const FORMAT_VERSION: i64 = 3;

/// What can go wrong with the PostgreSQL store.
#[derive(Debug, thiserror::Error)]
pub enum PgError {
    #[error("postgres: {0}")]
    Postgres(#[from] postgres::Error),
    #[error(transparent)]
    Store(#[from] store::StoreError),
    #[error(transparent)]
    Engine(#[from] engine::EngineError),
    #[error("the database has no Chorus schema; run `chorus db migrate --store URL` first")]
    NotMigrated,
    #[error("the database holds Chorus schema {found}, newer than this build reads ({FORMAT_VERSION}); upgrade chorus")]
    TooNew { found: i64 },
    #[error("the database holds Chorus schema {found}, older than this build reads ({FORMAT_VERSION}); run `chorus db migrate --store URL`")]
    TooOld { found: i64 },
    #[error("cannot enqueue {input}: {reason}")]
    Enqueue { input: String, reason: String },
    #[error("cannot read {input}: {reason}")]
    Input { input: String, reason: String },
    #[error(
        "job {job} was taken over by another worker (our attempt {attempt}); its result is dropped"
    )]
    Fenced { job: String, attempt: i32 },
    #[error("corrupt record {what}: {reason}")]
    Corrupt { what: String, reason: String },
}

/// A result of this crate.
pub type Result<T> = std::result::Result<T, PgError>;

/// The schema, created by [`PgStore::migrate`]. Ids compare bytewise (`COLLATE "C"`),
/// as in SQLite, so every order is the same on both stores. Dates are kept as
/// `YYYY-MM-DD` text, as in SQLite.
const SCHEMA: &str = r#"
CREATE TABLE jobs (
    id           text COLLATE "C" PRIMARY KEY,
    ord          bigserial NOT NULL UNIQUE,
    kind         text NOT NULL,
    input        text NOT NULL,
    state        text NOT NULL DEFAULT 'queued'
                 CHECK (state IN ('queued', 'running', 'done', 'dead')),
    attempt      integer NOT NULL DEFAULT 0,
    max_attempts integer NOT NULL CHECK (max_attempts > 0),
    lease_until  timestamptz,
    worker       text,
    last_error   text,
    articles     integer,
    enqueued_at  timestamptz NOT NULL DEFAULT now(),
    finished_at  timestamptz
);
CREATE INDEX jobs_open ON jobs (ord) WHERE state IN ('queued', 'running');
CREATE TABLE job_failures (
    job_id text COLLATE "C" NOT NULL REFERENCES jobs(id),
    source text NOT NULL,
    reason text NOT NULL
);
CREATE INDEX job_failures_job ON job_failures (job_id);
CREATE TABLE articles (
    id             text COLLATE "C" PRIMARY KEY,
    hash           text NOT NULL,
    source         text NOT NULL,
    published      text COLLATE "C",
    article        text NOT NULL,
    annotations    text NOT NULL,
    duplicate_of   text COLLATE "C",
    job_ord        bigint NOT NULL,
    sequenced_hash text
);
CREATE INDEX articles_unsequenced ON articles (id) WHERE sequenced_hash IS DISTINCT FROM hash;
CREATE TABLE stories (
    id              text COLLATE "C" PRIMARY KEY,
    headline        text NOT NULL,
    first_published text COLLATE "C",
    last_published  text COLLATE "C",
    article_count   integer NOT NULL,
    outlets         text NOT NULL,
    brief           text NOT NULL,
    seq             bigint
);
CREATE INDEX stories_seq ON stories (seq);
CREATE INDEX stories_recent ON stories (last_published DESC NULLS LAST, article_count DESC, id);
CREATE TABLE story_articles (
    story_id   text COLLATE "C" NOT NULL REFERENCES stories(id),
    article_id text COLLATE "C" NOT NULL,
    position   integer NOT NULL,
    PRIMARY KEY (story_id, article_id)
);
CREATE INDEX story_articles_article ON story_articles (article_id);
CREATE TABLE story_entities (
    key      text COLLATE "C" NOT NULL,
    story_id text COLLATE "C" NOT NULL REFERENCES stories(id),
    PRIMARY KEY (key, story_id)
);
CREATE INDEX story_entities_story ON story_entities (story_id);
CREATE TABLE story_outlets (
    key      text COLLATE "C" NOT NULL,
    story_id text COLLATE "C" NOT NULL REFERENCES stories(id),
    PRIMARY KEY (key, story_id)
);
CREATE INDEX story_outlets_story ON story_outlets (story_id);
CREATE TABLE state (
    name    text COLLATE "C" PRIMARY KEY,
    version bigint NOT NULL,
    data    text NOT NULL
);
CREATE TABLE state_log (
    seq        bigserial PRIMARY KEY,
    article_id text COLLATE "C" NOT NULL
);
"#;

/// From format 1 to 2: the change log and the stories' times.
///
/// The change log is what per-replica derived data (the search index of each `chorus
/// serve`) follows, as in the SQLite store: one row per article sequenced (its
/// `sequenced_hash` set, so an article enters the log once the sequencer has placed it
/// in a story) or deleted, and per story inserted, rewritten or deleted; the newest
/// 2^18 rows are kept. A reader remembers the last number it applied and reads the rows
/// after it, so numbers must become visible in order: every transaction that writes the
/// log first takes the transaction-level advisory lock "chorus:c"
/// (7163097744720214627) and holds it to its commit, so a later number is never
/// committed before an earlier one (numbers of rolled-back transactions are skipped).
/// Only the sequencer writes these rows, one round at a time, so the lock never waits
/// in practice; workers' article writes do not touch the log.
///
/// `story_times` records when each story last changed (article count or headline), as
/// the SQLite store's table of the same name does, for the live story list.
pub const MIGRATE_2: &str = r#"
CREATE TABLE changes (
    seq  bigserial PRIMARY KEY,
    kind text NOT NULL,
    id   text COLLATE "C" NOT NULL
);
CREATE FUNCTION chorus_log_change() RETURNS trigger LANGUAGE plpgsql AS $f$
DECLARE
    n bigint;
BEGIN
    PERFORM pg_advisory_xact_lock(7163097744720214627);
    IF TG_OP = 'DELETE' THEN
        INSERT INTO changes (kind, id) VALUES (TG_ARGV[0], OLD.id) RETURNING seq INTO n;
    ELSE
        INSERT INTO changes (kind, id) VALUES (TG_ARGV[0], NEW.id) RETURNING seq INTO n;
    END IF;
    IF n % 1024 = 0 THEN
        DELETE FROM changes WHERE seq <= n - 262144;
    END IF;
    RETURN NULL;
END
$f$;
CREATE TRIGGER changes_article_sequenced AFTER UPDATE OF sequenced_hash ON articles
    FOR EACH ROW WHEN (NEW.sequenced_hash IS DISTINCT FROM OLD.sequenced_hash)
    EXECUTE FUNCTION chorus_log_change('article');
CREATE TRIGGER changes_article_delete AFTER DELETE ON articles
    FOR EACH ROW EXECUTE FUNCTION chorus_log_change('article');
CREATE TRIGGER changes_story AFTER INSERT OR UPDATE OR DELETE ON stories
    FOR EACH ROW EXECUTE FUNCTION chorus_log_change('story');
CREATE TABLE story_times (
    story_id      text COLLATE "C" PRIMARY KEY,
    updated       bigint NOT NULL,
    article_count integer NOT NULL,
    headline      text NOT NULL
);
CREATE FUNCTION chorus_story_time() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
    INSERT INTO story_times AS t (story_id, updated, article_count, headline)
    VALUES (NEW.id, extract(epoch FROM now())::bigint, NEW.article_count, NEW.headline)
    ON CONFLICT (story_id) DO UPDATE SET updated = excluded.updated,
        article_count = excluded.article_count, headline = excluded.headline
    WHERE t.article_count <> excluded.article_count OR t.headline <> excluded.headline;
    RETURN NULL;
END
$f$;
CREATE TRIGGER story_times AFTER INSERT OR UPDATE OF article_count, headline ON stories
    FOR EACH ROW EXECUTE FUNCTION chorus_story_time();
"#;

/// The advisory lock `migrate` holds while it creates the schema ("chorus:m").
const MIGRATE_LOCK: i64 = 0x6368_6f72_7573_3a6d;

/// Below this many articles (by PostgreSQL's estimate) a status count is exact; above it,
/// the estimate: counting a million rows takes about a tenth of a second on this kind of
/// machine, and the cost grows with the table.
pub const STATUS_EXACT_BELOW: usize = 1_000_000;

/// A connection to the shared store.
pub struct PgStore {
    client: Client,
    url: String,
    /// The readers' prepared statements, by SQL text.
    statements: HashMap<String, postgres::Statement>,
}

impl PgStore {
    /// Connects to the database at `url` (`postgres://user@host:port/db` or a key=value
    /// string) and checks its schema.
    pub fn open(url: &str) -> Result<PgStore> {
        let mut store = PgStore::connect(url)?;
        match store.version()? {
            None => Err(PgError::NotMigrated),
            Some(v) if v > FORMAT_VERSION => Err(PgError::TooNew { found: v }),
            Some(v) if v < FORMAT_VERSION => Err(PgError::TooOld { found: v }),
            Some(_) => Ok(store),
        }
    }

    /// Creates the schema when the database has none, or brings an older one to
    /// [`FORMAT_VERSION`], under an advisory lock so two migrations at once do it once.
    /// Returns whether anything was created.
    pub fn migrate(url: &str) -> Result<bool> {
        let mut store = PgStore::connect(url)?;
        let mut tx = store.client.transaction()?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATE_LOCK])?;
        tx.batch_execute(
            "CREATE TABLE IF NOT EXISTS chorus_meta (key text PRIMARY KEY, value text NOT NULL)",
        )?;
        let found = tx
            .query_opt("SELECT value FROM chorus_meta WHERE key = 'format'", &[])?
            .map(|r| r.get::<_, String>(0));
        let (from, warc_id_bits) = match found.map(|v| parse_version(&v)).transpose()? {
            Some(v) if v > FORMAT_VERSION => return Err(PgError::TooNew { found: v }),
            Some(v) if v == FORMAT_VERSION => return Ok(false),
            // Its WARC records were read with the width of their time.
            Some(v) => (v, store::OLD_WARC_ID_BITS),
            None => {
                tx.batch_execute(SCHEMA)?;
                (1, store::NEW_WARC_ID_BITS)
            }
        };
        if from < 2 {
            tx.batch_execute(MIGRATE_2)?;
        }
        if from < 3 {
            tx.execute(
                "INSERT INTO chorus_meta (key, value) VALUES ('warc_id_bits', $1)
                 ON CONFLICT (key) DO NOTHING",
                &[&warc_id_bits.to_string()],
            )?;
        }
        tx.execute(
            "INSERT INTO chorus_meta (key, value) VALUES ('format', $1)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            &[&FORMAT_VERSION.to_string()],
        )?;
        tx.commit()?;
        Ok(true)
    }

    fn connect(url: &str) -> Result<PgStore> {
        let client = Client::connect(url, NoTls)?;
        Ok(PgStore {
            client,
            url: url.to_string(),
            statements: HashMap::new(),
        })
    }

    fn version(&mut self) -> Result<Option<i64>> {
        let exists: bool = self
            .client
            .query_one("SELECT to_regclass('chorus_meta') IS NOT NULL", &[])?
            .get(0);
        if !exists {
            return Ok(None);
        }
        self.client
            .query_opt("SELECT value FROM chorus_meta WHERE key = 'format'", &[])?
            .map(|r| parse_version(&r.get::<_, String>(0)))
            .transpose()
    }

    /// The width, in bits, of the WARC record ids this store holds (64 for a database
    /// created by this build, 48 for one created before the width was recorded), which
    /// workers read WARC files with, so enqueueing the same records again finds the
    /// same ids.
    pub fn warc_id_bits(&mut self) -> Result<u32> {
        warc_id_bits(&mut self.client)
    }

    /// The address this store was opened with.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The connection, for the queue's and the sequencer's own statements.
    pub fn client(&mut self) -> &mut Client {
        &mut self.client
    }

    /// Adds one job per input file under `paths` (directories are expanded as `ingest`
    /// does), each job's id derived from the file's absolute path and its content, so
    /// enqueueing the same files again adds nothing. Returns the inputs that were new,
    /// the inputs already queued, and the paths that could not be enqueued (unreadable,
    /// missing), which do not stop the others.
    pub fn enqueue(&mut self, paths: &[PathBuf], max_attempts: i32) -> Result<EnqueueReport> {
        queue::enqueue(&mut self.client, paths, max_attempts)
    }

    /// How many jobs are in each state.
    pub fn job_counts(&mut self) -> Result<BTreeMap<String, i64>> {
        let rows = self
            .client
            .query("SELECT state, count(*) FROM jobs GROUP BY state", &[])?;
        Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
    }

    /// Every job, in the order enqueued.
    pub fn jobs(&mut self) -> Result<Vec<JobRow>> {
        let rows = self.client.query(
            "SELECT id, input, state, attempt, max_attempts, last_error, articles
             FROM jobs ORDER BY ord",
            &[],
        )?;
        Ok(rows
            .iter()
            .map(|r| JobRow {
                id: r.get(0),
                input: r.get(1),
                state: r.get(2),
                attempt: r.get(3),
                max_attempts: r.get(4),
                last_error: r.get(5),
                articles: r.get(6),
            })
            .collect())
    }

    /// The number of stored articles.
    pub fn article_count(&mut self) -> Result<usize> {
        let n: i64 = self.row_one("SELECT count(*) FROM articles", &[])?.get(0);
        Ok(n.max(0) as usize)
    }

    /// The number of stored articles, exact when PostgreSQL's estimate of the table's
    /// rows (`pg_class.reltuples`, kept by `ANALYZE` and autovacuum) is below
    /// `exact_below`, otherwise the estimate itself: counting 10⁸ rows takes a scan of
    /// seconds, the estimate a catalogue read. Returns the count and whether it is exact.
    pub fn article_count_within(&mut self, exact_below: usize) -> Result<(usize, bool)> {
        let estimate: f32 = self
            .row_one(
                "SELECT reltuples FROM pg_class WHERE oid = 'articles'::regclass",
                &[],
            )?
            .get(0);
        // -1 (never analysed) and anything below the bar: count.
        if estimate < 0.0 || (estimate as f64) < exact_below as f64 {
            return Ok((self.article_count()?, true));
        }
        Ok((estimate as usize, false))
    }

    /// The number of articles not yet sequenced (new, or changed since).
    pub fn unsequenced_count(&mut self) -> Result<usize> {
        count(
            &mut self.client,
            "SELECT count(*) FROM articles WHERE sequenced_hash IS DISTINCT FROM hash",
        )
    }

    /// The number of stories.
    pub fn story_count(&mut self) -> Result<usize> {
        let n: i64 = self.row_one("SELECT count(*) FROM stories", &[])?.get(0);
        Ok(n.max(0) as usize)
    }

    /// Every stored article, in canonical order.
    pub fn articles(&mut self) -> Result<Vec<AnalyzedArticle>> {
        let rows = self.client.query(
            "SELECT id, article, annotations, duplicate_of FROM articles",
            &[],
        )?;
        let mut out = rows
            .iter()
            .map(|r| article_of(r.get(0), r.get(1), r.get(2), r.get(3)))
            .collect::<Result<Vec<_>>>()?;
        engine::sort_canonical(&mut out);
        Ok(out)
    }

    /// A consistency check: memberships naming missing articles, sequenced articles in
    /// no story or in several, stories whose count disagrees with their members, records
    /// that do not decode. Articles still waiting for the sequencer are no problem.
    pub fn check(&mut self) -> Result<store::Consistency> {
        let mut problems = Vec::new();
        for (sql, what) in [
            (
                "SELECT count(*) FROM story_articles m LEFT JOIN articles a ON a.id = m.article_id
                 WHERE a.id IS NULL",
                "story memberships name missing articles",
            ),
            (
                "SELECT count(*) FROM articles a
                 WHERE a.sequenced_hash IS NOT NULL
                   AND NOT EXISTS (SELECT 1 FROM story_articles m WHERE m.article_id = a.id)",
                "sequenced articles belong to no story",
            ),
            (
                "SELECT count(*) FROM (SELECT article_id FROM story_articles
                 GROUP BY article_id HAVING count(*) > 1) AS t",
                "articles belong to several stories",
            ),
            (
                "SELECT count(*) FROM stories s WHERE s.article_count <>
                 (SELECT count(*) FROM story_articles m WHERE m.story_id = s.id)",
                "stories have a wrong article count",
            ),
        ] {
            let n = count(&mut self.client, sql)?;
            if n > 0 {
                problems.push(format!("{n} {what}"));
            }
        }
        for r in self
            .client
            .query("SELECT id, article, annotations FROM articles", &[])?
        {
            let id: String = r.get(0);
            if let Err(e) = decode::<model::Article>(&id, r.get(1))
                .and_then(|_| decode::<model::Annotations>(&id, r.get(2)))
            {
                problems.push(e.to_string());
            }
        }
        for r in self.client.query("SELECT id, brief FROM stories", &[])? {
            let id: String = r.get(0);
            if let Err(e) = decode::<Brief>(&id, r.get(1)) {
                problems.push(e.to_string());
            }
        }
        Ok(store::Consistency {
            articles: self.article_count()?,
            stories: self.story_count()?,
            problems,
        })
    }

    /// One story's brief.
    pub fn brief(&mut self, id: &str) -> Result<Option<Brief>> {
        self.row_opt("SELECT brief FROM stories WHERE id = $1", &[&id])?
            .map(|r| decode(id, &r.get::<_, String>(0)))
            .transpose()
    }

    /// The ids of a story's articles, in their stored order.
    pub fn story_article_ids(&mut self, story_id: &str) -> Result<Vec<String>> {
        let rows = self.rows(
            "SELECT article_id FROM story_articles WHERE story_id = $1 ORDER BY position",
            &[&story_id],
        )?;
        Ok(rows.iter().map(|r| r.get(0)).collect())
    }
}

impl store::Reading for PgStore {
    fn article_count(&mut self) -> StoreResult<usize> {
        PgStore::article_count(self).map_err(backend)
    }
    fn article_count_for_status(&mut self) -> StoreResult<(usize, bool)> {
        PgStore::article_count_within(self, STATUS_EXACT_BELOW).map_err(backend)
    }
    fn story_count(&mut self) -> StoreResult<usize> {
        PgStore::story_count(self).map_err(backend)
    }
    fn stories(&mut self) -> StoreResult<Vec<StoryRow>> {
        PgStore::stories(self).map_err(backend)
    }
    fn story_page(&mut self, filter: &store::StoryFilter) -> StoreResult<(usize, Vec<StoryRow>)> {
        PgStore::story_page(self, filter).map_err(backend)
    }
    fn story_row(&mut self, id: &str) -> StoreResult<Option<StoryRow>> {
        PgStore::story_row(self, id).map_err(backend)
    }
    fn brief(&mut self, id: &str) -> StoreResult<Option<Brief>> {
        PgStore::brief(self, id).map_err(backend)
    }
    fn story_article_ids(&mut self, story_id: &str) -> StoreResult<Vec<String>> {
        PgStore::story_article_ids(self, story_id).map_err(backend)
    }
    fn article(&mut self, id: &str) -> StoreResult<Option<AnalyzedArticle>> {
        PgStore::article(self, id).map_err(backend)
    }
    fn articles_in_order(&mut self, ids: &[String]) -> StoreResult<Vec<AnalyzedArticle>> {
        PgStore::articles_in_order(self, ids).map_err(backend)
    }
    fn story_of(&mut self, article_id: &str) -> StoreResult<Option<String>> {
        PgStore::story_of(self, article_id).map_err(backend)
    }
    fn article_stories(&mut self) -> StoreResult<BTreeMap<String, String>> {
        PgStore::article_stories(self).map_err(backend)
    }
    fn for_each_article(&mut self, f: &mut dyn FnMut(AnalyzedArticle)) -> StoreResult<()> {
        PgStore::for_each_article(self, f).map_err(backend)
    }
    fn story_times(
        &mut self,
        ids: &[String],
    ) -> StoreResult<std::collections::HashMap<String, i64>> {
        PgStore::story_times(self, ids).map_err(backend)
    }
    fn stories_changed(&mut self) -> StoreResult<Option<i64>> {
        PgStore::stories_changed(self).map_err(backend)
    }
    fn feeds(&mut self) -> StoreResult<Vec<store::FeedRow>> {
        // The shared store has no follower (yet): no feeds.
        Ok(Vec::new())
    }
    fn last_change(&mut self) -> StoreResult<Option<store::Change>> {
        PgStore::last_change(self).map_err(backend)
    }
    fn change(&mut self, seq: u64) -> StoreResult<Option<store::Change>> {
        PgStore::change(self, seq).map_err(backend)
    }
    fn changes_after(&mut self, seq: u64, limit: usize) -> StoreResult<Vec<store::Change>> {
        PgStore::changes_after(self, seq, limit).map_err(backend)
    }
    fn data_version(&mut self) -> StoreResult<i64> {
        PgStore::data_version(self).map_err(backend)
    }
    fn check(&mut self) -> StoreResult<store::Consistency> {
        PgStore::check(self).map_err(backend)
    }
}

/// A result of the [`store::Reading`] interface.
type StoreResult<T> = std::result::Result<T, store::StoreError>;

fn backend(e: PgError) -> store::StoreError {
    match e {
        PgError::Store(e) => e,
        e => store::StoreError::Backend(Box::new(e)),
    }
}

impl From<PgError> for store::StoreError {
    fn from(e: PgError) -> store::StoreError {
        backend(e)
    }
}

/// What [`PgStore::enqueue`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EnqueueReport {
    /// Inputs that became new jobs.
    pub added: usize,
    /// Inputs that were already jobs (same path, same content).
    pub existing: usize,
    /// Paths that could not be enqueued, with why.
    pub failures: Vec<ingest::Failure>,
}

/// A job as [`PgStore::jobs`] lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobRow {
    pub id: String,
    pub input: String,
    /// `queued`, `running`, `done` or `dead`.
    pub state: String,
    pub attempt: i32,
    pub max_attempts: i32,
    pub last_error: Option<String>,
    /// Articles the job wrote (new or changed), once done.
    pub articles: Option<i32>,
}

/// Names a session in `pg_stat_activity` (`application_name`), so an operator sees which
/// worker or sequencer each connection is: `chorus worker HOST/PID/THREAD`,
/// `chorus sequence PID`.
pub(crate) fn name_session(client: &mut Client, name: &str) -> Result<()> {
    client.execute("SELECT set_config('application_name', $1, false)", &[&name])?;
    Ok(())
}

/// [`PgStore::warc_id_bits`] on any connection.
pub(crate) fn warc_id_bits(client: &mut Client) -> Result<u32> {
    let value = client
        .query_opt(
            "SELECT value FROM chorus_meta WHERE key = 'warc_id_bits'",
            &[],
        )?
        .map(|r| r.get::<_, String>(0));
    Ok(store::warc_id_bits_in(value.as_deref())?)
}

fn parse_version(v: &str) -> Result<i64> {
    v.parse().map_err(|_| PgError::Corrupt {
        what: "chorus_meta.format".into(),
        reason: format!("not a number: {v:?}"),
    })
}

fn count(client: &mut Client, sql: &str) -> Result<usize> {
    let n: i64 = client.query_one(sql, &[])?.get(0);
    Ok(n.max(0) as usize)
}

fn decode<T: serde::de::DeserializeOwned>(id: &str, json: &str) -> Result<T> {
    serde_json::from_str(json).map_err(|e| PgError::Corrupt {
        what: id.to_string(),
        reason: e.to_string(),
    })
}

fn date(id: &str, text: Option<String>) -> Result<Option<chrono::NaiveDate>> {
    text.map(|t| {
        t.parse().map_err(|_| PgError::Corrupt {
            what: id.to_string(),
            reason: format!("bad date {t:?}"),
        })
    })
    .transpose()
}

fn article_of(
    id: String,
    article: String,
    annotations: String,
    duplicate_of: Option<String>,
) -> Result<AnalyzedArticle> {
    Ok(AnalyzedArticle {
        article: decode(&id, &article)?,
        annotations: decode(&id, &annotations)?,
        duplicate_of,
    })
}

fn encode<T: serde::Serialize>(value: &T) -> String {
    // Serialising plain records with string keys cannot fail.
    serde_json::to_string(value).unwrap_or_default()
}
