//! Coordinate systems plantrack reads and measures in: WGS 84 longitude/latitude (GeoJSON,
//! RFC 7946) and VN-2000 — geographic, the national UTM zones 48 and 49, and the provincial
//! TM-3 zones (Thông tư 973/2001/TT-TCĐC: a central meridian per province, k = 0.9999, false
//! easting 500 km). Planar areas of a province's plans are measured in its TM-3 zone.
//!
//! VN-2000 differs from WGS 84 by EPSG's 7-parameter "VN-2000 to WGS 84 (2)". EPSG gives it in
//! the coordinate-frame convention; PROJ's `+towgs84` uses position vector, so the rotations
//! change sign. The string copied around the web with the EPSG signs kept is 0.75 m off — a
//! test below guards against it.

use proj4rs::Proj;

use crate::error::GisError;

mod tm3_zones;

pub use tm3_zones::{
    Certainty, EpsgZone, ProvinceMeridian, epsg_of_meridian, epsg_zones, meridian_of_epsg,
    province_meridian, province_meridians,
};

/// `+towgs84` for VN-2000 (position-vector form of EPSG "VN-2000 to WGS 84 (2)").
pub const VN2000_TOWGS84: &str =
    "-191.90441429,-39.30318279,-111.45032835,0.00928836,-0.01975479,0.00427372,0.252906278";

/// A coordinate system plantrack knows.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Crs {
    /// WGS 84 longitude/latitude in degrees (EPSG:4326 with x = longitude).
    Wgs84,
    /// VN-2000 longitude/latitude in degrees (EPSG:4756).
    Vn2000,
    /// VN-2000 / UTM zone 48 or 49 (EPSG:3405, 3406).
    Vn2000Utm { zone: u8 },
    /// VN-2000 / a provincial TM-3 zone with this central meridian in degrees.
    Vn2000Tm3 { central_meridian: f64 },
}

impl Crs {
    /// The TM-3 zone of a province, when its meridian is known.
    pub fn province_tm3(province_code: &str) -> Option<Crs> {
        province_meridian(province_code).map(|m| Crs::Vn2000Tm3 {
            central_meridian: m.degrees,
        })
    }

    /// The coordinate system of an EPSG code plantrack supports.
    pub fn from_epsg(code: u32) -> Option<Crs> {
        Some(match code {
            4326 | 4979 => Crs::Wgs84,
            4756 => Crs::Vn2000,
            3405 => Crs::Vn2000Utm { zone: 48 },
            3406 => Crs::Vn2000Utm { zone: 49 },
            _ => Crs::Vn2000Tm3 {
                central_meridian: meridian_of_epsg(code)?,
            },
        })
    }

    /// The EPSG code of this system, if EPSG defines one (every TM-3 zone of a province does).
    pub fn epsg(self) -> Option<u32> {
        match self {
            Crs::Wgs84 => Some(4326),
            Crs::Vn2000 => Some(4756),
            Crs::Vn2000Utm { zone: 48 } => Some(3405),
            Crs::Vn2000Utm { zone: 49 } => Some(3406),
            Crs::Vn2000Utm { .. } => None,
            Crs::Vn2000Tm3 { central_meridian } => epsg_of_meridian(central_meridian),
        }
    }

    pub fn is_geographic(self) -> bool {
        matches!(self, Crs::Wgs84 | Crs::Vn2000)
    }

    /// The PROJ string proj4rs runs.
    pub fn proj_string(self) -> String {
        match self {
            Crs::Wgs84 => "+proj=longlat +datum=WGS84 +no_defs".into(),
            Crs::Vn2000 => format!("+proj=longlat +ellps=WGS84 +towgs84={VN2000_TOWGS84} +no_defs"),
            Crs::Vn2000Utm { zone } => format!(
                "+proj=utm +zone={zone} +ellps=WGS84 +towgs84={VN2000_TOWGS84} +units=m +no_defs"
            ),
            Crs::Vn2000Tm3 { central_meridian } => format!(
                "+proj=tmerc +lat_0=0 +lon_0={central_meridian} +k=0.9999 +x_0=500000 +y_0=0 \
                 +ellps=WGS84 +towgs84={VN2000_TOWGS84} +units=m +no_defs"
            ),
        }
    }

    fn proj(self) -> Result<Proj, GisError> {
        Proj::from_proj_string(&self.proj_string())
            .map_err(|e| GisError::Crs(format!("{}: {e}", self.proj_string())))
    }
}

