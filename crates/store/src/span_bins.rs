//! Where a stage span is filed so that "which spans were open on day D" reads about as many
//! index entries as there are answers, not every span ever recorded (issue 11, item 7).
//!
//! A span `[from, to)` is filed in one bin of a binary hierarchy of day ranges (the binning
//! scheme of genome browsers, with halving instead of eighths): the smallest aligned range of
//! `2^level` days that holds the whole span. A span still open goes to a bin of its own. The
//! spans open on D can then only be in the 18 bins whose range holds D — one per level, and
//! the open bin — and within each, an index on `(bin, from_on)` skips those that start after
//! D. A bin's spans straddle its middle, so those of D's bins that ended before D are at most
//! about as many as those still open: a past day's report reads a few times the number of
//! dossiers, whatever the length of their histories.
//!
//! Days are counted from 2000-01-01, the earliest day plantrack accepts: 16 bits hold every
//! day to 2100.

use std::fmt::Write as _;

use chrono::NaiveDate;

/// The day numbers count from here.
const DAY_ZERO: NaiveDate = plantrack_domain::calendar::bounds::EARLIEST_DAY;

/// Levels 0 to 16: ranges of 1 day to 65,536 days (2000 to 2179).
const LEVELS: u32 = 17;

/// One level's bins are numbered from `level × LEVEL_STRIDE`.
const LEVEL_STRIDE: i64 = 1 << 16;

/// The bin of the spans still open.
pub(crate) const OPEN_BIN: i64 = LEVELS as i64 * LEVEL_STRIDE;

/// A day as a number of days since 2000-01-01 (0 before it).
pub(crate) fn day_number(day: NaiveDate) -> i64 {
    (day - DAY_ZERO).num_days().max(0)
}

/// The bin of a span from `from` (a day number) to `to` (exclusive; `None` while open).
pub(crate) fn bin_of(from: i64, to: Option<i64>) -> i64 {
    let Some(to) = to else {
        return OPEN_BIN;
    };
    // The last day the span covers; a span that ends the day it began covers none and is
    // filed by its first day (it is never open on a day, only as known before it closed).
    let last = (to - 1).max(from);
    (0..LEVELS)
        .find(|level| from >> level == last >> level)
        .map_or(OPEN_BIN, |level| {
            i64::from(level) * LEVEL_STRIDE + (from >> level)
        })
}

/// The bins that may hold a span open on `day`: one per level, and the open bin.
pub(crate) fn bins_holding(day: NaiveDate) -> Vec<i64> {
    let d = day_number(day);
    (0..LEVELS)
        .map(|level| i64::from(level) * LEVEL_STRIDE + (d >> level))
        .chain(std::iter::once(OPEN_BIN))
        .collect()
}

/// [`bin_of`] in SQL, for the statement that closes a span: `from_day` is the span's column,
/// `to_day` the placeholder of the closing day's number. The same arithmetic on both
/// backends (integer division of non-negative integers).
pub(crate) fn bin_sql(to_day: &str) -> String {
    let last = format!("(CASE WHEN {to_day} - 1 > from_day THEN {to_day} - 1 ELSE from_day END)");
    let mut sql = String::from("CASE");
    for level in 0..LEVELS {
        let size = 1_i64 << level;
        let base = i64::from(level) * LEVEL_STRIDE;
        let _ = write!(
            sql,
            " WHEN from_day / {size} = {last} / {size} THEN {base} + from_day / {size}"
        );
    }
    let _ = write!(sql, " ELSE {OPEN_BIN} END");
    sql
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn day(n: i64) -> NaiveDate {
        DAY_ZERO + chrono::Days::new(n.unsigned_abs())
    }

    #[test]
    fn a_span_goes_to_the_smallest_range_that_holds_it() {
        // One day: level 0.
        assert_eq!(bin_of(10, Some(11)), 10);
        // Days 10 and 11 share a 2-day range (10..12): level 1.
        assert_eq!(bin_of(10, Some(12)), LEVEL_STRIDE + 5);
        // Days 11 and 12 do not: the 8-day range 8..16 holds them (level 3).
        assert_eq!(bin_of(11, Some(13)), 3 * LEVEL_STRIDE + 1);
        assert_eq!(bin_of(11, None), OPEN_BIN);
        // Ended the day it began: filed by that day.
        assert_eq!(bin_of(11, Some(11)), 11);
    }

    proptest! {
        /// Every span open on a day is in one of that day's bins, and the SQL files it where
        /// the Rust does (checked by evaluating the CASE's arithmetic the same way).
        #[test]
        fn a_span_open_on_a_day_is_in_one_of_its_bins(
            from in 0_i64..40_000, len in 0_i64..20_000, probe in 0_i64..20_000,
        ) {
            let to = from + len;
            let d = from + probe;
            let bin = bin_of(from, Some(to));
            if d < to {
                prop_assert!(bins_holding(day(d)).contains(&bin));
            }
            prop_assert!(bins_holding(day(from)).contains(&bin_of(from, None)));
            // The SQL's rule, evaluated.
            let last = (to - 1).max(from);
            let level = (0..LEVELS).find(|l| from / (1 << l) == last / (1 << l)).unwrap();
            prop_assert_eq!(bin, i64::from(level) * LEVEL_STRIDE + from / (1 << level));
        }
    }
}
