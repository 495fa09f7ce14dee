//! A dossier's events and the state they fold into. The events are the record; the state is
//! derived. Due dates are carried by the events that set them, so that a later change of the
//! template or of the calendar never rewrites what the history says was due.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::plan::PlanBodies;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DossierStatus {
    Active,
    OnHold,
    Completed,
}

impl DossierStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::OnHold => "on_hold",
            Self::Completed => "completed",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "active" => Self::Active,
            "on_hold" => Self::OnHold,
            "completed" => Self::Completed,
            _ => return None,
        })
    }
}

/// The due date that counts: a stage's clock stops while the dossier is on hold (resuming
/// moves the date by the time held) and ends with the procedure, so only an active dossier
/// has one.
pub fn effective_due_on(status: DossierStatus, due_on: Option<NaiveDate>) -> Option<NaiveDate> {
    match status {
        DossierStatus::Active => due_on,
        DossierStatus::OnHold | DossierStatus::Completed => None,
    }
}

/// Which of a plan's bodies a [`EventKind::BodyChanged`] replaces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum BodyRole {
    Preparing,
    Appraising,
    Approving,
}

/// What happened to a dossier. Serialized with a `type` tag into the event store.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum EventKind {
    /// The dossier was opened under a template version, in its first stage.
    Opened {
        plan_id: i64,
        template: String,
        template_version: u32,
        stage: String,
        bodies: PlanBodies,
        due_on: Option<NaiveDate>,
    },
    Transitioned {
        action: String,
        from: String,
        to: String,
        due_on: Option<NaiveDate>,
        /// True when `to` is a terminal stage: the procedure is complete.
        #[serde(default)]
        completes: bool,
    },
    PutOnHold,
    /// Resumed after a hold; the stage's due date moves by the time spent on hold.
    Resumed {
        due_on: Option<NaiveDate>,
    },
    DocumentAttached {
        kind: String,
        title: String,
        reference: String,
        /// The stage's due date, when this document starts one of its time limits.
        due_on: Option<NaiveDate>,
        /// The uploaded file, when the document was uploaded rather than cited. Absent from
        /// older events, so that their stored form (and hash) is unchanged.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        file: Option<StoredFile>,
    },
    DeadlineExtended {
        stage: String,
        new_due_on: NaiveDate,
        /// Who approved the extension (a person or a decision).
        approver: String,
    },
    BodyChanged {
        body: BodyRole,
        name: String,
    },
    ConsultantChanged {
        name: String,
    },
    FundingAllocated {
        decision_number: String,
        decision_date: NaiveDate,
        amount_vnd: i64,
    },
    /// A conflict of the land-use check accepted; the event's reason says why.
    ConflictAccepted {
        zone: String,
        constraint: String,
        layer: String,
        accepted_by: String,
    },
    /// The appraiser's finding on a checklist item, in a round of the appraisal stage.
    FindingRecorded {
        stage: String,
        round: u32,
        checklist: String,
        item: String,
        verdict: crate::appraisal::FindingVerdict,
        comment: String,
    },
    /// Leadership let the appraisal pass although the item needs revision; the event's
    /// reason says why.
    FindingOverruled {
        stage: String,
        round: u32,
        checklist: String,
        item: String,
    },
}

impl EventKind {
    /// The tag stored in the event table's `kind` column.
    pub fn tag(&self) -> &'static str {
        match self {
            Self::Opened { .. } => "opened",
            Self::Transitioned { .. } => "transitioned",
            Self::PutOnHold => "put_on_hold",
            Self::Resumed { .. } => "resumed",
            Self::DocumentAttached { .. } => "document_attached",
            Self::DeadlineExtended { .. } => "deadline_extended",
            Self::BodyChanged { .. } => "body_changed",
            Self::ConsultantChanged { .. } => "consultant_changed",
            Self::FundingAllocated { .. } => "funding_allocated",
            Self::ConflictAccepted { .. } => "conflict_accepted",
            Self::FindingRecorded { .. } => "finding_recorded",
            Self::FindingOverruled { .. } => "finding_overruled",
        }
    }
}

/// One entry of a dossier's append-only history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct DossierEvent {
    pub dossier_id: i64,
    /// 1 for the opening event; the dossier's version after this event.
    pub seq: u64,
    /// The day it took effect (a decision's date, a submission's date).
    pub occurred_on: NaiveDate,
    /// When it was written.
    pub recorded_at: DateTime<Utc>,
    pub actor: String,
    pub role: String,
    pub reason: String,
    #[serde(flatten)]
    pub kind: EventKind,
    /// The account that acted and how; absent from events recorded before it was kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acted_by: Option<super::ActedBy>,
}

