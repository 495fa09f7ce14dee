//! The province dashboard: the meeting's picture. Counts by stage for each plan type, the map
//! of the commune general plans, the late and due-soon lists, what moved since the date to
//! compare with, and — for a past day — what was recorded late: how the day reads now
//! against how it read at its end. Any report can be read as known at an earlier instant
//! (`as_known_on`), so the picture shown at a meeting can always be shown again.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, NaiveDate, Utc};
use fluent_templates::fluent_bundle::FluentValue;
use plantrack_domain::calendar::bounds::{end_of_vietnam_day, parse_known_on};
use plantrack_domain::follow_up::BlockerCategory;
use plantrack_domain::plan::PlanType;
use plantrack_domain::progress::{
    Changes, DossierPosition, LateRecord, ProgressReport, changes, recorded_late,
};
use plantrack_store::planning::ProgressQuery;
use serde::Deserialize;

use super::{Ctx, PageError, render};
use crate::AppState;
use crate::format;

#[derive(Deserialize)]
pub struct DashboardQuery {
    as_of: Option<String>,
    as_known_on: Option<String>,
    compare: Option<String>,
}

/// One bar of a plan type's chart.
pub struct StageBar {
    pub key: String,
    pub number: usize,
    pub name: String,
    pub count: u64,
    pub overdue: u64,
    pub on_hold: u64,
    /// Bar length, 0 to 100.
    pub width: u64,
    /// What holds the stage's dossiers back: each category's name and how many.
    pub blockers: Vec<(String, u64)>,
}

pub struct PlanTypeChart {
    pub plan_type: &'static str,
    pub title: String,
    pub total: u64,
    pub bars: Vec<StageBar>,
}

/// A unit as the map (and its table) shows it.
pub struct MapRow {
    pub name: String,
    pub number: String,
    pub stage_name: String,
    pub dossier_id: Option<i64>,
}

/// A field of the date form whose value was not used, and why: said beside the form, the
/// dashboard shown without it.
pub struct FieldProblem {
    pub field: &'static str,
    pub message: String,
}

#[derive(Template)]
#[template(path = "dashboard.html")]
struct DashboardPage<'a> {
    c: &'a Ctx,
    province_name: String,
    province_code: String,
    as_of: NaiveDate,
    /// The form's fields as the reader typed them (a refused value is shown back to mend).
    as_of_text: String,
    /// What the reader typed for the record-time axis, shown back as typed.
    known_text: String,
    compare_text: String,
    compare: Option<NaiveDate>,
    problems: Vec<FieldProblem>,
    report: ProgressReport,
    /// For a past day: the dossiers that read differently now than at the day's end.
    late: Option<Vec<LateRecord>>,
    charts: Vec<PlanTypeChart>,
    legend: Vec<StageBar>,
    map_src: String,
    map_tiles: String,
    map_rows: Vec<MapRow>,
    changes: Option<Changes>,
    /// The directives' tasks late on the day, and how many of them are on leadership's
    /// list; none for a reader who does not follow the directives up.
    tasks_late: Option<(usize, usize)>,
    /// Each department's turnaround on information requests on the day.
    turnaround: Vec<super::information_requests::TurnaroundRow>,
    /// The province's consultation rounds as they stand today; none for a reader who does
    /// not read them.
    consultations: Option<ConsultationsToday>,
    /// The province's money today; none for a reader who does not read it.
    money: Option<super::funding::DashboardMoney>,
    /// The firms whose leads are over the province's limit; none for a reader who does not
    /// read the firms.
    firms: Option<super::consultants::DashboardFirms>,
}

/// The consultation rounds of the province today: how many take opinions, how far their
/// tables have come, and those that ended with the table not done.
pub struct ConsultationsToday {
    pub today: String,
    pub open: usize,
    pub opinions: u64,
    pub answered: u64,
    pub undone: Vec<super::consultations::RoundRow>,
}

