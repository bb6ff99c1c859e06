//! Hand-written fixture articles and a builder that computes annotation offsets.

use chrono::NaiveDate;
use model::{
    AnalyzedArticle, Annotations, Article, DateMention, EntityKind, EntityMention, NumberMention,
    Quote, QuoteKind,
};

/// Builds one analyzed article; annotations are located in the body by their text.
pub struct Fx(pub AnalyzedArticle);

impl Fx {
    pub fn new(id: &str, outlet: &str, day: u32, title: &str, body: &str) -> Fx {
        Fx(AnalyzedArticle {
            article: Article {
                id: id.into(),
                title: title.into(),
                outlet: Some(outlet.into()),
                outlet_inferred: false,
                byline: None,
                published: NaiveDate::from_ymd_opt(2023, 3, day),
                language: Some("en".into()),
                body: body.into(),
                url: None,
            },
            duplicate_of: None,
            annotations: Annotations::default(),
        })
    }

    fn at(&self, text: &str) -> (usize, usize) {
        let start = self
            .0
            .article
            .body
            .find(text)
            .unwrap_or_else(|| panic!("fixture lacks {text:?}"));
        (start, start + text.len())
    }

    pub fn copy_of(mut self, original: &str) -> Fx {
        self.0.duplicate_of = Some(original.into());
        self
    }

    pub fn quote(mut self, text: &str, speaker: Option<&str>, kind: QuoteKind) -> Fx {
        let (start, end) = self.at(text);
        self.0.annotations.quotes.push(Quote {
            text: text.into(),
            speaker: speaker.map(Into::into),
            kind,
            start,
            end,
            cue: None,
            confidence: 1.0,
        });
        self
    }

    pub fn direct(self, text: &str, speaker: &str) -> Fx {
        self.quote(text, Some(speaker), QuoteKind::Direct)
    }

    pub fn date(mut self, text: &str, value: &str) -> Fx {
        let (start, end) = self.at(text);
        self.0.annotations.dates.push(DateMention {
            text: text.into(),
            value: Some(value.into()),
            timex: None,
            start,
            end,
            role: model::DateRole::Clause,
        });
        self
    }

    /// Adds a date mention that modifies a noun ("the May 4 floods").
    pub fn noun_date(mut self, text: &str, value: &str) -> Fx {
        self = self.date(text, value);
        if let Some(d) = self.0.annotations.dates.last_mut() {
            d.role = model::DateRole::Noun;
        }
        self
    }

    /// Adds a mention at every occurrence of `text`.
    pub fn entity(mut self, text: &str, name: &str, kind: EntityKind) -> Fx {
        let hits: Vec<usize> = self
            .0
            .article
            .body
            .match_indices(text)
            .map(|(s, _)| s)
            .collect();
        assert!(!hits.is_empty(), "fixture lacks {text:?}");
        for start in hits {
            self.0.annotations.entities.push(EntityMention {
                text: text.into(),
                name: name.into(),
                kind,
                start,
                end: start + text.len(),
                confidence: 1.0,
            });
        }
        self
    }

    pub fn number(
        mut self,
        text: &str,
        what: &str,
        value: f64,
        range: (f64, f64),
        approximate: bool,
    ) -> Fx {
        let (start, end) = self.at(text);
        self.0.annotations.numbers.push(NumberMention {
            text: text.into(),
            value,
            low: range.0,
            high: range.1,
            what: what.into(),
            approximate,
            start,
            end,
        });
        self
    }
}

const A1: &str = "Dockworkers in the port of Calder Bay walked off the job on Sunday, halting cargo traffic at the busiest harbour on the northern coast.

About 4,000 workers joined the strike, according to the union, which demands a wage increase of 9 percent.

\"We will not accept any compromise. That is completely excluded,\" said union leader Marta Ilves. \"The port owners have ignored us for two years.\"

The port authority said 12 ships were waiting outside the harbour on Sunday evening as the strike spread.

Talks between the union and the port owners are scheduled to resume on Tuesday in the city hall of Calder Bay.";

const A2: &str = "A strike by dockworkers in Calder Bay entered its second day on Monday, leaving an estimated 12 ships stranded outside the harbour.

