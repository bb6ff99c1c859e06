//! The timeline: one line per event, each with the clause that dates it.
//!
//! Each date mention with a day or month value that dates an act of the story (not a
//! quote's words, a byline or dateline, the current period, or a noun, as in "the Sept.
//! 11 attacks": `DateRole::Noun`) is described by its sentence, or by its own clause
//! when the sentence dates several events. Descriptions
//! of the same date whose words are close, that share two actors, or (for a day) a place
//! near the date (the talks "in Geneva on Monday" and "the Geneva summit on Monday") are
//! one event, reported by all their articles. Each date keeps its best-carried event;
//! another event of that date needs `timeline_extra_sources` independent sources.

use std::collections::{BTreeMap, BTreeSet};

use model::TimelineEntry;

use crate::dating::Dating;
use crate::sim::{bag_vector, Lexicon, SparseVec};
use crate::summary::Central;
use crate::words::RELATIVE_PRONOUNS;
use crate::{BriefConfig, Story};

/// A description needs this many content terms besides the date to say something.
const MIN_TERMS: usize = 3;

/// Two descriptions of one date naming this many of the same people or organisations
/// tell one event ("Sherman meets Ryabkov on Sunday evening", "a working dinner with
/// Ryabkov and Sherman on Sunday evening").
const SHARED_ACTORS: usize = 2;

/// At most this many words outside a quote's content make the rest of its sentence an
/// attribution ("…, Ryabkov said on Sunday"): a date there dates a statement, which
/// gives way to another event of the same date carried as widely.
const ATTRIBUTION_WORDS: usize = 12;

/// Bytes between a date and a place for the place to locate the dated event ("in Geneva
/// on Monday", "the Geneva summit on Monday", "in Vienna of the OSCE on Thursday").
const PLACE_REACH: usize = 60;

/// A new description is compared with the first this many entries of its date, and
/// with the first this many descriptions of each: hard caps on the pairwise work when
/// one date has very many distinct descriptions.
const ENTRIES_COMPARED: usize = 64;
const BAGS_COMPARED: usize = 32;

struct Entry {
    date: String,
    text: String,
    bags: Vec<SparseVec>,
    articles: BTreeSet<usize>,
    first: (usize, usize),
    /// True while every mention joined so far resolves only against an inferred date.
    inferred: bool,
    /// Canonical names of the places the entry's sentences name.
    places: BTreeSet<String>,
    /// Canonical names of the people and organisations its descriptions name.
    actors: BTreeSet<String>,
    /// True while every mention joined so far dates a statement.
    statement: bool,
    /// True when the entry's description tells a plan or a forecast ([`PLANNED`]).
    planned: bool,
}

