//! No input makes the server answer 500: random bodies, queries and paths against the
//! request decoders, sent to a running app by a signed-in account (property test).

// A test's helpers fail the test where they fail: unwrapping says where.
#![allow(clippy::unwrap_used, clippy::print_stderr)]

mod common;

use common::{COMMUNE, TestApp, spawn_app};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

/// A JSON-ish body: either random bytes or a command object with random field values.
fn bodies() -> impl Strategy<Value = Vec<u8>> {
    let field = prop_oneof![
        Just("\"command\"".to_owned()),
        Just("\"action\"".to_owned()),
        Just("\"kind\"".to_owned()),
        Just("\"reason\"".to_owned()),
        Just("\"effective_on\"".to_owned()),
        Just("\"expected_version\"".to_owned()),
        Just("\"new_due_on\"".to_owned()),
        Just("\"amount_vnd\"".to_owned()),
        "\"[a-z_]{1,12}\"",
    ];
    let value = prop_oneof![
        Just("\"transition\"".to_owned()),
        Just("\"attach_document\"".to_owned()),
        Just("\"extend_deadline\"".to_owned()),
        Just("\"allocate_funding\"".to_owned()),
        Just("\"2025-02-30\"".to_owned()),
        Just("-9223372036854775808".to_owned()),
        Just("1e400".to_owned()),
        Just("null".to_owned()),
        Just("[]".to_owned()),
        Just("{}".to_owned()),
        "\"[^\"\\\\]{0,40}\"",
        any::<i64>().prop_map(|n| n.to_string()),
    ];
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..200),
        prop::collection::vec((field, value), 0..8).prop_map(|pairs| {
            let inner: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}:{v}")).collect();
            format!("{{{}}}", inner.join(",")).into_bytes()
        }),
    ]
}

fn queries() -> impl Strategy<Value = String> {
    let key = prop_oneof![
        Just("as_of"),
        Just("province"),
        Just("unit"),
        Just("plan_type"),
        Just("stage"),
        Just("overdue"),
        Just("limit"),
        Just("offset"),
        Just("units"),
        Just("list_limit"),
        Just("year"),
        Just("lang"),
    ];
    prop::collection::vec((key, "[-a-zA-Z0-9%._~]{0,24}"), 0..5).prop_map(|pairs| {
        pairs
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("&")
    })
}

async fn check(
    app: &TestApp,
    token: &str,
    path: &str,
    query: &str,
    body: &[u8],
) -> Result<(), String> {
    let url = app.url(&format!("{path}?{query}"));
    let get = app
        .client
        .get(&url)
        .bearer_auth(token)
        .send()
        .await
        .map_err(|e| e.to_string())?;
    if get.status().is_server_error() {
        return Err(format!("GET {path}?{query} -> {}", get.status()));
    }
    let post = app
        .client
        .post(app.url(path))
        .bearer_auth(token)
        .header("content-type", "application/json")
        .header("if-match", "\"1\"")
        .body(body.to_vec())
        .send()
        .await
        .map_err(|e| e.to_string())?;
    if post.status().is_server_error() {
        return Err(format!(
            "POST {path} {:?} -> {}",
            String::from_utf8_lossy(body),
            post.status()
        ));
    }
    Ok(())
}

#[test]
fn no_request_makes_the_server_fail() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let app = rt.block_on(async {
        let app = spawn_app().await;
        app.seed_units().await;
        app.create_plan("03478", None).await;
        app
    });
    let token = rt.block_on(app.token_for(COMMUNE, "03478"));
    let paths = prop_oneof![
        Just("/api/v1/dossiers/1/commands".to_owned()),
        Just("/api/v1/plans".to_owned()),
        Just("/api/v1/progress".to_owned()),
        Just("/api/v1/dossiers".to_owned()),
        Just("/api/v1/units".to_owned()),
        Just("/api/v1/calendar".to_owned()),
        Just("/api/v1/decisions".to_owned()),
        "/api/v1/dossiers/[-0-9a-z%]{0,22}",
        "/api/v1/units/[-0-9a-z%]{0,12}/progress",
    ];
    let mut runner = TestRunner::new(Config {
        cases: 96,
        failure_persistence: None,
        ..Config::default()
    });
    let result = runner.run(&(paths, queries(), bodies()), |(path, query, body)| {
        rt.block_on(check(&app, &token, &path, &query, &body))
            .map_err(TestCaseError::fail)
    });
    drop(app);
    if let Err(e) = result {
        panic!("{e}");
    }
}
