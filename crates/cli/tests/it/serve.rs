//! `chorus serve` as a process: the write token it makes and reuses, the refusal to
//! expose itself without a token, and a graceful exit on SIGTERM (issue 16: SIGTERM
//! ended it with status 143, skipping the graceful path).

use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use serve::client::Conn;

use crate::{chorus, run, stderr};

/// A server child, killed when dropped if still running.
struct Server {
    child: Child,
    addr: String,
    line: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(cmd: &mut Command) -> Server {
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("chorus serve starts");
    let (addr, line) = crate::served_address(child.stdout.take().unwrap());
    Server { child, addr, line }
}

/// Sends SIGTERM and waits (at most 20 s) for the exit.
fn terminate(server: &mut Server) -> ExitStatus {
    let pid = server.child.id().to_string();
    let sent = Command::new("kill").args(["-TERM", &pid]).status().unwrap();
    assert!(sent.success(), "kill -TERM {pid}");
    let start = Instant::now();
    loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            return status;
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "no exit after SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn ingest_one(addr: &str, token: Option<&str>) -> u16 {
    let mut c = Conn::connect(addr).unwrap();
    if let Some(t) = token {
        c = c.with_token(t);
    }
    c.request(
        "POST",
        "/api/ingest?id=served-1",
        Some("text/plain"),
        b"Tram line opens\n\nThe new tram line opened on Sunday, the transport office said.",
    )
    .unwrap()
    .status
}

fn serve_cmd(data: &Path, addr: &str) -> Command {
    let mut cmd = chorus();
    cmd.args(["serve", "--addr", addr, "--data"]).arg(data);
    cmd
}

#[test]
fn serve_makes_its_token_refuses_exposure_and_stops_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus/sample");
    let out = run(&data, &["ingest", "--quiet", &corpus.to_string_lossy()]);
    assert!(out.status.success(), "{}", stderr(&out));

    // A non-loopback address without a token is refused, with the way out.
    let out = serve_cmd(&data, "0.0.0.0:0").output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("refusing to serve on 0.0.0.0") && err.contains("--token"),
        "{err}"
    );

    // On loopback the token is made on first start, owner-only, and named at startup.
    let token_file = data.join("serve-token");
    let mut server = start(&mut serve_cmd(&data, "127.0.0.1:0"));
    assert!(
        server
            .line
            .contains(&format!("write token in {}", token_file.display())),
        "{}",
        server.line
    );
    let token = std::fs::read_to_string(&token_file)
        .unwrap()
        .trim()
        .to_string();
    assert!(token.len() >= 32, "{token}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&token_file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "{mode:o}");
    }
    assert_eq!(ingest_one(&server.addr, None), 401);
    assert_eq!(ingest_one(&server.addr, Some(&token)), 200);
    // SIGTERM: a graceful shutdown and status 0, like Ctrl-C.
    let status = terminate(&mut server);
    assert_eq!(status.code(), Some(0), "{status:?}");

    // The second start reuses the token; a token given in the environment is used
    // instead, and allows a non-loopback address.
    let mut server = start(&mut serve_cmd(&data, "127.0.0.1:0"));
    assert_eq!(ingest_one(&server.addr, Some(&token)), 200);
    assert_eq!(terminate(&mut server).code(), Some(0));
    let given = "given-token-abcdefghijklmnop";
    let mut server = start(serve_cmd(&data, "0.0.0.0:0").env("CHORUS_TOKEN", given));
    assert!(
        server.line.contains("write token as given"),
        "{}",
        server.line
    );
    let port = server.addr.rsplit(':').next().unwrap().to_string();
    let local = format!("127.0.0.1:{port}");
    assert_eq!(ingest_one(&local, Some(&token)), 401);
    assert_eq!(ingest_one(&local, Some(given)), 200);
    assert_eq!(terminate(&mut server).code(), Some(0));
}
