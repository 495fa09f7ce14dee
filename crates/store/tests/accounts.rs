//! Accounts against a real database (SQLite, or PostgreSQL with PLANTRACK_TEST_DB): login and
//! its throttling, session expiry and rotation, API tokens, and the rules on accounts and
//! organisations. Time is passed in, so minutes and hours pass without waiting.

// A test's helpers fail the test where they fail: unwrapping says where.
#![allow(clippy::unwrap_used, clippy::print_stderr)]

use std::net::{IpAddr, Ipv4Addr};
use std::path::PathBuf;

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use plantrack_domain::DomainError;
use plantrack_domain::access::Caller;
use plantrack_domain::access::{OrgKind, Organisation, Role};
use plantrack_gis::units_import::read_units_file;
use plantrack_store::accounts::{ARGON2_COST, LoginError, NewServiceAccount, NewUser};
use plantrack_store::planning::Clock;
use plantrack_store::testing::TestDb;
use plantrack_store::{Planning, StoreError};

const PASSWORD: &str = "núi Pu Sam Cáp 2025";
/// Where the tests sign in from, and another client (documentation addresses, RFC 5737).
const HERE: IpAddr = IpAddr::V4(Ipv4Addr::new(192, 0, 2, 10));
const ELSEWHERE: IpAddr = IpAddr::V4(Ipv4Addr::new(198, 51, 100, 7));

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 11, 25, 1, 0, 0).unwrap()
}

fn minutes(m: i64) -> TimeDelta {
    TimeDelta::minutes(m)
}

struct Fixture {
    _test_db: TestDb,
    db: Planning,
    province: Organisation,
    sin_ho: Organisation,
}

/// A database with Lai Châu's units, the provincial People's Committee and Sìn Hồ commune.
async fn fixture() -> Fixture {
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
    let province = db
        .create_organisation(
            Caller::Operator,
            OrgKind::ProvincialPc,
            "UBND tỉnh Lai Châu",
            "12",
            None,
        )
        .await
        .unwrap();
    let sin_ho = db
        .create_organisation(
            Caller::Operator,
            OrgKind::CommunePc,
            "UBND xã Sìn Hồ",
            "12",
            Some("03478"),
        )
        .await
        .unwrap();
    Fixture {
        _test_db: test_db,
        db,
        province,
        sin_ho,
    }
}

fn new_user(username: &str, role: Role, organisation_id: i64) -> NewUser {
    NewUser {
        username: username.into(),
        display_name: format!("Cán bộ {username}"),
        password: PASSWORD.into(),
        role,
        organisation_id,
    }
}

/// The field an `InvalidField` error names.
fn field(e: StoreError) -> String {
    match e {
        StoreError::Domain(DomainError::InvalidField { field, .. }) => field,
        other => panic!("expected an invalid field, got {other:?}"),
    }
}

