//! Generators: realistic seeds (news sentences, pages, feeds, archive records, JSON
//! lines), then edits that make them hostile. All seed text is written for these tests.

use std::io::Write;

use proptest::prelude::*;
use proptest::sample::{select, Index};

/// News sentences dense in what the analysers look for: quotes (straight, curly, nested,
/// unclosed), speakers, dates, numbers, names, abbreviations.
pub const SENTENCES: &[&str] = &[
    "\"We will not back down,\" said Maria Lopez, the mayor of Springfield, on Tuesday.",
    "The ministry said 1,200 people were evacuated and about 3.5 million dollars of damage was reported by March 3, 2024.",
    "According to the Northgate Herald, talks between the United Nations and the European Union resumed last week in Geneva.",
    "\u{201c}It is a disgrace,\u{201d} he told reporters. \u{201c}We expected better.\u{201d}",
    "Sergei Ryabkov said it would be naive to expect progress before the summit on 12 May.",
    "Between 10 and 20 percent of the 4,500 workers at General Motors' plant in Detroit could lose their jobs by 2026, the union warned.",
    "She added: 'The deadline is Friday, not next month.'",
    "Prices rose 4.2% in the third quarter of 2023, up from 3.9% a year earlier, the statistics office said on Wednesday.",
    "Tens of thousands of protesters marched through Paris on Saturday, police said, while organisers put the number at more than 200,000.",
    "\"He said, 'they told us \"never\" again', and left,\" the witness recalled.",
    "Dr. J. R. Smith Jr., a U.S. Navy veteran, said the 1990s were different.",
    "In the early hours of Jan. 1, 2000, at 12:01 a.m., nothing happened.",
    "The company, which reported $5bn in revenue, declined to comment.",
    "\u{201c}We are questioning the integrity of the process,\u{201d} said Anna Berg, a spokeswoman for the Ministry of Foreign Affairs.",
    "Officials expect a decision within two to three weeks, possibly as early as 2024-06-30.",
    "The fund lost \u{20ac}1.2 billion, roughly a quarter of its value, between 2008 and 2009.",
    "\u{ab}Nous n'accepterons pas cela\u{bb}, a d\u{e9}clar\u{e9} le ministre lundi 4 mars.",
    "\u{201e}Das ist nicht akzeptabel\u{201c}, sagte Kanzlerin M\u{fc}ller am 3. M\u{e4}rz 2024.",
    "The senator, who declined to give a date, is questioning whether the 2,000-page bill can pass before the end of the year.",
    "Nearly half of the 38 member states, some 17 in all, have not yet responded, the spokesman said.",
    "On 31/12/1999 the system reset; on 12/31/1999 it did not; on 1999-12-31T23:59:59Z nobody noticed.",
    "\"Unclosed quotes go on and on, said nobody",
    "Mr. O'Brien told The Times: \u{2018}It's over.\u{2019}",
    "The death toll rose to 1,024 on Sunday, up from 987 the day before, and is expected to pass 1.5k by next Monday.",
    "President Jean-Pierre Dubois and Prime Minister Li Wei met in Beijing on the 4th of July.",
    "Inflation hit 10\u{bd} percent in Q3, the highest since the 1970s, economists at the Bank of England said.",
];

