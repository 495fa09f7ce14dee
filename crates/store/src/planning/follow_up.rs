//! The follow-up use cases (issue 13): holding a review meeting, writing its conclusions,
//! giving directives that become one task per addressee, reporting on tasks, and recording
//! what holds a dossier back. Each asks `domain::access`, lets the domain decide (due dates,
//! states, addressees) and writes its rows with one event of the province's follow-up chain
//! in one transaction.

use chrono::NaiveDate;
use plantrack_domain::DomainError;
use plantrack_domain::MAX_TEXT;
use plantrack_domain::access::{self, Caller, TaskReach};
use plantrack_domain::calendar::bounds::within_bounds;
use plantrack_domain::follow_up::{
    self, FollowUpProblem, MeetingState, TaskRecord, TaskResolution, TaskStatus,
    task::DEFAULT_ESCALATE_AFTER_WORKING_DAYS,
};
use serde_json::json;

use super::Planning;
use crate::error::{Result, StoreError};
use crate::follow_up::events::{self, Actor, FollowUpEvent};
use crate::follow_up::{
    Blocker, Conclusion, Directive, Meeting, NewBlocker, NewDirective, NewMeeting, Task,
    TaskFilter, TaskQuery, TaskRow, TaskUpdate,
};

pub(super) fn refused(problem: FollowUpProblem) -> StoreError {
    DomainError::FollowUp(problem).into()
}

pub(super) fn actor(caller: Caller<'_>) -> Actor {
    match caller.principal() {
        Some(p) => Actor {
            name: p.display_name.clone(),
            role: p.role.as_str().to_owned(),
            account_id: Some(p.user_id),
        },
        None => Actor {
            name: "operator".into(),
            role: "operator".into(),
            account_id: None,
        },
    }
}

pub(super) fn text(field: &str, value: &str, required: bool) -> Result<String> {
    let value = value.trim();
    if required && value.is_empty() {
        return Err(DomainError::invalid(field, "must not be empty").into());
    }
    if value.chars().count() > MAX_TEXT {
        return Err(
            DomainError::invalid(field, format!("is longer than {MAX_TEXT} characters")).into(),
        );
    }
    Ok(value.to_owned())
}

pub(super) fn bounded(field: &str, day: NaiveDate) -> Result<NaiveDate> {
    if within_bounds(day) {
        Ok(day)
    } else {
        Err(DomainError::invalid(
            field,
            format!("{day} is outside the days plantrack accepts"),
        )
        .into())
    }
}

impl Planning {
    /// Holds a meeting in the province named (or the caller's own): a draft until scheduled.
    pub async fn create_meeting(&self, caller: Caller<'_>, m: &NewMeeting) -> Result<Meeting> {
        let province = self
            .province_in_scope(caller, m.province.as_deref(), access::direct)
            .await?
            .ok_or_else(|| DomainError::invalid("province", "name the province"))?;
        let mut m = m.clone();
        m.title = text("title", &m.title, true)?;
        m.venue = text("venue", &m.venue, false)?;
        m.chair = text("chair", &m.chair, false)?;
        bounded("held_on", m.held_on)?;
        if !m.starts_at.trim().is_empty()
            && chrono::NaiveTime::parse_from_str(m.starts_at.trim(), "%H:%M").is_err()
        {
            return Err(DomainError::invalid("starts_at", "write the time as 09:00").into());
        }
        if !(0..=10_000).contains(&m.connected_units) {
            return Err(
                DomainError::invalid("connected_units", "must be between 0 and 10000").into(),
            );
        }
        let mut tx = self.db.begin_write().await?;
        let id = self.db.insert_meeting(&mut tx, &province, &m).await?;
        events::append(
            &mut tx,
            FollowUpEvent {
                province_code: &province,
                occurred_on: self.today(),
                actor: &actor(caller),
                reason: "meeting prepared",
                kind: "meeting_created",
                subject: format!("meeting:{id}"),
                payload: serde_json::to_value(&m).map_err(StoreError::corrupt)?,
                recorded_at: self.clock.now(),
            },
        )
        .await?;
        tx.commit().await?;
        self.db.meeting(id).await
    }

