//! Partial quotes. A quotation that opens inside a reporter's sentence ("claiming that
//! Brand “lied many times …”", "He “should be forced to resign”") reads, alone, as a
//! predicate with no one doing it. A reader is shown it inside its clause, from the
//! subject that stands before the opening mark ("Brand “lied many times …”"), as
//! reported speech. A quotation that is a preposition's object ("accusing him of
//! “lying and leaking”") names a thing said of someone, not a statement, and is not
//! shown as one; nor is a reported question ("whether a double standard was at play"),
//! which asks rather than states.

use model::{Quote, QuoteKind};

use crate::words::{CLAUSE_STOPS, OBJECT_PREPOSITIONS, SUBJECT_OPENERS};

/// What a quote is to a reader of who said what.
#[derive(Debug, PartialEq)]
pub(crate) enum Reading {
    /// It stands as it is: a whole sentence, a clause with its own subject, or reported
    /// speech.
    AsIs,
    /// It is shown inside its clause: the clause's text, from its subject to the closing
    /// mark, and the byte offset where that text starts.
    InClause { text: String, start: usize },
    /// It is no statement of its speaker.
    NoStatement,
}

/// Most words from a partial quote's subject to its opening mark ("Flynn's life has
/// been “ruined”").
const MAX_LEAD_WORDS: usize = 6;

/// Most bytes looked back from an opening mark for the clause's subject.
const LEAD_BYTES: usize = 160;

const OPENING_MARKS: &[char] = &['"', '\u{201C}', '\u{2018}', '\''];
const CLOSING_MARKS: &[char] = &['"', '\u{201D}', '\u{2019}', '\''];

