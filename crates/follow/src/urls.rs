//! URLs as keys: one article reached under several URLs (tracking parameters, a
//! fragment, a canonical link) gets one key, hence one article id.

use url::Url;

/// Query parameters that only track the reader, dropped from every URL: exact names, and
/// the `utm_` family.
const TRACKING: &[&str] = &[
    "fbclid",
    "gclid",
    "dclid",
    "gbraid",
    "wbraid",
    "msclkid",
    "yclid",
    "igshid",
    "mc_cid",
    "mc_eid",
    "_hsenc",
    "_hsmi",
    "mkt_tok",
    "ref_src",
    "ocid",
    "cmpid",
    "at_medium",
    "at_campaign",
    "sr_share",
    "__twitter_impression",
];

fn tracking(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.starts_with("utm_") || TRACKING.contains(&lower.as_str())
}

/// Parses an absolute `http`/`https` URL; anything else is `None`.
pub fn parse_web(url: &str) -> Option<Url> {
    let url = Url::parse(url.trim()).ok()?;
    (matches!(url.scheme(), "http" | "https") && url.host_str().is_some_and(|h| !h.is_empty()))
        .then_some(url)
}

/// The normal form of a web URL: scheme and host lowercased, default port and fragment
/// dropped, tracking parameters dropped (the others keep their order), an empty query
/// dropped. `None` if it is not an absolute `http`/`https` URL.
pub fn normalize(url: &str) -> Option<String> {
    let mut url = parse_web(url)?;
    Some(normalize_parsed(&mut url))
}

/// [`normalize`] of a URL already parsed.
pub fn normalize_parsed(url: &mut Url) -> String {
    url.set_fragment(None);
    if url.query().is_some() {
        let kept: Vec<(String, String)> = url
            .query_pairs()
            .filter(|(k, _)| !tracking(k))
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        if kept.is_empty() {
            url.set_query(None);
        } else {
            url.query_pairs_mut().clear().extend_pairs(kept);
        }
    }
    url.to_string()
}

/// The host of a URL without a leading `www.`, lowercased (what "the same site" means
/// for a canonical link).
pub fn site(url: &Url) -> String {
    let host = url.host_str().unwrap_or("").to_ascii_lowercase();
    host.strip_prefix("www.")
        .map(str::to_string)
        .unwrap_or(host)
}

/// The id of the article stored for an item key: the site, then a hash of the key. The
/// same key always gives the same id, so an article reached from two feeds is one.
pub fn article_id(key: &str) -> String {
    let site: String = parse_web(key)
        .map(|u| site(&u))
        .unwrap_or_default()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-'))
        .take(64)
        .collect();
    let hash = text::hash64(key.as_bytes()) >> 16;
    if site.is_empty() {
        format!("web-{hash:012x}")
    } else {
        format!("{site}-{hash:012x}")
    }
}

/// How far into a page a canonical link is looked for (it belongs in the head).
const CANONICAL_SCAN: usize = 256 << 10;

/// The page's `<link rel="canonical" href="...">`, resolved against `page` and
/// normalised, if it names a page of the same site (a canonical link to another site is
/// not trusted: it could make one outlet's article hide another's).
pub fn canonical(html: &str, page: &Url) -> Option<String> {
    let mut end = html.len().min(CANONICAL_SCAN);
    while !html.is_char_boundary(end) {
        end -= 1;
    }
    let head = &html[..end];
    let lower = head.to_ascii_lowercase();
    let mut from = 0;
    while let Some(at) = lower[from..].find("<link") {
        let start = from + at + 5;
        let close = lower[start..].find('>').map_or(lower.len(), |i| start + i);
        let tag = &head[start..close];
        from = close;
        let rel = attribute(tag, "rel")
            .unwrap_or_default()
            .to_ascii_lowercase();
        if !rel.split_ascii_whitespace().any(|r| r == "canonical") {
            continue;
        }
        let href = attribute(tag, "href")?;
        let mut target = page.join(href.trim()).ok()?;
        if !matches!(target.scheme(), "http" | "https") || site(&target) != site(page) {
            return None;
        }
        return Some(normalize_parsed(&mut target));
    }
    None
}

/// The value of attribute `name` in the inside of a tag, quoted or not, with the few
/// character references URLs carry decoded.
fn attribute(tag: &str, name: &str) -> Option<String> {
    let bytes = tag.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
            i += 1;
        }
        let key_start = i;
        while i < bytes.len() && !bytes[i].is_ascii_whitespace() && !b"=/>".contains(&bytes[i]) {
            i += 1;
        }
        let key = &tag[key_start..i];
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let value = if i < bytes.len() && bytes[i] == b'=' {
            i += 1;
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            if i < bytes.len() && (bytes[i] == b'"' || bytes[i] == b'\'') {
                let quote = bytes[i];
                let start = i + 1;
                let end = tag[start..]
                    .bytes()
                    .position(|b| b == quote)
                    .map_or(tag.len(), |p| start + p);
                i = (end + 1).min(tag.len());
                &tag[start..end]
            } else {
                let start = i;
                while i < bytes.len() && !bytes[i].is_ascii_whitespace() {
                    i += 1;
                }
                &tag[start..i]
            }
        } else {
            ""
        };
        if key.eq_ignore_ascii_case(name) {
            return Some(value.replace("&amp;", "&").replace("&#38;", "&"));
        }
        if key.is_empty() {
            i += 1;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tracking_parameters_and_fragments_go() {
        assert_eq!(
            normalize("HTTPS://Example.ORG:443/a/b?utm_source=rss&id=7&fbclid=x#top").unwrap(),
            "https://example.org/a/b?id=7"
        );
        assert_eq!(
            normalize("http://example.org/x?utm_medium=feed").unwrap(),
            "http://example.org/x"
        );
        assert_eq!(
            normalize("http://example.org").unwrap(),
            "http://example.org/"
        );
        assert!(normalize("ftp://example.org/x").is_none());
        assert!(normalize("/relative").is_none());
        assert!(normalize("javascript:alert(1)").is_none());
    }

    #[test]
    fn ids_follow_keys() {
        let a = article_id("https://www.example.org/a");
        assert!(a.starts_with("example.org-"), "{a}");
        assert_eq!(a, article_id("https://www.example.org/a"));
        assert_ne!(a, article_id("https://www.example.org/b"));
        assert!(article_id("feed item").starts_with("web-"));
    }

    #[test]
    fn canonical_links_of_the_same_site_are_honoured() {
        let page = Url::parse("https://www.example.org/story?utm_source=x").unwrap();
        let html = r#"<html><head><link rel="stylesheet" href="/s.css">
            <LINK REL='Canonical' HREF='/news/story-1?utm_campaign=a&amp;p=2#c'></head>"#;
        assert_eq!(
            canonical(html, &page).as_deref(),
            Some("https://www.example.org/news/story-1?p=2")
        );
        let foreign = r#"<link rel="canonical" href="https://other.example/x">"#;
        assert_eq!(canonical(foreign, &page), None);
        let bare = "<link rel=canonical href=https://example.org/y>";
        assert_eq!(
            canonical(bare, &page).as_deref(),
            Some("https://example.org/y")
        );
        assert_eq!(canonical("<link rel=canonical", &page), None);
        assert_eq!(canonical("<p>no head</p>", &page), None);
        assert_eq!(canonical("<link \u{e9}=\u{e9} rel=\"x\u{e9}", &page), None);
    }
}
