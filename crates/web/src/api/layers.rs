//! Sectoral layers: a department uploads a version of its layer (never replacing an older
//! one) and publishes it; the province's offices, communes and consultants read the list.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use plantrack_store::layers::{LayerRef, LayerSummary};
use serde::Deserialize;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{Body, Params, fail};
use crate::AppState;
use crate::auth::Auth;
use crate::error::Localized;
use crate::i18n::Lang;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list_layers, add_layer_version))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LayersQuery {
    /// The province (its code); the account's own by default.
    pub province: Option<String>,
}

/// The province's sectoral layers with their newest and newest published versions.
#[utoipa::path(get, path = "/layers", tag = "layers", params(LayersQuery), security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = Vec<LayerSummary>), (status = 401, body = crate::error::Problem),
              (status = 403, body = crate::error::Problem),
              (status = 422, description = "Not the code of a province", body = crate::error::Problem)))]
async fn list_layers(
    State(state): State<AppState>,
    lang: Lang,
    auth: Auth,
    Params(q): Params<LayersQuery>,
) -> Result<axum::Json<Vec<LayerSummary>>, Localized> {
    Ok(axum::Json(
        state
            .planning
            .layers(auth.caller(), q.province.as_deref())
            .await
            .map_err(fail(lang))?,
    ))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct LayerUpload {
    /// A short slug naming the layer, e.g. `quoc-phong`.
    pub key: String,
    pub name: String,
    /// Publish this version to communes and consultants (checks use published versions).
    #[serde(default)]
    pub publish: bool,
    /// An RFC 7946 FeatureCollection of polygons, each with a constraint `category`.
    #[schema(value_type = Object)]
    pub content: serde_json::Value,
}

/// Add a version of the account's department's layer (created by its first version).
#[utoipa::path(post, path = "/layers", tag = "layers", request_body = LayerUpload, security(("bearer" = []), ("session" = [])),
    responses((status = 201, body = LayerRef), (status = 401, body = crate::error::Problem),
              (status = 403, body = crate::error::Problem), (status = 422, body = crate::error::Problem)))]
async fn add_layer_version(
    State(state): State<AppState>,
    lang: Lang,
    auth: Auth,
    Body(req): Body<LayerUpload>,
) -> Result<Response, Localized> {
    let added = state
        .planning
        .add_layer_version(
            auth.caller(),
            req.key,
            req.name,
            req.content.to_string(),
            req.publish,
        )
        .await
        .map_err(fail(lang))?;
    Ok((StatusCode::CREATED, axum::Json(added)).into_response())
}
