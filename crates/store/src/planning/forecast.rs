//! The forecast and its backtest (issue 14): who reads them (those who read the progress
//! report, `domain::access::read_progress`), what they read (everything as known at the end
//! of the forecast's day, in Vietnam: valid time and record time both that day), and the
//! target (the reader's, else the due date of the province's latest directive to finish
//! the plans, else 31/03/2026). The numbers come from `domain::forecast`.

use std::sync::Arc;

use chrono::NaiveDate;
use plantrack_domain::DomainError;
use plantrack_domain::Language;
use plantrack_domain::access::Caller;
use plantrack_domain::calendar::bounds::end_of_vietnam_day;
use plantrack_domain::calendar::vietnam_date;
use plantrack_domain::forecast::{
    self, Backtest, DEFAULT_SEED, DEFAULT_SIMULATIONS, DEFAULT_TARGET, Forecast, History,
    MAX_SIMULATIONS, SharedCalendar, TargetFrom,
};
use plantrack_domain::plan::PlanType;

use super::Planning;
use crate::error::{Result, StoreError};

/// What a forecast covers.
#[derive(Debug, Clone, Default)]
pub struct ForecastQuery {
    /// The day to forecast from; today when absent.
    pub as_of: Option<NaiveDate>,
    /// The target date; see the module's doc when absent.
    pub target: Option<NaiveDate>,
    pub province: Option<String>,
    pub unit: Option<String>,
    pub plan_type: Option<PlanType>,
    /// The Monte Carlo's seed ([`DEFAULT_SEED`] when absent).
    pub seed: Option<u64>,
    /// Futures per dossier ([`DEFAULT_SIMULATIONS`] when absent).
    pub simulations: Option<u32>,
    /// Language of stage names.
    pub lang: Language,
}

/// What a backtest covers: forecasts made on `from` for the target `to`, against what
/// happened by `to`.
#[derive(Debug, Clone)]
pub struct BacktestQuery {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub province: Option<String>,
    pub plan_type: Option<PlanType>,
    pub seed: Option<u64>,
    pub simulations: Option<u32>,
}

/// The scope's filter on histories.
#[derive(Debug, Clone)]
struct Scope {
    province: Option<String>,
    unit: Option<String>,
    plan_type: Option<PlanType>,
}

impl Scope {
    fn holds(&self, h: &History) -> bool {
        self.province.as_ref().is_none_or(|p| *p == h.province)
            && self.unit.as_ref().is_none_or(|u| *u == h.unit_code)
            && self.plan_type.is_none_or(|t| t == h.plan_type)
    }
}

fn simulations(asked: Option<u32>) -> Result<u32> {
    let n = asked.unwrap_or(DEFAULT_SIMULATIONS);
    if n == 0 || n > MAX_SIMULATIONS {
        return Err(DomainError::invalid(
            "simulations",
            format!("must be from 1 to {MAX_SIMULATIONS}"),
        )
        .into());
    }
    Ok(n)
}

impl Planning {
    /// The forecast of a scope (a province, a unit, or the country for the administrator)
    /// as of a day.
    pub async fn forecast(&self, caller: Caller<'_>, q: &ForecastQuery) -> Result<Forecast> {
        let province = self
            .may_read_progress(caller, q.province.as_deref(), q.unit.as_deref())
            .await?;
        let sims = simulations(q.simulations)?;
        let now = self.clock.now();
        let today = vietnam_date(now);
        let as_of = q.as_of.unwrap_or(today);
        let (target, target_from) = match q.target {
            Some(t) => (t, TargetFrom::Given),
            None => self.default_target(province.as_deref(), as_of).await?,
        };
        let scope = Scope {
            province,
            unit: q.unit.clone(),
            plan_type: q.plan_type,
        };
        // Refused before the country's spans are read: the first day is one query.
        plantrack_domain::forecast::check_forecast(
            as_of,
            target,
            today,
            // The data begins with the first span recorded so far.
            self.db.first_span_known_by(now).await?,
        )?;
        let mut f = self
            .run_forecast(
                as_of,
                target,
                target_from,
                &scope,
                q.seed.unwrap_or(DEFAULT_SEED),
                sims,
                q.lang,
            )
            .await?;
        let names = self.db.unit_names().await?;
        for d in &mut f.dossiers {
            if let Some(name) = names.get(&d.unit_code) {
                d.unit_name.clone_from(name);
            }
        }
        Ok(f)
    }

