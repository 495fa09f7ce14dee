//! Similar opinions grouped on a round's page and over the API (issue 15, item 5), and the
//! moderation page of the public consultation as the commune's officer uses it (item 3). On
//! the demo: a commune officer sees its round's opinions in groups, answers a group at once,
//! merges two groups and splits an opinion out through the page's forms without JavaScript;
//! over the API the same, with another commune refused as problem+json and nothing stored;
//! Mường Kim's officer reads its moderation queue and publishes the proposed copy.

// A test's helpers fail the test where they fail: unwrapping says where.
#![allow(clippy::unwrap_used, clippy::print_stderr)]

mod common;

use common::pages::{demo_app_on, field, page, sign_in, text};
use common::{PROBLEM_JSON, spawn_app_on};
use plantrack_domain::access::{Caller, Role};
use plantrack_domain::consultation::{ConsultationForm, OpinionSource, Subject};
use plantrack_store::consultation::groups::OpinionGrouping;
use plantrack_store::consultation::{ConsultationQuery, NewOpinion, NewRound};
use reqwest::StatusCode;
use reqwest::header::{ACCEPT_LANGUAGE, CONTENT_TYPE, COOKIE, LOCATION};
use serde_json::{Value, json};

fn together(g: &OpinionGrouping, a: i64, b: i64) -> bool {
    g.groups
        .iter()
        .any(|x| x.opinions.contains(&a) && x.opinions.contains(&b))
}

