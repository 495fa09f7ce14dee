//! Due dates as people write them in a meeting's conclusions: "this week", "within 5 working
//! days", "Q1 2026", "end of month", or a date. A rule is kept as it was said and resolved
//! against the meeting's date and the province's calendar, so the task shows both.

use std::fmt;

use chrono::{Datelike, Days, NaiveDate};
use serde::{Deserialize, Serialize};

use super::FollowUpProblem;
use crate::DomainError;
use crate::calendar::WorkingCalendar;
use crate::calendar::bounds::within_bounds;

/// The most days a relative rule may count: a directive reaches a year ahead at most; a longer
/// horizon is written as a date or a quarter.
pub const MAX_RELATIVE_DAYS: u32 = 366;

/// How a directive's due date was said.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DueRule {
    /// A date.
    On(NaiveDate),
    /// The last working day of the meeting's week (its Friday in an ordinary week).
    ThisWeek,
    /// `n` working days after the meeting, by the province's calendar.
    WithinWorkingDays(u32),
    /// `n` calendar days after the meeting; a last day that is a day off moves to the next
    /// working day (Civil Code Art 148).
    WithinDays(u32),
    /// The last day of a quarter.
    Quarter { year: i32, quarter: u32 },
    /// The last day of the meeting's month.
    EndOfMonth,
    /// The last day of a named month.
    EndOfNamedMonth { year: i32, month: u32 },
    /// 31 December of the meeting's year.
    EndOfYear,
}

impl DueRule {
    /// The due date of a directive issued at a meeting on `meeting_on`.
    ///
    /// Refuses a date before the meeting (a directive cannot be due before it was given) and
    /// dates outside the days plantrack accepts.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use plantrack_domain::calendar::VietnamCalendar;
    /// use plantrack_domain::follow_up::DueRule;
    /// let meeting = NaiveDate::from_ymd_opt(2025, 11, 25).unwrap(); // a Tuesday
    /// let cal = VietnamCalendar::new();
    /// let due = DueRule::ThisWeek.resolve(meeting, &cal).unwrap();
    /// assert_eq!(due, NaiveDate::from_ymd_opt(2025, 11, 28).unwrap());
    /// let q1 = DueRule::parse("Q1 2026").unwrap().resolve(meeting, &cal).unwrap();
    /// assert_eq!(q1, NaiveDate::from_ymd_opt(2026, 3, 31).unwrap());
    /// ```
    pub fn resolve(
        self,
        meeting_on: NaiveDate,
        calendar: &impl WorkingCalendar,
    ) -> Result<NaiveDate, DomainError> {
        let due = match self {
            DueRule::On(date) => date,
            DueRule::ThisWeek => last_working_day_of_week(meeting_on, calendar),
            DueRule::WithinWorkingDays(n) => {
                check_count(n)?;
                calendar.add_working_days(meeting_on, n)
            }
            DueRule::WithinDays(n) => {
                check_count(n)?;
                calendar.roll_forward(meeting_on + Days::new(u64::from(n)))
            }
            DueRule::Quarter { year, quarter } => end_of_month(year, quarter * 3)?,
            DueRule::EndOfMonth => end_of_month(meeting_on.year(), meeting_on.month())?,
            DueRule::EndOfNamedMonth { year, month } => end_of_month(year, month)?,
            DueRule::EndOfYear => end_of_month(meeting_on.year(), 12)?,
        };
        if !within_bounds(due) {
            return Err(DomainError::FollowUp(FollowUpProblem::DueOutOfBounds {
                due,
            }));
        }
        if due < meeting_on {
            return Err(DomainError::FollowUp(FollowUpProblem::DueBeforeMeeting {
                due,
                meeting: meeting_on,
            }));
        }
        Ok(due)
    }

