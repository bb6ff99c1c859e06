//! Story clustering: articles, in publication order, join the best story or open one.
//!
//! API contract (the engine calls exactly this):
//! `cluster(&[ClusterDoc], &ClusterConfig) -> Vec<Vec<usize>>`.
//!
//! [`cluster`] is a thin loop over the online [`Clusterer`]: documents arrive one at a time
//! and each either joins the story it is most similar to or opens a new one. Nothing is
//! ever re-clustered, so the result for the first `n` documents does not depend on later
//! ones.
//!
//! The similarity of a document to a story is
//!
//! ```text
//! score = cosine(doc, story centroid)          TF-IDF of title and body terms
//!       + title_boost  * title overlap         idf-weighted share of the doc's title terms
//!       + entity_boost * entity overlap        share of the doc's entities the story has
//!       - time_penalty * days apart / window
//! ```
//!
//! and the document joins the best story when `score >= threshold`. The IDF is learned
//! incrementally from the documents seen so far (smoothed, so the first documents still
//! compare sensibly). A story whose dated members are all more than `window_days` away
//! from a dated document is not a candidate for it: stories fade, which is what keeps two
//! events on one topic (two earthquakes a year apart) apart. Candidate stories come from
//! an inverted index over the document's most distinctive terms, and faded stories leave
//! the index, so the cost of one document does not grow with the archive.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::NaiveDate;

/// What clustering looks at in an article.
#[derive(Debug, Clone)]
pub struct ClusterDoc<'a> {
    pub title: &'a str,
    pub body: &'a str,
    pub published: Option<NaiveDate>,
    /// Canonical names of the entities the article mentions.
    pub entities: Vec<&'a str>,
}

/// Tunables of clustering, with documented defaults.
#[derive(Debug, Clone, PartialEq)]
pub struct ClusterConfig {
    /// Minimum score for a document to join a story. Default 0.33.
    pub threshold: f64,
    /// Days after which a story fades: a dated document farther than this from every
    /// dated member of a story cannot join it. Default 7.
    pub window_days: i64,
    /// Score subtracted for a document `window_days` away from the story (proportionally
    /// less when closer). Default 0.20.
    pub time_penalty: f64,
    /// How many times a title term counts in the document's term vector. Default 2.
    pub title_weight: usize,
    /// Weight of the idf-weighted share of the document's title terms found in the
    /// story's titles. Default 0.30.
    pub title_boost: f64,
    /// Weight of the share of the document's entities that the story mentions.
    /// Default 0.15.
    pub entity_boost: f64,
    /// Extra count given to a capitalised word inside a sentence (a likely name), which
    /// tells apart two events of one topic. Default 1.0.
    pub proper_weight: f64,
    /// Share of the text similarity given to the cosine of the likely names alone
    /// (capitalised words inside sentences), so that two events of one topic with different
    /// people and places score lower. Default 0.2.
    pub name_share: f64,
    /// Whether numbers of two or more digits ("2013", "90") count as terms. Default true.
    pub numbers: bool,
    /// How many of the document's most distinctive terms are looked up in the inverted
    /// index to find candidate stories. Default 30.
    pub query_terms: usize,
    /// How many candidate stories are scored in full. Default 40.
    pub max_candidates: usize,
    /// How many terms a story centroid keeps (the heaviest). Default 400.
    pub centroid_terms: usize,
}

impl Default for ClusterConfig {
    fn default() -> Self {
        ClusterConfig {
            threshold: 0.33,
            window_days: 7,
            time_penalty: 0.20,
            title_weight: 2,
            title_boost: 0.30,
            entity_boost: 0.15,
            proper_weight: 1.0,
            numbers: true,
            name_share: 0.2,
            query_terms: 30,
            max_candidates: 40,
            centroid_terms: 400,
        }
    }
}

