//! Large generated stories: the brief stays complete and cited, and is deterministic.

#[path = "../../benches/gen.rs"]
mod gen;

#[test]
fn a_large_story_gets_a_full_cited_brief() {
    let story = gen::story(400);
    let refs: Vec<&model::AnalyzedArticle> = story.iter().collect();
    let config = brief::BriefConfig::default();
    let b = brief::brief("big", &refs, Vec::new(), &config);
    assert_eq!(b.sources.len(), 400);
    assert_eq!(b.summary.len(), config.summary_sentences);
    // Central work is capped, but widely carried lines still cite many articles.
    assert!(
        b.summary.iter().any(|l| l.article_ids.len() > 50),
        "{:#?}",
        b.summary
    );
    // Each speaker's two wordings of one quote form one statement across the story.
    let speakers: Vec<&str> = b.statements.iter().map(|s| s.speaker.as_str()).collect();
    assert_eq!(speakers.len(), 2, "{speakers:?}");
    assert!(b.statements.iter().all(|s| s.quotes.len() > 100));
    // Entities and numbers cover every article, not only the central ones.
    let vehicles = b
        .numbers
        .iter()
        .find(|c| c.what == "vehicle")
        .expect("vehicle claim");
    let carried: usize = vehicles.values.iter().map(|v| v.article_ids.len()).sum();
    assert!(carried > 100, "{vehicles:?}");
    assert!(b.timeline.iter().any(|t| t.date == "2031-05-12"));
    let again = brief::brief("big", &refs, Vec::new(), &config);
    assert_eq!(b, again);
}
