//! The embedded store: one SQLite database in the data directory, owning every byte
//! Chorus keeps on disk.
//!
//! - The format version lives in `PRAGMA user_version` and is checked on open; a newer
//!   store is refused, an older one is migrated.
//! - The journal is WAL; every ingest batch is one [`Batch`] (one transaction), so a crash
//!   at any point leaves the store as it was before the batch.
//! - Articles (with their annotations) are the source of truth; duplicates, stories and
//!   briefs are derived from them and updated inside the same batch.
//! - The `state` table holds named, versioned blobs of the engine's streaming state (the
//!   duplicate detector and the clusterer), so the next batch goes on where the last one
//!   stopped; `state_log` lists the articles fed to that state since the blobs were
//!   written; `stories.seq` is the clusterer's number for the story.
//! - One writer at a time: a [`Batch`] takes the write lock when it starts
//!   ([`Store::batch_waiting`] says when it has to wait for another writer), and readers
//!   never wait. Work that needs no lock (extracting and analysing documents) is staged
//!   first, outside it ([`Store::stage`]), and moved into the batch under the lock
//!   ([`Batch::take_staged`]), where what is new is decided.
//! - The story list is answered from indexes: `story_entities` and `story_outlets` hold
//!   each story's entity names and aliases and its outlets, lowercased, written with the
//!   story.
//! - The `changes` table is a log of what batches changed, written by triggers (so every
//!   writer, of any version, keeps it): one row per article written and per story
//!   written or deleted, numbered by an ever-growing sequence. Derived data kept outside
//!   the store (the search index) remembers the last number it applied and catches up
//!   from there ([`Store::changes_after`]); the oldest rows are pruned, so a reader too
//!   far behind rebuilds.
//! - The `meta` table holds facts about the store itself: `warc_id_bits`, the width of
//!   the WARC record ids it was written with, which every later read of WARC files into
//!   it must use ([`Store::warc_id_bits`]).
//! - The `feeds` and `feed_items` tables hold the follower's state (see [`FeedRow`]),
//!   created on open when missing, like the change log.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use model::{AnalyzedArticle, Annotations, Article, Brief};
use rusqlite::{params, Connection, OptionalExtension, Transaction, TransactionBehavior};

mod feeds;

pub use feeds::{FeedItem, FeedRow};

/// The on-disk format this build reads and writes.
///
/// History: 1 = articles, stories, story members; 2 = adds the `state` table and
/// `stories.seq` (a version 1 store is migrated on open; its state is rebuilt on the next
/// ingest); 3 = adds the `story_entities` and `story_outlets` indexes of the story list
/// (filled from the stored briefs on migration), the `state_log` table and indexes on the
/// stories' dates; 4 = adds the `meta` table, which records the width of the WARC record
/// ids the store holds (64 bits in a new store; 48 in a store migrated from an older
/// format, whose ids were made that way; see [`Store::warc_id_bits`]).
pub const FORMAT_VERSION: i64 = 4;

/// The database file inside the data directory.
pub const DB_FILE: &str = "chorus.sqlite3";

/// What can go wrong with the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot create data directory {path}: {source}")]
    CreateDir {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("store error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("store format {found} is newer than this build of chorus reads ({FORMAT_VERSION}); upgrade chorus")]
    TooNew { found: i64 },
    #[error("corrupt record {what}: {reason}")]
    Corrupt { what: String, reason: String },
    #[error("another ingest is writing to {}; gave up after waiting {} s", .path.display(), .waited.as_secs())]
    Busy {
        path: PathBuf,
        waited: std::time::Duration,
    },
    /// An error of another implementation of [`Sequencing`] (the PostgreSQL store).
    #[error("store error: {0}")]
    Backend(Box<dyn std::error::Error + Send + Sync>),
}

type Result<T> = std::result::Result<T, StoreError>;

/// A line of the story list.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct StoryRow {
    pub id: String,
    pub headline: String,
    pub article_count: usize,
    pub outlets: Vec<String>,
    pub first_published: Option<NaiveDate>,
    pub last_published: Option<NaiveDate>,
}

/// Which stories [`Store::story_page`] lists.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StoryFilter {
    /// Stories with an article published on or after this day.
    pub from: Option<NaiveDate>,
    /// Stories with an article published on or before this day.
    pub to: Option<NaiveDate>,
    /// Stories carried by this outlet (case-insensitive).
    pub outlet: Option<String>,
    /// Stories naming this entity, by canonical name or alias (case-insensitive).
    pub entity: Option<String>,
    pub offset: usize,
    pub limit: usize,
}

/// The result of a consistency check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Consistency {
    pub articles: usize,
    pub stories: usize,
    /// Problems found; empty when the store is consistent.
    pub problems: Vec<String>,
}

/// What a row of the change log names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ChangeKind {
    /// An article was inserted, its content replaced, or it was deleted.
    Article,
    /// A story was inserted, rewritten or deleted (its members may have changed).
    Story,
}

/// One row of the change log: something a batch wrote, in the order written.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Change {
    /// The row's number: it only grows, and is never reused.
    pub seq: u64,
    pub kind: ChangeKind,
    /// The article or story id.
    pub id: String,
}

/// How many of the newest change-log rows are kept; older ones are pruned.
pub const CHANGES_KEPT: u64 = 1 << 18;

/// The change log and the triggers that write it. Created on open when missing, whatever
/// the format version, so a store written before the log existed gets it too. The
/// prune trigger drops, every 1024 rows, the rows older than the newest
/// [`CHANGES_KEPT`].
const CHANGE_LOG: &str = "
CREATE TABLE IF NOT EXISTS changes (
    seq  INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    id   TEXT NOT NULL
);
CREATE TRIGGER IF NOT EXISTS changes_article_insert AFTER INSERT ON articles
BEGIN INSERT INTO changes (kind, id) VALUES ('article', NEW.id); END;
CREATE TRIGGER IF NOT EXISTS changes_article_update
AFTER UPDATE OF id, hash, published, article, annotations ON articles
BEGIN
    INSERT INTO changes (kind, id) VALUES ('article', OLD.id);
    INSERT INTO changes (kind, id) SELECT 'article', NEW.id WHERE NEW.id != OLD.id;
END;
CREATE TRIGGER IF NOT EXISTS changes_article_delete AFTER DELETE ON articles
BEGIN INSERT INTO changes (kind, id) VALUES ('article', OLD.id); END;
CREATE TRIGGER IF NOT EXISTS changes_story_insert AFTER INSERT ON stories
BEGIN INSERT INTO changes (kind, id) VALUES ('story', NEW.id); END;
CREATE TRIGGER IF NOT EXISTS changes_story_update AFTER UPDATE ON stories
BEGIN
    INSERT INTO changes (kind, id) VALUES ('story', OLD.id);
    INSERT INTO changes (kind, id) SELECT 'story', NEW.id WHERE NEW.id != OLD.id;
END;
CREATE TRIGGER IF NOT EXISTS changes_story_delete AFTER DELETE ON stories
BEGIN INSERT INTO changes (kind, id) VALUES ('story', OLD.id); END;
CREATE TRIGGER IF NOT EXISTS changes_prune AFTER INSERT ON changes WHEN NEW.seq % 1024 = 0
BEGIN DELETE FROM changes WHERE seq <= NEW.seq - 262144; END;
";

/// An open store.
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

const SCHEMA: &str = "
CREATE TABLE articles (
    id          TEXT PRIMARY KEY NOT NULL,
    hash        TEXT NOT NULL,
    source      TEXT NOT NULL,
    published   TEXT,
    article     TEXT NOT NULL,
    annotations TEXT NOT NULL,
    duplicate_of TEXT
);
CREATE INDEX articles_published ON articles(published, id);
CREATE TABLE stories (
    id              TEXT PRIMARY KEY NOT NULL,
    headline        TEXT NOT NULL,
    first_published TEXT,
    last_published  TEXT,
    article_count   INTEGER NOT NULL,
    outlets         TEXT NOT NULL,
    brief           TEXT NOT NULL
);
CREATE TABLE story_articles (
    story_id   TEXT NOT NULL REFERENCES stories(id),
    article_id TEXT NOT NULL REFERENCES articles(id),
    position   INTEGER NOT NULL,
    PRIMARY KEY (story_id, article_id)
);
CREATE INDEX story_articles_article ON story_articles(article_id);
";

/// From format 1 to format 2.
const MIGRATE_2: &str = "
CREATE TABLE state (
    name    TEXT PRIMARY KEY NOT NULL,
    version INTEGER NOT NULL,
    data    TEXT NOT NULL
);
ALTER TABLE stories ADD COLUMN seq INTEGER;
CREATE INDEX stories_seq ON stories(seq);
";

/// From format 2 to format 3 (the new tables are then filled by [`backfill_story_keys`]).
const MIGRATE_3: &str = "
CREATE TABLE story_entities (
    key      TEXT NOT NULL,
    story_id TEXT NOT NULL REFERENCES stories(id),
    PRIMARY KEY (key, story_id)
) WITHOUT ROWID;
CREATE INDEX story_entities_story ON story_entities(story_id);
CREATE TABLE story_outlets (
    key      TEXT NOT NULL,
    story_id TEXT NOT NULL REFERENCES stories(id),
    PRIMARY KEY (key, story_id)
) WITHOUT ROWID;
CREATE INDEX story_outlets_story ON story_outlets(story_id);
CREATE INDEX stories_recent ON stories(last_published DESC, article_count DESC, id);
CREATE INDEX stories_first ON stories(first_published);
CREATE TABLE state_log (
    seq        INTEGER PRIMARY KEY,
    article_id TEXT NOT NULL
);
";

/// From format 3 to format 4: the store's facts (then [`record_warc_id_bits`]).
const MIGRATE_4: &str = "
CREATE TABLE meta (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
) WITHOUT ROWID;
";

