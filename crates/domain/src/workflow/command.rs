//! Commands on a dossier and the decision that turns a legal one into an event. A refused
//! command returns an error and produces nothing, so the store has nothing to write.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::dossier::{BodyRole, DossierState, DossierStatus, EventKind, StoredFile};
use super::template::{RunsFrom, Template};
use crate::DomainError;
use crate::calendar::WorkingCalendar;
use crate::plan::PlanBodies;

/// Who issues a command, and in which workflow role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Actor {
    pub name: String,
    pub role: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "command", rename_all = "snake_case")]
pub enum CommandKind {
    /// Move the dossier along one of the template's transitions.
    Transition {
        action: String,
    },
    Hold,
    Resume,
    AttachDocument {
        kind: String,
        title: String,
        #[serde(default)]
        reference: String,
        /// Set by the server for an uploaded file; the JSON command endpoint refuses it, so
        /// that nobody can cite a file they did not upload to this dossier.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[schema(read_only)]
        file: Option<StoredFile>,
    },
    ExtendDeadline {
        new_due_on: NaiveDate,
        approver: String,
    },
    ChangeBody {
        body: BodyRole,
        name: String,
    },
    ChangeConsultant {
        name: String,
    },
    AllocateFunding {
        decision_number: String,
        decision_date: NaiveDate,
        amount_vnd: i64,
    },
    /// Accept a conflict the land-use check found (a false positive from a neighbouring
    /// feature, or one the department agreed to): who accepted it, and (as the command's
    /// reason) why.
    AcceptConflict {
        zone: String,
        constraint: String,
        layer: String,
        accepted_by: String,
    },
}

impl CommandKind {
    /// The permission name in the template (`transition` commands use the transition's roles).
    pub fn permission(&self) -> &'static str {
        match self {
            Self::Transition { .. } => "transition",
            Self::Hold => "hold",
            Self::Resume => "resume",
            Self::AttachDocument { .. } => "attach_document",
            Self::ExtendDeadline { .. } => "extend_deadline",
            Self::ChangeBody { .. } => "change_body",
            Self::ChangeConsultant { .. } => "change_consultant",
            Self::AllocateFunding { .. } => "allocate_funding",
            Self::AcceptConflict { .. } => "accept_conflict",
        }
    }
}

/// A command with its envelope: who, why, when it takes effect, and the version it expects.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Command {
    /// The dossier version the actor saw; a different current version refuses the command.
    pub expected_version: Option<u64>,
    pub actor: Actor,
    pub reason: String,
    /// The day it takes effect: today, or an earlier day no older than the last event.
    pub effective_on: NaiveDate,
    #[serde(flatten)]
    pub kind: CommandKind,
}

/// Longest free text a command may carry: a reason is a sentence or a paragraph, not a file.
pub const MAX_TEXT: usize = 2000;

fn require(field: &str, value: &str) -> Result<(), DomainError> {
    if value.trim().is_empty() {
        Err(DomainError::invalid(field, "must not be empty"))
    } else if value.chars().count() > MAX_TEXT {
        Err(DomainError::invalid(
            field,
            format!("must not be longer than {MAX_TEXT} characters"),
        ))
    } else {
        Ok(())
    }
}

fn check_role(allowed: &[String], actor: &Actor, action: &str) -> Result<(), DomainError> {
    if allowed.contains(&actor.role) {
        Ok(())
    } else {
        Err(DomainError::RoleNotAllowed {
            role: actor.role.clone(),
            action: action.to_owned(),
            allowed: allowed.join(", "),
        })
    }
}

