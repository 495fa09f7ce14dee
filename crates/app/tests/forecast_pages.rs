//! The forecast on the pages, on the demo's meeting day: leadership's dashboard loads the
//! communes at risk, the dossier page its fan chart; both say it is an estimate, in the
//! reader's language; a consultant sees no forecast.

// A test's helpers fail the test where they fail: unwrapping says where.
#![allow(clippy::unwrap_used, clippy::print_stderr)]

mod common;

use common::pages::{demo_app_on, page, sign_in, text};
use reqwest::StatusCode;

#[tokio::test]
async fn the_dashboard_lists_the_communes_at_risk_and_the_dossier_shows_its_fan() {
    let (app, _hand, password, client) = demo_app_on("2025-11-25").await;
    let cookie = sign_in(&client, &app.base, "lanhdao", &password).await;

    // The dashboard carries the slot that loads the panel, and a link for a reader without
    // scripts.
    let (status, html) = page(&client, &app.base, &cookie, "/provinces/12").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("hx-get=\"/provinces/12/forecast?as_of=2025-11-25\""));

    let (status, html) = page(
        &client,
        &app.base,
        &cookie,
        "/provinces/12/forecast?as_of=25/11/2025",
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{html}");
    let words = text(&format!("<main>{html}"));
    assert!(
        words.contains("Các xã có nguy cơ không kịp mốc — 31/03/2026"),
        "{words}"
    );
    assert!(words.contains("Đây là ước tính thống kê"), "{words}");
    // The five plateau communes, still choosing their consultant, lead the list.
    let first = words.find("Lựa chọn đơn vị tư vấn").unwrap();
    let later = words
        .find("Lấy ý kiến về đồ án quy hoạch")
        .unwrap_or(usize::MAX);
    assert!(first < later);
    assert!(
        words.contains("34 hồ sơ quy hoạch chung chưa phê duyệt"),
        "{words}"
    );

    // Tân Uyên's dossier (submitted for appraisal): its fan chart.
    let (_, html) = page(&client, &app.base, &cookie, "/dossiers/1").await;
    assert!(html.contains("hx-get=\"/dossiers/1/forecast?unit=03598\""));
    let (status, html) = page(
        &client,
        &app.base,
        &cookie,
        "/dossiers/1/forecast?unit=03598&lang=en",
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(html.contains("<svg") && html.contains("role=\"img\""));
    let words = text(&format!("<main>{html}"));
    assert!(words.contains("Most likely approved on"), "{words}");
    assert!(words.contains("A statistical estimate, not a promise"));
    assert!(words.contains("31/03/2026"));

    // A consultant does not read the province's forecast.
    let consultant = sign_in(&client, &app.base, "tuvan-1", &password).await;
    let (status, _) = page(&client, &app.base, &consultant, "/provinces/12/forecast").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}
