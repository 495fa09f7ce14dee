//! Uploading and downloading a dossier's files, shared by the pages and the API.
//!
//! An upload streams to the document store ([`plantrack_store::blobs`]) while it arrives,
//! then one command attaches it to the dossier's current stage — one transaction, one event
//! naming the file's hash, size, type and name, the uploader and the time. If the command is
//! refused, the file this upload added is removed again; if the client goes away mid-way,
//! the partial file is removed when its writer is dropped. Nothing is left half-done.

use axum::extract::Multipart;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use plantrack_domain::access::{self, Principal};
use plantrack_domain::workflow::{
    Actor, Command, CommandKind, DossierEvent, DossierState, StoredFile,
};
use plantrack_store::blobs::BlobError;

use crate::AppState;
use crate::error::ApiError;

/// The longest text field an upload form may carry (a reason is at most 2,000 characters).
const MAX_FIELD: usize = 16 * 1024;

/// What an upload form carries besides the file.
#[derive(Debug, Default)]
struct UploadFields {
    version: Option<u64>,
    kind: Option<String>,
    title: Option<String>,
    reason: Option<String>,
}

fn blob_error(e: BlobError) -> ApiError {
    match e {
        BlobError::Io(e) => ApiError::Store(plantrack_store::StoreError::Files(e.to_string())),
        refused => ApiError::bad_request("file", refused.to_string()),
    }
}

/// The role `principal` plays on dossier `id`, if they may act on it, and the dossier's
/// province.
async fn acting_role(
    state: &AppState,
    principal: &Principal,
    id: i64,
) -> Result<(&'static str, String), ApiError> {
    let place = state.planning.db.dossier_place(id).await?;
    let scope = place.scope();
    let role = access::command_dossier(Some(principal), &scope)?;
    Ok((role, place.province_code))
}

/// The document kind whose GeoJSON files are the plan's land-use map: checked on arrival.
pub const LANDUSE_MAP_KIND: &str = "gis_data";

/// Receives a multipart upload (`version`, `kind`, `title`, `reason`, `file`) and attaches
/// the file to dossier `id` as `principal`.
pub async fn receive(
    state: &AppState,
    principal: &Principal,
    id: i64,
    mut multipart: Multipart,
) -> Result<(DossierEvent, DossierState), ApiError> {
    // Check who acts before reading a byte of the file.
    let (role, province) = acting_role(state, principal, id).await?;
    let mut fields = UploadFields::default();
    let mut kept = None;
    let bad = |field: &str, e: axum::extract::multipart::MultipartError| {
        ApiError::bad_request(field, e.body_text())
    };
    while let Some(mut field) = multipart.next_field().await.map_err(|e| bad("body", e))? {
        let name = field.name().unwrap_or_default().to_owned();
        if name == "file" {
            let filename = field
                .file_name()
                .map(|n| n.rsplit(['/', '\\']).next().unwrap_or(n).to_owned())
                .filter(|n| !n.is_empty())
                .ok_or_else(|| ApiError::bad_request("file", "choose a file to upload"))?;
            let mut writer = state
                .documents
                .writer(&filename)
                .await
                .map_err(blob_error)?;
            while let Some(chunk) = field.chunk().await.map_err(|e| bad("file", e))? {
                writer.write(&chunk).await.map_err(blob_error)?;
            }
            let stored = writer.finish().await.map_err(blob_error)?;
            kept = Some((stored, filename));
            continue;
        }
        // The form's other fields are short; read at most a few kilobytes of each.
        let mut raw = Vec::new();
        while let Some(chunk) = field.chunk().await.map_err(|e| bad(&name, e))? {
            if raw.len() + chunk.len() > MAX_FIELD {
                return Err(ApiError::bad_request(name, "too long"));
            }
            raw.extend_from_slice(&chunk);
        }
        let text = String::from_utf8(raw)
            .map_err(|_| ApiError::bad_request(name.clone(), "not valid UTF-8 text"))?;
        match name.as_str() {
            "version" => {
                fields.version = Some(text.trim().parse().map_err(|_| {
                    ApiError::bad_request("version", "expected the dossier version you read")
                })?)
            }
            "kind" => fields.kind = Some(text),
            "title" => fields.title = Some(text),
            "reason" => fields.reason = Some(text),
            _ => {}
        }
    }
    let (stored, filename) =
        kept.ok_or_else(|| ApiError::bad_request("file", "choose a file to upload"))?;
    // A land-use map is checked before it is attached: a map that cannot be read is refused
    // (naming the feature), and the check of one that can is kept with it.
    let landuse = if fields.kind.as_deref() == Some(LANDUSE_MAP_KIND)
        && is_gis_file(stored.media_type, &filename)
    {
        let checked = match read_and_check(state, &province, &stored.sha256, &filename).await {
            Ok(c) => c,
            Err(e) => {
                forget(state, &stored).await;
                return Err(e);
            }
        };
        Some(checked)
    } else {
        None
    };
    let command = Command {
        expected_version: fields.version,
        actor: Actor {
            name: principal.display_name.clone(),
            role: role.to_owned(),
        },
        // The upload itself says why; a reason given is kept, none defaults to the title.
        reason: fields
            .reason
            .filter(|r| !r.trim().is_empty())
            .or_else(|| fields.title.clone())
            .unwrap_or_default(),
        effective_on: state.planning.today(),
        kind: CommandKind::AttachDocument {
            kind: fields.kind.unwrap_or_default(),
            title: fields.title.unwrap_or_default(),
            reference: String::new(),
            file: Some(StoredFile {
                sha256: stored.sha256.clone(),
                size: stored.size,
                media_type: stored.media_type.to_owned(),
                filename,
            }),
        },
    };
    match state.planning.execute(id, &command).await {
        Ok((event, next)) => {
            if let Some(checked) = landuse {
                // A second transaction: should it fail, the map stays attached and the
                // failure is logged; uploading the map again checks it again.
                if let Err(e) = state
                    .planning
                    .keep_landuse_check(id, event.seq, &stored.sha256, checked)
                    .await
                {
                    tracing::error!(error = %e, dossier = id, "could not keep a land-use check");
                }
            }
            Ok((event, next))
        }
        Err(e) => {
            forget(state, &stored).await;
            Err(e.into())
        }
    }
}

