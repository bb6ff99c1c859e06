//! Story-level aliases: one name per entity across all the articles of a story.
//!
//! The analyzer gives every mention a canonical name for its own article, so an outlet
//! that only writes "Ryabkov", "Nato" or "OSCE" keeps that name while another writes
//! "Sergei Ryabkov", "NATO" or spells out the organisation. [`Aliases`] joins these
//! names across the story, with rules that each need the story to be unambiguous:
//!
//! 1. names equal but for case and punctuation ("NATO" / "Nato", "U.S" / "US");
//! 2. a name another article wrote as the surface form of exactly one other name (an
//!    acronym defined there, a surname it resolved);
//! 3. a one-word person name that is the surname of exactly one person named in full;
//! 4. a one-word organisation that is the first word of exactly one company name
//!    ending in a designator ("Boeing" / "Boeing Co"), or two company names equal but
//!    for their designators;
//! 5. two full person names with the same first and last word, one with a middle
//!    name or initial ("George W. Bush" / "George Bush"), when no other full name has
//!    that first and last word;
//! 6. an acronym that is the initials of exactly one organisation named in full
//!    ("GM" / "General Motors");
//! 7. an organisation named with and without its country ("Air Force" / "U.S. Air
//!    Force" / "United States Air Force") when the story gives it one country only;
//! 8. two spellings of one person's name, as transliterations give them ("Arseniy
//!    Yatseniuk" / "Arseniy Yatsenyuk", "Yanukovich" / "Yanukovych"): the same number
//!    of words, all equal but one, and that one alike (same first letter, at least five
//!    letters, Damerau-Levenshtein similarity at least 0.75), when the name has exactly
//!    one such variant;
//! 9. a one-word organisation name (or one of unknown kind) that is the last word of
//!    exactly one organisation named in more words ("the Committee" / "House Ways and
//!    Means Committee"), when it is a body's kind word and opens no other name of the
//!    story.
//!
//! Rule 1 also ignores a leading "the" ("The Boeing" / "Boeing"); rule 2 also joins
//! full names that abbreviate to one acronym and share most of their words (one
//! spelling error apart).
//!
//! A joined entity is named by its most mentioned multi-word name (else its most
//! mentioned name): the fullest form the story itself uses.

use std::collections::{BTreeMap, BTreeSet};

use analyze::entities::lexicon::{self, is_corporate_designator};
use model::{EntityKind, EntityMention};

/// Most full names written as one acronym that are compared pairwise (the first in
/// name order): a hard cap for a story where one acronym stands for very many names.
const ACRONYM_OWNERS_COMPARED: usize = 64;

/// Least normalised Damerau-Levenshtein similarity of two spellings of one word.
const SPELLING_SIMILARITY: f64 = 0.75;
/// Most names sharing all words but one that are compared pairwise: a hard cap.
const SPELLINGS_COMPARED: usize = 32;

/// True for two spellings of one name word: not equal, at least five letters each, the
/// same first letter, and alike ([`SPELLING_SIMILARITY`]).
fn spelt_alike(a: &str, b: &str) -> bool {
    let (la, lb) = (a.to_lowercase(), b.to_lowercase());
    la != lb
        && la.chars().count() >= 5
        && lb.chars().count() >= 5
        && la.chars().next() == lb.chars().next()
        && la.chars().all(char::is_alphabetic)
        && lb.chars().all(char::is_alphabetic)
        && strsim::normalized_damerau_levenshtein(&la, &lb) >= SPELLING_SIMILARITY
}

/// Per-name statistics gathered over a story.
#[derive(Default)]
struct NameStat {
    mentions: usize,
    kinds: BTreeMap<EntityKind, usize>,
    /// Surface forms written for this name, other than the name itself.
    forms: BTreeSet<String>,
}

impl NameStat {
    /// The kind most mentions carry (ties to the first in `EntityKind` order).
    fn kind(&self) -> EntityKind {
        self.kinds
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
            .map_or(EntityKind::Other, |(k, _)| *k)
    }
}

