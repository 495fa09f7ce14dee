//! Funding from the command line (issue 16) on the Lai Châu demo: `funding summary` prints the
//! contract's JSON for Decision 2785/QĐ-UBND; a payment that would pass its contract, a
//! payment on a cancelled contract and bad amounts fail, say why in the reader's language
//! and change nothing.

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

/// Fails, says why on standard error.
fn refused(db: &TestDb, args: &[&str]) -> String {
    let out = run(db, args);
    assert!(!out.status.success(), "plantrack {args:?} should fail");
    assert!(out.stdout.is_empty());
    String::from_utf8(out.stderr).unwrap()
}

/// 1234567 as English writes it: 1,234,567.
fn en_grouped(n: i64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn summary(db: &TestDb) -> serde_json::Value {
    json(
        db,
        &["funding", "summary", "--province", "12", "--format", "json"],
    )
}

#[tokio::test]
async fn the_summary_and_the_refusals_of_the_money() {
    let db = TestDb::new().await;
    ok(&db, &["migrate"]);
    ok(&db, &["demo"]);
    let s = summary(&db);
    let decisions = s["decisions"].as_array().unwrap();
    assert_eq!(decisions.len(), 1);
    let d = &decisions[0];
    assert_eq!(d["number"], "2785/QĐ-UBND");
    let (allocated, contracted, paid) = (
        d["allocated_vnd"].as_i64().unwrap(),
        d["contracted_vnd"].as_i64().unwrap(),
        d["paid_vnd"].as_i64().unwrap(),
    );
    assert!(
        allocated >= contracted && contracted >= paid && paid > 0,
        "{d}"
    );
    // The country's summary holds the province's decision too.
    let country = json(&db, &["funding", "summary", "--format", "json"]);
    assert_eq!(country["decisions"][0]["allocated_vnd"], allocated);

    // A running contract with room left: one đồng more than the room is refused, in English.
    let contracts = json(
        &db,
        &[
            "funding",
            "contracts",
            "--province",
            "12",
            "--format",
            "json",
        ],
    );
    let c = contracts["contracts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["paid_vnd"].as_i64().unwrap() > 0)
        .unwrap()
        .clone();
    let id = c["id"].as_i64().unwrap().to_string();
    let room = c["value_vnd"].as_i64().unwrap() - c["paid_vnd"].as_i64().unwrap();
    let before = summary(&db);
    let too_much = (room + 1).to_string();
    let err = refused(
        &db,
        &[
            "--lang",
            "en",
            "funding",
            "pay",
            "--contract",
            &id,
            "--amount",
            &too_much,
            "--on",
            "2025-12-01",
        ],
    );
    assert!(err.contains("Nothing was saved"), "{err}");
    assert!(
        err.contains(&format!("{} đ", en_grouped(room))),
        "the room left: {err}"
    );
    // Bad amounts, in each language: negative, decimal, beyond i64.
    for (lang, amount, says) in [
        ("vi", "-5", "từ 1 đồng"),
        ("en", "1500.5", "whole đồng"),
        ("id", "99999999999999999999", "paling banyak"),
    ] {
        let err = refused(
            &db,
            &[
                "--lang",
                lang,
                "funding",
                "pay",
                "--contract",
                &id,
                "--amount",
                amount,
                "--on",
                "2025-12-01",
            ],
        );
        assert!(err.contains(says), "{lang}: {err}");
    }
    assert_eq!(summary(&db), before, "refusals change nothing");

    // The room itself fits exactly.
    let room_text = room.to_string();
    let paid_now = json(
        &db,
        &[
            "funding",
            "pay",
            "--contract",
            &id,
            "--amount",
            &room_text,
            "--on",
            "2025-12-01",
            "--kind",
            "settlement",
            "--format",
            "json",
        ],
    );
    assert_eq!(paid_now["paid_vnd"], paid_now["value_vnd"]);

    // A cancelled contract takes no payment.
    let other = contracts["contracts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["paid_vnd"].as_i64().unwrap() == 0)
        .unwrap()["id"]
        .as_i64()
        .unwrap()
        .to_string();
    ok(
        &db,
        &[
            "funding",
            "cancel",
            &other,
            "--reason",
            "Thử hủy",
            "--on",
            "2025-12-01",
        ],
    );
    let before = summary(&db);
    let err = refused(
        &db,
        &[
            "funding",
            "pay",
            "--contract",
            &other,
            "--amount",
            "1",
            "--on",
            "2025-12-01",
        ],
    );
    assert!(err.contains("đã bị hủy"), "{err}");
    assert_eq!(summary(&db), before);
}
