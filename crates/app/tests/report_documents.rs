//! `plantrack report` as an official reads its output: the demo's meeting report written as
//! PDF, DOCX, XLSX and CSV; the DOCX and XLSX opened by LibreOffice and printed to PDF, every
//! PDF read back with pdftotext, and the counts and the Vietnamese diacritics checked there.
//! The first page of each is kept as a PNG under `<target dir>/screenshots/` for a person to
//! look at.
//!
//! They need `libreoffice`, `pdftotext` and `pdftoppm` (Debian: libreoffice-writer-nogui,
//! libreoffice-calc-nogui, poppler-utils). Without them the round trip skips with a note,
//! unless `PLANTRACK_DOCUMENT_TESTS=1` (as in CI), where a missing tool is a failure.

// A test's helpers fail the test where they fail: unwrapping says where.
#![allow(clippy::unwrap_used, clippy::print_stderr)]

#[path = "common/office.rs"]
mod office;

use office::{TextOrder, office_to_pdf, pdf_text, tools_or_skip};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use plantrack_store::testing::TestDb;

const AS_OF: &str = "2025-11-25";
const COMPARE: &str = "2025-10-25";

fn plantrack(db: &TestDb, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_plantrack"))
        .args(["--db", &db.url])
        .args(args)
        .output()
        .expect("run plantrack")
}

