//! Coverage: for each original article of a story, what it adds that no other
//! independent article carries, and what the story has that it leaves out.
//!
//! An article adds a sentence when no sentence of another independent article (a copy
//! does not count as another outlet) reaches [`UNIQUE_SIMILARITY`] tf-idf cosine with
//! it; the most central such sentences are kept. It omits a summary line, a statement,
//! or a position reported by several independent articles when it is not among their
//! citations. Copies and single-source stories get no coverage.

use std::collections::{BTreeMap, BTreeSet};

use model::{Coverage, Position, Statement, SummaryLine};

use crate::summary::{Central, Support};
use crate::{BriefConfig, Story};

/// Tf-idf cosine at or above which another article carries a sentence's content.
const UNIQUE_SIMILARITY: f64 = 0.3;
/// Most additions listed per article.
const MAX_ADDS: usize = 4;
/// Most omissions listed per article.
const MAX_OMITS: usize = 5;
/// Most sentences of one article checked for other carriers, most central first: a hard
/// cap on the similarity search of a very long article.
const MAX_CHECKED: usize = 128;

/// The parts of the brief an article may leave out.
pub(crate) struct Shared<'b> {
    pub(crate) summary: &'b [SummaryLine],
    pub(crate) statements: &'b [Statement],
    pub(crate) positions: &'b [Position],
}

/// The coverage of every original article of a story with two or more sources.
pub(crate) fn coverage(
    story: &Story<'_>,
    central: &Central,
    shared: &Shared<'_>,
    config: &BriefConfig,
) -> Vec<Coverage> {
    let all: BTreeSet<usize> = (0..story.articles.len()).collect();
    if story.independent(&all) < 2 {
        return Vec::new();
    }
    // Sentences fit to be listed: long enough, not too long, once per wording.
    let mut seen = BTreeSet::new();
    let mut listed: Vec<usize> = central
        .sentences
        .iter()
        .enumerate()
        .filter(|(_, s)| story.is_primary(s.article) && !s.vec.is_empty())
        .filter(|(_, s)| {
            story
                .articles
                .get(s.article)
                .and_then(|a| crate::slice(&a.article.body, s.start, s.end))
                .is_some_and(|t| {
                    let words = text::words(t).count();
                    words >= config.min_sentence_words
                        && words <= config.max_sentence_words
                        && seen.insert((s.article, text::fingerprint_text(t)))
                })
        })
        .map(|(k, _)| k)
        .collect();
    // A wording (same terms) found in two independent articles is shared outright; only
    // the rest needs the similarity search, which keeps large stories cheap.
    let mut roots_of: BTreeMap<Vec<u32>, BTreeSet<&str>> = BTreeMap::new();
    for s in &central.sentences {
        if let Some(root) = story.root(s.article) {
            let key: Vec<u32> = s.vec.entries.iter().map(|e| e.0).collect();
            roots_of.entry(key).or_default().insert(root);
        }
    }
    listed.retain(|&k| {
        let key: Vec<u32> = central.sentences[k]
            .vec
            .entries
            .iter()
            .map(|e| e.0)
            .collect();
        roots_of.get(&key).is_none_or(|r| r.len() < 2)
    });
    // Each article's listed sentences, most central first, are checked until it has
    // its additions.
    let mut by_article: Vec<Vec<(f64, usize)>> = vec![Vec::new(); story.articles.len()];
    for &k in &listed {
        if let Some(list) = by_article.get_mut(central.sentences[k].article) {
            list.push((central.centrality(k), k));
        }
    }
    let mut index = Support::new(central);
    let mut adds: Vec<Vec<(f64, usize)>> = vec![Vec::new(); story.articles.len()];
    for (list, added) in by_article.iter_mut().zip(adds.iter_mut()) {
        list.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)));
        for &(centrality, k) in list.iter().take(MAX_CHECKED) {
            if added.len() >= MAX_ADDS {
                break;
            }
            let own = story.root(central.sentences[k].article);
            let carriers = index.carriers(k, UNIQUE_SIMILARITY);
            if carriers.iter().all(|&c| story.root(c) == own) {
                added.push((centrality, k));
            }
        }
    }

    // Each part of the brief that another article may leave out, once: its wording and
    // the independent sources that carry it.
    let index: BTreeMap<&str, usize> = story
        .articles
        .iter()
        .enumerate()
        .rev()
        .map(|(i, a)| (a.article.id.as_str(), i))
        .collect();
    let roots = |ids: &mut dyn Iterator<Item = &String>| -> BTreeSet<&str> {
        ids.filter_map(|id| index.get(id.as_str()).and_then(|&i| story.root(i)))
            .collect()
    };
    let mut parts: Vec<(String, BTreeSet<&str>)> = Vec::new();
    for line in shared.summary {
        parts.push((line.text.clone(), roots(&mut line.article_ids.iter())));
    }
    for p in shared.positions {
        let text = format!(
            "{} {}: {}",
            p.actor,
            crate::render::stance_verb(p.stance),
            p.text
        );
        parts.push((text, roots(&mut p.article_ids.iter())));
    }
    for st in shared.statements {
        let text = format!("{}: {}", st.speaker, crate::render::statement_wording(st));
        parts.push((text, roots(&mut st.quotes.iter().map(|q| &q.article_id))));
    }
    parts.retain(|(_, r)| r.len() >= 2);

    let mut out = Vec::new();
    for (i, a) in story.articles.iter().enumerate() {
        if !story.is_primary(i) {
            continue;
        }
        let mut mine = std::mem::take(&mut adds[i]);
        mine.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)));
        mine.truncate(MAX_ADDS);
        mine.sort_by_key(|&(_, k)| central.sentences[k].start);
        let added: Vec<String> = mine
            .iter()
            .filter_map(|&(_, k)| {
                let s = &central.sentences[k];
                crate::slice(&a.article.body, s.start, s.end)
            })
            .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
            .collect();

        let own = story.root(i).unwrap_or_default();
        // Taken lazily: an article is passed over only for the parts it carries, so the
        // scans add up to the size of the parts' citations.
        let omits: Vec<String> = parts
            .iter()
            .filter(|(_, r)| !r.contains(own))
            .take(MAX_OMITS)
            .map(|(t, _)| t.clone())
            .collect();
        if added.is_empty() && omits.is_empty() {
            continue;
        }
        out.push(Coverage {
            article_id: a.article.id.clone(),
            adds: added,
            omits,
        });
    }
    out
}
