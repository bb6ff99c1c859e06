//! Positions and outlet coverage on hand-written fixture stories.

use brief::{brief, render_markdown, BriefConfig};
use model::{AnalyzedArticle, Brief, EntityKind, Stance};

use crate::fixtures::{port_strike, Fx};

fn build(articles: &[AnalyzedArticle]) -> Brief {
    let refs: Vec<&AnalyzedArticle> = articles.iter().collect();
    brief("s", &refs, Vec::new(), &BriefConfig::default())
}

const FERRY_1: &str = "The Ferrymen's Guild demanded guarantees from the Island Council that no crossing would be cut this winter.

\"We will not accept any reduction of the timetable,\" said guild secretary Ona Brand.

Their pay demands were ignored for months, and the binding promises of last year were never kept.

The Island Council warned of sanctions against any crew that stops work.";

const FERRY_2: &str = "Ferry crews stopped work on Friday after the Ferrymen's Guild demanded firm guarantees that no crossing would be cut.

Officials of the Island Council rejected the claim that the budget was too small.

The council warned that the weather might delay the last boats of the week.";

/// The brief's first position of `stance` (the test fails, listing them all, if none).
fn first_of(b: &Brief, stance: Stance) -> &model::Position {
    b.positions
        .iter()
        .find(|p| p.stance == stance)
        .unwrap_or_else(|| panic!("{:#?}", b.positions))
}

fn ferry() -> Vec<AnalyzedArticle> {
    let f1 = Fx::new(
        "f1",
        "Island Herald",
        10,
        "Ferry guild demands guarantees",
        FERRY_1,
    )
    .entity(
        "Ferrymen's Guild",
        "Ferrymen's Guild",
        EntityKind::Organization,
    )
    .entity("Island Council", "Island Council", EntityKind::Organization)
    .entity("Ona Brand", "Ona Brand", EntityKind::Person)
    .direct(
        "We will not accept any reduction of the timetable,",
        "Ona Brand",
    );
    let f2 = Fx::new("f2", "Mainland Post", 11, "Ferry crews stop work", FERRY_2)
        .entity(
            "Ferrymen's Guild",
            "Ferrymen's Guild",
            EntityKind::Organization,
        )
        .entity("Island Council", "Island Council", EntityKind::Organization);
    let f3 = Fx::new(
        "f3",
        "Bay Wire",
        11,
        "Ferry guild demands guarantees",
        FERRY_1,
    )
    .entity(
        "Ferrymen's Guild",
        "Ferrymen's Guild",
        EntityKind::Organization,
    )
    .entity("Island Council", "Island Council", EntityKind::Organization)
    .copy_of("f1");
    vec![f1.0, f2.0, f3.0]
}

#[test]
fn demand_names_actor_target_and_every_reporting_article() {
    let b = build(&ferry());
    let demand = b
        .positions
        .iter()
        .find(|p| p.stance == Stance::Demand)
        .expect("a demand");
    assert_eq!(demand.actor, "Ferrymen's Guild");
    assert_eq!(demand.target.as_deref(), Some("Island Council"));
    assert!(demand.text.starts_with("guarantees"), "{}", demand.text);
    assert_eq!(demand.article_ids, ["f1", "f2", "f3"]);
    // Reported by two independent outlets, it comes first.
    assert_eq!(b.positions[0], *demand);
}

#[test]
fn negated_acceptance_in_a_quote_is_the_speakers_rejection() {
    let b = build(&ferry());
    let reject = b
        .positions
        .iter()
        .find(|p| p.actor == "Ona Brand")
        .expect("the speaker's position");
    assert_eq!(reject.stance, Stance::Reject);
    assert_eq!(reject.text, "any reduction of the timetable");
}

