//! Direct and indirect quotes with their speakers.
//!
//! Direct quotes come from quotation marks ([`marks`]). Each is attributed within its
//! sentence, with the quoted text masked so that its words never count as cues: the
//! reporting verb ([`verbs`]) nearest to the quote, and that verb's subject (the nearest
//! person or pronoun before it, else an organisation or place; after it for "said X").
//! A speaking pronoun resolves to the person a learned ranker weighs most likely
//! ([`antecedent`]); a description ("the minister") to the most recent compatible
//! person outside quotation marks, with genders taken from first names and learnt from
//! earlier links. A bare group noun before the verb ("Police say") is its own source. A
//! quote with no cue takes the possessor of a noun of saying before it ("X's claim that
//! “…”"), else the speaker of another quote in its paragraph; a quote opening a sentence
//! of a paragraph with no earlier quote takes the cue of the sentence before; and a
//! paragraph that opens with a cue-less quote continues the previous paragraph's speaker.
//!
//! Indirect quotes are sentences without quotation marks of the shapes `X said (that)
//! CLAUSE`, `CLAUSE, X said` and `CLAUSE, according to X`, a verb of stance after its
//! source (`X blasted the plan`, with cue words learnt from PolNeAR train in
//! `learned`), and `A poll shows CLAUSE`; a reported clause beside the quotations of
//! its sentence (`"…," he said, adding that CLAUSE`) counts on its own.
//!
//! Last, the learned [`tagger`] reads every sentence that holds a candidate cue word and
//! that the rules' contents cover less than three fifths of. Each content it tags, with
//! the cue tagged beside it and the source tagged nearest that cue (else the rules'
//! subject of the cue), becomes an indirect quote when it overlaps nothing the rules
//! found and passes the gates of `Context::plausible_tagging`.
//!
//! Of all these candidates only statements are quotes: words in quotation marks, or
//! reported speech whose cue is a verb of saying or writing
//! ([`confidence::is_statement_cue`]); the object of a verb of stance ("X blasted the
//! plan") or what a poll shows is a position or a finding, which the brief finds on its
//! own. Reported content is kept to its clause, a quoted phrase of one to three words
//! inside a reported clause is read in that clause, and every quote gets the
//! probability that its content and speaker are right from [`confidence`].

pub mod antecedent;
pub mod confidence;
mod learned;
pub mod marks;
pub mod tagger;
pub mod verbs;
pub(crate) mod words;

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use model::{EntityKind, EntityMention, Quote, QuoteKind};

use crate::entities::lexicon::{self, Gender};
use verbs::VerbClass;
use words::{
    ADDRESSEES, ADDRESSEE_VERBS, ADVERBS_BEFORE_CUE, APPOSITION_OPENERS, ATTITUDE_VERBS,
    AUXILIARIES, BAD_OPENERS, CLAUSE_CONJUNCTIONS, COORDINATED_SUBJECTS, DESCRIPTIONS,
    DOCUMENT_NOUNS, ENTOURAGE, EVIDENCE_NOUNS, EVIDENCE_VERBS, GLOSS_NOUNS, GROUP_SOURCES,
    HONORIFICS, NARRATOR_AUXILIARIES, NEGATIONS, NOMINAL_DETERMINERS, NOT_LABELS,
    NOT_NOMINAL_HEADS, NOT_PARTICIPLES, NOT_SUBJECT_ENDS, OBJECT_OPENERS, OBJECT_PRONOUNS,
    ORDER_VERBS, PARTICIPLES, PERSONAL_ENTOURAGE, PERSON_TITLES, PLACE_WORDS, PREPOSITIONS,
    QUESTION_OPENERS, SPEECH_NOUNS, SUBJECT_OPENERS, TAIL_ADVERBS, THAT_VERBS, WHETHER_VERBS,
};

/// Quotes of a body, in text order, speakers resolved against `entities`.
pub fn find(body: &str, entities: &[EntityMention]) -> Vec<Quote> {
    find_with(body, entities, Some(tagger::Model::shipped()))
        .0
        .into_iter()
        .map(|(q, _)| q)
        .collect()
}

/// Quotes of a body as [`find`] gives them, each with the signals its confidence was
/// computed from: the training input of [`confidence`].
pub fn scored(body: &str, entities: &[EntityMention]) -> Vec<(Quote, confidence::Features)> {
    find_with(body, entities, Some(tagger::Model::shipped())).0
}

/// Quotes of a body as [`scored`] gives them, but with `tagger` in place of the shipped
/// tagger: on a training text the shipped tagger has seen the answers, so the confidence
/// model is fitted on the quotes of a tagger trained without the text (cross-fitting,
/// `train_quotes`).
pub fn scored_with(
    body: &str,
    entities: &[EntityMention],
    tagger: &tagger::Model,
) -> Vec<(Quote, confidence::Features)> {
    find_with(body, entities, Some(tagger)).0
}

/// A sentence whose bytes lie at least this share (numerator / denominator) inside
/// contents the rules found is not tagged: on PolNeAR dev the tagger adds nothing there
/// (source F1 unchanged at 0.6, 0.8 or never), and skipping saves about 6% of the time.
const RULED_NUMERATOR: usize = 3;
const RULED_DENOMINATOR: usize = 5;

/// The sentences of a body as the tagger sees them, with the contents the rules alone
/// find as a feature: the training input of [`tagger::train`].
pub fn tagging_sentences(body: &str, entities: &[EntityMention]) -> Vec<tagger::Sentence> {
    find_with(body, entities, None).1
}

/// A quote with the signals of its confidence.
type ScoredQuote = (Quote, confidence::Features);

/// The rules, then the tagger `model` when given over the sentences the rules leave
/// room in; with the quotes, the tagger's input sentences.
fn find_with(
    body: &str,
    entities: &[EntityMention],
    model: Option<&tagger::Model>,
) -> (Vec<ScoredQuote>, Vec<tagger::Sentence>) {
    find_traced(body, entities, model, None)
}

/// A pronoun that speaks, with the people it may refer to and their signals
/// ([`antecedent::FEATURES`]), nearest first: the training input of [`antecedent`].
#[derive(Debug, Clone, PartialEq)]
pub struct Pronoun {
    /// The pronoun's offset in the body.
    pub at: usize,
    /// Each candidate's canonical name and signals.
    pub candidates: Vec<(String, antecedent::Features)>,
}

/// The speaking pronouns of a body as [`find`] weighs them.
pub fn pronouns(body: &str, entities: &[EntityMention]) -> Vec<Pronoun> {
    let mut trace = Vec::new();
    find_traced(
        body,
        entities,
        Some(tagger::Model::shipped()),
        Some(&mut trace),
    );
    trace
}

/// [`find_with`], recording each speaking pronoun's candidates in `trace` when given.
fn find_traced(
    body: &str,
    entities: &[EntityMention],
    model: Option<&tagger::Model>,
    trace: Option<&mut Vec<Pronoun>>,
) -> (Vec<ScoredQuote>, Vec<tagger::Sentence>) {
    let paragraphs: Vec<(usize, &str)> = crate::entities::paragraphs(body).collect();
    let spans = marks::find(&paragraphs);
    let masked = mask(body, &spans);
    let ctx = Context::new(body, &masked, entities, &spans, &paragraphs);

    let transcript = transcript_lines(&paragraphs, entities);
    // The first transcript line of each paragraph.
    let mut transcript_of: BTreeMap<usize, &TranscriptLine> = BTreeMap::new();
    for line in &transcript {
        transcript_of.entry(line.paragraph).or_insert(line);
    }
    let mut found: Vec<Found> = Vec::new();
    // Sentence ranges with their paragraph, for the tagger.
    let mut sentence_ranges: Vec<(usize, usize, usize)> = Vec::new();
    for (index, &(base, para)) in paragraphs.iter().enumerate() {
        if let Some(line) = transcript_of.get(&index) {
            let (words, all_capitalised) = ctx.measure(line.start, line.end);
            found.push(Found {
                start: line.start,
                end: line.end,
                kind: QuoteKind::Direct,
                cue: None,
                cue_class: None,
                subject: Subject::Named(line.speaker.clone()),
                paragraph: index,
                opens_paragraph: true,
                continued: false,
                words,
                all_capitalised,
                origin: Origin::Transcript,
                cue_at: None,
            });
            continue;
        }
        for (s, e) in bounded(&masked[base..base + para.len()]) {
            let (s, e) = (base + s, base + e);
            sentence_ranges.push((s, e, index));
            // Spans are in order of their opening marks.
            let inside: Vec<usize> = (ctx.opens.partition_point(|&o| o < s)
                ..ctx.opens.partition_point(|&o| o < e))
                .collect();
            // A reported clause holding quoted words ("X said the plan was “a disaster”
            // for all") is an indirect quote as a whole, besides its direct parts.
            for f in reported(&ctx, s, e, index) {
                let holds_quote = inside
                    .iter()
                    .any(|&k| spans[k].open >= f.start && spans[k].open < f.end);
                // A reported clause beside the quotations of its sentence ("“…,” he
                // said, adding that …") stands on its own.
                let beside = !inside.is_empty()
                    && f.words >= 5
                    && !inside
                        .iter()
                        .any(|&k| spans[k].close > f.start && spans[k].open < f.end);
                if inside.is_empty()
                    || beside
                    || (holds_quote && ctx.words(f.start, f.end).len() >= 3)
                {
                    found.push(f);
                }
            }
            // The sentence's cues, read once for all its quotations.
            let cues = if inside.is_empty() {
                Vec::new()
            } else {
                ctx.cues(s, e)
            };
            for &k in &inside {
                let mut f = direct(&ctx, k, (s, e), &cues);
                // Quoted words that finish the narrator's own clause ("The rule adds to
                // “a list that includes ten vaccines,” she said") are a partial quote:
                // read in that clause, they say what the speaker said; alone they do not.
                // Only when the cue follows ("…,” she said"): the clause is then hers.
                let cue_after = f.cue_at.is_some_and(|at| at >= spans[k].close);
                if let Some(from) = cue_after
                    .then(|| ctx.narrated_lead(&spans[k], s, &cues))
                    .flatten()
                {
                    let (words, all_capitalised) = ctx.measure(from, spans[k].close);
                    f.kind = QuoteKind::Indirect;
                    f.origin = Origin::Partial;
                    f.start = from;
                    f.end = spans[k].close;
                    f.words = words;
                    f.all_capitalised = all_capitalised;
                } else if f.words <= 3
                    && f.cue_at
                        .is_some_and(|at| at < spans[k].open && ctx.passive_before(s, at))
                {
                    // "was called “a meddler” by …": the one named did not say it.
                    f.subject = Subject::None;
                } else if let Some((from, to)) = ctx
                    .cued_clause(&spans[k], &f, (s, e))
                    .filter(|&(from, _)| !in_clause(&found, &spans[k], from))
                {
                    // One to three quoted words after their cue ("called the plan “a
                    // disgrace” on Monday") are read in the clause the cue opens, never
                    // alone.
                    let (words, all_capitalised) = ctx.measure(from, to);
                    f.kind = QuoteKind::Indirect;
                    f.origin = Origin::Partial;
                    f.start = from;
                    f.end = to;
                    f.words = words;
                    f.all_capitalised = all_capitalised;
                }
                found.push(f);
            }
        }
    }
    let rule_contents: Vec<(usize, usize)> = found.iter().map(|f| (f.start, f.end)).collect();
    let coverage = Coverage::new(&rule_contents);
    let mut overlapping = Overlapping::new(&rule_contents);
    let in_quote = |at: usize| ctx.in_quote(at);
    let mut sentences = Vec::new();
    for &(s, e, paragraph) in &sentence_ranges {
        // A sentence the rules' contents mostly cover is left to them.
        let covered = coverage.within(s, e);
        if covered * RULED_DENOMINATOR >= (e - s) * RULED_NUMERATOR {
            continue;
        }
        // The rule contents and entities the sentence overlaps, in their own order.
        let rules = overlapping.within(s, e);
        let near = ctx.entities_in(s.saturating_sub(ctx.longest_entity), e);
        let sentence = tagger::Sentence::new(body, (s, e), &in_quote, &rules, near);
        if !sentence.has_candidate() {
            continue;
        }
        match model {
            Some(model) => {
                let tags = model.tag(&sentence);
                // What an earlier sentence learnt lies in that sentence: only the rules'
                // contents can overlap this one's.
                let learnt = ctx.tagged(&sentence, &tags, (s, e), paragraph, &rules);
                found.extend(learnt);
            }
            None => sentences.push(sentence),
        }
    }
    for f in found.iter_mut().filter(|f| f.kind == QuoteKind::Indirect) {
        ctx.start_at_clause(f);
        ctx.end_at_clause(f);
        ctx.close_quotation(f);
    }
    // A relative clause cut from its noun ("[content] that claims the vaccines …") says
    // nothing on its own.
    found.retain(|f| f.kind != QuoteKind::Indirect || !ctx.opens_relative_clause(f.start, f.end));
    // Words someone is accused of ("accused Lind of telling her …") or the object of
    // "added" ("added another voice to the dispute") are no statement.
    found.retain(|f| !ctx.alleged_or_object(f));
    found.sort_by_key(|f| (f.start, f.end));
    // A partial quote of one to three words inside a reported clause ("it would be
    // “naive” to expect progress") is read in that clause, never on its own.
    let clauses: Vec<(usize, usize)> = found
        .iter()
        .filter(|f| f.kind == QuoteKind::Indirect)
        .map(|f| (f.start, f.end))
        .collect();
    found.retain(|f| {
        f.kind != QuoteKind::Direct
            || f.words > 3
            || !clauses.iter().any(|&(s, e)| s <= f.start && f.end <= e)
    });

    // Resolve pronouns and descriptions in text order, learning genders on the way.
    let mut named: Vec<(usize, usize, String)> = found
        .iter()
        .filter_map(|f| match (&f.subject, f.cue_at) {
            (Subject::Named(name), Some(at)) => Some((at, f.paragraph, name.clone())),
            _ => None,
        })
        .collect();
    named.sort();
    let mut first_spoke: BTreeMap<&str, usize> = BTreeMap::new();
    for (at, _, name) in &named {
        first_spoke.entry(name.as_str()).or_insert(*at);
    }
    let honorifics = antecedent::honorifics(body, entities);
    let scene = antecedent::Scene {
        sentences: &sentence_ranges,
        speakers: &named,
        first_spoke: &first_spoke,
        honorifics: &honorifics,
    };
    let mut learnt: BTreeMap<String, Gender> = BTreeMap::new();
    let mut speakers: Vec<Option<String>> = Vec::with_capacity(found.len());
    // How unsure the ranker was of each speaking pronoun's person (0 for a name).
    let mut doubts: Vec<f64> = Vec::with_capacity(found.len());
    let mut trace = trace;
    for f in &found {
        // A subject that resolves to no letters at all ("4" of "4Ryabkov") names nobody.
        let resolved = ctx
            .resolve(&f.subject, &mut learnt, &scene, trace.as_deref_mut())
            .filter(|(name, _)| !ctx.named_in_own_clause(&f.subject, f.cue_at, name))
            .filter(|(name, _)| name.chars().any(char::is_alphabetic));
        doubts.push(resolved.as_ref().map_or(0.0, |(_, d)| *d));
        speakers.push(resolved.map(|(name, _)| name));
    }

    // Quotes without a cue borrow the speaker of their paragraph or the previous one.
    // Per paragraph, the quotes with a cue and a speaker, and those with a speaker, kept
    // up to date as quotes borrow: the nearest is a look-up, not a scan of every quote.
    let mut borrowed = vec![false; found.len()];
    let mut with_cue: BTreeSet<(usize, usize)> = BTreeSet::new();
    let mut with_speaker: BTreeSet<(usize, usize)> = BTreeSet::new();
    for (j, f) in found.iter().enumerate() {
        if speakers[j].is_some() {
            with_speaker.insert((f.paragraph, j));
            if f.cue.is_some() {
                with_cue.insert((f.paragraph, j));
            }
        }
    }
    let last_before = |set: &BTreeSet<(usize, usize)>, paragraph: usize, k: usize| {
        set.range((paragraph, 0)..(paragraph, k))
            .next_back()
            .map(|&(_, j)| j)
    };
    for k in 0..found.len() {
        if found[k].cue.is_some() || speakers[k].is_some() || found[k].kind != QuoteKind::Direct {
            continue;
        }
        let paragraph = found[k].paragraph;
        // The nearest such quote before, else the nearest after.
        let sibling = last_before(&with_cue, paragraph, k).or_else(|| {
            with_cue
                .range((paragraph, k + 1)..=(paragraph, usize::MAX))
                .next()
                .map(|&(_, j)| j)
        });
        if let Some(j) = sibling {
            speakers[k] = speakers[j].clone();
            doubts[k] = doubts[j];
            borrowed[k] = true;
            found[k].cue = found[j].cue.clone();
            with_cue.insert((paragraph, k));
            with_speaker.insert((paragraph, k));
            continue;
        }
        if found[k].opens_paragraph || found[k].continued {
            let previous = paragraph
                .checked_sub(1)
                .and_then(|p| last_before(&with_speaker, p, k));
            let chained = last_before(&with_speaker, paragraph, k);
            if let Some(j) = chained.or(previous) {
                speakers[k] = speakers[j].clone();
                doubts[k] = doubts[j];
                borrowed[k] = true;
                with_speaker.insert((paragraph, k));
            }
        }
    }

    let kinds = confidence::Kinds::new(entities);
    let quotes = found
        .into_iter()
        .zip(speakers)
        .zip(borrowed.into_iter().zip(doubts))
        .filter(|((f, _), _)| f.keep() && f.is_statement())
        .map(|((f, speaker), (borrowed, doubt))| {
            let x = confidence::features(&ctx, &kinds, &f, speaker.as_deref(), (borrowed, doubt));
            let quote = Quote {
                text: body[f.start..f.end].to_string(),
                speaker,
                kind: f.kind,
                start: f.start,
                end: f.end,
                cue: f.cue,
                // Three decimals: the score's precision, and stable output.
                confidence: (confidence::probability(&x) * 1000.0).round() / 1000.0,
            };
            (quote, x)
        })
        .collect();
    (quotes, sentences)
}

