//! The HTTP face of plantrack: a JSON API under `/api/v1`, described by an OpenAPI 3.1
//! document generated from the handlers (`/api/openapi.json`), with RFC 9457 problem+json
//! errors. Handlers are thin: they parse, call [`plantrack_store::Planning`], and shape JSON.

pub mod api;
pub mod appraisal_report;
pub mod assets;
pub mod auth;
pub mod client;
pub mod consultation_letters;
pub mod consultation_table;
pub mod cookies;
mod document_words;
pub mod documents;
pub mod error;
pub mod format;
pub mod i18n;
pub mod meeting_papers;
mod multipart_token;
pub mod ogc;
pub mod pages;
mod progress_appraisal;
mod progress_consultation;
pub mod progress_document;
mod progress_money;

use std::time::Duration;

use axum::Router;
use axum::http::{HeaderName, Request};
use plantrack_store::Planning;
use plantrack_store::blobs::BlobStore;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;

/// Shared state of every handler.
#[derive(Clone, Debug)]
pub struct AppState {
    pub planning: Planning,
    /// Where uploaded documents are kept.
    pub documents: BlobStore,
    /// A base-map tile URL template (`https://…/{z}/{x}/{y}.png`) for the dashboard map; none
    /// by default, because a provincial intranet may have no internet.
    pub map_tiles: Option<String>,
    /// Proxies whose `X-Forwarded-For` names the client (`serve --trusted-proxies`); none by
    /// default, so a client cannot choose the address its sign-ins are counted against.
    pub trusted_proxies: std::sync::Arc<[ipnet::IpNet]>,
}

impl AppState {
    pub fn new(planning: Planning, documents: BlobStore) -> Self {
        AppState {
            planning,
            documents,
            map_tiles: None,
            trusted_proxies: std::sync::Arc::new([]),
        }
    }
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "plantrack API",
        description = "Tracks the statutory preparation of land-use plans across a province's communes.\n\n\
            Every refusal is an RFC 9457 problem document (`application/problem+json`) in the \
            reader's language (`Accept-Language` or `?lang=`: vi, en, id). Text anywhere in a \
            request — path, query or body — must not contain NUL (U+0000): no text column \
            stores it, so such a request is refused with 400 and nothing is kept.",
        license(name = "MIT OR Apache-2.0")
    ),
    tags(
        (name = "units", description = "Administrative units and their lineage"),
        (name = "plans", description = "Plans and their dossiers"),
        (name = "dossiers", description = "Dossier state, history and commands"),
        (name = "appraisal", description = "Appraisal against the content checklist of the plan type"),
        (name = "progress", description = "Progress reports"),
        (name = "forecast", description = "Approval-date forecasts (a statistical estimate) and their backtest"),
        (name = "templates", description = "Statutory workflow templates"),
        (name = "calendar", description = "Working-day calendar"),
        (name = "decisions", description = "Provincial decisions"),
        (name = "session", description = "Signing in and out"),
        (name = "layers", description = "Sectoral constraint layers of the departments"),
        (name = "follow-up", description = "Review meetings, their directives and tasks, sectoral information requests, and what holds dossiers back")
    )
)]
struct ApiDoc;

