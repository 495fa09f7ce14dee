//! The dossier page's forms: each runs one command through the store's use case, as the
//! signed-in account, and on refusal shows the page again with the reason.

use axum::Form;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use plantrack_domain::workflow::CommandKind;
use plantrack_store::planning::Order;
use serde::Deserialize;

use super::page::build_page;
use crate::AppState;
use crate::error::ApiError;
use crate::format;
use crate::pages::{Ctx, PageError, render, see_other};

#[derive(Deserialize)]
pub struct AcceptForm {
    version: u64,
    reason: String,
    zone: String,
    constraint: String,
    layer: String,
    accepted_by: String,
}

/// Accepts a conflict of the land-use check, with who and why (kept in the history).
pub async fn accept_conflict(
    ctx: Ctx,
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(form): Form<AcceptForm>,
) -> Result<Response, PageError> {
    run_command(
        &ctx,
        &state,
        &headers,
        id,
        form.version,
        form.reason,
        CommandKind::AcceptConflict {
            zone: form.zone,
            constraint: form.constraint,
            layer: form.layer,
            accepted_by: form.accepted_by,
        },
    )
    .await
}

#[derive(Deserialize)]
pub struct CommandForm {
    version: u64,
    reason: String,
    action: Option<String>,
    new_due_on: Option<String>,
    approver: Option<String>,
}

/// Runs one command from a form as the signed-in account; on refusal, shows the dossier page
/// again with the reason (and the status the API would give).
pub async fn run_command(
    ctx: &Ctx,
    state: &AppState,
    headers: &HeaderMap,
    id: i64,
    version: u64,
    reason: String,
    kind: CommandKind,
) -> Result<Response, PageError> {
    match execute_form(ctx, state, id, version, reason, kind).await? {
        Ok(()) => Ok(see_other(headers, &format!("/dossiers/{id}"))),
        Err((status, message)) => {
            let page = build_page(ctx, state, id, Some(message)).await?;
            Ok((status, render(&page)).into_response())
        }
    }
}

/// Runs one command of a form as the signed-in account. One who may not act at all gets the
/// refusal page (the outer error); a refused command gives the status the API would and the
/// reason in the reader's words, for the form's page to show.
pub async fn execute_form(
    ctx: &Ctx,
    state: &AppState,
    id: i64,
    version: u64,
    reason: String,
    kind: CommandKind,
) -> Result<Result<(), (StatusCode, String)>, PageError> {
    ctx.principal()?;
    state
        .planning
        .may_act(ctx.caller(), id)
        .await
        .map_err(ctx.fail())?;
    let order = Order {
        expected_version: Some(version),
        actor: None,
        reason,
        effective_on: None,
        kind,
    };
    Ok(
        match state.planning.execute(ctx.caller(), id, order).await {
            Ok(_) => Ok(()),
            Err(e) => {
                let (status, problem) = ApiError::from(e).in_lang(ctx.lang).to_problem();
                Err((
                    status,
                    if problem.detail.is_empty() {
                        problem.title
                    } else {
                        format!("{}: {}", problem.title, problem.detail)
                    },
                ))
            }
        },
    )
}

pub async fn transition(
    ctx: Ctx,
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(form): Form<CommandForm>,
) -> Result<Response, PageError> {
    let action = form.action.unwrap_or_default();
    run_command(
        &ctx,
        &state,
        &headers,
        id,
        form.version,
        form.reason,
        CommandKind::Transition { action },
    )
    .await
}

pub async fn hold(
    ctx: Ctx,
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(form): Form<CommandForm>,
) -> Result<Response, PageError> {
    run_command(
        &ctx,
        &state,
        &headers,
        id,
        form.version,
        form.reason,
        CommandKind::Hold,
    )
    .await
}

pub async fn resume(
    ctx: Ctx,
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(form): Form<CommandForm>,
) -> Result<Response, PageError> {
    run_command(
        &ctx,
        &state,
        &headers,
        id,
        form.version,
        form.reason,
        CommandKind::Resume,
    )
    .await
}

pub async fn extend(
    ctx: Ctx,
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(form): Form<CommandForm>,
) -> Result<Response, PageError> {
    let new_due_on = form
        .new_due_on
        .as_deref()
        .and_then(format::parse_date)
        .ok_or_else(|| ctx.error(ApiError::bad_request("new_due_on", ctx.t("invalid-date"))))?;
    let approver = form.approver.unwrap_or_default();
    run_command(
        &ctx,
        &state,
        &headers,
        id,
        form.version,
        form.reason,
        CommandKind::ExtendDeadline {
            new_due_on,
            approver,
        },
    )
    .await
}
