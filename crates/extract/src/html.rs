//! The HTML path: metadata from the head, main text from `dom_smoothie` (or a density
//! fallback of our own), then blocks in reading order as candidate paragraphs.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

use chrono::NaiveDate;
use dom_query::{Document, NodeRef};
use dom_smoothie::{Readability, TextMode};

use crate::clean::{Kind, Para};
use crate::elements::{self, Elements};
use crate::meta;
use crate::pubdate;
use crate::rawtext;
use crate::streamed;
use crate::title;
use crate::ExtractConfig;

/// What the page says about itself, before looking at the body text.
#[derive(Debug, Default, Clone)]
pub(crate) struct PageMeta {
    pub title: Option<String>,
    pub byline: Option<String>,
    pub published: Option<NaiveDate>,
    pub outlet: Option<String>,
    pub language: Option<String>,
}

/// The selector of the element that holds the article once readability has run.
const ARTICLE_ROOT: &str = "#readability-page-1";

/// Candidate paragraphs and metadata of an HTML page.
pub(crate) fn extract_html(
    html: &str,
    url: Option<&str>,
    config: &ExtractConfig,
) -> (Vec<Para>, PageMeta) {
    let emptied = rawtext::empty_raw_text(html);
    let flat = flatten_deep(&emptied, MAX_PARSE_DEPTH);
    let doc = Document::from(flat.as_ref());
    let mut elements = prepare(&doc);
    let mut page = page_meta(&elements, html, url);
    // Teaser cards marked up as articles mislead both extractors, so they go first.
    if prune_side_articles(&elements) {
        elements.invalidate();
    }
    // The fallback reads the page as it was, so it is taken before readability edits it.
    let (fallback, grown) = density_blocks(&doc, &elements);
    let deep = max_depth(&doc.root()) > config.max_depth;
    let mut paras = Vec::new();
    if !deep {
        prune_boilerplate(&elements);
        let cfg = dom_smoothie::Config {
            text_mode: TextMode::Raw,
            // The metadata is ours (`page_meta` reads JSON-LD already).
            disable_json_ld: true,
            ..Default::default()
        };
        if let Ok(mut readability) = Readability::with_document(doc, None, Some(cfg)) {
            if let Ok(article) = readability.parse() {
                if page.byline.is_none() {
                    page.byline = article.byline.as_deref().and_then(meta::person_byline);
                }
                // Readability leaves the article in its document under the container
                // readability.js names `readability-page-1` (the root of
                // `article.content`); reading it there saves serialising and parsing
                // the article again.
                let root = readability.doc.select_single(ARTICLE_ROOT);
                paras = match root.nodes().first() {
                    Some(node) => blocks(node),
                    None => blocks(&Document::from(article.content.to_string()).root()),
                };
            }
        }
    }
    let chars: usize = paras.iter().map(|p| p.text.len()).sum();
    let fallback_chars: usize = fallback.iter().map(|p| p.text.len()).sum();
    if (chars < config.min_readability_chars && fallback_chars > chars)
        || fallback_chars > chars.saturating_mul(config.fallback_ratio)
    {
        paras = fallback;
    } else if let Some(grown) = grown {
        // Readability kept one section of an article split into sibling sections: the
        // grown container holds what it kept and much more prose.
        let grown_chars: usize = grown.iter().map(|p| p.text.len()).sum();
        if grown_chars.saturating_mul(GROWN_RATIO.1) >= chars.saturating_mul(GROWN_RATIO.0)
            && covered_share(&paras, &grown) >= GROWN_COVER
        {
            paras = grown;
        }
    }
    (paras, page)
}

/// The Wayback Machine's toolbar, removed before anything is read.
const WAYBACK_TOOLBAR: &str = "#wm-ipp-base, #wm-ipp, #donato, #wm-ipp-print";

/// The elements of a freshly parsed page, once the Wayback Machine's toolbar (it
/// carries the capture date and links of its own) is removed and streamed segments are
/// in place. The walk that gathers the elements also tells whether the page can hold
/// either, so most pages are walked once, not once more for each selector.
fn prepare(doc: &Document) -> Elements<'_> {
    let elements = Elements::gather(doc);
    if !elements.may_move() {
        return elements;
    }
    doc.select(WAYBACK_TOOLBAR).remove();
    streamed::place_segments(doc);
    Elements::gather(doc)
}

/// The metadata of an HTML page alone, parsed as `extract_html` parses it.
pub(crate) fn page_metadata(html: &str, url: Option<&str>) -> PageMeta {
    let flat = flatten_deep(html, MAX_PARSE_DEPTH);
    let doc = Document::from(flat.as_ref());
    page_meta(&prepare(&doc), html, url)
}

/// Runs `read` over a page parsed as `extract_html` parses it, with its meta tags and
/// JSON-LD: for the readers that fitting a model asks for alone.
fn read_parsed<T>(
    html: &str,
    read: impl FnOnce(&Elements, &BTreeMap<String, String>, &LdMeta) -> T,
) -> T {
    let emptied = rawtext::empty_raw_text(html);
    let flat = flatten_deep(&emptied, MAX_PARSE_DEPTH);
    let doc = Document::from(flat.as_ref());
    let elements = prepare(&doc);
    let tags = meta_tags(&elements);
    let ld = json_ld(&elements);
    read(&elements, &tags, &ld)
}

/// The candidate publication dates of an HTML page with the date model's inputs.
pub(crate) fn page_date_candidates(html: &str, url: Option<&str>) -> Vec<pubdate::DateCandidate> {
    read_parsed(html, |elements, tags, ld| {
        let ld_dates = pubdate::LdDates {
            published: ld.published.as_deref(),
            modified: ld.modified.as_deref(),
        };
        pubdate::candidates(elements, html, url, tags, ld_dates)
    })
}

/// The candidate titles of an HTML page with the title model's inputs.
pub(crate) fn page_title_candidates(html: &str, url: Option<&str>) -> Vec<title::TitleCandidate> {
    read_parsed(html, |elements, tags, ld| {
        let host = url.and_then(meta::host);
        let outlet = outlet_of(tags, ld, host.as_deref());
        let title_tag = title_tag(elements);
        title::candidates(
            elements,
            &meta_titles(tags, ld, title_tag.as_deref()),
            outlet.as_deref(),
            host.as_deref(),
        )
    })
}

/// The longest text of an element read as a shown byline.
const MAX_SHOWN_AUTHOR_CHARS: usize = 80;

/// The most shown bylines read.
const MAX_SHOWN_AUTHORS: usize = 8;

/// The short texts of the elements that show the article's author
/// ([`elements::SHOWN_AUTHOR`]), in page order, leaving out the page's furniture
/// (navigation, footer, aside, form outside the article) and comments.
fn shown_authors(elements: &Elements) -> Vec<String> {
    let mut out = Vec::new();
    for node in &elements.select(elements::Kind::ShownAuthor) {
        if title::heading_in_furniture(node) || in_comments(node) {
            continue;
        }
        let text = meta::collapse_ws(&node.text());
        if text.is_empty() || text.chars().count() > MAX_SHOWN_AUTHOR_CHARS {
            continue;
        }
        out.push(text);
        if out.len() >= MAX_SHOWN_AUTHORS {
            break;
        }
    }
    out
}

/// True for an element inside a comment (an ancestor's class or id names one).
fn in_comments(node: &NodeRef) -> bool {
    node.ancestors_it(Some(12)).any(|a| {
        ["class", "id"].iter().any(|k| {
            a.attr(k)
                .is_some_and(|v| v.to_ascii_lowercase().contains("comment"))
        })
    })
}

