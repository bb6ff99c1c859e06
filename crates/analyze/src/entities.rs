//! Named entities: people, organisations, places, with canonical names.
//!
//! Recognition is rule-based. A name is a run of capitalised tokens inside a sentence
//! (with name particles and, inside organisation names, a few function words). Titles
//! ("Deputy Foreign Minister") are cut out of the run and type the name after them;
//! sentence-initial capitals count only when something else vouches for them; possessive
//! endings are left out of the mention. Every mention then gets a canonical name for the
//! whole article: gazetteer aliases ("U.S." -> "United States"), acronyms defined in the
//! text ("... in Europe (OSCE)"), and surnames of people named in full elsewhere
//! ("Ryabkov" -> "Sergei Ryabkov").

pub mod confidence;
pub mod lexicon;

use std::collections::BTreeMap;

use model::{EntityKind, EntityMention};

use lexicon::Gender;

/// Entity mentions of a body, in text order, each with its canonical name and its
/// confidence.
pub fn find(body: &str) -> Vec<EntityMention> {
    find_scored(body).into_iter().map(|s| s.mention).collect()
}

/// A mention with the signals it was typed and scored on: what the models are fitted on.
#[derive(Debug, Clone)]
pub struct Scored {
    pub mention: EntityMention,
    /// The signals its confidence was computed from ([`confidence::FEATURES`]).
    pub features: confidence::Features,
}

/// As [`find`], with the signals of each mention.
pub fn find_scored(body: &str) -> Vec<Scored> {
    let mut candidates = Vec::new();
    let mut acronyms = BTreeMap::new();
    for (para_start, para) in paragraphs(body) {
        for (s, e) in text::sentences(para) {
            scan_sentence(
                body,
                para_start + s,
                para_start + e,
                &mut candidates,
                &mut acronyms,
            );
        }
    }
    extend_to_acronyms(body, &mut candidates, &mut acronyms);
    let mut found = resolve(body, candidates, &acronyms);
    // "US$ 5 billion", "AU$", "USD": a currency, not the country or a body.
    found.retain(|Scored { mention: m, .. }| {
        !body.get(m.end..).is_some_and(|r| r.starts_with('$'))
            && !lexicon::is_currency(&m.text)
            && !page_furniture(body, m)
    });
    found
}

/// Capitals that frame a report rather than name something in it: a dateline
/// ("BRENNMOUTH, Vel. — …", "KELDON (Wire) -", "KELDON ― …"), a label ("UPDATE:"), and a
/// politician's party and state ("Senator Ona Brand, D-VL,", "(R-Keld.)").
fn page_furniture(body: &str, m: &EntityMention) -> bool {
    let text = m.text.as_str();
    let mut party = text.splitn(2, '-');
    if let (Some(p), Some(state)) = (party.next(), party.next()) {
        if matches!(p, "D" | "R" | "I")
            && state.chars().next().is_some_and(|c| c.is_ascii_uppercase())
            && state.chars().all(|c| c.is_ascii_alphabetic() || c == '.')
        {
            return true;
        }
    }
    let capitals = text.chars().any(char::is_alphabetic)
        && text.chars().all(|c| !c.is_alphabetic() || c.is_uppercase());
    if !capitals {
        return false;
    }
    // Only at the start of the body or of a paragraph.
    let before = body.get(..m.start).unwrap_or("");
    let line_start = before.trim_end_matches([' ', '\t']);
    if !(line_start.is_empty() || line_start.ends_with('\n')) {
        return false;
    }
    let after = body.get(m.end..).unwrap_or("");
    if after.starts_with(':') {
        return true;
    }
    // A dateline: the place (and perhaps its state or an agency in brackets), then a
    // dash, all within the first few words.
    let head: String = after.chars().take(40).collect();
    let dash = head
        .find(['\u{2014}', '\u{2013}', '\u{2015}'])
        .or_else(|| head.find(" -- "))
        .or_else(|| head.find(" - "));
    dash.is_some_and(|d| {
        let between = &head[..d];
        between.split_whitespace().count() <= 3 && !between.contains(['.', '!', '?']) || {
            // "BRENNMOUTH, Vel. —": a state abbreviation's period is allowed.
            let words: Vec<&str> = between.split_whitespace().collect();
            words.len() <= 3
                && words
                    .iter()
                    .all(|w| w.starts_with(|c: char| c.is_uppercase() || c == '(' || c == ','))
        }
    })
}

/// The capital letters of an acronym ("I.C.E." -> "ICE").
fn acronym_letters(acronym: &str) -> Vec<char> {
    acronym.chars().filter(|c| c.is_uppercase()).collect()
}

/// Lower-case words an organisation's name may hold between the words its acronym
/// counts ("Organization for Security and Cooperation in Europe").
fn acronym_filler(word: &str) -> bool {
    matches!(
        word,
        "and" | "of" | "for" | "the" | "in" | "on" | "&" | "to" | "de" | "du" | "des"
    )
}

/// Widens the name an acronym in parentheses defines back to the words its letters
/// spell, when the name was cut short at a lower-case word ("U.S. Immigration and
/// Customs Enforcement (ICE)": the group ends at "Customs Enforcement"; its letters ask
/// for "Immigration and Customs Enforcement"). The acronym vouches for the whole name:
/// the candidates inside it give way to one candidate for it, and one reaching into it
/// from the left keeps the words before it ("U.S.").
fn extend_to_acronyms(
    body: &str,
    candidates: &mut Vec<Candidate>,
    acronyms: &mut BTreeMap<String, (usize, usize)>,
) {
    for (acronym, span) in acronyms.iter_mut() {
        let letters = acronym_letters(acronym);
        let (start, end) = *span;
        let Some(name) = body.get(start..end) else {
            continue;
        };
        let initials: Vec<char> = name
            .split_whitespace()
            .filter_map(|w| w.chars().next().filter(|c| c.is_uppercase()))
            .collect();
        if initials.len() >= letters.len() || !letters.ends_with(&initials) {
            continue;
        }
        // Walk back over the words before the name, matching the letters still owed.
        let mut owed = letters.len() - initials.len();
        let mut new_start = start;
        let mut cursor = start;
        let floor = start.saturating_sub(120);
        while owed > 0 {
            let before = &body[..cursor];
            let trimmed = before.trim_end_matches(' ');
            if trimmed.len() == before.len() || trimmed.len() < floor {
                break;
            }
            let word_start = trimmed
                .rfind(|c: char| c.is_whitespace())
                .map_or(0, |i| i + 1);
            let word = &trimmed[word_start..];
            if acronym_filler(word) {
                cursor = word_start;
                continue;
            }
            if word.starts_with(letters[owed - 1])
                && word.chars().all(|c| c.is_alphanumeric() || c == '-')
            {
                owed -= 1;
                cursor = word_start;
                new_start = word_start;
                continue;
            }
            break;
        }
        if owed > 0 || new_start == start {
            continue;
        }
        for c in candidates.iter_mut() {
            if c.start < new_start && c.end > new_start {
                c.end = c.start + body[c.start..new_start].trim_end().len();
            }
        }
        candidates.retain(|c| c.end > c.start && !(c.start >= new_start && c.end <= end));
        candidates.push(Candidate {
            start: new_start,
            end,
            hints: Hints {
                org_noun: true,
                ..Hints::default()
            },
        });
        *span = (new_start, end);
    }
    candidates.sort_by_key(|c| (c.start, c.end));
}

/// The gender a canonical person name suggests through its first name, when known.
pub fn gender_hint(name: &str) -> Option<Gender> {
    name.split_whitespace()
        .next()
        .and_then(lexicon::first_name_gender)
}

/// The non-empty paragraphs of a body with their byte offsets.
pub(crate) fn paragraphs(body: &str) -> impl Iterator<Item = (usize, &str)> + '_ {
    let base = body.as_ptr() as usize;
    body.split("\n\n")
        .filter(|p| !p.trim().is_empty())
        .map(move |p| (p.as_ptr() as usize - base, p))
}

/// One token of a sentence: a word, possibly with inner hyphens, apostrophes and the
/// dots of an acronym or abbreviation.
#[derive(Debug, Clone)]
struct Tok {
    start: usize,
    end: usize,
    /// The token ended with a possessive `'s`, which is not part of `start..end`.
    possessive: bool,
    /// A lower-case suffix after a hyphen was cut off ("US-led" -> "US").
    cut: bool,
    /// Capitals that describe, not name: an ethnicity written as two demonyms
    /// ("African-American community"). No name holds such a token.
    descriptor: bool,
}

/// Honorifics written before a surname.
const HONORIFICS: &[&str] = &["Mr", "Mrs", "Ms", "Miss", "Dr", "Mx"];

const ABBREVIATIONS: &[&str] = &[
    "Adm", "Capt", "Co", "Col", "Corp", "Dr", "Gen", "Gov", "Inc", "Jr", "Lt", "Ltd", "Maj", "Mr",
    "Mrs", "Ms", "Prof", "Rep", "Reps", "Rev", "Sen", "Sens", "Sgt", "Sr", "St", "Supt", "Govs",
];

fn tokens(body: &str, start: usize, end: usize) -> Vec<Tok> {
    let sentence = &body[start..end];
    let chars: Vec<(usize, char)> = sentence.char_indices().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !text::is_word_char(chars[i].1) {
            i += 1;
            continue;
        }
        let first = i;
        let mut j = i + 1;
        // Where the token's current dot-separated segment starts.
        let mut seg_start = first;
        loop {
            match chars.get(j) {
                Some(&(_, c)) if text::is_word_char(c) => j += 1,
                Some(&(_, c)) if matches!(c, '-' | '\'' | '\u{2019}' | '.' | '&') => {
                    let next_is_word = chars
                        .get(j + 1)
                        .is_some_and(|&(_, n)| text::is_word_char(n));
                    let joins = next_is_word
                        && match c {
                            '.' => j - seg_start == 1 && chars[j - 1].1.is_uppercase(),
                            '&' => chars[j - 1].1.is_uppercase() && chars[j + 1].1.is_uppercase(),
                            _ => true,
                        };
                    if joins {
                        // A hyphen opens a segment too: a party-state tag ("R-S.C.",
                        // "D-N.Y.") is one token, not a tag and a bare initial.
                        if matches!(c, '.' | '-') {
                            seg_start = j + 1;
                        }
                        j += 2;
                    } else {
                        break;
                    }
                }
                _ => break,
            }
        }
        let mut tok_end = chars.get(j).map_or(sentence.len(), |&(p, _)| p);
        let word = &sentence[chars[first].0..tok_end];
        // A final dot belongs to dotted acronyms, initials and known abbreviations.
        if chars.get(j).is_some_and(|&(_, c)| c == '.') {
            let dotted = word.contains('.') && word.split('.').all(|s| s.chars().count() == 1);
            let initial = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
            if dotted || initial || ABBREVIATIONS.contains(&word) {
                tok_end += 1;
                j += 1;
            }
        }
        let mut tok = Tok {
            start: start + chars[first].0,
            end: start + tok_end,
            possessive: false,
            cut: false,
            descriptor: false,
        };
        let word = &body[tok.start..tok.end];
        for suffix in ["'s", "\u{2019}s"] {
            if word.len() > suffix.len() + 1 && word.ends_with(suffix) {
                tok.end -= suffix.len();
                tok.possessive = true;
            }
        }
        let word = &body[tok.start..tok.end];
        // Known names joined by hyphens ("Ukrainian-Russian border", "US-Russia talks")
        // are each a name of their own.
        let parts: Vec<&str> = word.split('-').collect();
        // Two demonyms, plural or before a noun naming people ("African-Americans",
        // "the Keldan-Brennish community"), name an ethnicity: neither place is meant.
        if let [origin, nation] = parts.as_slice() {
            let people_after = || {
                let next: String = body[tok.end..end]
                    .strip_prefix(' ')
                    .unwrap_or_default()
                    .chars()
                    .take_while(|c| c.is_alphabetic())
                    .collect();
                lexicon::is_people_noun(&next)
            };
            let demonym_only = |p: &str| {
                starts_upper(p) && lexicon::demonym(p).is_some() && lexicon::known(p).is_none()
            };
            let plural =
                nation.ends_with('s') && lexicon::demonym(nation.trim_end_matches('s')).is_some();
            if demonym_only(origin) && demonym_only(nation) && (plural || people_after()) {
                tok.descriptor = true;
                out.push(tok);
                i = j;
                continue;
            }
        }
        if parts.len() > 1
            && lexicon::known(word).is_none()
            && parts.iter().all(|p| {
                starts_upper(p) && (lexicon::known(p).is_some() || lexicon::demonym(p).is_some())
            })
        {
            let mut at = tok.start;
            for (n, part) in parts.iter().enumerate() {
                out.push(Tok {
                    start: at,
                    end: at + part.len(),
                    possessive: n + 1 == parts.len() && tok.possessive,
                    cut: false,
                    descriptor: false,
                });
                at += part.len() + 1;
            }
            i = j;
            continue;
        }
        if let Some(h) = word.find('-') {
            let (head, tail) = (&word[..h], &word[h + 1..]);
            if starts_upper(head) && tail.chars().next().is_some_and(char::is_lowercase) {
                tok.end = tok.start + h;
                tok.cut = true;
            }
        }
        out.push(tok);
        i = j;
    }
    out
}

