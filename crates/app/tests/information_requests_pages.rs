//! The information requests pages (issue 13, item 4), on the demo with the clock at
//! 20/12/2025: a department's inbox lists the requests addressed to it, overdue first, answers
//! one and explains the delay of another; another department's answer is refused in
//! Vietnamese and changes nothing; the requests page shows each department's turnaround
//! (median days, share late) in Vietnamese with dd/mm/yyyy dates, and so does the province's
//! dashboard; nobody signed in sees any of it.

// A test's helpers fail the test where they fail: unwrapping says where.
#![allow(clippy::unwrap_used, clippy::print_stderr)]

mod common;

use common::pages::{demo_app_on, field, page, sign_in, text};
use reqwest::StatusCode;
use reqwest::header::{COOKIE, LOCATION};

#[tokio::test]
async fn a_departments_inbox_answers_and_the_turnaround_is_shown() {
    let (app, _hand, password, client) = demo_app_on("2025-12-20").await;
    let base = &app.base;

    let resp = client
        .get(format!("{base}/information-requests"))
        .send()
        .await
        .unwrap();
    assert!(
        resp.status() == StatusCode::SEE_OTHER || resp.status() == StatusCode::UNAUTHORIZED,
        "{}",
        resp.status()
    );

    // Leadership reads every department's turnaround: Agriculture and Environment answered in
    // 9 and 19 days (median 14), 4 of its 5 late; Culture in 7 days, none late.
    let leader = sign_in(&client, base, "lanhdao", &password).await;
    let (status, requests) = page(&client, base, &leader, "/information-requests").await;
    assert_eq!(status, StatusCode::OK);
    let said = text(&requests);
    assert!(
        said.contains("Sở Nông nghiệp và Môi trường tỉnh Lai Châu 5 2 3 4 14 80%"),
        "{said}"
    );
    assert!(
        said.contains("Sở Văn hóa, Thể thao và Du lịch tỉnh Lai Châu 1 1 0 0 7 0%"),
        "{said}"
    );
    assert!(said.contains("26/11/2025"), "{said}");
    assert!(said.contains("Số ngày trả lời (trung vị)"), "{said}");
    for english in ["Department", "Asked by", "Share late", "answered"] {
        assert!(
            !said.contains(english),
            "English on a Vietnamese page: {english}"
        );
    }

    // The province's dashboard carries the same turnaround.
    let (status, dashboard) = page(&client, base, &leader, "/provinces/12").await;
    assert_eq!(status, StatusCode::OK);
    let said = text(&dashboard);
    assert!(
        said.contains("Thời gian trả lời đề nghị cung cấp thông tin của các sở, ngành"),
        "{said}"
    );
    assert!(
        said.contains("Sở Nông nghiệp và Môi trường tỉnh Lai Châu 5 4 14 80%"),
        "{said}"
    );

    // The department's inbox: 3 overdue (one with a delay explained), none due soon.
    let department = sign_in(&client, base, "so-nongnghiep", &password).await;
    let (status, inbox) = page(&client, base, &department, "/inbox").await;
    assert_eq!(status, StatusCode::OK);
    let said = text(&inbox);
    assert!(said.contains("Quá hạn trả lời (3)"), "{said}");
    assert!(said.contains("dự kiến trả lời ngày 26/12/2025"), "{said}");
    let csrf = field(&inbox, "data-request=", "csrf");
    let version = field(&inbox, "data-request=", "version");
    let request: i64 = {
        let at = inbox.find("data-request=\"").unwrap() + "data-request=\"".len();
        inbox[at..at + inbox[at..].find('"').unwrap()]
            .parse()
            .unwrap()
    };

    // Culture cannot answer Agriculture and Environment's request: refused, in Vietnamese,
    // and the request stays open.
    let culture = sign_in(&client, base, "so-vanhoa", &password).await;
    let (_, culture_inbox) = page(&client, base, &culture, "/inbox").await;
    let culture_csrf = field(&culture_inbox, "name=\"csrf\"", "csrf");
    let refused = client
        .post(format!("{base}/information-requests/{request}/answer"))
        .header(COOKIE, &culture)
        .form(&[
            ("csrf", culture_csrf.as_str()),
            ("version", version.as_str()),
            ("documents", "Công văn (thử)"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let said = text(&refused.text().await.unwrap());
    assert!(
        said.contains("chỉ Sở Nông nghiệp và Môi trường tỉnh Lai Châu trả lời"),
        "{said}"
    );
    let (_, inbox) = page(&client, base, &department, "/inbox").await;
    assert!(text(&inbox).contains("Quá hạn trả lời (3)"));

    // The department answers: the request leaves its inbox.
    let answered = client
        .post(format!("{base}/information-requests/{request}/answer"))
        .header(COOKIE, &department)
        .form(&[
            ("csrf", csrf.as_str()),
            ("version", version.as_str()),
            ("documents", "Công văn 1600/SNNMT-KL (thử)"),
            ("answer", "Ranh giới rừng phòng hộ (thử)"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(answered.status(), StatusCode::SEE_OTHER);
    assert_eq!(answered.headers()[LOCATION], "/inbox");
    let (_, inbox) = page(&client, base, &department, "/inbox").await;
    assert!(
        text(&inbox).contains("Quá hạn trả lời (2)"),
        "{}",
        text(&inbox)
    );

    // It explains the delay of another: a day not after the due date is refused with why;
    // a later one is recorded and shown.
    let (_, inbox) = page(&client, base, &department, "/inbox").await;
    let version = field(&inbox, "data-request=", "version");
    let other: i64 = {
        let at = inbox.find("data-request=\"").unwrap() + "data-request=\"".len();
        inbox[at..at + inbox[at..].find('"').unwrap()]
            .parse()
            .unwrap()
    };
    let early = client
        .post(format!("{base}/information-requests/{other}/delay"))
        .header(COOKIE, &department)
        .form(&[
            ("csrf", csrf.as_str()),
            ("version", version.as_str()),
            ("note", "Đang rà soát (thử)"),
            ("expected_on", "10/12/2025"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(early.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let said = text(&early.text().await.unwrap());
    assert!(said.contains("phải sau ngày 20/12/2025"), "{said}");
    let explained = client
        .post(format!("{base}/information-requests/{other}/delay"))
        .header(COOKIE, &department)
        .form(&[
            ("csrf", csrf.as_str()),
            ("version", version.as_str()),
            ("note", "Đang rà soát (thử)"),
            ("expected_on", "05/01/2026"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(explained.status(), StatusCode::SEE_OTHER);
    let (_, inbox) = page(&client, base, &department, "/inbox").await;
    assert!(
        text(&inbox).contains("dự kiến trả lời ngày 05/01/2026"),
        "{}",
        text(&inbox)
    );

    // One department's page lists its own requests only.
    let id = app
        .planning
        .organisations(plantrack_domain::access::Caller::Operator)
        .await
        .unwrap()
        .into_iter()
        .find(|o| o.name == "Sở Văn hóa, Thể thao và Du lịch tỉnh Lai Châu")
        .unwrap()
        .id;
    let (status, own) = page(
        &client,
        base,
        &leader,
        &format!("/information-requests?department={id}"),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(own.matches("data-request=").count(), 1);
}
