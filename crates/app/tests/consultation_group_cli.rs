//! `plantrack consultation group` as a script runs it (the contract of issue 15): JSON lines
//! in, `{"groups": [{"ids": [...]}]}` out, no database; bad input said with its line number,
//! nothing on standard output, a non-zero exit code.

// A test's helpers fail the test where they fail: unwrapping says where.
#![allow(clippy::unwrap_used)]

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use plantrack_domain::consultation::grouping::measure::pair_scores;
use plantrack_domain::consultation::grouping::synthetic::opinions;
use serde_json::{Value, json};

fn dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("plantrack-group-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn write_lines(path: &Path, lines: &[String]) {
    std::fs::write(path, lines.join("\n") + "\n").unwrap();
}

fn plantrack(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_plantrack"))
        .current_dir(dir)
        // No database may be touched: this one would not open.
        .env("PLANTRACK_DB", "sqlite:///nonexistent/dir/plantrack.db")
        .env("PLANTRACK_LANG", "en")
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn generated_opinions_come_back_grouped_by_their_subject() {
    let dir = dir();
    let set = opinions(300, 4);
    let lines: Vec<String> = set
        .iter()
        .map(|l| {
            let mut line = json!({"id": l.opinion.id, "text": l.opinion.text});
            if let Some(p) = l.opinion.point {
                line["lon"] = p.lon.into();
                line["lat"] = p.lat.into();
            }
            line.to_string()
        })
        .collect();
    write_lines(&dir.join("opinions.jsonl"), &lines);
    let out = plantrack(
        &dir,
        &[
            "consultation",
            "group",
            "opinions.jsonl",
            "--format",
            "json",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let groups = report["groups"].as_array().unwrap();
    // Every id exactly once; groups largest first; ids in input order.
    let position: HashMap<&str, usize> = set
        .iter()
        .enumerate()
        .map(|(i, l)| (l.opinion.id.as_str(), i))
        .collect();
    let mut seen = vec![false; set.len()];
    let mut members: Vec<Vec<usize>> = Vec::new();
    for g in groups {
        assert_eq!(g.as_object().unwrap().len(), 1, "{g}");
        let ids: Vec<usize> = g["ids"]
            .as_array()
            .unwrap()
            .iter()
            .map(|id| position[id.as_str().unwrap()])
            .collect();
        assert!(ids.windows(2).all(|w| w[0] < w[1]), "{ids:?}");
        for &i in &ids {
            assert!(!seen[i], "{i} twice");
            seen[i] = true;
        }
        members.push(ids);
    }
    assert!(seen.iter().all(|s| *s));
    assert!(members.windows(2).all(|w| w[0].len() >= w[1].len()));
    let labels: Vec<usize> = set.iter().map(|l| l.topic).collect();
    let scores = pair_scores(&members, &labels);
    assert!(
        scores.precision >= 0.9 && scores.recall >= 0.8,
        "{scores:?}"
    );

    // A threshold of 1 leaves only identical opinions together: more groups.
    let strict = plantrack(
        &dir,
        &[
            "consultation",
            "group",
            "opinions.jsonl",
            "--format",
            "json",
            "--threshold",
            "0.9",
        ],
    );
    let strict: Value = serde_json::from_slice(&strict.stdout).unwrap();
    assert!(strict["groups"].as_array().unwrap().len() > groups.len());

    // The text format: a summary, each group's size and a representative text.
    let text = plantrack(&dir, &["consultation", "group", "opinions.jsonl"]);
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(
        text.starts_with(&format!("300 opinions in {} groups", groups.len())),
        "{text}"
    );
    assert!(text.contains("Group 1: "), "{text}");
}

#[test]
fn standard_input_and_numeric_ids() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_plantrack"))
        .env("PLANTRACK_DB", "sqlite:///nonexistent/dir/plantrack.db")
        .args(["consultation", "group", "-", "--format", "json"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(
            "{\"id\": 7, \"text\": \"Giữ chợ ở trung tâm xã\"}\n\n\
             {\"id\": \"b\", \"text\": \"giu cho o trung tam xa\", \"lon\": 103.45, \"lat\": 22.4}\n\
             {\"id\": 9, \"text\": \"Giá đền bù quá thấp\"}\n"
                .as_bytes(),
        )
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report, json!({"groups": [{"ids": [7, "b"]}, {"ids": [9]}]}));
}

#[test]
fn bad_input_is_refused_with_its_line_and_nothing_printed() {
    let dir = dir();
    let good = r#"{"id": "1", "text": "Giữ chợ ở trung tâm"}"#;
    let cases: [(&str, &str, &str); 7] = [
        (
            "not-json.jsonl",
            "not json at all",
            "line 2: not valid JSON",
        ),
        (
            "array.jsonl",
            "[1, 2]",
            "line 2: each line must be one opinion",
        ),
        (
            "no-id.jsonl",
            r#"{"text": "Nước sạch"}"#,
            "line 2: the opinion has no \"id\"",
        ),
        (
            "no-text.jsonl",
            r#"{"id": "2"}"#,
            "line 2: the opinion has no \"text\"",
        ),
        (
            "duplicate.jsonl",
            r#"{"id": "1", "text": "Nước sạch"}"#,
            "line 2: the id 1 was already given on line 1",
        ),
        (
            "half-point.jsonl",
            r#"{"id": "2", "text": "Nước sạch", "lon": 103.4}"#,
            "line 2: \"lon\" and \"lat\" must be given together",
        ),
        ("empty.jsonl", "", "there is no opinion to group"),
    ];
    for (file, second, said) in cases {
        let lines = if second.is_empty() {
            Vec::new()
        } else {
            vec![good.to_owned(), second.to_owned()]
        };
        std::fs::write(dir.join(file), lines.join("\n")).unwrap();
        let out = plantrack(&dir, &["consultation", "group", file, "--format", "json"]);
        assert_eq!(out.status.code(), Some(1), "{file}");
        assert!(out.stdout.is_empty(), "{file}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains(file) && stderr.contains(said),
            "{file}: {stderr}"
        );
    }
    // A missing file, and the message in Vietnamese.
    let out = Command::new(env!("CARGO_BIN_EXE_plantrack"))
        .current_dir(&dir)
        .args(["--lang", "vi", "consultation", "group", "missing.jsonl"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("missing.jsonl: không đọc được"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = Command::new(env!("CARGO_BIN_EXE_plantrack"))
        .current_dir(&dir)
        .args(["--lang", "vi", "consultation", "group", "no-id.jsonl"])
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("no-id.jsonl, dòng 2: ý kiến không có \"id\""),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
