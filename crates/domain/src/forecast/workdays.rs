//! A province's working days over the forecast's range of dates, counted once: the forecast
//! converts tens of thousands of stays into working days and back, each a table look-up here
//! instead of a walk through the calendar (weekends, Tết and the other holidays, the
//! province's and the Government's overrides: [`crate::calendar::WorkingCalendar`]).

use chrono::{Days, NaiveDate};

use crate::calendar::WorkingCalendar;

/// Working days from `start` to `end`, inclusive.
#[derive(Debug, Clone)]
pub struct Workdays {
    start: NaiveDate,
    /// `prefix[i]`: working days in `(start, start + i]`.
    prefix: Vec<u32>,
    /// The working days after `start`, in order.
    days: Vec<NaiveDate>,
}

impl Workdays {
    pub fn new(calendar: &dyn WorkingCalendar, start: NaiveDate, end: NaiveDate) -> Self {
        let len = usize::try_from((end - start).num_days().max(0)).unwrap_or(0) + 1;
        let mut prefix = Vec::with_capacity(len);
        let mut days = Vec::with_capacity(len * 5 / 7 + 1);
        let mut count = 0u32;
        for (i, day) in start.iter_days().take(len).enumerate() {
            if i > 0 && calendar.is_working_day(day) {
                count += 1;
                days.push(day);
            }
            prefix.push(count);
        }
        Workdays {
            start,
            prefix,
            days,
        }
    }

    fn index(&self, day: NaiveDate) -> usize {
        usize::try_from((day - self.start).num_days().max(0))
            .unwrap_or(0)
            .min(self.prefix.len() - 1)
    }

    /// Working days in `(from, to]` (0 if `to <= from`); days outside the range count as its
    /// ends.
    pub fn between(&self, from: NaiveDate, to: NaiveDate) -> u32 {
        if to <= from {
            return 0;
        }
        self.prefix[self.index(to)] - self.prefix[self.index(from)]
    }

    /// The `n`-th working day after `from` (n >= 1), or `None` beyond the range.
    pub fn after(&self, from: NaiveDate, n: u32) -> Option<NaiveDate> {
        let i = self.prefix[self.index(from)] as usize + n.max(1) as usize;
        self.days.get(i - 1).copied()
    }

    /// The last day of the range.
    pub fn end(&self) -> NaiveDate {
        self.start + Days::new(self.prefix.len() as u64 - 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::VietnamCalendar;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn it_counts_as_the_calendar_does_across_tet() {
        let cal = VietnamCalendar::new();
        let w = Workdays::new(&cal, d("2025-07-01"), d("2027-12-31"));
        for (a, b) in [
            ("2025-11-25", "2026-03-31"),
            ("2026-02-01", "2026-03-01"),
            ("2025-07-01", "2025-07-02"),
        ] {
            assert_eq!(
                i64::from(w.between(d(a), d(b))),
                cal.working_days_between(d(a), d(b)),
                "{a}..{b}"
            );
        }
        for n in [1, 5, 60, 200] {
            assert_eq!(
                w.after(d("2025-11-25"), n),
                Some(cal.add_working_days(d("2025-11-25"), n))
            );
        }
        assert_eq!(w.between(d("2026-01-01"), d("2025-01-01")), 0);
        assert_eq!(w.after(d("2027-12-30"), 400), None);
        assert_eq!(w.end(), d("2027-12-31"));
    }
}