/// How much more text, as (numerator, denominator), the grown fallback container must
/// hold than readability's choice to replace it: 3/2 times. Chosen on WCXB-dev (1.3 and
/// 2 score a little lower; ScrapingHub does not move).
const GROWN_RATIO: (usize, usize) = (3, 2);

/// The least share of readability's text (by characters, paragraph by paragraph) the
/// grown fallback container must also hold to replace it: 0.7. Chosen on WCXB-dev,
/// where 0.6 and 0.7 score the same and 0.8 keeps readability's single section of one
/// more sectioned page; ScrapingHub does not move.
const GROWN_COVER: f64 = 0.7;

/// The deepest nesting of open elements handed to the HTML parser. The parser checks its
/// stack of open elements on every start tag, so time grows with depth times tags; past
/// this depth extra opening tags (and as many closing ones) are dropped before parsing,
/// keeping their text. Real pages stay far below it (the deepest dev page nests ~60).
const MAX_PARSE_DEPTH: usize = 512;

/// Elements that never take a closing tag.
fn is_void(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "param"
            | "source"
            | "track"
            | "wbr"
    )
}

/// Paragraph-level elements that are kept at any depth: the parser closes an open one
/// when the next starts, so they cannot pile up, and the extractor reads its text from
/// them.
fn keeps_text_block(name: &str) -> bool {
    matches!(name, "p" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
}

/// `html` with its tags past `limit` levels of nesting removed (a lexical pass, linear in
/// the input); borrowed unchanged when it never nests that deep.
fn flatten_deep(html: &str, limit: usize) -> std::borrow::Cow<'_, str> {
    let bytes = html.as_bytes();
    let mut depth = 0usize;
    // Dropped opening tags by name, so their closing tags go too.
    let mut dropped: BTreeMap<String, usize> = BTreeMap::new();
    let mut out: Option<String> = None;
    let mut copied = 0usize;
    let mut i = 0usize;
    while let Some(off) = bytes.get(i..).and_then(|b| memchr::memchr(b'<', b)) {
        let start = i + off;
        let Some(len) = bytes.get(start..).and_then(|b| memchr::memchr(b'>', b)) else {
            break;
        };
        let end = start + len + 1;
        let tag = &html[start + 1..end - 1];
        i = end;
        if tag.starts_with('!') || tag.starts_with('?') {
            continue;
        }
        let closing = tag.starts_with('/');
        let bare = tag.trim_start_matches('/');
        let name_len = bare
            .bytes()
            .take_while(|c| c.is_ascii_alphanumeric())
            .count();
        let raw_name = &bare[..name_len];
        if raw_name.is_empty() || tag.ends_with('/') {
            continue;
        }
        // Most names are lower case already; only odd ones cost an allocation.
        let lowered;
        let name: &str = if raw_name.bytes().any(|c| c.is_ascii_uppercase()) {
            lowered = raw_name.to_ascii_lowercase();
            &lowered
        } else {
            raw_name
        };
        if is_void(name) {
            continue;
        }
        let drop = if closing {
            match dropped.get_mut(name).filter(|n| **n > 0) {
                Some(n) => {
                    *n -= 1;
                    true
                }
                None => {
                    depth = depth.saturating_sub(1);
                    false
                }
            }
        } else if depth >= limit && !keeps_text_block(name) {
            *dropped.entry(name.to_string()).or_default() += 1;
            true
        } else {
            depth += 1;
            false
        };
        if drop {
            let buf = out.get_or_insert_with(|| String::with_capacity(html.len()));
            buf.push_str(&html[copied..start]);
            copied = end;
        }
    }
    match out {
        Some(mut buf) => {
            buf.push_str(&html[copied..]);
            std::borrow::Cow::Owned(buf)
        }
        None => std::borrow::Cow::Borrowed(html),
    }
}

/// The depth of the deepest element, found without recursion.
fn max_depth(root: &NodeRef) -> usize {
    let mut deepest = 0;
    let mut stack = vec![(*root, 0usize)];
    while let Some((node, depth)) = stack.pop() {
        deepest = deepest.max(depth);
        let mut child = node.first_child();
        while let Some(c) = child {
            if c.is_element() {
                stack.push((c, depth + 1));
            }
            child = c.next_sibling();
        }
    }
    deepest
}

/// Lower-cased `property`/`name`/`itemprop` of every `<meta>` mapped to its first content.
fn meta_tags(elements: &Elements) -> BTreeMap<String, String> {
    let mut tags = BTreeMap::new();
    for node in &elements.select(elements::Kind::Meta) {
        let Some(content) = node.attr("content") else {
            continue;
        };
        let content = meta::collapse_ws(&content);
        if content.is_empty() {
            continue;
        }
        for attr in ["property", "name", "itemprop"] {
            if let Some(key) = node.attr(attr) {
                tags.entry(key.trim().to_lowercase())
                    .or_insert_with(|| content.clone());
            }
        }
    }
    tags
}

/// Metadata of the article object(s) in the page's JSON-LD.
#[derive(Debug, Default)]
struct LdMeta {
    headline: Option<String>,
    published: Option<String>,
    modified: Option<String>,
    authors: Vec<String>,
    publisher: Option<String>,
    /// The object is a news article (`NewsArticle` and its kinds).
    news: bool,
}

fn json_ld(elements: &Elements) -> LdMeta {
    let mut best = LdMeta::default();
    let mut best_rank = 0;
    for node in &elements.select(elements::Kind::TypedScript) {
        let is_ld = node
            .attr("type")
            .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json"));
        if !is_ld {
            continue;
        }
        let raw = node.text();
        let Ok(value) = serde_json::from_str::<serde_json::Value>(raw.trim()) else {
            continue;
        };
        // Walk without recursion; serde_json already bounds the nesting depth.
        let mut stack = vec![&value];
        while let Some(v) = stack.pop() {
            match v {
                serde_json::Value::Array(items) => stack.extend(items.iter().rev()),
                serde_json::Value::Object(map) => {
                    let rank = ld_rank(map.get("@type"));
                    if rank > best_rank {
                        best_rank = rank;
                        best = LdMeta {
                            news: rank >= 4,
                            headline: map.get("headline").and_then(|h| h.as_str()).map(ld_text),
                            published: map
                                .get("datePublished")
                                .and_then(|d| d.as_str())
                                .map(str::to_string),
                            modified: map
                                .get("dateModified")
                                .and_then(|d| d.as_str())
                                .map(str::to_string),
                            authors: ld_names(map.get("author")),
                            publisher: ld_names(map.get("publisher")).into_iter().next(),
                        };
                    }
                    if let Some(graph) = map.get("@graph") {
                        stack.push(graph);
                    }
                }
                _ => {}
            }
        }
    }
    best
}

/// How article-like a JSON-LD `@type` is (0 = not at all).
fn ld_rank(ty: Option<&serde_json::Value>) -> u8 {
    let types: Vec<&str> = match ty {
        Some(serde_json::Value::String(s)) => vec![s.as_str()],
        Some(serde_json::Value::Array(items)) => items.iter().filter_map(|i| i.as_str()).collect(),
        _ => return 0,
    };
    types
        .iter()
        .map(|t| match *t {
            "NewsArticle"
            | "ReportageNewsArticle"
            | "AnalysisNewsArticle"
            | "OpinionNewsArticle" => 4,
            "Article" | "BlogPosting" | "Report" | "ScholarlyArticle" | "TechArticle"
            | "LiveBlogPosting" => 3,
            "WebPage" | "ItemPage" => 1,
            _ => 0,
        })
        .max()
        .unwrap_or(0)
}

