//! RSS and Atom feeds: each item becomes a document with its link, date and content.
//!
//! A feed streams: a light pass over the XML (quick-xml, which feed-rs itself uses) cuts
//! it into items, and each item is read by feed-rs as a feed of one, made of the feed's
//! head (everything before the first item: the root with its namespaces, the title), the
//! item, and the closing tags. So a feed of any length is read in memory bounded by the
//! document limit, which applies to each item, and a broken item costs only itself.
//! A feed the splitter cannot read (an encoding other than UTF-8, a head over
//! [`MAX_HEAD`]) is read whole, as feed-rs alone would, within the limit.

use std::io::{self, BufRead, Read};

use feed_rs::model::{Entry, Feed};
use model::{Format, RawDoc};
use quick_xml::events::Event;

use crate::{failure, size, Item, Limits};

/// Largest feed head (the bytes before the first item) repeated before each item.
const MAX_HEAD: usize = 1 << 20;
/// Slack over the document limit for one XML node, so the limit can be checked on
/// whole nodes.
const NODE_SLACK: u64 = 64 << 10;

/// The feed-rs parser Chorus uses: ids of items without one are derived from their link
/// and title as feed-rs does by default, but never made up at random (feed-rs's last
/// resort is a random UUID), so reading the same feed twice gives the same ids.
fn parser() -> feed_rs::parser::Parser {
    feed_rs::parser::Builder::new()
        .id_generator(|links, title, _| {
            links
                .first()
                .map(|link| feed_rs::parser::generate_id_from_link_and_title(link, title))
                .unwrap_or_default()
        })
        .build()
}

/// Reads a feed and pushes one document per item. Items without any content (no
/// `content:encoded`, no description) are reported as failures.
pub(crate) fn read_feed(
    name: &str,
    stem: &str,
    reader: &mut dyn BufRead,
    limits: &Limits,
    sink: &mut dyn FnMut(Item),
) {
    let mut split = Splitter::new(reader, limits);
    let mut number = 0usize;
    loop {
        match split.next_item() {
            Ok(Some(piece)) => {
                number += 1;
                let source = format!("{name}#item{number}");
                match piece {
                    Piece::TooLarge => sink(Err(failure(
                        source,
                        format!(
                            "item too large: over {}; skipped",
                            size(limits.max_doc_bytes)
                        ),
                    ))),
                    // A parser of its own per item: feed-rs keeps state across
                    // parses, which an item it fails on leaves behind.
                    Piece::Item(xml) => match parse(&parser(), &xml) {
                        Ok(feed) => match one_entry(feed) {
                            Some((outlet, entry)) => {
                                sink(item_doc(entry, outlet, stem, source, number))
                            }
                            None => sink(Err(failure(source, "feed item could not be read"))),
                        },
                        Err(e) => sink(Err(failure(
                            source,
                            format!("not a readable RSS/Atom item: {e}"),
                        ))),
                    },
                }
            }
            Ok(None) => {
                if number == 0 {
                    sink(Err(failure(name, "feed has no items")));
                }
                return;
            }
            Err(Stop::Whole) => return read_whole(name, stem, split, limits, &parser(), sink),
            Err(Stop::Broken(reason)) => {
                let at = format!("{name}#item{}", number + 1);
                return sink(Err(failure(
                    at,
                    format!("{reason}; the rest of the feed is not read"),
                )));
            }
        }
    }
}

/// Parses with feed-rs. Its parser keeps media state from one parse to the next and
/// asserts on it when a parse ended early (hence a parser per item); should it still
/// panic, the panic is turned into an error here, so one bad item costs only itself.
fn parse(parser: &feed_rs::parser::Parser, xml: &[u8]) -> Result<feed_rs::model::Feed, String> {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| parser.parse(xml))) {
        Ok(parsed) => parsed.map_err(|e| e.to_string()),
        Err(_) => Err("the feed parser (feed-rs) failed on it".to_string()),
    }
}

