//! Every page names the site's icon, and the address browsers ask without a link answers
//! with it: no 404 on every page. On both backends.

// A test's helpers fail the test where they fail: unwrapping says where.
#![allow(clippy::unwrap_used, clippy::print_stderr)]

mod common;

use common::spawn_app;
use reqwest::StatusCode;

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
