//! The public page of a consultation over HTTP (issue 15, item 3), on the demo with the clock
//! at 20/12/2025: Sìn Hồ opens a round with an online page; a resident reads it without
//! signing in and sends an opinion through the form (multipart, as a browser does). A
//! honeypot filled, a form sent too fast, an unreadable or oversized file, a flood from one
//! address (429) and a closed round are refused with a clear sentence and store nothing;
//! script in an opinion is shown escaped; readers' reports hide a published opinion.

// A test's helpers fail the test where they fail: unwrapping says where.
#![allow(clippy::unwrap_used, clippy::print_stderr)]

mod common;

use common::{Hand, TestApp, spawn_app_on};
use plantrack_domain::access::{Caller, Role};
use reqwest::StatusCode;
use reqwest::header::{CONTENT_TYPE, LOCATION, RETRY_AFTER};
use serde_json::{Value, json};

const BOUNDARY: &str = "plantrack-test-boundary";

/// A multipart body as a browser sends the form: text fields, then the file (if any).
fn multipart(fields: &[(&str, &str)], file: Option<(&str, &[u8])>) -> Vec<u8> {
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    let (filename, bytes) = file.unwrap_or(("", b""));
    body.extend_from_slice(
        format!(
            "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"attachment\"; filename=\"{filename}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
    body
}

struct Page<'a> {
    app: &'a TestApp,
    hand: &'a Hand,
    id: i64,
    /// No redirects followed: a received opinion answers 303.
    client: reqwest::Client,
}

impl Page<'_> {
    async fn get(&self, query: &str) -> (StatusCode, String) {
        let r = self
            .client
            .get(self.app.url(&format!("/consultations/{}{query}", self.id)))
            .send()
            .await
            .unwrap();
        (r.status(), r.text().await.unwrap())
    }

    /// The form's token, from the page as served.
    async fn token(&self) -> String {
        let (_, html) = self.get("").await;
        let at = html.find("name=\"form_token\" value=\"").expect("a form") + 25;
        html[at..at + html[at..].find('"').unwrap()].to_owned()
    }

    async fn post(
        &self,
        fields: &[(&str, &str)],
        file: Option<(&str, &[u8])>,
    ) -> reqwest::Response {
        self.client
            .post(self.app.url(&format!("/consultations/{}", self.id)))
            .header(
                CONTENT_TYPE,
                format!("multipart/form-data; boundary={BOUNDARY}"),
            )
            .body(multipart(fields, file))
            .send()
            .await
            .unwrap()
    }

    /// An opinion from a form opened ten seconds earlier.
    async fn send(&self, text: &str) -> reqwest::Response {
        let token = self.token().await;
        self.hand.later(10);
        self.post(
            &[
                ("form_token", &token),
                ("name", "Lò Văn Thử"),
                ("hamlet", "Bản Thẳm"),
                ("contact", "0912 345 678"),
                ("text", text),
                ("website", ""),
                ("lon", ""),
                ("lat", ""),
            ],
            None,
        )
        .await
    }

    /// The round's opinions as stored (rejected ones aside), for "nothing stored".
    async fn stored(&self) -> usize {
        self.app
            .planning
            .consultation(Caller::Operator, self.id)
            .await
            .unwrap()
            .opinions
            .len()
    }
}

