//! A learned attribution tagger: an averaged structured perceptron that labels each token
//! of a sentence as part of a cue, the first token of a content, a later token of a
//! content, part of a source, or none of these, decoded with Viterbi over the five tags.
//!
//! It complements the quote rules: the rules' own contents are one of its features, and
//! [`super::find`] keeps only the attributions it finds beside them (open-class cues such
//! as "is defending his tweets" or "cited the polls", and contents of a few words). Features are hashed ([`::text::hash64`] of each word, mixed with a template
//! number), so the weight table `tagger.tsv` holds numbers only, no text. It is trained
//! on PolNeAR train by `eval/examples/train_tagger.rs`.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

use model::{EntityKind, EntityMention};

use super::{learned, verbs};

/// Number of tags.
pub const TAGS: usize = 5;

/// A token's label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tag {
    /// Neither cue nor content.
    Out = 0,
    /// Part of a cue ("said", "according to").
    Cue = 1,
    /// The first token of a content.
    Begin = 2,
    /// A later token of a content.
    Inside = 3,
    /// Part of a source ("Trump", "the campaign", "he").
    Source = 4,
}

impl Tag {
    const ALL: [Tag; TAGS] = [Tag::Out, Tag::Cue, Tag::Begin, Tag::Inside, Tag::Source];

    fn allowed_after(self, previous: Option<Tag>) -> bool {
        self != Tag::Inside || matches!(previous, Some(Tag::Begin | Tag::Inside))
    }
}

/// One token of a sentence with what the features read of it.
#[derive(Debug, Clone)]
pub struct Token {
    /// Byte offsets in the body.
    pub start: usize,
    pub end: usize,
    lower: u64,
    suffix: u64,
    shape: u8,
    /// 0 none, 1 a verb of saying, 2 a verb of naming.
    class: u8,
    /// The learnt cue reliability of the word, in five buckets.
    reliability: u8,
    /// Inside quotation marks (1), a quotation mark (2), neither (0).
    quoted: u8,
    /// Inside a content the rules found: 1 first token, 2 later token, 0 none.
    rule: u8,
    /// Entity kind: 0 none, 1 person, 2 organisation, 3 place, 4 other.
    entity: u8,
    /// A word that may be a cue: a verb of the lexicon or a learnt cue word.
    candidate: bool,
    /// "that" or "whether" or "if".
    that: bool,
}

/// A sentence prepared for tagging.
#[derive(Debug, Clone, Default)]
pub struct Sentence {
    pub tokens: Vec<Token>,
}