    /// A meeting, if the caller reads its province's follow-up.
    pub async fn meeting(&self, caller: Caller<'_>, id: i64) -> Result<Meeting> {
        let meeting = self.db.meeting(id).await?;
        caller.allowed(|p| access::read_follow_up(p, &meeting.province_code).map(|_| ()))?;
        Ok(meeting)
    }

    /// The meetings of the province named (or the caller's own; every province's for the
    /// operator naming none), latest first.
    pub async fn meetings(
        &self,
        caller: Caller<'_>,
        province: Option<&str>,
    ) -> Result<Vec<Meeting>> {
        let (province, _) = self.follow_up_scope(caller, province).await?;
        self.db.meetings(province.as_deref()).await
    }

    /// The province whose follow-up the caller reads (the one named, else their own) and how
    /// much of it; `None` (every province) only for the operator naming none. Nobody signed in
    /// reads none.
    pub(super) async fn follow_up_scope(
        &self,
        caller: Caller<'_>,
        named: Option<&str>,
    ) -> Result<(Option<String>, TaskReach)> {
        let province = self
            .province_in_scope(caller, named, |p, prov| {
                access::read_follow_up(p, prov).map(|_| ())
            })
            .await?;
        let reach = match (caller, &province) {
            (Caller::Operator, _) => TaskReach::Province,
            (Caller::Account(p), Some(prov)) => access::read_follow_up(p, prov)?,
            (Caller::Account(_), None) => return Err(access::Denied::NotSignedIn.into()),
        };
        Ok((province, reach))
    }

    /// Moves a meeting on: scheduled, in progress (its report is then read as known at that
    /// instant), closed (its conclusions freeze).
    pub async fn change_meeting_state(
        &self,
        caller: Caller<'_>,
        id: i64,
        to: MeetingState,
        reason: &str,
    ) -> Result<Meeting> {
        let meeting = self.db.meeting(id).await?;
        caller.allowed(|p| access::direct(p, &meeting.province_code))?;
        meeting.state.check_change(to)?;
        let now = self.clock.now();
        let known_at = (to == MeetingState::InProgress)
            .then(|| now.to_rfc3339_opts(chrono::SecondsFormat::Micros, true));
        let next_parts = if to == MeetingState::Closed && meeting.recurrence.is_some() {
            Some(self.next_meeting_parts(&meeting).await?)
        } else {
            None
        };
        let mut tx = self.db.begin_write().await?;
        self.db
            .set_meeting_state(&mut tx, id, meeting.state, to, known_at.as_deref())
            .await?;
        events::append(
            &mut tx,
            FollowUpEvent {
                province_code: &meeting.province_code,
                occurred_on: self.today(),
                actor: &actor(caller),
                reason: reason.trim(),
                kind: "meeting_state_changed",
                subject: format!("meeting:{id}"),
                payload: json!({ "from": meeting.state.as_str(), "to": to.as_str() }),
                recorded_at: now,
            },
        )
        .await?;
        if let Some(parts) = &next_parts {
            self.prepare_next_of_series(&mut tx, caller, &meeting, parts)
                .await?;
        }
        tx.commit().await?;
        self.db.meeting(id).await
    }

