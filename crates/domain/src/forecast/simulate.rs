//! The Monte Carlo: for each dossier, many futures drawn from its stage's length (given the
//! working days it has already spent there), its open blockers' lengths, and the path from
//! that stage to approval; the approval dates those futures give are its forecast.
//!
//! The random numbers come from a PCG generator seeded from the forecast's seed and each
//! dossier's id (its path draws from the seed and its province and template), so the same
//! seed over the same records gives the same forecast, whatever order or thread the work
//! runs in.
//!
//! An open blocker holds its dossier in its stage: the stage cannot end before the blocker is
//! lifted, so the time left in the stage is the longer of the stage's draw and the blocker's
//! (drawn from how long the province's — else the country's — blockers of that category
//! lasted, given how long this one has lasted). With too few lifted blockers to go by, the
//! dossier is marked blocked and no delay is added beyond what its stage's visits already
//! hold.

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use chrono::{Days, NaiveDate};
use rand::{Rng, RngExt, SeedableRng};
use rand_pcg::Pcg64Mcg;
use serde::Serialize;
use utoipa::ToSchema;

use super::history::{History, Hold};
use super::model::{Observations, PATH_DRAWS, Path, StageBasis};
use super::problem::horizon;
use super::survival::Survival;
use super::workdays::Workdays;
use crate::Language;
use crate::calendar::WorkingCalendar;
use crate::follow_up::BlockerCategory;
use crate::plan::PlanType;
use crate::workflow::{DossierStatus, Template};

/// The seed of a forecast that names none.
pub const DEFAULT_SEED: u64 = 20_251_125;

/// Futures drawn per dossier by default.
pub const DEFAULT_SIMULATIONS: u32 = 10_000;

/// Where the target date came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum TargetFrom {
    /// The reader chose it.
    Given,
    /// The due date of the province's latest directive to finish the plans.
    Directive,
    /// No such directive: 31/03/2026, the first quarter of 2026 the province set.
    Default,
}

/// A calendar a forecast may share between threads.
pub type SharedCalendar = Arc<dyn WorkingCalendar + Send + Sync>;

/// What a forecast is made from.
pub struct Inputs<'a> {
    pub as_of: NaiveDate,
    pub target: NaiveDate,
    pub target_from: TargetFrom,
    /// Every dossier's spans known on `as_of` (the whole country: a province with too few
    /// visits of a stage learns from the others).
    pub histories: &'a [History],
    /// Blockers and information requests known on `as_of`.
    pub holds: &'a [Hold],
    /// The dossiers to forecast.
    pub in_scope: &'a (dyn Fn(&History) -> bool + Sync),
    /// A template by key and version.
    pub template: &'a (dyn Fn(&str, u32) -> Option<Arc<Template>> + Sync),
    /// A province's working-day calendar.
    pub calendar: &'a (dyn Fn(&str) -> SharedCalendar + Sync),
    pub seed: u64,
    pub simulations: u32,
    pub lang: Language,
}

/// One dossier's forecast.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct DossierForecast {
    pub dossier: i64,
    pub unit_code: String,
    /// Filled by the store (the unit's name).
    pub unit_name: String,
    pub province: String,
    pub plan_type: PlanType,
    pub template: String,
    /// The stage that holds it.
    pub stage: String,
    pub stage_name: String,
    pub on_hold: bool,
    /// Working days spent in the stage by the forecast's day.
    pub elapsed_working_days: u32,
    /// The share of futures in which it is approved by the target date.
    pub p_meet_target: f64,
    /// Approval dates at the 10th, 25th, 50th, 75th and 90th percentiles of its futures.
    pub p10: NaiveDate,
    pub p25: NaiveDate,
    pub p50: NaiveDate,
    pub p75: NaiveDate,
    pub p90: NaiveDate,
    /// Some percentile lies beyond the horizon; its date is the horizon's.
    pub beyond_horizon: bool,
    /// The open blockers holding it back.
    pub blockers: Vec<BlockerCategory>,
}

