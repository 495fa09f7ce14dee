//! The authorization matrix for the administrative endpoints, generated from the policy table
//! (`AdminAction::roles`): for every role, the allowed requests succeed, the others get 403 and
//! change nothing, and a request without credentials gets 401. On both backends.

// A test's helpers fail the test where they fail: unwrapping says where.
#![allow(clippy::unwrap_used, clippy::print_stderr)]

mod common;

use common::{expect_problem, spawn_app};
use plantrack_domain::access::{self, Caller};
use plantrack_domain::access::{AdminAction, OrgKind, Role};
use plantrack_store::accounts::NewUser;
use reqwest::StatusCode;
use reqwest::header::{AUTHORIZATION, CONTENT_TYPE};
use serde_json::{Value, json};

/// An account of `role` in an organisation of the right kind, and its API token.
async fn token_for(app: &common::TestApp, role: Role) -> String {
    let db = &app.planning;
    let kind = role.organisation_kind();
    let (name, unit) = match kind {
        OrgKind::ProvincialPc => ("UBND tỉnh Lai Châu", None),
        OrgKind::ConstructionDept => ("Sở Xây dựng tỉnh Lai Châu", None),
        OrgKind::SectorDepartment => ("Sở Nông nghiệp và Môi trường tỉnh Lai Châu", None),
        OrgKind::CommunePc => ("UBND xã Sìn Hồ", Some("03478")),
        OrgKind::ConsultantFirm => ("Công ty Tư vấn Quy hoạch (thử)", None),
        OrgKind::Public => ("Người dân", None),
    };
    let org = match db
        .organisation_by_name(Caller::Operator, name)
        .await
        .unwrap()
    {
        Some(org) => org,
        None => db
            .create_organisation(Caller::Operator, kind, name, "12", unit)
            .await
            .unwrap(),
    };
    let user = db
        .create_user(
            Caller::Operator,
            NewUser {
                username: role.as_str().replace('_', ""),
                display_name: format!("Tài khoản {}", role.as_str()),
                password: "mật-khẩu-thử-nghiệm-dài".into(),
                role,
                organisation_id: org.id,
            },
        )
        .await
        .unwrap();
    db.create_token(Caller::Operator, user.id, "matrix", chrono::Utc::now())
        .await
        .unwrap()
        .0
}

