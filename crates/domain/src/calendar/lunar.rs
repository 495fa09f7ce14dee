//! The Vietnamese lunar calendar (âm lịch), computed astronomically.
//!
//! This follows the well-known algorithm by Hồ Ngọc Đức: dates become Julian
//! day numbers, new moons come from Meeus' series, and the sun's longitude
//! decides which lunar month is month 11 (the one containing the winter
//! solstice) and which month of a 13-month year is the leap month (the first
//! one without a major solar term, *trung khí*).
//!
//! Every "which day does this instant fall on" question is answered in
//! Vietnam's civil time, UTC+7. That is the only difference from the Chinese
//! calendar (UTC+8), and it matters: when a new moon or the solstice falls
//! between 23:00 and 24:00 Beijing time, the two calendars put it on different
//! days. So Vietnam's Tết fell on 21 Jan 1985 (China: 20 Feb 1985) and on
//! 17 Feb 2007 (China: 18 Feb 2007), and will fall on 2 Feb 2030 (China:
//! 3 Feb 2030). Calendars or libraries built for China are therefore wrong
//! for Vietnam in those years.
//!
//! The astronomical series are approximations; the results are checked for
//! 1900–2100 and drift slowly outside that range.

use std::f64::consts::{PI, TAU};

use chrono::{Datelike, NaiveDate};

/// Vietnam's civil time zone, in hours east of UTC.
const VIETNAM_UTC_OFFSET_HOURS: f64 = 7.0;

/// Mean length of a lunation (synodic month), in days.
const SYNODIC_MONTH: f64 = 29.530588853;

/// Julian date of the first new moon of 1900 (1900-01-01 13:51 UTC), the
/// epoch from which lunations are counted.
const NEW_MOON_EPOCH: f64 = 2415021.076998695;

/// Julian day number of the day before 0001-01-01 (chrono's day 0).
const JDN_OF_CE_DAY_ZERO: i64 = 1_721_425;

/// A date in the Vietnamese lunar calendar.
///
/// `year` is the Gregorian year in which the lunar year begins (so Tết of
/// `year` is 1/1 of lunar `year`); `leap` marks the intercalary month that
/// repeats `month` (tháng nhuận).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LunarDate {
    pub day: u32,
    pub month: u32,
    pub year: i32,
    pub leap: bool,
}

/// The lunar date of a Gregorian date, in Vietnam's time zone.
pub fn solar_to_lunar(date: NaiveDate) -> LunarDate {
    solar_to_lunar_in_zone(date, VIETNAM_UTC_OFFSET_HOURS)
}

/// The Gregorian date of a lunar date, in Vietnam's time zone; `None` if that
/// lunar date does not exist (day 30 of a 29-day month, a leap month the year
/// does not have, month or day out of range).
pub fn lunar_to_solar(lunar: LunarDate) -> Option<NaiveDate> {
    lunar_to_solar_in_zone(lunar, VIETNAM_UTC_OFFSET_HOURS)
}

/// Tết: 1/1 of the lunar year that starts in Gregorian `year` (always between
/// 21 January and 20 February).
///
/// # Panics
///
/// Only if the date lies outside chrono's range (years beyond ±262,000).
pub fn lunar_new_year(year: i32) -> NaiveDate {
    lunar_new_year_in_zone(year, VIETNAM_UTC_OFFSET_HOURS)
}

fn lunar_new_year_in_zone(year: i32, tz: f64) -> NaiveDate {
    let first = LunarDate {
        day: 1,
        month: 1,
        year,
        leap: false,
    };
    lunar_to_solar_in_zone(first, tz).expect("lunar 1/1 exists in every year within chrono's range")
}

