//! Pathological stories for the doubling test: each kind grows one dimension of a story
//! (articles, quotes, figures, body length, copies) with a size parameter, from text
//! written for Chorus, with annotations at real offsets as the analyzer would give them
//! (sorted by position, not overlapping).

use chrono::NaiveDate;
use model::{
    AnalyzedArticle, Annotations, Article, DateMention, EntityKind, EntityMention, NumberMention,
    Quote, QuoteKind,
};

pub use testkit::word;

/// A tiny deterministic generator (64-bit linear congruential).
pub struct Lcg(pub u64);

impl Lcg {
    pub fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }

    pub fn pick<'a>(&mut self, words: &[&'a str]) -> &'a str {
        words[(self.next() % words.len() as u64) as usize]
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const ADJECTIVES: &[&str] = &[
    "northern", "old", "new", "regional", "public", "private", "local", "coastal", "busy", "quiet",
];
const NOUNS: &[&str] = &[
    "harbour", "council", "bridge", "ferry", "school", "market", "railway", "hospital", "budget",
    "depot", "tunnel", "library", "canal", "airport", "clinic", "stadium",
];
const VERBS: &[&str] = &[
    "reviewed",
    "delayed",
    "inspected",
    "approved",
    "funded",
    "closed",
    "reopened",
    "expanded",
    "surveyed",
    "moved",
];
const FIRST: &[&str] = &[
    "Halla", "Oren", "Mirela", "Tomas", "Dana", "Colm", "Ines", "Pavel", "Runa", "Sefa",
];
const LAST: &[&str] = &[
    "Brenning",
    "Thale",
    "Ostrova",
    "Reyl",
    "Ferrow",
    "Lindqvist",
    "Amadi",
    "Kessler",
    "Varga",
    "Moreau",
    "Okafor",
    "Quist",
];
const DAYS: &[(&str, &str)] = &[
    ("on Monday", "2031-05-12"),
    ("on Tuesday", "2031-05-13"),
    ("on Wednesday", "2031-05-14"),
    ("on Thursday", "2031-05-15"),
];
const STANCES: &[&str] = &["rejected", "demanded", "promised", "proposed", "accepted"];

/// Builds one article's body and annotations piece by piece.
#[derive(Default)]
pub struct Body {
    text: String,
    ann: Annotations,
}

impl Body {
    /// Starts a new paragraph.
    pub fn paragraph(&mut self) {
        if !self.text.is_empty() {
            self.text.push_str("\n\n");
        }
    }

    fn space(&mut self) {
        if !self.text.is_empty() && !self.text.ends_with('\n') {
            self.text.push(' ');
        }
    }

    fn push(&mut self, s: &str) -> (usize, usize) {
        let start = self.text.len();
        self.text.push_str(s);
        (start, self.text.len())
    }

    fn entity(&mut self, name: &str, text: &str, kind: EntityKind) {
        let (start, end) = self.push(text);
        self.ann.entities.push(EntityMention {
            text: text.into(),
            name: name.into(),
            kind,
            start,
            end,
            confidence: 1.0,
        });
    }

    /// A plain sentence about the `k`-th subject, with a word of its own.
    pub fn plain(&mut self, rng: &mut Lcg, k: usize) {
        self.space();
        let s = format!(
            "The {} {} {} the {} {} near the {} {} after a {} report.",
            rng.pick(ADJECTIVES),
            rng.pick(NOUNS),
            rng.pick(VERBS),
            rng.pick(ADJECTIVES),
            rng.pick(NOUNS),
            word(k),
            rng.pick(NOUNS),
            word(k + 7),
        );
        self.push(&s);
    }

    /// A sentence with a direct quote of `speaker` (full name), worded its own way.
    pub fn quote(&mut self, rng: &mut Lcg, speaker: &str, k: usize) {
        self.space();
        self.push("\u{201C}");
        let q = format!(
            "We will make sure the {} {} is {} before the {} {} opens again",
            rng.pick(NOUNS),
            word(k),
            rng.pick(VERBS),
            word(k + 3),
            rng.pick(NOUNS),
        );
        let (start, end) = self.push(&q);
        self.push(",\u{201D} said ");
        self.ann.quotes.push(Quote {
            text: q,
            speaker: Some(speaker.into()),
            kind: QuoteKind::Direct,
            start,
            end,
            cue: Some("said".into()),
            confidence: 1.0,
        });
        self.entity(speaker, speaker, EntityKind::Person);
        self.push(".");
    }

