//! The appraisal (issue 19), on Lai Châu's 38 real communes, each with a commune general plan
//! and a generated map (`plantrack_gis::demo_map`) attached and checked through the store's
//! upload use case `--maps` times:
//!
//! - plans side by side: the province's table of every plan's newest check (goal ≤ 20 ms
//!   server time);
//! - the workspace of one plan whose newest map has `--zones` zones (a grid over the commune,
//!   checked at its upload against `--constraints` patches in five published layers of a
//!   department, the upload timed once): every item with the automatic ones read from
//!   that map's stored check (goal ≤ 50 ms server time on 5,000 zones).
//!
//! Timed: the store's use cases, the API answer and the pages, each through the whole router
//! for the latter (sessions, compression, templates), as `pages` does.
//!
//! ```text
//! cargo run --release -p plantrack-benches --bin appraisal_compare -- --backend both
//! ```

// A benchmark reports on the terminal.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{Request, header};
use clap::{Parser, ValueEnum};
use plantrack_benches::{Summary, with_database};
use plantrack_domain::access::{Caller, OrgKind, Role};
use plantrack_domain::plan::{NewPlan, PlanBodies, PlanType};
use plantrack_domain::unit::UnitKind;
use plantrack_domain::workflow::Actor;
use plantrack_store::Planning;
use plantrack_store::accounts::NewUser;
use plantrack_store::planning::{Clock, LANDUSE_MAP_KIND, Upload};
use serde_json::{Value, json};
use sqlx::Connection;
use tower::ServiceExt;

#[derive(Clone, Copy, ValueEnum)]
enum BackendArg {
    Sqlite,
    Postgres,
    Both,
}

#[derive(Parser)]
struct Args {
    #[arg(long, value_enum, default_value = "sqlite")]
    backend: BackendArg,
    #[arg(
        long,
        env = "PLANTRACK_BENCH_PG_URL",
        default_value = "postgres://postgres@127.0.0.1:5432/test"
    )]
    pg_url: String,
    #[arg(long, default_value = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/laichau_units_2025.json"))]
    units: std::path::PathBuf,
    #[arg(long, default_value = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/laichau_communes_2025.geojson"))]
    boundaries: std::path::PathBuf,
    /// Maps attached to each plan (each checked; the table reads the newest).
    #[arg(long, default_value_t = 2)]
    maps: usize,
    /// Zones of the map the workspace's plan gets.
    #[arg(long, default_value_t = 5_000)]
    zones: usize,
    /// Constraint patches over the workspace's commune, in five published layers of a
    /// department, checked with that map at its upload.
    #[arg(long, default_value_t = 2_000)]
    constraints: usize,
    #[arg(long, default_value_t = 200)]
    runs: usize,
    #[arg(long, default_value_t = 20)]
    warmup: usize,
}

type BoxError = Box<dyn std::error::Error + Send + Sync>;

#[tokio::main]
async fn main() -> Result<(), BoxError> {
    let args = Args::parse();
    let backends: &[&str] = match args.backend {
        BackendArg::Sqlite => &["sqlite"],
        BackendArg::Postgres => &["postgres"],
        BackendArg::Both => &["sqlite", "postgres"],
    };
    let mut results = Vec::new();
    for backend in backends {
        let name = format!("plantrack_compare_{}", uuid::Uuid::new_v4().simple());
        let url = if *backend == "postgres" {
            let mut conn = sqlx::PgConnection::connect(&args.pg_url).await?;
            sqlx::query(&format!("CREATE DATABASE {name}"))
                .execute(&mut conn)
                .await?;
            conn.close().await?;
            with_database(&args.pg_url, &name)
        } else {
            format!(
                "sqlite://{}",
                std::env::temp_dir().join(format!("{name}.db")).display()
            )
        };
        let docs = std::env::temp_dir().join(format!("{name}-docs"));
        let outcome = run(backend, &url, &docs, &args).await;
        if *backend == "postgres" {
            let mut conn = sqlx::PgConnection::connect(&args.pg_url).await?;
            sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                .execute(&mut conn)
                .await?;
        } else {
            for suffix in ["", "-wal", "-shm"] {
                let file = std::env::temp_dir().join(format!("{name}.db{suffix}"));
                std::fs::remove_file(file).ok();
            }
        }
        std::fs::remove_dir_all(&docs).ok();
        results.push(outcome?);
    }
    println!(
        "\n{:<10} {:<30} {:>6} {:>10} {:>9} {:>9}",
        "backend", "request", "plans", "median ms", "p95 ms", "max ms"
    );
    for r in &results {
        for row in r["requests"].as_array().into_iter().flatten() {
            println!(
                "{:<10} {:<30} {:>6} {:>10.2} {:>9.2} {:>9.2}",
                r["backend"].as_str().unwrap_or(""),
                row["name"].as_str().unwrap_or(""),
                r["plans"],
                row["time"]["median_ms"].as_f64().unwrap_or(0.0),
                row["time"]["p95_ms"].as_f64().unwrap_or(0.0),
                row["time"]["max_ms"].as_f64().unwrap_or(0.0),
            );
        }
    }
    for r in &results {
        println!("{r}");
    }
    Ok(())
}

