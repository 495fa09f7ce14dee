//! The three ceilings of the money: the lines of a decision stay within its total, the
//! contracts of a line within its amount, the payments of a contract within its value. Each
//! refusal carries the figures a finance officer checks: the ceiling, what is already used of
//! it and the amount asked (the room left is their difference).
//!
//! A cancelled contract keeps what was paid under it: that money is spent, so it still counts
//! against its line; the rest of its value is freed for another contract.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{FundingProblem, refuse};
use crate::DomainError;

/// Whether a contract still runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ContractStatus {
    Active,
    Cancelled,
}

impl ContractStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ContractStatus::Active => "active",
            ContractStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<ContractStatus> {
        match s {
            "active" => Some(ContractStatus::Active),
            "cancelled" => Some(ContractStatus::Cancelled),
            _ => None,
        }
    }
}

/// A payment under a contract: an advance (tạm ứng) or a settlement (thanh toán).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PaymentKind {
    Advance,
    Settlement,
}

impl PaymentKind {
    pub fn as_str(self) -> &'static str {
        match self {
            PaymentKind::Advance => "advance",
            PaymentKind::Settlement => "settlement",
        }
    }

    pub fn parse(s: &str) -> Option<PaymentKind> {
        match s {
            "advance" => Some(PaymentKind::Advance),
            "settlement" => Some(PaymentKind::Settlement),
            _ => None,
        }
    }
}

/// Money allocated, contracted and paid: of a decision, a commune, a province.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Totals {
    pub allocated_vnd: i64,
    pub contracted_vnd: i64,
    pub paid_vnd: i64,
}

impl Totals {
    /// Both added; saturating, since bounded records cannot reach `i64::MAX` (see
    /// [`super::amount`]) and a report must not fail on the history's older amounts.
    pub fn add(&mut self, other: Totals) {
        self.allocated_vnd = self.allocated_vnd.saturating_add(other.allocated_vnd);
        self.contracted_vnd = self.contracted_vnd.saturating_add(other.contracted_vnd);
        self.paid_vnd = self.paid_vnd.saturating_add(other.paid_vnd);
    }
}

/// What a contract holds of its line: its value while it runs, what was paid once cancelled.
pub fn committed(status: ContractStatus, value_vnd: i64, paid_vnd: i64) -> i64 {
    match status {
        ContractStatus::Active => value_vnd,
        ContractStatus::Cancelled => paid_vnd,
    }
}

/// `asked` fits under `ceiling` with `used` already taken.
fn fits(ceiling: i64, used: i64, asked: i64) -> bool {
    used.checked_add(asked).is_some_and(|sum| sum <= ceiling)
}

/// A new line of `asked` đồng on a decision of `total` of which `allocated` is in lines.
pub fn allocate(total: i64, allocated: i64, asked: i64) -> Result<(), DomainError> {
    if fits(total, allocated, asked) {
        Ok(())
    } else {
        refuse(FundingProblem::DecisionOverAllocated {
            total,
            allocated,
            asked,
        })
    }
}

/// A contract of `asked` đồng on a line of `line` of which `contracted` is held by others.
pub fn contract(line: i64, contracted: i64, asked: i64) -> Result<(), DomainError> {
    if fits(line, contracted, asked) {
        Ok(())
    } else {
        refuse(FundingProblem::ContractAboveLine {
            line,
            contracted,
            asked,
        })
    }
}

/// A payment of `asked` đồng under a contract of `value` of which `paid` is paid.
pub fn pay(status: ContractStatus, value: i64, paid: i64, asked: i64) -> Result<(), DomainError> {
    if status == ContractStatus::Cancelled {
        return refuse(FundingProblem::ContractCancelled);
    }
    if fits(value, paid, asked) {
        Ok(())
    } else {
        refuse(FundingProblem::PaymentAboveContract { value, paid, asked })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn refusals_carry_the_figures() {
        assert!(allocate(1_000, 600, 400).is_ok());
        assert_eq!(
            allocate(1_000, 600, 401),
            Err(DomainError::Funding(
                FundingProblem::DecisionOverAllocated {
                    total: 1_000,
                    allocated: 600,
                    asked: 401
                }
            ))
        );
        assert_eq!(
            contract(900, 0, 901),
            Err(DomainError::Funding(FundingProblem::ContractAboveLine {
                line: 900,
                contracted: 0,
                asked: 901
            }))
        );
        assert!(pay(ContractStatus::Active, 500, 300, 200).is_ok());
        assert_eq!(
            pay(ContractStatus::Active, 500, 300, 201),
            Err(DomainError::Funding(FundingProblem::PaymentAboveContract {
                value: 500,
                paid: 300,
                asked: 201
            }))
        );
        assert_eq!(
            pay(ContractStatus::Cancelled, 500, 0, 1),
            Err(DomainError::Funding(FundingProblem::ContractCancelled))
        );
    }

    #[test]
    fn a_cancelled_contract_holds_what_was_paid() {
        assert_eq!(committed(ContractStatus::Active, 500, 100), 500);
        assert_eq!(committed(ContractStatus::Cancelled, 500, 100), 100);
    }

    proptest! {
        /// Whatever the order of the asks, the accepted ones never exceed the ceiling, and
        /// each refused one would have.
        #[test]
        fn accepted_payments_never_exceed_the_contract(
            value in 1i64..1_000_000,
            asks in proptest::collection::vec(1i64..400_000, 0..20),
        ) {
            let mut paid = 0i64;
            for a in asks {
                match pay(ContractStatus::Active, value, paid, a) {
                    Ok(()) => paid += a,
                    Err(_) => prop_assert!(paid + a > value),
                }
                prop_assert!(paid <= value);
            }
        }
    }
}
