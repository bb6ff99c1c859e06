//! What the follower (crate `follow`) keeps in the store: the feeds it polls, with their
//! validators, schedule and health, and every item it has taken from them.
//!
//! The two tables are created on open when missing, whatever the format version (as the
//! change log is), so an older store gains them without a migration and an older build
//! reading a newer store simply ignores them. They are written in the same [`Batch`] as
//! the articles a poll produced, so a poll is stored whole or not at all.
//!
//! The `story_times` table, created on open the same way, records when each story last
//! changed (for the live story list of `chorus serve`); triggers on `stories` keep it,
//! so every writer stamps the stories it changes.

use rusqlite::{params, OptionalExtension, Transaction, TransactionBehavior};

use crate::{Batch, Result, Store};

/// The follower's tables; `IF NOT EXISTS`, as they are created on open.
pub(crate) const FEED_TABLES: &str = "
CREATE TABLE IF NOT EXISTS feeds (
    url          TEXT PRIMARY KEY NOT NULL,
    title        TEXT,
    added        INTEGER NOT NULL,
    etag         TEXT,
    last_modified TEXT,
    interval     INTEGER NOT NULL,
    next_poll    INTEGER NOT NULL,
    last_attempt INTEGER,
    last_success INTEGER,
    failures     INTEGER NOT NULL DEFAULT 0,
    last_error   TEXT,
    new_items    INTEGER NOT NULL DEFAULT 0,
    total_items  INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS feed_items (
    key        TEXT PRIMARY KEY NOT NULL,
    feed       TEXT NOT NULL,
    article_id TEXT,
    seen       INTEGER NOT NULL,
    outcome    TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS feed_items_feed ON feed_items(feed);
";

/// When each story last changed (its article count or its headline), for the live
/// page: kept by triggers on `stories`, so every writer (an ingest, the follower, the
/// API) stamps the stories it changes in the same transaction, with SQLite's clock. A
/// story rewritten unchanged keeps its time. Rows of stories since merged away stay
/// (one short row each) and are never read, as readers join on `stories`. Stories
/// written before the table existed have no time.
pub(crate) const STORY_TIMES: &str = "
CREATE TABLE IF NOT EXISTS story_times (
    story_id      TEXT PRIMARY KEY NOT NULL,
    updated       INTEGER NOT NULL,
    article_count INTEGER NOT NULL,
    headline      TEXT NOT NULL
);
CREATE TRIGGER IF NOT EXISTS story_times_insert AFTER INSERT ON stories
BEGIN
    INSERT INTO story_times (story_id, updated, article_count, headline)
    VALUES (NEW.id, CAST(strftime('%s', 'now') AS INTEGER), NEW.article_count, NEW.headline)
    ON CONFLICT (story_id) DO UPDATE SET updated = excluded.updated,
        article_count = excluded.article_count, headline = excluded.headline
    WHERE story_times.article_count != excluded.article_count
        OR story_times.headline != excluded.headline;
END;
CREATE TRIGGER IF NOT EXISTS story_times_update AFTER UPDATE OF article_count, headline ON stories
BEGIN
    INSERT INTO story_times (story_id, updated, article_count, headline)
    VALUES (NEW.id, CAST(strftime('%s', 'now') AS INTEGER), NEW.article_count, NEW.headline)
    ON CONFLICT (story_id) DO UPDATE SET updated = excluded.updated,
        article_count = excluded.article_count, headline = excluded.headline
    WHERE story_times.article_count != excluded.article_count
        OR story_times.headline != excluded.headline;
END;
";

/// Creates the follower's tables and the story times when they are missing, under the
/// write lock.
pub(crate) fn ensure_tables(conn: &rusqlite::Connection) -> Result<()> {
    let present: i64 = conn.query_row(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('feeds', 'feed_items')",
        [],
        |r| r.get(0),
    )?;
    if present < 2 {
        let tx = Transaction::new_unchecked(conn, TransactionBehavior::Immediate)?;
        tx.execute_batch(FEED_TABLES)?;
        tx.commit()?;
    }
    let timed: i64 = conn.query_row(
        "SELECT count(*) FROM sqlite_master WHERE name IN
            ('story_times', 'story_times_insert', 'story_times_update')",
        [],
        |r| r.get(0),
    )?;
    if timed < 3 {
        let tx = Transaction::new_unchecked(conn, TransactionBehavior::Immediate)?;
        tx.execute_batch(STORY_TIMES)?;
        tx.commit()?;
    }
    Ok(())
}

/// One followed feed (or sitemap) and what the follower knows of it. Times are Unix
/// seconds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedRow {
    /// The feed's URL, as added (normalised by the follower).
    pub url: String,
    /// The feed's own title, from its last successful poll.
    pub title: Option<String>,
    /// When it was added.
    pub added: i64,
    /// The `ETag` of its last full answer, sent back as `If-None-Match`.
    pub etag: Option<String>,
    /// The `Last-Modified` of its last full answer, sent back as `If-Modified-Since`.
    pub last_modified: Option<String>,
    /// The current poll interval in seconds (adapted to how often it publishes).
    pub interval: i64,
    /// When it is next due.
    pub next_poll: i64,
    pub last_attempt: Option<i64>,
    pub last_success: Option<i64>,
    /// Failed polls in a row (0 when the last poll succeeded).
    pub failures: i64,
    /// Why the last poll failed, if it did.
    pub last_error: Option<String>,
    /// Items new at the last successful poll.
    pub new_items: i64,
    /// Items taken from it in all.
    pub total_items: i64,
}

impl FeedRow {
    /// A feed just added, due at once.
    pub fn new(url: &str, now: i64, interval: i64) -> FeedRow {
        FeedRow {
            url: url.to_string(),
            title: None,
            added: now,
            etag: None,
            last_modified: None,
            interval,
            next_poll: now,
            last_attempt: None,
            last_success: None,
            failures: 0,
            last_error: None,
            new_items: 0,
            total_items: 0,
        }
    }
}

/// Failed polls in a row from which a feed counts as failing rather than retrying.
pub const FAILING_AFTER: i64 = 3;

impl FeedRow {
    /// The feed's health in a word: `new` (never polled), `ok`, `retrying` (its last
    /// poll failed) or `failing` (its last `FAILING_AFTER` polls or more all failed).
    pub fn status(&self) -> &'static str {
        match self.failures {
            f if f >= FAILING_AFTER => "failing",
            f if f > 0 => "retrying",
            _ if self.last_success.is_some() => "ok",
            _ if self.last_attempt.is_some() => "retrying",
            _ => "new",
        }
    }
}

