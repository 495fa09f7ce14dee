//! A meeting's agenda, participants and minutes, and the next meeting of its series (issue 13,
//! item 1): whoever directs prepares the agenda and invites organisations until the meeting
//! closes; while it is held, marks who came, settles each item (done, or carried to the next
//! meeting) and writes the minutes, which freeze with the conclusions when it closes. Each
//! change is one transaction with one event of the province's follow-up chain.

use chrono::NaiveDate;
use plantrack_domain::DomainError;
use plantrack_domain::access::{self, Caller};
use plantrack_domain::follow_up::agenda::{
    check_agenda_open, check_being_held, check_next_meeting,
};
use plantrack_domain::follow_up::{FollowUpProblem, MeetingState, Recurrence};
use serde_json::json;

use super::Planning;
use super::follow_up::{actor, bounded, refused, text};
use crate::error::Result;
use crate::follow_up::events::{self, FollowUpEvent};
use crate::follow_up::{
    AgendaItem, Meeting, MeetingAgenda, NewAgendaItem, NewMeeting, Participant, Settlement,
};

/// The longest an item may be planned for: a working day.
const MAX_ITEM_MINUTES: i64 = 600;

/// Minutes run to pages, not to a note's length: about twenty pages.
const MAX_MINUTES: usize = 50_000;

impl Planning {
    /// The meeting's agenda, participants and minutes, for whoever reads the meeting.
    pub async fn meeting_agenda(
        &self,
        caller: Caller<'_>,
        meeting_id: i64,
    ) -> Result<MeetingAgenda> {
        let meeting = self.meeting(caller, meeting_id).await?;
        let (minutes, follows) = self.db.meeting_minutes(meeting_id).await?;
        Ok(MeetingAgenda {
            meeting_id,
            follows,
            items: self.db.agenda_items(meeting_id).await?,
            participants: self.db.participants(meeting_id).await?,
            minutes,
            upcoming: self.upcoming_meetings(&meeting),
        })
    }

    /// Loads a meeting for a change by whoever directs in its province.
    async fn meeting_to_change(&self, caller: Caller<'_>, meeting_id: i64) -> Result<Meeting> {
        let meeting = self.db.meeting(meeting_id).await?;
        caller.allowed(|p| access::direct(p, &meeting.province_code))?;
        Ok(meeting)
    }

    async fn append_event(
        &self,
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        caller: Caller<'_>,
        meeting: &Meeting,
        kind: &str,
        reason: &str,
        payload: serde_json::Value,
    ) -> Result<()> {
        let today = self.today();
        events::append(
            tx,
            FollowUpEvent {
                province_code: &meeting.province_code,
                occurred_on: today,
                actor: &actor(caller),
                reason,
                kind,
                subject: format!("meeting:{}", meeting.id),
                payload,
                recorded_at: self.clock.now(),
            },
        )
        .await?;
        Ok(())
    }

    fn checked_item(item: &NewAgendaItem) -> Result<NewAgendaItem> {
        if !(0..=MAX_ITEM_MINUTES).contains(&item.duration_minutes) {
            return Err(DomainError::invalid(
                "duration_minutes",
                format!("must be between 0 and {MAX_ITEM_MINUTES}"),
            )
            .into());
        }
        Ok(NewAgendaItem {
            title: text("title", &item.title, true)?,
            presenter: text("presenter", &item.presenter, false)?,
            duration_minutes: item.duration_minutes,
            unit_code: item
                .unit_code
                .as_deref()
                .map(str::trim)
                .filter(|u| !u.is_empty())
                .map(str::to_owned),
        })
    }

