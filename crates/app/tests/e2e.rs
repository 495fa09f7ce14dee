//! End-to-end browser tests: a real headless Chromium, driven over WebDriver, against the app
//! on its own database with the Lai Châu demo loaded as `plantrack serve --demo` loads it.
//!
//! They need `chromedriver` (on `PATH` or at `$PLANTRACK_CHROMEDRIVER`) and Chromium
//! (`/usr/bin/chromium` or `$PLANTRACK_CHROMIUM`). Without them the tests skip with a note,
//! unless `PLANTRACK_BROWSER_TESTS=1` (as in CI), where a missing driver is a failure.
//! Screenshots of each big step land in `<target dir>/screenshots/`.

// A test's helpers fail the test where they fail: unwrapping says where.
#![allow(clippy::unwrap_used, clippy::print_stderr)]

mod common;

#[path = "e2e/webdriver.rs"]
mod webdriver;

use plantrack_domain::access::Caller;
use std::path::{Path, PathBuf};
use std::time::Duration;

use plantrack_domain::plan::PlanType;
use plantrack_store::Planning;
use plantrack_store::planning::DossierQuery;
use serde_json::{Value, json};
use webdriver::{Browser, Element};

/// Lai Châu.
const PROVINCE: &str = "12";
/// The role a commune officer's account plays in the workflow templates.
const COMMUNE_ROLE: &str = "commune_pc";

// ---------------------------------------------------------------------------------------------
// Gate, app and browser

/// `chromedriver`'s path, or `None` (after a note) when the tests should be skipped. Panics
/// when `PLANTRACK_BROWSER_TESTS=1` demands them and there is no driver.
fn chromedriver_or_skip(test: &str) -> Option<PathBuf> {
    if let Some(path) = webdriver::find_chromedriver() {
        return Some(path);
    }
    assert!(
        std::env::var("PLANTRACK_BROWSER_TESTS").as_deref() != Ok("1"),
        "PLANTRACK_BROWSER_TESTS=1 requires the browser tests, but no chromedriver was found \
         on PATH or at $PLANTRACK_CHROMEDRIVER (install: apt-get install -y chromium chromium-driver)"
    );
    eprintln!(
        "skipping {test}: no chromedriver on PATH or at $PLANTRACK_CHROMEDRIVER \
         (set PLANTRACK_BROWSER_TESTS=1 to make this a failure)"
    );
    None
}

/// The app on a fresh database (`PLANTRACK_TEST_DB` picks the backend), on a free port:
/// the harness every HTTP test uses.
use common::TestApp as App;

/// Loads the demo and its accounts as `plantrack serve --demo` does; returns the accounts'
/// shared password.
async fn load_demo(planning: &Planning) -> String {
    plantrack::demo::load(planning, &mut |_| {})
        .await
        .expect("load the demo");
    let accounts = plantrack::demo::create_demo_accounts(planning)
        .await
        .expect("create the demo accounts");
    assert!(
        accounts.usernames.iter().any(|u| u == "lanhdao"),
        "expected a demo account lanhdao, found {:?}",
        accounts.usernames
    );
    accounts.password
}

async fn start_browser(driver: &Path) -> Browser {
    Browser::start(driver)
        .await
        .unwrap_or_else(|e| panic!("start chromedriver and Chromium: {e}"))
}

/// `<target dir>/screenshots/`, created.
fn screenshot_dir() -> PathBuf {
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let dir = tmp.parent().unwrap_or(tmp).join("screenshots");
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("create {}: {e}", dir.display()));
    dir
}

async fn screenshot(b: &Browser, name: &str) {
    let path = screenshot_dir().join(name);
    b.screenshot(&path)
        .await
        .unwrap_or_else(|e| panic!("screenshot {name}: {e}"));
    eprintln!("screenshot: {}", path.display());
}

// ---------------------------------------------------------------------------------------------
// The dossier the scenario moves

/// A commune general plan the commune officer can move on their own: its stage lacks exactly
/// one required document, which the commune may attach, and has a transition the commune may
/// take.
#[derive(Debug)]
struct Target {
    dossier: i64,
    unit: String,
    stage: String,
    next_stage: String,
    action: String,
    document_kind: String,
}

async fn pick_target(planning: &Planning) -> Target {
    let filter = DossierQuery {
        province: Some(PROVINCE.into()),
        plan_type: Some(PlanType::CommuneGeneral),
        limit: 1000,
        ..Default::default()
    };
    let (dossiers, _) = planning
        .dossiers(Caller::Operator, filter)
        .await
        .expect("list dossiers");
    for summary in &dossiers {
        let state = planning
            .dossier(Caller::Operator, summary.dossier_id)
            .await
            .expect("dossier")
            .state;
        let template = planning
            .template(&state.template, Some(state.template_version))
            .expect("template");
        let may_attach = template
            .roles_for("attach_document")
            .iter()
            .any(|r| r == COMMUNE_ROLE);
        let transition = template
            .transitions_from(&state.stage)
            .find(|t| t.roles.iter().any(|r| r == COMMUNE_ROLE));
        let missing: Vec<&String> = template
            .stage(&state.stage)
            .map(|s| s.required_documents.iter())
            .into_iter()
            .flatten()
            .filter(|d| !state.has_document(d))
            .collect();
        if let (true, "active", Some(t), [kind]) = (
            may_attach,
            state.status.as_str(),
            transition,
            missing.as_slice(),
        ) {
            return Target {
                dossier: state.id,
                unit: summary.plan.unit_code.clone(),
                stage: state.stage.clone(),
                next_stage: t.to.clone(),
                action: t.action.clone(),
                document_kind: (*kind).clone(),
            };
        }
    }
    panic!(
        "expected a commune general plan the commune can attach to and move on; none among {} dossiers",
        dossiers.len()
    );
}