/// The timeline of a story, sorted by date, then by number of sources.
///
/// Only the central articles (see [`Central`]) are read, which bounds the work on very
/// large stories; identical descriptions join their entry without any comparison.
pub(crate) fn timeline(
    story: &Story<'_>,
    central: &Central,
    dating: &Dating,
    lexicon: &mut Lexicon,
    config: &BriefConfig,
) -> Vec<TimelineEntry> {
    let mut entries: Vec<Entry> = Vec::new();
    // Date -> indices of its entries; description fingerprint -> entry index.
    let mut by_date: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    let mut by_text: BTreeMap<(String, String), usize> = BTreeMap::new();
    for &i in &central.articles {
        let Some(a) = story.articles.get(i) else {
            continue;
        };
        let body = &a.article.body;
        let sentences = story.sentences.get(i).map_or(&[][..], Vec::as_slice);
        // The article's place mentions by start, to find those near a date at once.
        let mut place_mentions: Vec<&model::EntityMention> = a
            .annotations
            .entities
            .iter()
            .filter(|m| m.kind == model::EntityKind::Place)
            .collect();
        place_mentions.sort_by_key(|m| m.start);
        let longest = place_mentions
            .iter()
            .map(|m| m.end.saturating_sub(m.start))
            .max()
            .unwrap_or(0);
        let mut dates = dating.mentions(story, i);
        // A date that modifies a noun ("the Sept. 11 attacks", "a Dec. 14 vote") names
        // that thing's time, not the sentence's: it dates no line and cuts no sentence.
        dates.retain(|d| d.mention.role == model::DateRole::Clause);
        dates.sort_by_key(|d| (d.mention.start, d.mention.end));
        // The calendar mentions of each sentence (by its start), to cut a sentence that
        // dates several events into the clause of each.
        let sentence_of = |at: usize| {
            sentences
                .get(sentences.partition_point(|s| s.end <= at))
                .filter(|s| s.start <= at && at < s.end)
        };
        // A date in an "after"/"before" phrase without a clause of its own ("after the
        // November vote") names the time of another thing: it dates no act and cuts no
        // sentence.
        let bare = |s: &crate::Sentence, d: &model::DateMention| {
            crate::slice(body, s.start, s.end).is_some_and(|sentence| {
                temporal_clause(sentence, d.start - s.start) == Some(Opener::Bare)
            })
        };
        let mut dated_in: BTreeMap<usize, Vec<(usize, usize)>> = BTreeMap::new();
        for dated in &dates {
            let d = &dated.mention;
            if d.value.as_deref().is_some_and(is_day_or_month) {
                if let Some(s) = sentence_of(d.start).filter(|s| !bare(s, d)) {
                    dated_in.entry(s.start).or_default().push((d.start, d.end));
                }
            }
        }
        let mut seen = BTreeSet::new();
        for dated in dates {
            let d = dated.mention;
            let Some(date) = d.value.as_deref().filter(|v| is_day_or_month(v)) else {
                continue;
            };
            // Sentences are in body order and do not overlap.
            let Some(s) = sentence_of(d.start) else {
                continue;
            };
            let Some(sentence) = crate::slice(body, s.start, s.end) else {
                continue;
            };
            let Some(statement) = dated_act(body, (s.start, s.end), d, &a.annotations.quotes)
            else {
                continue;
            };
            if !seen.insert((s.start, date.to_string())) {
                continue;
            }
            let others: Vec<(usize, usize)> = dated_in
                .get(&s.start)
                .map(|v| {
                    v.iter()
                        .filter(|&&(st, _)| st != d.start)
                        .map(|&(st, en)| (st - s.start, en - s.start))
                        .collect()
                })
                .unwrap_or_default();
            // A date inside an "after"/"before" clause dates that clause's act, not the
            // sentence's: the line tells that clause when it is the sentence's only date,
            // and a clause without its own subject ("after reaching a peak in May", "after
            // the November vote") tells nothing, whatever other dates the sentence holds.
            let others = match temporal_clause(sentence, d.start - s.start) {
                Some(Opener::Bare) => continue,
                Some(Opener::Finite(at)) if others.is_empty() => vec![(at, at + 1)],
                _ => others,
            };
            let (lo, hi) = clause(sentence, d.start - s.start, &others, config.timeline_words);
            let Some(part) = sentence.get(lo..hi) else {
                continue;
            };
            let cut = lo > 0 || hi < sentence.len();
            // A clause is read whole up to half as long again as the longest description,
            // a sentence up to twice as long: whole clauses read better than cut ones.
            let limit = if cut {
                config.timeline_words + config.timeline_words / 2
            } else {
                2 * config.timeline_words
            };
            let description = window(part, d.start - s.start - lo, limit);
            let description = if cut {
                tidy_clause(&description)
            } else {
                description
            };
            // A cut that opens on an "-ing" form ("Following weeks of criticism …") is a
            // phrase without a subject, not an event told.
            // So is one that opens on a relative pronoun ("Whom he fired in February …"):
            // its subject is the noun before the cut.
            if cut && (opens_with_ing(&description) || opens_relative(&description)) {
                continue;
            }
            let (span_lo, span_hi) = (s.start + lo, s.start + hi);
            let key = (date.to_string(), text::fingerprint_text(&description));
            if let Some(&e) = by_text.get(&key) {
                entries[e].articles.insert(i);
                entries[e].inferred &= dated.inferred;
                entries[e].statement &= statement;
                continue;
            }
            let date_terms: BTreeSet<u32> = lexicon.terms(&d.text).into_iter().collect();
            let ids: Vec<u32> = lexicon
                .terms(&description)
                .into_iter()
                .filter(|t| !date_terms.contains(t))
                .collect();
            let bag = bag_vector(&ids);
            if bag.entries.len() < MIN_TERMS + usize::from(cut) {
                continue;
            }
            let actors: BTreeSet<String> = a
                .annotations
                .entities
                .iter()
                .filter(|m| {
                    matches!(
                        m.kind,
                        model::EntityKind::Person | model::EntityKind::Organization
                    ) && span_lo <= m.start
                        && m.end <= span_hi
                })
                .map(|m| story.aliases.canonical(&m.name))
                .collect();
            // Only mentions starting from here can end within reach before the date.
            let from = s
                .start
                .max(d.start.saturating_sub(PLACE_REACH.saturating_add(longest)));
            let near = place_mentions.partition_point(|m| m.start < from);
            let places: BTreeSet<String> = place_mentions[near..]
                .iter()
                .take_while(|m| m.start < d.end + PLACE_REACH)
                .filter(|m| {
                    m.kind == model::EntityKind::Place
                        && s.start <= m.start
                        && m.end <= s.end
                        && m.start < d.end + PLACE_REACH
                        && d.start < m.end + PLACE_REACH
                        && locates(body, m.start, m.end)
                })
                .map(|m| m.name.clone())
                .collect();
            let day = date.len() == 10;
            let same_date = by_date.entry(date.to_string()).or_default();
            // The entry of the same date this description tells best: by its closest
            // description, or as the same happening at one place or between the same
            // actors.
            let same = same_date
                .iter()
                .take(ENTRIES_COMPARED)
                .copied()
                .filter_map(|e| {
                    let en = &entries[e];
                    let cosine = en
                        .bags
                        .iter()
                        .take(BAGS_COMPARED)
                        .map(|b| b.cosine(&bag))
                        .fold(0.0, f64::max);
                    let shared = en.actors.intersection(&actors).count();
                    let located = day && !en.places.is_disjoint(&places);
                    // A statement and a happening of one day are two acts, however
                    // alike their words ("said ahead of the talks", "meets ahead of
                    // the talks").
                    let alike = cosine >= config.timeline_similarity && en.statement == statement;
                    (alike || located || shared >= SHARED_ACTORS)
                        .then_some((e, (shared, located, cosine)))
                })
                .max_by(|(ea, a), (eb, b)| {
                    a.0.cmp(&b.0)
                        .then(a.1.cmp(&b.1))
                        .then(a.2.total_cmp(&b.2))
                        .then(eb.cmp(ea))
                })
                .map(|(e, _)| e);
            let e = match same {
                Some(e) => {
                    let en = &mut entries[e];
                    en.articles.insert(i);
                    en.bags.push(bag);
                    en.inferred &= dated.inferred;
                    en.places.extend(places);
                    en.actors.extend(actors);
                    en.statement &= statement;
                    e
                }
                None => {
                    let planned = text::words(&description)
                        .any(|(_, w)| PLANNED.contains(&w.to_lowercase().as_str()));
                    same_date.push(entries.len());
                    entries.push(Entry {
                        date: date.to_string(),
                        bags: vec![bag],
                        articles: BTreeSet::from([i]),
                        first: (i, d.start),
                        inferred: dated.inferred,
                        places,
                        actors,
                        statement,
                        planned,
                        text: description,
                    });
                    entries.len() - 1
                }
            };
            by_text.insert(key, e);
        }
    }
    let mut keyed: Vec<(usize, Entry)> = entries
        .into_iter()
        .map(|en| (story.independent(&en.articles), en))
        .collect();
    keyed.sort_by(|(na, a), (nb, b)| {
        a.date
            .cmp(&b.date)
            .then(nb.cmp(na))
            .then(a.statement.cmp(&b.statement))
            .then(a.planned.cmp(&b.planned))
            .then(a.first.cmp(&b.first))
    });
    // One line per date, the best-carried; another event of the same date needs
    // `timeline_extra_sources` independent sources of its own: a single article's other
    // sentence about that day is most often the same happening told another way.
    let mut last_date: Option<String> = None;
    keyed.retain(|(n, en)| {
        let first_of_date = last_date.as_deref() != Some(en.date.as_str());
        last_date = Some(en.date.clone());
        first_of_date || *n >= config.timeline_extra_sources
    });
    keyed
        .into_iter()
        .map(|(_, en)| TimelineEntry {
            expected: expected(story, dating, &en.date, &en.articles),
            article_ids: story.ids(&en.articles),
            date: en.date,
            text: en.text,
            inferred: en.inferred,
        })
        .collect()
}

