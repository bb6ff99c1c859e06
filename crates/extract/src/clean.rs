//! The news-specific cleanup layer: from candidate paragraphs to article paragraphs.
//!
//! Both the HTML and the plain-text paths produce a list of [`Para`]s; [`clean`] removes
//! what a reader would not count as the article (teasers, prompts, widgets, captions,
//! repeated passages) and lifts bylines and datelines found near the top into metadata.
//! Every rule is about the shape of news pages in general, never about one site.

use std::collections::HashSet;
use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;

use crate::evidence::{self, DateClue, DateKind, OutletClue, OutletKind};
use crate::meta;

/// What kind of block a candidate paragraph came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Ordinary running text (a `<p>`, a plain-text line).
    Text,
    /// A heading (`<h1>`..`<h6>`).
    Heading,
    /// A list item.
    Item,
    /// A figure caption or image credit known from the markup.
    Caption,
}

/// One candidate paragraph.
#[derive(Debug, Clone)]
pub(crate) struct Para {
    /// The text, whitespace already collapsed.
    pub text: String,
    pub kind: Kind,
    /// Characters of `text` that sat inside links.
    pub link_chars: usize,
}

impl Para {
    /// A paragraph of running text without links.
    pub fn text(text: String) -> Para {
        Para {
            text,
            kind: Kind::Text,
            link_chars: 0,
        }
    }
}

/// Metadata found in the body while cleaning it.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Found {
    pub byline: Option<String>,
    /// The publication date the text supports best (see [`evidence`]).
    pub published: Option<NaiveDate>,
    /// The outlet the text names in a byline, a dateline or its credits.
    pub outlet: Option<String>,
    /// Every date the header and the lead give, with where it was read.
    dates: Vec<DateClue>,
    /// Every outlet the header, the lead and the credits name.
    outlets: Vec<OutletClue>,
}

impl Found {
    /// Notes a date read in a header line.
    fn header_date(&mut self, line: &str, date: NaiveDate) {
        self.dates.push(DateClue {
            kind: evidence::header_kind(line),
            date,
        });
    }

    fn outlet(&mut self, kind: OutletKind, name: Option<String>) {
        if let Some(name) = name {
            self.outlets.push(OutletClue { kind, name });
        }
    }

    /// Reads the lead's dateline and settles the date and the outlet.
    fn settle(&mut self, kept: &[Para]) {
        let texts = || kept.iter().map(|p| p.text.as_str());
        // The lead: the first paragraph long enough to be prose.
        let lead = texts()
            .find(|t| t.split_whitespace().nth(5).is_some())
            .and_then(evidence::lead);
        if let Some(lead) = lead {
            self.outlet(OutletKind::WireTag, lead.tag);
            match lead.date {
                Some((Some(y), m, d)) => {
                    if let Some(date) = NaiveDate::from_ymd_opt(y, m, d) {
                        self.dates.push(DateClue {
                            kind: DateKind::Dateline,
                            date,
                        });
                    }
                }
                Some((None, m, d)) => {
                    let written = evidence::full_dates(texts());
                    if let Some(date) = evidence::dateline_year(m, d, &written) {
                        self.dates.push(DateClue {
                            kind: DateKind::YearlessDateline,
                            date,
                        });
                    }
                }
                None => {}
            }
        }
        self.published = evidence::choose_date(&self.dates);
        self.outlet = evidence::choose_outlet(&self.outlets);
    }
}

/// The tunables the cleanup reads.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Rules {
    /// How many leading paragraphs may hold a byline or a dateline.
    pub header_paragraphs: usize,
    /// Drop trailing fragments (a few words, no closing punctuation).
    pub trim_tail_fragments: bool,
}

/// Paragraphs of at least this many words are kept only at their first occurrence.
const MIN_DEDUP_WORDS: usize = 8;

/// Cleans candidate paragraphs; returns the article paragraphs and the metadata found.
pub(crate) fn clean(paras: Vec<Para>, title: &str, rules: Rules) -> (Vec<String>, Found) {
    let mut found = Found::default();
    let title_key = text::fingerprint_text(title);
    let paras: Vec<Para> = paras
        .into_iter()
        .map(|mut p| {
            if !meta::is_collapsed(&p.text) {
                p.text = meta::collapse_ws(&p.text);
            }
            p
        })
        .filter(|p| p.text.chars().any(char::is_alphanumeric))
        .collect();
    // Each paragraph's fingerprint, computed once for every comparison below.
    let keys: Vec<String> = paras
        .iter()
        .map(|p| text::fingerprint_text(&p.text))
        .collect();

    let captions = caption_groups(&paras, &keys);
    let mut keep = vec![true; paras.len()];
    for (i, p) in paras.iter().enumerate() {
        if captions[i] || p.kind == Kind::Caption || is_junk(&p.text) || is_caption(&p.text) {
            keep[i] = false;
            // A time stamp ("Posted: 20 Feb 2026, 11:02") is junk in the body, yet near
            // the top it still dates the article.
            if i < rules.header_paragraphs {
                if let Some(date) = meta::dateline(&p.text) {
                    found.header_date(&p.text, date);
                } else if let Some(clue) = evidence::announced(&p.text) {
                    found.dates.push(clue);
                }
            }
            found.outlet(OutletKind::Credit, evidence::credit_outlet(&p.text));
            continue;
        }
        if i < rules.header_paragraphs {
            // A publication line that also holds other things ("By Jane Doe | Published
            // Nov. 19, 2018") still dates the article.
            if meta::dateline(&p.text).is_none() {
                if let Some(clue) = evidence::announced(&p.text) {
                    found.dates.push(clue);
                }
            }
            if header_metadata(p, &keys[i], &title_key, &mut found) {
                keep[i] = false;
            }
        }
    }
    let mut kept: Vec<(Para, String)> = paras
        .into_iter()
        .zip(keys)
        .zip(keep)
        .filter_map(|(pk, k)| k.then_some(pk))
        .collect();
    // Credits kept as text (a credit line after a sentence of the article).
    for (p, _) in &kept {
        if is_credit_line(&p.text) {
            found.outlet(OutletKind::Credit, evidence::credit_outlet(&p.text));
        }
    }

    cut_contents_lists(&mut kept);
    cut_teaser_tail(&mut kept);

    // Repeated passages are kept once; short repeated lines (a heading reused in each
    // section of a guide) are structure, not duplication.
    let mut seen = HashSet::new();
    kept.retain(|(_, key)| {
        let long = key.split(' ').nth(MIN_DEDUP_WORDS - 1).is_some();
        !key.is_empty() && (!long || seen.insert(key.clone()))
    });
    let mut kept: Vec<Para> = kept.into_iter().map(|(p, _)| p).collect();

    if rules.trim_tail_fragments {
        while kept.last().is_some_and(|p| {
            is_fragment(&p.text) || is_teaser_marker(&p.text) || is_teaser_list(&p.text)
        }) {
            kept.pop();
        }
    }
    // A trailing run of link-only items is a teaser list, not article text.
    while kept
        .last()
        .is_some_and(|p| p.kind != Kind::Text && mostly_link(p))
    {
        kept.pop();
    }
    found.settle(&kept);
    (kept.into_iter().map(|p| p.text).collect(), found)
}

