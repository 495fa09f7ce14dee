//! Appraisal to one standard: what every plan of a type must contain ([`checklist`], data like
//! the workflow templates), and the shapes of what plantrack measures on a plan's land-use map
//! to fill in the automatic items ([`auto`]).

pub mod auto;
pub mod checklist;
pub mod compare;
pub mod finding;
pub mod problem;

pub use auto::{AutoFinding, AutoVerdict, Figure, FigureKey};
pub use checklist::{AutoCheck, Checklist, ChecklistItem, Evidence, ItemScope, ItemWithdrawal};
pub use finding::{AppraisalFacts, Finding, FindingVerdict, Overrule};
pub use problem::AppraisalProblem;