#[tokio::test]
async fn login_returns_the_account_with_its_role_and_organisation() {
    let f = fixture().await;
    let user =
        f.db.create_user(
            Caller::Operator,
            new_user("thao.sinho", Role::CommuneOfficer, f.sin_ho.id),
        )
        .await
        .unwrap();
    let p =
        f.db.authenticate("thao.sinho", PASSWORD, HERE, t0())
            .await
            .unwrap();
    assert_eq!(p.user_id, user.id);
    assert_eq!(p.username, "thao.sinho");
    assert_eq!(p.display_name, "Cán bộ thao.sinho");
    assert_eq!(p.role, Role::CommuneOfficer);
    assert_eq!(p.organisation, f.sin_ho);
    assert_eq!(p.organisation.unit_code.as_deref(), Some("03478"));
    assert_eq!(
        f.db.principal_of(Caller::Operator, &user.username)
            .await
            .unwrap(),
        p
    );
    // Usernames are typed in any case and with stray spaces.
    let again =
        f.db.authenticate(" Thao.SinHo ", PASSWORD, HERE, t0())
            .await;
    assert_eq!(again.unwrap(), p);
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_user_read_the_same() {
    let f = fixture().await;
    f.db.create_user(
        Caller::Operator,
        new_user("admin", Role::Administrator, f.province.id),
    )
    .await
    .unwrap();
    let wrong =
        f.db.authenticate("admin", "not the password", HERE, t0())
            .await
            .unwrap_err();
    let unknown =
        f.db.authenticate("nobody", PASSWORD, HERE, t0())
            .await
            .unwrap_err();
    let malformed =
        f.db.authenticate("Ad min!", PASSWORD, HERE, t0())
            .await
            .unwrap_err();
    assert!(matches!(wrong, LoginError::BadCredentials), "{wrong:?}");
    assert!(matches!(unknown, LoginError::BadCredentials), "{unknown:?}");
    assert!(matches!(malformed, LoginError::BadCredentials));
    assert_eq!(wrong.to_string(), unknown.to_string());
}

#[tokio::test]
async fn five_failures_lock_the_account_for_fifteen_minutes() {
    let f = fixture().await;
    f.db.create_user(
        Caller::Operator,
        new_user("admin", Role::Administrator, f.province.id),
    )
    .await
    .unwrap();
    let mut now = t0();
    for _ in 0..5 {
        now += TimeDelta::seconds(30);
        let e =
            f.db.authenticate("admin", "guess guess guess", HERE, now)
                .await;
        assert!(matches!(e, Err(LoginError::BadCredentials)), "{e:?}");
    }
    let fifth = now;
    // The sixth attempt is refused even with the right password.
    let sixth =
        f.db.authenticate("admin", PASSWORD, HERE, fifth + minutes(1))
            .await;
    match sixth {
        Err(LoginError::LockedUntil(until)) => assert_eq!(until, fifth + minutes(15)),
        other => panic!("expected a lock, got {other:?}"),
    }
    let almost = fifth + minutes(15) - TimeDelta::seconds(1);
    assert!(matches!(
        f.db.authenticate("admin", PASSWORD, HERE, almost).await,
        Err(LoginError::LockedUntil(_))
    ));
    // Fifteen minutes after the lock, the right password works again.
    let p =
        f.db.authenticate("admin", PASSWORD, HERE, fifth + minutes(15))
            .await;
    assert_eq!(p.unwrap().username, "admin");
}

#[tokio::test]
async fn unknown_usernames_lock_like_real_ones() {
    let f = fixture().await;
    for i in 0..5 {
        let e =
            f.db.authenticate("ghost", "guess guess guess", HERE, t0() + minutes(i))
                .await;
        assert!(matches!(e, Err(LoginError::BadCredentials)));
    }
    let e =
        f.db.authenticate("ghost", PASSWORD, HERE, t0() + minutes(5))
            .await;
    assert!(matches!(e, Err(LoginError::LockedUntil(_))), "{e:?}");
}

#[tokio::test]
async fn only_failures_within_fifteen_minutes_count_and_a_success_takes_back_its_own() {
    let f = fixture().await;
    f.db.create_user(
        Caller::Operator,
        new_user("admin", Role::Administrator, f.province.id),
    )
    .await
    .unwrap();
    let fail = |from, at| {
        let db = f.db.clone();
        async move {
            let e = db
                .authenticate("admin", "guess guess guess", from, at)
                .await;
            assert!(matches!(e, Err(LoginError::BadCredentials)), "{e:?}");
        }
    };
    // Four failures, then four more sixteen minutes later: never five within the window.
    for i in 0..4 {
        fail(ELSEWHERE, t0() + TimeDelta::seconds(i)).await;
    }
    for i in 0..4 {
        fail(ELSEWHERE, t0() + minutes(16) + TimeDelta::seconds(i)).await;
    }
    // The owner signs in from HERE: the attempt was counted, and is taken back, but the
    // attacker's four failures stay (a success must not buy them more guesses).
    let later = t0() + minutes(17);
    f.db.authenticate("admin", PASSWORD, HERE, later)
        .await
        .unwrap();
    fail(ELSEWHERE, later + TimeDelta::seconds(1)).await;
    let e =
        f.db.authenticate("admin", PASSWORD, ELSEWHERE, later + TimeDelta::seconds(2))
            .await;
    assert!(matches!(e, Err(LoginError::LockedUntil(_))), "{e:?}");
    // HERE is now known to the account: the block elsewhere does not reach it.
    f.db.authenticate("admin", PASSWORD, HERE, later + TimeDelta::seconds(3))
        .await
        .unwrap();
}

#[tokio::test]
async fn a_disabled_account_cannot_log_in_and_its_sessions_and_tokens_stop() {
    let f = fixture().await;
    let user =
        f.db.create_user(
            Caller::Operator,
            new_user("leader", Role::Leadership, f.province.id),
        )
        .await
        .unwrap();
    let (session, _) = f.db.create_session(user.id, t0()).await.unwrap();
    let (token, _) =
        f.db.create_token(Caller::Operator, user.id, "report", t0())
            .await
            .unwrap();
    assert!(
        f.db.session_principal(&session, t0())
            .await
            .unwrap()
            .is_some()
    );
    assert!(f.db.token_principal(&token, t0()).await.unwrap().is_some());

    f.db.disable_user(Caller::Operator, "leader").await.unwrap();
    assert!(
        f.db.user(Caller::Operator, "leader")
            .await
            .unwrap()
            .disabled_at
            .is_some()
    );
    let right = f.db.authenticate("leader", PASSWORD, HERE, t0()).await;
    assert!(matches!(right, Err(LoginError::Disabled)), "{right:?}");
    // Only the right password learns that the account is disabled.
    let wrong =
        f.db.authenticate("leader", "guess guess guess", HERE, t0())
            .await;
    assert!(matches!(wrong, Err(LoginError::BadCredentials)));
    assert_eq!(f.db.session_principal(&session, t0()).await.unwrap(), None);
    assert_eq!(f.db.token_principal(&token, t0()).await.unwrap(), None);
    assert!(f.db.create_session(user.id, t0()).await.is_err());
    assert!(matches!(
        f.db.disable_user(Caller::Operator, "nobody").await,
        Err(StoreError::NotFound { .. })
    ));
}

#[tokio::test]
async fn a_session_ends_after_thirty_idle_minutes() {
    let f = fixture().await;
    let user =
        f.db.create_user(
            Caller::Operator,
            new_user("admin", Role::Administrator, f.province.id),
        )
        .await
        .unwrap();
    let (secret, expires_at) = f.db.create_session(user.id, t0()).await.unwrap();
    assert_eq!(expires_at, t0() + TimeDelta::hours(12));
    assert_eq!(secret.len(), 64);
    // Use refreshes the idle clock: 29 minutes, then 29 more.
    let p = f.db.session_principal(&secret, t0() + minutes(29)).await;
    assert_eq!(p.unwrap().unwrap().user_id, user.id);
    assert!(
        f.db.session_principal(&secret, t0() + minutes(58))
            .await
            .unwrap()
            .is_some()
    );
    // 31 minutes without use: over, and it stays over.
    assert_eq!(
        f.db.session_principal(&secret, t0() + minutes(58 + 31))
            .await
            .unwrap(),
        None
    );
    assert_eq!(
        f.db.session_principal(&secret, t0() + minutes(60))
            .await
            .unwrap(),
        None
    );
    // A fresh session left alone for 31 minutes is over too.
    let (other, _) = f.db.create_session(user.id, t0()).await.unwrap();
    assert_eq!(
        f.db.session_principal(&other, t0() + minutes(31))
            .await
            .unwrap(),
        None
    );
}

#[tokio::test]
async fn a_session_ends_after_twelve_hours_however_busy() {
    let f = fixture().await;
    let user =
        f.db.create_user(
            Caller::Operator,
            new_user("admin", Role::Administrator, f.province.id),
        )
        .await
        .unwrap();
    let (secret, _) = f.db.create_session(user.id, t0()).await.unwrap();
    let mut at = t0();
    // Every 20 minutes for 11 h 40 min: still live.
    for _ in 0..35 {
        at += minutes(20);
        assert!(
            f.db.session_principal(&secret, at).await.unwrap().is_some(),
            "refused at {at}"
        );
    }
    at += minutes(20);
    assert_eq!(at, t0() + TimeDelta::hours(12));
    assert_eq!(f.db.session_principal(&secret, at).await.unwrap(), None);
}

#[tokio::test]
async fn rotation_and_logout_make_the_old_secret_useless() {
    let f = fixture().await;
    let user =
        f.db.create_user(
            Caller::Operator,
            new_user("admin", Role::Administrator, f.province.id),
        )
        .await
        .unwrap();
    let (old, _) = f.db.create_session(user.id, t0()).await.unwrap();
    let new =
        f.db.rotate_session(&old, t0() + minutes(1))
            .await
            .unwrap()
            .expect("a live session rotates");
    assert_ne!(old, new);
    assert_eq!(
        f.db.session_principal(&old, t0() + minutes(2))
            .await
            .unwrap(),
        None
    );
    assert_eq!(
        f.db.session_principal(&new, t0() + minutes(2))
            .await
            .unwrap()
            .unwrap()
            .user_id,
        user.id
    );
    // Rotating a dead or unknown session gives nothing.
    assert_eq!(
        f.db.rotate_session(&old, t0() + minutes(3)).await.unwrap(),
        None
    );
    assert_eq!(
        f.db.rotate_session("not a secret", t0()).await.unwrap(),
        None
    );
    // Rotation keeps the absolute expiry: it cannot stretch a session past 12 hours.
    let mut at = t0() + minutes(2);
    let mut current = new;
    while at + minutes(20) < t0() + TimeDelta::hours(12) {
        at += minutes(20);
        current =
            f.db.rotate_session(&current, at)
                .await
                .unwrap()
                .expect("still live");
    }
    assert_eq!(
        f.db.rotate_session(&current, t0() + TimeDelta::hours(12))
            .await
            .unwrap(),
        None
    );
    // Logout.
    let (s, _) = f.db.create_session(user.id, t0()).await.unwrap();
    f.db.delete_session(&s).await.unwrap();
    assert_eq!(f.db.session_principal(&s, t0()).await.unwrap(), None);
    f.db.delete_session(&s).await.unwrap();
}

#[tokio::test]
async fn a_token_works_records_its_use_and_stops_when_revoked() {
    let f = fixture().await;
    let user =
        f.db.create_user(
            Caller::Operator,
            new_user("sinho.gis", Role::CommuneOfficer, f.sin_ho.id),
        )
        .await
        .unwrap();
    let (secret, info) =
        f.db.create_token(Caller::Operator, user.id, "GIS sync", t0())
            .await
            .unwrap();
    assert!(
        secret.starts_with("pt_") && secret.len() == 3 + 64,
        "{secret}"
    );
    assert_eq!(info.label, "GIS sync");
    assert_eq!(info.role, Role::CommuneOfficer);
    assert_eq!(info.organisation_id, f.sin_ho.id);
    assert_eq!(info.last_used_at, None);

    let used_at = t0() + minutes(5);
    let p =
        f.db.token_principal(&secret, used_at)
            .await
            .unwrap()
            .unwrap();
    assert_eq!(p.user_id, user.id);
    assert_eq!(p.organisation, f.sin_ho);
    let listed = f.db.tokens(Caller::Operator, Some(user.id)).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].last_used_at, Some(used_at));
    // The listing never carries the secret.
    let json = serde_json::to_string(&f.db.tokens(Caller::Operator, None).await.unwrap()).unwrap();
    assert!(!json.contains(&secret[3..]), "{json}");

    // Near misses are refused.
    for bad in [&secret[3..], "pt_", "pt_zz", &secret.to_uppercase()] {
        assert_eq!(f.db.token_principal(bad, used_at).await.unwrap(), None);
    }

    f.db.revoke_token(Caller::Operator, info.id).await.unwrap();
    assert_eq!(f.db.token_principal(&secret, used_at).await.unwrap(), None);
    assert!(
        f.db.token(Caller::Operator, info.id)
            .await
            .unwrap()
            .revoked_at
            .is_some()
    );
    f.db.revoke_token(Caller::Operator, info.id).await.unwrap();
    assert!(matches!(
        f.db.revoke_token(Caller::Operator, info.id + 100).await,
        Err(StoreError::NotFound { .. })
    ));
    assert!(
        f.db.tokens(Caller::Operator, Some(user.id + 100))
            .await
            .unwrap()
            .is_empty()
    );
}

