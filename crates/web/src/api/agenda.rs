//! A meeting's agenda, participants and minutes, and the next meeting of its series (issue
//! 13): prepared until the meeting closes, settled and marked while it is held.

use axum::extract::State;
use axum::http::StatusCode;
use chrono::NaiveDate;
use plantrack_store::follow_up::{
    AgendaItem, Meeting, MeetingAgenda, NewAgendaItem, Participant, Settlement,
};
use serde::{Deserialize, Serialize};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{Body, PathParam, fail};
use crate::AppState;
use crate::auth::Auth;
use crate::error::Localized;
use crate::i18n::Lang;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_agenda, add_agenda_item))
        .routes(routes!(settle_agenda_item))
        .routes(routes!(invite))
        .routes(routes!(mark_attendance))
        .routes(routes!(write_minutes))
        .routes(routes!(schedule_next))
        .routes(routes!(set_recurrence, stop_recurrence))
}

/// The meeting's agenda, who was invited and who came, and its minutes.
#[utoipa::path(get, path = "/meetings/{id}/agenda", tag = "follow-up", params(("id" = i64, Path)), security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = MeetingAgenda), (status = 404, body = crate::error::Problem)))]
async fn get_agenda(
    State(state): State<AppState>,
    lang: Lang,
    auth: Auth,
    PathParam(id): PathParam<i64>,
) -> Result<axum::Json<MeetingAgenda>, Localized> {
    Ok(axum::Json(
        state
            .planning
            .meeting_agenda(auth.caller(), id)
            .await
            .map_err(fail(lang))?,
    ))
}

/// Put an item on the agenda (until the meeting closes).
#[utoipa::path(post, path = "/meetings/{id}/agenda", tag = "follow-up", params(("id" = i64, Path)), request_body = NewAgendaItem, security(("bearer" = []), ("session" = [])),
    responses((status = 201, body = AgendaItem), (status = 404, body = crate::error::Problem),
              (status = 409, description = "The meeting is closed", body = crate::error::Problem),
              (status = 422, description = "An empty title, too long an item, a unit of another province", body = crate::error::Problem)))]
async fn add_agenda_item(
    State(state): State<AppState>,
    lang: Lang,
    auth: Auth,
    PathParam(id): PathParam<i64>,
    Body(item): Body<NewAgendaItem>,
) -> Result<(StatusCode, axum::Json<AgendaItem>), Localized> {
    let item = state
        .planning
        .add_agenda_item(auth.caller(), id, &item)
        .await
        .map_err(fail(lang))?;
    Ok((StatusCode::CREATED, axum::Json(item)))
}

/// Settle an item while the meeting is held: done, or carried to the next meeting.
#[utoipa::path(post, path = "/agenda-items/{id}/settle", tag = "follow-up", params(("id" = i64, Path)), request_body = Settlement, security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = AgendaItem), (status = 404, body = crate::error::Problem),
              (status = 409, description = "The meeting is not being held", body = crate::error::Problem)))]
async fn settle_agenda_item(
    State(state): State<AppState>,
    lang: Lang,
    auth: Auth,
    PathParam(id): PathParam<i64>,
    Body(s): Body<Settlement>,
) -> Result<axum::Json<AgendaItem>, Localized> {
    Ok(axum::Json(
        state
            .planning
            .settle_agenda_item(auth.caller(), id, &s)
            .await
            .map_err(fail(lang))?,
    ))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct Invitation {
    #[schema(value_type = Vec<plantrack_domain::follow_up::assignees::OrganisationId>)]
    pub organisations: Vec<i64>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Participants {
    pub participants: Vec<Participant>,
}

/// Invite organisations of the meeting's province (until it closes).
#[utoipa::path(post, path = "/meetings/{id}/participants", tag = "follow-up", params(("id" = i64, Path)), request_body = Invitation, security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = Participants), (status = 404, body = crate::error::Problem),
              (status = 409, description = "The meeting is closed", body = crate::error::Problem),
              (status = 422, description = "An organisation unknown or of another province", body = crate::error::Problem)))]
async fn invite(
    State(state): State<AppState>,
    lang: Lang,
    auth: Auth,
    PathParam(id): PathParam<i64>,
    Body(i): Body<Invitation>,
) -> Result<axum::Json<Participants>, Localized> {
    let participants = state
        .planning
        .invite(auth.caller(), id, &i.organisations)
        .await
        .map_err(fail(lang))?;
    Ok(axum::Json(Participants { participants }))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct Attendance {
    #[schema(minimum = 1, maximum = 4_294_967_295_i64)]
    pub organisation: i64,
    pub attended: bool,
}

/// Mark an invited organisation present or absent while the meeting is held.
#[utoipa::path(post, path = "/meetings/{id}/attendance", tag = "follow-up", params(("id" = i64, Path)), request_body = Attendance, security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = Participants), (status = 404, body = crate::error::Problem),
              (status = 409, description = "The meeting is not being held", body = crate::error::Problem),
              (status = 422, description = "The organisation was not invited", body = crate::error::Problem)))]
