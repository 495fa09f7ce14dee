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
//!   wall clock, with the transitions' own latency and rate;
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
//! temp dir); `--runs 50`, `--warmup 5`, `--transitions 2000`, `--mean-events 30`,
//! `--seed N`, `--batch 250` (dossiers per load transaction), `--keep` (keep the databases
//! and print their URLs), `--units FILE`, `--generate-only` (print the generated set's shape
//! and stop). `PLANTRACK_BENCH_SAMPLES=1` prints every sample. A run of both backends takes
//! about 4 minutes on 2 cores; loading PostgreSQL (≈ 2 minutes) dominates.

use std::path::PathBuf;
use std::process::Stdio;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use clap::{Parser, ValueEnum};
use plantrack_benches::generator::{self, Extras, GenConfig, Rng, date};
use plantrack_benches::{Rss, Summary, ms, with_database};
use plantrack_domain::unit::UnitKind;
use plantrack_domain::workflow::{CommandKind, DossierState, Template};
use plantrack_store::planning::{Clock, ProgressQuery};
use plantrack_store::plans::DossierFilter;
use plantrack_store::{Planning, StoreError};
use serde_json::{Value, json};
use sqlx::Connection;

const DEFAULT_PG: &str = "postgres://postgres@127.0.0.1:5432/test";
const PROVINCE: &str = "12";

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

/// A fresh database for one backend.
struct Target {
    backend: &'static str,
    url: String,
    /// The PostgreSQL server and database name, or the SQLite file.
    server: Option<String>,
    name: String,
}

impl Target {
    async fn create(backend: &str, args: &Args) -> Result<Self, BoxError> {
        let name = format!("plantrack_bench_{}", uuid::Uuid::new_v4().simple());
        if backend == "postgres" {
            let mut conn = sqlx::PgConnection::connect(&args.pg_url).await?;
            sqlx::query(&format!("CREATE DATABASE {name}"))
                .execute(&mut conn)
                .await?;
            conn.close().await?;
            Ok(Target {
                backend: "postgres",
                url: with_database(&args.pg_url, &name),
                server: Some(args.pg_url.clone()),
                name,
            })
        } else {
            let dir = args.sqlite_dir.clone().unwrap_or_else(std::env::temp_dir);
            let path = dir.join(format!("{name}.db"));
            Ok(Target {
                backend: "sqlite",
                url: format!("sqlite://{}", path.display()),
                server: None,
                name: path.display().to_string(),
            })
        }
    }

    /// The URL without a password.
    fn shown(&self) -> String {
        match self.url.split_once('@') {
            Some((scheme_user, rest)) if scheme_user.matches(':').count() > 1 => {
                let user = scheme_user.rsplit_once(':').map_or(scheme_user, |(u, _)| u);
                format!("{user}:***@{rest}")
            }
            _ => self.url.clone(),
        }
    }

    async fn destroy(&self) {
        match &self.server {
            Some(server) => {
                let dropped = async {
                    let mut conn = sqlx::PgConnection::connect(server).await?;
                    sqlx::query(&format!(
                        "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                        self.name
                    ))
                    .execute(&mut conn)
                    .await?;
                    conn.close().await
                }
                .await;
                if let Err(e) = dropped {
                    eprintln!("could not drop database {}: {e}", self.name);
                }
            }
            None => {
                for suffix in ["", "-wal", "-shm"] {
                    std::fs::remove_file(format!("{}{suffix}", self.name)).ok();
                }
            }
        }
    }
}

/// The day the benchmark's clock stands on: the last day of the generated histories.
fn today(cfg: &GenConfig) -> NaiveDate {
    cfg.end
}

