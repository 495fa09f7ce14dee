//! OGC API – Features, Part 1 (Core, GeoJSON, HTML) at `/ogc`: the administrative units'
//! boundaries and the land-use maps of approved plans (public), and — for a signed-in caller
//! (session or API token) — the newest published version of each of the province's sectoral
//! layers (`layer-<key>`), so that QGIS, GDAL or any OGC client reads them directly. Layers are
//! not public: defence land is among them.
//!
//! Every document is also a page: `?f=html`, or a browser's Accept header, gets HTML rendered
//! from the same JSON document (see [`crate::pages::ogc`]); `?f=json` forces JSON.

use axum::Router;
use axum::extract::{FromRequestParts, Path, Query, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use plantrack_domain::access::{Caller, Principal};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::AppState;
use crate::auth::Auth;
use crate::error::ApiError;
use crate::i18n::Lang;
use crate::pages::Ctx;
use plantrack_store::layer_features::PublishedLayer;

const GEO_JSON: &str = "application/geo+json";
const JSON: &str = "application/json";
const HTML: &str = "text/html";
const CRS84: &str = "http://www.opengis.net/def/crs/OGC/1.3/CRS84";
const DEFAULT_LIMIT: i64 = 100;
const MAX_LIMIT: i64 = 1_000;
/// Where the links of an HTML page point: paths on this server.
pub(crate) const HTML_BASE: &str = "/ogc";

pub(crate) const CONFORMANCE: [&str; 3] = [
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html",
];

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/ogc", get(landing))
        .route("/ogc/conformance", get(conformance))
        .route("/ogc/collections", get(collections))
        .route("/ogc/collections/{collection}", get(collection))
        .route("/ogc/collections/{collection}/items", get(items))
        .route("/ogc/collections/{collection}/items/{id}", get(item))
        // The same address answers JSON or HTML by the Accept header: caches must know.
        .layer(axum::middleware::map_response(|mut r: Response| async {
            r.headers_mut()
                .append(header::VARY, HeaderValue::from_static("accept"));
            r
        }))
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

/// `href` asking for format `f` (`json` or `html`).
pub(crate) fn with_f(href: &str, f: &str) -> String {
    let sep = if href.contains('?') { '&' } else { '?' };
    format!("{href}{sep}f={f}")
}

/// A document's self link and its alternate in the other encoding.
fn self_links(href: &str, kind: &str, title: &str) -> [Value; 2] {
    [
        link(href.to_owned(), "self", kind, title),
        link(
            with_f(href, "html"),
            "alternate",
            HTML,
            "This document as HTML",
        ),
    ]
}

/// The quality the Accept header gives `media` (`type/subtype`): that of the most specific
/// range that matches it, 1 when there is no header.
fn quality(accept: Option<&str>, media: &str) -> f32 {
    let Some(accept) = accept else { return 1.0 };
    let (kind, _) = media.split_once('/').unwrap_or((media, ""));
    let mut best: Option<(u8, f32)> = None;
    for range in accept.split(',') {
        let mut parts = range.split(';');
        let name = parts.next().unwrap_or("").trim().to_ascii_lowercase();
        let specificity = if name == media {
            2
        } else if name.strip_suffix("/*") == Some(kind) {
            1
        } else if name == "*/*" {
            0
        } else {
            continue;
        };
        let q = parts
            .filter_map(|p| p.trim().strip_prefix("q="))
            .find_map(|q| q.trim().parse::<f32>().ok())
            .unwrap_or(1.0);
        if best.is_none_or(|(s, _)| specificity > s) {
            best = Some((specificity, q));
        }
    }
    best.map_or(0.0, |(_, q)| q)
}

/// Whether the reader gets HTML: `?f=html`, or an Accept header that prefers HTML to JSON (a
/// browser). `?f=json` forces JSON, and so does a request with no Accept header.
fn wants_html(query: Option<&str>, headers: &HeaderMap) -> Result<bool, ApiError> {
    let f = query.and_then(|q| q.split('&').find_map(|kv| kv.strip_prefix("f=")));
    match f {
        Some("html") => return Ok(true),
        Some("json" | "geojson") => return Ok(false),
        Some(_) => return Err(ApiError::bad_request("f", "expected json or html")),
        None => {}
    }
    let accept = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok());
    if accept.is_none() {
        return Ok(false);
    }
    let json = quality(accept, JSON).max(quality(accept, GEO_JSON));
    Ok(quality(accept, HTML) > json)
}

