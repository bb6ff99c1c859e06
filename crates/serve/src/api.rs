//! The JSON API. Every handler carries its `#[utoipa::path]`, and the router is built
//! from those annotations (`utoipa_axum::routes!`), so the OpenAPI document and the
//! routes cannot drift apart.

use std::sync::Arc;
use std::time::Instant;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap};
use axum::Json;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::{blocking, AppState, ServeError};

/// Default page size of lists and searches.
pub const DEFAULT_LIMIT: usize = 20;

/// Deepest offset of the story list and of search (and of their pages): a larger one is
/// a 400 asking to narrow the query, since each page costs work in its offset.
pub const MAX_OFFSET: usize = 10_000;

/// Default number of a brief's articles per response of `GET /api/stories/{id}`.
pub const BRIEF_DEFAULT_LIMIT: usize = 100;

/// Largest number of a brief's articles per response of `GET /api/stories/{id}`.
pub const BRIEF_MAX_LIMIT: usize = 500;

/// Most items kept of each list section of a brief (summary, statements, entities,
/// numbers and their values, timeline, shared passages, positions, aliases).
pub const MAX_SECTION_ITEMS: usize = 200;

/// Most citing articles (or quotes) kept per item of a brief's sections.
pub const MAX_CITED: usize = 50;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Chorus",
        description = "Stories built from news articles: briefs, articles, full-text search and ingest."
    ),
    modifiers(&BearerToken),
    tags((name = "chorus"))
)]
struct ApiDoc;

/// Declares the `token` security scheme: `Authorization: Bearer TOKEN`, the token of
/// `chorus serve` (`--token`, `CHORUS_TOKEN`, or the `serve-token` file in the data
/// directory).
struct BearerToken;

impl utoipa::Modify for BearerToken {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        let mut scheme = Http::new(HttpAuthScheme::Bearer);
        scheme.description = Some(
            "The write token of `chorus serve`: `--token`, `CHORUS_TOKEN`, or the \
             `serve-token` file in the data directory (made on first start, mode 0600)."
                .into(),
        );
        components.add_security_scheme("token", SecurityScheme::Http(scheme));
    }
}

/// The API routes with their OpenAPI document.
pub fn router() -> OpenApiRouter<Arc<AppState>> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(health))
        .routes(routes!(list_stories))
        .routes(routes!(get_story))
        .routes(routes!(get_article))
        .routes(routes!(search))
        .routes(routes!(ingest))
        .routes(routes!(list_feeds))
}

/// A Unix time as an RFC 3339 UTC timestamp (`2026-12-07T03:04:05Z`).
pub fn timestamp(t: i64) -> Option<String> {
    chrono::DateTime::from_timestamp(t, 0).map(|d| d.format("%Y-%m-%dT%H:%M:%SZ").to_string())
}

/// A line of the story list.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct StoryItem {
    pub id: String,
    pub headline: String,
    pub article_count: usize,
    pub outlets: Vec<String>,
    pub first_published: Option<NaiveDate>,
    pub last_published: Option<NaiveDate>,
    /// When the story last changed (gained an article or a new headline), RFC 3339 UTC;
    /// absent for stories written before the store kept the time.
    pub updated: Option<String>,
}

impl From<store::StoryRow> for StoryItem {
    fn from(r: store::StoryRow) -> StoryItem {
        StoryItem {
            id: r.id,
            headline: r.headline,
            article_count: r.article_count,
            outlets: r.outlets,
            first_published: r.first_published,
            last_published: r.last_published,
            updated: None,
        }
    }
}

/// One page of stories, newest first.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct StoryPage {
    /// Stories that pass the filters, on all pages.
    pub total: usize,
    pub offset: usize,
    pub limit: usize,
    /// When any story of the store last changed, RFC 3339 UTC.
    pub updated: Option<String>,
    pub stories: Vec<StoryItem>,
}