/// A token acts as its holder (issue 11, item 3): the administrator once made one for a
/// commune officer and acted in their name.
#[tokio::test]
async fn tokens_are_made_by_their_holder_or_by_the_administrator_for_a_service_account() {
    let f = fixture().await;
    let admin =
        f.db.create_user(
            Caller::Operator,
            new_user("quantri", Role::Administrator, f.province.id),
        )
        .await
        .unwrap();
    let officer =
        f.db.create_user(
            Caller::Operator,
            new_user("thao.sinho", Role::CommuneOfficer, f.sin_ho.id),
        )
        .await
        .unwrap();
    let service =
        f.db.create_service_account(
            Caller::Operator,
            NewServiceAccount {
                username: "dongbo.gis".into(),
                display_name: "Đồng bộ GIS".into(),
                role: Role::CommuneOfficer,
                organisation_id: f.sin_ho.id,
            },
        )
        .await
        .unwrap();
    assert!(service.service_account && !officer.service_account);
    let as_admin =
        f.db.principal_of(Caller::Operator, "quantri")
            .await
            .unwrap();
    let as_officer =
        f.db.principal_of(Caller::Operator, "thao.sinho")
            .await
            .unwrap();

    // The administrator for the commune officer: refused, and no token is kept.
    let refused =
        f.db.create_token(Caller::from(&as_admin), officer.id, "thay mặt", t0())
            .await;
    assert!(matches!(refused, Err(StoreError::Denied(_))), "{refused:?}");
    assert!(
        f.db.tokens(Caller::Operator, Some(officer.id))
            .await
            .unwrap()
            .is_empty()
    );
    // For itself and for the service account: made, and each acts as its holder.
    for (holder, username) in [(admin.id, "quantri"), (service.id, "dongbo.gis")] {
        let (secret, info) =
            f.db.create_token(Caller::from(&as_admin), holder, "tích hợp", t0())
                .await
                .unwrap();
        assert_eq!(info.username, username);
        let acting = f.db.token_principal(&secret, t0()).await.unwrap().unwrap();
        assert_eq!(acting.user_id, holder);
    }
    // A person makes their own, not a service account's, and manages only their own.
    let (own, _) =
        f.db.create_token(Caller::from(&as_officer), officer.id, "của tôi", t0())
            .await
            .unwrap();
    assert_eq!(
        f.db.token_principal(&own, t0())
            .await
            .unwrap()
            .unwrap()
            .user_id,
        officer.id
    );
    assert!(matches!(
        f.db.create_token(Caller::from(&as_officer), service.id, "x", t0())
            .await,
        Err(StoreError::Denied(_))
    ));
    assert_eq!(
        f.db.tokens(Caller::from(&as_officer), Some(officer.id))
            .await
            .unwrap()
            .len(),
        1
    );
    assert!(matches!(
        f.db.tokens(Caller::from(&as_officer), None).await,
        Err(StoreError::Denied(_))
    ));
    let admins_token = f.db.tokens(Caller::Operator, Some(admin.id)).await.unwrap()[0].id;
    assert!(matches!(
        f.db.revoke_token(Caller::from(&as_officer), admins_token)
            .await,
        Err(StoreError::Denied(_))
    ));
}