/// The width of WARC record ids in a new store.
pub const NEW_WARC_ID_BITS: u32 = 64;

/// The width of WARC record ids in a store created before it was recorded.
pub const OLD_WARC_ID_BITS: u32 = 48;

/// Records the width of the store's WARC record ids.
fn record_warc_id_bits(tx: &Connection, bits: u32) -> Result<()> {
    tx.execute(
        "INSERT OR IGNORE INTO meta (key, value) VALUES ('warc_id_bits', ?1)",
        [bits.to_string()],
    )?;
    Ok(())
}

/// Reads the width of a store's WARC record ids from its `meta` table (the old width when
/// it is not recorded).
pub fn warc_id_bits_in(value: Option<&str>) -> Result<u32> {
    match value {
        None => Ok(OLD_WARC_ID_BITS),
        Some(v) => match v.trim().parse() {
            Ok(bits @ (OLD_WARC_ID_BITS | NEW_WARC_ID_BITS)) => Ok(bits),
            _ => Err(StoreError::Corrupt {
                what: "meta.warc_id_bits".into(),
                reason: format!("not 48 or 64: {v:?}"),
            }),
        },
    }
}

/// The order of every story listing: newest first (by last publication date, undated
/// last: SQLite sorts NULL lowest), then by size, then by id. The index `stories_recent`
/// holds the stories in this order.
const STORY_ORDER: &str = "ORDER BY last_published DESC, article_count DESC, id";

/// How long one attempt to take the write lock waits before the waiting callback is told.
const LOCK_POLL: std::time::Duration = std::time::Duration::from_secs(1);

/// The lock timeout of every other statement.
const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

/// The lowercased key under which the story list indexes a name (entity, alias, outlet).
pub fn index_key(name: &str) -> String {
    name.trim().to_lowercase()
}

/// Which stories [`Batch::story_seqs_with_key`] returns, by their dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StoryDates {
    /// Every story.
    Any,
    /// Stories without a publication date.
    Undated,
    /// Stories without a publication date, and stories whose dates overlap the range.
    UndatedOrNear(chrono::NaiveDate, chrono::NaiveDate),
}

impl StoryDates {
    /// The query's parameters: whether dates filter at all, and the range's ends as
    /// ISO days (none for `Undated`).
    pub fn bounds(self) -> (bool, Option<String>, Option<String>) {
        match self {
            StoryDates::Any => (false, None, None),
            StoryDates::Undated => (true, None, None),
            StoryDates::UndatedOrNear(from, to) => {
                (true, Some(from.to_string()), Some(to.to_string()))
            }
        }
    }
}

/// An article extracted and analysed outside the write lock, waiting in
/// [`Store::stage`] to be moved into a [`Batch`].
#[derive(Debug, Clone, Copy)]
pub struct Staged<'a> {
    pub doc: &'a AnalyzedArticle,
    /// The content hash of the raw document.
    pub hash: &'a str,
    /// Where the document was read from.
    pub source: &'a str,
}

/// What [`Batch::take_staged`] did with one staged article.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StagedOutcome {
    /// The article was new to the store.
    Added,
    /// The store held another version of it, now replaced.
    Updated,
    /// The store already held it with the same content (written meanwhile by another
    /// ingest); nothing was written.
    Unchanged,
}

impl Store {
    /// Opens (creating if needed) the store in `dir`.
    pub fn open(dir: &Path) -> Result<Store> {
        std::fs::create_dir_all(dir).map_err(|source| StoreError::CreateDir {
            path: dir.to_path_buf(),
            source,
        })?;
        let path = dir.join(DB_FILE);
        let conn = Connection::open(&path)?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        // Some steps of opening a new store (switching it to WAL, its first recovery)
        // answer "busy" at once instead of waiting when another process opens it at the
        // same moment; those are tried again until the busy timeout.
        let started = std::time::Instant::now();
        loop {
            match prepare(&conn) {
                Err(StoreError::Sqlite(e)) if is_busy(&e) && started.elapsed() < BUSY_TIMEOUT => {
                    std::thread::sleep(std::time::Duration::from_millis(10));
                }
                done => break done?,
            }
        }
        Ok(Store { conn, path })
    }

    /// The width, in bits, of the WARC record ids this store holds: 64 for a store
    /// created by this build, 48 for one created before the width was recorded. Every
    /// read of WARC files into the store uses it, so reading the same files again finds
    /// the same ids.
    pub fn warc_id_bits(&self) -> Result<u32> {
        let value: Option<String> = self
            .conn
            .query_row(
                "SELECT value FROM meta WHERE key = 'warc_id_bits'",
                [],
                |r| r.get(0),
            )
            .optional()?;
        warc_id_bits_in(value.as_deref())
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Content hash of every stored article, by id.
    pub fn hashes(&self) -> Result<BTreeMap<String, String>> {
        let mut stmt = self.conn.prepare_cached("SELECT id, hash FROM articles")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }

    /// Content hash of one stored article.
    pub fn hash_of(&self, id: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .prepare_cached("SELECT hash FROM articles WHERE id = ?1")?
            .query_row([id], |r| r.get(0))
            .optional()?)
    }

    /// Number of stored articles.
    pub fn article_count(&self) -> Result<usize> {
        let n: i64 = self
            .conn
            .query_row("SELECT count(*) FROM articles", [], |r| r.get(0))?;
        Ok(n as usize)
    }

    /// Number of stories.
    pub fn story_count(&self) -> Result<usize> {
        let n: i64 = self
            .conn
            .query_row("SELECT count(*) FROM stories", [], |r| r.get(0))?;
        Ok(n as usize)
    }

    /// Every stored article with its annotations, in canonical order (publication date,
    /// undated last, then id).
    pub fn articles(&self) -> Result<Vec<AnalyzedArticle>> {
        read_articles(&self.conn)
    }

    /// One stored article.
    pub fn article(&self, id: &str) -> Result<Option<AnalyzedArticle>> {
        read_article(&self.conn, id)
    }

    /// The story list, newest first (by last publication date), then by size.
    pub fn stories(&self) -> Result<Vec<StoryRow>> {
        let mut stmt = self.conn.prepare_cached(
            &format!("SELECT id, headline, article_count, outlets, first_published, last_published FROM stories
             {STORY_ORDER}"),
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, Option<String>>(4)?,
                r.get::<_, Option<String>>(5)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, headline, count, outlets, first, last) = row?;
            out.push(StoryRow {
                outlets: decode(&id, &outlets)?,
                first_published: first.and_then(|d| d.parse().ok()),
                last_published: last.and_then(|d| d.parse().ok()),
                id,
                headline,
                article_count: count as usize,
            });
        }
        Ok(out)
    }

