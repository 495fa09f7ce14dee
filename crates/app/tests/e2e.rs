//! End-to-end browser tests: a real headless Chromium, driven over WebDriver, against the app
//! on its own database with the Lai Châu demo loaded as `plantrack serve --demo` loads it.
//!
//! They need `chromedriver` (on `PATH` or at `$PLANTRACK_CHROMEDRIVER`) and Chromium
//! (`/usr/bin/chromium` or `$PLANTRACK_CHROMIUM`). Without them the tests skip with a note,
//! unless `PLANTRACK_BROWSER_TESTS=1` (as in CI), where a missing driver is a failure.
//! Screenshots of each big step land in `<target dir>/screenshots/`, with the accessibility
//! reports of axe-core (`e2e/accessibility.rs`, installed by `.ci/axe`).

// A test's helpers fail the test where they fail: unwrapping says where.
#![allow(clippy::unwrap_used, clippy::print_stderr)]

mod common;

#[path = "e2e/webdriver.rs"]
mod webdriver;

#[path = "e2e/accessibility.rs"]
mod accessibility;

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

    // The phone measure finds what sticks out, innermost first, and a table scrolling in its box.
    let wide = "data:text/html;charset=utf-8,<title>t</title><body style=margin:0>\
        <main><p id=wide style=width:600px><span class=inner style=display:inline-block;width:700px>x</span></p>\
        <div class=table-wrap style=overflow-x:auto><table id=t style=width:900px><tr><td>x</td></tr></table></div></main>";
    open(&b, wide).await;
    let m = b.execute(OVERFLOW_JS, vec![]).await.expect("measure");
    assert_eq!(m["inner"], json!(375), "{m}");
    assert_eq!(m["scroll"], json!(700), "{m}");
    assert_eq!(m["wide"][0]["element"], json!("span.inner"), "{m}");
    assert_eq!(m["scrolling"][0]["element"], json!("table#t"), "{m}");
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

// ---------------------------------------------------------------------------------------------
// Print

/// `pdftotext` and `pdfinfo` (poppler-utils), or `false` (after a note) when the print test
/// should be skipped; panics when `PLANTRACK_BROWSER_TESTS=1` demands it.
fn poppler_or_skip(test: &str) -> bool {
    let found = |tool: &str| std::process::Command::new(tool).arg("-v").output().is_ok();
    if found("pdftotext") && found("pdfinfo") {
        return true;
    }
    assert!(
        std::env::var("PLANTRACK_BROWSER_TESTS").as_deref() != Ok("1"),
        "PLANTRACK_BROWSER_TESTS=1 requires {test}, but pdftotext or pdfinfo is missing \
         (install: apt-get install -y poppler-utils)"
    );
    eprintln!("skipping {test}: no pdftotext or pdfinfo (poppler-utils)");
    false
}

/// The PDF's page count, from `pdfinfo`.
fn pdf_pages(pdf: &Path) -> usize {
    let out = std::process::Command::new("pdfinfo")
        .arg(pdf)
        .output()
        .expect("run pdfinfo");
    assert!(out.status.success(), "pdfinfo {}", pdf.display());
    let info = String::from_utf8_lossy(&out.stdout);
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("expected a page count from pdfinfo, found {info}"))
}

/// The text of each page of the PDF, from `pdftotext` (pages end with a form feed).
fn pdf_page_texts(pdf: &Path) -> Vec<String> {
    let out = std::process::Command::new("pdftotext")
        .args(["-layout".as_ref(), pdf.as_os_str(), "-".as_ref()])
        .output()
        .expect("run pdftotext");
    assert!(out.status.success(), "pdftotext {}", pdf.display());
    let text = String::from_utf8(out.stdout).expect("UTF-8 text");
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_owned).collect();
    // The last form feed ends the last page.
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    pages
}

