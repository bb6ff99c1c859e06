//! Emptying scripts and styles before the HTML parser sees them.
//!
//! On the dev pages a quarter of the characters are inline scripts and another quarter
//! inline styles. Nothing downstream reads them from the DOM: readability skips them,
//! the text walkers skip them, and the publication-date scan of inline scripts reads the
//! page source itself. The parser still tokenises them character by character and
//! stores them as text nodes, so [`empty_raw_text`] removes their contents in one
//! lexical pass first, keeping the tags, and so the element tree the parser builds is
//! the same.
//!
//! Kept as they are: JSON-LD scripts (the metadata reads them from the DOM), and any
//! script holding `<!--`, where the HTML tokeniser's escape states could let a
//! `</script>` inside the script not end it.
//!
//! Inline `<svg>` drawings go the same way: they are a tenth of the characters left once
//! scripts and styles are gone (path data mostly), and both readability and our text
//! walkers skip everything under `<svg>`. Their contents are markup, not raw text, so
//! the matching `</svg>` is found by counting nested `<svg>` elements and skipping
//! comments; the `<svg>` element itself stays, empty.

use std::borrow::Cow;

/// `html` with the contents of its `<script>` (other than JSON-LD), `<style>` and `<svg>` elements
/// removed; borrowed unchanged when there is nothing to remove.
pub(crate) fn empty_raw_text(html: &str) -> Cow<'_, str> {
    let bytes = html.as_bytes();
    let mut out: Option<String> = None;
    let mut copied = 0usize;
    let mut i = 0usize;
    while let Some(off) = bytes.get(i..).and_then(|b| memchr::memchr(b'<', b)) {
        let lt = i + off;
        let rest = &bytes[lt + 1..];
        if rest.starts_with(b"!--") {
            // A comment: a `<script>` inside it is not one.
            i = match memchr::memmem::find(rest, b"-->") {
                Some(k) => lt + 1 + k + 3,
                None => break,
            };
            continue;
        }
        let Some(name) = raw_text_name(rest) else {
            i = lt + 1;
            continue;
        };
        let Some(open_end) = tag_end(bytes, lt + 1 + name.len()) else {
            break;
        };
        let attrs = &bytes[lt + 1 + name.len()..open_end];
        let body_start = open_end + 1;
        if name == b"svg" && bytes[open_end - 1] == b'/' {
            // `<svg/>`: self-closing in foreign content, nothing inside.
            i = body_start;
            continue;
        }
        let close = if name == b"svg" {
            svg_closing_tag(bytes, body_start)
        } else {
            closing_tag(bytes, body_start, name)
        };
        let Some(close) = close else {
            break;
        };
        let body = &bytes[body_start..close];
        let keep = body.is_empty()
            || (name == b"script"
                && (contains_ignore_case(attrs, b"ld+json")
                    || memchr::memmem::find(body, b"<!--").is_some()));
        if !keep {
            let buf = out.get_or_insert_with(|| String::with_capacity(html.len() / 2));
            buf.push_str(&html[copied..body_start]);
            copied = close;
        }
        i = close + 2;
    }
    match out {
        Some(mut buf) => {
            buf.push_str(&html[copied..]);
            Cow::Owned(buf)
        }
        None => Cow::Borrowed(html),
    }
}

/// `script`, `style` or `svg` when `rest` (what follows a `<`) opens one of them.
fn raw_text_name(rest: &[u8]) -> Option<&'static [u8]> {
    [b"script".as_slice(), b"style".as_slice(), b"svg".as_slice()]
        .into_iter()
        .find(|name| opens(rest, name))
}

/// True when `rest` (what follows a `<` or `</`) starts with the tag name `name`.
fn opens(rest: &[u8], name: &[u8]) -> bool {
    rest.len() > name.len()
        && rest[..name.len()].eq_ignore_ascii_case(name)
        && ends_name(rest[name.len()])
}

/// The index of the `</svg` that closes the `<svg>` whose contents start at `from`:
/// nested `<svg>` elements open and close in between, comments are skipped.
fn svg_closing_tag(bytes: &[u8], from: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut i = from;
    while let Some(off) = bytes.get(i..).and_then(|b| memchr::memchr(b'<', b)) {
        let lt = i + off;
        let rest = &bytes[lt + 1..];
        if rest.starts_with(b"!--") {
            i = lt + 4 + memchr::memmem::find(&rest[3..], b"-->")? + 3;
            continue;
        }
        if rest.first() == Some(&b'/') && opens(&rest[1..], b"svg") {
            if depth == 0 {
                return Some(lt);
            }
            depth -= 1;
        } else if opens(rest, b"svg") {
            let end = tag_end(bytes, lt + 4)?;
            if bytes[end - 1] != b'/' {
                depth += 1;
            }
        }
        i = lt + 1;
    }
    None
}

