//! `plantrack backup` and `plantrack restore`, through the binary: the restore drill (a
//! backup taken while writers keep writing, restored into an empty database and folder, holds
//! every change acknowledged before it began, its history extends an anchor taken before it,
//! and its documents are byte for byte the same), and the refusals (a damaged, truncated,
//! foreign or newer file; a target that is not empty), each with nothing written.
//!
//! On the backend `PLANTRACK_TEST_DB` names, like every test: source and target are both
//! SQLite or both PostgreSQL (the other direction is checked by the store's tests).
// The helpers below are the tests' own: a failure there is a failing test.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use plantrack_domain::access::Caller;
use plantrack_domain::plan::{NewPlan, PlanType};
use plantrack_domain::workflow::{Actor, CommandKind};
use plantrack_store::Planning;
use plantrack_store::blobs::BlobStore;
use plantrack_store::planning::{Clock, Order, Upload};
use plantrack_store::testing::TestDb;

/// A folder for one test, removed at its end.
struct Folder(PathBuf);

impl Folder {
    fn new(what: &str) -> Self {
        let path = std::env::temp_dir().join(format!("plantrack-{what}-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&path).unwrap();
        Folder(path)
    }
}

impl Drop for Folder {
    fn drop(&mut self) {
        std::fs::remove_dir_all(&self.0).ok();
    }
}

/// Runs the binary on `db` in English.
fn plantrack(db: &str, args: &[&str]) -> Output {
    plantrack_in(db, "en", args)
}

fn plantrack_in(db: &str, lang: &str, args: &[&str]) -> Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_plantrack"))
        .args(["--db", db, "--lang", lang])
        .args(args)
        .env("PLANTRACK_LOG", "warn")
        .output()
        .expect("run plantrack")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn actor() -> Actor {
    Actor {
        name: "UBND xã Sìn Hồ".into(),
        role: "commune_pc".into(),
    }
}

/// A change the store acknowledged: the event it returned, and the document it kept.
#[derive(Debug, Clone)]
struct Ack {
    dossier_id: i64,
    seq: u64,
    document: Option<String>,
}

/// Opens a dossier for Sìn Hồ and attaches to it four times, uploading a document every
/// `upload_every`-th time, round after round until told to stop (one round at least);
/// records every acknowledged change.
async fn writer(
    planning: Planning,
    documents: BlobStore,
    who: usize,
    upload_every: usize,
    acks: Arc<Mutex<Vec<Ack>>>,
    stop: Arc<AtomicBool>,
) {
    let mut n = 0usize;
    loop {
        let new = NewPlan::new(
            "03478",
            PlanType::Detailed,
            format!("Quy hoạch chi tiết {who}-{n}"),
        );
        let (_, opened) = planning
            .register_plan(Caller::Operator, &new, "drill", None, Some(actor()))
            .await
            .expect("register a plan");
        let id = opened.state.id;
        acks.lock().unwrap().push(Ack {
            dossier_id: id,
            seq: opened.state.version,
            document: None,
        });
        for _ in 0..4 {
            n += 1;
            let (event, document) = if n.is_multiple_of(upload_every) {
                let mut file = documents.writer("hop-dong.pdf").await.unwrap();
                file.write(format!("%PDF-1.4\nhợp đồng {who}-{n}\n").as_bytes())
                    .await
                    .unwrap();
                let kept = file.finish().await.unwrap();
                let sha256 = kept.sha256.clone();
                let upload = Upload {
                    kept,
                    filename: "hop-dong.pdf".into(),
                    expected_version: None,
                    kind: "consultant_contract".into(),
                    title: format!("Hợp đồng {who}-{n}"),
                    reason: None,
                };
                let (event, _) = planning
                    .attach_upload(Caller::Operator, &documents, id, upload, Some(actor()))
                    .await
                    .expect("attach an upload");
                (event, Some(sha256))
            } else {
                let order = Order {
                    kind: CommandKind::AttachDocument {
                        kind: "consultant_contract".into(),
                        title: format!("Hợp đồng {who}-{n}"),
                        reference: String::new(),
                        file: None,
                    },
                    reason: "drill".into(),
                    effective_on: None,
                    expected_version: None,
                    actor: Some(actor()),
                };
                let (event, _) = planning
                    .execute(Caller::Operator, id, order)
                    .await
                    .expect("attach a document");
                (event, None)
            };
            acks.lock().unwrap().push(Ack {
                dossier_id: id,
                seq: event.seq,
                document,
            });
        }
        if stop.load(Ordering::Relaxed) {
            break;
        }
    }
}

async fn demo_store(db: &TestDb) -> Planning {
    Planning::migrate(&db.url).await.expect("migrate");
    let planning = Planning::open(&db.url, Clock::vietnam())
        .await
        .expect("open");
    plantrack::demo::load(&planning, &mut |_| {})
        .await
        .expect("the demo");
    planning
}

async fn wait_for_acks(acks: &Mutex<Vec<Ack>>, at_least: usize) {
    while acks.lock().unwrap().len() < at_least {
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_backup_under_write_load_restores_every_acknowledged_change() {
    let source = TestDb::new().await;
    let planning = demo_store(&source).await;
    let docs = Folder::new("docs");
    let documents = BlobStore::open(&docs.0, 1_000_000).unwrap();
    let work = Folder::new("backup");
    let anchor = work.0.join("anchor.jsonl");
    let file = work.0.join("plantrack.backup");

    let acks = Arc::new(Mutex::new(Vec::new()));
    // A first round of changes, then the anchor: taken on a quiet store, since the audit
    // reads the history and the current state in several statements.
    let stop = Arc::new(AtomicBool::new(true));
    writer(
        planning.clone(),
        documents.clone(),
        9,
        2,
        acks.clone(),
        stop.clone(),
    )
    .await;
    let anchored = plantrack(
        &source.url,
        &["audit", "anchor", "--out", anchor.to_str().unwrap()],
    );
    assert!(anchored.status.success(), "{}", text(&anchored.stderr));

    let stop = Arc::new(AtomicBool::new(false));
    let writers: Vec<_> = (0..3)
        .map(|who| {
            tokio::spawn(writer(
                planning.clone(),
                documents.clone(),
                who,
                2 + who,
                acks.clone(),
                stop.clone(),
            ))
        })
        .collect();
    wait_for_acks(&acks, 20).await;

    // Everything acknowledged before the backup begins must be in it.
    let before: Vec<Ack> = acks.lock().unwrap().clone();
    let backup = {
        let (url, docs, file) = (source.url.clone(), docs.0.clone(), file.clone());
        tokio::task::spawn_blocking(move || {
            plantrack(
                &url,
                &[
                    "backup",
                    "--out",
                    file.to_str().unwrap(),
                    "--documents",
                    docs.to_str().unwrap(),
                    "--format",
                    "json",
                ],
            )
        })
        .await
        .unwrap()
    };
    let during = acks.lock().unwrap().len() - before.len();
    stop.store(true, Ordering::Relaxed);
    for w in writers {
        w.await.expect("a writer");
    }
    assert!(backup.status.success(), "{}", text(&backup.stderr));
    assert!(
        during > 0,
        "the writers must have been writing while the backup ran"
    );
    let summary: serde_json::Value = serde_json::from_slice(&backup.stdout).unwrap();
    assert!(summary["documents"].as_u64().unwrap() >= 1, "{summary}");
    assert!(
        before.iter().any(|a| a.document.is_some()),
        "some uploads acknowledged before the backup"
    );

    // Restore into an empty database and folder.
    let target = TestDb::new().await;
    let restored_docs = Folder::new("restored");
    std::fs::remove_dir(&restored_docs.0).unwrap(); // a folder that does not exist yet
    let restored = plantrack(
        &target.url,
        &[
            "restore",
            file.to_str().unwrap(),
            "--documents",
            restored_docs.0.to_str().unwrap(),
        ],
    );
    assert!(restored.status.success(), "{}", text(&restored.stderr));
    assert!(
        text(&restored.stdout).contains("Restored"),
        "{}",
        text(&restored.stdout)
    );

    let verified = plantrack(
        &target.url,
        &["audit", "verify", "--against", anchor.to_str().unwrap()],
    );
    assert!(
        verified.status.success(),
        "{}{}",
        text(&verified.stdout),
        text(&verified.stderr)
    );

    // Every acknowledged change is there, as the source has it.
    let copy = Planning::open(&target.url, Clock::vietnam()).await.unwrap();
    let restored_store = BlobStore::open(&restored_docs.0, 1_000_000).unwrap();
    for ack in &before {
        let theirs = copy
            .events(Caller::Operator, ack.dossier_id, None)
            .await
            .unwrap_or_else(|e| panic!("dossier {} is missing: {e}", ack.dossier_id));
        let ours = planning
            .events(Caller::Operator, ack.dossier_id, None)
            .await
            .unwrap();
        let event = theirs
            .iter()
            .find(|e| e.seq == ack.seq)
            .unwrap_or_else(|| panic!("{ack:?} is missing"));
        assert_eq!(Some(event), ours.iter().find(|e| e.seq == ack.seq));
        if let Some(sha256) = &ack.document {
            assert_eq!(
                restored_store.read(sha256).await.unwrap(),
                documents.read(sha256).await.unwrap(),
                "document {sha256}"
            );
        }
    }
    // Every restored document has the same bytes as the source's, and the store's digest of
    // the restored history is its own.
    let kept = restored_store.list().await.unwrap();
    assert!(!kept.is_empty());
    for sha256 in kept.iter().map(|blob| &blob.sha256) {
        assert_eq!(
            restored_store.read(sha256).await.unwrap(),
            documents.read(sha256).await.unwrap()
        );
    }
    // The restored store takes new changes, with ids of its own.
    let (plan, opened) = copy
        .register_plan(
            Caller::Operator,
            &NewPlan::new("03478", PlanType::Detailed, "Sau khi khôi phục"),
            "after the restore",
            None,
            Some(actor()),
        )
        .await
        .expect("a plan after the restore");
    let highest = before.iter().map(|a| a.dossier_id).max().unwrap();
    assert!(opened.state.id > highest && plan.id > 0);
    copy.close().await;
    planning.close().await;
}

/// A backup of a small store (a dossier and an uploaded document), for the refusals.
async fn small_backup(work: &Folder) -> (TestDb, PathBuf) {
    let source = TestDb::new().await;
    Planning::migrate(&source.url).await.unwrap();
    let planning = Planning::open(&source.url, Clock::vietnam()).await.unwrap();
    planning
        .import_units_file(
            Caller::Operator,
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/laichau_units_2025.json"),
            &mut |_, _| {},
        )
        .await
        .unwrap();
    let docs = work.0.join("docs");
    let documents = BlobStore::open(&docs, 1_000_000).unwrap();
    let acks = Arc::new(Mutex::new(Vec::new()));
    // One round of a writer: a plan and four changes, two of them uploads.
    let stop = Arc::new(AtomicBool::new(true));
    writer(planning.clone(), documents, 0, 2, acks.clone(), stop).await;
    planning.close().await;
    let file = work.0.join("small.backup");
    let out = plantrack(
        &source.url,
        &[
            "backup",
            "--out",
            file.to_str().unwrap(),
            "--documents",
            docs.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("Backed up"),
        "{}",
        text(&out.stdout)
    );
    (source, file)
}

/// Whether a refused restore left the target as it was: a database never migrated, and a
/// documents folder without files.
async fn untouched(target: &TestDb, docs: &Path) {
    let opened = Planning::open(&target.url, Clock::vietnam()).await;
    assert!(
        matches!(opened, Err(plantrack_store::StoreError::NotMigrated { .. })),
        "the target database was written to"
    );
    if docs.exists() {
        assert!(
            BlobStore::open(docs, 1)
                .unwrap()
                .list()
                .await
                .unwrap()
                .is_empty(),
            "the documents folder was written to"
        );
    }
}

/// Restores `file` into a new database and folder; returns the run, and the target.
async fn restore_into_new(work: &Folder, file: &Path, lang: &str) -> (Output, TestDb, PathBuf) {
    let target = TestDb::new().await;
    let docs = work.0.join(format!("target-{}", uuid::Uuid::new_v4()));
    let out = plantrack_in(
        &target.url,
        lang,
        &[
            "restore",
            file.to_str().unwrap(),
            "--documents",
            docs.to_str().unwrap(),
        ],
    );
    (out, target, docs)
}

fn assert_refused(out: &Output, says: &str) {
    assert!(!out.status.success(), "accepted: {}", text(&out.stdout));
    assert!(
        text(&out.stderr).contains(says),
        "expected '{says}' in: {}",
        text(&out.stderr)
    );
}

#[tokio::test]
async fn a_damaged_truncated_foreign_or_newer_file_is_refused_and_nothing_is_written() {
    let work = Folder::new("refusals");
    let (_source, file) = small_backup(&work).await;
    let bytes = std::fs::read(&file).unwrap();

    // Cut short: the zip's table of contents, at its end, is gone.
    let truncated = work.0.join("truncated.backup");
    std::fs::write(&truncated, &bytes[..bytes.len() / 2]).unwrap();
    let (out, target, docs) = restore_into_new(&work, &truncated, "en").await;
    assert_refused(&out, "damaged or cut short");
    untouched(&target, &docs).await;
    // In Vietnamese.
    let (out, target, docs) = restore_into_new(&work, &truncated, "vi").await;
    assert_refused(&out, "bản sao lưu bị hỏng hoặc bị cắt cụt");
    untouched(&target, &docs).await;

    // One byte changed in every part in turn would be slow; the middle of the file falls in
    // a part (a table or a document), whose checksum then fails.
    let mut flipped = bytes.clone();
    let middle = flipped.len() / 3;
    flipped[middle] ^= 0x55;
    let damaged = work.0.join("damaged.backup");
    std::fs::write(&damaged, &flipped).unwrap();
    let (out, target, docs) = restore_into_new(&work, &damaged, "en").await;
    assert_refused(&out, "damaged");
    untouched(&target, &docs).await;

    // Not a backup at all.
    let foreign = work.0.join("notes.txt");
    std::fs::write(&foreign, "not a backup\n").unwrap();
    let (out, target, docs) = restore_into_new(&work, &foreign, "id").await;
    assert_refused(&out, "bukan cadangan plantrack");
    untouched(&target, &docs).await;

    // A file that is missing.
    let (out, target, docs) = restore_into_new(&work, &work.0.join("absent"), "en").await;
    assert_refused(&out, "cannot read or write");
    untouched(&target, &docs).await;

    // From a newer schema: a migration this build does not know (checksums intact).
    let newer = work.0.join("newer.backup");
    rewrite_manifest(&file, &newer, |m| {
        let next = m["schema_version"].as_i64().unwrap() + 1;
        m["schema_version"] = next.into();
        m["migrations"].as_array_mut().unwrap().push(next.into());
    });
    let (out, target, docs) = restore_into_new(&work, &newer, "en").await;
    assert_refused(&out, "is newer than this plantrack's");
    untouched(&target, &docs).await;
    // A part the manifest names but the file lacks.
    let missing = work.0.join("missing.backup");
    rewrite_manifest(&file, &missing, |m| {
        m["documents"]
            .as_array_mut()
            .unwrap()
            .push(serde_json::json!({"sha256": "ab".repeat(32), "bytes": 3}));
    });
    let (out, target, docs) = restore_into_new(&work, &missing, "en").await;
    assert_refused(&out, "is missing");
    untouched(&target, &docs).await;
}

#[tokio::test]
async fn a_restore_refuses_a_database_that_is_not_empty() {
    let work = Folder::new("targets");
    let (_source, file) = small_backup(&work).await;
    let (out, target, docs) = restore_into_new(&work, &file, "en").await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    let planning = Planning::open(&target.url, Clock::vietnam()).await.unwrap();
    let events = |p: Planning| async move {
        p.verify_history(Caller::Operator, &mut |_| {})
            .await
            .unwrap()
            .events
    };
    let before = events(planning.clone()).await;
    assert_eq!(before, 5, "the plan's opening and its four changes");

    // The same database again, with a new folder: refused, nothing added.
    let again = plantrack(
        &target.url,
        &[
            "restore",
            file.to_str().unwrap(),
            "--documents",
            work.0.join("elsewhere").to_str().unwrap(),
        ],
    );
    assert_refused(&again, "the target database is not empty");
    assert_eq!(events(planning.clone()).await, before);
    assert!(
        BlobStore::open(work.0.join("elsewhere"), 1)
            .unwrap()
            .list()
            .await
            .unwrap()
            .is_empty()
    );

    // A new database, and the folder that already holds the documents: they are named by
    // their content, so they are the backup's own, and are kept as they are.
    let fresh = TestDb::new().await;
    let before: Vec<_> = BlobStore::open(&docs, 1).unwrap().list().await.unwrap();
    assert!(!before.is_empty());
    let out = plantrack_in(
        &fresh.url,
        "vi",
        &[
            "restore",
            file.to_str().unwrap(),
            "--documents",
            docs.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("Đã khôi phục"),
        "{}",
        text(&out.stdout)
    );
    assert_eq!(
        BlobStore::open(&docs, 1).unwrap().list().await.unwrap(),
        before
    );
    planning.close().await;

    // A backup of a store whose documents folder does not exist (its server never ran)
    // holds no document, and says so in the reader's language.
    let out_file = work.0.join("no-documents.backup");
    let out = plantrack_in(
        &target.url,
        "id",
        &[
            "backup",
            "--out",
            out_file.to_str().unwrap(),
            "--documents",
            work.0.join("no-such-folder").to_str().unwrap(),
            "--format",
            "json",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("peringatan: folder dokumen"),
        "{}",
        text(&out.stderr)
    );
    let summary: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(summary["documents"], 0);
    assert_eq!(summary["documents_folder_found"], false);
    assert!(!work.0.join("no-such-folder").exists(), "nothing created");
}

/// Copies a backup, changing its manifest (the parts stay as they are).
fn rewrite_manifest(from: &Path, to: &Path, change: impl FnOnce(&mut serde_json::Value)) {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(from).unwrap()).unwrap();
    let mut out = zip::ZipWriter::new(std::fs::File::create(to).unwrap());
    let mut manifest: serde_json::Value =
        serde_json::from_reader(zip.by_name("manifest.json").unwrap()).unwrap();
    change(&mut manifest);
    for i in 0..zip.len() {
        let entry = zip.by_index_raw(i).unwrap();
        if entry.name() != "manifest.json" {
            out.raw_copy_file(entry).unwrap();
        }
    }
    out.start_file("manifest.json", zip::write::SimpleFileOptions::default())
        .unwrap();
    serde_json::to_writer(&mut out, &manifest).unwrap();
    out.finish().unwrap();
}

/// Issue 12: `plantrack restore` of a zip bomb (a backup-shaped zip whose one document unpacks
/// to 64 MiB from about 64 KB) exits non-zero with the reason in the user's language, and
/// writes nothing: the target database stays empty, the documents folder holds no file.
#[test]
fn restoring_a_zip_bomb_is_refused_with_nothing_written() {
    use std::io::Write;

    let work = Folder::new("restore-bomb");
    let file = work.0.join("bomb.backup");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&file).unwrap());
    let options = zip::write::SimpleFileOptions::default();
    zip.start_file("manifest.json", options).unwrap();
    zip.write_all(br#"{"format":"plantrack-backup","format_version":1}"#)
        .unwrap();
    zip.start_file(format!("documents/{}", "a".repeat(64)), options)
        .unwrap();
    let chunk = vec![0u8; 1 << 16];
    for _ in 0..1024 {
        zip.write_all(&chunk).unwrap();
    }
    zip.finish().unwrap();
    let target = format!("sqlite://{}", work.0.join("target.db").display());
    let docs = work.0.join("docs");
    let out = plantrack_in(
        &target,
        "vi",
        &[
            "restore",
            file.to_str().unwrap(),
            "--documents",
            docs.to_str().unwrap(),
        ],
    );
    let said = text(&out.stderr);
    assert!(!out.status.success(), "{said}");
    assert!(
        said.contains("Tệp nén giải ra quá lớn (hơn 20.480 MB hoặc gấp hơn 20 lần"),
        "{said}"
    );
    let kept: Vec<_> = walk(&docs);
    assert!(kept.is_empty(), "{kept:?}");
    let status = plantrack(&target, &["dossier", "list"]);
    assert!(
        !status.status.success() && text(&status.stderr).contains("migrat"),
        "the target was never migrated: {}",
        text(&status.stderr)
    );
}

/// The files under `dir` (none if it does not exist).
fn walk(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .flat_map(|e| {
            let path = e.unwrap().path();
            if path.is_dir() {
                walk(&path)
            } else {
                vec![path]
            }
        })
        .collect()
}