async fn load_and_measure(
    target: &Target,
    args: &Args,
    cfg: &GenConfig,
    import: &plantrack_gis::units_import::UnitsImport,
    set: &mut Option<Vec<plantrack_store::bulk::BulkDossier>>,
) -> Result<Value, BoxError> {
    let planning = Planning::open(&target.url, Clock::fixed(today(cfg))).await?;
    let started = Instant::now();
    planning.db.import_units(import).await?;
    let import_s = started.elapsed().as_secs_f64();
    if set.is_none() {
        let started = Instant::now();
        let templates = planning.templates();
        let lookup = |key: &str| -> Arc<Template> {
            templates
                .iter()
                .find(|t| t.key == key)
                .cloned()
                .unwrap_or_else(|| panic!("template {key}"))
        };
        let units: Vec<_> = import.units.iter().map(|u| u.unit.clone()).collect();
        let calendar = planning.calendar();
        let generated = generator::national_set(&units, &lookup, calendar.as_ref(), cfg);
        let commands: usize = generated.iter().map(|d| d.commands.len()).sum();
        eprintln!(
            "generated {} dossiers, {} events in {:.1} s",
            generated.len(),
            commands + generated.len(),
            started.elapsed().as_secs_f64()
        );
        *set = Some(generated);
    }
    let dossiers = set.as_deref().unwrap_or_default();
    let started = Instant::now();
    let mut last = 0;
    let summary = planning
        .bulk_load(dossiers, args.batch, &mut |done, total| {
            if done * 10 / total > last {
                last = done * 10 / total;
                eprintln!(
                    "  {done}/{total} dossiers, {:.0} s",
                    started.elapsed().as_secs_f64()
                );
            }
        })
        .await?;
    let load_s = started.elapsed().as_secs_f64();
    let started = Instant::now();
    planning.db.analyze().await?;
    let analyze_s = started.elapsed().as_secs_f64();
    let loader_rss = Rss::now();
    planning.db.close().await;
    drop(planning);
    eprintln!(
        "  loaded {} plans, {} events, {} spans in {load_s:.1} s ({:.0} events/s); ANALYZE {analyze_s:.1} s",
        summary.plans,
        summary.events,
        summary.spans,
        summary.events as f64 / load_s
    );

    eprintln!("  measuring in a fresh process");
    let mut child = std::process::Command::new(std::env::current_exe()?);
    child
        .arg("--measure-url")
        .arg(&target.url)
        .args(["--runs", &args.runs.to_string()])
        .args(["--warmup", &args.warmup.to_string()])
        .args(["--transitions", &args.transitions.to_string()])
        .args(["--seed", &args.seed.to_string()])
        .args(["--mean-events", &args.mean_events.to_string()])
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit());
    let output = tokio::task::spawn_blocking(move || child.output()).await??;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let line = stdout
        .lines()
        .find_map(|l| l.strip_prefix("RESULT "))
        .ok_or_else(|| format!("the measuring process failed ({})", output.status))?;
    let mut result: Value = serde_json::from_str(line)?;
    result["backend"] = json!(target.backend);
    result["load"] = json!({
        "plans": summary.plans,
        "events": summary.events,
        "spans": summary.spans,
        "import_units_s": round3(import_s),
        "bulk_load_s": round3(load_s),
        "events_per_s": (summary.events as f64 / load_s).round(),
        "analyze_s": round3(analyze_s),
        "batch": args.batch,
        "loader_process": loader_rss.json(),
    });
    Ok(result)
}

/// Generates the set with the built-in templates and calendar and prints its shape.
fn describe_set(import: &plantrack_gis::units_import::UnitsImport, cfg: &GenConfig) {
    let templates: Vec<Arc<Template>> = Template::builtin()
        .into_iter()
        .map(|(t, _)| Arc::new(t))
        .collect();
    let lookup = |key: &str| -> Arc<Template> {
        templates
            .iter()
            .find(|t| t.key == key)
            .cloned()
            .unwrap_or_else(|| panic!("template {key}"))
    };
    let units: Vec<_> = import.units.iter().map(|u| u.unit.clone()).collect();
    let calendar = plantrack_domain::calendar::VietnamCalendar::new();
    let started = Instant::now();
    let set = generator::national_set(&units, &lookup, &calendar, cfg);
    let elapsed = started.elapsed();
    let mut kinds: std::collections::BTreeMap<String, usize> = Default::default();
    let mut finals: std::collections::BTreeMap<String, usize> = Default::default();
    let mut lengths: std::collections::BTreeMap<usize, usize> = Default::default();
    for d in &set {
        let template = lookup(d.plan.plan_type.default_template());
        let mut state = generator::opened_state(d, &template, &calendar, cfg.end);
        for c in &d.commands {
            let tag = match &c.kind {
                CommandKind::Transition { action } if action.starts_with("return_") => {
                    action.clone()
                }
                other => other.permission().to_owned(),
            };
            *kinds.entry(tag).or_default() += 1;
            state = generator::apply(state, &template, &calendar, c, cfg.end).expect("legal");
        }
        *finals
            .entry(format!("{} ({})", state.stage, state.status.as_str()))
            .or_default() += 1;
        *lengths.entry((d.commands.len() + 1) / 5 * 5).or_default() += 1;
    }
    let events: usize = set.iter().map(|d| d.commands.len() + 1).sum();
    println!(
        "{} dossiers, {events} events ({:.1} per dossier), generated in {:.2} s",
        set.len(),
        events as f64 / set.len() as f64,
        elapsed.as_secs_f64()
    );
    println!("commands: {kinds:?}");
    println!("events per dossier (by 5): {lengths:?}");
    println!("where they stand on {}: {finals:#?}", cfg.end);
}