async fn run(
    backend: &str,
    url: &str,
    docs: &std::path::Path,
    args: &Args,
) -> Result<Value, BoxError> {
    Planning::migrate(url).await?;
    let planning = Planning::open(url, Clock::vietnam()).await?;
    eprintln!("== {backend}: Lai Châu, its plans and their maps");
    for file in [&args.units, &args.boundaries] {
        let import = plantrack_gis::read_units_file(file, &mut |_, _| {})?;
        planning.import_units(Caller::Operator, &import).await?;
    }
    let documents = plantrack_store::blobs::BlobStore::open(docs, 5_000_000)?;
    let import = plantrack_gis::read_units_file(&args.boundaries, &mut |_, _| {})?;
    let communes: Vec<_> = import
        .units
        .iter()
        .filter(|u| u.unit.kind != UnitKind::Province)
        .map(|u| u.unit.code.clone())
        .collect();
    let started = Instant::now();
    let mut plans = 0;
    // The workspace's plan: the first one's dossier, version, committee and unit.
    let mut first: Option<(i64, u64, Actor, String)> = None;
    for code in &communes {
        let unit = planning.unit(code).await?;
        let committee = format!("UBND {}", unit.unit.full_name);
        let new = NewPlan {
            unit_code: code.clone(),
            plan_type: PlanType::CommuneGeneral,
            name: format!("Quy hoạch chung {}", unit.unit.full_name),
            horizon_year: Some(2035),
            vision_year: None,
            map_scale: Some(10_000),
            area_ha: None,
            population: Some(12_000),
            bodies: PlanBodies {
                preparing: committee.clone(),
                appraising: "Sở Xây dựng tỉnh Lai Châu".into(),
                approving: "UBND tỉnh Lai Châu".into(),
            },
            template: None,
        };
        let actor = Actor {
            name: committee,
            role: "commune_pc".into(),
        };
        let (_, reading) = planning
            .register_plan(
                Caller::Operator,
                &new,
                "benchmark",
                None,
                Some(actor.clone()),
            )
            .await?;
        let (_, boundary) = planning.unit_boundary(code).await?;
        let Some(map) = boundary
            .and_then(|b| serde_json::to_value(b).ok())
            .and_then(|b| plantrack_gis::demo_map::generate(code, &b))
        else {
            continue;
        };
        let mut version = reading.state.version;
        for n in 0..args.maps {
            let filename = format!("ban-do-{code}-{n}.geojson");
            // Each version differs by its name property, so each is kept and checked anew.
            let mut text = map.clone();
            text["name"] = json!(filename);
            let mut writer = documents.writer(&filename).await?;
            writer.write(text.to_string().as_bytes()).await?;
            let kept = writer.finish().await?;
            let (_, after) = planning
                .attach_upload(
                    Caller::Operator,
                    &documents,
                    reading.state.id,
                    Upload {
                        kept,
                        filename,
                        expected_version: Some(version),
                        kind: LANDUSE_MAP_KIND.into(),
                        title: "Bản đồ quy hoạch sử dụng đất (benchmark)".into(),
                        reason: None,
                    },
                    Some(actor.clone()),
                )
                .await?;
            version = after.state.version;
        }
        if first.is_none() {
            first = Some((reading.state.id, version, actor.clone(), code.clone()));
        }
        plans += 1;
    }
    eprintln!(
        "   {plans} plans with {} maps each, in {:.1} s",
        args.maps,
        started.elapsed().as_secs_f64()
    );
    let (dossier, version, actor, code) = first.ok_or("no plan got a map")?;
    let bbox = planning
        .unit(&code)
        .await?
        .bbox
        .ok_or("the unit has no boundary")?;
    // The department's layers, published before the map comes: its check measures them.
    let department = planning
        .create_organisation(
            Caller::Operator,
            OrgKind::SectorDepartment,
            "Sở Nông nghiệp và Môi trường tỉnh Lai Châu",
            "12",
            None,
        )
        .await?;
    planning
        .create_user(
            Caller::Operator,
            NewUser {
                username: "so-nnmt".into(),
                display_name: "Sở NN&MT".into(),
                password: "a long benchmark password".into(),
                role: Role::DepartmentOfficer,
                organisation_id: department.id,
            },
        )
        .await?;
    let publisher = planning.principal_of(Caller::Operator, "so-nnmt").await?;
    let per_layer = args.constraints / CONSTRAINT_LAYERS.len();
    for (l, category) in CONSTRAINT_LAYERS.iter().enumerate() {
        planning
            .add_layer_version(
                Caller::from(&publisher),
                category.replace('_', "-"),
                (*category).to_owned(),
                constraint_layer(bbox, category, l, per_layer).to_string(),
                true,
            )
            .await?;
    }
    let filename = format!("ban-do-{code}-{}-vung.geojson", args.zones);
    let mut writer = documents.writer(&filename).await?;
    writer
        .write(grid_map(bbox, args.zones).to_string().as_bytes())
        .await?;
    let kept = writer.finish().await?;
    let t = Instant::now();
    planning
        .attach_upload(
            Caller::Operator,
            &documents,
            dossier,
            Upload {
                kept,
                filename,
                expected_version: Some(version),
                kind: LANDUSE_MAP_KIND.into(),
                title: "Bản đồ quy hoạch sử dụng đất (benchmark)".into(),
                reason: None,
            },
            Some(actor),
        )
        .await?;
    let check_s = t.elapsed().as_secs_f64();
    eprintln!(
        "   the workspace's map: {} zones uploaded and checked against {} constraints in {} layers in {check_s:.1} s",
        args.zones,
        per_layer * CONSTRAINT_LAYERS.len(),
        CONSTRAINT_LAYERS.len()
    );
    planning.analyze().await?;

    let org = planning
        .create_organisation(
            Caller::Operator,
            OrgKind::ProvincialPc,
            "UBND tỉnh Lai Châu",
            "12",
            None,
        )
        .await?;
    let user = planning
        .create_user(
            Caller::Operator,
            NewUser {
                username: "lanhdao".into(),
                display_name: "Lãnh đạo".into(),
                password: "a long benchmark password".into(),
                role: Role::Leadership,
                organisation_id: org.id,
            },
        )
        .await?;
    let (secret, _) = planning.create_session(user.id, chrono::Utc::now()).await?;
    let cookie = format!("{}={secret}", plantrack_web::auth::SESSION_COOKIE);
    let app = plantrack_web::app(plantrack_web::AppState::new(planning.clone(), documents));

    let mut requests = Vec::new();
    let mut times = Vec::with_capacity(args.runs);
    let mut compared = 0;
    for i in 0..args.warmup + args.runs {
        let t = Instant::now();
        let c = planning
            .appraisal_comparison(Caller::Operator, "12", PlanType::CommuneGeneral)
            .await?;
        if i >= args.warmup {
            times.push(t.elapsed());
        }
        compared = c.plans.len();
    }
    requests.push(report("use case", &times)?);
    for (name, path) in [
        (
            "API",
            "/api/v1/provinces/12/appraisal-comparison?plan_type=commune_general",
        ),
        ("page", "/provinces/12/appraisal-comparison"),
    ] {
        let mut times = Vec::with_capacity(args.runs);
        for i in 0..args.warmup + args.runs {
            let t = fetch(&app, path, &cookie).await?;
            if i >= args.warmup {
                times.push(t);
            }
        }
        requests.push(report(name, &times)?);
    }
    let mut times = Vec::with_capacity(args.runs);
    let mut items = 0;
    for i in 0..args.warmup + args.runs {
        let t = Instant::now();
        let a = planning.appraisal(Caller::Operator, dossier).await?;
        if i >= args.warmup {
            times.push(t.elapsed());
        }
        items = a.items.len();
    }
    requests.push(report("workspace use case", &times)?);
    for (name, path) in [
        (
            "workspace API",
            format!("/api/v1/dossiers/{dossier}/appraisal"),
        ),
        ("workspace page", format!("/dossiers/{dossier}/appraisal")),
    ] {
        let mut times = Vec::with_capacity(args.runs);
        for i in 0..args.warmup + args.runs {
            let t = fetch(&app, &path, &cookie).await?;
            if i >= args.warmup {
                times.push(t);
            }
        }
        requests.push(report(name, &times)?);
    }
    planning.close().await;
    Ok(json!({
        "backend": backend,
        "plans": compared,
        "maps_per_plan": args.maps,
        "workspace": {
            "zones": args.zones,
            "constraints": per_layer * CONSTRAINT_LAYERS.len(),
            "items": items,
            "upload_and_check_s": check_s,
        },
        "requests": requests,
    }))
}

