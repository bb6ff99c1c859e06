//! Who said what: the story's quotes grouped by speaker, then by what they say.
//!
//! Two quotes of one speaker are one statement when their canonical terms (stems with
//! irregular forms, phrasal verbs and synonyms folded, see `sim`) are close as a whole,
//! or when any sentence of one is close to any sentence of the other, so that a quote
//! reported at different lengths still joins its statement. A paraphrase that shares
//! fewer words ("cannot remain a spectator" for "will not stand by and watch") joins
//! when the two quotes, from different articles, are each other's closest wording of
//! that speaker and still share several terms.
//!
//! Identical wordings are compared once, so the work grows with the number of distinct
//! wordings per speaker, not with the number of articles repeating them; and each
//! wording meets at most [`FORMS_COMPARED`] others on either side, so that it grows
//! linearly even for a speaker quoted in thousands of different words.

use std::collections::{BTreeMap, BTreeSet};

use model::{QuoteKind, QuoteRef, Statement};

use crate::sim::{bag_vector, shared_ids, Lexicon, SparseVec};
use crate::{BriefConfig, Story};

/// Two sentences must share at least this many distinct terms to make quotes one.
const MIN_SHARED_TERMS: usize = 2;

/// A paraphrase must share at least this many distinct terms with its match.
const MIN_PARAPHRASE_TERMS: usize = 3;

/// Each wording of a speaker is compared with the this many wordings before and after
/// it (in order of first appearance): a hard cap on the pairwise work for a speaker
/// quoted in very many different words.
const FORMS_COMPARED: usize = 128;

/// Most sentences of a wording compared one by one with another's.
const PARTS_COMPARED: usize = 32;

struct Item {
    article: usize,
    start: usize,
    end: usize,
    text: String,
    direct: bool,
    confidence: f64,
}

/// One distinct wording of a speaker, with every item that carries it.
struct Form {
    items: Vec<usize>,
    articles: BTreeSet<usize>,
    whole: SparseVec,
    parts: Vec<SparseVec>,
}