/// The coordinate system a WKT text (a .prj's ESRI WKT, a GeoPackage's OGC WKT) names, if
/// plantrack knows it.
pub fn crs_of_wkt(wkt: &str) -> Option<Crs> {
    let upper = wkt.to_ascii_uppercase();
    let param = |name: &str| -> Option<f64> {
        let key = format!("PARAMETER[\"{}\"", name.to_ascii_uppercase());
        let at = upper.find(&key)? + key.len();
        let rest = &upper[at..];
        let value = rest.trim_start_matches([',', ' ']);
        let end = value.find(']')?;
        value[..end].trim().parse().ok()
    };
    // VN-2000 by name, or by its datum shift (EPSG's (1) or (2) parameters), which GDAL's
    // ESRI-style .prj writes into the datum's name ("…USING_TOWGS84_-191_90441429_…").
    let vn2000 = [
        "VN-2000",
        "VN_2000",
        "VN2000",
        "TOWGS84[-191.9",
        "TOWGS84[-192.8",
        "TOWGS84_-191_9",
        "TOWGS84_-192_8",
    ]
    .iter()
    .any(|m| upper.contains(m));
    let wgs84 = upper.contains("WGS_1984") || upper.contains("WGS 84") || upper.contains("WGS84");
    if !upper.contains("PROJCS") {
        return if vn2000 {
            Some(Crs::Vn2000)
        } else if wgs84 && upper.contains("GEOGCS") {
            Some(Crs::Wgs84)
        } else {
            None
        };
    }
    if !vn2000 || !upper.contains("TRANSVERSE_MERCATOR") {
        return None;
    }
    let meridian = param("central_meridian")?;
    let scale = param("scale_factor")?;
    let easting = param("false_easting")?;
    if (easting - 500_000.0).abs() > 1e-6 {
        return None;
    }
    if (scale - 0.9996).abs() < 1e-9 {
        match meridian {
            m if (m - 105.0).abs() < 1e-9 => Some(Crs::Vn2000Utm { zone: 48 }),
            m if (m - 111.0).abs() < 1e-9 => Some(Crs::Vn2000Utm { zone: 49 }),
            _ => None,
        }
    } else if (scale - 0.9999).abs() < 1e-9 {
        Some(Crs::Vn2000Tm3 {
            central_meridian: meridian,
        })
    } else {
        None
    }
}

/// Transforms points from one coordinate system to another. Degrees in and out for
/// geographic systems, metres for projected ones.
pub struct Transformer {
    from: Proj,
    to: Proj,
    from_geographic: bool,
    to_geographic: bool,
}

impl Transformer {
    pub fn new(from: Crs, to: Crs) -> Result<Self, GisError> {
        Ok(Transformer {
            from: from.proj()?,
            to: to.proj()?,
            from_geographic: from.is_geographic(),
            to_geographic: to.is_geographic(),
        })
    }

    /// One point `(x, y)`: longitude and latitude, or easting and northing, on the ellipsoid
    /// (height 0).
    pub fn transform(&self, x: f64, y: f64) -> Result<(f64, f64), GisError> {
        self.transform_3d(x, y, 0.0).map(|(x, y, _)| (x, y))
    }

