//! The authorization matrix for the administrative endpoints, generated from the policy table
//! (`AdminAction::roles`): for every role, the allowed requests succeed, the others get 403 and
//! change nothing, and a request without credentials gets 401. On both backends.

mod common;

use common::{expect_problem, spawn_app};
use plantrack_domain::access::{AdminAction, OrgKind, Role};
use plantrack_store::accounts::NewUser;
use reqwest::StatusCode;
use reqwest::header::{AUTHORIZATION, CONTENT_TYPE};
use serde_json::{Value, json};

/// An account of `role` in an organisation of the right kind, and its API token.
async fn token_for(app: &common::TestApp, role: Role) -> String {
    let db = &app.planning.db;
    let kind = role.organisation_kind();
    let (name, unit) = match kind {
        OrgKind::ProvincialPc => ("UBND tỉnh Lai Châu", None),
        OrgKind::ConstructionDept => ("Sở Xây dựng tỉnh Lai Châu", None),
        OrgKind::SectorDepartment => ("Sở Nông nghiệp và Môi trường tỉnh Lai Châu", None),
        OrgKind::CommunePc => ("UBND xã Sìn Hồ", Some("03478")),
        OrgKind::ConsultantFirm => ("Công ty Tư vấn Quy hoạch (thử)", None),
        OrgKind::Public => ("Người dân", None),
    };
    let org = match db.organisation_by_name(name).await.unwrap() {
        Some(org) => org,
        None => db
            .create_organisation(kind, name, "12", unit)
            .await
            .unwrap(),
    };
    let user = db
        .create_user(NewUser {
            username: role.as_str().replace('_', ""),
            display_name: format!("Tài khoản {}", role.as_str()),
            password: "mật-khẩu-thử-nghiệm-dài".into(),
            role,
            organisation_id: org.id,
        })
        .await
        .unwrap();
    db.create_token(user.id, "matrix", chrono::Utc::now())
        .await
        .unwrap()
        .0
}

/// What the administrative endpoints have changed, to show a refusal changed nothing.
async fn footprint(app: &common::TestApp) -> (usize, usize, usize) {
    let templates = app.get_json("/api/v1/templates").await;
    let calendar = app.get_json("/api/v1/calendar?year=2031").await;
    let decisions = app.get_json("/api/v1/decisions").await;
    (
        templates
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["version"].as_u64().unwrap() as usize)
            .sum(),
        calendar["overrides"].as_array().unwrap().len(),
        decisions.as_array().unwrap().len(),
    )
}

/// One request of `action`, made with `token` (or none); `n` keeps each attempt distinct.
async fn attempt(
    app: &common::TestApp,
    action: AdminAction,
    token: Option<&str>,
    n: usize,
) -> Option<reqwest::Response> {
    let c = &app.client;
    let request = match action {
        AdminAction::LoadTemplate => {
            let text = include_str!("../../domain/templates/vn.detailed.toml").replacen(
                "version = 1",
                &format!("version = {}", n + 2),
                1,
            );
            c.post(app.url("/api/v1/templates"))
                .header(CONTENT_TYPE, "application/toml")
                .body(text)
        }
        AdminAction::EditCalendar => c
            .put(app.url(&format!(
                "/api/v1/calendar/overrides/2031-01-{:02}",
                n % 28 + 1
            )))
            .json(&json!({"kind": "day_off", "note": "nghỉ bù (thử)"})),
        AdminAction::RecordDecision => c.post(app.url("/api/v1/decisions")).json(&json!({
            "number": format!("{n}/QĐ-UBND"),
            "issued_on": "2025-11-04",
            "issuer": "UBND tỉnh Lai Châu",
            "title": "Quyết định (thử)"
        })),
        // Not reachable over the API (command line only) or reads: no request to make.
        AdminAction::ManageAccounts | AdminAction::ImportUnits | AdminAction::VerifyAudit => {
            return None;
        }
    };
    let request = match token {
        Some(t) => request.header(AUTHORIZATION, format!("Bearer {t}")),
        None => request,
    };
    Some(request.send().await.unwrap())
}

#[tokio::test]
async fn administrative_endpoints_follow_the_policy_table() {
    let app = spawn_app().await;
    app.seed_units().await;
    let mut n = 0;
    for action in AdminAction::ALL {
        // Without credentials: 401, nothing changes.
        let before = footprint(&app).await;
        if let Some(resp) = attempt(&app, action, None, n).await {
            expect_problem(resp, StatusCode::UNAUTHORIZED, Some("unauthorized")).await;
            assert_eq!(
                footprint(&app).await,
                before,
                "{action:?} without credentials changed something"
            );
        }
        n += 1;
    }
    for role in Role::ALL {
        let token = token_for(&app, role).await;
        for action in AdminAction::ALL {
            n += 1;
            let before = footprint(&app).await;
            let Some(resp) = attempt(&app, action, Some(&token), n).await else {
                continue;
            };
            if action.roles().contains(&role) {
                let status = resp.status();
                let body: Value = resp.json().await.unwrap_or(Value::Null);
                assert!(
                    status.is_success(),
                    "{role:?} may {action:?}, got {status}: {body}"
                );
                assert_ne!(
                    footprint(&app).await,
                    before,
                    "{role:?} {action:?} changed nothing"
                );
            } else {
                expect_problem(resp, StatusCode::FORBIDDEN, Some("forbidden")).await;
                assert_eq!(
                    footprint(&app).await,
                    before,
                    "a refused {action:?} by {role:?} changed something"
                );
            }
        }
    }
}