/// The rounds in the province's units, counted as of today (the rounds' statuses are read
/// on the day, not kept by day: a past dashboard day shows today's).
async fn consultations_today(
    ctx: &Ctx,
    planning: &plantrack_store::Planning,
    report: &ProgressReport,
) -> Result<Option<ConsultationsToday>, PageError> {
    let items = match planning
        .consultations(
            ctx.caller(),
            &plantrack_store::consultation::ConsultationQuery::default(),
        )
        .await
    {
        Ok(items) => items,
        Err(plantrack_store::StoreError::Denied(_)) => return Ok(None),
        Err(e) => return Err(ctx.error(e)),
    };
    let units: std::collections::HashMap<&str, &str> = report
        .units
        .iter()
        .map(|u| (u.unit_code.as_str(), u.unit_name.as_str()))
        .collect();
    let today = planning.today();
    let mine: Vec<_> = items
        .iter()
        .filter(|r| units.contains_key(r.unit_code.as_str()))
        .collect();
    Ok(Some(ConsultationsToday {
        today: format::date(today),
        open: mine.iter().filter(|r| r.open).count(),
        opinions: mine.iter().map(|r| r.opinions).sum(),
        answered: mine.iter().map(|r| r.answered).sum(),
        undone: mine
            .iter()
            .filter(|r| super::consultations::ended_undone(r, today))
            .map(|r| {
                let mut row = super::consultations::round_row(ctx, r, today);
                if let Some(name) = units.get(r.unit_code.as_str()) {
                    (*name).clone_into(&mut row.unit_name);
                }
                row
            })
            .collect(),
    }))
}

impl DashboardPage<'_> {
    // Askama passes a template's call arguments by reference.
    #[allow(clippy::trivially_copy_pass_by_ref)]
    fn date(d: &NaiveDate) -> String {
        format::date(*d)
    }
    // Askama passes a template's call arguments by reference.
    #[allow(clippy::trivially_copy_pass_by_ref)]
    fn num(&self, n: &u64) -> String {
        format::number(i64::try_from(*n).unwrap_or(i64::MAX), self.c.lang)
    }
    fn due(p: &DossierPosition) -> String {
        p.due_on.map(format::date).unwrap_or_default()
    }
    fn late_text(&self, p: &DossierPosition) -> String {
        self.c.lang.t_args(
            "days-late",
            &[(
                "days",
                fluent_templates::fluent_bundle::FluentValue::from(p.deadline.days_late),
            )],
        )
    }
    fn left_text(&self, p: &DossierPosition) -> String {
        self.c.lang.t_args(
            "days-left",
            &[(
                "days",
                fluent_templates::fluent_bundle::FluentValue::from(p.deadline.days_left),
            )],
        )
    }
    /// The problem with `field`, if its value was refused.
    fn problem(&self, field: &str) -> Option<&FieldProblem> {
        self.problems.iter().find(|p| p.field == field)
    }
    /// The instant the report shows, as the reader reads times.
    fn known_on_text(&self) -> String {
        self.report
            .as_known_on
            .map(format::timestamp)
            .unwrap_or_default()
    }
    fn stage_of(&self, p: Option<&DossierPosition>) -> String {
        p.map_or_else(|| self.c.t("late-not-known"), |p| p.stage_name.clone())
    }
}

