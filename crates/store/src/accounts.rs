//! Accounts: organisations, users, password login with throttling, server-side sessions and
//! API tokens.
//!
//! No secret is stored. A password is kept as its argon2id hash (a PHC string carrying its
//! salt and parameters); a session id and an API token are 32 random bytes shown to their
//! holder once, of which only the SHA-256 is kept, so a copy of the database lets no one
//! sign in. Every function whose outcome depends on the time takes `now`, so tests control
//! the clock; times are stored as fixed-width RFC 3339 UTC text, which compares in order.
//!
//! Nothing here decides what an account may do: that is [`plantrack_domain::access`]. This
//! module only says who is asking.

use std::sync::OnceLock;

use argon2::password_hash::rand_core::{OsRng, RngCore};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use chrono::{DateTime, SecondsFormat, TimeDelta, Utc};
use plantrack_domain::DomainError;
use plantrack_domain::access::{OrgKind, Organisation, Principal, Role};
use serde::Serialize;
use sha2::{Digest, Sha256};
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::db::Db;
use crate::error::{Result, StoreError};

/// The argon2id cost of one password hash: m = 19 MiB, t = 2 passes, p = 1 lane, which is
/// OWASP's minimum recommendation for argon2id (Password Storage Cheat Sheet). A hash
/// records its own parameters, so raising these later still verifies older hashes.
pub const ARGON2_COST: Argon2Cost = Argon2Cost {
    memory_kib: 19 * 1024,
    iterations: 2,
    lanes: 1,
};

/// See [`ARGON2_COST`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Argon2Cost {
    pub memory_kib: u32,
    pub iterations: u32,
    pub lanes: u32,
}

/// Failed logins within [`FAILURE_WINDOW`] that lock an account.
pub const MAX_FAILURES: i64 = 5;
pub const FAILURE_WINDOW: TimeDelta = TimeDelta::minutes(15);
/// How long a lock lasts.
pub const LOCK_DURATION: TimeDelta = TimeDelta::minutes(15);
/// A session unused this long is over.
pub const SESSION_IDLE: TimeDelta = TimeDelta::minutes(30);
/// A session is over this long after it began, however busy.
pub const SESSION_ABSOLUTE: TimeDelta = TimeDelta::hours(12);

pub const USERNAME_MIN: usize = 3;
pub const USERNAME_MAX: usize = 64;
pub const PASSWORD_MIN: usize = 12;
/// Long enough for any passphrase, short enough that hashing stays cheap to refuse.
pub const PASSWORD_MAX: usize = 1024;
/// What every API token starts with, so that leaked ones are easy to recognise and scan for.
pub const TOKEN_PREFIX: &str = "pt_";

/// The kinds of organisation, as stored.
pub const ORG_KINDS: [OrgKind; 6] = [
    OrgKind::ProvincialPc,
    OrgKind::ConstructionDept,
    OrgKind::SectorDepartment,
    OrgKind::CommunePc,
    OrgKind::ConsultantFirm,
    OrgKind::Public,
];

pub fn org_kind_str(kind: OrgKind) -> &'static str {
    match kind {
        OrgKind::ProvincialPc => "provincial_pc",
        OrgKind::ConstructionDept => "construction_dept",
        OrgKind::SectorDepartment => "sector_department",
        OrgKind::CommunePc => "commune_pc",
        OrgKind::ConsultantFirm => "consultant_firm",
        OrgKind::Public => "public",
    }
}

pub fn parse_org_kind(s: &str) -> Option<OrgKind> {
    ORG_KINDS.into_iter().find(|k| org_kind_str(*k) == s)
}

/// Why a login is refused. Wrong password and unknown username read the same.
#[derive(Debug, thiserror::Error)]
pub enum LoginError {
    #[error("wrong username or password")]
    BadCredentials,
    /// Said only to someone who gave the right password.
    #[error("the account is disabled")]
    Disabled,
    #[error("too many failed logins; try again after {}", .0.to_rfc3339_opts(SecondsFormat::Secs, true))]
    LockedUntil(DateTime<Utc>),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sqlx::Error> for LoginError {
    fn from(e: sqlx::Error) -> Self {
        LoginError::Store(e.into())
    }
}

/// An account to create. Its `Debug` hides the password.
#[derive(Clone)]
pub struct NewUser {
    pub username: String,
    pub display_name: String,
    pub password: String,
    pub role: Role,
    pub organisation_id: i64,
}

impl std::fmt::Debug for NewUser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewUser")
            .field("username", &self.username)
            .field("display_name", &self.display_name)
            .field("password", &"<hidden>")
            .field("role", &self.role)
            .field("organisation_id", &self.organisation_id)
            .finish()
    }
}

