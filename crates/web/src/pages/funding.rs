//! The money (issue 16): a province's funding — each allocation decision with what its lines
//! allocate, what is contracted and paid, the same per commune, and the communes whose stage
//! needs a consultant contract they have not signed — and a decision's page: its lines with
//! their status (per unit, plan and purpose) and its contracts with their payments. Amounts
//! read as Vietnamese write them (1.234.567.000 đ). Both read through the use cases the API
//! uses (`Planning::funding_summary`, `Planning::funding_decision`): whoever the API refuses
//! sees no figure here either, and a commune or a firm sees its own money only.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use plantrack_domain::funding::Totals;
use plantrack_store::funding::{Contract, FundingLine};

use super::{Ctx, PageError, render};
use crate::AppState;
use crate::format::{date, vnd};

/// Allocated, contracted and paid, as the page writes them.
pub struct MoneyRow {
    pub allocated: String,
    pub contracted: String,
    pub paid: String,
    pub allocated_vnd: i64,
    pub contracted_vnd: i64,
    pub paid_vnd: i64,
}

pub(crate) fn money(ctx: &Ctx, t: Totals) -> MoneyRow {
    MoneyRow {
        allocated: vnd(t.allocated_vnd, ctx.lang),
        contracted: vnd(t.contracted_vnd, ctx.lang),
        paid: vnd(t.paid_vnd, ctx.lang),
        allocated_vnd: t.allocated_vnd,
        contracted_vnd: t.contracted_vnd,
        paid_vnd: t.paid_vnd,
    }
}

pub struct DecisionRow {
    pub id: i64,
    pub number: String,
    pub issued_on: String,
    pub total: String,
    pub money: MoneyRow,
}

pub struct UnitRow {
    pub code: String,
    pub name: String,
    pub money: MoneyRow,
}

pub struct MissingRow {
    pub dossier_id: i64,
    pub unit_name: String,
    pub plan_type: String,
    pub stage: String,
}

#[derive(Template)]
#[template(path = "funding.html")]
struct FundingPage<'a> {
    c: &'a Ctx,
    province_name: String,
    totals: MoneyRow,
    decisions: Vec<DecisionRow>,
    units: Vec<UnitRow>,
    missing: Vec<MissingRow>,
}

