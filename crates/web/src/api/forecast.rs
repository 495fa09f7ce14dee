//! The forecast of approval dates and its backtest (issue 14): the command line's
//! `plantrack forecast` and `plantrack forecast backtest`, over HTTP.

use axum::extract::State;
use chrono::NaiveDate;
use plantrack_domain::forecast::{Backtest, Forecast};
use plantrack_domain::plan::PlanType;
use plantrack_store::planning::{BacktestQuery, ForecastQuery};
use serde::Deserialize;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{Params, fail};
use crate::AppState;
use crate::auth::Auth;
use crate::error::Localized;
use crate::i18n::Lang;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_forecast))
        .routes(routes!(get_backtest))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ForecastParams {
    /// The day forecast from (YYYY-MM-DD), with only what was recorded by its end; today when
    /// absent.
    pub as_of: Option<NaiveDate>,
    /// The target date; when absent, the due date of the province's latest directive to
    /// finish the plans, else 2026-03-31 (`target_from` in the answer says which).
    pub target: Option<NaiveDate>,
    /// Province code; the whole country (administrators) when absent.
    pub province: Option<String>,
    pub plan_type: Option<PlanType>,
    /// The Monte Carlo's seed: the same seed over the same records gives the same forecast.
    #[param(format = Int64, minimum = 0, maximum = 4294967295_u64)]
    pub seed: Option<u32>,
    /// Futures drawn per dossier (1 to 100000; 10000 by default).
    #[param(format = Int64, minimum = 1, maximum = 100000)]
    pub simulations: Option<u32>,
    /// Language of stage names: vi (default), en, id.
    pub lang: Option<String>,
}

/// When each dossier not yet approved is likely to be approved (10th, 25th, 50th, 75th and
/// 90th percentiles) and the probability it is by the target date — a statistical estimate
/// from the stage lengths observed (`basis` says what each stage rests on) — least likely
/// first.
#[utoipa::path(get, path = "/forecast", tag = "forecast", params(ForecastParams), security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = Forecast), (status = 400, body = crate::error::Problem),
              (status = 401, body = crate::error::Problem), (status = 403, body = crate::error::Problem),
              (status = 422, description = "A day before the data begins or after today, a target not after it or beyond the 5-year horizon", body = crate::error::Problem)))]
async fn get_forecast(
    State(state): State<AppState>,
    lang: Lang,
    auth: Auth,
    Params(q): Params<ForecastParams>,
) -> Result<axum::Json<Forecast>, Localized> {
    let query = ForecastQuery {
        as_of: q.as_of,
        target: q.target,
        province: q.province,
        unit: None,
        plan_type: q.plan_type,
        seed: q.seed.map(u64::from),
        simulations: q.simulations,
        lang: lang.language(),
    };
    Ok(axum::Json(
        state
            .planning
            .forecast(auth.caller(), &query)
            .await
            .map_err(fail(lang))?,
    ))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct BacktestParams {
    /// The day the forecasts are made on, with only what was known then.
    pub from: NaiveDate,
    /// Their target, and the day their outcome is read (no later than today).
    pub to: NaiveDate,
    pub province: Option<String>,
    pub plan_type: Option<PlanType>,
    #[param(format = Int64, minimum = 0, maximum = 4294967295_u64)]
    pub seed: Option<u32>,
    #[param(format = Int64, minimum = 1, maximum = 100000)]
    pub simulations: Option<u32>,
}

/// Forecasts made on `from` for the target `to`, scored against the dossiers approved by
/// `to`: the Brier score and a calibration table by probability decile.
#[utoipa::path(get, path = "/forecast/backtest", tag = "forecast", params(BacktestParams), security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = Backtest), (status = 400, body = crate::error::Problem),
              (status = 401, body = crate::error::Problem), (status = 403, body = crate::error::Problem),
              (status = 422, description = "Days the backtest cannot stand on", body = crate::error::Problem)))]
async fn get_backtest(
    State(state): State<AppState>,
    lang: Lang,
    auth: Auth,
    Params(q): Params<BacktestParams>,
) -> Result<axum::Json<Backtest>, Localized> {
    let query = BacktestQuery {
        from: q.from,
        to: q.to,
        province: q.province,
        plan_type: q.plan_type,
        seed: q.seed.map(u64::from),
        simulations: q.simulations,
    };
    Ok(axum::Json(
        state
            .planning
            .forecast_backtest(auth.caller(), &query)
            .await
            .map_err(fail(lang))?,
    ))
}
