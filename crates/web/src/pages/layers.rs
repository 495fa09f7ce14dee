//! The departments' layers: the list the province's offices, communes and consultants read,
//! and the upload form of the departments that own them.

use askama::Template;
use axum::extract::{Multipart, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use plantrack_domain::access::{self, AdminAction};
use plantrack_store::layers::{LayerSummary, NewLayerVersion};

use super::{Ctx, PageError, render, see_other};
use crate::AppState;
use crate::error::ApiError;

#[derive(Template)]
#[template(path = "layers.html")]
struct LayersPage<'a> {
    c: &'a Ctx,
    layers: Vec<LayerSummary>,
    can_upload: bool,
    error: Option<String>,
}

async fn page(ctx: &Ctx, state: &AppState, error: Option<String>) -> Result<Response, PageError> {
    let principal = ctx.principal()?;
    let layers = state
        .planning
        .db
        .layers(&principal.organisation.province_code)
        .await
        .map_err(ctx.fail())?;
    let status = if error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let view = LayersPage {
        c: ctx,
        layers,
        can_upload: access::administer(Some(principal), AdminAction::PublishLayer).is_ok(),
        error,
    };
    Ok((status, render(&view)).into_response())
}

pub async fn layers_page(ctx: Ctx, State(state): State<AppState>) -> Result<Response, PageError> {
    page(&ctx, &state, None).await
}

/// The layer upload: `key`, `name`, `publish` and the GeoJSON `file`.
pub async fn upload_layer(
    ctx: Ctx,
    State(state): State<AppState>,
    headers: HeaderMap,
    mut multipart: Multipart,
) -> Result<Response, PageError> {
    access::administer(ctx.user.as_ref(), AdminAction::PublishLayer)
        .map_err(|d| ctx.error(ApiError::from(d)))?;
    let principal = ctx.principal()?.clone();
    let (mut key, mut name, mut publish, mut content) = (String::new(), String::new(), false, None);
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => return page(&ctx, &state, Some(e.body_text())).await,
        };
        let field_name = field.name().unwrap_or_default().to_owned();
        let text = match field.text().await {
            Ok(t) => t,
            Err(e) => return page(&ctx, &state, Some(e.body_text())).await,
        };
        match field_name.as_str() {
            "key" => key = text.trim().to_owned(),
            "name" => name = text,
            "publish" => publish = !text.is_empty(),
            "file" => content = Some(text),
            _ => {}
        }
    }
    let Some(content) = content.filter(|c| !c.trim().is_empty()) else {
        return page(&ctx, &state, Some(ctx.t("layers-no-file"))).await;
    };
    let new = NewLayerVersion {
        key,
        name,
        province_code: principal.organisation.province_code.clone(),
        owner_org_id: principal.organisation.id,
        content,
        uploaded_by: principal.display_name.clone(),
        publish,
    };
    match state
        .planning
        .db
        .add_layer_version(&new, &plantrack_gis::check::rules::Rules::default_rules())
        .await
    {
        Ok(_) => Ok(see_other(&headers, "/layers")),
        Err(e) => {
            let (_, problem) = ApiError::from(e).in_lang(ctx.lang).to_problem();
            page(
                &ctx,
                &state,
                Some(format!("{}: {}", problem.title, problem.detail)),
            )
            .await
        }
    }
}
