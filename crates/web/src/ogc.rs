//! OGC API – Features, Part 1 (Core, GeoJSON) at `/ogc`: the administrative units'
//! boundaries, and — for a signed-in caller (session or API token) — the newest published
//! version of each of the province's sectoral layers (`layer-<key>`), so that QGIS, GDAL or any
//! OGC client reads them directly. Layers are not public: defence land is among them.

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Deserialize;
use serde_json::{Value, json};

use crate::AppState;
use crate::auth::Auth;
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
        .route("/ogc/collections/{collection}", get(layer_collection))
        .route("/ogc/collections/{collection}/items", get(layer_items))
        .route("/ogc/collections/{collection}/items/{id}", get(layer_item))
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

fn layer_description(b: &str, key: &str, name: &str, version: i64) -> Value {
    let id = format!("layer-{key}");
    json!({
        "id": id,
        "title": name,
        "description": format!("Sectoral layer '{key}', published version {version}."),
        "itemType": "feature",
        "crs": [CRS84],
        "links": [
            link(format!("{b}/collections/{id}"), "self", "application/json", "This collection"),
            link(format!("{b}/collections/{id}/items"), "items", GEO_JSON, "Features"),
        ],
    })
}

async fn collections(
    State(state): State<AppState>,
    lang: Lang,
    auth: Auth,
    headers: HeaderMap,
) -> Result<axum::Json<Value>, Localized> {
    let b = base(&headers);
    let mut list = vec![units_description(&b)];
    if let Some(p) = &auth.principal {
        for (layer, name, _) in state
            .planning
            .db
            .published_layers(&p.organisation.province_code)
            .await
            .map_err(|e| ApiError::from(e).in_lang(lang))?
        {
            list.push(layer_description(&b, &layer.key, &name, layer.version));
        }
    }
    Ok(axum::Json(json!({
        "links": [link(format!("{b}/collections"), "self", "application/json", "Collections")],
        "collections": list,
    })))
}

/// The features of the newest published version of layer `collection` (`layer-<key>`) of
/// the caller's province, with its name and version.
async fn published_layer(
    state: &AppState,
    auth: &Auth,
    collection: &str,
) -> Result<(String, i64, Vec<Value>), ApiError> {
    let principal = auth.principal.as_ref().ok_or(ApiError::Unauthorized)?;
    let key = collection
        .strip_prefix("layer-")
        .ok_or(ApiError::NotFound)?;
    let (layer, name, content) = state
        .planning
        .db
        .published_layers(&principal.organisation.province_code)
        .await?
        .into_iter()
        .find(|(l, _, _)| l.key == key)
        .ok_or(ApiError::NotFound)?;
    let parsed: Value = serde_json::from_str(&content).map_err(|e| {
        ApiError::Store(plantrack_store::StoreError::Corrupt(format!(
            "layer {key}: {e}"
        )))
    })?;
    let features = parsed["features"].as_array().cloned().unwrap_or_default();
    Ok((name, layer.version, features))
}

async fn layer_collection(
    State(state): State<AppState>,
    lang: Lang,
    auth: Auth,
    headers: HeaderMap,
    Path(collection): Path<String>,
) -> Result<axum::Json<Value>, Localized> {
    let (name, version, _) = published_layer(&state, &auth, &collection)
        .await
        .map_err(|e| e.in_lang(lang))?;
    let key = collection.trim_start_matches("layer-");
    Ok(axum::Json(layer_description(
        &base(&headers),
        key,
        &name,
        version,
    )))
}

/// The bounding box of a GeoJSON geometry's positions.
fn geometry_bbox(geometry: &Value) -> Option<[f64; 4]> {
    fn walk(v: &Value, b: &mut [f64; 4]) {
        match v.as_array() {
            Some(a) if a.len() >= 2 && a[0].is_number() => {
                let (x, y) = (a[0].as_f64().unwrap_or(0.0), a[1].as_f64().unwrap_or(0.0));
                *b = [b[0].min(x), b[1].min(y), b[2].max(x), b[3].max(y)];
            }
            Some(a) => a.iter().for_each(|x| walk(x, b)),
            None => {}
        }
    }
    let mut b = [
        f64::INFINITY,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NEG_INFINITY,
    ];
    walk(&geometry["coordinates"], &mut b);
    (b[0] <= b[2]).then_some(b)
}

