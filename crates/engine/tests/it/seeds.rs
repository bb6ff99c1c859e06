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

/// The refusal carried by three outlets, twice in one wording and once in another
/// translation, is one statement of its speaker with the three articles.
#[test]
fn seeds_group_the_repeated_refusal() {
    let Some(data) = shared_data() else { return };
    let analysis = analyze(&[data.join("seeds")]);
    let Some(story) = analysis.stories.first() else {
        panic!("the seeds form no story");
    };
    let refusal = |t: &str| {
        let t = t.to_lowercase();
        t.contains("will not") && t.contains("concession")
    };
    let groups: Vec<_> = story
        .statements
        .iter()
        .filter(|s| s.quotes.iter().any(|q| refusal(&q.text)))
        .collect();
    assert_eq!(groups.len(), 1, "{groups:#?}");
    let statement = groups[0];
    let mut articles: Vec<_> = statement.quotes.iter().map(|q| &q.article_id).collect();
    articles.sort();
    articles.dedup();
    assert!(articles.len() >= 3, "{statement:#?}");
    let wordings: std::collections::BTreeSet<String> = statement
        .quotes
        .iter()
        .filter(|q| refusal(&q.text))
        .map(|q| q.text.to_lowercase())
        .collect();
    assert!(wordings.len() >= 2, "two translations: {statement:#?}");
}
