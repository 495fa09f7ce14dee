//! The template and dossier pages give the legal basis and the notes in the reader's language,
//! the verification tags as words with a legend, and never an internal key or the English
//! wording on a Vietnamese or Indonesian page.

// A test's helpers fail the test where they fail: unwrapping says where.
#![allow(clippy::unwrap_used, clippy::print_stderr)]

mod common;

use common::pages::{demo_app_on, page, sign_in, text};
use reqwest::StatusCode;
use reqwest::header::COOKIE;

/// Chooses `lang` for the signed-in account through the language form.
async fn choose_language(client: &reqwest::Client, base: &str, cookie: &str, lang: &str) {
    let (_, html) = page(client, base, cookie, "/templates").await;
    let csrf = common::pages::field(&html, "action=\"/language\"", "csrf");
    let resp = client
        .post(format!("{base}/language"))
        .header(COOKIE, cookie)
        .form(&[("lang", lang), ("csrf", &csrf), ("next", "/templates")])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn template_and_dossier_pages_explain_the_law_in_the_readers_language() {
    let (app, _hand, password, client) = demo_app_on("2025-12-15").await;
    let cookie = sign_in(&client, &app.base, "lanhdao", &password).await;
    let filter = plantrack_store::planning::DossierQuery {
        unit: Some("03390".into()),
        plan_type: Some(plantrack_domain::plan::PlanType::CommuneGeneral),
        limit: 10,
        ..Default::default()
    };
    let (dossiers, _) = app
        .planning
        .dossiers(plantrack_domain::access::Caller::Operator, filter)
        .await
        .unwrap();
    let dossier = dossiers[0].dossier_id;
    let cases = [
        (
            "vi",
            "Chưa đối chiếu được văn bản gốc; tỉnh cần xác nhận thời hạn mặc định này",
            "(chưa xác minh)",
            "Mức xác minh căn cứ pháp lý",
            "Chỉ được chuyển bước khi mọi ý kiến đã được giải trình",
        ),
        (
            "en",
            "Unverified default the province should confirm",
            "(unverified)",
            "How sure the legal basis is",
            "The stage is left only when every opinion has a response",
        ),
        (
            "id",
            "provinsi perlu mengonfirmasi batas waktu bawaan ini",
            "(belum diverifikasi)",
            "Tingkat verifikasi dasar hukum",
            "hanya dapat ditinggalkan bila setiap masukan telah ditanggapi",
        ),
    ];
    for (lang, note, tag, legend, answers_rule) in cases {
        choose_language(&client, &app.base, &cookie, lang).await;
        let (status, html) =
            page(&client, &app.base, &cookie, "/templates/vn.commune_general").await;
        assert_eq!(status, StatusCode::OK);
        // Each column of the limits table has its own heading.
        let head = &html[html.find("<thead>").unwrap()..html.find("</thead>").unwrap()];
        let headings: Vec<&str> = head
            .split("<th scope=\"col\">")
            .skip(1)
            .map(|h| h.split('<').next().unwrap())
            .collect();
        let distinct: std::collections::BTreeSet<&&str> = headings.iter().collect();
        assert_eq!(distinct.len(), headings.len(), "{lang}: {headings:?}");
        let words = text(&html);
        for expected in [note, tag, legend, answers_rule] {
            assert!(
                words.contains(expected),
                "{lang}: {expected:?} not in {words}"
            );
        }
        for unexpected in [
            "[V]",
            "[S]",
            "[U]",
            "LLM",
            "consultation_notice",
            "Decree 178",
        ] {
            if lang == "en" && unexpected == "Decree 178" {
                continue;
            }
            assert!(
                !words.contains(unexpected),
                "{lang}: {unexpected:?} in {words}"
            );
        }
        let (status, html) =
            page(&client, &app.base, &cookie, &format!("/dossiers/{dossier}")).await;
        assert_eq!(status, StatusCode::OK);
        let words = text(&html);
        assert!(
            words.contains(legend),
            "{lang}: no legend on the dossier page: {words}"
        );
        assert!(
            !words.contains("[S]") && !words.contains("[V]"),
            "{lang}: {words}"
        );
    }
}

/// The headings of every table head in `html`, as text.
fn table_headings(html: &str) -> Vec<Vec<String>> {
    html.split("<thead")
        .skip(1)
        .map(|head| {
            let head = head.split("</thead>").next().unwrap_or(head);
            head.split("<th")
                .skip(1)
                .map(|cell| {
                    let cell = cell.split("</th>").next().unwrap_or(cell);
                    text(&cell[cell.find('>').map_or(0, |i| i + 1)..])
                })
                .collect()
        })
        .collect()
}

#[tokio::test]
async fn no_two_columns_of_the_template_pages_share_a_heading() {
    let (app, _hand, password, client) = demo_app_on("2025-12-15").await;
    let cookie = sign_in(&client, &app.base, "lanhdao", &password).await;
    for lang in ["vi", "en", "id"] {
        choose_language(&client, &app.base, &cookie, lang).await;
        for path in [
            "/templates",
            "/templates/vn.commune_general",
            "/templates/id.rdtr",
        ] {
            let (status, html) = page(&client, &app.base, &cookie, path).await;
            assert_eq!(status, StatusCode::OK, "{lang} {path}");
            let tables = table_headings(&html);
            assert!(!tables.is_empty(), "{lang} {path}: no table");
            for headings in tables {
                assert!(headings.len() >= 2, "{lang} {path}: {headings:?}");
                for (i, h) in headings.iter().enumerate() {
                    assert!(
                        !h.is_empty(),
                        "{lang} {path}: an empty heading in {headings:?}"
                    );
                    assert!(
                        !headings[..i].contains(h),
                        "{lang} {path}: two columns headed {h:?}: {headings:?}"
                    );
                }
            }
        }
    }
}
