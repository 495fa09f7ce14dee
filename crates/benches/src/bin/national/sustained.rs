//! Sustained commands: consecutive legal `Planning::execute` calls, round robin over dossiers.

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use plantrack_benches::generator::{self, Extras, Rng};
use plantrack_benches::{Summary, ms};
use plantrack_domain::access::Caller;
use plantrack_domain::workflow::{CommandKind, DossierState, Template};
use plantrack_store::planning::DossierQuery;
use plantrack_store::{Planning, StoreError};
use serde_json::{Value, json};

use crate::report::round3;
use crate::{Args, BoxError};

/// `--transitions` consecutive `Planning::execute` calls, round robin over active dossiers:
/// each gets its missing required documents, then its transition (or its resumption).
pub(crate) async fn sustained(
    planning: &Planning,
    args: &Args,
    today: NaiveDate,
) -> Result<Value, BoxError> {
    let (list, _) = planning
        .dossiers(
            Caller::Operator,
            DossierQuery {
                limit: 1_000_000,
                ..DossierQuery::default()
            },
        )
        .await?;
    let mut ids: Vec<i64> = list
        .iter()
        .filter(|d| d.status != plantrack_domain::workflow::DossierStatus::Completed)
        .map(|d| d.dossier_id)
        .collect();
    let mut rng = Rng::stream(args.seed, 0xBEEF);
    rng.shuffle(&mut ids);
    ids.truncate((args.transitions / 4).max(1));
    let mut pool: Vec<(DossierState, Arc<Template>)> = Vec::with_capacity(ids.len());
    for id in &ids {
        let reading = planning.dossier(Caller::Operator, *id).await?;
        pool.push((reading.state, reading.template));
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
        // The order is built before the clock starts: the command is the generator's.
        let order = command.clone().into();
        let t = Instant::now();
        let (_, next) = match planning.execute(Caller::Operator, state.id, order).await {
            Ok((event, reading)) => (event, reading.state),
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
