//! Signing in and out through the API: the session cookie, rotation, CSRF and cross-site
//! checks, API tokens, and the lockout after repeated failures. On both backends.

// A test's helpers fail the test where they fail: unwrapping says where.
#![allow(clippy::unwrap_used, clippy::print_stderr)]

mod common;

use common::{expect_problem, spawn_app};
use plantrack_domain::access::Caller;
use plantrack_domain::access::{OrgKind, Role};
use plantrack_store::accounts::NewUser;
use reqwest::StatusCode;
use reqwest::header::{AUTHORIZATION, COOKIE, SET_COOKIE};
use serde_json::{Value, json};

const PASSWORD: &str = "mật-khẩu-đủ-dài-2025";

/// An appraiser of the Department of Construction, Lai Châu.
async fn appraiser(app: &common::TestApp) -> i64 {
    let db = &app.planning;
    let org = db
        .create_organisation(
            Caller::Operator,
            OrgKind::ConstructionDept,
            "Sở Xây dựng tỉnh Lai Châu",
            "12",
            None,
        )
        .await
        .unwrap();
    db.create_user(
        Caller::Operator,
        NewUser {
            username: "thamdinh".into(),
            display_name: "Chuyên viên thẩm định".into(),
            password: PASSWORD.into(),
            role: Role::Appraiser,
            organisation_id: org.id,
        },
    )
    .await
    .unwrap()
    .id
}

fn session_cookie(resp: &reqwest::Response) -> String {
    let set = resp.headers()[SET_COOKIE].to_str().unwrap().to_owned();
    assert!(
        set.contains("HttpOnly") && set.contains("SameSite=Lax"),
        "{set}"
    );
    set.split(';').next().unwrap().to_owned()
}

async fn sign_in(app: &common::TestApp, password: &str, cookie: Option<&str>) -> reqwest::Response {
    let mut req = app
        .client
        .post(app.url("/api/v1/session"))
        .json(&json!({"username": "thamdinh", "password": password}));
    if let Some(c) = cookie {
        req = req.header(COOKIE, c);
    }
    req.send().await.unwrap()
}

async fn whoami(app: &common::TestApp, cookie: &str) -> StatusCode {
    app.client
        .get(app.url("/api/v1/session"))
        .header(COOKIE, cookie)
        .send()
        .await
        .unwrap()
        .status()
}

