//! Backups through the store's use case: a backup restores into either backend (a SQLite
//! store moves to PostgreSQL and back when PLANTRACK_TEST_DB names a server; SQLite to SQLite
//! otherwise), with the same history, the same digest, boundaries and identities that go on.

// A test's helpers fail the test where they fail: unwrapping says where.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};

use plantrack_domain::access::Caller;
use plantrack_domain::plan::{NewPlan, PlanType};
use plantrack_domain::workflow::{Actor, CommandKind};
use plantrack_gis::archive::ArchiveLimits;
use plantrack_store::Planning;
use plantrack_store::backup::{BackupError, Maintenance};
use plantrack_store::blobs::BlobStore;
use plantrack_store::planning::{Clock, Order};
use plantrack_store::testing::TestDb;

/// A SQLite file of its own, whatever PLANTRACK_TEST_DB says, removed at the end.
struct SqliteFile(PathBuf);

impl SqliteFile {
    fn new() -> Self {
        SqliteFile(std::env::temp_dir().join(format!("plantrack-b-{}.db", uuid::Uuid::new_v4())))
    }

    fn url(&self) -> String {
        format!("sqlite://{}", self.0.display())
    }
}

impl Drop for SqliteFile {
    fn drop(&mut self) {
        for suffix in ["", "-wal", "-shm"] {
            let mut p = self.0.clone().into_os_string();
            p.push(suffix);
            std::fs::remove_file(p).ok();
        }
    }
}

fn folder() -> PathBuf {
    std::env::temp_dir().join(format!("plantrack-b-{}", uuid::Uuid::new_v4()))
}

fn actor() -> Actor {
    Actor {
        name: "UBND xã Sìn Hồ".into(),
        role: "commune_pc".into(),
    }
}

/// Units with boundaries (blobs), a plan with three events, a token since revoked.
async fn fill(url: &str) -> Planning {
    Planning::migrate(url).await.unwrap();
    let p = Planning::open(url, Clock::vietnam()).await.unwrap();
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data");
    for name in ["laichau_units_2025.json", "laichau_communes_2025.geojson"] {
        p.import_units_file(Caller::Operator, &data.join(name), &mut |_, _| {})
            .await
            .unwrap();
    }
    let (_, opened) = p
        .register_plan(
            Caller::Operator,
            &NewPlan::new("03478", PlanType::Detailed, "Quy hoạch chi tiết"),
            "test",
            None,
            Some(actor()),
        )
        .await
        .unwrap();
    // A plan with its area after one without: on PostgreSQL the optional float once broke
    // the second insert on the same connection (a cached statement, see `Db::connect`).
    let mut measured = NewPlan::new("03478", PlanType::Zoning, "Quy hoạch phân khu");
    measured.area_ha = Some(1_250.5);
    p.register_plan(Caller::Operator, &measured, "test", None, Some(actor()))
        .await
        .unwrap();
    for title in ["Hợp đồng", "Phụ lục"] {
        let order = Order {
            kind: CommandKind::AttachDocument {
                kind: "consultant_contract".into(),
                title: title.into(),
                reference: String::new(),
                file: None,
            },
            reason: "test".into(),
            effective_on: None,
            expected_version: None,
            actor: Some(actor()),
        };
        p.execute(Caller::Operator, opened.state.id, order)
            .await
            .unwrap();
    }
    p
}

