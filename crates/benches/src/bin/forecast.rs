//! The forecast at national scale (issue 14): the whole country's approval forecast (≈ 10,000
//! dossiers, 10,000 futures each; goal ≤ 2 s on 2 cores and ≤ 200 MB), and the backtest's
//! Brier score and calibration on the national data set.
//!
//! The data set is the national benchmark's — the 3,321 units of `data/vn_units_2025.json`,
//! 3 plans each, the same seed — with the generator's `Pace::KnownStages`: every visit to a
//! stage lasts a known number of working days (`generator::known_stage_days`), so the
//! forecast's stage lengths can be set against the ones that made the histories. It is loaded
//! with each event recorded on the day it took effect, so that a forecast of a past day sees
//! only what was known then. Then a fresh process (none of the generated data in its memory)
//! measures, through `Planning::forecast` and `Planning::forecast_backtest`:
//!
//! - the country's forecast as of 31/01/2026 (nearly every dossier open) and 30/06/2026,
//!   target 31/03/2026 and 31/12/2026: median of `--runs` runs, and the process's peak
//!   resident memory (VmHWM);
//! - backtests from 27/02/2026 to 31/08/2026, from 30/04/2026 and 30/06/2026 to 31/10/2026;
//! - how far each province's median stage length (where it rests on the province's own
//!   visits, as of 31/10/2026) lies from the known one.
//!
//! ```text
//! cargo run --release -p plantrack-benches --bin forecast -- --backend both
//! ```

// A benchmark reports on the terminal.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::process::Stdio;
use std::sync::Arc;
use std::time::Instant;

use chrono::NaiveDate;
use clap::{Parser, ValueEnum};
use plantrack_benches::generator::{self, GenConfig, Pace, known_stage_days};
use plantrack_benches::{Rss, with_database};
use plantrack_domain::access::Caller;
use plantrack_domain::forecast::Source;
use plantrack_domain::workflow::Template;
use plantrack_store::Planning;
use plantrack_store::planning::{BacktestQuery, Clock, ForecastQuery};
use serde_json::{Value, json};
use sqlx::Connection;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum BackendArg {
    Sqlite,
    Postgres,
    Both,
}

#[derive(Debug, Parser)]
#[command(about = "The country's forecast and the backtest on the national data set")]
struct Args {
    #[arg(long, value_enum, default_value = "both")]
    backend: BackendArg,
    #[arg(
        long,
        env = "PLANTRACK_BENCH_PG_URL",
        default_value = "postgres://postgres@127.0.0.1:5432/test"
    )]
    pg_url: String,
    #[arg(long, default_value = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/vn_units_2025.json"))]
    units: std::path::PathBuf,
    #[arg(long, default_value_t = 5)]
    runs: usize,
    #[arg(long, default_value_t = 10_000)]
    simulations: u32,
    #[arg(long, default_value_t = 20_250_701)]
    seed: u64,
    /// Keep the databases afterwards (and print their URLs).
    #[arg(long)]
    keep: bool,
    /// Internal: measure an already loaded database (the child process).
    #[arg(long, hide = true)]
    measure_url: Option<String>,
}

type BoxError = Box<dyn std::error::Error + Send + Sync>;

fn d(s: &str) -> NaiveDate {
    s.parse().expect("a date")
}

fn config(seed: u64) -> GenConfig {
    GenConfig {
        seed,
        pace: Pace::KnownStages,
        ..GenConfig::default()
    }
}

