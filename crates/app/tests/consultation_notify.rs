//! Closing the loop from the command line (issue 15, item 6), on the demo's database (SQLite,
//! or PostgreSQL with PLANTRACK_TEST_DB): a round's table filled; `consultation notify` refused
//! while it is not complete; a mail server that cannot be reached fails the run and leaves the
//! answer to be tried again; through a real SMTP server on 127.0.0.1 (the test's sink,
//! `common/smtp.rs`) the answer goes to the address the resident left, once — a run again
//! sends nothing; `consultation letters` writes the letters by hamlet for those without an
//! address (read back with pdftotext); the exported table carries the agencies' register
//! (DOCX and XLSX through LibreOffice).

// A test's helpers fail the test where they fail: unwrapping says where.
#![allow(clippy::unwrap_used, clippy::print_stderr)]

#[path = "common/office.rs"]
mod office;
#[path = "common/smtp.rs"]
mod smtp;

use std::process::{Command, Output};

use base64::Engine;
use chrono::{Days, NaiveDate};
use office::{TextOrder, office_to_pdf, pdf_text, tools_or_skip};
use plantrack_store::testing::TestDb;
use serde_json::Value;
use smtp::SmtpSink;

/// Runs plantrack on the test database, with mail through 127.0.0.1:`port` when given.
async fn run(db: &TestDb, smtp_port: Option<u16>, args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_plantrack"));
    cmd.args(["--db", &db.url]).args(args);
    for var in [
        "PLANTRACK_SMTP_HOST",
        "PLANTRACK_SMTP_PORT",
        "PLANTRACK_SMTP_TLS",
        "PLANTRACK_SMTP_USER",
        "PLANTRACK_SMTP_PASSWORD",
        "PLANTRACK_MAIL_FROM",
        "PLANTRACK_LANG",
    ] {
        cmd.env_remove(var);
    }
    if let Some(port) = smtp_port {
        cmd.env("PLANTRACK_SMTP_HOST", "127.0.0.1")
            .env("PLANTRACK_SMTP_PORT", port.to_string())
            .env("PLANTRACK_SMTP_TLS", "none")
            .env(
                "PLANTRACK_MAIL_FROM",
                "plantrack <plantrack@laichau.example>",
            );
    }
    tokio::task::spawn_blocking(move || cmd.output().expect("run plantrack"))
        .await
        .unwrap()
}