fn starts_upper(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// Two letters or more, all capitals ("NATO", "U.S."; "CEOs" is not).
pub(crate) fn is_all_caps(word: &str) -> bool {
    let letters: Vec<char> = word.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase())
}

/// What the words of a growing group allow as connectors, kept up to date word by word
/// so that growing a long group stays linear.
#[derive(Debug, Clone, Copy, Default)]
struct Connectors {
    /// Some word names an organisation, a title, a place or an event ("of", "for").
    of: bool,
    /// The first word heads an organisation's name ("and", "in", "on", "the", "&").
    org_first: bool,
    /// The last word is a body's head word: the name is complete, and an "and" after it
    /// joins another name ("Justice Department and …"), not the rest of this one.
    ends_head: bool,
    /// An "of" or "for" joined the name ("Department of Health …"): an "and" may then go
    /// on with it ("… and Human Services"), not after "United States".
    took_of: bool,
}

impl Connectors {
    fn first(word: &str) -> Connectors {
        Connectors {
            of: false,
            org_first: lexicon::is_org_head(word),
            ends_head: false,
            took_of: false,
        }
        .with(word)
    }

    fn with(mut self, w: &str) -> Connectors {
        self.took_of |= matches!(w, "of" | "for");
        // A plural head names a body as well as its singular ("Centers for …").
        let singular = w.strip_suffix('s').filter(|s| s.len() >= 3);
        self.ends_head = lexicon::is_org_head(w)
            || singular.is_some_and(lexicon::is_org_head)
            || lexicon::is_org_suffix(w);
        self.of |= self.ends_head
            || lexicon::is_title_head(w)
            || lexicon::is_place_suffix(w)
            || lexicon::is_other_suffix(w)
            || w == "United";
        self
    }
}

/// Whether the capitalised words `left`, "and", then `right` name one body: `right` ends
/// in a body's word and no part is a known name, a title word ("Toyota and General
/// Motors") or a plural ("Republicans and …").
fn plain_and_body(left: &[&str], right: &[&str]) -> bool {
    let (Some(last_left), Some(last_right)) = (left.last(), right.last()) else {
        return false;
    };
    let known = |words: &[&str]| lexicon::known(&words.join(" ")).is_some();
    let plain = |w: &&str| {
        lexicon::known(w).is_none()
            && lexicon::demonym(w).is_none()
            && !is_all_caps(w)
            && !lexicon::is_org_suffix(w)
            && !lexicon::is_title_head(w)
            && !lexicon::is_title_modifier(w)
    };
    right.len() >= 2
        && lexicon::is_org_suffix(last_right)
        && !known(left)
        && !known(right)
        && plain(last_left)
        && !last_left.ends_with('s')
        && right[..right.len() - 1].iter().all(plain)
}

/// Lower-case words allowed inside a name when the capitalised word `next` follows them,
/// given what the group's words so far allow.
fn connector_allowed(word: &str, next: &str, group: Connectors) -> bool {
    const PARTICLES: &[&str] = &[
        "al", "bin", "da", "das", "de", "del", "der", "di", "dos", "du", "la", "le", "van", "von",
        "y",
    ];
    if PARTICLES.contains(&word) {
        return true;
    }
    match word {
        "of" | "for" => group.of,
        // "Centers for Disease Control and Prevention": an unfinished body's name goes on.
        // "House and Senate", "Harbour Board and Council": an "and" before a word that
        // names a body of its own coordinates two bodies, it continues neither.
        "and" if starts_body(next) => false,
        "and" | "&" => group.org_first || (group.took_of && !group.ends_head),
        "in" | "on" | "the" => group.org_first,
        _ => false,
    }
}

/// True for a word that heads a body's name, singular or plural ("Association",
/// "Centers"): a complement with "of" or "for" follows it.
fn heads_body(word: &str) -> bool {
    lexicon::is_org_head(word)
        || word
            .strip_suffix('s')
            .is_some_and(|w| w.len() >= 3 && lexicon::is_org_head(w))
}

/// True for a word that asks for the "of" after it to complete a name: a body's head
/// ("Bank of …", "Department of …"), a title ("Secretary of …"), a place's word ("Gulf
/// of …", "Republic of …") or a law's or an event's ("Declaration of …").
fn asks_for_of(word: &str) -> bool {
    heads_body(word)
        || lexicon::is_title_head(word)
        || lexicon::is_place_suffix(word)
        || lexicon::is_other_suffix(word)
}

/// True for a word that names a body on its own ("Senate", "House", "Congress", a known
/// body): after "and", it starts a second name.
fn starts_body(word: &str) -> bool {
    lexicon::is_org_suffix(word)
        || lexicon::is_org_head(word)
        || lexicon::known(word).is_some_and(|(_, k)| k == EntityKind::Organization)
}

/// What a candidate's context says about it.
#[derive(Debug, Clone, Default)]
struct Hints {
    person: bool,
    gender: Option<Gender>,
    the_led: bool,
    place: bool,
    /// A noun naming a kind of organisation comes right before ("automaker Chrysler").
    org_noun: bool,
    /// Only a sentence's first word: kept only if the article vouches for it.
    tentative: bool,
    /// A person's verb follows ("said"): people and organisations both speak.
    by_verb: bool,
    /// A preposition of place comes before, directly or through "the" ("at Camp David",
    /// "in the East Room", "to Calder"): weaker than `place`, as companies and people
    /// are also met "at" and written "to".
    loc_prep: bool,
    /// The name is the head of a hyphenated modifier ("Democratic-led", "High-level").
    cut: bool,
    /// A sentence's first word opens the name and nothing known vouches for it
    /// ("Billionaire Amazon founder …"): the article may show it is a common word.
    open_unvouched: bool,
    /// A lower-case noun follows, which the name modifies ("Republican Senate
    /// candidates", "the Kilnford bridge").
    modifier: bool,
    /// A word no proper name takes comes before: an article "a", a count, "fellow" ("a
    /// Democrat", "three Brennmouthers").
    common: bool,
    /// An ordinal numbers the name ("the 27th District", "Brennmouth's Third Ward"): a
    /// numbered division is a designation, and a part of the longer name of its place.
    numbered: bool,
    /// A title or an honorific comes right before ("Mayor Ada Frey", "Mr. Frey"): the
    /// strongest sign of a person.
    titled: bool,
}

#[derive(Debug, Clone)]
struct Candidate {
    start: usize,
    end: usize,
    hints: Hints,
}

fn scan_sentence(
    body: &str,
    start: usize,
    end: usize,
    out: &mut Vec<Candidate>,
    acronyms: &mut BTreeMap<String, (usize, usize)>,
) {
    let toks = tokens(body, start, end);
    let word = |t: &Tok| &body[t.start..t.end];
    // A plural possessive inside a name ("the Dockworkers' Union", "International
    // Transport Workers' Federation") carries the name on.
    let gap_ok = |a: &Tok, b: &Tok| {
        let gap = &body[a.end..b.start];
        let gap = match gap.strip_prefix(['\'', '\u{2019}']) {
            Some(rest) if body[a.start..a.end].ends_with('s') => rest,
            _ => gap,
        };
        !a.possessive && !a.cut && gap.chars().all(|c| c.is_whitespace() && c != '\n')
    };
    let is_cap = |t: &Tok| {
        let w = word(t);
        starts_upper(w)
            && !t.descriptor
            && !lexicon::is_not_name(w.trim_end_matches('.'))
            && !glued(w)
    };
    // True when the capitalised word at token `from` (the one after "for the" or "of
    // the") goes on with the name before: a single word (the "of" after it may carry
    // the name on: "Advancement of Colored People"), not plural, known or an acronym,
    // and ending no name of its own. A run of them names something of its own ("the
    // League for the St. Louis Eagles"), as a plural names a team or a group ("for
    // the Islanders").
    let names_nothing = |from: usize| {
        let Some(t) = toks.get(from).filter(|t| is_cap(t)) else {
            return false;
        };
        let w = word(t);
        let alone = toks
            .get(from + 1)
            .is_none_or(|n| !gap_ok(t, n) || !is_cap(n));
        alone
            && lexicon::known(w).is_none()
            && lexicon::demonym(w).is_none()
            && !is_all_caps(w)
            && !is_plural(w)
            && !lexicon::is_org_suffix(w)
            && !lexicon::is_other_suffix(w)
            && !lexicon::is_place_suffix(w)
    };
    let mut i = 0;
    while i < toks.len() {
        // A word that opens sentences, after an abbreviation's point, opens the next
        // sentence ("… the F.B.I. Nothing happened"): no name.
        let opens_sentence = i > 0
            && word(&toks[i - 1]).ends_with('.')
            && lexicon::is_starter(&word(&toks[i]).to_lowercase());
        if !is_cap(&toks[i]) || opens_sentence {
            i += 1;
            continue;
        }
        // Grow the group of capitalised tokens.
        let mut group = vec![i];
        let mut connectors = Connectors::first(word(&toks[i]));
        let mut j = i;
        while let Some(next) = toks.get(j + 1) {
            if !gap_ok(&toks[j], next) {
                break;
            }
            // "… lied to the F.B.I. Nothing happened": an abbreviation's point before a
            // word that opens sentences, not names, ends the sentence and the name.
            if word(&toks[j]).ends_with('.') && lexicon::is_starter(&word(next).to_lowercase()) {
                break;
            }
            if is_cap(next) {
                j += 1;
                group.push(j);
                connectors = connectors.with(word(next));
                continue;
            }
            // "National Association for the Advancement of Colored People", "Office of
            // the Director …": after a word that heads a body's name, "for the" or "of
            // the" goes on with it, before capitalised words that name nothing of their
            // own ("the House for the Harbour Workers Act" is two names).
            if let (Some(the), Some(after)) = (toks.get(j + 2), toks.get(j + 3)) {
                if matches!(word(next), "of" | "for")
                    && word(the) == "the"
                    && gap_ok(next, the)
                    && gap_ok(the, after)
                    && heads_body(word(&toks[j]))
                    && names_nothing(j + 3)
                {
                    j += 3;
                    group.extend([j - 2, j - 1, j]);
                    connectors = connectors.with(word(next)).with(word(after));
                    continue;
                }
            }
            if let Some(after) = toks.get(j + 2) {
                if gap_ok(next, after)
                    && is_cap(after)
                    && connector_allowed(word(next), word(after), connectors)
                {
                    j += 2;
                    group.push(j - 1);
                    group.push(j);
                    connectors = connectors.with(word(next)).with(word(after));
                    continue;
                }
            }
            // "U.S. Food and Drug Administration", "Fish and Wildlife Service": an "and"
            // between plain words, the second run ending in a body's word, joins one
            // name; known names on either side ("Toyota and General Motors") are two.
            if word(next) == "and" {
                let left: Vec<&str> = group.iter().map(|&k| word(&toks[k])).collect();
                let mut run = Vec::new();
                let mut k = j + 2;
                while let Some(t) = toks.get(k) {
                    let joined = run
                        .last()
                        .map_or(gap_ok(next, t), |&p: &usize| gap_ok(&toks[p], t));
                    if run.len() == 3 || !joined || !is_cap(t) {
                        break;
                    }
                    run.push(k);
                    k += 1;
                }
                let right: Vec<&str> = run.iter().map(|&k| word(&toks[k])).collect();
                if plain_and_body(&left, &right) {
                    group.push(j + 1);
                    group.extend(run.iter().copied());
                    for w in std::iter::once(word(next)).chain(right.iter().copied()) {
                        connectors = connectors.with(w);
                    }
                    j = *run.last().unwrap_or(&(j + 1));
                    continue;
                }
            }
            break;
        }
        // "Barr notified Congress of Peter Lind's report": a name of the form "X of Y"
        // ends in no possessive, so the "of" is the verb's and the name ends before it;
        // a word that asks for its "of" ("Bank of Keldany's", "Secretary of State's")
        // keeps it.
        if group.last().is_some_and(|&k| toks[k].possessive) {
            let of = group
                .iter()
                .rposition(|&k| matches!(word(&toks[k]), "of" | "for"))
                .filter(|&p| p > 0 && !asks_for_of(word(&toks[group[p - 1]])));
            if let Some(p) = of {
                group.truncate(p);
                j = group[p - 1];
            }
        }
        let prev = i.checked_sub(1).map(|k| &toks[k]);
        let initial = is_sentence_initial(body, toks[0].start, toks[i].start);
        // A headline's reporting verb is capitalised too ("…, Jane Doe Says."): it ends
        // the group rather than the name.
        let headline_verb = group.len() >= 2
            && group.last().is_some_and(|&k| {
                headline_verb(word(&toks[k]))
                    && body[toks[k].end..end]
                        .trim_start()
                        .chars()
                        .next()
                        .is_none_or(|c| matches!(c, '.' | ',' | ':' | ';' | '!' | '?'))
            });
        if headline_verb {
            group.pop();
        }
        let after = toks.get(j + 1);
        let verb_after = headline_verb
            || after
                .is_some_and(|t| gap_ok(&toks[j], t) || body[toks[j].end..t.start].trim() == ",")
                && after.is_some_and(|t| lexicon::is_person_verb(word(t)));
        split_group(body, &toks, &group, prev, initial, verb_after, out);
        // An acronym defined in parentheses right after a name.
        if let (Some(acr), Some(&last)) = (toks.get(j + 1), group.last()) {
            let between = &body[toks[last].end..acr.start];
            if between.trim() == "(" && body[acr.end..].starts_with(')') && is_all_caps(word(acr)) {
                let first = group
                    .iter()
                    .copied()
                    .find(|&k| !lexicon::is_starter(&word(&toks[k]).to_lowercase()));
                // An acronym spells words of its name ("Council for Ocean Fisheries
                // (COF)"); a state's code ("Senator Ona Brand (N.Y.)") or letters no
                // word of the name opens define nothing.
                let letters = acronym_letters(word(acr));
                let spells = lexicon::state_code(word(acr)).is_none()
                    && group.iter().any(|&k| {
                        word(&toks[k])
                            .chars()
                            .next()
                            .is_some_and(|c| letters.contains(&c))
                    });
                if let Some(first) = first.filter(|_| spells) {
                    acronyms.insert(word(acr).to_string(), (toks[first].start, toks[last].end));
                }
            }
            // "the Harbour Workers Protection Act, or HWPA,": an acronym after ", or"
            // defines the name when its letters are exactly the name's initials.
            let or_acronym = toks.get(j + 2).filter(|a| {
                body[toks[last].end..acr.start].trim() == ","
                    && word(acr) == "or"
                    && body[acr.end..a.start].trim().is_empty()
                    && is_all_caps(word(a))
                    && !word(a).contains('.')
            });
            if let Some(a) = or_acronym {
                // The name starts after a capitalised "The" or another starter.
                let name: Vec<usize> = group
                    .iter()
                    .copied()
                    .skip_while(|&k| lexicon::is_starter(&word(&toks[k]).to_lowercase()))
                    .collect();
                let initials: Vec<char> = name
                    .iter()
                    .filter_map(|&k| word(&toks[k]).chars().next())
                    .filter(|c| c.is_uppercase())
                    .collect();
                if let (Some(&from), true) = (
                    name.first(),
                    name.len() >= 2 && initials == acronym_letters(word(a)),
                ) {
                    acronyms.insert(word(a).to_string(), (toks[from].start, toks[last].end));
                }
            }
        }
        i = j + 1;
    }
}