fn solar_to_lunar_in_zone(date: NaiveDate, tz: f64) -> LunarDate {
    let day = jdn(date);

    // The lunation containing `day`: start from the mean estimate and step
    // back until the (true) new moon is on or before `day`.
    let mut k = ((day as f64 - NEW_MOON_EPOCH) / SYNODIC_MONTH).floor() as i64 + 1;
    while new_moon_day(k, tz) > day {
        k -= 1;
    }
    let month_start = new_moon_day(k, tz);

    // Bracket the date between two consecutive starts of month 11.
    let gregorian_year = i64::from(date.year());
    let this_11 = month11_start(gregorian_year, tz);
    let (mut lunar_year, a11, b11) = if this_11 >= month_start {
        (
            gregorian_year,
            month11_start(gregorian_year - 1, tz),
            this_11,
        )
    } else {
        (
            gregorian_year + 1,
            this_11,
            month11_start(gregorian_year + 1, tz),
        )
    };

    // Months since month 11 (every month lasts 29 or 30 days, so /29 is exact).
    let offset = (month_start - a11) / 29;
    let mut month = offset + 11;
    let mut leap = false;
    if b11 - a11 > 365 {
        // 13 months between the two solstice months: one of them is a leap month.
        let leap_offset = leap_month_offset(a11, tz);
        if offset >= leap_offset {
            month = offset + 10;
            leap = offset == leap_offset;
        }
    }
    let month = (month - 1) % 12 + 1;
    // Months 11 and 12 right after `a11` still belong to the previous lunar year.
    if month >= 11 && offset < 4 {
        lunar_year -= 1;
    }

    LunarDate {
        day: (day - month_start + 1) as u32,
        month: month as u32,
        // Within a year of the Gregorian year, which chrono keeps far from overflow.
        year: lunar_year as i32,
        leap,
    }
}

fn lunar_to_solar_in_zone(lunar: LunarDate, tz: f64) -> Option<NaiveDate> {
    if !(1..=12).contains(&lunar.month) || !(1..=30).contains(&lunar.day) {
        return None;
    }
    let year = i64::from(lunar.year);
    let month = i64::from(lunar.month);

    // Months 11 and 12 of lunar year Y follow month 11 of Gregorian year Y;
    // the others precede it.
    let (a11, b11) = if month < 11 {
        (month11_start(year - 1, tz), month11_start(year, tz))
    } else {
        (month11_start(year, tz), month11_start(year + 1, tz))
    };
    let k = lunation_index(a11);

    // Offset from month 11 as if there were no leap month: 11 -> 0, 12 -> 1, 1 -> 2, …
    let mut offset = (month - 11).rem_euclid(12);
    if b11 - a11 > 365 {
        let leap_offset = leap_month_offset(a11, tz);
        // The leap month repeats the month just before it.
        let leap_month = (leap_offset + 9) % 12 + 1;
        if lunar.leap && month != leap_month {
            return None;
        }
        if lunar.leap || offset >= leap_offset {
            offset += 1;
        }
    } else if lunar.leap {
        return None;
    }

    let start = new_moon_day(k + offset, tz);
    let length = new_moon_day(k + offset + 1, tz) - start;
    if i64::from(lunar.day) > length {
        return None;
    }
    date_from_jdn(start + i64::from(lunar.day) - 1)
}

/// Julian day number (days since 1 Jan 4713 BC, Julian calendar) of `date`.
fn jdn(date: NaiveDate) -> i64 {
    i64::from(date.num_days_from_ce()) + JDN_OF_CE_DAY_ZERO
}

fn date_from_jdn(jdn: i64) -> Option<NaiveDate> {
    i32::try_from(jdn - JDN_OF_CE_DAY_ZERO)
        .ok()
        .and_then(NaiveDate::from_num_days_from_ce_opt)
}

/// Julian day number of 31 December of a (proleptic Gregorian) year; plain
/// arithmetic so that it never fails, unlike building a `NaiveDate`.
fn jdn_of_december_31(year: i64) -> i64 {
    // Fliegel & Van Flandern with month = 12, day = 31.
    let y = year + 4800;
    31 + (153 * 9 + 2) / 5 + 365 * y + y.div_euclid(4) - y.div_euclid(100) + y.div_euclid(400)
        - 32045
}

/// The lunation number (new moons since the 1900 epoch) nearest to `day`.
fn lunation_index(day: i64) -> i64 {
    ((day as f64 - NEW_MOON_EPOCH) / SYNODIC_MONTH + 0.5).floor() as i64
}

