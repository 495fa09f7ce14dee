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
use argon2::password_hash::{PasswordHash, SaltString};
#[cfg(test)]
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::{Algorithm, Argon2, Params, Version};
use chrono::{DateTime, SecondsFormat, TimeDelta, Utc};
use plantrack_domain::DomainError;
use plantrack_domain::access::{OrgKind, Organisation, Principal, Role, Sector};
use plantrack_domain::error::AccountProtection;
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

/// Failed sign-ins within [`FAILURE_WINDOW`] that block an account for [`LOCK_DURATION`],
/// from every address it has not signed in from lately (see [`KNOWN_ADDRESS_FOR`]).
pub const MAX_FAILURES: i64 = 5;
pub const FAILURE_WINDOW: TimeDelta = TimeDelta::minutes(15);
/// How long a block lasts.
pub const LOCK_DURATION: TimeDelta = TimeDelta::minutes(15);
/// Failed sign-ins from one client address, whatever the accounts, within [`FAILURE_WINDOW`]
/// that block the address for [`LOCK_DURATION`]: password spraying tries few passwords on
/// many accounts, which no account's own count would see.
pub const MAX_ADDRESS_FAILURES: i64 = 20;
/// An address an account signed in from successfully within this long is known to it: its
/// failures there back off ([`BACKOFF_FIRST`] doubling up to [`BACKOFF_MAX`]) instead of
/// counting towards the account's block, so that an attacker elsewhere cannot lock the
/// account's owner (the administrator included) out.
pub const KNOWN_ADDRESS_FOR: TimeDelta = TimeDelta::days(30);
pub const BACKOFF_FIRST: TimeDelta = TimeDelta::seconds(1);
pub const BACKOFF_MAX: TimeDelta = TimeDelta::minutes(15);
/// Backoff is forgotten this long after its first failure: about 100 guesses a day at most.
pub const BACKOFF_WINDOW: TimeDelta = TimeDelta::hours(24);
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
    /// The account (from this address) or the address is blocked: refused unchecked.
    #[error("too many failed logins; try again after {}", .0.to_rfc3339_opts(SecondsFormat::Secs, true))]
    LockedUntil(DateTime<Utc>),
    /// Too many sign-ins are being checked at once: refused unchecked, to come back after this.
    #[error("too many sign-ins at once; try again in {} s", .0.as_secs())]
    Busy(std::time::Duration),
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

/// A service account to create: an integration's, which has no password anyone knows.
#[derive(Debug, Clone)]
pub struct NewServiceAccount {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub organisation_id: i64,
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
    /// An integration's account: it never signs in with a password and acts through the API
    /// tokens the administrator makes for it.
    pub service_account: bool,
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

mod contacts;
mod gate;
pub(crate) mod login;
mod rows;
pub(crate) mod secrets;
mod sessions;
#[cfg(test)]
mod tests;
mod tokens;
mod users;
mod validation;
mod weekly_report;

pub use contacts::OrganisationContact;
pub use weekly_report::{WeeklyReportSubscriber, iso_week};

pub use gate::{BUSY_RETRY_AFTER, SIGN_INS_PER_CORE, set_sign_in_limit, sign_in_limits};
use gate::{dummy_verify, hash_password, verify_password};
use rows::*;
pub use secrets::csrf_token;
use secrets::*;
use validation::validate_text;
pub use validation::{
    generate_password, validate_display_name, validate_password, validate_username,
};