impl Sentence {
    /// Tokens of `body[start..end]`: word runs and single punctuation characters.
    /// `quoted` tells whether an offset lies inside quotation marks; `rules` are the
    /// contents the rules found in the body. A sentence without a candidate cue word
    /// comes back empty: it is never tagged.
    pub fn new(
        body: &str,
        (start, end): (usize, usize),
        quoted: &dyn Fn(usize) -> bool,
        rules: &[(usize, usize)],
        entities: &[EntityMention],
    ) -> Sentence {
        let Some(text) = body.get(start..end) else {
            return Sentence::default();
        };
        // Most sentences hold no candidate: a look at their words decides before any
        // token is made.
        if !::text::words(text).any(|(_, w)| {
            let (class, reliability) = lexical(lower_hash(w));
            is_candidate(class, reliability)
        }) {
            return Sentence::default();
        }
        let mut tokens = Vec::new();
        let mut word_start: Option<usize> = None;
        let push = |s: usize, e: usize, tokens: &mut Vec<Token>| {
            tokens.push(Token::new(body, start + s, start + e));
        };
        for (i, c) in text.char_indices() {
            let wordy = ::text::is_word_char(c)
                || (matches!(c, '\'' | '\u{2019}' | '-') && word_start.is_some() && {
                    text[i + c.len_utf8()..]
                        .chars()
                        .next()
                        .is_some_and(::text::is_word_char)
                });
            match (wordy, word_start) {
                (true, None) => word_start = Some(i),
                (true, Some(_)) => {}
                (false, Some(s)) => {
                    push(s, i, &mut tokens);
                    word_start = None;
                }
                (false, None) => {}
            }
            if !wordy && !c.is_whitespace() {
                push(i, i + c.len_utf8(), &mut tokens);
            }
        }
        if let Some(s) = word_start {
            push(s, text.len(), &mut tokens);
        }
        if !tokens.iter().any(|t| t.candidate) {
            return Sentence::default();
        }
        // What only tagged sentences need: quotation, rule contents and entities.
        let rules: Vec<(usize, usize)> = rules
            .iter()
            .copied()
            .filter(|&(s, e)| s < end && e > start)
            .collect();
        let entities: Vec<&EntityMention> = entities
            .iter()
            .filter(|m| m.start < end && m.end > start)
            .collect();
        for t in &mut tokens {
            let at = t.start;
            let word = &body[t.start..t.end];
            let suffix_from = word.char_indices().rev().nth(2).map_or(0, |(i, _)| i);
            t.suffix = ::text::hash64(word[suffix_from..].to_lowercase().as_bytes());
            t.shape = shape(word);
            t.quoted = if t.quoted == 2 {
                2
            } else {
                u8::from(quoted(at))
            };
            t.rule = rules
                .iter()
                .find(|&&(s, e)| at >= s && at < e)
                .map_or(0, |&(s, _)| if at <= s + 1 { 1 } else { 2 });
            t.entity = entities
                .iter()
                .find(|m| at >= m.start && at < m.end)
                .map_or(0, |m| match m.kind {
                    EntityKind::Person => 1,
                    EntityKind::Organization => 2,
                    EntityKind::Place => 3,
                    EntityKind::Other => 4,
                });
        }
        Sentence { tokens }
    }

    /// Whether any token may be a cue; sentences without one are not tagged.
    /// (See [`Token::is_candidate`].)
    pub fn has_candidate(&self) -> bool {
        self.tokens.iter().any(|t| t.candidate)
    }
}

/// Verb classes and learnt cue reliabilities by the hash of a lower-case word:
/// `(class, reliability bucket)`.
fn lexicon() -> &'static HashMap<u64, (u8, u8), BuildHasherDefault<KeyHasher>> {
    static LEXICON: OnceLock<HashMap<u64, (u8, u8), BuildHasherDefault<KeyHasher>>> =
        OnceLock::new();
    LEXICON.get_or_init(|| {
        let mut map: HashMap<u64, (u8, u8), BuildHasherDefault<KeyHasher>> = HashMap::default();
        for (word, class) in verbs::forms() {
            let class = match class {
                verbs::VerbClass::Speech => 1,
                verbs::VerbClass::Naming => 2,
            };
            map.entry(::text::hash64(word.as_bytes())).or_default().0 = class;
        }
        for (word, reliability) in learned::entries() {
            let bucket = match reliability {
                r if r < 0.1 => 1,
                r if r < 0.3 => 2,
                r if r < 0.5 => 3,
                _ => 4,
            };
            map.entry(::text::hash64(word.as_bytes())).or_default().1 = bucket;
        }
        map
    })
}

impl Token {
    /// A verb of the reporting lexicon, or a word that is a cue in at least 0.3 of its
    /// occurrences in PolNeAR train.
    pub fn is_candidate(&self) -> bool {
        self.candidate
    }