#[tokio::test]
async fn a_commune_answers_merges_and_splits_groups_on_its_page() {
    let (app, _hand, password, client) = demo_app_on("2025-12-15").await;
    let base = &app.base;
    // The demo's round with the most residents' opinions, and its commune's officer.
    let rounds = app
        .planning
        .consultations(Caller::Operator, &ConsultationQuery::default())
        .await
        .unwrap();
    let round = rounds.iter().max_by_key(|r| r.opinions).unwrap();
    let (id, unit) = (round.id, round.unit_code.clone());
    let groups = app
        .planning
        .opinion_groups(Caller::Operator, id)
        .await
        .unwrap();
    assert!(groups.groups.len() >= 2, "{groups:?}");
    let commune = sign_in(&client, base, &format!("xa-{unit}"), &password).await;
    let (status, sheet) = page(
        &client,
        base,
        &commune,
        &format!("/consultation-rounds/{id}"),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let said = text(&sheet);
    assert!(
        said.contains(&format!("Nhóm ý kiến tương tự ({})", groups.groups.len())),
        "{said}"
    );
    assert_eq!(
        sheet.matches("<tr data-group=").count(),
        groups.groups.len()
    );
    let first = &groups.groups[0];
    let ids: Vec<String> = first.opinions.iter().map(ToString::to_string).collect();
    assert!(sheet.contains(&format!("data-opinions=\"{}\"", ids.join(","))));
    let csrf = field(&sheet, "class=\"card group-answer-form\"", "csrf");
    let post = |path: String, form: Vec<(&'static str, String)>, cookie: String| {
        let client = client.clone();
        async move {
            client
                .post(format!("{base}{path}"))
                .header(COOKIE, cookie)
                .form(&form)
                .send()
                .await
                .unwrap()
        }
    };

    // Another commune's officer is refused, and nothing is answered.
    let theirs = rounds.iter().find(|r| r.unit_code != unit).unwrap();
    let other = sign_in(
        &client,
        base,
        &format!("xa-{}", theirs.unit_code),
        &password,
    )
    .await;
    let (_, their_sheet) = page(
        &client,
        base,
        &other,
        &format!("/consultation-rounds/{}", theirs.id),
    )
    .await;
    let other_csrf = field(&their_sheet, "class=\"card group-answer-form\"", "csrf");
    let before = app
        .planning
        .consultation(Caller::Operator, id)
        .await
        .unwrap();
    let refused = post(
        format!("/consultation-rounds/{id}/group-answers"),
        vec![
            ("csrf", other_csrf),
            ("opinions", ids.join(",")),
            ("topic", "land_use".into()),
            ("response", "explained".into()),
            ("text", "Không phải xã này (thử)".into()),
        ],
        other.clone(),
    )
    .await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        app.planning
            .consultation(Caller::Operator, id)
            .await
            .unwrap(),
        before
    );

    // The group answered at once from its form: every opinion has its own answer.
    let answered = post(
        format!("/consultation-rounds/{id}/group-answers"),
        vec![
            ("csrf", csrf.clone()),
            ("opinions", ids.join(",")),
            ("topic", "land_use".into()),
            ("response", "explained".into()),
            ("text", "Giữ theo phương án của đồ án <i>(thử)</i>".into()),
        ],
        commune.clone(),
    )
    .await;
    assert_eq!(answered.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        answered.headers()[LOCATION],
        format!("/consultation-rounds/{id}")
    );
    let sheet_now = app
        .planning
        .consultation(Caller::Operator, id)
        .await
        .unwrap();
    for o in sheet_now
        .opinions
        .iter()
        .filter(|o| first.opinions.contains(&o.id))
    {
        let last = o.answers.last().unwrap();
        assert_eq!(last.text, "Giữ theo phương án của đồ án <i>(thử)</i>");
        assert_eq!(last.opinion_id, o.id);
    }
    let (_, sheet) = page(
        &client,
        base,
        &commune,
        &format!("/consultation-rounds/{id}"),
    )
    .await;
    assert!(sheet.contains("Giữ theo phương án của đồ án &#60;i&#62;(thử)&#60;/i&#62;"));
    assert!(!sheet.contains("<i>(thử)"), "escaped");

    // Merge the first two groups, then split an opinion out of the merged one.
    let (a, b) = (
        groups.groups[0].representative,
        groups.groups[1].representative,
    );
    let merged = post(
        format!("/consultation-rounds/{id}/group-merges"),
        vec![
            ("csrf", csrf.clone()),
            ("first", a.to_string()),
            ("second", b.to_string()),
        ],
        commune.clone(),
    )
    .await;
    assert_eq!(merged.status(), StatusCode::SEE_OTHER);
    let g = app
        .planning
        .opinion_groups(Caller::Operator, id)
        .await
        .unwrap();
    assert!(together(&g, a, b), "{g:?}");
    let out = groups.groups[0]
        .opinions
        .iter()
        .copied()
        .find(|x| *x != a)
        .unwrap_or(b);
    let split = post(
        format!("/consultation-rounds/{id}/group-splits"),
        vec![("csrf", csrf.clone()), ("opinion", out.to_string())],
        commune.clone(),
    )
    .await;
    assert_eq!(split.status(), StatusCode::SEE_OTHER);
    let g = app
        .planning
        .opinion_groups(Caller::Operator, id)
        .await
        .unwrap();
    assert!(!together(&g, out, if out == b { a } else { b }), "{g:?}");
    assert!(g.together > 0 && g.apart > 0);

    // Merging a group with itself is refused on the page, in Vietnamese.
    let again = post(
        format!("/consultation-rounds/{id}/group-merges"),
        vec![
            ("csrf", csrf.clone()),
            ("first", a.to_string()),
            ("second", b.to_string()),
        ],
        commune.clone(),
    )
    .await;
    assert_eq!(again.status(), StatusCode::CONFLICT);
    let said = text(&again.text().await.unwrap());
    assert!(said.contains("đã ở cùng một nhóm"), "{said}");
}

const TEXTS: [&str; 6] = [
    "Đề nghị giữ chợ ở trung tâm xã",
    "Kính gửi UBND xã, tôi đề nghị giữ nguyen cho o trung tam",
    "Đề nghị giữ chợ ở trung tâm xã, không chuyển chợ đi nơi khác",
    "Giá đền bù đất nông nghiệp quá thấp",
    "gia den bu dat nong nghiep thap qua",
    "Giá đền bù đất nông nghiệp thấp quá, đề nghị xem lại",
];

