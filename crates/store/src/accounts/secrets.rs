//! Secrets and their hashes: random session ids and tokens, argon2id password hashes,
//! SHA-256 of what is stored, and the CSRF token derived from a session.

use super::*;

pub(super) fn ts(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Micros, true)
}

pub(super) fn parse_ts(s: &str) -> Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| StoreError::corrupt(format!("bad timestamp '{s}'")))
}

pub(super) fn parse_opt_ts(s: Option<&str>) -> Result<Option<DateTime<Utc>>> {
    s.map(parse_ts).transpose()
}

/// 32 random bytes from the operating system, as 64 hex digits.
pub(super) fn random_secret() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

pub(super) fn sha256_hex(data: &str) -> String {
    hex::encode(Sha256::digest(data.as_bytes()))
}

pub(super) fn is_secret(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// The anti-CSRF token of a session: derived from its secret, so it needs no storage, and
/// different from the stored SHA-256 of the secret, so a copy of the database does not yield it.
pub fn csrf_token(session_secret: &str) -> String {
    sha256_hex(&format!("plantrack-csrf\0{session_secret}"))
}

pub(super) fn argon2() -> Argon2<'static> {
    let params = Params::new(
        ARGON2_COST.memory_kib,
        ARGON2_COST.iterations,
        ARGON2_COST.lanes,
        None,
    )
    .expect("ARGON2_COST is a valid argon2 parameter set");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

pub(super) fn hash_blocking(password: &str) -> String {
    let salt = SaltString::generate(&mut OsRng);
    argon2()
        .hash_password(password.as_bytes(), &salt)
        .expect("argon2id hashing of a bounded password with fixed parameters cannot fail")
        .to_string()
}

/// Runs CPU-bound work on tokio's blocking pool. An argon2id hash takes tens of milliseconds
/// of CPU by design; on an async worker it would stall every request sharing that thread.
pub(super) async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> T + Send + 'static,
) -> Result<T> {
    match tokio::task::spawn_blocking(f).await {
        Ok(v) => Ok(v),
        Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
        Err(_) => Err(StoreError::corrupt(
            "the password hashing task was cancelled",
        )),
    }
}

pub(super) async fn hash_password(password: &str) -> Result<String> {
    let password = password.to_owned();
    blocking(move || hash_blocking(&password)).await
}

/// Whether `password` matches the stored PHC string (verified with the parameters it records).
pub(super) async fn verify_password(password: &str, stored: &str) -> Result<bool> {
    let password = password.to_owned();
    let stored = stored.to_owned();
    blocking(move || {
        let parsed = PasswordHash::new(&stored)
            .map_err(|e| StoreError::corrupt(format!("stored password hash: {e}")))?;
        match argon2().verify_password(password.as_bytes(), &parsed) {
            Ok(()) => Ok(true),
            Err(argon2::password_hash::Error::Password) => Ok(false),
            Err(e) => Err(StoreError::corrupt(format!("stored password hash: {e}"))),
        }
    })
    .await?
}

/// Spends the time of a real verification, so that an unknown username answers no faster
/// than a wrong password.
pub(super) async fn dummy_verify(password: &str) -> Result<()> {
    static DUMMY: OnceLock<String> = OnceLock::new();
    let password = password.to_owned();
    blocking(move || {
        let dummy = DUMMY.get_or_init(|| hash_blocking("plantrack: no such account"));
        let parsed = PasswordHash::new(dummy).expect("the dummy hash parses");
        let _ = argon2().verify_password(password.as_bytes(), &parsed);
    })
    .await
}
