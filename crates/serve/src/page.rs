//! Server-rendered pages: the story list, a story, an article, search results.
//!
//! No page carries a script; the CSS is embedded in the binary (`include_str!`), so no
//! request reads a file. Every piece of text that comes from the store or the request
//! goes through [`esc`] (element content and double-quoted attributes alike); links are
//! built only from ids through [`url_part`], and an article's own URL becomes a link only
//! when it is `http:` or `https:`.
//!
//! Every page is bounded whatever the size of the store: lists are paged (a story's
//! articles [`ARTICLES_PER_PAGE`] at a time, `?page=N`), the other sections of a story
//! are cut as in [`api::bound_brief`], and pager links never point past
//! [`api::MAX_OFFSET`].

use std::collections::BTreeMap;
use std::fmt::{self, Write};
use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use model::{Brief, QuoteKind};

use crate::api::{self, SearchParams, StoryParams};
use crate::{visual, AppState, ServeError};

const STYLE: &str = include_str!("../assets/style.css");

/// Articles listed per page of a story (`/stories/ID?page=N`).
pub const ARTICLES_PER_PAGE: usize = 50;

/// The page routes.
pub fn router() -> Router<Arc<AppState>> {
    Router::new()
        .route("/", get(index))
        .route("/stories/{id}", get(story))
        .route("/articles/{id}", get(article))
        .route("/search", get(search_page))
        .route("/feeds", get(feeds_page))
        .route("/static/style.css", get(style))
}

/// Text made safe for HTML element content and double- or single-quoted attributes.
pub struct Esc<'a>(pub &'a str);

impl fmt::Display for Esc<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut last = 0;
        for (i, b) in self.0.bytes().enumerate() {
            let rep = match b {
                b'&' => "&amp;",
                b'<' => "&lt;",
                b'>' => "&gt;",
                b'"' => "&quot;",
                b'\'' => "&#39;",
                _ => continue,
            };
            f.write_str(&self.0[last..i])?;
            f.write_str(rep)?;
            last = i + 1;
        }
        f.write_str(&self.0[last..])
    }
}

/// Escapes `s` for HTML.
pub fn esc(s: &str) -> Esc<'_> {
    Esc(s)
}

/// Percent-encodes `s` for a URL path segment or query value (everything but unreserved
/// characters), so an id can never leave its segment.
pub fn url_part(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// An external URL safe to link to: only `http:` and `https:`.
fn safe_href(url: &str) -> Option<&str> {
    let lower = url.trim_start().to_ascii_lowercase();
    (lower.starts_with("http://") || lower.starts_with("https://")).then_some(url)
}

fn layout(title: &str, query: &str, body: &str) -> Response {
    layout_live(title, query, body, None)
}

/// [`layout`] for a page that changes while it is read (the story list and the feeds
/// under `serve --follow`): with `refresh`, the browser reloads it that often (a meta
/// refresh, which needs no script).
fn layout_live(
    title: &str,
    query: &str,
    body: &str,
    refresh: Option<std::time::Duration>,
) -> Response {
    let mut html = String::with_capacity(body.len() + 1024);
    let refresh = refresh
        .map(|d| {
            format!(
                "<meta http-equiv=\"refresh\" content=\"{}\">",
                d.as_secs().max(1)
            )
        })
        .unwrap_or_default();
    let _ = write!(
        html,
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">{refresh}\
<title>{} · Chorus</title><link rel=\"stylesheet\" href=\"/static/style.css\"></head>\
<body><header class=\"top\"><a class=\"brand\" href=\"/\">Chorus</a>\
<form class=\"search\" action=\"/search\" method=\"get\" role=\"search\">\
<input type=\"search\" name=\"q\" value=\"{}\" placeholder=\"Search articles, quotes, stories\" aria-label=\"Search\">\
<button type=\"submit\">Search</button></form><a class=\"nav\" href=\"/feeds\">Feeds</a></header>\
<main>{body}</main></body></html>",
        esc(title),
        esc(query)
    );
    Html(html).into_response()
}

fn error_page(e: ServeError) -> Response {
    let status = e.status();
    let mut res = layout(
        "Error",
        "",
        &format!(
            "<h1>{}</h1><p>{}</p><p><a href=\"/\">All stories</a></p>",
            esc(status.canonical_reason().unwrap_or("Error")),
            esc(&e.to_string())
        ),
    );
    *res.status_mut() = status;
    res
}

async fn style() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        STYLE,
    )
        .into_response()
}

