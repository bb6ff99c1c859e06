//! `chorus serve`: the HTTP API and the web page over one store and its search index.
//!
//! - [`api`]: the JSON API under `/api`, documented by the OpenAPI document that
//!   `utoipa` generates from the handlers themselves (`/api/openapi.json`).
//! - [`page`]: server-rendered HTML pages (no scripts at all); every piece of stored
//!   text goes through [`page::esc`].
//! - This file: configuration, shared state (a small pool of store connections, the
//!   current search index), security headers, and the one error type with its mapping
//!   to HTTP status codes.
//!
//! Blocking work (SQLite, tantivy, the ingest pipeline) runs on tokio's blocking pool,
//! never on the request threads.

pub mod api;
pub mod client;
pub mod page;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;
use search::SearchIndex;
use store::Store;

/// Where the search index lives inside the data directory.
pub const INDEX_DIR: &str = "search";

/// The Content-Security-Policy of every response: nothing runs, styles come only from
/// this server, forms post only here, nothing frames us.
pub const CSP: &str = "default-src 'none'; script-src 'none'; style-src 'self'; img-src 'self'; \
form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// Settings of the server; `Default` holds the documented defaults.
#[derive(Debug, Clone)]
pub struct ServeConfig {
    /// The store's data directory.
    pub data: PathBuf,
    /// Loopback by default: exposing the server is an explicit choice.
    pub addr: SocketAddr,
    /// Largest request body accepted (ingest), in bytes.
    pub body_limit: usize,
    /// How often the server checks whether another process changed the store (a cheap
    /// check; after a change the index applies what changed).
    pub refresh: Duration,
    /// The pipeline settings used by the ingest endpoint.
    pub engine: engine::Config,
}

impl Default for ServeConfig {
    fn default() -> ServeConfig {
        ServeConfig {
            data: PathBuf::from("chorus-data"),
            addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
            body_limit: 16 << 20,
            refresh: Duration::from_secs(5),
            engine: engine::Config::default(),
        }
    }
}

/// Everything that can go wrong serving a request or starting the server.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("not found: {0}")]
    NotFound(String),
    #[error("bad request: {0}")]
    BadRequest(String),
    #[error(transparent)]
    Store(#[from] store::StoreError),
    #[error(transparent)]
    Search(#[from] search::SearchError),
    #[error(transparent)]
    Engine(#[from] engine::EngineError),
    #[error("{context}: {source}")]
    Io {
        context: String,
        source: std::io::Error,
    },
    #[error("internal error: {0}")]
    Internal(String),
}

impl ServeError {
    /// The HTTP status for this error: the one place errors become status codes.
    pub fn status(&self) -> StatusCode {
        match self {
            ServeError::NotFound(_) => StatusCode::NOT_FOUND,
            ServeError::BadRequest(_) => StatusCode::BAD_REQUEST,
            // A query or offset past the search limits is the request's fault.
            ServeError::Search(e) if e.is_bad_request() => StatusCode::BAD_REQUEST,
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl IntoResponse for ServeError {
    fn into_response(self) -> Response {
        let status = self.status();
        if status.is_server_error() {
            eprintln!("chorus serve: {self}");
        }
        (
            status,
            axum::Json(serde_json::json!({ "error": self.to_string() })),
        )
            .into_response()
    }
}

/// State shared by every request.
pub struct AppState {
    config: ServeConfig,
    /// Idle store connections; SQLite connections are not shareable across threads.
    pool: Mutex<Vec<Store>>,
    index: RwLock<Arc<SearchIndex>>,
    /// Ingests and index rebuilds run one at a time.
    writer: tokio::sync::Mutex<()>,
}

/// Runs `f` on the blocking pool.
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, ServeError> + Send + 'static,
) -> Result<T, ServeError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| ServeError::Internal(e.to_string()))?
}

impl AppState {
    /// Opens the store in `config.data` (which must exist) and its search index,
    /// building the index when it is missing or stale.
    pub fn open(config: ServeConfig) -> Result<AppState, ServeError> {
        if !config.data.join(store::DB_FILE).is_file() {
            return Err(ServeError::BadRequest(format!(
                "no store in {} (run `chorus ingest --data {} PATH...` first)",
                config.data.display(),
                config.data.display()
            )));
        }
        let store = Store::open(&config.data)?;
        let index = SearchIndex::open_or_build(&config.data.join(INDEX_DIR), &store)?;
        Ok(AppState {
            pool: Mutex::new(vec![store]),
            index: RwLock::new(Arc::new(index)),
            writer: tokio::sync::Mutex::new(()),
            config,
        })
    }

    /// The data directory.
    pub fn data(&self) -> &Path {
        &self.config.data
    }

    /// Runs `f` with a store connection from the pool, on the blocking pool.
    pub(crate) async fn with_store<T: Send + 'static>(
        self: &Arc<Self>,
        f: impl FnOnce(&Store) -> Result<T, ServeError> + Send + 'static,
    ) -> Result<T, ServeError> {
        let state = Arc::clone(self);
        blocking(move || {
            let idle = state.pool.lock().ok().and_then(|mut p| p.pop());
            let store = match idle {
                Some(s) => s,
                None => Store::open(&state.config.data)?,
            };
            let out = f(&store);
            if let Ok(mut pool) = state.pool.lock() {
                pool.push(store);
            }
            out
        })
        .await
    }

    /// The current search index.
    pub(crate) fn index(&self) -> Result<Arc<SearchIndex>, ServeError> {
        self.index
            .read()
            .map(|i| Arc::clone(&i))
            .map_err(|_| ServeError::Internal("search index lock poisoned".into()))
    }

    /// Brings the search index up to date with the store (changes written by another
    /// process too): applies what the store logged since the last update, rebuilding
    /// only when it cannot (see [`SearchIndex::catch_up`]). True when the index changed.
    pub async fn refresh_index(self: &Arc<Self>) -> Result<bool, ServeError> {
        let _guard = self.writer.lock().await;
        let index = self.index()?;
        let update = self
            .with_store(move |store| Ok(index.catch_up(store)?))
            .await?;
        Ok(update != search::Update::Current)
    }
}

/// Adds the security headers to every response.
async fn security_headers(mut res: Response) -> Response {
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    res
}

/// The whole application: API, OpenAPI document, pages, static assets, limits, headers.
pub fn app(state: Arc<AppState>) -> Router {
    let limit = state.config.body_limit;
    let (api, openapi) = api::router().split_for_parts();
    let openapi = Arc::new(openapi);
    api.route(
        "/api/openapi.json",
        axum::routing::get(move || {
            let doc = Arc::clone(&openapi);
            async move { axum::Json(doc.as_ref().clone()) }
        }),
    )
    .merge(page::router())
    .fallback(|| async { ServeError::NotFound("no such page".into()) })
    .layer(DefaultBodyLimit::max(limit))
    .layer(axum::middleware::map_response(security_headers))
    .with_state(state)
}

/// The OpenAPI document of the API, as served at `/api/openapi.json`.
pub fn openapi() -> utoipa::openapi::OpenApi {
    api::router().split_for_parts().1
}

/// Starts a tokio runtime and [`run`]s the server on it until Ctrl-C.
pub fn run_blocking(config: ServeConfig) -> Result<(), ServeError> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|source| ServeError::Io {
            context: "cannot start the async runtime".into(),
            source,
        })?
        .block_on(run(config))
}