fn mostly_link(p: &Para) -> bool {
    let len = p.text.chars().count();
    len > 0 && p.link_chars * 10 >= len * 8
}

/// Captions longer than this many words are not recognised by their credit line alone.
const MAX_CAPTION_WORDS: usize = 40;

/// Marks the paragraphs of photo captions: a paragraph immediately followed by the same
/// text (a doubled caption), and a short paragraph immediately followed by a credit line
/// ("Outlet / Name", "Getty Images"), together with that credit and an identical copy
/// right after it. A later, non-adjacent occurrence of the caption's text is left alone:
/// pages often caption a photo with a sentence of the article itself.
///
/// A credit may also follow a picture without a caption, right after a paragraph of the
/// article; so the paragraph before a credit counts as a caption only when it is doubled
/// (a copy after the credit, or its text elsewhere on the page) or is not a sentence.
fn caption_groups(paras: &[Para], keys: &[String]) -> Vec<bool> {
    let mut out = vec![false; paras.len()];
    for i in 1..keys.len() {
        // A long paragraph given twice is a copy of the text (a layout rendered twice),
        // kept once by the repeat rule, not a caption.
        if !keys[i].is_empty()
            && keys[i] == keys[i - 1]
            && keys[i].split(' ').nth(MAX_CAPTION_WORDS).is_none()
        {
            out[i] = true;
            out[i - 1] = true;
        }
    }
    for i in 1..paras.len() {
        let caption = &paras[i - 1];
        if !is_credit_line(&paras[i].text)
            || caption.kind == Kind::Heading
            || is_credit_line(&caption.text)
            || text::words(&caption.text).count() > MAX_CAPTION_WORDS
        {
            continue;
        }
        let copy_follows = keys.get(i + 1).is_some_and(|k| *k == keys[i - 1]);
        let doubled = copy_follows || keys.iter().filter(|k| **k == keys[i - 1]).count() > 1;
        out[i] = true;
        if doubled || !ends_sentence(&caption.text) {
            out[i - 1] = true;
            if copy_follows {
                out[i + 1] = true;
            }
        }
    }
    out
}

/// Lifts a byline, a dateline or a repeated title out of the header; true when the
/// paragraph was only metadata.
fn header_metadata(p: &Para, key: &str, title_key: &str, found: &mut Found) -> bool {
    let t = p.text.as_str();
    if !title_key.is_empty() && key == title_key {
        return true;
    }
    if (READ_TIME.is_match(t) && t.split_whitespace().count() <= 4) || meta::is_day_month(t) {
        return true;
    }
    if let Some(date) = meta::dateline(t) {
        found.header_date(t, date);
        return true;
    }
    if let Some(name) = evidence::wire_line(t) {
        found.outlet(OutletKind::Byline, Some(name));
        return true;
    }
    if let Some(people) = name_with_role(t) {
        if found.byline.is_none() {
            found.byline = Some(people);
        }
        return true;
    }
    if t.split_whitespace().count() <= 10 && has_year(t) && CLOCK.is_match(t) {
        // A dateline in a language whose month names we do not know.
        return true;
    }
    let stripped = meta::strip_by_prefix(t);
    if stripped.len() < t.trim().len() && stripped.split_whitespace().count() <= 10 {
        if let Some(people) = meta::person_byline(stripped) {
            if found.byline.is_none() {
                found.byline = Some(people);
            }
            found.outlet(OutletKind::Byline, evidence::byline_tail_outlet(t));
        } else if stripped.split_whitespace().count() <= 4 {
            found.outlet(OutletKind::Byline, evidence::byline_outlet(stripped));
        }
        return true;
    }
    false
}

static CLOCK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b\d{1,2}[:h]\d{2}\b").expect("valid regex"));

fn has_year(t: &str) -> bool {
    text::words(t).any(|(_, w)| {
        w.len() == 4
            && (w.starts_with("19") || w.starts_with("20"))
            && w.bytes().all(|b| b.is_ascii_digit())
    })
}

/// Words of a newsroom role that may follow a name in a byline.
const ROLE_WORDS: &[&str] = &[
    "writer",
    "correspondent",
    "reporter",
    "editor",
    "staff",
    "contributor",
    "columnist",
    "producer",
    "journalist",
    "photographer",
    "analyst",
    "critic",
    "bureau",
    "chief",
];

