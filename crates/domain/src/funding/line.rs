//! What a line of an allocation decision pays for.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The purpose of a line: the stages and works a commune's planning costs.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Purpose {
    /// Preparing the planning task.
    Task,
    /// Preparing the plan itself.
    Plan,
    /// Topographic survey and base maps.
    SurveyBaseMaps,
    /// Consultation of agencies and residents.
    Consultation,
    /// Publication of the approved plan.
    Publication,
    /// Placing boundary markers (cắm mốc).
    BoundaryMarkers,
}

impl Purpose {
    pub const ALL: [Purpose; 6] = [
        Purpose::Task,
        Purpose::Plan,
        Purpose::SurveyBaseMaps,
        Purpose::Consultation,
        Purpose::Publication,
        Purpose::BoundaryMarkers,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Purpose::Task => "task",
            Purpose::Plan => "plan",
            Purpose::SurveyBaseMaps => "survey_base_maps",
            Purpose::Consultation => "consultation",
            Purpose::Publication => "publication",
            Purpose::BoundaryMarkers => "boundary_markers",
        }
    }

    pub fn parse(s: &str) -> Option<Purpose> {
        Purpose::ALL.into_iter().find(|p| p.as_str() == s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn purposes_read_back() {
        for p in Purpose::ALL {
            assert_eq!(Purpose::parse(p.as_str()), Some(p));
        }
        assert_eq!(Purpose::parse("lunch"), None);
    }
}
