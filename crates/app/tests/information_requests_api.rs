//! Sectoral information requests over the JSON API (issue 13, item 4), on the demo with the
//! clock at 20/12/2025: a department lists what it is asked; another department's answer is a
//! problem+json in the reader's language (vi, en, id) and changes nothing; the addressed
//! department answers; the turnaround says each department's median days and share late.

// A test's helpers fail the test where they fail: unwrapping says where.
#![allow(clippy::unwrap_used, clippy::print_stderr)]

mod common;

use common::{PROBLEM_JSON, spawn_app_on};
use plantrack_domain::access::Role;
use reqwest::StatusCode;
use reqwest::header::{ACCEPT_LANGUAGE, CONTENT_TYPE};
use serde_json::{Value, json};

const NNMT: &str = "Sở Nông nghiệp và Môi trường tỉnh Lai Châu";
const CULTURE: &str = "Sở Văn hóa, Thể thao và Du lịch tỉnh Lai Châu";

#[tokio::test]
async fn only_the_addressed_department_answers_and_refusals_speak_the_readers_language() {
    let (app, _hand) = spawn_app_on("2025-12-20").await;
    plantrack::demo::load(&app.planning, &mut |_| {})
        .await
        .unwrap();
    let department = app.organisation_token(NNMT, Role::DepartmentOfficer).await;
    let culture = app
        .organisation_token(CULTURE, Role::DepartmentOfficer)
        .await;
    let get = |token: &str, path: &str| app.client.get(app.url(path)).bearer_auth(token).send();

    let resp = app
        .client
        .get(app.url("/api/v1/information-requests"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::UNAUTHORIZED);

    let open: Value = get(&department, "/api/v1/information-requests?open=true")
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let open = open["requests"].as_array().unwrap().clone();
    let ours: Vec<&Value> = open.iter().filter(|r| r["department"] == NNMT).collect();
    assert_eq!(ours.len(), 3);
    assert!(ours.iter().all(|r| r["late"] == true));
    let id = ours[0]["id"].as_i64().unwrap();

    // Culture answering Agriculture and Environment's request: refused in each language.
    let answer = json!({ "documents": ["Công văn 1600/SNNMT-KL (thử)"] });
    for (lang, words) in [
        (
            "vi",
            "chỉ Sở Nông nghiệp và Môi trường tỉnh Lai Châu trả lời",
        ),
        (
            "en",
            "only Sở Nông nghiệp và Môi trường tỉnh Lai Châu answers it",
        ),
        (
            "id",
            "hanya Sở Nông nghiệp và Môi trường tỉnh Lai Châu yang menjawab",
        ),
    ] {
        let resp = app
            .client
            .post(app.url(&format!("/api/v1/information-requests/{id}/answer")))
            .bearer_auth(&culture)
            .header(ACCEPT_LANGUAGE, lang)
            .json(&answer)
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY, "{lang}");
        assert_eq!(resp.headers()[CONTENT_TYPE], PROBLEM_JSON);
        let problem: Value = resp.json().await.unwrap();
        let detail = problem["detail"].as_str().unwrap();
        assert!(detail.contains(words), "{lang}: {detail}");
    }
    let still: Value = get(&department, &format!("/api/v1/information-requests/{id}"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(still["state"], ours[0]["state"]);
    assert_eq!(still["version"], ours[0]["version"]);

    // An answer with nothing in it is refused; the department's answer is recorded.
    let empty = app
        .client
        .post(app.url(&format!("/api/v1/information-requests/{id}/answer")))
        .bearer_auth(&department)
        .json(&json!({ "answer": "Xem sau" }))
        .send()
        .await
        .unwrap();
    assert_eq!(empty.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let done = app
        .client
        .post(app.url(&format!("/api/v1/information-requests/{id}/answer")))
        .bearer_auth(&department)
        .json(&answer)
        .send()
        .await
        .unwrap();
    assert_eq!(done.status(), StatusCode::OK);
    let done: Value = done.json().await.unwrap();
    assert_eq!(done["state"], "answered");
    assert_eq!(done["closed_on"], "2025-12-20");
    let again = app
        .client
        .post(app.url(&format!("/api/v1/information-requests/{id}/answer")))
        .bearer_auth(&department)
        .json(&answer)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::CONFLICT);

    // Turnaround: answered in 9, 19 and now 24 days (median 19); 4 of 5 late.
    let turnaround: Value = get(&department, "/api/v1/information-requests/turnaround")
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let nnmt = turnaround["departments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["department"] == NNMT)
        .unwrap()
        .clone();
    assert_eq!(nnmt["turnaround"]["answered"], 3);
    assert_eq!(nnmt["turnaround"]["median_days"], 19.0);
    assert_eq!(nnmt["turnaround"]["share_late"], 0.8);

    // A commune asks for its own dossier; the due date defaults to 15 days.
    let commune = app
        .organisation_token("UBND xã Sìn Hồ", Role::CommuneOfficer)
        .await;
    let dossiers: Value = get(&commune, "/api/v1/dossiers?unit=03478")
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let dossier = dossiers["items"][0]["dossier_id"].as_i64().unwrap();
    let culture_id = app
        .planning
        .organisation_by_name(plantrack_domain::access::Caller::Operator, CULTURE)
        .await
        .unwrap()
        .unwrap()
        .id;
    let asked = app
        .client
        .post(app.url("/api/v1/information-requests"))
        .bearer_auth(&commune)
        .json(&json!({
            "department_id": culture_id,
            "dossiers": [dossier],
            "topics": ["heritage"],
            "text": "Đề nghị cung cấp danh mục di tích (thử)",
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(asked.status(), StatusCode::CREATED);
    let asked: Value = asked.json().await.unwrap();
    assert_eq!(asked["requests"][0]["due_on"], "2026-01-04");
}