/// The person of a "Jane Doe, Senior Correspondent" line.
fn name_with_role(t: &str) -> Option<String> {
    if ends_sentence(t) || t.split_whitespace().count() > 10 {
        return None;
    }
    let (name, role) = t.split_once(',')?;
    let role_words = lower_words(role);
    if !role_words.iter().any(|w| ROLE_WORDS.contains(&w.as_str())) {
        return None;
    }
    meta::person_byline(name)
}

static READ_TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\d+\s*(?:min|mins|minute|minutes)\.?\s+read\s*$").expect("valid regex")
});

/// `title` without a reading-time suffix such as "2 min read".
pub(crate) fn strip_read_time(title: &str) -> String {
    let stripped = READ_TIME.replace(title, "");
    let t = stripped
        .trim_end_matches([' ', '|', '-', '\u{b7}', '\u{2022}', '\u{2013}', '\u{2014}'])
        .trim();
    if t.is_empty() {
        title.trim().to_string()
    } else {
        t.to_string()
    }
}

/// The words of `s`, lower-cased.
fn lower_words(s: &str) -> Vec<String> {
    text::words(s).map(|(_, w)| w.to_lowercase()).collect()
}

/// The text lower-cased, with outer punctuation and spaces removed.
fn bare(s: &str) -> String {
    s.trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase()
}

static PREFIXED_TEASER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\W*(?:(?:read more|read also|also read|see also|related|recommended|more on this|more from|watch|listen|read next|read)\s*[:\-\u{2013}\u{2014}\u{00bb}|>]|more (?:from|on) [^:|.!?]{1,40}:)")
        .expect("valid regex")
});

const COMPANIONS: &[&str] = &[
    "thank you for subscribing",
    "thanks for subscribing",
    "thank you for signing up",
    "thanks for signing up",
    "something went wrong",
    "something went wrong please try again",
    "please try again",
    "please try again later",
    "you have been subscribed",
    "you're subscribed",
    "invalid email",
    "invalid email address",
    "check your inbox",
    "an error occurred",
];

/// Buttons and calls to action that render as lines of their own, as lower-cased words
/// joined by single spaces.
const BUTTONS: &[&str] = &[
    "learn more",
    "book now",
    "shop now",
    "buy now",
    "get it now",
    "check price",
    "check prices",
    "see price",
    "see prices",
    "best prices today",
    "view deal",
    "see deal",
    "see details",
    "see details buying options",
    "where to buy",
    "read full review",
    "read review",
    "read reviews",
    "see the rating",
    "get the recipe",
    "jump to recipe",
    "jump to details",
    "print recipe",
    "advertisement continue reading below",
    "no credit card required",
    "courtesy of brand",
];

const COMMENT_PROMPTS: &[&str] = &[
    "leave a reply",
    "leave a comment",
    "post a comment",
    "add a comment",
    "add comment",
    "comments",
    "show comments",
    "view comments",
    "join the conversation",
    "cancel reply",
    "advertisement",
    "advertisements",
    "sponsored",
    "sponsored content",
    "story continues below",
    "story continues below advertisement",
    "continue reading",
    "continue reading below",
    "scroll to continue",
    "scroll to continue with content",
    "skip advertisement",
    "ad",
];

static IMAGE_COUNTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\W*(?:image|photo|picture|slide|gallery)?\s*\d+\s*(?:of\s*/?|/)\s*\d*\W*$")
        .expect("valid regex")
});
static STAMP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\W*(?:published|updated|posted|last updated|last modified|first published)\b[^.!?]{0,60}(?:ago|[ap]\.?m\.?|gmt|utc|\d{4}|\d{1,2}:\d{2})\W*$")
        .expect("valid regex")
});

/// Labels of page widgets that are never article text on their own.
const WIDGET_WORDS: &[&str] = &[
    "caption",
    "close",
    "advert",
    "ticker",
    "tags",
    "tag",
    "topics",
    "loading",
    "image",
    "photo",
    "video",
    "play",
    "next",
    "previous",
    "prev",
    "enlarge",
    "expand",
    "toggle caption",
    "hide caption",
    "show caption",
    "text size",
    "order reprints",
    "reprints",
    "print",
    "by",
    "listen",
    "listen to this article",
    "watch",
    "gallery",
    "view gallery",
    "more",
    "menu",
    "search",
    "back to top",
    "top",
    "skip to content",
    "open in app",
    "sign in",
    "log in",
    "register",
    "home",
];

const SHARE_WORDS: &[&str] = &[
    "share",
    "shares",
    "sharing",
    "pin",
    "pinterest",
    "tweet",
    "twitter",
    "facebook",
    "whatsapp",
    "linkedin",
    "email",
    "e",
    "mail",
    "print",
    "reddit",
    "telegram",
    "messenger",
    "tumblr",
    "flipboard",
    "copy",
    "link",
    "x",
    "this",
    "it",
    "on",
    "article",
    "story",
    "the",
    "via",
    "save",
    "page",
    "post",
    "with",
    "friends",
    "your",
    "share this",
];
const SHARE_CORE: &[&str] = &[
    "share",
    "pin",
    "pinterest",
    "tweet",
    "twitter",
    "facebook",
    "whatsapp",
    "linkedin",
    "email",
    "print",
    "reddit",
    "telegram",
];

static COUNTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:\d[\d,.]*\s*[km]?\s*)?(?:total|shares?|views?|comments?|likes?|reads?|reactions?)?(?:\s*\d[\d,.]*\s*[km]?)?$")
        .expect("valid regex")
});

/// True for a scraper's note disowning the text it copied (`l` is lower-cased).
/// The longest affiliate disclosure recognised, in words.
const MAX_DISCLOSURE_WORDS: usize = 80;

