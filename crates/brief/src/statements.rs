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

use crate::dating::Dating;
use crate::partial::{self, Reading};
use crate::sim::{bag_vector, shared_ids, Lexicon, SparseVec};
use crate::words::RELATIVE_PRONOUNS;
use crate::{BriefConfig, Story};

/// Two sentences must share at least this many distinct terms to make quotes one.
const MIN_SHARED_TERMS: usize = 2;

/// A paraphrase must share at least this many distinct terms with its match. A
/// sentence that shares this many and three quarters of its terms with a sentence of
/// another wording says the same in fewer or more words ("Brand lied many times to the
/// council" and "his rival, Brand, suffered no consequences after she lied many times
/// to the council"), however long the other runs on.
const MIN_PARAPHRASE_TERMS: usize = 3;

/// A wording of at least this many distinct terms, nine tenths of them in another
/// wording of the speaker, is that statement quoted shorter or with a word changed ("we
/// learned something important" inside "we learned something very important since …,
/// whatever we think of it"), however long the other runs on.
const CONTAINED_TERMS: usize = 5;

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
    /// A partial quote shown inside its clause (see [`partial`]).
    widened: bool,
    /// False for words of the speaker that are no statement of theirs (see
    /// [`partial`]): they count as an outlet's support, never as a line.
    shown: bool,
    confidence: f64,
}

/// One distinct wording of a speaker, with every item that carries it.
struct Form {
    items: Vec<usize>,
    articles: BTreeSet<usize>,
    whole: SparseVec,
    parts: Vec<SparseVec>,
}

/// The statements of a story, the most important first (see [`order`]).
pub(crate) fn statements(
    story: &Story<'_>,
    dating: &Dating,
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
            // A partial quote is shown inside its clause, as reported speech; what is
            // no statement (a preposition's object, a question) is not shown.
            let reading = partial::reading(&a.article.body, q);
            let (wording, direct, start, widened) = match &reading {
                Reading::InClause { text, start } => (text.as_str(), false, *start, true),
                _ => (q.text.as_str(), q.kind == QuoteKind::Direct, q.start, false),
            };
            // What is no statement is still the speaker's words in that outlet: it joins
            // a statement it matches as support, and is never shown.
            let shown = reading != Reading::NoStatement;
            // Punctuation the quote borrowed from its reporting clause ("...," he said) goes.
            let folded = wording.split_whitespace().collect::<Vec<_>>().join(" ");
            let text = folded.trim_end_matches([',', ';', ':', ' ']).to_string();
            if text.is_empty() {
                continue;
            }
            by_speaker
                .entry(story.aliases.canonical(speaker))
                .or_default()
                .push(Item {
                    article: i,
                    start,
                    end: q.end,
                    text,
                    direct,
                    widened,
                    shown,
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
            !(m.direct || m.widened)
                || !spans.iter().any(|&(a, s, e)| {
                    a == m.article && s <= m.start && m.end <= e && (s, e) != (m.start, m.end)
                })
        });
    }

    // Per statement: its evidence of importance, and the statement itself.
    // Each article's day, its own or the one inferred from the story.
    let days: Vec<Option<chrono::NaiveDate>> = story
        .articles
        .iter()
        .zip(dating.inferred.iter().chain(std::iter::repeat(&None)))
        .map(|(a, inferred)| a.article.published.or(*inferred))
        .collect();
    let latest = days.iter().flatten().max().copied();
    let mut evidence: Vec<Evidence> = Vec::new();
    let mut out: Vec<Statement> = Vec::new();
    for (speaker, mut items) in by_speaker {
        items.sort_by_key(|it| (it.article, it.start));
        let forms = forms(&items, lexicon);
        for group in group(&forms, config) {
            let mut members: Vec<&Item> = group
                .iter()
                .flat_map(|&f| forms[f].items.iter().map(|&k| &items[k]))
                .collect();
            members.sort_by_key(|m| (m.article, m.start));
            // The outlets carrying the statement count every member; what is shown
            // comes from the members that are statements.
            let articles: BTreeSet<usize> = members.iter().map(|m| m.article).collect();
            let paragraph = members
                .iter()
                .map(|m| paragraph_of(story, m.article, m.start))
                .min()
                .unwrap_or(0);
            members.retain(|m| m.shown);
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
            let recent = articles.iter().any(|&i| {
                let day = days.get(i).copied().flatten();
                day.is_none() || day == latest
            });
            evidence.push(Evidence {
                outlets: story.independent(&articles).max(1),
                articles,
                first: (first.article, first.start),
                confidence: members.iter().map(|m| m.confidence).fold(0.0, f64::max),
                paragraph,
                words: text::words(&representative).count(),
                partial: members.iter().all(|m| {
                    m.widened
                        || (m.direct
                            && !m
                                .text
                                .starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit()))
                }),
                recent,
            });
            out.push(Statement {
                speaker: speaker.clone(),
                text: representative,
                quotes,
            });
        }
    }
    order(story, out, &evidence)
}

