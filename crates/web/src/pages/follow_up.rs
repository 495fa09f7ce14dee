//! The follow-up pages (issue 13): the meetings of the province and each meeting's
//! conclusions and directives; the directive tracker (every task, filtered by directive,
//! assignee or status, with each directive's done / late / open at a glance); and an
//! organisation's inbox (its tasks overdue, due within 7 days, the rest open), where the
//! assignee reports a task done.

use std::collections::BTreeMap;

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use plantrack_domain::access;
use plantrack_domain::follow_up::{MeetingState, TaskResolution, TaskStatus};
use plantrack_store::follow_up::{Conclusion, Directive, Meeting, Task, TaskQuery, TaskUpdate};
use serde::Deserialize;

use super::{Ctx, PageError, parse_day, render, see_other};
use crate::AppState;
use crate::error::ApiError;
use crate::format::date;

/// Days ahead an inbox shows as "due soon".
const DUE_SOON_DAYS: i64 = 7;

/// One task as a row of a table.
pub struct TaskRow {
    pub id: i64,
    pub directive: i64,
    pub directive_text: String,
    pub assignee: String,
    pub due_on: String,
    pub status_key: &'static str,
    pub badge: &'static str,
    pub done_on: String,
    pub evidence: String,
    pub days_late: i64,
    pub version: i64,
}

pub(crate) fn row(t: &Task) -> TaskRow {
    TaskRow {
        id: t.id,
        directive: t.directive,
        directive_text: t.directive_text.clone(),
        assignee: t.assignee.clone(),
        due_on: date(t.due_on),
        status_key: t.status.as_str(),
        badge: match t.status {
            TaskStatus::Done => "ok",
            TaskStatus::Late => "late",
            TaskStatus::Open => "soon",
            TaskStatus::Cancelled => "hold",
        },
        done_on: t.resolved_on.map(date).unwrap_or_default(),
        evidence: t.evidence.clone(),
        days_late: t.working_days_late,
        version: t.version,
    }
}

#[derive(Template)]
#[template(path = "meetings.html")]
struct MeetingsPage<'a> {
    c: &'a Ctx,
    meetings: Vec<MeetingRow>,
}

pub struct MeetingRow {
    pub id: i64,
    pub held_on: String,
    pub title: String,
    pub state_key: String,
}

pub async fn meetings_page(ctx: Ctx, State(state): State<AppState>) -> Result<Response, PageError> {
    ctx.principal()?;
    let meetings = state
        .planning
        .meetings(ctx.caller(), None)
        .await
        .map_err(ctx.fail())?
        .into_iter()
        .map(|m| MeetingRow {
            id: m.id,
            held_on: date(m.held_on),
            title: m.title,
            state_key: m.state.as_str().replace('_', "-"),
        })
        .collect();
    Ok(render(&MeetingsPage { c: &ctx, meetings }))
}

/// A directive with its tasks counted by status on the day shown.
pub struct DirectiveRow {
    pub id: i64,
    pub text: String,
    pub due_on: String,
    pub addressed: usize,
    pub done: usize,
    pub late: usize,
    pub open: usize,
}

#[derive(Template)]
#[template(path = "meeting.html")]
pub(crate) struct MeetingPage<'a> {
    c: &'a Ctx,
    meeting: Meeting,
    held_on: String,
    state_key: String,
    kind_key: &'static str,
    conclusions: Vec<Conclusion>,
    directives: Vec<DirectiveRow>,
    today: String,
    /// Its status calls and their answers (escaped HTML of its own template).
    status_calls_html: String,
    agenda: plantrack_store::follow_up::MeetingAgenda,
    /// The series' next days, as the reader writes dates.
    upcoming: Vec<String>,
    /// Whether the reader organises it (leadership, the Department of Construction of its
    /// province): then the page shows its forms.
    may_direct: bool,
    /// The states the meeting may go to next, each with its button's key.
    next_states: Vec<(&'static str, String)>,
    /// The organisations the organiser may invite that are not invited yet: id, name.
    invitable: Vec<(i64, String)>,
    /// Why the last change was refused, when it was.
    message: Option<String>,
    /// The dashboard as the meeting saw it, and whether the reader may open it and the
    /// meeting's papers (which carry that report): a page offers only what its reader may open.
    report_then: Option<String>,
}

impl MeetingPage<'_> {
    /// Whether the reader may open the page of `unit` (an agenda item's commune).
    fn may_open_unit(&self, unit: &str) -> bool {
        access::read_unit_plans(self.c.user.as_ref(), &self.meeting.province_code, unit).is_ok()
    }
}