/// Who a cue's subject is, before pronouns are resolved.
#[derive(Debug, Clone, PartialEq)]
enum Subject {
    None,
    /// A canonical entity name.
    Named(String),
    /// A pronoun or a description of a person at a byte offset, with the gender it
    /// implies; `plural` for "they".
    Anaphor {
        at: usize,
        gender: Option<Gender>,
        plural: bool,
        /// The head noun of a description ("the New York businessman"), `None` for a
        /// pronoun.
        noun: Option<&'static str>,
    },
}

#[derive(Debug)]
struct Found {
    start: usize,
    end: usize,
    kind: QuoteKind,
    cue: Option<String>,
    cue_class: Option<VerbClass>,
    subject: Subject,
    paragraph: usize,
    opens_paragraph: bool,
    continued: bool,
    words: usize,
    all_capitalised: bool,
    /// The rule (or the tagger) that found it.
    origin: Origin,
    /// Where the cue starts in the body, when there is one.
    cue_at: Option<usize>,
}

/// Which rule found a quote: a feature of its confidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Origin {
    /// A transcript line ("SMITH: ...").
    Transcript,
    /// Quotation marks.
    Marks,
    /// "X said (that) CLAUSE".
    Clause,
    /// "CLAUSE, X said".
    Tail,
    /// "according to X".
    According,
    /// The object of a verb of stance or a learnt cue ("X blasted the plan").
    Stance,
    /// "A poll shows CLAUSE".
    Evidence,
    /// A clause added by a participle or a coordinated verb of saying ("…, adding that").
    Added,
    /// The learned tagger.
    Tagged,
    /// A narrator's clause completed by quoted words ("The rule adds to “a list …,” she
    /// said").
    Partial,
}

impl Found {
    /// Reported speech from `start` to `end` with its cue, as measured by
    /// [`Context::measure`] (`n` words, all capitalised or not).
    fn indirect(
        (start, end): (usize, usize),
        (cue, cue_at): (&str, usize),
        cue_class: VerbClass,
        subject: Subject,
        paragraph: usize,
        (n, caps): (usize, bool),
        origin: Origin,
    ) -> Found {
        Found {
            start,
            end,
            kind: QuoteKind::Indirect,
            cue: Some(cue.to_string()),
            origin,
            cue_at: Some(cue_at),
            cue_class: Some(cue_class),
            subject,
            paragraph,
            opens_paragraph: false,
            continued: false,
            words: n,
            all_capitalised: caps,
        }
    }

    /// Whether a quote reports words: words in quotation marks, or reported speech whose
    /// cue is a verb of saying or writing ([`confidence::is_statement_cue`]). The object
    /// of a verb of stance or action ("X blasted the plan", "Y sought talks") is a
    /// position, not a quote; the brief finds positions on its own.
    fn is_statement(&self) -> bool {
        self.kind == QuoteKind::Direct
            // A speaker's own words read in a clause of naming ("called the plan “a
            // disgrace”") are what that speaker said.
            || (self.origin == Origin::Partial && self.cue_class == Some(VerbClass::Naming))
            || self
                .cue
                .as_deref()
                .is_some_and(confidence::is_statement_cue)
    }

    /// Whether a quote is a statement rather than a scare-quoted word or a title.
    fn keep(&self) -> bool {
        if self.kind == QuoteKind::Indirect {
            return true;
        }
        match self.words {
            0 => false,
            1 => self.cue_class == Some(VerbClass::Speech),
            // Titles and names in quotation marks ("Fox News Sunday") are not statements.
            2..=4 if self.all_capitalised => false,
            2 => self.cue_class.is_some(),
            _ => {
                self.cue_class.is_some()
                    || self.continued
                    || !self.all_capitalised
                    || self.subject != Subject::None
            }
        }
    }
}

/// A reporting verb found in a sentence.
#[derive(Debug, Clone)]
struct Cue {
    start: usize,
    end: usize,
    class: VerbClass,
    /// "according to": the source follows the cue.
    according: bool,
}

struct Context<'a> {
    body: &'a str,
    masked: &'a str,
    entities: &'a [EntityMention],
    spans: &'a [marks::Span],
    /// The paragraphs of the body with their offsets.
    paragraphs: &'a [(usize, &'a str)],
    /// The quotations' ranges, merged and sorted, for [`Context::in_quote`].
    quoted: Vec<(usize, usize)>,
    /// The spans' opening offsets, in order (spans come sorted by them).
    opens: Vec<usize>,
    /// The spans' closing offsets, sorted.
    closes: Vec<usize>,
    /// Whether the entities come in text order, so that [`Context::entities_in`] can
    /// cut out a range (as they do from [`crate::entities::find`]).
    entities_sorted: bool,
    /// The longest entity mention, in bytes.
    longest_entity: usize,
}

/// The longest sentence, in bytes, the quote rules read as one. A longer one (a run-on
/// text with no sentence end) is read in pieces of about this size cut at spaces: the
/// rules pair words, cues, commas and quotations within a sentence, so this cap keeps
/// their cost linear in the size of the body. News sentences stay far below it (the
/// longest in PolNeAR is about 1,000 bytes).
const MAX_SENTENCE: usize = 3000;

/// The sentences of `text` (see [`text::sentences`]), the longer than [`MAX_SENTENCE`]
/// cut into pieces: at the last whitespace of a piece's second half, else at a character
/// boundary.
fn bounded(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for (s, e) in text::sentences(text) {
        let mut from = s;
        while e - from > MAX_SENTENCE {
            let mut cut = from + MAX_SENTENCE;
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            let mut half = from + MAX_SENTENCE / 2;
            while !text.is_char_boundary(half) {
                half -= 1;
            }
            if let Some(space) = text[half..cut].rfind(char::is_whitespace) {
                cut = half + space;
            }
            let piece = text[from..cut].trim_end();
            if !piece.is_empty() {
                out.push((from, from + piece.len()));
            }
            let rest = &text[cut..e];
            from = e - rest.trim_start().len();
        }
        if from < e {
            out.push((from, e));
        }
    }
    out
}

/// The total overlap of a set of ranges (overlapping one another or not) with any range:
/// the integral of how many of them cover each byte, kept at the points where that
/// count changes.
struct Coverage {
    /// (offset, ranges covering the bytes from it to the next point, overlap before it).
    points: Vec<(usize, usize, usize)>,
}

impl Coverage {
    fn new(ranges: &[(usize, usize)]) -> Coverage {
        let mut events: Vec<(usize, isize)> = Vec::with_capacity(ranges.len() * 2);
        for &(a, b) in ranges.iter().filter(|&&(a, b)| a < b) {
            events.push((a, 1));
            events.push((b, -1));
        }
        events.sort_unstable();
        let mut points: Vec<(usize, usize, usize)> = Vec::with_capacity(events.len());
        let (mut count, mut total, mut last) = (0isize, 0usize, 0usize);
        for (at, delta) in events {
            total += count.unsigned_abs() * (at - last);
            count += delta;
            last = at;
            match points.last_mut() {
                Some(p) if p.0 == at => p.1 = count.unsigned_abs(),
                _ => points.push((at, count.unsigned_abs(), total)),
            }
        }
        Coverage { points }
    }

    /// The overlap of the ranges with everything before `at`.
    fn before(&self, at: usize) -> usize {
        let k = self.points.partition_point(|p| p.0 <= at);
        k.checked_sub(1).map_or(0, |k| {
            let (from, count, total) = self.points[k];
            total + count * (at - from)
        })
    }

    /// The summed overlap of every range with `s..e`.
    fn within(&self, s: usize, e: usize) -> usize {
        self.before(e.max(s)) - self.before(s)
    }
}

/// The ranges overlapping each of a series of ranges that move forward through the
/// body, in the ranges' own order: a sweep that adds ranges as they begin and drops
/// them once they end.
struct Overlapping<'a> {
    ranges: &'a [(usize, usize)],
    /// Indices of the ranges by their start.
    by_start: Vec<usize>,
    next: usize,
    /// Ranges begun, by (end, index), and by index.
    ending: BTreeSet<(usize, usize)>,
    active: BTreeSet<usize>,
}

impl<'a> Overlapping<'a> {
    fn new(ranges: &'a [(usize, usize)]) -> Overlapping<'a> {
        let mut by_start: Vec<usize> = (0..ranges.len()).collect();
        by_start.sort_by_key(|&k| ranges[k].0);
        Overlapping {
            ranges,
            by_start,
            next: 0,
            ending: BTreeSet::new(),
            active: BTreeSet::new(),
        }
    }

    /// The ranges `(a, b)` with `a < e` and `b > s`, in their given order; `s` never
    /// decreases from call to call.
    fn within(&mut self, s: usize, e: usize) -> Vec<(usize, usize)> {
        while let Some(&k) = self.by_start.get(self.next) {
            if self.ranges[k].0 >= e {
                break;
            }
            self.ending.insert((self.ranges[k].1, k));
            self.active.insert(k);
            self.next += 1;
        }
        while let Some(&(end, k)) = self.ending.first() {
            if end > s {
                break;
            }
            self.ending.pop_first();
            self.active.remove(&k);
        }
        self.active
            .iter()
            .map(|&k| self.ranges[k])
            .filter(|&(a, b)| a < e && b > s)
            .collect()
    }
}

/// The ranges `open..close` of quotation spans, overlapping ones merged, in order.
fn merged(spans: &[marks::Span]) -> Vec<(usize, usize)> {
    let mut ranges: Vec<(usize, usize)> = spans.iter().map(|s| (s.open, s.close)).collect();
    ranges.sort_unstable();
    let mut out: Vec<(usize, usize)> = Vec::with_capacity(ranges.len());
    for (a, b) in ranges {
        match out.last_mut() {
            Some(last) if a <= last.1 => last.1 = last.1.max(b),
            _ => out.push((a, b)),
        }
    }
    out
}

/// The body with every quotation (marks included) replaced by `Q`s, so that sentence
/// splitting treats a quote as one word and cues are never read inside quotes.
fn mask(body: &str, spans: &[marks::Span]) -> String {
    let mut bytes = body.as_bytes().to_vec();
    for s in spans {
        if let Some(range) = bytes.get_mut(s.open..s.close) {
            range.fill(b'Q');
            // A quote ending its sentence ("… an “outlaw nation.” Russia said") still
            // ends it in the masked text.
            if body.get(s.start..s.end).is_some_and(|t| t.ends_with('.')) {
                if let Some(last) = range.last_mut() {
                    *last = b'.';
                }
            }
        }
    }
    String::from_utf8(bytes).unwrap_or_else(|_| body.to_string())
}

/// A word in lower case, copied only when it has a capital.
fn lowercase(w: &str) -> Cow<'_, str> {
    if w.chars().any(char::is_uppercase) {
        Cow::Owned(w.to_lowercase())
    } else {
        Cow::Borrowed(w)
    }
}

