//! The plain-text path: the first non-empty line is the title, every other non-empty
//! line is a candidate paragraph.

use crate::clean::{self, Para};

/// The title line and the candidate paragraphs of a plain-text document. When the
/// container already supplied a title (`titled`), the first line is body text like any
/// other (the cleanup drops it if it only repeats that title).
pub(crate) fn split(content: &str, titled: bool) -> (Option<String>, Vec<Para>) {
    let mut lines = content
        .lines()
        .map(crate::meta::collapse_ws)
        .filter(|l| !l.is_empty());
    let title = if titled {
        None
    } else {
        lines.next().map(|t| clean::strip_read_time(&t))
    };
    (title, lines.map(Para::text).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_line_is_the_title() {
        let content = "\n  Bridge reopens 3 min read \n\nFirst line.\r\n  Second\tline. \n";
        let (title, paras) = split(content, false);
        assert_eq!(title.as_deref(), Some("Bridge reopens"));
        let texts: Vec<&str> = paras.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(texts, vec!["First line.", "Second line."]);

        let (title, paras) = split(content, true);
        assert_eq!(title, None);
        assert_eq!(paras.len(), 3);
    }
}
