//! The dossier list (filters and search) and the dossier page: where it stands, what is due,
//! what is missing, what the reader may do now, its documents and its whole history. The
//! forms post here; each runs one command through [`plantrack_store::Planning::execute`],
//! exactly as the API does, as the signed-in account.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use plantrack_domain::deadline::{DeadlineInfo, DeadlineStatus, assess};
use plantrack_domain::plan::PlanType;
use plantrack_domain::workflow::dossier::AttachedDocument;
use plantrack_domain::workflow::{
    CommandKind, DossierEvent, DossierState, EventKind, Template as Workflow,
};
use plantrack_gis::check::Conflict;
use plantrack_gis::check::rules::Verdict;
use plantrack_store::planning::{DossierQuery, DossierReading, DossierSheet, Order};
use plantrack_store::plans::DossierSummary;
use serde::Deserialize;

use super::{Ctx, PageError, render, see_other, urlencode};
use crate::AppState;
use crate::error::ApiError;
use crate::format;
use crate::i18n::Lang;

/// One line of a history, in the reader's words.
pub struct EventLine {
    pub seq: u64,
    pub date: String,
    pub recorded: String,
    pub who: String,
    pub what: String,
    pub reason: String,
}

/// Describes each event for people: "Chuyển sang: Lập nhiệm vụ", "Đính kèm: Hợp đồng tư vấn".
pub fn describe_events(ctx: &Ctx, template: &Workflow, events: &[DossierEvent]) -> Vec<EventLine> {
    let lang = ctx.lang;
    let stage = |key: &str| {
        template
            .stage(key)
            .map_or_else(|| key.to_owned(), |s| s.name.get(lang).to_owned())
    };
    let doc = |key: &str| {
        template
            .documents
            .iter()
            .find(|d| d.key == key)
            .map_or_else(|| key.to_owned(), |d| d.name.get(lang).to_owned())
    };
    events
        .iter()
        .map(|e| {
            let what = match &e.kind {
                EventKind::Opened { stage: s, .. } => {
                    format!("{}: {}", ctx.t("event-opened"), stage(s))
                }
                EventKind::Transitioned { from, to, .. } => {
                    format!(
                        "{}: {} → {}",
                        ctx.t("event-transitioned"),
                        stage(from),
                        stage(to)
                    )
                }
                EventKind::PutOnHold => ctx.t("event-put-on-hold"),
                EventKind::Resumed { .. } => ctx.t("event-resumed"),
                EventKind::DocumentAttached { kind, title, .. } => {
                    format!(
                        "{}: {} — {}",
                        ctx.t("event-document-attached"),
                        doc(kind),
                        title
                    )
                }
                EventKind::DeadlineExtended {
                    new_due_on,
                    approver,
                    ..
                } => format!(
                    "{}: {} ({})",
                    ctx.t("event-deadline-extended"),
                    format::date(*new_due_on),
                    approver
                ),
                EventKind::BodyChanged { name, .. } => {
                    format!("{}: {}", ctx.t("event-body-changed"), name)
                }
                EventKind::ConsultantChanged { name } => {
                    format!("{}: {}", ctx.t("event-consultant-changed"), name)
                }
                EventKind::ConflictAccepted {
                    zone,
                    constraint,
                    layer,
                    accepted_by,
                } => format!(
                    "{}: {zone} × {constraint} ({layer}) — {accepted_by}",
                    ctx.t("event-conflict-accepted")
                ),
                EventKind::FundingAllocated {
                    decision_number,
                    amount_vnd,
                    decision_date,
                } => format!(
                    "{}: {} — {} {} {}",
                    ctx.t("event-funding"),
                    format::vnd(*amount_vnd, ctx.lang),
                    decision_number,
                    ctx.t("dated"),
                    format::date(*decision_date)
                ),
            };
            EventLine {
                seq: e.seq,
                date: format::date(e.occurred_on),
                recorded: format::timestamp(e.recorded_at),
                who: format!("{}, {}", e.actor, role_name(template, &e.role, lang)),
                what,
                reason: e.reason.clone(),
            }
        })
        .collect()
}

/// A workflow role's name as the template gives it.
pub fn role_name(template: &Workflow, role: &str, lang: Lang) -> String {
    template
        .roles
        .iter()
        .find(|r| r.key == role)
        .map_or_else(|| role.to_owned(), |r| r.name.get(lang).to_owned())
}