pub async fn dashboard(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(code): Path<String>,
    Query(q): Query<DashboardQuery>,
) -> Result<Response, PageError> {
    let planning = &state.planning;
    let province = planning.unit(&code).await.map_err(ctx.fail())?;
    let form = read_form(&ctx, &q, planning.today());
    let (as_of, compare, known) = (form.as_of, form.compare, form.known);
    let query = |day: NaiveDate, known: Option<DateTime<Utc>>| ProgressQuery {
        as_of: Some(day),
        as_known_on: known,
        province: Some(code.clone()),
        plan_type: None,
        lang: ctx.lang.language(),
        with_units: Some(true),
        list_limit: Some(50),
        unit: None,
    };
    let report = planning
        .progress(ctx.caller(), &query(as_of, known))
        .await
        .map_err(ctx.fail())?;
    let flat = |r: &ProgressReport| -> Vec<DossierPosition> {
        r.units
            .iter()
            .flat_map(|u| u.plans.iter().cloned())
            .collect()
    };
    // A past day as it read when it ended, against the same day as known now (or as known at
    // the instant asked): the changes recorded late.
    let end_of_day = end_of_vietnam_day(as_of);
    let late = match report.as_known_on {
        Some(shown) if shown > end_of_day => {
            let then = planning
                .progress(ctx.caller(), &query(as_of, Some(end_of_day)))
                .await
                .map_err(ctx.fail())?;
            Some(recorded_late(&flat(&then), &flat(&report)))
        }
        _ => None,
    };
    let changes = match compare {
        Some(day) => {
            let earlier = planning
                .progress(ctx.caller(), &query(day, known))
                .await
                .map_err(ctx.fail())?;
            let (before, after) = (flat(&earlier), flat(&report));
            // A later compare day was refused on the form: the comparison reads forwards.
            Some(changes(&before, &after))
        }
        None => None,
    };
    let turnaround = planning
        .request_turnaround(ctx.caller(), Some(&code), Some(as_of))
        .await
        .map_err(ctx.fail())?;
    let turnaround = super::information_requests::turnaround_rows(&ctx, &turnaround);
    let consultations = consultations_today(&ctx, planning, &report).await?;
    let money = super::funding::dashboard_money(&ctx, &state, &code).await?;
    let firms = super::consultants::dashboard_firms(&ctx, &state, &code).await?;
    let charts = charts(&ctx, &state, &report);
    let late_tasks = planning
        .tasks(
            ctx.caller(),
            &plantrack_store::follow_up::TaskQuery {
                province: Some(code.clone()),
                as_of: Some(as_of),
                overdue: true,
                ..Default::default()
            },
        )
        .await;
    let tasks_late = match late_tasks {
        Ok(tasks) => Some((tasks.len(), tasks.iter().filter(|t| t.escalated).count())),
        Err(plantrack_store::StoreError::Denied(_)) => None,
        Err(e) => return Err(ctx.error(e)),
    };
    let legend = charts
        .iter()
        .find(|c| c.plan_type == PlanType::CommuneGeneral.as_str())
        .map(|c| {
            c.bars
                .iter()
                .map(|b| StageBar {
                    key: b.key.clone(),
                    number: b.number,
                    name: b.name.clone(),
                    count: b.count,
                    overdue: b.overdue,
                    on_hold: b.on_hold,
                    width: 0,
                    blockers: Vec::new(),
                })
                .collect()
        })
        .unwrap_or_default();
    let map_rows = report
        .units
        .iter()
        .map(|u| {
            let plan = u
                .plans
                .iter()
                .filter(|p| p.plan_type == PlanType::CommuneGeneral)
                .min_by_key(|p| p.stage_order);
            MapRow {
                name: u.unit_name.clone(),
                number: plan.map_or_else(|| "–".into(), |p| (p.stage_order + 1).to_string()),
                stage_name: plan.map_or_else(|| ctx.t("map-unplanned"), |p| p.stage_name.clone()),
                dossier_id: plan.map(|p| p.dossier_id),
            }
        })
        .collect();
    let page = DashboardPage {
        c: &ctx,
        province_name: province.unit.full_name.clone(),
        map_src: format!(
            "/api/v1/provinces/{code}/map?plan_type=commune_general&as_of={as_of}&lang={}{}",
            ctx.lang.code(),
            known.map_or_else(String::new, |t| format!(
                "&as_known_on={}",
                format::urlencode(&t.to_rfc3339_opts(chrono::SecondsFormat::Micros, true))
            ))
        ),
        map_tiles: state.map_tiles.clone().unwrap_or_default(),
        province_code: code,
        as_of,
        as_of_text: form.as_of_text,
        known_text: form.known_text,
        compare_text: form.compare_text,
        compare,
        problems: form.problems,
        report,
        late,
        charts,
        legend,
        map_rows,
        changes,
        tasks_late,
        turnaround,
        consultations,
        money,
        firms,
    };
    // The picture is shown either way; a form with a refused field says so in its status.
    let status = if page.problems.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok((status, render(&page)).into_response())
}

/// The date form as read: the days used, what was typed, and the fields refused.
struct DateForm {
    as_of: NaiveDate,
    compare: Option<NaiveDate>,
    known: Option<DateTime<Utc>>,
    as_of_text: String,
    compare_text: String,
    known_text: String,
    problems: Vec<FieldProblem>,
}

