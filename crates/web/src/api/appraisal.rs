//! A dossier's appraisal against its plan type's content checklist.

use axum::extract::State;
use plantrack_store::appraisal::Appraisal;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{PathParam, fail};
use crate::AppState;
use crate::auth::Auth;
use crate::error::Localized;
use crate::i18n::Lang;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(get_appraisal))
}

/// Every item of the dossier's checklist (the national items and the province's), its legal
/// basis and evidence, and its verdict; the automatic items measured on the newest checked
/// land-use map ("no_data" when there is none, or no layer the item needs was published).
#[utoipa::path(get, path = "/dossiers/{id}/appraisal", tag = "appraisal", params(("id" = i64, Path)), security((), ("bearer" = []), ("session" = [])),
    responses((status = 200, body = Appraisal), (status = 403, body = crate::error::Problem),
              (status = 404, body = crate::error::Problem),
              (status = 422, body = crate::error::Problem,
               description = "The dossier's plan type has no appraisal checklist")))]
async fn get_appraisal(
    State(state): State<AppState>,
    lang: Lang,
    auth: Auth,
    PathParam(id): PathParam<i64>,
) -> Result<axum::Json<Appraisal>, Localized> {
    Ok(axum::Json(
        state
            .planning
            .appraisal(auth.caller(), id)
            .await
            .map_err(fail(lang))?,
    ))
}