impl DossierEvent {
    /// How many days after it took effect the event was recorded (Vietnam's dates): more than
    /// zero for a change entered late, which reports read before it was recorded do not show.
    pub fn days_recorded_late(&self) -> i64 {
        (crate::calendar::vietnam_date(self.recorded_at) - self.occurred_on)
            .num_days()
            .max(0)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct AttachedDocument {
    pub kind: String,
    pub title: String,
    pub reference: String,
    pub stage: String,
    pub attached_on: NaiveDate,
    /// The dossier's version after the attachment (its event's number).
    #[serde(default)]
    pub seq: u64,
    pub actor: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<StoredFile>,
}

/// A file kept in the content-addressed document store: its SHA-256 names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct StoredFile {
    /// Lower-case hex SHA-256 of the content.
    pub sha256: String,
    pub size: u64,
    pub media_type: String,
    /// The name it was uploaded under, for the download.
    pub filename: String,
}

impl StoredFile {
    /// Checks what a caller could get wrong: the hash's form and the name's length.
    pub fn validate(&self) -> Result<(), crate::DomainError> {
        if self.sha256.len() != 64
            || !self
                .sha256
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        {
            return Err(crate::DomainError::invalid(
                "file.sha256",
                "must be 64 lower-case hex digits",
            ));
        }
        let name_len = self.filename.chars().count();
        if name_len == 0 || name_len > 255 || self.filename.chars().any(char::is_control) {
            return Err(crate::DomainError::invalid(
                "file.filename",
                "must be 1 to 255 characters without control characters",
            ));
        }
        Ok(())
    }
}

/// A conflict of the land-use check that someone accepted, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct AcceptedConflict {
    pub zone: String,
    pub constraint: String,
    pub layer: String,
    pub accepted_by: String,
    pub reason: String,
    pub accepted_on: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Funding {
    pub decision_number: String,
    pub decision_date: NaiveDate,
    pub amount_vnd: i64,
}

/// The current state of a dossier: the fold of its events.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct DossierState {
    pub id: i64,
    pub plan_id: i64,
    pub template: String,
    pub template_version: u32,
    pub stage: String,
    pub status: DossierStatus,
    /// The number of events; the expected version of the next command.
    pub version: u64,
    pub opened_on: NaiveDate,
    pub stage_entered_on: NaiveDate,
    /// The current stage's due date, if the stage has a time limit.
    pub due_on: Option<NaiveDate>,
    pub on_hold_since: Option<NaiveDate>,
    pub last_event_on: NaiveDate,
    pub bodies: PlanBodies,
    pub consultant: Option<String>,
    pub documents: Vec<AttachedDocument>,
    pub funding: Vec<Funding>,
    /// Conflicts of the land-use check accepted so far.
    #[serde(default)]
    pub accepted_conflicts: Vec<AcceptedConflict>,
    /// Opinions of the dossier's consultation rounds still without a response, when the
    /// current stage requires every one answered ([`super::template::Stage::answer_every_opinion`]).
    /// Not a fold of the events: the store reads it beside them before a decision, and it is
    /// never stored or shown.
    #[serde(skip)]
    pub unanswered_opinions: u32,
    /// The appraiser's findings, every round. Absent from the stored state of a dossier that
    /// has none, so that older states read as they were written.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub findings: Vec<crate::appraisal::Finding>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub overrules: Vec<crate::appraisal::Overrule>,
    /// At an appraisal stage with a checklist: the checklist, the automatic verdicts and the
    /// round, read by the store beside the events before a decision (as
    /// `unanswered_opinions`); never stored or shown.
    #[serde(skip)]
    pub appraisal: Option<crate::appraisal::AppraisalFacts>,
}

impl DossierState {
    /// Whether a document of `kind` is attached, in any stage.
    pub fn has_document(&self, kind: &str) -> bool {
        self.documents.iter().any(|d| d.kind == kind)
    }

    /// The items of the current appraisal round that still need revision (none outside an
    /// appraisal).
    pub fn appraisal_needing_revision(&self) -> Vec<String> {
        self.appraisal.as_ref().map_or_else(Vec::new, |facts| {
            crate::appraisal::finding::needing_revision(
                facts,
                &self.findings,
                &self.overrules,
                &self.stage,
            )
        })
    }

    /// The due date that counts now: `due_on` while the dossier is active, else none.
    pub fn effective_due_on(&self) -> Option<NaiveDate> {
        effective_due_on(self.status, self.due_on)
    }

    /// Total funding allocated so far, in VND. Bounded amounts cannot overflow it (see
    /// [`crate::money`]); a history holding older, unbounded ones shows `i64::MAX` rather
    /// than a wrapped, negative total.
    pub fn funding_total_vnd(&self) -> i64 {
        crate::money::checked_total(self.funding.iter().map(|f| f.amount_vnd)).unwrap_or(i64::MAX)
    }

