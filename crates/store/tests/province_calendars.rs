//! Calendars and decisions belong to a province (SQLite, or PostgreSQL with
//! PLANTRACK_TEST_DB): a province's overrides move its own dossiers' deadlines and no other
//! province's; leadership changes and reads only its own province's; the audit of
//! leadership covers its province's dossiers only.

// A test's helpers fail the test where they fail: unwrapping says where.
#![allow(clippy::unwrap_used, clippy::print_stderr)]

use std::path::PathBuf;

use chrono::{Datelike, NaiveDate, Weekday};
use plantrack_domain::access::{Caller, OrgKind, Principal, Role};
use plantrack_domain::calendar::{DayOverride, DayOverrideKind, WorkingCalendar};
use plantrack_domain::plan::{NewPlan, PlanType};
use plantrack_domain::workflow::{Actor, CommandKind};
use plantrack_store::accounts::NewUser;
use plantrack_store::planning::{Clock, Order};
use plantrack_store::testing::TestDb;
use plantrack_store::{Planning, StoreError};

const TODAY: (i32, u32, u32) = (2025, 11, 25);

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(TODAY.0, TODAY.1, TODAY.2).unwrap()
}

/// A database with every province's units (Lai Châu is 12, Hà Nội 01).
async fn national() -> (TestDb, Planning) {
    let db = TestDb::new().await;
    Planning::migrate(&db.url).await.unwrap();
    let p = Planning::open(&db.url, Clock::fixed(today()))
        .await
        .unwrap();
    let file = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../data/vn_units_2025.json");
    p.import_units_file(Caller::Operator, &file, &mut |_, _| {})
        .await
        .unwrap();
    (db, p)
}

/// The leadership account of a province.
async fn leadership(p: &Planning, province: &str) -> Principal {
    let org = p
        .create_organisation(
            Caller::Operator,
            OrgKind::ProvincialPc,
            &format!("UBND tỉnh {province}"),
            province,
            None,
        )
        .await
        .unwrap();
    let user = p
        .create_user(
            Caller::Operator,
            NewUser {
                username: format!("lanhdao{province}"),
                display_name: format!("Lãnh đạo tỉnh {province}"),
                password: "mật-khẩu-thử-nghiệm-dài".into(),
                role: Role::Leadership,
                organisation_id: org.id,
            },
        )
        .await
        .unwrap();
    p.principal_of(Caller::Operator, &user.username)
        .await
        .unwrap()
}

/// Opens a commune general plan in `unit` today and selects its consultant: the dossier
/// enters the task's preparation, due a month later (rolled to a working day). Returns its
/// id and that due date.
async fn open(p: &Planning, unit: &str, n: usize) -> (i64, NaiveDate) {
    let new = NewPlan::new(
        unit,
        PlanType::CommuneGeneral,
        format!("Quy hoạch chung {n}"),
    );
    let actor = Actor {
        name: "UBND xã".into(),
        role: "commune_pc".into(),
    };
    let (_, reading) = p
        .register_plan(Caller::Operator, &new, "thử", None, Some(actor.clone()))
        .await
        .unwrap();
    let id = reading.state.id;
    let steps = [
        CommandKind::AttachDocument {
            kind: "consultant_contract".into(),
            title: "Hợp đồng".into(),
            reference: String::new(),
            file: None,
        },
        CommandKind::Transition {
            action: "select_consultant".into(),
        },
    ];
    let mut due = None;
    for kind in steps {
        let order = Order {
            kind,
            reason: "thử".into(),
            effective_on: None,
            expected_version: None,
            actor: Some(actor.clone()),
        };
        due = p
            .execute(Caller::Operator, id, order)
            .await
            .unwrap()
            .1
            .state
            .due_on;
    }
    (id, due.expect("the task's preparation has a time limit"))
}

fn day_off(date: NaiveDate) -> DayOverride {
    DayOverride {
        date,
        kind: DayOverrideKind::DayOff,
        note: "Quyết định nghỉ của tỉnh (thử)".into(),
    }
}