fn starts_with_upper(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

impl<'a> Context<'a> {
    fn new(
        body: &'a str,
        masked: &'a str,
        entities: &'a [EntityMention],
        spans: &'a [marks::Span],
        paragraphs: &'a [(usize, &'a str)],
    ) -> Context<'a> {
        let mut closes: Vec<usize> = spans.iter().map(|x| x.close).collect();
        closes.sort_unstable();
        Context {
            body,
            masked,
            entities,
            spans,
            paragraphs,
            quoted: merged(spans),
            opens: spans.iter().map(|x| x.open).collect(),
            closes,
            entities_sorted: entities.is_sorted_by_key(|e| e.start),
            longest_entity: entities
                .iter()
                .map(|e| e.end.saturating_sub(e.start))
                .max()
                .unwrap_or(0),
        }
    }

    /// The entities starting in `from..=to`, in order (with entities out of text order,
    /// all of them: callers filter what they need either way).
    fn entities_in(&self, from: usize, to: usize) -> &'a [EntityMention] {
        if !self.entities_sorted || from > to {
            return if self.entities_sorted {
                &[]
            } else {
                self.entities
            };
        }
        let a = self.entities.partition_point(|e| e.start < from);
        let b = self.entities.partition_point(|e| e.start <= to);
        &self.entities[a..b]
    }

    /// The attributions of a tagged sentence `s..e` that no rule found: each content
    /// with the cue right before it (at most three tokens between) or right after it,
    /// and that cue's subject.
    fn tagged(
        &self,
        sentence: &tagger::Sentence,
        tags: &[tagger::Tag],
        (s, e): (usize, usize),
        paragraph: usize,
        found: &[(usize, usize)],
    ) -> Vec<Found> {
        use tagger::Tag;
        let tokens = &sentence.tokens;
        let cues = tagger::runs(tags, Tag::Cue, Tag::Cue);
        let contents = tagger::runs(tags, Tag::Begin, Tag::Inside);
        let sources = tagger::runs(tags, Tag::Source, Tag::Source);
        let mut out = Vec::new();
        for &(b, l) in &contents {
            // Trailing punctuation is not content.
            let mut l = l;
            while l > b && tokens[l].end - tokens[l].start == 1 && {
                let c = self.body.as_bytes()[tokens[l].start];
                c.is_ascii_punctuation() && c != b'"' && c != b'\''
            } {
                l -= 1;
            }
            let (start, end) = (tokens[b].start, tokens[l].end);
            if found.iter().any(|&(a, b)| a < end && start < b) {
                continue;
            }
            let before = cues
                .iter()
                .filter(|&&(_, cl)| cl < b && b - cl <= 4)
                .max_by_key(|&&(_, cl)| cl);
            let after = cues
                .iter()
                .filter(|&&(cb, _)| cb > l && cb - l <= 4)
                .min_by_key(|&&(cb, _)| cb);
            let Some(&(cb, cl)) = before.or(after) else {
                continue;
            };
            let cue_text = &self.body[tokens[cb].start..tokens[cl].end];
            let cue = Cue {
                start: tokens[cb].start,
                end: tokens[cl].end,
                class: VerbClass::Speech,
                according: cue_text.to_lowercase().starts_with("according"),
            };
            // The tagged source nearest the cue outside the content, else the rules'
            // subject of the cue.
            let source = sources
                .iter()
                .filter(|&&(sb, sl)| sl < b || sb > l)
                .min_by_key(|&&(sb, sl)| {
                    if sl < cb {
                        cb - sl
                    } else {
                        sb.saturating_sub(cl) + 1
                    }
                });
            let tagged_subject = source.map_or(Subject::None, |&(sb, sl)| {
                self.tagged_source(tokens[sb].start, tokens[sl].end)
            });
            let subject = match tagged_subject {
                Subject::None => {
                    let left_from = if cb > l { end } else { s };
                    self.subject_of(&cue, left_from, e)
                }
                named => named,
            };
            // A content with no one to say it, or of a single word, is not kept; nor is
            // the object of a preposition that ends the cue: a topic ("said of the
            // plan") or an addressee ("said to the nominee").
            let words = self.measure(start, end).0;
            let topic = cb < b
                && cue_text.rsplit(' ').next().is_some_and(|w| {
                    matches!(
                        w.to_lowercase().as_str(),
                        "of" | "about" | "on" | "to" | "with" | "for"
                    )
                });
            if subject == Subject::None || words < 2 || topic {
                continue;
            }
            if !self.plausible_tagging(sentence, (b, l), (cb, cl)) {
                continue;
            }
            // "the alleged terrorist": a cue after a determiner is an adjective.
            let determined = self.words(s, cue.start).last().is_some_and(|&(_, w)| {
                matches!(
                    w.to_lowercase().as_str(),
                    "the" | "a" | "an" | "this" | "that" | "his" | "her" | "its" | "their" | "our"
                )
            });
            if determined {
                continue;
            }
            let subject_at = source.map_or(cue.start, |&(sb, _)| tokens[sb].start.min(cue.start));
            if cb < b && free_relative(self, s, subject_at) {
                continue;
            }
            // After its verb, a content that opens with a preposition, a conjunction, a
            // time word or an "-ing" form is no clause ("said as she left").
            let opener = self
                .words(start, end)
                .first()
                .map(|&(_, w)| w.to_lowercase());
            if cb < b && opener.is_some_and(|w| confidence::opens_no_clause(&w)) {
                continue;
            }
            // "warned state officials to boost …": a call to act, as for the rules.
            let lemma = cue_text
                .rsplit(' ')
                .next()
                .and_then(|w| verbs::lookup(&w.to_lowercase()))
                .map(|(_, lemma)| lemma);
            if cb < b && lemma.is_some_and(|l| calls_to_act(l, &self.words(cue.end, end))) {
                continue;
            }
            out.push(Found::indirect(
                (start, end),
                (cue_text, cue.start),
                VerbClass::Speech,
                subject,
                paragraph,
                self.measure(start, end),
                Origin::Tagged,
            ));
        }
        out
    }

    /// Whether a tagged content (tokens `b..=l`) with its cue (`cb..=cl`) reads as an
    /// attribution: the cue holds a reporting or learnt cue word and does not end on
    /// an article or a preposition of place ("said at a briefing in the"); the content
    /// does not open with a relative pronoun or an auxiliary (the rest of a relative
    /// clause), nor end on an auxiliary or a function word, nor inside its clause (cut
    /// short); and the object of "told" is its addressee unless "that" or "to" opens it.
    fn plausible_tagging(
        &self,
        sentence: &tagger::Sentence,
        (b, l): (usize, usize),
        (cb, cl): (usize, usize),
    ) -> bool {
        let tokens = &sentence.tokens;
        let word = |i: usize| self.body[tokens[i].start..tokens[i].end].to_lowercase();
        if !tokens[cb..=cl].iter().any(|t| t.is_candidate()) {
            return false;
        }
        if matches!(
            word(cl).as_str(),
            "the" | "a" | "an" | "in" | "at" | "with" | "from" | "by" | "his" | "her" | "their"
        ) {
            return false;
        }
        const AUXILIARIES: &[&str] = &[
            "was", "were", "is", "are", "be", "been", "has", "have", "had", "will", "would",
        ];
        let (first, last) = (word(b), word(l));
        if matches!(first.as_str(), "who" | "which" | "whose")
            || AUXILIARIES.contains(&first.as_str())
        {
            return false;
        }
        if AUXILIARIES.contains(&last.as_str())
            || matches!(
                last.as_str(),
                "the" | "a" | "an" | "of" | "to" | "and" | "that" | "for"
            )
        {
            return false;
        }
        if matches!(word(cl).as_str(), "tell" | "tells" | "told")
            && !matches!(first.as_str(), "that" | "to")
        {
            return false;
        }
        if addresses(&word(cl), &first) {
            return false;
        }
        // A content stops at the end of its clause: punctuation, a conjunction or a
        // cue follows it, or nothing does.
        tokens.get(l + 1).is_none_or(|next| {
            let w = word(l + 1);
            next.is_candidate()
                || !w.chars().next().is_some_and(char::is_alphanumeric)
                || matches!(
                    w.as_str(),
                    "and"
                        | "but"
                        | "or"
                        | "because"
                        | "as"
                        | "while"
                        | "after"
                        | "before"
                        | "when"
                        | "if"
                        | "since"
                        | "so"
                        | "than"
                        | "though"
                        | "although"
                        | "according"
                        | "he"
                        | "she"
                        | "they"
                        | "who"
                )
        })
    }

    /// The subject named by a tagged source span: its person, pronoun or description,
    /// else organisation or place; else the span's words themselves ("Polls", "some
    /// Republicans") when they are few.
    ///
    /// A name inside a longer phrase does not stand for it: "Port officials" and
    /// "Residents along the River Vessa" are their own words (up to a preposition),
    /// not "Port" or "River Vessa".
    fn tagged_source(&self, start: usize, end: usize) -> Subject {
        // A name the tagged span cuts ("The Centers| for Disease Control") is taken
        // whole.
        let end = self
            .entities_in(start, end)
            .iter()
            .filter(|e| e.start >= start && e.start < end)
            .map(|e| e.end)
            .fold(end, usize::max);
        let words = self.words(start, end);
        let relative = |w: &str| matches!(w.to_lowercase().as_str(), "who" | "which" | "that");
        if words.is_empty() || words.len() > 8 || words.iter().all(|&(_, w)| relative(w)) {
            return Subject::None;
        }
        // The phrase up to its first preposition, comma (an apposition) or relative
        // pronoun.
        let head_end = words
            .iter()
            .skip(1)
            .find(|&&(_, w)| PREPOSITIONS.contains(&lowercase(w).as_ref()) || relative(w))
            .map_or(end, |&(at, _)| at);
        let head_end = self.body[start..head_end]
            .find(',')
            .map_or(head_end, |c| start + c);
        let phrase = self.body[start..head_end].trim();
        match self.subject_in(start, end, false, usize::MAX) {
            Some((at, Subject::Named(name))) => {
                let entity_end = self
                    .entities_in(at, at)
                    .iter()
                    .find(|m| m.start == at)
                    .map_or(end, |m| m.end);
                // The name is the phrase's head when it runs to the phrase's end.
                if at >= head_end
                    || self
                        .words(entity_end, head_end)
                        .iter()
                        .any(|&(_, w)| w.chars().all(|c| c.is_lowercase()) && !matches!(w, "s"))
                {
                    Subject::Named(phrase.to_string())
                } else {
                    Subject::Named(name)
                }
            }
            Some((_, subject)) => subject,
            None => Subject::Named(phrase.to_string()),
        }
    }

    /// Whether one of the last `within` words of `from..at` (outside quotations)
    /// negates or refuses what follows ("did not say whether …", "declined to say").
    fn negated_before(&self, from: usize, at: usize, within: usize) -> bool {
        self.words(from.min(at), at)
            .iter()
            .rev()
            .take(within)
            .any(|&(_, w)| NEGATIONS.contains(&lowercase(w).as_ref()) || w.ends_with("n't"))
    }

    /// Words of `from..to` outside quotations, with their byte offsets.
    fn words(&self, from: usize, to: usize) -> Vec<(usize, &str)> {
        let Some(slice) = self.masked.get(from..to) else {
            return Vec::new();
        };
        ::text::words(slice)
            .map(|(o, w)| (from + o, w))
            .filter(|&(o, _)| !self.in_quote(o))
            .collect()
    }

    /// Whether the words from a cue's end to `to` are the cue's own quotation or
    /// object: a colon or a quotation mark right after it, or a first word that is no
    /// preposition, time word or "-ly" adverb ("acknowledged their battle", not "said
    /// Friday", "said in a statement", "said repeatedly"). After "told" the first words
    /// are its addressee, so only a colon or a quotation mark counts.
    fn has_own_object(&self, from: usize, to: usize, told: bool) -> bool {
        // The sentence may stop at the quotation's mark: the next characters are read
        // from the body.
        let rest = self.body.get(from..).unwrap_or_default().trim_start();
        if rest.starts_with([':', '"', '\u{201C}', '\u{2018}']) {
            return true;
        }
        if told {
            return false;
        }
        self.words(from, to).first().is_some_and(|&(_, w)| {
            let w = lowercase(w);
            !PREPOSITIONS.contains(&w.as_ref())
                && !TAIL_ADVERBS.contains(&w.as_ref())
                && !lower_is_adverb(&w)
        })
    }

    fn in_quote(&self, at: usize) -> bool {
        let k = self.quoted.partition_point(|&(open, _)| open <= at);
        k > 0 && at < self.quoted[k - 1].1
    }

    /// Reporting verbs of a sentence, outside quotations.
    fn cues(&self, from: usize, to: usize) -> Vec<Cue> {
        let words = self.words(from, to);
        let mut out = Vec::new();
        for (k, &(at, w)) in words.iter().enumerate() {
            let lower = lowercase(w);
            if lower == "according" && words.get(k + 1).is_some_and(|&(_, n)| n == "to") {
                let end = words[k + 1].0 + 2;
                out.push(Cue {
                    start: at,
                    end,
                    class: VerbClass::Speech,
                    according: true,
                });
                continue;
            }
            if k > 0 && words[k - 1].1 == "to" {
                continue;
            }
            if let Some((class, _)) = verbs::lookup(&lower) {
                out.push(Cue {
                    start: at,
                    end: at + w.len(),
                    class,
                    according: false,
                });
            }
        }
        out
    }

    /// True when a preposition governs the word at `at` ("in Geneva", "from the West").
    fn after_preposition(&self, at: usize, floor: usize) -> bool {
        let before = self.words(floor, at);
        let is_prep = |w: &str| PREPOSITIONS.contains(&lowercase(w).as_ref());
        match before.as_slice() {
            [.., (_, p), (_, d)]
                if is_prep(p) && matches!(lowercase(d).as_ref(), "the" | "a" | "an") =>
            {
                true
            }
            [.., (_, p)] => is_prep(p),
            [] => false,
        }
    }

    /// The subject of a cue found in `from..cue.start`: the nearest person, pronoun or
    /// description, else organisation, else place; an apposition right before the verb
    /// is looked through.
    fn subject_before(&self, from: usize, verb: usize) -> Option<(usize, Subject)> {
        let region = self.masked.get(from..verb)?;
        let trimmed = region.trim_end();
        let candidates = self.subject_candidates(from, verb, usize::MAX);
        // "“…,” Ann Lee, a Liberal trying to unseat Representative Tom Hale, a Democrat,
        // said": the name that opens the clause, an apposition after it, is the subject;
        // names inside the apposition are described, not speaking.
        if trimmed.ends_with(',') {
            let first = candidates.iter().min_by_key(|c| c.0);
            if let Some((at, _, subject)) = first {
                let at = *at;
                let opens = self
                    .masked
                    .get(from..at)
                    .is_some_and(|lead| !lead.contains(char::is_alphanumeric));
                let apposition = self.entity_end(at).is_some_and(|end| {
                    self.masked
                        .get(end..verb)
                        .and_then(|rest| rest.strip_prefix(','))
                        .and_then(|rest| ::text::words(rest).next())
                        .is_some_and(|(_, w)| APPOSITION_OPENERS.contains(&lowercase(w).as_ref()))
                });
                if opens && apposition {
                    return Some((at, subject.clone()));
                }
            }
        }
        if let Some(inner) = trimmed.strip_suffix(',') {
            // "X, the lead negotiator, said": look before the apposition first.
            if let Some(comma) = inner.rfind(',') {
                if let Some(found) = self.subject_in(from, from + comma, true, usize::MAX) {
                    return Some(found);
                }
            }
        }
        let found = nearest_subject(&candidates, true)?;
        // "Biden condemned activists cornering Sen. Sinema … but dismissed it as …": a
        // name after a verb of its clause is that verb's object; the clause's subject
        // speaks.
        let since = self
            .masked
            .get(from..found.0)
            .and_then(|r| r.rfind(','))
            .map_or(from, |c| from + c + 1);
        let object = self
            .words(since, found.0)
            .iter()
            .skip(1)
            .any(|&(_, w)| past_form(w));
        if object {
            let subject = self.clause_subject_among(from, verb, candidates.clone());
            if subject != Subject::None && subject != found.1 {
                let at = candidates.iter().find(|c| c.2 == subject).map(|c| c.0);
                if let Some(at) = at.filter(|&at| at < found.0) {
                    return Some((at, subject));
                }
            }
        }
        Some(found)
    }

    /// The subject opening the clause `from..to`: its leftmost possible subject that is
    /// not a possessor ("Trump's claim").
    fn clause_subject(&self, from: usize, to: usize) -> Subject {
        self.clause_subject_among(from, to, self.subject_candidates(from, to, usize::MAX))
    }

    /// [`Self::clause_subject`] among the subject candidates of `from..to`, found once.
    fn clause_subject_among(
        &self,
        from: usize,
        to: usize,
        candidates: Vec<(usize, u8, Subject)>,
    ) -> Subject {
        let mut candidates: Vec<(usize, u8, Subject)> = candidates
            .into_iter()
            .filter(|&(at, _, _)| {
                let Some(e) = self.entities_in(at, at).iter().find(|e| e.start == at) else {
                    return true;
                };
                let rest = self.body.get(e.end..).unwrap_or_default();
                let possessor = rest.starts_with("'s") || rest.starts_with("\u{2019}s");
                // The holder of an office it names speaks ("Nato’s secretary-general").
                !possessor || self.office_after(e.end, to).is_some()
            })
            .collect();
        candidates.sort_by_key(|c| c.0);
        let Some(first) = candidates.first() else {
            return Subject::None;
        };
        // A name after the clause's verb is its object ("a judge ordered Texas to
        // suspend the law, calling it …"), not its subject.
        // Only the words since the last comma count: "after the court ruled, Paxton
        // said" has its subject after the comma.
        let since = self
            .masked
            .get(from..first.0)
            .and_then(|r| r.rfind(','))
            .map_or(from, |c| from + c + 1);
        if self
            .words(since, first.0)
            .iter()
            .skip(1)
            .any(|&(_, w)| past_form(w))
        {
            return Subject::None;
        }
        // Names in one chain of capitalised words ("U.S. District Judge Robert Pitman")
        // form one noun phrase whose head, the one who acts, is its last name.
        let mut head = 0;
        while let Some(next) = candidates.get(head + 1) {
            let end = self.entity_end(candidates[head].0);
            let chained = end.is_some_and(|end| {
                end <= next.0
                    && self
                        .words(end, next.0)
                        .iter()
                        .all(|&(_, w)| starts_with_upper(w))
                    && self
                        .masked
                        .get(end..next.0)
                        .is_some_and(|gap| !gap.contains([',', ';', '(', ')']))
            });
            if !chained {
                break;
            }
            head += 1;
        }
        candidates.swap_remove(head).2
    }

    /// Where the narrator's clause starts when the quotation `span` of the sentence
    /// starting at `s` completes it: the quotation opens in lower case, after at least
    /// two words of its own sentence that end in no cue and no colon.
    fn narrated_lead(&self, span: &marks::Span, s: usize, cues: &[Cue]) -> Option<usize> {
        let first = self.body.get(span.start..)?.chars().next()?;
        if span.continued || span.open < s || !first.is_lowercase() {
            return None;
        }
        // The quoted words must end the clause ("… ten vaccines,” she said), not sit
        // inside it ("content that “falsely alleges” vaccines are unsafe").
        let inside = self.body.get(span.start..span.close)?;
        let after = self.body.get(span.close..)?.trim_start();
        let ends_clause = inside
            .trim_end_matches(|c: char| !c.is_alphanumeric() && !matches!(c, ',' | '.' | '!' | '?'))
            .ends_with([',', '.', '!', '?'])
            || after.starts_with([',', '.', ';', '!', '?']);
        if !ends_clause {
            return None;
        }
        let lead = self.masked.get(s..span.open)?;
        let from = s + (lead.len() - lead.trim_start().len());
        // A cue right before the marks introduces them ("she warned “…”"); one further
        // back is a verb of the narrator's clause ("the rule adds to “…”").
        let near = self.words(s, span.open);
        let near = near.get(near.len().saturating_sub(1)..).unwrap_or_default();
        let cued = cues
            .iter()
            .any(|c| c.start < span.open && near.iter().any(|&(at, _)| at == c.start));
        let colon = lead.trim_end().ends_with(':');
        let words = self.words(from, span.open);
        let quoted_before = self.quoted.iter().any(|&(o, c)| o >= s && c <= span.open);
        (words.len() >= 2 && !cued && !colon && !quoted_before).then_some(from)
    }

    /// The clause that a quote of one to three words (`f`, quoted at `span`) completes
    /// after its cue: from the first word after the cue (the opening mark when the marks
    /// follow it at once: the cue is the narrator's, not what was said) to the end of
    /// the clause the marks sit in (their own closing punctuation, else the next comma,
    /// semicolon, colon or sentence end of `s..e`).
    /// None for a longer quote, one that opens with a capital (a sentence of its own), a
    /// cue after the marks, in another sentence or in the passive, or more than eight
    /// words, a comma or another quotation between the cue and the marks.
    fn cued_clause(
        &self,
        span: &marks::Span,
        f: &Found,
        (s, e): (usize, usize),
    ) -> Option<(usize, usize)> {
        let first = self.body.get(span.start..)?.chars().next()?;
        if f.words == 0 || f.words > 3 || !first.is_lowercase() || span.continued {
            return None;
        }
        if f.subject == Subject::None || f.cue_class.is_none() {
            return None;
        }
        let cue_at = f.cue_at.filter(|&at| at >= s && at < span.open)?;
        if self.passive_before(s, cue_at) {
            return None;
        }
        let cue_end = cue_at + f.cue.as_deref()?.len();
        let between = self.masked.get(cue_end..span.open)?;
        let quoted_between = self
            .quoted
            .iter()
            .any(|&(o, c)| o >= cue_end && c <= span.open);
        if cue_end > span.open || between.contains([',', ';', ':']) || quoted_between {
            return None;
        }
        let lead = self.words(cue_end, span.open);
        if lead.len() > 8 {
            return None;
        }
        // "told the paper that the board hopes for “calm”": the clause opens after "that".
        let from = match lead
            .iter()
            .rposition(|&(_, w)| w.eq_ignore_ascii_case("that"))
        {
            Some(t) => lead.get(t + 1).map_or(span.open, |&(at, _)| at),
            None => lead.first().map_or(span.open, |&(at, _)| at),
        };
        let inside = self.body.get(span.start..span.close)?;
        let closed = inside
            .trim_end_matches(|c: char| !c.is_alphanumeric() && !matches!(c, ',' | '.' | '!' | '?'))
            .ends_with([',', '.', '!', '?']);
        let to = if closed || span.close >= e {
            span.close
        } else {
            let rest = self.masked.get(span.close..e)?;
            let stop = rest
                .char_indices()
                .find(|&(i, c)| {
                    matches!(c, ',' | ';' | ':' | '.' | '!' | '?') && !self.in_quote(span.close + i)
                })
                .map_or(rest.len(), |(i, _)| i);
            span.close + rest[..stop].trim_end().len()
        };
        (to > from).then_some((from, to))
    }

    /// Whether the cue at `at` is in the passive ("was called “a charlatan” by …"): a
    /// form of "be" is the last word of the sentence (from `s`) before it.
    fn passive_before(&self, s: usize, at: usize) -> bool {
        self.words(s, at).last().is_some_and(|&(_, w)| {
            matches!(
                lowercase(w).as_ref(),
                "is" | "are" | "was" | "were" | "be" | "been" | "being"
            )
        })
    }

    /// Whether `start..end` opens with "that", "which" or "who" and a verb of saying
    /// ("that claims …"): a relative clause, not a statement.
    fn opens_relative_clause(&self, start: usize, end: usize) -> bool {
        match self.words(start, end).as_slice() {
            [(_, first), (_, verb), ..] => {
                matches!(lowercase(first).as_ref(), "that" | "which" | "who")
                    && verbs::any_form(&lowercase(verb))
            }
            _ => false,
        }
    }

    /// Where the entity mention starting at `at` ends.
    fn entity_end(&self, at: usize) -> Option<usize> {
        self.entities_in(at, at)
            .iter()
            .find(|e| e.start == at)
            .map(|e| e.end)
    }

    /// The subject nearest to the end (`last`) or start of `from..to`, starting before
    /// `starts_before`.
    fn subject_in(
        &self,
        from: usize,
        to: usize,
        last: bool,
        starts_before: usize,
    ) -> Option<(usize, Subject)> {
        nearest_subject(&self.subject_candidates(from, to, starts_before), last)
    }

    /// Possible subjects in `from..to` starting before `starts_before`: offset, rank
    /// (people, pronouns and descriptions first, then organisations, then places) and
    /// subject.
    fn subject_candidates(
        &self,
        from: usize,
        to: usize,
        starts_before: usize,
    ) -> Vec<(usize, u8, Subject)> {
        let mut candidates: Vec<(usize, u8, Subject)> = Vec::new();
        for e in self.entities_in(from, to) {
            if e.start < from || e.end > to || e.start >= starts_before || self.in_quote(e.start) {
                continue;
            }
            if e.text != e.name && lexicon::demonym(&e.text).is_some() {
                continue;
            }
            let adjacent = self
                .masked
                .get(e.end..to)
                .is_some_and(|rest| rest.trim().is_empty());
            // A place after a preposition is where someone is ("a director of emergency
            // services in Florida described …"), never who speaks, even right before
            // the verb.
            if (!adjacent || e.kind == EntityKind::Place) && self.after_preposition(e.start, from) {
                continue;
            }
            // A person's name before a noun of the people around them ("the Biden
            // administration", "Trump aides") names that group, not the person; so does
            // a name of another kind before a noun only a person has around them (a lone
            // "Biden" may be typed as an organisation), not "NATO officials".
            {
                let after = self.words(e.end, to);
                // Past a possessive "'s", which may read as a word of its own.
                let next = after
                    .iter()
                    .find(|(_, w)| !matches!(*w, "s" | "'s" | "\u{2019}s"))
                    .copied();
                // Before a plural noun of people ("RT journalists", "NATO officials",
                // "E.U. leaders") a body's name is a modifier: the people speak.
                let members = |n: &str| {
                    e.kind != EntityKind::Person
                        && n.len() > 3
                        && n.ends_with('s')
                        && !n.ends_with("ss")
                        && n.chars().all(|c| c.is_ascii_lowercase())
                        && verbs::lookup(n).is_none()
                        && !::text::is_stopword(n)
                        // "according to Acme posts": a body's posts speak for it.
                        && !DOCUMENT_NOUNS.contains(&n)
                };
                let entourage = |n: &str| match e.kind {
                    EntityKind::Person => ENTOURAGE.contains(&n),
                    _ => PERSONAL_ENTOURAGE.contains(&n) || members(n),
                };
                // "Lind's campaign said": the campaign speaks, written as the text has it.
                let possessive = |at: usize| {
                    self.body
                        .get(e.end..at)
                        .is_some_and(|gap| matches!(gap.trim_end(), "'s" | "\u{2019}s"))
                };
                if let Some((at, noun)) =
                    next.filter(|&(at, n)| (at <= e.end + 1 || possessive(at)) && entourage(n))
                {
                    let group = if at <= e.end + 1 {
                        format!("{} {}", e.text, noun)
                    } else {
                        format!("{}{}", &self.body[e.start..at], noun)
                    };
                    candidates.push((e.start.min(at), 1, Subject::Named(group)));
                    continue;
                }
            }
            // "Nato’s secretary-general has told …": the holder of the office speaks, not
            // the body or person that owns it; kept as written.
            if let Some(end) = self.office_after(e.end, to) {
                let holder = self.body[e.start..end].to_string();
                candidates.push((e.start, 1, Subject::Named(holder)));
                continue;
            }
            // A name that only modifies the noun closing the subject ("Texas abortion
            // providers say") is not the subject: plural people and a described person
            // ("a West Virginia official") speak as the whole phrase. Another noun leaves
            // the name as the speaker: a body's report or spokesperson ("the IMF report
            // stated") speaks for it. One plain word after a person's name is as likely an adverb ("Obama
            // always says"), so a person yields only to two or more.
            if let Some(nouns) = self
                .compound_nouns(e.end, to)
                .filter(|n| e.kind != EntityKind::Person || n.len() > 1)
            {
                let head = nouns.last().copied().unwrap_or_default();
                let plural = head.len() > 3
                    && ((head.ends_with('s') && !head.ends_with("ss")) || head.ends_with("men"))
                    && !DOCUMENT_NOUNS.contains(&head);
                let described = e.kind != EntityKind::Organization
                    && DESCRIPTIONS.iter().any(|&(d, _)| d == head);
                if plural || described {
                    let group = format!("{} {}", e.text, nouns.join(" "));
                    candidates.push((e.start, 1, Subject::Named(group)));
                    continue;
                }
            }
            let rank = match e.kind {
                EntityKind::Person => 0,
                EntityKind::Organization => 1,
                EntityKind::Place => 2,
                EntityKind::Other => continue,
            };
            // The members of a body speak for themselves: "Republicans said" is not the
            // Republican Party, nor "Americans said" the United States. A plural written
            // for a name of another form keeps the plural.
            let members = !e.text.contains(' ')
                && e.text.len() > 3
                && e.text.ends_with('s')
                && !crate::entities::is_all_caps(&e.text)
                && e.text != e.name
                && !e.name.contains(e.text.as_str());
            let name = if members {
                e.text.clone()
            } else {
                e.name.clone()
            };
            candidates.push((e.start, rank, Subject::Named(name)));
        }
        let words = self.words(from, to);
        for (k, &(at, w)) in words.iter().enumerate() {
            let lower = lowercase(w);
            let anaphor = pronoun_subject(at, &lower, Case::Subject).or_else(|| {
                DESCRIPTIONS
                    .iter()
                    .find(|(d, _)| *d == lower)
                    .and_then(|&(noun, gender)| {
                        let the = words[k.saturating_sub(3)..k]
                            .iter()
                            .any(|&(_, p)| p.eq_ignore_ascii_case("the"));
                        let followed_by_name = self
                            .entities_in(at + 1, at + w.len() + 1)
                            .iter()
                            .any(|e| e.start > at && e.start <= at + w.len() + 1);
                        (the && !followed_by_name).then_some(Subject::Anaphor {
                            at,
                            gender,
                            plural: false,
                            noun: Some(noun),
                        })
                    })
            });
            if let Some(a) = anaphor.filter(|_| at < starts_before) {
                candidates.push((at, 0, a));
            }
        }
        candidates
    }

    /// The lower-case nouns that fill `from..to` after a name when the name modifies them
    /// ("Texas| abortion providers|"): one to three plain words, no punctuation, no
    /// function word, verb or adverb; `None` when the gap holds anything else or nothing.
    fn compound_nouns(&self, from: usize, to: usize) -> Option<Vec<&'a str>> {
        let gap = self.masked.get(from..to)?;
        if !gap.starts_with(' ') {
            return None;
        }
        let words: Vec<&str> = gap.split_whitespace().collect();
        let noun = |w: &str| {
            w.len() > 2
                && w.chars().all(|c| c.is_ascii_lowercase() || c == '-')
                && !::text::is_stopword(w)
                && !w.ends_with("ly")
                && !past_form(w)
                && verbs::lookup(w).is_none()
                && !NOT_SUBJECT_ENDS.contains(&w)
        };
        (!words.is_empty() && words.len() <= 3 && words.iter().all(|w| noun(w))).then_some(words)
    }

    /// The subject of a cue, looking before the verb and then, for inverted order
    /// ("said Ryabkov") or "according to X", after it.
    fn subject_of(&self, cue: &Cue, left_from: usize, right_to: usize) -> Subject {
        if !cue.according {
            if let Some((_, s)) = self.subject_before(left_from, cue.start) {
                return s;
            }
        }
        // Inverted order ("said Ryabkov"): only when the verb opens its clause.
        let before = self.words(left_from, cue.start);
        if !cue.according && !before.is_empty() {
            return match group_source(&before) {
                Subject::None => self.nominal_source(&before),
                named => named,
            };
        }
        let words = self.words(cue.end, right_to);
        // The name must start within six words; it may run on past them.
        let limit = words.get(6).map_or(right_to, |&(at, _)| at);
        if cue.according {
            // "according to Acme posts on Facebook": the source opens the phrase; a
            // name after a preposition in it is where or whose, not who, save the
            // author of a document ("a report by Politico", "data from the agency").
            let authored = |at: usize| {
                self.words(cue.end, at)
                    .iter()
                    .rev()
                    .take(2)
                    .any(|&(_, w)| matches!(lowercase(w).as_ref(), "by" | "from"))
            };
            let candidates: Vec<_> = self
                .subject_candidates(cue.end, right_to, limit)
                .into_iter()
                .filter(|&(at, _, _)| !self.after_preposition(at, cue.end) || authored(at))
                .collect();
            let best = candidates.iter().map(|c| c.1).min();
            return candidates
                .into_iter()
                .filter(|c| Some(c.1) == best)
                .min_by_key(|c| c.0)
                .map_or(Subject::None, |(_, _, s)| s);
        }
        self.subject_in(cue.end, right_to, false, limit)
            .map_or(Subject::None, |(_, s)| s)
    }

    /// A phrase of common nouns right before a verb of saying, nothing before it naming
    /// anyone ("the announcer said", "a friend commented", "the ad's narrator says"):
    /// a source that names no one, kept as written rather than no speaker. Not after a
    /// preposition ("a source on the panel said": the panel does not speak), at most four
    /// words after its determiner, adverbs before the verb passed over.
    fn nominal_source(&self, before: &[(usize, &str)]) -> Subject {
        let mut end = before.len();
        while end > 1
            && (before[end - 1].1.ends_with("ly")
                || ADVERBS_BEFORE_CUE.contains(&before[end - 1].1))
        {
            end -= 1;
        }
        let Some(&(head_at, head)) = before.get(end.wrapping_sub(1)) else {
            return Subject::None;
        };
        if head.len() < 3
            || !head.chars().all(|c| c.is_ascii_lowercase())
            || ::text::is_stopword(head)
            || verbs::lookup(head).is_some()
            || NOT_SUBJECT_ENDS.contains(&head)
            || NOT_NOMINAL_HEADS.contains(&head)
        {
            return Subject::None;
        }
        let Some(det) = (end.saturating_sub(5)..end - 1)
            .rev()
            .find(|&k| NOMINAL_DETERMINERS.contains(&lowercase(before[k].1).as_ref()))
        else {
            return Subject::None;
        };
        let nounish = |w: &str| {
            w == "s"
                || (w.chars().all(char::is_alphabetic)
                    && !::text::is_stopword(&lowercase(w))
                    && verbs::lookup(&lowercase(w)).is_none())
        };
        if !before[det + 1..end].iter().all(|&(_, w)| nounish(w)) {
            return Subject::None;
        }
        if det > 0 && PREPOSITIONS.contains(&lowercase(before[det - 1].1).as_ref()) {
            return Subject::None;
        }
        let (from, to) = (before[det].0, head_at + head.len());
        let Some(phrase) = self.masked.get(from..to) else {
            return Subject::None;
        };
        if !phrase
            .chars()
            .all(|c| c.is_alphabetic() || c == ' ' || c == '\'' || c == '\u{2019}' || c == '-')
        {
            return Subject::None;
        }
        let mut name = phrase.to_string();
        if let Some(first) = name.get(..1).filter(|f| f == &"T" || f == &"A") {
            name.replace_range(..1, &first.to_lowercase());
        }
        Subject::Named(name)
    }

    /// Whether a pronoun subject would resolve to a name its own clause mentions between
    /// it and the cue (at `cue_at`): "They sued Acme, claiming …" cannot mean Acme sued
    /// Acme, so the pronoun names someone else (or no one the text names nearby).
    fn named_in_own_clause(&self, subject: &Subject, cue_at: Option<usize>, name: &str) -> bool {
        let (&Subject::Anaphor { at, noun: None, .. }, Some(cue)) = (subject, cue_at) else {
            return false;
        };
        cue > at
            && self
                .entities_in(at, cue)
                .iter()
                .any(|e| e.start > at && e.end <= cue && e.name == name && !self.in_quote(e.start))
    }

    fn resolve(
        &self,
        subject: &Subject,
        learnt: &mut BTreeMap<String, Gender>,
        scene: &antecedent::Scene,
        trace: Option<&mut Vec<Pronoun>>,
    ) -> Option<(String, f64)> {
        match subject {
            Subject::None => None,
            Subject::Named(name) => Some((name.clone(), 0.0)),
            &Subject::Anaphor {
                at, plural: true, ..
            } => self
                .entities_in(at.saturating_sub(1499), at.saturating_sub(1))
                .iter()
                .rev()
                .filter(|e| e.start < at && at - e.start < 1500 && !self.in_quote(e.start))
                .find(|e| e.kind == EntityKind::Organization)
                .map(|e| (e.name.clone(), 0.0)),
            &Subject::Anaphor {
                at,
                gender,
                noun: Some(noun),
                ..
            } => {
                let name = self.described(at, gender, noun, learnt)?;
                if let Some(g) = gender {
                    learnt.entry(name.clone()).or_insert(g);
                }
                Some((name, 0.0))
            }
            &Subject::Anaphor { at, gender, .. } => {
                let choices = antecedent::candidates(self, scene, at, gender, learnt);
                if let Some(trace) = trace {
                    trace.push(Pronoun {
                        at,
                        candidates: choices
                            .iter()
                            .map(|c| (c.mention.name.clone(), c.features))
                            .collect(),
                    });
                }
                let (person, share) = antecedent::choose(&choices)?;
                if let Some(g) = gender {
                    learnt.entry(person.name.clone()).or_insert(g);
                }
                Some((person.name.clone(), 1.0 - share))
            }
        }
    }

    /// The person a description before `at` refers to ("the New York businessman"). A
    /// definite description names someone the reader already knows: the person the text
    /// gave that title or role ("Indiana Gov. Mike Pence", "Trump, the businessman"),
    /// capitalised modifiers first; else the nearest person, one only ever titled
    /// otherwise ("President Obama") last; never a person of the other gender.
    fn described(
        &self,
        at: usize,
        gender: Option<Gender>,
        noun: &str,
        learnt: &BTreeMap<String, Gender>,
    ) -> Option<String> {
        // Capitalised modifiers ("Democratic", "California") single a person out more
        // than common role words ("presidential nominee").
        let mut proper: Vec<String> = Vec::new();
        let mut cues: Vec<String> = description_titles(noun)
            .into_iter()
            .map(str::to_string)
            .collect();
        // The description's capitalised modifiers ("the New York businessman", "the
        // Democratic nominee") count as role words too; lower-case ones ("presidential",
        // "former") describe too many people to tell them apart.
        let lead: Vec<&str> = ::text::words(
            self.body
                .get(floor_char(self.body, at.saturating_sub(40))..at)
                .unwrap_or_default(),
        )
        .map(|(_, w)| w)
        .collect();
        if let Some(the) = lead.iter().rposition(|w| w.eq_ignore_ascii_case("the")) {
            if lead.len() - the <= 4 {
                proper.extend(
                    lead.iter()
                        .skip(the + 1)
                        .filter(|w| starts_with_upper(w))
                        .map(|w| w.to_lowercase()),
                );
                cues.extend(proper.iter().cloned());
            }
        }
        // Role words a name carries: its premodifiers back to a comma or "and"
        // ("Indiana Gov. Mike Pence") and an apposition after a comma ("Trump, the
        // New York businessman,").
        let role_words = |start: usize, end: usize| -> Vec<String> {
            let from = floor_char(self.body, start.saturating_sub(40));
            let lead = self.body.get(from..start).unwrap_or_default();
            let lead = lead
                .rfind([',', ';', '(', ')', '.', '\n'])
                .and_then(|i| lead.get(i + 1..))
                .unwrap_or(lead);
            let lead = lead
                .rfind(" and ")
                .and_then(|i| lead.get(i + 5..))
                .unwrap_or(lead);
            let before = ::text::words(lead).map(|(_, w)| w.trim_end_matches('.').to_lowercase());
            let to = floor_char(self.body, (end + 60).min(self.body.len()));
            let tail = self.body.get(end..to).unwrap_or_default();
            let apposition = tail
                .strip_prefix(", ")
                .map(|t| t.split([',', ';', '.', '\n']).next().unwrap_or_default())
                .unwrap_or_default();
            let after = ::text::words(apposition).map(|(_, w)| w.to_lowercase());
            let own = ::text::words(self.body.get(start..end).unwrap_or_default())
                .map(|(_, w)| w.trim_end_matches('.').to_lowercase());
            before
                .chain(own)
                .chain(after)
                .filter(|w| cues.iter().any(|c| same_stem(c, w)))
                .collect::<Vec<_>>()
        };
        // (role words seen by the name, always titled otherwise, last offset) per name.
        let mut people: BTreeMap<&str, (BTreeSet<String>, bool, usize)> = BTreeMap::new();
        // The latest people before the description, at most MAX_PEOPLE_BACK of them, in
        // text order.
        let before = self.entities_in(0, at.saturating_sub(1));
        let mut recent: Vec<&EntityMention> = before
            .iter()
            .rev()
            .take(MAX_MENTIONS_BACK)
            .filter(|e| e.start < at && e.kind == EntityKind::Person && !self.in_quote(e.start))
            .take(MAX_PEOPLE_BACK)
            .collect();
        recent.reverse();
        for e in recent {
            let known = learnt
                .get(&e.name)
                .copied()
                .or_else(|| crate::entities::gender_hint(&e.name));
            if matches!((gender, known), (Some(a), Some(b)) if a != b) {
                continue;
            }
            // A person titled otherwise right before the name ("President Obama" for
            // "the New York businessman") is likely someone else.
            let title_before = ::text::words(
                self.body
                    .get(floor_char(self.body, e.start.saturating_sub(12))..e.start)
                    .unwrap_or_default(),
            )
            .last()
            .map(|(_, w)| w.trim_end_matches('.').to_lowercase());
            let other_title = title_before.is_some_and(|t| {
                PERSON_TITLES.contains(&t.as_str()) && !cues.iter().any(|c| same_stem(c, &t))
            });
            let slot = people
                .entry(e.name.as_str())
                .or_insert((BTreeSet::new(), true, 0));
            slot.1 &= other_title;
            slot.0.extend(role_words(e.start, e.end));
            slot.2 = e.start;
        }
        people
            .into_iter()
            .max_by_key(|(_, (roles, other_title, last))| {
                let distinctive = roles
                    .iter()
                    .filter(|w| proper.iter().any(|p| same_stem(p, w)))
                    .count();
                (!*other_title, distinctive, roles.len(), *last)
            })
            .map(|(name, _)| name.to_string())
    }

    /// Starts reported content at its clause: past leading punctuation and a participle
    /// of saying with its "that" (", adding that …" is not part of what was said).
    fn start_at_clause(&self, f: &mut Found) {
        let Some(text) = self.body.get(f.start..f.end) else {
            return;
        };
        let opening = |c: char| {
            c.is_alphanumeric() || matches!(c, '"' | '\u{201C}' | '\u{2018}' | '\'' | '\u{00AB}')
        };
        let mut from =
            f.start + (text.len() - text.trim_start_matches(|c: char| !opening(c)).len());
        let words = self.words(from, f.end);
        if let Some(&(at, w)) = words.first() {
            if at == from && PARTICIPLES.contains(&w.to_lowercase().as_str()) {
                // Past the participle (and its "that"), at whatever comes next: quoted
                // words too, which the masked words skip.
                let after = match words.get(1) {
                    Some(&(next, "that")) if self.words(at + w.len(), next).is_empty() => next + 4,
                    _ => at + w.len(),
                };
                let rest = self.body.get(after..f.end).unwrap_or_default();
                from = after + (rest.len() - rest.trim_start().len());
            }
        }
        let (n, caps) = self.measure(from, f.end);
        if from > f.start && n >= 4 {
            f.start = from;
            f.words = n;
            f.all_capitalised = caps;
        }
    }

    /// Ends reported content at the end of its clause: a semicolon, or a comma followed
    /// by a conjunction and a new subject ("…, and he reiterated them", "…, but Smith
    /// said"), outside quotation marks; or "and"/"but" followed at once by a verb of
    /// saying in the past ("… would order a review and warned against hackers", "…, but
    /// pledged to remain civil"): a second verb of the speaker's, whose subject is the
    /// speaker, not the content's; or ", which": a relative clause after a comma is the
    /// narrator's gloss ("… from pneumonia, which forced her to leave"), as PolNeAR's
    /// annotators read it; so is an indefinite noun phrase of a gloss noun after a comma
    /// ("…, a pledge the allies have already ruled out"). What follows is another
    /// statement or a narrator's aside, not the speaker's words.
    /// Whether a reported quote's cue is negated or refused ("did not say whether …"),
    /// a gerund after "of" ("accused Lind of telling her he
    /// …": words alleged, by someone else, of the verb's object), or an "added" whose
    /// content opens with an indefinite noun phrase ("Lind's remarks added another
    /// voice to the dispute": an object, not a clause), or an "asked" with no question
    /// after it ("asked Lind about the quay"), or content opening with an object pronoun
    /// ("calling him a “faker”").
    fn alleged_or_object(&self, f: &Found) -> bool {
        let Some(at) = f.cue_at else { return false };
        let Some(cue) = f.cue.as_deref() else {
            return false;
        };
        let cue = cue.to_lowercase();
        // "did not respond to questions about whether …", "declined to say whether …":
        // what follows a refused or negated verb of saying was not said.
        if f.kind == QuoteKind::Indirect && self.negated_before(at.saturating_sub(40), at, 3) {
            return true;
        }
        // "calling him a “faker” who …": content opening with an object pronoun is the
        // verb's object and its description, not a reported clause.
        if f.kind == QuoteKind::Indirect
            && self
                .words(f.start, f.end)
                .first()
                .is_some_and(|&(_, w)| OBJECT_PRONOUNS.contains(&lowercase(w).as_ref()))
        {
            return true;
        }
        if cue.ends_with("ing") {
            let before = self.words(at.saturating_sub(40), at);
            if before
                .last()
                .is_some_and(|&(_, w)| w.eq_ignore_ascii_case("of"))
            {
                return true;
            }
        }
        // "asked Lind about the quay": an addressee and a topic, no question reported.
        if matches!(cue.as_str(), "ask" | "asks" | "asked") && f.kind == QuoteKind::Indirect {
            let words = self.words(f.start, f.end);
            return !words
                .iter()
                .any(|&(_, w)| QUESTION_OPENERS.contains(&lowercase(w).as_ref()));
        }
        if matches!(cue.as_str(), "add" | "adds" | "added") && f.kind == QuoteKind::Indirect {
            let first = self
                .words(f.start, f.end)
                .first()
                .map(|&(_, w)| lowercase(w));
            return first.is_some_and(|w| OBJECT_OPENERS.contains(&w.as_ref()));
        }
        false
    }

    fn end_at_clause(&self, f: &mut Found) {
        let words = self.words(f.start, f.end);
        for (k, &(at, w)) in words.iter().enumerate().skip(1) {
            if self.in_quote(at) {
                continue;
            }
            let before = self.masked[f.start..at].trim_end();
            // A comma inside the closing quotation mark ("… “far from perfect,” although
            // he …") ends the clause too; the quotation stays whole.
            let raw = self.body[f.start..at].trim_end();
            let quoted_comma = raw
                .trim_end_matches(['"', '\u{201D}', '\u{2019}', '\''])
                .ends_with(',')
                && raw.len()
                    > raw
                        .trim_end_matches(['"', '\u{201D}', '\u{2019}', '\''])
                        .len();
            // ", and Kyrsten Sinema, D-Ariz., …": a name set off by a comma after the
            // conjunction is one more item of a list or gets an apposition; it opens no
            // clause of its own unless a verb of saying follows.
            let listed_name = words.get(k + 1).is_some_and(|&(at, next)| {
                starts_with_upper(next) && name_then_comma(&self.masked[at..f.end])
            });
            let new_clause = (before.ends_with(',') || quoted_comma)
                && CLAUSE_CONJUNCTIONS.contains(&w.to_lowercase().as_str())
                && (words.get(k + 1).is_some_and(|&(_, next)| {
                    (starts_with_upper(next) && !listed_name)
                        || COORDINATED_SUBJECTS.contains(&next.to_lowercase().as_str())
                        || matches!(next.to_lowercase().as_str(), "it" | "we" | "i" | "there")
                }) || opens_own_clause(&words[k + 1..]));
            // "…, implicitly putting his name on the line": a participle after a comma
            // is the narrator's, not the reported clause.
            let participle = before.ends_with(',') && {
                let verb = if lower_is_adverb(w) {
                    words.get(k + 1).map(|&(_, n)| n)
                } else {
                    Some(w)
                };
                verb.is_some_and(|v| {
                    let v = v.to_lowercase();
                    v.len() > 5
                        && v.ends_with("ing")
                        && !v.ends_with("thing")
                        && !NOT_PARTICIPLES.contains(&v.as_str())
                })
            };
            let lower = w.to_lowercase();
            let second_verb = matches!(lower.as_str(), "and" | "but")
                && words
                    .get(k + 1)
                    .is_some_and(|&(_, next)| past_speech_verb(&next.to_lowercase()));
            // "…, a pledge the allies have already ruled out": an indefinite noun phrase
            // of a gloss noun after a comma re-describes what was said; the narrator's.
            let gloss = before.ends_with(',')
                && matches!(lower.as_str(), "a" | "an")
                && words
                    .iter()
                    .skip(k + 1)
                    .take(3)
                    .any(|&(_, n)| GLOSS_NOUNS.contains(&lowercase(n).as_ref()));
            // "…that he would repay the sum, but has not made good on that promise": a
            // verb with no subject of its own after ", but", in a tense the reported
            // clause does not take, goes on the narrator's clause.
            let narrated = before.ends_with(',')
                && lower == "but"
                && words.get(k + 1).is_some_and(|&(_, next)| {
                    NARRATOR_AUXILIARIES.contains(&lowercase(next).as_ref())
                });
            let relative = before.ends_with(',')
                && (matches!(lower.as_str(), "which" | "where") || participle || gloss || narrated);
            let cut = if second_verb || relative {
                let end = if before.ends_with(',') {
                    f.start + before.len() - 1
                } else {
                    f.start + raw.len()
                };
                Some(end)
            } else if new_clause && !before.ends_with(',') {
                Some(f.start + raw.len())
            } else {
                (before.ends_with(';') || new_clause).then(|| f.start + before.len() - 1)
            };
            if let Some(end) = cut {
                let (n, caps) = self.measure(f.start, end);
                if n >= 4 {
                    f.end = end;
                    f.words = n;
                    f.all_capitalised = caps;
                }
                return;
            }
        }
    }

    /// A reported content that ends just inside a quotation it opened ("could lead to a
    /// “complete breakdown in ties.|”") takes the closing mark too: the marks stay
    /// paired. Only punctuation may lie between the end and the mark.
    fn close_quotation(&self, f: &mut Found) {
        let first = self.opens.partition_point(|&o| o < f.start);
        let last = self.opens.partition_point(|&o| o < f.end);
        let Some(span) = self.spans[first..last].last() else {
            return;
        };
        let tail = self.body.get(f.end..span.close).unwrap_or_default();
        if span.close > f.end
            && !span.runs_on
            && tail.len() <= 4
            && tail
                .chars()
                .all(|c| !c.is_alphanumeric() && !c.is_whitespace())
        {
            f.end = span.close;
        }
    }

    /// The holder of an office named by a possessive ("Nato’s secretary-general", "the
    /// board's chairman"): the end of the phrase from a name ending at `from` through
    /// "'s" and one to three lower-case words, the last a noun of a person's office
    /// ([`DESCRIPTIONS`], [`PERSON_TITLES`]); `None` for anything else.
    fn office_after(&self, from: usize, to: usize) -> Option<usize> {
        let gap = self.masked.get(from..to)?;
        let rest = gap
            .strip_prefix("\u{2019}s ")
            .or_else(|| gap.strip_prefix("'s "))?;
        let base = to - rest.len();
        let mut end = None;
        let mut at = 0;
        for word in rest.split([' ', '-']).take(3) {
            if word.is_empty() || !word.chars().all(|c| c.is_ascii_lowercase()) {
                break;
            }
            if DESCRIPTIONS.iter().any(|&(d, _)| d == word) || PERSON_TITLES.contains(&word) {
                end = Some(base + at + word.len());
            }
            at += word.len() + 1;
        }
        end
    }

    fn measure(&self, start: usize, end: usize) -> (usize, bool) {
        let words: Vec<&str> = ::text::words(self.body.get(start..end).unwrap_or_default())
            .map(|(_, w)| w)
            .collect();
        let caps = words
            .iter()
            .filter(|w| w.chars().any(char::is_alphabetic) && w.len() > 3)
            .all(|w| starts_with_upper(w));
        (words.len(), caps)
    }
}

