//! Plays the demo's meeting of 25/11/2025 (issue 13) after the plans: the blockers the 5
//! plateau communes had (from the day each was held to the day the directive lifted them),
//! then the meeting held, its conclusions given as directives, closed, and the reports the
//! addressees made afterwards, each recorded on its own day through the use cases a user's
//! commands go through.

use std::collections::HashMap;

use chrono::NaiveDate;
use plantrack_domain::access::Caller;
use plantrack_domain::access::OrgKind;
use plantrack_domain::follow_up::StatusReport;
use plantrack_domain::follow_up::{MeetingState, TaskResolution};
use plantrack_domain::workflow::CommandKind;
use plantrack_store::follow_up::{
    NewAgendaItem, NewBlocker, NewDirective, NewMeeting, NewStatusCall, Settlement, TaskQuery,
    TaskUpdate,
};
use plantrack_store::{Planning, StoreError};

use super::script::{Script, ScriptedPlan};

/// The day each campaign plan of `units` was put on hold.
fn held_on(script: &Script, unit: &str) -> Option<NaiveDate> {
    let plan: &ScriptedPlan = script.campaign.iter().find(|p| p.new.unit_code == unit)?;
    plan.steps
        .iter()
        .find(|s| matches!(&s.action, super::script::Action::Command(CommandKind::Hold)))
        .map(|s| s.on)
}

/// Plays the meeting. `record_on` moves the replay's clock to a day; `dossiers` maps the
/// campaign's units to their dossiers.
pub async fn play(
    planning: &Planning,
    script: &Script,
    dossiers: &HashMap<String, i64>,
    record_on: &dyn Fn(NaiveDate),
) -> Result<(), StoreError> {
    let operator = Caller::Operator;
    let m = &script.meeting;
    let organisations = planning.organisations(operator).await?;
    let org_id = |name: &str| -> Result<i64, StoreError> {
        organisations
            .iter()
            .find(|o| o.name == name)
            .map(|o| o.id)
            .ok_or_else(|| StoreError::NotFound {
                what: "organisation",
                key: name.to_owned(),
            })
    };
    for b in &m.blockers {
        for unit in &b.units {
            let dossier = *dossiers.get(unit).ok_or_else(|| StoreError::NotFound {
                what: "demo dossier",
                key: unit.clone(),
            })?;
            let since = held_on(script, unit).unwrap_or(b.lifted_on);
            record_on(since);
            let recorded = planning
                .record_blocker(
                    operator,
                    dossier,
                    &NewBlocker {
                        category: b.category,
                        organisation_id: Some(org_id(&b.lifted_by)?),
                        since_on: Some(since),
                        note: b.note.clone(),
                    },
                )
                .await?;
            record_on(b.lifted_on);
            planning
                .lift_blocker(operator, recorded.id, Some(b.lifted_on), &b.lifted_reason)
                .await?;
        }
    }
    let plan_type = script
        .campaign
        .first()
        .map(|p| p.new.plan_type)
        .ok_or_else(|| StoreError::NotFound {
            what: "demo campaign",
            key: script.province.clone(),
        })?;
    // Prepared a week before, held on the day.
    let day = script.meeting_date;
    record_on(day - chrono::Days::new(7));
    let meeting = planning
        .create_meeting(
            operator,
            &NewMeeting {
                province: Some(script.province.clone()),
                title: m.title.clone(),
                held_on: day,
                starts_at: m.starts_at.clone(),
                kind: m.kind,
                venue: m.venue.clone(),
                chair: m.chair.clone(),
                plan_type,
                connected_units: m.connected_units,
            },
        )
        .await?;
    if let Some(r) = &m.repeat {
        planning
            .set_recurrence(operator, meeting.id, Some((r.every_days, r.until)))
            .await?;
    }
    planning
        .change_meeting_state(
            operator,
            meeting.id,
            MeetingState::Scheduled,
            "Gửi giấy mời họp",
        )
        .await?;
    let mut items = Vec::new();
    for a in &m.agenda {
        let added = planning
            .add_agenda_item(
                operator,
                meeting.id,
                &NewAgendaItem {
                    title: a.title.clone(),
                    presenter: a.presenter.clone(),
                    duration_minutes: a.duration,
                    unit_code: a.unit.clone(),
                },
            )
            .await?;
        items.push((added.id, a));
    }
    // Every organisation of the province that works on the plans is invited.
    let invited: Vec<i64> = organisations
        .iter()
        .filter(|o| o.province_code == script.province && o.kind != OrgKind::Public)
        .map(|o| o.id)
        .collect();
    planning.invite(operator, meeting.id, &invited).await?;
    if let Some(call) = &m.status_call {
        status_call(planning, call, meeting.id, &organisations, record_on).await?;
    }
    record_on(day);
    planning
        .change_meeting_state(
            operator,
            meeting.id,
            MeetingState::InProgress,
            "Khai mạc cuộc họp",
        )
        .await?;
    for id in &invited {
        let name = organisations
            .iter()
            .find(|o| o.id == *id)
            .map(|o| o.name.as_str())
            .unwrap_or_default();
        let came = !m.absent.iter().any(|a| a == name);
        planning
            .mark_attendance(operator, meeting.id, *id, came)
            .await?;
    }
    for (id, a) in &items {
        planning
            .settle_agenda_item(
                operator,
                *id,
                &Settlement {
                    state: a.state,
                    outcome: a.outcome.clone(),
                },
            )
            .await?;
    }
    if !m.minutes.is_empty() {
        planning
            .write_minutes(operator, meeting.id, &m.minutes)
            .await?;
    }
    let mut reports = Vec::new();
    for d in &m.directives {
        let conclusion = planning
            .add_conclusion(operator, meeting.id, &d.conclusion, None)
            .await?;
        let (directive, _) = planning
            .issue_directive(
                operator,
                &NewDirective {
                    meeting_id: meeting.id,
                    conclusion_id: Some(conclusion.id),
                    text: d.text.clone(),
                    issuer: None,
                    notice_number: m.notice_number.clone(),
                    notice_date: Some(m.notice_date),
                    due: d.due.clone(),
                    addressees: d.to.clone(),
                    done_when_left: d.done_when_left.clone(),
                },
            )
            .await?;
        for r in &d.reports {
            reports.push((r, directive.id));
        }
    }
    planning
        .change_meeting_state(
            operator,
            meeting.id,
            MeetingState::Closed,
            "Kết thúc cuộc họp",
        )
        .await?;
    // The reports, in the order of their days.
    reports.sort_by_key(|(r, _)| r.on);
    for (r, directive) in reports {
        record_on(r.on);
        let assignee = org_id(&r.to)?;
        let task = planning
            .tasks(
                operator,
                &TaskQuery {
                    province: Some(script.province.clone()),
                    directive: Some(directive),
                    assignee: Some(assignee),
                    ..TaskQuery::default()
                },
            )
            .await?
            .into_iter()
            .next()
            .ok_or_else(|| StoreError::NotFound {
                what: "demo task",
                key: r.to.clone(),
            })?;
        planning
            .update_task(
                operator,
                task.id,
                &TaskUpdate {
                    resolution: TaskResolution::Done,
                    on: Some(r.on),
                    evidence: r.evidence.clone(),
                    explanation: String::new(),
                    expected_version: Some(task.version),
                },
            )
            .await?;
    }
    Ok(())
}

