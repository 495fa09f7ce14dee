//! The store's one error type. Database errors are kept whole for the log; the web layer shows
//! clients only the kind of failure, never the SQL or the driver's message.

use plantrack_domain::DomainError;
use thiserror::Error;

#[derive(Debug, Error)]
#[non_exhaustive]
pub enum StoreError {
    #[error("{what} '{key}' not found")]
    NotFound { what: &'static str, key: String },
    /// Someone else changed the dossier first.
    #[error("dossier {dossier_id} changed: expected version {expected}, found {actual}")]
    Conflict {
        dossier_id: i64,
        expected: u64,
        actual: u64,
    },
    #[error("{what} '{key}' already exists")]
    Duplicate { what: &'static str, key: String },
    /// The access policy refused the caller.
    #[error(transparent)]
    Denied(#[from] plantrack_domain::access::Denied),
    #[error(transparent)]
    Domain(#[from] DomainError),
    #[error(transparent)]
    Import(#[from] plantrack_gis::GisError),
    #[error("stored data is corrupt: {0}")]
    Corrupt(String),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    /// The document store on disk failed (full disk, permissions, a missing file).
    #[error("document store: {0}")]
    Files(String),
    /// The database's schema is older than this build: `plantrack migrate` brings it up.
    #[error("the database needs {pending} migration(s): run `plantrack migrate` first")]
    NotMigrated { pending: usize },
    #[error("migration error: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

impl StoreError {
    pub(crate) fn not_found(what: &'static str, key: &(impl ToString + ?Sized)) -> Self {
        Self::NotFound {
            what,
            key: key.to_string(),
        }
    }

    pub(crate) fn corrupt(what: impl std::fmt::Display) -> Self {
        Self::Corrupt(what.to_string())
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;