/// Whether the words after a comma and a conjunction open an attribution of their own:
/// a reporting verb in the past within their first five words ("…, and rights groups
/// warned that …"). A clause of another subject without one ("…, but the water had
/// found its way") may be the speaker's as well and stays.
/// Whether `text` opens with a run of capitalised words ("Kyrsten Sinema", "Sen. Tom
/// Reyes") followed by a comma.
fn name_then_comma(text: &str) -> bool {
    let mut rest = text;
    loop {
        let word = rest
            .find(|c: char| !(c.is_alphanumeric() || matches!(c, '.' | '-' | '\'' | '\u{2019}')))
            .unwrap_or(rest.len());
        rest = &rest[word..];
        match rest.strip_prefix(' ') {
            Some(next) if next.starts_with(char::is_uppercase) => rest = next,
            _ => return rest.starts_with(','),
        }
    }
}

fn opens_own_clause(next: &[(usize, &str)]) -> bool {
    next.iter()
        .take(5)
        .skip(1)
        .any(|&(_, w)| past_speech_verb(&w.to_lowercase()))
}

/// A verb of saying or naming in the simple past or past participle ("warned", "said",
/// "called"): a reporting verb form that is neither its base, nor a third-person "-s",
/// nor an "-ing" form.
fn past_speech_verb(word: &str) -> bool {
    verbs::lookup(word).is_some_and(|(_, lemma)| {
        word != lemma && !word.ends_with("ing") && (!word.ends_with('s') || word.ends_with("ss"))
    })
}

