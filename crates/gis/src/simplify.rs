//! Boundaries simplified for display. The imported boundaries keep every surveyed vertex (the
//! 38 Lai Châu units weigh 3.9 MB as GeoJSON); a map of the province needs far fewer. Each ring
//! is simplified on its own with Douglas–Peucker and rounded to a fixed number of decimals, so
//! the map transfers a few hundred kilobytes. Neighbouring units are simplified separately and
//! may show hairline gaps at high zoom, which a progress map can afford.
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

use geojson::{GeometryValue, Position};

fn xy(p: &Position) -> (f64, f64) {
    let s = p.as_slice();
    (
        s.first().copied().unwrap_or(0.0),
        s.get(1).copied().unwrap_or(0.0),
    )
}

/// Distance from `p` to the segment `a`–`b`.
fn segment_distance(p: (f64, f64), a: (f64, f64), b: (f64, f64)) -> f64 {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let len2 = dx * dx + dy * dy;
    let t = if len2 == 0.0 {
        0.0
    } else {
        (((p.0 - a.0) * dx + (p.1 - a.1) * dy) / len2).clamp(0.0, 1.0)
    };
    let (x, y) = (a.0 + t * dx, a.1 + t * dy);
    ((p.0 - x).powi(2) + (p.1 - y).powi(2)).sqrt()
}

/// Marks the vertices of `points[first..=last]` that Douglas–Peucker keeps. Iterative, so a
/// ring of many thousand vertices cannot overflow the stack.
fn douglas_peucker(points: &[(f64, f64)], tolerance: f64, keep: &mut [bool]) {
    let mut stack = vec![(0, points.len() - 1)];
    while let Some((first, last)) = stack.pop() {
        if last <= first + 1 {
            continue;
        }
        let (mut farthest, mut distance) = (first, 0.0);
        for (i, p) in points.iter().enumerate().take(last).skip(first + 1) {
            let d = segment_distance(*p, points[first], points[last]);
            if d > distance {
                (farthest, distance) = (i, d);
            }
        }
        if distance > tolerance {
            keep[farthest] = true;
            stack.push((first, farthest));
            stack.push((farthest, last));
        }
    }
}

fn round(v: f64, decimals: i32) -> f64 {
    let scale = 10f64.powi(decimals);
    (v * scale).round() / scale
}

/// A closed ring, simplified: still closed, never fewer than 4 positions (a triangle), with
/// consecutive duplicates removed after rounding.
fn simplify_ring(ring: &[Position], tolerance: f64, decimals: i32) -> Vec<Position> {
    let points: Vec<(f64, f64)> = ring.iter().map(xy).collect();
    if points.len() <= 4 {
        return points
            .iter()
            .map(|&(x, y)| Position::from([round(x, decimals), round(y, decimals)]))
            .collect();
    }
    let mut keep = vec![false; points.len()];
    keep[0] = true;
    let last = points.len() - 1;
    keep[last] = true;
    // A closed ring's ends coincide, so split it at its farthest vertex from the start first.
    let far = (1..last)
        .max_by(|&a, &b| {
            let da = (points[a].0 - points[0].0).hypot(points[a].1 - points[0].1);
            let db = (points[b].0 - points[0].0).hypot(points[b].1 - points[0].1);
            da.total_cmp(&db)
        })
        .unwrap_or(1);
    keep[far] = true;
    douglas_peucker(&points[..=far], tolerance, &mut keep[..=far]);
    douglas_peucker(&points[far..], tolerance, &mut keep[far..]);
    // Keep at least a triangle: add the vertex farthest from the start–far chord if needed.
    if keep.iter().filter(|k| **k).count() < 4 {
        let third =
            (1..last)
                .filter(|&i| i != far)
                .max_by(|&a, &b| {
                    segment_distance(points[a], points[0], points[far])
                        .total_cmp(&segment_distance(points[b], points[0], points[far]))
                })
                .unwrap_or(1);
        keep[third] = true;
    }
    let mut out: Vec<Position> = Vec::new();
    for (p, _) in points.iter().zip(&keep).filter(|(_, k)| **k) {
        let q = [round(p.0, decimals), round(p.1, decimals)];
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
    use crate::units_import::{read_units_file, ring_signed_area};

    fn polygon_area(g: &GeometryValue) -> f64 {
        let rings_area = |rings: &Vec<Vec<Position>>| {
            rings
                .iter()
                .enumerate()
                .map(|(i, r)| {
                    if i == 0 {
                        ring_signed_area(r).abs()
                    } else {
                        -ring_signed_area(r).abs()
                    }
                })
                .sum::<f64>()
        };
        match g {
            GeometryValue::Polygon { coordinates } => rings_area(coordinates),
            GeometryValue::MultiPolygon { coordinates } => coordinates.iter().map(rings_area).sum(),
            _ => 0.0,
        }
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
                assert!(coordinates.is_empty() || coordinates[0].len() >= 4)
            }
            other => panic!("{other:?}"),
        }
    }
}