/// True for the bytes that may follow a tag name.
fn ends_name(b: u8) -> bool {
    matches!(b, b'>' | b'/' | b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
}

/// The index of the `>` ending the tag whose attributes start at `from`, skipping `>`
/// inside quoted attribute values.
fn tag_end(bytes: &[u8], from: usize) -> Option<usize> {
    let mut quote: Option<u8> = None;
    for (k, &b) in bytes.get(from..)?.iter().enumerate() {
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'"' || b == b'\'' => quote = Some(b),
            None if b == b'>' => return Some(from + k),
            None => {}
        }
    }
    None
}

/// The index of the `</name` (any case, followed by what may end a tag name) that closes
/// a raw-text element whose contents start at `from`.
fn closing_tag(bytes: &[u8], from: usize, name: &[u8]) -> Option<usize> {
    let mut i = from;
    while let Some(off) = bytes.get(i..).and_then(|b| memchr::memmem::find(b, b"</")) {
        let at = i + off;
        let after = at + 2;
        let matches = bytes
            .get(after..after + name.len())
            .is_some_and(|n| n.eq_ignore_ascii_case(name))
            && bytes.get(after + name.len()).is_some_and(|&b| ends_name(b));
        if matches {
            return Some(at);
        }
        i = after;
    }
    None
}

fn contains_ignore_case(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_and_styles_are_emptied_and_their_tags_kept() {
        let html = "<head><STYLE type=\"text/css\">p { color: red }</STYLE>\
                    <script>var a = '<p>not text</p>';</script></head><body><p>Hi</p></body>";
        assert_eq!(
            empty_raw_text(html),
            "<head><STYLE type=\"text/css\"></STYLE><script></script></head><body><p>Hi</p></body>"
        );
    }

    #[test]
    fn json_ld_and_escaped_scripts_stay() {
        let html = r#"<script type="application/ld+json">{"headline":"A"}</script><script><!-- document.write("<script></script>") --></script><p>x</p>"#;
        assert_eq!(empty_raw_text(html), html);
    }

    #[test]
    fn quoted_angle_brackets_comments_and_lookalikes_are_respected() {
        let html = r#"<!-- <script>kept</script> --><script data-x="a>b">drop()</script><scripts>kept</scripts><stylex>kept</stylex>"#;
        assert_eq!(
            empty_raw_text(html),
            r#"<!-- <script>kept</script> --><script data-x="a>b"></script><scripts>kept</scripts><stylex>kept</stylex>"#
        );
    }

    #[test]
    fn unclosed_and_truncated_input_is_left_alone() {
        for html in [
            "<script>never closed",
            "<script",
            "<style a='>",
            "<!-- open",
            "<",
            "",
        ] {
            assert_eq!(empty_raw_text(html), html);
        }
        // A closing tag in another case and with attributes still closes.
        assert_eq!(
            empty_raw_text("<script>x</SCRIPT >y"),
            "<script></SCRIPT >y"
        );
    }

    #[test]
    fn soups_of_tag_fragments_never_panic_and_only_shrink() {
        let pieces = [
            "<script",
            "<SCRIPT ",
            "</script",
            "</script>",
            "<style>",
            "</style ",
            "<svg>",
            "<svg/>",
            "</SVG>",
            ">",
            "\"",
            "'",
            "<!--",
            "-->",
            "<",
            "</",
            "ld+json",
            "é",
            "€x",
            " ",
            "<p>",
            "text",
        ];
        let mut state: u32 = 0x9e37_79b9;
        for _ in 0..2_000 {
            let mut html = String::new();
            for _ in 0..40 {
                state ^= state << 13;
                state ^= state >> 17;
                state ^= state << 5;
                html.push_str(pieces[state as usize % pieces.len()]);
            }
            let out = empty_raw_text(&html);
            assert!(out.len() <= html.len());
        }
    }

    #[test]
    fn svg_drawings_are_emptied_counting_nested_ones() {
        let html = "<p>a</p><SVG viewBox=\"0 0 1 1\"><path d=\"M0 0\"/><svg><title>t</title></svg>\
                    <!-- </svg> --><use/></svg ><p>b</p><svg/><p>c</p><svgx>k</svgx>";
        assert_eq!(
            empty_raw_text(html),
            "<p>a</p><SVG viewBox=\"0 0 1 1\"></svg ><p>b</p><svg/><p>c</p><svgx>k</svgx>"
        );
        // Unclosed: left alone.
        assert_eq!(empty_raw_text("<svg><path/>"), "<svg><path/>");
    }

    #[test]
    fn multibyte_text_around_scripts_survives() {
        let html = "é<script>ü</script>ß<style>€</style>ñ";
        assert_eq!(empty_raw_text(html), "é<script></script>ß<style></style>ñ");
    }
}
