//! Funding (issue 16): allocation decisions and their lines, contracts with consultant firms,
//! payments, the summary per decision and per commune, a unit's money and the cost estimate.
//! A ceiling passed or a cancelled contract is a 409 with the figures; bad input a 422; every
//! refusal stores nothing.

use axum::extract::State;
use axum::http::StatusCode;
use plantrack_store::funding::{
    Contract, ContractCancellation, DecisionSheet, EstimateComparison, FundingDecision,
    FundingLine, FundingSummary, NewContract, NewFundingDecision, NewFundingLine, NewPayment,
    UnitFunding,
};
use serde::{Deserialize, Serialize};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{Body, Params, PathParam, fail};
use crate::AppState;
use crate::auth::Auth;
use crate::error::Localized;
use crate::i18n::Lang;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(funding_summary))
        .routes(routes!(record_decision))
        .routes(routes!(get_decision))
        .routes(routes!(add_line))
        .routes(routes!(list_contracts, sign_contract))
        .routes(routes!(get_contract))
        .routes(routes!(cancel_contract))
        .routes(routes!(record_payment))
        .routes(routes!(unit_funding))
        .routes(routes!(cost_estimate))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ProvinceParams {
    /// A province's code; the caller's own when absent.
    pub province: Option<String>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Contracts {
    pub contracts: Vec<Contract>,
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EstimateParams {
    /// The commune's natural area in hectares.
    #[param(minimum = 0, maximum = 10_000_000)]
    pub area_ha: u64,
    /// Its population.
    #[param(minimum = 0, maximum = 100_000_000)]
    pub population: u64,
}

/// Allocated, contracted and paid per decision and per commune, and the communes whose stage
/// needs a contract they have not signed — as far as the caller reads them.
#[utoipa::path(get, path = "/funding", tag = "funding", params(ProvinceParams), security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = FundingSummary), (status = 401, body = crate::error::Problem), (status = 403, body = crate::error::Problem),
              (status = 422, description = "Not a province's code", body = crate::error::Problem)))]
async fn funding_summary(
    State(state): State<AppState>,
    lang: Lang,
    auth: Auth,
    Params(q): Params<ProvinceParams>,
) -> Result<axum::Json<FundingSummary>, Localized> {
    Ok(axum::Json(
        state
            .planning
            .funding_summary(auth.caller(), q.province.as_deref())
            .await
            .map_err(fail(lang))?,
    ))
}

/// Record an allocation decision (the Department of Finance, the provincial leadership).
#[utoipa::path(post, path = "/funding/decisions", tag = "funding", request_body = NewFundingDecision, security(("bearer" = []), ("session" = [])),
    responses((status = 201, body = FundingDecision), (status = 400, body = crate::error::Problem), (status = 401, body = crate::error::Problem), (status = 403, body = crate::error::Problem),
              (status = 409, description = "A decision of this number is already recorded", body = crate::error::Problem),
              (status = 422, description = "An amount out of bounds, a day to come, an empty field", body = crate::error::Problem)))]
async fn record_decision(
    State(state): State<AppState>,
    lang: Lang,
    auth: Auth,
    Body(n): Body<NewFundingDecision>,
) -> Result<(StatusCode, axum::Json<FundingDecision>), Localized> {
    let d = state
        .planning
        .record_funding_decision(auth.caller(), &n)
        .await
        .map_err(fail(lang))?;
    Ok((StatusCode::CREATED, axum::Json(d)))
}

/// A decision with its lines (and their status) and contracts: the decision page's content.
#[utoipa::path(get, path = "/funding/decisions/{id}", tag = "funding", params(("id" = i64, Path)), security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = DecisionSheet), (status = 401, body = crate::error::Problem), (status = 403, body = crate::error::Problem), (status = 404, body = crate::error::Problem)))]
async fn get_decision(
    State(state): State<AppState>,
    lang: Lang,
    auth: Auth,
    PathParam(id): PathParam<i64>,
) -> Result<axum::Json<DecisionSheet>, Localized> {
    Ok(axum::Json(
        state
            .planning
            .funding_decision(auth.caller(), id)
            .await
            .map_err(fail(lang))?,
    ))
}

/// Add a line to a decision: refused with the figures when the lines would pass its total.
#[utoipa::path(post, path = "/funding/decisions/{id}/lines", tag = "funding", params(("id" = i64, Path)), request_body = NewFundingLine, security(("bearer" = []), ("session" = [])),
    responses((status = 201, body = FundingLine), (status = 400, body = crate::error::Problem), (status = 401, body = crate::error::Problem), (status = 403, body = crate::error::Problem), (status = 404, body = crate::error::Problem),
              (status = 409, description = "The decision's total would be passed", body = crate::error::Problem),
              (status = 422, body = crate::error::Problem)))]
async fn add_line(
    State(state): State<AppState>,
    lang: Lang,
    auth: Auth,
    PathParam(id): PathParam<i64>,
    Body(n): Body<NewFundingLine>,
) -> Result<(StatusCode, axum::Json<FundingLine>), Localized> {
    let l = state
        .planning
        .add_funding_line(auth.caller(), id, &n)
        .await
        .map_err(fail(lang))?;
    Ok((StatusCode::CREATED, axum::Json(l)))
}

/// The contracts the caller reads: its province's, its commune's, or its own firm's.
#[utoipa::path(get, path = "/funding/contracts", tag = "funding", params(ProvinceParams), security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = Contracts), (status = 401, body = crate::error::Problem), (status = 403, body = crate::error::Problem),
              (status = 422, description = "Not a province's code", body = crate::error::Problem)))]
