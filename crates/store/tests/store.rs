//! The store against a real database (SQLite, or PostgreSQL with PLANTRACK_TEST_DB): imports
//! are all or nothing, templates never change under a version, and of two concurrent commands
//! on one dossier exactly one wins.

// A test's helpers fail the test where they fail: unwrapping says where.
#![allow(clippy::unwrap_used, clippy::print_stderr)]

use std::path::PathBuf;

use chrono::NaiveDate;
use plantrack_domain::access::Caller;
use plantrack_domain::plan::{NewPlan, PlanType};
use plantrack_domain::unit::FormerUnit;
use plantrack_domain::workflow::{Actor, CommandKind};
use plantrack_gis::units_import::{Lineage, read_units_file};
use plantrack_store::planning::{Clock, Order};
use plantrack_store::testing::TestDb;
use plantrack_store::units::UnitFilter;
use plantrack_store::{Planning, StoreError};

fn data(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../data")
        .join(name)
}

async fn planning(db: &TestDb) -> Planning {
    Planning::migrate(&db.url).await.expect("migrate");
    Planning::open(
        &db.url,
        Clock::fixed(NaiveDate::from_ymd_opt(2025, 11, 25).unwrap()),
    )
    .await
    .expect("open")
}

async fn import(p: &Planning, name: &str) {
    p.import_units_file(Caller::Operator, &data(name), &mut |_, _| {})
        .await
        .expect(name);
}

async fn count_units(p: &Planning, province: &str) -> i64 {
    let filter = UnitFilter {
        parent_code: Some(province.into()),
        limit: 1,
        ..Default::default()
    };
    p.units(&filter).await.unwrap().1
}