/// Who asks, and in which encoding the answer goes.
pub struct Ogc {
    principal: Option<Principal>,
    lang: Lang,
    /// The page context when the reader gets HTML.
    page: Option<Ctx>,
    /// The `/ogc` address links start with: absolute for JSON, a path for HTML.
    base: String,
}

impl FromRequestParts<AppState> for Ogc {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let lang = Lang::from_parts(parts);
        let html = wants_html(parts.uri.query(), &parts.headers)
            .map_err(|e| e.in_lang(lang).into_response())?;
        if html {
            let ctx = Ctx::from_request_parts(parts, state)
                .await
                .map_err(IntoResponse::into_response)?;
            Ok(Ogc {
                principal: ctx.user.clone(),
                lang,
                page: Some(ctx),
                base: HTML_BASE.to_owned(),
            })
        } else {
            let auth = Auth::from_request_parts(parts, state)
                .await
                .map_err(IntoResponse::into_response)?;
            Ok(Ogc {
                principal: auth.principal,
                lang,
                page: None,
                base: base(&parts.headers),
            })
        }
    }
}

/// What a document is, for its HTML page.
enum Doc<'a> {
    Landing,
    Conformance,
    Collections,
    Collection,
    /// A page of items of the collection described.
    Items(&'a Value),
    /// One item of the collection described.
    Item(&'a Value),
}

impl Ogc {
    fn fail(&self, e: ApiError) -> Response {
        match &self.page {
            Some(ctx) => ctx.error(e).into_response(),
            None => e.in_lang(self.lang).into_response(),
        }
    }

    fn reply(&self, state: &AppState, doc: Doc<'_>, value: Value) -> Response {
        use crate::pages::ogc as page;
        let tiles = state.map_tiles.as_deref();
        match (&self.page, doc) {
            (Some(c), Doc::Landing) => page::landing(c, &value),
            (Some(c), Doc::Conformance) => page::conformance(c, &value),
            (Some(c), Doc::Collections) => page::collections(c, &value),
            (Some(c), Doc::Collection) => page::collection(c, &value),
            (Some(c), Doc::Items(collection)) => page::items(c, collection, &value, tiles),
            (Some(c), Doc::Item(collection)) => page::item(c, collection, &value, tiles),
            (None, Doc::Items(_) | Doc::Item(_)) => {
                let mut response = axum::Json(value).into_response();
                response
                    .headers_mut()
                    .insert(header::CONTENT_TYPE, HeaderValue::from_static(GEO_JSON));
                response
            }
            (None, _) => axum::Json(value).into_response(),
        }
    }
}

async fn landing(State(state): State<AppState>, ogc: Ogc) -> Response {
    let b = &ogc.base;
    let api = format!("{}/api/openapi.json", b.strip_suffix("/ogc").unwrap_or(b));
    let [this, html] = self_links(b, JSON, "This document");
    let doc = json!({
        "title": "plantrack",
        "description": "Administrative units, land-use maps of approved plans and planning layers of the province, as OGC API – Features.",
        "links": [
            this,
            html,
            link(api, "service-desc", "application/vnd.oai.openapi+json;version=3.0", "The API definition"),
            link(format!("{b}/conformance"), "conformance", JSON, "Conformance classes"),
            link(format!("{b}/collections"), "data", JSON, "Collections"),
        ],
    });
    ogc.reply(&state, Doc::Landing, doc)
}

async fn conformance(State(state): State<AppState>, ogc: Ogc) -> Response {
    let doc = json!({
        "conformsTo": CONFORMANCE,
        "links": self_links(&format!("{}/conformance", ogc.base), JSON, "This document"),
    });
    ogc.reply(&state, Doc::Conformance, doc)
}

/// The collections this server offers: the public ones, and a signed-in caller's layers.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Collection {
    Units,
    Landuse,
    Layer(String),
}

impl Collection {
    fn parse(id: &str) -> Result<Self, ApiError> {
        match id {
            "units" => Ok(Self::Units),
            "landuse" => Ok(Self::Landuse),
            _ => id
                .strip_prefix("layer-")
                .map(|key| Self::Layer(key.to_owned()))
                .ok_or(ApiError::NotFound),
        }
    }
}

