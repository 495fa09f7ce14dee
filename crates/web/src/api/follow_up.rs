//! Meetings, their conclusions and directives, the tasks directives give, and what holds
//! dossiers back (issue 13): the follow-up loop of a province.

use axum::extract::State;
use axum::http::StatusCode;
use chrono::NaiveDate;
use plantrack_domain::follow_up::MeetingState;
use plantrack_store::follow_up::{
    Blocker, Conclusion, Directive, Meeting, NewBlocker, NewDirective, NewMeeting, Task, TaskQuery,
    TaskUpdate,
};
use serde::{Deserialize, Serialize};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{Body, Params, PathParam, fail};
use crate::AppState;
use crate::auth::Auth;
use crate::error::Localized;
use crate::i18n::Lang;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_meetings, create_meeting))
        .routes(routes!(get_meeting))
        .routes(routes!(change_meeting_state))
        .routes(routes!(add_conclusion))
        .routes(routes!(issue_directive))
        .routes(routes!(list_tasks))
        .routes(routes!(report_task))
        .routes(routes!(list_blockers, record_blocker))
        .routes(routes!(lift_blocker))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ProvinceParam {
    /// Province code; the caller's own when absent.
    pub province: Option<String>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Meetings {
    pub meetings: Vec<Meeting>,
}

/// A province's review meetings, latest first.
#[utoipa::path(get, path = "/meetings", tag = "follow-up", params(ProvinceParam), security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = Meetings),
              (status = 422, description = "Not the code of a province", body = crate::error::Problem)))]
async fn list_meetings(
    State(state): State<AppState>,
    lang: Lang,
    auth: Auth,
    Params(q): Params<ProvinceParam>,
) -> Result<axum::Json<Meetings>, Localized> {
    let meetings = state
        .planning
        .meetings(auth.caller(), q.province.as_deref())
        .await
        .map_err(fail(lang))?;
    Ok(axum::Json(Meetings { meetings }))
}

/// Prepare a meeting (a draft until it is scheduled).
#[utoipa::path(post, path = "/meetings", tag = "follow-up", request_body = NewMeeting, security(("bearer" = []), ("session" = [])),
    responses((status = 201, body = Meeting),
              (status = 422, description = "A field is empty, too long or out of range", body = crate::error::Problem)))]
async fn create_meeting(
    State(state): State<AppState>,
    lang: Lang,
    auth: Auth,
    Body(m): Body<NewMeeting>,
) -> Result<(StatusCode, axum::Json<Meeting>), Localized> {
    let meeting = state
        .planning
        .create_meeting(auth.caller(), &m)
        .await
        .map_err(fail(lang))?;
    Ok((StatusCode::CREATED, axum::Json(meeting)))
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct MeetingRecord {
    pub meeting: Meeting,
    pub conclusions: Vec<Conclusion>,
    pub directives: Vec<Directive>,
}

/// A meeting with its conclusions (amendments included) and the directives it gave.
#[utoipa::path(get, path = "/meetings/{id}", tag = "follow-up", params(("id" = i64, Path)), security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = MeetingRecord), (status = 404, body = crate::error::Problem)))]
async fn get_meeting(
    State(state): State<AppState>,
    lang: Lang,
    auth: Auth,
    PathParam(id): PathParam<i64>,
) -> Result<axum::Json<MeetingRecord>, Localized> {
    let planning = &state.planning;
    let meeting = planning
        .meeting(auth.caller(), id)
        .await
        .map_err(fail(lang))?;
    let conclusions = planning
        .conclusions(auth.caller(), id)
        .await
        .map_err(fail(lang))?;
    let directives = planning
        .directives(auth.caller(), id)
        .await
        .map_err(fail(lang))?;
    Ok(axum::Json(MeetingRecord {
        meeting,
        conclusions,
        directives,
    }))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct StateChange {
    pub to: MeetingState,
    #[serde(default)]
    pub reason: String,
}

/// Move a meeting on: scheduled, in progress (its report is then read as known at that
/// instant), closed (its conclusions freeze).
#[utoipa::path(post, path = "/meetings/{id}/state", tag = "follow-up", params(("id" = i64, Path)), request_body = StateChange, security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = Meeting), (status = 404, body = crate::error::Problem),
              (status = 409, description = "The meeting cannot go to that state from its own", body = crate::error::Problem)))]