    /// Puts an item on the agenda, until the meeting closes. A unit named must be of the
    /// meeting's province.
    pub async fn add_agenda_item(
        &self,
        caller: Caller<'_>,
        meeting_id: i64,
        item: &NewAgendaItem,
    ) -> Result<AgendaItem> {
        let meeting = self.meeting_to_change(caller, meeting_id).await?;
        check_agenda_open(meeting.state).map_err(refused)?;
        let item = Self::checked_item(item)?;
        if let Some(code) = &item.unit_code {
            let unit = self.db.unit(code).await?;
            if unit.unit.parent_code.as_deref() != Some(meeting.province_code.as_str()) {
                return Err(refused(FollowUpProblem::AssigneeOutsideProvince {
                    name: unit.unit.full_name.clone(),
                }));
            }
        }
        let mut tx = self.db.begin_write().await?;
        let id = self
            .db
            .insert_agenda_item(&mut tx, meeting.id, &item, None)
            .await?;
        self.append_event(
            &mut tx,
            caller,
            &meeting,
            "agenda_item_added",
            &item.title,
            json!({ "item": id, "agenda_item": item }),
        )
        .await?;
        tx.commit().await?;
        self.db.agenda_item(id).await
    }

    /// Settles an item while the meeting is held: done, or carried to the next meeting.
    pub async fn settle_agenda_item(
        &self,
        caller: Caller<'_>,
        item_id: i64,
        s: &Settlement,
    ) -> Result<AgendaItem> {
        let item = self.db.agenda_item(item_id).await?;
        let meeting = self.meeting_to_change(caller, item.meeting_id).await?;
        check_being_held(meeting.state).map_err(refused)?;
        let s = Settlement {
            state: s.state,
            outcome: text("outcome", &s.outcome, false)?,
        };
        let mut tx = self.db.begin_write().await?;
        self.db.settle_agenda_item(&mut tx, item_id, &s).await?;
        self.append_event(
            &mut tx,
            caller,
            &meeting,
            "agenda_item_settled",
            if s.outcome.is_empty() {
                &item.title
            } else {
                &s.outcome
            },
            json!({ "item": item_id, "settlement": s }),
        )
        .await?;
        tx.commit().await?;
        self.db.agenda_item(item_id).await
    }

    /// Invites organisations of the meeting's province, until it closes; one already invited
    /// stays as it was.
    pub async fn invite(
        &self,
        caller: Caller<'_>,
        meeting_id: i64,
        organisations: &[i64],
    ) -> Result<Vec<Participant>> {
        let meeting = self.meeting_to_change(caller, meeting_id).await?;
        check_agenda_open(meeting.state).map_err(refused)?;
        let known = self.db.organisations().await?;
        for id in organisations {
            match known.iter().find(|o| o.id == *id) {
                Some(o) if o.province_code == meeting.province_code => {}
                Some(o) => {
                    return Err(refused(FollowUpProblem::AssigneeOutsideProvince {
                        name: o.name.clone(),
                    }));
                }
                None => return Err(refused(FollowUpProblem::UnknownOrganisation { id: *id })),
            }
        }
        let mut tx = self.db.begin_write().await?;
        let mut added = Vec::new();
        for id in organisations {
            if self.db.invite(&mut tx, meeting.id, *id).await? {
                added.push(*id);
            }
        }
        if !added.is_empty() {
            self.append_event(
                &mut tx,
                caller,
                &meeting,
                "participants_invited",
                "invited",
                json!({ "organisations": added }),
            )
            .await?;
        }
        tx.commit().await?;
        self.db.participants(meeting.id).await
    }

    /// The organisations of the meeting's province that its organisers may invite, by name.
    pub async fn invitable_organisations(
        &self,
        caller: Caller<'_>,
        meeting_id: i64,
    ) -> Result<Vec<access::Organisation>> {
        let meeting = self.meeting_to_change(caller, meeting_id).await?;
        let mut orgs: Vec<_> = self
            .db
            .organisations()
            .await?
            .into_iter()
            .filter(|o| o.province_code == meeting.province_code)
            .collect();
        orgs.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(orgs)
    }

