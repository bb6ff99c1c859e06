//! The article's title, chosen by a learned ranker among its candidates: the title the
//! agreement rules give, each metadata title (Open Graph, Twitter, JSON-LD `headline`,
//! `<title>`) without its site name, and the page's first `<h1>`.
//!
//! The agreement rules ([`rules_title`]): the visible headline wins when a metadata title
//! confirms it (shares enough words, or equals one part of a title split at its
//! separators); it is then reconciled with the metadata titles: site names, kickers and
//! dates that only the heading carries go, punctuation the metadata agrees on comes
//! back. Without a confirmed headline, the first metadata title without its site name is
//! the title.
//!
//! The ranker ([`FEATURES`], weights in `title.tsv`, fitted by the `eval` example
//! `train_titles` on the dev splits of `wcxb-dev-articles` and `fundus`, as the date
//! ranker is) weighs which sources give a candidate, how many agree, its overlap with
//! the others, its length and shape, and, on pages whose JSON-LD calls them news
//! articles, which source gives it: it learned that news sites set their whole headline
//! (kicker included) in their structured data, while on other sites the rules' title
//! stands.
//!
//! Site names are known three ways: the outlet's name or the host (`og:site_name`,
//! JSON-LD publisher, the URL), and the parts of the `<title>` that another metadata
//! title leaves out ("Blog Name: Headline" when `og:title` reads "Headline").

use std::sync::LazyLock;

use dom_query::NodeRef;

use crate::elements::{Elements, Kind};

use crate::meta::{collapse_ws, dateline, find_date};

/// The metadata titles of a page, each collapsed and `None` when absent or empty.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct MetaTitles<'a> {
    pub og: Option<&'a str>,
    pub twitter: Option<&'a str>,
    pub json_ld: Option<&'a str>,
    pub title_tag: Option<&'a str>,
    /// The page's JSON-LD calls it a news article.
    pub news: bool,
}

impl<'a> MetaTitles<'a> {
    /// The titles in order of trust: Open Graph, Twitter, JSON-LD, `<title>`.
    fn list(&self) -> Vec<&'a str> {
        [self.og, self.twitter, self.json_ld, self.title_tag]
            .into_iter()
            .flatten()
            .filter(|t| !t.trim().is_empty())
            .collect()
    }
}

/// The article's title from its headings and metadata titles, or `None` when the page
/// has neither: the candidate the title model ranks first.
pub(crate) fn page_title(
    elements: &Elements,
    metas: &MetaTitles<'_>,
    outlet: Option<&str>,
    host: Option<&str>,
) -> Option<String> {
    best(&candidates(elements, metas, outlet, host), &MODEL).map(|(_, t)| t)
}

/// The title the agreement rules give: the visible headline confirmed by a metadata
/// title and reconciled with them, else the first metadata title without its site
/// name.
fn rules_title(elements: &Elements, list: &[&str], site: &Site) -> Option<String> {
    let title = match visible_headline(elements, list, site) {
        Some(h1) => reconcile_headline(&h1, list, site),
        None => site.strip(list.first()?),
    };
    let title = crate::clean::strip_read_time(&title);
    (!title.is_empty()).then_some(title)
}

/// The inputs of the title model, one row per candidate title of a page with two or
/// more: whether the agreement rules of `rules_title` give it (`rules`); which
/// metadata titles give it once their site name is cut (`og`, `twitter`, `json_ld`,
/// `title_tag`), or the page's first `<h1>` outside its furniture (`h1`); how many of
/// those sources agree on it (`agreement`, the log of one plus their count); its best
/// word overlap with another candidate (`overlap`, Dice); its length (`log_words`, and
/// `short` for three words or fewer, `long` for more than twenty); whether it holds a
/// separator that often joins a headline to a label (`separated`: " | ", " - ", ": "),
/// is mostly capitals (`shouting`), or is the shortest or longest candidate; and, on a
/// page whose JSON-LD calls it a news article, which of the rules, `og:title`, the
/// JSON-LD headline and the `<h1>` give it (`*_news`: news sites set their headline
/// in their structured data with more care than other sites do).
pub const FEATURES: &[&str] = &[
    "rules",
    "og",
    "twitter",
    "json_ld",
    "title_tag",
    "h1",
    "agreement",
    "overlap",
    "log_words",
    "short",
    "long",
    "separated",
    "shouting",
    "shortest",
    "longest",
    "rules_news",
    "og_news",
    "json_ld_news",
    "h1_news",
];

/// The title model's weights, as `train_titles` writes them.
const WEIGHTS: &str = include_str!("title.tsv");

/// The title model, read once.
static MODEL: LazyLock<learn::Logistic> =
    LazyLock::new(|| learn::Logistic::from_tsv(FEATURES, WEIGHTS));

/// One candidate title of a page and the model's inputs for it.
#[derive(Debug, Clone, PartialEq)]
pub struct TitleCandidate {
    pub title: String,
    /// One value per name of [`FEATURES`].
    pub features: Vec<f64>,
}