/// The statements of a story, most widely reported first.
pub(crate) fn statements(
    story: &Story<'_>,
    lexicon: &mut Lexicon,
    config: &BriefConfig,
) -> Vec<Statement> {
    let mut by_speaker: BTreeMap<String, Vec<Item>> = BTreeMap::new();
    for (i, a) in story.articles.iter().enumerate() {
        for q in &a.annotations.quotes {
            // A partial quote of one to three words ("naive", "red line") is never a
            // statement alone: read out of its clause, it misleads.
            if q.confidence < config.min_quote_confidence || q.is_fragment() {
                continue;
            }
            let Some(speaker) = q
                .speaker
                .as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
            else {
                continue;
            };
            // Punctuation the quote borrowed from its reporting clause ("...," he said) goes.
            let folded = q.text.split_whitespace().collect::<Vec<_>>().join(" ");
            let text = folded.trim_end_matches([',', ';', ':', ' ']).to_string();
            if text.is_empty() {
                continue;
            }
            by_speaker
                .entry(story.aliases.canonical(speaker))
                .or_default()
                .push(Item {
                    article: i,
                    start: q.start,
                    end: q.end,
                    text,
                    direct: q.kind == QuoteKind::Direct,
                    confidence: q.confidence,
                });
        }
    }

    // A quoted phrase inside a longer quote of the same speaker in the same article (the
    // reported sentence that holds it, "… victims of “abusive or exploitable labor
    // practices”") adds nothing but a fragment, whichever statement each belongs to.
    for items in by_speaker.values_mut() {
        let spans: Vec<(usize, usize, usize)> = items
            .iter()
            .map(|it| (it.article, it.start, it.end))
            .collect();
        items.retain(|m| {
            !m.direct
                || !spans.iter().any(|&(a, s, e)| {
                    a == m.article && s <= m.start && m.end <= e && (s, e) != (m.start, m.end)
                })
        });
    }

    // Per statement: independent outlets, first appearance, best confidence.
    let mut sure: Vec<f64> = Vec::new();
    let mut out: Vec<(usize, (usize, usize), Statement)> = Vec::new();
    for (speaker, mut items) in by_speaker {
        items.sort_by_key(|it| (it.article, it.start));
        let forms = forms(&items, lexicon);
        for group in group(&forms, config) {
            let mut members: Vec<&Item> = group
                .iter()
                .flat_map(|&f| forms[f].items.iter().map(|&k| &items[k]))
                .collect();
            members.sort_by_key(|m| (m.article, m.start));
            let Some(first) = members.first() else {
                continue;
            };
            let representative = members
                .iter()
                .enumerate()
                .max_by_key(|(k, m)| {
                    // A direct quote of a whole sentence beats a paraphrase; a quoted
                    // phrase ("not allow anyone to …") does not beat the reported sentence
                    // that holds it.
                    let whole = m.direct
                        && m.text
                            .starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
                        && text::words(&m.text).nth(WHOLE_QUOTE_WORDS - 1).is_some();
                    (whole, m.text.chars().count(), std::cmp::Reverse(*k))
                })
                .map_or_else(String::new, |(_, m)| m.text.clone());
            let mut seen = BTreeSet::new();
            let quotes: Vec<QuoteRef> = members
                .iter()
                .filter(|m| seen.insert((m.article, text::fingerprint_text(&m.text))))
                .filter_map(|m| {
                    Some(QuoteRef {
                        article_id: story.articles.get(m.article)?.article.id.clone(),
                        text: m.text.clone(),
                        kind: if m.direct {
                            QuoteKind::Direct
                        } else {
                            QuoteKind::Indirect
                        },
                    })
                })
                .collect();
            let articles: BTreeSet<usize> = members.iter().map(|m| m.article).collect();
            sure.push(members.iter().map(|m| m.confidence).fold(0.0, f64::max));
            out.push((
                story.independent(&articles),
                (first.article, first.start),
                Statement {
                    speaker: speaker.clone(),
                    text: representative,
                    quotes,
                },
            ));
        }
    }
    // Grouped by speaker, as an editor lays them out: the speakers whose words most
    // outlets carry first (then those the story mentions in most articles, then the
    // first to speak), each speaker's statements most widely carried first.
    let mut reach: BTreeMap<&str, (usize, (usize, usize))> = BTreeMap::new();
    for (outlets, first, st) in &out {
        let entry = reach.entry(st.speaker.as_str()).or_insert((0, *first));
        entry.0 = entry.0.max(*outlets);
        entry.1 = entry.1.min(*first);
    }
    let mentioned = mentioning_articles(story);
    let rank = |speaker: &str| {
        let (outlets, first) = reach.get(speaker).copied().unwrap_or((0, (0, 0)));
        let articles = mentioned.get(speaker).copied().unwrap_or(0);
        (
            std::cmp::Reverse(outlets),
            std::cmp::Reverse(articles),
            first,
        )
    };
    let ranked: Vec<_> = out
        .iter()
        .map(|(outlets, first, st)| (rank(&st.speaker), st.speaker.clone(), *outlets, *first))
        .collect();
    let mut order: Vec<usize> = (0..out.len()).collect();
    order.sort_by(|&a, &b| {
        let (ra, sa, oa, fa) = &ranked[a];
        let (rb, sb, ob, fb) = &ranked[b];
        ra.cmp(rb)
            .then_with(|| sa.cmp(sb))
            .then(ob.cmp(oa))
            .then(fa.cmp(fb))
    });
    // Tiers, each in speaker order: what several outlets carry (at most
    // `PER_SPEAKER_FIRST` per speaker), then each remaining speaker's best statement that
    // the analysis is sure of (`SURE_ENOUGH`), then the rest. So the statements a reader
    // sees first are the widely reported ones, and every side has a voice before anyone's
    // third single-outlet line.
    let mut widely: BTreeMap<&str, usize> = BTreeMap::new();
    let mut placed: BTreeSet<&str> = BTreeSet::new();
    let mut tiers: [Vec<usize>; 3] = [Vec::new(), Vec::new(), Vec::new()];
    let mut first_tier = vec![false; order.len()];
    for &k in &order {
        let (_, speaker, outlets, _) = &ranked[k];
        let n = widely.entry(speaker.as_str()).or_insert(0);
        if *outlets >= 2 && *n < PER_SPEAKER_FIRST {
            *n += 1;
            placed.insert(speaker.as_str());
            tiers[0].push(k);
            first_tier[k] = true;
        }
    }
    for &k in &order {
        if first_tier[k] {
            continue;
        }
        let speaker = ranked[k].1.as_str();
        let confident = sure.get(k).is_some_and(|&c| c >= SURE_ENOUGH);
        if confident && placed.insert(speaker) {
            tiers[1].push(k);
        } else {
            tiers[2].push(k);
        }
    }
    // Each tier keeps the speaker grouping of `order`.
    let position: BTreeMap<usize, usize> = order.iter().enumerate().map(|(p, &k)| (k, p)).collect();
    for tier in &mut tiers {
        tier.sort_by_key(|k| position.get(k).copied().unwrap_or(usize::MAX));
    }
    let mut slots: Vec<Option<Statement>> = out.into_iter().map(|(_, _, s)| Some(s)).collect();
    let mut ordered: Vec<Statement> = tiers
        .into_iter()
        .flatten()
        .filter_map(|k| slots.get_mut(k).and_then(Option::take))
        .collect();
    // The tiers choose what a reader sees first; what is shown is laid out by speaker,
    // each in the order of their first line (a stable sort keeps each speaker's own
    // order).
    let shown = ordered.len().min(model::Brief::STATEMENTS_SHOWN);
    let mut first_line: BTreeMap<String, usize> = BTreeMap::new();
    for (k, st) in ordered.iter().take(shown).enumerate() {
        first_line.entry(st.speaker.clone()).or_insert(k);
    }
    ordered[..shown].sort_by_key(|st| first_line.get(&st.speaker).copied().unwrap_or(usize::MAX));
    ordered
}

