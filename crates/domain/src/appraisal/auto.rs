//! An automatic item's result: the figures plantrack measured on the plan's newest land-use map
//! and the verdict they give, which the appraiser confirms or overrules with a reason. The
//! measuring is the GIS crate's; this is what it hands over.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::checklist::AutoCheck;

/// What the figures say of an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AutoVerdict {
    /// Nothing the check looks for was found wrong.
    Meets,
    /// Something must change in the plan: a conflict, a zone out of reach, a norm missed.
    NeedsRevision,
    /// The check could not be made: no checked map, or no layer of the categories it needs.
    NoData,
}

/// What a figure counts or measures; the pages name it in the reader's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum FigureKey {
    /// Overlaps the rules forbid.
    ForbiddenConflicts,
    /// Overlaps that need the owning department's written opinion.
    ConsultConflicts,
    /// The area of those overlaps, m².
    ConflictAreaM2,
    /// Residential zones beyond a facility's radius.
    ZonesOutOfReach,
    /// Facilities the plan has none of.
    MissingFacilities,
    /// Residential zones without road access.
    ZonesWithoutRoad,
    /// Land-use categories whose m² per person is outside the norm.
    CategoriesOutsideNorm,
    /// Land-use categories with a norm.
    CategoriesWithNorm,
    /// The commune's area the plan leaves out, as a share of the commune (0–1).
    LeftOutShare,
    /// The plan's area outside the commune, as a share of the commune (0–1).
    OutsideShare,
}

/// One measured value.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Figure {
    pub key: FigureKey,
    pub value: f64,
}

/// An automatic item's result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct AutoFinding {
    pub check: AutoCheck,
    pub verdict: AutoVerdict,
    pub figures: Vec<Figure>,
}

impl AutoFinding {
    /// A result for a plan that has no checked map yet, or lacks what the check needs.
    pub fn no_data(check: AutoCheck) -> Self {
        Self {
            check,
            verdict: AutoVerdict::NoData,
            figures: Vec::new(),
        }
    }

    /// The value of a figure, when measured.
    pub fn figure(&self, key: FigureKey) -> Option<f64> {
        self.figures.iter().find(|f| f.key == key).map(|f| f.value)
    }
}