/// Groups documents into stories. Returns the stories as lists of indices into `docs`,
/// each list ascending, stories ordered by their first member.
pub fn cluster(docs: &[ClusterDoc<'_>], config: &ClusterConfig) -> Vec<Vec<usize>> {
    let mut clusterer = Clusterer::new(config.clone());
    let mut stories: Vec<Vec<usize>> = Vec::new();
    for (i, doc) in docs.iter().enumerate() {
        let story = clusterer.add(doc);
        if story == stories.len() {
            stories.push(Vec::new());
        }
        if let Some(members) = stories.get_mut(story) {
            members.push(i);
        }
    }
    stories
}

type TermId = u32;

/// Online story clustering. Stories are numbered from 0 in the order they open.
#[derive(Debug, Clone)]
pub struct Clusterer {
    config: ClusterConfig,
    vocabulary: HashMap<String, TermId>,
    /// Document frequency per term id.
    df: Vec<u32>,
    docs_seen: u32,
    stories: Vec<Story>,
    /// Term id to the live stories whose centroid holds it (entries of terms pruned from a
    /// centroid are dropped when read).
    postings: HashMap<TermId, Vec<usize>>,
    /// The latest publication date seen, to let stories fade.
    latest: Option<NaiveDate>,
    /// Stories still in the index, by last dated member, for fading.
    by_last_date: BTreeSet<(NaiveDate, usize)>,
}

#[derive(Debug, Clone, Default)]
struct Story {
    /// Sum of the members' L2-normalised log-tf vectors (idf applied when comparing).
    centroid: HashMap<TermId, f64>,
    /// Sum of the members' L2-normalised log-tf vectors of likely names.
    names: HashMap<TermId, f64>,
    /// Document frequency of each title term among the members.
    title_terms: HashMap<TermId, u32>,
    entities: BTreeMap<String, u32>,
    first: Option<NaiveDate>,
    last: Option<NaiveDate>,
    faded: bool,
}

/// A document turned into term ids.
struct Prepared {
    /// Log-tf weight per term, sorted by term id.
    tf: Vec<(TermId, f64)>,
    title: Vec<TermId>,
    /// Log-tf weight per likely name, sorted by term id.
    names: Vec<(TermId, f64)>,
}

impl Clusterer {
    /// An empty clusterer.
    pub fn new(config: ClusterConfig) -> Self {
        Clusterer {
            config,
            vocabulary: HashMap::new(),
            df: Vec::new(),
            docs_seen: 0,
            stories: Vec::new(),
            postings: HashMap::new(),
            latest: None,
            by_last_date: BTreeSet::new(),
        }
    }

    /// The number of stories opened so far.
    pub fn story_count(&self) -> usize {
        self.stories.len()
    }

    /// Adds the next document and returns the index of the story it joins (equal to the
    /// previous story count when it opens a new one).
    pub fn add(&mut self, doc: &ClusterDoc<'_>) -> usize {
        let prepared = self.prepare(doc);
        if let Some(date) = doc.published {
            if self.latest.is_none_or(|l| date > l) {
                self.latest = Some(date);
                self.fade();
            }
        }
        let weights = self.weights(&prepared);
        let best = self.best_story(doc, &prepared, &weights);
        let story = match best {
            Some((s, score)) if score >= self.config.threshold => s,
            _ => {
                self.stories.push(Story::default());
                self.stories.len() - 1
            }
        };
        self.join(story, doc, &prepared);
        story
    }

    fn prepare(&mut self, doc: &ClusterDoc<'_>) -> Prepared {
        let mut counts: BTreeMap<TermId, f64> = BTreeMap::new();
        let mut title = Vec::new();
        let mut names: BTreeMap<TermId, f64> = BTreeMap::new();
        for t in text::terms(doc.title) {
            let id = self.intern(t);
            *counts.entry(id).or_default() += self.config.title_weight as f64;
            title.push(id);
        }
        for (term, proper) in body_terms(doc.body, self.config.numbers) {
            let id = self.intern(term);
            *counts.entry(id).or_default() += if proper {
                1.0 + self.config.proper_weight
            } else {
                1.0
            };
            if proper {
                *names.entry(id).or_default() += 1.0;
            }
        }
        title.sort_unstable();
        title.dedup();
        self.docs_seen = self.docs_seen.saturating_add(1);
        for &id in counts.keys() {
            if let Some(df) = self.df.get_mut(id as usize) {
                *df = df.saturating_add(1);
            }
        }
        let tf = counts
            .into_iter()
            .map(|(id, c)| (id, 1.0 + c.max(1.0).ln()))
            .collect();
        let names = names
            .into_iter()
            .map(|(id, c)| (id, 1.0 + c.max(1.0).ln()))
            .collect();
        Prepared { tf, title, names }
    }

    fn intern(&mut self, term: String) -> TermId {
        if let Some(&id) = self.vocabulary.get(&term) {
            return id;
        }
        let id = self.df.len() as TermId;
        self.vocabulary.insert(term, id);
        self.df.push(0);
        id
    }

    /// Smoothed inverse document frequency over the documents seen so far.
    fn idf(&self, id: TermId) -> f64 {
        let df = self.df.get(id as usize).copied().unwrap_or(0) as f64;
        ((1.0 + self.docs_seen as f64) / (1.0 + df)).ln() + 1.0
    }

    /// The document's L2-normalised TF-IDF weights, sorted by term id.
    fn weights(&self, prepared: &Prepared) -> Vec<(TermId, f64)> {
        let mut w: Vec<(TermId, f64)> = prepared
            .tf
            .iter()
            .map(|&(id, tf)| (id, tf * self.idf(id)))
            .collect();
        let norm = w.iter().map(|(_, x)| x * x).sum::<f64>().sqrt();
        if norm > 0.0 {
            for (_, x) in &mut w {
                *x /= norm;
            }
        }
        w
    }

    fn best_story(
        &mut self,
        doc: &ClusterDoc<'_>,
        prepared: &Prepared,
        weights: &[(TermId, f64)],
    ) -> Option<(usize, f64)> {
        // Retrieve candidates through the document's most distinctive terms.
        let mut query: Vec<(TermId, f64)> = weights.to_vec();
        query.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        query.truncate(self.config.query_terms);
        let mut partial: HashMap<usize, f64> = HashMap::new();
        for &(id, w) in &query {
            let Some(list) = self.postings.get_mut(&id) else {
                continue;
            };
            let stories = &self.stories;
            list.retain(|&s| {
                stories
                    .get(s)
                    .is_some_and(|st| !st.faded && st.centroid.contains_key(&id))
            });
            for &s in list.iter() {
                *partial.entry(s).or_default() += w;
            }
        }
        let mut candidates: Vec<(usize, f64)> = partial.into_iter().collect();
        candidates.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        candidates.truncate(self.config.max_candidates);

        let mut best: Option<(usize, f64)> = None;
        for (s, _) in candidates {
            let Some(score) = self.score(s, doc, prepared, weights) else {
                continue;
            };
            if best.is_none_or(|(bs, b)| score > b || (score == b && s < bs)) {
                best = Some((s, score));
            }
        }
        best
    }

    /// The full similarity of a document to one story, or `None` when the story is out
    /// of the document's time window.
    fn score(
        &self,
        s: usize,
        doc: &ClusterDoc<'_>,
        prepared: &Prepared,
        weights: &[(TermId, f64)],
    ) -> Option<f64> {
        let story = self.stories.get(s)?;
        let days = days_apart(doc.published, story.first, story.last);
        if days.is_some_and(|d| d > self.config.window_days) {
            return None;
        }
        let mut dot = 0.0;
        let mut norm = 0.0;
        for (&id, &c) in &story.centroid {
            let w = c * self.idf(id);
            norm += w * w;
        }
        for &(id, w) in weights {
            if let Some(&c) = story.centroid.get(&id) {
                dot += w * c * self.idf(id);
            }
        }
        let mut cosine = if norm > 0.0 { dot / norm.sqrt() } else { 0.0 };
        if !prepared.names.is_empty() && !story.names.is_empty() {
            let names = self.idf_cosine(&prepared.names, &story.names);
            cosine = (1.0 - self.config.name_share) * cosine + self.config.name_share * names;
        }

        let mut title_all = 0.0;
        let mut title_shared = 0.0;
        for &id in &prepared.title {
            let idf = self.idf(id);
            title_all += idf;
            if story.title_terms.contains_key(&id) {
                title_shared += idf;
            }
        }
        let title = if title_all > 0.0 {
            title_shared / title_all
        } else {
            0.0
        };

        let entity = if doc.entities.is_empty() {
            0.0
        } else {
            let distinct: BTreeSet<&str> = doc.entities.iter().copied().collect();
            let shared = distinct
                .iter()
                .filter(|e| story.entities.contains_key(**e))
                .count();
            shared as f64 / distinct.len() as f64
        };

        let time = days.map_or(0.0, |d| {
            self.config.time_penalty * d as f64 / self.config.window_days.max(1) as f64
        });
        Some(cosine + self.config.title_boost * title + self.config.entity_boost * entity - time)
    }

    /// Cosine of a document's weights and a story sum, both weighted by idf.
    fn idf_cosine(&self, doc: &[(TermId, f64)], story: &HashMap<TermId, f64>) -> f64 {
        let (mut dot, mut dn, mut sn) = (0.0, 0.0, 0.0);
        for &(id, w) in doc {
            let idf = self.idf(id);
            dn += w * w * idf * idf;
            if let Some(&c) = story.get(&id) {
                dot += w * c * idf * idf;
            }
        }
        for (&id, &c) in story {
            let x = c * self.idf(id);
            sn += x * x;
        }
        if dn > 0.0 && sn > 0.0 {
            dot / (dn.sqrt() * sn.sqrt())
        } else {
            0.0
        }
    }

    fn join(&mut self, s: usize, doc: &ClusterDoc<'_>, prepared: &Prepared) {
        let cap = self.config.centroid_terms.max(1);
        let Some(story) = self.stories.get_mut(s) else {
            return;
        };
        let norm = prepared.tf.iter().map(|(_, x)| x * x).sum::<f64>().sqrt();
        let mut new_terms = Vec::new();
        if norm > 0.0 {
            for &(id, tf) in &prepared.tf {
                let slot = story.centroid.entry(id).or_insert_with(|| {
                    new_terms.push(id);
                    0.0
                });
                *slot += tf / norm;
            }
        }
        if story.centroid.len() > cap {
            let mut entries: Vec<(TermId, f64)> =
                story.centroid.iter().map(|(&k, &v)| (k, v)).collect();
            entries.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            entries.truncate(cap);
            story.centroid = entries.into_iter().collect();
        }
        let names_norm = prepared
            .names
            .iter()
            .map(|(_, x)| x * x)
            .sum::<f64>()
            .sqrt();
        if names_norm > 0.0 {
            for &(id, w) in &prepared.names {
                *story.names.entry(id).or_default() += w / names_norm;
            }
        }
        for &id in &prepared.title {
            *story.title_terms.entry(id).or_default() += 1;
        }
        for e in &doc.entities {
            *story.entities.entry((*e).to_string()).or_default() += 1;
        }
        if let Some(date) = doc.published {
            if let Some(last) = story.last {
                self.by_last_date.remove(&(last, s));
            }
            story.first = Some(story.first.map_or(date, |f| f.min(date)));
            story.last = Some(story.last.map_or(date, |l| l.max(date)));
            if let Some(last) = story.last {
                self.by_last_date.insert((last, s));
            }
        }
        for id in new_terms {
            if story.centroid.contains_key(&id) {
                self.postings.entry(id).or_default().push(s);
            }
        }
    }

    /// Marks as faded every story whose last dated member is out of the window of the
    /// latest date seen, and takes it out of the index.
    fn fade(&mut self) {
        let Some(latest) = self.latest else { return };
        let Some(horizon) =
            latest.checked_sub_days(chrono::Days::new(self.config.window_days.max(0) as u64))
        else {
            return;
        };
        while let Some(&(last, s)) = self.by_last_date.first() {
            if last >= horizon {
                break;
            }
            self.by_last_date.remove(&(last, s));
            if let Some(story) = self.stories.get_mut(s) {
                story.faded = true;
                for id in story.centroid.keys() {
                    if let Some(list) = self.postings.get_mut(id) {
                        list.retain(|&x| x != s);
                    }
                }
            }
        }
    }
}

/// The content terms of a body (see [`text::terms`]), each flagged when the word is
/// capitalised and not the first of its sentence; with `numbers`, numbers of two or more
/// digits are terms too (prefixed with `#`).
fn body_terms(body: &str, numbers: bool) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    let mut prev_end = 0;
    let mut first = true;
    for (start, word) in text::words(body) {
        let gap = body.get(prev_end..start).unwrap_or("");
        let sentence_start = first || gap.contains(['.', '!', '?', '\n', ':']);
        first = false;
        prev_end = start + word.len();
        if word.chars().all(|c| c.is_ascii_digit()) {
            if numbers && word.len() >= 2 {
                out.push((format!("#{word}"), false));
            }
            continue;
        }
        let proper = !sentence_start && word.chars().next().is_some_and(char::is_uppercase);
        for term in text::terms(word) {
            out.push((term, proper));
        }
    }
    out
}

/// Days between a date and a story's date range (0 inside it); `None` when either side is
/// undated.
fn days_apart(
    date: Option<NaiveDate>,
    first: Option<NaiveDate>,
    last: Option<NaiveDate>,
) -> Option<i64> {
    let (d, f, l) = (date?, first?, last?);
    Some(if d < f {
        (f - d).num_days()
    } else if d > l {
        (d - l).num_days()
    } else {
        0
    })
}

#[cfg(test)]
mod tests;
