//! Sectoral information requests (issue 13, item 4): asking a department for what a plan needs
//! (one request per dossier, many communes at once), the department's answer (documents and/or
//! a published layer version) or explained delay, withdrawal, and each department's
//! turnaround. Each asks `domain::access`, lets the domain decide (due dates, states,
//! lateness) and writes its rows with one event of the province's follow-up chain in one
//! transaction.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use plantrack_domain::DomainError;
use plantrack_domain::access::{self, Caller, Denied, OrgKind, TaskReach};
use plantrack_domain::follow_up::{FollowUpProblem, RequestState, request};
use serde_json::json;

use super::Planning;
use super::follow_up::{actor, bounded, refused, text};
use crate::error::{Result, StoreError};
use crate::follow_up::events::{self, FollowUpEvent};
use crate::follow_up::requests::{RequestChange, RequestFilter};
use crate::follow_up::{
    DelayExplanation, DepartmentTurnaround, InformationAnswer, InformationRequest,
    NewInformationRequest, RequestQuery, Withdrawal,
};

/// The most dossiers one call asks about: a province's communes, with room to spare.
const MAX_DOSSIERS: usize = 1000;

/// The most documents one answer carries: a letter and its annexes, not a file store.
const MAX_DOCUMENTS: usize = 50;

/// A request as it stood on `day`: what was said of it later is not shown.
pub(crate) fn on_day(mut r: InformationRequest, day: NaiveDate) -> InformationRequest {
    let record = r.record();
    r.state = record.state_on(day);
    r.late = record.late_on(day);
    if r.state.is_open() {
        r.closed_on = None;
        r.answer.clear();
        r.answer_documents.clear();
        r.layer_version_id = None;
    }
    if r.state == RequestState::Open {
        r.delay_note.clear();
        r.expected_on = None;
        r.delayed_on = None;
    }
    r
}

impl Planning {
    /// Asks a department for sectoral information about each dossier named: one request per
    /// dossier, due 15 days after asking unless a due date is given.
    pub async fn ask_information(
        &self,
        caller: Caller<'_>,
        n: &NewInformationRequest,
    ) -> Result<Vec<InformationRequest>> {
        if n.dossiers.is_empty() {
            return Err(refused(FollowUpProblem::NoDossier));
        }
        if n.dossiers.len() > MAX_DOSSIERS {
            return Err(DomainError::invalid(
                "dossiers",
                format!("at most {MAX_DOSSIERS} at once"),
            )
            .into());
        }
        if n.topics.is_empty() {
            return Err(refused(FollowUpProblem::NoTopic));
        }
        let mut topics = n.topics.clone();
        topics.sort();
        topics.dedup();
        let body = text("text", &n.text, true)?;
        let today = self.today();
        let asked_on = bounded("asked_on", n.asked_on.unwrap_or(today))?;
        if asked_on > today {
            return Err(DomainError::invalid("asked_on", "is a day still to come").into());
        }
        let due_on = bounded("due_on", request::due_on(asked_on, n.due_on)?)?;
        let organisations = self.db.organisations().await?;
        let find = |id: i64| {
            organisations
                .iter()
                .find(|o| o.id == id)
                .ok_or(FollowUpProblem::UnknownOrganisation { id })
        };
        let department = find(n.department_id).map_err(refused)?;
        if !matches!(
            department.kind,
            OrgKind::SectorDepartment | OrgKind::ConstructionDept
        ) {
            return Err(refused(FollowUpProblem::AddresseeNotDepartment {
                name: department.name.clone(),
            }));
        }
        let requester = match (caller.principal(), n.requester_id) {
            (Some(p), _) => p.organisation.id,
            (None, Some(id)) => {
                // The operator names the organisation asking: it must be of the department's
                // province, as an account asking is.
                let requester = find(id).map_err(refused)?;
                if requester.province_code != department.province_code {
                    return Err(refused(FollowUpProblem::AssigneeOutsideProvince {
                        name: requester.name.clone(),
                    }));
                }
                requester.id
            }
            (None, None) => {
                return Err(DomainError::invalid(
                    "requester_id",
                    "name the organisation that asks",
                )
                .into());
            }
        };
        let mut dossiers = n.dossiers.clone();
        dossiers.sort_unstable();
        dossiers.dedup();
        let mut places = Vec::with_capacity(dossiers.len());
        for id in &dossiers {
            let place = self.db.dossier_place(*id).await?;
            caller.allowed(|p| access::ask_information(p, &place.scope()))?;
            if department.province_code != place.province_code {
                return Err(refused(FollowUpProblem::DepartmentOutsideProvince {
                    name: department.name.clone(),
                }));
            }
            places.push((*id, place));
        }
        let now = self.clock.now();
        let who = actor(caller);
        let mut tx = self.db.begin_write().await?;
        let mut ids = Vec::with_capacity(places.len());
        for (dossier, place) in &places {
            let id = self
                .db
                .insert_information_request(
                    &mut tx,
                    &place.province_code,
                    *dossier,
                    &place.unit_code,
                    requester,
                    department.id,
                    &topics,
                    &body,
                    asked_on,
                    due_on,
                    now,
                )
                .await?;
            ids.push(id);
        }
        // One change, one event: the requests asked together are one letter.
        events::append(
            &mut tx,
            FollowUpEvent {
                province_code: &department.province_code,
                occurred_on: asked_on,
                actor: &who,
                reason: "information requested",
                kind: "information_requested",
                subject: format!("department:{}", department.id),
                payload: json!({
                    "requests": ids.iter().zip(&places).map(|(r, (d, _))| json!({"request": r, "dossier": d})).collect::<Vec<_>>(),
                    "requester": requester,
                    "department": department.id,
                    "topics": topics,
                    "text": body,
                    "due_on": due_on,
                }),
                recorded_at: now,
            },
        )
        .await?;
        tx.commit().await?;
        let mut asked = Vec::with_capacity(ids.len());
        for id in ids {
            asked.push(on_day(self.db.information_request(id).await?, today));
        }
        Ok(asked)
    }