/// `/provinces/{code}/funding`: the province's money as far as the reader reads it.
pub async fn funding_page(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> Result<Response, PageError> {
    ctx.principal()?;
    let planning = &state.planning;
    let summary = planning
        .funding_summary(ctx.caller(), Some(&code))
        .await
        .map_err(ctx.fail())?;
    let province = planning.unit(&code).await.map_err(ctx.fail())?;
    let page = FundingPage {
        c: &ctx,
        province_name: province.unit.full_name.clone(),
        totals: money(&ctx, summary.totals),
        decisions: summary
            .decisions
            .iter()
            .map(|d| DecisionRow {
                id: d.id,
                number: d.number.clone(),
                issued_on: date(d.issued_on),
                total: vnd(d.total_vnd, ctx.lang),
                money: money(
                    &ctx,
                    Totals {
                        allocated_vnd: d.allocated_vnd,
                        contracted_vnd: d.contracted_vnd,
                        paid_vnd: d.paid_vnd,
                    },
                ),
            })
            .collect(),
        units: summary
            .units
            .iter()
            .map(|u| UnitRow {
                code: u.unit_code.clone(),
                name: u.unit_name.clone(),
                money: money(&ctx, u.totals),
            })
            .collect(),
        missing: missing_rows(&ctx, &state, &summary.missing_contracts),
    };
    Ok(render(&page))
}

pub(crate) fn missing_rows(
    ctx: &Ctx,
    state: &AppState,
    missing: &[plantrack_store::funding::MissingContract],
) -> Vec<MissingRow> {
    missing
        .iter()
        .map(|m| MissingRow {
            dossier_id: m.dossier_id,
            unit_name: m.unit_name.clone(),
            plan_type: ctx.tk("plan-type-", &m.plan_type),
            stage: super::consultants::stage_name(state, ctx, &m.stage),
        })
        .collect()
}

pub struct LineRow {
    pub id: i64,
    pub decision_id: i64,
    pub decision_number: String,
    pub unit_code: String,
    pub unit_name: String,
    pub dossier_id: Option<i64>,
    pub purpose: String,
    pub note: String,
    pub amount: String,
    pub contracted: String,
    pub paid: String,
    pub status: String,
    pub status_key: &'static str,
    pub badge: &'static str,
}

pub(crate) fn line_row(ctx: &Ctx, l: &FundingLine) -> LineRow {
    use plantrack_store::funding::LineStatus;
    LineRow {
        id: l.id,
        decision_id: l.decision_id,
        decision_number: l.decision_number.clone(),
        unit_code: l.unit_code.clone(),
        unit_name: l.unit_name.clone(),
        dossier_id: l.dossier_id,
        purpose: ctx.tk("funding-purpose-", &l.purpose.as_str().replace('_', "-")),
        note: l.note.clone(),
        amount: vnd(l.amount_vnd, ctx.lang),
        contracted: vnd(l.contracted_vnd, ctx.lang),
        paid: vnd(l.paid_vnd, ctx.lang),
        status: ctx.tk("funding-line-", &l.status.as_str().replace('_', "-")),
        status_key: l.status.as_str(),
        badge: match l.status {
            LineStatus::NoContract => "late",
            LineStatus::Contracted => "soon",
            LineStatus::Paid => "ok",
        },
    }
}

pub struct PaymentRow {
    pub paid_on: String,
    pub amount: String,
    pub kind: String,
    pub document: String,
}

pub struct ContractRow {
    pub id: i64,
    pub number: String,
    pub unit_code: String,
    pub dossier_id: Option<i64>,
    pub consultant_name: String,
    pub value: String,
    pub signed_on: String,
    pub status: String,
    pub cancelled: bool,
    pub paid: String,
    pub paid_vnd: i64,
    pub payments: Vec<PaymentRow>,
}

pub(crate) fn contract_row(ctx: &Ctx, c: &Contract) -> ContractRow {
    use plantrack_domain::funding::ContractStatus;
    ContractRow {
        id: c.id,
        number: c.number.clone(),
        unit_code: c.unit_code.clone(),
        dossier_id: c.dossier_id,
        consultant_name: c.consultant_name.clone(),
        value: vnd(c.value_vnd, ctx.lang),
        signed_on: date(c.signed_on),
        status: ctx.tk("funding-contract-", c.status.as_str()),
        cancelled: c.status == ContractStatus::Cancelled,
        paid: vnd(c.paid_vnd, ctx.lang),
        paid_vnd: c.paid_vnd,
        payments: c
            .payments
            .iter()
            .map(|p| PaymentRow {
                paid_on: date(p.paid_on),
                amount: vnd(p.amount_vnd, ctx.lang),
                kind: ctx.tk("funding-payment-", p.kind.as_str()),
                document: p.document.clone(),
            })
            .collect(),
    }
}

#[derive(Template)]
#[template(path = "funding_decision.html")]
struct DecisionPage<'a> {
    c: &'a Ctx,
    id: i64,
    province_code: String,
    number: String,
    issued_on: String,
    issuer: String,
    document: String,
    total: String,
    money: MoneyRow,
    lines: Vec<LineRow>,
    contracts: Vec<ContractRow>,
}

