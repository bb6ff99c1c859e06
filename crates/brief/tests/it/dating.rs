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

#[test]
fn a_date_far_from_the_story_gives_way_and_both_are_shown() {
    let articles = [
        article(
            "first",
            day(2026, 10, 5),
            "Ferry crews strike",
            "Ferry crews in Kelmouth walked out on Monday over rest hours.",
        ),
        article(
            "second",
            day(2026, 10, 6),
            "Ferries stay in port",
            "No ferry left Kelmouth on Tuesday as the crews' strike went on.",
        ),
        // Dated years off, as from a background paragraph: its Monday must not land in 2016.
        article(
            "odd",
            day(2016, 3, 2),
            "Kelmouth crews out again",
            "The crews walked out on Monday, as they did in a long strike years ago.",
        ),
    ];
    let refs: Vec<&AnalyzedArticle> = articles.iter().collect();
    let b = brief("s", &refs, Vec::new(), &BriefConfig::default());
    let odd = b.sources.iter().find(|s| s.article_id == "odd").unwrap();
    assert_eq!(odd.published, day(2016, 3, 2));
    let inferred = odd.published_inferred.expect("a date from the story");
    assert!(
        (inferred - day(2026, 10, 6).unwrap()).num_days().abs() <= 3,
        "{inferred}"
    );
    assert!(
        b.timeline.iter().all(|t| !t.date.starts_with("2016")),
        "{:#?}",
        b.timeline
    );
    let markdown = brief::render_markdown(&b);
    assert!(
        markdown.contains("2016-03-02, far from the story's dates; read as"),
        "{markdown}"
    );
    for s in b.sources.iter().filter(|s| s.article_id != "odd") {
        assert_eq!(s.published_inferred, None);
    }
}

#[test]
fn the_header_counts_known_outlets_and_says_which_were_read_from_the_text() {
    let mut stated = article(
        "a",
        day(2026, 10, 5),
        "Ferry crews strike",
        "Crews walked out.",
    );
    stated.article.outlet = Some("Coast Radio".into());
    let mut read = article("b", day(2026, 10, 5), "Ferries idle", "No ferry left.");
    read.article.outlet = Some("DW".into());
    read.article.outlet_inferred = true;
    let none = article(
        "c",
        day(2026, 10, 6),
        "Strike goes on",
        "The strike went on.",
    );
    let articles = [stated, read, none];
    let refs: Vec<&AnalyzedArticle> = articles.iter().collect();
    let b = brief("s", &refs, Vec::new(), &BriefConfig::default());
    let markdown = brief::render_markdown(&b);
    assert!(
        markdown.contains(
            "3 articles, 2 outlets (1 read from the text), 1 article with no known outlet."
        ),
        "{markdown}"
    );
    assert!(
        markdown.contains("DW (from the text), 2026-10-05"),
        "{markdown}"
    );
    assert!(markdown.contains("Coast Radio, 2026-10-05"), "{markdown}");
}
