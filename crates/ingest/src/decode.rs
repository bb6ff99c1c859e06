//! Bytes to text: byte-order marks, declared charsets, and detection for the rest.

use std::borrow::Cow;

use encoding_rs::Encoding;
use model::Format;

/// Why bytes could not become a document's text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    #[error("empty file")]
    Empty,
    #[error("binary data, not text ({0})")]
    Binary(&'static str),
}

/// Decodes a document's bytes to UTF-8.
///
/// Order: a byte-order mark; for HTML, a `<meta charset>` or `http-equiv` declaration in
/// the first 1024 bytes, unless the bytes are valid non-ASCII UTF-8 (a page re-saved as
/// UTF-8 that still declares its old charset); valid UTF-8 as is; otherwise the encoding
/// `chardetng` guesses. Runs of text that were encoded as UTF-8 twice are repaired.
/// Input that is mostly control bytes is refused as binary, and text that is only
/// whitespace as empty.
pub fn decode(bytes: &[u8], format: Format) -> Result<String, DecodeError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(DecodeError::Empty);
    }
    let (text, _) = match Encoding::for_bom(bytes) {
        Some((encoding, bom)) => (
            encoding.decode_without_bom_handling(&bytes[bom..]).0,
            encoding,
        ),
        None => {
            if bytes[..bytes.len().min(8192)].contains(&0) {
                return Err(DecodeError::Binary("contains NUL bytes"));
            }
            let declared = if format == Format::Html {
                declared_charset(bytes)
            } else {
                None
            };
            let encoding = match declared {
                // A page that declares UTF-16 but has no BOM is really ASCII-compatible.
                Some(e) if e == encoding_rs::UTF_16LE || e == encoding_rs::UTF_16BE => {
                    encoding_rs::UTF_8
                }
                // A page saved as UTF-8 whose markup still declares its old single-byte
                // charset: valid UTF-8 with multi-byte sequences is almost never
                // legacy text by chance, so the bytes win over the label.
                Some(e) if e != encoding_rs::UTF_8 && !bytes.is_ascii() && is_utf8(bytes) => {
                    encoding_rs::UTF_8
                }
                Some(e) => e,
                None if is_utf8(bytes) => encoding_rs::UTF_8,
                None => {
                    let mut detector =
                        chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
                    detector.feed(bytes, true);
                    detector.guess(None, chardetng::Utf8Detection::Allow)
                }
            };
            (encoding.decode_without_bom_handling(bytes).0, encoding)
        }
    };
    // Text encoded twice over ("cafÃ©") comes back as written.
    let text = match crate::mojibake::repair(&text) {
        Cow::Owned(fixed) => Cow::Owned(fixed),
        Cow::Borrowed(_) => text,
    };
    let sample: Vec<char> = text.chars().take(8192).collect();
    let control = sample
        .iter()
        .filter(|c| {
            (c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}')) || **c == '\u{fffd}'
        })
        .count();
    if control * 20 > sample.len() {
        return Err(DecodeError::Binary("mostly control or undecodable bytes"));
    }
    if text.trim().is_empty() {
        return Err(DecodeError::Empty);
    }
    Ok(text.into_owned())
}

fn is_utf8(bytes: &[u8]) -> bool {
    std::str::from_utf8(bytes).is_ok()
}

/// The encoding a page declares in its first 1024 bytes, if any.
fn declared_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]).to_ascii_lowercase();
    let mut at = 0;
    while let Some(pos) = head[at..].find("charset") {
        let rest = head[at + pos + "charset".len()..].trim_start();
        at += pos + "charset".len();
        let Some(rest) = rest.strip_prefix('=') else {
            continue;
        };
        let label: String = rest
            .trim_start()
            .trim_start_matches(['"', '\''])
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
            .collect();
        if let Some(e) = Encoding::for_label(label.as_bytes()) {
            return Some(e);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_declared_and_detected_encodings() {
        let mut utf16 = vec![0xFF, 0xFE];
        for u in "Grüße".encode_utf16() {
            utf16.extend(u.to_le_bytes());
        }
        assert_eq!(decode(&utf16, Format::Text).unwrap(), "Grüße");

        let latin1 = b"<meta charset=\"iso-8859-1\"><p>Caf\xe9 cr\xe8me</p>";
        assert!(decode(latin1, Format::Html).unwrap().contains("Café crème"));

        let resaved = "<meta charset=\"iso-8859-15\"><p>Sanción tras la carrera</p>";
        assert!(decode(resaved.as_bytes(), Format::Html)
            .unwrap()
            .contains("Sanción"));

        let undeclared = b"Le caf\xe9 de la gare est ferm\xe9 depuis le d\xe9but de la gr\xe8ve.";
        assert!(decode(undeclared, Format::Text).unwrap().contains("fermé"));
    }

    #[test]
    fn garbage_and_blank_are_refused() {
        assert_eq!(decode(b" \n\t ", Format::Text), Err(DecodeError::Empty));
        assert!(matches!(
            decode(&[1, 2, 3, 0, 4, 5], Format::Html),
            Err(DecodeError::Binary(_))
        ));
        let noise: Vec<u8> = (0..4000u32).map(|i| (i * 7 % 32) as u8).collect();
        assert!(matches!(
            decode(&noise, Format::Text),
            Err(DecodeError::Binary(_))
        ));
    }
}
