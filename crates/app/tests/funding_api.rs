//! Funding over the JSON API (issue 16) on the demo: the Department of Construction reads the
//! summary of Decision 2785/QĐ-UBND; the Department of Finance pays under a contract, and a
//! payment past its value is a 409 problem in the reader's language with the figures; a
//! commune may not pay; an amount with decimals or beyond i64 is refused; nothing refused is
//! stored; the API document describes the funding paths.

// A test's helpers fail the test where they fail: unwrapping says where.
#![allow(clippy::unwrap_used, clippy::print_stderr)]

mod common;

use common::{PROBLEM_JSON, spawn_app_on};
use plantrack_domain::access::Role;
use reqwest::StatusCode;
use reqwest::header::{ACCEPT_LANGUAGE, CONTENT_TYPE};
use serde_json::{Value, json};

#[tokio::test]
async fn finance_pays_within_the_contract_and_refusals_give_the_figures() {
    let (app, _hand) = spawn_app_on("2025-12-20").await;
    plantrack::demo::load(&app.planning, &mut |_| {})
        .await
        .unwrap();
    let finance = app
        .organisation_token("Sở Tài chính tỉnh Lai Châu", Role::DepartmentOfficer)
        .await;
    let construction = app.provincial_token(Role::Leadership).await;
    let commune = app
        .organisation_token("UBND xã Pa Ủ", Role::CommuneOfficer)
        .await;
    let get = |path: String, token: String| {
        let app = &app;
        async move {
            app.client
                .get(app.url(&path))
                .bearer_auth(token)
                .send()
                .await
                .unwrap()
        }
    };
    let summary = || async {
        let r = get("/api/v1/funding".into(), construction.clone()).await;
        assert_eq!(r.status(), StatusCode::OK);
        r.json::<Value>().await.unwrap()
    };
    let before = summary().await;
    assert_eq!(before["decisions"][0]["number"], "2785/QĐ-UBND");
    let contracts: Value = get("/api/v1/funding/contracts".into(), finance.clone())
        .await
        .json()
        .await
        .unwrap();
    let c = contracts["contracts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["paid_vnd"] == 0)
        .unwrap()
        .clone();
    let id = c["id"].as_i64().unwrap();
    let value = c["value_vnd"].as_i64().unwrap();
    let pay = |token: &str, body: Value, lang: &str| {
        app.client
            .post(app.url(&format!("/api/v1/funding/contracts/{id}/payments")))
            .bearer_auth(token)
            .header(ACCEPT_LANGUAGE, lang)
            .json(&body)
            .send()
    };
    // Past the contract's value: 409, with the value in Vietnamese figures.
    let r = pay(
        &finance,
        json!({"amount_vnd": value + 1, "kind": "advance", "paid_on": "2025-12-01"}),
        "vi",
    )
    .await
    .unwrap();
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert_eq!(r.headers()[CONTENT_TYPE], PROBLEM_JSON);
    let problem: Value = r.json().await.unwrap();
    let shown = {
        let digits = value.to_string();
        let mut out = String::new();
        for (i, ch) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push('.');
            }
            out.push(ch);
        }
        out
    };
    assert!(
        problem["detail"].as_str().unwrap().contains(&shown),
        "{problem}"
    );
    // Decimals, beyond i64, negative: refused as a client's error, in any language.
    for amount in [json!(1.5), json!(1e30), json!(-5)] {
        let r = pay(
            &finance,
            json!({"amount_vnd": amount, "kind": "advance", "paid_on": "2025-12-01"}),
            "en",
        )
        .await
        .unwrap();
        assert!(r.status().is_client_error(), "{amount}: {}", r.status());
        assert_eq!(r.headers()[CONTENT_TYPE], PROBLEM_JSON);
    }
    // A commune does not pay.
    let r = pay(
        &commune,
        json!({"amount_vnd": 1, "kind": "advance", "paid_on": "2025-12-01"}),
        "id",
    )
    .await
    .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(summary().await, before, "refusals store nothing");
    // Finance pays an advance.
    let r = pay(
        &finance,
        json!({"amount_vnd": value / 2, "kind": "advance", "paid_on": "2025-12-01", "document": "UNC 9"}),
        "vi",
    )
    .await
    .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let after = summary().await;
    assert_eq!(
        after["decisions"][0]["paid_vnd"].as_i64().unwrap(),
        before["decisions"][0]["paid_vnd"].as_i64().unwrap() + value / 2
    );
    // The commune reads its own unit's money only.
    let own: Value = get("/api/v1/funding".into(), commune.clone())
        .await
        .json()
        .await
        .unwrap();
    let units = own["units"].as_array().unwrap();
    assert!(units.len() <= 1, "{own}");
    // The API document describes the funding paths.
    let doc: Value = app
        .client
        .get(app.url("/api/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    for path in [
        "/api/v1/funding",
        "/api/v1/funding/decisions",
        "/api/v1/funding/contracts/{id}/payments",
    ] {
        assert!(doc["paths"][path].is_object(), "{path} missing");
    }
}

/// Nobody signed in reads no money: the country's summary and contracts answer 401, not the
/// province's figures (schemathesis found them open).
#[tokio::test]
async fn nobody_signed_in_reads_no_money() {
    let (app, _hand) = common::spawn_app_on("2025-12-20").await;
    plantrack::demo::load(&app.planning, &mut |_| {})
        .await
        .unwrap();
    for path in [
        "/api/v1/funding",
        "/api/v1/funding/contracts",
        "/api/v1/funding?province=12",
        "/api/v1/funding/contracts?province=12",
    ] {
        let resp = app.client.get(app.url(path)).send().await.unwrap();
        assert_eq!(
            resp.status(),
            reqwest::StatusCode::UNAUTHORIZED,
            "{path}: {}",
            resp.text().await.unwrap_or_default()
        );
    }
}
