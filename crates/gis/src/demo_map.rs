//! A generated land-use map of a commune, for the demo and the benchmarks: a grid of square
//! zones around a point of the commune — the public facilities at its centre, two roads
//! across it, residential, green and farm land around them in shares that differ from commune
//! to commune — and a hamlet a few kilometres out. Only cells wholly inside the commune's
//! boundary are kept, so the map lies within it. Deterministic for a unit code.

use serde_json::{Value, json};

/// A cell's side, degrees (about 150 m at Lai Châu's latitude).
const CELL: f64 = 0.0014;

/// Cells across the centre's grid.
const GRID: i32 = 8;

/// A small deterministic generator (SplitMix64): the same unit always gets the same map.
struct Rng(u64);

impl Rng {
    fn for_unit(code: &str) -> Self {
        let seed = code.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
        });
        Rng(seed)
    }

    fn unit(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// The boundary's polygons as rings of (lon, lat), from its GeoJSON geometry.
fn rings(geometry: &Value) -> Vec<Vec<Vec<(f64, f64)>>> {
    let ring = |r: &Value| -> Vec<(f64, f64)> {
        r.as_array()
            .into_iter()
            .flatten()
            .filter_map(|p| Some((p.get(0)?.as_f64()?, p.get(1)?.as_f64()?)))
            .collect()
    };
    let polygon = |p: &Value| -> Vec<Vec<(f64, f64)>> {
        p.as_array().into_iter().flatten().map(ring).collect()
    };
    match geometry["type"].as_str() {
        Some("Polygon") => vec![polygon(&geometry["coordinates"])],
        Some("MultiPolygon") => geometry["coordinates"]
            .as_array()
            .into_iter()
            .flatten()
            .map(polygon)
            .collect(),
        _ => Vec::new(),
    }
}

/// Whether a point lies inside a ring (even-odd rule).
fn in_ring(ring: &[(f64, f64)], (x, y): (f64, f64)) -> bool {
    let mut inside = false;
    let mut j = ring.len().wrapping_sub(1);
    for i in 0..ring.len() {
        let ((xi, yi), (xj, yj)) = (ring[i], ring[j]);
        if (yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi {
            inside = !inside;
        }
        j = i;
    }
    inside
}

fn inside(polygons: &[Vec<Vec<(f64, f64)>>], p: (f64, f64)) -> bool {
    polygons.iter().any(|rings| {
        rings.first().is_some_and(|outer| in_ring(outer, p))
            && !rings.iter().skip(1).any(|hole| in_ring(hole, p))
    })
}

/// A cell wholly inside: its corners and centre are (the boundary's bends are far coarser).
fn cell_inside(polygons: &[Vec<Vec<(f64, f64)>>], (x, y): (f64, f64)) -> bool {
    [
        (0.0, 0.0),
        (CELL, 0.0),
        (CELL, CELL),
        (0.0, CELL),
        (CELL / 2.0, CELL / 2.0),
    ]
    .iter()
    .all(|(dx, dy)| inside(polygons, (x + dx, y + dy)))
}

/// The point of the commune the grid is centred on: the inside point of a coarse scan nearest
/// the middle of its extent.
fn centre(polygons: &[Vec<Vec<(f64, f64)>>]) -> Option<(f64, f64)> {
    let points = polygons.iter().filter_map(|p| p.first()).flatten();
    let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for &(x, y) in points {
        (x0, y0, x1, y1) = (x0.min(x), y0.min(y), x1.max(x), y1.max(y));
    }
    let (mx, my) = (f64::midpoint(x0, x1), f64::midpoint(y0, y1));
    let half = f64::from(GRID) * CELL / 2.0;
    let steps = 40;
    let d = |p: &(f64, f64)| (p.0 - mx).powi(2) + (p.1 - my).powi(2);
    let mut candidates: Vec<(f64, f64)> = (0..=steps)
        .flat_map(|i| (0..=steps).map(move |j| (i, j)))
        .map(|(i, j)| {
            (
                x0 + (x1 - x0) * f64::from(i) / f64::from(steps),
                y0 + (y1 - y0) * f64::from(j) / f64::from(steps),
            )
        })
        .collect();
    // Nearest first, so that the boundary is tested only until a point fits (most communes:
    // the first few).
    candidates.sort_by(|a, b| d(a).total_cmp(&d(b)));
    candidates
        .into_iter()
        .find(|&(x, y)| cell_inside(polygons, (x - half, y - half)))
}

fn square(id: &str, category: &str, (x, y): (f64, f64)) -> Value {
    let r = |v: f64| (v * 1e7).round() / 1e7;
    // Counter-clockwise, as RFC 7946 asks.
    json!({"type": "Feature", "id": id, "properties": {"category": category},
        "geometry": {"type": "Polygon", "coordinates": [[
            [r(x), r(y)], [r(x + CELL), r(y)], [r(x + CELL), r(y + CELL)], [r(x), r(y + CELL)], [r(x), r(y)]]]}})
}

/// The generated map of a unit (a GeoJSON FeatureCollection), or none when its boundary has
/// no room for the grid.
pub fn generate(unit_code: &str, boundary: &Value) -> Option<Value> {
    let polygons = rings(boundary);
    let (cx, cy) = centre(&polygons)?;
    let mut rng = Rng::for_unit(unit_code);
    // How much of the land is residential, and whether the plan forgot a health station:
    // the communes differ, a few of them a lot.
    let residential = match rng.unit() {
        u if u < 0.1 => 0.85,
        u => 0.3 + 0.3 * u,
    };
    let no_health = rng.unit() < 0.1;
    let facilities: [((i32, i32), &str); 6] = [
        ((3, 3), "administration"),
        ((4, 4), "education"),
        ((3, 4), if no_health { "residential" } else { "health" }),
        ((4, 3), "market"),
        ((2, 4), "culture"),
        ((5, 3), "sports"),
    ];
    let origin = (
        cx - f64::from(GRID) * CELL / 2.0,
        cy - f64::from(GRID) * CELL / 2.0,
    );
    let mut features = Vec::new();
    for i in 0..GRID {
        for j in 0..GRID {
            let at = (
                origin.0 + f64::from(i) * CELL,
                origin.1 + f64::from(j) * CELL,
            );
            let draw = rng.unit();
            if !cell_inside(&polygons, at) {
                continue;
            }
            let category = match facilities.iter().find(|(c, _)| *c == (i, j)) {
                Some((_, f)) => *f,
                None if j == 2 || i == 6 => "transport",
                None if draw < residential => "residential",
                None if draw < residential + 0.15 => "green_space",
                None if draw < residential + 0.2 => "production",
                None => "agriculture",
            };
            features.push(square(&format!("O-{i}-{j}"), category, at));
        }
    }
    // A hamlet a few kilometres out, when that land is the commune's.
    let angle = rng.unit() * std::f64::consts::TAU;
    let distance = 0.012 + rng.unit() * 0.02;
    let hamlet = (cx + distance * angle.cos(), cy + distance * angle.sin());
    for (k, (dx, dy)) in [(0.0, 0.0), (CELL, 0.0), (0.0, CELL), (CELL, CELL)]
        .iter()
        .enumerate()
    {
        let at = (hamlet.0 + dx, hamlet.1 + dy);
        if cell_inside(&polygons, at) {
            features.push(square(&format!("B-{k}"), "residential", at));
        }
    }
    Some(json!({"type": "FeatureCollection", "features": features}))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_map_stays_inside_its_boundary_and_is_the_same_each_time() {
        // A 0.05° square commune.
        let boundary = json!({"type": "Polygon", "coordinates": [[[103.0, 22.0], [103.05, 22.0], [103.05, 22.05], [103.0, 22.05], [103.0, 22.0]]]});
        let map = generate("03390", &boundary).unwrap();
        assert_eq!(map, generate("03390", &boundary).unwrap());
        assert_ne!(map, generate("03394", &boundary).unwrap());
        let polygons = rings(&boundary);
        let features = map["features"].as_array().unwrap();
        assert!(features.len() >= 50, "{}", features.len());
        for f in features {
            for p in f["geometry"]["coordinates"][0].as_array().unwrap() {
                let (x, y) = (p[0].as_f64().unwrap(), p[1].as_f64().unwrap());
                assert!(
                    inside(
                        &polygons,
                        (
                            x - 1e-9_f64.copysign(x - 103.025),
                            y - 1e-9_f64.copysign(y - 22.025)
                        )
                    ),
                    "{p}"
                );
            }
        }
        // Too small a commune gets no map rather than one outside it.
        let tiny = json!({"type": "Polygon", "coordinates": [[[103.0, 22.0], [103.001, 22.0], [103.001, 22.001], [103.0, 22.001], [103.0, 22.0]]]});
        assert!(generate("03390", &tiny).is_none());
    }
}