    /// One point with its ellipsoidal height. The datum shift moves the height by tens of
    /// metres; a round trip that drops it (as [`Transformer::transform`] does) comes back about
    /// a millimetre off, one that carries it comes back exactly.
    pub fn transform_3d(&self, x: f64, y: f64, z: f64) -> Result<(f64, f64, f64), GisError> {
        let (x, y) = if self.from_geographic {
            (x.to_radians(), y.to_radians())
        } else {
            (x, y)
        };
        let (x, y, z) = proj4rs::adaptors::transform_xyz(&self.from, &self.to, x, y, z)
            .map_err(|e| GisError::Crs(format!("transform ({x}, {y}): {e}")))?;
        Ok(if self.to_geographic {
            (x.to_degrees(), y.to_degrees(), z)
        } else {
            (x, y, z)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The control points PROJ computed (tests/data/make_vn2000_control.py).
    fn control_points() -> Vec<(String, f64, f64, f64, f64)> {
        include_str!("../../tests/data/vn2000_laichau_control.csv")
            .lines()
            .filter(|l| !l.starts_with('#') && !l.starts_with("id,"))
            .map(|l| {
                let f: Vec<&str> = l.split(',').collect();
                let n = |i: usize| f[i].parse::<f64>().expect("a number");
                (f[0].to_owned(), n(1), n(2), n(3), n(4))
            })
            .collect()
    }

    #[test]
    fn lai_chau_tm3_matches_proj_within_a_centimetre() {
        let tm3 = Crs::province_tm3("12").expect("Lai Châu's meridian");
        let forward = Transformer::new(Crs::Wgs84, tm3).unwrap();
        let points = control_points();
        assert!(points.len() >= 10);
        let mut worst = 0.0_f64;
        for (id, lon, lat, x, y) in points {
            let (ex, ny) = forward.transform(lon, lat).unwrap();
            let off = ((ex - x).powi(2) + (ny - y).powi(2)).sqrt();
            worst = worst.max(off);
            assert!(
                off < 0.01,
                "{id}: {off:.4} m from PROJ ({ex:.4}, {ny:.4} vs {x}, {y})"
            );
        }
        eprintln!("largest difference from PROJ: {:.2} mm", worst * 1000.0);
    }

    #[test]
    fn there_and_back_returns_within_a_millimetre() {
        let tm3 = Crs::province_tm3("12").unwrap();
        let forward = Transformer::new(Crs::Wgs84, tm3).unwrap();
        let back = Transformer::new(tm3, Crs::Wgs84).unwrap();
        // Metres per degree near 22° N, to judge the difference in metres.
        let metres = |dlon: f64, dlat: f64, lat: f64| {
            let east = dlon * lat.to_radians().cos() * 111_320.0;
            let north = dlat * 110_574.0;
            (east * east + north * north).sqrt()
        };
        for (id, lon, lat, _, _) in control_points() {
            let (x, y, h) = forward.transform_3d(lon, lat, 0.0).unwrap();
            let (lon2, lat2, h2) = back.transform_3d(x, y, h).unwrap();
            let off = metres(lon2 - lon, lat2 - lat, lat);
            assert!(
                off < 0.001 && h2.abs() < 0.001,
                "{id}: back {off:.6} m off, height {h2}"
            );
        }
    }

    #[test]
    fn the_sign_flipped_parameters_are_off_by_most_of_a_metre() {
        // The widely copied string keeps EPSG's coordinate-frame signs in +towgs84.
        let wrong = "+proj=tmerc +lat_0=0 +lon_0=103 +k=0.9999 +x_0=500000 +y_0=0 +ellps=WGS84 \
             +towgs84=-191.90441429,-39.30318279,-111.45032835,-0.00928836,0.01975479,-0.00427372,0.252906278 +units=m";
        let wrong = Proj::from_proj_string(wrong).unwrap();
        let wgs84 = Crs::Wgs84.proj().unwrap();
        let (_, lon, lat, x, y) = control_points().remove(0);
        let (ex, ny) =
            proj4rs::adaptors::transform_xy(&wgs84, &wrong, lon.to_radians(), lat.to_radians())
                .unwrap();
        let off = ((ex - x).powi(2) + (ny - y).powi(2)).sqrt();
        assert!(
            off > 0.5,
            "the wrong signs should be visibly off, were {off:.3} m"
        );
    }

    #[test]
    fn epsg_codes_map_to_the_systems_and_back() {
        assert_eq!(Crs::from_epsg(4326), Some(Crs::Wgs84));
        assert_eq!(Crs::from_epsg(3405), Some(Crs::Vn2000Utm { zone: 48 }));
        assert_eq!(
            Crs::from_epsg(9205),
            Some(Crs::Vn2000Tm3 {
                central_meridian: 103.0
            })
        );
        assert_eq!(Crs::from_epsg(2154), None);
        for zone in epsg_zones() {
            let crs = Crs::from_epsg(zone.epsg).unwrap();
            assert_eq!(crs.epsg(), Some(zone.epsg));
        }
        assert_eq!(Crs::province_tm3("12").and_then(Crs::epsg), Some(9205));
    }

    /// Every VN-2000 system EPSG defines, transformed by plantrack and by PROJ from EPSG's own
    /// definitions (tests/data/make_vn2000_epsg_control.py): within a centimetre (projected)
    /// or its equivalent in degrees (geographic).
    #[test]
    fn every_vn2000_epsg_code_matches_proj() {
        let mut codes = std::collections::BTreeSet::new();
        for line in include_str!("../../tests/data/vn2000_epsg_control.csv")
            .lines()
            .filter(|l| !l.starts_with('#') && !l.starts_with("epsg,"))
        {
            let f: Vec<&str> = line.split(',').collect();
            let code: u32 = f[0].parse().unwrap();
            let n = |i: usize| f[i].parse::<f64>().expect("a number");
            let crs = Crs::from_epsg(code).unwrap_or_else(|| panic!("EPSG:{code} ({})", f[1]));
            let (x, y) = Transformer::new(Crs::Wgs84, crs)
                .unwrap()
                .transform(n(2), n(3))
                .unwrap();
            let off = if crs.is_geographic() {
                (x - n(4)).abs().max((y - n(5)).abs()) * 111_000.0
            } else {
                ((x - n(4)).powi(2) + (y - n(5)).powi(2)).sqrt()
            };
            assert!(off < 0.01, "EPSG:{code} ({}): {off:.4} m from PROJ", f[1]);
            codes.insert(code);
        }
        // Geographic, UTM 48 and 49, and every TM-3 zone.
        assert_eq!(codes.len(), 3 + epsg_zones().len());
    }
}
