//! The search query path: `search::SearchIndex::search` over a small store built once
//! through the engine, with arbitrary query text (operators, fields, ranges, deep
//! nesting, long repetition, odd Unicode), filters, offsets and limits.

use std::sync::OnceLock;

use chrono::NaiveDate;
use proptest::prelude::*;
use proptest::sample::select;
use search::{Kind, SearchIndex, SearchQuery, SearchResults, MAX_LIMIT};

use crate::gen;
use crate::harness::{check_span, config, ensure, run_twice};

/// The store's directory (kept alive for the whole run) and its index.
static INDEX: OnceLock<(tempfile::TempDir, SearchIndex)> = OnceLock::new();

/// Builds a store of 60 articles (JSON lines through `engine::ingest`) and its index.
fn index() -> &'static SearchIndex {
    &INDEX
        .get_or_init(|| {
            let dir = tempfile::tempdir().expect("a temporary directory");
            let mut lines = String::new();
            let mut state = 0x5eed_u64;
            let mut pick = |n: usize| {
                state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                (state >> 33) as usize % n
            };
            for i in 0..60 {
                let mut body = String::new();
                for p in 0..3 {
                    if p > 0 {
                        body.push_str("\n\n");
                    }
                    for _ in 0..3 {
                        body.push_str(gen::SENTENCES[pick(gen::SENTENCES.len())]);
                        body.push(' ');
                        body.push_str(gen::ODD[pick(gen::ODD.len())]);
                        body.push(' ');
                    }
                }
                let line = serde_json::json!({
                    "id": format!("a{i:02}"),
                    "title": format!("{} {}", gen::NAMES[pick(gen::NAMES.len())], gen::SENTENCES[pick(gen::SENTENCES.len())]),
                    "outlet": gen::OUTLETS[pick(gen::OUTLETS.len())],
                    "published": format!("2024-03-{:02}", 1 + pick(20)),
                    "text": body,
                });
                lines.push_str(&line.to_string());
                lines.push('\n');
            }
            let input = dir.path().join("corpus.jsonl");
            std::fs::write(&input, lines).expect("the corpus file");
            let data = dir.path().join("data");
            let mut store = store::Store::open(&data).expect("a new store");
            engine::ingest(&mut store, &[input], &engine::Config::default(), &mut |_| {})
                .expect("the corpus ingests");
            let index = SearchIndex::open_or_build(&data.join("search"), &mut store).expect("the index builds");
            (dir, index)
        })
        .1
}

const TOKENS: &[&str] = &[
    "Maria",
    "Lopez",
    "said",
    "protesters",
    "Geneva",
    "2024",
    "million",
    "mayor",
    "\"",
    "\"we will",
    "+",
    "-",
    "+said",
    "-Paris",
    "(",
    ")",
    ":",
    "title:",
    "body:",
    "kind:",
    "id:",
    "day:",
    "story:",
    "outlet:",
    "speaker:",
    "^2",
    "^",
    "~1",
    "~",
    "*",
    "?",
    "AND",
    "OR",
    "NOT",
    "&&",
    "||",
    "!",
    "[",
    "]",
    "{",
    "}",
    "TO",
    "IN",
    "[* TO *]",
    "day:[0 TO 99999999999999999999]",
    "\\",
    "/",
    "/.*/",
    "'",
    "\u{201c}",
    "\u{feff}",
    "\u{130}",
    "\0",
    "\u{202e}",
    "\u{1f468}\u{200d}\u{1f469}",
    "e\u{301}",
    "title:(a OR",
    "\"unclosed",
    "::",
    "-(-(-",
    "--",
    "++",
    "^-1",
    "~999999999",
];

/// Query text: tokens, odd pieces, optional nesting and repetition.
fn query_text(max_depth: usize) -> impl Strategy<Value = String> {
    (
        proptest::collection::vec(
            prop_oneof![4 => select(TOKENS), 1 => select(gen::ODD)],
            0..24,
        ),
        any::<bool>(),
        0..=max_depth,
        any::<bool>(),
        proptest::option::weighted(0.1, (select(TOKENS), 1usize..3000)),
    )
        .prop_map(move |(tokens, spaced, depth, closed, repeat)| {
            let mut q = tokens.join(if spaced { " " } else { "" });
            q = format!(
                "{}{q}{}",
                "(".repeat(depth),
                if closed {
                    ")".repeat(depth)
                } else {
                    String::new()
                }
            );
            if let Some((t, n)) = repeat {
                // A repeated opening parenthesis nests: keep it within the depth asked for.
                let n = if t.contains('(') { n.min(max_depth) } else { n };
                q.push(' ');
                q.push_str(&vec![t; n].join(" "));
            }
            q
        })
}

