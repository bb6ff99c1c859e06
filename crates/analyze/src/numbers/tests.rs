//! Golden cases for number finding, in `test_data/numbers/golden.txt`.
//!
//! Each case is a block of text lines followed by one line per expected claim, indented
//! by two spaces: `  text => value [low, high] what` with a trailing `~` when hedged.
//! Blocks are separated by blank lines. Run with `CHORUS_BLESS=1` to rewrite the
//! expectations from the current output.

use std::fmt::Write as _;
use std::path::PathBuf;

use super::{find, lemma};

fn fixture() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("test_data/numbers/golden.txt")
}

fn num(v: f64) -> String {
    if (v - v.round()).abs() < 1e-6 {
        format!("{}", v.round())
    } else {
        let s = format!("{v:.3}");
        s.trim_end_matches('0').to_string()
    }
}

fn render(text: &str) -> Vec<String> {
    find(text)
        .into_iter()
        .map(|m| {
            assert_eq!(
                &text[m.start..m.end],
                m.text,
                "offsets must select the text"
            );
            assert!(
                m.low <= m.value && m.value <= m.high,
                "bounds must hold the value: {m:?}"
            );
            let hedge = if m.approximate { " ~" } else { "" };
            format!(
                "{} => {} [{}, {}] {}{hedge}",
                m.text,
                num(m.value),
                num(m.low),
                num(m.high),
                m.what
            )
        })
        .collect()
}

#[test]
fn golden_cases() {
    let raw = std::fs::read_to_string(fixture()).expect("numbers fixture is readable");
    let cases: Vec<(String, Vec<String>)> = raw
        .split("\n\n")
        .filter(|b| !b.trim().is_empty())
        .map(|block| {
            let (mut text, mut expected) = (Vec::new(), Vec::new());
            for line in block.lines() {
                match line.strip_prefix("  ") {
                    Some(exp) => expected.push(exp.to_string()),
                    None => text.push(line),
                }
            }
            (text.join("\n"), expected)
        })
        .collect();
    assert!(cases.len() > 10, "the fixture holds the cases");
    if std::env::var_os("CHORUS_BLESS").is_some() {
        let mut out = String::new();
        for (text, _) in &cases {
            let _ = writeln!(out, "{text}");
            for line in render(text) {
                let _ = writeln!(out, "  {line}");
            }
            out.push('\n');
        }
        std::fs::write(fixture(), out.trim_end().to_string() + "\n").expect("fixture is writable");
        return;
    }
    let mut failures = Vec::new();
    for (text, expected) in &cases {
        let got = render(text);
        if &got != expected {
            failures.push(format!(
                "{text}\n  expected {expected:?}\n  got      {got:?}"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} golden cases differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn lemmas_of_counted_nouns() {
    let got: Vec<_> = [
        "troops",
        "people",
        "hours",
        "members",
        "casualties",
        "taxes",
        "crises",
        "status",
        "women",
    ]
    .iter()
    .map(|w| lemma(w))
    .collect();
    assert_eq!(
        got,
        ["troop", "people", "hour", "member", "casualty", "tax", "crisis", "status", "woman"]
    );
}

#[test]
fn never_panics_and_offsets_hold_on_odd_input() {
    let inputs = [
        "",
        "5",
        "$",
        "1/",
        "5-1/0 hours and 5-",
        "٣ people, ５ troops, 99999999999999999999999999 stars, 1,000,000,000,000,000 grains",
        "tens of thousands of",
        "between 3 and",
        "twenty- five tanks; a dozen",
        "€2.5bn, £3m, 4.5% and 12 per cent — about 10 km",
    ];
    for input in inputs {
        for m in find(input) {
            assert!(
                m.start < m.end && input.is_char_boundary(m.start) && input.is_char_boundary(m.end)
            );
            assert_eq!(&input[m.start..m.end], m.text);
            assert!(m.value.is_finite() && m.low <= m.high);
        }
    }
}
