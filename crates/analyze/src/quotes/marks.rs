//! Quotation marks: which characters open and close a quotation, and where.
//!
//! Double marks (`"` `“` `”` `„` `«` `»`) are paired first, paragraph by paragraph;
//! straight marks are told apart by what surrounds them. Single marks (`'` `‘` `’`)
//! count as quotation marks only outside double-quoted text (British style), and only
//! when they close in the same paragraph, so apostrophes do not open quotes. A double
//! quote left open at the end of a paragraph runs on when the next paragraph starts with
//! an opening mark, as newspapers print quotes of several paragraphs. Two straight
//! apostrophes (`''`, the ASCII rendering some archives give `“` and `”`) are one double
//! mark.

/// One quotation found in a body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    /// Byte offset of the opening mark.
    pub open: usize,
    /// Byte range of the content (trimmed; a trailing comma left out).
    pub start: usize,
    pub end: usize,
    /// Byte offset just after the closing mark, or the end of the paragraph when the
    /// quote runs on into the next paragraph.
    pub close: usize,
    /// Index of the paragraph holding the quote.
    pub paragraph: usize,
    /// The quote goes on in the next paragraph.
    pub runs_on: bool,
    /// The quote goes on from the previous paragraph.
    pub continued: bool,
}

fn is_open_context(prev: Option<char>) -> bool {
    prev.is_none_or(|p| p.is_whitespace() || "([{\u{2014}\u{2013}-/:".contains(p))
}

fn is_close_context(next: Option<char>) -> bool {
    next.is_none_or(|n| {
        n.is_whitespace() || ".,;:!?)]}\u{2014}\u{2013}-\u{2026}".contains(n) || is_double(n)
    })
}

fn is_double(c: char) -> bool {
    matches!(
        c,
        '"' | '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{00AB}' | '\u{00BB}'
    )
}

/// The characters of a paragraph with their offsets and byte lengths; two straight
/// apostrophes in a row count as one `"`.
fn marks_of(para: &str) -> Vec<(usize, char, usize)> {
    let mut out: Vec<(usize, char, usize)> = Vec::with_capacity(para.len());
    for (i, c) in para.char_indices() {
        if c == '\'' {
            if let Some(last) = out.last_mut() {
                if last.1 == '\'' && last.0 + 1 == i {
                    *last = (last.0, '"', 2);
                    continue;
                }
            }
        }
        out.push((i, c, c.len_utf8()));
    }
    out
}

/// True when a paragraph's text starts with an opening quotation mark.
fn starts_with_open(para: &str) -> bool {
    let para = para.trim_start();
    para.starts_with("''")
        || para
            .chars()
            .next()
            .is_some_and(|c| matches!(c, '"' | '\u{201C}' | '\u{201E}' | '\u{00AB}' | '\u{2018}'))
}

/// Quotations of a body, given its paragraphs (offset, text), in text order.
pub fn find(paragraphs: &[(usize, &str)]) -> Vec<Span> {
    let mut out = Vec::new();
    let mut carried = false;
    for (index, &(base, para)) in paragraphs.iter().enumerate() {
        let continued = carried && starts_with_open(para);
        carried = false;
        let chars = marks_of(para);
        // Open, content start, content end, close.
        let mut doubles: Vec<(usize, usize, usize, usize)> = Vec::new();
        let mut open: Option<(usize, char, usize)> = None;
        for (k, &(i, c, len)) in chars.iter().enumerate() {
            if !is_double(c) {
                continue;
            }
            let prev = k.checked_sub(1).map(|p| chars[p].1);
            let next = chars.get(k + 1).map(|&(_, n, _)| n);
            let clearly_closing = !is_open_context(prev) && is_close_context(next);
            let clearly_opening = is_open_context(prev) && !is_close_context(next);
            match open {
                None => {
                    let opens = match c {
                        '\u{201C}' | '\u{201E}' | '\u{00AB}' => true,
                        '"' => !clearly_closing,
                        '\u{201D}' => clearly_opening,
                        _ => false,
                    };
                    if opens {
                        open = Some((i, c, len));
                    }
                }
                Some((at, oc, olen)) => {
                    let closes = match c {
                        '\u{201D}' | '\u{00BB}' => true,
                        '"' => !clearly_opening || oc != '"',
                        '\u{201C}' => oc == '\u{201E}' || clearly_closing,
                        _ => false,
                    };
                    if closes {
                        doubles.push((at, at + olen, i, i + len));
                        open = None;
                    } else if matches!(c, '\u{201C}' | '\u{201E}' | '\u{00AB}' | '"')
                        && clearly_opening
                    {
                        // The earlier mark never closed: start again here.
                        open = Some((i, c, len));
                    }
                }
            }
        }
        for &(at, content, content_end, close) in &doubles {
            push(
                &mut out,
                base,
                para,
                at,
                content,
                content_end,
                close,
                index,
                false,
                false,
            );
        }
        if let Some((at, _, olen)) = open {
            let next_starts = paragraphs
                .get(index + 1)
                .is_some_and(|&(_, p)| starts_with_open(p));
            let at_start = para[..at].trim().is_empty() || para[..at].trim_end().ends_with(':');
            // A quotation left open in a body that ends with an ellipsis was cut off
            // where the text was (a crawl that keeps the first few hundred characters):
            // its words are not whole, and no one is named to have said them.
            let cut_off = index + 1 == paragraphs.len() && {
                let tail = para.trim_end();
                tail.ends_with("...") || tail.ends_with('\u{2026}')
            };
            if (next_starts || at_start) && !cut_off {
                carried = next_starts;
                push(
                    &mut out,
                    base,
                    para,
                    at,
                    at + olen,
                    para.len(),
                    para.len(),
                    index,
                    next_starts,
                    false,
                );
            }
        }
        // Quotes at paragraph start continue a quote left open before.
        if continued {
            let first = out
                .iter_mut()
                .rev()
                .take_while(|s| s.paragraph == index)
                .last();
            if let Some(span) = first {
                if para[..span.open - base].trim().is_empty() {
                    span.continued = true;
                }
            }
        }
        // Single marks outside double-quoted text.
        let mut covered: Vec<(usize, usize)> = doubles.iter().map(|&(a, _, _, c)| (a, c)).collect();
        if let Some((at, _, _)) = open {
            covered.push((at, para.len()));
        }
        // The covered ranges are in order and apart: walk them along with the marks.
        let mut next_cover = 0;
        let mut single: Option<usize> = None;
        for (k, &(i, c, _)) in chars.iter().enumerate() {
            while covered.get(next_cover).is_some_and(|&(_, b)| b <= i) {
                next_cover += 1;
            }
            if covered.get(next_cover).is_some_and(|&(a, _)| a <= i) {
                single = None;
                continue;
            }
            let prev = k.checked_sub(1).map(|p| chars[p].1);
            let next = chars.get(k + 1).map(|&(_, n, _)| n);
            match (single, c) {
                (None, '\u{2018}' | '\'')
                    if is_open_context(prev) && next.is_some_and(|n| n.is_alphanumeric()) =>
                {
                    single = Some(i);
                }
                (Some(at), '\u{2019}' | '\'') => {
                    let after_word = prev.is_some_and(|p| !p.is_whitespace());
                    if after_word && next.is_none_or(|n| !n.is_alphanumeric()) {
                        push(
                            &mut out,
                            base,
                            para,
                            at,
                            at + para[at..].chars().next().map_or(1, char::len_utf8),
                            i,
                            i + c.len_utf8(),
                            index,
                            false,
                            false,
                        );
                        single = None;
                    }
                }
                _ => {}
            }
        }
    }
    out.sort_by_key(|s| (s.open, s.close));
    out
}

