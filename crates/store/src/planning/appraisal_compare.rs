//! Plans side by side: the indicators of every plan of a type in a province, measured on each
//! plan's newest checked land-use map, with the outliers of the province's distribution.

use plantrack_domain::appraisal::FindingVerdict;
use plantrack_domain::appraisal::finding::{findings_of_round, standing_overrule};
use std::collections::BTreeMap;

use plantrack_domain::access::{self, Caller};
use plantrack_domain::appraisal::compare::{self, Measured, OUTLIER_RULE};
use plantrack_domain::plan::PlanType;
use plantrack_domain::unit::UnitKind;
use serde::Deserialize;
use sqlx::Row;

use super::LANDUSE_MAP_KIND;
use super::Planning;
use crate::appraisal_compare::{AppraisalComparison, ComparedPlan};
use crate::db::Db;
use crate::error::{Result, StoreError};
use crate::layers::LanduseCheck;

/// What the comparison reads of a dossier's state: the table is read often and the full
/// state and report are wide, so only these fields are decoded (serde skips the rest).
#[derive(Deserialize)]
struct SlimState {
    stage: String,
    #[serde(default)]
    accepted_conflicts: Vec<SlimConflict>,
    documents: Vec<SlimDocument>,
    #[serde(default)]
    findings: Vec<plantrack_domain::appraisal::Finding>,
    #[serde(default)]
    overrules: Vec<plantrack_domain::appraisal::Overrule>,
}

impl SlimState {
    /// The appraisal's last round with findings: how many of its items still need revision
    /// (no overrule stands for them), and how many rounds came before it (each ended in a
    /// return for revision). A plan nobody judged yet has 0 and 0.
    fn appraisal_counts(&self) -> (u64, u64) {
        let Some(last) = self.findings.iter().max_by_key(|f| (f.round, f.seq)) else {
            return (0, 0);
        };
        let (stage, round) = (last.stage.as_str(), last.round);
        let open = findings_of_round(&self.findings, stage, round)
            .into_iter()
            .filter(|(item, f)| {
                f.verdict == FindingVerdict::NeedsRevision
                    && standing_overrule(&self.overrules, Some(f), stage, round, item).is_none()
            })
            .count();
        (open as u64, u64::from(round.saturating_sub(1)))
    }
}

#[derive(Deserialize)]
struct SlimDocument {
    kind: String,
    title: String,
    #[serde(default)]
    file: Option<SlimFile>,
}

#[derive(Deserialize)]
struct SlimFile {
    sha256: String,
}

/// A conflict, or an accepted one: what identifies it.
#[derive(Deserialize)]
struct SlimConflict {
    zone: String,
    constraint: String,
    layer: String,
}

/// A dossier of the comparison with its newest check, as read in one query.
struct Row_ {
    dossier: i64,
    province_code: String,
    unit_code: String,
    unit_name: String,
    state: SlimState,
    /// The newest check, parsed once per map version (`check_cache.rs`).
    check: std::sync::Arc<LanduseCheck>,
    /// The plan's forecast population, when given.
    population: Option<u64>,
}

impl Db {
    /// Every dossier of the type in the province (the country's when none) with its newest
    /// land-use check, in one query.
    async fn compared_checks(
        &self,
        province: Option<&str>,
        plan_type: PlanType,
    ) -> Result<Vec<Row_>> {
        let sql = format!(
            "SELECT d.id, d.province_code, d.unit_code, u.name_vi, d.state, c.event_seq, c.sha256, \
             c.checked_at, p.population \
             FROM dossiers d JOIN units u ON u.code = d.unit_code JOIN plans p ON p.id = d.plan_id \
             JOIN landuse_checks c ON c.dossier_id = d.id \
             AND c.event_seq = (SELECT MAX(x.event_seq) FROM landuse_checks x WHERE x.dossier_id = d.id) \
             WHERE d.plan_type = $1 {} ORDER BY d.province_code, d.unit_code, d.id",
            province_clause(province)
        );
        let mut query = sqlx::query(&sql).bind(plan_type.as_str());
        if let Some(province) = province {
            query = query.bind(province);
        }
        let rows = query.fetch_all(&self.pool).await?;
        let mut compared = Vec::with_capacity(rows.len());
        for r in &rows {
            let dossier: i64 = r.try_get("id")?;
            let text = |col: &str| -> Result<String> { Ok(r.try_get::<String, _>(col)?) };
            let check = self
                .landuse_check_kept(
                    dossier,
                    r.try_get("event_seq")?,
                    &text("sha256")?,
                    &text("checked_at")?,
                )
                .await?;
            compared.push(Row_ {
                dossier,
                province_code: text("province_code")?,
                unit_code: text("unit_code")?,
                unit_name: text("name_vi")?,
                state: serde_json::from_str(&text("state")?)
                    .map_err(|e| StoreError::corrupt(format!("dossier {dossier} state: {e}")))?,
                check,
                population: r
                    .try_get::<Option<i64>, _>("population")?
                    .and_then(|p| u64::try_from(p).ok()),
            });
        }
        Ok(compared)
    }