/// True for an inflected verb of saying written as in a headline ("Says", "Warns").
fn headline_verb(word: &str) -> bool {
    let lower = word.to_lowercase();
    match crate::quotes::verbs::lookup(&lower) {
        Some((crate::quotes::verbs::VerbClass::Speech, base)) => {
            lower != base && (lower.ends_with('s') || lower == "said" || lower == "told")
        }
        _ => false,
    }
}

/// Whether the token at `at` opens its sentence (whose first token starts at
/// `first_token`), or follows an opening quotation mark, a colon or a bracket.
fn is_sentence_initial(body: &str, first_token: usize, at: usize) -> bool {
    // The first token starts at the sentence's first word character.
    if at <= first_token {
        return true;
    }
    let last = body[first_token..at].trim_end().chars().last();
    matches!(
        last,
        Some('"' | '\u{201C}' | '\u{2018}' | '\'' | '\u{00AB}' | '\u{201E}' | ':' | '(' | '[')
    )
}

/// Cuts titles and sentence-initial words out of a group of capitalised tokens and pushes
/// the names that remain.
fn split_group(
    body: &str,
    toks: &[Tok],
    group: &[usize],
    prev: Option<&Tok>,
    initial: bool,
    verb_after: bool,
    out: &mut Vec<Candidate>,
) {
    let word = |k: usize| &body[toks[k].start..toks[k].end];
    let mut group: Vec<usize> = group.to_vec();
    let prev_word = prev.map(|t| &body[t.start..t.end]);
    let mut hints = Hints {
        the_led: prev_word == Some("the"),
        place: prev_word
            .is_some_and(|w| matches!(w, "in" | "near" | "outside" | "across" | "throughout")),
        person: prev_word.is_some_and(|w| {
            lexicon::is_person_noun(w) || HONORIFICS.contains(&w.trim_end_matches('.'))
        }),
        titled: prev_word.is_some_and(|w| HONORIFICS.contains(&w.trim_end_matches('.'))),
        org_noun: prev_word.is_some_and(lexicon::is_org_noun),
        loc_prep: place_preposition_before(body, toks[group[0]].start),
        common: prev_word.is_some_and(|w| lexicon::is_common_determiner(&w.to_lowercase())),
        ..Hints::default()
    };
    let mut tentative = false;
    let mut open_unvouched = false;
    if initial {
        let first = word(group[0]);
        let lower = first.to_lowercase();
        let vouched = lexicon::known(first).is_some()
            || lexicon::demonym(first).is_some()
            || lexicon::is_title_head(first)
            || lexicon::is_title_modifier(first)
            || lexicon::first_name_gender(first).is_some()
            || is_all_caps(first);
        if lower == "the" {
            hints.the_led = true;
            group.remove(0);
        } else if !vouched
            && (lexicon::is_starter(&lower)
                || (group.len() > 1 && (lower.ends_with("ing") || lower.ends_with("ly"))))
        {
            group.remove(0);
        } else if !vouched && group.len() == 1 {
            tentative = true;
        } else if !vouched {
            open_unvouched = true;
        }
    }
    // Split into pieces at titles; a title types the piece right after it.
    let mut pieces: Vec<(Vec<usize>, Hints)> = Vec::new();
    let mut current: Vec<usize> = Vec::new();
    // "General Motors", "Royal Mail": a name ending in an organisation word holds no
    // title, and neither does one ending in a law's or an event's ("Justice for Harbour
    // Workers Act").
    let org_named = group.len() > 1
        && group
            .last()
            .is_some_and(|&t| lexicon::is_org_suffix(word(t)) || lexicon::is_other_suffix(word(t)));
    let mut k = 0;
    while k < group.len() {
        let mut title_len = if org_named {
            0
        } else {
            title_run(body, toks, &group[k..])
        };
        let rest = group.len() - k;
        // "Mr. King": an honorific and a surname that is also a title word.
        let honorific_before = if k == 0 {
            prev_word.is_some_and(|w| HONORIFICS.contains(&w.trim_end_matches('.')))
        } else {
            HONORIFICS.contains(&word(group[k - 1]).trim_end_matches('.'))
        };
        let honorific_first = HONORIFICS.contains(&word(group[k]).trim_end_matches('.'));
        if title_len > 0
            && title_len == rest
            && (honorific_before || (honorific_first && title_len >= 2))
        {
            title_len -= 1;
        }
        // "Charlie King": a title word after a first name ends a name.
        if title_len == rest
            && current
                .first()
                .is_some_and(|&f| lexicon::first_name_gender(word(f)).is_some())
        {
            title_len = 0;
        }
        if title_len > 0 {
            if !current.is_empty() {
                pieces.push((std::mem::take(&mut current), hints.clone()));
            }
            let title_words: Vec<&str> = group[k..k + title_len].iter().map(|&t| word(t)).collect();
            hints = Hints {
                person: true,
                titled: true,
                gender: title_gender(&title_words),
                ..Hints::default()
            };
            k += title_len;
            continue;
        }
        current.push(group[k]);
        k += 1;
    }
    if !current.is_empty() {
        pieces.push((current, hints));
    }
    // "Governor Ana Ruiz of Oregon": after a titled name, "of" starts a place.
    let mut split: Vec<(Vec<usize>, Hints)> = Vec::new();
    for (piece, hints) in pieces {
        let of = piece.iter().position(|&t| word(t) == "of");
        match of {
            Some(p) if hints.person && p > 0 => {
                split.push((piece[..p].to_vec(), hints));
                split.push((
                    piece[p + 1..].to_vec(),
                    Hints {
                        place: true,
                        ..Hints::default()
                    },
                ));
            }
            _ => split.push((piece, hints)),
        }
    }
    // "the Brennmouth Republican who …", "the No. 3 Harbour Democrat": a party member's
    // noun ends no name; the words before it keep their own kind and the noun describes
    // a person, as "a Republican" does.
    // So is one opening a lone body word ("the Republican House", "Democrat Senate
    // candidates"): the body is named, the noun describes who holds it.
    // The plural describes people too ("Brennmouth Republicans", "House Democrats",
    // "Coal Board Whigs"): the members of a party, not a body of their own. The
    // words before keep their kind and the plural stands for the party, unless the
    // gazetteer knows the whole name as one.
    let mut members: Vec<(Vec<usize>, Hints)> = Vec::new();
    for (mut piece, hints) in split {
        let member = piece.len() > 1
            && piece
                .last()
                .is_some_and(|&t| lexicon::is_member_noun(word(t)));
        let plural = piece.len() > 1
            && piece
                .last()
                .is_some_and(|&t| lexicon::is_member_plural(word(t)))
            && piece.first().zip(piece.last()).is_some_and(|(&f, &l)| {
                lexicon::known(&squash(&body[toks[f].start..toks[l].end])).is_none()
            });
        let member_first = match piece.as_slice() {
            [m, b] => {
                lexicon::is_member_noun(word(*m))
                    && starts_body(word(*b))
                    && !matches!(word(*b), "Party" | "Parties")
            }
            _ => false,
        };
        if member_first {
            let noun = piece.remove(0);
            members.push((
                vec![noun],
                Hints {
                    common: true,
                    ..hints.clone()
                },
            ));
            members.push((piece, Hints::default()));
        } else if member || plural {
            // A determiner before the words is the noun's ("many House Whigs", "a
            // Brennmouth Republican"), not the modifier's.
            let noun = piece.pop().unwrap_or_default();
            members.push((
                piece,
                Hints {
                    common: false,
                    ..hints.clone()
                },
            ));
            members.push((
                vec![noun],
                Hints {
                    common: member || hints.common,
                    ..Hints::default()
                },
            ));
        } else {
            members.push((piece, hints));
        }
    }
    let pieces = members;
    let count = pieces.len();
    for (n, (mut piece, mut hints)) in pieces.into_iter().enumerate() {
        // Trim connectors left at either end.
        while piece.first().is_some_and(|&t| !starts_upper(word(t))) {
            piece.remove(0);
        }
        while piece.last().is_some_and(|&t| !starts_upper(word(t))) {
            piece.pop();
        }
        let (Some(&first), Some(&last)) = (piece.first(), piece.last()) else {
            continue;
        };
        // A bare initial ("C.", left of a name cut short) names nothing.
        if piece.len() == 1 && is_initial(word(first)) {
            continue;
        }
        if n == count - 1 && verb_after {
            hints.by_verb = true;
        }
        hints.cut = toks[last].cut;
        // "from the Red Lantern service", "away from Ada's boat": the preposition
        // governs the noun after the name, not the name.
        hints.loc_prep &= !noun_after(body, toks[last].end) && !toks[last].possessive;
        // A capitalised word heading a hyphenated modifier ("Democratic-led",
        // "High-level") may be an adjective: like a sentence's first word, it needs the
        // article or the gazetteer to vouch for it.
        hints.tentative =
            (tentative && n == 0 && piece.len() == 1) || (hints.cut && piece.len() == 1);
        hints.open_unvouched = open_unvouched && n == 0 && piece.len() > 1;
        hints.org_noun |= employer_after(body, toks[last].end);
        // "Brennmouth Bank shares", "former Keldco mining executive": a noun phrase
        // headed by a body's staff or shares makes the name an employer, not a
        // descriptor.
        hints.modifier =
            modifies_noun_after(body, toks[last].end) && !staff_head_after(body, toks[last].end);
        // "a Keldco spokesman", "a Keldco-led group": the determiner is the noun's, not
        // the name's.
        hints.common &= !hints.modifier && !toks[last].cut;
        hints.person |=
            leader_of_after(body, toks[last].end) || person_apposition(body, toks[last].end);
        hints.numbered = numbered(body, toks, first);
        // An ordinal is a word no name takes, as a count is ("the 27th District").
        hints.common |= hints.numbered;
        out.push(Candidate {
            start: toks[first].start,
            end: toks[last].end,
            hints,
        });
    }
}