/// The forecast of a scope on a day.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Forecast {
    pub as_of: NaiveDate,
    pub target: NaiveDate,
    pub target_from: TargetFrom,
    /// The last day it looks at.
    pub horizon: NaiveDate,
    pub seed: u64,
    pub simulations: u32,
    /// Dossiers of the scope already approved on the day.
    pub approved: usize,
    /// Least likely to meet the target first.
    pub dossiers: Vec<DossierForecast>,
    /// What each stage's length rests on, for the provinces and templates forecast.
    pub basis: Vec<StageBasis>,
}

/// A group's results: its index, its dossiers' forecasts and its stages' basis.
type Done = (usize, Vec<DossierForecast>, Vec<StageBasis>);

/// A dossier to forecast, where it stands.
struct Subject<'a> {
    history: &'a History,
    stage: usize,
    elapsed: u32,
    on_hold: bool,
    holds: Vec<&'a Hold>,
}

/// Mixes two numbers into a seed (SplitMix64's finaliser).
fn mix(a: u64, b: u64) -> u64 {
    let mut z = a ^ b.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// FNV-1a of a text: a stable number for a province and template (std's hashers are seeded
/// per process).
fn fnv(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Makes the forecast.
pub fn forecast(inputs: &Inputs<'_>) -> Forecast {
    let as_of = inputs.as_of;
    let end_of_horizon = horizon(as_of);
    let first = inputs
        .histories
        .iter()
        .filter_map(History::first_day)
        .chain(inputs.holds.iter().map(|h| h.since_on))
        .min()
        .unwrap_or(as_of)
        .min(as_of);
    // A year past the horizon: statutory limits are counted from the day too.
    let last = end_of_horizon + Days::new(366);
    let mut calendars: HashMap<String, SharedCalendar> = HashMap::new();
    let mut workdays: HashMap<String, Workdays> = HashMap::new();
    for province in inputs
        .histories
        .iter()
        .map(|h| &h.province)
        .chain(inputs.holds.iter().map(|h| &h.province))
    {
        if !workdays.contains_key(province) {
            let calendar = (inputs.calendar)(province);
            workdays.insert(province.clone(), Workdays::new(&*calendar, first, last));
            calendars.insert(province.clone(), calendar);
        }
    }
    let mut templates: HashMap<(String, u32), Option<Arc<Template>>> = HashMap::new();
    for h in inputs.histories {
        templates
            .entry((h.template.clone(), h.template_version))
            .or_insert_with(|| (inputs.template)(&h.template, h.template_version));
    }
    let template_of = |h: &History| {
        templates
            .get(&(h.template.clone(), h.template_version))
            .cloned()
            .flatten()
    };
    let terminal = |h: &History, stage: &str| {
        template_of(h)
            .and_then(|t| t.stage(stage).map(|s| s.terminal))
            .unwrap_or(true)
    };
    let obs = Observations::gather(as_of, inputs.histories, inputs.holds, &workdays, &terminal);

    let mut holds_of: HashMap<i64, Vec<&Hold>> = HashMap::new();
    for hold in inputs.holds.iter().filter(|h| h.lifted_on.is_none()) {
        holds_of.entry(hold.dossier).or_default().push(hold);
    }
    // The dossiers to forecast, by province and template version.
    let mut approved = 0;
    let mut groups: BTreeMap<(String, String, u32), Vec<Subject<'_>>> = BTreeMap::new();
    for h in inputs.histories.iter().filter(|h| (inputs.in_scope)(h)) {
        let (Some(t), Some(position)) = (template_of(h), h.position()) else {
            continue;
        };
        let Some(approval) = t.approved_after.as_deref().and_then(|s| t.stage_index(s)) else {
            continue;
        };
        if h.approved(&t) {
            approved += 1;
            continue;
        }
        let Some(stage) = t.stage_index(&position.stage) else {
            continue;
        };
        if stage > approval || t.stages[stage].terminal {
            continue;
        }
        let w = &workdays[&h.province];
        groups
            .entry((h.province.clone(), h.template.clone(), h.template_version))
            .or_default()
            .push(Subject {
                history: h,
                stage,
                elapsed: w.between(position.stage_entered_on, as_of),
                on_hold: position.status == DossierStatus::OnHold,
                holds: holds_of.get(&h.dossier).cloned().unwrap_or_default(),
            });
    }
    let groups: Vec<_> = groups.into_iter().collect();
    let next = AtomicUsize::new(0);
    let done: Mutex<Vec<Done>> = Mutex::default();
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZero::get)
        .min(groups.len().max(1));
    let target_days = |w: &Workdays| w.between(as_of, inputs.target);
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(((province, key, version), subjects)) = groups.get(i) else {
                        break;
                    };
                    let Some(template) = templates.get(&(key.clone(), *version)).cloned().flatten()
                    else {
                        continue;
                    };
                    let w = &workdays[province];
                    let seed = mix(inputs.seed, fnv(&format!("{province}/{key}/{version}")));
                    let Some(path) = Path::build(
                        province,
                        &template,
                        &obs,
                        w,
                        &*calendars[province],
                        as_of,
                        inputs.lang,
                        seed,
                    ) else {
                        continue;
                    };
                    let out: Vec<DossierForecast> = subjects
                        .iter()
                        .map(|s| {
                            simulate(
                                s,
                                &template,
                                &path,
                                &obs,
                                w,
                                as_of,
                                end_of_horizon,
                                target_days(w),
                                inputs,
                            )
                        })
                        .collect();
                    done.lock()
                        .unwrap_or_else(std::sync::PoisonError::into_inner)
                        .push((i, out, path.basis));
                }
            });
        }
    });
    let mut done = done
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    done.sort_by_key(|(i, _, _)| *i);
    let mut dossiers = Vec::new();
    let mut basis = Vec::new();
    for (_, d, b) in done {
        dossiers.extend(d);
        basis.extend(b);
    }
    dossiers.sort_by(|a, b| {
        a.p_meet_target
            .total_cmp(&b.p_meet_target)
            .then(b.p50.cmp(&a.p50))
            .then(a.unit_code.cmp(&b.unit_code))
            .then(a.dossier.cmp(&b.dossier))
    });
    Forecast {
        as_of,
        target: inputs.target,
        target_from: inputs.target_from,
        horizon: end_of_horizon,
        seed: inputs.seed,
        simulations: inputs.simulations,
        approved,
        dossiers,
        basis,
    }
}

