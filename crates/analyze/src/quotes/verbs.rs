//! Reporting verbs: the words that attribute speech ("said", "told", "warned").
//!
//! Each verb is written as its base form; the inflected forms are generated. Irregular
//! verbs and verbs that double their last consonant are written out in full.

use std::collections::HashMap;
use std::sync::OnceLock;

/// How a verb attributes a quote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VerbClass {
    /// Verbs of saying: they attribute direct and indirect speech.
    Speech,
    /// Verbs of naming ("called", "described ... as"): they attribute the words they
    /// put in quotation marks, but a single quoted word after them is only a label.
    Naming,
}

/// Regular verbs of saying, by base form.
const SPEECH: &[&str] = &[
    "accept",
    "accuse",
    "acknowledge",
    "add",
    "address",
    "admit+",
    "advise",
    "affirm",
    "agree",
    "allege",
    "announce",
    "answer",
    "apologise",
    "apologize",
    "argue",
    "ask",
    "assert",
    "assure",
    "blame",
    "boast",
    "brief",
    "caution",
    "cheer",
    "cite",
    "claim",
    "clarify",
    "comment",
    "complain",
    "concede",
    "conclude",
    "concur+",
    "confess",
    "confirm",
    "contend",
    "continue",
    "counter",
    "cry",
    "declare",
    "decline",
    "decry",
    "demand",
    "denounce",
    "deny",
    "detail",
    "disclose",
    "dismiss",
    "dispute",
    "echo",
    "emphasise",
    "emphasize",
    "estimate",
    "exclaim",
    "explain",
    "express",
    "forecast",
    "grumble",
    "guarantee",
    "highlight",
    "hint",
    "indicate",
    "inform",
    "insist",
    "instruct",
    "joke",
    "lament",
    "maintain",
    "mention",
    "mock",
    "mourn",
    "mutter",
    "note",
    "notify",
    "object",
    "observe",
    "pledge",
    "plead",
    "praise",
    "predict",
    "proclaim",
    "promise",
    "pronounce",
    "propose",
    "protest",
    "quip+",
    "rage",
    "reaffirm",
    "reason",
    "reassure",
    "recall",
    "recount",
    "reckon",
    "recommend",
    "reiterate",
    "reject",
    "remark",
    "remind",
    "repeat",
    "reply",
    "report",
    "request",
    "respond",
    "retort",
    "reveal",
    "scoff",
    "scream",
    "shout",
    "sigh",
    "signal",
    "snap+",
    "speculate",
    "state",
    "stress",
    "suggest",
    "summarise",
    "summarize",
    "testify",
    "thank",
    "threaten",
    "tweet",
    "underline",
    "underscore",
    "urge",
    "vow",
    "warn",
    "welcome",
    "wonder",
    "worry",
    "yell",
    "criticise",
    "criticize",
    "acclaim",
    "advocate",
    "counsel",
    "preach",
    "stipulate",
    "specify",
    "recollect",
    "lecture",
    "interject",
    "whisper",
    "murmur",
    "grunt",
    "chuckle",
    "laugh",
    "smile",
    "sob",
    "announce",
    "caution",
    "appeal",
    "assess",
    "believe",
    "conjecture",
    "contest",
    "deplore",
];

/// Irregular verbs of saying, all forms written out.
const SPEECH_IRREGULAR: &[&str] = &[
    "say says said saying",
    "tell tells told telling",
    "write writes wrote writing written",
    "speak speaks spoke speaking spoken",
    "think thinks thought thinking",
    "forbid forbids forbade forbidding forbidden",
    "swear swears swore swearing sworn",
    "foresee foresees foresaw foreseeing foreseen",
];

/// Verbs of naming.
const NAMING: &[&str] = &[
    "call calls called calling",
    "describe describes described describing",
    "dub dubs dubbed dubbing",
    "term terms termed terming",
    "label labels labelled labeled labelling labeling",
    "brand brands branded branding",
    "characterise characterises characterised characterising",
    "characterize characterizes characterized characterizing",
];