/// One capital letter and a point ("C."): an initial.
fn is_initial(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(char::is_uppercase) && chars.as_str() == "."
}

/// True when an ordinal numbers the name opened by token `first`: a number ordinal right
/// before it ("the 27th District"), or a spelled one opening it after a possessive
/// ("Brennmouth's Third Ward").
fn numbered(body: &str, toks: &[Tok], first: usize) -> bool {
    let word = |k: usize| &body[toks[k].start..toks[k].end];
    let Some(prev) = first.checked_sub(1) else {
        return false;
    };
    let adjacent = body[toks[prev].end..toks[first].start]
        .chars()
        .all(|c| c.is_whitespace() && c != '\n');
    let digits = word(prev).trim_end_matches(|c: char| c.is_ascii_lowercase());
    let suffix = &word(prev)[digits.len()..];
    let number = !digits.is_empty()
        && digits.chars().all(|c| c.is_ascii_digit())
        && matches!(suffix, "st" | "nd" | "rd" | "th");
    let possessive_before = toks[prev].possessive
        || body[toks[prev].end..toks[first].start].starts_with(['\'', '\u{2019}']);
    number && adjacent || possessive_before && lexicon::is_ordinal(word(first))
}

/// True when a preposition of place comes right before `at`, or before a "the" right
/// before it, perhaps with one lower-case word after the "the" ("at Camp David", "in
/// the East Room", "from the ornate East Room", "from Brennmouth"). "To" is no such
/// preposition: people are written and spoken to.
fn place_preposition_before(body: &str, at: usize) -> bool {
    let before = body.get(..at).unwrap_or_default();
    let start = before.len().saturating_sub(40);
    let start = (start..=before.len())
        .find(|&i| before.is_char_boundary(i))
        .unwrap_or(before.len());
    let mut words = before[start..]
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .rev();
    let is_prep = |w: &str| {
        matches!(
            w,
            "in" | "at" | "from" | "into" | "near" | "outside" | "inside" | "via"
        )
    };
    if !before[start..].ends_with(' ') {
        return false;
    }
    match words.next() {
        Some("the") => words.next().is_some_and(is_prep),
        // One lower-case word between "the" and the name ("from the ornate East Room").
        Some(w) if w.chars().all(char::is_lowercase) && !is_prep(w) => {
            words.next() == Some("the") && words.next().is_some_and(is_prep)
        }
        Some(w) => is_prep(w),
        None => false,
    }
}

/// True when a lower-case word other than a function word follows the name, which then
/// modifies it ("the Red Lantern service", "Kilnford bridge").
fn noun_after(body: &str, end: usize) -> bool {
    let Some(rest) = body.get(end..).and_then(|r| r.strip_prefix(' ')) else {
        return false;
    };
    let word: String = rest.chars().take_while(|c| c.is_alphabetic()).collect();
    // Prepositions and conjunctions the stop words leave out start a new phrase.
    const PHRASE_OPENERS: &[&str] = &[
        "amid",
        "amidst",
        "despite",
        "during",
        "toward",
        "towards",
        "via",
        "near",
        "until",
        "unless",
        "whereas",
        "whilst",
        "per",
        "following",
    ];
    word.chars().next().is_some_and(char::is_lowercase)
        && !::text::is_stopword(&word)
        && !PHRASE_OPENERS.contains(&word.as_str())
}

/// True when the name modifies a lower-case noun right after it ("Republican Senate
/// candidates", "Kilnford bridge"): [`noun_after`], where the word is no verb ("Ada Frey
/// urged", "Brennmouth voted") or adverb.
fn modifies_noun_after(body: &str, end: usize) -> bool {
    if !noun_after(body, end) {
        return false;
    }
    let word: String = body[end + 1..]
        .chars()
        .take_while(|c| c.is_alphabetic())
        .collect();
    !(lexicon::is_person_verb(&word)
        || crate::quotes::verbs::any_form(&word)
        || word.ends_with("ed")
        || word.ends_with("ly"))
}

/// True when one of the (at most three) lower-case words right after a name is a body's
/// staff or shares ("Keldco mining executive").
fn staff_head_after(body: &str, end: usize) -> bool {
    let rest: String = body
        .get(end..)
        .unwrap_or_default()
        .chars()
        .take(60)
        .collect();
    rest.split(' ')
        .skip(1)
        .take(3)
        .take_while(|w| w.chars().all(|c| c.is_lowercase() || c == '-') && !w.is_empty())
        .any(lexicon::is_staff_noun)
}

/// True when the words right after a name make it an organisation: its staff or
/// officers ("Boeing spokesman", "Airbus chief executive"), its shares ("Chrysler
/// shares", "Boeing's stock"), or a product number after a possessive ("Boeing's 787").
fn employer_after(body: &str, end: usize) -> bool {
    let rest: String = body
        .get(end..)
        .unwrap_or_default()
        .chars()
        .take(40)
        .collect();
    let (possessive, rest) = match rest
        .strip_prefix("'s ")
        .or_else(|| rest.strip_prefix("\u{2019}s "))
    {
        Some(r) => (true, r),
        None => (false, rest.as_str()),
    };
    let Some(next) = rest.strip_prefix(' ').or(possessive.then_some(rest)) else {
        return false;
    };
    let word: String = next
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '-')
        .collect();
    if possessive && word.chars().next().is_some_and(|c| c.is_ascii_digit()) {
        return true;
    }
    lexicon::is_staff_noun(&word)
}

/// True when an apposition naming a person's role follows the name ("Lucia Brandvold, a
/// ship agent who…", "Ivan Petrov, the company's founder"): ", a", ", an" or ", the",
/// then a noun naming a person within the next three words.
fn person_apposition(body: &str, end: usize) -> bool {
    let rest = body.get(end..).unwrap_or_default();
    let Some(rest) = [", a ", ", an ", ", the "]
        .iter()
        .find_map(|p| rest.strip_prefix(p))
    else {
        return false;
    };
    rest.split(|c: char| c.is_whitespace())
        .take(3)
        .map(|w| w.trim_end_matches(|c: char| !c.is_alphabetic()))
        .any(lexicon::is_person_noun)
}

/// True when the word right after a name makes it a person's: the team only a leader
/// has ("the Biden administration", "the Clinton campaign", "Trump aides").
fn leader_of_after(body: &str, end: usize) -> bool {
    let Some(next) = body.get(end..).and_then(|r| r.strip_prefix(' ')) else {
        return false;
    };
    let word: String = next.chars().take_while(|c| c.is_alphabetic()).collect();
    matches!(
        word.as_str(),
        "administration" | "campaign" | "presidency" | "aides"
    )
}

/// The length of the title at the start of `group` ("Deputy Secretary of State"), or 0.
/// The most words a title may hold ("Deputy Assistant Secretary of State" has five): a
/// cap that keeps cutting titles out of a long run of title words linear.
const MAX_TITLE_WORDS: usize = 12;

fn title_run(body: &str, toks: &[Tok], group: &[usize]) -> usize {
    let word = |k: usize| &body[toks[k].start..toks[k].end];
    let mut len = 0;
    let mut best = 0;
    let mut has_head = false;
    while len < group.len().min(MAX_TITLE_WORDS) {
        let w = word(group[len]);
        if lexicon::is_title_head(w) {
            has_head = true;
            len += 1;
            best = len;
        } else if lexicon::is_title_modifier(w) {
            len += 1;
            if has_head {
                best = len;
            }
        } else if w == "of" && has_head {
            len += 1;
        } else if len > 0
            && (lexicon::demonym(w).is_some()
                || lexicon::known(w).is_some_and(|(_, k)| k == EntityKind::Place))
        {
            // A country inside a title ("Deputy U.S. Secretary of State"), after a word of
            // it: at the start it stays a name of its own ("U.S. Secretary of State").
            len += 1;
        } else {
            break;
        }
    }
    if has_head {
        best
    } else {
        0
    }
}

fn title_gender(words: &[&str]) -> Option<Gender> {
    words.iter().find_map(|w| match w.trim_end_matches('.') {
        "Mr" | "King" | "Prince" | "Sir" | "Lord" | "Congressman" | "Spokesman" | "Chairman"
        | "Duke" | "Father" | "Brother" | "Emperor" | "Sultan" => Some(Gender::Male),
        "Mrs" | "Ms" | "Miss" | "Queen" | "Princess" | "Dame" | "Lady" | "Congresswoman"
        | "Spokeswoman" | "Chairwoman" | "Sister" => Some(Gender::Female),
        _ => None,
    })
}

/// What the article knows about one canonical name.
#[derive(Debug, Default)]
struct Evidence {
    person: bool,
    org: bool,
    place: bool,
    /// Somewhere a noun naming a kind of organisation comes right before the name; it
    /// outweighs the person evidence of a following verb ("Chrysler said").
    org_noun: bool,
    /// Somewhere a person's verb follows the name ("said").
    by_verb: bool,
    /// Somewhere "he" or "she" comes in the next words after the name.
    pronoun_after: bool,
    /// Somewhere a preposition of place comes before the name ([`Hints::loc_prep`]).
    loc_prep: bool,
    /// Somewhere a word no proper name takes comes before it ([`Hints::common`]).
    common: bool,
    /// Somewhere an ordinal numbers it ([`Hints::numbered`]).
    numbered: bool,
    /// Somewhere a title or an honorific comes right before it ([`Hints::titled`]).
    titled: bool,
}

impl Evidence {
    /// Adds what `other` (the evidence of a surname now resolved to this name) says.
    fn merge(&mut self, other: &Evidence) {
        self.person |= other.person;
        self.by_verb |= other.by_verb;
        self.pronoun_after |= other.pronoun_after;
        self.loc_prep |= other.loc_prep;
        self.titled |= other.titled;
    }
}

