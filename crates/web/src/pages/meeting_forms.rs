//! The meeting page's forms, for whoever directs in the meeting's province (leadership and the
//! Department of Construction): move the meeting on, prepare its agenda and invitations and
//! its recurrence, and — while it is held — mark who came, settle each item, write the minutes
//! and the conclusions. Each posts to the same use case as the API and comes back to the
//! meeting page; a refusal shows the page again with why, in the reader's language.

use axum::Form;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use plantrack_domain::follow_up::{AgendaState, MeetingState};
use plantrack_store::StoreError;
use plantrack_store::follow_up::{NewAgendaItem, Settlement};
use serde::Deserialize;

use super::follow_up::build_meeting_page;
use super::{Ctx, PageError, parse_day, render, repeated, see_other};
use crate::AppState;
use crate::error::ApiError;

/// Back to the meeting (at the section changed); on refusal the page again, with why and the
/// API's status.
async fn finish(
    ctx: &Ctx,
    state: &AppState,
    headers: &HeaderMap,
    meeting_id: i64,
    anchor: &str,
    result: Result<(), StoreError>,
) -> Result<Response, PageError> {
    match result {
        Ok(()) => Ok(see_other(
            headers,
            &format!("/meetings/{meeting_id}#{anchor}"),
        )),
        Err(e) => {
            let (status, problem) = ApiError::from(e).in_lang(ctx.lang).to_problem();
            let message = format!("{}: {}", problem.title, problem.detail);
            let page = build_meeting_page(ctx, state, meeting_id, Some(message)).await?;
            Ok((status, render(&page)).into_response())
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct StateForm {
    pub to: String,
    #[serde(default)]
    pub reason: String,
}

/// Schedules, starts or closes the meeting (or takes a scheduled one back to draft).
pub async fn change_state(
    ctx: Ctx,
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(form): Form<StateForm>,
) -> Result<Response, PageError> {
    ctx.principal()?;
    let Some(to) = MeetingState::parse(&form.to) else {
        return Err(ctx.error(ApiError::bad_request("to", ctx.t("meeting-form-unknown"))));
    };
    let result = state
        .planning
        .change_meeting_state(ctx.caller(), id, to, &form.reason)
        .await;
    finish(
        &ctx,
        &state,
        &headers,
        id,
        "meeting-state",
        result.map(|_| ()),
    )
    .await
}

#[derive(Debug, Deserialize)]
pub struct AgendaForm {
    pub title: String,
    #[serde(default)]
    pub presenter: String,
    #[serde(default)]
    pub duration: Option<String>,
    #[serde(default)]
    pub unit_code: String,
}

/// Puts an item on the agenda.
pub async fn add_item(
    ctx: Ctx,
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(form): Form<AgendaForm>,
) -> Result<Response, PageError> {
    ctx.principal()?;
    let duration_minutes = match form.duration.as_deref().map(str::trim) {
        None | Some("") => 0,
        Some(m) => m.parse().map_err(|_| {
            ctx.error(ApiError::bad_request(
                "duration",
                ctx.t("meeting-form-minutes-number"),
            ))
        })?,
    };
    let item = NewAgendaItem {
        title: form.title,
        presenter: form.presenter,
        duration_minutes,
        unit_code: Some(form.unit_code),
    };
    let result = state
        .planning
        .add_agenda_item(ctx.caller(), id, &item)
        .await;
    finish(
        &ctx,
        &state,
        &headers,
        id,
        "agenda-title",
        result.map(|_| ()),
    )
    .await
}

#[derive(Debug, Deserialize)]
pub struct SettleForm {
    pub meeting: i64,
    pub state: String,
    #[serde(default)]
    pub outcome: String,
}

/// Settles an item while the meeting is held: done, or carried to the next meeting.
pub async fn settle_item(
    ctx: Ctx,
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(form): Form<SettleForm>,
) -> Result<Response, PageError> {
    ctx.principal()?;
    let Some(settled) = AgendaState::parse(&form.state).filter(|s| *s != AgendaState::Open) else {
        return Err(ctx.error(ApiError::bad_request(
            "state",
            ctx.t("meeting-form-unknown"),
        )));
    };
    let s = Settlement {
        state: settled,
        outcome: form.outcome,
    };
    let result = state
        .planning
        .settle_agenda_item(ctx.caller(), id, &s)
        .await;
    finish(
        &ctx,
        &state,
        &headers,
        form.meeting,
        "agenda-title",
        result.map(|_| ()),
    )
    .await
}

/// Invites the organisations ticked (the form repeats `organisation`).
pub async fn invite(
    ctx: Ctx,
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    ctx.principal()?;
    let organisations = repeated(&ctx, &pairs, "organisation", |v| v.parse::<i64>().ok())?;
    let result = state
        .planning
        .invite(ctx.caller(), id, &organisations)
        .await;
    finish(
        &ctx,
        &state,
        &headers,
        id,
        "participants-title",
        result.map(|_| ()),
    )
    .await
}

#[derive(Debug, Deserialize)]
pub struct AttendanceForm {
    pub organisation: i64,
    /// "yes" or "no".
    pub attended: String,
}

/// Marks an invited organisation present or absent.
pub async fn mark_attendance(
    ctx: Ctx,
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(form): Form<AttendanceForm>,
) -> Result<Response, PageError> {
    ctx.principal()?;
    let result = state
        .planning
        .mark_attendance(ctx.caller(), id, form.organisation, form.attended == "yes")
        .await;
    finish(
        &ctx,
        &state,
        &headers,
        id,
        "participants-title",
        result.map(|_| ()),
    )
    .await
}

#[derive(Debug, Deserialize)]
pub struct MinutesForm {
    pub minutes: String,
}

/// Writes the minutes (each version is kept in the history).
pub async fn write_minutes(
    ctx: Ctx,
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(form): Form<MinutesForm>,
) -> Result<Response, PageError> {
    ctx.principal()?;
    let result = state
        .planning
        .write_minutes(ctx.caller(), id, &form.minutes)
        .await;
    finish(
        &ctx,
        &state,
        &headers,
        id,
        "minutes-title",
        result.map(|_| ()),
    )
    .await
}

#[derive(Debug, Deserialize)]
pub struct ConclusionForm {
    pub text: String,
    #[serde(default)]
    pub amends: Option<String>,
}

/// Writes a conclusion while the meeting is held, or amends one after it closed.
pub async fn add_conclusion(
    ctx: Ctx,
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(form): Form<ConclusionForm>,
) -> Result<Response, PageError> {
    ctx.principal()?;
    let amends = match form.amends.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(n) => Some(n.parse::<i64>().map_err(|_| {
            ctx.error(ApiError::bad_request(
                "amends",
                ctx.t("meeting-form-unknown"),
            ))
        })?),
    };
    let result = state
        .planning
        .add_conclusion(ctx.caller(), id, &form.text, amends)
        .await;
    finish(
        &ctx,
        &state,
        &headers,
        id,
        "conclusions-title",
        result.map(|_| ()),
    )
    .await
}

#[derive(Debug, Deserialize)]
pub struct RecurrenceForm {
    #[serde(default)]
    pub every_days: Option<String>,
    #[serde(default)]
    pub until: Option<String>,
    /// Present when the organiser stops the series.
    #[serde(default)]
    pub stop: Option<String>,
}

/// Makes the meeting recur every so many days until a day, or stops it recurring.
pub async fn set_recurrence(
    ctx: Ctx,
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(form): Form<RecurrenceForm>,
) -> Result<Response, PageError> {
    ctx.principal()?;
    let rule = if form.stop.is_some() {
        None
    } else {
        let every = form
            .every_days
            .as_deref()
            .map(str::trim)
            .and_then(|d| d.parse::<u16>().ok())
            .ok_or_else(|| {
                ctx.error(ApiError::bad_request(
                    "every_days",
                    ctx.t("meeting-form-days-number"),
                ))
            })?;
        let until = parse_day(&ctx, "until", form.until.as_deref())?.ok_or_else(|| {
            ctx.error(ApiError::bad_request(
                "until",
                ctx.t("meeting-form-until-needed"),
            ))
        })?;
        Some((every, until))
    };
    let result = state.planning.set_recurrence(ctx.caller(), id, rule).await;
    finish(
        &ctx,
        &state,
        &headers,
        id,
        "series-title",
        result.map(|_| ()),
    )
    .await
}
