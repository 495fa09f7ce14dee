//! The HTML encoding of the OGC API – Features documents (`/ogc/…?f=html`, or a browser's
//! request): each page is rendered from the very JSON document the API serves, so that the
//! two never disagree. Links stay on this server (paths under `/ogc`, with `f=html`).

use askama::Template;
use axum::response::Response;
use serde_json::{Value, json};

use super::{Doc, HTML_BASE, item_url, with_f};
use crate::pages::{Ctx, render};

/// The page of document `doc` (of kind `kind`): the one way in from the JSON side.
pub(super) fn page(c: &Ctx, kind: Doc<'_>, doc: &Value, tiles: Option<&str>) -> Response {
    match kind {
        Doc::Landing => landing(c, doc),
        Doc::Conformance => conformance(c, doc),
        Doc::Collections => collections(c, doc),
        Doc::Collection => collection(c, doc),
        Doc::Items(collection) => items(c, collection, doc, tiles),
        Doc::Item(collection) => item(c, collection, doc, tiles),
    }
}

struct LinkView {
    href: String,
    label: String,
}

/// The href of the document's first link with relation `rel` and media type `kind`.
fn href(doc: &Value, rel: &str, kind: &str) -> Option<String> {
    doc["links"]
        .as_array()?
        .iter()
        .find(|l| l["rel"] == rel && l["type"] == kind)?["href"]
        .as_str()
        .map(str::to_owned)
}

/// A value as a table cell shows it.
fn text(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The collection's title and description in the reader's language: the built-in
/// collections have theirs in the Fluent files; a layer's name is the one its department gave.
fn title(c: &Ctx, collection: &Value) -> (String, String) {
    match collection["id"].as_str() {
        Some("units") => (c.t("ogc-units-title"), c.t("ogc-units-description")),
        Some("landuse") => (c.t("ogc-landuse-title"), c.t("ogc-landuse-description")),
        _ => (text(&collection["title"]), text(&collection["description"])),
    }
}

fn json_link(doc: &Value, kind: &str) -> String {
    href(doc, "self", kind)
        .map(|h| with_f(&h, "json"))
        .unwrap_or_default()
}

#[derive(Template)]
#[template(path = "ogc_landing.html")]
struct LandingPage<'a> {
    c: &'a Ctx,
    json: String,
    links: Vec<LinkView>,
}

fn landing(c: &Ctx, doc: &Value) -> Response {
    let mut links = Vec::new();
    for (rel, kind, key) in [
        ("data", "application/json", "ogc-collections"),
        ("conformance", "application/json", "ogc-conformance"),
    ] {
        if let Some(h) = href(doc, rel, kind) {
            links.push(LinkView {
                href: with_f(&h, "html"),
                label: c.t(key),
            });
        }
    }
    if let Some(link) = doc["links"]
        .as_array()
        .and_then(|l| l.iter().find(|l| l["rel"] == "service-desc"))
    {
        links.push(LinkView {
            href: text(&link["href"]),
            label: c.t("ogc-api-definition"),
        });
    }
    render(&LandingPage {
        c,
        json: json_link(doc, "application/json"),
        links,
    })
}

#[derive(Template)]
#[template(path = "ogc_conformance.html")]
struct ConformancePage<'a> {
    c: &'a Ctx,
    json: String,
    classes: Vec<String>,
}

fn conformance(c: &Ctx, doc: &Value) -> Response {
    render(&ConformancePage {
        c,
        json: json_link(doc, "application/json"),
        classes: doc["conformsTo"]
            .as_array()
            .map(|l| l.iter().map(text).collect())
            .unwrap_or_default(),
    })
}

struct CollectionView {
    id: String,
    title: String,
    description: String,
    /// This collection's page.
    href: String,
    /// Its items' page, and their GeoJSON.
    items: String,
    geojson: String,
    /// The extent, "min lon, min lat – max lon, max lat", when the collection states one.
    extent: Option<String>,
}

fn collection_view(c: &Ctx, v: &Value) -> CollectionView {
    let id = text(&v["id"]);
    let (title, description) = title(c, v);
    let extent = v["extent"]["spatial"]["bbox"][0]
        .as_array()
        .filter(|b| b.len() == 4)
        .map(|b| {
            let n: Vec<String> = b.iter().map(text).collect();
            format!("{} – {}", n[..2].join(", "), n[2..].join(", "))
        });
    CollectionView {
        href: with_f(&format!("{HTML_BASE}/collections/{id}"), "html"),
        items: with_f(&format!("{HTML_BASE}/collections/{id}/items"), "html"),
        geojson: format!("{HTML_BASE}/collections/{id}/items?f=json"),
        id,
        title,
        description,
        extent,
    }
}