fn resolve(
    body: &str,
    candidates: Vec<Candidate>,
    acronyms: &BTreeMap<String, (usize, usize)>,
) -> Vec<Scored> {
    let text_of = |c: &Candidate| body[c.start..c.end].to_string();
    // Words of confident multi-word names and confident single names vouch for
    // sentence-initial words.
    let mut vouched: BTreeMap<String, usize> = BTreeMap::new();
    for c in candidates.iter().filter(|c| !c.hints.tentative) {
        let t = text_of(c);
        for w in t.split_whitespace() {
            *vouched.entry(w.to_string()).or_default() += 1;
        }
    }
    // A lone capitalised word that the article also writes in lower case ("State of
    // play", "the state"), or a function word ("Under the deal"), is a common word,
    // unless it ends a longer name (a surname: "Brown" of "Gordon Brown") or is a known
    // name.
    let surnames: std::collections::BTreeSet<String> = candidates
        .iter()
        .filter_map(|c| {
            let t = text_of(c);
            let mut words = t.split_whitespace();
            let last = words.next_back()?;
            words.next().map(|_| last.to_string())
        })
        .collect();
    // The lower-case forms of the one-word candidates, and those of them the body writes
    // in lower case: one pass over the words, keeping only hits.
    let wanted: std::collections::BTreeSet<String> = candidates
        .iter()
        .map(text_of)
        .filter(|t| !t.contains(' '))
        .map(|t| t.to_lowercase())
        .collect();
    let lower_words: std::collections::BTreeSet<&str> = if wanted.is_empty() {
        std::collections::BTreeSet::new()
    } else {
        text::words(body)
            .map(|(_, w)| w)
            .filter(|w| wanted.contains(*w))
            .collect()
    };
    // A name opening a sentence with a word the article never uses elsewhere in a name,
    // whose remaining words it does use as a known name of their own ("Billionaire
    // Amazon" and "Amazon"), starts after that word.
    let names: std::collections::BTreeSet<String> = candidates.iter().map(text_of).collect();
    let candidates: Vec<Candidate> = candidates
        .into_iter()
        .map(|mut c| {
            if !c.hints.open_unvouched {
                return c;
            }
            let t = text_of(&c);
            if let Some((first, rest)) = t.split_once(' ') {
                let rest = rest.trim_start();
                // The rest must be a body or a place the gazetteer knows: a surname
                // after an unknown first name ("Oliver Daemen", "Daemen") is no such
                // name.
                let known_body = matches!(
                    lexicon::known(rest),
                    Some((_, EntityKind::Organization | EntityKind::Place))
                );
                if vouched.get(first).copied().unwrap_or(0) <= 1
                    && names.contains(rest)
                    && known_body
                {
                    c.start = c.end - rest.len();
                }
            }
            c
        })
        .collect();
    let common_word = |t: &str, c: &Candidate| {
        !t.contains(' ')
            && !c.hints.person
            && !is_all_caps(t)
            && !surnames.contains(t)
            && lexicon::known(t).is_none()
            && lexicon::demonym(t).is_none()
            && (lower_words.contains(t.to_lowercase().as_str())
                || ::text::is_stopword(&t.to_lowercase()))
    };
    let kept: Vec<Candidate> = candidates
        .into_iter()
        .filter(|c| {
            let t = text_of(c);
            let vouched_for = !c.hints.tentative
                || c.hints.person
                || c.hints.by_verb
                || vouched.contains_key(&t)
                || lexicon::known(&t).is_some()
                || lexicon::demonym(&t).is_some();
            vouched_for && !common_word(&t, c)
        })
        .collect();

    // Base canonical name and gazetteer kind of each mention.
    let acronym_names: BTreeMap<&str, String> = acronyms
        .iter()
        .map(|(a, &(s, e))| (a.as_str(), squash(&body[s..e])))
        .collect();
    // A state's code written with points that the article puts somewhere after "in" or
    // after a place and a comma ("voters in D.C."): the state wherever it stands ("the
    // D.C. measure").
    let placed_codes: std::collections::BTreeSet<String> = kept
        .iter()
        .filter(|c| c.hints.place || after_place(body, c.start))
        .map(text_of)
        .filter(|t| t.contains('.') && lexicon::state_code(t).is_some())
        .collect();
    let mut base: Vec<(String, Option<EntityKind>)> = kept
        .iter()
        .map(|c| {
            let t = text_of(c);
            if let Some(long) = acronym_names.get(t.as_str()) {
                return (long.clone(), Some(acronym_kind(long)));
            }
            // A state's postal code after a place and a comma ("Brennmouth, SC").
            if let Some(state) = lexicon::state_code(&t)
                .filter(|_| after_place(body, c.start) || placed_codes.contains(&t))
            {
                return (state.to_string(), Some(EntityKind::Place));
            }
            if let Some((canon, kind)) = lexicon::known(&t) {
                return (canon, Some(kind));
            }
            // The name an acronym stands for is a body's ("Immigration and Customs
            // Enforcement (ICE)").
            let long = squash(&t);
            if long.contains(' ') && acronym_names.values().any(|l| *l == long) {
                let kind = acronym_kind(&long);
                return (long, Some(kind));
            }
            if let Some(country) = lexicon::demonym(&t) {
                return (country.to_string(), Some(EntityKind::Place));
            }
            // People of a place the article names ("Brennmouthians"): like a demonym,
            // they stand for their place, but name no one.
            if let Some(place) = demonym_form(&t, &names) {
                return (place, Some(EntityKind::Other));
            }
            (squash(&t), None)
        })
        .collect();

    // People named in full: their surnames stand for them elsewhere in the article.
    let mut evidence: BTreeMap<String, Evidence> = BTreeMap::new();
    for (c, (name, fixed)) in kept.iter().zip(&base) {
        if fixed.is_some() {
            continue;
        }
        let e = evidence.entry(name.clone()).or_default();
        e.person |= c.hints.person || c.hints.gender.is_some();
        e.by_verb |= c.hints.by_verb;
        e.pronoun_after |= pronoun_after(body, c.end);
        e.org |= c.hints.the_led;
        e.org_noun |= c.hints.org_noun;
        e.place |= c.hints.place;
        e.loc_prep |= c.hints.loc_prep;
        e.common |= c.hints.common;
        e.numbered |= c.hints.numbered;
        e.titled |= c.hints.titled;
    }
    let full_names: Vec<(usize, String)> = kept
        .iter()
        .zip(&base)
        .filter(|(_, (name, fixed))| fixed.is_none() && name.contains(' '))
        .filter(|(_, (name, _))| {
            let e = &evidence[name];
            person_like(name, e)
        })
        .map(|(c, (name, _))| (c.start, name.clone()))
        .collect();
    let by_surname = index_by(&full_names, |full| full.rsplit(' ').next());
    for (c, entry) in kept.iter().zip(base.iter_mut()) {
        if entry.1.is_some() || entry.0.contains(' ') {
            continue;
        }
        let single = entry.0.clone();
        if let Some(full) = nearest(&by_surname, &single, c.start) {
            let own = evidence.remove(&single).unwrap_or_default();
            evidence.entry(full.to_string()).or_default().merge(&own);
            entry.0 = full.to_string();
        }
    }

    // Companies named in full: their first word stands for them elsewhere ("Ford Motor
    // Company" / "Ford"), when the rest is only corporate designators (a town opens
    // "Brennmouth Port Authority" and stays a town), unless that word is a person's
    // surname or an organisation word itself ("Bank").
    let full_orgs: Vec<(usize, String)> = kept
        .iter()
        .zip(&base)
        .filter(|(_, (name, fixed))| {
            name.contains(' ')
                && name
                    .split(' ')
                    .skip(1)
                    .all(lexicon::is_corporate_designator)
                && match fixed {
                    Some(kind) => *kind == EntityKind::Organization,
                    None => {
                        kind_of(name, evidence.get(name).unwrap_or(&Evidence::default()))
                            == EntityKind::Organization
                    }
                }
        })
        .map(|(c, (name, _))| (c.start, name.clone()))
        .collect();
    let by_first_word = index_by(&full_orgs, |full| full.split(' ').next());
    for (c, entry) in kept.iter().zip(base.iter_mut()) {
        if entry.1.is_some()
            || entry.0.contains(' ')
            || lexicon::is_org_suffix(&entry.0)
            || c.hints.place
        {
            continue;
        }
        let single = entry.0.clone();
        if lexicon::is_org_head(&single) {
            continue;
        }
        if let Some(full) = nearest(&by_first_word, &single, c.start) {
            entry.0 = full.to_string();
            entry.1 = Some(EntityKind::Organization);
        }
    }

    // What every mention of a final name shares: how often it is met, and whether
    // some mention of it stands outside a hyphenated modifier and off a sentence start.
    let mut tally: BTreeMap<&str, confidence::Tally> = BTreeMap::new();
    for (c, (name, _)) in kept.iter().zip(&base) {
        let t = tally.entry(name.as_str()).or_default();
        t.mentions += 1;
        t.whole |= !c.hints.cut;
        t.confident |= !c.hints.tentative;
        t.modifier += usize::from(c.hints.modifier);
        // A party member's noun is a common noun wherever it stands.
        t.common |= c.hints.common || lexicon::is_member_noun(name);
    }
    let no_evidence = Evidence::default();
    let out: Vec<Scored> = kept
        .iter()
        .zip(&base)
        .map(|(c, (name, fixed))| {
            let e = evidence.get(name).unwrap_or(&no_evidence);
            let decision = match fixed {
                Some(kind) => Decision {
                    kind: *kind,
                    weak: false,
                },
                None => decide_kind(name, e),
            };
            let kind = decision.kind;
            let text = text_of(c);
            let words: Vec<&str> = name.split(' ').collect();
            let signals = confidence::Signals {
                kind,
                weak: decision.weak,
                person_shape: person_shape(&words),
                known: fixed.is_some(),
                resolved: squash(&text) != *name,
                tally: tally.get(name.as_str()).copied().unwrap_or_default(),
                title: e.person,
                verb: e.by_verb,
                pronoun: e.pronoun_after,
                place_context: e.place || e.loc_prep,
                org_context: e.org_noun || e.org,
            };
            let features = confidence::features(name, &signals);
            let mention = EntityMention {
                text,
                name: name.clone(),
                kind,
                start: c.start,
                end: c.end,
                confidence: confidence::probability(&features),
            };
            Scored { mention, features }
        })
        .collect();
    out
}

/// The kind of a name an acronym stands for: the gazetteer's, else a law's or an
/// event's when its last word says so ("… Act"), else a body's.
fn acronym_kind(long: &str) -> EntityKind {
    match lexicon::known(long) {
        Some((_, kind)) => kind,
        None if long
            .rsplit(' ')
            .next()
            .is_some_and(lexicon::is_other_suffix) =>
        {
            EntityKind::Other
        }
        None => EntityKind::Organization,
    }
}

/// True when a capitalised word and a comma or an opening bracket come right before `at`
/// ("Brennmouth, ", "Senator Ona Brand (").
fn after_place(body: &str, at: usize) -> bool {
    body.get(..at)
        .and_then(|b| b.strip_suffix(", ").or_else(|| b.strip_suffix(" (")))
        .and_then(|b| b.split(|c: char| !c.is_alphabetic()).next_back())
        .is_some_and(starts_upper)
}

/// Full names at their offsets grouped by one of their words (`key`), each group in the
/// order given: what [`nearest`] looks a single word up in.
fn index_by<'a>(
    names: &'a [(usize, String)],
    key: impl Fn(&'a str) -> Option<&'a str>,
) -> BTreeMap<&'a str, Vec<(usize, &'a str)>> {
    let mut index: BTreeMap<&str, Vec<(usize, &str)>> = BTreeMap::new();
    for (at, name) in names {
        if let Some(k) = key(name) {
            index.entry(k).or_default().push((*at, name.as_str()));
        }
    }
    index
}

/// The full name filed under `word` nearest before `at` (at or before it), else the first
/// one after it. Names are filed in text order.
fn nearest<'a>(
    index: &BTreeMap<&str, Vec<(usize, &'a str)>>,
    word: &str,
    at: usize,
) -> Option<&'a str> {
    let names = index.get(word)?;
    let k = names.partition_point(|&(s, _)| s <= at);
    k.checked_sub(1)
        .map(|b| names[b].1)
        .or_else(|| names.get(k).map(|&(_, full)| full))
}

/// True when "he", "she", "his" or "her" comes within the 120 characters after `end`
/// (a person talked about, not an organisation).
fn pronoun_after(body: &str, end: usize) -> bool {
    let rest: String = body
        .get(end..)
        .unwrap_or_default()
        .chars()
        .take(120)
        .collect();
    let found = ::text::words(&rest).any(|(_, w)| {
        matches!(
            w,
            "he" | "she" | "his" | "her" | "He" | "She" | "His" | "Her"
        )
    });
    found
}

/// True for a model designation: three digits, or three or four after one or two
/// capitals, with an optional suffix ("787", "A380", "737-800", "777-200LR"); "G20",
/// "F1" and years are not.
fn is_model_code(word: &str) -> bool {
    let head = word.split('-').next().unwrap_or(word);
    let letters = head.chars().take_while(|c| c.is_ascii_uppercase()).count();
    let digits = head
        .chars()
        .skip(letters)
        .take_while(|c| c.is_ascii_digit())
        .count();
    let digits_ok = if letters == 0 {
        digits == 3
    } else {
        (3..=4).contains(&digits)
    };
    letters <= 2 && digits_ok && head.chars().count() == letters + digits
}

/// Letters, a hyphen and one to three digits: "COVID-19", "F-35", "BE-3".
fn is_designation(word: &str) -> bool {
    word.rsplit_once('-').is_some_and(|(head, number)| {
        !head.is_empty()
            && head.chars().all(char::is_alphabetic)
            && (1..=3).contains(&number.len())
            && number.chars().all(|c| c.is_ascii_digit())
    })
}

/// The one-word name of the article a one-word plural is formed on, as a demonym is on
/// its place's ("Brennmouthians" on "Brennmouth", "Keldans" on "Keldas").
fn demonym_form(name: &str, names: &std::collections::BTreeSet<String>) -> Option<String> {
    if name.contains(' ') {
        return None;
    }
    ["ians", "ans", "ites"].iter().find_map(|suffix| {
        let stem = name.strip_suffix(suffix)?;
        if stem.chars().count() < 3 {
            return None;
        }
        names
            .range::<str, _>((std::ops::Bound::Included(stem), std::ops::Bound::Unbounded))
            .take_while(|n| n.starts_with(stem))
            .find(|n| !n.contains(' ') && n.as_str() != name && !n.starts_with(name))
            .cloned()
    })
}

fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn person_like(name: &str, e: &Evidence) -> bool {
    kind_of(name, e) == EntityKind::Person
}