/// Filters and paging of the story list.
#[derive(Debug, Default, Clone, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StoryParams {
    /// Stories with an article published on or after this day (YYYY-MM-DD).
    pub from: Option<NaiveDate>,
    /// Stories with an article published on or before this day (YYYY-MM-DD).
    pub to: Option<NaiveDate>,
    /// Stories carried by this outlet (case-insensitive).
    pub outlet: Option<String>,
    /// Stories naming this entity, by name or alias (case-insensitive).
    pub entity: Option<String>,
    /// Stories to skip, 0 to 10,000; beyond that a 400 (narrow the filters instead).
    pub offset: Option<usize>,
    /// Page size, 1 to 100 (default 20).
    pub limit: Option<usize>,
}

/// Clamps a requested page size.
pub(crate) fn page_size(limit: Option<usize>) -> usize {
    limit.unwrap_or(DEFAULT_LIMIT).clamp(1, search::MAX_LIMIT)
}

/// Checks a requested offset of the story list or search against [`MAX_OFFSET`].
pub(crate) fn checked_offset(offset: Option<usize>) -> Result<usize, ServeError> {
    match offset.unwrap_or(0) {
        o if o <= MAX_OFFSET => Ok(o),
        o => Err(ServeError::BadRequest(format!(
            "offset {o} is past the deepest page served ({MAX_OFFSET}); narrow the query or the filters instead"
        ))),
    }
}

/// Store status.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Health {
    pub status: String,
    /// Articles in the store: exact, or on a very large shared store the database's
    /// estimate (see `articles_exact`), so a health check never scans the table.
    pub articles: usize,
    /// Whether `articles` is an exact count.
    pub articles_exact: bool,
    /// Documents in the search index (articles, quotes and stories).
    pub indexed: u64,
    /// The store state the search index reflects: `v<schema>-<number of the last
    /// store change applied>`.
    pub index_fingerprint: String,
}

/// Whether the server and its store are up.
#[utoipa::path(get, path = "/api/health", tag = "chorus",
    responses((status = 200, description = "The server is up", body = Health)))]
async fn health(State(state): State<Arc<AppState>>) -> Result<Json<Health>, ServeError> {
    let (articles, articles_exact) = state
        .with_store(|s| Ok(s.article_count_for_status()?))
        .await?;
    let index = state.index()?;
    Ok(Json(Health {
        status: "ok".into(),
        articles,
        articles_exact,
        indexed: index.len(),
        index_fingerprint: index.fingerprint(),
    }))
}

/// Runs the story list query.
pub(crate) async fn story_page(
    state: &Arc<AppState>,
    p: StoryParams,
) -> Result<StoryPage, ServeError> {
    if let (Some(from), Some(to)) = (p.from, p.to) {
        if from > to {
            return Err(ServeError::BadRequest(format!(
                "`from` ({from}) is after `to` ({to})"
            )));
        }
    }
    let filter = store::StoryFilter {
        from: p.from,
        to: p.to,
        outlet: p.outlet.filter(|s| !s.trim().is_empty()),
        entity: p.entity.filter(|s| !s.trim().is_empty()),
        offset: checked_offset(p.offset)?,
        limit: page_size(p.limit),
    };
    let (offset, limit) = (filter.offset, filter.limit);
    let (total, rows, times, updated) = state
        .with_store(move |s| {
            let (total, rows) = s.story_page(&filter)?;
            let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
            Ok((total, rows, s.story_times(&ids)?, s.stories_changed()?))
        })
        .await?;
    Ok(StoryPage {
        total,
        offset,
        limit,
        updated: updated.and_then(timestamp),
        stories: rows
            .into_iter()
            .map(|r| {
                let updated = times.get(&r.id).copied().and_then(timestamp);
                StoryItem {
                    updated,
                    ..StoryItem::from(r)
                }
            })
            .collect(),
    })
}