    /// A sentence with a figure of `what`, a date and a person named in full or by
    /// surname only.
    pub fn figure(&mut self, rng: &mut Lcg, what: &str, value: u64, k: usize) {
        self.space();
        let first = rng.pick(FIRST);
        let last = rng.pick(LAST);
        let name = format!("{first} {last}");
        if k.is_multiple_of(3) {
            self.entity(&name, &name, EntityKind::Person);
        } else {
            self.entity(last, last, EntityKind::Person);
        }
        self.push(" said ");
        let text = format!("about {value} {what}");
        let (start, end) = self.push(&text);
        self.ann.numbers.push(NumberMention {
            text,
            value: value as f64,
            low: value as f64 * 0.9,
            high: value as f64 * 1.1,
            what: what.into(),
            approximate: true,
            start,
            end,
        });
        let (day, value) = DAYS[rng.below(DAYS.len())];
        self.push(&format!(" visited the {} {} ", word(k), rng.pick(NOUNS)));
        let (start, end) = self.push(day);
        self.ann.dates.push(DateMention {
            text: day.into(),
            value: Some(value.into()),
            timex: None,
            start,
            end,
            role: model::DateRole::Clause,
        });
        self.push(" with the ");
        let org = format!("{} {} Authority", word(k % 50), rng.pick(NOUNS));
        self.entity(&org, &org, EntityKind::Organization);
        self.push(".");
    }

    /// A sentence where `actor` takes a stance on something of its own.
    pub fn position(&mut self, rng: &mut Lcg, actor: &str, k: usize) {
        self.space();
        self.entity(actor, actor, EntityKind::Person);
        self.push(&format!(
            " {} the plan for the {} {} on Friday.",
            rng.pick(STANCES),
            word(k),
            rng.pick(NOUNS)
        ));
    }

    /// A long clause without any punctuation, with names and figures inside it.
    pub fn run_on(&mut self, rng: &mut Lcg, k: usize) {
        self.space();
        let last = rng.pick(LAST);
        self.entity(last, last, EntityKind::Person);
        self.push(&format!(" {} the {} ", rng.pick(STANCES), word(k)));
        let text = format!("{} percent", 10 + k % 80);
        let (start, end) = self.push(&text);
        self.ann.numbers.push(NumberMention {
            text,
            value: (10 + k % 80) as f64,
            low: (10 + k % 80) as f64,
            high: (10 + k % 80) as f64,
            what: "percent".into(),
            approximate: false,
            start,
            end,
        });
        self.push(&format!(
            " of the {} {} and",
            rng.pick(NOUNS),
            rng.pick(ADJECTIVES)
        ));
    }

    /// The finished article.
    pub fn article(self, id: String, outlet: String, day: u32) -> AnalyzedArticle {
        AnalyzedArticle {
            article: Article {
                id,
                title: "Harbour council reviews the ferry plan".into(),
                outlet: Some(outlet),
                outlet_inferred: false,
                byline: None,
                published: NaiveDate::from_ymd_opt(2031, 5, day),
                language: Some("en".into()),
                body: self.text,
                url: None,
            },
            duplicate_of: None,
            annotations: self.ann,
        }
    }
}

/// The speakers and actors of every kind.
pub fn person(k: usize) -> String {
    format!("{} {}", FIRST[k % FIRST.len()], LAST[k % LAST.len()])
}