/// One item the follower has taken from a feed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedItem {
    /// The item's key: its normalised URL, or the feed's URL and the item's id for an
    /// item without a link.
    pub key: String,
    /// The feed it came from (first).
    pub feed: String,
    /// The article it produced, if it produced one.
    pub article_id: Option<String>,
    /// When it was taken (Unix seconds).
    pub seen: i64,
    /// How it was taken: `page` (its page was fetched), `feed-text` (the feed's text, the
    /// page could not be fetched), `alias` (another URL of an article already taken) or
    /// `failed`.
    pub outcome: String,
}

const FEED_COLUMNS: &str = "url, title, added, etag, last_modified, interval, next_poll,
    last_attempt, last_success, failures, last_error, new_items, total_items";

fn feed_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<FeedRow> {
    Ok(FeedRow {
        url: r.get(0)?,
        title: r.get(1)?,
        added: r.get(2)?,
        etag: r.get(3)?,
        last_modified: r.get(4)?,
        interval: r.get(5)?,
        next_poll: r.get(6)?,
        last_attempt: r.get(7)?,
        last_success: r.get(8)?,
        failures: r.get(9)?,
        last_error: r.get(10)?,
        new_items: r.get(11)?,
        total_items: r.get(12)?,
    })
}

fn put_feed(conn: &rusqlite::Connection, f: &FeedRow) -> Result<()> {
    conn.prepare_cached(&format!(
        "INSERT OR REPLACE INTO feeds ({FEED_COLUMNS})
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)"
    ))?
    .execute(params![
        f.url,
        f.title,
        f.added,
        f.etag,
        f.last_modified,
        f.interval,
        f.next_poll,
        f.last_attempt,
        f.last_success,
        f.failures,
        f.last_error,
        f.new_items,
        f.total_items,
    ])?;
    Ok(())
}