    /// Marks an invited organisation present or absent while the meeting is held.
    pub async fn mark_attendance(
        &self,
        caller: Caller<'_>,
        meeting_id: i64,
        organisation: i64,
        attended: bool,
    ) -> Result<Vec<Participant>> {
        let meeting = self.meeting_to_change(caller, meeting_id).await?;
        check_being_held(meeting.state).map_err(refused)?;
        let mut tx = self.db.begin_write().await?;
        if !self
            .db
            .mark_attendance(&mut tx, meeting.id, organisation, attended)
            .await?
        {
            return Err(refused(FollowUpProblem::NotInvited));
        }
        self.append_event(
            &mut tx,
            caller,
            &meeting,
            "attendance_marked",
            if attended { "present" } else { "absent" },
            json!({ "organisation": organisation, "attended": attended }),
        )
        .await?;
        tx.commit().await?;
        self.db.participants(meeting.id).await
    }

    /// Writes the minutes while the meeting is held (each version is kept in the history).
    pub async fn write_minutes(
        &self,
        caller: Caller<'_>,
        meeting_id: i64,
        minutes: &str,
    ) -> Result<MeetingAgenda> {
        let meeting = self.meeting_to_change(caller, meeting_id).await?;
        check_being_held(meeting.state).map_err(refused)?;
        let minutes = minutes.trim().to_owned();
        if minutes.chars().count() > MAX_MINUTES {
            return Err(DomainError::invalid(
                "minutes",
                format!("is longer than {MAX_MINUTES} characters"),
            )
            .into());
        }
        let mut tx = self.db.begin_write().await?;
        self.db.write_minutes(&mut tx, meeting.id, &minutes).await?;
        self.append_event(
            &mut tx,
            caller,
            &meeting,
            "minutes_written",
            "minutes",
            json!({ "minutes": minutes }),
        )
        .await?;
        tx.commit().await?;
        self.meeting_agenda(caller, meeting.id).await
    }

    /// Prepares the next meeting of the series on a later day (a draft): the same title,
    /// kind, venue, chair, campaign and recurrence, the same organisations invited, and every
    /// item not done taken up again.
    pub async fn schedule_next_meeting(
        &self,
        caller: Caller<'_>,
        meeting_id: i64,
        held_on: NaiveDate,
    ) -> Result<Meeting> {
        let previous = self.meeting_to_change(caller, meeting_id).await?;
        let held_on = bounded("held_on", held_on)?;
        check_next_meeting(previous.held_on, held_on).map_err(refused)?;
        let parts = self.next_meeting_parts(&previous).await?;
        let mut tx = self.db.begin_write().await?;
        let id = self
            .insert_next_meeting(&mut tx, caller, &previous, held_on, &parts)
            .await?;
        tx.commit().await?;
        self.db.meeting(id).await
    }

    /// Makes the meeting recur (every so many days until a day) or stops it recurring
    /// (`None`), until it closes. When it closes, the next meeting of the series is prepared.
    pub async fn set_recurrence(
        &self,
        caller: Caller<'_>,
        meeting_id: i64,
        rule: Option<(u16, NaiveDate)>,
    ) -> Result<Meeting> {
        let meeting = self.meeting_to_change(caller, meeting_id).await?;
        check_agenda_open(meeting.state).map_err(refused)?;
        let recurrence = rule
            .map(|(every, until)| Recurrence::checked(every, until, meeting.held_on))
            .transpose()
            .map_err(refused)?;
        let mut tx = self.db.begin_write().await?;
        self.db
            .set_recurrence(&mut tx, meeting.id, recurrence)
            .await?;
        self.append_event(
            &mut tx,
            caller,
            &meeting,
            "meeting_recurrence_set",
            if recurrence.is_some() {
                "recurs"
            } else {
                "no longer recurs"
            },
            json!({ "recurrence": recurrence }),
        )
        .await?;
        tx.commit().await?;
        self.db.meeting(meeting.id).await
    }