/// The names in a JSON-LD person/organisation value (a string, an object or a list).
/// A JSON-LD string as text: JSON escapes are already undone, but many sites also
/// HTML-escape their structured data ("Gold&#039;s Gym", "Tools &#8211; Spreadsheet"),
/// which a page's visible text never shows; whitespace collapsed.
fn ld_text(s: &str) -> String {
    meta::collapse_ws(&html_escape::decode_html_entities(s))
}

fn ld_names(v: Option<&serde_json::Value>) -> Vec<String> {
    let mut out = Vec::new();
    let items: Vec<&serde_json::Value> = match v {
        Some(serde_json::Value::Array(items)) => items.iter().collect(),
        Some(other) => vec![other],
        None => return out,
    };
    for item in items {
        let name = match item {
            serde_json::Value::String(s) => Some(s.as_str()),
            serde_json::Value::Object(map) => map.get("name").and_then(|n| n.as_str()),
            _ => None,
        };
        if let Some(name) = name {
            let name = ld_text(name);
            if !name.is_empty() {
                out.push(name);
            }
        }
    }
    out
}

/// The page's `<title>`, collapsed; `None` when absent or empty.
fn title_tag(elements: &Elements) -> Option<String> {
    elements
        .first(elements::Kind::Title)
        .map(|n| meta::collapse_ws(&n.text()))
        .filter(|t| !t.is_empty())
}

/// The page's metadata titles.
fn meta_titles<'a>(
    tags: &'a BTreeMap<String, String>,
    ld: &'a LdMeta,
    title_tag: Option<&'a str>,
) -> title::MetaTitles<'a> {
    title::MetaTitles {
        og: tags.get("og:title").map(String::as_str),
        twitter: tags.get("twitter:title").map(String::as_str),
        json_ld: ld.headline.as_deref(),
        title_tag,
        news: ld.news,
    }
}

/// The page's outlet as its metadata names it (`og:site_name`, the JSON-LD publisher,
/// `application-name`), else its host.
fn outlet_of(tags: &BTreeMap<String, String>, ld: &LdMeta, host: Option<&str>) -> Option<String> {
    tags.get("og:site_name")
        .cloned()
        .or_else(|| ld.publisher.clone())
        .or_else(|| tags.get("application-name").cloned())
        .or_else(|| host.map(str::to_string))
}

fn page_meta(elements: &Elements, html: &str, url: Option<&str>) -> PageMeta {
    let tags = meta_tags(elements);
    let ld = json_ld(elements);
    let tag = |k: &str| tags.get(k).map(String::as_str);

    let host = url.and_then(meta::host);
    let outlet = outlet_of(&tags, &ld, host.as_deref());

    let title_tag = title_tag(elements);
    let title = title::page_title(
        elements,
        &meta_titles(&tags, &ld, title_tag.as_deref()),
        outlet.as_deref(),
        host.as_deref(),
    );

    let ld_dates = pubdate::LdDates {
        published: ld.published.as_deref(),
        modified: ld.modified.as_deref(),
    };
    let published = pubdate::page_date(elements, html, url, &tags, ld_dates);

    let mut byline = None;
    let mut candidates: Vec<String> = ld.authors.clone();
    candidates.extend(tag("author").map(str::to_string));
    candidates.extend(
        tag("article:author")
            .filter(|a| !a.contains("://"))
            .map(str::to_string),
    );
    candidates.extend(
        elements
            .select(elements::Kind::RelAuthor)
            .iter()
            .map(|n| meta::collapse_ws(&n.text())),
    );
    let mut people: Vec<String> = Vec::new();
    // The names the page shows are read only when its markup names nobody.
    let mut shown: Option<Vec<String>> = None;
    let mut i = 0;
    loop {
        let c = match candidates.get(i) {
            Some(c) => c,
            None if shown.is_none() => {
                let more = shown.insert(shown_authors(elements));
                candidates.append(more);
                continue;
            }
            None => break,
        };
        i += 1;
        if let Some(p) = meta::person_byline(meta::strip_any_by_prefix(c)) {
            for name in p.split(", ") {
                if !people.iter().any(|q| q == name) {
                    people.push(name.to_string());
                }
            }
        }
        // The first source that names people wins; later ones often add noise.
        if !people.is_empty() {
            byline = Some(people.join(", "));
            break;
        }
    }

    let language = elements
        .first(elements::Kind::Html)
        .and_then(|n| n.attr("lang"))
        .and_then(|l| meta::lang_attr(&l))
        .or_else(|| tag("og:locale").and_then(meta::lang_attr))
        .or_else(|| tag("content-language").and_then(meta::lang_attr));

    PageMeta {
        title,
        byline,
        published,
        outlet,
        language,
    }
}

/// Class and id words of containers that never hold article text.
const BOILERPLATE_TOKENS: &[&str] = &[
    "share",
    "sharing",
    "social",
    "newsletter",
    "subscribe",
    "subscription",
    "related",
    "recommended",
    "recommendations",
    "promo",
    "cookie",
    "cookies",
    "consent",
    "outbrain",
    "taboola",
    "advert",
    "advertisement",
    "sponsored",
    "signup",
    "breadcrumb",
    "breadcrumbs",
    "comments",
    "comment",
    "popular",
    "trending",
    "most-read",
    "mostread",
    "read-more",
    "readmore",
    "more-stories",
    "teaser",
    "teasers",
];

/// True when a class or id value holds a word (or a part of a hyphenated word) that
/// names page furniture, in any case. Words are runs of ASCII letters, digits and
/// hyphens, so the value is split byte by byte.
fn names_furniture(value: &str) -> bool {
    value
        .as_bytes()
        .split(|b| !b.is_ascii_alphanumeric() && *b != b'-')
        .any(|w| {
            BOILERPLATE.has(w)
                || (w.contains(&b'-') && w.split(|b| *b == b'-').any(|part| BOILERPLATE.has(part)))
        })
}

/// The longest word of [`BOILERPLATE_TOKENS`] and [`SIDE_BLOCK_TOKENS`], or more.
const MAX_TOKEN_LEN: usize = 16;

/// [`BOILERPLATE_TOKENS`] as a [`Tokens`] set.
static BOILERPLATE: Tokens = Tokens::new(BOILERPLATE_TOKENS);

/// [`SIDE_BLOCK_TOKENS`] as a [`Tokens`] set.
static SIDE_BLOCK: Tokens = Tokens::new(SIDE_BLOCK_TOKENS);

/// A list of lower-case ASCII words, each starting with a letter and at most
/// [`MAX_TOKEN_LEN`] bytes long, with the lengths of its words by first letter: class
/// names are mostly words of no list, and the shape turns nearly all of them away
/// before any comparison.
struct Tokens {
    words: &'static [&'static str],
    /// For each first letter `a` to `z`, bit `n` set when a word of `n` bytes starts
    /// with it.
    shapes: [u32; 26],
}

impl Tokens {
    /// The set of `words`; a word that does not start with a lower-case letter or is
    /// longer than 31 bytes fails to compile.
    const fn new(words: &'static [&'static str]) -> Tokens {
        let mut shapes = [0u32; 26];
        let mut i = 0;
        while i < words.len() {
            let w = words[i].as_bytes();
            shapes[(w[0] - b'a') as usize] |= 1 << w.len();
            i += 1;
        }
        Tokens { words, shapes }
    }

    /// True when `word` equals one of the words in any case: the word is lower-cased
    /// once, on the stack, and compared byte for byte, which is what an ASCII
    /// case-insensitive comparison with each word would find.
    fn has(&self, word: &[u8]) -> bool {
        let Some(first) = word.first().map(u8::to_ascii_lowercase) else {
            return false;
        };
        if word.len() > MAX_TOKEN_LEN
            || !first.is_ascii_lowercase()
            || self.shapes[usize::from(first - b'a')] & (1 << word.len()) == 0
        {
            return false;
        }
        let mut buf = [0u8; MAX_TOKEN_LEN];
        let lower = &mut buf[..word.len()];
        lower.copy_from_slice(word);
        lower.make_ascii_lowercase();
        self.words.iter().any(|t| t.as_bytes() == lower)
    }
}

