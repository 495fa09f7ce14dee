//! What holds a dossier back and what its commune was directed to do, on the dossier's page
//! and its commune's page, with the information requests about it; and the forms that record
//! a blocker or lift one, ask a department for information or withdraw a request. A refusal
//! shows the dossier page again with why, as the other dossier forms do.

use axum::Form;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use plantrack_domain::follow_up::{BlockerCategory, InformationTopic, TaskStatus};
use plantrack_store::follow_up::{Blocker, NewBlocker, NewInformationRequest, Withdrawal};
use plantrack_store::planning::DossierFollowUp;
use serde::Deserialize;

use super::page::build_page;
use crate::AppState;
use crate::error::ApiError;
use crate::format::date;
use crate::pages::follow_up::{TaskRow, row};
use crate::pages::{Ctx, PageError, parse_day, render, repeated, see_other};

/// One blocker as the page shows it.
pub struct BlockerRow {
    pub id: i64,
    /// The category's message key (`blocker-category-…`).
    pub category_key: String,
    pub organisation: String,
    pub since_on: String,
    pub note: String,
    /// The day it was lifted, empty while it holds.
    pub lifted_on: String,
}

/// The follow-up section of a dossier: its blockers (holding first) and its commune's tasks
/// still to do or done late.
pub struct FollowUpPanel {
    pub dossier_id: i64,
    pub holding: Vec<BlockerRow>,
    pub lifted: Vec<BlockerRow>,
    pub may_record: bool,
    pub tasks: Vec<TaskRow>,
    /// Each category the record form offers: its value and message key.
    pub categories: Vec<(&'static str, String)>,
    /// The information requests about the dossier, and whether the reader may withdraw each.
    pub requests: Vec<(crate::pages::information_requests::RequestRow, bool)>,
    /// The departments the reader may ask about the dossier (none: no form).
    pub departments: Vec<(i64, String)>,
    /// The topics a request may ask about: value, label key.
    pub topics: Vec<(&'static str, String)>,
}

fn blocker_row(b: &Blocker) -> BlockerRow {
    BlockerRow {
        id: b.id,
        category_key: category_key(b.category),
        organisation: b.organisation.clone().unwrap_or_default(),
        since_on: date(b.since_on),
        note: b.note.clone(),
        lifted_on: b.lifted_on.map(date).unwrap_or_default(),
    }
}

/// The message key of a blocker category's name (`blocker-category-…`).
pub(crate) fn category_key(c: BlockerCategory) -> String {
    format!("blocker-category-{}", c.as_str().replace('_', "-"))
}

impl FollowUpPanel {
    pub fn of(ctx: &Ctx, dossier_id: i64, f: &DossierFollowUp) -> Self {
        let (lifted, holding): (Vec<&Blocker>, Vec<&Blocker>) =
            f.blockers.iter().partition(|b| b.lifted_on.is_some());
        // What the commune still owes first, the done ones after, cancelled ones not at all.
        let mut tasks: Vec<_> = f
            .tasks
            .iter()
            .filter(|t| t.status != TaskStatus::Cancelled)
            .collect();
        tasks.sort_by_key(|t| (t.status == TaskStatus::Done, t.due_on, t.id));
        FollowUpPanel {
            dossier_id,
            holding: holding.into_iter().map(blocker_row).collect(),
            lifted: lifted.into_iter().map(blocker_row).collect(),
            may_record: f.may_record_blocker,
            tasks: tasks.into_iter().map(row).collect(),
            categories: BlockerCategory::ALL
                .into_iter()
                .map(|c| (c.as_str(), category_key(c)))
                .collect(),
            requests: f
                .requests
                .iter()
                .map(|r| {
                    (
                        crate::pages::information_requests::row(ctx, r),
                        f.withdrawable.contains(&r.id),
                    )
                })
                .collect(),
            departments: f.departments.clone(),
            topics: InformationTopic::ALL
                .into_iter()
                .map(|t| {
                    (
                        t.as_str(),
                        format!("request-topic-{}", t.as_str().replace('_', "-")),
                    )
                })
                .collect(),
        }
    }
}

/// The panel as HTML, to sit in the dossier page (`forms`: with the record and lift forms)
/// or in a plan of the commune's page, under a heading of the level given.
#[derive(askama::Template)]
#[template(path = "follow_up_panel.html")]
pub struct FollowUpSection<'a> {
    pub c: &'a Ctx,
    pub p: &'a FollowUpPanel,
    pub forms: bool,
    pub heading: &'static str,
}

impl FollowUpSection<'_> {
    /// The section's HTML; askama escaped every value in it.
    pub fn html(&self) -> String {
        askama::Template::render(self).unwrap_or_else(|e| {
            tracing::error!(error = %e, "follow-up section failed to render");
            String::new()
        })
    }
}

