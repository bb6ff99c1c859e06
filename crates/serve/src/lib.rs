//! `chorus serve`: the HTTP API and the web page over one store and its search index.
//!
//! - [`api`]: the JSON API under `/api`, documented by the OpenAPI document that
//!   `utoipa` generates from the handlers themselves (`/api/openapi.json`).
//! - [`page`]: server-rendered HTML pages (no scripts at all); every piece of stored
//!   text goes through [`page::esc`].
//! - [`visual`]: the story page's pictures, drawn on the server: a timeline in inline SVG
//!   and a table of which source carried which statement and figure.
//! - [`guard`]: the Host check of every request, and the token and Origin checks of
//!   every write.
//! - [`listen`]: the accept loop with its connection cap, header-read and idle timeouts
//!   and graceful shutdown.
//! - This file: configuration, shared state (a small pool of store connections, the
//!   current search index), security headers, the whole-request timeout, and the one
//!   error type with its mapping to HTTP status codes.
//!
//! Every route reads the store through [`store::Reading`], so one server code serves
//! the SQLite store of its data directory or, with [`ServeConfig::shared`], a shared
//! store (PostgreSQL) that any number of replicas read at once; each replica then keeps
//! its own search index in its data directory, following the store's change log. Only
//! the SQLite store takes writes (the ingest endpoint, `--follow`).
//!
//! Blocking work (SQLite, tantivy, the ingest pipeline) runs on tokio's blocking pool,
//! never on the request threads; at most [`AppState::store_slots`] requests use the
//! store at once, so memory and open files stay bounded however many requests arrive.

pub mod api;
pub mod client;
pub mod guard;
pub mod listen;
pub mod page;
pub mod visual;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use axum::extract::{DefaultBodyLimit, Request};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Router;
use search::SearchIndex;
use store::{Reading, Store};

/// Where the search index lives inside the data directory.
pub const INDEX_DIR: &str = "search";

/// Where a replica of a shared store keeps its search index inside its data directory
/// (apart from [`INDEX_DIR`], so a directory that also holds a SQLite store keeps both).
pub const SHARED_INDEX_DIR: &str = "search-shared";

/// A read connection to a store, as every route uses it.
pub type Reader = Box<dyn Reading + Send>;

/// A store other than the SQLite one in the data directory, read by this server
/// (`chorus serve --store URL`): any number of servers may read it at once.
#[derive(Clone)]
pub struct SharedStore {
    /// How the server names the store (in its start line; no password).
    pub name: String,
    /// Opens one read connection; called for each connection of the pool.
    pub connect: Arc<dyn Fn() -> Result<Reader, store::StoreError> + Send + Sync>,
}

impl std::fmt::Debug for SharedStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SharedStore")
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

/// The Content-Security-Policy of every response: nothing runs, styles come only from
/// this server, forms post only here, nothing frames us.
pub const CSP: &str = "default-src 'none'; script-src 'none'; style-src 'self'; img-src 'self'; \
form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// Settings of the server; `Default` holds the documented defaults.
#[derive(Debug, Clone)]
pub struct ServeConfig {
    /// The store's data directory; with [`ServeConfig::shared`], the directory of this
    /// server's token file and search index (made when missing).
    pub data: PathBuf,
    /// Read this shared store instead of the SQLite store in `data`; writes through the
    /// server (ingest) are then refused.
    pub shared: Option<SharedStore>,
    /// Loopback by default: exposing the server is an explicit choice.
    pub addr: SocketAddr,
    /// Largest request body accepted (ingest), in bytes.
    pub body_limit: usize,
    /// How often the server checks whether another process changed the store (a cheap
    /// check; after a change the index applies what changed).
    pub refresh: Duration,
    /// The pipeline settings used by the ingest endpoint.
    pub engine: engine::Config,
    /// The bearer token of writes. None: the one in the data directory's token file
    /// ([`guard::TOKEN_FILE`]), made on first start. Serving on a non-loopback address
    /// requires one given here.
    pub token: Option<String>,
    /// Host names besides the loopback ones (and the bound address) that requests may
    /// name in `Host`, e.g. the name of a reverse proxy in front of the server.
    pub public_names: Vec<String>,
    /// How long a client has to send a request's head, and how long a keep-alive
    /// connection may stay idle.
    pub header_timeout: Duration,
    /// How long a request may take from its head to its response, body included.
    pub request_timeout: Duration,
    /// Most connections open at once; None derives it from the open-file limit
    /// ([`listen::connection_cap`]).
    pub max_connections: Option<usize>,
    /// When the store changes while it is served (`chorus serve --follow`): how often
    /// the story list and the feeds page ask the browser to reload them.
    pub auto_refresh: Option<Duration>,
}