/// Spaces collapsed, so that a text the PDF wrapped or spaced out still matches.
fn squeeze(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The map's size, the units (by code) not wholly inside it, how many stage labels show and
/// the pairs of shown labels that overlap (by their text), as a JavaScript function.
const MAP_FIT_JS: &str = r"function () {
  const m = document.getElementById('map').getBoundingClientRect();
  const units = [...document.querySelectorAll('#map path.unit')];
  const outside = units.filter(p => {
    const r = p.getBoundingClientRect();
    return r.left < m.left - 1 || r.top < m.top - 1 || r.right > m.right + 1 || r.bottom > m.bottom + 1;
  }).map(p => p.getAttribute('data-unit'));
  const labels = [...document.querySelectorAll('#map .leaflet-tooltip.stage-label')]
    .filter(l => getComputedStyle(l).visibility !== 'hidden')
    .map(l => [l.textContent, l.getBoundingClientRect()]);
  const overlaps = [];
  labels.forEach(([t, a], i) => labels.slice(i + 1).forEach(([u, b]) => {
    if (a.left < b.right && a.right > b.left && a.top < b.bottom && a.bottom > b.top) overlaps.push(t + '/' + u);
  }));
  return { width: m.width, height: m.height, units: units.length, outside: outside,
           labels: labels.length, overlaps: overlaps };
}";

/// The map measured by [`MAP_FIT_JS`] shows most units' stage labels and none overlapping.
fn assert_labels_apart(map: &Value, what: &str) {
    let (units, labels) = (map["units"].as_u64(), map["labels"].as_u64());
    assert!(
        units.zip(labels).is_some_and(|(u, l)| u > 0 && 2 * l >= u),
        "expected most of {what}'s units labelled with their stage: {map}"
    );
    assert_eq!(
        map["overlaps"],
        json!([]),
        "expected no stage labels overlapping on {what}: {map}"
    );
}

/// Leadership prints the dashboard for the meeting (issue 18): a few A4 pages, the map whole
/// with its legend on the same page, and none of the forms, buttons or navigation. Printed as
/// it opens and as of the meeting compared with a month before (the longest view).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn print_dashboard() {
    let Some(driver) = chromedriver_or_skip("print_dashboard") else {
        return;
    };
    if !poppler_or_skip("print_dashboard") {
        return;
    }
    let app = common::spawn_app().await;
    let password = load_demo(&app.planning).await;
    let b = start_browser(&driver).await;
    let v = &mut Vec::new();
    sign_in(&b, &app, "lanhdao", &password, v).await;
    let dashboard = format!("/provinces/{PROVINCE}");
    print_and_check(&b, &app, &dashboard, "dashboard-print.pdf", v).await;
    let meeting = format!("{dashboard}?as_of=25/11/2025&compare=01/10/2025");
    print_and_check(&b, &app, &meeting, "dashboard-meeting-print.pdf", v).await;
    b.quit().await.expect("quit");
}

