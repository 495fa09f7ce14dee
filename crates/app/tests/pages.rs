//! The pages over HTTP, without a browser: what they reference, who may see them, the forms'
//! CSRF token, the document upload and download, the language choice, the dashboard's counts
//! and the escaping of what users typed. Each test loads the Lai Châu demo and its accounts,
//! as `plantrack serve --demo` does, and signs in through the sign-in form. On both backends.

// A test's helpers fail the test where they fail: unwrapping says where.
#![allow(clippy::unwrap_used, clippy::print_stderr)]

mod common;

use common::{TestApp, spawn_app};
use plantrack_domain::access::Caller;
use plantrack_domain::plan::PlanType;
use plantrack_domain::workflow::{Actor, Command, CommandKind, DossierStatus};
use plantrack_store::planning::DossierQuery;
use plantrack_store::planning::ProgressQuery;
use reqwest::StatusCode;
use reqwest::header::{
    ACCEPT_LANGUAGE, CONTENT_DISPOSITION, CONTENT_TYPE, COOKIE, HeaderMap, LOCATION, SET_COOKIE,
};
use reqwest::redirect::Policy;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

// ---------------------------------------------------------------------------------------------
// The demo, signing in, and a cookie-carrying client

/// A fresh app with the demo loaded and its accounts made; returns the shared password.
async fn demo_app() -> (TestApp, String) {
    let app = spawn_app().await;
    plantrack::demo::load(&app.planning, &mut |_| {})
        .await
        .expect("load the demo");
    let accounts = plantrack::demo::create_demo_accounts(&app.planning)
        .await
        .expect("create the demo accounts");
    (app, accounts.password)
}

/// A client that does not follow redirects, so that each 303 can be looked at.
fn no_redirects() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(Policy::none())
        .build()
        .expect("a reqwest client")
}

/// A response, read whole.
struct Page {
    /// What was asked: `GET /dossiers`, `POST /login`.
    asked: String,
    status: StatusCode,
    headers: HeaderMap,
    body: String,
}

impl Page {
    async fn read(asked: String, resp: reqwest::Response) -> Page {
        let status = resp.status();
        let headers = resp.headers().clone();
        let body = resp.text().await.expect("a response body");
        Page {
            asked,
            status,
            headers,
            body,
        }
    }

    fn header(&self, name: impl reqwest::header::AsHeaderName) -> String {
        self.headers
            .get(name)
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
            .unwrap_or_default()
    }

    fn location(&self) -> String {
        self.header(LOCATION)
    }

    fn is_html(&self) -> bool {
        self.header(CONTENT_TYPE).starts_with("text/html")
    }

    /// What the page says, shortened, for assertion messages.
    fn said(&self) -> String {
        let from = self.body.find("<main").unwrap_or(0);
        let text: String = self.body[from..].chars().take(700).collect();
        format!(
            "{} → {} (content-type {:?}, location {:?}): {text}",
            self.asked,
            self.status,
            self.header(CONTENT_TYPE),
            self.location()
        )
    }

    fn expect_status(&self, status: StatusCode) -> &Page {
        assert_eq!(
            self.status,
            status,
            "expected {status}, found {}: {}",
            self.status,
            self.said()
        );
        self
    }

    /// A 303 to `to` (exactly).
    fn expect_see_other(&self, to: &str) -> &Page {
        self.expect_status(StatusCode::SEE_OTHER);
        assert_eq!(
            self.location(),
            to,
            "expected a redirect to {to}: {}",
            self.said()
        );
        self
    }

    /// An HTML page showing an error alert (`.alert.error`).
    fn expect_error_alert(&self) -> &Page {
        assert!(
            self.is_html() && has_classes(&self.body, &["alert", "error"]),
            "expected an HTML page with an .alert.error: {}",
            self.said()
        );
        self
    }

    /// The `lang` of the `<html>` element.
    fn html_lang(&self) -> String {
        let Some(at) = self.body.find("<html") else {
            return String::new();
        };
        let tag = &self.body[at..at + self.body[at..].find('>').unwrap_or(0)];
        attr_values(tag, "lang").pop().unwrap_or_default()
    }
}

/// Someone using the site: their session cookie, if signed in.
struct Browser {
    base: String,
    client: reqwest::Client,
    cookie: Option<String>,
    who: String,
}

impl Browser {
    fn signed_out(app: &TestApp) -> Browser {
        Browser {
            base: app.base.clone(),
            client: no_redirects(),
            cookie: None,
            who: "signed out".into(),
        }
    }

    /// Signs in through the sign-in form and keeps the session cookie it sets.
    async fn sign_in(app: &TestApp, username: &str, password: &str) -> Browser {
        let client = no_redirects();
        let resp = client
            .post(app.url("/login"))
            .form(&[("username", username), ("password", password)])
            .send()
            .await
            .expect("POST /login reaches the server");
        let cookie = resp
            .headers()
            .get_all(SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .filter_map(|v| v.split(';').next())
            .find(|pair| pair.starts_with("plantrack_session="))
            .map(str::to_owned);
        let page = Page::read(format!("POST /login as {username}"), resp).await;
        page.expect_status(StatusCode::SEE_OTHER);
        let cookie = cookie.unwrap_or_else(|| {
            panic!(
                "expected a plantrack_session cookie from signing in as {username}: {}",
                page.said()
            )
        });
        Browser {
            base: app.base.clone(),
            client,
            cookie: Some(cookie),
            who: username.to_owned(),
        }
    }

    fn request(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        let req = self.client.request(method, format!("{}{path}", self.base));
        match &self.cookie {
            Some(c) => req.header(COOKIE, c),
            None => req,
        }
    }

    async fn send(&self, asked: String, req: reqwest::RequestBuilder) -> Page {
        let resp = req
            .send()
            .await
            .unwrap_or_else(|e| panic!("{asked}: the request failed: {e}"));
        Page::read(format!("{asked} ({})", self.who), resp).await
    }

    async fn get(&self, path: &str) -> Page {
        self.send(
            format!("GET {path}"),
            self.request(reqwest::Method::GET, path),
        )
        .await
    }

    async fn post_form(&self, path: &str, fields: &[(&str, &str)]) -> Page {
        self.send(
            format!("POST {path}"),
            self.request(reqwest::Method::POST, path).form(fields),
        )
        .await
    }

    async fn post_multipart(&self, path: &str, form: &Multipart, csrf: Option<&str>) -> Page {
        let mut req = self
            .request(reqwest::Method::POST, path)
            .header(CONTENT_TYPE, form.content_type())
            .body(form.body.clone());
        if let Some(token) = csrf {
            req = req.header("x-csrf-token", token);
        }
        self.send(format!("POST {path} (multipart)"), req).await
    }

    /// GET, keeping the body as bytes.
    async fn get_bytes(&self, path: &str) -> (StatusCode, HeaderMap, Vec<u8>) {
        let resp = self
            .request(reqwest::Method::GET, path)
            .send()
            .await
            .unwrap_or_else(|e| panic!("GET {path}: the request failed: {e}"));
        let status = resp.status();
        let headers = resp.headers().clone();
        let bytes = resp.bytes().await.expect("a response body").to_vec();
        (status, headers, bytes)
    }

    /// The CSRF token the page at `path` gives its forms.
    async fn csrf(&self, path: &str) -> String {
        let page = self.get(path).await;
        page.expect_status(StatusCode::OK);
        csrf_field(&page.body)
            .unwrap_or_else(|| panic!("expected a csrf hidden field: {}", page.said()))
    }
}

/// A multipart/form-data body, built by hand (the test needs no multipart client).
struct Multipart {
    boundary: String,
    body: Vec<u8>,
}

impl Multipart {
    fn new() -> Multipart {
        Multipart {
            boundary: format!("plantrack-test-{}", uuid::Uuid::new_v4().simple()),
            body: Vec::new(),
        }
    }

    fn text(mut self, name: &str, value: &str) -> Multipart {
        self.body.extend_from_slice(
            format!(
                "--{}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n",
                self.boundary
            )
            .as_bytes(),
        );
        self
    }

    fn file(mut self, name: &str, filename: &str, bytes: &[u8]) -> Multipart {
        self.body.extend_from_slice(
            format!(
                "--{}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{filename}\"\r\n\
                 Content-Type: application/octet-stream\r\n\r\n",
                self.boundary
            )
            .as_bytes(),
        );
        self.body.extend_from_slice(bytes);
        self.body.extend_from_slice(b"\r\n");
        self
    }

    fn finish(mut self) -> Multipart {
        self.body
            .extend_from_slice(format!("--{}--\r\n", self.boundary).as_bytes());
        self
    }

