//! The dossier list: filters, search, pages of 50.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use plantrack_domain::deadline::{DeadlineInfo, DeadlineStatus, assess};
use plantrack_domain::plan::PlanType;
use plantrack_store::planning::DossierQuery;
use plantrack_store::plans::DossierSummary;
use serde::Deserialize;

use crate::AppState;
use crate::error::ApiError;
use crate::format;
use crate::pages::{Ctx, PageError, render, urlencode};

#[derive(Deserialize, Default)]
pub struct ListQuery {
    stage: Option<String>,
    plan_type: Option<String>,
    unit: Option<String>,
    overdue: Option<String>,
    q: Option<String>,
    page: Option<i64>,
}

pub struct ListRow {
    pub summary: DossierSummary,
    pub type_name: String,
    pub stage_name: String,
    pub due: String,
    pub deadline: DeadlineInfo,
    pub late_text: String,
}

#[derive(Template)]
#[template(path = "dossiers.html")]
struct ListPage<'a> {
    c: &'a Ctx,
    rows: Vec<ListRow>,
    total: i64,
    page: i64,
    pages: i64,
    stage: String,
    plan_type: String,
    unit: String,
    q: String,
    overdue: bool,
    plan_types: Vec<(&'static str, String)>,
    stages: Vec<(String, String)>,
    query_without_page: String,
}

impl ListPage<'_> {
    fn count_text(&self) -> String {
        self.c
            .lang
            .t_args("list-count", &[("count", self.total.into())])
    }
}

const PAGE_SIZE: i64 = 50;

pub async fn list_page(
    ctx: Ctx,
    State(state): State<AppState>,
    Query(q): Query<ListQuery>,
) -> Result<Response, PageError> {
    let planning = &state.planning;
    let nonempty = |s: &Option<String>| {
        s.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    };
    let plan_type = match nonempty(&q.plan_type) {
        Some(t) => Some(PlanType::parse(&t).ok_or_else(|| {
            ctx.error(ApiError::bad_request("plan_type", ctx.t("invalid-choice")))
        })?),
        None => None,
    };
    let unit = nonempty(&q.unit);
    let overdue = q
        .overdue
        .as_deref()
        .is_some_and(|v| v == "1" || v == "on" || v == "true");
    let page = q.page.unwrap_or(1).max(1);
    let query = DossierQuery {
        province: None,
        unit: unit.clone(),
        plan_type,
        stage: nonempty(&q.stage),
        overdue,
        search: nonempty(&q.q),
        limit: PAGE_SIZE,
        offset: (page - 1) * PAGE_SIZE,
    };
    let (items, total) = planning
        .dossiers(ctx.caller(), query)
        .await
        .map_err(ctx.fail())?;
    let today = planning.today();
    let lang = ctx.lang;
    // Only the stages (and plan types) of the templates the reader's dossiers follow.
    let in_use = planning
        .templates_in_use(ctx.caller())
        .await
        .map_err(ctx.fail())?;
    let mut stages: Vec<(String, String)> = Vec::new();
    for t in &in_use {
        for s in &t.stages {
            if !stages.iter().any(|(k, _)| *k == s.key) {
                stages.push((s.key.clone(), s.name.get(lang).to_owned()));
            }
        }
    }
    let rows = items
        .into_iter()
        .map(|s| {
            let stage_name = planning
                .template(&s.template, Some(s.template_version))
                .ok()
                .and_then(|t| t.stage(&s.stage).map(|st| st.name.get(lang).to_owned()))
                .unwrap_or_else(|| s.stage.clone());
            let due = plantrack_domain::workflow::effective_due_on(s.status, s.due_on);
            let deadline = assess(due, today, planning.due_soon_days);
            let late_text = match deadline.status {
                DeadlineStatus::Overdue => ctx
                    .lang
                    .t_args("days-late", &[("days", deadline.days_late.into())]),
                DeadlineStatus::DueSoon | DeadlineStatus::OnTime => ctx
                    .lang
                    .t_args("days-left", &[("days", deadline.days_left.into())]),
                DeadlineStatus::NoDeadline => ctx.t(&format!("status-{}", s.status.as_str())),
            };
            ListRow {
                type_name: ctx.t(&format!("plan-type-{}", s.plan.plan_type.as_str())),
                due: s.due_on.map(format::date).unwrap_or_default(),
                stage_name,
                deadline,
                late_text,
                summary: s,
            }
        })
        .collect();
    let mut query = Vec::new();
    for (k, v) in [
        ("stage", nonempty(&q.stage)),
        ("plan_type", nonempty(&q.plan_type)),
        ("unit", unit.clone()),
        ("q", nonempty(&q.q)),
        ("overdue", overdue.then(|| "1".to_owned())),
    ] {
        if let Some(v) = v {
            query.push(format!("{k}={}", urlencode(&v)));
        }
    }
    let page_view = ListPage {
        c: &ctx,
        rows,
        total,
        page,
        pages: ((total + PAGE_SIZE - 1) / PAGE_SIZE).max(1),
        stage: nonempty(&q.stage).unwrap_or_default(),
        plan_type: nonempty(&q.plan_type).unwrap_or_default(),
        unit: unit.unwrap_or_default(),
        q: nonempty(&q.q).unwrap_or_default(),
        overdue,
        // The plan types of the templates in use, and the one asked for in any case.
        plan_types: PlanType::ALL
            .iter()
            .filter(|t| Some(**t) == plan_type || in_use.iter().any(|u| u.plan_types.contains(t)))
            .map(|t| (t.as_str(), ctx.t(&format!("plan-type-{}", t.as_str()))))
            .collect(),
        stages,
        query_without_page: query.join("&"),
    };
    Ok(render(&page_view))
}
