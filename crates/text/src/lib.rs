//! Text primitives shared by the Chorus stages.
//!
//! Everything here is a pure function over `&str`. Offsets are byte offsets into the
//! input. Stages build on these instead of re-implementing tokenisation, so that two
//! stages never disagree on what a word or a sentence is.

use std::sync::OnceLock;

use rust_stemmers::{Algorithm, Stemmer};

/// True for characters that belong to a word: letters, digits, underscore, and the
/// combining marks that follow letters (Python's `\w`, which the extraction metric uses).
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || is_combining(c)
}

fn is_combining(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

/// The maximal runs of word characters, with their byte offsets.
///
/// ASCII bytes take a fast path: every stage reads every word of every article, and
/// decoding characters one by one was most of the cost of clustering.
pub fn words(text: &str) -> impl Iterator<Item = (usize, &str)> + '_ {
    let bytes = text.as_bytes();
    let mut pos = 0;
    // The length in bytes of the word character at `i`, or `None` when the character there
    // is not a word character (or `i` is at the end).
    let word_char = move |i: usize| -> Option<usize> {
        let b = *bytes.get(i)?;
        if b.is_ascii() {
            return (b.is_ascii_alphanumeric() || b == b'_').then_some(1);
        }
        let c = text.get(i..)?.chars().next()?;
        is_word_char(c).then(|| c.len_utf8())
    };
    std::iter::from_fn(move || {
        while let Some(&b) = bytes.get(pos) {
            if word_char(pos).is_some() {
                break;
            }
            pos += if b.is_ascii() {
                1
            } else {
                text.get(pos..)?.chars().next().map_or(1, char::len_utf8)
            };
        }
        if pos >= bytes.len() {
            return None;
        }
        let start = pos;
        while let Some(len) = word_char(pos) {
            pos += len;
        }
        Some((start, text.get(start..pos)?))
    })
}

/// Lower-cased text with typographic quotes, dashes and whitespace folded, for
/// comparing and hashing passages regardless of how an outlet typeset them.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        let c = match c {
            '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '`' => '\'',
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{00AB}' | '\u{00BB}'
            | '\u{2033}' => '"',
            '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
            '\u{00A0}' | '\u{2007}' | '\u{202F}' => ' ',
            c => c,
        };
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.extend(c.to_lowercase());
    }
    out
}

/// Normalised words of a text, joined by single spaces: punctuation-free form used for
/// exact-duplicate hashing and passage matching.
pub fn fingerprint_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (_, w) in words(text) {
        if !out.is_empty() {
            out.push(' ');
        }
        if w.is_ascii() {
            // ASCII letters lower-case to one ASCII letter each, in place.
            let start = out.len();
            out.push_str(w);
            if let Some(pushed) = out.get_mut(start..) {
                pushed.make_ascii_lowercase();
            }
        } else {
            out.extend(w.chars().flat_map(char::to_lowercase));
        }
    }
    out
}

/// The entries of a word list kept as a data file (one entry a line, a `#` header saying
/// what the list is for): its trimmed lines, less comments and blank lines, in file
/// order.
pub fn word_list(text: &str) -> Vec<&str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
}

/// A stable 64-bit hash (xxh3 with a fixed seed): the same bytes hash the same on every
/// machine and every run, which golden tests and the store rely on.
pub fn hash64(bytes: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64_with_seed(bytes, 0x6368_6f72_7573)
}

/// English function words that carry no topic.
pub fn is_stopword(word: &str) -> bool {
    STOPWORDS.binary_search(&word).is_ok()
}

const STOPWORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "after",
    "again",
    "against",
    "all",
    "also",
    "am",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "can",
    "could",
    "did",
    "do",
    "does",
    "doing",
    "down",
    "during",
    "each",
    "even",
    "ever",
    "few",
    "for",
    "from",
    "further",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "itself",
    "just",
    "last",
    "like",
    "made",
    "make",
    "many",
    "may",
    "me",
    "might",
    "more",
    "most",
    "much",
    "must",
    "my",
    "myself",
    "new",
    "no",
    "nor",
    "not",
    "now",
    "of",
    "off",
    "on",
    "once",
    "one",
    "only",
    "or",
    "other",
    "our",
    "ours",
    "ourselves",
    "out",
    "over",
    "own",
    "said",
    "same",
    "says",
    "she",
    "should",
    "since",
    "so",
    "some",
    "still",
    "such",
    "than",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "to",
    "too",
    "two",
    "under",
    "until",
    "up",
    "us",
    "very",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "whom",
    "why",
    "will",
    "with",
    "would",
    "year",
    "years",
    "yet",
    "you",
    "your",
    "yours",
    "yourself",
];

