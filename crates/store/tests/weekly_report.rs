//! The weekly report by e-mail's store side (issue 14, item 3) on SQLite, or PostgreSQL with
//! PLANTRACK_TEST_DB: leadership opts in itself (or the administrator for it), other roles
//! and bad addresses are refused with nothing changed, each change an event of the province's
//! follow-up chain; a week is claimed once per account, whichever day of it.

// A test's helpers fail the test where they fail: unwrapping says where.
#![allow(clippy::unwrap_used)]

use plantrack_domain::access::{Caller, OrgKind, Principal, Role};
use plantrack_store::accounts::NewUser;
use plantrack_store::planning::Clock;
use plantrack_store::testing::TestDb;
use plantrack_store::{Planning, StoreError};

async fn account(p: &Planning, kind: OrgKind, name: &str, role: Role, username: &str) -> Principal {
    let org = match p
        .organisation_by_name(Caller::Operator, name)
        .await
        .unwrap()
    {
        Some(org) => org,
        None => p
            .create_organisation(Caller::Operator, kind, name, "12", None)
            .await
            .unwrap(),
    };
    p.create_user(
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
    p.principal_of(Caller::Operator, username).await.unwrap()
}

#[tokio::test]
async fn leadership_opts_in_others_are_refused_and_a_week_is_sent_once() {
    let db = TestDb::new().await;
    Planning::migrate(&db.url).await.unwrap();
    let p = Planning::open(&db.url, Clock::fixed("2025-12-01".parse().unwrap()))
        .await
        .unwrap();
    let pc = "UBND tỉnh Lai Châu";
    let lead = account(&p, OrgKind::ProvincialPc, pc, Role::Leadership, "lanhdao").await;
    let admin = account(&p, OrgKind::ProvincialPc, pc, Role::Administrator, "admin").await;
    let officer = account(
        &p,
        OrgKind::SectorDepartment,
        "Sở Tài chính",
        Role::DepartmentOfficer,
        "so-tc",
    )
    .await;

    // Off by default.
    assert!(
        p.weekly_report_subscribers(Caller::Operator)
            .await
            .unwrap()
            .is_empty()
    );
    let on = p
        .set_weekly_report(
            Caller::from(&lead),
            "lanhdao",
            Some(" LanhDao@LaiChau.Example "),
        )
        .await
        .unwrap();
    assert_eq!(on.as_deref(), Some("LanhDao@laichau.example"));

    // A department officer: not its role; nor may it set another account's.
    let refused = p
        .set_weekly_report(Caller::from(&officer), "so-tc", Some("tc@laichau.example"))
        .await;
    assert!(matches!(refused, Err(StoreError::Domain(_))), "{refused:?}");
    let other = p
        .set_weekly_report(Caller::from(&officer), "lanhdao", None)
        .await;
    assert!(matches!(other, Err(StoreError::Denied(_))), "{other:?}");
    // A bad address: refused, unchanged.
    let bad = p
        .set_weekly_report(Caller::from(&lead), "lanhdao", Some("lanhdao at laichau"))
        .await;
    assert!(matches!(bad, Err(StoreError::Domain(_))), "{bad:?}");
    assert_eq!(
        p.weekly_report_email(Caller::from(&admin), "lanhdao")
            .await
            .unwrap()
            .as_deref(),
        Some("LanhDao@laichau.example")
    );
    // The administrator opts itself in too.
    p.set_weekly_report(Caller::from(&admin), "admin", Some("admin@laichau.example"))
        .await
        .unwrap();
    let subscribers = p.weekly_report_subscribers(Caller::Operator).await.unwrap();
    let names: Vec<&str> = subscribers
        .iter()
        .map(|s| s.user.username.as_str())
        .collect();
    assert_eq!(names, ["admin", "lanhdao"]);
    assert!(
        p.weekly_report_subscribers(Caller::from(&lead))
            .await
            .is_err()
    );

    // A week is claimed once, whichever day of it; given back, it can be claimed again.
    let monday = "2025-12-01".parse().unwrap();
    let thursday = "2025-12-04".parse().unwrap();
    let next_monday = "2025-12-08".parse().unwrap();
    let to = "LanhDao@laichau.example";
    assert!(
        p.claim_weekly_report(Caller::Operator, lead.user_id, monday, to)
            .await
            .unwrap()
    );
    assert!(
        !p.claim_weekly_report(Caller::Operator, lead.user_id, thursday, to)
            .await
            .unwrap()
    );
    assert!(
        p.weekly_report_sent(Caller::Operator, lead.user_id, thursday)
            .await
            .unwrap()
    );
    assert!(
        !p.weekly_report_sent(Caller::Operator, lead.user_id, next_monday)
            .await
            .unwrap()
    );
    p.release_weekly_report(Caller::Operator, lead.user_id, thursday)
        .await
        .unwrap();
    assert!(
        p.claim_weekly_report(Caller::Operator, lead.user_id, thursday, to)
            .await
            .unwrap()
    );

    // Off again.
    assert_eq!(
        p.set_weekly_report(Caller::from(&admin), "lanhdao", None)
            .await
            .unwrap(),
        None
    );

    // Three changes, three events, the chain whole.
    let report = p
        .verify_history(Caller::Operator, &mut |_| {})
        .await
        .unwrap();
    assert_eq!(report.follow_up_events, 3);
    assert!(report.follow_up_broken.is_none());
}