/// Backs `from` up and restores it into `to`; the two stores then hold the same history.
async fn round_trip(from: &str, to: &str) {
    let source = fill(from).await;
    let (docs, restored_docs) = (folder(), folder());
    let documents = BlobStore::open(&docs, 1000).unwrap();
    let file = folder().with_extension("backup");

    let maintenance = Maintenance::connect(from).await.unwrap();
    let made = maintenance.backup(Some(&documents), &file).await.unwrap();
    maintenance.close().await;
    assert!(made.rows > 0 && made.tables > 10, "{made:?}");

    let maintenance = Maintenance::connect(to).await.unwrap();
    let restored = maintenance
        .restore(
            &file,
            &BlobStore::open(&restored_docs, 1000).unwrap(),
            ArchiveLimits::default(),
        )
        .await
        .unwrap();
    maintenance.close().await;
    assert_eq!(restored.rows, made.rows);

    let copy = Planning::open(to, Clock::vietnam()).await.unwrap();
    let ours = source
        .verify_history(Caller::Operator, &mut |_| {})
        .await
        .unwrap();
    let theirs = copy
        .verify_history(Caller::Operator, &mut |_| {})
        .await
        .unwrap();
    assert!(theirs.holds(), "{theirs:?}");
    assert_eq!((theirs.events, &theirs.digest), (ours.events, &ours.digest));
    let unit = copy.unit("03478").await.unwrap();
    assert!(unit.has_boundary, "boundaries (blobs) came back");
    assert_eq!(unit, source.unit("03478").await.unwrap());
    // The identities go on after the restored ones.
    let (plan, _) = copy
        .register_plan(
            Caller::Operator,
            &NewPlan::new("03478", PlanType::Detailed, "Sau khôi phục"),
            "test",
            None,
            Some(actor()),
        )
        .await
        .unwrap();
    assert_eq!(plan.id, 3);
    let measured = copy.plan(Caller::Operator, 2).await.unwrap();
    assert_eq!(measured.area_ha, Some(1_250.5), "the area came back");

    // Restoring again into the same database is refused.
    let maintenance = Maintenance::connect(to).await.unwrap();
    let again = maintenance
        .restore(
            &file,
            &BlobStore::open(folder(), 1000).unwrap(),
            ArchiveLimits::default(),
        )
        .await
        .unwrap_err();
    maintenance.close().await;
    assert!(
        matches!(again, BackupError::DatabaseNotEmpty { .. }),
        "{again}"
    );

    for dir in [docs, restored_docs] {
        std::fs::remove_dir_all(dir).ok();
    }
    std::fs::remove_file(file).ok();
    source.close().await;
    copy.close().await;
}

#[tokio::test]
async fn a_sqlite_store_restores_into_the_test_backend() {
    let from = SqliteFile::new();
    let to = TestDb::new().await;
    round_trip(&from.url(), &to.url).await;
}

#[tokio::test]
async fn the_test_backend_restores_into_sqlite() {
    let from = TestDb::new().await;
    let to = SqliteFile::new();
    round_trip(&from.url, &to.url()).await;
}

/// A backup-shaped zip whose one document is `bytes` zeros, deflated (about 1000× smaller).
fn zero_bomb(path: &Path, bytes: usize) {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("manifest.json", options).unwrap();
    zip.write_all(br#"{"format":"plantrack-backup","format_version":1}"#)
        .unwrap();
    zip.start_file(format!("documents/{}", "0".repeat(64)), options)
        .unwrap();
    let chunk = vec![0u8; 1 << 16];
    for _ in 0..bytes / chunk.len() {
        zip.write_all(&chunk).unwrap();
    }
    zip.finish().unwrap();
}

#[tokio::test]
async fn a_zip_bomb_is_refused_before_anything_is_restored() {
    let target = SqliteFile::new();
    let file = folder().with_extension("backup");
    zero_bomb(&file, 64 << 20);
    let size = std::fs::metadata(&file).unwrap().len();
    assert!(size < 1 << 20, "{size}");
    let documents = BlobStore::open(folder(), 1000).unwrap();
    let maintenance = Maintenance::connect(&target.url()).await.unwrap();
    let refused = maintenance
        .restore(&file, &documents, ArchiveLimits::from_mb(10))
        .await
        .unwrap_err();
    maintenance.close().await;
    match refused {
        BackupError::ArchiveTooLarge(over) => {
            assert_eq!(over.budget, size * 20, "the ratio is the tighter limit");
        }
        other => panic!("{other}"),
    }
    // Nothing was written: no migration ran, no document was put back.
    let planning = Planning::open(&target.url(), Clock::vietnam()).await;
    assert!(
        matches!(
            planning,
            Err(plantrack_store::StoreError::NotMigrated { .. })
        ),
        "{planning:?}"
    );
    assert_eq!(documents.list().await.unwrap(), vec![], "no document kept");
    std::fs::remove_file(&file).ok();
}
