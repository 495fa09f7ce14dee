//! The appraisal workspace on the demo (15/12/2025), as its people use it through the pages:
//! Tân Uyên's plan was returned after round 1 and is in round 2, where one finding is closed
//! and one kept. The appraiser records findings (a finding that asks for a revision must say
//! what; one made on another checklist version is refused; nothing is stored either time);
//! the pass to approval is refused while an item needs revision, naming it; leadership
//! overrules it with a reason; then the pass goes through. The commune reads the findings and
//! cannot record one. Every change is an event of the dossier's history, named by the item's
//! title, and the history's chain holds.

// A test's helpers fail the test where they fail: unwrapping says where.
#![allow(clippy::unwrap_used, clippy::print_stderr)]

mod common;

use common::pages::{demo_app_on, field, page, sign_in, text};
use plantrack_domain::access::Caller;
use reqwest::StatusCode;
use reqwest::header::COOKIE;
use serde_json::Value;

/// Tân Uyên's plan: the demo's one plan at appraisal.
const DOSSIER: i64 = 1;

async fn post(
    client: &reqwest::Client,
    base: &str,
    cookie: &str,
    path: &str,
    form: &[(&str, &str)],
) -> (StatusCode, String) {
    let resp = client
        .post(format!("{base}{path}"))
        .header(COOKIE, cookie)
        .form(form)
        .send()
        .await
        .unwrap();
    (resp.status(), resp.text().await.unwrap())
}

async fn events(app: &common::TestApp) -> u64 {
    app.planning
        .dossier(Caller::Operator, DOSSIER)
        .await
        .unwrap()
        .state
        .version
}

