//! `plantrack serve --demo` as a newcomer starts it: the first lines on stdout say where to
//! open it, the demo's day and meeting, the accounts by role and their password, with no
//! terminal colour codes in a pipe; every page defaults to the demo's day (15/12/2025, after
//! the 25/11/2025 meeting), not the machine's, and `--demo-today` moves it. On both backends.

// A test's helpers fail the test where they fail: unwrapping says where.
#![allow(clippy::unwrap_used, clippy::print_stderr)]

mod common;

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use common::pages::{page, sign_in, text};
use plantrack_store::Planning;
use plantrack_store::testing::TestDb;

/// A `plantrack serve --demo` process, stopped when dropped.
struct DemoServer {
    child: Child,
    base: String,
    /// The lines it printed on stdout up to the banner's closing rule.
    banner: Vec<String>,
}

impl DemoServer {
    async fn start(db: &TestDb, documents: &std::path::Path, extra: &[&str]) -> DemoServer {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .unwrap()
            .port();
        let mut child = Command::new(env!("CARGO_BIN_EXE_plantrack"))
            .args(["serve", "--demo", "--addr", &format!("127.0.0.1:{port}")])
            .args(["--db", &db.url, "--documents"])
            .arg(documents)
            .args(extra)
            .env_remove("PLANTRACK_LOG")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start plantrack serve --demo");
        let stdout = child.stdout.take().unwrap();
        let banner = tokio::task::spawn_blocking(move || {
            let mut lines = Vec::new();
            for line in BufReader::new(stdout).lines() {
                let line = line.unwrap();
                let done = !lines.is_empty() && line.starts_with("====");
                lines.push(line);
                if done {
                    break;
                }
            }
            lines
        })
        .await
        .unwrap();
        let server = DemoServer {
            child,
            base: format!("http://127.0.0.1:{port}"),
            banner,
        };
        let client = reqwest::Client::new();
        for _ in 0..300 {
            if let Ok(r) = client.get(format!("{}/healthz", server.base)).send().await
                && r.status().is_success()
            {
                return server;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("plantrack serve --demo did not answer within 30 s");
    }

    /// The password the banner prints.
    fn password(&self) -> String {
        let line = self
            .banner
            .iter()
            .find(|l| l.starts_with("Mật khẩu"))
            .unwrap_or_else(|| panic!("no password in {:?}", self.banner));
        line.rsplit(": ").next().unwrap().trim().to_owned()
    }

    /// Stops the server; what it wrote on stderr.
    fn stop(mut self) -> String {
        let _ = self.child.kill();
        let mut err = String::new();
        self.child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut err)
            .unwrap();
        let _ = self.child.wait();
        err
    }
}

impl Drop for DemoServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The largest "trễ N ngày" on a page.
fn most_days_late(words: &str) -> i64 {
    words
        .split("trễ ")
        .skip(1)
        .filter_map(|rest| rest.split(' ').next()?.replace('.', "").parse().ok())
        .max()
        .unwrap_or(0)
}

#[tokio::test]
async fn the_demo_starts_with_its_banner_and_tells_the_meetings_story_on_its_day() {
    let db = TestDb::new().await;
    Planning::migrate(&db.url).await.unwrap();
    let documents = tempfile::tempdir().unwrap();
    let server = DemoServer::start(&db, documents.path(), &[]).await;
    let banner = server.banner.join("\n");
    assert!(server.banner[0].contains("DEMO"), "{banner}");
    for expected in [
        server.base.as_str(),
        "15/12/2025",
        "25/11/2025",
        "--demo-today",
        "Lãnh đạo UBND tỉnh: lanhdao",
        "Quản trị viên: admin",
        "xa-03390",
    ] {
        assert!(banner.contains(expected), "{expected:?} not in\n{banner}");
    }
    assert!(
        !banner.contains('\x1b'),
        "colour codes on stdout:\n{banner}"
    );
    let password = server.password();
    assert!(password.len() >= 12, "{password:?}");

    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let cookie = sign_in(&client, &server.base, "lanhdao", &password).await;
    let (status, html) = page(&client, &server.base, &cookie, "/provinces/12").await;
    assert_eq!(status, reqwest::StatusCode::OK);
    assert!(
        html.contains("15/12/2025"),
        "the dashboard is as of the demo's day"
    );
    let words = text(&html);
    let late = most_days_late(&words);
    assert!(late > 0, "the demo has late dossiers: {words}");
    // The demo's oldest stage began in 2025: three weeks after the meeting no dossier is a
    // year late, as it would be by the machine's date.
    assert!(late < 300, "a dossier {late} days late on the demo's day");

    let stderr = server.stop();
    assert!(
        !stderr.contains('\x1b'),
        "colour codes in a pipe:\n{stderr}"
    );
    assert!(
        stderr.lines().count() < 15,
        "start-up logs are concise:\n{stderr}"
    );

    // Started again on the same database, on another day: the accounts exist, so the
    // password is not known any more, and the pages move to that day.
    let again = DemoServer::start(&db, documents.path(), &["--demo-today", "2025-11-26"]).await;
    let banner = again.banner.join("\n");
    assert!(banner.contains("26/11/2025"), "{banner}");
    assert!(banner.contains("lần chạy đầu tiên"), "{banner}");
    let cookie = sign_in(&client, &again.base, "lanhdao", &password).await;
    let (_, html) = page(&client, &again.base, &cookie, "/provinces/12").await;
    assert!(
        html.contains("26/11/2025"),
        "the dashboard is as of --demo-today"
    );
    assert!(
        most_days_late(&text(&html)) < late,
        "fewer days late the day after the meeting"
    );
}

#[test]
fn demo_today_needs_the_demo_and_a_date() {
    for (args, says) in [
        (&["serve", "--demo-today", "2025-12-15"][..], "--demo"),
        (
            &["serve", "--demo", "--demo-today", "15/12/2025"][..],
            "2025-12-15",
        ),
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_plantrack"))
            .args(args)
            .output()
            .unwrap();
        assert!(!out.status.success(), "{args:?} accepted");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(says), "{args:?}: {stderr}");
    }
}