fn ok(out: std::process::Output, what: &str) -> std::process::Output {
    assert!(
        out.status.success(),
        "{what} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

async fn demo() -> TestDb {
    let db = TestDb::new().await;
    ok(plantrack(&db, &["migrate"]), "migrate");
    ok(plantrack(&db, &["demo"]), "demo");
    db
}

/// `<target dir>/screenshots/`, created.
fn screenshot_dir() -> PathBuf {
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let dir = tmp.parent().unwrap_or(tmp).join("screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The first page as a PNG under the screenshots folder.
fn first_page_png(pdf: &Path, name: &str) {
    let target = screenshot_dir().join(name);
    let out = Command::new("pdftoppm")
        .args(["-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile"])
        .arg(pdf)
        .arg(&target)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let png = target.with_extension("png");
    assert!(
        std::fs::metadata(&png).unwrap().len() > 10_000,
        "{name} is blank"
    );
}

/// The commune general plans by stage on the day, as `plantrack progress` reports them:
/// stage name (in Vietnamese) → count.
fn expected_counts(db: &TestDb) -> BTreeMap<String, u64> {
    let out = ok(
        plantrack(
            db,
            &[
                "progress",
                "--as-of",
                AS_OF,
                "--province",
                "12",
                "--plan-type",
                "commune_general",
                "--format",
                "json",
            ],
        ),
        "progress",
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    report["stages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                format!(
                    "{}. {}",
                    s["stage_order"].as_u64().unwrap() + 1,
                    s["stage_name"].as_str().unwrap()
                ),
                s["count"].as_u64().unwrap(),
            )
        })
        .collect()
}

/// Checks the stages table as printed: the row of each commune general stage carries its
/// count as the first number after the stage's name.
fn check_counts(text: &str, expected: &BTreeMap<String, u64>, what: &str) {
    let from = text
        .find("Bảng 1. Số hồ sơ theo giai đoạn")
        .unwrap_or_else(|| panic!("{what}: no stages table in\n{text}"));
    let to = from + text[from..].find("Tổng cộng").unwrap();
    let text = &text[from..to];
    for (stage, count) in expected {
        let line = text
            .lines()
            .find(|l| l.contains("Quy hoạch chung xã") && l.contains(stage.as_str()))
            .unwrap_or_else(|| panic!("{what}: no row for {stage} in\n{text}"));
        let after = &line[line.find(stage.as_str()).unwrap() + stage.len()..];
        let first: u64 = after
            .split_whitespace()
            .find_map(|t| t.parse().ok())
            .unwrap_or_else(|| panic!("{what}: no count on {line:?}"));
        assert_eq!(first, *count, "{what}: {stage} on {line:?}");
    }
}

fn check_words(text: &str, what: &str) {
    for words in [
        "BÁO CÁO",
        "Tiến độ lập quy hoạch chung xã trên địa bàn tỉnh Lai Châu",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Lựa chọn đơn vị tư vấn",
        "Đoàn Kết",
    ] {
        assert!(text.contains(words), "{what} lacks {words:?}:\n{text}");
    }
}

/// What the report's forecast section must say: `plantrack forecast` of the same day, scope
/// and seed — (dossiers likely to be approved by the target, unlikely, the names of the
/// communes at risk).
fn expected_forecast(db: &TestDb) -> (usize, usize, Vec<String>) {
    let out = ok(
        plantrack(
            db,
            &[
                "forecast",
                "--as-of",
                AS_OF,
                "--province",
                "12",
                "--plan-type",
                "commune_general",
                "--format",
                "json",
            ],
        ),
        "forecast",
    );
    let f: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(f["target"], "2026-03-31", "the directive's due date");
    let dossiers = f["dossiers"].as_array().unwrap();
    let at_risk: Vec<String> = dossiers
        .iter()
        .filter(|d| d["p_meet_target"].as_f64().unwrap() < 0.5)
        .map(|d| d["unit_name"].as_str().unwrap().to_owned())
        .collect();
    (dossiers.len() - at_risk.len(), at_risk.len(), at_risk)
}

/// The forecast section as printed, its sentences read whole across line ends.
fn check_forecast(text: &str, expected: &(usize, usize, Vec<String>), what: &str, prose: bool) {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let (likely, unlikely, at_risk) = expected;
    let mut words = vec![
        "Dự báo khả năng hoàn thành đến ngày 31/03/2026".to_owned(),
        "Các xã có nguy cơ không kịp ngày 31/03/2026".to_owned(),
    ];
    if prose {
        words.push(format!(
            "Đến ngày 31/03/2026 (mốc theo chỉ đạo hoàn thành quy hoạch của tỉnh): {likely} hồ sơ \
             quy hoạch chung xã có khả năng được phê duyệt kịp (xác suất từ 50% trở lên), \
             {unlikely} hồ sơ khó kịp"
        ));
        words.push("Đây là ước tính thống kê, không phải cam kết.".to_owned());
    }
    for w in &words {
        assert!(flat.contains(w.as_str()), "{what} lacks {w:?}:\n{text}");
    }
    assert!(!at_risk.is_empty(), "the demo has communes at risk");
    for name in at_risk {
        assert!(flat.contains(name.as_str()), "{what}: {name} not at risk");
    }
}

fn write_report(db: &TestDb, dir: &Path, format: &str) -> PathBuf {
    let file = dir.join(format!("report.{format}"));
    let out = ok(
        plantrack(
            db,
            &[
                "report",
                "--as-of",
                AS_OF,
                "--compare",
                COMPARE,
                "--province",
                "12",
                "--format",
                format,
                "--out",
                file.to_str().unwrap(),
            ],
        ),
        "report",
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("report."));
    file
}

#[tokio::test]
async fn the_report_reads_back_in_every_format() {
    let db = demo().await;
    let dir = tempfile::tempdir().unwrap();
    let expected = expected_counts(&db);
    assert_eq!(expected.values().sum::<u64>(), 34, "the demo's 34 communes");

    // CSV: one row a dossier, read as a program reads it.
    let csv_file = write_report(&db, dir.path(), "csv");
    let bytes = std::fs::read(&csv_file).unwrap();
    let mut reader = csv::Reader::from_reader(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap());
    let mut counted: BTreeMap<String, u64> = BTreeMap::new();
    for row in reader.records() {
        let row = row.unwrap();
        if &row[2] == "Quy hoạch chung xã" {
            *counted.entry(row[3].to_owned()).or_default() += 1;
        }
        // Dates for programs: ISO.
        assert!(row[5].parse::<chrono::NaiveDate>().is_ok(), "{row:?}");
    }
    assert_eq!(counted, expected);

    let Some(()) = tools_or_skip(
        "the_report_reads_back_in_every_format",
        &["libreoffice", "pdftotext", "pdftoppm"],
    ) else {
        return;
    };
    let forecast = expected_forecast(&db);
    let pdf = write_report(&db, dir.path(), "pdf");
    let text = pdf_text(&pdf, TextOrder::Layout);
    check_words(&text, "PDF");
    check_forecast(&text, &forecast, "PDF", true);
    check_counts(&text, &expected, "PDF");
    first_page_png(&pdf, "report-pdf");

    let docx = write_report(&db, dir.path(), "docx");
    let printed = office_to_pdf(&docx, &dir.path().join("docx"));
    let text = pdf_text(&printed, TextOrder::Layout);
    check_words(&text, "DOCX");
    check_forecast(&text, &forecast, "DOCX", true);
    check_counts(&text, &expected, "DOCX");
    first_page_png(&printed, "report-docx");

    let xlsx = write_report(&db, dir.path(), "xlsx");
    let printed = office_to_pdf(&xlsx, &dir.path().join("xlsx"));
    let text = pdf_text(&printed, TextOrder::Layout);
    check_words(&text, "XLSX");
    check_forecast(&text, &forecast, "XLSX", false);
    check_counts(&text, &expected, "XLSX");
    first_page_png(&printed, "report-xlsx");
}

#[tokio::test]
async fn a_target_already_past_is_said_in_one_line() {
    let Some(()) = tools_or_skip(
        "a_target_already_past_is_said_in_one_line",
        &["libreoffice", "pdftotext", "pdftoppm"],
    ) else {
        return;
    };
    let db = demo().await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("past.pdf");
    ok(
        plantrack(
            &db,
            &[
                "report",
                "--as-of",
                AS_OF,
                "--province",
                "12",
                "--target",
                "2025-11-01",
                "--format",
                "pdf",
                "--out",
                file.to_str().unwrap(),
            ],
        ),
        "report with a past target",
    );
    let flat = pdf_text(&file, TextOrder::Layout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        flat.contains(
            "Ngày mục tiêu 01/11/2025 không sau ngày báo cáo 25/11/2025: không lập dự báo."
        ),
        "{flat}"
    );
    assert!(!flat.contains("Các xã có nguy cơ không kịp"), "{flat}");
}

#[tokio::test]
async fn bad_input_is_refused_in_the_readers_language_and_writes_nothing() {
    let db = demo().await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("report.out");
    let out_arg = file.to_str().unwrap().to_owned();
    let cases: [(&[&str], &str, &str); 4] = [
        (
            &["--as-of", AS_OF, "--format", "odt"],
            "định dạng \"odt\" không được hỗ trợ",
            "vi",
        ),
        (
            &["--as-of", AS_OF, "--format", "odt"],
            "the format \"odt\" is not supported",
            "en",
        ),
        (
            &["--as-of", COMPARE, "--compare", AS_OF, "--format", "pdf"],
            "ngày so sánh phải trước ngày báo cáo 25/10/2025",
            "vi",
        ),
        (
            &["--as-of", "2024-01-01", "--format", "xlsx"],
            "the data begin on",
            "en",
        ),
    ];
    for (args, message, lang) in cases {
        let mut all = vec![
            "--lang",
            lang,
            "report",
            "--province",
            "12",
            "--out",
            &out_arg,
        ];
        all.extend_from_slice(args);
        let out = plantrack(&db, &all);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{args:?} was accepted");
        assert!(stderr.contains(message), "{args:?}: {stderr}");
        assert!(!file.exists(), "{args:?} wrote a file");
    }
}
