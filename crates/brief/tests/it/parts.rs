//! Each part of the brief on the hand-written port-strike story.

use brief::{brief, BriefConfig};
use model::{AnalyzedArticle, Brief, EntityKind};

use crate::fixtures::{port_strike, Fx};

fn build(articles: &[AnalyzedArticle]) -> Brief {
    let refs: Vec<&AnalyzedArticle> = articles.iter().collect();
    brief("s1", &refs, Vec::new(), &BriefConfig::default())
}

#[test]
fn headline_is_a_central_title() {
    let b = build(&port_strike());
    let titles: Vec<String> = port_strike()
        .iter()
        .map(|a| a.article.title.clone())
        .collect();
    assert!(titles.contains(&b.headline), "{}", b.headline);
    assert_ne!(b.headline, "Strike at Calder Bay harbour delays cargo");
}

#[test]
fn sources_list_every_article_and_mark_copies() {
    let b = build(&port_strike());
    let ids: Vec<&str> = b.sources.iter().map(|s| s.article_id.as_str()).collect();
    assert_eq!(ids, ["a1", "a2", "a3", "a4"]);
    assert_eq!(b.sources[2].duplicate_of.as_deref(), Some("a1"));
}

#[test]
fn summary_cites_every_carrier_and_avoids_repeats() {
    let b = build(&port_strike());
    assert!(!b.summary.is_empty() && b.summary.len() <= 6);
    for line in &b.summary {
        assert!(!line.article_ids.is_empty());
        assert!(
            !line.text.starts_with('"'),
            "quote fragment chosen: {}",
            line.text
        );
    }
    // The Tuesday talks are reported by a1 (and its copy a3) and a4 nearly verbatim: one
    // line, citing all three.
    let talks: Vec<_> = b
        .summary
        .iter()
        .filter(|l| l.text.contains("resume on Tuesday"))
        .collect();
    assert_eq!(talks.len(), 1, "{:#?}", b.summary);
    assert!(
        talks[0].article_ids.contains(&"a3".to_string()),
        "{:?}",
        talks[0]
    );
    // A sentence only in the copy's original is still cited with the copy.
    let texts: Vec<&str> = b.summary.iter().map(|l| l.text.as_str()).collect();
    let mut unique = texts.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), texts.len());
}

#[test]
fn summary_puts_the_most_widely_carried_line_first() {
    let b = build(&port_strike());
    let first = b.summary[0].article_ids.len();
    assert!(
        b.summary.iter().all(|l| l.article_ids.len() <= first),
        "{:#?}",
        b.summary
    );
}

#[test]
fn summary_length_follows_the_config() {
    let articles = port_strike();
    let refs: Vec<&AnalyzedArticle> = articles.iter().collect();
    let config = BriefConfig {
        summary_sentences: 2,
        ..BriefConfig::default()
    };
    assert_eq!(brief("s", &refs, Vec::new(), &config).summary.len(), 2);
}

#[test]
fn differently_worded_quotes_form_one_statement() {
    let b = build(&port_strike());
    let ilves: Vec<_> = b
        .statements
        .iter()
        .filter(|s| s.speaker == "Marta Ilves")
        .collect();
    let refusal = ilves
        .iter()
        .find(|s| s.quotes.iter().any(|q| q.text.contains("ruled out")))
        .expect("refusal statement");
    let ids: Vec<&str> = refusal
        .quotes
        .iter()
        .map(|q| q.article_id.as_str())
        .collect();
    assert_eq!(ids, ["a1", "a2", "a3"]);
    assert!(refusal
        .quotes
        .iter()
        .any(|q| q.text.contains("completely excluded")));
    // The most widely reported statement comes first.
    assert_eq!(b.statements[0].text, refusal.text);
    // The complaint and the indirect pay demand stay separate statements.
    assert!(ilves.len() >= 3, "{ilves:#?}");
    // Quotes without a speaker are skipped.
    assert!(b
        .statements
        .iter()
        .all(|s| !s.text.contains("Tens of thousands")));
}

#[test]
fn unrelated_quotes_of_one_speaker_stay_apart() {
    let a = Fx::new("x", "Outlet", 1, "Title here", "\"The bridge will open in May,\" the mayor said. \"Taxes will not rise this year,\" she added.")
        .direct("The bridge will open in May,", "Ana Mayor")
        .direct("Taxes will not rise this year,", "Ana Mayor");
    let b = build(&[a.0]);
    assert_eq!(b.statements.len(), 2);
}

