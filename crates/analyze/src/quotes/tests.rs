//! Golden cases written for Chorus, and the end-to-end check over the seed articles.

use std::path::PathBuf;

use model::{Quote, QuoteKind};

use super::find;

fn shared_data() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!(
            "skipping: shared data directory {} is absent",
            dir.display()
        );
        None
    }
}

/// The body of a seed file as the test brief defines it: the content after line 1, its
/// non-empty lines joined by blank lines.
fn seed_body(content: &str) -> String {
    content
        .lines()
        .skip(1)
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

const SEED_SPEAKERS: &[&str] = &[
    "Sergei Ryabkov",
    "Wendy Sherman",
    "Antony Blinken",
    "Jens Stoltenberg",
    "Annalena Baerbock",
    "Ned Price",
    "Vladimir Putin",
    "Yury Ushakov",
    "Joe Biden",
    "NATO",
    "Kremlin",
    "State Department",
    "Russia",
    "United States",
    // Officials of a country speak as themselves, not as the country.
    "US officials",
];

#[test]
fn seeds_direct_quotes_have_known_speakers() {
    let Some(data) = shared_data() else { return };
    let mut files: Vec<PathBuf> = match std::fs::read_dir(data.join("seeds")) {
        Ok(dir) => dir.filter_map(|e| e.ok().map(|e| e.path())).collect(),
        Err(err) => {
            eprintln!("skipping: cannot read seeds: {err}");
            return;
        }
    };
    files.sort();
    let mut problems = Vec::new();
    for path in files {
        let Ok(content) = std::fs::read_to_string(&path) else {
            continue;
        };
        let body = seed_body(&content);
        let entities = crate::entities::find(&body);
        let quotes = find(&body, &entities);
        println!("== {}", path.display());
        for q in &quotes {
            assert_eq!(&body[q.start..q.end], q.text);
            let kind = if q.kind == QuoteKind::Direct {
                "D"
            } else {
                "I"
            };
            println!("  [{kind}] {:?} <- {:?} ({:?})", q.text, q.speaker, q.cue);
            if q.kind != QuoteKind::Direct {
                continue;
            }
            let words = ::text::words(&q.text).count();
            match &q.speaker {
                None if words >= 4 => problems.push(format!("no speaker: {:?}", q.text)),
                Some(s) if !SEED_SPEAKERS.contains(&s.as_str()) => {
                    problems.push(format!("unexpected speaker {s:?}: {:?}", q.text))
                }
                _ => {}
            }
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
#[ignore = "prints the entities of the seed articles for inspection"]
fn seeds_entities_print() {
    let Some(data) = shared_data() else { return };
    let mut files: Vec<PathBuf> = std::fs::read_dir(data.join("seeds"))
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.sort();
    for path in files {
        let Ok(content) = std::fs::read_to_string(&path) else {
            continue;
        };
        let body = seed_body(&content);
        println!("== {}", path.display());
        for m in crate::entities::find(&body) {
            println!("  {:?} -> {:?} {:?}", m.text, m.name, m.kind);
        }
    }
}

/// The quotes of a body, with the entities the analyzer finds in it.
fn quotes_of(body: &str) -> Vec<Quote> {
    find(body, &crate::entities::find(body))
}

/// The quote of `body` whose text holds `part` (the test fails without one), and its
/// text and speaker.
fn quote_holding(body: &str, part: &str) -> (String, Option<String>) {
    let quotes = quotes_of(body);
    quotes
        .iter()
        .find(|q| q.text.contains(part))
        .map(|q| (q.text.clone(), q.speaker.clone()))
        .unwrap_or_else(|| panic!("no quote holds {part:?}: {quotes:?}"))
}

fn render(body: &str) -> String {
    let entities = crate::entities::find(body);
    let mut out = String::new();
    for q in find(body, &entities) {
        assert_eq!(&body[q.start..q.end], q.text, "offsets must slice the body");
        let kind = if q.kind == QuoteKind::Direct {
            "D"
        } else {
            "I"
        };
        let speaker = q.speaker.as_deref().unwrap_or("-");
        let cue = q.cue.as_deref().unwrap_or("-");
        out.push_str(&format!("{kind} {:?} <- {speaker} [{cue}]\n", q.text));
    }
    out
}

#[test]
fn golden() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("test_data/quotes/cases.txt");
    let Ok(content) = std::fs::read_to_string(&path) else {
        panic!("golden file {} is missing", path.display());
    };
    let mut parts = content.split("=====\n");
    let header = parts.next().unwrap_or_default().to_string();
    let mut rewritten = header;
    let mut failures = Vec::new();
    for case in parts {
        let (body, expected) = case.split_once("-----\n").unwrap_or((case, ""));
        let body = body.trim_end_matches('\n');
        let got = render(body);
        if got != expected {
            failures.push(format!("{body}\n  expected:\n{expected}  got:\n{got}"));
        }
        rewritten.push_str(&format!("=====\n{body}\n-----\n{got}"));
    }
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        if let Err(err) = std::fs::write(&path, rewritten) {
            panic!("cannot rewrite {}: {err}", path.display());
        }
        return;
    }
    assert!(
        failures.is_empty(),
        "{} golden cases differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn never_panics_on_odd_input() {
    let inputs = [
        "",
        "\"",
        "“”",
        "he said",
        "\"a\" he said",
        "« »\n\n„",
        "‘’’‘",
        "Ñ said: “ñ”",
        "“Open\n\nno close",
        "x, he said.",
        "According to",
        "said, said, said said",
        "\"It\u{2009}.\u{2009}.\u{2009}.\" she said",
        "'",
        "“ ' ” ‘ \" ’",
    ];
    for body in inputs {
        let entities = crate::entities::find(body);
        for q in find(body, &entities) {
            assert_eq!(&body[q.start..q.end], q.text);
        }
    }
}

#[test]
fn possessor_of_a_claim_is_the_speaker() {
    let body =
        "Reporters checked Maria Lopez's claim that there were “hundreds of new jobs” in the town.";
    let quotes = quotes_of(body);
    let q = quotes.iter().find(|q| q.text == "hundreds of new jobs");
    assert_eq!(q.and_then(|q| q.speaker.as_deref()), Some("Maria Lopez"));
}

#[test]
fn headline_verb_is_not_part_of_the_name() {
    let body = "Budget Talks ‘Nearly Done’ in the Capital, Maria Lopez Says.\n\nThe talks resumed on Monday.";
    let entities = crate::entities::find(body);
    assert!(entities.iter().any(|e| e.name == "Maria Lopez"));
    assert!(!entities.iter().any(|e| e.text.ends_with("Says")));
}

#[test]
fn bare_group_noun_is_the_source() {
    let body = "The Harbour Rowing Club hosts the final on Sunday. Police say they have “enough staff” for the crowds.";
    let quotes = quotes_of(body);
    // The two quoted words are read in their clause, which carries the speaker.
    assert!(
        !quotes.iter().any(|q| q.text == "enough staff"),
        "{quotes:?}"
    );
    let q = quotes
        .iter()
        .find(|q| q.text.contains("“enough staff” for the crowds"));
    assert_eq!(q.and_then(|q| q.speaker.as_deref()), Some("Police"));
}

#[test]
fn quote_opening_a_sentence_takes_the_previous_cue() {
    let body = "Her old coach, Maria Lopez, described her as tireless. “She trained every single morning before school.”";
    let quotes = quotes_of(body);
    let q = quotes
        .iter()
        .find(|q| q.text.starts_with("She trained every single morning"));
    assert_eq!(q.and_then(|q| q.speaker.as_deref()), Some("Maria Lopez"));
}

#[test]
fn reported_speech_shapes() {
    let body = "The harbour board says the ferry will run again from Monday. \
        Ticket sales fell by a third, according to the annual report. \
        Anna Berg said the crossing was safe, adding that two new boats were on order. \
        The repairs, she said, would be paid for by the town.";
    let quotes = quotes_of(body);
    let texts: Vec<&str> = quotes.iter().map(|q| q.text.as_str()).collect();
    assert!(
        texts.contains(&"the ferry will run again from Monday"),
        "{texts:?}"
    );
    assert!(texts.contains(&"Ticket sales fell by a third"), "{texts:?}");
    assert!(texts.contains(&"the crossing was safe"), "{texts:?}");
    assert!(texts.contains(&"two new boats were on order"), "{texts:?}");
    let added = quotes
        .iter()
        .find(|q| q.text == "two new boats were on order");
    assert_eq!(added.and_then(|q| q.speaker.as_deref()), Some("Anna Berg"));
    let inner = quotes
        .iter()
        .find(|q| q.text.starts_with("The repairs, she said"));
    assert_eq!(inner.and_then(|q| q.speaker.as_deref()), Some("Anna Berg"));
    assert!(quotes.iter().all(|q| q.kind == QuoteKind::Indirect));
}

#[test]
fn an_apposition_before_the_cue_is_not_reported_speech() {
    let body = "The board met.\n\n''We have done our part,'' Lena Ostrova, a member of the board \
                and a former mayor of Kelso, said of the plan. ''Now it is their turn.''\n\n\
                ''It will work,'' Piet Varga, an engineer, told me this week.";
    let quotes = quotes_of(body);
    assert!(
        quotes.iter().all(|q| q.kind == QuoteKind::Direct),
        "{quotes:#?}"
    );
    let first = quotes.iter().find(|q| q.text == "We have done our part");
    assert_eq!(
        first.and_then(|q| q.speaker.as_deref()),
        Some("Lena Ostrova")
    );
    let last = quotes.iter().find(|q| q.text == "It will work");
    assert_eq!(last.and_then(|q| q.speaker.as_deref()), Some("Piet Varga"));
}

#[test]
fn reported_speech_beside_quotes_and_evidence() {
    let body = "The new harbour survey shows most boats leave before dawn. \
        The fares will rise in spring, said Anna Berg, a director of the board who \
        joined last year. \
        “We are ready,” Piet Varga said, adding that the new pier would open in May. \
        Anna Berg visited the docks on Friday and said the crossing was safe for children.";
    let quotes = quotes_of(body);
    let texts: Vec<&str> = quotes.iter().map(|q| q.text.as_str()).collect();
    // What a survey shows is a finding, not a statement.
    assert!(
        !texts.contains(&"most boats leave before dawn"),
        "{texts:?}"
    );
    assert!(
        texts.contains(&"The fares will rise in spring"),
        "{texts:?}"
    );
    let added = quotes
        .iter()
        .find(|q| q.text == "the new pier would open in May");
    assert_eq!(added.and_then(|q| q.speaker.as_deref()), Some("Piet Varga"));
    let safe = quotes
        .iter()
        .find(|q| q.text == "the crossing was safe for children");
    assert_eq!(safe.and_then(|q| q.speaker.as_deref()), Some("Anna Berg"));
}

/// The tagger finds attributions by open-class cues, but a stance ("is questioning the
/// cost") or a promise of action ("has promised a vote") is a position, not a quote.
#[test]
fn stances_the_tagger_finds_are_positions_not_quotes() {
    let body = "The harbour board met on Monday.\n\n\
                Mayor Ines Kolar is once again questioning the cost of the new harbour bridge.\n\n\
                The ferry union has promised a vote on the offer by the end of the month.";
    let entities = crate::entities::find(body);
    let quotes = find(body, &entities);
    let found = |text: &str| {
        quotes
            .iter()
            .find(|q| q.text.contains(text) && q.kind == QuoteKind::Indirect)
    };
    assert!(
        found("the cost of the new harbour bridge").is_none(),
        "{quotes:#?}"
    );
    assert!(found("a vote on the offer").is_none(), "{quotes:#?}");
    // Its sentences still reach the tagger: the candidates are there to be scored.
    let sentences = super::tagging_sentences(body, &entities);
    assert!(sentences.iter().any(|s| s.has_candidate()));
    // A sentence with no cue word gives nothing.
    assert!(!quotes.iter().any(|q| q.text.contains("harbour board")));
}

/// Ranges of a small deterministic spread, some overlapping, some empty or reversed.
fn ranges(n: usize) -> Vec<(usize, usize)> {
    let mut state: u64 = 7;
    let mut next = |m: u64| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1);
        ((state >> 33) % m) as usize
    };
    (0..n)
        .map(|k| {
            let a = next(1000);
            let b = a + next(80);
            if k % 17 == 0 {
                (b, a)
            } else {
                (a, b)
            }
        })
        .collect()
}

#[test]
fn coverage_sums_the_overlaps_of_every_range() {
    let rs = ranges(300);
    let coverage = super::Coverage::new(&rs);
    for s in (0..1100).step_by(13) {
        for len in [0, 1, 7, 50, 400] {
            let e = s + len;
            let naive: usize = rs
                .iter()
                .map(|&(a, b)| b.min(e).saturating_sub(a.max(s)))
                .sum();
            assert_eq!(coverage.within(s, e), naive, "{s}..{e}");
        }
    }
}

#[test]
fn overlapping_keeps_the_given_order() {
    let rs = ranges(300);
    let mut sweep = super::Overlapping::new(&rs);
    let mut s = 0;
    while s < 1100 {
        let e = s + 1 + s % 37;
        let naive: Vec<(usize, usize)> = rs
            .iter()
            .copied()
            .filter(|&(a, b)| a < e && b > s)
            .collect();
        assert_eq!(sweep.within(s, e), naive, "{s}..{e}");
        s = e + s % 5;
    }
}

#[test]
fn run_on_sentences_are_read_in_pieces() {
    let short = "He said it. She said “no” and left.";
    assert_eq!(super::bounded(short), text::sentences(short));
    let long = "word, “quoted” and said ".repeat(2000) + "end. Next one.";
    let pieces = super::bounded(&long);
    assert!(pieces.len() > 10);
    let mut covered = 0;
    for &(s, e) in &pieces {
        assert!(e - s <= super::MAX_SENTENCE && s < e);
        assert!(s >= covered);
        covered = e;
        assert_eq!(long[s..e].trim(), &long[s..e]);
    }
    // Nothing but whitespace falls between the pieces.
    let kept: usize = pieces.iter().map(|&(s, e)| e - s).sum();
    let text_bytes = long.len() - long.matches(' ').count();
    assert!(kept >= text_bytes);
    // A piece with no space in it is cut at a character boundary.
    let unbroken = "é".repeat(5000);
    for (s, e) in super::bounded(&unbroken) {
        assert!(unbroken.is_char_boundary(s) && unbroken.is_char_boundary(e) && e > s);
    }
}

#[test]
fn a_persons_administration_speaks_for_itself() {
    let body = "Lena Ostrova spoke on Monday.\n\nThe Ostrova administration announced that harbour inspectors would no longer fine the owners of small fishing boats.";
    let entities = crate::entities::find(body);
    let quotes = find(body, &entities);
    let q = quotes
        .iter()
        .find(|q| q.text.contains("small fishing boats"))
        .expect("the announcement is reported speech");
    assert_eq!(
        q.speaker.as_deref(),
        Some("Ostrova administration"),
        "{quotes:?}"
    );
    // Without a first name anywhere, "Ostrova" alone is not known to be a person.
    let body = "The Ostrova administration on Tuesday announced that harbour inspectors would no longer fine the owners of small fishing boats.";
    let quotes = quotes_of(body);
    let q = quotes
        .iter()
        .find(|q| q.text.contains("small fishing boats"));
    assert_eq!(
        q.and_then(|q| q.speaker.as_deref()),
        Some("Ostrova administration"),
        "{quotes:?}"
    );
}

#[test]
fn the_person_warned_is_not_what_was_said() {
    let body = "Lena Ostrova warned her Dunmere counterpart of heavy fines should the ferries stop running again.";
    let entities = crate::entities::find(body);
    let quotes = find(body, &entities);
    assert!(
        !quotes
            .iter()
            .any(|q| q.text.starts_with("her Dunmere counterpart")),
        "{quotes:?}"
    );
    let body = "Lena Ostrova warned the talks would fail without a new timetable for the ferries.";
    let quotes = quotes_of(body);
    assert!(
        quotes
            .iter()
            .any(|q| q.text.starts_with("the talks would fail")),
        "{quotes:?}"
    );
}

#[test]
fn reported_content_ends_before_the_narrators_clause() {
    let body = "Lena Ostrova said the ferry timetable had been “far from perfect,” although she took little blame for the delays.";
    let (text, _) = quote_holding(body, "ferry timetable");
    assert!(!text.contains("blame"), "{text}");
    assert!(text.contains("far from perfect"), "{text}");
}

#[test]
fn reported_content_ends_before_a_second_verb_of_the_speaker() {
    let body = "Governor Hal Brenner said the county would open two new shelters and warned residents against driving through flooded roads.";
    let (text, _) = quote_holding(body, "two new shelters");
    assert!(!text.contains("warned"), "{text}");
    // A verb of the content's own subject stays in it.
    let body = "Inspector Dana Kyle said the driver stopped at the lights and left the car there.";
    let (text, _) = quote_holding(body, "the driver stopped");
    assert!(text.contains("left the car"), "{text}");
}

#[test]
fn words_after_the_verb_of_a_quotation_are_the_narrators() {
    for body in [
        "“We will not stop until the valley is safe,” Mayor Ruth Callan said as she left the town hall.",
        "“We will not stop until the valley is safe,” Mayor Ruth Callan said, looking at the river.",
        "Mayor Ruth Callan said Friday as she left the town hall that nothing had changed.",
    ] {
        let quotes = quotes_of(body);
        assert!(
            !quotes
                .iter()
                .any(|q| q.text.starts_with("as she") || q.text.starts_with("looking")
                    || q.text.starts_with("Friday")),
            "{body}: {quotes:?}"
        );
    }
}

#[test]
fn a_verb_in_a_free_relative_or_a_relative_clause_reports_nothing() {
    for body in [
        "The gap between what Mayor Ruth Callan says her plan would cost and what it costs keeps growing.",
        "Everything Mayor Ruth Callan says is checked by the council.",
    ] {
        let quotes = quotes_of(body);
        assert!(quotes.is_empty(), "{body}: {quotes:?}");
    }
}

#[test]
fn reported_content_ends_before_a_relative_clause_that_closes_it() {
    let body = "Don Fowler said he expects the mayor to recover fully from her bout of pneumonia, which forced her to leave a memorial event early.";
    let (text, speaker) = quote_holding(body, "recover fully");
    assert!(text.ends_with("bout of pneumonia"), "{text}");
    assert_eq!(speaker.as_deref(), Some("Don Fowler"));
}

#[test]
fn a_participle_after_a_comma_has_the_sentences_subject() {
    let body = "Mayor Ruth Callan defended the plan to close two ferry routes, while admitting that the change \"came faster than we had hoped.\"";
    let (text, speaker) = quote_holding(body, "came faster");
    assert!(text.starts_with("came faster"), "{text}");
    assert_eq!(speaker.as_deref(), Some("Ruth Callan"));
}

#[test]
fn members_of_a_party_speak_as_members_not_as_the_party() {
    let body = "Republicans said the credibility of the inquiry was on the line in the dispute over the harbour fund.";
    let (_, speaker) = quote_holding(body, "credibility");
    assert_eq!(speaker.as_deref(), Some("Republicans"));
}

#[test]
fn people_of_a_body_speak_as_themselves() {
    let body = "Several former Harbour Radio journalists complained they were never given a free hand by the station.";
    let quotes = quotes_of(body);
    assert!(
        !quotes
            .iter()
            .any(|q| q.speaker.as_deref() == Some("Harbour Radio")),
        "{quotes:?}"
    );
}

#[test]
fn a_second_verb_after_a_quoted_phrase_ends_the_content_too() {
    let body = "Dock workers said they want “a fair deal for Calder Bay,” but pledged to keep the port open.";
    let (text, _) = quote_holding(body, "they want");
    assert!(!text.contains("pledged"), "{text}");
}

#[test]
fn a_source_that_names_no_one_is_kept_as_written() {
    let body = "The ferry left late on Tuesday.\n\nAs the horn sounded, the harbour announcer said, “Please keep clear of the gangway until the ramp is down.”";
    let (_, speaker) = quote_holding(body, "keep clear of the gangway");
    assert_eq!(speaker.as_deref(), Some("the harbour announcer"));
}

#[test]
fn a_noun_after_a_preposition_is_not_the_source() {
    let body = "The vote was put off again.\n\nOne source on the panel said, “Nobody wanted to be the first to blink in that room.”";
    let (_, speaker) = quote_holding(body, "first to blink");
    assert_ne!(speaker.as_deref(), Some("the panel"));
}

#[test]
fn a_verb_with_its_own_object_leaves_the_words_before_it_an_adverbial() {
    let body = "The pier was closed for a month.\n\nIn a radio interview on Monday, Mara Quill acknowledged their long odds.";
    let quotes = quotes_of(body);
    assert!(
        !quotes.iter().any(|q| q.text.contains("radio interview")),
        "{quotes:?}"
    );
    let body = "The pier was closed for a month.\n\nIn a statement on Friday, Mara Quill said: “We will rebuild the pier before winter.”";
    let quotes = quotes_of(body);
    assert!(
        !quotes
            .iter()
            .any(|q| q.text.contains("statement on Friday")),
        "{quotes:?}"
    );
    let (_, speaker) = quote_holding(body, "rebuild the pier");
    assert_eq!(speaker.as_deref(), Some("Mara Quill"));
}

#[test]
fn a_tail_attribution_may_end_with_a_time_or_a_place() {
    let body = "The pier will reopen in spring after the repairs, Mara Quill said on Friday.";
    let (text, speaker) = quote_holding(body, "pier will reopen");
    assert!(!text.contains("Quill"), "{text}");
    assert_eq!(speaker.as_deref(), Some("Mara Quill"));
    let body = "The pier will reopen in spring after the repairs, Mara Quill said Friday.";
    let (_, speaker) = quote_holding(body, "pier will reopen");
    assert_eq!(speaker.as_deref(), Some("Mara Quill"));
}

#[test]
fn a_call_to_act_is_the_same_test_for_rules_and_tagger() {
    let words =
        |text: &'static str| -> Vec<(usize, &'static str)> { ::text::words(text).collect() };
    assert!(super::calls_to_act(
        "warn",
        &words("state officials to boost their defences")
    ));
    assert!(!super::calls_to_act(
        "warn",
        &words("that officials would have to act")
    ));
    assert!(!super::calls_to_act("say", &words("officials to act")));
}

