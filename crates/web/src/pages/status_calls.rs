//! The status call on the pages (issue 13, item 5): on the meeting's page, who answered, who
//! did not and whose stage disagrees with plantrack's; in a commune's inbox, the calls it has
//! not answered, each with its answer form.

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use plantrack_domain::follow_up::{BlockerCategory, ReplyState, StageCheck, StatusReport};
use plantrack_domain::plan::PlanType;
use plantrack_store::follow_up::{StatusCall, StatusCallSheet};
use serde::Deserialize;

use super::dossiers::category_key;
use super::follow_up::inbox;
use super::{Ctx, PageError, parse_day, render, see_other};
use crate::AppState;
use crate::error::ApiError;
use crate::format::date;

/// One commune's reply as a row.
pub struct ReplyRow {
    pub unit_code: String,
    pub organisation: String,
    pub state: &'static str,
    pub state_key: String,
    pub badge: &'static str,
    pub answered_on: String,
    pub stage_said: String,
    pub stage_recorded: String,
    pub differs: bool,
    pub next_step: String,
    pub blocker: String,
    pub comment: String,
}

/// A call with its replies counted.
pub struct CallView {
    pub id: i64,
    pub asked_on: String,
    pub due_on: String,
    pub note: String,
    pub answered: usize,
    pub late: usize,
    pub awaited: usize,
    pub missing: usize,
    pub differs: usize,
    pub rows: Vec<ReplyRow>,
}

#[derive(Template)]
#[template(path = "status_calls.html")]
struct CallsSection<'a> {
    c: &'a Ctx,
    calls: Vec<CallView>,
}

/// A stage's name in the reader's language, from the templates of the campaign.
fn stage_name(state: &AppState, ctx: &Ctx, plan_type: PlanType, key: &str) -> String {
    state
        .planning
        .templates()
        .iter()
        .filter(|t| t.plan_types.contains(&plan_type))
        .find_map(|t| t.stage(key).map(|s| s.name.get(ctx.lang).to_owned()))
        .unwrap_or_else(|| key.to_owned())
}

fn view(ctx: &Ctx, state: &AppState, sheet: &StatusCallSheet) -> CallView {
    let call = &sheet.call;
    let count = |s: ReplyState| sheet.replies.iter().filter(|r| r.state == s).count();
    let rows = sheet
        .replies
        .iter()
        .map(|r| {
            let report = r.report.as_ref();
            ReplyRow {
                unit_code: r.unit_code.clone(),
                organisation: r.organisation.clone(),
                state: r.state.as_str(),
                state_key: r.state.as_str().replace('_', "-"),
                badge: match r.state {
                    ReplyState::Answered => "ok",
                    ReplyState::AnsweredLate => "soon",
                    ReplyState::Awaited => "hold",
                    ReplyState::Missing => "late",
                },
                answered_on: r.answered_on.map(date).unwrap_or_default(),
                stage_said: report
                    .map(|x| stage_name(state, ctx, call.plan_type, &x.stage))
                    .unwrap_or_default(),
                stage_recorded: r.stage_recorded.as_deref().map_or_else(
                    || ctx.t("status-check-no-dossier"),
                    |s| stage_name(state, ctx, call.plan_type, s),
                ),
                differs: matches!(r.check, Some(StageCheck::Differs | StageCheck::NoDossier)),
                next_step: report
                    .and_then(|x| x.next_step_on)
                    .map(date)
                    .unwrap_or_default(),
                blocker: report
                    .and_then(|x| x.blocker)
                    .map(|b| ctx.t(&category_key(b)))
                    .unwrap_or_default(),
                comment: report.map(|x| x.comment.clone()).unwrap_or_default(),
            }
        })
        .collect::<Vec<_>>();
    CallView {
        id: call.id,
        asked_on: date(call.asked_on),
        due_on: date(call.due_on),
        note: call.note.clone(),
        answered: count(ReplyState::Answered),
        late: count(ReplyState::AnsweredLate),
        awaited: count(ReplyState::Awaited),
        missing: count(ReplyState::Missing),
        differs: rows.iter().filter(|r| r.differs).count(),
        rows,
    }
}