/// Reads the form's three fields. A day that is not one (31/02/2025) is not used: the day
/// shown is then today, and no comparison is made with a compare day that is not one or
/// that comes after the day shown (its "still late" days would read backwards).
fn read_form(ctx: &Ctx, q: &DashboardQuery, today: NaiveDate) -> DateForm {
    let typed = |v: &Option<String>| v.as_deref().map(str::trim).unwrap_or_default().to_owned();
    let (as_of_text, compare_text, known_text) =
        (typed(&q.as_of), typed(&q.compare), typed(&q.as_known_on));
    let mut problems = Vec::new();
    let mut day = |field: &'static str, text: &str, key: &str| match text {
        "" => None,
        t => {
            let parsed = format::parse_date(t);
            if parsed.is_none() {
                problems.push(FieldProblem {
                    field,
                    message: ctx.lang.t_args(key, &[("value", FluentValue::from(t))]),
                });
            }
            parsed
        }
    };
    let as_of = day("as_of", &as_of_text, "dashboard-invalid-as-of");
    let mut compare = day("compare", &compare_text, "dashboard-invalid-compare");
    let as_of = as_of.unwrap_or(today);
    if let Some(c) = compare.filter(|c| *c > as_of) {
        problems.push(FieldProblem {
            field: "compare",
            message: ctx.lang.t_args(
                "dashboard-compare-after",
                &[
                    ("compare", FluentValue::from(format::date(c))),
                    ("as_of", FluentValue::from(format::date(as_of))),
                ],
            ),
        });
        compare = None;
    }
    let known = match known_text.as_str() {
        "" => None,
        t => {
            let parsed = parse_known_on(t);
            if parsed.is_none() {
                problems.push(FieldProblem {
                    field: "as_known_on",
                    message: ctx.t("invalid-known-on"),
                });
            }
            parsed
        }
    };
    DateForm {
        as_of,
        compare,
        known,
        as_of_text: if problems.iter().any(|p| p.field == "as_of") {
            as_of_text
        } else {
            format::date(as_of)
        },
        compare_text: match compare {
            Some(c) => format::date(c),
            None => compare_text,
        },
        known_text,
        problems,
    }
}

/// A chart per plan type: every stage of its template in order, with its count (zero
/// included, so that the funnel's shape shows).
fn charts(ctx: &Ctx, state: &AppState, report: &ProgressReport) -> Vec<PlanTypeChart> {
    let mut charts: Vec<PlanTypeChart> = Vec::new();
    for plan_type in PlanType::ALL {
        let counts: Vec<_> = report
            .stages
            .iter()
            .filter(|s| s.plan_type == plan_type)
            .collect();
        let Some(first) = counts.first() else {
            continue;
        };
        let Ok(template) = state.planning.template(&first.template, None) else {
            continue;
        };
        let max = counts.iter().map(|c| c.count).max().unwrap_or(0).max(1);
        let bars = template
            .stages
            .iter()
            .enumerate()
            .map(|(i, stage)| {
                let of_stage = counts.iter().filter(|c| c.stage == stage.key);
                let (count, overdue, on_hold) = of_stage.clone().fold((0, 0, 0), |acc, c| {
                    (acc.0 + c.count, acc.1 + c.overdue, acc.2 + c.on_hold)
                });
                let mut blockers: Vec<(String, u64)> = Vec::new();
                for category in BlockerCategory::ALL {
                    let n: u64 = of_stage
                        .clone()
                        .flat_map(|c| &c.blockers)
                        .filter(|b| b.category == category)
                        .map(|b| b.count)
                        .sum();
                    if n > 0 {
                        blockers.push((ctx.t(&super::dossiers::category_key(category)), n));
                    }
                }
                StageBar {
                    key: stage.key.clone(),
                    number: i + 1,
                    name: stage.name.get(ctx.lang).to_owned(),
                    count,
                    overdue,
                    on_hold,
                    width: count * 100 / max,
                    blockers,
                }
            })
            .collect::<Vec<_>>();
        charts.push(PlanTypeChart {
            plan_type: plan_type.as_str(),
            title: ctx.t(&format!("plan-type-{}", plan_type.as_str())),
            total: bars.iter().map(|b| b.count).sum(),
            bars,
        });
    }
    charts
}