fn counted(directives: &[Directive], tasks: &[Task]) -> Vec<DirectiveRow> {
    directives
        .iter()
        .map(|d| {
            let of = || tasks.iter().filter(|t| t.directive == d.id);
            let with = |s: TaskStatus| of().filter(|t| t.status == s).count();
            DirectiveRow {
                id: d.id,
                text: d.text.clone(),
                due_on: date(d.due_on),
                addressed: of().count(),
                done: with(TaskStatus::Done),
                late: with(TaskStatus::Late),
                open: with(TaskStatus::Open),
            }
        })
        .collect()
}

pub async fn meeting_page(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let page = build_meeting_page(&ctx, &state, id, None).await?;
    Ok(render(&page))
}

/// The meeting page, with the refusal of the last change when there was one.
pub(crate) async fn build_meeting_page<'a>(
    ctx: &'a Ctx,
    state: &AppState,
    id: i64,
    message: Option<String>,
) -> Result<MeetingPage<'a>, PageError> {
    let me = ctx.principal()?;
    let planning = &state.planning;
    let meeting = planning
        .meeting(ctx.caller(), id)
        .await
        .map_err(ctx.fail())?;
    let conclusions = planning
        .conclusions(ctx.caller(), id)
        .await
        .map_err(ctx.fail())?;
    let directives = planning
        .directives(ctx.caller(), id)
        .await
        .map_err(ctx.fail())?;
    let today = planning.today();
    let tasks = planning
        .tasks(
            ctx.caller(),
            &TaskQuery {
                province: Some(meeting.province_code.clone()),
                as_of: Some(today.max(meeting.held_on)),
                ..TaskQuery::default()
            },
        )
        .await
        .map_err(ctx.fail())?;
    let status_calls_html = super::status_calls::meeting_status_calls(ctx, state, &meeting).await?;
    let agenda = planning
        .meeting_agenda(ctx.caller(), id)
        .await
        .map_err(ctx.fail())?;
    let may_direct = access::direct(Some(me), &meeting.province_code).is_ok();
    let invitable = if may_direct && meeting.state != MeetingState::Closed {
        planning
            .invitable_organisations(ctx.caller(), id)
            .await
            .map_err(ctx.fail())?
            .into_iter()
            .filter(|o| {
                !agenda
                    .participants
                    .iter()
                    .any(|p| p.organisation_id == o.id)
            })
            .map(|o| (o.id, o.name))
            .collect()
    } else {
        Vec::new()
    };
    let report_then = access::read_progress(Some(me), Some(&meeting.province_code), None)
        .is_ok()
        .then(|| {
            let known = meeting.report_known_at.map_or_else(String::new, |t| {
                format!(
                    "&as_known_on={}",
                    crate::format::urlencode(
                        &t.to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
                    )
                )
            });
            format!(
                "/provinces/{}?as_of={}{known}",
                meeting.province_code, meeting.held_on
            )
        });
    let next_states = MeetingState::ALL
        .into_iter()
        .filter(|to| meeting.state.may_become(*to))
        .map(|to| {
            (
                to.as_str(),
                format!("meeting-to-{}", to.as_str().replace('_', "-")),
            )
        })
        .collect();
    Ok(MeetingPage {
        c: ctx,
        upcoming: agenda.upcoming.iter().map(|d| date(*d)).collect(),
        agenda,
        status_calls_html,
        held_on: date(meeting.held_on),
        state_key: meeting.state.as_str().replace('_', "-"),
        kind_key: meeting.kind.as_str(),
        directives: counted(&directives, &tasks),
        conclusions,
        meeting,
        today: date(today),
        may_direct,
        next_states,
        invitable,
        message,
        report_then,
    })
}

#[derive(Debug, Deserialize, Default)]
pub struct TrackerQuery {
    pub as_of: Option<String>,
    pub directive: Option<i64>,
    pub assignee: Option<i64>,
    /// open, late, done, cancelled; all when absent.
    pub status: Option<String>,
}

#[derive(Template)]
#[template(path = "tasks.html")]
struct TrackerPage<'a> {
    c: &'a Ctx,
    as_of: String,
    as_of_iso: String,
    /// Each status the filter offers, and whether it is the one chosen.
    statuses: Vec<(&'static str, bool)>,
    any_status: bool,
    directive: Option<i64>,
    tasks: Vec<TaskRow>,
    escalated: Vec<TaskRow>,
    by_directive: Vec<(String, usize, usize, usize)>,
}

