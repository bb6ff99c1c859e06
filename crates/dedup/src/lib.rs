//! Duplicates: exact and near-duplicate articles; passages shared by several articles.
//!
//! API contract (the engine calls exactly this):
//! `find_duplicates(&[&Article], &DedupConfig) -> Vec<Option<usize>>` and
//! `shared_passages(&[&Article], &DedupConfig) -> Vec<SharedPassage>`.
//!
//! Duplicate detection is also available one article at a time through [`Deduper`], which
//! [`find_duplicates`] is a thin loop over.
//!
//! How it works:
//!
//! * An exact duplicate has the same [`text::fingerprint_text`] of its body as an earlier
//!   article (case, punctuation and spacing do not count).
//! * A near duplicate is found with MinHash over word shingles
//!   ([`DedupConfig::shingle_words`] words each) and LSH banding: articles that agree on all
//!   rows of at least one band become candidates, and a candidate is confirmed when the
//!   Jaccard similarity estimated from the whole signature reaches
//!   [`DedupConfig::near_threshold`] (0.8 by default). Jaccard compares whole documents, so
//!   a longer report that quotes a few wire paragraphs is not a duplicate of the wire story.
//! * A shared passage is a paragraph, or a sentence of at least
//!   [`DedupConfig::passage_min_words`] words, that two or more different articles carry:
//!   either with the same fingerprint, or lightly edited (shingle containment of at least
//!   [`DedupConfig::passage_containment`] with similar lengths).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::NaiveDate;
use model::{Article, SharedPassage};
use rustc_hash::FxHashMap;

/// Tunables of duplicate detection, with documented defaults.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct DedupConfig {
    /// Words per shingle for whole-article MinHash. Default 5.
    pub shingle_words: usize,
    /// Number of MinHash functions (signature length). Default 128.
    pub num_hashes: usize,
    /// Number of LSH bands; the signature is cut into this many bands of
    /// `num_hashes / bands` rows. Default 32 (4 rows each), which makes pairs with a
    /// Jaccard similarity of 0.5 candidates with probability 0.87 and pairs at 0.8 with
    /// probability above 0.999.
    pub bands: usize,
    /// Estimated Jaccard similarity from which two articles are near duplicates.
    /// Default 0.8.
    pub near_threshold: f64,
    /// Minimum number of words of a passage (paragraph or sentence). Default 8.
    pub passage_min_words: usize,
    /// Words per shingle when comparing passages. Default 3: small enough that one edited
    /// word in a 25-word paragraph leaves nearly 90% of its shingles intact.
    pub passage_shingle_words: usize,
    /// Share of the shorter passage's shingles found in the longer one from which two
    /// passages are the same lightly edited text. Default 0.8.
    pub passage_containment: f64,
    /// Minimum ratio of the word counts of two near-matching passages (shorter / longer),
    /// so that a sentence does not match the whole paragraph around it. Default 0.75.
    pub passage_length_ratio: f64,
    /// Shingles carried by more passages than this are ignored when looking for near
    /// matches (stock phrases); bounds the work on large inputs. Default 64.
    pub passage_max_postings: usize,
    /// Days a body is remembered after the latest publication date pushed: copies
    /// farther apart are not compared, which bounds memory on an endless stream. Default
    /// 30: wire copy and reprints appear within days; a negative value remembers
    /// everything.
    pub window_days: i64,
}

impl Default for DedupConfig {
    fn default() -> Self {
        DedupConfig {
            shingle_words: 5,
            num_hashes: 128,
            bands: 32,
            near_threshold: 0.8,
            passage_min_words: 8,
            passage_shingle_words: 3,
            passage_containment: 0.8,
            passage_length_ratio: 0.75,
            passage_max_postings: 64,
            window_days: 30,
        }
    }
}

/// Most bodies one LSH bucket remembers (the earliest pushed). Past that, a bucket holds
/// copies of one text (unrelated bodies agree on a whole band very rarely), and a new
/// copy meets the earliest of them anyway: the cap keeps a push from comparing with
/// every earlier copy, which would make a stream of copies quadratic.
const MAX_BUCKET: usize = 64;

