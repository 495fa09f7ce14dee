//! The `plantrack` binary as a user runs it: the demo, then the meeting's progress report in
//! the JSON form scripts read.

// A test's helpers fail the test where they fail: unwrapping says where.
#![allow(clippy::unwrap_used, clippy::print_stderr)]

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
    plantrack(&db, &["migrate"]);
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

    // The table form says the same, with the date as dd/mm/yyyy (in English here; the
    // Vietnamese default is checked below).
    let table = plantrack(
        &db,
        &[
            "--lang",
            "en",
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
    let vi = plantrack(
        &db,
        &[
            "progress",
            "--as-of",
            "2025-11-25",
            "--plan-type",
            "commune_general",
        ],
    );
    let text = String::from_utf8(vi.stdout).unwrap();
    assert!(
        text.contains("Tiến độ — 25/11/2025 — 34 hồ sơ") && text.contains("loại quy hoạch"),
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
    plantrack(&db, &["migrate"]);
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
        &["layers", "list", "--province", "12", "--format", "json"],
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

/// A department imports its layer file from the command line: a new version, all or nothing.
#[tokio::test]
async fn layers_import_from_the_command_line() {
    let db = TestDb::new().await;
    plantrack(&db, &["migrate"]);
    plantrack(&db, &["demo"]);
    // The departments' accounts (`serve --demo` makes them).
    let planning =
        plantrack_store::Planning::open(&db.url, plantrack_store::planning::Clock::vietnam())
            .await
            .unwrap();
    plantrack::demo::create_demo_accounts(&planning)
        .await
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let square = |id: &str, lon: f64| {
        serde_json::json!({"type": "Feature", "id": id, "properties": {"category": "defence_security"},
            "geometry": {"type": "Polygon", "coordinates": [[[lon, 22.4], [lon + 0.01, 22.4], [lon + 0.01, 22.41], [lon, 22.4]]]}})
    };
    let features: Vec<_> = (0..1200)
        .map(|i| square(&format!("QP-{i}"), 103.0 + f64::from(i) * 0.001))
        .collect();
    let good = dir.path().join("quoc-phong.geojson");
    std::fs::write(
        &good,
        serde_json::json!({"type": "FeatureCollection", "features": features}).to_string(),
    )
    .unwrap();
    let out = plantrack(
        &db,
        &[
            "layers",
            "import",
            good.to_str().unwrap(),
            "--key",
            "quoc-phong",
            "--name",
            "Đất quốc phòng",
            "--as",
            "quansu",
            "--publish",
            "--format",
            "json",
        ],
    );
    let imported: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (imported["version"].as_i64(), imported["features"].as_i64()),
        (Some(1), Some(1200))
    );
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("100 %"),
        "a progress bar"
    );

    // The 1,100th feature is broken: nothing of the file is kept, though two batches of 500
    // had been written (to a version marked as importing, which nothing reads).
    let mut broken = features.clone();
    broken[1099]["properties"]["category"] = "casino".into();
    let bad = dir.path().join("bad.geojson");
    std::fs::write(
        &bad,
        serde_json::json!({"type": "FeatureCollection", "features": broken}).to_string(),
    )
    .unwrap();
    let refused = Command::new(env!("CARGO_BIN_EXE_plantrack"))
        .args([
            "--db",
            &db.url,
            "layers",
            "import",
            bad.to_str().unwrap(),
            "--key",
            "quoc-phong",
        ])
        .args(["--name", "Đất quốc phòng", "--as", "quansu"])
        .output()
        .unwrap();
    assert!(!refused.status.success());
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(
        said.contains("QP-1099") && said.contains("casino"),
        "{said}"
    );
    let listed = plantrack(
        &db,
        &["layers", "list", "--province", "12", "--format", "json"],
    );
    let layers: serde_json::Value = serde_json::from_slice(&listed.stdout).unwrap();
    assert_eq!(layers[0]["latest_version"], 1);
    assert_eq!(layers[0]["features"], 1200);
    // A commune may not import a layer.
    let commune = Command::new(env!("CARGO_BIN_EXE_plantrack"))
        .args([
            "--db",
            &db.url,
            "layers",
            "import",
            good.to_str().unwrap(),
            "--key",
            "x-y",
        ])
        .args(["--name", "x", "--as", "xa-03390"])
        .output()
        .unwrap();
    assert!(!commune.status.success());
}

/// Only `migrate` (and `serve`) bring a database up to this build; any other command refuses an
/// older one, says what to run in the user's language, and exits non-zero.
#[tokio::test]
async fn an_unmigrated_database_is_refused_until_migrated() {
    let db = TestDb::new().await;
    let refused = Command::new(env!("CARGO_BIN_EXE_plantrack"))
        .args(["--db", &db.url, "units", "list"])
        .output()
        .expect("run plantrack");
    assert!(!refused.status.success());
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(
        said.contains("plantrack migrate") && said.contains("Cơ sở dữ liệu"),
        "{said}"
    );
    let first = plantrack(&db, &["migrate", "--format", "json"]);
    let applied: serde_json::Value = serde_json::from_slice(&first.stdout).unwrap();
    assert!(!applied["applied"].as_array().unwrap().is_empty());
    let again = plantrack(&db, &["migrate", "--format", "json"]);
    let applied: serde_json::Value = serde_json::from_slice(&again.stdout).unwrap();
    assert_eq!(
        applied["applied"],
        serde_json::json!([]),
        "nothing is applied twice"
    );
    plantrack(&db, &["units", "list"]);
}

#[tokio::test]
async fn a_refusal_on_the_command_line_reads_in_the_users_language() {
    let db = TestDb::new().await;
    plantrack(&db, &["migrate"]);
    for (lang, says) in [
        ("vi", "Không tìm thấy"),
        ("en", "Not found"),
        ("id", "Tidak ditemukan"),
    ] {
        let refused = Command::new(env!("CARGO_BIN_EXE_plantrack"))
            .args([
                "--db",
                &db.url,
                "--lang",
                lang,
                "templates",
                "show",
                "vn.no_such",
            ])
            .env("PLANTRACK_LOG", "off")
            .output()
            .expect("run plantrack");
        assert!(!refused.status.success());
        let said = String::from_utf8_lossy(&refused.stderr);
        assert!(said.contains(says), "{lang}: {said}");
        assert!(
            !said.contains("not found") || lang == "en",
            "{lang}: {said}"
        );
    }
}

/// The counts by stage of `plantrack progress` with `extra` arguments, for the commune plans
/// of the demo's meeting day.
fn meeting_counts(db: &TestDb, extra: &[&str]) -> serde_json::Value {
    let mut args = vec![
        "progress",
        "--as-of",
        "2025-11-25",
        "--plan-type",
        "commune_general",
        "--format",
        "json",
    ];
    args.extend_from_slice(extra);
    let out = plantrack(db, &args);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    assert!(report["as_known_on"].is_string(), "{report}");
    report["stages"].clone()
}

#[tokio::test]
async fn a_late_change_leaves_the_meetings_report_as_it_was() {
    let db = TestDb::new().await;
    plantrack(&db, &["migrate"]);
    plantrack(&db, &["demo"]);
    // The demo's history was recorded day by day: the meeting's report as known that evening
    // is the report as known now.
    let meeting = meeting_counts(&db, &["--as-known-on", "2025-11-25"]);
    assert_eq!(meeting_counts(&db, &[]), meeting);

    // Today a hold dated 20/11/2025 is entered.
    plantrack(
        &db,
        &[
            "dossier",
            "hold",
            "1",
            "--actor",
            "UBND tỉnh",
            "--role",
            "provincial_pc",
            "--reason",
            "Theo kết luận cuộc họp, ghi bổ sung",
            "--on",
            "2025-11-20",
        ],
    );
    assert_ne!(
        meeting_counts(&db, &[]),
        meeting,
        "the day reads differently now"
    );
    for known in ["2025-11-25", "2025-11-25T23:59:59+07:00"] {
        assert_eq!(
            meeting_counts(&db, &["--as-known-on", known]),
            meeting,
            "as known on {known}"
        );
    }

    // A time that is not one is refused, saying what is expected.
    let refused = Command::new(env!("CARGO_BIN_EXE_plantrack"))
        .args(["--db", &db.url, "progress", "--as-known-on", "hôm qua"])
        .output()
        .unwrap();
    assert!(!refused.status.success());
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("RFC 3339"),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );
}