fn round3(x: f64) -> f64 {
    (x * 1e3).round() / 1e3
}

/// The positions query of `Db::positions`, kept in step by hand: used only to split the
/// report's time into its parts.
const POSITIONS_SQL: &str = "SELECT s.dossier_id, d.plan_id, p.name AS plan_name, s.plan_type, d.unit_code, u.name_vi AS unit_name, \
     s.province_code, d.template_key, d.template_version, s.stage, s.status, s.stage_entered_on, s.due_on \
     FROM stage_spans s JOIN dossiers d ON d.id = s.dossier_id JOIN plans p ON p.id = d.plan_id \
     JOIN units u ON u.code = d.unit_code \
     WHERE s.from_on <= $1 AND (s.to_on IS NULL OR s.to_on > $1) \
     AND ($2 IS NULL OR s.province_code = $2) AND ($3 IS NULL OR s.plan_type = $3) \
     AND ($4 IS NULL OR d.unit_code = $4)";

struct Scenario {
    key: &'static str,
    label: &'static str,
    query: ProgressQuery,
    as_of: NaiveDate,
}

fn scenarios(today: NaiveDate) -> Vec<Scenario> {
    let q = |as_of: Option<NaiveDate>, province: Option<&str>| ProgressQuery {
        as_of,
        province: province.map(str::to_owned),
        lang: "vi".to_owned(),
        ..ProgressQuery::default()
    };
    let past = date(2025, 12, 31);
    vec![
        Scenario {
            key: "province",
            label: "progress, province 12 (with units)",
            query: q(None, Some(PROVINCE)),
            as_of: today,
        },
        Scenario {
            key: "country",
            label: "progress, whole country",
            query: q(None, None),
            as_of: today,
        },
        Scenario {
            key: "country_as_of",
            label: "progress, country as of 2025-12-31",
            query: q(Some(past), None),
            as_of: past,
        },
    ]
}

async fn time<F, Fut, T>(runs: usize, mut f: F) -> Result<(Summary, T), BoxError>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<T, BoxError>>,
{
    let mut samples = Vec::with_capacity(runs);
    let mut last = None;
    for _ in 0..runs.max(1) {
        let t = Instant::now();
        let out = f().await?;
        samples.push(t.elapsed());
        last = Some(out);
    }
    if std::env::var_os("PLANTRACK_BENCH_SAMPLES").is_some() {
        let all: Vec<String> = samples.iter().map(|d| format!("{:.1}", ms(*d))).collect();
        eprintln!("    samples: {}", all.join(" "));
    }
    let summary = Summary::of(&samples).ok_or("no samples")?;
    Ok((summary, last.ok_or("no runs")?))
}