#[test]
fn numbers_flag_disagreement_and_agreement() {
    let b = build(&port_strike());
    let claim = |what: &str| {
        b.numbers
            .iter()
            .find(|c| c.what == what)
            .unwrap_or_else(|| panic!("{what}: {:#?}", b.numbers))
    };
    // The port's count and the region's ("across the region") share no context: two
    // quantities, neither contradicting the other.
    let workers: Vec<_> = b.numbers.iter().filter(|c| c.what == "worker").collect();
    assert_eq!(workers.len(), 2, "{workers:#?}");
    assert!(workers.iter().all(|c| c.agree && c.values.len() == 1));
    let ships = claim("ship");
    assert!(ships.agree);
    assert_eq!(ships.values.len(), 1);
    assert_eq!(ships.values[0].article_ids, ["a1", "a2", "a3", "a4"]);
    // Generic "percent" is told apart by its head word: the demand and the offer.
    assert!(b.numbers.iter().any(|c| c.what == "percent increase"));
    assert!(b.numbers.iter().any(|c| c.what == "percent raise"));
    // Cross-outlet claims come first.
    assert_eq!(b.numbers[0].what, "ship");
}

#[test]
fn timeline_merges_one_event_across_outlets() {
    let b = build(&port_strike());
    let dates: Vec<&str> = b.timeline.iter().map(|t| t.date.as_str()).collect();
    let mut sorted = dates.clone();
    sorted.sort_unstable();
    assert_eq!(dates, sorted);
    let tuesday: Vec<_> = b
        .timeline
        .iter()
        .filter(|t| t.date == "2023-03-07")
        .collect();
    assert_eq!(tuesday.len(), 1, "{tuesday:#?}");
    assert_eq!(tuesday[0].article_ids, ["a1", "a2", "a3", "a4"]);
    // Every report of Tuesday's talks came before it: they expect the talks.
    assert!(tuesday[0].expected);
    let walkout = b
        .timeline
        .iter()
        .find(|t| t.date == "2023-03-05" && t.text.contains("walked off"))
        .expect("the walkout");
    // The walkout is told after it happened.
    assert!(!walkout.expected);
}

#[test]
fn entities_merge_aliases_and_order_by_reach() {
    let b = build(&port_strike());
    assert_eq!(b.entities[0].name, "Calder Bay");
    assert_eq!(b.entities[0].kind, EntityKind::Place);
    let ilves = b
        .entities
        .iter()
        .find(|e| e.name == "Marta Ilves")
        .expect("Ilves");
    assert_eq!(ilves.aliases, ["Ilves"]);
    assert_eq!(ilves.article_ids, ["a1", "a2", "a3"]);
}

#[test]
fn a_short_name_of_several_organisations_is_no_entity_of_its_own() {
    let a = Fx::new(
        "d1",
        "Harbour Post",
        6,
        "Departments clash over harbour fees",
        "The Finance Department and the Transport Department disagree on fees. The Department said talks go on.",
    )
    .entity("Finance Department", "Finance Department", EntityKind::Organization)
    .entity("Transport Department", "Transport Department", EntityKind::Organization)
    .entity("Department said", "Department", EntityKind::Organization)
    .0;
    let b = build(&[a]);
    let names: Vec<&str> = b.entities.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, ["Finance Department", "Transport Department"]);
}

#[test]
fn a_quoted_phrase_inside_its_speakers_sentence_is_no_statement_of_its_own() {
    let a = Fx::new(
        "q1",
        "Harbour Post",
        6,
        "Ministry weighs protection for dock workers",
        "The ministry said it is weighing protection for workers who report \"unsafe or exploitative practices.\" Talks resume on Monday.",
    )
    .quote(
        "it is weighing protection for workers who report \"unsafe or exploitative practices.",
        Some("Transport Ministry"),
        model::QuoteKind::Indirect,
    )
    .direct("unsafe or exploitative practices.", "Transport Ministry")
    .0;
    let b = build(&[a]);
    assert_eq!(b.statements.len(), 1, "{:#?}", b.statements);
    assert!(b.statements[0].text.starts_with("it is weighing"));
}

#[test]
fn empty_and_odd_input_never_panics() {
    let b = build(&[]);
    assert!(b.summary.is_empty() && b.headline.is_empty());
    let mut odd = Fx::new(
        "o",
        "O",
        1,
        "",
        "Ünïcödé “quote without end. 東京 is big. ...",
    )
    .0;
    odd.annotations.numbers.push(model::NumberMention {
        text: "x".into(),
        value: f64::NAN,
        low: 5.0,
        high: 1.0,
        what: String::new(),
        approximate: false,
        start: 999,
        end: 3,
    });
    odd.annotations.dates.push(model::DateMention {
        text: "x".into(),
        value: Some("2022-01-01".into()),
        timex: None,
        start: 999,
        end: 1000,
        role: model::DateRole::Clause,
    });
    odd.annotations.quotes.push(model::Quote {
        text: "   ".into(),
        speaker: Some("S".into()),
        kind: model::QuoteKind::Direct,
        start: 1,
        end: 2,
        cue: None,
        confidence: 1.0,
    });
    let b = build(&[odd]);
    let _ = brief::render_markdown(&b);
}

