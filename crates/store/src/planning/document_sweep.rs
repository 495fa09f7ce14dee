//! The start-up sweep's use case: which kept files the database cites, and the sweep of the
//! rest (see [`crate::blobs::BlobStore::sweep`]).

use std::collections::HashSet;
use std::time::{Duration, SystemTime};

use futures_util::TryStreamExt;
use plantrack_domain::workflow::EventKind;
use sqlx::Row;

use super::Planning;
use crate::blobs::{BlobStore, Swept};
use crate::error::{Result, StoreError};

/// How long a file must have gone unwritten before the sweep takes it: far longer than an
/// upload takes between its last byte and its attachment's commit, on any server sharing
/// the store.
pub const SWEEP_MIN_AGE: Duration = Duration::from_secs(3600);

impl Planning {
    /// Every hash a dossier's event cites as an attached file, every land-use check's, and every
    /// file residents attached to their opinions.
    pub async fn referenced_documents(&self) -> Result<HashSet<String>> {
        let mut cited = HashSet::new();
        // Only the attachments' payloads, read as a stream: a national history holds
        // millions of events.
        let mut rows =
            sqlx::query("SELECT payload FROM dossier_events WHERE kind = 'document_attached'")
                .fetch(&self.db.pool);
        while let Some(row) = rows.try_next().await? {
            let payload: String = row.try_get("payload")?;
            let kind: EventKind = serde_json::from_str(&payload)
                .map_err(|e| StoreError::corrupt(format!("event payload: {e}")))?;
            if let EventKind::DocumentAttached {
                file: Some(file), ..
            } = kind
            {
                cited.insert(file.sha256);
            }
        }
        drop(rows);
        let checks: Vec<String> = sqlx::query_scalar("SELECT sha256 FROM landuse_checks")
            .fetch_all(&self.db.pool)
            .await?;
        cited.extend(checks);
        cited.extend(self.db.public_attachments().await?);
        Ok(cited)
    }

    /// Removes what a killed server left in `documents`: partial uploads, and kept files no
    /// event cites, of those unwritten for [`SWEEP_MIN_AGE`] before `now`.
    pub async fn sweep_documents(&self, documents: &BlobStore, now: SystemTime) -> Result<Swept> {
        // The files are listed after the citations are read: a file kept and cited since
        // is young, and the sweep passes it over.
        let cited = self.referenced_documents().await?;
        documents
            .sweep(&cited, now, SWEEP_MIN_AGE)
            .await
            .map_err(|e| StoreError::Files(e.to_string()))
    }
}
