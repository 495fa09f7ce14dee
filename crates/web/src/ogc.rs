//! OGC API – Features, Part 1 (Core, GeoJSON) at `/ogc`: the administrative units'
//! boundaries as a collection, so that QGIS, GDAL or any OGC client reads them directly.
//! Sectoral layers and approved land-use maps join as collections when they are stored.

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Deserialize;
use serde_json::{Value, json};

use crate::AppState;
use crate::error::{ApiError, Localized};
use crate::i18n::Lang;

const GEO_JSON: &str = "application/geo+json";
const CRS84: &str = "http://www.opengis.net/def/crs/OGC/1.3/CRS84";
const DEFAULT_LIMIT: i64 = 100;
const MAX_LIMIT: i64 = 1_000;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/ogc", get(landing))
        .route("/ogc/conformance", get(conformance))
        .route("/ogc/collections", get(collections))
        .route("/ogc/collections/units", get(units_collection))
        .route("/ogc/collections/units/items", get(unit_items))
        .route("/ogc/collections/units/items/{code}", get(unit_item))
}

/// This server's address as the client reached it, for the links OGC clients follow.
fn base(headers: &HeaderMap) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("localhost");
    let scheme = if crate::auth::over_tls(headers) {
        "https"
    } else {
        "http"
    };
    format!("{scheme}://{host}/ogc")
}

fn link(href: String, rel: &str, kind: &str, title: &str) -> Value {
    json!({"href": href, "rel": rel, "type": kind, "title": title})
}

async fn landing(headers: HeaderMap) -> axum::Json<Value> {
    let b = base(&headers);
    axum::Json(json!({
        "title": "plantrack",
        "description": "Administrative units and planning layers of the province, as OGC API – Features.",
        "links": [
            link(b.clone(), "self", "application/json", "This document"),
            link(b.replace("/ogc", "/api/openapi.json"), "service-desc", "application/vnd.oai.openapi+json;version=3.0", "The API definition"),
            link(format!("{b}/conformance"), "conformance", "application/json", "Conformance classes"),
            link(format!("{b}/collections"), "data", "application/json", "Collections"),
        ],
    }))
}

async fn conformance() -> axum::Json<Value> {
    axum::Json(json!({
        "conformsTo": [
            "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
            "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
        ],
    }))
}

fn units_description(b: &str) -> Value {
    json!({
        "id": "units",
        "title": "Đơn vị hành chính cấp xã / Commune-level units",
        "description": "Boundaries of the commune-level units after the 2025 reorganisation (WGS 84).",
        "itemType": "feature",
        "crs": [CRS84],
        "extent": {"spatial": {"bbox": [[102.0, 8.0, 110.0, 23.5]], "crs": CRS84}},
        "links": [
            link(format!("{b}/collections/units"), "self", "application/json", "This collection"),
            link(format!("{b}/collections/units/items"), "items", GEO_JSON, "Units"),
        ],
    })
}

async fn collections(headers: HeaderMap) -> axum::Json<Value> {
    let b = base(&headers);
    axum::Json(json!({
        "links": [link(format!("{b}/collections"), "self", "application/json", "Collections")],
        "collections": [units_description(&b)],
    }))
}

async fn units_collection(headers: HeaderMap) -> axum::Json<Value> {
    axum::Json(units_description(&base(&headers)))
}

#[derive(Debug, Deserialize)]
pub struct ItemsQuery {
    bbox: Option<String>,
    #[serde(rename = "bbox-crs")]
    bbox_crs: Option<String>,
    limit: Option<String>,
    offset: Option<String>,
}

fn geo_json(value: Value) -> Response {
    let mut response = axum::Json(value).into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(GEO_JSON));
    response
}

fn feature(unit: plantrack_store::features::UnitFeature, b: &str) -> Result<Value, ApiError> {
    let geometry = plantrack_gis::wkb::from_wkb(&unit.boundary).map_err(|e| {
        ApiError::Store(plantrack_store::StoreError::Corrupt(format!(
            "boundary of {}: {e}",
            unit.code
        )))
    })?;
    Ok(json!({
        "type": "Feature",
        "id": unit.code,
        "geometry": geojson::Geometry::new(geometry),
        "properties": {
            "code": unit.code,
            "name": unit.name,
            "full_name": unit.full_name,
            "kind": unit.kind,
            "province": unit.parent_code,
            "area_km2": unit.area_km2,
        },
        "links": [link(format!("{b}/collections/units/items/{}", unit.code), "self", GEO_JSON, "This unit")],
    }))
}