    /// Reads a rule in its canonical form (what [`fmt::Display`] writes: `2025-11-28`,
    /// `this_week`, `working_days:5`, `days:15`, `quarter:2026-Q1`, `end_of_month`,
    /// `end_of_month:2026-03`, `end_of_year`) or as an official writes it in Vietnamese,
    /// English or Indonesian: "tuần này", "trong 5 ngày làm việc", "quý I/2026", "cuối tháng",
    /// "28/11/2025", "this week", "within 15 days", "Q1 2026", "end of month", "minggu ini",
    /// "dalam 5 hari kerja", "akhir bulan".
    pub fn parse(text: &str) -> Result<DueRule, DomainError> {
        let normalised = text.trim().to_lowercase();
        let t = normalised.split_whitespace().collect::<Vec<_>>().join(" ");
        parse_normalised(&t).ok_or_else(|| {
            DomainError::FollowUp(FollowUpProblem::DueUnreadable {
                said: text.trim().chars().take(100).collect(),
            })
        })
    }
}

impl fmt::Display for DueRule {
    /// The canonical form, which [`DueRule::parse`] reads back.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DueRule::On(date) => write!(f, "{}", date.format("%Y-%m-%d")),
            DueRule::ThisWeek => f.write_str("this_week"),
            DueRule::WithinWorkingDays(n) => write!(f, "working_days:{n}"),
            DueRule::WithinDays(n) => write!(f, "days:{n}"),
            DueRule::Quarter { year, quarter } => write!(f, "quarter:{year:04}-Q{quarter}"),
            DueRule::EndOfMonth => f.write_str("end_of_month"),
            DueRule::EndOfNamedMonth { year, month } => {
                write!(f, "end_of_month:{year:04}-{month:02}")
            }
            DueRule::EndOfYear => f.write_str("end_of_year"),
        }
    }
}

impl Serialize for DueRule {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for DueRule {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        DueRule::parse(&text).map_err(serde::de::Error::custom)
    }
}

fn check_count(n: u32) -> Result<(), DomainError> {
    if n == 0 || n > MAX_RELATIVE_DAYS {
        return Err(DomainError::FollowUp(FollowUpProblem::DueCountOutOfRange {
            max: MAX_RELATIVE_DAYS,
        }));
    }
    Ok(())
}

/// The last working day of `day`'s week (Monday to Sunday) that is not before `day`; a meeting
/// held after the week's last working day (on a Saturday, say) gets the week's last day.
fn last_working_day_of_week(day: NaiveDate, calendar: &impl WorkingCalendar) -> NaiveDate {
    let sunday = day + Days::new(u64::from(6 - day.weekday().num_days_from_monday()));
    day.iter_days()
        .take_while(|d| *d <= sunday)
        .filter(|d| calendar.is_working_day(*d))
        .last()
        .unwrap_or(sunday)
}

fn end_of_month(year: i32, month: u32) -> Result<NaiveDate, DomainError> {
    let bad = || DomainError::FollowUp(FollowUpProblem::NoSuchMonth { month, year });
    let first = NaiveDate::from_ymd_opt(year, month, 1).ok_or_else(bad)?;
    let next = first
        .checked_add_months(chrono::Months::new(1))
        .ok_or_else(bad)?;
    next.pred_opt().ok_or_else(bad)
}

fn parse_normalised(t: &str) -> Option<DueRule> {
    if let Some(date) = parse_date(t) {
        return Some(DueRule::On(date));
    }
    match t {
        "this_week" | "this week" | "tuần này" | "trong tuần" | "trong tuần này" | "minggu ini" =>
        {
            return Some(DueRule::ThisWeek);
        }
        "end_of_month" | "end of month" | "end of the month" | "cuối tháng" | "cuối tháng này"
        | "akhir bulan" | "akhir bulan ini" => return Some(DueRule::EndOfMonth),
        "end_of_year" | "end of year" | "end of the year" | "cuối năm" | "cuối năm nay"
        | "akhir tahun" | "akhir tahun ini" => return Some(DueRule::EndOfYear),
        _ => {}
    }
    if let Some(rest) = t.strip_prefix("working_days:") {
        return rest.parse().ok().map(DueRule::WithinWorkingDays);
    }
    if let Some(rest) = t.strip_prefix("days:") {
        return rest.parse().ok().map(DueRule::WithinDays);
    }
    if let Some(rest) = t.strip_prefix("end_of_month:") {
        let (year, month) = rest.split_once('-')?;
        return Some(DueRule::EndOfNamedMonth {
            year: year.parse().ok()?,
            month: month.parse().ok()?,
        });
    }
    if let Some(rule) = parse_count_phrase(t) {
        return Some(rule);
    }
    if let Some(rule) = parse_quarter(t) {
        return Some(rule);
    }
    parse_named_month_end(t)
}