#[tokio::test]
async fn the_appraiser_records_findings_leadership_overrules_and_the_plan_passes() {
    let (app, _hand, password, client) = demo_app_on("2025-12-15").await;
    let base = &app.base;
    let appraiser = sign_in(&client, base, "thamdinh", &password).await;
    let lead = sign_in(&client, base, "lanhdao", &password).await;
    let commune = sign_in(&client, base, "xa-03598", &password).await;
    let workspace = format!("/dossiers/{DOSSIER}/appraisal");

    // Round 2: the return of round 1 with its two items, what was sent back, each finding
    // beside the one before.
    let (status, html) = page(&client, base, &appraiser, &workspace).await;
    assert_eq!(status, StatusCode::OK);
    let said = text(&html);
    for expected in [
        "lần thẩm định 2",
        "Các lần trả lại để hoàn thiện",
        "Thuyết minh đồ án đã chỉnh sửa theo ý kiến thẩm định (demo)",
        "Rà soát hạ tầng nông thôn và cấp nước sạch",
        "Chưa thể trình phê duyệt khi các mục sau còn cần chỉnh sửa",
        // The department's opinion asked while at appraisal (01/12), with its answer (08/12).
        "Ý kiến của các sở, ngành trong thẩm định",
        "Sở Văn hóa, Thể thao và Du lịch tỉnh Lai Châu",
        "Danh mục di tích và khu vực bảo vệ (demo)",
    ] {
        assert!(said.contains(expected), "{expected:?} in {said}");
    }
    let row = |html: &str, key: &str| {
        text(
            html.split(&format!("data-key=\"{key}\""))
                .nth(1)
                .and_then(|rest| rest.split("</tr>").next())
                .unwrap_or_else(|| panic!("the row of {key}")),
        )
    };
    let water = row(&html, "lc_rural_water");
    assert!(
        water.contains("Cần chỉnh sửa")
            && water.contains("bản Nậm Sỏ")
            && water.contains("Lần trước:")
            && water.contains("vẫn cần chỉnh sửa"),
        "{water}"
    );
    assert!(
        row(&html, "spatial_orientation").contains("đã khắc phục"),
        "the closed finding"
    );
    assert!(html.contains("action=\"/dossiers/1/appraisal/findings\""));
    assert!(
        !html.contains("action=\"/dossiers/1/appraisal/overrules\""),
        "the appraiser does not overrule"
    );
    for key in [
        "appraisal-page-",
        "appraisal-verdict-",
        "blocker-",
        "permission-",
    ] {
        assert!(!html.contains(key), "an untranslated key: {key}");
    }
    let csrf = field(&html, "appraisal/findings", "csrf");
    let checklist = field(&html, "appraisal/findings", "checklist");
    let version = field(&html, "appraisal/findings", "version");
    assert_eq!(checklist, "vn.12.commune_general@1+vn.commune_general@1");

    // A revision asked without saying what: refused, in words, and nothing stored.
    let before = events(&app).await;
    let (status, html) = post(
        &client,
        base,
        &appraiser,
        "/dossiers/1/appraisal/findings",
        &[
            ("csrf", &csrf),
            ("version", &version),
            ("checklist", &checklist),
            ("item", "phasing"),
            ("verdict", "needs_revision"),
            ("comment", "  "),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        text(&html).contains("hãy ghi rõ lý do hoặc nội dung cần chỉnh sửa"),
        "{}",
        text(&html)
    );
    // A finding on another version of the checklist (a form opened before it changed).
    let (status, html) = post(
        &client,
        base,
        &appraiser,
        "/dossiers/1/appraisal/findings",
        &[
            ("csrf", &csrf),
            ("version", &version),
            ("checklist", "vn.commune_general@0"),
            ("item", "phasing"),
            ("verdict", "meets"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(text(&html).contains("Hãy tải lại trang"), "{}", text(&html));
    assert_eq!(events(&app).await, before, "nothing stored");

    // A finding that meets: stored, shown in its row.
    let (status, _) = post(
        &client,
        base,
        &appraiser,
        "/dossiers/1/appraisal/findings",
        &[
            ("csrf", &csrf),
            ("version", &version),
            ("checklist", &checklist),
            ("item", "phasing"),
            ("verdict", "meets"),
            ("comment", "Phân kỳ đầu tư rõ ràng"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(events(&app).await, before + 1);
    let (_, html) = page(&client, base, &appraiser, &workspace).await;
    let phasing = row(&html, "phasing");
    assert!(
        phasing.contains("Đạt") && phasing.contains("Phân kỳ đầu tư rõ ràng"),
        "{phasing}"
    );

    // The pass is refused while the water item needs revision; the refusal names it.
    let version = field(&html, "appraisal/findings", "version");
    let pass = [
        ("csrf", csrf.as_str()),
        ("version", version.as_str()),
        ("action", "forward_plan_for_approval"),
        ("reason", "Trình UBND tỉnh phê duyệt"),
    ];
    let (status, html) = post(&client, base, &appraiser, "/dossiers/1/transition", &pass).await;
    assert_eq!(status, StatusCode::CONFLICT);
    let refusal = text(&html);
    assert!(
        refusal.contains("Chưa thể trình phê duyệt")
            && refusal.contains("Rà soát hạ tầng nông thôn và cấp nước sạch")
            && !refusal.contains("lc_rural_water"),
        "{refusal}"
    );

    // The commune reads the findings and may not record one.
    let (status, html) = page(&client, base, &commune, &workspace).await;
    assert_eq!(status, StatusCode::OK);
    assert!(text(&html).contains("bản Nậm Sỏ"));
    assert!(!html.contains("appraisal/findings\"") && !html.contains("appraisal/overrules\""));
    let commune_csrf = field(
        &page(&client, base, &commune, "/dossiers/1").await.1,
        "name=\"csrf\"",
        "csrf",
    );
    let (status, _) = post(
        &client,
        base,
        &commune,
        "/dossiers/1/appraisal/findings",
        &[
            ("csrf", &commune_csrf),
            ("version", &version),
            ("checklist", &checklist),
            ("item", "phasing"),
            ("verdict", "meets"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // Leadership overrules the water item with its reason; the pass then goes through.
    let (_, html) = page(&client, base, &lead, &workspace).await;
    assert!(html.contains("action=\"/dossiers/1/appraisal/overrules\""));
    let lead_csrf = field(&html, "appraisal/overrules", "csrf");
    let (status, _) = post(
        &client,
        base,
        &lead,
        "/dossiers/1/appraisal/overrules",
        &[
            ("csrf", &lead_csrf),
            ("version", &version),
            ("checklist", &checklist),
            ("item", "lc_rural_water"),
            (
                "reason",
                "Bổ sung phương án cấp nước khi lập quy hoạch chi tiết",
            ),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, html) = page(&client, base, &appraiser, &workspace).await;
    assert!(
        row(&html, "lc_rural_water").contains("lãnh đạo tỉnh đã cho qua"),
        "the overrule shows"
    );
    assert!(text(&html).contains("Không còn mục nào cần chỉnh sửa"));
    let version = field(&html, "appraisal/findings", "version");
    let pass = [
        ("csrf", csrf.as_str()),
        ("version", version.as_str()),
        ("action", "forward_plan_for_approval"),
        ("reason", "Trình UBND tỉnh phê duyệt"),
    ];
    let (status, _) = post(&client, base, &appraiser, "/dossiers/1/transition", &pass).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let state = app
        .planning
        .dossier(Caller::Operator, DOSSIER)
        .await
        .unwrap()
        .state;
    assert_eq!(state.stage, "plan_approval");

    // The history names each finding by its item's title, with who and why.
    let (_, html) = page(&client, base, &lead, "/dossiers/1").await;
    let history = text(&html);
    assert!(
        history.contains("Kết quả thẩm định: Kế hoạch thực hiện theo giai đoạn"),
        "{history}"
    );
    assert!(
        history.contains("Lãnh đạo tỉnh cho qua mục cần chỉnh sửa: Rà soát hạ tầng nông thôn"),
        "{history}"
    );

    // The API reads the same, and the chain of the history holds.
    let api: Value = client
        .get(format!("{base}/api/v1/dossiers/1/appraisal"))
        .header(COOKIE, &lead)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(api["round"], 2, "{api}");
    assert_eq!(api["returns"][0]["items"].as_array().unwrap().len(), 2);
    assert_eq!(
        api["opinions"].as_array().unwrap().len(),
        1,
        "{}",
        api["opinions"]
    );
    assert_eq!(api["opinions"][0]["state"], "answered");
    let water = api["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["key"] == "lc_rural_water")
        .unwrap();
    assert_eq!(water["verdict"], "needs_revision");
    assert_eq!(water["previous"]["verdict"], "needs_revision");
    assert!(water["overruled"]["reason"].is_string(), "{water}");
    let audit = app
        .planning
        .verify_history(Caller::Operator, &mut |_| {})
        .await
        .unwrap();
    assert!(audit.first_broken.is_none() && audit.projection_problems.is_empty());
}