#[derive(Template)]
#[template(path = "ogc_collections.html")]
struct CollectionsPage<'a> {
    c: &'a Ctx,
    json: String,
    collections: Vec<CollectionView>,
}

fn collections(c: &Ctx, doc: &Value) -> Response {
    render(&CollectionsPage {
        c,
        json: json_link(doc, "application/json"),
        collections: doc["collections"]
            .as_array()
            .map(|l| l.iter().map(|v| collection_view(c, v)).collect())
            .unwrap_or_default(),
    })
}

#[derive(Template)]
#[template(path = "ogc_collection.html")]
struct CollectionPage<'a> {
    c: &'a Ctx,
    json: String,
    collection: CollectionView,
}

fn collection(c: &Ctx, doc: &Value) -> Response {
    render(&CollectionPage {
        c,
        json: json_link(doc, "application/json"),
        collection: collection_view(c, doc),
    })
}

struct Row {
    id: String,
    href: String,
    cells: Vec<String>,
}

/// How far (in degrees, about 20 m) and to how many decimals (about 1 m) the page's map
/// simplifies the features' outlines: a page's map shows a commune in a few hundred pixels,
/// and every surveyed vertex would make the page megabytes. The JSON keeps them all.
const MAP_TOLERANCE: f64 = 0.0002;
const MAP_DECIMALS: i32 = 5;

/// A feature's geometry as the page's map draws it (see [`MAP_TOLERANCE`]); unchanged when it
/// is not GeoJSON or too small to survive the simplification.
fn for_map(geometry: &Value) -> Value {
    use geojson::GeometryValue;
    let Ok(g) = serde_json::from_value::<geojson::Geometry>(geometry.clone()) else {
        return geometry.clone();
    };
    let simplified = plantrack_gis::simplify::simplify(&g.value, MAP_TOLERANCE, MAP_DECIMALS);
    let collapsed = match &simplified {
        GeometryValue::Polygon { coordinates } => coordinates.is_empty(),
        GeometryValue::MultiPolygon { coordinates } => coordinates.is_empty(),
        _ => false,
    };
    if collapsed {
        return geometry.clone();
    }
    serde_json::to_value(geojson::Geometry::new(simplified)).unwrap_or_else(|_| geometry.clone())
}

/// The order the built-in collections' properties are shown in (the JSON's keys come sorted
/// by name); a layer's come as its features have them.
const PROPERTY_ORDER: [&str; 14] = [
    "code",
    "name",
    "full_name",
    "kind",
    "province",
    "area_km2",
    "zone",
    "category",
    "unit_code",
    "unit_name",
    "plan_type",
    "dossier",
    "approved_on",
    "sha256",
];

/// `keys` in the order a person reads them ([`PROPERTY_ORDER`] first, the rest as met).
fn in_reading_order(collection: &str, keys: &mut [String]) {
    if matches!(collection, "units" | "landuse") {
        keys.sort_by_key(|k| {
            PROPERTY_ORDER
                .iter()
                .position(|p| p == k)
                .unwrap_or(PROPERTY_ORDER.len())
        });
    }
}

/// A property's name as the reader reads it: the built-in collections' properties have
/// theirs in the Fluent files; a layer's are its department's own and are shown as given.
fn property_label(c: &Ctx, collection: &str, key: &str) -> String {
    let message = match (collection, key) {
        ("units", "code") => "ogc-prop-code",
        ("units", "name") => "ogc-prop-name",
        ("units", "full_name") => "ogc-prop-full-name",
        ("units", "kind") => "unit-kind",
        ("units", "province") => "ogc-prop-province",
        ("units", "area_km2") => "ogc-prop-area-km2",
        ("landuse", "zone") => "landuse-zone",
        ("landuse", "category") => "ogc-prop-category",
        ("landuse", "dossier") => "ogc-prop-dossier",
        ("landuse", "unit_code") => "ogc-prop-unit-code",
        ("landuse", "unit_name") => "ogc-prop-unit-name",
        ("landuse", "plan_type") => "ogc-prop-plan-type",
        ("landuse", "approved_on") => "ogc-prop-approved-on",
        ("landuse", "sha256") => "ogc-prop-sha256",
        _ => return key.to_owned(),
    };
    c.t(message)
}

/// A property's value as the reader reads it: names for the built-in collections' codes
/// (unit kind, land-use category, plan type), dates as dd/mm/yyyy, decimals in the reader's
/// way; anything else as the document has it.
fn property_value(c: &Ctx, collection: &str, key: &str, v: &Value) -> String {
    let named = match (collection, key, v) {
        ("units", "kind", Value::String(s)) => c.lang.try_t(&format!("unit-kind-{s}")),
        ("units", "area_km2", Value::Number(n)) => {
            n.as_f64().map(|x| crate::format::decimal(x, c.lang))
        }
        ("landuse", "category", Value::String(s)) => Some(crate::i18n::landuse_name(c.lang, s)),
        ("landuse", "plan_type", Value::String(s)) => c.lang.try_t(&format!("plan-type-{s}")),
        ("landuse", "approved_on", Value::String(s)) => {
            s.parse::<chrono::NaiveDate>().ok().map(crate::format::date)
        }
        _ => None,
    };
    named.unwrap_or_else(|| text(v))
}