#[test]
fn output_is_deterministic() {
    let a = build(&port_strike());
    let b = build(&port_strike());
    assert_eq!(brief::render_markdown(&a), brief::render_markdown(&b));
    assert_eq!(a, b);
}

#[test]
fn a_long_quote_joins_a_short_one_through_a_shared_sentence() {
    let body_a = "\"I will say this plainly: the museum stays open for everyone. Closing it is totally ruled out,\" the curator said.";
    let body_b =
        "The curator was firm. \"Closing it is completely excluded,\" she told the council.";
    let a = Fx::new("a", "One", 1, "Museum stays open", body_a)
        .direct("I will say this plainly: the museum stays open for everyone. Closing it is totally ruled out,", "Lena Curator");
    let b = Fx::new("b", "Two", 2, "Curator rejects closure", body_b)
        .direct("Closing it is completely excluded,", "Lena Curator");
    let brief = build(&[a.0, b.0]);
    assert_eq!(brief.statements.len(), 1, "{:#?}", brief.statements);
    assert_eq!(brief.statements[0].quotes.len(), 2);
}

#[test]
fn a_short_wording_held_by_a_long_one_joins_it() {
    // One outlet quotes the remark whole; another quotes its two halves apart, the first
    // a word shorter. The second half is the long one's closest wording; the first
    // joins because the long one holds all its words.
    let long = "We have heard the harbour families very clearly since the gates closed... whatever the board decides, whatever it calls the plan, dockers, pilots, crane drivers and clerks must see their wages paid in full.";
    let first = "We have heard the harbour families clearly since the gates closed";
    let second = "Whatever the board decides, whatever it calls the plan, dockers, pilots, crane drivers and clerks must see their wages paid in full.";
    let a = Fx::new(
        "a",
        "One",
        1,
        "Mayor on wages",
        &format!("\"{long}\" the mayor said."),
    )
    .direct(long, "Ona Brand");
    let b = Fx::new(
        "b",
        "Two",
        1,
        "Mayor speaks",
        &format!("\"{first},\" she said. \"{second}\""),
    )
    .direct(first, "Ona Brand")
    .direct(second, "Ona Brand");
    let brief = build(&[a.0, b.0]);
    assert_eq!(brief.statements.len(), 1, "{:#?}", brief.statements);
}

#[test]
fn exact_and_hedged_amounts_agree_but_touching_ranges_do_not() {
    let body = "Some 300 boats left. Exactly 300 boats left. Dozens of boats stayed. About 300 boats stayed.";
    let agree = Fx::new("a", "One", 1, "Boats", body)
        .number("Some 300 boats", "boat", 300.0, (270.0, 330.0), true)
        .number("Exactly 300 boats", "boat", 300.0, (300.0, 300.0), false);
    let b = build(&[agree.0]);
    assert!(b.numbers[0].agree);
    assert_eq!(b.numbers[0].values.len(), 1);
    // Two outlets: within one article two values of one thing are two quantities.
    let dozens = Fx::new("b", "Two", 1, "Boats", body).number(
        "Dozens of boats",
        "boat",
        60.0,
        (24.0, 270.0),
        true,
    );
    let about = Fx::new("c", "Three", 1, "Boats", body).number(
        "About 300 boats",
        "boat",
        300.0,
        (270.0, 330.0),
        true,
    );
    // A vague figure against a precise one of its order differs in precision only.
    let b = build(&[dozens.0, about.0]);
    assert!(b.numbers[0].agree, "{:#?}", b.numbers);
    assert!(b.numbers[0].precision_differs);
    assert_eq!(b.numbers[0].values.len(), 2);
    // Far beyond the vague range, it is a disagreement.
    let body = "Dozens of boats stayed. About 1,000 boats stayed.";
    let thousand = Fx::new("d", "Four", 1, "Boats", body).number(
        "About 1,000 boats",
        "boat",
        1000.0,
        (900.0, 1100.0),
        true,
    );
    let dozens = Fx::new("e", "Two", 1, "Boats", body).number(
        "Dozens of boats",
        "boat",
        60.0,
        (24.0, 270.0),
        true,
    );
    let b = build(&[dozens.0, thousand.0]);
    assert!(!b.numbers[0].agree, "{:#?}", b.numbers);
    assert!(!b.numbers[0].precision_differs);
}