fn number<T: std::str::FromStr>(field: &str, text: &str) -> Result<T, ApiError> {
    text.trim()
        .parse()
        .map_err(|_| ApiError::bad_request(field, "expected a number"))
}

async fn unit_items(
    State(state): State<AppState>,
    lang: Lang,
    headers: HeaderMap,
    Query(q): Query<ItemsQuery>,
) -> Result<Response, Localized> {
    let fail = |e: ApiError| e.in_lang(lang);
    if q.bbox_crs.as_deref().is_some_and(|c| c != CRS84) {
        return Err(fail(ApiError::bad_request(
            "bbox-crs",
            "only CRS84 (WGS 84 longitude/latitude) is served",
        )));
    }
    let limit = match q.limit.as_deref() {
        Some(l) => number::<i64>("limit", l).map_err(fail)?.clamp(1, MAX_LIMIT),
        None => DEFAULT_LIMIT,
    };
    let offset = match q.offset.as_deref() {
        Some(o) => number::<i64>("offset", o).map_err(fail)?.max(0),
        None => 0,
    };
    let bbox = match q.bbox.as_deref() {
        Some(text) => {
            let v: Vec<f64> = text
                .split(',')
                .map(|p| number::<f64>("bbox", p))
                .collect::<Result<_, _>>()
                .map_err(fail)?;
            let ok =
                v.len() == 4 && v.iter().all(|x| x.is_finite()) && v[0] <= v[2] && v[1] <= v[3];
            if !ok {
                return Err(fail(ApiError::bad_request(
                    "bbox",
                    "expected min longitude, min latitude, max longitude, max latitude",
                )));
            }
            Some([v[0], v[1], v[2], v[3]])
        }
        None => None,
    };
    let (units, matched) = state
        .planning
        .db
        .unit_features(bbox, limit, offset)
        .await
        .map_err(|e| fail(ApiError::from(e)))?;
    let b = base(&headers);
    let returned = units.len() as i64;
    let features = units
        .into_iter()
        .map(|u| feature(u, &b))
        .collect::<Result<Vec<_>, _>>()
        .map_err(fail)?;
    let page = |offset: i64| {
        let mut query = format!("limit={limit}&offset={offset}");
        if let Some(bb) = &q.bbox {
            query.push_str(&format!("&bbox={bb}"));
        }
        format!("{b}/collections/units/items?{query}")
    };
    let mut links = vec![link(page(offset), "self", GEO_JSON, "This page")];
    if offset + returned < matched {
        links.push(link(page(offset + limit), "next", GEO_JSON, "Next page"));
    }
    if offset > 0 {
        links.push(link(
            page((offset - limit).max(0)),
            "prev",
            GEO_JSON,
            "Previous page",
        ));
    }
    Ok(geo_json(json!({
        "type": "FeatureCollection",
        "features": features,
        "numberMatched": matched,
        "numberReturned": returned,
        "timeStamp": chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        "links": links,
    })))
}

async fn unit_item(
    State(state): State<AppState>,
    lang: Lang,
    headers: HeaderMap,
    Path(code): Path<String>,
) -> Result<Response, Localized> {
    let unit = state
        .planning
        .db
        .unit_feature(&code)
        .await
        .map_err(|e| ApiError::from(e).in_lang(lang))?
        .ok_or_else(|| ApiError::NotFound.in_lang(lang))?;
    let b = base(&headers);
    let mut value = feature(unit, &b).map_err(|e| e.in_lang(lang))?;
    if let Some(links) = value["links"].as_array_mut() {
        links.push(link(
            format!("{b}/collections/units"),
            "collection",
            "application/json",
            "The collection",
        ));
    }
    Ok(geo_json(value))
}