/// A land-use map of about `zones` square zones in a grid over `bbox` (lon/lat), their
/// categories in turn: the size of a plan, not its shape (some zones lie outside the commune,
/// which the coverage measures).
fn grid_map(bbox: [f64; 4], zones: usize) -> Value {
    const CATEGORIES: [&str; 11] = [
        "residential",
        "agriculture",
        "transport",
        "green_space",
        "residential",
        "agriculture",
        "education",
        "health",
        "market",
        "culture",
        "sports",
    ];
    let side = (zones as f64).sqrt().ceil() as usize;
    let (w, h) = (
        (bbox[2] - bbox[0]) / side as f64,
        (bbox[3] - bbox[1]) / side as f64,
    );
    let features: Vec<Value> = (0..zones)
        .map(|n| {
            let (x, y) = (
                bbox[0] + (n % side) as f64 * w,
                bbox[1] + (n / side) as f64 * h,
            );
            // A sliver of gap between cells: neighbouring zones must not overlap.
            let (x1, y1) = (x + w * 0.98, y + h * 0.98);
            json!({
                "type": "Feature",
                "properties": {"id": format!("Z-{n}"), "category": CATEGORIES[n % CATEGORIES.len()]},
                "geometry": {"type": "Polygon", "coordinates": [[[x, y], [x1, y], [x1, y1], [x, y1], [x, y]]]}
            })
        })
        .collect();
    json!({"type": "FeatureCollection", "features": features})
}

