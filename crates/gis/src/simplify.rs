//! Boundaries simplified for display. The imported boundaries keep every surveyed vertex (the
//! 38 Lai Châu units weigh 3.9 MB as GeoJSON); a map of the province needs far fewer. Each ring
//! is simplified on its own with geo's Douglas–Peucker and rounded to a fixed number of
//! decimals, so the map transfers a few hundred kilobytes. Neighbouring units are simplified
//! separately and may show hairline gaps at high zoom, which a progress map can afford.
//!
//! ```
//! use geojson::GeometryValue;
//! use plantrack_gis::simplify::simplify;
//!
//! let square = GeometryValue::new_polygon([[
//!     [0.0, 0.0], [0.5, 0.000001], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0], [0.0, 0.0],
//! ]]);
//! let GeometryValue::Polygon { coordinates } = simplify(&square, 0.001, 5) else { unreachable!() };
//! assert_eq!(coordinates[0].len(), 5); // the nearly straight vertex is gone
//! ```

use geo::{Coord, LineString, Polygon, Simplify};
use geojson::{GeometryValue, Position};

fn xy(p: &Position) -> (f64, f64) {
    let s = p.as_slice();
    (
        s.first().copied().unwrap_or(0.0),
        s.get(1).copied().unwrap_or(0.0),
    )
}

fn round(v: f64, decimals: i32) -> f64 {
    let scale = 10f64.powi(decimals);
    (v * scale).round() / scale
}

/// A closed ring, simplified: still closed, never fewer than 4 positions (a triangle), with
/// consecutive duplicates removed after rounding.
fn simplify_ring(ring: &[Position], tolerance: f64, decimals: i32) -> Vec<Position> {
    let line: LineString<f64> = ring
        .iter()
        .map(|p| {
            let (x, y) = xy(p);
            Coord { x, y }
        })
        .collect();
    // As a polygon's exterior, so that geo's Douglas–Peucker never leaves fewer than 4 positions.
    let simplified = Polygon::new(line, Vec::new()).simplify(tolerance);
    let mut out: Vec<Position> = Vec::new();
    for c in simplified.exterior() {
        let q = [round(c.x, decimals), round(c.y, decimals)];
        if out.last().is_none_or(|l| l.as_slice() != q) {
            out.push(Position::from(q));
        }
    }
    // Rounding may have merged the closing vertex into its neighbour; close the ring again.
    if out.first() != out.last()
        && let Some(first) = out.first().cloned()
    {
        out.push(first);
    }
    out
}

/// `geometry` with every ring simplified to within `tolerance` (in its own units: degrees for
/// lon/lat) and coordinates rounded to `decimals`. Rings that collapse below a triangle are
/// dropped; so is a polygon whose exterior collapses. Points and lines are only rounded.
pub fn simplify(geometry: &GeometryValue, tolerance: f64, decimals: i32) -> GeometryValue {
    let polygon = |rings: &Vec<Vec<Position>>| -> Option<Vec<Vec<Position>>> {
        let mut out = Vec::new();
        for (i, ring) in rings.iter().enumerate() {
            let simplified = simplify_ring(ring, tolerance, decimals);
            if simplified.len() >= 4 {
                out.push(simplified);
            } else if i == 0 {
                return None;
            }
        }
        Some(out)
    };
    let round_all = |line: &Vec<Position>| -> Vec<Position> {
        line.iter()
            .map(|p| Position::from([round(xy(p).0, decimals), round(xy(p).1, decimals)]))
            .collect()
    };
    match geometry {
        GeometryValue::Polygon { coordinates } => GeometryValue::Polygon {
            coordinates: polygon(coordinates).unwrap_or_default(),
        },
        GeometryValue::MultiPolygon { coordinates } => GeometryValue::MultiPolygon {
            coordinates: coordinates.iter().filter_map(polygon).collect(),
        },
        GeometryValue::LineString { coordinates } => GeometryValue::LineString {
            coordinates: round_all(coordinates),
        },
        GeometryValue::MultiLineString { coordinates } => GeometryValue::MultiLineString {
            coordinates: coordinates.iter().map(round_all).collect(),
        },
        GeometryValue::MultiPoint { coordinates } => GeometryValue::MultiPoint {
            coordinates: round_all(coordinates),
        },
        GeometryValue::Point { coordinates } => GeometryValue::Point {
            coordinates: Position::from([
                round(xy(coordinates).0, decimals),
                round(xy(coordinates).1, decimals),
            ]),
        },
        GeometryValue::GeometryCollection { geometries } => GeometryValue::GeometryCollection {
            geometries: geometries
                .iter()
                .map(|g| geojson::Geometry::new(simplify(&g.value, tolerance, decimals)))
                .collect(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::units_import::read_units_file;
    use geo::Area;

    fn polygon_area(g: &GeometryValue) -> f64 {
        geo::Geometry::<f64>::try_from(g).map_or(0.0, |g| g.unsigned_area())
    }

    #[test]
    fn lai_chau_fits_a_light_map_and_keeps_its_shape() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../data/laichau_communes_2025.geojson");
        let import = read_units_file(&path, &mut |_, _| {}).unwrap();
        let mut bytes = 0;
        for unit in &import.units {
            let original = unit.boundary.as_ref().unwrap();
            let simple = simplify(original, 0.0005, 5);
            let (a, b) = (polygon_area(original), polygon_area(&simple));
            assert!(
                (b / a - 1.0).abs() < 0.02,
                "{}: area changed by {:.2} %",
                unit.unit.code,
                (b / a - 1.0) * 100.0
            );
            let rings: Vec<&Vec<Position>> = match &simple {
                GeometryValue::MultiPolygon { coordinates } => {
                    coordinates.iter().flatten().collect()
                }
                GeometryValue::Polygon { coordinates } => coordinates.iter().collect(),
                _ => panic!("{}: not a polygon", unit.unit.code),
            };
            assert!(!rings.is_empty());
            for ring in rings {
                assert!(
                    ring.len() >= 4 && ring.first() == ring.last(),
                    "{}: ring not closed",
                    unit.unit.code
                );
            }
            bytes += serde_json::to_string(&simple).unwrap().len();
        }
        // The issue's budget for the whole map of 38 units is 300 KB.
        eprintln!("38 Lai Châu units simplified: {bytes} bytes of GeoJSON geometry");
        assert!(bytes < 300_000, "{bytes} bytes");
    }

    #[test]
    fn a_tiny_ring_stays_a_closed_triangle_or_goes() {
        let sliver =
            GeometryValue::new_polygon([[[0.0, 0.0], [1e-7, 0.0], [1e-7, 1e-7], [0.0, 0.0]]]);
        match simplify(&sliver, 0.001, 5) {
            GeometryValue::Polygon { coordinates } => {
                assert!(coordinates.is_empty() || coordinates[0].len() >= 4);
            }
            other => panic!("{other:?}"),
        }
    }
}
