//! Amounts as people type them, and the bounds of one record. A decision, a line, a contract
//! and a payment each hold at most 1,000 billion đồng (as [`crate::money`] bounds a decision):
//! sums of such amounts cannot overflow an `i64` before millions of records.

use super::{FundingProblem, refuse};
use crate::DomainError;
use crate::money::MAX_DECISION_VND;

/// The most one record holds: 1,000 billion đồng.
pub const MAX_AMOUNT_VND: i64 = MAX_DECISION_VND;

/// `amount` if one record may hold it: at least 1 đồng, at most [`MAX_AMOUNT_VND`].
pub fn checked_amount(amount: i64) -> Result<i64, DomainError> {
    if amount < 1 {
        return refuse(FundingProblem::AmountNotPositive { amount });
    }
    if amount > MAX_AMOUNT_VND {
        return refuse(FundingProblem::AmountTooLarge {
            max: MAX_AMOUNT_VND,
        });
    }
    Ok(amount)
}

/// An amount typed as whole đồng in digits ("1234567000"), checked as [`checked_amount`]
/// does. Separators are refused rather than guessed: "1.500" is one thousand five hundred
/// đồng to a Vietnamese reader and one and a half to an English one.
pub fn parse_vnd(text: &str) -> Result<i64, DomainError> {
    let t = text.trim();
    let (negative, digits) = match t.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    if digits.is_empty() {
        return refuse(FundingProblem::NotAnAmount {
            text: text.to_owned(),
        });
    }
    if !digits.chars().all(|c| c.is_ascii_digit()) {
        let looks_decimal = digits
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',');
        return refuse(if looks_decimal {
            FundingProblem::AmountNotWhole {
                text: text.to_owned(),
            }
        } else {
            FundingProblem::NotAnAmount {
                text: text.to_owned(),
            }
        });
    }
    let Ok(value) = digits.parse::<i64>() else {
        // Only digits, and still not an i64: beyond 9.2 × 10¹⁸.
        return refuse(FundingProblem::AmountTooLarge {
            max: MAX_AMOUNT_VND,
        });
    };
    checked_amount(if negative { -value } else { value })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn problem(r: Result<i64, DomainError>) -> FundingProblem {
        match r {
            Err(DomainError::Funding(p)) => p,
            other => panic!("expected a funding problem, got {other:?}"),
        }
    }

    #[test]
    fn whole_dong_in_digits_is_read() {
        assert_eq!(parse_vnd("1234567000"), Ok(1_234_567_000));
        assert_eq!(parse_vnd(" 1 "), Ok(1));
        assert_eq!(parse_vnd("1000000000000"), Ok(MAX_AMOUNT_VND));
    }

    #[test]
    fn bad_amounts_say_why() {
        assert_eq!(
            problem(parse_vnd("-5")),
            FundingProblem::AmountNotPositive { amount: -5 }
        );
        assert_eq!(
            problem(parse_vnd("0")),
            FundingProblem::AmountNotPositive { amount: 0 }
        );
        for decimal in ["1.5", "1500,50", "1.234.567.000"] {
            assert!(matches!(
                problem(parse_vnd(decimal)),
                FundingProblem::AmountNotWhole { .. }
            ));
        }
        for huge in [
            "9223372036854775808",
            "99999999999999999999999",
            "1000000000001",
        ] {
            assert_eq!(
                problem(parse_vnd(huge)),
                FundingProblem::AmountTooLarge {
                    max: MAX_AMOUNT_VND
                }
            );
        }
        for junk in ["", "abc", "1e9", "12đ"] {
            assert!(matches!(
                problem(parse_vnd(junk)),
                FundingProblem::NotAnAmount { .. }
            ));
        }
    }

    proptest! {
        /// Any amount within the bounds reads back as itself; any other is refused.
        #[test]
        fn reads_back_exactly_the_bounded_amounts(n in any::<i64>()) {
            let read = parse_vnd(&n.to_string());
            prop_assert_eq!(read.is_ok(), (1..=MAX_AMOUNT_VND).contains(&n));
            if let Ok(v) = read { prop_assert_eq!(v, n); }
        }
    }
}