/// Stories, newest first, filtered by date range, outlet and entity, paginated.
#[utoipa::path(get, path = "/api/stories", tag = "chorus", params(StoryParams),
    responses((status = 200, description = "A page of stories", body = StoryPage),
              (status = 400, description = "Bad filter, or an offset past 10,000")))]
async fn list_stories(
    State(state): State<Arc<AppState>>,
    Query(p): Query<StoryParams>,
) -> Result<Json<StoryPage>, ServeError> {
    Ok(Json(story_page(&state, p).await?))
}

/// Which of a brief's articles to return.
#[derive(Debug, Default, Clone, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct BriefParams {
    /// Articles of the story to skip (in `article_ids`, `sources` and `coverage`).
    pub offset: Option<usize>,
    /// Articles per response, 1 to 500 (default 100).
    pub limit: Option<usize>,
}

/// A brief with one page of its articles: the stored brief's fields, with
/// `article_ids`, `sources` and `coverage` cut to the articles of the page, every other
/// list cut to [`MAX_SECTION_ITEMS`] items of at most [`MAX_CITED`] citations each, and
/// the paging fields.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StoryBrief {
    #[serde(flatten)]
    pub brief: model::Brief,
    /// Articles of the story, on all pages.
    pub article_count: usize,
    /// The first article of this page, counted in the whole story.
    pub offset: usize,
    pub limit: usize,
    /// True when a section or a list of citations was cut to its bound.
    pub truncated: bool,
}

/// Keeps at most `n` items of `v`, noting in `cut` whether any were dropped.
fn cap<T>(v: &mut Vec<T>, n: usize, cut: &mut bool) {
    if v.len() > n {
        v.truncate(n);
        *cut = true;
    }
}

/// Keeps the items `offset..offset + limit` of `v` (fewer at its end).
fn window<T>(v: &mut Vec<T>, offset: usize, limit: usize) {
    let start = offset.min(v.len());
    let end = start.saturating_add(limit).min(v.len());
    v.truncate(end);
    v.drain(..start);
}

/// Cuts `brief` to the articles `offset..offset + limit` and bounds every other list,
/// so that what is sent or rendered does not grow with the size of the story.
pub fn bound_brief(mut brief: model::Brief, offset: usize, limit: usize) -> StoryBrief {
    let article_count = brief.article_ids.len();
    window(&mut brief.article_ids, offset, limit);
    window(&mut brief.sources, offset, limit);
    let on_page: std::collections::HashSet<&str> =
        brief.article_ids.iter().map(String::as_str).collect();
    let coverage = std::mem::take(&mut brief.coverage)
        .into_iter()
        .filter(|c| on_page.contains(c.article_id.as_str()))
        .collect();
    brief.coverage = coverage;
    let mut cut = false;
    let c = &mut cut;
    cap(&mut brief.summary, MAX_SECTION_ITEMS, c);
    brief
        .summary
        .iter_mut()
        .for_each(|l| cap(&mut l.article_ids, MAX_CITED, c));
    cap(&mut brief.statements, MAX_SECTION_ITEMS, c);
    brief
        .statements
        .iter_mut()
        .for_each(|s| cap(&mut s.quotes, MAX_CITED, c));
    cap(&mut brief.entities, MAX_SECTION_ITEMS, c);
    for e in &mut brief.entities {
        cap(&mut e.aliases, MAX_SECTION_ITEMS, c);
        cap(&mut e.article_ids, MAX_CITED, c);
    }
    cap(&mut brief.numbers, MAX_SECTION_ITEMS, c);
    for n in &mut brief.numbers {
        cap(&mut n.values, MAX_SECTION_ITEMS, c);
        n.values
            .iter_mut()
            .for_each(|v| cap(&mut v.article_ids, MAX_CITED, c));
    }
    cap(&mut brief.timeline, MAX_SECTION_ITEMS, c);
    brief
        .timeline
        .iter_mut()
        .for_each(|t| cap(&mut t.article_ids, MAX_CITED, c));
    cap(&mut brief.shared_passages, MAX_SECTION_ITEMS, c);
    brief
        .shared_passages
        .iter_mut()
        .for_each(|p| cap(&mut p.article_ids, MAX_CITED, c));
    cap(&mut brief.positions, MAX_SECTION_ITEMS, c);
    brief
        .positions
        .iter_mut()
        .for_each(|p| cap(&mut p.article_ids, MAX_CITED, c));
    StoryBrief {
        brief,
        article_count,
        offset,
        limit,
        truncated: cut,
    }
}