/// Pieces that trip up text code: byte-order marks, controls, line and paragraph
/// separators, zero-width and bidirectional marks, combining marks, characters whose case
/// mapping changes their length, emoji sequences, quotation marks, markup and entities,
/// extreme numbers and dates, abbreviations.
pub const ODD: &[&str] = &[
    "\u{feff}",
    "\0",
    "\r",
    "\r\n",
    "\n",
    "\n\n",
    "\n\n\n\n",
    "\t",
    "\u{b}",
    "\u{c}",
    "\u{7f}",
    "\u{85}",
    "\u{a0}",
    "\u{2028}",
    "\u{2029}",
    "\u{200b}",
    "\u{200d}",
    "\u{202e}",
    "\u{2066}",
    "\u{301}",
    "e\u{301}\u{301}\u{301}",
    "\u{130}",
    "\u{23a}",
    "\u{1e9e}",
    "\u{df}",
    "\u{fb01}",
    "\u{3a3}",
    "\u{1f1fa}\u{1f1e6}",
    "\u{1f468}\u{200d}\u{1f469}\u{200d}\u{1f467}",
    "\u{fffd}",
    "\u{ffff}",
    "\u{10ffff}",
    "\u{1d400}",
    "\u{663}\u{661}",
    "\u{2163}",
    "\u{b2}",
    "\u{bd}",
    "\u{201c}",
    "\u{201d}",
    "\u{2018}",
    "\u{2019}",
    "\u{ab}",
    "\u{bb}",
    "\u{201e}",
    "\"",
    "'",
    "``",
    "''",
    "\u{2014}",
    "\u{2026}",
    "...",
    "?!",
    "\u{1b}[31m",
    "<",
    ">",
    "&",
    "&amp;",
    "&#0;",
    "&#xD800;",
    "&#1114112;",
    "&nbsp;",
    "]]>",
    "<!--",
    "-->",
    "<![CDATA[",
    "<p>",
    "</p>",
    "<br>",
    "<script>",
    "</div>",
    "said",
    "told",
    "according to",
    "Mr.",
    "Dr.",
    "U.S.",
    "p.m.",
    "Jan.",
    "(",
    ")",
    "[",
    "]",
    "\\",
    "$",
    "\u{20ac}",
    "%",
    "1,000",
    "3.5",
    "-",
    "\u{2013}",
    "1e308",
    "99999999999999999999999",
    "0.000000000000000000001",
    "-0",
    "on Monday",
    "March 32, 2024",
    "2024-02-30",
    "Feb. 29",
    "last week",
    "12/31/1999",
    "31.12.1999",
    "9999",
    "0000-00-00",
    "262143-12-31",
    "the 1990s",
    " million",
    " billion",
    " percent",
    "Maria Lopez",
    "General Motors",
    "he said.",
];

/// Canonical-looking names for generated articles and entities.
pub const NAMES: &[&str] = &[
    "Maria Lopez",
    "Sergei Ryabkov",
    "General Motors",
    "United Nations",
    "Anna Berg",
    "Li Wei",
    "Springfield",
    "\u{130}stanbul",
    "\u{23a}\u{23a}\u{23a}",
    "",
];

/// Outlet names, odd ones included.
pub const OUTLETS: &[&str] = &[
    "Northgate Herald",
    "The Daily Ledger",
    "Wire Service",
    "\u{202e}Reversed\u{202c}",
    "A\u{301}",
    " ",
];

/// One edit of a seed.
#[derive(Debug, Clone)]
pub enum Edit {
    /// Inserts one of [`ODD`].
    Insert(Index, &'static str),
    /// Inserts any character.
    Char(Index, char),
    /// Inserts any byte (in text: the character with that code).
    Byte(Index, u8),
    /// Deletes up to this many bytes (in text: characters).
    Delete(Index, u8),
    /// Repeats a span of up to this many bytes (characters) this many times.
    Repeat(Index, u8, u16),
    /// Cuts the seed here.
    Truncate(Index),
    /// Flips one bit (in text: nothing).
    Flip(Index, u8),
    /// Upper-cases (even) or lower-cases (odd) everything.
    Case(bool),
}

/// An edit, weighted towards inserting odd pieces.
pub fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        5 => (any::<Index>(), select(ODD)).prop_map(|(i, s)| Edit::Insert(i, s)),
        2 => (any::<Index>(), any::<char>()).prop_map(|(i, c)| Edit::Char(i, c)),
        2 => (any::<Index>(), any::<u8>()).prop_map(|(i, b)| Edit::Byte(i, b)),
        2 => (any::<Index>(), 1u8..64).prop_map(|(i, n)| Edit::Delete(i, n)),
        2 => (any::<Index>(), 1u8..80, 2u16..400).prop_map(|(i, n, k)| Edit::Repeat(i, n, k)),
        1 => any::<Index>().prop_map(Edit::Truncate),
        1 => (any::<Index>(), 0u8..8).prop_map(|(i, b)| Edit::Flip(i, b)),
        1 => any::<bool>().prop_map(Edit::Case),
    ]
}

/// Up to `n` edits.
pub fn edits(n: usize) -> impl Strategy<Value = Vec<Edit>> {
    proptest::collection::vec(edit(), 0..=n)
}

