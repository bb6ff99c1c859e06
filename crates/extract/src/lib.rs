//! Extraction: `RawDoc -> Article`. Main text, title, byline, date, outlet, language.
//!
//! API contract (the engine calls exactly this):
//! `extract(&RawDoc, &ExtractConfig) -> Result<Article, ExtractError>`.
//!
//! HTML goes through `dom_smoothie` (a readability port) for the main text, with a
//! paragraph-density fallback of our own when it finds nothing; plain text takes its
//! first non-empty line as the title. Both then pass through one news-specific cleanup
//! layer (teasers, newsletter prompts, share widgets, captions, repeated paragraphs,
//! bylines and datelines in the body). Metadata supplied by the container (`RawDoc`'s
//! `title`, `published`, `outlet`) wins over what the content says.
//!
//! The body holds paragraphs separated by exactly `"\n\n"`, each on one line, with no
//! leading or trailing whitespace. Extraction never panics and is deterministic.

mod clean;
mod elements;
mod evidence;
mod html;
mod meta;
mod plain;
mod pubdate;
mod rawtext;
mod streamed;
mod title;

use chrono::NaiveDate;
use model::{Article, Format, RawDoc};

pub use pubdate::{best as best_date, DateCandidate, FEATURES as DATE_FEATURES};
pub use title::{best as best_title, TitleCandidate, FEATURES as TITLE_FEATURES};

/// Tunables of extraction, with documented defaults.
#[derive(Debug, Clone)]
pub struct ExtractConfig {
    /// How many leading paragraphs may carry a byline or a dateline to lift out of the
    /// body. Default: 5.
    pub header_paragraphs: usize,
    /// Pages nested deeper than this many elements skip the readability scorer and use
    /// the iterative fallback extractor, so no input can exhaust the stack. Default: 256.
    pub max_depth: usize,
    /// When the readability scorer yields fewer characters than this, the fallback
    /// extractor is tried and the longer result kept. Default: 200.
    pub min_readability_chars: usize,
    /// When the fallback extractor finds more than this many times the text the
    /// readability scorer kept, the scorer probably picked a side block, and the
    /// fallback's text is used instead. Default: 3.
    pub fallback_ratio: usize,
    /// Detect the body's language when the page does not declare one. Default: true.
    pub detect_language: bool,
    /// Drop trailing fragments (a few words without closing punctuation, such as
    /// widget labels). Default: true.
    pub trim_tail_fragments: bool,
}

impl Default for ExtractConfig {
    fn default() -> Self {
        ExtractConfig {
            header_paragraphs: 5,
            max_depth: 256,
            min_readability_chars: 200,
            fallback_ratio: 3,
            detect_language: true,
            trim_tail_fragments: true,
        }
    }
}

/// Why a document yielded no article.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ExtractError {
    /// The document holds no readable text once boilerplate is removed.
    #[error("no article text found")]
    NoContent,
}

/// Extracts the clean article from a raw document.
pub fn extract(raw: &RawDoc, config: &ExtractConfig) -> Result<Article, ExtractError> {
    if looks_binary(&raw.content) {
        return Err(ExtractError::NoContent);
    }
    let rules = clean::Rules {
        header_paragraphs: config.header_paragraphs,
        trim_tail_fragments: config.trim_tail_fragments,
    };
    let (title, paras, page, title_from_body) = match raw.format {
        Format::Text => {
            let titled = raw.title.as_deref().is_some_and(|t| !t.trim().is_empty());
            let (title, paras, from_body) = plain::split(&raw.content, titled);
            (title, paras, html::PageMeta::default(), from_body)
        }
        Format::Html => {
            let (paras, page) = html::extract_html(&raw.content, raw.url.as_deref(), config);
            (page.title.clone(), paras, page, false)
        }
    };
    let title = raw
        .title
        .as_deref()
        .map(meta::collapse_ws)
        .filter(|t| !t.is_empty())
        .or(title)
        .unwrap_or_default();
    // A title lent by the body must not make cleanup drop that body text as a repeat.
    let repeated_title = if title_from_body { "" } else { title.as_str() };
    let (paragraphs, found) = clean::clean(paras, repeated_title, rules);
    let body = paragraphs.join("\n\n");
    if !body.chars().any(char::is_alphanumeric) {
        return Err(ExtractError::NoContent);
    }
    let language = page.language.clone().or_else(|| {
        if config.detect_language {
            meta::detect_language(&body)
        } else {
            None
        }
    });
    Ok(Article {
        id: raw.id.clone(),
        title,
        outlet_inferred: raw.outlet.is_none() && page.outlet.is_none() && found.outlet.is_some(),
        outlet: raw.outlet.clone().or(page.outlet).or(found.outlet),
        byline: page.byline.or(found.byline),
        published: raw.published.or(page.published).or(found.published),
        language,
        body,
        url: raw.url.clone(),
    })
}