#[test]
fn a_paraphrase_in_another_outlet_joins_its_statement() {
    let a = Fx::new("p1", "One", 1, "Bridge stays shut", "The mayor spoke on Monday. \"We will not sit back and let the biggest bridge stay shut. The council must find a solution this month,\" Ana Mayor said.")
        .direct("We will not sit back and let the biggest bridge stay shut. The council must find a solution this month,", "Ana Mayor");
    let b = Fx::new("p2", "Two", 2, "Mayor presses council", "\"The city cannot remain idle while our largest bridge is closed. A solution must be found within weeks,\" Ana Mayor told reporters. \"Taxes will not rise this year,\" she added.")
        .direct("The city cannot remain idle while our largest bridge is closed. A solution must be found within weeks,", "Ana Mayor")
        .direct("Taxes will not rise this year,", "Ana Mayor");
    let brief = build(&[a.0, b.0]);
    assert_eq!(brief.statements.len(), 2, "{:#?}", brief.statements);
    let joined = &brief.statements[0];
    let ids: Vec<&str> = joined
        .quotes
        .iter()
        .map(|q| q.article_id.as_str())
        .collect();
    assert_eq!(ids, ["p1", "p2"]);
    assert_eq!(brief.statements[1].quotes.len(), 1);
}

#[test]
fn a_reported_retelling_joins_the_quote_it_retells_without_the_reporters_gloss() {
    // One article quotes the mayor and retells her words in many more of its own.
    let a = Fx::new("g1", "One", 1, "Mayor on Lind", "\"Ona Brand misled the council many times. Nothing happened to her. Peter Lind misled it once and they ended his career,\" Ana Mayor said. Later she said her rival in last year's bitter and costly race for the harbour office, the former ferry captain Ona Brand, suffered no penalty, fine or rebuke after she misled the council many times.")
        .direct("Ona Brand misled the council many times. Nothing happened to her. Peter Lind misled it once and they ended his career,", "Ana Mayor")
        .quote("her rival in last year's bitter and costly race for the harbour office, the former ferry captain Ona Brand, suffered no penalty, fine or rebuke after she misled the council many times", Some("Ana Mayor"), model::QuoteKind::Indirect);
    let b = Fx::new("g2", "Two", 1, "Mayor defends Lind", "Ana Mayor said she had dismissed Lind in May for misleading the council, whom she said had ended his own career.")
        .quote("she had dismissed Lind in May for misleading the council, whom she said had ended his own career", Some("Ana Mayor"), model::QuoteKind::Indirect);
    let brief = build(&[a.0, b.0]);
    // The retelling holds the whole of a sentence of the quote: one statement. The
    // dismissal shares "Lind" and "misleading" with the quote; only the reporter's gloss
    // after "whom" shares more ("ended his career"): a statement of its own.
    assert_eq!(brief.statements.len(), 2, "{:#?}", brief.statements);
    let joined = brief
        .statements
        .iter()
        .find(|st| st.quotes.len() == 2)
        .unwrap_or_else(|| panic!("{:#?}", brief.statements));
    assert!(joined.quotes.iter().all(|q| q.article_id == "g1"));
}

#[test]
fn two_values_in_one_article_are_two_quantities() {
    let one = Fx::new("n1", "One", 1, "Ferry", "The ferry carried 400 passengers on its first day. The crossing takes 25 minutes each way.")
        .number("400 passengers", "passenger", 400.0, (400.0, 400.0), false)
        .number("25 minutes", "minute", 25.0, (25.0, 25.0), false);
    let two = Fx::new("n2", "Two", 2, "Ferry", "The new ferry has cut the journey for commuters, who used to spend 70 minutes on the detour. The crossing takes 20 minutes each way.")
        .number("70 minutes", "minute", 70.0, (70.0, 70.0), false)
        .number("20 minutes", "minute", 20.0, (20.0, 20.0), false);
    let brief = build(&[one.0, two.0]);
    let minutes: Vec<_> = brief
        .numbers
        .iter()
        .filter(|c| c.what == "minute")
        .collect();
    // The old detour, one outlet's span of time, is context and not listed; the crossing
    // time is compared with the crossing time, not with the detour.
    assert_eq!(minutes.len(), 1, "{minutes:#?}");
    let crossing = minutes
        .iter()
        .find(|c| c.values.len() == 2)
        .unwrap_or_else(|| panic!("{minutes:#?}"));
    let texts: Vec<&str> = crossing.values.iter().map(|v| v.text.as_str()).collect();
    // Each value in the words of its clause: what is counted, and when.
    assert_eq!(
        texts,
        [
            "The crossing takes 25 minutes each way.",
            "The crossing takes 20 minutes each way."
        ]
    );
    assert!(!crossing.agree);
}