/// Applies edits to text, always at character boundaries, never growing it past `max`
/// bytes through repetition.
pub fn edit_text(text: &mut String, edits: &[Edit], max: usize) {
    for e in edits {
        let bounds: Vec<usize> = text
            .char_indices()
            .map(|(i, _)| i)
            .chain([text.len()])
            .collect();
        let at = |i: &Index| bounds[i.index(bounds.len())];
        let after = |from: usize, n: usize| -> usize {
            let k = bounds.partition_point(|&b| b < from);
            bounds[(k + n).min(bounds.len() - 1)]
        };
        match e {
            Edit::Insert(i, s) => text.insert_str(at(i), s),
            Edit::Char(i, c) => text.insert(at(i), *c),
            Edit::Byte(i, b) => text.insert(at(i), char::from(*b)),
            Edit::Delete(i, n) => {
                let from = at(i);
                let to = after(from, usize::from(*n));
                text.replace_range(from..to, "");
            }
            Edit::Repeat(i, n, k) => {
                let from = at(i);
                let to = after(from, usize::from(*n));
                let span = text[from..to].to_string();
                let room = max.saturating_sub(text.len()) / span.len().max(1);
                let times = usize::from(*k).min(room);
                text.insert_str(to, &span.repeat(times));
            }
            Edit::Truncate(i) => text.truncate(at(i)),
            Edit::Flip(..) => {}
            Edit::Case(upper) => {
                *text = if *upper {
                    text.to_uppercase()
                } else {
                    text.to_lowercase()
                }
            }
        }
    }
}

/// Applies edits to bytes (which may stop being UTF-8), never growing them past `max`
/// bytes through repetition.
pub fn edit_bytes(bytes: &mut Vec<u8>, edits: &[Edit], max: usize) {
    for e in edits {
        let at = |i: &Index| i.index(bytes.len() + 1);
        match e {
            Edit::Insert(i, s) => {
                let p = at(i);
                bytes.splice(p..p, s.bytes());
            }
            Edit::Char(i, c) => {
                let p = at(i);
                let mut buf = [0u8; 4];
                bytes.splice(p..p, c.encode_utf8(&mut buf).bytes());
            }
            Edit::Byte(i, b) => {
                let p = at(i);
                bytes.insert(p, *b);
            }
            Edit::Delete(i, n) => {
                let from = at(i);
                let to = (from + usize::from(*n)).min(bytes.len());
                bytes.drain(from..to);
            }
            Edit::Repeat(i, n, k) => {
                let from = at(i);
                let to = (from + usize::from(*n)).min(bytes.len());
                let span = bytes[from..to].to_vec();
                let room = max.saturating_sub(bytes.len()) / span.len().max(1);
                let times = usize::from(*k).min(room);
                let mut grown = Vec::with_capacity(span.len() * times);
                for _ in 0..times {
                    grown.extend_from_slice(&span);
                }
                bytes.splice(to..to, grown);
            }
            Edit::Truncate(i) => {
                let p = at(i);
                bytes.truncate(p);
            }
            Edit::Flip(i, bit) => {
                if !bytes.is_empty() {
                    let p = i.index(bytes.len());
                    bytes[p] ^= 1 << bit;
                }
            }
            Edit::Case(upper) => {
                if *upper {
                    bytes.make_ascii_uppercase()
                } else {
                    bytes.make_ascii_lowercase()
                }
            }
        }
    }
}

/// A paragraph of one to five seed sentences.
pub fn paragraph() -> impl Strategy<Value = String> {
    proptest::collection::vec(select(SENTENCES), 1..5).prop_map(|s| s.join(" "))
}

/// Paragraphs separated by blank lines.
pub fn paragraphs(max: usize) -> impl Strategy<Value = Vec<String>> {
    proptest::collection::vec(paragraph(), 1..=max)
}

/// A run of one pathological pattern, `n` times: what makes analysers super-linear.
pub fn dense(n: std::ops::Range<usize>) -> impl Strategy<Value = String> {
    const PATTERNS: &[&str] = &[
        "on March 3, 2024, ",
        "last Monday and next Friday ",
        "1,234 people, ",
        "3.5 million dollars and ",
        "\u{201c}a \u{201d} ",
        "\"He said \"she said ",
        "\u{201c}",
        "'",
        "Maria Lopez said. ",
        "A.\n\n",
        "Ok.\n\n",
        "The United Nations, the European Union, the World Bank and ",
        "said told added warned ",
        "!?!?.,;:",
        "((((",
        "- ",
    ];
    (select(PATTERNS), n).prop_map(|(p, n)| p.repeat(n))
}