#[tokio::test]
async fn groups_over_the_api_and_refusals_as_problems() {
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
    let round = app
        .planning
        .open_consultation(
            Caller::Operator,
            dossier,
            &NewRound {
                subject: Subject::Task,
                documents: Vec::new(),
                forms: vec![ConsultationForm::ResidentMeeting],
                opens_on: "2025-12-01".parse().unwrap(),
                closes_on: "2025-12-25".parse().unwrap(),
                agencies_opens_on: None,
                agencies_closes_on: None,
            },
        )
        .await
        .unwrap()
        .round
        .id;
    let mut ids = Vec::new();
    for t in TEXTS {
        ids.push(
            app.planning
                .record_opinion(
                    Caller::Operator,
                    round,
                    &NewOpinion {
                        source: OpinionSource::Meeting,
                        author_name: None,
                        hamlet: String::new(),
                        contact: String::new(),
                        text: t.into(),
                        cosigners: 0,
                        received_on: Some("2025-12-10".parse().unwrap()),
                    },
                )
                .await
                .unwrap()
                .id,
        );
    }
    let get = |token: &str| {
        app.client
            .get(app.url(&format!("/api/v1/consultations/{round}/groups")))
            .bearer_auth(token)
            .send()
    };
    let post = |token: &str, path: &str, body: Value| {
        app.client
            .post(app.url(&format!("/api/v1/consultations/{round}/{path}")))
            .bearer_auth(token)
            .header(ACCEPT_LANGUAGE, "vi")
            .json(&body)
            .send()
    };
    let resp = get(&commune).await.unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    let g: Value = resp.json().await.unwrap();
    let groups = g["groups"].as_array().unwrap();
    let members = |v: &Value| -> Vec<i64> {
        v["opinions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_i64().unwrap())
            .collect()
    };
    let market = groups
        .iter()
        .map(members)
        .find(|m| m.contains(&ids[0]))
        .unwrap();
    assert!(market.contains(&ids[1]) && !market.contains(&ids[3]), "{g}");
    // Another commune neither answers, merges nor splits.
    for (path, body) in [
        (
            "group-answers",
            json!({"opinions": market, "topic": "public_facilities", "response": "not_in_scope"}),
        ),
        ("groups/merges", json!({"first": ids[0], "second": ids[3]})),
        ("groups/splits", json!({"opinion": ids[0]})),
    ] {
        let resp = post(&other, path, body).await.unwrap();
        assert_eq!(resp.status(), StatusCode::FORBIDDEN, "{path}");
        assert_eq!(resp.headers()[CONTENT_TYPE], PROBLEM_JSON);
    }
    // Bad requests: no opinion (422), one group merged with itself (409), an opinion alone
    // split (409); in Vietnamese.
    let resp = post(
        &commune,
        "group-answers",
        json!({"opinions": [], "topic": "public_facilities", "response": "not_in_scope"}),
    )
    .await
    .unwrap();
    assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let p: Value = resp.json().await.unwrap();
    assert!(
        p["detail"].as_str().unwrap().contains("ít nhất một ý kiến"),
        "{p}"
    );
    let resp = post(
        &commune,
        "groups/merges",
        json!({"first": ids[0], "second": ids[1]}),
    )
    .await
    .unwrap();
    assert_eq!(resp.status(), StatusCode::CONFLICT);
    let unchanged: Value = get(&commune).await.unwrap().json().await.unwrap();
    assert_eq!(unchanged, g, "a refusal changes nothing");

    // Answer the market's group, merge it with the compensation's, split one out.
    let resp = post(
        &commune,
        "group-answers",
        json!({"opinions": market, "topic": "public_facilities", "response": "explained",
               "text": "Chợ giữ ở trung tâm (thử)"}),
    )
    .await
    .unwrap();
    assert_eq!(resp.status(), StatusCode::CREATED);
    let answered: Value = resp.json().await.unwrap();
    let answered = answered["opinions"].as_array().unwrap();
    assert_eq!(answered.len(), market.len());
    for o in answered {
        assert_eq!(o["answers"][0]["opinion_id"], o["id"]);
        assert_eq!(o["answers"][0]["response"], "explained");
    }
    let resp = post(
        &commune,
        "groups/merges",
        json!({"first": ids[0], "second": ids[3]}),
    )
    .await
    .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    let merged: Value = resp.json().await.unwrap();
    assert!(
        merged["groups"]
            .as_array()
            .unwrap()
            .iter()
            .map(members)
            .any(|m| m.contains(&ids[0]) && m.contains(&ids[3])),
        "{merged}"
    );
    let resp = post(&commune, "groups/splits", json!({"opinion": ids[1]}))
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    let split: Value = resp.json().await.unwrap();
    let alone = split["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(members)
        .find(|m| m.contains(&ids[1]))
        .unwrap();
    assert!(
        !alone.contains(&ids[0]) && !alone.contains(&ids[3]),
        "{split}"
    );
    assert!(split["together"].as_u64().unwrap() > 0, "{split}");
    assert!(split["apart"].as_u64().unwrap() > 0, "{split}");
}

#[tokio::test]
async fn the_commune_moderates_its_public_page_on_the_moderation_page() {
    let (app, _hand, password, client) = demo_app_on("2025-12-15").await;
    let base = &app.base;
    let unit = plantrack::demo::public_consultation::UNIT;
    let round = app
        .planning
        .consultations(
            Caller::Operator,
            &ConsultationQuery {
                unit: Some(unit.into()),
                dossier: None,
            },
        )
        .await
        .unwrap()
        .into_iter()
        .find(|r| r.open)
        .unwrap()
        .id;
    let queue = app
        .planning
        .moderation_queue(Caller::Operator, round)
        .await
        .unwrap();
    let waiting = queue
        .iter()
        .find(|i| i.state.as_str() == "pending")
        .expect("a waiting opinion");
    let officer = sign_in(&client, base, &format!("xa-{unit}"), &password).await;
    // The round's page links the queue.
    let (_, sheet) = page(
        &client,
        base,
        &officer,
        &format!("/consultation-rounds/{round}"),
    )
    .await;
    assert!(sheet.contains(&format!("/consultations/{round}/moderation")));
    let (status, html) = page(
        &client,
        base,
        &officer,
        &format!("/consultations/{round}/moderation"),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let said = text(&html);
    assert!(
        said.contains("Kiểm duyệt ý kiến gửi qua trang công khai"),
        "{said}"
    );
    assert!(said.contains("chờ kiểm duyệt"), "{said}");
    assert!(said.contains("Bản gốc (giữ nguyên)"), "{said}");
    assert_eq!(
        html.matches("class=\"opinion\" data-state=").count(),
        queue.len()
    );
    assert!(html.contains(&format!("id=\"opinion-{}\"", waiting.opinion.id)));

    // Another commune's officer does not read it.
    let (status, _) = page(
        &client,
        base,
        &sign_in(&client, base, "xa-03390", &password).await,
        &format!("/consultations/{round}/moderation"),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // Publishing the proposed copy: back to the queue, published, with who redacted it.
    let round_s = round.to_string();
    let csrf = field(
        &html,
        &format!("id=\"opinion-{}\"", waiting.opinion.id),
        "csrf",
    );
    let resp = client
        .post(format!(
            "{base}/public-opinions/{}/moderation",
            waiting.opinion.id
        ))
        .header(COOKIE, &officer)
        .form(&[
            ("csrf", csrf.as_str()),
            ("round", round_s.as_str()),
            ("decision", "publish"),
            ("text", waiting.proposed_text.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    let (_, html) = page(
        &client,
        base,
        &officer,
        &format!("/consultations/{round}/moderation?done=1"),
    )
    .await;
    assert!(text(&html).contains("Đã ghi nhận quyết định kiểm duyệt"));
    let now = app
        .planning
        .moderation_queue(Caller::Operator, round)
        .await
        .unwrap();
    let mine = now
        .iter()
        .find(|i| i.opinion.id == waiting.opinion.id)
        .unwrap();
    assert_eq!(mine.state.as_str(), "published");
    assert_eq!(
        mine.redacted_text.as_deref(),
        Some(waiting.proposed_text.as_str())
    );
    // A rejection without a reason is refused on the page and changes nothing.
    let resp = client
        .post(format!(
            "{base}/public-opinions/{}/moderation",
            waiting.opinion.id
        ))
        .header(COOKIE, &officer)
        .form(&[
            ("csrf", csrf.as_str()),
            ("round", round_s.as_str()),
            ("decision", "reject"),
            ("reason", "  "),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(resp.text().await.unwrap().contains("role=\"alert\""));
    assert_eq!(
        app.planning
            .moderation_queue(Caller::Operator, round)
            .await
            .unwrap(),
        now
    );
}