    fn content_type(&self) -> String {
        format!("multipart/form-data; boundary={}", self.boundary)
    }
}

/// The upload form as the dossier page sends it.
fn upload(version: u64, kind: &str, title: &str, filename: &str, bytes: &[u8]) -> Multipart {
    Multipart::new()
        .text("version", &version.to_string())
        .text("kind", kind)
        .text("title", title)
        .text("reason", "Cập nhật hồ sơ (thử nghiệm)")
        .file("file", filename, bytes)
        .finish()
}

fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

// ---------------------------------------------------------------------------------------------
// The store

/// The commune general plan's dossier of `unit`.
async fn commune_dossier(app: &TestApp, unit: &str) -> i64 {
    let filter = DossierQuery {
        unit: Some(unit.into()),
        plan_type: Some(PlanType::CommuneGeneral),
        limit: 10,
        ..Default::default()
    };
    let (items, _) = app
        .planning
        .dossiers(Caller::Operator, filter)
        .await
        .expect("dossiers");
    assert_eq!(
        items.len(),
        1,
        "expected one commune general plan in {unit}, found {items:?}"
    );
    items[0].dossier_id
}

async fn version(app: &TestApp, id: i64) -> u64 {
    app.planning
        .dossier(Caller::Operator, id)
        .await
        .expect("the dossier")
        .state
        .version
}

/// Runs one command on dossier `id` straight through the service, as `role`.
async fn execute(app: &TestApp, id: i64, role: &str, kind: CommandKind) {
    let state = app
        .planning
        .dossier(Caller::Operator, id)
        .await
        .expect("the dossier")
        .state;
    let command = Command {
        expected_version: Some(state.version),
        actor: Actor {
            name: format!("{role} (test)"),
            role: role.to_owned(),
        },
        reason: "Thử nghiệm".into(),
        effective_on: app.planning.today(),
        kind,
    };
    app.planning
        .execute(Caller::Operator, id, command.into())
        .await
        .unwrap_or_else(|e| panic!("command on dossier {id} as {role}: {e}"));
}

fn attach_kind(kind: &str, title: &str) -> CommandKind {
    CommandKind::AttachDocument {
        kind: kind.into(),
        title: title.into(),
        reference: String::new(),
        file: None,
    }
}

/// Attaches the current stage's missing documents, as `role`.
async fn attach_required(app: &TestApp, id: i64, role: &str) {
    let state = app
        .planning
        .dossier(Caller::Operator, id)
        .await
        .expect("the dossier")
        .state;
    let template = app
        .planning
        .template(&state.template, Some(state.template_version))
        .expect("the dossier's template");
    let stage = template.stage(&state.stage).expect("the current stage");
    for kind in &stage.required_documents {
        let present = state
            .documents
            .iter()
            .any(|d| d.kind == *kind && d.stage == state.stage);
        if !present {
            execute(app, id, role, attach_kind(kind, &format!("{kind} (test)"))).await;
        }
    }
}

/// Moves dossier `id` forward, stage by stage, until its plan is completed (published).
async fn complete(app: &TestApp, id: i64) {
    for _ in 0..40 {
        let state = app
            .planning
            .dossier(Caller::Operator, id)
            .await
            .expect("the dossier")
            .state;
        if state.status == DossierStatus::Completed {
            return;
        }
        let template = app
            .planning
            .template(&state.template, Some(state.template_version))
            .expect("the dossier's template");
        let here = template.stage_index(&state.stage);
        let forward = template
            .transitions_from(&state.stage)
            .find(|t| template.stage_index(&t.to) > here)
            .unwrap_or_else(|| panic!("no move forward from {}", state.stage))
            .clone();
        let role = forward.roles[0].clone();
        attach_required(app, id, &role).await;
        // An appraisal passes only when no item needs revision: the appraiser finds each
        // one met now.
        if let Some(facts) = &state.appraisal {
            for item in state.appraisal_needing_revision() {
                execute(
                    app,
                    id,
                    &role,
                    CommandKind::RecordFinding {
                        checklist: facts.checklist.clone(),
                        item,
                        verdict: plantrack_domain::appraisal::FindingVerdict::Meets,
                        comment: "Đã chỉnh sửa (thử)".into(),
                    },
                )
                .await;
            }
        }
        execute(
            app,
            id,
            &role,
            CommandKind::Transition {
                action: forward.action,
            },
        )
        .await;
    }
    panic!("dossier {id} did not reach its end");
}

// ---------------------------------------------------------------------------------------------
// A small HTML reader: attribute values, a table, classes

/// Decodes the character references askama and hand-written HTML use.
fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let decoded = rest.find(';').and_then(|end| {
            let name = &rest[1..end];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "colon" => Some(':'),
                "sol" => Some('/'),
                _ => {
                    let code = if let Some(hex) =
                        name.strip_prefix("#x").or_else(|| name.strip_prefix("#X"))
                    {
                        u32::from_str_radix(hex, 16).ok()
                    } else {
                        name.strip_prefix('#').and_then(|d| d.parse().ok())
                    };
                    code.and_then(char::from_u32)
                }
            };
            c.map(|c| (c, end))
        });
        if let Some((c, end)) = decoded {
            out.push(c);
            rest = &rest[end + 1..];
        } else {
            out.push('&');
            rest = &rest[1..];
        }
    }
    out.push_str(rest);
    out
}

/// Every value of attribute `name` in `html` (quoted either way or unquoted), decoded. An
/// attribute starts after white space, so `src` does not match `data-src`.
fn attr_values(html: &str, name: &str) -> Vec<String> {
    // ASCII lowercasing keeps every byte where it was.
    let lower = html.to_ascii_lowercase();
    let needle = format!("{}=", name.to_ascii_lowercase());
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = lower[from..].find(&needle) {
        let at = from + i;
        from = at + needle.len();
        if !lower[..at]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_ascii_whitespace())
        {
            continue;
        }
        let rest = &html[from..];
        let value = match rest.chars().next() {
            Some(q @ ('"' | '\'')) => rest[1..].split(q).next().unwrap_or_default(),
            _ => rest
                .split(|c: char| c.is_ascii_whitespace() || c == '>')
                .next()
                .unwrap_or_default(),
        };
        out.push(decode_entities(value));
    }
    out
}

/// Whether some element's `class` holds all of `classes`.
fn has_classes(html: &str, classes: &[&str]) -> bool {
    attr_values(html, "class").iter().any(|value| {
        let mine: Vec<&str> = value.split_ascii_whitespace().collect();
        classes.iter().all(|c| mine.contains(c))
    })
}

/// The value of the first `<input … name="csrf" value="…">`.
fn csrf_field(html: &str) -> Option<String> {
    let at = html.find("name=\"csrf\"")?;
    let start = html[..at].rfind('<')?;
    let end = at + html[at..].find('>')?;
    attr_values(&html[start..=end], "value").pop()
}

/// The element that opens with a tag holding `marker` (`id="documents"`), up to its first
/// closing `</tag>`: enough for tables and lists, which the templates do not nest.
fn element<'a>(html: &'a str, tag: &str, marker: &str) -> Option<&'a str> {
    let mut from = 0;
    while let Some(i) = html[from..].find(&format!("<{tag}")) {
        let start = from + i;
        let open_end = start + html[start..].find('>')?;
        if html[start..open_end].contains(marker) {
            let close = format!("</{tag}>");
            let end = open_end + html[open_end..].find(&close)? + close.len();
            return Some(&html[start..end]);
        }
        from = open_end;
    }
    None
}

/// The table rows (`<tr …>…</tr>`) of `table`.
fn rows(table: &str) -> Vec<&str> {
    table
        .split("<tr")
        .skip(1)
        .map(|r| r.split("</tr>").next().unwrap_or(r))
        .collect()
}

