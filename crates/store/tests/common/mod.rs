//! What the store's tests of the follow-up share: days, Lai Châu's units in a fresh store
//! whose clock the test moves, accounts, and a commune general plan opened to its task.
// Each test file uses some of the helpers only.
#![allow(dead_code, clippy::unwrap_used)]

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, NaiveDate, Utc};
use plantrack_domain::access::{Caller, OrgKind, Principal, Role};
use plantrack_domain::plan::{NewPlan, PlanType};
use plantrack_domain::workflow::{Actor, CommandKind};
use plantrack_store::Planning;
use plantrack_store::accounts::NewUser;
use plantrack_store::planning::{Clock, Order};
use plantrack_store::testing::TestDb;

pub fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// Noon in Vietnam on `day`.
pub fn noon(day: NaiveDate) -> DateTime<Utc> {
    day.and_hms_opt(5, 0, 0).unwrap().and_utc()
}

/// A fresh store (`PLANTRACK_TEST_DB` picks the backend) with Lai Châu's units, its clock at
/// noon on `day` and the hand that moves it.
pub async fn lai_chau_on(day: NaiveDate) -> (TestDb, Planning, Arc<Mutex<DateTime<Utc>>>) {
    let db = TestDb::new().await;
    Planning::migrate(&db.url).await.unwrap();
    let hand = Arc::new(Mutex::new(noon(day)));
    let clock_hand = hand.clone();
    let p = Planning::open(&db.url, Clock::from_fn(move || *clock_hand.lock().unwrap()))
        .await
        .unwrap();
    let file = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../data/laichau_units_2025.json");
    p.import_units_file(Caller::Operator, &file, &mut |_, _| {})
        .await
        .unwrap();
    (db, p, hand)
}

pub async fn account(
    p: &Planning,
    kind: OrgKind,
    name: &str,
    province: &str,
    unit: Option<&str>,
    role: Role,
    username: &str,
) -> Principal {
    let org = p
        .create_organisation(Caller::Operator, kind, name, province, unit)
        .await
        .unwrap();
    let user = p
        .create_user(
            Caller::Operator,
            NewUser {
                username: username.into(),
                display_name: format!("{name} (thử)"),
                password: "mật-khẩu-thử-nghiệm-dài".into(),
                role,
                organisation_id: org.id,
            },
        )
        .await
        .unwrap();
    p.principal_of(Caller::Operator, &user.username)
        .await
        .unwrap()
}

/// Opens a commune general plan in `unit` on 20/11/2025 and selects its consultant: it
/// enters the preparation of the planning task.
pub async fn open(p: &Planning, unit: &str) -> i64 {
    let new = NewPlan::new(
        unit,
        PlanType::CommuneGeneral,
        format!("Quy hoạch chung {unit}"),
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
    for kind in [
        CommandKind::AttachDocument {
            kind: "consultant_contract".into(),
            title: "Hợp đồng".into(),
            reference: String::new(),
            file: None,
        },
        CommandKind::Transition {
            action: "select_consultant".into(),
        },
    ] {
        p.execute(Caller::Operator, id, order(kind, None))
            .await
            .unwrap();
    }
    id
}

pub fn order(kind: CommandKind, on: Option<NaiveDate>) -> Order {
    Order {
        kind,
        reason: "thử".into(),
        effective_on: on,
        expected_version: None,
        actor: Some(Actor {
            name: "UBND xã".into(),
            role: "commune_pc".into(),
        }),
    }
}