// ---------------------------------------------------------------------------------------------
// Page helpers

/// Every URL the page references (attributes and loaded resources) whose host is not the
/// page's own: the app runs on an intranet without internet.
const EXTERNAL_REFERENCES_JS: &str = r"
const here = location.origin;
const bad = [];
const check = (what, raw) => {
  if (!raw) return;
  let u;
  try { u = new URL(raw, location.href); } catch (e) { bad.push(what + ' (unparsable): ' + raw); return; }
  if (u.host !== '' && u.origin !== here) bad.push(what + ': ' + raw);
};
for (const e of performance.getEntriesByType('resource')) check('loaded', e.name);
for (const el of document.querySelectorAll('[src],[href],[action],[data-src],[data-tiles]')) {
  for (const a of ['src', 'href', 'action', 'data-src', 'data-tiles']) {
    if (el.hasAttribute(a)) check('<' + el.localName + ' ' + a + '>', el.getAttribute(a));
  }
}
return bad;
";

/// The other hosts the current page references (see [`EXTERNAL_REFERENCES_JS`]).
async fn external_references(b: &Browser) -> Value {
    b.execute(EXTERNAL_REFERENCES_JS, vec![])
        .await
        .expect("list external references")
}

/// The browser console's Content Security Policy refusals since the last call.
async fn csp_refusals(b: &Browser) -> Vec<String> {
    let log = b.browser_log().await.expect("read the browser console");
    log.into_iter()
        .map(|(_, message)| message)
        .filter(|m| m.contains("Content Security Policy"))
        .collect()
}

/// The checks every visited page gets: it references no other host, and the browser logged
/// no Content Security Policy refusal. Records the page in `visited`.
async fn check_page(b: &Browser, visited: &mut Vec<String>) {
    let path = b.current_path().await.expect("current path");
    assert_eq!(
        external_references(b).await,
        json!([]),
        "expected {path} to reference only the test server's origin; found other hosts"
    );
    let refused = csp_refusals(b).await;
    assert!(
        refused.is_empty(),
        "expected no Content Security Policy refusals on {path}; found {refused:?}"
    );
    // No script adds an inline <style> (htmx's indicator rules are in app.css instead).
    let inline_styles = b
        .execute("return document.querySelectorAll('style').length;", vec![])
        .await
        .expect("count the inline styles");
    assert_eq!(
        inline_styles,
        json!(0),
        "expected no inline <style> on {path}"
    );
    let problems = b
        .execute(ACCESSIBILITY_JS, vec![])
        .await
        .expect("run the accessibility checks");
    assert_eq!(
        problems,
        json!([]),
        "expected {path} to pass the basic accessibility checks"
    );
    visited.push(path);
}

/// Basic accessibility checks a page must pass: a language, a title, one h1, a main region,
/// every visible form control labelled, every image with a text alternative, every link and
/// button with a name, and a visible focus ring on the first link.
const ACCESSIBILITY_JS: &str = r"
if (document.contentType !== 'text/html') return [];
const problems = [];
if (!document.documentElement.lang) problems.push('no lang on <html>');
if (!document.title.trim()) problems.push('no <title>');
if (document.querySelectorAll('h1').length !== 1) problems.push(document.querySelectorAll('h1').length + ' h1 elements');
if (!document.querySelector('main')) problems.push('no <main>');
for (const el of document.querySelectorAll('input:not([type=hidden]), select, textarea')) {
  const named = (el.labels && el.labels.length) || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby');
  if (!named) problems.push('unlabelled ' + el.tagName.toLowerCase() + ' ' + (el.name || el.id));
}
for (const img of document.querySelectorAll('img')) {
  if (!img.hasAttribute('alt')) problems.push('img without alt: ' + img.getAttribute('src'));
}
for (const el of document.querySelectorAll('a[href], button')) {
  const name = (el.textContent || '').trim() || el.getAttribute('aria-label') || el.getAttribute('title');
  if (!name && el.offsetParent !== null) problems.push('nameless ' + el.tagName.toLowerCase() + ' ' + (el.getAttribute('href') || el.id));
}
// Focus must show: a :focus-visible rule drawing an outline (a programmatic focus after a
// click does not match :focus-visible, so the style sheet is read instead).
const focusRules = [...document.styleSheets].flatMap(sheet => {
  try { return [...sheet.cssRules]; } catch (e) { return []; }
}).filter(r => r.selectorText && r.selectorText.includes(':focus-visible')
  && r.style && (parseFloat(r.style.outlineWidth) > 0 || (r.style.outline || '').match(/\d/)));
if (!focusRules.length) problems.push('no :focus-visible rule with an outline');
return problems;
";

