//! The server over a store built from the sample corpus and the hostile fixture: the
//! API, the OpenAPI document, search, the pages, ingest and the security properties.
//! (The real-browser test lives with the binary: `crates/cli/tests/it/browser.rs`.)

mod api;
mod auth;
mod bounds;
mod connections;
mod feeds;
mod pages;
mod story_pages;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serve::client::{Conn, Response};

/// A running server over its own store; shared by the tests of this binary.
pub struct Server {
    pub addr: String,
    pub data: PathBuf,
    _dir: tempfile::TempDir,
}

pub fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus/sample")
}

pub fn hostile() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("test_data/hostile-pier-notice.html")
}

/// Builds a store from the sample corpus and the hostile fixture.
pub fn build_store(data: &Path) {
    let mut store = store::Store::open(data).expect("store opens");
    engine::ingest(
        &mut store,
        &[corpus(), hostile()],
        &engine::Config::default(),
        &mut |_| {},
    )
    .expect("ingest");
}

/// The write token of the test servers.
pub const TOKEN: &str = "test-token-0123456789";

/// Starts (once) a server on a free loopback port.
pub fn server() -> &'static Server {
    static SERVER: OnceLock<Server> = OnceLock::new();
    SERVER.get_or_init(|| {
        let dir = tempfile::tempdir().expect("tempdir");
        let data = dir.path().join("data");
        build_store(&data);
        let addr = start(serve::ServeConfig {
            data: data.clone(),
            body_limit: 1 << 20,
            token: Some(TOKEN.into()),
            ..serve::ServeConfig::default()
        });
        Server {
            addr,
            data,
            _dir: dir,
        }
    })
}

/// Starts a server with `config` on a free loopback port, in a thread of its own, and
/// returns its address once it answers.
pub fn start(config: serve::ServeConfig) -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr").to_string();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Runtime::new().expect("runtime");
        rt.block_on(serve::serve(listener, config, std::future::pending()))
            .expect("server runs");
    });
    // The listener is bound already; wait until the index is built and requests work.
    for _ in 0..600 {
        if let Ok(mut c) = Conn::connect(&addr) {
            if c.get("/api/health").is_ok_and(|r| r.status == 200) {
                break;
            }
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    addr
}

/// A connection to the shared server that carries the write token.
pub fn writer() -> Conn {
    Conn::connect(&server().addr)
        .expect("connect")
        .with_token(TOKEN)
}

pub fn get(path: &str) -> Response {
    Conn::connect(&server().addr)
        .and_then(|mut c| c.get(path))
        .expect("request")
}

pub fn json(path: &str) -> serde_json::Value {
    let r = get(path);
    assert_eq!(r.status, 200, "{path}: {}", r.text());
    serde_json::from_slice(&r.body).expect("json body")
}