#[tokio::test]
async fn a_service_account_never_signs_in_and_has_no_password_to_reset() {
    let f = fixture().await;
    f.db.create_service_account(
        Caller::Operator,
        NewServiceAccount {
            username: "baocao.tudong".into(),
            display_name: "Báo cáo tự động".into(),
            role: Role::Leadership,
            organisation_id: f.province.id,
        },
    )
    .await
    .unwrap();
    assert!(matches!(
        f.db.authenticate("baocao.tudong", PASSWORD, HERE, t0())
            .await,
        Err(LoginError::BadCredentials)
    ));
    let reset =
        f.db.reset_password(Caller::Operator, "baocao.tudong", PASSWORD)
            .await
            .unwrap_err();
    assert_eq!(field(reset), "username");
    assert!(matches!(
        f.db.authenticate("baocao.tudong", PASSWORD, HERE, t0())
            .await,
        Err(LoginError::BadCredentials)
    ));
}

#[tokio::test]
async fn account_rules_name_the_field() {
    let f = fixture().await;
    let org = f.province.id;
    let cases = [
        ("ab", PASSWORD, "username"),
        ("Admin", PASSWORD, "username"),
        ("ad min", PASSWORD, "username"),
        ("quản.trị", PASSWORD, "username"),
        (&"a".repeat(65), PASSWORD, "username"),
        ("admin", "short pass", "password"),
        ("admin", "", "password"),
    ];
    for (username, password, expected) in cases {
        let mut u = new_user(username, Role::Administrator, org);
        u.password = password.into();
        let e = f.db.create_user(Caller::Operator, u).await.unwrap_err();
        assert_eq!(field(e), expected, "{username:?} / {password:?}");
    }
    let mut u = new_user("admin", Role::Administrator, org);
    u.display_name = "  ".into();
    assert_eq!(
        field(f.db.create_user(Caller::Operator, u).await.unwrap_err()),
        "display_name"
    );
    // Boundaries: 3 and 64 characters, 12-character password.
    let mut u = new_user("a.b", Role::Administrator, org);
    u.password = "x".repeat(12);
    f.db.create_user(Caller::Operator, u).await.unwrap();
    f.db.create_user(
        Caller::Operator,
        new_user(&"a".repeat(64), Role::Administrator, org),
    )
    .await
    .unwrap();
    assert!(matches!(
        f.db.create_user(Caller::Operator, new_user("a.b", Role::Leadership, org))
            .await,
        Err(StoreError::Duplicate { .. })
    ));
    // The listing never carries a hash.
    let json = serde_json::to_string(&f.db.users(Caller::Operator).await.unwrap()).unwrap();
    assert!(!json.contains("argon2"), "{json}");
}