/// True when every article of `articles` was published (by its own or its inferred
/// date) before `date` (`YYYY-MM-DD` or `YYYY-MM`, compared at that granularity): all the
/// reports of the event look ahead to it. An undated report makes it false.
fn expected(story: &Story<'_>, dating: &Dating, date: &str, articles: &BTreeSet<usize>) -> bool {
    !articles.is_empty()
        && articles.iter().all(|&i| {
            let published = story
                .articles
                .get(i)
                .and_then(|a| a.article.published)
                .or_else(|| dating.inferred.get(i).copied().flatten());
            published.is_some_and(|p| {
                let day = p.format("%Y-%m-%d").to_string();
                day.get(..date.len()).is_some_and(|at| at < date)
            })
        })
}

/// What the date mention `d` in the sentence `s` (byte range of `body`) dates: `None`
/// for no act of the story (a date inside quoted words, "“Today was a discussion…”"; a
/// byline or dateline, "KIEV, April 7"; the current period, "this month", "now", which
/// frames rather than dates; the start of a state, "since September"), `Some(true)` for a statement ("…, Ryabkov said on Sunday"),
/// `Some(false)` for another event.
fn dated_act(
    body: &str,
    s: (usize, usize),
    d: &model::DateMention,
    quotes: &[model::Quote],
) -> Option<bool> {
    let lower = d.text.to_lowercase();
    let month_only = d.value.as_deref().is_some_and(|v| v.len() == 7);
    if lower == "now" || lower == "currently" || (month_only && lower.starts_with("this ")) {
        return None;
    }
    let before = body.get(s.0..d.start).unwrap_or("");
    // Inside quotation marks, whether or not a quote was attributed there.
    let opened = before.matches('“').count() > before.matches('”').count()
        || before.matches('"').count() % 2 == 1;
    if opened {
        return None;
    }
    // A line of names and a date ("Harbour Desk | 15 April 2026", "KIEV, April 7"): a
    // byline or dateline, with no lowercase word to tell an event.
    let rest = body.get(d.end..s.1).unwrap_or("");
    let telling = text::words(before)
        .chain(text::words(rest))
        .any(|(_, w)| w.chars().next().is_some_and(char::is_lowercase));
    if !telling {
        return None;
    }
    if compound_modifier(body, d) {
        return None;
    }
    let head = before.trim_end();
    if dates_a_modifier(head) {
        return None;
    }
    // "Banning most abortions since September": the start of a state that goes on, not
    // an act of that date.
    if text::words(head)
        .last()
        .is_some_and(|(_, w)| w.eq_ignore_ascii_case("since"))
    {
        return None;
    }
    if let Some(place) = head.strip_suffix(',') {
        let letters = place.chars().filter(|c| c.is_alphabetic()).count();
        if letters >= 3
            && place
                .chars()
                .all(|c| c.is_uppercase() || matches!(c, ' ' | '.' | '\'' | '-' | '(' | ')'))
        {
            return None;
        }
    }
    for q in quotes {
        if q.end <= s.0 || q.start >= s.1 {
            continue;
        }
        if q.start <= d.start && d.end <= q.end {
            if q.kind == model::QuoteKind::Direct {
                return None;
            }
            continue;
        }
        let outside =
            |from: usize, to: usize| body.get(from..to).map_or(0, |t| text::words(t).count());
        let attribution = outside(s.0, q.start.max(s.0)) + outside(q.end.min(s.1), s.1);
        if attribution <= ATTRIBUTION_WORDS {
            return Some(true);
        }
    }
    Some(false)
}

