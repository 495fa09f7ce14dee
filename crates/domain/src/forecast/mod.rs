//! The forecast: for each dossier not yet approved, when it is likely to be approved (the
//! 10th to 90th percentiles of the approval date) and the probability that it is by a target
//! date. It is a statistical estimate, and rests on:
//!
//! - the stages left in the dossier's template, up to and including the one whose end
//!   approves the plan (`approved_after`), and the routes between them — returns from
//!   appraisal included — as the dossiers before it took them ([`model`]);
//! - how long each stage lasted in the province (in the country when the province has fewer
//!   than [`MIN_ENDED`] ended visits; by its statutory limits when the country has too few;
//!   an assumed 10–40 working days when the law sets none), in working days of the
//!   province's calendar, lunar holidays and overrides included ([`workdays`]); holds and
//!   extended deadlines are part of the visits they happened in ([`history`]);
//! - visits still open counted as lasting at least their days so far (Kaplan–Meier,
//!   [`survival`]), and the dossier's own days in its stage: it cannot finish in fewer;
//! - its open blockers, drawn from how long blockers of their category lasted ([`simulate`]);
//! - a seeded Monte Carlo ([`simulate`]): the same seed over the same records gives the same
//!   numbers.
//!
//! Everything is read as known on the forecast's day, so a forecast of a past day uses only
//! what was known then; [`backtest`] scores such forecasts against what happened.

pub mod backtest;
pub mod history;
pub mod model;
pub mod problem;
pub mod simulate;
pub mod survival;
pub mod workdays;

use chrono::NaiveDate;

pub use backtest::{Backtest, CalibrationBin, score};
pub use history::{History, Hold, SpanAt};
pub use model::{MIN_ENDED, Source, StageBasis};
pub use problem::{ForecastProblem, HORIZON_YEARS, check_backtest, check_forecast, horizon};
pub use simulate::{
    DEFAULT_SEED, DEFAULT_SIMULATIONS, DossierForecast, Forecast, Inputs, SharedCalendar,
    TargetFrom, forecast,
};

/// The target when no directive sets one: the plans "finished in the first quarter of 2026"
/// (the meeting of 25/11/2025).
pub const DEFAULT_TARGET: NaiveDate = match NaiveDate::from_ymd_opt(2026, 3, 31) {
    Some(d) => d,
    None => panic!("a valid date"),
};

/// Most futures a forecast may draw per dossier (a request beyond is refused).
pub const MAX_SIMULATIONS: u32 = 100_000;

#[cfg(test)]
mod tests;