/// One story's brief, with one page of its articles.
#[utoipa::path(get, path = "/api/stories/{id}", tag = "chorus",
    params(("id" = String, Path, description = "Story id"), BriefParams),
    responses((status = 200, description = "The brief: headline, summary with citations, statements, numbers, timeline, positions, coverage. \
`article_ids`, `sources` and `coverage` hold the articles `offset..offset+limit` of the story; `article_count` counts all of them. \
Every other list holds at most 200 items of at most 50 citations each; `truncated` says whether anything was cut.", body = Object),
              (status = 400, description = "Bad offset or limit"),
              (status = 404, description = "No such story")))]
async fn get_story(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    Query(p): Query<BriefParams>,
) -> Result<Json<StoryBrief>, ServeError> {
    let offset = p.offset.unwrap_or(0);
    let limit = p
        .limit
        .unwrap_or(BRIEF_DEFAULT_LIMIT)
        .clamp(1, BRIEF_MAX_LIMIT);
    let found = state
        .with_store({
            let id = id.clone();
            move |s| Ok(s.brief(&id)?.map(|b| bound_brief(b, offset, limit)))
        })
        .await?;
    found
        .map(Json)
        .ok_or_else(|| ServeError::NotFound(format!("no story {id:?}")))
}

/// An article with its annotations and the story it belongs to.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ArticleView {
    /// The article and its annotations, as in `chorus analyze --json`.
    #[schema(value_type = Object)]
    #[serde(flatten)]
    pub article: model::AnalyzedArticle,
    pub story_id: Option<String>,
}

/// One article with its annotations.
#[utoipa::path(get, path = "/api/articles/{id}", tag = "chorus",
    params(("id" = String, Path, description = "Article id")),
    responses((status = 200, description = "The article", body = ArticleView),
              (status = 404, description = "No such article")))]
async fn get_article(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
) -> Result<Json<ArticleView>, ServeError> {
    Ok(Json(article_view(&state, id).await?))
}

pub(crate) async fn article_view(
    state: &Arc<AppState>,
    id: String,
) -> Result<ArticleView, ServeError> {
    state
        .with_store(move |s| {
            let Some(article) = s.article(&id)? else {
                return Err(ServeError::NotFound(format!("no article {id:?}")));
            };
            let story_id = s.story_of(&id)?;
            Ok(ArticleView { article, story_id })
        })
        .await
}

/// What to search and where.
#[derive(Debug, Default, Clone, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchParams {
    /// Words, "quoted phrases", +required and -excluded words.
    #[serde(default)]
    pub q: String,
    /// Only hits of this kind.
    pub kind: Option<HitKind>,
    /// Only hits from this outlet.
    pub outlet: Option<String>,
    /// Only quotes by, or articles quoting, this speaker.
    pub speaker: Option<String>,
    /// Published on or after this day (YYYY-MM-DD).
    pub from: Option<NaiveDate>,
    /// Published on or before this day (YYYY-MM-DD).
    pub to: Option<NaiveDate>,
    /// Hits to skip, 0 to 10,000; beyond that a 400 (refine the query instead).
    pub offset: Option<usize>,
    /// Page size, 1 to 100 (default 20).
    pub limit: Option<usize>,
}

/// What a search hit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum HitKind {
    Article,
    Quote,
    Story,
}

impl From<HitKind> for search::Kind {
    fn from(k: HitKind) -> search::Kind {
        match k {
            HitKind::Article => search::Kind::Article,
            HitKind::Quote => search::Kind::Quote,
            HitKind::Story => search::Kind::Story,
        }
    }
}