/// Words that open a clause of their own: a verb after one of them is not the
/// participle of a noun before it ("said the talks that began …").
const CLAUSE_OPENERS: &[&str] = &[
    "after", "before", "when", "while", "until", "since", "because", "that", "which", "who",
    "whom", "whose", "where", "if", "as", "though", "although",
];

/// Words that make the next verb form finite ("was issued", "had voted"): a form after
/// one of them is the clause's own verb, not a participle.
const AUXILIARIES: &[&str] = &[
    "is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "to", "will", "would",
    "could", "should", "may", "might", "must", "can", "did", "do", "does",
];

/// True when a time phrase right after `head` (the sentence's text before the date)
/// dates something inside the sentence's event rather than the event itself:
///
/// - the baseline of a change or a comparison, "rose to 7% from 6% in March", "up from
///   the week before", "fewer than in May": the date is the old figure's, not the rise's;
/// - a reduced relative clause on a noun the clause's verb already governs, "listed
///   the grievances first raised last month": the date is when the grievances were
///   raised, not when they were listed. A past form is taken as such a participle only
///   when an earlier past form of the same clause (no comma, clause opener or auxiliary
///   between) is its verb, and a noun, not an auxiliary, stands before it.
///
/// Read from the words alone, so some such dates go unnoticed; a date noticed here is
/// only left out of the timeline, never moved.
fn dates_a_modifier(head: &str) -> bool {
    // The clause holding the date: from the last punctuation mark on.
    let cut = clause_start(head, &['"', '“', '”']);
    let clause = head.get(cut..).unwrap_or("");
    let words: Vec<String> = text::words(clause).map(|(_, w)| w.to_lowercase()).collect();
    let mut k = words.len();
    // The preposition that opens the time phrase, then adverbs ("first", "only last").
    if k > 0 && matches!(words[k - 1].as_str(), "in" | "on" | "at" | "during" | "by") {
        k -= 1;
    }
    while k > 0 && is_adverb(&words[k - 1]) {
        k -= 1;
    }
    let Some(last) = k.checked_sub(1).map(|j| words[j].as_str()) else {
        return false;
    };
    let numeric = |w: &str| w.chars().next().is_some_and(|c| c.is_ascii_digit());
    // "from 6% in March", "from 1.2 million in 2020", "from $5 billion in May": a figure
    // of up to four words (a decimal is two) after "from".
    let figure_from = (1..=4)
        .any(|n| k > n && words[k - n - 1] == "from" && words[k - n..k].iter().any(|w| numeric(w)));
    // "up from the previous week", "lower than in March": the date of a comparison's
    // baseline.
    if figure_from || matches!(last, "from" | "than") {
        return true;
    }
    if !is_past_form(last) || k < 2 {
        return false;
    }
    let noun = words[k - 2].as_str();
    if AUXILIARIES.contains(&noun)
        || CLAUSE_OPENERS.contains(&noun)
        || text::is_stopword(noun)
        || is_past_form(noun)
    {
        return false;
    }
    // An earlier past form of the same clause is its verb; a clause opener or an
    // auxiliary between them makes the later form a verb of its own.
    for w in words[..k - 2].iter().rev() {
        if CLAUSE_OPENERS.contains(&w.as_str()) || AUXILIARIES.contains(&w.as_str()) {
            return false;
        }
        if is_past_form(w) {
            return true;
        }
    }
    false
}

/// True when the date is the first half of a hyphenated modifier of the noun after it
/// ("Sunday-morning concerts", "a Friday-night match"): it names a kind of thing, not a
/// day. "mid-March" and "2023-03-06" are dates.
fn compound_modifier(body: &str, d: &model::DateMention) -> bool {
    let glued: String = body
        .get(d.end..)
        .unwrap_or("")
        .chars()
        .take_while(|c| c.is_alphabetic() || *c == '-')
        .collect();
    let whole = format!("{}{glued}", d.text);
    let Some((_, tail)) = whole.rsplit_once('-') else {
        return false;
    };
    let after = body.get(d.end + glued.len()..).unwrap_or("");
    tail.chars().next().is_some_and(char::is_lowercase)
        && after
            .strip_prefix(' ')
            .and_then(|r| r.chars().next())
            .is_some_and(char::is_lowercase)
}

/// A regular past form ("issued", "voted"): at least two letters before "-ed".
fn is_past_form(word: &str) -> bool {
    word.len() >= 5 && word.ends_with("ed") && word.chars().all(char::is_alphabetic)
}

/// An adverb between a verb and its time phrase ("first issued", "only last month").
fn is_adverb(word: &str) -> bool {
    (word.len() > 4 && word.ends_with("ly"))
        || matches!(
            word,
            "first" | "only" | "just" | "already" | "again" | "also"
        )
}

/// Words before which a sentence dating two events is cut into their clauses ("began
/// returning to work on Saturday | after … reached an agreement on Friday").
const SUBORDINATORS: &[&str] = &[
    " followed by ",
    " after ",
    " before ",
    " when ",
    " while ",
    " until ",
    " since ",
];

/// The byte after the last clause punctuation of `head` (or one of `extra`), 0 when it
/// has none; a comma between digits ("904,000") groups a figure and ends nothing.
fn clause_start(head: &str, extra: &[char]) -> usize {
    let b = head.as_bytes();
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    head.char_indices()
        .rev()
        .find(|&(k, c)| {
            ([';', ':', '—', '–', '(', ')'].contains(&c) || extra.contains(&c))
                || (c == ',' && !(k > 0 && digit(k - 1) && digit(k + 1)))
        })
        .map_or(0, |(k, c)| k + c.len_utf8())
}

