//! The days plantrack accepts, and what a day means on the record-time axis.
//!
//! Every date a person types is bounded: `1000-01-01` or `9999-12-31` is a slip of the
//! keyboard, never a planning date, and such a date would put a dossier outside every report.
//! The first plans this system tracks were opened decades after 2000; the far bound leaves
//! room for any horizon a plan can name (2050 visions) and for the deadlines they produce.

use chrono::{DateTime, Days, NaiveDate, NaiveTime, Utc};

use super::VIETNAM_TIME;

/// The earliest day plantrack accepts.
pub const EARLIEST_DAY: NaiveDate = match NaiveDate::from_ymd_opt(2000, 1, 1) {
    Some(d) => d,
    None => panic!("a valid date"),
};

/// The latest day plantrack accepts.
pub const LATEST_DAY: NaiveDate = match NaiveDate::from_ymd_opt(2100, 12, 31) {
    Some(d) => d,
    None => panic!("a valid date"),
};

/// Whether `day` lies within [`EARLIEST_DAY`] and [`LATEST_DAY`].
///
/// ```
/// use chrono::NaiveDate;
/// use plantrack_domain::calendar::bounds::within_bounds;
/// assert!(within_bounds(NaiveDate::from_ymd_opt(2025, 11, 25).unwrap()));
/// assert!(!within_bounds(NaiveDate::from_ymd_opt(1000, 1, 1).unwrap()));
/// ```
pub fn within_bounds(day: NaiveDate) -> bool {
    (EARLIEST_DAY..=LATEST_DAY).contains(&day)
}

/// The first instant after `day` ends in Vietnam: "as known on 25/11/2025" means everything
/// recorded before midnight at the end of that day, Vietnam time.
///
/// ```
/// use chrono::NaiveDate;
/// use plantrack_domain::calendar::bounds::end_of_vietnam_day;
/// let end = end_of_vietnam_day(NaiveDate::from_ymd_opt(2025, 11, 25).unwrap());
/// assert_eq!(end.to_rfc3339(), "2025-11-25T17:00:00+00:00");
/// ```
pub fn end_of_vietnam_day(day: NaiveDate) -> DateTime<Utc> {
    let next = day.checked_add_days(Days::new(1)).unwrap_or(day);
    next.and_time(NaiveTime::MIN)
        .and_local_timezone(VIETNAM_TIME)
        .single()
        .map_or_else(
            || next.and_time(NaiveTime::MIN).and_utc(),
            |t| t.with_timezone(&Utc),
        )
}

/// Reads an instant on the record-time axis: an RFC 3339 time, or a date (ISO `YYYY-MM-DD`
/// or `dd/mm/yyyy`) meaning the end of that day in Vietnam. `None` if it is neither.
///
/// ```
/// use plantrack_domain::calendar::bounds::parse_known_on;
/// let day = parse_known_on("25/11/2025").unwrap();
/// assert_eq!(parse_known_on("2025-11-25"), Some(day));
/// assert_eq!(parse_known_on("2025-11-25T17:00:00Z"), Some(day));
/// assert_eq!(parse_known_on("2025-11-26T00:00:00+07:00"), Some(day));
/// assert_eq!(parse_known_on("hôm qua"), None);
/// ```
pub fn parse_known_on(text: &str) -> Option<DateTime<Utc>> {
    let text = text.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Some(t.with_timezone(&Utc));
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(text, "%d/%m/%Y"))
        .ok()
        .map(end_of_vietnam_day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bounds_hold_the_bounds_and_nothing_past_them() {
        assert!(within_bounds(EARLIEST_DAY) && within_bounds(LATEST_DAY));
        assert!(!within_bounds(EARLIEST_DAY.pred_opt().unwrap()));
        assert!(!within_bounds(LATEST_DAY.succ_opt().unwrap()));
    }

    #[test]
    fn a_day_ends_at_midnight_in_vietnam() {
        let day = NaiveDate::from_ymd_opt(2026, 12, 3).unwrap();
        let end = end_of_vietnam_day(day);
        assert_eq!(super::super::vietnam_date(end), day.succ_opt().unwrap());
        assert_eq!(
            super::super::vietnam_date(end - chrono::Duration::microseconds(1)),
            day
        );
    }
}
