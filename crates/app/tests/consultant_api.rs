//! Consultant firms over the JSON API (issue 16), on the demo with the clock at 26/11/2025:
//! leadership reads the capacity page (Tây Bắc's lead over the limit, Hoàng Liên's certificate
//! expiring during its assignments); Tân Uyên reads who works on its dossier;
//! a bad tax code and a refused assignment come back as problem+json in the reader's language
//! and store nothing; a firm reads only its own record.

// A test's helpers fail the test where they fail: unwrapping says where.
#![allow(clippy::unwrap_used)]

mod common;

use common::{PROBLEM_JSON, spawn_app_on};
use plantrack_domain::access::Role;
use reqwest::StatusCode;
use reqwest::header::{ACCEPT_LANGUAGE, CONTENT_TYPE};
use serde_json::{Value, json};

#[tokio::test]
async fn the_capacity_page_and_refusals_over_the_api() {
    let (app, _hand) = spawn_app_on("2025-11-26").await;
    plantrack::demo::load(&app.planning, &mut |_| {})
        .await
        .unwrap();
    let leader = app.provincial_token(Role::Leadership).await;
    let commune = app
        .organisation_token("UBND xã Tân Uyên", Role::CommuneOfficer)
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

    let c: Value = get(
        "/api/v1/provinces/12/consultant-capacity".into(),
        leader.clone(),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(c["max_plans_per_lead"], 4);
    assert_eq!(c["firms_over_limit"], 1);
    let over: Vec<&str> = c["firms"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["over_limit"] == true)
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    assert_eq!(over, ["Công ty CP Tư vấn Quy hoạch Tây Bắc (demo)"]);
    let warned: std::collections::BTreeSet<&str> = c["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["holder"].as_str().unwrap())
        .collect();
    assert_eq!(
        warned.into_iter().collect::<Vec<_>>(),
        ["Công ty TNHH Kiến trúc và Quy hoạch Hoàng Liên (demo)"]
    );

    let firms: Value = get("/api/v1/consultant-firms".into(), leader.clone())
        .await
        .json()
        .await
        .unwrap();
    let firms = firms["firms"].as_array().unwrap().clone();
    assert_eq!(firms.len(), 4);

    // A bad tax code: 422 problem+json in Vietnamese, nothing stored.
    let doc = app
        .organisation_token("Sở Xây dựng tỉnh Lai Châu", Role::Appraiser)
        .await;
    let resp = app
        .client
        .post(app.url("/api/v1/consultant-firms"))
        .bearer_auth(&doc)
        .header(ACCEPT_LANGUAGE, "vi")
        .json(&json!({
            "name": "Công ty Thử", "province": "12", "tax_code": "12345", "address": "Lai Châu",
            "certificate": {"number": "X-1", "grade": "II", "issuer": "Sở Xây dựng",
                            "issued_on": "2024-01-01", "expires_on": "2029-01-01"}
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(resp.headers()[CONTENT_TYPE], PROBLEM_JSON);
    let problem: Value = resp.json().await.unwrap();
    assert!(
        problem["detail"].as_str().unwrap().contains("mã số thuế"),
        "{problem}"
    );
    let again: Value = get("/api/v1/consultant-firms".into(), leader.clone())
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(again["firms"].as_array().unwrap().len(), 4);

    // Tân Uyên's dossier: its firm and lead; a commune may not register firms.
    let dossiers: Value = get("/api/v1/dossiers?unit=03598".into(), commune.clone())
        .await
        .json()
        .await
        .unwrap();
    let dossier = dossiers["items"][0]["dossier_id"].as_i64().unwrap();
    let on: Value = get(
        format!("/api/v1/dossiers/{dossier}/consultants"),
        commune.clone(),
    )
    .await
    .json()
    .await
    .unwrap();
    let roles: Vec<&str> = on["assignments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["role"].as_str().unwrap())
        .collect();
    assert_eq!(roles, ["firm", "lead"]);
    let resp = app
        .client
        .put(app.url("/api/v1/provinces/12/consultant-limit"))
        .bearer_auth(&commune)
        .json(&json!({"max_plans_per_lead": 10}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::FORBIDDEN);

    // A grade III firm assigned by the commune: refused, explained in English.
    let resp = app
        .client
        .post(app.url("/api/v1/consultant-firms"))
        .bearer_auth(&doc)
        .json(&json!({
            "name": "Công ty Hạng Ba", "province": "12", "tax_code": "6200777777", "address": "Lai Châu",
            "certificate": {"number": "X-3", "grade": "III", "issuer": "Sở Xây dựng",
                            "issued_on": "2024-01-01", "expires_on": "2029-01-01"}
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::CREATED);
    let third: Value = resp.json().await.unwrap();
    let resp = app
        .client
        .post(app.url("/api/v1/consultant-assignments"))
        .bearer_auth(&commune)
        .header(ACCEPT_LANGUAGE, "en")
        .json(&json!({"dossier_id": dossier, "firm_id": third["id"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let problem: Value = resp.json().await.unwrap();
    assert!(
        problem["detail"]
            .as_str()
            .unwrap()
            .contains("Grade III does not cover"),
        "{problem}"
    );

    let doc_json: Value = get("/api/openapi.json".into(), leader.clone())
        .await
        .json()
        .await
        .unwrap();
    assert!(doc_json["paths"]["/api/v1/consultant-firms"].is_object());
}
