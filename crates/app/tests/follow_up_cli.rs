//! The follow-up loop as a user runs it from the command line (issue 13): the demo's meeting
//! of 25/11/2025, its directives' tasks as of a day, the blockers in the progress report, and
//! a bad directive refused in the reader's language with a failing exit code.

// A test's helpers fail the test where they fail: unwrapping says where.
#![allow(clippy::unwrap_used, clippy::print_stderr)]

use std::collections::BTreeMap;
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

#[tokio::test]
async fn the_demo_meeting_gives_each_commune_preparing_its_task_one_due_that_friday() {
    let db = TestDb::new().await;
    assert!(run(&db, &["migrate"]).status.success());
    assert!(run(&db, &["demo"]).status.success());

    let meetings = json(&db, &["meeting", "list", "--format", "json"]);
    let meetings = meetings["meetings"].as_array().unwrap();
    // The review of 25/11/2025, closed, and the next of its fortnightly series, prepared
    // when it closed (latest first).
    assert_eq!(meetings.len(), 2);
    assert_eq!(meetings[1]["held_on"], "2025-11-25");
    assert_eq!(meetings[1]["state"], "closed");
    assert_eq!(meetings[1]["recurrence"]["every_days"], 14);
    assert_eq!(meetings[0]["held_on"], "2025-12-09");
    assert_eq!(meetings[0]["state"], "draft");

    let listed = json(
        &db,
        &["task", "list", "--as-of", "2025-12-01", "--format", "json"],
    );
    let tasks = listed["tasks"].as_array().unwrap();
    for t in tasks {
        for field in ["id", "directive", "assignee", "due_on", "status"] {
            assert!(!t[field].is_null(), "{field} missing in {t}");
        }
    }
    // The directive on the planning-task dossiers: the 8 communes preparing their task, one
    // task each, due Friday 28/11/2025.
    let this_week: Vec<&serde_json::Value> = tasks
        .iter()
        .filter(|t| t["due_on"] == "2025-11-28")
        .collect();
    assert_eq!(this_week.len(), 8);
    let directive = &this_week[0]["directive"];
    assert!(this_week.iter().all(|t| &t["directive"] == directive));
    let units: std::collections::BTreeSet<&str> = this_week
        .iter()
        .map(|t| t["unit_code"].as_str().unwrap())
        .collect();
    assert_eq!(units.len(), 8);
    // Three reported in time; by 01/12 the other five are late.
    let statuses: BTreeMap<&str, usize> = this_week.iter().fold(BTreeMap::new(), |mut m, t| {
        *m.entry(t["status"].as_str().unwrap()).or_default() += 1;
        m
    });
    assert_eq!(statuses, BTreeMap::from([("done", 3), ("late", 5)]));
    // The plans by Q1 2026, one per campaign commune; the departments' within 10 working days.
    assert_eq!(
        tasks.iter().filter(|t| t["due_on"] == "2026-03-31").count(),
        34
    );
    assert!(
        tasks
            .iter()
            .any(|t| t["due_on"] == "2025-12-09" && t["unit_code"].is_null())
    );

    // --overdue and --unit narrow the list; before the meeting there was nothing.
    let overdue = json(
        &db,
        &[
            "task",
            "list",
            "--as-of",
            "2025-12-01",
            "--overdue",
            "--format",
            "json",
        ],
    );
    assert!(
        overdue["tasks"]
            .as_array()
            .unwrap()
            .iter()
            .all(|t| t["status"] == "late")
    );
    let one = json(
        &db,
        &[
            "task",
            "list",
            "--as-of",
            "2025-12-01",
            "--unit",
            "03445",
            "--format",
            "json",
        ],
    );
    assert!(
        one["tasks"]
            .as_array()
            .unwrap()
            .iter()
            .all(|t| t["unit_code"] == "03445")
    );
    let before = json(
        &db,
        &["task", "list", "--as-of", "2025-11-24", "--format", "json"],
    );
    assert!(before["tasks"].as_array().unwrap().is_empty());

    // The progress report groups a stage by what holds it back: on 10/11 the 5 plateau
    // communes waited for the National Tourism Area directive, lifted on 14/11.
    let stage_blockers = |day: &str| -> Vec<serde_json::Value> {
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
            .filter(|s| s["stage"] == "consultant_selection")
            .map(|s| s["blockers"].clone())
            .collect()
    };
    assert_eq!(
        stage_blockers("2025-11-10"),
        [serde_json::json!([{"category": "higher_plan", "count": 5}])]
    );
    assert_eq!(stage_blockers("2025-11-25"), [serde_json::json!([])]);

    // A directive due before its meeting is refused, in Vietnamese, with a failing exit code,
    // and no task is added.
    let refused = run(
        &db,
        &[
            "meeting",
            "direct",
            "1",
            "--text",
            "Thử",
            "--due",
            "20/11/2025",
            "--to",
            "departments",
        ],
    );
    assert!(!refused.status.success());
    let message = String::from_utf8_lossy(&refused.stderr);
    assert!(message.contains("20/11/2025"), "{message}");
    let after = json(
        &db,
        &["task", "list", "--as-of", "2025-12-01", "--format", "json"],
    );
    assert_eq!(after["tasks"].as_array().unwrap().len(), tasks.len());
    // The history check covers the follow-up chain.
    assert!(run(&db, &["audit", "verify"]).status.success());
}

#[tokio::test]
async fn the_demo_status_call_lists_answers_late_ones_and_the_silent_communes() {
    let db = TestDb::new().await;
    assert!(run(&db, &["migrate"]).status.success());
    assert!(run(&db, &["demo"]).status.success());

    let calls = json(&db, &["status-call", "list", "--format", "json"]);
    let calls = calls["status_calls"].as_array().unwrap();
    assert_eq!(calls.len(), 1);
    assert_eq!(calls[0]["asked_on"], "2025-11-18");
    assert_eq!(calls[0]["due_on"], "2025-11-21");
    let id = calls[0]["id"].to_string();
    let sheet = json(&db, &["status-call", "show", &id, "--format", "json"]);
    let replies = sheet["replies"].as_array().unwrap();
    // Every commune of the campaign was asked.
    assert_eq!(replies.len(), 34);
    let by_unit = |unit: &str| {
        replies
            .iter()
            .find(|r| r["unit_code"] == unit)
            .unwrap_or_else(|| panic!("{unit} not asked"))
    };
    // Nậm Hàng answered on time with the stage plantrack held; Sìn Hồ answered late, saying
    // it was preparing its task while plantrack still had it choosing its consultant.
    let nam_hang = by_unit("03434");
    assert_eq!(nam_hang["state"], "answered");
    assert_eq!(nam_hang["check"], "matches");
    assert_eq!(nam_hang["report"]["blocker"], "sectoral_information");
    let sin_ho = by_unit("03478");
    assert_eq!(sin_ho["state"], "answered_late");
    assert_eq!(sin_ho["check"], "differs");
    assert_eq!(sin_ho["stage_recorded"], "consultant_selection");
    // The rest did not answer.
    assert_eq!(
        replies.iter().filter(|r| r["state"] == "missing").count(),
        31
    );

    // A stage the campaign's plans do not have is refused, in Vietnamese, exit non-zero.
    let organisation = nam_hang["organisation_id"].to_string();
    let refused = run(
        &db,
        &[
            "status-call",
            "answer",
            &id,
            "--organisation",
            &organisation,
            "--stage",
            "khong_co",
        ],
    );
    assert!(!refused.status.success());
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(said.contains("không phải là một bước"), "{said}");
}