impl Default for ServeConfig {
    fn default() -> ServeConfig {
        ServeConfig {
            data: PathBuf::from("chorus-data"),
            shared: None,
            addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
            body_limit: 16 << 20,
            refresh: Duration::from_secs(5),
            engine: engine::Config::default(),
            token: None,
            public_names: Vec::new(),
            header_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(60),
            max_connections: None,
            auto_refresh: None,
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
    #[error("unauthorized: {0}")]
    Unauthorized(String),
    #[error("forbidden: {0}")]
    Forbidden(String),
    #[error("this server does not answer to the host name {0:?} (see `--public-name`)")]
    MisdirectedHost(String),
    #[error("unsupported media type {0:?}: send JSON lines (application/x-ndjson or application/json) or text/html or text/plain")]
    UnsupportedMediaType(String),
    #[error("the request took longer than {0} s")]
    Timeout(u64),
    #[error("{0}")]
    Config(String),
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
            ServeError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            ServeError::Forbidden(_) => StatusCode::FORBIDDEN,
            ServeError::MisdirectedHost(_) => StatusCode::MISDIRECTED_REQUEST,
            ServeError::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ServeError::Timeout(_) => StatusCode::SERVICE_UNAVAILABLE,
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
        let mut res = (
            status,
            axum::Json(serde_json::json!({ "error": self.to_string() })),
        )
            .into_response();
        if status == StatusCode::UNAUTHORIZED {
            res.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"chorus\""),
            );
        }
        res
    }
}

/// State shared by every request.
pub struct AppState {
    config: ServeConfig,
    /// Idle store connections; SQLite connections are not shareable across threads.
    pool: Mutex<Vec<Pooled>>,
    index: RwLock<Arc<SearchIndex>>,
    /// Ingests and index rebuilds run one at a time.
    writer: tokio::sync::Mutex<()>,
    /// Requests using the store at once, at most [`AppState::store_slots`].
    store_slots: tokio::sync::Semaphore,
    /// The bearer token of writes.
    token: String,
    /// Where the token is kept, when it was not given in the configuration.
    token_file: Option<PathBuf>,
    /// The names `Host` may carry.
    allowed_hosts: guard::AllowedHosts,
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
    /// How many requests may use the store at once: twice the cores, at least 4.
    pub fn store_slots() -> usize {
        std::thread::available_parallelism()
            .map_or(2, |n| n.get())
            .saturating_mul(2)
            .max(4)
    }

    /// Opens the store in `config.data` (which must exist), or the shared store, and
    /// the search index, building the index when it is missing or stale, and reads or
    /// makes the token.
    pub fn open(config: ServeConfig) -> Result<AppState, ServeError> {
        if config.shared.is_some() {
            std::fs::create_dir_all(&config.data).map_err(|source| ServeError::Io {
                context: format!("cannot create {}", config.data.display()),
                source,
            })?;
        } else if !config.data.join(store::DB_FILE).is_file() {
            return Err(ServeError::BadRequest(format!(
                "no store in {} (run `chorus ingest --data {} PATH...` first)",
                config.data.display(),
                config.data.display()
            )));
        }
        let (token, token_file) = match &config.token {
            Some(t) => {
                guard::check_token(t)?;
                (t.clone(), None)
            }
            None => {
                let (t, path) = guard::load_or_create_token(&config.data)?;
                (t, Some(path))
            }
        };
        let mut store = connect(&config)?;
        let index = SearchIndex::open_or_build(&index_dir(&config), store.reader()?.as_mut())?;
        Ok(AppState {
            pool: Mutex::new(vec![store]),
            index: RwLock::new(Arc::new(index)),
            writer: tokio::sync::Mutex::new(()),
            store_slots: tokio::sync::Semaphore::new(AppState::store_slots()),
            token,
            token_file,
            allowed_hosts: guard::AllowedHosts::new(config.addr.ip(), &config.public_names),
            config,
        })
    }

    /// The data directory.
    pub fn data(&self) -> &Path {
        &self.config.data
    }

