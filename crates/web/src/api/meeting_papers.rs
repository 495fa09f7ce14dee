//! A meeting's papers as files: `GET /meetings/{id}/minutes` and `/meetings/{id}/notice`
//! return the minutes or the conclusion notice as DOCX or PDF (issue 14), with the parts the
//! reader chose.

use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use chrono::NaiveDate;
use plantrack_domain::DomainError;
use plantrack_reports::Format;
use plantrack_store::StoreError;
use serde::Deserialize;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{Params, PathParam, fail};
use crate::AppState;
use crate::auth::Auth;
use crate::error::{ApiError, Localized};
use crate::i18n::{FluentValue, Lang};
use crate::meeting_papers::{
    Paper, PaperSections, PapersError, file_name, meeting_paper, meeting_papers_data,
};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_minutes))
        .routes(routes!(get_notice))
}

/// The file formats of a meeting's papers.
#[derive(Debug, Clone, Copy, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum PaperFormat {
    Docx,
    Pdf,
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PaperParams {
    /// docx or pdf (default).
    #[param(inline)]
    pub format: Option<PaperFormat>,
    /// The parts to include, separated by commas: participants, report (the progress report
    /// as known when the meeting started), status (the directives' status on `status_on`);
    /// or `all` (default) or `none`.
    #[param(
        pattern = r"^\s*(all|none|participants|report|status)?\s*(,\s*(all|none|participants|report|status)?\s*)*$"
    )]
    pub sections: Option<String>,
    /// The day the directives' status is read on (YYYY-MM-DD), not before the meeting; the
    /// next meeting's day by default (today at the latest).
    pub status_on: Option<NaiveDate>,
}

async fn paper_file(
    state: AppState,
    lang: Lang,
    auth: Auth,
    id: i64,
    q: PaperParams,
    paper: Paper,
) -> Result<axum::response::Response, Localized> {
    let format = match q.format.unwrap_or(PaperFormat::Pdf) {
        PaperFormat::Docx => Format::Docx,
        PaperFormat::Pdf => Format::Pdf,
    };
    let chosen = PaperSections::parse(q.sections.as_deref().unwrap_or("all")).map_err(|word| {
        ApiError::bad_request(
            "sections",
            lang.t_args(
                "cli-paper-unknown-section",
                &[
                    ("section", FluentValue::from(word)),
                    ("known", FluentValue::from(PaperSections::NAMES.join(", "))),
                ],
            ),
        )
        .in_lang(lang)
    })?;
    let data = meeting_papers_data(&state.planning, auth.caller(), id, q.status_on, lang)
        .await
        .map_err(|e| match e {
            PapersError::Store(e) => fail(lang)(e),
            // A well-formed day the papers cannot be read on: unprocessable, not malformed.
            PapersError::StatusBeforeMeeting { held_on } => {
                ApiError::Store(StoreError::Domain(DomainError::InvalidField {
                    field: "status_on".to_owned(),
                    message: lang.t_args(
                        "cli-paper-status-before-meeting",
                        &[(
                            "held_on",
                            FluentValue::from(held_on.format("%d/%m/%Y").to_string()),
                        )],
                    ),
                }))
                .in_lang(lang)
            }
        })?;
    let name = file_name(paper, &data.meeting, format.extension());
    let report = meeting_paper(&data, paper, chosen, lang);
    // Laying out a document is CPU work: off the runtime's threads.
    let bytes = tokio::task::spawn_blocking(move || plantrack_reports::render(&report, format))
        .await
        .map_err(|e| ApiError::Document(e.to_string()).in_lang(lang))?
        .map_err(|e| ApiError::Document(e.to_string()).in_lang(lang))?;
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

/// The meeting's minutes (biên bản) in the reader's language: time, place and chair, the
/// participants, the proceedings, the progress report as the meeting saw it, the
/// conclusions, the directives and their status.
#[utoipa::path(get, path = "/meetings/{id}/minutes", tag = "follow-up", params(("id" = i64, Path), PaperParams), security(("bearer" = []), ("session" = [])),
    responses((status = 200, description = "The minutes (Content-Disposition names the file)",
               content(("application/pdf"),
                       ("application/vnd.openxmlformats-officedocument.wordprocessingml.document"))),
              (status = 400, body = crate::error::Problem),
              (status = 401, body = crate::error::Problem),
              (status = 403, body = crate::error::Problem),
              (status = 404, body = crate::error::Problem),
              (status = 422, body = crate::error::Problem)))]
async fn get_minutes(
    State(state): State<AppState>,
    lang: Lang,
    auth: Auth,
    PathParam(id): PathParam<i64>,
    Params(q): Params<PaperParams>,
) -> Result<axum::response::Response, Localized> {
    paper_file(state, lang, auth, id, q, Paper::Minutes).await
}

/// The meeting's conclusion notice (thông báo kết luận) in the reader's language: the
/// conclusions, the directives with their assignees and due dates, and the parts chosen.
#[utoipa::path(get, path = "/meetings/{id}/notice", tag = "follow-up", params(("id" = i64, Path), PaperParams), security(("bearer" = []), ("session" = [])),
    responses((status = 200, description = "The conclusion notice (Content-Disposition names the file)",
               content(("application/pdf"),
                       ("application/vnd.openxmlformats-officedocument.wordprocessingml.document"))),
              (status = 400, body = crate::error::Problem),
              (status = 401, body = crate::error::Problem),
              (status = 403, body = crate::error::Problem),
              (status = 404, body = crate::error::Problem),
              (status = 422, body = crate::error::Problem)))]
async fn get_notice(
    State(state): State<AppState>,
    lang: Lang,
    auth: Auth,
    PathParam(id): PathParam<i64>,
    Params(q): Params<PaperParams>,
) -> Result<axum::response::Response, Localized> {
    paper_file(state, lang, auth, id, q, Paper::Notice).await
}
