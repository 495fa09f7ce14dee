//! `GET /api/v1/forecast` and `/forecast/backtest`: the demo's forecast for those who read the
//! progress report, problem+json for bad days, and no forecast for those who may not read it.

// A test's helpers fail the test where they fail: unwrapping says where.
#![allow(clippy::unwrap_used, clippy::print_stderr)]

mod common;

use plantrack_domain::access::Role;
use reqwest::StatusCode;

#[tokio::test]
async fn the_forecast_over_http() {
    let app = common::spawn_app().await;
    app.load_demo().await;
    let f = app
        .get_json("/api/v1/forecast?as_of=2025-11-25&province=12&plan_type=commune_general&simulations=1000")
        .await;
    assert_eq!(f["target"], "2026-03-31");
    assert_eq!(f["dossiers"].as_array().unwrap().len(), 34);
    assert!(
        f["basis"]
            .as_array()
            .unwrap()
            .iter()
            .any(|b| b["source"] == "province")
    );
    let given = app
        .get_json("/api/v1/forecast?as_of=2025-11-25&province=12&target=2026-06-30&simulations=500")
        .await;
    assert_eq!(given["target_from"], "given");

    for (path, code) in [
        ("/api/v1/forecast?as_of=2025-01-01&province=12", "forecast"),
        (
            "/api/v1/forecast?as_of=2025-11-25&province=12&target=2031-01-01",
            "forecast",
        ),
        (
            "/api/v1/forecast/backtest?from=2025-11-25&to=2025-10-01&province=12",
            "forecast",
        ),
    ] {
        let body = common::expect_problem(
            app.get(path).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            Some(code),
        )
        .await;
        assert!(body["detail"].as_str().is_some_and(|d| !d.is_empty()));
    }
    let b = app
        .get_json(
            "/api/v1/forecast/backtest?from=2025-10-15&to=2025-11-25&province=12&simulations=200",
        )
        .await;
    assert_eq!(b["calibration"].as_array().unwrap().len(), 10);

    // Leadership reads its province's forecast, not another's.
    let token = app.provincial_token(Role::Leadership).await;
    let get = |path: &str| app.client.get(app.url(path)).bearer_auth(&token).send();
    let ok = get("/api/v1/forecast?as_of=2025-11-25&province=12&simulations=200")
        .await
        .unwrap();
    assert_eq!(ok.status(), StatusCode::OK);
    let other = get("/api/v1/forecast?as_of=2025-11-25&province=01&simulations=200")
        .await
        .unwrap();
    common::expect_problem(other, StatusCode::FORBIDDEN, None).await;
    let document = app.get_json("/api/openapi.json").await;
    assert!(document["paths"]["/api/v1/forecast"]["get"].is_object());
}
