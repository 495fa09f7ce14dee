//! Why a forecast or a backtest is refused: dates it cannot stand on. Each has its own
//! sentence in every language (`forecast-problem-<key>` in problems.ftl).

use chrono::{Months, NaiveDate};

use crate::calendar::bounds::within_bounds;

/// How far ahead a forecast looks: a target later than this many years after the forecast's
/// day is refused (the histories behind it say nothing that far), and a date beyond it is
/// reported as "beyond the horizon".
pub const HORIZON_YEARS: u32 = 5;

/// The last day a forecast made on `as_of` looks at.
pub fn horizon(as_of: NaiveDate) -> NaiveDate {
    as_of
        .checked_add_months(Months::new(12 * HORIZON_YEARS))
        .unwrap_or(NaiveDate::MAX)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ForecastProblem {
    /// The day lies before the first recorded event (`first`; `None`: nothing is recorded),
    /// so nothing was known then.
    BeforeData {
        day: NaiveDate,
        first: Option<NaiveDate>,
    },
    /// The day lies after today: what happens then is not known yet.
    InFuture { day: NaiveDate, today: NaiveDate },
    /// The target is not after the forecast's day.
    TargetNotAfter { target: NaiveDate, as_of: NaiveDate },
    /// The target lies beyond the forecast's horizon.
    TargetBeyondHorizon {
        target: NaiveDate,
        horizon: NaiveDate,
    },
    /// A backtest's end is not after its start.
    BacktestEndsBeforeStart { from: NaiveDate, to: NaiveDate },
}

impl ForecastProblem {
    /// The key of its sentence.
    pub fn key(&self) -> &'static str {
        match self {
            Self::BeforeData { first: Some(_), .. } => "before-data",
            Self::BeforeData { first: None, .. } => "no-data",
            Self::InFuture { .. } => "in-future",
            Self::TargetNotAfter { .. } => "target-not-after",
            Self::TargetBeyondHorizon { .. } => "target-beyond-horizon",
            Self::BacktestEndsBeforeStart { .. } => "backtest-ends-before-start",
        }
    }
}

impl std::fmt::Display for ForecastProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::BeforeData {
                day,
                first: Some(first),
            } => write!(f, "{day} is before the data begins ({first})"),
            Self::BeforeData { day, first: None } => {
                write!(f, "nothing is recorded to forecast from on {day}")
            }
            Self::InFuture { day, today } => write!(f, "{day} is after today ({today})"),
            Self::TargetNotAfter { target, as_of } => {
                write!(f, "the target {target} is not after {as_of}")
            }
            Self::TargetBeyondHorizon { target, horizon } => {
                write!(f, "the target {target} is beyond the horizon ({horizon})")
            }
            Self::BacktestEndsBeforeStart { from, to } => {
                write!(f, "the backtest ends ({to}) before it starts ({from})")
            }
        }
    }
}

/// Checks a forecast's day and target against today and the first recorded day.
pub fn check_forecast(
    as_of: NaiveDate,
    target: NaiveDate,
    today: NaiveDate,
    first: Option<NaiveDate>,
) -> Result<(), crate::DomainError> {
    let out_of_bounds = |d: NaiveDate| crate::DomainError::BadDate {
        date: d.to_string(),
        why: crate::error::DateProblem::OutOfBounds,
    };
    for d in [as_of, target] {
        if !within_bounds(d) {
            return Err(out_of_bounds(d));
        }
    }
    let problem = if as_of > today {
        Some(ForecastProblem::InFuture { day: as_of, today })
    } else if first.is_none_or(|f| as_of < f) {
        Some(ForecastProblem::BeforeData { day: as_of, first })
    } else if target <= as_of {
        Some(ForecastProblem::TargetNotAfter { target, as_of })
    } else if target > horizon(as_of) {
        Some(ForecastProblem::TargetBeyondHorizon {
            target,
            horizon: horizon(as_of),
        })
    } else {
        None
    };
    problem.map_or(Ok(()), |p| Err(crate::DomainError::Forecast(p)))
}

/// Checks a backtest's two days: `from` must be a day a forecast could be made on, and `to`
/// a later day no later than today (its outcome must be known).
pub fn check_backtest(
    from: NaiveDate,
    to: NaiveDate,
    today: NaiveDate,
    first: Option<NaiveDate>,
) -> Result<(), crate::DomainError> {
    if within_bounds(from) && within_bounds(to) && to <= from {
        return Err(crate::DomainError::Forecast(
            ForecastProblem::BacktestEndsBeforeStart { from, to },
        ));
    }
    if within_bounds(to) && to > today {
        return Err(crate::DomainError::Forecast(ForecastProblem::InFuture {
            day: to,
            today,
        }));
    }
    check_forecast(from, to, today, first)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::DomainError;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn problem(r: &Result<(), DomainError>) -> &'static str {
        match r {
            Err(DomainError::Forecast(p)) => p.key(),
            Err(DomainError::BadDate { .. }) => "bad-date",
            Err(_) => "other",
            Ok(()) => "ok",
        }
    }

    #[test]
    fn each_bad_date_has_its_own_refusal() {
        let today = d("2026-12-03");
        let first = Some(d("2025-07-01"));
        let ok = check_forecast(d("2025-11-25"), d("2026-03-31"), today, first);
        assert_eq!(problem(&ok), "ok");
        for (as_of, target, key) in [
            ("2025-01-01", "2026-03-31", "before-data"),
            ("2027-01-01", "2027-03-31", "in-future"),
            ("2025-11-25", "2025-11-25", "target-not-after"),
            ("2025-11-25", "2031-01-01", "target-beyond-horizon"),
            ("1000-01-01", "2026-03-31", "bad-date"),
        ] {
            assert_eq!(
                problem(&check_forecast(d(as_of), d(target), today, first)),
                key,
                "{as_of} {target}"
            );
        }
        assert_eq!(
            problem(&check_forecast(
                d("2025-11-25"),
                d("2026-03-31"),
                today,
                None
            )),
            "no-data"
        );
        assert_eq!(
            problem(&check_backtest(
                d("2026-01-01"),
                d("2025-12-01"),
                today,
                first
            )),
            "backtest-ends-before-start"
        );
        assert_eq!(
            problem(&check_backtest(
                d("2026-01-01"),
                d("2027-01-01"),
                today,
                first
            )),
            "in-future"
        );
        assert_eq!(
            problem(&check_backtest(
                d("2025-11-25"),
                d("2026-03-31"),
                today,
                first
            )),
            "ok"
        );
    }
}
