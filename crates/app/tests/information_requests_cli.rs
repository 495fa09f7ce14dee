//! Sectoral information requests as a user runs them from the command line (issue 13, item
//! 4): the demo's requests as of a day, the departments' turnaround, the open ones holding
//! the plateau communes back in the progress report, a request asked and answered, and
//! refusals in the reader's language with a failing exit code that change nothing.

// A test's helpers fail the test where they fail: unwrapping says where.
#![allow(clippy::unwrap_used, clippy::print_stderr)]

use std::process::{Command, Output};

use plantrack_store::testing::TestDb;

fn run(db: &TestDb, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_plantrack"))
        .args(["--db", &db.url])
        .args(args)
        .output()
        .expect("run plantrack")
}

fn json(db: &TestDb, args: &[&str]) -> serde_json::Value {
    let out = run(db, args);
    assert!(
        out.status.success(),
        "plantrack {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON")
}

fn requests(v: &serde_json::Value) -> Vec<serde_json::Value> {
    v["requests"].as_array().unwrap().clone()
}

#[tokio::test]
async fn the_demo_requests_show_each_departments_turnaround_and_hold_dossiers_back() {
    let db = TestDb::new().await;
    assert!(run(&db, &["migrate"]).status.success());
    assert!(run(&db, &["demo"]).status.success());

    // On 20/12/2025: 6 requests; Agriculture and Environment's 5 were due 11/12.
    let all = json(
        &db,
        &[
            "request",
            "list",
            "--as-of",
            "2025-12-20",
            "--format",
            "json",
        ],
    );
    let all = requests(&all);
    assert_eq!(all.len(), 6);
    for r in &all {
        for field in [
            "id",
            "unit_code",
            "department",
            "topics",
            "asked_on",
            "due_on",
            "state",
        ] {
            assert!(!r[field].is_null(), "{field} missing in {r}");
        }
    }
    let overdue = json(
        &db,
        &[
            "request",
            "list",
            "--as-of",
            "2025-12-20",
            "--overdue",
            "--format",
            "json",
        ],
    );
    let mut units: Vec<String> = requests(&overdue)
        .iter()
        .map(|r| r["unit_code"].as_str().unwrap().to_owned())
        .collect();
    units.sort();
    assert_eq!(units, ["03487", "03517", "03532"]);
    let explained = json(
        &db,
        &["request", "list", "--unit", "03532", "--format", "json"],
    );
    assert_eq!(requests(&explained)[0]["state"], "delay_explained");
    assert_eq!(requests(&explained)[0]["expected_on"], "2025-12-26");

    let turnaround = json(
        &db,
        &[
            "request",
            "turnaround",
            "--as-of",
            "2025-12-20",
            "--format",
            "json",
        ],
    );
    let departments = turnaround["departments"].as_array().unwrap();
    let nnmt = departments
        .iter()
        .find(|d| d["department"] == "Sở Nông nghiệp và Môi trường tỉnh Lai Châu")
        .unwrap();
    // Answered in 9 and 19 days; 4 of 5 late (one answered late, three open past due).
    assert_eq!(nnmt["turnaround"]["count"], 5);
    assert_eq!(nnmt["turnaround"]["answered"], 2);
    assert_eq!(nnmt["turnaround"]["median_days"], 14.0);
    assert_eq!(nnmt["turnaround"]["share_late"], 0.8);
    let culture = departments
        .iter()
        .find(|d| d["department"] == "Sở Văn hóa, Thể thao và Du lịch tỉnh Lai Châu")
        .unwrap();
    assert_eq!(culture["turnaround"]["median_days"], 7.0);
    assert_eq!(culture["turnaround"]["late"], 0);

    // The table speaks Vietnamese with dd/mm/yyyy dates.
    let table = run(&db, &["request", "list", "--as-of", "2025-12-20"]);
    let table = String::from_utf8_lossy(&table.stdout);
    assert!(table.contains("26/11/2025"), "{table}");
    assert!(table.contains("quá hạn, chưa trả lời"), "{table}");

    // The open requests hold the plateau communes back in the progress report.
    let sectoral = |day: &str| -> u64 {
        let report = json(
            &db,
            &[
                "progress",
                "--province",
                "12",
                "--as-of",
                day,
                "--plan-type",
                "commune_general",
                "--format",
                "json",
            ],
        );
        report["stages"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|s| s["blockers"].as_array().unwrap().clone())
            .filter(|b| b["category"] == "sectoral_information")
            .map(|b| b["count"].as_u64().unwrap())
            .sum()
    };
    assert_eq!(sectoral("2025-11-25"), 0);
    assert_eq!(sectoral("2025-12-02"), 6);
    assert_eq!(sectoral("2025-12-20"), 3);

    // A due date before the request is refused in Vietnamese; nothing is added.
    let dossier = json(
        &db,
        &["dossier", "list", "--unit", "03598", "--format", "json"],
    );
    let dossier_id = dossier[0]["dossier_id"].to_string();
    let organisations = |name: &str| -> String {
        let all = json(&db, &["user", "organisations", "--format", "json"]);
        all.as_array()
            .unwrap()
            .iter()
            .find(|o| o["name"] == name)
            .map(|o| o["id"].to_string())
            .unwrap()
    };
    let department = organisations("Bộ Chỉ huy Quân sự tỉnh Lai Châu");
    let requester = organisations("UBND xã Tân Uyên");
    let ask = |due: &str| {
        run(
            &db,
            &[
                "request",
                "ask",
                "--department",
                &department,
                "--requester",
                &requester,
                "--dossier",
                &dossier_id,
                "--topic",
                "defence_land",
                "--text",
                "Đề nghị cung cấp ranh giới đất quốc phòng (thử)",
                "--due",
                due,
            ],
        )
    };
    let refused = ask("2025-01-01");
    assert!(!refused.status.success());
    let message = String::from_utf8_lossy(&refused.stderr);
    assert!(message.contains("01/01/2025"), "{message}");
    assert!(message.contains("Hạn trả lời"), "{message}");
    let count = || requests(&json(&db, &["request", "list", "--format", "json"])).len();
    assert_eq!(count(), 6);
    let asked = ask("2099-12-31");
    assert!(
        asked.status.success(),
        "{}",
        String::from_utf8_lossy(&asked.stderr)
    );
    assert_eq!(count(), 7);
    // Answering an answered request is refused; answering the new one is recorded.
    let answered = all
        .iter()
        .find(|r| r["state"] == "answered")
        .map(|r| r["id"].to_string())
        .unwrap();
    let again = run(
        &db,
        &["request", "answer", &answered, "--document", "CV (thử)"],
    );
    assert!(!again.status.success());
    assert!(
        String::from_utf8_lossy(&again.stderr).contains("đã trả lời"),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
    let new_id = requests(&json(
        &db,
        &[
            "request", "list", "--unit", "03598", "--open", "--format", "json",
        ],
    ))[0]["id"]
        .to_string();
    let empty = run(&db, &["request", "answer", &new_id]);
    assert!(!empty.status.success());
    assert!(
        run(
            &db,
            &[
                "request",
                "answer",
                &new_id,
                "--document",
                "Công văn 12/BCH (thử)"
            ]
        )
        .status
        .success()
    );
    // The history check covers the requests' events.
    assert!(run(&db, &["audit", "verify"]).status.success());
}