/// How many mentions of people, back from a pronoun or a description, are weighed as
/// what it refers to: a cap that keeps resolution linear in a body of very many names.
/// News articles hold far fewer mentions of people than this.
const MAX_PEOPLE_BACK: usize = 100;

/// How many entity mentions of any kind, back from a pronoun or a description, are
/// looked through for those people: the same cap for a body with few people among very
/// many other names.
const MAX_MENTIONS_BACK: usize = 1000;

/// True when two lower-case words share their first five letters, or are equal
/// ("democrat" / "democratic").
fn same_stem(a: &str, b: &str) -> bool {
    let long = |w: &str| w.chars().nth(4).is_some();
    a == b || (long(a) && long(b) && a.chars().take(5).eq(b.chars().take(5)))
}

/// The largest char boundary of `s` at or before `at`.
fn floor_char(s: &str, at: usize) -> usize {
    (0..=at.min(s.len()))
        .rev()
        .find(|&i| s.is_char_boundary(i))
        .unwrap_or(0)
}

/// Words that give a person the role a description names: the noun itself and the
/// titles written before a name ("Gov." for "the governor").
fn description_titles(noun: &str) -> Vec<&str> {
    let mut out = vec![noun];
    out.extend_from_slice(match noun {
        "governor" => &["gov"],
        "senator" => &["sen"],
        "congressman" | "congresswoman" => &["rep", "representative"],
        "general" => &["gen"],
        "president" => &["pres"],
        "secretary" => &["sec"],
        "businessman" | "businesswoman" => &["billionaire", "developer", "mogul", "tycoon"],
        _ => &[],
    });
    out
}