#[test]
fn according_to_keeps_the_content_before_its_source() {
    let body = "The levy would raise harbour rents by a tenth, according to Ann Berg, head of the tenants' union at Calder Bay.";
    let (text, speaker) = quote_holding(body, "raise harbour rents");
    assert!(!text.contains("according"), "{text}");
    assert_eq!(speaker.as_deref(), Some("Ann Berg"));
}

#[test]
fn a_conjunction_opening_a_clause_of_its_own_ends_the_content() {
    let body = "Ann Berg said the harbour fund was not complete, and dock unions warned that the council was losing its leverage.";
    let (text, _) = quote_holding(body, "harbour fund");
    assert!(!text.contains("unions"), "{text}");
    // A clause of another subject without a verb of saying may be the speaker's too.
    let body = "Ann Berg said the gates had held in the centre, but the water had found its way round them.";
    let (text, _) = quote_holding(body, "gates had held");
    assert!(text.contains("found its way"), "{text}");
    // Words of the same clause after "and" stay.
    let body = "Ann Berg said the fund paid for the crane and the new ramp at Calder Bay.";
    let (text, _) = quote_holding(body, "the fund");
    assert!(text.contains("new ramp"), "{text}");
}

#[test]
fn a_short_quote_after_its_cue_is_read_in_its_clause() {
    let body = "The ferry plan was announced on Monday.\n\nMara Quill called the ferry plan “a disgrace” at a council meeting, and left early.";
    let quotes = quotes_of(body);
    assert!(
        !quotes.iter().any(|q| q.text == "a disgrace"),
        "a partial quote is never alone: {quotes:?}"
    );
    let (text, speaker) = quote_holding(body, "a disgrace");
    assert_eq!(text, "the ferry plan “a disgrace” at a council meeting");
    assert_eq!(speaker.as_deref(), Some("Mara Quill"));
    // In the passive the cue's subject is the one named, not the one who names.
    let body = "Mara Quill was called “a meddler” by the harbour board on Monday.";
    let quotes = quotes_of(body);
    assert!(
        !quotes
            .iter()
            .any(|q| q.text.contains("a meddler") && q.speaker.as_deref() == Some("Mara Quill")),
        "{quotes:?}"
    );
    // A clause that holds the quote already reads it; another quotation between the
    // cue and the marks leaves the clause to it.
    let body = "Mara Quill told the radio that the board hopes for “calm” on the quay but is ready for a strike.";
    let quotes = quotes_of(body);
    assert_eq!(
        quotes.iter().filter(|q| q.text.contains("calm")).count(),
        1,
        "{quotes:?}"
    );
    let body = "Mara Quill said “nobody will stop us” from opening the “new ferry” route.";
    let quotes = quotes_of(body);
    assert!(
        !quotes.iter().any(|q| q.text.starts_with("from opening")),
        "{quotes:?}"
    );
    // A short sentence in quotation marks is a statement of its own.
    let body = "“We will,” Mara Quill said.";
    let (text, _) = quote_holding(body, "We will");
    assert_eq!(text, "We will");
}

