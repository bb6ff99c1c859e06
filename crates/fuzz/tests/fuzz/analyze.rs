//! Every analysis module (entities, quotes, dates, numbers), the whole `analyze`, and
//! the shared tokenisation they rest on (`text::words`, `text::sentences`).

use analyze::AnalyzeConfig;
use chrono::NaiveDate;
use model::{Annotations, Article, DateMention, EntityMention, NumberMention, Quote};
use proptest::prelude::*;

use crate::gen;
use crate::harness::{check_span, config, ensure, run_twice};

/// A body: raw text with every kind of edit, or text already in the article contract's
/// shape. Bounded so that a debug build stays within the time limit.
pub fn any_body() -> impl Strategy<Value = String> {
    prop_oneof![gen::body(24 << 10), gen::clean_body(24 << 10)]
}

fn published() -> impl Strategy<Value = Option<NaiveDate>> {
    proptest::option::of(prop_oneof![
        (1990i32..2030, 1u32..=12, 1u32..=28),
        Just((1, 1, 1)),
        Just((262_143, 12, 31)),
        Just((-262_143, 1, 1)),
    ])
    .prop_map(|d| d.and_then(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d)))
}

fn check_text(
    what: &str,
    body: &str,
    text: &str,
    start: usize,
    end: usize,
) -> Result<(), TestCaseError> {
    check_span(what, body, start, end)?;
    ensure(body.get(start..end) == Some(text), || {
        format!(
            "{what}: text {text:?} is not the body at {start}..{end} ({:?})",
            body.get(start..end)
        )
    })
}

pub fn check_entities(body: &str, found: &[EntityMention]) -> Result<(), TestCaseError> {
    for e in found {
        check_text("entity", body, &e.text, e.start, e.end)?;
        ensure(!e.name.trim().is_empty(), || {
            format!("an entity without a name: {e:?}")
        })?;
    }
    Ok(())
}

pub fn check_quotes(body: &str, found: &[Quote]) -> Result<(), TestCaseError> {
    for q in found {
        check_span("quote", body, q.start, q.end)?;
        ensure(body.get(q.start..q.end) == Some(q.text.as_str()), || {
            format!(
                "quote: text {:?} is not the body at {}..{} ({:?})",
                q.text,
                q.start,
                q.end,
                body.get(q.start..q.end)
            )
        })?;
    }
    Ok(())
}

pub fn check_dates(body: &str, found: &[DateMention]) -> Result<(), TestCaseError> {
    for d in found {
        check_text("date", body, &d.text, d.start, d.end)?;
        if let Some(v) = &d.value {
            ensure(model::is_calendar_value(v), || {
                format!("date value {v:?} is not YYYY[-MM[-DD]]: {d:?}")
            })?;
        }
    }
    Ok(())
}

pub fn check_numbers(body: &str, found: &[NumberMention]) -> Result<(), TestCaseError> {
    for n in found {
        check_text("number", body, &n.text, n.start, n.end)?;
        ensure(
            n.value.is_finite()
                && n.low.is_finite()
                && n.high.is_finite()
                && n.low <= n.value
                && n.value <= n.high,
            || format!("number bounds are not finite with low <= value <= high: {n:?}"),
        )?;
    }
    Ok(())
}

pub fn check_annotations(body: &str, a: &Annotations) -> Result<(), TestCaseError> {
    check_entities(body, &a.entities)?;
    check_quotes(body, &a.quotes)?;
    check_dates(body, &a.dates)?;
    check_numbers(body, &a.numbers)
}

