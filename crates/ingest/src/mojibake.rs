//! Repairing text that was encoded as UTF-8, read back as Latin-1 or Windows-1252, and
//! encoded as UTF-8 again ("debtâ€”nearly" for "debt—nearly", "cafÃ©" for "café").
//!
//! Pages saved through a misconfigured pipeline carry such text in their source while
//! declaring, correctly, that they are UTF-8, so no charset choice can fix them. Each
//! run of non-ASCII characters that all map back to single bytes (Latin-1, plus the
//! Windows-1252 letters in 0x80..0x9F) is turned back into those bytes; when the bytes
//! are valid UTF-8 and every character they spell is one that mojibake comes from
//! (letters of Latin, Greek, Cyrillic, Hebrew, Arabic and East Asian scripts,
//! punctuation, currency signs, emoji), the run is replaced. A run that does not decode,
//! or decodes to something unlikely ("ß“" would spell an N'Ko letter), stays: legitimate
//! accented text almost never forms valid UTF-8 when read byte by byte.

use std::borrow::Cow;

/// Text with its double-encoded runs repaired; borrowed when nothing needed repair.
/// Text encoded twice over is repaired a layer at a time, up to three layers.
pub(crate) fn repair(text: &str) -> Cow<'_, str> {
    let mut out = Cow::Borrowed(text);
    for _ in 0..3 {
        match repair_once(&out) {
            Some(fixed) => out = Cow::Owned(fixed),
            None => break,
        }
    }
    out
}

/// One layer of repair, or `None` when no run changed.
fn repair_once(text: &str) -> Option<String> {
    if !may_hold_mojibake(text.as_bytes()) {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut changed = false;
    let mut bytes = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        let Some(b) = single_byte(c) else {
            continue;
        };
        bytes.clear();
        bytes.push(b);
        let mut end = start + c.len_utf8();
        while let Some(&(i, next)) = chars.peek() {
            match single_byte(next) {
                Some(b) => {
                    bytes.push(b);
                    end = i + next.len_utf8();
                    chars.next();
                }
                None => break,
            }
        }
        if bytes.len() < 2 {
            continue;
        }
        if let Ok(decoded) = std::str::from_utf8(&bytes) {
            if decoded.chars().all(plausible) {
                out.push_str(&text[copied..start]);
                out.push_str(decoded);
                copied = end;
                changed = true;
            }
        }
    }
    if !changed {
        return None;
    }
    out.push_str(&text[copied..]);
    Some(out)
}

/// True when the UTF-8 bytes hold a lead character of mojibake (U+00C2..U+00F4, the
/// Latin-1 reading of a UTF-8 lead byte) followed by another non-ASCII character.
fn may_hold_mojibake(bytes: &[u8]) -> bool {
    memchr::memchr_iter(0xC3, bytes).any(|i| {
        bytes
            .get(i + 1..i + 3)
            .is_some_and(|w| (0x82..=0xB4).contains(&w[0]) && w[1] >= 0x80)
    })
}

/// The byte a non-ASCII character stands for when text was read as Windows-1252 (or as
/// Latin-1, for the control characters that Windows-1252 leaves unassigned).
fn single_byte(c: char) -> Option<u8> {
    let code = c as u32;
    if (0x80..=0xFF).contains(&code) {
        return u8::try_from(code).ok();
    }
    let b = match c {
        '€' => 0x80,
        '‚' => 0x82,
        'ƒ' => 0x83,
        '„' => 0x84,
        '…' => 0x85,
        '†' => 0x86,
        '‡' => 0x87,
        'ˆ' => 0x88,
        '‰' => 0x89,
        'Š' => 0x8A,
        '‹' => 0x8B,
        'Œ' => 0x8C,
        'Ž' => 0x8E,
        '‘' => 0x91,
        '’' => 0x92,
        '“' => 0x93,
        '”' => 0x94,
        '•' => 0x95,
        '–' => 0x96,
        '—' => 0x97,
        '˜' => 0x98,
        '™' => 0x99,
        'š' => 0x9A,
        '›' => 0x9B,
        'œ' => 0x9C,
        'ž' => 0x9E,
        'Ÿ' => 0x9F,
        _ => return None,
    };
    Some(b)
}

/// True for the characters double-encoded text is usually made of.
fn plausible(c: char) -> bool {
    matches!(c as u32,
        0x00A0..=0x024F      // Latin-1 supplement, Latin extended A and B
        | 0x0370..=0x052F    // Greek, Cyrillic
        | 0x0590..=0x06FF    // Hebrew, Arabic
        | 0x0900..=0x0DFF    // Indic scripts
        | 0x0E00..=0x0E7F    // Thai
        | 0x1E00..=0x1EFF    // Latin extended additional (Vietnamese)
        | 0x2000..=0x206F    // general punctuation
        | 0x20A0..=0x20CF    // currency signs
        | 0x2100..=0x21FF    // letter-like symbols, arrows
        | 0x2600..=0x27BF    // symbols, dingbats
        | 0x3000..=0x9FFF    // CJK
        | 0xAC00..=0xD7AF    // Hangul
        | 0xFE0F
        | 0x1F300..=0x1FAFF  // emoji
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `s` encoded as UTF-8 and read back as Windows-1252.
    fn garble(s: &str) -> String {
        encoding_rs::WINDOWS_1252
            .decode(s.as_bytes())
            .0
            .into_owned()
    }

    #[test]
    fn double_encoded_runs_are_repaired() {
        for s in [
            "debt—nearly seven in ten",
            "Café au lait, “quoted” — 5 €",
            "Zürich, São Paulo, Łódź, Ελλάδα, Москва, 東京 🙂",
        ] {
            let bad = garble(s);
            assert_ne!(bad, s);
            assert_eq!(repair(&bad), s, "{bad}");
        }
        // Latin-1 reading (C1 controls) and two layers of garbling.
        let latin1: String = "a—b".bytes().map(char::from).collect();
        assert_eq!(repair(&latin1), "a—b");
        assert_eq!(repair(&garble(&garble("naïve"))), "naïve");
    }

    #[test]
    fn legitimate_text_is_left_alone() {
        for s in [
            "Café, São Paulo, AÇÃO, Straße „Zitat“, É·e·s, Ça va ?",
            "plain ascii",
            "Größe: 5 µm · ½ inch",
            "",
        ] {
            assert!(matches!(repair(s), Cow::Borrowed(_)), "{s}");
        }
    }
}