#[test]
fn a_request_for_something_is_no_statement() {
    let body = "The harbour's member of the council, Mara Quill, has asked for an inquiry into the delay and is due to raise the matter at the sitting next Tuesday.";
    let quotes = quotes_of(body);
    assert!(
        !quotes.iter().any(|q| q.text.starts_with("for ")),
        "{quotes:?}"
    );
}

#[test]
fn a_reported_clause_keeps_the_closing_mark_of_its_quotation() {
    let body = "Mara Quill has said new tolls could lead to a \"complete collapse in trade.\"";
    let (text, _) = quote_holding(body, "new tolls");
    assert!(text.ends_with('"'), "{text}");
}

#[test]
fn the_holder_of_an_office_speaks_not_the_body_that_owns_it() {
    let body = "The Harbour Board’s secretary-general has told the Calder Gazette that the board hopes for calm on the quay.";
    let (_, speaker) = quote_holding(body, "hopes for calm");
    assert_eq!(
        speaker.as_deref(),
        Some("Harbour Board’s secretary-general")
    );
    // A possessor of anything else is no speaker.
    let body = "The Harbour Board’s report has said that the quay will reopen in spring.";
    let quotes = quotes_of(body);
    assert!(
        !quotes
            .iter()
            .any(|q| q.speaker.as_deref() == Some("Harbour Board’s report")),
        "{quotes:?}"
    );
}

