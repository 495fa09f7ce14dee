//! Grouping a round's opinions and moderating its public page from the command line (issue
//! 15, items 5 and 3), on the demo: `consultation regroup` gives the same groups as
//! `consultation group` on the same texts; `merge` and `split` are kept by the next
//! `regroup`; `group-answer` answers every opinion of a group; `moderation` lists Mường Kim's
//! queue and `accept`, `reject` decide, while publishing a rejected opinion fails, says why and
//! stores nothing. Every command with `--format json`.

// A test's helpers fail the test where they fail: unwrapping says where.
#![allow(clippy::unwrap_used, clippy::print_stderr)]

use std::collections::BTreeSet;
use std::process::{Command, Output};

use plantrack_store::testing::TestDb;
use serde_json::{Value, json};

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

fn json_of(db: &TestDb, args: &[&str]) -> Value {
    serde_json::from_str(&ok(db, args)).expect("JSON")
}

/// Fails, says why on standard error.
fn refused(db: &TestDb, args: &[&str]) -> String {
    let out = run(db, args);
    assert!(!out.status.success(), "plantrack {args:?} should fail");
    String::from_utf8(out.stderr).unwrap()
}

async fn demo() -> TestDb {
    let db = TestDb::new().await;
    ok(&db, &["migrate"]);
    ok(&db, &["demo"]);
    db
}

/// The groups as sets of opinion ids.
fn groups_of(v: &Value) -> BTreeSet<BTreeSet<i64>> {
    v["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            g["opinions"]
                .as_array()
                .unwrap()
                .iter()
                .map(|x| x.as_i64().unwrap())
                .collect()
        })
        .collect()
}

fn group_with(v: &Value, id: i64) -> BTreeSet<i64> {
    groups_of(v)
        .into_iter()
        .find(|g| g.contains(&id))
        .unwrap_or_else(|| panic!("{id} is in no group: {v}"))
}

#[tokio::test]
async fn an_officer_regroups_corrects_and_answers_groups_from_the_command_line() {
    let db = demo().await;
    let list = json_of(&db, &["consultation", "list", "--format", "json"]);
    // The demo's round with the most residents' opinions.
    let round = list["consultations"]
        .as_array()
        .unwrap()
        .iter()
        .max_by_key(|r| r["opinions"].as_i64().unwrap())
        .unwrap()["id"]
        .as_i64()
        .unwrap()
        .to_string();
    let sheet = json_of(&db, &["consultation", "show", &round, "--format", "json"]);
    let opinions = sheet["opinions"].as_array().unwrap();
    assert!(opinions.len() >= 20, "{} opinions", opinions.len());

    // The round's groups are those `consultation group` makes of the same texts.
    let g = json_of(
        &db,
        &["consultation", "regroup", &round, "--format", "json"],
    );
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("opinions.jsonl");
    let lines: Vec<String> = opinions
        .iter()
        .map(|o| json!({"id": o["id"], "text": o["text"]}).to_string())
        .collect();
    std::fs::write(&file, lines.join("\n")).unwrap();
    let from_file = json_of(
        &db,
        &[
            "consultation",
            "group",
            file.to_str().unwrap(),
            "--format",
            "json",
        ],
    );
    let file_groups: BTreeSet<BTreeSet<i64>> = from_file["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| {
            x["ids"]
                .as_array()
                .unwrap()
                .iter()
                .map(|i| i.as_i64().unwrap())
                .collect()
        })
        .collect();
    assert_eq!(groups_of(&g), file_groups);
    let all: BTreeSet<i64> = opinions.iter().map(|o| o["id"].as_i64().unwrap()).collect();
    assert_eq!(
        groups_of(&g)
            .iter()
            .flatten()
            .copied()
            .collect::<BTreeSet<_>>(),
        all
    );
    assert_eq!(
        (g["together"].clone(), g["apart"].clone()),
        (json!(0), json!(0))
    );
    let table = ok(&db, &["consultation", "regroup", &round]);
    assert!(table.contains("Nhóm 1:"), "{table}");

    // Merge the two largest groups; take an opinion out of the result.
    let arr = g["groups"].as_array().unwrap();
    assert!(arr.len() >= 2, "{g}");
    let (a, b) = (
        arr[0]["representative"].as_i64().unwrap(),
        arr[1]["representative"].as_i64().unwrap(),
    );
    let merged = json_of(
        &db,
        &[
            "consultation",
            "merge",
            &round,
            &a.to_string(),
            &b.to_string(),
            "--format",
            "json",
        ],
    );
    let joined = group_with(&merged, a);
    assert!(joined.contains(&b), "{merged}");
    let out = *joined.iter().find(|x| **x != a && **x != b).unwrap();
    let split = json_of(
        &db,
        &[
            "consultation",
            "split",
            &round,
            &out.to_string(),
            "--format",
            "json",
        ],
    );
    assert!(!group_with(&split, out).contains(&a), "{split}");
    // Both kept: the next grouping respects them.
    let again = json_of(
        &db,
        &["consultation", "regroup", &round, "--format", "json"],
    );
    assert!(group_with(&again, a).contains(&b), "{again}");
    assert!(!group_with(&again, out).contains(&a), "{again}");
    assert!(again["together"].as_u64().unwrap() > 0 && again["apart"].as_u64().unwrap() > 0);
    // Merging a group with itself fails and says why.
    let said = refused(
        &db,
        &[
            "consultation",
            "merge",
            &round,
            &a.to_string(),
            &b.to_string(),
        ],
    );
    assert!(said.contains("đã ở cùng một nhóm"), "{said}");

    // The merged group answered at once: each opinion has its own answer.
    let ids: Vec<String> = group_with(&again, a)
        .iter()
        .map(ToString::to_string)
        .collect();
    let answered = json_of(
        &db,
        &[
            "consultation",
            "group-answer",
            &round,
            "--opinions",
            &ids.join(","),
            "--topic",
            "land_use",
            "--response",
            "explained",
            "--text",
            "Giữ theo phương án quy hoạch (thử)",
            "--format",
            "json",
        ],
    );
    let answered = answered["opinions"].as_array().unwrap();
    assert_eq!(answered.len(), ids.len());
    for o in answered {
        let last = o["answers"].as_array().unwrap().last().unwrap().clone();
        assert_eq!(last["opinion_id"], o["id"]);
        assert_eq!(last["text"], "Giữ theo phương án quy hoạch (thử)");
    }
    // An unknown topic fails, and nothing is answered.
    let before = ok(&db, &["consultation", "show", &round, "--format", "json"]);
    let said = refused(
        &db,
        &[
            "consultation",
            "group-answer",
            &round,
            "--opinions",
            &ids.join(","),
            "--topic",
            "weather",
            "--response",
            "explained",
            "--text",
            "x",
        ],
    );
    assert!(said.contains("weather"), "{said}");
    assert_eq!(
        ok(&db, &["consultation", "show", &round, "--format", "json"]),
        before
    );
}