    /// Writes a conclusion while the meeting is in progress; once it is closed, a conclusion
    /// can only be amended, dated, by a new one that names it.
    pub async fn add_conclusion(
        &self,
        caller: Caller<'_>,
        meeting_id: i64,
        conclusion: &str,
        amends: Option<i64>,
    ) -> Result<Conclusion> {
        let meeting = self.db.meeting(meeting_id).await?;
        caller.allowed(|p| access::direct(p, &meeting.province_code))?;
        let conclusion = text("text", conclusion, true)?;
        let amends = match (meeting.state, amends) {
            (MeetingState::InProgress, None) => None,
            (MeetingState::Closed, Some(original)) => {
                let existing = self.db.conclusions(meeting_id).await?;
                if !existing.iter().any(|c| c.id == original) {
                    return Err(StoreError::not_found("conclusion", &original));
                }
                Some((original, self.today()))
            }
            (MeetingState::Closed, None) => {
                return Err(refused(FollowUpProblem::AmendOnly));
            }
            (state, _) => {
                return Err(refused(FollowUpProblem::ConclusionsClosed { state }));
            }
        };
        let mut tx = self.db.begin_write().await?;
        let written = self
            .db
            .insert_conclusion(&mut tx, meeting_id, &conclusion, amends)
            .await?;
        events::append(
            &mut tx,
            FollowUpEvent {
                province_code: &meeting.province_code,
                occurred_on: self.today(),
                actor: &actor(caller),
                reason: if amends.is_some() {
                    "conclusion amended"
                } else {
                    "conclusion written"
                },
                kind: "conclusion_added",
                subject: format!("meeting:{meeting_id}"),
                payload: serde_json::to_value(&written).map_err(StoreError::corrupt)?,
                recorded_at: self.clock.now(),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(written)
    }

    /// The conclusions of a meeting, amendments included.
    pub async fn conclusions(
        &self,
        caller: Caller<'_>,
        meeting_id: i64,
    ) -> Result<Vec<Conclusion>> {
        self.meeting(caller, meeting_id).await?;
        self.db.conclusions(meeting_id).await
    }

    /// Gives a directive at a meeting in progress or closed: its due date resolved from the
    /// words used on the province's calendar, one task per addressee organisation.
    pub async fn issue_directive(
        &self,
        caller: Caller<'_>,
        d: &NewDirective,
    ) -> Result<(Directive, Vec<Task>)> {
        let meeting = self.db.meeting(d.meeting_id).await?;
        let province = meeting.province_code.clone();
        caller.allowed(|p| access::direct(p, &province))?;
        if !matches!(
            meeting.state,
            MeetingState::InProgress | MeetingState::Closed
        ) {
            return Err(refused(FollowUpProblem::NotHeldYet {
                state: meeting.state,
            }));
        }
        if let Some(c) = d.conclusion_id {
            let existing = self.db.conclusions(meeting.id).await?;
            if !existing.iter().any(|x| x.id == c) {
                return Err(StoreError::not_found("conclusion", &c));
            }
        }
        let calendar = self.calendar_of(&province);
        let rule = follow_up::DueRule::parse(&d.due)?;
        let due_on = rule.resolve(meeting.held_on, calendar.as_ref())?;
        if let Some(stage) = &d.done_when_left {
            self.check_campaign_stage(&meeting, stage)?;
        }
        let organisations = self.db.organisations().await?;
        let units = match &d.addressees {
            follow_up::Addressees::CommunesInStage { stage } => {
                self.check_campaign_stage(&meeting, stage)?;
                self.db
                    .units_in_stage(
                        &province,
                        meeting.plan_type.as_str(),
                        stage,
                        meeting.held_on,
                    )
                    .await?
            }
            _ => {
                self.db
                    .campaign_units(&province, meeting.plan_type.as_str())
                    .await?
            }
        };
        let unit_refs: Vec<&str> = units.iter().map(String::as_str).collect();
        let assignees = follow_up::expand(&d.addressees, &province, &unit_refs, &organisations)?;
        let directive = Directive {
            id: 0,
            meeting_id: meeting.id,
            conclusion_id: d.conclusion_id,
            province_code: province.clone(),
            text: text("text", &d.text, true)?,
            issuer: text(
                "issuer",
                d.issuer.as_deref().unwrap_or(meeting.chair.as_str()),
                true,
            )?,
            notice_number: text("notice_number", &d.notice_number, false)?,
            notice_date: d
                .notice_date
                .map(|n| bounded("notice_date", n))
                .transpose()?,
            due_rule: rule,
            due_on,
            addressees: d.addressees.clone(),
            done_when_left: d.done_when_left.clone(),
            issued_on: meeting.held_on,
        };
        let mut tx = self.db.begin_write().await?;
        let id = self.db.insert_directive(&mut tx, &directive).await?;
        let mut task_ids = Vec::with_capacity(assignees.len());
        for org in &assignees {
            task_ids.push(
                self.db
                    .insert_task(
                        &mut tx,
                        id,
                        org.id,
                        &province,
                        org.unit_code.as_deref(),
                        due_on,
                    )
                    .await?,
            );
        }
        let directive = Directive { id, ..directive };
        events::append(
            &mut tx,
            FollowUpEvent {
                province_code: &province,
                occurred_on: meeting.held_on,
                actor: &actor(caller),
                reason: "directive given",
                kind: "directive_issued",
                subject: format!("directive:{id}"),
                payload: json!({
                    "directive": directive,
                    "tasks": task_ids.iter().zip(&assignees).map(|(t, o)| json!({"task": t, "organisation": o.id})).collect::<Vec<_>>(),
                }),
                recorded_at: self.clock.now(),
            },
        )
        .await?;
        tx.commit().await?;
        let tasks = self
            .tasks(
                caller,
                &TaskQuery {
                    province: Some(province),
                    directive: Some(id),
                    as_of: Some(self.today().max(meeting.held_on)),
                    ..TaskQuery::default()
                },
            )
            .await?;
        Ok((directive, tasks))
    }

    /// A directive, if the caller reads its province's follow-up.
    pub async fn directive(&self, caller: Caller<'_>, id: i64) -> Result<Directive> {
        let directive = self.db.directive(id).await?;
        caller.allowed(|p| access::read_follow_up(p, &directive.province_code).map(|_| ()))?;
        Ok(directive)
    }

    /// Refuses a stage that no template of the meeting's campaign has.
    pub(super) fn check_campaign_stage(&self, meeting: &Meeting, stage: &str) -> Result<()> {
        let known = self
            .templates()
            .iter()
            .filter(|t| t.plan_types.contains(&meeting.plan_type))
            .any(|t| t.stages.iter().any(|s| s.key == stage));
        if known {
            Ok(())
        } else {
            Err(refused(FollowUpProblem::UnknownStage {
                stage: stage.to_owned(),
            }))
        }
    }

    /// The directives given at a meeting.
    pub async fn directives(&self, caller: Caller<'_>, meeting_id: i64) -> Result<Vec<Directive>> {
        self.meeting(caller, meeting_id).await?;
        self.db.directives(meeting_id).await
    }

    /// Tasks of the province named (or the caller's own; every province's for the operator
    /// naming none) as they stood on a day (today by
    /// default): a commune or a consultant firm reads its own, the province's offices all.
    pub async fn tasks(&self, caller: Caller<'_>, q: &TaskQuery) -> Result<Vec<Task>> {
        let (province, reach) = self.follow_up_scope(caller, q.province.as_deref()).await?;
        let as_of = bounded("as_of", q.as_of.unwrap_or_else(|| self.today()))?;
        let organisation = match reach {
            TaskReach::Province => q.assignee,
            TaskReach::Organisation(own) => {
                if q.assignee.is_some_and(|a| a != own) {
                    return Ok(Vec::new());
                }
                Some(own)
            }
        };
        let rows = self
            .db
            .task_rows(&TaskFilter {
                province: province.as_deref(),
                issued_by: as_of,
                organisation,
                unit: q.unit.as_deref(),
                directive: q.directive,
                // Only a task past due and not reported done or cancelled by then can be late.
                late_candidates_on: q.overdue.then_some(as_of),
            })
            .await?;
        let known_at = self
            .clock
            .now()
            .to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
        // One read per linked directive: the day each unit's dossier left the stage.
        let mut left: std::collections::HashMap<
            (String, String),
            std::collections::HashMap<String, NaiveDate>,
        > = std::collections::HashMap::new();
        for row in &rows {
            if let Some(stage) = &row.done_when_left {
                let key = (row.plan_type.clone(), stage.clone());
                if let std::collections::hash_map::Entry::Vacant(slot) = left.entry(key) {
                    let days = self
                        .db
                        .stage_left_on(province.as_deref(), &row.plan_type, stage, as_of, &known_at)
                        .await?;
                    slot.insert(days);
                }
            }
        }
        let tasks = rows
            .into_iter()
            .map(|row| {
                let by_dossier = row.done_when_left.as_ref().and_then(|stage| {
                    let unit = row.unit_code.as_ref()?;
                    left.get(&(row.plan_type.clone(), stage.clone()))?
                        .get(unit)
                        .copied()
                });
                let calendar = self.calendar_of(&row.province_code);
                task_on(row, by_dossier, as_of, calendar.as_ref())
            })
            .filter(|t| !q.overdue || t.status == TaskStatus::Late)
            .collect();
        Ok(tasks)
    }

    /// Reports on a task: done (with evidence), reopened, or cancelled (by whoever directs),
    /// or only its evidence and explanation updated (the same resolution).
    pub async fn update_task(&self, caller: Caller<'_>, id: i64, u: &TaskUpdate) -> Result<Task> {
        let row = self.db.task_row(id).await?;
        caller.allowed(|p| access::update_task(p, &row.province_code, row.organisation_id))?;
        if u.resolution == TaskResolution::Cancelled {
            caller.allowed(|p| access::direct(p, &row.province_code))?;
        }
        if let Some(expected) = u.expected_version
            && expected != row.version
        {
            return Err(DomainError::VersionConflict {
                expected: expected.max(0) as u64,
                actual: row.version.max(0) as u64,
            }
            .into());
        }
        if u.resolution != row.resolution {
            row.resolution.check_change(u.resolution)?;
        }
        let today = self.today();
        let on = bounded("on", u.on.unwrap_or(today))?;
        if on > today {
            return Err(refused(FollowUpProblem::ReportedInFuture));
        }
        let evidence = text("evidence", &u.evidence, false)?;
        let explanation = text("explanation", &u.explanation, false)?;
        if u.resolution == TaskResolution::Cancelled && explanation.is_empty() {
            return Err(refused(FollowUpProblem::CancelWithoutReason));
        }
        let resolved_on = match u.resolution {
            TaskResolution::Open => None,
            _ if u.resolution == row.resolution => row.resolved_on,
            _ => Some(on),
        };
        let mut tx = self.db.begin_write().await?;
        if !self
            .db
            .update_task(
                &mut tx,
                id,
                row.version,
                u.resolution,
                resolved_on,
                &evidence,
                &explanation,
            )
            .await?
        {
            return Err(DomainError::VersionConflict {
                expected: row.version.max(0) as u64,
                actual: row.version.max(0) as u64 + 1,
            }
            .into());
        }
        events::append(
            &mut tx,
            FollowUpEvent {
                province_code: &row.province_code,
                occurred_on: on,
                actor: &actor(caller),
                reason: if explanation.is_empty() {
                    "task reported"
                } else {
                    explanation.as_str()
                },
                kind: "task_updated",
                subject: format!("task:{id}"),
                payload: json!({
                    "from": row.resolution.as_str(),
                    "to": u.resolution.as_str(),
                    "evidence": evidence,
                }),
                recorded_at: self.clock.now(),
            },
        )
        .await?;
        tx.commit().await?;
        let row = self.db.task_row(id).await?;
        let calendar = self.calendar_of(&row.province_code);
        Ok(task_on(row, None, today, calendar.as_ref()))
    }

    /// Records what holds a dossier back.
    pub async fn record_blocker(
        &self,
        caller: Caller<'_>,
        dossier_id: i64,
        b: &NewBlocker,
    ) -> Result<Blocker> {
        let place = self.db.dossier_place(dossier_id).await?;
        caller.allowed(|p| access::record_blocker(p, &place.scope()))?;
        let note = text("note", &b.note, true)?;
        let since_on = bounded("since_on", b.since_on.unwrap_or_else(|| self.today()))?;
        if since_on > self.today() {
            return Err(refused(FollowUpProblem::BlockerInFuture));
        }
        if let Some(org) = b.organisation_id {
            let orgs = self.db.organisations().await?;
            match orgs.iter().find(|o| o.id == org) {
                Some(o) if o.province_code == place.province_code => {}
                Some(o) => {
                    return Err(refused(FollowUpProblem::AssigneeOutsideProvince {
                        name: o.name.clone(),
                    }));
                }
                None => return Err(StoreError::not_found("organisation", &org)),
            }
        }
        let b = NewBlocker { note, ..b.clone() };
        let mut tx = self.db.begin_write().await?;
        let id = self
            .db
            .insert_blocker(
                &mut tx,
                dossier_id,
                &place.province_code,
                &b,
                since_on,
                self.clock.now(),
            )
            .await?;
        events::append(
            &mut tx,
            FollowUpEvent {
                province_code: &place.province_code,
                occurred_on: since_on,
                actor: &actor(caller),
                reason: &b.note,
                kind: "blocker_recorded",
                subject: format!("blocker:{id}"),
                payload: json!({ "dossier": dossier_id, "blocker": b }),
                recorded_at: self.clock.now(),
            },
        )
        .await?;
        tx.commit().await?;
        self.db.blocker(id).await
    }

    /// Lifts a blocker on a day (today by default): an event in the history.
    pub async fn lift_blocker(
        &self,
        caller: Caller<'_>,
        id: i64,
        on: Option<NaiveDate>,
        reason: &str,
    ) -> Result<Blocker> {
        let blocker = self.db.blocker(id).await?;
        let place = self.db.dossier_place(blocker.dossier_id).await?;
        caller.allowed(|p| access::record_blocker(p, &place.scope()))?;
        let reason = text("reason", reason, true)?;
        let on = bounded("on", on.unwrap_or_else(|| self.today()))?;
        if on < blocker.since_on || on > self.today() {
            return Err(refused(FollowUpProblem::LiftOutsideSpan {
                since: blocker.since_on,
            }));
        }
        let mut tx = self.db.begin_write().await?;
        if !self
            .db
            .lift_blocker(&mut tx, id, on, self.clock.now())
            .await?
        {
            return Err(refused(FollowUpProblem::AlreadyLifted));
        }
        events::append(
            &mut tx,
            FollowUpEvent {
                province_code: &place.province_code,
                occurred_on: on,
                actor: &actor(caller),
                reason: &reason,
                kind: "blocker_lifted",
                subject: format!("blocker:{id}"),
                payload: json!({ "dossier": blocker.dossier_id }),
                recorded_at: self.clock.now(),
            },
        )
        .await?;
        tx.commit().await?;
        self.db.blocker(id).await
    }

    /// What holds a dossier back, lifted ones included.
    pub async fn blockers(&self, caller: Caller<'_>, dossier_id: i64) -> Result<Vec<Blocker>> {
        let place = self.db.dossier_place(dossier_id).await?;
        caller.allowed(|p| access::read_dossier(p, &place.scope()))?;
        self.db.blockers_of(dossier_id).await
    }
}

/// A stored task as it stood on `as_of`.
fn task_on(
    row: TaskRow,
    done_by_dossier_on: Option<NaiveDate>,
    as_of: NaiveDate,
    calendar: &impl plantrack_domain::calendar::WorkingCalendar,
) -> Task {
    // A report made after the day asked is not yet true on it.
    let reported = match row.resolved_on {
        Some(on) if on <= as_of && row.resolution != TaskResolution::Open => {
            (row.resolution, Some(on))
        }
        _ => (TaskResolution::Open, None),
    };
    let (resolution, resolved_on, by_dossier) = match (reported, done_by_dossier_on) {
        ((TaskResolution::Open, _), Some(left)) => (TaskResolution::Done, Some(left), true),
        ((r, on), _) => (r, on, false),
    };
    let record = TaskRecord {
        due_on: row.due_on,
        resolution,
        resolved_on,
    };
    Task {
        id: row.id,
        directive: row.directive_id,
        directive_text: row.directive_text,
        assignee: row.organisation,
        assignee_id: row.organisation_id,
        unit_code: row.unit_code,
        due_on: row.due_on,
        status: record.status_on(as_of),
        resolution,
        resolved_on,
        done_by_dossier: by_dossier,
        evidence: row.evidence,
        explanation: row.explanation,
        working_days_late: record.working_days_late(as_of, calendar),
        escalated: record.escalated(as_of, DEFAULT_ESCALATE_AFTER_WORKING_DAYS, calendar),
        version: row.version,
    }
}
