//! The weekly report by e-mail (issue 14, item 3) as the operator runs it: accounts opt in
//! with `plantrack user weekly-report`, and `plantrack digest weekly` mails the province's
//! progress report as PDF through a real SMTP server on 127.0.0.1 (the test's sink) only to
//! them; a dry run sends nothing; the same ISO week is not sent twice; a send that fails is
//! tried again by the next run; a commune officer and a bad address are refused.

// A test's helpers fail the test where they fail: unwrapping says where.
#![allow(clippy::unwrap_used, clippy::print_stderr)]

mod common;
#[path = "common/smtp.rs"]
mod smtp;

use std::process::{Command, Output};

use base64::Engine;
use plantrack_store::testing::TestDb;
use serde_json::Value;
use smtp::SmtpSink;

/// Runs plantrack on the test database, with mail through 127.0.0.1:`port` when given (and
/// no mail settings from the environment the tests run in).
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
    // The sink answers on this runtime; the command waits on a thread of its own.
    tokio::task::spawn_blocking(move || cmd.output().expect("run plantrack"))
        .await
        .unwrap()
}

fn succeeded(out: &Output) {
    assert!(
        out.status.success(),
        "plantrack failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn json(out: &Output) -> Value {
    succeeded(out);
    serde_json::from_slice(&out.stdout).expect("JSON")
}

/// The bytes of the message's PDF attachment (base64, as lettre sends it).
fn pdf_attachment(data: &str) -> Vec<u8> {
    let data = data.replace("\r\n", "\n");
    let at = data
        .find("Content-Type: application/pdf")
        .unwrap_or_else(|| panic!("no PDF part in {data}"));
    let part = &data[at..];
    let (_, body) = part.split_once("\n\n").unwrap();
    let body = body.split("\n--").next().unwrap();
    let joined: String = body.split_whitespace().collect();
    base64::engine::general_purpose::STANDARD
        .decode(joined)
        .unwrap()
}

fn statuses(report: &Value) -> Vec<(String, String)> {
    report["recipients"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["username"].as_str().unwrap().to_owned(),
                r["status"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

async fn create_user(db: &TestDb, username: &str, role: &str, organisation: &str) {
    succeeded(
        &run(
            db,
            None,
            &[
                "user",
                "create",
                "--username",
                username,
                "--display-name",
                "Nguyễn Văn Lãnh",
                "--role",
                role,
                "--organisation",
                organisation,
            ],
        )
        .await,
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_weekly_report_goes_once_a_week_only_to_leadership_that_opted_in() {
    let db = TestDb::new().await;
    succeeded(&run(&db, None, &["migrate"]).await);
    succeeded(&run(&db, None, &["demo"]).await);
    create_user(&db, "lanhdao", "leadership", "UBND tỉnh Lai Châu").await;
    create_user(&db, "phochutich", "leadership", "UBND tỉnh Lai Châu").await;
    create_user(&db, "canboxa", "commune_officer", "UBND xã Bum Tở").await;

    // Off by default: nobody would get anything.
    let none = json(
        &run(
            &db,
            None,
            &[
                "digest",
                "weekly",
                "--on",
                "2025-12-01",
                "--dry-run",
                "--format",
                "json",
            ],
        )
        .await,
    );
    assert_eq!(statuses(&none), vec![]);

    // A commune officer may not opt in; nor may anyone with a bad address.
    let refused = run(
        &db,
        None,
        &[
            "user",
            "weekly-report",
            "canboxa",
            "--email",
            "xa@bumto.example",
        ],
    )
    .await;
    assert!(!refused.status.success());
    let why = String::from_utf8_lossy(&refused.stderr);
    assert!(why.contains("canboxa") && why.contains("lãnh đạo"), "{why}");
    let bad = run(
        &db,
        None,
        &[
            "user",
            "weekly-report",
            "lanhdao",
            "--email",
            "not an address",
        ],
    )
    .await;
    assert!(!bad.status.success());
    assert!(!String::from_utf8_lossy(&bad.stderr).trim().is_empty());

    succeeded(
        &run(
            &db,
            None,
            &[
                "user",
                "weekly-report",
                "lanhdao",
                "--email",
                "lanhdao@laichau.example",
            ],
        )
        .await,
    );
    // One opted in and out again: it gets nothing.
    succeeded(
        &run(
            &db,
            None,
            &[
                "user",
                "weekly-report",
                "phochutich",
                "--email",
                "pct@laichau.example",
            ],
        )
        .await,
    );
    succeeded(&run(&db, None, &["user", "weekly-report", "phochutich", "--off"]).await);

    let sink = SmtpSink::start().await;
    let week = ["digest", "weekly", "--on", "2025-12-01", "--format", "json"];
    let dry = [
        "digest",
        "weekly",
        "--on",
        "2025-12-01",
        "--dry-run",
        "--format",
        "json",
    ];

    let planned = json(&run(&db, Some(sink.port), &dry).await);
    assert_eq!(
        statuses(&planned),
        vec![("lanhdao".to_owned(), "would_send".to_owned())]
    );
    assert_eq!(
        planned["recipients"][0]["attachment"],
        "bao-cao-tien-do-12-2025-12-01.pdf"
    );
    assert_eq!(sink.messages().len(), 0, "a dry run sends nothing");

    // A mail server that cannot be reached: the command fails, says so, and the week stays
    // to be sent.
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let unreachable = run(&db, Some(closed), &week).await;
    assert!(!unreachable.status.success());
    let failed: Value = serde_json::from_slice(&unreachable.stdout).expect("JSON");
    assert_eq!(
        statuses(&failed),
        vec![("lanhdao".to_owned(), "failed".to_owned())]
    );

    let sent = json(&run(&db, Some(sink.port), &week).await);
    assert_eq!(sent["week"], "2025-W49");
    assert_eq!(
        statuses(&sent),
        vec![("lanhdao".to_owned(), "sent".to_owned())]
    );
    let messages = sink.messages();
    assert_eq!(messages.len(), 1);
    assert_eq!(messages[0].to, vec!["lanhdao@laichau.example".to_owned()]);
    assert_eq!(messages[0].from, "plantrack@laichau.example");
    assert!(
        messages[0]
            .data
            .contains("bao-cao-tien-do-12-2025-12-01.pdf"),
        "the attachment's name"
    );
    let pdf = pdf_attachment(&messages[0].data);
    assert!(pdf.starts_with(b"%PDF"), "{:?}", &pdf[..pdf.len().min(16)]);
    assert!(pdf.len() > 10_000, "a whole report: {} bytes", pdf.len());

    // Again the same ISO week (Thursday of it): nothing more goes out.
    let again = json(
        &run(
            &db,
            Some(sink.port),
            &["digest", "weekly", "--on", "2025-12-04", "--format", "json"],
        )
        .await,
    );
    assert_eq!(
        statuses(&again),
        vec![("lanhdao".to_owned(), "skipped".to_owned())]
    );
    let dry_again = json(&run(&db, Some(sink.port), &dry).await);
    assert_eq!(
        statuses(&dry_again),
        vec![("lanhdao".to_owned(), "skipped".to_owned())]
    );
    assert_eq!(sink.messages().len(), 1);
}
