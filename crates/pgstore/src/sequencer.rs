//! The sequencer: one process at a time runs the corpus stages over the articles the
//! workers wrote.
//!
//! It holds a session-level advisory lock for as long as it runs; a second sequencer
//! blocks on that lock (a standby) and takes over when the first one's session ends (it
//! exited, died, or its connection broke). Each round is one `REPEATABLE READ`
//! transaction on the lock's own connection: it takes the articles not yet sequenced
//! (new, or changed since they were sequenced), runs [`engine::sequence`] over them, and
//! marks them sequenced with the content it read, so a round that commits has written
//! stories, briefs, state and marks together, and a round that dies wrote nothing.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::time::Duration;

use engine::Config;
use model::{AnalyzedArticle, Brief};
use postgres::error::SqlState;
use postgres::types::ToSql;
use postgres::{Client, IsolationLevel, NoTls, Row, Statement, Transaction};
use store::{Sequencing, StoreError, StoryDates};

use crate::{encode, PgError, Result};

/// The advisory lock the active sequencer holds ("chorus:s").
pub const SEQUENCER_LOCK: i64 = 0x6368_6f72_7573_3a73;

/// How a sequencer runs.
#[derive(Debug, Clone)]
pub struct SequencerOptions {
    /// Exit once no job is queued or running and every article is sequenced.
    pub until_idle: bool,
    /// How long to wait before looking again when there is nothing to sequence.
    pub poll: Duration,
    /// The most articles one round takes (the first ones in canonical order), so a
    /// round's memory and transaction stay bounded during a backfill.
    pub max_round: usize,
}

impl Default for SequencerOptions {
    fn default() -> Self {
        SequencerOptions {
            until_idle: false,
            poll: Duration::from_millis(500),
            max_round: 5000,
        }
    }
}

/// What a sequencer did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SequencerReport {
    /// Rounds that committed with articles in them.
    pub rounds: usize,
    /// Articles fed through the corpus stages.
    pub articles: usize,
    /// Rounds that rebuilt everything derived.
    pub rebuilds: usize,
    /// Rounds tried again because a worker changed an article under them.
    pub retries: usize,
}

/// What one round did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Round {
    /// Articles fed through the corpus stages (0: nothing to do).
    pub articles: usize,
    /// Whether everything derived was rebuilt.
    pub rebuilt: bool,
    /// Whether, when the round started, no job was queued or running and no article
    /// waited to be sequenced.
    pub idle: bool,
}

/// Runs the sequencer against the store at `url`: waits for the sequencer lock (as a
/// standby while another sequencer holds it), then sequences round after round until
/// idle (with [`SequencerOptions::until_idle`]) or forever.
pub fn run(url: &str, options: &SequencerOptions, config: &Config) -> Result<SequencerReport> {
    let mut client = Client::connect(url, NoTls)?;
    crate::name_session(
        &mut client,
        &format!("chorus sequence {}", std::process::id()),
    )?;
    client.execute("SELECT pg_advisory_lock($1)", &[&SEQUENCER_LOCK])?;
    let key = cache_key(url);
    let mut report = SequencerReport::default();
    loop {
        let round = match round(&mut client, config, &key, options.max_round) {
            Ok(r) => r,
            Err(PgError::Postgres(e)) if e.code() == Some(&SqlState::T_R_SERIALIZATION_FAILURE) => {
                report.retries += 1;
                continue;
            }
            Err(PgError::Store(StoreError::Backend(e)))
                if e.downcast_ref::<postgres::Error>().and_then(|e| e.code())
                    == Some(&SqlState::T_R_SERIALIZATION_FAILURE) =>
            {
                report.retries += 1;
                continue;
            }
            Err(e) => return Err(e),
        };
        if round.articles > 0 {
            report.rounds += 1;
            report.articles += round.articles;
            report.rebuilds += usize::from(round.rebuilt);
            continue;
        }
        if options.until_idle && round.idle {
            return Ok(report);
        }
        std::thread::sleep(options.poll);
    }
}

/// The key of a store's state in the engine's in-memory cache.
pub fn cache_key(url: &str) -> PathBuf {
    PathBuf::from(format!("postgres:{url}"))
}