/// Removes small containers whose class or id names them as page furniture, so that
/// the readability scorer never sees them.
fn prune_boilerplate(elements: &Elements) {
    let mut doomed: Vec<NodeRef> = Vec::new();
    for node in &elements.select(elements::Kind::Container) {
        let hit = ["class", "id"]
            .into_iter()
            .any(|a| node.attr(a).is_some_and(|v| names_furniture(&v)));
        if hit && text_shorter_than(node, 2000) {
            doomed.push(*node);
        }
    }
    for node in doomed {
        node.remove_from_parent();
    }
}

/// True when the text under `node` is shorter than `max` bytes (`node.text().len() <
/// max`), found without building the text: the count stops at `max`.
fn text_shorter_than(node: &NodeRef, max: usize) -> bool {
    let mut len = 0usize;
    for d in node.descendants_it() {
        len += d
            .query(|t| match &t.data {
                dom_query::NodeData::Text { contents } => contents.len(),
                _ => 0,
            })
            .unwrap_or(0);
        if len >= max {
            return false;
        }
    }
    true
}

/// The ratio, as (numerator, denominator), by which the main `<article>`'s text must
/// exceed that of every other article before the others count as teaser cards: 3/2
/// times.
const ARTICLE_DOMINANCE: (usize, usize) = (3, 2);

/// The least text, in non-space characters, of an `<article>` that rules the page.
const MIN_MAIN_ARTICLE_CHARS: usize = 400;

/// Removes the `<article>` elements beside the page's main one: teaser cards and
/// related posts that themes mark up as articles of their own. The main article is the
/// one with the most text, and it must hold several times the text of every other
/// article outside it; articles nested inside it or around it are kept. True when
/// articles were removed.
fn prune_side_articles(elements: &Elements) -> bool {
    let nodes = elements.select(elements::Kind::Article);
    if nodes.len() < 2 {
        return false;
    }
    // An article's own text leaves out the articles nested in it, so a container of
    // teaser cards does not borrow their text.
    let mut own: Vec<usize> = nodes.iter().map(visible_chars).collect();
    for (i, n) in nodes.iter().enumerate() {
        let outer = n.ancestors_it(None).find_map(|a| {
            a.node_name()
                .is_some_and(|name| name.eq_ignore_ascii_case("article"))
                .then(|| nodes.iter().position(|m| m.id == a.id))
                .flatten()
        });
        if let Some(j) = outer {
            own[j] = own[j].saturating_sub(visible_chars(&nodes[i]));
        }
    }
    let articles: Vec<(NodeRef, usize)> = nodes.into_iter().zip(own).collect();
    // The largest wins; the earliest breaks ties, so the choice is stable.
    let Some(&(main, main_chars)) = articles.iter().rev().max_by_key(|(_, chars)| *chars) else {
        return false;
    };
    if main_chars < MIN_MAIN_ARTICLE_CHARS {
        return false;
    }
    let related = |n: &NodeRef| {
        n.id == main.id
            || n.ancestors_it(None).any(|a| a.id == main.id)
            || main.ancestors_it(None).any(|a| a.id == n.id)
    };
    let side: Vec<NodeRef> = articles
        .iter()
        .filter(|(n, _)| !related(n))
        .map(|(n, _)| *n)
        .collect();
    if side.is_empty()
        || articles
            .iter()
            .filter(|(n, _)| !related(n))
            .any(|(_, chars)| {
                chars.saturating_mul(ARTICLE_DOMINANCE.0)
                    > main_chars.saturating_mul(ARTICLE_DOMINANCE.1)
            })
    {
        return false;
    }
    for node in side {
        node.remove_from_parent();
    }
    true
}

/// The non-space characters of the text under a node, scripts and styles excluded.
fn visible_chars(node: &NodeRef) -> usize {
    blocks(node)
        .iter()
        .map(|p| p.text.chars().filter(|c| !c.is_whitespace()).count())
        .sum()
}

/// Elements whose content is never article text.
fn is_skipped(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "svg"
            | "button"
            | "select"
            | "option"
            | "input"
            | "textarea"
            | "iframe"
            | "object"
            | "embed"
            | "canvas"
            | "video"
            | "audio"
            | "map"
            | "head"
            | "title"
            | "meta"
            | "link"
    )
}

/// Elements that start a new paragraph.
fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "section"
            | "article"
            | "main"
            | "header"
            | "footer"
            | "aside"
            | "nav"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "ul"
            | "ol"
            | "li"
            | "dl"
            | "dt"
            | "dd"
            | "blockquote"
            | "pre"
            | "table"
            | "thead"
            | "tbody"
            | "tfoot"
            | "tr"
            | "figure"
            | "figcaption"
            | "hr"
            | "br"
            | "address"
            | "details"
            | "summary"
            | "center"
            | "form"
            | "fieldset"
            | "legend"
            | "caption"
            | "body"
            | "html"
    )
}

fn block_kind(name: &str) -> Option<Kind> {
    match name {
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => Some(Kind::Heading),
        "li" | "dt" | "dd" => Some(Kind::Item),
        "figcaption" | "caption" => Some(Kind::Caption),
        "p" | "blockquote" | "pre" => Some(Kind::Text),
        _ => None,
    }
}

enum Step<'a> {
    Enter(NodeRef<'a>),
    ExitBlock { kind_pushed: bool },
    ExitLink,
}

/// Accumulates inline text into paragraphs.
struct Collector {
    paras: Vec<Para>,
    buf: String,
    link_chars: usize,
    links_open: usize,
    kinds: Vec<Kind>,
}

impl Collector {
    fn flush(&mut self) {
        let text = meta::collapse_ws(&self.buf);
        if !text.is_empty() {
            let kind = self.kinds.last().copied().unwrap_or(Kind::Text);
            let len = text.chars().count();
            self.paras.push(Para {
                text,
                kind,
                link_chars: self.link_chars.min(len),
            });
        }
        self.buf.clear();
        self.link_chars = 0;
    }
}

/// The blocks under `root` in reading order, walked without recursion.
pub(crate) fn blocks(root: &NodeRef) -> Vec<Para> {
    blocks_outside(root, |_| false)
}

