//! What readers ask of the shared store (`chorus serve` and its search index): the
//! statements behind [`store::Reading`]. Each is one prepared statement on the
//! reader's connection, outside any transaction: a reader sees every sequencer round
//! whole or not at all.

use std::collections::{BTreeMap, HashMap};

use model::AnalyzedArticle;
use postgres::fallible_iterator::FallibleIterator;
use postgres::types::ToSql;
use postgres::{Row, Statement};
use store::{Change, ChangeKind, StoryFilter, StoryRow};

use crate::{article_of, date, decode, PgError, PgStore, Result};

/// The columns of a story list line, in the order [`story_line`] reads them.
const LINE: &str = "id, headline, article_count, outlets, first_published, last_published";

/// The story list's order, as the SQLite store's (which sorts NULL lowest).
const ORDER: &str = "ORDER BY last_published DESC NULLS LAST, article_count DESC, id";

fn story_line(r: &Row) -> Result<StoryRow> {
    let id: String = r.get(0);
    let outlets: String = r.get(3);
    Ok(StoryRow {
        outlets: decode(&id, &outlets)?,
        headline: r.get(1),
        article_count: r.get::<_, i32>(2).max(0) as usize,
        first_published: date(&id, r.get(4))?,
        last_published: date(&id, r.get(5))?,
        id,
    })
}

impl PgStore {
    /// A statement of this connection, prepared on first use: a reader's question then
    /// costs one round trip (an unprepared one costs two, parse then execute).
    fn statement(&mut self, sql: &str) -> Result<Statement> {
        if let Some(s) = self.statements.get(sql) {
            return Ok(s.clone());
        }
        let s = self.client.prepare(sql)?;
        self.statements.insert(sql.to_string(), s.clone());
        Ok(s)
    }