/// Julian date (UT) of the `k`-th new moon after the 1900 epoch (Meeus,
/// *Astronomical Formulae for Calculators*).
fn new_moon(k: i64) -> f64 {
    let k = k as f64;
    let t = k / 1236.85; // Julian centuries from 1900 January 0.5
    let t2 = t * t;
    let t3 = t2 * t;
    let dr = PI / 180.0;
    let sin = |degrees: f64| (degrees * dr).sin();

    let mean = 2415020.75933 + 29.53058868 * k + 0.0001178 * t2 - 0.000000155 * t3
        + 0.00033 * sin(166.56 + 132.87 * t - 0.009173 * t2);
    let m = 359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3; // sun's mean anomaly
    let mpr = 306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3; // moon's mean anomaly
    let f = 21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3; // moon's argument of latitude

    let correction = (0.1734 - 0.000393 * t) * sin(m) + 0.0021 * sin(2.0 * m) - 0.4068 * sin(mpr)
        + 0.0161 * sin(2.0 * mpr)
        - 0.0004 * sin(3.0 * mpr)
        + 0.0104 * sin(2.0 * f)
        - 0.0051 * sin(m + mpr)
        - 0.0074 * sin(m - mpr)
        + 0.0004 * sin(2.0 * f + m)
        - 0.0004 * sin(2.0 * f - m)
        - 0.0006 * sin(2.0 * f + mpr)
        + 0.0010 * sin(2.0 * f - mpr)
        + 0.0005 * sin(2.0 * mpr + m);

    // ΔT (TT − UT), in days.
    let delta_t = if t < -11.0 {
        0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3
    } else {
        -0.000278 + 0.000265 * t + 0.000262 * t2
    };
    mean + correction - delta_t
}

/// The sun's apparent longitude at Julian date `jd`, in radians in [0, 2π).
fn sun_longitude(jd: f64) -> f64 {
    let t = (jd - 2451545.0) / 36525.0; // Julian centuries from J2000.0
    let t2 = t * t;
    let dr = PI / 180.0;
    let m = 357.52910 + 35999.05030 * t - 0.0001559 * t2 - 0.00000048 * t * t2; // mean anomaly
    let l0 = 280.46645 + 36000.76983 * t + 0.0003032 * t2; // mean longitude
    let center = (1.914600 - 0.004817 * t - 0.000014 * t2) * (dr * m).sin()
        + (0.019993 - 0.000101 * t) * (dr * 2.0 * m).sin()
        + 0.000290 * (dr * 3.0 * m).sin();
    ((l0 + center) * dr).rem_euclid(TAU)
}

/// The local day (Julian day number) on which the `k`-th new moon falls.
fn new_moon_day(k: i64, tz: f64) -> i64 {
    (new_moon(k) + 0.5 + tz / 24.0).floor() as i64
}

/// Which 30° sector (0..=11) the sun is in at local midnight starting `day`.
/// Major solar terms sit on sector boundaries; sector 9 begins at the winter
/// solstice (270°).
fn sun_sector(day: i64, tz: f64) -> i64 {
    (sun_longitude(day as f64 - 0.5 - tz / 24.0) / PI * 6.0).floor() as i64
}

/// First day of lunar month 11 (the month containing the winter solstice)
/// around the end of Gregorian `year`.
fn month11_start(year: i64, tz: f64) -> i64 {
    let off = jdn_of_december_31(year) - 2415021;
    let k = (off as f64 / SYNODIC_MONTH).floor() as i64;
    let new_moon = new_moon_day(k, tz);
    // If the solstice has already passed when this month starts, month 11 is
    // the one before.
    if sun_sector(new_moon, tz) >= 9 {
        new_moon_day(k - 1, tz)
    } else {
        new_moon
    }
}