/// `2025-11-28`, `28/11/2025` or `28-11-2025`.
fn parse_date(t: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(t, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(t, "%d/%m/%Y"))
        .or_else(|_| NaiveDate::parse_from_str(t, "%d-%m-%Y"))
        .ok()
}

/// "within 5 working days", "trong 5 ngày làm việc", "dalam 5 hari kerja", and the calendar-day
/// forms "within 15 days", "trong 15 ngày", "dalam 15 hari".
fn parse_count_phrase(t: &str) -> Option<DueRule> {
    let rest = [
        "within ",
        "in ",
        "trong vòng ",
        "trong ",
        "dalam waktu ",
        "dalam ",
    ]
    .iter()
    .find_map(|p| t.strip_prefix(p))?;
    let (number, unit) = rest.split_once(' ')?;
    let n: u32 = number.parse().ok()?;
    match unit {
        "working days" | "working day" | "business days" | "ngày làm việc" | "hari kerja" => {
            Some(DueRule::WithinWorkingDays(n))
        }
        "days" | "day" | "calendar days" | "ngày" | "hari" => Some(DueRule::WithinDays(n)),
        _ => None,
    }
}

/// "Q1 2026", "Q1/2026", "quarter:2026-Q1", "quý I/2026", "quý 1 năm 2026", "triwulan I 2026".
fn parse_quarter(t: &str) -> Option<DueRule> {
    let (quarter_text, year_text) = if let Some(rest) = t.strip_prefix("quarter:") {
        let (year, q) = rest.split_once("-q")?;
        (q.to_string(), year.to_string())
    } else {
        let rest = ["quý ", "quarter ", "triwulan ", "kuartal "]
            .iter()
            .find_map(|p| t.strip_prefix(p))
            .map(str::to_string)
            .or_else(|| t.strip_prefix('q').map(str::to_string))?;
        let rest = rest
            .replace(" năm ", " ")
            .replace(" tahun ", " ")
            .replace('/', " ");
        let (q, y) = rest.split_once(' ')?;
        (q.trim().to_string(), y.trim().to_string())
    };
    let quarter = match quarter_text.as_str() {
        "1" | "i" => 1,
        "2" | "ii" => 2,
        "3" | "iii" => 3,
        "4" | "iv" => 4,
        _ => return None,
    };
    Some(DueRule::Quarter {
        year: year_text.parse().ok()?,
        quarter,
    })
}