    /// Requests of the province named (or the caller's own) as they stood on a day (today by
    /// default): a commune or a consultant firm reads those it asked or is asked, the
    /// province's offices all.
    pub async fn information_requests(
        &self,
        caller: Caller<'_>,
        q: &RequestQuery,
    ) -> Result<Vec<InformationRequest>> {
        let (province, reach) = self.follow_up_scope(caller, q.province.as_deref()).await?;
        let as_of = bounded("as_of", q.as_of.unwrap_or_else(|| self.today()))?;
        let organisation = match reach {
            TaskReach::Province => None,
            TaskReach::Organisation(own) => Some(own),
        };
        let rows = self
            .db
            .information_requests(&RequestFilter {
                province: province.as_deref(),
                asked_by: Some(as_of),
                department: q.department,
                unit: q.unit.as_deref(),
                dossier: q.dossier,
                organisation,
            })
            .await?;
        Ok(rows
            .into_iter()
            .map(|r| on_day(r, as_of))
            .filter(|r| !q.open || r.state.is_open())
            .filter(|r| !q.overdue || (r.state.is_open() && r.late))
            .collect())
    }

    /// A request as it stands today, if the caller reads it.
    pub async fn information_request(
        &self,
        caller: Caller<'_>,
        id: i64,
    ) -> Result<InformationRequest> {
        let r = self.db.information_request(id).await?;
        match caller {
            Caller::Operator => {}
            Caller::Account(p) => match access::read_follow_up(p, &r.province_code)? {
                TaskReach::Province => {}
                TaskReach::Organisation(own) if own == r.requester_id || own == r.department_id => {
                }
                TaskReach::Organisation(_) => {
                    return Err(StoreError::not_found("information request", &id));
                }
            },
        }
        Ok(on_day(r, self.today()))
    }