impl Store {
    /// Every followed feed, by URL.
    pub fn feeds(&self) -> Result<Vec<FeedRow>> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!("SELECT {FEED_COLUMNS} FROM feeds ORDER BY url"))?;
        let rows = stmt.query_map([], feed_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Adds feeds not followed yet (a feed already followed keeps its state), in one
    /// transaction; returns how many were new.
    pub fn add_feeds(&mut self, feeds: &[FeedRow]) -> Result<usize> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut added = 0;
        for f in feeds {
            let known: Option<i64> = tx
                .query_row("SELECT 1 FROM feeds WHERE url = ?1", [&f.url], |r| r.get(0))
                .optional()?;
            if known.is_none() {
                put_feed(&tx, f)?;
                added += 1;
            }
        }
        tx.commit()?;
        Ok(added)
    }

    /// Stops following feeds (the articles they produced stay); returns how many were
    /// followed.
    pub fn remove_feeds(&mut self, urls: &[String]) -> Result<usize> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut removed = 0;
        for url in urls {
            removed += tx.execute("DELETE FROM feeds WHERE url = ?1", [url])?;
        }
        tx.commit()?;
        Ok(removed)
    }

    /// The item stored under `key`, if the follower has taken it.
    pub fn feed_item(&self, key: &str) -> Result<Option<FeedItem>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT key, feed, article_id, seen, outcome FROM feed_items WHERE key = ?1",
            )?
            .query_row([key], |r| {
                Ok(FeedItem {
                    key: r.get(0)?,
                    feed: r.get(1)?,
                    article_id: r.get(2)?,
                    seen: r.get(3)?,
                    outcome: r.get(4)?,
                })
            })
            .optional()?)
    }

    /// When each of the stories `ids` last changed (Unix seconds), for those that have a
    /// time (stamped by triggers whenever a story's article count or headline changes).
    pub fn story_times(&self, ids: &[String]) -> Result<std::collections::HashMap<String, i64>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT updated FROM story_times WHERE story_id = ?1")?;
        let mut out = std::collections::HashMap::new();
        for id in ids {
            if let Some(t) = stmt.query_row([id], |r| r.get(0)).optional()? {
                out.insert(id.clone(), t);
            }
        }
        Ok(out)
    }

    /// When a story of the store last changed (Unix seconds), if any has a time.
    pub fn stories_changed(&self) -> Result<Option<i64>> {
        Ok(self.conn.query_row(
            "SELECT max(t.updated) FROM story_times t JOIN stories s ON s.id = t.story_id",
            [],
            |r| r.get(0),
        )?)
    }

    /// How many items the follower has taken, in all.
    pub fn feed_item_count(&self) -> Result<usize> {
        let n: i64 = self
            .conn
            .query_row("SELECT count(*) FROM feed_items", [], |r| r.get(0))?;
        Ok(n as usize)
    }
}