/// An article body: seed paragraphs, sometimes a dense run, then text edits.
pub fn body(max: usize) -> impl Strategy<Value = String> {
    (
        paragraphs(8),
        proptest::option::weighted(0.25, dense(1..200)),
        any::<Index>(),
        edits(6),
    )
        .prop_map(move |(paras, dense, at, edits)| {
            let mut paras = paras;
            if let Some(d) = dense {
                let i = at.index(paras.len() + 1);
                paras.insert(i, d);
            }
            let mut text = paras.join("\n\n");
            edit_text(&mut text, &edits, max);
            text
        })
}

/// A body in the article contract's shape (paragraphs separated by exactly one blank
/// line, each on one line, trimmed), as extraction would give it.
pub fn clean_body(max: usize) -> impl Strategy<Value = String> {
    body(max).prop_map(|b| {
        let paras: Vec<String> = b
            .split('\n')
            .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|p| !p.is_empty())
            .collect();
        if paras.is_empty() {
            "Nothing.".to_string()
        } else {
            paras.join("\n\n")
        }
    })
}

/// An HTML page around seed paragraphs: metadata, navigation, scripts, JSON-LD, inline
/// SVG, comments, React streaming segments and optional deep nesting.
#[derive(Debug, Clone)]
pub struct Page {
    pub title: &'static str,
    pub paragraphs: Vec<String>,
    pub charset: Option<&'static str>,
    pub depth: usize,
    pub junk: bool,
    pub streamed: bool,
    pub unclosed: bool,
    pub date: &'static str,
}

const DATES: &[&str] = &[
    "2024-03-03",
    "2024-03-03T10:00:00+01:00",
    "2024-02-30",
    "Sun, 03 Mar 2024 10:00:00 GMT",
    "yesterday",
    "",
    "99999-01-01",
    "-0001-01-01",
    "2024-13-45T99:99",
];

const TITLES: &[&str] = &[
    "Mayor vows to fight flood plan",
    "Talks resume in Geneva | Northgate Herald",
    "LIVE: Protests in Paris \u{2013} The Daily Ledger",
    "",
    "\u{202e}\u{130}stanbul \u{1f1fa}\u{1f1e6} <b>title</b>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
];

pub fn page() -> impl Strategy<Value = Page> {
    (
        select(TITLES),
        paragraphs(10),
        proptest::option::weighted(
            0.3,
            select(
                &[
                    "utf-8",
                    "windows-1252",
                    "shift_jis",
                    "utf-16",
                    "koi8-r",
                    "bogus",
                ][..],
            ),
        ),
        prop_oneof![6 => Just(0usize), 2 => 1usize..600, 1 => 600usize..4000],
        any::<bool>(),
        proptest::bool::weighted(0.15),
        proptest::bool::weighted(0.2),
        select(DATES),
    )
        .prop_map(
            |(title, paragraphs, charset, depth, junk, streamed, unclosed, date)| Page {
                title,
                paragraphs,
                charset,
                depth,
                junk,
                streamed,
                unclosed,
                date,
            },
        )
}