/// Records failed htmx requests in `window.__e2eErrors` (once per document), so that a
/// refused form submission, which htmx does not swap in, shows in failure messages.
const WATCH_HTMX_JS: &str = r"
if (!window.__e2eErrors) {
  window.__e2eErrors = [];
  for (const kind of ['htmx:responseError', 'htmx:sendError']) {
    document.addEventListener(kind, e => {
      const x = e.detail.xhr;
      window.__e2eErrors.push(kind + ' ' + (x ? x.status + ' ' + x.responseURL + ': ' + (x.responseText || '').slice(0, 300) : ''));
    });
  }
}
return null;
";

/// The page's error alerts and the failed htmx requests, for failure messages.
async fn page_problems(b: &Browser) -> String {
    let js = "return [...document.querySelectorAll('.alert.error')].map(e => e.textContent.trim())
        .concat(window.__e2eErrors || []).join(' | ')";
    let v = b.execute(js, vec![]).await.unwrap_or(Value::Null);
    v.as_str().unwrap_or_default().to_owned()
}

/// Waits for the JavaScript `condition`; on timeout panics with `what`, the error and the
/// page's problems.
async fn wait(b: &Browser, what: &str, condition: &str) {
    if let Err(e) = b.wait_for(condition).await {
        panic!(
            "expected {what}; {e}; errors on the page: {:?}",
            page_problems(b).await
        );
    }
}

async fn find(b: &Browser, css: &str) -> Element {
    b.find(css)
        .await
        .unwrap_or_else(|e| panic!("expected an element `{css}`: {e}"))
}

async fn click(b: &Browser, css: &str) {
    let el = find(b, css).await;
    b.execute(WATCH_HTMX_JS, vec![])
        .await
        .expect("watch htmx requests");
    b.click(&el)
        .await
        .unwrap_or_else(|e| panic!("click `{css}`: {e}"));
}

async fn type_into(b: &Browser, css: &str, text: &str) {
    let el = find(b, css).await;
    b.clear(&el).await.ok();
    b.send_keys(&el, text)
        .await
        .unwrap_or_else(|e| panic!("type into `{css}`: {e}"));
}

async fn attr(b: &Browser, css: &str, name: &str) -> Option<String> {
    let el = find(b, css).await;
    b.attr(&el, name)
        .await
        .unwrap_or_else(|e| panic!("read {name} of `{css}`: {e}"))
}

/// Opens `url` and waits until the page is loaded.
async fn open(b: &Browser, url: &str) {
    b.goto(url)
        .await
        .unwrap_or_else(|e| panic!("open {url}: {e}"));
    wait(
        b,
        &format!("{url} loaded"),
        "document.readyState === 'complete'",
    )
    .await;
}

/// Signs in through form#login-form as a person would (no reload afterwards, so boosted
/// navigation carries on from there) and returns the path it lands on, which must be where
/// `/` sends the session.
async fn sign_in(
    b: &Browser,
    app: &App,
    user: &str,
    password: &str,
    v: &mut Vec<String>,
) -> String {
    open(b, &app.url("/login")).await;
    check_page(b, v).await;
    type_into(b, "form#login-form input#username", user).await;
    type_into(b, "form#login-form input#password", password).await;
    click(b, "form#login-form button#login-submit").await;
    wait(
        b,
        &format!("{user} signed in and taken off /login"),
        "!document.getElementById('login-form') && location.pathname !== '/login'",
    )
    .await;
    let error = page_problems(b).await;
    assert!(
        error.is_empty(),
        "expected {user} to sign in; the page says {error:?}"
    );
    let landed = b.current_path().await.expect("current path");
    assert_eq!(
        home_redirect(b, app).await,
        landed,
        "expected / to send {user} where signing in took them"
    );
    landed
}

/// Where `GET /` sends the browser's session (the `Location` of its redirect).
async fn home_redirect(b: &Browser, app: &App) -> String {
    let cookie = b.cookie_header().await.expect("cookies");
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("HTTP client");
    let resp = client
        .get(app.url("/"))
        .header(reqwest::header::COOKIE, cookie)
        .send()
        .await
        .expect("GET /");
    assert!(
        resp.status().is_redirection(),
        "expected / to redirect a signed-in user, found {}",
        resp.status()
    );
    let location = resp.headers().get(reqwest::header::LOCATION);
    let location = location.and_then(|l| l.to_str().ok()).unwrap_or_default();
    location
        .strip_prefix(&app.base)
        .unwrap_or(location)
        .to_owned()
}

async fn sign_out(b: &Browser) {
    click(b, "button#logout").await;
    wait(
        b,
        "the login page after signing out",
        "location.pathname === '/login' && document.getElementById('login-form')",
    )
    .await;
}

/// What the dashboard shows about the stage and the unit the scenario follows.
#[derive(Debug)]
struct Dashboard {
    /// The commune general plans in `stage`, from the stage-count table.
    count: u64,
    /// The unit's map path: its `data-stage` and `class`.
    map_stage: String,
    map_class: String,
}