/// Opens the dashboard at `path`, prints it to `<screenshots>/<file>` and checks the PDF.
async fn print_and_check(b: &Browser, app: &App, path: &str, file: &str, v: &mut Vec<String>) {
    open(b, &app.url(path)).await;
    if let Err(e) = b
        .wait_for_within(
            "document.querySelector('#map[data-loaded=\"true\"]') \
             && !document.querySelector('section#forecast-risk[hx-trigger]')",
            Duration::from_secs(20),
        )
        .await
    {
        panic!("expected the map drawn and the forecast loaded: {e}");
    }
    check_page(b, v).await;
    // What the page shows, in its language, to look for in the PDF.
    let texts = b
        .execute(
            "const t = s => document.querySelector(s).textContent.trim();
             return [t('#map-title'), t('#map-legend h3'),
                     t('#map-legend li[data-stage=\"\"]'),
                     t('label[for=compare]'), t('#report-download button'),
                     t('#lang-id'), t('#main-nav a')];",
            vec![],
        )
        .await
        .expect("read the page's texts");
    let texts: Vec<String> = serde_json::from_value(texts).expect("texts");
    let [
        map_title,
        legend_title,
        unplanned,
        compare,
        download,
        language,
        nav,
    ] = &texts[..]
    else {
        panic!("expected seven texts, found {texts:?}");
    };

    let pdf = screenshot_dir().join(file);
    // How the map stands when the browser lays the page out for paper: measured by a
    // beforeprint listener added after map.js's own, so it sees the map refitted.
    b.execute(
        &format!("addEventListener('beforeprint', () => {{ window.__printFit = ({MAP_FIT_JS})(); }}, {{ once: true }});"),
        vec![],
    )
    .await
    .expect("watch the print");
    b.print_pdf(&pdf).await.expect("print the dashboard");
    let on_paper = b
        .execute("return window.__printFit || null", vec![])
        .await
        .expect("read the map as printed");
    eprintln!("the map as printed: {on_paper}");
    assert!(
        on_paper["units"].as_u64().is_some_and(|n| n > 0),
        "expected the browser to announce the print (beforeprint) with the map drawn: {on_paper}"
    );
    // 180 mm × 110 mm at 96 CSS pixels to the inch.
    let (width, height) = (180.0 / 25.4 * 96.0, 110.0 / 25.4 * 96.0);
    assert!(
        on_paper["width"]
            .as_f64()
            .is_some_and(|w| (w - width).abs() < 2.0)
            && on_paper["height"]
                .as_f64()
                .is_some_and(|h| (h - height).abs() < 2.0),
        "expected the map at its printed size, 180 × 110 mm ({width:.0} × {height:.0} px): {on_paper}"
    );
    assert_eq!(
        on_paper["outside"],
        json!([]),
        "expected every unit inside the printed map: {on_paper}"
    );
    assert_labels_apart(&on_paper, "the printed map");
    let on_screen = b
        .execute(&format!("return ({MAP_FIT_JS})()"), vec![])
        .await
        .expect("measure the map after printing");
    assert_eq!(
        on_screen["outside"],
        json!([]),
        "expected every unit inside the map on screen again after printing: {on_screen}"
    );
    assert_labels_apart(&on_screen, "the map on a desktop screen");
    eprintln!("printed: {}", pdf.display());
    let count = pdf_pages(&pdf);
    let pages: Vec<String> = pdf_page_texts(&pdf).iter().map(|p| squeeze(p)).collect();
    assert_eq!(pages.len(), count, "pdftotext and pdfinfo disagree");
    eprintln!("{path} printed on {count} A4 pages");
    // Since issue 16 the dashboard also carries the money and the firms over their limit:
    // with the meeting's compare lists that is one page more than the 4 it took before.
    assert!(
        count <= 5,
        "expected {path} on at most 5 A4 pages, found {count}"
    );

    let on = |text: &str| -> Vec<usize> {
        let text = squeeze(text);
        (0..pages.len())
            .filter(|&i| pages[i].contains(&text))
            .collect()
    };
    let map_page = on(map_title);
    assert_eq!(
        map_page.len(),
        1,
        "expected the map's heading {map_title:?} on one page, found it on pages {map_page:?}"
    );
    for text in [legend_title, unplanned] {
        assert_eq!(
            on(text),
            map_page,
            "expected {text:?} on the map's page {map_page:?}"
        );
    }
    for text in [compare, download, language, nav] {
        assert!(
            on(text).is_empty(),
            "expected {text:?} (a form, a button or the navigation) not printed; it is on pages {:?}",
            on(text)
        );
    }
}

// ---------------------------------------------------------------------------------------------
// A phone

/// What sticks out sideways on the current page: the document's and the window's width, the
/// elements reaching past the window's right edge (widest first, not counting what a
/// scrolling or clipping box holds), and the table boxes that scroll sideways.
const OVERFLOW_JS: &str = r"
const vw = window.innerWidth;
const name = el => el.localName + (el.id ? '#' + el.id : '')
  + (el.classList.length ? '.' + [...el.classList].join('.') : '');
const wide = [];
const walk = (el, depth) => {
  for (const c of el.children) {
    const cs = getComputedStyle(c);
    if (cs.display === 'none') continue;
    const r = c.getBoundingClientRect();
    if (r.right > vw + 1) {
      wide.push({ element: name(c), right: Math.round(r.right), width: Math.round(r.width), depth,
                  text: (c.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 60) });
    }
    if (cs.overflowX === 'visible') walk(c, depth + 1);
  }
};
walk(document.body, 0);
// The widest first; of equally wide ones the innermost, which is the one to fix.
wide.sort((a, b) => b.right - a.right || b.depth - a.depth);
const scrolling = [...document.querySelectorAll('.table-wrap')]
  .filter(w => w.scrollWidth > w.clientWidth + 1)
  .map(w => ({ element: name(w.querySelector('table') || w), label: w.getAttribute('aria-label') || '',
               width: w.scrollWidth, room: w.clientWidth }));