fn date_range(first: Option<chrono::NaiveDate>, last: Option<chrono::NaiveDate>) -> String {
    match (first, last) {
        (Some(a), Some(b)) if a == b => a.to_string(),
        (Some(a), Some(b)) => format!("{a} – {b}"),
        (Some(a), None) | (None, Some(a)) => a.to_string(),
        (None, None) => "undated".into(),
    }
}

async fn index(State(state): State<Arc<AppState>>, Query(p): Query<StoryParams>) -> Response {
    match api::story_page(&state, p.clone()).await {
        Ok(page) => {
            let mut b = String::new();
            b.push_str("<h1>Stories</h1>");
            let _ = write!(
                b,
                "<form class=\"filters\" action=\"/\" method=\"get\">\
<label>Outlet <input name=\"outlet\" value=\"{}\"></label>\
<label>Entity <input name=\"entity\" value=\"{}\"></label>\
<label>From <input type=\"date\" name=\"from\" value=\"{}\"></label>\
<label>To <input type=\"date\" name=\"to\" value=\"{}\"></label>\
<button type=\"submit\">Filter</button></form>",
                esc(p.outlet.as_deref().unwrap_or("")),
                esc(p.entity.as_deref().unwrap_or("")),
                p.from.map(|d| d.to_string()).unwrap_or_default(),
                p.to.map(|d| d.to_string()).unwrap_or_default(),
            );
            let now = unix_now();
            let _ = write!(
                b,
                "<p class=\"meta\">{} stories{}</p><ol class=\"stories\">",
                page.total,
                page.updated
                    .as_deref()
                    .map(|t| format!(" · updated {}", when(t, now)))
                    .unwrap_or_default()
            );
            for s in &page.stories {
                let _ = write!(
                    b,
                    "<li class=\"card\"><a class=\"headline\" href=\"/stories/{}\">{}</a>\
<p class=\"meta\">{} articles · {} · {}{}</p></li>",
                    url_part(&s.id),
                    esc(&s.headline),
                    s.article_count,
                    esc(&s.outlets.join(", ")),
                    date_range(s.first_published, s.last_published),
                    s.updated
                        .as_deref()
                        .map(|t| format!(" · updated {}", when(t, now)))
                        .unwrap_or_default()
                );
            }
            b.push_str("</ol>");
            let mut q = String::new();
            for (k, v) in [("outlet", &p.outlet), ("entity", &p.entity)] {
                if let Some(v) = v {
                    let _ = write!(q, "&{k}={}", url_part(v));
                }
            }
            for (k, v) in [("from", p.from), ("to", p.to)] {
                if let Some(v) = v {
                    let _ = write!(q, "&{k}={v}");
                }
            }
            pager(&mut b, "/", &q, page.offset, page.limit, page.total);
            layout_live("Stories", "", &b, state.config.auto_refresh)
        }
        Err(e) => error_page(e),
    }
}

/// The current time in Unix seconds.
fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// A span of seconds in the largest whole unit: `45 s`, `3 min`, `2 h`, `5 d`.
pub fn span(s: i64) -> String {
    match s {
        s if s < 60 => format!("{s} s"),
        s if s < 3600 => format!("{} min", s / 60),
        s if s < 86_400 => format!("{} h", s / 3600),
        s => format!("{} d", s / 86_400),
    }
}

