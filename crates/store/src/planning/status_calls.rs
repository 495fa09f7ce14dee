//! The status call before a review meeting (issue 13, item 5): whoever directs asks every
//! commune of the campaign to confirm its status by a day; each commune answers for itself
//! (or the Department of Construction records an answer given by telephone); the meeting
//! reads who answered, who did not, and whose stage disagrees with plantrack's.

use plantrack_domain::DomainError;
use plantrack_domain::access::OrgKind;
use plantrack_domain::access::{self, Caller, TaskReach};
use plantrack_domain::follow_up::status_call::{check_call, check_report};
use plantrack_domain::follow_up::{FollowUpProblem, StatusReport};
use plantrack_domain::plan::PlanType;
use serde_json::json;

use super::Planning;
use super::follow_up::{actor, bounded, refused, text};
use crate::error::{Result, StoreError};
use crate::follow_up::events::{self, FollowUpEvent};
use crate::follow_up::{NewStatusCall, StatusCall, StatusCallSheet, StatusReply};

impl Planning {
    /// Sends a status call to every commune of the campaign (the meeting's, or the plan type
    /// named): one reply awaited from each, due on the day given.
    pub async fn call_for_status(
        &self,
        caller: Caller<'_>,
        c: &NewStatusCall,
    ) -> Result<StatusCallSheet> {
        let meeting = match c.meeting_id {
            Some(id) => Some(self.db.meeting(id).await?),
            None => None,
        };
        let named = meeting
            .as_ref()
            .map(|m| m.province_code.clone())
            .or_else(|| c.province.clone());
        let province = self
            .province_in_scope(caller, named.as_deref(), access::direct)
            .await?
            .ok_or_else(|| DomainError::invalid("province", "name the province"))?;
        let plan_type = meeting
            .as_ref()
            .map(|m| m.plan_type)
            .or(c.plan_type)
            .unwrap_or(PlanType::CommuneGeneral);
        let asked_on = self.today();
        let due_on = bounded("due_on", c.due_on)?;
        check_call(asked_on, due_on).map_err(refused)?;
        let note = text("note", &c.note, false)?;
        let units = self
            .db
            .campaign_units(&province, plan_type.as_str())
            .await?;
        let communes: Vec<_> = self
            .db
            .organisations()
            .await?
            .into_iter()
            .filter(|o| o.kind == OrgKind::CommunePc && o.province_code == province)
            .filter_map(|o| {
                let unit = o.unit_code.clone()?;
                units.contains(&unit).then_some((o, unit))
            })
            .collect();
        if communes.is_empty() {
            return Err(refused(FollowUpProblem::NoAddressee));
        }
        let call = StatusCall {
            id: 0,
            province_code: province.clone(),
            meeting_id: c.meeting_id,
            plan_type,
            asked_on,
            due_on,
            note,
        };
        let mut tx = self.db.begin_write().await?;
        let id = self.db.insert_status_call(&mut tx, &call).await?;
        for (org, unit) in &communes {
            self.db
                .insert_status_reply(&mut tx, id, org.id, unit)
                .await?;
        }
        let call = StatusCall { id, ..call };
        events::append(
            &mut tx,
            FollowUpEvent {
                province_code: &province,
                occurred_on: asked_on,
                actor: &actor(caller),
                reason: "status call sent",
                kind: "status_call_sent",
                subject: format!("status_call:{id}"),
                payload: json!({
                    "call": call,
                    "asked": communes.iter().map(|(o, _)| o.id).collect::<Vec<_>>(),
                }),
                recorded_at: self.clock.now(),
            },
        )
        .await?;
        tx.commit().await?;
        self.status_call(caller, id).await
    }

    /// A call with its replies as they stand today: the province's offices read every reply,
    /// a commune its own.
    pub async fn status_call(&self, caller: Caller<'_>, id: i64) -> Result<StatusCallSheet> {
        let call = self.db.status_call(id).await?;
        let (_, reach) = self
            .follow_up_scope(caller, Some(&call.province_code))
            .await?;
        let own = match reach {
            TaskReach::Province => None,
            TaskReach::Organisation(own) => Some(own),
        };
        let replies = self.db.status_replies(&call, own, self.today()).await?;
        Ok(StatusCallSheet { call, replies })
    }