impl From<search::Kind> for HitKind {
    fn from(k: search::Kind) -> HitKind {
        match k {
            search::Kind::Article => HitKind::Article,
            search::Kind::Quote => HitKind::Quote,
            search::Kind::Story => HitKind::Story,
        }
    }
}

/// One search result.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct SearchHit {
    pub kind: HitKind,
    /// The article id (articles, quotes) or the story id (stories).
    pub id: String,
    pub story_id: Option<String>,
    /// Article title or story headline.
    pub title: String,
    pub outlet: Option<String>,
    pub speaker: Option<String>,
    pub published: Option<NaiveDate>,
    /// BM25 score.
    pub score: f32,
    /// Text around the matches.
    pub snippet: String,
    /// Byte ranges of the matched words in `snippet`.
    pub highlights: Vec<[usize; 2]>,
}

/// A page of search results.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct SearchPage {
    /// Hits on all pages.
    pub total: usize,
    pub offset: usize,
    pub hits: Vec<SearchHit>,
}

pub(crate) async fn run_search(
    state: &Arc<AppState>,
    p: SearchParams,
) -> Result<SearchPage, ServeError> {
    let index = state.index()?;
    let q = search::SearchQuery {
        text: p.q,
        kind: p.kind.map(Into::into),
        outlet: p.outlet.filter(|s| !s.trim().is_empty()),
        speaker: p.speaker.filter(|s| !s.trim().is_empty()),
        from: p.from,
        to: p.to,
        offset: checked_offset(p.offset)?,
        limit: page_size(p.limit),
    };
    let offset = q.offset;
    let results = blocking(move || Ok(index.search(&q)?)).await?;
    Ok(SearchPage {
        total: results.total,
        offset,
        hits: results
            .hits
            .into_iter()
            .map(|h| SearchHit {
                kind: h.kind.into(),
                id: h.id,
                story_id: h.story_id,
                title: h.title,
                outlet: h.outlet,
                speaker: h.speaker,
                published: h.published,
                score: h.score,
                highlights: h.snippet.highlights.iter().map(|&(a, b)| [a, b]).collect(),
                snippet: h.snippet.text,
            })
            .collect(),
    })
}

/// Full-text search (BM25) over articles, quotes and story headlines, with filters and
/// highlighted snippets.
#[utoipa::path(get, path = "/api/search", tag = "chorus", params(SearchParams),
    responses((status = 200, description = "Ranked hits", body = SearchPage),
              (status = 400, description = "Bad parameter, or an offset past 10,000")))]
async fn search(
    State(state): State<Arc<AppState>>,
    Query(p): Query<SearchParams>,
) -> Result<Json<SearchPage>, ServeError> {
    Ok(Json(run_search(&state, p).await?))
}

/// How an ingest body is to be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum IngestFormat {
    /// JSON lines, one article per line (`id`, `text` or `html`, optional metadata).
    Jsonl,
    /// One HTML page; `id` names it.
    Html,
    /// One plain-text article, title on the first line; `id` names it.
    Text,
}

/// How to read the ingest body.
#[derive(Debug, Default, Clone, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct IngestParams {
    /// The body's format; by default taken from Content-Type (JSON lines otherwise).
    pub format: Option<IngestFormat>,
    /// Article id of an HTML or text body: letters, digits, `.`, `_`, `-`.
    pub id: Option<String>,
}

/// A document that could not be ingested.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct IngestFailure {
    /// Where in the body: `body` or `body:LINE`.
    pub source: String,
    pub reason: String,
}

/// What an ingest did; the same counts as `chorus ingest`.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct IngestResult {
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub stories: usize,
    /// Documents that failed; the others were ingested.
    pub failures: Vec<IngestFailure>,
}

/// True for ids that are safe as a file name: no separators, no leading dot.
fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 200
        && !id.starts_with('.')
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}

