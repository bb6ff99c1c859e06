//! Time to build and render the brief of generated stories of 50 and 1,000 articles.

use criterion::{criterion_group, criterion_main, Criterion};

#[path = "gen.rs"]
mod gen;

fn bench(c: &mut Criterion) {
    let config = brief::BriefConfig::default();
    let mut group = c.benchmark_group("brief");
    group.sample_size(10);
    for n in [50usize, 1000] {
        let story = gen::story(n);
        let refs: Vec<&model::AnalyzedArticle> = story.iter().collect();
        group.bench_function(format!("{n}_articles"), |b| {
            b.iter(|| {
                let brief = brief::brief("bench", &refs, Vec::new(), &config);
                brief::render_markdown(&brief)
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
