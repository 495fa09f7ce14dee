//! The demo's accounts: one per role and per organisation, able to sign in with the password
//! printed at start, each acting within its own scope.

// A test's helpers fail the test where they fail: unwrapping says where.
#![allow(clippy::unwrap_used, clippy::print_stderr)]

use chrono::Utc;
use plantrack_domain::access::Caller;
use plantrack_domain::access::{self, DossierScope, Role};
use plantrack_store::Planning;
use plantrack_store::planning::Clock;
use plantrack_store::testing::TestDb;

#[tokio::test]
async fn demo_accounts_cover_every_role_and_sign_in() {
    let db = TestDb::new().await;
    Planning::migrate(&db.url).await.expect("migrate");
    let planning = Planning::open(&db.url, Clock::vietnam()).await.unwrap();
    plantrack::demo::load(&planning, &mut |_| {}).await.unwrap();
    let accounts = plantrack::demo::create_demo_accounts(&planning)
        .await
        .unwrap();
    let users = planning.users(Caller::Operator).await.unwrap();
    assert_eq!(users.len(), accounts.usernames.len());
    for role in Role::ALL {
        assert!(
            users.iter().any(|u| u.role == role),
            "no demo account is {role:?}"
        );
    }
    // 38 communes and wards, each with its own officer.
    assert_eq!(
        users
            .iter()
            .filter(|u| u.role == Role::CommuneOfficer)
            .count(),
        38
    );

    // The commune officer of Mường Tè signs in and may act on Mường Tè's dossier only.
    let me = planning
        .authenticate(
            "xa-03445",
            &accounts.password,
            std::net::Ipv4Addr::LOCALHOST.into(),
            Utc::now(),
        )
        .await
        .unwrap();
    let here = DossierScope {
        province_code: "12",
        unit_code: "03445",
        consultant: None,
        published: false,
    };
    assert_eq!(access::command_dossier(Some(&me), &here), Ok("commune_pc"));
    let elsewhere = DossierScope {
        unit_code: "03478",
        ..here
    };
    assert!(access::command_dossier(Some(&me), &elsewhere).is_err());
    // A demo consultant acts on the dossiers its firm was named on in the demo.
    let firm = planning
        .authenticate(
            "tuvan-1",
            &accounts.password,
            std::net::Ipv4Addr::LOCALHOST.into(),
            Utc::now(),
        )
        .await
        .unwrap();
    let named = planning
        .dossier(Caller::Operator, 1)
        .await
        .unwrap()
        .state
        .consultant;
    let scope = DossierScope {
        consultant: named.as_deref(),
        ..here
    };
    assert_eq!(named.as_deref(), Some(firm.organisation.name.as_str()));
    assert_eq!(
        access::command_dossier(Some(&firm), &scope),
        Ok("consultant")
    );
}