/// The panel for a dossier as the reader may see it.
pub async fn follow_up_panel(
    ctx: &Ctx,
    state: &AppState,
    dossier_id: i64,
) -> Result<FollowUpPanel, PageError> {
    let f = state
        .planning
        .dossier_follow_up(ctx.caller(), dossier_id)
        .await
        .map_err(ctx.fail())?;
    Ok(FollowUpPanel::of(ctx, dossier_id, &f))
}

#[derive(Debug, Deserialize)]
pub struct BlockerForm {
    pub category: String,
    pub note: String,
    #[serde(default)]
    pub since_on: Option<String>,
}

/// Records what holds the dossier back.
pub async fn record_blocker(
    ctx: Ctx,
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(form): Form<BlockerForm>,
) -> Result<Response, PageError> {
    ctx.principal()?;
    let Some(category) = BlockerCategory::ALL
        .into_iter()
        .find(|c| c.as_str() == form.category)
    else {
        return Err(ctx.error(ApiError::bad_request(
            "category",
            ctx.t("blocker-category-unknown"),
        )));
    };
    let since_on = parse_day(&ctx, "since_on", form.since_on.as_deref())?;
    let new = NewBlocker {
        category,
        organisation_id: None,
        since_on,
        note: form.note,
    };
    let result = state.planning.record_blocker(ctx.caller(), id, &new).await;
    finish(&ctx, &state, &headers, id, result.map(|_| ())).await
}

#[derive(Debug, Deserialize)]
pub struct LiftForm {
    pub dossier: i64,
    pub reason: String,
    #[serde(default)]
    pub on: Option<String>,
}

/// Lifts a blocker, as of the day given (today by default).
pub async fn lift_blocker(
    ctx: Ctx,
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(form): Form<LiftForm>,
) -> Result<Response, PageError> {
    ctx.principal()?;
    let on = parse_day(&ctx, "on", form.on.as_deref())?;
    let result = state
        .planning
        .lift_blocker(ctx.caller(), id, on, &form.reason)
        .await;
    finish(&ctx, &state, &headers, form.dossier, result.map(|_| ())).await
}

/// Back to the dossier; on refusal the dossier page again, with why and the API's status.
async fn finish(
    ctx: &Ctx,
    state: &AppState,
    headers: &HeaderMap,
    dossier_id: i64,
    result: Result<(), plantrack_store::StoreError>,
) -> Result<Response, PageError> {
    match result {
        Ok(()) => Ok(see_other(
            headers,
            &format!("/dossiers/{dossier_id}#blockers"),
        )),
        Err(e) => {
            let (status, problem) = ApiError::from(e).in_lang(ctx.lang).to_problem();
            let message = format!("{}: {}", problem.title, problem.detail);
            let page = build_page(ctx, state, dossier_id, Some(message)).await?;
            Ok((status, render(&page)).into_response())
        }
    }
}

/// Asks a department for sectoral information about the dossier (the form repeats `topic`).
pub async fn ask_information(
    ctx: Ctx,
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    ctx.principal()?;
    let value = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    let unknown = || {
        ctx.error(ApiError::bad_request(
            "department",
            ctx.t("meeting-form-unknown"),
        ))
    };
    let department_id = value("department")
        .and_then(|d| d.parse::<i64>().ok())
        .ok_or_else(unknown)?;
    let topics = repeated(&ctx, &pairs, "topic", InformationTopic::parse)?;
    let due_on = parse_day(&ctx, "due_on", value("due_on"))?;
    let new = NewInformationRequest {
        department_id,
        dossiers: vec![id],
        topics,
        text: value("text").unwrap_or_default().to_owned(),
        asked_on: None,
        due_on,
        requester_id: None,
    };
    let result = state.planning.ask_information(ctx.caller(), &new).await;
    finish(&ctx, &state, &headers, id, result.map(|_| ())).await
}

#[derive(Debug, Deserialize)]
pub struct WithdrawForm {
    pub dossier: i64,
    pub reason: String,
    pub version: i64,
}

/// Withdraws a request its organisation asked.
pub async fn withdraw_information(
    ctx: Ctx,
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(form): Form<WithdrawForm>,
) -> Result<Response, PageError> {
    ctx.principal()?;
    let w = Withdrawal {
        reason: form.reason,
        on: None,
        expected_version: Some(form.version),
    };
    let result = state
        .planning
        .withdraw_information_request(ctx.caller(), id, &w)
        .await;
    finish(&ctx, &state, &headers, form.dossier, result.map(|_| ())).await
}