/// The story's names, each mapped to the name of the entity it belongs to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Aliases {
    to: BTreeMap<String, String>,
}

/// Whitespace collapsed to single spaces.
pub(crate) fn normalize(name: &str) -> String {
    name.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Lowercase letters and digits only, without a leading article: the key of rule 1.
fn fold(name: &str) -> String {
    let folded = name
        .chars()
        .filter(|c| c.is_alphanumeric() || c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect::<String>();
    let mut words: Vec<&str> = folded.split_whitespace().collect();
    if words.len() > 1 && words.first() == Some(&"the") {
        words.remove(0);
    }
    words.join(" ")
}

/// The initials of a name's capitalised words ("General Motors" -> "GM", "Organization
/// for Security and Co-operation in Europe" -> "OSCE"), for names of two words or more.
fn initials(name: &str) -> Option<String> {
    let caps: String = name
        .split(' ')
        .filter_map(|w| w.chars().next())
        .filter(|c| c.is_uppercase())
        .collect();
    (name.contains(' ') && caps.chars().count() >= 2).then_some(caps)
}

/// Shared words over the words of either name (case-folded Jaccard).
fn word_overlap(a: &str, b: &str) -> f64 {
    let words = |s: &str| -> BTreeSet<String> { fold(s).split(' ').map(str::to_string).collect() };
    let (wa, wb) = (words(a), words(b));
    let union = wa.union(&wb).count();
    if union == 0 {
        0.0
    } else {
        wa.intersection(&wb).count() as f64 / union as f64
    }
}

/// True for an acronym: two or more letters, all capitals ("GM", "NATO").
fn is_acronym(name: &str) -> bool {
    name.chars().count() >= 2 && name.chars().all(|c| c.is_uppercase())
}

/// Union-find over name indices.
struct Groups {
    parent: Vec<usize>,
}

impl Groups {
    fn find(&mut self, mut x: usize) -> usize {
        while let Some(&p) = self.parent.get(x) {
            if p == x {
                break;
            }
            let gp = self.parent.get(p).copied().unwrap_or(p);
            if let Some(slot) = self.parent.get_mut(x) {
                *slot = gp;
            }
            x = p;
        }
        x
    }

    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            let (lo, hi) = (ra.min(rb), ra.max(rb));
            if let Some(slot) = self.parent.get_mut(hi) {
                *slot = lo;
            }
        }
    }
}

/// Two kinds that may name one entity: equal, or one of them unknown.
fn compatible(a: EntityKind, b: EntityKind) -> bool {
    a == b || a == EntityKind::Other || b == EntityKind::Other
}

