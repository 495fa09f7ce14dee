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
pub(crate) fn random_secret() -> String {
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

/// Runs CPU-bound work on tokio's blocking pool. An argon2id hash takes tens of milliseconds
/// of CPU by design; on an async worker it would stall every request sharing that thread.
/// Password hashes go through the gate ([`super::gate`]), which caps how many run at once.
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
