//! Vietnam's public holidays (Labour Code 2019, Art 112) and the compensatory
//! days off for those that fall on a weekend (Art 111(3)).
//!
//! This is the default rule only. The Government fixes each year's actual
//! arrangement (which five days make up Tết, which day sits next to 2/9,
//! swapped working days); [`super::VietnamCalendar`]'s overrides record
//! those decisions.

use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde::Serialize;

use super::lunar::{LunarDate, lunar_to_solar};

/// A day off in Vietnam.
///
/// `key` is one of `new_year`, `tet`, `hung_kings`, `reunification_day`,
/// `labour_day`, `national_day` and `compensatory`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Holiday {
    pub date: NaiveDate,
    pub key: &'static str,
    pub name_vi: &'static str,
    pub name_en: &'static str,
}

/// `(key, name_vi, name_en)`.
type Names = (&'static str, &'static str, &'static str);

const NEW_YEAR: Names = ("new_year", "Tết Dương lịch", "New Year's Day");
const HUNG_KINGS: Names = (
    "hung_kings",
    "Giỗ Tổ Hùng Vương",
    "Hùng Kings' Commemoration Day",
);
const REUNIFICATION_DAY: Names = ("reunification_day", "Ngày Chiến thắng", "Reunification Day");
const LABOUR_DAY: Names = (
    "labour_day",
    "Ngày Quốc tế lao động",
    "International Labour Day",
);
const NATIONAL_DAY: Names = ("national_day", "Quốc khánh", "National Day");
const COMPENSATORY: Names = ("compensatory", "Nghỉ bù", "Compensatory day off");

const TET_KEY: &str = "tet";
/// The five Tết days, from the last day of the old lunar year to 4 Tháng Giêng.
const TET: [Names; 5] = [
    (
        TET_KEY,
        "Tết Âm lịch (ngày cuối năm)",
        "Lunar New Year (last day of the lunar year)",
    ),
    (TET_KEY, "Tết Âm lịch (mùng 1)", "Lunar New Year (1st day)"),
    (TET_KEY, "Tết Âm lịch (mùng 2)", "Lunar New Year (2nd day)"),
    (TET_KEY, "Tết Âm lịch (mùng 3)", "Lunar New Year (3rd day)"),
    (TET_KEY, "Tết Âm lịch (mùng 4)", "Lunar New Year (4th day)"),
];

/// Vietnam's public holidays in Gregorian `year`, sorted by date, including
/// the computed compensatory days off.
pub fn public_holidays(year: i32) -> Vec<Holiday> {
    let mut holidays = statutory_holidays(year);
    holidays.sort_by_key(|h| h.date);
    let compensatory = compensatory_days(&holidays);
    holidays.extend(compensatory);
    holidays.sort_by_key(|h| h.date);
    holidays.retain(|h| h.date.year() == year);
    holidays
}

/// The days of Art 112(1), by the default rule.
fn statutory_holidays(year: i32) -> Vec<Holiday> {
    let mut out = Vec::with_capacity(11);
    // Dates outside chrono's range are skipped rather than panicking.
    let mut push = |date: Option<NaiveDate>, (key, name_vi, name_en): Names| {
        if let Some(date) = date {
            out.push(Holiday {
                date,
                key,
                name_vi,
                name_en,
            });
        }
    };
    let solar = |month, day| NaiveDate::from_ymd_opt(year, month, day);
    let lunar = |month, day| {
        lunar_to_solar(LunarDate {
            day,
            month,
            year,
            leap: false,
        })
    };

    push(solar(1, 1), NEW_YEAR);

    // Tết: the Prime Minister picks the five days each year (Art 112(3));
    // by default the last day of the old lunar year (29 or 30 Tháng Chạp,
    // whichever ends it) and 1–4 Tháng Giêng.
    if let Some(tet) = lunar(1, 1) {
        let eve = tet.checked_sub_days(Days::new(1));
        push(eve, TET[0]);
        for (offset, names) in (0u64..).zip(&TET[1..]) {
            push(tet.checked_add_days(Days::new(offset)), *names);
        }
    }

    // 10/3 of the regular (not leap) month 3.
    push(lunar(3, 10), HUNG_KINGS);
    push(solar(4, 30), REUNIFICATION_DAY);
    push(solar(5, 1), LABOUR_DAY);

    // National Day is 2/9 plus "one adjacent day before or after", which
    // the Government chooses each year. Default: 1/9, which (with the
    // compensatory rule) reproduces the 2022–2025 breaks; 2021 used 3/9,
    // and overrides fix such years.
    push(solar(9, 1), NATIONAL_DAY);
    push(solar(9, 2), NATIONAL_DAY);

    out
}

/// Art 111(3): a holiday that falls on the weekly rest day (Saturday or
/// Sunday) gives a day off on the next working day. `holidays` must be
/// sorted by date, so that two weekend holidays in a row (30/4 on Saturday,
/// 1/5 on Sunday) give Monday and Tuesday.
///
/// Tết is left out: its five days are chosen by the Prime Minister, whose
/// yearly decision already settles weekend overlaps (in 2025 Saturday 1/2
/// was a Tết day and work resumed on Monday 3/2). Overrides record it.
fn compensatory_days(holidays: &[Holiday]) -> Vec<Holiday> {
    let is_holiday = |date: NaiveDate| holidays.iter().any(|h| h.date == date);
    let mut days: Vec<NaiveDate> = Vec::new();
    for holiday in holidays
        .iter()
        .filter(|h| h.key != TET_KEY && is_weekend(h.date))
    {
        let next = holiday
            .date
            .iter_days()
            .skip(1)
            .find(|&d| !is_weekend(d) && !is_holiday(d) && !days.contains(&d));
        days.extend(next);
    }
    let (key, name_vi, name_en) = COMPENSATORY;
    days.into_iter()
        .map(|date| Holiday {
            date,
            key,
            name_vi,
            name_en,
        })
        .collect()
}

pub(super) fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn dates_with_key(year: i32, key: &str) -> Vec<NaiveDate> {
        public_holidays(year)
            .into_iter()
            .filter(|h| h.key == key)
            .map(|h| h.date)
            .collect()
    }

    #[test]
    fn holidays_2025() {
        let got: Vec<(NaiveDate, &str)> = public_holidays(2025)
            .into_iter()
            .map(|h| (h.date, h.key))
            .collect();
        assert_eq!(
            got,
            [
                (d(2025, 1, 1), "new_year"),
                // 29 Tháng Chạp (the last day of Giáp Thìn) to 4 Tháng Giêng.
                (d(2025, 1, 28), "tet"),
                (d(2025, 1, 29), "tet"),
                (d(2025, 1, 30), "tet"),
                (d(2025, 1, 31), "tet"),
                (d(2025, 2, 1), "tet"),
                (d(2025, 4, 7), "hung_kings"),
                (d(2025, 4, 30), "reunification_day"),
                (d(2025, 5, 1), "labour_day"),
                (d(2025, 9, 1), "national_day"),
                (d(2025, 9, 2), "national_day"),
            ]
        );
    }

    #[test]
    fn tet_block_ends_on_30_chap_when_the_month_is_full() {
        // Tháng Chạp of Quý Mão had 30 days: 9/2/2024 was its last day.
        assert_eq!(
            dates_with_key(2024, "tet"),
            [
                d(2024, 2, 9),
                d(2024, 2, 10),
                d(2024, 2, 11),
                d(2024, 2, 12),
                d(2024, 2, 13)
            ]
        );
    }

    #[test]
    fn compensatory_days_in_2022() {
        // Real 2022 arrangement: 1/1 (Sat) -> Mon 3/1; Hùng Kings 10/4 (Sun)
        // -> Mon 11/4; 30/4 (Sat) and 1/5 (Sun) -> Mon 2/5 and Tue 3/5.
        assert_eq!(
            dates_with_key(2022, "compensatory"),
            [d(2022, 1, 3), d(2022, 4, 11), d(2022, 5, 2), d(2022, 5, 3)]
        );
    }

    #[test]
    fn compensatory_days_elsewhere() {
        // 1/1/2028 is a Saturday.
        assert_eq!(d(2028, 1, 1).weekday(), Weekday::Sat);
        assert!(dates_with_key(2028, "compensatory").contains(&d(2028, 1, 3)));
        // Hùng Kings' day 2026 is Sunday 26/4 -> Monday 27/4.
        assert_eq!(dates_with_key(2026, "compensatory"), [d(2026, 4, 27)]);
        // 2024: 1/9 is a Sunday -> Tuesday 3/9 (Monday 2/9 is itself a holiday),
        // as the Government arranged it (31/8–3/9).
        assert_eq!(dates_with_key(2024, "compensatory"), [d(2024, 9, 3)]);
        // 2023: 1/1 is a Sunday -> Mon 2/1; Hùng Kings' day 29/4 (Sat) and
        // 30/4 (Sun) -> Tue 2/5 and Wed 3/5 (Mon 1/5 is itself a holiday);
        // 2/9 is a Saturday -> Mon 4/9. The breaks were 31/12–2/1, 29/4–3/5
        // and 1/9–4/9.
        assert_eq!(
            dates_with_key(2023, "compensatory"),
            [d(2023, 1, 2), d(2023, 5, 2), d(2023, 5, 3), d(2023, 9, 4)]
        );
        // 2025: nothing falls on a weekend except a Tết day.
        assert_eq!(dates_with_key(2025, "compensatory"), []);
    }

    #[test]
    fn every_year_is_sorted_and_complete() {
        for year in 1990..=2100 {
            let holidays = public_holidays(year);
            assert!(holidays.windows(2).all(|w| w[0].date < w[1].date), "{year}");
            assert!(holidays.iter().all(|h| h.date.year() == year));
            let statutory = holidays.iter().filter(|h| h.key != "compensatory");
            assert_eq!(statutory.count(), 11, "{year}");
            // Compensatory days are weekdays that are not holidays themselves.
            for h in holidays.iter().filter(|h| h.key == "compensatory") {
                assert!(!is_weekend(h.date), "{year}: {h:?}");
            }
        }
    }

    #[test]
    fn serializes() {
        let json = serde_json::to_value(&public_holidays(2025)[0]).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "date": "2025-01-01",
                "key": "new_year",
                "name_vi": "Tết Dương lịch",
                "name_en": "New Year's Day",
            })
        );
    }
}
