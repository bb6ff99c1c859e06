//! Trains the attribution tagger (`analyze::quotes::tagger`) on a PolNeAR split and
//! writes its weight table, `crates/analyze/src/quotes/tagger.tsv` by default.
//!
//! Labels: every token inside an annotated content is content (the outer content wins
//! where contents nest; its first token in a sentence is `Begin`), then every other token
//! inside an annotated cue is `Cue`, then every other token inside a source is `Source`. Only sentences the tagger would read (with a
//! candidate cue word) are trained on, as [`analyze::quotes::tagging_sentences`] gives
//! them.
//!
//! `cargo run --release -p eval --example train_tagger -- ../shared/data/quotes/polnear/train [EPOCHS] [OUT]`

use std::path::PathBuf;

use analyze::quotes::tagger;
use eval::quotes::tagger_labels as labels;

/// Features whose weights all stay below this are not shipped.
const MIN_WEIGHT: f32 = 12.0;

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(
        args.next()
            .expect("usage: train_tagger TRAIN_DIR [EPOCHS] [OUT]"),
    );
    let epochs: usize = args.next().and_then(|e| e.parse().ok()).unwrap_or(20);
    let out = args
        .next()
        .unwrap_or_else(|| "crates/analyze/src/quotes/tagger.tsv".to_string());
    assert!(
        dir.to_string_lossy().contains("train"),
        "the tagger is trained on the training split only"
    );
    let docs = eval::quotes::attributions(&dir).expect("PolNeAR split");
    let mut data = Vec::new();
    for (body, gold) in &docs {
        let entities = analyze::entities::find(body);
        for sentence in analyze::quotes::tagging_sentences(body, &entities) {
            let tags = labels(&sentence, gold);
            data.push((sentence, tags));
        }
    }
    let tokens: usize = data.iter().map(|(s, _)| s.tokens.len()).sum();
    eprintln!(
        "{} documents, {} sentences, {tokens} tokens",
        docs.len(),
        data.len()
    );
    let mut model = tagger::train(&data, epochs);
    let min: f32 = std::env::var("MIN_WEIGHT")
        .ok()
        .and_then(|m| m.parse().ok())
        .unwrap_or(MIN_WEIGHT);
    model.prune(min);
    let table = model.to_table();
    std::fs::write(&out, &table).expect("write the table");
    eprintln!("wrote {out}: {} lines", table.lines().count());
}