/// A collection's description, with its links in both encodings.
fn describe(b: &str, id: &str, title: &str, description: &str, bbox: Option<[f64; 4]>) -> Value {
    let here = format!("{b}/collections/{id}");
    let items = format!("{here}/items");
    let [this, html] = self_links(&here, JSON, "This collection");
    let mut value = json!({
        "id": id,
        "title": title,
        "description": description,
        "itemType": "feature",
        "crs": [CRS84],
        "links": [
            this,
            html,
            link(items.clone(), "items", GEO_JSON, "Features"),
            link(with_f(&items, "html"), "items", HTML, "Features as HTML"),
        ],
    });
    if let Some(bbox) = bbox {
        value["extent"] = json!({"spatial": {"bbox": [bbox], "crs": CRS84}});
    }
    value
}

fn units_description(b: &str) -> Value {
    describe(
        b,
        "units",
        "Đơn vị hành chính cấp xã / Commune-level units",
        "Boundaries of the commune-level units after the 2025 reorganisation (WGS 84).",
        Some([102.0, 8.0, 110.0, 23.5]),
    )
}

fn landuse_description(b: &str) -> Value {
    describe(
        b,
        "landuse",
        "Bản đồ sử dụng đất của quy hoạch đã phê duyệt / Land-use maps of approved plans",
        "The zones of the newest land-use map of every dossier whose plan is approved (WGS 84).",
        None,
    )
}

fn layer_description(b: &str, key: &str, name: &str, version: i64) -> Value {
    describe(
        b,
        &format!("layer-{key}"),
        name,
        &format!("Sectoral layer '{key}', published version {version}."),
        None,
    )
}

async fn collections(State(state): State<AppState>, ogc: Ogc) -> Response {
    let b = &ogc.base;
    let mut list = vec![units_description(b), landuse_description(b)];
    if let Some(p) = &ogc.principal {
        match state.planning.published_layers(Caller::from(p)).await {
            Ok(layers) => list.extend(
                layers
                    .into_iter()
                    .map(|l| layer_description(b, &l.layer.key, &l.name, l.layer.version)),
            ),
            Err(e) => return ogc.fail(e.into()),
        }
    }
    let doc = json!({
        "links": self_links(&format!("{b}/collections"), JSON, "Collections"),
        "collections": list,
    });
    ogc.reply(&state, Doc::Collections, doc)
}

/// The newest published version of the caller's province's layer `key` (its features are
/// read page by page).
async fn published_layer(
    state: &AppState,
    principal: Option<&Principal>,
    key: &str,
) -> Result<PublishedLayer, ApiError> {
    Ok(state
        .planning
        .published_layer(Caller::Account(principal), key)
        .await?)
}

async fn collection(
    State(state): State<AppState>,
    ogc: Ogc,
    Path(collection): Path<String>,
) -> Response {
    let b = &ogc.base;
    let described = match Collection::parse(&collection) {
        Ok(Collection::Units) => Ok(units_description(b)),
        Ok(Collection::Landuse) => Ok(landuse_description(b)),
        Ok(Collection::Layer(key)) => published_layer(&state, ogc.principal.as_ref(), &key)
            .await
            .map(|l| layer_description(b, &key, &l.name, l.layer.version)),
        Err(e) => Err(e),
    };
    match described {
        Ok(doc) => ogc.reply(&state, Doc::Collection, doc),
        Err(e) => ogc.fail(e),
    }
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
    match geometry["type"].as_str() {
        Some("GeometryCollection") => geometry["geometries"]
            .as_array()
            .into_iter()
            .flatten()
            .for_each(|g| walk(&g["coordinates"], &mut b)),
        _ => walk(&geometry["coordinates"], &mut b),
    }
    (b[0] <= b[2]).then_some(b)
}

#[derive(Debug, Deserialize)]
pub struct ItemsQuery {
    bbox: Option<String>,
    #[serde(rename = "bbox-crs")]
    bbox_crs: Option<String>,
    limit: Option<String>,
    offset: Option<String>,
}

/// An items request's `limit`, `offset` and `bbox` (min lon, min lat, max lon, max lat), checked.
#[derive(Debug, Clone, Copy)]
struct Paging {
    limit: i64,
    offset: i64,
    bbox: Option<[f64; 4]>,
}