#[test]
fn threats_need_a_threat_and_nouns_are_not_cues() {
    let b = build(&ferry());
    let threats: Vec<_> = b
        .positions
        .iter()
        .filter(|p| p.stance == Stance::Threaten)
        .collect();
    assert_eq!(threats.len(), 1, "{:#?}", b.positions);
    assert_eq!(threats[0].actor, "Island Council");
    assert_eq!(threats[0].article_ids, ["f1", "f3"]);
    // "pay demands" and "binding promises" are nouns; a name after "of" is no subject.
    assert!(b.positions.iter().all(|p| p.stance != Stance::Promise));
    assert!(
        b.positions
            .iter()
            .all(|p| !(p.actor == "Island Council" && p.stance == Stance::Reject)),
        "{:#?}",
        b.positions
    );
    assert!(b.positions.len() <= 16);
}

#[test]
fn port_strike_positions_merge_paraphrases() {
    let b = build(&port_strike());
    let ilves: Vec<_> = b
        .positions
        .iter()
        .filter(|p| p.actor == "Marta Ilves")
        .collect();
    assert_eq!(ilves.len(), 1, "{:#?}", b.positions);
    assert_eq!(ilves[0].stance, Stance::Reject);
    assert_eq!(ilves[0].article_ids, ["a1", "a2", "a3"]);
    // "Reel said the owners had offered a raise": the offer is the owners', not Reel's,
    // and the owners are no entity, so no position is made up.
    assert!(
        b.positions.iter().all(|p| p.actor != "Jonas Reel"),
        "{:#?}",
        b.positions
    );
}

#[test]
fn coverage_lists_originals_with_what_they_add_and_omit() {
    let b = build(&port_strike());
    let ids: Vec<&str> = b.coverage.iter().map(|c| c.article_id.as_str()).collect();
    assert!(!ids.contains(&"a3"), "a copy has no coverage of its own");
    let a4 = b
        .coverage
        .iter()
        .find(|c| c.article_id == "a4")
        .expect("a4 coverage");
    assert!(!a4.adds.is_empty() && a4.adds.len() <= 4);
    assert!(a4.adds.iter().any(|s| s.contains("grain and steel")));
    assert!(a4.adds.iter().all(|s| !s.contains("resume on Tuesday")));
    assert!(
        a4.omits.iter().any(|o| o.contains("Marta Ilves")),
        "{:?}",
        a4.omits
    );
    // a1's content carried by its copy a3 alone still counts as an addition of a1.
    let a1 = b
        .coverage
        .iter()
        .find(|c| c.article_id == "a1")
        .expect("a1");
    assert!(a1.adds.iter().any(|s| s.contains("port authority")));
    assert!(a1.omits.iter().all(|o| !o.contains("Marta Ilves")));
}

#[test]
fn single_source_story_has_no_coverage() {
    let all = ferry();
    let b = build(&[all[0].clone(), all[2].clone()]);
    assert!(b.coverage.is_empty());
    assert!(!b.positions.is_empty());
}

#[test]
fn markdown_shows_positions_and_coverage_deterministically() {
    let md = render_markdown(&build(&ferry()));
    assert!(md.contains("## Positions"), "{md}");
    assert!(
        md.contains("- **Ferrymen's Guild** demands: guarantees"),
        "{md}"
    );
    assert!(md.contains("## What each outlet adds"), "{md}");
    assert_eq!(md, render_markdown(&build(&ferry())));
}

#[test]
fn odd_input_does_not_panic() {
    let body = "“We will not agree to” — it rejected.\n\nHe vowed; they offered 🚢 nothing, non-starter é.";
    let mut a = Fx::new("x", "Odd", 1, "Odd", body).0;
    a.annotations.entities.push(model::EntityMention {
        text: "?".into(),
        name: "Nobody".into(),
        kind: EntityKind::Person,
        start: 1,
        end: 400,
        confidence: 1.0,
    });
    a.annotations.quotes.push(model::Quote {
        text: "?".into(),
        speaker: Some("Someone".into()),
        kind: model::QuoteKind::Direct,
        start: 2,
        end: 9999,
        cue: None,
        confidence: 1.0,
    });
    let b = build(&[a.clone(), a]);
    let _ = render_markdown(&b);
}

