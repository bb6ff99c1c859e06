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
    let online: Vec<_> = bodies.iter().map(|b| d.push(b)).collect();
    assert_eq!(online, vec![None, None, Some(0), None, Some(1)]);
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