    /// The brief of one story.
    pub fn brief(&self, id: &str) -> Result<Option<Brief>> {
        let json: Option<String> = self
            .conn
            .query_row("SELECT brief FROM stories WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .optional()?;
        json.map(|j| decode(id, &j)).transpose()
    }

    /// Calls `f` with every stored article in canonical order, one at a time, so callers
    /// that only pass over the store (the search index) need not hold it all in memory.
    pub fn for_each_article(&self, mut f: impl FnMut(AnalyzedArticle)) -> Result<()> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, article, annotations, duplicate_of FROM articles
             ORDER BY published IS NULL, published, id",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let id: String = r.get(0)?;
            f(AnalyzedArticle {
                article: decode(&id, &r.get::<_, String>(1)?)?,
                annotations: decode(&id, &r.get::<_, String>(2)?)?,
                duplicate_of: r.get(3)?,
            });
        }
        Ok(())
    }

    /// The story of every article that belongs to one, by article id.
    pub fn article_stories(&self) -> Result<BTreeMap<String, String>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT article_id, story_id FROM story_articles")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }

    /// The story an article belongs to, if any.
    pub fn story_of(&self, article_id: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row(
                "SELECT story_id FROM story_articles WHERE article_id = ?1",
                [article_id],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// The newest row of the change log, if any.
    pub fn last_change(&self) -> Result<Option<Change>> {
        let row = self
            .conn
            .prepare_cached("SELECT seq, kind, id FROM changes ORDER BY seq DESC LIMIT 1")?
            .query_row([], change_row)
            .optional()?;
        row.transpose()
    }

    /// The change-log row numbered `seq`, if it is still kept.
    pub fn change(&self, seq: u64) -> Result<Option<Change>> {
        let row = self
            .conn
            .prepare_cached("SELECT seq, kind, id FROM changes WHERE seq = ?1")?
            .query_row([seq_param(seq)], change_row)
            .optional()?;
        row.transpose()
    }

    /// Up to `limit` change-log rows numbered after `seq`, oldest first. The log keeps
    /// only the newest [`CHANGES_KEPT`] rows: a caller that finds the first row past
    /// `seq + 1` (or `seq` itself gone) has missed changes.
    pub fn changes_after(&self, seq: u64, limit: usize) -> Result<Vec<Change>> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let mut stmt = self.conn.prepare_cached(
            "SELECT seq, kind, id FROM changes WHERE seq > ?1 ORDER BY seq LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![seq_param(seq), limit], change_row)?;
        let mut out = Vec::new();
        for row in rows {
            out.push(row??);
        }
        Ok(out)
    }

    /// The list line of one story.
    pub fn story_row(&self, id: &str) -> Result<Option<StoryRow>> {
        let row = self
            .conn
            .prepare_cached(
                "SELECT headline, article_count, outlets, first_published, last_published
                 FROM stories WHERE id = ?1",
            )?
            .query_row([id], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, Option<String>>(4)?,
                ))
            })
            .optional()?;
        row.map(|(headline, count, outlets, first, last)| {
            Ok(StoryRow {
                id: id.to_string(),
                headline,
                article_count: usize::try_from(count).unwrap_or(0),
                outlets: decode(id, &outlets)?,
                first_published: first.and_then(|d| d.parse().ok()),
                last_published: last.and_then(|d| d.parse().ok()),
            })
        })
        .transpose()
    }

    /// The ids of a story's articles, in their stored order (empty when there is no such
    /// story).
    pub fn story_article_ids(&self, story_id: &str) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT article_id FROM story_articles WHERE story_id = ?1 ORDER BY position",
        )?;
        let rows = stmt.query_map([story_id], |r| r.get(0))?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }

    /// SQLite's `PRAGMA data_version` of this connection: it changes when another
    /// connection commits. A cheap "did anything change?" check before [`Store::fingerprint`].
    pub fn data_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))?)
    }

    /// A digest of everything derived data depends on: every article's id, content hash
    /// and duplicate mark, and every story's id, headline, size and dates. It changes
    /// whenever a batch changes the store, so indexes keyed by it know they are stale.
    pub fn fingerprint(&self) -> Result<String> {
        let mut key: Vec<u8> = Vec::new();
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, hash, coalesce(duplicate_of, '') FROM articles ORDER BY id",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            for i in 0..3 {
                key.extend_from_slice(r.get_ref(i)?.as_str().unwrap_or("").as_bytes());
                key.push(0x1f);
            }
        }
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, headline, article_count, coalesce(first_published, ''),
                    coalesce(last_published, ''), outlets FROM stories ORDER BY id",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let id: String = r.get(0)?;
            let headline: String = r.get(1)?;
            let count: i64 = r.get(2)?;
            let first: String = r.get(3)?;
            let last: String = r.get(4)?;
            let outlets: String = r.get(5)?;
            for part in [id, headline, count.to_string(), first, last, outlets] {
                key.extend_from_slice(part.as_bytes());
                key.push(0x1e);
            }
        }
        Ok(format!("{:016x}", text::hash64(&key)))
    }

    /// One page of the story list, newest first (as [`Store::stories`]), filtered, with
    /// the number of stories that pass the filter.
    pub fn story_page(&self, filter: &StoryFilter) -> Result<(usize, Vec<StoryRow>)> {
        let (sql_where, args) = story_where(filter, '?');
        let n = args.len();
        let total: i64 = self.conn.query_row(
            &format!("SELECT count(*) FROM stories{sql_where}"),
            rusqlite::params_from_iter(args.iter()),
            |r| r.get(0),
        )?;
        let mut page_args = args.clone();
        page_args.push(filter.limit.to_string());
        page_args.push(filter.offset.to_string());
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT id, headline, article_count, outlets, first_published, last_published FROM stories{sql_where}
             {STORY_ORDER}
             LIMIT CAST(?{} AS INTEGER) OFFSET CAST(?{} AS INTEGER)",
            n + 1,
            n + 2
        ))?;
        let mut rows = stmt.query(rusqlite::params_from_iter(page_args.iter()))?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let id: String = r.get(0)?;
            out.push(StoryRow {
                outlets: decode(&id, &r.get::<_, String>(3)?)?,
                first_published: r.get::<_, Option<String>>(4)?.and_then(|d| d.parse().ok()),
                last_published: r.get::<_, Option<String>>(5)?.and_then(|d| d.parse().ok()),
                headline: r.get(1)?,
                article_count: r.get::<_, i64>(2)? as usize,
                id,
            });
        }
        Ok((total as usize, out))
    }

    /// Starts an ingest batch: everything written through it lands together on
    /// [`Batch::commit`], or not at all. Waits for another writer as long as it takes.
    pub fn batch(&mut self) -> Result<Batch<'_>> {
        self.batch_waiting(&mut |_| true)
    }

    /// Starts an ingest batch, taking the store's write lock. While another writer holds
    /// it, `waiting` is called about once a second with the time waited so far (the first
    /// call says the wait began); it returns `false` to give up, which gives
    /// [`StoreError::Busy`]. Everything the batch reads is read under the lock, so it sees
    /// every batch committed before it.
    pub fn batch_waiting(
        &mut self,
        waiting: &mut dyn FnMut(std::time::Duration) -> bool,
    ) -> Result<Batch<'_>> {
        let started = std::time::Instant::now();
        self.conn.busy_timeout(LOCK_POLL)?;
        let tx = loop {
            match Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate) {
                Ok(tx) => break Ok(tx),
                Err(e) if is_busy(&e) => {
                    if !waiting(started.elapsed()) {
                        break Err(StoreError::Busy {
                            path: self.path.clone(),
                            waited: started.elapsed(),
                        });
                    }
                }
                Err(e) => break Err(e.into()),
            }
        };
        self.conn.busy_timeout(BUSY_TIMEOUT)?;
        Ok(Batch { tx: tx? })
    }

    /// Stages extracted and analysed articles for the next batch, without the write lock
    /// (they go to a temporary table of this connection), so the work that produced them
    /// never holds it. [`Batch::take_staged`] moves them into the store.
    pub fn stage(&mut self, docs: &[Staged<'_>]) -> Result<()> {
        let tx = self.conn.transaction()?;
        tx.execute_batch(STAGE_TABLE)?;
        {
            let mut put = tx.prepare_cached(
                "INSERT INTO temp.staged (id, hash, source, published, article, annotations)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT(id) DO UPDATE SET hash = excluded.hash, source = excluded.source,
                   published = excluded.published, article = excluded.article,
                   annotations = excluded.annotations",
            )?;
            for s in docs {
                let a = &s.doc.article;
                put.execute(params![
                    a.id,
                    s.hash,
                    s.source,
                    a.published.map(|d| d.to_string()),
                    encode(a),
                    encode(&s.doc.annotations),
                ])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Drops whatever an earlier, failed ingest left staged on this connection.
    pub fn clear_staged(&mut self) -> Result<()> {
        self.conn
            .execute_batch(&format!("{STAGE_TABLE} DELETE FROM temp.staged;"))?;
        Ok(())
    }

    /// Checks the database file and the references between tables.
    pub fn check(&self) -> Result<Consistency> {
        let mut problems = Vec::new();
        let integrity: String = self
            .conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
        if integrity != "ok" {
            problems.push(format!("integrity check: {integrity}"));
        }
        let dangling: i64 = self.conn.query_row(
            "SELECT count(*) FROM story_articles sa LEFT JOIN articles a ON a.id = sa.article_id WHERE a.id IS NULL",
            [],
            |r| r.get(0),
        )?;
        if dangling > 0 {
            problems.push(format!(
                "{dangling} story memberships name missing articles"
            ));
        }
        let orphans: i64 = self.conn.query_row(
            "SELECT count(*) FROM articles a LEFT JOIN story_articles sa ON sa.article_id = a.id WHERE sa.article_id IS NULL",
            [],
            |r| r.get(0),
        )?;
        if orphans > 0 {
            problems.push(format!("{orphans} articles belong to no story"));
        }
        let miscounted: i64 = self.conn.query_row(
            "SELECT count(*) FROM stories s WHERE s.article_count !=
                (SELECT count(*) FROM story_articles sa WHERE sa.story_id = s.id)",
            [],
            |r| r.get(0),
        )?;
        if miscounted > 0 {
            problems.push(format!("{miscounted} stories have a wrong article count"));
        }
        let mut stmt = self
            .conn
            .prepare("SELECT id, article, annotations FROM articles")?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?;
        for row in rows {
            let (id, article, annotations) = row?;
            if let Err(e) = decode::<Article>(&id, &article)
                .and_then(|_| decode::<Annotations>(&id, &annotations))
            {
                problems.push(e.to_string());
            }
        }
        let stories: i64 = self
            .conn
            .query_row("SELECT count(*) FROM stories", [], |r| r.get(0))?;
        Ok(Consistency {
            articles: self.article_count()?,
            stories: stories as usize,
            problems,
        })
    }
}

/// The `WHERE` clause of a story list filter (empty without filters) with its arguments,
/// each clause answered from an index: dates from `stories_recent` and `stories_first`,
/// outlets and entities from `story_outlets` and `story_entities`. Each clause names its
/// argument by number after `mark` (`?1` for SQLite, `$1` for PostgreSQL), in the order
/// of the arguments; both stores use it, so their lists filter alike.
pub fn story_where(filter: &StoryFilter, mark: char) -> (String, Vec<String>) {
    let mut clauses: Vec<String> = Vec::new();
    let mut args: Vec<String> = Vec::new();
    let mut arg = |value: String| {
        args.push(value);
        format!("{mark}{}", args.len())
    };
    if let Some(from) = filter.from {
        clauses.push(format!("last_published >= {}", arg(from.to_string())));
    }
    if let Some(to) = filter.to {
        clauses.push(format!("first_published <= {}", arg(to.to_string())));
    }
    if let Some(outlet) = &filter.outlet {
        let n = arg(index_key(outlet));
        clauses.push(format!(
            "id IN (SELECT story_id FROM story_outlets WHERE key = {n})"
        ));
    }
    if let Some(entity) = &filter.entity {
        let n = arg(index_key(entity));
        clauses.push(format!(
            "id IN (SELECT story_id FROM story_entities WHERE key = {n})"
        ));
    }
    let sql_where = if clauses.is_empty() {
        String::new()
    } else {
        format!(" WHERE {}", clauses.join(" AND "))
    };
    (sql_where, args)
}

/// One stored article with its annotations, through `conn` (a store's connection or a
/// batch's transaction).
fn read_article(conn: &Connection, id: &str) -> Result<Option<AnalyzedArticle>> {
    let row = conn
        .prepare_cached("SELECT article, annotations, duplicate_of FROM articles WHERE id = ?1")?
        .query_row([id], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get(2)?))
        })
        .optional()?;
    row.map(|(article, annotations, duplicate_of)| {
        Ok(AnalyzedArticle {
            article: decode(id, &article)?,
            annotations: decode(id, &annotations)?,
            duplicate_of,
        })
    })
    .transpose()
}

