//! Plans side by side (issue 19): every plan of a type in a province with a checked land-use
//! map, its indicators and the ones that stand out from the province's distribution.

use serde::Serialize;

use plantrack_domain::appraisal::compare::{ComparedIndicators, ComparisonOutlier};
use plantrack_domain::plan::PlanType;

/// One plan of the comparison.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct ComparedPlan {
    pub dossier: i64,
    /// The province whose distribution the plan's outliers are measured against.
    pub province_code: String,
    pub unit_code: String,
    pub unit_name: String,
    /// The dossier's stage (its key in the template).
    pub stage: String,
    /// The title the map was attached with (a generated demo map says "(demo)").
    pub map_title: String,
    pub map_sha256: String,
    pub map_checked_at: String,
    /// Layers the map was checked against: conflicts left are counted on those only.
    pub layers_checked: usize,
    pub indicators: ComparedIndicators,
    pub outliers: Vec<ComparisonOutlier>,
}

/// The plans of a type in a province, side by side.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct AppraisalComparison {
    /// Empty for the country's comparison.
    pub province_code: String,
    pub plan_type: PlanType,
    /// How a value is called an outlier.
    pub outlier_rule: String,
    /// Whether any plan gives its forecast population: without it there is no residential
    /// land per person.
    pub population_known: bool,
    /// Plans of the type with a checked land-use map, by unit code.
    pub plans: Vec<ComparedPlan>,
    /// Plans of the type in the province without one (not compared).
    pub plans_without_map: i64,
}