    /// A token with what the candidate test needs; suffix, shape, quotation, rule and
    /// entity are filled in by [`Sentence::new`] for sentences that are tagged.
    fn new(body: &str, start: usize, end: usize) -> Token {
        let word = &body[start..end];
        let hash = lower_hash(word);
        let (class, reliability) = lexical(hash);
        let mark = matches!(
            word,
            "\"" | "\u{201C}" | "\u{201D}" | "\u{00AB}" | "\u{00BB}" | "\u{201E}"
        );
        let that = ["that", "whether", "if"]
            .iter()
            .any(|w| word.eq_ignore_ascii_case(w));
        Token {
            start,
            end,
            lower: hash,
            suffix: 0,
            shape: 0,
            class,
            reliability,
            quoted: if mark { 2 } else { 0 },
            rule: 0,
            entity: 0,
            candidate: is_candidate(class, reliability),
            that,
        }
    }
}

/// The hash of a word in lower case, without allocating for short ASCII words.
fn lower_hash(word: &str) -> u64 {
    let mut buf = [0u8; 32];
    if word.len() <= buf.len() && word.is_ascii() {
        for (b, c) in buf.iter_mut().zip(word.bytes()) {
            *b = c.to_ascii_lowercase();
        }
        ::text::hash64(&buf[..word.len()])
    } else {
        ::text::hash64(word.to_lowercase().as_bytes())
    }
}

/// The verb class and reliability bucket of a word by its [`lower_hash`].
fn lexical(hash: u64) -> (u8, u8) {
    lexicon().get(&hash).copied().unwrap_or_default()
}

fn is_candidate(class: u8, reliability: u8) -> bool {
    class > 0 || reliability >= MIN_CANDIDATE
}

/// Least reliability bucket of a learnt cue word that makes its sentence worth tagging
/// (3: at least 0.3 of its occurrences are cues).
const MIN_CANDIDATE: u8 = 3;

/// The shape of a word: lower, capitalised, all capitals, digits, punctuation.
fn shape(word: &str) -> u8 {
    let mut chars = word.chars();
    let Some(first) = chars.next() else {
        return 0;
    };
    if first.is_numeric() {
        3
    } else if !first.is_alphanumeric() {
        match first {
            ',' => 5,
            '.' | '!' | '?' => 6,
            ':' | ';' => 7,
            _ => 4,
        }
    } else if first.is_uppercase() {
        if word.chars().all(|c| !c.is_lowercase()) && word.len() > 1 {
            2
        } else {
            1
        }
    } else {
        0
    }
}

/// Mixes a template number and up to two values into one feature key.
fn key(template: u64, a: u64, b: u64) -> u64 {
    let mut x = template
        .wrapping_mul(0x9E37_79B9_7F4A_7C15)
        .wrapping_add(a)
        .rotate_left(23)
        ^ b.wrapping_mul(0xC2B2_AE3D_27D4_EB4F);
    x ^= x >> 33;
    x = x.wrapping_mul(0xFF51_AFD7_ED55_8CCD);
    x ^ (x >> 29)
}

/// Distance buckets: 0 none, then 1, 2, 3–4, 5–8, more.
fn distance_bucket(d: Option<usize>) -> u64 {
    match d {
        None => 0,
        Some(1) => 1,
        Some(2) => 2,
        Some(3..=4) => 3,
        Some(5..=8) => 4,
        Some(_) => 5,
    }
}

/// Per-sentence context the features read beside the tokens: for each token, the
/// nearest candidate cue on each side and whether "that" came since the left one.
struct Around {
    left: Vec<Option<usize>>,
    right: Vec<Option<usize>>,
    that_since: Vec<bool>,
    commas_since: Vec<u8>,
}

fn around(tokens: &[Token]) -> Around {
    let n = tokens.len();
    let mut left = vec![None; n];
    let mut right = vec![None; n];
    let mut that_since = vec![false; n];
    let mut commas_since = vec![0u8; n];
    let mut last: Option<usize> = None;
    let mut that = false;
    let mut commas = 0u8;
    for i in 0..n {
        left[i] = last;
        that_since[i] = that;
        commas_since[i] = commas.min(3);
        if tokens[i].candidate {
            last = Some(i);
            that = false;
            commas = 0;
        } else if tokens[i].that {
            that = true;
        } else if tokens[i].shape == 5 {
            commas = commas.saturating_add(1);
        }
    }
    let mut next: Option<usize> = None;
    for i in (0..n).rev() {
        right[i] = next;
        if tokens[i].candidate {
            next = Some(i);
        }
    }
    Around {
        left,
        right,
        that_since,
        commas_since,
    }
}