impl Page {
    /// The page's markup.
    pub fn html(&self) -> String {
        let mut h = String::from("<!DOCTYPE html><html lang=\"en\"><head>");
        if let Some(c) = self.charset {
            h.push_str(&format!("<meta charset=\"{c}\">"));
        }
        h.push_str(&format!(
            "<title>{}</title><meta property=\"og:title\" content=\"{}\">\
             <meta property=\"article:published_time\" content=\"{}\">\
             <meta name=\"author\" content=\"Maria Lopez\">",
            self.title, self.title, self.date
        ));
        if self.junk {
            h.push_str(&format!(
                "<script type=\"application/ld+json\">{{\"@type\":\"NewsArticle\",\"headline\":\"{}\",\"datePublished\":\"{}\",\"author\":{{\"name\":\"Anna Berg\"}},\"publisher\":{{\"name\":\"Northgate Herald\"}}}}</script>\
                 <script>var x = \"</p><p>\"; if (a < b && c > d) {{ document.write('<div>'); }}</script>\
                 <style>p {{ color: red }} /* </style> */</style>",
                self.title, self.date
            ));
        }
        h.push_str("</head><body>");
        if self.junk {
            h.push_str(
                "<nav><ul><li><a href=\"/\">Home</a></li><li><a href=\"/world\">World</a></li></ul></nav>\
                 <div class=\"newsletter\">Sign up for our newsletter!</div>\
                 <!-- <p>commented out paragraph</p> -->\
                 <svg width=\"10\" height=\"10\"><path d=\"M0 0 L10 10\"/><text>svg text</text></svg>",
            );
        }
        for _ in 0..self.depth {
            h.push_str("<div>");
        }
        h.push_str(&format!(
            "<article><h1>{}</h1><p class=\"byline\">By Maria Lopez</p><time datetime=\"{}\">{}</time>",
            self.title, self.date, self.date
        ));
        for (i, p) in self.paragraphs.iter().enumerate() {
            if self.streamed && i == 1 {
                h.push_str("<template id=\"P:0\"></template>");
                continue;
            }
            if self.unclosed {
                h.push_str(&format!("<p>{}", esc(p)));
            } else {
                h.push_str(&format!("<p>{}</p>", esc(p)));
            }
        }
        h.push_str("</article>");
        if !self.unclosed {
            for _ in 0..self.depth {
                h.push_str("</div>");
            }
        }
        if self.streamed {
            if let Some(p) = self.paragraphs.get(1) {
                h.push_str(&format!("<div hidden id=\"S:0\"><p>{}</p></div>", esc(p)));
            }
        }
        if self.junk {
            h.push_str(
                "<aside><h2>Related</h2><ul><li><a href=\"/a\">Another story entirely</a></li></ul></aside>\
                 <section class=\"comments\"><p>First! Great article, said nobody on Monday.</p></section>\
                 <footer>\u{a9} 2024 Northgate Herald. All rights reserved.</footer>",
            );
        }
        h.push_str("</body></html>");
        h
    }
}

/// Escapes text for HTML.
pub fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Escapes text for XML character data.
fn xml_esc(s: &str) -> String {
    esc(s).replace('"', "&quot;")
}

/// Plain text as a file holds it: a title line, then paragraphs.
pub fn plain_text(max: usize) -> impl Strategy<Value = String> {
    (select(TITLES), body(max)).prop_map(|(t, b)| format!("{t}\n\n{b}\n"))
}

/// How text is turned into bytes.
#[derive(Debug, Clone, Copy)]
pub enum Encoding {
    Utf8,
    Utf8Bom,
    Utf16LeBom,
    Utf16BeBom,
    Utf16LeBare,
    Legacy(&'static encoding_rs::Encoding),
    /// UTF-8 bytes read as windows-1252 and written as UTF-8 again.
    DoubleUtf8,
}

pub fn encoding() -> impl Strategy<Value = Encoding> {
    prop_oneof![
        6 => Just(Encoding::Utf8),
        1 => Just(Encoding::Utf8Bom),
        1 => Just(Encoding::Utf16LeBom),
        1 => Just(Encoding::Utf16BeBom),
        1 => Just(Encoding::Utf16LeBare),
        1 => Just(Encoding::Legacy(encoding_rs::WINDOWS_1252)),
        1 => Just(Encoding::Legacy(encoding_rs::SHIFT_JIS)),
        1 => Just(Encoding::Legacy(encoding_rs::KOI8_R)),
        1 => Just(Encoding::DoubleUtf8),
    ]
}

/// Encodes text (unmappable characters become numeric references in legacy encodings).
pub fn encode(text: &str, enc: Encoding) -> Vec<u8> {
    let utf16 = |be: bool| -> Vec<u8> {
        text.encode_utf16()
            .flat_map(|u| if be { u.to_be_bytes() } else { u.to_le_bytes() })
            .collect()
    };
    match enc {
        Encoding::Utf8 => text.as_bytes().to_vec(),
        Encoding::Utf8Bom => [&[0xEF, 0xBB, 0xBF][..], text.as_bytes()].concat(),
        Encoding::Utf16LeBom => [vec![0xFF, 0xFE], utf16(false)].concat(),
        Encoding::Utf16BeBom => [vec![0xFE, 0xFF], utf16(true)].concat(),
        Encoding::Utf16LeBare => utf16(false),
        Encoding::Legacy(e) => e.encode(text).0.into_owned(),
        Encoding::DoubleUtf8 => {
            let once = encoding_rs::WINDOWS_1252.decode_without_bom_handling(text.as_bytes());
            once.0.as_bytes().to_vec()
        }
    }
}

/// Gzips bytes (one member).
pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    let _ = enc.write_all(bytes);
    enc.finish().unwrap_or_default()
}

