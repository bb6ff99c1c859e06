//! The plain-text path: the first non-empty line is the title, every other non-empty
//! line is a candidate paragraph.

use crate::clean::{self, Para};

/// Longest first line, in words, still read as a title rather than a paragraph.
const MAX_TITLE_WORDS: usize = 30;

/// How many date lines may stand above the title of a plain-text article.
const MAX_DATE_LINES_ABOVE_TITLE: usize = 2;

/// The title line and the candidate paragraphs of a plain-text document. When the
/// container already supplied a title (`titled`), the first line is body text like any
/// other (the cleanup drops it if it only repeats that title). When the first line is the
/// whole text, or too long to be a title, it stays in the body and its first sentence
/// becomes the title: a one-paragraph JSON line without a `title` is still an article.
/// The flag says the title was taken from body text, which must then not be dropped as a
/// repeat of the title.
pub(crate) fn split(content: &str, titled: bool) -> (Option<String>, Vec<Para>, bool) {
    let mut lines: Vec<String> = content
        .lines()
        .map(crate::meta::collapse_ws)
        .filter(|l| !l.is_empty())
        .collect();
    if titled || lines.is_empty() {
        return (None, lines.into_iter().map(Para::text).collect(), false);
    }
    // A publication line or a bare date above the title ("Published Monday, Nov. 19,
    // 2018") is no title: the title is the first line after such lines, and they stay
    // in the body, where the cleanup reads them as the header's date.
    let dated = lines
        .iter()
        .take(MAX_DATE_LINES_ABOVE_TITLE + 1)
        .take_while(|l| crate::meta::dateline(l).is_some())
        .count();
    if dated > 0 && dated <= MAX_DATE_LINES_ABOVE_TITLE && dated < lines.len() {
        let title = lines.remove(dated);
        lines.insert(0, title);
    }
    let first = &lines[0];
    let from_body = lines.len() == 1 || text::words(first).count() > MAX_TITLE_WORDS;
    let title = if from_body {
        let (start, end) = text::sentences(first)
            .first()
            .copied()
            .unwrap_or((0, first.len()));
        first[start..end].to_string()
    } else {
        clean::strip_read_time(&lines.remove(0))
    };
    (
        Some(title),
        lines.into_iter().map(Para::text).collect(),
        from_body,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_line_is_the_title() {
        let content = "\n  Bridge reopens 3 min read \n\nFirst line.\r\n  Second\tline. \n";
        let (title, paras, _) = split(content, false);
        assert_eq!(title.as_deref(), Some("Bridge reopens"));
        let texts: Vec<&str> = paras.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(texts, vec!["First line.", "Second line."]);

        let (title, paras, _) = split(content, true);
        assert_eq!(title, None);
        assert_eq!(paras.len(), 3);
    }

    #[test]
    fn a_date_line_above_the_title_is_no_title() {
        let content = "Published Tuesday, Oct. 6, 2026\n\nGlass museum reopens\n\nThe doors opened on Monday.";
        let (title, paras, from_body) = split(content, false);
        assert_eq!(title.as_deref(), Some("Glass museum reopens"));
        let texts: Vec<&str> = paras.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "Published Tuesday, Oct. 6, 2026",
                "The doors opened on Monday."
            ]
        );
        assert!(!from_body);
        // A date alone is still the title of a text that holds nothing else.
        let (title, _, _) = split("Published Tuesday, Oct. 6, 2026", false);
        assert_eq!(title.as_deref(), Some("Published Tuesday, Oct. 6, 2026"));
    }

    #[test]
    fn a_lone_paragraph_keeps_its_text_and_lends_a_title() {
        let (title, paras, from_body) =
            split("Tram fares rise in May. The board voted on Friday.", false);
        assert_eq!(title.as_deref(), Some("Tram fares rise in May."));
        assert_eq!(paras.len(), 1);
        assert!(from_body);
        let long = "word ".repeat(40) + "\n\nSecond paragraph.";
        let (title, paras, _) = split(&long, false);
        assert_eq!(
            paras.len(),
            2,
            "a 40-word first line is a paragraph, not a title: {title:?}"
        );
    }
}