/// The candidate that `model` scores highest and its share of the page's probability
/// (the softmax of its score over the candidates' scores); ties go to the earlier
/// candidate (the rules' title comes first).
pub fn best(candidates: &[TitleCandidate], model: &learn::Logistic) -> Option<(f64, String)> {
    let (i, share) = model.best(candidates.iter().map(|c| c.features.as_slice()))?;
    let c = candidates.get(i)?;
    Some((share, c.title.clone()))
}

/// Every candidate title of the page with the title model's inputs, the rules' title
/// first.
pub(crate) fn candidates(
    elements: &Elements,
    metas: &MetaTitles<'_>,
    outlet: Option<&str>,
    host: Option<&str>,
) -> Vec<TitleCandidate> {
    let list = metas.list();
    let site = Site::new(outlet, host, &title_labels(metas));
    let clean = |t: &str| {
        let t = crate::clean::strip_read_time(&site.strip(t));
        (!t.is_empty()).then_some(t)
    };
    let h1 = elements
        .select(Kind::H1)
        .iter()
        .take(MAX_H1)
        .filter(|n| !heading_in_furniture(n))
        .map(heading_text)
        .find(|t| !t.is_empty() && !site.names_or_labels(t));
    // Indexed as the sources of FEATURES: rules, og, twitter, json_ld, title_tag, h1.
    let found: [Option<String>; 6] = [
        rules_title(elements, &list, &site),
        metas.og.and_then(clean),
        metas.twitter.and_then(clean),
        metas.json_ld.and_then(clean),
        metas.title_tag.and_then(clean),
        h1.as_deref().and_then(clean),
    ];
    let key = |t: &str| collapse_ws(t).to_lowercase();
    let mut titles: Vec<&String> = Vec::new();
    for t in found.iter().flatten() {
        if !titles.iter().any(|u| key(u) == key(t)) {
            titles.push(t);
        }
    }
    if titles.len() < 2 {
        return titles
            .into_iter()
            .map(|t| TitleCandidate {
                title: t.clone(),
                features: vec![0.0; FEATURES.len()],
            })
            .collect();
    }
    let words: Vec<Vec<String>> = titles.iter().map(|t| lower_words(t)).collect();
    let lengths: Vec<usize> = words.iter().map(Vec::len).collect();
    let (shortest, longest) = (
        lengths.iter().min().copied().unwrap_or(0),
        lengths.iter().max().copied().unwrap_or(0),
    );
    let flag = |b: bool| if b { 1.0 } else { 0.0 };
    titles
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let k = key(t);
            let mut features = Vec::with_capacity(FEATURES.len());
            let mut agreeing = 0usize;
            for f in &found {
                let gives = f.as_deref().is_some_and(|f| key(f) == k);
                agreeing += usize::from(gives);
                features.push(flag(gives));
            }
            features.push((1.0 + agreeing as f64).ln());
            let overlap = words
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .map(|(_, w)| dice(&words[i], w))
                .fold(0.0, f64::max);
            features.push(overlap);
            let n = lengths[i];
            features.push((1.0 + n as f64).ln());
            features.push(flag(n <= 3));
            features.push(flag(n > 20));
            features.push(flag([" | ", " - ", ": "].iter().any(|s| t.contains(s))));
            let letters: Vec<char> = t.chars().filter(|c| c.is_alphabetic()).collect();
            let upper = letters.iter().filter(|c| c.is_uppercase()).count();
            features.push(flag(letters.len() >= 8 && upper * 10 >= letters.len() * 8));
            features.push(flag(n == shortest));
            features.push(flag(n == longest));
            for source in [0, 1, 3, 5] {
                let gives = found[source].as_deref().is_some_and(|f| key(f) == k);
                features.push(flag(metas.news && gives));
            }
            TitleCandidate {
                title: (*t).clone(),
                features,
            }
        })
        .collect()
}

/// The most `<h1>` elements weighed as the headline.
const MAX_H1: usize = 8;

/// The least Dice similarity, over words, between an `<h1>` and a metadata title for the
/// `<h1>` to count as the page's headline. Chosen on `wcxb-dev-articles`, where the gold
/// title is the visible headline: metadata titles are often SEO rewrites of it (0.4 to
/// 0.7) while logos and section names share few words with them.
const MIN_HEADLINE_AGREEMENT: f64 = 0.35;

/// Separators between the parts of a metadata title ("Headline | Site", "Headline -
/// Subline - Site").
const PART_SEPARATORS: &[&str] = &[
    " | ",
    " - ",
    " \u{2013} ",
    " \u{2014} ",
    " \u{00bb} ",
    " \u{00b7} ",
    " \u{2022} ",
];