fn stemmer() -> &'static Stemmer {
    static STEMMER: OnceLock<Stemmer> = OnceLock::new();
    STEMMER.get_or_init(|| Stemmer::create(Algorithm::English))
}

/// The English (Porter 2) stem of a lower-case word.
pub fn stem(word: &str) -> String {
    stemmer().stem(word).into_owned()
}

/// Content terms of a text: lower-cased, stop words and one-letter words dropped,
/// stemmed. The bag of words every similarity in Chorus is computed on.
pub fn terms(text: &str) -> Vec<String> {
    words(text)
        .filter_map(|(_, w)| {
            let lower = w.to_lowercase();
            if lower.chars().count() < 2
                || is_stopword(&lower)
                || lower.chars().all(|c| c.is_ascii_digit())
            {
                None
            } else {
                Some(stem(&lower))
            }
        })
        .collect()
}

/// Words that end with a period without ending a sentence.
const ABBREVIATIONS: &[&str] = &[
    "adm", "apr", "aug", "capt", "co", "col", "corp", "dec", "dept", "dr", "e.g", "etc", "feb",
    "fig", "gen", "gov", "i.e", "inc", "jan", "jr", "jul", "jun", "lt", "ltd", "maj", "mar",
    "messrs", "mr", "mrs", "ms", "mt", "no", "nov", "oct", "prof", "rep", "rev", "sen", "sep",
    "sept", "sgt", "sr", "st", "vs",
];

/// Whether a word ending with a period is an abbreviation or an initial ("Mr", "J",
/// "U.S"), whose period ends no sentence.
pub fn is_abbreviation(word: &str) -> bool {
    let lower = word.to_lowercase();
    if ABBREVIATIONS.contains(&lower.as_str()) {
        return true;
    }
    // Initials, one-letter abbreviations and dotted acronyms: "J.", "Roe v. Wade",
    // "p. 12", "U.S", "U.N". A sentence hardly ever ends on a word of one letter.
    let letters: Vec<char> = word.chars().filter(|c| *c != '.').collect();
    (letters.len() == 1 && letters[0].is_alphabetic())
        || (word.contains('.') && letters.iter().all(|c| c.is_uppercase()) && letters.len() <= 4)
}

/// The longest abbreviation or initialism [`is_abbreviation`] accepts, in characters
/// other than dots.
const ABBREVIATION_LETTERS: usize = 6;

/// The word `before` ends with (after its last space or opening mark), or `None` when
/// that word holds more than [`ABBREVIATION_LETTERS`] characters besides dots and so
/// cannot be an abbreviation. Looking back only that far keeps sentence splitting linear
/// in a text of dotted runs without spaces ("a.b.c.d.…").
fn last_word(before: &str) -> Option<&str> {
    let mut letters = 0;
    for (p, ch) in before.char_indices().rev() {
        if ch.is_whitespace() || ch == '(' || is_opening(ch) {
            return Some(&before[p + ch.len_utf8()..]);
        }
        if ch != '.' {
            letters += 1;
            if letters > ABBREVIATION_LETTERS {
                return None;
            }
        }
    }
    Some(before)
}

fn is_closing(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '\u{201D}' | '\u{2019}' | '\u{00BB}' | ')' | ']'
    )
}

fn is_opening(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '\u{201C}' | '\u{2018}' | '\u{00AB}' | '\u{201E}' | '(' | '['
    )
}

