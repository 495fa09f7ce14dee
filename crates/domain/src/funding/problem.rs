//! Why funding refuses something: each reason has its own sentence in every language
//! (`funding-problem-…` in the Fluent files), with the figures where a ceiling is passed.

use chrono::NaiveDate;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FundingProblem {
    /// Not a number at all ("abc", "1e9").
    NotAnAmount {
        text: String,
    },
    /// Decimals or separators: amounts are whole đồng in digits.
    AmountNotWhole {
        text: String,
    },
    /// Zero or negative.
    AmountNotPositive {
        amount: i64,
    },
    /// Above what one record holds (or beyond an `i64`).
    AmountTooLarge {
        max: i64,
    },
    /// The lines would allocate more than the decision's total.
    DecisionOverAllocated {
        total: i64,
        allocated: i64,
        asked: i64,
    },
    /// The contracts would hold more than their line.
    ContractAboveLine {
        line: i64,
        contracted: i64,
        asked: i64,
    },
    /// The payments would exceed the contract's value.
    PaymentAboveContract {
        value: i64,
        paid: i64,
        asked: i64,
    },
    ContractCancelled,
    /// A decision of this number is already recorded in the province.
    DuplicateDecision {
        number: String,
    },
    /// The contract's firm is not a consultant firm of the province.
    NotAConsultantFirm {
        id: i64,
    },
    /// The dossier named is not of the line's unit.
    DossierNotOfUnit {
        unit: String,
    },
    /// The unit named is not a commune-level unit of the decision's province.
    UnitOutsideProvince {
        unit: String,
    },
    /// The contract document named is not a `consultant_contract` of the dossier.
    NotAContractDocument {
        seq: u64,
    },
    /// A day before the decision (a contract) or the contract's signing (a payment).
    DayBefore {
        earliest: NaiveDate,
    },
    DayInFuture,
    DayOutOfBounds,
    EmptyText {
        field: &'static str,
    },
    TextTooLong {
        field: &'static str,
        max: usize,
    },
}

impl FundingProblem {
    /// Whether it refuses what the records' state forbids (HTTP 409) rather than bad input
    /// (HTTP 422).
    pub fn is_conflict(&self) -> bool {
        matches!(
            self,
            Self::DecisionOverAllocated { .. }
                | Self::ContractAboveLine { .. }
                | Self::PaymentAboveContract { .. }
                | Self::ContractCancelled
                | Self::DuplicateDecision { .. }
        )
    }

    /// The Fluent key of its sentence (`funding-problem-<key>`).
    pub fn key(&self) -> &'static str {
        match self {
            Self::NotAnAmount { .. } => "not-an-amount",
            Self::AmountNotWhole { .. } => "amount-not-whole",
            Self::AmountNotPositive { .. } => "amount-not-positive",
            Self::AmountTooLarge { .. } => "amount-too-large",
            Self::DecisionOverAllocated { .. } => "decision-over-allocated",
            Self::ContractAboveLine { .. } => "contract-above-line",
            Self::PaymentAboveContract { .. } => "payment-above-contract",
            Self::ContractCancelled => "contract-cancelled",
            Self::DuplicateDecision { .. } => "duplicate-decision",
            Self::NotAConsultantFirm { .. } => "not-a-consultant-firm",
            Self::DossierNotOfUnit { .. } => "dossier-not-of-unit",
            Self::UnitOutsideProvince { .. } => "unit-outside-province",
            Self::NotAContractDocument { .. } => "not-a-contract-document",
            Self::DayBefore { .. } => "day-before",
            Self::DayInFuture => "day-in-future",
            Self::DayOutOfBounds => "day-out-of-bounds",
            Self::EmptyText { .. } => "empty-text",
            Self::TextTooLong { .. } => "text-too-long",
        }
    }
}

impl std::fmt::Display for FundingProblem {
    /// English, for the log; readers get the translated sentence.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NotAnAmount { text } => write!(f, "'{text}' is not an amount of đồng"),
            Self::AmountNotWhole { text } => {
                write!(
                    f,
                    "'{text}': write whole đồng in digits, without separators or decimals"
                )
            }
            Self::AmountNotPositive { amount } => {
                write!(f, "an amount must be at least 1 đồng, not {amount}")
            }
            Self::AmountTooLarge { max } => write!(f, "an amount is at most {max} đồng"),
            Self::DecisionOverAllocated {
                total,
                allocated,
                asked,
            } => write!(
                f,
                "the decision allocates {total} đồng, {allocated} are in lines: {asked} more would exceed it by {}",
                allocated + asked - total
            ),
            Self::ContractAboveLine {
                line,
                contracted,
                asked,
            } => write!(
                f,
                "the line holds {line} đồng, {contracted} are contracted: a contract of {asked} would exceed it by {}",
                contracted + asked - line
            ),
            Self::PaymentAboveContract { value, paid, asked } => write!(
                f,
                "the contract is worth {value} đồng, {paid} are paid: {asked} more would exceed it by {}",
                paid + asked - value
            ),
            Self::ContractCancelled => write!(f, "the contract is cancelled"),
            Self::DuplicateDecision { number } => {
                write!(f, "decision {number} is already recorded")
            }
            Self::NotAConsultantFirm { id } => {
                write!(
                    f,
                    "organisation {id} is not a consultant firm of the province"
                )
            }
            Self::DossierNotOfUnit { unit } => write!(f, "the dossier is not unit {unit}'s"),
            Self::UnitOutsideProvince { unit } => {
                write!(f, "unit {unit} is not a commune of the province")
            }
            Self::NotAContractDocument { seq } => {
                write!(
                    f,
                    "document {seq} is not a consultant contract of the dossier"
                )
            }
            Self::DayBefore { earliest } => write!(f, "the day is before {earliest}"),
            Self::DayInFuture => write!(f, "the day is still to come"),
            Self::DayOutOfBounds => write!(f, "the day is outside those plantrack accepts"),
            Self::EmptyText { field } => write!(f, "{field} must not be empty"),
            Self::TextTooLong { field, max } => {
                write!(f, "{field} is longer than {max} characters")
            }
        }
    }
}
