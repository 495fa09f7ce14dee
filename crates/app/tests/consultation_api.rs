//! Consultation rounds over the JSON API (issue 15), on the demo with the clock at 20/12/2025:
//! Sìn Hồ opens a round on its dossier, enters an opinion and answers it; a residents' track
//! of 19 days, an opinion on the closed round and an answer by another commune are refused as
//! problem+json in the reader's language and change nothing; the table downloads as DOCX and
//! XLSX.

// A test's helpers fail the test where they fail: unwrapping says where.
#![allow(clippy::unwrap_used, clippy::print_stderr)]

mod common;

use common::{PROBLEM_JSON, spawn_app_on};
use plantrack_domain::access::Role;
use reqwest::StatusCode;
use reqwest::header::{ACCEPT_LANGUAGE, CONTENT_TYPE};
use serde_json::{Value, json};

#[tokio::test]
async fn a_commune_runs_its_round_and_refusals_speak_the_readers_language() {
    let (app, _hand) = spawn_app_on("2025-12-20").await;
    plantrack::demo::load(&app.planning, &mut |_| {})
        .await
        .unwrap();
    let commune = app
        .organisation_token("UBND xã Sìn Hồ", Role::CommuneOfficer)
        .await;
    let other = app
        .organisation_token("UBND xã Hồng Thu", Role::CommuneOfficer)
        .await;
    let dossiers: Value = app
        .client
        .get(app.url("/api/v1/dossiers?unit=03478"))
        .bearer_auth(&commune)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let dossier = dossiers["items"][0]["dossier_id"].as_i64().unwrap();
    let open = |token: &str, closes: &str, lang: &str| {
        app.client
            .post(app.url(&format!("/api/v1/dossiers/{dossier}/consultations")))
            .bearer_auth(token)
            .header(ACCEPT_LANGUAGE, lang)
            .json(&json!({
                "subject": "plan",
                "forms": ["public_display", "resident_meeting"],
                "opens_on": "2025-11-20",
                "closes_on": closes,
            }))
            .send()
    };
    // 19 days: refused with the law's article, in Vietnamese and in Indonesian.
    for (lang, cites) in [("vi", "Điều 37"), ("id", "Pasal 37")] {
        let resp = open(&commune, "2025-12-09", lang).await.unwrap();
        assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(resp.headers()[CONTENT_TYPE], PROBLEM_JSON);
        let problem: Value = resp.json().await.unwrap();
        assert!(
            problem["detail"].as_str().unwrap().contains(cites),
            "{problem}"
        );
    }
    let list = |token: String| {
        let app = &app;
        async move {
            let v: Value = app
                .client
                .get(app.url("/api/v1/consultations"))
                .bearer_auth(token)
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            v["consultations"].as_array().unwrap().clone()
        }
    };
    assert!(list(commune.clone()).await.is_empty(), "nothing stored");

    let opened = open(&commune, "2025-12-15", "vi").await.unwrap();
    assert_eq!(opened.status(), StatusCode::CREATED);
    let opened: Value = opened.json().await.unwrap();
    let id = opened["round"]["id"].as_i64().unwrap();

    let opinion = app
        .client
        .post(app.url(&format!("/api/v1/consultations/{id}/opinions")))
        .bearer_auth(&commune)
        .json(&json!({
            "source": "paper",
            "text": "Giữ chợ ở trung tâm <script>alert(1)</script>",
            "hamlet": "Bản Thử",
            "received_on": "2025-11-25",
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(opinion.status(), StatusCode::CREATED);
    let opinion: Value = opinion.json().await.unwrap();
    assert_eq!(opinion["author_name"], Value::Null, "anonymous");

    // The round closed on 15/12: a comment dated after is refused (409), in English.
    let late = app
        .client
        .post(app.url(&format!("/api/v1/consultations/{id}/opinions")))
        .bearer_auth(&commune)
        .header(ACCEPT_LANGUAGE, "en")
        .json(&json!({ "source": "paper", "text": "Muộn", "received_on": "2025-12-18" }))
        .send()
        .await
        .unwrap();
    assert_eq!(late.status(), StatusCode::CONFLICT);
    let late: Value = late.json().await.unwrap();
    assert!(
        late["detail"]
            .as_str()
            .unwrap()
            .contains("closed on 15/12/2025"),
        "{late}"
    );

    // Another commune's answer is refused; the commune's own is kept.
    let answer = json!({
        "opinion_id": opinion["id"],
        "topic": "public_facilities",
        "response": "accepted",
        "text": "Giữ vị trí chợ hiện hữu",
    });
    let refused = app
        .client
        .post(app.url(&format!("/api/v1/consultations/{id}/answers")))
        .bearer_auth(&other)
        .json(&answer)
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let refused: Value = refused.json().await.unwrap();
    assert!(
        refused["detail"].as_str().unwrap().contains("UBND xã"),
        "{refused}"
    );
    let answered = app
        .client
        .post(app.url(&format!("/api/v1/consultations/{id}/answers")))
        .bearer_auth(&commune)
        .json(&answer)
        .send()
        .await
        .unwrap();
    assert_eq!(answered.status(), StatusCode::CREATED);

    let rounds = list(commune.clone()).await;
    assert_eq!(rounds.len(), 1);
    assert_eq!(
        (
            rounds[0]["opinions"].as_u64(),
            rounds[0]["answered"].as_u64()
        ),
        (Some(1), Some(1))
    );
    assert!(
        list(other.clone()).await.is_empty(),
        "another commune's round"
    );
    let sheet: Value = app
        .client
        .get(app.url(&format!("/api/v1/consultations/{id}")))
        .bearer_auth(&commune)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        sheet["completeness"]["topics_without_summary"],
        json!(["public_facilities"])
    );

    for (ext, media) in [
        (
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
    ] {
        let resp = app
            .client
            .get(app.url(&format!(
                "/api/v1/consultations/{id}/table.{ext}?anonymised=true"
            )))
            .bearer_auth(&commune)
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), StatusCode::OK);
        assert_eq!(resp.headers()[CONTENT_TYPE], media);
        assert!(resp.bytes().await.unwrap().starts_with(b"PK"));
    }
    let anonymous = app
        .client
        .get(app.url(&format!("/api/v1/consultations/{id}/table.docx")))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
}

/// A body that has not replied leaves the register (one that replied stays, 409); the
/// province's rule on silence is read by its offices and set by its leadership only.
#[tokio::test]
async fn the_register_and_the_provinces_rule() {
    let (app, _hand) = spawn_app_on("2025-12-20").await;
    plantrack::demo::load(&app.planning, &mut |_| {})
        .await
        .unwrap();
    let leader = app.provincial_token(Role::Leadership).await;
    let commune = app
        .organisation_token("UBND xã Sìn Hồ", Role::CommuneOfficer)
        .await;
    // A demo round with its two agencies: the first Bình Lư's, one of which replied.
    let rounds = app
        .planning
        .consultations(
            plantrack_domain::access::Caller::Operator,
            &plantrack_store::consultation::ConsultationQuery {
                unit: Some("03390".into()),
                dossier: None,
            },
        )
        .await
        .unwrap();
    let sheet = app
        .planning
        .consultation(plantrack_domain::access::Caller::Operator, rounds[0].id)
        .await
        .unwrap();
    let replied = sheet
        .consultees
        .iter()
        .find(|c| !c.replies.is_empty())
        .expect("an agency replied");
    let silent = sheet
        .consultees
        .iter()
        .find(|c| c.replies.is_empty())
        .expect("an agency did not reply");
    let xa = app
        .token_for(("UBND xã Bình Lư", "commune_pc"), "03390")
        .await;
    let delete = |id: i64, token: String| {
        app.client
            .delete(app.url(&format!("/api/v1/consultees/{id}")))
            .bearer_auth(token)
            .send()
    };
    let resp = delete(replied.id, xa.clone()).await.unwrap();
    assert_eq!(resp.status(), StatusCode::CONFLICT);
    assert_eq!(resp.headers()[CONTENT_TYPE], PROBLEM_JSON);
    // Another commune may not touch the register.
    let resp = delete(silent.id, commune.clone()).await.unwrap();
    assert_eq!(resp.status(), StatusCode::FORBIDDEN);
    let resp = delete(silent.id, xa.clone()).await.unwrap();
    assert_eq!(resp.status(), StatusCode::NO_CONTENT);
    let resp = delete(silent.id, xa.clone()).await.unwrap();
    assert_eq!(resp.status(), StatusCode::NOT_FOUND);
    let after = app
        .planning
        .consultation(plantrack_domain::access::Caller::Operator, rounds[0].id)
        .await
        .unwrap();
    assert_eq!(after.consultees.len(), sheet.consultees.len() - 1);

    // The rule: off by default; the commune reads it but may not set it; leadership sets it.
    let rules = |token: String| {
        app.client
            .get(app.url("/api/v1/provinces/12/consultation-rules"))
            .bearer_auth(token)
            .send()
    };
    let set = |token: String, on: bool| {
        app.client
            .put(app.url("/api/v1/provinces/12/consultation-rules"))
            .bearer_auth(token)
            .json(&json!({ "silence_is_agreement": on }))
            .send()
    };
    let read: Value = rules(commune.clone()).await.unwrap().json().await.unwrap();
    assert_eq!(read, json!({ "silence_is_agreement": false }));
    let resp = set(commune.clone(), true).await.unwrap();
    assert_eq!(resp.status(), StatusCode::FORBIDDEN);
    let resp = set(leader.clone(), true).await.unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    let read: Value = rules(commune.clone()).await.unwrap().json().await.unwrap();
    assert_eq!(read, json!({ "silence_is_agreement": true }));
    let resp = app
        .client
        .get(app.url("/api/v1/provinces/99/consultation-rules"))
        .bearer_auth(&leader)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::FORBIDDEN, "another province's");
}