/// An RSS 2.0 or Atom feed of seed items, sometimes with a document type declaring
/// entities (expansion and external entities), CDATA and odd dates.
pub fn feed() -> impl Strategy<Value = String> {
    (
        any::<bool>(),
        proptest::collection::vec(
            (select(TITLES), paragraph(), select(DATES), any::<bool>()),
            0..6,
        ),
        proptest::bool::weighted(0.2),
    )
        .prop_map(|(atom, items, doctype)| {
            let mut x = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
            if doctype {
                x.push_str(
                    "<!DOCTYPE r [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\
                     <!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\"><!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n",
                );
            }
            if atom {
                x.push_str("<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>Northgate Herald</title>");
                for (n, (title, body, date, cdata)) in items.iter().enumerate() {
                    let content = if *cdata {
                        format!("<![CDATA[<p>{body}</p>]]>")
                    } else {
                        xml_esc(&format!("<p>{body}</p>"))
                    };
                    x.push_str(&format!(
                        "<entry><title>{}</title><id>urn:item:{n}</id><link href=\"https://example.com/{n}\"/>\
                         <updated>{date}</updated><content type=\"html\">{content}</content></entry>",
                        xml_esc(title)
                    ));
                }
                x.push_str("</feed>");
            } else {
                x.push_str(
                    "<rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"><channel>\
                     <title>The Daily Ledger</title><link>https://example.com/</link>",
                );
                for (n, (title, body, date, cdata)) in items.iter().enumerate() {
                    let content = if *cdata {
                        format!("<content:encoded><![CDATA[<p>{body}</p>]]></content:encoded>")
                    } else {
                        format!("<description>{}</description>", xml_esc(body))
                    };
                    x.push_str(&format!(
                        "<item><title>{}</title><link>https://example.com/{n}</link><guid>g{n}</guid>\
                         <pubDate>{date}</pubDate>{content}</item>",
                        xml_esc(title)
                    ));
                }
                x.push_str("</channel></rss>");
            }
            x
        })
}

/// How a WARC record states its length.
#[derive(Debug, Clone, Copy)]
pub enum Length {
    Exact,
    Plus(u8),
    Minus(u8),
    Huge,
    Garbage,
    Missing,
}

/// One WARC record.
#[derive(Debug, Clone)]
pub struct Record {
    pub kind: &'static str,
    pub status: &'static str,
    pub content_type: &'static str,
    pub body: String,
    pub length: Length,
    pub chunked: bool,
}

pub fn record() -> impl Strategy<Value = Record> {
    (
        select(
            &[
                "response", "response", "response", "request", "warcinfo", "resource", "RESPONSE",
            ][..],
        ),
        select(&["200 OK", "200 OK", "404 Not Found", "301 Moved", "200"][..]),
        select(
            &[
                "text/html; charset=utf-8",
                "text/html",
                "text/html; charset=windows-1252",
                "application/pdf",
                "text/plain",
                "",
            ][..],
        ),
        page().prop_map(|p| p.html()),
        prop_oneof![
            8 => Just(Length::Exact),
            1 => any::<u8>().prop_map(Length::Plus),
            1 => any::<u8>().prop_map(Length::Minus),
            1 => Just(Length::Huge),
            1 => Just(Length::Garbage),
            1 => Just(Length::Missing),
        ],
        proptest::bool::weighted(0.1),
    )
        .prop_map(
            |(kind, status, content_type, body, length, chunked)| Record {
                kind,
                status,
                content_type,
                body,
                length,
                chunked,
            },
        )
}

