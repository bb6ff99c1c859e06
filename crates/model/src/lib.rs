//! Plain records shared by every Chorus stage.
//!
//! Nothing here does I/O or holds behaviour beyond small accessors: the stages are
//! functions from one of these records to another. The serde shapes of [`Analysis`],
//! [`AnalyzedArticle`] and [`Brief`] are the public analysis contract (`chorus analyze
//! --json`); fields may be added, never renamed or removed.
//!
//! Offsets (`start`, `end`) are always byte offsets into [`Article::body`], on UTF-8
//! character boundaries, `start < end`.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The identifier of an article: its file stem, or the `id` of a JSON line.
pub type ArticleId = String;

/// How a raw document's content is to be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Plain text; by convention the first non-empty line is the title.
    Text,
    /// An HTML page.
    Html,
}

/// One document as an input reader found it: decoded to UTF-8, not yet cleaned.
///
/// Metadata fields hold what the container supplied (a JSON line's `title`, a feed item's
/// date); extraction prefers them over what it finds in the content.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RawDoc {
    pub id: ArticleId,
    /// Where the document came from, for messages: a path, `path:line`, or `-`.
    pub source: String,
    pub format: Format,
    pub content: String,
    pub url: Option<String>,
    pub title: Option<String>,
    pub published: Option<NaiveDate>,
    pub outlet: Option<String>,
}

/// A clean article: the output of extraction and the input of every later stage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Article {
    pub id: ArticleId,
    pub title: String,
    pub outlet: Option<String>,
    /// True when `outlet` was read from the text (a credit line, a byline naming no
    /// person, a wire tag in the dateline) rather than given by the metadata or the URL.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub outlet_inferred: bool,
    pub byline: Option<String>,
    /// Publication date, serialised as `YYYY-MM-DD`.
    pub published: Option<NaiveDate>,
    /// ISO 639-1 code when detected with confidence.
    pub language: Option<String>,
    /// Main text. Paragraphs are separated by exactly one blank line (`"\n\n"`);
    /// no paragraph contains a blank line; no leading or trailing whitespace.
    pub body: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

impl Article {
    /// An article with only an id, a title and a body; no metadata.
    pub fn new(
        id: impl Into<ArticleId>,
        title: impl Into<String>,
        body: impl Into<String>,
    ) -> Article {
        Article {
            id: id.into(),
            title: title.into(),
            outlet: None,
            outlet_inferred: false,
            byline: None,
            published: None,
            language: None,
            body: body.into(),
            url: None,
        }
    }

    /// The paragraphs of the body with their byte ranges.
    pub fn paragraphs(&self) -> impl Iterator<Item = (usize, &str)> + '_ {
        let base = self.body.as_ptr() as usize;
        self.body
            .split("\n\n")
            .filter(|p| !p.trim().is_empty())
            .map(move |p| (p.as_ptr() as usize - base, p))
    }
}

/// Whether a quote reproduces the speaker's words or reports them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum QuoteKind {
    /// Words inside quotation marks.
    Direct,
    /// Reported speech: "Ryabkov said it would be naive to expect progress".
    Indirect,
}

/// A quotation and who said it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quote {
    /// The quoted content, without the enclosing quotation marks.
    pub text: String,
    /// Canonical name of the speaking entity, when found.
    pub speaker: Option<String>,
    pub kind: QuoteKind,
    /// Byte range of `text` in the body.
    pub start: usize,
    pub end: usize,
    /// The reporting verb that attributes the quote ("said", "told"), when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cue: Option<String>,
    /// The probability (0 to 1) that both the content and the speaker are right, from a
    /// scorer calibrated on annotated news. Readers are shown quotes at
    /// [`Quote::SHOWN_CONFIDENCE`] or more; the rest stay here for researchers. Records written before the score existed read
    /// as 1.
    #[serde(default = "full_confidence")]
    pub confidence: f64,
}

fn full_confidence() -> f64 {
    1.0
}

impl Quote {
    /// The least confidence of a quote shown to readers by default (the brief, the web
    /// page and search).
    pub const SHOWN_CONFIDENCE: f64 = 0.5;

    /// Most words of a quotation that is only a fragment of a sentence.
    pub const FRAGMENT_WORDS: usize = 3;

    /// Whether readers are shown this quote by default: its confidence reaches
    /// [`Quote::SHOWN_CONFIDENCE`] and it is no fragment ([`Quote::is_fragment`]).
    pub fn is_shown(&self) -> bool {
        self.confidence >= Self::SHOWN_CONFIDENCE && !self.is_fragment()
    }

