//! Vietnam's working-day calendar: weekends, public holidays (the lunar ones
//! computed), and per-province overrides for the Government's yearly
//! arrangements.

pub mod bounds;
pub mod holidays;
pub mod lunar;

use std::collections::BTreeMap;
use std::sync::OnceLock;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Decides which days count as working days.
/// Vietnam's time: UTC+7 all year, without daylight saving. Deadlines, "today" and every
/// time shown to a reader are in it.
pub const VIETNAM_TIME: chrono::FixedOffset = match chrono::FixedOffset::east_opt(7 * 3600) {
    Some(offset) => offset,
    None => panic!("UTC+7 is a valid offset"),
};

/// The date in Vietnam at the instant `now`.
pub fn vietnam_date(now: chrono::DateTime<chrono::Utc>) -> NaiveDate {
    now.with_timezone(&VIETNAM_TIME).date_naive()
}

pub trait WorkingCalendar {
    fn is_working_day(&self, date: NaiveDate) -> bool;

    /// The date `n` working days after `start` (start itself not counted).
    /// n = 0 returns start.
    ///
    /// # Panics
    ///
    /// If the result lies beyond chrono's last date. Never returns if the
    /// calendar has no more working days.
    fn add_working_days(&self, start: NaiveDate, n: u32) -> NaiveDate {
        if n == 0 {
            return start;
        }
        start
            .iter_days()
            .skip(1)
            .filter(|&d| self.is_working_day(d))
            .nth(n as usize - 1)
            .expect("working day beyond chrono's date range")
    }

    /// `date` if it is a working day, else the next working day (Civil Code
    /// Art 148: a period whose last day is a day off ends on the next working
    /// day).
    ///
    /// # Panics
    ///
    /// As [`Self::add_working_days`].
    fn roll_forward(&self, date: NaiveDate) -> NaiveDate {
        date.iter_days()
            .find(|&d| self.is_working_day(d))
            .expect("working day beyond chrono's date range")
    }

    /// Working days in (from, to], negative if to < from.
    fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> i64 {
        let (low, high, sign) = if from <= to {
            (from, to, 1)
        } else {
            (to, from, -1)
        };
        let count = low
            .iter_days()
            .skip(1)
            .take_while(|&d| d <= high)
            .filter(|&d| self.is_working_day(d))
            .count();
        sign * count as i64
    }
}

/// What an override makes of its date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DayOverrideKind {
    /// An extra day off (a swapped Tết day, a provincial day off, …).
    DayOff,
    /// A working day that would otherwise be off (a make-up Saturday).
    WorkingDay,
}

/// One day whose status differs from the default rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct DayOverride {
    pub date: NaiveDate,
    pub kind: DayOverrideKind,
    /// Why, e.g. the Government document that decided it.
    pub note: String,
}

/// Vietnam's calendar: Saturdays and Sundays off, public holidays (lunar ones
/// computed), plus a province-editable list of overrides (extra days off such
/// as the government's swapped Tết days, and make-up working Saturdays).
#[derive(Debug, Clone, Default)]
pub struct VietnamCalendar {
    overrides: BTreeMap<NaiveDate, DayOverride>,
}

impl VietnamCalendar {
    pub fn new() -> Self {
        Self::default()
    }

    /// A calendar with these overrides; for a date given twice, the last wins.
    pub fn with_overrides(overrides: impl IntoIterator<Item = DayOverride>) -> Self {
        Self {
            overrides: overrides.into_iter().map(|o| (o.date, o)).collect(),
        }
    }

    /// The overrides, by date.
    pub fn overrides(&self) -> impl Iterator<Item = &DayOverride> {
        self.overrides.values()
    }

    /// Whether `date` is a public holiday or a compensatory day off under the
    /// default rule (see [`holidays::public_holidays`]), ignoring overrides.
    pub fn is_public_holiday(&self, date: NaiveDate) -> bool {
        let year = date.year();
        let ordinal = date.ordinal0();
        match usize::try_from(year - CACHE_FIRST_YEAR) {
            Ok(index) if index < CACHE_LEN => HOLIDAY_CACHE[index]
                .get_or_init(|| HolidaySet::of_year(year))
                .contains(ordinal),
            _ => HolidaySet::of_year(year).contains(ordinal),
        }
    }
}

impl WorkingCalendar for VietnamCalendar {
    fn is_working_day(&self, date: NaiveDate) -> bool {
        if let Some(o) = self.overrides.get(&date) {
            return o.kind == DayOverrideKind::WorkingDay;
        }
        !holidays::is_weekend(date) && !self.is_public_holiday(date)
    }
}

