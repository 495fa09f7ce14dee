//! Commands on a dossier and the decision that turns a legal one into an event. A refused
//! command returns an error and produces nothing, so the store has nothing to write.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::dossier::{BodyRole, DossierState, DossierStatus, EventKind, StoredFile};
use super::template::{AppraisalOutcome, LocalText, RunsFrom, Template, Transition};
use crate::DomainError;
use crate::appraisal::AppraisalProblem;
use crate::appraisal::finding::{check_finding, check_item};
use crate::calendar::WorkingCalendar;
use crate::calendar::bounds::within_bounds;
use crate::error::DateProblem;
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
        /// Đồng, from 1 to 1,000 billion (`money::MAX_DECISION_VND`).
        #[schema(minimum = 1, maximum = 1_000_000_000_000_i64)]
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
    /// The appraiser's finding on one item of the checklist the dossier is appraised
    /// against (named by its version, so that a form opened before the checklist changed is
    /// refused rather than misread).
    RecordFinding {
        checklist: String,
        item: String,
        verdict: crate::appraisal::FindingVerdict,
        /// Why, or what must change: required unless the item plainly meets the standard.
        #[serde(default)]
        comment: String,
    },
    /// Leadership lets the appraisal pass although `item` still needs revision; the
    /// command's reason says why.
    OverruleFinding {
        checklist: String,
        item: String,
    },
}

impl CommandKind {
    /// Which command this is, without its fields.
    pub fn name(&self) -> CommandName {
        match self {
            Self::Transition { .. } => CommandName::Transition,
            Self::Hold => CommandName::Hold,
            Self::Resume => CommandName::Resume,
            Self::AttachDocument { .. } => CommandName::AttachDocument,
            Self::ExtendDeadline { .. } => CommandName::ExtendDeadline,
            Self::ChangeBody { .. } => CommandName::ChangeBody,
            Self::ChangeConsultant { .. } => CommandName::ChangeConsultant,
            Self::AllocateFunding { .. } => CommandName::AllocateFunding,
            Self::AcceptConflict { .. } => CommandName::AcceptConflict,
            Self::RecordFinding { .. } => CommandName::RecordFinding,
            Self::OverruleFinding { .. } => CommandName::OverruleFinding,
        }
    }

    /// The permission name in the template (`transition` commands use the transition's roles).
    pub fn permission(&self) -> &'static str {
        self.name().as_str()
    }
}

/// A command without its fields: what the rules on status and roles are keyed by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CommandName {
    Transition,
    Hold,
    Resume,
    AttachDocument,
    ExtendDeadline,
    ChangeBody,
    ChangeConsultant,
    AllocateFunding,
    AcceptConflict,
    RecordFinding,
    OverruleFinding,
}

impl CommandName {
    /// The permission name in the template.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Transition => "transition",
            Self::Hold => "hold",
            Self::Resume => "resume",
            Self::AttachDocument => "attach_document",
            Self::ExtendDeadline => "extend_deadline",
            Self::ChangeBody => "change_body",
            Self::ChangeConsultant => "change_consultant",
            Self::AllocateFunding => "allocate_funding",
            Self::AcceptConflict => "accept_conflict",
            Self::RecordFinding => "record_finding",
            Self::OverruleFinding => "overrule_finding",
        }
    }

    /// Whether the engine takes this command from a dossier in `status`.
    pub fn allowed_in(self, status: DossierStatus) -> bool {
        use DossierStatus::{Active, Completed, OnHold};
        match self {
            // Moving on and its clock need a running procedure.
            // An appraisal is held, and judged, while the procedure runs.
            Self::Transition
            | Self::Hold
            | Self::ExtendDeadline
            | Self::RecordFinding
            | Self::OverruleFinding => status == Active,
            Self::Resume => status == OnHold,
            // Documents keep arriving after approval (the published decision, its map).
            Self::AttachDocument => true,
            Self::ChangeBody
            | Self::ChangeConsultant
            | Self::AllocateFunding
            | Self::AcceptConflict => status != Completed,
        }
    }

    /// The roles the template allows for this command; for a transition, each transition
    /// names its own (see [`Transition::roles`](super::template::Transition)), so none here.
    pub fn roles(self, template: &Template) -> &[String] {
        match self {
            Self::Transition => &[],
            Self::AcceptConflict => template.roles_accepting_conflicts(),
            Self::RecordFinding => template.roles_recording_findings(),
            Self::OverruleFinding => template.roles_overruling_findings(),
            other => template.roles_for(other.as_str()),
        }
    }
}

