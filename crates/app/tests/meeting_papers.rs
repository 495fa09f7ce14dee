//! A meeting's papers as an official reads them: the demo meeting's minutes and conclusion
//! notice written by `plantrack meeting minutes|notice` as DOCX (printed to PDF by LibreOffice)
//! and PDF, read back with pdftotext, and the participants, the directives with their
//! assignees and due dates (dd/mm/yyyy) and the diacritics checked against what the store
//! says; the parts left out are absent; bad input is refused before any file is written; the
//! API serves both papers to an account only.
//!
//! The round trip needs `libreoffice` and `pdftotext` (Debian: libreoffice-writer-nogui,
//! poppler-utils); without them it skips with a note, unless `PLANTRACK_DOCUMENT_TESTS=1`.

// A test's helpers fail the test where they fail: unwrapping says where.
#![allow(clippy::unwrap_used, clippy::print_stderr)]

mod common;

#[path = "common/office.rs"]
mod office;

use office::{TextOrder, office_to_pdf, pdf_text, tools_or_skip};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use chrono::NaiveDate;
use plantrack_store::testing::TestDb;
use reqwest::StatusCode;
use reqwest::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use serde_json::Value;

/// The demo's meeting (25/11/2025) and the day of the next one, when its status is read.
const MEETING: &str = "1";
const STATUS_ON: &str = "2025-12-09";

fn plantrack(db: &TestDb, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_plantrack"))
        .args(["--db", &db.url])
        .args(args)
        .output()
        .expect("run plantrack")
}

fn ok(out: Output, what: &str) -> Output {
    assert!(
        out.status.success(),
        "{what} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn json(db: &TestDb, args: &[&str]) -> Value {
    let out = ok(plantrack(db, args), &args.join(" "));
    serde_json::from_slice(&out.stdout).unwrap()
}

async fn demo() -> TestDb {
    let db = TestDb::new().await;
    ok(plantrack(&db, &["migrate"]), "migrate");
    ok(plantrack(&db, &["demo"]), "demo");
    db
}

fn dmy(iso: &str) -> String {
    NaiveDate::parse_from_str(iso, "%Y-%m-%d")
        .unwrap()
        .format("%d/%m/%Y")
        .to_string()
}

/// What the store says of the demo meeting: (participants, directives with their assignees).
struct Expected {
    attended: Vec<String>,
    absent: Vec<String>,
    /// "text — Giao: A; B. Hạn hoàn thành: dd/mm/yyyy", as the notice words each directive.
    directive_lines: Vec<String>,
}

fn expected(db: &TestDb) -> Expected {
    let shown = json(db, &["meeting", "show", MEETING, "--format", "json"]);
    let participants = shown["agenda"]["participants"].as_array().unwrap();
    let names = |came: bool| -> Vec<String> {
        participants
            .iter()
            .filter(|p| p["attended"].as_bool() == Some(came))
            .map(|p| p["organisation"].as_str().unwrap().to_owned())
            .collect()
    };
    let directive_lines = shown["directives"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let id = d["id"].as_i64().unwrap().to_string();
            let tasks = json(
                db,
                &[
                    "task",
                    "list",
                    "--directive",
                    &id,
                    "--as-of",
                    STATUS_ON,
                    "--format",
                    "json",
                ],
            );
            let assignees: Vec<&str> = tasks["tasks"]
                .as_array()
                .unwrap()
                .iter()
                .map(|t| t["assignee"].as_str().unwrap())
                .collect();
            assert!(!assignees.is_empty(), "directive {id} has no assignee");
            format!(
                "{}. {} — Giao: {}. Hạn hoàn thành: {}.",
                i + 1,
                d["text"].as_str().unwrap(),
                assignees.join("; "),
                dmy(d["due_on"].as_str().unwrap())
            )
        })
        .collect();
    Expected {
        attended: names(true),
        absent: names(false),
        directive_lines,
    }
}

fn write_paper(db: &TestDb, dir: &Path, paper: &str, format: &str, sections: &str) -> PathBuf {
    let out = dir.join(format!("{paper}-{sections}.{format}"));
    ok(
        plantrack(
            db,
            &[
                "meeting",
                paper,
                MEETING,
                "--format",
                format,
                "--out",
                out.to_str().unwrap(),
                "--sections",
                sections,
                "--status-on",
                STATUS_ON,
            ],
        ),
        &format!("meeting {paper} {format}"),
    );
    out
}

fn check_full(text: &str, e: &Expected, kind: &str, what: &str) {
    for words in [
        kind,
        "ỦY BAN NHÂN DÂN TỈNH LAI CHÂU",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Lai Châu, ngày 25 tháng 11 năm 2025",
        "Thành phần tham dự",
        // The progress report as the meeting saw it, its stages with every diacritic.
        "Báo cáo tiến độ tại cuộc họp",
        "Lựa chọn đơn vị tư vấn",
        "Lấy ý kiến về đồ án quy hoạch",
        "UBND phường Đoàn Kết",
        "Tình hình thực hiện đến ngày 09/12/2025",
    ] {
        assert!(text.contains(words), "{what}: no {words:?} in\n{text}");
    }
    let invited = e.attended.len() + e.absent.len();
    let attendance = format!("Có mặt {}/{invited} đơn vị được mời.", e.attended.len());
    assert!(text.contains(&attendance), "{what}: no {attendance:?}");
    for name in e.attended.iter().chain(&e.absent) {
        assert!(text.contains(name.as_str()), "{what}: participant {name}");
    }
    assert!(!e.absent.is_empty(), "the demo meeting has absentees");
    for line in &e.directive_lines {
        assert!(
            text.contains(line.as_str()),
            "{what}: no {line:?} in\n{text}"
        );
    }
}