/// Sentence byte ranges of a text, trimmed of surrounding whitespace.
///
/// A sentence ends at `.`, `!`, `?` or `…` (with any closing quotes and brackets after it)
/// when whitespace and then an upper-case letter, digit or opening quote follow, unless
/// the period ends a known abbreviation or an initial. Line breaks always end a sentence.
pub fn sentences(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut start = 0usize;
    let mut i = 0usize;
    let push = |out: &mut Vec<(usize, usize)>, s: usize, e: usize| {
        let piece = &text[s..e];
        let lead = piece.len() - piece.trim_start().len();
        let trimmed = piece.trim();
        if !trimmed.is_empty() {
            out.push((s + lead, s + lead + trimmed.len()));
        }
    };
    while i < chars.len() {
        let (pos, c) = chars[i];
        if c == '\n' {
            push(&mut out, start, pos);
            start = pos + 1;
            i += 1;
            continue;
        }
        if matches!(c, '.' | '!' | '?' | '\u{2026}') {
            let mut j = i + 1;
            while j < chars.len()
                && (matches!(chars[j].1, '.' | '!' | '?') || is_closing(chars[j].1))
            {
                j += 1;
            }
            let end = chars.get(j).map_or(text.len(), |&(p, _)| p);
            let mut k = j;
            let mut saw_space = false;
            while k < chars.len() && chars[k].1.is_whitespace() && chars[k].1 != '\n' {
                saw_space = true;
                k += 1;
            }
            let next = chars.get(k).map(|&(_, c)| c);
            let boundary = match next {
                None => true,
                Some('\n') => true,
                Some(n) => saw_space && (n.is_uppercase() || n.is_ascii_digit() || is_opening(n)),
            };
            let abbreviation = c == '.' && j == i + 1 && {
                let before = &text[start..pos];
                last_word(before).is_some_and(is_abbreviation)
            };
            if boundary && !abbreviation {
                push(&mut out, start, end);
                start = end;
                i = j;
                continue;
            }
            i = j.max(i + 1);
            continue;
        }
        i += 1;
    }
    push(&mut out, start, text.len());
    out
}

#[cfg(test)]
mod tests {
    /// Blank lines and the header are not entries; entries keep their file order.
    #[test]
    fn word_lists_skip_header_and_blanks() {
        assert_eq!(word_list("# header\nb\n\n a \n"), vec!["b", "a"]);
    }

    use super::*;

    #[test]
    fn a_one_letter_abbreviation_ends_no_sentence() {
        let text = "The case is known as Smith v. Jones in the courts. It was argued in May.";
        let got: Vec<&str> = sentences(text)
            .into_iter()
            .map(|(s, e)| &text[s..e])
            .collect();
        assert_eq!(
            got,
            vec![
                "The case is known as Smith v. Jones in the courts.",
                "It was argued in May."
            ]
        );
    }

    #[test]
    fn words_are_python_word_runs() {
        let got: Vec<_> = words("U.S. troops, 100,000 — naïve")
            .map(|(_, w)| w)
            .collect();
        assert_eq!(got, vec!["U", "S", "troops", "100", "000", "naïve"]);
    }

    #[test]
    fn words_split_on_every_script() {
        let sample = "Ünïcödé — “quoted” naïve café x\u{301}y 東京 ２０２３ a—b numbers_too!";
        let got: Vec<&str> = words(sample).map(|(_, w)| w).collect();
        assert_eq!(
            got,
            vec![
                "Ünïcödé",
                "quoted",
                "naïve",
                "café",
                "x\u{301}y",
                "東京",
                "２０２３",
                "a",
                "b",
                "numbers_too"
            ]
        );
        for (start, w) in words(sample) {
            assert_eq!(&sample[start..start + w.len()], w);
        }
        assert_eq!(words("").count(), 0);
        assert_eq!(words(" \u{2014} ").count(), 0);
    }

    #[test]
    fn normalize_folds_typography() {
        assert_eq!(
            normalize("  “Hello”\u{00A0}World —  it’s "),
            "\"hello\" world - it's"
        );
    }

    #[test]
    fn sentences_respect_abbreviations_and_quotes() {
        let text = "Mr. Smith went to Washington. He said: \"It is done.\" Then the U.S. Senate voted. 5 people left!";
        let got: Vec<_> = sentences(text)
            .into_iter()
            .map(|(s, e)| &text[s..e])
            .collect();
        assert_eq!(
            got,
            vec![
                "Mr. Smith went to Washington.",
                "He said: \"It is done.\"",
                "Then the U.S. Senate voted.",
                "5 people left!"
            ]
        );
    }

    #[test]
    fn sentences_split_on_line_breaks() {
        let text = "Title line\nBody starts here. Second one";
        let got: Vec<_> = sentences(text)
            .into_iter()
            .map(|(s, e)| &text[s..e])
            .collect();
        assert_eq!(got, vec!["Title line", "Body starts here.", "Second one"]);
    }

    #[test]
    fn terms_drop_stopwords_and_stem() {
        assert_eq!(
            terms("The talks were held in Geneva"),
            vec!["talk", "held", "geneva"]
        );
    }

    #[test]
    fn fingerprint_ignores_punctuation_and_case() {
        assert_eq!(
            fingerprint_text("“We will NOT agree,” he said."),
            "we will not agree he said"
        );
        assert_eq!(hash64(b"x"), hash64(b"x"));
    }
}
