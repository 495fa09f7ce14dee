//! HTTP integration tests of the JSON API: each test starts the whole app on its own database
//! (SQLite by default, PostgreSQL with `PLANTRACK_TEST_DB=postgres://…`) and talks to it over
//! TCP with reqwest.

// A test's helpers fail the test where they fail: unwrapping says where.
#![allow(clippy::unwrap_used, clippy::print_stderr)]

mod common;

use std::collections::{BTreeMap, BTreeSet};

use common::*;
use plantrack_domain::calendar::WorkingCalendar;
use plantrack_store::planning::Clock;
use reqwest::StatusCode;
use reqwest::header::{ACCEPT_LANGUAGE, CONTENT_TYPE, ETAG, LOCATION};
use serde_json::{Value, json};

/// Every item of a paged list, following `next_offset`.
async fn all_items(app: &TestApp, path: &str) -> Vec<Value> {
    let sep = if path.contains('?') { '&' } else { '?' };
    let mut items = Vec::new();
    let mut offset = 0;
    loop {
        let page = app
            .get_json(&format!("{path}{sep}limit=7&offset={offset}"))
            .await;
        items.extend(page["items"].as_array().expect("items").iter().cloned());
        if let Some(next) = page["next_offset"].as_i64() {
            assert!(next > offset, "paging must move forward");
            offset = next;
        } else {
            assert_eq!(items.len() as i64, page["total"].as_i64().expect("total"));
            return items;
        }
    }
}

fn str_set<'a>(values: impl IntoIterator<Item = &'a Value>, key: &str) -> BTreeSet<String> {
    values
        .into_iter()
        .map(|v| {
            v.pointer(key)
                .and_then(Value::as_str)
                .unwrap_or_else(|| panic!("{key} in {v}"))
                .to_owned()
        })
        .collect()
}

// -------------------------------------------------------------------------------------------
// 1. Health and the OpenAPI document

#[tokio::test]
async fn health_and_openapi_document() {
    let app = spawn_app().await;

    let resp = app.get("/healthz").await;
    assert_eq!(resp.status(), StatusCode::OK);
    assert!(
        !header(&resp, "x-request-id").is_empty(),
        "every response carries a request id"
    );
    let body: Value = resp.json().await.unwrap();
    assert_eq!(body["status"], "ok");

    let doc = app.get_json("/api/openapi.json").await;
    let version = doc["openapi"].as_str().expect("openapi version");
    assert!(version.starts_with("3.1"), "OpenAPI {version}");
    let paths = doc["paths"].as_object().expect("paths");
    for p in [
        "/api/v1/units",
        "/api/v1/units/{code}",
        "/api/v1/units/{code}/boundary",
        "/api/v1/plans",
        "/api/v1/dossiers",
        "/api/v1/dossiers/{id}",
        "/api/v1/dossiers/{id}/events",
        "/api/v1/dossiers/{id}/commands",
        "/api/v1/progress",
        "/api/v1/templates",
    ] {
        assert!(paths.contains_key(p), "{p} missing from the OpenAPI paths");
    }
    assert!(
        paths.keys().all(|p| p.starts_with("/api/v1/")),
        "every documented path is under /api/v1: {:?}",
        paths.keys().collect::<Vec<_>>()
    );
    let schemas = doc["components"]["schemas"]
        .as_object()
        .expect("component schemas");
    for s in ["Problem", "DossierView", "CommandRequest", "ProgressReport"] {
        assert!(schemas.contains_key(s), "schema {s} missing");
    }
    // A limit's legal basis and note, and a stage's basis, are texts in three languages.
    for (schema, field) in [
        ("TimeLimit", "basis"),
        ("TimeLimit", "note"),
        ("Stage", "basis"),
    ] {
        assert_eq!(
            schemas[schema]["properties"][field]["$ref"], "#/components/schemas/LocalText",
            "{schema}.{field}: {}",
            schemas[schema]["properties"][field]
        );
    }
    // A funding decision's amount is bounded in the document as in the domain (issue 12).
    let text = doc.to_string();
    let amount = text
        .find("\"amount_vnd\":{")
        .map(|at| &text[at..text.len().min(at + 300)])
        .expect("amount_vnd in the document");
    assert!(
        amount.contains("\"maximum\":1000000000000") && amount.contains("\"minimum\":1"),
        "{amount}"
    );

    // Every documented operation is served: none answers 405, and the parameterless GETs
    // answer 200.
    for (path, item) in paths {
        let concrete = path
            .replace("{id}", "999999")
            .replace("{code}", "99999")
            .replace("{key}", "no.such.template")
            .replace("{date}", "2031-01-02");
        for method in item.as_object().unwrap().keys() {
            let m = reqwest::Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
            let resp = app
                .client
                .request(m.clone(), app.url(&concrete))
                .send()
                .await
                .unwrap();
            assert_ne!(
                resp.status(),
                StatusCode::METHOD_NOT_ALLOWED,
                "{m} {concrete} is documented but not routed"
            );
            assert!(
                resp.status().as_u16() < 500,
                "{m} {concrete} answered {}",
                resp.status()
            );
            // Every public listing answers an anonymous GET; who-am-I, the progress report (and
            // its documents and forecast), the audit, the departments' layers, a province's decisions, meetings, tasks and
            // information requests, consultation rounds, firms and money, the country's plans side by side need an account (the dossier list answers with published plans only, the
            // calendar with the national one).
            let needs_account = [
                "/api/v1/session",
                "/api/v1/progress",
                "/api/v1/reports/progress",
                "/api/v1/forecast",
                "/api/v1/forecast/backtest",
                "/api/v1/audit",
                "/api/v1/layers",
                "/api/v1/decisions",
                "/api/v1/meetings",
                "/api/v1/tasks",
                "/api/v1/status-calls",
                "/api/v1/information-requests",
                "/api/v1/information-requests/turnaround",
                "/api/v1/consultations",
                "/api/v1/consultant-firms",
                "/api/v1/funding",
                "/api/v1/funding/contracts",
                "/api/v1/appraisal-comparison",
            ]
            .contains(&path.as_str());
            if m == reqwest::Method::GET && !path.contains('{') && !needs_account {
                assert_eq!(resp.status(), StatusCode::OK, "GET {concrete}");
            }
        }
    }
}

#[tokio::test]
async fn openapi_references_resolve() {
    fn walk(v: &Value, refs: &mut BTreeSet<String>) {
        match v {
            Value::Object(o) => {
                if let Some(Value::String(r)) = o.get("$ref") {
                    refs.insert(r.clone());
                }
                o.values().for_each(|v| walk(v, refs));
            }
            Value::Array(a) => a.iter().for_each(|v| walk(v, refs)),
            _ => {}
        }
    }

    let app = spawn_app().await;
    let doc = app.get_json("/api/openapi.json").await;
    let schemas = doc["components"]["schemas"].as_object().unwrap();
    let mut refs = BTreeSet::new();
    walk(&doc, &mut refs);
    assert!(!refs.is_empty());
    let dangling: Vec<_> = refs
        .iter()
        .filter(|r| {
            r.strip_prefix("#/components/schemas/")
                .is_none_or(|name| !schemas.contains_key(name))
        })
        .collect();
    assert!(dangling.is_empty(), "unresolved $refs: {dangling:?}");
}

// -------------------------------------------------------------------------------------------
// 2. The demo through the API

