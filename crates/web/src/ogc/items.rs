//! The features (`/ogc/collections/{id}/items` and `…/items/{id}`): a page of a collection's
//! features, or one of them, read from the units, the approved land-use maps or a layer.

use std::fmt::Write as _;

use axum::extract::{Path, Query, State};
use axum::response::Response;
use plantrack_domain::access::Caller;
use serde_json::{Value, json};

use super::collections::{Collection, landuse_description, layer_description, units_description};
use super::paging::{DEFAULT_LIMIT, ItemsQuery, PAGE_LIMIT, Paging, paging};
use super::{Doc, GEO_JSON, JSON, Ogc, item_url, link, self_links};
use crate::AppState;
use crate::error::ApiError;

/// An items page: the features, the counts, and the self, alternate, next, previous and
/// collection links.
fn items_document(items_url: &str, features: &[Value], matched: i64, p: &Paging) -> Value {
    let returned = features.len() as i64;
    let page = |offset: i64| {
        let mut query = format!("limit={}&offset={offset}", p.limit);
        if let Some([a, b, c, d]) = p.bbox {
            let _ = write!(query, "&bbox={a},{b},{c},{d}");
        }
        format!("{items_url}?{query}")
    };
    let [this, html] = self_links(&page(p.offset), GEO_JSON, "This page");
    let mut links = vec![this, html];
    if p.offset + returned < matched {
        links.push(link(
            &page(p.offset + p.limit),
            "next",
            GEO_JSON,
            "Next page",
        ));
    }
    if p.offset > 0 {
        links.push(link(
            &page((p.offset - p.limit).max(0)),
            "prev",
            GEO_JSON,
            "Previous page",
        ));
    }
    links.push(link(
        items_url.trim_end_matches("/items"),
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

fn unit_feature(unit: &plantrack_store::features::UnitFeature, b: &str) -> Result<Value, ApiError> {
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
        "links": [link(&item_url(b, "units", &unit.code), "self", GEO_JSON, "This unit")],
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
                "links": [link(&item_url(b, "landuse", &z.id), "self", GEO_JSON, "This zone")],
            })
        })
        .collect())
}

pub(super) async fn items(
    State(state): State<AppState>,
    ogc: Ogc,
    Path(collection): Path<String>,
    Query(q): Query<ItemsQuery>,
) -> Response {
    let answer = async {
        let default_limit = if ogc.is_page() {
            PAGE_LIMIT
        } else {
            DEFAULT_LIMIT
        };
        let p = paging(&q, default_limit)?;
        let b = &ogc.base;
        let (described, (features, matched)) = match Collection::parse(&collection)? {
            Collection::Units => {
                let (units, matched) = state
                    .planning
                    .unit_features(p.bbox, p.limit, p.offset)
                    .await?;
                let features = units
                    .into_iter()
                    .map(|u| unit_feature(&u, b))
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
            &features,
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

pub(super) async fn item(
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
                (units_description(b), unit_feature(&unit, b)?)
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
                &format!("{b}/collections/{collection}"),
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
