//! A review meeting that recurs — "every two weeks until the campaign ends" — as OpenProject's
//! recurring meetings do: the series is a rule kept on the meeting, and each occurrence is
//! prepared when the one before it closes, carrying its open agenda items, so that nobody
//! schedules the next review by hand and no open item is forgotten.

use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::FollowUpProblem;
use crate::calendar::WorkingCalendar;

/// The shortest interval: a weekly review.
pub const MIN_EVERY_DAYS: u16 = 7;
/// The longest: a quarterly one.
pub const MAX_EVERY_DAYS: u16 = 92;
/// How far ahead a series may run from the meeting that starts it (two years: a campaign).
pub const MAX_SPAN_DAYS: i64 = 731;

/// How a meeting recurs: every `every_days` days counted from `from` (each moved to the next
/// working day when that day is off, without shifting the ones after it), the last on or
/// before `until`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Recurrence {
    #[schema(minimum = 7, maximum = 92)]
    pub every_days: u16,
    pub until: NaiveDate,
    /// The day of the meeting the series was set on: the rhythm counts from it.
    pub from: NaiveDate,
}

impl Recurrence {
    /// Checks a rule for a series whose current meeting is held on `held_on`.
    ///
    /// ```
    /// # use plantrack_domain::follow_up::recurrence::Recurrence;
    /// let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    /// assert!(Recurrence::checked(14, d("2026-03-31"), d("2025-11-25")).is_ok());
    /// assert!(Recurrence::checked(3, d("2026-03-31"), d("2025-11-25")).is_err());
    /// assert!(Recurrence::checked(14, d("2025-11-20"), d("2025-11-25")).is_err());
    /// ```
    pub fn checked(
        every_days: u16,
        until: NaiveDate,
        held_on: NaiveDate,
    ) -> Result<Self, FollowUpProblem> {
        if !(MIN_EVERY_DAYS..=MAX_EVERY_DAYS).contains(&every_days) {
            return Err(FollowUpProblem::RecurrenceIntervalOutOfRange {
                min: MIN_EVERY_DAYS,
                max: MAX_EVERY_DAYS,
            });
        }
        let last = held_on + Duration::days(MAX_SPAN_DAYS);
        if until <= held_on || until > last {
            return Err(FollowUpProblem::RecurrenceUntilOutOfRange {
                after: held_on,
                last,
            });
        }
        Ok(Self {
            every_days,
            until,
            from: held_on,
        })
    }

    /// The day of the occurrence after one held on `held_on`, if the series goes on: the next
    /// day of the rhythm, moved forward to a working day (a review falls on no holiday). A
    /// meeting moved by a holiday does not move the ones after it.
    ///
    /// ```
    /// # use plantrack_domain::follow_up::recurrence::Recurrence;
    /// # use plantrack_domain::calendar::VietnamCalendar;
    /// let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    /// let r = Recurrence::checked(14, d("2026-03-31"), d("2025-11-25")).unwrap();
    /// let cal = VietnamCalendar::new();
    /// assert_eq!(r.next_after(d("2025-11-25"), &cal), Some(d("2025-12-09")));
    /// // 17/02/2026 is the first day of Tết: that review waits for the first working day…
    /// let tet = r.next_after(d("2026-02-03"), &cal).unwrap();
    /// assert!(tet > d("2026-02-17"));
    /// // … and the next one keeps the fortnightly Tuesday.
    /// assert_eq!(r.next_after(tet, &cal), Some(d("2026-03-03")));
    /// assert_eq!(r.next_after(d("2026-03-31"), &cal), None);
    /// ```
    pub fn next_after(
        &self,
        held_on: NaiveDate,
        calendar: &impl WorkingCalendar,
    ) -> Option<NaiveDate> {
        let every = i64::from(self.every_days);
        let periods = (held_on - self.from).num_days().max(0) / every + 1;
        let mut day = self
            .from
            .checked_add_signed(Duration::days(periods * every))?;
        // Tết takes at most nine days off in a row; a fortnight of days off means a
        // calendar that is wrong, and then the day of the rhythm is kept.
        let nominal = day;
        for _ in 0..14 {
            if calendar.is_working_day(day) {
                break;
            }
            day = day.succ_opt()?;
        }
        if !calendar.is_working_day(day) {
            day = nominal;
        }
        (day <= self.until).then_some(day)
    }

    /// The days of the occurrences still to come after one held on `held_on`, at most `limit`.
    pub fn upcoming(
        &self,
        held_on: NaiveDate,
        calendar: &impl WorkingCalendar,
        limit: usize,
    ) -> Vec<NaiveDate> {
        std::iter::successors(self.next_after(held_on, calendar), |d| {
            self.next_after(*d, calendar)
        })
        .take(limit)
        .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::VietnamCalendar;
    use chrono::Datelike;
    use proptest::prelude::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().expect("a date")
    }

    #[test]
    fn a_fortnightly_review_until_the_end_of_q1_2026() {
        let r = Recurrence::checked(14, d("2026-03-31"), d("2025-11-25")).expect("valid");
        let days = r.upcoming(d("2025-11-25"), &VietnamCalendar::new(), 100);
        assert_eq!(days.first(), Some(&d("2025-12-09")));
        assert_eq!(days.last(), Some(&d("2026-03-31")));
        assert!(days.iter().all(|x| *x <= d("2026-03-31")));
        // Nine Tuesdays a fortnight apart, the one of Tết moved to after the holidays.
        assert_eq!(days.len(), 9);
        let moved: Vec<_> = days
            .iter()
            .filter(|x| x.weekday() != chrono::Weekday::Tue)
            .collect();
        assert_eq!(moved.len(), 1, "{days:?}");
    }

    #[test]
    fn bounds_are_refused_with_their_reason() {
        assert_eq!(
            Recurrence::checked(93, d("2026-03-31"), d("2025-11-25")),
            Err(FollowUpProblem::RecurrenceIntervalOutOfRange { min: 7, max: 92 })
        );
        assert!(matches!(
            Recurrence::checked(14, d("2025-11-25"), d("2025-11-25")),
            Err(FollowUpProblem::RecurrenceUntilOutOfRange { .. })
        ));
        assert!(matches!(
            Recurrence::checked(14, d("2030-01-01"), d("2025-11-25")),
            Err(FollowUpProblem::RecurrenceUntilOutOfRange { .. })
        ));
    }

    proptest! {
        /// Every occurrence is a working day after the one before, at least the interval
        /// later and never beyond the series' end.
        #[test]
        fn occurrences_are_working_days_in_order(
            every in MIN_EVERY_DAYS..=MAX_EVERY_DAYS,
            start in 0i64..3650,
            span in 1i64..MAX_SPAN_DAYS,
        ) {
            let held = d("2020-01-01") + Duration::days(start);
            let r = Recurrence::checked(every, held + Duration::days(span), held).expect("valid");
            let cal = VietnamCalendar::new();
            let mut before = held;
            for (k, day) in r.upcoming(held, &cal, 200).into_iter().enumerate() {
                // A working day after the one before, on its day of the rhythm or within the
                // days off that follow it.
                let nominal = held + Duration::days(i64::from(every) * (i64::try_from(k).unwrap() + 1));
                prop_assert!(cal.is_working_day(day));
                prop_assert!(day > before);
                prop_assert!(day >= nominal && day < nominal + Duration::days(14));
                prop_assert!(day <= r.until);
                before = day;
            }
        }
    }
}