#[tokio::test]
async fn a_resident_gives_an_opinion_without_an_account() {
    let (app, hand) = spawn_app_on("2025-12-20").await;
    plantrack::demo::load(&app.planning, &mut |_| {})
        .await
        .unwrap();
    let commune = app
        .organisation_token("UBND xã Sìn Hồ", Role::CommuneOfficer)
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
    let opened = app
        .client
        .post(app.url(&format!("/api/v1/dossiers/{dossier}/consultations")))
        .bearer_auth(&commune)
        .json(&json!({
            "subject": "plan",
            "forms": ["online_page", "public_display"],
            "opens_on": "2025-12-10",
            "closes_on": "2026-01-05",
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(opened.status(), StatusCode::CREATED);
    let opened: Value = opened.json().await.unwrap();
    let page = Page {
        app: &app,
        hand: &hand,
        id: opened["round"]["id"].as_i64().unwrap(),
        client: reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap(),
    };

    // Read without an account, in Vietnamese first, in English when asked.
    let (status, html) = page.get("").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("Đang nhận ý kiến từ ngày 10/12/2025 đến hết ngày 05/01/2026 — còn 17 ngày"),
        "{html}"
    );
    assert!(
        html.contains("name=\"website\""),
        "the honeypot is in the form"
    );
    let (_, english) = page.get("?lang=en").await;
    assert!(english.contains("17 days left"));

    // Sent at once after the page was made: refused, nothing stored.
    let token = page.token().await;
    let fast = page
        .post(&[("form_token", &token), ("text", "Nhanh quá")], None)
        .await;
    let status = fast.status();
    let body = fast.text().await.unwrap();
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(body.contains("Biểu mẫu được gửi quá nhanh"));
    // The honeypot filled: refused.
    hand.later(10);
    let bot = page
        .post(
            &[
                ("form_token", &token),
                ("text", "Mua ngay"),
                ("website", "http://spam.example"),
            ],
            None,
        )
        .await;
    assert_eq!(bot.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bot.text().await.unwrap().contains("phải để trống"));
    // A "PDF" that is not one, and a file over the limit: refused, the file not kept.
    let fake = page
        .post(
            &[("form_token", &token), ("text", "Kèm tệp")],
            Some(("ban-ve.pdf", b"MZ not a pdf")),
        )
        .await;
    assert_eq!(fake.status(), StatusCode::BAD_REQUEST);
    let big = vec![b'%'; 6 * 1024 * 1024];
    let oversized = page
        .post(
            &[("form_token", &token), ("text", "Kèm tệp")],
            Some(("lon.pdf", &big)),
        )
        .await;
    assert_eq!(oversized.status(), StatusCode::BAD_REQUEST);
    assert_eq!(page.stored().await, 0, "nothing stored");

    // Received: 303 back to the page, which thanks the resident; waiting for moderation.
    let script = "Giữ chợ ở trung tâm <script>alert(1)</script> <b>đậm</b>";
    let sent = page.send(script).await;
    assert_eq!(sent.status(), StatusCode::SEE_OTHER);
    let to = sent.headers()[LOCATION].to_str().unwrap().to_owned();
    assert!(to.contains("sent="), "{to}");
    let (_, html) = page.get(&to[to.find('?').unwrap()..]).await;
    assert!(html.contains("đã được nhận"));
    assert_eq!(page.stored().await, 1);

    // The flood: five an hour from one address; the sixth is 429 with when to come back.
    for i in 0..4 {
        assert_eq!(
            page.send(&format!("Ý kiến {i}")).await.status(),
            StatusCode::SEE_OTHER
        );
    }
    let flood = page.send("Thêm nữa").await;
    assert_eq!(flood.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry: u64 = flood.headers()[RETRY_AFTER]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=3600).contains(&retry));
    assert!(
        flood
            .text()
            .await
            .unwrap()
            .contains("chỉ gửi được 5 ý kiến trong một giờ")
    );
    assert_eq!(page.stored().await, 5, "the sixth not stored");

    // Published: the copy, escaped; personal data hidden.
    let queue: Value = app
        .client
        .get(app.url(&format!("/api/v1/consultations/{}/moderation", page.id)))
        .bearer_auth(&commune)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let first = queue["items"][0]["opinion"]["id"].as_i64().unwrap();
    assert_eq!(
        queue["items"][0]["opinion"]["text"], script,
        "kept as submitted"
    );
    let published = app
        .client
        .post(app.url(&format!("/api/v1/public-opinions/{first}/moderation")))
        .bearer_auth(&commune)
        .json(&json!({ "decision": "publish" }))
        .send()
        .await
        .unwrap();
    assert_eq!(published.status(), StatusCode::OK);
    let (_, html) = page.get("").await;
    let shown = &html[html.find("id=\"published\"").unwrap()..];
    assert!(
        shown.contains("&#60;script&#62;alert(1)"),
        "escaped: {shown}"
    );
    assert!(!html.contains("<script>alert(1)"));
    assert!(!html.contains("<b>đậm</b>"));
    assert!(
        !html.contains("0912 345 678"),
        "the contact is never published"
    );
    let public: Value = app
        .client
        .get(app.url(&format!("/api/v1/consultations/{}/public", page.id)))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(public["published"].as_array().unwrap().len(), 1);

    // Reports: this reader counts once however often; two more readers hide it.
    for _ in 0..2 {
        let r = page
            .client
            .post(app.url(&format!(
                "/consultations/{}/opinions/{first}/report",
                page.id
            )))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
    }
    for other in ["198.51.100.2", "198.51.100.3"] {
        app.planning
            .report_public_opinion(first, other.parse().unwrap())
            .await
            .unwrap();
    }
    let (_, html) = page.get("").await;
    assert!(!html.contains("alert(1)"), "hidden after three reports");

    // Closed on 05/01/2026: the page says so; a comment is refused (409) and not stored.
    let token = page.token().await;
    hand.on("2026-01-06");
    let (_, html) = page.get("").await;
    assert!(html.contains("Đợt lấy ý kiến đã kết thúc ngày 05/01/2026"));
    assert!(!html.contains("id=\"public-form\""), "no form once closed");
    let late = page
        .post(&[("form_token", &token), ("text", "Muộn")], None)
        .await;
    assert_eq!(late.status(), StatusCode::CONFLICT);
    assert!(
        late.text()
            .await
            .unwrap()
            .contains("Đợt lấy ý kiến đã kết thúc ngày 05/01/2026")
    );
    assert_eq!(page.stored().await, 5);
}