/// Opens the province dashboard and reads it once the map has drawn.
async fn read_dashboard(b: &Browser, app: &App, stage: &str, unit: &str) -> Dashboard {
    open(b, &app.url(&format!("/provinces/{PROVINCE}"))).await;
    let table = "table.stage-counts[data-plan-type=commune_general]";
    find(b, table).await;
    let cell = format!("{table} tr[data-stage=\"{stage}\"] td.count");
    let count = match b.find_all(&cell).await.expect("find the count").first() {
        Some(el) => {
            let text = b.text(el).await.expect("count text");
            let digits: String = text.chars().filter(char::is_ascii_digit).collect();
            digits
                .parse()
                .unwrap_or_else(|_| panic!("expected a number in `{cell}`, found {text:?}"))
        }
        // A stage nobody is in may have no row.
        None => 0,
    };
    if let Err(e) = b
        .wait_for_within(
            "document.querySelector('#map[data-loaded=\"true\"]')",
            Duration::from_secs(20),
        )
        .await
    {
        panic!("expected the map to draw (#map[data-loaded=true]): {e}");
    }
    let path = format!("#map [data-unit=\"{unit}\"]");
    Dashboard {
        count,
        map_stage: attr(b, &path, "data-stage").await.unwrap_or_default(),
        map_class: attr(b, &path, "class").await.unwrap_or_default(),
    }
}

/// The download link in the row of table#documents that shows `title`.
async fn document_link(b: &Browser, title: &str) -> String {
    let js = "return [...document.querySelectorAll('table#documents tr')]
        .filter(tr => tr.textContent.includes(arguments[0]))
        .map(tr => tr.querySelector('a[href*=\"/documents/\"]'))
        .filter(a => a)
        .map(a => a.href)[0] || null";
    let v = b
        .execute(js, vec![json!(title)])
        .await
        .expect("find the link");
    v.as_str()
        .unwrap_or_else(|| {
            panic!("expected a download link in the row of {title:?} in table#documents")
        })
        .to_owned()
}

/// GETs `url` with the browser's cookies.
async fn download(b: &Browser, url: &str) -> Vec<u8> {
    let cookie = b.cookie_header().await.expect("cookies");
    let resp = reqwest::Client::new()
        .get(url)
        .header(reqwest::header::COOKIE, cookie)
        .send()
        .await
        .unwrap_or_else(|e| panic!("GET {url}: {e}"));
    let status = resp.status();
    assert_eq!(status, reqwest::StatusCode::OK, "expected 200 for {url}");
    resp.bytes().await.expect("body").to_vec()
}

/// The page is no wider than the window (no sideways scrolling).
async fn assert_fits(b: &Browser, what: &str) {
    let v = b
        .execute(
            "return [document.documentElement.scrollWidth, window.innerWidth]",
            vec![],
        )
        .await
        .expect("measure the page");
    let (scroll, inner) = (v[0].as_f64().unwrap_or(0.0), v[1].as_f64().unwrap_or(0.0));
    assert!(
        scroll <= inner + 1.0,
        "expected {what} to fit the phone's width {inner}px; it is {scroll}px wide"
    );
}

// ---------------------------------------------------------------------------------------------
// Tests

/// The WebDriver client itself, on pages that exist whatever the templates do.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn webdriver_client_drives_chromium() {
    let Some(driver) = chromedriver_or_skip("webdriver_client_drives_chromium") else {
        return;
    };
    let app = common::spawn_app().await;
    let b = start_browser(&driver).await;

    open(&b, &app.url("/assets/vendor/htmx/htmx.min.js")).await;
    let state = b
        .execute("return document.readyState", vec![])
        .await
        .expect("execute");
    assert_eq!(state, json!("complete"));
    let body = b.text(&find(&b, "body").await).await.expect("text");
    assert!(
        body.contains("htmx"),
        "expected htmx's source, found {body:.80}"
    );
    assert_eq!(
        b.current_url().await.expect("url"),
        app.url("/assets/vendor/htmx/htmx.min.js")
    );

    let mut visited = Vec::new();
    check_page(&b, &mut visited).await;

    open(&b, &app.url("/healthz")).await;
    let body = b.text(&find(&b, "body").await).await.expect("text");
    assert!(!body.is_empty(), "expected a health report, found nothing");

    // A form on a data: page: typing, clicking, attributes, file inputs, async scripts.
    let page = "data:text/html;charset=utf-8,<title>t</title>\
        <input id=t name=t><input id=f type=file>\
        <button id=b onclick=\"document.body.dataset.clicked=document.getElementById('t').value\">b</button>\
        <p class=x>one</p><p class=x>two</p>";
    open(&b, page).await;
    type_into(&b, "#t", "xin chào").await;
    click(&b, "#b").await;
    b.wait_for("document.body.dataset.clicked === 'xin chào'")
        .await
        .expect("the click ran with the typed text");
    assert_eq!(
        attr(&b, "body", "data-clicked").await.as_deref(),
        Some("xin chào")
    );
    assert_eq!(attr(&b, "#t", "data-none").await, None);
    let input = find(&b, "#t").await;
    assert_eq!(
        b.property(&input, "value").await.expect("property"),
        json!("xin chào")
    );
    assert_eq!(b.find_all("p.x").await.expect("find_all").len(), 2);
    assert!(b.find_all("p.none").await.expect("find_all").is_empty());

    let file = std::env::temp_dir().join(format!("plantrack-e2e-{}.pdf", uuid::Uuid::new_v4()));
    let pdf = common::minimal_pdf("smoke");
    std::fs::write(&file, &pdf).expect("write the PDF");
    let el = find(&b, "#f").await;
    b.send_keys(&el, file.to_str().expect("UTF-8 path"))
        .await
        .expect("choose the file");
    let size = b
        .execute("return arguments[0].files[0].size", vec![el.to_arg()])
        .await
        .expect("file size");
    assert_eq!(size, json!(pdf.len()));
    let _ = std::fs::remove_file(&file);

    let sum = b
        .execute_async(
            "const done = arguments[arguments.length - 1]; setTimeout(() => done(arguments[0] + 1), 10)",
            vec![json!(41)],
        )
        .await
        .expect("execute_async");
    assert_eq!(sum, json!(42));

    let short = b
        .wait_for_within("false", Duration::from_millis(300))
        .await
        .expect_err("a false condition times out");
    assert_eq!(short.code, "timeout");
    let wrong = b.find_now("#nothing-here").await.expect_err("no element");
    assert_eq!(wrong.code, "no such element");

    // The page checks catch what they are for.
    let offending = "data:text/html;charset=utf-8,\
        <meta http-equiv=\"Content-Security-Policy\" content=\"script-src 'none'\">\
        <a href=\"https://example.invalid/x\">x</a><script>1</script>";
    open(&b, offending).await;
    let external = external_references(&b).await;
    assert_eq!(
        external,
        json!(["<a href>: https://example.invalid/x"]),
        "expected the link to another host to be reported"
    );
    let refused = csp_refusals(&b).await;
    assert!(
        !refused.is_empty(),
        "expected the refused inline script in the console log"
    );

    b.set_window_rect(375, 812).await.expect("resize");
    let width = b
        .execute("return window.innerWidth", vec![])
        .await
        .expect("width");
    assert_eq!(width, json!(375), "expected the viewport to be 375px wide");
    screenshot(&b, "smoke.png").await;
    let png = std::fs::read(screenshot_dir().join("smoke.png")).expect("read the screenshot");
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "expected a PNG");
    b.quit().await.expect("quit");
}