/// The visible headline: the `<h1>` that agrees best with the page's metadata titles,
/// when one agrees well enough and is not the site's name (a logo) or a section label
/// taken from the `<title>`'s tail. A metadata title agrees as a whole (without its
/// site name) or by one of its parts, so a long tagline after the headline does not
/// hide it.
fn visible_headline(elements: &Elements, meta_titles: &[&str], site: &Site) -> Option<String> {
    if meta_titles.is_empty() {
        return None;
    }
    let mut meta_words: Vec<Vec<String>> = Vec::new();
    for t in meta_titles {
        meta_words.push(lower_words(&site.strip(t)));
        for sep in PART_SEPARATORS {
            if t.contains(sep) {
                meta_words.extend(t.split(sep).map(lower_words).filter(|w| !w.is_empty()));
            }
        }
    }
    let mut best: Option<(f64, String)> = None;
    for node in elements.select(Kind::H1).iter().take(MAX_H1) {
        if heading_in_furniture(node) {
            continue;
        }
        let text = heading_text(node);
        let words = lower_words(&text);
        if words.is_empty() || words.len() > 40 || site.names_or_labels(&text) {
            continue;
        }
        let agreement = meta_words
            .iter()
            .map(|m| dice(&words, m))
            .fold(0.0, f64::max);
        if agreement >= MIN_HEADLINE_AGREEMENT && best.as_ref().is_none_or(|(a, _)| agreement > *a)
        {
            best = Some((agreement, text));
        }
    }
    best.map(|(_, t)| t)
}

/// True for a heading in the page's furniture (navigation, footer, aside or form)
/// rather than in the article. Headings inside `<article>` or `<main>` never are; a
/// page-level `<header>` is not furniture, as many pages set the headline in a hero
/// header outside the article (a logo there is caught by its agreement with the
/// metadata titles and by [`Site::names`]).
pub(crate) fn heading_in_furniture(node: &NodeRef) -> bool {
    for a in node.ancestors_it(Some(64)) {
        let Some(name) = a.node_name() else {
            continue;
        };
        match name.as_ref() {
            "article" | "main" => return false,
            "nav" | "footer" | "aside" | "form" => return true,
            _ => {}
        }
    }
    false
}

/// Elements that always start a new run of words: a headline and its subline set in
/// two blocks or split by a `<br>` read "Headline Subline", not "HeadlineSubline".
const HARD_BREAKS: &[&str] = &[
    "br",
    "div",
    "p",
    "section",
    "header",
    "ul",
    "ol",
    "li",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "figure",
    "figcaption",
    "table",
    "tr",
    "td",
    "hr",
];

/// Inline elements that may hold a kicker styled apart ("<span>Kicker</span>Headline")
/// but also a drop capital ("<span>C</span>ycle"): they break the text only where a
/// lower-case letter meets a capital.
const SOFT_BREAKS: &[&str] = &[
    "span", "a", "strong", "em", "b", "i", "u", "small", "time", "mark", "sub", "sup", "font",
];

/// One step of the walk over a heading: a node to read, or the end of an element that
/// breaks the text (hard or soft).
enum Step<'a> {
    Node(NodeRef<'a>),
    End { hard: bool },
}

/// The visible text of a heading, whitespace collapsed, with a space where an element
/// breaks the line (see [`HARD_BREAKS`] and [`SOFT_BREAKS`]); scripts, styles and
/// templates are left out.
pub(crate) fn heading_text(node: &NodeRef) -> String {
    let mut out = String::new();
    let mut soft = false;
    let mut stack: Vec<Step> = Vec::new();
    push_children(node, &mut stack);
    while let Some(step) = stack.pop() {
        let n = match step {
            Step::End { hard: true } => {
                out.push(' ');
                continue;
            }
            Step::End { hard: false } => {
                soft = true;
                continue;
            }
            Step::Node(n) => n,
        };
        if n.is_text() {
            let text = n.text();
            if text.is_empty() {
                continue;
            }
            if std::mem::take(&mut soft) && glues(&out, &text) {
                out.push(' ');
            }
            out.push_str(&text);
            continue;
        }
        let Some(name) = n.node_name() else {
            continue;
        };
        let name = name.as_ref();
        if matches!(name, "script" | "style" | "template" | "noscript") {
            continue;
        }
        if HARD_BREAKS.contains(&name) {
            out.push(' ');
            stack.push(Step::End { hard: true });
        } else if SOFT_BREAKS.contains(&name) {
            soft = true;
            stack.push(Step::End { hard: false });
        }
        push_children(&n, &mut stack);
    }
    collapse_ws(&out)
}

/// Pushes the children of `node` so that they come off the stack in document order.
fn push_children<'a>(node: &NodeRef<'a>, stack: &mut Vec<Step<'a>>) {
    let start = stack.len();
    let mut child = node.first_child();
    while let Some(c) = child {
        child = c.next_sibling();
        stack.push(Step::Node(c));
    }
    if let Some(pushed) = stack.get_mut(start..) {
        pushed.reverse();
    }
}