#[tokio::test]
async fn demo_progress_through_the_api() {
    let app = spawn_app().await;
    app.load_demo().await;

    let report = app
        .get_json("/api/v1/progress?as_of=2025-11-25&plan_type=commune_general")
        .await;
    assert_eq!(report["as_of"], "2025-11-25");
    let mut by_stage: BTreeMap<String, u64> = BTreeMap::new();
    for s in report["stages"].as_array().expect("stages") {
        assert_eq!(s["plan_type"], "commune_general");
        *by_stage
            .entry(s["stage"].as_str().unwrap().to_owned())
            .or_default() += s["count"].as_u64().unwrap();
    }
    let expected: BTreeMap<String, u64> = [
        ("plan_appraisal", 1),
        ("plan_consultation", 20),
        ("task_preparation", 8),
        ("consultant_selection", 5),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect();
    assert_eq!(by_stage, expected);
    assert_eq!(report["total"], 34);
    assert_eq!(
        by_stage.values().sum::<u64>(),
        report["total"].as_u64().unwrap()
    );

    // Before any dossier was opened.
    let early = app
        .get_json("/api/v1/progress?as_of=2025-07-01&plan_type=commune_general")
        .await;
    assert_eq!(early["total"], 0);
    assert_eq!(early["stages"].as_array().unwrap().len(), 0);

    // A province report lists each unit's plans: exactly the units with a dossier.
    for plan_type in ["&plan_type=commune_general", ""] {
        let report = app
            .get_json(&format!(
                "/api/v1/progress?as_of=2025-11-25&province=12{plan_type}"
            ))
            .await;
        let units = report["units"].as_array().expect("units");
        let dossiers = all_items(&app, &format!("/api/v1/dossiers?province=12{plan_type}")).await;
        let with_plans = str_set(&dossiers, "/plan/unit_code");
        assert!(!with_plans.is_empty());
        assert_eq!(str_set(units, "/unit_code"), with_plans);
        let plans_listed: usize = units
            .iter()
            .map(|u| u["plans"].as_array().unwrap().len())
            .sum();
        assert_eq!(plans_listed, dossiers.len());
        assert_eq!(report["total"].as_u64().unwrap(), dossiers.len() as u64);
    }
}

// -------------------------------------------------------------------------------------------
// 3. Units

#[tokio::test]
async fn units_list_detail_and_boundary() {
    fn collect(v: &Value, out: &mut Vec<(f64, f64)>) {
        if let Some(a) = v.as_array() {
            if a.len() >= 2 && a.iter().all(Value::is_number) {
                out.push((a[0].as_f64().unwrap(), a[1].as_f64().unwrap()));
            } else {
                for x in a {
                    collect(x, out);
                }
            }
        }
    }

    let app = spawn_app().await;
    app.load_demo().await;

    let all = app.get_json("/api/v1/units?province=12").await;
    assert_eq!(all["total"], 38);
    assert_eq!(all["items"].as_array().unwrap().len(), 38);
    assert!(
        all["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|u| u["parent_code"] == "12")
    );

    let page = app.get_json("/api/v1/units?province=12&limit=10").await;
    assert_eq!(page["items"].as_array().unwrap().len(), 10);
    assert_eq!(page["total"], 38);
    assert_eq!(page["next_offset"], 10);
    let last = app
        .get_json("/api/v1/units?province=12&limit=10&offset=30")
        .await;
    assert_eq!(last["items"].as_array().unwrap().len(), 8);
    assert!(last["next_offset"].is_null());
    let paged = all_items(&app, "/api/v1/units?province=12").await;
    assert_eq!(
        str_set(&paged, "/code"),
        str_set(all["items"].as_array().unwrap(), "/code")
    );

    // Lineage: the former units, as the merges file gives them.
    let unit = app.get_json("/api/v1/units/03478").await;
    assert_eq!(unit["code"], "03478");
    let lineage = unit["lineage"].as_array().expect("lineage");
    assert!(!lineage.is_empty(), "03478 was formed by a merger");
    let merges: Value =
        serde_json::from_str(include_str!("../../../data/laichau_merges_2025.json")).unwrap();
    let entry = merges["merges_new_to_old"]["level2s"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["level2_id"] == "03478")
        .expect("03478 in the merges file");
    assert_eq!(
        str_set(lineage, "/code"),
        str_set(entry["merges"].as_array().unwrap(), "/old_id")
    );
    assert!(
        lineage
            .iter()
            .all(|f| f["name"].as_str().is_some_and(|n| !n.is_empty()))
    );

    let resp = app.get("/api/v1/units/03478/boundary").await;
    assert_eq!(resp.status(), StatusCode::OK);
    assert!(header(&resp, CONTENT_TYPE.as_str()).starts_with("application/geo+json"));
    let feature: Value = serde_json::from_str(&resp.text().await.unwrap()).unwrap();
    assert_eq!(feature["type"], "Feature");
    assert_eq!(feature["properties"]["code"], "03478");
    let geometry = &feature["geometry"];
    let kind = geometry["type"].as_str().unwrap();
    assert!(matches!(kind, "MultiPolygon" | "Polygon"), "{kind}");
    // Every position lies inside the unit's bounding box.
    let bbox: Vec<f64> = unit["bbox"]
        .as_array()
        .expect("bbox")
        .iter()
        .map(|v| v.as_f64().unwrap())
        .collect();
    let mut positions = Vec::new();
    collect(&geometry["coordinates"], &mut positions);
    assert!(positions.len() > 3);
    let eps = 1e-9;
    for (lon, lat) in positions {
        assert!(
            lon >= bbox[0] - eps
                && lon <= bbox[2] + eps
                && lat >= bbox[1] - eps
                && lat <= bbox[3] + eps,
            "({lon}, {lat}) outside {bbox:?}"
        );
    }

    for path in ["/api/v1/units/99999", "/api/v1/units/99999/boundary"] {
        expect_problem(
            app.get(path).await,
            StatusCode::NOT_FOUND,
            Some("not-found"),
        )
        .await;
    }
}

// -------------------------------------------------------------------------------------------
// 4. Plans and commands

#[tokio::test]
async fn create_plan_and_issue_commands() {
    let app = spawn_app().await;
    app.seed_units().await;

    let resp = app
        .post_json("/api/v1/plans", &new_plan_body("03478", None))
        .await;
    assert_eq!(resp.status(), StatusCode::CREATED);
    assert_eq!(header(&resp, ETAG.as_str()), "\"1\"");
    let location = header(&resp, LOCATION.as_str());
    let created: Value = resp.json().await.unwrap();
    let id = created["dossier"]["id"].as_i64().unwrap();
    assert_eq!(location, format!("/api/v1/dossiers/{id}"));
    assert_eq!(created["dossier"]["stage"], "consultant_selection");
    assert_eq!(created["dossier"]["template"], "vn.commune_general");
    assert_eq!(created["plan"]["unit_code"], "03478");
    let plan_id = created["plan"]["id"].as_i64().unwrap();
    assert_eq!(
        app.get_json(&format!("/api/v1/plans/{plan_id}")).await["name"],
        created["plan"]["name"]
    );
    // The Location resolves, with the same ETag.
    let resp = app.get(&location).await;
    assert_eq!(resp.status(), StatusCode::OK);
    assert_eq!(header(&resp, ETAG.as_str()), "\"1\"");
    let view: Value = resp.json().await.unwrap();
    assert_eq!(view["missing_documents"], json!(["consultant_contract"]));
    assert!(
        view["next_actions"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["action"] == "select_consultant")
    );

    let attach_body = command(
        attach("consultant_contract"),
        COMMUNE,
        "Ký hợp đồng tư vấn",
        None,
    );
    let (etag, outcome) = app.command_ok(id, "\"1\"", &attach_body).await;
    assert_eq!(etag, "\"2\"");
    assert_eq!(outcome["dossier"]["version"], 2);
    assert_eq!(outcome["dossier"]["stage"], "consultant_selection");
    assert_eq!(outcome["dossier"]["missing_documents"], json!([]));
    assert_eq!(outcome["event"]["type"], "document_attached");

    let select = command(
        transition("select_consultant"),
        COMMUNE,
        "Đã lựa chọn đơn vị tư vấn",
        None,
    );
    let (etag, outcome) = app.command_ok(id, &etag, &select).await;
    assert_eq!(etag, "\"3\"");
    assert_eq!(outcome["dossier"]["stage"], "task_preparation");
    assert_eq!(outcome["event"]["type"], "transitioned");
    assert_eq!(outcome["event"]["from"], "consultant_selection");
    assert_eq!(outcome["event"]["to"], "task_preparation");
    assert!(
        outcome["dossier"]["due_on"].is_string(),
        "the stage has a time limit"
    );

    let snap = app.snapshot(id).await;
    assert_eq!(snap.etag, "\"3\"");
    assert_eq!((snap.version, snap.events, snap.stored_events), (3, 3, 3));
    assert_eq!(snap.stage, "task_preparation");

    let events = app.get_json(&format!("/api/v1/dossiers/{id}/events")).await;
    let events = events.as_array().unwrap();
    let seqs: Vec<u64> = events.iter().map(|e| e["seq"].as_u64().unwrap()).collect();
    assert_eq!(seqs, [1, 2, 3]);
    let kinds: Vec<&str> = events.iter().map(|e| e["type"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["opened", "document_attached", "transitioned"]);
    let sent = [&new_plan_body("03478", None), &attach_body, &select];
    for (event, body) in events.iter().zip(sent) {
        assert_eq!(event["actor"], body["actor"]["name"]);
        assert_eq!(event["role"], body["actor"]["role"]);
        assert_eq!(event["reason"], body["reason"]);
        assert_eq!(event["dossier_id"], id);
    }

    // expected_version in the body works as well as If-Match.
    let mut body = command(attach("task_draft"), COMMUNE, "Nộp dự thảo", None);
    body["expected_version"] = json!(3);
    let resp = app.command(id, None, &body).await;
    assert_eq!(resp.status(), StatusCode::OK);
    assert_eq!(header(&resp, ETAG.as_str()), "\"4\"");
}

// -------------------------------------------------------------------------------------------
// 5. Refusals change nothing

#[tokio::test]
async fn refusals_change_nothing() {
    struct Case {
        name: &'static str,
        if_match: Option<String>,
        body: Value,
        status: StatusCode,
        code: &'static str,
        field: Option<&'static str>,
    }

    let app = spawn_app().await;
    app.seed_units().await;
    let (id, etag, _) = app.create_plan("03478", None).await;
    let before = app.snapshot(id).await;
    assert_eq!(before.etag, etag);
    let tomorrow = app.planning.today() + chrono::Days::new(1);

    let cases = [
        Case {
            name: "action not available in this stage",
            if_match: Some(etag.clone()),
            body: command(
                transition("submit_plan_for_appraisal"),
                COMMUNE,
                "Trình",
                None,
            ),
            status: StatusCode::CONFLICT,
            code: "illegal-transition",
            field: None,
        },
        Case {
            name: "unknown action",
            if_match: Some(etag.clone()),
            body: command(transition("teleport"), COMMUNE, "Trình", None),
            status: StatusCode::CONFLICT,
            code: "illegal-transition",
            field: None,
        },
        Case {
            name: "role not allowed",
            if_match: Some(etag.clone()),
            body: command(
                transition("select_consultant"),
                PROVINCE_PC,
                "Tự chọn",
                None,
            ),
            status: StatusCode::FORBIDDEN,
            code: "role-not-allowed",
            field: None,
        },
        Case {
            name: "required document missing",
            if_match: Some(etag.clone()),
            body: command(
                transition("select_consultant"),
                COMMUNE,
                "Chọn tư vấn",
                None,
            ),
            status: StatusCode::CONFLICT,
            code: "missing-documents",
            field: None,
        },
        Case {
            name: "stale If-Match",
            if_match: Some("\"0\"".into()),
            body: command(attach("consultant_contract"), COMMUNE, "Hợp đồng", None),
            status: StatusCode::PRECONDITION_FAILED,
            code: "version-conflict",
            field: None,
        },
        Case {
            name: "If-Match from the future",
            if_match: Some("\"7\"".into()),
            body: command(attach("consultant_contract"), COMMUNE, "Hợp đồng", None),
            status: StatusCode::PRECONDITION_FAILED,
            code: "version-conflict",
            field: None,
        },
        Case {
            name: "no If-Match",
            if_match: None,
            body: command(attach("consultant_contract"), COMMUNE, "Hợp đồng", None),
            status: StatusCode::PRECONDITION_REQUIRED,
            code: "precondition-required",
            field: None,
        },
        Case {
            name: "If-Match that is no ETag",
            if_match: Some("abc".into()),
            body: command(attach("consultant_contract"), COMMUNE, "Hợp đồng", None),
            status: StatusCode::BAD_REQUEST,
            code: "bad-request",
            field: Some("If-Match"),
        },
        Case {
            name: "effective date in the future",
            if_match: Some(etag.clone()),
            body: command(
                attach("consultant_contract"),
                COMMUNE,
                "Hợp đồng",
                Some(tomorrow),
            ),
            status: StatusCode::UNPROCESSABLE_ENTITY,
            code: "bad-date",
            field: None,
        },
        Case {
            name: "effective date before the last event",
            if_match: Some(etag.clone()),
            body: command(
                attach("consultant_contract"),
                COMMUNE,
                "Hợp đồng",
                Some(date("2020-01-01")),
            ),
            status: StatusCode::UNPROCESSABLE_ENTITY,
            code: "bad-date",
            field: None,
        },
        Case {
            name: "empty reason",
            if_match: Some(etag.clone()),
            body: command(attach("consultant_contract"), COMMUNE, "   ", None),
            status: StatusCode::UNPROCESSABLE_ENTITY,
            code: "invalid-field",
            field: Some("reason"),
        },
        Case {
            name: "unknown document kind",
            if_match: Some(etag.clone()),
            body: command(attach("love_letter"), COMMUNE, "Nộp", None),
            status: StatusCode::UNPROCESSABLE_ENTITY,
            code: "invalid-field",
            field: Some("kind"),
        },
        Case {
            name: "funding at i64::MAX (issue 12)",
            if_match: Some(etag.clone()),
            body: command(
                json!({"command": "allocate_funding", "decision_number": "1/QĐ",
                    "decision_date": "2025-01-01", "amount_vnd": i64::MAX}),
                PROVINCE_PC,
                "Cấp vốn",
                None,
            ),
            status: StatusCode::UNPROCESSABLE_ENTITY,
            code: "amount-out-of-bounds",
            field: Some("amount_vnd"),
        },
        Case {
            name: "funding of 1,000 billion and one đồng",
            if_match: Some(etag.clone()),
            body: command(
                json!({"command": "allocate_funding", "decision_number": "1/QĐ",
                    "decision_date": "2025-01-01", "amount_vnd": 1_000_000_000_001_i64}),
                PROVINCE_PC,
                "Cấp vốn",
                None,
            ),
            status: StatusCode::UNPROCESSABLE_ENTITY,
            code: "amount-out-of-bounds",
            field: Some("amount_vnd"),
        },
        Case {
            name: "funding of nothing",
            if_match: Some(etag.clone()),
            body: command(
                json!({"command": "allocate_funding", "decision_number": "1/QĐ",
                    "decision_date": "2025-01-01", "amount_vnd": 0}),
                PROVINCE_PC,
                "Cấp vốn",
                None,
            ),
            status: StatusCode::UNPROCESSABLE_ENTITY,
            code: "amount-out-of-bounds",
            field: Some("amount_vnd"),
        },
        Case {
            name: "unknown command",
            if_match: Some(etag.clone()),
            body: command(
                json!({"command": "approve_everything"}),
                COMMUNE,
                "Nhanh",
                None,
            ),
            status: StatusCode::BAD_REQUEST,
            code: "bad-request",
            field: None,
        },
        Case {
            name: "resume while active",
            if_match: Some(etag.clone()),
            body: command(json!({"command": "resume"}), PROVINCE_PC, "Tiếp tục", None),
            status: StatusCode::CONFLICT,
            code: "wrong-status",
            field: None,
        },
    ];
    for case in cases {
        let resp = app.command(id, case.if_match.as_deref(), &case.body).await;
        let problem = expect_problem(resp, case.status, Some(case.code)).await;
        if let Some(field) = case.field {
            assert_eq!(problem["field"], field, "{}: {problem}", case.name);
        }
        assert_eq!(
            app.snapshot(id).await,
            before,
            "{} changed the dossier",
            case.name
        );
    }

    // Malformed JSON.
    let resp = app
        .client
        .post(app.url(&format!("/api/v1/dossiers/{id}/commands")))
        .header(CONTENT_TYPE, "application/json")
        .header("if-match", etag.as_str())
        .body("{\"command\": \"hold\", \"actor\": ")
        .send()
        .await
        .unwrap();
    let problem = expect_problem(resp, StatusCode::BAD_REQUEST, Some("bad-request")).await;
    assert_eq!(problem["field"], "body");
    // JSON without the JSON content type.
    let resp = app
        .client
        .post(app.url(&format!("/api/v1/dossiers/{id}/commands")))
        .header(CONTENT_TYPE, "text/plain")
        .header("if-match", etag.as_str())
        .body(command(json!({"command": "hold"}), PROVINCE_PC, "Dừng", None).to_string())
        .send()
        .await
        .unwrap();
    let problem = expect_problem(resp, StatusCode::BAD_REQUEST, Some("bad-request")).await;
    assert_eq!(problem["field"], "content-type");
    assert_eq!(app.snapshot(id).await, before);

    // A command on a dossier that does not exist.
    let body = command(attach("consultant_contract"), COMMUNE, "Hợp đồng", None);
    expect_problem(
        app.command(id + 1000, Some("\"1\""), &body).await,
        StatusCode::NOT_FOUND,
        Some("not-found"),
    )
    .await;

    // Plans refused: nothing is registered.
    let dossiers_before = app.get_json("/api/v1/dossiers").await["total"].clone();
    let mut bad_type = new_plan_body("03478", None);
    bad_type["plan"]["plan_type"] = json!("skyscraper");
    let problem = expect_problem(
        app.post_json("/api/v1/plans", &bad_type).await,
        StatusCode::BAD_REQUEST,
        Some("bad-request"),
    )
    .await;
    assert!(
        problem["detail"]
            .as_str()
            .is_some_and(|d| d.contains("skyscraper")),
        "{problem}"
    );
    let mut empty_name = new_plan_body("03478", None);
    empty_name["plan"]["name"] = json!(" ");
    let problem = expect_problem(
        app.post_json("/api/v1/plans", &empty_name).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        Some("invalid-field"),
    )
    .await;
    assert_eq!(problem["field"], "name");
    expect_problem(
        app.post_json("/api/v1/plans", &new_plan_body("99999", None))
            .await,
        StatusCode::NOT_FOUND,
        Some("not-found"),
    )
    .await;
    expect_problem(
        app.post_json("/api/v1/plans", &new_plan_body("03478", Some(tomorrow)))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        Some("bad-date"),
    )
    .await;
    assert_eq!(
        app.get_json("/api/v1/dossiers").await["total"],
        dossiers_before
    );
    assert_eq!(app.snapshot(id).await, before);
}

// -------------------------------------------------------------------------------------------
// 6. Language of problems

#[tokio::test]
async fn problems_speak_the_readers_language() {
    let app = spawn_app().await;
    app.seed_units().await;
    let (id, etag, _) = app.create_plan("03478", None).await;
    let body = command(transition("publish_plan"), COMMUNE, "Công bố", None);
    let token = app.token_for(COMMUNE, "03478").await;

    let refuse = |path: String, lang: Option<&'static str>| {
        let app = &app;
        let body = &body;
        let etag = &etag;
        let token = &token;
        async move {
            let mut req = app
                .client
                .post(app.url(&path))
                .bearer_auth(token)
                .header("if-match", etag.as_str())
                .json(body);
            if let Some(l) = lang {
                req = req.header(ACCEPT_LANGUAGE, l);
            }
            expect_problem(
                req.send().await.unwrap(),
                StatusCode::CONFLICT,
                Some("illegal-transition"),
            )
            .await
        }
    };
    let path = format!("/api/v1/dossiers/{id}/commands");
    let vi = refuse(path.clone(), None).await;
    let en = refuse(path.clone(), Some("en")).await;
    let en_q = refuse(path.clone(), Some("fr-FR, en-GB;q=0.8")).await;
    let id_ = refuse(format!("{path}?lang=id"), None).await;
    let id_over_header = refuse(format!("{path}?lang=id"), Some("en")).await;
    let vi_explicit = refuse(path.clone(), Some("vi-VN")).await;

    let title = |v: &Value| v["title"].as_str().unwrap().to_owned();
    assert_eq!(title(&en), "Illegal transition");
    assert_eq!(title(&en_q), title(&en));
    assert_eq!(title(&id_), "Transisi tidak sah");
    assert_eq!(
        title(&id_over_header),
        title(&id_),
        "?lang= wins over the header"
    );
    assert_eq!(title(&vi), title(&vi_explicit), "Vietnamese is the default");
    let titles: BTreeSet<String> = [&vi, &en, &id_].into_iter().map(title).collect();
    assert_eq!(titles.len(), 3, "three languages, three titles: {titles:?}");
    assert!(
        !title(&vi).is_ascii(),
        "the Vietnamese title has diacritics: {}",
        title(&vi)
    );
    // The detail names the stage and the move by their names in each language, not keys.
    for (p, action, stage) in [
        (&vi, "Công bố quy hoạch", "Lựa chọn đơn vị tư vấn"),
        (&en, "Publish the plan", "Consultant selection"),
        (&id_, "Umumkan rencana", "Pemilihan konsultan"),
    ] {
        let detail = p["detail"].as_str().unwrap();
        assert!(
            detail.contains(action) && detail.contains(stage),
            "{detail}"
        );
        assert!(!detail.contains("publish_plan") && !detail.contains("consultant_selection"));
    }
    assert_ne!(vi["detail"], en["detail"]);

    // Stage names in views follow the language too.
    let template = app.get_json("/api/v1/templates/vn.commune_general").await;
    let stage = &template["stages"][0];
    let en_view: Value = app
        .client
        .get(app.url(&format!("/api/v1/dossiers/{id}")))
        .bearer_auth(app.reader_token().await)
        .header(ACCEPT_LANGUAGE, "en")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(en_view["stage_name"], stage["name"]["en"]);
    let vi_view = app.get_json(&format!("/api/v1/dossiers/{id}")).await;
    assert_eq!(vi_view["stage_name"], stage["name"]["vi"]);
    // So are the legal basis and the notes of its stage and limits: {vi, en, id} objects.
    let task = &template["stages"][1];
    let limit = &task["time_limits"][0];
    for text in [&task["basis"], &limit["basis"], &limit["note"]] {
        for lang in ["vi", "en", "id"] {
            assert!(
                text[lang].as_str().is_some_and(|s| !s.is_empty()),
                "{lang} missing in {text}"
            );
        }
        assert_ne!(text["vi"], text["en"]);
    }

    // An unsupported language falls back to Vietnamese.
    let other = refuse(path.clone(), Some("de")).await;
    assert_eq!(title(&other), title(&vi));
}

// -------------------------------------------------------------------------------------------
// 7. Concurrency

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_commands_one_wins() {
    let app = spawn_app().await;
    app.seed_units().await;
    for round in 0..10 {
        let (id, etag, _) = app.create_plan("03478", None).await;
        let before = app.snapshot(id).await;
        let a = command(attach("consultant_contract"), COMMUNE, "Hợp đồng A", None);
        let b = command(attach("task_draft"), COMMUNE, "Dự thảo B", None);
        let (ra, rb) = tokio::join!(
            app.command(id, Some(&etag), &a),
            app.command(id, Some(&etag), &b)
        );
        let mut statuses = [ra.status(), rb.status()];
        statuses.sort();
        let bodies = (ra.text().await.unwrap(), rb.text().await.unwrap());
        assert_eq!(
            statuses,
            [StatusCode::OK, StatusCode::PRECONDITION_FAILED],
            "round {round}: {bodies:?}"
        );
        let after = app.snapshot(id).await;
        assert_eq!(after.version, before.version + 1, "round {round}");
        assert_eq!(after.events, before.events + 1, "round {round}");
        assert_eq!(
            after.stored_events,
            before.stored_events + 1,
            "round {round}"
        );
        assert_eq!(after.etag, format!("\"{}\"", before.version + 1));
    }
}

// -------------------------------------------------------------------------------------------
// 8. As of a past day

#[tokio::test]
async fn dossier_and_events_as_of_a_past_day() {
    let (app, hand) = spawn_app_on("2025-07-15").await;
    app.seed_units().await;
    let (id, etag, _) = app.create_plan("03478", Some(date("2025-07-15"))).await;
    let on = |d: &str| Some(date(d));
    hand.on("2025-08-01");
    let (etag, _) = app.select_consultant(id, &etag, on("2025-08-01")).await;
    hand.on("2025-09-01");
    let (etag, _) = app
        .command_ok(
            id,
            &etag,
            &command(attach("task_draft"), COMMUNE, "Dự thảo", on("2025-09-01")),
        )
        .await;
    app.command_ok(
        id,
        &etag,
        &command(
            transition("submit_task_for_consultation"),
            COMMUNE,
            "Lấy ý kiến",
            on("2025-09-01"),
        ),
    )
    .await;

    let now = app.get_json(&format!("/api/v1/dossiers/{id}")).await;
    assert_eq!(now["stage"], "task_consultation");
    let all = app.get_json(&format!("/api/v1/dossiers/{id}/events")).await;
    let all = all.as_array().unwrap();
    assert_eq!(all.len(), 5);

    for (day, stage) in [
        ("2025-07-15", "consultant_selection"),
        ("2025-07-31", "consultant_selection"),
        ("2025-08-01", "task_preparation"),
        ("2025-08-15", "task_preparation"),
        ("2025-08-31", "task_preparation"),
        ("2025-09-01", "task_consultation"),
    ] {
        let view = app
            .get_json(&format!("/api/v1/dossiers/{id}?as_of={day}"))
            .await;
        assert_eq!(view["stage"], stage, "as of {day}");
        assert_eq!(view["as_of"], day);
        let events = app
            .get_json(&format!("/api/v1/dossiers/{id}/events?as_of={day}"))
            .await;
        let events = events.as_array().unwrap();
        let expected: Vec<&Value> = all
            .iter()
            .filter(|e| e["occurred_on"].as_str().unwrap() <= day)
            .collect();
        assert_eq!(events.iter().collect::<Vec<_>>(), expected, "as of {day}");
        assert_eq!(view["version"].as_u64().unwrap(), events.len() as u64);
    }
    let mid = app
        .get_json(&format!("/api/v1/dossiers/{id}?as_of=2025-08-15"))
        .await;
    assert_eq!(mid["stage_entered_on"], "2025-08-01");
    assert_eq!(mid["missing_documents"], json!(["task_draft"]));

    // The progress report agrees with the dossier's history.
    let progress = app
        .get_json("/api/v1/progress?as_of=2025-08-15&province=12")
        .await;
    let stages: Vec<&str> = progress["stages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["stage"].as_str().unwrap())
        .collect();
    assert_eq!(stages, ["task_preparation"]);

    // Before the dossier existed.
    expect_problem(
        app.get(&format!("/api/v1/dossiers/{id}?as_of=2025-07-14"))
            .await,
        StatusCode::NOT_FOUND,
        Some("not-found"),
    )
    .await;
    let none = app
        .get_json(&format!("/api/v1/dossiers/{id}/events?as_of=2025-07-14"))
        .await;
    assert_eq!(none, json!([]));
}

// -------------------------------------------------------------------------------------------
// 9. Hold and resume

#[tokio::test]
async fn hold_and_resume_move_the_due_date() {
    let app = spawn_app_with_clock(Clock::fixed(date("2025-08-26"))).await;
    app.seed_units().await;
    let (id, etag, _) = app.create_plan("03478", Some(date("2025-08-01"))).await;
    let on = |d: &str| Some(date(d));
    let (etag, moved) = app.select_consultant(id, &etag, on("2025-08-04")).await;
    let due_before = date(moved["dossier"]["due_on"].as_str().expect("a due date"));
    let (etag, _) = app
        .command_ok(
            id,
            &etag,
            &command(attach("task_draft"), COMMUNE, "Dự thảo", on("2025-08-05")),
        )
        .await;

    // Hold: needs a reason and an allowed role.
    let held_on = date("2025-08-10");
    let hold = |reason: &str, who| command(json!({"command": "hold"}), who, reason, Some(held_on));
    expect_problem(
        app.command(id, Some(&etag), &hold("", PROVINCE_PC)).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        Some("invalid-field"),
    )
    .await;
    expect_problem(
        app.command(id, Some(&etag), &hold("Chờ", COMMUNE)).await,
        StatusCode::FORBIDDEN,
        Some("role-not-allowed"),
    )
    .await;
    let hold_reason = "Tạm dừng chờ điều chỉnh phạm vi khu du lịch";
    let (etag, held) = app
        .command_ok(id, &etag, &hold(hold_reason, PROVINCE_PC))
        .await;
    assert_eq!(held["dossier"]["status"], "on_hold");
    assert_eq!(held["dossier"]["on_hold_since"], "2025-08-10");
    assert_eq!(held["dossier"]["next_actions"], json!([]));
    assert_eq!(held["dossier"]["deadline"]["status"], "no_deadline");

    // A transition while on hold is refused, and so is a second hold.
    let submit = |d: &str| {
        command(
            transition("submit_task_for_consultation"),
            COMMUNE,
            "Lấy ý kiến",
            on(d),
        )
    };
    let snap = app.snapshot(id).await;
    expect_problem(
        app.command(id, Some(&etag), &submit("2025-08-12")).await,
        StatusCode::CONFLICT,
        Some("wrong-status"),
    )
    .await;
    expect_problem(
        app.command(id, Some(&etag), &hold("Lần nữa", PROVINCE_PC))
            .await,
        StatusCode::CONFLICT,
        Some("wrong-status"),
    )
    .await;
    assert_eq!(app.snapshot(id).await, snap);

    let resumed_on = date("2025-08-25");
    let resume_reason = "Tiếp tục theo chỉ đạo của UBND tỉnh";
    let (etag, resumed) = app
        .command_ok(
            id,
            &etag,
            &command(
                json!({"command": "resume"}),
                PROVINCE_PC,
                resume_reason,
                Some(resumed_on),
            ),
        )
        .await;
    assert_eq!(resumed["dossier"]["status"], "active");
    assert!(resumed["dossier"]["on_hold_since"].is_null());
    let due_after = date(resumed["dossier"]["due_on"].as_str().unwrap());
    let days_held = (resumed_on - held_on).num_days();
    let shifted = due_before + chrono::Days::new(days_held.unsigned_abs());
    let calendar = app.planning.calendar_of("12");
    assert_eq!(due_after, calendar.roll_forward(shifted));
    assert!(due_after >= shifted && calendar.is_working_day(due_after));
    assert_eq!(resumed["event"]["due_on"], json!(due_after));

    // The same transition now goes through.
    let (_, done) = app.command_ok(id, &etag, &submit("2025-08-26")).await;
    assert_eq!(done["dossier"]["stage"], "task_consultation");

    let events = app.get_json(&format!("/api/v1/dossiers/{id}/events")).await;
    let by_type = |t: &str| {
        events
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["type"] == t)
            .cloned()
            .unwrap_or_else(|| panic!("no {t} event"))
    };
    let h = by_type("put_on_hold");
    assert_eq!(
        (&h["reason"], &h["role"], &h["occurred_on"]),
        (
            &json!(hold_reason),
            &json!("provincial_pc"),
            &json!("2025-08-10")
        )
    );
    let r = by_type("resumed");
    assert_eq!(
        (&r["reason"], &r["role"], &r["occurred_on"]),
        (
            &json!(resume_reason),
            &json!("provincial_pc"),
            &json!("2025-08-25")
        )
    );
}

// -------------------------------------------------------------------------------------------
// 10. Dossier list filters

#[tokio::test]
async fn dossier_list_filters() {
    let today = date("2025-11-25");
    let app = spawn_app_with_clock(Clock::fixed(today)).await;
    app.load_demo().await;

    let consulting = app
        .get_json("/api/v1/dossiers?province=12&plan_type=commune_general&stage=plan_consultation")
        .await;
    assert_eq!(consulting["total"], 20);
    let items = consulting["items"].as_array().unwrap();
    assert_eq!(items.len(), 20);
    for d in items {
        assert_eq!(d["stage"], "plan_consultation");
        assert_eq!(d["plan"]["plan_type"], "commune_general");
        assert_eq!(d["province_code"], "12");
    }

    let all = all_items(&app, "/api/v1/dossiers?province=12").await;
    let overdue = all_items(&app, "/api/v1/dossiers?province=12&overdue=true").await;
    let late = |d: &&Value| {
        d["status"] == "active" && d["due_on"].as_str().is_some_and(|due| date(due) < today)
    };
    let expected: BTreeSet<i64> = all
        .iter()
        .filter(late)
        .map(|d| d["dossier_id"].as_i64().unwrap())
        .collect();
    let got: BTreeSet<i64> = overdue
        .iter()
        .map(|d| d["dossier_id"].as_i64().unwrap())
        .collect();
    assert!(!expected.is_empty());
    assert_eq!(got, expected);
    assert!(overdue.iter().all(|d| late(&d)));

    // Among the commune general plans, the late ones are exactly those preparing the task.
    let cg_overdue = all_items(
        &app,
        "/api/v1/dossiers?province=12&plan_type=commune_general&overdue=true",
    )
    .await;
    let preparing = all_items(
        &app,
        "/api/v1/dossiers?province=12&plan_type=commune_general&stage=task_preparation",
    )
    .await;
    assert_eq!(cg_overdue.len(), 8);
    assert_eq!(
        str_set(&cg_overdue, "/plan/unit_code"),
        str_set(&preparing, "/plan/unit_code")
    );
    for d in &cg_overdue {
        assert_eq!(d["stage"], "task_preparation");
        assert!(date(d["due_on"].as_str().unwrap()) < today);
    }

    // The progress report counts the same dossiers as overdue.
    let report = app
        .get_json("/api/v1/progress?province=12&plan_type=commune_general")
        .await;
    assert_eq!(report["as_of"], "2025-11-25");
    let report_overdue: BTreeSet<i64> = report["overdue"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["dossier_id"].as_i64().unwrap())
        .collect();
    let listed: BTreeSet<i64> = cg_overdue
        .iter()
        .map(|d| d["dossier_id"].as_i64().unwrap())
        .collect();
    assert_eq!(report_overdue, listed);

    // Other filters.
    let unit = app.get_json("/api/v1/dossiers?unit=03598").await;
    assert!(unit["total"].as_i64().unwrap() >= 2);
    assert!(
        unit["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["plan"]["unit_code"] == "03598")
    );
    let none = app.get_json("/api/v1/dossiers?province=99").await;
    assert_eq!(none["total"], 0);
    expect_problem(
        app.get("/api/v1/dossiers?overdue=maybe").await,
        StatusCode::BAD_REQUEST,
        Some("bad-request"),
    )
    .await;
}

// -------------------------------------------------------------------------------------------
// 11. Templates

const COMMUNE_GENERAL: &str = include_str!("../../domain/templates/vn.commune_general.toml");

/// The built-in commune general template as its next version (4), with a 2-month task preparation.
fn commune_general_v2() -> String {
    let text = COMMUNE_GENERAL.replacen("\nversion = 3\n", "\nversion = 4\n", 1);
    assert_ne!(text, COMMUNE_GENERAL);
    let limit = "key = \"task_preparation\"\nname = { vi = \"Thời gian lập nhiệm vụ quy hoạch\"";
    let at = text.find(limit).expect("the task preparation limit");
    let (head, tail) = text.split_at(at);
    let tail = tail.replacen("length = 1\n", "length = 2\n", 1);
    format!("{head}{tail}")
}

/// Loads a template as an administrator (only administrators may).
async fn post_template(app: &TestApp, content_type: &str, text: &str) -> reqwest::Response {
    let token = app
        .provincial_token(plantrack_domain::access::Role::Administrator)
        .await;
    app.client
        .post(app.url("/api/v1/templates"))
        .header(reqwest::header::AUTHORIZATION, format!("Bearer {token}"))
        .header(CONTENT_TYPE, content_type)
        .body(text.to_owned())
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn templates_are_versioned() {
    let app = spawn_app_with_clock(Clock::fixed(date("2025-08-04"))).await;
    app.seed_units().await;

    let list = app.get_json("/api/v1/templates").await;
    let keys: BTreeSet<String> = str_set(list.as_array().unwrap(), "/key");
    let builtin: BTreeSet<String> = plantrack_domain::workflow::Template::builtin()
        .into_iter()
        .map(|(t, _)| t.key)
        .collect();
    assert_eq!(keys, builtin);
    assert_eq!(list.as_array().unwrap().len(), 7);

    // A dossier opened under version 3, moved into task preparation.
    let opened = date("2025-08-04");
    let (old, etag, created) = app.create_plan("03478", Some(opened)).await;
    assert_eq!(created["dossier"]["template_version"], 3);
    let (etag, _) = app
        .command_ok(
            old,
            &etag,
            &command(
                attach("consultant_contract"),
                COMMUNE,
                "Hợp đồng",
                Some(opened),
            ),
        )
        .await;

    let v2 = commune_general_v2();
    let resp = post_template(&app, "application/toml", &v2).await;
    assert_eq!(resp.status(), StatusCode::CREATED);
    let loaded: Value = resp.json().await.unwrap();
    assert_eq!(loaded["key"], "vn.commune_general");
    assert_eq!(loaded["version"], 4);
    // The same text again is accepted as already there.
    let resp = post_template(&app, "application/toml; charset=utf-8", &v2).await;
    assert_eq!(resp.status(), StatusCode::OK);

    let list = app.get_json("/api/v1/templates").await;
    assert_eq!(list.as_array().unwrap().len(), 7, "latest version of each");
    let cg = list
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["key"] == "vn.commune_general")
        .unwrap();
    assert_eq!(cg["version"], 4);
    assert_eq!(
        app.get_json("/api/v1/templates/vn.commune_general?version=3")
            .await["version"],
        3
    );

    // The old dossier keeps version 3, and its limits.
    let view = app.get_json(&format!("/api/v1/dossiers/{old}")).await;
    assert_eq!(view["template_version"], 3);
    let (_, moved) = app
        .command_ok(
            old,
            &etag,
            &command(
                transition("select_consultant"),
                COMMUNE,
                "Chọn",
                Some(opened),
            ),
        )
        .await;
    assert_eq!(moved["dossier"]["template_version"], 3);
    let calendar = app.planning.calendar_of("12");
    let after = |months: u32| {
        calendar.roll_forward(
            opened
                .checked_add_months(chrono::Months::new(months))
                .unwrap(),
        )
    };
    assert_eq!(moved["dossier"]["due_on"], json!(after(1)));

    // A new plan opens under version 4, and runs by it.
    let (new, etag, created) = app.create_plan("03508", Some(opened)).await;
    assert_eq!(created["dossier"]["template_version"], 4);
    let (_, moved) = app.select_consultant(new, &etag, Some(opened)).await;
    assert_eq!(moved["dossier"]["due_on"], json!(after(2)));
    let list = all_items(&app, "/api/v1/dossiers").await;
    let versions: BTreeMap<i64, u64> = list
        .iter()
        .map(|d| {
            (
                d["dossier_id"].as_i64().unwrap(),
                d["template_version"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(versions, BTreeMap::from([(old, 3), (new, 4)]));

    // Different text under a stored version is refused.
    let changed = v2.replacen("length = 2\n", "length = 3\n", 1);
    expect_problem(
        post_template(&app, "application/toml", &changed).await,
        StatusCode::CONFLICT,
        Some("duplicate"),
    )
    .await;
    let v1_changed = COMMUNE_GENERAL.replacen("length = 1\n", "length = 5\n", 1);
    expect_problem(
        post_template(&app, "application/toml", &v1_changed).await,
        StatusCode::CONFLICT,
        Some("duplicate"),
    )
    .await;
    // Not TOML by its content type.
    let problem = expect_problem(
        post_template(&app, "application/json", &v2).await,
        StatusCode::BAD_REQUEST,
        Some("bad-request"),
    )
    .await;
    assert_eq!(problem["field"], "content-type");
    let versions_now = app.get_json("/api/v1/templates/vn.commune_general").await;
    assert_eq!(versions_now["version"], 4);
    let refused_v3 = v2.replacen("\nversion = 4\n", "\nversion = 5\n", 1);
    expect_problem(
        post_template(&app, "application/json", &refused_v3).await,
        StatusCode::BAD_REQUEST,
        Some("bad-request"),
    )
    .await;
    expect_problem(
        app.get("/api/v1/templates/vn.commune_general?version=5")
            .await,
        StatusCode::NOT_FOUND,
        Some("not-found"),
    )
    .await;
}

// -------------------------------------------------------------------------------------------
// 12. Hostile input

/// `None` when `resp` is a 4xx problem+json, else what it was.
async fn not_a_client_problem(request: &str, resp: reqwest::Response) -> Option<String> {
    let status = resp.status();
    let content_type = header(&resp, CONTENT_TYPE.as_str());
    let text = resp.text().await.unwrap_or_default();
    let problem = serde_json::from_str::<Value>(&text).ok().filter(|p| {
        p["type"]
            .as_str()
            .is_some_and(|t| t.starts_with("urn:plantrack:problem:"))
            && p["status"].as_u64() == Some(u64::from(status.as_u16()))
    });
    if status.is_client_error() && content_type.starts_with(PROBLEM_JSON) && problem.is_some() {
        None
    } else {
        Some(format!(
            "{request} -> {status} {content_type:?} {}",
            &text[..text.len().min(200)]
        ))
    }
}

#[tokio::test]
async fn hostile_input_is_refused_without_a_server_error() {
    let app = spawn_app().await;
    app.seed_units().await;
    let (id, etag, _) = app.create_plan("03478", None).await;
    let before = app.snapshot(id).await;

    let long = "9".repeat(20_000);
    let gets = [
        "/api/v1/units?limit=99999999999999999999999".to_owned(),
        "/api/v1/units?offset=1e3".to_owned(),
        "/api/v1/units?kind=galaxy".to_owned(),
        "/api/v1/dossiers/-1".to_owned(),
        "/api/v1/dossiers/-1/events".to_owned(),
        format!("/api/v1/dossiers/{id}?as_of=%FF%FE"),
        format!("/api/v1/dossiers/{id}?as_of=2025-02-30"),
        format!("/api/v1/dossiers/{id}?as_of=99999-01-01x"),
        "/api/v1/progress?as_of=%C3%28".to_owned(),
        "/api/v1/progress?plan_type=%FF".to_owned(),
        "/api/v1/progress?units=%FF".to_owned(),
        "/api/v1/calendar?year=99999999999".to_owned(),
        "/api/v1/calendar?year=-40000".to_owned(),
        format!("/api/v1/units/{long}"),
        format!("/api/v1/units/{long}/boundary"),
        "/api/v1/templates/..%2F..%2Fetc%2Fpasswd".to_owned(),
        "/api/v1/templates/vn.commune_general?version=-1".to_owned(),
        "/api/v1/templates/vn.commune_general?version=99999999999".to_owned(),
        "/api/v1/nothing/here".to_owned(),
    ];
    let mut failures = Vec::new();
    for path in &gets {
        let resp = app.get(path).await;
        let shown = format!("GET {}", &path[..path.len().min(80)]);
        if let Some(f) = not_a_client_problem(&shown, resp).await {
            failures.push(f);
        }
    }

    let commands = format!("/api/v1/dossiers/{id}/commands");
    let mut nested = String::new();
    for _ in 0..10_000 {
        nested.push_str("{\"a\":[");
    }
    let posts: Vec<(String, String, Vec<u8>)> = vec![
        ("/api/v1/plans".into(), "application/json".into(), nested.clone().into_bytes()),
        (commands.clone(), "application/json".into(), nested.into_bytes()),
        (
            commands.clone(),
            "application/json".into(),
            b"{\"command\":\"hold\",\"actor\":{\"name\":\"\xff\xfe\",\"role\":\"provincial_pc\"},\"reason\":\"x\"}"
                .to_vec(),
        ),
        (
            commands.clone(),
            "application/json".into(),
            command(
                json!({"command": "allocate_funding", "decision_number": "1/QĐ", "decision_date": "2025-01-01", "amount_vnd": 1e30}),
                PROVINCE_PC,
                "Cấp vốn",
                None,
            )
            .to_string()
            .into_bytes(),
        ),
        (
            commands.clone(),
            "application/json".into(),
            command(
                json!({"command": "allocate_funding", "decision_number": "1/QĐ", "decision_date": "2025-01-01", "amount_vnd": -5}),
                PROVINCE_PC,
                "Cấp vốn",
                None,
            )
            .to_string()
            .into_bytes(),
        ),
        (
            commands.clone(),
            "application/json".into(),
            command(
                json!({"command": "extend_deadline", "new_due_on": "+262143-01-01", "approver": "x"}),
                PROVINCE_PC,
                "Gia hạn",
                None,
            )
            .to_string()
            .into_bytes(),
        ),
        (
            commands.clone(),
            "application/json".into(),
            command(attach("consultant_contract"), COMMUNE, "x", Some(date("0001-01-01")))
                .to_string()
                .into_bytes(),
        ),
        (
            commands.clone(),
            "application/json".into(),
            json!([1, 2, 3]).to_string().into_bytes(),
        ),
        (commands.clone(), "application/json".into(), Vec::new()),
        (
            "/api/v1/plans".into(),
            "application/json".into(),
            {
                let mut b = new_plan_body("03478", None);
                b["plan"]["horizon_year"] = json!(99_999_999_999_i64);
                b.to_string().into_bytes()
            },
        ),
        (
            "/api/v1/plans".into(),
            "application/json".into(),
            {
                let mut b = new_plan_body("03478", None);
                b["plan"]["map_scale"] = json!(-1);
                b.to_string().into_bytes()
            },
        ),
        (
            "/api/v1/plans".into(),
            "application/json".into(),
            {
                let mut b = new_plan_body(&"0".repeat(100_000), None);
                b["plan"]["name"] = json!("x");
                b.to_string().into_bytes()
            },
        ),
        (
            "/api/v1/plans".into(),
            "application/json".into(),
            {
                let mut b = new_plan_body("03478", None);
                b["plan"]["area_ha"] = json!(-0.0);
                b.to_string().into_bytes()
            },
        ),
        (
            "/api/v1/plans".into(),
            "application/json".into(),
            {
                // A forecast population with a few digits too many.
                let mut b = new_plan_body("03478", None);
                b["plan"]["population"] = json!(1_250_000_000);
                b.to_string().into_bytes()
            },
        ),
        (
            "/api/v1/templates".into(),
            "application/toml".into(),
            b"key = \"x\"\nversion = 99999999999\n".to_vec(),
        ),
        (
            "/api/v1/templates".into(),
            "application/toml".into(),
            "[[[[[[[[".repeat(10_000).into_bytes(),
        ),
        (
            "/api/v1/decisions".into(),
            "application/json".into(),
            json!({"number": "", "issued_on": "2025-01-01", "issuer": "x", "title": "y"})
                .to_string()
                .into_bytes(),
        ),
    ];
    for (path, content_type, body) in posts {
        let resp = app
            .client
            .post(app.url(&path))
            .header(CONTENT_TYPE, content_type)
            .header("if-match", etag.as_str())
            .body(body.clone())
            .send()
            .await
            .unwrap();
        let shown = format!(
            "POST {} {}",
            &path[..path.len().min(60)],
            String::from_utf8_lossy(&body[..body.len().min(120)])
        );
        if let Some(f) = not_a_client_problem(&shown, resp).await {
            failures.push(f);
        }
    }
    assert!(
        failures.is_empty(),
        "hostile requests not answered with a 4xx problem:\n{}",
        failures.join("\n")
    );
    assert_eq!(app.snapshot(id).await, before);
    assert_eq!(app.get_json("/api/v1/dossiers").await["total"], 1);

    // Paging parameters out of range are clamped, not failed.
    let page = app.get_json("/api/v1/units?limit=-5&offset=-7").await;
    assert_eq!(
        (page["limit"].as_i64(), page["offset"].as_i64()),
        (Some(1), Some(0))
    );
    let page = app.get_json("/api/v1/units?limit=100000").await;
    assert_eq!(page["limit"], 1000);
}

#[tokio::test]
/// The plan is nested in the request so that serde reports the path of the bad field.
async fn unknown_plan_type_names_the_field() {
    let app = spawn_app().await;
    app.seed_units().await;
    let mut body = new_plan_body("03478", None);
    body["plan"]["plan_type"] = json!("skyscraper");
    let problem = expect_problem(
        app.post_json("/api/v1/plans", &body).await,
        StatusCode::BAD_REQUEST,
        Some("bad-request"),
    )
    .await;
    assert_eq!(problem["field"], "plan.plan_type", "{problem}");
    assert!(
        problem["detail"].as_str().unwrap().contains("plan_type"),
        "{problem}"
    );
}

#[tokio::test]
async fn nul_characters_are_no_server_error() {
    let app = spawn_app().await;
    app.seed_units().await;
    let (id, etag, _) = app.create_plan("03478", None).await;
    let mut failures = Vec::new();
    for path in [
        "/api/v1/units/%00".to_owned(),
        "/api/v1/units/0347%00/boundary".to_owned(),
        "/api/v1/units?province=%00".to_owned(),
        "/api/v1/dossiers?stage=%00".to_owned(),
        "/api/v1/dossiers?unit=03478%00".to_owned(),
        "/api/v1/progress?province=1%002".to_owned(),
        "/api/v1/units/03478/progress?lang=%00".to_owned(),
    ] {
        let resp = app.get(&path).await;
        if resp.status().is_server_error() {
            failures.push(format!("GET {path} -> {}", resp.status()));
        }
    }
    let mut plan = new_plan_body("03478", None);
    plan["plan"]["name"] = json!("Quy hoạch\u{0}xã");
    let mut unit = new_plan_body("03478\u{0}", None);
    unit["plan"]["name"] = json!("x");
    let decision =
        json!({"number": "1\u{0}/QĐ", "issued_on": "2025-01-01", "issuer": "x", "title": "y"});
    for (path, body) in [
        ("/api/v1/plans".to_owned(), plan),
        ("/api/v1/plans".to_owned(), unit),
        ("/api/v1/decisions".to_owned(), decision),
    ] {
        let resp = app.post_json(&path, &body).await;
        if resp.status().is_server_error() {
            failures.push(format!("POST {path} {body} -> {}", resp.status()));
        }
    }
    let cmd = command(attach("consultant_contract"), COMMUNE, "lý do\u{0}", None);
    let resp = app.command(id, Some(&etag), &cmd).await;
    if resp.status().is_server_error() {
        failures.push(format!("command {cmd} -> {}", resp.status()));
    }
    assert!(
        failures.is_empty(),
        "server errors:\n{}",
        failures.join("\n")
    );
}

#[tokio::test]
async fn oversized_body_is_refused_as_a_problem() {
    let app = spawn_app().await;
    app.seed_units().await;
    let mut body = new_plan_body("03478", None);
    body["plan"]["name"] = json!("x".repeat(3 * 1024 * 1024));
    expect_problem(
        app.post_json("/api/v1/plans", &body).await,
        StatusCode::PAYLOAD_TOO_LARGE,
        None,
    )
    .await;
    let resp = app
        .client
        .post(app.url("/api/v1/templates"))
        .header(CONTENT_TYPE, "application/toml")
        .body("#".repeat(3 * 1024 * 1024))
        .send()
        .await
        .unwrap();
    expect_problem(resp, StatusCode::PAYLOAD_TOO_LARGE, None).await;
    assert_eq!(app.get_json("/api/v1/dossiers").await["total"], 0);
}

#[tokio::test]
async fn extractor_rejections_are_problems() {
    let app = spawn_app().await;
    app.seed_units().await;
    let (id, etag, _) = app.create_plan("03478", None).await;
    let mut failures = Vec::new();
    for path in [
        "/api/v1/dossiers/abc",
        "/api/v1/dossiers/99999999999999999999999",
        "/api/v1/dossiers/1e3/events",
        "/api/v1/plans/1.5",
        "/api/v1/units/%FF",
        "/api/v1/units/%FF/boundary",
    ] {
        if let Some(f) = not_a_client_problem(&format!("GET {path}"), app.get(path).await).await {
            failures.push(f);
        }
    }
    let cmd = command(attach("consultant_contract"), COMMUNE, "x", None);
    let requests = [
        (
            "PUT /api/v1/calendar/overrides/not-a-date",
            app.client
                .put(app.url("/api/v1/calendar/overrides/not-a-date"))
                .json(&json!({"kind": "day_off", "note": "x"})),
        ),
        (
            "DELETE /api/v1/calendar/overrides/2025-13-01",
            app.client
                .delete(app.url("/api/v1/calendar/overrides/2025-13-01")),
        ),
        (
            "POST /api/v1/dossiers/99999999999999999999999/commands",
            app.client
                .post(app.url("/api/v1/dossiers/99999999999999999999999/commands"))
                .header("if-match", etag.as_str())
                .json(&cmd),
        ),
        (
            "POST /api/v1/templates (not UTF-8)",
            app.client
                .post(app.url("/api/v1/templates"))
                .header(CONTENT_TYPE, "application/toml")
                .body(b"\xff\xfe not utf-8".to_vec()),
        ),
        (
            "PATCH /api/v1/plans",
            app.client.patch(app.url("/api/v1/plans")),
        ),
    ];
    for (name, req) in requests {
        if let Some(f) = not_a_client_problem(name, req.send().await.unwrap()).await {
            failures.push(f);
        }
    }
    assert_eq!(app.snapshot(id).await.version, 1);
    assert!(
        failures.is_empty(),
        "refusals that are not problem+json:\n{}",
        failures.join("\n")
    );
}

#[tokio::test]
async fn paging_at_the_end_of_the_range_is_no_server_error() {
    let app = spawn_app().await;
    app.seed_units().await;
    for path in [
        "/api/v1/units?offset=9223372036854775807",
        "/api/v1/units?offset=9223372036854775000&limit=1000",
        "/api/v1/dossiers?offset=9223372036854775807",
    ] {
        let resp = app.get(path).await;
        let status = resp.status();
        let text = resp.text().await.unwrap();
        assert!(
            status == StatusCode::OK || status.is_client_error(),
            "GET {path}: {status} {text}"
        );
        if status == StatusCode::OK {
            let page: Value = serde_json::from_str(&text).unwrap();
            assert_eq!(page["items"], json!([]));
            assert!(page["next_offset"].is_null(), "{page}");
        }
    }
}

#[tokio::test]
async fn responses_carry_security_headers_and_problems_their_request_id() {
    let app = spawn_app().await;
    let resp = app
        .client
        .get(app.url("/api/v1/units/99999"))
        .send()
        .await
        .unwrap();
    let header_id = resp.headers()["x-request-id"].to_str().unwrap().to_owned();
    for name in [
        "content-security-policy",
        "x-content-type-options",
        "x-frame-options",
        "referrer-policy",
    ] {
        assert!(resp.headers().contains_key(name), "missing {name}");
    }
    let csp = resp.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"),
        "{csp}"
    );
    let problem = expect_problem(resp, StatusCode::NOT_FOUND, Some("not-found")).await;
    assert_eq!(problem["request_id"], header_id.as_str());
}

#[tokio::test]
async fn the_account_not_the_body_says_who_acts() {
    let app = spawn_app().await;
    app.seed_units().await;
    let (id, etag, _) = app.create_plan("03478", None).await;
    let before = app.snapshot(id).await;
    let contract = command(attach("consultant_contract"), COMMUNE, "Hợp đồng", None);

    // No credentials: 401, nothing changes.
    let resp = app
        .client
        .post(app.url(&format!("/api/v1/dossiers/{id}/commands")))
        .header("if-match", etag.as_str())
        .json(&contract)
        .send()
        .await
        .unwrap();
    expect_problem(resp, StatusCode::UNAUTHORIZED, Some("unauthorized")).await;
    // Another commune's officer: 403, nothing changes.
    let other = app
        .token_for(("UBND xã Hồng Thu", "commune_pc"), "03508")
        .await;
    let resp = app
        .client
        .post(app.url(&format!("/api/v1/dossiers/{id}/commands")))
        .bearer_auth(&other)
        .header("if-match", etag.as_str())
        .json(&contract)
        .send()
        .await
        .unwrap();
    expect_problem(resp, StatusCode::FORBIDDEN, Some("forbidden")).await;
    // A consultant not (yet) contracted for the plan: 403.
    let draft = command(attach("task_draft"), CONSULTANT, "Dự thảo", None);
    expect_problem(
        app.command(id, Some(&etag), &draft).await,
        StatusCode::FORBIDDEN,
        Some("forbidden"),
    )
    .await;
    assert_eq!(app.snapshot(id).await, before, "refusals changed nothing");

    // The body's actor is not believed: the event names the account.
    let mut lying = contract.clone();
    lying["actor"] = json!({"name": "Chủ tịch UBND tỉnh", "role": "provincial_pc"});
    let token = app.token_for(COMMUNE, "03478").await;
    let resp = app
        .client
        .post(app.url(&format!("/api/v1/dossiers/{id}/commands")))
        .bearer_auth(&token)
        .header("if-match", etag.as_str())
        .json(&lying)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    let outcome: Value = resp.json().await.unwrap();
    assert_eq!(outcome["event"]["actor"], COMMUNE.0);
    assert_eq!(outcome["event"]["role"], "commune_pc");

    // Once the commune names the consultant, that firm may act on the plan.
    let named = command(
        json!({"command": "change_consultant", "name": CONSULTANT.0}),
        COMMUNE,
        "Ký hợp đồng",
        None,
    );
    let (etag, _) = app.command_ok(id, "\"2\"", &named).await;
    app.command_ok(id, &etag, &draft).await;
}

#[tokio::test]
async fn vendored_libraries_are_served_from_the_binary() {
    let app = spawn_app().await;
    let htmx = app
        .client
        .get(app.url("/assets/vendor/htmx/htmx.min.js"))
        .send()
        .await
        .unwrap();
    assert_eq!(htmx.status(), StatusCode::OK);
    assert!(
        htmx.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/javascript")
    );
    assert!(htmx.text().await.unwrap().contains("htmx"));
    let css = app
        .client
        .get(app.url("/assets/vendor/leaflet/leaflet.css"))
        .send()
        .await
        .unwrap();
    assert_eq!(css.status(), StatusCode::OK);
    for path in [
        "/assets/vendor/nothing.js",
        "/assets/../Cargo.toml",
        "/assets/%2e%2e/Cargo.toml",
    ] {
        let resp = app.client.get(app.url(path)).send().await.unwrap();
        assert_eq!(resp.status(), StatusCode::NOT_FOUND, "{path}");
    }
}