    /// The calls of the province (the caller's own when none is named), of one meeting when
    /// named; a commune sees those it was asked.
    pub async fn status_calls(
        &self,
        caller: Caller<'_>,
        province: Option<&str>,
        meeting: Option<i64>,
    ) -> Result<Vec<StatusCall>> {
        let (province, reach) = self.follow_up_scope(caller, province).await?;
        let calls = self.db.status_calls(province.as_deref(), meeting).await?;
        match reach {
            TaskReach::Province => Ok(calls),
            TaskReach::Organisation(own) => {
                let mut asked = Vec::new();
                for call in calls {
                    if !self
                        .db
                        .status_replies(&call, Some(own), self.today())
                        .await?
                        .is_empty()
                    {
                        asked.push(call);
                    }
                }
                Ok(asked)
            }
        }
    }

    /// The calls the caller's organisation was asked and has not answered: its inbox's.
    pub async fn unanswered_status_calls(&self, caller: Caller<'_>) -> Result<Vec<StatusCall>> {
        let Some(p) = caller.principal() else {
            return Ok(Vec::new());
        };
        self.db.unanswered_calls(p.organisation.id).await
    }

    /// A commune answers a call (the organisation named, or the caller's own): its stage is
    /// checked against the one plantrack holds, and a later answer replaces an earlier one.
    pub async fn answer_status_call(
        &self,
        caller: Caller<'_>,
        call_id: i64,
        organisation: Option<i64>,
        report: &StatusReport,
    ) -> Result<StatusReply> {
        let call = self.db.status_call(call_id).await?;
        let organisation = organisation
            .or_else(|| caller.principal().map(|p| p.organisation.id))
            .ok_or_else(|| DomainError::invalid("organisation", "name the commune answering"))?;
        caller.allowed(|p| access::update_task(p, &call.province_code, organisation))?;
        let today = self.today();
        let asked = self
            .db
            .status_replies(&call, Some(organisation), today)
            .await?;
        let Some(reply) = asked.first() else {
            return Err(refused(FollowUpProblem::NotAskedOfYou));
        };
        let known = self
            .templates()
            .iter()
            .filter(|t| t.plan_types.contains(&call.plan_type))
            .any(|t| t.stages.iter().any(|s| s.key == report.stage));
        if !known {
            return Err(refused(FollowUpProblem::UnknownStage {
                stage: report.stage.clone(),
            }));
        }
        if let Some(day) = report.next_step_on {
            bounded("next_step_on", day)?;
        }
        check_report(report, today).map_err(refused)?;
        let report = StatusReport {
            comment: text("comment", &report.comment, false)?,
            ..report.clone()
        };
        let recorded = self
            .db
            .dossier_stage_on(&reply.unit_code, call.plan_type.as_str(), today)
            .await?;
        let mut tx = self.db.begin_write().await?;
        let written = self
            .db
            .answer_status_reply(
                &mut tx,
                call.id,
                organisation,
                today,
                &report,
                recorded.as_deref(),
                self.clock.now(),
            )
            .await?;
        if !written {
            return Err(refused(FollowUpProblem::NotAskedOfYou));
        }
        events::append(
            &mut tx,
            FollowUpEvent {
                province_code: &call.province_code,
                occurred_on: today,
                actor: &actor(caller),
                reason: if report.comment.is_empty() {
                    "status answered"
                } else {
                    &report.comment
                },
                kind: "status_answered",
                subject: format!("status_call:{}", call.id),
                payload: json!({
                    "organisation": organisation,
                    "unit_code": reply.unit_code,
                    "report": report,
                    "stage_recorded": recorded,
                }),
                recorded_at: self.clock.now(),
            },
        )
        .await?;
        tx.commit().await?;
        self.db
            .status_replies(&call, Some(organisation), today)
            .await?
            .into_iter()
            .next()
            .ok_or_else(|| StoreError::not_found("status reply", &call.id))
    }
}
