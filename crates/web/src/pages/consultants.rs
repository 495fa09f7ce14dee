//! The consultant firms of a province and their capacity (issue 16): each firm's capability
//! certificate, its plans in hand by stage, its leads' load against the province's limit
//! (over the limit flagged), the share overdue and the median days per stage against the
//! province's — what the meeting asks ("can these firms deliver the plans?"); and a firm's
//! page: its people and certificates, its assignments and the warnings on them. Both read
//! through the same use cases as the API (`Planning::capacity`, `Planning::firm`), so a
//! consultant sees its own firm only.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use plantrack_domain::access::Role;
use plantrack_store::consultant::{Assignment, ExpiryWarning, FirmCapacity};

use super::{Ctx, PageError, render};
use crate::AppState;
use crate::format::{date, decimal, percent};

/// A stage's name in the reader's language, from the first template that has it.
pub(crate) fn stage_name(state: &AppState, ctx: &Ctx, key: &str) -> String {
    state
        .planning
        .templates()
        .iter()
        .find_map(|t| t.stage(key).map(|s| s.name.get(ctx.lang).to_owned()))
        .unwrap_or_else(|| key.to_owned())
}

/// A warning as a sentence: "the certificate … of … expires on … during the plan".
pub(crate) fn warning_text(ctx: &Ctx, w: &ExpiryWarning) -> String {
    ctx.lang.t_args(
        if w.expired {
            "consultant-warning-expired"
        } else {
            "consultant-warning-expiring"
        },
        &[
            ("number", w.certificate_number.clone().into()),
            ("holder", w.holder.clone().into()),
            ("expires_on", date(w.expires_on).into()),
        ],
    )
}

pub struct WarningRow {
    pub dossier_id: i64,
    /// Whether the reader opens the dossier (a commune reads its own only).
    pub link: bool,
    pub unit_code: String,
    pub text: String,
    /// `late` when expired, `soon` when it expires during the work.
    pub badge: &'static str,
}

/// The dossiers of `ids` the reader opens, asked once each.
async fn readable(
    ctx: &Ctx,
    state: &AppState,
    ids: impl Iterator<Item = i64>,
) -> std::collections::HashSet<i64> {
    let mut out = std::collections::HashSet::new();
    for id in ids.collect::<std::collections::BTreeSet<_>>() {
        if state.planning.reads_dossier(ctx.caller(), id).await {
            out.insert(id);
        }
    }
    out
}

/// Warning rows linked to the dossiers the reader opens.
pub(crate) async fn linked_warnings(
    ctx: &Ctx,
    state: &AppState,
    warnings: &[ExpiryWarning],
) -> Vec<WarningRow> {
    let open = readable(ctx, state, warnings.iter().map(|w| w.dossier_id)).await;
    let mut rows = warning_rows(ctx, warnings);
    for r in &mut rows {
        r.link = open.contains(&r.dossier_id);
    }
    rows
}

pub(crate) fn warning_rows(ctx: &Ctx, warnings: &[ExpiryWarning]) -> Vec<WarningRow> {
    warnings
        .iter()
        .map(|w| WarningRow {
            link: false,
            dossier_id: w.dossier_id,
            unit_code: w.unit_code.clone(),
            text: warning_text(ctx, w),
            badge: if w.expired { "late" } else { "soon" },
        })
        .collect()
}

/// Who works on a plan, as a line: "Chủ nhiệm đồ án: Nguyễn Văn An (from 25/07/2025)".
pub struct AssignmentRow {
    pub dossier_id: i64,
    /// Whether the reader opens the dossier.
    pub link: bool,
    pub unit_code: String,
    pub firm_id: i64,
    pub firm_name: String,
    pub role: String,
    pub who: String,
    pub since: String,
    pub ended: String,
}

pub(crate) fn assignment_row(ctx: &Ctx, a: &Assignment) -> AssignmentRow {
    let mut role = ctx.tk("consultant-role-", &a.role.replace('_', "-"));
    if let Some(d) = a.discipline {
        role = format!(
            "{role} ({})",
            ctx.tk("consultant-discipline-", &d.as_str().replace('_', "-"))
        );
    }
    AssignmentRow {
        link: false,
        dossier_id: a.dossier_id,
        unit_code: a.unit_code.clone(),
        firm_id: a.firm_id,
        firm_name: a.firm_name.clone(),
        role,
        who: a.person_name.clone().unwrap_or_else(|| a.firm_name.clone()),
        since: date(a.assigned_on),
        ended: a.ended_on.map(date).unwrap_or_default(),
    }
}

pub struct LeadRow {
    pub name: String,
    pub plans: u64,
    pub over_limit: bool,
}

pub struct MedianRow {
    pub stage: String,
    pub firm: String,
    pub province: String,
    /// The firm is slower than the province in this stage.
    pub slower: bool,
}

