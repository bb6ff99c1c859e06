//! Measurement against PolNeAR dev attributions (ignored by default; run with
//! `cargo test -p analyze --release quotes::eval -- --ignored --nocapture`).
//!
//! A predicted quote matches a gold attribution content when their byte ranges overlap
//! by at least half of the longer of the two. "Direct" compares gold contents holding a
//! quotation mark with direct predictions; "all" compares every attribution with every
//! prediction. Speaker accuracy is measured on matched pairs whose gold source names
//! someone (has a capitalised word that is not a pronoun): the predicted speaker is right
//! when it shares a word of three letters or more with the gold source.

use std::collections::BTreeMap;
use std::path::PathBuf;

use model::{Quote, QuoteKind};

struct Gold {
    start: usize,
    end: usize,
    direct: bool,
    /// The content is a quotation from mark to mark, not a clause holding one.
    pure: bool,
    source: Option<String>,
}

fn char_to_byte(text: &str) -> Vec<usize> {
    let mut map: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
    map.push(text.len());
    map
}

fn parse_ann(ann: &str, text: &str) -> Vec<Gold> {
    let map = char_to_byte(text);
    let byte = |c: &str| c.parse::<usize>().ok().and_then(|c| map.get(c).copied());
    let mut spans: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for line in ann.lines().filter(|l| l.starts_with('T')) {
        let mut cols = line.split('\t');
        let (Some(id), Some(info)) = (cols.next(), cols.next()) else {
            continue;
        };
        let Some((_, ranges)) = info.split_once(' ') else {
            continue;
        };
        let mut lo = usize::MAX;
        let mut hi = 0;
        for r in ranges.split(';') {
            let mut it = r.split(' ');
            if let (Some(Some(s)), Some(Some(e))) = (it.next().map(byte), it.next().map(byte)) {
                lo = lo.min(s);
                hi = hi.max(e);
            }
        }
        if lo < hi {
            spans.insert(id, (lo, hi));
        }
    }
    let mut out = Vec::new();
    for line in ann.lines().filter(|l| l.starts_with('E')) {
        let Some(args) = line.split('\t').nth(1) else {
            continue;
        };
        let mut content = None;
        let mut source = None;
        for arg in args.split(' ') {
            match arg.split_once(':') {
                Some(("Content", id)) => content = spans.get(id).copied(),
                Some(("Source", id)) => source = spans.get(id).copied(),
                _ => {}
            }
        }
        let Some((start, end)) = content else {
            continue;
        };
        let Some(content_text) = text.get(start..end) else {
            continue;
        };
        let direct = content_text.contains(['"', '\u{201C}', '\u{201D}', '\u{00AB}', '\u{00BB}']);
        let body = content_text.trim().trim_end_matches(['.', ',']);
        let pure = body.starts_with(['"', '\u{201C}', '\u{00AB}'])
            && body.ends_with(['"', '\u{201D}', '\u{00BB}'])
            && body.chars().count() > 2;
        let source = source.and_then(|(s, e)| text.get(s..e)).map(str::to_string);
        out.push(Gold {
            start,
            end,
            direct,
            pure,
            source,
        });
    }
    out
}

fn overlaps(a: (usize, usize), b: (usize, usize)) -> bool {
    let inter = a.1.min(b.1).saturating_sub(a.0.max(b.0));
    let longer = (a.1 - a.0).max(b.1 - b.0);
    longer > 0 && inter * 2 >= longer
}

const PRONOUNS: &[&str] = &[
    "he", "she", "they", "it", "i", "we", "you", "his", "her", "him", "them",
];

fn names_someone(source: &str) -> bool {
    let words: Vec<&str> = ::text::words(source)
        .collect::<Vec<_>>()
        .into_iter()
        .map(|(_, w)| w)
        .collect();
    let pronoun = words.len() == 1 && PRONOUNS.contains(&words[0].to_lowercase().as_str());
    !pronoun
        && words
            .iter()
            .skip(1)
            .chain(words.first().filter(|w| !matches!(**w, "The" | "A" | "An")))
            .any(|w| w.chars().next().is_some_and(char::is_uppercase))
}

fn speaker_right(pred: Option<&str>, source: &str) -> bool {
    let Some(pred) = pred else { return false };
    let gold: Vec<String> = ::text::words(source)
        .map(|(_, w)| w.to_lowercase())
        .collect();
    ::text::words(pred).any(|(_, w)| w.chars().count() >= 3 && gold.contains(&w.to_lowercase()))
}

