//! The elements the HTML path looks up by name or attribute, gathered in one walk.
//!
//! Each `Document::select` walks the whole tree, and the metadata readers and the
//! pruners ask for a dozen element kinds (`meta`, `h1`, `time`, `[itemprop]`, ...). One
//! walk over the parsed page collects them all, in document order, as `select` would
//! return them: elements are matched by their local name (the rule of a type selector),
//! attributes by local name in no namespace (the rule of `[attr]`), and the one selector
//! that compares a value (`[rel=author]`) is still decided by the selector engine, on
//! the few elements that carry the attribute.
//!
//! The lists hold for the tree as it was when they were gathered: after an element is
//! removed, [`Elements::select`] asks the document again.

use std::sync::LazyLock;

use dom_query::{Document, Matcher, NodeData, NodeRef};

/// The selector of elements that mark the article's author with a link relation.
const REL_AUTHOR: &str = "[rel=author]";

/// [`REL_AUTHOR`], parsed once.
static REL_AUTHOR_MATCHER: LazyLock<Option<Matcher>> =
    LazyLock::new(|| Matcher::new(REL_AUTHOR).ok());

/// Elements that show the article's author: marked as the author, links to an author
/// page, or named for the author or the byline by their class.
pub(crate) const SHOWN_AUTHOR: &str = r#"[itemprop="author"], a[href*="/author/"], a[href*="/authors/"], [class*="author"], [class*="byline"]"#;

/// [`SHOWN_AUTHOR`], parsed once.
static SHOWN_AUTHOR_MATCHER: LazyLock<Option<Matcher>> =
    LazyLock::new(|| Matcher::new(SHOWN_AUTHOR).ok());

/// True for an element that may match [`SHOWN_AUTHOR`]: an attribute the selector reads
/// holds one of its words in any case (a superset, which the selector engine narrows).
fn may_show_author(el: &dom_query::Element) -> bool {
    let holds = |value: &str, word: &str| {
        value
            .as_bytes()
            .windows(word.len())
            .any(|w| w.eq_ignore_ascii_case(word.as_bytes()))
    };
    el.attrs.iter().any(|a| match &*a.name.local {
        "itemprop" => holds(&a.value, "author"),
        "class" => holds(&a.value, "author") || holds(&a.value, "byline"),
        "href" => &*el.name.local == "a" && holds(&a.value, "/author"),
        _ => false,
    })
}

/// Element kinds gathered by name: each is what `doc.select(selector)` returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// `meta`.
    Meta,
    /// `script[type]`.
    TypedScript,
    /// `title`.
    Title,
    /// `h1`.
    H1,
    /// `[rel=author]`.
    RelAuthor,
    /// `html`.
    Html,
    /// `body`.
    Body,
    /// `[itemprop]`.
    Itemprop,
    /// `[title][class]`.
    TitledClass,
    /// `time`.
    Time,
    /// `article`.
    Article,
    /// `p, pre, blockquote, li`.
    Paragraph,
    /// `div, section, aside, ul, ol, nav, form, span, p, figure`.
    Container,
    /// [`SHOWN_AUTHOR`].
    ShownAuthor,
}

impl Kind {
    /// The CSS selector the kind stands for.
    pub(crate) fn selector(self) -> &'static str {
        match self {
            Kind::Meta => "meta",
            Kind::TypedScript => "script[type]",
            Kind::Title => "title",
            Kind::H1 => "h1",
            Kind::RelAuthor => REL_AUTHOR,
            Kind::Html => "html",
            Kind::Body => "body",
            Kind::Itemprop => "[itemprop]",
            Kind::TitledClass => "[title][class]",
            Kind::Time => "time",
            Kind::Article => "article",
            Kind::Paragraph => "p, pre, blockquote, li",
            Kind::Container => "div, section, aside, ul, ol, nav, form, span, p, figure",
            Kind::ShownAuthor => SHOWN_AUTHOR,
        }
    }
}

/// The number of [`Kind`]s.
const KINDS: usize = 14;

/// The elements of each [`Kind`], in document order.
pub(crate) struct Elements<'a> {
    doc: &'a Document,
    lists: [Vec<NodeRef<'a>>; KINDS],
    /// Whether the lists still describe the tree (nothing was removed since the walk).
    fresh: bool,
    /// Whether an element may be one that is removed or moved before reading.
    moved: bool,
}