#[tokio::test]
async fn imports_the_real_files_and_keeps_boundaries_when_a_list_comes_again() {
    let db = TestDb::new().await;
    let p = planning(&db).await;
    import(&p, "laichau_units_2025.json").await;
    import(&p, "laichau_communes_2025.geojson").await;
    import(&p, "laichau_merges_2025.json").await;
    assert_eq!(count_units(&p, "12").await, 38);
    let sin_ho = p.unit("03478").await.unwrap();
    assert!(sin_ho.has_boundary);
    assert!(sin_ho.unit.lineage.len() >= 3, "{:?}", sin_ho.unit.lineage);
    // The unit list has no geometry: importing it again must not erase the boundaries.
    import(&p, "laichau_units_2025.json").await;
    assert!(p.unit("03478").await.unwrap().has_boundary);
    let (_, boundary) = p.unit_boundary("03478").await.unwrap();
    assert!(boundary.is_some());
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
    assert_eq!(p.units(&all).await.unwrap().1, 34 + 3321);
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
    let err = p.import_units(Caller::Operator, &import).await.unwrap_err();
    assert!(err.to_string().contains("99999"), "{err}");
    // The valid entries before it were rolled back with it.
    assert!(p.unit("03478").await.unwrap().unit.lineage.is_empty());

    // Communes of a province that is not known: refused, nothing written.
    let db2 = TestDb::new().await;
    let p2 = planning(&db2).await;
    let err = p2
        .import_units_file(
            Caller::Operator,
            &data("laichau_communes_2025.geojson"),
            &mut |_, _| {},
        )
        .await
        .unwrap_err();
    assert!(err.to_string().contains("province 12"), "{err}");
    assert!(matches!(
        p2.unit("03478").await,
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
    let err = p
        .load_template(Caller::Operator, &changed)
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Duplicate { .. }), "{err}");
    // The built-in is version 3; the edit loads as version 4 and version 3 keeps its limit.
    let v4 = changed.replacen("version = 3", "version = 4", 1);
    p.load_template(Caller::Operator, &v4).await.unwrap();
    assert_eq!(p.template("vn.detailed", None).unwrap().version, 4);
    assert_eq!(
        p.template("vn.detailed", Some(3)).unwrap().as_ref().stages[5].time_limits[0].length,
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
    Planning::migrate(&db.url).await.unwrap();
    stored_detailed_is(&db.url, &before).await;
    let p = planning(&db).await;
    assert_eq!(
        p.template("vn.detailed", Some(3))
            .unwrap()
            .approved_after
            .as_deref(),
        Some("plan_approval")
    );

    // Text that differs only in its comments (an older build's) is brought to this build's.
    stored_detailed_is(&db.url, &format!("# an older build's comment\n{source}")).await;
    Planning::migrate(&db.url)
        .await
        .expect("comments change no dossier");

    let other = TestDb::new().await;
    Planning::migrate(&other.url).await.unwrap();
    stored_detailed_is(&other.url, &before.replacen("length = 6", "length = 5", 1)).await;
    let err = Planning::migrate(&other.url).await.unwrap_err();
    assert!(matches!(err, StoreError::Duplicate { .. }), "{err}");
}

/// A database made before the legal texts were translated (one English string each) opens,
/// and its stored built-in is brought to the translated text.
#[tokio::test]
async fn a_stored_builtin_with_english_only_legal_texts_is_brought_to_the_translations() {
    let source = include_str!("../../domain/templates/vn.detailed.toml");
    let english_only: String = source
        .lines()
        .map(|line| match line.strip_prefix("basis = { vi = ") {
            Some(rest) => {
                let en = rest.split(", en = ").nth(1).unwrap();
                format!("basis = {}\n", en.split(", id = ").next().unwrap())
            }
            None => format!("{line}\n"),
        })
        .collect();
    assert_ne!(english_only, source);
    let db = TestDb::new().await;
    Planning::migrate(&db.url).await.unwrap();
    stored_detailed_is(&db.url, &english_only).await;
    Planning::migrate(&db.url)
        .await
        .expect("the wording of the legal basis changes no dossier");
    let p = planning(&db).await;
    let stage = p.template("vn.detailed", Some(3)).unwrap();
    let basis = &stage.stages[1].basis;
    assert_ne!(basis.vi, basis.en, "the stored text is now translated");
}

/// Makes the stored text of vn.detailed version 3 (the built-in's) what an older build stored.
async fn stored_detailed_is(url: &str, source: &str) {
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(url).await.unwrap();
    sqlx::query(
        "UPDATE workflow_templates SET source = $1 WHERE key = 'vn.detailed' AND version = 3",
    )
    .bind(source)
    .execute(&pool)
    .await
    .unwrap();
    pool.close().await;
}

/// An older database is not opened until it is migrated, and says so.
#[tokio::test]
async fn a_database_is_migrated_by_migrate_only() {
    let db = TestDb::new().await;
    let err = Planning::open(&db.url, Clock::vietnam()).await.unwrap_err();
    assert!(matches!(err, StoreError::NotMigrated { .. }), "{err}");
    assert!(err.to_string().contains("plantrack migrate"), "{err}");
    let applied = Planning::migrate(&db.url).await.unwrap();
    assert!(!applied.is_empty());
    assert!(
        Planning::migrate(&db.url).await.unwrap().is_empty(),
        "nothing twice"
    );
    Planning::open(&db.url, Clock::vietnam()).await.unwrap();
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
        let (_, opened) = p
            .register_plan(Caller::Operator, &new, "test", None, Some(actor.clone()))
            .await
            .unwrap();
        let state = opened.state;
        let command = |title: &str| Order {
            expected_version: Some(state.version),
            actor: Some(actor.clone()),
            reason: "race".into(),
            effective_on: Some(state.opened_on),
            kind: CommandKind::AttachDocument {
                kind: "consultant_contract".into(),
                title: title.into(),
                reference: String::new(),
                file: None,
            },
        };
        let (a, b) = (command("A"), command("B"));
        let (ra, rb) = tokio::join!(
            p.execute(Caller::Operator, state.id, a),
            p.execute(Caller::Operator, state.id, b)
        );
        let wins = [ra.is_ok(), rb.is_ok()].iter().filter(|ok| **ok).count();
        assert_eq!(wins, 1, "round {round}: {ra:?} / {rb:?}");
        let ((Err(loser), Ok(_)) | (Ok(_), Err(loser))) = (ra, rb) else {
            unreachable!("exactly one won")
        };
        assert!(
            matches!(loser, StoreError::Conflict { .. } | StoreError::Domain(_)),
            "{loser:?}"
        );
        let events = p.events(Caller::Operator, state.id, None).await.unwrap();
        assert_eq!(events.len(), 2);
        let now = p.dossier(Caller::Operator, state.id).await.unwrap();
        assert_eq!(now.state.version, 2);
    }
}