/// Every article, in canonical order (publication date, undated last, then id).
fn read_articles(conn: &Connection) -> Result<Vec<AnalyzedArticle>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, article, annotations, duplicate_of FROM articles
         ORDER BY published IS NULL, published, id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get(3)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, article, annotations, duplicate_of) = row?;
        out.push(AnalyzedArticle {
            article: decode(&id, &article)?,
            annotations: decode(&id, &annotations)?,
            duplicate_of,
        });
    }
    Ok(out)
}

/// The temporary table of [`Store::stage`], created on first use.
const STAGE_TABLE: &str = "CREATE TEMP TABLE IF NOT EXISTS staged (
    ord         INTEGER PRIMARY KEY,
    id          TEXT NOT NULL UNIQUE,
    hash        TEXT NOT NULL,
    source      TEXT NOT NULL,
    published   TEXT,
    article     TEXT NOT NULL,
    annotations TEXT NOT NULL
);";

/// Sets up a freshly opened connection: WAL, foreign keys, the current format (migrating
/// under the write lock) and the change log.
fn prepare(conn: &Connection) -> Result<()> {
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if version != FORMAT_VERSION {
        migrate(conn)?;
    }
    let logged: i64 = conn.query_row(
        "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'changes_%'",
        [],
        |r| r.get(0),
    )?;
    if logged < 7 {
        // Under the write lock, as a migration: two processes opening the store at
        // once create the log once.
        let tx = Transaction::new_unchecked(conn, TransactionBehavior::Immediate)?;
        tx.execute_batch(CHANGE_LOG)?;
        tx.commit()?;
    }
    feeds::ensure_tables(conn)?;
    Ok(())
}

fn is_busy(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
    )
}

/// Brings an older store (or a new, empty file) to [`FORMAT_VERSION`]. Runs under the
/// write lock and reads the version again there, so two processes opening the same new
/// store do not both create it.
fn migrate(conn: &Connection) -> Result<()> {
    let tx = Transaction::new_unchecked(conn, TransactionBehavior::Immediate)?;
    let version: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    match version {
        0 => {
            tx.execute_batch(SCHEMA)?;
            tx.execute_batch(MIGRATE_2)?;
            tx.execute_batch(MIGRATE_3)?;
            tx.execute_batch(MIGRATE_4)?;
            record_warc_id_bits(&tx, NEW_WARC_ID_BITS)?;
        }
        1..=3 => {
            if version < 2 {
                tx.execute_batch(MIGRATE_2)?;
            }
            if version < 3 {
                tx.execute_batch(MIGRATE_3)?;
                backfill_story_keys(&tx)?;
            }
            tx.execute_batch(MIGRATE_4)?;
            // Its WARC records were read with the width of their time.
            record_warc_id_bits(&tx, OLD_WARC_ID_BITS)?;
        }
        FORMAT_VERSION => return Ok(()),
        found if found > FORMAT_VERSION => return Err(StoreError::TooNew { found }),
        found => {
            return Err(StoreError::Corrupt {
                what: "format version".into(),
                reason: format!("unknown older format {found}"),
            })
        }
    }
    tx.pragma_update(None, "user_version", FORMAT_VERSION)?;
    tx.commit()?;
    Ok(())
}

/// Fills the story list's indexes from the stored briefs and outlet lists.
fn backfill_story_keys(tx: &Transaction<'_>) -> Result<()> {
    let mut stmt = tx.prepare("SELECT id, outlets, brief FROM stories")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let id: String = r.get(0)?;
        let outlets: Vec<String> = decode(&id, &r.get::<_, String>(1)?)?;
        let brief: Brief = decode(&id, &r.get::<_, String>(2)?)?;
        put_story_keys(tx, &id, &outlets, &brief)?;
    }
    Ok(())
}

/// Writes the story list's index rows of one story.
fn put_story_keys(tx: &Connection, id: &str, outlets: &[String], b: &Brief) -> Result<()> {
    let mut put =
        tx.prepare_cached("INSERT OR IGNORE INTO story_outlets (key, story_id) VALUES (?1, ?2)")?;
    for o in outlets {
        put.execute(params![index_key(o), id])?;
    }
    let mut put =
        tx.prepare_cached("INSERT OR IGNORE INTO story_entities (key, story_id) VALUES (?1, ?2)")?;
    for e in &b.entities {
        for name in std::iter::once(&e.name).chain(&e.aliases) {
            put.execute(params![index_key(name), id])?;
        }
    }
    Ok(())
}

/// Removes one story with its members and index rows; its articles stay.
fn remove_story(tx: &Connection, id: &str) -> Result<()> {
    for sql in [
        "DELETE FROM story_articles WHERE story_id = ?1",
        "DELETE FROM story_entities WHERE story_id = ?1",
        "DELETE FROM story_outlets WHERE story_id = ?1",
        "DELETE FROM stories WHERE id = ?1",
    ] {
        tx.prepare_cached(sql)?.execute([id])?;
    }
    Ok(())
}

/// Deletes every story with its members and index rows, and the streaming state.
const CLEAR_STORIES: &str = "DELETE FROM story_articles; DELETE FROM story_entities;
    DELETE FROM story_outlets; DELETE FROM stories; DELETE FROM state; DELETE FROM state_log;";

/// A change-log sequence number as SQLite stores it (numbers past `i64::MAX` cannot be
/// stored, so they are clamped: nothing is numbered after them).
fn seq_param(seq: u64) -> i64 {
    i64::try_from(seq).unwrap_or(i64::MAX)
}

/// Reads a change-log row (`seq, kind, id`); an unknown kind is a corrupt record.
fn change_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Result<Change>> {
    let seq: i64 = r.get(0)?;
    let kind: String = r.get(1)?;
    let id: String = r.get(2)?;
    let kind = match kind.as_str() {
        "article" => ChangeKind::Article,
        "story" => ChangeKind::Story,
        other => {
            return Ok(Err(StoreError::Corrupt {
                what: format!("change {seq}"),
                reason: format!("unknown kind {other:?}"),
            }))
        }
    };
    Ok(Ok(Change {
        seq: u64::try_from(seq).unwrap_or(0),
        kind,
        id,
    }))
}

fn decode<T: serde::de::DeserializeOwned>(id: &str, json: &str) -> Result<T> {
    serde_json::from_str(json).map_err(|e| StoreError::Corrupt {
        what: id.to_string(),
        reason: e.to_string(),
    })
}

fn encode<T: serde::Serialize>(value: &T) -> String {
    // Serialising plain records with string keys cannot fail.
    serde_json::to_string(value).unwrap_or_default()
}

/// One ingest batch: a transaction over the store.
pub struct Batch<'a> {
    tx: Transaction<'a>,
}