/// The blocks under `root` in reading order, leaving out the elements (and all they
/// hold) for which `skip` is true.
fn blocks_outside(root: &NodeRef, mut skip: impl FnMut(&NodeRef) -> bool) -> Vec<Para> {
    let mut c = Collector {
        paras: Vec::new(),
        buf: String::new(),
        link_chars: 0,
        links_open: 0,
        kinds: Vec::new(),
    };
    let mut stack = vec![Step::Enter(*root)];
    while let Some(step) = stack.pop() {
        match step {
            Step::ExitBlock { kind_pushed } => {
                c.flush();
                if kind_pushed {
                    c.kinds.pop();
                }
            }
            Step::ExitLink => c.links_open = c.links_open.saturating_sub(1),
            Step::Enter(node) => {
                if node.is_text() {
                    let t = node.text();
                    if c.links_open > 0 {
                        c.link_chars += t.chars().filter(|ch| !ch.is_whitespace()).count();
                    }
                    c.buf.push_str(&t);
                    continue;
                }
                if !(node.is_element() || node.is_document() || node.is_fragment()) {
                    continue;
                }
                // The HTML parser lower-cases element names already, so they are
                // compared as they are, without a copy per node.
                let tag = node.node_name();
                let name: &str = tag.as_deref().unwrap_or_default();
                if is_skipped(name) || (node.is_element() && skip(&node)) {
                    continue;
                }
                if is_block(name) {
                    c.flush();
                    let kind = block_kind(name);
                    if let Some(k) = kind {
                        c.kinds.push(k);
                    }
                    stack.push(Step::ExitBlock {
                        kind_pushed: kind.is_some(),
                    });
                } else if name == "a" {
                    c.links_open += 1;
                    stack.push(Step::ExitLink);
                } else if matches!(name, "td" | "th") {
                    // Cells of a row read as one line, separated by spaces.
                    c.buf.push(' ');
                }
                // Last child first, so the first comes off the stack first.
                stack.extend(node.children_it(true).map(Step::Enter));
            }
        }
    }
    c.flush();
    c.paras
}

/// True when a node sits inside navigation, a header, a footer, an aside or a form.
fn in_furniture(node: &NodeRef) -> bool {
    node.ancestors_it(Some(64)).any(|a| {
        a.node_name()
            .is_some_and(|n| matches!(n.as_ref(), "nav" | "header" | "footer" | "aside" | "form"))
    })
}

/// A map keyed by node: node ids are small integers, so a multiplicative hash spreads
/// them well at a fraction of the cost of the default (DoS-resistant) one.
type IdMap<V> = HashMap<dom_query::NodeId, V, BuildHasherDefault<IdHasher>>;

/// The hasher of [`IdMap`]: one multiplication per node id.
#[derive(Default)]
struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }

    fn write_u32(&mut self, n: u32) {
        self.write_u64(u64::from(n));
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}

/// A fallback for pages the readability scorer cannot read: the blocks of the container
/// richest in low-link prose, scored the way readability scores paragraphs (a
/// paragraph's text counts fully for its parent and half for its grandparent). The
/// container then grows to its ancestors while each step adds prose and little link
/// text, so an article split into sibling sections (one wrapper per heading) is read
/// whole rather than one section of it.
fn density_blocks(doc: &Document, elements: &Elements) -> (Vec<Para>, Option<Vec<Para>>) {
    let mut scores: BTreeMap<dom_query::NodeId, usize> = BTreeMap::new();
    // Prose under each element, every qualifying paragraph counted at all its ancestors.
    let mut prose: IdMap<usize> = IdMap::default();
    // Whether an element is named as a side block, decided once per element.
    let mut side: IdMap<bool> = IdMap::default();
    // Link text inside those paragraphs, already charged in their score.
    let mut prose_links: IdMap<usize> = IdMap::default();
    for p in &elements.select(elements::Kind::Paragraph) {
        // A list item counts as prose for growing the container only, and only when
        // it holds no paragraph or list of its own (those are counted themselves).
        let item = p.node_name().is_some_and(|n| n.as_ref() == "li");
        if item
            && p.descendants_it().any(|d| {
                d.is_element()
                    && d.node_name()
                        .is_some_and(|n| matches!(n.as_ref(), "p" | "li" | "pre" | "blockquote"))
            })
        {
            continue;
        }
        let text = p.text();
        let len = text.chars().filter(|c| !c.is_whitespace()).count();
        if len < 40 || in_furniture(p) {
            continue;
        }
        let link: usize = p
            .descendants_it()
            .filter(|d| d.is_element() && d.node_name().is_some_and(|n| n.as_ref() == "a"))
            .map(|a| a.text().chars().filter(|c| !c.is_whitespace()).count())
            .sum();
        let score = len.saturating_sub(link * 2);
        if let Some(parent) = p.parent().filter(|_| !item) {
            *scores.entry(parent.id).or_default() += score;
            if let Some(grand) = parent.parent() {
                *scores.entry(grand.id).or_default() += score / 2;
            }
        }
        // Prose inside a block named as furniture (comments, related posts, an
        // author box) does not count towards growing the container.
        let ancestors: Vec<NodeRef> = p.ancestors_it(None).collect();
        let in_side_block = ancestors
            .iter()
            .any(|a| *side.entry(a.id).or_insert_with(|| names_side_block(a)));
        if !in_side_block {
            for a in &ancestors {
                *prose.entry(a.id).or_default() += score;
                if link > 0 {
                    *prose_links.entry(a.id).or_default() += link;
                }
            }
        }
    }
    // The highest score wins; the earliest node breaks ties, so the choice is stable.
    let best = scores
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
        .map(|(id, _)| *id);
    let Some(root) = best.and_then(|id| doc.tree.get(&id)) else {
        return (Vec::new(), None);
    };
    let prose_only = |paras: Vec<Para>| -> Vec<Para> {
        paras
            .into_iter()
            .filter(|p| {
                let len = p.text.chars().count();
                p.link_chars * 2 < len
            })
            .collect()
    };
    let mut counts = Counts {
        prose,
        prose_links,
        side,
        links: IdMap::default(),
    };
    counts.count_links(doc);
    let grown = grow_container(root, &counts);
    // Growth follows the winner's ancestors; when the prose sits in many small
    // wrappers and the winner is off to one side, the element holding nearly all the
    // page's prose is the better container, if it holds more than what growth reached
    // and reads as prose: all link text under it, prose links included, at most a
    // sixth of its prose (WCXB-dev pages split into many wrappers measure 0.01-0.13;
    // ScrapingHub pages whose bulk also holds teaser lists, 0.36 and up; pages at 0.20
    // gained more furniture than text).
    let reached = grown.unwrap_or(root);
    let grown = match bulk_container(doc, &counts.prose) {
        Some(b)
            if counts.prose(&b) > counts.prose(&reached)
                && counts.links(&b) * BULK_LINKS.1 <= counts.prose(&b) * BULK_LINKS.0 =>
        {
            Some(b)
        }
        _ => grown,
    };
    let grown = grown.map(|g| {
        // Side blocks inside the grown container (comments, an author box) were passed
        // over while growing, so they are left out of its text too.
        let side = &mut counts.side;
        prose_only(blocks_outside(&g, |n| {
            *side.entry(n.id).or_insert_with(|| names_side_block(n))
        }))
    });
    (prose_only(blocks(&root)), grown)
}

/// Class and id words, beyond [`BOILERPLATE_TOKENS`], of blocks that sit beside an
/// article rather than in it.
const SIDE_BLOCK_TOKENS: &[&str] = &[
    "sidebar",
    "modal",
    "popup",
    "author",
    "bio",
    "footer",
    "republish",
    "disqus",
    "respond",
    "reply",
    "discussion",
];

/// True when an element's class or id names it as page furniture or a side block. The
/// page's `body` and `html`, which themes mark with layout words ("has-sidebar"), and
/// modifier classes (`has-`, `with-`, `no-`) are not read.
fn names_side_block(node: &NodeRef) -> bool {
    if node
        .node_name()
        .is_some_and(|n| n.eq_ignore_ascii_case("body") || n.eq_ignore_ascii_case("html"))
    {
        return false;
    }
    ["class", "id"].into_iter().any(|a| {
        node.attr(a).is_some_and(|v| {
            v.split_whitespace()
                .filter(|token| {
                    !["has-", "with-", "no-"].iter().any(|m| {
                        token
                            .get(..m.len())
                            .is_some_and(|head| head.eq_ignore_ascii_case(m))
                    })
                })
                .any(|token| {
                    names_furniture(token)
                        || token
                            .as_bytes()
                            .split(|b| !b.is_ascii_alphanumeric())
                            .any(|w| SIDE_BLOCK.has(w))
                })
        })
    })
}

