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

/// Features as table rows under the union of their property names (in the order met), and
/// as the map's GeoJSON (geometry, id and the feature page's address).
fn table(collection: &CollectionView, features: &[Value]) -> (Vec<String>, Vec<Row>, String) {
    let mut columns: Vec<String> = Vec::new();
    for f in features {
        for key in f["properties"]
            .as_object()
            .into_iter()
            .flat_map(|p| p.keys())
        {
            if !columns.contains(key) {
                columns.push(key.clone());
            }
        }
    }
    let rows: Vec<Row> = features
        .iter()
        .map(|f| {
            let id = text(&f["id"]);
            Row {
                href: with_f(&item_url(HTML_BASE, &collection.id, &id), "html"),
                cells: columns
                    .iter()
                    .map(|k| text(&f["properties"][k.as_str()]))
                    .collect(),
                id,
            }
        })
        .collect();
    let map = json!({
        "type": "FeatureCollection",
        "features": features.iter().zip(&rows).map(|(f, r)| json!({
            "type": "Feature", "id": r.id, "geometry": f["geometry"], "properties": {"href": r.href},
        })).collect::<Vec<_>>(),
    });
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
    let (columns, rows, map) = table(&collection, features);
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
    let (_, rows, map) = table(&collection, std::slice::from_ref(feature));
    render(&ItemPage {
        c,
        json: json_link(feature, "application/geo+json"),
        id: rows.first().map(|r| r.id.clone()).unwrap_or_default(),
        properties: feature["properties"]
            .as_object()
            .map(|p| p.iter().map(|(k, v)| (k.clone(), text(v))).collect())
            .unwrap_or_default(),
        map,
        tiles: tiles.unwrap_or_default().to_owned(),
        collection,
    })
}
