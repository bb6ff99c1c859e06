//! A minimal blocking HTTP/1.1 client with keep-alive, for the load test, the
//! integration tests and the WebDriver session of the browser test. It speaks exactly
//! what those need: one request at a time per connection, `Content-Length` or chunked
//! response bodies.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::Duration;

/// Largest response body read, to bound memory on a misbehaving peer.
const MAX_BODY: usize = 256 << 20;

/// A response: status, headers (names lowercased) and body.
#[derive(Debug, Clone)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    /// The first header of this name (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The body as text (lossy).
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// One keep-alive connection.
pub struct Conn {
    reader: BufReader<TcpStream>,
    host: String,
    /// Sent as `Authorization: Bearer TOKEN` with every request, when set.
    token: Option<String>,
}

fn bad(msg: impl Into<String>) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, msg.into())
}

impl Conn {
    /// Connects to `host:port`.
    pub fn connect(addr: &str) -> io::Result<Conn> {
        let stream = TcpStream::connect(addr)?;
        stream.set_nodelay(true)?;
        stream.set_read_timeout(Some(Duration::from_secs(120)))?;
        Ok(Conn {
            reader: BufReader::new(stream),
            host: addr.to_string(),
            token: None,
        })
    }

    /// Connects to a server that is starting, once `GET /api/health` answers 200; gives
    /// up with the last error after `within`.
    pub fn when_up(addr: &str, within: Duration) -> io::Result<Conn> {
        let started = std::time::Instant::now();
        loop {
            let error = match Conn::connect(addr) {
                Ok(mut c) => match c.get("/api/health") {
                    Ok(r) if r.status == 200 => return Ok(c),
                    Ok(r) => bad(format!("/api/health answered {}", r.status)),
                    Err(e) => e,
                },
                Err(e) => e,
            };
            if started.elapsed() >= within {
                return Err(error);
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Sends `Authorization: Bearer TOKEN` with every request from now on.
    pub fn with_token(mut self, token: &str) -> Conn {
        self.token = Some(token.to_string());
        self
    }

    /// `GET path`.
    pub fn get(&mut self, path: &str) -> io::Result<Response> {
        self.request("GET", path, None, &[])
    }

    /// Sends one request and reads its response.
    pub fn request(
        &mut self,
        method: &str,
        path: &str,
        content_type: Option<&str>,
        body: &[u8],
    ) -> io::Result<Response> {
        let ct: Vec<(&str, &str)> = content_type
            .map(|c| ("Content-Type", c))
            .into_iter()
            .collect();
        self.request_with(method, path, &ct, body)
    }

    /// Sends one request with extra headers (a `Host` among them replaces the default
    /// one) and reads its response.
    pub fn request_with(
        &mut self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> io::Result<Response> {
        let mut head = format!("{method} {path} HTTP/1.1\r\n");
        if !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("host")) {
            head.push_str(&format!("Host: {}\r\n", self.host));
        }
        head.push_str(&format!("Content-Length: {}\r\n", body.len()));
        if let Some(token) = &self.token {
            head.push_str(&format!("Authorization: Bearer {token}\r\n"));
        }
        for (k, v) in headers {
            head.push_str(&format!("{k}: {v}\r\n"));
        }
        head.push_str("\r\n");
        let stream = self.reader.get_mut();
        stream.write_all(head.as_bytes())?;
        stream.write_all(body)?;
        stream.flush()?;
        self.read_response(method == "HEAD")
    }

    fn line(&mut self) -> io::Result<String> {
        let mut line = String::new();
        if self.reader.read_line(&mut line)? == 0 {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "connection closed",
            ));
        }
        Ok(line.trim_end_matches(['\r', '\n']).to_string())
    }

    fn read_response(&mut self, head_only: bool) -> io::Result<Response> {
        let status_line = self.line()?;
        let status = status_line
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| bad(format!("bad status line {status_line:?}")))?;
        let mut headers = Vec::new();
        loop {
            let line = self.line()?;
            if line.is_empty() {
                break;
            }
            if let Some((k, v)) = line.split_once(':') {
                headers.push((k.trim().to_ascii_lowercase(), v.trim().to_string()));
            }
        }
        let mut res = Response {
            status,
            headers,
            body: Vec::new(),
        };
        if head_only || status == 204 || status == 304 || (100..200).contains(&status) {
            return Ok(res);
        }
        if res
            .header("transfer-encoding")
            .is_some_and(|v| v.eq_ignore_ascii_case("chunked"))
        {
            loop {
                let size_line = self.line()?;
                let size =
                    usize::from_str_radix(size_line.split(';').next().unwrap_or("").trim(), 16)
                        .map_err(|_| bad(format!("bad chunk size {size_line:?}")))?;
                if size == 0 {
                    // Trailers, then the blank line.
                    while !self.line()?.is_empty() {}
                    break;
                }
                if res.body.len() + size > MAX_BODY {
                    return Err(bad("response body too large"));
                }
                let start = res.body.len();
                res.body.resize(start + size, 0);
                self.reader.read_exact(&mut res.body[start..])?;
                self.line()?;
            }
        } else if let Some(len) = res.header("content-length") {
            let len: usize = len
                .parse()
                .map_err(|_| bad(format!("bad content-length {len:?}")))?;
            if len > MAX_BODY {
                return Err(bad("response body too large"));
            }
            res.body.resize(len, 0);
            self.reader.read_exact(&mut res.body)?;
        } else {
            self.reader.read_to_end(&mut res.body)?;
        }
        Ok(res)
    }
}