/// What an affiliate disclosure is about, lower-cased.
const DISCLOSURE_TOPICS: &[&str] = &[
    "affiliate link",
    "a commission",
    "commissions",
    "qualifying purchases",
    "earn us",
    "kickback",
    "paid promotion",
];

/// How an affiliate disclosure addresses the reader about the page, lower-cased.
const DISCLOSURE_CONTEXT: &[&str] = &[
    "this post",
    "this article",
    "this blog",
    "this website",
    "this site",
    "our site",
    "on the site",
    "our links",
    "through links",
    "through our",
    "through these links",
    "through them",
    "if you buy",
    "if you purchase",
    "if you click",
    "if you make a purchase",
    "if you select",
    "at no extra cost",
    "at no additional cost",
    "may contain",
    "contains affiliate",
    "contain affiliate",
    "purchases made",
    "disclosure",
    "we may",
    "i may",
    "we earn",
    "i earn",
];

/// True for an affiliate disclosure ("Purchases made through our links may earn us a
/// commission"): it names the commission and speaks of this page or the reader's
/// purchase. A sentence about affiliate marketing itself does neither at once.
fn discloses_affiliation(l: &str) -> bool {
    DISCLOSURE_TOPICS.iter().any(|d| l.contains(d))
        && DISCLOSURE_CONTEXT.iter().any(|c| l.contains(c))
}

fn disclaims_copyright(l: &str) -> bool {
    l.contains("do not claim") && (l.contains("copyright") || l.contains("ownership"))
}

/// True for a paragraph that is page furniture, not article text.
pub(crate) fn is_junk(t: &str) -> bool {
    if !t.chars().any(char::is_alphanumeric) {
        return true;
    }
    // Every limit below is at most MAX_DISCLOSURE_WORDS, so counting stops past it.
    let n = text::words(t).take(MAX_DISCLOSURE_WORDS + 1).count();
    let l = t.to_lowercase();
    if n <= MAX_DISCLOSURE_WORDS && discloses_affiliation(&l) {
        return true;
    }
    if n > 60 {
        // Every other rule is about short lines; skip their work on running text.
        return disclaims_copyright(&l);
    }
    if n <= 25 && PREFIXED_TEASER.is_match(t) {
        return true;
    }
    // Forty characters hold at most twenty words, so longer lines skip the bare form.
    let b = if n <= 20 { bare(t) } else { String::new() };
    if !b.is_empty() && b.len() <= 40 && COUNTER.is_match(&b) {
        return true;
    }
    if n <= 8 && (COMPANIONS.contains(&b.as_str()) || COMMENT_PROMPTS.contains(&b.as_str())) {
        return true;
    }
    if n <= 5 && BUTTONS.contains(&lower_words(t).join(" ").as_str()) {
        return true;
    }
    if n <= 6 {
        let words = lower_words(t);
        let networks = words
            .iter()
            .filter(|w| SHARE_CORE.contains(&w.as_str()))
            .count();
        if networks >= 2
            || (networks >= 1 && words.iter().all(|w| SHARE_WORDS.contains(&w.as_str())))
        {
            return true;
        }
    }
    // Calls to click, and notes about scripts the page needs.
    let shouting = !t.chars().any(char::is_lowercase);
    if n <= 15
        && ((shouting && l.contains("click"))
            || l.contains("requires javascript")
            || l.contains("enable javascript"))
    {
        return true;
    }
    // Newsletter and mailing-list prompts.
    if n <= 30
        && (l.contains("newsletter")
            || l.contains("mailing list")
            || l.contains("your inbox")
            || l.contains("to your email")
            || l.contains("subscribe to our")
            || l.contains("subscribe now")
            || l.contains("subscribe for")
            || l.starts_with("subscribe")
            || l.starts_with("sign up"))
    {
        return true;
    }
    // Cookie and privacy consent lines.
    if n <= 30
        && (l.contains("privacy policy")
            || l.contains("cookie")
            || l.contains("terms of use")
            || l.contains("terms of service"))
        && (n <= 6
            || [
                "accept",
                "agree",
                "consent",
                "by clicking",
                "by using",
                "we use",
                "read our",
                "you can opt",
            ]
            .iter()
            .any(|k| l.contains(k)))
    {
        return true;
    }
    // Scraper and syndication notes.
    if n <= 60
        && l.contains("click here")
        && [
            "source",
            "original",
            "copyright",
            "indexed",
            "full article",
            "full story",
        ]
        .iter()
        .any(|k| l.contains(k))
    {
        return true;
    }
    if disclaims_copyright(&l) {
        return true;
    }
    if n <= 8 && (IMAGE_COUNTER.is_match(t) || STAMP.is_match(t)) {
        return true;
    }
    if n <= 3 && WIDGET_WORDS.contains(&b.as_str()) {
        return true;
    }
    // Copyright lines and "follow us" footers.
    if n <= 40
        && (l.starts_with('\u{a9}')
            || l.starts_with("copyright")
            || (l.contains('\u{a9}') && n <= 25))
    {
        return true;
    }
    if n <= 40
        && (l.contains("follow us")
            || l.contains("follow him")
            || l.contains("follow her")
            || l.contains("follow me"))
        && [
            "twitter",
            "facebook",
            "instagram",
            "@",
            "linkedin",
            "social",
        ]
        .iter()
        .any(|k| l.contains(k))
    {
        return true;
    }
    if n <= 6 && l.starts_with("you must be logged in") {
        return true;
    }
    false
}