async fn mark_attendance(
    State(state): State<AppState>,
    lang: Lang,
    auth: Auth,
    PathParam(id): PathParam<i64>,
    Body(a): Body<Attendance>,
) -> Result<axum::Json<Participants>, Localized> {
    let participants = state
        .planning
        .mark_attendance(auth.caller(), id, a.organisation, a.attended)
        .await
        .map_err(fail(lang))?;
    Ok(axum::Json(Participants { participants }))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct Minutes {
    pub minutes: String,
}

/// Write the minutes while the meeting is held; they freeze when it closes.
#[utoipa::path(put, path = "/meetings/{id}/minutes", tag = "follow-up", params(("id" = i64, Path)), request_body = Minutes, security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = MeetingAgenda), (status = 404, body = crate::error::Problem),
              (status = 409, description = "The meeting is not being held", body = crate::error::Problem)))]
async fn write_minutes(
    State(state): State<AppState>,
    lang: Lang,
    auth: Auth,
    PathParam(id): PathParam<i64>,
    Body(m): Body<Minutes>,
) -> Result<axum::Json<MeetingAgenda>, Localized> {
    Ok(axum::Json(
        state
            .planning
            .write_minutes(auth.caller(), id, &m.minutes)
            .await
            .map_err(fail(lang))?,
    ))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct NextMeeting {
    pub held_on: NaiveDate,
}

/// Prepare the next meeting of the series: the same invitations, every item not done again.
#[utoipa::path(post, path = "/meetings/{id}/next", tag = "follow-up", params(("id" = i64, Path)), request_body = NextMeeting, security(("bearer" = []), ("session" = [])),
    responses((status = 201, body = Meeting), (status = 404, body = crate::error::Problem),
              (status = 422, description = "Not after the meeting it follows", body = crate::error::Problem)))]
async fn schedule_next(
    State(state): State<AppState>,
    lang: Lang,
    auth: Auth,
    PathParam(id): PathParam<i64>,
    Body(n): Body<NextMeeting>,
) -> Result<(StatusCode, axum::Json<Meeting>), Localized> {
    let meeting = state
        .planning
        .schedule_next_meeting(auth.caller(), id, n.held_on)
        .await
        .map_err(fail(lang))?;
    Ok((StatusCode::CREATED, axum::Json(meeting)))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct RecurrenceRule {
    /// Every so many days (7 to 92); a day off moves the meeting to the next working day.
    #[schema(minimum = 7, maximum = 92)]
    pub every_days: u16,
    /// The last day a meeting of the series may fall on.
    pub until: NaiveDate,
}

/// Make the meeting recur until a day: when it closes, the next one of the series is prepared
/// with the same invitations and every item not done.
#[utoipa::path(put, path = "/meetings/{id}/recurrence", tag = "follow-up", params(("id" = i64, Path)), request_body = RecurrenceRule, security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = Meeting), (status = 404, body = crate::error::Problem),
              (status = 409, description = "The meeting is closed", body = crate::error::Problem),
              (status = 422, description = "An interval or an end day outside the bounds", body = crate::error::Problem)))]
async fn set_recurrence(
    State(state): State<AppState>,
    lang: Lang,
    auth: Auth,
    PathParam(id): PathParam<i64>,
    Body(r): Body<RecurrenceRule>,
) -> Result<axum::Json<Meeting>, Localized> {
    Ok(axum::Json(
        state
            .planning
            .set_recurrence(auth.caller(), id, Some((r.every_days, r.until)))
            .await
            .map_err(fail(lang))?,
    ))
}

/// Stop the meeting recurring: no next meeting is prepared when it closes.
#[utoipa::path(delete, path = "/meetings/{id}/recurrence", tag = "follow-up", params(("id" = i64, Path)), security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = Meeting), (status = 404, body = crate::error::Problem),
              (status = 409, description = "The meeting is closed", body = crate::error::Problem)))]
async fn stop_recurrence(
    State(state): State<AppState>,
    lang: Lang,
    auth: Auth,
    PathParam(id): PathParam<i64>,
) -> Result<axum::Json<Meeting>, Localized> {
    Ok(axum::Json(
        state
            .planning
            .set_recurrence(auth.caller(), id, None)
            .await
            .map_err(fail(lang))?,
    ))
}