async fn change_meeting_state(
    State(state): State<AppState>,
    lang: Lang,
    auth: Auth,
    PathParam(id): PathParam<i64>,
    Body(change): Body<StateChange>,
) -> Result<axum::Json<Meeting>, Localized> {
    Ok(axum::Json(
        state
            .planning
            .change_meeting_state(auth.caller(), id, change.to, &change.reason)
            .await
            .map_err(fail(lang))?,
    ))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct NewConclusion {
    pub text: String,
    /// After the meeting closed: the conclusion this one corrects.
    #[serde(default)]
    #[schema(minimum = 1, maximum = 4_294_967_295_i64)]
    pub amends: Option<i64>,
}

/// Write a conclusion while the meeting is in progress, or amend one after it closed.
#[utoipa::path(post, path = "/meetings/{id}/conclusions", tag = "follow-up", params(("id" = i64, Path)), request_body = NewConclusion, security(("bearer" = []), ("session" = [])),
    responses((status = 201, body = Conclusion), (status = 404, body = crate::error::Problem),
              (status = 409, description = "The meeting is not in progress (or closed, for an amendment)", body = crate::error::Problem),
              (status = 422, body = crate::error::Problem)))]
async fn add_conclusion(
    State(state): State<AppState>,
    lang: Lang,
    auth: Auth,
    PathParam(id): PathParam<i64>,
    Body(c): Body<NewConclusion>,
) -> Result<(StatusCode, axum::Json<Conclusion>), Localized> {
    let written = state
        .planning
        .add_conclusion(auth.caller(), id, &c.text, c.amends)
        .await
        .map_err(fail(lang))?;
    Ok((StatusCode::CREATED, axum::Json(written)))
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct DirectiveGiven {
    pub directive: Directive,
    pub tasks: Vec<Task>,
}

/// Give a directive at a meeting held: its due date said in words ("this week", "Q1 2026"),
/// one task per addressee organisation.
#[utoipa::path(post, path = "/directives", tag = "follow-up", request_body = NewDirective, security(("bearer" = []), ("session" = [])),
    responses((status = 201, body = DirectiveGiven), (status = 404, body = crate::error::Problem),
              (status = 409, description = "The meeting has not been held", body = crate::error::Problem),
              (status = 422, description = "A due date before the meeting or not understood, an addressee outside the province", body = crate::error::Problem)))]
async fn issue_directive(
    State(state): State<AppState>,
    lang: Lang,
    auth: Auth,
    Body(d): Body<NewDirective>,
) -> Result<(StatusCode, axum::Json<DirectiveGiven>), Localized> {
    let (directive, tasks) = state
        .planning
        .issue_directive(auth.caller(), &d)
        .await
        .map_err(fail(lang))?;
    Ok((
        StatusCode::CREATED,
        axum::Json(DirectiveGiven { directive, tasks }),
    ))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TaskParams {
    /// Province code; the caller's own when absent.
    pub province: Option<String>,
    /// The day (YYYY-MM-DD); today when absent.
    pub as_of: Option<NaiveDate>,
    /// Only tasks late on that day.
    pub overdue: Option<bool>,
    /// Only one commune's tasks (its unit code).
    pub unit: Option<String>,
    pub directive: Option<i64>,
    /// Only one organisation's tasks (its id).
    pub assignee: Option<i64>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Tasks {
    pub as_of: NaiveDate,
    pub tasks: Vec<Task>,
}

/// The tasks of a province's directives as they stood on a day: open, done, late or
/// cancelled. A commune or a consultant firm reads its own.
#[utoipa::path(get, path = "/tasks", tag = "follow-up", params(TaskParams), security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = Tasks),
              (status = 422, description = "Not the code of a province, or a day out of range", body = crate::error::Problem)))]