pub struct FirmRow {
    pub id: i64,
    pub name: String,
    pub certificate: String,
    pub expires_on: String,
    pub certificate_valid: bool,
    pub plans_in_hand: u64,
    pub by_stage: Vec<(String, u64)>,
    pub leads: Vec<LeadRow>,
    pub without_lead: u64,
    pub over_limit: bool,
    pub overdue: u64,
    pub overdue_share: String,
    pub medians: Vec<MedianRow>,
}

fn days(d: Option<f64>, ctx: &Ctx) -> String {
    d.map_or_else(|| "—".to_owned(), |d| decimal(d, ctx.lang))
}

fn firm_row(
    ctx: &Ctx,
    state: &AppState,
    f: &FirmCapacity,
    certificate: Option<&plantrack_store::consultant::Firm>,
) -> FirmRow {
    FirmRow {
        id: f.firm_id,
        name: f.name.clone(),
        certificate: certificate.map_or_else(String::new, |c| {
            format!("{} ({} {})", c.certificate.number, ctx.t("consultant-page-grade"), c.certificate.grade.as_str())
        }),
        expires_on: certificate.map_or_else(String::new, |c| date(c.certificate.expires_on)),
        certificate_valid: f.certificate_valid,
        plans_in_hand: f.plans_in_hand,
        by_stage: f
            .by_stage
            .iter()
            .map(|(k, n)| (stage_name(state, ctx, k), *n))
            .collect(),
        leads: f
            .leads
            .iter()
            .map(|l| LeadRow {
                name: l.name.clone(),
                plans: l.plans,
                over_limit: l.over_limit,
            })
            .collect(),
        without_lead: f.without_lead,
        over_limit: f.over_limit,
        overdue: f.overdue,
        overdue_share: if f.plans_in_hand == 0 {
            "—".into()
        } else {
            percent(f.overdue_share)
        },
        medians: f
            .stage_medians
            .iter()
            .map(|m| MedianRow {
                stage: stage_name(state, ctx, &m.stage),
                firm: days(m.firm_median_days, ctx),
                province: days(m.province_median_days, ctx),
                slower: matches!((m.firm_median_days, m.province_median_days), (Some(a), Some(b)) if a > b),
            })
            .collect(),
    }
}

#[derive(Template)]
#[template(path = "consultant_capacity.html")]
struct CapacityPage<'a> {
    c: &'a Ctx,
    province_code: String,
    province_name: String,
    as_of: String,
    limit: i64,
    plans_open: u64,
    plans_without_firm: u64,
    plans_in_hand: u64,
    leads: usize,
    /// Plans the leads carry at once at the limit.
    room: i64,
    firms_over_limit: u64,
    firms_without_certificate: usize,
    firms: Vec<FirmRow>,
    warnings: Vec<WarningRow>,
    /// Whether the reader has the province's forecast page (those with its dashboard).
    show_forecast: bool,
}

/// `/provinces/{code}/consultants`: the province's firms and their capacity, as of today.
pub async fn capacity_page(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> Result<Response, PageError> {
    ctx.principal()?;
    let planning = &state.planning;
    let report = planning
        .capacity(ctx.caller(), &code)
        .await
        .map_err(ctx.fail())?;
    let province = planning.unit(&code).await.map_err(ctx.fail())?;
    let certificates = planning
        .firms(ctx.caller(), Some(&code))
        .await
        .map_err(ctx.fail())?;
    let firms: Vec<FirmRow> = report
        .firms
        .iter()
        .map(|f| {
            let cert = certificates.iter().find(|c| c.id == f.firm_id);
            firm_row(&ctx, &state, f, cert)
        })
        .collect();
    let leads = firms.iter().map(|f| f.leads.len()).sum::<usize>();
    let page = CapacityPage {
        c: &ctx,
        province_name: province.unit.full_name.clone(),
        province_code: code,
        as_of: date(report.as_of),
        limit: report.max_plans_per_lead,
        plans_open: report.plans_open,
        plans_without_firm: report.plans_without_firm,
        plans_in_hand: report.firms.iter().map(|f| f.plans_in_hand).sum(),
        leads,
        room: i64::try_from(leads)
            .unwrap_or(i64::MAX)
            .saturating_mul(report.max_plans_per_lead),
        firms_over_limit: report.firms_over_limit,
        firms_without_certificate: firms.iter().filter(|f| !f.certificate_valid).count(),
        warnings: linked_warnings(&ctx, &state, &report.warnings).await,
        show_forecast: ctx.principal().is_ok_and(|p| {
            matches!(
                p.role,
                Role::Leadership | Role::Appraiser | Role::DepartmentOfficer | Role::Administrator
            )
        }),
        firms,
    };
    Ok(render(&page))
}

pub struct CertificateRow {
    pub field: String,
    pub number: String,
    pub grade: String,
    pub issuer: String,
    pub issued_on: String,
    pub expires_on: String,
    pub valid: bool,
}

pub struct PersonRow {
    pub name: String,
    pub experience_from: String,
    pub certificates: Vec<CertificateRow>,
}

#[derive(Template)]
#[template(path = "consultant_firm.html")]
struct FirmPage<'a> {
    c: &'a Ctx,
    firm: plantrack_store::consultant::Firm,
    grade: String,
    issued_on: String,
    expires_on: String,
    people: Vec<PersonRow>,
    assignments: Vec<AssignmentRow>,
    warnings: Vec<WarningRow>,
}

