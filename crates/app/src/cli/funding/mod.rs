//! `plantrack funding`: the money of the plans (issue 16) — allocation decisions and their
//! lines, contracts with consultant firms, payments, the summary per decision and per
//! commune, and the cost estimate from the norm table. Amounts are typed as whole đồng in
//! digits; a refusal (a ceiling passed, a cancelled contract, a bad amount) says why in the
//! reader's language, stores nothing and exits non-zero. Every subcommand has `--format json`.

pub mod read;
pub mod write;

use clap::Subcommand;
use plantrack_domain::Language;
use plantrack_store::{Planning, StoreError};

use super::CliError;

#[derive(Debug, Subcommand)]
pub enum FundingCmd {
    /// Allocated, contracted and paid per decision and per commune, and the communes whose
    /// stage needs a contract they do not have (of a province, or of the country).
    Summary(read::SummaryArgs),
    /// Record an allocation decision.
    Decision(write::DecisionArgs),
    /// A decision with its lines and contracts.
    Show(read::ShowArgs),
    /// Add a line to a decision: a unit, optionally its plan's dossier, a purpose, an amount.
    Line(write::LineArgs),
    /// Sign a contract with a consultant firm on a line.
    Contract(write::ContractArgs),
    /// Cancel a contract: its payments stay, the rest of its value returns to its line.
    Cancel(write::CancelArgs),
    /// Contracts (of a province, or all), with what is paid.
    Contracts(read::ContractsArgs),
    /// Record a payment (an advance or a settlement) under a contract.
    Pay(write::PayArgs),
    /// A commune general plan's cost from the norm table, beside the unit's allocation.
    Estimate(read::EstimateArgs),
}

pub async fn run(planning: &Planning, cmd: FundingCmd, lang: Language) -> Result<(), CliError> {
    match cmd {
        FundingCmd::Summary(args) => read::summary(planning, args, lang).await,
        FundingCmd::Decision(args) => write::decision(planning, args, lang).await,
        FundingCmd::Show(args) => read::show(planning, args, lang).await,
        FundingCmd::Line(args) => write::line(planning, args, lang).await,
        FundingCmd::Contract(args) => write::contract(planning, args, lang).await,
        FundingCmd::Cancel(args) => write::cancel(planning, args, lang).await,
        FundingCmd::Contracts(args) => read::contracts(planning, args, lang).await,
        FundingCmd::Pay(args) => write::pay(planning, args, lang).await,
        FundingCmd::Estimate(args) => read::estimate(planning, args, lang).await,
    }
}

/// An amount as typed: whole đồng in digits, refused in the reader's words otherwise.
fn amount(text: &str) -> Result<i64, CliError> {
    plantrack_domain::funding::parse_vnd(text).map_err(|e| CliError::Store(StoreError::from(e)))
}
