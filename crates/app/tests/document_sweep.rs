//! Issue 12, item 4b: `plantrack serve` starts by sweeping what a killed server left in the
//! document store — a partial upload in its tmp folder, a file kept whose attachment never
//! committed — and says so in one line; a cited file, and files written within the hour
//! (another server's upload under way), stay.

// A test's helpers fail the test where they fail: unwrapping says where.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, SystemTime};

use plantrack_domain::access::Caller;
use plantrack_domain::plan::{NewPlan, PlanType};
use plantrack_domain::workflow::Actor;
use plantrack_store::Planning;
use plantrack_store::blobs::BlobStore;
use plantrack_store::planning::{Clock, Upload};
use plantrack_store::testing::TestDb;

fn actor() -> Actor {
    Actor {
        name: "UBND xã Sìn Hồ".into(),
        role: "commune_pc".into(),
    }
}

/// Makes a file look last written two hours ago.
fn age(path: &Path) {
    std::fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(SystemTime::now() - Duration::from_secs(7200))
        .unwrap();
}

fn kept_path(docs: &Path, sha256: &str) -> PathBuf {
    docs.join(&sha256[..2]).join(&sha256[2..])
}

async fn keep(documents: &BlobStore, text: &str) -> plantrack_store::blobs::Kept {
    let mut file = documents.writer("van-ban.pdf").await.unwrap();
    file.write(format!("%PDF-1.4\n{text}\n").as_bytes())
        .await
        .unwrap();
    file.finish().await.unwrap()
}

#[tokio::test]
async fn serve_sweeps_what_a_killed_server_left() {
    let db = TestDb::new().await;
    Planning::migrate(&db.url).await.unwrap();
    let planning = Planning::open(&db.url, Clock::vietnam()).await.unwrap();
    planning
        .import_units_file(
            Caller::Operator,
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/laichau_units_2025.json"),
            &mut |_, _| {},
        )
        .await
        .unwrap();
    let work = tempfile::tempdir().unwrap();
    let docs = work.path().join("docs");
    let documents = BlobStore::open(&docs, 1_000_000).unwrap();

    // Cited: attached to a dossier.
    let (_, opened) = planning
        .register_plan(
            Caller::Operator,
            &NewPlan::new("03478", PlanType::Detailed, "Quy hoạch chi tiết"),
            "test",
            None,
            Some(actor()),
        )
        .await
        .unwrap();
    let cited = keep(&documents, "hợp đồng").await;
    let upload = Upload {
        kept: cited.clone(),
        filename: "hop-dong.pdf".into(),
        expected_version: None,
        kind: "consultant_contract".into(),
        title: "Hợp đồng".into(),
        reason: None,
    };
    planning
        .attach_upload(
            Caller::Operator,
            &documents,
            opened.state.id,
            upload,
            Some(actor()),
        )
        .await
        .unwrap();
    planning.close().await;
    // Kept but never cited (killed before the attachment committed), old and young.
    let orphan = keep(&documents, "bỏ dở").await;
    let young = keep(&documents, "đang tải lên ở máy chủ khác").await;
    // A partial upload as a kill leaves it: its writer never dropped.
    let mut partial = documents.writer("ban-do.pdf").await.unwrap();
    partial.write(b"%PDF-1.4\nmot nua").await.unwrap();
    std::mem::forget(partial);
    let spooled: Vec<PathBuf> = std::fs::read_dir(docs.join("tmp"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(spooled.len(), 1);
    // tokio writes in the background: aged before its last write landed, the file would be
    // young again.
    for _ in 0..200 {
        if std::fs::metadata(&spooled[0]).unwrap().len() == 17 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    for path in [
        kept_path(&docs, &cited.sha256),
        kept_path(&docs, &orphan.sha256),
        spooled[0].clone(),
    ] {
        age(&path);
    }

    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let log = work.path().join("stderr.txt");
    let mut server = Command::new(env!("CARGO_BIN_EXE_plantrack"))
        .args(["--db", &db.url, "--lang", "en", "serve", "--addr"])
        .arg(format!("127.0.0.1:{port}"))
        .arg("--documents")
        .arg(&docs)
        .env("PLANTRACK_LOG", "error")
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&log).unwrap())
        .spawn()
        .unwrap();
    let client = reqwest::Client::new();
    let mut up = false;
    for _ in 0..600 {
        if let Ok(resp) = client
            .get(format!("http://127.0.0.1:{port}/healthz"))
            .send()
            .await
            && resp.status().is_success()
        {
            up = true;
            break;
        }
        assert!(server.try_wait().unwrap().is_none(), "the server stopped");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    server.kill().unwrap();
    server.wait().unwrap();
    assert!(up, "the server did not come up");

    let said = std::fs::read_to_string(&log).unwrap();
    assert!(
        said.contains("removed 1 partial uploads, 1 unreferenced files"),
        "{said}"
    );
    assert!(kept_path(&docs, &cited.sha256).exists(), "cited: kept");
    assert!(
        !kept_path(&docs, &orphan.sha256).exists(),
        "old orphan: removed"
    );
    assert!(kept_path(&docs, &young.sha256).exists(), "young: kept");
    assert!(!spooled[0].exists(), "old partial: removed");
}