#[test]
fn definite_descriptions_and_clefts_find_their_actor_and_object() {
    let body = "The Saltmarsh Growers Union met the buyers on Friday.

The union has demanded a floor price for barley from the Grain Board.

\"What we cannot accept is a price below the cost of sowing,\" said Ivo Lark.

Talks with the union stalled, and the union's lawyers offered nothing.";
    let a = Fx::new("g1", "Farm Week", 3, "Growers demand floor price", body)
        .entity(
            "Saltmarsh Growers Union",
            "Saltmarsh Growers Union",
            EntityKind::Organization,
        )
        .entity("Grain Board", "Grain Board", EntityKind::Organization)
        .entity("Ivo Lark", "Ivo Lark", EntityKind::Person)
        .direct(
            "What we cannot accept is a price below the cost of sowing,",
            "Ivo Lark",
        );
    let b = build(&[a.0]);
    let demand = b
        .positions
        .iter()
        .find(|p| p.stance == Stance::Demand)
        .expect("the union's demand");
    assert_eq!(demand.actor, "Saltmarsh Growers Union");
    assert_eq!(demand.target.as_deref(), Some("Grain Board"));
    let reject = b
        .positions
        .iter()
        .find(|p| p.actor == "Ivo Lark")
        .expect("the cleft rejection");
    assert_eq!(reject.stance, Stance::Reject);
    assert_eq!(reject.text, "a price below the cost of sowing");
    // "the union's lawyers offered" is no offer of the union.
    assert!(
        b.positions.iter().all(|p| p.stance != Stance::Propose),
        "{:#?}",
        b.positions
    );
}

#[test]
fn a_refused_act_reads_as_one_and_a_warning_drops_its_addressee() {
    let body = "The Miners' Union will not yield on its demand for a shorter shift. The Coal Board will not allow. The Coal Board will not allow anyone \u{201C}to cut pay.\u{201D} The Coal Board warned the union's leaders of severe sanctions.";
    let a = Fx::new("m1", "Pit Gazette", 10, "Miners hold firm", body)
        .entity("Miners' Union", "Miners' Union", EntityKind::Organization)
        .entity("Coal Board", "Coal Board", EntityKind::Organization);
    let b = build(&[a.0]);
    let union = b
        .positions
        .iter()
        .find(|p| p.actor == "Miners' Union")
        .unwrap_or_else(|| panic!("{:#?}", b.positions));
    assert_eq!(union.stance, Stance::Reject);
    assert_eq!(union.text, "yielding on its demand for a shorter shift");
    // A bare "will not allow", or "will not allow anyone", says too little to be shown.
    assert!(
        b.positions
            .iter()
            .all(|p| !(p.actor == "Coal Board" && p.stance == Stance::Reject)),
        "{:#?}",
        b.positions
    );
    let threat = first_of(&b, Stance::Threaten);
    assert_eq!(threat.text, "severe sanctions");
}

#[test]
fn an_object_that_points_back_is_no_position() {
    let body = "The Miners' Union sent the board a list of demands. The Coal Board rejected many of those demands. The Coal Board rejected a shorter shift for night crews.";
    let a = Fx::new("m2", "Pit Gazette", 10, "Board says no", body)
        .entity("Miners' Union", "Miners' Union", EntityKind::Organization)
        .entity("Coal Board", "Coal Board", EntityKind::Organization);
    let b = build(&[a.0]);
    let texts: Vec<&str> = b.positions.iter().map(|p| p.text.as_str()).collect();
    assert_eq!(
        texts,
        ["a shorter shift for night crews"],
        "{:#?}",
        b.positions
    );
}

#[test]
fn an_act_demanded_of_someone_is_not_their_position() {
    let body =
        "The Miners' Union renewed its demands that the Coal Board pledge to keep every pit open.";
    let a = Fx::new("m3", "Pit Gazette", 10, "Union presses board", body)
        .entity("Miners' Union", "Miners' Union", EntityKind::Organization)
        .entity("Coal Board", "Coal Board", EntityKind::Organization);
    let b = build(&[a.0]);
    assert!(
        b.positions.iter().all(|p| p.actor != "Coal Board"),
        "{:#?}",
        b.positions
    );
}