/// The child process: opens the loaded database and measures.
async fn measure(url: &str, args: &Args) -> Result<Value, BoxError> {
    let cfg = GenConfig::default();
    let today = today(&cfg);
    let start_rss = Rss::now();
    let owned = Planning::open(url, Clock::fixed(today)).await?;
    let planning = &owned;
    let after_open = Rss::now();

    // What the server does: reports, then commands; nothing else is open or in memory.
    let mut queries = serde_json::Map::new();
    for s in scenarios(today) {
        let query = &s.query;
        let run = || async move {
            let r = planning.progress(query).await?;
            Ok::<_, BoxError>(r)
        };
        time(args.warmup, run).await?;
        let (summary, report) = time(args.runs, run).await?;
        eprintln!(
            "  {:<40} median {:>8.2} ms  p95 {:>8.2} ms  ({} dossiers, {} stage rows, {} units)",
            s.label,
            ms(summary.median),
            ms(summary.p95),
            report.total,
            report.stages.len(),
            report.units.len()
        );
        let mut j = summary.json();
        j["dossiers"] = json!(report.total);
        j["stage_rows"] = json!(report.stages.len());
        j["units"] = json!(report.units.len());
        j["overdue"] = json!(report.overdue.len());
        queries.insert(s.key.to_owned(), j);
    }
    let after_queries = Rss::now();
    let transitions = sustained(planning, args, today).await?;
    let after_commands = Rss::now();

    // Then, with pools of its own, where the time goes (the commands above changed a few
    // hundred dossiers; the parts are measured on the data as it now is).
    sqlx::any::install_default_drivers();
    let raw_url = if url.starts_with("postgres") {
        let sep = if url.contains('?') { '&' } else { '?' };
        format!("{url}{sep}statement-cache-capacity=0")
    } else {
        url.to_owned()
    };
    let raw = sqlx::any::AnyPoolOptions::new()
        .max_connections(2)
        .connect(&raw_url)
        .await?;
    let native = Native::connect(url).await?;
    let count = |table: &'static str| {
        let raw = raw.clone();
        async move {
            sqlx::query_scalar::<_, i64>(&format!("SELECT COUNT(*) FROM {table}"))
                .fetch_one(&raw)
                .await
        }
    };
    let counts = json!({
        "dossiers": count("dossiers").await?,
        "events": count("dossier_events").await?,
        "spans": count("stage_spans").await?,
    });
    eprintln!("  database holds {counts}");

    let mut breakdown = serde_json::Map::new();
    for s in scenarios(today) {
        let report = planning.progress(&s.query).await?;
        // The totals, not the lists: a country report lists at most 100 of each.
        let flagged = usize::try_from(report.overdue_total + report.due_soon_total)?;
        // Where the time goes: each variant in turn, round after round, so that drift in the
        // machine's speed touches them alike.
        let rounds = args.runs.clamp(1, 20);
        let mut samples: Vec<Vec<Duration>> = vec![Vec::new(); Variant::ALL.len()];
        let mut rows = 0;
        for _ in 0..rounds {
            for (i, v) in Variant::ALL.iter().enumerate() {
                let t = Instant::now();
                let n = probe(*v, &s, today, planning, &raw, &native).await?;
                samples[i].push(t.elapsed());
                if *v == Variant::SqlCount {
                    rows = n;
                } else if *v == Variant::FlaggedRows && n != flagged {
                    return Err(format!("{flagged} overdue or due soon, not {n}").into());
                } else if v.per_dossier() && n != rows {
                    return Err(format!("{} gave {n} rows, not {rows}", v.key()).into());
                }
            }
        }
        let median = |v: Variant| {
            let i = Variant::ALL.iter().position(|x| *x == v).unwrap_or(0);
            Summary::of(&samples[i]).map_or(Duration::ZERO, |s| s.median)
        };
        let mut parts = serde_json::Map::new();
        parts.insert("rows".into(), json!(rows));
        parts.insert("rounds".into(), json!(rounds));
        for v in Variant::ALL {
            parts.insert(format!("{}_ms", v.key()), json!(ms(median(v))));
        }
        let sub = |a: Variant, b: Variant| ms(median(a).saturating_sub(median(b)));
        parts.insert(
            "any_fetch_overhead_ms".into(),
            json!(sub(Variant::FetchAny, Variant::SqlCount)),
        );
        parts.insert(
            "any_vs_native_ms".into(),
            json!(sub(Variant::FetchAny, Variant::FetchNative)),
        );
        parts.insert(
            "decode_ms".into(),
            json!(sub(Variant::Positions, Variant::FetchAny)),
        );
        parts.insert(
            "report_build_ms".into(),
            json!(sub(Variant::Progress, Variant::Positions)),
        );
        eprintln!(
            "    breakdown ({rows} rows): SQL {:.1} | fetch Any {:.1} (native {:.1}, big row buffer {:.1}) | decoded {:.1} | report {:.1} ms; \
             index-friendly SQL: count {:.1}, fetch Any {:.1}, slim fetch Any {:.1} ms; \
             in the database: counts {:.1} + overdue and due-soon rows {:.1} ms",
            ms(median(Variant::SqlCount)),
            ms(median(Variant::FetchAny)),
            ms(median(Variant::FetchNative)),
            ms(median(Variant::FetchNativeBuffered)),
            ms(median(Variant::Positions)),
            ms(median(Variant::Progress)),
            ms(median(Variant::FixedCount)),
            ms(median(Variant::FixedFetchAny)),
            ms(median(Variant::FixedSlimFetchAny)),
            ms(median(Variant::AggregateCounts)),
            ms(median(Variant::FlaggedRows)),
        );
        breakdown.insert(s.key.to_owned(), Value::Object(parts));
    }
    let end = Rss::now();
    planning.db.close().await;
    raw.close().await;
    native.close().await;
    Ok(json!({
        "bench": "national",
        "counts": counts,
        "queries": queries,
        "breakdown": breakdown,
        "commands": transitions,
        "rss": {
            "start": start_rss.json(),
            "after_open": after_open.json(),
            "after_queries": after_queries.json(),
            "after_commands": after_commands.json(),
            "after_breakdown": end.json(),
        },
    }))
}

/// The same database through sqlx's own driver, without `Any`: the baseline for the cost of
/// `Any`'s row conversion.
enum Native {
    /// With sqlx's default row buffer (50 rows between the SQLite worker thread and the
    /// task), and with one large enough for a whole report.
    Sqlite(sqlx::SqlitePool, sqlx::SqlitePool),
    Postgres(sqlx::PgPool),
}