pub async fn tracker_page(
    ctx: Ctx,
    State(state): State<AppState>,
    Query(q): Query<TrackerQuery>,
) -> Result<Response, PageError> {
    ctx.principal()?;
    let as_of: NaiveDate =
        parse_day(&ctx, "as_of", q.as_of.as_deref())?.unwrap_or_else(|| state.planning.today());
    let status = q.status.as_deref().and_then(TaskStatus::parse);
    let tasks = state
        .planning
        .tasks(
            ctx.caller(),
            &TaskQuery {
                as_of: Some(as_of),
                directive: q.directive,
                assignee: q.assignee,
                ..TaskQuery::default()
            },
        )
        .await
        .map_err(ctx.fail())?;
    let mut by_directive: BTreeMap<i64, (String, usize, usize, usize)> = BTreeMap::new();
    for t in &tasks {
        let entry = by_directive
            .entry(t.directive)
            .or_insert_with(|| (t.directive_text.clone(), 0, 0, 0));
        match t.status {
            TaskStatus::Done => entry.1 += 1,
            TaskStatus::Late => entry.2 += 1,
            TaskStatus::Open => entry.3 += 1,
            TaskStatus::Cancelled => {}
        }
    }
    let escalated = tasks.iter().filter(|t| t.escalated).map(row).collect();
    let shown = tasks
        .iter()
        .filter(|t| status.is_none_or(|s| t.status == s))
        .map(row)
        .collect();
    Ok(render(&TrackerPage {
        c: &ctx,
        as_of: date(as_of),
        as_of_iso: as_of.to_string(),
        statuses: TaskStatus::ALL
            .into_iter()
            .map(|s| (s.as_str(), status == Some(s)))
            .collect(),
        any_status: status.is_none(),
        directive: q.directive,
        tasks: shown,
        escalated,
        by_directive: by_directive.into_values().collect(),
    }))
}

#[derive(Template)]
#[template(path = "inbox.html")]
pub(crate) struct InboxPage<'a> {
    c: &'a Ctx,
    today: String,
    /// The status calls not answered yet, with their forms (escaped HTML of its own template).
    status_calls_html: String,
    /// Overdue, due within [`DUE_SOON_DAYS`], the rest open: each with its heading's key.
    sections: Vec<(&'static str, Vec<TaskRow>)>,
    /// The information requests addressed to the organisation, likewise.
    requests: Vec<(&'static str, Vec<super::information_requests::RequestRow>)>,
    /// Where the organisation's daily digest goes.
    contact: super::digest_contact::ContactView,
    message: Option<String>,
    /// Consultants' certificates expiring during running assignments.
    warnings: Vec<super::consultants::WarningRow>,
}

pub(crate) async fn inbox<'a>(
    ctx: &'a Ctx,
    state: &AppState,
    message: Option<String>,
) -> Result<InboxPage<'a>, PageError> {
    let me = ctx.principal()?;
    let today = state.planning.today();
    let tasks = state
        .planning
        .tasks(
            ctx.caller(),
            &TaskQuery {
                assignee: Some(me.organisation.id),
                ..TaskQuery::default()
            },
        )
        .await
        .map_err(ctx.fail())?;
    let soon_until = today + chrono::Days::new(DUE_SOON_DAYS.unsigned_abs());
    let section = |keep: &dyn Fn(&Task) -> bool| -> Vec<TaskRow> {
        tasks.iter().filter(|t| keep(t)).map(row).collect()
    };
    let sections = vec![
        ("inbox-overdue", section(&|t| t.status == TaskStatus::Late)),
        (
            "inbox-due-soon",
            section(&|t| t.status == TaskStatus::Open && t.due_on <= soon_until),
        ),
        (
            "inbox-later",
            section(&|t| t.status == TaskStatus::Open && t.due_on > soon_until),
        ),
    ];
    let status_calls_html = super::status_calls::inbox_status_calls(ctx, state).await?;
    let requests = super::information_requests::inbox_sections(ctx, state).await?;
    let contact = super::digest_contact::view(ctx, state).await?;
    let warnings = super::consultants::inbox_warnings(ctx, state).await?;
    Ok(InboxPage {
        warnings,
        c: ctx,
        today: date(today),
        status_calls_html,
        sections,
        requests,
        contact,
        message,
    })
}

pub async fn inbox_page(ctx: Ctx, State(state): State<AppState>) -> Result<Response, PageError> {
    let page = inbox(&ctx, &state, None).await?;
    Ok(render(&page))
}

#[derive(Debug, Deserialize)]
pub struct ReportForm {
    pub version: i64,
    #[serde(default)]
    pub evidence: String,
}

/// The assignee reports a task done from its inbox; a refusal shows the inbox again with why.
pub async fn report_done(
    ctx: Ctx,
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(form): Form<ReportForm>,
) -> Result<Response, PageError> {
    ctx.principal()?;
    let update = TaskUpdate {
        resolution: TaskResolution::Done,
        on: None,
        evidence: form.evidence,
        explanation: String::new(),
        expected_version: Some(form.version),
    };
    match state.planning.update_task(ctx.caller(), id, &update).await {
        Ok(_) => Ok(see_other(&headers, "/inbox")),
        Err(e) => {
            let (status, problem) = ApiError::from(e).in_lang(ctx.lang).to_problem();
            let message = format!("{}: {}", problem.title, problem.detail);
            let page = inbox(&ctx, &state, Some(message)).await?;
            Ok((status, render(&page)).into_response())
        }
    }
}