async fn ok(db: &TestDb, args: &[&str]) -> String {
    let out = run(db, None, args).await;
    assert!(
        out.status.success(),
        "plantrack {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

async fn json(db: &TestDb, args: &[&str]) -> Value {
    serde_json::from_str(&ok(db, args).await).expect("JSON")
}

fn today() -> NaiveDate {
    (chrono::Utc::now() + chrono::Duration::hours(7)).date_naive()
}

/// The plain-text body (base64, as plantrack sends it).
fn body(data: &str) -> String {
    let normalised = data.replace("\r\n", "\n");
    let (_, encoded) = normalised.split_once("\n\n").unwrap();
    let joined: String = encoded.split_whitespace().collect();
    String::from_utf8(
        base64::engine::general_purpose::STANDARD
            .decode(joined)
            .unwrap(),
    )
    .unwrap()
}

/// A port nothing listens on.
fn closed_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap().port()
}

#[tokio::test]
async fn answers_reach_residents_by_mail_once_and_by_letter() {
    let db = TestDb::new().await;
    ok(&db, &["migrate"]).await;
    ok(&db, &["demo"]).await;
    let list = json(&db, &["dossier", "list", "--format", "json"]).await;
    let dossier = list.as_array().unwrap()[0]["dossier_id"]
        .as_i64()
        .unwrap()
        .to_string();
    let opens = today() - Days::new(40);
    let opened = json(
        &db,
        &[
            "consultation",
            "open",
            "--dossier",
            &dossier,
            "--opens",
            &opens.to_string(),
            "--closes",
            &(opens + Days::new(25)).to_string(),
            "--form",
            "public_display",
            "--format",
            "json",
        ],
    )
    .await;
    let id = opened["round"]["id"].as_i64().unwrap().to_string();
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
            &opens.to_string(),
            "--format",
            "json",
        ],
    )
    .await;
    ok(
        &db,
        &[
            "consultation",
            "agency",
            "reply",
            &agency["id"].as_i64().unwrap().to_string(),
            "--position",
            "agrees_with_comments",
            "--text",
            "Giữ hành lang tuyến điện",
            "--document",
            "CV 45/ĐL",
            "--on",
            &(opens + Days::new(10)).to_string(),
        ],
    )
    .await;
    let mut opinions = Vec::new();
    for (name, hamlet, contact, text) in [
        (
            "Lò Văn Thử",
            "Bản Nà Thử",
            "lo.thu@mail.vn",
            "Đề nghị giữ chợ ở trung tâm xã",
        ),
        (
            "Vàng A Páo",
            "Bản Hua Bum",
            "0987 654 321",
            "Cần thêm trường mầm non",
        ),
        ("", "Bản Nà Thử", "", "Mở rộng đường vào bản"),
    ] {
        let mut args = vec![
            "consultation",
            "opinion",
            "add",
            &id,
            "--source",
            "paper",
            "--hamlet",
            hamlet,
            "--text",
            text,
        ];
        let received = (opens + Days::new(3)).to_string();
        args.extend(["--received", &received]);
        if !name.is_empty() {
            args.extend(["--name", name]);
        }
        if !contact.is_empty() {
            args.extend(["--contact", contact]);
        }
        args.extend(["--format", "json"]);
        let o = json(&db, &args).await;
        opinions.push(o["id"].as_i64().unwrap().to_string());
    }
    let sink = SmtpSink::start().await;

    // Not complete: refused, saying why; nothing sent.
    let early = run(&db, Some(sink.port), &["consultation", "notify", &id]).await;
    assert!(!early.status.success());
    let why = String::from_utf8_lossy(&early.stderr);
    assert!(
        why.contains("chưa hoàn thành") && why.contains("3 ý kiến"),
        "{why}"
    );
    assert!(sink.messages().is_empty());

    for (i, o) in opinions.iter().enumerate() {
        ok(
            &db,
            &[
                "consultation",
                "answer",
                &id,
                "--opinion",
                o,
                "--topic",
                "land_use",
                "--response",
                "accepted",
                "--text",
                &format!("Đã điều chỉnh theo ý kiến {i}"),
            ],
        )
        .await;
    }
    ok(
        &db,
        &[
            "consultation",
            "summary",
            &id,
            "--topic",
            "land_use",
            "--text",
            "Tiếp thu",
        ],
    )
    .await;

    // A mail server that cannot be reached: the run fails, the answer waits.
    let down = run(
        &db,
        Some(closed_port()),
        &["consultation", "notify", &id, "--format", "json"],
    )
    .await;
    assert!(!down.status.success());
    let report: Value = serde_json::from_slice(&down.stdout).unwrap();
    assert_eq!(report["queued"]["queued"], 1);
    assert_eq!(report["queued"]["letters"], 1);
    assert_eq!(report["queued"]["published_only"], 1);
    assert_eq!(report["notices"][0]["status"], "failed");
    assert_eq!(report["notices"][0]["attempts"], 1);

    // Through the sink: sent, to the address left, in Vietnamese, with the answer.
    let sent = run(
        &db,
        Some(sink.port),
        &["consultation", "notify", &id, "--format", "json"],
    )
    .await;
    assert!(
        sent.status.success(),
        "{}",
        String::from_utf8_lossy(&sent.stderr)
    );
    let report: Value = serde_json::from_slice(&sent.stdout).unwrap();
    assert_eq!(report["queued"]["queued"], 0, "queued before");
    assert_eq!(report["notices"].as_array().unwrap().len(), 1);
    assert_eq!(report["notices"][0]["status"], "sent");
    assert_eq!(report["notices"][0]["attempts"], 2);
    let messages = sink.messages();
    assert_eq!(messages.len(), 1);
    assert_eq!(messages[0].to, ["lo.thu@mail.vn"]);
    assert_eq!(messages[0].from, "plantrack@laichau.example");
    let text = body(&messages[0].data);
    assert!(text.contains("Kính gửi: Ông/Bà Lò Văn Thử"), "{text}");
    assert!(text.contains("Đề nghị giữ chợ ở trung tâm xã"), "{text}");
    assert!(text.contains("Đã điều chỉnh theo ý kiến 0"), "{text}");
    assert!(
        text.contains(&opens.format("%d/%m/%Y").to_string()),
        "{text}"
    );

    // Again: nothing more goes out.
    let again = run(
        &db,
        Some(sink.port),
        &["consultation", "notify", &id, "--format", "json"],
    )
    .await;
    assert!(again.status.success());
    let report: Value = serde_json::from_slice(&again.stdout).unwrap();
    assert!(report["notices"].as_array().unwrap().is_empty());
    assert_eq!(sink.messages().len(), 1, "sent once");

    // The letters and the exported table.
    let dir = tempfile::tempdir().unwrap();
    let letters = dir.path().join("thu.pdf");
    let letters_arg = letters.display().to_string();
    let said = ok(
        &db,
        &["consultation", "letters", &id, "--out", &letters_arg],
    )
    .await;
    assert!(said.contains("1 thư"), "{said}");
    assert!(std::fs::read(&letters).unwrap().starts_with(b"%PDF"));
    let mut tables = Vec::new();
    for format in ["docx", "xlsx"] {
        let out = dir.path().join(format!("bang.{format}"));
        let out_arg = out.display().to_string();
        ok(
            &db,
            &[
                "consultation",
                "export",
                &id,
                "--format",
                format,
                "--out",
                &out_arg,
            ],
        )
        .await;
        tables.push(out);
    }
    if tools_or_skip(
        "answers_reach_residents_by_mail_once_and_by_letter",
        &["pdftotext"],
    )
    .is_some()
    {
        let text = pdf_text(&letters, TextOrder::Raw);
        let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(flat.contains("THƯ TRẢ LỜI Ý KIẾN GÓP Ý"), "{flat}");
        assert!(flat.contains("Bản Hua Bum — Vàng A Páo"), "{flat}");
        assert!(flat.contains("Cần thêm trường mầm non"), "{flat}");
        assert!(flat.contains("Đã điều chỉnh theo ý kiến 1"), "{flat}");
        assert!(!flat.contains("Lò Văn Thử"), "mailed, no letter: {flat}");
    }
    if tools_or_skip(
        "answers_reach_residents_by_mail_once_and_by_letter",
        &["libreoffice", "pdftotext"],
    )
    .is_some()
    {
        for file in &tables {
            let text = pdf_text(&office_to_pdf(file, dir.path()), TextOrder::Raw);
            let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
            assert!(flat.contains("Điện lực (thử)"), "{flat}");
            assert!(flat.contains("Giữ hành lang tuyến điện"), "{flat}");
            assert!(flat.contains("CV 45/ĐL"), "{flat}");
            assert!(flat.contains("đã trả lời"), "{flat}");
        }
    }
}
