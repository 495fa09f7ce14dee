//! The progress report: what the Department of Construction brings to each meeting. Built from
//! one row per dossier as it stood on a date; the store selects the rows, this module counts.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::deadline::{DeadlineInfo, DeadlineStatus, assess};
use crate::plan::PlanType;
use crate::workflow::{DossierStatus, effective_due_on};

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
        self.deadline = assess(
            effective_due_on(self.status, self.due_on),
            as_of,
            due_soon_days,
        );
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
    /// What holds this stage's dossiers back, by category (a dossier held back by two counts
    /// in both): "8 preparing tasks, 5 of them waiting for a higher plan".
    #[serde(default)]
    pub blockers: Vec<BlockerCount>,
}

/// How many dossiers of a stage one kind of blocker holds back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct BlockerCount {
    pub category: crate::follow_up::BlockerCategory,
    pub count: u64,
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
    /// The day reported on (valid time).
    pub as_of: NaiveDate,
    /// The instant whose knowledge the report shows (record time): what was recorded by then.
    /// Reading the report again with this value gives the same report, whatever has been
    /// recorded since, late changes included. Set by the store that reads the records.
    pub as_known_on: Option<chrono::DateTime<chrono::Utc>>,
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
    /// The digest of the history the report was computed from (every dossier's last event
    /// hash, in dossier order): the one `plantrack audit verify` prints and `audit anchor`
    /// keeps, so that a printed report can be matched with an anchored history.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub history_digest: Option<String>,
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
                    blockers: Vec::new(),
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
            as_known_on: None,
            province,
            plan_type,
            total: stages.iter().map(|s| s.count).sum(),
            overdue_total: stages.iter().map(|s| s.overdue).sum(),
            due_soon_total: stages.iter().map(|s| s.due_soon).sum(),
            stages,
            overdue,
            due_soon,
            units: Vec::new(),
            history_digest: None,
        }
    }

    /// Shortens the overdue and due-soon lists to `limit` each; the totals stay whole.
    pub fn truncate_lists(&mut self, limit: usize) {
        self.overdue.truncate(limit);
        self.due_soon.truncate(limit);
    }
}

/// A dossier seen at two meetings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Movement {
    /// Where it stood on the earlier date; `None` when it was opened since.
    pub before: Option<DossierPosition>,
    pub after: DossierPosition,
}

/// What moved between two dates: what the leadership asks at each meeting.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Changes {
    /// Dossiers in a later stage than before (furthest move first).
    pub advanced: Vec<Movement>,
    /// Dossiers that have fallen late since: overdue now and not overdue before (most late
    /// first).
    pub slipped: Vec<Movement>,
    /// Dossiers opened since the earlier date.
    pub opened: Vec<DossierPosition>,
    /// Dossiers that were late before and are still late in the same stage.
    pub still_late: Vec<Movement>,
}

/// Compares the positions of the same scope on an earlier (`before`) and a later (`after`)
/// date.
pub fn changes(before: &[DossierPosition], after: &[DossierPosition]) -> Changes {
    let earlier: BTreeMap<i64, &DossierPosition> =
        before.iter().map(|p| (p.dossier_id, p)).collect();
    let late = |p: &DossierPosition| p.deadline.status == DeadlineStatus::Overdue;
    let mut out = Changes::default();
    for now in after {
        let Some(&then) = earlier.get(&now.dossier_id) else {
            out.opened.push(now.clone());
            continue;
        };
        let moved = |then: &DossierPosition| Movement {
            before: Some(then.clone()),
            after: now.clone(),
        };
        let went_forward = now.stage_order > then.stage_order
            || (now.status == DossierStatus::Completed && then.status != DossierStatus::Completed);
        if went_forward {
            out.advanced.push(moved(then));
        } else if late(now) && !late(then) {
            out.slipped.push(moved(then));
        } else if late(now) && now.stage == then.stage {
            out.still_late.push(moved(then));
        }
    }
    let steps = |m: &Movement| {
        let from = m.before.as_ref().map_or(0, |b| b.stage_order);
        m.after.stage_order.saturating_sub(from)
    };
    out.advanced.sort_by(|a, b| {
        steps(b)
            .cmp(&steps(a))
            .then(a.after.unit_code.cmp(&b.after.unit_code))
    });
    for list in [&mut out.slipped, &mut out.still_late] {
        list.sort_by(|a, b| {
            b.after
                .deadline
                .days_late
                .cmp(&a.after.deadline.days_late)
                .then(a.after.unit_code.cmp(&b.after.unit_code))
        });
    }
    out.opened.sort_by(|a, b| a.unit_code.cmp(&b.unit_code));
    out
}

/// A dossier whose position on a day reads differently now than it read then: a change that
/// took effect by that day was recorded after it ("recorded late").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct LateRecord {
    /// Where it stood as first reported; `None` when the dossier was not known yet.
    pub then: Option<DossierPosition>,
    /// Where it stands on the same day as known now; `None` when it no longer counts then.
    pub now: Option<DossierPosition>,
}

