//! The kill -9 test: `plantrack serve` on loopback, concurrent writers through the API, the
//! server killed with SIGKILL in the middle of the load, restarted, again, a bounded number
//! of times; then every change the API acknowledged is in the store, and `plantrack audit
//! verify` finds the history and every projection intact. On the backend PLANTRACK_TEST_DB
//! names, as every test.
//!
//! `PLANTRACK_KILL9_ROUNDS` sets how many times the server is killed (3 by default, for CI;
//! README "Crash safety" gives a long run).

// A test's helpers fail the test where they fail: unwrapping says where.
#![allow(clippy::unwrap_used)]

use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use plantrack_domain::access::{Caller, OrgKind, Role};
use plantrack_store::Planning;
use plantrack_store::planning::Clock;
use plantrack_store::testing::TestDb;
use serde_json::json;

const UNIT: &str = "03478";
const WRITERS: usize = 4;

/// A change the API answered with success: the dossier and the version it reached.
type Ack = (i64, u64);

/// A commune officer of Sìn Hồ, with an API token, on a database with Lai Châu's units.
async fn prepare(url: &str) -> String {
    Planning::migrate(url).await.unwrap();
    let p = Planning::open(url, Clock::vietnam()).await.unwrap();
    let units =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/laichau_units_2025.json");
    p.import_units_file(Caller::Operator, &units, &mut |_, _| {})
        .await
        .unwrap();
    let org = p
        .create_organisation(
            Caller::Operator,
            OrgKind::CommunePc,
            "UBND xã Sìn Hồ",
            "12",
            Some(UNIT),
        )
        .await
        .unwrap();
    let user = p
        .create_user(
            Caller::Operator,
            plantrack_store::accounts::NewUser {
                username: "sinho".into(),
                display_name: "UBND xã Sìn Hồ".into(),
                password: "mật-khẩu-thử-nghiệm-dài".into(),
                role: Role::CommuneOfficer,
                organisation_id: org.id,
            },
        )
        .await
        .unwrap();
    let (token, _) = p
        .create_token(Caller::Operator, user.id, "kill9", chrono::Utc::now())
        .await
        .unwrap();
    p.close().await;
    token
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn serve(url: &str, port: u16, documents: &std::path::Path) -> Child {
    Command::new(env!("CARGO_BIN_EXE_plantrack"))
        .args(["--db", url, "serve", "--addr"])
        .arg(format!("127.0.0.1:{port}"))
        .arg("--documents")
        .arg(documents)
        .env("PLANTRACK_LOG", "error")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start plantrack serve")
}

async fn wait_until_healthy(client: &reqwest::Client, base: &str, server: &mut Child) {
    for _ in 0..600 {
        if let Ok(resp) = client.get(format!("{base}/healthz")).send().await
            && resp.status().is_success()
        {
            return;
        }
        assert!(
            server.try_wait().unwrap().is_none(),
            "the server stopped while starting"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the server did not come up at {base}");
}

fn version(resp: &reqwest::Response) -> Option<u64> {
    resp.headers()
        .get(reqwest::header::ETAG)?
        .to_str()
        .ok()?
        .trim_matches('"')
        .parse()
        .ok()
}

/// Registers plans and attaches to them until the server stops answering.
async fn writer(
    client: reqwest::Client,
    base: String,
    token: String,
    who: usize,
    acks: Arc<Mutex<Vec<Ack>>>,
) {
    for n in 0.. {
        let plan = json!({
            "plan": {
                "unit_code": UNIT,
                "plan_type": "commune_general",
                "name": format!("Quy hoạch chung {who}-{n}"),
                "horizon_year": 2035,
                "bodies": {"preparing": "UBND xã Sìn Hồ", "appraising": "Sở Xây dựng", "approving": "UBND tỉnh"}
            },
            "reason": "kill -9"
        });
        let Ok(resp) = client
            .post(format!("{base}/api/v1/plans"))
            .bearer_auth(&token)
            .json(&plan)
            .send()
            .await
        else {
            return;
        };
        let status = resp.status();
        if status != reqwest::StatusCode::CREATED {
            let body = resp.text().await.unwrap_or_default();
            panic!("registration refused: {status} {body}");
        }
        let Some(mut at) = version(&resp) else { return };
        let Ok(created) = resp.json::<serde_json::Value>().await else {
            return;
        };
        let id = created["dossier"]["id"].as_i64().unwrap();
        acks.lock().unwrap().push((id, at));
        for k in 0..3 {
            let command = json!({
                "command": "attach_document",
                "kind": "consultant_contract",
                "title": format!("Hợp đồng {who}-{n}-{k}"),
                "reference": "",
                "reason": "kill -9"
            });
            let Ok(resp) = client
                .post(format!("{base}/api/v1/dossiers/{id}/commands"))
                .bearer_auth(&token)
                .header(reqwest::header::IF_MATCH, format!("\"{at}\""))
                .json(&command)
                .send()
                .await
            else {
                return;
            };
            let status = resp.status();
            if !status.is_success() {
                // Anything but a dead server is a failure of the test.
                let body = resp.text().await.unwrap_or_default();
                panic!("command refused: {status} {body}");
            }
            let Some(next) = version(&resp) else { return };
            // The answer is complete only with its body; a cut connection is no answer.
            if resp.bytes().await.is_err() {
                return;
            }
            at = next;
            acks.lock().unwrap().push((id, at));
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn every_acknowledged_change_survives_kill_9() {
    let rounds: u64 = std::env::var("PLANTRACK_KILL9_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(3);
    let db = TestDb::new().await;
    let token = prepare(&db.url).await;
    let documents = std::env::temp_dir().join(format!("plantrack-kill9-{}", uuid::Uuid::new_v4()));
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap();
    let acks = Arc::new(Mutex::new(Vec::<Ack>::new()));

    for round in 0..rounds {
        let port = free_port();
        let base = format!("http://127.0.0.1:{port}");
        let mut server = serve(&db.url, port, &documents);
        wait_until_healthy(&client, &base, &mut server).await;
        let before = acks.lock().unwrap().len();
        let writers: Vec<_> = (0..WRITERS)
            .map(|who| {
                tokio::spawn(writer(
                    client.clone(),
                    base.clone(),
                    token.clone(),
                    who,
                    acks.clone(),
                ))
            })
            .collect();
        // Killed at a different point of the load each round, once some writes landed.
        while acks.lock().unwrap().len() < before + 8 {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        tokio::time::sleep(Duration::from_millis(50 + (round * 137) % 400)).await;
        server.kill().expect("kill -9"); // SIGKILL on Unix
        server.wait().unwrap();
        for w in writers {
            w.await.expect("a writer");
        }
    }

    let acks = acks.lock().unwrap().clone();
    assert!(acks.len() as u64 >= rounds * 8, "{} changes", acks.len());
    let p = Planning::open(&db.url, Clock::vietnam()).await.unwrap();
    for (dossier, seq) in &acks {
        let events = p
            .events(Caller::Operator, *dossier, None)
            .await
            .unwrap_or_else(|e| panic!("dossier {dossier}, acknowledged, is gone: {e}"));
        assert!(
            events.iter().any(|e| e.seq == *seq),
            "dossier {dossier}: acknowledged version {seq} is lost ({} events)",
            events.len()
        );
    }
    p.close().await;
    let verify = Command::new(env!("CARGO_BIN_EXE_plantrack"))
        .args(["--db", &db.url, "--lang", "en", "audit", "verify"])
        .env("PLANTRACK_LOG", "warn")
        .output()
        .unwrap();
    assert!(
        verify.status.success(),
        "{}{}",
        String::from_utf8_lossy(&verify.stdout),
        String::from_utf8_lossy(&verify.stderr)
    );
    std::fs::remove_dir_all(documents).ok();
}