    /// The days of the series' meetings still to come after this one, as its rule and the
    /// province's calendar give them (at most a year of weekly meetings).
    pub fn upcoming_meetings(&self, meeting: &Meeting) -> Vec<NaiveDate> {
        meeting.recurrence.map_or_else(Vec::new, |r| {
            r.upcoming(
                meeting.held_on,
                self.calendar_of(&meeting.province_code).as_ref(),
                52,
            )
        })
    }

    /// What the next meeting takes from this one: its items not done and whom it invited.
    pub(super) async fn next_meeting_parts(&self, previous: &Meeting) -> Result<NextMeetingParts> {
        Ok(NextMeetingParts {
            carried: self
                .db
                .agenda_items(previous.id)
                .await?
                .into_iter()
                .filter(|i| i.state.carries_over())
                .collect(),
            invited: self
                .db
                .participants(previous.id)
                .await?
                .into_iter()
                .map(|p| p.organisation_id)
                .collect(),
        })
    }

    /// Writes the next meeting of the series (a draft) in the caller's transaction, with its
    /// event, and returns its id.
    pub(super) async fn insert_next_meeting(
        &self,
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        caller: Caller<'_>,
        previous: &Meeting,
        held_on: NaiveDate,
        parts: &NextMeetingParts,
    ) -> Result<i64> {
        let next = NewMeeting {
            province: Some(previous.province_code.clone()),
            title: previous.title.clone(),
            held_on,
            starts_at: previous.starts_at.clone(),
            kind: previous.kind,
            venue: previous.venue.clone(),
            chair: previous.chair.clone(),
            plan_type: previous.plan_type,
            connected_units: previous.connected_units,
        };
        let id = self
            .db
            .insert_meeting(tx, &previous.province_code, &next)
            .await?;
        self.db.set_follows(tx, id, previous.id).await?;
        // The rule goes on while the series has days left after this meeting.
        let recurrence = previous.recurrence.filter(|r| held_on < r.until);
        self.db.set_recurrence(tx, id, recurrence).await?;
        for item in &parts.carried {
            let again = NewAgendaItem {
                title: item.title.clone(),
                presenter: item.presenter.clone(),
                duration_minutes: item.duration_minutes,
                unit_code: item.unit_code.clone(),
            };
            self.db
                .insert_agenda_item(tx, id, &again, Some(item.id))
                .await?;
        }
        for org in &parts.invited {
            self.db.invite(tx, id, *org).await?;
        }
        let created = Meeting {
            id,
            state: MeetingState::Draft,
            report_known_at: None,
            held_on,
            recurrence,
            ..previous.clone()
        };
        self.append_event(
            tx,
            caller,
            &created,
            "meeting_created",
            "next meeting of the series",
            json!({
                "meeting": next,
                "follows": previous.id,
                "recurrence": recurrence,
                "carried": parts.carried.iter().map(|i| i.id).collect::<Vec<_>>(),
                "invited": parts.invited,
            }),
        )
        .await?;
        Ok(id)
    }

    /// When a recurring meeting closes: the next one of its series, on the day its rule
    /// gives, unless the series has ended or the next one was already prepared by hand.
    pub(super) async fn prepare_next_of_series(
        &self,
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        caller: Caller<'_>,
        closed: &Meeting,
        parts: &NextMeetingParts,
    ) -> Result<Option<i64>> {
        let Some(rule) = closed.recurrence else {
            return Ok(None);
        };
        let calendar = self.calendar_of(&closed.province_code);
        let Some(day) = rule.next_after(closed.held_on, calendar.as_ref()) else {
            return Ok(None);
        };
        if self.db.follower(tx, closed.id).await?.is_some() {
            return Ok(None);
        }
        self.insert_next_meeting(tx, caller, closed, day, parts)
            .await
            .map(Some)
    }
}

/// What the next meeting of a series takes from the one before it.
pub(super) struct NextMeetingParts {
    carried: Vec<AgendaItem>,
    invited: Vec<i64>,
}