/// True when `next` would run into the end of `before` as one word with a capital
/// inside ("Demo" + "Der").
fn glues(before: &str, next: &str) -> bool {
    let last = before.chars().next_back();
    let first = next.chars().next();
    matches!(last, Some(c) if c.is_lowercase() || c == ')')
        && matches!(first, Some(c) if c.is_uppercase())
}

/// What a page calls itself: the outlet's name, its host and the labels its `<title>`
/// adds to the headline, as comparable keys.
#[derive(Debug, Default)]
pub(crate) struct Site {
    /// [`site_key`] of the outlet and the host ("theguardian").
    keys: Vec<String>,
    /// The whole host as a key ("davidbaucom"): pages print their domain as a logo.
    host_key: Option<String>,
    /// [`alnum_key`] of each `<title>` label (see [`title_labels`]).
    labels: Vec<String>,
}

impl Site {
    pub(crate) fn new(outlet: Option<&str>, host: Option<&str>, labels: &[String]) -> Site {
        Site {
            keys: [outlet, host]
                .into_iter()
                .flatten()
                .map(site_key)
                .filter(|k| k.len() >= 2)
                .collect(),
            host_key: host.map(alnum_key).filter(|k| k.len() >= 2),
            labels: labels
                .iter()
                .map(|l| alnum_key(l))
                .filter(|k| k.len() >= 2)
                .collect(),
        }
    }

    /// True when `text` is the site's own name (the outlet or the host), compared
    /// without case, spaces or punctuation.
    pub(crate) fn names(&self, text: &str) -> bool {
        let key = alnum_key(text);
        !key.is_empty() && (self.keys.contains(&key) || self.host_key.as_ref() == Some(&key))
    }

    /// True when `text` is the site's name or one of the `<title>`'s labels: a logo
    /// or a blog's name set as a heading, never the headline. Labels are not cut from
    /// titles, as a `<title>` may also keep a kicker that `og:title` leaves out.
    fn names_or_labels(&self, text: &str) -> bool {
        self.names(text) || self.labels.contains(&alnum_key(text))
    }

    /// True when the tail of a title names the site: it is a label, or it holds the
    /// outlet's key (or is part of it) and is short, as a site name is.
    fn names_tail(&self, tail: &str) -> bool {
        let key = alnum_key(tail);
        if key.is_empty() {
            return false;
        }
        if self.host_key.as_ref() == Some(&key) {
            return true;
        }
        tail.split_whitespace().count() <= MAX_SITE_WORDS
            && self
                .keys
                .iter()
                .any(|k| key.contains(k.as_str()) || k.contains(key.as_str()))
    }

    /// The title without the site's name: a trailing " | Site", " - Site" (or a short
    /// " | Section", or a date), a leading "Site | ", and a leading domain name.
    pub(crate) fn strip(&self, title: &str) -> String {
        let title = collapse_ws(title);
        let mut t = title.as_str();
        for _ in 0..3 {
            let mut cut = None;
            for sep in SUFFIX_SEPARATORS {
                if let Some(pos) = t.rfind(sep) {
                    let (head, tail) = (&t[..pos], &t[pos + sep.len()..]);
                    let short = tail.split_whitespace().count() <= 4;
                    let head_long =
                        head.split_whitespace().count() >= 3 || head.chars().count() >= 12;
                    let is_date = short && find_date(tail).is_some();
                    if head_long && (self.names_tail(tail) || is_date || (*sep == " | " && short)) {
                        cut = Some(head);
                        break;
                    }
                }
            }
            match cut {
                Some(head) => t = head.trim(),
                None => break,
            }
        }
        // A leading "Site | " (or "Site: ", "Site - ") names the outlet the same way.
        for _ in 0..2 {
            let lead = PREFIX_SEPARATORS.iter().find_map(|sep| {
                let (head, tail) = t.split_once(sep)?;
                let tail_long = tail.split_whitespace().count() >= 3;
                (tail_long && self.names(head)).then_some(tail.trim())
            });
            match lead {
                Some(rest) => t = rest,
                None => break,
            }
        }
        // A domain printed before the headline with no separator ("example.com Title").
        if let Some((first, rest)) = t.split_once(' ') {
            if first.contains('.') && self.host_key.as_deref() == Some(alnum_key(first).as_str()) {
                t = rest.trim();
            }
        }
        t.to_string()
    }
}

/// The most words a site name written after a title has ("The Coastal Times Online").
const MAX_SITE_WORDS: usize = 6;

/// Separators before a site name at the end of a title.
const SUFFIX_SEPARATORS: &[&str] = &[
    " | ",
    " - ",
    " \u{2013} ",
    " \u{2014} ",
    " :: ",
    " \u{00bb} ",
    " \u{00b7} ",
    " \u{2022} ",
    " * ",
    "\u{ff5c}",
    "\u{ff1a}",
];

/// Separators after a site name at the start of a title.
const PREFIX_SEPARATORS: &[&str] = &[" | ", " - ", " \u{2013} ", " \u{2014} ", ": ", " :: "];