/// "end of 03/2026", "cuối tháng 3/2026", "cuối tháng 3 năm 2026", "akhir bulan 3/2026".
fn parse_named_month_end(t: &str) -> Option<DueRule> {
    let rest = ["end of month ", "end of ", "cuối tháng ", "akhir bulan "]
        .iter()
        .find_map(|p| t.strip_prefix(p))?;
    let rest = rest.replace(" năm ", "/").replace(" tahun ", "/");
    let (month, year) = rest.split_once('/')?;
    Some(DueRule::EndOfNamedMonth {
        year: year.trim().parse().ok()?,
        month: month.trim().parse().ok()?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::{DayOverride, DayOverrideKind, VietnamCalendar};
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// The seed's meeting: Tuesday 25/11/2025.
    fn meeting() -> NaiveDate {
        d(2025, 11, 25)
    }

    fn resolve(text: &str) -> NaiveDate {
        DueRule::parse(text)
            .unwrap()
            .resolve(meeting(), &VietnamCalendar::new())
            .unwrap()
    }

    #[test]
    fn the_seed_meetings_rules_resolve_as_its_notice_says() {
        assert_eq!(resolve("tuần này"), d(2025, 11, 28));
        assert_eq!(resolve("This week"), d(2025, 11, 28));
        assert_eq!(resolve("quý I/2026"), d(2026, 3, 31));
        assert_eq!(resolve("Q1 2026"), d(2026, 3, 31));
        assert_eq!(resolve("quý 1 năm 2026"), d(2026, 3, 31));
        assert_eq!(resolve("triwulan I 2026"), d(2026, 3, 31));
        assert_eq!(resolve("cuối tháng"), d(2025, 11, 30));
        assert_eq!(resolve("end of year"), d(2025, 12, 31));
        assert_eq!(resolve("cuối tháng 3/2026"), d(2026, 3, 31));
        assert_eq!(resolve("28/11/2025"), d(2025, 11, 28));
    }

    #[test]
    fn working_days_skip_weekends_and_calendar_days_roll_past_days_off() {
        // Tue 25/11 + 5 working days: Wed, Thu, Fri, Mon, Tue 2/12.
        assert_eq!(resolve("trong 5 ngày làm việc"), d(2025, 12, 2));
        assert_eq!(resolve("dalam 5 hari kerja"), d(2025, 12, 2));
        // Tue 25/11 + 15 days = Wed 10/12, a working day.
        assert_eq!(resolve("within 15 days"), d(2025, 12, 10));
        // + 4 days = Saturday 29/11: moved to Monday 1/12.
        assert_eq!(resolve("trong 4 ngày"), d(2025, 12, 1));
    }

    #[test]
    fn this_week_ends_on_the_last_working_day_when_friday_is_off() {
        let friday = d(2025, 11, 28);
        let cal = VietnamCalendar::with_overrides([DayOverride {
            date: friday,
            kind: DayOverrideKind::DayOff,
            note: "test".into(),
        }]);
        assert_eq!(
            DueRule::ThisWeek.resolve(meeting(), &cal).unwrap(),
            d(2025, 11, 27)
        );
        // A meeting on Saturday: no working day is left in its week.
        assert_eq!(
            DueRule::ThisWeek
                .resolve(d(2025, 11, 29), &VietnamCalendar::new())
                .unwrap(),
            d(2025, 11, 30)
        );
    }

    #[test]
    fn a_due_date_before_the_meeting_or_nonsense_is_refused() {
        let cal = VietnamCalendar::new();
        for text in ["20/11/2025", "Q3 2025", "end of 10/2025"] {
            let err = DueRule::parse(text)
                .unwrap()
                .resolve(meeting(), &cal)
                .unwrap_err();
            assert!(
                err.to_string().contains("before the meeting"),
                "{text}: {err}"
            );
        }
        for text in [
            "soon",
            "Q5 2026",
            "within 0 days",
            "trong -3 ngày",
            "",
            "31/02/2026",
        ] {
            let refused = DueRule::parse(text).and_then(|r| r.resolve(meeting(), &cal));
            assert!(refused.is_err(), "{text} was accepted");
        }
        assert!(DueRule::WithinDays(400).resolve(meeting(), &cal).is_err());
        assert!(
            DueRule::parse("31/12/2200")
                .unwrap()
                .resolve(meeting(), &cal)
                .is_err()
        );
    }

    fn any_rule() -> impl Strategy<Value = DueRule> {
        prop_oneof![
            (0u32..40_000).prop_map(|n| DueRule::On(d(2000, 1, 1) + Days::new(u64::from(n)))),
            Just(DueRule::ThisWeek),
            (1u32..=MAX_RELATIVE_DAYS).prop_map(DueRule::WithinWorkingDays),
            (1u32..=MAX_RELATIVE_DAYS).prop_map(DueRule::WithinDays),
            (2000i32..2100, 1u32..=4)
                .prop_map(|(year, quarter)| DueRule::Quarter { year, quarter }),
            Just(DueRule::EndOfMonth),
            (2000i32..2100, 1u32..=12)
                .prop_map(|(year, month)| DueRule::EndOfNamedMonth { year, month }),
            Just(DueRule::EndOfYear),
        ]
    }

    proptest! {
        #[test]
        fn the_canonical_form_reads_back(rule in any_rule()) {
            prop_assert_eq!(DueRule::parse(&rule.to_string()).unwrap(), rule);
        }

        #[test]
        fn a_resolved_date_is_never_before_the_meeting(
            rule in any_rule(),
            offset in 0u64..30_000,
        ) {
            let meeting = d(2001, 1, 1) + Days::new(offset);
            if let Ok(due) = rule.resolve(meeting, &VietnamCalendar::new()) {
                prop_assert!(due >= meeting);
            }
        }
    }
}