/// What a statement's importance is judged by.
struct Evidence {
    /// Independent outlets that carry it (wire copies count once).
    outlets: usize,
    /// The story's articles that carry it.
    articles: BTreeSet<usize>,
    /// Its first appearance: article, offset.
    first: (usize, usize),
    /// The best confidence of its quotes.
    confidence: f64,
    /// The earliest paragraph it appears in (0 is the first), up to [`LEAD_PARAGRAPHS`].
    paragraph: usize,
    /// Words of its shown wording.
    words: usize,
    /// True when every quote of it is a partial direct quote (opening mid-sentence,
    /// "… if Russia “stays at the table”"): the reporter's sentence holds the rest.
    partial: bool,
    /// True when an article carrying it is of the story's latest day (or undated):
    /// what was said after the event rather than before it.
    recent: bool,
}

impl Evidence {
    /// The statement's own weight: each factor is 1 at its best, so the product reads
    /// as "outlets carrying it, discounted for what makes a line less worth a reader's
    /// time".
    fn weight(&self) -> f64 {
        let mut substance = (self.words as f64 / SUBSTANTIAL_WORDS).min(1.0);
        if self.partial {
            substance *= PARTIAL_QUOTE;
        }
        let lead = if self.paragraph < LEAD_PARAGRAPHS {
            1.0
        } else {
            LATER_PARAGRAPH
        };
        let recency = if self.recent { 1.0 } else { EARLIER_DAY };
        self.outlets as f64 * self.confidence * substance * lead * recency
    }
}

/// Words at which a line counts as a whole statement; shorter ones weigh in proportion.
const SUBSTANTIAL_WORDS: f64 = 8.0;

/// Weight of a statement only quoted in part, mid-sentence.
const PARTIAL_QUOTE: f64 = 0.75;

/// Paragraphs that make an article's lead.
const LEAD_PARAGRAPHS: usize = 3;

/// Weight of a statement first met past the lead.
const LATER_PARAGRAPH: f64 = 0.8;

/// Weight of a statement only carried by articles of earlier days than the story's last.
const EARLIER_DAY: f64 = 0.8;

/// Fewest words of a direct quote (opening with a capital) that stands as a statement's
/// wording on its own.
const WHOLE_QUOTE_WORDS: usize = 6;

/// Weight of a speaker that is not a named person (a country, an institution, "the
/// report"): such lines are mostly the reporter's summary of a side's position.
const NOT_A_PERSON: f64 = 0.5;

/// The index of the paragraph of an article holding a byte offset, counted no further
/// than [`LEAD_PARAGRAPHS`] (only whether it lies in the lead matters), so a statement
/// deep in a long article does not cost a scan of everything before it.
fn paragraph_of(story: &Story<'_>, article: usize, at: usize) -> usize {
    story
        .articles
        .get(article)
        .and_then(|a| a.article.body.get(..at))
        .map_or(0, |before| {
            before.matches("\n\n").take(LEAD_PARAGRAPHS).count()
        })
}

/// Orders statements by importance, grouped by speaker.
///
/// A statement's importance is its own weight ([`Evidence::weight`]) times its
/// speaker's centrality: the mean of the shares of the story's articles that quote and
/// that mention the speaker, halved for a speaker that is not a named person.
/// Statements are chosen greedily, each speaker's next line counting for its importance
/// divided by the square root of one more than the lines of that speaker already
/// chosen, so that the main actors get most lines and every side a voice. The first
/// [`model::Brief::STATEMENTS_SHOWN`] chosen are then laid out by speaker, in the order
/// each speaker was first chosen; the rest follow in the order chosen.
fn order(story: &Story<'_>, out: Vec<Statement>, evidence: &[Evidence]) -> Vec<Statement> {
    let n = story.articles.len().max(1) as f64;
    let mut quoted: BTreeMap<&str, BTreeSet<usize>> = BTreeMap::new();
    for (st, ev) in out.iter().zip(evidence) {
        let entry = quoted.entry(st.speaker.as_str()).or_default();
        entry.extend(ev.articles.iter().copied());
    }
    let (people, mentioned) = people_and_mentions(story);
    let centrality = |speaker: &str| {
        let quoting = quoted.get(speaker).map_or(0, BTreeSet::len);
        let mentioning = mentioned.get(speaker).copied().unwrap_or(0).max(quoting);
        let person = if people.contains(speaker) {
            1.0
        } else {
            NOT_A_PERSON
        };
        (quoting + mentioning) as f64 / (2.0 * n) * person
    };
    let importance: Vec<f64> = out
        .iter()
        .zip(evidence)
        .map(|(st, ev)| centrality(&st.speaker) * ev.weight())
        .collect();
    let mut left: Vec<usize> = (0..out.len()).collect();
    let mut chosen: Vec<usize> = Vec::with_capacity(out.len());
    let mut lines: BTreeMap<&str, usize> = BTreeMap::new();
    while !left.is_empty() {
        let value = |k: usize| {
            let before = lines.get(out[k].speaker.as_str()).copied().unwrap_or(0);
            importance[k] / ((1 + before) as f64).sqrt()
        };
        // The best value; ties go to the statement that appeared first.
        let Some((at, _)) = left.iter().enumerate().max_by(|(_, &a), (_, &b)| {
            value(a)
                .total_cmp(&value(b))
                .then_with(|| evidence[b].first.cmp(&evidence[a].first))
                .then_with(|| out[b].speaker.cmp(&out[a].speaker))
        }) else {
            break;
        };
        let k = left.remove(at);
        *lines.entry(out[k].speaker.as_str()).or_insert(0) += 1;
        chosen.push(k);
    }
    // What is shown is laid out by speaker, each in the order of their first line (a
    // stable sort keeps each speaker's own order).
    let shown = chosen.len().min(model::Brief::STATEMENTS_SHOWN);
    let mut first_line: BTreeMap<&str, usize> = BTreeMap::new();
    for (p, &k) in chosen.iter().take(shown).enumerate() {
        first_line.entry(out[k].speaker.as_str()).or_insert(p);
    }
    chosen[..shown].sort_by_key(|&k| {
        first_line
            .get(out[k].speaker.as_str())
            .copied()
            .unwrap_or(usize::MAX)
    });
    let mut slots: Vec<Option<Statement>> = out.into_iter().map(Some).collect();
    chosen
        .into_iter()
        .filter_map(|k| slots.get_mut(k).and_then(Option::take))
        .collect()
}