/// For each article (given in canonical order: earliest first), the index of the earliest
/// article it duplicates, or `None` when it is an original. Copies more than
/// [`DedupConfig::window_days`] apart are not compared (see [`Deduper`]).
pub fn find_duplicates(articles: &[&Article], config: &DedupConfig) -> Vec<Option<usize>> {
    let mut deduper = Deduper::new(config.clone());
    articles
        .iter()
        .map(|a| {
            deduper
                .push(&a.id, &a.body, a.published)
                .map(|o| o.index as usize)
        })
        .collect()
}

/// The earlier body a pushed body copies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Original {
    /// Its push index (0 for the first body ever pushed).
    pub index: u64,
    /// The label it was pushed with.
    pub label: String,
}

/// Online duplicate detection: bodies are pushed in canonical order, and each push says
/// which earlier body the new one copies.
///
/// Memory is bounded by the time window: a body is remembered until the latest
/// publication date pushed is more than [`DedupConfig::window_days`] after its own (an
/// undated body counts as published on the latest date seen so far), then it leaves every
/// index. A copy is still marked as a copy of the earliest body of its chain, even when
/// that body has been forgotten. Only a stream in which no body carries a date keeps
/// everything.
///
/// The state serialises with serde, so a caller can persist it between batches and go
/// on where it stopped.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Deduper {
    config: DedupConfig,
    seeds: Vec<u64>,
    rows: usize,
    /// Push index of the next body.
    next: u64,
    /// The latest publication date pushed.
    latest: Option<NaiveDate>,
    /// Exact fingerprint hash to the push index of the first remembered body with it.
    exact: FxHashMap<u64, u64>,
    /// Band key (the band's hash mixed with its number) to the remembered bodies with it.
    buckets: FxHashMap<u64, Vec<u64>>,
    /// The remembered bodies by push index.
    entries: BTreeMap<u64, Entry>,
    /// Remembered dated bodies by date, to forget them in order.
    by_date: BTreeSet<(NaiveDate, u64)>,
}

/// What the [`Deduper`] remembers of one body.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
struct Entry {
    date: Option<NaiveDate>,
    signature: Vec<u64>,
    /// The exact key this body owns in `exact`, if it was the first with it.
    exact: Option<u64>,
    /// The earliest body of its chain (itself when it is an original).
    root: u64,
    root_label: Box<str>,
}

impl Deduper {
    /// An empty detector. Degenerate settings are clamped (at least one hash, one band).
    pub fn new(config: DedupConfig) -> Self {
        let num_hashes = config.num_hashes.max(1);
        let bands = config.bands.clamp(1, num_hashes);
        let rows = num_hashes / bands;
        let mut state = 0x5EED_CAFE_u64;
        let seeds = (0..bands * rows).map(|_| splitmix64(&mut state)).collect();
        Deduper {
            config,
            seeds,
            rows,
            next: 0,
            latest: None,
            exact: FxHashMap::default(),
            buckets: FxHashMap::default(),
            entries: BTreeMap::new(),
            by_date: BTreeSet::new(),
        }
    }

    /// The settings this detector runs with.
    pub fn config(&self) -> &DedupConfig {
        &self.config
    }

    /// How many bodies are remembered (those inside the time window).
    pub fn remembered(&self) -> usize {
        self.entries.len()
    }

