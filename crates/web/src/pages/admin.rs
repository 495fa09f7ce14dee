//! The administrator's page: accounts, API tokens (revocable) and the history's audit.

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use plantrack_domain::access::{self, AdminAction};
use plantrack_store::accounts::{TokenInfo, User};
use plantrack_store::audit::AuditReport;
use serde::Deserialize;

use super::{Ctx, PageError, render, see_other};
use crate::AppState;
use crate::error::ApiError;
use crate::format;

#[derive(Template)]
#[template(path = "admin.html")]
struct AdminPage<'a> {
    c: &'a Ctx,
    users: Vec<User>,
    tokens: Vec<TokenInfo>,
    audit: Option<AuditReport>,
}

impl AdminPage<'_> {
    fn when(&self, t: &chrono::DateTime<chrono::Utc>) -> String {
        format::timestamp(*t)
    }
    fn role(&self, u: &User) -> String {
        self.c.t(&format!("role-{}", u.role.as_str()))
    }
}

fn allow(ctx: &Ctx, action: AdminAction) -> Result<(), PageError> {
    access::administer(ctx.user.as_ref(), action).map_err(|d| ctx.error(ApiError::from(d)))
}

async fn page(
    ctx: &Ctx,
    state: &AppState,
    audit: Option<AuditReport>,
) -> Result<Response, PageError> {
    let db = &state.planning.db;
    let users = db.users().await.map_err(ctx.fail())?;
    let tokens = db.tokens(None).await.map_err(ctx.fail())?;
    Ok(render(&AdminPage {
        c: ctx,
        users,
        tokens,
        audit,
    }))
}

pub async fn admin_page(ctx: Ctx, State(state): State<AppState>) -> Result<Response, PageError> {
    allow(&ctx, AdminAction::ManageAccounts)?;
    page(&ctx, &state, None).await
}

/// Re-hashes every dossier's history and shows the first broken link, if any.
pub async fn verify_audit(ctx: Ctx, State(state): State<AppState>) -> Result<Response, PageError> {
    allow(&ctx, AdminAction::VerifyAudit)?;
    allow(&ctx, AdminAction::ManageAccounts)?;
    let report = state
        .planning
        .db
        .verify_history(&mut |_| {})
        .await
        .map_err(ctx.fail())?;
    page(&ctx, &state, Some(report)).await
}

#[derive(Deserialize)]
pub struct Empty {}

pub async fn disable_user(
    ctx: Ctx,
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(username): Path<String>,
    Form(_): Form<Empty>,
) -> Result<Response, PageError> {
    allow(&ctx, AdminAction::ManageAccounts)?;
    state
        .planning
        .db
        .disable_user(&username)
        .await
        .map_err(ctx.fail())?;
    Ok(see_other(&headers, "/admin"))
}

pub async fn revoke_token(
    ctx: Ctx,
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(_): Form<Empty>,
) -> Result<Response, PageError> {
    allow(&ctx, AdminAction::ManageAccounts)?;
    state
        .planning
        .db
        .revoke_token(id)
        .await
        .map_err(ctx.fail())?;
    Ok(see_other(&headers, "/admin"))
}