/// True for an adverb in "-ly" ("implicitly").
fn lower_is_adverb(w: &str) -> bool {
    w.len() > 4 && w.ends_with("ly") && w.chars().all(|c| c.is_ascii_lowercase())
}

/// True for a word that marks a clause's verb: an auxiliary or a subject pronoun.
fn is_clause_marker(word: &str) -> bool {
    let w = lowercase(word);
    SUBJECT_OPENERS.contains(&w.as_ref())
        || matches!(
            w.as_ref(),
            "is" | "are"
                | "was"
                | "were"
                | "will"
                | "would"
                | "can"
                | "could"
                | "should"
                | "has"
                | "have"
                | "had"
                | "may"
                | "might"
                | "must"
                | "that"
        )
}

/// A clause opened by a bare group noun ("Police say", "Other leaders said") names that
/// group as the source; an article before it ("the officials") is a description, not a
/// name, and is left to the pronoun rules.
fn group_source(before: &[(usize, &str)]) -> Subject {
    match before {
        [(_, noun)] | [_, (_, noun)] | [_, _, (_, noun)]
            if starts_with_upper(before[0].1)
                && (GROUP_SOURCES.contains(&noun.to_lowercase().as_str())
                    || plural_head(before))
                && !matches!(before[0].1, "The" | "A" | "An" | "These" | "Those" | "Some") =>
        {
            let words: Vec<&str> = before.iter().map(|&(_, w)| w).collect();
            Subject::Named(words.join(" "))
        }
        _ => Subject::None,
    }
}

/// Whether a phrase of one to three words is a group named by a plural common noun
/// ("Opponents", "Anti-TPP activists", "Protest groups"): every word a noun-like word,
/// the last in lower case (or the only one) ending in "s", and no time, thing said or
/// verb form ("Years", "Things", "Says").
fn plural_head(phrase: &[(usize, &str)]) -> bool {
    let Some(&(_, last)) = phrase.last() else {
        return false;
    };
    let head = lowercase(last);
    let lower_head = phrase.len() == 1 || last.chars().all(|c| c.is_ascii_lowercase());
    let nounish = |w: &str| {
        let w = lowercase(w);
        w.chars().all(|c| c.is_alphabetic() || c == '-')
            && !::text::is_stopword(&w)
            && verbs::lookup(&w).is_none()
            && !past_form(&w)
    };
    lower_head
        && head.len() > 3
        && head.ends_with('s')
        && !head.ends_with("ss")
        && !NOT_NOMINAL_HEADS.contains(&head.as_ref())
        && !NOT_SUBJECT_ENDS.contains(&head.as_ref())
        && phrase.iter().all(|&(_, w)| nounish(w))
}

/// Attributes the direct quote `k` inside the sentence `s..e`, whose cues are `cues`.
fn direct(ctx: &Context, k: usize, (s, e): (usize, usize), cues: &[Cue]) -> Found {
    let span = &ctx.spans[k];
    let (words, all_capitalised) = ctx.measure(span.start, span.end);
    // The last paragraph break before the quote: a paragraph holds none, so it starts
    // one or two bytes before the quote's paragraph (or there is none).
    let base = ctx
        .paragraphs
        .get(span.paragraph)
        .map_or(span.open, |&(base, _)| base.min(span.open));
    let bytes = ctx.body.as_bytes();
    let break_at = |p: usize| p + 2 <= span.open && bytes.get(p..p + 2) == Some(b"\n\n");
    let para_start = [base.checked_sub(1), base.checked_sub(2)]
        .into_iter()
        .flatten()
        .find(|&p| break_at(p))
        .map_or(0, |p| p + 2);
    let mut found = Found {
        start: span.start,
        end: span.end,
        kind: QuoteKind::Direct,
        cue: None,
        cue_class: None,
        subject: Subject::None,
        paragraph: span.paragraph,
        opens_paragraph: ctx.body[para_start..span.open].trim().is_empty(),
        continued: span.continued,
        words,
        all_capitalised,
        origin: Origin::Marks,
        cue_at: None,
    };
    let distance = |c: &Cue| {
        if c.start >= span.close {
            (c.start - span.close, 0)
        } else {
            (span.open.saturating_sub(c.end), 1)
        }
    };
    // "“…” — Name": a dash after the quote introduces its source.
    if let Some(rest) = ctx.masked.get(span.close..e) {
        let trimmed = rest.trim_start();
        if trimmed.starts_with(['\u{2015}', '\u{2014}', '\u{2013}', '-']) {
            let dash = span.close + (rest.len() - trimmed.len());
            let name_from = dash + trimmed.chars().next().map_or(1, char::len_utf8);
            let first = ctx
                .entities_in(name_from, name_from + 2)
                .iter()
                .find(|x| x.start >= name_from && x.start <= name_from + 2);
            if let Some(x) =
                first.filter(|x| matches!(x.kind, EntityKind::Person | EntityKind::Organization))
            {
                found.subject = Subject::Named(x.name.clone());
                return found;
            }
        }
    }
    // "His response: “…”": a possessive pronoun and a noun of saying before a colon
    // label the quotation; the one the pronoun stands for speaks (resolved as a "he"
    // would be), not whoever spoke or asked in the sentence before.
    if let Some((subject, noun_at, noun_end)) = pronoun_label(ctx, s, span.open) {
        found.cue = Some(ctx.body[noun_at..noun_end].to_string());
        found.cue_at = Some(noun_at);
        found.cue_class = Some(VerbClass::Speech);
        found.subject = subject;
        return found;
    }
    let mut cues = cues.to_vec();
    cues.sort_by_key(|c| (c.class != VerbClass::Speech, distance(c)));
    let mut fallback: Option<&Cue> = None;
    for cue in &cues {
        // The clause of a cue stops at other quotations.
        let left_from = ctx
            .closes
            .partition_point(|&c| c <= cue.start)
            .checked_sub(1)
            .map(|k| ctx.closes[k])
            .filter(|&c| c > s)
            .unwrap_or(s);
        let right_to = ctx
            .opens
            .get(ctx.opens.partition_point(|&o| o < cue.end))
            .copied()
            .filter(|&o| o < e)
            .unwrap_or(e);
        // A participle after a comma ("…, while admitting that …") has the subject of
        // the sentence it hangs on, not the nearest name before it ("U.S. troops").
        let verb = ctx.body.get(cue.start..cue.end).unwrap_or_default();
        let hanging = verb.ends_with("ing")
            && !cue.according
            && ctx
                .masked
                .get(s..cue.start)
                .is_some_and(|t| t.contains(','));
        // Its clause's subject or nobody: a name nearer the participle is an object
        // ("a court ordered Vermont to reopen the clinics, calling …").
        let subject = if hanging {
            ctx.clause_subject(s, cue.start)
        } else {
            ctx.subject_of(cue, left_from, right_to)
        };
        if subject != Subject::None {
            found.cue = Some(ctx.body[cue.start..cue.end].to_string());
            found.cue_at = Some(cue.start);
            found.cue_class = Some(cue.class);
            found.subject = subject;
            return found;
        }
        fallback = fallback.or(Some(cue));
    }
    if let Some(cue) = fallback {
        found.cue = Some(ctx.body[cue.start..cue.end].to_string());
        found.cue_at = Some(cue.start);
        found.cue_class = Some(cue.class);
    }
    found.subject = possessor_of_words(ctx, s, span.open)
        .unwrap_or_else(|| introducer(ctx, para_start, span.open, s));
    found
}

/// Of subject candidates (offset, rank, subject), the one of best rank nearest the end
/// (`last`) or the start of their region.
fn nearest_subject(candidates: &[(usize, u8, Subject)], last: bool) -> Option<(usize, Subject)> {
    let best_rank = candidates.iter().map(|c| c.1).min()?;
    let pick = candidates.iter().filter(|c| c.1 == best_rank);
    let chosen = if last {
        pick.max_by_key(|c| c.0)
    } else {
        pick.min_by_key(|c| c.0)
    };
    chosen.map(|(at, _, s)| (*at, s.clone()))
}

/// A sentence opening "His response:", "Her reply:" or "Their answer:" right before
/// the quotation at `open`: the pronoun as the subject, and where its noun of saying
/// starts and ends.
fn pronoun_label(ctx: &Context, s: usize, open: usize) -> Option<(Subject, usize, usize)> {
    let words = ctx.words(s, open);
    let [(pronoun_at, pronoun), (noun_at, noun)] = words[..] else {
        return None;
    };
    let noun_end = noun_at + noun.len();
    if ctx.masked.get(noun_end..open)?.trim() != ":"
        || !SPEECH_NOUNS.contains(&noun.to_lowercase().as_str())
        || !ctx.masked.get(s..pronoun_at)?.trim().is_empty()
    {
        return None;
    }
    let subject = pronoun_subject(pronoun_at, &lowercase(pronoun), Case::Possessive)?;
    Some((subject, noun_at, noun_end))
}

/// The form of a third-person pronoun that points to a speaker.
#[derive(Clone, Copy, PartialEq)]
enum Case {
    /// "he said", "she said", "they said".
    Subject,
    /// "His response:", "Her reply:", "Their answer:".
    Possessive,
}

/// The anaphor a lower-cased third-person pronoun of `case` at `at` stands for, with
/// its gender and number; `None` for any other word.
fn pronoun_subject(at: usize, lower: &str, case: Case) -> Option<Subject> {
    let (gender, plural) = match (case, lower) {
        (Case::Subject, "he") | (Case::Possessive, "his") => (Some(Gender::Male), false),
        (Case::Subject, "she") | (Case::Possessive, "her") => (Some(Gender::Female), false),
        (Case::Subject, "they") | (Case::Possessive, "their") => (None, true),
        _ => return None,
    };
    Some(Subject::Anaphor {
        at,
        gender,
        plural,
        noun: None,
    })
}

/// The possessor of a noun of saying shortly before a quote ("X's claim that …“…”").
fn possessor_of_words(ctx: &Context, s: usize, open: usize) -> Option<Subject> {
    let words = ctx.words(s, open);
    let (k, _) = words
        .iter()
        .enumerate()
        .rev()
        .take(12)
        .find(|(_, &(_, w))| SPEECH_NOUNS.contains(&w.to_lowercase().as_str()))?;
    let noun_at = words[k].0;
    let floor = words[k.saturating_sub(3)].0;
    ctx.entities_in(floor, noun_at)
        .iter()
        .rev()
        .filter(|e| e.start >= floor && e.end <= noun_at && !ctx.in_quote(e.start))
        .filter(|e| matches!(e.kind, EntityKind::Person | EntityKind::Organization))
        .find(|e| {
            let rest = ctx.body.get(e.end..).unwrap_or_default();
            rest.starts_with("'s") || rest.starts_with("\u{2019}s")
        })
        .map(|e| Subject::Named(e.name.clone()))
}

/// The source of a quote no cue attributes: for a quote opening a paragraph after one
/// that ends with a colon ("The agency said in a statement:"), the subject of that
/// colon's sentence; for a quote inside a sentence ("Japan branded the North an “outlaw
/// nation”"), the subject that opens the sentence.
fn introducer(ctx: &Context, para_start: usize, open: usize, s: usize) -> Subject {
    let before = ctx.masked.get(..para_start).unwrap_or_default().trim_end();
    if ctx.masked[para_start..open].trim().is_empty() && before.ends_with(':') {
        let prev_start = before.rfind("\n\n").map_or(0, |p| p + 2);
        let Some(prev) = ctx.masked.get(prev_start..before.len()) else {
            return Subject::None;
        };
        let Some((ls, le)) = text::sentences(prev).last().copied() else {
            return Subject::None;
        };
        let (ls, le) = (prev_start + ls, prev_start + le);
        for cue in ctx.cues(ls, le) {
            let subject = ctx.subject_of(&cue, ls, le);
            if subject != Subject::None {
                return subject;
            }
        }
        return ctx
            .subject_in(ls, le, false, usize::MAX)
            .map_or(Subject::None, |(_, s)| s);
    }
    if ctx.words(s, open).is_empty() {
        return previous_sentence_source(ctx, para_start, s);
    }
    ctx.clause_subject(s, open)
}

/// For a quote that opens a sentence inside a paragraph ("X called him a master. “He
/// showed …”"), the subject of the reporting verb nearest the end of the sentence before.
/// Only when no quotation comes earlier in the paragraph: its speaker is the better guess.
fn previous_sentence_source(ctx: &Context, para_start: usize, s: usize) -> Subject {
    if ctx.opens.partition_point(|&o| o < para_start) < ctx.opens.partition_point(|&o| o < s) {
        return Subject::None;
    }
    let Some(before) = ctx.masked.get(para_start..s) else {
        return Subject::None;
    };
    let Some(&(ls, le)) = text::sentences(before).last() else {
        return Subject::None;
    };
    let (ls, le) = (para_start + ls, para_start + le);
    let mut cues = ctx.cues(ls, le);
    cues.sort_by_key(|c| std::cmp::Reverse(c.start));
    cues.iter()
        .map(|cue| ctx.subject_of(cue, ls, le))
        .find(|subject| *subject != Subject::None)
        .unwrap_or(Subject::None)
}

/// A paragraph of an interview transcript: "NAME: words", possibly in quotation marks.
#[derive(Debug)]
struct TranscriptLine {
    paragraph: usize,
    /// Byte range of the words after the label.
    start: usize,
    end: usize,
    speaker: String,
}

