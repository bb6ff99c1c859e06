//! Scores extraction on the benchmarks under `DATA/extract` (default `../shared/data`)
//! and prints one report per dataset found.
//!
//! Usage: `cargo run --release -p eval --example eval_extract -- [DATA] [DATASET] [LIMIT]
//! [--split dev|test|holdout|all] [--i-am-done-tuning]`, where DATASET is `all` (the
//! default) or one of `scrapinghub`, `wcxb`, `fundus`, `htmldate`. The split (see
//! [`eval::extract::split_of_case`]) is `dev` by default (`train` names it too); `holdout`
//! and `all` need `--i-am-done-tuning`. With `EVAL_PREDICTIONS=FILE` set, the predictions of a single dataset are
//! also written to FILE as JSON lines (`id`, `body`, `title`, `published`), the format
//! `../shared/bench/score-extract.py` scores. With `EVAL_MISSES` set, every wrong title,
//! byline and date is listed after its report. With `EVAL_DUMP=FILE` set, each page's gold
//! and extracted body with its precision, recall and F1 go to FILE, worst first (the
//! format of `chorus eval extract --dump`).

use std::io::Write;
use std::path::PathBuf;

use eval::extract::{evaluate, load_selection, read_page, Dataset, Selection, Split};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut selection = Selection::default();
    let mut positional = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--split" => {
                let name = args.next().unwrap_or_default();
                let name = if name == "train" {
                    "dev"
                } else {
                    name.as_str()
                };
                selection.split =
                    Split::from_name(name).ok_or_else(|| format!("unknown split {name:?}"))?;
            }
            "--i-am-done-tuning" => selection.done_tuning = true,
            _ => positional.push(arg),
        }
    }
    let mut positional = positional.into_iter();
    let data = PathBuf::from(
        positional
            .next()
            .unwrap_or_else(|| "../shared/data".to_string()),
    );
    let which = positional.next().unwrap_or_else(|| "all".to_string());
    selection.limit = positional.next().map(|n| n.parse::<usize>()).transpose()?;
    let datasets: Vec<Dataset> = if which == "all" {
        Dataset::ALL.to_vec()
    } else {
        vec![Dataset::from_name(&which).ok_or_else(|| format!("unknown dataset {which}"))?]
    };
    for dataset in datasets {
        let dir = data.join("extract").join(dataset.name());
        if !dir.is_dir() {
            eprintln!("Skipping {dataset}: {} is not a directory.", dir.display());
            continue;
        }
        let report = evaluate(dataset, &dir, selection)?;
        let mut stdout = std::io::stdout().lock();
        write!(stdout, "{report}")?;
        if std::env::var_os("EVAL_MISSES").is_some() {
            for miss in &report.misses {
                writeln!(stdout, "{miss}")?;
            }
        }
        drop(stdout);
        if let Some(out) = std::env::var_os("EVAL_DUMP") {
            report.write_dump(&mut std::io::BufWriter::new(std::fs::File::create(out)?))?;
        }
        if let Some(out) = std::env::var_os("EVAL_PREDICTIONS") {
            let mut out = std::io::BufWriter::new(std::fs::File::create(out)?);
            let config = extract::ExtractConfig::default();
            for case in load_selection(dataset, &dir, selection)? {
                let article = read_page(&case).and_then(|raw| extract::extract(&raw, &config).ok());
                let (body, title, published) = article
                    .map(|a| (a.body, a.title, a.published))
                    .unwrap_or_default();
                let line = serde_json::json!({"id": case.id, "body": body, "title": title, "published": published});
                writeln!(out, "{line}")?;
            }
            out.flush()?;
        }
    }
    Ok(())
}