    /// Dossiers of the type in the province (the country when none) that have no land-use
    /// check.
    async fn dossiers_without_map(
        &self,
        province: Option<&str>,
        plan_type: PlanType,
    ) -> Result<i64> {
        let sql = format!(
            "SELECT COUNT(*) FROM dossiers d WHERE d.plan_type = $1 {} \
             AND NOT EXISTS (SELECT 1 FROM landuse_checks c WHERE c.dossier_id = d.id)",
            province_clause(province)
        );
        let mut query = sqlx::query_scalar(&sql).bind(plan_type.as_str());
        if let Some(province) = province {
            query = query.bind(province);
        }
        Ok(query.fetch_one(&self.pool).await?)
    }
}

/// The comparison's filter on one province, bound as `$2` after the plan type; none for the
/// country.
fn province_clause(province: Option<&str>) -> &'static str {
    if province.is_some() {
        "AND d.province_code = $2"
    } else {
        ""
    }
}

/// What a plan's newest check measured, as the comparison reads it, with the plan's forecast
/// population.
fn measured(row: &Row_) -> Measured {
    let check = &row.check.report.check;
    let landuse_m2: BTreeMap<String, f64> = check
        .balance
        .iter()
        .filter(|b| b.area_m2 > 0.0)
        .map(|b| (b.category.clone(), b.area_m2))
        .collect();
    let accepted = check
        .conflicts
        .conflicts
        .iter()
        .filter(|c| {
            row.state
                .accepted_conflicts
                .iter()
                .any(|a| a.zone == c.zone && a.constraint == c.constraint && a.layer == c.layer)
        })
        .count();
    Measured {
        landuse_m2,
        population: row.population,
        reach: check
            .reach
            .as_ref()
            .map(|r| (r.residential_m2, r.within_all_m2)),
        conflicts: check.conflicts.conflicts.len() as u64,
        accepted: accepted as u64,
    }
}

impl Planning {
    /// Every plan of `plan_type` in `province` that has a checked land-use map, side by side:
    /// its indicators and the ones outside the province's distribution. Read by whoever reads
    /// the province's reports (leadership, the Department of Construction, the departments,
    /// the administrator).
    pub async fn appraisal_comparison(
        &self,
        caller: Caller<'_>,
        province: &str,
        plan_type: PlanType,
    ) -> Result<AppraisalComparison> {
        caller.allowed(|p| access::read_progress(p, Some(province), None))?;
        // A code that names no unit, or a commune's: either way no province of that code.
        let is_province = match self.db.unit(province).await {
            Ok(unit) => unit.unit.kind == UnitKind::Province,
            Err(StoreError::NotFound { .. }) => false,
            Err(e) => return Err(e),
        };
        if !is_province {
            return Err(StoreError::not_found("province", province));
        }
        self.comparison(Some(province), plan_type).await
    }

    /// Every plan of `plan_type` in the country with a checked land-use map, side by side,
    /// each plan's outliers against its own province's distribution: the standard is each
    /// province's to keep, the national list puts them together. Read by the administrator
    /// (no other role reads the whole country's progress).
    pub async fn appraisal_comparison_country(
        &self,
        caller: Caller<'_>,
        plan_type: PlanType,
    ) -> Result<AppraisalComparison> {
        caller.allowed(|p| access::read_progress(p, None, None))?;
        self.comparison(None, plan_type).await
    }

