//! The web pages at national scale: server time (median, p99) and bytes transferred for Lai
//! Châu's dashboard, its map data and a dossier page, on the core benchmark's national data
//! set (every commune of the country with its generated dossiers) plus Lai Châu's real
//! boundaries.
//!
//! The app runs in this process and each request goes through the whole router (sessions,
//! CSRF, compression, templates) with `tower::ServiceExt::oneshot`; the time is from the
//! request to the last byte of the body, which is the server's share of a page load.
//!
//! ```text
//! cargo run --release -p plantrack-benches --bin pages -- --backend both
//! ```

// A benchmark reports on the terminal.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{Request, header};
use chrono::NaiveDate;
use clap::{Parser, ValueEnum};
use plantrack_benches::generator::{self, GenConfig};
use plantrack_benches::{ms, with_database};
use plantrack_domain::access::{Caller, OrgKind, Role};
use plantrack_domain::unit::UnitKind;
use plantrack_domain::workflow::Template;
use plantrack_store::Planning;
use plantrack_store::accounts::NewUser;
use plantrack_store::planning::Clock;
use plantrack_store::planning::DossierQuery;
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
    #[arg(long, default_value = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/vn_units_2025.json"))]
    units: std::path::PathBuf,
    #[arg(long, default_value = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/laichau_communes_2025.geojson"))]
    boundaries: std::path::PathBuf,
    #[arg(long, default_value_t = 200)]
    runs: usize,
    #[arg(long, default_value_t = 20)]
    warmup: usize,
    #[arg(long, default_value_t = 20_250_701)]
    seed: u64,
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
        let name = format!("plantrack_pages_{}", uuid::Uuid::new_v4().simple());
        let (url, cleanup): (String, Box<dyn Fn()>) = if *backend == "postgres" {
            let mut conn = sqlx::PgConnection::connect(&args.pg_url).await?;
            sqlx::query(&format!("CREATE DATABASE {name}"))
                .execute(&mut conn)
                .await?;
            conn.close().await?;
            (with_database(&args.pg_url, &name), Box::new(|| {}))
        } else {
            let path = std::env::temp_dir().join(format!("{name}.db"));
            let shown = path.display().to_string();
            (
                format!("sqlite://{shown}"),
                Box::new(move || {
                    for suffix in ["", "-wal", "-shm"] {
                        std::fs::remove_file(format!("{shown}{suffix}")).ok();
                    }
                }),
            )
        };
        let outcome = run(backend, &url, &args).await;
        if *backend == "postgres" {
            let mut conn = sqlx::PgConnection::connect(&args.pg_url).await?;
            sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                .execute(&mut conn)
                .await?;
        }
        cleanup();
        results.push(outcome?);
    }
    println!(
        "\n{:<10} {:<34} {:>9} {:>9} {:>11} {:>11}",
        "backend", "request", "median ms", "p99 ms", "bytes", "gzip bytes"
    );
    for r in &results {
        for row in r["requests"].as_array().into_iter().flatten() {
            println!(
                "{:<10} {:<34} {:>9.2} {:>9.2} {:>11} {:>11}",
                r["backend"].as_str().unwrap_or(""),
                row["name"].as_str().unwrap_or(""),
                row["median_ms"].as_f64().unwrap_or(0.0),
                row["p99_ms"].as_f64().unwrap_or(0.0),
                row["bytes"],
                row["gzip_bytes"]
            );
        }
        println!(
            "{:<10} {:<34} {:>9} {:>9} {:>11} {:>11}",
            r["backend"].as_str().unwrap_or(""),
            "dashboard, first visit (all files)",
            "",
            "",
            r["dashboard_first_visit_bytes"],
            r["dashboard_first_visit_gzip_bytes"]
        );
    }
    for r in &results {
        println!("{r}");
    }
    Ok(())
}

