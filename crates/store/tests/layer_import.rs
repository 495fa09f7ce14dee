//! A department's layer imported from a file, on both backends: batches inside one
//! transaction, all or nothing, versions kept.

// A test's helpers fail the test where they fail: unwrapping says where.
#![allow(clippy::unwrap_used, clippy::print_stderr)]

use std::path::PathBuf;
use std::sync::Arc;

use plantrack_domain::access::{Caller, OrgKind, Principal, Role};
use plantrack_gis::read_units_file;
use plantrack_store::Planning;
use plantrack_store::accounts::NewUser;
use plantrack_store::import_jobs::JobState;
use plantrack_store::planning::{Clock, LayerUpload};
use plantrack_store::testing::TestDb;

fn square(id: &str, category: &str, lon: f64) -> serde_json::Value {
    serde_json::json!({"type": "Feature", "id": id, "properties": {"category": category},
        "geometry": {"type": "Polygon", "coordinates": [[[lon, 22.4], [lon + 0.001, 22.4], [lon + 0.001, 22.401], [lon, 22.4]]]}})
}

/// A database with Lai Châu's units, the provincial military command and one of its
/// officers, who publishes its layers.
async fn fixture() -> (TestDb, Planning, Principal) {
    let test_db = TestDb::new().await;
    Planning::migrate(&test_db.url).await.expect("migrate");
    let db = Planning::open(&test_db.url, Clock::vietnam())
        .await
        .expect("open");
    let file = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../data/laichau_units_2025.json");
    let units = read_units_file(&file, &mut |_, _| {}).expect("read units");
    db.import_units(Caller::Operator, &units)
        .await
        .expect("import units");
    let army = db
        .create_organisation(
            Caller::Operator,
            OrgKind::SectorDepartment,
            "Bộ Chỉ huy Quân sự tỉnh",
            "12",
            None,
        )
        .await
        .unwrap();
    db.create_user(
        Caller::Operator,
        NewUser {
            username: "trungta.a".into(),
            display_name: "Trung tá A".into(),
            password: "mật khẩu đủ dài 2026".into(),
            role: Role::DepartmentOfficer,
            organisation_id: army.id,
        },
    )
    .await
    .unwrap();
    let officer = db
        .principal_of(Caller::Operator, "trungta.a")
        .await
        .unwrap();
    (test_db, db, officer)
}

#[tokio::test]
async fn a_layer_file_is_imported_whole_or_not_at_all() {
    let (_test_db, db, officer) = fixture().await;
    let caller = Caller::from(&officer);
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, features: Vec<serde_json::Value>| {
        let path = dir.path().join(name);
        std::fs::write(
            &path,
            serde_json::json!({"type": "FeatureCollection", "features": features}).to_string(),
        )
        .unwrap();
        path
    };
    let layer = |path: PathBuf| LayerUpload {
        key: "quoc-phong".into(),
        name: "Đất quốc phòng".into(),
        publish: true,
        file_name: path.display().to_string(),
        path,
        options: plantrack_gis::import::ImportOptions::default(),
    };
    // 1,234 features: three batches of 500 and a last one of 234.
    let features: Vec<_> = (0..1234)
        .map(|i| {
            square(
                &format!("QP-{i}"),
                "defence_security",
                103.0 + f64::from(i) * 0.002,
            )
        })
        .collect();
    let seen = Arc::new(std::sync::Mutex::new((0u64, 0u64)));
    let progress = {
        let seen = seen.clone();
        Arc::new(move |done, total| *seen.lock().unwrap() = (done, total))
    };
    let (version, n) = db
        .import_layer(
            caller,
            layer(write("v1.geojson", features.clone())),
            progress,
        )
        .await
        .expect("the import");
    assert_eq!((version.version, n), (1, 1234));
    let (done, total) = *seen.lock().unwrap();
    assert!(
        total > 0 && done == total,
        "progress reached the end: {done}/{total}"
    );

    // The last feature broken: nothing of the second file is kept.
    let mut broken = features.clone();
    broken[1233]["properties"]["category"] = "casino".into();
    let err = db
        .import_layer(
            caller,
            layer(write("v2.geojson", broken)),
            Arc::new(|_, _| {}),
        )
        .await
        .unwrap_err()
        .to_string();
    assert!(err.contains("QP-1233") && err.contains("casino"), "{err}");
    let layers = db.layers(caller, None).await.unwrap();
    assert_eq!((layers[0].latest_version, layers[0].features), (1, 1234));
    // Its rows and its version are gone: the next import is version 2.
    let (again, _) = db
        .import_layer(
            caller,
            layer(write("v2b.geojson", features[..10].to_vec())),
            Arc::new(|_, _| {}),
        )
        .await
        .unwrap();
    assert_eq!(again.version, 2);
    // A new layer whose first file fails leaves no layer behind.
    let mut other = layer(write(
        "bad-new.geojson",
        vec![square("X-1", "casino", 103.0)],
    ));
    other.key = "khac".into();
    assert!(
        db.import_layer(caller, other, Arc::new(|_, _| {}))
            .await
            .is_err()
    );
    assert_eq!(db.layers(caller, None).await.unwrap().len(), 1);

    // The published version (now 2, of 10 features) reads back whole.
    let (published, features, _) = db
        .layer_features_page(caller, "quoc-phong", None, 100, 0)
        .await
        .unwrap();
    assert_eq!(published.layer.version, 2);
    let fc = serde_json::json!({"features": features});
    assert_eq!(fc["features"].as_array().unwrap().len(), 10);
    assert_eq!(fc["features"][9]["id"], "QP-9");
}

