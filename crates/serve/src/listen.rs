//! The accept loop: a cap on open connections, timeouts, graceful shutdown.
//!
//! - **Connection cap.** At most [`Limits::max_connections`] connections are open at
//!   once (by default derived from the open-file limit, see [`connection_cap`]). At the
//!   cap the loop stops accepting, so newcomers wait in the kernel's listen backlog
//!   instead of being refused, and connections that have been open for a while are asked
//!   to close once idle: an idle keep-alive connection closes at once, a busy one after
//!   its current response. A crowd of idle sockets can delay the server, never lock it up.
//! - **Header-read and idle timeout.** A request's head must arrive within
//!   [`Limits::header_timeout`], counted from the moment the connection is ready for it:
//!   right after accepting, and after each response on a keep-alive connection. So the
//!   same limit closes trickling clients and idle keep-alive connections. (The
//!   whole-request timeout, body included, is a middleware: see `crate::app`.)
//! - **Graceful shutdown.** On the shutdown signal the listener closes, idle connections
//!   close, busy ones finish their response; after [`Limits::shutdown_grace`] the rest
//!   are dropped.

use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::sync::{watch, Semaphore};

/// A connection this young is not asked to close when the server is at its cap, so that
/// a client that has just been accepted gets its request read (a client waiting in the
/// backlog has usually sent it already). Also how often the accept loop asks again.
const SHED_MIN_AGE: Duration = Duration::from_millis(250);

/// Limits of the accept loop.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub max_connections: usize,
    pub header_timeout: Duration,
    pub shutdown_grace: Duration,
}

/// File descriptors kept free for the store, the search index and the blocking pool:
/// a fixed part plus an eighth of the limit.
fn headroom(nofile: usize) -> usize {
    128usize.saturating_add(nofile / 8)
}

/// The soft limit on open files of this process, when there is one.
pub fn open_file_limit() -> Option<usize> {
    #[cfg(unix)]
    {
        let mut r = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        // SAFETY: getrlimit only writes the struct it is given, which lives on our stack.
        let ok = unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut r) } == 0;
        if ok && r.rlim_cur != libc::RLIM_INFINITY {
            return Some(usize::try_from(r.rlim_cur).unwrap_or(usize::MAX));
        }
        None
    }
    #[cfg(not(unix))]
    None
}

/// The default connection cap: the open-file limit less room for the store and the
/// index (128 descriptors and an eighth of the limit), at least 8 and at most 65,536;
/// 1,024 when the limit is unknown or unlimited.
pub fn connection_cap() -> usize {
    match open_file_limit() {
        Some(n) => n.saturating_sub(headroom(n)).clamp(8, 1 << 16),
        None => 1024,
    }
}

/// Whether an accept error concerns only the one connection (the loop goes straight on).
fn is_connection_error(e: &std::io::Error) -> bool {
    use std::io::ErrorKind::*;
    matches!(
        e.kind(),
        ConnectionRefused | ConnectionAborted | ConnectionReset | Interrupted
    )
}

/// Serves `app` on `listener` until `shutdown` completes, then shuts down gracefully.
pub async fn serve(
    listener: tokio::net::TcpListener,
    app: Router,
    limits: Limits,
    shutdown: impl Future<Output = ()> + Send + 'static,
) {
    let max = limits
        .max_connections
        .clamp(1, Semaphore::MAX_PERMITS.min(u32::MAX as usize));
    let permits = Arc::new(Semaphore::new(max));
    let (stop_tx, stop_rx) = watch::channel(false);
    let (shed_tx, shed_rx) = watch::channel(0u64);
    tokio::pin!(shutdown);
    loop {
        let permit = loop {
            if let Ok(p) = Arc::clone(&permits).try_acquire_owned() {
                break Some(p);
            }
            // At the cap: ask the older connections to close when idle, and wait.
            shed_tx.send_modify(|g| *g = g.wrapping_add(1));
            tokio::select! {
                () = &mut shutdown => break None,
                p = tokio::time::timeout(SHED_MIN_AGE, Arc::clone(&permits).acquire_owned()) => {
                    if let Ok(Ok(p)) = p {
                        break Some(p);
                    }
                }
            }
        };
        let Some(permit) = permit else { break };
        let stream = tokio::select! {
            () = &mut shutdown => break,
            r = listener.accept() => match r {
                Ok((stream, _)) => stream,
                Err(e) if is_connection_error(&e) => continue,
                Err(e) => {
                    // Out of file descriptors or the like: wait for connections to close.
                    eprintln!("chorus serve: cannot accept a connection: {e}");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
        };
        let _ = stream.set_nodelay(true);
        let service = TowerToHyperService::new(app.clone());
        let (mut stop, mut shed) = (stop_rx.clone(), shed_rx.clone());
        // Only signals sent after this connection was accepted concern it.
        shed.mark_unchanged();
        let header_timeout = limits.header_timeout;
        tokio::spawn(async move {
            let _permit = permit;
            let born = Instant::now();
            let mut builder = hyper::server::conn::http1::Builder::new();
            builder
                .timer(TokioTimer::new())
                .header_read_timeout(header_timeout);
            let conn = builder.serve_connection(TokioIo::new(stream), service);
            tokio::pin!(conn);
            let mut closing = false;
            loop {
                tokio::select! {
                    _ = conn.as_mut() => break,
                    _ = stop.changed(), if !closing => {
                        conn.as_mut().graceful_shutdown();
                        closing = true;
                    }
                    r = shed.changed(), if !closing => {
                        if r.is_err() || born.elapsed() >= SHED_MIN_AGE {
                            conn.as_mut().graceful_shutdown();
                            closing = true;
                        }
                    }
                }
            }
        });
    }
    drop(listener);
    let _ = stop_tx.send(true);
    // Every connection holds a permit: all of them back means all connections closed.
    let all = u32::try_from(max).unwrap_or(u32::MAX);
    let _ = tokio::time::timeout(limits.shutdown_grace, permits.acquire_many(all)).await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cap_leaves_room_for_files() {
        assert_eq!(headroom(256), 160);
        assert_eq!(256 - headroom(256), 96);
        let cap = connection_cap();
        assert!((8..=1 << 16).contains(&cap), "{cap}");
        if let Some(n) = open_file_limit() {
            assert!(cap < n || n < 136, "{cap} of {n}");
        }
    }
}
