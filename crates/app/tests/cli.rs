//! The `plantrack` binary as a user runs it: the demo, then the meeting's progress report in
//! the JSON form scripts read.

use std::collections::BTreeMap;
use std::process::Command;

use plantrack_store::testing::TestDb;

fn plantrack(db: &TestDb, args: &[&str]) -> std::process::Output {
    let out = Command::new(env!("CARGO_BIN_EXE_plantrack"))
        .args(["--db", &db.url])
        .args(args)
        .output()
        .expect("run plantrack");
    assert!(
        out.status.success(),
        "plantrack {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

#[tokio::test]
async fn the_demo_reproduces_the_meeting_report() {
    let db = TestDb::new().await;
    plantrack(&db, &["demo"]);
    let out = plantrack(
        &db,
        &[
            "progress",
            "--as-of",
            "2025-11-25",
            "--plan-type",
            "commune_general",
            "--format",
            "json",
        ],
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    let counts: BTreeMap<String, u64> = report["stages"]
        .as_array()
        .expect("stages array")
        .iter()
        .map(|s| {
            assert_eq!(s["plan_type"], "commune_general");
            (
                s["stage"].as_str().unwrap().to_owned(),
                s["count"].as_u64().unwrap(),
            )
        })
        .collect();
    let expected = BTreeMap::from([
        ("plan_appraisal".to_owned(), 1),
        ("plan_consultation".to_owned(), 20),
        ("task_preparation".to_owned(), 8),
        ("consultant_selection".to_owned(), 5),
    ]);
    assert_eq!(counts, expected);

    // The table form says the same, with the date as dd/mm/yyyy.
    let table = plantrack(
        &db,
        &[
            "progress",
            "--as-of",
            "2025-11-25",
            "--plan-type",
            "commune_general",
        ],
    );
    let text = String::from_utf8(table.stdout).unwrap();
    assert!(
        text.contains("25/11/2025") && text.contains("34 dossiers"),
        "{text}"
    );

    // A refused command exits non-zero with the reason in Vietnamese, and changes nothing.
    let before = plantrack(&db, &["dossier", "history", "1", "--format", "json"]).stdout;
    let refused = Command::new(env!("CARGO_BIN_EXE_plantrack"))
        .args([
            "--db",
            &db.url,
            "dossier",
            "transition",
            "1",
            "approve_plan",
        ])
        .args(["--actor", "x", "--role", "commune_pc", "--reason", "thử"])
        .output()
        .unwrap();
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("Bước chuyển không hợp lệ"));
    assert_eq!(
        plantrack(&db, &["dossier", "history", "1", "--format", "json"]).stdout,
        before
    );

    // Every demo history chains: the audit finds nothing broken.
    let audit = plantrack(&db, &["audit", "verify", "--format", "json"]);
    let audit: serde_json::Value = serde_json::from_slice(&audit.stdout).unwrap();
    assert!(audit["first_broken"].is_null(), "{audit}");
    assert!(audit["events"].as_u64().unwrap() > 400);
}

#[tokio::test]
async fn every_listing_command_has_a_json_form() {
    let db = TestDb::new().await;
    plantrack(&db, &["demo"]);
    for args in [
        &["units", "list", "--province", "12", "--format", "json"][..],
        &["units", "show", "03478", "--format", "json"],
        &["dossier", "list", "--overdue", "--format", "json"],
        &[
            "dossier",
            "show",
            "1",
            "--as-of",
            "2025-09-01",
            "--format",
            "json",
        ],
        &["templates", "list", "--format", "json"],
        &["templates", "show", "id.rdtr", "--format", "json"],
        &["calendar", "show", "--year", "2026", "--format", "json"],
    ] {
        let out = plantrack(&db, args);
        let parsed: Result<serde_json::Value, _> = serde_json::from_slice(&out.stdout);
        assert!(
            parsed.is_ok(),
            "{args:?} printed no JSON: {}",
            String::from_utf8_lossy(&out.stdout)
        );
    }
}
