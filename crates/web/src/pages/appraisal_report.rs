//! `GET /dossiers/{id}/appraisal/report.docx`: the appraisal report of the dossier, in the
//! reader's language, downloaded from its appraisal page.

use axum::extract::{Path, State};
use axum::response::Response;

use super::{Ctx, PageError};
use crate::AppState;
use crate::appraisal_report::{appraisal_report_docx, docx_response};

pub async fn report_docx(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    ctx.principal()?;
    let (name, bytes) = appraisal_report_docx(&state.planning, ctx.caller(), id, ctx.lang)
        .await
        .map_err(|e| ctx.error(e))?;
    Ok(docx_response(&name, bytes))
}