/// Separators between a `<title>`'s label and the headline the other metadata titles
/// give ("Blog Name: Headline", "Headline | Section").
const LABEL_SEPARATORS: &[&str] = &[
    " | ",
    " - ",
    " \u{2013} ",
    " \u{2014} ",
    ": ",
    " :: ",
    " \u{00bb} ",
    " \u{00b7} ",
    " \u{2022} ",
];

/// The labels the `<title>` adds to the headline: where the `<title>` splits at a
/// separator into a part with the same words as another metadata title (of three words
/// or more) and a shorter rest, the rest names the site or its section.
fn title_labels(metas: &MetaTitles<'_>) -> Vec<String> {
    let Some(title) = metas.title_tag else {
        return Vec::new();
    };
    let mut labels: Vec<String> = Vec::new();
    for other in [metas.og, metas.twitter, metas.json_ld]
        .into_iter()
        .flatten()
    {
        let other_words = lower_words(other);
        if other_words.len() < 3 {
            continue;
        }
        for sep in LABEL_SEPARATORS {
            for (pos, _) in title.match_indices(sep) {
                let (Some(a), Some(b)) = (title.get(..pos), title.get(pos + sep.len()..)) else {
                    continue;
                };
                for (headline, label) in [(b, a), (a, b)] {
                    let label_words = lower_words(label).len();
                    if lower_words(headline) == other_words
                        && (1..other_words.len()).contains(&label_words)
                    {
                        let label = label.trim().to_string();
                        if !labels.contains(&label) {
                            labels.push(label);
                        }
                    }
                }
            }
        }
    }
    labels
}

/// The most words of a kicker (a section or topic label) set before a headline.
const MAX_KICKER_WORDS: usize = 6;

/// Separators that end a kicker ("Kultur : ...", "Eskalation im Nahen Osten - ...").
const KICKER_SEPARATORS: &[char] = &[':', '-', '|', '\u{2013}', '\u{2014}', '\u{b7}', '/'];

/// The article's headline from its visible `<h1>`, reconciled with the page's metadata
/// titles: without a site-name suffix; written as a metadata title when it holds the
/// same words and the metadata only adds punctuation between them (the colon after a
/// kicker that styled spans drop) or when two or more metadata titles agree on other
/// typography; with a count or year that three metadata titles add; without a kicker that the metadata titles leave out ("Kicker -
/// Headline" when a metadata title reads "Headline" and none keeps the kicker); and
/// without a date printed into the heading ("Dec 18 2025 Headline").
pub(crate) fn reconcile_headline(h1: &str, meta_titles: &[&str], site: &Site) -> String {
    let h1 = site.strip(h1);
    let h1_words = lower_words(&h1);
    let metas: Vec<String> = meta_titles.iter().map(|t| site.strip(t)).collect();
    // A count or year the metadata titles agree on outweighs one title that lacks it.
    if let Some(title) = agreed_number(&h1_words, &metas) {
        return title;
    }
    let kicker_kept = metas.iter().any(|t| lower_words(t) == h1_words);
    for title in &metas {
        let words = lower_words(title);
        if words.len() < 3 {
            continue;
        }
        if words == h1_words && adds_only_punctuation(&h1, title) {
            return title.clone();
        }
        if !kicker_kept && h1_words.len() > words.len() && h1_words.ends_with(&words) {
            let kicker_words = h1_words.len() - words.len();
            // The kicker ends where the title's words start, at a separator.
            let Some((start, _)) = text::words(&h1).nth(kicker_words) else {
                continue;
            };
            let Some(kicker) = h1.get(..start) else {
                continue;
            };
            let kicker = kicker.trim_end();
            if kicker_words <= MAX_KICKER_WORDS && kicker.ends_with(KICKER_SEPARATORS) {
                return h1.get(start..).unwrap_or_default().trim().to_string();
            }
        }
        if dated_around(&h1, &h1_words, &words) {
            return title.clone();
        }
    }
    agreed_punctuation(&h1, &h1_words, &metas).unwrap_or(h1)
}

/// True when the heading is the metadata title's words with a date before or after
/// them and nothing else ("Dec 18 2025 Headline", "Headline Posted on July 1, 2024").
fn dated_around(h1: &str, h1_words: &[String], words: &[String]) -> bool {
    if words.len() < 3 || words.len() >= h1_words.len() {
        return false;
    }
    let Some(at) = h1_words.windows(words.len()).position(|w| w == words) else {
        return false;
    };
    let spans: Vec<(usize, usize)> = text::words(h1)
        .map(|(start, w)| (start, start + w.len()))
        .collect();
    let (Some(&(start, _)), Some(&(_, end))) = (spans.get(at), spans.get(at + words.len() - 1))
    else {
        return false;
    };
    let (Some(before), Some(after)) = (h1.get(..start), h1.get(end..)) else {
        return false;
    };
    [before, after].iter().all(|part| {
        let part = part.trim_matches(|c: char| c.is_whitespace() || KICKER_SEPARATORS.contains(&c));
        part.is_empty() || dateline(part).is_some()
    })
}

