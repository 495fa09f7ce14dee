//! Geometry helpers: ring orientation and the checks of a boundary.

use geo::winding_order::WindingOrder;
use geo::{Coord, LineString, Winding};
use geojson::{GeometryValue, Position};

/// Orients polygon rings as RFC 7946 asks: exterior rings counter-clockwise, holes clockwise.
/// Rings are reversed in place when needed; nothing is dropped, and rings of zero area (whose
/// orientation is undefined) are left as they are. Collections are handled recursively; other
/// geometry types are unchanged.
pub fn normalise_rings(geometry: &mut GeometryValue) {
    fn orient(rings: &mut [Vec<Position>]) {
        for (i, ring) in rings.iter_mut().enumerate() {
            // The positions are reversed in place rather than rebuilt from geo's ring, so that
            // nothing but their order changes.
            let line: LineString<f64> = ring
                .iter()
                .map(|p| {
                    let s = p.as_slice();
                    Coord {
                        x: s.first().copied().unwrap_or(0.0),
                        y: s.get(1).copied().unwrap_or(0.0),
                    }
                })
                .collect();
            let wanted = if i == 0 {
                WindingOrder::CounterClockwise
            } else {
                WindingOrder::Clockwise
            };
            if line.winding_order().is_some_and(|w| w != wanted) {
                ring.reverse();
            }
        }
    }
    match geometry {
        GeometryValue::Polygon { coordinates } => orient(coordinates),
        GeometryValue::MultiPolygon { coordinates } => {
            for p in coordinates.iter_mut() {
                orient(p);
            }
        }
        GeometryValue::GeometryCollection { geometries } => {
            for g in geometries {
                normalise_rings(&mut g.value);
            }
        }
        GeometryValue::Point { .. }
        | GeometryValue::MultiPoint { .. }
        | GeometryValue::LineString { .. }
        | GeometryValue::MultiLineString { .. } => {}
    }
}

/// Checks a boundary: a (Multi)Polygon of closed rings of at least 4 finite 2D lon/lat positions.
pub(super) fn check_boundary(geometry: &GeometryValue) -> Result<(), String> {
    fn check_polygon(rings: &[Vec<Position>], at: &str) -> Result<(), String> {
        if rings.is_empty() {
            return Err(format!("{at}has no ring"));
        }
        for (j, ring) in rings.iter().enumerate() {
            if ring.len() < 4 {
                return Err(format!(
                    "{at}ring {j} has {} positions; a closed ring needs at least 4",
                    ring.len()
                ));
            }
            for (k, p) in ring.iter().enumerate() {
                let &[x, y] = p.as_slice() else {
                    return Err(format!(
                        "{at}ring {j} position {k} has {} coordinates, expected [lon, lat]",
                        p.len()
                    ));
                };
                if !((-180.0..=180.0).contains(&x) && (-90.0..=90.0).contains(&y)) {
                    return Err(format!(
                        "{at}ring {j} position {k} [{x}, {y}] is not a WGS 84 longitude/latitude"
                    ));
                }
            }
            if ring.first() != ring.last() {
                return Err(format!(
                    "{at}ring {j} is not closed (first and last positions differ)"
                ));
            }
        }
        Ok(())
    }
    match geometry {
        GeometryValue::Polygon { coordinates } => check_polygon(coordinates, ""),
        GeometryValue::MultiPolygon { coordinates } => {
            if coordinates.is_empty() {
                return Err("is an empty MultiPolygon".to_owned());
            }
            coordinates
                .iter()
                .enumerate()
                .try_for_each(|(i, p)| check_polygon(p, &format!("polygon {i}: ")))
        }
        other => Err(format!(
            "is a {}; a boundary must be a Polygon or MultiPolygon",
            other.type_name()
        )),
    }
}