/// The constraint layers a department publishes in the benchmark, one category each.
const CONSTRAINT_LAYERS: [&str; 5] = [
    "defence_security",
    "special_use_forest",
    "heritage",
    "landslide",
    "flash_flood",
];

/// `count` octagonal patches of `category` scattered over `bbox` (lon/lat) by a fixed
/// sequence (layer `seed`), some a few cells wide: the conflicts a real layer gives a plan.
fn constraint_layer(bbox: [f64; 4], category: &str, seed: usize, count: usize) -> Value {
    // A linear congruential sequence: the same patches on every run, no dependency.
    let mut state = 0x9E37_79B9_7F4A_7C15_u64 ^ (seed as u64).wrapping_mul(0x1000_0000_01B3);
    let mut unit = move || {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 11) as f64 / (1u64 << 53) as f64
    };
    let (w, h) = (bbox[2] - bbox[0], bbox[3] - bbox[1]);
    let features: Vec<Value> = (0..count)
        .map(|n| {
            let (cx, cy) = (bbox[0] + unit() * w, bbox[1] + unit() * h);
            let r = w * (0.002 + 0.02 * unit() * unit());
            let mut ring: Vec<[f64; 2]> = (0..8)
                .map(|k| {
                    let a = f64::from(k) * std::f64::consts::FRAC_PI_4;
                    [cx + r * a.cos(), cy + r * a.sin()]
                })
                .collect();
            ring.push(ring[0]);
            json!({
                "type": "Feature",
                "id": format!("{}-{n}", &category[..3]),
                "properties": {"category": category},
                "geometry": {"type": "Polygon", "coordinates": [ring]}
            })
        })
        .collect();
    json!({"type": "FeatureCollection", "features": features})
}

fn report(name: &str, times: &[Duration]) -> Result<Value, BoxError> {
    let s = Summary::of(times).ok_or("no samples")?;
    let time = s.json();
    eprintln!(
        "   {name}: median {:.2} ms, p95 {:.2} ms",
        time["median_ms"].as_f64().unwrap_or(0.0),
        time["p95_ms"].as_f64().unwrap_or(0.0)
    );
    Ok(json!({"name": name, "time": time}))
}

/// The server's time for a request: from sending it to the body's last byte.
async fn fetch(app: &axum::Router, path: &str, cookie: &str) -> Result<Duration, BoxError> {
    let req = Request::get(path)
        .header(header::COOKIE, cookie)
        .body(Body::empty())?;
    let started = Instant::now();
    let response = app.clone().oneshot(req).await?;
    let status = response.status();
    axum::body::to_bytes(response.into_body(), usize::MAX).await?;
    let elapsed = started.elapsed();
    if !status.is_success() {
        return Err(format!("{path}: {status}").into());
    }
    Ok(elapsed)
}