/// Pronouns that point back to a noun of the main clause.
const POINTING_BACK: &[&str] = &[
    "it", "its", "they", "their", "he", "his", "she", "her", "them", "this", "these",
];

/// How a date's "after"/"before" clause opens ([`temporal_clause`]).
#[derive(Debug, PartialEq)]
enum Opener {
    /// Mid-sentence, with a subject of its own; the byte before the opener.
    Finite(usize),
    /// At the sentence's start, or with no subject ("after reaching").
    Bare,
}

/// Whether the date at byte `at` of `sentence` lies in a clause opened by "after" or
/// "before" (no clause punctuation between): that clause's act happens at another time
/// than the sentence's main one.
fn temporal_clause(sentence: &str, at: usize) -> Option<Opener> {
    let head = sentence.get(..at)?;
    let cut = clause_start(head, &[]);
    let words: Vec<(usize, &str)> = text::words(head.get(cut..)?).collect();
    let k = words
        .iter()
        .rposition(|(_, w)| w.eq_ignore_ascii_case("after") || w.eq_ignore_ascii_case("before"))?;
    // A coordinator or a relative word between the opener and the date opens another
    // clause ("before midnight and that the backlog would clear by Friday").
    let opens_another = words[k + 1..].iter().any(|(_, w)| {
        matches!(
            w.to_lowercase().as_str(),
            "and" | "but" | "or" | "that" | "which" | "who" | "while" | "as"
        )
    });
    if opens_another {
        return None;
    }
    let next = words.get(k + 1).map(|(_, w)| w.to_lowercase())?;
    // "after the talks on Monday": the opener heads a time phrase, not a clause.
    let start = cut + words[k].0;
    if start == 0 || next.ends_with("ing") || words.len() < k + 4 {
        return Some(Opener::Bare);
    }
    let has_verb = words[k + 2..].iter().any(|(_, w)| {
        let w = w.to_lowercase();
        w.ends_with("ed") || AUXILIARIES.contains(&w.as_str())
    });
    // A clause whose subject points back ("after its members voted") does not stand
    // alone: the whole sentence tells it.
    if !has_verb || POINTING_BACK.contains(&next.as_str()) {
        return None;
    }
    Some(Opener::Finite(start - 1))
}

/// Words that tell a plan or a forecast, not a happening: on a tie, a report that
/// something happened is preferred to one that it is due to.
const PLANNED: &[&str] = &[
    "will",
    "would",
    "expected",
    "expects",
    "expect",
    "due",
    "scheduled",
    "could",
    "plans",
    "planned",
    "set",
    "forecast",
    "may",
    "might",
];

/// Words that open a clause and say nothing of the event: dropped from its start.
/// A subordinator goes too: the clause's event is the one its own date dates ("after
/// union leaders reached an agreement on Friday" tells what happened on Friday).
const CONNECTIVES: &[&str] = &[
    "followed by",
    "and",
    "but",
    "where",
    "which",
    "as",
    "after",
    "before",
    "when",
    "while",
    "until",
    "since",
];

/// The byte range (within `sentence`) of what a timeline entry for the date at `at`
/// describes: the whole sentence when it dates only this event, else the clause holding
/// the date (cut at punctuation and [`SUBORDINATORS`]), grown over neighbouring clauses
/// without other dates (`others`) while it stays within `max` words, so that it keeps
/// its subject and verb where the sentence allows.
fn clause(sentence: &str, at: usize, others: &[(usize, usize)], max: usize) -> (usize, usize) {
    let count = |a: usize, b: usize| sentence.get(a..b).map_or(0, |t| text::words(t).count());
    if others.is_empty() {
        return (0, sentence.len());
    }
    // Clause boundaries: after punctuation, and before "followed by".
    let mut cuts: Vec<usize> = sentence
        .char_indices()
        .filter(|&(_, c)| matches!(c, ',' | ';' | ':' | '—' | '–' | '(' | ')'))
        // A comma between digits groups a figure ("2,000"): no clause ends there.
        .filter(|&(i, c)| {
            !(c == ',' && digit_at(sentence, i.wrapping_sub(1)) && digit_at(sentence, i + 1))
        })
        .map(|(i, c)| i + c.len_utf8())
        .collect();
    for word in SUBORDINATORS {
        cuts.extend(sentence.match_indices(word).map(|(i, _)| i + 1));
    }
    cuts.retain(|&c| others.iter().all(|&(st, en)| c <= st || c >= en));
    cuts.push(0);
    cuts.push(sentence.len());
    cuts.sort_unstable();
    cuts.dedup();
    let k = cuts.partition_point(|&c| c <= at);
    let (mut lo_k, mut hi_k) = (k.saturating_sub(1), k.min(cuts.len() - 1));
    let holds_other = |a: usize, b: usize| others.iter().any(|&(st, _)| a <= st && st < b);
    loop {
        let (lo, hi) = (cuts[lo_k], cuts[hi_k]);
        let next = (hi_k + 1 < cuts.len())
            .then(|| (cuts[hi_k], cuts[hi_k + 1]))
            .filter(|&(a, b)| !holds_other(a, b) && count(lo, b) <= max);
        let prev = lo_k
            .checked_sub(1)
            .map(|p| (cuts[p], cuts[lo_k]))
            .filter(|&(a, b)| !holds_other(a, b) && count(a, hi) <= max);
        match (next, prev) {
            (Some(_), _) => hi_k += 1,
            (None, Some(_)) => lo_k -= 1,
            (None, None) => break,
        }
    }
    (cuts[lo_k], cuts[hi_k])
}

