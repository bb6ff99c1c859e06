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

use model::{Article, SharedPassage};

/// Tunables of duplicate detection, with documented defaults.
#[derive(Debug, Clone, PartialEq)]
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
        }
    }
}

/// For each article (given in canonical order: earliest first), the index of the earliest
/// article it duplicates, or `None` when it is an original.
pub fn find_duplicates(articles: &[&Article], config: &DedupConfig) -> Vec<Option<usize>> {
    let mut deduper = Deduper::new(config.clone());
    articles.iter().map(|a| deduper.push(&a.body)).collect()
}

/// Online duplicate detection: bodies are pushed in canonical order, and each push says
/// which earlier body (by push index) the new one copies.
#[derive(Debug, Clone)]
pub struct Deduper {
    config: DedupConfig,
    seeds: Vec<u64>,
    rows: usize,
    /// Exact fingerprint hash to the index of the first body with it.
    exact: HashMap<u64, usize>,
    /// Band (index, hash) to the indices of the bodies that have it.
    buckets: HashMap<(usize, u64), Vec<usize>>,
    signatures: Vec<Vec<u64>>,
    /// For every pushed body, the earliest body it copies.
    originals: Vec<Option<usize>>,
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
            exact: HashMap::new(),
            buckets: HashMap::new(),
            signatures: Vec::new(),
            originals: Vec::new(),
        }
    }

    /// Adds one body and returns the index of the earliest earlier body it duplicates.
    pub fn push(&mut self, body: &str) -> Option<usize> {
        let index = self.signatures.len();
        let fp = text::fingerprint_text(body);
        let shingles = shingle_hashes(&fp, self.config.shingle_words);
        let signature = self.signature(&shingles);
        let mut original = None;
        if !fp.is_empty() {
            let key = text::hash64(fp.as_bytes());
            match self.exact.get(&key) {
                Some(&first) => original = Some(self.root(first)),
                None => {
                    self.exact.insert(key, index);
                }
            }
        }
        if !signature.is_empty() {
            let mut candidates = BTreeSet::new();
            for (band, chunk) in signature.chunks(self.rows).enumerate() {
                let key = (band, hash_u64s(chunk));
                let bucket = self.buckets.entry(key).or_default();
                candidates.extend(bucket.iter().copied());
                bucket.push(index);
            }
            for j in candidates {
                if jaccard_estimate(&signature, &self.signatures[j]) >= self.config.near_threshold {
                    let root = self.root(j);
                    original = Some(original.map_or(root, |o: usize| o.min(root)));
                }
            }
        }
        self.signatures.push(signature);
        self.originals.push(original);
        original
    }

    fn root(&self, index: usize) -> usize {
        self.originals
            .get(index)
            .copied()
            .flatten()
            .unwrap_or(index)
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