/// Serves until Ctrl-C. Prints the address once listening (with port 0, the one chosen).
pub async fn run(config: ServeConfig) -> Result<(), ServeError> {
    let addr = config.addr;
    let listener = std::net::TcpListener::bind(addr).map_err(|source| ServeError::Io {
        context: format!("cannot listen on {addr}"),
        source,
    })?;
    serve(listener, config, async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await
}

/// Opens the store and its index, then serves on `listener` until `shutdown` completes.
/// Prints `chorus: serving DIR on http://ADDR/` on stdout once ready.
pub async fn serve(
    listener: std::net::TcpListener,
    config: ServeConfig,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<(), ServeError> {
    let io = |context: &str| {
        let context = context.to_string();
        move |source| ServeError::Io { context, source }
    };
    let refresh = config.refresh;
    let state = Arc::new(blocking(move || AppState::open(config)).await?);
    listener
        .set_nonblocking(true)
        .map_err(io("cannot set up the listener"))?;
    let listener =
        tokio::net::TcpListener::from_std(listener).map_err(io("cannot set up the listener"))?;
    let local = listener
        .local_addr()
        .map_err(io("cannot read the listening address"))?;
    println!(
        "chorus: serving {} on http://{local}/",
        state.data().display()
    );
    let watcher = Arc::clone(&state);
    let refresher = tokio::spawn(async move {
        // A connection of its own: its data_version moves when any other one commits,
        // so the store's change log is only read after a change.
        let data = watcher.config.data.clone();
        let Ok(Ok(probe)) = tokio::task::spawn_blocking(move || Store::open(&data)).await else {
            eprintln!(
                "chorus serve: cannot watch the store; the index refreshes only after API ingests"
            );
            return;
        };
        let probe = Arc::new(Mutex::new(probe));
        let version = |probe: &Arc<Mutex<Store>>| {
            let probe = Arc::clone(probe);
            tokio::task::spawn_blocking(move || {
                probe.lock().ok().and_then(|s| s.data_version().ok())
            })
        };
        let mut seen = version(&probe).await.ok().flatten();
        loop {
            tokio::time::sleep(refresh).await;
            let now = version(&probe).await.ok().flatten();
            if now == seen {
                continue;
            }
            seen = now;
            if let Err(e) = watcher.refresh_index().await {
                eprintln!("chorus serve: cannot refresh the search index: {e}");
            }
        }
    });
    let result = axum::serve(listener, app(state))
        .with_graceful_shutdown(shutdown)
        .await
        .map_err(io("server failed"));
    refresher.abort();
    result
}