impl Native {
    async fn connect(url: &str) -> Result<Self, BoxError> {
        Ok(if url.starts_with("postgres") {
            Native::Postgres(
                sqlx::postgres::PgPoolOptions::new()
                    .max_connections(1)
                    .connect(url)
                    .await?,
            )
        } else {
            {
                use std::str::FromStr;
                let options = sqlx::sqlite::SqliteConnectOptions::from_str(url)?;
                let pool = |options| {
                    sqlx::sqlite::SqlitePoolOptions::new()
                        .max_connections(1)
                        .connect_with(options)
                };
                Native::Sqlite(
                    pool(options.clone()).await?,
                    pool(options.row_buffer_size(16_384)).await?,
                )
            }
        })
    }

    async fn close(&self) {
        match self {
            Native::Sqlite(p, q) => {
                p.close().await;
                q.close().await;
            }
            Native::Postgres(p) => p.close().await,
        }
    }

    /// Rows of the positions query, fetched and not decoded.
    async fn fetch(
        &self,
        as_of: &str,
        province: Option<&str>,
        buffered: bool,
    ) -> Result<usize, BoxError> {
        Ok(match self {
            Native::Sqlite(p, q) => sqlx::query(POSITIONS_SQL)
                .bind(as_of)
                .bind(province)
                .bind(None::<String>)
                .bind(None::<String>)
                .fetch_all(if buffered { q } else { p })
                .await?
                .len(),
            Native::Postgres(p) => sqlx::query(POSITIONS_SQL)
                .bind(as_of)
                .bind(province)
                .bind(None::<String>)
                .bind(None::<String>)
                .fetch_all(p)
                .await?
                .len(),
        })
    }
}

/// The parts of a progress report's time, and an index-friendly alternative to its query.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Variant {
    /// `COUNT(*)` over the store's query: the database's own work, one row back.
    SqlCount,
    /// The store's query, rows fetched through `Any`, not decoded.
    FetchAny,
    /// The same through the native driver.
    FetchNative,
    /// The same with SQLite's row buffer raised from 50 to 16,384 rows.
    FetchNativeBuffered,
    /// `Db::positions`: fetched and decoded.
    Positions,
    /// `Planning::progress`: the whole report.
    Progress,
    /// The query a fix would send: the filters only when given (no `$n IS NULL OR`), and
    /// the `dossiers` projection when the date is today (the current spans are its rows).
    FixedCount,
    FixedFetchAny,
    /// The fixed query without the plan and unit names (a cache would supply them).
    FixedSlimFetchAny,
    /// The report's stage counts computed by the database (`GROUP BY`), through `Any`.
    AggregateCounts,
    /// Only the rows the report lists one by one: overdue and due soon, through `Any`.
    FlaggedRows,
}

impl Variant {
    const ALL: [Variant; 11] = [
        Variant::SqlCount,
        Variant::FetchAny,
        Variant::FetchNative,
        Variant::FetchNativeBuffered,
        Variant::Positions,
        Variant::Progress,
        Variant::FixedCount,
        Variant::FixedFetchAny,
        Variant::FixedSlimFetchAny,
        Variant::AggregateCounts,
        Variant::FlaggedRows,
    ];

    /// Whether it returns one row per dossier in scope.
    fn per_dossier(self) -> bool {
        !matches!(self, Variant::AggregateCounts | Variant::FlaggedRows)
    }

    fn key(self) -> &'static str {
        match self {
            Variant::SqlCount => "sql_count",
            Variant::FetchAny => "fetch_any",
            Variant::FetchNative => "fetch_native",
            Variant::FetchNativeBuffered => "fetch_native_buffered",
            Variant::Positions => "positions_decoded",
            Variant::Progress => "progress_report",
            Variant::FixedCount => "fixed_sql_count",
            Variant::FixedFetchAny => "fixed_sql_fetch_any",
            Variant::FixedSlimFetchAny => "fixed_slim_fetch_any",
            Variant::AggregateCounts => "aggregate_counts",
            Variant::FlaggedRows => "flagged_rows",
        }
    }
}

