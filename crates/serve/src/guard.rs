//! Who may talk to the server, and who may write.
//!
//! - **Host**, on every request: a loopback name (`localhost`, `127.0.0.1`, `[::1]`), the
//!   address the server is bound to, or a configured public name (`--public-name`), with
//!   any port. Anything else is answered 421, so a DNS-rebinding page (a name of its own
//!   that resolves to 127.0.0.1) reads nothing.
//! - **Writes** (every method but GET, HEAD and OPTIONS): the `Origin`, when the client
//!   sends one, must be this server itself (403 otherwise), and `Authorization: Bearer
//!   TOKEN` must carry the server's token (401 otherwise), compared in constant time. A
//!   cross-site form or `fetch` cannot add that header without the token, and a browser
//!   will not send it cross-origin without a CORS preflight this server never grants.
//! - **The token** comes from the configuration (`--token`, `CHORUS_TOKEN`), or else from
//!   the file [`TOKEN_FILE`] in the data directory, created on first start from the
//!   operating system's random source with owner-only permissions (0600 on Unix).

use std::io::Write;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::{AppState, ServeError};

/// The token file inside the data directory.
pub const TOKEN_FILE: &str = "serve-token";

/// Shortest token accepted from the configuration.
pub const MIN_TOKEN_LEN: usize = 16;

/// Checks a configured token: long enough to resist guessing, and only visible ASCII so
/// that it travels unchanged in a header.
pub fn check_token(token: &str) -> Result<(), ServeError> {
    if token.len() < MIN_TOKEN_LEN {
        return Err(ServeError::Config(format!(
            "the token is too short ({} characters; at least {MIN_TOKEN_LEN})",
            token.len()
        )));
    }
    if !token.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(ServeError::Config(
            "the token may hold only visible ASCII characters (no spaces)".into(),
        ));
    }
    Ok(())
}

/// Reads the token file of `data`, or creates it with a fresh random token. Returns the
/// token and the file's path.
pub fn load_or_create_token(data: &Path) -> Result<(String, PathBuf), ServeError> {
    let path = data.join(TOKEN_FILE);
    let io = |context: String| move |source| ServeError::Io { context, source };
    match std::fs::read_to_string(&path) {
        Ok(text) => {
            restrict_to_owner(&path)?;
            let token = text.trim().to_string();
            check_token(&token).map_err(|e| {
                ServeError::Config(format!(
                    "{}: {e}; delete the file to have a new token made",
                    path.display()
                ))
            })?;
            return Ok((token, path));
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(io(format!("cannot read {}", path.display()))(e)),
    }
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)
        .map_err(|e| ServeError::Internal(format!("no random source for the token: {e}")))?;
    let token: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = match options.open(&path) {
        Ok(f) => f,
        // Another server started at the same moment and wrote it first: use that one.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return load_or_create_token(data)
        }
        Err(e) => return Err(io(format!("cannot create {}", path.display()))(e)),
    };
    if let Err(e) = file
        .write_all(format!("{token}\n").as_bytes())
        .and_then(|()| file.sync_all())
    {
        // No half-written token file is left behind (a full disk, say).
        drop(file);
        let _ = std::fs::remove_file(&path);
        return Err(io(format!("cannot write {}", path.display()))(e));
    }
    Ok((token, path))
}

/// Makes `path` readable by its owner only, if it is not already.
fn restrict_to_owner(path: &Path) -> Result<(), ServeError> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let io = |source| ServeError::Io {
            context: format!("cannot restrict the permissions of {}", path.display()),
            source,
        };
        let mode = std::fs::metadata(path).map_err(io)?.permissions().mode();
        if mode & 0o077 != 0 {
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).map_err(io)?;
            eprintln!(
                "chorus serve: {} was readable by others; it is now owner-only (0600)",
                path.display()
            );
        }
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

/// Equality of two secrets in time that depends only on their lengths.
pub fn same_secret(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let diff = a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y));
    std::hint::black_box(diff) == 0
}

/// The names this server answers to (lowercase, IPv6 without brackets).
#[derive(Debug, Clone)]
pub struct AllowedHosts {
    names: Vec<String>,
}