impl Batch<'_> {
    /// Inserts or replaces an article and its annotations.
    pub fn put_article(&self, doc: &AnalyzedArticle, hash: &str, source: &str) -> Result<()> {
        let a = &doc.article;
        self.tx
            .prepare_cached(
                "INSERT INTO articles (id, hash, source, published, article, annotations, duplicate_of)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                 ON CONFLICT(id) DO UPDATE SET hash = excluded.hash, source = excluded.source,
                   published = excluded.published, article = excluded.article,
                   annotations = excluded.annotations, duplicate_of = excluded.duplicate_of",
            )?
            .execute(params![
                a.id,
                hash,
                source,
                a.published.map(|d| d.to_string()),
                encode(a),
                encode(&doc.annotations),
                doc.duplicate_of,
            ])?;
        Ok(())
    }

    /// Moves the articles staged on this connection ([`Store::stage`]) into the store,
    /// in the order they were staged, deciding under the lock what is new: an article the
    /// store now holds with the same content hash is left alone. Returns each staged id
    /// with what was done, and empties the stage.
    pub fn take_staged(&self) -> Result<Vec<(String, StagedOutcome)>> {
        self.tx.execute_batch(STAGE_TABLE)?;
        let staged: Vec<(String, String)> = {
            let mut stmt = self
                .tx
                .prepare_cached("SELECT id, hash FROM temp.staged ORDER BY ord")?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect::<std::result::Result<_, _>>()?
        };
        let mut current = self
            .tx
            .prepare_cached("SELECT hash FROM main.articles WHERE id = ?1")?;
        let mut copy = self.tx.prepare_cached(
            "INSERT INTO main.articles (id, hash, source, published, article, annotations, duplicate_of)
             SELECT id, hash, source, published, article, annotations, NULL FROM temp.staged
             WHERE id = ?1
             ON CONFLICT(id) DO UPDATE SET hash = excluded.hash, source = excluded.source,
               published = excluded.published, article = excluded.article,
               annotations = excluded.annotations, duplicate_of = excluded.duplicate_of",
        )?;
        let mut out = Vec::with_capacity(staged.len());
        for (id, hash) in staged {
            let now: Option<String> = current.query_row([&id], |r| r.get(0)).optional()?;
            let outcome = match now {
                Some(h) if h == hash => StagedOutcome::Unchanged,
                Some(_) => StagedOutcome::Updated,
                None => StagedOutcome::Added,
            };
            if outcome != StagedOutcome::Unchanged {
                copy.execute([&id])?;
            }
            out.push((id, outcome));
        }
        self.tx.execute_batch("DELETE FROM temp.staged;")?;
        Ok(out)
    }

    /// One stored article, including those written in this batch.
    pub fn article(&self, id: &str) -> Result<Option<AnalyzedArticle>> {
        read_article(&self.tx, id)
    }

    /// The ids of the articles fed to the streaming state since its blobs were last
    /// written, in the order they were fed.
    pub fn state_log(&self) -> Result<Vec<String>> {
        let mut stmt = self
            .tx
            .prepare_cached("SELECT article_id FROM state_log ORDER BY seq")?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }

    /// The number of entries in the state log.
    pub fn state_log_len(&self) -> Result<usize> {
        let n: i64 = self
            .tx
            .query_row("SELECT count(*) FROM state_log", [], |r| r.get(0))?;
        Ok(n as usize)
    }

    /// Appends articles fed to the streaming state to the state log.
    pub fn append_state_log(&self, ids: &[String]) -> Result<()> {
        let mut put = self
            .tx
            .prepare_cached("INSERT INTO state_log (article_id) VALUES (?1)")?;
        for id in ids {
            put.execute([id])?;
        }
        Ok(())
    }

    /// Empties the state log (when the state's blobs are written anew).
    pub fn clear_state_log(&self) -> Result<()> {
        self.tx.execute_batch("DELETE FROM state_log;")?;
        Ok(())
    }

    /// Every article of the store, including those written in this batch.
    pub fn articles(&self) -> Result<Vec<AnalyzedArticle>> {
        read_articles(&self.tx)
    }

    /// Replaces the derived data: duplicate marks and the stories with their briefs.
    pub fn replace_derived(
        &self,
        duplicates: &[(String, Option<String>)],
        briefs: &[Brief],
    ) -> Result<()> {
        let mut mark = self
            .tx
            .prepare_cached("UPDATE articles SET duplicate_of = ?2 WHERE id = ?1")?;
        for (id, dup) in duplicates {
            mark.execute(params![id, dup])?;
        }
        self.tx.execute_batch(CLEAR_STORIES)?;
        for b in briefs {
            self.insert_story(b, None)?;
        }
        Ok(())
    }

    /// A named blob of streaming state with its version, as last written.
    pub fn state(&self, name: &str) -> Result<Option<(i64, String)>> {
        Ok(self
            .tx
            .query_row(
                "SELECT version, data FROM state WHERE name = ?1",
                [name],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?)
    }

    /// Writes a named blob of streaming state.
    pub fn put_state(&self, name: &str, version: i64, data: &str) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO state (name, version, data) VALUES (?1, ?2, ?3)
                 ON CONFLICT(name) DO UPDATE SET version = excluded.version, data = excluded.data",
            )?
            .execute(params![name, version, data])?;
        Ok(())
    }

    /// Deletes every story, membership and streaming state, to rebuild them.
    pub fn clear_derived(&self) -> Result<()> {
        self.tx.execute_batch(CLEAR_STORIES)?;
        self.tx
            .execute_batch("UPDATE articles SET duplicate_of = NULL;")?;
        Ok(())
    }

    /// Marks an article as a copy of another (or as an original).
    pub fn set_duplicate(&self, id: &str, duplicate_of: Option<&str>) -> Result<()> {
        self.tx
            .prepare_cached("UPDATE articles SET duplicate_of = ?2 WHERE id = ?1")?
            .execute(params![id, duplicate_of])?;
        Ok(())
    }

    /// The clusterer's numbers of the stories indexed under a name's key (see
    /// [`index_key`]: their entities and aliases) that fit `dates`, the latest `limit`
    /// first.
    pub fn story_seqs_with_key(
        &self,
        key: &str,
        limit: usize,
        dates: StoryDates,
    ) -> Result<Vec<u64>> {
        let mut stmt = self.tx.prepare_cached(
            "SELECT s.seq FROM story_entities e JOIN stories s ON s.id = e.story_id
             WHERE e.key = ?1 AND s.seq IS NOT NULL
               AND (?3 = 0 OR s.first_published IS NULL
                    OR (?4 IS NOT NULL AND s.last_published >= ?4 AND s.first_published <= ?5))
             ORDER BY s.seq DESC LIMIT ?2",
        )?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let (filtered, from, to) = dates.bounds();
        let rows = stmt.query_map(params![key, limit, filtered, from, to], |r| {
            r.get::<_, i64>(0)
        })?;
        let mut out = Vec::new();
        for seq in rows {
            out.push(seq?.max(0) as u64);
        }
        Ok(out)
    }

    /// Whether some story of the clusterer's has no publication date.
    pub fn has_undated_stories(&self) -> Result<bool> {
        Ok(self
            .tx
            .prepare_cached(
                "SELECT 1 FROM stories WHERE first_published IS NULL AND seq IS NOT NULL LIMIT 1",
            )?
            .query_row([], |_| Ok(()))
            .optional()?
            .is_some())
    }

    /// The id of the story with the clusterer's number `seq`.
    pub fn story_by_seq(&self, seq: u64) -> Result<Option<String>> {
        Ok(self
            .tx
            .prepare_cached("SELECT id FROM stories WHERE seq = ?1")?
            .query_row([seq as i64], |r| r.get(0))
            .optional()?)
    }

    /// The ids of a story's articles, in their stored order.
    pub fn story_article_ids(&self, story_id: &str) -> Result<Vec<String>> {
        let mut stmt = self.tx.prepare_cached(
            "SELECT article_id FROM story_articles WHERE story_id = ?1 ORDER BY position",
        )?;
        let rows = stmt.query_map([story_id], |r| r.get(0))?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }

    /// The stored articles with these ids (missing ids are left out), in canonical order.
    pub fn articles_by_id(&self, ids: &[String]) -> Result<Vec<AnalyzedArticle>> {
        let mut stmt = self.tx.prepare_cached(
            "SELECT article, annotations, duplicate_of FROM articles WHERE id = ?1",
        )?;
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            let row = stmt
                .query_row([id], |r| {
                    Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get(2)?))
                })
                .optional()?;
            if let Some((article, annotations, duplicate_of)) = row {
                out.push(AnalyzedArticle {
                    article: decode(id, &article)?,
                    annotations: decode(id, &annotations)?,
                    duplicate_of,
                });
            }
        }
        out.sort_by(|a, b| {
            let key = |x: &AnalyzedArticle| (x.article.published.is_none(), x.article.published);
            key(a)
                .cmp(&key(b))
                .then_with(|| a.article.id.cmp(&b.article.id))
        });
        Ok(out)
    }

    /// Inserts or replaces one story (its brief and its members), numbered `seq` by the
    /// clusterer.
    pub fn put_story(&self, brief: &Brief, seq: Option<u64>) -> Result<()> {
        remove_story(&self.tx, &brief.id)?;
        self.insert_story(brief, seq)
    }

    /// Removes one story and its member rows (its articles stay); nothing when absent.
    pub fn delete_story(&self, story_id: &str) -> Result<()> {
        remove_story(&self.tx, story_id)
    }

    /// The number of stories, including those written in this batch.
    pub fn story_count(&self) -> Result<usize> {
        let n: i64 = self
            .tx
            .query_row("SELECT count(*) FROM stories", [], |r| r.get(0))?;
        Ok(n as usize)
    }

    fn insert_story(&self, b: &Brief, seq: Option<u64>) -> Result<()> {
        let dates: Vec<NaiveDate> = b.sources.iter().filter_map(|s| s.published).collect();
        let mut outlets: Vec<String> = b.sources.iter().filter_map(|s| s.outlet.clone()).collect();
        outlets.sort();
        outlets.dedup();
        self.tx
            .prepare_cached(
                "INSERT INTO stories (id, headline, first_published, last_published, article_count, outlets, brief, seq)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?
            .execute(params![
                b.id,
                b.headline,
                dates.iter().min().map(|d| d.to_string()),
                dates.iter().max().map(|d| d.to_string()),
                b.article_ids.len() as i64,
                encode(&outlets),
                encode(b),
                seq.map(|s| s as i64),
            ])?;
        let mut member = self.tx.prepare_cached(
            "INSERT INTO story_articles (story_id, article_id, position) VALUES (?1, ?2, ?3)",
        )?;
        for (i, id) in b.article_ids.iter().enumerate() {
            member.execute(params![b.id, id, i as i64])?;
        }
        put_story_keys(&self.tx, &b.id, &outlets, b)
    }

    /// Makes the batch durable.
    pub fn commit(self) -> Result<()> {
        Ok(self.tx.commit()?)
    }
}

/// What the corpus stages (duplicates, stories, briefs) read and write inside one
/// transaction of a store: the interface of the engine's sequencing
/// (`engine::sequence`), implemented by [`Batch`] (SQLite) and by the PostgreSQL
/// store's sequencer transaction. Every method sees what the same transaction wrote.
pub trait Sequencing {
    /// One stored article.
    fn article(&self, id: &str) -> Result<Option<AnalyzedArticle>>;
    /// Every stored article, in canonical order.
    fn articles(&self) -> Result<Vec<AnalyzedArticle>>;
    /// The stored articles with these ids (missing ids are left out), in canonical order.
    fn articles_by_id(&self, ids: &[String]) -> Result<Vec<AnalyzedArticle>>;
    /// Marks an article as a copy of another (or as an original).
    fn set_duplicate(&self, id: &str, duplicate_of: Option<&str>) -> Result<()>;
    /// A named blob of streaming state with its version, as last written.
    fn state(&self, name: &str) -> Result<Option<(i64, String)>>;
    /// Writes a named blob of streaming state.
    fn put_state(&self, name: &str, version: i64, data: &str) -> Result<()>;
    /// The ids of the articles fed to the streaming state since its blobs were written.
    fn state_log(&self) -> Result<Vec<String>>;
    /// The number of entries in the state log.
    fn state_log_len(&self) -> Result<usize>;
    /// Appends articles fed to the streaming state to the state log.
    fn append_state_log(&self, ids: &[String]) -> Result<()>;
    /// Empties the state log.
    fn clear_state_log(&self) -> Result<()>;
    /// Deletes every story, membership, duplicate mark and streaming state, to rebuild.
    fn clear_derived(&self) -> Result<()>;
    /// The clusterer's numbers of the stories indexed under a name's key that fit
    /// `dates`, the latest `limit` first.
    fn story_seqs_with_key(&self, key: &str, limit: usize, dates: StoryDates) -> Result<Vec<u64>>;
    /// Whether some story of the clusterer's has no publication date.
    fn has_undated_stories(&self) -> Result<bool>;
    /// The id of the story with the clusterer's number `seq`.
    fn story_by_seq(&self, seq: u64) -> Result<Option<String>>;
    /// The ids of a story's articles, in their stored order.
    fn story_article_ids(&self, story_id: &str) -> Result<Vec<String>>;
    /// Inserts or replaces one story (its brief and its members), numbered `seq`.
    fn put_story(&self, brief: &Brief, seq: Option<u64>) -> Result<()>;
    /// Removes one story and its member rows; nothing when absent.
    fn delete_story(&self, story_id: &str) -> Result<()>;
    /// The number of stories.
    fn story_count(&self) -> Result<usize>;
}