/// How a reader is shown `quote`, a quote of the article whose body is `body`.
pub(crate) fn reading(body: &str, quote: &Quote) -> Reading {
    let first = text::words(&quote.text)
        .next()
        .map(|(_, w)| w.to_lowercase())
        .unwrap_or_default();
    if quote.kind == QuoteKind::Indirect {
        // "asked whether …", "asked if …": the words of a question, not a claim.
        let asked = quote
            .cue
            .as_deref()
            .is_some_and(|c| c.to_lowercase().starts_with("ask"));
        return if first == "whether" || (first == "if" && asked) {
            Reading::NoStatement
        } else {
            Reading::AsIs
        };
    }
    let opens_lower = quote
        .text
        .trim_start()
        .starts_with(|c: char| c.is_lowercase());
    if !opens_lower || SUBJECT_OPENERS.contains(&first.as_str()) {
        return Reading::AsIs;
    }
    let Some(before) = body.get(..quote.start) else {
        return Reading::AsIs;
    };
    let Some(lead_end) = before
        .trim_end()
        .strip_suffix(OPENING_MARKS)
        .map(|s| s.trim_end().len())
    else {
        return Reading::AsIs;
    };
    let mut from = lead_end.saturating_sub(LEAD_BYTES);
    while !body.is_char_boundary(from) {
        from += 1;
    }
    let region = &body[from..lead_end];
    let words: Vec<(usize, &str)> = text::words(region).collect();
    let Some(&(_, last)) = words.last() else {
        return Reading::AsIs;
    };
    if OBJECT_PREPOSITIONS.contains(&last.to_lowercase().as_str()) {
        return Reading::NoStatement;
    }
    // The words of the clause before the mark, back to a boundary: punctuation, a word
    // that joins clauses, or the verb that reports the quote.
    let cue = quote.cue.as_deref().map(str::to_lowercase);
    let mut lead: Vec<(usize, &str)> = Vec::new();
    let mut next_at = region.len();
    for &(at, w) in words.iter().rev() {
        let gap = &region[at + w.len()..next_at];
        let lower = w.to_lowercase();
        if gap.contains(|c: char| ",.;:!?()[]\n".contains(c) || OPENING_MARKS.contains(&c))
            || CLAUSE_STOPS.contains(&lower.as_str())
            || cue.as_deref() == Some(lower.as_str())
            || lead.len() > MAX_LEAD_WORDS
        {
            break;
        }
        lead.push((at, w));
        next_at = at;
    }
    lead.reverse();
    // The clause's subject opens the last run of words that can open one.
    let opens_subject = |w: &str| {
        SUBJECT_OPENERS.contains(&w.to_lowercase().as_str())
            || (w.starts_with(char::is_uppercase)
                && w.parse::<chrono::Weekday>().is_err()
                && w.parse::<chrono::Month>().is_err())
    };
    let Some(last_opener) = lead.iter().rposition(|&(_, w)| opens_subject(w)) else {
        return Reading::AsIs;
    };
    let mut start = last_opener;
    while start > 0 && opens_subject(lead[start - 1].1) {
        start -= 1;
    }
    if lead.len() - start > MAX_LEAD_WORDS {
        return Reading::AsIs;
    }
    let clause_start = from + lead[start].0;
    // The closing mark ends the clause shown; a comma the quotation borrowed from the
    // reporter's sentence ("… a crime,” it said") is left out.
    let after = body.get(quote.end..).unwrap_or_default();
    let mark = after
        .trim_start_matches([',', ';', ':'])
        .chars()
        .next()
        .filter(|c| CLOSING_MARKS.contains(c));
    match body.get(clause_start..quote.end) {
        Some(clause) => {
            let clause = clause.trim_end().trim_end_matches([',', ';', ':']);
            let mut text = clause.split_whitespace().collect::<Vec<_>>().join(" ");
            text.extend(mark);
            Reading::InClause {
                text,
                start: clause_start,
            }
        }
        None => Reading::AsIs,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The direct quote of `body` between the first pair of curly marks after `after`.
    fn quote_in(body: &str, after: &str, cue: &str) -> Quote {
        let from = body.find(after).expect("the anchor") + after.len();
        let open = from + body[from..].find('\u{201C}').expect("an opening mark") + 3;
        let close = open + body[open..].find('\u{201D}').expect("a closing mark");
        Quote {
            text: body[open..close].to_string(),
            speaker: Some("Peter Lind".into()),
            kind: QuoteKind::Direct,
            start: open,
            end: close,
            cue: Some(cue.into()),
            confidence: 0.9,
        }
    }

    #[test]
    fn a_predicate_is_shown_with_its_subject() {
        let body = "Lind said so, before again claiming that Brand \u{201C}lied many times, \
                    and nothing happened to her.\u{201D}";
        let q = quote_in(body, "Brand", "claiming");
        assert_eq!(
            reading(body, &q),
            Reading::InClause {
                text: "Brand \u{201C}lied many times, and nothing happened to her.\u{201D}".into(),
                start: body.find("Brand").unwrap(),
            }
        );
    }

    #[test]
    fn auxiliaries_and_possessives_stay_in_the_clause() {
        let body = "The mayor told the board that Varga\u{2019}s plan had been \u{201C}rushed \
                    through without a single hearing\u{201D} last spring.";
        let q = quote_in(body, "been", "told");
        let Reading::InClause { text, .. } = reading(body, &q) else {
            panic!("not widened: {:?}", reading(body, &q));
        };
        assert!(
            text.starts_with("Varga\u{2019}s plan had been \u{201C}rushed"),
            "{text}"
        );
        // A weekday before the subject is not part of it.
        let body = "Lind said Monday he \u{201C}would not step down before the vote\u{201D}.";
        let q = quote_in(body, "Monday", "said");
        let Reading::InClause { text, .. } = reading(body, &q) else {
            panic!("not widened");
        };
        assert!(text.starts_with("he \u{201C}would"), "{text}");
    }

    #[test]
    fn a_borrowed_comma_stays_outside_the_clause() {
        let body = "While the inspector says her report \u{201C}does not find that the mayor \
                    broke a rule,\u{201D} it \u{201C}also does not clear him.\u{201D}";
        let mut q = quote_in(body, "report", "says");
        q.end -= 1;
        q.text.pop();
        let Reading::InClause { text, .. } = reading(body, &q) else {
            panic!("not widened");
        };
        assert_eq!(
            text,
            "her report \u{201C}does not find that the mayor broke a rule\u{201D}"
        );
    }

    #[test]
    fn whole_clauses_and_complements_stand_as_they_are() {
        // A sentence of its own.
        let body = "Lind said: \u{201C}We will defend the harbour against every claim.\u{201D}";
        assert_eq!(
            reading(body, &quote_in(body, "said", "said")),
            Reading::AsIs
        );
        // A clause with its own subject after the verb.
        let body = "Lind said \u{201C}we will defend the harbour against every claim.\u{201D}";
        assert_eq!(
            reading(body, &quote_in(body, "said", "said")),
            Reading::AsIs
        );
        // The verb's own complement: nothing between the verb and the mark.
        let body = "Lind promised \u{201C}to defend the harbour against every claim.\u{201D}";
        assert_eq!(
            reading(body, &quote_in(body, "Lind", "promised")),
            Reading::AsIs
        );
    }

    #[test]
    fn an_object_of_a_preposition_or_a_question_is_no_statement() {
        let body = "Lind struck back, accusing Varga of \u{201C}knowingly and unlawfully \
                    misleading the board.\u{201D}";
        assert_eq!(
            reading(body, &quote_in(body, "Varga", "accusing")),
            Reading::NoStatement
        );
        let asked = Quote {
            text: "whether the quay was ever inspected".into(),
            speaker: Some("Peter Lind".into()),
            kind: QuoteKind::Indirect,
            start: 0,
            end: 0,
            cue: Some("asked".into()),
            confidence: 0.9,
        };
        assert_eq!(reading("", &asked), Reading::NoStatement);
    }
}
