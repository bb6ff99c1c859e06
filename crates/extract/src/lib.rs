//! Extraction: `RawDoc -> Article`. Main text, title, byline, date, outlet, language.
//!
//! API contract (the engine calls exactly this):
//! `extract(&RawDoc, &ExtractConfig) -> Result<Article, ExtractError>`.

use model::{Article, RawDoc};

/// Tunables of extraction, with documented defaults.
#[derive(Debug, Clone, Default)]
pub struct ExtractConfig {}

/// Why a document yielded no article.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ExtractError {
    /// The document holds no readable text once boilerplate is removed.
    #[error("no article text found")]
    NoContent,
}

/// Extracts the clean article from a raw document.
pub fn extract(raw: &RawDoc, _config: &ExtractConfig) -> Result<Article, ExtractError> {
    let body = raw.content.trim().to_string();
    if body.is_empty() {
        return Err(ExtractError::NoContent);
    }
    Ok(Article {
        id: raw.id.clone(),
        title: raw.title.clone().unwrap_or_default(),
        outlet: raw.outlet.clone(),
        byline: None,
        published: raw.published,
        language: None,
        body,
        url: raw.url.clone(),
    })
}
