//! Closing the loop of a consultation over the API (issue 15, item 6): queue the answers of a
//! complete table for e-mail, read where each notice stands, and the printable letters (PDF,
//! one section per person by hamlet) for those without an address.

use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use plantrack_reports::Format;
use plantrack_store::consultation::notices::{Notice, NoticesQueued};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{PathParam, fail};
use crate::AppState;
use crate::auth::Auth;
use crate::consultation_letters::letters;
use crate::error::{ApiError, Localized};
use crate::i18n::Lang;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_notices, queue_notices))
        .routes(routes!(letters_pdf))
}

/// Queue the answers of a complete table: an e-mail to each opinion whose contact holds an
/// address (sent once by the server's mail sender, retried after a failure), and the count
/// of letters to print. Refused while an opinion is unanswered or a topic has no summary.
#[utoipa::path(post, path = "/consultations/{id}/notices", tag = "consultation", params(("id" = i64, Path)), security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = NoticesQueued), (status = 403, body = crate::error::Problem),
              (status = 404, body = crate::error::Problem),
              (status = 409, description = "The table is not complete", body = crate::error::Problem)))]
async fn queue_notices(
    State(state): State<AppState>,
    lang: Lang,
    auth: Auth,
    PathParam(id): PathParam<i64>,
) -> Result<axum::Json<NoticesQueued>, Localized> {
    Ok(axum::Json(
        state
            .planning
            .queue_consultation_notices(auth.caller(), id)
            .await
            .map_err(fail(lang))?,
    ))
}

/// A round's e-mail notices and where each stands (pending, sending, sent, gave up).
#[utoipa::path(get, path = "/consultations/{id}/notices", tag = "consultation", params(("id" = i64, Path)), security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = Vec<Notice>), (status = 403, body = crate::error::Problem),
              (status = 404, body = crate::error::Problem)))]
async fn list_notices(
    State(state): State<AppState>,
    lang: Lang,
    auth: Auth,
    PathParam(id): PathParam<i64>,
) -> Result<axum::Json<Vec<Notice>>, Localized> {
    Ok(axum::Json(
        state
            .planning
            .consultation_notices(auth.caller(), id)
            .await
            .map_err(fail(lang))?,
    ))
}

/// The letters for those who left a name and no e-mail address, as PDF (A4): one section per
/// person with their opinion and its answers, grouped by hamlet.
#[utoipa::path(get, path = "/consultations/{id}/letters.pdf", tag = "consultation", params(("id" = i64, Path)), security(("bearer" = []), ("session" = [])),
    responses((status = 200, description = "The letters (Content-Disposition names the file)", content(("application/pdf"))),
              (status = 403, body = crate::error::Problem), (status = 404, body = crate::error::Problem),
              (status = 409, description = "The table is not complete", body = crate::error::Problem)))]
async fn letters_pdf(
    State(state): State<AppState>,
    lang: Lang,
    auth: Auth,
    PathParam(id): PathParam<i64>,
) -> Result<axum::response::Response, Localized> {
    let sheet = state
        .planning
        .consultation_letters(auth.caller(), id)
        .await
        .map_err(fail(lang))?;
    let report = letters(&sheet, state.planning.today(), lang);
    let name = format!(
        "thu-tra-loi-y-kien-{}-dot-{}.pdf",
        sheet.round.unit_code, sheet.round.round_no
    );
    let bytes =
        tokio::task::spawn_blocking(move || plantrack_reports::render(&report, Format::Pdf))
            .await
            .map_err(|e| ApiError::Document(e.to_string()).in_lang(lang))?
            .map_err(|e| ApiError::Document(e.to_string()).in_lang(lang))?;
    Ok((
        [
            (header::CONTENT_TYPE, Format::Pdf.media_type().to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        bytes,
    )
        .into_response())
}
