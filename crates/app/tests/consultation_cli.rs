//! Consultation on the draft plan as a commune officer runs it from the command line (issue
//! 15): a round opened on a demo dossier, an agency consulted and its letter recorded,
//! residents' opinions entered and answered, the table completed, `consultation list` in the
//! contract's JSON, and the synthesis table exported as DOCX and XLSX (read back through
//! LibreOffice and pdftotext when the tools are there; required with
//! PLANTRACK_DOCUMENT_TESTS=1). Refusals say why in the reader's language, cite the law, fail
//! and store nothing.

// A test's helpers fail the test where they fail: unwrapping says where.
#![allow(clippy::unwrap_used, clippy::print_stderr)]

#[path = "common/office.rs"]
mod office;

use office::{TextOrder, office_to_pdf, pdf_text, tools_or_skip};
use std::process::{Command, Output};

use chrono::{Days, NaiveDate};
use plantrack_store::testing::TestDb;

fn run(db: &TestDb, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_plantrack"))
        .args(["--db", &db.url])
        .args(args)
        .output()
        .expect("run plantrack")
}

fn ok(db: &TestDb, args: &[&str]) -> String {
    let out = run(db, args);
    assert!(
        out.status.success(),
        "plantrack {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn json(db: &TestDb, args: &[&str]) -> serde_json::Value {
    serde_json::from_str(&ok(db, args)).expect("JSON")
}

/// Fails, says why on standard error.
fn refused(db: &TestDb, args: &[&str]) -> String {
    let out = run(db, args);
    assert!(!out.status.success(), "plantrack {args:?} should fail");
    String::from_utf8(out.stderr).unwrap()
}

/// Today in Vietnam, as the command line's clock reads it.
fn today() -> NaiveDate {
    (chrono::Utc::now() + chrono::Duration::hours(7)).date_naive()
}

fn day(d: NaiveDate) -> String {
    d.to_string()
}

async fn demo() -> TestDb {
    let db = TestDb::new().await;
    ok(&db, &["migrate"]);
    ok(&db, &["demo"]);
    db
}

/// A dossier of the demo and its unit.
fn a_dossier(db: &TestDb) -> (i64, String) {
    let list = json(db, &["dossier", "list", "--format", "json"]);
    let first = &list.as_array().unwrap()[0];
    (
        first["dossier_id"].as_i64().unwrap(),
        first["plan"]["unit_code"].as_str().unwrap().to_owned(),
    )
}

fn rounds(db: &TestDb) -> Vec<serde_json::Value> {
    json(db, &["consultation", "list", "--format", "json"])["consultations"]
        .as_array()
        .unwrap()
        .clone()
}

#[tokio::test]
async fn a_commune_fills_and_exports_the_synthesis_table() {
    let db = demo().await;
    let (dossier, unit) = a_dossier(&db);
    let dossier_arg = dossier.to_string();
    // The demo's own rounds.
    let before = rounds(&db).len();
    let opens = today() - Days::new(40);
    let closes = opens + Days::new(25);

    // 19 days is refused, citing the law, in Vietnamese and in English; nothing stored.
    let short = [
        "consultation",
        "open",
        "--dossier",
        &dossier_arg,
        "--opens",
        &day(opens),
        "--closes",
        &day(opens + Days::new(19)),
        "--form",
        "public_display",
    ];
    let vi = refused(&db, &short);
    assert!(vi.contains("Điều 37") && vi.contains("19 ngày"), "{vi}");
    let mut en_args = vec!["--lang", "en"];
    en_args.extend(short);
    let en = refused(&db, &en_args);
    assert!(en.contains("Art 37(7)(b)"), "{en}");
    assert_eq!(rounds(&db).len(), before, "nothing stored");

    let opened = json(
        &db,
        &[
            "consultation",
            "open",
            "--dossier",
            &dossier_arg,
            "--opens",
            &day(opens),
            "--closes",
            &day(closes),
            "--form",
            "public_display",
            "--form",
            "resident_meeting",
            "--format",
            "json",
        ],
    );
    let id = opened["round"]["id"].as_i64().unwrap().to_string();
    assert_eq!(
        opened["round"]["agencies"]["closes_on"],
        day(opens + Days::new(15))
    );

    // An agency consulted, its letter recorded on its behalf.
    let agency = json(
        &db,
        &[
            "consultation",
            "agency",
            "add",
            &id,
            "--name",
            "Điện lực (thử)",
            "--consulted",
            &day(opens),
            "--format",
            "json",
        ],
    );
    assert_eq!(agency["status"], "no_reply", "its 15 days are past");
    let agency_id = agency["id"].as_i64().unwrap().to_string();
    let replied = json(
        &db,
        &[
            "consultation",
            "agency",
            "reply",
            &agency_id,
            "--position",
            "agrees",
            "--document",
            "CV 45/ĐL",
            "--on",
            &day(opens + Days::new(20)),
            "--format",
            "json",
        ],
    );
    assert_eq!(replied["status"], "replied");
    assert_eq!(replied["replies"][0]["on_behalf"], true);

    // Two opinions: one named with a contact, one anonymous petition with markup in it.
    let named = json(
        &db,
        &[
            "consultation",
            "opinion",
            "add",
            &id,
            "--source",
            "paper",
            "--name",
            "Lò Văn Thử",
            "--hamlet",
            "Bản Nà Thử",
            "--contact",
            "0912 345 678",
            "--text",
            "Đề nghị giữ chợ ở trung tâm xã",
            "--received",
            &day(opens + Days::new(3)),
            "--format",
            "json",
        ],
    );
    let petition = json(
        &db,
        &[
            "consultation",
            "opinion",
            "add",
            &id,
            "--source",
            "meeting",
            "--cosigners",
            "14",
            "--text",
            "Đường mới cắt ruộng <script>alert('x')</script> & <b>bản</b>",
            "--received",
            &day(opens + Days::new(5)),
            "--format",
            "json",
        ],
    );
    // A comment on the closed round: refused, nothing stored.
    let late = refused(
        &db,
        &[
            "consultation",
            "opinion",
            "add",
            &id,
            "--source",
            "paper",
            "--text",
            "Muộn",
            "--received",
            &day(closes + Days::new(1)),
        ],
    );
    assert!(late.contains("đã kết thúc"), "{late}");

    for (opinion, topic, response, text) in [
        (
            &named,
            "public_facilities",
            "accepted",
            "Giữ vị trí chợ hiện hữu",
        ),
        (
            &petition,
            "roads",
            "explained",
            "Tuyến theo quy hoạch tỉnh; bồi thường theo luật",
        ),
    ] {
        let o = opinion["id"].as_i64().unwrap().to_string();
        ok(
            &db,
            &[
                "consultation",
                "answer",
                &id,
                "--opinion",
                &o,
                "--topic",
                topic,
                "--response",
                response,
                "--text",
                text,
            ],
        );
    }
    let sheet = json(&db, &["consultation", "show", &id, "--format", "json"]);
    assert_eq!(sheet["completeness"]["unanswered"], 0);
    assert_eq!(sheet["completeness"]["complete"], false, "no summaries yet");
    for topic in ["public_facilities", "roads"] {
        ok(
            &db,
            &[
                "consultation",
                "summary",
                &id,
                "--topic",
                topic,
                "--text",
                "Đã tổng hợp",
            ],
        );
    }
    let sheet = json(&db, &["consultation", "show", &id, "--format", "json"]);
    assert_eq!(sheet["completeness"]["complete"], true);

    // The contract: exactly these keys, ISO dates.
    let list = rounds(&db);
    assert_eq!(list.len(), before + 1);
    let r = list
        .iter()
        .find(|r| r["id"].as_i64().map(|n| n.to_string()).as_deref() == Some(id.as_str()))
        .expect("the round opened here");
    let mut keys: Vec<&str> = r.as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "answered",
            "closes_on",
            "dossier",
            "id",
            "opens_on",
            "opinions",
            "unit_code"
        ]
    );
    assert_eq!(r["dossier"], dossier);
    assert_eq!(r["unit_code"], unit.as_str());
    assert_eq!(r["opens_on"], day(opens));
    assert_eq!(r["closes_on"], day(closes));
    assert_eq!(
        (r["opinions"].as_u64(), r["answered"].as_u64()),
        (Some(2), Some(2))
    );
    let other = json(
        &db,
        &[
            "consultation",
            "list",
            "--unit",
            "00000",
            "--format",
            "json",
        ],
    );
    assert!(other["consultations"].as_array().unwrap().is_empty());

    // The exports.
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for (format, anonymised) in [
        ("docx", false),
        ("xlsx", false),
        ("docx", true),
        ("xlsx", true),
    ] {
        let out = dir.path().join(format!(
            "bang-tong-hop{}.{format}",
            if anonymised { "-an-danh" } else { "" }
        ));
        let out_arg = out.display().to_string();
        let mut args = vec![
            "consultation",
            "export",
            &id,
            "--format",
            format,
            "--out",
            &out_arg,
        ];
        if anonymised {
            args.push("--anonymised");
        }
        ok(&db, &args);
        let bytes = std::fs::read(&out).unwrap();
        assert!(bytes.starts_with(b"PK"), "{format} is a zip package");
        files.push((out, anonymised));
    }
    if let Some(()) = tools_or_skip(
        "a_commune_fills_and_exports_the_synthesis_table",
        &["libreoffice", "pdftotext"],
    ) {
        for (file, anonymised) in &files {
            let text = pdf_text(&office_to_pdf(file, dir.path()), TextOrder::Raw);
            let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
            assert!(flat.contains("STT"), "{flat}");
            assert!(flat.contains("Đề nghị giữ chợ ở trung tâm xã"), "{flat}");
            // Markup is text: printed as written, never interpreted.
            assert!(flat.contains("<script>alert('x')</script>"), "{flat}");
            assert!(flat.contains("<b>bản</b>"), "{flat}");
            assert!(flat.contains("Giao thông"), "{flat}");
            assert!(flat.contains("Ẩn danh"), "{flat}");
            assert_eq!(flat.contains("Lò Văn Thử"), !anonymised, "{flat}");
            assert_eq!(flat.contains("0912 345 678"), !anonymised, "{flat}");
            if file.extension().is_some_and(|e| e == "docx") {
                assert!(flat.contains("Xuất bởi"), "the cover line: {flat}");
            }
        }
    }
}

/// The province's rule on an agency's silence: off by default, set and read back; an
/// unknown province is refused with a non-zero exit and nothing is set.
#[tokio::test]
async fn the_provinces_rule_on_silence() {
    let db = TestDb::new().await;
    ok(&db, &["migrate"]);
    ok(&db, &["demo"]);
    let read = |db: &TestDb| {
        json(
            db,
            &[
                "consultation",
                "rules",
                "--province",
                "12",
                "--format",
                "json",
            ],
        )
    };
    assert_eq!(read(&db)["silence_is_agreement"], false);
    let said = ok(
        &db,
        &[
            "consultation",
            "rules",
            "--province",
            "12",
            "--silence-is-agreement",
            "on",
        ],
    );
    assert!(said.contains("được coi là thống nhất"), "{said}");
    assert_eq!(read(&db)["silence_is_agreement"], true);
    let unknown = refused(
        &db,
        &[
            "consultation",
            "rules",
            "--province",
            "99",
            "--silence-is-agreement",
            "off",
        ],
    );
    assert!(!unknown.is_empty());
    assert_eq!(read(&db)["silence_is_agreement"], true);
}