#[test]
fn a_target_heads_its_phrase_after_a_true_preposition() {
    let body = "The Harbour Guild demanded records from the Tidewater-led port board by Friday.

The Lantern Party rejected attempts by the Marsh League to dictate Fenwick's budget.";
    let a = Fx::new("h1", "Coast Daily", 4, "Guild demands records", body)
        .entity("Harbour Guild", "Harbour Guild", EntityKind::Organization)
        .entity("Tidewater", "Tidewater", EntityKind::Organization)
        .entity("Lantern Party", "Lantern Party", EntityKind::Organization)
        .entity("Marsh League", "Marsh League", EntityKind::Organization)
        .entity("Fenwick", "Fenwick", EntityKind::Place);
    let b = build(&[a.0]);
    let demand = b
        .positions
        .iter()
        .find(|p| p.actor == "Harbour Guild")
        .expect("the guild's demand");
    // "Tidewater" only says who leads the board: it is not whom the demand is made of.
    assert_eq!(demand.target, None, "{demand:?}");
    let reject = b
        .positions
        .iter()
        .find(|p| p.actor == "Lantern Party")
        .expect("the party's rejection");
    // The "to" of "to dictate" is no preposition: Fenwick is not the target.
    assert_ne!(reject.target.as_deref(), Some("Fenwick"), "{reject:?}");
}

#[test]
fn a_compound_modifier_and_a_speech_offered_are_no_positions() {
    let body =
        "The Audit Office must hand the long-sought ledgers to the Harbour Guild, the court said.

Mayor Ilse Varn offered a spirited defence on Monday of her plan to close the ferry.

The Harbour Guild offered to pay for a new survey of the quay.";
    let a = Fx::new("c1", "Coast Daily", 4, "Court orders ledgers", body)
        .entity("Audit Office", "Audit Office", EntityKind::Organization)
        .entity("Harbour Guild", "Harbour Guild", EntityKind::Organization)
        .entity("Ilse Varn", "Ilse Varn", EntityKind::Person);
    let b = build(&[a.0]);
    // "long-sought" describes the ledgers: the office seeks nothing.
    assert!(
        b.positions.iter().all(|p| p.actor != "Audit Office"),
        "{:#?}",
        b.positions
    );
    // A defence offered is speech, not a proposal.
    assert!(
        b.positions.iter().all(|p| p.actor != "Ilse Varn"),
        "{:#?}",
        b.positions
    );
    // An offer to act is one.
    assert!(
        b.positions
            .iter()
            .any(|p| p.actor == "Harbour Guild" && p.stance == Stance::Propose),
        "{:#?}",
        b.positions
    );
}

#[test]
fn a_coordinated_verb_takes_the_opening_subject_and_a_quoted_run_stays_whole() {
    let body = "Mayor Ana Sol toured the flooded quarter on Monday, after days of pressure from residents and at the urging of some Greens, and called for an end to the \"blame game\" over the dykes.";
    let a = Fx::new("q1", "Dyke Courier", 10, "Mayor tours quarter", body)
        .entity("Ana Sol", "Ana Sol", EntityKind::Person)
        .entity("Greens", "Greens", EntityKind::Organization);
    let b = build(&[a.0]);
    let found: Vec<(&str, &str)> = b
        .positions
        .iter()
        .map(|p| (p.actor.as_str(), p.text.as_str()))
        .collect();
    assert_eq!(
        found,
        [("Ana Sol", "an end to the \"blame game\"")],
        "{:#?}",
        b.positions
    );
}

#[test]
fn a_name_after_a_preposition_and_a_quantifier_is_no_subject() {
    let body = "At the urging of some Greens the council demanded a new survey of the dykes.";
    let a = Fx::new("q2", "Dyke Courier", 10, "Council asks for survey", body).entity(
        "Greens",
        "Greens",
        EntityKind::Organization,
    );
    let b = build(&[a.0]);
    assert!(
        b.positions.iter().all(|p| p.actor != "Greens"),
        "{:#?}",
        b.positions
    );
}

