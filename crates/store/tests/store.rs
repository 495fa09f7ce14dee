//! The store against a real database (SQLite, or PostgreSQL with PLANTRACK_TEST_DB): imports
//! are all or nothing, templates never change under a version, and of two concurrent commands
//! on one dossier exactly one wins.

use std::path::PathBuf;

use chrono::NaiveDate;
use plantrack_domain::plan::{NewPlan, PlanType};
use plantrack_domain::unit::FormerUnit;
use plantrack_domain::workflow::{Actor, Command, CommandKind};
use plantrack_gis::units_import::{Lineage, read_units_file};
use plantrack_store::planning::Clock;
use plantrack_store::testing::TestDb;
use plantrack_store::units::UnitFilter;
use plantrack_store::{Planning, StoreError};

fn data(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../data")
        .join(name)
}

async fn planning(db: &TestDb) -> Planning {
    Planning::open(
        &db.url,
        Clock::fixed(NaiveDate::from_ymd_opt(2025, 11, 25).unwrap()),
    )
    .await
    .expect("open")
}

async fn import(p: &Planning, name: &str) {
    p.import_units_file(&data(name), &mut |_, _| {})
        .await
        .expect(name);
}

async fn count_units(p: &Planning, province: &str) -> i64 {
    let filter = UnitFilter {
        parent_code: Some(province.into()),
        limit: 1,
        ..Default::default()
    };
    p.db.units(&filter).await.unwrap().1
}

#[tokio::test]
async fn imports_the_real_files_and_keeps_boundaries_when_a_list_comes_again() {
    let db = TestDb::new().await;
    let p = planning(&db).await;
    import(&p, "laichau_units_2025.json").await;
    import(&p, "laichau_communes_2025.geojson").await;
    import(&p, "laichau_merges_2025.json").await;
    assert_eq!(count_units(&p, "12").await, 38);
    let sin_ho = p.db.unit("03478").await.unwrap();
    assert!(sin_ho.has_boundary);
    assert!(sin_ho.unit.lineage.len() >= 3, "{:?}", sin_ho.unit.lineage);
    // The unit list has no geometry: importing it again must not erase the boundaries.
    import(&p, "laichau_units_2025.json").await;
    assert!(p.db.unit("03478").await.unwrap().has_boundary);
    let wkb = p.db.unit_boundary("03478").await.unwrap().unwrap();
    assert!(plantrack_gis::wkb::from_wkb(&wkb).is_ok());
}

#[tokio::test]
async fn the_national_list_imports_34_provinces_and_3321_units() {
    let db = TestDb::new().await;
    let p = planning(&db).await;
    import(&p, "vn_units_2025.json").await;
    let all = UnitFilter {
        limit: 1,
        ..Default::default()
    };
    assert_eq!(p.db.units(&all).await.unwrap().1, 34 + 3321);
}

#[tokio::test]
async fn a_failing_import_leaves_nothing_behind() {
    let db = TestDb::new().await;
    let p = planning(&db).await;
    import(&p, "laichau_units_2025.json").await;
    // A valid lineage file with one entry naming an unknown unit after valid ones.
    let mut import = read_units_file(&data("laichau_merges_2025.json"), &mut |_, _| {}).unwrap();
    assert!(import.lineage.len() > 5);
    import.lineage.push(Lineage {
        unit_code: "99999".into(),
        former: vec![FormerUnit {
            code: "1".into(),
            name: "x".into(),
            merge_type: "full".into(),
        }],
    });
    let err = p.db.import_units(&import).await.unwrap_err();
    assert!(err.to_string().contains("99999"), "{err}");
    // The valid entries before it were rolled back with it.
    assert!(p.db.unit("03478").await.unwrap().unit.lineage.is_empty());

    // Communes of a province that is not known: refused, nothing written.
    let db2 = TestDb::new().await;
    let p2 = planning(&db2).await;
    let err = p2
        .import_units_file(&data("laichau_communes_2025.geojson"), &mut |_, _| {})
        .await
        .unwrap_err();
    assert!(err.to_string().contains("province 12"), "{err}");
    assert!(matches!(
        p2.db.unit("03478").await,
        Err(StoreError::NotFound { .. })
    ));
}