// Word boundaries are ASCII ones (`(?-u:\b)`): the regex crate's fast engines do not
// handle Unicode boundaries on non-ASCII text, and this runs on every short paragraph.
static CAPTION_END: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:(?-u:\b)(?:photo|photograph|image|picture|pic|file photo|credit|illustration|video|source)s?\s*[/:|]\s*[\p{L}\p{N} .&'\-]{1,40}|\([^()]{0,40}(?-u:\b)(?:photo|image|picture|credit|file)s?(?-u:\b)[^()]{0,80}\)|(?-u:\b)getty images|(?-u:\b)shutterstock|/\s*(?:ap|afp|reuters|epa|dpa|getty|aap|pa|xinhua|anadolu)(?-u:\b)[\p{L} .]{0,20})\s*\)?\s*$")
        .expect("valid regex")
});
static CAPTION_START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^\W*(?:photo|photograph|image|picture|file photo|credit|illustration)s?\s*[:/|]",
    )
    .expect("valid regex")
});

const CREDIT_WORDS: &[&str] = &[
    "reuters",
    "ap",
    "afp",
    "epa",
    "dpa",
    "getty",
    "images",
    "image",
    "photo",
    "photos",
    "file",
    "archive",
    "credit",
    "courtesy",
    "shutterstock",
    "pool",
    "handout",
    "via",
    "picture",
    "pictures",
    "alliance",
    "xinhua",
    "anadolu",
    "agency",
    "supplied",
    "aap",
    "pa",
    "wire",
    "stock",
    "illustration",
    "photograph",
    "photographer",
];

/// True for a line that only credits a photo: "Reuters Archive", "Getty Images",
/// "Photo: Jane Doe", "Harbour Post / Jane Doe".
fn is_credit_line(t: &str) -> bool {
    // Six words fit well within this; longer lines are prose.
    if t.len() > 120 {
        return false;
    }
    // The cheap tests first: most paragraphs end a sentence or run past six words.
    if ends_sentence(t) {
        return false;
    }
    let count = text::words(t).take(7).count();
    if count == 0 || count > 6 {
        return false;
    }
    let words = lower_words(t);
    if words.len() <= 4 && words.iter().all(|w| CREDIT_WORDS.contains(&w.as_str())) {
        return true;
    }
    if CAPTION_START.is_match(t) {
        return true;
    }
    // An outlet or agency and a photographer around a slash ("Harbour Post / Jane Doe"):
    // every word capitalised, and one side a person's name or agency words.
    let Some((left, right)) = t.split_once(" / ") else {
        return false;
    };
    let capitalised = |side: &str| {
        let n = side.split_whitespace().count();
        (1..=4).contains(&n)
            && side
                .split_whitespace()
                .all(|w| w.starts_with(char::is_uppercase))
    };
    let credit = |side: &str| {
        meta::is_person_name(side)
            || lower_words(side)
                .iter()
                .all(|w| CREDIT_WORDS.contains(&w.as_str()))
    };
    capitalised(left) && capitalised(right) && (credit(left) || credit(right))
}

/// True for a photo caption or an image credit line.
pub(crate) fn is_caption(t: &str) -> bool {
    if is_credit_line(t) {
        return true;
    }
    if text::words(t).nth(80).is_some() {
        return false;
    }
    let end = tail(t, 160);
    let lower_end = end.to_lowercase();
    let may_credit = [
        "photo",
        "image",
        "picture",
        "pic",
        "credit",
        "illustration",
        "video",
        "source",
        "getty",
        "shutterstock",
        "/",
        "file",
    ]
    .iter()
    .any(|k| lower_end.contains(k));
    (may_credit && CAPTION_END.is_match(end)) || CAPTION_START.is_match(t)
}

/// The last `max` bytes of `t` or fewer, cut on a character boundary.
fn tail(t: &str, max: usize) -> &str {
    let mut start = t.len().saturating_sub(max);
    while !t.is_char_boundary(start) {
        start += 1;
    }
    &t[start..]
}

fn ends_sentence(t: &str) -> bool {
    t.trim_end().ends_with([
        '.', '!', '?', '"', '\u{201d}', '\'', '\u{2019}', ')', ':', '\u{2026}', ';', '\u{3002}',
        '\u{ff01}', '\u{ff1f}', '\u{300d}', '\u{300f}', '\u{ff09}', '\u{0964}', '\u{061f}',
    ])
}

/// A few words without closing punctuation: a label, a widget or a stray heading.
fn is_fragment(t: &str) -> bool {
    text::words(t).nth(5).is_none() && !ends_sentence(t)
}

const TEASER_MARKERS: &[&str] = &[
    "related",
    "related posts",
    "related articles",
    "related stories",
    "related news",
    "related content",
    "related coverage",
    "related topics",
    "related links",
    "related reading",
    "more stories",
    "more news",
    "more articles",
    "more to read",
    "read more",
    "read next",
    "up next",
    "you may also like",
    "you might also like",
    "you may be interested in",
    "recommended",
    "recommended for you",
    "recommended stories",
    "recommended articles",
    "also read",
    "see also",
    "most read",
    "most popular",
    "most viewed",
    "trending",
    "trending now",
    "latest news",
    "latest stories",
    "more on this story",
    "further reading",
    "top stories",
    "editor's picks",
    "editors picks",
    "don't miss",
    "what to read next",
    // An author box at the foot of a story ends the story just as a teaser block does.
    "about the author",
    "about the authors",
    "about the reviewer",
    "about the reviewers",
];

/// The longest line read as a teaser marker, in bytes, punctuation and all.
const MAX_TEASER_MARKER_BYTES: usize = 160;

/// True for the heading of a teaser block ("Related Posts", "More stories").
fn is_teaser_marker(t: &str) -> bool {
    // The markers are a few words long; running text is not worth folding.
    if t.len() > MAX_TEASER_MARKER_BYTES {
        return false;
    }
    let b = bare(t).replace('\u{2019}', "'");
    let b = meta::collapse_ws(&b);
    TEASER_MARKERS.contains(&b.as_str())
        || (b.starts_with("more from ") && b.split(' ').count() <= 5)
}