#[test]
fn a_conditional_threat_is_its_speakers_and_an_openness_is_an_offer() {
    let body = "\u{201C}We have made it clear that if the Coal Board cuts the night shift there will be severe consequences for every pit,\u{201D} union secretary Ada Frey said. The Coal Board could be instead open to talks on a shorter shift for night crews.";
    let quote = "We have made it clear that if the Coal Board cuts the night shift there will be severe consequences for every pit,";
    let a = Fx::new("m1", "Pit Gazette", 10, "Miners hold firm", body)
        .entity("Coal Board", "Coal Board", EntityKind::Organization)
        .entity("Ada Frey", "Ada Frey", EntityKind::Person)
        .direct(quote, "Ada Frey");
    let b = build(&[a.0]);
    let threat = first_of(&b, Stance::Threaten);
    // The subject of the condition is the one threatened, not the actor.
    assert_eq!(threat.actor, "Ada Frey");
    assert_eq!(
        threat.text,
        "severe consequences for every pit, if the Coal Board cuts the night shift"
    );
    let offer = first_of(&b, Stance::Propose);
    assert_eq!(offer.actor, "Coal Board");
    assert_eq!(offer.text, "talks on a shorter shift for night crews");
}

#[test]
fn each_actor_is_heard_before_any_is_heard_twice() {
    let body = "The Miners' Union demanded a shorter shift. The Miners' Union rejected the new rota for night crews. The Miners' Union threatened a strike in the spring. The Coal Board rejected a pay rise for the winter.";
    let a = Fx::new("m1", "Pit Gazette", 10, "Miners hold firm", body)
        .entity("Miners' Union", "Miners' Union", EntityKind::Organization)
        .entity("Coal Board", "Coal Board", EntityKind::Organization);
    let b = build(&[a.0]);
    let actors: Vec<&str> = b.positions.iter().map(|p| p.actor.as_str()).collect();
    assert_eq!(
        actors,
        [
            "Miners' Union",
            "Coal Board",
            "Miners' Union",
            "Miners' Union"
        ]
    );
}

#[test]
fn an_attempt_is_no_demand() {
    let body = "The Coal Board sought to play down hopes of a deal. The Miners' Union seeks a shorter shift for night crews.";
    let a = Fx::new("m1", "Pit Gazette", 10, "Miners hold firm", body)
        .entity("Miners' Union", "Miners' Union", EntityKind::Organization)
        .entity("Coal Board", "Coal Board", EntityKind::Organization);
    let b = build(&[a.0]);
    let actors: Vec<&str> = b.positions.iter().map(|p| p.actor.as_str()).collect();
    assert_eq!(actors, ["Miners' Union"], "{:#?}", b.positions);
}

#[test]
fn an_initialism_before_a_lower_case_word_ends_no_object() {
    let body = "The Coal Board will not accept U.S. attempts to limit the talks to pay.";
    let a = Fx::new("m1", "Pit Gazette", 10, "Miners hold firm", body).entity(
        "Coal Board",
        "Coal Board",
        EntityKind::Organization,
    );
    let b = build(&[a.0]);
    let reject = b
        .positions
        .iter()
        .find(|p| p.actor == "Coal Board")
        .unwrap_or_else(|| panic!("{:#?}", b.positions));
    assert_eq!(reject.text, "U.S. attempts to limit the talks to pay");
}

#[test]
fn a_judgement_inside_a_quoted_phrase_takes_no_object_before_the_quote() {
    // The objection is the port authority's, in its own quoted words; "the Ferry Board"
    // is only the nearest subject, and the words before the quotation are no object.
    let body = "The Ferry Board cut the night crossing, drawing complaints of a \"hasty and unacceptable breach of the charter\" from the port authority. The Ferry Board rejected the guild's timetable as unacceptable.";
    let a = Fx::new("m1", "Pit Gazette", 10, "Crossing cut", body).entity(
        "Ferry Board",
        "Ferry Board",
        EntityKind::Organization,
    );
    let b = build(&[a.0]);
    let texts: Vec<&str> = b.positions.iter().map(|p| p.text.as_str()).collect();
    assert!(
        texts.iter().all(|t| !t.contains("complaints")),
        "{:#?}",
        b.positions
    );
    assert!(
        texts.iter().any(|t| t.contains("timetable")),
        "{:#?}",
        b.positions
    );
}