const NONE: u64 = 0x5151;

/// The feature keys of token `i`.
fn features(tokens: &[Token], ctx: &Around, i: usize, out: &mut Vec<u64>) {
    out.clear();
    let t = &tokens[i];
    let word = |k: isize| -> u64 {
        let j = i as isize + k;
        if j < 0 {
            NONE ^ 1
        } else {
            tokens.get(j as usize).map_or(NONE ^ 2, |t| t.lower)
        }
    };
    let small = |k: isize, f: fn(&Token) -> u8| -> u64 {
        let j = i as isize + k;
        if j < 0 {
            99
        } else {
            tokens.get(j as usize).map_or(98, |t| u64::from(f(t)))
        }
    };
    let (w0, wm1, wp1) = (word(0), word(-1), word(1));
    out.push(key(0, 0, 0));
    out.push(key(1, w0, 0));
    out.push(key(2, wm1, 0));
    out.push(key(3, wp1, 0));
    out.push(key(6, wm1, w0));
    out.push(key(7, w0, wp1));
    out.push(key(8, t.suffix, 0));
    out.push(key(9, u64::from(t.shape), 0));
    let shapes = small(-1, |t| t.shape) << 16 | u64::from(t.shape) << 8 | small(1, |t| t.shape);
    out.push(key(10, shapes, 0));
    let lex = u64::from(t.class) << 8 | u64::from(t.reliability);
    out.push(key(11, lex, 0));
    let lex_around =
        small(-1, |t| t.class * 8 + t.reliability) << 8 | small(1, |t| t.class * 8 + t.reliability);
    out.push(key(12, lex_around, 0));
    let q = small(-1, |t| t.quoted) << 8 | u64::from(t.quoted) << 4 | small(1, |t| t.quoted);
    out.push(key(13, q, 0));
    let rule = small(-1, |t| t.rule) << 8 | u64::from(t.rule);
    out.push(key(14, rule, 0));
    out.push(key(15, u64::from(t.rule), lex));
    let position = match i {
        0 => 0,
        _ if i + 1 == tokens.len() => 1,
        _ if i * 2 < tokens.len() => 2,
        _ => 3,
    };
    out.push(key(16, position, 0));
    let dl = ctx.left[i].map(|j| i - j);
    let dr = ctx.right[i].map(|j| j - i);
    out.push(key(17, distance_bucket(dl), distance_bucket(dr)));
    out.push(key(
        18,
        distance_bucket(dl),
        u64::from(ctx.that_since[i]) << 4 | u64::from(ctx.commas_since[i]),
    ));
    let left_word = ctx.left[i].map_or(NONE, |j| tokens[j].lower);
    out.push(key(19, left_word, distance_bucket(dl).min(3)));
    let right_word = ctx.right[i].map_or(NONE, |j| tokens[j].lower);
    out.push(key(20, right_word, distance_bucket(dr).min(3)));
    let entities = small(-1, |t| t.entity) << 8 | u64::from(t.entity) << 4 | small(1, |t| t.entity);
    out.push(key(21, entities, 0));
}

/// Identity hashing for keys that are hashes already.
#[derive(Default)]
pub struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

type Weights = HashMap<u64, [f32; TAGS], BuildHasherDefault<KeyHasher>>;

/// Emission weights by feature key, and transition weights (the last row is the start).
#[derive(Debug, Clone, Default)]
pub struct Model {
    weights: Weights,
    transition: [[f32; TAGS]; TAGS + 1],
}