    /// Whether this is a partial quote of one to three words in quotation marks
    /// ("naive", "red line"): read out of its clause it misleads, so it is shown inside
    /// the reported clause that holds it (an indirect quote of its own) and never alone.
    /// Words are runs of letters, digits and underscores, as `text::words` counts them.
    pub fn is_fragment(&self) -> bool {
        self.kind == QuoteKind::Direct
            && self
                .text
                .split(|c: char| !(c.is_alphanumeric() || c == '_'))
                .filter(|w| !w.is_empty())
                .nth(Self::FRAGMENT_WORDS)
                .is_none()
    }
}

/// A time expression and its resolved value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateMention {
    pub text: String,
    /// The calendar value: `YYYY-MM-DD`, `YYYY-MM` or `YYYY`; `None` when the expression
    /// cannot be resolved or is not a day, month or year ("this week", "now").
    pub value: Option<String>,
    /// The TimeML value, a superset of `value`: also ISO weeks (`2022-W02`), quarters
    /// (`2022-Q1`), half years (`2022-H2`), seasons (`2022-SU`), decades (`199`),
    /// centuries (`19`) and `PRESENT_REF`/`PAST_REF`/`FUTURE_REF`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timex: Option<String>,
    pub start: usize,
    pub end: usize,
    /// What the expression dates: its clause's event, or a noun it modifies.
    #[serde(default, skip_serializing_if = "DateRole::is_clause")]
    pub role: DateRole,
}

/// What a time expression dates in its sentence.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateRole {
    /// An adverbial of its clause ("met on Sept. 11", "Sept. 11, 2001, when …", "On
    /// Monday, …"): it dates the clause's event.
    #[default]
    Clause,
    /// A modifier of a noun: before it ("the Sept. 11 attacks", "a Dec. 14 vote",
    /// "Friday's vote") or in its prepositional complement ("the attacks of Sept. 11"). It
    /// dates what the noun names, not the clause around it.
    Noun,
}

impl DateRole {
    /// True for [`DateRole::Clause`], the role left out of the JSON.
    pub fn is_clause(&self) -> bool {
        *self == DateRole::Clause
    }
}

/// True for the calendar values `YYYY-MM-DD`, `YYYY-MM` and `YYYY`.
pub fn is_calendar_value(value: &str) -> bool {
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    let mut parts = value.split('-');
    let year = parts.next().is_some_and(|y| digits(y, 4));
    let rest: Vec<&str> = parts.collect();
    year && rest.len() <= 2 && rest.iter().all(|p| digits(p, 2))
}

/// The kind of a named entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityKind {
    Person,
    Organization,
    Place,
    Other,
}

/// One mention of a named entity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EntityMention {
    /// The text as written ("Ryabkov").
    pub text: String,
    /// The canonical name this mention refers to ("Sergei Ryabkov").
    pub name: String,
    pub kind: EntityKind,
    pub start: usize,
    pub end: usize,
    /// The probability (0 to 1) that the mention names a real entity of this kind, from
    /// a scorer fitted on annotated text. The brief lists entities that reach
    /// [`EntityMention::SHOWN_CONFIDENCE`]. Records written before the score existed
    /// read as 1.
    #[serde(default = "full_confidence")]
    pub confidence: f64,
}

impl EntityMention {
    /// The least confidence of an entity listed to readers by default. 0.6 is the least
    /// at which the mentions of the scorer's dev documents (wikigold and MEANTIME,
    /// `train_entities`) are right 85% of the time (0.825 at 0.5, keeping 0.80 of the
    /// right ones against 0.72); on their test documents 0.830 against 0.779. Between
    /// 0.5 and 0.6 lie one-word names of unsure kind ("Aldmark" as an organisation).
    pub const SHOWN_CONFIDENCE: f64 = 0.6;
}

/// A numeric claim: a quantity and what it counts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NumberMention {
    /// The text as written ("an estimated 100,000 troops").
    pub text: String,
    /// Normalised value (100000.0); for a range or vague amount, its central value.
    pub value: f64,
    /// Lower and upper bounds of what the text allows ("tens of thousands": 20000..=90000).
    pub low: f64,
    pub high: f64,
    /// The counted thing, normalised to a lemma ("troop", "people", "hour").
    pub what: String,
    /// True for hedged amounts ("about", "an estimated", "more than", "tens of").
    pub approximate: bool,
    pub start: usize,
    pub end: usize,
}