    /// The department's answer: documents and/or a published version of its own layers.
    pub async fn answer_information_request(
        &self,
        caller: Caller<'_>,
        id: i64,
        a: &InformationAnswer,
    ) -> Result<InformationRequest> {
        let r = self.db.information_request(id).await?;
        check_addressed(caller, &r)?;
        check_version(&r, a.expected_version)?;
        r.state.check_change(RequestState::Answered)?;
        let on = self.request_day(&r, a.on)?;
        let answer = text("answer", &a.answer, false)?;
        if a.documents.len() > MAX_DOCUMENTS {
            return Err(DomainError::invalid(
                "documents",
                format!("at most {MAX_DOCUMENTS} in one answer"),
            )
            .into());
        }
        let mut documents = Vec::with_capacity(a.documents.len());
        for d in &a.documents {
            let d = text("documents", d, false)?;
            if !d.is_empty() {
                documents.push(d);
            }
        }
        if documents.is_empty() && a.layer_version_id.is_none() {
            return Err(refused(FollowUpProblem::EmptyAnswer));
        }
        if let Some(version) = a.layer_version_id {
            match self.db.layer_version_owner(version).await? {
                Some((owner, true)) if owner == r.department_id => {}
                _ => {
                    return Err(refused(FollowUpProblem::LayerVersionNotTheDepartments {
                        id: version,
                    }));
                }
            }
        }
        let change = RequestChange {
            state: RequestState::Answered,
            closed_on: Some(on),
            answer: &answer,
            documents: &documents,
            layer_version_id: a.layer_version_id,
            delay_note: &r.delay_note,
            expected_on: r.expected_on,
            delayed_on: r.delayed_on,
        };
        self.change_request(
            caller,
            &r,
            &change,
            on,
            "information_answered",
            if answer.is_empty() {
                "information answered"
            } else {
                &answer
            },
            json!({
                "from": r.state.as_str(),
                "documents": documents,
                "layer_version": a.layer_version_id,
            }),
        )
        .await
    }

    /// The department explains why it is late and when it expects to answer: the request stays
    /// open (and late once past its due date).
    pub async fn explain_request_delay(
        &self,
        caller: Caller<'_>,
        id: i64,
        e: &DelayExplanation,
    ) -> Result<InformationRequest> {
        let r = self.db.information_request(id).await?;
        check_addressed(caller, &r)?;
        check_version(&r, e.expected_version)?;
        r.state.check_change(RequestState::DelayExplained)?;
        let on = self.request_day(&r, e.on)?;
        let note = text("note", &e.note, true)?;
        let expected_on = bounded("expected_on", e.expected_on)?;
        if expected_on <= r.due_on || expected_on < on {
            return Err(refused(FollowUpProblem::ExpectedNotLater {
                due: r.due_on.max(on),
            }));
        }
        let change = RequestChange {
            state: RequestState::DelayExplained,
            closed_on: None,
            answer: &r.answer,
            documents: &r.answer_documents,
            layer_version_id: r.layer_version_id,
            delay_note: &note,
            expected_on: Some(expected_on),
            delayed_on: Some(on),
        };
        self.change_request(
            caller,
            &r,
            &change,
            on,
            "information_delay_explained",
            &note,
            json!({ "from": r.state.as_str(), "expected_on": expected_on }),
        )
        .await
    }

    /// Withdraws a request: by the organisation that asked, or whoever directs.
    pub async fn withdraw_information_request(
        &self,
        caller: Caller<'_>,
        id: i64,
        w: &Withdrawal,
    ) -> Result<InformationRequest> {
        let r = self.db.information_request(id).await?;
        caller.allowed(|p| access::withdraw_information(p, &r.province_code, r.requester_id))?;
        check_version(&r, w.expected_version)?;
        r.state.check_change(RequestState::Withdrawn)?;
        let on = self.request_day(&r, w.on)?;
        let reason = text("reason", &w.reason, true)?;
        let change = RequestChange {
            state: RequestState::Withdrawn,
            closed_on: Some(on),
            answer: &r.answer,
            documents: &r.answer_documents,
            layer_version_id: r.layer_version_id,
            delay_note: &r.delay_note,
            expected_on: r.expected_on,
            delayed_on: r.delayed_on,
        };
        self.change_request(
            caller,
            &r,
            &change,
            on,
            "information_withdrawn",
            &reason,
            json!({ "from": r.state.as_str() }),
        )
        .await
    }