/// Reads what the splitter could not: the whole feed, read so far and to come, at most
/// the document limit, parsed by feed-rs in one go.
fn read_whole(
    name: &str,
    stem: &str,
    split: Splitter<'_>,
    limits: &Limits,
    parser: &feed_rs::parser::Parser,
    sink: &mut dyn FnMut(Item),
) {
    let tee = split.xml.into_inner();
    let mut bytes = tee.kept;
    let room = limits
        .max_doc_bytes
        .saturating_add(1)
        .saturating_sub(bytes.len() as u64);
    if let Err(e) = tee.inner.take(room).read_to_end(&mut bytes) {
        return sink(Err(failure(name, format!("read error: {e}"))));
    }
    if bytes.len() as u64 > limits.max_doc_bytes {
        return sink(Err(failure(
            name,
            format!(
                "too large: over {} (a feed the splitter cannot read is read whole)",
                size(limits.max_doc_bytes)
            ),
        )));
    }
    let feed = match parse(parser, &bytes) {
        Ok(feed) => feed,
        Err(e) => {
            return sink(Err(failure(
                name,
                format!("not a readable RSS/Atom feed: {e}"),
            )))
        }
    };
    let outlet = outlet(&feed);
    if feed.entries.is_empty() {
        return sink(Err(failure(name, "feed has no items")));
    }
    for (n, entry) in feed.entries.into_iter().enumerate() {
        let source = format!("{name}#item{}", n + 1);
        sink(item_doc(entry, outlet.clone(), stem, source, n + 1));
    }
}

fn outlet(feed: &Feed) -> Option<String> {
    feed.title
        .as_ref()
        .map(|t| t.content.trim().to_string())
        .filter(|t| !t.is_empty())
}

/// The feed's title and its only entry.
fn one_entry(mut feed: Feed) -> Option<(Option<String>, Entry)> {
    let outlet = outlet(&feed);
    let entry = feed.entries.pop()?;
    feed.entries.is_empty().then_some((outlet, entry))
}

fn item_doc(
    entry: Entry,
    outlet: Option<String>,
    stem: &str,
    source: String,
    number: usize,
) -> Item {
    let url = entry
        .links
        .first()
        .map(|l| l.href.trim().to_string())
        .filter(|h| !h.is_empty());
    let body = entry
        .content
        .and_then(|c| c.body)
        .filter(|b| !b.trim().is_empty())
        .or_else(|| {
            entry
                .summary
                .map(|s| s.content)
                .filter(|s| !s.trim().is_empty())
        });
    let Some(content) = body else {
        return Err(failure(source, "feed item has no content or description"));
    };
    // The item's own id (guid), else one derived from its link, else its position: stable
    // when the feed is fetched again with new items on top, unlike the position.
    let key = if entry.id.trim().is_empty() {
        format!("#item{number}")
    } else {
        entry.id
    };
    Ok(RawDoc {
        id: format!("{stem}-{:012x}", text::hash64(key.as_bytes()) >> 16),
        source,
        format: Format::Html,
        content,
        url,
        title: entry
            .title
            .map(|t| t.content.trim().to_string())
            .filter(|t| !t.is_empty()),
        published: entry.published.or(entry.updated).map(|d| d.date_naive()),
        outlet,
    })
}

/// What the splitter found next.
enum Piece {
    /// A feed of one item: the head, the item, the closing tags.
    Item(Vec<u8>),
    /// An item over the document limit, read past.
    TooLarge,
}

/// Why the splitter stopped early.
enum Stop {
    /// Before the first item: read the feed whole instead.
    Whole,
    /// After some items: the XML is broken here.
    Broken(String),
}

/// Reads bytes through and keeps those not yet forgotten, so the raw text of an item can
/// be cut out between two of quick-xml's positions. No node may run more than `max_node`
/// bytes past the last event, which bounds what quick-xml itself buffers.
struct Tee<'a> {
    inner: &'a mut dyn BufRead,
    kept: Vec<u8>,
    /// Stream offset of `kept[0]`.
    kept_from: u64,
    consumed: u64,
    /// Stream offset where the last event ended.
    mark: u64,
    max_node: u64,
}

