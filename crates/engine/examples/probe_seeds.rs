use cluster::{ClusterConfig, Clusterer};
fn main() {
    let dir = std::env::args().nth(1).unwrap();
    let store = store::Store::open(std::path::Path::new(&dir)).unwrap();
    let mut arts = store.articles().unwrap();
    engine::sort_canonical(&mut arts);
    let mut c = Clusterer::new(ClusterConfig::default());
    let mut seed_story = Vec::new();
    for a in &arts {
        let d = engine::cluster_doc(a);
        let is_seed = a.article.id.contains("seeds") || a.article.id.starts_with("00");
        if is_seed {
            let cands = c.candidates(&d);
            eprintln!("SEED {} date {:?}", a.article.id, a.article.published);
            for (s, f) in cands.iter() {
                eprintln!(
                    "   story {s} text {:.2} names {:.2} title {:.2} mean {:.2} undated {}",
                    f[1], f[3], f[4], f[15], f[6]
                );
            }
            for (s, p) in c.explain(&d).iter().take(5) {
                eprintln!("   p story {s} {p:.3}");
            }
        }
        let s = c.add(&d);
        if is_seed {
            seed_story.push(s);
        }
    }
    eprintln!("seed stories {seed_story:?}");
}