/// True when the first word of `text` is an "-ing" form of at least six letters.
fn opens_with_ing(text: &str) -> bool {
    text::words(text)
        .next()
        .is_some_and(|(_, w)| w.len() >= 6 && w.to_lowercase().ends_with("ing"))
}

/// True when the first word of `text` is a relative pronoun ("whom", "which").
fn opens_relative(text: &str) -> bool {
    text::words(text)
        .next()
        .is_some_and(|(_, w)| RELATIVE_PRONOUNS.contains(&w.to_lowercase().as_str()))
}

/// True when the byte at `i` of `s` is an ASCII digit.
fn digit_at(s: &str, i: usize) -> bool {
    s.as_bytes().get(i).is_some_and(u8::is_ascii_digit)
}

/// A clause made a line of its own: outer punctuation and a leading connective removed,
/// its first letter capitalised.
fn tidy_clause(clause: &str) -> String {
    let mut t = clause
        .trim()
        .trim_matches(|c: char| matches!(c, ',' | ';' | ':' | '—' | '–' | '(' | ')' | ' '))
        .to_string();
    for c in CONNECTIVES {
        let opens = t
            .get(..c.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(c))
            && t.get(c.len()..).is_some_and(|rest| rest.starts_with(' '));
        if opens {
            t = t.get(c.len()..).unwrap_or("").trim_start().to_string();
            break;
        }
    }
    let mut chars = t.chars();
    match chars.next() {
        Some(f) => f.to_uppercase().chain(chars).collect(),
        None => t,
    }
}

/// Event nouns a place name can qualify ("the Geneva talks").
const EVENT_NOUNS: &[&str] = &[
    "summit",
    "talks",
    "meeting",
    "meetings",
    "conference",
    "negotiations",
    "session",
];

/// True when the place at `start..end` locates an event: "in Geneva", "at Vienna", or
/// "Geneva talks"; not "on Ukraine" or "Ukraine's minister".
fn locates(body: &str, start: usize, end: usize) -> bool {
    let before = body.get(..start).unwrap_or("").trim_end();
    let preposition = before
        .rsplit(|c: char| !c.is_alphabetic())
        .next()
        .is_some_and(|w| matches!(w.to_lowercase().as_str(), "in" | "at"));
    let after = body.get(end..).unwrap_or("");
    let noun = after.strip_prefix(' ').is_some_and(|rest| {
        let word: String = rest.chars().take_while(|c| c.is_alphabetic()).collect();
        EVENT_NOUNS.contains(&word.to_lowercase().as_str())
    });
    preposition || noun
}

/// [`window`] of a very long sentence read only within [`WINDOW_REACH`] bytes of the
/// date, cut on whitespace so that the words there are the sentence's own; `None` when
/// the sentence is short, or when the words within reach do not settle the window
/// (then the whole sentence is read).
fn window_near(sentence: &str, at: usize, max: usize) -> Option<String> {
    let max = max.max(1);
    if sentence.len() <= 4 * WINDOW_REACH {
        return None;
    }
    let space_from = |p: usize| -> usize {
        if p == 0 || p >= sentence.len() {
            return p.min(sentence.len());
        }
        let q = (p..=sentence.len())
            .find(|&i| sentence.is_char_boundary(i))
            .unwrap_or(sentence.len());
        sentence[q..]
            .find(char::is_whitespace)
            .map_or(sentence.len(), |k| q + k)
    };
    let lo = space_from(at.saturating_sub(WINDOW_REACH));
    let hi = space_from(at.saturating_add(WINDOW_REACH));
    if lo > at || hi < at {
        return None;
    }
    let region = sentence.get(lo..hi)?;
    let words: Vec<(usize, &str)> = text::words(region).collect();
    if words.len() <= max {
        return None;
    }
    let idx = words.iter().position(|(o, w)| o + w.len() > at - lo)?;
    let mut from = idx.saturating_sub(max / 3);
    let to = (from + max).min(words.len());
    from = from.min(to.saturating_sub(max));
    // Words cut off on either side must not be needed, and must stay cut off.
    if (lo > 0 && from == 0) || (hi < sentence.len() && to == words.len()) {
        return None;
    }
    let (&(start, _), &(last, w)) = (words.get(from)?, words.get(to - 1)?);
    let end = if to == words.len() {
        region.len()
    } else {
        last + w.len()
    };
    let mut out = String::new();
    if lo > 0 || from > 0 {
        out.push_str("… ");
    }
    out.push_str(
        &region
            .get(start..end)?
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" "),
    );
    if to < words.len() {
        out.push_str(" …");
    }
    Some(out)
}

/// True for `YYYY-MM-DD` (a real day) or `YYYY-MM`.
fn is_day_or_month(value: &str) -> bool {
    if chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d").is_ok() {
        return value.len() == 10;
    }
    let b = value.as_bytes();
    b.len() == 7
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..].iter().all(u8::is_ascii_digit)
        && matches!(
            value.get(5..7).and_then(|m| m.parse::<u32>().ok()),
            Some(1..=12)
        )
}