/// An account as listed: never its password hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct User {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub organisation: Organisation,
    pub created_at: DateTime<Utc>,
    pub disabled_at: Option<DateTime<Utc>>,
}

/// An API token as listed: never its secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct TokenInfo {
    pub id: i64,
    pub user_id: i64,
    pub username: String,
    pub label: String,
    /// The role and organisation it acts with (its user's, when it was made).
    pub role: Role,
    pub organisation_id: i64,
    pub organisation: String,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

// ---------------------------------------------------------------------------------------------
// Validation

/// 3–64 characters of `a-z 0-9 . _ -`.
pub fn validate_username(username: &str) -> Result<(), DomainError> {
    let len = username.chars().count();
    if !(USERNAME_MIN..=USERNAME_MAX).contains(&len) {
        return Err(DomainError::invalid(
            "username",
            format!("must be {USERNAME_MIN} to {USERNAME_MAX} characters long"),
        ));
    }
    if !username
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-'))
    {
        return Err(DomainError::invalid(
            "username",
            "may contain only lowercase letters a-z, digits and . _ -",
        ));
    }
    Ok(())
}

/// At least 12 characters (and at most 1024).
pub fn validate_password(password: &str) -> Result<(), DomainError> {
    let len = password.chars().count();
    if len < PASSWORD_MIN {
        return Err(DomainError::invalid(
            "password",
            format!("must be at least {PASSWORD_MIN} characters long"),
        ));
    }
    if len > PASSWORD_MAX {
        return Err(DomainError::invalid(
            "password",
            format!("must be at most {PASSWORD_MAX} characters long"),
        ));
    }
    Ok(())
}

/// Not empty, at most 200 characters, no control characters; returned trimmed.
pub fn validate_display_name(display_name: &str) -> Result<String, DomainError> {
    validate_text("display_name", display_name, 200)
}

fn validate_text(field: &str, value: &str, max: usize) -> Result<String, DomainError> {
    let value = value.trim();
    if value.is_empty() {
        return Err(DomainError::invalid(field, "must not be empty"));
    }
    if value.chars().count() > max || value.chars().any(char::is_control) {
        return Err(DomainError::invalid(
            field,
            format!("must be at most {max} characters, with no control characters"),
        ));
    }
    Ok(value.to_owned())
}