impl Sequencing for Batch<'_> {
    fn article(&self, id: &str) -> Result<Option<AnalyzedArticle>> {
        Batch::article(self, id)
    }
    fn articles(&self) -> Result<Vec<AnalyzedArticle>> {
        Batch::articles(self)
    }
    fn articles_by_id(&self, ids: &[String]) -> Result<Vec<AnalyzedArticle>> {
        Batch::articles_by_id(self, ids)
    }
    fn set_duplicate(&self, id: &str, duplicate_of: Option<&str>) -> Result<()> {
        Batch::set_duplicate(self, id, duplicate_of)
    }
    fn state(&self, name: &str) -> Result<Option<(i64, String)>> {
        Batch::state(self, name)
    }
    fn put_state(&self, name: &str, version: i64, data: &str) -> Result<()> {
        Batch::put_state(self, name, version, data)
    }
    fn state_log(&self) -> Result<Vec<String>> {
        Batch::state_log(self)
    }
    fn state_log_len(&self) -> Result<usize> {
        Batch::state_log_len(self)
    }
    fn append_state_log(&self, ids: &[String]) -> Result<()> {
        Batch::append_state_log(self, ids)
    }
    fn clear_state_log(&self) -> Result<()> {
        Batch::clear_state_log(self)
    }
    fn clear_derived(&self) -> Result<()> {
        Batch::clear_derived(self)
    }
    fn story_seqs_with_key(&self, key: &str, limit: usize, dates: StoryDates) -> Result<Vec<u64>> {
        Batch::story_seqs_with_key(self, key, limit, dates)
    }
    fn has_undated_stories(&self) -> Result<bool> {
        Batch::has_undated_stories(self)
    }
    fn story_by_seq(&self, seq: u64) -> Result<Option<String>> {
        Batch::story_by_seq(self, seq)
    }
    fn story_article_ids(&self, story_id: &str) -> Result<Vec<String>> {
        Batch::story_article_ids(self, story_id)
    }
    fn put_story(&self, brief: &Brief, seq: Option<u64>) -> Result<()> {
        Batch::put_story(self, brief, seq)
    }
    fn delete_story(&self, story_id: &str) -> Result<()> {
        Batch::delete_story(self, story_id)
    }
    fn story_count(&self) -> Result<usize> {
        Batch::story_count(self)
    }
}

/// What readers of a store use (the story list with its filters and pages, a story's
/// page, an article, the search index following the change log, the consistency
/// check): the interface every store answers, the SQLite [`Store`] and the PostgreSQL
/// store of the `pgstore` crate, so `chorus stories|brief|check` and every route of
/// `chorus serve` work on either with one piece of code.
///
/// Readers never write. On the PostgreSQL store, what readers see of stories and of
/// the change log is what the sequencer has committed; the articles the workers wrote
/// and the sequencer has not reached yet are counted but belong to no story.
pub trait Reading {
    /// The number of stored articles.
    fn article_count(&mut self) -> Result<usize>;
    /// The number of stored articles for a status line, where a count must not cost a
    /// scan of a very large table, and whether it is exact (otherwise the database's
    /// own estimate). Exact unless a store says otherwise.
    fn article_count_for_status(&mut self) -> Result<(usize, bool)> {
        Ok((self.article_count()?, true))
    }
    /// The number of stories.
    fn story_count(&mut self) -> Result<usize>;
    /// The story list, newest first (last publication date, undated last, then size,
    /// then id).
    fn stories(&mut self) -> Result<Vec<StoryRow>>;
    /// One page of the story list (in the order of [`Reading::stories`]), filtered,
    /// with the number of stories that pass the filter.
    fn story_page(&mut self, filter: &StoryFilter) -> Result<(usize, Vec<StoryRow>)>;
    /// The list line of one story.
    fn story_row(&mut self, id: &str) -> Result<Option<StoryRow>>;
    /// One story's brief.
    fn brief(&mut self, id: &str) -> Result<Option<Brief>>;
    /// The ids of a story's articles, in their stored order.
    fn story_article_ids(&mut self, story_id: &str) -> Result<Vec<String>>;
    /// One stored article.
    fn article(&mut self, id: &str) -> Result<Option<AnalyzedArticle>>;
    /// The stored articles with these ids, in the order of `ids` (missing ids are left
    /// out): one question for a page of articles, where a store over the network
    /// answers it in one round trip.
    fn articles_in_order(&mut self, ids: &[String]) -> Result<Vec<AnalyzedArticle>> {
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            if let Some(a) = self.article(id)? {
                out.push(a);
            }
        }
        Ok(out)
    }
    /// The story an article belongs to, if any.
    fn story_of(&mut self, article_id: &str) -> Result<Option<String>>;
    /// The story of every article that belongs to one, by article id.
    fn article_stories(&mut self) -> Result<BTreeMap<String, String>>;
    /// Calls `f` with every article a reader sees, one at a time (in canonical order), so
    /// a caller passing over the store (the search index) need not hold it all.
    fn for_each_article(&mut self, f: &mut dyn FnMut(AnalyzedArticle)) -> Result<()>;
    /// When each of the stories `ids` last changed (Unix seconds), for those that have a
    /// time.
    fn story_times(&mut self, ids: &[String]) -> Result<std::collections::HashMap<String, i64>>;
    /// When a story of the store last changed (Unix seconds), if any has a time.
    fn stories_changed(&mut self) -> Result<Option<i64>>;
    /// The followed feeds, by URL (none on a store without a follower).
    fn feeds(&mut self) -> Result<Vec<FeedRow>>;
    /// The newest row of the change log, if any.
    fn last_change(&mut self) -> Result<Option<Change>>;
    /// The change-log row numbered `seq`, if it is still kept.
    fn change(&mut self, seq: u64) -> Result<Option<Change>>;
    /// Up to `limit` change-log rows numbered after `seq`, oldest first (see
    /// [`Store::changes_after`]). Numbers only grow and become visible in order, but may
    /// skip values.
    fn changes_after(&mut self, seq: u64, limit: usize) -> Result<Vec<Change>>;
    /// A cheap stamp that moves when another connection commits something readers see:
    /// asked before the change log, so an idle store costs one tiny query per look.
    fn data_version(&mut self) -> Result<i64>;
    /// A consistency check of the whole store.
    fn check(&mut self) -> Result<Consistency>;
}

impl Reading for Store {
    fn article_count(&mut self) -> Result<usize> {
        Store::article_count(self)
    }
    fn story_count(&mut self) -> Result<usize> {
        Store::story_count(self)
    }
    fn stories(&mut self) -> Result<Vec<StoryRow>> {
        Store::stories(self)
    }
    fn story_page(&mut self, filter: &StoryFilter) -> Result<(usize, Vec<StoryRow>)> {
        Store::story_page(self, filter)
    }
    fn story_row(&mut self, id: &str) -> Result<Option<StoryRow>> {
        Store::story_row(self, id)
    }
    fn brief(&mut self, id: &str) -> Result<Option<Brief>> {
        Store::brief(self, id)
    }
    fn story_article_ids(&mut self, story_id: &str) -> Result<Vec<String>> {
        Store::story_article_ids(self, story_id)
    }
    fn article(&mut self, id: &str) -> Result<Option<AnalyzedArticle>> {
        Store::article(self, id)
    }
    fn story_of(&mut self, article_id: &str) -> Result<Option<String>> {
        Store::story_of(self, article_id)
    }
    fn article_stories(&mut self) -> Result<BTreeMap<String, String>> {
        Store::article_stories(self)
    }
    fn for_each_article(&mut self, f: &mut dyn FnMut(AnalyzedArticle)) -> Result<()> {
        Store::for_each_article(self, f)
    }
    fn story_times(&mut self, ids: &[String]) -> Result<std::collections::HashMap<String, i64>> {
        Store::story_times(self, ids)
    }
    fn stories_changed(&mut self) -> Result<Option<i64>> {
        Store::stories_changed(self)
    }
    fn feeds(&mut self) -> Result<Vec<FeedRow>> {
        Store::feeds(self)
    }
    fn last_change(&mut self) -> Result<Option<Change>> {
        Store::last_change(self)
    }
    fn change(&mut self, seq: u64) -> Result<Option<Change>> {
        Store::change(self, seq)
    }
    fn changes_after(&mut self, seq: u64, limit: usize) -> Result<Vec<Change>> {
        Store::changes_after(self, seq, limit)
    }
    fn data_version(&mut self) -> Result<i64> {
        Store::data_version(self)
    }
    fn check(&mut self) -> Result<Consistency> {
        Store::check(self)
    }
}

/// The keys under which the story list indexes a story: its outlets (sorted, without
/// repeats, as stored in `stories.outlets`), and the [`index_key`]s of its outlets and of
/// its entities' names and aliases. Every store writes the same keys.
pub fn story_keys(b: &Brief) -> StoryKeys {
    let mut outlets: Vec<String> = b.sources.iter().filter_map(|s| s.outlet.clone()).collect();
    outlets.sort();
    outlets.dedup();
    let mut outlet_keys: Vec<String> = outlets.iter().map(|o| index_key(o)).collect();
    outlet_keys.sort();
    outlet_keys.dedup();
    let mut entity_keys: Vec<String> = b
        .entities
        .iter()
        .flat_map(|e| std::iter::once(&e.name).chain(&e.aliases))
        .map(|n| index_key(n))
        .collect();
    entity_keys.sort();
    entity_keys.dedup();
    let dates: Vec<NaiveDate> = b.sources.iter().filter_map(|s| s.published).collect();
    StoryKeys {
        first_published: dates.iter().min().copied(),
        last_published: dates.iter().max().copied(),
        outlets,
        outlet_keys,
        entity_keys,
    }
}