/// The index-friendly positions query and its parameters.
fn fixed_sql(
    as_of: NaiveDate,
    today: NaiveDate,
    province: Option<&str>,
    slim: bool,
) -> (String, Vec<String>) {
    let current = as_of >= today;
    let t = if current { "d" } else { "s" };
    let columns = if slim {
        format!(
            "{t}.dossier_id, d.plan_id, {t}.plan_type, d.unit_code, {t}.province_code, d.template_key, \
             d.template_version, {t}.stage, {t}.status, {t}.stage_entered_on, {t}.due_on"
        )
    } else {
        format!(
            "{t}.dossier_id, d.plan_id, p.name AS plan_name, {t}.plan_type, d.unit_code, u.name_vi AS unit_name, \
             {t}.province_code, d.template_key, d.template_version, {t}.stage, {t}.status, {t}.stage_entered_on, {t}.due_on"
        )
    };
    let columns = if current {
        columns.replace("d.dossier_id", "d.id AS dossier_id")
    } else {
        columns
    };
    let joins = if slim {
        ""
    } else {
        " JOIN plans p ON p.id = d.plan_id JOIN units u ON u.code = d.unit_code"
    };
    let mut params = Vec::new();
    let mut sql = if current {
        format!("SELECT {columns} FROM dossiers d{joins} WHERE 1 = 1")
    } else {
        params.push(as_of.to_string());
        format!(
            "SELECT {columns} FROM stage_spans s JOIN dossiers d ON d.id = s.dossier_id{joins} \
             WHERE s.from_on <= $1 AND (s.to_on IS NULL OR s.to_on > $1)"
        )
    };
    if let Some(p) = province {
        params.push(p.to_owned());
        sql.push_str(&format!(" AND {t}.province_code = ${}", params.len()));
    }
    (sql, params)
}

/// What a report computed by the database would send: the stage counts, or the overdue and
/// due-soon rows.
fn summary_sql(
    v: Variant,
    as_of: NaiveDate,
    today: NaiveDate,
    province: Option<&str>,
    due_soon_days: i64,
) -> (String, Vec<String>) {
    let current = as_of >= today;
    let t = if current { "d" } else { "s" };
    let from = if current {
        "FROM dossiers d WHERE $1 = $1 AND $2 = $2".to_owned()
    } else {
        "FROM stage_spans s JOIN dossiers d ON d.id = s.dossier_id \
         WHERE s.from_on <= $1 AND (s.to_on IS NULL OR s.to_on > $1) AND $2 = $2"
            .to_owned()
    };
    let soon = (as_of + chrono::Days::new(due_soon_days.unsigned_abs())).to_string();
    let mut params = vec![as_of.to_string(), soon];
    let scope = match province {
        Some(p) => {
            params.push(p.to_owned());
            format!(" AND {t}.province_code = $3")
        }
        None => String::new(),
    };
    let sql = if v == Variant::AggregateCounts {
        format!(
            "SELECT {t}.plan_type, d.template_key, d.template_version, {t}.stage, {t}.status, COUNT(*) AS n, \
             SUM(CASE WHEN {t}.status = 'active' AND {t}.due_on < $1 THEN 1 ELSE 0 END) AS overdue, \
             SUM(CASE WHEN {t}.status = 'active' AND {t}.due_on >= $1 AND {t}.due_on <= $2 THEN 1 ELSE 0 END) AS due_soon \
             {from}{scope} GROUP BY {t}.plan_type, d.template_key, d.template_version, {t}.stage, {t}.status"
        )
    } else {
        let (rows, _) = fixed_sql(as_of, today, None, false);
        let (select, _) = rows.split_once(" FROM ").unwrap_or((rows.as_str(), ""));
        let joins = " JOIN plans p ON p.id = d.plan_id JOIN units u ON u.code = d.unit_code";
        let from = from.replacen(" WHERE", &format!("{joins} WHERE"), 1);
        format!("{select} {from}{scope} AND {t}.status = 'active' AND {t}.due_on <= $2")
    };
    (sql, params)
}

async fn probe(
    v: Variant,
    s: &Scenario,
    today: NaiveDate,
    planning: &Planning,
    raw: &sqlx::AnyPool,
    native: &Native,
) -> Result<usize, BoxError> {
    let province = s.query.province.as_deref();
    let as_of = s.as_of.to_string();
    let fixed = |slim| fixed_sql(s.as_of, today, province, slim);
    let fetch_fixed = |(sql, params): (String, Vec<String>), count: bool| async move {
        let sql = if count {
            format!("SELECT COUNT(*) FROM ({sql}) q")
        } else {
            sql
        };
        let mut q = sqlx::query(&sql);
        for p in &params {
            q = q.bind(p.clone());
        }
        let rows = q.fetch_all(raw).await?;
        if count {
            use sqlx::Row;
            Ok::<_, BoxError>(usize::try_from(rows[0].try_get::<i64, _>(0)?)?)
        } else {
            Ok(rows.len())
        }
    };
    Ok(match v {
        Variant::SqlCount => {
            let n: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM ({POSITIONS_SQL}) q"))
                .bind(&as_of)
                .bind(province)
                .bind(None::<String>)
                .bind(None::<String>)
                .fetch_one(raw)
                .await?;
            usize::try_from(n)?
        }
        Variant::FetchAny => sqlx::query(POSITIONS_SQL)
            .bind(&as_of)
            .bind(province)
            .bind(None::<String>)
            .bind(None::<String>)
            .fetch_all(raw)
            .await?
            .len(),
        Variant::FetchNative => native.fetch(&as_of, province, false).await?,
        Variant::FetchNativeBuffered => native.fetch(&as_of, province, true).await?,
        Variant::Positions => planning
            .db
            .positions(
                s.as_of,
                s.as_of >= planning.today(),
                plantrack_store::progress::Scope {
                    province,
                    ..Default::default()
                },
            )
            .await?
            .len(),
        Variant::Progress => usize::try_from(planning.progress(&s.query).await?.total)?,
        Variant::FixedCount => fetch_fixed(fixed(false), true).await?,
        Variant::FixedFetchAny => fetch_fixed(fixed(false), false).await?,
        Variant::FixedSlimFetchAny => fetch_fixed(fixed(true), false).await?,
        Variant::AggregateCounts | Variant::FlaggedRows => {
            let (sql, params) = summary_sql(v, s.as_of, today, province, planning.due_soon_days);
            fetch_fixed((sql, params), false).await?
        }
    })
}

