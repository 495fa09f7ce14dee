//! The upload form and the download link of the dossier page.

use axum::extract::{Multipart, Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};

use super::dossiers::build_page;
use super::{Ctx, PageError, render, see_other};
use crate::AppState;
use crate::documents;

pub async fn upload_form(
    ctx: Ctx,
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    multipart: Multipart,
) -> Result<Response, PageError> {
    ctx.principal()?;
    match documents::receive(&state, ctx.caller(), id, multipart).await {
        Ok(_) => Ok(see_other(&headers, &format!("/dossiers/{id}"))),
        Err(e) => {
            let (status, problem) = e.in_lang(ctx.lang).to_problem();
            let message = if problem.detail.is_empty() {
                problem.title
            } else {
                format!("{}: {}", problem.title, problem.detail)
            };
            let page = build_page(&ctx, &state, id, Some(message)).await?;
            Ok((status, render(&page)).into_response())
        }
    }
}

pub async fn download_page(
    ctx: Ctx,
    State(state): State<AppState>,
    Path((id, sha256)): Path<(i64, String)>,
) -> Result<Response, PageError> {
    documents::send(&state, ctx.caller(), id, &sha256)
        .await
        .map_err(|e| ctx.error(e))
}
