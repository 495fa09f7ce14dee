//! The landing page (`/ogc`) and the conformance declaration (`/ogc/conformance`).

use axum::extract::State;
use axum::response::Response;
use serde_json::json;

use super::{CONFORMANCE, Doc, JSON, Ogc, link, self_links};
use crate::AppState;

pub(super) async fn landing(State(state): State<AppState>, ogc: Ogc) -> Response {
    let b = &ogc.base;
    let api = format!("{}/api/openapi.json", b.strip_suffix("/ogc").unwrap_or(b));
    let [this, html] = self_links(b, JSON, "This document");
    let doc = json!({
        "title": "plantrack",
        "description": "Administrative units, land-use maps of approved plans and planning layers of the province, as OGC API – Features.",
        "links": [
            this,
            html,
            link(&api, "service-desc", "application/vnd.oai.openapi+json;version=3.0", "The API definition"),
            link(&format!("{b}/conformance"), "conformance", JSON, "Conformance classes"),
            link(&format!("{b}/collections"), "data", JSON, "Collections"),
        ],
    });
    ogc.reply(&state, Doc::Landing, doc)
}

pub(super) async fn conformance(State(state): State<AppState>, ogc: Ogc) -> Response {
    let doc = json!({
        "conformsTo": CONFORMANCE,
        "links": self_links(&format!("{}/conformance", ogc.base), JSON, "This document"),
    });
    ogc.reply(&state, Doc::Conformance, doc)
}