#[test]
fn a_stance_supposed_or_far_from_its_subject_is_none_taken() {
    let body = "If the Coal Board were to reject the new rota, the strike would spread. The Coal Board prepares to accept the award next week. Ada Frey joined a pit crew, which all but ensured that the shift would stay. The chairman said that the Coal Board ledger had been lost and dismissed the complaint as an error. The Miners' Union on Monday rejected the pay offer for night crews.";
    let a = Fx::new("m1", "Pit Gazette", 10, "Miners hold firm", body)
        .entity("Coal Board", "Coal Board", EntityKind::Organization)
        .entity("Miners' Union", "Miners' Union", EntityKind::Organization)
        .entity("Ada Frey", "Ada Frey", EntityKind::Person);
    let b = build(&[a.0]);
    let lines: Vec<(&str, &str)> = b
        .positions
        .iter()
        .map(|p| (p.actor.as_str(), p.text.as_str()))
        .collect();
    assert_eq!(
        lines,
        [("Miners' Union", "the pay offer for night crews")],
        "{:#?}",
        b.positions
    );
}

#[test]
fn an_object_keeps_its_numbers_whole() {
    let body = "Ona Brand pledged to repay the $84,000 to the harbour fund by spring.";
    let a = Fx::new("n1", "Pit Gazette", 10, "Brand to repay", body).entity(
        "Ona Brand",
        "Ona Brand",
        EntityKind::Person,
    );
    let b = build(&[a.0]);
    assert!(
        b.positions.iter().any(|p| p.text.contains("$84,000")),
        "{:#?}",
        b.positions
    );
}

#[test]
fn an_object_is_a_phrase_shown_whole_or_not_at_all() {
    let body = "The sum Ona Brand has demanded for the quay is not in the budget.

In remarks Peter Lind offered shortly before the vote, he spoke of the harbour.

Tomas Varga promised dozens of times during his campaign that the new quay would cost the town nothing because the Coal Board would pay.

Tomas Varga promised during the long and bitter campaign in the valley towns of the north that the harbour tolls would fall each year for every boat and every crew.";
    let a = Fx::new("o1", "Pit Gazette", 10, "Quay costs", body)
        .entity("Ona Brand", "Ona Brand", EntityKind::Person)
        .entity("Peter Lind", "Peter Lind", EntityKind::Person)
        .entity("Tomas Varga", "Tomas Varga", EntityKind::Person)
        .entity("Coal Board", "Coal Board", EntityKind::Organization);
    let b = build(&[a.0]);
    // "demanded for the quay": the sum demanded is the head of the relative clause.
    assert!(
        b.positions.iter().all(|p| p.actor != "Ona Brand"),
        "{:#?}",
        b.positions
    );
    // "offered shortly": an adverb is no proposal.
    assert!(
        b.positions.iter().all(|p| p.actor != "Peter Lind"),
        "{:#?}",
        b.positions
    );
    // The promise keeps its last word; the one whose clause runs on is not cut.
    let promises: Vec<&str> = b
        .positions
        .iter()
        .filter(|p| p.actor == "Tomas Varga")
        .map(|p| p.text.as_str())
        .collect();
    assert_eq!(promises.len(), 1, "{:#?}", b.positions);
    assert!(promises[0].ends_with("nothing"), "{promises:?}");
}

#[test]
fn a_cue_ending_a_relative_clause_has_no_object_after_it() {
    let body = "The new quay Ona Brand promised has turned into a row over tolls.

The ferry line Peter Lind vowed to save has descended into a tangle of unpaid bills.";
    let a = Fx::new("o2", "Pit Gazette", 10, "Quay row", body)
        .entity("Ona Brand", "Ona Brand", EntityKind::Person)
        .entity("Peter Lind", "Peter Lind", EntityKind::Person);
    let b = build(&[a.0]);
    // What was promised is the quay and the ferry line, before the cue; what follows is
    // the main clause, and no promise.
    assert!(
        b.positions
            .iter()
            .all(|p| !p.text.contains("has turned") && !p.text.contains("has descended")),
        "{:#?}",
        b.positions
    );
}