/// How a name was typed: its kind, and whether only weak signs typed it (a verb, "the",
/// a preposition, the shape of the name), which the confidence weighs.
struct Decision {
    kind: EntityKind,
    weak: bool,
}

fn kind_of(name: &str, e: &Evidence) -> EntityKind {
    decide_kind(name, e).kind
}

/// The kind of a name: strong signs first (a product code, organisation, place and
/// other words, a known body inside it, an acronym, a noun naming a kind of body before
/// it, a title or first name), then weak ones.
fn decide_kind(name: &str, e: &Evidence) -> Decision {
    let rule = |kind| Decision { kind, weak: false };
    let words: Vec<&str> = name.split(' ').collect();
    let (Some(first), Some(last)) = (words.first(), words.last()) else {
        return rule(EntityKind::Other);
    };
    // A model designation ("A380", "Airbus A350", "Boeing 737-800") names a product;
    // letters and a number joined by a hyphen ("COVID-19", "F-35", "BE-3") name a
    // disease, a product or a series, not a body or a place.
    if words.iter().any(|w| is_model_code(w) || is_designation(w)) {
        return rule(EntityKind::Other);
    }
    // A document ("the Constitution", "the Keldan Charter", "First Amendment") or a
    // numbered part of one ("Article II", "Title IX") is neither a body nor a place.
    let numbered_part = matches!(words.as_slice(), [part, number]
        if lexicon::is_document_part(part) && is_roman_numeral(number));
    if lexicon::is_document(last) || numbered_part {
        // Alone, the word may be a common noun ("the amendment") or a name cut short
        // ("Amendment 64"): a weak sign.
        return Decision {
            kind: EntityKind::Other,
            weak: words.len() == 1,
        };
    }
    // A word that takes an article or a count ("a Whig", "two Fenwicks") is a common
    // noun: a member of a party, a product, no one's name.
    if e.common && words.len() == 1 {
        return rule(EntityKind::Other);
    }
    // A party member ("Republican") is described, not named.
    if words.len() == 1 && lexicon::is_member_noun(name) {
        return rule(EntityKind::Other);
    }
    // The head of "X of Y" is the word before "of" ("District of Keld", "Port of
    // Brennmouth"); a name that opens with it is typed by it.
    let head = words
        .iter()
        .position(|w| matches!(*w, "of" | "for"))
        .filter(|&p| p > 0)
        .map_or(*last, |p| words[p - 1]);
    // A numbered division ("27th District", "Third Ward of Brennmouth") is a
    // designation inside its place's name, not a name of its own.
    if e.numbered && lexicon::is_division(head) {
        return rule(EntityKind::Other);
    }
    if words.len() > 1 {
        // A plural of a body's word ends a body's name too ("Coast Guards", "Reserves").
        let plural_suffix = last
            .strip_suffix('s')
            .is_some_and(|w| w.len() >= 3 && lexicon::is_org_suffix(w));
        // So does one before "of" or "for" ("National Association for the …"), unless
        // a known place follows ("Keldco Company of Brennmouth": a body and where it
        // is). A plural ("the Leagues of Rights") names bodies of a kind, not one.
        let tail = words
            .iter()
            .position(|w| matches!(*w, "of" | "for"))
            .map_or(&[][..], |p| &words[p + 1..]);
        let place_after =
            lexicon::known(&tail.join(" ")).is_some_and(|(_, k)| k == EntityKind::Place);
        let body_head = head != *last
            && !place_after
            && (lexicon::is_org_head(head) || lexicon::is_org_suffix(head));
        if lexicon::is_org_suffix(last) || plural_suffix || lexicon::is_org_head(first) || body_head
        {
            return rule(EntityKind::Organization);
        }
        if lexicon::is_other_suffix(last) {
            return rule(EntityKind::Other);
        }
        if lexicon::is_place_suffix(last) || lexicon::is_place_suffix(head) {
            return rule(EntityKind::Place);
        }
    }
    // A lone word naming a kind of body ("the Committee", "the Ministry", "the House")
    // stands for one the article names in full.
    let body_word = lexicon::is_org_suffix(name) || lexicon::is_org_head(name);
    if (is_all_caps(name) || e.org_noun || body_word) && words.len() == 1 {
        return rule(EntityKind::Organization);
    }
    // A body's name inside the name makes it a body's ("Senate GOP"), unless a first
    // name opens it or a title comes before it ("Ada Reuters", "Mayor Ona Reuters").
    let first_name = words.len() > 1 && lexicon::first_name_gender(first).is_some();
    if words.len() > 1
        && !first_name
        && !e.titled
        && words
            .iter()
            .any(|w| lexicon::known(w).is_some_and(|(_, k)| k == EntityKind::Organization))
    {
        return rule(EntityKind::Organization);
    }
    if e.person || first_name {
        return rule(EntityKind::Person);
    }
    // A compass point before a known place ("West Texas", "Northern Ireland") names a
    // part of it.
    if let [point, place] = words.as_slice() {
        let compass = matches!(
            point.trim_end_matches("ern"),
            "North" | "South" | "East" | "West" | "Central"
        );
        if compass && lexicon::known(place).is_some_and(|(_, k)| k == EntityKind::Place) {
            return rule(EntityKind::Place);
        }
    }
    // Two or three capitalised words holding an acronym or a known place or body ("JSA
    // Research", "Air China", "China Eastern") name a company, whatever verb follows.
    let corporate = words.len() > 1
        && words
            .iter()
            .any(|w| is_all_caps(w) || lexicon::known(w).is_some());
    if corporate {
        return rule(EntityKind::Organization);
    }
    let weak = |kind| Decision { kind, weak: true };
    // News names a person in full before it uses a surname alone, so a single word that
    // only a verb calls a person, and that is no full name's surname here, is an
    // organisation ("Boeing said").
    // So is a name longer than a person's ("Keldon Harbour Drug Enforcement Area
    // wrote"), unless a first name opens it.
    if e.by_verb {
        let single = words.len() == 1 && !e.place && !e.pronoun_after;
        let long = words.len() > 3
            && words
                .iter()
                .all(|w| (starts_upper(w) && !w.ends_with('.')) || acronym_filler(w));
        return weak(
            if (single || long) && lexicon::first_name_gender(first).is_none() {
                EntityKind::Organization
            } else {
                EntityKind::Person
            },
        );
    }
    // "The" before a lone plural word names a group ("served in the Rangers"), not a
    // place.
    if e.org && !e.place && words.len() == 1 && is_plural(name) {
        return weak(EntityKind::Organization);
    }
    // Met after a preposition of place ("at Camp David", "from the ornate East Room")
    // and never as a person or a body's name: a place, whether or not "the" comes
    // before it. ("To" is left out: people are written to and spoken to.)
    if e.place || (e.loc_prep && !e.org_noun) {
        return weak(EntityKind::Place);
    }
    if e.org {
        return weak(EntityKind::Organization);
    }
    // Two or three capitalised words are a person's name, unless a capitalised "The"
    // opens them: a title of a work or a body's name ("The Closer").
    if person_shape(&words) {
        return weak(EntityKind::Person);
    }
    weak(EntityKind::Other)
}

/// A number in Roman numerals ("II", "IX", "XIV").
fn is_roman_numeral(word: &str) -> bool {
    !word.is_empty()
        && word
            .chars()
            .all(|c| matches!(c, 'I' | 'V' | 'X' | 'L' | 'C'))
}

/// A word that looks plural: an "s" after a letter other than "s", "u" or "i" ("Rangers";
/// not "Congress", "Laos", "Paris").
fn is_plural(word: &str) -> bool {
    word.strip_suffix('s').is_some_and(|stem| {
        stem.chars().count() >= 3
            && stem
                .chars()
                .last()
                .is_some_and(|c| c.is_lowercase() && !matches!(c, 's' | 'u' | 'i'))
    })
}

/// Two or three capitalised words of letters, not opened by "The": the shape of a
/// person's name.
fn person_shape(words: &[&str]) -> bool {
    (2..=3).contains(&words.len())
        && words.first() != Some(&"The")
        && words
            .iter()
            .all(|w| w.chars().count() > 1 && !lexicon::is_not_name(w))
        && words
            .iter()
            .all(|w| starts_upper(w) && w.chars().all(|c| c.is_alphabetic() || "-'.’".contains(c)))
}