/// Why the engine would refuse a command in the dossier's current state, whatever its fields
/// say. [`decide`] refuses on the first; [`available_moves`](super::moves::available_moves)
/// lists them all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "blocker", rename_all = "snake_case")]
pub enum Blocker {
    /// The dossier's status does not allow the command (e.g. a transition while on hold).
    WrongStatus { status: DossierStatus },
    /// The role may not issue the command (or there is no role: the account reads only).
    RoleNotAllowed { allowed: Vec<String> },
    /// A document the current stage requires is attached in no stage yet.
    MissingDocument { kind: String, name: LocalText },
    /// The dossier's last event is dated after today, and a command may not take effect
    /// before it.
    LastEventAfterToday { last_event_on: NaiveDate },
    /// Opinions of the stage's consultation still have no response in the synthesis table.
    UnansweredOpinions { count: u32 },
    /// Items of the appraisal still need revision and no leader overruled them: the
    /// appraisal cannot pass.
    FindingsNeedRevision { items: Vec<String> },
    /// Findings are recorded only at an appraisal stage with a checklist.
    NotAtAppraisal,
    /// No item of the appraisal needs revision: there is nothing to overrule.
    NothingToOverrule,
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
pub use crate::MAX_TEXT;

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

/// Whether `role` is among `allowed`; no role (an account that reads only) never is.
pub fn role_allowed(allowed: &[String], role: Option<&str>) -> bool {
    role.is_some_and(|r| allowed.iter().any(|a| a == r))
}

/// The required documents of the dossier's stage that are attached in no stage: a document
/// attached earlier in the procedure still counts. Empty for a stage the template lacks.
pub fn missing_documents<'t>(state: &DossierState, template: &'t Template) -> Vec<&'t str> {
    template
        .stage(&state.stage)
        .map(|stage| {
            stage
                .required_documents
                .iter()
                .filter(|d| !state.has_document(d))
                .map(String::as_str)
                .collect()
        })
        .unwrap_or_default()
}

/// Everything that stops `command` in the dossier's current state for `role`, in the order
/// the engine checks: the date of a command effective `today`, status, role, then documents
/// (transitions only). `allowed` is the transition's roles, or [`CommandName::roles`].
pub(crate) fn blockers(
    state: &DossierState,
    template: &Template,
    command: CommandName,
    allowed: &[String],
    role: Option<&str>,
    today: NaiveDate,
) -> Vec<Blocker> {
    let mut out = Vec::new();
    // A command effective today may not predate the last event (the engine's date rule).
    if check_date(today, Some(state.last_event_on), today).is_err() {
        out.push(Blocker::LastEventAfterToday {
            last_event_on: state.last_event_on,
        });
    }
    if !command.allowed_in(state.status) {
        out.push(Blocker::WrongStatus {
            status: state.status,
        });
    }
    if !role_allowed(allowed, role) {
        out.push(Blocker::RoleNotAllowed {
            allowed: allowed.to_vec(),
        });
    }
    if command == CommandName::Transition {
        out.extend(missing_documents(state, template).into_iter().map(|kind| {
            Blocker::MissingDocument {
                kind: kind.to_owned(),
                name: template
                    .documents
                    .iter()
                    .find(|d| d.key == kind)
                    .map(|d| d.name.clone())
                    .unwrap_or_default(),
            }
        }));
        let answers_required = template
            .stage(&state.stage)
            .is_some_and(|s| s.answer_every_opinion.is_some());
        if answers_required && state.unanswered_opinions > 0 {
            out.push(Blocker::UnansweredOpinions {
                count: state.unanswered_opinions,
            });
        }
    }
    if matches!(
        command,
        CommandName::RecordFinding | CommandName::OverruleFinding
    ) && state.appraisal.is_none()
    {
        out.push(Blocker::NotAtAppraisal);
    }
    if command == CommandName::OverruleFinding
        && state.appraisal.is_some()
        && state.appraisal_needing_revision().is_empty()
    {
        out.push(Blocker::NothingToOverrule);
    }
    out
}