#[tokio::test]
async fn a_provinces_overrides_move_its_own_deadlines_only() {
    let (_db, p) = national().await;
    let (_, before) = open(&p, "03478", 1).await;
    assert!(!matches!(before.weekday(), Weekday::Sat | Weekday::Sun));
    // Lai Châu makes that day a day off.
    let lai_chau = leadership(&p, "12").await;
    p.set_calendar_override(Caller::from(&lai_chau), None, &day_off(before))
        .await
        .unwrap();
    let (_, lai_chau_due) = open(&p, "03478", 2).await;
    assert!(
        lai_chau_due > before,
        "Lai Châu's days off move its deadline: {lai_chau_due} after {before}"
    );
    assert_eq!(
        lai_chau_due,
        p.calendar_of("12").roll_forward(lai_chau_due),
        "counted with Lai Châu's calendar"
    );
    // A ward of Hà Nội opened the same day keeps the national calendar's deadline.
    let (_, ha_noi_due) = open(&p, "00004", 3).await;
    assert_eq!(ha_noi_due, before);
    assert!(
        p.calendar_of("01")
            .is_working_day(today().succ_opt().unwrap())
    );
}

#[tokio::test]
async fn leadership_changes_and_reads_its_own_provinces_calendar_and_decisions() {
    let (_db, p) = national().await;
    let ha_noi = leadership(&p, "01").await;
    let lai_chau = leadership(&p, "12").await;
    let monday = NaiveDate::from_ymd_opt(2031, 3, 3).unwrap();

    // Hà Nội's leadership cannot move Lai Châu's days, nor the nation's.
    let refused = p
        .set_calendar_override(Caller::from(&ha_noi), Some("12"), &day_off(monday))
        .await;
    assert!(matches!(refused, Err(StoreError::Denied(_))), "{refused:?}");
    assert!(p.calendar_of("12").is_working_day(monday));
    p.set_calendar_override(Caller::from(&ha_noi), None, &day_off(monday))
        .await
        .unwrap();
    assert!(!p.calendar_of("01").is_working_day(monday));
    assert!(
        p.calendar_of("12").is_working_day(monday),
        "Hà Nội's day only"
    );
    assert!(p.national_calendar().is_working_day(monday));
    // Nor read Lai Châu's calendar; an unknown province is bad input, not an empty calendar.
    assert!(matches!(
        p.calendar_for(Caller::from(&ha_noi), Some("12")).await,
        Err(StoreError::Denied(_))
    ));
    let (province, _) = p.calendar_for(Caller::from(&ha_noi), None).await.unwrap();
    assert_eq!(province.as_deref(), Some("01"));
    assert!(matches!(
        p.calendar_for(Caller::Operator, Some("99")).await,
        Err(StoreError::Domain(_))
    ));
    // The operator's national override applies in every province.
    let tuesday = monday.succ_opt().unwrap();
    p.set_calendar_override(Caller::Operator, None, &day_off(tuesday))
        .await
        .unwrap();
    for province in ["01", "12"] {
        assert!(!p.calendar_of(province).is_working_day(tuesday));
    }

    // Decisions: the same number in two provinces; each reads its own.
    for leader in [&ha_noi, &lai_chau] {
        p.record_decision(
            Caller::from(leader),
            None,
            "12/QĐ-UBND",
            today(),
            "UBND tỉnh",
            "Phân bổ kinh phí (thử)",
        )
        .await
        .unwrap();
    }
    let refused = p
        .record_decision(
            Caller::from(&ha_noi),
            Some("12"),
            "13/QĐ-UBND",
            today(),
            "UBND tỉnh",
            "Thử",
        )
        .await;
    assert!(matches!(refused, Err(StoreError::Denied(_))), "{refused:?}");
    let own = p.decisions(Caller::from(&ha_noi), None).await.unwrap();
    assert_eq!(own.len(), 1);
    assert_eq!(own[0].province_code.as_deref(), Some("01"));
    assert!(matches!(
        p.decisions(Caller::from(&ha_noi), Some("12")).await,
        Err(StoreError::Denied(_))
    ));
    assert_eq!(p.decisions(Caller::Operator, None).await.unwrap().len(), 2);
}

#[tokio::test]
async fn leadership_verifies_its_own_provinces_history() {
    let (_db, p) = national().await;
    open(&p, "03478", 1).await;
    open(&p, "03478", 2).await;
    open(&p, "00004", 3).await;
    let ha_noi = leadership(&p, "01").await;
    let report = p
        .verify_history(Caller::from(&ha_noi), &mut |_| {})
        .await
        .unwrap();
    assert_eq!(report.dossiers, 1, "Hà Nội's dossier only");
    assert!(report.first_broken.is_none());
    let all = p
        .verify_history(Caller::Operator, &mut |_| {})
        .await
        .unwrap();
    assert_eq!(all.dossiers, 3);
}
