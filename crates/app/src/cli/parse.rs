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
    // Every VN-2000 system EPSG defines (geographic, UTM, each TM-3 zone) and WGS 84.
    if let Some(code) = t.strip_prefix("epsg:") {
        return code
            .parse::<u32>()
            .ok()
            .and_then(Crs::from_epsg)
            .ok_or_else(|| format!("{text}: not a VN-2000 or WGS 84 system plantrack knows"));
    }
    match t.as_str() {
        "wgs84" => Ok(Crs::Wgs84),
        "vn2000" => Ok(Crs::Vn2000),
        "utm48" => Ok(Crs::Vn2000Utm { zone: 48 }),
        "utm49" => Ok(Crs::Vn2000Utm { zone: 49 }),
        _ => t
            .strip_prefix("tm3:")
            .and_then(|m| m.parse::<f64>().ok())
            .filter(|m| (100.0..=112.0).contains(m))
            .map(|central_meridian| Crs::Vn2000Tm3 { central_meridian })
            .ok_or_else(|| {
                "expected wgs84, vn2000, utm48, utm49, tm3:<meridian> or an EPSG code (EPSG:9205)"
                    .to_owned()
            }),
    }
}