#[tokio::main]
async fn main() -> Result<(), BoxError> {
    let args = Args::parse();
    if let Some(url) = &args.measure_url {
        let result = measure(url, &args).await?;
        println!("RESULT {result}");
        return Ok(());
    }
    let backends: &[&str] = match args.backend {
        BackendArg::Sqlite => &["sqlite"],
        BackendArg::Postgres => &["postgres"],
        BackendArg::Both => &["sqlite", "postgres"],
    };
    let import = plantrack_gis::read_units_file(&args.units, &mut |_, _| {})?;
    let mut results = Vec::new();
    for backend in backends {
        let name = format!("plantrack_fc_{}", uuid::Uuid::new_v4().simple());
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
        eprintln!("== {backend}: loading");
        let outcome = load_then_measure(&url, &args, &import).await;
        if args.keep {
            eprintln!("kept {url}");
        } else if *backend == "postgres" {
            let mut conn = sqlx::PgConnection::connect(&args.pg_url).await?;
            sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                .execute(&mut conn)
                .await?;
            conn.close().await?;
        } else {
            let path = url.trim_start_matches("sqlite://");
            for suffix in ["", "-wal", "-shm"] {
                std::fs::remove_file(format!("{path}{suffix}")).ok();
            }
        }
        let mut result = outcome?;
        result["backend"] = json!(backend);
        results.push(result);
    }
    for r in &results {
        print_table(r);
    }
    for r in &results {
        println!("{r}");
    }
    Ok(())
}

async fn load_then_measure(
    url: &str,
    args: &Args,
    import: &plantrack_gis::units_import::UnitsImport,
) -> Result<Value, BoxError> {
    let cfg = config(args.seed);
    Planning::migrate(url).await?;
    let planning = Planning::open(url, Clock::fixed(cfg.end)).await?;
    planning.import_units(Caller::Operator, import).await?;
    let templates = planning.templates();
    let lookup = |key: &str| -> Arc<Template> {
        templates
            .iter()
            .find(|t| t.key == key)
            .cloned()
            .unwrap_or_else(|| panic!("template {key}"))
    };
    let units: Vec<_> = import.units.iter().map(|u| u.unit.clone()).collect();
    let calendar = planning.national_calendar();
    let set = generator::national_set(&units, &lookup, calendar.as_ref(), &cfg);
    let events: usize = set.iter().map(|s| s.commands.len() + 1).sum();
    eprintln!("generated {} dossiers, {events} events", set.len());
    let started = Instant::now();
    planning
        .bulk_load_recorded_on_the_day(Caller::Operator, &set, 250, &mut |_, _| {})
        .await?;
    eprintln!("loaded in {:.0} s", started.elapsed().as_secs_f64());
    drop(set);
    planning.close().await;
    let exe = std::env::current_exe()?;
    let out = std::process::Command::new(exe)
        .args([
            "--measure-url",
            url,
            "--runs",
            &args.runs.to_string(),
            "--simulations",
            &args.simulations.to_string(),
        ])
        .stderr(Stdio::inherit())
        .output()?;
    let text = String::from_utf8_lossy(&out.stdout);
    let line = text
        .lines()
        .find_map(|l| l.strip_prefix("RESULT "))
        .ok_or("the measuring process printed no result")?;
    let mut v: Value = serde_json::from_str(line)?;
    v["dossiers_generated"] = json!(events);
    Ok(v)
}

