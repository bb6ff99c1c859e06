//! Time and peak memory of extraction on hostile pages generated here: a page of about
//! 50 MB and one nested 100,000 levels deep.
//!
//! `cargo run --release -p extract --example stress [MEGABYTES]` prints, per page, its
//! size, the seconds spent in `extract` and the process's peak resident memory (Linux
//! `VmHWM`), so the ratio of memory to input size can be read off.

use std::time::Instant;

use extract::{extract, ExtractConfig};
use model::{Format, RawDoc};

fn raw(content: String) -> RawDoc {
    RawDoc {
        id: "stress".to_string(),
        source: "stress".to_string(),
        format: Format::Html,
        content,
        url: Some("https://x.example/news/2021/03/03/pier".to_string()),
        title: None,
        published: None,
        outlet: None,
    }
}

/// Peak resident memory of this process in MiB, where the OS reports it.
fn peak_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

fn run(name: &str, content: String) {
    let mb = content.len() as f64 / 1e6;
    let doc = raw(content);
    let started = Instant::now();
    let result = extract(&doc, &ExtractConfig::default());
    let secs = started.elapsed().as_secs_f64();
    let body = result.as_ref().map(|a| a.body.len()).unwrap_or(0);
    println!(
        "{name}: {mb:.1} MB in {secs:.2}s, body {body} bytes, ok={}, peak RSS {:.0} MiB",
        result.is_ok(),
        peak_mib().unwrap_or(f64::NAN)
    );
}

fn main() {
    let megabytes: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(50);
    let para = |i: usize| {
        format!(
            "<p>Meeting {i}: the harbour board voted on Tuesday to rebuild the old pier with \
             stone from quarry {i}, and the work is to start in the spring once the boats \
             are out.</p>\n"
        )
    };
    let side = "<div class=\"related\"><a href=\"/x\">Another story about the fair</a></div>\n";
    let mut big = String::with_capacity(megabytes << 20);
    big.push_str("<html><head><title>Pier rebuilt | Coastal</title></head><body><article><h1>Pier rebuilt</h1>");
    let mut i = 0usize;
    while big.len() < megabytes * 1_000_000 {
        if i % 10 == 9 {
            big.push_str(side);
        } else {
            big.push_str(&para(i));
        }
        i += 1;
    }
    big.push_str("</article></body></html>");
    run("large page", big);

    let depth = 100_000;
    let mut deep = String::from("<html><body><h1>Pier rebuilt</h1>");
    for _ in 0..depth {
        deep.push_str("<div>");
    }
    deep.push_str(&para(0));
    for _ in 0..depth {
        deep.push_str("</div>");
    }
    deep.push_str("</body></html>");
    run("100,000 levels", deep);
}