impl Tee<'_> {
    /// Forgets the bytes before stream offset `at`.
    fn forget_before(&mut self, at: u64) {
        let n = usize::try_from(at.saturating_sub(self.kept_from))
            .unwrap_or(usize::MAX)
            .min(self.kept.len());
        self.kept.drain(..n);
        self.kept_from += n as u64;
    }

    /// The kept bytes between stream offsets `from` and `to`.
    fn slice(&self, from: u64, to: u64) -> &[u8] {
        let start = (from.saturating_sub(self.kept_from) as usize).min(self.kept.len());
        let end = (to.saturating_sub(self.kept_from) as usize).clamp(start, self.kept.len());
        &self.kept[start..end]
    }
}

impl Read for Tee<'_> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(out.len());
        out[..n].copy_from_slice(&available[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl BufRead for Tee<'_> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.consumed.saturating_sub(self.mark) > self.max_node {
            return Err(io::Error::other("one XML node is over the document limit"));
        }
        // Handed out in pieces, so the check above runs at least every `NODE_SLACK` bytes
        // whatever the inner reader's buffer.
        let available = self.inner.fill_buf()?;
        Ok(&available[..available.len().min(NODE_SLACK as usize)])
    }

    fn consume(&mut self, n: usize) {
        // `fill_buf` returned at least `n` bytes just before; asking again reads nothing.
        if let Ok(available) = self.inner.fill_buf() {
            self.kept
                .extend_from_slice(&available[..n.min(available.len())]);
        }
        self.consumed += n as u64;
        self.inner.consume(n);
    }
}

/// Cuts a feed into items (RSS `<item>`, Atom `<entry>`) as it streams.
struct Splitter<'a> {
    xml: quick_xml::Reader<Tee<'a>>,
    buf: Vec<u8>,
    limit: u64,
    /// The bytes before the first item, once it was met.
    head: Option<Vec<u8>>,
    /// Closing tags of the elements open around the first item.
    tail: Vec<u8>,
    /// Names of the elements open outside items.
    open: Vec<Vec<u8>>,
}