/// The commune officer attaches a document and moves their dossier on; the province's
/// leadership sees it on the dashboard and the map; the pages speak three languages, fit a
/// phone and reference nothing off the server.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn commune_moves_a_dossier_and_the_province_sees_it() {
    let Some(driver) = chromedriver_or_skip("commune_moves_a_dossier_and_the_province_sees_it")
    else {
        return;
    };
    let app = common::spawn_app().await;
    let password = load_demo(&app.planning).await;
    let target = pick_target(&app.planning).await;
    eprintln!("scenario dossier: {target:?}");
    let officer = format!("xa-{}", target.unit);
    let dossier_path = format!("/dossiers/{}", target.dossier);
    let b = start_browser(&driver).await;
    let v = &mut Vec::new();

    // a. The leadership's dashboard before.
    let home = sign_in(&b, &app, "lanhdao", &password, v).await;
    assert_eq!(
        home,
        format!("/provinces/{PROVINCE}"),
        "expected lanhdao's home to be the province dashboard"
    );
    let before = read_dashboard(&b, &app, &target.next_stage, &target.unit).await;
    check_page(&b, v).await;
    assert_eq!(
        before.map_stage, target.stage,
        "expected the map to show unit {} in stage {}",
        target.unit, target.stage
    );
    screenshot(&b, "dashboard-before.png").await;
    sign_out(&b).await;
    check_page(&b, v).await;

    // b. The commune officer attaches the missing document and moves the dossier on.
    let home = sign_in(&b, &app, &officer, &password, v).await;
    assert_eq!(
        home,
        format!("/units/{}", target.unit),
        "expected {officer}'s home to be their unit"
    );
    check_page(&b, v).await;
    screenshot(&b, "unit.png").await;
    click(&b, &format!("a.dossier-link[href$=\"{dossier_path}\"]")).await;
    wait(
        &b,
        &format!("the dossier page {dossier_path}"),
        &format!(
            "location.pathname === '{dossier_path}' && document.querySelector('#stage[data-stage=\"{}\"]')",
            target.stage
        ),
    )
    .await;
    check_page(&b, v).await;

    let tag = uuid::Uuid::new_v4().simple().to_string();
    let title = format!("Tài liệu thử nghiệm e2e {tag}");
    let pdf = common::minimal_pdf(&format!("plantrack e2e {tag}"));
    let file = std::env::temp_dir().join(format!("plantrack-e2e-{}.pdf", uuid::Uuid::new_v4()));
    std::fs::write(&file, &pdf).expect("write the PDF");
    let form = "form#upload-form";
    click(
        &b,
        &format!(
            "{form} select[name=kind] option[value=\"{}\"]",
            target.document_kind
        ),
    )
    .await;
    type_into(&b, &format!("{form} [name=title]"), &title).await;
    type_into(
        &b,
        &format!("{form} [name=reason]"),
        "Nộp tài liệu (kiểm thử trình duyệt)",
    )
    .await;
    let input = find(&b, &format!("{form} input#file")).await;
    b.send_keys(&input, file.to_str().expect("UTF-8 path"))
        .await
        .expect("choose the file");
    click(&b, &format!("{form} button#upload-submit")).await;
    wait(
        &b,
        &format!("the uploaded document {title:?} in table#documents"),
        &format!(
            "[...document.querySelectorAll('table#documents tr')].some(tr => tr.textContent.includes({}))",
            json!(title)
        ),
    )
    .await;
    let _ = std::fs::remove_file(&file);
    check_page(&b, v).await;
    let link = document_link(&b, &title).await;
    assert!(
        link.starts_with(&app.url(&format!("{dossier_path}/documents/"))),
        "expected the download link under {dossier_path}/documents/, found {link}"
    );
    let sha = link.rsplit('/').next().unwrap_or_default();
    assert!(
        sha.len() == 64 && sha.bytes().all(|c| c.is_ascii_hexdigit()),
        "expected the link to end in a SHA-256, found {sha:?}"
    );
    let downloaded = download(&b, &link).await;
    assert!(
        downloaded == pdf,
        "expected {link} to return the {} bytes uploaded, found {} bytes",
        pdf.len(),
        downloaded.len()
    );

    let transition = format!("form.transition[data-action=\"{}\"]", target.action);
    type_into(
        &b,
        &format!("{transition} textarea[name=reason]"),
        "Chuyển bước (kiểm thử trình duyệt)",
    )
    .await;
    click(&b, &format!("{transition} button[type=submit]")).await;
    wait(
        &b,
        &format!(
            "the dossier in stage {} after {}",
            target.next_stage, target.action
        ),
        &format!(
            "document.querySelector('#stage[data-stage=\"{}\"]')",
            target.next_stage
        ),
    )
    .await;
    open(&b, &app.url(&dossier_path)).await;
    let stage = attr(&b, "#stage", "data-stage").await;
    assert_eq!(
        stage.as_deref(),
        Some(target.next_stage.as_str()),
        "expected the reloaded dossier page in the next stage"
    );
    check_page(&b, v).await;
    screenshot(&b, "dossier.png").await;
    sign_out(&b).await;

    // c. The leadership sees the move.
    sign_in(&b, &app, "lanhdao", &password, v).await;
    let after = read_dashboard(&b, &app, &target.next_stage, &target.unit).await;
    check_page(&b, v).await;
    assert_eq!(
        after.count,
        before.count + 1,
        "expected one more commune general plan in {} on the dashboard",
        target.next_stage
    );
    assert_eq!(
        after.map_stage, target.next_stage,
        "expected the map path of unit {} in the next stage",
        target.unit
    );
    assert_ne!(
        after.map_class, before.map_class,
        "expected the map path's classes to change with the stage"
    );
    screenshot(&b, "dashboard.png").await;

    // The meeting's picture: as of the meeting day, compared with a month before.
    b.goto(&format!(
        "{}/provinces/12?as_of=25/11/2025&compare=01/10/2025",
        app.base
    ))
    .await
    .expect("open the dashboard as of the meeting");
    if let Err(e) = b
        .wait_for_within(
            "document.querySelector('#map[data-loaded=\"true\"]')",
            Duration::from_secs(20),
        )
        .await
    {
        panic!("expected the map as of the meeting to draw: {e}");
    }
    let moved = b
        .find_all("#changes ul#advanced li a[href^=\"/dossiers/\"]")
        .await
        .expect("find the advanced list");
    assert!(
        !moved.is_empty(),
        "expected dossiers that advanced between 01/10/2025 and 25/11/2025"
    );
    check_page(&b, v).await;
    screenshot(&b, "dashboard-meeting.png").await;

    // d. Languages.
    for lang in ["en", "id", "vi"] {
        click(&b, &format!("#lang-{lang}")).await;
        wait(
            &b,
            &format!("the page in {lang}"),
            &format!(
                "document.documentElement.lang === '{lang}' && document.readyState === 'complete'"
            ),
        )
        .await;
        check_page(&b, v).await;
    }

    // e. A phone.
    b.set_window_rect(375, 812)
        .await
        .expect("resize to a phone");
    open(&b, &app.url(&format!("/provinces/{PROVINCE}"))).await;
    wait(
        &b,
        "the map drawn",
        "document.querySelector('#map[data-loaded=\"true\"]')",
    )
    .await;
    check_page(&b, v).await;
    let width = b
        .execute("return window.innerWidth", vec![])
        .await
        .expect("width");
    assert!(
        width.as_f64().is_some_and(|w| w <= 400.0),
        "expected a phone-sized viewport, found {width}px"
    );
    assert_fits(&b, "the dashboard").await;
    screenshot(&b, "phone-dashboard.png").await;
    open(&b, &app.url(&dossier_path)).await;
    find(&b, "#stage").await;
    check_page(&b, v).await;
    assert_fits(&b, "the dossier page").await;
    screenshot(&b, "phone-dossier.png").await;

    eprintln!("pages checked: {v:?}");
    b.quit().await.expect("quit");
}

