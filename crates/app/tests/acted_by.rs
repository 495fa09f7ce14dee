//! Who acted (issue 11, item 2): every event keeps the account behind it and how it acted —
//! a session, or an API token, named on the history — besides the display name it showed,
//! which need not be unique.

#![allow(clippy::unwrap_used)]

mod common;

use common::{COMMUNE, attach, command, spawn_app};
use plantrack_domain::access::{Caller, Role};
use plantrack_store::accounts::NewUser;
use reqwest::StatusCode;
use reqwest::header::{COOKIE, IF_MATCH, SET_COOKIE};
use serde_json::{Value, json};

const PASSWORD: &str = "mật-khẩu-đủ-dài-2025";
/// The display name the plan is registered under (`common::new_plan_body`).
const SHARED_NAME: &str = "UBND xã 03478";

#[tokio::test]
async fn the_history_names_the_account_its_organisation_and_the_token() {
    let app = spawn_app().await;
    app.seed_units().await;
    // Registered through the commune's API token.
    let (id, etag, _) = app.create_plan("03478", None).await;

    // A second officer of the same commune, with the same display name, signs in.
    let org = app
        .planning
        .organisation_by_name(Caller::Operator, "UBND 03478")
        .await
        .unwrap()
        .expect("the token's organisation");
    app.planning
        .create_user(
            Caller::Operator,
            NewUser {
                username: "lan".into(),
                display_name: SHARED_NAME.into(),
                password: PASSWORD.into(),
                role: Role::CommuneOfficer,
                organisation_id: org.id,
            },
        )
        .await
        .unwrap();
    let signed_in = app
        .client
        .post(app.url("/api/v1/session"))
        .json(&json!({"username": "lan", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(signed_in.status(), StatusCode::OK);
    let cookie = signed_in.headers()[SET_COOKIE]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    let secret = cookie.split_once('=').unwrap().1.to_owned();
    let mut body = command(attach("consultant_contract"), COMMUNE, "Hợp đồng", None);
    body.as_object_mut().unwrap().remove("actor");
    let acted = app
        .client
        .post(app.url(&format!("/api/v1/dossiers/{id}/commands")))
        .header(COOKIE, &cookie)
        .header(
            "x-csrf-token",
            plantrack_store::accounts::csrf_token(&secret),
        )
        .header(IF_MATCH, etag)
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = acted.status();
    assert_eq!(status, StatusCode::OK, "{}", acted.text().await.unwrap());

    let events: Value = app.get_json(&format!("/api/v1/dossiers/{id}/events")).await;
    let (opened, attached) = (&events[0], &events[1]);
    // The same display name, two accounts.
    assert_eq!(opened["actor"], SHARED_NAME);
    assert_eq!(attached["actor"], SHARED_NAME);
    let by_token = &opened["acted_by"];
    assert_eq!(by_token["via"], "token", "{opened}");
    assert!(by_token["token_id"].as_i64().is_some(), "{opened}");
    assert_eq!(by_token["token_label"], "test");
    assert_eq!(by_token["account"]["organisation"], "UBND 03478");
    let by_session = &attached["acted_by"];
    assert_eq!(by_session["via"], "session", "{attached}");
    assert_eq!(by_session["token_id"], Value::Null);
    assert_eq!(by_session["account"]["username"], "lan");
    assert_ne!(by_session["account_id"], by_token["account_id"]);

    // The page says who, where and through what, in Vietnamese.
    let page = app
        .client
        .get(app.url(&format!("/dossiers/{id}")))
        .header(COOKIE, &cookie)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("qua token “test”"), "the token is named");
    assert!(
        page.contains(&format!("tài khoản {SHARED_NAME} (lan), UBND 03478")),
        "the person and organisation are named"
    );

    // And the history still verifies, who-acted included in each event's hash.
    let report = app
        .planning
        .verify_history(Caller::Operator, &mut |_| {})
        .await
        .unwrap();
    assert!(report.holds(), "{report:?}");
}