async fn layer_items(
    State(state): State<AppState>,
    lang: Lang,
    auth: Auth,
    headers: HeaderMap,
    Path(collection): Path<String>,
    Query(q): Query<ItemsQuery>,
) -> Result<Response, Localized> {
    let fail = |e: ApiError| e.in_lang(lang);
    let (limit, offset, bbox) = paging(&q).map_err(fail)?;
    let (_, _, features) = published_layer(&state, &auth, &collection)
        .await
        .map_err(fail)?;
    let matching: Vec<Value> = features
        .into_iter()
        .filter(|f| match (bbox, geometry_bbox(&f["geometry"])) {
            (Some(q), Some(g)) => g[2] >= q[0] && g[0] <= q[2] && g[3] >= q[1] && g[1] <= q[3],
            (Some(_), None) => false,
            (None, _) => true,
        })
        .collect();
    let matched = matching.len() as i64;
    let page: Vec<Value> = matching
        .into_iter()
        .skip(offset as usize)
        .take(limit as usize)
        .collect();
    let b = base(&headers);
    Ok(geo_json(items_document(
        &format!("{b}/collections/{collection}/items"),
        page,
        matched,
        limit,
        offset,
        q.bbox.as_deref(),
    )))
}

async fn layer_item(
    State(state): State<AppState>,
    lang: Lang,
    auth: Auth,
    Path((collection, id)): Path<(String, String)>,
) -> Result<Response, Localized> {
    let (_, _, features) = published_layer(&state, &auth, &collection)
        .await
        .map_err(|e| e.in_lang(lang))?;
    let feature = features
        .into_iter()
        .find(|f| match &f["id"] {
            Value::String(s) => *s == id,
            Value::Number(n) => n.to_string() == id,
            _ => false,
        })
        .ok_or_else(|| ApiError::NotFound.in_lang(lang))?;
    Ok(geo_json(feature))
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
    let (limit, offset, bbox) = paging(&q).map_err(fail)?;
    let (units, matched) = state
        .planning
        .db
        .unit_features(bbox, limit, offset)
        .await
        .map_err(|e| fail(ApiError::from(e)))?;
    let b = base(&headers);
    let features = units
        .into_iter()
        .map(|u| feature(u, &b))
        .collect::<Result<Vec<_>, _>>()
        .map_err(fail)?;
    Ok(geo_json(items_document(
        &format!("{b}/collections/units/items"),
        features,
        matched,
        limit,
        offset,
        q.bbox.as_deref(),
    )))
}

/// `limit`, `offset` and `bbox` of an items request, checked.
fn paging(q: &ItemsQuery) -> Result<(i64, i64, Option<[f64; 4]>), ApiError> {
    if q.bbox_crs.as_deref().is_some_and(|c| c != CRS84) {
        return Err(ApiError::bad_request(
            "bbox-crs",
            "only CRS84 (WGS 84 longitude/latitude) is served",
        ));
    }
    let limit = match q.limit.as_deref() {
        Some(l) => number::<i64>("limit", l)?.clamp(1, MAX_LIMIT),
        None => DEFAULT_LIMIT,
    };
    let offset = match q.offset.as_deref() {
        Some(o) => number::<i64>("offset", o)?.max(0),
        None => 0,
    };
    let bbox = match q.bbox.as_deref() {
        Some(text) => {
            let v: Vec<f64> = text
                .split(',')
                .map(|p| number::<f64>("bbox", p))
                .collect::<Result<_, _>>()?;
            let ok =
                v.len() == 4 && v.iter().all(|x| x.is_finite()) && v[0] <= v[2] && v[1] <= v[3];
            if !ok {
                return Err(ApiError::bad_request(
                    "bbox",
                    "expected min longitude, min latitude, max longitude, max latitude",
                ));
            }
            Some([v[0], v[1], v[2], v[3]])
        }
        None => None,
    };
    Ok((limit, offset, bbox))
}

/// An items page: the features, the counts and the self, next and previous links.
fn items_document(
    items_url: &str,
    features: Vec<Value>,
    matched: i64,
    limit: i64,
    offset: i64,
    bbox: Option<&str>,
) -> Value {
    let returned = features.len() as i64;
    let page = |offset: i64| {
        let mut query = format!("limit={limit}&offset={offset}");
        if let Some(bb) = bbox {
            query.push_str(&format!("&bbox={bb}"));
        }
        format!("{items_url}?{query}")
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
    json!({
        "type": "FeatureCollection",
        "features": features,
        "numberMatched": matched,
        "numberReturned": returned,
        "timeStamp": chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        "links": links,
    })
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
