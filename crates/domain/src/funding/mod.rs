//! Funding of the plans (issue 16, items 3–4): allocation decisions and their lines, contracts
//! with consultant firms, and the payments made under them. Amounts are whole đồng in an
//! `i64`, never floating point.
//!
//! - [`amount`]: reading an amount a person typed, and the bounds of one record.
//! - [`line`]: what a line pays for (task, plan, survey and base maps, …).
//! - [`budget`]: the three ceilings — a decision's total, a line's amount, a contract's value —
//!   and the refusals that give the figures.
//! - [`estimate`]: a commune general plan's cost from the norm table (data, unverified).
//! - [`needs`]: which dossiers should have a signed contract by their stage.
//! - [`problem`]: why funding refuses something, a sentence per reason.

pub mod amount;
pub mod budget;
pub mod estimate;
pub mod line;
pub mod needs;
pub mod problem;

pub use amount::{MAX_AMOUNT_VND, checked_amount, parse_vnd};
pub use budget::{ContractStatus, PaymentKind, Totals};
pub use estimate::{CostEstimate, CostNorms};
pub use line::Purpose;
pub use needs::stage_needs_contract;
pub use problem::FundingProblem;

use crate::DomainError;

/// The refusal of a funding problem.
pub(crate) fn refuse<T>(p: FundingProblem) -> Result<T, DomainError> {
    Err(DomainError::Funding(p))
}
