//! The forecast on the pages (issue 14): the dashboard's communes at risk of missing the
//! target and the dossier page's fan chart. Both are fragments the page loads after itself
//! (`hx-trigger="load"`, a plain link without scripts): a forecast reads the whole country's
//! spans, which the dashboard's own budget (20 ms) has no room for. The chart is an SVG drawn
//! here; both say it is a statistical estimate and what it rests on.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use chrono::NaiveDate;
use plantrack_domain::forecast::{DossierForecast, Forecast};
use plantrack_domain::plan::PlanType;
use plantrack_store::planning::ForecastQuery;
use serde::Deserialize;

use super::{Ctx, PageError, parse_day, render};
use crate::AppState;
use crate::format;

/// Futures drawn per dossier on a page: enough for a percentage, quick for a province.
const PAGE_SIMULATIONS: u32 = 4000;

/// Communes the dashboard lists.
const AT_RISK: usize = 15;

#[derive(Deserialize)]
pub struct RiskQuery {
    as_of: Option<String>,
}

/// A commune of the at-risk list.
pub struct RiskRow {
    pub dossier: i64,
    pub unit_name: String,
    pub stage_name: String,
    pub chance: String,
    pub likely: String,
    pub blocked: bool,
}

#[derive(Template)]
#[template(path = "forecast_risk.html")]
struct RiskPanel<'a> {
    c: &'a Ctx,
    target: String,
    rows: Vec<RiskRow>,
    /// How many are forecast, and how many already approved.
    counts: String,
    note: String,
}

/// The statement every forecast shows: an estimate, and what it rests on.
fn note(ctx: &Ctx, f: &Forecast) -> String {
    ctx.lang.t_args(
        "forecast-note",
        &[
            ("as_of", format::date(f.as_of).into()),
            ("simulations", u64::from(f.simulations).into()),
        ],
    )
}

/// `GET /provinces/{code}/forecast`: the commune general plans least likely to be approved
/// by the target, with the stage that holds each and the probability.
pub async fn risk(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(code): Path<String>,
    Query(q): Query<RiskQuery>,
) -> Result<Response, PageError> {
    let today = state.planning.today();
    let as_of = parse_day(&ctx, "as_of", q.as_of.as_deref())?.map_or(today, |d| d.min(today));
    let f = state
        .planning
        .forecast(
            ctx.caller(),
            &ForecastQuery {
                as_of: Some(as_of),
                province: Some(code),
                plan_type: Some(PlanType::CommuneGeneral),
                simulations: Some(PAGE_SIMULATIONS),
                lang: ctx.lang.language(),
                ..ForecastQuery::default()
            },
        )
        .await;
    let f = match f {
        Ok(f) => f,
        Err(e @ plantrack_store::StoreError::Domain(_)) => return Ok(unavailable(&ctx, e)),
        Err(e) => return Err(ctx.fail()(e)),
    };
    let rows = f
        .dossiers
        .iter()
        .take(AT_RISK)
        .map(|d| RiskRow {
            dossier: d.dossier,
            unit_name: d.unit_name.clone(),
            stage_name: d.stage_name.clone(),
            chance: format::percent(d.p_meet_target),
            likely: format::date(d.p50),
            blocked: !d.blockers.is_empty(),
        })
        .collect();
    let page = RiskPanel {
        c: &ctx,
        target: format::date(f.target),
        rows,
        counts: ctx.lang.t_args(
            "forecast-counts",
            &[
                ("total", f.dossiers.len().into()),
                ("approved", f.approved.into()),
            ],
        ),
        note: note(&ctx, &f),
    };
    Ok(render(&page))
}

#[derive(Deserialize)]
pub struct FanQuery {
    unit: String,
}

/// The fan chart's geometry, in the SVG's units (360 × 84).
pub struct Fan {
    pub x10: f64,
    pub x25: f64,
    pub x50: f64,
    pub x75: f64,
    pub x90: f64,
    pub target_x: f64,
    pub p10: String,
    pub p50: String,
    pub p90: String,
    pub target: String,
    /// The chart in words, for those who do not see it.
    pub caption: String,
}

impl Fan {
    fn of(ctx: &Ctx, d: &DossierForecast, as_of: NaiveDate, target: NaiveDate) -> Self {
        let end = d.p90.max(target);
        let span = ((end - as_of).num_days() as f64 * 1.08).max(1.0);
        let x = |day: NaiveDate| 10.0 + 340.0 * (day - as_of).num_days() as f64 / span;
        Fan {
            x10: x(d.p10),
            x25: x(d.p25),
            x50: x(d.p50),
            x75: x(d.p75),
            x90: x(d.p90),
            target_x: x(target),
            p10: format::date(d.p10),
            p50: format::date(d.p50),
            p90: format::date(d.p90),
            target: format::date(target),
            caption: ctx.lang.t_args(
                "forecast-fan-caption",
                &[
                    ("p10", format::date(d.p10).into()),
                    ("p50", format::date(d.p50).into()),
                    ("p90", format::date(d.p90).into()),
                    ("target", format::date(target).into()),
                    ("chance", format::percent(d.p_meet_target).into()),
                ],
            ),
        }
    }
}

#[derive(Template)]
#[template(path = "forecast_fan.html")]
struct FanPanel<'a> {
    c: &'a Ctx,
    fan: Option<Fan>,
    note: String,
}

/// `GET /dossiers/{id}/forecast?unit=CODE`: the dossier's approval dates as a fan (10th–90th
/// and 25th–75th percentiles, the median, the target).
pub async fn fan(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Query(q): Query<FanQuery>,
) -> Result<Response, PageError> {
    let f = state
        .planning
        .forecast(
            ctx.caller(),
            &ForecastQuery {
                unit: Some(q.unit),
                simulations: Some(PAGE_SIMULATIONS),
                lang: ctx.lang.language(),
                ..ForecastQuery::default()
            },
        )
        .await;
    let f = match f {
        Ok(f) => f,
        Err(e @ plantrack_store::StoreError::Domain(_)) => return Ok(unavailable(&ctx, e)),
        Err(e) => return Err(ctx.fail()(e)),
    };
    let fan = f
        .dossiers
        .iter()
        .find(|d| d.dossier == id)
        .map(|d| Fan::of(&ctx, d, f.as_of, f.target));
    let page = FanPanel {
        c: &ctx,
        fan,
        note: note(&ctx, &f),
    };
    Ok(render(&page))
}

/// A forecast the page cannot show (its target already past, the data too short): the panel
/// says why in the reader's words, inside the page that loaded it, instead of an error page
/// replacing that page.
fn unavailable(ctx: &Ctx, e: plantrack_store::StoreError) -> Response {
    use axum::response::IntoResponse;
    let (_, problem) = crate::error::ApiError::from(e)
        .in_lang(ctx.lang)
        .to_problem();
    let text = askama::filters::escape(&problem.detail, askama::filters::Html)
        .map(|t| t.to_string())
        .unwrap_or_default();
    axum::response::Html(format!(
        "<section class=\"forecast-unavailable\"><p class=\"note\">{text}</p></section>"
    ))
    .into_response()
}
