//! The five real seed reports of one event (`../shared/data/seeds`) must become one story.

use crate::{analyze, shared_data};

#[test]
fn seeds_form_one_story_without_duplicates() {
    let Some(data) = shared_data() else { return };
    let analysis = analyze(&[data.join("seeds")]);
    assert_eq!(analysis.articles.len(), 5);
    let sizes: Vec<usize> = analysis
        .stories
        .iter()
        .map(|s| s.article_ids.len())
        .collect();
    assert_eq!(
        sizes,
        vec![5],
        "stories: {:#?}",
        analysis
            .stories
            .iter()
            .map(|s| &s.article_ids)
            .collect::<Vec<_>>()
    );
    for a in &analysis.articles {
        assert_eq!(
            a.duplicate_of, None,
            "{} flagged as a duplicate: the seeds are different reports",
            a.article.id
        );
    }
    let story = &analysis.stories[0];
    assert!(
        !story.shared_passages.is_empty(),
        "the quote paragraph carried by two outlets is a shared passage"
    );
    assert!(!story.summary.is_empty());
}
