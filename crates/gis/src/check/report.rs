//! The whole report of a plan: its conflicts with the layers, and its own geometry, coverage,
//! land-use balance and services.

use geo::MultiPolygon;
use serde::{Deserialize, Serialize};

use super::conflicts::{CheckReport, check};
use super::read::{Layer, PlaneFeature};
use super::rules::Rules;
use super::{plan_quality, services};
use crate::crs::Transformer;
use crate::error::GisError;

/// Everything the check tells of a plan: its conflicts with the layers, and — unless only the
/// conflicts were asked for — its own geometry, its coverage of the unit (given its boundary),
/// its land-use balance and its services.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FullReport {
    /// `clean` when every layer was overlaid and nothing is wrong; `problems_found` when a
    /// conflict or an invalid geometry was (what `plantrack check`'s exit code says too).
    pub verdict: CheckVerdict,
    #[serde(flatten)]
    pub conflicts: CheckReport,
    pub geometry: Vec<plan_quality::GeometryIssue>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub coverage: Option<plan_quality::Coverage>,
    pub balance: Vec<plan_quality::BalanceRow>,
    /// Facilities out of reach or missing, and residential zones without road access.
    pub services: Vec<services::ServiceIssue>,
    /// How much of the residential area lies within each facility's radius; none in a check
    /// kept before it was measured, or when only the conflicts were asked for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reach: Option<services::Reach>,
}

/// A check's verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckVerdict {
    Clean,
    ProblemsFound,
}

impl FullReport {
    /// Conflicts, or geometry that is invalid or overlaps within the plan, were found.
    fn verdict_of(
        conflicts: &CheckReport,
        geometry: &[plan_quality::GeometryIssue],
    ) -> CheckVerdict {
        let invalid = !conflicts.invalid_zones.is_empty()
            || conflicts.layers.iter().any(|l| l.invalid_features > 0);
        if conflicts.conflicts.is_empty() && geometry.is_empty() && !invalid {
            CheckVerdict::Clean
        } else {
            CheckVerdict::ProblemsFound
        }
    }
}

/// What a whole check needs besides the zones, the layers and the rules.
pub struct Plan<'a> {
    /// The unit's boundary in the plane, for the coverage.
    pub boundary: Option<&'a MultiPolygon<f64>>,
    /// The population, for the balance in m² per person.
    pub population: Option<u64>,
    /// Only the conflicts (what the benchmark against shapely compares).
    pub conflicts_only: bool,
}

/// Runs [`check`] and, unless `plan.conflicts_only`, every check of the plan itself.
pub fn full_check(
    zones: &[PlaneFeature],
    layers: &[Layer],
    rules: &Rules,
    crs: &str,
    to_lonlat: &Transformer,
    plan: &Plan<'_>,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<FullReport, GisError> {
    let conflicts = check(zones, layers, rules, crs, to_lonlat, progress)?;
    complete(zones, conflicts, layers, rules, to_lonlat, plan)
}

/// The whole report from the conflicts: the plan's own geometry, coverage, balance and
/// services (roads reached through `road_layers`), unless only the conflicts were asked for.
pub(crate) fn complete(
    zones: &[PlaneFeature],
    conflicts: CheckReport,
    road_layers: &[Layer],
    rules: &Rules,
    to_lonlat: &Transformer,
    plan: &Plan<'_>,
) -> Result<FullReport, GisError> {
    if plan.conflicts_only {
        return Ok(FullReport {
            verdict: FullReport::verdict_of(&conflicts, &[]),
            conflicts,
            geometry: Vec::new(),
            coverage: None,
            balance: Vec::new(),
            services: Vec::new(),
            reach: None,
        });
    }
    let coverage = plan
        .boundary
        .map(|unit| plan_quality::coverage(zones, unit, rules.min_area_m2, to_lonlat))
        .transpose()?;
    let mut service_issues = services::facilities(zones, rules, to_lonlat)?;
    service_issues.extend(services::road_access(zones, road_layers, rules, to_lonlat)?);
    let geometry = plan_quality::geometry_issues(zones, rules.min_area_m2, to_lonlat)?;
    let reach = services::reach(zones, rules, &service_issues);
    Ok(FullReport {
        reach: Some(reach),
        verdict: FullReport::verdict_of(&conflicts, &geometry),
        geometry,
        coverage,
        balance: plan_quality::balance(zones, rules, plan.population),
        services: service_issues,
        conflicts,
    })
}