return { scroll: document.documentElement.scrollWidth, inner: vw, wide: wide.slice(0, 3), scrolling };
";

/// The pages a role reaches from its navigation, plus one of each kind of page the README's
/// tour opens from them (a dossier, a meeting, a workflow template), in the order visited.
async fn tour(b: &Browser, app: &App) -> Vec<String> {
    let hrefs = |css: &'static str| async move {
        let v = b
            .execute(
                "return [...document.querySelectorAll(arguments[0])].map(a => a.getAttribute('href'))",
                vec![json!(css)],
            )
            .await
            .expect("read the links");
        serde_json::from_value::<Vec<String>>(v).expect("links")
    };
    let mut pages = hrefs("#main-nav a").await;
    for (list, detail) in [
        ("/dossiers", r"^/dossiers/\d+$"),
        ("/meetings", r"^/meetings/\d+$"),
        ("/templates", r"^/templates/[^/?]+$"),
        ("/consultation-rounds", r"^/consultation-rounds/\d+$"),
        // Issue 16: a firm from the capacity page, a decision from the money page.
        ("/provinces/12/consultants", r"^/consultant-firms/\d+$"),
        ("/provinces/12/funding", r"^/funding/decisions/\d+$"),
    ] {
        if !pages.iter().any(|p| p == list) {
            continue;
        }
        open(b, &app.url(list)).await;
        let found = b
            .execute(
                "const re = new RegExp(arguments[0]);
                 return [...document.querySelectorAll('main a[href]')].map(a => a.getAttribute('href'))
                   .find(h => re.test(h)) || null",
                vec![json!(detail)],
            )
            .await
            .expect("find a link");
        if let Some(href) = found.as_str() {
            pages.push(href.to_owned());
        }
    }
    // Issue 19: the appraisal workspace, from the first dossier page that links it.
    if let Some(dossier) = pages
        .iter()
        .find(|p| p.starts_with("/dossiers/") && p[10..].chars().all(|c| c.is_ascii_digit()))
        .cloned()
    {
        open(b, &app.url(&dossier)).await;
        if let Some(workspace) = hrefs("main a[href$='/appraisal']").await.into_iter().next() {
            pages.push(workspace);
        }
    }
    // Issue 19: plans side by side, from the dashboard that links it (to leadership).
    open(b, &app.url("/")).await;
    if let Some(compare) = hrefs("main a[href*='/appraisal-comparison?']")
        .await
        .into_iter()
        .next()
    {
        pages.push(compare);
    }
    // The moderation queue of a round with a public page, where one of the first rounds'
    // pages links it (to the commune's officers only).
    if pages.iter().any(|p| p == "/consultation-rounds") {
        open(b, &app.url("/consultation-rounds")).await;
        let mut rounds = hrefs("main a[href^='/consultation-rounds/']").await;
        rounds.dedup();
        for round in rounds.into_iter().take(3) {
            open(b, &app.url(&round)).await;
            if let Some(queue) = hrefs("#public-links a[href$='/moderation']")
                .await
                .into_iter()
                .next()
            {
                pages.push(queue);
                break;
            }
        }
    }
    pages
}

