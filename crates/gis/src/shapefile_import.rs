//! Zipped ESRI Shapefiles (.shp, .shx, .dbf, .prj), as departments and consultants
//! exchange them, turned into RFC 7946 GeoJSON in WGS 84 so that the rest of plantrack reads
//! one format. The coordinate system comes from the .prj (WGS 84, or VN-2000 geographic, UTM
//! 48/49 or a provincial TM-3 zone); a missing or unknown .prj is an error that asks for it.
//! Polygon rings come in the Shapefile's order (outer rings clockwise); each outer ring with
//! the holes after it becomes one polygon.

use std::io::{Cursor, Read};

use geojson::{Feature, FeatureCollection, Geometry, GeometryValue, JsonObject};
use shapefile::dbase::FieldValue;
use shapefile::{PolygonRing, Shape};

use crate::crs::{Crs, Transformer};
use crate::error::GisError;

/// The coordinate system a .prj (ESRI WKT) names, if plantrack knows it.
pub fn crs_of_prj(wkt: &str) -> Option<Crs> {
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

/// Reads a zipped Shapefile into a WGS 84 FeatureCollection. Attributes become properties;
/// the feature id is the `id` attribute when there is one, else the record number. `crs`
/// overrides the .prj (and is required without one).
pub fn read_zipped_shapefile(
    file: &str,
    bytes: &[u8],
    crs: Option<Crs>,
) -> Result<FeatureCollection, GisError> {
    let parse = |message: String| GisError::Parse {
        file: file.to_owned(),
        message,
    };
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| parse(format!("not a zip archive: {e}")))?;
    let mut part = |ext: &str| -> Result<Option<Vec<u8>>, GisError> {
        let name = (0..archive.len()).find_map(|i| {
            let n = archive.name_for_index(i)?.to_owned();
            n.to_ascii_lowercase().ends_with(ext).then_some(n)
        });
        match name {
            None => Ok(None),
            Some(n) => {
                let mut entry = archive
                    .by_name(&n)
                    .map_err(|e| parse(format!("{n}: {e}")))?;
                let mut out = Vec::new();
                entry
                    .read_to_end(&mut out)
                    .map_err(|e| parse(format!("{n}: {e}")))?;
                Ok(Some(out))
            }
        }
    };
    let shp = part(".shp")?.ok_or_else(|| parse("the archive holds no .shp file".into()))?;
    let shx = part(".shx")?.ok_or_else(|| parse("the archive holds no .shx file".into()))?;
    let dbf = part(".dbf")?.ok_or_else(|| parse("the archive holds no .dbf file".into()))?;
    let source = match (crs, part(".prj")?) {
        (Some(c), _) => c,
        (None, Some(prj)) => {
            let wkt = String::from_utf8_lossy(&prj);
            crs_of_prj(&wkt).ok_or_else(|| {
                parse(format!(
                    "the .prj names a coordinate system plantrack does not know ({}); give it with --crs",
                    wkt.chars().take(80).collect::<String>()
                ))
            })?
        }
        (None, None) => {
            return Err(parse(
                "the archive has no .prj: give the coordinate system with --crs (wgs84, vn2000, utm48, utm49 or tm3:<meridian>)".into(),
            ));
        }
    };
    let to_lonlat = Transformer::new(source, Crs::Wgs84)?;
    let shapes = shapefile::ShapeReader::with_shx(Cursor::new(shp), Cursor::new(shx))
        .map_err(|e| parse(format!(".shp: {e}")))?;
    let records =
        shapefile::dbase::Reader::new(Cursor::new(dbf)).map_err(|e| parse(format!(".dbf: {e}")))?;
    let mut reader = shapefile::Reader::new(shapes, records);
    let mut features = Vec::new();
    for (index, item) in reader.iter_shapes_and_records().enumerate() {
        let (shape, record) = item.map_err(|e| parse(format!("record {}: {e}", index + 1)))?;
        let mut properties = JsonObject::new();
        for (name, value) in record {
            let v = match value {
                FieldValue::Character(Some(s)) => serde_json::Value::from(s.trim_end().to_owned()),
                FieldValue::Numeric(Some(n)) => serde_json::Value::from(n),
                FieldValue::Float(Some(n)) => serde_json::Value::from(f64::from(n)),
                FieldValue::Integer(n) => serde_json::Value::from(n),
                FieldValue::Double(n) => serde_json::Value::from(n),
                FieldValue::Logical(Some(b)) => serde_json::Value::from(b),
                _ => serde_json::Value::Null,
            };
            properties.insert(name.to_lowercase(), v);
        }
        let id = match properties.get("id") {
            Some(serde_json::Value::String(s)) if !s.is_empty() => s.clone(),
            Some(serde_json::Value::Number(n)) => {
                n.as_f64().map_or_else(|| n.to_string(), |f| format!("{f}"))
            }
            _ => format!("{}", index + 1),
        };
        let project = |x: f64, y: f64| -> Result<Vec<f64>, GisError> {
            let (lon, lat) = to_lonlat.transform(x, y)?;
            Ok(vec![lon, lat])
        };
        let rings: Vec<(bool, Vec<Vec<f64>>)> = match &shape {
            Shape::Polygon(p) => p
                .rings()
                .iter()
                .map(|r| {
                    let (outer, points) = match r {
                        PolygonRing::Outer(points) => (true, points),
                        PolygonRing::Inner(points) => (false, points),
                    };
                    let line = points
                        .iter()
                        .map(|pt| project(pt.x, pt.y))
                        .collect::<Result<Vec<_>, _>>()?;
                    Ok((outer, line))
                })
                .collect::<Result<_, GisError>>()?,
            Shape::NullShape => Vec::new(),
            other => {
                return Err(GisError::Field {
                    file: file.to_owned(),
                    feature: id,
                    field: "geometry".into(),
                    message: format!("a {} (expected polygons)", other.shapetype()),
                });
            }
        };
        // Each outer ring starts a polygon; holes follow it. GeoJSON wants outer rings
        // counter-clockwise: reverse the Shapefile's clockwise order.
        let mut polygons: Vec<Vec<Vec<Vec<f64>>>> = Vec::new();
        for (outer, mut ring) in rings {
            ring.reverse();
            if outer || polygons.is_empty() {
                polygons.push(vec![ring]);
            } else if let Some(last) = polygons.last_mut() {
                last.push(ring);
            }
        }
        let geometry = match polygons.len() {
            0 => None,
            1 => Some(Geometry::new(GeometryValue::new_polygon(
                polygons.remove(0),
            ))),
            _ => Some(Geometry::new(GeometryValue::new_multi_polygon(polygons))),
        };
        features.push(Feature {
            bbox: None,
            geometry,
            id: Some(geojson::feature::Id::String(id)),
            properties: Some(properties),
            foreign_members: None,
        });
    }
    Ok(FeatureCollection {
        bbox: None,
        features,
        foreign_members: None,
    })
}