#[test]
fn indirect_quotes_render_without_quotation_marks() {
    let a = Fx::new(
        "r1",
        "One",
        1,
        "Council",
        "The mayor said the bridge would reopen in May after repairs.",
    )
    .quote(
        "the bridge would reopen in May after repairs",
        Some("Ana Mayor"),
        model::QuoteKind::Indirect,
    );
    let md = brief::render_markdown(&build(&[a.0]));
    assert!(
        md.contains("- **Ana Mayor**: reported: the bridge would reopen in May after repairs [1]"),
        "{md}"
    );
}

#[test]
fn the_timeline_has_one_line_per_event() {
    // Invented reports of one week. Each outlet tells Monday's vote its own way; one
    // sentence dates two events; a statement, a quote, a dateline and "this month" date
    // nothing of their own.
    let a = Fx::new("t1", "One", 8, "Council votes", "HARBOURTON, March 6 — The council voted on Monday to close the old bridge. Repairs to the old bridge will begin on Friday after city inspectors finish their safety survey on Wednesday. \"Today is a sad day,\" the mayor said. The mayor said on Tuesday that the city would pay. The city wants the work done this month.")
        .date("March 6", "2023-03-06")
        .date("Monday", "2023-03-06")
        .date("Friday", "2023-03-10")
        .date("Wednesday", "2023-03-08")
        .date("Today", "2023-03-08")
        .date("Tuesday", "2023-03-07")
        .date("this month", "2023-03")
        .quote("the city would pay", Some("Ana Mayor"), model::QuoteKind::Indirect);
    let b = Fx::new("t2", "Two", 8, "Bridge to close", "Councillors backed the closure of the old bridge in a vote on Monday evening, with nine in favour.")
        .date("Monday evening", "2023-03-06");
    let c = Fx::new(
        "t3",
        "Three",
        8,
        "Bridge",
        "A crowd gathered by the river on Monday to watch the last buses cross.",
    )
    .date("Monday", "2023-03-06");
    let brief = build(&[a.0, b.0, c.0]);
    let lines = timeline_lines(&brief);
    // Monday: the vote, once, cited by the two outlets that tell it; the crowd, from one
    // outlet only, gives way to it.
    let monday: Vec<_> = brief
        .timeline
        .iter()
        .filter(|t| t.date == "2023-03-06")
        .collect();
    assert_eq!(monday.len(), 1, "{lines:#?}");
    assert!(monday[0].text.contains("voted"), "{lines:#?}");
    // The sentence of two dates gives each its own clause.
    let friday = brief.timeline.iter().find(|t| t.date == "2023-03-10");
    let wednesday = brief.timeline.iter().find(|t| t.date == "2023-03-08");
    assert_eq!(
        friday.map(|t| t.text.as_str()),
        Some("Repairs to the old bridge will begin on Friday"),
        "{lines:#?}"
    );
    assert_eq!(
        wednesday.map(|t| t.text.as_str()),
        Some("City inspectors finish their safety survey on Wednesday."),
        "{lines:#?}"
    );
    // The statement keeps its date: it is the only act of Tuesday.
    assert!(
        brief.timeline.iter().any(|t| t.date == "2023-03-07"),
        "{lines:#?}"
    );
    assert!(
        brief.timeline.iter().all(|t| t.date != "2023-03"),
        "{lines:#?}"
    );
    assert!(
        !brief.timeline.iter().any(|t| t.text.contains("HARBOURTON")),
        "{lines:#?}"
    );
}

