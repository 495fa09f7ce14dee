//! The daily digest's use cases (issue 13, item 6): where each organisation's digest goes
//! (its contact address and language, set by itself or the administrator, with an event in
//! its province's follow-up history), what it says on a day, and the claim on a day's sending
//! that keeps it from going out twice. Rendering and sending are the application's.

use chrono::NaiveDate;
use plantrack_domain::Language;
use plantrack_domain::access::{self, AdminAction, Caller};
use plantrack_domain::calendar::bounds::within_bounds;
use plantrack_domain::follow_up::{Digest, DigestTask, ItemKind, RequestState, TaskStatus};
use plantrack_domain::{DomainError, contact};
use serde_json::json;

use super::Planning;
use super::follow_up::actor;
use crate::accounts::OrganisationContact;
use crate::error::Result;
use crate::follow_up::events::{self, FollowUpEvent};
use crate::follow_up::{InformationRequest, RequestQuery, TaskQuery};

/// An organisation's contact and its digest of a day.
#[derive(Debug, Clone)]
pub struct DigestFor {
    pub contact: OrganisationContact,
    pub digest: Digest,
}

impl Planning {
    /// Organisations with their contact (of one province, or every one's for the operator),
    /// for the administrator.
    pub async fn organisation_contacts(
        &self,
        caller: Caller<'_>,
        province: Option<&str>,
    ) -> Result<Vec<OrganisationContact>> {
        Self::administer(caller, AdminAction::ManageAccounts)?;
        self.db.organisation_contacts(province).await
    }

    /// Where an organisation's digest goes, for those who may change it (its own offices,
    /// the administrator).
    pub async fn organisation_contact(
        &self,
        caller: Caller<'_>,
        organisation: i64,
    ) -> Result<OrganisationContact> {
        caller.allowed(|p| access::set_organisation_contact(p, organisation))?;
        self.db
            .organisation_contact(&organisation.to_string())
            .await
    }

    /// Sets where an organisation (its id or name) receives its digest, and in which
    /// language; no address stops its digest.
    pub async fn set_organisation_contact(
        &self,
        caller: Caller<'_>,
        organisation: &str,
        email: Option<&str>,
        language: Language,
    ) -> Result<OrganisationContact> {
        let before = self.db.organisation_contact(organisation).await?;
        let id = before.organisation.id;
        caller.allowed(|p| access::set_organisation_contact(p, id))?;
        let email = email
            .map(str::trim)
            .filter(|e| !e.is_empty())
            .map(contact::email)
            .transpose()?;
        let mut tx = self.db.begin_write().await?;
        crate::db::Db::set_organisation_contact(&mut tx, id, email.as_deref(), language).await?;
        events::append(
            &mut tx,
            FollowUpEvent {
                province_code: &before.organisation.province_code,
                occurred_on: self.today(),
                actor: &actor(caller),
                reason: "digest contact set",
                kind: "organisation_contact_set",
                subject: format!("organisation:{id}"),
                payload: json!({
                    "from": { "email": before.contact_email, "language": before.contact_language },
                    "to": { "email": email, "language": language },
                }),
                recorded_at: self.clock.now(),
            },
        )
        .await?;
        tx.commit().await?;
        self.db.organisation_contact(&id.to_string()).await
    }