#[tokio::test]
async fn a_role_must_belong_to_its_organisation_kind() {
    let f = fixture().await;
    let dept =
        f.db.create_organisation(
            Caller::Operator,
            OrgKind::ConstructionDept,
            "Sở Xây dựng",
            "12",
            None,
        )
        .await
        .unwrap();
    for (role, org) in [
        (Role::CommuneOfficer, f.province.id),
        (Role::Administrator, dept.id),
        (Role::Leadership, f.sin_ho.id),
        (Role::Appraiser, f.province.id),
    ] {
        let e =
            f.db.create_user(Caller::Operator, new_user("someone", role, org))
                .await
                .unwrap_err();
        assert_eq!(field(e), "role", "{role:?}");
    }
    f.db.create_user(
        Caller::Operator,
        new_user("appraiser", Role::Appraiser, dept.id),
    )
    .await
    .unwrap();
    assert!(matches!(
        f.db.create_user(Caller::Operator, new_user("x.y.z", Role::Consultant, 9999))
            .await,
        Err(StoreError::NotFound { .. })
    ));
}

#[tokio::test]
async fn organisation_rules() {
    let f = fixture().await;
    let cases = [
        (OrgKind::CommunePc, "UBND xã A", "12", None, "unit_code"),
        (
            OrgKind::CommunePc,
            "UBND xã B",
            "12",
            Some("99999"),
            "unit_code",
        ),
        (
            OrgKind::CommunePc,
            "UBND xã C",
            "01",
            Some("03478"),
            "unit_code",
        ),
        (
            OrgKind::CommunePc,
            "UBND tỉnh",
            "12",
            Some("12"),
            "unit_code",
        ),
        (
            OrgKind::ConsultantFirm,
            "Tư vấn A",
            "12",
            Some("03478"),
            "unit_code",
        ),
        (OrgKind::ConsultantFirm, " ", "12", None, "name"),
        (
            OrgKind::ConsultantFirm,
            "Tư vấn A",
            "Lai Châu",
            None,
            "province_code",
        ),
    ];
    for (kind, name, province, unit, expected) in cases {
        let e =
            f.db.create_organisation(Caller::Operator, kind, name, province, unit)
                .await
                .unwrap_err();
        assert_eq!(field(e), expected, "{name}");
    }
    assert!(matches!(
        f.db.create_organisation(
            Caller::Operator,
            OrgKind::ProvincialPc,
            "UBND tỉnh Lai Châu",
            "12",
            None
        )
        .await,
        Err(StoreError::Duplicate { .. })
    ));
    let firm =
        f.db.create_organisation(
            Caller::Operator,
            OrgKind::ConsultantFirm,
            "Tư vấn A",
            "12",
            None,
        )
        .await
        .unwrap();
    assert_eq!(
        f.db.organisation_by_name(Caller::Operator, "Tư vấn A")
            .await
            .unwrap(),
        Some(firm)
    );
    assert_eq!(
        f.db.organisation_by_name(Caller::Operator, "Tư vấn B")
            .await
            .unwrap(),
        None
    );
    assert_eq!(f.db.organisations(Caller::Operator).await.unwrap().len(), 3);
}

