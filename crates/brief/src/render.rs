//! Markdown rendering of a brief, readable as plain text in a terminal.
//!
//! Sources are numbered from 1 in the order of the brief; every other line cites them
//! with chips like `[1,3]`. Empty sections are left out.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use model::{ArticleId, Brief, QuoteKind, Stance};

/// Renders a brief as Markdown for the terminal. Statements come grouped by speaker,
/// most widely carried first; past [`Brief::STATEMENTS_SHOWN`] a line says how many more the
/// JSON holds.
pub fn render_markdown(brief: &Brief) -> String {
    let numbers: BTreeMap<&str, usize> = brief
        .sources
        .iter()
        .enumerate()
        .rev()
        .map(|(k, s)| (s.article_id.as_str(), k + 1))
        .collect();
    let cite = |ids: &[ArticleId]| chips(&numbers, ids);
    let mut out = String::new();
    let headline = one_line(&brief.headline);
    let _ = writeln!(
        out,
        "# {}",
        if headline.is_empty() {
            "(untitled story)"
        } else {
            &headline
        }
    );
    let _ = writeln!(out, "\nStory `{}`: {}.", brief.id, outlet_count(brief));

    if !brief.sources.is_empty() {
        out.push_str("\n## Sources\n\n");
        for (k, s) in brief.sources.iter().enumerate() {
            let outlet = match s.outlet.as_deref() {
                Some(o) if s.outlet_inferred => format!("{} (from the text)", one_line(o)),
                Some(o) => one_line(o),
                None => "unknown outlet".into(),
            };
            let date = match (s.published, s.published_inferred) {
                (Some(d), Some(i)) => format!("{d}, far from the story's dates; read as {i}"),
                (Some(d), None) => d.to_string(),
                (None, Some(d)) => format!("undated, inferred {d} from the story"),
                (None, None) => "undated".to_string(),
            };
            let _ = write!(out, "{}. {outlet}, {date}: {}", k + 1, one_line(&s.title));
            if let Some(original) = &s.duplicate_of {
                let _ = write!(out, " (copy of {})", cite(std::slice::from_ref(original)));
            }
            out.push('\n');
        }
    }

    if !brief.summary.is_empty() {
        out.push_str("\n## Summary\n\n");
        for line in &brief.summary {
            let _ = writeln!(
                out,
                "- {} {}",
                one_line(&line.text),
                cite(&line.article_ids)
            );
        }
    }

    if !brief.statements.is_empty() {
        out.push_str("\n## Who said what\n\n");
        for st in brief.statements.iter().take(Brief::STATEMENTS_SHOWN) {
            let ids: Vec<ArticleId> = st.quotes.iter().map(|q| q.article_id.clone()).collect();
            let _ = writeln!(
                out,
                "- **{}**: {} {}",
                one_line(&st.speaker),
                statement_wording(st),
                cite(&ids)
            );
            // Other wordings, each once, with every article that carries it.
            let main = text::fingerprint_text(&st.text);
            let mut wordings: Vec<(String, &str, QuoteKind, Vec<ArticleId>)> = Vec::new();
            for q in &st.quotes {
                let key = text::fingerprint_text(&q.text);
                if key == main {
                    continue;
                }
                match wordings.iter_mut().find(|(k, _, _, _)| *k == key) {
                    Some((_, _, kind, ids)) => {
                        if q.kind == QuoteKind::Direct {
                            *kind = QuoteKind::Direct;
                        }
                        ids.push(q.article_id.clone());
                    }
                    None => wordings.push((key, &q.text, q.kind, vec![q.article_id.clone()])),
                }
            }
            for (_, text, kind, ids) in wordings {
                let _ = writeln!(out, "  - also: {} {}", wording(text, kind), cite(&ids));
            }
        }
        let more = brief
            .statements
            .len()
            .saturating_sub(Brief::STATEMENTS_SHOWN);
        if more > 0 {
            let _ = writeln!(
                out,
                "- … {more} more statement{} (`--format json` lists every one)",
                if more == 1 { "" } else { "s" }
            );
        }
    }

    if !brief.positions.is_empty() {
        out.push_str("\n## Positions\n\n");
        for p in &brief.positions {
            let target = p
                .target
                .as_deref()
                .map(|t| format!(" (toward {})", one_line(t)))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "- **{}** {}: {}{target} {}",
                one_line(&p.actor),
                stance_verb(p.stance),
                one_line(&p.text),
                cite(&p.article_ids)
            );
        }
    }

    if !brief.timeline.is_empty() {
        out.push_str("\n## Timeline\n\n");
        for t in &brief.timeline {
            let inferred = if t.inferred { " (date inferred)" } else { "" };
            let expected = if t.expected { " (expected)" } else { "" };
            let _ = writeln!(
                out,
                "- {}{expected}{inferred}: {} {}",
                t.date,
                one_line(&t.text),
                cite(&t.article_ids)
            );
        }
    }

    if !brief.numbers.is_empty() {
        out.push_str("\n## Numbers\n\n");
        for n in &brief.numbers {
            let values: Vec<String> = n
                .values
                .iter()
                .map(|v| format!("\"{}\" {}", one_line(&v.text), cite(&v.article_ids)))
                .collect();
            let verdict = if !n.agree {
                " **DISAGREE**"
            } else if n.precision_differs {
                " (differ in precision)"
            } else {
                ""
            };
            let _ = writeln!(
                out,
                "- {}: {}{verdict}",
                one_line(n.shown_what()),
                values.join("; ")
            );
        }
    }

    if !brief.entities.is_empty() {
        out.push_str("\n## Entities\n\n");
        for e in &brief.entities {
            let kind = format!("{:?}", e.kind).to_lowercase();
            let aliases = if e.aliases.is_empty() {
                String::new()
            } else {
                format!(
                    ", also {}",
                    e.aliases
                        .iter()
                        .map(|a| one_line(a))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            };
            let _ = writeln!(
                out,
                "- **{}** ({kind}{aliases}) {}",
                one_line(&e.name),
                cite(&e.article_ids)
            );
        }
    }

    if !brief.shared_passages.is_empty() {
        out.push_str("\n## Shared passages\n\n");
        for p in &brief.shared_passages {
            let _ = writeln!(out, "- \"{}\" {}", one_line(&p.text), cite(&p.article_ids));
        }
    }
    if !brief.coverage.is_empty() {
        out.push_str("\n## What each outlet adds\n");
        for c in &brief.coverage {
            let outlet = brief
                .sources
                .iter()
                .find(|s| s.article_id == c.article_id)
                .and_then(|s| s.outlet.as_deref())
                .map_or_else(|| c.article_id.clone(), one_line);
            let _ = writeln!(
                out,
                "\n{} {outlet}:",
                cite(std::slice::from_ref(&c.article_id))
            );
            if c.adds.is_empty() {
                out.push_str("- adds nothing the other outlets lack\n");
            }
            for a in &c.adds {
                let _ = writeln!(out, "- adds: {}", one_line(a));
            }
            for o in &c.omits {
                let _ = writeln!(out, "- omits: {}", one_line(o));
            }
        }
    }
    out
}

