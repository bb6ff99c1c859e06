//! Prototype trainer (moves to eval): reads `chorus analyze --json` outputs with gold maps.
//! Usage: train_join OUT.tsv ANALYSIS.json GOLD.json [ANALYSIS.json GOLD.json ...]

use std::collections::HashMap;

use cluster::{ClusterConfig, ClusterDoc, Clusterer, JoinModel};

struct Doc {
    id: String,
    title: String,
    body: String,
    published: Option<chrono::NaiveDate>,
    entities: Vec<String>,
}

fn load(analysis: &str) -> Vec<Doc> {
    let v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(analysis).unwrap()).unwrap();
    let mut docs: Vec<Doc> = v["articles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            let mut entities: Vec<String> = a["entities"]
                .as_array()
                .map(|es| {
                    es.iter()
                        .filter(|e| e["kind"].as_str() != Some("other"))
                        .filter_map(|e| e["name"].as_str().map(String::from))
                        .collect()
                })
                .unwrap_or_default();
            entities.sort();
            entities.dedup();
            Doc {
                id: a["id"].as_str().unwrap().to_string(),
                title: a["title"].as_str().unwrap_or("").to_string(),
                body: a["body"].as_str().unwrap_or("").to_string(),
                published: a["published"].as_str().and_then(|d| d.parse().ok()),
                entities,
            }
        })
        .collect();
    docs.sort_by(|a, b| (a.published.is_none(), a.published, &a.id).cmp(&(b.published.is_none(), b.published, &b.id)));
    docs
}

fn cdoc(d: &Doc) -> ClusterDoc<'_> {
    ClusterDoc { title: &d.title, body: &d.body, published: d.published, entities: d.entities.iter().map(|s| s.as_str()).collect() }
}

