//! The progress report.

use axum::extract::State;
use chrono::NaiveDate;
use plantrack_domain::calendar::bounds::parse_known_on;
use plantrack_domain::plan::PlanType;
use plantrack_domain::progress::ProgressReport;
use plantrack_store::planning::ProgressQuery;
use serde::Deserialize;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{Params, PathParam, fail};
use crate::AppState;
use crate::auth::Auth;
use crate::error::{ApiError, Localized};
use crate::i18n::Lang;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_province_map))
        .routes(routes!(get_progress))
        .routes(routes!(get_unit_progress))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ProgressParams {
    /// The day reported on (YYYY-MM-DD); today when absent.
    pub as_of: Option<NaiveDate>,
    /// What was known then: an RFC 3339 time, or a date (YYYY-MM-DD) for the end of that day in
    /// Vietnam; everything recorded so far when absent. The report names the instant it shows
    /// (`as_known_on` in the answer): asking again with it gives the same report.
    #[param(schema_with = known_on_schema)]
    pub as_known_on: Option<String>,
    /// Province code; the whole country when absent.
    pub province: Option<String>,
    pub plan_type: Option<PlanType>,
    /// Include each unit's plans (default: yes for a province, no for the country).
    pub units: Option<bool>,
    /// Language of stage names: vi (default), en, id.
    pub lang: Option<String>,
    /// At most this many dossiers in each of the overdue and due-soon lists (default: all
    /// for a province, 100 for the country); `overdue_total` and `due_soon_total` count all.
    #[param(format = Int64, maximum = 4294967295_u64)]
    pub list_limit: Option<u32>,
}

/// Dossiers by stage per plan type, the overdue and due-soon lists, and each unit's plans,
/// as they stood on a day.
#[utoipa::path(get, path = "/progress", tag = "progress", params(ProgressParams), security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = ProgressReport), (status = 400, body = crate::error::Problem),
              (status = 403, body = crate::error::Problem),
              (status = 422, description = "Not the code of a province, or a day out of range", body = crate::error::Problem)))]
async fn get_progress(
    State(state): State<AppState>,
    lang: Lang,
    auth: Auth,
    Params(q): Params<ProgressParams>,
) -> Result<axum::Json<ProgressReport>, Localized> {
    let query = ProgressQuery {
        as_of: q.as_of,
        as_known_on: known_on(q.as_known_on.as_deref(), lang)?,
        province: q.province,
        unit: None,
        plan_type: q.plan_type,
        lang: lang.language(),
        with_units: q.units,
        list_limit: q
            .list_limit
            .map(|n| usize::try_from(n).unwrap_or(usize::MAX)),
    };
    Ok(axum::Json(
        state
            .planning
            .progress(auth.caller(), &query)
            .await
            .map_err(fail(lang))?,
    ))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MapParams {
    /// The day shown (YYYY-MM-DD); today when absent.
    pub as_of: Option<NaiveDate>,
    /// What was known then (RFC 3339, or a date for the end of that day in Vietnam); everything
    /// recorded so far when absent.
    #[param(schema_with = known_on_schema)]
    pub as_known_on: Option<String>,
    /// Whose stage colours the units; the commune general plan by default.
    pub plan_type: Option<PlanType>,
}

/// `as_known_on` as the document describes it: an RFC 3339 time, a date, or empty for none
/// (the server also reads `dd/mm/yyyy`, which a person types rather than a program).
pub(crate) fn known_on_schema() -> utoipa::openapi::schema::Schema {
    use utoipa::openapi::schema::{AnyOfBuilder, KnownFormat, ObjectBuilder, SchemaFormat, Type};
    let string = |format| {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .format(Some(SchemaFormat::KnownFormat(format)))
    };
    AnyOfBuilder::new()
        .item(string(KnownFormat::DateTime))
        .item(string(KnownFormat::Date))
        .item(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .enum_values(Some([""])),
        )
        .into()
}

/// The record-time instant a reader asked for, or a 400 naming the field.
pub(crate) fn known_on(
    text: Option<&str>,
    lang: Lang,
) -> Result<Option<chrono::DateTime<chrono::Utc>>, Localized> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(None),
        Some(t) => parse_known_on(t).map(Some).ok_or_else(|| {
            ApiError::bad_request("as_known_on", lang.t("invalid-known-on")).in_lang(lang)
        }),
    }
}

/// The province's units as GeoJSON, simplified for display (Lai Châu: 38 units in about
/// 170 KB), each with the stage of its plan of the given type on the day asked.
#[utoipa::path(get, path = "/provinces/{code}/map", tag = "progress", params(("code" = String, Path), MapParams), security(("bearer" = []), ("session" = [])),
    responses((status = 200, description = "GeoJSON FeatureCollection", content_type = "application/geo+json"),
              (status = 401, body = crate::error::Problem), (status = 403, body = crate::error::Problem),
              (status = 404, body = crate::error::Problem),
              (status = 422, description = "A day out of range", body = crate::error::Problem)))]
async fn get_province_map(
    State(state): State<AppState>,
    lang: Lang,
    auth: Auth,
    PathParam(code): PathParam<String>,
    Params(q): Params<MapParams>,
) -> Result<axum::response::Response, Localized> {
    use axum::response::IntoResponse;
    let map = state
        .planning
        .province_map(
            auth.caller(),
            &code,
            q.as_of,
            known_on(q.as_known_on.as_deref(), lang)?,
            q.plan_type.unwrap_or(PlanType::CommuneGeneral),
            lang.language(),
        )
        .await
        .map_err(fail(lang))?;
    Ok((
        [(axum::http::header::CONTENT_TYPE, "application/geo+json")],
        serde_json::to_string(&map).unwrap_or_default(),
    )
        .into_response())
}

/// One unit's plans and where they stood on a day.
#[utoipa::path(get, path = "/units/{code}/progress", tag = "progress", params(("code" = String, Path), ProgressParams), security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = ProgressReport), (status = 403, body = crate::error::Problem),
              (status = 404, body = crate::error::Problem),
              (status = 422, description = "A day out of range", body = crate::error::Problem)))]
async fn get_unit_progress(
    State(state): State<AppState>,
    lang: Lang,
    PathParam(code): PathParam<String>,
    auth: Auth,
    Params(q): Params<ProgressParams>,
) -> Result<axum::Json<ProgressReport>, Localized> {
    let query = ProgressQuery {
        as_of: q.as_of,
        as_known_on: known_on(q.as_known_on.as_deref(), lang)?,
        province: None,
        unit: Some(code),
        plan_type: q.plan_type,
        lang: lang.language(),
        with_units: Some(true),
        list_limit: q
            .list_limit
            .map(|n| usize::try_from(n).unwrap_or(usize::MAX)),
    };
    Ok(axum::Json(
        state
            .planning
            .progress(auth.caller(), &query)
            .await
            .map_err(fail(lang))?,
    ))
}