    /// Whether this server reads a shared store (and so takes no writes).
    pub fn is_shared(&self) -> bool {
        self.config.shared.is_some()
    }

    /// How the start line names the store: its data directory or the shared store.
    pub fn store_name(&self) -> String {
        match &self.config.shared {
            Some(shared) => shared.name.clone(),
            None => self.config.data.display().to_string(),
        }
    }

    /// The file holding the token, when it was not given in the configuration.
    pub fn token_file(&self) -> Option<&Path> {
        self.token_file.as_deref()
    }

    /// Runs `f` with a store connection from the pool, on the blocking pool, once one
    /// of the [`AppState::store_slots`] is free.
    /// A connection that failed (the store's error, not the request's) is dropped
    /// rather than kept, so a broken connection to a shared store is opened again.
    pub(crate) async fn with_store<T: Send + 'static>(
        self: &Arc<Self>,
        f: impl FnOnce(&mut dyn Reading) -> Result<T, ServeError> + Send + 'static,
    ) -> Result<T, ServeError> {
        let _slot = self
            .store_slots
            .acquire()
            .await
            .map_err(|_| ServeError::Internal("store slots closed".into()))?;
        let state = Arc::clone(self);
        blocking(move || {
            let idle = state.pool.lock().ok().and_then(|mut p| p.pop());
            let mut store = match idle {
                Some(s) => s,
                None => connect(&state.config)?,
            };
            let out = f(store.reader()?.as_mut());
            let broken = matches!(
                out,
                Err(ServeError::Store(_) | ServeError::Search(search::SearchError::Store(_)))
            );
            if !broken {
                if let Ok(mut pool) = state.pool.lock() {
                    pool.push(store);
                }
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

/// Opens a read connection to the store `config` names.
fn connect(config: &ServeConfig) -> Result<Pooled, ServeError> {
    Ok(Pooled(Some(match &config.shared {
        Some(shared) => (shared.connect)()?,
        None => Box::new(Store::open(&config.data)?),
    })))
}

/// A store connection of the server, closed off the async threads: closing a
/// PostgreSQL connection blocks on a runtime of the client's own, which a thread of
/// the server's runtime may not do (it panics), and a connection may be dropped there
/// (the server's state at shutdown, the watcher's connection).
struct Pooled(Option<Reader>);

impl Pooled {
    fn reader(&mut self) -> Result<&mut Reader, ServeError> {
        self.0
            .as_mut()
            .ok_or_else(|| ServeError::Internal("a closed store connection".into()))
    }
}

impl Drop for Pooled {
    fn drop(&mut self) {
        let Some(reader) = self.0.take() else {
            return;
        };
        if tokio::runtime::Handle::try_current().is_err() {
            return;
        }
        let slot = Arc::new(Mutex::new(Some(reader)));
        let closing = Arc::clone(&slot);
        let spawned = std::thread::Builder::new()
            .name("close store connection".into())
            .spawn(move || drop(closing.lock().ok().and_then(|mut r| r.take())));
        if spawned.is_err() {
            // No thread to close it on: leak the connection rather than panic.
            if let Some(reader) = slot.lock().ok().and_then(|mut r| r.take()) {
                std::mem::forget(reader);
            }
        }
    }
}

/// The directory of the server's search index.
fn index_dir(config: &ServeConfig) -> PathBuf {
    let name = if config.shared.is_some() {
        SHARED_INDEX_DIR
    } else {
        INDEX_DIR
    };
    config.data.join(name)
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

/// Answers 503 when the rest of the stack takes longer than the request timeout. Work
/// that must not stop halfway (an ingest) runs in a task of its own and completes.
async fn request_timeout(
    axum::extract::State(state): axum::extract::State<Arc<AppState>>,
    req: Request,
    next: Next,
) -> Response {
    let limit = state.config.request_timeout;
    match tokio::time::timeout(limit, next.run(req)).await {
        Ok(res) => res,
        Err(_) => ServeError::Timeout(limit.as_secs()).into_response(),
    }
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
    .layer(axum::middleware::from_fn_with_state(
        Arc::clone(&state),
        request_timeout,
    ))
    .layer(axum::middleware::from_fn_with_state(
        Arc::clone(&state),
        guard::middleware,
    ))
    .layer(axum::middleware::map_response(security_headers))
    .with_state(state)
}

/// The OpenAPI document of the API, as served at `/api/openapi.json`.
pub fn openapi() -> utoipa::openapi::OpenApi {
    api::router().split_for_parts().1
}

/// Starts a tokio runtime and [`run`]s the server on it until Ctrl-C or SIGTERM.
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

/// Completes on Ctrl-C (SIGINT) or, on Unix, SIGTERM: the two ways to stop a server,
/// both with a graceful shutdown and exit status 0.
pub async fn stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
                return;
            }
            Err(e) => eprintln!("chorus serve: cannot listen for SIGTERM: {e}"),
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}

/// Serves until Ctrl-C or SIGTERM. Prints the address once listening (with port 0, the
/// one chosen).
pub async fn run(config: ServeConfig) -> Result<(), ServeError> {
    let addr = config.addr;
    refuse_exposure_without_token(&config, addr)?;
    let listener = std::net::TcpListener::bind(addr).map_err(|source| ServeError::Io {
        context: format!("cannot listen on {addr}"),
        source,
    })?;
    serve(listener, config, stop_signal()).await
}

/// A server reachable from other machines must have a token chosen by its operator: a
/// token made on first start would have to be read from the server's disk first.
fn refuse_exposure_without_token(config: &ServeConfig, addr: SocketAddr) -> Result<(), ServeError> {
    if !addr.ip().is_loopback() && config.token.is_none() {
        return Err(ServeError::Config(format!(
            "refusing to serve on {addr} without a token: a non-loopback address is reachable \
             from other machines, so give the write token with --token or CHORUS_TOKEN \
             (at least {} visible characters), or listen on 127.0.0.1",
            guard::MIN_TOKEN_LEN
        )));
    }
    Ok(())
}

/// Opens the store and its index, then serves on `listener` until `shutdown` completes.
/// Prints `chorus: write token in FILE; serving DIR on http://ADDR/` on stdout once
/// ready (the URL always last; DIR is the shared store's name when one is read).
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
    let local = listener
        .local_addr()
        .map_err(io("cannot read the listening address"))?;
    refuse_exposure_without_token(&config, local)?;
    let limits = listen::Limits {
        max_connections: config
            .max_connections
            .unwrap_or_else(listen::connection_cap),
        header_timeout: config.header_timeout,
        shutdown_grace: Duration::from_secs(10),
    };
    let state = Arc::new(blocking(move || AppState::open(config)).await?);
    listener
        .set_nonblocking(true)
        .map_err(io("cannot set up the listener"))?;
    let listener =
        tokio::net::TcpListener::from_std(listener).map_err(io("cannot set up the listener"))?;
    let token = match state.token_file() {
        Some(path) => format!("write token in {}", path.display()),
        None => "write token as given".to_string(),
    };
    println!(
        "chorus: {token}; serving {} on http://{local}/",
        state.store_name()
    );
    let watcher = Arc::clone(&state);
    let refresher = tokio::spawn(async move {
        // A connection of its own: its data_version moves when any other one commits,
        // so the store's change log is only read after a change.
        let config = watcher.config.clone();
        let Ok(Ok(probe)) = tokio::task::spawn_blocking(move || connect(&config)).await else {
            eprintln!(
                "chorus serve: cannot watch the store; the index refreshes only after API ingests"
            );
            return;
        };
        let probe = Arc::new(Mutex::new(probe));
        let version = |probe: &Arc<Mutex<Pooled>>| {
            let probe = Arc::clone(probe);
            tokio::task::spawn_blocking(move || {
                probe
                    .lock()
                    .ok()
                    .and_then(|mut s| s.reader().ok()?.data_version().ok())
            })
        };
        let mut seen = version(&probe).await.ok().flatten();
        loop {
            tokio::time::sleep(refresh).await;
            let now = version(&probe).await.ok().flatten();
            if now.is_none() {
                // A broken connection (a shared store restarted): open another one
                // for the next look.
                let (config, probe) = (watcher.config.clone(), Arc::clone(&probe));
                let _ = tokio::task::spawn_blocking(move || {
                    let fresh = connect(&config)?;
                    if let Ok(mut p) = probe.lock() {
                        *p = fresh;
                    }
                    Ok::<_, ServeError>(())
                })
                .await;
            }
            if now == seen {
                continue;
            }
            seen = now;
            if let Err(e) = watcher.refresh_index().await {
                eprintln!("chorus serve: cannot refresh the search index: {e}");
            }
        }
    });
    listen::serve(listener, app(state), limits, shutdown).await;
    refresher.abort();
    Ok(())
}