// ---------------------------------------------------------------------------------------------
// The list

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
    let mut stages: Vec<(String, String)> = Vec::new();
    for t in planning.templates() {
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
        plan_types: PlanType::ALL
            .iter()
            .map(|t| (t.as_str(), ctx.t(&format!("plan-type-{}", t.as_str()))))
            .collect(),
        stages,
        query_without_page: query.join("&"),
    };
    Ok(render(&page_view))
}

// ---------------------------------------------------------------------------------------------
// The dossier page

use super::dossier_moves::PageMoves;
pub use super::dossier_moves::{ActionForm, ChecklistItem};

/// One conflict of the latest land-use check, as the page shows it.
pub struct ConflictRow {
    /// "accepted by X on D: reason", when someone accepted it.
    pub accepted: Option<String>,
    pub zone: String,
    pub zone_category: String,
    pub constraint: String,
    pub layer: String,
    pub forbidden: bool,
    pub area: String,
    pub department: String,
    pub location: String,
}

/// The latest check of the dossier's land-use map.
pub struct LanduseView {
    pub checked_at: String,
    pub zones: i64,
    pub layers: String,
    pub forbidden: usize,
    pub consult: usize,
    pub conflicts: Vec<ConflictRow>,
    pub geometry_issues: usize,
    pub service_issues: usize,
    /// Layers of the province the check could not use (no published version), with owners.
    pub not_checked: String,
    /// The checked map's download address, which the map draws.
    pub map_url: String,
    /// The conflicts as the map's markers (JSON: zone, constraint, verdict, label, lon, lat).
    pub markers: String,
}

fn landuse_view(
    ctx: &Ctx,
    check: &plantrack_store::layers::LanduseCheck,
    accepted: &[plantrack_domain::workflow::dossier::AcceptedConflict],
) -> LanduseView {
    let r = &check.report.check;
    let found = &r.conflicts;
    let forbidden = |c: &Conflict| c.verdict == Verdict::Forbidden;
    let markers: Vec<serde_json::Value> = found
        .conflicts
        .iter()
        .map(|c| {
            serde_json::json!({
                "zone": c.zone, "constraint": c.constraint, "verdict": c.verdict,
                "label": ctx.t(if forbidden(c) { "landuse-forbidden" } else { "landuse-consult" }),
                "lon": c.location[0], "lat": c.location[1],
            })
        })
        .collect();
    let conflicts = found
        .conflicts
        .iter()
        .map(|c| ConflictRow {
            accepted: accepted
                .iter()
                .rev()
                .find(|a| a.zone == c.zone && a.constraint == c.constraint && a.layer == c.layer)
                .map(|a| {
                    format!(
                        "{} {} ({}): {}",
                        ctx.t("landuse-accepted-by"),
                        a.accepted_by,
                        format::date(a.accepted_on),
                        a.reason
                    )
                }),
            zone: c.zone.clone(),
            zone_category: c.zone_category.clone(),
            constraint: c.constraint.clone(),
            layer: c.layer.clone(),
            forbidden: forbidden(c),
            area: format::number(c.area_m2.round() as i64, ctx.lang),
            department: c.department.clone(),
            location: format!("{:.5}, {:.5}", c.location[0], c.location[1]),
        })
        .collect();
    LanduseView {
        checked_at: chrono::DateTime::parse_from_rfc3339(&check.checked_at).map_or_else(
            |_| check.checked_at.clone(),
            |t| format::timestamp(t.with_timezone(&chrono::Utc)),
        ),
        zones: check.zones,
        layers: if check.layers.is_empty() {
            ctx.t("landuse-no-layers")
        } else {
            check
                .layers
                .iter()
                .map(|l| format!("{} v{}", l.key, l.version))
                .collect::<Vec<_>>()
                .join(", ")
        },
        forbidden: found.forbidden,
        consult: found.consult,
        conflicts,
        geometry_issues: r.geometry.len(),
        service_issues: r.services.len(),
        not_checked: check
            .report
            .not_checked
            .iter()
            .map(|l| format!("{} ({})", l.layer, l.owner))
            .collect::<Vec<_>>()
            .join(", "),
        map_url: format!("/dossiers/{}/documents/{}", check.dossier_id, check.sha256),
        markers: serde_json::Value::from(markers).to_string(),
    }
}

pub struct DocumentRow {
    pub doc: AttachedDocument,
    pub kind_name: String,
    pub stage_name: String,
    pub version: usize,
    pub size: String,
}

