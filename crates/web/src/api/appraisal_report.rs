//! A dossier's appraisal report (báo cáo thẩm định) as a DOCX file.

use axum::extract::State;
use axum::response::Response;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::PathParam;
use crate::AppState;
use crate::appraisal_report::{appraisal_report_docx, docx_response};
use crate::auth::Auth;
use crate::error::Localized;
use crate::i18n::Lang;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(get_appraisal_report))
}

/// The appraisal report drafted from the dossier's appraisal, in the reader's language, for
/// the appraiser to edit and sign: the Department of Construction's heading, the checklist
/// with each item's legal basis, evidence and finding (empty until judged), the figures
/// measured on the newest checked land-use map, the conclusion and the signer's block.
/// Whoever reads the dossier's appraisal may.
#[utoipa::path(get, path = "/dossiers/{id}/appraisal/report", tag = "appraisal", params(("id" = i64, Path)), security((), ("bearer" = []), ("session" = [])),
    responses((status = 200, description = "The report (Content-Disposition names the file)",
               content(("application/vnd.openxmlformats-officedocument.wordprocessingml.document"))),
              (status = 403, body = crate::error::Problem),
              (status = 404, body = crate::error::Problem),
              (status = 422, body = crate::error::Problem,
               description = "The dossier's plan type has no appraisal checklist")))]
async fn get_appraisal_report(
    State(state): State<AppState>,
    lang: Lang,
    auth: Auth,
    PathParam(id): PathParam<i64>,
) -> Result<Response, Localized> {
    let (name, bytes) = appraisal_report_docx(&state.planning, auth.caller(), id, lang)
        .await
        .map_err(|e| e.in_lang(lang))?;
    Ok(docx_response(&name, bytes))
}
