//! The daily digest's store side (issue 13, item 6) on SQLite, or PostgreSQL with
//! PLANTRACK_TEST_DB: who may set an organisation's contact, a bad address refused with
//! nothing changed, each change an event of the province's follow-up chain; and the claim on
//! a day's sending, which only one of two servers wins.

// A test's helpers fail the test where they fail: unwrapping says where.
#![allow(clippy::unwrap_used)]

use plantrack_domain::Language;
use plantrack_domain::access::{Caller, Denied, OrgKind, Principal, Role};
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

async fn planning(db: &TestDb) -> Planning {
    Planning::migrate(&db.url).await.unwrap();
    Planning::open(&db.url, Clock::fixed("2025-12-01".parse().unwrap()))
        .await
        .unwrap()
}

#[tokio::test]
async fn an_organisation_sets_its_own_contact_the_administrator_any_and_each_change_is_chained() {
    let db = TestDb::new().await;
    let p = planning(&db).await;
    let officer = account(
        &p,
        OrgKind::SectorDepartment,
        "Sở Nông nghiệp và Môi trường",
        Role::DepartmentOfficer,
        "so-nnmt",
    )
    .await;
    let other = account(
        &p,
        OrgKind::SectorDepartment,
        "Sở Tài chính",
        Role::DepartmentOfficer,
        "so-tc",
    )
    .await;
    let admin = account(
        &p,
        OrgKind::ProvincialPc,
        "UBND tỉnh Lai Châu",
        Role::Administrator,
        "admin",
    )
    .await;
    let own = officer.organisation.id.to_string();

    let set = p
        .set_organisation_contact(
            Caller::from(&officer),
            &own,
            Some(" VanThu@SoNNMT.Example "),
            Language::En,
        )
        .await
        .unwrap();
    assert_eq!(set.contact_email.as_deref(), Some("VanThu@sonnmt.example"));
    assert_eq!(set.contact_language, Language::En);

    // Another organisation's: refused, unchanged.
    let refused = p
        .set_organisation_contact(
            Caller::from(&other),
            &own,
            Some("x@y.example"),
            Language::Vi,
        )
        .await;
    assert!(matches!(
        refused,
        Err(StoreError::Denied(Denied::Forbidden { .. }))
    ));
    // Nobody signed in: refused.
    assert!(
        p.set_organisation_contact(Caller::Account(None), &own, None, Language::Vi)
            .await
            .is_err()
    );
    // A bad address: refused, unchanged.
    let bad = p
        .set_organisation_contact(
            Caller::from(&officer),
            &own,
            Some("vanthu at sonnmt"),
            Language::Vi,
        )
        .await;
    assert!(matches!(bad, Err(StoreError::Domain(_))), "{bad:?}");
    let listed = p
        .organisation_contacts(Caller::from(&admin), Some("12"))
        .await
        .unwrap();
    let kept = listed
        .iter()
        .find(|c| c.organisation.id == officer.organisation.id)
        .unwrap();
    assert_eq!(kept.contact_email.as_deref(), Some("VanThu@sonnmt.example"));
    assert_eq!(kept.contact_language, Language::En);
    // An organisation without one reads Vietnamese and gets no digest.
    let none = listed
        .iter()
        .find(|c| c.organisation.id == other.organisation.id)
        .unwrap();
    assert_eq!(none.contact_email, None);
    assert_eq!(none.contact_language, Language::Vi);
    // Listing every contact is the administrator's.
    assert!(
        p.organisation_contacts(Caller::from(&officer), None)
            .await
            .is_err()
    );

    // The administrator sets any, by name; no address stops the digest.
    let cleared = p
        .set_organisation_contact(
            Caller::from(&admin),
            "Sở Nông nghiệp và Môi trường",
            None,
            Language::Id,
        )
        .await
        .unwrap();
    assert_eq!(cleared.contact_email, None);
    assert_eq!(cleared.contact_language, Language::Id);

    // Two changes, two events, the chain whole.
    let report = p
        .verify_history(Caller::Operator, &mut |_| {})
        .await
        .unwrap();
    assert_eq!(report.follow_up_events, 2);
    assert!(report.follow_up_broken.is_none());
}

#[tokio::test]
async fn of_two_servers_claiming_a_days_digest_one_sends_it() {
    let db = TestDb::new().await;
    let first = planning(&db).await;
    let second = Planning::open(&db.url, Clock::fixed("2025-12-01".parse().unwrap()))
        .await
        .unwrap();
    let org = first
        .create_organisation(
            Caller::Operator,
            OrgKind::SectorDepartment,
            "Sở Xây dựng",
            "12",
            None,
        )
        .await
        .unwrap();
    let day = "2025-12-01".parse().unwrap();
    let (a, b) = tokio::join!(
        first.claim_digest(Caller::Operator, org.id, day, "a@b.example"),
        second.claim_digest(Caller::Operator, org.id, day, "a@b.example"),
    );
    let (a, b) = (a.unwrap(), b.unwrap());
    assert!(a ^ b, "exactly one claim wins: {a} {b}");
    assert!(
        first
            .digest_sent(Caller::Operator, org.id, day)
            .await
            .unwrap()
    );
    assert!(
        !first
            .claim_digest(Caller::Operator, org.id, day, "a@b.example")
            .await
            .unwrap()
    );
    // Another day is another digest.
    let next = "2025-12-02".parse().unwrap();
    assert!(
        first
            .claim_digest(Caller::Operator, org.id, next, "a@b.example")
            .await
            .unwrap()
    );
    // A send that failed gives its claim back.
    first
        .release_digest(Caller::Operator, org.id, day)
        .await
        .unwrap();
    assert!(
        !second
            .digest_sent(Caller::Operator, org.id, day)
            .await
            .unwrap()
    );
    assert!(
        second
            .claim_digest(Caller::Operator, org.id, day, "a@b.example")
            .await
            .unwrap()
    );
}