/// The format a Content-Type implies: JSON (lines) and `text/*` are accepted, no
/// Content-Type means JSON lines, anything else (forms, multipart, binary) is a 415.
fn body_format(content_type: Option<&str>) -> Result<IngestFormat, ServeError> {
    let Some(ct) = content_type else {
        return Ok(IngestFormat::Jsonl);
    };
    let essence = ct
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    match essence.as_str() {
        "text/html" => Ok(IngestFormat::Html),
        "text/plain" => Ok(IngestFormat::Text),
        "application/json"
        | "application/x-ndjson"
        | "application/ndjson"
        | "application/jsonl"
        | "application/x-jsonlines"
        | "application/jsonlines" => Ok(IngestFormat::Jsonl),
        e if e.starts_with("text/") || (e.starts_with("application/") && e.ends_with("+json")) => {
            Ok(IngestFormat::Jsonl)
        }
        _ => Err(ServeError::UnsupportedMediaType(
            ct.chars().take(100).collect(),
        )),
    }
}

/// Adds articles: a JSON-lines body, or one HTML or text page. Re-ingesting unchanged
/// content changes nothing; a bad document is reported and the others go on. Needs the
/// write token; an ingest that has begun completes even when the client goes away.
#[utoipa::path(post, path = "/api/ingest", tag = "chorus", params(IngestParams),
    security(("token" = [])),
    request_body(description = "JSON lines (application/x-ndjson, application/json, or no Content-Type), HTML or plain text",
        content((String = "application/x-ndjson"), (String = "text/html"), (String = "text/plain"))),
    responses((status = 200, description = "What was ingested and what failed", body = IngestResult),
              (status = 400, description = "Bad parameters"),
              (status = 401, description = "No token, or a wrong one"),
              (status = 403, description = "Sent from a page of another origin, or to a server reading a shared store"),
              (status = 413, description = "Body too large"),
              (status = 415, description = "A body that is neither JSON nor text (forms, multipart)"),
              (status = 421, description = "A Host this server does not answer to"),
              (status = 503, description = "The request took longer than the request timeout")))]