    /// Adds one body, published on `published`, under a caller's `label` (an article id),
    /// and returns the earliest remembered body it duplicates (through the chain of
    /// copies). A body dated before the window of the latest date pushed is compared
    /// with what is remembered but not remembered itself.
    pub fn push(
        &mut self,
        label: &str,
        body: &str,
        published: Option<NaiveDate>,
    ) -> Option<Original> {
        let index = self.next;
        self.next += 1;
        if let Some(date) = published {
            if self.latest.is_none_or(|l| date > l) {
                self.latest = Some(date);
                self.forget();
            }
        }
        let date = published.or(self.latest);
        let keep = match (date, self.horizon()) {
            (Some(d), Some(h)) => d >= h,
            _ => true,
        };
        let fp = text::fingerprint_text(body);
        let shingles = shingle_hashes(&fp, self.config.shingle_words);
        let signature = self.signature(&shingles);
        let mut original: Option<(u64, &str)> = None;
        let mut owns_exact = None;
        if !fp.is_empty() {
            let key = text::hash64(fp.as_bytes());
            match self.exact.get(&key).and_then(|i| self.entries.get(i)) {
                Some(first) => original = Some((first.root, &first.root_label)),
                None => owns_exact = Some(key),
            }
        }
        let mut band_keys = Vec::new();
        if !signature.is_empty() {
            let mut candidates = BTreeSet::new();
            for (band, chunk) in signature.chunks(self.rows).enumerate() {
                let key = band_key(band, chunk);
                if let Some(bucket) = self.buckets.get(&key) {
                    candidates.extend(bucket.iter().copied());
                }
                band_keys.push(key);
            }
            for j in candidates {
                let Some(other) = self.entries.get(&j) else {
                    continue;
                };
                if jaccard_estimate(&signature, &other.signature) >= self.config.near_threshold
                    && original.is_none_or(|(o, _)| other.root < o)
                {
                    original = Some((other.root, &other.root_label));
                }
            }
        }
        let found = original.map(|(i, l)| Original {
            index: i,
            label: l.to_string(),
        });
        if keep {
            if let Some(key) = owns_exact {
                self.exact.insert(key, index);
            }
            for key in band_keys {
                let bucket = self.buckets.entry(key).or_default();
                if bucket.len() < MAX_BUCKET {
                    bucket.push(index);
                }
            }
            if let Some(d) = date {
                self.by_date.insert((d, index));
            }
            let (root, root_label) = match &found {
                Some(o) => (o.index, o.label.as_str().into()),
                None => (index, label.into()),
            };
            self.entries.insert(
                index,
                Entry {
                    date,
                    signature,
                    exact: owns_exact,
                    root,
                    root_label,
                },
            );
        }
        found
    }

    /// The earliest date still remembered, when the window is bounded.
    fn horizon(&self) -> Option<NaiveDate> {
        let days = u64::try_from(self.config.window_days).ok()?;
        self.latest?.checked_sub_days(chrono::Days::new(days))
    }

    /// Forgets every body dated before the window of the latest date.
    fn forget(&mut self) {
        let Some(horizon) = self.horizon() else {
            return;
        };
        while let Some(&(date, index)) = self.by_date.first() {
            if date >= horizon {
                break;
            }
            self.by_date.remove(&(date, index));
            let Some(entry) = self.entries.remove(&index) else {
                continue;
            };
            if let Some(key) = entry.exact {
                if self.exact.get(&key) == Some(&index) {
                    self.exact.remove(&key);
                }
            }
            for (band, chunk) in entry.signature.chunks(self.rows).enumerate() {
                let key = band_key(band, chunk);
                if let Some(bucket) = self.buckets.get_mut(&key) {
                    bucket.retain(|&i| i != index);
                    if bucket.is_empty() {
                        self.buckets.remove(&key);
                    }
                }
            }
        }
    }

    fn signature(&self, shingles: &[u64]) -> Vec<u64> {
        if shingles.is_empty() {
            return Vec::new();
        }
        self.seeds
            .iter()
            .map(|&seed| {
                shingles
                    .iter()
                    .map(|&s| fmix64(s ^ seed))
                    .min()
                    .unwrap_or(u64::MAX)
            })
            .collect()
    }
}

/// The index key of one LSH band: the hash of its rows, mixed with the band number so
/// that equal rows in different bands do not meet.
fn band_key(band: usize, rows: &[u64]) -> u64 {
    fmix64(hash_u64s(rows) ^ (band as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15))
}