/// The metadata titles' writing of the heading when two or more of them agree on it,
/// none writes it as the heading does, and the two differ only in typography that the
/// page's template changed ("--" set as a dash, straight quotes curled).
fn agreed_punctuation(h1: &str, h1_words: &[String], metas: &[String]) -> Option<String> {
    let same: Vec<&String> = metas
        .iter()
        .filter(|t| lower_words(t) == h1_words)
        .collect();
    let first = *same.first()?;
    let agreed = same.len() >= 2
        && same.iter().all(|t| *t == first)
        && first != h1
        && typography_folded(first) == typography_folded(h1);
    agreed.then(|| first.clone())
}

/// Text with quotes straightened, every run of dashes made one hyphen and whitespace
/// removed: what stays the same when a template typesets a title.
fn typography_folded(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().filter(|c| !c.is_whitespace()) {
        let c = match c {
            '\u{2018}' | '\u{2019}' | '\u{201a}' | '\u{2032}' => '\'',
            '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{2033}' => '"',
            '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
            c => c,
        };
        if !(c == '-' && out.ends_with('-')) {
            out.push(c);
        }
    }
    out
}

/// The least number of metadata titles that must agree on a number the heading lacks.
const MIN_NUMBER_AGREEMENT: usize = 3;

/// The metadata title that holds the heading's words and a number more (a count or a
/// year: "8 Recent trends", "... in 2025"), when at least [`MIN_NUMBER_AGREEMENT`]
/// metadata titles write it so: templates set a list's count or the year apart from
/// the heading's text.
fn agreed_number(h1_words: &[String], metas: &[String]) -> Option<String> {
    metas.iter().find_map(|title| {
        let words = lower_words(title);
        if words.len() <= h1_words.len() || h1_words.is_empty() {
            return None;
        }
        let at = words.windows(h1_words.len()).position(|w| w == h1_words)?;
        let extra: Vec<&String> = words
            .iter()
            .take(at)
            .chain(words.iter().skip(at + h1_words.len()))
            .collect();
        let numeric = |w: &String| w.chars().all(|c| c.is_ascii_digit());
        let only_numbers = extra.iter().any(|w| numeric(w))
            && extra.iter().enumerate().all(|(i, w)| {
                numeric(w) || (w.as_str() == "in" && extra.get(i + 1).is_some_and(|n| numeric(n)))
            });
        let agreeing = metas.iter().filter(|t| lower_words(t) == words).count();
        (only_numbers && agreeing >= MIN_NUMBER_AGREEMENT).then(|| title.clone())
    })
}

/// The non-space characters before the first and after the last letter or digit.
fn edges(s: &str) -> (String, String) {
    let lead = s
        .chars()
        .take_while(|c| !c.is_alphanumeric())
        .filter(|c| !c.is_whitespace())
        .collect();
    let mut trail: Vec<char> = s
        .chars()
        .rev()
        .take_while(|c| !c.is_alphanumeric())
        .filter(|c| !c.is_whitespace())
        .collect();
    trail.reverse();
    (lead, trail.into_iter().collect())
}

/// Marks that may open a title before its first word: quotes and brackets.
const OPENING_MARKS: &[char] = &[
    '\'', '"', '\u{2018}', '\u{201c}', '\u{201e}', '(', '[', '\u{ab}',
];

/// Marks that may close a title after its last word.
const CLOSING_MARKS: &[char] = &[
    '?', '!', '.', ')', ']', '\'', '"', '\u{2019}', '\u{201d}', '\u{bb}',
];

/// True when `longer` is `shorter` with only spaces and punctuation added ("Kicker
/// Headline" -> "Kicker: Headline"), letters and their case unchanged, and nothing but
/// quotes and brackets before the first word or closing marks after the last (not
/// markup such as "## Headline" or decoration such as "Headline ⋆").
fn adds_only_punctuation(shorter: &str, longer: &str) -> bool {
    let (lead, trail) = edges(longer);
    if !lead.chars().all(|c| OPENING_MARKS.contains(&c))
        || !trail.chars().all(|c| CLOSING_MARKS.contains(&c))
    {
        return false;
    }
    let mut rest = longer.chars().filter(|c| !c.is_whitespace());
    for c in shorter.chars().filter(|c| !c.is_whitespace()) {
        loop {
            match rest.next() {
                Some(l) if l == c => break,
                Some(l) if !l.is_alphanumeric() => continue,
                _ => return false,
            }
        }
    }
    rest.all(|l| !l.is_alphanumeric())
}

/// The lower-cased words of a text.
fn lower_words(s: &str) -> Vec<String> {
    text::words(s).map(|(_, w)| w.to_lowercase()).collect()
}

