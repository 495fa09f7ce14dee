//! Plans side by side (issue 19): every plan of a type in a province with a checked land-use
//! map, the same indicators in one table (outliers named in words, not only marked) and the
//! land use of each plan as a stacked-bar SVG drawn here — no script needed, on a phone or
//! printed.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use plantrack_domain::appraisal::compare::value_of;
use plantrack_domain::plan::PlanType;
use serde::Deserialize;

use super::consultants::stage_name;
use super::{Ctx, PageError, render};
use crate::AppState;
use crate::error::ApiError;
use crate::format;
use crate::i18n::{indicator_name, indicator_value, landuse_name, outlier_text, shown_indicators};

/// Colours of the chart's land uses, in the order of their first appearance; the legend and
/// the table carry the names, so no reader depends on telling them apart.
const PALETTE: [&str; 16] = [
    "#c0392b", "#2e86c1", "#27ae60", "#f1c40f", "#8e44ad", "#e67e22", "#16a085", "#7f8c8d",
    "#d35400", "#2c3e50", "#a93226", "#1abc9c", "#5d6d7e", "#b7950b", "#6c3483", "#117864",
];

/// The chart's geometry, in the SVG's units.
const BAR_HEIGHT: f64 = 14.0;
const BAR_GAP: f64 = 6.0;
const LABEL_WIDTH: f64 = 150.0;
const BAR_WIDTH: f64 = 400.0;

#[derive(Deserialize)]
pub struct CompareQuery {
    plan_type: Option<String>,
}

/// One indicator's cell.
pub struct Cell {
    pub label: String,
    pub value: String,
    /// The cell's indicator is an outlier of this plan.
    pub outlier: bool,
}

/// One plan's row.
pub struct PlanRow {
    pub dossier: i64,
    pub unit: String,
    pub stage: String,
    pub map_title: String,
    pub cells: Vec<Cell>,
    /// Each land use and its share, largest first.
    pub shares: String,
    pub outliers: Vec<String>,
}

/// A piece of a plan's bar.
pub struct Segment {
    pub x: String,
    pub width: String,
    pub colour: &'static str,
    pub title: String,
}

pub struct Bar {
    pub y: String,
    pub text_y: String,
    pub label: String,
    pub flagged: bool,
    pub segments: Vec<Segment>,
}

#[derive(Template)]
#[template(path = "appraisal_compare.html")]
struct ComparePage<'a> {
    c: &'a Ctx,
    province_name: String,
    province_code: String,
    plan_type: &'static str,
    plan_types: Vec<(&'static str, String)>,
    counts: String,
    headings: Vec<String>,
    rows: Vec<PlanRow>,
    bars: Vec<Bar>,
    legend: Vec<(String, &'static str)>,
    chart_height: String,
    population_known: bool,
}

/// `GET /provinces/{code}/appraisal-comparison?plan_type=T` (commune general plans when none).
pub async fn compare_page(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(code): Path<String>,
    Query(q): Query<CompareQuery>,
) -> Result<Response, PageError> {
    ctx.principal()?;
    let lang = ctx.lang;
    let plan_type = match q.plan_type.as_deref().filter(|t| !t.is_empty()) {
        None => PlanType::CommuneGeneral,
        Some(t) => PlanType::parse(t).ok_or_else(|| {
            ctx.error(ApiError::bad_request(
                "plan_type",
                ctx.t("compare-page-bad-plan-type"),
            ))
        })?,
    };
    let planning = &state.planning;
    let cmp = planning
        .appraisal_comparison(ctx.caller(), &code, plan_type)
        .await
        .map_err(ctx.fail())?;
    let province = planning.unit(&code).await.map_err(ctx.fail())?;
    let headings: Vec<String> = shown_indicators()
        .iter()
        .map(|i| indicator_name(lang, i))
        .collect();
    // Land uses in the order of the largest total share, for the legend and the bars alike.
    let mut categories: Vec<(String, f64)> = Vec::new();
    for p in &cmp.plans {
        for (c, s) in &p.indicators.landuse_share {
            match categories.iter_mut().find(|(k, _)| k == c) {
                Some((_, total)) => *total += s,
                None => categories.push((c.clone(), *s)),
            }
        }
    }
    categories.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let colour = |category: &str| {
        let i = categories
            .iter()
            .position(|(c, _)| c == category)
            .unwrap_or(0);
        PALETTE[i % PALETTE.len()]
    };
    let rows = cmp
        .plans
        .iter()
        .map(|p| {
            let cells = shown_indicators()
                .iter()
                .map(|i| Cell {
                    label: indicator_name(lang, i),
                    value: value_of(&p.indicators, i)
                        .map_or_else(|| ctx.t("compare-no-data"), |v| indicator_value(lang, i, v)),
                    outlier: p.outliers.iter().any(|o| &o.indicator == i),
                })
                .collect();
            let mut shares: Vec<(&String, &f64)> = p.indicators.landuse_share.iter().collect();
            shares.sort_by(|a, b| b.1.total_cmp(a.1));
            PlanRow {
                dossier: p.dossier,
                unit: format!("{} ({})", p.unit_name, p.unit_code),
                stage: stage_name(&state, &ctx, &p.stage),
                map_title: p.map_title.clone(),
                cells,
                shares: shares
                    .iter()
                    .map(|(c, s)| format!("{} {}", landuse_name(lang, c), format::percent(**s)))
                    .collect::<Vec<_>>()
                    .join("; "),
                outliers: p.outliers.iter().map(|o| outlier_text(lang, o)).collect(),
            }
        })
        .collect();
    let bars = cmp
        .plans
        .iter()
        .enumerate()
        .map(|(n, p)| {
            let y = n as f64 * (BAR_HEIGHT + BAR_GAP);
            let mut x = LABEL_WIDTH;
            let segments = categories
                .iter()
                .filter_map(|(c, _)| p.indicators.landuse_share.get(c).map(|s| (c, *s)))
                .map(|(c, s)| {
                    let width = s * BAR_WIDTH;
                    let seg = Segment {
                        x: format!("{x:.1}"),
                        width: format!("{width:.1}"),
                        colour: colour(c),
                        title: format!("{} {}", landuse_name(lang, c), format::percent(s)),
                    };
                    x += width;
                    seg
                })
                .collect();
            Bar {
                y: format!("{y:.1}"),
                text_y: format!("{:.1}", y + BAR_HEIGHT * 0.8),
                label: p.unit_name.clone(),
                flagged: !p.outliers.is_empty(),
                segments,
            }
        })
        .collect();
    let page = ComparePage {
        c: &ctx,
        province_name: province.unit.full_name.clone(),
        province_code: code,
        plan_type: plan_type.as_str(),
        plan_types: PlanType::ALL
            .iter()
            .map(|t| (t.as_str(), ctx.tk("plan-type-", t.as_str())))
            .collect(),
        counts: lang.t_args(
            "compare-page-counts",
            &[
                ("plans", cmp.plans.len().into()),
                ("without", cmp.plans_without_map.into()),
            ],
        ),
        headings,
        chart_height: format!(
            "{:.0}",
            (cmp.plans.len() as f64 * (BAR_HEIGHT + BAR_GAP)).max(BAR_HEIGHT)
        ),
        rows,
        bars,
        legend: categories
            .iter()
            .map(|(c, _)| (landuse_name(lang, c), colour(c)))
            .collect(),
        population_known: cmp.population_known,
    };
    Ok(render(&page))
}
