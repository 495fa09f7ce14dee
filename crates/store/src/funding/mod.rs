//! Funding as stored (issue 16): allocation decisions, their lines, contracts with consultant
//! firms and the payments under them. The use cases that change them are in
//! `planning::funding`; every change writes its rows and one event of the province's
//! follow-up chain in one transaction.

pub(crate) mod rows;

use chrono::NaiveDate;
use plantrack_domain::funding::{ContractStatus, CostEstimate, PaymentKind, Purpose, Totals};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// An allocation decision with what its lines allocate, and what is contracted and paid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct FundingDecision {
    pub id: i64,
    pub province_code: String,
    /// As written on the decision: "2785/QĐ-UBND".
    pub number: String,
    pub issued_on: NaiveDate,
    pub issuer: String,
    /// What the decision allocates in all.
    pub total_vnd: i64,
    /// The decision's document: its file reference or link.
    pub document: String,
    pub recorded_by: String,
    /// In its lines (`allocated_vnd`), held by contracts, paid.
    #[serde(flatten)]
    pub totals: Totals,
}

/// A decision to record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct NewFundingDecision {
    /// The province whose decision it is; the caller's own when absent.
    #[serde(default)]
    pub province: Option<String>,
    pub number: String,
    pub issued_on: NaiveDate,
    pub issuer: String,
    #[schema(minimum = 1, maximum = 1_000_000_000_000_i64)]
    pub total_vnd: i64,
    #[serde(default)]
    pub document: String,
}

/// Where a line stands: nothing contracted yet, contracted, or every contract paid in full.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum LineStatus {
    NoContract,
    Contracted,
    Paid,
}

impl LineStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            LineStatus::NoContract => "no_contract",
            LineStatus::Contracted => "contracted",
            LineStatus::Paid => "paid",
        }
    }

    fn of(contracted: i64, paid: i64) -> LineStatus {
        if contracted == 0 {
            LineStatus::NoContract
        } else if paid >= contracted {
            LineStatus::Paid
        } else {
            LineStatus::Contracted
        }
    }
}

/// A line of a decision: for a unit, a plan (its dossier) and a purpose.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct FundingLine {
    pub id: i64,
    pub decision_id: i64,
    pub decision_number: String,
    pub unit_code: String,
    pub unit_name: String,
    pub dossier_id: Option<i64>,
    pub purpose: Purpose,
    pub amount_vnd: i64,
    pub note: String,
    /// Held by its contracts (a cancelled one holds what was paid under it).
    pub contracted_vnd: i64,
    pub paid_vnd: i64,
    pub status: LineStatus,
}

/// A line to add to a decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct NewFundingLine {
    pub unit_code: String,
    /// The plan's dossier, when the line is for one plan.
    #[serde(default)]
    pub dossier_id: Option<i64>,
    pub purpose: Purpose,
    #[schema(minimum = 1, maximum = 1_000_000_000_000_i64)]
    pub amount_vnd: i64,
    #[serde(default)]
    pub note: String,
}

/// A contract with a consultant firm on a line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Contract {
    pub id: i64,
    pub line_id: i64,
    pub decision_id: i64,
    pub decision_number: String,
    pub province_code: String,
    pub unit_code: String,
    pub dossier_id: Option<i64>,
    pub purpose: Purpose,
    /// The firm: an organisation of kind `consultant_firm`.
    pub consultant_id: i64,
    pub consultant_name: String,
    pub number: String,
    pub value_vnd: i64,
    pub signed_on: NaiveDate,
    /// The dossier's `consultant_contract` document, by its number in the dossier.
    pub document_seq: Option<u64>,
    pub status: ContractStatus,
    pub cancelled_on: Option<NaiveDate>,
    pub cancel_reason: Option<String>,
    pub paid_vnd: i64,
    pub signed_by: String,
    /// Oldest first; empty in lists.
    #[serde(default)]
    pub payments: Vec<Payment>,
}

/// A contract to sign on a line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct NewContract {
    pub line_id: i64,
    #[schema(minimum = 1, maximum = 4_294_967_295_i64)]
    pub consultant_id: i64,
    pub number: String,
    #[schema(minimum = 1, maximum = 1_000_000_000_000_i64)]
    pub value_vnd: i64,
    pub signed_on: NaiveDate,
    #[serde(default)]
    #[schema(minimum = 1, maximum = 4_294_967_295_i64)]
    pub document_seq: Option<u64>,
}

/// Cancelling a contract: its payments stay; the rest of its value returns to the line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ContractCancellation {
    /// Today when absent.
    #[serde(default)]
    pub on: Option<NaiveDate>,
    pub reason: String,
}

/// A payment under a contract.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Payment {
    pub id: i64,
    pub contract_id: i64,
    pub paid_on: NaiveDate,
    pub amount_vnd: i64,
    pub kind: PaymentKind,
    pub document: String,
    pub recorded_by: String,
}

/// A payment to record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct NewPayment {
    #[schema(minimum = 1, maximum = 1_000_000_000_000_i64)]
    pub amount_vnd: i64,
    /// Today when absent.
    #[serde(default)]
    pub paid_on: Option<NaiveDate>,
    pub kind: PaymentKind,
    /// The payment order's number or a link.
    #[serde(default)]
    pub document: String,
}

/// A decision in the summary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct DecisionSummary {
    pub id: i64,
    pub province_code: String,
    pub number: String,
    pub issued_on: NaiveDate,
    pub total_vnd: i64,
    pub allocated_vnd: i64,
    pub contracted_vnd: i64,
    pub paid_vnd: i64,
}

/// A unit's money, over every decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct UnitSummary {
    pub unit_code: String,
    pub unit_name: String,
    #[serde(flatten)]
    pub totals: Totals,
}

/// A dossier whose stage needs a signed contract, and whose unit has none running.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct MissingContract {
    pub dossier_id: i64,
    pub unit_code: String,
    pub unit_name: String,
    pub plan_type: String,
    pub stage: String,
}

/// The money of a province (or the country) as the caller reads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct FundingSummary {
    /// The province summed; none for the whole country.
    pub province: Option<String>,
    pub decisions: Vec<DecisionSummary>,
    pub units: Vec<UnitSummary>,
    pub missing_contracts: Vec<MissingContract>,
    #[serde(flatten)]
    pub totals: Totals,
}

/// A decision with its lines and their contracts: the decision page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct DecisionSheet {
    pub decision: FundingDecision,
    pub lines: Vec<FundingLine>,
    pub contracts: Vec<Contract>,
}

/// A unit's money: its lines and contracts, for the commune's and the dossier's pages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct UnitFunding {
    pub unit_code: String,
    #[serde(flatten)]
    pub totals: Totals,
    pub lines: Vec<FundingLine>,
    pub contracts: Vec<Contract>,
}

/// A commune general plan's estimated cost beside what its unit is allocated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct EstimateComparison {
    pub unit_code: String,
    pub estimate: CostEstimate,
    /// The unit's lines for its task and its plan.
    pub allocated_vnd: i64,
    /// Allocated minus estimated: negative when the allocation falls short.
    pub difference_vnd: i64,
}

pub(crate) fn line_status(contracted: i64, paid: i64) -> LineStatus {
    LineStatus::of(contracted, paid)
}