/// The ids of the Wayback Machine's toolbar (`html::WAYBACK_TOOLBAR`).
const MOVED_IDS: &[&str] = &["wm-ipp-base", "wm-ipp", "donato", "wm-ipp-print"];

/// True for an element whose id may make it the Wayback Machine's toolbar or a hidden
/// streamed segment (`div[hidden][id^="S:"]`): a superset of both selectors (case is
/// ignored, `hidden` not required), so that false rules both out.
fn may_be_moved(name: &str, id: &str) -> bool {
    MOVED_IDS.iter().any(|m| m.eq_ignore_ascii_case(id))
        || (name == "div"
            && id
                .get(..2)
                .is_some_and(|head| head.eq_ignore_ascii_case("s:")))
}

impl<'a> Elements<'a> {
    /// Walks `doc` once and sorts its elements into their kinds.
    pub(crate) fn gather(doc: &'a Document) -> Elements<'a> {
        let mut lists: [Vec<NodeRef<'a>>; KINDS] = Default::default();
        let mut rel_candidates = Vec::new();
        let mut author_candidates = Vec::new();
        let mut moved = false;
        for node in doc.root().descendants_it() {
            let mut kinds: [Option<Kind>; 4] = [None; 4];
            let mut has_rel = false;
            let mut may_author = false;
            node.query(|n| {
                let NodeData::Element(el) = &n.data else {
                    return;
                };
                let no_ns_attr = |name: &str| {
                    el.attrs
                        .iter()
                        .any(|a| a.name.ns.is_empty() && &*a.name.local == name)
                };
                let mut push = |k: Kind| {
                    if let Some(slot) = kinds.iter_mut().find(|s| s.is_none()) {
                        *slot = Some(k);
                    }
                };
                match &*el.name.local {
                    "meta" => push(Kind::Meta),
                    "script" if no_ns_attr("type") => push(Kind::TypedScript),
                    "title" => push(Kind::Title),
                    "h1" => push(Kind::H1),
                    "html" => push(Kind::Html),
                    "body" => push(Kind::Body),
                    "time" => push(Kind::Time),
                    "article" => push(Kind::Article),
                    "p" => {
                        push(Kind::Paragraph);
                        push(Kind::Container);
                    }
                    "pre" | "blockquote" | "li" => push(Kind::Paragraph),
                    "div" | "section" | "aside" | "ul" | "ol" | "nav" | "form" | "span"
                    | "figure" => push(Kind::Container),
                    _ => {}
                }
                if no_ns_attr("itemprop") {
                    push(Kind::Itemprop);
                }
                if no_ns_attr("title") && no_ns_attr("class") {
                    push(Kind::TitledClass);
                }
                has_rel = el.attrs.iter().any(|a| &*a.name.local == "rel");
                may_author = may_show_author(el);
                if !moved {
                    moved = el
                        .attrs
                        .iter()
                        .any(|a| &*a.name.local == "id" && may_be_moved(&el.name.local, &a.value));
                }
            });
            for k in kinds.into_iter().flatten() {
                lists[k as usize].push(node);
            }
            if has_rel {
                rel_candidates.push(node);
            }
            if may_author {
                author_candidates.push(node);
            }
        }
        // The value comparison follows the selector engine's rules (case, namespace).
        if let Some(matcher) = REL_AUTHOR_MATCHER.as_ref() {
            lists[Kind::RelAuthor as usize] = rel_candidates
                .into_iter()
                .filter(|n| matcher.match_element(n))
                .collect();
        }
        if let Some(matcher) = SHOWN_AUTHOR_MATCHER.as_ref() {
            lists[Kind::ShownAuthor as usize] = author_candidates
                .into_iter()
                .filter(|n| matcher.match_element(n))
                .collect();
        }
        Elements {
            doc,
            lists,
            fresh: true,
            moved,
        }
    }

    /// True when the page may hold the Wayback Machine's toolbar or streamed segments
    /// to move ([`MOVED_IDS`], a `div` whose id starts with `S:`): elements the page is
    /// rewritten for before it is read. False says neither selector can match.
    pub(crate) fn may_move(&self) -> bool {
        self.moved
    }

    /// The elements of `kind`, in document order: the gathered list while it holds,
    /// else what the document gives now.
    pub(crate) fn select(&self, kind: Kind) -> Vec<NodeRef<'a>> {
        if self.fresh {
            self.lists[kind as usize].clone()
        } else {
            self.doc.select(kind.selector()).nodes().to_vec()
        }
    }

    /// The first element of `kind`.
    pub(crate) fn first(&self, kind: Kind) -> Option<NodeRef<'a>> {
        if self.fresh {
            self.lists[kind as usize].first().copied()
        } else {
            self.doc.select(kind.selector()).nodes().first().copied()
        }
    }