#[derive(Template)]
#[template(path = "dossier.html")]
pub struct DossierPage<'a> {
    pub c: &'a Ctx,
    pub state: DossierState,
    pub summary_name: String,
    pub unit_code: String,
    pub unit_name: String,
    pub template_name: String,
    pub stage_name: String,
    pub stage_basis: String,
    pub deadline: DeadlineInfo,
    pub deadline_text: String,
    pub checklist: Vec<ChecklistItem>,
    pub actions: Vec<ActionForm>,
    pub can_hold: bool,
    pub can_resume: bool,
    pub can_extend: bool,
    pub can_attach: bool,
    pub document_kinds: Vec<(String, String)>,
    pub documents: Vec<DocumentRow>,
    pub history: Vec<EventLine>,
    pub funding_total: String,
    pub error: Option<String>,
    pub max_upload: String,
    pub landuse: Option<LanduseView>,
    pub can_accept: bool,
}

impl DossierPage<'_> {
    // Askama passes a template's call arguments by reference.
    #[allow(clippy::trivially_copy_pass_by_ref)]
    fn date(d: &NaiveDate) -> String {
        format::date(*d)
    }
}

pub async fn dossier_page(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let page = build_page(&ctx, &state, id, None).await?;
    Ok(render(&page))
}

pub async fn build_page<'a>(
    ctx: &'a Ctx,
    state: &AppState,
    id: i64,
    error: Option<String>,
) -> Result<DossierPage<'a>, PageError> {
    let planning = &state.planning;
    let DossierSheet {
        reading,
        events,
        plan,
        unit,
        landuse_checks,
    } = planning
        .dossier_sheet(ctx.caller(), id)
        .await
        .map_err(ctx.fail())?;
    let DossierReading {
        state: dossier,
        place,
        template,
        moves,
        ..
    } = reading;
    let lang = ctx.lang;
    let stage = template.stage(&dossier.stage);
    let doc_name = |key: &str| {
        template
            .documents
            .iter()
            .find(|d| d.key == key)
            .map_or_else(|| key.to_owned(), |d| d.name.get(lang).to_owned())
    };
    let stage_name_of = |key: &str| {
        template
            .stage(key)
            .map_or_else(|| key.to_owned(), |s| s.name.get(lang).to_owned())
    };
    let deadline = assess(
        dossier.effective_due_on(),
        planning.today(),
        planning.due_soon_days,
    );
    let deadline_text = match deadline.status {
        DeadlineStatus::Overdue => ctx
            .lang
            .t_args("days-late", &[("days", deadline.days_late.into())]),
        DeadlineStatus::DueSoon | DeadlineStatus::OnTime => ctx
            .lang
            .t_args("days-left", &[("days", deadline.days_left.into())]),
        DeadlineStatus::NoDeadline => ctx.t(&format!("status-{}", dossier.status.as_str())),
    };
    let required = stage
        .map(|s| s.required_documents.clone())
        .unwrap_or_default();
    let offered = PageMoves::of(&moves, ctx.lang);
    // Versions: the n-th file of a kind in a stage is its version n.
    let mut documents: Vec<DocumentRow> = Vec::new();
    for d in &dossier.documents {
        let version = documents
            .iter()
            .filter(|r| r.doc.kind == d.kind && r.doc.stage == d.stage)
            .count()
            + 1;
        documents.push(DocumentRow {
            kind_name: doc_name(&d.kind),
            stage_name: stage_name_of(&d.stage),
            version,
            size: d
                .file
                .as_ref()
                .map(|f| format::file_size(f.size, ctx.lang))
                .unwrap_or_default(),
            doc: d.clone(),
        });
    }
    documents.reverse();
    // The stage's own documents first in the upload form's choice.
    let mut document_kinds: Vec<(String, String)> =
        required.iter().map(|k| (k.clone(), doc_name(k))).collect();
    for d in &template.documents {
        if !required.contains(&d.key) {
            document_kinds.push((d.key.clone(), d.name.get(lang).to_owned()));
        }
    }
    let dossier_accepted = dossier.accepted_conflicts.clone();
    let history = {
        let mut h = describe_events(ctx, &template, &events);
        h.reverse();
        h
    };
    Ok(DossierPage {
        c: ctx,
        summary_name: plan.name.clone(),
        unit_code: place.unit_code.clone(),
        unit_name: unit.unit.full_name.clone(),
        template_name: template.name.get(lang).to_owned(),
        stage_name: stage_name_of(&dossier.stage),
        stage_basis: stage.map(|s| s.basis.clone()).unwrap_or_default(),
        deadline,
        deadline_text,
        checklist: offered.checklist,
        actions: offered.actions,
        can_hold: offered.can_hold,
        can_resume: offered.can_resume,
        can_extend: offered.can_extend,
        can_attach: offered.can_attach,
        document_kinds,
        documents,
        history,
        funding_total: format::vnd(dossier.funding_total_vnd(), ctx.lang),
        error,
        can_accept: offered.can_accept,
        max_upload: format::file_size(state.documents.max_size, ctx.lang),
        landuse: landuse_checks
            .first()
            .map(|c| landuse_view(ctx, c, &dossier_accepted)),
        state: dossier,
    })
}

