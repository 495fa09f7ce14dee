//! Administrative units after Vietnam's 1 July 2025 reorganisation: 34 provinces and the
//! commune-level units (xã, phường, đặc khu) below them, each with the units it was merged from.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::DomainError;

/// The level and kind of an administrative unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum UnitKind {
    /// A province or a centrally-run city (tỉnh, thành phố trực thuộc trung ương).
    Province,
    /// A rural commune (xã).
    Commune,
    /// An urban ward (phường).
    Ward,
    /// A special zone (đặc khu), the island units.
    SpecialZone,
}

impl UnitKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Province => "province",
            Self::Commune => "commune",
            Self::Ward => "ward",
            Self::SpecialZone => "special_zone",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "province" => Self::Province,
            "commune" => Self::Commune,
            "ward" => Self::Ward,
            "special_zone" => Self::SpecialZone,
            _ => return None,
        })
    }

    /// The Vietnamese short name a source file uses ("Xã", "Phường", "Đặc khu", "Tỉnh", "Thành phố").
    pub fn from_vietnamese(short_name: &str) -> Option<Self> {
        Some(match short_name.trim() {
            "Xã" => Self::Commune,
            "Phường" => Self::Ward,
            "Đặc khu" => Self::SpecialZone,
            "Tỉnh" | "Thành phố" => Self::Province,
            _ => return None,
        })
    }
}

/// A unit that existed before the 2025 reorganisation and was merged into a new one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct FormerUnit {
    pub code: String,
    pub name: String,
    /// `full` when the whole former unit went into the new one, `partial` when it was split.
    pub merge_type: String,
}

/// A province or commune-level unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct AdminUnit {
    /// Official GSO code: 2 digits for a province, 5 for a commune-level unit.
    pub code: String,
    /// The province's code, for a commune-level unit; `None` for a province.
    pub parent_code: Option<String>,
    pub kind: UnitKind,
    /// Short Vietnamese name ("Sìn Hồ").
    pub name_vi: String,
    /// Name without diacritics, as the GSO list gives it ("Sin Ho").
    pub name_en: String,
    /// Full Vietnamese name ("Xã Sìn Hồ").
    pub full_name: String,
    pub area_km2: Option<f64>,
    /// The units it was formed from; empty when unknown or not merged.
    #[serde(default)]
    pub lineage: Vec<FormerUnit>,
}

impl AdminUnit {
    /// Checks what the importers and the API cannot leave to the database.
    pub fn validate(&self) -> Result<(), DomainError> {
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        match self.kind {
            UnitKind::Province if !(self.code.len() == 2 && digits(&self.code)) => {
                return Err(DomainError::invalid("code", "a province code has 2 digits"));
            }
            UnitKind::Commune | UnitKind::Ward | UnitKind::SpecialZone
                if !(self.code.len() == 5 && digits(&self.code)) =>
            {
                return Err(DomainError::invalid(
                    "code",
                    "a commune-level code has 5 digits",
                ));
            }
            _ => {}
        }
        if self.kind != UnitKind::Province && self.parent_code.is_none() {
            return Err(DomainError::invalid(
                "parent_code",
                "a commune-level unit needs its province",
            ));
        }
        if self.name_vi.trim().is_empty() {
            return Err(DomainError::invalid("name", "must not be empty"));
        }
        if let Some(a) = self.area_km2
            && (!a.is_finite() || a < 0.0)
        {
            return Err(DomainError::invalid(
                "area_km2",
                "must be a non-negative number",
            ));
        }
        Ok(())
    }
}
