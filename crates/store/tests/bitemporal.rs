//! Reports on two time axes (issue 11): what a report said about a day can always be read
//! again, however late a change dated before it is recorded; how far back a change may be
//! dated is bounded; every date is plausible. On SQLite and PostgreSQL (`PLANTRACK_TEST_DB`).

// A test's helpers fail the test where they fail: unwrapping says where.
#![allow(clippy::unwrap_used)]

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, NaiveDate, Utc};
use plantrack_domain::DomainError;
use plantrack_domain::access::{Caller, Organisation, Principal, Role};
use plantrack_domain::calendar::bounds::{end_of_vietnam_day, parse_known_on};
use plantrack_domain::error::DateProblem;
use plantrack_domain::plan::{NewPlan, PlanType};
use plantrack_domain::progress::{ProgressReport, recorded_late};
use plantrack_domain::workflow::{Actor, CommandKind};
use plantrack_store::planning::{Clock, Order, ProgressQuery};
use plantrack_store::testing::TestDb;
use plantrack_store::{Planning, StoreError};

const UNITS: [&str; 3] = ["03478", "03508", "03532"];

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// A time in Vietnam.
fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

/// A clock the test moves by hand: record time is the store's, never the caller's.
struct Hand(Arc<Mutex<DateTime<Utc>>>);

impl Hand {
    fn set(&self, t: &str) {
        *self.0.lock().unwrap() = at(t);
    }
}

async fn planning(db: &TestDb) -> (Planning, Hand) {
    Planning::migrate(&db.url).await.unwrap();
    let now = Arc::new(Mutex::new(at("2025-07-10T09:00:00+07:00")));
    let read = now.clone();
    let p = Planning::open(&db.url, Clock::from_fn(move || *read.lock().unwrap()))
        .await
        .unwrap();
    let units =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../data/laichau_units_2025.json");
    p.import_units_file(Caller::Operator, &units, &mut |_, _| {})
        .await
        .unwrap();
    (p, Hand(now))
}

fn commune_pc() -> Actor {
    Actor {
        name: "UBND xã".into(),
        role: "commune_pc".into(),
    }
}

fn officer(role: Role, unit: Option<&str>) -> Principal {
    Principal {
        user_id: 7,
        username: "canbo".into(),
        display_name: "Cán bộ".into(),
        role,
        organisation: Organisation {
            id: 3,
            kind: role.organisation_kind(),
            name: "Cơ quan".into(),
            province_code: "12".into(),
            unit_code: unit.map(str::to_owned),
            sector: None,
        },
        authenticated_by: plantrack_domain::access::Authentication::Session,
    }
}

fn order(kind: CommandKind, on: &str, actor: Option<Actor>) -> Order {
    Order {
        kind,
        reason: "ghi nhận theo biên bản".into(),
        effective_on: Some(day(on)),
        expected_version: None,
        actor,
    }
}

fn contract() -> CommandKind {
    CommandKind::AttachDocument {
        kind: "consultant_contract".into(),
        title: "Hợp đồng tư vấn".into(),
        reference: String::new(),
        file: None,
    }
}

fn select() -> CommandKind {
    CommandKind::Transition {
        action: "select_consultant".into(),
    }
}

/// Three plans opened in July 2025 with their consultant contracts attached; returns their
/// dossier ids.
async fn three_dossiers(p: &Planning, hand: &Hand) -> Vec<i64> {
    let mut ids = Vec::new();
    for unit in UNITS {
        hand.set("2025-07-10T09:00:00+07:00");
        let new = NewPlan::new(unit, PlanType::CommuneGeneral, format!("QHC xã {unit}"));
        let (_, reading) = p
            .register_plan(
                Caller::Operator,
                &new,
                "mở hồ sơ",
                Some(day("2025-07-10")),
                Some(commune_pc()),
            )
            .await
            .unwrap();
        let id = reading.state.id;
        hand.set("2025-08-01T15:00:00+07:00");
        p.execute(
            Caller::Operator,
            id,
            order(contract(), "2025-08-01", Some(commune_pc())),
        )
        .await
        .unwrap();
        ids.push(id);
    }
    ids
}