    pub(crate) fn rows(&mut self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<Vec<Row>> {
        let s = self.statement(sql)?;
        Ok(self.client.query(&s, params)?)
    }

    pub(crate) fn row_opt(
        &mut self,
        sql: &str,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<Option<Row>> {
        let s = self.statement(sql)?;
        Ok(self.client.query_opt(&s, params)?)
    }

    pub(crate) fn row_one(&mut self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<Row> {
        let s = self.statement(sql)?;
        Ok(self.client.query_one(&s, params)?)
    }

    /// The whole story list.
    pub fn stories(&mut self) -> Result<Vec<StoryRow>> {
        let rows = self.rows(&format!("SELECT {LINE} FROM stories {ORDER}"), &[])?;
        rows.iter().map(story_line).collect()
    }

    /// One page of the story list, filtered, with the number of stories that pass the
    /// filter (the same clauses as the SQLite store's, over the same key tables).
    pub fn story_page(&mut self, filter: &StoryFilter) -> Result<(usize, Vec<StoryRow>)> {
        let (sql_where, args) = store::story_where(filter, '$');
        let limit = i64::try_from(filter.limit).unwrap_or(i64::MAX);
        let offset = i64::try_from(filter.offset).unwrap_or(i64::MAX);
        let mut params: Vec<&(dyn ToSql + Sync)> =
            args.iter().map(|a| a as &(dyn ToSql + Sync)).collect();
        let total: i64 = self
            .row_one(&format!("SELECT count(*) FROM stories{sql_where}"), &params)?
            .get(0);
        let n = params.len();
        params.push(&limit);
        params.push(&offset);
        let rows = self.rows(
            &format!(
                "SELECT {LINE} FROM stories{sql_where} {ORDER} LIMIT ${} OFFSET ${}",
                n + 1,
                n + 2
            ),
            &params,
        )?;
        let page = rows.iter().map(story_line).collect::<Result<Vec<_>>>()?;
        Ok((total.max(0) as usize, page))
    }

    /// The list line of one story.
    pub fn story_row(&mut self, id: &str) -> Result<Option<StoryRow>> {
        self.row_opt(&format!("SELECT {LINE} FROM stories WHERE id = $1"), &[&id])?
            .map(|r| story_line(&r))
            .transpose()
    }

    /// One stored article.
    pub fn article(&mut self, id: &str) -> Result<Option<AnalyzedArticle>> {
        self.row_opt(
            "SELECT id, article, annotations, duplicate_of FROM articles WHERE id = $1",
            &[&id],
        )?
        .map(|r| article_of(r.get(0), r.get(1), r.get(2), r.get(3)))
        .transpose()
    }

    /// The stored articles with these ids, in the order of `ids` (missing ids are left
    /// out), in one statement.
    pub fn articles_in_order(&mut self, ids: &[String]) -> Result<Vec<AnalyzedArticle>> {
        let rows = self.rows(
            "SELECT id, article, annotations, duplicate_of FROM articles WHERE id = ANY($1)",
            &[&ids],
        )?;
        let mut by_id = HashMap::with_capacity(rows.len());
        for r in &rows {
            let id: String = r.get(0);
            by_id.insert(id.clone(), article_of(id, r.get(1), r.get(2), r.get(3))?);
        }
        Ok(ids.iter().filter_map(|id| by_id.get(id).cloned()).collect())
    }

    /// The story an article belongs to.
    pub fn story_of(&mut self, article_id: &str) -> Result<Option<String>> {
        Ok(self
            .row_opt(
                "SELECT story_id FROM story_articles WHERE article_id = $1",
                &[&article_id],
            )?
            .map(|r| r.get(0)))
    }

    /// The story of every article in one, by article id.
    pub fn article_stories(&mut self) -> Result<BTreeMap<String, String>> {
        let rows = self.rows("SELECT article_id, story_id FROM story_articles", &[])?;
        Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
    }

    /// Every sequenced article, streamed in canonical order (those the sequencer has not
    /// reached are left out: they enter the change log, and so a reader's index, when it
    /// places them).
    pub fn for_each_article(&mut self, f: &mut dyn FnMut(AnalyzedArticle)) -> Result<()> {
        let statement = self.statement(
            "SELECT id, article, annotations, duplicate_of FROM articles
             WHERE sequenced_hash IS NOT NULL
             ORDER BY published IS NULL, published, id",
        )?;
        let none: [&(dyn ToSql + Sync); 0] = [];
        let mut rows = self.client.query_raw(&statement, none)?;
        while let Some(r) = rows.next()? {
            f(article_of(r.get(0), r.get(1), r.get(2), r.get(3))?);
        }
        Ok(())
    }

    /// When each of the stories `ids` last changed, for those with a time.
    pub fn story_times(&mut self, ids: &[String]) -> Result<HashMap<String, i64>> {
        let rows = self.rows(
            "SELECT story_id, updated FROM story_times WHERE story_id = ANY($1)",
            &[&ids],
        )?;
        Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
    }

    /// When a story last changed.
    pub fn stories_changed(&mut self) -> Result<Option<i64>> {
        Ok(self
            .row_one(
                "SELECT max(t.updated) FROM story_times t JOIN stories s ON s.id = t.story_id",
                &[],
            )?
            .get(0))
    }

    /// The newest row of the change log.
    pub fn last_change(&mut self) -> Result<Option<Change>> {
        self.row_opt(
            "SELECT seq, kind, id FROM changes ORDER BY seq DESC LIMIT 1",
            &[],
        )?
        .map(|r| change_of(&r))
        .transpose()
    }

    /// The change-log row numbered `seq`.
    pub fn change(&mut self, seq: u64) -> Result<Option<Change>> {
        self.row_opt(
            "SELECT seq, kind, id FROM changes WHERE seq = $1",
            &[&seq_param(seq)],
        )?
        .map(|r| change_of(&r))
        .transpose()
    }

    /// Up to `limit` change-log rows after `seq`, oldest first.
    pub fn changes_after(&mut self, seq: u64, limit: usize) -> Result<Vec<Change>> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = self.rows(
            "SELECT seq, kind, id FROM changes WHERE seq > $1 ORDER BY seq LIMIT $2",
            &[&seq_param(seq), &limit],
        )?;
        rows.iter().map(change_of).collect()
    }

    /// The number of the newest change-log row (0 for none): it moves whenever the
    /// sequencer commits a round that changed what readers see.
    pub fn data_version(&mut self) -> Result<i64> {
        Ok(self
            .row_one("SELECT coalesce(max(seq), 0) FROM changes", &[])?
            .get(0))
    }
}

fn change_of(r: &Row) -> Result<Change> {
    let seq: i64 = r.get(0);
    let kind: String = r.get(1);
    let kind = match kind.as_str() {
        "article" => ChangeKind::Article,
        "story" => ChangeKind::Story,
        other => {
            return Err(PgError::Corrupt {
                what: format!("change {seq}"),
                reason: format!("unknown kind {other:?}"),
            })
        }
    };
    Ok(Change {
        seq: seq.max(0) as u64,
        kind,
        id: r.get(2),
    })
}

fn seq_param(seq: u64) -> i64 {
    i64::try_from(seq).unwrap_or(i64::MAX)
}
