//! An address with no page behind it (`/dossier/10` for `/dossiers/10`): a browser gets a
//! page in the reader's language with the way back to the start page; API, OGC and asset
//! clients keep the problem document they parse.

use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::{Ctx, ErrorPage, render};
use crate::AppState;
use crate::i18n::Lang;

/// The router's fallback: an HTML page for a browser asking for a page, else the problem.
pub async fn not_found(lang: Lang, State(state): State<AppState>, req: Request) -> Response {
    let (mut parts, _) = req.into_parts();
    if !wants_page(&parts) {
        return crate::error::not_found(lang).await;
    }
    // A session that cannot be read still gets the page, as someone not signed in.
    let ctx = match Ctx::from_request_parts(&mut parts, &state).await {
        Ok(ctx) => ctx,
        Err(e) => *e.ctx,
    };
    let page = ErrorPage {
        c: &ctx,
        status: StatusCode::NOT_FOUND.as_u16(),
        title: ctx.t("page-not-found-title"),
        detail: ctx.t("page-not-found-detail"),
    };
    (StatusCode::NOT_FOUND, render(&page)).into_response()
}

/// A browser's request for a page: it accepts HTML and its path is not a machine's.
fn wants_page(parts: &Parts) -> bool {
    let path = parts.uri.path();
    let machine = ["/api/", "/ogc", "/assets/"]
        .iter()
        .any(|p| path.starts_with(p))
        || path == "/api";
    let accepts_html = parts
        .headers
        .get_all(header::ACCEPT)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|v| v.contains("text/html"));
    accepts_html && !machine
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(path: &str, accept: &str) -> Parts {
        let (parts, ()) = axum::http::Request::builder()
            .uri(path)
            .header(header::ACCEPT, accept)
            .body(())
            .unwrap()
            .into_parts();
        parts
    }

    #[test]
    fn only_a_browser_asking_for_a_page_gets_one() {
        let browser = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8";
        assert!(wants_page(&parts("/dossier/10", browser)));
        assert!(!wants_page(&parts("/dossier/10", "application/json")));
        assert!(!wants_page(&parts("/api/v1/nope", browser)));
        assert!(!wants_page(&parts("/api", browser)));
        assert!(!wants_page(&parts("/ogc/collections/nope", browser)));
        assert!(!wants_page(&parts("/assets/nope.css", browser)));
    }
}
