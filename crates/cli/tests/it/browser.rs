//! `chorus serve` in a real browser: headless Chromium driven over the WebDriver
//! protocol (chromedriver), with our own small HTTP client. Skips with a message when
//! Chromium or chromedriver is not installed (`.ci/run` installs them).
//!
//! Screenshots at phone (390 px) and desktop (1280 px) widths are saved under
//! `$CARGO_TARGET_TMPDIR/screenshots/` as test artefacts.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use serve::client::Conn;

use crate::{chorus, run, stderr};

/// The W3C WebDriver key of an element reference.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// A child process killed when dropped.
struct Guard(Child);

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn find_program(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    for dir in std::env::split_paths(&path) {
        for name in names {
            let p = dir.join(name);
            if p.is_file() {
                return Some(p);
            }
        }
    }
    None
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// Decodes standard base64 (the screenshot encoding).
fn base64_decode(text: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    };
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0);
    for v in text.bytes().filter_map(value) {
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    out
}

/// A WebDriver session.
struct Browser {
    conn: Conn,
    session: String,
}

impl Browser {
    fn start(driver: &str, chromium: &Path, width: u32) -> Browser {
        let mut conn = Conn::connect(driver).expect("chromedriver connects");
        let mut options = json!({
            "binary": chromium.to_string_lossy(),
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu",
                     "--disable-dev-shm-usage", "--hide-scrollbars",
                     format!("--window-size={width},900")]
        });
        // Chromium's windows are at least 500 px wide: phone widths need device emulation.
        if width < 500 {
            options["mobileEmulation"] =
                json!({"deviceMetrics": {"width": width, "height": 844, "pixelRatio": 1.0}});
        }
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": options
        }}});
        let r = conn
            .request(
                "POST",
                "/session",
                Some("application/json"),
                caps.to_string().as_bytes(),
            )
            .expect("new session");
        let v: Value = serde_json::from_slice(&r.body).expect("session json");
        let session = v["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session: {v}"))
            .to_string();
        Browser { conn, session }
    }

    fn call(&mut self, method: &str, path: &str, body: Option<Value>) -> Value {
        let (status, v) = self.try_call(method, path, body);
        assert_eq!(status, 200, "{method} {path}: {v}");
        v
    }

    fn try_call(&mut self, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
        let body = body.map(|b| b.to_string()).unwrap_or_default();
        let r = self
            .conn
            .request(
                method,
                &format!("/session/{}{path}", self.session),
                Some("application/json"),
                body.as_bytes(),
            )
            .expect("webdriver call");
        let v: Value = serde_json::from_slice(&r.body).expect("webdriver json");
        (r.status, v["value"].clone())
    }

    fn go(&mut self, url: &str) {
        self.call("POST", "/url", Some(json!({ "url": url })));
    }

    fn script(&mut self, js: &str) -> Value {
        self.call(
            "POST",
            "/execute/sync",
            Some(json!({ "script": js, "args": [] })),
        )
    }

    fn find(&mut self, css: &str) -> String {
        let v = self.call(
            "POST",
            "/element",
            Some(json!({ "using": "css selector", "value": css })),
        );
        v[ELEMENT].as_str().expect("element id").to_string()
    }

    /// The text of the first element matching `css`, waiting (up to 10 s) for a page
    /// that is still loading after a click.
    fn text(&mut self, css: &str) -> String {
        let start = Instant::now();
        loop {
            let (status, v) = self.try_call(
                "POST",
                "/element",
                Some(json!({ "using": "css selector", "value": css })),
            );
            if let (200, Some(e)) = (status, v[ELEMENT].as_str()) {
                let (status, text) = self.try_call("GET", &format!("/element/{e}/text"), None);
                if status == 200 {
                    return text.as_str().unwrap_or("").to_string();
                }
            }
            assert!(start.elapsed() < Duration::from_secs(10), "no {css}: {v}");
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Clicks a link or button and waits until the browser is on another page.
    fn click(&mut self, css: &str) {
        let before = self.call("GET", "/url", None);
        let e = self.find(css);
        self.call("POST", &format!("/element/{e}/click"), Some(json!({})));
        let start = Instant::now();
        while self.call("GET", "/url", None) == before {
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "{css} did not navigate"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        let start = Instant::now();
        while self.script("return document.readyState;") != "complete" {
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "page did not load"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn screenshot(&mut self, name: &str) {
        let png = base64_decode(self.call("GET", "/screenshot", None).as_str().unwrap_or(""));
        assert!(png.starts_with(b"\x89PNG"), "a PNG screenshot");
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
        std::fs::create_dir_all(&dir).expect("screenshot dir");
        std::fs::write(dir.join(name), png).expect("screenshot written");
    }

    /// Nothing of the hostile fixture ran: no flag, no title change, no dialog, no
    /// live elements (the only SVG is our timeline, made of shapes and text).
    fn assert_nothing_ran(&mut self, page: &str) {
        let state = self.script(
            "return { pwned: window.__pwned === undefined ? null : window.__pwned, \
             title: document.title, \
             live: document.querySelectorAll('script, img, iframe, svg:not(.tl), svg.tl :not(g, line, path, circle, text, tspan, title), object, embed, [onerror], [onload], a[href^=\"javascript:\" i]').length };",
        );
        assert_eq!(state["pwned"], Value::Null, "{page}: {state}");
        assert_ne!(state["title"], "PWNED", "{page}: {state}");
        assert_eq!(state["live"], 0, "{page}: {state}");
        let r = self
            .conn
            .request(
                "GET",
                &format!("/session/{}/alert/text", self.session),
                None,
                b"",
            )
            .expect("alert query");
        assert_eq!(r.status, 404, "{page}: a dialog is open: {}", r.text());
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self
            .conn
            .request("DELETE", &format!("/session/{}", self.session), None, b"");
    }
}

/// Chromium and chromedriver, or `None` (with a SKIP message) when either is missing.
fn browser_programs() -> Option<(PathBuf, PathBuf)> {
    let found = find_program(&["chromium", "chromium-browser", "google-chrome"])
        .zip(find_program(&["chromedriver"]));
    if found.is_none() {
        eprintln!("SKIP browser test: chromium and chromedriver are not installed (apt-get install chromium chromium-driver)");
    }
    found
}

/// Starts chromedriver on a free loopback port once it answers; the guard stops it.
fn start_driver(driver: &Path) -> (Guard, String) {
    let port = free_port();
    let guard = Guard(
        Command::new(driver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts"),
    );
    let addr = format!("127.0.0.1:{port}");
    wait_for(&addr, "/status");
    (guard, addr)
}

fn wait_for(addr: &str, path: &str) {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(60) {
        if let Ok(mut c) = Conn::connect(addr) {
            if c.get(path).is_ok_and(|r| r.status == 200) {
                return;
            }
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("{addr}{path} did not come up");
}

#[test]
fn browser_reads_stories_searches_and_runs_no_hostile_script() {
    let Some((chromium, driver)) = browser_programs() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let fixture =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../serve/test_data/hostile-pier-notice.html");
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus/sample");
    let out = run(
        &data,
        &[
            "ingest",
            "--quiet",
            &corpus.to_string_lossy(),
            &fixture.to_string_lossy(),
        ],
    );
    assert!(out.status.success(), "{}", stderr(&out));

    let mut server = chorus()
        .args(["serve", "--addr", "127.0.0.1:0", "--data"])
        .arg(&data)
        .stdout(Stdio::piped())
        .spawn()
        .expect("chorus serve starts");
    let stdout = server.stdout.take().expect("piped stdout");
    let server = Guard(server);
    let (base, _) = crate::served_address(stdout);
    assert!(base.starts_with("127.0.0.1:"), "binds to loopback: {base}");
    wait_for(&base, "/api/health");

    let (_driver, driver_addr) = start_driver(&driver);
    let url = |path: &str| format!("http://{base}{path}");

    for width in [1280, 390] {
        let mut b = Browser::start(&driver_addr, &chromium, width);
        // The story list.
        b.go(&url("/"));
        assert_eq!(b.text("h1"), "Stories");
        assert_eq!(
            b.script("return window.innerWidth;"),
            json!(width),
            "viewport width"
        );
        b.screenshot(&format!("stories-{width}.png"));
        let fits =
            b.script("return document.documentElement.scrollWidth <= window.innerWidth + 1;");
        assert_eq!(fits, Value::Bool(true), "the story list fits {width} px");
        // Open the first story.
        let headline = b.text("ol.stories li a.headline");
        b.click("ol.stories li a.headline");
        assert_eq!(b.text("article.story h1"), headline);
        let page = b.text("main");
        for section in ["Summary", "Who said what", "Articles"] {
            assert!(page.contains(section), "{section} missing at {width} px");
        }
        assert!(
            !b.text(".summary .chip").is_empty(),
            "summary lines carry source chips"
        );
        // The timeline drawing and the coverage grid, readable at this width: the
        // drawing is not shrunk below its phone size, the grid scrolls in its own box.
        let pictures = b.script(
            "const svg = document.querySelector('.timeline svg.tl'); \
             const grid = document.querySelector('.grid-scroll'); \
             const table = document.querySelector('.grid-scroll table.carry'); \
             return { svg: !!svg, \
               events: document.querySelectorAll('svg.tl g.ev').length, \
               titled: document.querySelectorAll('svg.tl g.ev > title').length, \
               axis: document.querySelectorAll('svg.tl line.axis').length, \
               scale: svg ? svg.getBoundingClientRect().width / svg.viewBox.baseVal.width : 0, \
               svgRight: svg ? svg.getBoundingClientRect().right : 1e9, \
               clipped: svg ? [...svg.querySelectorAll('text')].filter(t => { \
                 const b = t.getBBox(); \
                 return b.x < -0.5 || b.x + b.width > svg.viewBox.baseVal.width + 0.5; }).length : -1, \
               grid: !!table, \
               rows: document.querySelectorAll('table.carry tbody tr').length, \
               cells: document.querySelectorAll('table.carry td.q, table.carry td.v').length, \
               gridRight: grid ? grid.getBoundingClientRect().right : 1e9, \
               gridScrolls: grid ? getComputedStyle(grid).overflowX : '' };",
        );
        assert_eq!(
            pictures["svg"],
            Value::Bool(true),
            "timeline SVG at {width} px: {pictures}"
        );
        assert!(pictures["events"].as_u64() > Some(0), "{pictures}");
        assert_eq!(
            pictures["titled"], pictures["events"],
            "every event has a tooltip"
        );
        assert!(pictures["axis"].as_u64() > Some(0), "{pictures}");
        assert_eq!(
            pictures["clipped"],
            json!(0),
            "no text of the timeline runs past its edges: {pictures}"
        );
        let scale = pictures["scale"].as_f64().unwrap_or(0.0);
        assert!(
            (0.9..=1.6).contains(&scale),
            "the timeline's text stays at a readable size at {width} px: {pictures}"
        );
        assert_eq!(
            pictures["grid"],
            Value::Bool(true),
            "coverage grid at {width} px"
        );
        assert!(
            pictures["rows"].as_u64() > Some(0) && pictures["cells"].as_u64() > Some(0),
            "{pictures}"
        );
        assert_eq!(pictures["gridScrolls"], "auto", "{pictures}");
        for right in ["svgRight", "gridRight"] {
            assert!(
                pictures[right].as_f64().unwrap_or(1e9) <= f64::from(width) + 1.0,
                "{right} inside the viewport at {width} px: {pictures}"
            );
        }
        b.screenshot(&format!("story-{width}.png"));
        let fits =
            b.script("return document.documentElement.scrollWidth <= window.innerWidth + 1;");
        assert_eq!(fits, Value::Bool(true), "the story page fits {width} px");

        // Search for a quote of this story, typed into the search box.
        let quote = b.text(".statement blockquote");
        let words: Vec<&str> = quote.split_whitespace().take(6).collect();
        let phrase = format!("\"{}\"", words.join(" "));
        let input = b.find("header input[name=q]");
        b.call(
            "POST",
            &format!("/element/{input}/value"),
            Some(json!({ "text": phrase })),
        );
        b.click("header button[type=submit]");
        let results = b.text("main");
        assert!(!results.contains(" 0 results"), "{phrase}: {results}");
        let first = b.text("ol.hits li .snippet mark");
        assert!(!first.is_empty(), "search hits are highlighted");
        b.screenshot(&format!("search-{width}.png"));

        // The hostile fixture, as article, story and search result, runs nothing.
        b.go(&url("/articles/hostile-pier-notice"));
        assert!(
            b.text("h1").contains("<script>"),
            "hostile title shown as text"
        );
        b.assert_nothing_ran("article page");
        b.screenshot(&format!("hostile-{width}.png"));
        b.click("main a[href^='/stories/']");
        b.assert_nothing_ran("story page");
        b.go(&url("/search?q=pier+notice+onerror"));
        b.assert_nothing_ran("search page");
    }
    drop(server);
}

#[test]
fn browser_sees_a_followed_story_appear_by_itself() {
    use std::sync::{Arc, Mutex};
    use testkit::web::{Request, Response, Server};

    let Some((chromium, driver)) = browser_programs() else {
        return;
    };
    let page = |title: &str, body: &str| {
        format!(
            "<!doctype html><html><head><title>{title}</title></head><body><article>\
             <h1>{title}</h1>{body}</article></body></html>"
        )
    };
    let strike = page(
        "Ferry crews strike over rosters",
        "<p>Ferry crews in the valley walked out on Tuesday, the union said, after talks \
         over rosters broke down late on Monday night.</p><p>Commuters waited at the \
         northern pier for an hour as managers ran a reduced timetable with two boats.</p>",
    );
    let frost = page(
        "Orchard frost ruins plum harvest",
        "<p>A late frost in the hill orchards destroyed most of the plum blossom this \
         week, growers said on Thursday, and the cooperative expects half a harvest.</p>\
         <p>The regional farm office said insurance claims had doubled since Monday and \
         that growers could apply for relief until the end of the month.</p>",
    );
    let items: Arc<Mutex<Vec<&'static str>>> = Arc::new(Mutex::new(vec!["strike"]));
    let listed = items.clone();
    let site = Server::start(move |r: &Request| {
        let base = format!("http://{}", r.header("host").unwrap_or_default());
        match r.path.as_str() {
            "/robots.txt" => Response::new(404, "text/plain", ""),
            "/feed.xml" => {
                let mut body =
                    String::from("<rss version=\"2.0\"><channel><title>Valley News</title>");
                for i in listed.lock().unwrap().iter() {
                    body.push_str(&format!(
                        "<item><title>{i}</title><link>{base}/news/{i}</link></item>"
                    ));
                }
                body.push_str("</channel></rss>");
                Response::new(200, "application/rss+xml", body)
            }
            "/news/strike" => Response::new(200, "text/html", strike.clone()),
            "/news/frost" => Response::new(200, "text/html", frost.clone()),
            _ => Response::new(404, "text/plain", "no"),
        }
    });
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let out = run(&data, &["feeds", "add", &site.url("/feed.xml")]);
    assert!(out.status.success(), "{}", stderr(&out));
    let mut server = chorus()
        .args([
            "serve",
            "--follow",
            "--refresh",
            "1",
            "--addr",
            "127.0.0.1:0",
            "--min-interval",
            "1",
            "--max-interval",
            "1",
            "--delay-ms",
            "10",
            "--data",
        ])
        .arg(&data)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("chorus serve starts");
    let stdout = server.stdout.take().expect("piped stdout");
    let _server = Guard(server);
    let (base, _) = crate::served_address(stdout);
    wait_for(&base, "/api/health");

    let (_driver, driver_addr) = start_driver(&driver);
    let mut b = Browser::start(&driver_addr, &chromium, 1280);
    let shows = |b: &mut Browser, text: &str| {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(60) {
            let body = b.script("return document.body ? document.body.innerText : '';");
            if body.as_str().is_some_and(|t| t.contains(text)) {
                return;
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        panic!("{text:?} never appeared on the page");
    };
    // The page is opened once; it reloads itself as the follower stores new stories.
    b.go(&format!("http://{base}/"));
    shows(&mut b, "Ferry crews strike");
    assert!(!b
        .script("return document.body.innerText;")
        .to_string()
        .contains("Orchard"));
    items.lock().unwrap().push("frost");
    shows(&mut b, "Orchard frost ruins plum harvest");
    b.screenshot("stories-live.png");
    b.go(&format!("http://{base}/feeds"));
    assert_eq!(b.text("h1"), "Feeds");
    shows(&mut b, "/feed.xml");
    shows(&mut b, "2 in all");
    b.assert_nothing_ran("the feeds page");
    b.screenshot("feeds-1280.png");
}
