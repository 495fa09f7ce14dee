//! The progress report as a document: `GET /reports/progress` returns the DOCX, PDF, XLSX or
//! CSV file (issue 14), with its media type and a file name to save it under.

use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use chrono::NaiveDate;
use plantrack_reports::Format;
use plantrack_store::planning::DocumentQuery;
use serde::Deserialize;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::progress::known_on;
use super::{Params, fail};
use crate::AppState;
use crate::auth::Auth;
use crate::error::{ApiError, Localized};
use crate::i18n::Lang;
use crate::progress_document::{file_name, progress_document};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(get_progress_report))
}

/// The file formats of a report.
#[derive(Debug, Clone, Copy, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ReportFormat {
    Docx,
    Pdf,
    Xlsx,
    Csv,
}

impl From<ReportFormat> for Format {
    fn from(f: ReportFormat) -> Self {
        match f {
            ReportFormat::Docx => Format::Docx,
            ReportFormat::Pdf => Format::Pdf,
            ReportFormat::Xlsx => Format::Xlsx,
            ReportFormat::Csv => Format::Csv,
        }
    }
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReportParams {
    /// The day reported on (YYYY-MM-DD); today when absent.
    pub as_of: Option<NaiveDate>,
    /// The earlier day to compare with (YYYY-MM-DD), e.g. the previous meeting's; not after
    /// `as_of`.
    pub compare: Option<NaiveDate>,
    /// What was known then: an RFC 3339 time, or a date for the end of that day in Vietnam;
    /// everything recorded so far when absent.
    #[param(schema_with = super::progress::known_on_schema)]
    pub as_known_on: Option<String>,
    /// Province code; the whole country when absent.
    pub province: Option<String>,
    /// The forecast's target date (YYYY-MM-DD), after `as_of`; the due date of the
    /// province's directive to finish the plans, else 2026-03-31, when absent.
    pub target: Option<NaiveDate>,
    /// docx, pdf (default), xlsx or csv.
    #[param(inline)]
    pub format: Option<ReportFormat>,
}

/// The progress report in the reader's language as a file: the administrative heading, the
/// counts by stage and their change since `compare`, the communes of each stage with a map,
/// what moved, what holds the plans back, and the charts.
#[utoipa::path(get, path = "/reports/progress", tag = "progress", params(ReportParams), security(("bearer" = []), ("session" = [])),
    responses((status = 200, description = "The report file (Content-Disposition names it)",
               content(("application/pdf"),
                       ("application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
                       ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
                       ("text/csv"))),
              (status = 400, body = crate::error::Problem),
              (status = 401, body = crate::error::Problem),
              (status = 403, body = crate::error::Problem),
              (status = 404, body = crate::error::Problem),
              (status = 422, description = "A day out of range, before the data begin, or a compared day after the day reported on", body = crate::error::Problem)))]
async fn get_progress_report(
    State(state): State<AppState>,
    lang: Lang,
    auth: Auth,
    Params(q): Params<ReportParams>,
) -> Result<axum::response::Response, Localized> {
    let format = Format::from(q.format.unwrap_or(ReportFormat::Pdf));
    let planning = &state.planning;
    let as_of = q.as_of.unwrap_or_else(|| planning.today());
    let data = planning
        .progress_document(
            auth.caller(),
            &DocumentQuery {
                as_of,
                compare: q.compare,
                as_known_on: known_on(q.as_known_on.as_deref(), lang)?,
                province: q.province.clone(),
                lang: lang.language(),
                with_forecast: true,
                target: q.target,
            },
        )
        .await
        .map_err(fail(lang))?;
    let report = progress_document(&data, lang);
    // Laying out a document is CPU work: off the runtime's threads.
    let bytes = tokio::task::spawn_blocking(move || plantrack_reports::render(&report, format))
        .await
        .map_err(|e| ApiError::Document(e.to_string()).in_lang(lang))?
        .map_err(|e| ApiError::Document(e.to_string()).in_lang(lang))?;
    let name = file_name(q.province.as_deref(), as_of, format.extension());
    Ok((
        [
            (header::CONTENT_TYPE, format.media_type().to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        bytes,
    )
        .into_response())
}