#[test]
fn a_name_listed_after_and_opens_no_clause() {
    let body = "Ann Berg said on Monday that pickets who have followed Sen. Mara Quill, D-Calder, and Tom Reyes, D-Brenn., in recent days went too far, even as she called such scenes common.";
    let (text, speaker) = quote_holding(body, "pickets who");
    assert!(text.contains("went too far"), "{text}");
    assert_eq!(speaker.as_deref(), Some("Ann Berg"));
}

#[test]
fn a_place_after_a_preposition_is_no_speaker() {
    let body = "“Tired and worn out” was how a director of the ambulance service in Ohio described the crews, saying the crews worked long shifts every week.";
    let quotes = quotes_of(body);
    assert!(
        !quotes.iter().any(|q| q.speaker.as_deref() == Some("Ohio")),
        "{quotes:?}"
    );
}

#[test]
fn a_name_then_a_comma_is_a_listed_name() {
    assert!(super::name_then_comma(
        "Kyrsten Sinema, D-Ariz., in recent days"
    ));
    assert!(super::name_then_comma("Sen. Tom Reyes, who"));
    assert!(!super::name_then_comma("Tom Reyes said the plan"));
    assert!(!super::name_then_comma("Tom Reyes"));
}

#[test]
fn a_name_after_the_clause_verb_is_its_object_not_the_speaker() {
    let body = "Mara Quill condemned pickets cornering Sen. Tom Reyes in a corridor on Monday but dismissed the scenes as common and “part of the job these days.”";
    let (_, speaker) = quote_holding(body, "part of the job");
    assert_eq!(speaker.as_deref(), Some("Mara Quill"));
}