fn check_date(
    on: NaiveDate,
    not_before: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<(), DomainError> {
    if on > today {
        return Err(DomainError::BadDate {
            date: on.to_string(),
            why: "it is in the future".into(),
        });
    }
    if let Some(last) = not_before
        && on < last
    {
        return Err(DomainError::BadDate {
            date: on.to_string(),
            why: format!("the dossier's last event is dated {last}"),
        });
    }
    Ok(())
}

/// The due date of `stage` for a visit that began on `entered_on`: the latest of its time
/// limits, each from the event it runs from (a document attached during the visit, else entry).
pub fn stage_due_date(
    template: &Template,
    stage: &str,
    entered_on: NaiveDate,
    attached_in_visit: &[(String, NaiveDate)],
    calendar: &dyn WorkingCalendar,
) -> Option<NaiveDate> {
    template
        .stage(stage)?
        .time_limits
        .iter()
        .map(|limit| {
            let start = match &limit.runs_from {
                RunsFrom::StageEntered => entered_on,
                RunsFrom::DocumentAttached(kind) => attached_in_visit
                    .iter()
                    .filter(|(k, _)| k == kind)
                    .map(|(_, on)| *on)
                    .min()
                    .unwrap_or(entered_on),
            };
            limit.due_date(start, calendar)
        })
        .max()
}

/// The event a decided command appends: the command's envelope (who, why, when) around the
/// decided `kind`, numbered after the dossier's current version.
pub fn recorded_event(
    state: &super::dossier::DossierState,
    command: &Command,
    kind: EventKind,
    recorded_at: chrono::DateTime<chrono::Utc>,
) -> super::dossier::DossierEvent {
    super::dossier::DossierEvent {
        dossier_id: state.id,
        seq: state.version + 1,
        occurred_on: command.effective_on,
        recorded_at,
        actor: command.actor.name.trim().to_owned(),
        role: command.actor.role.clone(),
        reason: command.reason.trim().to_owned(),
        kind,
    }
}

/// The opening event of a new dossier under `template`.
pub fn open_dossier(
    plan_id: i64,
    bodies: PlanBodies,
    template: &Template,
    opened_on: NaiveDate,
    today: NaiveDate,
    calendar: &dyn WorkingCalendar,
) -> Result<EventKind, DomainError> {
    check_date(opened_on, None, today)?;
    let stage = template.initial_stage();
    Ok(EventKind::Opened {
        plan_id,
        template: template.key.clone(),
        template_version: template.version,
        stage: stage.key.clone(),
        bodies,
        due_on: stage_due_date(template, &stage.key, opened_on, &[], calendar),
    })
}

/// Decides a command against the dossier's current state and its template version. Returns
/// the event to append, or why the command is refused.
pub fn decide(
    state: &DossierState,
    template: &Template,
    calendar: &dyn WorkingCalendar,
    command: &Command,
    today: NaiveDate,
) -> Result<EventKind, DomainError> {
    debug_assert_eq!(
        (state.template.as_str(), state.template_version),
        (template.key.as_str(), template.version)
    );
    if let Some(expected) = command.expected_version
        && expected != state.version
    {
        return Err(DomainError::VersionConflict {
            expected,
            actual: state.version,
        });
    }
    require("actor", &command.actor.name)?;
    require("reason", &command.reason)?;
    require("role", &command.actor.role)?;
    check_date(command.effective_on, Some(state.last_event_on), today)?;
    let on = command.effective_on;
    let wrong_status = || DomainError::WrongStatus {
        status: state.status.as_str().to_owned(),
        action: command.kind.permission().to_owned(),
    };
    let allowed_when = |active: bool, on_hold: bool, completed: bool| match state.status {
        DossierStatus::Active if active => Ok(()),
        DossierStatus::OnHold if on_hold => Ok(()),
        DossierStatus::Completed if completed => Ok(()),
        _ => Err(wrong_status()),
    };

    match &command.kind {
        CommandKind::Transition { action } => {
            allowed_when(true, false, false)?;
            let transition = template.transition(&state.stage, action).ok_or_else(|| {
                DomainError::IllegalTransition {
                    stage: state.stage.clone(),
                    action: action.clone(),
                }
            })?;
            check_role(&transition.roles, &command.actor, action)?;
            let stage =
                template
                    .stage(&state.stage)
                    .ok_or_else(|| DomainError::InvalidTemplate {
                        template: template.key.clone(),
                        message: format!(
                            "the dossier's stage '{}' is not in the template",
                            state.stage
                        ),
                    })?;
            let missing: Vec<&str> = stage
                .required_documents
                .iter()
                .filter(|d| !state.has_document(d))
                .map(String::as_str)
                .collect();
            if !missing.is_empty() {
                return Err(DomainError::MissingDocuments {
                    stage: state.stage.clone(),
                    missing: missing.join(", "),
                });
            }
            let completes = template.stage(&transition.to).is_some_and(|s| s.terminal);
            Ok(EventKind::Transitioned {
                action: action.clone(),
                from: state.stage.clone(),
                to: transition.to.clone(),
                due_on: stage_due_date(template, &transition.to, on, &[], calendar),
                completes,
            })
        }
        CommandKind::Hold => {
            allowed_when(true, false, false)?;
            check_role(template.roles_for("hold"), &command.actor, "hold")?;
            Ok(EventKind::PutOnHold)
        }
        CommandKind::Resume => {
            allowed_when(false, true, false)?;
            check_role(template.roles_for("resume"), &command.actor, "resume")?;
            // Time on hold does not count against the stage's limit.
            let held = state
                .on_hold_since
                .map_or(0, |since| (on - since).num_days().max(0));
            let due_on = state
                .due_on
                .map(|d| calendar.roll_forward(d + chrono::Days::new(held.unsigned_abs())));
            Ok(EventKind::Resumed { due_on })
        }
        CommandKind::AttachDocument {
            kind,
            title,
            reference,
            file,
        } => {
            if let Some(file) = file {
                file.validate()?;
            }
            check_role(
                template.roles_for("attach_document"),
                &command.actor,
                "attach_document",
            )?;
            if !template.documents.iter().any(|d| d.key == *kind) {
                return Err(DomainError::invalid(
                    "kind",
                    format!(
                        "unknown document kind '{kind}' in template {}",
                        template.key
                    ),
                ));
            }
            require("title", title)?;
            if reference.chars().count() > MAX_TEXT {
                return Err(DomainError::invalid(
                    "reference",
                    format!("must not be longer than {MAX_TEXT} characters"),
                ));
            }
            let starts_a_limit = state.status == DossierStatus::Active
                && template.stage(&state.stage).is_some_and(|s| {
                    s.time_limits
                        .iter()
                        .any(|l| l.runs_from == RunsFrom::DocumentAttached(kind.clone()))
                });
            let due_on = if starts_a_limit {
                let mut in_visit: Vec<(String, NaiveDate)> = state
                    .documents
                    .iter()
                    .filter(|d| d.stage == state.stage && d.attached_on >= state.stage_entered_on)
                    .map(|d| (d.kind.clone(), d.attached_on))
                    .collect();
                in_visit.push((kind.clone(), on));
                let recomputed = stage_due_date(
                    template,
                    &state.stage,
                    state.stage_entered_on,
                    &in_visit,
                    calendar,
                );
                recomputed.max(state.due_on)
            } else {
                None
            };
            Ok(EventKind::DocumentAttached {
                kind: kind.clone(),
                title: title.trim().to_owned(),
                reference: reference.trim().to_owned(),
                due_on,
                file: file.clone(),
            })
        }
        CommandKind::ExtendDeadline {
            new_due_on,
            approver,
        } => {
            allowed_when(true, false, false)?;
            check_role(
                template.roles_for("extend_deadline"),
                &command.actor,
                "extend_deadline",
            )?;
            require("approver", approver)?;
            if state.due_on.is_some_and(|d| *new_due_on <= d) {
                return Err(DomainError::invalid(
                    "new_due_on",
                    "must be after the current due date",
                ));
            }
            if *new_due_on < on {
                return Err(DomainError::invalid(
                    "new_due_on",
                    "must not be in the past",
                ));
            }
            Ok(EventKind::DeadlineExtended {
                stage: state.stage.clone(),
                new_due_on: *new_due_on,
                approver: approver.trim().to_owned(),
            })
        }
        CommandKind::ChangeBody { body, name } => {
            allowed_when(true, true, false)?;
            check_role(
                template.roles_for("change_body"),
                &command.actor,
                "change_body",
            )?;
            require("name", name)?;
            Ok(EventKind::BodyChanged {
                body: *body,
                name: name.trim().to_owned(),
            })
        }
        CommandKind::ChangeConsultant { name } => {
            allowed_when(true, true, false)?;
            check_role(
                template.roles_for("change_consultant"),
                &command.actor,
                "change_consultant",
            )?;
            require("name", name)?;
            Ok(EventKind::ConsultantChanged {
                name: name.trim().to_owned(),
            })
        }
        CommandKind::AllocateFunding {
            decision_number,
            decision_date,
            amount_vnd,
        } => {
            allowed_when(true, true, false)?;
            check_role(
                template.roles_for("allocate_funding"),
                &command.actor,
                "allocate_funding",
            )?;
            require("decision_number", decision_number)?;
            if *amount_vnd <= 0 {
                return Err(DomainError::invalid(
                    "amount_vnd",
                    "must be a positive amount of đồng",
                ));
            }
            if *decision_date > on {
                return Err(DomainError::invalid(
                    "decision_date",
                    "must not be after the effective date",
                ));
            }
            Ok(EventKind::FundingAllocated {
                decision_number: decision_number.trim().to_owned(),
                decision_date: *decision_date,
                amount_vnd: *amount_vnd,
            })
        }
        CommandKind::AcceptConflict {
            zone,
            constraint,
            layer,
            accepted_by,
        } => {
            allowed_when(true, true, false)?;
            check_role(
                template.roles_accepting_conflicts(),
                &command.actor,
                "accept_conflict",
            )?;
            for (field, value) in [
                ("zone", zone),
                ("constraint", constraint),
                ("layer", layer),
                ("accepted_by", accepted_by),
            ] {
                require(field, value)?;
            }
            Ok(EventKind::ConflictAccepted {
                zone: zone.trim().to_owned(),
                constraint: constraint.trim().to_owned(),
                layer: layer.trim().to_owned(),
                accepted_by: accepted_by.trim().to_owned(),
            })
        }
    }
}