/// Bytes on either side of a date read first from a very long sentence.
const WINDOW_REACH: usize = 2048;

/// The sentence, or when longer than `max` words a window of `max` words around the
/// byte offset `at`, marked with ellipses where cut; whitespace folded.
fn window(sentence: &str, at: usize, max: usize) -> String {
    if let Some(near) = window_near(sentence, at, max) {
        return near;
    }
    let words: Vec<(usize, &str)> = text::words(sentence).collect();
    let fold = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    if words.len() <= max.max(1) {
        return fold(sentence);
    }
    let max = max.max(1);
    let idx = words
        .iter()
        .position(|(o, w)| o + w.len() > at)
        .unwrap_or(0);
    let mut from = idx.saturating_sub(max / 3);
    let to = (from + max).min(words.len());
    from = from.min(to.saturating_sub(max));
    let (Some(&(start, _)), Some(&(last, w))) = (words.get(from), words.get(to - 1)) else {
        return fold(sentence);
    };
    let end = if to == words.len() {
        sentence.len()
    } else {
        last + w.len()
    };
    let mut out = String::new();
    if from > 0 {
        out.push_str("… ");
    }
    out.push_str(&fold(sentence.get(start..end).unwrap_or(sentence)));
    if to < words.len() {
        out.push_str(" …");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_must_be_days_or_months() {
        assert!(is_day_or_month("2022-01-10"));
        assert!(is_day_or_month("2022-01"));
        assert!(!is_day_or_month("2022"));
        assert!(!is_day_or_month("2022-13"));
        assert!(!is_day_or_month("2022-02-30"));
        assert!(!is_day_or_month("2022-1-5"));
    }

    #[test]
    fn places_locate_events_after_in_or_before_event_nouns() {
        let s = "Talks in Geneva on Monday, the Vienna meeting, pressure on Ukraine, Kyiv's view.";
        let at = |w: &str| {
            let k = s.find(w).unwrap_or(0);
            (k, k + w.len())
        };
        let (g, v, u, k) = (at("Geneva"), at("Vienna"), at("Ukraine"), at("Kyiv"));
        assert!(locates(s, g.0, g.1));
        assert!(locates(s, v.0, v.1));
        assert!(!locates(s, u.0, u.1));
        assert!(!locates(s, k.0, k.1));
    }

    #[test]
    fn a_cut_opening_on_a_relative_pronoun_has_lost_its_noun() {
        assert!(opens_relative(
            "Whom he dismissed in February for misleading the board."
        ));
        assert!(opens_relative("which the board approved in May"));
        assert!(!opens_relative("The board approved the plan in May"));
    }

    #[test]
    fn a_sentence_of_two_dates_is_cut_into_their_clauses() {
        let s = "Crews returned on Saturday after the two sides reached a deal on Friday, ending the strike.";
        let sat = s.find("Saturday").unwrap_or(0);
        let fri = s.find("Friday").unwrap_or(0);
        let span = |at: usize, other: usize, len: usize| {
            let (lo, hi) = clause(s, at, &[(other, other + len)], 25);
            tidy_clause(&s[lo..hi])
        };
        assert_eq!(span(sat, fri, 6), "Crews returned on Saturday");
        assert_eq!(
            span(fri, sat, 8),
            "The two sides reached a deal on Friday, ending the strike."
        );
        // One date: the whole sentence.
        assert_eq!(clause(s, sat, &[], 25), (0, s.len()));
    }

    #[test]
    fn quoted_words_datelines_and_the_current_period_date_no_act() {
        let mention = |body: &str, text: &str, value: &str| model::DateMention {
            text: text.into(),
            value: Some(value.into()),
            timex: None,
            start: body.find(text).unwrap_or(0),
            end: body.find(text).unwrap_or(0) + text.len(),
            role: model::DateRole::Clause,
        };
        let act = |body: &str, text: &str, value: &str, quotes: &[model::Quote]| {
            dated_act(body, (0, body.len()), &mention(body, text, value), quotes)
        };
        let quoted = "\"Today we start again,\" she said.";
        assert_eq!(act(quoted, "Today", "2023-03-08", &[]), None);
        assert_eq!(
            act(
                "OSLO, March 6 The talks went on.",
                "March 6",
                "2023-03-06",
                &[]
            ),
            None
        );
        assert_eq!(
            act(
                "Harbour Desk | 15 April 2026",
                "15 April 2026",
                "2026-04-15",
                &[]
            ),
            None
        );
        assert_eq!(
            act(
                "The city wants it done this month.",
                "this month",
                "2023-03",
                &[]
            ),
            None
        );
        assert_eq!(
            act(
                "The ferry has been closed to cars since March.",
                "March",
                "2023-03",
                &[]
            ),
            None
        );
        let said = "The city would pay, the mayor said on Tuesday.";
        let quote = model::Quote {
            text: "The city would pay".into(),
            speaker: Some("Ana Mayor".into()),
            kind: model::QuoteKind::Indirect,
            start: 0,
            end: "The city would pay".len(),
            cue: Some("said".into()),
            confidence: 1.0,
        };
        assert_eq!(act(said, "Tuesday", "2023-03-07", &[quote]), Some(true));
        assert_eq!(
            act("The council voted on Monday.", "Monday", "2023-03-06", &[]),
            Some(false)
        );
    }

    #[test]
    fn a_date_on_a_subordinate_noun_or_an_old_figure_dates_no_act() {
        // A reduced relative clause on the object of the clause's verb.
        assert!(dates_a_modifier(
            "At the hearing the mayor listed the grievances first raised"
        ));
        // A relative clause without "that": the date is the lodging's, not the repeating's.
        assert!(dates_a_modifier(
            "The council repeated the objections its members lodged"
        ));
        // The starting figure of a change.
        assert!(dates_a_modifier("Turnout climbed to 61% from 58% in"));
        assert!(dates_a_modifier("Bookings rose by 300 from"));
        assert!(dates_a_modifier("Far fewer boats than in"));
        assert!(dates_a_modifier(
            "Exports fell to 3.1 million tonnes from 3.4 million tonnes in"
        ));
        // The clause's own verb, with or without a subject or an auxiliary.
        assert!(!dates_a_modifier("The ferry operator cancelled"));
        assert!(!dates_a_modifier(
            "The ferry operator called the strike after its crews voted"
        ));
        assert!(!dates_a_modifier("Residents were evacuated"));
        assert!(!dates_a_modifier("The plan, announced"));
        assert!(dates_a_modifier(
            "Talks resumed — the mayor listed grievances first raised"
        ));
        assert!(!dates_a_modifier("Turnout climbed to 61% in"));
        let body = "The mayor listed the grievances first raised last month at the depot.";
        let d = model::DateMention {
            text: "last month".into(),
            value: Some("2023-02".into()),
            timex: None,
            start: body.find("last month").unwrap_or(0),
            end: body.find("last month").unwrap_or(0) + "last month".len(),
            role: model::DateRole::Clause,
        };
        assert_eq!(dated_act(body, (0, body.len()), &d, &[]), None);
    }

    #[test]
    fn a_lone_date_in_an_after_clause_dates_that_clause() {
        let s = "The drivers called the stoppage after union members voted for it last month.";
        let at = s.find("last month").unwrap_or(0);
        let opener = temporal_clause(s, at);
        let Some(Opener::Finite(p)) = opener else {
            panic!("{opener:?}");
        };
        let (lo, hi) = clause(s, at, &[(p, p + 1)], 25);
        assert_eq!(
            tidy_clause(&s[lo..hi]),
            "Union members voted for it last month."
        );
        // (sentence, time phrase, the clause the phrase dates when not the sentence's)
        // The main clause's own date and a time phrase after "after" give none.
        for (s, at, want) in [
            (
                "The drivers called the stoppage after their members voted for it last month.",
                "last month",
                None,
            ),
            (
                "Fares have halved this year after reaching a peak in May.",
                "May",
                Some(Opener::Bare),
            ),
            (
                "After the vote on Monday, the drivers walked out.",
                "Monday",
                Some(Opener::Bare),
            ),
            (
                "The drivers walked out on Monday after a vote.",
                "Monday",
                None,
            ),
            (
                "Fares have halved after reaching a peak of 1,200 in May.",
                "May",
                Some(Opener::Bare),
            ),
            (
                "She said crews would start before noon and that the queue would clear by Friday.",
                "Friday",
                None,
            ),
            (
                "The drivers walked out shortly after the talks on Monday.",
                "Monday",
                None,
            ),
        ] {
            assert_eq!(temporal_clause(s, s.find(at).unwrap_or(0)), want, "{s}");
        }
    }

    #[test]
    fn a_day_hyphenated_to_a_noun_modifier_is_no_date() {
        let mention = |body: &str, text: &str| model::DateMention {
            text: text.into(),
            value: Some("2023-03-12".into()),
            timex: None,
            start: body.find(text).unwrap_or(0),
            end: body.find(text).unwrap_or(0) + text.len(),
            role: model::DateRole::Clause,
        };
        let body = "The club will start Sunday-morning walks for new members.";
        assert!(compound_modifier(body, &mention(body, "Sunday")));
        assert!(compound_modifier(body, &mention(body, "Sunday-morning")));
        let body = "The club met on Sunday-morning, before the rain.";
        assert!(!compound_modifier(body, &mention(body, "Sunday")));
        let body = "The club will meet again in mid-March at the hall.";
        assert!(!compound_modifier(body, &mention(body, "mid-March")));
    }

    #[test]
    fn a_cut_opening_on_an_ing_form_tells_no_event() {
        assert!(opens_with_ing(
            "Following weeks of criticism over the delays"
        ));
        assert!(!opens_with_ing("The crews returned on Saturday"));
        assert!(!opens_with_ing("King Olav opened the bridge"));
    }

    #[test]
    fn commas_inside_figures_do_not_cut_clauses() {
        let s =
            "Claims rose by 2,000 to 373,000 on Thursday, after falling in the week ended May 1.";
        let thu = s.find("Thursday").unwrap_or(0);
        let may = s.find("May 1").unwrap_or(0);
        let (lo, hi) = clause(s, thu, &[(may, may + 5)], 25);
        assert_eq!(
            tidy_clause(&s[lo..hi]),
            "Claims rose by 2,000 to 373,000 on Thursday"
        );
    }

    #[test]
    fn long_sentences_are_cut_around_the_date() {
        let s = "one two three four five six seven eight nine ten eleven twelve on Friday the council met again.";
        let at = s.find("Friday").unwrap_or(0);
        let got = window(s, at, 6);
        assert_eq!(got, "… twelve on Friday the council met …");
        assert_eq!(
            window("Short one on Friday.", 13, 6),
            "Short one on Friday."
        );
    }
}