#[derive(Deserialize)]
pub struct AcceptForm {
    version: u64,
    reason: String,
    zone: String,
    constraint: String,
    layer: String,
    accepted_by: String,
}

/// Accepts a conflict of the land-use check, with who and why (kept in the history).
pub async fn accept_conflict(
    ctx: Ctx,
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(form): Form<AcceptForm>,
) -> Result<Response, PageError> {
    run_command(
        &ctx,
        &state,
        &headers,
        id,
        form.version,
        form.reason,
        CommandKind::AcceptConflict {
            zone: form.zone,
            constraint: form.constraint,
            layer: form.layer,
            accepted_by: form.accepted_by,
        },
    )
    .await
}

#[derive(Deserialize)]
pub struct CommandForm {
    version: u64,
    reason: String,
    action: Option<String>,
    new_due_on: Option<String>,
    approver: Option<String>,
}

/// Runs one command from a form as the signed-in account; on refusal, shows the dossier page
/// again with the reason (and the status the API would give).
pub async fn run_command(
    ctx: &Ctx,
    state: &AppState,
    headers: &HeaderMap,
    id: i64,
    version: u64,
    reason: String,
    kind: CommandKind,
) -> Result<Response, PageError> {
    ctx.principal()?;
    // One who may not act gets the refusal page, not the dossier with a message.
    state
        .planning
        .may_act(ctx.caller(), id)
        .await
        .map_err(ctx.fail())?;
    let order = Order {
        expected_version: Some(version),
        actor: None,
        reason,
        effective_on: None,
        kind,
    };
    match state.planning.execute(ctx.caller(), id, order).await {
        Ok(_) => Ok(see_other(headers, &format!("/dossiers/{id}"))),
        Err(e) => {
            let (status, problem) = ApiError::from(e).in_lang(ctx.lang).to_problem();
            let message = if problem.detail.is_empty() {
                problem.title
            } else {
                format!("{}: {}", problem.title, problem.detail)
            };
            let page = build_page(ctx, state, id, Some(message)).await?;
            Ok((status, render(&page)).into_response())
        }
    }
}

pub async fn transition(
    ctx: Ctx,
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(form): Form<CommandForm>,
) -> Result<Response, PageError> {
    let action = form.action.unwrap_or_default();
    run_command(
        &ctx,
        &state,
        &headers,
        id,
        form.version,
        form.reason,
        CommandKind::Transition { action },
    )
    .await
}

pub async fn hold(
    ctx: Ctx,
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(form): Form<CommandForm>,
) -> Result<Response, PageError> {
    run_command(
        &ctx,
        &state,
        &headers,
        id,
        form.version,
        form.reason,
        CommandKind::Hold,
    )
    .await
}

pub async fn resume(
    ctx: Ctx,
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(form): Form<CommandForm>,
) -> Result<Response, PageError> {
    run_command(
        &ctx,
        &state,
        &headers,
        id,
        form.version,
        form.reason,
        CommandKind::Resume,
    )
    .await
}

pub async fn extend(
    ctx: Ctx,
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(form): Form<CommandForm>,
) -> Result<Response, PageError> {
    let new_due_on = form
        .new_due_on
        .as_deref()
        .and_then(format::parse_date)
        .ok_or_else(|| ctx.error(ApiError::bad_request("new_due_on", ctx.t("invalid-date"))))?;
    let approver = form.approver.unwrap_or_default();
    run_command(
        &ctx,
        &state,
        &headers,
        id,
        form.version,
        form.reason,
        CommandKind::ExtendDeadline {
            new_due_on,
            approver,
        },
    )
    .await
}
