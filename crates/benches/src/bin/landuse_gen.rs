//! A synthetic commune for the conformance-check benchmark: a plan of non-overlapping zones
//! (irregular star-shaped polygons, one per cell of a grid, with a land-use category) and
//! constraint layers of irregular patches and long bent corridors (roads, power lines), in
//! WGS 84 near Lai Châu town. Deterministic for a seed.
//!
//! ```text
//! cargo run --release -p plantrack-benches --bin landuse_gen -- --out target/landuse --zones 5000 --constraints 50000
//! ```

// A benchmark reports on the terminal.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::f64::consts::PI;
use std::path::PathBuf;

use clap::Parser;
use plantrack_benches::generator::Rng;
use serde_json::{Value, json};

#[derive(Parser)]
struct Args {
    #[arg(long, default_value = "target/landuse")]
    out: PathBuf,
    #[arg(long, default_value_t = 5_000)]
    zones: usize,
    #[arg(long, default_value_t = 50_000)]
    constraints: usize,
    #[arg(long, default_value_t = 20_251_125)]
    seed: u64,
}

/// The commune's south-west corner (near Lai Châu town) and metres per degree there.
const ORIGIN: (f64, f64) = (103.36, 22.33);
const M_PER_DEG_LAT: f64 = 110_574.0;

fn m_per_deg_lon() -> f64 {
    111_320.0 * ORIGIN.1.to_radians().cos()
}

/// Metres east and north of the origin, as longitude and latitude (7 decimals: ~1 cm).
fn lonlat(x: f64, y: f64) -> Value {
    let round = |v: f64| (v * 1e7).round() / 1e7;
    json!([
        round(ORIGIN.0 + x / m_per_deg_lon()),
        round(ORIGIN.1 + y / M_PER_DEG_LAT)
    ])
}

/// A star-shaped ring around (cx, cy): increasing angles, radii between `rmin` and `rmax`.
fn star(rng: &mut Rng, cx: f64, cy: f64, rmin: f64, rmax: f64, vertices: usize) -> Vec<Value> {
    // Jittered even angles: every gap below π and none tiny, so the ring is simple (GEOS
    // and i_overlay both refuse or repair self-intersections differently).
    let step = 2.0 * PI / vertices as f64;
    let angles: Vec<f64> = (0..vertices)
        .map(|k| (k as f64 + 0.8 * rng.unit()) * step)
        .collect();
    let mut ring: Vec<Value> = angles
        .iter()
        .map(|a| {
            let r = rmin + rng.unit() * (rmax - rmin);
            lonlat(cx + r * a.cos(), cy + r * a.sin())
        })
        .collect();
    ring.push(ring[0].clone());
    ring
}

/// A corridor (road, power line) drawn piece by piece: each piece a quadrilateral of `width`
/// from `from` along `heading`; returns the piece and where it ends.
fn corridor_piece(
    rng: &mut Rng,
    from: (f64, f64),
    heading: f64,
    width: f64,
) -> (Vec<Value>, (f64, f64)) {
    let (x, y) = from;
    let length = 150.0 + rng.unit() * 450.0;
    let (nx, ny) = (x + length * heading.cos(), y + length * heading.sin());
    let (px, py) = (-heading.sin() * width / 2.0, heading.cos() * width / 2.0);
    let ring = vec![
        lonlat(x + px, y + py),
        lonlat(x - px, y - py),
        lonlat(nx - px, ny - py),
        lonlat(nx + px, ny + py),
        lonlat(x + px, y + py),
    ];
    (ring, (nx, ny))
}

fn feature(id: &str, category: &str, ring: &[Value]) -> Value {
    json!({"type": "Feature", "id": id, "properties": {"category": category},
           "geometry": {"type": "Polygon", "coordinates": [ring]}})
}

fn write(path: &PathBuf, features: &[Value]) -> std::io::Result<()> {
    let text = json!({"type": "FeatureCollection", "features": features}).to_string();
    std::fs::write(path, text)
}

fn main() -> std::io::Result<()> {
    let args = Args::parse();
    let layers_dir = args.out.join("layers");
    std::fs::create_dir_all(&layers_dir)?;
    // Zones: one per cell of a square grid of 200 m cells.
    let cell = 200.0;
    let side = (args.zones as f64).sqrt().ceil() as usize;
    let extent = side as f64 * cell;
    let landuse: [(&str, u64); 12] = [
        ("residential", 30),
        ("agriculture", 25),
        ("forest", 12),
        ("green_space", 6),
        ("transport", 6),
        ("production", 5),
        ("education", 3),
        ("health", 2),
        ("administration", 2),
        ("culture", 2),
        ("tourism", 4),
        ("water", 3),
    ];
    let weight: u64 = landuse.iter().map(|(_, w)| w).sum();
    let mut rng = Rng::new(args.seed);
    let mut zones = Vec::with_capacity(args.zones);
    for i in 0..args.zones {
        let (cx, cy) = (
            ((i % side) as f64 + 0.5) * cell,
            ((i / side) as f64 + 0.5) * cell,
        );
        let mut pick = rng.below(weight);
        let category = landuse
            .iter()
            .find(|(_, w)| {
                let hit = pick < *w;
                pick = pick.saturating_sub(*w);
                hit
            })
            .map_or("residential", |(c, _)| *c);
        let vertices = rng.between(8, 24) as usize;
        let ring = star(&mut rng, cx, cy, 40.0, 99.0, vertices);
        zones.push(feature(&format!("Z{i:05}"), category, &ring));
    }
    write(&args.out.join("plan.geojson"), &zones)?;
    // Constraints: the same number in each of ten layers; corridors drawn piece by piece in
    // the road and power layers, irregular patches elsewhere.
    let layers = [
        "defence_security",
        "special_use_forest",
        "protection_forest",
        "tourism_area",
        "heritage",
        "landslide",
        "flash_flood",
        "rice_land",
        "road_corridor",
        "power_corridor",
    ];
    let per_layer = args.constraints / layers.len();
    for (l, category) in layers.iter().enumerate() {
        let mut features = Vec::with_capacity(per_layer);
        // A corridor goes on from where its last piece ended, until a new one starts.
        let (mut at, mut heading, mut width) = ((0.0, 0.0), 0.0, 20.0);
        for j in 0..per_layer {
            let ring = if category.ends_with("corridor") {
                if j == 0 || rng.unit() < 0.25 {
                    at = (rng.unit() * extent, rng.unit() * extent);
                    heading = rng.unit() * 2.0 * PI;
                    width = 10.0 + rng.unit() * 40.0;
                } else {
                    heading += (rng.unit() - 0.5) * 0.8;
                }
                let (ring, end) = corridor_piece(&mut rng, at, heading, width);
                at = end;
                ring
            } else {
                let (x, y) = (rng.unit() * extent, rng.unit() * extent);
                let r = 15.0 + rng.unit() * rng.unit() * 300.0;
                let vertices = rng.between(8, 32) as usize;
                star(&mut rng, x, y, r * 0.5, r, vertices)
            };
            let prefix = category[..3].to_uppercase();
            features.push(feature(&format!("{prefix}-{j:05}"), category, &ring));
        }
        write(
            &layers_dir.join(format!("{l:02}-{category}.geojson")),
            &features,
        )?;
    }
    eprintln!(
        "wrote {} zones and {} constraints in {} layers to {}",
        args.zones,
        per_layer * layers.len(),
        layers.len(),
        args.out.display()
    );
    Ok(())
}