impl Batch<'_> {
    /// Writes a feed's state (replacing the stored one).
    pub fn put_feed(&self, feed: &FeedRow) -> Result<()> {
        put_feed(&self.tx, feed)
    }

    /// Records items as taken; an item already recorded keeps its first record.
    pub fn put_feed_items(&self, items: &[FeedItem]) -> Result<()> {
        let mut put = self.tx.prepare_cached(
            "INSERT OR IGNORE INTO feed_items (key, feed, article_id, seen, outcome)
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        for i in items {
            put.execute(params![i.key, i.feed, i.article_id, i.seen, i.outcome])?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feeds_and_items_round_trip_and_survive_reopening() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path()).unwrap();
        let a = FeedRow::new("https://a.example/rss", 100, 900);
        let b = FeedRow::new("https://b.example/atom", 100, 900);
        assert_eq!(store.add_feeds(&[a.clone(), b.clone()]).unwrap(), 2);
        // Adding again keeps the stored state.
        let mut changed = a.clone();
        changed.failures = 3;
        assert_eq!(store.add_feeds(&[changed]).unwrap(), 0);
        assert_eq!(store.feeds().unwrap(), vec![a.clone(), b.clone()]);

        let batch = store.batch().unwrap();
        let mut polled = a.clone();
        polled.etag = Some("\"v1\"".into());
        polled.new_items = 2;
        batch.put_feed(&polled).unwrap();
        let item = FeedItem {
            key: "https://a.example/1".into(),
            feed: a.url.clone(),
            article_id: Some("a.example-1".into()),
            seen: 101,
            outcome: "page".into(),
        };
        batch.put_feed_items(std::slice::from_ref(&item)).unwrap();
        // A second record of the same key keeps the first.
        let mut again = item.clone();
        again.feed = b.url.clone();
        batch.put_feed_items(&[again]).unwrap();
        batch.commit().unwrap();
        drop(store);

        let mut store = Store::open(dir.path()).unwrap();
        assert_eq!(store.feeds().unwrap()[0], polled);
        assert_eq!(store.feed_item(&item.key).unwrap(), Some(item));
        assert_eq!(store.feed_item_count().unwrap(), 1);
        assert_eq!(store.remove_feeds(std::slice::from_ref(&b.url)).unwrap(), 1);
        assert_eq!(store.feeds().unwrap().len(), 1);
        assert!(store.check().unwrap().problems.is_empty());
    }

    #[test]
    fn stories_are_stamped_when_they_change_and_only_then() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let put = |count: i64| {
            store
                .conn
                .execute_batch(&format!(
                    "DELETE FROM stories WHERE id = 's1';
                     INSERT INTO stories (id, headline, article_count, outlets, brief)
                     VALUES ('s1', 'Ferry strike', {count}, '[]', '{{}}');"
                ))
                .unwrap();
        };
        assert_eq!(store.stories_changed().unwrap(), None);
        put(1);
        let ids = vec!["s1".to_string(), "s2".to_string()];
        let first = store.story_times(&ids).unwrap();
        assert_eq!(first.len(), 1, "s2 does not exist: {first:?}");
        assert!(first["s1"] > 1_600_000_000, "{first:?}");
        // Back-date the stamp: a rewrite with the same count and headline keeps it, a
        // new article moves it.
        store
            .conn
            .execute("UPDATE story_times SET updated = 5", [])
            .unwrap();
        put(1);
        assert_eq!(store.story_times(&ids).unwrap()["s1"], 5);
        assert_eq!(store.stories_changed().unwrap(), Some(5));
        put(2);
        assert!(store.story_times(&ids).unwrap()["s1"] > 5);
        store
            .conn
            .execute("UPDATE story_times SET updated = 7", [])
            .unwrap();
        store
            .conn
            .execute("UPDATE stories SET headline = 'Ferry strike ends'", [])
            .unwrap();
        assert!(store.stories_changed().unwrap().unwrap() > 7);
    }

    #[test]
    fn an_uncommitted_batch_leaves_no_feed_state() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path()).unwrap();
        let a = FeedRow::new("https://a.example/rss", 100, 900);
        store.add_feeds(std::slice::from_ref(&a)).unwrap();
        {
            let batch = store.batch().unwrap();
            let mut polled = a.clone();
            polled.failures = 1;
            batch.put_feed(&polled).unwrap();
            // Dropped without commit: rolled back.
        }
        assert_eq!(store.feeds().unwrap(), vec![a]);
    }
}