fn b3(pred: &[usize], gold: &[&str]) -> (f64, f64, f64) {
    let n = pred.len();
    let mut ps: HashMap<usize, usize> = HashMap::new();
    let mut gs: HashMap<&str, usize> = HashMap::new();
    let mut both: HashMap<(usize, &str), usize> = HashMap::new();
    for i in 0..n {
        *ps.entry(pred[i]).or_default() += 1;
        *gs.entry(gold[i]).or_default() += 1;
        *both.entry((pred[i], gold[i])).or_default() += 1;
    }
    let (mut p, mut r) = (0.0, 0.0);
    for i in 0..n {
        let b = both[&(pred[i], gold[i])] as f64;
        p += b / ps[&pred[i]] as f64;
        r += b / gs[gold[i]] as f64;
    }
    p /= n as f64;
    r /= n as f64;
    (p, r, 2.0 * p * r / (p + r))
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let out = &args[0];
    let mut sets = Vec::new();
    for pair in args[1..].chunks(2) {
        let docs = load(&pair[0]);
        let gold: HashMap<String, String> = serde_json::from_str(&std::fs::read_to_string(&pair[1]).unwrap()).unwrap();
        let labels: Vec<String> = docs.iter().map(|d| gold[&d.id].clone()).collect();
        sets.push((pair[0].clone(), docs, labels));
    }
    let train_config = ClusterConfig { fold_after: 0, ..ClusterConfig::default() };
    let mut rows = Vec::new();
    for (name, docs, labels) in &sets {
        let before = rows.len();
        let mut c = Clusterer::new(train_config.clone());
        let mut story_of: HashMap<&str, usize> = HashMap::new();
        let mut gold_of: Vec<&str> = Vec::new();
        for (d, g) in docs.iter().zip(labels) {
            let doc = cdoc(d);
            for (s, f) in c.candidates(&doc) {
                rows.push((f, gold_of.get(s).copied() == Some(g.as_str()), 1.0));
            }
            let s = c.add_to(&doc, story_of.get(g.as_str()).copied());
            if s == gold_of.len() {
                gold_of.push(g);
                story_of.insert(g, s);
            }
        }
        // Event dates, not publication dates: every gold cluster on one day. A gap between
        // two of its documents then says only that the labels differ: leave such pairs out.
        let mut days: HashMap<&str, std::collections::BTreeSet<chrono::NaiveDate>> = HashMap::new();
        for (d, g) in docs.iter().zip(labels) { if let Some(p) = d.published { days.entry(g).or_default().insert(p); } }
        if days.values().all(|s| s.len() <= 1) && std::env::var("KEEPGAP").is_err() {
            let gi = cluster::FEATURES.iter().position(|f| *f == "gap_range").unwrap();
            let tail: Vec<_> = rows.drain(before..).filter(|r| r.0[gi] == 0.0).collect();
            eprintln!("event-dated set: kept {} rows", tail.len());
            rows.extend(tail);
        }
        let n = (rows.len() - before) as f64;
        if std::env::var("BALANCE").is_ok() {
            let mult: f64 = std::env::vars().find(|(k, _)| name.to_lowercase().contains(&k.to_lowercase().replace("w_", ""))).and_then(|(_, v)| v.parse().ok()).unwrap_or(1.0);
            for r in rows[before..].iter_mut() { r.2 = mult * 2000.0 / n; }
        }
    }
    let lambda: f64 = std::env::var("LAMBDA").ok().and_then(|v| v.parse().ok()).unwrap_or(1.0);
    let drop: Vec<usize> = std::env::var("DROP").unwrap_or_default().split(',').filter_map(|n| cluster::FEATURES.iter().position(|f| f == &n)).collect();
    for r in rows.iter_mut() { for &i in &drop { r.0[i] = 0.0; } }
    let w = cluster::fit(&rows, lambda, 50);
    let mut model = JoinModel::new(w);
    let rounds: usize = std::env::var("ROUNDS").ok().and_then(|v| v.parse().ok()).unwrap_or(0);
    for _ in 0..rounds {
        // Rows from the stories the model itself forms: label = the story's first gold.
        for (name, docs, labels) in &sets {
            let _ = name;
            let before = rows.len();
            let config = ClusterConfig { fold_after: 0, threshold: 0.4, ..ClusterConfig::default() };
            let mut c = Clusterer::new(config);
            c.set_model(model.clone());
            let mut gold_of: Vec<&str> = Vec::new();
            for (d, g) in docs.iter().zip(labels) {
                let doc = cdoc(d);
                for (s, f) in c.candidates(&doc) {
                    rows.push((f, gold_of.get(s).copied() == Some(g.as_str()), 1.0));
                }
                let s = c.add(&doc);
                if s == gold_of.len() { gold_of.push(g); }
            }
            let n = (rows.len() - before) as f64;
            if std::env::var("BALANCE").is_ok() {
                let mult: f64 = std::env::vars().find(|(k, _)| name.to_lowercase().contains(&k.to_lowercase().replace("w_", ""))).and_then(|(_, v)| v.parse().ok()).unwrap_or(1.0);
                for r in rows[before..].iter_mut() { r.2 = mult * 2000.0 / n; }
            }
        }
        model = JoinModel::new(cluster::fit(&rows, lambda, 50));
    }
    eprintln!("rows {} positives {}", rows.len(), rows.iter().filter(|r| r.1).count());
    eprint!("{}", model.to_tsv());
    std::fs::write(out, model.to_tsv()).unwrap();
    let thresholds: Vec<f64> = std::env::var("TH").unwrap_or("0.5".into()).split(',').map(|x| x.parse().unwrap()).collect();
    for th in thresholds {
        for (name, docs, labels) in &sets {
            let config = ClusterConfig { threshold: th, fold_threshold: th, ..ClusterConfig::default() };
            let mut c = Clusterer::new(config);
            c.set_model(model.clone());
            let mut pred = vec![0usize; docs.len()];
            let debug = std::env::var("DEBUG").is_ok_and(|v| name.contains(&v));
            for (i, d) in docs.iter().enumerate() {
                if debug {
                    let cands = c.candidates(&cdoc(d));
                    let owners: Vec<(usize, Vec<&str>)> = cands.iter().map(|(s, _)| (*s, (0..i).filter(|&j| pred[j] == *s).map(|j| labels[j].as_str()).collect())).collect();
                    eprintln!("DOC {} gold {} date {:?} title {:?}", d.id, labels[i], d.published, d.title.chars().take(60).collect::<String>());
                    for ((s, f), (_, o)) in cands.iter().zip(&owners) {
                        eprintln!("   story {s} p {:.3} members {:?} text {:.2} names {:.2} title {:.2} undated {} gap {:.2}", model.probability(f), o, f[1], f[3], f[4], f[6], f[12]);
                    }
                }
                pred[i] = c.add(&cdoc(d));
                for (from, to) in c.take_folds() {
                    for p in pred.iter_mut() { if *p == from { *p = to; } }
                }
            }
            let gold: Vec<&str> = labels.iter().map(|s| s.as_str()).collect();
            let (p, r, f) = b3(&pred, &gold);
            println!("th {th:.2} {:40} P {p:.3} R {r:.3} F1 {f:.3}", name.rsplit('/').next().unwrap());
        }
    }
}
