//! Workflow templates: read them, and load a province's own.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use plantrack_domain::workflow::Template;
use serde::Deserialize;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{Params, PathParam, RawBody, fail};
use crate::AppState;
use crate::auth::Auth;
use crate::error::{ApiError, Localized};
use crate::i18n::Lang;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_templates, load_template))
        .routes(routes!(get_template))
}

/// The latest version of every template.
#[utoipa::path(get, path = "/templates", tag = "templates", responses((status = 200, body = Vec<Template>)))]
async fn list_templates(State(state): State<AppState>) -> axum::Json<Vec<Template>> {
    axum::Json(
        state
            .planning
            .templates()
            .iter()
            .map(|t| t.as_ref().clone())
            .collect(),
    )
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct VersionQuery {
    /// A stored version; the latest when absent.
    #[param(format = Int64, maximum = 4294967295_u64)]
    pub version: Option<u32>,
}

/// One template, at a version or the latest.
#[utoipa::path(get, path = "/templates/{key}", tag = "templates", params(("key" = String, Path), VersionQuery),
    responses((status = 200, body = Template), (status = 404, body = crate::error::Problem)))]
async fn get_template(
    State(state): State<AppState>,
    lang: Lang,
    PathParam(key): PathParam<String>,
    Params(q): Params<VersionQuery>,
) -> Result<axum::Json<Template>, Localized> {
    let t = state
        .planning
        .template(&key, q.version)
        .map_err(fail(lang))?;
    Ok(axum::Json(t.as_ref().clone()))
}

/// Load a template from its TOML text (a province's own procedure, or a new version of one).
/// Stored versions never change: new text needs a new `version`.
#[utoipa::path(post, path = "/templates", tag = "templates", security(("bearer" = []), ("session" = [])),
    request_body(description = "The template's TOML text (UTF-8)",
        content((String = "application/toml"), (String = "text/plain"))),
    responses((status = 201, description = "Loaded", body = Template),
              (status = 200, description = "This very version was already loaded", body = Template),
              (status = 401, body = crate::error::Problem), (status = 403, body = crate::error::Problem),
              (status = 409, description = "Another text under a stored key and version", body = crate::error::Problem),
              (status = 422, description = "Not a valid workflow template; `detail` says why", body = crate::error::Problem)))]
async fn load_template(
    State(state): State<AppState>,
    lang: Lang,
    auth: Auth,
    headers: axum::http::HeaderMap,
    RawBody(body): RawBody,
) -> Result<Response, Localized> {
    let content_type = headers
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if !(content_type.starts_with("application/toml") || content_type.starts_with("text/plain")) {
        return Err(
            ApiError::bad_request("content-type", "send the template as application/toml")
                .in_lang(lang),
        );
    }
    let body = std::str::from_utf8(&body).map_err(|_| {
        ApiError::bad_request("body", "the template must be UTF-8 text").in_lang(lang)
    })?;
    if body.contains('\0') {
        return Err(
            ApiError::bad_request("body", "text must not contain NUL characters").in_lang(lang),
        );
    }
    let (template, load) = state
        .planning
        .load_template(auth.caller(), body)
        .await
        .map_err(fail(lang))?;
    let status = match load {
        plantrack_store::templates::TemplateLoad::Added => StatusCode::CREATED,
        plantrack_store::templates::TemplateLoad::AlreadyPresent => StatusCode::OK,
    };
    Ok((status, axum::Json(template)).into_response())
}
