//! Briefs: a story's articles -> summary with citations, statements, entities, numbers,
//! timeline.
//!
//! API contract (the engine and CLI call exactly this):
//! `brief(story_id, &[&AnalyzedArticle], shared, &BriefConfig) -> Brief` and
//! `render_markdown(&Brief) -> String`.

use model::{AnalyzedArticle, Brief, SharedPassage, Source};

/// Tunables of the brief, with documented defaults.
#[derive(Debug, Clone, Default)]
pub struct BriefConfig {}

/// Builds the brief of one story from its member articles (in publication order).
pub fn brief(
    story_id: &str,
    articles: &[&AnalyzedArticle],
    shared_passages: Vec<model::SharedPassage>,
    _config: &BriefConfig,
) -> Brief {
    let _: &[SharedPassage] = &shared_passages;
    Brief {
        id: story_id.to_string(),
        headline: articles.first().map(|a| a.article.title.clone()).unwrap_or_default(),
        article_ids: articles.iter().map(|a| a.article.id.clone()).collect(),
        sources: articles
            .iter()
            .map(|a| Source {
                article_id: a.article.id.clone(),
                title: a.article.title.clone(),
                outlet: a.article.outlet.clone(),
                published: a.article.published,
                duplicate_of: a.duplicate_of.clone(),
            })
            .collect(),
        summary: Vec::new(),
        statements: Vec::new(),
        entities: Vec::new(),
        numbers: Vec::new(),
        timeline: Vec::new(),
        shared_passages,
    }
}

/// Renders a brief as Markdown for the terminal.
pub fn render_markdown(brief: &Brief) -> String {
    format!("# {}\n", brief.headline)
}