/// The story-wide names of the people its articles mention, and for every entity the
/// number of articles that mention it.
fn people_and_mentions(story: &Story<'_>) -> (BTreeSet<String>, BTreeMap<String, usize>) {
    let mut people = BTreeSet::new();
    let mut mentioned: BTreeMap<String, usize> = BTreeMap::new();
    for a in story.articles {
        let mut names = BTreeSet::new();
        for e in &a.annotations.entities {
            let name = story.aliases.canonical(&e.name);
            if e.kind == model::EntityKind::Person {
                people.insert(name.clone());
            }
            names.insert(name);
        }
        for name in names {
            *mentioned.entry(name).or_insert(0) += 1;
        }
    }
    (people, mentioned)
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
        let said = if item.direct {
            item.text.as_str()
        } else {
            main_clause(&item.text)
        };
        let parts = text::sentences(said)
            .into_iter()
            .filter_map(|(s, e)| said.get(s..e))
            .map(|p| bag_vector(&lexicon.terms(p)))
            .filter(|v| !v.is_empty())
            .collect();
        index.insert(key, out.len());
        out.push(Form {
            items: vec![k],
            articles: BTreeSet::from([item.article]),
            whole: bag_vector(&lexicon.terms(said)),
            parts,
        });
    }
    out
}

/// Reported speech up to a relative clause after a comma ("he felt badly for Flynn|,
/// whom he fired in February …"): the reporter's gloss on a name, which says nothing of
/// what the speaker said and would match the speaker's other statements on the
/// reporter's words.
fn main_clause(reported: &str) -> &str {
    let mut from = 0;
    while let Some(k) = reported[from..].find(", ") {
        let comma = from + k;
        let next = reported[comma + 2..]
            .split_whitespace()
            .next()
            .unwrap_or("");
        if RELATIVE_PRONOUNS.contains(&next.to_lowercase().as_str()) {
            return &reported[..comma];
        }
        from = comma + 2;
    }
    reported
}

/// True when two wordings say the same thing by their whole or by one sentence each.
fn same_statement(a: &Form, b: &Form, threshold: f64) -> bool {
    let need = MIN_SHARED_TERMS
        .min(a.whole.entries.len())
        .min(b.whole.entries.len())
        .max(1);
    let shared = shared_ids(&a.whole, &b.whole);
    if shared >= need && a.whole.cosine(&b.whole) >= threshold {
        return true;
    }
    let fewer = a.whole.entries.len().min(b.whole.entries.len());
    if fewer >= CONTAINED_TERMS && shared * 10 >= fewer * 9 {
        return true;
    }
    a.parts.iter().take(PARTS_COMPARED).any(|x| {
        b.parts.iter().take(PARTS_COMPARED).any(|y| {
            let shared = shared_ids(x, y);
            let fewer = x.entries.len().min(y.entries.len());
            (shared >= MIN_SHARED_TERMS && x.cosine(y) >= threshold)
                || (shared >= MIN_PARAPHRASE_TERMS && shared * 4 >= fewer * 3)
        })
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

#[cfg(test)]
mod tests {
    use super::main_clause;

    #[test]
    fn a_relative_clause_after_a_comma_is_the_reporters() {
        assert_eq!(
            main_clause("he felt badly for Lind, whom he dismissed in May for lying"),
            "he felt badly for Lind"
        );
        assert_eq!(
            main_clause("the port, the board and the union would meet, which was new"),
            "the port, the board and the union would meet"
        );
        assert_eq!(
            main_clause("the quay would reopen"),
            "the quay would reopen"
        );
    }
}