/// Transcript paragraphs of a body. A label in capitals ("WALLACE:") counts when at
/// least two paragraphs carry such labels; a label in title case counts when it names a
/// person of the article.
fn transcript_lines(
    paragraphs: &[(usize, &str)],
    entities: &[EntityMention],
) -> Vec<TranscriptLine> {
    let mut out = Vec::new();
    let mut capitals = 0;
    // The first person mention by its name and by its last word, in ASCII lower case, for
    // matching labels without a scan of every entity per paragraph.
    let mut by_name: BTreeMap<String, usize> = BTreeMap::new();
    let mut by_last: BTreeMap<String, usize> = BTreeMap::new();
    for (k, e) in entities.iter().enumerate() {
        if e.kind != EntityKind::Person {
            continue;
        }
        by_name.entry(e.name.to_ascii_lowercase()).or_insert(k);
        if let Some(last) = e.name.rsplit(' ').next() {
            by_last.entry(last.to_ascii_lowercase()).or_insert(k);
        }
    }
    for (index, &(base, para)) in paragraphs.iter().enumerate() {
        let lead = para.len()
            - para
                .trim_start_matches(['"', '\u{201C}', '\u{00AB}', ' '])
                .len();
        let rest = &para[lead..];
        let Some(colon) = rest.find(':').filter(|&c| c <= 40) else {
            continue;
        };
        let label = &rest[..colon];
        let label_words: Vec<&str> = label.split(' ').collect();
        let well_formed = (1..=3).contains(&label_words.len())
            && label_words.iter().all(|w| starts_with_upper(w))
            && label
                .chars()
                .all(|c| c.is_alphabetic() || " .'\u{2019}-".contains(c));
        let after = &rest[colon + 1..];
        if !well_formed || !after.starts_with([' ', '\u{00A0}']) {
            continue;
        }
        // Web furniture ("READ MORE:", "WATCH:") is not a speaker.
        let furniture = label_words.iter().any(|w| {
            let lower = w.trim_end_matches('.').to_lowercase();
            let title: String = lower
                .chars()
                .enumerate()
                .map(|(i, c)| if i == 0 { c.to_ascii_uppercase() } else { c })
                .collect();
            NOT_LABELS.contains(&lower.as_str())
                || lexicon::is_not_name(&title)
                || (label_words.len() == 1 && lexicon::is_starter(&lower))
        });
        if furniture {
            continue;
        }
        let all_caps = label.chars().filter(|c| c.is_alphabetic()).count() >= 2
            && !label.chars().any(char::is_lowercase);
        let last = label_words
            .last()
            .map_or("", |w| w.trim_end_matches('.'))
            .to_string();
        let first_named = by_name.get(&label.to_ascii_lowercase()).copied();
        let first_last = by_last.get(&last.to_ascii_lowercase()).copied();
        let person = first_named
            .into_iter()
            .chain(first_last)
            .min()
            .map(|k| &entities[k]);
        if !all_caps && person.is_none() {
            continue;
        }
        let title = |w: &str| -> String {
            let mut cs = w.chars();
            cs.next()
                .map(|f| {
                    f.to_uppercase()
                        .chain(cs.flat_map(char::to_lowercase))
                        .collect()
                })
                .unwrap_or_default()
        };
        let speaker = match person {
            Some(p) => p.name.clone(),
            None => label_words
                .iter()
                .map(|w| w.trim_end_matches('.'))
                .filter(|w| !HONORIFICS.contains(w))
                .map(title)
                .collect::<Vec<_>>()
                .join(" "),
        };
        if speaker.is_empty() || lexicon::known(&speaker).is_some() {
            continue;
        }
        let words_start = base + lead + colon + 1;
        let text = &para[lead + colon + 1..];
        let trimmed = text.trim_start();
        let start = words_start + (text.len() - trimmed.len());
        let mut body = trimmed.trim_end();
        if lead > 0 {
            body = body
                .strip_suffix(['"', '\u{201D}', '\u{00BB}'])
                .unwrap_or(body)
                .trim_end();
        }
        if ::text::words(body).count() < 3 {
            continue;
        }
        capitals += usize::from(all_caps && person.is_none());
        out.push((
            all_caps && person.is_none(),
            TranscriptLine {
                paragraph: index,
                start,
                end: start + body.len(),
                speaker,
            },
        ));
    }
    out.into_iter()
        .filter(|(caps_only, _)| !caps_only || capitals >= 2)
        .map(|(_, line)| line)
        .collect()
}

/// Reported speech in a sentence: its main attribution ([`indirect`]) and a clause
/// added by a participle after a comma ("X said A, adding that B"), which then ends
/// the main one.
fn reported(ctx: &Context, s: usize, e: usize, paragraph: usize) -> Vec<Found> {
    let mut out: Vec<Found> = indirect(ctx, s, e, paragraph).into_iter().collect();
    if let Some(second) = out.first_mut().and_then(|f| coordinated(ctx, f)) {
        out.push(second);
        return out;
    }
    let Some(sentence) = ctx.masked.get(s..e) else {
        return out;
    };
    let body_end = s + sentence
        .trim_end_matches(['.', '!', '?', '"', '\'', '\u{201D}', '\u{2019}'])
        .len();
    let words = ctx.words(s, e);
    let Some((k, comma)) = words.iter().enumerate().skip(2).find_map(|(k, &(at, w))| {
        let comma = ctx.masked[..at].trim_end().strip_suffix(',')?.len();
        (comma >= s && PARTICIPLES.contains(&w.to_lowercase().as_str())).then_some((k, comma))
    }) else {
        return out;
    };
    let (at, w) = words[k];
    let mut from = at + w.len();
    match words.get(k + 1) {
        Some(&(next, "that")) => from = next + 4,
        // "…, warning in sharp interviews about the dangers": a participle followed by a
        // preposition reports a clause only where a "that" opens it a few words on; a
        // topic ("warning about X") is not a statement.
        Some(&(_, n)) if PREPOSITIONS.contains(&lowercase(n).as_ref()) => {
            match words
                .iter()
                .skip(k + 2)
                .take(10)
                .find(|&&(_, w)| w == "that")
            {
                Some(&(that, _)) => from = that + 4,
                None => return out,
            }
        }
        _ => {}
    }
    // "Raised in Lisbon, speaking fluent Dutch, warning …, the mayor …": when the words
    // before the participle are a participle phrase themselves, the sentence's main
    // clause, and so its subject, comes after them; a name inside them is an object.
    let opens_with_participle = words.first().is_some_and(|&(first, w)| {
        let lower = lowercase(w);
        (lower.ends_with("ing") || lower.ends_with("ed"))
            && lower.len() > 4
            && !ctx
                .entities_in(first, first)
                .iter()
                .any(|e| e.start == first)
    });
    let main_subject = match out.first() {
        Some(f) if f.end > comma || f.start < comma => f.subject.clone(),
        _ if opens_with_participle => Subject::None,
        _ => ctx.clause_subject(s, comma),
    };
    if main_subject == Subject::None && out.is_empty() {
        return out;
    }
    let Some(text) = ctx.body.get(from..body_end) else {
        return out;
    };
    let lead = text.len() - text.trim_start().len();
    let (start, end) = (from + lead, body_end);
    let (n, caps) = ctx.measure(start, end);
    if n < 4 {
        return out;
    }
    if let Some(f) = out.first_mut() {
        if f.start < comma && f.end > comma {
            f.end = comma;
            let (n, caps) = ctx.measure(f.start, f.end);
            f.words = n;
            f.all_capitalised = caps;
        }
        if f.start >= comma {
            return out;
        }
    }
    out.push(Found::indirect(
        (start, end),
        (w, at),
        VerbClass::Speech,
        main_subject,
        paragraph,
        (n, caps),
        Origin::Added,
    ));
    out
}

/// Whether a reported statement already found holds the quotation at `span` whole and
/// starts no later than `from`: its words are read there.
fn in_clause(found: &[Found], span: &marks::Span, from: usize) -> bool {
    found.iter().any(|g| {
        g.kind == QuoteKind::Indirect && g.is_statement() && g.start <= from && span.close <= g.end
    })
}

/// "urged officials to act", "told him to leave": after a verb (its base form `lemma`)
/// that takes an addressee and what they are to do, a "to" among the first words after
/// it (before any auxiliary or subject pronoun) makes a call to act, not a clause of
/// saying. The rules and the tagger's attributions both pass this test.
fn calls_to_act(lemma: &str, after: &[(usize, &str)]) -> bool {
    ORDER_VERBS.contains(&lemma)
        && after
            .iter()
            .take(6)
            .take_while(|&&(_, w)| !is_clause_marker(w))
            .skip(1)
            .any(|&(_, w)| w == "to")
}

/// True when a verb of saying that takes an addressee (`verb`, as written) is followed by
/// a possessive (`next`): "warned his counterpart of …" has an object, not a clause.
fn addresses(verb: &str, next: &str) -> bool {
    let verb = verb.to_lowercase();
    verbs::lookup(&verb).is_some_and(|(_, lemma)| ADDRESSEE_VERBS.contains(&lemma))
        && matches!(
            next.to_lowercase().as_str(),
            "his" | "her" | "their" | "its" | "our" | "my" | "your"
        )
}

/// A second clause of saying coordinated inside a reported content ("X says A and said
/// B", "X said A, but he argued that B"): the first content ends before the conjunction
/// and the second, with the same source (or the pronoun that opens it), is returned.
fn coordinated(ctx: &Context, first: &mut Found) -> Option<Found> {
    let words = ctx.words(first.start, first.end);
    for (k, &(at, w)) in words.iter().enumerate().skip(3) {
        let lower = w.to_lowercase();
        let Some(lemma) = verbs::lookup(&lower).map(|(_, l)| l) else {
            continue;
        };
        let mut j = k;
        let pronoun = words
            .get(j.wrapping_sub(1))
            .filter(|&&(_, p)| COORDINATED_SUBJECTS.contains(&p.to_lowercase().as_str()));
        if pronoun.is_some() {
            j -= 1;
        }
        let (conj_at, conj) = *words.get(j.checked_sub(1)?)?;
        if !matches!(conj, "and" | "but") {
            continue;
        }
        let next = words.get(k + 1).map(|&(_, n)| n);
        let that = next == Some("that");
        if !(that || (verbs::introduces_clause(&lower) && verbs::takes_bare_clause(lemma)))
            || lower.ends_with("ing")
        {
            continue;
        }
        let from = if that {
            words.get(k + 1).map_or(at + w.len(), |&(o, _)| o + 4)
        } else {
            at + w.len()
        };
        // The addressee or a preposition after the verb ("and told reporters", "and
        // said of the plan") is not a clause.
        if !that
            && next.is_some_and(|n| {
                PREPOSITIONS.contains(&n.to_lowercase().as_str()) || lower == "told"
            })
        {
            continue;
        }
        let (n, caps) = ctx.measure(from, first.end);
        let text = ctx.body.get(first.start..conj_at)?;
        let cut = first.start
            + text
                .trim_end()
                .trim_end_matches([',', '-', '\u{2014}'])
                .trim_end()
                .len();
        let (m, caps_first) = ctx.measure(first.start, cut);
        if n < 4 || m < 4 {
            return None;
        }
        let lead = ctx.body.get(from..first.end)?;
        let start = from + (lead.len() - lead.trim_start().len());
        let subject = match pronoun {
            Some(&(p_at, p)) => match ctx.clause_subject(p_at, p_at + p.len()) {
                Subject::None => first.subject.clone(),
                found => found,
            },
            None => first.subject.clone(),
        };
        let second = Found::indirect(
            (start, first.end),
            (w, at),
            VerbClass::Speech,
            subject,
            first.paragraph,
            (n, caps),
            Origin::Added,
        );
        first.end = cut;
        first.words = m;
        first.all_capitalised = caps_first;
        return Some(second);
    }
    None
}

