use super::*;

fn day(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

fn doc<'a>(title: &'a str, body: &'a str, published: Option<NaiveDate>) -> ClusterDoc<'a> {
    ClusterDoc {
        title,
        body,
        published,
        entities: Vec::new(),
    }
}

const QUAKE_A1: (&str, &str) = (
    "Strong earthquake shakes Valdoria coast",
    "A magnitude 6.8 earthquake struck the Valdoria coast early on Monday, toppling houses in the fishing town of Marrento. Rescue teams searched collapsed buildings in Marrento and officials said at least 40 people were killed.",
);
const QUAKE_A2: (&str, &str) = (
    "Death toll rises after Valdoria earthquake",
    "Rescuers in Marrento pulled survivors from the rubble on Tuesday as the death toll from the magnitude 6.8 earthquake on the Valdoria coast rose to 57, officials said. Aftershocks rattled the town overnight.",
);
const QUAKE_B: (&str, &str) = (
    "Earthquake hits Valdoria coast again",
    "A magnitude 5.9 earthquake struck near the Valdoria coast, damaging roads around the port of Selvana. Officials in Selvana said two people were injured and rescue teams checked buildings for cracks.",
);
const BUDGET: (&str, &str) = (
    "Parliament approves budget after long debate",
    "Lawmakers approved next year's budget on Thursday after a twelve hour debate. The finance minister said spending on schools and hospitals would grow while the deficit shrinks.",
);
const BUDGET2: (&str, &str) = (
    "Budget passes parliament with narrow majority",
    "The budget passed parliament on Thursday by a narrow majority after a long debate, and the finance minister promised more spending on hospitals and schools.",
);

#[test]
fn same_event_joins_and_other_topics_stay_apart() {
    let docs = [
        doc(QUAKE_A1.0, QUAKE_A1.1, day(2023, 3, 6)),
        doc(BUDGET.0, BUDGET.1, day(2023, 3, 6)),
        doc(QUAKE_A2.0, QUAKE_A2.1, day(2023, 3, 7)),
        doc(BUDGET2.0, BUDGET2.1, day(2023, 3, 8)),
    ];
    assert_eq!(
        cluster(&docs, &ClusterConfig::default()),
        vec![vec![0, 2], vec![1, 3]]
    );
}

#[test]
fn same_topic_a_year_later_is_a_new_story() {
    let docs = [
        doc(QUAKE_A1.0, QUAKE_A1.1, day(2022, 3, 6)),
        doc(QUAKE_A2.0, QUAKE_A2.1, day(2022, 3, 7)),
        doc(QUAKE_A2.0, QUAKE_A2.1, day(2023, 3, 7)),
    ];
    assert_eq!(
        cluster(&docs, &ClusterConfig::default()),
        vec![vec![0, 1], vec![2]]
    );
}

/// The full score of the document against story `s` (0 when it is not a candidate),
/// without adding the document.
fn score_of(c: &mut Clusterer, d: &ClusterDoc<'_>, s: usize) -> f64 {
    let p = c.prepare(d);
    let w = c.weigh(&p);
    c.scores(&p, &w)
        .into_iter()
        .find(|x| x.story as usize == s)
        .map_or(0.0, |x| x.total)
}

#[test]
fn days_apart_lower_the_probability_within_the_window() {
    let config = ClusterConfig::default();
    let mut c = Clusterer::new(config);
    c.add(&doc(QUAKE_A1.0, QUAKE_A1.1, day(2023, 3, 6)));
    let s_near = score_of(&mut c, &doc(QUAKE_B.0, QUAKE_B.1, day(2023, 3, 6)), 0);
    let s_far = score_of(&mut c, &doc(QUAKE_B.0, QUAKE_B.1, day(2023, 3, 12)), 0);
    let s_out = score_of(&mut c, &doc(QUAKE_B.0, QUAKE_B.1, day(2023, 3, 20)), 0);
    assert!(s_near > s_far, "{s_near} <= {s_far}");
    assert!(s_far > 0.0 && s_out == 0.0, "{s_far} {s_out}");
}

/// The signals of the document against story `s` (`None` when it is not a candidate),
/// without adding the document.
fn features_of(c: &mut Clusterer, d: &ClusterDoc<'_>, s: usize) -> Option<Features> {
    c.candidates(d).into_iter().find(|x| x.0 == s).map(|x| x.1)
}

/// One signal by name.
fn signal(f: &Features, name: &str) -> f64 {
    f[FEATURES.iter().position(|n| *n == name).unwrap()]
}

#[test]
fn names_separate_two_events_of_one_topic() {
    let mut c = Clusterer::new(ClusterConfig::default());
    c.add(&doc(QUAKE_A1.0, QUAKE_A1.1, None));
    c.add(&doc(BUDGET.0, BUDGET.1, None));
    let same = features_of(&mut c, &doc(QUAKE_A2.0, QUAKE_A2.1, None), 0).unwrap();
    let other = features_of(&mut c, &doc(QUAKE_B.0, QUAKE_B.1, None), 0).unwrap();
    assert!(signal(&same, "names") > signal(&other, "names") + 0.2);
    // The model rewards the names agreeing: the same pair with the other event's name
    // similarity is less likely to join. (Whether names outweigh the other signals on
    // a given pair is the learned model's call: here the other quake's title shares
    // more words.)
    let mut swapped = same;
    for name in ["names", "names_undated"] {
        let i = FEATURES.iter().position(|n| *n == name).unwrap();
        swapped[i] = other[i];
    }
    let model = JoinModel::default();
    assert!(model.probability(&same) > model.probability(&swapped) + 0.1);
}

#[test]
fn shared_entities_are_a_signal() {
    let mut c = Clusterer::new(ClusterConfig::default());
    let first = ClusterDoc {
        entities: vec!["Valdoria", "Marrento"],
        ..doc(QUAKE_A1.0, QUAKE_A1.1, None)
    };
    c.add(&first);
    let with = ClusterDoc {
        entities: vec!["Marrento"],
        ..doc(QUAKE_B.0, QUAKE_B.1, None)
    };
    let without = ClusterDoc {
        entities: vec!["Selvana"],
        ..doc(QUAKE_B.0, QUAKE_B.1, None)
    };
    assert_eq!(
        signal(&features_of(&mut c, &with, 0).unwrap(), "entities"),
        1.0
    );
    assert_eq!(
        signal(&features_of(&mut c, &without, 0).unwrap(), "entities"),
        0.0
    );
}

#[test]
fn disjoint_years_lower_the_score() {
    let mut c = Clusterer::new(ClusterConfig::default());
    c.add(&doc(
        QUAKE_A1.0,
        &format!("{} The last strong quake there was in 1998.", QUAKE_A1.1),
        None,
    ));
    let body = QUAKE_A2.1.to_string();
    let same_doc = format!("{body} It was the worst since 1998.");
    let other_doc = format!("{body} It was the worst since 2004.");
    let same = features_of(&mut c, &doc(QUAKE_A2.0, &same_doc, None), 0).unwrap();
    let other = features_of(&mut c, &doc(QUAKE_A2.0, &other_doc, None), 0).unwrap();
    assert_eq!(signal(&same, "years_disjoint"), 0.0);
    assert_eq!(signal(&other, "years_disjoint"), 1.0);
    assert!(
        score_of(&mut c, &doc(QUAKE_A2.0, &same_doc, None), 0)
            > score_of(&mut c, &doc(QUAKE_A2.0, &other_doc, None), 0)
    );
}

#[test]
fn output_is_deterministic_and_well_formed() {
    let docs = [
        doc(BUDGET.0, BUDGET.1, None),
        doc("", "", None),
        doc(QUAKE_A1.0, QUAKE_A1.1, None),
        doc(
            "Ünïcödé — “title”",
            "Ａ body of 1,000,000 odd ✓ characters…",
            None,
        ),
        doc(BUDGET2.0, BUDGET2.1, None),
        doc(QUAKE_A2.0, QUAKE_A2.1, None),
    ];
    let config = ClusterConfig::default();
    let got = cluster(&docs, &config);
    assert_eq!(got, cluster(&docs, &config));
    let mut all: Vec<usize> = got.iter().flatten().copied().collect();
    all.sort_unstable();
    assert_eq!(all, (0..docs.len()).collect::<Vec<_>>());
    for story in &got {
        assert!(story.windows(2).all(|w| w[0] < w[1]));
    }
    assert!(got.windows(2).all(|w| w[0][0] < w[1][0]));
    assert!(got.contains(&vec![0, 4]));
}

#[test]
fn faded_stories_leave_the_index() {
    let mut c = Clusterer::new(ClusterConfig::default());
    c.add(&doc(QUAKE_A1.0, QUAKE_A1.1, day(2020, 1, 1)));
    c.add(&doc(BUDGET.0, BUDGET.1, day(2020, 6, 1)));
    assert!(!c.live.contains_key(&0));
    assert!(c.live.contains_key(&1));
    assert_eq!(c.live_story_count(), 1);
    let s = c.add(&doc(QUAKE_A2.0, QUAKE_A2.1, day(2020, 6, 2)));
    assert_eq!(s, 2);
    assert!(c.postings.values().all(|list| list.iter().all(|&s| s != 0)));
}

#[test]
fn undated_documents_can_join_faded_stories_in_a_batch() {
    let docs = [
        doc(QUAKE_A1.0, QUAKE_A1.1, day(2020, 1, 1)),
        doc(BUDGET.0, BUDGET.1, day(2020, 6, 1)),
        doc(QUAKE_A2.0, QUAKE_A2.1, None),
    ];
    assert_eq!(
        cluster(&docs, &ClusterConfig::default()),
        vec![vec![0, 2], vec![1]]
    );
    // A stream keeps the latest faded stories for undated documents too: one answer.
    let mut c = Clusterer::new(ClusterConfig::default());
    let got: Vec<usize> = docs.iter().map(|d| c.add(d)).collect();
    assert_eq!(got, vec![0, 1, 0]);
}

#[test]
fn centroids_stay_bounded() {
    let config = ClusterConfig {
        centroid_terms: 8,
        ..ClusterConfig::default()
    };
    let mut c = Clusterer::new(config);
    for (title, body) in [QUAKE_A1, QUAKE_A2, QUAKE_A1, QUAKE_A2] {
        c.add(&doc(title, body, None));
    }
    assert_eq!(c.story_count(), 1);
    let story = &c.live[&0];
    assert!(story.centroid.len() <= 12);
    let norm2: f64 = story.centroid.values().map(|&x| (x * x) as f64).sum();
    assert!(
        (norm2 - story.norm2).abs() < 1e-3 * norm2,
        "{norm2} {}",
        story.norm2
    );
    // A term leaves the index with the centroid.
    for (id, list) in &c.postings {
        assert_eq!(list.contains(&0), story.centroid.contains_key(id));
    }
}

#[test]
fn empty_input_gives_no_stories() {
    assert!(cluster(&[], &ClusterConfig::default()).is_empty());
}

#[test]
fn late_documents_join_faded_stories() {
    let mut c = Clusterer::new(ClusterConfig::default());
    assert_eq!(c.add(&doc(QUAKE_A1.0, QUAKE_A1.1, day(2020, 1, 1))), 0);
    assert_eq!(c.add(&doc(BUDGET.0, BUDGET.1, day(2020, 1, 20))), 1);
    assert!(!c.live.contains_key(&0));
    // Dated the day after the earthquake, it arrives three weeks late.
    assert_eq!(c.add(&doc(QUAKE_A2.0, QUAKE_A2.1, day(2020, 1, 2))), 0);
    assert!(c.faded.contains_key(&0));
    assert_eq!(c.add(&doc(QUAKE_A2.0, QUAKE_A2.1, day(2020, 1, 8))), 0);
    assert!(c.faded.contains_key(&0));
    // A late report that makes the story recent brings it back into the index.
    assert_eq!(c.add(&doc(QUAKE_A2.0, QUAKE_A2.1, day(2020, 1, 14))), 0);
    assert!(c.live.contains_key(&0));
    assert!(c.postings.values().any(|list| list.contains(&0)));
}

#[test]
fn faded_stories_are_forgotten_after_the_grace_for_late_documents() {
    let config = ClusterConfig {
        window_days: 2,
        late_days: 5,
        ..ClusterConfig::default()
    };
    let mut c = Clusterer::new(config);
    // Ten new events a day, each of made-up words of its own, over 600 days: far more
    // stories than are kept for undated documents.
    let mut peak = 0;
    for i in 0..6000usize {
        let date =
            day(2020, 1, 1).and_then(|d| d.checked_add_days(chrono::Days::new(i as u64 / 10)));
        let words: Vec<String> = (0..12).map(|k| testkit::word(i * 12 + k)).collect();
        let body = format!("{}.", words.join(" "));
        c.add(&doc(&words[0], &body, date));
        // An undated document fades too.
        if i % 500 == 0 {
            c.add(&doc(
                "Untitled",
                "A ferry ran aground near the Halvard islands.",
                None,
            ));
        }
        peak = peak.max(c.held_story_count());
    }
    // Past the grace for late documents, only the latest faded stories stay, for
    // undated documents.
    assert!(c.held_story_count() > 4000, "{}", c.held_story_count());
    assert!(peak <= MAX_FADED_SCANNED + 10 * 9 + 20, "peak {peak}");
}

#[test]
fn a_late_article_past_the_grace_still_joins_a_kept_story() {
    let mut c = Clusterer::new(ClusterConfig::default());
    let first = c.add(&doc(QUAKE_A1.0, QUAKE_A1.1, day(2023, 3, 6)));
    // Two months of other news: the quake story fades and passes the 30-day grace.
    for i in 0..60u64 {
        let date = day(2023, 3, 7).and_then(|d| d.checked_add_days(chrono::Days::new(i)));
        c.add(&doc(BUDGET.0, BUDGET.1, date));
    }
    assert_eq!(c.add(&doc(QUAKE_A2.0, QUAKE_A2.1, day(2023, 3, 7))), first);
}

#[test]
fn state_survives_serialisation() {
    let docs = [
        doc(QUAKE_A1.0, QUAKE_A1.1, day(2023, 3, 6)),
        doc(BUDGET.0, BUDGET.1, day(2023, 3, 6)),
        doc(QUAKE_B.0, QUAKE_B.1, day(2023, 3, 20)),
        doc(QUAKE_A2.0, QUAKE_A2.1, day(2023, 3, 7)),
        doc(BUDGET2.0, BUDGET2.1, day(2023, 3, 21)),
        doc(QUAKE_A2.0, QUAKE_A2.1, None),
    ];
    let mut whole = Clusterer::new(ClusterConfig::default());
    let expected: Vec<usize> = docs.iter().map(|d| whole.add(d)).collect();
    for split in 0..docs.len() {
        let mut first = Clusterer::new(ClusterConfig::default());
        let mut got: Vec<usize> = docs[..split].iter().map(|d| first.add(d)).collect();
        let json = serde_json::to_string(&first).unwrap();
        let mut second: Clusterer = serde_json::from_str(&json).unwrap();
        got.extend(docs[split..].iter().map(|d| second.add(d)));
        assert_eq!(got, expected, "split at {split}");
    }
}

#[test]
fn words_of_the_lead_count_more() {
    let filler = "the council met again and talked for hours about roads, ".repeat(6);
    let body = format!("harbour walls gave way overnight. {filler} bridge repairs start soon.");
    let count_of = |config: ClusterConfig, word: &str| -> f32 {
        let mut clusterer = Clusterer::new(config);
        let prepared = clusterer.prepare(&doc("", &body, None));
        let id = clusterer.term(word);
        prepared
            .counts
            .iter()
            .find(|(t, _)| Some(*t) == id)
            .map_or(0.0, |(_, c)| *c)
    };
    let config = ClusterConfig::default();
    assert!(body.find("bridge").is_some_and(|i| i > config.lead_bytes));
    let lead = config.lead_weight as f32;
    assert_eq!(count_of(config.clone(), "harbour"), 1.0 + lead);
    assert_eq!(count_of(config.clone(), "bridge"), 1.0);
    let flat = ClusterConfig {
        lead_weight: 0.0,
        ..config
    };
    assert_eq!(count_of(flat, "harbour"), 1.0);
}

const AIDE_A1: (&str, &str) = (
    "Former intelligence chief Arlen Voss dies at 91",
    "Arlen Voss, the intelligence officer who passed secrets about the Harbourgate affair to reporters, died on Friday. He was 91. Voss spent three decades at the bureau, and colleagues said Voss never regretted his role. His son said Voss died peacefully at home, where Voss had lived since leaving the bureau.",
);
const AIDE_A2: (&str, &str) = (
    "Harbourgate informant Arlen Voss dead at 91",
    "The Harbourgate informant Arlen Voss has died at 91, his family said on Friday. For years Voss was the anonymous source behind the reports that ended the affair. Friends said Voss read the papers every morning, and Voss was buried near the bureau where he served.",
);
const AIDE_B: (&str, &str) = (
    "Former campaign aide Milo Prentice dies at 74",
    "Milo Prentice, the campaign aide who carried cash to the burglars in the Harbourgate affair, died on Tuesday. He was 74. Prentice served four months in prison, and for years Prentice was rumoured to be the anonymous source. A maid found Prentice in his hotel room, where Prentice had lived alone.",
);

#[test]
fn another_main_name_in_the_same_frame_conflicts_when_undated() {
    // Every term looks for candidates: with two documents seen, the names no other
    // document has are the heaviest terms and would find no story at all.
    let config = ClusterConfig {
        query_terms: 1000,
        ..ClusterConfig::default()
    };
    let conflicts = |published: Option<NaiveDate>| {
        let mut c = Clusterer::new(config.clone());
        c.add(&doc(AIDE_A1.0, AIDE_A1.1, published));
        let same = features_of(&mut c, &doc(AIDE_A2.0, AIDE_A2.1, published), 0).unwrap();
        let other = features_of(&mut c, &doc(AIDE_B.0, AIDE_B.1, published), 0).unwrap();
        (signal(&same, "conflict"), signal(&other, "conflict"))
    };
    // The same man's death: no conflict. Another man's death in the same affair: Voss
    // is never in the document, Prentice never in the story.
    let (same, other) = conflicts(None);
    assert_eq!(same, 0.0);
    assert!(other > 0.1, "{other}");
    // With dates, time judges, and the conflict is left out.
    assert_eq!(conflicts(day(2024, 5, 3)), (0.0, 0.0));
}

#[test]
fn a_lone_story_folds_into_the_story_that_grew_after_it() {
    // A high bar makes the second report of the quake open a story of its own; once the
    // quake story has two members and two more documents have come, it is scored again at
    // the lower folding bar and moves there. The budget story, also alone, does not fold
    // into the quake.
    let docs = [
        doc(QUAKE_A1.0, QUAKE_A1.1, None),
        doc(QUAKE_A1.0, QUAKE_A1.1, None),
        doc(QUAKE_A2.0, QUAKE_A2.1, None),
        doc(BUDGET.0, BUDGET.1, None),
        doc(BUDGET2.0, BUDGET2.1, None),
        doc(QUAKE_B.0, QUAKE_B.1, None),
        doc(BUDGET.0, BUDGET.1, None),
    ];
    // Undated documents one by one, in the order given (no grouping first).
    let strict = ClusterConfig {
        threshold: 0.97,
        fold_after: 0,
        undated_link: 0.0,
        ..ClusterConfig::default()
    };
    assert_eq!(
        cluster(&docs, &strict),
        vec![vec![0, 1], vec![2], vec![3, 4, 6], vec![5]]
    );
    let folding = ClusterConfig {
        fold_after: 2,
        fold_threshold: 0.2,
        ..strict
    };
    let mut clusterer = Clusterer::new(folding.clone());
    let mut folds = Vec::new();
    for d in &docs {
        clusterer.add(d);
        folds.extend(clusterer.take_folds());
    }
    assert!(folds.contains(&(1, 0)), "{folds:?}");
    assert!(folds.iter().all(|&(_, to)| to == 0 || to == 2), "{folds:?}");
    let stories = cluster(&docs, &folding);
    assert_eq!(stories.first(), Some(&vec![0, 1, 2]), "{stories:?}");
    assert!(stories.iter().any(|s| s.first() == Some(&3)), "{stories:?}");
}

#[test]
fn a_lone_story_stays_alone_below_the_folding_bar() {
    let docs = [
        doc(QUAKE_A1.0, QUAKE_A1.1, None),
        doc(QUAKE_A1.0, QUAKE_A1.1, None),
        doc(BUDGET.0, BUDGET.1, None),
        doc(QUAKE_A1.0, QUAKE_A1.1, None),
        doc(QUAKE_A1.0, QUAKE_A1.1, None),
    ];
    let config = ClusterConfig {
        fold_after: 1,
        ..ClusterConfig::default()
    };
    assert_eq!(cluster(&docs, &config), vec![vec![0, 1, 3, 4], vec![2]]);
}

/// The next day's event of one storyline: the same topic words, another act.
const QUAKE_AID: (&str, &str) = (
    "Parliament debates aid for Valdoria",
    "Lawmakers in the capital argued on Tuesday over an emergency fund for the Valdoria coast, weeks before the vote on next year's plans. The opposition asked for an inquiry into building codes.",
);

#[test]
fn a_next_day_report_below_the_cross_day_floor_weighs_nothing() {
    let with = ClusterConfig {
        cross_day_floor: 0.9,
        ..ClusterConfig::default()
    };
    let without = ClusterConfig {
        cross_day_floor: 0.0,
        ..ClusterConfig::default()
    };
    let first = doc(QUAKE_A1.0, QUAKE_A1.1, day(2023, 3, 6));
    let next_day = doc(QUAKE_A2.0, QUAKE_A2.1, day(2023, 3, 7));
    let same_day = doc(QUAKE_A2.0, QUAKE_A2.1, day(2023, 3, 6));
    let undated = doc(QUAKE_A2.0, QUAKE_A2.1, None);
    let mut off = Clusterer::new(without);
    off.add(&first);
    let mut on = Clusterer::new(with);
    on.add(&first);
    // A floor no pair reaches: the story's only day is out of reach for the next day,
    // and same-day and undated documents are weighed as without a floor.
    assert!(score_of(&mut off, &next_day, 0) > 0.0);
    assert_eq!(score_of(&mut on, &next_day, 0), 0.0);
    assert_eq!(
        score_of(&mut on, &same_day, 0),
        score_of(&mut off, &same_day, 0)
    );
    assert_eq!(
        score_of(&mut on, &undated, 0),
        score_of(&mut off, &undated, 0)
    );
}

#[test]
fn the_default_floor_keeps_one_event_across_days_and_a_storyline_apart() {
    let mut c = Clusterer::new(ClusterConfig::default());
    c.add(&doc(QUAKE_A1.0, QUAKE_A1.1, day(2023, 3, 6)));
    let f = features_of(&mut c, &doc(QUAKE_A2.0, QUAKE_A2.1, day(2023, 3, 7)), 0);
    assert!(f.is_some_and(|f| signal(&f, "text") > 0.2), "{f:?}");
    assert_eq!(
        score_of(&mut c, &doc(QUAKE_AID.0, QUAKE_AID.1, day(2023, 3, 7)), 0),
        0.0
    );
}

#[test]
fn days_are_kept_apart_up_to_a_bound_in_date_order() {
    let mut c = Clusterer::new(ClusterConfig::default());
    for d in 1..=20 {
        c.add_to(
            &doc(QUAKE_A1.0, QUAKE_A1.1, day(2023, 3, d)),
            (d > 1).then_some(0),
        );
    }
    let story = c.live.get(&0).expect("live");
    assert_eq!(story.days.len(), MAX_DAYS);
    assert_eq!(story.days.iter().map(|d| d.members).sum::<u32>(), 20);
    assert!(story.days.windows(2).all(|w| w[0].date < w[1].date));
    assert!(story
        .days
        .iter()
        .all(|d| d.vector.windows(2).all(|w| w[0].0 < w[1].0)));
}

#[test]
fn a_join_across_days_below_the_bar_waits_for_the_fold() {
    // The next day's report of the earthquake opens a story of its own when every join
    // across days must clear a bar it cannot reach; the fold brings it back while it is
    // still alone. A same-day report joins at once whatever the bar.
    let docs = [
        doc(QUAKE_A1.0, QUAKE_A1.1, day(2023, 3, 6)),
        doc(QUAKE_A1.0, QUAKE_A1.1, day(2023, 3, 6)),
        doc(QUAKE_A2.0, QUAKE_A2.1, day(2023, 3, 7)),
        doc(BUDGET.0, BUDGET.1, day(2023, 3, 7)),
    ];
    let waiting = ClusterConfig {
        cross_day_bar: 1.1,
        fold_after: 1,
        ..ClusterConfig::default()
    };
    let mut c = Clusterer::new(waiting.clone());
    assert_eq!(c.add(&docs[0]), 0);
    assert_eq!(c.add(&docs[1]), 0, "same day: no bar");
    assert_eq!(
        c.add(&docs[2]),
        1,
        "across days: waits in a story of its own"
    );
    assert_eq!(c.add(&docs[3]), 2);
    assert_eq!(
        c.take_folds(),
        vec![(1, 0)],
        "alone at its fold: it folds back"
    );
    assert_eq!(cluster(&docs, &waiting), vec![vec![0, 1, 2], vec![3]]);
    // Without folding there would be nothing to wait for: the bar does not apply.
    let never_folds = ClusterConfig {
        fold_after: 0,
        ..waiting
    };
    assert_eq!(cluster(&docs, &never_folds), vec![vec![0, 1, 2], vec![3]]);
}

#[test]
fn undated_documents_give_the_same_stories_in_any_order() {
    let docs = [
        doc(QUAKE_A1.0, QUAKE_A1.1, None),
        doc(BUDGET.0, BUDGET.1, None),
        doc(QUAKE_A2.0, QUAKE_A2.1, None),
        doc(BUDGET2.0, BUDGET2.1, None),
        doc(QUAKE_B.0, QUAKE_B.1, None),
    ];
    let config = ClusterConfig::default();
    // Stories as sets of documents, by title and body (order-free).
    let partition = |order: &[usize]| {
        let given: Vec<ClusterDoc<'_>> = order.iter().map(|&i| docs[i].clone()).collect();
        let mut stories: Vec<Vec<usize>> = cluster(&given, &config)
            .into_iter()
            .map(|s| {
                let mut s: Vec<usize> = s.into_iter().map(|j| order[j]).collect();
                s.sort_unstable();
                s
            })
            .collect();
        stories.sort();
        stories
    };
    let first = partition(&[0, 1, 2, 3, 4]);
    // The two budget reports are one story; the quake reports are not in it (without
    // dates, the second quake on the same coast may well be the same story).
    assert!(first.contains(&vec![1, 3]), "{first:?}");
    assert!(
        first.iter().any(|s| s.contains(&0) && s.contains(&2)),
        "{first:?}"
    );
    for order in [[4, 3, 2, 1, 0], [1, 4, 0, 3, 2], [2, 0, 4, 1, 3]] {
        assert_eq!(partition(&order), first, "{order:?}");
    }
}
