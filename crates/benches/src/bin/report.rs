//! The progress report as documents (issue 14) at national scale: Lai Châu's DOCX, PDF and
//! XLSX (goal ≤ 1 s each) and the country's XLSX (goal ≤ 5 s), each from the request to the
//! file's bytes — the store's reading (`progress_document`), the words, the layout — on the
//! core benchmark's national data set with Lai Châu's real boundaries (for its map).
//!
//! ```text
//! cargo run --release -p plantrack-benches --bin report -- --runs 5
//! ```

// A benchmark reports on the terminal.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::Days;
use clap::Parser;
use plantrack_benches::generator::{self, GenConfig};
use plantrack_benches::{Summary, ms};
use plantrack_domain::Language;
use plantrack_domain::access::Caller;
use plantrack_domain::workflow::Template;
use plantrack_reports::Format;
use plantrack_store::Planning;
use plantrack_store::planning::{Clock, DocumentQuery};
use plantrack_web::i18n::Lang;

#[derive(Parser)]
struct Args {
    /// A database URL; a fresh SQLite file in the temporary folder by default (removed after).
    #[arg(long)]
    db: Option<String>,
    #[arg(long, default_value = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/vn_units_2025.json"))]
    units: std::path::PathBuf,
    #[arg(long, default_value = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/laichau_communes_2025.geojson"))]
    boundaries: std::path::PathBuf,
    #[arg(long, default_value_t = 5)]
    runs: usize,
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

type BoxError = Box<dyn std::error::Error + Send + Sync>;

#[tokio::main]
async fn main() -> Result<(), BoxError> {
    let args = Args::parse();
    let temp = std::env::temp_dir().join(format!(
        "plantrack_report_{}.db",
        uuid::Uuid::new_v4().simple()
    ));
    let url = args
        .db
        .clone()
        .unwrap_or_else(|| format!("sqlite://{}", temp.display()));
    let outcome = run(&url, &args).await;
    if args.db.is_none() {
        for suffix in ["", "-wal", "-shm"] {
            std::fs::remove_file(format!("{}{suffix}", temp.display())).ok();
        }
    }
    outcome
}

async fn run(url: &str, args: &Args) -> Result<(), BoxError> {
    let cfg = GenConfig {
        seed: args.seed,
        ..GenConfig::default()
    };
    let today = cfg.end;
    Planning::migrate(url).await?;
    let planning = Planning::open(url, Clock::fixed(today)).await?;
    eprintln!("== loading the national set");
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
    planning
        .bulk_load(Caller::Operator, &set, 250, &mut |_, _| {})
        .await?;
    planning.analyze().await?;
    let compare = today - Days::new(28);
    println!(
        "{:<28} {:>10} {:>10} {:>10} {:>10} {:>12}",
        "document", "median ms", "max ms", "read ms", "layout ms", "bytes"
    );
    let forecast_target = today + chrono::Months::new(5);
    for (name, province, format) in [
        ("Lai Châu DOCX", Some("12"), Format::Docx),
        ("Lai Châu PDF", Some("12"), Format::Pdf),
        ("Lai Châu XLSX", Some("12"), Format::Xlsx),
        ("Lai Châu CSV", Some("12"), Format::Csv),
        ("country XLSX", None, Format::Xlsx),
        ("country CSV", None, Format::Csv),
    ] {
        let mut total = Vec::new();
        let mut reading = Vec::new();
        let mut layout = Vec::new();
        let mut bytes = 0;
        for _ in 0..args.runs {
            let started = Instant::now();
            let data = planning
                .progress_document(
                    Caller::Operator,
                    &DocumentQuery {
                        as_of: today,
                        compare: Some(compare),
                        as_known_on: None,
                        province: province.map(str::to_owned),
                        lang: Language::Vi,
                        with_forecast: true,
                        // After the benchmark's day, so that the forecast runs (31/03/2026,
                        // the default, is past on it and would only be mentioned).
                        target: Some(forecast_target),
                    },
                )
                .await?;
            let read = started.elapsed();
            let report = plantrack_web::progress_document::progress_document(&data, Lang::Vi);
            let file = plantrack_reports::render(&report, format)?;
            let all = started.elapsed();
            bytes = file.len();
            total.push(all);
            reading.push(read);
            layout.push(all.saturating_sub(read));
        }
        let median = |v: &[Duration]| Summary::of(v).map_or(0.0, |s| ms(s.median));
        println!(
            "{name:<28} {:>10.1} {:>10.1} {:>10.1} {:>10.1} {bytes:>12}",
            median(&total),
            total.iter().copied().max().map_or(0.0, ms),
            median(&reading),
            median(&layout),
        );
    }
    Ok(())
}
