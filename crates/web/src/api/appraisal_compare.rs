//! Plans side by side: every plan of a type in a province (or the country), the same
//! indicators, the outliers.

use axum::extract::State;
use plantrack_domain::plan::PlanType;
use plantrack_store::appraisal_compare::AppraisalComparison;
use serde::Deserialize;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{Params, PathParam, fail};
use crate::AppState;
use crate::auth::Auth;
use crate::error::Localized;
use crate::i18n::Lang;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_comparison))
        .routes(routes!(get_country_comparison))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ComparisonParams {
    /// The plan type compared.
    pub plan_type: PlanType,
}

/// Every plan of the type in the province that has a checked land-use map: residential land
/// per person (when the population is known), the share of each land use, the residential
/// area within the services' radius, the conflicts not accepted; and each plan's indicators
/// outside the province's interquartile fences (Q1 − 1.5·IQR, Q3 + 1.5·IQR; at least 4 plans).
#[utoipa::path(get, path = "/provinces/{code}/appraisal-comparison", tag = "appraisal",
    params(("code" = String, Path, description = "The province's code"), ComparisonParams),
    security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = AppraisalComparison), (status = 400, body = crate::error::Problem),
              (status = 401, body = crate::error::Problem), (status = 403, body = crate::error::Problem),
              (status = 404, description = "No province of that code", body = crate::error::Problem)))]
async fn get_comparison(
    State(state): State<AppState>,
    lang: Lang,
    auth: Auth,
    PathParam(code): PathParam<String>,
    Params(q): Params<ComparisonParams>,
) -> Result<axum::Json<AppraisalComparison>, Localized> {
    Ok(axum::Json(
        state
            .planning
            .appraisal_comparison(auth.caller(), &code, q.plan_type)
            .await
            .map_err(fail(lang))?,
    ))
}

/// Every plan of the type in the country that has a checked land-use map, with the same
/// indicators; each plan's outliers are measured against the plans of its own province. Read
/// by the administrator.
#[utoipa::path(get, path = "/appraisal-comparison", tag = "appraisal",
    params(ComparisonParams),
    security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = AppraisalComparison), (status = 400, body = crate::error::Problem),
              (status = 401, body = crate::error::Problem), (status = 403, body = crate::error::Problem)))]
async fn get_country_comparison(
    State(state): State<AppState>,
    lang: Lang,
    auth: Auth,
    Params(q): Params<ComparisonParams>,
) -> Result<axum::Json<AppraisalComparison>, Localized> {
    Ok(axum::Json(
        state
            .planning
            .appraisal_comparison_country(auth.caller(), q.plan_type)
            .await
            .map_err(fail(lang))?,
    ))
}
