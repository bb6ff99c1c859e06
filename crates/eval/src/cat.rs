//! MEANTIME's CAT XML, read once for the entity and alias evaluations: tokens, the body
//! Chorus analyses, entities with their links, and proper-name mentions.
//!
//! The body leaves out the headline (sentence 0), because Chorus analyses bodies, not
//! titles; each sentence becomes a paragraph, its tokens joined by spaces.

use std::collections::BTreeMap;

/// One CAT token: its sentence number and text.
pub(crate) struct Token {
    pub(crate) sentence: String,
    pub(crate) text: String,
}

/// One proper-name (NAM) mention: the entity it refers to (type and cross-document
/// instance id, when the document links it) and its first and last token.
pub(crate) struct NameMention {
    pub(crate) ent_type: Option<String>,
    pub(crate) instance: Option<String>,
    pub(crate) first: usize,
    pub(crate) last: usize,
}

/// A CAT document.
pub(crate) struct Cat {
    pub(crate) tokens: Vec<Token>,
    /// The body the recogniser reads.
    pub(crate) body: String,
    /// The byte range of each token in `body`; `None` for headline tokens.
    pub(crate) offsets: Vec<Option<(usize, usize)>>,
    pub(crate) names: Vec<NameMention>,
    /// The first and last token of every other entity mention (a common noun phrase, a
    /// pronoun: "the Brennmouth party candidates").
    pub(crate) others: Vec<(usize, usize)>,
}

/// Decodes the five XML entities.
pub(crate) fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// The value of `name="..."` inside a tag.
pub(crate) fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let key = format!("{name}=\"");
    let at = tag
        .match_indices(&key)
        .map(|(i, _)| i)
        .find(|&i| i == 0 || tag[..i].ends_with(char::is_whitespace))?
        + key.len();
    let len = tag[at..].find('"')?;
    Some(&tag[at..at + len])
}

/// Reads one CAT document.
pub(crate) fn read(xml: &str) -> Cat {
    let mut ids: Vec<String> = Vec::new();
    let mut tokens: Vec<Token> = Vec::new();
    for piece in xml.split("<token ").skip(1) {
        let Some((tag, rest)) = piece.split_once('>') else {
            continue;
        };
        let text = rest.split("</token>").next().unwrap_or_default();
        if let (Some(id), Some(s)) = (attr(tag, "t_id"), attr(tag, "sentence")) {
            ids.push(id.to_string());
            tokens.push(Token {
                sentence: s.to_string(),
                text: unescape(text),
            });
        }
    }
    let index: BTreeMap<&str, usize> = ids
        .iter()
        .enumerate()
        .map(|(k, id)| (id.as_str(), k))
        .collect();
    // Entity m_id -> (type, cross-document instance id).
    let mut entities: BTreeMap<String, (Option<String>, Option<String>)> = BTreeMap::new();
    for piece in xml.split("<ENTITY ").skip(1) {
        let tag = piece.split('>').next().unwrap_or_default();
        if let Some(m) = attr(tag, "m_id") {
            entities.insert(
                m.to_string(),
                (
                    attr(tag, "ent_type").map(str::to_string),
                    attr(tag, "instance_id").map(str::to_string),
                ),
            );
        }
    }
    let mut refers: BTreeMap<String, String> = BTreeMap::new();
    for piece in xml.split("<REFERS_TO").skip(1) {
        let block = piece.split("</REFERS_TO>").next().unwrap_or_default();
        // One link names every mention of its entity: several sources, one target.
        let Some(tgt) = block.split("<target ").nth(1).and_then(|t| attr(t, "m_id")) else {
            continue;
        };
        for src in block
            .split("<source ")
            .skip(1)
            .filter_map(|t| attr(t, "m_id"))
        {
            refers.insert(src.to_string(), tgt.to_string());
        }
    }
    let mut body = String::new();
    let mut offsets: Vec<Option<(usize, usize)>> = vec![None; tokens.len()];
    let mut last_sentence = None;
    for (k, t) in tokens.iter().enumerate() {
        if t.sentence == "0" {
            continue;
        }
        if last_sentence != Some(&t.sentence) {
            if !body.is_empty() {
                body.push_str("\n\n");
            }
            last_sentence = Some(&t.sentence);
        } else {
            body.push(' ');
        }
        if let Some(slot) = offsets.get_mut(k) {
            *slot = Some((body.len(), body.len() + t.text.len()));
        }
        body.push_str(&t.text);
    }
    let mut names = Vec::new();
    let mut others = Vec::new();
    for piece in xml.split("<ENTITY_MENTION ").skip(1) {
        let block = piece.split("</ENTITY_MENTION>").next().unwrap_or_default();
        let tag = block.split('>').next().unwrap_or_default();
        let anchors = |block: &str| -> Vec<usize> {
            block
                .split("<token_anchor ")
                .skip(1)
                .filter_map(|t| attr(t, "t_id"))
                .filter_map(|id| index.get(id).copied())
                .collect()
        };
        if attr(tag, "syntactic_type") != Some("NAM") {
            let anchors = anchors(block);
            if let (Some(&first), Some(&last)) = (anchors.iter().min(), anchors.iter().max()) {
                others.push((first, last));
            }
            continue;
        }
        let entity = attr(tag, "m_id")
            .and_then(|m| refers.get(m))
            .and_then(|e| entities.get(e));
        let anchors = anchors(block);
        if let (Some(&first), Some(&last)) = (anchors.iter().min(), anchors.iter().max()) {
            names.push(NameMention {
                ent_type: entity.and_then(|e| e.0.clone()),
                instance: entity.and_then(|e| e.1.clone()),
                first,
                last,
            });
        }
    }
    Cat {
        tokens,
        body,
        offsets,
        names,
        others,
    }
}