/// The verb that names a stance in the brief ("demands", "rejects").
pub(crate) fn stance_verb(stance: Stance) -> &'static str {
    match stance {
        Stance::Demand => "demands",
        Stance::Reject => "rejects",
        Stance::Threaten => "threatens",
        Stance::Promise => "promises",
        Stance::Propose => "proposes",
        Stance::Accept => "accepts",
    }
}

/// Citation chips: source numbers in ascending order, `[1,3]`; an id that is not a
/// source is shown as itself.
fn chips(numbers: &BTreeMap<&str, usize>, ids: &[ArticleId]) -> String {
    let mut known: Vec<usize> = ids
        .iter()
        .filter_map(|id| numbers.get(id.as_str()).copied())
        .collect();
    known.sort_unstable();
    known.dedup();
    let mut parts: Vec<String> = known.into_iter().map(|n| n.to_string()).collect();
    let mut unknown: Vec<&str> = ids
        .iter()
        .map(String::as_str)
        .filter(|id| !numbers.contains_key(id))
        .collect();
    unknown.sort_unstable();
    unknown.dedup();
    parts.extend(unknown.into_iter().map(str::to_string));
    format!("[{}]", parts.join(","))
}

/// A statement's representative wording as its article gave it: in quotation marks when
/// quoted, as reported speech ("reported: …") when not.
pub(crate) fn statement_wording(st: &model::Statement) -> String {
    let main = text::fingerprint_text(&st.text);
    let main_kind = st
        .quotes
        .iter()
        .filter(|q| text::fingerprint_text(&q.text) == main)
        .map(|q| q.kind)
        .max_by_key(|k| *k == QuoteKind::Direct)
        .unwrap_or(QuoteKind::Direct);
    wording(&st.text, main_kind)
}

/// A quote's wording: in quotation marks when direct, as "reported: …" when indirect.
fn wording(text: &str, kind: QuoteKind) -> String {
    match kind {
        QuoteKind::Direct => format!("\"{}\"", one_line(text)),
        QuoteKind::Indirect => format!("reported: {}", closing_comma_dropped(&one_line(text))),
    }
}

/// A clause ending in quoted words keeps its source's comma before the closing mark
/// (“… ten products,” she said); read alone, the clause ends at the mark.
fn closing_comma_dropped(clause: &str) -> String {
    for mark in ['"', '\u{201D}', '\'', '\u{2019}'] {
        if let Some(head) = clause.strip_suffix(mark) {
            if let Some(head) = head.strip_suffix(',') {
                return format!("{head}{mark}");
            }
        }
    }
    clause.to_string()
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// "5 articles, 2 outlets (1 read from the text), 3 articles with no known outlet": the
/// outlets the sources name, counted once each, and the articles that name none.
fn outlet_count(brief: &Brief) -> String {
    let mut known: BTreeMap<&str, bool> = BTreeMap::new();
    for s in &brief.sources {
        if let Some(o) = s.outlet.as_deref() {
            // An outlet counts as read from the text only when no source states it.
            let inferred = known.entry(o).or_insert(true);
            *inferred &= s.outlet_inferred;
        }
    }
    let n = brief.sources.len();
    let mut line = format!(
        "{n} article{}, {} outlet{}",
        plural(n),
        known.len(),
        plural(known.len())
    );
    let from_text = known.values().filter(|i| **i).count();
    if from_text > 0 {
        let _ = write!(line, " ({from_text} read from the text)");
    }
    let unknown = brief.sources.iter().filter(|s| s.outlet.is_none()).count();
    if unknown > 0 {
        let _ = write!(
            line,
            ", {unknown} article{} with no known outlet",
            plural(unknown)
        );
    }
    line
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

#[cfg(test)]
mod tests {
    use super::closing_comma_dropped;

    #[test]
    fn a_clause_ending_in_quoted_words_loses_the_comma_before_the_mark() {
        assert_eq!(
            closing_comma_dropped("The rule adds to \u{201C}a long list,\u{201D}"),
            "The rule adds to \u{201C}a long list\u{201D}"
        );
        assert_eq!(
            closing_comma_dropped("the town \"has changed,\""),
            "the town \"has changed\""
        );
        assert_eq!(closing_comma_dropped("a plain clause,"), "a plain clause,");
        assert_eq!(closing_comma_dropped("ends \"well\""), "ends \"well\"");
    }
}