/// What the administrative endpoints have changed, to show a refusal changed nothing.
async fn footprint(app: &common::TestApp) -> (usize, usize, usize, usize) {
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
        app.planning
            .layers(Caller::Operator, Some("12"))
            .await
            .unwrap()
            .iter()
            .map(|l| l.latest_version as usize)
            .sum(),
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
                "version = 3",
                &format!("version = {}", n + 4),
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
        AdminAction::PublishLayer => c.post(app.url("/api/v1/layers")).json(&json!({
            "key": format!("di-tich-{n}"),
            "name": "Di tích (thử)",
            "publish": true,
            "content": {"type": "FeatureCollection", "features": [{
                "type": "Feature", "id": "DT-1", "properties": {"category": "heritage"},
                "geometry": {"type": "Polygon", "coordinates": [[
                    [103.40, 22.40], [103.41, 22.40], [103.41, 22.41], [103.40, 22.40]]]}}]}
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

/// How many plans the store holds.
async fn plans_total(app: &common::TestApp) -> Value {
    app.get_json("/api/v1/dossiers").await["total"].clone()
}

/// A fresh detailed plan of Sìn Hồ (03478), registered directly in the store.
async fn fresh_dossier(app: &common::TestApp, n: usize) -> i64 {
    use plantrack_domain::plan::{NewPlan, PlanType};
    use plantrack_domain::workflow::Actor;
    let new = NewPlan::new(
        "03478",
        PlanType::Detailed,
        format!("Quy hoạch chi tiết {n}"),
    );
    let actor = Actor {
        name: "UBND xã Sìn Hồ".into(),
        role: "commune_pc".into(),
    };
    app.planning
        .register_plan(Caller::Operator, &new, "thử", None, Some(actor))
        .await
        .unwrap()
        .1
        .state
        .id
}

#[tokio::test]
async fn dossier_endpoints_follow_the_policy_and_the_template() {
    use plantrack_domain::access::DossierScope;
    let app = spawn_app().await;
    app.seed_units().await;
    let template = app.planning.template("vn.detailed", None).unwrap();
    let attach_roles = template.roles_for("attach_document");

    // Every role, plus a commune officer of another commune (the cross-scope case).
    let mut accounts = Vec::new();
    for role in Role::ALL {
        accounts.push(token_for(&app, role).await);
    }
    let db = &app.planning;
    let other_commune = db
        .create_organisation(
            Caller::Operator,
            OrgKind::CommunePc,
            "UBND xã Hồng Thu",
            "12",
            Some("03508"),
        )
        .await
        .unwrap();
    let other = db
        .create_user(
            Caller::Operator,
            NewUser {
                username: "xa03508".into(),
                display_name: "Cán bộ xã Hồng Thu".into(),
                password: "mật-khẩu-thử-nghiệm-dài".into(),
                role: Role::CommuneOfficer,
                organisation_id: other_commune.id,
            },
        )
        .await
        .unwrap();
    accounts.push(
        db.create_token(Caller::Operator, other.id, "matrix", chrono::Utc::now())
            .await
            .unwrap()
            .0,
    );

    let mut n = 0;
    for token in accounts.iter().map(Some).chain([None]) {
        let principal = match token {
            Some(t) => Some(
                db.token_principal(t, chrono::Utc::now())
                    .await
                    .unwrap()
                    .unwrap(),
            ),
            None => None,
        };
        let who = principal.as_ref().map_or("anonymous".to_owned(), |p| {
            format!("{} {}", p.role.as_str(), p.username)
        });

        // Registering a plan in Sìn Hồ.
        n += 1;
        let before = plans_total(&app).await;
        let mut body = common::new_plan_body("03478", None);
        body.as_object_mut().unwrap().remove("actor");
        let mut req = app.client.post(app.url("/api/v1/plans")).json(&body);
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        let resp = req.send().await.unwrap();
        match access::create_plan(principal.as_ref(), "12", "03478") {
            Ok(_) => assert_eq!(resp.status(), StatusCode::CREATED, "{who} registers a plan"),
            Err(access::Denied::NotSignedIn) => {
                expect_problem(resp, StatusCode::UNAUTHORIZED, Some("unauthorized")).await;
                assert_eq!(plans_total(&app).await, before);
            }
            Err(_) => {
                expect_problem(resp, StatusCode::FORBIDDEN, Some("forbidden")).await;
                assert_eq!(
                    plans_total(&app).await,
                    before,
                    "a refused registration by {who} wrote something"
                );
            }
        }

        // Attaching a document to a dossier of Sìn Hồ.
        let id = fresh_dossier(&app, n).await;
        let events = db.events(Caller::Operator, id, None).await.unwrap().len();
        let body = json!({"command": "attach_document", "kind": "consultant_contract", "title": "Hợp đồng", "reason": "thử"});
        let mut req = app
            .client
            .post(app.url(&format!("/api/v1/dossiers/{id}/commands")))
            .header("if-match", "\"1\"")
            .json(&body);
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        let resp = req.send().await.unwrap();
        let scope = DossierScope {
            province_code: "12",
            unit_code: "03478",
            consultant: None,
            published: false,
        };
        match access::command_dossier(principal.as_ref(), &scope) {
            Ok(role) if attach_roles.iter().any(|r| r == role) => {
                assert_eq!(resp.status(), StatusCode::OK, "{who} attaches a document");
                assert_eq!(
                    db.events(Caller::Operator, id, None).await.unwrap().len(),
                    events + 1
                );
                continue;
            }
            Ok(_) => {
                expect_problem(resp, StatusCode::FORBIDDEN, Some("role-not-allowed")).await;
            }
            Err(access::Denied::NotSignedIn) => {
                expect_problem(resp, StatusCode::UNAUTHORIZED, Some("unauthorized")).await;
            }
            Err(_) => {
                expect_problem(resp, StatusCode::FORBIDDEN, Some("forbidden")).await;
            }
        }
        assert_eq!(
            db.events(Caller::Operator, id, None).await.unwrap().len(),
            events,
            "a refused command by {who} wrote something"
        );
    }
}

#[tokio::test]
async fn removing_a_calendar_override_follows_the_policy_table() {
    use plantrack_domain::calendar::{DayOverride, DayOverrideKind};
    let app = spawn_app().await;
    app.seed_units().await;
    let roles = AdminAction::EditCalendar.roles();
    let mut tokens: Vec<(Option<Role>, Option<String>)> = vec![(None, None)];
    for role in Role::ALL {
        tokens.push((Some(role), Some(token_for(&app, role).await)));
    }
    for (i, (role, token)) in tokens.into_iter().enumerate() {
        let day = chrono::NaiveDate::from_ymd_opt(2031, 3, 1 + i as u32).unwrap();
        app.planning
            .set_calendar_override(
                Caller::Operator,
                Some("12"),
                &DayOverride {
                    date: day,
                    kind: DayOverrideKind::DayOff,
                    note: "nghỉ bù (thử)".into(),
                },
            )
            .await
            .unwrap();
        let mut req = app
            .client
            .delete(app.url(&format!("/api/v1/calendar/overrides/{day}")));
        if let Some(t) = &token {
            req = req.bearer_auth(t);
        }
        let resp = req.send().await.unwrap();
        let still_there = |app: &common::TestApp| {
            let calendar = app.planning.calendar_of("12");
            calendar.overrides().any(|o| o.date == day)
        };
        match role {
            None => {
                expect_problem(resp, StatusCode::UNAUTHORIZED, Some("unauthorized")).await;
                assert!(still_there(&app));
            }
            Some(role) if roles.contains(&role) => {
                assert_eq!(
                    resp.status(),
                    StatusCode::NO_CONTENT,
                    "{role:?} removes an override"
                );
                assert!(!still_there(&app));
            }
            Some(role) => {
                expect_problem(resp, StatusCode::FORBIDDEN, Some("forbidden")).await;
                assert!(
                    still_there(&app),
                    "a refused removal by {role:?} removed it"
                );
            }
        }
    }
}

/// Reading the layer list follows `access::read_layers` for every role, in the account's own
/// province and in another one (asking with `?province=` once let any account read any
/// province's layers).
#[tokio::test]
async fn the_layer_list_follows_the_policy_for_every_role_and_province() {
    let app = spawn_app().await;
    app.seed_units().await;
    let mut cases = Vec::new();
    for role in Role::ALL {
        cases.push((role, Some(token_for(&app, role).await)));
    }
    // A department's layer: version 1 published, version 2 a draft.
    let department = cases
        .iter()
        .find(|(role, _)| *role == Role::DepartmentOfficer)
        .and_then(|(_, token)| token.as_deref())
        .unwrap();
    let department = app
        .planning
        .token_principal(department, chrono::Utc::now())
        .await
        .unwrap()
        .unwrap();
    for publish in [true, false] {
        let content = json!({"type": "FeatureCollection", "features": [{
            "type": "Feature", "id": "DT-1", "properties": {"category": "heritage"},
            "geometry": {"type": "Polygon", "coordinates": [[
                [103.40, 22.40], [103.41, 22.40], [103.41, 22.41], [103.40, 22.40]]]}}]});
        app.planning
            .add_layer_version(
                Caller::from(&department),
                "di-tich".into(),
                "Di tích".into(),
                content.to_string(),
                publish,
            )
            .await
            .unwrap();
    }
    for (role, token) in &cases {
        let principal = app
            .planning
            .token_principal(token.as_deref().unwrap(), chrono::Utc::now())
            .await
            .unwrap()
            .unwrap();
        for (asked, query) in [("12", ""), ("12", "?province=12"), ("01", "?province=01")] {
            let resp = app
                .client
                .get(app.url(&format!("/api/v1/layers{query}")))
                .bearer_auth(token.as_deref().unwrap())
                .send()
                .await
                .unwrap();
            match access::read_layers(Some(&principal), asked) {
                Ok(versions) => {
                    assert_eq!(
                        resp.status(),
                        StatusCode::OK,
                        "{role:?} reads the layers of {asked}"
                    );
                    let layers: Value = resp.json().await.unwrap();
                    // The draft (version 2) is seen only by those who see drafts.
                    let shown: Vec<i64> = layers
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|l| l["latest_version"].as_i64().unwrap())
                        .collect();
                    let expected = match (asked, versions) {
                        ("01", _) => vec![],
                        (_, access::LayerVersions::WithDrafts) => vec![2],
                        (_, access::LayerVersions::PublishedOnly) => vec![1],
                    };
                    assert_eq!(shown, expected, "{role:?} reads the layers of {asked}");
                }
                Err(_) => {
                    expect_problem(resp, StatusCode::FORBIDDEN, Some("forbidden")).await;
                }
            }
        }
        assert!(
            *role == Role::Administrator || access::read_layers(Some(&principal), "01").is_err(),
            "only the administrator reads another province's layers"
        );
    }
    // Nobody signed in: 401.
    let resp = app
        .client
        .get(app.url("/api/v1/layers?province=12"))
        .send()
        .await
        .unwrap();
    expect_problem(resp, StatusCode::UNAUTHORIZED, Some("unauthorized")).await;
}

/// Imports Hà Nội's units too (the other province of the matrices below).
async fn seed_ha_noi(app: &common::TestApp) {
    let all: Vec<Value> =
        serde_json::from_str(include_str!("../../../data/vn_units_2025.json")).unwrap();
    let ha_noi = all.into_iter().find(|p| p["Code"] == "01").unwrap();
    let import =
        plantrack_gis::read_units_str("hanoi.json", &ha_noi.to_string(), &mut |_, _| {}).unwrap();
    app.planning
        .import_units(Caller::Operator, &import)
        .await
        .unwrap();
}

/// A request with `token`, or none.
fn with(req: reqwest::RequestBuilder, token: Option<&str>) -> reqwest::RequestBuilder {
    match token {
        Some(t) => req.bearer_auth(t),
        None => req,
    }
}

/// Checks an answer against the policy's: the success expected, 401 or 403.
async fn expect_as_policy(
    resp: reqwest::Response,
    policy: Result<(), access::Denied>,
    success: StatusCode,
    what: &str,
) {
    match policy {
        Ok(()) => {
            let status = resp.status();
            let body = resp.text().await.unwrap();
            assert_eq!(status, success, "{what}: {body}");
        }
        Err(access::Denied::NotSignedIn) => {
            expect_problem(resp, StatusCode::UNAUTHORIZED, Some("unauthorized")).await;
        }
        Err(_) => {
            expect_problem(resp, StatusCode::FORBIDDEN, Some("forbidden")).await;
        }
    }
}

/// Calendar overrides (written and read), decisions (recorded and read) and the audit follow
/// `domain::access` for every role, in the account's own province (12) and in another (01);
/// Hà Nội's leadership once moved every province's deadlines with one request.
#[tokio::test]
async fn province_records_follow_the_policy_for_every_role_and_province() {
    use plantrack_domain::calendar::WorkingCalendar;
    let app = spawn_app().await;
    app.seed_units().await;
    seed_ha_noi(&app).await;
    // One dossier in each province, for the audit's totals.
    fresh_dossier(&app, 0).await;
    let new = plantrack_domain::plan::NewPlan::new(
        "00004",
        plantrack_domain::plan::PlanType::Detailed,
        "Quy hoạch chi tiết Hà Nội",
    );
    let actor = plantrack_domain::workflow::Actor {
        name: "UBND phường".into(),
        role: "commune_pc".into(),
    };
    app.planning
        .register_plan(Caller::Operator, &new, "thử", None, Some(actor))
        .await
        .unwrap();

    let mut accounts: Vec<Option<String>> = vec![None];
    for role in Role::ALL {
        accounts.push(Some(token_for(&app, role).await));
    }
    for (n, token) in accounts.iter().enumerate() {
        let token = token.as_deref();
        let principal = match token {
            Some(t) => Some(
                app.planning
                    .token_principal(t, chrono::Utc::now())
                    .await
                    .unwrap()
                    .unwrap(),
            ),
            None => None,
        };
        let p = principal.as_ref();
        let who = p.map_or("anonymous".to_owned(), |p| p.role.as_str().to_owned());
        let c = &app.client;
        for province in ["12", "01"] {
            // Writing an override: only that province's calendar changes, if allowed.
            let day = chrono::NaiveDate::from_ymd_opt(2031, 3, 3).unwrap()
                + chrono::Days::new(7 * n as u64);
            let resp = with(
                c.put(app.url(&format!(
                    "/api/v1/calendar/overrides/{day}?province={province}"
                ))),
                token,
            )
            .json(&json!({"kind": "day_off", "note": "nghỉ của tỉnh (thử)"}))
            .send()
            .await
            .unwrap();
            let allowed = access::edit_province_calendar(p, province);
            expect_as_policy(
                resp,
                allowed.clone(),
                StatusCode::NO_CONTENT,
                &format!("{who} sets {province}'s override"),
            )
            .await;
            let other = if province == "12" { "01" } else { "12" };
            assert_eq!(
                !app.planning.calendar_of(province).is_working_day(day),
                allowed.is_ok(),
                "{who} on {province}'s calendar"
            );
            assert!(
                app.planning.calendar_of(other).is_working_day(day),
                "{who} moved {other}'s days by writing {province}'s"
            );
            if allowed.is_ok() {
                app.planning
                    .delete_calendar_override(Caller::Operator, Some(province), day)
                    .await
                    .unwrap();
            }

            // Reading the calendar and the decisions.
            let resp = with(
                c.get(app.url(&format!("/api/v1/calendar?year=2031&province={province}"))),
                token,
            )
            .send()
            .await
            .unwrap();
            expect_as_policy(
                resp,
                access::read_province_calendar(p, province),
                StatusCode::OK,
                &format!("{who} reads {province}'s calendar"),
            )
            .await;
            let resp = with(
                c.get(app.url(&format!("/api/v1/decisions?province={province}"))),
                token,
            )
            .send()
            .await
            .unwrap();
            expect_as_policy(
                resp,
                access::read_decisions(p, province),
                StatusCode::OK,
                &format!("{who} reads {province}'s decisions"),
            )
            .await;
        }

        // Recording a decision: the account's own province's.
        let before = app
            .planning
            .decisions(Caller::Operator, None)
            .await
            .unwrap()
            .len();
        let resp = with(c.post(app.url("/api/v1/decisions")), token)
            .json(&json!({
                "number": format!("{n}/QĐ-UBND"), "issued_on": "2025-11-04",
                "issuer": "UBND tỉnh", "title": "Quyết định (thử)"
            }))
            .send()
            .await
            .unwrap();
        let allowed = access::record_decision(p, "12");
        expect_as_policy(
            resp,
            allowed.clone(),
            StatusCode::CREATED,
            &format!("{who} records a decision"),
        )
        .await;
        let after = app
            .planning
            .decisions(Caller::Operator, None)
            .await
            .unwrap();
        assert_eq!(after.len(), before + usize::from(allowed.is_ok()));
        if allowed.is_ok() {
            assert_eq!(after.last().unwrap().province_code.as_deref(), Some("12"));
        }

        // The audit: its totals cover the account's scope only.
        let resp = with(c.get(app.url("/api/v1/audit")), token)
            .send()
            .await
            .unwrap();
        match access::verify_history(p) {
            Ok(scope) => {
                assert_eq!(resp.status(), StatusCode::OK, "{who} verifies");
                let report: Value = resp.json().await.unwrap();
                let expected = if scope.is_some() { 1 } else { 2 };
                assert_eq!(report["dossiers"], expected, "{who}'s audit totals");
            }
            Err(denied) => {
                expect_as_policy(resp, Err(denied), StatusCode::OK, "audit").await;
            }
        }
    }
    // Nobody signed in reads the national calendar, which has no province.
    let national = app
        .client
        .get(app.url("/api/v1/calendar?year=2031"))
        .send()
        .await
        .unwrap();
    assert_eq!(national.status(), StatusCode::OK);
    let national: Value = national.json().await.unwrap();
    assert_eq!(national["province"], Value::Null);
}

/// Making a token follows `access::create_token` for every role: an account's own, a
/// service account's (the administrator's only), another person's (nobody's).
#[tokio::test]
async fn tokens_follow_the_policy_for_every_role() {
    use plantrack_store::accounts::NewServiceAccount;
    let app = spawn_app().await;
    app.seed_units().await;
    let province = app
        .planning
        .create_organisation(
            Caller::Operator,
            OrgKind::ProvincialPc,
            "UBND tỉnh Lai Châu",
            "12",
            None,
        )
        .await
        .unwrap();
    let service = app
        .planning
        .create_service_account(
            Caller::Operator,
            NewServiceAccount {
                username: "dongbo".into(),
                display_name: "Đồng bộ".into(),
                role: Role::Leadership,
                organisation_id: province.id,
            },
        )
        .await
        .unwrap();
    let mut people = Vec::new();
    for role in Role::ALL {
        let token = token_for(&app, role).await;
        people.push(
            app.planning
                .token_principal(&token, chrono::Utc::now())
                .await
                .unwrap()
                .unwrap(),
        );
    }
    for p in &people {
        let other = people.iter().find(|o| o.user_id != p.user_id).unwrap();
        for (holder, service_account) in [
            (p.user_id, false),
            (service.id, true),
            (other.user_id, false),
        ] {
            let before = app
                .planning
                .tokens(Caller::Operator, Some(holder))
                .await
                .unwrap()
                .len();
            let made = app
                .planning
                .create_token(Caller::from(p), holder, "ma trận", chrono::Utc::now())
                .await;
            let policy = access::create_token(
                Some(p),
                access::TokenHolder {
                    user_id: holder,
                    service_account,
                },
            );
            assert_eq!(
                made.is_ok(),
                policy.is_ok(),
                "{} makes a token for {holder}",
                p.role.as_str()
            );
            let after = app
                .planning
                .tokens(Caller::Operator, Some(holder))
                .await
                .unwrap()
                .len();
            assert_eq!(after, before + usize::from(policy.is_ok()));
        }
    }
    assert!(
        access::create_token(
            Some(&people[0]),
            access::TokenHolder {
                user_id: people[1].user_id,
                service_account: false
            }
        )
        .is_err(),
        "the administrator never makes a person's"
    );
}