/// One round of the sequencer on `client` (which should hold [`SEQUENCER_LOCK`]; rounds
/// on two connections at once would both write stories and one would fail), over at
/// most `max` waiting articles, the first in canonical order (publication date, undated
/// last, then id): successive rounds are batches in publication order, which give the
/// stories of one batch (see `engine::ingest`).
pub fn round(client: &mut Client, config: &Config, key: &Path, max: usize) -> Result<Round> {
    let mut tx = client
        .build_transaction()
        .isolation_level(IsolationLevel::RepeatableRead)
        .start()?;
    let open: i64 = tx
        .query_one(
            "SELECT count(*) FROM jobs WHERE state IN ('queued', 'running')",
            &[],
        )?
        .get(0);
    let rows = tx.query(
        "SELECT id, sequenced_hash IS NOT NULL FROM articles
         WHERE sequenced_hash IS DISTINCT FROM hash
         ORDER BY published IS NULL, published, id LIMIT $1",
        &[&i64::try_from(max.max(1)).unwrap_or(i64::MAX)],
    )?;
    if rows.is_empty() {
        tx.commit()?;
        return Ok(Round {
            idle: open == 0,
            ..Round::default()
        });
    }
    let changed = rows.iter().any(|r| r.get::<_, bool>(1));
    let fresh: Vec<String> = rows.iter().map(|r| r.get(0)).collect();
    let batch = PgBatch::new(tx, fresh.clone());
    let sequenced = engine::sequence(&batch, &fresh, changed, config, key)?;
    let mut tx = batch.finish()?;
    // The marks carry the content read in this snapshot: an article a worker changed
    // meanwhile makes this update fail (and the round is tried again).
    tx.execute(
        "UPDATE articles SET sequenced_hash = hash WHERE id = ANY($1)",
        &[&sequenced.fed],
    )?;
    tx.commit()?;
    let round = Round {
        articles: sequenced.fed.len(),
        rebuilt: sequenced.rebuilt,
        idle: false,
    };
    sequenced.keep();
    Ok(round)
}

/// A sequencer transaction of the PostgreSQL store, as the engine's corpus stages see it.
///
/// Duplicate marks are kept in memory and written in one statement by
/// [`PgBatch::finish`] (the reads of this transaction see them), which saves a round trip
/// per article.
pub struct PgBatch<'a> {
    tx: RefCell<Transaction<'a>>,
    statements: RefCell<HashMap<&'static str, Statement>>,
    duplicates: RefCell<BTreeMap<String, Option<String>>>,
    round: Vec<String>,
}

fn backend(e: postgres::Error) -> StoreError {
    StoreError::Backend(Box::new(e))
}

fn corrupt(id: &str, e: serde_json::Error) -> StoreError {
    StoreError::Corrupt {
        what: id.to_string(),
        reason: e.to_string(),
    }
}

type Params<'p> = [&'p (dyn ToSql + Sync)];

/// A result of the [`Sequencing`] interface.
type SResult<T> = std::result::Result<T, StoreError>;

impl<'a> PgBatch<'a> {
    /// Wraps an open transaction of a round that sequences the articles `round`: the
    /// store's articles, as the corpus stages see them, are those sequenced before and
    /// these (the others wait for later rounds).
    pub fn new(tx: Transaction<'a>, round: Vec<String>) -> Self {
        PgBatch {
            tx: RefCell::new(tx),
            statements: RefCell::default(),
            duplicates: RefCell::default(),
            round,
        }
    }