/// The appraiser records a finding in the workspace on a phone: opens the item's form, picks
/// the verdict, says what must change, and reads the finding in the item's row; the pass is
/// then held back by it, and the page says so. The page passes the page checks.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_appraiser_records_a_finding_in_the_workspace() {
    let Some(driver) = chromedriver_or_skip("the_appraiser_records_a_finding_in_the_workspace")
    else {
        return;
    };
    let (app, _hand) = common::spawn_app_on("2025-12-15").await;
    let password = load_demo(&app.planning).await;
    let b = start_browser(&driver).await;
    b.set_window_rect(375, 812)
        .await
        .expect("resize to a phone");
    let v = &mut Vec::new();
    sign_in(&b, &app, "thamdinh", &password, v).await;
    open(&b, &app.url("/dossiers/1/appraisal")).await;
    check_page(&b, v).await;
    assert_fits(&b, "the appraisal workspace").await;
    screenshot(&b, "appraisal-workspace.png").await;
    let row = "tr[data-key=phasing]";
    click(&b, &format!("{row} details.record-finding summary")).await;
    click(
        &b,
        &format!("{row} input[name=verdict][value=needs_revision]"),
    )
    .await;
    type_into(
        &b,
        &format!("{row} textarea[name=comment]"),
        "Bổ sung danh mục dự án ưu tiên giai đoạn 2026-2030 (thử)",
    )
    .await;
    click(
        &b,
        &format!("{row} details.record-finding button[type=submit]"),
    )
    .await;
    wait(
        &b,
        "the finding in the item's row",
        "document.querySelector('tr[data-key=phasing] p.finding') && \
         document.querySelector('tr[data-key=phasing] p.finding').textContent.includes('2026-2030')",
    )
    .await;
    let error = page_problems(&b).await;
    assert!(
        error.is_empty(),
        "expected the finding taken; the page says {error:?}"
    );
    let held = b
        .execute(
            "return [...document.querySelectorAll('#needing-revision li')].map(li => li.textContent)",
            vec![],
        )
        .await
        .expect("the items holding the pass");
    assert!(
        held.to_string()
            .contains("Kế hoạch thực hiện theo giai đoạn"),
        "the new finding holds the pass: {held}"
    );
    check_page(&b, v).await;
    assert_fits(&b, "the workspace after a finding").await;
    screenshot(&b, "appraisal-workspace-finding.png").await;
    let state = app
        .planning
        .dossier(plantrack_domain::access::Caller::Operator, 1)
        .await
        .expect("the dossier")
        .state;
    let last = state.findings.last().expect("a finding stored");
    assert_eq!(
        (last.item.as_str(), last.by.as_str()),
        ("phasing", "Chuyên viên thẩm định (demo)")
    );
    b.quit().await.expect("quit");
}

/// Every page of the README's tour, for each demo role, on a 375 × 812 phone: nothing wider
/// than the window, no table scrolling sideways (they become stacked cards), the map's stage
/// labels apart, and the checks every page gets ([`check_page`]). A screenshot
/// of each in `<screenshots>/phone-<role>-<page>.png`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_fits_a_phone() {
    let Some(driver) = chromedriver_or_skip("every_page_fits_a_phone") else {
        return;
    };
    let app = common::spawn_app().await;
    let password = load_demo(&app.planning).await;
    let b = start_browser(&driver).await;
    b.set_window_rect(375, 812)
        .await
        .expect("resize to a phone");
    let v = &mut Vec::new();
    let mut problems = Vec::new();
    let mut seen = 0;
    // Mường Kim's officer (`xa-03637`) runs the demo's online round: its tour reaches the
    // moderation queue of the public page.
    for role in ["lanhdao", "xa-03390", "admin", "xa-03637"] {
        sign_in(&b, &app, role, &password, v).await;
        for page in tour(&b, &app).await {
            open(&b, &app.url(&page)).await;
            if let Err(e) = b
                .wait_for_within(
                    "!document.querySelector('#map[data-src]:not([data-loaded])')",
                    Duration::from_secs(20),
                )
                .await
            {
                panic!("expected the map on {page} drawn: {e}");
            }
            check_page(&b, v).await;
            if b.find_all("#map").await.expect("find the map").len() == 1 {
                let map = b
                    .execute(&format!("return ({MAP_FIT_JS})()"), vec![])
                    .await
                    .expect("measure the map");
                assert_labels_apart(&map, &format!("the map on a phone ({page})"));
            }
            let m = b.execute(OVERFLOW_JS, vec![]).await.expect("measure");
            let (scroll, inner) = (
                m["scroll"].as_f64().unwrap_or(0.0),
                m["inner"].as_f64().unwrap_or(0.0),
            );
            assert!(inner <= 400.0, "expected a phone-sized window, found {m}");
            if scroll > inner + 1.0 {
                problems.push(format!(
                    "{role} {page}: {scroll}px wide in a {inner}px window; widest: {}",
                    m["wide"]
                ));
            }
            if m["scrolling"].as_array().is_some_and(|s| !s.is_empty()) {
                problems.push(format!(
                    "{role} {page}: tables scroll sideways: {}",
                    m["scrolling"]
                ));
            }
            let slug: String = page
                .trim_start_matches('/')
                .chars()
                .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
                .collect();
            screenshot(&b, &format!("phone-{role}-{slug}.png")).await;
            // The parts a phone makes hardest, each in view: the map, the first table.
            for (part, css) in [("map", "#map"), ("table", "main table.cards")] {
                let shown = b
                    .execute(
                        "const e = document.querySelector(arguments[0]);
                         if (e) e.scrollIntoView({ block: 'start' });
                         return !!e;",
                        vec![json!(css)],
                    )
                    .await
                    .expect("scroll");
                if shown == json!(true) {
                    screenshot(&b, &format!("phone-{role}-{slug}-{part}.png")).await;
                }
            }
            seen += 1;
        }
        sign_out(&b).await;
    }
    eprintln!("{seen} pages measured at 375 px");
    assert!(
        problems.is_empty(),
        "expected every page to fit a 375-px phone:\n{}",
        problems.join("\n")
    );
    b.quit().await.expect("quit");
}

