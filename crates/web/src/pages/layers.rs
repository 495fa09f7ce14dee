//! The departments' layers: the list the province's offices, communes and consultants read,
//! and the upload form of the departments that own them.

use askama::Template;
use axum::extract::{Multipart, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use plantrack_domain::access::Caller;
use plantrack_gis::import::{self, Format, ImportOptions, TextEncoding};
use plantrack_store::layers::LayerSummary;
use plantrack_store::planning::LayerUpload;

use super::{Ctx, PageError, render, see_other};
use crate::AppState;
use crate::error::ApiError;
use plantrack_store::import_jobs::{ImportJob, JobState};

#[derive(Template)]
#[template(path = "layers.html")]
struct LayersPage<'a> {
    c: &'a Ctx,
    layers: Vec<LayerSummary>,
    can_upload: bool,
    error: Option<String>,
}

impl LayersPage<'_> {
    /// A layer's constraint categories by their names in the reader's language.
    fn category_names(&self, categories: &[String]) -> String {
        categories
            .iter()
            .map(|k| crate::i18n::constraint_name(self.c.lang, k))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

async fn page(ctx: &Ctx, state: &AppState, error: Option<String>) -> Result<Response, PageError> {
    ctx.principal()?;
    let layers = state
        .planning
        .layers(ctx.caller(), None)
        .await
        .map_err(ctx.fail())?;
    let status = if error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let view = LayersPage {
        c: ctx,
        layers,
        can_upload: state.planning.may_publish_layers(ctx.caller()).is_ok(),
        error,
    };
    Ok((status, render(&view)).into_response())
}

pub async fn layers_page(ctx: Ctx, State(state): State<AppState>) -> Result<Response, PageError> {
    page(&ctx, &state, None).await
}

/// The layer upload: `key`, `name`, `publish`, the text `encoding` of legacy files, and the
/// `file`: GeoJSON, a zipped Shapefile, a GeoPackage or a DXF drawing. Files that do not say
/// their coordinate system (DXF, a Shapefile without .prj) are taken to be in the province's
/// VN-2000 TM-3 plane, as Vietnamese survey and CAD data are.
///
/// The file is streamed to a temporary file and imported in the background; the answer is
/// the import's page, which shows its progress.
pub async fn upload_layer(
    ctx: Ctx,
    State(state): State<AppState>,
    headers: HeaderMap,
    mut multipart: Multipart,
) -> Result<Response, PageError> {
    // Refused before a byte of the file is read; the use case decides again as it imports.
    state
        .planning
        .may_publish_layers(ctx.caller())
        .map_err(ctx.fail())?;
    let principal = ctx.principal()?.clone();
    let (mut key, mut name, mut publish) = (String::new(), String::new(), false);
    let (mut encoding, mut upload) = (None, None);
    loop {
        let mut field = match multipart.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => return page(&ctx, &state, Some(e.body_text())).await,
        };
        let field_name = field.name().unwrap_or_default().to_owned();
        if field_name == "file" {
            let file_name = field.file_name().unwrap_or("layer.geojson").to_owned();
            let Some(format) = Format::of_path(std::path::Path::new(&file_name)) else {
                let known = import::EXTENSIONS.join(", .");
                return page(&ctx, &state, Some(format!("{file_name}: .{known}"))).await;
            };
            let copy = match spool(&mut field, format).await {
                Ok(Some(copy)) => copy,
                Ok(None) => continue,
                Err(message) => return page(&ctx, &state, Some(message)).await,
            };
            upload = Some((file_name, copy));
            continue;
        }
        let text = match field.text().await {
            Ok(t) => t,
            Err(e) => return page(&ctx, &state, Some(e.body_text())).await,
        };
        match field_name.as_str() {
            "key" => key = text.trim().to_owned(),
            "name" => name = text,
            "publish" => publish = !text.is_empty(),
            "encoding" => encoding = TextEncoding::from_name(&text),
            _ => {}
        }
    }
    let Some((file_name, copy)) = upload else {
        return page(&ctx, &state, Some(ctx.t("layers-no-file"))).await;
    };
    let upload = LayerUpload {
        key,
        name,
        publish,
        path: copy.to_path_buf(),
        file_name: file_name.clone(),
        options: ImportOptions {
            encoding,
            archive_limits: state.planning.archive_limits,
            ..ImportOptions::default()
        },
    };
    // Checked and recorded before the import starts: a bad key or name is said on the form.
    let tracker = match state
        .planning
        .start_layer_import(ctx.caller(), &upload.key, &upload.name, &file_name)
        .await
    {
        Ok(tracker) => tracker,
        Err(e) => {
            let (_, problem) = ApiError::from(e).in_lang(ctx.lang).to_problem();
            return page(&ctx, &state, Some(problem.detail)).await;
        }
    };
    let id = tracker.id();
    let planning = state.planning.clone();
    let lang = ctx.lang;
    tokio::spawn(async move {
        let outcome = planning
            .import_layer(Caller::from(&principal), upload, tracker.progress())
            .await;
        // The temporary copy goes once the import has read it.
        drop(copy);
        let outcome = match outcome {
            Ok((layer, features)) => Ok((layer.version, features as i64)),
            // Said in the language of the one who started it, who reads the job's page.
            Err(e) => Err(ApiError::from(e).in_lang(lang).to_problem().1.detail),
        };
        if let Err(e) = tracker.finish(outcome).await {
            tracing::error!(job = id, error = %e, "an import's end was not recorded");
        }
    });
    Ok(see_other(&headers, &format!("/layers/imports/{id}")))
}

/// Streams an upload field to a temporary file named with the format's extension (the
/// importers open files by path); `None` for an empty field.
async fn spool(
    field: &mut axum::extract::multipart::Field<'_>,
    format: Format,
) -> Result<Option<tempfile::TempPath>, String> {
    use tokio::io::AsyncWriteExt;
    let copy = tempfile::Builder::new()
        .prefix("plantrack-layer-")
        .suffix(&format!(".{}", format.extension()))
        .tempfile()
        .map_err(|e| e.to_string())?
        .into_temp_path();
    let mut out = tokio::fs::File::create(&copy)
        .await
        .map_err(|e| e.to_string())?;
    let mut written = 0u64;
    while let Some(chunk) = field.chunk().await.map_err(|e| e.body_text())? {
        written += chunk.len() as u64;
        out.write_all(&chunk).await.map_err(|e| e.to_string())?;
    }
    out.flush().await.map_err(|e| e.to_string())?;
    Ok((written > 0).then_some(copy))
}

#[derive(Template)]
#[template(path = "layer_import.html")]
struct ImportPage<'a> {
    c: &'a Ctx,
    id: i64,
    job: ImportJob,
}

impl ImportPage<'_> {
    fn running(&self) -> bool {
        self.job.state == JobState::Running
    }

    fn done(&self) -> Option<(i64, i64)> {
        match self.job.state {
            JobState::Done { version, features } => Some((version, features)),
            _ => None,
        }
    }

    fn failure(&self) -> Option<String> {
        match &self.job.state {
            JobState::Failed(message) => Some(message.clone()),
            JobState::Interrupted => Some(self.c.t("import-interrupted")),
            _ => None,
        }
    }
}

/// An import's progress: the page polls itself (htmx, every second) while it runs. Any
/// server shows it: the job is in the database.
pub async fn import_page(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    ctx.principal()?;
    let job = state
        .planning
        .import_job(ctx.caller(), id)
        .await
        .map_err(ctx.fail())?;
    Ok(render(&ImportPage { c: &ctx, id, job }))
}
