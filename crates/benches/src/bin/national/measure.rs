//! The child process: the progress report's scenarios timed over `--runs` runs on an already
//! loaded database, with the split of their time (`parts`) and sustained commands.

use plantrack_domain::access::Caller;
use std::time::{Duration, Instant};

use plantrack_benches::generator::GenConfig;
use plantrack_benches::{Rss, Summary, ms};
use plantrack_store::Planning;
use plantrack_store::planning::Clock;
use serde_json::{Value, json};

use crate::load::today;
use crate::parts::{Native, Variant, probe};
use crate::scenarios::scenarios;
use crate::sustained::sustained;
use crate::{Args, BoxError};

pub(crate) async fn time<F, Fut, T>(runs: usize, mut f: F) -> Result<(Summary, T), BoxError>
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
pub(crate) async fn measure(url: &str, args: &Args) -> Result<Value, BoxError> {
    let cfg = GenConfig::default();
    let today = today(&cfg);
    let start_rss = Rss::now();
    // Later on the load's day (23:00 in Vietnam): the records are then in the past on the
    // second time axis too.
    let evening = crate::scenarios::recorded_at(today) + chrono::Duration::hours(11);
    let owned = Planning::open(url, Clock::from_fn(move || evening)).await?;
    let planning = &owned;
    let after_open = Rss::now();

    // What the server does: reports, then commands; nothing else is open or in memory.
    let mut queries = serde_json::Map::new();
    for s in scenarios(today) {
        let query = &s.query;
        let run = || async move {
            let r = planning.progress(Caller::Operator, query).await?;
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
        let report = planning.progress(Caller::Operator, &s.query).await?;
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
        // The store's decoding is behind its door now: measured with the report it serves.
        parts.insert(
            "decode_and_report_ms".into(),
            json!(sub(Variant::Progress, Variant::FetchAny)),
        );
        eprintln!(
            "    breakdown ({rows} rows): SQL {:.1} | fetch Any {:.1} (native {:.1}, big row buffer {:.1}) | decoded and reported {:.1} ms; \
             index-friendly SQL: count {:.1}, fetch Any {:.1}, slim fetch Any {:.1} ms; \
             in the database: counts {:.1} + overdue and due-soon rows {:.1} ms",
            ms(median(Variant::SqlCount)),
            ms(median(Variant::FetchAny)),
            ms(median(Variant::FetchNative)),
            ms(median(Variant::FetchNativeBuffered)),
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
    planning.close().await;
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
