//! The provincial TM-3 zones of VN-2000 as data (`data/vn2000_tm3.toml`): each EPSG code's
//! meridian, the meridians of the 63 former provinces (Thông tư 973/2001/TT-TCĐC) and, for each
//! of the 34 provinces since 1 July 2025, the meridian it measures in and how sure that is.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use serde::Deserialize;

/// How sure plantrack is of a province's meridian (the tags of `docs/` and the templates).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Certainty {
    /// Read in the official text.
    Verified,
    /// From a secondary source.
    Secondary,
    /// Not verified: the province should confirm it.
    Unverified,
}

impl Certainty {
    /// The one-letter tag (V, S, U).
    pub fn tag(self) -> &'static str {
        match self {
            Certainty::Verified => "V",
            Certainty::Secondary => "S",
            Certainty::Unverified => "U",
        }
    }
}

/// A province's TM-3 central meridian, with how sure we are of it.
#[derive(Debug, Clone, PartialEq)]
pub struct ProvinceMeridian {
    pub province_code: String,
    pub degrees: f64,
    pub certainty: Certainty,
    /// The former provinces (before 1 July 2025) whose meridian differs from `degrees`, with
    /// theirs: maps made there before the merger are in those zones.
    pub other_zones: Vec<(String, f64)>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ZonesFile {
    zone: Vec<EpsgZone>,
    former: BTreeMap<String, f64>,
    province: Vec<ProvinceEntry>,
}

/// An EPSG code of a VN-2000 TM-3 zone and its central meridian.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EpsgZone {
    pub epsg: u32,
    pub meridian: f64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProvinceEntry {
    code: String,
    /// The former provinces, the one holding the new seat first.
    formed_from: Vec<String>,
}

/// Lai Châu's meridian is the one read in the circular (issue 5); the rest of the table comes
/// from its copies.
const VERIFIED_FORMER: &[&str] = &["Lai Châu"];

struct Zones {
    epsg: Vec<EpsgZone>,
    provinces: Vec<ProvinceMeridian>,
}

static ZONES: LazyLock<Zones> = LazyLock::new(|| {
    load(include_str!("../../data/vn2000_tm3.toml")).expect("data/vn2000_tm3.toml is valid")
});

fn load(text: &str) -> Result<Zones, String> {
    let file: ZonesFile = toml::from_str(text).map_err(|e| e.to_string())?;
    let mut provinces = Vec::with_capacity(file.province.len());
    for entry in file.province {
        let meridian_of = |name: &String| {
            file.former
                .get(name)
                .copied()
                .ok_or_else(|| format!("province {}: no former province {name}", entry.code))
        };
        let seat = entry
            .formed_from
            .first()
            .ok_or_else(|| format!("province {}: formed from nothing", entry.code))?;
        let degrees = meridian_of(seat)?;
        let mut other_zones = Vec::new();
        for name in &entry.formed_from {
            let m = meridian_of(name)?;
            if (m - degrees).abs() > 1e-9 {
                other_zones.push((name.clone(), m));
            }
        }
        let certainty = if !other_zones.is_empty() {
            Certainty::Unverified
        } else if entry
            .formed_from
            .iter()
            .all(|n| VERIFIED_FORMER.contains(&n.as_str()))
        {
            Certainty::Verified
        } else {
            Certainty::Secondary
        };
        provinces.push(ProvinceMeridian {
            province_code: entry.code,
            degrees,
            certainty,
            other_zones,
        });
    }
    Ok(Zones {
        epsg: file.zone,
        provinces,
    })
}

/// The meridians of the 34 provinces.
pub fn province_meridians() -> &'static [ProvinceMeridian] {
    &ZONES.provinces
}

/// A province's meridian, when plantrack knows the province.
pub fn province_meridian(province_code: &str) -> Option<&'static ProvinceMeridian> {
    ZONES
        .provinces
        .iter()
        .find(|m| m.province_code == province_code)
}

/// The TM-3 zones that have an EPSG code.
pub fn epsg_zones() -> &'static [EpsgZone] {
    &ZONES.epsg
}

/// The meridian of a TM-3 zone's EPSG code.
pub fn meridian_of_epsg(code: u32) -> Option<f64> {
    ZONES
        .epsg
        .iter()
        .find(|z| z.epsg == code)
        .map(|z| z.meridian)
}

/// The EPSG code of the TM-3 zone with this meridian, if EPSG defines one.
pub fn epsg_of_meridian(meridian: f64) -> Option<u32> {
    ZONES
        .epsg
        .iter()
        .find(|z| (z.meridian - meridian).abs() < 1e-9)
        .map(|z| z.epsg)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_province_of_the_country_has_a_meridian_with_an_epsg_code() {
        let units: serde_json::Value =
            serde_json::from_str(include_str!("../../../../data/vn_units_2025.json"))
                .expect("the national unit list");
        let codes: Vec<&str> = units
            .as_array()
            .expect("a list of provinces")
            .iter()
            .map(|p| p["Code"].as_str().expect("a code"))
            .collect();
        assert_eq!(codes.len(), 34);
        assert_eq!(province_meridians().len(), 34);
        for code in codes {
            let m = province_meridian(code).unwrap_or_else(|| panic!("province {code}"));
            assert!(
                epsg_of_meridian(m.degrees).is_some(),
                "province {code}: {}° has no EPSG code",
                m.degrees
            );
            for (former, degrees) in &m.other_zones {
                assert!(
                    epsg_of_meridian(*degrees).is_some(),
                    "{former}: {degrees}° has no EPSG code"
                );
            }
        }
    }

    #[test]
    fn a_merged_province_keeps_a_shared_meridian_and_flags_a_split_one() {
        let lai_chau = province_meridian("12").unwrap();
        assert_eq!(epsg_of_meridian(lai_chau.degrees), Some(9205));
        assert_eq!(lai_chau.certainty, Certainty::Verified);
        // Lào Cai and Yên Bái were both at 104°45′.
        let lao_cai = province_meridian("15").unwrap();
        assert_eq!(
            (epsg_of_meridian(lao_cai.degrees), lao_cai.certainty),
            (Some(9208), Certainty::Secondary)
        );
        assert!(lao_cai.other_zones.is_empty());
        // Phú Thọ (104°45′), Vĩnh Phúc (105°00′) and Hòa Bình (106°00′): the seat's meridian,
        // to be confirmed, and the other two named.
        let phu_tho = province_meridian("25").unwrap();
        assert_eq!(
            (epsg_of_meridian(phu_tho.degrees), phu_tho.certainty),
            (Some(9208), Certainty::Unverified)
        );
        let others: Vec<(&str, Option<u32>)> = phu_tho
            .other_zones
            .iter()
            .map(|(name, degrees)| (name.as_str(), epsg_of_meridian(*degrees)))
            .collect();
        assert_eq!(
            others,
            [("Vĩnh Phúc", Some(5897)), ("Hòa Bình", Some(9211))]
        );
    }

    #[test]
    fn a_table_naming_an_unknown_former_province_is_refused() {
        let text = "zone = []\n[former]\n\"A\" = 103.0\n[[province]]\ncode = \"99\"\nformed_from = [\"B\"]\n";
        let err = load(text).err().expect("refused");
        assert!(err.contains("no former province B"), "{err}");
    }
}
