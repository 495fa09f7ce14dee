//! Sustained commands: consecutive legal `Planning::execute` calls, round robin over dossiers;
//! then the same from several clients at once, as officials of many communes would.

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
    // Sequential commands on the first quarter-transitions' dossiers; the concurrent clients
    // on the next ones, each on its own, so that they never wait for one another's rows.
    let per_pool = (args.transitions / 4).max(1);
    let sequential_ids: Vec<i64> = ids.iter().take(per_pool).copied().collect();
    let concurrent_ids: Vec<i64> = ids.iter().skip(per_pool).take(per_pool).copied().collect();
    let mut pool = prepare(planning, &sequential_ids).await?;
    let started = Instant::now();
    let run = run_pool(planning, &mut pool, args.transitions, &mut rng, today).await?;
    let wall = started.elapsed();
    let executed = run.executed;
    let (transition, other) = (run.transitions, run.other);
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
    let concurrent = concurrent(planning, args, &concurrent_ids, today).await?;
    Ok(json!({
        "executed": executed,
        "dossiers": pool.len(),
        "wall_s": round3(wall.as_secs_f64()),
        "commands_per_s": per_s(executed, wall),
        "transitions": transition.len(),
        "transitions_per_s": per_s(transition.len(), spent_in_transitions),
        "transition_latency": t.map(|s| s.json()),
        "other_latency": o.map(|s| s.json()),
        "concurrent": concurrent,
    }))
}

/// Each dossier's state and template, read before the clock starts.
async fn prepare(
    planning: &Planning,
    ids: &[i64],
) -> Result<Vec<(DossierState, Arc<Template>)>, BoxError> {
    let mut pool = Vec::with_capacity(ids.len());
    for id in ids {
        let reading = planning.dossier(Caller::Operator, *id).await?;
        pool.push((reading.state, reading.template));
    }
    Ok(pool)
}

/// What one client's run did: its commands' latencies, split by kind.
struct Run {
    executed: usize,
    transitions: Vec<Duration>,
    other: Vec<Duration>,
}

/// Up to `commands` legal commands, round robin over `pool`, each timed.
async fn run_pool(
    planning: &Planning,
    pool: &mut [(DossierState, Arc<Template>)],
    commands: usize,
    rng: &mut Rng,
    today: NaiveDate,
) -> Result<Run, BoxError> {
    let mut run = Run {
        executed: 0,
        transitions: Vec::new(),
        other: Vec::new(),
    };
    let (mut idle, mut slot) = (0, 0);
    while run.executed < commands && idle < pool.len() {
        let n = pool.len();
        let (state, template) = &mut pool[slot % n];
        slot += 1;
        let Some(command) = generator::next_command(state, template, today, rng, &Extras::FORWARD)
        else {
            idle += 1;
            continue;
        };
        idle = 0;
        // The order is built before the clock starts: the command is the generator's.
        let order = command.clone().into();
        let t = Instant::now();
        let next = match planning.execute(Caller::Operator, state.id, order).await {
            Ok((_, reading)) => reading.state,
            Err(StoreError::Domain(e)) => return Err(format!("refused {command:?}: {e}").into()),
            Err(e) => return Err(e.into()),
        };
        let took = t.elapsed();
        match command.kind {
            CommandKind::Transition { .. } => run.transitions.push(took),
            _ => run.other.push(took),
        }
        *state = next;
        run.executed += 1;
    }
    Ok(run)
}

/// `--writers` clients at once, each on its own share of `ids` and of `--transitions`
/// commands: how many transitions the store completes per second of wall clock.
async fn concurrent(
    planning: &Planning,
    args: &Args,
    ids: &[i64],
    today: NaiveDate,
) -> Result<Value, BoxError> {
    let writers = args.writers.max(1);
    let mut clients = Vec::new();
    for (i, share) in ids.chunks(ids.len().div_ceil(writers).max(1)).enumerate() {
        let pool = prepare(planning, share).await?;
        let rng = Rng::stream(args.seed, 0xC0DE + i as u64);
        clients.push((pool, rng));
    }
    let commands = args.transitions.div_ceil(clients.len().max(1));
    let started = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for (mut pool, mut rng) in clients {
        let planning = planning.clone();
        tasks.spawn(async move {
            run_pool(&planning, &mut pool, commands, &mut rng, today)
                .await
                .map_err(|e| e.to_string())
        });
    }
    let mut runs = Vec::new();
    while let Some(done) = tasks.join_next().await {
        runs.push(done?.map_err(|e| -> BoxError { e.into() })?);
    }
    let wall = started.elapsed();
    let executed: usize = runs.iter().map(|r| r.executed).sum();
    let latencies: Vec<Duration> = runs.iter().flat_map(|r| r.transitions.clone()).collect();
    let per_s = |n: usize| (n as f64 / wall.as_secs_f64()).round();
    let t = Summary::of(&latencies);
    eprintln!(
        "  {writers} clients at once: {executed} commands in {:.2} s: {:.0} commands/s, {:.0} transitions/s (transition median {:.2} ms, p95 {:.2} ms)",
        wall.as_secs_f64(),
        per_s(executed),
        per_s(latencies.len()),
        t.map_or(0.0, |s| ms(s.median)),
        t.map_or(0.0, |s| ms(s.p95)),
    );
    Ok(json!({
        "writers": writers,
        "executed": executed,
        "wall_s": round3(wall.as_secs_f64()),
        "commands_per_s": per_s(executed),
        "transitions": latencies.len(),
        "transitions_per_s": per_s(latencies.len()),
        "transition_latency": t.map(|s| s.json()),
    }))
}