// ---------------------------------------------------------------------------------------------
// The public consultation page (issue 15, item 3)

/// A resident on a 375-px phone, not signed in, reads Mường Kim's public consultation page of
/// the demo (open on its 15/12/2025), marks a place on the map and sends an opinion; nothing
/// overflows the phone's width before or after.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_resident_sends_an_opinion_from_a_phone() {
    let Some(driver) = chromedriver_or_skip("a_resident_sends_an_opinion_from_a_phone") else {
        return;
    };
    let (app, hand) = common::spawn_app_on("2025-12-15").await;
    load_demo(&app.planning).await;
    let round = app
        .planning
        .consultations(
            Caller::Operator,
            &plantrack_store::consultation::ConsultationQuery {
                unit: Some(plantrack::demo::public_consultation::UNIT.into()),
                dossier: None,
            },
        )
        .await
        .unwrap()
        .into_iter()
        // The demo's online round, open on its day (the commune's earlier round has closed).
        .find(|r| r.open)
        .expect("an open round")
        .id;
    let b = start_browser(&driver).await;
    let v = &mut Vec::new();
    b.set_window_rect(375, 812)
        .await
        .expect("resize to a phone");
    open(&b, &app.url(&format!("/consultations/{round}"))).await;
    check_page(&b, v).await;
    assert_fits(&b, "the public consultation page").await;
    wait(
        &b,
        "the map drawn",
        "document.getElementById('public-map').dataset.loaded === 'true'",
    )
    .await;
    let published = b
        .execute(
            "return document.querySelectorAll('#published li.opinion').length",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(published, json!(3), "the demo's three published opinions");
    screenshot(&b, "phone-public-consultation.png").await;

    // A click on the map fills the hidden place fields.
    b.execute(
        "document.getElementById('public-map').scrollIntoView()",
        vec![],
    )
    .await
    .expect("scroll to the map");
    click(&b, "#public-map").await;
    wait(
        &b,
        "the place filled by the click",
        "document.getElementById('public-lon').value !== ''",
    )
    .await;
    type_into(&b, "#public-hamlet", "Bản Mường Kim").await;
    type_into(
        &b,
        "#public-text",
        "Đề nghị làm thêm sân thể thao cho bản (e2e)",
    )
    .await;
    // The resident took a while to write.
    hand.later(30);
    click(&b, "#public-send").await;
    wait(
        &b,
        "the thank-you",
        "document.getElementById('sent') !== null",
    )
    .await;
    check_page(&b, v).await;
    assert_fits(&b, "the public page after sending").await;
    screenshot(&b, "phone-public-consultation-sent.png").await;
    let queue = app
        .planning
        .moderation_queue(Caller::Operator, round)
        .await
        .unwrap();
    let mine = queue
        .iter()
        .find(|i| i.opinion.text.contains("(e2e)"))
        .expect("the opinion is in the queue");
    assert!(mine.point.is_some(), "with the place clicked");
    b.quit().await.expect("quit");
}