/// The meeting's status calls as HTML (askama escaped every value in it).
pub async fn meeting_status_calls(
    ctx: &Ctx,
    state: &AppState,
    meeting: &plantrack_store::follow_up::Meeting,
) -> Result<String, PageError> {
    let calls = state
        .planning
        .status_calls(ctx.caller(), Some(&meeting.province_code), Some(meeting.id))
        .await
        .map_err(ctx.fail())?;
    let mut views = Vec::new();
    for call in calls {
        let sheet = state
            .planning
            .status_call(ctx.caller(), call.id)
            .await
            .map_err(ctx.fail())?;
        views.push(view(ctx, state, &sheet));
    }
    Ok(html(&CallsSection {
        c: ctx,
        calls: views,
    }))
}

fn html(t: &impl Template) -> String {
    t.render().unwrap_or_else(|e| {
        tracing::error!(error = %e, "status call section failed to render");
        String::new()
    })
}

/// A call the reader's organisation has not answered, with what its form offers.
pub struct PendingCall {
    pub id: i64,
    pub due_on: String,
    pub overdue: bool,
    pub note: String,
    pub stages: Vec<(String, String)>,
    pub categories: Vec<(&'static str, String)>,
}

#[derive(Template)]
#[template(path = "status_call_forms.html")]
struct PendingSection<'a> {
    c: &'a Ctx,
    calls: Vec<PendingCall>,
}

fn pending(ctx: &Ctx, state: &AppState, call: &StatusCall) -> PendingCall {
    let stages = state
        .planning
        .templates()
        .iter()
        .find(|t| t.plan_types.contains(&call.plan_type))
        .map(|t| {
            t.stages
                .iter()
                .map(|s| (s.key.clone(), s.name.get(ctx.lang).to_owned()))
                .collect()
        })
        .unwrap_or_default();
    PendingCall {
        id: call.id,
        due_on: date(call.due_on),
        overdue: call.due_on < state.planning.today(),
        note: call.note.clone(),
        stages,
        categories: BlockerCategory::ALL
            .into_iter()
            .map(|c| (c.as_str(), category_key(c)))
            .collect(),
    }
}

/// The calls the reader's organisation has not answered, with their forms, as HTML.
pub async fn inbox_status_calls(ctx: &Ctx, state: &AppState) -> Result<String, PageError> {
    let calls = state
        .planning
        .unanswered_status_calls(ctx.caller())
        .await
        .map_err(ctx.fail())?;
    Ok(html(&PendingSection {
        c: ctx,
        calls: calls.iter().map(|c| pending(ctx, state, c)).collect(),
    }))
}

#[derive(Debug, Deserialize)]
pub struct AnswerForm {
    pub stage: String,
    #[serde(default)]
    pub next_step_on: Option<String>,
    #[serde(default)]
    pub blocker: Option<String>,
    #[serde(default)]
    pub comment: String,
}

/// A commune answers a status call from its inbox; a refusal shows the inbox again with why.
pub async fn answer(
    ctx: Ctx,
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(form): Form<AnswerForm>,
) -> Result<Response, PageError> {
    ctx.principal()?;
    let next_step_on = parse_day(&ctx, "next_step_on", form.next_step_on.as_deref())?;
    let blocker = match form
        .blocker
        .as_deref()
        .map(str::trim)
        .filter(|b| !b.is_empty())
    {
        None => None,
        Some(b) => Some(BlockerCategory::parse(b).ok_or_else(|| {
            ctx.error(ApiError::bad_request(
                "blocker",
                ctx.t("blocker-category-unknown"),
            ))
        })?),
    };
    let report = StatusReport {
        stage: form.stage,
        next_step_on,
        blocker,
        comment: form.comment,
    };
    match state
        .planning
        .answer_status_call(ctx.caller(), id, None, &report)
        .await
    {
        Ok(_) => Ok(see_other(&headers, "/inbox")),
        Err(e) => {
            let (status, problem) = ApiError::from(e).in_lang(ctx.lang).to_problem();
            let message = format!("{}: {}", problem.title, problem.detail);
            let page = inbox(&ctx, &state, Some(message)).await?;
            Ok((status, render(&page)).into_response())
        }
    }
}
