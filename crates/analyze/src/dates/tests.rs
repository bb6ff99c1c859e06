//! Golden cases for date finding, in `test_data/dates/golden.txt`.
//!
//! Each case is a block: a line `@ YYYY-MM-DD` (or `@ none`) giving the publication date,
//! the text lines, then one line per expected mention, indented by two spaces:
//! `  text => value` (`none` when unresolved), followed by ` (noun)` when the expression
//! dates a noun rather than its clause (`role`). Blocks are separated by blank lines.
//! Run with `CHORUS_BLESS=1` to rewrite the expectations from the current output.

use std::fmt::Write as _;
use std::path::PathBuf;

use chrono::NaiveDate;

use super::find;

fn fixture() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("test_data/dates/golden.txt")
}

struct Case {
    published: Option<NaiveDate>,
    text: String,
    expected: Vec<String>,
}

fn parse(fixture: &str) -> Vec<Case> {
    let mut cases = Vec::new();
    for block in fixture.split("\n\n").filter(|b| !b.trim().is_empty()) {
        let mut lines = block.lines();
        let head = lines.next().unwrap_or_default();
        let date = head
            .strip_prefix("@ ")
            .unwrap_or_else(|| panic!("case must start with `@ date`: {head}"));
        let published = (date != "none")
            .then(|| NaiveDate::parse_from_str(date, "%Y-%m-%d").expect("fixture date"));
        let mut text = Vec::new();
        let mut expected = Vec::new();
        for line in lines {
            match line.strip_prefix("  ") {
                Some(exp) => expected.push(exp.to_string()),
                None => text.push(line),
            }
        }
        cases.push(Case {
            published,
            text: text.join("\n"),
            expected,
        });
    }
    cases
}

fn render(text: &str, published: Option<NaiveDate>) -> Vec<String> {
    find(text, published)
        .into_iter()
        .map(|m| {
            assert_eq!(
                &text[m.start..m.end],
                m.text,
                "offsets must select the text"
            );
            let role = match m.role {
                model::DateRole::Noun => " (noun)",
                model::DateRole::Clause => "",
            };
            format!(
                "{} => {}{role}",
                m.text,
                m.timex.as_deref().unwrap_or("none")
            )
        })
        .collect()
}

#[test]
fn golden_cases() {
    let raw = std::fs::read_to_string(fixture()).expect("dates fixture is readable");
    let cases = parse(&raw);
    assert!(cases.len() > 10, "the fixture holds the cases");
    if std::env::var_os("CHORUS_BLESS").is_some() {
        let mut out = String::new();
        for case in &cases {
            let date = case.published.map_or("none".to_string(), |d| d.to_string());
            let _ = writeln!(out, "@ {date}\n{}", case.text);
            for line in render(&case.text, case.published) {
                let _ = writeln!(out, "  {line}");
            }
            out.push('\n');
        }
        std::fs::write(fixture(), out.trim_end().to_string() + "\n").expect("fixture is writable");
        return;
    }
    let mut failures = Vec::new();
    for case in &cases {
        let got = render(&case.text, case.published);
        if got != case.expected {
            failures.push(format!(
                "{}\n  expected {:?}\n  got      {:?}",
                case.text, case.expected, got
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
fn without_publication_date_relative_expressions_are_kept_unresolved() {
    let got = find(
        "The minister spoke yesterday and will travel on Friday, as he did in 2019.",
        None,
    );
    let values: Vec<_> = got
        .iter()
        .map(|m| (m.text.as_str(), m.timex.as_deref()))
        .collect();
    assert_eq!(
        values,
        vec![
            ("yesterday", None),
            ("Friday", None),
            ("2019", Some("2019"))
        ]
    );
}

#[test]
fn never_panics_and_offsets_hold_on_odd_input() {
    let inputs = [
        "",
        "Monday",
        "é Jan. 31 ünd 2022-02-30 and 31/February/2021 — on Sunday’s talks",
        "In 1899 and in 2101 and in 2100; 13/13/2020; 9999-99-99",
        "last\u{00A0}month, ５ days ago, 99999999999 days ago, 40 years ago",
        "(Monday (US time)) Sunday evening earlier Tuesday",
        "the 0th century, the 99th century, ’00s, '90s, Q4 9999, the year-ago quarter",
        "99999 years after 2022-01-01; 2147483647 days later; fourth half; a few weeks earlier",
        "nineteen ninety-nine now that recently ünd the spring’s the day.",
    ];
    let anchor = NaiveDate::from_ymd_opt(2022, 1, 10);
    for input in inputs {
        for published in [anchor, None, NaiveDate::from_ymd_opt(1, 1, 1)] {
            for m in find(input, published) {
                assert!(
                    m.start < m.end
                        && input.is_char_boundary(m.start)
                        && input.is_char_boundary(m.end)
                );
                assert_eq!(&input[m.start..m.end], m.text);
            }
        }
    }
}

#[test]
fn output_is_deterministic() {
    let text =
        "On Sunday the envoys met; talks follow on Wednesday and next month, as in June 2021.";
    let anchor = NaiveDate::from_ymd_opt(2022, 1, 10);
    assert_eq!(find(text, anchor), find(text, anchor));
}
