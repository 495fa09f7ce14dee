//! What only the crate can see: the stored rows hold no secret.

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

#[tokio::test]
async fn a_failed_login_is_recorded_before_the_check_and_cleared_by_success() {
    let (_t, db, _) = setup().await;
    let now = Utc::now();
    let count = |db: Db| async move {
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM login_failures")
            .fetch_one(&db.pool)
            .await
            .unwrap()
    };
    assert!(
        db.authenticate("admin", "wrong password!", now)
            .await
            .is_err()
    );
    assert_eq!(count(db.clone()).await, 1);
    db.authenticate("admin", "correct horse battery", now)
        .await
        .unwrap();
    assert_eq!(count(db.clone()).await, 0);
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