/// Fewest words of a direct quote (opening with a capital) that stands as a statement's
/// wording on its own.
const WHOLE_QUOTE_WORDS: usize = 6;

/// Least confidence of a single-outlet statement placed among each speaker's best.
const SURE_ENOUGH: f64 = 0.7;

/// Most statements of one speaker in the first tier (those several outlets carry).
const PER_SPEAKER_FIRST: usize = 3;

/// For each entity of the story (by its story-wide name), the number of articles that
/// mention it: how central a speaker is.
fn mentioning_articles(story: &Story<'_>) -> BTreeMap<String, usize> {
    let mut out: BTreeMap<String, usize> = BTreeMap::new();
    for a in story.articles {
        let names: BTreeSet<String> = a
            .annotations
            .entities
            .iter()
            .map(|e| story.aliases.canonical(&e.name))
            .collect();
        for name in names {
            *out.entry(name).or_insert(0) += 1;
        }
    }
    out
}

/// The distinct wordings of one speaker's items (by fingerprint), in order of first
/// appearance, each vectorised once.
fn forms(items: &[Item], lexicon: &mut Lexicon) -> Vec<Form> {
    let mut index: BTreeMap<String, usize> = BTreeMap::new();
    let mut out: Vec<Form> = Vec::new();
    for (k, item) in items.iter().enumerate() {
        let key = text::fingerprint_text(&item.text);
        if let Some(&f) = index.get(&key) {
            out[f].items.push(k);
            out[f].articles.insert(item.article);
            continue;
        }
        let parts = text::sentences(&item.text)
            .into_iter()
            .filter_map(|(s, e)| item.text.get(s..e))
            .map(|p| bag_vector(&lexicon.terms(p)))
            .filter(|v| !v.is_empty())
            .collect();
        index.insert(key, out.len());
        out.push(Form {
            items: vec![k],
            articles: BTreeSet::from([item.article]),
            whole: bag_vector(&lexicon.terms(&item.text)),
            parts,
        });
    }
    out
}

/// True when two wordings say the same thing by their whole or by one sentence each.
fn same_statement(a: &Form, b: &Form, threshold: f64) -> bool {
    let need = MIN_SHARED_TERMS
        .min(a.whole.entries.len())
        .min(b.whole.entries.len())
        .max(1);
    if shared_ids(&a.whole, &b.whole) >= need && a.whole.cosine(&b.whole) >= threshold {
        return true;
    }
    a.parts.iter().take(PARTS_COMPARED).any(|x| {
        b.parts
            .iter()
            .take(PARTS_COMPARED)
            .any(|y| shared_ids(x, y) >= MIN_SHARED_TERMS && x.cosine(y) >= threshold)
    })
}

/// Groups wordings into connected components of `same_statement` and of mutual closest
/// paraphrases across articles, each sorted, in order of their first member.
fn group(forms: &[Form], config: &BriefConfig) -> Vec<Vec<usize>> {
    let n = forms.len();
    let mut parent: Vec<usize> = (0..n).collect();
    fn find(parent: &mut [usize], mut x: usize) -> usize {
        while parent[x] != x {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        x
    }
    fn union(parent: &mut [usize], a: usize, b: usize) {
        let (ra, rb) = (find(parent, a), find(parent, b));
        if ra != rb {
            parent[ra.max(rb)] = ra.min(rb);
        }
    }
    // Closest wording of another article for each form: (cosine, index).
    let mut closest: Vec<Option<(f64, usize)>> = vec![None; n];
    for i in 0..n {
        for j in i + 1..n.min(i.saturating_add(FORMS_COMPARED).saturating_add(1)) {
            if same_statement(&forms[i], &forms[j], config.statement_similarity) {
                union(&mut parent, i, j);
            }
            if forms[i].articles.is_disjoint(&forms[j].articles) {
                let c = forms[i].whole.cosine(&forms[j].whole);
                if closest[i].is_none_or(|(b, _)| c > b) {
                    closest[i] = Some((c, j));
                }
                if closest[j].is_none_or(|(b, _)| c > b) {
                    closest[j] = Some((c, i));
                }
            }
        }
    }
    for i in 0..n {
        let Some((c, j)) = closest[i] else { continue };
        let mutual = closest[j].is_some_and(|(_, k)| k == i);
        if mutual
            && c >= config.paraphrase_similarity
            && shared_ids(&forms[i].whole, &forms[j].whole) >= MIN_PARAPHRASE_TERMS
        {
            union(&mut parent, i, j);
        }
    }
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..n {
        let r = find(&mut parent, i);
        groups.entry(r).or_default().push(i);
    }
    groups.into_values().collect()
}
