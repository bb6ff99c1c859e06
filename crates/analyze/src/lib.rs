//! Per-article analysis: quotes with speakers, entities, dates, numbers.
//!
//! API contract (the engine calls exactly this):
//! `analyze(&Article, &AnalyzeConfig) -> Annotations`.
//!
//! One module per kind of annotation; each exposes a pure `find` over the body text.
//! Entities come first because quotes resolve their speakers against them.

pub mod dates;
pub mod entities;
pub mod numbers;
pub mod quotes;

use model::{Annotations, Article};

/// Tunables of analysis, with documented defaults.
#[derive(Debug, Clone, Default)]
pub struct AnalyzeConfig {}

/// Finds quotes, entities, dates and numbers in one article.
pub fn analyze(article: &Article, _config: &AnalyzeConfig) -> Annotations {
    let entities = entities::find(&article.body);
    let quotes = quotes::find(&article.body, &entities);
    let dates = dates::find(&article.body, article.published);
    let numbers = numbers::find(&article.body);
    Annotations {
        quotes,
        dates,
        entities,
        numbers,
    }
}
