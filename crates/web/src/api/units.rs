//! Administrative units.

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use plantrack_domain::unit::UnitKind;
use plantrack_store::units::{UnitFilter, UnitRecord};
use serde::Deserialize;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{Page, Params, PathParam, fail, paging};
use crate::AppState;
use crate::error::{ApiError, Localized};
use crate::i18n::Lang;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_units))
        .routes(routes!(get_unit))
        .routes(routes!(get_unit_boundary))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UnitQuery {
    /// Province code: its commune-level units.
    pub province: Option<String>,
    pub kind: Option<UnitKind>,
    /// Items per page (1–1000, default 100).
    pub limit: Option<i64>,
    /// Items to skip.
    pub offset: Option<i64>,
}

/// List units, filtered by province and kind.
#[utoipa::path(get, path = "/units", tag = "units", params(UnitQuery),
    responses((status = 200, body = Page<UnitRecord>), (status = 400, body = crate::error::Problem)))]
async fn list_units(
    State(state): State<AppState>,
    lang: Lang,
    Params(q): Params<UnitQuery>,
) -> Result<axum::Json<Page<UnitRecord>>, Localized> {
    let (limit, offset) = paging(q.limit, q.offset);
    let filter = UnitFilter {
        parent_code: q.province,
        kind: q.kind,
        limit,
        offset,
    };
    let (items, total) = state.planning.units(&filter).await.map_err(fail(lang))?;
    Ok(axum::Json(Page::new(items, total, limit, offset)))
}

/// One unit with its lineage (the pre-2025 units it was merged from).
#[utoipa::path(get, path = "/units/{code}", tag = "units", params(("code" = String, Path, description = "GSO code")),
    responses((status = 200, body = UnitRecord), (status = 404, body = crate::error::Problem)))]
async fn get_unit(
    State(state): State<AppState>,
    lang: Lang,
    PathParam(code): PathParam<String>,
) -> Result<axum::Json<UnitRecord>, Localized> {
    Ok(axum::Json(
        state.planning.unit(&code).await.map_err(fail(lang))?,
    ))
}

/// The unit's boundary as a GeoJSON Feature (WGS 84 lon/lat).
#[utoipa::path(get, path = "/units/{code}/boundary", tag = "units", params(("code" = String, Path, description = "GSO code")),
    responses((status = 200, description = "GeoJSON Feature", content_type = "application/geo+json"), (status = 404, body = crate::error::Problem)))]
async fn get_unit_boundary(
    State(state): State<AppState>,
    lang: Lang,
    PathParam(code): PathParam<String>,
) -> Result<Response, Localized> {
    let (unit, boundary) = state
        .planning
        .unit_boundary(&code)
        .await
        .map_err(fail(lang))?;
    let value = boundary.ok_or_else(|| ApiError::NotFound.in_lang(lang))?;
    let mut properties = serde_json::Map::new();
    properties.insert("code".into(), unit.unit.code.clone().into());
    properties.insert("name".into(), unit.unit.name_vi.clone().into());
    properties.insert("full_name".into(), unit.unit.full_name.clone().into());
    properties.insert("kind".into(), unit.unit.kind.as_str().into());
    let feature = geojson::Feature {
        bbox: None,
        geometry: Some(geojson::Geometry::new(value)),
        id: Some(geojson::feature::Id::String(unit.unit.code)),
        properties: Some(properties),
        foreign_members: None,
    };
    Ok((
        [(axum::http::header::CONTENT_TYPE, "application/geo+json")],
        serde_json::to_string(&feature).unwrap_or_default(),
    )
        .into_response())
}