/// `--transitions` consecutive `Planning::execute` calls, round robin over active dossiers:
/// each gets its missing required documents, then its transition (or its resumption).
async fn sustained(planning: &Planning, args: &Args, today: NaiveDate) -> Result<Value, BoxError> {
    let (list, _) = planning
        .db
        .dossiers(&DossierFilter {
            limit: 1_000_000,
            ..DossierFilter::default()
        })
        .await?;
    let mut ids: Vec<i64> = list
        .iter()
        .filter(|d| d.status != "completed")
        .map(|d| d.dossier_id)
        .collect();
    let mut rng = Rng::stream(args.seed, 0xBEEF);
    rng.shuffle(&mut ids);
    ids.truncate((args.transitions / 4).max(1));
    let mut pool: Vec<(DossierState, Arc<Template>)> = Vec::with_capacity(ids.len());
    for id in &ids {
        let state = planning.db.dossier(*id).await?;
        let template = planning.template(&state.template, Some(state.template_version))?;
        pool.push((state, template));
    }
    let mut transition = Vec::new();
    let mut other = Vec::new();
    let mut executed = 0;
    let mut idle = 0;
    let mut slot = 0;
    let started = Instant::now();
    while executed < args.transitions && idle < pool.len() {
        let n = pool.len();
        let (state, template) = &mut pool[slot % n];
        slot += 1;
        let Some(command) =
            generator::next_command(state, template, today, &mut rng, &Extras::FORWARD)
        else {
            idle += 1;
            continue;
        };
        idle = 0;
        let t = Instant::now();
        let (_, next) = match planning.execute(state.id, &command).await {
            Ok(done) => done,
            Err(StoreError::Domain(e)) => return Err(format!("refused {command:?}: {e}").into()),
            Err(e) => return Err(e.into()),
        };
        let took = t.elapsed();
        match command.kind {
            CommandKind::Transition { .. } => transition.push(took),
            _ => other.push(took),
        }
        *state = next;
        executed += 1;
    }
    let wall = started.elapsed();
    let per_s = |n: usize, d: Duration| (n as f64 / d.as_secs_f64()).round();
    let spent_in_transitions: Duration = transition.iter().sum();
    let t = Summary::of(&transition);
    let o = Summary::of(&other);
    eprintln!(
        "  {executed} commands over {} dossiers in {:.2} s: {:.0} commands/s; {} transitions, {:.0}/s of their own time (median {:.2} ms, p95 {:.2} ms)",
        pool.len(),
        wall.as_secs_f64(),
        per_s(executed, wall),
        transition.len(),
        per_s(transition.len(), spent_in_transitions),
        t.map_or(0.0, |s| ms(s.median)),
        t.map_or(0.0, |s| ms(s.p95)),
    );
    Ok(json!({
        "executed": executed,
        "dossiers": pool.len(),
        "wall_s": round3(wall.as_secs_f64()),
        "commands_per_s": per_s(executed, wall),
        "transitions": transition.len(),
        "transitions_per_s": per_s(transition.len(), spent_in_transitions),
        "transition_latency": t.map(|s| s.json()),
        "other_latency": o.map(|s| s.json()),
    }))
}

fn get(v: &Value, path: &[&str]) -> Option<f64> {
    path.iter().try_fold(v, |v, k| v.get(k))?.as_f64()
}

