//! What holds a dossier back: the categories the Department of Construction reports by.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Why a dossier is not moving. The progress report groups each stage by these.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum BlockerCategory {
    /// Waiting for a directive or a higher-level plan (e.g. the National Tourism Area's
    /// adjusted scope).
    HigherPlan,
    /// Waiting for sectoral information from a named department.
    SectoralInformation,
    /// The consultant lacks the people to go on.
    ConsultantCapacity,
    /// No funding decided or disbursed.
    Funding,
    /// A land or boundary dispute.
    LandDispute,
    Other,
}

impl BlockerCategory {
    pub const ALL: [BlockerCategory; 6] = [
        BlockerCategory::HigherPlan,
        BlockerCategory::SectoralInformation,
        BlockerCategory::ConsultantCapacity,
        BlockerCategory::Funding,
        BlockerCategory::LandDispute,
        BlockerCategory::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            BlockerCategory::HigherPlan => "higher_plan",
            BlockerCategory::SectoralInformation => "sectoral_information",
            BlockerCategory::ConsultantCapacity => "consultant_capacity",
            BlockerCategory::Funding => "funding",
            BlockerCategory::LandDispute => "land_dispute",
            BlockerCategory::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<BlockerCategory> {
        BlockerCategory::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_category_reads_back_and_serialises_as_its_key() {
        for c in BlockerCategory::ALL {
            assert_eq!(BlockerCategory::parse(c.as_str()), Some(c));
            assert_eq!(
                serde_json::to_value(c).unwrap(),
                serde_json::Value::String(c.as_str().into())
            );
        }
        assert_eq!(BlockerCategory::parse("weather"), None);
    }
}