#[test]
fn a_cue_right_before_quoted_words_is_not_part_of_the_clause() {
    let body = "With both teams dug in, Coach Daniel Brody said “no chance” was left for a replay of the final, although he added: “We will play fair.”";
    let (text, speaker) = quote_holding(body, "no chance");
    assert!(text.starts_with("“no chance”"), "{text}");
    assert_eq!(speaker.as_deref(), Some("Daniel Brody"));
}

#[test]
fn the_one_asked_or_told_is_not_the_speaker() {
    for body in [
        "On Monday, Ruth Callan was asked a question about the council's plan for the harbour when the vote comes.",
        "Ruth Callan was told that the council would vote against the harbour plan next week.",
    ] {
        let quotes = quotes_of(body);
        assert!(
            !quotes
                .iter()
                .any(|q| q.speaker.as_deref() == Some("Ruth Callan")),
            "{quotes:?}"
        );
    }
}

#[test]
fn a_narrators_gloss_after_a_comma_ends_the_reported_clause() {
    let body = "Mayor Ruth Callan said the city would not give up its claim to the old harbour, a claim the province and the federal government have already rejected.";
    let (text, _) = quote_holding(body, "old harbour");
    assert!(text.ends_with("the old harbour"), "{text}");
}

#[test]
fn according_to_a_bodys_posts_the_body_speaks_not_its_posts() {
    let body = "The NMA said on Monday that it had closed two quarries.\n\nThe three largest quarries stopped work on Sunday after a flood damaged the pumps, according to NMA posts on Facebook, union leaders and workers.";
    let (_, speaker) = quote_holding(body, "three largest quarries");
    assert_eq!(speaker.as_deref(), Some("NMA"));
    // A name after another preposition in the source phrase is where, not who.
    let body = "The three largest ferries on the river stopped running on Sunday after a storm damaged the docks, according to Ferrolink posts on Twitter, dock unions and passengers.";
    let quotes = quotes_of(body);
    assert!(
        !quotes
            .iter()
            .any(|q| q.speaker.as_deref() == Some("Twitter")),
        "{quotes:?}"
    );
}

