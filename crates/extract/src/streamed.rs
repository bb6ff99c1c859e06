//! Content that React's streaming server rendering (Next.js and others) sends out of
//! place.
//!
//! A page rendered that way holds, where a slow part of the article belongs, a
//! placeholder `<template id="B:N">` followed by its fallback ("Loading paragraph..."),
//! and, further down, the part itself in `<div hidden id="S:N">`. A script moves the
//! part into place in the browser; a saved page keeps it hidden at the end of the body,
//! where readability drops it as invisible. [`place_segments`] does what the script
//! does: each hidden segment's children replace the template of the same number (`B:N`
//! for a boundary, `P:N` for a segment inside another), and a boundary's fallback goes.

use std::collections::HashMap;

use dom_query::{Document, NodeRef};

/// The longest fallback text dropped after a boundary placeholder that has no comment
/// markers around it ("Loading paragraph...").
const MAX_FALLBACK_CHARS: usize = 80;

/// Moves every hidden streamed segment into the place its placeholder holds.
pub(crate) fn place_segments(doc: &Document) {
    let segments = doc.select(r#"div[hidden][id^="S:"]"#);
    if segments.is_empty() {
        return;
    }
    let mut slots: HashMap<String, NodeRef> = HashMap::new();
    for t in doc
        .select(r#"template[id^="B:"], template[id^="P:"]"#)
        .nodes()
    {
        if let Some(id) = t.attr("id") {
            slots.entry(id[2..].to_string()).or_insert(*t);
        }
    }
    for segment in segments.nodes() {
        let Some(id) = segment.attr("id") else {
            continue;
        };
        let Some(slot) = slots.get(&id[2..]) else {
            continue;
        };
        let Some(first) = segment.first_child() else {
            continue;
        };
        // A segment that holds its own placeholder cannot move into it.
        if slot.ancestors_it(None).any(|a| a.id == segment.id) {
            continue;
        }
        if slot.attr("id").is_some_and(|i| i.starts_with("B:")) {
            remove_fallback(slot);
        }
        slot.insert_siblings_before(&first);
        slot.remove_from_parent();
        segment.remove_from_parent();
    }
}

/// Removes what a boundary shows while its content streams: everything up to the
/// `<!--/$-->` that closes a `<!--$?-->` before the placeholder, else one short element
/// right after it.
fn remove_fallback(slot: &NodeRef) {
    let marked = previous_non_blank(slot).is_some_and(|p| comment_is(&p, "$?"));
    let mut next = slot.next_sibling();
    if marked {
        let mut run = Vec::new();
        while let Some(n) = next {
            if comment_is(&n, "/$") {
                for r in run {
                    NodeRef::remove_from_parent(&r);
                }
                return;
            }
            next = n.next_sibling();
            run.push(n);
        }
        return;
    }
    while let Some(n) = next {
        if n.is_element() {
            if n.text().trim().chars().count() <= MAX_FALLBACK_CHARS && !n.has_name("template") {
                n.remove_from_parent();
            }
            return;
        }
        if n.is_nonempty_text() {
            return;
        }
        next = n.next_sibling();
    }
}

fn previous_non_blank<'a>(node: &NodeRef<'a>) -> Option<NodeRef<'a>> {
    let mut prev = node.prev_sibling();
    while let Some(p) = prev {
        if !p.is_text() || p.is_nonempty_text() {
            return Some(p);
        }
        prev = p.prev_sibling();
    }
    None
}

/// True for a comment whose contents are `text`.
fn comment_is(node: &NodeRef, text: &str) -> bool {
    node.query(|n| match &n.data {
        dom_query::NodeData::Comment { contents } => contents.trim() == text,
        _ => false,
    })
    .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body_text(html: &str) -> String {
        let doc = Document::from(html);
        place_segments(&doc);
        doc.select("body").html().to_string()
    }

    #[test]
    fn hidden_segments_replace_their_placeholders_and_fallbacks() {
        let html = r#"<body><main><h1>T</h1><template id="B:0"></template><div>Loading paragraph...</div>
            <template id="B:1"></template><div>Loading...</div><div id="after">Kept</div></main>
            <div hidden id="S:1"><p>Second <template id="P:a"></template></p></div>
            <div hidden id="S:0"><p>First part.</p><p>More.</p></div>
            <div hidden id="S:a"><b>nested</b></div></body>"#;
        let got = body_text(html);
        assert!(!got.contains("Loading"), "{got}");
        assert!(!got.contains("hidden"), "{got}");
        let first = got.find("First part.").expect("first placed");
        let second = got
            .find("Second <b>nested</b>")
            .expect("second and nested placed");
        let after = got.find("Kept").expect("the next element stays");
        assert!(first < second && second < after, "{got}");
    }

    #[test]
    fn comment_marked_fallbacks_go_up_to_their_end_marker() {
        let html = r#"<body><div><!--$?--><template id="B:0"></template><div>Loading <!-- -->paragraph</div><span>spinner</span><!--/$--><p>Next</p></div>
            <div hidden id="S:0"><p>Body text.</p></div></body>"#;
        let got = body_text(html);
        assert!(
            !got.contains("Loading") && !got.contains("spinner"),
            "{got}"
        );
        assert!(
            got.find("Body text.").unwrap() < got.find("Next").unwrap(),
            "{got}"
        );
    }

    #[test]
    fn segments_without_a_placeholder_or_holding_their_own_stay() {
        let html = r#"<body><div hidden id="S:9"><p>Orphan</p></div>
            <div hidden id="S:3"><p>x <template id="B:3"></template></p></div></body>"#;
        let got = body_text(html);
        assert!(
            got.contains(r#"id="S:9""#) && got.contains(r#"id="S:3""#),
            "{got}"
        );
    }
}
