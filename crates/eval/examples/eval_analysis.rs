//! Scores quotes (PolNeAR dev) and entities (MEANTIME, wikigold) without building the
//! `chorus` binary, for quick iteration on the analyzer.
//!
//! Usage: `cargo run --release -p eval --example eval_analysis -- [quotes|meantime|wikigold|all|speed]
//! [DATA] [verbose|quiet] [PEER]`; DATA defaults to `../shared/data`. With `verbose`, every miss and
//! extra is printed after the report. `speed` times entities and quotes on one thread
//! over the MEANTIME bodies.

use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let which = args.next().unwrap_or_else(|| "all".to_string());
    let data = PathBuf::from(args.next().unwrap_or_else(|| "../shared/data".to_string()));
    let verbose = args.next().is_some_and(|a| a == "verbose");
    // A peer's mentions (`chorus eval entities --peer` format) for MEANTIME.
    let peer = match args.next() {
        Some(path) => {
            let mut out = Vec::new();
            for line in std::fs::read_to_string(path)?
                .lines()
                .filter(|l| !l.trim().is_empty())
            {
                let v: serde_json::Value = serde_json::from_str(line)?;
                let mut mentions = Vec::new();
                for m in v["mentions"].as_array().into_iter().flatten() {
                    if let (Some(s), Some(e), Some(t)) =
                        (m[0].as_u64(), m[1].as_u64(), m[2].as_str())
                    {
                        mentions.push((s as usize, e as usize, t.to_string()));
                    }
                }
                out.push(mentions);
            }
            Some(out)
        }
        None => None,
    };
    if which == "speed" {
        // Entities and quotes over the MEANTIME bodies, on one thread, several rounds.
        let bodies = eval::entities::bodies(&data.join("ner/meantime-en"), None)?;
        let rounds: usize = std::env::var("SPEED_ROUNDS")
            .ok()
            .and_then(|r| r.parse().ok())
            .unwrap_or(20)
            .max(1);
        let t = std::time::Instant::now();
        let mut quotes = 0;
        // Each round timed alone: the median round is robust to a noisy neighbour.
        let mut per_round = Vec::with_capacity(rounds);
        for _ in 0..rounds {
            let r = std::time::Instant::now();
            for body in &bodies {
                let entities = analyze::entities::find(body);
                quotes += analyze::quotes::find(body, &entities).len();
            }
            per_round.push(r.elapsed().as_secs_f64());
        }
        let secs = t.elapsed().as_secs_f64();
        let n = rounds * bodies.len();
        per_round.sort_by(f64::total_cmp);
        let median = bodies.len() as f64 / per_round[rounds / 2];
        let best = bodies.len() as f64 / per_round[0];
        println!("median round {median:.0} articles/s, best round {best:.0} articles/s");
        println!(
            "{n} bodies ({quotes} quotes) in {secs:.2} s: {:.0} articles/s",
            n as f64 / secs
        );
        return Ok(());
    }
    let all = which == "all";
    if all || which == "quotes" {
        let r = eval::quotes::quotes(
            &data.join("quotes/polnear/dev"),
            None,
            verbose,
            model::Quote::SHOWN_CONFIDENCE,
        )?;
        println!("{r}");
        for d in &r.details {
            println!("{d}");
        }
    }
    for (name, dir) in [
        ("meantime", "ner/meantime-en"),
        ("wikigold", "ner/wikigold"),
    ] {
        if all || which == name {
            let r = eval::entities::entities_with(&data.join(dir), None, verbose, peer.clone())?;
            println!("{r}");
            for d in &r.details {
                println!("{d}");
            }
        }
    }
    Ok(())
}