#[tokio::test]
async fn a_password_reset_ends_sessions_and_lifts_the_lock() {
    let f = fixture().await;
    let user =
        f.db.create_user(
            Caller::Operator,
            new_user("admin", Role::Administrator, f.province.id),
        )
        .await
        .unwrap();
    let (session, _) = f.db.create_session(user.id, t0()).await.unwrap();
    for _ in 0..5 {
        let _ =
            f.db.authenticate("admin", "guess guess guess", HERE, t0())
                .await;
    }
    assert!(matches!(
        f.db.authenticate("admin", PASSWORD, HERE, t0()).await,
        Err(LoginError::LockedUntil(_))
    ));
    assert_eq!(
        field(
            f.db.reset_password(Caller::Operator, "admin", "short")
                .await
                .unwrap_err()
        ),
        "password"
    );
    f.db.reset_password(Caller::Operator, "admin", "a brand new passphrase")
        .await
        .unwrap();
    assert_eq!(f.db.session_principal(&session, t0()).await.unwrap(), None);
    assert!(matches!(
        f.db.authenticate("admin", PASSWORD, HERE, t0()).await,
        Err(LoginError::BadCredentials)
    ));
    f.db.authenticate("admin", "a brand new passphrase", HERE, t0())
        .await
        .unwrap();

    // Changing one's own password needs the current one.
    let wrong =
        f.db.change_password(
            &f.db
                .principal_of(Caller::Operator, &user.username)
                .await
                .unwrap(),
            "not it at all",
            "another passphrase",
            HERE,
            t0(),
        )
        .await;
    assert!(matches!(wrong, Err(LoginError::BadCredentials)));
    f.db.change_password(
        &f.db
            .principal_of(Caller::Operator, &user.username)
            .await
            .unwrap(),
        "a brand new passphrase",
        "another passphrase",
        HERE,
        // HERE is known to the account since its sign-in: the failure above backs off 1 s.
        t0() + TimeDelta::seconds(1),
    )
    .await
    .unwrap();
    f.db.authenticate(
        "admin",
        "another passphrase",
        HERE,
        t0() + TimeDelta::seconds(1),
    )
    .await
    .unwrap();
}

