//! Value parsers for arguments that several commands share.

use plantrack_domain::plan::PlanType;
use plantrack_gis::crs::Crs;
use plantrack_gis::import::TextEncoding;

pub fn parse_plan_type(s: &str) -> Result<PlanType, String> {
    PlanType::parse(s).ok_or_else(|| {
        let all: Vec<&str> = PlanType::ALL.iter().map(|t| t.as_str()).collect();
        format!("unknown plan type '{s}'; one of: {}", all.join(", "))
    })
}

/// A record-time instant: an RFC 3339 time, or a date for the end of that day in Vietnam.
pub fn parse_known_on(s: &str) -> Result<chrono::DateTime<chrono::Utc>, String> {
    plantrack_domain::calendar::bounds::parse_known_on(s).ok_or_else(|| {
        format!(
            "'{s}' is neither a date (YYYY-MM-DD) nor an RFC 3339 time (2025-11-25T17:00:00+07:00)"
        )
    })
}

pub fn parse_encoding(text: &str) -> Result<TextEncoding, String> {
    TextEncoding::from_name(text).ok_or_else(|| format!("expected {}", TextEncoding::NAMES))
}

pub fn parse_crs(text: &str) -> Result<Crs, String> {
    let t = text.trim().to_ascii_lowercase();
    match t.as_str() {
        "wgs84" | "epsg:4326" => Ok(Crs::Wgs84),
        "vn2000" | "epsg:4756" => Ok(Crs::Vn2000),
        "utm48" | "epsg:3405" => Ok(Crs::Vn2000Utm { zone: 48 }),
        "utm49" | "epsg:3406" => Ok(Crs::Vn2000Utm { zone: 49 }),
        _ => t
            .strip_prefix("tm3:")
            .and_then(|m| m.parse::<f64>().ok())
            .filter(|m| (100.0..=112.0).contains(m))
            .map(|central_meridian| Crs::Vn2000Tm3 { central_meridian })
            .ok_or_else(|| "expected wgs84, vn2000, utm48, utm49 or tm3:<meridian>".to_owned()),
    }
}