#[tokio::test]
async fn the_demo_meetings_papers_read_as_the_store_has_them() {
    let Some(()) = tools_or_skip(
        "the_demo_meetings_papers_read_as_the_store_has_them",
        &["libreoffice", "pdftotext"],
    ) else {
        return;
    };
    let db = demo().await;
    let e = expected(&db);
    let dir = tempfile::tempdir().unwrap();
    for (paper, kind) in [("minutes", "BIÊN BẢN"), ("notice", "THÔNG BÁO")] {
        let pdf = write_paper(&db, dir.path(), paper, "pdf", "all");
        check_full(
            &pdf_text(&pdf, TextOrder::Flowing),
            &e,
            kind,
            &format!("{paper} PDF"),
        );
        let docx = write_paper(&db, dir.path(), paper, "docx", "all");
        let printed = office_to_pdf(&docx, dir.path());
        check_full(
            &pdf_text(&printed, TextOrder::Flowing),
            &e,
            kind,
            &format!("{paper} DOCX"),
        );
    }
    // Without the chosen parts: the conclusions and directives stay, the rest goes.
    let pdf = write_paper(&db, dir.path(), "notice", "pdf", "none");
    let text = pdf_text(&pdf, TextOrder::Flowing);
    for line in &e.directive_lines {
        assert!(
            text.contains(line.as_str()),
            "notice without parts: {line:?}"
        );
    }
    for gone in [
        "Thành phần tham dự",
        "Báo cáo tiến độ tại cuộc họp",
        "Tình hình thực hiện đến ngày",
    ] {
        assert!(
            !text.contains(gone),
            "notice without parts still has {gone:?}"
        );
    }
}

#[tokio::test]
async fn bad_input_is_refused_in_the_readers_language_and_writes_nothing() {
    let db = demo().await;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("paper.pdf");
    let out_arg = out.to_str().unwrap();
    let refused = |args: &[&str], says: &str| {
        let o = plantrack(&db, args);
        let stderr = String::from_utf8_lossy(&o.stderr).into_owned();
        assert!(!o.status.success(), "{args:?} was accepted");
        assert!(stderr.contains(says), "{args:?}: {stderr}");
        assert!(!out.exists(), "{args:?} wrote a file");
    };
    refused(
        &[
            "meeting",
            "minutes",
            MEETING,
            "--format",
            "pdf",
            "--out",
            out_arg,
            "--sections",
            "participants,attendees",
        ],
        "không có phần \"attendees\"",
    );
    refused(
        &[
            "meeting", "notice", MEETING, "--format", "xlsx", "--out", out_arg,
        ],
        "chọn docx hoặc pdf",
    );
    refused(
        &[
            "meeting",
            "notice",
            MEETING,
            "--format",
            "pdf",
            "--out",
            out_arg,
            "--status-on",
            "2025-11-01",
        ],
        "không được trước ngày họp 25/11/2025",
    );
    let o = plantrack(
        &db,
        &[
            "meeting", "minutes", "999", "--format", "pdf", "--out", out_arg,
        ],
    );
    assert!(!o.status.success(), "an unknown meeting was accepted");
    assert!(!String::from_utf8_lossy(&o.stderr).trim().is_empty());
    assert!(!out.exists());
    // In English when asked.
    let o = plantrack(
        &db,
        &[
            "--lang",
            "en",
            "meeting",
            "minutes",
            MEETING,
            "--format",
            "pdf",
            "--out",
            out_arg,
            "--sections",
            "attendees",
        ],
    );
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("there is no part \"attendees\""));
}

#[tokio::test]
async fn the_api_serves_both_papers_to_an_account() {
    let (app, _hand) = common::spawn_app_on("2025-12-09").await;
    app.load_demo().await;
    let id: i64 = app.get_json("/api/v1/meetings?province=12").await["meetings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["held_on"] == "2025-11-25")
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    for (paper, stem) in [
        ("minutes", "bien-ban-hop"),
        ("notice", "thong-bao-ket-luan"),
    ] {
        for (format, media, magic) in [
            ("pdf", "application/pdf", &b"%PDF"[..]),
            (
                "docx",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                &b"PK"[..],
            ),
        ] {
            let path = format!(
                "/api/v1/meetings/{id}/{paper}?format={format}&sections=participants,status"
            );
            let resp = app.get(&path).await;
            assert_eq!(resp.status(), StatusCode::OK, "{path}");
            let header = |name: &str| resp.headers()[name].to_str().unwrap().to_owned();
            assert_eq!(header(CONTENT_TYPE.as_str()), media);
            assert_eq!(
                header(CONTENT_DISPOSITION.as_str()),
                format!("attachment; filename=\"{stem}-{id}-2025-11-25.{format}\"")
            );
            assert!(resp.bytes().await.unwrap().starts_with(magic), "{path}");
        }
        // Anonymous: refused.
        let resp = reqwest::get(app.url(&format!("/api/v1/meetings/{id}/{paper}")))
            .await
            .unwrap();
        assert_eq!(resp.status(), StatusCode::UNAUTHORIZED);
    }
    let resp = app
        .get(&format!("/api/v1/meetings/{id}/notice?sections=attendees"))
        .await;
    assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
    assert!(resp.text().await.unwrap().contains("attendees"));
    // A well-formed day before the meeting: unprocessable (422), said with the meeting's day.
    let resp = app
        .get(&format!(
            "/api/v1/meetings/{id}/minutes?status_on=2025-10-29"
        ))
        .await;
    assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(resp.text().await.unwrap().contains("25/11/2025"));
    let resp = app.get("/api/v1/meetings/999999/minutes").await;
    assert_eq!(resp.status(), StatusCode::NOT_FOUND);
}
