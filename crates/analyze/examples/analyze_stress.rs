//! Times each analysis step on the pathological bodies of the scaling tests.
//!
//! `cargo run --release -p analyze --example analyze_stress -- time [KIND] [BYTES...]` prints the
//! seconds each step takes per kind and size; `... -- write DIR BYTES...` writes the bodies
//! as `DIR/KIND-BYTES.txt` for timing `chorus analyze` on them; `... -- file PATH...` times
//! the steps on the given text files.

#[path = "../tests/common/pathological.rs"]
mod pathological;

use std::time::Instant;

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let sizes = |from: usize| -> Vec<usize> {
        args.iter()
            .skip(from)
            .filter_map(|a| a.parse().ok())
            .collect()
    };
    match args.first().map(String::as_str) {
        Some("file") => {
            for path in &args[1..] {
                let body = std::fs::read_to_string(path)?;
                time(path, &body);
            }
        }
        Some("write") => {
            let dir = std::path::PathBuf::from(args.get(1).map_or(".", String::as_str));
            std::fs::create_dir_all(&dir)?;
            for &(name, make) in pathological::KINDS {
                for bytes in sizes(2) {
                    std::fs::write(dir.join(format!("{name}-{bytes}.txt")), make(bytes))?;
                }
            }
        }
        _ => {
            let only = args.get(1).filter(|a| a.parse::<usize>().is_err()).cloned();
            let mut wanted = sizes(1);
            if wanted.is_empty() {
                wanted = vec![50_000, 100_000, 200_000];
            }
            for &(name, make) in pathological::KINDS {
                if only.as_deref().is_some_and(|o| o != "all" && o != name) {
                    continue;
                }
                for &bytes in &wanted {
                    time(&format!("{name} {bytes}"), &make(bytes));
                }
            }
        }
    }
    Ok(())
}

/// Prints the seconds each step takes on `body`, and how much it finds.
fn time(label: &str, body: &str) {
    let body = body.to_string();
    let t = Instant::now();
    let entities = analyze::entities::find(&body);
    let te = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let quotes = analyze::quotes::find(&body, &entities);
    let tq = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let dates = analyze::dates::find(&body, chrono::NaiveDate::from_ymd_opt(2020, 6, 1));
    let td = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let numbers = analyze::numbers::find(&body);
    let tn = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let sentences = text::sentences(&body);
    let ts = t.elapsed().as_secs_f64();
    println!(
                        "{label:20} entities {te:8.3}s ({:6}) quotes {tq:8.3}s ({:6}) dates {td:8.3}s ({:6}) numbers {tn:8.3}s ({:6}) sentences {ts:6.3}s ({})",
                        entities.len(),
                        quotes.len(),
                        dates.len(),
                        numbers.len(),
                        sentences.len()
                    );
}
