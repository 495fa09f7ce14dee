//! An account's own API tokens: every account makes, lists and revokes its own (a token acts
//! as its holder, so nobody else makes one for a person; see `access::create_token`).

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use plantrack_store::accounts::TokenInfo;
use serde::Deserialize;

use super::{Ctx, PageError, render, see_other};
use crate::AppState;
use crate::error::ApiError;
use crate::format;

#[derive(Template)]
#[template(path = "own_tokens.html")]
struct OwnTokensPage<'a> {
    c: &'a Ctx,
    tokens: Vec<TokenInfo>,
    /// A new token's number and secret, shown once.
    secret: Option<(i64, String)>,
    error: Option<String>,
}

impl OwnTokensPage<'_> {
    fn when(t: &chrono::DateTime<chrono::Utc>) -> String {
        format::timestamp(*t)
    }
}

async fn page(
    ctx: &Ctx,
    state: &AppState,
    status: StatusCode,
    secret: Option<(i64, String)>,
    error: Option<String>,
) -> Result<Response, PageError> {
    let me = ctx.principal()?;
    let tokens = state
        .planning
        .tokens(ctx.caller(), Some(me.user_id))
        .await
        .map_err(ctx.fail())?;
    let view = OwnTokensPage {
        c: ctx,
        tokens,
        secret,
        error,
    };
    Ok((status, render(&view)).into_response())
}

pub async fn own_tokens_page(
    ctx: Ctx,
    State(state): State<AppState>,
) -> Result<Response, PageError> {
    page(&ctx, &state, StatusCode::OK, None, None).await
}

#[derive(Deserialize)]
pub struct NewOwnTokenForm {
    label: String,
}

/// Makes a token for the signed-in account; its secret is shown once.
pub async fn create_own_token(
    ctx: Ctx,
    State(state): State<AppState>,
    Form(form): Form<NewOwnTokenForm>,
) -> Result<Response, PageError> {
    let me = ctx.principal()?.user_id;
    match state
        .planning
        .create_token(ctx.caller(), me, &form.label, chrono::Utc::now())
        .await
    {
        Ok((secret, info)) => {
            page(&ctx, &state, StatusCode::OK, Some((info.id, secret)), None).await
        }
        Err(e @ plantrack_store::StoreError::Domain(_)) => {
            let (status, problem) = ApiError::from(e).in_lang(ctx.lang).to_problem();
            let said = format!("{}: {}", problem.title, problem.detail);
            page(&ctx, &state, status, None, Some(said)).await
        }
        Err(e) => Err(ctx.error(e)),
    }
}

/// Revokes one of the account's own tokens.
pub async fn revoke_own_token(
    ctx: Ctx,
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(_): Form<super::admin::Empty>,
) -> Result<Response, PageError> {
    revoke_and_return(&ctx, &state, &headers, id, "/account/tokens").await
}

/// Revokes a token as the policy allows the caller (its own, or as the administrator), then
/// returns to the page the form was on.
pub(super) async fn revoke_and_return(
    ctx: &Ctx,
    state: &AppState,
    headers: &HeaderMap,
    id: i64,
    back: &str,
) -> Result<Response, PageError> {
    state
        .planning
        .revoke_token(ctx.caller(), id)
        .await
        .map_err(ctx.fail())?;
    Ok(see_other(headers, back))
}
