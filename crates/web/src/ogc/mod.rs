//! OGC API – Features, Part 1 (Core, GeoJSON, HTML) at `/ogc`: the administrative units'
//! boundaries and the land-use maps of approved plans (public), and — for a signed-in caller
//! (session or API token) — the newest published version of each of the province's sectoral
//! layers (`layer-<key>`), so that QGIS, GDAL or any OGC client reads them directly. Layers are
//! not public: defence land is among them.
//!
//! Every document is also a page: `?f=html`, or a browser's Accept header, gets HTML rendered
//! from the same JSON document (see [`html`]); `?f=json` forces JSON.
//!
//! The parts depend one way: the handlers ([`landing`], [`collections`], [`items`]) build the
//! JSON documents and hand them to [`negotiation::Ogc::reply`], the one place that calls
//! [`html`]; `html` reads only the documents and this module's shared items.

mod collections;
mod html;
mod items;
mod landing;
mod negotiation;
mod paging;

use axum::Router;
use axum::http::{HeaderValue, header};
use axum::response::Response;
use axum::routing::get;
use serde_json::{Value, json};

use crate::AppState;

pub use negotiation::Ogc;
pub use paging::ItemsQuery;

const GEO_JSON: &str = "application/geo+json";
const JSON: &str = "application/json";
const HTML: &str = "text/html";
const CRS84: &str = "http://www.opengis.net/def/crs/OGC/1.3/CRS84";
/// Where the links of an HTML page point: paths on this server.
const HTML_BASE: &str = "/ogc";

const CONFORMANCE: [&str; 3] = [
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html",
];

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/ogc", get(landing::landing))
        .route("/ogc/conformance", get(landing::conformance))
        .route("/ogc/collections", get(collections::collections))
        .route(
            "/ogc/collections/{collection}",
            get(collections::collection),
        )
        .route("/ogc/collections/{collection}/items", get(items::items))
        .route("/ogc/collections/{collection}/items/{id}", get(items::item))
        // The same address answers JSON or HTML by the Accept header: caches must know.
        .layer(axum::middleware::map_response(|mut r: Response| async {
            r.headers_mut()
                .append(header::VARY, HeaderValue::from_static("accept"));
            r
        }))
}

/// What a document is, for its HTML page.
#[derive(Clone, Copy)]
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

fn link(href: &str, rel: &str, kind: &str, title: &str) -> Value {
    json!({"href": href, "rel": rel, "type": kind, "title": title})
}

/// `href` asking for format `f` (`json` or `html`).
fn with_f(href: &str, f: &str) -> String {
    let sep = if href.contains('?') { '&' } else { '?' };
    format!("{href}{sep}f={f}")
}

/// A document's self link and its alternate in the other encoding.
fn self_links(href: &str, kind: &str, title: &str) -> [Value; 2] {
    [
        link(href, "self", kind, title),
        link(
            &with_f(href, "html"),
            "alternate",
            HTML,
            "This document as HTML",
        ),
    ]
}

/// The address of item `id` of `collection` under `b` (the absolute `/ogc` address, or
/// [`HTML_BASE`]).
fn item_url(b: &str, collection: &str, id: &str) -> String {
    let id = crate::pages::urlencode(id).replace('/', "%2F");
    format!("{b}/collections/{collection}/items/{id}")
}
