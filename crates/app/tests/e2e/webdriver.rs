//! A minimal W3C WebDriver client for the browser tests: it starts `chromedriver` on a free
//! port, opens one headless Chromium session and speaks the protocol's JSON over `reqwest`.
//!
//! Every call returns [`Result`]; an error carries the WebDriver error code and message (or
//! what went wrong on the way), so a failing step says why. Dropping the [`Browser`] ends the
//! session and kills `chromedriver`, also when a test panics.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// The key under which WebDriver carries an element reference.
const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

/// How long [`Browser::find`] and [`Browser::wait_for`] poll before giving up.
pub const WAIT: Duration = Duration::from_secs(10);
const POLL: Duration = Duration::from_millis(100);

/// The Chromium arguments of every session.
const CHROME_ARGS: [&str; 6] = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-dev-shm-usage",
    "--window-size=1280,900",
];

/// A failed WebDriver call: the error code (`no such element`, `timeout`, …) when the driver
/// gave one, and a message saying what was asked and what came back.
#[derive(Clone)]
pub struct Error {
    pub code: String,
    pub message: String,
}

impl Error {
    fn new(code: &str, message: impl Into<String>) -> Self {
        Error {
            code: code.to_owned(),
            message: message.into(),
        }
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

// `expect` prints the Debug form: make it the readable one.
impl std::fmt::Debug for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(self, f)
    }
}

impl std::error::Error for Error {}

pub type Result<T> = std::result::Result<T, Error>;

/// A reference to an element of the current page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Element(pub String);

impl Element {
    /// The element as a script argument.
    pub fn to_arg(&self) -> Value {
        json!({ ELEMENT_KEY: self.0 })
    }
}

/// `chromedriver`'s path: `$PLANTRACK_CHROMEDRIVER` if set, else the first on `PATH`.
pub fn find_chromedriver() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("PLANTRACK_CHROMEDRIVER").filter(|p| !p.is_empty()) {
        let path = PathBuf::from(path);
        return path.is_file().then_some(path);
    }
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|dir| dir.join("chromedriver"))
        .find(|p| p.is_file())
}

/// The Chromium binary: `$PLANTRACK_CHROMIUM` if set, else `/usr/bin/chromium`.
pub fn chromium_binary() -> String {
    std::env::var("PLANTRACK_CHROMIUM")
        .ok()
        .filter(|p| !p.is_empty())
        .unwrap_or_else(|| "/usr/bin/chromium".to_owned())
}

/// One `chromedriver` process and one browser session on it.
pub struct Browser {
    http: reqwest::Client,
    /// `http://127.0.0.1:<port>`.
    driver: String,
    session_id: String,
    child: Child,
}