/// In a 13-month year starting at `a11`, the offset (1..=12) from month 11 of
/// the leap month: the first month during which the sun enters no new sector,
/// i.e. that contains no major solar term.
fn leap_month_offset(a11: i64, tz: f64) -> i64 {
    let k = lunation_index(a11);
    let mut sector = sun_sector(new_moon_day(k + 1, tz), tz);
    for offset in 1..=12 {
        let next = sun_sector(new_moon_day(k + offset + 1, tz), tz);
        if next == sector {
            return offset;
        }
        sector = next;
    }
    // Unreachable in a 13-month year (12 months, at most 11 major terms);
    // an offset past the end means "no leap month".
    13
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn lunar(day: u32, month: u32, year: i32, leap: bool) -> LunarDate {
        LunarDate {
            day,
            month,
            year,
            leap,
        }
    }

    #[test]
    fn julian_day_numbers() {
        assert_eq!(jdn(d(2000, 1, 1)), 2_451_545);
        assert_eq!(jdn(d(1900, 1, 1)), 2_415_021);
        for year in [1582, 1899, 1900, 2000, 2024, 2100] {
            assert_eq!(jdn_of_december_31(i64::from(year)), jdn(d(year, 12, 31)));
        }
        assert_eq!(date_from_jdn(2_451_545), Some(d(2000, 1, 1)));
    }

    #[test]
    fn tet_matches_published_dates() {
        let published = [
            (2024, d(2024, 2, 10)),
            (2025, d(2025, 1, 29)),
            (2026, d(2026, 2, 17)),
            (2027, d(2027, 2, 6)),
            (2028, d(2028, 1, 26)),
            (2029, d(2029, 2, 13)),
            // 2 Feb, not 3 Feb: the new moon falls at 23:09 in Hanoi, 00:09 in
            // Beijing, so Vietnam's Tết is a day before China's (see below).
            (2030, d(2030, 2, 2)),
        ];
        for (year, tet) in published {
            assert_eq!(lunar_new_year(year), tet, "Tết {year}");
            assert_eq!(solar_to_lunar(tet), lunar(1, 1, year, false));
        }
    }

    #[test]
    fn utc_plus_7_explains_the_differences_with_china() {
        // 1985: Vietnam 21 Jan, China 20 Feb (month 11 of 1984 differs).
        assert_eq!(lunar_new_year(1985), d(1985, 1, 21));
        assert_eq!(lunar_new_year_in_zone(1985, 8.0), d(1985, 2, 20));
        // 2007: the new moon fell at 23:14 in Hanoi, 00:14 in Beijing.
        assert_eq!(lunar_new_year(2007), d(2007, 2, 17));
        assert_eq!(lunar_new_year_in_zone(2007, 8.0), d(2007, 2, 18));
        // 1968: North Vietnam (UTC+7 since 1967) and South Vietnam (UTC+8)
        // celebrated Tết Mậu Thân a day apart.
        assert_eq!(lunar_new_year(1968), d(1968, 1, 29));
        assert_eq!(lunar_new_year_in_zone(1968, 8.0), d(1968, 1, 30));
        // 2030: the next such year (new moon 2 Feb 16:07 UTC).
        assert_eq!(lunar_new_year(2030), d(2030, 2, 2));
        assert_eq!(lunar_new_year_in_zone(2030, 8.0), d(2030, 2, 3));
        assert_ne!(lunar_new_year(2053), lunar_new_year_in_zone(2053, 8.0));
        // Most years agree.
        assert_eq!(lunar_new_year_in_zone(2025, 8.0), d(2025, 1, 29));
    }

    #[test]
    fn hung_kings_day_matches_published_dates() {
        let published = [
            (2022, d(2022, 4, 10)),
            (2025, d(2025, 4, 7)),
            (2026, d(2026, 4, 26)),
            (2027, d(2027, 4, 16)),
            (2028, d(2028, 4, 4)),
            (2029, d(2029, 4, 23)),
            (2030, d(2030, 4, 12)),
        ];
        for (year, date) in published {
            assert_eq!(
                lunar_to_solar(lunar(10, 3, year, false)),
                Some(date),
                "{year}"
            );
            assert_eq!(solar_to_lunar(date), lunar(10, 3, year, false));
        }
    }

    #[test]
    fn leap_months() {
        // Quý Mão 2023 repeated month 2; Ất Tỵ 2025 repeated month 6;
        // Canh Tý 2020 repeated month 4.
        assert_eq!(
            lunar_to_solar(lunar(1, 2, 2023, true)),
            Some(d(2023, 3, 22))
        );
        assert_eq!(
            lunar_to_solar(lunar(1, 2, 2023, false)),
            Some(d(2023, 2, 20))
        );
        assert_eq!(
            lunar_to_solar(lunar(1, 6, 2025, true)),
            Some(d(2025, 7, 25))
        );
        assert_eq!(
            lunar_to_solar(lunar(1, 4, 2020, true)),
            Some(d(2020, 5, 23))
        );
        assert_eq!(solar_to_lunar(d(2025, 8, 1)), lunar(8, 6, 2025, true));
        // No leap month 3 in 2025, and none at all in 2024.
        assert_eq!(lunar_to_solar(lunar(1, 3, 2025, true)), None);
        assert_eq!(lunar_to_solar(lunar(1, 5, 2024, true)), None);
    }

    #[test]
    fn last_day_of_the_lunar_year() {
        // Tháng Chạp of Giáp Thìn had 29 days: 28/1/2025 was 29 Chạp.
        assert_eq!(solar_to_lunar(d(2025, 1, 28)), lunar(29, 12, 2024, false));
        assert_eq!(lunar_to_solar(lunar(30, 12, 2024, false)), None);
        // Tháng Chạp of Quý Mão had 30 days: 9/2/2024 was 30 Chạp.
        assert_eq!(solar_to_lunar(d(2024, 2, 9)), lunar(30, 12, 2023, false));
    }

    #[test]
    fn rejects_nonexistent_dates() {
        for bad in [
            lunar(0, 1, 2025, false),
            lunar(31, 1, 2025, false),
            lunar(1, 13, 2025, false),
            lunar(1, 0, 2025, false),
        ] {
            assert_eq!(lunar_to_solar(bad), None, "{bad:?}");
        }
    }

    /// Walks every day of 1900–2100: consecutive days must be consecutive
    /// lunar days, months must have 29 or 30 days, every year 12 or 13
    /// months, and each day must convert back to itself.
    #[test]
    fn every_day_1900_to_2100_is_consistent() {
        let mut prev = solar_to_lunar(d(1899, 12, 31));
        let mut months_in_year = 0;
        for date in d(1900, 1, 1).iter_days().take_while(|x| x.year() <= 2100) {
            let l = solar_to_lunar(date);
            assert_eq!(lunar_to_solar(l), Some(date), "{date} -> {l:?}");
            if l.day == 1 {
                assert!(
                    prev.day == 29 || prev.day == 30,
                    "{date}: {prev:?} -> {l:?}"
                );
                months_in_year += 1;
                if l.month == 1 && !l.leap {
                    let tet_window = d(date.year(), 1, 21)..=d(date.year(), 2, 20);
                    assert!(tet_window.contains(&date), "Tết on {date}");
                    assert_eq!(l.year, prev.year + 1, "{date}");
                    assert_eq!(l.year, date.year(), "{date}");
                    if date.year() > 1900 {
                        assert!(months_in_year == 12 || months_in_year == 13, "{date}");
                    }
                    months_in_year = 0;
                } else if l.leap {
                    assert_eq!((l.month, l.year), (prev.month, prev.year), "{date}");
                } else {
                    assert_eq!((l.month, l.year), (prev.month + 1, prev.year), "{date}");
                }
            } else {
                assert_eq!(
                    l,
                    LunarDate {
                        day: prev.day + 1,
                        ..prev
                    },
                    "{date}"
                );
            }
            prev = l;
        }
    }

    proptest! {
        #[test]
        fn round_trip(days in 0i64..(jdn(d(2100, 12, 31)) - jdn(d(1990, 1, 1)))) {
            let date = d(1990, 1, 1) + chrono::Days::new(days as u64);
            let l = solar_to_lunar(date);
            prop_assert_eq!(lunar_to_solar(l), Some(date));
        }

        #[test]
        fn never_panics(days in i64::from(NaiveDate::MIN.num_days_from_ce())..=i64::from(NaiveDate::MAX.num_days_from_ce())) {
            let date = NaiveDate::from_num_days_from_ce_opt(days as i32).unwrap();
            let l = solar_to_lunar(date);
            let _ = lunar_to_solar(l);
        }
    }
}
