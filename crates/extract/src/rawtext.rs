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
//!
//! The same pass drops `data-*`, `srcset` and `sizes` attributes from start tags (a
//! tenth of the bytes left, and an attribute allocated per value in the parser); no
//! extractor reads them. Titles and text areas are passed over whole, since what looks
//! like a tag inside them is text.

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
            i = match rest.first() {
                Some(b) if b.is_ascii_alphabetic() => {
                    let drops = dropped_attributes(bytes, lt + 1);
                    for (a, b) in drops.spans {
                        let buf = out.get_or_insert_with(|| String::with_capacity(html.len() / 2));
                        buf.push_str(&html[copied..a]);
                        copied = b;
                    }
                    // RCDATA: what looks like a tag inside a title or a text area is
                    // text, so it is passed over whole.
                    let rcdata = [b"title".as_slice(), b"textarea".as_slice()]
                        .into_iter()
                        .find(|name| opens(rest, name));
                    match (drops.end, rcdata) {
                        (Some(end), Some(name)) => match closing_tag(bytes, end + 1, name) {
                            Some(close) => close + 2,
                            None => break,
                        },
                        (Some(end), None) => end + 1,
                        (None, _) => break,
                    }
                }
                _ => lt + 1,
            };
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

/// What [`dropped_attributes`] found in a start tag.
struct Drops {
    /// Byte ranges of the attributes to drop, each with the white space before it.
    spans: Vec<(usize, usize)>,
    /// The index of the `>` ending the tag; `None` when the input ends first.
    end: Option<usize>,
}

/// True for attributes nothing downstream reads: `data-*` (a tenth of the bytes of a
/// page once scripts and styles are emptied) and responsive image lists.
fn is_dropped(name: &[u8]) -> bool {
    (name.len() > 5 && name[..5].eq_ignore_ascii_case(b"data-"))
        || name.eq_ignore_ascii_case(b"srcset")
        || name.eq_ignore_ascii_case(b"sizes")
}

/// The attributes to drop from the start tag whose name starts at `from`, read the way
/// the HTML tokeniser reads them: names end at white space, `/`, `>` or `=`; values
/// are quoted or end at white space or `>`.
fn dropped_attributes(bytes: &[u8], from: usize) -> Drops {
    let space = |b: u8| matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c');
    let mut spans = Vec::new();
    let mut i = from;
    while i < bytes.len() && !space(bytes[i]) && bytes[i] != b'/' && bytes[i] != b'>' {
        i += 1;
    }
    loop {
        let before = i;
        while i < bytes.len() && (space(bytes[i]) || bytes[i] == b'/') {
            i += 1;
        }
        match bytes.get(i) {
            None => {
                return Drops {
                    spans: Vec::new(),
                    end: None,
                }
            }
            Some(b'>') => {
                return Drops {
                    spans,
                    end: Some(i),
                }
            }
            Some(_) => {}
        }
        let name_start = i;
        // A name may start with `=` (a parse error the tokeniser keeps as a name).
        i += 1;
        while i < bytes.len() && !space(bytes[i]) && !matches!(bytes[i], b'/' | b'>' | b'=') {
            i += 1;
        }
        let name = &bytes[name_start..i];
        let mut j = i;
        while j < bytes.len() && space(bytes[j]) {
            j += 1;
        }
        if bytes.get(j) == Some(&b'=') {
            j += 1;
            while j < bytes.len() && space(bytes[j]) {
                j += 1;
            }
            match bytes.get(j) {
                Some(&q) if q == b'"' || q == b'\'' => match memchr::memchr(q, &bytes[j + 1..]) {
                    Some(k) => i = j + 1 + k + 1,
                    None => {
                        return Drops {
                            spans: Vec::new(),
                            end: None,
                        }
                    }
                },
                _ => {
                    i = j;
                    while i < bytes.len() && !space(bytes[i]) && bytes[i] != b'>' {
                        i += 1;
                    }
                }
            }
        }
        if is_dropped(name) && before < name_start {
            spans.push((before, i));
        }
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
    fn data_and_srcset_attributes_are_dropped() {
        let html = r#"<div data-a="x>y" class=c data-b='q' id=i DATA-C=u data-d><img srcset="a 1x, b 2x" src=s/><title><b data-x=1></title><p data-y="1">t</p></div>"#;
        assert_eq!(
            empty_raw_text(html),
            r#"<div class=c id=i><img src=s/><title><b data-x=1></title><p>t</p></div>"#
        );
        // Unterminated tags and values are left alone.
        for cut in ["<p data-a=\"x", "<p data-a", "<p class=a data-b=c"] {
            assert_eq!(empty_raw_text(cut), cut);
        }
        let doc = dom_query::Document::from(
            empty_raw_text(r#"<p data-x="1" class="k">a <b data-y=2>b</b></p>"#).as_ref(),
        );
        assert_eq!(doc.select("p.k b").text().as_ref(), "b");
    }

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
