//! The XML the follower reads besides feeds (which `ingest` reads): sitemaps (plain and
//! Google News) and OPML subscription lists, and OPML written back.

use chrono::NaiveDate;
use quick_xml::events::Event;
use quick_xml::Reader;

/// One `<url>` of a sitemap.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SitemapUrl {
    pub loc: String,
    /// `<news:title>`.
    pub title: Option<String>,
    /// `<news:publication_date>`, else `<lastmod>`.
    pub published: Option<NaiveDate>,
}

/// What a sitemap file holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sitemap {
    /// A `<urlset>`: pages.
    Urls(Vec<SitemapUrl>),
    /// A `<sitemapindex>`: the locations of more sitemaps.
    Index(Vec<String>),
}

/// Most entries read from one sitemap (the protocol's own limit).
const MAX_ENTRIES: usize = 50_000;

/// The character an entity reference stands for (`&amp;`, `&#38;`, `&#x26;`).
fn entity(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => {
            let num = name.strip_prefix('#')?;
            let code = match num.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => num.parse().ok()?,
            };
            char::from_u32(code)
        }
    }
}

/// A date as sitemaps write it (W3C datetime: `2024-05-01`, `2024-05-01T10:00:00+02:00`).
fn date(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    NaiveDate::parse_from_str(text.get(..10)?, "%Y-%m-%d").ok()
}

/// Reads a sitemap. `Err` names what is wrong when the XML is broken or is not a
/// sitemap.
pub fn parse_sitemap(bytes: &[u8]) -> Result<Sitemap, String> {
    let mut reader = Reader::from_reader(bytes);
    let mut buf = Vec::new();
    let mut root: Option<String> = None;
    let mut path: Vec<String> = Vec::new();
    let mut text = String::new();
    let mut urls = Vec::new();
    let mut index = Vec::new();
    let mut current = SitemapUrl::default();
    let mut lastmod: Option<NaiveDate> = None;
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| format!("not readable XML: {e}"))?;
        match event {
            Event::Start(e) => {
                let name = e.local_name().as_ref().to_ascii_lowercase();
                if root.is_none() {
                    if name != "urlset" && name != "sitemapindex" {
                        return Err(format!("not a sitemap (its root is <{name}>)"));
                    }
                    root = Some(name.clone());
                }
                if name == "url" || name == "sitemap" {
                    current = SitemapUrl::default();
                    lastmod = None;
                }
                path.push(name);
                text.clear();
            }
            Event::Text(t) => text.push_str(&t),
            Event::CData(t) => text.push_str(&t.into_inner()),
            Event::GeneralRef(r) => {
                if let Some(c) = entity(&r) {
                    text.push(c);
                }
            }
            Event::End(_) => {
                let name = path.pop().unwrap_or_default();
                let value = text.trim().to_string();
                match name.as_str() {
                    "loc" => current.loc = value,
                    "title" if path.last().is_some_and(|p| p == "news") => {
                        current.title = Some(value).filter(|v| !v.is_empty());
                    }
                    "publication_date" => current.published = date(&value),
                    "lastmod" => lastmod = date(&value),
                    "url" if !current.loc.is_empty() && urls.len() < MAX_ENTRIES => {
                        let mut url = std::mem::take(&mut current);
                        url.published = url.published.or(lastmod);
                        urls.push(url);
                    }
                    "sitemap" if !current.loc.is_empty() && index.len() < MAX_ENTRIES => {
                        index.push(std::mem::take(&mut current.loc));
                    }
                    _ => {}
                }
                text.clear();
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    match root.as_deref() {
        Some("urlset") => Ok(Sitemap::Urls(urls)),
        Some(_) => Ok(Sitemap::Index(index)),
        None => Err("not a sitemap (no root element)".into()),
    }
}

/// What [`feed_links`] reads of a feed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FeedLinks {
    /// The feed's own title (its first `<title>` outside any item).
    pub title: Option<String>,
    /// Its items' links, in order.
    pub links: Vec<String>,
}