/// A version written before features had rows (its GeoJSON in `content`) is moved into rows
/// when the database is next opened, and served page by page like any other.
#[tokio::test]
async fn versions_from_before_feature_rows_are_moved_into_rows() {
    let (test_db, _db, officer) = fixture().await;
    // Written as the code before migration 0005 wrote it.
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&test_db.url).await.unwrap();
    let content = serde_json::json!({"type": "FeatureCollection", "features": [
        square("QP-1", "defence_security", 103.0), square("QP-2", "defence_security", 103.5)]})
    .to_string();
    sqlx::query("INSERT INTO layers (key, name, province_code, owner_org_id, created_at) VALUES ('quoc-phong', 'Đất quốc phòng', '12', $1, '2026-01-01T00:00:00Z')")
        .bind(officer.organisation.id)
        .execute(&pool)
        .await
        .unwrap();
    sqlx::query("INSERT INTO layer_versions (layer_id, version, features, categories, content, sha256, uploaded_by, uploaded_at, published) \
                 SELECT id, 1, 2, 'defence_security', $1, 'x', 'A', '2026-01-01T00:00:00Z', 1 FROM layers")
        .bind(&content)
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;
    // The move happens when the database is brought up to this build.
    Planning::migrate(&test_db.url).await.expect("migrate");
    let reopened = Planning::open(&test_db.url, Clock::vietnam())
        .await
        .expect("reopen");
    let caller = Caller::from(&officer);
    let listed = reopened.published_layers(caller).await.unwrap();
    assert_eq!(listed.len(), 1);
    let (_, all, matched) = reopened
        .layer_features_page(caller, "quoc-phong", None, 10, 0)
        .await
        .unwrap();
    assert_eq!((all.len(), matched), (2, 2));
    // A box around the second square only.
    let (_, page, matched) = reopened
        .layer_features_page(
            caller,
            "quoc-phong",
            Some([103.4, 22.3, 103.6, 22.5]),
            10,
            0,
        )
        .await
        .unwrap();
    assert_eq!((page[0]["id"].as_str(), matched), (Some("QP-2"), 1));
    let (_, one) = reopened
        .layer_feature(caller, "quoc-phong", "QP-1")
        .await
        .expect("QP-1");
    assert_eq!(one["properties"]["category"], "defence_security");
}

/// Opens the same database as another server would, with its own clock.
async fn server_at(url: &str, now: chrono::DateTime<chrono::Utc>) -> Planning {
    Planning::open(url, Clock::from_fn(move || now))
        .await
        .expect("open")
}

#[tokio::test]
async fn an_import_job_is_in_the_database_for_every_server() {
    let (test_db, db, officer) = fixture().await;
    let caller = Caller::from(&officer);
    let now = chrono::Utc::now();

    // A bad key is refused before any job exists.
    let err = db
        .start_layer_import(caller, "Quốc phòng!", "Đất quốc phòng", "qp.zip")
        .await
        .err()
        .expect("a bad key is refused");
    assert!(err.to_string().contains("key"), "{err}");

    let tracker = db
        .start_layer_import(caller, "quoc-phong", "Đất quốc phòng", "qp.zip")
        .await
        .unwrap();
    let id = tracker.id();
    let other = server_at(&test_db.url, now).await;
    let job = other.import_job(caller, id).await.unwrap();
    assert_eq!(job.state, JobState::Running);
    assert_eq!(
        (job.key.as_str(), job.file_name.as_str()),
        ("quoc-phong", "qp.zip")
    );
    assert_eq!(job.percent(), 0);
    // Only the one who started it sees it.
    assert!(other.import_job(Caller::Operator, id).await.is_err());
    assert!(other.import_job(caller, id + 1000).await.is_err());

    // Progress reaches the database (a few times a second at most), read by the other server.
    let progress = tracker.progress();
    for done in 0..=5_000 {
        progress(done / 100, 200);
    }
    let mut seen = 0;
    for _ in 0..100 {
        seen = other.import_job(caller, id).await.unwrap().percent();
        if seen == 25 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(seen, 25, "50 of 200 read");

    tracker.finish(Ok((3, 120))).await.unwrap();
    let job = other.import_job(caller, id).await.unwrap();
    assert_eq!(
        job.state,
        JobState::Done {
            version: 3,
            features: 120
        }
    );
    assert_eq!(job.percent(), 100);
    // An hour after it ended, it is forgotten.
    let later = server_at(&test_db.url, now + chrono::TimeDelta::minutes(59)).await;
    assert!(later.import_job(caller, id).await.is_ok());
    let gone = server_at(&test_db.url, now + chrono::TimeDelta::minutes(61)).await;
    assert!(gone.import_job(caller, id).await.is_err());

    // A failure keeps its message for the page.
    let failing = db
        .start_layer_import(caller, "quoc-phong", "Đất quốc phòng", "hong.zip")
        .await
        .unwrap();
    let failed_id = failing.id();
    failing
        .finish(Err("Tệp không đọc được".into()))
        .await
        .unwrap();
    assert_eq!(
        other.import_job(caller, failed_id).await.unwrap().state,
        JobState::Failed("Tệp không đọc được".into())
    );

    // A server that stops mid-import stops its heartbeat: half a minute later the job reads
    // as interrupted.
    let dying = db
        .start_layer_import(caller, "quoc-phong", "Đất quốc phòng", "lon.gpkg")
        .await
        .unwrap();
    let dying_id = dying.id();
    drop(dying);
    assert_eq!(
        other.import_job(caller, dying_id).await.unwrap().state,
        JobState::Running
    );
    let soon = server_at(&test_db.url, now + chrono::TimeDelta::seconds(40)).await;
    assert_eq!(
        soon.import_job(caller, dying_id).await.unwrap().state,
        JobState::Interrupted
    );
}