/// Sends the meeting's status call on the day it is prepared, then records each commune's
/// answer on its day (given by telephone, recorded by the Department of Construction).
async fn status_call(
    planning: &Planning,
    call: &super::script::StatusCall,
    meeting: i64,
    organisations: &[plantrack_domain::access::Organisation],
    record_on: &dyn Fn(NaiveDate),
) -> Result<(), StoreError> {
    let operator = Caller::Operator;
    let sent = planning
        .call_for_status(
            operator,
            &NewStatusCall {
                province: None,
                meeting_id: Some(meeting),
                plan_type: None,
                due_on: call.due,
                note: call.note.clone(),
            },
        )
        .await?;
    let mut answers: Vec<_> = call.answers.iter().collect();
    answers.sort_by_key(|a| a.on);
    for a in answers {
        let organisation = organisations
            .iter()
            .find(|o| o.unit_code.as_deref() == Some(a.unit.as_str()))
            .ok_or_else(|| StoreError::NotFound {
                what: "demo commune",
                key: a.unit.clone(),
            })?;
        record_on(a.on);
        planning
            .answer_status_call(
                operator,
                sent.call.id,
                Some(organisation.id),
                &StatusReport {
                    stage: a.stage.clone(),
                    next_step_on: a.next_step,
                    blocker: a.blocker,
                    comment: a.comment.clone(),
                },
            )
            .await?;
    }
    Ok(())
}