#[test]
fn a_pronoun_subject_is_not_the_object_its_own_clause_names() {
    // "They" cannot be the NMA, which they sued: no speaker beats a wrong one.
    let body = "A judge ruled on Friday that the NMA had broken safety laws at the quarry.\n\nThe case was brought by the families of three miners. They sued the NMA and two contractors, claiming that the safety rules had been ignored for years.";
    let quotes = quotes_of(body);
    assert!(
        quotes
            .iter()
            .filter(|q| q.text.contains("safety rules"))
            .all(|q| q.speaker.is_none() && !q.is_shown()),
        "{quotes:?}"
    );
}

#[test]
fn a_participle_after_a_participle_phrase_has_no_speaker_inside_it() {
    let body = "Raised in Lisbon, speaking fluent Northern Dutch, warning in sharp interviews about the dangers posed by rising seas, the Marta Kovacs who entered city politics in 2004 was unlike any mayor before her.";
    let quotes = quotes_of(body);
    assert!(
        !quotes
            .iter()
            .any(|q| q.text.contains("sharp interviews") || q.speaker.is_some()),
        "{quotes:?}"
    );
}

#[test]
fn he_after_a_possessor_is_the_person_named_before_it() {
    let body = "Tomas Varga, however, kept up his campaign on Monday in an interview on Peter Lind's evening show. \u{201C}I am staying in this race until the last vote is counted,\u{201D} he said.";
    let quotes = quotes_of(body);
    let q = quotes
        .iter()
        .find(|q| q.text.starts_with("I am staying"))
        .unwrap_or_else(|| panic!("{quotes:#?}"));
    assert_eq!(q.speaker.as_deref(), Some("Tomas Varga"));
}