/// Dice similarity of two word multisets.
fn dice(a: &[String], b: &[String]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let mut rest: Vec<&String> = b.iter().collect();
    let mut shared = 0usize;
    for w in a {
        if let Some(i) = rest.iter().position(|x| *x == w) {
            rest.swap_remove(i);
            shared += 1;
        }
    }
    2.0 * shared as f64 / (a.len() + b.len()) as f64
}

/// Text lower-cased with only its letters and digits kept.
fn alnum_key(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Comparable form of a site name or host ("The Guardian", "theguardian.com" -> "theguardian").
fn site_key(s: &str) -> String {
    let s = s.to_lowercase();
    let s = s.split('.').next().unwrap_or("").to_string();
    s.chars().filter(|c| c.is_alphanumeric()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use dom_query::Document;

    fn site(outlet: Option<&str>, host: Option<&str>) -> Site {
        Site::new(outlet, host, &[])
    }

    fn first_h1(html: &str) -> String {
        let doc = Document::from(html);
        let nodes = doc.select("h1").nodes().to_vec();
        nodes.first().map(heading_text).unwrap_or_default()
    }

    #[test]
    fn site_suffixes_are_stripped() {
        let s = site(None, None);
        assert_eq!(
            s.strip("Harbour bridge reopens after repairs | Coastal Times"),
            "Harbour bridge reopens after repairs"
        );
        let s = site(Some("Coastal Times"), None);
        assert_eq!(
            s.strip("Harbour bridge reopens after repairs - Coastal Times"),
            "Harbour bridge reopens after repairs"
        );
        let s = site(None, Some("coastal.example"));
        assert_eq!(
            s.strip("Coastal | Harbour bridge reopens after repairs"),
            "Harbour bridge reopens after repairs"
        );
        // The host itself, printed before the headline.
        assert_eq!(
            s.strip("coastal.example Harbour bridge reopens"),
            "Harbour bridge reopens"
        );
        assert_eq!(
            s.strip("Coastal | coastal.example - Harbour bridge reopens after repairs"),
            "Harbour bridge reopens after repairs"
        );
        let s = site(None, Some("example.org"));
        assert_eq!(
            s.strip("Harbour bridge reopens - and traffic returns"),
            "Harbour bridge reopens - and traffic returns"
        );
        // A long tail that merely mentions the site is not a site name.
        let s = site(Some("Coastal"), None);
        assert_eq!(
            s.strip("Bridge reopens | Why Coastal readers waited eight long months for it"),
            "Bridge reopens | Why Coastal readers waited eight long months for it"
        );
    }

    #[test]
    fn title_labels_come_from_what_other_titles_leave_out() {
        let metas = MetaTitles {
            og: Some("Notes on a quiet harbour"),
            title_tag: Some("Dockside Diary: Notes on a quiet harbour"),
            ..Default::default()
        };
        let labels = title_labels(&metas);
        assert_eq!(labels, vec!["Dockside Diary".to_string()]);
        let s = Site::new(None, None, &labels);
        assert!(s.names_or_labels("Dockside Diary"));
        assert!(!s.names("Dockside Diary"));
        // A one-word Open Graph title (the site's name) teaches nothing.
        let metas = MetaTitles {
            og: Some("Dockside"),
            title_tag: Some("Notes on a quiet harbour | Dockside"),
            ..Default::default()
        };
        assert!(title_labels(&metas).is_empty());
    }

    #[test]
    fn headlines_are_reconciled_with_metadata() {
        let s = site(Some("Coastal Times"), None);
        let metas = ["Bridge reopens after repairs | Coastal Times"];
        let r = |h1: &str| reconcile_headline(h1, &metas, &s);
        assert_eq!(
            r("Harbour works - Bridge reopens after repairs"),
            "Bridge reopens after repairs"
        );
        assert_eq!(
            r("Bridge reopens after repairs"),
            "Bridge reopens after repairs"
        );
        let none = site(None, None);
        // The same words: the metadata's punctuation is kept.
        let metas = ["Harbour works: Bridge reopens after repairs"];
        assert_eq!(
            reconcile_headline("Harbour works Bridge reopens after repairs", &metas, &none),
            "Harbour works: Bridge reopens after repairs"
        );
        // ... but not markup or decoration around the words.
        let metas = ["## Bridge reopens after repairs"];
        assert_eq!(
            reconcile_headline("Bridge reopens after repairs", &metas, &none),
            "Bridge reopens after repairs"
        );
        let metas = ["Bridge reopens after repairs \u{22c6}"];
        assert_eq!(
            reconcile_headline("Bridge reopens after repairs", &metas, &none),
            "Bridge reopens after repairs"
        );
        // Other differences keep the heading's own writing.
        let metas = ["Harbour Works - Bridge Reopens After Repairs"];
        assert_eq!(
            reconcile_headline("Harbour works: Bridge reopens after repairs", &metas, &none),
            "Harbour works: Bridge reopens after repairs"
        );
        // ... unless two metadata titles agree on punctuation between the words.
        let metas = [
            "Bridge reopens--and traffic returns",
            "Bridge reopens--and traffic returns",
        ];
        assert_eq!(
            reconcile_headline("Bridge reopens\u{2014}and traffic returns", &metas, &none),
            "Bridge reopens--and traffic returns"
        );
        // A leading number is part of the headline, not a kicker.
        let metas = ["Recent trends in harbour design"];
        assert_eq!(
            reconcile_headline("8 Recent trends in harbour design", &metas, &none),
            "8 Recent trends in harbour design"
        );
        // A kicker that another metadata title keeps stays.
        let metas = [
            "Bridge reopens after repairs",
            "Harbour works: Bridge reopens after repairs",
        ];
        assert_eq!(
            reconcile_headline("Harbour works: Bridge reopens after repairs", &metas, &none),
            "Harbour works: Bridge reopens after repairs"
        );
        // ... but not other marks.
        let metas = [
            "Bridge reopens - and traffic returns",
            "Bridge reopens - and traffic returns",
        ];
        assert_eq!(
            reconcile_headline("Bridge reopens: and traffic returns", &metas, &none),
            "Bridge reopens: and traffic returns"
        );
        // A count three metadata titles agree on comes back; two are not enough.
        let metas = [
            "8 Recent trends in harbour design",
            "8 Recent trends in harbour design",
            "Recent trends in harbour design",
            "8 Recent trends in harbour design",
        ];
        assert_eq!(
            reconcile_headline("Recent trends in harbour design", &metas, &none),
            "8 Recent trends in harbour design"
        );
        assert_eq!(
            reconcile_headline("Recent trends in harbour design", &metas[2..], &none),
            "Recent trends in harbour design"
        );
        // A date printed into the heading goes.
        let metas = ["Bridge reopens after repairs"];
        assert_eq!(
            reconcile_headline("Mar 3 2026 Bridge reopens after repairs", &metas, &none),
            "Bridge reopens after repairs"
        );
        // An unrelated metadata title leaves the heading as it is.
        assert_eq!(
            reconcile_headline("Council votes on budget", &metas, &none),
            "Council votes on budget"
        );
    }

    #[test]
    fn heading_text_spaces_blocks_and_kickers_but_not_drop_capitals() {
        assert_eq!(
            first_h1("<h1>Bridge reopens<br>What drivers need to know</h1>"),
            "Bridge reopens What drivers need to know"
        );
        assert_eq!(
            first_h1("<h1><span>Harbour works</span>Bridge reopens</h1>"),
            "Harbour works Bridge reopens"
        );
        assert_eq!(
            first_h1("<h1><span>B</span>ridge reopens <em>today</em></h1>"),
            "Bridge reopens today"
        );
        assert_eq!(
            first_h1("<h1>Bridge <script>var x = 1;</script>reopens</h1>"),
            "Bridge reopens"
        );
    }

    #[test]
    fn page_titles_choose_by_agreement() {
        let doc = Document::from(
            r#"<html><head><title>Dockside Diary: Notes on a quiet harbour</title></head>
            <body><header><h1>Dockside Diary</h1></header>
            <header class="hero"><h1>Notes on a quiet harbour</h1></header>
            <nav><h1>Notes on a quiet harbour, the index</h1></nav></body></html>"#,
        );
        let metas = MetaTitles {
            og: Some("Notes on a quiet harbour"),
            title_tag: Some("Dockside Diary: Notes on a quiet harbour"),
            ..Default::default()
        };
        assert_eq!(
            page_title(&Elements::gather(&doc), &metas, None, None).as_deref(),
            Some("Notes on a quiet harbour")
        );
        // A heading confirmed by one part of a long metadata title is the rules' title
        // (the model then weighs it against the whole metadata title: on the dev pages
        // it did not learn to prefer either shape).
        let doc = Document::from("<html><body><h1>Tide tables</h1></body></html>");
        let metas = MetaTitles {
            og: Some(
                "Tide tables | A long tagline about the sea, boats and the people who sail them",
            ),
            ..Default::default()
        };
        let site = Site::new(None, None, &[]);
        assert_eq!(
            rules_title(&Elements::gather(&doc), &metas.list(), &site).as_deref(),
            Some("Tide tables")
        );
        let found = candidates(&Elements::gather(&doc), &metas, None, None);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].title, "Tide tables");
        assert!(found.iter().all(|c| c.features.len() == FEATURES.len()));
        // Without metadata titles the heading is the only candidate.
        assert_eq!(
            page_title(&Elements::gather(&doc), &MetaTitles::default(), None, None).as_deref(),
            Some("Tide tables")
        );
        let empty = Document::from("<html><body><p>No heading.</p></body></html>");
        assert_eq!(
            page_title(
                &Elements::gather(&empty),
                &MetaTitles::default(),
                None,
                None
            ),
            None
        );
    }

    #[test]
    fn the_shipped_weights_name_every_feature() {
        learn::check_tsv(FEATURES, WEIGHTS).unwrap();
    }
}
