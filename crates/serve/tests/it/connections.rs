//! Timeouts and the connection cap (issue 16: 368 idle sockets made a server limited to
//! 256 file descriptors unreachable; a trickling connection lived 50 s). One test
//! function, since every part of it measures time.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use serve::client::Conn;

/// Reads until the server closes the connection (or `limit` passes); returns what was
/// read and when the connection closed.
fn read_until_closed(stream: &mut TcpStream, limit: Duration) -> (String, Option<Duration>) {
    let start = Instant::now();
    stream
        .set_read_timeout(Some(Duration::from_millis(200)))
        .unwrap();
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    while start.elapsed() < limit {
        match stream.read(&mut buf) {
            Ok(0) => return (String::from_utf8_lossy(&got).into(), Some(start.elapsed())),
            Ok(n) => got.extend_from_slice(&buf[..n]),
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) => {}
            Err(_) => return (String::from_utf8_lossy(&got).into(), Some(start.elapsed())),
        }
    }
    (String::from_utf8_lossy(&got).into(), None)
}

#[test]
fn slow_idle_and_crowding_clients_cannot_hold_the_server() {
    // A store of its own: two servers refreshing one index directory race each other.
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    crate::build_store(&data);
    let addr = crate::start(serve::ServeConfig {
        data,
        token: Some(crate::TOKEN.into()),
        max_connections: Some(4),
        header_timeout: Duration::from_secs(1),
        request_timeout: Duration::from_secs(2),
        ..serve::ServeConfig::default()
    });

    // A crowd of idle sockets, many times the cap: a real request still gets through,
    // waiting in the backlog rather than refused.
    let crowd: Vec<TcpStream> = (0..40)
        .map(|_| TcpStream::connect(&addr).unwrap())
        .collect();
    std::thread::sleep(Duration::from_millis(300));
    let start = Instant::now();
    let mut c = Conn::connect(&addr).unwrap();
    let r = c.get("/api/health").unwrap();
    assert_eq!(r.status, 200);
    let waited = start.elapsed();
    assert!(
        waited < Duration::from_secs(5),
        "waited {waited:?} behind idle sockets"
    );
    // The idle crowd has been closed by the server.
    for mut s in crowd {
        let (_, closed) = read_until_closed(&mut s, Duration::from_secs(5));
        assert!(closed.is_some(), "an idle socket stayed open");
    }

    // A client trickling its request head is cut off after the header timeout.
    let mut slow = TcpStream::connect(&addr).unwrap();
    let mut writer = slow.try_clone().unwrap();
    let trickle = std::thread::spawn(move || {
        for b in b"GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" {
            if writer.write_all(&[*b]).is_err() {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    });
    let (_, closed) = read_until_closed(&mut slow, Duration::from_secs(10));
    let closed = closed.expect("the trickling connection was not closed");
    assert!(closed < Duration::from_secs(4), "trickled for {closed:?}");
    let _ = trickle.join();

    // An idle keep-alive connection is closed after the same timeout.
    let mut idle = TcpStream::connect(&addr).unwrap();
    idle.write_all(b"GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        .unwrap();
    let (text, closed) = read_until_closed(&mut idle, Duration::from_secs(10));
    assert!(text.starts_with("HTTP/1.1 200"), "{text}");
    let closed = closed.expect("the idle keep-alive connection was not closed");
    assert!(
        (Duration::from_millis(500)..Duration::from_secs(4)).contains(&closed),
        "closed after {closed:?}"
    );

    // A body that never finishes gets a 503 at the request timeout.
    let mut body = TcpStream::connect(&addr).unwrap();
    body.write_all(
        format!(
            "POST /api/ingest HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {}\r\n\
             Content-Type: application/x-ndjson\r\nContent-Length: 1000\r\n\r\n{{\"id\":",
            crate::TOKEN
        )
        .as_bytes(),
    )
    .unwrap();
    let (text, closed) = read_until_closed(&mut body, Duration::from_secs(10));
    assert!(text.starts_with("HTTP/1.1 503"), "{text}");
    assert!(text.contains("longer than 2 s"), "{text}");
    assert!(
        closed.is_some_and(|t| t < Duration::from_secs(5)),
        "{closed:?}"
    );

    // And the server still answers.
    assert_eq!(Conn::connect(&addr).unwrap().get("/").unwrap().status, 200);
}