/// How much more prose, as (numerator, denominator) of the container's own, an ancestor
/// must hold to take its place: a quarter more.
const GROWTH: (usize, usize) = (5, 4);

/// What [`density_blocks`] counted under each element, for [`grow_container`].
struct Counts {
    /// Prose score of the qualifying paragraphs outside side blocks.
    prose: IdMap<usize>,
    /// Link text inside those paragraphs (their score is charged for it already).
    prose_links: IdMap<usize>,
    /// Whether an element is named as a side block, for the elements seen so far.
    side: IdMap<bool>,
    /// Link text outside side blocks under each element.
    links: IdMap<usize>,
}

impl Counts {
    /// Counts the link text outside side blocks under each element, at all its
    /// ancestors.
    ///
    /// One walk over the tree does it: each element's sums are complete when the walk
    /// leaves it, and pass to its parent then, so no link is read twice and no ancestor
    /// list is built per link.
    fn count_links(&mut self, doc: &Document) {
        fn open(node: NodeRef<'_>) -> Open<'_> {
            Open {
                node,
                link: false,
                chars: 0,
                links: 0,
                side: None,
            }
        }
        let root = doc.root();
        let mut path = vec![open(root)];
        // Links open on the path: text outside every link is not read.
        let mut links_open = 0usize;
        let mut next = root.first_child();
        loop {
            if let Some(n) = next {
                if n.is_element() {
                    next = n.first_child();
                    let mut o = open(n);
                    o.link = n.has_name("a");
                    links_open += usize::from(o.link);
                    path.push(o);
                } else {
                    if links_open > 0 && n.is_text() {
                        let chars = n
                            .query(|t| match &t.data {
                                dom_query::NodeData::Text { contents } => {
                                    contents.chars().filter(|c| !c.is_whitespace()).count()
                                }
                                _ => 0,
                            })
                            .unwrap_or(0);
                        if let Some(top) = path.last_mut() {
                            top.chars += chars;
                        }
                    }
                    next = n.next_sibling();
                }
                continue;
            }
            let Some(done) = path.pop() else {
                break;
            };
            if done.links > 0 {
                self.links.insert(done.node.id, done.links);
            }
            if path.is_empty() {
                break;
            }
            // A link counts, at every element above it, unless one of them is a side
            // block (the elements above it are the path).
            links_open -= usize::from(done.link);
            let counted = done.chars > 0 && done.link && !side_above(&mut path, &mut self.side);
            if let Some(parent) = path.last_mut() {
                parent.chars += done.chars;
                parent.links += done.links + if counted { done.chars } else { 0 };
            }
            next = done.node.next_sibling();
        }
    }

    /// Link text under `n` outside side blocks.
    fn links(&self, n: &NodeRef) -> usize {
        self.links.get(&n.id).copied().unwrap_or(0)
    }

    /// Link text under `n` outside side blocks and outside the prose paragraphs.
    fn loose_links(&self, n: &NodeRef) -> usize {
        self.links(n)
            .saturating_sub(self.prose_links.get(&n.id).copied().unwrap_or(0))
    }

    /// Prose under `n`.
    fn prose(&self, n: &NodeRef) -> usize {
        self.prose.get(&n.id).copied().unwrap_or(0)
    }
}

/// An element on the path of [`Counts::count_links`]'s walk, with what was counted under
/// it so far.
struct Open<'a> {
    node: NodeRef<'a>,
    /// Whether it is a link (`<a>`).
    link: bool,
    /// Non-space characters of the text under it, counted inside links only.
    chars: usize,
    /// Counted link text strictly under it.
    links: usize,
    /// Whether it or an element above it is a side block, once asked.
    side: Option<bool>,
}

/// True when an element of `path` (a chain of ancestors, the outermost first) is named
/// as a side block. The answers are kept on the path, filled in from the outermost
/// element down only as far as no side block is found, and each element is asked at
/// most once (`cache`).
fn side_above(path: &mut [Open], cache: &mut IdMap<bool>) -> bool {
    let known = path.iter().rposition(|o| o.side.is_some());
    let mut above = known
        .and_then(|i| path.get(i))
        .and_then(|o| o.side)
        .unwrap_or(false);
    let start = known.map_or(0, |i| i + 1);
    for o in path.iter_mut().skip(start) {
        if !above {
            above = *cache
                .entry(o.node.id)
                .or_insert_with(|| names_side_block(&o.node));
        }
        o.side = Some(above);
    }
    above
}

/// The highest ancestor of `root` reached by steps that each add at least a quarter
/// more prose, with at most half as much link text as the prose they add; `None` when
/// no step qualifies. Wrappers that add nothing are passed through on the way. Link
/// text inside the prose paragraphs (charged in their score already) and inside blocks
/// named as side blocks (a "related articles" box, whose prose does not count either)
/// is not held against a step.
fn grow_container<'a>(root: NodeRef<'a>, counts: &Counts) -> Option<NodeRef<'a>> {
    let mut current = root;
    let mut grown = None;
    let mut node = root;
    while let Some(parent) = node.parent() {
        let stop = !parent.is_element()
            || parent
                .node_name()
                .is_some_and(|n| n.eq_ignore_ascii_case("body") || n.eq_ignore_ascii_case("html"));
        if stop {
            break;
        }
        let added = counts.prose(&parent).saturating_sub(counts.prose(&current));
        let added_links = counts
            .loose_links(&parent)
            .saturating_sub(counts.loose_links(&current));
        if added_links * 2 > added {
            break;
        }
        if counts.prose(&parent) * GROWTH.1 >= counts.prose(&current) * GROWTH.0 {
            current = parent;
            grown = Some(parent);
        }
        node = parent;
    }
    grown
}

/// The deepest element holding at least nine tenths of the page's prose (outside side
/// blocks), if any prose was counted.
fn bulk_container<'a>(doc: &'a Document, prose: &IdMap<usize>) -> Option<NodeRef<'a>> {
    let total = prose.values().copied().max()?;
    if total == 0 {
        return None;
    }
    // Qualifying elements all lie on one chain of ancestors (two apart could not
    // both hold more than half), so the least prose is the deepest; a wrapper that adds
    // nothing ties with its child, and the child is taken.
    prose
        .iter()
        .filter(|(_, &p)| p * BULK_SHARE.1 >= total * BULK_SHARE.0)
        .filter_map(|(id, &p)| doc.tree.get(id).map(|n| (p, n)))
        .min_by_key(|(p, n)| (*p, std::cmp::Reverse(n.ancestors_it(None).count())))
        .map(|(_, n)| n)
}

/// The share of the page's prose, as (numerator, denominator), the bulk container holds.
const BULK_SHARE: (usize, usize) = (9, 10);

/// The most link text, as a share (numerator, denominator) of its prose, the bulk
/// container may hold.
const BULK_LINKS: (usize, usize) = (1, 6);

