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

/// The seed story's brief: the undated reports get a publication date inferred from the
/// dated one, and with it the story's days: the Sunday dinner, the Monday talks in
/// Geneva, the NATO–Russia Council in Brussels on Wednesday and the OSCE in Vienna on
/// Thursday, each event once; the troop numbers disagree; Russia and the US take positions.
#[test]
fn seed_brief_has_the_timeline_numbers_and_positions() {
    let Some(data) = shared_data() else { return };
    let analysis = analyze(&[data.join("seeds")]);
    let Some(story) = analysis.stories.first() else {
        panic!("no story from the seeds");
    };
    let undated = story.sources.iter().filter(|s| s.published.is_none());
    for s in undated {
        assert!(
            s.published_inferred.is_some(),
            "{} has no date, dated or inferred",
            s.article_id
        );
    }
    let on = |date: &str, words: &[&str]| -> Vec<&model::TimelineEntry> {
        story
            .timeline
            .iter()
            .filter(|t| {
                let text = t.text.to_lowercase();
                t.date == date && words.iter().any(|w| text.contains(w))
            })
            .collect()
    };
    let days = [
        ("2022-01-09", &["dinner", "meet"][..]),
        ("2022-01-10", &["geneva", "talks"][..]),
        (
            "2022-01-12",
            &["brussels", "nato-russia", "nato–russia"][..],
        ),
        ("2022-01-13", &["vienna", "osce"][..]),
    ];
    for (date, words) in days {
        let found = on(date, words);
        assert!(
            !found.is_empty(),
            "no {date} event about {words:?} in the timeline: {:#?}",
            story.timeline
        );
    }
    // The Monday talks in Geneva are reported by several outlets, on one line.
    let geneva = on("2022-01-10", &["geneva"]);
    assert!(
        geneva.iter().any(|t| t.article_ids.len() >= 2),
        "the Geneva talks should cite several outlets on one line: {geneva:#?}"
    );
    let brussels = on("2022-01-12", &["brussels"]);
    assert_eq!(
        brussels.len(),
        1,
        "the Brussels meeting should appear once: {brussels:#?}"
    );
    // One line per event: the five events and little else.
    assert!(
        story.timeline.len() <= 8,
        "one line per event: {:#?}",
        story.timeline
    );
    assert!(
        story
            .timeline
            .iter()
            .any(|t| t.date == "2021-06" && t.text.contains("summit")),
        "the June 2021 summit: {:#?}",
        story.timeline
    );
    // Troops: "tens of thousands" against "about 100,000" differ in precision, shown as
    // such; no figure disagrees.
    let troops = story
        .numbers
        .iter()
        .find(|n| n.what.to_lowercase().contains("troop"));
    let Some(troops) = troops else {
        panic!("no troop numbers: {:#?}", story.numbers);
    };
    assert!(
        troops.precision_differs,
        "troop numbers should differ in precision: {troops:#?}"
    );
    assert!(
        story.numbers.iter().all(|n| n.agree),
        "no disagreement in the seeds: {:#?}",
        story.numbers
    );
    assert_eq!(
        story
            .numbers
            .iter()
            .filter(|n| n.what.to_lowercase().contains("troop"))
            .count(),
        1,
        "one line per quantity: {:#?}",
        story.numbers
    );
    assert!(
        troops
            .values
            .iter()
            .any(|v| (v.value - 100_000.0).abs() < 1.0),
        "{troops:#?}"
    );
    // Positions of both sides.
    let actors: Vec<&str> = story.positions.iter().map(|p| p.actor.as_str()).collect();
    assert!(
        actors
            .iter()
            .any(|a| a.contains("Russia") || a.contains("Moscow")),
        "no Russian position: {actors:?}"
    );
    assert!(
        actors.iter().any(|a| {
            a.contains("United States") || a.contains("Washington") || *a == "US" || *a == "U.S."
        }),
        "no US position: {actors:?}"
    );
    // The US side whole (issue 19): its rejection of the proposals, its warning of costs
    // and what it offered, each by a US actor.
    let american = |a: &str| {
        matches!(
            a,
            "United States" | "Washington" | "Wendy Sherman" | "Joe Biden" | "Antony Blinken"
        )
    };
    for stance in [
        model::Stance::Reject,
        model::Stance::Threaten,
        model::Stance::Propose,
    ] {
        assert!(
            story
                .positions
                .iter()
                .any(|p| american(&p.actor) && p.stance == stance),
            "no US position of stance {stance:?}: {:#?}",
            story.positions
        );
    }
}

/// The lines a reader sees first are the story's important ones: Ryabkov's "no progress"
/// after the Geneva talks is shown within the cap, and the two negotiators, whom every
/// report quotes or names, hold most of the shown lines (the old tiers gave one line
/// each to a dozen speakers quoted once and hid it under "… N more").
#[test]
fn seed_brief_shows_the_negotiators_statements_within_the_cap() {
    let Some(data) = shared_data() else { return };
    let analysis = analyze(&[data.join("seeds")]);
    let Some(story) = analysis.stories.first() else {
        panic!("the seeds form no story");
    };
    let shown = &story.statements[..story.statements.len().min(model::Brief::STATEMENTS_SHOWN)];
    let listing = || {
        shown
            .iter()
            .map(|s| format!("{}: {}", s.speaker, s.text))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert!(
        shown
            .iter()
            .any(|s| s.speaker.contains("Ryabkov") && s.text.contains("no progress")),
        "Ryabkov's \"no progress\" is hidden:\n{}",
        listing()
    );
    let negotiators = shown
        .iter()
        .filter(|s| s.speaker.contains("Ryabkov") || s.speaker.contains("Sherman"))
        .count();
    assert!(negotiators * 3 >= shown.len() * 2, "{}", listing());
    // Shown lines stay grouped by speaker: no speaker's lines are split by another's.
    let mut seen: Vec<&str> = Vec::new();
    for s in shown {
        if seen.last() != Some(&s.speaker.as_str()) {
            assert!(!seen.contains(&s.speaker.as_str()), "{}", listing());
            seen.push(&s.speaker);
        }
    }
}
