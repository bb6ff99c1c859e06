//! RSS and Atom feeds: each item becomes a document with its link, date and content.

use std::io::Read;

use model::{Format, RawDoc};

use crate::{failure, Item};

/// Reads a feed and pushes one document per item. Items without any content (no
/// `content:encoded`, no description) are reported as failures.
pub(crate) fn read_feed(name: &str, stem: &str, reader: &mut dyn Read, sink: &mut dyn FnMut(Item)) {
    let feed = match feed_rs::parser::parse(reader) {
        Ok(feed) => feed,
        Err(e) => {
            return sink(Err(failure(
                name,
                format!("not a readable RSS/Atom feed: {e}"),
            )))
        }
    };
    let outlet = feed
        .title
        .map(|t| t.content.trim().to_string())
        .filter(|t| !t.is_empty());
    if feed.entries.is_empty() {
        return sink(Err(failure(name, "feed has no items")));
    }
    for (n, entry) in feed.entries.into_iter().enumerate() {
        let source = format!("{name}#item{}", n + 1);
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
            sink(Err(failure(
                source,
                "feed item has no content or description",
            )));
            continue;
        };
        // The item's own id (guid), else its link: stable when the feed is fetched again
        // with new items on top, unlike the item's position.
        let key = if entry.id.trim().is_empty() {
            url.clone().unwrap_or_else(|| source.clone())
        } else {
            entry.id
        };
        sink(Ok(RawDoc {
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
            outlet: outlet.clone(),
        }));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(xml: &str) -> (Vec<RawDoc>, Vec<String>) {
        let (mut docs, mut fails) = (Vec::new(), Vec::new());
        read_feed("f.rss", "f", &mut xml.as_bytes(), &mut |item| match item {
            Ok(d) => docs.push(d),
            Err(e) => fails.push(e.to_string()),
        });
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
}