/// A word glued to the next by a missing space after an acronym ("NATOand"): two or more
/// capitals, then three or more lower-case letters. No name is written so ("McDonald"
/// has one capital before its lower case, "MPs" one letter after its capitals).
fn glued(word: &str) -> bool {
    let caps = word.chars().take_while(char::is_ascii_uppercase).count();
    let rest = &word[caps.min(word.len())..];
    caps >= 2 && rest.len() >= 3 && rest.chars().all(|c| c.is_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_glued_to_an_acronym_is_no_name() {
        assert!(glued("NATOand"));
        assert!(!glued("NATO"));
        assert!(!glued("MPs"));
        assert!(!glued("McDonald"));
        assert!(!glued("OSCE"));
        let names: Vec<String> = find("Talks on Ukraine and NATOand NATO's expansion went on.")
            .into_iter()
            .map(|m| m.name)
            .collect();
        assert!(!names.iter().any(|n| n.contains("NATOand")), "{names:?}");
    }

    #[test]
    fn and_goes_on_with_a_name_only_after_its_of() {
        let got = names("Talks between the United States and NATO resumed in Geneva.");
        assert!(got.iter().any(|(t, ..)| t == "United States"), "{got:?}");
        assert!(got.iter().any(|(t, ..)| t == "NATO"), "{got:?}");
        let got = names("Officials at the Department of Health and Human Services declined.");
        assert!(
            got.iter()
                .any(|(t, ..)| t == "Department of Health and Human Services"),
            "{got:?}"
        );
    }

    #[test]
    fn an_and_between_plain_words_joins_one_body() {
        let got = names("Shares fell after the U.S. Food and Drug Administration ruled.");
        assert!(
            got.iter()
                .any(|(t, ..)| t == "U.S. Food and Drug Administration"),
            "{got:?}"
        );
        let got = names("Sales at Toyota and General Motors rose in May.");
        assert!(got.iter().any(|(t, ..)| t == "General Motors"), "{got:?}");
        assert!(!got.iter().any(|(t, ..)| t.contains(" and ")), "{got:?}");
    }

    #[test]
    fn kinds_from_the_shape_of_a_name() {
        let got = names("Rain fell across West Texas as COVID-19 cases rose in Mississippi.");
        assert!(
            has(&got, "West Texas", "West Texas", EntityKind::Place),
            "{got:?}"
        );
        assert!(
            has(&got, "COVID-19", "COVID-19", EntityKind::Other),
            "{got:?}"
        );
        assert!(
            has(&got, "Mississippi", "Mississippi", EntityKind::Place),
            "{got:?}"
        );
    }

    #[test]
    fn a_sentence_opening_word_the_article_never_names_is_left_out() {
        let got = names(
            "Billionaire Amazon founder Jane Roe flew to orbit on Tuesday. Shares of Amazon rose.",
        );
        assert!(got.iter().any(|(t, ..)| t == "Amazon"), "{got:?}");
        assert!(
            !got.iter().any(|(t, ..)| t.contains("Billionaire")),
            "{got:?}"
        );
        // A surname used alone later keeps its unknown first name.
        let got = names("Ottar Vinsley won the race. Vinsley thanked the crowd.");
        assert!(got.iter().any(|(t, ..)| t == "Ottar Vinsley"), "{got:?}");
    }

    #[test]
    fn a_plural_possessive_carries_a_name_on() {
        let got = names("The strike was called by the Brennmouth Dockworkers' Union on Monday.");
        assert!(
            got.iter()
                .any(|(t, ..)| t == "Brennmouth Dockworkers' Union"),
            "{got:?}"
        );
    }

    #[test]
    fn a_leaders_team_makes_the_name_a_persons() {
        let got = names("The Brenner administration will stop the raids, officials said.");
        assert!(
            got.iter()
                .any(|(t, _, k)| t == "Brenner" && *k == EntityKind::Person),
            "{got:?}"
        );
    }

    #[test]
    fn a_capitalised_function_word_is_not_a_name() {
        let body = "Harbour fees rose again. Under the deal, Marta Ilves said, the port pays less.";
        let names: Vec<String> = find(body).into_iter().map(|m| m.text).collect();
        assert!(!names.iter().any(|n| n == "Under"), "{names:?}");
        assert!(names.iter().any(|n| n == "Marta Ilves"), "{names:?}");
    }

    #[test]
    fn a_capitalised_common_word_is_not_a_name() {
        let body = "The envoys met at the Summit on Monday with Gordon Brown. \
                    The summit ended late.";
        let names: Vec<String> = find(body).into_iter().map(|m| m.text).collect();
        assert!(!names.iter().any(|n| n == "Summit"), "{names:?}");
        assert!(names.iter().any(|n| n == "Gordon Brown"), "{names:?}");
        // A surname written alone stays a name even if the word is common ("brown").
        let body = "Gordon Brown spoke. Brown said the brown hills were dry.";
        let names: Vec<String> = find(body).into_iter().map(|m| m.text).collect();
        assert!(
            names.iter().filter(|n| *n == "Brown").count() >= 1,
            "{names:?}"
        );
    }

    fn names(body: &str) -> Vec<(String, String, EntityKind)> {
        find(body)
            .into_iter()
            .map(|m| (m.text, m.name, m.kind))
            .collect()
    }

    fn has(got: &[(String, String, EntityKind)], text: &str, name: &str, kind: EntityKind) -> bool {
        got.iter()
            .any(|(t, n, k)| t == text && n == name && *k == kind)
    }

    #[test]
    fn an_unfinished_body_name_goes_on_past_and() {
        let body = "The Institutes for Tide Watch and Rescue said on Monday that the Harbour \
                    Department and Coast Guard would meet.";
        let got = names(body);
        assert!(
            got.iter()
                .any(|(t, _, _)| t == "Institutes for Tide Watch and Rescue"),
            "{got:?}"
        );
        // A name completed by its head word is coordinated with the next one.
        assert!(
            !got.iter().any(|(t, _, _)| t.contains("Department and")),
            "{got:?}"
        );
    }

    #[test]
    fn organisations_lend_their_first_word() {
        let body = "General Motors, the Tolland Motor Company and the Orrin Port Authority cut \
                    jobs.\n\nTolland said the cuts would last a year. Orrin stayed calm. The \
                    carmaker Vantor said \
                    nothing.\n\nVantor said it would wait.";
        let got = names(body);
        assert!(
            has(
                &got,
                "General Motors",
                "General Motors",
                EntityKind::Organization
            ),
            "{got:?}"
        );
        assert!(
            has(
                &got,
                "Tolland",
                "Tolland Motor Company",
                EntityKind::Organization
            ),
            "{got:?}"
        );
        assert!(
            !got.iter().any(|(t, n, _)| t == "Orrin" && n != "Orrin"),
            "{got:?}"
        );
        assert!(
            got.iter()
                .filter(|(t, _, _)| t == "Vantor")
                .all(|(_, _, k)| *k == EntityKind::Organization),
            "{got:?}"
        );
    }

    #[test]
    fn titles_type_people_and_surnames_resolve() {
        let body = "Ukraine's Deputy Foreign Minister Olena Tarasenko met reporters in Oslo.\n\n\
                    Tarasenko said the talks were useful.";
        let got = names(body);
        assert!(
            has(&got, "Ukraine", "Ukraine", EntityKind::Place),
            "{got:?}"
        );
        assert!(
            has(
                &got,
                "Olena Tarasenko",
                "Olena Tarasenko",
                EntityKind::Person
            ),
            "{got:?}"
        );
        assert!(
            has(&got, "Tarasenko", "Olena Tarasenko", EntityKind::Person),
            "{got:?}"
        );
        assert!(has(&got, "Oslo", "Oslo", EntityKind::Place), "{got:?}");
        assert!(
            !got.iter().any(|(t, _, _)| t.contains("Minister")),
            "{got:?}"
        );
    }

    #[test]
    fn aliases_and_acronyms_share_a_name() {
        let body = "The U.S. and Nato met the Council for Ocean Fisheries (COF) in Lima.\n\n\
                    COF officials said the United States and NATO were late. The US-led group left.";
        let got = names(body);
        assert!(
            has(&got, "U.S.", "United States", EntityKind::Place),
            "{got:?}"
        );
        assert!(
            has(&got, "US", "United States", EntityKind::Place),
            "{got:?}"
        );
        assert!(
            has(&got, "Nato", "NATO", EntityKind::Organization),
            "{got:?}"
        );
        assert!(
            has(
                &got,
                "COF",
                "Council for Ocean Fisheries",
                EntityKind::Organization
            ),
            "{got:?}"
        );
    }

    #[test]
    fn single_names_only_a_verb_calls_people_are_organisations() {
        let got = names(
            "Talvik Aerospace lost an order. On Monday Talvik said it would cut 300 jobs.\n\n\
             A Talvik spokesman gave no figures.",
        );
        assert!(
            has(&got, "Talvik", "Talvik", EntityKind::Organization),
            "{got:?}"
        );
        let got = names("In the film Orla said nothing for an hour before she left the room.");
        assert!(has(&got, "Orla", "Orla", EntityKind::Person), "{got:?}");
        let got = names("Analysts said Ferrowind's 440 had sold well in the north.");
        assert!(
            has(&got, "Ferrowind", "Ferrowind", EntityKind::Organization),
            "{got:?}"
        );
    }

    #[test]
    fn sentence_initial_words_need_support() {
        let body = "Speaking on Friday, Maria Lindqvist said the Kremlin had agreed. However the deal fell apart.";
        let got = names(body);
        assert!(
            !got.iter()
                .any(|(t, _, _)| t == "Speaking" || t == "However"),
            "{got:?}"
        );
        assert!(
            has(&got, "Kremlin", "Kremlin", EntityKind::Organization),
            "{got:?}"
        );
        assert!(
            has(
                &got,
                "Maria Lindqvist",
                "Maria Lindqvist",
                EntityKind::Person
            ),
            "{got:?}"
        );
    }

    #[test]
    fn products_indices_and_currencies_are_not_bodies() {
        let got = names(
            "Velora Air ordered ten Kestrel K450 jets and a Brannock 787 for US$ 2 billion.\n\n\
             The Nikkei fell while the Dow Jones rose; the deal is worth 40 million USD.",
        );
        assert!(
            !got.iter()
                .any(|(t, _, k)| t.contains("450") && *k != EntityKind::Other),
            "{got:?}"
        );
        assert!(
            !got.iter()
                .any(|(t, _, k)| t.contains("787") && *k != EntityKind::Other),
            "{got:?}"
        );
        assert!(
            !got.iter().any(|(t, _, _)| t == "US" || t == "USD"),
            "{got:?}"
        );
        assert!(
            got.iter()
                .filter(|(t, _, _)| t == "Nikkei" || t == "Dow Jones")
                .all(|(_, _, k)| *k == EntityKind::Other),
            "{got:?}"
        );
    }

    #[test]
    fn names_with_a_place_or_an_acronym_are_companies() {
        let got = names("Analysts at QTR Research said Air Norway and Canada Western would merge.");
        for name in ["QTR Research", "Air Norway", "Canada Western"] {
            assert!(
                has(&got, name, name, EntityKind::Organization),
                "{name}: {got:?}"
            );
        }
        assert!(is_model_code("A380") && is_model_code("737-800") && is_model_code("787"));
        assert!(!is_model_code("G20") && !is_model_code("F1") && !is_model_code("2009"));
    }

    #[test]
    fn an_acronym_widens_a_name_cut_at_a_lower_case_word() {
        let got =
            names("Agents of U.S. Immigration and Customs Enforcement (ICE) left. ICE said so.");
        let full = "Immigration and Customs Enforcement";
        assert!(has(&got, full, full, EntityKind::Organization), "{got:?}");
        assert!(has(&got, "ICE", full, EntityKind::Organization), "{got:?}");
        assert!(
            has(&got, "U.S.", "United States", EntityKind::Place),
            "{got:?}"
        );
        assert!(
            !got.iter()
                .any(|(t, ..)| t == "Customs Enforcement" || t == "U.S. Immigration"),
            "{got:?}"
        );
    }

    #[test]
    fn known_names_joined_by_a_hyphen_are_names_of_their_own() {
        let got =
            names("Shelling went on along the Ukrainian-Russian border after US-Russia talks.");
        assert!(!got.iter().any(|(t, ..)| t.contains('-')), "{got:?}");
        assert!(has(&got, "Russia", "Russia", EntityKind::Place), "{got:?}");
    }

    #[test]
    fn a_preposition_of_place_types_an_unknown_name() {
        let got = names(
            "The president returned from a weekend at Camp David amid chaotic scenes. He spoke in the East Room \
             on Monday, and the ship docked at Calder.",
        );
        for place in ["Camp David", "East Room", "Calder"] {
            assert!(
                has(&got, place, place, EntityKind::Place),
                "{place}: {got:?}"
            );
        }
    }

    #[test]
    fn the_head_of_a_hyphenated_modifier_is_unsure() {
        let got = find("The Democratic-led committee met. High-level talks began with Anna Berg.");
        for m in &got {
            if m.text == "Democratic" || m.text == "High" {
                assert!(m.confidence < EntityMention::SHOWN_CONFIDENCE, "{m:?}");
            }
        }
        assert!(
            got.iter()
                .any(|m| m.text == "Anna Berg" && m.confidence >= EntityMention::SHOWN_CONFIDENCE),
            "{got:?}"
        );
    }

    #[test]
    fn a_country_inside_a_title_is_part_of_it() {
        let got = names("Deputy U.S. Secretary of State Wendy Sherman met them in Geneva.");
        assert!(!got.iter().any(|(t, ..)| t.contains("Deputy")), "{got:?}");
        assert!(
            has(&got, "Wendy Sherman", "Wendy Sherman", EntityKind::Person),
            "{got:?}"
        );
    }

    #[test]
    fn a_lone_word_naming_a_kind_of_body_is_an_organisation() {
        let got =
            names("The House Ways and Means Committee asked. The Treasury told the Committee no.");
        assert!(
            got.iter()
                .filter(|(t, ..)| t == "Committee")
                .all(|(.., k)| *k == EntityKind::Organization),
            "{got:?}"
        );
    }

    #[test]
    fn an_apposition_naming_a_role_makes_a_person() {
        let got = names("Lucia Brandvold, a ship agent who represents four vessels, was worried.");
        assert!(
            has(
                &got,
                "Lucia Brandvold",
                "Lucia Brandvold",
                EntityKind::Person
            ),
            "{got:?}"
        );
    }

    #[test]
    fn a_preposition_before_a_name_used_as_a_modifier_says_nothing() {
        let got = names("Volunteers from the Red Lantern service served breakfast.");
        assert!(
            !got.iter()
                .any(|(t, .., k)| t == "Red Lantern" && *k == EntityKind::Place),
            "{got:?}"
        );
    }

    #[test]
    fn datelines_labels_and_party_tags_are_no_entities() {
        let body = "BRENNMOUTH, Vel. \u{2014} The Harbour Board met on Monday.\n\nUPDATE: Senator Ona Brand, D-VL, said the Harbour Board must act.\n\nKELDON (Wire) -- Rep. Ada Frey (R-Keld.) agreed.";
        let names: Vec<String> = find(body).into_iter().map(|m| m.text).collect();
        for junk in [
            "BRENNMOUTH",
            "KELDON",
            "UPDATE",
            "D-VL",
            "R-Keld",
            "R-Keld.",
        ] {
            assert!(!names.iter().any(|n| n == junk), "{junk} in {names:?}");
        }
        assert!(names.iter().any(|n| n == "Harbour Board"), "{names:?}");
        assert!(names.iter().any(|n| n.contains("Ona Brand")), "{names:?}");
    }

    #[test]
    fn a_name_that_only_modifies_a_noun_is_unsure() {
        let got = find(
            "Ada Frey, one of the Keldon Assembly candidates, spoke in Brennmouth on Monday. \
             Frey said the harbour would stay open.",
        );
        let assembly = got.iter().find(|m| m.text == "Keldon Assembly");
        assert!(
            assembly.is_some_and(|m| m.confidence < EntityMention::SHOWN_CONFIDENCE),
            "{got:?}"
        );
        assert!(
            got.iter()
                .any(|m| m.name == "Ada Frey" && m.confidence >= EntityMention::SHOWN_CONFIDENCE),
            "{got:?}"
        );
    }

    #[test]
    fn a_word_after_an_article_is_a_common_noun() {
        let got = names("Peter Lind, a Whig, said the vote was close.");
        assert!(has(&got, "Whig", "Whig", EntityKind::Other), "{got:?}");
        assert!(
            has(&got, "Peter Lind", "Peter Lind", EntityKind::Person),
            "{got:?}"
        );
    }

    #[test]
    fn people_of_a_place_stand_for_the_place() {
        let got = names(
            "Brennmouth voted on Monday. Many Brennmouthians stayed home, and Brennmouth \
             counted late.",
        );
        assert!(
            has(&got, "Brennmouthians", "Brennmouth", EntityKind::Other),
            "{got:?}"
        );
    }

    #[test]
    fn a_state_code_after_a_place_is_the_state() {
        let got = names("Ona Brand trained at Kelby Point, SC, for six months.");
        assert!(
            has(&got, "SC", "South Carolina", EntityKind::Place),
            "{got:?}"
        );
        assert_eq!(lexicon::state_code("S.C."), Some("South Carolina"));
        assert_eq!(lexicon::state_code("SCA"), None);
    }

    #[test]
    fn plural_body_words_and_groups_are_organisations() {
        let got = names(
            "Peter Lind joined the Kelby Coast Reserves in 1990. He served in the Rangers \
             for six years.",
        );
        assert!(
            has(
                &got,
                "Kelby Coast Reserves",
                "Kelby Coast Reserves",
                EntityKind::Organization
            ),
            "{got:?}"
        );
        assert!(
            has(&got, "Rangers", "Rangers", EntityKind::Organization),
            "{got:?}"
        );
    }

    #[test]
    fn a_possessive_after_a_preposition_is_no_place() {
        let got = names("Nothing takes away from Ona's record, Peter Lind wrote.");
        assert!(
            !got.iter()
                .any(|(t, .., k)| t == "Ona" && *k == EntityKind::Place),
            "{got:?}"
        );
    }

    #[test]
    fn two_bodies_joined_by_and_are_two_names() {
        let got = names("The levy cleared the House and Senate on Monday, Peter Lind said.");
        assert!(!got.iter().any(|(t, ..)| t.contains(" and ")), "{got:?}");
        assert!(
            has(&got, "Senate", "Senate", EntityKind::Organization),
            "{got:?}"
        );
        assert!(
            has(&got, "House", "House", EntityKind::Organization),
            "{got:?}"
        );
        let got = names("Brennmouth Democrats and Keldon Senate Whigs met the Coal Board.");
        assert!(!got.iter().any(|(t, ..)| t.contains(" and ")), "{got:?}");
    }

    #[test]
    fn a_lone_body_word_after_a_place_preposition_is_a_body() {
        let got = names("Peter Lind spoke twice in the House on Monday.");
        assert!(
            has(&got, "House", "House", EntityKind::Organization),
            "{got:?}"
        );
    }

    #[test]
    fn a_first_name_outweighs_a_known_body_inside_a_name() {
        let got = names("Brennmouth Mayor Tomas Bloomberg opened the Coal Board office.");
        assert!(
            has(
                &got,
                "Tomas Bloomberg",
                "Tomas Bloomberg",
                EntityKind::Person
            ),
            "{got:?}"
        );
    }

    #[test]
    fn an_indefinite_pronoun_opening_a_sentence_is_no_name() {
        let got = names("\"Everyone says the Coal Board is finished,\" Peter Lind said.");
        assert!(!got.iter().any(|(t, ..)| t == "Everyone"), "{got:?}");
        let got = names("Nobody answered at the Coal Board.");
        assert!(!got.iter().any(|(t, ..)| t == "Nobody"), "{got:?}");
    }

    #[test]
    fn an_abbreviation_ending_a_sentence_ends_the_name() {
        let got =
            names("Ona Brand lied many times to the C.B.A. Nothing happened to her, Lind said.");
        assert!(got.iter().all(|(t, ..)| !t.contains("Nothing")), "{got:?}");
        assert!(got.iter().any(|(t, ..)| t == "C.B.A."), "{got:?}");
        // A name after an abbreviation goes on ("the U.S. Coal Board").
        let got = names("He spoke to the U.S. Coal Board on Monday.");
        assert!(
            got.iter().any(|(t, ..)| t.contains("Coal Board")),
            "{got:?}"
        );
    }

    #[test]
    fn a_party_members_noun_describes_a_person() {
        let got = names(
            "Tomas Varga, the Brennmouth Republican who chairs the Coal Board, resigned. \
             Ona Brand, the No. 2 House Democrat, said Varga would be missed.",
        );
        for junk in ["Brennmouth Republican", "House Democrat"] {
            assert!(!got.iter().any(|(t, ..)| t == junk), "{junk}: {got:?}");
        }
        assert!(
            got.iter()
                .filter(|(t, ..)| t == "Republican" || t == "Democrat")
                .all(|(.., k)| *k == EntityKind::Other),
            "{got:?}"
        );
        assert!(
            has(&got, "House", "House", EntityKind::Organization),
            "{got:?}"
        );
        let got = find("Peter Lind, a Republican, won. The Republican House met on Monday.");
        assert!(
            got.iter()
                .filter(|m| m.text == "Republican")
                .all(|m| m.kind == EntityKind::Other
                    && m.confidence < EntityMention::SHOWN_CONFIDENCE),
            "{got:?}"
        );
        assert!(!got.iter().any(|m| m.text == "Republican House"), "{got:?}");
    }

    #[test]
    fn a_title_word_inside_a_laws_name_is_part_of_it() {
        let got = names("The Justice for Harbour Workers Act passed on Monday.");
        let law = "Justice for Harbour Workers Act";
        assert!(has(&got, law, law, EntityKind::Other), "{got:?}");
        assert!(
            !got.iter().any(|(_, _, k)| *k == EntityKind::Person),
            "{got:?}"
        );
    }

    #[test]
    fn an_acronym_after_or_stands_for_a_law() {
        let got =
            names("The Harbour Workers Protection Act, or HWPA, passed. Peter Lind opposed HWPA.");
        let law = "Harbour Workers Protection Act";
        assert!(has(&got, "HWPA", law, EntityKind::Other), "{got:?}");
        assert!(has(&got, law, law, EntityKind::Other), "{got:?}");
    }

    #[test]
    fn a_numbered_division_is_a_designation() {
        let got = find(
            "Peter Lind, who represents the 9th District of Keldany, met voters in \
             Brennmouth's Third Ward and in Keldany's 4th Congressional District.",
        );
        for text in [
            "District of Keldany",
            "Third Ward",
            "Congressional District",
        ] {
            let m = got.iter().find(|m| m.text == text);
            assert!(
                m.is_some_and(|m| m.kind == EntityKind::Other
                    && m.confidence < EntityMention::SHOWN_CONFIDENCE),
                "{text}: {got:?}"
            );
        }
    }

    #[test]
    fn a_dateline_with_a_horizontal_bar_is_no_entity() {
        let got = names("BRENNMOUTH \u{2015} The Coal Board met on Monday.");
        assert!(!got.iter().any(|(t, ..)| t == "BRENNMOUTH"), "{got:?}");
    }

    #[test]
    fn a_state_in_brackets_after_a_person_is_no_acronym() {
        let got = names("Sen. Ona Brand (N.Y.) said the Coal Board would close.");
        assert!(has(&got, "N.Y.", "New York", EntityKind::Place), "{got:?}");
        assert!(
            has(&got, "Ona Brand", "Ona Brand", EntityKind::Person),
            "{got:?}"
        );
    }

    #[test]
    fn a_holiday_is_no_person() {
        let got = names("Before Christmas, the vice president had met Peter Lind.");
        assert!(
            has(&got, "Christmas", "Christmas", EntityKind::Other),
            "{got:?}"
        );
    }

    #[test]
    fn a_party_state_tag_and_a_bare_initial_are_no_entities() {
        let got = names(
            "Sen. Ona Brand, R-S.C., spoke first. Rep. Peter Lind, D-N.Y., and Tomas \
             Varga, D-Keld., agreed. The letter was signed C. and nothing more.",
        );
        for junk in ["C.", "Y.", "R-S.C", "D-N.Y", "D-Keld"] {
            assert!(!got.iter().any(|(t, ..)| t == junk), "{junk}: {got:?}");
        }
        assert!(
            has(&got, "Ona Brand", "Ona Brand", EntityKind::Person),
            "{got:?}"
        );
    }

    #[test]
    fn an_interjection_in_points_is_no_name() {
        let got = names("\"I don't think that's O.K. You might say it's all O.K.,\" Lind said.");
        assert!(!got.iter().any(|(t, ..)| t.contains("O.K")), "{got:?}");
    }

    #[test]
    fn a_name_with_of_ends_in_no_possessive() {
        let got =
            names("Varga notified Congress of Lind's report. The Bank of Keldany's chief spoke.");
        assert!(!got.iter().any(|(t, ..)| t.contains(" of Lind")), "{got:?}");
        assert!(
            has(&got, "Congress", "Congress", EntityKind::Organization),
            "{got:?}"
        );
        assert!(
            has(
                &got,
                "Bank of Keldany",
                "Bank of Keldany",
                EntityKind::Organization
            ),
            "{got:?}"
        );
    }

    #[test]
    fn members_of_a_party_are_people_not_a_body() {
        let got = names(
            "Ona Brand rejected the Brennmouth Democrat's claims. Brennmouth Republicans, \
             Harbour Committee Republicans and many House Democrats met Peter Lind.",
        );
        for junk in [
            "Brennmouth Democrat",
            "Brennmouth Republicans",
            "Harbour Committee Republicans",
            "House Democrats",
        ] {
            assert!(!got.iter().any(|(t, ..)| t == junk), "{junk}: {got:?}");
        }
        assert!(
            has(
                &got,
                "Harbour Committee",
                "Harbour Committee",
                EntityKind::Organization
            ),
            "{got:?}"
        );
        assert!(
            has(
                &got,
                "Republicans",
                "Republican Party",
                EntityKind::Organization
            ),
            "{got:?}"
        );
        let house = find("Many House Democrats met Peter Lind in the House.");
        assert!(
            house
                .iter()
                .filter(|m| m.text == "House")
                .all(|m| m.confidence >= EntityMention::SHOWN_CONFIDENCE),
            "{house:?}"
        );
    }

    #[test]
    fn a_plural_title_abbreviation_is_a_title() {
        let got = names("U.S. Reps. Ona Brand, Peter Lind and Tomas Varga walked out.");
        assert!(!got.iter().any(|(t, ..)| t.contains("Reps")), "{got:?}");
        assert!(
            has(&got, "Ona Brand", "Ona Brand", EntityKind::Person),
            "{got:?}"
        );
    }

    #[test]
    fn two_demonyms_before_people_name_an_ethnicity() {
        let got = names(
            "The African-American community and many Mexican-Americans voted. The \
             Ukrainian-Russian border stayed shut.",
        );
        for gone in ["African", "American", "Mexican", "Americans"] {
            assert!(!got.iter().any(|(t, ..)| t == gone), "{gone}: {got:?}");
        }
        assert!(
            has(&got, "Ukrainian", "Ukraine", EntityKind::Place),
            "{got:?}"
        );
        assert!(has(&got, "Russian", "Russia", EntityKind::Place), "{got:?}");
    }

    #[test]
    fn a_body_named_for_the_something_is_whole() {
        let name = "Brennmouth Association for the Protection of Harbour Seals";
        let got = names(&format!("The {name} met on Monday. Peter Lind chairs it."));
        assert!(has(&got, name, name, EntityKind::Organization), "{got:?}");
        // Not after a body's word before a name of its own.
        let got = names("Ona Brand voted in the House for the Harbour Workers Act.");
        assert!(!got.iter().any(|(t, ..)| t.contains("for the")), "{got:?}");
    }

    #[test]
    fn kinds_of_sheriffs_long_bodies_districts_and_documents() {
        let got = names(
            "Kelby County Sheriff Tomas Varga said the harbour was busy. \"It is overdue,\" \
             Varga said. The Keldon Harbour Drug Enforcement Area wrote in a report that \
             seizures rose, as did voters in D.C. -- though the D.C. measure failed. \
             Peter Lind cited the Keldan Constitution and its Article II.",
        );
        assert!(
            has(&got, "Varga", "Tomas Varga", EntityKind::Person),
            "{got:?}"
        );
        let area = "Keldon Harbour Drug Enforcement Area";
        assert!(has(&got, area, area, EntityKind::Organization), "{got:?}");
        assert!(
            got.iter()
                .filter(|(t, ..)| t == "D.C.")
                .all(|(_, n, k)| n == "District of Columbia" && *k == EntityKind::Place),
            "{got:?}"
        );
        for doc in ["Keldan Constitution", "Article II"] {
            assert!(has(&got, doc, doc, EntityKind::Other), "{doc}: {got:?}");
        }
    }

    #[test]
    fn offsets_slice_the_body() {
        let body =
            "« Zoë Müller’s » view: the Ministry of Défense’s ‘plan’ — in São Paulo.\n\nU.S. Ó. Ñ";
        for m in find(body) {
            assert_eq!(&body[m.start..m.end], m.text);
        }
    }
}