async fn run(backend: &str, url: &str, args: &Args) -> Result<Value, BoxError> {
    let cfg = GenConfig {
        seed: args.seed,
        ..GenConfig::default()
    };
    let today: NaiveDate = cfg.end;
    Planning::migrate(url).await?;
    let planning = Planning::open(url, Clock::fixed(today)).await?;
    eprintln!("== {backend}: loading the national set");
    let import = plantrack_gis::read_units_file(&args.units, &mut |_, _| {})?;
    planning.import_units(Caller::Operator, &import).await?;
    let boundaries = plantrack_gis::read_units_file(&args.boundaries, &mut |_, _| {})?;
    planning.import_units(Caller::Operator, &boundaries).await?;
    let templates = planning.templates();
    let lookup = |key: &str| -> Arc<Template> {
        templates
            .iter()
            .find(|t| t.key == key)
            .cloned()
            .unwrap_or_else(|| panic!("template {key}"))
    };
    let units: Vec<_> = import.units.iter().map(|u| u.unit.clone()).collect();
    let set = generator::national_set(&units, &lookup, planning.national_calendar().as_ref(), &cfg);
    let summary = planning
        .bulk_load(Caller::Operator, &set, 250, &mut |_, _| {})
        .await?;
    planning.analyze().await?;
    eprintln!(
        "   {} units ({} with boundaries), {} plans, {} events",
        units
            .iter()
            .filter(|u| u.kind != UnitKind::Province)
            .count(),
        boundaries.units.len(),
        summary.plans,
        summary.events
    );

    // A leadership account for Lai Châu and one session.
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
    let (lai_chau, _) = planning
        .dossiers(
            Caller::Operator,
            DossierQuery {
                province: Some("12".into()),
                limit: 1,
                ..Default::default()
            },
        )
        .await?;
    let dossier = lai_chau.first().ok_or("no dossier in Lai Châu")?.dossier_id;

    let documents = plantrack_store::blobs::BlobStore::open(
        std::env::temp_dir().join(format!("plantrack-bench-docs-{}", uuid::Uuid::new_v4())),
        1_000_000,
    )?;
    let app = plantrack_web::app(plantrack_web::AppState::new(planning.clone(), documents));
    let map = format!("/api/v1/provinces/12/map?plan_type=commune_general&as_of={today}&lang=vi");
    let pages = [
        ("dashboard /provinces/12", "/provinces/12".to_owned()),
        ("map data (GeoJSON)", map.clone()),
        ("dossier page", format!("/dossiers/{dossier}")),
    ];
    let mut requests = Vec::new();
    for (name, path) in &pages {
        let (times, bytes) = measure(&app, path, &cookie, None, args).await?;
        let (_, gzip_bytes) = measure(&app, path, &cookie, Some("gzip"), args).await?;
        let median = percentile(&times, 0.5);
        let p99 = percentile(&times, 0.99);
        eprintln!(
            "   {name}: median {:.2} ms, p99 {:.2} ms, {bytes} B ({gzip_bytes} B gzip)",
            ms(median),
            ms(p99)
        );
        requests.push(json!({
            "name": name, "path": path, "runs": args.runs,
            "median_ms": ms(median), "p99_ms": ms(p99), "bytes": bytes, "gzip_bytes": gzip_bytes,
        }));
    }
    // A first visit to the dashboard also fetches its scripts and styles (cached afterwards).
    let mut first = 0;
    let mut first_gzip = 0;
    for path in [
        "/provinces/12".to_owned(),
        map,
        "/assets/app.css".into(),
        "/assets/map.js".into(),
        "/assets/vendor/htmx/htmx.min.js".into(),
        "/assets/vendor/leaflet/leaflet.js".into(),
        "/assets/vendor/leaflet/leaflet.css".into(),
    ] {
        first += fetch(&app, &path, &cookie, None).await?.1;
        first_gzip += fetch(&app, &path, &cookie, Some("gzip")).await?.1;
    }
    planning.close().await;
    Ok(json!({
        "backend": backend,
        "plans": summary.plans,
        "events": summary.events,
        "requests": requests,
        "dashboard_first_visit_bytes": first,
        "dashboard_first_visit_gzip_bytes": first_gzip,
    }))
}

async fn fetch(
    app: &axum::Router,
    path: &str,
    cookie: &str,
    encoding: Option<&str>,
) -> Result<(Duration, usize), BoxError> {
    let mut req = Request::get(path).header(header::COOKIE, cookie);
    if let Some(e) = encoding {
        req = req.header(header::ACCEPT_ENCODING, e);
    }
    let started = Instant::now();
    let response = app.clone().oneshot(req.body(Body::empty())?).await?;
    let status = response.status();
    let body = axum::body::to_bytes(response.into_body(), usize::MAX).await?;
    let elapsed = started.elapsed();
    if !status.is_success() {
        return Err(format!("{path}: {status}").into());
    }
    Ok((elapsed, body.len()))
}

async fn measure(
    app: &axum::Router,
    path: &str,
    cookie: &str,
    encoding: Option<&str>,
    args: &Args,
) -> Result<(Vec<Duration>, usize), BoxError> {
    for _ in 0..args.warmup {
        fetch(app, path, cookie, encoding).await?;
    }
    let mut times = Vec::with_capacity(args.runs);
    let mut bytes = 0;
    for _ in 0..args.runs {
        let (t, b) = fetch(app, path, cookie, encoding).await?;
        times.push(t);
        bytes = b;
    }
    Ok((times, bytes))
}

/// Nearest-rank percentile.
fn percentile(samples: &[Duration], p: f64) -> Duration {
    let mut s = samples.to_vec();
    s.sort();
    let rank = ((p * s.len() as f64).ceil() as usize).clamp(1, s.len());
    s[rank - 1]
}
