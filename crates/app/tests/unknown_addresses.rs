//! Addresses a browser asks for that no link names: the site's icon (every page names it, and
//! browsers ask `/favicon.ico` without a link: no 404 on every page), and a mistyped page
//! address, answered with a page in the reader's language while API clients keep their
//! problem document. On both backends.

// A test's helpers fail the test where they fail: unwrapping says where.
#![allow(clippy::unwrap_used, clippy::print_stderr)]

mod common;

use common::pages::{demo_app_on, sign_in};
use common::{PROBLEM_JSON, expect_problem, spawn_app};
use reqwest::StatusCode;
use reqwest::header::{ACCEPT, CONTENT_TYPE, COOKIE};

#[tokio::test]
async fn the_icon_is_linked_and_served() {
    let app = spawn_app().await;
    let login = app.get("/login").await.text().await.unwrap();
    assert!(login.contains(r#"<link rel="icon" href="/assets/favicon.svg""#));
    for path in ["/assets/favicon.svg", "/favicon.ico"] {
        let resp = app.get(path).await;
        assert_eq!(resp.status(), StatusCode::OK, "{path}");
        assert_eq!(resp.headers()["content-type"], "image/svg+xml", "{path}");
        assert!(resp.text().await.unwrap().starts_with("<svg"), "{path}");
    }
}

/// What a browser sends when the address bar is typed in.
const BROWSER_ACCEPT: &str = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

/// The status, the content type and the body of `path` asked as a browser, with `cookie`.
async fn browse(
    client: &reqwest::Client,
    url: &str,
    cookie: Option<&str>,
) -> (StatusCode, String, String) {
    let mut req = client.get(url).header(ACCEPT, BROWSER_ACCEPT);
    if let Some(c) = cookie {
        req = req.header(COOKIE, c);
    }
    let resp = req.send().await.unwrap();
    let status = resp.status();
    let content_type = resp.headers()[CONTENT_TYPE].to_str().unwrap().to_owned();
    (status, content_type, resp.text().await.unwrap())
}

#[tokio::test]
async fn a_mistyped_page_address_is_a_page_in_the_readers_language() {
    let app = spawn_app().await;
    let client = reqwest::Client::new();
    let url = app.url("/dossier/10");

    // Nobody signed in, no choice made: Vietnamese, with the way to the start page.
    let (status, content_type, body) = browse(&client, &url, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    assert!(content_type.starts_with("text/html"), "{content_type}");
    assert!(body.contains(r#"<html lang="vi""#), "{body}");
    assert!(body.contains("<h1>Không tìm thấy trang</h1>"), "{body}");
    assert!(body.contains("Hãy kiểm tra lại địa chỉ"), "{body}");
    assert!(
        body.contains(r#"<a href="/login">Về trang đầu</a>"#),
        "{body}"
    );
    assert!(!body.contains("\"detail\""), "no problem document: {body}");

    // The language cookie the language switch sets.
    let (status, _, body) = browse(&client, &url, Some("plantrack_lang=en")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(body.contains(r#"<html lang="en""#), "{body}");
    assert!(body.contains("<h1>Page not found</h1>"), "{body}");
    assert!(body.contains("Back to the start page"), "{body}");

    // `?lang=` wins over the cookie.
    let (status, _, body) = browse(
        &client,
        &app.url("/dossier/10?lang=id"),
        Some("plantrack_lang=en"),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(body.contains("<h1>Halaman tidak ditemukan</h1>"), "{body}");
}

#[tokio::test]
async fn a_signed_in_reader_is_sent_back_to_their_own_start_page() {
    let (app, _hand, password, client) = demo_app_on("2025-11-25").await;
    let cookie = sign_in(&client, &app.base, "xa-03390", &password).await;
    let (status, _, body) = browse(&client, &app.url("/dossier/10"), Some(&cookie)).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    assert!(body.contains("<h1>Không tìm thấy trang</h1>"), "{body}");
    assert!(
        body.contains(r#"<a href="/units/03390">Về trang đầu</a>"#),
        "the commune's own page: {body}"
    );
}

#[tokio::test]
async fn machines_keep_their_problem_document() {
    let app = spawn_app().await;
    let client = reqwest::Client::new();
    // An API client, a browser opening an API address, OGC and asset addresses, and a page
    // address asked for JSON: none gets a page.
    for (path, accept) in [
        ("/api/v1/nope", "application/json"),
        ("/api/v1/nope", BROWSER_ACCEPT),
        ("/ogc/nope", BROWSER_ACCEPT),
        ("/assets/nope.css", BROWSER_ACCEPT),
        ("/dossier/10", "application/json"),
    ] {
        let resp = client
            .get(app.url(path))
            .header(ACCEPT, accept)
            .send()
            .await
            .unwrap();
        let content_type = common::header(&resp, CONTENT_TYPE.as_str());
        if path.starts_with("/assets/") {
            // The asset route answers a missing file itself, with no body: not a page.
            assert_eq!(resp.status(), StatusCode::NOT_FOUND, "{path}");
            assert!(
                !content_type.starts_with("text/html"),
                "{path}: {content_type}"
            );
            continue;
        }
        assert!(
            content_type.starts_with(PROBLEM_JSON),
            "{path} ({accept}): {content_type}"
        );
        expect_problem(resp, StatusCode::NOT_FOUND, Some("not-found")).await;
    }
}
