//! The status call before a review meeting (issue 13, item 5): sent to every commune of the
//! campaign, answered by each, read with each answer's stage checked against the record.

use axum::extract::State;
use axum::http::StatusCode;
use plantrack_domain::follow_up::StatusReport;
use plantrack_store::follow_up::{NewStatusCall, StatusCall, StatusCallSheet, StatusReply};
use serde::{Deserialize, Serialize};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{Body, Params, PathParam, fail};
use crate::AppState;
use crate::auth::Auth;
use crate::error::Localized;
use crate::i18n::Lang;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_status_calls, call_for_status))
        .routes(routes!(get_status_call))
        .routes(routes!(answer_status_call))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StatusCallParams {
    /// Province code; the caller's own when absent.
    pub province: Option<String>,
    /// Only the calls preparing this meeting.
    pub meeting: Option<i64>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct StatusCalls {
    pub status_calls: Vec<StatusCall>,
}

/// A province's status calls, latest first; a commune reads those it was asked.
#[utoipa::path(get, path = "/status-calls", tag = "follow-up", params(StatusCallParams), security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = StatusCalls),
              (status = 422, description = "Not the code of a province", body = crate::error::Problem)))]
async fn list_status_calls(
    State(state): State<AppState>,
    lang: Lang,
    auth: Auth,
    Params(q): Params<StatusCallParams>,
) -> Result<axum::Json<StatusCalls>, Localized> {
    let status_calls = state
        .planning
        .status_calls(auth.caller(), q.province.as_deref(), q.meeting)
        .await
        .map_err(fail(lang))?;
    Ok(axum::Json(StatusCalls { status_calls }))
}

/// Ask every commune of the campaign (the meeting's, or the plan type's) to confirm its
/// status by a day.
#[utoipa::path(post, path = "/status-calls", tag = "follow-up", request_body = NewStatusCall, security(("bearer" = []), ("session" = [])),
    responses((status = 201, body = StatusCallSheet), (status = 404, description = "No such meeting", body = crate::error::Problem),
              (status = 422, description = "Due before today, or no commune to ask", body = crate::error::Problem)))]
async fn call_for_status(
    State(state): State<AppState>,
    lang: Lang,
    auth: Auth,
    Body(c): Body<NewStatusCall>,
) -> Result<(StatusCode, axum::Json<StatusCallSheet>), Localized> {
    let sheet = state
        .planning
        .call_for_status(auth.caller(), &c)
        .await
        .map_err(fail(lang))?;
    Ok((StatusCode::CREATED, axum::Json(sheet)))
}

/// A status call with its replies: answered, answered late, awaited or missing, and each
/// answer's stage against plantrack's.
#[utoipa::path(get, path = "/status-calls/{id}", tag = "follow-up", params(("id" = i64, Path)), security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = StatusCallSheet), (status = 404, body = crate::error::Problem)))]
async fn get_status_call(
    State(state): State<AppState>,
    lang: Lang,
    auth: Auth,
    PathParam(id): PathParam<i64>,
) -> Result<axum::Json<StatusCallSheet>, Localized> {
    Ok(axum::Json(
        state
            .planning
            .status_call(auth.caller(), id)
            .await
            .map_err(fail(lang))?,
    ))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct StatusAnswer {
    /// The commune answering; the caller's own organisation when absent (the Department of
    /// Construction names the commune whose answer it records).
    #[serde(default)]
    #[schema(minimum = 1, maximum = 4_294_967_295_i64)]
    pub organisation: Option<i64>,
    #[serde(flatten)]
    pub report: StatusReport,
}

/// Answer a status call: the stage, what holds the plan back, the next step's expected day.
#[utoipa::path(post, path = "/status-calls/{id}/answers", tag = "follow-up", params(("id" = i64, Path)), request_body = StatusAnswer, security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = StatusReply), (status = 404, body = crate::error::Problem),
              (status = 422, description = "Not asked of the organisation, a stage the campaign has not, or a next step in the past", body = crate::error::Problem)))]
async fn answer_status_call(
    State(state): State<AppState>,
    lang: Lang,
    auth: Auth,
    PathParam(id): PathParam<i64>,
    Body(a): Body<StatusAnswer>,
) -> Result<axum::Json<StatusReply>, Localized> {
    Ok(axum::Json(
        state
            .planning
            .answer_status_call(auth.caller(), id, a.organisation, &a.report)
            .await
            .map_err(fail(lang))?,
    ))
}
