//! The collections (`/ogc/collections`, `/ogc/collections/{id}`): which there are for the
//! caller, and the description of each.

use axum::extract::{Path, State};
use axum::response::Response;
use plantrack_domain::access::{Caller, Principal};
use plantrack_store::layer_features::PublishedLayer;
use serde_json::{Value, json};

use super::{CRS84, Doc, GEO_JSON, HTML, JSON, Ogc, link, self_links, with_f};
use crate::AppState;
use crate::error::ApiError;

/// The collections this server offers: the public ones, and a signed-in caller's layers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Collection {
    Units,
    Landuse,
    Layer(String),
}

impl Collection {
    pub(super) fn parse(id: &str) -> Result<Self, ApiError> {
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
            link(&items, "items", GEO_JSON, "Features"),
            link(&with_f(&items, "html"), "items", HTML, "Features as HTML"),
        ],
    });
    if let Some(bbox) = bbox {
        value["extent"] = json!({"spatial": {"bbox": [bbox], "crs": CRS84}});
    }
    value
}

pub(super) fn units_description(b: &str) -> Value {
    describe(
        b,
        "units",
        "Đơn vị hành chính cấp xã / Commune-level units",
        "Boundaries of the commune-level units after the 2025 reorganisation (WGS 84).",
        Some([102.0, 8.0, 110.0, 23.5]),
    )
}

pub(super) fn landuse_description(b: &str) -> Value {
    describe(
        b,
        "landuse",
        "Bản đồ sử dụng đất của quy hoạch đã phê duyệt / Land-use maps of approved plans",
        "The zones of the newest land-use map of every dossier whose plan is approved (WGS 84).",
        None,
    )
}

pub(super) fn layer_description(b: &str, key: &str, name: &str, version: i64) -> Value {
    describe(
        b,
        &format!("layer-{key}"),
        name,
        &format!("Sectoral layer '{key}', published version {version}."),
        None,
    )
}

pub(super) async fn collections(State(state): State<AppState>, ogc: Ogc) -> Response {
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
pub(super) async fn published_layer(
    state: &AppState,
    principal: Option<&Principal>,
    key: &str,
) -> Result<PublishedLayer, ApiError> {
    Ok(state
        .planning
        .published_layer(Caller::Account(principal), key)
        .await?)
}

pub(super) async fn collection(
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