/// A future's length in whole working days, rounded up, at least 1 and at most `beyond`
/// (which also takes an infinite or undefined length). The same as
/// `total.ceil().max(1.0) as usize` capped, without the call to the C library's `ceil` that
/// the portable build makes on every one of the country's hundred million draws.
#[inline]
fn working_days_of(total: f64, beyond: usize) -> usize {
    if !total.is_finite() {
        return beyond;
    }
    if total <= 1.0 {
        return 1.min(beyond);
    }
    // Saturates for lengths past any horizon; exact below 2^53, where it matters.
    let whole = total as u64;
    let up = if (whole as f64) < total {
        whole.saturating_add(1)
    } else {
        whole
    };
    usize::try_from(up).unwrap_or(usize::MAX).min(beyond)
}

#[allow(clippy::too_many_arguments)]
fn simulate(
    s: &Subject<'_>,
    template: &Template,
    path: &Path,
    obs: &Observations,
    w: &Workdays,
    as_of: NaiveDate,
    end_of_horizon: NaiveDate,
    target_days: u32,
    inputs: &Inputs<'_>,
) -> DossierForecast {
    let h = s.history;
    let cap = w.between(as_of, end_of_horizon) as usize;
    let mut counts = vec![0u32; cap + 2];
    let stay = &path.stays[s.stage];
    let after = &path.after_leaving[s.stage];
    let elapsed = f64::from(s.elapsed);
    let stay = stay.given(elapsed);
    let blockers: Vec<(Survival, f64)> = s
        .holds
        .iter()
        .filter_map(|b| {
            let length = obs.hold_length(&h.province, b.category)?;
            Some((length, f64::from(w.between(b.since_on, as_of))))
        })
        .collect();
    let blockers: Vec<(super::survival::Given<'_>, f64)> = blockers
        .iter()
        .map(|(length, since)| (length.given(*since), *since))
        .collect();
    let n = inputs.simulations.max(1);
    let mut rng = Pcg64Mcg::seed_from_u64(mix(inputs.seed, h.dossier as u64));
    for _ in 0..n {
        // One draw gives both numbers: the low 12 bits pick the path (PATH_DRAWS is 2^12),
        // the 52 above are the uniform.
        let x = rng.next_u64();
        let u = (x >> 12) as f64 * (1.0 / (1u64 << 52) as f64);
        let mut left = stay.sample(u) - elapsed;
        for (length, since) in &blockers {
            let u: f64 = rng.random();
            left = left.max(length.sample(u) - since);
        }
        let total = left + f64::from(after[(x as usize) & (PATH_DRAWS - 1)]);
        counts[working_days_of(total, cap + 1)] += 1;
    }
    let mut beyond = false;
    let mut at = |p: f64| {
        let needed = (p * f64::from(n)).ceil().max(1.0) as u64;
        let mut sum = 0u64;
        let days = counts
            .iter()
            .position(|&c| {
                sum += u64::from(c);
                sum >= needed
            })
            .unwrap_or(cap + 1);
        if let Some(d) = (days <= cap).then(|| w.after(as_of, days as u32)).flatten() {
            d
        } else {
            beyond = true;
            end_of_horizon
        }
    };
    let (p10, p25, p50, p75, p90) = (at(0.1), at(0.25), at(0.5), at(0.75), at(0.9));
    let met: u64 = counts
        .iter()
        .take(target_days as usize + 1)
        .map(|&c| u64::from(c))
        .sum();
    let stage = &template.stages[s.stage];
    DossierForecast {
        dossier: h.dossier,
        unit_code: h.unit_code.clone(),
        unit_name: String::new(),
        province: h.province.clone(),
        plan_type: h.plan_type,
        template: h.template.clone(),
        stage: stage.key.clone(),
        stage_name: stage.name.get(inputs.lang).to_owned(),
        on_hold: s.on_hold,
        elapsed_working_days: s.elapsed,
        p_meet_target: met as f64 / f64::from(n),
        p10,
        p25,
        p50,
        p75,
        p90,
        beyond_horizon: beyond,
        blockers: s.holds.iter().map(|b| b.category).collect(),
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::working_days_of;

    /// What the draw did before: the C library's `ceil`, at least a day, capped.
    fn by_ceil(total: f64, beyond: usize) -> usize {
        if total.is_finite() {
            (total.ceil().max(1.0) as usize).min(beyond)
        } else {
            beyond
        }
    }

    proptest! {
        #[test]
        fn whole_working_days_are_the_ceiling(
            total in prop_oneof![
                -1e3..1e4f64,
                (0u32..5_000).prop_map(f64::from),
                any::<f64>(),
            ],
            beyond in 1usize..2_000,
        ) {
            prop_assert_eq!(working_days_of(total, beyond), by_ceil(total, beyond));
        }
    }

    #[test]
    fn the_edges_are_the_ceiling() {
        for total in [
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            0.0,
            -0.0,
            1.0,
            1.0 + 1e-12,
            2.0,
            2.5,
            9e15,
            1e300,
            f64::MIN_POSITIVE,
        ] {
            assert_eq!(working_days_of(total, 700), by_ceil(total, 700), "{total}");
        }
    }
}