#[test]
fn a_short_retelling_of_a_chosen_line_is_redundant() {
    let long = "Astronaut Mira Hollis and two crewmates rose above the salt flats aboard the Kestrel capsule on Tuesday and landed safely, a flight that opens a new era of private travel beyond the sky.

The capsule lifted off from the Greyfield pad at dawn while hundreds of spectators watched from the road.";
    let short = "Mira Hollis rose above the salt flats on Tuesday.

Ticket prices for the next flight were not announced, and the company gave no date for it.";
    let a = Fx::new(
        "r1",
        "Plains Wire",
        3,
        "Kestrel capsule carries Hollis aloft",
        long,
    );
    let b = Fx::new("r2", "Valley Times", 3, "Hollis flies", short);
    // No word budget: the two short reports would leave room for one line only.
    let config = BriefConfig {
        redundancy_similarity: 1.1,
        summary_ratio: 0.0,
        ..BriefConfig::default()
    };
    let refs = [&a.0, &b.0];
    let got = brief("s", &refs, Vec::new(), &config);
    let texts: Vec<&str> = got.summary.iter().map(|l| l.text.as_str()).collect();
    assert!(
        texts.iter().any(|t| t.starts_with("Astronaut Mira Hollis")),
        "{texts:#?}"
    );
    assert!(
        !texts.contains(&"Mira Hollis rose above the salt flats on Tuesday."),
        "{texts:#?}"
    );
    // The short line's terms are all in the long one: containment alone drops it too.
    let contained = BriefConfig {
        redundancy_coverage: 1.0,
        ..config.clone()
    };
    let texts: Vec<String> = brief("s", &refs, Vec::new(), &contained)
        .summary
        .into_iter()
        .map(|l| l.text)
        .collect();
    assert!(
        !texts
            .iter()
            .any(|t| t == "Mira Hollis rose above the salt flats on Tuesday."),
        "{texts:#?}"
    );
    let off = BriefConfig {
        redundancy_coverage: 1.0,
        redundancy_containment: 1.01,
        lead_redundancy: 1.1,
        ..config
    };
    let texts: Vec<String> = brief("s", &refs, Vec::new(), &off)
        .summary
        .into_iter()
        .map(|l| l.text)
        .collect();
    assert!(
        texts
            .iter()
            .any(|t| t == "Mira Hollis rose above the salt flats on Tuesday."),
        "{texts:#?}"
    );
}

#[test]
fn two_outlets_leads_of_one_day_are_one_line() {
    let a_body = "Dockworkers at the port of Brennmouth went on strike on Monday over pay, halting cargo at the northern harbour.

Shipping agents said grain and timber cargoes were being diverted to ports further south along the coast.";
    let b_body = "A strike by dock crews shut the port of Brennmouth on Monday as the workers demanded higher wages from the owners.

The Coal Board warned that power stations held enough fuel for only two weeks of normal operation.";
    let config = BriefConfig {
        summary_ratio: 0.0,
        ..BriefConfig::default()
    };
    let leads = |day_b: u32, config: &BriefConfig| {
        let a = Fx::new("l1", "Plains Wire", 6, "Brennmouth dock strike", a_body);
        let b = Fx::new(
            "l2",
            "Valley Times",
            day_b,
            "Brennmouth port halted",
            b_body,
        );
        brief("s", &[&a.0, &b.0], Vec::new(), config)
            .summary
            .iter()
            .filter(|l| l.text.starts_with("Dockworkers") || l.text.starts_with("A strike"))
            .count()
    };
    assert_eq!(leads(6, &config), 1);
    // A lead of the next day tells what happened next; so does any lead with the rule off.
    assert_eq!(leads(7, &config), 2);
    let off = BriefConfig {
        lead_redundancy: 1.1,
        ..config.clone()
    };
    assert_eq!(leads(6, &off), 2);
}

#[test]
fn one_count_told_two_ways_disagrees() {
    let a = Fx::new(
        "w1",
        "Plains Wire",
        3,
        "Mill strike",
        "About 3,000 workers walked off the job at the Fenmoor mill on Sunday.",
    )
    .number(
        "About 3,000 workers",
        "worker",
        3000.0,
        (2700.0, 3300.0),
        true,
    );
    let b = Fx::new(
        "w2",
        "Valley Times",
        3,
        "Mill strike",
        "More than 5,000 workers walked off the job at the Fenmoor mill on Sunday, the union said.",
    )
    .number(
        "More than 5,000 workers",
        "worker",
        5000.0,
        (5000.0, 6000.0),
        true,
    );
    let got = build(&[a.0, b.0]);
    let workers: Vec<_> = got.numbers.iter().filter(|c| c.what == "worker").collect();
    assert_eq!(workers.len(), 1, "{workers:#?}");
    assert!(!workers[0].agree && workers[0].values.len() == 2);
}

#[test]
fn a_single_unit_of_time_is_no_figure() {
    let body = "The court will not allow one more day of delay, the judge wrote.";
    let make = |id: &str, outlet: &str| {
        Fx::new(id, outlet, 3, "Court rules", body).number(
            "one more day",
            "day",
            1.0,
            (1.0, 1.0),
            false,
        )
    };
    let got = build(&[make("d1", "Plains Wire").0, make("d2", "Valley Times").0]);
    assert!(
        got.numbers.iter().all(|c| c.what != "day"),
        "{:#?}",
        got.numbers
    );
}

