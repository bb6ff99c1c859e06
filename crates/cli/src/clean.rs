//! Text printed for people is made safe for a terminal first.
//!
//! Titles, outlets, file names and failure messages come from the input, and a terminal
//! acts on the control characters in them: ESC starts the sequences that recolour text,
//! move the cursor, clear the screen, retitle the window or set the clipboard, and C1
//! controls (U+0080 to U+009F) are read as such sequences by some terminals. Every one of
//! them is written out as a visible escape instead (`\x1B`, `\u{9B}`), so what the input
//! says is still readable and nothing reaches the terminal as a command. JSON output
//! needs none of this: serde escapes control characters.

use std::borrow::Cow;
use std::fmt::Write;

/// Multi-line text (a brief in Markdown): newlines and tabs are kept, every other control
/// character is escaped.
pub fn text(s: &str) -> Cow<'_, str> {
    escape(s, |c| matches!(c, '\n' | '\t'))
}

/// One line of text (a title, a failure message): tabs are kept, every other control
/// character, line breaks included, is escaped, so one record prints as one line.
pub fn line(s: &str) -> Cow<'_, str> {
    escape(s, |c| c == '\t')
}

fn escape(s: &str, keep: impl Fn(char) -> bool) -> Cow<'_, str> {
    let unsafe_char = |c: char| c.is_control() && !keep(c);
    if !s.chars().any(unsafe_char) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        if !unsafe_char(c) {
            out.push(c);
        } else if c.is_ascii() {
            let _ = write!(out, "\\x{:02X}", c as u32);
        } else {
            let _ = write!(out, "\\u{{{:X}}}", c as u32);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_become_visible_escapes() {
        let title = "\u{1b}]0;owned\u{7}\u{1b}[31mRed\u{1b}[0m \u{9b}2J\r\nnext\tcol";
        assert_eq!(
            line(title),
            "\\x1B]0;owned\\x07\\x1B[31mRed\\x1B[0m \\u{9B}2J\\x0D\\x0Anext\tcol"
        );
        assert_eq!(text("a\nb\u{7f}"), "a\nb\\x7F");
        assert!(matches!(line("café — «ok»"), Cow::Borrowed(_)));
    }
}