    /// Records what a sector department (its id or name) is for — `finance` for the
    /// Department of Finance, which records the money — or clears it: the operator's and
    /// the administrator's, one event of the province's chain.
    pub async fn set_organisation_sector(
        &self,
        caller: Caller<'_>,
        organisation: &str,
        sector: Option<plantrack_domain::access::Sector>,
    ) -> Result<plantrack_domain::access::Organisation> {
        Self::administer(caller, AdminAction::ManageAccounts)?;
        let before = self
            .db
            .organisation_contact(organisation)
            .await?
            .organisation;
        if sector.is_some() && before.kind != plantrack_domain::access::OrgKind::SectorDepartment {
            return Err(
                DomainError::invalid("sector", "only a sector department has a sector").into(),
            );
        }
        let id = before.id;
        let mut tx = self.db.begin_write().await?;
        crate::db::Db::set_organisation_sector(&mut tx, id, sector).await?;
        events::append(
            &mut tx,
            FollowUpEvent {
                province_code: &before.province_code,
                occurred_on: self.today(),
                actor: &actor(caller),
                reason: "organisation sector set",
                kind: "organisation_sector_set",
                subject: format!("organisation:{id}"),
                payload: json!({
                    "from": before.sector.map(plantrack_domain::access::Sector::as_str),
                    "to": sector.map(plantrack_domain::access::Sector::as_str),
                }),
                recorded_at: self.clock.now(),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(self
            .db
            .organisation_contact(&id.to_string())
            .await?
            .organisation)
    }

    /// Every organisation's digest of `day` in the province named (every province's when
    /// none is): its tasks as they stand that day, sorted into sections. Those with no
    /// address are included, so the caller can say why they get nothing. The operator's and
    /// the administrator's: it reads every organisation's tasks and addresses.
    pub async fn digests(
        &self,
        caller: Caller<'_>,
        province: Option<&str>,
        day: NaiveDate,
    ) -> Result<Vec<DigestFor>> {
        Self::administer(caller, AdminAction::ManageAccounts)?;
        if !within_bounds(day) {
            return Err(DomainError::invalid(
                "on",
                format!("{day} is outside the days plantrack accepts"),
            )
            .into());
        }
        let contacts = self.db.organisation_contacts(province).await?;
        let mut provinces: Vec<&str> = contacts
            .iter()
            .map(|c| c.organisation.province_code.as_str())
            .collect();
        provinces.sort_unstable();
        provinces.dedup();
        // One read of each province's tasks on the day, shared out by assignee.
        let mut tasks: std::collections::HashMap<i64, Vec<DigestTask>> =
            std::collections::HashMap::new();
        for province in provinces {
            let listed = self
                .tasks(
                    Caller::Operator,
                    &TaskQuery {
                        province: Some(province.to_owned()),
                        as_of: Some(day),
                        ..TaskQuery::default()
                    },
                )
                .await?;
            for t in listed {
                tasks.entry(t.assignee_id).or_default().push(DigestTask {
                    what: ItemKind::Task,
                    id: t.id,
                    text: t.directive_text,
                    due_on: t.due_on,
                    status: t.status,
                    resolved_on: t.resolved_on,
                    working_days_late: t.working_days_late,
                });
            }
            let requests = self
                .information_requests(
                    Caller::Operator,
                    &RequestQuery {
                        province: Some(province.to_owned()),
                        as_of: Some(day),
                        ..RequestQuery::default()
                    },
                )
                .await?;
            for r in requests {
                let (to, item) = request_item(&r);
                tasks.entry(to).or_default().push(item);
            }
        }
        // The status calls each commune has not answered, until the meeting they prepare
        // is held: after it, an answer no longer serves.
        let mut meeting_days = std::collections::HashMap::new();
        for contact in &contacts {
            for call in self.db.unanswered_calls(contact.organisation.id).await? {
                if let Some(meeting) = call.meeting_id {
                    let held_on = if let Some(day) = meeting_days.get(&meeting) {
                        *day
                    } else {
                        let held_on = self.db.meeting(meeting).await?.held_on;
                        meeting_days.insert(meeting, held_on);
                        held_on
                    };
                    if held_on < day {
                        continue;
                    }
                }
                tasks
                    .entry(contact.organisation.id)
                    .or_default()
                    .push(DigestTask {
                        what: ItemKind::StatusCall,
                        id: call.id,
                        text: call.note,
                        due_on: call.due_on,
                        status: if call.due_on < day {
                            TaskStatus::Late
                        } else {
                            TaskStatus::Open
                        },
                        resolved_on: None,
                        working_days_late: 0,
                    });
            }
        }
        Ok(contacts
            .into_iter()
            .map(|contact| {
                let own = tasks.remove(&contact.organisation.id).unwrap_or_default();
                let digest = Digest::compose(
                    contact.organisation.id,
                    &contact.organisation.name,
                    day,
                    own,
                );
                DigestFor { contact, digest }
            })
            .collect())
    }

    /// Claims an organisation's digest of `day` for sending: false if it went out already.
    pub async fn claim_digest(
        &self,
        caller: Caller<'_>,
        organisation_id: i64,
        day: NaiveDate,
        recipient: &str,
    ) -> Result<bool> {
        Self::administer(caller, AdminAction::ManageAccounts)?;
        self.db
            .claim_digest(organisation_id, day, recipient, self.clock.now())
            .await
    }

    /// Whether an organisation's digest of `day` went out already (for a dry run).
    pub async fn digest_sent(
        &self,
        caller: Caller<'_>,
        organisation_id: i64,
        day: NaiveDate,
    ) -> Result<bool> {
        Self::administer(caller, AdminAction::ManageAccounts)?;
        self.db.digest_claimed(organisation_id, day).await
    }

    /// Gives back the claim of a digest that could not be sent, so a later run retries it.
    pub async fn release_digest(
        &self,
        caller: Caller<'_>,
        organisation_id: i64,
        day: NaiveDate,
    ) -> Result<()> {
        Self::administer(caller, AdminAction::ManageAccounts)?;
        self.db.release_digest(organisation_id, day).await
    }
}

/// Whose digest a request goes in on its day, and as what: the department's while open (late
/// past its due date, and on the day after it was withdrawn); the asker's on the day after
/// the answer or the delay's explanation came.
fn request_item(r: &InformationRequest) -> (i64, DigestTask) {
    let text = format!("{} ({})", r.text, r.unit_code);
    let item = |what, status, resolved_on, to| {
        (
            to,
            DigestTask {
                what,
                id: r.id,
                text: text.clone(),
                due_on: r.due_on,
                status,
                resolved_on,
                working_days_late: 0,
            },
        )
    };
    match r.state {
        RequestState::Open => item(
            ItemKind::RequestToAnswer,
            if r.late {
                TaskStatus::Late
            } else {
                TaskStatus::Open
            },
            None,
            r.department_id,
        ),
        RequestState::DelayExplained => item(
            ItemKind::RequestDelayed,
            TaskStatus::Done,
            r.delayed_on,
            r.requester_id,
        ),
        RequestState::Answered => item(
            ItemKind::RequestAnswered,
            TaskStatus::Done,
            r.closed_on,
            r.requester_id,
        ),
        // Withdrawn by its asker: the department need no longer answer.
        RequestState::Withdrawn => item(
            ItemKind::RequestToAnswer,
            TaskStatus::Cancelled,
            r.closed_on,
            r.department_id,
        ),
    }
}