/// What holds a transition back beyond the stage's rules: an appraisal's pass while items
/// still need revision.
pub fn transition_blockers(state: &DossierState, transition: &Transition) -> Vec<Blocker> {
    if transition.appraisal != Some(AppraisalOutcome::Pass) {
        return Vec::new();
    }
    let items = state.appraisal_needing_revision();
    if items.is_empty() {
        Vec::new()
    } else {
        vec![Blocker::FindingsNeedRevision { items }]
    }
}

/// Refuses `command` with the error for the first of its blockers (missing documents are
/// named together), checked as of its effective date.
fn refuse_if_blocked(
    state: &DossierState,
    template: &Template,
    command: &Command,
    action: &str,
    allowed: &[String],
) -> Result<(), DomainError> {
    let found = blockers(
        state,
        template,
        command.kind.name(),
        allowed,
        Some(&command.actor.role),
        command.effective_on,
    );
    let Some(first) = found.first() else {
        return Ok(());
    };
    Err(match first {
        Blocker::WrongStatus { status } => DomainError::WrongStatus {
            status: status.as_str().to_owned(),
            action: command.kind.permission().to_owned(),
        },
        Blocker::RoleNotAllowed { allowed } => DomainError::RoleNotAllowed {
            role: command.actor.role.clone(),
            action: action.to_owned(),
            allowed: allowed.join(", "),
        },
        Blocker::MissingDocument { .. } => DomainError::MissingDocuments {
            stage: state.stage.clone(),
            missing: found
                .iter()
                .filter_map(|b| match b {
                    Blocker::MissingDocument { kind, .. } => Some(kind.as_str()),
                    _ => None,
                })
                .collect::<Vec<_>>()
                .join(", "),
        },
        Blocker::LastEventAfterToday { last_event_on } => DomainError::BadDate {
            date: command.effective_on.to_string(),
            why: DateProblem::BeforeLastEvent {
                last_event_on: *last_event_on,
            },
        },
        Blocker::UnansweredOpinions { count } => DomainError::UnansweredOpinions {
            stage: state.stage.clone(),
            count: *count,
        },
        Blocker::FindingsNeedRevision { items } => {
            DomainError::Appraisal(AppraisalProblem::FindingsNeedRevision {
                items: items.clone(),
            })
        }
        Blocker::NotAtAppraisal => DomainError::Appraisal(AppraisalProblem::NotAtAppraisal {
            stage: state.stage.clone(),
        }),
        Blocker::NothingToOverrule => DomainError::Appraisal(AppraisalProblem::NothingToOverrule {
            item: match &command.kind {
                CommandKind::OverruleFinding { item, .. } => item.clone(),
                _ => String::new(),
            },
        }),
    })
}

fn not_at_appraisal() -> DomainError {
    // The stage is named by the caller's error mapping; the facts are absent only there.
    DomainError::Appraisal(AppraisalProblem::NotAtAppraisal {
        stage: String::new(),
    })
}

/// Refuses a day outside the days plantrack accepts.
fn in_bounds(day: NaiveDate) -> Result<(), DomainError> {
    if within_bounds(day) {
        Ok(())
    } else {
        Err(DomainError::BadDate {
            date: day.to_string(),
            why: DateProblem::OutOfBounds,
        })
    }
}