/// The share of the text of `paras` (in bytes, paragraph by paragraph) that `fallback`
/// holds too, from 0 to 1.
fn covered_share(paras: &[Para], fallback: &[Para]) -> f64 {
    let texts: HashSet<&str> = fallback.iter().map(|p| p.text.as_str()).collect();
    let total: usize = paras.iter().map(|p| p.text.len()).sum();
    if total == 0 {
        return 0.0;
    }
    let covered: usize = paras
        .iter()
        .filter(|p| texts.contains(p.text.as_str()))
        .map(|p| p.text.len())
        .sum();
    covered as f64 / total as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_keep_reading_order_and_kinds() {
        let doc = Document::from(
            "<html><body><h2>Heading one</h2><p>First <b>para</b>graph.</p><ul><li>Item <a href=x>link</a></li></ul>\
             <blockquote><p>Quoted words.</p></blockquote><figure><figcaption>A caption</figcaption></figure></body></html>",
        );
        let got: Vec<(String, Kind)> = blocks(&doc.root())
            .into_iter()
            .map(|p| (p.text, p.kind))
            .collect();
        assert_eq!(
            got,
            vec![
                ("Heading one".to_string(), Kind::Heading),
                ("First paragraph.".to_string(), Kind::Text),
                ("Item link".to_string(), Kind::Item),
                ("Quoted words.".to_string(), Kind::Text),
                ("A caption".to_string(), Kind::Caption),
            ]
        );
    }

    #[test]
    fn furniture_words_match_whole_words_and_hyphenated_parts_in_any_case() {
        assert!(BOILERPLATE_TOKENS
            .iter()
            .chain(SIDE_BLOCK_TOKENS)
            .all(|t| t.len() <= MAX_TOKEN_LEN && !t.bytes().any(|b| b.is_ascii_uppercase())));
        for hit in [
            "post-Share-buttons",
            "MOST-READ",
            "box Read-More",
            "x_newsletter",
        ] {
            assert!(names_furniture(hit), "{hit}");
        }
        for miss in [
            "shareholder",
            "readmoreish",
            "most",
            "",
            "a-very-long-class-name-here",
        ] {
            assert!(!names_furniture(miss), "{miss}");
        }
        assert!(BOILERPLATE_TOKENS
            .iter()
            .chain(SIDE_BLOCK_TOKENS)
            .all(|t| t.starts_with(|c: char| c.is_ascii_lowercase())));
        assert!(SIDE_BLOCK.has(b"Sidebar"));
        assert!(!SIDE_BLOCK.has(b"sidebars-and-more-than-sixteen"));
        assert!(!SIDE_BLOCK.has(b"sidebars") && !SIDE_BLOCK.has(b"") && !SIDE_BLOCK.has(b"-"));
    }

    #[test]
    fn deep_nesting_is_flattened_before_parsing() {
        let html = format!(
            "<div>{}<p>deep text</p>{}</div><br><p>after</p>",
            "<section>".repeat(10),
            "</section>".repeat(10)
        );
        let flat = flatten_deep(&html, 4);
        assert_eq!(flat.matches("<section>").count(), 3);
        assert_eq!(flat.matches("</section>").count(), 3);
        assert!(flat.contains("deep text") && flat.contains("<p>after</p>"));
        assert!(matches!(
            flatten_deep("<p>a</p>", 4),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    #[test]
    fn density_fallback_picks_the_richest_container() {
        let long = "This sentence is long enough to count as prose in the density scorer, surely.";
        let html = format!(
            "<html><body><nav><p>{long}</p></nav><div id=side><p>Short teaser.</p></div>\
             <div id=story><h2>Sub heading</h2><p>{long}</p><p>{long} Again.</p><p><a href=x>{long}</a></p></div></body></html>"
        );
        let doc = Document::from(html.as_str());
        let got: Vec<String> = density_blocks(&doc, &Elements::gather(&doc))
            .0
            .into_iter()
            .map(|p| p.text)
            .collect();
        assert_eq!(
            got,
            vec![
                "Sub heading".to_string(),
                long.to_string(),
                format!("{long} Again.")
            ]
        );
    }

    #[test]
    fn sibling_sections_grow_the_fallback_container() {
        let long = "This sentence is long enough to count as prose in the density scorer, surely.";
        let html = format!(
            "<html><body><div id=page><div class=sec><h2>One</h2><div class=inner><p>{long} A.</p><p>{long} B.</p><p>{long} C.</p></div></div>\
             <div class=sec><h2>Two</h2><div class=inner><p>{long} D.</p><p>{long} E.</p></div></div>\
             <div class=sec><h2>Three</h2><div class=inner><p>{long} F.</p></div></div>\
             <div class=comments><p>{long} A reader wrote this.</p><p>{long} Another reader.</p></div></div>\
             <nav><a href=a>Home</a> <a href=b>World</a></nav></body></html>"
        );
        let doc = Document::from(html.as_str());
        let (base, grown) = density_blocks(&doc, &Elements::gather(&doc));
        assert_eq!(base.len(), 3);
        let grown_paras = grown.expect("the sections grow");
        let grown: Vec<String> = grown_paras.iter().map(|p| p.text.clone()).collect();
        assert!(grown.contains(&"Three".to_string()) && grown.contains(&format!("{long} F.")));
        // Growth reaches the wrapper of the three sections; the comments in it add no
        // prose (they are named as furniture) and no links, so they do not stop it.
        assert!(grown.contains(&format!("{long} A.")));
        let readability = vec![
            Para::text(format!("{long} A.")),
            Para::text(format!("{long} B.")),
        ];
        assert!(covered_share(&readability, &grown_paras) > 0.99);
        assert_eq!(covered_share(&readability, &[]), 0.0);
    }

    #[test]
    fn side_blocks_neither_stop_growth_nor_join_the_grown_text() {
        let long = "This sentence is long enough to count as prose in the density scorer, surely.";
        let html = format!(
            "<html><body><div id=page><div class=sec><div class=inner><p>{long} A.</p><p>{long} B.</p><p>{long} C.</p></div></div>\
             <div class=related-box><a href=a>A linked headline of another story here</a><a href=b>And one more linked headline here</a></div>\
             <div class=sec><div class=inner><p>{long} D.</p><p>See <a href=c>the report of the harbour board</a> for more.</p><p>{long} E.</p></div></div>\
             <div class=comments><p><a href=u>A reader</a> wrote this reply to the story, at some length.</p></div></div></body></html>"
        );
        let doc = Document::from(html.as_str());
        let (_, grown) = density_blocks(&doc, &Elements::gather(&doc));
        let grown: Vec<String> = grown
            .expect("the sections grow")
            .into_iter()
            .map(|p| p.text)
            .collect();
        assert!(grown.contains(&format!("{long} A.")) && grown.contains(&format!("{long} E.")));
        assert!(!grown.iter().any(|p| p.contains("reader")));
    }

    #[test]
    fn list_items_grow_the_container_of_a_sectioned_guide() {
        let long = "This sentence is long enough to count as prose in the density scorer, surely.";
        let item = "A study of many readers found the guide useful on most days of the week.";
        // The first section has the most paragraphs; the others carry their text in
        // lists, which count towards growing the container.
        let html = format!(
            "<html><body><div id=page><div class=sec><h2>One</h2><div class=inner><p>{long} A.</p><p>{long} B.</p></div></div>\
             <div class=sec><h2>Two</h2><ul><li>{item} C.</li><li>{item} D.</li><li>{item} E.</li></ul></div>\
             <div class=sec><h2>Three</h2><ul><li>{item} F.</li><li>{item} G.</li></ul></div></div></body></html>"
        );
        let doc = Document::from(html.as_str());
        let (base, grown) = density_blocks(&doc, &Elements::gather(&doc));
        assert_eq!(base.len(), 2);
        let grown: Vec<String> = grown
            .expect("the sections grow")
            .into_iter()
            .map(|p| p.text)
            .collect();
        assert!(grown.contains(&format!("{item} G.")), "{grown:?}");
    }

    #[test]
    fn the_container_of_nearly_all_prose_wins_over_a_section_off_to_one_side() {
        let long = "This sentence is long enough to count as prose in the density scorer, surely.";
        // Each paragraph of the story sits in wrappers of its own, so no element has
        // two of them as children; a box beside the story has three.
        let wrapped: String = (0..30)
            .map(|i| format!("<div class=rich><div><p>{long} {i}.</p></div></div>"))
            .collect();
        let html = format!(
            "<html><body><div id=story><h1>Title</h1>{wrapped}</div>\
             <div id=box><p>{long} X.</p><p>{long} Y.</p><p>{long} Z.</p></div></body></html>"
        );
        let doc = Document::from(html.as_str());
        let (base, grown) = density_blocks(&doc, &Elements::gather(&doc));
        assert!(base.iter().any(|p| p.text.ends_with(" X.")), "{base:?}");
        let grown: Vec<String> = grown
            .expect("the bulk container")
            .into_iter()
            .map(|p| p.text)
            .collect();
        assert!(grown.contains(&format!("{long} 0.")) && grown.contains(&format!("{long} 29.")));
        assert!(!grown.iter().any(|p| p.ends_with(" X.")), "{grown:?}");

        // A page whose prose is mostly linked teasers has no bulk container.
        let teasers: String = (0..12)
            .map(|i| format!("<div class=card><div><p><a href=x>A headline about item {i}</a> {long}</p></div></div>"))
            .collect();
        let html = format!(
            "<html><body><div id=list>{teasers}</div>\
             <div id=box><p>{long} X.</p><p>{long} Y.</p><p>{long} Z.</p></div></body></html>"
        );
        let doc = Document::from(html.as_str());
        assert!(density_blocks(&doc, &Elements::gather(&doc)).1.is_none());
    }

    #[test]
    fn teaser_articles_beside_the_main_one_are_pruned() {
        let long = "The harbour board voted on Tuesday to rebuild the old pier with stone from the quarry. ";
        let card = "A short teaser about a fair.";
        let html = format!(
            "<html><body><article id=main><p>{long}{long}</p><p>{long}{long}</p><p>{long}{long}{long}</p></article>\
             <section><article class=card><h2>Fair opens</h2><p>{card}</p></article>\
             <article class=card><h2>Road closed</h2><p>{card}</p></article></section></body></html>"
        );
        let doc = Document::from(html.as_str());
        prune_side_articles(&Elements::gather(&doc));
        assert_eq!(doc.select("article").length(), 1);
        assert_eq!(doc.select("article#main").length(), 1);
    }

    #[test]
    fn articles_of_similar_size_are_all_kept() {
        let long = "The harbour board voted on Tuesday to rebuild the old pier with stone from the quarry. ";
        let html = format!(
            "<html><body><article><p>{long}{long}{long}{long}{long}</p></article>\
             <article><p>{long}{long}{long}{long}</p></article></body></html>"
        );
        let doc = Document::from(html.as_str());
        prune_side_articles(&Elements::gather(&doc));
        assert_eq!(doc.select("article").length(), 2);
    }

    #[test]
    fn metadata_prefers_structured_sources() {
        let doc = Document::from(
            r#"<html lang="en-GB"><head><title>Bridge reopens | Coastal Times</title>
            <meta property="og:site_name" content="Coastal Times">
            <script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"x"},
              {"@type":"NewsArticle","headline":"Bridge reopens after repairs","datePublished":"2026-03-03T09:12:00Z",
               "author":[{"@type":"Person","name":"Jane Doe"},{"@type":"Organization","name":"Coastal Times Staff"}]}]}</script>
            </head><body><h1>Bridge reopens</h1></body></html>"#,
        );
        let m = page_meta(
            &Elements::gather(&doc),
            "",
            Some("https://www.coastal.example/news/bridge"),
        );
        // The visible headline agrees with the metadata titles, but the page calls itself
        // a news article, and the title model learned (on fundus) that news sites set
        // their whole headline in their structured data.
        assert_eq!(m.title.as_deref(), Some("Bridge reopens after repairs"));
        assert_eq!(m.outlet.as_deref(), Some("Coastal Times"));
        assert_eq!(m.published, NaiveDate::from_ymd_opt(2026, 3, 3));
        assert_eq!(m.byline.as_deref(), Some("Jane Doe"));
        assert_eq!(m.language.as_deref(), Some("en"));
    }

    #[test]
    fn structured_data_strings_lose_their_html_escapes() {
        let doc = Document::from(
            r#"<html><head><title>Pier &#8211; the vote | Harbour News</title>
            <script type="application/ld+json">{"@type":"NewsArticle","headline":"Pier &#8211; the board&#039;s vote",
               "author":{"@type":"Person","name":"Ana&#239;s Roux"}}</script>
            </head><body><h1>Pier – the board's vote</h1></body></html>"#,
        );
        let m = page_meta(&Elements::gather(&doc), "", None);
        assert_eq!(m.title.as_deref(), Some("Pier – the board's vote"));
        assert_eq!(m.byline.as_deref(), Some("Anaïs Roux"));
    }

    #[test]
    fn bylines_the_page_shows_when_its_markup_names_nobody() {
        let doc = Document::from(
            r#"<html><head><title>Bridge reopens</title></head><body>
            <nav><a href="/authors/desk-editor">Desk Editor</a></nav>
            <article><h1>Bridge reopens</h1>
            <div class="post-author">Von Christoph Reisinger</div><p>Text.</p></article>
            <div class="comments"><span class="comment-author">Jane Doe</span></div>
            </body></html>"#,
        );
        let m = page_meta(&Elements::gather(&doc), "", None);
        assert_eq!(m.byline.as_deref(), Some("Christoph Reisinger"));
        // A link to the author's page, outside comments.
        let doc = Document::from(
            r#"<html><body><div class="comment"><a href="/author/jane-doe">Jane Doe</a></div>
            <p>Written by <a href="https://x.example/authors/trevor-jackins">Trevor Jackins</a></p></body></html>"#,
        );
        assert_eq!(
            page_meta(&Elements::gather(&doc), "", None)
                .byline
                .as_deref(),
            Some("Trevor Jackins")
        );
        // The markup's own author comes first.
        let doc = Document::from(
            r#"<html><head><meta name="author" content="Ann Poe"></head>
            <body><span class="byline">By John Roe</span></body></html>"#,
        );
        assert_eq!(
            page_meta(&Elements::gather(&doc), "", None)
                .byline
                .as_deref(),
            Some("Ann Poe")
        );
    }

    #[test]
    fn logos_and_unrelated_headings_are_not_titles() {
        let doc = Document::from(
            r#"<html><head><title>Bridge reopens after repairs | Coastal Times</title>
            <meta property="og:site_name" content="Coastal Times"></head>
            <body><h1>Coastal Times</h1><h1>Weather</h1></body></html>"#,
        );
        let m = page_meta(&Elements::gather(&doc), "", None);
        assert_eq!(m.title.as_deref(), Some("Bridge reopens after repairs"));
    }

    #[test]
    fn metadata_falls_back_to_title_time_and_host() {
        let doc = Document::from(
            r#"<html><head><title>Bridge reopens after repairs - Coastal</title></head>
            <body><time datetime="2026-03-02">yesterday</time></body></html>"#,
        );
        let m = page_meta(
            &Elements::gather(&doc),
            "",
            Some("https://coastal.example/a"),
        );
        assert_eq!(m.title.as_deref(), Some("Bridge reopens after repairs"));
        assert_eq!(m.outlet.as_deref(), Some("coastal.example"));
        assert_eq!(m.published, NaiveDate::from_ymd_opt(2026, 3, 2));
    }
}