/// What the analysis stage finds in one article.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Annotations {
    pub quotes: Vec<Quote>,
    pub dates: Vec<DateMention>,
    pub entities: Vec<EntityMention>,
    #[serde(default)]
    pub numbers: Vec<NumberMention>,
}

/// An article with everything found in it: one element of `articles` in the contract.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnalyzedArticle {
    #[serde(flatten)]
    pub article: Article,
    /// The earliest article this one duplicates (exact or near-duplicate copy).
    pub duplicate_of: Option<ArticleId>,
    #[serde(flatten)]
    pub annotations: Annotations,
}

impl From<Article> for AnalyzedArticle {
    /// An article not yet analysed: no annotations, not a duplicate.
    fn from(article: Article) -> AnalyzedArticle {
        AnalyzedArticle {
            article,
            duplicate_of: None,
            annotations: Annotations::default(),
        }
    }
}

/// A group of articles reporting one event, as clustering produced it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Story {
    pub id: String,
    /// Members in publication order (undated last), then by id.
    pub article_ids: Vec<ArticleId>,
}

/// A sentence of the summary with the articles that carry its content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SummaryLine {
    pub text: String,
    pub article_ids: Vec<ArticleId>,
}

/// Where a quote of a statement was found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuoteRef {
    pub article_id: ArticleId,
    pub text: String,
    /// Whether this article quotes the words or reports them.
    pub kind: QuoteKind,
}

/// Quotes of one speaker that say the same thing, across articles.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Statement {
    pub speaker: String,
    /// A representative wording: the longest direct quote of a whole sentence (opening
    /// with a capital, six words or more), else the longest wording.
    pub text: String,
    pub quotes: Vec<QuoteRef>,
}

/// An entity of the story with every name it goes by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoryEntity {
    pub name: String,
    pub kind: EntityKind,
    pub aliases: Vec<String>,
    pub article_ids: Vec<ArticleId>,
}

/// One value reported for a quantity, with the articles that report it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NumberValue {
    pub text: String,
    pub value: f64,
    pub article_ids: Vec<ArticleId>,
}

/// A quantity compared across outlets.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NumberClaim {
    /// What is counted, as the claims are grouped: the unit, extended by a nearby word
    /// when the unit alone is too vague ("percent rise").
    pub what: String,
    /// What readers are shown for `what`: the unit alone when the nearby word was only
    /// a grouping key (the values' texts, the words of their clauses, say what is
    /// counted). Empty in records written before it existed: `what` is shown.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub label: String,
    pub values: Vec<NumberValue>,
    /// False when two reported values are incompatible.
    pub agree: bool,
    /// True when the values differ only in precision: a vague figure ("tens of
    /// thousands") against a precise one of the same order ("about 100,000"). Such
    /// values agree; readers are shown that they differ.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub precision_differs: bool,
}

impl NumberClaim {
    /// What readers are shown as the counted thing: `label`, else `what`.
    pub fn shown_what(&self) -> &str {
        if self.label.is_empty() {
            &self.what
        } else {
            &self.label
        }
    }
}

/// A dated event of the story.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineEntry {
    /// `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
    pub date: String,
    pub text: String,
    pub article_ids: Vec<ArticleId>,
    /// True when the date is known only through an inferred publication date: every
    /// report of the event resolves it against one.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub inferred: bool,
    /// True when every report of the event was published before its date: the reports
    /// expect it ("talks in Brussels on Wednesday"); none says it happened.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub expected: bool,
}

/// A passage carried by several articles (wire copy, press release).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SharedPassage {
    pub text: String,
    pub article_ids: Vec<ArticleId>,
}

/// What an actor does about an issue, in the CAMEO/PLOVER sense of verbal acts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Stance {
    Demand,
    Reject,
    Threaten,
    Promise,
    Propose,
    Accept,
}

/// An actor's position, with the articles that report it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Position {
    /// Canonical name of the actor.
    pub actor: String,
    pub stance: Stance,
    /// Canonical name of whom the position is aimed at, when the text says.
    pub target: Option<String>,
    /// What is demanded, rejected, threatened...: a short span of the text.
    pub text: String,
    pub article_ids: Vec<ArticleId>,
}

/// What one article of a story adds to the others and what it leaves out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Coverage {
    pub article_id: ArticleId,
    /// Sentences, quotes and numbers no other article of the story carries.
    pub adds: Vec<String>,
    /// Content most other articles carry that this one lacks (summary lines, statements).
    pub omits: Vec<String>,
}

