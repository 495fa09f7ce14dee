//! Consultant firms from the command line (issue 16): `consultant list --format json` in the
//! contract's shape, a firm registered, a person and a certificate added, the firm assigned to
//! a demo dossier; bad input (a tax code with letters or the wrong length, a grade that does
//! not exist, a certificate expiring before it is issued) is refused in the reader's language
//! with a non-zero exit, and nothing is stored.

// A test's helpers fail the test where they fail: unwrapping says where.
#![allow(clippy::unwrap_used)]

use std::process::{Command, Output};

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

fn refused(db: &TestDb, args: &[&str]) -> String {
    let out = run(db, args);
    assert!(!out.status.success(), "plantrack {args:?} should fail");
    String::from_utf8(out.stderr).unwrap()
}

fn firms(db: &TestDb) -> Vec<serde_json::Value> {
    json(
        db,
        &["consultant", "list", "--province", "12", "--format", "json"],
    )["firms"]
        .as_array()
        .unwrap()
        .clone()
}

/// A firm's registration with its certificate; `tax_code`, `grade` and `expires` vary.
fn add<'a>(tax_code: &'a str, grade: &'a str, expires: &'a str) -> Vec<&'a str> {
    vec![
        "consultant",
        "add",
        "--name",
        "Công ty TNHH Tư vấn Thử nghiệm",
        "--province",
        "12",
        "--tax-code",
        tax_code,
        "--address",
        "Phường Đoàn Kết, tỉnh Lai Châu",
        "--number",
        "LCH-00099",
        "--grade",
        grade,
        "--issuer",
        "Sở Xây dựng tỉnh Lai Châu",
        "--issued",
        "2024-01-15",
        "--expires",
        expires,
        "--format",
        "json",
    ]
}

#[tokio::test]
async fn firms_are_listed_registered_and_assigned_and_bad_input_is_refused() {
    let db = TestDb::new().await;
    ok(&db, &["migrate"]);
    ok(&db, &["demo"]);
    let before = firms(&db);
    for f in &before {
        for key in ["id", "name", "plans_in_hand", "certificate_valid"] {
            assert!(f.get(key).is_some(), "{key} missing from {f}");
        }
        assert!(
            f["id"].is_i64() && f["plans_in_hand"].is_u64() && f["certificate_valid"].is_boolean()
        );
    }

    // Bad input: said in the reader's language, non-zero exit, nothing stored.
    let e = refused(&db, &add("62000A2345", "II", "2029-01-15"));
    assert!(e.contains("mã số thuế") && e.contains("62000A2345"), "{e}");
    let mut en = vec!["--lang", "en"];
    en.extend(add("620001234", "II", "2029-01-15"));
    let e = refused(&db, &en);
    assert!(e.contains("is not a tax code"), "{e}");
    let mut id = vec!["--lang", "id"];
    id.extend(add("6200012345", "IV", "2029-01-15"));
    let e = refused(&db, &id);
    assert!(e.contains("bukan tingkat sertifikat"), "{e}");
    let e = refused(&db, &add("6200012345", "II", "2023-01-15"));
    assert!(e.contains("15/01/2024") && e.contains("15/01/2023"), "{e}");
    assert_eq!(firms(&db), before);

    let firm = json(&db, &add("6200012345-002", "II", "2029-01-15"));
    let id = firm["id"].as_i64().unwrap();
    let listed = firms(&db);
    assert_eq!(listed.len(), before.len() + 1);
    let mine = listed
        .iter()
        .find(|f| f["id"].as_i64() == Some(id))
        .unwrap();
    assert_eq!(mine["plans_in_hand"], 0);
    assert_eq!(mine["certificate_valid"], true);
    assert_eq!(mine["tax_code"], "6200012345-002");

    // Assigned to an active demo dossier: one plan in hand.
    let dossiers = json(&db, &["dossier", "list", "--format", "json"]);
    let dossier = dossiers
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["status"] == "active" && d["plan"]["plan_type"] == "commune_general")
        .unwrap()["dossier_id"]
        .as_i64()
        .unwrap();
    let a = json(
        &db,
        &[
            "consultant",
            "assign",
            "--dossier",
            &dossier.to_string(),
            "--firm",
            &id.to_string(),
            "--format",
            "json",
        ],
    );
    assert_eq!(a["role"], "firm");
    let listed = firms(&db);
    let mine = listed
        .iter()
        .find(|f| f["id"].as_i64() == Some(id))
        .unwrap();
    assert_eq!(mine["plans_in_hand"], 1);

    // A lead whose certificate grade does not cover the plan is refused, with the figures.
    let person = json(
        &db,
        &[
            "consultant",
            "person",
            "--firm",
            &id.to_string(),
            "--name",
            "Phạm Thu Hà",
            "--experience-from",
            "2020-01-01",
            "--format",
            "json",
        ],
    );
    let pid = person["id"].as_i64().unwrap().to_string();
    ok(
        &db,
        &[
            "consultant",
            "certificate",
            "--person",
            &pid,
            "--number",
            "BXD-LCH-77",
            "--grade",
            "III",
            "--issuer",
            "Sở Xây dựng tỉnh Lai Châu",
            "--issued",
            "2023-02-01",
            "--expires",
            "2028-02-01",
        ],
    );
    let e = refused(
        &db,
        &[
            "--lang",
            "en",
            "consultant",
            "assign",
            "--dossier",
            &dossier.to_string(),
            "--person",
            &pid,
        ],
    );
    assert!(
        e.contains("Grade III does not cover") && e.contains("grade II"),
        "{e}"
    );
    let show = json(
        &db,
        &["consultant", "show", &id.to_string(), "--format", "json"],
    );
    assert_eq!(show["assignments"].as_array().unwrap().len(), 1);
}
