//! Who may read what: offices read within their scope, residents and anonymous readers only
//! published plans, and reading outside one's scope is refused. On the demo, both backends.

// A test's helpers fail the test where they fail: unwrapping says where.
#![allow(clippy::unwrap_used, clippy::print_stderr)]

mod common;

use common::{TestApp, expect_problem, spawn_app};
use reqwest::StatusCode;
use serde_json::Value;

async fn get(app: &TestApp, path: &str, token: Option<&str>) -> reqwest::Response {
    let req = app.client.get(app.url(path));
    let req = match token {
        Some(t) => req.bearer_auth(t),
        None => req,
    };
    req.send().await.unwrap()
}

#[tokio::test]
async fn reading_follows_the_accounts_scope() {
    let app = spawn_app().await;
    app.load_demo().await;
    // Dossier 22 is Mường Tè's (03445) commune general plan; dossier 1 is Tân Uyên's, whose
    // consultant is the first demo firm.
    let muong_te = app
        .token_for(("UBND xã Mường Tè", "commune_pc"), "03445")
        .await;
    let sin_ho = app
        .token_for(("UBND xã Sìn Hồ", "commune_pc"), "03478")
        .await;
    let leadership = app
        .token_for(("Lãnh đạo UBND tỉnh", "provincial_pc"), "03445")
        .await;
    let firm = app
        .token_for(
            ("Công ty CP Tư vấn Quy hoạch Tây Bắc (demo)", "consultant"),
            "03598",
        )
        .await;

    expect_problem(
        get(&app, "/api/v1/dossiers/22", None).await,
        StatusCode::UNAUTHORIZED,
        Some("unauthorized"),
    )
    .await;
    assert_eq!(
        get(&app, "/api/v1/dossiers/22", Some(&muong_te))
            .await
            .status(),
        StatusCode::OK
    );
    assert_eq!(
        get(&app, "/api/v1/dossiers/22/events", Some(&muong_te))
            .await
            .status(),
        StatusCode::OK
    );
    expect_problem(
        get(&app, "/api/v1/dossiers/22", Some(&sin_ho)).await,
        StatusCode::FORBIDDEN,
        Some("forbidden"),
    )
    .await;
    expect_problem(
        get(&app, "/api/v1/dossiers/22/events", Some(&sin_ho)).await,
        StatusCode::FORBIDDEN,
        Some("forbidden"),
    )
    .await;
    assert_eq!(
        get(&app, "/api/v1/dossiers/22", Some(&leadership))
            .await
            .status(),
        StatusCode::OK
    );
    assert_eq!(
        get(&app, "/api/v1/dossiers/1", Some(&firm)).await.status(),
        StatusCode::OK
    );
    expect_problem(
        get(&app, "/api/v1/dossiers/22", Some(&firm)).await,
        StatusCode::FORBIDDEN,
        Some("forbidden"),
    )
    .await;

    // Lists are narrowed to the scope; asking outside it is refused.
    let own: Value = get(&app, "/api/v1/dossiers", Some(&muong_te))
        .await
        .json()
        .await
        .unwrap();
    let items = own["items"].as_array().unwrap();
    assert!(!items.is_empty());
    assert!(
        items.iter().all(|d| d["plan"]["unit_code"] == "03445"),
        "{own}"
    );
    expect_problem(
        get(&app, "/api/v1/dossiers?unit=03478", Some(&muong_te)).await,
        StatusCode::FORBIDDEN,
        Some("forbidden"),
    )
    .await;
    let firms: Value = get(&app, "/api/v1/dossiers", Some(&firm))
        .await
        .json()
        .await
        .unwrap();
    assert!(firms["total"].as_i64().unwrap() > 0);
    for d in firms["items"].as_array().unwrap() {
        let id = d["dossier_id"].as_i64().unwrap();
        assert_eq!(
            get(&app, &format!("/api/v1/dossiers/{id}"), Some(&firm))
                .await
                .status(),
            StatusCode::OK
        );
    }
    let province: Value = get(&app, "/api/v1/dossiers", Some(&leadership))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(province["total"], 41);
    // Anonymous readers see published plans only; the demo has none yet.
    let public: Value = get(&app, "/api/v1/dossiers", None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(public["total"], 0);

    // Reports: the province's for its offices, a unit's for its commune, none for others.
    assert_eq!(
        get(&app, "/api/v1/progress?province=12", Some(&leadership))
            .await
            .status(),
        StatusCode::OK
    );
    expect_problem(
        get(&app, "/api/v1/progress?province=12", Some(&muong_te)).await,
        StatusCode::FORBIDDEN,
        Some("forbidden"),
    )
    .await;
    expect_problem(
        get(&app, "/api/v1/progress", Some(&leadership)).await,
        StatusCode::FORBIDDEN,
        Some("forbidden"),
    )
    .await;
    expect_problem(
        get(&app, "/api/v1/progress?province=12", None).await,
        StatusCode::UNAUTHORIZED,
        Some("unauthorized"),
    )
    .await;
    assert_eq!(
        get(&app, "/api/v1/units/03445/progress", Some(&muong_te))
            .await
            .status(),
        StatusCode::OK
    );
    expect_problem(
        get(&app, "/api/v1/units/03445/progress", Some(&sin_ho)).await,
        StatusCode::FORBIDDEN,
        Some("forbidden"),
    )
    .await;
}

#[tokio::test]
async fn the_province_map_colours_units_by_stage_within_budget() {
    let app = spawn_app().await;
    app.load_demo().await;
    let leadership = app
        .token_for(("Lãnh đạo UBND tỉnh", "provincial_pc"), "03445")
        .await;
    let commune = app
        .token_for(("UBND xã Mường Tè", "commune_pc"), "03445")
        .await;
    let path = "/api/v1/provinces/12/map?as_of=2025-11-25";
    expect_problem(
        get(&app, path, None).await,
        StatusCode::UNAUTHORIZED,
        Some("unauthorized"),
    )
    .await;
    expect_problem(
        get(&app, path, Some(&commune)).await,
        StatusCode::FORBIDDEN,
        Some("forbidden"),
    )
    .await;
    let resp = get(&app, path, Some(&leadership)).await;
    assert_eq!(resp.status(), StatusCode::OK);
    assert_eq!(resp.headers()["content-type"], "application/geo+json");
    let text = resp.text().await.unwrap();
    assert!(text.len() < 300_000, "the map weighs {} bytes", text.len());
    let map: Value = serde_json::from_str(&text).unwrap();
    let features = map["features"].as_array().unwrap();
    assert_eq!(features.len(), 38);
    let stage_of = |code: &str| {
        features
            .iter()
            .find(|f| f["properties"]["code"] == code)
            .unwrap()["properties"]["stage"]
            .clone()
    };
    assert_eq!(stage_of("03478"), "consultant_selection"); // Sìn Hồ, after the NTA directive
    assert_eq!(stage_of("03598"), "plan_appraisal"); // Tân Uyên, submitted for appraisal
    assert_eq!(stage_of("03445"), "task_preparation"); // Mường Tè
    assert!(
        stage_of("03451").is_null(),
        "Mù Cả has no commune general plan in the demo"
    );
    let counted = features
        .iter()
        .filter(|f| f["properties"]["stage"] == "plan_consultation")
        .count();
    assert_eq!(counted, 20);
}
