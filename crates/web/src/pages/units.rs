//! A unit's page: its plans, each with the timeline of its stages, its documents and its
//! history, and the units it was merged from.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use plantrack_domain::unit::FormerUnit;
use plantrack_domain::workflow::DossierState;
use plantrack_domain::workflow::dossier::AttachedDocument;
use plantrack_domain::workflow::timeline::{Timeline, timeline};
use plantrack_store::planning::UnitPlan;
use plantrack_store::plans::DossierSummary;

use super::dossiers::{EventLine, FollowUpSection, describe_events, follow_up_panel};
use super::{Ctx, PageError, render};
use crate::AppState;
use crate::format;

pub struct TimelineRow {
    pub number: usize,
    pub name: String,
    pub entered: String,
    pub due: String,
    pub left: String,
    /// `done`, `current`, `late`, or `ahead`.
    pub state: &'static str,
    pub note: String,
}

pub struct PlanBlock {
    pub summary: DossierSummary,
    pub state: DossierState,
    pub stage_name: String,
    pub timeline: Vec<TimelineRow>,
    pub documents: Vec<AttachedDocument>,
    pub history: Vec<EventLine>,
    /// What holds it back and its commune's tasks (escaped HTML of its own template).
    pub follow_up_html: String,
}

#[derive(Template)]
#[template(path = "unit.html")]
struct UnitPage<'a> {
    c: &'a Ctx,
    name: String,
    code: String,
    kind: String,
    area: String,
    lineage: Vec<FormerUnit>,
    plans: Vec<PlanBlock>,
}

impl UnitPage<'_> {
    // Askama passes a template's call arguments by reference.
    #[allow(clippy::trivially_copy_pass_by_ref)]
    fn date(d: &chrono::NaiveDate) -> String {
        format::date(*d)
    }
    fn plan_type_name(&self, s: &DossierSummary) -> String {
        self.c
            .t(&format!("plan-type-{}", s.plan.plan_type.as_str()))
    }
}

pub async fn unit_page(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> Result<Response, PageError> {
    let planning = &state.planning;
    ctx.principal()?;
    let (unit, unit_plans) = planning
        .unit_plans(ctx.caller(), &code)
        .await
        .map_err(ctx.fail())?;
    let mut plans = Vec::new();
    for UnitPlan {
        summary,
        state: dossier,
        events,
        template,
    } in unit_plans
    {
        let stage_name = template.stage(&dossier.stage).map_or_else(
            || dossier.stage.clone(),
            |s| s.name.get(ctx.lang).to_owned(),
        );
        let rows = timeline_rows(
            &ctx,
            &template,
            &timeline(&template, &events),
            planning.today(),
        );
        let history = describe_events(&ctx, &template, &events);
        let panel = follow_up_panel(&ctx, &state, summary.dossier_id).await?;
        let follow_up_html = FollowUpSection {
            c: &ctx,
            p: &panel,
            forms: false,
            heading: "h4",
        }
        .html();
        plans.push(PlanBlock {
            follow_up_html,
            documents: dossier.documents.clone(),
            summary,
            state: dossier,
            stage_name,
            timeline: rows,
            history,
        });
    }
    let kind = ctx.t(&format!("unit-kind-{}", unit.unit.kind.as_str()));
    let page = UnitPage {
        c: &ctx,
        name: unit.unit.full_name.clone(),
        code,
        kind,
        area: unit
            .unit
            .area_km2
            .map(|a| {
                let text = format!("{a:.2}");
                match ctx.lang {
                    crate::i18n::Lang::En => format!("{text} km²"),
                    _ => format!("{} km²", text.replace('.', ",")),
                }
            })
            .unwrap_or_default(),
        lineage: unit.unit.lineage.clone(),
        plans,
    };
    Ok(render(&page))
}

fn timeline_rows(
    ctx: &Ctx,
    template: &plantrack_domain::workflow::Template,
    line: &Timeline,
    today: chrono::NaiveDate,
) -> Vec<TimelineRow> {
    let name = |key: &str| {
        template
            .stage(key)
            .map_or_else(|| key.to_owned(), |s| s.name.get(ctx.lang).to_owned())
    };
    let fmt = |d: Option<chrono::NaiveDate>| d.map(format::date).unwrap_or_default();
    let mut rows: Vec<TimelineRow> = line
        .visits
        .iter()
        .map(|v| {
            let (state, note) = match (v.left_on, v.due_on) {
                (Some(_), _) if v.days_late() > 0 => (
                    "late",
                    ctx.lang
                        .t_args("days-late", &[("days", v.days_late().into())]),
                ),
                (Some(_), _) => ("done", ctx.t("timeline-on-time")),
                (None, Some(due)) if due < today => (
                    "late",
                    ctx.lang
                        .t_args("days-late", &[("days", (today - due).num_days().into())]),
                ),
                (None, _) => ("current", ctx.t("timeline-current")),
            };
            TimelineRow {
                number: v.order.saturating_add(1),
                name: name(&v.stage),
                entered: fmt(Some(v.entered_on)),
                due: fmt(v.due_on),
                left: fmt(v.left_on),
                state,
                note,
            }
        })
        .collect();
    rows.extend(line.ahead.iter().map(|(i, key)| TimelineRow {
        number: i + 1,
        name: name(key),
        entered: String::new(),
        due: String::new(),
        left: String::new(),
        state: "ahead",
        note: String::new(),
    }));
    rows
}