async fn forget(state: &AppState, stored: &plantrack_store::blobs::Kept) {
    if let Err(io) = state.documents.forget(stored).await {
        tracing::warn!(error = %io, sha256 = %stored.sha256, "could not remove a refused upload");
    }
}

/// A land-use map plantrack can read: GeoJSON, a zipped Shapefile or a DXF drawing.
fn is_gis_file(media_type: &str, filename: &str) -> bool {
    media_type == "application/geo+json"
        || plantrack_gis::import::Format::of_path(std::path::Path::new(filename))
            .is_some_and(|f| f != plantrack_gis::import::Format::GeoJson)
}

async fn read_and_check(
    state: &AppState,
    province: &str,
    sha256: &str,
    filename: &str,
) -> Result<plantrack_store::layers::CheckedMap, ApiError> {
    let path = state.documents.path_of(sha256).ok_or(ApiError::NotFound)?;
    let bytes = tokio::fs::read(&path)
        .await
        .map_err(|_| ApiError::bad_request("file", "the land-use map could not be read"))?;
    // A drawing or Shapefile without a coordinate system is in the province's TM-3 plane.
    let options = plantrack_gis::import::ImportOptions {
        crs: plantrack_gis::crs::Crs::province_tm3(province),
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
    .map_err(|e| ApiError::bad_request("file", e.to_string()))?
    .map_err(|e| ApiError::bad_request("file", e.to_string()))?;
    for warning in &text.warnings {
        tracing::warn!("{warning}");
    }
    let text = text.value;
    Ok(state.planning.check_landuse_map(province, &text).await?)
}

/// The file with hash `sha256` as attached to dossier `id`, for a reader of the dossier.
pub async fn send(
    state: &AppState,
    principal: Option<&Principal>,
    id: i64,
    sha256: &str,
) -> Result<Response, ApiError> {
    let place = state.planning.db.dossier_place(id).await?;
    let scope = place.scope();
    access::read_dossier(principal, &scope)?;
    // Only a file this dossier cites: a hash alone opens nothing.
    let dossier = state.planning.db.dossier(id).await?;
    let file = dossier
        .documents
        .iter()
        .rev()
        .filter_map(|d| d.file.as_ref())
        .find(|f| f.sha256 == sha256)
        .ok_or(ApiError::NotFound)?;
    let path = state.documents.path_of(sha256).ok_or(ApiError::NotFound)?;
    let bytes = tokio::fs::read(&path).await.map_err(|e| {
        tracing::error!(error = %e, path = %path.display(), "a cited document is missing from the store");
        ApiError::Store(plantrack_store::StoreError::Files(e.to_string()))
    })?;
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&file.media_type) {
        headers.insert(header::CONTENT_TYPE, v);
    }
    let ascii: String = file
        .filename
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || ".-_ ".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let disposition = format!(
        "attachment; filename=\"{ascii}\"; filename*=UTF-8''{}",
        crate::pages::urlencode(&file.filename)
    );
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    // Content-addressed: the same URL always returns the same bytes.
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, max-age=31536000, immutable"),
    );
    headers.insert(
        header::ETAG,
        HeaderValue::from_str(&format!("\"{sha256}\"")).unwrap_or(HeaderValue::from_static("\"\"")),
    );
    Ok(response)
}