Union leader Marta Ilves said the workers would stay out until their pay demands were met by the owners.

\"We will not agree to any concessions. This is totally ruled out,\" Ilves told reporters at the port gates.

Tens of thousands of workers have walked off the job across the region, the union said in a statement.

Negotiations between the union and the port owners will resume on Tuesday at the city hall, officials said.";

const A4: &str = "The strike at the Calder Bay harbour has delayed shipments of grain and steel across the region, traders said on Monday.

Port director Jonas Reel said the owners had offered a raise of 4 percent to the striking workers last week.

\"Our offer remains on the table and we are ready to talk at any time,\" Reel said.

An estimated 12 ships were waiting to unload, and traders expect the backlog of cargo to last at least a week.

Talks between the union and the port owners are due to resume on Tuesday, the port director said.";

fn harbour_post(id: &str, outlet: &str) -> Fx {
    Fx::new(
        id,
        outlet,
        5,
        "Dockworkers in Calder Bay begin strike over pay",
        A1,
    )
    .date("on Sunday", "2023-03-05")
    .date("on Tuesday", "2023-03-07")
    .direct(
        "We will not accept any compromise. That is completely excluded,",
        "Marta Ilves",
    )
    .direct(
        "The port owners have ignored us for two years.",
        "Marta Ilves",
    )
    .entity("Calder Bay", "Calder Bay", EntityKind::Place)
    .entity("Marta Ilves", "Marta Ilves", EntityKind::Person)
    .number(
        "About 4,000 workers",
        "worker",
        4000.0,
        (3600.0, 4400.0),
        true,
    )
    .number("9 percent", "percent", 9.0, (9.0, 9.0), false)
    .number("12 ships", "ship", 12.0, (12.0, 12.0), false)
}

/// The fixture story: a port strike reported by three outlets, plus a syndicated copy.
pub fn port_strike() -> Vec<AnalyzedArticle> {
    let a1 = harbour_post("a1", "Harbour Post");
    let a2 = Fx::new(
        "a2",
        "Coastal Times",
        6,
        "Calder Bay port strike strands ships as union rejects concessions",
        A2,
    )
    .date("on Monday", "2023-03-06")
    .date("on Tuesday", "2023-03-07")
    .direct(
        "We will not agree to any concessions. This is totally ruled out,",
        "Marta Ilves",
    )
    .quote(
        "the workers would stay out until their pay demands were met by the owners",
        Some("Marta Ilves"),
        QuoteKind::Indirect,
    )
    .quote(
        "Tens of thousands of workers have walked off the job across the region",
        None,
        QuoteKind::Indirect,
    )
    .entity("Calder Bay", "Calder Bay", EntityKind::Place)
    .entity("Marta Ilves", "Marta Ilves", EntityKind::Person)
    .entity("Ilves told", "Marta Ilves", EntityKind::Person)
    .number("an estimated 12 ships", "ship", 12.0, (10.0, 14.0), true)
    .number(
        "Tens of thousands of workers",
        "worker",
        50000.0,
        (20000.0, 90000.0),
        true,
    );
    let mut a2 = a2;
    // "Ilves told" located the alias; keep only the surname as the surface form.
    if let Some(m) = a2.0.annotations.entities.last_mut() {
        m.text = "Ilves".into();
        m.end = m.start + "Ilves".len();
    }
    let a3 = harbour_post("a3", "Valley Daily").copy_of("a1");
    let a4 = Fx::new(
        "a4",
        "Ledger Weekly",
        6,
        "Strike at Calder Bay harbour delays cargo",
        A4,
    )
    .date("on Monday", "2023-03-06")
    .date("on Tuesday", "2023-03-07")
    .direct(
        "Our offer remains on the table and we are ready to talk at any time,",
        "Jonas Reel",
    )
    .entity("Calder Bay", "Calder Bay", EntityKind::Place)
    .entity("Jonas Reel", "Jonas Reel", EntityKind::Person)
    .number("An estimated 12 ships", "ship", 12.0, (10.0, 14.0), true)
    .number("4 percent", "percent", 4.0, (4.0, 4.0), false);
    vec![a1.0, a2.0, a3.0, a4.0]
}
