//! Sectoral information requests (issue 13, item 4): a commune, its consultant or the
//! Department of Construction asks a department for what a plan needs; the department answers
//! with documents and/or a published layer version, or explains a delay.

use axum::extract::State;
use axum::http::StatusCode;
use chrono::NaiveDate;
use plantrack_store::follow_up::{
    DelayExplanation, DepartmentTurnaround, InformationAnswer, InformationRequest,
    NewInformationRequest, RequestQuery, Withdrawal,
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
        .routes(routes!(list_requests, ask_information))
        .routes(routes!(turnaround))
        .routes(routes!(get_request))
        .routes(routes!(answer_request))
        .routes(routes!(explain_delay))
        .routes(routes!(withdraw_request))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RequestParams {
    /// Province code; the caller's own when absent.
    pub province: Option<String>,
    /// The day (YYYY-MM-DD); today when absent.
    pub as_of: Option<NaiveDate>,
    /// Only the requests addressed to one department (its organisation id).
    pub department: Option<i64>,
    /// Only one commune's requests (its unit code).
    pub unit: Option<String>,
    pub dossier: Option<i64>,
    /// Only those still open on that day.
    pub open: Option<bool>,
    /// Only those open past their due date on that day.
    pub overdue: Option<bool>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct InformationRequests {
    pub as_of: NaiveDate,
    pub requests: Vec<InformationRequest>,
}

/// The information requests of a province as they stood on a day. A commune or a consultant
/// firm reads those it asked or is asked.
#[utoipa::path(get, path = "/information-requests", tag = "follow-up", params(RequestParams), security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = InformationRequests),
              (status = 422, description = "Not the code of a province, or a day out of range", body = crate::error::Problem)))]
async fn list_requests(
    State(state): State<AppState>,
    lang: Lang,
    auth: Auth,
    Params(q): Params<RequestParams>,
) -> Result<axum::Json<InformationRequests>, Localized> {
    let as_of = q.as_of.unwrap_or_else(|| state.planning.today());
    let requests = state
        .planning
        .information_requests(
            auth.caller(),
            &RequestQuery {
                province: q.province,
                as_of: Some(as_of),
                department: q.department,
                unit: q.unit,
                dossier: q.dossier,
                open: q.open.unwrap_or(false),
                overdue: q.overdue.unwrap_or(false),
            },
        )
        .await
        .map_err(fail(lang))?;
    Ok(axum::Json(InformationRequests { as_of, requests }))
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct RequestsAsked {
    pub requests: Vec<InformationRequest>,
}

/// Ask a department for sectoral information: one request per dossier named, due 15 days
/// after asking unless a due date is given.
#[utoipa::path(post, path = "/information-requests", tag = "follow-up", request_body = NewInformationRequest, security(("bearer" = []), ("session" = [])),
    responses((status = 201, body = RequestsAsked), (status = 404, body = crate::error::Problem),
              (status = 422, description = "A due date before the request, an addressee that is not a department of the province, no topic or no dossier", body = crate::error::Problem)))]
async fn ask_information(
    State(state): State<AppState>,
    lang: Lang,
    auth: Auth,
    Body(n): Body<NewInformationRequest>,
) -> Result<(StatusCode, axum::Json<RequestsAsked>), Localized> {
    let requests = state
        .planning
        .ask_information(auth.caller(), &n)
        .await
        .map_err(fail(lang))?;
    Ok((StatusCode::CREATED, axum::Json(RequestsAsked { requests })))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TurnaroundParams {
    /// Province code; the caller's own when absent.
    pub province: Option<String>,
    /// The day (YYYY-MM-DD); today when absent.
    pub as_of: Option<NaiveDate>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Turnarounds {
    pub as_of: NaiveDate,
    pub departments: Vec<DepartmentTurnaround>,
}

/// Each department's turnaround on a day: requests asked, answered, open and late, the median
/// days to answer and the share late.
#[utoipa::path(get, path = "/information-requests/turnaround", tag = "follow-up", params(TurnaroundParams), security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = Turnarounds),
              (status = 422, description = "Not the code of a province, or a day out of range", body = crate::error::Problem)))]