/// Paragraph-level passages carried by two or more of the given articles.
///
/// Each passage is reported once, with the wording of the earliest article that carries
/// it and the ids of every article that does (in input order). Passages are ordered by
/// their first article, then by position in it. A sentence is reported on its own only
/// when it is not already covered by a whole shared paragraph carried by the same articles.
pub fn shared_passages(articles: &[&Article], config: &DedupConfig) -> Vec<SharedPassage> {
    let units = passage_units(articles, config);
    let mut sets = DisjointSets::new(units.len());

    // Exact matches on the fingerprint.
    let mut by_fp: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, u) in units.iter().enumerate() {
        match by_fp.get(u.fp.as_str()) {
            Some(&first) => sets.union(first, i),
            None => {
                by_fp.insert(&u.fp, i);
            }
        }
    }

    // Near matches: shingle containment through an inverted index.
    let mut postings: HashMap<u64, Vec<usize>> = HashMap::new();
    for (i, u) in units.iter().enumerate() {
        for &s in &u.shingles {
            postings.entry(s).or_default().push(i);
        }
    }
    for (i, u) in units.iter().enumerate() {
        let mut shared: HashMap<usize, usize> = HashMap::new();
        for s in &u.shingles {
            let Some(list) = postings.get(s) else {
                continue;
            };
            if list.len() > config.passage_max_postings {
                continue;
            }
            for &j in list {
                if j > i && units[j].article != u.article {
                    *shared.entry(j).or_default() += 1;
                }
            }
        }
        for (j, count) in shared {
            let v = &units[j];
            let smaller = u.shingles.len().min(v.shingles.len()).max(1);
            let ratio = u.words.min(v.words) as f64 / u.words.max(v.words).max(1) as f64;
            if count as f64 / smaller as f64 >= config.passage_containment
                && ratio >= config.passage_length_ratio
            {
                sets.union(i, j);
            }
        }
    }

    // Components carried by at least two different articles.
    let mut components: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..units.len() {
        components.entry(sets.find(i)).or_default().push(i);
    }
    let mut kept: BTreeMap<usize, BTreeSet<usize>> = BTreeMap::new();
    for (&root, members) in &components {
        let carriers: BTreeSet<usize> = members.iter().map(|&m| units[m].article).collect();
        if carriers.len() >= 2 {
            kept.insert(root, carriers);
        }
    }
    let mut out: Vec<(usize, usize, SharedPassage)> = Vec::new();
    for (root, carriers) in &kept {
        let members = &components[root];
        let covered = {
            let parents: BTreeSet<Option<usize>> = members
                .iter()
                .map(|&m| units[m].parent.map(|p| sets.find(p)))
                .collect();
            match parents.iter().next() {
                Some(Some(p)) if parents.len() == 1 => {
                    kept.get(p).is_some_and(|outer| carriers.is_subset(outer))
                }
                _ => false,
            }
        };
        if covered {
            continue;
        }
        // The wording of the earliest carrier; when both a paragraph and a sentence of it
        // matched, the sentence (the part actually shared).
        let Some(first) = members
            .iter()
            .map(|&m| &units[m])
            .min_by_key(|u| (u.article, u.words, u.start))
        else {
            continue;
        };
        let Some(text) = articles[first.article].body.get(first.start..first.end) else {
            continue;
        };
        out.push((
            first.article,
            first.start,
            SharedPassage {
                text: text.to_string(),
                article_ids: carriers.iter().map(|&a| articles[a].id.clone()).collect(),
            },
        ));
    }
    out.sort_by(|a, b| (a.0, a.1, &a.2.text).cmp(&(b.0, b.1, &b.2.text)));
    out.into_iter().map(|(_, _, p)| p).collect()
}

/// A paragraph or sentence that may be shared.
#[derive(Debug)]
struct Unit {
    article: usize,
    /// Byte range in the article body.
    start: usize,
    end: usize,
    fp: String,
    words: usize,
    shingles: Vec<u64>,
    /// For a sentence, the unit of the paragraph around it.
    parent: Option<usize>,
}