/// Finds reported speech in a sentence without quotation marks.
fn indirect(ctx: &Context, s: usize, e: usize, paragraph: usize) -> Option<Found> {
    let sentence = ctx.masked.get(s..e)?;
    let body_end = s + sentence
        .trim_end_matches(['.', '!', '?', '"', '\'', '\u{201D}', '\u{2019}'])
        .len();
    let words = ctx.words(s, e);
    if words.len() < 6 {
        return None;
    }
    let make = |start: usize, end: usize, cue: &Cue, subject: Subject, origin: Origin| {
        let text = ctx.body.get(start..end)?;
        let lead = text.len() - text.trim_start().len();
        let trimmed = text.trim().trim_end_matches(',').trim_end();
        let (start, end) = (start + lead, start + lead + trimmed.len());
        let (n, caps) = ctx.measure(start, end);
        (n >= 4).then(|| {
            Found::indirect(
                (start, end),
                (&ctx.body[cue.start..cue.end], cue.start),
                cue.class,
                subject,
                paragraph,
                (n, caps),
                origin,
            )
        })
    };
    // The sentence's reporting verbs, read once: the clause rules below keep those
    // that introduce a clause, the stance rule at the end takes them all.
    let all_cues = ctx.cues(s, e);
    let mut cues: Vec<Cue> = all_cues
        .iter()
        .filter(|c| {
            c.according || {
                let w = ctx.body[c.start..c.end].to_lowercase();
                verbs::introduces_clause(&w) && !w.ends_with("ing")
            }
        })
        .cloned()
        .collect();
    // Verbs of thought and finding report a clause when "that" follows them.
    for (k, &(at, w)) in words.iter().enumerate() {
        let lower = lowercase(w);
        let next = words.get(k + 1).map(|&(_, n)| lowercase(n));
        let introduces = match next.as_deref() {
            // Any reporting verb, and any past form ("contended", "emphasized",
            // "convinced"), reports the clause an explicit "that" opens.
            Some("that") => {
                THAT_VERBS.contains(&lower.as_ref())
                    || verbs::lookup(&lower).is_some_and(|_| !lower.ends_with("ing"))
                    || past_form(&lower)
            }
            Some("whether" | "if") => WHETHER_VERBS.contains(&lower.as_ref()),
            _ => false,
        };
        if introduces && !cues.iter().any(|c| c.start == at) {
            cues.push(Cue {
                start: at,
                end: at + w.len(),
                class: VerbClass::Speech,
                according: false,
            });
        }
    }
    cues.sort_by_key(|c| c.start);
    // "<clause>, X said" and "<clause>, according to X".
    let commas: Vec<usize> = sentence.match_indices(',').map(|(i, _)| s + i).collect();
    for (n, &comma) in commas.iter().enumerate() {
        let seg_end = commas.get(n + 1).copied().unwrap_or(body_end);
        let seg_words = ctx.words(comma, seg_end).len();
        // "…, according to a new Washington Post-ABC News national poll.": a source
        // after "according to" may be long.
        let according_first = cues
            .iter()
            .any(|c| c.according && c.start > comma && ctx.words(comma, c.start).is_empty());
        // A segment ending the sentence may carry a long name and an addressee ("…, Sen.
        // Lindsey Graham (R-S.C.) told The Huffington Post on Thursday."); the tail
        // rule below still keeps out clauses of their own.
        let limit = if according_first {
            16
        } else if seg_end == body_end {
            12
        } else {
            7
        };
        if seg_words > limit {
            continue;
        }
        for cue in cues.iter().filter(|c| c.start > comma && c.end <= seg_end) {
            let subject = ctx.subject_of(cue, comma + 1, seg_end);
            let trailing = ctx.words(cue.end, seg_end).len();
            // "…, officials said.": a short description at the end leaves the speaker
            // open; so does a common noun after "according to" ("…, according to the
            // poll").
            // A cue with a long tail opens a clause of its own ("In Geneva, Ryabkov said
            // the talks were hard"): that is not the "<clause>, X said" shape.
            let subject_first = !ctx.words(comma, cue.start).is_empty();
            let described =
                (subject_first && seg_end == body_end && seg_words <= 5 && !cue.according)
                    || (cue.according && trailing > 0);
            // A cue opening its segment takes its subject right after it ("…, said
            // Ryabkov"); "…, Ryabkov, an aide, said of the plan" names no one after it.
            let inverted_off = !subject_first
                && !cue.according
                && ctx
                    .words(cue.end, seg_end)
                    .first()
                    .is_some_and(|&(_, w)| PREPOSITIONS.contains(&w.to_lowercase().as_str()));
            // "…, said he would welcome Cruz": a subject pronoun after the verb is the
            // subject of its clause, not an inverted source ("said he" is not news
            // English); the clause rule reads it.
            let pronoun_clause = !subject_first
                && !cue.according
                && ctx.words(cue.end, seg_end).first().is_some_and(|&(_, w)| {
                    let w = lowercase(w);
                    COORDINATED_SUBJECTS.contains(&w.as_ref()) || matches!(w.as_ref(), "it" | "we")
                });
            if inverted_off || pronoun_clause {
                continue;
            }
            let told = ctx.body[cue.start..cue.end].eq_ignore_ascii_case("told");
            if subject_first && !cue.according && trailing > if told { 6 } else { 3 } {
                continue;
            }
            // "In a statement Friday, Trump said: “…”", "In an essay, she acknowledged
            // their battle": a verb that its own quotation or object follows leaves the
            // words before the comma an adverbial, not what was said.
            if subject_first && !cue.according && ctx.has_own_object(cue.end, seg_end, told) {
                continue;
            }
            if subject != Subject::None || described {
                // "<A>, he said, <B>": a cue inside the sentence reports all of it.
                // "…, said X, a lawyer who …": after an inverted source, a segment
                // opening with an article or a relative pronoun describes the source.
                // "<A>, according to X, <B>" keeps to A: what follows the source may
                // be its description ("…, according to Ann Berg, head of …") as well as
                // the rest of the clause, and a content holding its own source misleads.
                let inner = seg_end != body_end
                    && !cue.according
                    && ctx.words(seg_end, body_end).first().is_some_and(|&(_, w)| {
                        !w.ends_with("ing")
                            && (subject_first
                                || !(APPOSITION_OPENERS.contains(&w)
                                    || w.starts_with(|c: char| c.is_ascii_digit())))
                    });
                let end = if inner { body_end } else { comma };
                let origin = if cue.according {
                    Origin::According
                } else {
                    Origin::Tail
                };
                if let Some(f) = make(s, end, cue, subject, origin) {
                    return Some(f);
                }
            }
        }
    }
    // "According to X, <clause>".
    if let (Some(cue), Some(&comma)) = (cues.first(), commas.first()) {
        if cue.according && cue.start == words[0].0 {
            let subject = ctx.subject_of(cue, s, comma);
            let named = (1..=8).contains(&ctx.words(cue.end, comma).len());
            if subject != Subject::None || named {
                return make(comma + 1, body_end, cue, subject, Origin::According);
            }
        }
    }
    // "X said (that) <clause>". Verbs of saying are read first: one found quote a
    // sentence, and only statements are kept, so "Leenders, who estimated that …, said
    // he voted …" reports what "said" does, not the stance of "estimated".
    let statement_first = cues
        .iter()
        .filter(|c| is_statement_cue_at(ctx, c))
        .chain(cues.iter().filter(|c| !is_statement_cue_at(ctx, c)));
    for cue in statement_first.filter(|c| !c.according && c.start > s) {
        // "X called on Y to act and said …": a verb after "and" shares the subject that
        // opens the sentence.
        let conjoined = ctx
            .words(s, cue.start)
            .last()
            .filter(|&&(_, w)| w == "and" || w == "but")
            .map(|&(at, _)| ctx.clause_subject(s, at))
            .filter(|subject| *subject != Subject::None);
        let (at, subject) = match conjoined
            .map(|sub| (cue.start, sub))
            .or_else(|| ctx.subject_before(s, cue.start))
        {
            Some(found) => found,
            None => {
                // "Officials said that …": a description leaves the speaker open, but
                // only an explicit "that" makes the clause reported speech.
                // After an opening phrase and a comma ("Though …, experts say"), the
                // words after the last comma are the subject.
                let clause_from = ctx.masked[s..cue.start].rfind(',').map_or(s, |c| s + c + 1);
                let lead = ctx.words(clause_from, cue.start);
                let after_comma = clause_from > s;
                let that_follows = ctx
                    .words(cue.end, body_end)
                    .first()
                    .is_some_and(|&(_, w)| w == "that");
                let subject_like = lead.last().is_some_and(|&(_, w)| {
                    let w = w.to_lowercase();
                    !PREPOSITIONS.contains(&w.as_str()) && !NOT_SUBJECT_ENDS.contains(&w.as_str())
                });
                // A short noun phrase opening the sentence ("The campaign says", "Many
                // lawmakers say") may report a bare clause after a core verb of saying.
                let lemma = verbs::lookup(&ctx.body[cue.start..cue.end].to_lowercase())
                    .map_or("", |(_, l)| l);
                let opening = lead
                    .first()
                    .is_some_and(|&(at, w)| at == words[0].0 && starts_with_upper(w))
                    && lead.last().is_some_and(|&(_, w)| {
                        (!w.ends_with("ly") && !starts_with_upper(w)) || lead.len() == 1
                    });
                // After a comma only a plural common noun heads it ("experts",
                // "many analysts").
                let plural = after_comma
                    && lead.last().is_some_and(|&(_, w)| {
                        w.len() > 3
                            && w.ends_with('s')
                            && !w.ends_with("ss")
                            && w.chars().all(|c| c.is_ascii_lowercase())
                    });
                let noun_phrase =
                    lead.len() <= 5 && (opening || plural) && verbs::takes_bare_clause(lemma);
                if lead.is_empty()
                    || lead.len() > 6
                    || !(that_follows || noun_phrase)
                    || !subject_like
                {
                    continue;
                }
                // A group ("Opponents say", "Protest groups said") or a description
                // ("Several observers said") speaks as written.
                let subject = match group_source(&lead) {
                    Subject::None => ctx.nominal_source(&lead),
                    named => named,
                };
                (lead[0].0, subject)
            }
        };
        // "what Trump says his plan would do": the verb sits in a free relative, and
        // its object is the "what".
        // "Lee was told that …": a verb of saying in the passive has its addressee for a
        // subject, not its speaker.
        if free_relative(ctx, s, at) || ctx.passive_before(s, cue.start) {
            continue;
        }
        // The subject must be close to its verb: a few words, or an apposition.
        let gap = ctx.words(at, cue.start).len();
        let between = &ctx.masked[at..cue.start];
        if gap > 6 && !between.trim_end().ends_with(',') {
            continue;
        }
        let after = ctx.words(cue.end, body_end);
        let mut from = cue.end;
        let lemma =
            verbs::lookup(&ctx.body[cue.start..cue.end].to_lowercase()).map_or("", |(_, l)| l);
        // A prepositional phrase may come between the verb and "that" ("said in one of
        // a series of messages that").
        // So may an addressee ("told one of his aides on a regular basis that").
        let told = ctx.body[cue.start..cue.end].eq_ignore_ascii_case("told");
        let reach = if told
            || after
                .first()
                .is_some_and(|&(_, w)| PREPOSITIONS.contains(&lowercase(w).as_ref()))
        {
            12
        } else {
            5
        };
        if let Some(k) = after.iter().take(reach).position(|&(_, w)| w == "that") {
            from = after[k].0 + 4;
        } else if !verbs::takes_bare_clause(lemma) {
            continue;
        } else if let Some(&(_, first)) = after.first() {
            // A gerund opening a clause whose verb follows ("said having Putin treat
            // him with respect is a positive development") is its subject.
            let gerund_subject = {
                let w = first.to_lowercase();
                w.len() > 5
                    && w.ends_with("ing")
                    && !w.ends_with("thing")
                    && !BAD_OPENERS.contains(&w.as_str())
                    && after.iter().skip(2).take(8).any(|&(_, v)| {
                        let v = v.to_lowercase();
                        AUXILIARIES.contains(&v.as_str()) || past_form(&v)
                    })
            };
            if PREPOSITIONS.contains(&first.to_lowercase().as_str())
                || (confidence::opens_no_clause(&first.to_lowercase()) && !gerund_subject)
            {
                continue;
            }
            // "“…,” Jones said as she left": the verb reports the quotation before its
            // subject; what follows it is the narrator's.
            let quoted_before = ctx
                .quoted
                .iter()
                .any(|&(open, close)| open >= s && close <= at && ctx.words(close, at).len() <= 1);
            if quoted_before {
                continue;
            }
            // "warned his counterpart of …", "assured their allies": a verb that takes
            // an addressee, followed by a possessive, has an object, not a clause.
            if addresses(&ctx.body[cue.start..cue.end], first) {
                continue;
            }
            if calls_to_act(lemma, &after) {
                continue;
            }
            // "said his piece, he …", "added a note of caution, should …": a noun phrase
            // up to a comma is the verb's object; what follows the comma is not its clause.
            if NOMINAL_DETERMINERS.contains(&lowercase(first).as_ref()) {
                let comma = ctx.masked[cue.end..body_end].find(',').map(|c| cue.end + c);
                let marker = after
                    .iter()
                    .skip(1)
                    .find(|&&(_, w)| is_clause_marker(w))
                    .map(|&(at, _)| at);
                // Only when a new clause or a participle follows the comma: "said the
                // plan, which …, is dead" keeps its clause.
                let next_opens = |c: usize| {
                    ctx.words(c, body_end).first().is_some_and(|&(_, w)| {
                        let w = lowercase(w);
                        is_clause_marker(&w) && w != "that" || w.ends_with("ing")
                    })
                };
                if comma.is_some_and(|c| marker.is_none_or(|m| c < m) && next_opens(c)) {
                    continue;
                }
            }
            if told {
                // Skip the addressee: one name and words like "reporters".
                let mut k = 0;
                if let Some(e) = ctx
                    .entities_in(after[0].0, after[0].0)
                    .iter()
                    .find(|e| e.start == after[0].0)
                {
                    k = after.iter().take_while(|&&(o, _)| o < e.end).count();
                }
                while after
                    .get(k)
                    .is_some_and(|&(_, w)| ADDRESSEES.contains(&w.to_lowercase().as_str()))
                {
                    k += 1;
                }
                // "told reporters outside the offices" reports no clause.
                if after.get(k).is_some_and(|&(_, w)| {
                    let w = lowercase(w);
                    PREPOSITIONS.contains(&w.as_ref()) || PLACE_WORDS.contains(&w.as_ref())
                }) {
                    continue;
                }
                // "told Americans this weekend he would …": the clause opens at its subject.
                if let Some(j) = (k..after.len().min(k + 6))
                    .find(|&j| SUBJECT_OPENERS.contains(&lowercase(after[j].1).as_ref()))
                {
                    k = j;
                }
                from = after.get(k).map_or(body_end, |&(o, _)| o);
            }
        }
        if ctx.masked[cue.end..from].contains(',') && !ctx.masked[cue.end..from].contains("that") {
            continue;
        }
        if let Some(f) = make(from, body_end, cue, subject, Origin::Clause) {
            return Some(f);
        }
    }
    if let Some(f) = evidence(ctx, &words, s, body_end, paragraph) {
        return Some(f);
    }
    // "Clinton blasted him for not paying taxes", "Trump cited the polls", "he called it
    // a disgrace": another verb of saying or naming right after a named source, a pronoun
    // or a description ("the senator") reports what its object says, up to the end of the clause.
    let mut stances = all_cues;
    for &(at, w) in &words {
        let learnt = learned::is_cue(w);
        if (ATTITUDE_VERBS.contains(&w) || learnt) && !stances.iter().any(|c| c.start == at) {
            stances.push(Cue {
                start: at,
                end: at + w.len(),
                class: VerbClass::Speech,
                according: false,
            });
        }
    }
    stances.sort_by_key(|c| c.start);
    for cue in stances.iter().filter(|c| !c.according && c.start > s) {
        let verb = ctx.body[cue.start..cue.end].to_lowercase();
        // The object of "told" is its addressee, not what was said.
        if verb.ends_with("ing") || matches!(verb.as_str(), "tell" | "tells" | "told") {
            continue;
        }
        // "over the proposed quay": after a determiner the form describes a noun; no
        // one proposes anything.
        if ctx
            .words(s, cue.start)
            .last()
            .is_some_and(|&(_, w)| NOMINAL_DETERMINERS.contains(&lowercase(w).as_ref()))
        {
            continue;
        }
        let Some((at, subject)) = ctx.subject_before(s, cue.start) else {
            continue;
        };
        let source = matches!(subject, Subject::Named(_) | Subject::Anaphor { .. });
        // "Lee was asked a question about …": the one asked is not the one who speaks.
        if !source
            || ctx.words(at, cue.start).len() > 4
            || free_relative(ctx, s, at)
            || ctx.passive_before(s, cue.start)
        {
            continue;
        }
        let after = ctx.words(cue.end, body_end);
        let Some(&(first, w)) = after.first() else {
            continue;
        };
        if addresses(&verb, w) {
            continue;
        }
        // A verb that reports a clause ("said", "insisted") reports none as an object
        // ("said several months later", "insisted, most recently in an interview"): the
        // clause rule above has read what it reports.
        if verbs::introduces_clause(&verb) {
            continue;
        }
        // A verb of naming attributes words only about someone or something named ("called
        // him a liar"), not an act ("called the strike").
        let named_object = starts_with_upper(w)
            || matches!(
                w.to_lowercase().as_str(),
                "him" | "her" | "it" | "them" | "me" | "us" | "this" | "for"
            );
        if cue.class == VerbClass::Naming && !named_object {
            continue;
        }
        // "asked for an inquiry", "pleaded for calm": a verb of saying with "for" asks
        // for something, a call to act, not a statement ("called for" is a position).
        if w.eq_ignore_ascii_case("for") && confidence::is_statement_cue(&verb) {
            continue;
        }
        // "called for", and "to" after a verb of intent ("wants to"), open the content.
        let intent = w == "to" && ATTITUDE_VERBS.contains(&verb.as_str());
        if PREPOSITIONS.contains(&w.to_lowercase().as_str()) && w != "for" && !intent {
            continue;
        }
        let end = ctx.masked[first..body_end]
            .find([',', ';'])
            .map_or(body_end, |c| first + c);
        if let Some(f) = make(first, end, cue, subject, Origin::Stance) {
            return Some(f);
        }
    }
    None
}

/// Whether a cue reports speech or writing ([`confidence::is_statement_cue`]).
fn is_statement_cue_at(ctx: &Context<'_>, cue: &Cue) -> bool {
    confidence::is_statement_cue(&ctx.body[cue.start..cue.end])
}

/// Whether the subject at `at` (in the sentence from `s`) follows "what" or "whatever":
/// its verb then sits in a free relative ("what Trump says his plan would do"), whose
/// object is the "what", not the words after the verb.
fn free_relative(ctx: &Context<'_>, s: usize, at: usize) -> bool {
    // A capitalised title may stand between ("what Mayor Callan says").
    let before = ctx.words(s, at);
    let what = |w: &str| w.eq_ignore_ascii_case("what") || w.eq_ignore_ascii_case("whatever");
    match before.as_slice() {
        [.., (_, w)] if what(w) => true,
        [.., (_, w), (_, t)] => what(w) && starts_with_upper(t),
        _ => false,
    }
}

/// "A new poll shows Trump far ahead", "Records show (that) he gave nothing": a poll,
/// record or study right before a verb of showing reports the clause after it, up to
/// the end of the sentence. The source is the organisation named in the phrase, if any.
fn evidence(
    ctx: &Context,
    words: &[(usize, &str)],
    s: usize,
    body_end: usize,
    paragraph: usize,
) -> Option<Found> {
    let k = words
        .iter()
        .position(|&(_, w)| EVIDENCE_VERBS.contains(&w))
        .filter(|&k| k > 0)?;
    // The noun heads the phrase before the verb, or ends within three words of it
    // ("A poll last week found"); the phrase opens the sentence or follows a comma.
    let noun = (k.saturating_sub(4)..k)
        .rev()
        .find(|&j| EVIDENCE_NOUNS.contains(&lowercase(words[j].1).as_ref()))?;
    let (verb_at, verb) = words[k];
    if ctx.masked[words[noun].0..verb_at].contains([',', ';']) {
        return None;
    }
    let phrase_from = ctx.masked[s..words[noun].0]
        .rfind(',')
        .map_or(s, |c| s + c + 1);
    if ctx.words(phrase_from, words[noun].0).len() > 8 {
        return None;
    }
    let mut from = verb_at + verb.len();
    if words.get(k + 1).is_some_and(|&(_, w)| w == "that") {
        from = words[k + 1].0 + 4;
    }
    let rest = ctx.masked.get(from..body_end)?;
    let end = rest.find(';').map_or(body_end, |c| from + c);
    let text = ctx.body.get(from..end)?;
    let lead = text.len() - text.trim_start().len();
    let trimmed = text.trim().trim_end_matches(',').trim_end();
    let (start, end) = (from + lead, from + lead + trimmed.len());
    let (n, caps) = ctx.measure(start, end);
    if n < 4 {
        return None;
    }
    let subject = ctx
        .entities_in(phrase_from, verb_at)
        .iter()
        .find(|e| e.start >= phrase_from && e.end <= verb_at && e.kind == EntityKind::Organization)
        .map_or(Subject::None, |e| Subject::Named(e.name.clone()));
    Some(Found::indirect(
        (start, end),
        (verb, verb_at),
        VerbClass::Speech,
        subject,
        paragraph,
        (n, caps),
        Origin::Evidence,
    ))
}

/// True for a lower-case word shaped like a past form of a verb ("emphasized",
/// "contended"), not a short word ("red", "bed") or one of the few common "-ed" words
/// that are not verbs before "that" ("indeed", "need").
fn past_form(word: &str) -> bool {
    word.len() >= 6
        && word.ends_with("ed")
        && word.chars().all(|c| c.is_ascii_lowercase())
        && !matches!(
            word,
            "indeed" | "needed" | "hundred" | "succeeded" | "exceeded"
        )
}

#[cfg(test)]
mod tests;