async fn measure(url: &str, args: &Args) -> Result<Value, BoxError> {
    let cfg = config(args.seed);
    let planning = Planning::open(url, Clock::fixed(cfg.end)).await?;
    let mut forecasts = Vec::new();
    for (as_of, target) in [("2026-01-31", "2026-03-31"), ("2026-06-30", "2026-12-31")] {
        let q = ForecastQuery {
            as_of: Some(d(as_of)),
            target: Some(d(target)),
            simulations: Some(args.simulations),
            ..ForecastQuery::default()
        };
        let mut times = Vec::new();
        let mut dossiers = 0;
        for _ in 0..args.runs.max(1) {
            let started = Instant::now();
            let f = planning.forecast(Caller::Operator, &q).await?;
            times.push(started.elapsed().as_secs_f64());
            dossiers = f.dossiers.len();
        }
        times.sort_by(f64::total_cmp);
        forecasts.push(json!({
            "as_of": as_of, "target": target, "dossiers": dossiers,
            "simulations": args.simulations,
            "median_s": times[times.len() / 2], "min_s": times[0], "max_s": times[times.len() - 1],
        }));
        eprintln!(
            "forecast {as_of}: {dossiers} dossiers, median {:.2} s",
            times[times.len() / 2]
        );
    }
    let rss = Rss::now();
    let mut backtests = Vec::new();
    for (from, to) in [
        ("2026-02-27", "2026-08-31"),
        ("2026-04-30", "2026-10-31"),
        ("2026-06-30", "2026-10-31"),
    ] {
        let b = planning
            .forecast_backtest(
                Caller::Operator,
                &BacktestQuery {
                    from: d(from),
                    to: d(to),
                    province: None,
                    plan_type: None,
                    seed: None,
                    simulations: Some(args.simulations.min(2000)),
                },
            )
            .await?;
        eprintln!(
            "backtest {from} → {to}: brier {:.3} (reference {:.3})",
            b.brier, b.reference_brier
        );
        backtests.push(serde_json::to_value(&b)?);
    }
    // The stage lengths found against the known ones, where a province's own visits say.
    let f = planning
        .forecast(
            Caller::Operator,
            &ForecastQuery {
                as_of: Some(cfg.end),
                target: Some(d("2027-06-30")),
                simulations: Some(100),
                ..ForecastQuery::default()
            },
        )
        .await?;
    let errors: Vec<f64> = f
        .basis
        .iter()
        .filter(|b| b.source == Source::Province)
        .map(|b| {
            let (lo, hi) = known_stage_days(&b.stage);
            (b.median_working_days - (lo + hi) as f64 / 2.0).abs() / (hi - lo) as f64
        })
        .collect();
    let mut sorted = errors.clone();
    sorted.sort_by(f64::total_cmp);
    let recovery = json!({
        "stages": errors.len(),
        "mean_error_of_range": errors.iter().sum::<f64>() / errors.len().max(1) as f64,
        "p95_error_of_range": sorted.get(sorted.len() * 95 / 100).copied().unwrap_or(0.0),
    });
    Ok(json!({
        "bench": "forecast",
        "forecasts": forecasts,
        "memory": rss.json(),
        "backtests": backtests,
        "recovery": recovery,
    }))
}

fn print_table(r: &Value) {
    println!("\n{} — the country's forecast", r["backend"]);
    println!("| as of | target | dossiers | futures each | median | min–max |");
    println!("|---|---|---|---|---|---|");
    for f in r["forecasts"].as_array().into_iter().flatten() {
        println!(
            "| {} | {} | {} | {} | {:.2} s | {:.2}–{:.2} s |",
            f["as_of"],
            f["target"],
            f["dossiers"],
            f["simulations"],
            f["median_s"].as_f64().unwrap_or(0.0),
            f["min_s"].as_f64().unwrap_or(0.0),
            f["max_s"].as_f64().unwrap_or(0.0)
        );
    }
    println!(
        "peak resident memory after them: {} MiB",
        r["memory"]["hwm_mib"]
    );
    for b in r["backtests"].as_array().into_iter().flatten() {
        println!(
            "\nbacktest {} → {}: {} dossiers, {} approved, Brier {:.3} (base rate {:.3}, skill {:.2})",
            b["from"],
            b["to"],
            b["dossiers"],
            b["approved"],
            b["brier"].as_f64().unwrap_or(0.0),
            b["reference_brier"].as_f64().unwrap_or(0.0),
            b["skill"].as_f64().unwrap_or(0.0)
        );
        println!("| decile | count | predicted | observed |");
        println!("|---|---|---|---|");
        for c in b["calibration"].as_array().into_iter().flatten() {
            println!(
                "| {:.1}–{:.1} | {} | {:.3} | {:.3} |",
                c["from"].as_f64().unwrap_or(0.0),
                c["to"].as_f64().unwrap_or(0.0),
                c["count"],
                c["predicted_mean"].as_f64().unwrap_or(0.0),
                c["observed_share"].as_f64().unwrap_or(0.0)
            );
        }
    }
    println!("\nstage lengths found vs known: {}", r["recovery"]);
}