    /// Writes the pending duplicate marks and hands the transaction back, to commit it.
    pub fn finish(self) -> SResult<Transaction<'a>> {
        let pending = std::mem::take(&mut *self.duplicates.borrow_mut());
        if !pending.is_empty() {
            let (ids, marks): (Vec<String>, Vec<Option<String>>) = pending.into_iter().unzip();
            self.execute(
                "UPDATE articles SET duplicate_of = m.d
                 FROM unnest($1::text[], $2::text[]) AS m(id, d)
                 WHERE articles.id = m.id AND articles.duplicate_of IS DISTINCT FROM m.d",
                &[&ids, &marks],
            )?;
        }
        Ok(self.tx.into_inner())
    }

    fn statement(&self, tx: &mut Transaction<'a>, sql: &'static str) -> SResult<Statement> {
        let mut cache = self.statements.borrow_mut();
        if let Some(s) = cache.get(sql) {
            return Ok(s.clone());
        }
        let s = tx.prepare(sql).map_err(backend)?;
        cache.insert(sql, s.clone());
        Ok(s)
    }

    fn query(&self, sql: &'static str, params: &Params<'_>) -> SResult<Vec<Row>> {
        let mut tx = self.tx.borrow_mut();
        let s = self.statement(&mut tx, sql)?;
        tx.query(&s, params).map_err(backend)
    }

    fn execute(&self, sql: &'static str, params: &Params<'_>) -> SResult<u64> {
        let mut tx = self.tx.borrow_mut();
        let s = self.statement(&mut tx, sql)?;
        tx.execute(&s, params).map_err(backend)
    }

    fn article_rows(rows: &[Row]) -> SResult<Vec<AnalyzedArticle>> {
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            let id: String = r.get(0);
            out.push(AnalyzedArticle {
                article: serde_json::from_str(r.get(1)).map_err(|e| corrupt(&id, e))?,
                annotations: serde_json::from_str(r.get(2)).map_err(|e| corrupt(&id, e))?,
                duplicate_of: r.get(3),
            });
        }
        engine::sort_canonical(&mut out);
        Ok(out)
    }

    /// Removes a story with its member and key rows, in one statement.
    fn remove_story(&self, id: &str) -> SResult<()> {
        self.execute(
            "WITH m AS (DELETE FROM story_articles WHERE story_id = $1),
                  e AS (DELETE FROM story_entities WHERE story_id = $1),
                  o AS (DELETE FROM story_outlets WHERE story_id = $1)
             DELETE FROM stories WHERE id = $1",
            &[&id],
        )?;
        Ok(())
    }

    /// Sets the duplicate marks of the articles read from the database to the ones set
    /// in this transaction but not written yet.
    fn patch(&self, articles: &mut [AnalyzedArticle]) {
        let pending = self.duplicates.borrow();
        if pending.is_empty() {
            return;
        }
        for a in articles {
            if let Some(d) = pending.get(&a.article.id) {
                a.duplicate_of.clone_from(d);
            }
        }
    }
}