#[test]
fn an_article_giving_both_values_shows_no_disagreement() {
    // Article b gives both figures (one for each of two moments), so the outlets that
    // each give one do not disagree: the claim says nothing rather than a false DISAGREE.
    let six = "The lake level fell sharply after six months, the survey found.";
    let five = "The lake level fell sharply after five months, the survey found.";
    let a =
        Fx::new("a", "One", 1, "Dam", six).number("six months", "month", 6.0, (6.0, 6.0), false);
    let b = Fx::new("b", "Two", 1, "Dam", &format!("{six} {five}"))
        .number("six months", "month", 6.0, (6.0, 6.0), false)
        .number("five months", "month", 5.0, (5.0, 5.0), false);
    let c = Fx::new("c", "Three", 1, "Dam", five).number(
        "five months",
        "month",
        5.0,
        (5.0, 5.0),
        false,
    );
    let brief = build(&[c.0, a.0, b.0]);
    assert!(
        brief.numbers.iter().all(|n| n.agree),
        "{:#?}",
        brief.numbers
    );
}

#[test]
fn figures_of_different_days_do_not_disagree() {
    let a = Fx::new(
        "d1",
        "Outlet One",
        6,
        "Drivers strike",
        "About 800 bus drivers were on strike in Tarnby on Monday, the union said.",
    )
    .date("Monday", "2023-03-06")
    .number(
        "About 800 bus drivers",
        "driver",
        800.0,
        (700.0, 900.0),
        true,
    );
    let b = Fx::new(
        "d2",
        "Outlet Two",
        8,
        "Drivers strike on",
        "About 1,500 bus drivers were on strike in Tarnby on Wednesday, the union said.",
    )
    .date("Wednesday", "2023-03-08")
    .number(
        "About 1,500 bus drivers",
        "driver",
        1500.0,
        (1300.0, 1700.0),
        true,
    );
    let brief = build(&[a.0, b.0]);
    assert!(
        brief.numbers.iter().all(|c| c.agree),
        "{:#?}",
        brief.numbers
    );
}

#[test]
fn an_ask_an_offer_and_a_deal_are_three_quantities() {
    let a = Fx::new("p1", "Outlet One", 6, "Pay talks", "The drivers' union wants a pay rise of 8 percent. The bus company has offered a pay rise of 3 percent.")
        .number("8 percent", "percent", 8.0, (8.0, 8.0), false)
        .number("3 percent", "percent", 3.0, (3.0, 3.0), false);
    let b = Fx::new(
        "p2",
        "Outlet Two",
        7,
        "Pay deal",
        "Bus drivers will get a pay rise of 6 percent under the deal agreed by the union.",
    )
    .number("6 percent", "percent", 6.0, (6.0, 6.0), false);
    let brief = build(&[a.0, b.0]);
    assert!(
        brief.numbers.iter().all(|c| c.agree),
        "{:#?}",
        brief.numbers
    );
    assert!(
        brief.numbers.iter().all(|c| c.values.len() == 1),
        "{:#?}",
        brief.numbers
    );
}

#[test]
fn parties_spans_and_hyphenated_spans_are_no_claims() {
    let text = "The two sides met again on the pay offer, which runs over three years. A four-week average of journeys fell.";
    let make = |id: &str, outlet: &str| {
        Fx::new(id, outlet, 6, "Talks resume", text)
            .number("two sides", "side", 2.0, (2.0, 2.0), false)
            .number("three years", "year", 3.0, (3.0, 3.0), false)
            .number("four-week", "week", 4.0, (4.0, 4.0), false)
    };
    let brief = build(&[make("t1", "Outlet One").0, make("t2", "Outlet Two").0]);
    assert!(brief.numbers.is_empty(), "{:#?}", brief.numbers);
}

#[test]
fn a_figure_holds_on_the_day_of_its_own_clause() {
    let a = Fx::new("c1", "Outlet One", 7, "Depot shut", "The depot stayed shut on Tuesday after about 800 bus drivers walked out on Monday, the union said.")
        .date("Tuesday", "2023-03-07")
        .date("Monday", "2023-03-06")
        .number("about 800 bus drivers", "driver", 800.0, (720.0, 880.0), true);
    let b = Fx::new("c2", "Outlet Two", 8, "Depot still shut", "Talks failed on Tuesday, and about 1,500 bus drivers stayed out on Wednesday, the union said.")
        .date("Tuesday", "2023-03-07")
        .date("Wednesday", "2023-03-08")
        .number("about 1,500 bus drivers", "driver", 1500.0, (1350.0, 1650.0), true);
    let brief = build(&[a.0, b.0]);
    assert!(
        brief.numbers.iter().all(|c| c.agree),
        "{:#?}",
        brief.numbers
    );
}