#[tokio::test]
async fn an_officer_moderates_the_public_page_from_the_command_line() {
    let db = demo().await;
    let list = json_of(
        &db,
        &[
            "consultation",
            "list",
            "--unit",
            "03637",
            "--format",
            "json",
        ],
    );
    let mut ids: Vec<String> = list["consultations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_i64().unwrap().to_string())
        .collect();
    ids.sort();
    // The online round: the one with a queue.
    let (round, queue) = ids
        .iter()
        .find_map(|id| {
            // A round without a public page has no queue: not found.
            let out = run(&db, &["consultation", "moderation", id, "--format", "json"]);
            let q: Value = serde_json::from_slice(&out.stdout).ok()?;
            (out.status.success() && !q["items"].as_array()?.is_empty()).then(|| (id.clone(), q))
        })
        .expect("a round with public opinions");
    let items = queue["items"].as_array().unwrap();
    let state = |i: &Value| i["state"].as_str().unwrap().to_owned();
    assert_eq!(state(&items[0]), "pending", "waiting ones first: {queue}");
    assert!(items.iter().any(|i| state(i) == "published"));
    let rejected = items
        .iter()
        .find(|i| state(i) == "rejected")
        .expect("the demo's rejected advertisement")["opinion"]["id"]
        .as_i64()
        .unwrap()
        .to_string();
    let pending: Vec<String> = items
        .iter()
        .filter(|i| state(i) == "pending")
        .map(|i| i["opinion"]["id"].as_i64().unwrap().to_string())
        .collect();
    assert!(pending.len() >= 2, "{queue}");
    let text = ok(&db, &["consultation", "moderation", &round]);
    assert!(
        text.contains(&format!("#{} [pending]", pending[0])),
        "{text}"
    );

    // Accept plantrack's redactions: the proposed copy is published.
    let accepted = json_of(
        &db,
        &[
            "consultation",
            "moderation",
            "accept",
            &pending[0],
            "--format",
            "json",
        ],
    );
    assert_eq!(accepted["state"], "published");
    assert_eq!(accepted["redacted_text"], accepted["proposed_text"]);
    assert_eq!(accepted["redacted_by"], "operator");
    let rejected_now = json_of(
        &db,
        &[
            "consultation",
            "moderation",
            "reject",
            &pending[1],
            "--reason",
            "Quảng cáo (thử)",
            "--format",
            "json",
        ],
    );
    assert_eq!(rejected_now["state"], "rejected");

    // Publishing a rejected opinion fails, says why, and changes nothing.
    let before = ok(
        &db,
        &["consultation", "moderation", &round, "--format", "json"],
    );
    let said = refused(
        &db,
        &[
            "consultation",
            "moderation",
            "publish",
            &rejected,
            "--text",
            "Bản sửa (thử)",
        ],
    );
    assert!(!said.trim().is_empty());
    let said = refused(
        &db,
        &[
            "consultation",
            "moderation",
            "reject",
            &pending[0],
            "--reason",
            " ",
        ],
    );
    assert!(!said.trim().is_empty());
    assert_eq!(
        ok(
            &db,
            &["consultation", "moderation", &round, "--format", "json"]
        ),
        before
    );
}