async fn turnaround(
    State(state): State<AppState>,
    lang: Lang,
    auth: Auth,
    Params(q): Params<TurnaroundParams>,
) -> Result<axum::Json<Turnarounds>, Localized> {
    let as_of = q.as_of.unwrap_or_else(|| state.planning.today());
    let departments = state
        .planning
        .request_turnaround(auth.caller(), q.province.as_deref(), Some(as_of))
        .await
        .map_err(fail(lang))?;
    Ok(axum::Json(Turnarounds { as_of, departments }))
}

/// One information request as it stands today.
#[utoipa::path(get, path = "/information-requests/{id}", tag = "follow-up", params(("id" = i64, Path)), security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = InformationRequest), (status = 404, body = crate::error::Problem)))]
async fn get_request(
    State(state): State<AppState>,
    lang: Lang,
    auth: Auth,
    PathParam(id): PathParam<i64>,
) -> Result<axum::Json<InformationRequest>, Localized> {
    Ok(axum::Json(
        state
            .planning
            .information_request(auth.caller(), id)
            .await
            .map_err(fail(lang))?,
    ))
}

/// Answer a request: documents and/or a published version of the department's own layers.
/// Only the department it is addressed to answers.
#[utoipa::path(post, path = "/information-requests/{id}/answer", tag = "follow-up", params(("id" = i64, Path)), request_body = InformationAnswer, security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = InformationRequest), (status = 404, body = crate::error::Problem),
              (status = 409, description = "Already answered or withdrawn", body = crate::error::Problem),
              (status = 412, description = "The request changed since the version read", body = crate::error::Problem),
              (status = 422, description = "Not addressed to the caller, an empty answer, a layer version not the department's", body = crate::error::Problem)))]
async fn answer_request(
    State(state): State<AppState>,
    lang: Lang,
    auth: Auth,
    PathParam(id): PathParam<i64>,
    Body(a): Body<InformationAnswer>,
) -> Result<axum::Json<InformationRequest>, Localized> {
    Ok(axum::Json(
        state
            .planning
            .answer_information_request(auth.caller(), id, &a)
            .await
            .map_err(fail(lang))?,
    ))
}

/// Explain why a request is late and when the answer is expected: it stays open.
#[utoipa::path(post, path = "/information-requests/{id}/delay", tag = "follow-up", params(("id" = i64, Path)), request_body = DelayExplanation, security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = InformationRequest), (status = 404, body = crate::error::Problem),
              (status = 409, description = "Already answered or withdrawn", body = crate::error::Problem),
              (status = 412, description = "The request changed since the version read", body = crate::error::Problem),
              (status = 422, description = "Not addressed to the caller, or the new day not after the due date", body = crate::error::Problem)))]
async fn explain_delay(
    State(state): State<AppState>,
    lang: Lang,
    auth: Auth,
    PathParam(id): PathParam<i64>,
    Body(e): Body<DelayExplanation>,
) -> Result<axum::Json<InformationRequest>, Localized> {
    Ok(axum::Json(
        state
            .planning
            .explain_request_delay(auth.caller(), id, &e)
            .await
            .map_err(fail(lang))?,
    ))
}

/// Withdraw a request: by the organisation that asked, or whoever directs in the province.
#[utoipa::path(post, path = "/information-requests/{id}/withdraw", tag = "follow-up", params(("id" = i64, Path)), request_body = Withdrawal, security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = InformationRequest), (status = 404, body = crate::error::Problem),
              (status = 409, description = "Already answered or withdrawn", body = crate::error::Problem),
              (status = 422, body = crate::error::Problem)))]
async fn withdraw_request(
    State(state): State<AppState>,
    lang: Lang,
    auth: Auth,
    PathParam(id): PathParam<i64>,
    Body(w): Body<Withdrawal>,
) -> Result<axum::Json<InformationRequest>, Localized> {
    Ok(axum::Json(
        state
            .planning
            .withdraw_information_request(auth.caller(), id, &w)
            .await
            .map_err(fail(lang))?,
    ))
}