    /// The document the elements belong to.
    pub(crate) fn doc(&self) -> &'a Document {
        self.doc
    }

    /// Notes that elements were removed from the tree, so the lists no longer hold.
    pub(crate) fn invalidate(&mut self) {
        self.fresh = false;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KINDS_ALL: [Kind; KINDS] = [
        Kind::Meta,
        Kind::TypedScript,
        Kind::Title,
        Kind::H1,
        Kind::RelAuthor,
        Kind::Html,
        Kind::Body,
        Kind::Itemprop,
        Kind::TitledClass,
        Kind::Time,
        Kind::Article,
        Kind::Paragraph,
        Kind::Container,
        Kind::ShownAuthor,
    ];

    #[test]
    fn every_kind_is_what_its_selector_selects() {
        let doc = Document::from(
            r#"<html lang=en><head><title>T</title><meta name=a content=b><meta property=c>
            <script type="application/ld+json">{}</script><script>x</script></head>
            <body><article><h1 class=h title=t>Head</h1><p itemprop=x>One <a rel=AUTHOR href=/a>A</a>
            <a rel="nofollow author">B</a><a rel=author>C</a></p><ul><li>i</li></ul>
            <time datetime=2020-01-01>t</time><pre>p</pre><blockquote>q</blockquote></article>
            <div><span title=s class=c>s</span><section><aside><nav><form><figure>f</figure></form></nav></aside></section></div>
            <svg><title>svg title</title><a xlink:title="x" class="c">l</a></svg>
            <math><mi itemprop=m>x</mi></math><table><tr><td><p>cell</p></td></tr></table>
            <template><p>inside</p></template><h1>Second</h1>
            <div class="post-author">By <a href="/authors/ann">Ann</a> <a href="/Author/bo">Bo</a></div>
            <span itemprop=author>Cy</span><span itemprop=AUTHOR>Di</span><p class=Byline>Ed</p>
            <p class=bylines>Fa</p><b data-x=author title=author>Gu</b></body></html>"#,
        );
        let elements = Elements::gather(&doc);
        for kind in KINDS_ALL {
            let ids = |nodes: Vec<NodeRef>| nodes.iter().map(|n| n.id).collect::<Vec<_>>();
            let expected = ids(doc.select(kind.selector()).nodes().to_vec());
            assert_eq!(ids(elements.select(kind)), expected, "{}", kind.selector());
            assert_eq!(
                elements.first(kind).map(|n| n.id),
                expected.first().copied(),
                "{}",
                kind.selector()
            );
        }
        assert!(!elements.select(Kind::RelAuthor).is_empty());
        assert_eq!(elements.select(Kind::TitledClass).len(), 2);
        assert!(elements.select(Kind::ShownAuthor).len() >= 3);
    }

    #[test]
    fn pages_that_may_hold_a_toolbar_or_streamed_segments_are_told_apart() {
        for (html, may) in [
            ("<body><p>plain</p><div id=main>x</div></body>", false),
            ("<body><div id=WM-IPP-BASE>toolbar</div></body>", true),
            (
                "<body><div hidden id=\"S:0\"><p>part</p></div></body>",
                true,
            ),
            ("<body><span id=\"S:0\">not a segment</span></body>", false),
        ] {
            let doc = Document::from(html);
            assert_eq!(Elements::gather(&doc).may_move(), may, "{html}");
        }
    }

    #[test]
    fn removed_elements_send_lookups_back_to_the_document() {
        let doc =
            Document::from("<body><article><p>a</p></article><article><p>b</p></article></body>");
        let mut elements = Elements::gather(&doc);
        assert_eq!(elements.select(Kind::Paragraph).len(), 2);
        if let Some(first) = elements.first(Kind::Article) {
            first.remove_from_parent();
        }
        elements.invalidate();
        assert_eq!(elements.select(Kind::Paragraph).len(), 1);
        assert_eq!(elements.select(Kind::Article).len(), 1);
    }
}