fn inflect(base: &str) -> Vec<String> {
    let (stem, double) = match base.strip_suffix('+') {
        Some(s) => (s, true),
        None => (base, false),
    };
    let last = stem.chars().last().unwrap_or('a');
    let before_last = stem.chars().rev().nth(1).unwrap_or('a');
    let vowel = |c: char| "aeiou".contains(c);
    let third = if stem.ends_with('s')
        || stem.ends_with("sh")
        || stem.ends_with("ch")
        || stem.ends_with('x')
        || stem.ends_with('o')
    {
        format!("{stem}es")
    } else if last == 'y' && !vowel(before_last) {
        format!("{}ies", &stem[..stem.len() - 1])
    } else {
        format!("{stem}s")
    };
    let (past, ing) = if double {
        (format!("{stem}{last}ed"), format!("{stem}{last}ing"))
    } else if last == 'e' {
        let cut = &stem[..stem.len() - 1];
        (
            format!("{stem}d"),
            if stem.ends_with("ee") {
                format!("{stem}ing")
            } else {
                format!("{cut}ing")
            },
        )
    } else if last == 'y' && !vowel(before_last) {
        (
            format!("{}ied", &stem[..stem.len() - 1]),
            format!("{stem}ing"),
        )
    } else {
        (format!("{stem}ed"), format!("{stem}ing"))
    };
    vec![stem.to_string(), third, past, ing]
}

/// Base and present forms that are more often nouns than verbs ("the state", "a report").
const NOUN_FORMS: &[&str] = &[
    "answer",
    "answers",
    "appeal",
    "appeals",
    "blame",
    "brief",
    "briefs",
    "caution",
    "cheer",
    "cheers",
    "comment",
    "comments",
    "conjecture",
    "contest",
    "counsel",
    "counter",
    "cries",
    "cry",
    "demand",
    "demands",
    "detail",
    "details",
    "dispute",
    "disputes",
    "echo",
    "echoes",
    "estimate",
    "estimates",
    "forecast",
    "forecasts",
    "grunt",
    "highlight",
    "highlights",
    "hint",
    "hints",
    "joke",
    "jokes",
    "laugh",
    "laughs",
    "lecture",
    "lectures",
    "mention",
    "mock",
    "murmur",
    "note",
    "notes",
    "object",
    "objects",
    "plead",
    "pledge",
    "pledges",
    "praise",
    "promise",
    "promises",
    "protest",
    "protests",
    "quip",
    "quips",
    "rage",
    "reason",
    "reasons",
    "remark",
    "remarks",
    "reply",
    "replies",
    "report",
    "reports",
    "request",
    "requests",
    "scream",
    "screams",
    "shout",
    "shouts",
    "sigh",
    "sighs",
    "signal",
    "signals",
    "smile",
    "smiles",
    "snap",
    "snaps",
    "sob",
    "state",
    "states",
    "thank",
    "thanks",
    "tweet",
    "tweets",
    "vow",
    "vows",
    "welcome",
    "whisper",
    "whispers",
    "wonder",
    "worry",
    "yell",
    "address",
    "accept",
    "alert",
    "claim",
    "claims",
    "concern",
    "deny",
    "echo",
    "guarantee",
    "guarantees",
    "express",
    "post",
    "chuckle",
    "chuckles",
    "advocate",
    "advocates",
    "call",
    "calls",
    "term",
    "terms",
    "label",
    "labels",
    "brand",
    "brands",
    "dub",
];

fn table() -> &'static HashMap<String, (VerbClass, String)> {
    static TABLE: OnceLock<HashMap<String, (VerbClass, String)>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut map = HashMap::new();
        for base in SPEECH {
            let forms = inflect(base);
            let lemma = forms[0].clone();
            for f in forms {
                map.entry(f).or_insert((VerbClass::Speech, lemma.clone()));
            }
        }
        for (list, class) in [
            (SPEECH_IRREGULAR, VerbClass::Speech),
            (NAMING, VerbClass::Naming),
        ] {
            for line in list {
                let mut forms = line.split(' ');
                let lemma = forms.next().unwrap_or_default().to_string();
                map.insert(lemma.clone(), (class, lemma.clone()));
                for f in forms {
                    map.insert(f.to_string(), (class, lemma.clone()));
                }
            }
        }
        map
    })
}