impl Model {
    /// The model shipped with Chorus (`tagger.tsv`).
    pub fn shipped() -> &'static Model {
        static MODEL: OnceLock<Model> = OnceLock::new();
        MODEL.get_or_init(|| Model::parse(include_str!("tagger.tsv")))
    }

    /// Reads a table written by [`Model::to_table`]; malformed lines are skipped.
    pub fn parse(table: &str) -> Model {
        let mut model = Model::default();
        for line in table.lines().filter(|l| !l.starts_with('#')) {
            let mut cols = line.split('\t');
            let Some(head) = cols.next() else {
                continue;
            };
            let mut values = [0f32; TAGS];
            let mut ok = true;
            for v in values.iter_mut() {
                match cols.next().and_then(|c| c.parse::<i32>().ok()) {
                    Some(x) => *v = x as f32 / SCALE,
                    None => ok = false,
                }
            }
            if !ok {
                continue;
            }
            if let Some(row) = head.strip_prefix('T') {
                if let Ok(r) = row.parse::<usize>() {
                    if r <= TAGS {
                        model.transition[r] = values;
                    }
                }
            } else if let Ok(k) = u64::from_str_radix(head, 16) {
                model.weights.insert(k, values);
            }
        }
        model
    }

    /// The table: one line per transition row (`T<row>`) and per feature (hex key), with
    /// weights as integers scaled by 100; features whose weights all round to zero
    /// are left out.
    pub fn to_table(&self) -> String {
        let mut out = String::from(
            "# Attribution tagger weights (analyze::quotes::tagger), trained on PolNeAR train\n\
             # by eval/examples/train_tagger.rs: hashed feature keys and scaled weights only.\n",
        );
        let row = |values: &[f32; TAGS]| -> String {
            let v: Vec<String> = values
                .iter()
                .map(|v| ((v * SCALE).round() as i32).to_string())
                .collect();
            v.join("\t")
        };
        for (r, values) in self.transition.iter().enumerate() {
            out.push_str(&format!("T{r}\t{}\n", row(values)));
        }
        let mut keys: Vec<(&u64, &[f32; TAGS])> = self.weights.iter().collect();
        keys.sort_unstable_by_key(|(k, _)| **k);
        for (k, values) in keys {
            if values.iter().all(|v| (v * SCALE).round() == 0.0) {
                continue;
            }
            out.push_str(&format!("{k:016x}\t{}\n", row(values)));
        }
        out
    }

    /// Drops the features whose weights are all smaller than `min` in magnitude.
    pub fn prune(&mut self, min: f32) {
        self.weights.retain(|_, w| w.iter().any(|v| v.abs() >= min));
    }

    /// Number of features with weights.
    pub fn len(&self) -> usize {
        self.weights.len()
    }

    /// True when the model has no feature weights.
    pub fn is_empty(&self) -> bool {
        self.weights.is_empty()
    }

    fn scores(&self, tokens: &[Token], ctx: &Around, buf: &mut Vec<u64>) -> Vec<[f32; TAGS]> {
        let mut out = Vec::with_capacity(tokens.len());
        for i in 0..tokens.len() {
            features(tokens, ctx, i, buf);
            let mut s = [0f32; TAGS];
            for k in buf.iter() {
                if let Some(w) = self.weights.get(k) {
                    for t in 0..TAGS {
                        s[t] += w[t];
                    }
                }
            }
            out.push(s);
        }
        out
    }

    /// The best tag sequence of a sentence.
    pub fn tag(&self, sentence: &Sentence) -> Vec<Tag> {
        let tokens = &sentence.tokens;
        if tokens.is_empty() {
            return Vec::new();
        }
        let ctx = around(tokens);
        let mut buf = Vec::with_capacity(32);
        let emissions = self.scores(tokens, &ctx, &mut buf);
        viterbi(&emissions, &self.transition)
    }
}