fn province_query(as_of: &str, known: Option<DateTime<Utc>>) -> ProgressQuery {
    ProgressQuery {
        as_of: Some(day(as_of)),
        as_known_on: known,
        province: Some("12".into()),
        ..Default::default()
    }
}

/// Each dossier's stage, status and due date, in dossier order.
fn positions(r: &ProgressReport) -> Vec<(i64, String, String, Option<NaiveDate>)> {
    let mut v: Vec<_> = r
        .units
        .iter()
        .flat_map(|u| u.plans.iter())
        .map(|p| {
            (
                p.dossier_id,
                p.stage.clone(),
                p.status.as_str().to_owned(),
                p.due_on,
            )
        })
        .collect();
    v.sort();
    v
}

fn date_problem(e: &StoreError) -> Option<DateProblem> {
    match e {
        StoreError::Domain(DomainError::BadDate { why, .. }) => Some(*why),
        _ => None,
    }
}

#[tokio::test]
async fn a_meetings_report_reads_the_same_after_a_late_change() {
    let db = TestDb::new().await;
    let (p, hand) = planning(&db).await;
    let ids = three_dossiers(&p, &hand).await;

    // The meeting of 25/11/2025 reads the report.
    hand.set("2025-11-25T10:00:00+07:00");
    let meeting = p
        .progress(Caller::Operator, &province_query("2025-11-25", None))
        .await
        .unwrap();
    let shown = meeting
        .as_known_on
        .expect("a report names the instant it shows");
    assert_eq!(shown, at("2025-11-25T10:00:00+07:00"));
    assert!(
        positions(&meeting)
            .iter()
            .all(|(_, stage, _, _)| stage == "consultant_selection")
    );

    // A year later the selection of 14/11/2025 is entered, by the one allowed to date it so far
    // back (the operator, here), naming the commune as the actor.
    hand.set("2026-12-03T09:00:00+07:00");
    p.execute(
        Caller::Operator,
        ids[1],
        order(select(), "2025-11-14", Some(commune_pc())),
    )
    .await
    .unwrap();

    // The meeting's report, asked for with the instant it printed or with the meeting's day,
    // is the same report.
    for known in [
        Some(shown),
        parse_known_on("2025-11-25"),
        parse_known_on("25/11/2025"),
    ] {
        let again = p
            .progress(Caller::Operator, &province_query("2025-11-25", known))
            .await
            .unwrap();
        assert_eq!(
            positions(&again),
            positions(&meeting),
            "as known on {known:?}"
        );
        assert_eq!(again.stages, meeting.stages);
    }
    // The country's counts, made by the database, agree.
    let country = |known| ProgressQuery {
        as_of: Some(day("2025-11-25")),
        as_known_on: known,
        ..Default::default()
    };
    let counted_then = p
        .progress(Caller::Operator, &country(Some(shown)))
        .await
        .unwrap();
    assert_eq!(counted_then.stages.iter().map(|s| s.count).sum::<u64>(), 3);
    assert!(
        counted_then
            .stages
            .iter()
            .all(|s| s.stage == "consultant_selection")
    );

    // As known now, the same day reads differently, and exactly that dossier is named as
    // recorded late.
    let now = p
        .progress(Caller::Operator, &province_query("2025-11-25", None))
        .await
        .unwrap();
    assert_eq!(now.as_known_on, Some(at("2026-12-03T09:00:00+07:00")));
    let moved: Vec<_> = positions(&now)
        .into_iter()
        .filter(|(_, stage, _, _)| stage == "task_preparation")
        .map(|(id, ..)| id)
        .collect();
    assert_eq!(moved, [ids[1]]);
    let flat = |r: &ProgressReport| -> Vec<_> {
        r.units
            .iter()
            .flat_map(|u| u.plans.iter().cloned())
            .collect()
    };
    let late = recorded_late(&flat(&meeting), &flat(&now));
    assert_eq!(late.len(), 1);
    assert_eq!(late[0].now.as_ref().unwrap().dossier_id, ids[1]);
    let counted_now = p.progress(Caller::Operator, &country(None)).await.unwrap();
    assert_ne!(counted_now.stages, counted_then.stages);

    // Before the plans were recorded at all, nothing was known.
    let before = p
        .progress(
            Caller::Operator,
            &province_query("2025-11-25", Some(at("2025-07-01T00:00:00Z"))),
        )
        .await
        .unwrap();
    assert_eq!(before.total, 0);
}