/// Every form of the reporting verbs with its class (noun forms left out).
pub fn forms() -> impl Iterator<Item = (&'static str, VerbClass)> {
    table()
        .iter()
        .filter(|(w, _)| !NOUN_FORMS.contains(&w.as_str()))
        .map(|(w, (class, _))| (w.as_str(), *class))
}

/// The class and base form of a reporting verb written in lower case, if it is one.
pub fn lookup(word: &str) -> Option<(VerbClass, &'static str)> {
    // Most words are no verb at all: the table answers first, the short list of noun
    // forms only for its hits.
    let (class, lemma) = table().get(word)?;
    if NOUN_FORMS.contains(&word) {
        return None;
    }
    Some((*class, lemma.as_str()))
}

/// True for any form of a verb of the table, noun forms ("claims", "calls") included:
/// after a relative "that" they are verbs.
pub fn any_form(word: &str) -> bool {
    table().contains_key(word)
}

/// True for the verbs that introduce reported speech without quotation marks: the
/// core verbs of saying, whose object is a clause.
pub fn introduces_clause(word: &str) -> bool {
    const CORE: &[&str] = &[
        "say",
        "tell",
        "add",
        "warn",
        "insist",
        "state",
        "argue",
        "claim",
        "note",
        "explain",
        "announce",
        "acknowledge",
        "admit",
        "stress",
        "emphasise",
        "emphasize",
        "confirm",
        "predict",
        "suggest",
        "write",
        "declare",
        "assert",
        "contend",
        "maintain",
        "reiterate",
        "repeat",
        "reply",
        "respond",
        "report",
        "reveal",
        "recall",
        "concede",
        "tweet",
        "complain",
        "allege",
        "caution",
        "promise",
        "vow",
        "pledge",
        "agree",
        "believe",
        "think",
        "estimate",
        "conclude",
        "indicate",
        "hint",
        "remind",
        "assure",
        "inform",
        "threaten",
        "point",
        "counter",
        "observe",
        "remark",
        "testify",
    ];
    lookup(word).is_some_and(|(class, lemma)| class == VerbClass::Speech && CORE.contains(&lemma))
}

/// True for the base forms of verbs whose reported clause may follow without "that"
/// ("Ryabkov said talks had failed"); the other clause verbs need "that".
pub fn takes_bare_clause(lemma: &str) -> bool {
    const BARE: &[&str] = &[
        "acknowledge",
        "add",
        "admit",
        "allege",
        "announce",
        "argue",
        "assert",
        "believe",
        "claim",
        "confirm",
        "complain",
        "concede",
        "contend",
        "declare",
        "emphasise",
        "emphasize",
        "explain",
        "insist",
        "maintain",
        "note",
        "predict",
        "reply",
        "report",
        "reveal",
        "say",
        "stress",
        "suggest",
        "tell",
        "think",
        "tweet",
        "warn",
        "write",
    ];
    BARE.contains(&lemma)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_are_generated() {
        assert_eq!(lookup("said"), Some((VerbClass::Speech, "say")));
        assert_eq!(lookup("warned"), Some((VerbClass::Speech, "warn")));
        assert_eq!(lookup("insisting"), Some((VerbClass::Speech, "insist")));
        assert_eq!(lookup("admitted"), Some((VerbClass::Speech, "admit")));
        assert_eq!(lookup("denies"), Some((VerbClass::Speech, "deny")));
        assert_eq!(lookup("argues"), Some((VerbClass::Speech, "argue")));
        assert_eq!(lookup("called"), Some((VerbClass::Naming, "call")));
        assert_eq!(lookup("table"), None);
        assert!(introduces_clause("told"));
        assert!(!introduces_clause("cheered"));
        assert!(table().len() > 500);
    }
}
