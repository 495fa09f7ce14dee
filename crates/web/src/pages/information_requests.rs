//! The information requests pages (issue 13, item 4): the province's requests, filtered by
//! department (a department's own page), with each department's turnaround (median days to
//! answer, share late); and the requests in an organisation's inbox, where the department
//! answers or explains a delay.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use plantrack_domain::follow_up::RequestState;
use plantrack_store::follow_up::{
    DelayExplanation, DepartmentTurnaround, InformationAnswer, InformationRequest, RequestQuery,
};
use serde::Deserialize;

use super::{Ctx, PageError, parse_day, render, see_other};
use crate::AppState;
use crate::error::ApiError;
use crate::format::{date, decimal, percent};

/// Days ahead an inbox shows as "due soon".
const DUE_SOON_DAYS: u64 = 7;

/// One request as a row or a card.
pub struct RequestRow {
    pub id: i64,
    pub unit_code: String,
    pub requester: String,
    pub department: String,
    /// The topics in the reader's language, comma separated.
    pub topics: String,
    pub text: String,
    pub asked_on: String,
    pub due_on: String,
    pub state_key: String,
    pub badge: &'static str,
    pub late: bool,
    pub closed_on: String,
    pub expected_on: String,
    pub delay_note: String,
    pub answer: String,
    pub documents: String,
    pub version: i64,
}

pub(super) fn row(ctx: &Ctx, r: &InformationRequest) -> RequestRow {
    RequestRow {
        id: r.id,
        unit_code: r.unit_code.clone(),
        requester: r.requester.clone(),
        department: r.department.clone(),
        topics: r
            .topics
            .iter()
            .map(|t| ctx.tk("request-topic-", &t.as_str().replace('_', "-")))
            .collect::<Vec<_>>()
            .join(", "),
        text: r.text.clone(),
        asked_on: date(r.asked_on),
        due_on: date(r.due_on),
        state_key: r.state.as_str().replace('_', "-"),
        badge: match (r.state, r.late) {
            (RequestState::Answered, false) => "ok",
            (RequestState::Withdrawn, _) => "hold",
            (_, true) => "late",
            (_, false) => "soon",
        },
        late: r.late,
        closed_on: r.closed_on.map(date).unwrap_or_default(),
        expected_on: r.expected_on.map(date).unwrap_or_default(),
        delay_note: r.delay_note.clone(),
        answer: r.answer.clone(),
        documents: r.answer_documents.join("; "),
        version: r.version,
    }
}

/// The requests addressed to the signed-in organisation and still open: overdue, due within
/// [`DUE_SOON_DAYS`], the rest; each with its heading's key.
pub(super) async fn inbox_sections(
    ctx: &Ctx,
    state: &AppState,
) -> Result<Vec<(&'static str, Vec<RequestRow>)>, PageError> {
    let me = ctx.principal()?;
    let today = state.planning.today();
    let open = state
        .planning
        .information_requests(
            ctx.caller(),
            &RequestQuery {
                department: Some(me.organisation.id),
                open: true,
                ..RequestQuery::default()
            },
        )
        .await
        .map_err(ctx.fail())?;
    let soon_until = today + chrono::Days::new(DUE_SOON_DAYS);
    let section = |keep: &dyn Fn(&InformationRequest) -> bool| -> Vec<RequestRow> {
        open.iter()
            .filter(|r| keep(r))
            .map(|r| row(ctx, r))
            .collect()
    };
    Ok(vec![
        ("inbox-requests-overdue", section(&|r| r.late)),
        (
            "inbox-requests-due-soon",
            section(&|r| !r.late && r.due_on <= soon_until),
        ),
        (
            "inbox-requests-later",
            section(&|r| !r.late && r.due_on > soon_until),
        ),
    ])
}

pub struct TurnaroundRow {
    pub department_id: i64,
    pub department: String,
    pub count: u64,
    pub answered: u64,
    pub open: u64,
    pub late: u64,
    pub median_days: String,
    pub share_late: String,
}

/// Each department's turnaround as rows, numbers in the reader's way.
pub(super) fn turnaround_rows(
    ctx: &Ctx,
    departments: &[DepartmentTurnaround],
) -> Vec<TurnaroundRow> {
    departments
        .iter()
        .map(|d| {
            let t = &d.turnaround;
            TurnaroundRow {
                department_id: d.department_id,
                department: d.department.clone(),
                count: t.count,
                answered: t.answered,
                open: t.open,
                late: t.late,
                median_days: t
                    .median_days
                    .map_or_else(|| "—".into(), |m| decimal(m, ctx.lang)),
                share_late: t.share_late.map_or_else(|| "—".into(), percent),
            }
        })
        .collect()
}