/// The text of an HTML fragment: tags removed, references decoded.
fn text_of(html: &str) -> String {
    let mut text = String::new();
    let mut in_tag = false;
    for ch in html.chars() {
        match ch {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    decode_entities(text.trim())
}

/// The text of each `<td>` of a row.
fn cells(row: &str) -> Vec<String> {
    row.split("<td")
        .skip(1)
        .map(|cell| {
            let inner = cell.split_once('>').map_or("", |(_, rest)| rest);
            text_of(inner.split("</td>").next().unwrap_or(inner))
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// 1. Nothing from another host

/// Attributes that make a browser fetch or go somewhere.
const URL_ATTRIBUTES: [&str; 13] = [
    "src",
    "href",
    "action",
    "data-src",
    "data-tiles",
    "poster",
    "formaction",
    "background",
    "hx-get",
    "hx-post",
    "hx-put",
    "hx-patch",
    "hx-delete",
];

/// Why `url` points off this server, if it does: a scheme (other than `data:` and
/// `mailto:`), or a scheme-relative `//host`.
fn off_site(url: &str) -> Option<String> {
    // Browsers drop tabs and newlines inside URLs, and leading white space.
    let u: String = url
        .trim()
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    if u.starts_with("//") || u.starts_with("\\\\") || u.starts_with("/\\") || u.starts_with("\\/")
    {
        return Some("scheme-relative URL (another host)".into());
    }
    let end = u.find([':', '/', '?', '#'])?;
    let scheme = &u[..end];
    let is_scheme = u[end..].starts_with(':')
        && scheme
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
    let scheme = scheme.to_ascii_lowercase();
    (is_scheme && scheme != "data" && scheme != "mailto").then(|| format!("scheme {scheme}:"))
}

/// Every URL in a page that the browser would fetch or follow, with where it was found.
fn page_urls(html: &str) -> Vec<(String, String)> {
    let mut urls = Vec::new();
    for name in URL_ATTRIBUTES {
        for v in attr_values(html, name) {
            urls.push((name.to_owned(), v));
        }
    }
    for v in attr_values(html, "srcset") {
        for candidate in v.split(',') {
            let url = candidate.split_whitespace().next().unwrap_or_default();
            urls.push(("srcset".into(), url.to_owned()));
        }
    }
    for style in attr_values(html, "style") {
        let lower = style.to_ascii_lowercase();
        let mut from = 0;
        while let Some(i) = lower[from..].find("url(") {
            let start = from + i + 4;
            let end = start + style[start..].find(')').unwrap_or(style.len() - start);
            let url = style[start..end]
                .trim()
                .trim_matches(['"', '\''])
                .to_owned();
            urls.push(("style url()".into(), url));
            from = end;
        }
    }
    urls
}

/// The scanner itself: it must see what it is there to catch.
#[test]
fn the_scanner_sees_references_to_other_hosts() {
    let html = r#"<img data-src="/x" src="https://evil.example/a.png"><a href='//cdn.example/x'>x</a>
        <div style="background: url('http://e.example/b.png')"></div><link href=JAVASCRIPT:alert(1)>
        <img srcset="/a.png 1x, https://e.example/b.png 2x"><a href="mailto:a@b.example">m</a>
        <a href="&#104;ttps://e.example">e</a><form action="/login"><a href="/dossiers?q=a:b">"#;
    let off: Vec<String> = page_urls(html)
        .into_iter()
        .filter(|(_, u)| off_site(u).is_some())
        .map(|(attr, u)| format!("{attr}={u}"))
        .collect();
    assert_eq!(
        off,
        [
            "src=https://evil.example/a.png",
            "href=//cdn.example/x",
            "href=JAVASCRIPT:alert(1)",
            "href=https://e.example",
            "srcset=https://e.example/b.png",
            "style url()=http://e.example/b.png",
        ]
    );
}

#[tokio::test]
async fn no_page_references_another_host() {
    let (app, password) = demo_app().await;
    let id = commune_dossier(&app, "03390").await;
    let dossier = format!("/dossiers/{id}");
    let pages = [
        "/",
        "/login",
        "/provinces/12",
        "/provinces/12?as_of=2025-11-25&compare=2025-10-01",
        "/units/03390",
        "/dossiers",
        "/dossiers?overdue=1&q=bình",
        &dossier,
        "/templates",
        "/templates/vn.commune_general",
        "/account",
        "/admin",
    ];
    let ok = StatusCode::OK;
    let see_other = StatusCode::SEE_OTHER;
    let forbidden = StatusCode::FORBIDDEN;
    // What each reader gets, page by page (in the order above).
    let readers: [(Option<&str>, [StatusCode; 12]); 4] = [
        (
            Some("admin"),
            [see_other, ok, ok, ok, ok, ok, ok, ok, ok, ok, ok, ok],
        ),
        (
            Some("lanhdao"),
            [see_other, ok, ok, ok, ok, ok, ok, ok, ok, ok, ok, forbidden],
        ),
        (
            Some("xa-03390"),
            [
                see_other, ok, forbidden, forbidden, ok, ok, ok, ok, ok, ok, ok, forbidden,
            ],
        ),
        (
            None,
            [
                see_other, ok, see_other, see_other, see_other, ok, ok, see_other, see_other,
                see_other, see_other, see_other,
            ],
        ),
    ];
    let mut problems = Vec::new();
    let mut checked_urls = 0;
    let mut assets = Vec::new();
    for (user, statuses) in readers {
        let browser = match user {
            Some(u) => Browser::sign_in(&app, u, &password).await,
            None => Browser::signed_out(&app),
        };
        for (path, expected) in pages.iter().zip(statuses) {
            let page = browser.get(path).await;
            page.expect_status(expected);
            let csp = page.header("content-security-policy");
            if !csp.contains("default-src 'self'") {
                problems.push(format!(
                    "{}: content-security-policy {csp:?}, expected one with default-src 'self'",
                    page.asked
                ));
            }
            if page.status.is_redirection() {
                let to = page.location();
                if !to.starts_with('/') || off_site(&to).is_some() {
                    problems.push(format!("{}: redirects off the site to {to:?}", page.asked));
                }
            }
            if expected != see_other {
                assert!(page.is_html(), "expected an HTML page: {}", page.said());
            }
            if !page.is_html() {
                continue;
            }
            for (attr, url) in page_urls(&page.body) {
                checked_urls += 1;
                if let Some(why) = off_site(&url) {
                    problems.push(format!("{}: {attr}={url:?} ({why})", page.asked));
                }
                if url.starts_with("/assets/") && !assets.contains(&url) {
                    assets.push(url);
                }
            }
        }
    }
    assert!(
        checked_urls > 100,
        "expected the pages to hold many links and sources, found {checked_urls}: the scanner is broken"
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));

    // The site's own stylesheet and script, and every stylesheet a page links, fetch nothing
    // from elsewhere either.
    for must in ["/assets/app.css", "/assets/map.js"] {
        assert!(
            assets.iter().any(|a| a == must),
            "expected the pages to use {must}; they use {assets:?}"
        );
    }
    let anyone = Browser::signed_out(&app);
    for asset in &assets {
        let page = anyone.get(asset).await;
        page.expect_status(StatusCode::OK);
        assert!(
            page.header("content-security-policy")
                .contains("default-src 'self'"),
            "{asset}: expected a content-security-policy with default-src 'self', found {:?}",
            page.header("content-security-policy")
        );
        let text = page
            .body
            .to_ascii_lowercase()
            .replace(char::is_whitespace, "");
        let own = asset == "/assets/app.css" || asset == "/assets/map.js";
        let mut bad = Vec::new();
        let css = std::path::Path::new(asset)
            .extension()
            .is_some_and(|ext| ext.eq_ignore_ascii_case("css"));
        if own || css {
            bad.extend(["url(http", "url(\"http", "url('http", "url(//", "@import"]);
        }
        if own {
            bad.extend(["fetch('http", "fetch(\"http", "fetch(`http", "fetch('//"]);
        }
        for bad in bad {
            assert!(
                !text.contains(bad),
                "{asset}: expected no {bad:?}, found one"
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// 2. Documents

/// The document store folder of this app: the one under the temporary directory that holds
/// the file with this (unique) hash.
fn documents_folder(sha256: &str) -> std::path::PathBuf {
    let found: Vec<_> = std::fs::read_dir(std::env::temp_dir())
        .expect("the temporary directory")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("plantrack-docs-"))
                && p.join(&sha256[..2]).join(&sha256[2..]).is_file()
        })
        .collect();
    assert_eq!(
        found.len(),
        1,
        "expected exactly one document folder holding {sha256}, found {found:?}"
    );
    found[0].clone()
}

/// Every file under `dir`, temporary uploads included.
fn files_under(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("a readable folder").flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(files_under(&path));
        } else {
            out.push(path);
        }
    }
    out.sort();
    out
}

/// The rows of table#documents: kind, version column, link.
fn document_rows(html: &str) -> Vec<(String, String, String, String)> {
    let Some(table) = element(html, "table", "id=\"documents\"") else {
        return Vec::new();
    };
    rows(table)
        .into_iter()
        .filter(|r| r.contains("data-kind="))
        .map(|r| {
            let kind = attr_values(&format!(" {r}"), "data-kind")
                .pop()
                .unwrap_or_default();
            let cells = cells(r);
            let link = attr_values(r, "href").pop().unwrap_or_default();
            (
                kind,
                cells.first().cloned().unwrap_or_default(),
                cells.get(2).cloned().unwrap_or_default(),
                link,
            )
        })
        .collect()
}

#[tokio::test]
async fn documents_upload_download_and_refusals() {
    // What the answer shows besides its status.
    #[derive(PartialEq)]
    enum Shows {
        /// The dossier page (or the error page) with an `.alert.error`.
        Alert,
        /// A 303 to the sign-in page.
        SignIn,
        /// The CSRF guard's refusal, which comes before any page is made.
        GuardRefusal,
    }

    let (app, password) = demo_app().await;
    let id = commune_dossier(&app, "03390").await;
    let path = format!("/dossiers/{id}");
    let upload_path = format!("{path}/documents");
    let commune = Browser::sign_in(&app, "xa-03390", &password).await;
    let csrf = commune.csrf(&path).await;
    let first = commune.get(&path).await;
    assert!(
        first.body.contains("id=\"upload-form\""),
        "expected the commune's dossier page to offer the upload form: {}",
        first.said()
    );
    let kind = "opinion_synthesis_report";
    let state = app
        .planning
        .dossier(Caller::Operator, id)
        .await
        .expect("the dossier")
        .state;
    let earlier_of_kind = state
        .documents
        .iter()
        .filter(|d| d.kind == kind && d.stage == state.stage)
        .count();

    // An upload: a 303 back to the dossier, one more version.
    let v0 = state.version;
    let pdf = common::minimal_pdf(&format!("plantrack test {}", uuid::Uuid::new_v4()));
    let sha = sha256_hex(&pdf);
    let title = "Báo cáo tổng hợp ý kiến về đồ án (thử nghiệm)";
    commune
        .post_multipart(
            &upload_path,
            &upload(v0, kind, title, "bao-cao.pdf", &pdf),
            Some(&csrf),
        )
        .await
        .expect_see_other(&path);
    assert_eq!(
        version(&app, id).await,
        v0 + 1,
        "the upload added one event"
    );

    let page = commune.get(&path).await;
    page.expect_status(StatusCode::OK);
    let link = format!("/dossiers/{id}/documents/{sha}");
    let docs = document_rows(&page.body);
    let ours: Vec<_> = docs.iter().filter(|d| d.1.contains(title)).collect();
    assert_eq!(
        ours.len(),
        1,
        "expected table#documents to list {title:?} once, found rows {docs:?}"
    );
    assert_eq!(
        ours[0].3, link,
        "expected the row of {title:?} to link to the file by its SHA-256"
    );
    assert_eq!(ours[0].0, kind);

    let (status, headers, bytes) = commune.get_bytes(&link).await;
    assert_eq!(status, StatusCode::OK, "GET {link}");
    assert!(bytes == pdf, "expected the same bytes back from {link}");
    let content_type = headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    assert_eq!(content_type, "application/pdf", "content-type of {link}");
    let disposition = headers
        .get(CONTENT_DISPOSITION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    assert!(
        disposition.starts_with("attachment") && disposition.contains("bao-cao.pdf"),
        "expected an attachment named bao-cao.pdf, found content-disposition {disposition:?}"
    );

    let folder = documents_folder(&sha);
    let kept = files_under(&folder);

    // Refusals: each leaves the dossier and the document folder as they were.
    let v1 = v0 + 1;
    let stranger = Browser::sign_in(&app, "xa-03388", &password).await;
    let stranger_csrf = stranger.csrf("/dossiers").await;
    let signed_out = Browser::signed_out(&app);
    let fresh_pdf = || common::minimal_pdf(&format!("refused {}", uuid::Uuid::new_v4()));
    let mut exe = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff".to_vec();
    exe.extend_from_slice(uuid::Uuid::new_v4().as_bytes());
    let cases = vec![
        (
            "an .exe renamed to .pdf",
            &commune,
            upload(v1, kind, title, "bao-cao.pdf", &exe),
            Some(csrf.as_str()),
            StatusCode::BAD_REQUEST,
            Shows::Alert,
        ),
        (
            "a stale version",
            &commune,
            upload(v1 - 1, kind, title, "bao-cao.pdf", &fresh_pdf()),
            Some(csrf.as_str()),
            StatusCode::PRECONDITION_FAILED,
            Shows::Alert,
        ),
        (
            "an unknown document kind",
            &commune,
            upload(v1, "no_such_kind", title, "bao-cao.pdf", &fresh_pdf()),
            Some(csrf.as_str()),
            StatusCode::UNPROCESSABLE_ENTITY,
            Shows::Alert,
        ),
        (
            "no CSRF token",
            &commune,
            upload(v1, kind, title, "bao-cao.pdf", &fresh_pdf()),
            None,
            StatusCode::FORBIDDEN,
            Shows::GuardRefusal,
        ),
        (
            "another session's CSRF token",
            &commune,
            upload(v1, kind, title, "bao-cao.pdf", &fresh_pdf()),
            Some(stranger_csrf.as_str()),
            StatusCode::FORBIDDEN,
            Shows::GuardRefusal,
        ),
        (
            "signed out",
            &signed_out,
            upload(v1, kind, title, "bao-cao.pdf", &fresh_pdf()),
            None,
            StatusCode::SEE_OTHER,
            Shows::SignIn,
        ),
        (
            "another commune",
            &stranger,
            upload(v1, kind, title, "bao-cao.pdf", &fresh_pdf()),
            Some(stranger_csrf.as_str()),
            StatusCode::FORBIDDEN,
            Shows::Alert,
        ),
    ];
    for (what, browser, form, token, status, shows) in cases {
        let page = browser.post_multipart(&upload_path, &form, token).await;
        assert_eq!(
            page.status,
            status,
            "{what}: expected {status}, found {}: {}",
            page.status,
            page.said()
        );
        match shows {
            Shows::SignIn => assert!(
                page.location().starts_with("/login"),
                "{what}: expected a redirect to /login: {}",
                page.said()
            ),
            Shows::Alert => {
                page.expect_error_alert();
            }
            Shows::GuardRefusal => {}
        }
        assert_eq!(
            version(&app, id).await,
            v1,
            "{what}: expected the dossier version to stay {v1}"
        );
        assert_eq!(
            files_under(&folder),
            kept,
            "{what}: expected no file added to or left in the document folder"
        );
    }

    // The same file again: a second document (version 2 of its kind in this stage) citing
    // the same stored file.
    commune
        .post_multipart(
            &upload_path,
            &upload(v1, kind, title, "bao-cao.pdf", &pdf),
            Some(&csrf),
        )
        .await
        .expect_see_other(&path);
    assert_eq!(version(&app, id).await, v1 + 1);
    assert_eq!(
        files_under(&folder),
        kept,
        "expected the same content to be kept once"
    );
    let page = commune.get(&path).await;
    let docs = document_rows(&page.body);
    let mut versions: Vec<String> = docs
        .iter()
        .filter(|d| d.1.contains(title))
        .map(|d| {
            assert_eq!(
                d.3, link,
                "expected both documents to cite {link}: {docs:?}"
            );
            d.2.clone()
        })
        .collect();
    versions.sort();
    let expected: Vec<String> = [earlier_of_kind + 1, earlier_of_kind + 2]
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        versions, expected,
        "expected the two uploads to be versions {expected:?} of {kind}: {docs:?}"
    );

    // A hash the dossier does not cite opens nothing; a reader outside the scope gets nothing.
    let zeros = format!("/dossiers/{id}/documents/{}", "0".repeat(64));
    let (status, _, _) = commune.get_bytes(&zeros).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "GET {zeros}");
    let (status, _, body) = stranger.get_bytes(&link).await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "expected xa-03388 to be refused {link}"
    );
    assert!(body != pdf, "the refusal must not carry the file");
}

// ---------------------------------------------------------------------------------------------
// 3. CSRF

#[tokio::test]
async fn forms_need_the_csrf_token() {
    let (app, password) = demo_app().await;
    let id = commune_dossier(&app, "03390").await;
    let path = format!("/dossiers/{id}");
    // The consultation's synthesis is what the move to appraisal needs.
    attach_required(&app, id, "commune_pc").await;
    let before = app
        .planning
        .dossier(Caller::Operator, id)
        .await
        .expect("the dossier")
        .state;
    assert_eq!(before.stage, "plan_consultation", "the demo's 03390");

    let commune = Browser::sign_in(&app, "xa-03390", &password).await;
    let page = commune.get(&path).await;
    page.expect_status(StatusCode::OK);
    let csrf = csrf_field(&page.body).expect("a csrf field on the dossier page");
    let hx: Value = serde_json::from_str(
        &attr_values(&page.body, "hx-headers")
            .pop()
            .expect("hx-headers on <body>"),
    )
    .expect("hx-headers is JSON");
    assert_eq!(
        hx["x-csrf-token"].as_str(),
        Some(csrf.as_str()),
        "expected hx-headers and the csrf field to carry the same token"
    );
    let action = "submit_plan_for_appraisal";
    assert!(
        page.body.contains(&format!("data-action=\"{action}\"")),
        "expected the page to offer {action}: {}",
        page.said()
    );
    let version = before.version.to_string();
    let form = |token: Option<&str>| {
        let mut f = vec![
            ("version", version.clone()),
            ("action", action.to_owned()),
            ("reason", "Trình thẩm định (thử nghiệm)".to_owned()),
        ];
        if let Some(t) = token {
            f.push(("csrf", t.to_owned()));
        }
        f
    };
    let post = |fields: Vec<(&'static str, String)>| {
        let commune = &commune;
        let path = format!("{path}/transition");
        async move {
            let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            commune.post_form(&path, &fields).await
        }
    };

    let lanhdao = Browser::sign_in(&app, "lanhdao", &password).await;
    let other_session = lanhdao.csrf("/dossiers").await;
    for (what, token) in [
        ("no csrf field", None),
        ("a wrong csrf field", Some("0".repeat(64))),
        ("another session's token", Some(other_session)),
    ] {
        let refused = post(form(token.as_deref())).await;
        refused.expect_status(StatusCode::FORBIDDEN);
        assert_eq!(
            self::version(&app, id).await,
            before.version,
            "{what}: expected the version to stay {}",
            before.version
        );
    }

    post(form(Some(&csrf))).await.expect_see_other(&path);
    let after = app
        .planning
        .dossier(Caller::Operator, id)
        .await
        .expect("the dossier")
        .state;
    assert_eq!(
        after.version,
        before.version + 1,
        "expected the move to add one event"
    );
    assert_eq!(after.stage, "plan_appraisal");
}

// ---------------------------------------------------------------------------------------------
// 4. Language

#[tokio::test]
async fn the_language_choice_persists_per_user() {
    let (app, password) = demo_app().await;
    let lanhdao = Browser::sign_in(&app, "lanhdao", &password).await;
    let page = lanhdao.get("/provinces/12").await;
    page.expect_status(StatusCode::OK);
    assert_eq!(page.html_lang(), "vi", "Vietnamese first: {}", page.said());
    let csrf = csrf_field(&page.body).expect("a csrf field");

    lanhdao
        .post_form(
            "/language",
            &[("lang", "en"), ("csrf", &csrf), ("next", "/provinces/12")],
        )
        .await
        .expect_see_other("/provinces/12");
    // The language cookie the answer sets is not sent: the account remembers.
    let page = lanhdao.get("/provinces/12").await;
    page.expect_status(StatusCode::OK);
    assert_eq!(
        page.html_lang(),
        "en",
        "after choosing English: {}",
        page.said()
    );

    let again = Browser::sign_in(&app, "lanhdao", &password).await;
    let page = again.get("/provinces/12").await;
    page.expect_status(StatusCode::OK);
    assert_eq!(
        page.html_lang(),
        "en",
        "a new session of the same account: {}",
        page.said()
    );

    let csrf = csrf_field(&page.body).expect("a csrf field");
    again
        .post_form(
            "/language",
            &[("lang", "id"), ("csrf", &csrf), ("next", "/provinces/12")],
        )
        .await
        .expect_see_other("/provinces/12");
    let page = again.get("/provinces/12").await;
    assert_eq!(
        page.html_lang(),
        "id",
        "after choosing Indonesian: {}",
        page.said()
    );
    let page = lanhdao.get("/dossiers").await;
    assert_eq!(
        page.html_lang(),
        "id",
        "the other session follows the account: {}",
        page.said()
    );

    let anyone = Browser::signed_out(&app);
    let page = anyone
        .send(
            "GET /login (Accept-Language: en-US)".into(),
            anyone
                .request(reqwest::Method::GET, "/login")
                .header(ACCEPT_LANGUAGE, "en-US,en;q=0.9"),
        )
        .await;
    page.expect_status(StatusCode::OK);
    assert_eq!(
        page.html_lang(),
        "vi",
        "signed out, whatever the browser asks: {}",
        page.said()
    );
}

// ---------------------------------------------------------------------------------------------
// 5. Scope

#[tokio::test]
async fn pages_refuse_outside_the_scope() {
    let (app, password) = demo_app().await;
    let id = commune_dossier(&app, "03390").await;
    let commune = Browser::sign_in(&app, "xa-03390", &password).await;
    for path in ["/provinces/12", "/units/03388", "/admin"] {
        let page = commune.get(path).await;
        page.expect_status(StatusCode::FORBIDDEN)
            .expect_error_alert();
        assert_eq!(page.html_lang(), "vi", "{}", page.said());
        assert!(
            page.body.contains("Không có quyền"),
            "expected the refusal in Vietnamese (\"Không có quyền\"): {}",
            page.said()
        );
    }
    let lanhdao = Browser::sign_in(&app, "lanhdao", &password).await;
    lanhdao
        .get("/admin")
        .await
        .expect_status(StatusCode::FORBIDDEN)
        .expect_error_alert();

    let anyone = Browser::signed_out(&app);
    let path = format!("/dossiers/{id}");
    anyone
        .get(&path)
        .await
        .expect_see_other(&format!("/login?next={path}"));

    // A resident reads published plans only: complete one, and the list shows it alone.
    let done = commune_dossier(&app, "03598").await;
    complete(&app, done).await;
    let resident = Browser::sign_in(&app, "congdan", &password).await;
    let page = resident.get("/dossiers").await;
    page.expect_status(StatusCode::OK);
    let list = element(&page.body, "table", "id=\"dossier-list\"").expect("table#dossier-list");
    let listed: Vec<String> = attr_values(list, "href")
        .into_iter()
        .filter(|h| h.starts_with("/dossiers/"))
        .collect();
    assert_eq!(
        listed,
        vec![format!("/dossiers/{done}")],
        "expected the resident's list to hold the one completed plan"
    );
    resident
        .get(&format!("/dossiers/{done}"))
        .await
        .expect_status(StatusCode::OK);
    resident
        .get(&path)
        .await
        .expect_status(StatusCode::FORBIDDEN)
        .expect_error_alert();
}

/// The refusal pages speak the reader's language, all of them: "every text comes from the
/// Fluent files in the reader's language" (`crates/web/src/pages/mod.rs`).
#[tokio::test]
async fn refusal_pages_explain_in_the_readers_language() {
    let (app, password) = demo_app().await;
    let commune = Browser::sign_in(&app, "xa-03390", &password).await;
    // Words of the English reasons the policy gives developers.
    let english = [
        "the", "is", "outside", "scope", "may", "not", "account", "report", "unit",
    ];
    let mut problems = Vec::new();
    for path in ["/provinces/12", "/units/03388", "/admin"] {
        let page = commune.get(path).await;
        page.expect_status(StatusCode::FORBIDDEN)
            .expect_error_alert();
        assert_eq!(page.html_lang(), "vi", "{}", page.said());
        let alert = element(&page.body, "div", "class=\"alert error\"")
            .map(text_of)
            .unwrap_or_default();
        let found: Vec<&str> = alert
            .split(|c: char| !c.is_alphanumeric() && c != '_')
            .filter(|w| english.contains(&w.to_ascii_lowercase().as_str()) || w.contains('_'))
            .collect();
        if !found.is_empty() {
            problems.push(format!(
                "GET {path}: the Vietnamese page explains the refusal in English ({found:?}): {alert:?}"
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// A form sent once the session has ended (a tab left open overnight) asks to sign in, and
/// signing in leads back to a page, not to the address the form posted to.
#[tokio::test]
async fn signing_in_after_a_form_sent_signed_out_leads_to_a_page() {
    let (app, password) = demo_app().await;
    let id = commune_dossier(&app, "03390").await;
    let version = version(&app, id).await.to_string();
    let anyone = Browser::signed_out(&app);
    let mut problems = Vec::new();
    for (what, sent) in [
        (
            "the transition form",
            anyone
                .post_form(
                    &format!("/dossiers/{id}/transition"),
                    &[
                        ("version", &version),
                        ("action", "submit_plan_for_appraisal"),
                        ("reason", "Trình thẩm định"),
                    ],
                )
                .await,
        ),
        (
            "the upload form",
            anyone
                .post_multipart(
                    &format!("/dossiers/{id}/documents"),
                    &upload(
                        version.parse().expect("a number"),
                        "opinion_synthesis_report",
                        "Báo cáo",
                        "bao-cao.pdf",
                        &common::minimal_pdf("signed out"),
                    ),
                    None,
                )
                .await,
        ),
    ] {
        sent.expect_status(StatusCode::SEE_OTHER);
        let to_login = sent.location();
        let next = to_login
            .strip_prefix("/login?next=")
            .unwrap_or_else(|| {
                panic!(
                    "{what}: expected a redirect to /login?next=…: {}",
                    sent.said()
                )
            })
            .to_owned();
        // The sign-in form carries `next` on; signing in goes there.
        let client = no_redirects();
        let resp = client
            .post(app.url("/login"))
            .form(&[
                ("username", "xa-03390"),
                ("password", password.as_str()),
                ("next", next.as_str()),
            ])
            .send()
            .await
            .expect("POST /login reaches the server");
        let cookie = resp
            .headers()
            .get(SET_COOKIE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .expect("a session cookie")
            .to_owned();
        let signed_in = Page::read("POST /login".into(), resp).await;
        signed_in.expect_status(StatusCode::SEE_OTHER);
        let landing = signed_in.location();
        let browser = Browser {
            base: app.base.clone(),
            client,
            cookie: Some(cookie),
            who: "xa-03390".into(),
        };
        let page = browser.get(&landing).await;
        if page.status != StatusCode::OK || !page.is_html() {
            problems.push(format!(
                "{what}: signed out → {to_login}; signed in → {landing}; that answers {}",
                page.said()
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Where to go after signing in or switching language comes from the request; whatever it
/// holds, the answer is a redirect to a path on this site, never a server error.
#[tokio::test]
async fn a_crafted_next_still_redirects_to_this_site() {
    let (app, password) = demo_app().await;
    let anyone = Browser::signed_out(&app);
    let mut problems = Vec::new();
    for next in [
        "/dossiers\r\nX-Injected: 1",
        "/dossiers\nx",
        "/\u{7f}x",
        "/\tx",
    ] {
        for (what, page) in [
            (
                "switching language",
                anyone
                    .post_form("/language", &[("lang", "en"), ("next", next)])
                    .await,
            ),
            (
                "signing in",
                anyone
                    .post_form(
                        "/login",
                        &[
                            ("username", "lanhdao"),
                            ("password", password.as_str()),
                            ("next", next),
                        ],
                    )
                    .await,
            ),
        ] {
            let to = page.location();
            if page.status != StatusCode::SEE_OTHER || !to.starts_with('/') || to.starts_with("//")
            {
                problems.push(format!(
                    "{what} with next={next:?}: expected a 303 to a path here, found {}",
                    page.said()
                ));
            }
            if page.headers.contains_key("x-injected") {
                problems.push(format!("{what} with next={next:?}: a header was injected"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

// ---------------------------------------------------------------------------------------------
// 6. The dashboard

#[tokio::test]
async fn dashboard_counts_match_the_report() {
    let (app, password) = demo_app().await;
    let report = app
        .planning
        .progress(
            Caller::Operator,
            &ProgressQuery {
                province: Some("12".into()),
                plan_type: Some(PlanType::CommuneGeneral),
                lang: plantrack_domain::Language::Vi,
                ..Default::default()
            },
        )
        .await
        .expect("the progress report");
    let lanhdao = Browser::sign_in(&app, "lanhdao", &password).await;
    let page = lanhdao.get("/provinces/12").await;
    page.expect_status(StatusCode::OK);
    let table = element(&page.body, "table", "data-plan-type=\"commune_general\"")
        .unwrap_or_else(|| panic!("expected the commune general chart: {}", page.said()));
    let mut shown = Vec::new();
    for row in rows(table) {
        let Some(stage) = attr_values(&format!(" {row}"), "data-stage").pop() else {
            continue;
        };
        let count_at = row
            .find("class=\"count")
            .unwrap_or_else(|| panic!("row {stage} without a td.count: {row}"));
        let text = row[count_at..]
            .split_once('>')
            .and_then(|(_, rest)| rest.split('<').next())
            .unwrap_or_default()
            .trim();
        let count: u64 = text
            .parse()
            .unwrap_or_else(|_| panic!("row {stage}: td.count is {text:?}, not a number"));
        let expected: u64 = report
            .stages
            .iter()
            .filter(|s| s.plan_type == PlanType::CommuneGeneral && s.stage == stage)
            .map(|s| s.count)
            .sum();
        assert_eq!(
            count, expected,
            "stage {stage}: the dashboard shows {count}, the report counts {expected}"
        );
        shown.push(stage);
    }
    for s in report.stages.iter().filter(|s| s.count > 0) {
        assert!(
            shown.contains(&s.stage),
            "the report counts {} in {}, the dashboard has no row for it (rows {shown:?})",
            s.count,
            s.stage
        );
    }
    assert!(
        report.total >= 34,
        "the demo's 34 campaign communes, found {}",
        report.total
    );

    let page = lanhdao
        .get("/provinces/12?compare=2025-10-01&as_of=2025-11-25")
        .await;
    page.expect_status(StatusCode::OK);
    assert!(
        element(&page.body, "section", "id=\"changes\"").is_some(),
        "expected section#changes: {}",
        page.said()
    );
    let advanced = element(&page.body, "ul", "id=\"advanced\"").expect("ul#advanced");
    let links = attr_values(advanced, "href")
        .into_iter()
        .filter(|h| h.starts_with("/dossiers/"))
        .count();
    assert!(
        links >= 1,
        "expected plans that advanced between 1/10 and 25/11/2025: {advanced}"
    );
}

/// The date form's refusals are said on the form itself, and the dashboard is still shown.
#[tokio::test]
async fn the_dashboard_form_refuses_days_that_are_not_and_a_compare_day_after_the_day() {
    let (app, password) = demo_app().await;
    let lanhdao = Browser::sign_in(&app, "lanhdao", &password).await;
    let today = app.planning.today().format("%d/%m/%Y").to_string();
    let problems = |page: &Page| -> String {
        element(&page.body, "div", "id=\"form-problems\"")
            .unwrap_or_else(|| panic!("the refusal on the form: {}", page.said()))
            .to_owned()
    };

    // 31 February: the field keeps what was typed, marked, and the dashboard shows today.
    let page = lanhdao.get("/provinces/12?as_of=31/02/2025").await;
    page.expect_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.is_html(), "{}", page.said());
    let said = problems(&page);
    assert!(
        said.contains("Ngày xem “31/02/2025” không phải là một ngày có thật"),
        "{said}"
    );
    assert!(said.contains(r#"<label for="as_of">"#), "{said}");
    assert!(
        page.body.contains(r#"name="as_of" value="31/02/2025""#)
            && page.body.contains(r#"aria-describedby="as_of-problem""#),
        "{}",
        page.said()
    );
    let summary = element(&page.body, "p", "id=\"summary\"").expect("p#summary");
    assert!(summary.contains(&today), "today is shown: {summary}");

    // A compare day after the day shown: refused, and nothing compared backwards.
    let page = lanhdao
        .get("/provinces/12?as_of=01/10/2025&compare=25/11/2025")
        .await;
    page.expect_status(StatusCode::UNPROCESSABLE_ENTITY);
    let said = problems(&page);
    assert!(
        said.contains("Ngày so sánh (25/11/2025) phải trước ngày xem (01/10/2025)"),
        "{said}"
    );
    assert!(
        element(&page.body, "section", "id=\"changes\"").is_none(),
        "no comparison: {}",
        page.said()
    );
    let summary = element(&page.body, "p", "id=\"summary\"").expect("p#summary");
    assert!(summary.contains("01/10/2025"), "the day asked: {summary}");
    assert!(
        page.body.contains(r#"name="compare" value="25/11/2025""#),
        "the compare field keeps what was typed: {}",
        page.said()
    );

    // A compare day that is no day, in English: the day asked is still shown.
    let page = lanhdao
        .get("/provinces/12?as_of=25/11/2025&compare=31/02/2025&lang=en")
        .await;
    page.expect_status(StatusCode::UNPROCESSABLE_ENTITY);
    let said = problems(&page);
    assert!(
        said.contains("The compare date “31/02/2025” is not a real date"),
        "{said}"
    );
    assert!(element(&page.body, "section", "id=\"changes\"").is_none());
    let summary = element(&page.body, "p", "id=\"summary\"").expect("p#summary");
    assert!(summary.contains("25/11/2025"), "{summary}");

    // The same day on both sides is a comparison with nothing moved, not a refusal.
    let page = lanhdao
        .get("/provinces/12?as_of=25/11/2025&compare=25/11/2025")
        .await;
    page.expect_status(StatusCode::OK);
    assert!(
        !page.body.contains("id=\"form-problems\""),
        "{}",
        page.said()
    );
}

/// The dossier list's filters offer the stages and plan types of the templates the reader's
/// dossiers follow: Lai Châu is not offered Indonesia's RDTR.
#[tokio::test]
async fn the_list_filters_offer_only_the_templates_in_use() {
    let (app, password) = demo_app().await;
    let rdtr = app.planning.template("id.rdtr", None).unwrap();
    let commune = app.planning.template("vn.commune_general", None).unwrap();
    let rdtr_only: Vec<&str> = rdtr
        .stages
        .iter()
        .map(|s| s.key.as_str())
        .filter(|k| commune.stage(k).is_none())
        .collect();
    assert!(!rdtr_only.is_empty());
    for who in ["lanhdao", "xa-03390"] {
        let reader = Browser::sign_in(&app, who, &password).await;
        let page = reader.get("/dossiers").await;
        page.expect_status(StatusCode::OK);
        let stages = element(&page.body, "select", "id=\"f-stage\"")
            .unwrap_or_else(|| panic!("select#f-stage: {}", page.said()));
        let offered = attr_values(stages, "value");
        for key in &rdtr_only {
            assert!(
                !offered.iter().any(|v| v == key),
                "{who} is offered the RDTR stage {key}: {stages}"
            );
        }
        for s in &commune.stages {
            assert!(
                offered.contains(&s.key),
                "{who} is not offered the commune plan's stage {}: {stages}",
                s.key
            );
        }
        let types = element(&page.body, "select", "id=\"f-plan-type\"")
            .unwrap_or_else(|| panic!("select#f-plan-type: {}", page.said()));
        assert!(
            !types.contains("value=\"rdtr\"") && !types.contains("RDTR"),
            "{who}: {types}"
        );
        assert!(
            types.contains("value=\"commune_general\""),
            "{who}: {types}"
        );
    }
}

/// An upload without JavaScript: the browser posts the multipart form itself, with no CSRF
/// header and no htmx. It passes on the browser's `Sec-Fetch-Site: same-origin`; a post from
/// another site, or one the browser does not vouch for, is still refused.
#[tokio::test]
async fn an_upload_works_without_javascript_and_not_from_another_site() {
    let (app, password) = demo_app().await;
    let id = commune_dossier(&app, "03390").await;
    let path = format!("/dossiers/{id}");
    let upload_path = format!("{path}/documents");
    let commune = Browser::sign_in(&app, "xa-03390", &password).await;
    let kind = "opinion_synthesis_report";
    let post = |form: &Multipart, headers: &[(&str, String)]| {
        let mut req = commune
            .request(reqwest::Method::POST, &upload_path)
            .header(CONTENT_TYPE, form.content_type())
            .body(form.body.clone());
        for (name, value) in headers {
            req = req.header(*name, value);
        }
        commune.send(format!("POST {upload_path} (plain multipart form)"), req)
    };
    let form = |version: u64| {
        let pdf = common::minimal_pdf(&format!("plain form {}", uuid::Uuid::new_v4()));
        upload(
            version,
            kind,
            "Báo cáo gửi không dùng JavaScript",
            "bao-cao.pdf",
            &pdf,
        )
    };
    let v0 = version(&app, id).await;
    let same_origin = ("sec-fetch-site", "same-origin".to_owned());

    // Refused: another site, a sibling site, a same-origin mark with another Origin, and a
    // post without the browser's mark or the token.
    let refused: [(&str, Vec<(&str, String)>); 4] = [
        (
            "cross-site",
            vec![
                ("sec-fetch-site", "cross-site".to_owned()),
                ("origin", "https://evil.example".to_owned()),
            ],
        ),
        (
            "same-site",
            vec![("sec-fetch-site", "same-site".to_owned())],
        ),
        (
            "another origin",
            vec![
                same_origin.clone(),
                ("origin", "https://evil.example".to_owned()),
            ],
        ),
        ("no mark", vec![]),
    ];
    for (what, headers) in refused {
        let page = post(&form(v0), &headers).await;
        assert_eq!(
            page.status,
            StatusCode::FORBIDDEN,
            "{what}: {}",
            page.said()
        );
        assert_eq!(version(&app, id).await, v0, "{what}: nothing recorded");
    }

    // The browser's own post: back to the dossier, one more version, the document listed.
    let page = post(&form(v0), &[same_origin, ("origin", app.base.clone())]).await;
    page.expect_see_other(&path);
    assert_eq!(
        version(&app, id).await,
        v0 + 1,
        "the upload added one event"
    );
    let dossier = commune.get(&path).await;
    assert!(
        dossier.body.contains("Báo cáo gửi không dùng JavaScript"),
        "{}",
        dossier.said()
    );
}

/// An upload from a browser that sends no `Sec-Fetch-Site` (older Safari and Firefox) and
/// runs no script (issue 18): the form's first field is the session's CSRF token, which the
/// server reads before the file. A wrong token, or the token after the file, is refused.
#[tokio::test]
async fn an_upload_works_without_fetch_metadata_by_the_forms_first_field() {
    let (app, password) = demo_app().await;
    let id = commune_dossier(&app, "03390").await;
    let path = format!("/dossiers/{id}");
    let upload_path = format!("{path}/documents");
    let commune = Browser::sign_in(&app, "xa-03390", &password).await;
    let page = commune.get(&path).await;
    let form = page
        .body
        .split("id=\"upload-form\"")
        .nth(1)
        .expect("the upload form");
    let first = form.split("<input").nth(1).expect("the form's first field");
    assert!(
        first.contains("name=\"csrf\""),
        "expected the CSRF token as the form's first field: {first:.200}"
    );
    let token = common::pages::field(form, "", "csrf");
    let pdf = common::minimal_pdf(&format!("old browser {}", uuid::Uuid::new_v4()));
    let v0 = version(&app, id).await;
    let build = |token: &str, token_first: bool| {
        let m = Multipart::new();
        let m = if token_first {
            m.text("csrf", token)
        } else {
            m
        };
        let m = m
            .text("version", &v0.to_string())
            .text("kind", "opinion_synthesis_report")
            .text("title", "Báo cáo từ trình duyệt cũ")
            .text("reason", "Cập nhật hồ sơ (thử nghiệm)")
            .file("file", "bao-cao.pdf", &pdf);
        let m = if token_first {
            m
        } else {
            m.text("csrf", token)
        };
        m.finish()
    };
    let post = |form: Multipart| {
        let req = commune
            .request(reqwest::Method::POST, &upload_path)
            .header(CONTENT_TYPE, form.content_type())
            .header("origin", app.base.clone())
            .body(form.body);
        commune.send(format!("POST {upload_path} (no Sec-Fetch-Site)"), req)
    };
    for (what, form) in [
        ("a wrong token", build(&"0".repeat(64), true)),
        ("the token after the file", build(&token, false)),
    ] {
        let page = post(form).await;
        assert_eq!(
            page.status,
            StatusCode::FORBIDDEN,
            "{what}: {}",
            page.said()
        );
        assert_eq!(version(&app, id).await, v0, "{what}: nothing recorded");
    }
    let page = post(build(&token, true)).await;
    page.expect_see_other(&path);
    assert_eq!(
        version(&app, id).await,
        v0 + 1,
        "the upload added one event"
    );
    let dossier = commune.get(&path).await;
    assert!(
        dossier.body.contains("Báo cáo từ trình duyệt cũ"),
        "{}",
        dossier.said()
    );
}

// ---------------------------------------------------------------------------------------------
// 7. Escaping

/// Whether `html` holds `text` with its `<` and `>` escaped, as named (`&lt;`) or numbered
/// (`&#60;`, which askama writes) character references.
fn escaped(html: &str, text: &str) -> bool {
    [("&lt;", "&gt;"), ("&#60;", "&#62;"), ("&#x3c;", "&#x3e;")]
        .iter()
        .any(|(lt, gt)| html.contains(&text.replace('<', lt).replace('>', gt)))
}

#[tokio::test]
async fn user_text_is_escaped() {
    let (app, password) = demo_app().await;
    let lanhdao = Browser::sign_in(&app, "lanhdao", &password).await;
    let csrf = lanhdao.csrf("/dossiers").await;
    let mut body = common::new_plan_body("03390", None);
    body["plan"]["plan_type"] = json!("detailed");
    body["plan"]["name"] = json!("Quy hoạch chi tiết <script>alert(1)</script> & \"x\"");
    let created = lanhdao
        .send(
            "POST /api/v1/plans".into(),
            lanhdao
                .request(reqwest::Method::POST, "/api/v1/plans")
                .header("x-csrf-token", &csrf)
                .json(&body),
        )
        .await;
    created.expect_status(StatusCode::CREATED);
    let id = serde_json::from_str::<Value>(&created.body).expect("JSON")["dossier"]["id"]
        .as_i64()
        .expect("the new dossier's id");
    // A document title and a reason, typed by a user too.
    execute(
        &app,
        id,
        "provincial_pc",
        attach_kind("task_draft", "<img src=x onerror=alert(2)>"),
    )
    .await;

    for path in [
        format!("/dossiers/{id}"),
        "/dossiers".to_owned(),
        "/units/03390".to_owned(),
    ] {
        let page = lanhdao.get(&path).await;
        page.expect_status(StatusCode::OK);
        assert!(
            escaped(&page.body, "<script>alert(1)</script>"),
            "expected the plan's name escaped: {}",
            page.said()
        );
        for raw in ["<script>alert(1)", "<img src=x"] {
            assert!(
                !page.body.contains(raw),
                "{path}: expected no raw {raw:?} in the page"
            );
        }
    }
    let page = lanhdao.get(&format!("/dossiers/{id}")).await;
    assert!(
        escaped(&page.body, "<img src=x onerror=alert(2)>"),
        "expected the document title escaped: {}",
        page.said()
    );
}

/// The administrator makes an account, a service account and the service account's API
/// token on the page; each secret is shown once, works, and is not shown again. A token for
/// a person is refused: the person makes their own.
#[tokio::test]
async fn the_administrator_creates_accounts_and_tokens_on_the_page() {
    let (app, password) = demo_app().await;
    let admin = Browser::sign_in(&app, "admin", &password).await;
    let csrf = admin.csrf("/admin").await;
    let org = app
        .planning
        .organisation_by_name(Caller::Operator, "UBND tỉnh Lai Châu")
        .await
        .expect("read organisations")
        .expect("the demo's provincial PC");
    let created = admin
        .post_form(
            "/admin/users",
            &[
                ("csrf", &csrf),
                ("username", "chuyenvien-moi"),
                ("display_name", "Chuyên viên mới"),
                ("role", "leadership"),
                ("organisation_id", &org.id.to_string()),
            ],
        )
        .await;
    created.expect_status(StatusCode::OK);
    let secret = element(&created.body, "code", "id=\"secret-value\"").map_or_else(
        || panic!("expected the new password once: {}", created.said()),
        text_of,
    );
    // The password shown works.
    let newcomer = Browser::sign_in(&app, "chuyenvien-moi", secret.trim()).await;
    newcomer
        .get("/provinces/12")
        .await
        .expect_status(StatusCode::OK);
    // It is not shown again.
    let again = admin.get("/admin").await;
    assert!(
        !again.body.contains(secret.trim()),
        "the password must be shown once only"
    );
    // A duplicate is refused on the page, in Vietnamese, and nothing changes.
    let users_before = app
        .planning
        .users(Caller::Operator)
        .await
        .expect("users")
        .len();
    let duplicate = admin
        .post_form(
            "/admin/users",
            &[
                ("csrf", &csrf),
                ("username", "chuyenvien-moi"),
                ("display_name", "Trùng tên"),
                ("role", "leadership"),
                ("organisation_id", &org.id.to_string()),
            ],
        )
        .await;
    duplicate
        .expect_status(StatusCode::UNPROCESSABLE_ENTITY)
        .expect_error_alert();
    assert_eq!(
        app.planning
            .users(Caller::Operator)
            .await
            .expect("users")
            .len(),
        users_before
    );

    // A token for the new account, a person, is refused (issue 11, item 3: it would act in
    // their name), said on the page in Vietnamese, and none is kept.
    let user = app
        .planning
        .user(Caller::Operator, "chuyenvien-moi")
        .await
        .expect("the new user");
    let refused = admin
        .post_form(
            "/admin/tokens",
            &[
                ("csrf", &csrf),
                ("user_id", &user.id.to_string()),
                ("label", "báo cáo tuần"),
            ],
        )
        .await;
    refused
        .expect_status(StatusCode::FORBIDDEN)
        .expect_error_alert();
    assert!(
        refused.body.contains("tài khoản dịch vụ"),
        "expected the refusal said in Vietnamese: {}",
        refused.said()
    );
    assert!(
        app.planning
            .tokens(Caller::Operator, Some(user.id))
            .await
            .expect("tokens")
            .is_empty()
    );
    // A service account, made on the page, gets one; the token acts as it on the API.
    admin
        .post_form(
            "/admin/users",
            &[
                ("csrf", &csrf),
                ("username", "baocao-tudong"),
                ("display_name", "Báo cáo tự động"),
                ("role", "leadership"),
                ("organisation_id", &org.id.to_string()),
                ("service_account", "1"),
            ],
        )
        .await
        .expect_status(StatusCode::OK);
    let service = app
        .planning
        .user(Caller::Operator, "baocao-tudong")
        .await
        .expect("the service account");
    assert!(service.service_account);
    let made = admin
        .post_form(
            "/admin/tokens",
            &[
                ("csrf", &csrf),
                ("user_id", &service.id.to_string()),
                ("label", "báo cáo tuần"),
            ],
        )
        .await;
    made.expect_status(StatusCode::OK);
    let token = element(&made.body, "code", "id=\"secret-value\"").map_or_else(
        || panic!("expected the new token once: {}", made.said()),
        text_of,
    );
    let resp = reqwest::Client::new()
        .get(app.url("/api/v1/progress?province=12"))
        .bearer_auth(token.trim())
        .send()
        .await
        .expect("the API answers");
    assert_eq!(
        resp.status(),
        StatusCode::OK,
        "the new token reads its province's report"
    );
    // The person makes their own on their account's page.
    let own_csrf = newcomer.csrf("/account/tokens").await;
    let own = newcomer
        .post_form(
            "/account/tokens",
            &[("csrf", &own_csrf), ("label", "bảng tính của tôi")],
        )
        .await;
    own.expect_status(StatusCode::OK);
    let own_token = element(&own.body, "code", "id=\"secret-value\"").map_or_else(
        || panic!("expected the new token once: {}", own.said()),
        text_of,
    );
    let acting = app
        .planning
        .token_principal(own_token.trim(), chrono::Utc::now())
        .await
        .expect("read the token")
        .expect("a working token");
    assert_eq!(acting.user_id, user.id);
    // Only the administrator may use the administrator's form.
    let leadership = Browser::sign_in(&app, "lanhdao", &password).await;
    let their_csrf = leadership.csrf("/dossiers").await;
    leadership
        .post_form(
            "/admin/tokens",
            &[
                ("csrf", &their_csrf),
                ("user_id", &service.id.to_string()),
                ("label", "x"),
            ],
        )
        .await
        .expect_status(StatusCode::FORBIDDEN);
}

/// Follows a layer upload to its import page and waits for the import to end; returns the
/// page as it ends (`data-state` done or failed).
async fn finished_import(browser: &Browser, upload: &Page) -> Page {
    upload.expect_status(StatusCode::SEE_OTHER);
    let at = upload.location();
    assert!(at.starts_with("/layers/imports/"), "{}", upload.said());
    for _ in 0..300 {
        let page = browser.get(&at).await;
        page.expect_status(StatusCode::OK);
        if !page.body.contains("data-state=\"running\"") {
            return page;
        }
        assert!(
            page.body.contains("hx-trigger=\"every 1s\""),
            "a running import's page polls itself: {}",
            page.said()
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("the import did not end: {at}");
}

/// A department uploads its layer on the layers page and watches it import; every office of
/// the province sees it listed; a commune may not upload.
#[tokio::test]
async fn departments_upload_layers_on_the_layers_page() {
    let (app, password) = demo_app().await;
    let dept = Browser::sign_in(&app, "quansu", &password).await;
    let csrf = dept.csrf("/layers").await;
    let layer = serde_json::json!({"type": "FeatureCollection", "features": [{
        "type": "Feature", "id": "QP-1", "properties": {"category": "defence_security"},
        "geometry": {"type": "Polygon", "coordinates": [[[103.40, 22.40], [103.41, 22.40], [103.41, 22.41], [103.40, 22.40]]]}}]})
    .to_string();
    let form = Multipart::new()
        .text("key", "quoc-phong")
        .text("name", "Đất quốc phòng")
        .text("publish", "1")
        .file("file", "quoc-phong.geojson", layer.as_bytes())
        .finish();
    let upload = dept.post_multipart("/layers", &form, Some(&csrf)).await;
    let done = finished_import(&dept, &upload).await;
    assert!(
        done.body.contains("data-state=\"done\"") && done.body.contains("v1"),
        "{}",
        done.said()
    );
    // Another account does not see someone's import.
    let commune = Browser::sign_in(&app, "xa-03390", &password).await;
    commune
        .get(&upload.location())
        .await
        .expect_status(StatusCode::NOT_FOUND);
    let listed = commune.get("/layers").await;
    listed.expect_status(StatusCode::OK);
    assert!(
        listed.body.contains("data-layer=\"quoc-phong\""),
        "{}",
        listed.said()
    );
    assert!(
        !listed.body.contains("id=\"layer-form\""),
        "a commune gets no upload form"
    );
    let their_csrf = commune.csrf("/layers").await;
    commune
        .post_multipart("/layers", &form, Some(&their_csrf))
        .await
        .expect_status(StatusCode::FORBIDDEN);
    // A broken file: the import page names the feature; no version is added.
    let broken = Multipart::new()
        .text("key", "quoc-phong")
        .text("name", "Đất quốc phòng")
        .file("file", "x.geojson", br#"{"type": "FeatureCollection", "features": [{"type": "Feature", "id": "QP-1", "properties": {"category": "defence_security"}, "geometry": {"type": "Polygon", "coordinates": [[[103.40, 22.40], [103.41, 22.40], [103.41, 22.41], [103.40, 22.40]]]}}, {"type": "Feature", "id": "QP-9", "properties": {}, "geometry": null}]}"#)
        .finish();
    let upload = dept.post_multipart("/layers", &broken, Some(&csrf)).await;
    let failed = finished_import(&dept, &upload).await;
    assert!(
        failed.body.contains("data-state=\"failed\"") && failed.body.contains("QP-9"),
        "{}",
        failed.said()
    );
    assert!(failed.body.contains("class=\"alert error\""));
    let layers = app
        .planning
        .layers(Caller::Operator, Some("12"))
        .await
        .unwrap();
    assert_eq!(
        (layers.len(), layers[0].latest_version),
        (1, 1),
        "the broken file left nothing, not even its first feature"
    );

    // A CAD drawing is a new version: a closed polyline on the layer named after its
    // category, in the province's VN-2000 TM-3 plane (a DXF says no coordinate system).
    let dxf = "0\nSECTION\n2\nENTITIES\n0\nLWPOLYLINE\n5\nB7\n8\ndefence_security\n70\n1\n\
               10\n541000\n20\n2478000\n10\n541200\n20\n2478000\n10\n541200\n20\n2478200\n\
               0\nENDSEC\n0\nEOF\n";
    let cad = Multipart::new()
        .text("key", "quoc-phong")
        .text("name", "Đất quốc phòng")
        .text("encoding", "utf-8")
        .file("file", "quoc-phong.dxf", dxf.as_bytes())
        .finish();
    let upload = dept.post_multipart("/layers", &cad, Some(&csrf)).await;
    let done = finished_import(&dept, &upload).await;
    assert!(done.body.contains("data-state=\"done\""), "{}", done.said());
    let layers = app
        .planning
        .layers(Caller::Operator, Some("12"))
        .await
        .unwrap();
    assert_eq!((layers[0].latest_version, layers[0].features), (2, 1));
    // A DWG is not read: the form says which files are, at once.
    let dwg = Multipart::new()
        .text("key", "quoc-phong")
        .text("name", "Đất quốc phòng")
        .file("file", "quoc-phong.dwg", b"AC1032")
        .finish();
    let refused = dept.post_multipart("/layers", &dwg, Some(&csrf)).await;
    refused
        .expect_status(StatusCode::UNPROCESSABLE_ENTITY)
        .expect_error_alert();
    assert!(refused.body.contains(".gpkg"), "{}", refused.said());
}

// ---------------------------------------------------------------------------------------------
// Two time axes: a past day as it read then and as known now

#[tokio::test]
async fn the_dashboard_shows_what_was_recorded_late_and_the_meetings_picture_again() {
    let (app, password) = demo_app().await;
    // Entered today, dated before the meeting of 25/11/2025: the provincial leadership's hold.
    let state = app
        .planning
        .dossier(Caller::Operator, 1)
        .await
        .expect("dossier 1")
        .state;
    let hold = Command {
        expected_version: Some(state.version),
        actor: Actor {
            name: "UBND tỉnh Lai Châu".into(),
            role: "provincial_pc".into(),
        },
        reason: "Ghi bổ sung theo kết luận cuộc họp".into(),
        effective_on: common::date("2025-11-20"),
        kind: CommandKind::Hold,
    };
    app.planning
        .execute(Caller::Operator, 1, hold.into())
        .await
        .expect("the operator may date a change back");
    let lanhdao = Browser::sign_in(&app, "lanhdao", &password).await;

    let now = lanhdao.get("/provinces/12?as_of=25/11/2025").await;
    now.expect_status(StatusCode::OK);
    let late = element(&now.body, "section", "id=\"recorded-late\"")
        .unwrap_or_else(|| panic!("a recorded-late section: {}", now.said()));
    assert!(late.contains("Ghi nhận muộn (1)"), "{late}");
    assert!(late.contains("href=\"/dossiers/1\""), "{late}");
    assert!(now.body.contains("id=\"known-on\""), "{}", now.said());

    // The meeting's picture, as known that evening: no late records, and the summary as it
    // was before the hold.
    let then = lanhdao
        .get("/provinces/12?as_of=25/11/2025&as_known_on=25/11/2025")
        .await;
    then.expect_status(StatusCode::OK);
    assert!(
        !then.body.contains("id=\"recorded-late\""),
        "{}",
        then.said()
    );
    assert!(
        then.body.contains("value=\"25/11/2025\""),
        "the field keeps what was typed"
    );

    // The history marks the hold as backdated.
    let dossier = lanhdao.get("/dossiers/1").await;
    dossier.expect_status(StatusCode::OK);
    assert!(
        dossier.body.contains("ghi lùi ngày: ghi nhận muộn"),
        "{}",
        dossier.said()
    );

    // A time that is not one is refused in Vietnamese.
    let bad = lanhdao
        .get("/provinces/12?as_of=25/11/2025&as_known_on=h%C3%B4m%20qua")
        .await;
    bad.expect_status(StatusCode::UNPROCESSABLE_ENTITY);
    let problems = element(&bad.body, "div", "id=\"form-problems\"")
        .unwrap_or_else(|| panic!("the refusal on the form: {}", bad.said()));
    assert!(problems.contains("thời điểm ghi nhận"), "{problems}");
}

#[tokio::test]
async fn leadership_turns_the_weekly_report_on_and_off_from_the_account_page() {
    let (app, password) = demo_app().await;
    let stored = |username: &'static str| {
        let planning = app.planning.clone();
        async move {
            planning
                .weekly_report_email(Caller::Operator, username)
                .await
                .expect("the weekly report address")
        }
    };

    let lanhdao = Browser::sign_in(&app, "lanhdao", &password).await;
    let page = lanhdao.get("/account").await;
    page.expect_status(StatusCode::OK);
    assert!(
        page.body.contains("id=\"weekly-report-form\""),
        "{}",
        page.said()
    );
    let csrf = csrf_field(&page.body).expect("a csrf field on the account page");

    // No token: refused like every other form.
    lanhdao
        .post_form(
            "/account/weekly-report",
            &[("enabled", "on"), ("email", "lanhdao@laichau.example")],
        )
        .await
        .expect_status(StatusCode::FORBIDDEN);
    assert_eq!(stored("lanhdao").await, None);

    // A bad address: the page again, saying why, nothing kept.
    let bad = lanhdao
        .post_form(
            "/account/weekly-report",
            &[
                ("csrf", &csrf),
                ("enabled", "on"),
                ("email", "not an address"),
            ],
        )
        .await;
    bad.expect_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("role=\"alert\""), "{}", bad.said());
    assert_eq!(stored("lanhdao").await, None);

    lanhdao
        .post_form(
            "/account/weekly-report",
            &[
                ("csrf", &csrf),
                ("enabled", "on"),
                ("email", "lanhdao@laichau.example"),
            ],
        )
        .await
        .expect_see_other("/account");
    assert_eq!(
        stored("lanhdao").await.as_deref(),
        Some("lanhdao@laichau.example")
    );
    let page = lanhdao.get("/account").await;
    assert!(
        page.body.contains("value=\"lanhdao@laichau.example\""),
        "{}",
        page.said()
    );
    assert!(page.body.contains(" checked>"), "{}", page.said());

    // Unticked: off.
    lanhdao
        .post_form(
            "/account/weekly-report",
            &[("csrf", &csrf), ("email", "lanhdao@laichau.example")],
        )
        .await
        .expect_see_other("/account");
    assert_eq!(stored("lanhdao").await, None);

    // A commune officer is not offered it, and is refused if it asks anyway.
    let commune = Browser::sign_in(&app, "xa-03390", &password).await;
    let page = commune.get("/account").await;
    page.expect_status(StatusCode::OK);
    assert!(!page.body.contains("weekly-report-form"), "{}", page.said());
    let csrf = csrf_field(&page.body).expect("a csrf field on the account page");
    commune
        .post_form(
            "/account/weekly-report",
            &[
                ("csrf", &csrf),
                ("enabled", "on"),
                ("email", "xa@bumto.example"),
            ],
        )
        .await
        .expect_status(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(stored("xa-03390").await, None);
}
