//! The dossier page: where it stands, what is due and missing, what the reader may do now,
//! its documents and its whole history.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use chrono::NaiveDate;
use plantrack_domain::deadline::{DeadlineInfo, DeadlineStatus, assess};
use plantrack_domain::workflow::DossierState;
use plantrack_domain::workflow::dossier::AttachedDocument;
use plantrack_store::planning::{DossierReading, DossierSheet};

use super::blockers::{FollowUpSection, follow_up_panel};
use super::history::{EventLine, describe_events};
use super::landuse::{LanduseView, landuse_view};
use super::moves::{ActionForm, ChecklistItem, PageMoves};
use crate::AppState;
use crate::format;
use crate::pages::{Ctx, PageError, render};

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
    /// Whether a content checklist exists for the plan type here (the appraisal page's link).
    pub has_appraisal: bool,
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
    /// What holds it back and its commune's tasks (escaped HTML of its own template).
    pub follow_up_html: String,
    /// Its consultation rounds, for a reader who reads them.
    pub consultation_rounds: Vec<crate::pages::consultations::RoundRow>,
    /// Its firm, lead and discipline leads, and the warnings on their certificates.
    pub team: Vec<crate::pages::consultants::AssignmentRow>,
    pub team_warnings: Vec<crate::pages::consultants::WarningRow>,
    /// Its funding lines, contracts and payments; none for a reader who does not read money.
    pub money: Option<crate::pages::funding::DossierMoney>,
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
    let required = &moves.required_documents;
    let mut document_kinds: Vec<(String, String)> = required
        .iter()
        .map(|d| (d.kind.clone(), d.name.get(lang).to_owned()))
        .collect();
    for d in &template.documents {
        if !required.iter().any(|r| r.kind == d.key) {
            document_kinds.push((d.key.clone(), d.name.get(lang).to_owned()));
        }
    }
    let dossier_accepted = dossier.accepted_conflicts.clone();
    let history = {
        let mut h = describe_events(ctx, &template, &events);
        h.reverse();
        h
    };
    let panel = follow_up_panel(ctx, state, id).await?;
    let consultation_rounds = match state
        .planning
        .consultations(
            ctx.caller(),
            &plantrack_store::consultation::ConsultationQuery {
                unit: None,
                dossier: Some(id),
            },
        )
        .await
    {
        Ok(items) => {
            let today = state.planning.today();
            items
                .iter()
                .map(|r| crate::pages::consultations::round_row(ctx, r, today))
                .collect()
        }
        Err(plantrack_store::StoreError::Denied(_)) => Vec::new(),
        Err(e) => return Err(ctx.error(e)),
    };
    let (team, team_warnings) = crate::pages::consultants::dossier_team(ctx, state, id).await?;
    let money = crate::pages::funding::dossier_money(ctx, state, &place.unit_code, id).await?;
    let follow_up_html = FollowUpSection {
        c: ctx,
        p: &panel,
        forms: true,
        heading: "h2",
    }
    .html();
    Ok(DossierPage {
        c: ctx,
        follow_up_html,
        consultation_rounds,
        has_appraisal: plantrack_domain::appraisal::Checklist::effective_for(
            plantrack_domain::appraisal::Checklist::builtin(),
            &template.country,
            &place.province_code,
            plan.plan_type,
        )
        .is_some(),
        team,
        team_warnings,
        money,
        summary_name: plan.name.clone(),
        unit_code: place.unit_code.clone(),
        unit_name: unit.unit.full_name.clone(),
        template_name: template.name.get(lang).to_owned(),
        stage_name: stage_name_of(&dossier.stage),
        stage_basis: stage
            .map(|s| format::legal_text(&s.basis, lang))
            .unwrap_or_default(),
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
