//! The story's entities: mentions merged by their story-level name ([`crate::Aliases`]).

use std::collections::{BTreeMap, BTreeSet};

use model::{EntityKind, StoryEntity};

use crate::Story;

/// How often a surface form occurs and where first (article index, byte offset).
type FormStats = (usize, (usize, usize));

#[derive(Default)]
struct Acc {
    kinds: BTreeMap<EntityKind, usize>,
    /// Surface form -> (mentions, first appearance).
    forms: BTreeMap<String, FormStats>,
    articles: BTreeSet<usize>,
    mentions: usize,
}

/// The entities of a story, the most widely reported first, then the most mentioned.
///
/// An entity's kind is the one most of its mentions carry; its aliases are the other
/// surface forms, most frequent first.
pub(crate) fn entities(story: &Story<'_>) -> Vec<StoryEntity> {
    let mut by_name: BTreeMap<String, Acc> = BTreeMap::new();
    for (i, a) in story.articles.iter().enumerate() {
        for m in &a.annotations.entities {
            let name = story.aliases.canonical(&m.name);
            if name.is_empty() {
                continue;
            }
            let form = m.text.split_whitespace().collect::<Vec<_>>().join(" ");
            let acc = by_name.entry(name).or_default();
            *acc.kinds.entry(m.kind).or_insert(0) += 1;
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
    out.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then(b.1.cmp(&a.1))
            .then_with(|| a.2.name.cmp(&b.2.name))
    });
    out.into_iter().map(|(_, _, e)| e).collect()
}