/// How far a Unix time is from `now`, in words: `3 min ago`, `in 2 h`, `just now`.
pub fn relative(t: i64, now: i64) -> String {
    let d = now.saturating_sub(t);
    match d {
        0..=4 => "just now".to_string(),
        d if d > 0 => format!("{} ago", span(d)),
        d => format!("in {}", span(d.saturating_neg())),
    }
}

/// An RFC 3339 time (as the API gives it) as a `<time>` element saying how long ago
/// (or ahead) it is.
fn when(t: &str, now: i64) -> String {
    match chrono::DateTime::parse_from_rfc3339(t) {
        Ok(d) => format!(
            "<time datetime=\"{}\" title=\"{}\">{}</time>",
            esc(t),
            esc(t),
            relative(d.timestamp(), now)
        ),
        Err(_) => esc(t).to_string(),
    }
}

async fn feeds_page(
    State(state): State<Arc<AppState>>,
    Query(p): Query<api::FeedParams>,
) -> Response {
    match api::feed_list(&state, p).await {
        Ok(list) => {
            let now = unix_now();
            let mut b = String::from("<h1>Feeds</h1>");
            let _ = write!(
                b,
                "<p class=\"meta\">{} feeds followed · {} failing{}</p>",
                list.total,
                list.failing,
                list.stories_updated
                    .as_deref()
                    .map(|t| format!(" · stories updated {}", when(t, now)))
                    .unwrap_or_default()
            );
            if list.total == 0 {
                b.push_str(
                    "<p>No feeds are followed. Add some with <code>chorus feeds add URL</code> \
                     and serve with <code>chorus serve --follow</code>.</p>",
                );
            }
            b.push_str("<ol class=\"feeds\">");
            for f in &list.feeds {
                let name = f.title.as_deref().unwrap_or(&f.url);
                let link = match safe_href(&f.url) {
                    Some(href) => format!(
                        "<a class=\"headline\" href=\"{}\" rel=\"noopener noreferrer nofollow\">{}</a>",
                        esc(href),
                        esc(name)
                    ),
                    None => format!("<span class=\"headline\">{}</span>", esc(name)),
                };
                let flag = match f.status.as_str() {
                    "failing" => "<span class=\"flag\">Failing</span> ",
                    "retrying" => "<span class=\"flag soft\">Retrying</span> ",
                    "new" => "<span class=\"flag soft\">Not polled yet</span> ",
                    _ => "",
                };
                let _ = write!(b, "<li class=\"card feed {}\">{flag}{link}", esc(&f.status));
                if f.title.is_some() {
                    let _ = write!(b, "<p class=\"meta\">{}</p>", esc(&f.url));
                }
                let _ = write!(
                    b,
                    "<p class=\"meta\">last success {} · next poll {} · every {} · \
                     {} new at the last poll · {} in all</p>",
                    f.last_success
                        .as_deref()
                        .map_or_else(|| "never".to_string(), |t| when(t, now)),
                    f.next_poll
                        .as_deref()
                        .map_or_else(|| "unknown".to_string(), |t| when(t, now)),
                    span(f.interval_secs),
                    f.new_items,
                    f.total_items
                );
                if let Some(e) = &f.last_error {
                    let _ = write!(
                        b,
                        "<p class=\"error\">{} failed polls in a row; last: {}</p>",
                        f.failures,
                        esc(e)
                    );
                }
                b.push_str("</li>");
            }
            b.push_str("</ol>");
            pager(&mut b, "/feeds", "", list.offset, list.limit, list.total);
            layout_live("Feeds", "", &b, state.config.auto_refresh)
        }
        Err(e) => error_page(e),
    }
}

/// The offset of the next page, when there is one that is served.
fn next_offset(offset: usize, limit: usize, total: usize) -> Option<usize> {
    offset
        .checked_add(limit)
        .filter(|&next| next < total && next <= api::MAX_OFFSET)
}

