use super::*;

fn article(id: &str, body: &str) -> Article {
    Article::new(id, format!("Title of {id}"), body)
}

const HARBOUR: &str = "The harbour authority closed the northern pier on Tuesday after inspectors found cracks in three of its concrete pillars.\n\nShips bound for the port were sent to the southern terminal, where crews worked through the night to unload grain and timber.\n\nThe authority said repairs would take at least six weeks and cost about four million euros, most of it paid by the regional government.\n\nFishermen who moor their boats at the northern pier said they had warned the authority about the damage for more than a year.";

const FLOOD: &str = "Heavy rain flooded the old town on Sunday, forcing dozens of shop owners to pile sandbags in front of their doors before dawn.\n\nThe river rose two metres in less than a day and the fire brigade evacuated a school and a nursing home near the bridge.\n\nThe mayor promised emergency funds for families whose homes were damaged and asked residents to stay away from the riverbanks.";

const WIRE: &str = "The agency said the committee would meet again next month to review the budget and decide whether the museum can reopen in spring.";

#[test]
fn exact_copy_ignores_case_and_punctuation() {
    let a = article("a", HARBOUR);
    let b = article("b", &HARBOUR.to_uppercase().replace(',', ""));
    let c = article("c", FLOOD);
    let got = find_duplicates(&[&a, &b, &c], &DedupConfig::default());
    assert_eq!(got, vec![None, Some(0), None]);
}

#[test]
fn lightly_edited_copy_is_a_near_duplicate_of_the_earliest() {
    let a = article("a", HARBOUR);
    let edited = HARBOUR
        .replace("on Tuesday", "on Tuesday morning")
        .replace("timber", "steel");
    let b = article("b", &edited);
    let c = article("c", &format!("{edited}\n\nReporting by the desk."));
    let got = find_duplicates(&[&a, &b, &c], &DedupConfig::default());
    assert_eq!(got, vec![None, Some(0), Some(0)]);
}

#[test]
fn longer_report_carrying_wire_paragraphs_is_not_a_duplicate() {
    let wire = article("wire", FLOOD);
    let longer = article("longer", &format!("{HARBOUR}\n\n{FLOOD}\n\n{WIRE}"));
    let got = find_duplicates(&[&wire, &longer], &DedupConfig::default());
    assert_eq!(got, vec![None, None]);
}

#[test]
fn empty_bodies_are_never_duplicates() {
    let a = article("a", "");
    let b = article("b", "");
    assert_eq!(
        find_duplicates(&[&a, &b], &DedupConfig::default()),
        vec![None, None]
    );
}

#[test]
fn deduper_matches_batch() {
    let bodies = [HARBOUR, FLOOD, HARBOUR, WIRE, FLOOD];
    let mut d = Deduper::new(DedupConfig::default());
    let online: Vec<_> = bodies
        .iter()
        .enumerate()
        .map(|(i, b)| {
            d.push(&format!("d{i}"), b, None)
                .map(|o| (o.index, o.label))
        })
        .collect();
    assert_eq!(
        online,
        vec![
            None,
            None,
            Some((0, "d0".into())),
            None,
            Some((1, "d1".into()))
        ]
    );
}

fn day(d: u32) -> Option<chrono::NaiveDate> {
    chrono::NaiveDate::from_ymd_opt(2026, 1, 1)?.checked_add_days(chrono::Days::new(d.into()))
}

#[test]
fn bodies_are_forgotten_after_the_window() {
    let config = DedupConfig {
        window_days: 10,
        ..DedupConfig::default()
    };
    let mut d = Deduper::new(config);
    assert_eq!(d.push("a", HARBOUR, day(0)), None);
    assert_eq!(d.push("b", FLOOD, day(5)), None);
    // Inside the window: a copy.
    assert_eq!(
        d.push("c", HARBOUR, day(9)).map(|o| o.label),
        Some("a".into())
    );
    // Twenty days later the harbour story and its copy are forgotten.
    assert_eq!(d.push("d", WIRE, day(30)), None);
    assert_eq!(d.remembered(), 1);
    assert_eq!(d.push("e", HARBOUR, day(30)), None);
    // A late body (older than the window) is compared but not remembered.
    assert_eq!(d.push("f", WIRE, day(2)).map(|o| o.label), Some("d".into()));
    assert_eq!(d.remembered(), 2);
}

#[test]
fn copies_chain_to_the_earliest_even_when_it_is_forgotten() {
    let config = DedupConfig {
        window_days: 10,
        ..DedupConfig::default()
    };
    let mut d = Deduper::new(config);
    d.push("a", HARBOUR, day(0));
    assert_eq!(d.push("b", HARBOUR, day(8)).map(|o| o.index), Some(0));
    // "a" is forgotten on day 15, "b" is not, and "b" remembers its original.
    let got = d.push("c", HARBOUR, day(15));
    assert_eq!(got.map(|o| (o.index, o.label)), Some((0, "a".into())));
}

