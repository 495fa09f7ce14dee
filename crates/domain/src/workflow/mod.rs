//! The statutory workflow: templates are data ([`template`]); a dossier's state is the fold of
//! its events ([`dossier`]); commands are decided against the state and the template
//! ([`command`]). Nothing here knows about storage: the store writes the events a decision
//! returns, in one transaction with the state they produce.

pub mod command;
pub mod dossier;
pub mod template;
pub mod timeline;

pub use command::{Actor, Command, CommandKind, decide, open_dossier, recorded_event};
pub use dossier::{DossierEvent, DossierState, DossierStatus, EventKind, StoredFile, fold};
pub use template::{
    LimitUnit, LocalText, RunsFrom, Stage, Template, TimeLimit, Transition, Verification,
};