async fn list_tasks(
    State(state): State<AppState>,
    lang: Lang,
    auth: Auth,
    Params(q): Params<TaskParams>,
) -> Result<axum::Json<Tasks>, Localized> {
    let as_of = q.as_of.unwrap_or_else(|| state.planning.today());
    let tasks = state
        .planning
        .tasks(
            auth.caller(),
            &TaskQuery {
                province: q.province,
                as_of: Some(as_of),
                overdue: q.overdue.unwrap_or(false),
                unit: q.unit,
                directive: q.directive,
                assignee: q.assignee,
            },
        )
        .await
        .map_err(fail(lang))?;
    Ok(axum::Json(Tasks { as_of, tasks }))
}

/// Report on a task: done (with evidence), open again, or cancelled (by whoever directs,
/// with why).
#[utoipa::path(post, path = "/tasks/{id}/report", tag = "follow-up", params(("id" = i64, Path)), request_body = TaskUpdate, security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = Task), (status = 404, body = crate::error::Problem),
              (status = 409, description = "The task cannot change so", body = crate::error::Problem),
              (status = 412, description = "The task changed since the version read", body = crate::error::Problem),
              (status = 422, body = crate::error::Problem)))]
async fn report_task(
    State(state): State<AppState>,
    lang: Lang,
    auth: Auth,
    PathParam(id): PathParam<i64>,
    Body(u): Body<TaskUpdate>,
) -> Result<axum::Json<Task>, Localized> {
    Ok(axum::Json(
        state
            .planning
            .update_task(auth.caller(), id, &u)
            .await
            .map_err(fail(lang))?,
    ))
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Blockers {
    pub blockers: Vec<Blocker>,
}

/// What holds a dossier back, lifted ones included.
#[utoipa::path(get, path = "/dossiers/{id}/blockers", tag = "follow-up", params(("id" = i64, Path)), security((), ("bearer" = []), ("session" = [])),
    responses((status = 200, body = Blockers), (status = 404, body = crate::error::Problem)))]
async fn list_blockers(
    State(state): State<AppState>,
    lang: Lang,
    auth: Auth,
    PathParam(id): PathParam<i64>,
) -> Result<axum::Json<Blockers>, Localized> {
    let blockers = state
        .planning
        .blockers(auth.caller(), id)
        .await
        .map_err(fail(lang))?;
    Ok(axum::Json(Blockers { blockers }))
}

/// Record what holds a dossier back.
#[utoipa::path(post, path = "/dossiers/{id}/blockers", tag = "follow-up", params(("id" = i64, Path)), request_body = NewBlocker, security(("bearer" = []), ("session" = [])),
    responses((status = 201, body = Blocker), (status = 404, body = crate::error::Problem),
              (status = 422, body = crate::error::Problem)))]
async fn record_blocker(
    State(state): State<AppState>,
    lang: Lang,
    auth: Auth,
    PathParam(id): PathParam<i64>,
    Body(b): Body<NewBlocker>,
) -> Result<(StatusCode, axum::Json<Blocker>), Localized> {
    let recorded = state
        .planning
        .record_blocker(auth.caller(), id, &b)
        .await
        .map_err(fail(lang))?;
    Ok((StatusCode::CREATED, axum::Json(recorded)))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct Lift {
    /// The day; today when absent.
    #[serde(default)]
    pub on: Option<NaiveDate>,
    pub reason: String,
}

/// Lift a blocker: an event in the history.
#[utoipa::path(post, path = "/blockers/{id}/lift", tag = "follow-up", params(("id" = i64, Path)), request_body = Lift, security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = Blocker), (status = 404, body = crate::error::Problem),
              (status = 409, description = "Already lifted", body = crate::error::Problem),
              (status = 422, body = crate::error::Problem)))]
async fn lift_blocker(
    State(state): State<AppState>,
    lang: Lang,
    auth: Auth,
    PathParam(id): PathParam<i64>,
    Body(l): Body<Lift>,
) -> Result<axum::Json<Blocker>, Localized> {
    Ok(axum::Json(
        state
            .planning
            .lift_blocker(auth.caller(), id, l.on, &l.reason)
            .await
            .map_err(fail(lang))?,
    ))
}