/// A strong random password for an account (20 characters from 56 unambiguous ones, about
/// 116 bits), for the command line to print once.
pub fn generate_password() -> String {
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    // Rejection sampling keeps every character equally likely.
    let limit = 256 - 256 % ALPHABET.len();
    let mut out = String::with_capacity(20);
    let mut buf = [0u8; 32];
    while out.len() < 20 {
        OsRng.fill_bytes(&mut buf);
        for &b in &buf {
            if usize::from(b) < limit && out.len() < 20 {
                out.push(char::from(ALPHABET[usize::from(b) % ALPHABET.len()]));
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Secrets and hashing

fn ts(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Micros, true)
}

fn parse_ts(s: &str) -> Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| StoreError::corrupt(format!("bad timestamp '{s}'")))
}

fn parse_opt_ts(s: Option<String>) -> Result<Option<DateTime<Utc>>> {
    s.as_deref().map(parse_ts).transpose()
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

/// 32 random bytes from the operating system, as 64 hex digits.
fn random_secret() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    hex(&bytes)
}

fn sha256_hex(data: &str) -> String {
    hex(&Sha256::digest(data.as_bytes()))
}

fn is_secret(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// The anti-CSRF token of a session: derived from its secret, so it needs no storage, and
/// different from the stored SHA-256 of the secret, so a copy of the database does not yield it.
pub fn csrf_token(session_secret: &str) -> String {
    sha256_hex(&format!("plantrack-csrf\0{session_secret}"))
}

fn argon2() -> Argon2<'static> {
    let params = Params::new(
        ARGON2_COST.memory_kib,
        ARGON2_COST.iterations,
        ARGON2_COST.lanes,
        None,
    )
    .expect("ARGON2_COST is a valid argon2 parameter set");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

fn hash_blocking(password: &str) -> String {
    let salt = SaltString::generate(&mut OsRng);
    argon2()
        .hash_password(password.as_bytes(), &salt)
        .expect("argon2id hashing of a bounded password with fixed parameters cannot fail")
        .to_string()
}

/// Runs CPU-bound work on tokio's blocking pool. An argon2id hash takes tens of milliseconds
/// of CPU by design; on an async worker it would stall every request sharing that thread.
async fn blocking<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> Result<T> {
    match tokio::task::spawn_blocking(f).await {
        Ok(v) => Ok(v),
        Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
        Err(_) => Err(StoreError::corrupt(
            "the password hashing task was cancelled",
        )),
    }
}

async fn hash_password(password: &str) -> Result<String> {
    let password = password.to_owned();
    blocking(move || hash_blocking(&password)).await
}

/// Whether `password` matches the stored PHC string (verified with the parameters it records).
async fn verify_password(password: &str, stored: &str) -> Result<bool> {
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
async fn dummy_verify(password: &str) -> Result<()> {
    static DUMMY: OnceLock<String> = OnceLock::new();
    let password = password.to_owned();
    blocking(move || {
        let dummy = DUMMY.get_or_init(|| hash_blocking("plantrack: no such account"));
        let parsed = PasswordHash::new(dummy).expect("the dummy hash parses");
        let _ = argon2().verify_password(password.as_bytes(), &parsed);
    })
    .await
}

// ---------------------------------------------------------------------------------------------
// Rows

const USER_COLUMNS: &str = "u.id, u.username, u.display_name, u.role, u.created_at, \
     u.disabled_at, o.id AS org_id, o.kind AS org_kind, o.name AS org_name, \
     o.province_code AS org_province, o.unit_code AS org_unit";
const USER_FROM: &str = "users u JOIN organisations o ON o.id = u.organisation_id";

const ORG_COLUMNS: &str = "id AS org_id, kind AS org_kind, name AS org_name, \
     province_code AS org_province, unit_code AS org_unit";

fn parse_role(s: &str) -> Result<Role> {
    Role::parse(s).ok_or_else(|| StoreError::corrupt(format!("role '{s}'")))
}

fn organisation_from_row(row: &AnyRow) -> Result<Organisation> {
    let kind: String = row.try_get("org_kind")?;
    Ok(Organisation {
        id: row.try_get("org_id")?,
        kind: parse_org_kind(&kind)
            .ok_or_else(|| StoreError::corrupt(format!("organisation kind '{kind}'")))?,
        name: row.try_get("org_name")?,
        province_code: row.try_get("org_province")?,
        unit_code: row.try_get("org_unit")?,
    })
}

fn user_from_row(row: &AnyRow) -> Result<User> {
    let role: String = row.try_get("role")?;
    Ok(User {
        id: row.try_get("id")?,
        username: row.try_get("username")?,
        display_name: row.try_get("display_name")?,
        role: parse_role(&role)?,
        organisation: organisation_from_row(row)?,
        created_at: parse_ts(&row.try_get::<String, _>("created_at")?)?,
        disabled_at: parse_opt_ts(row.try_get("disabled_at")?)?,
    })
}

fn principal_of(user: User) -> Principal {
    Principal {
        user_id: user.id,
        username: user.username,
        display_name: user.display_name,
        role: user.role,
        organisation: user.organisation,
    }
}

const TOKEN_SELECT: &str = "SELECT t.id, t.user_id, u.username, t.label, t.role, \
     t.organisation_id, o.name AS org_name, t.created_at, t.last_used_at, t.revoked_at \
     FROM api_tokens t JOIN users u ON u.id = t.user_id \
     JOIN organisations o ON o.id = t.organisation_id";

fn token_from_row(row: &AnyRow) -> Result<TokenInfo> {
    let role: String = row.try_get("role")?;
    Ok(TokenInfo {
        id: row.try_get("id")?,
        user_id: row.try_get("user_id")?,
        username: row.try_get("username")?,
        label: row.try_get("label")?,
        role: parse_role(&role)?,
        organisation_id: row.try_get("organisation_id")?,
        organisation: row.try_get("org_name")?,
        created_at: parse_ts(&row.try_get::<String, _>("created_at")?)?,
        last_used_at: parse_opt_ts(row.try_get("last_used_at")?)?,
        revoked_at: parse_opt_ts(row.try_get("revoked_at")?)?,
    })
}

/// A unique-constraint violation as [`StoreError::Duplicate`] (the race the check before
/// an insert cannot see), anything else as it is.
fn duplicate_or(e: sqlx::Error, what: &'static str, key: &str) -> StoreError {
    match &e {
        sqlx::Error::Database(d) if d.is_unique_violation() => StoreError::Duplicate {
            what,
            key: key.to_owned(),
        },
        _ => e.into(),
    }
}

impl Db {
    // -----------------------------------------------------------------------------------------
    // Organisations

    /// A new organisation. A commune People's Committee names its unit (a commune, ward or
    /// special zone already imported, in `province_code`); no other kind has a unit.
    pub async fn create_organisation(
        &self,
        kind: OrgKind,
        name: &str,
        province_code: &str,
        unit_code: Option<&str>,
    ) -> Result<Organisation> {
        let name = validate_text("name", name, 200)?;
        let province_code = province_code.trim();
        if province_code.is_empty()
            || province_code.len() > 8
            || !province_code.bytes().all(|b| b.is_ascii_digit())
        {
            return Err(DomainError::invalid(
                "province_code",
                "must be the province's numeric code (e.g. 12)",
            )
            .into());
        }
        let unit_code = unit_code.map(str::trim);
        match (kind, unit_code) {
            (OrgKind::CommunePc, None) => {
                return Err(DomainError::invalid(
                    "unit_code",
                    "a commune People's Committee must name its unit",
                )
                .into());
            }
            (OrgKind::CommunePc, Some(code)) => {
                let row = sqlx::query("SELECT parent_code, kind FROM units WHERE code = $1")
                    .bind(code)
                    .fetch_optional(&self.pool)
                    .await?;
                let Some(row) = row else {
                    return Err(DomainError::invalid(
                        "unit_code",
                        format!("unit {code} is not known; import the units first"),
                    )
                    .into());
                };
                let parent: Option<String> = row.try_get("parent_code")?;
                let unit_kind: String = row.try_get("kind")?;
                if unit_kind == "province" {
                    return Err(DomainError::invalid(
                        "unit_code",
                        format!("{code} is a province, not a commune, ward or special zone"),
                    )
                    .into());
                }
                if parent.as_deref() != Some(province_code) {
                    return Err(DomainError::invalid(
                        "unit_code",
                        format!(
                            "unit {code} is not in province {province_code} (it is in {})",
                            parent.as_deref().unwrap_or("none")
                        ),
                    )
                    .into());
                }
            }
            (_, Some(_)) => {
                return Err(DomainError::invalid(
                    "unit_code",
                    "only a commune People's Committee has a unit",
                )
                .into());
            }
            (_, None) => {}
        }
        if self.organisation_by_name(&name).await?.is_some() {
            return Err(StoreError::Duplicate {
                what: "organisation",
                key: name,
            });
        }
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO organisations (kind, name, province_code, unit_code, created_at) \
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(org_kind_str(kind))
        .bind(&name)
        .bind(province_code)
        .bind(unit_code)
        .bind(ts(Utc::now()))
        .fetch_one(&self.pool)
        .await
        .map_err(|e| duplicate_or(e, "organisation", &name))?;
        Ok(Organisation {
            id,
            kind,
            name,
            province_code: province_code.to_owned(),
            unit_code: unit_code.map(str::to_owned),
        })
    }

    pub async fn organisations(&self) -> Result<Vec<Organisation>> {
        sqlx::query(&format!(
            "SELECT {ORG_COLUMNS} FROM organisations ORDER BY name"
        ))
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(organisation_from_row)
        .collect()
    }

    pub async fn organisation_by_name(&self, name: &str) -> Result<Option<Organisation>> {
        sqlx::query(&format!(
            "SELECT {ORG_COLUMNS} FROM organisations WHERE name = $1"
        ))
        .bind(name.trim())
        .fetch_optional(&self.pool)
        .await?
        .as_ref()
        .map(organisation_from_row)
        .transpose()
    }

    // -----------------------------------------------------------------------------------------
    // Users

    /// A new account. Its role must belong to its organisation's kind
    /// ([`Role::organisation_kind`]: the administrator belongs to the provincial People's
    /// Committee). The password is hashed before any row is touched.
    pub async fn create_user(&self, new: NewUser) -> Result<User> {
        validate_username(&new.username)?;
        let display_name = validate_display_name(&new.display_name)?;
        validate_password(&new.password)?;
        let organisation = sqlx::query(&format!(
            "SELECT {ORG_COLUMNS} FROM organisations WHERE id = $1"
        ))
        .bind(new.organisation_id)
        .fetch_optional(&self.pool)
        .await?
        .as_ref()
        .map(organisation_from_row)
        .transpose()?
        .ok_or_else(|| StoreError::not_found("organisation", new.organisation_id))?;
        let expected = new.role.organisation_kind();
        if organisation.kind != expected {
            return Err(DomainError::invalid(
                "role",
                format!(
                    "a {} belongs to a {} organisation, and {} is a {}",
                    new.role.as_str(),
                    org_kind_str(expected),
                    organisation.name,
                    org_kind_str(organisation.kind)
                ),
            )
            .into());
        }
        let taken: Option<i64> = sqlx::query_scalar("SELECT id FROM users WHERE username = $1")
            .bind(&new.username)
            .fetch_optional(&self.pool)
            .await?;
        if taken.is_some() {
            return Err(StoreError::Duplicate {
                what: "user",
                key: new.username,
            });
        }
        let hash = hash_password(&new.password).await?;
        let now = Utc::now();
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO users (username, display_name, password_hash, role, organisation_id, \
             created_at, password_changed_at) VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id",
        )
        .bind(&new.username)
        .bind(&display_name)
        .bind(&hash)
        .bind(new.role.as_str())
        .bind(organisation.id)
        .bind(ts(now))
        .fetch_one(&self.pool)
        .await
        .map_err(|e| duplicate_or(e, "user", &new.username))?;
        tracing::info!(username = %new.username, role = new.role.as_str(), "account created");
        Ok(User {
            id,
            username: new.username,
            display_name,
            role: new.role,
            organisation,
            created_at: parse_ts(&ts(now))?,
            disabled_at: None,
        })
    }

    pub async fn users(&self) -> Result<Vec<User>> {
        sqlx::query(&format!(
            "SELECT {USER_COLUMNS} FROM {USER_FROM} ORDER BY u.username"
        ))
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(user_from_row)
        .collect()
    }

    pub async fn user(&self, username: &str) -> Result<User> {
        sqlx::query(&format!(
            "SELECT {USER_COLUMNS} FROM {USER_FROM} WHERE u.username = $1"
        ))
        .bind(username)
        .fetch_optional(&self.pool)
        .await?
        .as_ref()
        .map(user_from_row)
        .transpose()?
        .ok_or_else(|| StoreError::not_found("user", username))
    }

    /// The account with its role and organisation, disabled or not: to authorise a request,
    /// use [`Db::session_principal`] or [`Db::token_principal`], which refuse disabled ones.
    pub async fn principal(&self, user_id: i64) -> Result<Principal> {
        sqlx::query(&format!(
            "SELECT {USER_COLUMNS} FROM {USER_FROM} WHERE u.id = $1"
        ))
        .bind(user_id)
        .fetch_optional(&self.pool)
        .await?
        .as_ref()
        .map(user_from_row)
        .transpose()?
        .map(principal_of)
        .ok_or_else(|| StoreError::not_found("user", user_id))
    }

    /// Disables an account: it can no longer log in, its sessions end at once and its
    /// tokens stop working (they are kept, for the record).
    pub async fn disable_user(&self, username: &str) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        let id: Option<i64> = sqlx::query_scalar(
            "UPDATE users SET disabled_at = COALESCE(disabled_at, $2) WHERE username = $1 \
             RETURNING id",
        )
        .bind(username)
        .bind(ts(Utc::now()))
        .fetch_optional(&mut *tx)
        .await?;
        let id = id.ok_or_else(|| StoreError::not_found("user", username))?;
        sqlx::query("DELETE FROM sessions WHERE user_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        tracing::warn!(username, "account disabled");
        Ok(())
    }

    /// Sets a new password (an administrator's reset): ends the account's sessions and lifts
    /// any login lock.
    pub async fn reset_password(&self, username: &str, new_password: &str) -> Result<()> {
        validate_password(new_password)?;
        let hash = hash_password(new_password).await?;
        self.set_password_hash(username, &hash).await?;
        tracing::warn!(username, "password reset");
        Ok(())
    }

    /// A user changing their own password: the current one is checked like a login
    /// (throttled, and locked after repeated failures). Ends all the account's sessions, so
    /// the caller issues a new one with [`Db::create_session`].
    pub async fn change_password(
        &self,
        user_id: i64,
        current_password: &str,
        new_password: &str,
        now: DateTime<Utc>,
    ) -> Result<(), LoginError> {
        validate_password(new_password).map_err(StoreError::from)?;
        let username = self.principal(user_id).await?.username;
        self.authenticate(&username, current_password, now).await?;
        let hash = hash_password(new_password).await?;
        self.set_password_hash(&username, &hash).await?;
        tracing::info!(username, "password changed");
        Ok(())
    }

    async fn set_password_hash(&self, username: &str, hash: &str) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        let id: Option<i64> = sqlx::query_scalar(
            "UPDATE users SET password_hash = $2, password_changed_at = $3 WHERE username = $1 \
             RETURNING id",
        )
        .bind(username)
        .bind(hash)
        .bind(ts(Utc::now()))
        .fetch_optional(&mut *tx)
        .await?;
        let id = id.ok_or_else(|| StoreError::not_found("user", username))?;
        sqlx::query("DELETE FROM sessions WHERE user_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM login_failures WHERE username = $1")
            .bind(username)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM login_locks WHERE username = $1")
            .bind(username)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    // -----------------------------------------------------------------------------------------
    // Login

    /// Checks a username and password.
    ///
    /// Unknown usernames and wrong passwords give the same error after the same work (a
    /// dummy verification). Every attempt is recorded as a failure *before* its password is
    /// checked and the record removed on success, so that parallel guesses count too: after
    /// [`MAX_FAILURES`] failures within [`FAILURE_WINDOW`] the username (known or not, so a
    /// lock reveals nothing) is locked for [`LOCK_DURATION`], during which even the right
    /// password is refused without being checked. [`LoginError::Disabled`] is said only to
    /// someone who gave the right password.
    pub async fn authenticate(
        &self,
        username: &str,
        password: &str,
        now: DateTime<Utc>,
    ) -> Result<Principal, LoginError> {
        let username = username.trim().to_lowercase();
        if validate_username(&username).is_err() {
            // No such account can exist; log nothing of what was typed.
            dummy_verify(password).await?;
            tracing::warn!("login failed: malformed username");
            return Err(LoginError::BadCredentials);
        }
        let now_text = ts(now);
        let locked: Option<String> = sqlx::query_scalar(
            "SELECT locked_until FROM login_locks WHERE username = $1 AND locked_until > $2",
        )
        .bind(&username)
        .bind(&now_text)
        .fetch_optional(&self.pool)
        .await?;
        if let Some(until) = locked {
            tracing::warn!(%username, locked_until = %until, "login refused: locked");
            return Err(LoginError::LockedUntil(parse_ts(&until)?));
        }
        let window_start = ts(now - FAILURE_WINDOW);
        // Forget failures older than the window and locks that have ended, for everyone.
        sqlx::query("DELETE FROM login_failures WHERE failed_at <= $1")
            .bind(&window_start)
            .execute(&self.pool)
            .await?;
        sqlx::query("DELETE FROM login_locks WHERE locked_until <= $1")
            .bind(&now_text)
            .execute(&self.pool)
            .await?;
        sqlx::query("INSERT INTO login_failures (username, failed_at) VALUES ($1, $2)")
            .bind(&username)
            .bind(&now_text)
            .execute(&self.pool)
            .await?;
        let failures: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM login_failures WHERE username = $1 AND failed_at > $2",
        )
        .bind(&username)
        .bind(&window_start)
        .fetch_one(&self.pool)
        .await?;
        if failures > MAX_FAILURES {
            // Only parallel attempts get here: the one that made the fifth failure locked it.
            let until = self.lock(&username, now).await?;
            return Err(LoginError::LockedUntil(until));
        }
        let row =
            sqlx::query("SELECT id, password_hash, disabled_at FROM users WHERE username = $1")
                .bind(&username)
                .fetch_optional(&self.pool)
                .await?;
        let account = match &row {
            Some(row) => {
                let hash: String = row.try_get("password_hash")?;
                if verify_password(password, &hash).await? {
                    let id: i64 = row.try_get("id")?;
                    let disabled: Option<String> = row.try_get("disabled_at")?;
                    Some((id, disabled.is_some()))
                } else {
                    None
                }
            }
            None => {
                dummy_verify(password).await?;
                None
            }
        };
        let Some((user_id, disabled)) = account else {
            tracing::warn!(%username, failures, "login failed: bad credentials");
            if failures >= MAX_FAILURES {
                self.lock(&username, now).await?;
            }
            return Err(LoginError::BadCredentials);
        };
        sqlx::query("DELETE FROM login_failures WHERE username = $1")
            .bind(&username)
            .execute(&self.pool)
            .await?;
        if disabled {
            tracing::warn!(%username, "login refused: account disabled");
            return Err(LoginError::Disabled);
        }
        Ok(self.principal(user_id).await?)
    }

    /// Locks `username` for [`LOCK_DURATION`] from `now`; its failures are spent.
    async fn lock(&self, username: &str, now: DateTime<Utc>) -> Result<DateTime<Utc>> {
        let until = now + LOCK_DURATION;
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "INSERT INTO login_locks (username, locked_until) VALUES ($1, $2) \
             ON CONFLICT (username) DO UPDATE SET locked_until = excluded.locked_until",
        )
        .bind(username)
        .bind(ts(until))
        .execute(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM login_failures WHERE username = $1")
            .bind(username)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        tracing::warn!(
            %username,
            locked_until = %ts(until),
            "login locked after {MAX_FAILURES} failures within {} minutes",
            FAILURE_WINDOW.num_minutes()
        );
        Ok(until)
    }

    // -----------------------------------------------------------------------------------------
    // Sessions

    async fn active_user(&self, user_id: i64) -> Result<()> {
        let disabled: Option<Option<String>> =
            sqlx::query_scalar("SELECT disabled_at FROM users WHERE id = $1")
                .bind(user_id)
                .fetch_optional(&self.pool)
                .await?;
        match disabled {
            None => Err(StoreError::not_found("user", user_id)),
            Some(Some(_)) => {
                Err(DomainError::invalid("username", "the account is disabled").into())
            }
            Some(None) => Ok(()),
        }
    }

    /// Starts a session for a user who has just logged in. Returns the secret for the cookie
    /// (64 hex digits; only its SHA-256 is stored) and the session's absolute expiry,
    /// [`SESSION_ABSOLUTE`] from now; it also ends after [`SESSION_IDLE`] without use.
    ///
    /// Logging in always issues a new secret this way; the web layer deletes whatever session
    /// the request came with, so an id planted before login is never promoted (fixation).
    pub async fn create_session(
        &self,
        user_id: i64,
        now: DateTime<Utc>,
    ) -> Result<(String, DateTime<Utc>)> {
        self.active_user(user_id).await?;
        let secret = random_secret();
        let expires_at = now + SESSION_ABSOLUTE;
        sqlx::query(
            "INSERT INTO sessions (id_hash, user_id, created_at, last_seen_at, expires_at) \
             VALUES ($1, $2, $3, $3, $4)",
        )
        .bind(sha256_hex(&secret))
        .bind(user_id)
        .bind(ts(now))
        .bind(ts(expires_at))
        .execute(&self.pool)
        .await?;
        Ok((secret, expires_at))
    }

    /// Who holds this session, if it is live: not idle for [`SESSION_IDLE`], not past its
    /// absolute expiry, its user not disabled. Counts as use (refreshes the idle clock).
    pub async fn session_principal(
        &self,
        secret: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<Principal>> {
        if !is_secret(secret) {
            return Ok(None);
        }
        let id_hash = sha256_hex(secret);
        let now_text = ts(now);
        let idle_cutoff = ts(now - SESSION_IDLE);
        let user_id: Option<i64> = sqlx::query_scalar(
            "UPDATE sessions SET last_seen_at = $2 \
             WHERE id_hash = $1 AND last_seen_at > $3 AND expires_at > $2 \
             AND user_id IN (SELECT id FROM users WHERE disabled_at IS NULL) \
             RETURNING user_id",
        )
        .bind(&id_hash)
        .bind(&now_text)
        .bind(&idle_cutoff)
        .fetch_optional(&self.pool)
        .await?;
        match user_id {
            Some(id) => Ok(Some(self.principal(id).await?)),
            None => {
                // Expired (or its user disabled): gone for good.
                sqlx::query("DELETE FROM sessions WHERE id_hash = $1")
                    .bind(&id_hash)
                    .execute(&self.pool)
                    .await?;
                Ok(None)
            }
        }
    }

    /// Logout. Deleting an unknown or expired session is not an error.
    pub async fn delete_session(&self, secret: &str) -> Result<()> {
        sqlx::query("DELETE FROM sessions WHERE id_hash = $1")
            .bind(sha256_hex(secret))
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Replaces a live session's secret with a new one (same user, same absolute expiry), so
    /// the old secret stops working at once: for when a session's privileges change. `None`
    /// when the old session is not live.
    pub async fn rotate_session(
        &self,
        old_secret: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<String>> {
        if !is_secret(old_secret) {
            return Ok(None);
        }
        let mut tx = self.pool.begin().await?;
        let row = sqlx::query(
            "DELETE FROM sessions WHERE id_hash = $1 AND last_seen_at > $3 AND expires_at > $2 \
             AND user_id IN (SELECT id FROM users WHERE disabled_at IS NULL) \
             RETURNING user_id, created_at, expires_at",
        )
        .bind(sha256_hex(old_secret))
        .bind(ts(now))
        .bind(ts(now - SESSION_IDLE))
        .fetch_optional(&mut *tx)
        .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        let secret = random_secret();
        sqlx::query(
            "INSERT INTO sessions (id_hash, user_id, created_at, last_seen_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(sha256_hex(&secret))
        .bind(row.try_get::<i64, _>("user_id")?)
        .bind(row.try_get::<String, _>("created_at")?)
        .bind(ts(now))
        .bind(row.try_get::<String, _>("expires_at")?)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(Some(secret))
    }

    /// Deletes the sessions that have expired (idle or absolute); returns how many.
    pub async fn purge_expired_sessions(&self, now: DateTime<Utc>) -> Result<u64> {
        let done = sqlx::query("DELETE FROM sessions WHERE last_seen_at <= $1 OR expires_at <= $2")
            .bind(ts(now - SESSION_IDLE))
            .bind(ts(now))
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected())
    }

    // -----------------------------------------------------------------------------------------
    // API tokens

    /// A new API token for `user_id`, acting with the user's present role and organisation.
    /// Returns the secret (`pt_` and 64 hex digits), to be shown once: only its SHA-256 is
    /// kept.
    pub async fn create_token(
        &self,
        user_id: i64,
        label: &str,
        now: DateTime<Utc>,
    ) -> Result<(String, TokenInfo)> {
        let label = validate_text("label", label, 100)?;
        self.active_user(user_id).await?;
        let principal = self.principal(user_id).await?;
        let secret = format!("{TOKEN_PREFIX}{}", random_secret());
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO api_tokens (token_hash, user_id, role, organisation_id, label, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(sha256_hex(&secret))
        .bind(user_id)
        .bind(principal.role.as_str())
        .bind(principal.organisation.id)
        .bind(&label)
        .bind(ts(now))
        .fetch_one(&self.pool)
        .await?;
        tracing::info!(username = %principal.username, token_id = id, %label, "API token created");
        Ok((secret, self.token(id).await?))
    }

    pub async fn token(&self, id: i64) -> Result<TokenInfo> {
        sqlx::query(&format!("{TOKEN_SELECT} WHERE t.id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .as_ref()
            .map(token_from_row)
            .transpose()?
            .ok_or_else(|| StoreError::not_found("token", id))
    }

    /// Who holds this token, if it is not revoked, its user is not disabled and still has the
    /// role and organisation the token was made with. Records the use.
    pub async fn token_principal(
        &self,
        secret: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<Principal>> {
        let Some(hex_part) = secret.strip_prefix(TOKEN_PREFIX) else {
            return Ok(None);
        };
        if !is_secret(hex_part) {
            return Ok(None);
        }
        let user_id: Option<i64> = sqlx::query_scalar(
            "UPDATE api_tokens SET last_used_at = $2 \
             WHERE token_hash = $1 AND revoked_at IS NULL AND EXISTS (SELECT 1 FROM users u \
               WHERE u.id = api_tokens.user_id AND u.disabled_at IS NULL \
               AND u.role = api_tokens.role AND u.organisation_id = api_tokens.organisation_id) \
             RETURNING user_id",
        )
        .bind(sha256_hex(secret))
        .bind(ts(now))
        .fetch_optional(&self.pool)
        .await?;
        match user_id {
            Some(id) => Ok(Some(self.principal(id).await?)),
            None => Ok(None),
        }
    }

    /// Revokes a token for good. Revoking it again changes nothing.
    pub async fn revoke_token(&self, id: i64) -> Result<()> {
        let done = sqlx::query(
            "UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, $2) WHERE id = $1",
        )
        .bind(id)
        .bind(ts(Utc::now()))
        .execute(&self.pool)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::not_found("token", id));
        }
        tracing::warn!(token_id = id, "API token revoked");
        Ok(())
    }

    /// The tokens of one user, or everyone's; never their secrets.
    pub async fn tokens(&self, user_id: Option<i64>) -> Result<Vec<TokenInfo>> {
        sqlx::query(&format!(
            "{TOKEN_SELECT} WHERE ($1 IS NULL OR t.user_id = $1) ORDER BY t.id"
        ))
        .bind(user_id)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(token_from_row)
        .collect()
    }
}

impl Db {
    /// The page language the person chose, if any.
    pub async fn user_language(&self, user_id: i64) -> Result<Option<String>> {
        Ok(
            sqlx::query_scalar::<_, Option<String>>("SELECT language FROM users WHERE id = $1")
                .bind(user_id)
                .fetch_optional(&self.pool)
                .await?
                .flatten(),
        )
    }

    /// Keeps the person's page language ("vi", "en" or "id").
    pub async fn set_user_language(&self, user_id: i64, language: &str) -> Result<()> {
        if !matches!(language, "vi" | "en" | "id") {
            return Err(DomainError::invalid("language", "must be vi, en or id").into());
        }
        sqlx::query("UPDATE users SET language = $1 WHERE id = $2")
            .bind(language)
            .bind(user_id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    //! What only the crate can see: the stored rows hold no secret.

    use super::*;
    use crate::testing::TestDb;

    async fn setup() -> (TestDb, Db, i64) {
        let t = TestDb::new().await;
        let db = Db::connect(&t.url).await.unwrap();
        let org = db
            .create_organisation(OrgKind::ProvincialPc, "UBND tỉnh Lai Châu", "12", None)
            .await
            .unwrap();
        let user = db
            .create_user(NewUser {
                username: "admin".into(),
                display_name: "Quản trị".into(),
                password: "correct horse battery".into(),
                role: Role::Administrator,
                organisation_id: org.id,
            })
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
}