#[derive(Debug, Deserialize)]
pub struct RequestsQuery {
    pub department: Option<i64>,
    pub as_of: Option<String>,
}

#[derive(Template)]
#[template(path = "information_requests.html")]
struct RequestsPage<'a> {
    c: &'a Ctx,
    as_of: String,
    turnaround: Vec<TurnaroundRow>,
    /// The department the list is narrowed to, if one is.
    department: Option<String>,
    department_id: Option<i64>,
    requests: Vec<RequestRow>,
}

/// The province's requests as of a day (all, or one department's) and each department's
/// turnaround.
pub async fn requests_page(
    ctx: Ctx,
    State(state): State<AppState>,
    Query(q): Query<RequestsQuery>,
) -> Result<Response, PageError> {
    ctx.principal()?;
    let as_of =
        parse_day(&ctx, "as_of", q.as_of.as_deref())?.unwrap_or_else(|| state.planning.today());
    let turnaround = state
        .planning
        .request_turnaround(ctx.caller(), None, Some(as_of))
        .await
        .map_err(ctx.fail())?;
    let requests = state
        .planning
        .information_requests(
            ctx.caller(),
            &RequestQuery {
                as_of: Some(as_of),
                department: q.department,
                ..RequestQuery::default()
            },
        )
        .await
        .map_err(ctx.fail())?;
    let department = q.department.and_then(|id| {
        turnaround
            .iter()
            .find(|t| t.department_id == id)
            .map(|t| t.department.clone())
    });
    let turnaround = turnaround_rows(&ctx, &turnaround);
    let requests = requests.iter().map(|r| row(&ctx, r)).collect();
    Ok(render(&RequestsPage {
        c: &ctx,
        as_of: date(as_of),
        turnaround,
        department,
        department_id: q.department,
        requests,
    }))
}

#[derive(Debug, Deserialize)]
pub struct AnswerForm {
    pub version: i64,
    #[serde(default)]
    pub answer: String,
    /// Documents, one per line.
    #[serde(default)]
    pub documents: String,
}

/// The department answers a request from its inbox; a refusal shows the inbox again with why.
pub async fn answer_from_inbox(
    ctx: Ctx,
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(form): Form<AnswerForm>,
) -> Result<Response, PageError> {
    ctx.principal()?;
    let answer = InformationAnswer {
        answer: form.answer,
        documents: form
            .documents
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect(),
        layer_version_id: None,
        on: None,
        expected_version: Some(form.version),
    };
    match state
        .planning
        .answer_information_request(ctx.caller(), id, &answer)
        .await
    {
        Ok(_) => Ok(see_other(&headers, "/inbox")),
        Err(e) => {
            let (status, problem) = ApiError::from(e).in_lang(ctx.lang).to_problem();
            let message = format!("{}: {}", problem.title, problem.detail);
            let page = super::follow_up::inbox(&ctx, &state, Some(message)).await?;
            Ok((status, render(&page)).into_response())
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct DelayForm {
    pub version: i64,
    #[serde(default)]
    pub note: String,
    /// dd/mm/yyyy.
    #[serde(default)]
    pub expected_on: String,
}

/// The department explains a delay from its inbox; a refusal shows the inbox again with why.
pub async fn delay_from_inbox(
    ctx: Ctx,
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(form): Form<DelayForm>,
) -> Result<Response, PageError> {
    ctx.principal()?;
    let Some(expected_on) = parse_day(&ctx, "expected_on", Some(&form.expected_on))? else {
        return Err(ctx.error(ApiError::bad_request("expected_on", ctx.t("invalid-date"))));
    };
    let explanation = DelayExplanation {
        note: form.note,
        expected_on,
        on: None,
        expected_version: Some(form.version),
    };
    match state
        .planning
        .explain_request_delay(ctx.caller(), id, &explanation)
        .await
    {
        Ok(_) => Ok(see_other(&headers, "/inbox")),
        Err(e) => {
            let (status, problem) = ApiError::from(e).in_lang(ctx.lang).to_problem();
            let message = format!("{}: {}", problem.title, problem.detail);
            let page = super::follow_up::inbox(&ctx, &state, Some(message)).await?;
            Ok((status, render(&page)).into_response())
        }
    }
}