/// The runs of a tag sequence as inclusive token ranges: each opens at a `first` tag
/// and goes on over the `rest` tags right after it (cues: `Cue`, `Cue`; contents:
/// `Begin`, `Inside`; sources: `Source`, `Source`).
pub fn runs(tags: &[Tag], first: Tag, rest: Tag) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    for (i, &tag) in tags.iter().enumerate() {
        match out.last_mut() {
            Some(last) if tag == rest && last.1 + 1 == i => last.1 = i,
            _ if tag == first => out.push((i, i)),
            _ => {}
        }
    }
    out
}

/// Weights are written as integers: the value times this.
const SCALE: f32 = 100.0;

fn viterbi(emissions: &[[f32; TAGS]], transition: &[[f32; TAGS]; TAGS + 1]) -> Vec<Tag> {
    let n = emissions.len();
    let mut score = vec![[f32::NEG_INFINITY; TAGS]; n];
    let mut back = vec![[0u8; TAGS]; n];
    for tag in Tag::ALL {
        if tag.allowed_after(None) {
            score[0][tag as usize] = emissions[0][tag as usize] + transition[TAGS][tag as usize];
        }
    }
    for i in 1..n {
        for tag in Tag::ALL {
            let mut best = (f32::NEG_INFINITY, 0u8);
            for prev in Tag::ALL {
                if !tag.allowed_after(Some(prev)) {
                    continue;
                }
                let s = score[i - 1][prev as usize] + transition[prev as usize][tag as usize];
                if s > best.0 {
                    best = (s, prev as u8);
                }
            }
            score[i][tag as usize] = best.0 + emissions[i][tag as usize];
            back[i][tag as usize] = best.1;
        }
    }
    let mut last = (0..TAGS)
        .max_by(|&a, &b| score[n - 1][a].total_cmp(&score[n - 1][b]))
        .unwrap_or(0);
    let mut out = vec![Tag::Out; n];
    for i in (0..n).rev() {
        out[i] = Tag::ALL[last];
        last = back[i][last] as usize;
    }
    out
}

