//! Accessibility measured by a real tool (issue 18): axe-core, Deque's rules engine, runs in
//! Chromium on every page of the README's tour for each demo role — leadership, a commune
//! officer, the administrator, a resident — and on the pages anyone reaches without signing in.
//! A serious or critical violation fails the test; every page's report (violations and what
//! axe could not decide) is kept as JSON beside the screenshots, `axe-<role>.json`.
//!
//! axe-core comes from the npm registry, pinned with its sha512 by `e2e/axe/package-lock.json`,
//! and is installed by `.ci/axe` into a cache folder outside the repository (or named by
//! `$PLANTRACK_AXE`): the app never serves it, so it stays out of the binary's vendor folder.

use super::*;

/// The pinned version, from `e2e/axe/package.json`.
fn axe_version() -> String {
    let spec: Value = serde_json::from_str(include_str!("axe/package.json")).expect("package.json");
    spec["dependencies"]["axe-core"]
        .as_str()
        .expect("axe-core's version in package.json")
        .to_owned()
}

/// axe-core's source: `$PLANTRACK_AXE`, or where `.ci/axe` installs it. `None` (after a note)
/// when missing and the browser tests are not demanded; a failure when they are.
fn axe_source_or_skip(test: &str) -> Option<String> {
    let path = std::env::var_os("PLANTRACK_AXE")
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME").map(|home| {
                Path::new(&home)
                    .join(".cache/plantrack")
                    .join(format!("axe-core-{}", axe_version()))
                    .join("node_modules/axe-core/axe.min.js")
            })
        });
    if let Some(source) = path.as_ref().and_then(|p| std::fs::read_to_string(p).ok()) {
        return Some(source);
    }
    assert!(
        std::env::var("PLANTRACK_BROWSER_TESTS").as_deref() != Ok("1"),
        "PLANTRACK_BROWSER_TESTS=1 requires {test}, but axe-core is not at {path:?} \
         (install it: .ci/axe, or set $PLANTRACK_AXE to an axe.min.js)"
    );
    eprintln!("skipping {test}: no axe-core at {path:?} (run .ci/axe)");
    None
}

/// Runs axe on the document with its default rules (WCAG 2.0–2.2 A and AA, and best
/// practices) and returns its results, the passes left out. A script WebDriver runs is not
/// subject to the page's Content Security Policy, so the page itself is not loosened.
async fn axe_run(b: &Browser, source: &str) -> Value {
    let loaded = b
        .execute(&format!("{source}\n;return typeof window.axe;"), vec![])
        .await
        .expect("load axe-core into the page");
    assert_eq!(loaded, json!("object"), "expected axe-core loaded");
    b.execute_async(
        "const done = arguments[arguments.length - 1];
         axe.run(document, { resultTypes: ['violations', 'incomplete'] })
           .then(r => done({ url: r.url, engine: r.testEngine, violations: r.violations,
                             incomplete: r.incomplete }))
           .catch(e => done({ error: String(e) }));",
        vec![],
    )
    .await
    .expect("run axe-core")
}

/// Waits until what a page loads after it opens — the map, the forecast — is there.
async fn settle(b: &Browser, page: &str) {
    if let Err(e) = b
        .wait_for_within(
            "document.readyState === 'complete' \
             && !document.querySelector('#map[data-src]:not([data-loaded])') \
             && !document.querySelector('[hx-trigger=\"load\"]')",
            Duration::from_secs(20),
        )
        .await
    {
        panic!("expected {page} to finish loading: {e}");
    }
}

/// The serious and critical violations of a report, one line each: the rule, its impact, the
/// page, what it asks and the first elements concerned.
fn serious(page: &str, report: &Value) -> Vec<String> {
    let mut out = Vec::new();
    for v in report["violations"].as_array().into_iter().flatten() {
        let impact = v["impact"].as_str().unwrap_or_default();
        if !matches!(impact, "serious" | "critical") {
            continue;
        }
        let nodes = v["nodes"].as_array().map_or(&[][..], Vec::as_slice);
        let shown: Vec<String> = nodes
            .iter()
            .take(3)
            .map(|n| {
                format!(
                    "{} ({})",
                    n["target"],
                    n["failureSummary"]
                        .as_str()
                        .unwrap_or_default()
                        .replace('\n', " ")
                )
            })
            .collect();
        out.push(format!(
            "{page}: {} [{impact}] {} — {} element(s): {}",
            v["id"].as_str().unwrap_or_default(),
            v["help"].as_str().unwrap_or_default(),
            nodes.len(),
            shown.join("; ")
        ));
    }
    out
}

