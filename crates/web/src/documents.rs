//! Uploading and downloading a dossier's files, shared by the pages and the API: the HTTP
//! side only. The request's file streams into the document store ([`plantrack_store::blobs`])
//! as it arrives; the store's use case ([`Planning::attach_upload`]) then decides who acts,
//! checks a land-use map and attaches the file in one transaction, removing the file again
//! if anything is refused. A client that goes away mid-way leaves no partial file (the
//! writer removes it when dropped).
//!
//! [`Planning::attach_upload`]: plantrack_store::Planning::attach_upload

use axum::extract::Multipart;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use plantrack_domain::access::Caller;
use plantrack_domain::workflow::DossierEvent;
use plantrack_store::blobs::BlobError;
use plantrack_store::planning::{DossierReading, Upload};

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
        refused @ (BlobError::TooLarge { .. } | BlobError::Empty | BlobError::Type) => {
            ApiError::FileRefused(refused)
        }
        // The store failed (a disk, the object store's network): the server's trouble.
        failed => ApiError::Store(plantrack_store::StoreError::Files(failed.to_string())),
    }
}

/// Receives a multipart upload (`version`, `kind`, `title`, `reason`, `file`) and attaches
/// the file to dossier `id` as the caller.
pub async fn receive(
    state: &AppState,
    caller: Caller<'_>,
    id: i64,
    mut multipart: Multipart,
) -> Result<(DossierEvent, DossierReading), ApiError> {
    // Who acts is checked before a byte of the file is read.
    state.planning.may_act(caller, id).await?;
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
                })?);
            }
            "kind" => fields.kind = Some(text),
            "title" => fields.title = Some(text),
            "reason" => fields.reason = Some(text),
            _ => {}
        }
    }
    let (kept, filename) =
        kept.ok_or_else(|| ApiError::bad_request("file", "choose a file to upload"))?;
    let upload = Upload {
        kept,
        filename,
        expected_version: fields.version,
        kind: fields.kind.unwrap_or_default(),
        title: fields.title.unwrap_or_default(),
        reason: fields.reason,
    };
    Ok(state
        .planning
        .attach_upload(caller, &state.documents, id, upload, None)
        .await?)
}

/// The file with hash `sha256` as attached to dossier `id`, for a reader of the dossier.
pub async fn send(
    state: &AppState,
    caller: Caller<'_>,
    id: i64,
    sha256: &str,
) -> Result<Response, ApiError> {
    let (file, bytes) = state
        .planning
        .document(caller, &state.documents, id, sha256)
        .await?;
    Ok(file_response(
        &file.filename,
        &file.media_type,
        sha256,
        bytes,
        // Content-addressed: the same URL always returns the same bytes.
        "private, max-age=31536000, immutable",
    ))
}

/// A file to download: its type, its name (ASCII and UTF-8), how long it may be cached, and
/// its hash as the entity tag.
pub fn file_response(
    filename: &str,
    media_type: &str,
    sha256: &str,
    bytes: Vec<u8>,
    cache: &'static str,
) -> Response {
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    if let Ok(v) = HeaderValue::from_str(media_type) {
        headers.insert(header::CONTENT_TYPE, v);
    }
    let ascii: String = filename
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
        crate::format::urlencode(filename)
    );
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    headers.insert(
        header::ETAG,
        HeaderValue::from_str(&format!("\"{sha256}\"")).unwrap_or(HeaderValue::from_static("\"\"")),
    );
    response
}
