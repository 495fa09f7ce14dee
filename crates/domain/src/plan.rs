//! Plans: what a unit must prepare, and the bodies involved. A plan's dossier is what moves
//! through the workflow (see [`crate::workflow`]).

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::DomainError;

/// The kinds of plan plantrack tracks. Each has a default workflow template.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum PlanType {
    /// Quy hoạch chung xã (Law 47/2024 / Decree 178/2025 Art 4(1)(c)).
    CommuneGeneral,
    /// Quy hoạch chung đô thị, for wards and towns.
    GeneralUrban,
    /// Quy hoạch phân khu.
    Zoning,
    /// Quy hoạch chi tiết, e.g. of a commune administrative centre.
    Detailed,
    /// A detailed plan serving an investment project.
    InvestmentProject,
    /// General plan of a National Tourism Area (Decree 178 Art 4(1)(b)).
    NationalTourismArea,
    /// Indonesia: Rencana Detail Tata Ruang (PP 21/2021).
    Rdtr,
}

impl PlanType {
    pub const ALL: [PlanType; 7] = [
        Self::CommuneGeneral,
        Self::GeneralUrban,
        Self::Zoning,
        Self::Detailed,
        Self::InvestmentProject,
        Self::NationalTourismArea,
        Self::Rdtr,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::CommuneGeneral => "commune_general",
            Self::GeneralUrban => "general_urban",
            Self::Zoning => "zoning",
            Self::Detailed => "detailed",
            Self::InvestmentProject => "investment_project",
            Self::NationalTourismArea => "national_tourism_area",
            Self::Rdtr => "rdtr",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == s)
    }

    /// The Vietnamese name officials use.
    pub fn name_vi(self) -> &'static str {
        match self {
            Self::CommuneGeneral => "Quy hoạch chung xã",
            Self::GeneralUrban => "Quy hoạch chung đô thị",
            Self::Zoning => "Quy hoạch phân khu",
            Self::Detailed => "Quy hoạch chi tiết",
            Self::InvestmentProject => "Quy hoạch chi tiết phục vụ dự án đầu tư",
            Self::NationalTourismArea => "Quy hoạch chung khu du lịch quốc gia",
            Self::Rdtr => "Rencana Detail Tata Ruang (RDTR)",
        }
    }

    /// The template a new dossier of this type runs under unless the caller names one.
    pub fn default_template(self) -> &'static str {
        match self {
            Self::CommuneGeneral => "vn.commune_general",
            Self::GeneralUrban => "vn.general_urban",
            Self::Zoning => "vn.zoning",
            Self::Detailed => "vn.detailed",
            Self::InvestmentProject => "vn.investment_project",
            Self::NationalTourismArea => "vn.national_tourism_area",
            Self::Rdtr => "id.rdtr",
        }
    }
}

impl std::fmt::Display for PlanType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The organisations that prepare, appraise and approve a plan.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PlanBodies {
    /// Cơ quan tổ chức lập: usually the commune People's Committee.
    pub preparing: String,
    /// Cơ quan thẩm định: usually the provincial Department of Construction.
    pub appraising: String,
    /// Cơ quan phê duyệt: usually the provincial People's Committee.
    pub approving: String,
}

/// What a caller supplies to register a plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct NewPlan {
    pub unit_code: String,
    pub plan_type: PlanType,
    pub name: String,
    /// Horizon year ("to 2035").
    pub horizon_year: Option<i32>,
    /// Vision year ("vision to 2050").
    pub vision_year: Option<i32>,
    /// Map scale denominator: 5000 for 1/5,000.
    pub map_scale: Option<u32>,
    pub area_ha: Option<f64>,
    /// The population the plan forecasts for its horizon year (dân số dự báo, set by the
    /// planning task): the land-use balance is measured against it in m² per person.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub population: Option<u64>,
    #[serde(default)]
    pub bodies: PlanBodies,
    /// Template key; the plan type's default when absent.
    pub template: Option<String>,
}

impl NewPlan {
    /// A plan with only what every plan needs; horizon, scale, area and bodies unset, and the
    /// plan type's default template.
    pub fn new(unit_code: impl Into<String>, plan_type: PlanType, name: impl Into<String>) -> Self {
        NewPlan {
            unit_code: unit_code.into(),
            plan_type,
            name: name.into(),
            horizon_year: None,
            vision_year: None,
            map_scale: None,
            area_ha: None,
            population: None,
            bodies: PlanBodies::default(),
            template: None,
        }
    }

    pub fn validate(&self) -> Result<(), DomainError> {
        if self.name.trim().is_empty() {
            return Err(DomainError::invalid("name", "must not be empty"));
        }
        let max = crate::MAX_TEXT;
        for (field, text) in [
            ("name", &self.name),
            ("unit_code", &self.unit_code),
            ("bodies.preparing", &self.bodies.preparing),
            ("bodies.appraising", &self.bodies.appraising),
            ("bodies.approving", &self.bodies.approving),
        ] {
            if text.chars().count() > max {
                return Err(DomainError::invalid(
                    field,
                    format!("must not be longer than {max} characters"),
                ));
            }
        }
        if let (Some(h), Some(v)) = (self.horizon_year, self.vision_year)
            && v < h
        {
            return Err(DomainError::invalid(
                "vision_year",
                "must not be before the horizon year",
            ));
        }
        if let Some(h) = self.horizon_year
            && !(2000..=2200).contains(&h)
        {
            return Err(DomainError::invalid(
                "horizon_year",
                "must be a year between 2000 and 2200",
            ));
        }
        if let Some(s) = self.map_scale
            && !(100..=1_000_000).contains(&s)
        {
            return Err(DomainError::invalid(
                "map_scale",
                "give the denominator, e.g. 5000 for 1/5,000",
            ));
        }
        if let Some(a) = self.area_ha
            && (!a.is_finite() || a <= 0.0)
        {
            return Err(DomainError::invalid(
                "area_ha",
                "must be a positive number of hectares",
            ));
        }
        if let Some(p) = self.population
            && !(1..=MAX_POPULATION).contains(&p)
        {
            return Err(DomainError::invalid(
                "population",
                format!("must be a number of persons between 1 and {MAX_POPULATION}"),
            ));
        }
        Ok(())
    }
}

/// The largest population a plan may forecast: more than any city of the country, so that a
/// typing slip (an extra digit or two) is caught.
pub const MAX_POPULATION: u64 = 20_000_000;

/// A registered plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Plan {
    pub id: i64,
    pub unit_code: String,
    pub plan_type: PlanType,
    pub name: String,
    pub horizon_year: Option<i32>,
    pub vision_year: Option<i32>,
    pub map_scale: Option<u32>,
    pub area_ha: Option<f64>,
    /// The population forecast for the horizon year, when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub population: Option<u64>,
    pub bodies: PlanBodies,
}