/// `/funding/decisions/{id}`: a decision, its lines and their status, its contracts.
pub async fn decision_page(
    ctx: Ctx,
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    ctx.principal()?;
    let sheet = state
        .planning
        .funding_decision(ctx.caller(), id)
        .await
        .map_err(ctx.fail())?;
    let d = &sheet.decision;
    let page = DecisionPage {
        c: &ctx,
        id: d.id,
        province_code: d.province_code.clone(),
        number: d.number.clone(),
        issued_on: date(d.issued_on),
        issuer: d.issuer.clone(),
        document: d.document.clone(),
        total: vnd(d.total_vnd, ctx.lang),
        money: money(&ctx, d.totals),
        lines: sheet.lines.iter().map(|l| line_row(&ctx, l)).collect(),
        contracts: sheet
            .contracts
            .iter()
            .map(|c| contract_row(&ctx, c))
            .collect(),
    };
    Ok(render(&page))
}

/// The dashboard's money: allocated, contracted and paid per decision, and the communes whose
/// stage needs a contract they have not signed (today's figures).
pub struct DashboardMoney {
    pub province_code: String,
    pub totals: MoneyRow,
    pub decisions: Vec<DecisionRow>,
    pub missing: Vec<MissingRow>,
}

/// The province's money for the dashboard; none for a reader the API would refuse.
pub(crate) async fn dashboard_money(
    ctx: &Ctx,
    state: &AppState,
    code: &str,
) -> Result<Option<DashboardMoney>, PageError> {
    let summary = match state
        .planning
        .funding_summary(ctx.caller(), Some(code))
        .await
    {
        Ok(s) => s,
        Err(plantrack_store::StoreError::Denied(_)) => return Ok(None),
        Err(e) => return Err(ctx.error(e)),
    };
    Ok(Some(DashboardMoney {
        province_code: code.to_owned(),
        totals: money(ctx, summary.totals),
        decisions: summary
            .decisions
            .iter()
            .map(|d| DecisionRow {
                id: d.id,
                number: d.number.clone(),
                issued_on: date(d.issued_on),
                total: vnd(d.total_vnd, ctx.lang),
                money: money(
                    ctx,
                    Totals {
                        allocated_vnd: d.allocated_vnd,
                        contracted_vnd: d.contracted_vnd,
                        paid_vnd: d.paid_vnd,
                    },
                ),
            })
            .collect(),
        missing: missing_rows(ctx, state, &summary.missing_contracts),
    }))
}

/// A dossier's money: its lines (those for its plan) and their contracts with the payments.
pub struct DossierMoney {
    pub totals: MoneyRow,
    pub lines: Vec<LineRow>,
    pub contracts: Vec<ContractRow>,
}

/// The money of one dossier of `unit`; none for a reader the API would refuse.
pub(crate) async fn dossier_money(
    ctx: &Ctx,
    state: &AppState,
    unit: &str,
    dossier: i64,
) -> Result<Option<DossierMoney>, PageError> {
    let funding = match state.planning.unit_funding(ctx.caller(), unit).await {
        Ok(f) => f,
        Err(plantrack_store::StoreError::Denied(_)) => return Ok(None),
        Err(e) => return Err(ctx.error(e)),
    };
    let lines: Vec<&FundingLine> = funding
        .lines
        .iter()
        .filter(|l| l.dossier_id == Some(dossier))
        .collect();
    let contracts: Vec<&Contract> = funding
        .contracts
        .iter()
        .filter(|c| c.dossier_id == Some(dossier))
        .collect();
    let mut totals = Totals::default();
    for l in &lines {
        totals.allocated_vnd = totals.allocated_vnd.saturating_add(l.amount_vnd);
    }
    for c in &contracts {
        totals.add(Totals {
            allocated_vnd: 0,
            contracted_vnd: plantrack_domain::funding::budget::committed(
                c.status,
                c.value_vnd,
                c.paid_vnd,
            ),
            paid_vnd: c.paid_vnd,
        });
    }
    Ok(Some(DossierMoney {
        totals: money(ctx, totals),
        lines: lines.into_iter().map(|l| line_row(ctx, l)).collect(),
        contracts: contracts
            .into_iter()
            .map(|c| contract_row(ctx, c))
            .collect(),
    }))
}
