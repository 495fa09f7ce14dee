//! Loading the generated national set into a database, then measuring it in a fresh process;
//! and `--generate-only`'s description of the set.

use plantrack_domain::access::Caller;
use std::process::Stdio;
use std::sync::Arc;
use std::time::Instant;

use chrono::NaiveDate;
use plantrack_benches::Rss;
use plantrack_benches::generator::{self, GenConfig};
use plantrack_domain::workflow::{CommandKind, Template};
use plantrack_store::Planning;
use plantrack_store::planning::Clock;
use serde_json::{Value, json};

use crate::report::round3;
use crate::target::Target;
use crate::{Args, BoxError};

/// The day the benchmark's clock stands on: the last day of the generated histories.
pub(crate) fn today(cfg: &GenConfig) -> NaiveDate {
    cfg.end
}

pub(crate) async fn load_and_measure(
    target: &Target,
    args: &Args,
    cfg: &GenConfig,
    import: &plantrack_gis::units_import::UnitsImport,
    set: &mut Option<Vec<plantrack_store::bulk::BulkDossier>>,
) -> Result<Value, BoxError> {
    Planning::migrate(&target.url).await?;
    let planning = Planning::open(&target.url, Clock::fixed(today(cfg))).await?;
    let started = Instant::now();
    planning.import_units(Caller::Operator, import).await?;
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
        // The generator plans with the national calendar; no province has overrides here.
        let calendar = planning.national_calendar();
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
        .bulk_load(
            Caller::Operator,
            dossiers,
            args.batch,
            &mut |done, total| {
                if done * 10 / total > last {
                    last = done * 10 / total;
                    eprintln!(
                        "  {done}/{total} dossiers, {:.0} s",
                        started.elapsed().as_secs_f64()
                    );
                }
            },
        )
        .await?;
    let load_s = started.elapsed().as_secs_f64();
    let started = Instant::now();
    planning.analyze().await?;
    let analyze_s = started.elapsed().as_secs_f64();
    let loader_rss = Rss::now();
    planning.close().await;
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
        .args(["--writers", &args.writers.to_string()])
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
pub(crate) fn describe_set(import: &plantrack_gis::units_import::UnitsImport, cfg: &GenConfig) {
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
    let mut kinds = std::collections::BTreeMap::<String, usize>::new();
    let mut finals = std::collections::BTreeMap::<String, usize>::new();
    let mut lengths = std::collections::BTreeMap::<usize, usize>::new();
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