/// The pages anyone reaches without an account: signing in, the OGC API – Features pages
/// (the public collections, a page of features and one feature) and a page that is not there.
const ANONYMOUS_PAGES: [&str; 6] = [
    "/login",
    "/ogc?f=html",
    "/ogc/collections?f=html",
    "/ogc/collections/units/items?f=html",
    "/ogc/collections/units/items/03390?f=html",
    "/no-such-page",
];

/// Pages the README names beyond a role's navigation and the tour's first dossier, meeting and
/// template: the dashboard as of the meeting compared with a month before, the directive
/// tracker, a commune seen by the province, and a dossier that is not there.
fn more_pages(role: &str) -> &'static [&'static str] {
    match role {
        "lanhdao" | "admin" => &[
            "/provinces/12?as_of=25/11/2025&compare=01/10/2025",
            "/tasks",
            "/tasks?status=late",
            "/units/03390",
            "/dossiers/999999",
        ],
        "xa-03390" => &["/tasks"],
        _ => &[],
    }
}

/// axe-core finds no serious or critical violation on any page of the README's tour, for
/// leadership, a commune officer, the administrator and a resident, nor on the public pages;
/// leadership's tour also in English and Indonesian.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn axe_finds_no_serious_violation_on_any_page() {
    let Some(driver) = chromedriver_or_skip("axe_finds_no_serious_violation_on_any_page") else {
        return;
    };
    let Some(source) = axe_source_or_skip("axe_finds_no_serious_violation_on_any_page") else {
        return;
    };
    let app = common::spawn_app().await;
    let password = load_demo(&app.planning).await;
    let b = start_browser(&driver).await;
    let v = &mut Vec::new();
    let mut problems = Vec::new();
    let mut pages_run = 0;
    let mut all = 0;
    // Every role in Vietnamese, and leadership's tour again in English and Indonesian: a
    // language changes the texts, and with them labels, lengths and the page's `lang`.
    let runs = [
        ("anonymous", "vi"),
        ("lanhdao", "vi"),
        ("xa-03390", "vi"),
        ("admin", "vi"),
        ("congdan", "vi"),
        ("lanhdao", "en"),
        ("lanhdao", "id"),
    ];
    for (role, lang) in runs {
        let pages: Vec<String> = if role == "anonymous" {
            ANONYMOUS_PAGES.iter().map(|p| (*p).to_owned()).collect()
        } else {
            sign_in(&b, &app, role, &password, v).await;
            // The account keeps the language it was last switched to.
            click(&b, &format!("#lang-{lang}")).await;
            wait(
                &b,
                &format!("the page in {lang}"),
                &format!("document.documentElement.lang === '{lang}' && document.readyState === 'complete'"),
            )
            .await;
            let mut pages = tour(&b, &app).await;
            pages.extend(more_pages(role).iter().map(|p| (*p).to_owned()));
            pages
        };
        let mut reports = Vec::new();
        for page in pages {
            open(&b, &app.url(&page)).await;
            settle(&b, &page).await;
            let report = axe_run(&b, &source).await;
            assert!(
                report.get("error").is_none(),
                "expected axe to run on {page}: {report}"
            );
            problems.extend(serious(&format!("{role} ({lang}) {page}"), &report));
            all += report["violations"].as_array().map_or(0, Vec::len);
            pages_run += 1;
            reports.push(json!({ "role": role, "language": lang, "page": page, "report": report }));
        }
        let file = screenshot_dir().join(if lang == "vi" {
            format!("axe-{role}.json")
        } else {
            format!("axe-{role}-{lang}.json")
        });
        std::fs::write(
            &file,
            serde_json::to_vec_pretty(&reports).expect("the report as JSON"),
        )
        .unwrap_or_else(|e| panic!("write {}: {e}", file.display()));
        eprintln!("axe report: {}", file.display());
        if role != "anonymous" {
            sign_out(&b).await;
        }
    }
    eprintln!(
        "axe-core {} ran on {pages_run} pages: {} serious or critical, {all} violations in all",
        axe_version(),
        problems.len()
    );
    assert!(
        pages_run >= 30,
        "expected the tour's pages for every role, ran on {pages_run}"
    );
    assert!(
        problems.is_empty(),
        "expected no serious or critical accessibility violation (axe-core):\n{}",
        problems.join("\n")
    );
    b.quit().await.expect("quit");
}