impl Record {
    /// The record's bytes.
    pub fn bytes(&self, n: usize) -> Vec<u8> {
        let mut http = format!("HTTP/1.1 {}\r\n", self.status);
        if !self.content_type.is_empty() {
            http.push_str(&format!("Content-Type: {}\r\n", self.content_type));
        }
        if self.chunked {
            http.push_str("Transfer-Encoding: chunked\r\n\r\n");
            http.push_str(&format!(
                "{:x}\r\n{}\r\n0\r\n\r\n",
                self.body.len(),
                self.body
            ));
        } else {
            http.push_str(&format!(
                "Content-Length: {}\r\n\r\n{}",
                self.body.len(),
                self.body
            ));
        }
        let len = http.len();
        let stated = match self.length {
            Length::Exact => Some(len.to_string()),
            Length::Plus(k) => Some((len + usize::from(k)).to_string()),
            Length::Minus(k) => Some(len.saturating_sub(usize::from(k)).to_string()),
            Length::Huge => Some("18446744073709551615".to_string()),
            Length::Garbage => Some("12ab".to_string()),
            Length::Missing => None,
        };
        let mut r = format!(
            "WARC/1.0\r\nWARC-Type: {}\r\nWARC-Record-ID: <urn:uuid:{n:08}>\r\nWARC-Target-URI: https://example.com/{n}\r\n\
             Content-Type: application/http; msgtype=response\r\n",
            self.kind
        );
        if let Some(s) = stated {
            r.push_str(&format!("Content-Length: {s}\r\n"));
        }
        r.push_str("\r\n");
        let mut bytes = r.into_bytes();
        bytes.extend_from_slice(http.as_bytes());
        bytes.extend_from_slice(b"\r\n\r\n");
        bytes
    }
}

/// One line of a JSON-lines file.
pub fn json_line() -> impl Strategy<Value = String> {
    let id = prop_oneof![
        Just(serde_json::Value::Null),
        "[a-z0-9]{1,8}".prop_map(serde_json::Value::String),
        any::<i64>().prop_map(serde_json::Value::from),
        any::<f64>().prop_map(|f| serde_json::Number::from_f64(f)
            .map_or(serde_json::Value::Null, serde_json::Value::Number)),
        Just(serde_json::json!({"nested": [1, 2, {"x": null}]})),
        Just(serde_json::Value::String("  ".into())),
    ];
    let line = (
        id,
        proptest::option::of(select(TITLES)),
        proptest::option::of(paragraph()),
        proptest::option::weighted(0.3, page().prop_map(|p| p.html())),
        proptest::option::of(select(DATES)),
        proptest::option::of(select(OUTLETS)),
    )
        .prop_map(|(id, title, text, html, published, outlet)| {
            let mut o = serde_json::Map::new();
            o.insert("id".into(), id);
            let mut put = |k: &str, v: Option<String>| {
                if let Some(v) = v {
                    o.insert(k.into(), serde_json::Value::String(v));
                }
            };
            put("title", title.map(str::to_string));
            put("text", text);
            put("html", html);
            put("published", published.map(str::to_string));
            put("outlet", outlet.map(str::to_string));
            put("url", Some("https://example.com/x".into()));
            serde_json::Value::Object(o).to_string()
        });
    prop_oneof![
        8 => line,
        1 => Just(String::new()),
        1 => Just("   \t".to_string()),
        1 => Just("\u{feff}{\"text\":\"A BOM before the object, said Maria Lopez.\"}".to_string()),
        1 => Just("{\"text\": \"unterminated".to_string()),
        1 => Just("[1, 2, 3]".to_string()),
        1 => Just("{\"text\": 42}".to_string()),
        1 => Just("{\"text\": \"\\ud800 lone surrogate\"}".to_string()),
        1 => Just(format!("{}{}", "[".repeat(200), "]".repeat(200))),
    ]
}

/// A JSON-lines file: lines, a line ending, then byte edits.
pub fn json_lines() -> impl Strategy<Value = Vec<u8>> {
    (
        proptest::collection::vec(json_line(), 0..8),
        any::<bool>(),
        edits(3),
    )
        .prop_map(|(lines, crlf, edits)| {
            let mut b = lines.join(if crlf { "\r\n" } else { "\n" }).into_bytes();
            edit_bytes(&mut b, &edits, 1 << 20);
            b
        })
}