/// A token made under a password does not outlive it: an administrator's reset and the
/// person's own change both revoke the account's tokens (kept, marked revoked, for the record).
#[tokio::test]
async fn a_new_password_revokes_the_accounts_tokens() {
    let f = fixture().await;
    let user =
        f.db.create_user(
            Caller::Operator,
            new_user("thao.sinho", Role::CommuneOfficer, f.sin_ho.id),
        )
        .await
        .unwrap();
    let (first, _) =
        f.db.create_token(Caller::Operator, user.id, "tích hợp", t0())
            .await
            .unwrap();
    assert!(f.db.token_principal(&first, t0()).await.unwrap().is_some());
    f.db.reset_password(Caller::Operator, "thao.sinho", "mật khẩu mới đủ dài")
        .await
        .unwrap();
    assert_eq!(f.db.token_principal(&first, t0()).await.unwrap(), None);
    let (second, _) =
        f.db.create_token(Caller::Operator, user.id, "tích hợp 2", t0())
            .await
            .unwrap();
    let me =
        f.db.principal_of(Caller::Operator, "thao.sinho")
            .await
            .unwrap();
    f.db.change_password(
        &me,
        "mật khẩu mới đủ dài",
        "một mật khẩu khác nữa",
        HERE,
        t0(),
    )
    .await
    .unwrap();
    assert_eq!(f.db.token_principal(&second, t0()).await.unwrap(), None);
    let tokens = f.db.tokens(Caller::Operator, Some(user.id)).await.unwrap();
    assert_eq!(tokens.len(), 2, "revoked tokens are kept");
    assert!(tokens.iter().all(|t| t.revoked_at.is_some()));
}