impl Aliases {
    /// Joins the names of the mentions of a story's articles (one slice per article).
    pub fn new<'a>(articles: impl IntoIterator<Item = &'a [EntityMention]>) -> Aliases {
        let mut stats: BTreeMap<String, NameStat> = BTreeMap::new();
        for mentions in articles {
            for m in mentions {
                let name = normalize(&m.name);
                if name.is_empty() {
                    continue;
                }
                let form = normalize(&m.text);
                let st = stats.entry(name.clone()).or_default();
                st.mentions += 1;
                *st.kinds.entry(m.kind).or_insert(0) += 1;
                if !form.is_empty() && form != name {
                    st.forms.insert(form);
                }
            }
        }
        let names: Vec<&str> = stats.keys().map(String::as_str).collect();
        let index: BTreeMap<&str, usize> = names.iter().enumerate().map(|(i, n)| (*n, i)).collect();
        // A person is never called "The ...": such a name's kind is left open.
        let kinds: Vec<EntityKind> = stats
            .iter()
            .map(|(n, st)| match st.kind() {
                EntityKind::Person if n.starts_with("The ") => EntityKind::Other,
                k => k,
            })
            .collect();
        let kind = |i: usize| kinds.get(i).copied().unwrap_or(EntityKind::Other);
        let mut groups = Groups {
            parent: (0..names.len()).collect(),
        };

        // 1. Case and punctuation.
        let mut by_fold: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (i, n) in names.iter().enumerate() {
            by_fold.entry(fold(n)).or_default().push(i);
        }
        for members in by_fold.values() {
            for pair in members.windows(2) {
                if let [a, b] = *pair {
                    if compatible(kind(a), kind(b)) {
                        groups.union(a, b);
                    }
                }
            }
        }

        // 2. A name written elsewhere as the form of exactly one other name.
        let mut form_of: BTreeMap<&str, BTreeSet<usize>> = BTreeMap::new();
        for (i, st) in stats.values().enumerate() {
            for f in &st.forms {
                form_of.entry(f.as_str()).or_default().insert(i);
            }
        }
        for (form, owners) in &form_of {
            // Full names that one acronym abbreviates and that share most of their words
            // are one name spelt two ways ("... Co-operation in Europe" / "...
            // Cooperation in Europe").
            if is_acronym(form) {
                let owners: Vec<usize> = owners
                    .iter()
                    .copied()
                    .take(ACRONYM_OWNERS_COMPARED)
                    .collect();
                for (k, &a) in owners.iter().enumerate() {
                    for &b in owners.iter().skip(k + 1) {
                        let (na, nb) = (names.get(a).copied(), names.get(b).copied());
                        if let (Some(na), Some(nb)) = (na, nb) {
                            if compatible(kind(a), kind(b)) && word_overlap(na, nb) >= 0.6 {
                                groups.union(a, b);
                            }
                        }
                    }
                }
            }
            let roots: BTreeSet<usize> = owners.iter().map(|&o| groups.find(o)).collect();
            let roots: Vec<usize> = roots.into_iter().collect();
            if let (Some(&i), [owner]) = (index.get(form), &roots[..]) {
                if compatible(kind(i), kind(*owner)) {
                    groups.union(i, *owner);
                }
            }
        }

        // 3. A lone surname; 4. a company's first word; 5. a full name without its
        // middle part. Each needs exactly one candidate group.
        let words = |n: &str| n.split(' ').map(str::to_string).collect::<Vec<_>>();
        let mut by_surname: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
        let mut by_company_head: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
        let mut by_company_core: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        let mut by_ends: BTreeMap<(String, String), Vec<usize>> = BTreeMap::new();
        for (i, n) in names.iter().enumerate() {
            let w = words(n);
            let (Some(first), Some(last)) = (w.first(), w.last()) else {
                continue;
            };
            if w.len() < 2 {
                continue;
            }
            match kind(i) {
                EntityKind::Person => {
                    by_surname.entry(last.clone()).or_default().insert(i);
                    by_ends
                        .entry((first.clone(), last.clone()))
                        .or_default()
                        .push(i);
                }
                EntityKind::Organization if is_corporate_designator(last) => {
                    by_company_head.entry(first.clone()).or_default().insert(i);
                    let core: Vec<&str> = w
                        .iter()
                        .map(String::as_str)
                        .filter(|x| !is_corporate_designator(x))
                        .collect();
                    by_company_core.entry(core.join(" ")).or_default().push(i);
                }
                _ => {}
            }
        }
        for (i, n) in names.iter().enumerate() {
            if n.contains(' ') {
                continue;
            }
            let candidates = match kind(i) {
                EntityKind::Person => by_surname.get(*n),
                EntityKind::Organization => by_company_head.get(*n),
                EntityKind::Other => by_surname.get(*n).or_else(|| by_company_head.get(*n)),
                EntityKind::Place => None,
            };
            if let Some(candidates) = candidates {
                let roots: BTreeSet<usize> = candidates.iter().map(|&c| groups.find(c)).collect();
                if let [only] = roots.into_iter().collect::<Vec<_>>()[..] {
                    groups.union(i, only);
                }
            }
        }
        // 7. An organisation named with and without its country ("Air Force" / "United
        // States Air Force" / "U.S. Air Force"), when the story names one country only.
        let mut by_core: BTreeMap<String, BTreeMap<String, Vec<usize>>> = BTreeMap::new();
        for (i, n) in names.iter().enumerate() {
            if kind(i) != EntityKind::Organization {
                continue;
            }
            let w: Vec<&str> = n.split(' ').collect();
            for k in 1..w.len().min(4) {
                let (prefix, rest) = (w[..k].join(" "), w[k..].join(" "));
                let place = match lexicon::known(&prefix) {
                    Some((canon, EntityKind::Place)) => Some(canon),
                    _ => index
                        .get(prefix.as_str())
                        .filter(|&&p| kind(p) == EntityKind::Place)
                        .map(|_| prefix.clone()),
                };
                if let Some(place) = place {
                    by_core
                        .entry(rest)
                        .or_default()
                        .entry(place)
                        .or_default()
                        .push(i);
                    break;
                }
            }
        }
        for (core, places) in &by_core {
            for members in places.values() {
                for pair in members.windows(2) {
                    if let [a, b] = *pair {
                        groups.union(a, b);
                    }
                }
            }
            if let (Some(&plain), [members]) = (
                index.get(core.as_str()),
                &places.values().collect::<Vec<_>>()[..],
            ) {
                if compatible(kind(plain), EntityKind::Organization) {
                    if let Some(&m) = members.first() {
                        groups.union(plain, m);
                    }
                }
            }
        }

        // 6. An acronym that is the initials of exactly one organisation's name.
        let mut by_initials: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
        for (i, n) in names.iter().enumerate() {
            if kind(i) == EntityKind::Organization {
                if let Some(init) = initials(n) {
                    by_initials.entry(init).or_default().insert(i);
                }
            }
        }
        for (i, n) in names.iter().enumerate() {
            if !is_acronym(n) || !compatible(kind(i), EntityKind::Organization) {
                continue;
            }
            if let Some(candidates) = by_initials.get(*n) {
                let roots: BTreeSet<usize> = candidates.iter().map(|&c| groups.find(c)).collect();
                if let [only] = roots.into_iter().collect::<Vec<_>>()[..] {
                    groups.union(i, only);
                }
            }
        }
        for (core, members) in &by_company_core {
            if let Some(&plain) = index.get(core.as_str()) {
                if kind(plain) == EntityKind::Organization && members.len() == 1 {
                    if let Some(&m) = members.first() {
                        groups.union(plain, m);
                    }
                }
            }
            for pair in members.windows(2) {
                if let [a, b] = *pair {
                    groups.union(a, b);
                }
            }
        }
        for members in by_ends.values() {
            // Only the two-word name and one longer name: "George Bush" and "George W.
            // Bush", never two different middle names.
            let short: Vec<usize> = members
                .iter()
                .copied()
                .filter(|&i| names.get(i).is_some_and(|n| n.split(' ').count() == 2))
                .collect();
            let long: Vec<usize> = members
                .iter()
                .copied()
                .filter(|&i| names.get(i).is_some_and(|n| n.split(' ').count() > 2))
                .collect();
            if let ([s], [l]) = (&short[..], &long[..]) {
                groups.union(*s, *l);
            }
        }

        // 8. Two spellings of one person's name: names of people (or of unknown kind)
        // keyed by their words with one masked; within a key, a name with exactly one
        // variant group joins it.
        let mut masked: BTreeMap<(usize, String), Vec<usize>> = BTreeMap::new();
        for (i, n) in names.iter().enumerate() {
            if !matches!(kind(i), EntityKind::Person | EntityKind::Other) {
                continue;
            }
            let w: Vec<&str> = n.split(' ').collect();
            for k in 0..w.len() {
                let mut key = w.clone();
                key[k] = "";
                masked.entry((k, key.join(" "))).or_default().push(i);
            }
        }
        let mut variants: BTreeMap<usize, BTreeSet<usize>> = BTreeMap::new();
        for ((k, _), members) in &masked {
            let members = &members[..members.len().min(SPELLINGS_COMPARED)];
            for (x, &a) in members.iter().enumerate() {
                for &b in &members[x + 1..] {
                    let word = |i: usize| names.get(i).and_then(|n| n.split(' ').nth(*k));
                    let alike =
                        matches!((word(a), word(b)), (Some(wa), Some(wb)) if spelt_alike(wa, wb));
                    // A one-word name must be a person's: "Paris" and "Parish" stay apart.
                    let single = names.get(a).is_some_and(|n| !n.contains(' '));
                    let people = kind(a) == EntityKind::Person || kind(b) == EntityKind::Person;
                    if alike && compatible(kind(a), kind(b)) && (!single || people) {
                        variants.entry(a).or_default().insert(b);
                        variants.entry(b).or_default().insert(a);
                    }
                }
            }
        }
        for (&a, others) in &variants {
            let roots: BTreeSet<usize> = others.iter().map(|&o| groups.find(o)).collect();
            if let [only] = roots.into_iter().collect::<Vec<_>>()[..] {
                groups.union(a, only);
            }
        }

        // 9. A one-word name of an organisation (or of unknown kind) that is the last
        // word of exactly one organisation named in more words: the short reference a
        // report makes after naming it in full ("the Committee" / "House Ways and Means
        // Committee"). Not the first word: a town opens the names of its port authority
        // and its union. The short name is a body's kind word ("Committee", not the
        // "House" of "White House"), and opens no other name of the story ("Senate" of
        // "Senate Finance Committee" is a body of its own there).
        let mut by_end_word: BTreeMap<&str, BTreeSet<usize>> = BTreeMap::new();
        let mut first_words: BTreeSet<&str> = BTreeSet::new();
        for (i, n) in names.iter().enumerate() {
            let w: Vec<&str> = n.split(' ').collect();
            if let (Some(first), true) = (w.first(), w.len() > 1) {
                first_words.insert(first);
            }
            if kind(i) != EntityKind::Organization || w.len() < 2 {
                continue;
            }
            if let Some(last) = w.last() {
                by_end_word.entry(last).or_default().insert(i);
            }
        }
        for (i, n) in names.iter().enumerate() {
            if n.contains(' ')
                || !matches!(kind(i), EntityKind::Organization | EntityKind::Other)
                || !lexicon::is_org_suffix(n)
                || first_words.contains(n)
            {
                continue;
            }
            if let Some(candidates) = by_end_word.get(n) {
                let roots: BTreeSet<usize> = candidates.iter().map(|&c| groups.find(c)).collect();
                if let [only] = roots.into_iter().collect::<Vec<_>>()[..] {
                    groups.union(i, only);
                }
            }
        }

        // Each group is named by its most mentioned multi-word name, else its most
        // mentioned name, a name without a leading "The" first; ties go to the longer,
        // then the first in order.
        let mentions: Vec<usize> = stats.values().map(|s| s.mentions).collect();
        let mut best: BTreeMap<usize, usize> = BTreeMap::new();
        for i in 0..names.len() {
            let root = groups.find(i);
            let score = |j: usize| {
                let n = names.get(j).copied().unwrap_or_default();
                (
                    n.trim_start_matches("The ").contains(' '),
                    !n.starts_with("The "),
                    mentions.get(j).copied().unwrap_or(0),
                    n.len(),
                    std::cmp::Reverse(j),
                )
            };
            let entry = best.entry(root).or_insert(i);
            if score(i) > score(*entry) {
                *entry = i;
            }
        }
        let mut to = BTreeMap::new();
        for (i, n) in names.iter().enumerate() {
            let root = groups.find(i);
            let target = best
                .get(&root)
                .and_then(|&b| names.get(b))
                .copied()
                .unwrap_or(n);
            if target != *n {
                to.insert(n.to_string(), target.to_string());
            }
        }
        Aliases { to }
    }

    /// The story's name for an entity the analyzer named `name` in one article.
    pub fn canonical(&self, name: &str) -> String {
        let name = normalize(name);
        match self.to.get(&name) {
            Some(target) => target.clone(),
            None => name,
        }
    }

    /// Number of names joined to another.
    pub fn len(&self) -> usize {
        self.to.len()
    }

    /// True when no name was joined to another.
    pub fn is_empty(&self) -> bool {
        self.to.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(text: &str, name: &str, kind: EntityKind) -> EntityMention {
        EntityMention {
            text: text.to_string(),
            name: name.to_string(),
            kind,
            start: 0,
            end: text.len(),
            confidence: 1.0,
        }
    }

    #[test]
    fn joins_surnames_case_variants_acronyms_and_companies() {
        use EntityKind::*;
        let a = [
            m("Mirela Oskarsdottir", "Mirela Oskarsdottir", Person),
            m("NATO", "NATO", Organization),
            m("TCU", "Tidewater Canal Union", Organization),
            m("Halvard Aero Inc.", "Halvard Aero Inc.", Organization),
            m(
                "Pellston Mining Authority",
                "Pellston Mining Authority",
                Organization,
            ),
            m("Quorn Institute", "Quorn Institute", Organization),
            m("Coast Guard", "Coast Guard", Organization),
        ];
        let b = [
            m("Oskarsdottir", "Oskarsdottir", Person),
            m("Nato", "Nato", Organization),
            m("TCU", "TCU", Organization),
            m("TCU", "Tidewater Canal Workers Union", Organization),
            m("Halvard", "Halvard", Organization),
            m("PMA", "PMA", Organization),
            m("the Quorn Institute", "The Quorn Institute", Organization),
            m("Norway Coast Guard", "Norway Coast Guard", Organization),
        ];
        let aliases = Aliases::new([&a[..], &b[..]]);
        assert_eq!(aliases.canonical("Oskarsdottir"), "Mirela Oskarsdottir");
        assert_eq!(aliases.canonical("TCU"), "Tidewater Canal Workers Union");
        assert_eq!(
            aliases.canonical("Tidewater Canal Union"),
            aliases.canonical("TCU"),
            "one acronym, most words shared"
        );
        assert_eq!(aliases.canonical("Halvard"), "Halvard Aero Inc.");
        assert_eq!(
            aliases.canonical("Nato"),
            aliases.canonical("NATO"),
            "case variants are one entity"
        );
        assert_eq!(aliases.canonical("PMA"), "Pellston Mining Authority");
        assert_eq!(aliases.canonical("The Quorn Institute"), "Quorn Institute");
        assert_eq!(aliases.canonical("Coast Guard"), "Norway Coast Guard");
        assert_eq!(aliases.canonical("Someone Else"), "Someone Else");
    }

    #[test]
    fn ambiguous_surnames_and_places_stay_apart() {
        use EntityKind::*;
        let a = [
            m("Dana Ferrow", "Dana Ferrow", Person),
            m("Colm Ferrow", "Colm Ferrow", Person),
            m("Georgia", "Georgia", Place),
        ];
        let b = [
            m("Ferrow", "Ferrow", Person),
            m("Georgia Lund", "Georgia Lund", Person),
        ];
        let aliases = Aliases::new([&a[..], &b[..]]);
        assert_eq!(
            aliases.canonical("Ferrow"),
            "Ferrow",
            "two Ferrows: no guess"
        );
        assert_eq!(aliases.canonical("Georgia"), "Georgia");
        assert_eq!(aliases.len(), 0);
    }

    #[test]
    fn a_short_reference_joins_the_one_organisation_it_ends() {
        let a = [
            m(
                "Harbour Workers Committee",
                "Harbour Workers Committee",
                EntityKind::Organization,
            ),
            m("the Committee", "Committee", EntityKind::Organization),
            m(
                "Finance Department",
                "Finance Department",
                EntityKind::Organization,
            ),
            m(
                "Transport Department",
                "Transport Department",
                EntityKind::Organization,
            ),
            m("the Department", "Department", EntityKind::Organization),
            m("Harbour", "Harbour", EntityKind::Other),
        ];
        let aliases = Aliases::new([&a[..]]);
        assert_eq!(aliases.canonical("Committee"), "Harbour Workers Committee");
        // Two departments: the short one is either, and stays as it is.
        assert_eq!(aliases.canonical("Department"), "Department");
        // A first word is no reference to the organisation it opens.
        assert_eq!(aliases.canonical("Harbour"), "Harbour");
    }

    #[test]
    fn a_short_reference_is_a_kind_word_heading_no_other_name() {
        use EntityKind::Organization as Org;
        let a = [
            m("Tidewater House", "Tidewater House", Org),
            m("the House", "House", Org),
            m("Keldany Senate", "Keldany Senate", Org),
            m("Senate Harbour Committee", "Senate Harbour Committee", Org),
            m("the Senate", "Senate", Org),
        ];
        let aliases = Aliases::new([&a[..]]);
        // "House" is no body's kind word: the House is not Tidewater House.
        assert_eq!(aliases.canonical("House"), "House");
        // "Senate" opens another body's name: the story has two senates.
        assert_eq!(aliases.canonical("Senate"), "Senate");
    }

    #[test]
    fn transliterations_of_one_name_join() {
        let a = [
            m("Arseniy Yatseniuk", "Arseniy Yatseniuk", EntityKind::Person),
            m("Yanukovich", "Viktor Yanukovich", EntityKind::Person),
        ];
        let b = [
            m("Arseniy Yatsenyuk", "Arseniy Yatsenyuk", EntityKind::Person),
            m("Viktor Yanukovych", "Viktor Yanukovych", EntityKind::Person),
            m("Arseniy Yatsenyuk", "Arseniy Yatsenyuk", EntityKind::Person),
        ];
        let aliases = Aliases::new([&a[..], &b[..]]);
        assert_eq!(
            aliases.canonical("Arseniy Yatseniuk"),
            aliases.canonical("Arseniy Yatsenyuk")
        );
        assert_eq!(
            aliases.canonical("Viktor Yanukovich"),
            aliases.canonical("Viktor Yanukovych")
        );
        // Different people who share a first name stay apart, and short names too.
        let c = [
            m("John Smith", "John Smith", EntityKind::Person),
            m("John Sutton", "John Sutton", EntityKind::Person),
            m("Anna Berg", "Anna Berg", EntityKind::Person),
            m("Anna Bergström", "Anna Bergström", EntityKind::Person),
        ];
        let aliases = Aliases::new([&c[..]]);
        assert_ne!(
            aliases.canonical("John Smith"),
            aliases.canonical("John Sutton")
        );
        assert_ne!(
            aliases.canonical("Anna Berg"),
            aliases.canonical("Anna Bergström")
        );
    }

    #[test]
    fn middle_initials_join_only_one_full_name() {
        use EntityKind::*;
        let a = [m("Tomas J. Reyl", "Tomas J. Reyl", Person)];
        let b = [m("Tomas Reyl", "Tomas Reyl", Person)];
        let aliases = Aliases::new([&a[..], &b[..]]);
        assert_eq!(
            aliases.canonical("Tomas Reyl"),
            aliases.canonical("Tomas J. Reyl")
        );
        let c = [m("Tomas K. Reyl", "Tomas K. Reyl", Person)];
        let aliases = Aliases::new([&a[..], &b[..], &c[..]]);
        assert_eq!(aliases.canonical("Tomas Reyl"), "Tomas Reyl");
    }
}