/// `n` short articles, each from an outlet of its own.
pub fn articles(n: usize) -> Vec<AnalyzedArticle> {
    (0..n)
        .map(|k| {
            let mut rng = Lcg(k as u64 * 31 + 7);
            let mut b = Body::default();
            b.plain(&mut rng, k);
            b.plain(&mut rng, k + n);
            b.paragraph();
            b.quote(&mut rng, &person(k % 4), k);
            b.figure(&mut rng, "people", 100 + (k % 40) as u64 * 10, k);
            b.paragraph();
            b.position(&mut rng, &person(k % 4), k);
            b.plain(&mut rng, k + 2 * n);
            b.article(
                format!("a{k:05}"),
                format!("Outlet {k}"),
                12 + (k % 4) as u32,
            )
        })
        .collect()
}

/// Four articles with `n` quotes between them, by three speakers.
pub fn quotes(n: usize) -> Vec<AnalyzedArticle> {
    (0..4)
        .map(|a| {
            let mut rng = Lcg(a as u64 + 1);
            let mut b = Body::default();
            for k in (a..n).step_by(4) {
                if k.is_multiple_of(5) {
                    b.paragraph();
                }
                b.quote(&mut rng, &person(k % 3), k);
                b.plain(&mut rng, k);
            }
            b.article(format!("q{a}"), format!("Outlet {a}"), 12 + a as u32)
        })
        .collect()
}

/// Four articles with `n` figures, dates and names between them.
pub fn figures(n: usize) -> Vec<AnalyzedArticle> {
    (0..4)
        .map(|a| {
            let mut rng = Lcg(a as u64 + 11);
            let mut b = Body::default();
            for k in (a..n).step_by(4) {
                if k.is_multiple_of(4) {
                    b.paragraph();
                }
                b.figure(&mut rng, "people", 1000 + k as u64 * 7, k);
                b.position(&mut rng, &person(k % 5), k);
            }
            b.article(format!("f{a}"), format!("Outlet {a}"), 12 + a as u32)
        })
        .collect()
}

/// One article of `n` sentences of every sort, and a short second one.
pub fn long_body(n: usize) -> Vec<AnalyzedArticle> {
    let mut rng = Lcg(5);
    let mut b = Body::default();
    for k in 0..n {
        if k.is_multiple_of(6) {
            b.paragraph();
        }
        match k % 4 {
            0 => b.plain(&mut rng, k),
            1 => b.quote(&mut rng, &person(k % 3), k),
            2 => b.figure(&mut rng, "people", 500 + k as u64, k),
            _ => b.position(&mut rng, &person(k % 3), k),
        }
    }
    let mut other = Body::default();
    other.plain(&mut rng, 1);
    other.quote(&mut rng, &person(1), 1);
    vec![
        b.article("long".into(), "Outlet L".into(), 12),
        other.article("short".into(), "Outlet S".into(), 13),
    ]
}

/// One article whose body is a single line of `n` clauses without punctuation.
pub fn run_on(n: usize) -> Vec<AnalyzedArticle> {
    let mut rng = Lcg(9);
    let mut b = Body::default();
    for k in 0..n {
        b.run_on(&mut rng, k);
    }
    let mut other = Body::default();
    other.plain(&mut rng, 1);
    vec![
        b.article("line".into(), "Outlet L".into(), 12),
        other.article("short".into(), "Outlet S".into(), 13),
    ]
}

/// `n` near-identical articles: one report of twelve sentences, one word changed in
/// each copy, every other one marked a copy of the first, each from an outlet of its own.
pub fn copies(n: usize) -> Vec<AnalyzedArticle> {
    (0..n)
        .map(|k| {
            let mut rng = Lcg(3);
            let mut b = Body::default();
            for s in 0..12usize {
                if s.is_multiple_of(3) {
                    b.paragraph();
                }
                match s % 3 {
                    0 => b.plain(&mut rng, if s == 3 { 10_000 + k } else { s }),
                    1 => b.quote(&mut rng, &person(s), s),
                    _ => b.figure(&mut rng, "people", 300, s),
                }
            }
            let mut a = b.article(
                format!("c{k:05}"),
                format!("Outlet {k}"),
                12 + (k % 3) as u32,
            );
            if k % 2 == 1 {
                a.duplicate_of = Some("c00000".into());
            }
            a
        })
        .collect()
}
