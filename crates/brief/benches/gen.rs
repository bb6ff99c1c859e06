//! Generated stories for benchmarks and scale tests: many articles about one made-up
//! event, built from sentences written for Chorus, with annotations at real offsets.

use chrono::NaiveDate;
use model::{
    AnalyzedArticle, Annotations, Article, DateMention, EntityKind, EntityMention, NumberMention,
    Quote, QuoteKind,
};

/// A sentence template: its wordings (outlets pick one) and what it carries.
struct Line {
    wordings: &'static [&'static str],
    /// (quoted text, speaker) when the sentence carries a direct quote.
    quote: Option<(&'static str, &'static str)>,
    /// (date text, value).
    date: Option<(&'static str, &'static str)>,
    /// (number text, what, value, low, high).
    number: Option<(&'static str, &'static str, f64, f64, f64)>,
}

const LINES: &[Line] = &[
    Line {
        wordings: &[
            "The Tarrow river bridge in Oskevik was closed to all traffic on Monday after engineers found deep cracks in two of its piers.",
            "Engineers closed the Tarrow river bridge in Oskevik on Monday after discovering deep cracks in two of its piers.",
        ],
        quote: None,
        date: Some(("on Monday", "2031-05-12")),
        number: None,
    },
    Line {
        wordings: &[
            "About 40,000 vehicles cross the bridge on a normal weekday, according to the city transport office.",
            "More than 60,000 vehicles use the crossing every weekday, the regional road agency said.",
        ],
        quote: None,
        date: None,
        number: Some(("40,000 vehicles", "vehicle", 40000.0, 36000.0, 44000.0)),
    },
    Line {
        wordings: &[
            "City engineer Halla Brenning said the structure would stay shut until a full inspection had been completed.",
            "The bridge will remain closed until a complete inspection is finished, said city engineer Halla Brenning.",
        ],
        quote: None,
        date: None,
        number: None,
    },
    Line {
        wordings: &[
            "\"We cannot take any risk with a crossing that carries so many people every day,\" Brenning told reporters.",
            "\"We will not gamble with the safety of the thousands of people who cross it daily,\" Brenning said.",
        ],
        quote: Some(("We cannot take any risk with a crossing that carries so many people every day", "Halla Brenning")),
        date: None,
        number: None,
    },
    Line {
        wordings: &[
            "Buses have been diverted through the eastern ring road, adding up to forty minutes to journeys into the centre.",
            "Bus routes now run along the eastern ring road, and commuters face delays of up to forty minutes.",
        ],
        quote: None,
        date: None,
        number: None,
    },
    Line {
        wordings: &[
            "Mayor Oren Thale promised on Tuesday that a temporary ferry service would start within a week.",
            "On Tuesday the mayor, Oren Thale, announced a temporary ferry link to open within seven days.",
        ],
        quote: None,
        date: Some(("on Tuesday", "2031-05-13")),
        number: None,
    },
    Line {
        wordings: &[
            "\"Nobody will be left stranded on either bank while the repairs go ahead,\" Thale said at a press conference.",
            "\"No one will be left stranded on either side of the river during the repairs,\" the mayor said.",
        ],
        quote: Some(("Nobody will be left stranded on either bank while the repairs go ahead", "Oren Thale")),
        date: None,
        number: None,
    },
    Line {
        wordings: &[
            "The bridge opened in 1968 and was last strengthened during a two-year renovation that ended in 2004.",
            "Built in 1968, the crossing was last reinforced in a renovation completed in 2004.",
        ],
        quote: None,
        date: None,
        number: None,
    },
    Line {
        wordings: &[
            "Shop owners near the northern approach said trade had fallen sharply since the closure began.",
            "Traders by the northern approach reported a steep fall in business since the bridge was shut.",
        ],
        quote: None,
        date: None,
        number: None,
    },
    Line {
        wordings: &[
            "The council will meet on Thursday to decide whether to repair the piers or replace the whole span.",
            "Councillors are due to decide on Thursday between repairing the piers and building a new span.",
        ],
        quote: None,
        date: Some(("on Thursday", "2031-05-15")),
        number: None,
    },
    Line {
        wordings: &[
            "A replacement could cost about 90 million crowns and take three years to build, officials estimated.",
            "Officials put the cost of a new span at roughly 120 million crowns over three years.",
        ],
        quote: None,
        date: None,
        number: Some(("about 90 million crowns", "crown", 90e6, 81e6, 99e6)),
    },
    Line {
        wordings: &[
            "Residents of the southern districts said the closure had cut them off from the main hospital.",
            "People living in the southern districts complained that the closure left them far from the main hospital.",
        ],
        quote: None,
        date: None,
        number: None,
    },
];