/// Trains a model by the averaged structured perceptron: `epochs` passes over the
/// labelled sentences, in an order shuffled by a fixed seed.
pub fn train(data: &[(Sentence, Vec<Tag>)], epochs: usize) -> Model {
    let mut model = Model::default();
    // Sums of updates weighted by the step they were made at, for averaging.
    let mut acc: HashMap<u64, [f64; TAGS], BuildHasherDefault<KeyHasher>> = HashMap::default();
    let mut acc_transition = [[0f64; TAGS]; TAGS + 1];
    let mut step = 1f64;
    let mut order: Vec<usize> = (0..data.len()).collect();
    let mut seed = 0x2545_F491_4F6C_DD1Du64;
    let mut buf = Vec::with_capacity(32);
    for _ in 0..epochs {
        for i in (1..order.len()).rev() {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            order.swap(i, (seed % (i as u64 + 1)) as usize);
        }
        for &d in &order {
            let (sentence, gold) = &data[d];
            let tokens = &sentence.tokens;
            if tokens.is_empty() || tokens.len() != gold.len() {
                continue;
            }
            let ctx = around(tokens);
            let emissions = model.scores(tokens, &ctx, &mut buf);
            let guess = viterbi(&emissions, &model.transition);
            if guess != *gold {
                for i in 0..tokens.len() {
                    let (g, p) = (gold[i] as usize, guess[i] as usize);
                    let gprev = if i == 0 { TAGS } else { gold[i - 1] as usize };
                    let pprev = if i == 0 { TAGS } else { guess[i - 1] as usize };
                    if g == p && gprev == pprev {
                        continue;
                    }
                    model.transition[gprev][g] += 1.0;
                    model.transition[pprev][p] -= 1.0;
                    acc_transition[gprev][g] += step;
                    acc_transition[pprev][p] -= step;
                    if g == p {
                        continue;
                    }
                    features(tokens, &ctx, i, &mut buf);
                    for &k in &buf {
                        let w = model.weights.entry(k).or_insert([0.0; TAGS]);
                        w[g] += 1.0;
                        w[p] -= 1.0;
                        let a = acc.entry(k).or_insert([0.0; TAGS]);
                        a[g] += step;
                        a[p] -= step;
                    }
                }
            }
            step += 1.0;
        }
    }
    // Averaged weights: w - acc / step.
    for (k, w) in model.weights.iter_mut() {
        if let Some(a) = acc.get(k) {
            for t in 0..TAGS {
                w[t] -= (a[t] / step) as f32;
            }
        }
    }
    for (r, row) in model.transition.iter_mut().enumerate() {
        for t in 0..TAGS {
            row[t] -= (acc_transition[r][t] / step) as f32;
        }
    }
    model
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentence(text: &str) -> Sentence {
        Sentence::new(text, (0, text.len()), &|_| false, &[], &[])
    }

    /// "<Name> said that <clause>." labelled: the name a source, "said" a cue, the
    /// clause from "that" a content.
    fn labelled(text: &str) -> (Sentence, Vec<Tag>) {
        let s = sentence(text);
        let said = s
            .tokens
            .iter()
            .position(|t| &text[t.start..t.end] == "said")
            .expect("said");
        let tags = (0..s.tokens.len())
            .map(|i| match i {
                _ if i < said => Tag::Source,
                _ if i == said => Tag::Cue,
                _ if i == said + 1 => Tag::Begin,
                _ if i + 1 == s.tokens.len() => Tag::Out,
                _ => Tag::Inside,
            })
            .collect();
        (s, tags)
    }

    #[test]
    fn learns_a_pattern_and_keeps_it_through_the_table() {
        let data: Vec<(Sentence, Vec<Tag>)> = [
            "Anna said that the bridge will open in May.",
            "Tomas said that prices rose again.",
            "Marta said that the talks had failed.",
            "Olek said that nobody would resign.",
        ]
        .iter()
        .map(|t| labelled(t))
        .collect();
        let model = train(&data, 10);
        let text = "Vera said that the ferry was late.";
        let tags = model.tag(&sentence(text));
        assert_eq!(tags, labelled(text).1);
        let reread = Model::parse(&model.to_table());
        assert_eq!(reread.tag(&sentence(text)), tags);
    }

    #[test]
    fn content_never_continues_without_a_beginning() {
        // Emissions that favour Inside everywhere: the first token must still begin.
        let emissions = vec![[0.0, 0.0, 0.0, 5.0, 0.0]; 4];
        let tags = viterbi(&emissions, &[[0.0; TAGS]; TAGS + 1]);
        assert_eq!(tags[0], Tag::Begin);
        assert!(tags[1..].iter().all(|&t| t == Tag::Inside));
    }

    #[test]
    fn sentences_without_a_candidate_are_not_tokenised() {
        assert!(!sentence("The river rose overnight.").has_candidate());
        assert!(sentence("The mayor said the river rose overnight.").has_candidate());
    }

    #[test]
    fn runs_follow_the_tag_grammar() {
        use Tag::*;
        let tags = [
            Source, Source, Cue, Begin, Inside, Out, Begin, Begin, Inside, Cue, Cue,
        ];
        assert_eq!(runs(&tags, Begin, Inside), vec![(3, 4), (6, 6), (7, 8)]);
        assert_eq!(runs(&tags, Cue, Cue), vec![(2, 2), (9, 10)]);
        assert_eq!(runs(&tags, Source, Source), vec![(0, 1)]);
    }

    #[test]
    fn shipped_table_loads() {
        assert!(Model::shipped().len() > 1000);
        // Junk lines are skipped, not fatal.
        assert!(Model::parse("T9\tx\nzz\t1\t2\n\u{0}").is_empty());
    }
}