    /// Each department's turnaround in the province named (or the caller's own) on a day:
    /// requests asked, answered, open, late, the median days to answer and the share late.
    pub async fn request_turnaround(
        &self,
        caller: Caller<'_>,
        province: Option<&str>,
        as_of: Option<NaiveDate>,
    ) -> Result<Vec<DepartmentTurnaround>> {
        let (province, _) = self.follow_up_scope(caller, province).await?;
        let as_of = bounded("as_of", as_of.unwrap_or_else(|| self.today()))?;
        // Turnaround is the departments' public record within the province: every office
        // reading its follow-up sees all of it, as leadership's meeting does.
        let rows = self
            .db
            .information_requests(&RequestFilter {
                province: province.as_deref(),
                asked_by: Some(as_of),
                ..RequestFilter::default()
            })
            .await?;
        let mut by_department: BTreeMap<(String, i64), Vec<request::RequestRecord>> =
            BTreeMap::new();
        for r in &rows {
            by_department
                .entry((r.department.clone(), r.department_id))
                .or_default()
                .push(r.record());
        }
        Ok(by_department
            .into_iter()
            .map(
                |((department, department_id), records)| DepartmentTurnaround {
                    department_id,
                    department,
                    turnaround: request::turnaround(&records, as_of),
                },
            )
            .collect())
    }

    /// The day a change takes effect: today unless said, between the request and today.
    fn request_day(&self, r: &InformationRequest, said: Option<NaiveDate>) -> Result<NaiveDate> {
        let today = self.today();
        let on = bounded("on", said.unwrap_or(today))?;
        if on < r.asked_on || on > today {
            return Err(refused(FollowUpProblem::RequestDayOutsideSpan {
                asked: r.asked_on,
            }));
        }
        Ok(on)
    }

    /// Writes a change and its event in one transaction.
    #[allow(clippy::too_many_arguments)]
    async fn change_request(
        &self,
        caller: Caller<'_>,
        r: &InformationRequest,
        change: &RequestChange<'_>,
        on: NaiveDate,
        kind: &str,
        reason: &str,
        payload: serde_json::Value,
    ) -> Result<InformationRequest> {
        let now = self.clock.now();
        let mut tx = self.db.begin_write().await?;
        if !self
            .db
            .change_information_request(&mut tx, r.id, r.version, change, now)
            .await?
        {
            return Err(DomainError::VersionConflict {
                expected: r.version.max(0) as u64,
                actual: r.version.max(0) as u64 + 1,
            }
            .into());
        }
        events::append(
            &mut tx,
            FollowUpEvent {
                province_code: &r.province_code,
                occurred_on: on,
                actor: &actor(caller),
                reason,
                kind,
                subject: format!("information_request:{}", r.id),
                payload,
                recorded_at: now,
            },
        )
        .await?;
        tx.commit().await?;
        Ok(on_day(
            self.db.information_request(r.id).await?,
            self.today(),
        ))
    }
}

fn check_version(r: &InformationRequest, expected: Option<i64>) -> Result<()> {
    match expected {
        Some(expected) if expected != r.version => Err(DomainError::VersionConflict {
            expected: expected.max(0) as u64,
            actual: r.version.max(0) as u64,
        }
        .into()),
        _ => Ok(()),
    }
}

/// Refuses anyone but the addressed department, in words that say whose request it is.
fn check_addressed(caller: Caller<'_>, r: &InformationRequest) -> Result<()> {
    match caller.allowed(|p| access::answer_information(p, r.department_id)) {
        Ok(()) => Ok(()),
        Err(Denied::NotSignedIn) => Err(Denied::NotSignedIn.into()),
        Err(Denied::Forbidden { .. }) => {
            Err(refused(FollowUpProblem::RequestNotAddressedToCaller {
                department: r.department.clone(),
            }))
        }
    }
}