    /// The comparison of the province's plans (the country's when none), the caller checked.
    async fn comparison(
        &self,
        province: Option<&str>,
        plan_type: PlanType,
    ) -> Result<AppraisalComparison> {
        let rows = self.db.compared_checks(province, plan_type).await?;
        let without = self.db.dossiers_without_map(province, plan_type).await?;
        let indicators: Vec<_> = rows
            .iter()
            .map(|r| {
                let mut i = compare::indicators(&measured(r));
                let (open, rounds) = r.state.appraisal_counts();
                i.findings_open = Some(open);
                i.revision_rounds = Some(rounds);
                i
            })
            .collect();
        // Each plan against the plans of its own province.
        let mut outliers = vec![Vec::new(); rows.len()];
        let mut by_province: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (i, r) in rows.iter().enumerate() {
            by_province
                .entry(r.province_code.as_str())
                .or_default()
                .push(i);
        }
        for members in by_province.values() {
            let group: Vec<_> = members.iter().map(|&i| indicators[i].clone()).collect();
            for (&i, found) in members.iter().zip(compare::outliers(&group)) {
                outliers[i] = found;
            }
        }
        let population_known = rows.iter().any(|r| r.population.is_some());
        let plans = rows
            .into_iter()
            .zip(indicators.into_iter().zip(outliers))
            .map(|(r, (indicators, outliers))| ComparedPlan {
                map_title: r
                    .state
                    .documents
                    .iter()
                    .rev()
                    .find(|d| {
                        d.kind == LANDUSE_MAP_KIND
                            && d.file.as_ref().is_some_and(|f| f.sha256 == r.check.sha256)
                    })
                    .map(|d| d.title.clone())
                    .unwrap_or_default(),
                dossier: r.dossier,
                province_code: r.province_code,
                unit_code: r.unit_code,
                unit_name: r.unit_name,
                stage: r.state.stage,
                map_sha256: r.check.sha256.clone(),
                map_checked_at: r.check.checked_at.clone(),
                layers_checked: r.check.layers.len(),
                indicators,
                outliers,
            })
            .collect();
        Ok(AppraisalComparison {
            province_code: province.unwrap_or_default().to_owned(),
            plan_type,
            outlier_rule: OUTLIER_RULE.to_owned(),
            population_known,
            plans,
            plans_without_map: without,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::SlimState;

    fn finding(round: u32, item: &str, verdict: &str, seq: u64) -> serde_json::Value {
        serde_json::json!({"stage": "plan_appraisal", "round": round, "checklist": "c@1",
            "item": item, "verdict": verdict, "comment": "x", "by": "Sở Xây dựng",
            "role": "construction_dept", "on": "2025-11-20", "seq": seq})
    }

    #[test]
    fn the_last_rounds_open_findings_and_the_returns_before_it_are_counted() {
        let state: SlimState = serde_json::from_value(serde_json::json!({
            "stage": "plan_appraisal",
            "documents": [],
            "findings": [
                finding(1, "a", "needs_revision", 10),
                finding(1, "b", "needs_revision", 11),
                finding(2, "a", "meets", 20),
                finding(2, "b", "needs_revision", 21),
                finding(2, "c", "needs_revision", 22),
            ],
            "overrules": [{"stage": "plan_appraisal", "round": 2, "checklist": "c@1",
                "item": "c", "reason": "Bổ sung sau", "by": "UBND tỉnh",
                "role": "provincial_pc", "on": "2025-11-25", "seq": 23}],
        }))
        .unwrap();
        // Round 2: b still needs revision, c was overruled; one return before it.
        assert_eq!(state.appraisal_counts(), (1, 1));
        let fresh: SlimState =
            serde_json::from_value(serde_json::json!({"stage": "x", "documents": []})).unwrap();
        assert_eq!(fresh.appraisal_counts(), (0, 0));
    }
}