/// True for a line of headlines separated by pipes ("Flood claims: a guide | Clean-up
/// weekend needs volunteers"), the shape of a teaser list at the foot of a story.
fn is_teaser_list(t: &str) -> bool {
    let segments: Vec<&str> = t.split(" | ").collect();
    segments.len() >= 2
        && segments.iter().all(|seg| {
            let n = seg.split_whitespace().count();
            (1..=15).contains(&n) && !seg.trim_end().ends_with(['.', '!', ';'])
        })
}

/// Drops a teaser block and everything after it when it sits in the second half, and
/// the "Written by" line that opens an author box at the foot. Teaser headings and
/// "Written by" lines elsewhere go on their own.
fn cut_teaser_tail(paras: &mut Vec<(Para, String)>) {
    let len = paras.len();
    let total: usize = paras.iter().map(|(p, _)| p.text.len()).sum();
    // Each paragraph is tested once, for the cut and for the removal after it.
    let mut ends: Vec<bool> = paras
        .iter()
        .map(|(p, _)| is_teaser_marker(&p.text) || is_written_by(&p.text))
        .collect();
    let mut before = 0;
    let cut = paras.iter().enumerate().position(|(i, (p, _))| {
        // The second half by count of paragraphs or by text, so a few long paragraphs
        // above a box of many short lines still count as the story.
        let second_half = i * 2 >= len || before * 2 >= total;
        before += p.text.len();
        second_half && i > 0 && ends[i]
    });
    if let Some(i) = cut {
        paras.truncate(i);
        ends.truncate(i);
    }
    let mut ends = ends.into_iter();
    paras.retain(|_| !ends.next().unwrap_or(false));
}

/// The most words in a "Written by Jane Doe" line.
const MAX_WRITTEN_BY_WORDS: usize = 6;

/// The most words in a credit line that lists credentials ("Reviewed by Jane Doe, MD,
/// Editor in Chief; Advisory Board Member").
const MAX_CREDIT_WORDS: usize = 40;

/// The most words of a [`CREDIT_OPENERS`] entry.
const MAX_OPENER_WORDS: usize = 3;

/// How credit lines open, as lower-cased words.
const CREDIT_OPENERS: &[&[&str]] = &[
    &["written", "by"],
    &["reviewed", "by"],
    &["medically", "reviewed", "by"],
    &["edited", "by"],
    &["fact", "checked", "by"],
];

/// True for a credit label, alone or with a name ("Written by Jane Doe", "Reviewed by"),
/// or with a name and credentials in a line that is not a sentence (it does not end as
/// one: "Written by the acclaimed author, this novel …" does).
fn is_written_by(t: &str) -> bool {
    if t.len() > 400 {
        return false;
    }
    // Only the opening words are compared, so only they are lower-cased; the rest are
    // counted, as far as the limits below read.
    let mut words = text::words(t);
    let first: Vec<String> = words
        .by_ref()
        .take(MAX_OPENER_WORDS)
        .map(|(_, w)| w.to_lowercase())
        .collect();
    let count = first.len() + words.take(MAX_CREDIT_WORDS + 1 - first.len()).count();
    let opens = CREDIT_OPENERS
        .iter()
        .any(|o| count >= o.len() && first.iter().zip(o.iter()).all(|(w, o)| w == o));
    opens
        && (count <= MAX_WRITTEN_BY_WORDS
            || (count <= MAX_CREDIT_WORDS && !t.trim_end().ends_with(['.', '!', '?'])))
}

/// Headings of a table of contents, lower-cased, outer punctuation removed.
const CONTENTS_MARKERS: &[&str] = &[
    "table of contents",
    "contents",
    "in this article",
    "in this guide",
    "on this page",
    "jump to",
    "jump to section",
    "skip to",
    "inhaltsverzeichnis",
    "inhalt",
    "sommaire",
    "índice",
    "contenido",
    "indice",
    "inhoudsopgave",
];

/// The most words in one entry of a table of contents.
const MAX_CONTENTS_ENTRY_WORDS: usize = 16;

/// Drops a table of contents: its heading ("Table of Contents", also with a
/// "[Hide][Show]" toggle) and the run of entries after it, entries being list items,
/// links, or short lines that come back later as the text's own headings.
fn cut_contents_lists(paras: &mut Vec<(Para, String)>) {
    let mut drop = vec![false; paras.len()];
    let mut i = 0;
    while i < paras.len() {
        if !is_contents_marker(&paras[i].0.text) {
            i += 1;
            continue;
        }
        drop[i] = true;
        let mut j = i + 1;
        while j < paras.len() {
            let (p, key) = &paras[j];
            let short = text::words(&p.text).nth(MAX_CONTENTS_ENTRY_WORDS).is_none();
            let entry = short
                && (p.kind == Kind::Item
                    || mostly_link(p)
                    || paras[j + 1..].iter().any(|(_, later)| later == key));
            if !entry {
                break;
            }
            drop[j] = true;
            j += 1;
        }
        i = j;
    }
    let mut flags = drop.into_iter();
    paras.retain(|_| !flags.next().unwrap_or(false));
}