impl AllowedHosts {
    /// Loopback names, the bound address when it is a specific one, and `public`.
    pub fn new(bound: IpAddr, public: &[String]) -> AllowedHosts {
        let mut names: Vec<String> = ["localhost", "127.0.0.1", "::1"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        if !bound.is_unspecified() {
            names.push(bound.to_string());
        }
        for p in public {
            if let Some((name, _)) = split_authority(p) {
                names.push(name);
            }
        }
        names.sort();
        names.dedup();
        AllowedHosts { names }
    }

    /// Whether `authority` (a Host header value: name or address, optional port) names
    /// this server.
    pub fn allows(&self, authority: &str) -> bool {
        split_authority(authority).is_some_and(|(name, _)| self.names.contains(&name))
    }
}

/// Splits `host[:port]` (IPv6 in brackets) into a lowercase name without a trailing dot
/// or brackets, and the port. None when it is malformed.
pub fn split_authority(authority: &str) -> Option<(String, Option<u16>)> {
    let a = authority.trim();
    if a.is_empty() || a.contains(['/', '@', ' ', '\\']) {
        return None;
    }
    let (name, port) = if let Some(rest) = a.strip_prefix('[') {
        let (inside, after) = rest.split_once(']')?;
        let port = match after {
            "" => None,
            p => Some(p.strip_prefix(':')?),
        };
        (inside, port)
    } else {
        match a.split_once(':') {
            Some((n, p)) => (n, Some(p)),
            None => (a, None),
        }
    };
    let port = match port {
        Some(p) => Some(p.parse::<u16>().ok()?),
        None => None,
    };
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    (!name.is_empty()).then_some((name, port))
}

/// The `host[:port]` of a same-origin request's `Origin` with the scheme's default port
/// dropped, so that `https://x` and a `Host: x:443` compare equal.
fn origin_authority(origin: &str) -> Option<(String, Option<u16>)> {
    let (scheme, rest) = origin.split_once("://")?;
    let default = match scheme.to_ascii_lowercase().as_str() {
        "http" => 80,
        "https" => 443,
        _ => return None,
    };
    let (name, port) = split_authority(rest)?;
    Some((name, port.filter(|&p| p != default)))
}

fn host_of(headers: &HeaderMap) -> Option<&str> {
    headers.get(header::HOST).and_then(|v| v.to_str().ok())
}

/// Whether the request may reach the handlers; see the module documentation.
pub fn admit(
    allowed: &AllowedHosts,
    token: &str,
    method: &Method,
    headers: &HeaderMap,
) -> Result<(), ServeError> {
    let Some(host) = host_of(headers) else {
        return Err(ServeError::BadRequest(
            "the request has no Host header".into(),
        ));
    };
    if !allowed.allows(host) {
        return Err(ServeError::MisdirectedHost(
            host.chars().take(200).collect(),
        ));
    }
    if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) {
        return Ok(());
    }
    if let Some(origin) = headers.get(header::ORIGIN) {
        let origin = origin.to_str().unwrap_or("");
        let same = match (origin_authority(origin), split_authority(host)) {
            (Some((on, op)), Some((hn, hp))) => {
                // A Host port equal to the scheme's default is the same as none.
                let default = if origin.len() >= 5 && origin[..5].eq_ignore_ascii_case("https") {
                    443
                } else {
                    80
                };
                on == hn && op == hp.filter(|&p| p != default)
            }
            _ => false,
        };
        if !same {
            return Err(ServeError::Forbidden(format!(
                "writes from another origin ({}) are refused",
                origin.chars().take(200).collect::<String>()
            )));
        }
    }
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            let (scheme, rest) = v.trim().split_once(' ')?;
            scheme.eq_ignore_ascii_case("bearer").then(|| rest.trim())
        });
    match given {
        Some(t) if same_secret(t.as_bytes(), token.as_bytes()) => Ok(()),
        Some(_) => Err(ServeError::Unauthorized("the token is wrong".into())),
        None => Err(ServeError::Unauthorized(
            "writes need `Authorization: Bearer TOKEN` (the token of `chorus serve`)".into(),
        )),
    }
}