impl Sequencing for PgBatch<'_> {
    fn article(&self, id: &str) -> SResult<Option<AnalyzedArticle>> {
        let rows = self.query(
            "SELECT id, article, annotations, duplicate_of FROM articles WHERE id = $1",
            &[&id],
        )?;
        let mut found = Self::article_rows(&rows)?;
        self.patch(&mut found);
        Ok(found.pop())
    }

    fn articles(&self) -> SResult<Vec<AnalyzedArticle>> {
        let rows = self.query(
            "SELECT id, article, annotations, duplicate_of FROM articles
             WHERE sequenced_hash IS NOT NULL OR id = ANY($1)",
            &[&self.round],
        )?;
        let mut all = Self::article_rows(&rows)?;
        self.patch(&mut all);
        Ok(all)
    }

    fn articles_by_id(&self, ids: &[String]) -> SResult<Vec<AnalyzedArticle>> {
        let rows = self.query(
            "SELECT id, article, annotations, duplicate_of FROM articles WHERE id = ANY($1)",
            &[&ids],
        )?;
        let mut found = Self::article_rows(&rows)?;
        self.patch(&mut found);
        Ok(found)
    }

    fn set_duplicate(&self, id: &str, duplicate_of: Option<&str>) -> SResult<()> {
        self.duplicates
            .borrow_mut()
            .insert(id.to_string(), duplicate_of.map(str::to_string));
        Ok(())
    }

    fn state(&self, name: &str) -> SResult<Option<(i64, String)>> {
        let rows = self.query("SELECT version, data FROM state WHERE name = $1", &[&name])?;
        Ok(rows.first().map(|r| (r.get(0), r.get(1))))
    }

    fn put_state(&self, name: &str, version: i64, data: &str) -> SResult<()> {
        self.execute(
            "INSERT INTO state (name, version, data) VALUES ($1, $2, $3)
             ON CONFLICT (name) DO UPDATE SET version = excluded.version, data = excluded.data",
            &[&name, &version, &data],
        )?;
        Ok(())
    }

    fn state_log(&self) -> SResult<Vec<String>> {
        let rows = self.query("SELECT article_id FROM state_log ORDER BY seq", &[])?;
        Ok(rows.iter().map(|r| r.get(0)).collect())
    }

    fn state_log_len(&self) -> SResult<usize> {
        let rows = self.query("SELECT count(*) FROM state_log", &[])?;
        Ok(rows
            .first()
            .map_or(0, |r| r.get::<_, i64>(0).max(0) as usize))
    }

    fn append_state_log(&self, ids: &[String]) -> SResult<()> {
        self.execute(
            "INSERT INTO state_log (article_id)
             SELECT a FROM unnest($1::text[]) WITH ORDINALITY AS t(a, n) ORDER BY n",
            &[&ids],
        )
        .map(drop)?;
        Ok(())
    }

    fn clear_state_log(&self) -> SResult<()> {
        self.execute("DELETE FROM state_log", &[])?;
        Ok(())
    }

    fn clear_derived(&self) -> SResult<()> {
        for sql in [
            "DELETE FROM story_articles",
            "DELETE FROM story_entities",
            "DELETE FROM story_outlets",
            "DELETE FROM stories",
            "DELETE FROM state",
            "DELETE FROM state_log",
            "UPDATE articles SET duplicate_of = NULL WHERE duplicate_of IS NOT NULL",
        ] {
            self.execute(sql, &[])?;
        }
        self.duplicates.borrow_mut().clear();
        Ok(())
    }

    fn story_seqs_with_key(&self, key: &str, limit: usize, dates: StoryDates) -> SResult<Vec<u64>> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let (filtered, from, to) = dates.bounds();
        let rows = self.query(
            "SELECT s.seq FROM story_entities e JOIN stories s ON s.id = e.story_id
             WHERE e.key = $1 AND s.seq IS NOT NULL
               AND (NOT $3 OR s.first_published IS NULL
                    OR ($4::text IS NOT NULL AND s.last_published >= $4::text
                        AND s.first_published <= $5::text))
             ORDER BY s.seq DESC LIMIT $2",
            &[&key, &limit, &filtered, &from, &to],
        )?;
        Ok(rows
            .iter()
            .map(|r| r.get::<_, i64>(0).max(0) as u64)
            .collect())
    }

    fn has_undated_stories(&self) -> SResult<bool> {
        let rows = self.query(
            "SELECT 1 FROM stories WHERE first_published IS NULL AND seq IS NOT NULL LIMIT 1",
            &[],
        )?;
        Ok(!rows.is_empty())
    }

    fn story_by_seq(&self, seq: u64) -> SResult<Option<String>> {
        let seq = i64::try_from(seq).unwrap_or(i64::MAX);
        let rows = self.query("SELECT id FROM stories WHERE seq = $1", &[&seq])?;
        Ok(rows.first().map(|r| r.get(0)))
    }

    fn story_article_ids(&self, story_id: &str) -> SResult<Vec<String>> {
        let rows = self.query(
            "SELECT article_id FROM story_articles WHERE story_id = $1 ORDER BY position",
            &[&story_id],
        )?;
        Ok(rows.iter().map(|r| r.get(0)).collect())
    }

    fn put_story(&self, b: &Brief, seq: Option<u64>) -> SResult<()> {
        self.remove_story(&b.id)?;
        let keys = store::story_keys(b);
        let seq = seq.map(|s| i64::try_from(s).unwrap_or(i64::MAX));
        let count = i32::try_from(b.article_ids.len()).unwrap_or(i32::MAX);
        let positions: Vec<i32> = (0..count).collect();
        // The story, its members and its keys in one statement (the members' reference
        // to the story is checked at its end).
        self.execute(
            "WITH s AS (
               INSERT INTO stories (id, headline, first_published, last_published,
                 article_count, outlets, brief, seq)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8)),
             m AS (
               INSERT INTO story_articles (story_id, article_id, position)
               SELECT $1, a, p FROM unnest($9::text[], $10::int4[]) AS m(a, p)),
             o AS (
               INSERT INTO story_outlets (key, story_id)
               SELECT k, $1 FROM unnest($11::text[]) AS k)
             INSERT INTO story_entities (key, story_id)
             SELECT k, $1 FROM unnest($12::text[]) AS k",
            &[
                &b.id,
                &b.headline,
                &keys.first_published.map(|d| d.to_string()),
                &keys.last_published.map(|d| d.to_string()),
                &count,
                &encode(&keys.outlets),
                &encode(b),
                &seq,
                &b.article_ids,
                &positions,
                &keys.outlet_keys,
                &keys.entity_keys,
            ],
        )?;
        Ok(())
    }

    fn delete_story(&self, story_id: &str) -> SResult<()> {
        self.remove_story(story_id)
    }

    fn story_count(&self) -> SResult<usize> {
        let rows = self.query("SELECT count(*) FROM stories", &[])?;
        Ok(rows
            .first()
            .map_or(0, |r| r.get::<_, i64>(0).max(0) as usize))
    }
}
