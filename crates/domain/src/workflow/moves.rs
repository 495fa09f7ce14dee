//! What an account may do on a dossier now, and what stops each move. Computed here, once,
//! from the engine's own precondition checks (see [`decide`](super::command::decide)), so that
//! the API and the pages display it and never re-derive the rules.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::command::{
    Blocker, CommandName, blockers, missing_documents, role_allowed, transition_blockers,
};
use super::dossier::{DossierState, DossierStatus};
use super::template::{LocalText, Template};

/// A transition out of the current stage, whether or not the role may take it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct TransitionMove {
    /// The command's `action`.
    pub action: String,
    pub name: LocalText,
    /// The stage it leads to.
    pub to: String,
    pub to_name: LocalText,
    /// True when `to` is terminal: taking it completes the procedure.
    pub completes: bool,
    /// The roles that may take it.
    pub roles: Vec<String>,
    /// Whether the role asked about is among `roles`, whatever else stops the move.
    pub allowed_for_role: bool,
    /// True when `blocked_by` is empty: the engine would accept it now.
    pub available: bool,
    pub blocked_by: Vec<Blocker>,
}

/// A command other than a transition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct CommandMove {
    pub command: CommandName,
    /// The roles that may issue it.
    pub roles: Vec<String>,
    /// Whether the role asked about is among `roles`, whatever else stops the command.
    pub allowed_for_role: bool,
    /// True when `blocked_by` is empty: the engine would accept it now, given valid fields.
    pub available: bool,
    pub blocked_by: Vec<Blocker>,
}

/// A document the current stage requires, and whether it is attached (in any stage: the
/// engine's rule).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct RequiredDocument {
    pub kind: String,
    pub name: LocalText,
    pub attached: bool,
}

/// What a role may do on a dossier on a day, and what stops each move. "Available" assumes a
/// command effective that day, at the dossier's current version, with valid fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct AvailableMoves {
    /// The workflow role asked about; none for an account that only reads.
    pub role: Option<String>,
    pub stage: String,
    pub status: DossierStatus,
    /// The version a command must expect.
    pub version: u64,
    /// The due date that counts: the stage's, while the dossier is active.
    pub due_on: Option<NaiveDate>,
    /// The current stage's required documents, in the template's order.
    pub required_documents: Vec<RequiredDocument>,
    /// The kinds among `required_documents` not attached yet.
    pub missing_documents: Vec<String>,
    /// Every transition out of the current stage, in the template's order.
    pub transitions: Vec<TransitionMove>,
    pub hold: CommandMove,
    pub resume: CommandMove,
    pub extend_deadline: CommandMove,
    pub attach_document: CommandMove,
    pub accept_conflict: CommandMove,
    pub record_finding: CommandMove,
    pub overrule_finding: CommandMove,
    pub change_body: CommandMove,
    pub change_consultant: CommandMove,
    pub allocate_funding: CommandMove,
}

impl AvailableMoves {
    /// The entry for a command other than a transition; `None` for [`CommandName::Transition`].
    pub fn command(&self, name: CommandName) -> Option<&CommandMove> {
        Some(match name {
            CommandName::Transition => return None,
            CommandName::Hold => &self.hold,
            CommandName::Resume => &self.resume,
            CommandName::ExtendDeadline => &self.extend_deadline,
            CommandName::AttachDocument => &self.attach_document,
            CommandName::AcceptConflict => &self.accept_conflict,
            CommandName::RecordFinding => &self.record_finding,
            CommandName::OverruleFinding => &self.overrule_finding,
            CommandName::ChangeBody => &self.change_body,
            CommandName::ChangeConsultant => &self.change_consultant,
            CommandName::AllocateFunding => &self.allocate_funding,
        })
    }

    pub fn transition(&self, action: &str) -> Option<&TransitionMove> {
        self.transitions.iter().find(|t| t.action == action)
    }

    /// The transitions the role may take now.
    pub fn available_transitions(&self) -> impl Iterator<Item = &TransitionMove> {
        self.transitions.iter().filter(|t| t.available)
    }
}

/// What `role` may do on the dossier in `state` (under its own template version) on `today`.
pub fn available_moves(
    template: &Template,
    state: &DossierState,
    role: Option<&str>,
    today: NaiveDate,
) -> AvailableMoves {
    let doc_name = |kind: &str| {
        template
            .documents
            .iter()
            .find(|d| d.key == kind)
            .map(|d| d.name.clone())
            .unwrap_or_default()
    };
    let stage_name = |key: &str| template.stage(key).map(|s| s.name.clone());
    let transitions = template
        .transitions_from(&state.stage)
        .map(|t| {
            let mut blocked_by = blockers(
                state,
                template,
                CommandName::Transition,
                &t.roles,
                role,
                today,
            );
            blocked_by.extend(transition_blockers(state, t));
            TransitionMove {
                action: t.action.clone(),
                name: t.name.clone(),
                to: t.to.clone(),
                to_name: stage_name(&t.to).unwrap_or_default(),
                completes: template.stage(&t.to).is_some_and(|s| s.terminal),
                roles: t.roles.clone(),
                allowed_for_role: role_allowed(&t.roles, role),
                available: blocked_by.is_empty(),
                blocked_by,
            }
        })
        .collect();
    let command = |name: CommandName| {
        let roles = name.roles(template);
        let blocked_by = blockers(state, template, name, roles, role, today);
        CommandMove {
            command: name,
            roles: roles.to_vec(),
            allowed_for_role: role_allowed(roles, role),
            available: blocked_by.is_empty(),
            blocked_by,
        }
    };
    let missing: Vec<String> = missing_documents(state, template)
        .into_iter()
        .map(str::to_owned)
        .collect();
    let required_documents = template
        .stage(&state.stage)
        .map(|s| {
            s.required_documents
                .iter()
                .map(|kind| RequiredDocument {
                    kind: kind.clone(),
                    name: doc_name(kind),
                    attached: !missing.contains(kind),
                })
                .collect()
        })
        .unwrap_or_default();
    AvailableMoves {
        role: role.map(str::to_owned),
        stage: state.stage.clone(),
        status: state.status,
        version: state.version,
        due_on: state.effective_due_on(),
        required_documents,
        missing_documents: missing,
        transitions,
        hold: command(CommandName::Hold),
        resume: command(CommandName::Resume),
        extend_deadline: command(CommandName::ExtendDeadline),
        attach_document: command(CommandName::AttachDocument),
        accept_conflict: command(CommandName::AcceptConflict),
        record_finding: command(CommandName::RecordFinding),
        overrule_finding: command(CommandName::OverruleFinding),
        change_body: command(CommandName::ChangeBody),
        change_consultant: command(CommandName::ChangeConsultant),
        allocate_funding: command(CommandName::AllocateFunding),
    }
}