async fn list_contracts(
    State(state): State<AppState>,
    lang: Lang,
    auth: Auth,
    Params(q): Params<ProvinceParams>,
) -> Result<axum::Json<Contracts>, Localized> {
    let contracts = state
        .planning
        .contracts(auth.caller(), q.province.as_deref())
        .await
        .map_err(fail(lang))?;
    Ok(axum::Json(Contracts { contracts }))
}

/// Sign a contract with a consultant firm on a line (the line's commune): refused with the
/// figures when the line's contracts would pass its amount.
#[utoipa::path(post, path = "/funding/contracts", tag = "funding", request_body = NewContract, security(("bearer" = []), ("session" = [])),
    responses((status = 201, body = Contract), (status = 400, body = crate::error::Problem), (status = 401, body = crate::error::Problem), (status = 403, body = crate::error::Problem), (status = 404, body = crate::error::Problem),
              (status = 409, description = "The line's amount would be passed", body = crate::error::Problem),
              (status = 422, body = crate::error::Problem)))]
async fn sign_contract(
    State(state): State<AppState>,
    lang: Lang,
    auth: Auth,
    Body(n): Body<NewContract>,
) -> Result<(StatusCode, axum::Json<Contract>), Localized> {
    let c = state
        .planning
        .sign_contract(auth.caller(), &n)
        .await
        .map_err(fail(lang))?;
    Ok((StatusCode::CREATED, axum::Json(c)))
}

/// A contract with its payments.
#[utoipa::path(get, path = "/funding/contracts/{id}", tag = "funding", params(("id" = i64, Path)), security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = Contract), (status = 401, body = crate::error::Problem), (status = 403, body = crate::error::Problem), (status = 404, body = crate::error::Problem)))]
async fn get_contract(
    State(state): State<AppState>,
    lang: Lang,
    auth: Auth,
    PathParam(id): PathParam<i64>,
) -> Result<axum::Json<Contract>, Localized> {
    Ok(axum::Json(
        state
            .planning
            .contract(auth.caller(), id)
            .await
            .map_err(fail(lang))?,
    ))
}

/// Cancel a contract: its payments stay, the rest of its value returns to its line.
#[utoipa::path(post, path = "/funding/contracts/{id}/cancel", tag = "funding", params(("id" = i64, Path)), request_body = ContractCancellation, security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = Contract), (status = 400, body = crate::error::Problem), (status = 401, body = crate::error::Problem), (status = 403, body = crate::error::Problem), (status = 404, body = crate::error::Problem),
              (status = 409, description = "Already cancelled", body = crate::error::Problem),
              (status = 422, body = crate::error::Problem)))]
async fn cancel_contract(
    State(state): State<AppState>,
    lang: Lang,
    auth: Auth,
    PathParam(id): PathParam<i64>,
    Body(c): Body<ContractCancellation>,
) -> Result<axum::Json<Contract>, Localized> {
    Ok(axum::Json(
        state
            .planning
            .cancel_contract(auth.caller(), id, &c)
            .await
            .map_err(fail(lang))?,
    ))
}

/// Record a payment under a contract (the Department of Finance, the provincial leadership):
/// refused with the figures when the payments would pass its value, and on a cancelled
/// contract. Payments racing on one contract are accepted exactly as far as they fit.
#[utoipa::path(post, path = "/funding/contracts/{id}/payments", tag = "funding", params(("id" = i64, Path)), request_body = NewPayment, security(("bearer" = []), ("session" = [])),
    responses((status = 201, body = Contract), (status = 400, body = crate::error::Problem), (status = 401, body = crate::error::Problem), (status = 403, body = crate::error::Problem), (status = 404, body = crate::error::Problem),
              (status = 409, description = "The contract's value would be passed, or it is cancelled", body = crate::error::Problem),
              (status = 422, body = crate::error::Problem)))]
async fn record_payment(
    State(state): State<AppState>,
    lang: Lang,
    auth: Auth,
    PathParam(id): PathParam<i64>,
    Body(n): Body<NewPayment>,
) -> Result<(StatusCode, axum::Json<Contract>), Localized> {
    let c = state
        .planning
        .record_payment(auth.caller(), id, &n)
        .await
        .map_err(fail(lang))?;
    Ok((StatusCode::CREATED, axum::Json(c)))
}

/// A unit's lines and contracts over every decision: the commune's and its dossiers' money.
#[utoipa::path(get, path = "/units/{code}/funding", tag = "funding", params(("code" = String, Path)), security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = UnitFunding), (status = 401, body = crate::error::Problem), (status = 403, body = crate::error::Problem), (status = 404, body = crate::error::Problem)))]
async fn unit_funding(
    State(state): State<AppState>,
    lang: Lang,
    auth: Auth,
    PathParam(code): PathParam<String>,
) -> Result<axum::Json<UnitFunding>, Localized> {
    Ok(axum::Json(
        state
            .planning
            .unit_funding(auth.caller(), &code)
            .await
            .map_err(fail(lang))?,
    ))
}

/// A commune general plan's cost from the norm table (its figures unverified), beside what
/// the unit is allocated for its task and plan.
#[utoipa::path(get, path = "/units/{code}/funding/estimate", tag = "funding", params(("code" = String, Path), EstimateParams), security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = EstimateComparison), (status = 400, body = crate::error::Problem), (status = 401, body = crate::error::Problem), (status = 403, body = crate::error::Problem), (status = 404, body = crate::error::Problem)))]
async fn cost_estimate(
    State(state): State<AppState>,
    lang: Lang,
    auth: Auth,
    PathParam(code): PathParam<String>,
    Params(q): Params<EstimateParams>,
) -> Result<axum::Json<EstimateComparison>, Localized> {
    Ok(axum::Json(
        state
            .planning
            .cost_estimate(auth.caller(), &code, q.area_ha, q.population)
            .await
            .map_err(fail(lang))?,
    ))
}