#[test]
fn a_coordinated_noun_or_a_verb_form_names_no_counted_thing() {
    let a = Fx::new(
        "k1",
        "Outlet One",
        6,
        "Pay talks",
        "The drivers' union is holding out for 8 percent and a promise on rosters.",
    )
    .number("8 percent", "percent", 8.0, (8.0, 8.0), false);
    let b = Fx::new(
        "k2",
        "Outlet Two",
        7,
        "Pay talks on",
        "The drivers' union is demanding a pay rise of 8 percent and a promise on rosters.",
    )
    .number("8 percent", "percent", 8.0, (8.0, 8.0), false);
    let brief = build(&[a.0, b.0]);
    let whats: Vec<&str> = brief.numbers.iter().map(|c| c.what.as_str()).collect();
    assert_eq!(whats, ["percent rise"], "{:#?}", brief.numbers);
}

#[test]
fn one_exact_figure_told_in_like_words_is_one_summary_line() {
    let bodies = [
        "The Larkspur crew has demanded a $70 million payment in coins for a repair tool after its attack on the ferry line Norrbay, researchers say.\n\nThe ferry line Norrbay said its booking system would stay closed until Friday while engineers checked every office.",
        "Raiders thought to be behind an attack that closed the booking systems of hundreds of firms on Sunday demanded $70 million to restore the records they hold, a posting on a forum said.\n\nThe posting appeared on a forum the Larkspur crew has used before to claim its attacks on shipping firms.",
        "A crew of raiders appears to have claimed the attack that hit over 200 shipping firms on Friday, demanding $70 million in coins for the records to be returned.\n\nPort officials in Norrbay said ferries kept sailing on paper tickets while the booking system was down.",
    ];
    let articles: Vec<AnalyzedArticle> = bodies
        .iter()
        .enumerate()
        .map(|(i, body)| {
            Fx::new(
                &format!("r{i}"),
                ["North Wire", "Bay Times", "Harbour Daily"][i],
                5,
                "Raiders demand $70 million after ferry booking attack",
                body,
            )
            .number("$70 million", "dollar", 7e7, (7e7, 7e7), false)
            .0
        })
        .collect();
    let b = build(&articles);
    let told = b
        .summary
        .iter()
        .filter(|l| l.text.contains("$70 million"))
        .count();
    assert_eq!(told, 1, "{:#?}", b.summary);
}

/// A brief's timeline as (date, text) pairs, for assertion messages.
fn timeline_lines(brief: &Brief) -> Vec<(&str, &str)> {
    brief
        .timeline
        .iter()
        .map(|t| (t.date.as_str(), t.text.as_str()))
        .collect()
}

#[test]
fn a_date_naming_the_noun_of_an_after_phrase_dates_no_line() {
    // Invented: the sentence's act is Tuesday's; "after the November vote" names only the
    // time of the vote, even beside another date of the sentence.
    let a = Fx::new("n1", "One", 8, "Lind stays", "Peter Lind's letter, and claims Tuesday that he will stay on, angered members of the Coal Board who fear losing their seats after the November vote.")
        .date("Tuesday", "2023-03-07")
        .date("November", "2023-11");
    let brief = build(&[a.0]);
    let lines = timeline_lines(&brief);
    assert!(
        brief.timeline.iter().all(|t| t.date != "2023-11"),
        "{lines:#?}"
    );
    let tuesday = brief.timeline.iter().find(|t| t.date == "2023-03-07");
    assert!(
        tuesday.is_some_and(|t| t.text.contains("angered")),
        "{lines:#?}"
    );
}

#[test]
fn a_date_that_modifies_a_noun_dates_no_line_and_cuts_no_sentence() {
    // Invented: "the May 4 floods" names the floods' day, not the vote's or the speech's.
    let a = Fx::new("m1", "One", 8, "Board pays", "The Coal Board voted on Monday to compensate the families of miners hurt in the May 4 floods. Tomas Varga exploited the May 4 floods in his speech to the miners of Brennmouth.")
        .date("Monday", "2023-03-06")
        .noun_date("May 4", "2023-05-04");
    let brief = build(&[a.0]);
    let lines = timeline_lines(&brief);
    assert!(
        brief.timeline.iter().all(|t| t.date != "2023-05-04"),
        "{lines:#?}"
    );
    let monday = brief.timeline.iter().find(|t| t.date == "2023-03-06");
    assert!(
        monday.is_some_and(|t| t.text.ends_with("the May 4 floods.")),
        "{lines:#?}"
    );
}