/// The API routes and the OpenAPI document they describe: generated from the handlers'
/// annotations, then completed with the rules every operation follows ([`api::document`]).
pub fn api() -> (Router<AppState>, serde_json::Value) {
    let (routes, generated) = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .nest("/api/v1", api::router())
        .split_for_parts();
    let mut document = serde_json::to_value(generated).expect("the document is JSON");
    api::document::complete(&mut document);
    (routes, document)
}

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The whole application, ready to serve.
pub fn app(state: AppState) -> Router {
    // The upload routes take the document limit plus room for the form's other fields.
    let upload_limit = usize::try_from(state.documents.max_size)
        .unwrap_or(usize::MAX)
        .saturating_add(64 * 1024);
    let (api_routes, openapi) = api();
    let openapi = axum::body::Bytes::from(openapi.to_string());
    let csp =
        axum::http::HeaderValue::from_str(&content_security_policy(state.map_tiles.as_deref()))
            .unwrap_or(axum::http::HeaderValue::from_static("default-src 'self'"));
    Router::new()
        .merge(api_routes)
        .route(
            "/api/openapi.json",
            axum::routing::get(move || {
                let doc = openapi.clone();
                async move { ([(axum::http::header::CONTENT_TYPE, "application/json")], doc) }
            }),
        )
        .route("/healthz", axum::routing::get(api::health))
        .merge(pages::router(upload_limit))
        .merge(ogc::router())
        .route("/assets/{*path}", axum::routing::get(assets::serve_asset))
        .route("/favicon.ico", axum::routing::get(assets::serve_favicon))
        .fallback(pages::not_found::not_found)
        .method_not_allowed_fallback(api::method_not_allowed)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            refresh_settings,
        ))
        .with_state(state)
        .layer(axum::middleware::from_fn(api::refuse_nul))
        .layer(axum::middleware::from_fn(auth::csrf_guard))
        .layer(axum::middleware::from_fn(error::problem_request_id))
        .layer(axum::middleware::from_fn(security_headers))
        .layer(axum::middleware::map_response(
            move |mut response: axum::response::Response| {
                let csp = csp.clone();
                async move {
                    response
                        .headers_mut()
                        .entry("content-security-policy")
                        .or_insert(csp);
                    response
                }
            },
        ))
        .layer(CatchPanicLayer::custom(error::panic_response))
        // Pages, map data and scripts shrink to a fraction over the wire.
        .layer(tower_http::compression::CompressionLayer::new())
        // The extractors turn an oversized body into a problem document (413).
        .layer(axum::extract::DefaultBodyLimit::max(2 * 1024 * 1024))
        .layer(
            TraceLayer::new_for_http().make_span_with(|req: &Request<_>| {
                let id = req
                    .headers()
                    .get(&REQUEST_ID)
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("-");
                tracing::info_span!("http", method = %req.method(), uri = %req.uri(), request_id = %id)
            }),
        )
        .layer(PropagateRequestIdLayer::new(REQUEST_ID))
        .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(60),
        ))
}

/// Before a request is handled, the templates and calendars are read again if another server
/// (or the command line) changed them: several servers behind one database count deadlines
/// alike. Assets need neither.
async fn refresh_settings(
    axum::extract::State(state): axum::extract::State<AppState>,
    req: Request<axum::body::Body>,
    next: axum::middleware::Next,
) -> axum::response::Response {
    if !req.uri().path().starts_with("/assets/")
        && let Err(e) = state.planning.refresh_settings().await
    {
        // The copy in memory is still a valid one: serve with it, and say so in the log.
        tracing::warn!(error = %e, "templates and calendars could not be checked for changes");
    }
    next.run(req).await
}

/// Headers every response carries. The content security policy allows scripts and styles from
/// this server only — no inline script — so that injected markup cannot run.
async fn security_headers(
    req: Request<axum::body::Body>,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::http::HeaderValue;
    let mut response = next.run(req).await;
    let headers = response.headers_mut();
    for (name, value) in [
        ("x-content-type-options", "nosniff"),
        ("x-frame-options", "DENY"),
        ("referrer-policy", "same-origin"),
        ("cross-origin-opener-policy", "same-origin"),
        (
            "permissions-policy",
            "camera=(), microphone=(), geolocation=()",
        ),
    ] {
        headers
            .entry(name)
            .or_insert(HeaderValue::from_static(value));
    }
    response
}

/// The content security policy: scripts, styles and everything else from this server only —
/// no inline script — so that injected markup cannot run and nothing is fetched from
/// elsewhere; images also from the base-map tile server, when one is configured.
pub fn content_security_policy(map_tiles: Option<&str>) -> String {
    let tiles = map_tiles
        .and_then(|url| {
            let (scheme, rest) = url.split_once("://")?;
            let host = rest.split('/').next()?;
            // Leaflet's `{s}` subdomain placeholder becomes a wildcard.
            Some(format!(" {scheme}://{}", host.replace("{s}", "*")))
        })
        .unwrap_or_default();
    format!(
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:{tiles}; \
         object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
    )
}

/// Serves `app` on `listener` until ctrl-c.
pub async fn serve(listener: tokio::net::TcpListener, state: AppState) -> std::io::Result<()> {
    // The peer's address goes with each request: sign-ins are counted per client address.
    let app = app(state).into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, app)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
}
