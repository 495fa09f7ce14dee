//! Attaching an uploaded file to a dossier. The file has already streamed into the document
//! store (the web layer reads the request; [`crate::blobs`] hashes and keeps it); this use
//! case decides the rest: who acts, whether a land-use map can be read and how it fares
//! against the province's published layers, and the event that attaches it — with the
//! map's check in the same transaction. A refused upload leaves no file behind.

use plantrack_domain::access::Caller;
use plantrack_domain::workflow::{Actor, CommandKind, DossierEvent, DossierState, StoredFile};

use super::Planning;
use super::dossiers::{DossierReading, Order};
use crate::blobs::{BlobError, BlobStore, Kept};
use crate::dossiers::DossierPlace;
use crate::error::{Result, StoreError};
use crate::layers::{CheckedMap, LanduseCheck};

/// The document kind whose files are the plan's land-use map: checked on arrival.
pub const LANDUSE_MAP_KIND: &str = "gis_data";

/// A file kept in the document store, and what the form said of it.
#[derive(Debug)]
pub struct Upload {
    pub kept: Kept,
    /// The name the file had on the uploader's machine.
    pub filename: String,
    /// The dossier version the uploader read.
    pub expected_version: Option<u64>,
    pub kind: String,
    pub title: String,
    pub reason: Option<String>,
}

/// A land-use map's check, waiting for the event that attaches the map.
pub(crate) struct PendingCheck {
    sha256: String,
    checked: CheckedMap,
}

impl PendingCheck {
    pub(crate) fn for_event(self, dossier_id: i64, event_seq: u64) -> LanduseCheck {
        LanduseCheck {
            dossier_id,
            event_seq: i64::try_from(event_seq).unwrap_or(i64::MAX),
            sha256: self.sha256,
            zones: i64::try_from(self.checked.zones).unwrap_or(i64::MAX),
            layers: self.checked.layers,
            report: self.checked.report,
            checked_at: crate::db::now_text(),
        }
    }
}

impl Planning {
    /// Attaches an uploaded file to the dossier's current stage as the caller. A land-use
    /// map that cannot be read is refused (naming the feature); the check of one that can is
    /// kept with the event. Whatever is refused, the file this upload added is removed.
    pub async fn attach_upload(
        &self,
        caller: Caller<'_>,
        documents: &BlobStore,
        id: i64,
        upload: Upload,
        actor: Option<Actor>,
    ) -> Result<(DossierEvent, DossierReading)> {
        let kept = upload.kept.clone();
        match self.attach(caller, documents, id, upload, actor).await {
            Ok((event, next, place)) => Ok((event, self.reading_after(caller, place, next)?)),
            Err(e) => {
                if let Err(io) = documents.forget(&kept).await {
                    tracing::warn!(error = %io, sha256 = %kept.sha256, "could not remove a refused upload");
                }
                Err(e)
            }
        }
    }

    async fn attach(
        &self,
        caller: Caller<'_>,
        documents: &BlobStore,
        id: i64,
        upload: Upload,
        actor: Option<Actor>,
    ) -> Result<(DossierEvent, DossierState, DossierPlace)> {
        // Who acts is decided first: a stranger's map is not even read.
        let (_, place) = self.acting(caller, id, actor.clone()).await?;
        let Upload {
            kept,
            filename,
            expected_version,
            kind,
            title,
            reason,
        } = upload;
        let check = if kind == LANDUSE_MAP_KIND && is_gis_file(kept.media_type, &filename) {
            let checked = self
                .read_and_check(documents, id, &place, &kept.sha256, &filename)
                .await?;
            Some(PendingCheck {
                sha256: kept.sha256.clone(),
                checked,
            })
        } else {
            None
        };
        let order = Order {
            expected_version,
            // The upload itself says why; a reason given is kept, none defaults to the title.
            reason: reason
                .filter(|r| !r.trim().is_empty())
                .unwrap_or_else(|| title.clone()),
            effective_on: None,
            actor,
            kind: CommandKind::AttachDocument {
                kind,
                title,
                reference: String::new(),
                file: Some(StoredFile {
                    sha256: kept.sha256,
                    size: kept.size,
                    media_type: kept.media_type.to_owned(),
                    filename,
                }),
            },
        };
        self.decide_and_append(caller, id, order, check).await
    }

    /// Reads a kept land-use map (GeoJSON, a zipped Shapefile or a DXF drawing) and checks it.
    async fn read_and_check(
        &self,
        documents: &BlobStore,
        dossier: i64,
        place: &crate::dossiers::DossierPlace,
        sha256: &str,
        filename: &str,
    ) -> Result<CheckedMap> {
        let province = place.province_code.as_str();
        // The plan's forecast population, for the land-use balance in m² per person.
        let (state, _, _) = self.db.dossier_row(dossier).await?;
        let population = self.db.plan(state.plan_id).await?.population;
        let bytes = documents.read(sha256).await.map_err(|e| match e {
            BlobError::Missing(_) | BlobError::BadHash(_) => {
                StoreError::not_found("document", &sha256)
            }
            e => StoreError::Files(e.to_string()),
        })?;
        // A drawing or Shapefile without a coordinate system is in the province's TM-3 plane.
        let options = plantrack_gis::import::ImportOptions {
            crs: plantrack_gis::crs::Crs::province_tm3(province),
            archive_limits: self.archive_limits,
            ..Default::default()
        };
        let name = if filename.contains('.') {
            filename.to_owned()
        } else {
            format!("{filename}.geojson")
        };
        let text = tokio::task::spawn_blocking(move || {
            plantrack_gis::import::uploaded_to_geojson(&name, &bytes, &options)
        })
        .await
        .map_err(|e| StoreError::corrupt(format!("the map reader stopped: {e}")))??;
        for warning in &text.warnings {
            tracing::warn!("{warning}");
        }
        self.check_landuse_map(province, &place.unit_code, population, &text.value)
            .await
    }

    /// The file with hash `sha256` as attached to dossier `id`, for a reader of the dossier:
    /// only a file the dossier cites (a hash alone opens nothing). Returns its record and
    /// its bytes.
    pub async fn document(
        &self,
        caller: Caller<'_>,
        documents: &BlobStore,
        id: i64,
        sha256: &str,
    ) -> Result<(StoredFile, Vec<u8>)> {
        let (dossier, _) = self.readable_state(caller, id).await?;
        let file = dossier
            .documents
            .iter()
            .rev()
            .filter_map(|d| d.file.as_ref())
            .find(|f| f.sha256 == sha256)
            .cloned()
            .ok_or_else(|| StoreError::not_found("document", &sha256))?;
        let bytes = documents.read(sha256).await.map_err(|e| {
            tracing::error!(error = %e, %sha256, "a cited document cannot be read from the store");
            StoreError::Files(e.to_string())
        })?;
        Ok((file, bytes))
    }
}

/// A land-use map plantrack can read: GeoJSON, a zipped Shapefile or a DXF drawing.
fn is_gis_file(media_type: &str, filename: &str) -> bool {
    media_type == "application/geo+json"
        || plantrack_gis::import::Format::of_path(std::path::Path::new(filename))
            .is_some_and(|f| f != plantrack_gis::import::Format::GeoJson)
}