// `is_working_day` runs in loops, and computing a year's holidays takes a few
// dozen new-moon evaluations, so each year's holidays are computed once, on
// first use, into a bit set. Years outside the table are computed per call.
const CACHE_FIRST_YEAR: i32 = 1900;
const CACHE_LEN: usize = 301; // 1900..=2200
static HOLIDAY_CACHE: [OnceLock<HolidaySet>; CACHE_LEN] = [const { OnceLock::new() }; CACHE_LEN];

/// The days off of one year, as bits indexed by `ordinal0`.
#[derive(Debug, Clone, Copy)]
struct HolidaySet([u64; 6]);

impl HolidaySet {
    fn of_year(year: i32) -> Self {
        let mut bits = [0u64; 6];
        for h in holidays::public_holidays(year) {
            let i = h.date.ordinal0() as usize;
            bits[i / 64] |= 1 << (i % 64);
        }
        Self(bits)
    }

    fn contains(self, ordinal0: u32) -> bool {
        let i = ordinal0 as usize;
        self.0[i / 64] >> (i % 64) & 1 == 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn day_off(date: NaiveDate) -> DayOverride {
        DayOverride {
            date,
            kind: DayOverrideKind::DayOff,
            note: "test".into(),
        }
    }

    fn working(date: NaiveDate) -> DayOverride {
        DayOverride {
            date,
            kind: DayOverrideKind::WorkingDay,
            note: "test".into(),
        }
    }

    /// 2025's actual Tết arrangement: Monday 27/1 off, made up on Saturday 8/2.
    fn calendar_2025() -> VietnamCalendar {
        VietnamCalendar::with_overrides([day_off(d(2025, 1, 27)), working(d(2025, 2, 8))])
    }

    #[test]
    fn weekends_and_holidays() {
        let cal = VietnamCalendar::new();
        assert!(cal.is_working_day(d(2025, 1, 24))); // Friday
        assert!(!cal.is_working_day(d(2025, 1, 25))); // Saturday
        assert!(!cal.is_working_day(d(2025, 1, 26))); // Sunday
        for day in 28..=31 {
            assert!(cal.is_public_holiday(d(2025, 1, day)));
            assert!(!cal.is_working_day(d(2025, 1, day)));
        }
        assert!(cal.is_public_holiday(d(2025, 2, 1)));
        assert!(cal.is_working_day(d(2025, 2, 3)));
        assert!(!cal.is_working_day(d(2025, 4, 7))); // Hùng Kings
        // Compensatory days count as days off.
        assert!(!cal.is_working_day(d(2028, 1, 3)));
        assert!(!cal.is_working_day(d(2026, 4, 27)));
    }

    #[test]
    fn add_working_days_across_tet_2025() {
        let cal = VietnamCalendar::new();
        // From Friday 24/1: Sat 25, Sun 26 off; Mon 27 is #1; Tue 28/1 to
        // Sat 1/2 is Tết, Sun 2/2 off (no compensatory day: Tết's weekend
        // overlap is the Government's to settle); Mon 3/2 #2, Tue 4/2 #3,
        // Wed 5/2 #4, Thu 6/2 #5.
        assert_eq!(cal.add_working_days(d(2025, 1, 24), 5), d(2025, 2, 6));
        assert_eq!(cal.add_working_days(d(2025, 1, 24), 1), d(2025, 1, 27));
        assert_eq!(cal.add_working_days(d(2025, 1, 24), 0), d(2025, 1, 24));
        assert_eq!(cal.working_days_between(d(2025, 1, 24), d(2025, 2, 6)), 5);
        assert_eq!(cal.working_days_between(d(2025, 2, 6), d(2025, 1, 24)), -5);
    }

    #[test]
    fn add_working_days_across_30_4_and_2_9() {
        let cal = VietnamCalendar::new();
        // 2025: Tue 29/4 -> Wed 30/4, Thu 1/5 off -> Fri 2/5.
        assert_eq!(cal.add_working_days(d(2025, 4, 29), 1), d(2025, 5, 2));
        // 2022: Fri 29/4 -> Sat 30/4, Sun 1/5, compensatory Mon 2/5, Tue 3/5 -> Wed 4/5.
        assert_eq!(cal.add_working_days(d(2022, 4, 29), 1), d(2022, 5, 4));
        // 2025: Fri 29/8 -> weekend, Mon 1/9, Tue 2/9 off -> Wed 3/9 #1, Thu 4/9 #2.
        assert_eq!(cal.add_working_days(d(2025, 8, 29), 2), d(2025, 9, 4));
        // 2024: Fri 30/8 -> Sat 31/8, Sun 1/9, Mon 2/9, compensatory Tue 3/9 -> Wed 4/9.
        assert_eq!(cal.add_working_days(d(2024, 8, 30), 1), d(2024, 9, 4));
    }

    #[test]
    fn roll_forward_to_the_next_working_day() {
        let cal = VietnamCalendar::new();
        assert_eq!(cal.roll_forward(d(2025, 1, 28)), d(2025, 2, 3));
        assert_eq!(cal.roll_forward(d(2025, 4, 30)), d(2025, 5, 2));
        assert_eq!(cal.roll_forward(d(2025, 5, 2)), d(2025, 5, 2));
    }

    #[test]
    fn overrides_win() {
        let cal = calendar_2025();
        // The make-up Saturday counts, the extra day off does not.
        assert!(cal.is_working_day(d(2025, 2, 8)));
        assert!(!cal.is_working_day(d(2025, 1, 27)));
        // Now Mon 3/2 is #1 … Fri 7/2 is #5, Sat 8/2 #6.
        assert_eq!(cal.add_working_days(d(2025, 1, 24), 5), d(2025, 2, 7));
        assert_eq!(cal.add_working_days(d(2025, 1, 24), 6), d(2025, 2, 8));
        // An override can also make a holiday a working day.
        let cal = VietnamCalendar::with_overrides([working(d(2025, 9, 1))]);
        assert!(cal.is_working_day(d(2025, 9, 1)));
        assert!(cal.is_public_holiday(d(2025, 9, 1)));
    }

    #[test]
    fn later_overrides_replace_earlier_ones() {
        let cal = VietnamCalendar::with_overrides([
            day_off(d(2025, 3, 3)),
            working(d(2025, 1, 4)),
            working(d(2025, 3, 3)),
        ]);
        let dates: Vec<_> = cal.overrides().map(|o| (o.date, o.kind)).collect();
        assert_eq!(
            dates,
            [
                (d(2025, 1, 4), DayOverrideKind::WorkingDay),
                (d(2025, 3, 3), DayOverrideKind::WorkingDay)
            ]
        );
    }

    #[test]
    fn usable_as_a_shared_trait_object() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<VietnamCalendar>();
        let cal: &dyn WorkingCalendar = &VietnamCalendar::new();
        assert_eq!(cal.add_working_days(d(2025, 4, 29), 1), d(2025, 5, 2));
    }

