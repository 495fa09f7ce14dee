//! National-scale benchmark of plantrack, on SQLite and PostgreSQL.
//!
//! Loads the 34 provinces and 3,321 commune-level units of `data/vn_units_2025.json`, gives
//! every unit 3 plans (the commune general plan and two other types) whose dossiers carry
//! about 30 legal events each (≈ 295,000 events, generated deterministically and decided by
//! the domain; see `plantrack_benches::generator`), written with `Planning::bulk_load` and
//! followed by `ANALYZE`. Then a fresh process — standing in for the server, with the
//! national set in its database and none of the generated data in its memory — measures,
//! after a warm-up:
//!
//! - `Planning::progress` for one province (code 12, Lai Châu, with its per-unit table), for
//!   the whole country, and for the whole country as of 31 December 2025 (the clock stands on
//!   31 October 2026, the last day of the histories): median and p95 over `--runs` runs;
//! - where that time goes, each part measured in turn, round after round: the SQL alone
//!   (`COUNT(*)` over the store's query), its rows fetched through sqlx's `Any` driver and
//!   through the native driver (SQLite also with a large row buffer), decoded
//!   (`Db::positions`), and the whole report; and what alternatives would cost: the same
//!   rows from an index-friendly query (filters only when given; the `dossiers` projection
//!   when the date is today), without the name joins, and a report computed in the database
//!   (`GROUP BY` counts plus only the overdue and due-soon rows);
//! - sustained commands: `--transitions` consecutive legal `Planning::execute` calls, round
//!   robin over active dossiers (each gets its required documents, then its transition),
//!   wall clock, with the transitions' own latency and rate; then `--writers` clients (8)
//!   at once, each on its own dossiers: transitions completed per second of wall clock;
//! - its resident set (VmRSS, VmHWM) after opening, after the queries and at the end.
//!
//! It prints a table with the issue's goals, then one JSON line per backend
//! (`{"backend":…,"bench":"national",…}`).
//!
//! ```text
//! cargo run --release -p plantrack-benches --bin national -- --backend both
//! ```
//!
//! Options: `--backend sqlite|postgres|both`; `--pg-url URL` (or `PLANTRACK_BENCH_PG_URL`;
//! default `postgres://postgres@127.0.0.1:5432/test`): the server where a database
//! `plantrack_bench_<uuid>` is created and dropped afterwards; `--sqlite-dir DIR` (default the
//! temp dir); `--runs 50`, `--warmup 5`, `--transitions 2000`, `--writers 8`, `--mean-events 30`,
//! `--seed N`, `--batch 250` (dossiers per load transaction), `--keep` (keep the databases
//! and print their URLs), `--units FILE`, `--generate-only` (print the generated set's shape
//! and stop). `PLANTRACK_BENCH_SAMPLES=1` prints every sample. A run of both backends takes
//! about 4 minutes on 2 cores; loading PostgreSQL (≈ 2 minutes) dominates.

// A benchmark reports on the terminal.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::path::PathBuf;

use clap::{Parser, ValueEnum};
use plantrack_benches::generator::GenConfig;
use plantrack_domain::unit::UnitKind;
use serde_json::json;

mod load;
mod measure;
mod parts;
mod report;
mod scenarios;
mod sustained;
mod target;

use load::{describe_set, load_and_measure};
use measure::measure;
use report::print_table;
use target::Target;

const DEFAULT_PG: &str = "postgres://postgres@127.0.0.1:5432/test";

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum BackendArg {
    Sqlite,
    Postgres,
    Both,
}

#[derive(Debug, Parser)]
#[command(about = "National-scale benchmark: load ≈300k events, measure progress and commands")]
struct Args {
    #[arg(long, value_enum, default_value = "both")]
    backend: BackendArg,
    /// PostgreSQL server; a database is created on it for the run and dropped afterwards.
    #[arg(long, env = "PLANTRACK_BENCH_PG_URL", default_value = DEFAULT_PG)]
    pg_url: String,
    /// Where the SQLite file goes (default: the temp dir).
    #[arg(long)]
    sqlite_dir: Option<PathBuf>,
    /// The units file.
    #[arg(long, default_value = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/vn_units_2025.json"))]
    units: PathBuf,
    #[arg(long, default_value_t = 50)]
    runs: usize,
    #[arg(long, default_value_t = 5)]
    warmup: usize,
    #[arg(long, default_value_t = 2000)]
    transitions: usize,
    /// Clients sending commands at once in the concurrent part.
    #[arg(long, default_value_t = 8)]
    writers: usize,
    #[arg(long, default_value_t = 30)]
    mean_events: u64,
    #[arg(long, default_value_t = 20_250_701)]
    seed: u64,
    #[arg(long, default_value_t = 250)]
    batch: usize,
    /// Keep the databases afterwards.
    #[arg(long)]
    keep: bool,
    /// Only generate the national set and print what it holds.
    #[arg(long)]
    generate_only: bool,
    /// Internal: measure an already loaded database (the child process).
    #[arg(long, hide = true)]
    measure_url: Option<String>,
}

type BoxError = Box<dyn std::error::Error + Send + Sync>;

#[tokio::main]
async fn main() -> Result<(), BoxError> {
    let args = Args::parse();
    if let Some(url) = &args.measure_url {
        let result = measure(url, &args).await?;
        println!("RESULT {result}");
        return Ok(());
    }
    let cfg = GenConfig {
        seed: args.seed,
        mean_events: args.mean_events,
        ..GenConfig::default()
    };
    eprintln!("reading {}", args.units.display());
    let import = plantrack_gis::read_units_file(&args.units, &mut |_, _| {})?;
    let provinces = import
        .units
        .iter()
        .filter(|u| u.unit.kind == UnitKind::Province)
        .count();
    let communes = import.units.len() - provinces;
    eprintln!("{provinces} provinces, {communes} commune-level units");

    if args.generate_only {
        describe_set(&import, &cfg);
        return Ok(());
    }
    let backends: &[&str] = match args.backend {
        BackendArg::Sqlite => &["sqlite"],
        BackendArg::Postgres => &["postgres"],
        BackendArg::Both => &["sqlite", "postgres"],
    };
    let mut set = None;
    let mut results = Vec::new();
    for backend in backends {
        let target = Target::create(backend, &args).await?;
        eprintln!("== {backend}: loading into {}", target.shown());
        let outcome = load_and_measure(&target, &args, &cfg, &import, &mut set).await;
        if args.keep {
            eprintln!("kept {}", target.url);
        } else {
            target.destroy().await;
        }
        let mut result = outcome?;
        result["units"] = json!(communes);
        result["provinces"] = json!(provinces);
        results.push(result);
    }
    print_table(&results);
    for r in &results {
        println!("{r}");
    }
    Ok(())
}
