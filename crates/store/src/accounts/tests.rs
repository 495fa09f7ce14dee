//! What only the crate can see: the stored rows hold no secret.

use std::net::{IpAddr, Ipv4Addr};

use super::login::address_key;
use super::*;
use crate::testing::TestDb;

async fn setup() -> (TestDb, Db, i64) {
    let t = TestDb::new().await;
    let db = Db::connect(&t.url).await.unwrap();
    db.migrate().await.unwrap();
    let org = db
        .create_organisation(OrgKind::ProvincialPc, "UBND tỉnh Lai Châu", "12", None)
        .await
        .unwrap();
    let user = db
        .create_user(
            NewUser {
                username: "admin".into(),
                display_name: "Quản trị".into(),
                password: "correct horse battery".into(),
                role: Role::Administrator,
                organisation_id: org.id,
            },
            false,
        )
        .await
        .unwrap();
    (t, db, user.id)
}

#[tokio::test]
async fn stored_values_are_not_the_secrets() {
    let (_t, db, user_id) = setup().await;
    let now = Utc::now();

    let stored: String = sqlx::query_scalar("SELECT password_hash FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert!(!stored.contains("correct horse battery"));
    assert!(
        stored.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
        "{stored}"
    );

    let (session, _) = db.create_session(user_id, now).await.unwrap();
    let stored: Vec<String> = sqlx::query_scalar("SELECT id_hash FROM sessions")
        .fetch_all(&db.pool)
        .await
        .unwrap();
    assert_eq!(stored, vec![sha256_hex(&session)]);
    assert_ne!(stored[0], session);
    assert_ne!(csrf_token(&session), stored[0]);

    let (token, info) = db.create_token(user_id, "gis sync", now).await.unwrap();
    let stored: String = sqlx::query_scalar("SELECT token_hash FROM api_tokens WHERE id = $1")
        .bind(info.id)
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(stored, sha256_hex(&token));
    assert!(!stored.contains(token.trim_start_matches(TOKEN_PREFIX)));
    // No column anywhere holds the token.
    let rows = sqlx::query("SELECT * FROM api_tokens")
        .fetch_all(&db.pool)
        .await
        .unwrap();
    for row in &rows {
        for i in 0..row.len() {
            if let Ok(Some(v)) = row.try_get::<Option<String>, _>(i) {
                assert!(!v.contains(&token[TOKEN_PREFIX.len()..]));
            }
        }
    }
}

/// Now, to the microsecond that timestamps are stored with.
fn now_micros() -> DateTime<Utc> {
    use chrono::SubsecRound;
    Utc::now().trunc_subsecs(6)
}

const OFFICE: IpAddr = IpAddr::V4(Ipv4Addr::new(192, 0, 2, 10));
const ATTACKER: IpAddr = IpAddr::V4(Ipv4Addr::new(203, 0, 113, 66));

/// A counter's failures and whether it is blocked at `now`.
async fn counter(db: &Db, kind: &str, key: &str, now: DateTime<Utc>) -> (i64, bool) {
    let row: Option<(i64, Option<String>)> = sqlx::query_as(
        "SELECT failures, blocked_until FROM login_throttle WHERE kind = $1 AND key = $2",
    )
    .bind(kind)
    .bind(key)
    .fetch_optional(&db.pool)
    .await
    .unwrap();
    row.map_or((0, false), |(n, until)| {
        (n, until.is_some_and(|u| parse_ts(&u).unwrap() > now))
    })
}

#[tokio::test]
async fn a_failed_login_is_counted_before_the_check_and_a_success_takes_it_back() {
    let (_t, db, _) = setup().await;
    let now = now_micros();
    assert!(matches!(
        db.authenticate("admin", "wrong password!", ATTACKER, now)
            .await,
        Err(LoginError::BadCredentials)
    ));
    assert_eq!(counter(&db, "account", "admin", now).await, (1, false));
    assert_eq!(
        counter(&db, "address", "203.0.113.66", now).await,
        (1, false)
    );
    db.authenticate("admin", "correct horse battery", ATTACKER, now)
        .await
        .unwrap();
    // Its own count taken back; the failure before it stays.
    assert_eq!(counter(&db, "account", "admin", now).await, (1, false));
    assert_eq!(
        counter(&db, "address", "203.0.113.66", now).await,
        (1, false)
    );
}

/// A burst of parallel guesses cannot slip past the limit: each is counted by one upsert
/// before its check, so exactly five are checked and the rest refused unchecked — on both
/// backends, whose locking differs.
#[tokio::test]
async fn a_parallel_burst_is_counted_exactly_to_the_limit() {
    let (_t, db, _) = setup().await;
    // The burst must reach the throttle, not stop at the gate (set for the whole process:
    // only raised here).
    set_sign_in_limit(1000);
    let now = now_micros();
    let burst = (0..20).map(|_| {
        let db = db.clone();
        tokio::spawn(async move {
            db.authenticate("admin", "guess guess guess", ATTACKER, now)
                .await
        })
    });
    let mut checked = 0;
    let mut refused = 0;
    for attempt in burst {
        match attempt.await.unwrap() {
            Err(LoginError::BadCredentials) => checked += 1,
            Err(LoginError::LockedUntil(until)) => {
                assert_eq!(until, now + LOCK_DURATION);
                refused += 1;
            }
            other => panic!("{other:?}"),
        }
    }
    assert_eq!((checked, refused), (MAX_FAILURES, 20 - MAX_FAILURES));
    assert_eq!(
        counter(&db, "account", "admin", now).await,
        (MAX_FAILURES, true)
    );
    // The refused attempts were not counted against the address either.
    assert_eq!(
        counter(&db, "address", "203.0.113.66", now).await,
        (MAX_FAILURES, false)
    );
    // Even the right password is refused, unchecked.
    assert!(matches!(
        db.authenticate("admin", "correct horse battery", ATTACKER, now)
            .await,
        Err(LoginError::LockedUntil(_))
    ));
}

/// The owner's usual address backs off (1 s, 2 s, 4 s …) instead of sharing the block an
/// attacker elsewhere set off: the administrator cannot be locked out.
#[tokio::test]
async fn a_known_address_backs_off_instead_of_being_locked_out() {
    let (_t, db, _) = setup().await;
    let t = now_micros();
    db.authenticate("admin", "correct horse battery", OFFICE, t)
        .await
        .unwrap();
    for _ in 0..MAX_FAILURES {
        let _ = db
            .authenticate("admin", "guess guess guess", ATTACKER, t)
            .await;
    }
    assert!(matches!(
        db.authenticate("admin", "correct horse battery", ATTACKER, t)
            .await,
        Err(LoginError::LockedUntil(_))
    ));
    db.authenticate("admin", "correct horse battery", OFFICE, t)
        .await
        .unwrap();
    // Failures at the office wait longer each time, never the fifteen minutes.
    let mut now = t;
    for wait in [1, 2, 4, 8] {
        assert!(matches!(
            db.authenticate("admin", "typo typo typo", OFFICE, now)
                .await,
            Err(LoginError::BadCredentials)
        ));
        let until = now + TimeDelta::seconds(wait);
        match db
            .authenticate("admin", "correct horse battery", OFFICE, now)
            .await
        {
            Err(LoginError::LockedUntil(u)) => assert_eq!(u, until),
            other => panic!("{other:?}"),
        }
        now = until;
    }
    db.authenticate("admin", "correct horse battery", OFFICE, now)
        .await
        .unwrap();
    // The success started the backoff again.
    assert_eq!(
        counter(&db, "account_at_address", "admin 192.0.2.10", now).await,
        (0, false)
    );
}

/// Password spraying — one guess on many accounts — is stopped by the address's own limit,
/// which does not reach accounts that know the address (an office behind one NAT).
#[tokio::test]
async fn one_address_is_limited_across_accounts() {
    let (_t, db, _) = setup().await;
    let now = now_micros();
    db.authenticate("admin", "correct horse battery", ATTACKER, now)
        .await
        .unwrap();
    for i in 0..MAX_ADDRESS_FAILURES {
        let e = db
            .authenticate(&format!("user{i}"), "spring2025spring", ATTACKER, now)
            .await;
        assert!(matches!(e, Err(LoginError::BadCredentials)), "{i}: {e:?}");
    }
    let e = db
        .authenticate("someone.else", "spring2025spring", ATTACKER, now)
        .await;
    assert!(
        matches!(e, Err(LoginError::LockedUntil(u)) if u == now + LOCK_DURATION),
        "{e:?}"
    );
    // Another address is not blocked; nor is the account that signed in from this one.
    assert!(matches!(
        db.authenticate("someone.else", "spring2025spring", OFFICE, now)
            .await,
        Err(LoginError::BadCredentials)
    ));
    db.authenticate("admin", "correct horse battery", ATTACKER, now)
        .await
        .unwrap();
    // An IPv6 client is counted by its /64: moving within it does not escape.
    assert_eq!(
        address_key("2001:db8:1:2:aaaa::1".parse().unwrap()),
        address_key("2001:db8:1:2:bbbb::9".parse().unwrap())
    );
    assert_eq!(
        address_key("::ffff:203.0.113.66".parse().unwrap()),
        "203.0.113.66"
    );
}

/// An administrator's password reset lifts the account's block and its backoffs.
#[tokio::test]
async fn a_reset_lifts_the_accounts_blocks() {
    let (_t, db, _) = setup().await;
    let now = now_micros();
    db.authenticate("admin", "correct horse battery", OFFICE, now)
        .await
        .unwrap();
    let _ = db
        .authenticate("admin", "guess guess guess", OFFICE, now)
        .await;
    for _ in 0..MAX_FAILURES {
        let _ = db
            .authenticate("admin", "guess guess guess", ATTACKER, now)
            .await;
    }
    assert_eq!(
        counter(&db, "account", "admin", now).await,
        (MAX_FAILURES, true)
    );
    assert_eq!(
        counter(&db, "account_at_address", "admin 192.0.2.10", now).await,
        (1, true)
    );
    db.reset_password("admin", "a new passphrase here")
        .await
        .unwrap();
    let left: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM login_throttle WHERE username = 'admin'")
            .fetch_one(&db.pool)
            .await
            .unwrap();
    assert_eq!(left, 0);
    db.authenticate("admin", "a new passphrase here", ATTACKER, now)
        .await
        .unwrap();
}

/// The hash verification alone (the whole login is measured in tests/accounts.rs):
/// `cargo test --release -p plantrack-store --lib -- --ignored --nocapture verify_cost`
#[tokio::test]
#[ignore = "a measurement, not a check"]
async fn verify_cost() {
    let hash = hash_password("correct horse battery").await.unwrap();
    let mut times = Vec::new();
    for _ in 0..20 {
        let start = std::time::Instant::now();
        assert!(
            verify_password("correct horse battery", &hash)
                .await
                .unwrap()
        );
        times.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    println!(
        "argon2id verify (m={} KiB, t={}, p={}): median {:.1} ms, min {:.1}, max {:.1}",
        ARGON2_COST.memory_kib,
        ARGON2_COST.iterations,
        ARGON2_COST.lanes,
        times[10],
        times[0],
        times[19]
    );
}

#[test]
fn generated_passwords_are_long_and_valid() {
    let a = generate_password();
    assert_eq!(a.chars().count(), 20);
    assert!(validate_password(&a).is_ok());
    assert_ne!(a, generate_password());
}

#[test]
fn org_kinds_round_trip() {
    for k in ORG_KINDS {
        assert_eq!(parse_org_kind(org_kind_str(k)), Some(k));
    }
}

/// A session's `last_seen_at`, as stored.
async fn last_seen(db: &Db) -> String {
    sqlx::query_scalar("SELECT last_seen_at FROM sessions")
        .fetch_one(&db.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn reads_within_a_minute_write_the_session_once() {
    let (_t, db, user_id) = setup().await;
    let t0 = Utc::now();
    let (session, _) = db.create_session(user_id, t0).await.unwrap();
    let at = |seconds: i64| t0 + TimeDelta::seconds(seconds);
    // Two reads within the minute: no write, the value is the one login stored.
    for s in [10, 59] {
        assert!(
            db.session_principal(&session, at(s))
                .await
                .unwrap()
                .is_some()
        );
        assert_eq!(last_seen(&db).await, ts(t0), "read at +{s}s");
    }
    // Past the minute: written.
    assert!(
        db.session_principal(&session, at(61))
            .await
            .unwrap()
            .is_some()
    );
    assert_eq!(last_seen(&db).await, ts(at(61)));
    // Idle expiry still holds from the stored value: used at +90 s (not written, within the
    // minute of +61 s), it ends SESSION_IDLE after +61 s, before SESSION_IDLE after +90 s.
    assert!(
        db.session_principal(&session, at(90))
            .await
            .unwrap()
            .is_some()
    );
    assert_eq!(last_seen(&db).await, ts(at(61)));
    let idle = at(61) + SESSION_IDLE;
    assert!(
        db.session_principal(&session, idle)
            .await
            .unwrap()
            .is_none(),
        "idle for SESSION_IDLE since the stored use"
    );
    assert!(
        db.session_principal(&session, at(62))
            .await
            .unwrap()
            .is_none(),
        "an expired session is deleted for good"
    );
}

#[tokio::test]
async fn token_uses_are_recorded_to_the_minute() {
    let (_t, db, user_id) = setup().await;
    let t0 = Utc::now();
    let (token, info) = db.create_token(user_id, "sync", t0).await.unwrap();
    let used = || async {
        sqlx::query_scalar::<_, Option<String>>("SELECT last_used_at FROM api_tokens WHERE id = $1")
            .bind(info.id)
            .fetch_one(&db.pool)
            .await
            .unwrap()
    };
    let at = |seconds: i64| t0 + TimeDelta::seconds(seconds);
    assert_eq!(used().await, None);
    assert!(db.token_principal(&token, at(1)).await.unwrap().is_some());
    assert_eq!(used().await, Some(ts(at(1))), "the first use is recorded");
    assert!(db.token_principal(&token, at(30)).await.unwrap().is_some());
    assert_eq!(
        used().await,
        Some(ts(at(1))),
        "a use within the minute is not"
    );
    assert!(db.token_principal(&token, at(62)).await.unwrap().is_some());
    assert_eq!(used().await, Some(ts(at(62))));
    db.revoke_token(info.id).await.unwrap();
    assert!(db.token_principal(&token, at(200)).await.unwrap().is_none());
}
