//! The progress report: what the Department of Construction brings to each meeting. Built from
//! one row per dossier as it stood on a date; the store selects the rows, this module counts.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::deadline::{DeadlineInfo, DeadlineStatus, assess};
use crate::plan::PlanType;
use crate::workflow::DossierStatus;

/// A dossier's position on the report's date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct DossierPosition {
    pub dossier_id: i64,
    pub plan_id: i64,
    pub plan_name: String,
    pub plan_type: PlanType,
    pub unit_code: String,
    pub unit_name: String,
    pub province_code: String,
    pub template: String,
    pub stage: String,
    /// The stage's name in the reader's language.
    pub stage_name: String,
    /// The stage's position in its template, for ordering.
    pub stage_order: u32,
    pub status: DossierStatus,
    pub stage_entered_on: NaiveDate,
    pub due_on: Option<NaiveDate>,
    pub deadline: DeadlineInfo,
}

impl DossierPosition {
    /// Sets the deadline status for the report's date; a dossier on hold or complete has none.
    pub fn assess_on(&mut self, as_of: NaiveDate, due_soon_days: i64) {
        let due = match self.status {
            DossierStatus::Active => self.due_on,
            DossierStatus::OnHold | DossierStatus::Completed => None,
        };
        self.deadline = assess(due, as_of, due_soon_days);
    }
}

/// How many dossiers of a plan type stand in a stage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct StageCount {
    pub plan_type: PlanType,
    pub template: String,
    pub stage: String,
    pub stage_name: String,
    pub stage_order: u32,
    pub count: u64,
    pub on_hold: u64,
    pub overdue: u64,
    pub due_soon: u64,
}

/// One unit's plans, for the per-unit table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct UnitPlans {
    pub unit_code: String,
    pub unit_name: String,
    pub plans: Vec<DossierPosition>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ProgressReport {
    pub as_of: NaiveDate,
    /// The province reported on; `None` for the whole country.
    pub province: Option<String>,
    pub plan_type: Option<PlanType>,
    pub total: u64,
    /// Active dossiers past their due date, all of them (the list below may be shortened).
    pub overdue_total: u64,
    /// Active dossiers due within the due-soon window, all of them.
    pub due_soon_total: u64,
    /// Counts by plan type and stage, in template order.
    pub stages: Vec<StageCount>,
    /// Active dossiers past their due date, most late first.
    pub overdue: Vec<DossierPosition>,
    /// Active dossiers due within the due-soon window, soonest first.
    pub due_soon: Vec<DossierPosition>,
    /// Each unit's plans; filled for a province report, empty for the country.
    pub units: Vec<UnitPlans>,
}

impl ProgressReport {
    /// Counts and lists `positions` (every dossier in scope, already assessed on `as_of`).
    pub fn build(
        as_of: NaiveDate,
        province: Option<String>,
        plan_type: Option<PlanType>,
        mut positions: Vec<DossierPosition>,
        with_units: bool,
    ) -> Self {
        // The same report whatever order the database returned the rows in.
        positions.sort_by(|a, b| {
            (&a.unit_code, a.plan_type, a.dossier_id).cmp(&(
                &b.unit_code,
                b.plan_type,
                b.dossier_id,
            ))
        });
        let mut counts: BTreeMap<(PlanType, String, u32, String), StageCount> = BTreeMap::new();
        for p in &positions {
            let c = counts
                .entry((
                    p.plan_type,
                    p.template.clone(),
                    p.stage_order,
                    p.stage.clone(),
                ))
                .or_insert_with(|| StageCount {
                    plan_type: p.plan_type,
                    template: p.template.clone(),
                    stage: p.stage.clone(),
                    stage_name: p.stage_name.clone(),
                    stage_order: p.stage_order,
                    count: 0,
                    on_hold: 0,
                    overdue: 0,
                    due_soon: 0,
                });
            c.count += 1;
            c.on_hold += u64::from(p.status == DossierStatus::OnHold);
            c.overdue += u64::from(p.deadline.status == DeadlineStatus::Overdue);
            c.due_soon += u64::from(p.deadline.status == DeadlineStatus::DueSoon);
        }
        let units = if with_units {
            let mut by_unit: BTreeMap<String, UnitPlans> = BTreeMap::new();
            for p in &positions {
                by_unit
                    .entry(p.unit_code.clone())
                    .or_insert_with(|| UnitPlans {
                        unit_code: p.unit_code.clone(),
                        unit_name: p.unit_name.clone(),
                        plans: Vec::new(),
                    })
                    .plans
                    .push(p.clone());
            }
            by_unit.into_values().collect()
        } else {
            Vec::new()
        };
        let mut report = Self::from_counts(
            as_of,
            province,
            plan_type,
            counts.into_values().collect(),
            positions,
        );
        report.units = units;
        report
    }

    /// A report from counts the database made and the positions worth listing (the overdue
    /// and due-soon ones at least; others are ignored). No per-unit table.
    pub fn from_counts(
        as_of: NaiveDate,
        province: Option<String>,
        plan_type: Option<PlanType>,
        mut stages: Vec<StageCount>,
        listed: Vec<DossierPosition>,
    ) -> Self {
        stages.sort_by(|a, b| {
            (a.plan_type, &a.template, a.stage_order, &a.stage).cmp(&(
                b.plan_type,
                &b.template,
                b.stage_order,
                &b.stage,
            ))
        });
        let (mut overdue, mut due_soon): (Vec<_>, Vec<_>) = listed
            .into_iter()
            .filter(|p| {
                matches!(
                    p.deadline.status,
                    DeadlineStatus::Overdue | DeadlineStatus::DueSoon
                )
            })
            .partition(|p| p.deadline.status == DeadlineStatus::Overdue);
        overdue.sort_by(|a, b| {
            b.deadline
                .days_late
                .cmp(&a.deadline.days_late)
                .then(a.unit_code.cmp(&b.unit_code))
                .then(a.dossier_id.cmp(&b.dossier_id))
        });
        due_soon.sort_by(|a, b| {
            (a.due_on, &a.unit_code, a.dossier_id).cmp(&(b.due_on, &b.unit_code, b.dossier_id))
        });
        ProgressReport {
            as_of,
            province,
            plan_type,
            total: stages.iter().map(|s| s.count).sum(),
            overdue_total: stages.iter().map(|s| s.overdue).sum(),
            due_soon_total: stages.iter().map(|s| s.due_soon).sum(),
            stages,
            overdue,
            due_soon,
            units: Vec::new(),
        }
    }

    /// Shortens the overdue and due-soon lists to `limit` each; the totals stay whole.
    pub fn truncate_lists(&mut self, limit: usize) {
        self.overdue.truncate(limit);
        self.due_soon.truncate(limit);
    }
}