fn passage_units(articles: &[&Article], config: &DedupConfig) -> Vec<Unit> {
    let mut units = Vec::new();
    for (a, article) in articles.iter().enumerate() {
        for (offset, raw) in article.paragraphs() {
            let lead = raw.len() - raw.trim_start().len();
            let para = raw.trim();
            let start = offset + lead;
            let fp = text::fingerprint_text(para);
            let words = fp.split(' ').filter(|w| !w.is_empty()).count();
            if words < config.passage_min_words {
                continue;
            }
            let parent = units.len();
            units.push(Unit {
                article: a,
                start,
                end: start + para.len(),
                shingles: shingle_hashes(&fp, config.passage_shingle_words),
                fp,
                words,
                parent: None,
            });
            let spans = text::sentences(para);
            if spans.len() < 2 {
                continue;
            }
            for (s, e) in spans {
                let Some(sentence) = para.get(s..e) else {
                    continue;
                };
                let fp = text::fingerprint_text(sentence);
                let words = fp.split(' ').filter(|w| !w.is_empty()).count();
                if words < config.passage_min_words {
                    continue;
                }
                units.push(Unit {
                    article: a,
                    start: start + s,
                    end: start + e,
                    shingles: shingle_hashes(&fp, config.passage_shingle_words),
                    fp,
                    words,
                    parent: Some(parent),
                });
            }
        }
    }
    units
}

/// Sorted, distinct hashes of the `k`-word windows of a fingerprint (words joined by
/// single spaces). A text shorter than `k` words is one shingle.
fn shingle_hashes(fp: &str, k: usize) -> Vec<u64> {
    let k = k.max(1);
    let mut bounds: Vec<(usize, usize)> = Vec::new();
    let mut pos = 0;
    for w in fp.split(' ') {
        if !w.is_empty() {
            bounds.push((pos, pos + w.len()));
        }
        pos += w.len() + 1;
    }
    if bounds.is_empty() {
        return Vec::new();
    }
    let mut out: Vec<u64> = if bounds.len() <= k {
        vec![text::hash64(fp.as_bytes())]
    } else {
        bounds
            .windows(k)
            .filter_map(|w| {
                let (s, e) = (w.first()?.0, w.last()?.1);
                fp.get(s..e).map(|t| text::hash64(t.as_bytes()))
            })
            .collect()
    };
    out.sort_unstable();
    out.dedup();
    out
}

fn jaccard_estimate(a: &[u64], b: &[u64]) -> f64 {
    if a.is_empty() || a.len() != b.len() {
        return 0.0;
    }
    let same = a.iter().zip(b).filter(|(x, y)| x == y).count();
    same as f64 / a.len() as f64
}

fn hash_u64s(values: &[u64]) -> u64 {
    let bytes: Vec<u8> = values.iter().flat_map(|v| v.to_le_bytes()).collect();
    text::hash64(&bytes)
}

/// The MurmurHash3 64-bit finaliser: with a distinct seed XORed in, one member of the
/// hash family MinHash needs.
fn fmix64(mut k: u64) -> u64 {
    k ^= k >> 33;
    k = k.wrapping_mul(0xff51_afd7_ed55_8ccd);
    k ^= k >> 33;
    k = k.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    k ^ (k >> 33)
}

fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Union-find with path halving; unions keep the smaller index as the root.
struct DisjointSets {
    parent: Vec<usize>,
}

impl DisjointSets {
    fn new(n: usize) -> Self {
        DisjointSets {
            parent: (0..n).collect(),
        }
    }

    fn find(&mut self, mut i: usize) -> usize {
        while self.parent[i] != i {
            self.parent[i] = self.parent[self.parent[i]];
            i = self.parent[i];
        }
        i
    }

    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            let (lo, hi) = (ra.min(rb), ra.max(rb));
            self.parent[hi] = lo;
        }
    }
}

#[cfg(test)]
mod tests;