fn day() -> impl Strategy<Value = Option<NaiveDate>> {
    proptest::option::of(prop_oneof![
        Just(NaiveDate::MIN),
        Just(NaiveDate::MAX),
        (2023i32..2026, 1u32..=12, 1u32..=28)
            .prop_map(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()),
    ])
}

fn query(
    max_depth: usize,
    offsets: impl Strategy<Value = usize>,
    limits: impl Strategy<Value = usize>,
) -> impl Strategy<Value = SearchQuery> {
    (
        query_text(max_depth),
        proptest::option::of(select(&[Kind::Article, Kind::Quote, Kind::Story][..])),
        proptest::option::weighted(0.2, select(gen::OUTLETS)),
        proptest::option::weighted(0.2, prop_oneof![select(gen::NAMES), select(gen::ODD)]),
        day(),
        day(),
        offsets,
        limits,
    )
        .prop_map(
            |(text, kind, outlet, speaker, from, to, offset, limit)| SearchQuery {
                text,
                kind,
                outlet: outlet.map(str::to_string),
                speaker: speaker.map(str::to_string),
                from,
                to,
                offset,
                limit,
            },
        )
}

fn check(q: &SearchQuery, r: &SearchResults) -> Result<(), TestCaseError> {
    ensure(r.hits.len() <= q.limit.clamp(1, MAX_LIMIT), || {
        format!("{} hits for limit {}", r.hits.len(), q.limit)
    })?;
    ensure(r.hits.len() <= r.total.saturating_sub(q.offset), || {
        format!(
            "{} hits at offset {} of {} in all",
            r.hits.len(),
            q.offset,
            r.total
        )
    })?;
    for h in &r.hits {
        let mut last = 0;
        for &(s, e) in &h.snippet.highlights {
            check_span("highlight", &h.snippet.text, s, e)?;
            ensure(s >= last, || {
                format!(
                    "highlights overlap or are unsorted: {:?}",
                    h.snippet.highlights
                )
            })?;
            last = e;
        }
        ensure(h.score.is_finite(), || {
            format!("score {} of {}", h.score, h.id)
        })?;
    }
    Ok(())
}

/// Searches twice and checks both answers; an error is an answer too, as long as it is
/// the same each time.
fn search_case(q: SearchQuery, strict: bool) -> Result<(), TestCaseError> {
    let _ = index();
    let n = q.text.len();
    let query = q.clone();
    let out = match run_twice("SearchIndex::search", n, move || {
        index().search(&query).map_err(|e| e.to_string())
    }) {
        Ok(out) => out,
        // Finding F4: a debug assertion inside tantivy's phrase scorer fires on some
        // queries, depending on how documents fell into segments (so not reproducibly);
        // release builds do not check it. Tolerated unless `strict`.
        Err(e)
            if !strict
                && e.to_string()
                    .contains("should be greater than or equal to doc") =>
        {
            return Ok(())
        }
        Err(e) => return Err(e),
    };
    if let Ok(r) = &out {
        check(&q, r)?;
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(300))]

    /// Odd query text, shallow nesting, offsets and limits a caller may pass today.
    #[test]
    fn search_queries(q in query(24, prop_oneof![3 => 0usize..20, 1 => 0usize..10_000], prop_oneof![3 => 0usize..20, 1 => 0usize..100_000])) {
        search_case(q, false)?;
    }
}

proptest! {
    #![proptest_config(config(24))]

    /// Hostile numbers and nesting from the issue: offsets near `usize::MAX` (the
    /// collector was sized `offset + limit` and the process aborted) and queries nested
    /// hundreds deep (the recursive parser overflowed the stack). Either aborts the whole
    /// test binary today, so the test waits for the fix.
    #[test]
    fn search_hostile(q in query(5_000, prop_oneof![Just(10_000_000_000_000usize), Just(usize::MAX), Just(usize::MAX / 2), 0usize..usize::MAX], any::<usize>())) {
        search_case(q, true)?;
    }
}

/// Finding F4: with a limit of one, this query tripped a debug assertion in tantivy's
/// phrase scorer ("target (7) should be greater than or equal to doc (2147483647)") once
/// the index's segments fell a certain way; it does not reproduce on every build of the
/// index.
#[test]
#[ignore = "tantivy 0.27 phrase scorer: a debug assertion (target >= doc) fires on `-Paris\"we will(` in debug builds only; upstream, not ours"]
fn search_phrase_exclusion() {
    for _ in 0..20 {
        let q = SearchQuery {
            text: "-Paris\"we will(".to_string(),
            limit: 0,
            ..Default::default()
        };
        search_case(q, true).expect("no panic");
    }
}