#[derive(Default)]
struct Tally {
    gold: usize,
    pred: usize,
    matched: usize,
    named: usize,
    named_right: usize,
    pronoun_or_nominal: usize,
}

impl Tally {
    fn report(&self, label: &str) {
        let p = self.matched as f64 / self.pred.max(1) as f64;
        let r = self.matched as f64 / self.gold.max(1) as f64;
        let f = if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
        println!(
            "{label}: gold {} pred {} matched {} | P {p:.3} R {r:.3} F1 {f:.3} | speaker accuracy {:.3} on {} named sources ({} matched with pronoun/nominal sources not scored)",
            self.gold,
            self.pred,
            self.matched,
            self.named_right as f64 / self.named.max(1) as f64,
            self.named,
            self.pronoun_or_nominal
        );
    }

    fn add(&mut self, text: &str, gold: &[&Gold], pred: &[&Quote]) {
        let verbose = std::env::var_os("CHORUS_EVAL_VERBOSE").is_some();
        self.gold += gold.len();
        self.pred += pred.len();
        let mut used = vec![false; pred.len()];
        for g in gold {
            let hit = (0..pred.len())
                .find(|&k| !used[k] && overlaps((g.start, g.end), (pred[k].start, pred[k].end)));
            let Some(k) = hit else {
                if verbose {
                    println!("MISS {:?}", text.get(g.start..g.end).unwrap_or_default());
                }
                continue;
            };
            used[k] = true;
            self.matched += 1;
            match &g.source {
                Some(source) if names_someone(source) => {
                    self.named += 1;
                    if speaker_right(pred[k].speaker.as_deref(), source) {
                        self.named_right += 1;
                    } else if verbose {
                        println!(
                            "SPEAKER {:?} vs gold {source:?}: {:?}",
                            pred[k].speaker, pred[k].text
                        );
                    }
                }
                _ => self.pronoun_or_nominal += 1,
            }
        }
        if verbose {
            for (k, q) in pred.iter().enumerate().filter(|(k, _)| !used[*k]) {
                println!("EXTRA {:?} <- {:?} [{}]", q.text, q.speaker, k);
            }
        }
    }
}

#[test]
#[ignore = "measures against PolNeAR dev; prints precision, recall, F1 and speaker accuracy"]
fn polnear_dev() {
    let dir =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/quotes/polnear/dev");
    let Ok(entries) = std::fs::read_dir(dir.join("text")) else {
        eprintln!("skipping: PolNeAR dev is absent under {}", dir.display());
        return;
    };
    let mut docs: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    docs.sort();
    let mut anns: Vec<PathBuf> = std::fs::read_dir(dir.join("attributions"))
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    anns.sort();
    let (mut direct, mut pure, mut all) = (Tally::default(), Tally::default(), Tally::default());
    for doc in docs {
        let Some(stem) = doc.file_stem().and_then(|s| s.to_str()) else {
            continue;
        };
        let prefix = format!("{stem}_");
        let Some(ann) = anns.iter().find(|a| {
            a.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(&prefix))
        }) else {
            continue;
        };
        let (Ok(text), Ok(ann)) = (std::fs::read_to_string(&doc), std::fs::read_to_string(ann))
        else {
            continue;
        };
        let gold = parse_ann(&ann, &text);
        let entities = crate::entities::find(&text);
        let quotes = super::find(&text, &entities);
        direct.add(
            &text,
            &gold.iter().filter(|g| g.direct).collect::<Vec<_>>(),
            &quotes
                .iter()
                .filter(|q| q.kind == QuoteKind::Direct)
                .collect::<Vec<_>>(),
        );
        // Pure quotations against direct predictions that do not sit inside a mixed one.
        let inside_mixed = |q: &Quote| {
            gold.iter()
                .any(|g| !g.pure && g.start <= q.start && q.end <= g.end)
        };
        pure.add(
            &text,
            &gold.iter().filter(|g| g.pure).collect::<Vec<_>>(),
            &quotes
                .iter()
                .filter(|q| q.kind == QuoteKind::Direct && !inside_mixed(q))
                .collect::<Vec<_>>(),
        );
        if std::env::var_os("CHORUS_EVAL_DIRECT_ONLY").is_none() {
            all.add(
                &text,
                &gold.iter().collect::<Vec<_>>(),
                &quotes.iter().collect::<Vec<_>>(),
            );
        }
    }
    direct.report("direct (content holds a quotation mark)");
    pure.report("pure direct (content is one quotation)");
    all.report("all");
}
