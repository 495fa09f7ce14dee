//! Backups: the whole store in one file — every table of the database and every kept
//! document — and back, into either backend.
//!
//! The file is a zip: `manifest.json` (the format, the plantrack version, the source backend,
//! the schema's migrations, when it was taken, and every part's SHA-256 and size), one JSON
//! Lines part per table under `database/`, and each document under `documents/<sha256>`.
//! The database is exported logically, through the same SQL layer as everything else, rather
//! than as SQLite's file or `pg_dump`'s script: one format for both backends (a SQLite
//! store can move to PostgreSQL and back), no coupling to the server's `pg_dump` version, and
//! a check of every part before anything is restored. Consistency while serving comes from
//! reading every table in one transaction (see `snapshot`).

mod catalog;
pub mod manifest;
mod restore;
mod snapshot;
mod values;

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::blobs::BlobStore;
use crate::db::{Backend, Db};
use crate::error::StoreError;
use crate::planning::Planning;

pub use manifest::Manifest;

/// Why a backup or a restore could not be made. Each says what to do about it.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BackupError {
    #[error("cannot read or write {path}: {source}")]
    File {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "the kept document {0} no longer has its content's hash: the document store is damaged"
    )]
    DocumentDamaged(String),
    #[error("the database has never been migrated: there is nothing to back up")]
    NotMigrated,
    /// The zip writer stopped; its own error follows it.
    #[error("the backup file could not be written")]
    WriterStopped,
    #[error("{0} is not a plantrack backup")]
    NotABackup(String),
    #[error("the backup is damaged: {0}")]
    Damaged(String),
    #[error("the backup's format {found} is newer than this build reads ({supported})")]
    NewerFormat { found: String, supported: u32 },
    #[error("the backup's database schema ({backup}) is newer than this build's ({build})")]
    NewerSchema { backup: i64, build: i64 },
    #[error("the target database is not empty: table {table} has data")]
    DatabaseNotEmpty { table: String },
    #[error("the target database's schema ({target}) is not the backup's ({backup})")]
    SchemaDiffers { target: i64, backup: i64 },
    #[error("the target database lacks {0}, which the backup has")]
    Mismatch(String),
    /// The file unpacks (or claims to) beyond `restore --max-unpacked-mb` or 20× its size.
    #[error("the backup file: {0}")]
    ArchiveTooLarge(#[from] plantrack_gis::archive::TooLarge),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl BackupError {
    fn file(path: &Path, source: std::io::Error) -> Self {
        BackupError::File {
            path: path.to_owned(),
            source,
        }
    }
}

impl From<sqlx::Error> for BackupError {
    fn from(e: sqlx::Error) -> Self {
        BackupError::Store(e.into())
    }
}

/// What a backup holds.
#[derive(Debug, Clone, Serialize)]
pub struct BackupSummary {
    pub file: PathBuf,
    /// The file's size.
    pub bytes: u64,
    pub backend: String,
    pub schema_version: i64,
    pub created_at: DateTime<Utc>,
    pub tables: usize,
    pub rows: u64,
    pub documents: usize,
    pub document_bytes: u64,
    /// False when the documents folder did not exist (a store whose server never ran):
    /// the backup then holds no document.
    pub documents_folder_found: bool,
}

impl BackupSummary {
    fn of(manifest: &Manifest, file: PathBuf, bytes: u64) -> Self {
        BackupSummary {
            file,
            bytes,
            backend: manifest.backend.clone(),
            schema_version: manifest.schema_version,
            created_at: manifest.created_at,
            tables: manifest.tables.len(),
            rows: manifest.tables.iter().map(|t| t.rows).sum(),
            documents: manifest.documents.len(),
            document_bytes: manifest.documents.iter().map(|d| d.bytes).sum(),
            documents_folder_found: true,
        }
    }
}

/// What a restore put back.
#[derive(Debug, Clone, Serialize)]
pub struct RestoreSummary {
    /// The backend restored into, and the one the backup came from.
    pub backend: String,
    pub from_backend: String,
    pub schema_version: i64,
    /// When the backup was taken.
    pub created_at: DateTime<Utc>,
    pub tables: usize,
    pub rows: u64,
    pub documents: usize,
    pub document_bytes: u64,
}

fn backend_name(backend: Backend) -> &'static str {
    match backend {
        Backend::Sqlite => "sqlite",
        Backend::Postgres => "postgres",
    }
}

/// The operator's use cases on a whole store, beside [`Planning`]: backing it up and
/// restoring it. They need no caller: only whoever runs the command line on the server (and
/// can read the database and the documents folder) reaches them.
#[derive(Debug)]
pub struct Maintenance {
    db: Db,
    url: String,
}

impl Maintenance {
    /// Connects to `url` without migrating it: a restore's target may be a new, empty one.
    pub async fn connect(url: &str) -> Result<Self, BackupError> {
        Ok(Maintenance {
            db: Db::connect(url).await?,
            url: url.to_owned(),
        })
    }

    /// Writes the database at one instant and every kept document to `out` (replaced only
    /// once the new file is complete), while the server goes on serving. `None`: the store
    /// has no documents yet (its folder does not exist).
    pub async fn backup(
        &self,
        documents: Option<&BlobStore>,
        out: &Path,
    ) -> Result<BackupSummary, BackupError> {
        snapshot::backup(&self.db, documents, out).await
    }

    /// Restores `file` into this (empty) database and the `documents` store, then
    /// brings the database up to this build as `plantrack migrate` does. A file that is
    /// damaged, cut short, or from a newer schema, and a target that is not empty, are refused
    /// before anything is written; so is one unpacking beyond `limits` (a zip bomb).
    pub async fn restore(
        &self,
        file: &Path,
        documents: &BlobStore,
        limits: plantrack_gis::archive::ArchiveLimits,
    ) -> Result<RestoreSummary, BackupError> {
        let (_, summary) = restore::restore(&self.db, file, documents, limits).await?;
        Planning::migrate(&self.url).await?;
        Ok(summary)
    }

    pub async fn close(&self) {
        self.db.close().await;
    }
}