/// What [`story_keys`] derives from a brief for the story list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoryKeys {
    pub first_published: Option<NaiveDate>,
    pub last_published: Option<NaiveDate>,
    /// The outlets as shown, sorted, without repeats.
    pub outlets: Vec<String>,
    /// The lowercased outlet keys.
    pub outlet_keys: Vec<String>,
    /// The lowercased keys of the entities' names and aliases.
    pub entity_keys: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(id: &str, day: u32) -> AnalyzedArticle {
        AnalyzedArticle {
            article: Article {
                id: id.into(),
                title: format!("Title {id}"),
                outlet: Some("Outlet".into()),
                outlet_inferred: false,
                byline: None,
                published: NaiveDate::from_ymd_opt(2026, 3, day),
                language: Some("en".into()),
                body: "Body text.".into(),
                url: None,
            },
            duplicate_of: None,
            annotations: Annotations::default(),
        }
    }

    fn brief_of(id: &str, docs: &[&AnalyzedArticle]) -> Brief {
        Brief::sources_only(id, &docs[0].article.title, docs)
    }

    #[test]
    fn batches_commit_or_vanish() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (doc("a", 2), doc("b", 1));
        {
            let mut store = Store::open(dir.path()).unwrap();
            let batch = store.batch().unwrap();
            batch.put_article(&a, "h1", "a.txt").unwrap();
            batch.put_article(&b, "h2", "b.txt").unwrap();
            batch
                .replace_derived(&[], &[brief_of("s1", &[&b, &a])])
                .unwrap();
            batch.commit().unwrap();
            // A batch dropped without commit leaves nothing behind.
            let batch = store.batch().unwrap();
            batch.put_article(&doc("c", 3), "h3", "c.txt").unwrap();
            drop(batch);
        }
        let store = Store::open(dir.path()).unwrap();
        let ids: Vec<_> = store
            .articles()
            .unwrap()
            .into_iter()
            .map(|d| d.article.id)
            .collect();
        assert_eq!(ids, vec!["b", "a"]);
        let check = store.check().unwrap();
        assert!(check.problems.is_empty(), "{:?}", check.problems);
        assert_eq!((check.articles, check.stories), (2, 1));
        let stories = store.stories().unwrap();
        assert_eq!(stories[0].article_count, 2);
        assert_eq!(
            stories[0].last_published,
            NaiveDate::from_ymd_opt(2026, 3, 2)
        );
        assert_eq!(
            store.brief("s1").unwrap().unwrap().article_ids,
            vec!["b", "a"]
        );
        assert!(store.brief("nope").unwrap().is_none());
        assert_eq!(
            store.hashes().unwrap().get("a").map(String::as_str),
            Some("h1")
        );
    }

    #[test]
    fn story_pages_filter_and_fingerprints_change() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (doc("a", 2), doc("b", 9));
        let mut store = Store::open(dir.path()).unwrap();
        let empty = store.fingerprint().unwrap();
        let batch = store.batch().unwrap();
        batch.put_article(&a, "h1", "a.txt").unwrap();
        batch.put_article(&b, "h2", "b.txt").unwrap();
        let mut with_entity = brief_of("s2", &[&b]);
        with_entity.entities.push(model::StoryEntity {
            name: "Wren Halloway".into(),
            kind: model::EntityKind::Person,
            aliases: vec!["Halloway".into()],
            article_ids: vec!["b".into()],
        });
        batch
            .replace_derived(&[], &[brief_of("s1", &[&a]), with_entity])
            .unwrap();
        batch.commit().unwrap();
        let full = store.fingerprint().unwrap();
        assert_ne!(empty, full);
        assert_eq!(full, store.fingerprint().unwrap());
        let page = |f: StoryFilter| {
            let (total, rows) = store.story_page(&StoryFilter { limit: 10, ..f }).unwrap();
            (total, rows.into_iter().map(|r| r.id).collect::<Vec<_>>())
        };
        assert_eq!(
            page(StoryFilter::default()),
            (2, vec!["s2".into(), "s1".into()])
        );
        let day = |d| NaiveDate::from_ymd_opt(2026, 3, d);
        assert_eq!(
            page(StoryFilter {
                from: day(5),
                ..StoryFilter::default()
            })
            .1,
            vec!["s2"]
        );
        assert_eq!(
            page(StoryFilter {
                to: day(5),
                ..StoryFilter::default()
            })
            .1,
            vec!["s1"]
        );
        assert_eq!(
            page(StoryFilter {
                outlet: Some("OUTLET".into()),
                ..StoryFilter::default()
            })
            .0,
            2
        );
        assert_eq!(
            page(StoryFilter {
                outlet: Some("Other".into()),
                ..StoryFilter::default()
            })
            .0,
            0
        );
        assert_eq!(
            page(StoryFilter {
                entity: Some("halloway".into()),
                ..StoryFilter::default()
            })
            .1,
            vec!["s2"]
        );
        assert_eq!(
            page(StoryFilter {
                entity: Some("wren halloway".into()),
                ..StoryFilter::default()
            })
            .1,
            vec!["s2"]
        );
        let (total, rows) = store
            .story_page(&StoryFilter {
                offset: 1,
                limit: 1,
                ..StoryFilter::default()
            })
            .unwrap();
        assert_eq!((total, rows.len()), (2, 1));
        assert_eq!(store.story_of("a").unwrap().as_deref(), Some("s1"));
        assert_eq!(store.article_stories().unwrap().len(), 2);
        let mut seen = Vec::new();
        store.for_each_article(|d| seen.push(d.article.id)).unwrap();
        assert_eq!(seen, vec!["a", "b"]);
    }

    #[test]
    fn a_second_writer_waits_and_may_give_up_with_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        let mut first = Store::open(dir.path()).unwrap();
        let mut second = Store::open(dir.path()).unwrap();
        let held = first.batch().unwrap();
        let mut calls = Vec::new();
        let err = second
            .batch_waiting(&mut |waited| {
                calls.push(waited);
                calls.len() < 2
            })
            .err()
            .expect("the lock is held");
        assert_eq!(calls.len(), 2);
        let message = err.to_string();
        assert!(
            message.contains("another ingest is writing to") && message.contains("gave up"),
            "{message}"
        );
        // Readers never wait; the second writer goes on once the first commits.
        assert_eq!(second.article_count().unwrap(), 0);
        held.put_article(&doc("a", 2), "h1", "a.txt").unwrap();
        held.commit().unwrap();
        let batch = second.batch_waiting(&mut |_| false).unwrap();
        assert_eq!(batch.articles().unwrap().len(), 1);
    }

    #[test]
    fn staged_articles_are_decided_under_the_lock() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path()).unwrap();
        let mut other = Store::open(dir.path()).unwrap();
        let (a, b) = (doc("a", 1), doc("b", 2));
        let stage = |s: &mut Store| {
            s.stage(&[
                Staged {
                    doc: &a,
                    hash: "ha",
                    source: "a.txt",
                },
                Staged {
                    doc: &b,
                    hash: "hb",
                    source: "b.txt",
                },
            ])
            .unwrap()
        };
        stage(&mut store);
        stage(&mut other);
        // The other connection writes `a` as staged and another version of `b` first.
        let batch = other.batch().unwrap();
        assert_eq!(
            batch.take_staged().unwrap(),
            vec![
                ("a".to_string(), StagedOutcome::Added),
                ("b".to_string(), StagedOutcome::Added)
            ]
        );
        batch.put_article(&b, "old", "b.txt").unwrap();
        batch.commit().unwrap();
        let batch = store.batch().unwrap();
        assert_eq!(
            batch.take_staged().unwrap(),
            vec![
                ("a".to_string(), StagedOutcome::Unchanged),
                ("b".to_string(), StagedOutcome::Updated)
            ]
        );
        assert!(batch.take_staged().unwrap().is_empty());
        batch.commit().unwrap();
        assert_eq!(store.hash_of("b").unwrap().as_deref(), Some("hb"));
        assert_eq!(store.hash_of("zz").unwrap(), None);
    }

    #[test]
    fn format_2_is_migrated_with_its_story_list_indexed() {
        let dir = tempfile::tempdir().unwrap();
        let a = doc("a", 2);
        let mut brief = brief_of("s1", &[&a]);
        brief.entities.push(model::StoryEntity {
            name: "Émile Zola".into(),
            kind: model::EntityKind::Person,
            aliases: vec!["Zola".into()],
            article_ids: vec!["a".into()],
        });
        {
            let mut conn = Connection::open(dir.path().join(DB_FILE)).unwrap();
            let tx = conn.transaction().unwrap();
            tx.execute_batch(SCHEMA).unwrap();
            tx.execute_batch(MIGRATE_2).unwrap();
            tx.pragma_update(None, "user_version", 2).unwrap();
            tx.execute(
                "INSERT INTO articles (id, hash, source, published, article, annotations) VALUES ('a', 'h', 'a.txt', '2026-03-02', ?1, ?2)",
                params![encode(&a.article), encode(&a.annotations)],
            )
            .unwrap();
            tx.execute(
                "INSERT INTO stories (id, headline, first_published, last_published, article_count, outlets, brief)
                 VALUES ('s1', 'Title a', '2026-03-02', '2026-03-02', 1, '[\"Outlet\"]', ?1)",
                [encode(&brief)],
            )
            .unwrap();
            tx.execute(
                "INSERT INTO story_articles (story_id, article_id, position) VALUES ('s1', 'a', 0)",
                [],
            )
            .unwrap();
            tx.commit().unwrap();
        }
        let mut store = Store::open(dir.path()).unwrap();
        let find = |store: &Store, entity: &str, outlet: Option<&str>| {
            store
                .story_page(&StoryFilter {
                    entity: Some(entity.into()),
                    outlet: outlet.map(String::from),
                    limit: 10,
                    ..StoryFilter::default()
                })
                .unwrap()
                .0
        };
        assert_eq!(store.warc_id_bits().unwrap(), OLD_WARC_ID_BITS);
        assert_eq!(find(&store, "émile zola", None), 1);
        assert_eq!(find(&store, "ÉMILE ZOLA", Some("outlet")), 1);
        assert_eq!(find(&store, " zola ", None), 1);
        assert_eq!(find(&store, "zola", Some("other")), 0);
        assert_eq!(find(&store, "emile", None), 0);
        // Deleting the story deletes its index rows; writing it again writes them.
        let batch = store.batch().unwrap();
        batch.delete_story("s1").unwrap();
        batch.commit().unwrap();
        assert_eq!(find(&store, "zola", None), 0);
        let batch = store.batch().unwrap();
        batch.put_story(&brief, None).unwrap();
        batch.put_story(&brief, None).unwrap();
        batch.commit().unwrap();
        assert_eq!(find(&store, "zola", None), 1);
        assert!(store.check().unwrap().problems.is_empty());
    }

    #[test]
    fn story_list_filters_search_indexes_instead_of_scanning() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let day = NaiveDate::from_ymd_opt(2026, 3, 1);
        let filters = [
            StoryFilter {
                entity: Some("Zola".into()),
                ..StoryFilter::default()
            },
            StoryFilter {
                outlet: Some("Outlet".into()),
                ..StoryFilter::default()
            },
            StoryFilter {
                from: day,
                ..StoryFilter::default()
            },
            StoryFilter {
                to: day,
                entity: Some("Zola".into()),
                ..StoryFilter::default()
            },
        ];
        for filter in filters {
            let (sql_where, args) = story_where(&filter, '?');
            for sql in [
                format!("SELECT count(*) FROM stories{sql_where}"),
                format!("SELECT id FROM stories{sql_where} {STORY_ORDER} LIMIT 20"),
            ] {
                let mut stmt = store
                    .conn
                    .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
                    .unwrap();
                let plan: Vec<String> = stmt
                    .query_map(rusqlite::params_from_iter(args.iter()), |r| r.get(3))
                    .unwrap()
                    .collect::<std::result::Result<_, _>>()
                    .unwrap();
                assert!(
                    plan.iter().all(|step| !step.starts_with("SCAN")),
                    "{filter:?}: {plan:?}"
                );
            }
        }
    }

    #[test]
    fn newer_formats_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        drop(Store::open(dir.path()).unwrap());
        let conn = Connection::open(dir.path().join(DB_FILE)).unwrap();
        conn.pragma_update(None, "user_version", FORMAT_VERSION + 1)
            .unwrap();
        drop(conn);
        assert!(matches!(
            Store::open(dir.path()),
            Err(StoreError::TooNew { .. })
        ));
    }

    #[test]
    fn check_finds_orphans() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path()).unwrap();
        let batch = store.batch().unwrap();
        batch.put_article(&doc("a", 2), "h1", "a.txt").unwrap();
        batch.commit().unwrap();
        let check = store.check().unwrap();
        assert_eq!(
            check.problems,
            vec!["1 articles belong to no story".to_string()]
        );
    }

    #[test]
    fn a_new_store_records_64_bit_warc_ids_and_an_older_one_48() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        assert_eq!(store.warc_id_bits().unwrap(), 64);
        drop(store);
        assert_eq!(Store::open(dir.path()).unwrap().warc_id_bits().unwrap(), 64);
        // Format 3, as an older build left it: its ids are 48 bits wide, and stay so.
        {
            let conn = Connection::open(dir.path().join(DB_FILE)).unwrap();
            conn.execute_batch("DROP TABLE meta; PRAGMA user_version = 3;")
                .unwrap();
        }
        let store = Store::open(dir.path()).unwrap();
        assert_eq!(store.warc_id_bits().unwrap(), 48);
        drop(store);
        assert_eq!(Store::open(dir.path()).unwrap().warc_id_bits().unwrap(), 48);
        // A missing record reads as the old width; a foreign value is an error.
        let conn = Connection::open(dir.path().join(DB_FILE)).unwrap();
        conn.execute("DELETE FROM meta", []).unwrap();
        assert_eq!(Store::open(dir.path()).unwrap().warc_id_bits().unwrap(), 48);
        conn.execute("INSERT INTO meta VALUES ('warc_id_bits', '32')", [])
            .unwrap();
        assert!(matches!(
            Store::open(dir.path()).unwrap().warc_id_bits(),
            Err(StoreError::Corrupt { .. })
        ));
    }

    #[test]
    fn format_1_is_migrated_and_keeps_its_articles() {
        let dir = tempfile::tempdir().unwrap();
        {
            let mut conn = Connection::open(dir.path().join(DB_FILE)).unwrap();
            let tx = conn.transaction().unwrap();
            tx.execute_batch(SCHEMA).unwrap();
            tx.pragma_update(None, "user_version", 1).unwrap();
            tx.commit().unwrap();
            let a = doc("a", 2);
            conn.execute(
                "INSERT INTO articles (id, hash, source, published, article, annotations) VALUES ('a', 'h', 'a.txt', '2026-03-02', ?1, ?2)",
                params![encode(&a.article), encode(&a.annotations)],
            )
            .unwrap();
        }
        let mut store = Store::open(dir.path()).unwrap();
        assert_eq!(store.article_count().unwrap(), 1);
        let batch = store.batch().unwrap();
        assert_eq!(batch.state("cluster").unwrap(), None);
        batch.put_state("cluster", 3, "{}").unwrap();
        let a = doc("a", 2);
        batch.put_story(&brief_of("s1", &[&a]), Some(7)).unwrap();
        batch.commit().unwrap();
        drop(store);
        let mut store = Store::open(dir.path()).unwrap();
        let batch = store.batch().unwrap();
        assert_eq!(batch.state("cluster").unwrap(), Some((3, "{}".into())));
        assert_eq!(batch.story_by_seq(7).unwrap().as_deref(), Some("s1"));
        assert_eq!(batch.story_article_ids("s1").unwrap(), vec!["a"]);
        // Replacing a story replaces its members.
        let b = doc("b", 1);
        batch.put_article(&b, "h2", "b.txt").unwrap();
        batch
            .put_story(&brief_of("s1", &[&b, &a]), Some(7))
            .unwrap();
        let ids = vec!["a".to_string(), "b".to_string(), "zz".to_string()];
        let got: Vec<_> = batch
            .articles_by_id(&ids)
            .unwrap()
            .into_iter()
            .map(|d| d.article.id)
            .collect();
        assert_eq!(got, vec!["b", "a"]);
        assert_eq!(batch.story_count().unwrap(), 1);
        batch.set_duplicate("b", Some("a")).unwrap();
        batch.commit().unwrap();
        assert!(store.check().unwrap().problems.is_empty());
        assert_eq!(
            store.article("b").unwrap().unwrap().duplicate_of.as_deref(),
            Some("a")
        );
    }

    #[test]
    fn the_change_log_names_what_each_batch_wrote() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (doc("a", 2), doc("b", 9));
        let mut store = Store::open(dir.path()).unwrap();
        assert_eq!(store.last_change().unwrap(), None);
        let batch = store.batch().unwrap();
        batch.put_article(&a, "h1", "a.txt").unwrap();
        batch.put_story(&brief_of("s1", &[&a]), Some(0)).unwrap();
        batch.commit().unwrap();
        let seen = |store: &Store, after: u64| {
            store
                .changes_after(after, 100)
                .unwrap()
                .into_iter()
                .map(|c| (c.kind, c.id))
                .collect::<Vec<_>>()
        };
        use ChangeKind::{Article as A, Story as S};
        assert_eq!(seen(&store, 0), vec![(A, "a".into()), (S, "s1".into())]);
        let last = store.last_change().unwrap().unwrap();
        assert_eq!(store.change(last.seq).unwrap(), Some(last.clone()));
        // Duplicate marks are not logged; a rewritten story is (deleted and inserted),
        // a folded story's deletion is, and so is a changed article.
        let batch = store.batch().unwrap();
        batch.put_article(&b, "h2", "b.txt").unwrap();
        batch.set_duplicate("b", Some("a")).unwrap();
        batch.put_story(&brief_of("s2", &[&b]), Some(1)).unwrap();
        batch.delete_story("s2").unwrap();
        batch
            .put_story(&brief_of("s1", &[&a, &b]), Some(0))
            .unwrap();
        batch.put_article(&a, "h1b", "a.txt").unwrap();
        batch.commit().unwrap();
        assert_eq!(
            seen(&store, last.seq),
            vec![
                (A, "b".into()),
                (S, "s2".into()),
                (S, "s2".into()),
                (S, "s1".into()),
                (S, "s1".into()),
                (A, "a".into()),
            ]
        );
        assert_eq!(store.changes_after(last.seq, 2).unwrap().len(), 2);
        assert_eq!(store.story_article_ids("s1").unwrap(), vec!["a", "b"]);
        assert!(store.story_article_ids("s2").unwrap().is_empty());
        let row = store.story_row("s1").unwrap().unwrap();
        assert_eq!((row.article_count, row.outlets.len()), (2, 1));
        assert_eq!(store.story_row("s2").unwrap(), None);
        // The log survives reopening, and numbers keep growing.
        drop(store);
        let store = Store::open(dir.path()).unwrap();
        assert!(store.last_change().unwrap().unwrap().seq > last.seq);
    }
}
