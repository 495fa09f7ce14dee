//! The backup file's table of contents: what made it, from which schema, and the SHA-256 and
//! size of every part, so that a restore can refuse a damaged or truncated file before it
//! writes anything.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// What `format` says in every plantrack backup.
pub const FORMAT: &str = "plantrack-backup";
/// The version of the layout this build writes and reads.
pub const FORMAT_VERSION: u32 = 1;
/// The manifest's name inside the zip.
pub const MANIFEST: &str = "manifest.json";

/// The manifest, written last (it holds every part's checksum) as `manifest.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: String,
    pub format_version: u32,
    /// The plantrack version that wrote it.
    pub plantrack: String,
    pub created_at: DateTime<Utc>,
    /// `sqlite` or `postgres`: where it came from (a restore may go to either).
    pub backend: String,
    /// The newest migration the database had, and every one applied.
    pub schema_version: i64,
    pub migrations: Vec<i64>,
    /// Every table, in an order that inserts referenced rows first.
    pub tables: Vec<TablePart>,
    /// The last identity each table with generated ids handed out, so that a restored
    /// database never hands out one of a removed row (a revoked token, an expired session)
    /// again.
    pub sequences: Vec<(String, i64)>,
    pub documents: Vec<DocumentPart>,
}

/// One table: its rows as JSON Lines, one array per row in `columns`' order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TablePart {
    pub name: String,
    pub columns: Vec<String>,
    pub rows: u64,
    /// The part's name inside the zip.
    pub part: String,
    pub sha256: String,
    pub bytes: u64,
}

/// One kept document, under `documents/<sha256>`; its name is its content's hash.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocumentPart {
    pub sha256: String,
    pub bytes: u64,
}

impl DocumentPart {
    pub fn part(&self) -> String {
        document_part(&self.sha256)
    }
}

pub fn table_part(name: &str) -> String {
    format!("database/{name}.jsonl")
}

pub fn document_part(sha256: &str) -> String {
    format!("documents/{sha256}")
}