/// Compares the positions of one scope on one day as known at two instants: `then` (usually
/// the end of that day) and `now`. Lists the dossiers whose stage, status or due date differ,
/// in unit order.
pub fn recorded_late(then: &[DossierPosition], now: &[DossierPosition]) -> Vec<LateRecord> {
    let earlier: BTreeMap<i64, &DossierPosition> = then.iter().map(|p| (p.dossier_id, p)).collect();
    let later: BTreeMap<i64, &DossierPosition> = now.iter().map(|p| (p.dossier_id, p)).collect();
    let same = |a: &DossierPosition, b: &DossierPosition| {
        (&a.stage, a.status, a.due_on) == (&b.stage, b.status, b.due_on)
    };
    let mut out: Vec<LateRecord> = earlier
        .keys()
        .chain(later.keys())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .filter_map(|id| {
            let (a, b) = (earlier.get(id).copied(), later.get(id).copied());
            match (a, b) {
                (Some(a), Some(b)) if same(a, b) => None,
                _ => Some(LateRecord {
                    then: a.cloned(),
                    now: b.cloned(),
                }),
            }
        })
        .collect();
    let unit = |r: &LateRecord| {
        r.now
            .as_ref()
            .or(r.then.as_ref())
            .map(|p| (p.unit_code.clone(), p.dossier_id))
    };
    out.sort_by_key(unit);
    out
}

#[cfg(test)]
mod changes_tests {
    use super::*;

    fn position(id: i64, order: u32, due: (i32, u32, u32), on: (i32, u32, u32)) -> DossierPosition {
        let day = |(y, m, d): (i32, u32, u32)| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        let mut p = DossierPosition {
            dossier_id: id,
            plan_id: id,
            plan_name: format!("plan {id}"),
            plan_type: PlanType::CommuneGeneral,
            unit_code: format!("{id:05}"),
            unit_name: format!("unit {id}"),
            province_code: "12".into(),
            template: "vn.commune_general".into(),
            stage: format!("stage{order}"),
            stage_name: format!("Stage {order}"),
            stage_order: order,
            status: DossierStatus::Active,
            stage_entered_on: day((2025, 1, 1)),
            due_on: Some(day(due)),
            deadline: assess(None, day(on), 7),
        };
        p.assess_on(day(on), 7);
        p
    }

    #[test]
    fn tells_what_advanced_slipped_stayed_late_and_opened() {
        let before = vec![
            position(1, 2, (2025, 12, 31), (2025, 11, 1)),
            position(2, 3, (2025, 11, 20), (2025, 11, 1)),
            position(3, 4, (2025, 10, 1), (2025, 11, 1)),
            position(4, 1, (2025, 12, 31), (2025, 11, 1)),
        ];
        let after = vec![
            position(1, 5, (2026, 1, 31), (2025, 11, 25)), // moved three stages
            position(2, 3, (2025, 11, 20), (2025, 11, 25)), // fell late
            position(3, 4, (2025, 10, 1), (2025, 11, 25)), // late before and now
            position(4, 1, (2025, 12, 31), (2025, 11, 25)), // no change
            position(5, 0, (2025, 12, 31), (2025, 11, 25)), // new
        ];
        let c = changes(&before, &after);
        let ids = |v: &[Movement]| v.iter().map(|m| m.after.dossier_id).collect::<Vec<_>>();
        assert_eq!(ids(&c.advanced), [1]);
        assert_eq!(ids(&c.slipped), [2]);
        assert_eq!(ids(&c.still_late), [3]);
        assert_eq!(
            c.opened.iter().map(|p| p.dossier_id).collect::<Vec<_>>(),
            [5]
        );
        assert_eq!(c.advanced[0].before.as_ref().unwrap().stage_order, 2);
    }

    #[test]
    fn names_what_reads_differently_on_the_same_day() {
        let on = (2025, 11, 25);
        let then = vec![
            position(1, 2, (2025, 12, 31), on),
            position(2, 3, (2025, 12, 31), on),
            position(3, 4, (2025, 12, 31), on),
        ];
        let now = vec![
            position(1, 2, (2025, 12, 31), on), // unchanged
            position(2, 4, (2026, 1, 31), on),  // a transition dated earlier, recorded later
            position(3, 4, (2026, 2, 28), on),  // an extension dated earlier
            position(4, 0, (2025, 12, 31), on), // a plan registered later, opened earlier
        ];
        let late = recorded_late(&then, &now);
        let ids: Vec<_> = late
            .iter()
            .map(|r| {
                (
                    r.then.as_ref().map(|p| p.stage_order),
                    r.now.as_ref().map(|p| p.dossier_id),
                )
            })
            .collect();
        assert_eq!(
            ids,
            [(Some(3), Some(2)), (Some(4), Some(3)), (None, Some(4))]
        );
        assert!(recorded_late(&now, &now).is_empty());
    }
}
