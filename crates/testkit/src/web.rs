//! A loopback HTTP/1.1 server for tests of the follower: answers each request with
//! what the test's handler says (status, headers, body, an optional delay before the
//! answer), one thread per connection, and logs every request with its arrival time and
//! how many requests were in flight at once, so politeness can be counted.

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

/// One request as the server read it.
#[derive(Debug, Clone)]
pub struct Request {
    pub path: String,
    /// Header names lowercased.
    pub headers: Vec<(String, String)>,
    pub at: Instant,
}

impl Request {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// What the handler answers.
#[derive(Debug, Clone)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// Waited before anything is written.
    pub delay: Duration,
}

impl Response {
    pub fn new(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Response {
        Response {
            status,
            headers: vec![("Content-Type".into(), content_type.into())],
            body: body.into(),
            delay: Duration::ZERO,
        }
    }

    pub fn header(mut self, name: &str, value: &str) -> Response {
        self.headers.push((name.into(), value.into()));
        self
    }

    pub fn delayed(mut self, delay: Duration) -> Response {
        self.delay = delay;
        self
    }
}

type Handler = dyn Fn(&Request) -> Response + Send + Sync;

struct Shared {
    log: Mutex<Vec<Request>>,
    in_flight: Mutex<(usize, usize)>,
    stop: AtomicBool,
}

/// A running server; stops accepting when dropped.
pub struct Server {
    pub addr: SocketAddr,
    shared: Arc<Shared>,
}

impl Server {
    /// Starts a server on a free loopback port.
    pub fn start(handler: impl Fn(&Request) -> Response + Send + Sync + 'static) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        let addr = listener.local_addr().expect("address");
        let shared = Arc::new(Shared {
            log: Mutex::new(Vec::new()),
            in_flight: Mutex::new((0, 0)),
            stop: AtomicBool::new(false),
        });
        let handler: Arc<Handler> = Arc::new(handler);
        let s = shared.clone();
        thread::spawn(move || {
            for stream in listener.incoming() {
                if s.stop.load(Ordering::Relaxed) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let (s, handler) = (s.clone(), handler.clone());
                thread::spawn(move || serve(stream, &s, &*handler));
            }
        });
        Server { addr, shared }
    }

    /// `http://127.0.0.1:PORT` + `path`.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    /// Every request so far.
    pub fn log(&self) -> Vec<Request> {
        self.shared
            .log
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// How many requests asked for `path` (with its query).
    pub fn hits(&self, path: &str) -> usize {
        self.log().iter().filter(|r| r.path == path).count()
    }

    /// The most requests that were in flight at once.
    pub fn max_in_flight(&self) -> usize {
        self.shared
            .in_flight
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .1
    }

    /// The shortest time between the arrivals of two consecutive requests.
    pub fn min_gap(&self) -> Option<Duration> {
        let log = self.log();
        log.windows(2)
            .map(|w| w[1].at.duration_since(w[0].at))
            .min()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::Relaxed);
        // Wakes the accept loop so it sees the flag.
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_millis(100));
    }
}

fn serve(stream: TcpStream, shared: &Shared, handler: &Handler) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let Ok(read_half) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(read_half);
    let mut stream = stream;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            return;
        }
        let path = line.split_whitespace().nth(1).unwrap_or("/").to_string();
        let mut headers = Vec::new();
        loop {
            let mut h = String::new();
            if reader.read_line(&mut h).unwrap_or(0) == 0 {
                return;
            }
            let h = h.trim_end();
            if h.is_empty() {
                break;
            }
            if let Some((k, v)) = h.split_once(':') {
                headers.push((k.trim().to_ascii_lowercase(), v.trim().to_string()));
            }
        }
        let request = Request {
            path,
            headers,
            at: Instant::now(),
        };
        {
            let mut f = shared.in_flight.lock().unwrap_or_else(|e| e.into_inner());
            f.0 += 1;
            f.1 = f.1.max(f.0);
        }
        shared
            .log
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(request.clone());
        let response = handler(&request);
        if !response.delay.is_zero() {
            thread::sleep(response.delay);
        }
        let mut head = format!("HTTP/1.1 {} X\r\n", response.status);
        for (k, v) in &response.headers {
            head.push_str(&format!("{k}: {v}\r\n"));
        }
        head.push_str(&format!("Content-Length: {}\r\n\r\n", response.body.len()));
        // Out of flight once the answer starts: a sequential client cannot send its
        // next request before that.
        shared.in_flight.lock().unwrap_or_else(|e| e.into_inner()).0 -= 1;
        let written = stream
            .write_all(head.as_bytes())
            .and_then(|_| stream.write_all(&response.body))
            .and_then(|_| stream.flush());
        if written.is_err() {
            return;
        }
    }
}
