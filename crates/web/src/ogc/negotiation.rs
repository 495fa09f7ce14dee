//! Who asks and in which encoding the answer goes: the [`Ogc`] extractor (JSON or HTML by
//! `?f=` and the Accept header) and the one place a document becomes a response.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use plantrack_domain::access::Principal;
use serde_json::Value;

use super::{Doc, GEO_JSON, HTML, HTML_BASE, JSON, html};
use crate::AppState;
use crate::auth::Auth;
use crate::error::ApiError;
use crate::i18n::Lang;
use crate::pages::Ctx;

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
    pub(super) principal: Option<Principal>,
    lang: Lang,
    /// The page context when the reader gets HTML.
    page: Option<Ctx>,
    /// The `/ogc` address links start with: absolute for JSON, a path for HTML.
    pub(super) base: String,
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

impl Ogc {
    /// Whether the answer is a page for a person (HTML) rather than a client's document.
    pub(super) fn is_page(&self) -> bool {
        self.page.is_some()
    }

    pub(super) fn fail(&self, e: ApiError) -> Response {
        match &self.page {
            Some(ctx) => ctx.error(e).into_response(),
            None => e.in_lang(self.lang).into_response(),
        }
    }

    pub(super) fn reply(&self, state: &AppState, doc: Doc<'_>, value: Value) -> Response {
        match (&self.page, doc) {
            (Some(c), doc) => html::page(c, doc, &value, state.map_tiles.as_deref()),
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
}