impl Browser {
    /// Starts `chromedriver` (at `driver_path`) on a free port, waits until it is ready and
    /// opens a headless Chromium session.
    pub async fn start(driver_path: &Path) -> Result<Browser> {
        let port = free_port()?;
        let child = Command::new(driver_path)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| Error::new("spawn", format!("{}: {e}", driver_path.display())))?;
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(90))
            .build()
            .map_err(|e| Error::new("http client", e.to_string()))?;
        let mut browser = Browser {
            http,
            driver: format!("http://127.0.0.1:{port}"),
            session_id: String::new(),
            child,
        };
        browser.wait_until_ready().await?;
        let capabilities = json!({
            "capabilities": {
                "alwaysMatch": {
                    "browserName": "chrome",
                    "goog:chromeOptions": {
                        "binary": chromium_binary(),
                        "args": CHROME_ARGS,
                    },
                    "goog:loggingPrefs": { "browser": "ALL" },
                    "timeouts": { "script": 30_000, "pageLoad": 60_000, "implicit": 0 },
                }
            }
        });
        let url = format!("{}/session", browser.driver);
        let value = browser
            .send(reqwest::Method::POST, &url, Some(capabilities))
            .await?;
        value["sessionId"]
            .as_str()
            .ok_or_else(|| Error::new("new session", format!("no sessionId in {value}")))?
            .clone_into(&mut browser.session_id);
        Ok(browser)
    }

    /// Polls `/status` until the driver says it is ready (20 s at most).
    async fn wait_until_ready(&mut self) -> Result<()> {
        let deadline = Instant::now() + Duration::from_secs(20);
        let url = format!("{}/status", self.driver);
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Err(Error::new(
                    "chromedriver",
                    format!("exited before it was ready ({status})"),
                ));
            }
            if let Ok(resp) = self.http.get(&url).send().await
                && let Ok(body) = resp.json::<Value>().await
                && body["value"]["ready"].as_bool() == Some(true)
            {
                return Ok(());
            }
            if Instant::now() > deadline {
                return Err(Error::new(
                    "chromedriver",
                    format!("{url} not ready after 20 s"),
                ));
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// Sends one command; returns the response's `value`, or the WebDriver error it carries.
    async fn send(&self, method: reqwest::Method, url: &str, body: Option<Value>) -> Result<Value> {
        let what = format!("{method} {}", url.strip_prefix(&self.driver).unwrap_or(url));
        let mut req = self.http.request(method, url);
        if let Some(body) = body {
            req = req.json(&body);
        }
        let resp = req
            .send()
            .await
            .map_err(|e| Error::new("transport", format!("{what}: {e}")))?;
        let status = resp.status();
        let text = resp
            .text()
            .await
            .map_err(|e| Error::new("transport", format!("{what}: {e}")))?;
        let body: Value = serde_json::from_str(&text).map_err(|e| {
            Error::new(
                "bad response",
                format!("{what}: HTTP {status}, not JSON ({e}): {text}"),
            )
        })?;
        let value = body.get("value").cloned().unwrap_or(Value::Null);
        if let Some(code) = value.get("error").and_then(Value::as_str) {
            let message = value["message"].as_str().unwrap_or_default();
            // Chromium splits its message over lines ("session not created\nfrom …: why").
            let message = message.lines().collect::<Vec<_>>().join("; ");
            return Err(Error::new(code, format!("{what}: {message}")));
        }
        if !status.is_success() {
            return Err(Error::new("http", format!("{what}: HTTP {status}: {text}")));
        }
        Ok(value)
    }

    /// `path` under the session, e.g. `/url`.
    fn at(&self, path: &str) -> String {
        format!("{}/session/{}{path}", self.driver, self.session_id)
    }

    async fn get(&self, path: &str) -> Result<Value> {
        self.send(reqwest::Method::GET, &self.at(path), None).await
    }

    async fn post(&self, path: &str, body: Value) -> Result<Value> {
        self.send(reqwest::Method::POST, &self.at(path), Some(body))
            .await
    }

    /// Loads `url` and waits for it (the page load strategy is "normal").
    pub async fn goto(&self, url: &str) -> Result<()> {
        self.post("/url", json!({ "url": url })).await.map(drop)
    }

    pub async fn current_url(&self) -> Result<String> {
        let v = self.get("/url").await?;
        Ok(v.as_str().unwrap_or_default().to_owned())
    }

    /// The current URL's path, query included (`/units/03390`).
    pub async fn current_path(&self) -> Result<String> {
        let v = self
            .execute("return location.pathname + location.search", vec![])
            .await?;
        Ok(v.as_str().unwrap_or_default().to_owned())
    }

    /// The page's HTML as it stands, for failure messages.
    pub async fn source(&self) -> Result<String> {
        let v = self.get("/source").await?;
        Ok(v.as_str().unwrap_or_default().to_owned())
    }

    /// The first element matching `css`, waiting up to [`WAIT`] for one to appear.
    pub async fn find(&self, css: &str) -> Result<Element> {
        let deadline = Instant::now() + WAIT;
        loop {
            match self.find_now(css).await {
                Err(e) if e.code == "no such element" && Instant::now() < deadline => {
                    tokio::time::sleep(POLL).await;
                }
                Err(e) if e.code == "no such element" => {
                    let url = self.current_url().await.unwrap_or_default();
                    return Err(Error::new(
                        "no such element",
                        format!("nothing matches `{css}` after {WAIT:?} on {url}"),
                    ));
                }
                other => return other,
            }
        }
    }

    /// The first element matching `css` now, without waiting.
    pub async fn find_now(&self, css: &str) -> Result<Element> {
        let v = self
            .post("/element", json!({ "using": "css selector", "value": css }))
            .await?;
        element(&v)
    }

    /// Every element matching `css` now (possibly none), without waiting.
    pub async fn find_all(&self, css: &str) -> Result<Vec<Element>> {
        let v = self
            .post(
                "/elements",
                json!({ "using": "css selector", "value": css }),
            )
            .await?;
        v.as_array()
            .ok_or_else(|| Error::new("bad response", format!("elements: {v}")))?
            .iter()
            .map(element)
            .collect()
    }

    pub async fn click(&self, el: &Element) -> Result<()> {
        self.post(&format!("/element/{}/click", el.0), json!({}))
            .await
            .map(drop)
    }

    /// Types `text` into the element (for a file input: the file's absolute path).
    pub async fn send_keys(&self, el: &Element, text: &str) -> Result<()> {
        self.post(&format!("/element/{}/value", el.0), json!({ "text": text }))
            .await
            .map(drop)
    }

    pub async fn clear(&self, el: &Element) -> Result<()> {
        self.post(&format!("/element/{}/clear", el.0), json!({}))
            .await
            .map(drop)
    }

    /// The element's rendered text.
    pub async fn text(&self, el: &Element) -> Result<String> {
        let v = self.get(&format!("/element/{}/text", el.0)).await?;
        Ok(v.as_str().unwrap_or_default().to_owned())
    }

    /// The element's attribute `name` as written in the markup (`None` when absent).
    pub async fn attr(&self, el: &Element, name: &str) -> Result<Option<String>> {
        let v = self
            .get(&format!("/element/{}/attribute/{name}", el.0))
            .await?;
        Ok(v.as_str().map(str::to_owned))
    }

    /// The element's DOM property `name` (e.g. `value`, `checked`).
    pub async fn property(&self, el: &Element, name: &str) -> Result<Value> {
        self.get(&format!("/element/{}/property/{name}", el.0))
            .await
    }

    /// Runs `js` as a function body with `args` (`arguments[0]`…) and returns its value.
    pub async fn execute(&self, js: &str, args: Vec<Value>) -> Result<Value> {
        self.post("/execute/sync", json!({ "script": js, "args": args }))
            .await
    }

    /// Runs `js` with a callback as its last argument and returns what the script passes it.
    pub async fn execute_async(&self, js: &str, args: Vec<Value>) -> Result<Value> {
        self.post("/execute/async", json!({ "script": js, "args": args }))
            .await
    }

    /// Polls the JavaScript expression `condition` until it is truthy, up to [`WAIT`].
    pub async fn wait_for(&self, condition: &str) -> Result<()> {
        self.wait_for_within(condition, WAIT).await
    }

    /// Polls the JavaScript expression `condition` until it is truthy, up to `limit`.
    pub async fn wait_for_within(&self, condition: &str, limit: Duration) -> Result<()> {
        let script = format!("try {{ return !!({condition}); }} catch (e) {{ return false; }}");
        let deadline = Instant::now() + limit;
        loop {
            // A navigation under way can make a script fail; that is "not yet".
            let done = self.execute(&script, vec![]).await;
            if matches!(done, Ok(Value::Bool(true))) {
                return Ok(());
            }
            if Instant::now() > deadline {
                let url = self.current_url().await.unwrap_or_default();
                let last = match done {
                    Ok(v) => format!("it was {v}"),
                    Err(e) => format!("the last try failed: {e}"),
                };
                return Err(Error::new(
                    "timeout",
                    format!("`{condition}` not true after {limit:?} on {url} ({last})"),
                ));
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// Resizes the window to `width` × `height` CSS pixels.
    pub async fn set_window_rect(&self, width: u32, height: u32) -> Result<()> {
        self.post("/window/rect", json!({ "width": width, "height": height }))
            .await
            .map(drop)
    }

    /// Saves a PNG of the viewport to `path`.
    pub async fn screenshot(&self, path: &Path) -> Result<()> {
        let v = self.get("/screenshot").await?;
        let encoded = v
            .as_str()
            .ok_or_else(|| Error::new("bad response", "screenshot: not a string"))?;
        let png = base64_decode(encoded)
            .ok_or_else(|| Error::new("bad response", "screenshot: not base64"))?;
        std::fs::write(path, png)
            .map_err(|e| Error::new("io", format!("write {}: {e}", path.display())))
    }

    /// Prints the current page to PDF (W3C `POST /session/{id}/print`): A4 portrait, with
    /// backgrounds, as a person printing with "background graphics" ticked; saves it to `path`.
    pub async fn print_pdf(&self, path: &Path) -> Result<()> {
        let options = json!({
            "orientation": "portrait",
            "page": { "width": 21.0, "height": 29.7 },
            "background": true,
        });
        let v = self.post("/print", options).await?;
        let encoded = v
            .as_str()
            .ok_or_else(|| Error::new("bad response", "print: not a string"))?;
        let pdf = base64_decode(encoded)
            .ok_or_else(|| Error::new("bad response", "print: not base64"))?;
        if !pdf.starts_with(b"%PDF") {
            return Err(Error::new("bad response", "print: not a PDF"));
        }
        std::fs::write(path, pdf)
            .map_err(|e| Error::new("io", format!("write {}: {e}", path.display())))
    }

    /// The browser's cookies for the current page, as `(name, value)`.
    pub async fn cookies(&self) -> Result<Vec<(String, String)>> {
        let v = self.get("/cookie").await?;
        Ok(v.as_array()
            .map(|all| {
                all.iter()
                    .map(|c| {
                        let s = |k: &str| c[k].as_str().unwrap_or_default().to_owned();
                        (s("name"), s("value"))
                    })
                    .collect()
            })
            .unwrap_or_default())
    }

    /// The cookies for the current page as a `Cookie` request header.
    pub async fn cookie_header(&self) -> Result<String> {
        let all = self.cookies().await?;
        Ok(all
            .iter()
            .map(|(n, v)| format!("{n}={v}"))
            .collect::<Vec<_>>()
            .join("; "))
    }

    /// The browser's console messages since the last call (Chromium's legacy log endpoint),
    /// as `(level, message)`.
    pub async fn browser_log(&self) -> Result<Vec<(String, String)>> {
        let v = self.post("/se/log", json!({ "type": "browser" })).await?;
        Ok(v.as_array()
            .map(|all| {
                all.iter()
                    .map(|e| {
                        let s = |k: &str| e[k].as_str().unwrap_or_default().to_owned();
                        (s("level"), s("message"))
                    })
                    .collect()
            })
            .unwrap_or_default())
    }

    /// Ends the session politely (Drop does the same, blocking).
    pub async fn quit(mut self) -> Result<()> {
        let url = self.at("");
        let id = std::mem::take(&mut self.session_id);
        if id.is_empty() {
            return Ok(());
        }
        self.send(reqwest::Method::DELETE, &url, None)
            .await
            .map(drop)
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // Close the browser first: killing chromedriver alone would leave Chromium running.
        // Drop cannot await, so this is one plain blocking HTTP request.
        if !self.session_id.is_empty() {
            let path = format!("/session/{}", self.session_id);
            let _ = blocking_delete(&self.driver, &path);
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `DELETE path` to `http://127.0.0.1:<port>` with a plain socket, waiting for the answer
/// (at most 15 s).
fn blocking_delete(driver: &str, path: &str) -> std::io::Result<()> {
    let addr = driver.trim_start_matches("http://");
    let mut stream = std::net::TcpStream::connect(addr)?;
    stream.set_read_timeout(Some(Duration::from_secs(15)))?;
    write!(
        stream,
        "DELETE {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"
    )?;
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    Ok(())
}

fn free_port() -> Result<u16> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0")
        .map_err(|e| Error::new("port", format!("bind a free port: {e}")))?;
    listener
        .local_addr()
        .map(|a| a.port())
        .map_err(|e| Error::new("port", e.to_string()))
}

fn element(v: &Value) -> Result<Element> {
    v.get(ELEMENT_KEY)
        .and_then(Value::as_str)
        .map(|id| Element(id.to_owned()))
        .ok_or_else(|| Error::new("bad response", format!("not an element reference: {v}")))
}

/// Standard base64 (with or without padding); `None` on any other character.
pub fn base64_decode(text: &str) -> Option<Vec<u8>> {
    fn sextet(c: u8) -> Option<u32> {
        Some(u32::from(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        }))
    }
    let clean: Vec<u8> = text.bytes().filter(|c| !c.is_ascii_whitespace()).collect();
    let data = clean
        .strip_suffix(b"==")
        .or_else(|| clean.strip_suffix(b"="))
        .unwrap_or(&clean);
    let mut out = Vec::with_capacity(data.len() * 3 / 4);
    for chunk in data.chunks(4) {
        let mut acc = 0u32;
        for (i, &c) in chunk.iter().enumerate() {
            acc |= sextet(c)? << (18 - 6 * i);
        }
        let bytes = acc.to_be_bytes();
        match chunk.len() {
            4 => out.extend_from_slice(&bytes[1..4]),
            3 => out.extend_from_slice(&bytes[1..3]),
            2 => out.push(bytes[1]),
            _ => return None,
        }
    }
    Some(out)
}

#[test]
fn base64_decodes_with_and_without_padding() {
    assert_eq!(base64_decode("aGVsbG8=").as_deref(), Some(&b"hello"[..]));
    assert_eq!(base64_decode("aGVsbG8").as_deref(), Some(&b"hello"[..]));
    assert_eq!(base64_decode("aGk=").as_deref(), Some(&b"hi"[..]));
    assert_eq!(base64_decode("YWJj").as_deref(), Some(&b"abc"[..]));
    assert_eq!(base64_decode("a"), None);
    assert_eq!(base64_decode("a$==").as_deref(), None);
}