/// What a document says about itself, without its text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Metadata {
    /// The title, empty when the document names none.
    pub title: String,
    /// The author(s), comma-separated.
    pub byline: Option<String>,
    /// The publication date.
    pub published: Option<NaiveDate>,
    /// The outlet's name.
    pub outlet: Option<String>,
    /// The declared language (ISO 639-1); nothing is detected without the text.
    pub language: Option<String>,
}

/// The metadata of a document as [`extract`] reads it (the container's fields first,
/// then the page's own), without extracting the text: for a page that holds no article
/// text ([`ExtractError::NoContent`]) yet still names its title, author and date. Only
/// what the page states about itself is read; bylines and datelines inside the text are
/// not. Costs one more parse of the page, so [`extract`] never calls it.
pub fn metadata(raw: &RawDoc) -> Metadata {
    let page = match raw.format {
        Format::Html if !looks_binary(&raw.content) => {
            html::page_metadata(&raw.content, raw.url.as_deref())
        }
        Format::Html => html::PageMeta::default(),
        Format::Text => html::PageMeta {
            title: plain::split(&raw.content, false).0,
            ..Default::default()
        },
    };
    let title = raw
        .title
        .as_deref()
        .map(meta::collapse_ws)
        .filter(|t| !t.is_empty())
        .or(page.title)
        .unwrap_or_default();
    Metadata {
        title,
        byline: page.byline,
        published: raw.published.or(page.published),
        outlet: raw.outlet.clone().or(page.outlet),
        language: page.language,
    }
}

/// The candidate publication dates of an HTML document, each with the inputs of the
/// date model ([`DATE_FEATURES`]) that [`extract`] weighs to choose among them; empty
/// for plain text. For fitting and checking that model (`train_dates`).
pub fn date_candidates(raw: &RawDoc) -> Vec<DateCandidate> {
    match raw.format {
        Format::Html if !looks_binary(&raw.content) => {
            html::page_date_candidates(&raw.content, raw.url.as_deref())
        }
        _ => Vec::new(),
    }
}

/// The candidate titles of an HTML document, each with the inputs of the title model
/// ([`TITLE_FEATURES`]) that [`extract`] weighs to choose among them (a page with one
/// candidate has no inputs); empty for plain text. For fitting and checking that model
/// (`train_titles`).
pub fn title_candidates(raw: &RawDoc) -> Vec<TitleCandidate> {
    match raw.format {
        Format::Html if !looks_binary(&raw.content) => {
            html::page_title_candidates(&raw.content, raw.url.as_deref())
        }
        _ => Vec::new(),
    }
}

/// True when the content is mostly control characters or replacement characters, the
/// mark of a binary file decoded as text.
fn looks_binary(content: &str) -> bool {
    let sample: Vec<char> = content.chars().take(4096).collect();
    if sample.is_empty() {
        return false;
    }
    let bad = sample
        .iter()
        .filter(|&&c| c == '\u{fffd}' || c == '\0' || (c.is_control() && !c.is_whitespace()))
        .count();
    bad * 10 > sample.len()
}