#[test]
fn he_after_a_fronted_name_is_the_one_who_spoke_before() {
    let body = "Tomas Varga said on Monday that the mine at Brennmouth would stay open. He spoke for an hour. Of Peter Lind, he said, \u{201C}I wish him well, but his plan will fail.\u{201D}";
    let (_, speaker) = quote_holding(body, "I wish him well");
    assert_eq!(speaker.as_deref(), Some("Tomas Varga"));
}

#[test]
fn an_honorific_tells_whom_he_cannot_be() {
    let body = "Tomas Varga ran the mine at Brennmouth for years. The letter reached the Coal Board on Friday. Ms. Gwenna Tollis opened it the next morning and called the police. He said the police came an hour later.";
    let (_, speaker) = quote_holding(body, "the police came");
    assert_eq!(speaker.as_deref(), Some("Tomas Varga"));
}

#[test]
fn a_persons_campaign_speaks_as_the_campaign() {
    let body = "Peter Lind faced questions over his war record on Monday. Lind's campaign said he planned an event on Tuesday with veterans of the Brennmouth garrison.";
    let (_, speaker) = quote_holding(body, "planned an event");
    assert_eq!(speaker.as_deref(), Some("Lind's campaign"));
}

#[test]
fn a_participle_after_an_object_has_the_sentences_subject() {
    // "the proposed quay" is no stance of the name before it, which would otherwise stand
    // as the sentence's first attribution and lend "saying" its speaker.
    let body = "Senate Majority Leader Ona Brand broke with President Lind Monday over the proposed quay near Brennmouth Point, saying the controversial quay should be built elsewhere.\nSpokesman Tom Varga said the leader would speak on Tuesday.";
    let (_, speaker) = quote_holding(body, "should be built elsewhere");
    assert_eq!(speaker.as_deref(), Some("Ona Brand"));
}