    /// Applies one event. The opening event must come first; anything else before it is
    /// ignored, which [`fold`] never lets happen.
    pub fn apply(state: Option<Self>, event: &DossierEvent) -> Option<Self> {
        let on = event.occurred_on;
        if let EventKind::Opened {
            plan_id,
            template,
            template_version,
            stage,
            bodies,
            due_on,
        } = &event.kind
        {
            return Some(DossierState {
                id: event.dossier_id,
                plan_id: *plan_id,
                template: template.clone(),
                template_version: *template_version,
                stage: stage.clone(),
                status: DossierStatus::Active,
                version: event.seq,
                opened_on: on,
                stage_entered_on: on,
                due_on: *due_on,
                on_hold_since: None,
                last_event_on: on,
                bodies: bodies.clone(),
                consultant: None,
                documents: Vec::new(),
                funding: Vec::new(),
                accepted_conflicts: Vec::new(),
                unanswered_opinions: 0,
                findings: Vec::new(),
                overrules: Vec::new(),
                appraisal: None,
            });
        }
        let mut s = state?;
        s.version = event.seq;
        s.last_event_on = on;
        match &event.kind {
            EventKind::Opened { .. } => unreachable!("handled above"),
            EventKind::Transitioned {
                to,
                due_on,
                completes,
                ..
            } => {
                s.stage.clone_from(to);
                s.stage_entered_on = on;
                // The count and the facts were read for the stage just left.
                s.unanswered_opinions = 0;
                s.appraisal = None;
                s.due_on = *due_on;
                if *completes {
                    s.status = DossierStatus::Completed;
                }
            }
            EventKind::PutOnHold => {
                s.status = DossierStatus::OnHold;
                s.on_hold_since = Some(on);
            }
            EventKind::Resumed { due_on } => {
                s.status = DossierStatus::Active;
                s.on_hold_since = None;
                s.due_on = *due_on;
            }
            EventKind::DocumentAttached {
                kind,
                title,
                reference,
                due_on,
                file,
            } => {
                s.documents.push(AttachedDocument {
                    kind: kind.clone(),
                    title: title.clone(),
                    reference: reference.clone(),
                    stage: s.stage.clone(),
                    attached_on: on,
                    seq: event.seq,
                    actor: event.actor.clone(),
                    file: file.clone(),
                });
                if due_on.is_some() {
                    s.due_on = *due_on;
                }
            }
            EventKind::DeadlineExtended { new_due_on, .. } => s.due_on = Some(*new_due_on),
            EventKind::BodyChanged { body, name } => match body {
                BodyRole::Preparing => s.bodies.preparing.clone_from(name),
                BodyRole::Appraising => s.bodies.appraising.clone_from(name),
                BodyRole::Approving => s.bodies.approving.clone_from(name),
            },
            EventKind::ConsultantChanged { name } => s.consultant = Some(name.clone()),
            EventKind::ConflictAccepted {
                zone,
                constraint,
                layer,
                accepted_by,
            } => s.accepted_conflicts.push(AcceptedConflict {
                zone: zone.clone(),
                constraint: constraint.clone(),
                layer: layer.clone(),
                accepted_by: accepted_by.clone(),
                reason: event.reason.clone(),
                accepted_on: on,
            }),
            EventKind::FindingRecorded {
                stage,
                round,
                checklist,
                item,
                verdict,
                comment,
            } => s.findings.push(crate::appraisal::Finding {
                stage: stage.clone(),
                round: *round,
                checklist: checklist.clone(),
                item: item.clone(),
                verdict: *verdict,
                comment: comment.clone(),
                by: event.actor.clone(),
                role: event.role.clone(),
                on,
                seq: event.seq,
            }),
            EventKind::FindingOverruled {
                stage,
                round,
                checklist,
                item,
            } => s.overrules.push(crate::appraisal::Overrule {
                stage: stage.clone(),
                round: *round,
                checklist: checklist.clone(),
                item: item.clone(),
                reason: event.reason.clone(),
                by: event.actor.clone(),
                role: event.role.clone(),
                on,
                seq: event.seq,
            }),
            EventKind::FundingAllocated {
                decision_number,
                decision_date,
                amount_vnd,
            } => s.funding.push(Funding {
                decision_number: decision_number.clone(),
                decision_date: *decision_date,
                amount_vnd: *amount_vnd,
            }),
        }
        Some(s)
    }
}

/// Folds a dossier's events, in order, into its state; `None` for an empty history. Pass
/// `as_of` to stop at the end of that day: the state as it stood then.
pub fn fold<'a>(
    events: impl IntoIterator<Item = &'a DossierEvent>,
    as_of: Option<NaiveDate>,
) -> Option<DossierState> {
    let mut state = None;
    for event in events {
        if as_of.is_some_and(|d| event.occurred_on > d) {
            break;
        }
        state = DossierState::apply(state, event);
    }
    state
}