/// `/consultant-firms/{id}`: a firm, its people and certificates, its assignments and
/// warnings.
pub async fn firm_page(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    ctx.principal()?;
    let sheet = state
        .planning
        .firm(ctx.caller(), id)
        .await
        .map_err(ctx.fail())?;
    let today = state.planning.today();
    let people = sheet
        .people
        .iter()
        .map(|p| PersonRow {
            name: p.name.clone(),
            experience_from: date(p.experience_from),
            certificates: p
                .certificates
                .iter()
                .map(|c| CertificateRow {
                    field: ctx.tk(
                        "consultant-discipline-",
                        &c.discipline.as_str().replace('_', "-"),
                    ),
                    number: c.certificate.number.clone(),
                    grade: c.certificate.grade.as_str().to_owned(),
                    issuer: c.certificate.issuer.clone(),
                    issued_on: date(c.certificate.issued_on),
                    expires_on: date(c.certificate.expires_on),
                    valid: c.certificate.issued_on <= today && today <= c.certificate.expires_on,
                })
                .collect(),
        })
        .collect();
    let mut assignments: Vec<AssignmentRow> = sheet
        .assignments
        .iter()
        .map(|a| assignment_row(&ctx, a))
        .collect();
    // Running ones first, then the ended ones.
    assignments.sort_by_key(|a| !a.ended.is_empty());
    let open = readable(&ctx, &state, assignments.iter().map(|a| a.dossier_id)).await;
    for a in &mut assignments {
        a.link = open.contains(&a.dossier_id);
    }
    let page = FirmPage {
        c: &ctx,
        grade: sheet.firm.certificate.grade.as_str().to_owned(),
        issued_on: date(sheet.firm.certificate.issued_on),
        expires_on: date(sheet.firm.certificate.expires_on),
        warnings: linked_warnings(&ctx, &state, &sheet.warnings).await,
        firm: sheet.firm,
        people,
        assignments,
    };
    Ok(render(&page))
}

/// The dashboard's firms: those whose leads carry more plans than the province's limit.
pub struct DashboardFirms {
    pub province_code: String,
    pub limit: i64,
    pub over: Vec<(i64, String, u64)>,
    pub warnings: usize,
}

/// The firms over the limit for the dashboard; none for a reader who does not read firms.
pub(crate) async fn dashboard_firms(
    ctx: &Ctx,
    state: &AppState,
    code: &str,
) -> Result<Option<DashboardFirms>, PageError> {
    let report = match state.planning.capacity(ctx.caller(), code).await {
        Ok(r) => r,
        Err(plantrack_store::StoreError::Denied(_)) => return Ok(None),
        Err(e) => return Err(ctx.error(e)),
    };
    Ok(Some(DashboardFirms {
        province_code: code.to_owned(),
        limit: report.max_plans_per_lead,
        over: report
            .firms
            .iter()
            .filter(|f| f.over_limit)
            .map(|f| {
                let most = f.leads.iter().map(|l| l.plans).max().unwrap_or(0);
                (f.firm_id, f.name.clone(), most)
            })
            .collect(),
        warnings: report.warnings.len(),
    }))
}

/// Who works on a dossier's plan and the warnings on their certificates; nothing for a reader
/// who does not read them.
pub(crate) async fn dossier_team(
    ctx: &Ctx,
    state: &AppState,
    dossier: i64,
) -> Result<(Vec<AssignmentRow>, Vec<WarningRow>), PageError> {
    match state
        .planning
        .dossier_consultants(ctx.caller(), dossier)
        .await
    {
        Ok((team, warnings)) => Ok((
            team.iter().map(|a| assignment_row(ctx, a)).collect(),
            linked_warnings(ctx, state, &warnings).await,
        )),
        Err(plantrack_store::StoreError::Denied(_)) => Ok((Vec::new(), Vec::new())),
        Err(e) => Err(ctx.error(e)),
    }
}

/// The inbox's warnings: certificates expiring during running assignments in the reader's
/// province, as far as it reads them (a commune its own plans, a firm its own).
pub(crate) async fn inbox_warnings(
    ctx: &Ctx,
    state: &AppState,
) -> Result<Vec<WarningRow>, PageError> {
    let me = ctx.principal()?;
    match state
        .planning
        .consultant_warnings(ctx.caller(), &me.organisation.province_code)
        .await
    {
        Ok(w) => Ok(linked_warnings(ctx, state, &w).await),
        Err(plantrack_store::StoreError::Denied(_)) => Ok(Vec::new()),
        Err(e) => Err(ctx.error(e)),
    }
}
