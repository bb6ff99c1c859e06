//! Undated articles take a publication date inferred from their story.

use brief::{brief, BriefConfig};
use chrono::NaiveDate;
use model::{AnalyzedArticle, Article};

/// An article whose date mentions are found (and resolved when dated) by `analyze`.
fn article(id: &str, published: Option<NaiveDate>, title: &str, body: &str) -> AnalyzedArticle {
    let mut a = AnalyzedArticle::from(Article {
        published,
        ..Article::new(id, title, body)
    });
    a.annotations.dates = analyze::dates::find(body, published);
    a
}

fn day(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

/// A dated preview (Thursday 2024-05-02) and an undated report written after the vote.
fn story() -> Vec<AnalyzedArticle> {
    vec![
        article(
            "preview",
            day(2024, 5, 2),
            "Council to vote on harbour plan",
            "The city council will vote on Friday on the new harbour plan. \
             Members of the council met residents in Ostholm on Thursday to hear their worries.",
        ),
        article(
            "report",
            None,
            "Council backs harbour plan",
            "The city council approved the new harbour plan on Friday after a long debate. \
             The vote followed a meeting with residents in Ostholm on Thursday.",
        ),
    ]
}

#[test]
fn an_undated_article_takes_its_date_from_the_story() {
    let articles = story();
    let refs: Vec<&AnalyzedArticle> = articles.iter().collect();
    let b = brief("s", &refs, Vec::new(), &BriefConfig::default());
    let report = b.sources.iter().find(|s| s.article_id == "report");
    let Some(report) = report else {
        panic!("no source for the report: {:#?}", b.sources);
    };
    assert_eq!(report.published, None);
    // Its Thursday and Friday land on the preview's Thursday and Friday only when it is
    // dated within that week; the preview's own day and the Friday both do.
    let inferred = report.published_inferred;
    assert!(
        inferred == day(2024, 5, 2) || inferred == day(2024, 5, 3),
        "{inferred:?}"
    );
    let vote: Vec<_> = b
        .timeline
        .iter()
        .filter(|t| t.date == "2024-05-03")
        .collect();
    assert!(
        vote.iter()
            .any(|t| t.article_ids.iter().any(|id| id == "report")),
        "the report's Friday vote is on the timeline: {:#?}",
        b.timeline
    );
    // The Thursday meeting in Ostholm is one event, reported by both.
    let meeting: Vec<_> = b
        .timeline
        .iter()
        .filter(|t| t.date == "2024-05-02")
        .collect();
    assert_eq!(meeting.len(), 1, "{meeting:#?}");
    assert_eq!(meeting[0].article_ids.len(), 2, "{meeting:#?}");
    assert!(!meeting[0].inferred, "the preview dates it: {meeting:#?}");
    let markdown = brief::render_markdown(&b);
    assert!(
        markdown.contains("undated, inferred 2024-05-0"),
        "{markdown}"
    );
}

#[test]
fn without_any_dated_article_nothing_is_inferred_from_relative_dates() {
    let articles = [article(
        "alone",
        None,
        "Council backs harbour plan",
        "The city council approved the new harbour plan on Friday.",
    )];
    let refs: Vec<&AnalyzedArticle> = articles.iter().collect();
    let b = brief("s", &refs, Vec::new(), &BriefConfig::default());
    assert_eq!(b.sources[0].published_inferred, None);
    assert!(b.timeline.is_empty(), "{:#?}", b.timeline);
}

#[test]
fn a_word_budget_bounds_the_summary() {
    let articles = crate::fixtures::port_strike();
    let refs: Vec<&AnalyzedArticle> = articles.iter().collect();
    let config = BriefConfig {
        summary_sentences: 8,
        summary_words: 30,
        ..BriefConfig::default()
    };
    let b = brief("s", &refs, Vec::new(), &config);
    let words: Vec<usize> = b
        .summary
        .iter()
        .map(|l| text::words(&l.text).count())
        .collect();
    let total: usize = words.iter().sum();
    assert!(!words.is_empty());
    // The budget is met as closely as whole sentences allow: dropping the last sentence
    // would leave the summary further from it than it is.
    let last = words.last().copied().unwrap_or(0);
    assert!(
        words.len() == 1 || total.abs_diff(30) <= (total - last).abs_diff(30),
        "{words:?}"
    );
    assert!(b.summary.len() < 8, "{words:?}");
}

#[test]
fn a_ratio_budget_grows_with_the_story_and_never_passes_the_word_cap() {
    let articles = crate::fixtures::port_strike();
    let refs: Vec<&AnalyzedArticle> = articles.iter().collect();
    let words: usize = articles
        .iter()
        .filter(|a| a.duplicate_of.is_none())
        .map(|a| text::words(&a.article.title).count() + text::words(&a.article.body).count())
        .sum();
    assert!(
        words > 40,
        "the fixture is long enough to tell the settings apart"
    );
    let with = |summary_words: usize, summary_ratio: f64| BriefConfig {
        summary_sentences: 8,
        summary_words,
        summary_ratio,
        ..BriefConfig::default()
    };
    assert_eq!(brief::summary_budget(&refs, &with(0, 0.0)), 0);
    assert_eq!(brief::summary_budget(&refs, &with(30, 0.0)), 30);
    let quarter = brief::summary_budget(&refs, &with(0, 0.25));
    assert_eq!(quarter, (words as f64 * 0.25).round() as usize);
    assert_eq!(brief::summary_budget(&refs, &with(10, 0.25)), 10);
    assert_eq!(brief::summary_budget(&refs, &with(10_000, 0.25)), quarter);
    // Odd ratios are no budget, not a panic.
    assert_eq!(brief::summary_budget(&refs, &with(0, f64::NAN)), 0);
    assert_eq!(brief::summary_budget(&refs, &with(0, -1.0)), 0);
    assert_eq!(brief::summary_budget(&[], &with(0, 0.35)), 1);
    // A smaller share of a story gives a summary no longer than a larger share does.
    let length = |ratio: f64| -> usize {
        brief("s", &refs, Vec::new(), &with(0, ratio))
            .summary
            .iter()
            .map(|l| text::words(&l.text).count())
            .sum()
    };
    assert!(
        length(0.1) <= length(0.5),
        "{} {}",
        length(0.1),
        length(0.5)
    );
    assert!(length(0.1) > 0);
}