#[tokio::test]
async fn backdating_is_bounded_by_the_template_except_for_leadership() {
    let db = TestDb::new().await;
    let (p, hand) = planning(&db).await;
    let ids = three_dossiers(&p, &hand).await;
    hand.set("2025-12-20T09:00:00+07:00");
    let commune = officer(Role::CommuneOfficer, Some(UNITS[0]));

    // 36 days back: beyond the month a commune may date a change.
    let refused = p
        .execute(
            Caller::from(&commune),
            ids[0],
            order(select(), "2025-11-14", None),
        )
        .await
        .unwrap_err();
    assert_eq!(
        date_problem(&refused),
        Some(DateProblem::BackdatedTooFar {
            days: 36,
            limit: 30
        }),
        "{refused:?}"
    );
    let untouched = p.dossier(Caller::Operator, ids[0]).await.unwrap();
    assert_eq!(untouched.state.version, 2, "nothing was written");

    // 30 days back is within the bound.
    p.execute(
        Caller::from(&commune),
        ids[0],
        order(select(), "2025-11-20", None),
    )
    .await
    .unwrap();

    // The provincial leadership may date further back, with its reason.
    let leader = officer(Role::Leadership, None);
    p.execute(
        Caller::from(&leader),
        ids[1],
        order(contract(), "2025-09-01", None),
    )
    .await
    .unwrap();

    // A plan's opening is bounded alike.
    let new = NewPlan::new(UNITS[2], PlanType::CommuneGeneral, "QHC xã mới");
    let refused = p
        .register_plan(
            Caller::from(&commune_of(UNITS[2])),
            &new,
            "mở",
            Some(day("2025-10-01")),
            None,
        )
        .await
        .unwrap_err();
    assert!(
        matches!(
            date_problem(&refused),
            Some(DateProblem::BackdatedTooFar { .. })
        ),
        "{refused:?}"
    );
}

fn commune_of(unit: &str) -> Principal {
    officer(Role::CommuneOfficer, Some(unit))
}

#[tokio::test]
async fn implausible_dates_are_refused_and_nothing_is_stored() {
    let db = TestDb::new().await;
    let (p, hand) = planning(&db).await;
    let ids = three_dossiers(&p, &hand).await;
    hand.set("2025-11-25T10:00:00+07:00");

    let new = NewPlan::new(UNITS[0], PlanType::Detailed, "QHCT");
    let refused = p
        .register_plan(
            Caller::Operator,
            &new,
            "mở",
            Some(day("1000-01-01")),
            Some(commune_pc()),
        )
        .await
        .unwrap_err();
    assert_eq!(
        date_problem(&refused),
        Some(DateProblem::OutOfBounds),
        "{refused:?}"
    );
    let total = p
        .progress(Caller::Operator, &province_query("2025-11-25", None))
        .await
        .unwrap()
        .total;
    assert_eq!(total, 3, "no plan was registered");

    let extend = CommandKind::ExtendDeadline {
        new_due_on: day("9999-12-31"),
        approver: "UBND tỉnh".into(),
    };
    let leader = Actor {
        name: "UBND tỉnh".into(),
        role: "provincial_pc".into(),
    };
    let refused = p
        .execute(
            Caller::Operator,
            ids[0],
            order(extend, "2025-11-25", Some(leader)),
        )
        .await
        .unwrap_err();
    assert_eq!(
        date_problem(&refused),
        Some(DateProblem::OutOfBounds),
        "{refused:?}"
    );

    for q in [
        province_query("1000-01-01", None),
        province_query("2025-11-25", Some(at("1000-01-01T00:00:00Z"))),
    ] {
        let refused = p.progress(Caller::Operator, &q).await.unwrap_err();
        assert_eq!(
            date_problem(&refused),
            Some(DateProblem::OutOfBounds),
            "{q:?}"
        );
    }
    // An instant still to come reads as now.
    let future = p
        .progress(
            Caller::Operator,
            &province_query("2025-11-25", Some(end_of_vietnam_day(day("2030-01-01")))),
        )
        .await
        .unwrap();
    assert_eq!(future.as_known_on, Some(at("2025-11-25T10:00:00+07:00")));
}
