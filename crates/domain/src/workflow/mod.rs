//! The statutory workflow: templates are data ([`template`]); a dossier's state is the fold of
//! its events ([`dossier`]); commands are decided against the state and the template
//! ([`command`]); what a role may do now is read from the same rules ([`moves`]). Nothing here
//! knows about storage: the store writes the events a decision returns, in one transaction
//! with the state they produce.

pub mod acted_by;
pub mod command;
pub mod dossier;
pub mod moves;
pub mod template;
pub mod timeline;

pub use acted_by::{AccountNames, ActedBy, Via};
pub use command::{
    Actor, Blocker, Command, CommandKind, CommandName, check_backdating, decide, missing_documents,
    open_dossier, recorded_event, role_allowed,
};
pub use dossier::{
    DossierEvent, DossierState, DossierStatus, EventKind, StoredFile, effective_due_on, fold,
};
pub use moves::{AvailableMoves, CommandMove, RequiredDocument, TransitionMove, available_moves};
pub use template::{
    AppraisalOutcome, LimitUnit, LocalText, RunsFrom, Stage, Template, TimeLimit, Transition,
    Verification,
};