#[tokio::test]
async fn a_stored_template_version_never_changes() {
    let db = TestDb::new().await;
    let p = planning(&db).await;
    let source = include_str!("../../domain/templates/vn.detailed.toml");
    let changed = source.replacen("length = 6", "length = 5", 1);
    assert_ne!(changed, source, "the test edits a limit");
    let err = p.load_template(&changed).await.unwrap_err();
    assert!(matches!(err, StoreError::Duplicate { .. }), "{err}");
    let v2 = changed.replacen("version = 1", "version = 2", 1);
    p.load_template(&v2).await.unwrap();
    assert_eq!(p.template("vn.detailed", None).unwrap().version, 2);
    assert_eq!(
        p.template("vn.detailed", Some(1)).unwrap().as_ref().stages[5].time_limits[0].length,
        6
    );
}

/// A database made before the built-ins named their approval stage opens, and its stored
/// version gains the field; a stored version that differs otherwise still stops the opening.
#[tokio::test]
async fn a_stored_builtin_gains_its_approval_stage_and_nothing_else() {
    let source = include_str!("../../domain/templates/vn.detailed.toml");
    let line = "approved_after = \"plan_approval\"\n";
    assert!(source.contains(line));
    let before = source.replace(line, "");
    let db = TestDb::new().await;
    let raw = plantrack_store::Db::connect(&db.url).await.unwrap();
    raw.store_template(&before).await.unwrap();
    raw.close().await;
    let p = planning(&db).await;
    assert_eq!(
        p.template("vn.detailed", Some(1))
            .unwrap()
            .approved_after
            .as_deref(),
        Some("plan_approval")
    );

    let other = TestDb::new().await;
    let raw = plantrack_store::Db::connect(&other.url).await.unwrap();
    raw.store_template(&before.replacen("length = 6", "length = 5", 1))
        .await
        .unwrap();
    raw.close().await;
    let err = Planning::open(&other.url, Clock::vietnam())
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Duplicate { .. }), "{err}");
}

#[tokio::test]
async fn of_two_concurrent_commands_exactly_one_wins() {
    let db = TestDb::new().await;
    let p = planning(&db).await;
    import(&p, "laichau_units_2025.json").await;
    let actor = Actor {
        name: "UBND xã Sìn Hồ".into(),
        role: "commune_pc".into(),
    };
    for round in 0..8 {
        let new = NewPlan::new(
            "03478",
            PlanType::Detailed,
            format!("Quy hoạch chi tiết {round}"),
        );
        let (_, state) = p.create_plan(&new, &actor, "test", None).await.unwrap();
        let command = |title: &str| Command {
            expected_version: Some(state.version),
            actor: actor.clone(),
            reason: "race".into(),
            effective_on: state.opened_on,
            kind: CommandKind::AttachDocument {
                kind: "consultant_contract".into(),
                title: title.into(),
                reference: String::new(),
                file: None,
            },
        };
        let (a, b) = (command("A"), command("B"));
        let (ra, rb) = tokio::join!(p.execute(state.id, &a), p.execute(state.id, &b));
        let wins = [ra.is_ok(), rb.is_ok()].iter().filter(|ok| **ok).count();
        assert_eq!(wins, 1, "round {round}: {ra:?} / {rb:?}");
        let loser = match (ra, rb) {
            (Err(e), Ok(_)) | (Ok(_), Err(e)) => e,
            _ => unreachable!("exactly one won"),
        };
        assert!(
            matches!(loser, StoreError::Conflict { .. } | StoreError::Domain(_)),
            "{loser:?}"
        );
        assert_eq!(p.db.events(state.id, None).await.unwrap().len(), 2);
        assert_eq!(p.db.dossier(state.id).await.unwrap().version, 2);
    }
}