    /// Forecasts made on `from` with only what was known then, for the target `to`, scored
    /// against the dossiers approved by `to` as known now.
    pub async fn forecast_backtest(
        &self,
        caller: Caller<'_>,
        q: &BacktestQuery,
    ) -> Result<Backtest> {
        let province = self
            .may_read_progress(caller, q.province.as_deref(), None)
            .await?;
        let sims = simulations(q.simulations)?;
        let now = self.clock.now();
        let today = vietnam_date(now);
        let first = self.db.first_span_known_by(now).await?;
        plantrack_domain::forecast::check_backtest(q.from, q.to, today, first)?;
        let scope = Scope {
            province: province.clone(),
            unit: None,
            plan_type: q.plan_type,
        };
        let seed = q.seed.unwrap_or(DEFAULT_SEED);
        let f = self
            .run_forecast(
                q.from,
                q.to,
                TargetFrom::Given,
                &scope,
                seed,
                sims,
                Language::Vi,
            )
            .await?;
        let then = self.db.forecast_histories(q.to, now).await?;
        let approved: std::collections::HashSet<i64> = then
            .iter()
            .filter(|h| {
                self.template(&h.template, Some(h.template_version))
                    .is_ok_and(|t| h.approved(&t))
            })
            .map(|h| h.dossier)
            .collect();
        let pairs: Vec<(f64, bool)> = f
            .dossiers
            .iter()
            .map(|d| (d.p_meet_target, approved.contains(&d.dossier)))
            .collect();
        Ok(forecast::score(q.from, q.to, province, seed, sims, &pairs))
    }

    /// The target of a forecast that names none, and where it came from.
    async fn default_target(
        &self,
        province: Option<&str>,
        as_of: NaiveDate,
    ) -> Result<(NaiveDate, TargetFrom)> {
        let Some(province) = province else {
            return Ok((DEFAULT_TARGET, TargetFrom::Default));
        };
        let stages = approval_stages(&self.templates());
        Ok(
            match self.db.plan_finishing_due(province, &stages, as_of).await? {
                Some(due) => (due, TargetFrom::Directive),
                None => (DEFAULT_TARGET, TargetFrom::Default),
            },
        )
    }

    /// Reads the country as known at the end of `as_of` and forecasts the scope, off the
    /// async workers (the country's 10,000 dossiers take about a second of both cores).
    #[allow(clippy::too_many_arguments)] // the forecast's parameters, each its own
    async fn run_forecast(
        &self,
        as_of: NaiveDate,
        target: NaiveDate,
        target_from: TargetFrom,
        scope: &Scope,
        seed: u64,
        simulations: u32,
        lang: Language,
    ) -> Result<Forecast> {
        let known_at = end_of_vietnam_day(as_of).min(self.clock.now());
        let (histories, holds) = tokio::try_join!(
            self.db.forecast_histories(as_of, known_at),
            self.db.forecast_holds(as_of, known_at)
        )?;
        let planning = self.clone();
        let scope = scope.clone();
        tokio::task::spawn_blocking(move || {
            let template = |key: &str, version: u32| planning.template(key, Some(version)).ok();
            let calendar = |province: &str| -> SharedCalendar { planning.calendar_of(province) };
            let in_scope = |h: &History| scope.holds(h);
            forecast::forecast(&forecast::Inputs {
                as_of,
                target,
                target_from,
                histories: &histories,
                holds: &holds,
                in_scope: &in_scope,
                template: &template,
                calendar: &calendar,
                seed,
                simulations,
                lang,
            })
        })
        .await
        .map_err(|e| StoreError::corrupt(format!("the forecast stopped: {e}")))
    }
}

/// The templates' approval stages: a directive done when a dossier leaves one finishes plans.
fn approval_stages(templates: &[Arc<plantrack_domain::workflow::Template>]) -> Vec<String> {
    let mut stages: Vec<String> = templates
        .iter()
        .filter_map(|t| t.approved_after.clone())
        .collect();
    stages.sort();
    stages.dedup();
    stages
}
