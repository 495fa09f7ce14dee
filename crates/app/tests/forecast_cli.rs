//! `plantrack forecast` as a user runs it, on the demo: the contract's JSON, the meeting's
//! target, the communes that will miss it, the backtest's scores, and clear refusals.

// A test's helpers fail the test where they fail: unwrapping says where.
#![allow(clippy::unwrap_used, clippy::print_stderr)]

use std::process::{Command, Output};

use plantrack_store::testing::TestDb;
use serde_json::Value;

fn run(db: &TestDb, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_plantrack"))
        .args(["--db", &db.url])
        .args(args)
        .output()
        .expect("run plantrack")
}

fn json(db: &TestDb, args: &[&str]) -> Value {
    let out = run(db, args);
    assert!(
        out.status.success(),
        "plantrack {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[tokio::test]
async fn the_forecast_of_the_meeting_day_in_json_and_its_refusals() {
    let db = TestDb::new().await;
    assert!(run(&db, &["migrate"]).status.success());
    assert!(run(&db, &["demo"]).status.success());
    let args = [
        "forecast",
        "--as-of",
        "2025-11-25",
        "--province",
        "12",
        "--plan-type",
        "commune_general",
        "--simulations",
        "2000",
        "--format",
        "json",
    ];
    let f = json(&db, &args);
    // The meeting's directive: general plans finished in the first quarter of 2026.
    assert_eq!(f["target"], "2026-03-31");
    assert_eq!(f["target_from"], "directive");
    let dossiers = f["dossiers"].as_array().unwrap();
    assert_eq!(dossiers.len(), 34, "the campaign's 34 communes");
    for d in dossiers {
        for key in [
            "dossier",
            "unit_code",
            "stage",
            "p_meet_target",
            "p10",
            "p50",
            "p90",
        ] {
            assert!(!d[key].is_null(), "{key} in {d}");
        }
        let p = d["p_meet_target"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&p));
        let (p10, p50, p90) = (
            d["p10"].as_str().unwrap(),
            d["p50"].as_str().unwrap(),
            d["p90"].as_str().unwrap(),
        );
        // YYYY-MM-DD compares as dates.
        assert!(p10.len() == 10 && "2025-11-25" < p10 && p10 <= p50 && p50 <= p90);
    }
    // Least likely first: the five held on the plateau (still choosing a consultant) lead.
    let first: Vec<&str> = dossiers[..5]
        .iter()
        .map(|d| d["stage"].as_str().unwrap())
        .collect();
    assert_eq!(first, ["consultant_selection"; 5]);
    let likely = |stage: &str| {
        dossiers
            .iter()
            .filter(|d| d["stage"] == stage)
            .map(|d| d["p_meet_target"].as_f64().unwrap())
            .fold(f64::NAN, f64::max)
    };
    assert!(likely("consultant_selection") < 0.2);
    assert!(likely("plan_appraisal") > 0.5);
    // Same seed, same numbers.
    assert_eq!(json(&db, &args), f);

    let b = json(
        &db,
        &[
            "forecast",
            "backtest",
            "--from",
            "2025-10-15",
            "--to",
            "2025-11-25",
            "--province",
            "12",
            "--simulations",
            "500",
            "--format",
            "json",
        ],
    );
    assert!(
        b["brier"]
            .as_f64()
            .is_some_and(|x| (0.0..=1.0).contains(&x))
    );
    assert_eq!(b["calibration"].as_array().unwrap().len(), 10);

    for (bad, says) in [
        (
            vec!["forecast", "--as-of", "2025-01-01"],
            "trước khi có dữ liệu",
        ),
        (vec!["forecast", "--as-of", "2099-01-01"], "sau hôm nay"),
        (
            vec![
                "forecast",
                "--as-of",
                "2025-11-25",
                "--target",
                "2031-01-01",
            ],
            "quá xa",
        ),
        (
            vec![
                "forecast",
                "backtest",
                "--from",
                "2025-11-25",
                "--to",
                "2025-10-01",
            ],
            "phải sau ngày bắt đầu",
        ),
    ] {
        let out = run(&db, &bad);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{bad:?} succeeded");
        assert!(err.contains(says), "{bad:?}: {err}");
    }
    let out = run(&db, &["--lang", "en", "forecast", "--as-of", "2025-01-01"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("before the data begins"));
}