/// The links of a feed's items, in order: RSS and RDF `<item><link>`, Atom
/// `<entry><link href>` (the `alternate` one, or one without `rel`); and the feed's
/// title. Read as far as the XML goes; for items the feed reader cannot take (no text
/// of their own), whose pages are still worth fetching.
pub fn feed_links(bytes: &[u8]) -> FeedLinks {
    let mut reader = Reader::from_reader(bytes);
    let mut buf = Vec::new();
    let mut out = Vec::new();
    let mut title: Option<String> = None;
    let mut in_title = false;
    let mut in_item = false;
    let mut in_link = false;
    let mut text = String::new();
    let mut found = false;
    while let Ok(event) = reader.read_event_into(&mut buf) {
        let empty = matches!(event, Event::Empty(_));
        match event {
            Event::Start(e) | Event::Empty(e) => {
                let name = e.local_name().as_ref().to_ascii_lowercase();
                match name.as_str() {
                    "item" | "entry" if !empty => {
                        in_item = true;
                        found = false;
                    }
                    "title" if !in_item && !empty && title.is_none() => {
                        in_title = true;
                        text.clear();
                    }
                    "link" if in_item && !found => {
                        let mut href = None;
                        let mut alternate = true;
                        for a in e.attributes().flatten() {
                            let value = a
                                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                                .map(|v| v.trim().to_string())
                                .unwrap_or_default();
                            let key = a.key.local_name();
                            if key.as_ref().eq_ignore_ascii_case("href") {
                                href = Some(value);
                            } else if key.as_ref().eq_ignore_ascii_case("rel") {
                                alternate = value.eq_ignore_ascii_case("alternate");
                            }
                        }
                        match href {
                            Some(h) if alternate && !h.is_empty() => {
                                out.push(h);
                                found = true;
                            }
                            Some(_) => {}
                            None if !empty => {
                                in_link = true;
                                text.clear();
                            }
                            None => {}
                        }
                    }
                    _ => {}
                }
            }
            Event::Text(t) if in_link || in_title => text.push_str(&t),
            Event::CData(t) if in_link || in_title => text.push_str(&t.into_inner()),
            Event::GeneralRef(r) if in_link || in_title => {
                if let Some(c) = entity(&r) {
                    text.push(c);
                }
            }
            Event::End(e) => match e.local_name().as_ref().to_ascii_lowercase().as_str() {
                "link" if in_link => {
                    in_link = false;
                    let link = text.trim();
                    if !link.is_empty() {
                        out.push(link.to_string());
                        found = true;
                    }
                }
                "title" if in_title => {
                    in_title = false;
                    title = Some(text.trim().to_string()).filter(|t| !t.is_empty());
                }
                "item" | "entry" => in_item = false,
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
        if out.len() >= MAX_ENTRIES {
            break;
        }
        buf.clear();
    }
    FeedLinks { title, links: out }
}

/// One subscription of an OPML file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subscription {
    pub url: String,
    pub title: Option<String>,
}

/// The feeds an OPML file lists: every `<outline>` with an `xmlUrl`, at any depth.
pub fn parse_opml(bytes: &[u8]) -> Result<Vec<Subscription>, String> {
    let mut reader = Reader::from_reader(bytes);
    let mut buf = Vec::new();
    let mut out = Vec::new();
    let mut saw_opml = false;
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| format!("not readable XML: {e}"))?;
        match event {
            Event::Start(e) | Event::Empty(e) => {
                let name = e.local_name();
                let name = name.as_ref();
                if name.eq_ignore_ascii_case("opml") {
                    saw_opml = true;
                }
                if name.eq_ignore_ascii_case("outline") {
                    let mut url = None;
                    let mut title = None;
                    for a in e.attributes().flatten() {
                        let key = a.key.local_name();
                        let Ok(value) = a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                        else {
                            continue;
                        };
                        let value = value.trim().to_string();
                        if key.as_ref().eq_ignore_ascii_case("xmlurl") {
                            url = Some(value);
                        } else if key.as_ref().eq_ignore_ascii_case("title")
                            || (key.as_ref().eq_ignore_ascii_case("text") && title.is_none())
                        {
                            title = Some(value).filter(|v| !v.is_empty());
                        }
                    }
                    if let Some(url) = url.filter(|u| !u.is_empty()) {
                        out.push(Subscription { url, title });
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    if !saw_opml {
        return Err("not an OPML file (no <opml> element)".into());
    }
    Ok(out)
}

/// Escapes text for an XML attribute.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

/// An OPML 2.0 file listing `subscriptions`.
pub fn write_opml(subscriptions: &[Subscription]) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<opml version=\"2.0\">\n  <head><title>Chorus feeds</title></head>\n  <body>\n",
    );
    for s in subscriptions {
        let title = escape(s.title.as_deref().unwrap_or(&s.url));
        out.push_str(&format!(
            "    <outline type=\"rss\" text=\"{title}\" title=\"{title}\" xmlUrl=\"{}\"/>\n",
            escape(&s.url)
        ));
    }
    out.push_str("  </body>\n</opml>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feed_links_of_rss_rdf_and_atom() {
        let rss = b"<rss><channel><link>https://site.example/</link><item><title>A</title>\
            <link>https://site.example/a?x=1&amp;y=2</link></item><item><title>B</title>\
            <link><![CDATA[ https://site.example/b ]]></link></item><item><title>no link</title>\
            </item><item><link>https://site.example/c</link><title>broken";
        let read = feed_links(rss);
        assert_eq!(read.title, None, "the channel has none");
        assert_eq!(
            read.links,
            [
                "https://site.example/a?x=1&y=2",
                "https://site.example/b",
                "https://site.example/c"
            ]
        );
        let atom = b"<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>X &amp; Y</title>\
            <link href=\"https://x.example/\"/>\
            <entry><link rel=\"self\" href=\"https://x.example/self\"/>\
            <link rel=\"alternate\" href=\"https://x.example/1\"/></entry>\
            <entry><link href=\"/2\"/><link href=\"/3\"/></entry></feed>";
        let read = feed_links(atom);
        assert_eq!(read.title.as_deref(), Some("X & Y"));
        assert_eq!(read.links, ["https://x.example/1", "/2"]);
        assert_eq!(feed_links(b"\xff\xfe<<<"), FeedLinks::default());
    }

    #[test]
    fn news_and_plain_sitemaps() {
        let xml = br#"<?xml version="1.0"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
  <url><loc>https://example.org/a?x=1&amp;y=2</loc>
    <news:news><news:publication><news:name>Ex</news:name></news:publication>
      <news:publication_date>2024-05-01T10:00:00+02:00</news:publication_date>
      <news:title>Port &#38; dock strike</news:title></news:news></url>
  <url><loc>https://example.org/b</loc><lastmod>2024-04-30</lastmod></url>
  <url><lastmod>2024-04-30</lastmod></url>
</urlset>"#;
        let Sitemap::Urls(urls) = parse_sitemap(xml).unwrap() else {
            panic!("a urlset")
        };
        assert_eq!(urls.len(), 2);
        assert_eq!(urls[0].loc, "https://example.org/a?x=1&y=2");
        assert_eq!(urls[0].title.as_deref(), Some("Port & dock strike"));
        assert_eq!(urls[0].published, NaiveDate::from_ymd_opt(2024, 5, 1));
        assert_eq!(urls[1].published, NaiveDate::from_ymd_opt(2024, 4, 30));
        let index = b"<sitemapindex><sitemap><loc>https://example.org/s1.xml</loc></sitemap></sitemapindex>";
        assert_eq!(
            parse_sitemap(index).unwrap(),
            Sitemap::Index(vec!["https://example.org/s1.xml".into()])
        );
        assert!(parse_sitemap(b"<rss><channel/></rss>").is_err());
        assert!(parse_sitemap(b"<urlset><url><loc>x</loc></urlset>").is_err());
        assert!(parse_sitemap(b"").is_err());
    }

    #[test]
    fn opml_round_trips() {
        let subs = vec![
            Subscription {
                url: "https://example.org/rss?a=1&b=2".into(),
                title: Some("Example \"News\" <World>".into()),
            },
            Subscription {
                url: "https://other.example/atom".into(),
                title: None,
            },
        ];
        let text = write_opml(&subs);
        let back = parse_opml(text.as_bytes()).unwrap();
        assert_eq!(back[0], subs[0]);
        assert_eq!(back[1].url, subs[1].url);
        let nested = br#"<opml version="1.0"><body><outline text="News"><outline text="A" xmlUrl="https://a.example/feed"/></outline><outline text="no feed"/></body></opml>"#;
        let got = parse_opml(nested).unwrap();
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].title.as_deref(), Some("A"));
        assert!(parse_opml(b"<html></html>").is_err());
        // Cut off mid-tag: an error or what was read, never a panic.
        let _ = parse_opml(b"<opml><outline xmlUrl=\"a\"");
    }
}
