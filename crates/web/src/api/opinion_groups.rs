//! Similar opinions of a round grouped (issue 15, item 5): the groups, one response given to
//! a whole group, and the officer's merges and splits, which every later grouping of the round
//! keeps.

use axum::extract::State;
use axum::http::StatusCode;
use plantrack_store::consultation::Opinion;
use plantrack_store::consultation::groups::{GroupAnswer, GroupMerge, GroupSplit, OpinionGrouping};
use serde::Serialize;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{Body, PathParam, fail};
use crate::AppState;
use crate::auth::Auth;
use crate::error::Localized;
use crate::i18n::Lang;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(opinion_groups))
        .routes(routes!(answer_group))
        .routes(routes!(merge_groups))
        .routes(routes!(split_group))
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct AnsweredOpinions {
    /// The opinions answered, each with its answers.
    pub opinions: Vec<Opinion>,
}

/// The round's opinions grouped by similarity (the text, and the map pins of public
/// opinions), the officer's merges and splits kept; the largest groups first. The same
/// grouping as `plantrack consultation group`.
#[utoipa::path(get, path = "/consultations/{id}/groups", tag = "consultation", params(("id" = i64, Path)), security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = OpinionGrouping), (status = 401, body = crate::error::Problem), (status = 403, body = crate::error::Problem), (status = 404, body = crate::error::Problem)))]
async fn opinion_groups(
    State(state): State<AppState>,
    lang: Lang,
    auth: Auth,
    PathParam(id): PathParam<i64>,
) -> Result<axum::Json<OpinionGrouping>, Localized> {
    Ok(axum::Json(
        state
            .planning
            .opinion_groups(auth.caller(), id)
            .await
            .map_err(fail(lang))?,
    ))
}

/// Answer every opinion of a group at once under one topic: one answer per opinion, in one
/// transaction and one event of the history. Only the commune's own officers answer.
#[utoipa::path(post, path = "/consultations/{id}/group-answers", tag = "consultation", params(("id" = i64, Path)), request_body = GroupAnswer, security(("bearer" = []), ("session" = [])),
    responses((status = 201, body = AnsweredOpinions), (status = 401, body = crate::error::Problem), (status = 403, body = crate::error::Problem), (status = 404, body = crate::error::Problem),
              (status = 422, description = "No opinion, an opinion of another round, an unknown topic, a response without its text", body = crate::error::Problem)))]
async fn answer_group(
    State(state): State<AppState>,
    lang: Lang,
    auth: Auth,
    PathParam(id): PathParam<i64>,
    Body(a): Body<GroupAnswer>,
) -> Result<(StatusCode, axum::Json<AnsweredOpinions>), Localized> {
    let opinions = state
        .planning
        .answer_group(auth.caller(), id, &a)
        .await
        .map_err(fail(lang))?;
    Ok((
        StatusCode::CREATED,
        axum::Json(AnsweredOpinions { opinions }),
    ))
}

/// Make the group of `first` and the group of `second` one; every later grouping of the round
/// keeps them together.
#[utoipa::path(post, path = "/consultations/{id}/groups/merges", tag = "consultation", params(("id" = i64, Path)), request_body = GroupMerge, security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = OpinionGrouping), (status = 401, body = crate::error::Problem), (status = 403, body = crate::error::Problem), (status = 404, body = crate::error::Problem),
              (status = 409, description = "The two opinions are already in one group", body = crate::error::Problem),
              (status = 422, description = "An opinion of another round", body = crate::error::Problem)))]
async fn merge_groups(
    State(state): State<AppState>,
    lang: Lang,
    auth: Auth,
    PathParam(id): PathParam<i64>,
    Body(m): Body<GroupMerge>,
) -> Result<axum::Json<OpinionGrouping>, Localized> {
    Ok(axum::Json(
        state
            .planning
            .merge_opinion_groups(auth.caller(), id, &m)
            .await
            .map_err(fail(lang))?,
    ))
}

/// Take an opinion out of its group; every later grouping of the round keeps it apart from
/// the group's other opinions.
#[utoipa::path(post, path = "/consultations/{id}/groups/splits", tag = "consultation", params(("id" = i64, Path)), request_body = GroupSplit, security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = OpinionGrouping), (status = 401, body = crate::error::Problem), (status = 403, body = crate::error::Problem), (status = 404, body = crate::error::Problem),
              (status = 409, description = "The opinion is alone in its group", body = crate::error::Problem),
              (status = 422, description = "An opinion of another round", body = crate::error::Problem)))]
async fn split_group(
    State(state): State<AppState>,
    lang: Lang,
    auth: Auth,
    PathParam(id): PathParam<i64>,
    Body(s): Body<GroupSplit>,
) -> Result<axum::Json<OpinionGrouping>, Localized> {
    Ok(axum::Json(
        state
            .planning
            .split_opinion_group(auth.caller(), id, &s)
            .await
            .map_err(fail(lang))?,
    ))
}