proptest! {
    #![proptest_config(config(160))]

    #[test]
    fn tokenisation(body in any_body()) {
        let n = body.len();
        let b = body.clone();
        let (words, sentences) = run_twice("text::words and text::sentences", n, move || {
            let words: Vec<(usize, String)> = text::words(&b).map(|(i, w)| (i, w.to_string())).collect();
            (words, text::sentences(&b))
        })?;
        for (i, w) in &words {
            check_text("word", &body, w, *i, i + w.len())?;
        }
        for (s, e) in &sentences {
            check_span("sentence", &body, *s, *e)?;
        }
    }

    #[test]
    fn entities(body in any_body()) {
        let n = body.len();
        let b = body.clone();
        let found = run_twice("analyze::entities::find", n, move || analyze::entities::find(&b))?;
        check_entities(&body, &found)?;
    }

    #[test]
    fn quotes(body in any_body()) {
        let n = body.len();
        let b = body.clone();
        let found = run_twice("analyze::quotes::find", n, move || {
            let entities = analyze::entities::find(&b);
            analyze::quotes::find(&b, &entities)
        })?;
        check_quotes(&body, &found)?;
    }

    #[test]
    fn dates(body in any_body(), published in published()) {
        let n = body.len();
        let b = body.clone();
        let found = run_twice("analyze::dates::find", n, move || analyze::dates::find(&b, published))?;
        check_dates(&body, &found)?;
    }

    #[test]
    fn numbers(body in any_body()) {
        let n = body.len();
        let b = body.clone();
        let found = run_twice("analyze::numbers::find", n, move || analyze::numbers::find(&b))?;
        check_numbers(&body, &found)?;
    }

    /// The whole analysis of an article.
    #[test]
    fn analyze_article(body in any_body(), published in published()) {
        let mut article = Article::new("a", "Mayor vows to fight flood plan", &body);
        article.published = published;
        let n = body.len();
        let out = run_twice("analyze::analyze", n, move || analyze::analyze(&article, &AnalyzeConfig::default()))?;
        check_annotations(&body, &out)?;
    }
}

proptest! {
    #![proptest_config(config(12))]

    /// Large pathological bodies (about 60 to 200 KB of dense dates, numbers, quotes,
    /// names or short paragraphs) within the per-case time and memory limits.
    #[test]
    fn analyze_large(dense in gen::dense(3_000..8_000), tail in gen::body(8 << 10)) {
        let body = format!("{dense}\n\n{tail}");
        let article = Article::new("a", "Dense", &body);
        let n = body.len();
        let out = crate::harness::run("analyze::analyze (large)", n, move || {
            analyze::analyze(&article, &AnalyzeConfig::default())
        })?;
        check_annotations(&body, &out)?;
    }
}

/// Finding F0: a sentence with more than 255 commas between two speaker candidates
/// overflowed a `u8` counter in the quote tagger (a panic with overflow checks on).
#[test]
fn quotes_many_commas() {
    let body = format!(
        "Prices rose 4.2% {} up from 3.9% a year earlier, the statistics office said on Wednesday.",
        "in the third quarter of 2023,".repeat(300)
    );
    let n = body.len();
    let b = body.clone();
    let found = crate::harness::run("analyze::quotes::find (many commas)", n, move || {
        analyze::quotes::find(&b, &analyze::entities::find(&b))
    })
    .expect("within limits, no panic");
    check_quotes(&body, &found).expect("well-formed quotes");
}

/// Finding F3: a body of about 21 KB (the fuzzer's minimal case: a seed sentence
/// repeated without its end, then more seed sentences with unclosed quotation marks)
/// takes `quotes::find` past the time limit.
#[test]
fn quotes_long_sentence() {
    let body = include_str!("../../test_data/f3_quotes.txt").to_string();
    let n = body.len();
    let b = body.clone();
    let found = crate::harness::run("analyze::quotes::find (F3)", n, move || {
        analyze::quotes::find(&b, &analyze::entities::find(&b))
    })
    .expect("within limits");
    check_quotes(&body, &found).expect("well-formed quotes");
}

/// Finding F5: a reported-speech quote whose speaker is an empty name (`Some("")`), in
/// a body where a name is glued to a number ("lundi 4Ryabkov said ...").
#[test]
fn quotes_empty_speaker() {
    let body = include_str!("../../test_data/f5_empty_speaker.txt").to_string();
    let found = analyze::quotes::find(&body, &analyze::entities::find(&body));
    check_quotes(&body, &found).expect("well-formed quotes");
    for q in &found {
        assert!(
            q.speaker.as_deref().is_none_or(|s| !s.trim().is_empty()),
            "a quote with an empty speaker: {q:?}"
        );
    }
}