/// A feature id that is markup (issue 12): shown as text wherever a map shows it.
const MARKUP_ID: &str = "\"><img src=x onerror=alert(1)>";

/// The dossier page draws the checked land-use map with its conflicts: a department publishes
/// its layer, the commune uploads its map (through the API), and the page shows both. The
/// residential zone's id is markup: its tooltips show it as text, and no element is made of it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_dossier_page_draws_the_checked_land_use_map() {
    let Some(driver) = chromedriver_or_skip("the_dossier_page_draws_the_checked_land_use_map")
    else {
        return;
    };
    let app = common::spawn_app().await;
    let password = load_demo(&app.planning).await;
    let db = &app.planning;
    let token = |username: &'static str| async move {
        let user = db
            .user(Caller::Operator, username)
            .await
            .expect("a demo account");
        db.create_token(Caller::Operator, user.id, "e2e", chrono::Utc::now())
            .await
            .expect("a token")
            .0
    };
    let (defence, commune) = (token("quansu").await, token("xa-03390").await);
    let square = |id: &str, category: &str, lon: f64, lat: f64, size: f64| {
        json!({"type": "Feature", "id": id, "properties": {"category": category},
            "geometry": {"type": "Polygon", "coordinates": [[
                [lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]]}})
    };
    let client = reqwest::Client::new();
    let published = client
        .post(app.url("/api/v1/layers"))
        .bearer_auth(&defence)
        .json(&json!({"key": "quoc-phong", "name": "Đất quốc phòng", "publish": true,
            "content": {"type": "FeatureCollection", "features": [square("QP-7", "defence_security", 103.677, 22.353, 0.002)]}}))
        .send()
        .await
        .expect("publish the layer");
    assert_eq!(published.status().as_u16(), 201);
    let (list, _) = db
        .dossiers(
            Caller::Operator,
            DossierQuery {
                unit: Some("03390".into()),
                limit: 10,
                ..Default::default()
            },
        )
        .await
        .expect("the commune's dossiers");
    let id = list[0].dossier_id;
    let version = db
        .dossier(Caller::Operator, id)
        .await
        .expect("the dossier")
        .state
        .version;
    let map = json!({"type": "FeatureCollection", "features": [
        square(MARKUP_ID, "residential", 103.676, 22.353, 0.002),
        square("G-1", "green_space", 103.680, 22.353, 0.002),
        square("T-1", "transport", 103.678, 22.3525, 0.0005),
    ]})
    .to_string();
    let boundary = "e2e-boundary";
    let body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"version\"\r\n\r\n{version}\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\ngis_data\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nBản đồ quy hoạch sử dụng đất\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"ban-do.geojson\"\r\n\r\n{map}\r\n--{boundary}--\r\n"
    );
    let uploaded = client
        .post(app.url(&format!("/api/v1/dossiers/{id}/documents")))
        .bearer_auth(&commune)
        .header(
            "content-type",
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(body)
        .send()
        .await
        .expect("upload the map");
    assert_eq!(uploaded.status().as_u16(), 200);

    let b = start_browser(&driver).await;
    let v = &mut Vec::new();
    sign_in(&b, &app, "xa-03390", &password, v).await;
    open(&b, &app.url(&format!("/dossiers/{id}"))).await;
    wait(
        &b,
        "the land-use map drawn",
        "document.querySelector('#landuse-map[data-loaded=\"true\"]')",
    )
    .await;
    let zones = b.find_all("#landuse-map path.zone").await.expect("zones");
    let marks = b
        .find_all("#landuse-map path.conflict-forbidden")
        .await
        .expect("markers");
    assert_eq!(zones.len(), 3, "expected the map's three zones drawn");
    assert_eq!(marks.len(), 1, "expected one forbidden conflict marked");
    // Hover every zone and marker: Leaflet opens each tooltip on mouseover.
    let tooltips = b
        .execute(
            "var shapes = document.querySelectorAll('#landuse-map path');
             shapes.forEach(function (p) {
               var r = p.getBoundingClientRect();
               p.dispatchEvent(new MouseEvent('mouseover', { bubbles: true,
                 clientX: r.left + r.width / 2, clientY: r.top + r.height / 2 }));
             });
             return Array.prototype.map.call(
               document.querySelectorAll('.leaflet-tooltip'),
               function (t) { return [t.textContent, t.querySelectorAll('img').length]; });",
            vec![],
        )
        .await
        .expect("open the tooltips");
    let tooltips: Vec<(String, usize)> = serde_json::from_value(tooltips).expect("tooltips");
    assert!(
        tooltips
            .iter()
            .any(|(text, _)| text == &format!("{MARKUP_ID} · residential")),
        "the zone's id shown literally: {tooltips:?}"
    );
    assert!(
        tooltips
            .iter()
            .any(|(text, _)| text.starts_with(&format!("{MARKUP_ID} × QP-7"))),
        "the conflict's zone shown literally: {tooltips:?}"
    );
    assert!(tooltips.iter().all(|(_, imgs)| *imgs == 0), "{tooltips:?}");
    let injected = b
        .execute(
            "return document.querySelectorAll('img[src=\"x\"]').length",
            vec![],
        )
        .await
        .expect("count images");
    assert_eq!(injected, json!(0), "no element made of the id");
    check_page(&b, v).await;
    b.execute(
        "document.getElementById('landuse').scrollIntoView()",
        vec![],
    )
    .await
    .expect("scroll to the check");
    screenshot(&b, "dossier-landuse.png").await;
}