/// Features as table rows under the union of their property names (in the order met, named
/// in the reader's language), and as the map's GeoJSON (simplified geometry, id and the
/// feature page's address).
fn table(
    c: &Ctx,
    collection: &CollectionView,
    features: &[Value],
) -> (Vec<String>, Vec<Row>, String) {
    let mut keys: Vec<String> = Vec::new();
    for f in features {
        for key in f["properties"]
            .as_object()
            .into_iter()
            .flat_map(|p| p.keys())
        {
            if !keys.contains(key) {
                keys.push(key.clone());
            }
        }
    }
    in_reading_order(&collection.id, &mut keys);
    let rows: Vec<Row> = features
        .iter()
        .map(|f| {
            let id = text(&f["id"]);
            Row {
                href: with_f(&item_url(HTML_BASE, &collection.id, &id), "html"),
                cells: keys
                    .iter()
                    .map(|k| property_value(c, &collection.id, k, &f["properties"][k.as_str()]))
                    .collect(),
                id,
            }
        })
        .collect();
    let map = json!({
        "type": "FeatureCollection",
        "features": features.iter().zip(&rows).map(|(f, r)| json!({
            "type": "Feature", "id": r.id, "geometry": for_map(&f["geometry"]), "properties": {"href": r.href},
        })).collect::<Vec<_>>(),
    });
    let columns = keys
        .iter()
        .map(|k| property_label(c, &collection.id, k))
        .collect();
    (columns, rows, map.to_string())
}

#[derive(Template)]
#[template(path = "ogc_items.html")]
struct ItemsPage<'a> {
    c: &'a Ctx,
    json: String,
    collection: CollectionView,
    summary: String,
    columns: Vec<String>,
    rows: Vec<Row>,
    prev: Option<String>,
    next: Option<String>,
    map: String,
    tiles: String,
}

fn items(c: &Ctx, collection: &Value, doc: &Value, tiles: Option<&str>) -> Response {
    let collection = collection_view(c, collection);
    let features = doc["features"].as_array().map_or(&[][..], Vec::as_slice);
    let (columns, rows, map) = table(c, &collection, features);
    let matched = doc["numberMatched"].as_i64().unwrap_or(0);
    let first = href(doc, "self", "application/geo+json")
        .and_then(|h| {
            h.split(['?', '&'])
                .find_map(|kv| kv.strip_prefix("offset=")?.parse::<i64>().ok())
        })
        .unwrap_or(0);
    let summary = c.lang.t_args(
        "ogc-items-shown",
        &[
            ("from", (first + 1).min(matched).into()),
            ("to", (first + rows.len() as i64).into()),
            ("matched", matched.into()),
        ],
    );
    let page = |rel| href(doc, rel, "application/geo+json").map(|h| with_f(&h, "html"));
    render(&ItemsPage {
        c,
        json: json_link(doc, "application/geo+json"),
        summary,
        columns,
        prev: page("prev"),
        next: page("next"),
        rows,
        map,
        tiles: tiles.unwrap_or_default().to_owned(),
        collection,
    })
}

#[derive(Template)]
#[template(path = "ogc_item.html")]
struct ItemPage<'a> {
    c: &'a Ctx,
    json: String,
    collection: CollectionView,
    id: String,
    properties: Vec<(String, String)>,
    map: String,
    tiles: String,
}

fn item(c: &Ctx, collection: &Value, feature: &Value, tiles: Option<&str>) -> Response {
    let collection = collection_view(c, collection);
    let (_, rows, map) = table(c, &collection, std::slice::from_ref(feature));
    render(&ItemPage {
        c,
        json: json_link(feature, "application/geo+json"),
        id: rows.first().map(|r| r.id.clone()).unwrap_or_default(),
        properties: {
            let p = &feature["properties"];
            let mut keys: Vec<String> = p
                .as_object()
                .map(|p| p.keys().cloned().collect())
                .unwrap_or_default();
            in_reading_order(&collection.id, &mut keys);
            keys.iter()
                .map(|k| {
                    (
                        property_label(c, &collection.id, k),
                        property_value(c, &collection.id, k, &p[k.as_str()]),
                    )
                })
                .collect()
        },
        map,
        tiles: tiles.unwrap_or_default().to_owned(),
        collection,
    })
}