    #[test]
    fn years_outside_the_cache_still_work() {
        let cal = VietnamCalendar::new();
        assert!(cal.is_public_holiday(d(2300, 1, 1)));
        assert!(cal.is_public_holiday(d(1850, 9, 2)));
        assert!(!cal.is_public_holiday(d(2300, 1, 2)));
    }

    #[test]
    fn override_serde_shape() {
        let json = serde_json::to_value(working(d(2025, 2, 8))).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"date": "2025-02-08", "kind": "working_day", "note": "test"})
        );
        let back: DayOverride = serde_json::from_value(json).unwrap();
        assert_eq!(back, working(d(2025, 2, 8)));
    }

    #[test]
    fn sixty_working_days_is_cheap() {
        let cal = VietnamCalendar::new();
        cal.add_working_days(d(2025, 1, 1), 60); // warm the cache
        let started = std::time::Instant::now();
        for _ in 0..100 {
            std::hint::black_box(cal.add_working_days(std::hint::black_box(d(2025, 1, 1)), 60));
        }
        // Generous bound (debug build, shared CI machine): ~1 ms per call.
        assert!(started.elapsed() < std::time::Duration::from_millis(100));
    }

    proptest! {
        #[test]
        fn add_then_count_round_trips(
            start in 0u64..(111 * 366),
            n in 0u32..400,
            extra in proptest::collection::vec((0u64..(111 * 366), any::<bool>()), 0..20),
        ) {
            let base = d(1990, 1, 1);
            let cal = VietnamCalendar::with_overrides(extra.into_iter().map(|(offset, off)| {
                let date = base + chrono::Days::new(offset);
                if off { day_off(date) } else { working(date) }
            }));
            let start = base + chrono::Days::new(start);
            let end = cal.add_working_days(start, n);
            prop_assert_eq!(cal.working_days_between(start, end), i64::from(n));
            prop_assert_eq!(cal.working_days_between(end, start), -i64::from(n));
            if n > 0 {
                prop_assert!(cal.is_working_day(end));
            }
            prop_assert!(cal.is_working_day(cal.roll_forward(start)));
        }
    }
}