fn print_table(results: &[Value]) {
    type Metric<'a> = (&'a str, &'a [&'a str], &'a str, Option<(f64, bool)>);
    let metrics: Vec<Metric> = vec![
        ("events loaded", &["load", "events"], "", None),
        ("bulk load (s)", &["load", "bulk_load_s"], "", None),
        (
            "province 12, median (ms)",
            &["queries", "province", "median_ms"],
            "≤ 5",
            Some((5.0, true)),
        ),
        (
            "province 12, p95 (ms)",
            &["queries", "province", "p95_ms"],
            "≤ 5",
            Some((5.0, true)),
        ),
        (
            "country, median (ms)",
            &["queries", "country", "median_ms"],
            "≤ 50",
            Some((50.0, true)),
        ),
        (
            "country, p95 (ms)",
            &["queries", "country", "p95_ms"],
            "≤ 50",
            Some((50.0, true)),
        ),
        (
            "country as of 2025-12-31, median (ms)",
            &["queries", "country_as_of", "median_ms"],
            "≤ 100",
            Some((100.0, true)),
        ),
        (
            "country as of 2025-12-31, p95 (ms)",
            &["queries", "country_as_of", "p95_ms"],
            "≤ 100",
            Some((100.0, true)),
        ),
        (
            "  province: SQL alone, COUNT(*) (ms)",
            &["breakdown", "province", "sql_count_ms"],
            "",
            None,
        ),
        (
            "  province: index-friendly SQL (ms)",
            &["breakdown", "province", "fixed_sql_count_ms"],
            "",
            None,
        ),
        (
            "  country: SQL alone, COUNT(*) (ms)",
            &["breakdown", "country", "sql_count_ms"],
            "",
            None,
        ),
        (
            "  country: rows fetched via Any (ms)",
            &["breakdown", "country", "fetch_any_ms"],
            "",
            None,
        ),
        (
            "  country: rows fetched, native (ms)",
            &["breakdown", "country", "fetch_native_ms"],
            "",
            None,
        ),
        (
            "  country: + decoded, positions (ms)",
            &["breakdown", "country", "positions_decoded_ms"],
            "",
            None,
        ),
        (
            "  country: + report, progress (ms)",
            &["breakdown", "country", "progress_report_ms"],
            "",
            None,
        ),
        (
            "  country: projection SQL, Any (ms)",
            &["breakdown", "country", "fixed_sql_fetch_any_ms"],
            "",
            None,
        ),
        (
            "  country: same, no names (ms)",
            &["breakdown", "country", "fixed_slim_fetch_any_ms"],
            "",
            None,
        ),
        (
            "  as-of: SQL alone, COUNT(*) (ms)",
            &["breakdown", "country_as_of", "sql_count_ms"],
            "",
            None,
        ),
        (
            "  as-of: rows fetched via Any (ms)",
            &["breakdown", "country_as_of", "fetch_any_ms"],
            "",
            None,
        ),
        (
            "  as-of: + report, progress (ms)",
            &["breakdown", "country_as_of", "progress_report_ms"],
            "",
            None,
        ),
        (
            "commands/s (execute, sequential)",
            &["commands", "commands_per_s"],
            "",
            None,
        ),
        (
            "transitions/s (their own time)",
            &["commands", "transitions_per_s"],
            "≥ 1000 (SQLite)",
            Some((1000.0, false)),
        ),
        (
            "transition latency, median (ms)",
            &["commands", "transition_latency", "median_ms"],
            "",
            None,
        ),
        (
            "RSS after queries (MiB)",
            &["rss", "after_queries", "rss_mib"],
            "≤ 100",
            Some((100.0, true)),
        ),
        (
            "RSS after commands (MiB)",
            &["rss", "after_commands", "rss_mib"],
            "≤ 100",
            Some((100.0, true)),
        ),
        (
            "RSS peak before breakdown, VmHWM (MiB)",
            &["rss", "after_commands", "hwm_mib"],
            "≤ 100",
            Some((100.0, true)),
        ),
        (
            "RSS peak incl. breakdown pools (MiB)",
            &["rss", "after_breakdown", "hwm_mib"],
            "",
            None,
        ),
    ];
    let names: Vec<&str> = results
        .iter()
        .map(|r| r["backend"].as_str().unwrap_or("?"))
        .collect();
    print!("{:<42} {:>16}", "metric", "goal");
    for n in &names {
        print!(" {n:>16}");
    }
    println!();
    for (label, path, goal, check) in metrics {
        print!("{label:<42} {goal:>16}");
        for (r, name) in results.iter().zip(&names) {
            let cell = match get(r, path) {
                Some(v) => {
                    let applies = !(path[0] == "commands" && *name != "sqlite");
                    let mark = match check {
                        Some((limit, at_most)) if applies => {
                            if (at_most && v <= limit) || (!at_most && v >= limit) {
                                " ok"
                            } else {
                                " MISS"
                            }
                        }
                        _ => "",
                    };
                    format!("{v}{mark}")
                }
                None => "-".to_owned(),
            };
            print!(" {cell:>16}");
        }
        println!();
    }
}