async fn ingest(
    State(state): State<Arc<AppState>>,
    Query(p): Query<IngestParams>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<([(header::HeaderName, String); 1], Json<IngestResult>), ServeError> {
    if state.is_shared() {
        return Err(ServeError::Forbidden(
            "this server reads a shared store and takes no writes; add files with `chorus enqueue --store URL`".into(),
        ));
    }
    let implied = body_format(
        headers
            .get(header::CONTENT_TYPE)
            .map(|v| v.to_str().unwrap_or("(not text)")),
    )?;
    let format = p.format.unwrap_or(implied);
    let file_name = match format {
        IngestFormat::Jsonl => "body.jsonl".to_string(),
        IngestFormat::Html | IngestFormat::Text => {
            let Some(id) = p.id.filter(|id| valid_id(id)) else {
                return Err(ServeError::BadRequest(
                    "an HTML or text body needs `id`: letters, digits, '.', '_' or '-', not starting with '.'"
                        .into(),
                ));
            };
            let ext = if format == IngestFormat::Html {
                "html"
            } else {
                "txt"
            };
            format!("{id}.{ext}")
        }
    };
    // In a task of its own: a client that gives up (or the request timeout) must not
    // leave the writer lock released while the ingest still runs.
    let task = tokio::spawn(async move { run_ingest(state, file_name, body).await });
    let result = task
        .await
        .map_err(|e| ServeError::Internal(format!("the ingest task failed: {e}")))??;
    let (result, timing) = result;
    // Server-Timing tells clients (and the latency example) where the time went.
    Ok(([(SERVER_TIMING, timing)], Json(result)))
}

/// Writes `body` to a temporary file named `file_name` and ingests it, one ingest at a
/// time; the search index applies what the batch changed. Returns the result and the
/// `Server-Timing` header value.
async fn run_ingest(
    state: Arc<AppState>,
    file_name: String,
    body: Bytes,
) -> Result<(IngestResult, String), ServeError> {
    let result = {
        let _guard = state.writer.lock().await;
        let st = Arc::clone(&state);
        blocking(move || {
            let started = Instant::now();
            let tmp = tempfile::Builder::new()
                .prefix(".ingest-")
                .tempdir_in(st.data())
                .map_err(|source| ServeError::Io {
                    context: "cannot create a temporary directory".into(),
                    source,
                })?;
            let path = tmp.path().join(&file_name);
            std::fs::write(&path, &body).map_err(|source| ServeError::Io {
                context: "cannot write the request body".into(),
                source,
            })?;
            let mut store = store::Store::open(st.data())?;
            let mut failures = Vec::new();
            let prefix = path.display().to_string();
            let report = engine::ingest(
                &mut store,
                std::slice::from_ref(&path),
                &st.config.engine,
                &mut |e| {
                    if let engine::Event::Failed(f) = e {
                        let source = match f.source.strip_prefix(&prefix) {
                            Some(rest) => format!("body{rest}"),
                            None => "body".to_string(),
                        };
                        failures.push(IngestFailure {
                            source,
                            reason: f.reason.replace(&prefix, "body"),
                        });
                    }
                },
            )?;
            let ingested = started.elapsed();
            // The search index applies what this batch changed, on the same connection.
            let started = Instant::now();
            if report.added + report.updated > 0 {
                st.index()?.catch_up(&mut store)?;
            }
            let indexed = started.elapsed();
            let timing = format!(
                "ingest;dur={:.1}, index;dur={:.1}",
                ingested.as_secs_f64() * 1e3,
                indexed.as_secs_f64() * 1e3
            );
            let result = IngestResult {
                added: report.added,
                updated: report.updated,
                unchanged: report.unchanged,
                stories: report.stories,
                failures,
            };
            Ok((result, timing))
        })
        .await?
    };
    Ok(result)
}

/// The `Server-Timing` response header of an ingest: milliseconds spent in the pipeline
/// and in the search index update.
const SERVER_TIMING: header::HeaderName = header::HeaderName::from_static("server-timing");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_json_and_text_bodies_are_read() {
        assert_eq!(body_format(None).unwrap(), IngestFormat::Jsonl);
        assert_eq!(
            body_format(Some("Text/HTML; charset=utf-8")).unwrap(),
            IngestFormat::Html
        );
        assert_eq!(body_format(Some("text/plain")).unwrap(), IngestFormat::Text);
        for ok in [
            "application/x-ndjson",
            "application/json",
            "application/ld+json",
        ] {
            assert_eq!(body_format(Some(ok)).unwrap(), IngestFormat::Jsonl, "{ok}");
        }
        for bad in [
            "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x",
            "application/octet-stream",
            "",
        ] {
            assert!(
                matches!(
                    body_format(Some(bad)),
                    Err(ServeError::UnsupportedMediaType(_))
                ),
                "{bad}"
            );
        }
    }

    #[test]
    fn offsets_are_bounded() {
        assert_eq!(checked_offset(None).unwrap(), 0);
        assert_eq!(checked_offset(Some(MAX_OFFSET)).unwrap(), MAX_OFFSET);
        assert!(checked_offset(Some(MAX_OFFSET + 1)).is_err());
        assert!(checked_offset(Some(usize::MAX)).is_err());
    }

    #[test]
    fn ids_that_could_escape_are_refused() {
        for bad in ["", "../x", "a/b", ".hidden", "a\\b", "x y", "é"] {
            assert!(!valid_id(bad), "{bad:?}");
        }
        for good in ["story-1", "a.b_c", "X9"] {
            assert!(valid_id(good), "{good:?}");
        }
    }
}

/// Default number of feeds per response of `GET /api/feeds` (and per page of `/feeds`).
pub const FEEDS_DEFAULT_LIMIT: usize = 100;