/// The middleware form of [`admit`].
pub(crate) async fn middleware(
    State(state): State<Arc<AppState>>,
    req: Request,
    next: Next,
) -> Response {
    match admit(
        &state.allowed_hosts,
        &state.token,
        req.method(),
        req.headers(),
    ) {
        Ok(()) => next.run(req).await,
        Err(e) => e.into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(header::HeaderName, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(k.clone(), HeaderValue::from_str(v).unwrap());
        }
        h
    }

    const TOKEN: &str = "0123456789abcdef0123";

    #[test]
    fn authorities_split() {
        assert_eq!(
            split_authority("LocalHost.:8080"),
            Some(("localhost".into(), Some(8080)))
        );
        assert_eq!(split_authority("[::1]:9"), Some(("::1".into(), Some(9))));
        assert_eq!(split_authority("[::1]"), Some(("::1".into(), None)));
        for bad in ["", "a:b", "a:99999", "[::1", "x@y", "a/b", "[::1]x"] {
            assert_eq!(split_authority(bad), None, "{bad}");
        }
    }

    #[test]
    fn hosts_other_than_ours_are_refused() {
        let allowed = AllowedHosts::new(IpAddr::from([0, 0, 0, 0]), &["News.Example".into()]);
        for ok in [
            "localhost:8080",
            "127.0.0.1:1",
            "[::1]:8080",
            "news.example",
            "news.example:443",
        ] {
            assert!(allowed.allows(ok), "{ok}");
        }
        for bad in [
            "attacker.example",
            "0.0.0.0:8080",
            "localhost.attacker",
            "127.0.0.2",
        ] {
            assert!(!allowed.allows(bad), "{bad}");
        }
        let bound = AllowedHosts::new(IpAddr::from([10, 0, 0, 5]), &[]);
        assert!(bound.allows("10.0.0.5:8080"));
    }

    #[test]
    fn writes_need_the_token_and_our_origin() {
        let allowed = AllowedHosts::new(IpAddr::from([127, 0, 0, 1]), &[]);
        let host = (header::HOST, "127.0.0.1:8080");
        let auth = (header::AUTHORIZATION, "Bearer 0123456789abcdef0123");
        let get = headers(std::slice::from_ref(&host));
        assert!(admit(&allowed, TOKEN, &Method::GET, &get).is_ok());
        let cases: Vec<(Vec<(header::HeaderName, &str)>, bool)> = vec![
            (vec![host.clone()], false),
            (vec![host.clone(), auth.clone()], true),
            (
                vec![
                    host.clone(),
                    (header::AUTHORIZATION, "bearer 0123456789abcdef0124"),
                ],
                false,
            ),
            (
                vec![host.clone(), (header::AUTHORIZATION, "Basic x")],
                false,
            ),
            (
                vec![
                    host.clone(),
                    auth.clone(),
                    (header::ORIGIN, "http://127.0.0.1:8080"),
                ],
                true,
            ),
            (
                vec![
                    host.clone(),
                    auth.clone(),
                    (header::ORIGIN, "http://evil.example"),
                ],
                false,
            ),
            (
                vec![
                    host.clone(),
                    auth.clone(),
                    (header::ORIGIN, "http://127.0.0.1:9999"),
                ],
                false,
            ),
            (
                vec![host.clone(), auth.clone(), (header::ORIGIN, "null")],
                false,
            ),
            (
                vec![(header::HOST, "attacker.example:8080"), auth.clone()],
                false,
            ),
        ];
        for (h, ok) in cases {
            let r = admit(&allowed, TOKEN, &Method::POST, &headers(&h));
            assert_eq!(r.is_ok(), ok, "{h:?}: {r:?}");
        }
        let public = AllowedHosts::new(IpAddr::from([0, 0, 0, 0]), &["news.example".into()]);
        let h = headers(&[
            (header::HOST, "news.example"),
            auth.clone(),
            (header::ORIGIN, "https://news.example"),
        ]);
        assert!(admit(&public, TOKEN, &Method::POST, &h).is_ok());
    }

    #[test]
    fn secrets_compare_whole() {
        assert!(same_secret(b"abc", b"abc"));
        assert!(!same_secret(b"abc", b"abd"));
        assert!(!same_secret(b"abc", b"abcd"));
    }

    #[test]
    fn token_file_is_made_once_and_owner_only() {
        let dir = tempfile::tempdir().unwrap();
        let (a, path) = load_or_create_token(dir.path()).unwrap();
        assert_eq!(a.len(), 64);
        let (b, _) = load_or_create_token(dir.path()).unwrap();
        assert_eq!(a, b, "the token is reused");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let (c, _) = load_or_create_token(tempfile::tempdir().unwrap().path()).unwrap();
        assert_ne!(a, c, "tokens are random");
        assert!(check_token("short").is_err());
        assert!(check_token("has a space in it ok").is_err());
    }
}
