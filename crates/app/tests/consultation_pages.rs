//! The offices' consultation pages (issue 15), on the demo with the clock at 10/12/2025: a
//! commune officer opens the round of its plan from the list, records an opinion taken on
//! paper, answers it and summarises its topic through the page's forms, without JavaScript;
//! a refused form says why in Vietnamese and stores nothing; the dossier page links its
//! rounds; leadership's dashboard counts the rounds and lists one that ended with its table
//! not done; another commune does not read the round; nobody signed in sees any of it.

// A test's helpers fail the test where they fail: unwrapping says where.
#![allow(clippy::unwrap_used, clippy::print_stderr)]

mod common;

use common::pages::{demo_app_on, field, page, sign_in, text};
use plantrack_domain::access::Caller;
use plantrack_domain::consultation::{ConsultationForm, Subject};
use plantrack_store::consultation::NewRound;
use plantrack_store::planning::DossierQuery;
use reqwest::StatusCode;
use reqwest::header::{COOKIE, LOCATION};

fn day(s: &str) -> chrono::NaiveDate {
    s.parse().unwrap()
}

/// The demo's commune general plan of `unit`.
async fn dossier_of(app: &common::TestApp, unit: &str) -> i64 {
    let (found, _) = app
        .planning
        .dossiers(
            Caller::Operator,
            DossierQuery {
                unit: Some(unit.into()),
                plan_type: Some(plantrack_domain::plan::PlanType::CommuneGeneral),
                limit: 10,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    found[0].dossier_id
}

async fn open_round(app: &common::TestApp, dossier: i64, opens: &str, closes: &str) -> i64 {
    app.planning
        .open_consultation(
            Caller::Operator,
            dossier,
            &NewRound {
                subject: Subject::Plan,
                documents: Vec::new(),
                forms: vec![ConsultationForm::PublicDisplay],
                opens_on: day(opens),
                closes_on: day(closes),
                agencies_opens_on: None,
                agencies_closes_on: None,
            },
        )
        .await
        .unwrap()
        .round
        .id
}

#[tokio::test]
async fn a_commune_keeps_its_synthesis_table_on_the_page() {
    let (app, _hand, password, client) = demo_app_on("2025-12-10").await;
    let base = &app.base;
    let binh_lu = dossier_of(&app, "03390").await;
    let round = open_round(&app, binh_lu, "2025-12-01", "2025-12-25").await;
    // Another commune's round that ended on 05/12/2025 with an opinion left unanswered.
    let tan_uyen = dossier_of(&app, "03598").await;
    let ended = open_round(&app, tan_uyen, "2025-11-05", "2025-12-05").await;
    app.planning
        .record_opinion(
            Caller::Operator,
            ended,
            &plantrack_store::consultation::NewOpinion {
                source: plantrack_domain::consultation::OpinionSource::Meeting,
                author_name: None,
                hamlet: "Bản Thử".into(),
                contact: String::new(),
                text: "Giữ đất sản xuất của bản (thử)".into(),
                cosigners: 0,
                received_on: Some(day("2025-11-20")),
            },
        )
        .await
        .unwrap();

    // Nobody signed in is sent to sign in.
    let anonymous = client
        .get(format!("{base}/consultation-rounds/{round}"))
        .send()
        .await
        .unwrap();
    assert!(
        anonymous.status() == StatusCode::SEE_OTHER
            || anonymous.status() == StatusCode::UNAUTHORIZED,
        "{}",
        anonymous.status()
    );

    // The commune's list shows its own round only, running, with its days left.
    let commune = sign_in(&client, base, "xa-03390", &password).await;
    let (status, list) = page(&client, base, &commune, "/consultation-rounds").await;
    assert_eq!(status, StatusCode::OK);
    let said = text(&list);
    assert!(
        said.contains("Lấy ý kiến về đồ án quy hoạch, đợt 1"),
        "{said}"
    );
    assert!(said.contains("01/12/2025 – 25/12/2025"), "{said}");
    assert!(said.contains("còn 15 ngày"), "{said}");
    assert!(said.contains("đang lấy ý kiến"), "{said}");
    assert!(!said.contains("03598"), "another commune's round: {said}");
    assert!(list.contains(&format!("/consultation-rounds/{round}")));

    // An opinion with no text is refused in Vietnamese, and nothing is stored.
    let (status, sheet) = page(
        &client,
        base,
        &commune,
        &format!("/consultation-rounds/{round}"),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let csrf = field(&sheet, "id=\"opinion-form\"", "csrf");
    let post = |path: String, form: Vec<(&'static str, String)>| {
        let client = client.clone();
        let commune = commune.clone();
        async move {
            client
                .post(format!("{base}{path}"))
                .header(COOKIE, commune)
                .form(&form)
                .send()
                .await
                .unwrap()
        }
    };
    let refused = post(
        format!("/consultation-rounds/{round}/opinions"),
        vec![
            ("csrf", csrf.clone()),
            ("source", "paper".into()),
            ("text", "   ".into()),
        ],
    )
    .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let said = text(&refused.text().await.unwrap());
    assert!(said.contains("Nội dung&#34; không được để trống"), "{said}");
    assert!(said.contains("Ý kiến của cộng đồng dân cư (0)"), "{said}");

    // A paper opinion, with a co-signed petition's count, is recorded.
    let recorded = post(
        format!("/consultation-rounds/{round}/opinions"),
        vec![
            ("csrf", csrf.clone()),
            ("source", "paper".into()),
            ("author_name", "Lò Văn Thử".into()),
            ("hamlet", "Bản Lở".into()),
            ("text", "Giữ chợ ở trung tâm xã <b>(thử)</b>".into()),
            ("cosigners", "12".into()),
            ("received_on", "03/12/2025".into()),
        ],
    )
    .await;
    assert_eq!(recorded.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        recorded.headers()[LOCATION],
        format!("/consultation-rounds/{round}")
    );
    let (_, sheet) = page(
        &client,
        base,
        &commune,
        &format!("/consultation-rounds/{round}"),
    )
    .await;
    assert!(sheet.contains("Giữ chợ ở trung tâm xã &#60;b&#62;(thử)&#60;/b&#62;"));
    assert!(
        !sheet.contains("<b>(thử)"),
        "the text is shown as typed, escaped"
    );
    let said = text(&sheet);
    assert!(said.contains("Lò Văn Thử và 12 người cùng ký"), "{said}");
    assert!(said.contains("phiếu góp ý, văn bản, 03/12/2025"), "{said}");
    assert!(said.contains("Số ý kiến chưa trả lời: 1"), "{said}");
    let opinion = field(&sheet, "class=\"card answer-form\"", "opinion_id");

    // The commune answers it under a topic, then summarises the topic: the table is complete.
    let answered = post(
        format!("/consultation-rounds/{round}/answers"),
        vec![
            ("csrf", csrf.clone()),
            ("opinion_id", opinion.clone()),
            ("topic", "public_facilities".into()),
            ("response", "accepted".into()),
            ("text", "Giữ vị trí chợ hiện hữu (thử)".into()),
        ],
    )
    .await;
    assert_eq!(answered.status(), StatusCode::SEE_OTHER);
    let (_, sheet) = page(
        &client,
        base,
        &commune,
        &format!("/consultation-rounds/{round}"),
    )
    .await;
    let said = text(&sheet);
    assert!(said.contains("tiếp thu"), "{said}");
    assert!(said.contains("Chủ đề chưa có nội dung tổng hợp"), "{said}");
    let summarised = post(
        format!("/consultation-rounds/{round}/summaries"),
        vec![
            ("csrf", csrf.clone()),
            ("topic", "public_facilities".into()),
            ("text", "Giữ chợ trung tâm (thử)".into()),
        ],
    )
    .await;
    assert_eq!(summarised.status(), StatusCode::SEE_OTHER);
    let (_, sheet) = page(
        &client,
        base,
        &commune,
        &format!("/consultation-rounds/{round}"),
    )
    .await;
    let said = text(&sheet);
    assert!(said.contains("đã hoàn thành bảng tổng hợp"), "{said}");
    assert!(sheet.contains(&format!("/api/v1/consultations/{round}/table.docx")));

    // The dossier page links its round.
    let (_, dossier) = page(&client, base, &commune, &format!("/dossiers/{binh_lu}")).await;
    assert!(dossier.contains(&format!("/consultation-rounds/{round}")));

    // Another commune reads neither the round nor its sheet.
    let other = sign_in(&client, base, "xa-03598", &password).await;
    let (status, _) = page(
        &client,
        base,
        &other,
        &format!("/consultation-rounds/{round}"),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // Leadership's dashboard counts the province's rounds and names the one that ended with
    // its table not done.
    let leader = sign_in(&client, base, "lanhdao", &password).await;
    let (status, dashboard) = page(&client, base, &leader, "/provinces/12").await;
    assert_eq!(status, StatusCode::OK);
    let said = text(&dashboard);
    // The same counts as the store's list of the province's rounds (the demo's and these).
    let all = app
        .planning
        .consultations(
            Caller::Operator,
            &plantrack_store::consultation::ConsultationQuery::default(),
        )
        .await
        .unwrap();
    let today = day("2025-12-10");
    let (open, opinions, answered) = (
        all.iter().filter(|r| r.open).count(),
        all.iter().map(|r| r.opinions).sum::<u64>(),
        all.iter().map(|r| r.answered).sum::<u64>(),
    );
    let undone = all
        .iter()
        .filter(|r| r.closes_on < today && !r.table_complete)
        .count();
    assert!(open >= 1 && undone >= 1 && opinions > answered, "{all:?}");
    assert!(
        said.contains(&format!(
            "{open} đợt đang lấy ý kiến; {opinions} ý kiến, đã trả lời {answered}."
        )),
        "{said}"
    );
    assert!(
        said.contains(&format!(
            "{undone} đợt đã hết thời gian lấy ý kiến nhưng chưa hoàn thành bảng tổng hợp"
        )),
        "{said}"
    );
    assert!(dashboard.contains(&format!("/consultation-rounds/{ended}")));
    // Leadership reads but does not answer: the sheet has no forms for it.
    let (status, sheet) = page(
        &client,
        base,
        &leader,
        &format!("/consultation-rounds/{ended}"),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(!sheet.contains("answer-form"));
    assert!(text(&sheet).contains("hết thời gian") || text(&sheet).contains("chưa hoàn thành"));
}