impl Paging {
    /// The features of a collection held in memory that meet the box, and their number
    /// before paging.
    fn page(&self, features: Vec<Value>) -> (Vec<Value>, i64) {
        let matching: Vec<Value> = features
            .into_iter()
            .filter(|f| match (self.bbox, geometry_bbox(&f["geometry"])) {
                (Some(q), Some(g)) => g[2] >= q[0] && g[0] <= q[2] && g[3] >= q[1] && g[1] <= q[3],
                (Some(_), None) => false,
                (None, _) => true,
            })
            .collect();
        let matched = matching.len() as i64;
        let page = matching
            .into_iter()
            .skip(self.offset as usize)
            .take(self.limit as usize)
            .collect();
        (page, matched)
    }
}

fn number<T: std::str::FromStr>(field: &str, text: &str) -> Result<T, ApiError> {
    text.trim()
        .parse()
        .map_err(|_| ApiError::bad_request(field, "expected a number"))
}

fn paging(q: &ItemsQuery) -> Result<Paging, ApiError> {
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
    Ok(Paging {
        limit,
        offset,
        bbox,
    })
}

/// An items page: the features, the counts, and the self, alternate, next, previous and
/// collection links.
fn items_document(items_url: &str, features: Vec<Value>, matched: i64, p: &Paging) -> Value {
    let returned = features.len() as i64;
    let page = |offset: i64| {
        let mut query = format!("limit={}&offset={offset}", p.limit);
        if let Some([a, b, c, d]) = p.bbox {
            query.push_str(&format!("&bbox={a},{b},{c},{d}"));
        }
        format!("{items_url}?{query}")
    };
    let [this, html] = self_links(&page(p.offset), GEO_JSON, "This page");
    let mut links = vec![this, html];
    if p.offset + returned < matched {
        links.push(link(
            page(p.offset + p.limit),
            "next",
            GEO_JSON,
            "Next page",
        ));
    }
    if p.offset > 0 {
        links.push(link(
            page((p.offset - p.limit).max(0)),
            "prev",
            GEO_JSON,
            "Previous page",
        ));
    }
    links.push(link(
        items_url.trim_end_matches("/items").to_owned(),
        "collection",
        JSON,
        "The collection",
    ));
    json!({
        "type": "FeatureCollection",
        "features": features,
        "numberMatched": matched,
        "numberReturned": returned,
        "timeStamp": chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        "links": links,
    })
}

/// The address of item `id` of `collection`.
fn item_url(b: &str, collection: &str, id: &str) -> String {
    let id = crate::pages::urlencode(id).replace('/', "%2F");
    format!("{b}/collections/{collection}/items/{id}")
}

fn unit_feature(unit: plantrack_store::features::UnitFeature, b: &str) -> Result<Value, ApiError> {
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
        "links": [link(item_url(b, "units", &unit.code), "self", GEO_JSON, "This unit")],
    }))
}

/// The zones of the approved land-use maps (of one dossier, or all) as features.
async fn landuse_features(
    state: &AppState,
    b: &str,
    dossier: Option<i64>,
) -> Result<Vec<Value>, ApiError> {
    let zones = state
        .planning
        .approved_landuse_zones(&state.documents, dossier)
        .await?;
    Ok(zones
        .into_iter()
        .map(|z| {
            json!({
                "type": "Feature",
                "id": z.id,
                "geometry": z.geometry,
                "properties": {
                    "zone": z.zone,
                    "category": z.category,
                    "dossier": z.map.dossier_id,
                    "unit_code": z.map.unit_code,
                    "unit_name": z.map.unit_name,
                    "plan_type": z.map.plan_type,
                    "approved_on": z.map.approved_on.map(|d| d.to_string()),
                    "sha256": z.map.sha256,
                },
                "links": [link(item_url(b, "landuse", &z.id), "self", GEO_JSON, "This zone")],
            })
        })
        .collect())
}