#[test]
fn the_name_before_an_apposition_speaks_not_the_names_inside_it() {
    let body = "\"The quay is sacred ground,\" Ona Brand, a Liberal trying to unseat Representative Peter Lind, a Democrat, in Brennmouth's Third Ward, said in a statement.";
    let (_, speaker) = quote_holding(body, "sacred ground");
    assert_eq!(speaker.as_deref(), Some("Ona Brand"));
}

#[test]
fn a_subjectless_verb_after_but_is_the_narrators() {
    let body = "Tomas Varga said after the reports broke that he would repay the $8,000 to the Coal Board, but has not made good on that promise.";
    let (text, speaker) = quote_holding(body, "would repay");
    assert_eq!(speaker.as_deref(), Some("Tomas Varga"));
    assert!(text.ends_with("to the Coal Board"), "{text:?}");
}

#[test]
fn words_alleged_or_not_said_and_the_object_of_added_are_no_statements() {
    let body = "Ona Brand accused Tomas Varga of telling her he had wild plans for the quay, and then claimed she was fired.\nBrand's comments added another loud voice to the quay dispute over the winter.\nVarga pledged to repay the Coal Board.\nA spokeswoman for Mr. Varga did not respond to questions about whether he had kept that promise or whether he would do so after resigning.";
    let quotes = quotes_of(body);
    assert!(
        quotes
            .iter()
            .all(|q| !q.text.contains("wild plans") || q.kind == QuoteKind::Direct),
        "{quotes:?}"
    );
    assert!(
        quotes.iter().all(|q| !q.text.contains("loud voice")),
        "{quotes:?}"
    );
    assert!(
        quotes.iter().all(|q| !q.text.contains("after resigning")),
        "{quotes:?}"
    );
}

#[test]
fn his_response_is_the_one_the_pronoun_stands_for_and_asking_about_is_no_question() {
    let body = "Talk show host Alice Brand asked Peter Lind about the quay on Monday. His response: \"Well, I have people that actually have been studying it and they cannot believe it.\"";
    let (_, speaker) = quote_holding(body, "studying it");
    assert_eq!(speaker.as_deref(), Some("Peter Lind"));
    // Asked about something, no question is reported.
    assert!(
        quotes_of(body)
            .iter()
            .all(|q| !q.text.contains("about the quay")),
        "{:?}",
        quotes_of(body)
    );
}

#[test]
fn an_object_pronoun_opens_no_reported_clause() {
    let body = "Tomas Varga attacked the mayor on Friday, calling him a \"faker\" who is unqualified to run the harbour.";
    assert!(
        quotes_of(body).iter().all(|q| !q.text.starts_with("him")),
        "{:?}",
        quotes_of(body)
    );
    // A possessive "her" opens a clause of its own.
    let body = "Ona Brand said her plan would cut the harbour tolls by half next year.";
    assert!(
        quotes_of(body)
            .iter()
            .any(|q| q.text.starts_with("her plan would cut")),
        "{:?}",
        quotes_of(body)
    );
}
