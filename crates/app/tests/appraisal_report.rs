//! The appraisal report (báo cáo thẩm định, issue 19): a commune's land-use map is checked
//! against the defence layer, then the report is made by the command line, the API and the
//! appraisal page; the DOCX is opened by LibreOffice, printed to PDF and read back with
//! pdftotext, and its Vietnamese (and English) text checked there; the printed PDFs are kept
//! under `<target dir>/screenshots/`.
//!
//! The round trip needs `libreoffice` and `pdftotext`; without them it skips with a note,
//! unless `PLANTRACK_DOCUMENT_TESTS=1` (as in CI), where a missing tool is a failure.

// A test's helpers fail the test where they fail: unwrapping says where.
#![allow(clippy::unwrap_used, clippy::print_stderr)]

mod common;
#[path = "common/office.rs"]
mod office;

use std::fmt::Write as _;
use std::process::Command;

use chrono::Datelike;
use office::{TextOrder, office_to_pdf, pdf_text, tools_or_skip};
use plantrack_domain::access::Caller;
use plantrack_domain::appraisal::{AutoVerdict, FigureKey};
use plantrack_store::planning::DossierQuery;
use reqwest::StatusCode;
use serde_json::{Value, json};

const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

fn square(id: &str, category: &str, lon: f64, lat: f64, size: f64) -> Value {
    json!({"type": "Feature", "id": id, "properties": {"category": category},
        "geometry": {"type": "Polygon", "coordinates": [[
            [lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]]}})
}

fn collection(features: &[Value]) -> Value {
    json!({"type": "FeatureCollection", "features": features})
}

async fn token(app: &common::TestApp, username: &str) -> String {
    let user = app.planning.user(Caller::Operator, username).await.unwrap();
    app.planning
        .create_token(Caller::Operator, user.id, "test", chrono::Utc::now())
        .await
        .unwrap()
        .0
}

/// The upload form's multipart body with the land-use map as a GeoJSON file.
fn map_upload(version: u64, content: &str) -> (String, Vec<u8>) {
    let boundary = "plantrack-test-boundary";
    let mut body = String::new();
    for (name, value) in [
        ("version", version.to_string()),
        ("kind", "gis_data".into()),
        ("title", "Bản đồ quy hoạch sử dụng đất".into()),
    ] {
        let _ = write!(
            body,
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
        );
    }
    let _ = write!(
        body,
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"ban-do.geojson\"\r\nContent-Type: application/geo+json\r\n\r\n{content}\r\n--{boundary}--\r\n"
    );
    (
        format!("multipart/form-data; boundary={boundary}"),
        body.into_bytes(),
    )
}

fn plantrack(app: &common::TestApp, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_plantrack"))
        .args(["--db", app.db_url()])
        .args(args)
        .output()
        .unwrap()
}

/// Bình Lư's dossier with a land-use map whose residential zone lies half over the defence
/// area the military command published: the defence item needs revision.
async fn dossier_with_checked_map(app: &common::TestApp) -> i64 {
    let client = reqwest::Client::new();
    let resp = client
        .post(app.url("/api/v1/layers"))
        .bearer_auth(token(app, "quansu").await)
        .json(
            &json!({"key": "quoc-phong", "name": "Đất quốc phòng", "publish": true,
            "content": collection(&[square("QP-7", "defence_security", 103.677, 22.353, 0.002)])}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::CREATED);
    let (list, _) = app
        .planning
        .dossiers(
            Caller::Operator,
            DossierQuery {
                unit: Some("03390".into()),
                limit: 10,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let id = list[0].dossier_id;
    let version = app
        .planning
        .dossier(Caller::Operator, id)
        .await
        .unwrap()
        .state
        .version;
    let map = collection(&[
        square("R-1", "residential", 103.676, 22.353, 0.002),
        square("G-1", "green_space", 103.690, 22.353, 0.002),
    ])
    .to_string();
    let (kind, body) = map_upload(version, &map);
    let resp = client
        .post(app.url(&format!("/api/v1/dossiers/{id}/documents")))
        .bearer_auth(token(app, "xa-03390").await)
        .header("content-type", kind)
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(
        resp.status(),
        StatusCode::OK,
        "{}",
        resp.text().await.unwrap()
    );
    id
}

/// A copy of the printed report under `<target dir>/screenshots/`, for a person to look at.
fn keep(pdf: &std::path::Path, name: &str) {
    let tmp = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"));
    let dir = tmp.parent().unwrap_or(tmp).join("screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(pdf, dir.join(name)).unwrap();
}

fn is_docx(bytes: &[u8]) -> bool {
    // A DOCX is a ZIP archive holding word/document.xml.
    bytes.starts_with(b"PK\x03\x04")
        && bytes
            .windows(b"word/document.xml".len())
            .any(|w| w == b"word/document.xml")
}

#[tokio::test]
async fn the_appraisal_report_is_made_everywhere_and_reads_back_in_libreoffice() {
    let app = common::spawn_app().await;
    plantrack::demo::load(&app.planning, &mut |_| {})
        .await
        .unwrap();
    plantrack::demo::create_demo_accounts(&app.planning)
        .await
        .unwrap();
    let id = dossier_with_checked_map(&app).await;
    // The server measured the map against Bình Lư's imported boundary: two small squares
    // leave nearly all of the commune out.
    let appraisal = app.planning.appraisal(Caller::Operator, id).await.unwrap();
    let coverage = appraisal
        .items
        .iter()
        .find(|i| i.key == "boundary_coverage")
        .and_then(|i| i.auto.clone())
        .expect("the coverage item, measured");
    assert_eq!(coverage.verdict, AutoVerdict::NeedsRevision, "{coverage:?}");
    let left_out = coverage.figure(FigureKey::LeftOutShare).unwrap();
    assert!(left_out > 0.99 && left_out <= 1.0, "{coverage:?}");
    let client = reqwest::Client::new();
    let dir = tempfile::tempdir().unwrap();

    // The command line writes the file and says where.
    let file = dir.path().join("bao-cao.docx");
    let out = plantrack(
        &app,
        &[
            "appraisal",
            "report",
            &id.to_string(),
            "--out",
            file.to_str().unwrap(),
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        said.contains(file.to_str().unwrap()) && said.contains("DOCX"),
        "{said}"
    );
    assert!(is_docx(&std::fs::read(&file).unwrap()));
    let english = dir.path().join("appraisal-report.docx");
    let out = plantrack(
        &app,
        &[
            "appraisal",
            "report",
            &id.to_string(),
            "--out",
            english.to_str().unwrap(),
            "--lang",
            "en",
        ],
    );
    assert!(out.status.success());

    // An unknown dossier: a clear error in the reader's language, exit non-zero, no file.
    let missing = dir.path().join("missing.docx");
    let out = plantrack(
        &app,
        &[
            "appraisal",
            "report",
            "987654",
            "--out",
            missing.to_str().unwrap(),
        ],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        stderr.contains("987654") && stderr.contains("Không tìm thấy"),
        "{stderr}"
    );
    assert!(!missing.exists());

    // The API gives the commune the same document; someone signed out is refused.
    let resp = client
        .get(app.url(&format!("/api/v1/dossiers/{id}/appraisal/report")))
        .bearer_auth(token(&app, "xa-03390").await)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    assert_eq!(common::header(&resp, "content-type"), DOCX);
    assert!(
        common::header(&resp, "content-disposition")
            .contains(&format!("bao-cao-tham-dinh-03390-{id}.docx")),
    );
    assert!(is_docx(&resp.bytes().await.unwrap()));
    let resp = client
        .get(app.url(&format!("/api/v1/dossiers/{id}/appraisal/report")))
        .send()
        .await
        .unwrap();
    assert_ne!(resp.status(), StatusCode::OK, "an anonymous reader");
    let resp = client
        .get(app.url("/api/v1/dossiers/987654/appraisal/report"))
        .bearer_auth(token(&app, "lanhdao").await)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::NOT_FOUND);

    // The appraisal page links the report, which downloads with the session.
    let user = app
        .planning
        .user(Caller::Operator, "xa-03390")
        .await
        .unwrap();
    let (secret, _) = app
        .planning
        .create_session(user.id, chrono::Utc::now())
        .await
        .unwrap();
    let cookie = format!("plantrack_session={secret}");
    let link = format!("/dossiers/{id}/appraisal/report.docx");
    let (status, page) = common::pages::page(
        &client,
        &app.base,
        &cookie,
        &format!("/dossiers/{id}/appraisal"),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains(&format!("href=\"{link}\"")), "no report link");
    let resp = client
        .get(app.url(&link))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    assert_eq!(common::header(&resp, "content-type"), DOCX);
    assert!(is_docx(&resp.bytes().await.unwrap()));

    let Some(()) = tools_or_skip(
        "the_appraisal_report_is_made_everywhere_and_reads_back_in_libreoffice",
        &["libreoffice", "pdftotext"],
    ) else {
        return;
    };
    let today = app.planning.today();
    let printed = office_to_pdf(&file, &dir.path().join("vi"));
    keep(&printed, "appraisal-report.pdf");
    let text = pdf_text(&printed, TextOrder::Flowing);
    for words in [
        "UBND TỈNH LAI CHÂU",
        "SỞ XÂY DỰNG",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        &format!(
            "Lai Châu, ngày {:02} tháng {:02} năm {}",
            today.day(),
            today.month(),
            today.year()
        ),
        "BÁO CÁO THẨM ĐỊNH",
        "ĐỒ ÁN QUY HOẠCH CHUNG XÃ BÌNH LƯ",
        "Xã: Bình Lư",
        &format!("Hồ sơ số: {id}"),
        "(vn.12.commune_general@1+vn.commune_general@1)",
        "Bảng 1. Kết quả thẩm định theo danh mục nội dung",
        "Ý kiến thẩm định",
        "Bảng 2. Số liệu đo trên bản đồ",
        "1 chồng lấn bị cấm",
        "Chưa có kết luận thẩm định. Theo kết quả kiểm tra hiện có, các nội dung sau cần chỉnh sửa:",
        "- Không chồng lấn đất quốc phòng, an ninh;",
        "NGƯỜI THẨM ĐỊNH",
        "(Ký, ghi rõ họ tên)",
    ] {
        assert!(text.contains(words), "the DOCX lacks {words:?}:\n{text}");
    }
    // The map's check time, dd/mm/yyyy as Vietnam reads it.
    let checked = app
        .planning
        .landuse_checks(Caller::Operator, id)
        .await
        .unwrap()[0]
        .checked_at
        .clone();
    let checked = chrono::DateTime::parse_from_rfc3339(&checked)
        .unwrap()
        .with_timezone(&plantrack_domain::calendar::VIETNAM_TIME);
    let at = format!("kiểm tra lúc: {}", checked.format("%d/%m/%Y %H:%M"));
    assert!(text.contains(&at), "no {at:?} in\n{text}");

    let printed = office_to_pdf(&english, &dir.path().join("en"));
    keep(&printed, "appraisal-report-en.pdf");
    let text = pdf_text(&printed, TextOrder::Flowing);
    for words in [
        "DEPARTMENT OF CONSTRUCTION",
        "APPRAISAL REPORT",
        "COMMUNE GENERAL PLAN: BÌNH LƯ",
        "1 forbidden",
        "The appraisal has not concluded yet.",
        "APPRAISER",
    ] {
        assert!(
            text.contains(words),
            "the English DOCX lacks {words:?}:\n{text}"
        );
    }

    // The demo's plan at appraisal: the appraiser's finding fills its row, the round is named
    // (the second: the demo returned it once) and the conclusion lists the item.
    let (at_appraisal, _) = app
        .planning
        .dossiers(
            Caller::Operator,
            DossierQuery {
                stage: Some("plan_appraisal".into()),
                limit: 10,
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let judged = at_appraisal[0].dossier_id.to_string();
    let out = plantrack(
        &app,
        &[
            "appraisal",
            "find",
            &judged,
            "phasing",
            "--verdict",
            "needs_revision",
            "--comment",
            "Bổ sung danh mục dự án ưu tiên giai đoạn đầu",
            "--actor",
            "Nguyễn Thẩm Định",
            "--role",
            "construction_dept",
            "--reason",
            "thẩm định",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let judged_file = dir.path().join("judged.docx");
    let out = plantrack(
        &app,
        &[
            "appraisal",
            "report",
            &judged,
            "--out",
            judged_file.to_str().unwrap(),
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let printed = office_to_pdf(&judged_file, &dir.path().join("judged"));
    let text = pdf_text(&printed, TextOrder::Flowing);
    for words in [
        "Lần thẩm định: 2",
        "Bổ sung danh mục dự án ưu tiên giai đoạn đầu",
        "- Kế hoạch thực hiện theo giai đoạn và các dự án ưu tiên",
    ] {
        assert!(
            text.contains(words),
            "the judged DOCX lacks {words:?}:\n{text}"
        );
    }
}