async fn items(
    State(state): State<AppState>,
    ogc: Ogc,
    Path(collection): Path<String>,
    Query(q): Query<ItemsQuery>,
) -> Response {
    let answer = async {
        let p = paging(&q)?;
        let b = &ogc.base;
        let (described, (features, matched)) = match Collection::parse(&collection)? {
            Collection::Units => {
                let (units, matched) = state
                    .planning
                    .unit_features(p.bbox, p.limit, p.offset)
                    .await?;
                let features = units
                    .into_iter()
                    .map(|u| unit_feature(u, b))
                    .collect::<Result<Vec<_>, _>>()?;
                (units_description(b), (features, matched))
            }
            Collection::Landuse => (
                landuse_description(b),
                p.page(landuse_features(&state, b, None).await?),
            ),
            Collection::Layer(key) => {
                let (l, features, matched) = state
                    .planning
                    .layer_features_page(
                        Caller::Account(ogc.principal.as_ref()),
                        &key,
                        p.bbox,
                        p.limit,
                        p.offset,
                    )
                    .await?;
                (
                    layer_description(b, &key, &l.name, l.layer.version),
                    (features, matched),
                )
            }
        };
        let doc = items_document(
            &format!("{b}/collections/{collection}/items"),
            features,
            matched,
            &p,
        );
        Ok::<_, ApiError>((described, doc))
    };
    match answer.await {
        Ok((described, doc)) => ogc.reply(&state, Doc::Items(&described), doc),
        Err(e) => ogc.fail(e),
    }
}

/// Whether a feature's id is `id` (ids are strings or numbers in GeoJSON).
fn has_id(feature: &Value, id: &str) -> bool {
    match &feature["id"] {
        Value::String(s) => s == id,
        Value::Number(n) => n.to_string() == id,
        _ => false,
    }
}

async fn item(
    State(state): State<AppState>,
    ogc: Ogc,
    Path((collection, id)): Path<(String, String)>,
) -> Response {
    let answer = async {
        let b = &ogc.base;
        let (described, mut feature) = match Collection::parse(&collection)? {
            Collection::Units => {
                let unit = state
                    .planning
                    .unit_feature(&id)
                    .await?
                    .ok_or(ApiError::NotFound)?;
                (units_description(b), unit_feature(unit, b)?)
            }
            Collection::Landuse => {
                // `<dossier>-<zone>`: only that dossier's map is read.
                let dossier = id
                    .split_once('-')
                    .and_then(|(d, _)| d.parse::<i64>().ok())
                    .ok_or(ApiError::NotFound)?;
                let feature = landuse_features(&state, b, Some(dossier))
                    .await?
                    .into_iter()
                    .find(|f| has_id(f, &id))
                    .ok_or(ApiError::NotFound)?;
                (landuse_description(b), feature)
            }
            Collection::Layer(key) => {
                let (l, feature) = state
                    .planning
                    .layer_feature(Caller::Account(ogc.principal.as_ref()), &key, &id)
                    .await?;
                (
                    layer_description(b, &key, &l.name, l.layer.version),
                    feature,
                )
            }
        };
        let [this, html] = self_links(&item_url(b, &collection, &id), GEO_JSON, "This feature");
        feature["links"] = json!([
            this,
            html,
            link(
                format!("{b}/collections/{collection}"),
                "collection",
                JSON,
                "The collection"
            ),
        ]);
        Ok::<_, ApiError>((described, feature))
    };
    match answer.await {
        Ok((described, feature)) => ogc.reply(&state, Doc::Item(&described), feature),
        Err(e) => ogc.fail(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn accept(value: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::ACCEPT, value.parse().unwrap());
        h
    }

    #[test]
    fn browsers_get_html_and_clients_json() {
        let firefox = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
        assert!(wants_html(None, &accept(firefox)).unwrap());
        assert!(!wants_html(Some("f=json"), &accept(firefox)).unwrap());
        assert!(wants_html(Some("limit=2&f=html"), &HeaderMap::new()).unwrap());
        assert!(!wants_html(None, &HeaderMap::new()).unwrap());
        assert!(!wants_html(None, &accept("*/*")).unwrap());
        assert!(!wants_html(None, &accept("application/geo+json, application/json")).unwrap());
        assert!(!wants_html(None, &accept("text/html;q=0.5, application/json")).unwrap());
        assert!(wants_html(None, &accept("application/json;q=0.5, text/*")).unwrap());
        assert!(wants_html(Some("f=xml"), &HeaderMap::new()).is_err());
    }

    #[test]
    fn a_box_meets_the_features_it_touches() {
        let square = |lon: f64| json!({"geometry": {"type": "Polygon", "coordinates": [[[lon, 0.0], [lon + 1.0, 0.0], [lon + 1.0, 1.0], [lon, 0.0]]]}});
        let p = Paging {
            limit: 1,
            offset: 1,
            bbox: Some([0.5, 0.5, 2.5, 0.6]),
        };
        let (page, matched) = p.page(vec![square(0.0), square(2.0), square(5.0)]);
        assert_eq!(matched, 2);
        assert_eq!(page, vec![square(2.0)]);
    }
}