/// The cost of one login. Run in release mode:
/// `cargo test --release -p plantrack-store --test accounts -- --ignored --nocapture login_cost`
#[tokio::test]
#[ignore = "a measurement, not a check"]
async fn login_cost() {
    let f = fixture().await;
    f.db.create_user(
        Caller::Operator,
        new_user("admin", Role::Administrator, f.province.id),
    )
    .await
    .unwrap();
    let rounds = 20;
    let mut times = Vec::new();
    for i in 0..rounds {
        let start = std::time::Instant::now();
        f.db.authenticate("admin", PASSWORD, HERE, t0() + minutes(i))
            .await
            .unwrap();
        times.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    let mut unknown = Vec::new();
    for i in 0..rounds {
        let start = std::time::Instant::now();
        let _ =
            f.db.authenticate(&format!("ghost{i}"), PASSWORD, HERE, t0())
                .await;
        unknown.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    unknown.sort_by(f64::total_cmp);
    println!(
        "login (argon2id m={} KiB, t={}, p={}; {}): median {:.1} ms, min {:.1}, max {:.1}; \
         unknown user median {:.1} ms",
        ARGON2_COST.memory_kib,
        ARGON2_COST.iterations,
        ARGON2_COST.lanes,
        if f.db.backend() == plantrack_store::Backend::Sqlite {
            "SQLite"
        } else {
            "PostgreSQL"
        },
        times[times.len() / 2],
        times[0],
        times[times.len() - 1],
        unknown[unknown.len() / 2],
    );
}

#[tokio::test]
async fn an_administrator_cannot_disable_itself_nor_the_last_administrator() {
    use plantrack_domain::error::AccountProtection;

    let f = fixture().await;
    let first =
        f.db.create_user(
            Caller::Operator,
            new_user("quantri", Role::Administrator, f.province.id),
        )
        .await
        .unwrap();
    let me =
        f.db.principal_of(Caller::Operator, &first.username)
            .await
            .unwrap();
    let refused = |e: StoreError| match e {
        StoreError::Domain(DomainError::AccountProtected(why)) => why,
        other => panic!("expected a protected account, got {other:?}"),
    };
    // Its own account: refused, even with another administrator about.
    assert_eq!(
        refused(
            f.db.disable_user(Caller::from(&me), "quantri")
                .await
                .unwrap_err()
        ),
        AccountProtection::Yourself
    );
    // The operator at the command line disabling the only administrator: refused, kept.
    assert_eq!(
        refused(
            f.db.disable_user(Caller::Operator, "quantri")
                .await
                .unwrap_err()
        ),
        AccountProtection::LastAdministrator
    );
    assert!(
        f.db.user(Caller::Operator, "quantri")
            .await
            .unwrap()
            .disabled_at
            .is_none()
    );
    // With a second administrator, one disables the other, and enables it again.
    f.db.create_user(
        Caller::Operator,
        new_user("quantri2", Role::Administrator, f.province.id),
    )
    .await
    .unwrap();
    f.db.disable_user(Caller::from(&me), "quantri2")
        .await
        .unwrap();
    assert!(matches!(
        f.db.authenticate("quantri2", PASSWORD, HERE, t0()).await,
        Err(LoginError::Disabled)
    ));
    f.db.enable_user(Caller::from(&me), "quantri2")
        .await
        .unwrap();
    assert!(
        f.db.authenticate("quantri2", PASSWORD, HERE, t0())
            .await
            .is_ok()
    );
    assert!(matches!(
        f.db.enable_user(Caller::Operator, "nobody").await,
        Err(StoreError::NotFound { .. })
    ));
}