fn check_date(
    on: NaiveDate,
    not_before: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<(), DomainError> {
    let refuse = |why| {
        Err(DomainError::BadDate {
            date: on.to_string(),
            why,
        })
    };
    if !within_bounds(on) {
        return refuse(DateProblem::OutOfBounds);
    }
    if on > today {
        return refuse(DateProblem::InFuture);
    }
    if let Some(last) = not_before
        && on < last
    {
        return refuse(DateProblem::BeforeLastEvent {
            last_event_on: last,
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
        // The store knows who called; it fills this in.
        acted_by: None,
    }
}

/// Refuses a change dated further back than `template` lets an account date one, unless the
/// caller may backdate beyond it ([`crate::access::backdate_beyond_limit`]). The reason a
/// command already requires says why it is late.
pub fn check_backdating(
    template: &Template,
    on: NaiveDate,
    today: NaiveDate,
    beyond_allowed: bool,
) -> Result<(), DomainError> {
    let days = (today - on).num_days();
    if beyond_allowed || days <= i64::from(template.max_backdate_days) {
        return Ok(());
    }
    Err(DomainError::BadDate {
        date: on.to_string(),
        why: DateProblem::BackdatedTooFar {
            days,
            limit: template.max_backdate_days,
        },
    })
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
    // The status, role and document rules, shared with `available_moves`.
    let preconditions = || {
        let name = command.kind.name();
        refuse_if_blocked(
            state,
            template,
            command,
            name.as_str(),
            name.roles(template),
        )
    };

    match &command.kind {
        CommandKind::Transition { action } => {
            let Some(transition) = template.transition(&state.stage, action) else {
                // A dossier that cannot move at all says so before the unknown action does.
                if !CommandName::Transition.allowed_in(state.status) {
                    preconditions()?;
                }
                return Err(DomainError::IllegalTransition {
                    stage: state.stage.clone(),
                    action: action.clone(),
                });
            };
            if template.stage(&state.stage).is_none() {
                return Err(DomainError::InvalidTemplate {
                    template: template.key.clone(),
                    message: format!(
                        "the dossier's stage '{}' is not in the template",
                        state.stage
                    ),
                });
            }
            refuse_if_blocked(state, template, command, action, &transition.roles)?;
            if let Some(Blocker::FindingsNeedRevision { items }) =
                transition_blockers(state, transition).into_iter().next()
            {
                return Err(DomainError::Appraisal(
                    AppraisalProblem::FindingsNeedRevision { items },
                ));
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
            preconditions()?;
            Ok(EventKind::PutOnHold)
        }
        CommandKind::Resume => {
            preconditions()?;
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
            preconditions()?;
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
            preconditions()?;
            require("approver", approver)?;
            in_bounds(*new_due_on)?;
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
            preconditions()?;
            require("name", name)?;
            Ok(EventKind::BodyChanged {
                body: *body,
                name: name.trim().to_owned(),
            })
        }
        CommandKind::ChangeConsultant { name } => {
            preconditions()?;
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
            preconditions()?;
            require("decision_number", decision_number)?;
            in_bounds(*decision_date)?;
            let amount_vnd = crate::money::decision_amount("amount_vnd", *amount_vnd)?;
            // Bounded amounts cannot overflow the total (see `money`); an old history's
            // unbounded ones could, and are refused rather than wrapped.
            if crate::money::checked_total(
                state
                    .funding
                    .iter()
                    .map(|f| f.amount_vnd)
                    .chain([amount_vnd]),
            )
            .is_none()
            {
                return Err(DomainError::AmountOutOfBounds {
                    field: "amount_vnd".into(),
                    amount: amount_vnd,
                    min: crate::money::MIN_DECISION_VND,
                    max: crate::money::MAX_DECISION_VND,
                });
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
                amount_vnd,
            })
        }
        CommandKind::AcceptConflict {
            zone,
            constraint,
            layer,
            accepted_by,
        } => {
            preconditions()?;
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
        CommandKind::RecordFinding {
            checklist,
            item,
            verdict,
            comment,
        } => {
            preconditions()?;
            let facts = state.appraisal.as_ref().ok_or_else(not_at_appraisal)?;
            check_finding(facts, checklist, item, *verdict, comment)
                .map_err(DomainError::Appraisal)?;
            Ok(EventKind::FindingRecorded {
                stage: state.stage.clone(),
                round: facts.round,
                checklist: checklist.clone(),
                item: item.clone(),
                verdict: *verdict,
                comment: comment.trim().to_owned(),
            })
        }
        CommandKind::OverruleFinding { checklist, item } => {
            preconditions()?;
            let facts = state.appraisal.as_ref().ok_or_else(not_at_appraisal)?;
            check_item(facts, checklist, item).map_err(DomainError::Appraisal)?;
            if !state.appraisal_needing_revision().contains(item) {
                return Err(DomainError::Appraisal(
                    AppraisalProblem::NothingToOverrule { item: item.clone() },
                ));
            }
            Ok(EventKind::FindingOverruled {
                stage: state.stage.clone(),
                round: facts.round,
                checklist: checklist.clone(),
                item: item.clone(),
            })
        }
    }
}