/// Filler sentences that differ between articles, so that vocabularies grow with size.
const FILLER_SUBJECTS: &[&str] = &[
    "A local cyclist",
    "One commuter",
    "A taxi driver",
    "A school teacher",
    "A delivery firm",
    "A market trader",
    "An ambulance crew",
    "A retired pilot",
];
const FILLER_VERBS: &[&str] = &[
    "described the detour as exhausting",
    "complained about the long queues at the ferry pier",
    "praised the workers inspecting the piers",
    "asked the council for clearer information about the repairs",
    "said the morning traffic had never been this slow",
];

/// A tiny deterministic generator (64-bit linear congruential).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn pick(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Builds a story of `n` articles from 16 made-up outlets, in publication order.
pub fn story(n: usize) -> Vec<AnalyzedArticle> {
    (0..n).map(article).collect()
}

fn article(k: usize) -> AnalyzedArticle {
    let mut rng = Lcg(k as u64 * 7919 + 17);
    let mut body = String::new();
    let mut ann = Annotations::default();
    for (li, line) in LINES.iter().enumerate() {
        // Every article carries the lead; the others appear with probability 3/4.
        if li > 0 && rng.pick(4) == 0 {
            continue;
        }
        let w = rng.pick(line.wordings.len());
        let sentence = line.wordings[w];
        if !body.is_empty() {
            body.push_str("\n\n");
        }
        let base = body.len();
        body.push_str(sentence);
        if w == 0 {
            if let Some((q, speaker)) = line.quote {
                if let Some(at) = sentence.find(q) {
                    ann.quotes.push(Quote {
                        text: q.into(),
                        speaker: Some(speaker.into()),
                        kind: QuoteKind::Direct,
                        start: base + at,
                        end: base + at + q.len(),
                        cue: None,
                        confidence: 1.0,
                    });
                }
            }
            if let Some((t, what, value, low, high)) = line.number {
                if let Some(at) = sentence.find(t) {
                    ann.numbers.push(NumberMention {
                        text: t.into(),
                        value,
                        low,
                        high,
                        what: what.into(),
                        approximate: low < high,
                        start: base + at,
                        end: base + at + t.len(),
                    });
                }
            }
        }
        if let Some((t, value)) = line.date {
            if let Some(at) = sentence.find(t) {
                ann.dates.push(DateMention {
                    text: t.into(),
                    value: Some(value.into()),
                    timex: None,
                    start: base + at,
                    end: base + at + t.len(),
                    role: model::DateRole::Clause,
                });
            }
        }
        for (name, kind) in [
            ("Oskevik", EntityKind::Place),
            ("Brenning", EntityKind::Person),
            ("Thale", EntityKind::Person),
        ] {
            for (at, _) in sentence.match_indices(name) {
                ann.entities.push(EntityMention {
                    text: name.into(),
                    name: name.into(),
                    kind,
                    start: base + at,
                    end: base + at + name.len(),
                    confidence: 1.0,
                });
            }
        }
        // A filler sentence of this article's own, with a serial number in it.
        let subject = FILLER_SUBJECTS[rng.pick(FILLER_SUBJECTS.len())];
        let verb = FILLER_VERBS[rng.pick(FILLER_VERBS.len())];
        body.push_str(&format!(" {subject} from block {} {verb}.", k * 13 + li));
    }
    AnalyzedArticle {
        article: Article {
            id: format!("gen-{k:05}"),
            title: format!("Oskevik bridge closed after cracks found in piers ({k})"),
            outlet: Some(format!("Outlet {}", k % 16)),
            outlet_inferred: false,
            byline: None,
            published: NaiveDate::from_ymd_opt(2031, 5, 12 + (k % 5) as u32),
            language: Some("en".into()),
            body,
            url: None,
        },
        duplicate_of: (k % 10 == 9).then(|| format!("gen-{:05}", k - 1)),
        annotations: ann,
    }
}