/// One article of a story as the brief lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    pub article_id: ArticleId,
    pub title: String,
    pub outlet: Option<String>,
    /// True when the outlet was read from the article's text, not its metadata.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub outlet_inferred: bool,
    pub published: Option<NaiveDate>,
    /// For an undated article, the publication date inferred from its story (the day
    /// against which its relative dates were resolved).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published_inferred: Option<NaiveDate>,
    pub duplicate_of: Option<ArticleId>,
}

/// The brief of one story: one element of `stories` in the contract.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Brief {
    pub id: String,
    pub headline: String,
    pub article_ids: Vec<ArticleId>,
    pub sources: Vec<Source>,
    pub summary: Vec<SummaryLine>,
    pub statements: Vec<Statement>,
    pub entities: Vec<StoryEntity>,
    pub numbers: Vec<NumberClaim>,
    pub timeline: Vec<TimelineEntry>,
    pub shared_passages: Vec<SharedPassage>,
    /// What each actor demands, rejects, threatens, promises, proposes or accepts.
    #[serde(default)]
    pub positions: Vec<Position>,
    /// Per article: what it adds and what it leaves out.
    #[serde(default)]
    pub coverage: Vec<Coverage>,
}

impl Brief {
    /// Most statements a reader sees at first (in the Markdown and on the web page); the
    /// JSON keeps every one.
    pub const STATEMENTS_SHOWN: usize = 15;

    /// A brief that lists its articles as sources and holds nothing else yet: the frame
    /// the brief stage fills, and a small fixture for consumers of stored briefs.
    pub fn sources_only(id: &str, headline: &str, articles: &[&AnalyzedArticle]) -> Brief {
        Brief {
            id: id.to_string(),
            headline: headline.to_string(),
            article_ids: articles.iter().map(|a| a.article.id.clone()).collect(),
            sources: articles
                .iter()
                .map(|a| Source {
                    article_id: a.article.id.clone(),
                    title: a.article.title.clone(),
                    outlet: a.article.outlet.clone(),
                    outlet_inferred: a.article.outlet_inferred,
                    published: a.article.published,
                    published_inferred: None,
                    duplicate_of: a.duplicate_of.clone(),
                })
                .collect(),
            summary: vec![],
            statements: vec![],
            entities: vec![],
            numbers: vec![],
            timeline: vec![],
            shared_passages: vec![],
            positions: vec![],
            coverage: vec![],
        }
    }
}

/// The whole output of `chorus analyze --json`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Analysis {
    pub articles: Vec<AnalyzedArticle>,
    pub stories: Vec<Brief>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_carry_their_offsets() {
        let article = Article::new("a", "t", "One.\n\nTwo two.\n\nThree.");
        let got: Vec<_> = article.paragraphs().collect();
        assert_eq!(got, vec![(0, "One."), (6, "Two two."), (16, "Three.")]);
        for (start, p) in got {
            assert_eq!(&article.body[start..start + p.len()], p);
        }
    }

    #[test]
    fn calendar_values_are_days_months_years() {
        for v in ["2022", "2022-01", "2022-01-09"] {
            assert!(is_calendar_value(v), "{v}");
        }
        for v in [
            "2022-W02",
            "2022-Q1",
            "199",
            "PRESENT_REF",
            "2022-01-09T10",
            "",
        ] {
            assert!(!is_calendar_value(v), "{v}");
        }
    }

    #[test]
    fn short_direct_quotes_are_fragments_never_shown_alone() {
        let quote = |text: &str, kind: QuoteKind, confidence: f64| Quote {
            text: text.to_string(),
            speaker: Some("Ann Berg".to_string()),
            kind,
            start: 0,
            end: text.len(),
            cue: None,
            confidence,
        };
        for text in ["naive", "red line", "U-S-A", "a \"real\" test"] {
            let q = quote(text, QuoteKind::Direct, 0.9);
            assert!(q.is_fragment() && !q.is_shown(), "{text}");
        }
        // Four words stand alone; reported clauses are never fragments.
        assert!(quote("we will not yield", QuoteKind::Direct, 0.9).is_shown());
        assert!(quote("naive", QuoteKind::Indirect, 0.9).is_shown());
        assert!(!quote("we will not yield", QuoteKind::Direct, 0.4).is_shown());
    }

    #[test]
    fn dates_serialise_as_iso_days() {
        let d = NaiveDate::from_ymd_opt(2022, 1, 9).unwrap();
        assert_eq!(serde_json::to_string(&d).unwrap(), "\"2022-01-09\"");
    }
}
