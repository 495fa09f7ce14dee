//! The planning domain of plantrack, free of IO.
//!
//! - [`access`]: roles, organisations and the one policy function per action.
//! - [`unit`]: provinces and commune-level units with their lineage.
//! - [`plan`]: plans, their types and the bodies that prepare, appraise and approve them.
//! - [`workflow`]: statutory workflow templates (data), dossier commands, events and the fold.
//! - [`calendar`]: Vietnam's working-day calendar, with lunar holidays computed.
//! - [`consultation`]: consultation rounds, agencies' replies, residents' opinions, answers.
//! - [`follow_up`]: meetings, directives, their tasks and what holds dossiers back.
//! - [`funding`]: allocation decisions, their lines, consultants' contracts and payments.
//! - [`forecast`]: when each dossier is likely to reach approval, and how sure that is.
//! - [`deadline`]: due dates from a template's time limits, and their status on a date.
//! - [`progress`]: the shapes of the progress report leadership reads.
//! - [`language`]: the languages plantrack speaks.
//! - [`contact`]: an organisation's contact address, checked.
//! - [`consultation`]: the consultation on a draft plan; similar opinions grouped.
//! - [`consultant`]: consultant firms, their people and certificates, the Decree 175 rules.
//! - [`appraisal`]: the content checklist every plan of a type is appraised against.

pub mod access;
pub mod appraisal;
pub mod calendar;
pub mod consultant;
pub mod consultation;
pub mod contact;
pub mod deadline;
pub mod error;
pub mod follow_up;
pub mod forecast;
pub mod funding;
pub mod language;
pub mod money;
pub mod plan;
pub mod progress;
pub mod unit;
pub mod workflow;

pub use error::DomainError;

/// Longest free text a person may give (a reason, a name, a reference): a sentence or a
/// paragraph, not a file.
pub const MAX_TEXT: usize = 2000;
pub use language::Language;