#[allow(clippy::too_many_arguments)]
fn push(
    out: &mut Vec<Span>,
    base: usize,
    para: &str,
    open: usize,
    content_start: usize,
    content_end: usize,
    close: usize,
    paragraph: usize,
    runs_on: bool,
    continued: bool,
) {
    let Some(raw) = para.get(content_start..content_end) else {
        return;
    };
    let lead = raw.len() - raw.trim_start().len();
    let mut trimmed = raw.trim();
    while let Some(t) = trimmed.strip_suffix(',') {
        trimmed = t.trim_end();
    }
    if !trimmed.chars().any(text::is_word_char) {
        return;
    }
    let start = base + content_start + lead;
    out.push(Span {
        open: base + open,
        start,
        end: start + trimmed.len(),
        close: base + close,
        paragraph,
        runs_on,
        continued,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contents(body: &str) -> Vec<&str> {
        let paragraphs: Vec<(usize, &str)> = crate::entities::paragraphs(body).collect();
        find(&paragraphs)
            .into_iter()
            .map(|s| &body[s.start..s.end])
            .collect()
    }

    #[test]
    fn a_quotation_cut_off_with_the_text_is_no_quotation() {
        let cut =
            "The port reopened.\n\n\"We will keep every berth open while the talks go on and...";
        assert!(contents(cut).is_empty(), "{:?}", contents(cut));
        // Left open at the end of a whole text, it still counts.
        let whole = "The port reopened.\n\n\"We will keep every berth open while the talks go on.";
        assert_eq!(contents(whole).len(), 1);
    }

    #[test]
    fn every_mark_style_pairs() {
        assert_eq!(
            contents("He said \"yes we can\" loudly."),
            vec!["yes we can"]
        );
        assert_eq!(
            contents("“One two,” she said. „Drei vier“ and «cinq six»."),
            vec!["One two", "Drei vier", "cinq six"]
        );
        assert_eq!(
            contents("The ‘big idea’ is Tom’s, not the players’ own."),
            vec!["big idea"]
        );
        assert_eq!(
            contents("“Say ‘no’ to them,” he said."),
            vec!["Say ‘no’ to them"]
        );
    }

    #[test]
    fn doubled_apostrophes_are_one_mark() {
        assert_eq!(
            contents("''It is a small step,'' the mayor said, and the ''bridge'' stood."),
            vec!["It is a small step", "bridge"]
        );
        assert_eq!(
            contents("The twins'' bikes and Tom's car stay."),
            Vec::<&str>::new()
        );
    }

    #[test]
    fn quotes_run_over_paragraphs() {
        let body = "“First part of it.\n\n“Second part,” she said.";
        let paragraphs: Vec<(usize, &str)> = crate::entities::paragraphs(body).collect();
        let spans = find(&paragraphs);
        assert_eq!(spans.len(), 2);
        assert!(spans[0].runs_on && !spans[0].continued);
        assert!(spans[1].continued);
        assert_eq!(&body[spans[0].start..spans[0].end], "First part of it.");
    }

    #[test]
    fn unbalanced_marks_do_not_panic() {
        for body in ["\"", "“", "a ” b", "'", "’x‘", "\"a\" \" b", "« »", "“ ”"] {
            let _ = contents(body);
        }
    }
}