/// Largest number of feeds per response of `GET /api/feeds`.
pub const FEEDS_MAX_LIMIT: usize = 500;

/// One followed feed and its health, as the follower left it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct FeedStatus {
    pub url: String,
    /// The feed's own title, from its last successful poll.
    pub title: Option<String>,
    /// `new` (not polled yet), `ok`, `retrying` (its last poll failed) or `failing`
    /// (its last polls all failed; it is polled less and less often).
    pub status: String,
    /// When it was last polled successfully, RFC 3339 UTC.
    pub last_success: Option<String>,
    /// When it was last polled, successfully or not.
    pub last_attempt: Option<String>,
    /// When it is next due.
    pub next_poll: Option<String>,
    /// The current poll interval in seconds (it adapts to how often the feed publishes).
    pub interval_secs: i64,
    /// Items new at its last successful poll.
    pub new_items: i64,
    /// Items taken from it in all.
    pub total_items: i64,
    /// Failed polls in a row.
    pub failures: i64,
    /// Why its last poll failed, if it did.
    pub last_error: Option<String>,
}

impl From<store::FeedRow> for FeedStatus {
    fn from(f: store::FeedRow) -> FeedStatus {
        FeedStatus {
            status: f.status().to_string(),
            last_success: f.last_success.and_then(timestamp),
            last_attempt: f.last_attempt.and_then(timestamp),
            next_poll: timestamp(f.next_poll),
            interval_secs: f.interval,
            new_items: f.new_items,
            total_items: f.total_items,
            failures: f.failures,
            last_error: f.last_error,
            title: f.title,
            url: f.url,
        }
    }
}

/// One page of the followed feeds, failing ones first.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct FeedList {
    /// Feeds followed, on all pages.
    pub total: usize,
    /// Feeds whose last poll failed, on all pages.
    pub failing: usize,
    pub offset: usize,
    pub limit: usize,
    /// When any story of the store last changed, RFC 3339 UTC.
    pub stories_updated: Option<String>,
    pub feeds: Vec<FeedStatus>,
}

/// Paging of the feed list.
#[derive(Debug, Default, Clone, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FeedParams {
    /// Feeds to skip.
    pub offset: Option<usize>,
    /// Feeds per response, 1 to 500 (default 100).
    pub limit: Option<usize>,
}

/// The feed list: failing feeds first (most failures first), then by URL.
pub(crate) async fn feed_list(
    state: &Arc<AppState>,
    p: FeedParams,
) -> Result<FeedList, ServeError> {
    let offset = p.offset.unwrap_or(0);
    let limit = p
        .limit
        .unwrap_or(FEEDS_DEFAULT_LIMIT)
        .clamp(1, FEEDS_MAX_LIMIT);
    let (mut feeds, changed) = state
        .with_store(|s| Ok((s.feeds()?, s.stories_changed()?)))
        .await?;
    feeds.sort_by(|a, b| b.failures.cmp(&a.failures).then_with(|| a.url.cmp(&b.url)));
    let total = feeds.len();
    let failing = feeds.iter().filter(|f| f.failures > 0).count();
    let feeds = feeds
        .into_iter()
        .skip(offset)
        .take(limit)
        .map(FeedStatus::from)
        .collect();
    Ok(FeedList {
        total,
        failing,
        offset,
        limit,
        stories_updated: changed.and_then(timestamp),
        feeds,
    })
}

/// The followed feeds and their health: last success, next poll, new items, failures
/// in a row and the last error (see `chorus feeds` and `chorus serve --follow`).
#[utoipa::path(get, path = "/api/feeds", tag = "chorus", params(FeedParams),
    responses((status = 200, description = "A page of feeds, failing ones first", body = FeedList)))]
async fn list_feeds(
    State(state): State<Arc<AppState>>,
    Query(p): Query<FeedParams>,
) -> Result<Json<FeedList>, ServeError> {
    Ok(Json(feed_list(&state, p).await?))
}
