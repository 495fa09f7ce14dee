//! `GET /api/v1/reports/progress` as a client downloads it: each format with its media type
//! and a file name, the counts in the CSV, refusals as problem+json in the reader's language;
//! and the dashboard's "Tải báo cáo" form pointing at it.

// A test's helpers fail the test where they fail: unwrapping says where.
#![allow(clippy::unwrap_used, clippy::print_stderr)]

mod common;

use common::*;
use reqwest::StatusCode;
use reqwest::header::{ACCEPT_LANGUAGE, CONTENT_DISPOSITION, CONTENT_TYPE};

#[tokio::test]
async fn the_report_downloads_in_each_format_and_refuses_bad_input() {
    let (app, _hand) = spawn_app_on("2025-11-25").await;
    app.load_demo().await;
    let base = "/api/v1/reports/progress?province=12&as_of=2025-11-25&compare=2025-10-25";
    for (format, media, magic) in [
        ("pdf", "application/pdf", &b"%PDF"[..]),
        (
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            &b"PK"[..],
        ),
        (
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            &b"PK"[..],
        ),
    ] {
        let resp = app.get(&format!("{base}&format={format}")).await;
        assert_eq!(resp.status(), StatusCode::OK, "{format}");
        assert_eq!(header(&resp, CONTENT_TYPE.as_str()), media);
        assert_eq!(
            header(&resp, CONTENT_DISPOSITION.as_str()),
            format!("attachment; filename=\"bao-cao-tien-do-12-2025-11-25.{format}\"")
        );
        let body = resp.bytes().await.unwrap();
        assert!(body.starts_with(magic), "{format}");
    }
    // The CSV: one row a dossier; the commune general plans as the meeting heard them.
    let resp = app.get(&format!("{base}&format=csv")).await;
    assert!(header(&resp, CONTENT_TYPE.as_str()).starts_with("text/csv"));
    let text = resp.text().await.unwrap();
    let general: Vec<&str> = text
        .lines()
        .filter(|l| l.contains(",Quy hoạch chung xã,"))
        .collect();
    assert_eq!(general.len(), 34);
    assert_eq!(
        general
            .iter()
            .filter(|l| l.contains(",7. Lấy ý kiến về đồ án quy hoạch,"))
            .count(),
        20
    );

    // Refusals: a compared day after the day reported on, a day before the data begin, an
    // unknown format.
    let token = app.reader_token().await;
    let get_en = |path: String| {
        let client = reqwest::Client::new();
        let token = token.clone();
        let url = app.url(&path);
        async move {
            client
                .get(url)
                .bearer_auth(token)
                .header(ACCEPT_LANGUAGE, "en")
                .send()
                .await
                .unwrap()
        }
    };
    let resp =
        get_en("/api/v1/reports/progress?province=12&as_of=2025-10-25&compare=2025-11-25".into())
            .await;
    let body = expect_problem(resp, StatusCode::UNPROCESSABLE_ENTITY, None).await;
    assert!(
        body["detail"]
            .as_str()
            .unwrap()
            .contains("must come before the day reported on"),
        "{body}"
    );
    let resp = get_en("/api/v1/reports/progress?province=12&as_of=2024-01-01".into()).await;
    let body = expect_problem(resp, StatusCode::UNPROCESSABLE_ENTITY, None).await;
    assert!(
        body["detail"]
            .as_str()
            .unwrap()
            .contains("the data begin on"),
        "{body}"
    );
    let resp = get_en("/api/v1/reports/progress?province=12&format=odt".into()).await;
    expect_problem(resp, StatusCode::BAD_REQUEST, None).await;
}

/// Leadership, signed in on the dashboard, presses "Tải báo cáo": the form sends what the
/// dashboard shows (province, day, compared day) and the session gets the file.
#[tokio::test]
async fn the_dashboard_downloads_the_report_it_shows() {
    use common::pages::{demo_app_on, field, page, sign_in};
    let (app, _hand, password, client) = demo_app_on("2025-11-25").await;
    let cookie = sign_in(&client, &app.url(""), "lanhdao", &password).await;
    let (status, html) = page(
        &client,
        &app.url(""),
        &cookie,
        "/provinces/12?as_of=25/11/2025&compare=25/10/2025",
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let form = &html[html
        .find("id=\"report-download\"")
        .expect("the download form")..];
    assert!(form.contains("action=\"/api/v1/reports/progress\""));
    assert!(form.contains("Tải báo cáo"));
    for format in ["pdf", "docx", "xlsx", "csv"] {
        assert!(
            form.contains(&format!("<option value=\"{format}\"")),
            "{format}"
        );
    }
    let query: Vec<(String, String)> = ["province", "as_of", "compare"]
        .iter()
        .map(|name| ((*name).to_owned(), field(form, "report-download", name)))
        .chain([("format".to_owned(), "docx".to_owned())])
        .collect();
    assert_eq!(query[1].1, "2025-11-25");
    assert_eq!(query[2].1, "2025-10-25");
    let resp = client
        .get(app.url("/api/v1/reports/progress"))
        .query(&query)
        .header(reqwest::header::COOKIE, &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    assert_eq!(
        header(&resp, CONTENT_DISPOSITION.as_str()),
        "attachment; filename=\"bao-cao-tien-do-12-2025-11-25.docx\""
    );
    assert!(resp.bytes().await.unwrap().starts_with(b"PK"));
}
