//! A firm's workload against the province's: the limit of plans a lead carries at once (a
//! province setting), medians of days spent in a stage, and when a certificate's expiry
//! during a running assignment is worth a warning.

use chrono::NaiveDate;

use super::{ConsultantProblem, refuse};
use crate::DomainError;

/// Plans one lead may carry at once unless the province sets its own limit. No rule sets
/// it: it is the province's judgement of what a lead can answer for (a setting).
pub const DEFAULT_MAX_PLANS_PER_LEAD: i64 = 4;

/// The highest limit a province may set: beyond it, a limit no longer limits.
pub const MAX_LOAD_LIMIT: i64 = 100;

/// A certificate expiring within this many days of today, while its holder is on a running
/// assignment, is warned about: time enough to renew it before the plan stops.
pub const EXPIRY_WARNING_DAYS: i64 = 90;

/// A province's limit, checked.
pub fn load_limit(plans_per_lead: i64) -> Result<i64, DomainError> {
    if (1..=MAX_LOAD_LIMIT).contains(&plans_per_lead) {
        Ok(plans_per_lead)
    } else {
        refuse(ConsultantProblem::LoadLimitOutOfRange {
            max: MAX_LOAD_LIMIT,
        })
    }
}

/// Whether a certificate expiring on `expires_on` needs a warning on `today`: it has expired,
/// or expires within [`EXPIRY_WARNING_DAYS`].
pub fn expiry_warned(expires_on: NaiveDate, today: NaiveDate) -> bool {
    (expires_on - today).num_days() <= EXPIRY_WARNING_DAYS
}

/// The median of `values` (the mean of the middle two for an even count); none when empty.
pub fn median(values: &mut [i64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_unstable();
    let mid = values.len() / 2;
    #[allow(clippy::cast_precision_loss)] // days: far below 2^52
    Some(if values.len() % 2 == 1 {
        values[mid] as f64
    } else {
        (values[mid - 1] + values[mid]) as f64 / 2.0
    })
}

/// `part` of `whole` as a share from 0 to 1; 0 of nothing.
pub fn share(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        #[allow(clippy::cast_precision_loss)] // counts of plans
        let s = part as f64 / whole as f64;
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians_shares_and_limits() {
        assert_eq!(median(&mut []), None);
        assert_eq!(median(&mut [30, 10, 20]), Some(20.0));
        assert_eq!(median(&mut [40, 10, 20, 30]), Some(25.0));
        assert!((share(1, 4) - 0.25).abs() < f64::EPSILON);
        assert!(share(0, 0).abs() < f64::EPSILON);
        assert_eq!(load_limit(4).unwrap(), 4);
        assert!(load_limit(0).is_err());
        assert!(load_limit(MAX_LOAD_LIMIT + 1).is_err());
    }

    #[test]
    fn expiry_is_warned_within_ninety_days_and_after() {
        let today = NaiveDate::from_ymd_opt(2025, 11, 26).unwrap();
        assert!(expiry_warned(today + chrono::Days::new(90), today));
        assert!(!expiry_warned(today + chrono::Days::new(91), today));
        assert!(expiry_warned(today - chrono::Days::new(3), today));
    }
}
