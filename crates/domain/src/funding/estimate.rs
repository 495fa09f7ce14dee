//! A commune general plan's cost from the norm table (`funding/cost_norms.toml`): the task by
//! population, the plan by natural area, each interpolated linearly between the table's rows.
//! The table is data with its basis; its figures are unverified until an officer checks them,
//! and every estimate says so.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::DomainError;
use crate::workflow::{LocalText, Verification};

/// One row: from this size (persons or hectares) the work costs this much.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct NormRow {
    pub size: u64,
    pub vnd: i64,
}

/// A table of rows by size, ascending.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct NormTable {
    pub verification: Verification,
    pub rows: Vec<NormRow>,
}

/// The norm table of a commune general plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct CostNorms {
    pub key: String,
    pub version: u32,
    pub verification: Verification,
    pub basis: LocalText,
    /// The planning task, by population.
    pub task: NormTable,
    /// The plan, by natural area in hectares.
    pub plan: NormTable,
}

/// A commune general plan's estimated cost.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct CostEstimate {
    pub area_ha: u64,
    pub population: u64,
    pub task_vnd: i64,
    pub plan_vnd: i64,
    pub total_vnd: i64,
    /// The area or the population lies outside the table: the nearest row was used.
    pub outside_table: bool,
    /// The table's figures were checked against the circular ([`Verification::Verified`]) or not.
    pub verification: Verification,
    pub basis: LocalText,
}

impl NormTable {
    fn check(&self, name: &str) -> Result<(), DomainError> {
        let ascending = self.rows.windows(2).all(|w| w[0].size < w[1].size);
        if self.rows.is_empty() || !ascending || self.rows.iter().any(|r| r.vnd < 0) {
            return Err(DomainError::InvalidTemplate {
                template: "cost_norms".into(),
                message: format!("{name}: rows must be non-empty, by ascending size, in đồng"),
            });
        }
        Ok(())
    }

    /// The cost at `size`, and whether `size` lay outside the rows.
    pub fn at(&self, size: u64) -> (i64, bool) {
        let (Some(first), Some(last)) = (self.rows.first(), self.rows.last()) else {
            return (0, true);
        };
        if size <= first.size {
            return (first.vnd, size < first.size);
        }
        if size >= last.size {
            return (last.vnd, size > last.size);
        }
        for w in self.rows.windows(2) {
            let (a, b) = (w[0], w[1]);
            if size <= b.size {
                // Integer interpolation in i128: no float, no overflow.
                let span = i128::from(b.size - a.size);
                let step = i128::from(b.vnd - a.vnd) * i128::from(size - a.size) / span;
                return (a.vnd + step as i64, false);
            }
        }
        (last.vnd, false)
    }
}

impl CostNorms {
    /// The table shipped with plantrack.
    pub fn builtin() -> CostNorms {
        // Checked by a test below; a broken table is a build defect, not a user's error.
        Self::parse(include_str!("../../funding/cost_norms.toml"))
            .unwrap_or_else(|e| panic!("funding/cost_norms.toml: {e}"))
    }

    pub fn parse(text: &str) -> Result<CostNorms, DomainError> {
        let norms: CostNorms = toml::from_str(text).map_err(|e| DomainError::InvalidTemplate {
            template: "cost_norms".into(),
            message: e.to_string(),
        })?;
        norms.task.check("task")?;
        norms.plan.check("plan")?;
        Ok(norms)
    }

    /// The estimate for a commune of `area_ha` hectares and `population` persons.
    pub fn estimate(&self, area_ha: u64, population: u64) -> CostEstimate {
        let (task_vnd, task_out) = self.task.at(population);
        let (plan_vnd, plan_out) = self.plan.at(area_ha);
        let verified = [
            self.verification,
            self.task.verification,
            self.plan.verification,
        ]
        .iter()
        .all(|v| *v == Verification::Verified);
        CostEstimate {
            area_ha,
            population,
            task_vnd,
            plan_vnd,
            total_vnd: task_vnd.saturating_add(plan_vnd),
            outside_table: task_out || plan_out,
            verification: if verified {
                Verification::Verified
            } else {
                Verification::Unverified
            },
            basis: self.basis.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_builtin_table_reads_and_is_tagged_unverified() {
        let norms = CostNorms::builtin();
        assert_eq!(norms.verification, Verification::Unverified);
        assert!(norms.basis.vi.contains("17/2025/TT-BXD"));
        let e = norms.estimate(10_000, 10_000);
        assert_eq!(e.verification, Verification::Unverified);
        assert_eq!(e.total_vnd, e.task_vnd + e.plan_vnd);
    }

    #[test]
    fn interpolates_between_rows_and_clamps_outside() {
        let t = NormTable {
            verification: Verification::Unverified,
            rows: vec![
                NormRow {
                    size: 100,
                    vnd: 1_000,
                },
                NormRow {
                    size: 200,
                    vnd: 3_000,
                },
            ],
        };
        assert_eq!(t.at(100), (1_000, false));
        assert_eq!(t.at(150), (2_000, false));
        assert_eq!(t.at(200), (3_000, false));
        assert_eq!(t.at(50), (1_000, true));
        assert_eq!(t.at(10_000), (3_000, true));
    }

    #[test]
    fn a_table_out_of_order_is_refused() {
        let bad = include_str!("../../funding/cost_norms.toml").replace(
            "{ size = 5000, vnd = 60_000_000 }",
            "{ size = 1, vnd = 60_000_000 }",
        );
        assert!(CostNorms::parse(&bad).is_err());
    }

    proptest! {
        /// More people or more hectares never cost less.
        #[test]
        fn cost_grows_with_size(a in 0u64..200_000, b in 0u64..200_000) {
            let norms = CostNorms::builtin();
            let (lo, hi) = (a.min(b), a.max(b));
            prop_assert!(norms.plan.at(lo).0 <= norms.plan.at(hi).0);
            prop_assert!(norms.task.at(lo).0 <= norms.task.at(hi).0);
        }
    }
}