/// A commune works its inbox and leadership reads the directive tracker, in a real browser,
/// on the demo with the clock at 01/12/2025: Nậm Hàng (03434) missed the task dossiers due
/// 28/11/2025, reports its task done with its evidence, and sees it leave the overdue list;
/// leadership filters the tracker to what is late and finds Nậm Hàng no longer among it. Both
/// pages and the dossier's blockers pass the page checks, on a desktop and on a phone.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_inbox_and_the_directive_tracker() {
    let Some(driver) = chromedriver_or_skip("the_inbox_and_the_directive_tracker") else {
        return;
    };
    let (app, _hand) = common::spawn_app_on("2025-12-01").await;
    let password = load_demo(&app.planning).await;
    let b = start_browser(&driver).await;
    let v = &mut Vec::new();

    sign_in(&b, &app, "xa-03434", &password, v).await;
    open(&b, &app.url("/inbox")).await;
    check_page(&b, v).await;
    let overdue = |n: usize| {
        format!(
            "document.getElementById('inbox-overdue') && \
             document.getElementById('inbox-overdue').textContent.includes('({n})')"
        )
    };
    wait(&b, "one task overdue in the inbox", &overdue(1)).await;
    screenshot(&b, "inbox-overdue.png").await;
    let card = "section[aria-labelledby=inbox-overdue] li[data-task]";
    let task = attr(&b, card, "data-task").await.expect("the task's id");
    type_into(
        &b,
        &format!("{card} input[name=evidence]"),
        "Tờ trình số 15/TTr-UBND ngày 01/12/2025 (thử)",
    )
    .await;
    click(&b, &format!("{card} button[type=submit]")).await;
    wait(&b, "the overdue list emptied", &overdue(0)).await;
    let error = page_problems(&b).await;
    assert!(
        error.is_empty(),
        "expected the report to be taken; the page says {error:?}"
    );
    check_page(&b, v).await;
    screenshot(&b, "inbox-after-report.png").await;
    sign_out(&b).await;
    sign_in(&b, &app, "lanhdao", &password, v).await;
    open(&b, &app.url("/tasks")).await;
    check_page(&b, v).await;
    let rows = |status: &str| {
        format!("document.querySelectorAll('#tasks tr[data-status=\"{status}\"]').length")
    };
    let before_late = b
        .execute(&format!("return {}", rows("late")), vec![])
        .await
        .expect("count");
    assert!(
        before_late.as_u64().is_some_and(|n| n >= 4),
        "late rows: {before_late}"
    );
    b.execute(
        "const s = document.getElementById('status'); s.value = 'late'; s.dispatchEvent(new Event('change', { bubbles: true }));",
        vec![],
    )
    .await
    .expect("choose late");
    click(&b, "form.filters button[type=submit]").await;
    wait(
        &b,
        "the tracker filtered to late tasks",
        "location.search.includes('status=late') && document.readyState === 'complete' && document.getElementById('tasks')",
    )
    .await;
    check_page(&b, v).await;
    let shown = b
        .execute(
            "return [document.querySelectorAll('#tasks tbody tr').length, \
             document.querySelectorAll('#tasks tr[data-status=\"late\"]').length, \
             document.getElementById('tasks').textContent]",
            vec![],
        )
        .await
        .expect("read the tracker");
    assert_eq!(
        shown[0], shown[1],
        "only late tasks after the filter: {shown}"
    );
    assert_eq!(shown[0], before_late, "the same late tasks as unfiltered");
    assert!(
        !shown[2].as_str().unwrap_or_default().contains("Nậm Hàng"),
        "Nậm Hàng reported its task done: {shown}"
    );
    screenshot(&b, "tracker-late.png").await;

    // The task Nậm Hàng reported is done, with its evidence, on the tracker of its directive.
    let reported = app
        .planning
        .tasks(
            Caller::Operator,
            &plantrack_store::follow_up::TaskQuery::default(),
        )
        .await
        .expect("tasks")
        .into_iter()
        .find(|t| t.id.to_string() == task)
        .expect("the reported task");
    assert_eq!(
        reported.status,
        plantrack_domain::follow_up::TaskStatus::Done
    );

    // On a phone: the tracker, the inbox's page and a dossier with its blockers fit.
    b.set_window_rect(375, 812)
        .await
        .expect("resize to a phone");
    open(
        &b,
        &app.url(&format!("/tasks?directive={}", reported.directive)),
    )
    .await;
    check_page(&b, v).await;
    assert_fits(&b, "the directive tracker").await;
    screenshot(&b, "phone-tracker.png").await;
    open(&b, &app.url("/units/03478")).await;
    check_page(&b, v).await;
    assert_fits(&b, "the commune page with its blockers").await;
    click(&b, "a.dossier-link").await;
    wait(
        &b,
        "the dossier page",
        "document.getElementById('blockers') !== null",
    )
    .await;
    check_page(&b, v).await;
    assert_fits(&b, "the dossier page with its blockers").await;
    b.execute(
        "document.getElementById('blockers').scrollIntoView()",
        vec![],
    )
    .await
    .expect("scroll to the blockers");
    screenshot(&b, "phone-dossier-blockers.png").await;
    eprintln!("pages checked: {v:?}");
    b.quit().await.expect("quit");
}
