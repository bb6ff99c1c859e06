//! Writes are authorised (issue 16: a cross-origin `<form enctype=text/plain>` or a
//! no-cors `fetch` added and overwrote articles; `Host: attacker.example` was answered).

use serve::client::Conn;

use crate::{get, json, server, writer, TOKEN};

/// Tries to overwrite `id` with a "TAMPERED" text article, with `headers`.
fn tamper(id: &str, headers: &[(&str, &str)]) -> serve::client::Response {
    Conn::connect(&server().addr)
        .unwrap()
        .request_with(
            "POST",
            &format!("/api/ingest?id={id}"),
            headers,
            b"TAMPERED\n\nThis text was planted by another site, the attacker said.",
        )
        .unwrap()
}

#[test]
fn writes_without_the_token_change_nothing() {
    let id = "hostile-pier-notice";
    let before = json(&format!("/api/articles/{id}"))["title"].clone();
    let bearer = format!("Bearer {TOKEN}");
    let wrong = format!("Bearer {TOKEN}x");
    let cases: Vec<(Vec<(&str, &str)>, u16)> = vec![
        // The cross-site form of the issue: text/plain, no token, another origin.
        (
            vec![
                ("Content-Type", "text/plain"),
                ("Origin", "http://evil.example"),
            ],
            403,
        ),
        (vec![("Content-Type", "text/plain")], 401),
        (
            vec![("Content-Type", "text/plain"), ("Authorization", &wrong)],
            401,
        ),
        (
            vec![
                ("Content-Type", "text/plain"),
                ("Authorization", "Basic dGVzdA=="),
            ],
            401,
        ),
        // With the token, but sent by a page of another origin.
        (
            vec![
                ("Content-Type", "text/plain"),
                ("Authorization", &bearer),
                ("Origin", "http://evil.example"),
            ],
            403,
        ),
        (
            vec![
                ("Content-Type", "text/plain"),
                ("Authorization", &bearer),
                ("Origin", "null"),
            ],
            403,
        ),
        // Form and multipart bodies are not read, token or not.
        (
            vec![
                ("Content-Type", "application/x-www-form-urlencoded"),
                ("Authorization", &bearer),
            ],
            415,
        ),
        (
            vec![
                ("Content-Type", "multipart/form-data; boundary=x"),
                ("Authorization", &bearer),
            ],
            415,
        ),
        // DNS rebinding: a name of the attacker's that resolves to us.
        (
            vec![
                ("Content-Type", "text/plain"),
                ("Authorization", &bearer),
                ("Host", "attacker.example"),
            ],
            421,
        ),
    ];
    for (headers, status) in cases {
        let r = tamper(id, &headers);
        assert_eq!(r.status, status, "{headers:?}: {}", r.text());
        let body: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
        assert!(body["error"].as_str().is_some_and(|e| !e.is_empty()));
        if status == 401 {
            assert!(r
                .header("www-authenticate")
                .is_some_and(|v| v.starts_with("Bearer")));
        }
    }
    assert_eq!(
        json(&format!("/api/articles/{id}"))["title"],
        before,
        "not overwritten"
    );
}

#[test]
fn the_token_from_our_own_origin_writes() {
    let addr = &server().addr;
    let origin = format!("http://{addr}");
    let r = writer()
        .request_with(
            "POST",
            "/api/ingest?id=auth-ok-1",
            &[("Content-Type", "text/plain; charset=utf-8"), ("Origin", &origin)],
            b"Ferry timetable changes\n\nThe harbour board said on Monday that the winter ferry timetable starts a week early this year.",
        )
        .unwrap();
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(
        json("/api/articles/auth-ok-1")["title"],
        "Ferry timetable changes"
    );
    // `localhost` with the port is the same server.
    let r = writer()
        .request_with(
            "POST",
            "/api/ingest",
            &[
                ("Host", &addr.replace("127.0.0.1", "localhost")),
                ("Origin", &origin.replace("127.0.0.1", "localhost")),
                ("Content-Type", "application/x-ndjson"),
            ],
            b"",
        )
        .unwrap();
    assert_eq!(r.status, 200, "{}", r.text());
}

#[test]
fn every_request_names_this_server_in_host() {
    let addr = &server().addr;
    let port = addr.rsplit(':').next().unwrap();
    for host in [
        "attacker.example",
        "attacker.example:80",
        "localhost.attacker.example",
        "0.0.0.0",
    ] {
        for path in ["/", "/api/health", "/static/style.css", "/api/openapi.json"] {
            let r = Conn::connect(addr)
                .unwrap()
                .request_with("GET", path, &[("Host", host)], b"")
                .unwrap();
            assert_eq!(r.status, 421, "{host} {path}");
            assert!(r.text().contains("host name"), "{}", r.text());
            // Refusals carry the security headers too.
            assert!(r.header("content-security-policy").is_some());
        }
    }
    for host in [
        format!("localhost:{port}"),
        format!("[::1]:{port}"),
        "127.0.0.1".into(),
    ] {
        let r = Conn::connect(addr)
            .unwrap()
            .request_with("GET", "/api/health", &[("Host", &host)], b"")
            .unwrap();
        assert_eq!(r.status, 200, "{host}");
    }
    assert_eq!(get("/api/health").status, 200);
}

#[test]
fn the_openapi_document_declares_the_token() {
    let doc = json("/api/openapi.json");
    let scheme = &doc["components"]["securitySchemes"]["token"];
    assert_eq!(scheme["type"], "http", "{doc}");
    assert_eq!(scheme["scheme"], "bearer");
    let ingest = &doc["paths"]["/api/ingest"]["post"];
    assert!(ingest["security"][0].get("token").is_some(), "{ingest}");
    for status in ["401", "403", "415", "421"] {
        assert!(ingest["responses"].get(status).is_some(), "{status}");
    }
}