fn pager(b: &mut String, path: &str, query: &str, offset: usize, limit: usize, total: usize) {
    b.push_str("<nav class=\"pager\">");
    if offset > 0 {
        let _ = write!(
            b,
            "<a href=\"{path}?offset={}{}\">Newer</a>",
            offset.saturating_sub(limit),
            esc(query)
        );
    }
    if let Some(next) = next_offset(offset, limit, total) {
        let _ = write!(
            b,
            "<a href=\"{path}?offset={next}{}\">Older</a>",
            esc(query)
        );
    }
    b.push_str("</nav>");
}

/// Source chips: one link per cited article, named by its outlet.
struct Chips<'a> {
    outlets: BTreeMap<&'a str, (usize, &'a str)>,
}

impl<'a> Chips<'a> {
    /// Chips for the sources of `brief`, the first of which is number `offset + 1` of
    /// the story.
    fn new(brief: &'a Brief, offset: usize) -> Chips<'a> {
        Chips {
            outlets: brief
                .sources
                .iter()
                .enumerate()
                .map(|(i, s)| {
                    (
                        s.article_id.as_str(),
                        (
                            offset.saturating_add(i + 1),
                            s.outlet.as_deref().unwrap_or(s.article_id.as_str()),
                        ),
                    )
                })
                .collect(),
        }
    }

    fn outlet<'b>(&'b self, id: &'b str) -> &'b str {
        self.outlets.get(id).map_or(id, |&(_, o)| o)
    }

    fn render(&self, ids: &[String]) -> String {
        let mut out = String::from("<span class=\"chips\">");
        for id in ids {
            let n = self.outlets.get(id.as_str()).map_or(0, |&(n, _)| n);
            let _ = write!(
                out,
                "<a class=\"chip\" href=\"/articles/{}\" title=\"Source {n}\">{}</a>",
                url_part(id),
                esc(self.outlet(id))
            );
        }
        out.push_str("</span>");
        out
    }
}

/// Which page of a story's articles to show.
#[derive(Debug, Default, Clone, serde::Deserialize)]
pub struct StoryPageParams {
    /// 1 for the first [`ARTICLES_PER_PAGE`] articles, and so on.
    pub page: Option<usize>,
}

async fn story(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    Query(p): Query<StoryPageParams>,
) -> Response {
    let page = p.page.unwrap_or(1).max(1);
    let result = state
        .with_store(move |s| {
            let Some(brief) = s.brief(&id)? else {
                return Err(ServeError::NotFound(format!("no story {id:?}")));
            };
            let count = brief.article_ids.len();
            let offset = (page - 1)
                .checked_mul(ARTICLES_PER_PAGE)
                .filter(|&o| o < count || page == 1)
                .ok_or_else(|| {
                    ServeError::NotFound(format!(
                        "no page {page} of story {id:?}: it has {} pages",
                        count.div_ceil(ARTICLES_PER_PAGE).max(1)
                    ))
                })?;
            // The pictures see the whole story, so that their source numbers are the
            // article list's on every page; they bound what they draw themselves, and
            // the grid has a row for each article of this page.
            let pictures = Pictures {
                timeline: visual::timeline_svg(&brief),
                grid: visual::coverage_grid_of(&brief, offset, ARTICLES_PER_PAGE),
            };
            let bounded = api::bound_brief(brief, offset, ARTICLES_PER_PAGE);
            // Only the articles of this page are read.
            let articles = s.articles_in_order(&bounded.brief.article_ids)?;
            Ok((bounded, articles, pictures))
        })
        .await;
    match result {
        Ok((story, articles, pictures)) => layout(
            &story.brief.headline,
            "",
            &render_story(&story, page, &articles, &pictures),
        ),
        Err(e) => error_page(e),
    }
}

/// The first paragraph of an article, cut to a few hundred characters.
fn lead(body: &str) -> &str {
    let first = body.split("\n\n").next().unwrap_or("");
    match first.char_indices().nth(300) {
        Some((i, _)) => &first[..i],
        None => first,
    }
}

/// The story's pictures, drawn from its whole brief (see [`visual`]).
struct Pictures {
    timeline: String,
    grid: String,
}

fn render_story(
    story: &api::StoryBrief,
    page: usize,
    articles: &[model::AnalyzedArticle],
    pictures: &Pictures,
) -> String {
    let brief = &story.brief;
    let chips = Chips::new(brief, story.offset);
    let mut b = String::new();
    let dates: Vec<_> = brief.sources.iter().filter_map(|s| s.published).collect();
    let mut outlets: Vec<&str> = brief
        .sources
        .iter()
        .filter_map(|s| s.outlet.as_deref())
        .collect();
    outlets.sort_unstable();
    outlets.dedup();
    // Outlets read from the text (a credit line, a wire tag) are counted and said so;
    // articles naming none are counted apart, not as an outlet.
    let mut read: Vec<&str> = brief
        .sources
        .iter()
        .filter(|s| s.outlet_inferred)
        .filter_map(|s| s.outlet.as_deref())
        .collect();
    read.sort_unstable();
    read.dedup();
    let unknown = brief.sources.iter().filter(|s| s.outlet.is_none()).count();
    let mut count = format!("{} outlets", outlets.len());
    if !read.is_empty() {
        let _ = write!(count, " ({} read from the text)", read.len());
    }
    if unknown > 0 {
        let _ = write!(count, " · {unknown} with no known outlet");
    }
    let pages = story.article_count.div_ceil(ARTICLES_PER_PAGE).max(1);
    // With one page, the outlets and dates are the whole story's; with more, this page's.
    let scope = if pages > 1 { " on this page" } else { "" };
    let _ = write!(
        b,
        "<article class=\"story\"><h1>{}</h1><p class=\"meta\">{} articles · {count}{scope} · {}</p>",
        esc(&brief.headline),
        story.article_count,
        date_range(dates.iter().min().copied(), dates.iter().max().copied())
    );
    if story.truncated {
        b.push_str("<p class=\"meta\">Long lists are cut to their first items.</p>");
    }
    if !brief.summary.is_empty() {
        b.push_str("<section class=\"summary\"><h2>Summary</h2>");
        for line in &brief.summary {
            let _ = write!(
                b,
                "<p>{} {}</p>",
                esc(&line.text),
                chips.render(&line.article_ids)
            );
        }
        b.push_str("</section>");
    }
    if !brief.timeline.is_empty() {
        b.push_str("<section class=\"timeline\"><h2>Timeline</h2>");
        b.push_str(&pictures.timeline);
        b.push_str("<ol>");
        for t in &brief.timeline {
            let _ = write!(
                b,
                "<li><time>{}</time>{}{} <span>{}</span> {}</li>",
                esc(&t.date),
                if t.expected { " <i>expected</i>" } else { "" },
                if t.inferred {
                    " <i>date inferred</i>"
                } else {
                    ""
                },
                esc(&t.text),
                chips.render(&t.article_ids)
            );
        }
        b.push_str("</ol></section>");
    }
    if !brief.statements.is_empty() {
        b.push_str("<section class=\"statements\"><h2>Who said what</h2>");
        for (k, s) in brief.statements.iter().enumerate() {
            // Past the first statements, the rest wait one click away.
            if k == model::Brief::STATEMENTS_SHOWN {
                let _ = write!(
                    b,
                    "<details><summary>{} more statements</summary>",
                    brief.statements.len() - k
                );
            }
            let _ = write!(
                b,
                "<div class=\"statement\"><p class=\"speaker\">{}</p><blockquote>{}</blockquote><ul class=\"carried\">",
                esc(&s.speaker),
                esc(&s.text)
            );
            for q in &s.quotes {
                let how = match q.kind {
                    QuoteKind::Direct => "quotes",
                    QuoteKind::Indirect => "reports",
                };
                let _ = write!(
                    b,
                    "<li><a class=\"chip\" href=\"/articles/{}\">{}</a> {how}: <q>{}</q></li>",
                    url_part(&q.article_id),
                    esc(chips.outlet(&q.article_id)),
                    esc(&q.text)
                );
            }
            b.push_str("</ul></div>");
        }
        if brief.statements.len() > model::Brief::STATEMENTS_SHOWN {
            b.push_str("</details>");
        }
        b.push_str("</section>");
    }
    if !brief.numbers.is_empty() {
        b.push_str("<section class=\"numbers\"><h2>Numbers</h2><ul>");
        for n in &brief.numbers {
            let (class, mark) = if !n.agree {
                ("disagree", "<span class=\"flag\">Outlets disagree</span> ")
            } else if n.precision_differs {
                ("agree", "<span class=\"flag\">Differ in precision</span> ")
            } else {
                ("agree", "")
            };
            let _ = write!(
                b,
                "<li class=\"{class}\">{mark}<strong>{}</strong><ul>",
                esc(n.shown_what())
            );
            for v in &n.values {
                let _ = write!(
                    b,
                    "<li>{} {}</li>",
                    esc(&v.text),
                    chips.render(&v.article_ids)
                );
            }
            b.push_str("</ul></li>");
        }
        b.push_str("</ul></section>");
    }
    if !pictures.grid.is_empty() {
        b.push_str("<section class=\"carried-grid\"><h2>Who carried what</h2>");
        if pages > 1 {
            b.push_str("<p class=\"meta\">A row for each article on this page.</p>");
        }
        b.push_str(&pictures.grid);
        b.push_str("</section>");
    }
    if !brief.positions.is_empty() {
        b.push_str("<section class=\"positions\"><h2>Positions</h2><ul>");
        for p in &brief.positions {
            let stance = serde_json::to_value(p.stance)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            let _ = write!(
                b,
                "<li><strong>{}</strong> <em>{}</em>{}: {} {}</li>",
                esc(&p.actor),
                esc(&stance),
                p.target
                    .as_deref()
                    .map(|t| format!(" → {}", esc(t)))
                    .unwrap_or_default(),
                esc(&p.text),
                chips.render(&p.article_ids)
            );
        }
        b.push_str("</ul></section>");
    }
    if !brief.coverage.is_empty() {
        b.push_str("<section class=\"coverage\"><h2>Outlet comparison</h2><div class=\"grid\">");
        for c in &brief.coverage {
            let _ = write!(
                b,
                "<div class=\"outlet\"><h3><a href=\"/articles/{}\">{}</a></h3>",
                url_part(&c.article_id),
                esc(chips.outlet(&c.article_id))
            );
            for (label, items) in [("Adds", &c.adds), ("Leaves out", &c.omits)] {
                if items.is_empty() {
                    continue;
                }
                let _ = write!(b, "<h4>{label}</h4><ul>");
                for i in items {
                    let _ = write!(b, "<li>{}</li>", esc(i));
                }
                b.push_str("</ul>");
            }
            b.push_str("</div>");
        }
        b.push_str("</div></section>");
    }
    let _ = write!(
        b,
        "<section class=\"articles\"><h2>Articles</h2><ol start=\"{}\">",
        story.offset.saturating_add(1)
    );
    let by_id: BTreeMap<&str, &model::AnalyzedArticle> = articles
        .iter()
        .map(|a| (a.article.id.as_str(), a))
        .collect();
    for s in &brief.sources {
        let _ = write!(
            b,
            "<li class=\"card\"><a class=\"headline\" href=\"/articles/{}\">{}</a><p class=\"meta\">{} · {}{}</p>",
            url_part(&s.article_id),
            esc(&s.title),
            esc(s.outlet.as_deref().unwrap_or("unknown outlet")),
            s.published.map(|d| d.to_string()).unwrap_or_else(|| "undated".into()),
            s.duplicate_of
                .as_deref()
                .map(|d| format!(" · copy of {}", esc(d)))
                .unwrap_or_default()
        );
        if let Some(a) = by_id.get(s.article_id.as_str()) {
            let _ = write!(b, "<p>{}</p>", esc(lead(&a.article.body)));
        }
        b.push_str("</li>");
    }
    b.push_str("</ol>");
    if pages > 1 {
        let _ = write!(
            b,
            "<nav class=\"pager\"><span class=\"meta\">Page {page} of {pages}</span>"
        );
        let base = format!("/stories/{}", url_part(&brief.id));
        if page > 1 {
            let _ = write!(b, "<a href=\"{base}?page={}\">Previous</a>", page - 1);
        }
        if page < pages {
            let _ = write!(b, "<a href=\"{base}?page={}\">Next</a>", page + 1);
        }
        b.push_str("</nav>");
    }
    b.push_str("</section></article>");
    b
}

async fn article(State(state): State<Arc<AppState>>, Path(id): Path<String>) -> Response {
    match api::article_view(&state, id).await {
        Ok(view) => {
            let a = &view.article.article;
            let mut b = String::new();
            let _ = write!(
                b,
                "<article class=\"article\"><h1>{}</h1><p class=\"meta\">{} · {}{}</p>",
                esc(&a.title),
                esc(a.outlet.as_deref().unwrap_or("unknown outlet")),
                a.published
                    .map(|d| d.to_string())
                    .unwrap_or_else(|| "undated".into()),
                a.byline
                    .as_deref()
                    .map(|by| format!(" · {}", esc(by)))
                    .unwrap_or_default()
            );
            if let Some(story) = &view.story_id {
                let _ = write!(
                    b,
                    "<p><a href=\"/stories/{}\">The whole story</a></p>",
                    url_part(story)
                );
            }
            if let Some(url) = &a.url {
                match safe_href(url) {
                    Some(href) => {
                        let _ = write!(
                            b,
                            "<p class=\"meta\">Original: <a href=\"{}\" rel=\"noopener noreferrer nofollow\">{}</a></p>",
                            esc(href),
                            esc(href)
                        );
                    }
                    None => {
                        let _ = write!(b, "<p class=\"meta\">Original: {}</p>", esc(url));
                    }
                }
            }
            b.push_str("<div class=\"body\">");
            for (_, p) in a.paragraphs() {
                let _ = write!(b, "<p>{}</p>", esc(p));
            }
            b.push_str("</div>");
            // Readers see the quotes the analysis is confident of; the API keeps all.
            let quotes: Vec<_> = view
                .article
                .annotations
                .quotes
                .iter()
                .filter(|q| q.is_shown())
                .collect();
            if !quotes.is_empty() {
                b.push_str("<section class=\"quotes\"><h2>Quotes</h2><ul>");
                for q in quotes {
                    let _ = write!(
                        b,
                        "<li><strong>{}</strong>: <q>{}</q></li>",
                        esc(q.speaker.as_deref().unwrap_or("unattributed")),
                        esc(&q.text)
                    );
                }
                b.push_str("</ul></section>");
            }
            b.push_str("</article>");
            layout(&a.title, "", &b)
        }
        Err(e) => error_page(e),
    }
}

/// A snippet with its matches marked, every piece escaped.
fn highlighted(text: &str, ranges: &[[usize; 2]]) -> String {
    let mut out = String::new();
    let mut last = 0;
    for &[start, end] in ranges {
        let (Some(before), Some(hit)) = (text.get(last..start), text.get(start..end)) else {
            continue;
        };
        let _ = write!(out, "{}<mark>{}</mark>", esc(before), esc(hit));
        last = end;
    }
    let _ = write!(out, "{}", esc(text.get(last..).unwrap_or("")));
    out
}

async fn search_page(
    State(state): State<Arc<AppState>>,
    Query(p): Query<SearchParams>,
) -> Response {
    let q = p.q.clone();
    match api::run_search(&state, p.clone()).await {
        Ok(page) => {
            let mut b = String::new();
            let _ = write!(
                b,
                "<h1>Search</h1><p class=\"meta\">{} results for <strong>{}</strong></p><ol class=\"hits\">",
                page.total,
                esc(&q)
            );
            for h in &page.hits {
                let (href, label) = match h.kind {
                    api::HitKind::Story => (format!("/stories/{}", url_part(&h.id)), "Story"),
                    api::HitKind::Article => (format!("/articles/{}", url_part(&h.id)), "Article"),
                    api::HitKind::Quote => (format!("/articles/{}", url_part(&h.id)), "Quote"),
                };
                let who = match (&h.speaker, h.kind) {
                    (Some(s), api::HitKind::Quote) => format!("{} · ", esc(s)),
                    _ => String::new(),
                };
                let _ = write!(
                    b,
                    "<li class=\"card hit {}\"><span class=\"kind\">{label}</span> <a class=\"headline\" href=\"{href}\">{}</a>\
<p class=\"meta\">{who}{} · {}</p><p class=\"snippet\">{}</p></li>",
                    label.to_ascii_lowercase(),
                    esc(&h.title),
                    esc(h.outlet.as_deref().unwrap_or("")),
                    h.published.map(|d| d.to_string()).unwrap_or_else(|| "undated".into()),
                    highlighted(&h.snippet, &h.highlights)
                );
            }
            b.push_str("</ol>");
            let mut query = format!("&q={}", url_part(&q));
            if let Some(k) = p.kind {
                let k = serde_json::to_value(k)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default();
                let _ = write!(query, "&kind={k}");
            }
            for (k, v) in [("outlet", &p.outlet), ("speaker", &p.speaker)] {
                if let Some(v) = v {
                    let _ = write!(query, "&{k}={}", url_part(v));
                }
            }
            pager(
                &mut b,
                "/search",
                &query,
                page.offset,
                api::page_size(p.limit),
                page.total,
            );
            layout(&format!("Search: {q}"), &q, &b)
        }
        Err(e) => error_page(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_covers_markup_and_quotes() {
        assert_eq!(
            esc("<script>alert('x')</script> & \"y\"").to_string(),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;y&quot;"
        );
        assert_eq!(esc("plain é").to_string(), "plain é");
    }

    #[test]
    fn ids_stay_in_their_segment() {
        assert_eq!(url_part("../a b/?x"), "..%2Fa%20b%2F%3Fx");
        assert_eq!(url_part("s1234abcd"), "s1234abcd");
    }

    #[test]
    fn only_web_links_become_links() {
        assert!(safe_href("javascript:alert(1)").is_none());
        assert!(safe_href(" JAVASCRIPT:alert(1)").is_none());
        assert!(safe_href("data:text/html,x").is_none());
        assert_eq!(
            safe_href("https://example.org/a"),
            Some("https://example.org/a")
        );
    }

    #[test]
    fn pager_links_stay_in_range() {
        assert_eq!(next_offset(0, 20, 100), Some(20));
        assert_eq!(next_offset(80, 20, 100), None);
        assert_eq!(next_offset(usize::MAX - 5, 20, usize::MAX), None);
        assert_eq!(next_offset(api::MAX_OFFSET, 20, usize::MAX), None);
        let mut b = String::new();
        pager(&mut b, "/search", "", usize::MAX - 5, 100, usize::MAX);
        assert!(!b.contains("Older"), "{b}");
    }

    #[test]
    fn times_read_as_spans() {
        assert_eq!(relative(100, 102), "just now");
        assert_eq!(relative(100, 220), "2 min ago");
        assert_eq!(relative(10_000, 100), "in 2 h");
        assert_eq!(relative(0, 3 * 86_400), "3 d ago");
        assert_eq!(relative(i64::MIN, i64::MAX), "106751991167300 d ago");
        assert!(when("2026-12-07T03:00:00Z", 1_796_612_400).contains("datetime="));
        assert_eq!(when("<not a time>", 0), "&lt;not a time&gt;");
    }

    #[test]
    fn highlights_are_escaped_and_bounded() {
        assert_eq!(
            highlighted("a <b> c", &[[2, 5]]),
            "a <mark>&lt;b&gt;</mark> c"
        );
        // Ranges off the text or inside a character are skipped, not a panic.
        assert_eq!(highlighted("é", &[[1, 2], [0, 9]]), "é");
    }
}
