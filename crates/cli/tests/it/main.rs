//! End-to-end tests of the `chorus` binary: commands, bad input, a crash mid-ingest, and
//! the shared PostgreSQL store's worker killed mid-job.

mod bad_input;
mod browser;
mod commands;
mod crash;
mod follow;
#[cfg(feature = "postgres")]
mod postgres;
mod serve;

use std::path::Path;
use std::process::{Command, Output};

/// A `chorus` command with a clean environment.
pub fn chorus() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_chorus"));
    cmd.env_remove("CHORUS_DATA");
    cmd.env_remove("CHORUS_TOKEN");
    cmd
}

/// Runs `chorus` with `args` against the store in `data`.
pub fn run(data: &Path, args: &[&str]) -> Output {
    let mut cmd = chorus();
    cmd.args(args).arg("--data").arg(data);
    cmd.output().expect("chorus runs")
}

/// The address (`127.0.0.1:PORT`) that `chorus serve` prints as its first line on
/// `stdout`, with that line.
pub fn served_address(stdout: impl std::io::Read) -> (String, String) {
    use std::io::BufRead;
    let mut line = String::new();
    std::io::BufReader::new(stdout)
        .read_line(&mut line)
        .expect("serve prints its address");
    let addr = line
        .trim()
        .rsplit(' ')
        .next()
        .and_then(|u| u.strip_prefix("http://"))
        .map(|a| a.trim_end_matches('/').to_string())
        .unwrap_or_else(|| panic!("no address in {line:?}"));
    (addr, line)
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A JSON line of an invented article; `n` varies its words so no two are duplicates.
pub fn article_line(prefix: &str, n: usize) -> String {
    const PLACES: &[&str] = &[
        "Arlen",
        "Brisk",
        "Corvane",
        "Dunholt",
        "Esmer",
        "Falkirk Sound",
        "Garrow",
        "Hessel",
    ];
    const TOPICS: &[&str] = &[
        "bridge repairs",
        "a ferry strike",
        "school budgets",
        "a river flood",
        "a mayoral race",
        "a hospital wing",
        "tram fares",
        "a harbour dredge",
    ];
    const PEOPLE: &[&str] = &[
        "Mara Quell",
        "Tobin Ashe",
        "Lio Brandt",
        "Nessa Vorn",
        "Iker Salo",
        "Pia Rennet",
    ];
    let place = PLACES[n % PLACES.len()];
    let topic = TOPICS[(n / PLACES.len()) % TOPICS.len()];
    let person = PEOPLE[(n * 7) % PEOPLE.len()];
    let day = 1 + n % 28;
    let body = format!(
        "Officials in {place} met on Monday to discuss {topic}, the council said in a statement numbered {n}.\n\n\
         \"We expect a decision on item {n} within {k} days,\" said {person}, who chairs the {place} committee.\n\n\
         About {people} residents signed a petition on {topic} last month, organisers said, and the meeting ran for {hours} hours.\n\n\
         The next session on {topic} in {place} is planned for Thursday, and reference {prefix}-{n} was filed for the record.",
        k = 3 + n % 11,
        people = 100 + n * 13,
        hours = 1 + n % 5,
    );
    serde_json::json!({
        "id": format!("{prefix}-{n}"),
        "title": format!("{place} weighs {topic} (file {n})"),
        "text": body,
        "published": format!("2026-03-{day:02}"),
        "outlet": format!("{place} Gazette"),
    })
    .to_string()
}

/// Writes `count` invented articles as JSON lines.
pub fn write_batch(path: &Path, prefix: &str, count: usize) {
    let lines: Vec<String> = (0..count).map(|n| article_line(prefix, n)).collect();
    std::fs::write(path, lines.join("\n") + "\n").unwrap();
}