#[tokio::test]
async fn sign_in_uses_a_fresh_http_only_session_and_sign_out_ends_it() {
    let app = spawn_app().await;
    app.seed_units().await;
    appraiser(&app).await;

    let refused = sign_in(&app, "wrong password here", None).await;
    // A wrong password is said as such, not as "sign in first".
    let problem = expect_problem(refused, StatusCode::UNAUTHORIZED, Some("bad-credentials")).await;
    assert_eq!(problem["title"], "Sai tên đăng nhập hoặc mật khẩu");

    let first = sign_in(&app, PASSWORD, None).await;
    assert_eq!(first.status(), StatusCode::OK);
    let first_cookie = session_cookie(&first);
    let body: Value = first.json().await.unwrap();
    assert_eq!(body["principal"]["role"], "appraiser");
    assert_eq!(body["csrf_token"].as_str().unwrap().len(), 64);
    assert_eq!(whoami(&app, &first_cookie).await, StatusCode::OK);

    // Signing in again with the old cookie ends the old session: a fixed session is useless.
    let second = sign_in(&app, PASSWORD, Some(&first_cookie)).await;
    let second_cookie = session_cookie(&second);
    let csrf = second.json::<Value>().await.unwrap()["csrf_token"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_ne!(first_cookie, second_cookie);
    assert_eq!(whoami(&app, &first_cookie).await, StatusCode::UNAUTHORIZED);
    assert_eq!(whoami(&app, &second_cookie).await, StatusCode::OK);

    // A change riding on the cookie needs the session's CSRF token.
    let without = app
        .client
        .delete(app.url("/api/v1/session"))
        .header(COOKIE, &second_cookie)
        .send()
        .await
        .unwrap();
    expect_problem(without, StatusCode::FORBIDDEN, Some("forbidden")).await;
    let wrong = app
        .client
        .delete(app.url("/api/v1/session"))
        .header(COOKIE, &second_cookie)
        .header("x-csrf-token", "0".repeat(64))
        .send()
        .await
        .unwrap();
    expect_problem(wrong, StatusCode::FORBIDDEN, Some("forbidden")).await;
    assert_eq!(
        whoami(&app, &second_cookie).await,
        StatusCode::OK,
        "refusals changed nothing"
    );

    let out = app
        .client
        .delete(app.url("/api/v1/session"))
        .header(COOKIE, &second_cookie)
        .header("x-csrf-token", &csrf)
        .send()
        .await
        .unwrap();
    assert_eq!(out.status(), StatusCode::NO_CONTENT);
    assert!(
        out.headers()[SET_COOKIE]
            .to_str()
            .unwrap()
            .contains("Max-Age=0")
    );
    assert_eq!(whoami(&app, &second_cookie).await, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn cross_site_requests_are_refused() {
    let app = spawn_app().await;
    for (name, value) in [
        ("sec-fetch-site", "cross-site"),
        ("origin", "https://evil.example"),
    ] {
        let resp = app
            .client
            .post(app.url("/api/v1/session"))
            .header(name, value)
            .json(&json!({"username": "x", "password": "y"}))
            .send()
            .await
            .unwrap();
        expect_problem(resp, StatusCode::FORBIDDEN, Some("forbidden")).await;
    }
    // Same-origin requests pass the guard (and then fail on the credentials).
    let host = app.base.trim_start_matches("http://").to_owned();
    let resp = app
        .client
        .post(app.url("/api/v1/session"))
        .header("origin", format!("http://{host}"))
        .header("sec-fetch-site", "same-origin")
        .json(&json!({"username": "x", "password": "y y y y y y"}))
        .send()
        .await
        .unwrap();
    expect_problem(resp, StatusCode::UNAUTHORIZED, Some("bad-credentials")).await;
}

#[tokio::test]
async fn api_tokens_work_until_revoked() {
    let app = spawn_app().await;
    app.seed_units().await;
    let user = appraiser(&app).await;
    let db = &app.planning;
    let (secret, info) = db
        .create_token(Caller::Operator, user, "tích hợp", chrono::Utc::now())
        .await
        .unwrap();
    let me = |token: String| {
        app.client
            .get(app.url("/api/v1/session"))
            .header(AUTHORIZATION, format!("Bearer {token}"))
            .send()
    };
    let ok = me(secret.clone()).await.unwrap();
    assert_eq!(ok.status(), StatusCode::OK);
    assert_eq!(
        ok.json::<Value>().await.unwrap()["principal"]["username"],
        "thamdinh"
    );
    expect_problem(
        me("pt_nottoken".into()).await.unwrap(),
        StatusCode::UNAUTHORIZED,
        Some("unauthorized"),
    )
    .await;
    db.revoke_token(Caller::Operator, info.id).await.unwrap();
    expect_problem(
        me(secret).await.unwrap(),
        StatusCode::UNAUTHORIZED,
        Some("unauthorized"),
    )
    .await;
}

#[tokio::test]
async fn repeated_failures_lock_the_account() {
    let app = spawn_app().await;
    app.seed_units().await;
    appraiser(&app).await;
    for _ in 0..5 {
        let resp = sign_in(&app, "not the password", None).await;
        assert_eq!(resp.status(), StatusCode::UNAUTHORIZED);
    }
    // Locked now, even with the right password; told when to come back.
    let locked = sign_in(&app, PASSWORD, None).await;
    let wait: u64 = locked.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((14 * 60..=15 * 60).contains(&wait), "{wait}");
    let problem = expect_problem(locked, StatusCode::TOO_MANY_REQUESTS, Some("locked")).await;
    // In minutes and Vietnam's local time (dd/mm/yyyy HH:MM), not a UTC timestamp.
    let detail = problem["detail"].as_str().unwrap();
    assert!(detail.contains("thử lại sau 15 phút (lúc "), "{detail}");
    let at = detail.split("(lúc ").nth(1).unwrap().trim_end_matches(").");
    assert!(
        chrono::NaiveDateTime::parse_from_str(at, "%d/%m/%Y %H:%M").is_ok(),
        "{detail}"
    );
    assert!(!detail.contains("UTC"), "{detail}");
}

#[tokio::test]
async fn password_change_ends_sessions_and_tokens_and_the_audit_is_for_leadership() {
    let app = spawn_app().await;
    app.seed_units().await;
    let user = appraiser(&app).await;
    let (token, _) = app
        .planning
        .create_token(Caller::Operator, user, "t", chrono::Utc::now())
        .await
        .unwrap();
    let change = |current: &str, new: &str| {
        app.client
            .post(app.url("/api/v1/session/password"))
            .bearer_auth(&token)
            .json(&json!({"current_password": current, "new_password": new}))
            .send()
    };
    expect_problem(
        change("not the password", "một-mật-khẩu-mới-dài")
            .await
            .unwrap(),
        StatusCode::UNAUTHORIZED,
        None,
    )
    .await;
    let short = expect_problem(
        change(PASSWORD, "ngắn").await.unwrap(),
        StatusCode::UNPROCESSABLE_ENTITY,
        None,
    )
    .await;
    assert_eq!(short["field"], "password");
    let signed_in = sign_in(&app, PASSWORD, None).await;
    let cookie = session_cookie(&signed_in);
    assert_eq!(
        change(PASSWORD, "một-mật-khẩu-mới-dài")
            .await
            .unwrap()
            .status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        whoami(&app, &cookie).await,
        StatusCode::UNAUTHORIZED,
        "sessions end with the change"
    );
    assert_eq!(
        sign_in(&app, PASSWORD, None).await.status(),
        StatusCode::UNAUTHORIZED
    );
    // A failure at an address the account signed in from waits 1 s before the next try.
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let now = app
        .client
        .post(app.url("/api/v1/session"))
        .json(&json!({"username": "thamdinh", "password": "một-mật-khẩu-mới-dài"}))
        .send()
        .await
        .unwrap();
    assert_eq!(now.status(), StatusCode::OK);
    // The token made under the old password went with it.
    let revoked = app
        .client
        .get(app.url("/api/v1/session"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    expect_problem(revoked, StatusCode::UNAUTHORIZED, Some("unauthorized")).await;
    let (token, _) = app
        .planning
        .create_token(Caller::Operator, user, "t2", chrono::Utc::now())
        .await
        .unwrap();

    // The audit: not for an appraiser, for leadership; anonymous readers must sign in.
    let audit = |t: Option<String>| {
        let req = app.client.get(app.url("/api/v1/audit"));
        match t {
            Some(t) => req.bearer_auth(t),
            None => req,
        }
        .send()
    };
    expect_problem(
        audit(Some(token.clone())).await.unwrap(),
        StatusCode::FORBIDDEN,
        Some("forbidden"),
    )
    .await;
    expect_problem(
        audit(None).await.unwrap(),
        StatusCode::UNAUTHORIZED,
        Some("unauthorized"),
    )
    .await;
    let lead = app.provincial_token(Role::Leadership).await;
    let report: Value = audit(Some(lead)).await.unwrap().json().await.unwrap();
    assert!(report["first_broken"].is_null(), "{report}");
}
