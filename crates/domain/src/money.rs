//! Amounts of money (đồng): what one funding decision can allocate, and totals that cannot
//! overflow.
//!
//! A commune's land-use plan costs millions to billions of đồng; a province's whole
//! programme, hundreds of billions. One decision is bounded at 1,000 billion đồng (10¹²),
//! which no plan reaches, and far below `i64::MAX` (≈ 9.2 × 10¹⁸): a dossier would need
//! more than nine million decisions for their bounded sum to overflow, so totals of amounts
//! recorded under this bound cannot; they are still added with checks, because the history
//! is kept forever and may hold amounts recorded before the bound.

use crate::DomainError;

/// The least one decision allocates: 1 đồng.
pub const MIN_DECISION_VND: i64 = 1;
/// The most one decision allocates: 1,000 billion đồng.
pub const MAX_DECISION_VND: i64 = 1_000_000_000_000;

/// `amount` if one decision may allocate it, else the refusal naming `field` and the bounds.
pub fn decision_amount(field: &str, amount: i64) -> Result<i64, DomainError> {
    if (MIN_DECISION_VND..=MAX_DECISION_VND).contains(&amount) {
        Ok(amount)
    } else {
        Err(DomainError::AmountOutOfBounds {
            field: field.to_owned(),
            amount,
            min: MIN_DECISION_VND,
            max: MAX_DECISION_VND,
        })
    }
}

/// The sum of `amounts`, or `None` if it does not fit an `i64`.
pub fn checked_total(amounts: impl IntoIterator<Item = i64>) -> Option<i64> {
    amounts.into_iter().try_fold(0i64, i64::checked_add)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_decision_is_bounded() {
        assert_eq!(decision_amount("a", 1), Ok(1));
        assert_eq!(decision_amount("a", MAX_DECISION_VND), Ok(MAX_DECISION_VND));
        for wrong in [0, -5, MAX_DECISION_VND + 1, i64::MAX, i64::MIN] {
            let err = decision_amount("amount_vnd", wrong).unwrap_err();
            assert_eq!(err.code(), "amount-out-of-bounds");
        }
    }

    #[test]
    fn totals_overflow_to_none_not_a_wrap() {
        assert_eq!(
            checked_total([MAX_DECISION_VND; 3]),
            Some(3 * MAX_DECISION_VND)
        );
        assert_eq!(checked_total([i64::MAX, i64::MAX]), None);
        assert_eq!(checked_total([]), Some(0));
    }
}