#[test]
fn memory_stays_flat_on_a_long_stream() {
    let config = DedupConfig {
        window_days: 3,
        ..DedupConfig::default()
    };
    let mut d = Deduper::new(config);
    let mut peak = 0;
    for i in 0..400u32 {
        let body = format!("{FLOOD} Report number {i} from the {i}th district.");
        d.push(&i.to_string(), &body, day(i / 4));
        peak = peak.max(d.remembered());
    }
    // Four bodies a day, remembered for three days after the latest.
    assert!(peak <= 16, "peak {peak}");
}

#[test]
fn state_survives_serialisation() {
    let mut a = Deduper::new(DedupConfig::default());
    a.push("a", HARBOUR, day(0));
    a.push("b", FLOOD, day(1));
    let json = serde_json::to_string(&a).unwrap();
    let mut b: Deduper = serde_json::from_str(&json).unwrap();
    let edited = HARBOUR.replace("timber", "steel");
    let from_a = a.push("c", &edited, day(2));
    assert_eq!(from_a.as_ref().map(|o| o.label.as_str()), Some("a"));
    assert_eq!(b.push("c", &edited, day(2)), from_a);
}

#[test]
fn shared_paragraph_reported_once_with_all_carriers() {
    let a = article("a", &format!("{HARBOUR}\n\n{WIRE}"));
    let b = article("b", &format!("{FLOOD}\n\n{WIRE}"));
    let c = article(
        "c",
        &format!("{WIRE}\n\nLocal traders welcomed the decision."),
    );
    let d = article("d", FLOOD);
    let got = shared_passages(&[&a, &b, &c, &d], &DedupConfig::default());
    let wire = got
        .iter()
        .find(|p| p.text == WIRE)
        .expect("wire paragraph found");
    assert_eq!(wire.article_ids, vec!["a", "b", "c"]);
    // The flood story is carried by b and d: each of its paragraphs is shared, and its
    // sentences are not reported separately.
    let flood: Vec<_> = got.iter().filter(|p| p.article_ids == ["b", "d"]).collect();
    assert_eq!(flood.len(), 3);
    assert_eq!(got.len(), 4);
}

#[test]
fn lightly_edited_paragraph_still_counts() {
    let para = "Officials confirmed that the new bridge across the valley will open to traffic in the first week of June after two years of delays.";
    let edited = "Officials confirmed that the new bridge across the valley will open to cars in the first week of June after two years of delays.";
    let a = article("a", &format!("{para}\n\n{FLOOD}"));
    let b = article("b", &format!("{HARBOUR}\n\n{edited}"));
    let got = shared_passages(&[&a, &b], &DedupConfig::default());
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].text, para);
    assert_eq!(got[0].article_ids, vec!["a", "b"]);
}

#[test]
fn shared_sentence_inside_different_paragraphs() {
    let quote = "\u{201C}We will not sign anything that harms our farmers,\u{201D} the minister told reporters after the meeting.";
    let a = article("a", &format!("Talks ended late on Friday. {quote}"));
    let b = article(
        "b",
        &format!("{quote} Negotiators will return to the table next week."),
    );
    let got = shared_passages(&[&a, &b], &DedupConfig::default());
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].text, quote);
    assert_eq!(got[0].article_ids, vec!["a", "b"]);
}

#[test]
fn repeats_within_one_article_are_not_shared() {
    let a = article("a", &format!("{WIRE}\n\n{WIRE}\n\n{HARBOUR}"));
    let b = article("b", FLOOD);
    assert!(shared_passages(&[&a, &b], &DedupConfig::default()).is_empty());
}

#[test]
fn short_paragraphs_are_ignored() {
    let a = article("a", &format!("Read more.\n\n{HARBOUR}"));
    let b = article("b", &format!("Read more.\n\n{FLOOD}"));
    assert!(shared_passages(&[&a, &b], &DedupConfig::default()).is_empty());
}

#[test]
fn degenerate_config_does_not_panic() {
    let config = DedupConfig {
        num_hashes: 0,
        bands: 0,
        shingle_words: 0,
        passage_shingle_words: 0,
        ..DedupConfig::default()
    };
    let a = article(
        "a",
        "Ünïcödé wörds — “quoted” text.\n\nÜnïcödé wörds — “quoted” text.",
    );
    let b = article("b", "Ünïcödé wörds — “quoted” text.");
    assert_eq!(find_duplicates(&[&a, &b], &config).len(), 2);
    let _ = shared_passages(&[&a, &b], &config);
}
