//! The plain-text path: the first non-empty line is the title, every other non-empty
//! line is a candidate paragraph.

use crate::clean::{self, Para};

/// The title line (when present) and the candidate paragraphs of a plain-text document.
pub(crate) fn split(content: &str) -> (Option<String>, Vec<Para>) {
    let mut lines = content
        .lines()
        .map(crate::meta::collapse_ws)
        .filter(|l| !l.is_empty());
    let title = lines.next().map(|t| clean::strip_read_time(&t));
    (title, lines.map(Para::text).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_line_is_the_title() {
        let (title, paras) =
            split("\n  Bridge reopens 3 min read \n\nFirst line.\r\n  Second\tline. \n");
        assert_eq!(title.as_deref(), Some("Bridge reopens"));
        let texts: Vec<&str> = paras.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(texts, vec!["First line.", "Second line."]);
    }
}