impl<'a> Splitter<'a> {
    fn new(inner: &'a mut dyn BufRead, limits: &Limits) -> Splitter<'a> {
        let tee = Tee {
            inner,
            kept: Vec::new(),
            kept_from: 0,
            consumed: 0,
            mark: 0,
            max_node: limits.max_doc_bytes.saturating_add(NODE_SLACK),
        };
        let mut xml = quick_xml::Reader::from_reader(tee);
        let config = xml.config_mut();
        config.trim_text(false);
        // A stray `&` spoils one item (feed-rs refuses it there), not the split.
        config.allow_dangling_amp = true;
        Splitter {
            xml,
            buf: Vec::new(),
            limit: limits.max_doc_bytes,
            head: None,
            tail: Vec::new(),
            open: Vec::new(),
        }
    }

    fn event(&mut self) -> Result<(u64, Event<'static>), Stop> {
        let from = self.xml.buffer_position();
        self.buf.clear();
        let event = match self.xml.read_event_into(&mut self.buf) {
            Ok(event) => event.into_owned(),
            Err(_) if self.head.is_none() => return Err(Stop::Whole),
            Err(quick_xml::Error::Io(e)) => return Err(Stop::Broken(e.to_string())),
            Err(e) => return Err(Stop::Broken(format!("broken XML: {e}"))),
        };
        let to = self.xml.buffer_position();
        self.xml.get_mut().mark = to;
        Ok((from, event))
    }

    /// The next item, `None` at the end of the feed.
    fn next_item(&mut self) -> Result<Option<Piece>, Stop> {
        loop {
            let (from, event) = self.event()?;
            let to = self.xml.buffer_position();
            let (is_start, empty) = match &event {
                Event::Eof => {
                    return if self.head.is_some() {
                        Ok(None)
                    } else {
                        // No item met: let feed-rs say what is wrong with the whole.
                        Err(Stop::Whole)
                    };
                }
                Event::Start(e) => (
                    is_item(e.local_name().as_ref().as_bytes(), self.open.len()),
                    false,
                ),
                Event::Empty(e) => (
                    is_item(e.local_name().as_ref().as_bytes(), self.open.len()),
                    true,
                ),
                Event::End(_) => {
                    self.open.pop();
                    (false, false)
                }
                _ => (false, false),
            };
            if !is_start {
                if let Event::Start(e) = &event {
                    self.open.push(e.name().as_ref().as_bytes().to_vec());
                }
                if self.head.is_some() {
                    self.xml.get_mut().forget_before(to);
                } else if self.xml.get_ref().kept.len() > MAX_HEAD {
                    return Err(Stop::Whole);
                }
                continue;
            }
            if self.head.is_none() {
                let tee = self.xml.get_mut();
                self.head = Some(tee.slice(0, from).to_vec());
                for name in self.open.iter().rev() {
                    self.tail.extend_from_slice(b"</");
                    self.tail.extend_from_slice(name);
                    self.tail.push(b'>');
                }
            }
            self.xml.get_mut().forget_before(from);
            let end = if empty { to } else { self.item_end()? };
            let tee = self.xml.get_mut();
            let item = tee.slice(from, end);
            let piece = if item.len() as u64 > self.limit || end == u64::MAX {
                Piece::TooLarge
            } else {
                let head = self.head.as_deref().unwrap_or_default();
                let mut xml = Vec::with_capacity(head.len() + item.len() + self.tail.len());
                xml.extend_from_slice(head);
                xml.extend_from_slice(item);
                xml.extend_from_slice(&self.tail);
                Piece::Item(xml)
            };
            let end = self.xml.buffer_position();
            self.xml.get_mut().forget_before(end);
            return Ok(Some(piece));
        }
    }

    /// Reads to the end of the item just started; returns the stream offset where it
    /// ends, or `u64::MAX` when it grew over the limit (it is then read past, not kept).
    fn item_end(&mut self) -> Result<u64, Stop> {
        let mut depth = 1usize;
        let mut over = false;
        loop {
            let (_, event) = self.event()?;
            match event {
                Event::Start(_) => depth += 1,
                Event::End(_) => depth -= 1,
                Event::Eof => return Err(Stop::Broken("the feed ends inside an item".into())),
                _ => {}
            }
            let to = self.xml.buffer_position();
            let tee = self.xml.get_mut();
            if !over && tee.kept.len() as u64 > self.limit {
                over = true;
            }
            if over {
                tee.forget_before(to);
            }
            if depth == 0 {
                return Ok(if over { u64::MAX } else { to });
            }
        }
    }
}

/// Whether an element named `local` at `depth` (elements open around it) is a feed item:
/// `<item>` in RSS 2 (`rss/channel/item`) or RSS 1 (`rdf:RDF/item`), `<entry>` in Atom
/// (`feed/entry`).
fn is_item(local: &[u8], depth: usize) -> bool {
    matches!(local, b"item" | b"entry") && (1..=2).contains(&depth)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(xml: &str) -> (Vec<RawDoc>, Vec<String>) {
        let (mut docs, mut fails) = (Vec::new(), Vec::new());
        read_feed(
            "f.rss",
            "f",
            &mut xml.as_bytes(),
            &Limits::default(),
            &mut |item| match item {
                Ok(d) => docs.push(d),
                Err(e) => fails.push(e.to_string()),
            },
        );
        (docs, fails)
    }

    #[test]
    fn rss_items_keep_link_date_and_content() {
        let xml = r#"<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
            <title>Valley Herald</title>
            <item><title>Bridge reopens</title><link>https://valley.example/bridge</link><guid>b-1</guid>
              <pubDate>Tue, 03 Mar 2026 08:00:00 GMT</pubDate>
              <description>Short teaser.</description>
              <content:encoded><![CDATA[<p>The old bridge reopened to traffic on Tuesday.</p>]]></content:encoded></item>
            <item><title>Empty</title><guid>b-2</guid></item>
            </channel></rss>"#;
        let (docs, fails) = items(xml);
        assert_eq!(docs.len(), 1);
        let d = &docs[0];
        assert_eq!(d.title.as_deref(), Some("Bridge reopens"));
        assert_eq!(d.outlet.as_deref(), Some("Valley Herald"));
        assert_eq!(d.url.as_deref(), Some("https://valley.example/bridge"));
        assert_eq!(
            d.published.map(|p| p.to_string()).as_deref(),
            Some("2026-03-03")
        );
        assert!(d.content.contains("reopened to traffic"));
        assert!(d.id.starts_with("f-"));
        assert_eq!(fails.len(), 1);
        assert!(fails[0].contains("#item2"));
    }

    #[test]
    fn atom_entries_and_garbage() {
        let xml = r#"<feed xmlns="http://www.w3.org/2005/Atom"><title>Coast Wire</title>
            <entry><id>tag:coast,2026:1</id><title>Storm warning</title><updated>2026-02-10T10:00:00Z</updated>
            <link href="https://coast.example/storm"/><summary>Gales are expected along the coast tonight.</summary></entry></feed>"#;
        let (docs, fails) = items(xml);
        assert!(fails.is_empty(), "{fails:?}");
        assert_eq!(
            docs[0].published.map(|p| p.to_string()).as_deref(),
            Some("2026-02-10")
        );
        let (docs, fails) = items("<<<not xml at all");
        assert!(docs.is_empty());
        assert!(fails[0].contains("not a readable"));
    }

    fn items_with(xml: &[u8], limits: &Limits) -> (Vec<RawDoc>, Vec<String>) {
        let (mut docs, mut fails) = (Vec::new(), Vec::new());
        read_feed(
            "f.rss",
            "f",
            &mut &xml[..],
            limits,
            &mut |item| match item {
                Ok(d) => docs.push(d),
                Err(e) => fails.push(e.to_string()),
            },
        );
        (docs, fails)
    }

    /// What feed-rs alone makes of the whole feed, as the reader did before it streamed.
    fn whole(xml: &[u8]) -> Vec<RawDoc> {
        let feed = parser().parse(xml).unwrap();
        let outlet = outlet(&feed);
        let entries = feed.entries.into_iter().enumerate();
        entries
            .filter_map(|(n, e)| {
                item_doc(
                    e,
                    outlet.clone(),
                    "f",
                    format!("f.rss#item{}", n + 1),
                    n + 1,
                )
                .ok()
            })
            .collect()
    }

    fn rss_item(n: usize, words: usize) -> String {
        format!(
            "<item><title>Item {n} &amp; more</title><link>https://x.example/{n}</link>\
             <pubDate>Tue, 03 Mar 2026 08:00:00 GMT</pubDate>\
             <content:encoded><![CDATA[<p>{}</item></p>]]></content:encoded></item>\n",
            "word ".repeat(words)
        )
    }

    /// Regression: a feed was read whole, so one over the document limit was lost
    /// entirely. It streams: the limit holds per item, and an item over it is named and
    /// skipped.
    #[test]
    fn feeds_stream_with_the_limit_per_item() {
        let mut xml = String::from(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<!-- a comment -->\
             <rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\">\
             <channel><title>Valley Herald</title><link>https://x.example/</link>\n",
        );
        for n in 0..40 {
            xml.push_str(&rss_item(n, if n == 17 { 400 } else { 10 }));
        }
        xml.push_str("<lastBuildDate>x</lastBuildDate></channel></rss>\n");
        let limits = Limits {
            max_doc_bytes: 1000,
            ..Limits::default()
        };
        assert!(xml.len() > 10 * 1000);
        let (docs, fails) = items_with(xml.as_bytes(), &limits);
        assert_eq!(docs.len(), 39, "{fails:?}");
        assert_eq!(
            fails,
            ["f.rss#item18: item too large: over 1000 bytes; skipped"]
        );
        // Each document is what feed-rs makes of the whole feed: same ids, text, dates.
        let mut expected = whole(xml.as_bytes());
        expected.remove(17);
        assert_eq!(docs, expected);
        assert!(docs[0].content.contains("</item>"));
        assert_eq!(docs[0].outlet.as_deref(), Some("Valley Herald"));
        assert_eq!(docs[0].title.as_deref(), Some("Item 0 & more"));
    }

    #[test]
    fn an_entry_the_parser_fails_on_costs_only_itself() {
        // feed-rs keeps per-entry state in its parser; an entry it stops reading half-way
        // (XML content that is missing) must not make the next entries fail or panic.
        let xml = br#"<feed xmlns="http://www.w3.org/2005/Atom"><title>Wire</title>
            <entry><id>tag:w,1</id><title>A</title><content type="text/xml"></content></entry>
            <entry><id>tag:w,2</id><title>B</title><summary>The second entry is read.</summary></entry>
            <entry><id>tag:w,3</id><title>C</title><summary>So is the third.</summary></entry></feed>"#;
        let (docs, fails) = items_with(xml, &Limits::default());
        assert_eq!(fails.len(), 1, "{fails:?}");
        assert_eq!(docs.len(), 2, "{fails:?}");
    }

    #[test]
    fn feed_shapes_and_breakage() {
        // Atom; an entry without an id or link takes its position as its key.
        let rdf = br#"<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Wire</title>
            <entry><id>tag:w,1</id><title>A</title><summary>First.</summary></entry>
            <entry><title>B</title><content type="html">&lt;p&gt;Second.&lt;/p&gt;</content></entry></feed>"#;
        let (docs, fails) = items_with(rdf, &Limits::default());
        assert!(fails.is_empty(), "{fails:?}");
        assert_eq!(docs, whole(rdf));
        assert_eq!(docs.len(), 2);
        let (again, _) = items_with(rdf, &Limits::default());
        assert_eq!(docs, again, "ids must not be made up at random");

        // Broken XML after two items: both are kept, the break is named.
        let mut broken = String::from(
            "<rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"><channel>",
        );
        broken.push_str(&rss_item(1, 3));
        broken.push_str(&rss_item(2, 3));
        broken.push_str("<item><title>x</wrong></item></channel></rss>");
        let (docs, fails) = items_with(broken.as_bytes(), &Limits::default());
        assert_eq!(docs.len(), 2, "{fails:?}");
        assert_eq!(fails.len(), 1);
        assert!(fails[0].starts_with("f.rss#item3: "), "{fails:?}");
        assert!(
            fails[0].contains("the rest of the feed is not read"),
            "{fails:?}"
        );

        // A feed cut inside an item.
        let cut = &broken[..broken.find("</wrong>").unwrap()];
        let (docs, fails) = items_with(cut.as_bytes(), &Limits::default());
        assert_eq!(docs.len(), 2, "{fails:?}");
        assert!(fails[0].starts_with("f.rss#item3: "), "{fails:?}");

        // One text node far over the limit stops the feed without being held.
        let mut huge = broken[..broken.find("<item><title>x").unwrap()].to_string();
        huge.push_str(&format!(
            "<item><description>{}</description></item>",
            "z".repeat(1 << 20)
        ));
        huge.push_str("</channel></rss>");
        let (docs, fails) = items_with(
            huge.as_bytes(),
            &Limits {
                max_doc_bytes: 2000,
                ..Limits::default()
            },
        );
        assert_eq!(docs.len(), 2, "{fails:?}");
        assert!(fails[0].contains("over the document limit"), "{fails:?}");

        // No items at all, and a feed over the limit before its first item.
        let (_, fails) = items_with(
            b"<rss version=\"2.0\"><channel><title>T</title></channel></rss>",
            &Limits::default(),
        );
        assert!(fails[0].contains("no items"), "{fails:?}");
        let long_head = format!(
            "<rss><channel>{}{}</channel></rss>",
            "<category>c</category>".repeat(MAX_HEAD / 20),
            rss_item(1, 3)
        );
        let (docs, fails) = items_with(
            long_head.as_bytes(),
            &Limits {
                max_doc_bytes: 1000,
                ..Limits::default()
            },
        );
        assert!(docs.is_empty());
        assert!(fails[0].contains("too large"), "{fails:?}");
    }
}