/// True for the heading of a table of contents.
fn is_contents_marker(t: &str) -> bool {
    if t.len() > 60 {
        return false;
    }
    let b = bare(t);
    let b = ["[hide][show", "[hide", "[show", "hide", "show", "toggle"]
        .iter()
        .find_map(|toggle| b.strip_suffix(toggle))
        .map_or(b.as_str(), |rest| {
            rest.trim_end_matches(|c: char| !c.is_alphanumeric())
        });
    CONTENTS_MARKERS.contains(&b)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> Rules {
        Rules {
            header_paragraphs: 5,
            trim_tail_fragments: true,
        }
    }

    fn paras(lines: &[&str]) -> Vec<Para> {
        lines.iter().map(|l| Para::text((*l).to_string())).collect()
    }

    #[test]
    fn junk_lines_are_recognised() {
        for junk in [
            "READ MORE: Council approves the new harbour budget",
            "Join our newsletter for a weekly digest of harbour news.",
            "Thanks for signing up!",
            "Please try again later.",
            "Post a comment",
            "By posting you agree to our Privacy Policy",
            "Pin It on Pinterest",
            "Share This",
            "Share",
            "Total",
            "0",
            "Note: This story was copied here. To see the story at its original source Click Here",
        ] {
            assert!(is_junk(junk), "{junk}");
        }
        for prose in [
            "The council will vote on the harbour budget next week, officials said.",
            "Share prices fell sharply on Monday after the announcement.",
            "Residents who subscribed to the alert service got a warning an hour earlier.",
        ] {
            assert!(!is_junk(prose), "{prose}");
        }
    }

    #[test]
    fn captions_are_recognised() {
        assert!(is_caption(
            "The mayor speaks at the harbour on Friday. Photo / AP"
        ));
        assert!(is_caption(
            "Workers repair the bridge (Photo: City Council)"
        ));
        assert!(is_caption("Reuters Archive"));
        assert!(is_caption("Fishing boats in the harbour. Getty Images"));
        assert!(!is_caption(
            "The photo shows the mayor at the harbour on Friday."
        ));
    }

    #[test]
    fn header_metadata_is_lifted() {
        let (body, found) = clean(
            paras(&[
                "World | Tuesday 03/March/2026 09:12 AM",
                "By Jane Doe",
                "Harbour bridge reopens",
                "The harbour bridge reopened on Tuesday after two years of repairs.",
            ]),
            "Harbour bridge reopens",
            rules(),
        );
        assert_eq!(
            body,
            vec!["The harbour bridge reopened on Tuesday after two years of repairs."]
        );
        assert_eq!(found.byline.as_deref(), Some("Jane Doe"));
        assert_eq!(found.published, NaiveDate::from_ymd_opt(2026, 3, 3));
        assert_eq!(found.outlet, None);
    }

    #[test]
    fn bylines_with_roles_are_lifted() {
        let (body, found) = clean(
            paras(&[
                "Jane Doe, Senior Harbour Correspondent",
                "The bridge opened on Tuesday after long repairs.",
            ]),
            "T",
            rules(),
        );
        assert_eq!(body.len(), 1);
        assert_eq!(found.byline.as_deref(), Some("Jane Doe"));
    }

    #[test]
    fn outlet_bylines_become_outlets() {
        let (_, found) = clean(
            paras(&["By: Coastal Times", "A sentence of the article."]),
            "T",
            rules(),
        );
        assert_eq!(found.byline, None);
        assert_eq!(found.outlet.as_deref(), Some("Coastal Times"));
    }

    #[test]
    fn teaser_tail_repeats_and_captions_go() {
        let (body, _) = clean(
            paras(&[
                "First paragraph of the story about the bridge.",
                "A caption under a picture of the bridge",
                "A caption under a picture of the bridge",
                "Second paragraph of the story, with a quote.",
                "First paragraph of the story about the bridge.",
                "Third paragraph closes the story.",
                "Related Posts",
                "Another story entirely",
                "Its teaser text that goes on for a while.",
            ]),
            "Bridge",
            rules(),
        );
        assert_eq!(
            body,
            vec![
                "First paragraph of the story about the bridge.",
                "Second paragraph of the story, with a quote.",
                "Third paragraph closes the story.",
            ]
        );
    }

    #[test]
    fn a_long_paragraph_given_twice_is_kept_once() {
        let long = "The harbour board met on Tuesday to weigh three plans for the old pier, and after a long debate it chose the cheapest one, which keeps the stone arches, adds a ramp for the lifeboat and leaves the fish market where it has stood for a century, to the relief of the traders who had feared a move.";
        let (body, _) = clean(paras(&[long, long, "Work starts in May."]), "Pier", rules());
        assert_eq!(body, vec![long, "Work starts in May."]);
    }

    #[test]
    fn credited_captions_go_with_their_credit_and_copy() {
        let (body, _) = clean(
            paras(&[
                "Volunteers stack sandbags along the river wall.",
                "Valley Gazette / Mira Holt",
                "Volunteers stack sandbags along the river wall.",
                "The river rose by two metres overnight, the flood agency said.",
                "Volunteers stack sandbags along the river wall.",
                "A ferry waits at the pier",
                "Getty Images",
                "Schools in the lower town will stay closed until Friday.",
                "Reuters Archive",
            ]),
            "Floods",
            rules(),
        );
        assert_eq!(
            body,
            vec![
                "The river rose by two metres overnight, the flood agency said.",
                "Volunteers stack sandbags along the river wall.",
                "Schools in the lower town will stay closed until Friday.",
            ]
        );
        assert!(is_credit_line("Coastal Times / Jane Doe"));
        assert!(is_credit_line("Photo: Jane Doe"));
        assert!(!is_credit_line("Politics / Europe"));
        assert!(!is_credit_line("AC/DC"));
        assert!(!is_credit_line("The vote was 12 / 3 in favour."));
    }

    #[test]
    fn time_stamps_in_the_header_date_the_article() {
        let (body, found) = clean(
            paras(&[
                "Posted: 14 Jan 2026, 08:30",
                "The ferry service resumed on Wednesday after the storm.",
            ]),
            "Ferry",
            rules(),
        );
        assert_eq!(body.len(), 1);
        assert_eq!(found.published, NaiveDate::from_ymd_opt(2026, 1, 14));
    }

    #[test]
    fn tables_of_contents_go_with_their_entries() {
        let mut lines = vec![
            Para::text(
                "The harbour reopened on Monday after a week of repairs to the sea wall.".into(),
            ),
            Para::text("Table of Contents [Hide][Show]".into()),
            Para {
                text: "What happened".into(),
                kind: Kind::Item,
                link_chars: 13,
            },
            Para::text("Who pays".into()),
            Para::text(
                "Crews worked through the night to close the breach before the spring tides."
                    .into(),
            ),
        ];
        lines.push(Para {
            text: "Who pays".into(),
            kind: Kind::Heading,
            link_chars: 0,
        });
        lines.push(Para::text(
            "The council will meet the cost from its reserve fund this year.".into(),
        ));
        let (kept, _) = clean(lines, "", rules());
        assert_eq!(
            kept,
            vec![
                "The harbour reopened on Monday after a week of repairs to the sea wall.",
                "Crews worked through the night to close the breach before the spring tides.",
                "Who pays",
                "The council will meet the cost from its reserve fund this year.",
            ]
        );
    }

    #[test]
    fn credit_lines_go_and_a_sentence_that_opens_like_one_stays() {
        let mut lines: Vec<Para> = (0..4)
            .map(|i| {
                Para::text(format!(
                    "Paragraph {i} of the story tells what the river did to the town."
                ))
            })
            .collect();
        lines.insert(
            0,
            Para::text(
                "Reviewed by Ada Brill, MD, Editor in Chief, River Health Letter; Advisory Board Member, \
                 River Press"
                    .into(),
            ),
        );
        lines.insert(
            2,
            Para::text(
                "Written by the acclaimed author of river tales, this novel follows a ferry pilot."
                    .into(),
            ),
        );
        let (kept, _) = clean(lines, "", rules());
        assert_eq!(kept.len(), 5, "{kept:?}");
        assert!(!kept.iter().any(|p| p.starts_with("Reviewed")), "{kept:?}");
        assert!(kept[1].starts_with("Written by the acclaimed"), "{kept:?}");
    }

    #[test]
    fn an_author_box_after_few_long_paragraphs_ends_the_story() {
        let long =
            "The story goes on at length about the river, the town, the flood and the repairs. ";
        let mut lines: Vec<Para> = (0..3)
            .map(|i| Para::text(format!("{i} {}", long.repeat(4))))
            .collect();
        lines.push(Para::text("About the Reviewer".into()));
        for i in 0..5 {
            lines.push(Para::text(format!(
                "Reviewer line {i} about her career in medicine."
            )));
        }
        let (kept, _) = clean(lines, "", rules());
        assert_eq!(kept.len(), 3, "{kept:?}");
    }

    #[test]
    fn written_by_lines_and_the_author_box_after_them_go() {
        let mut lines: Vec<Para> = (0..4)
            .map(|i| {
                Para::text(format!(
                    "Paragraph {i} of the story tells what the river did to the town."
                ))
            })
            .collect();
        lines.insert(1, Para::text("Written by Mara Quell".into()));
        lines.push(Para::text("Written by".into()));
        lines.push(Para::text(
            "Mara Quell has covered rivers and floods for the paper since 2009.".into(),
        ));
        let (kept, _) = clean(lines, "", rules());
        assert_eq!(kept.len(), 4, "{kept:?}");
        assert!(kept.iter().all(|p| p.starts_with("Paragraph")), "{kept:?}");
    }

    #[test]
    fn affiliate_disclosures_go_and_talk_of_affiliates_stays() {
        assert!(is_junk(
            "Products are picked by our editors. Purchases made through our links may earn us a commission."
        ));
        assert!(is_junk("Disclosure: this post contains affiliate links."));
        assert!(!is_junk(
            "Streamers earn a commission when viewers buy games or gear via affiliate links."
        ));
    }

    #[test]
    fn trailing_teasers_go() {
        let (body, _) = clean(
            paras(&[
                "The ferry service resumed on Wednesday after the storm.",
                "Crews cleared the slipway of debris overnight.",
                "More from the Gazette: Storm damage in pictures | Where to get sandbags",
            ]),
            "Ferry",
            rules(),
        );
        assert_eq!(body.len(), 2);
        let (body, _) = clean(
            paras(&[
                "The ferry service resumed on Wednesday after the storm.",
                "Storm damage in pictures | Where to get sandbags | Road closures",
            ]),
            "Ferry",
            rules(),
        );
        assert_eq!(body.len(), 1);
        assert!(is_junk("More on this story: Storm damage in pictures"));
        assert!(!is_teaser_list("Prices rose. | Nobody knows why."));
    }

    #[test]
    fn author_box_at_the_foot_goes() {
        let (body, _) = clean(
            paras(&[
                "The ferry service resumed on Wednesday after the storm.",
                "Crews cleared the slipway of debris overnight.",
                "Timetables return to normal from Friday morning.",
                "About the Author",
                "Mara Quill",
                "Mara writes about boats and the weather for the Gazette.",
            ]),
            "Ferry",
            rules(),
        );
        assert_eq!(
            body,
            vec![
                "The ferry service resumed on Wednesday after the storm.".to_string(),
                "Crews cleared the slipway of debris overnight.".to_string(),
                "Timetables return to normal from Friday morning.".to_string(),
            ]
        );
    }

    #[test]
    fn read_time_suffix_is_removed() {
        assert_eq!(
            strip_read_time("Harbour bridge reopens2 min read"),
            "Harbour bridge reopens"
        );
        assert_eq!(
            strip_read_time("Harbour bridge reopens | 5 minutes read"),
            "Harbour bridge reopens"
        );
        assert_eq!(
            strip_read_time("Harbour bridge reopens"),
            "Harbour bridge reopens"
        );
    }
}
