//! The story's entities: mentions merged by their story-level name ([`crate::Aliases`]).

use std::collections::{BTreeMap, BTreeSet};

use model::{EntityKind, StoryEntity};

use crate::Story;

/// How often a surface form occurs and where first (article index, byte offset).
type FormStats = (usize, (usize, usize));

#[derive(Default)]
struct Acc {
    /// Mentions of each kind at or above the least confidence shown.
    kinds: BTreeMap<EntityKind, usize>,
    /// The highest confidence of a mention.
    confidence: f64,
    /// Surface form -> (mentions, first appearance).
    forms: BTreeMap<String, FormStats>,
    articles: BTreeSet<usize>,
    mentions: usize,
}

/// The entities of a story, the most widely reported first, then the most mentioned.
///
/// An entity is listed when one of its mentions is sure enough (its confidence, from the
/// analysis, reaches `min_confidence`): a missing line costs a reader less than a wrong
/// one. Its kind is the one most of its sure mentions carry; its aliases are the other
/// surface forms, most frequent first. A one-word organisation name that ends the names
/// of several organisations of the story is left out: it is ambiguous.
pub(crate) fn entities(story: &Story<'_>, min_confidence: f64) -> Vec<StoryEntity> {
    let mut by_name: BTreeMap<String, Acc> = BTreeMap::new();
    for (i, a) in story.articles.iter().enumerate() {
        for m in &a.annotations.entities {
            let name = story.aliases.canonical(&m.name);
            if name.is_empty() {
                continue;
            }
            let form = m.text.split_whitespace().collect::<Vec<_>>().join(" ");
            let acc = by_name.entry(name).or_default();
            if m.confidence >= min_confidence {
                *acc.kinds.entry(m.kind).or_insert(0) += 1;
            }
            acc.confidence = acc.confidence.max(m.confidence);
            if !form.is_empty() {
                let e = acc.forms.entry(form).or_insert((0, (i, m.start)));
                e.0 += 1;
                e.1 = e.1.min((i, m.start));
            }
            acc.articles.insert(i);
            acc.mentions += 1;
        }
    }
    let mut out: Vec<(usize, usize, StoryEntity)> = by_name
        .into_iter()
        .filter(|(_, acc)| acc.confidence >= min_confidence)
        .map(|(name, acc)| {
            let kind = acc
                .kinds
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                .map_or(EntityKind::Other, |(k, _)| *k);
            let mut forms: Vec<(String, FormStats)> =
                acc.forms.into_iter().filter(|(f, _)| *f != name).collect();
            forms.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then(a.1 .1.cmp(&b.1 .1)));
            (
                story.independent(&acc.articles),
                acc.mentions,
                StoryEntity {
                    aliases: forms.into_iter().map(|(f, _)| f).collect(),
                    article_ids: story.ids(&acc.articles),
                    name,
                    kind,
                },
            )
        })
        .collect();
    // A one-word organisation name that ends several organisations' names ("the
    // Department" in a story of the Justice and the Treasury Departments) says which one
    // only to a reader of its sentence: it is left out rather than listed as an entity of
    // its own.
    let mut ends: BTreeMap<&str, usize> = BTreeMap::new();
    for (_, _, e) in &out {
        let words: Vec<&str> = e.name.split(' ').collect();
        if e.kind == EntityKind::Organization && words.len() >= 2 {
            if let Some(last) = words.last() {
                *ends.entry(last).or_insert(0) += 1;
            }
        }
    }
    let ambiguous: BTreeSet<String> = out
        .iter()
        .filter(|(_, _, e)| {
            !e.name.contains(' ')
                && e.kind == EntityKind::Organization
                && ends.get(e.name.as_str()).is_some_and(|&n| n >= 2)
        })
        .map(|(_, _, e)| e.name.clone())
        .collect();
    out.retain(|(_, _, e)| !ambiguous.contains(&e.name));
    out.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then(b.1.cmp(&a.1))
            .then_with(|| a.2.name.cmp(&b.2.name))
    });
    out.into_iter().map(|(_, _, e)| e).collect()
}
