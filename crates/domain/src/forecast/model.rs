//! What each stage is expected to take, and where a dossier goes when it leaves it — for one
//! province and one template version — and, from those, the time from leaving each stage to
//! approval, drawn once for all the dossiers that share them.
//!
//! A stage's length comes from, in this order: the province's own visits to it, when at least
//! [`MIN_ENDED`] of them ended; else the country's, on the same condition; else its statutory
//! time limits (uniform between the minimum, or half the limit, and one and a half times the
//! limit, in working days counted from the forecast's day through the province's calendar:
//! the limit is the law's maximum, and the campaign is behind because stages overrun it, so
//! about half are assumed to); else, for a stage the law sets no limit on, an assumed 10 to
//! 40 working days.
//!
//! Where a dossier goes next is what the same visits did (returns from appraisal included).
//! A stage whose visits have not ended yet returns a dossier as often as the template's
//! stages with a way back did in the country (early in a campaign the task's appraisal has
//! returned some when no plan has been appraised yet), and otherwise goes forward.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::NaiveDate;
use rand::{RngExt, SeedableRng};
use rand_pcg::Pcg64Mcg;
use serde::Serialize;
use utoipa::ToSchema;

use super::history::{History, Hold};
use super::survival::Survival;
use super::workdays::Workdays;
use crate::follow_up::BlockerCategory;
use crate::workflow::Template;

/// Ended visits a province (or the country) needs before its own durations are used.
pub const MIN_ENDED: usize = 5;

/// Working days assumed for a stage with neither a time limit nor observations.
pub const ASSUMED_WORKING_DAYS: (f64, f64) = (10.0, 40.0);

/// Draws kept of the time from leaving each stage to approval (a power of two: a dossier's
/// draw picks one with the low bits of a random number).
pub const PATH_DRAWS: usize = 4096;

/// Rounds of the path draws: a return to an earlier stage reads the previous round's draws,
/// so paths with up to this many returns less one are drawn exactly (0.2^3 < 1 % of paths
/// have more at the national set's return rate).
const ROUNDS: usize = 3;

const SPREAD_POINTS: usize = 31;

/// What a stage's expected length rests on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// The province's own visits to the stage.
    Province,
    /// Every province's visits (the province had too few).
    Country,
    /// The stage's statutory time limits (too few visits anywhere).
    Statutory,
    /// Neither visits nor a time limit: an assumed 10 to 40 working days.
    Assumed,
}

/// One stage's basis, as the forecast states it.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct StageBasis {
    pub province: String,
    pub template: String,
    pub stage: String,
    pub stage_name: String,
    pub source: Source,
    /// Visits behind it that ended, and that were still open on the forecast's day.
    pub ended: usize,
    pub open: usize,
    /// The median length, in working days.
    pub median_working_days: f64,
}

type Durations = Vec<(f64, bool)>;

/// Every visit and blocker known on the forecast's day, as working days.
#[derive(Debug, Default)]
pub struct Observations {
    stays: HashMap<(String, String, String), Durations>,
    country: HashMap<(String, String), Arc<Option<Survival>>>,
    country_raw: HashMap<(String, String), Durations>,
    routes: HashMap<(String, String, String), HashMap<String, u32>>,
    country_routes: HashMap<(String, String), HashMap<String, u32>>,
    holds: HashMap<(String, BlockerCategory), Durations>,
    country_holds: HashMap<BlockerCategory, Durations>,
}

impl Observations {
    pub fn gather(
        as_of: NaiveDate,
        histories: &[History],
        holds: &[Hold],
        workdays: &HashMap<String, Workdays>,
        terminal: &dyn Fn(&History, &str) -> bool,
    ) -> Self {
        let mut o = Observations::default();
        for h in histories {
            let Some(w) = workdays.get(&h.province) else {
                continue;
            };
            for v in h.visits() {
                if terminal(h, v.stage) {
                    continue;
                }
                let (days, ended) = match v.left_on {
                    Some(left) => (w.between(v.entered_on, left), true),
                    None => (w.between(v.entered_on, as_of), false),
                };
                let key = (h.province.clone(), h.template.clone(), v.stage.to_owned());
                o.stays
                    .entry(key.clone())
                    .or_default()
                    .push((f64::from(days), ended));
                o.country_raw
                    .entry((h.template.clone(), v.stage.to_owned()))
                    .or_default()
                    .push((f64::from(days), ended));
                if let Some(next) = v.next {
                    *o.routes
                        .entry(key)
                        .or_default()
                        .entry(next.to_owned())
                        .or_default() += 1;
                    *o.country_routes
                        .entry((h.template.clone(), v.stage.to_owned()))
                        .or_default()
                        .entry(next.to_owned())
                        .or_default() += 1;
                }
            }
        }
        for hold in holds {
            let Some(w) = workdays.get(&hold.province) else {
                continue;
            };
            let d = match hold.lifted_on {
                Some(l) => (f64::from(w.between(hold.since_on, l)), true),
                None => (f64::from(w.between(hold.since_on, as_of)), false),
            };
            o.holds
                .entry((hold.province.clone(), hold.category))
                .or_default()
                .push(d);
            o.country_holds.entry(hold.category).or_default().push(d);
        }
        o.country = o
            .country_raw
            .iter()
            .map(|(k, d)| (k.clone(), Arc::new(enough(d))))
            .collect();
        o
    }

    /// How long a blocker of `category` in `province` lasts: the province's lifted blockers,
    /// else the country's; `None` when too few were lifted anywhere.
    pub fn hold_length(&self, province: &str, category: BlockerCategory) -> Option<Survival> {
        self.holds
            .get(&(province.to_owned(), category))
            .and_then(enough)
            .or_else(|| self.country_holds.get(&category).and_then(enough))
    }
}

/// The estimate from `d`, if at least [`MIN_ENDED`] ended.
fn enough(d: &Durations) -> Option<Survival> {
    if d.iter().filter(|(_, e)| *e).count() >= MIN_ENDED {
        Survival::from_observations(d)
    } else {
        None
    }
}

/// The stages of one template version in one province, from a dossier's stage to approval.
#[derive(Debug)]
pub struct Path {
    pub approval: usize,
    /// Per stage index up to approval: its length.
    pub stays: Vec<Arc<Survival>>,
    /// Per stage index up to approval: the time from leaving it to approval, in draws.
    pub after_leaving: Vec<Vec<f32>>,
    pub basis: Vec<StageBasis>,
}

impl Path {
    /// `None` if the template names no approval stage.
    #[allow(clippy::too_many_arguments)] // one call site, each argument a different thing
    pub fn build(
        province: &str,
        template: &Template,
        obs: &Observations,
        workdays: &Workdays,
        calendar: &dyn crate::calendar::WorkingCalendar,
        as_of: NaiveDate,
        lang: crate::Language,
        seed: u64,
    ) -> Option<Path> {
        let approval = template.stage_index(template.approved_after.as_deref()?)?;
        let mut stays = Vec::with_capacity(approval + 1);
        let mut routes: Vec<Vec<(usize, f64)>> = Vec::with_capacity(approval + 1);
        let mut basis = Vec::with_capacity(approval + 1);
        let returns = return_share(template, obs);
        for (i, stage) in template.stages.iter().enumerate().take(approval + 1) {
            let key = (province.to_owned(), template.key.clone(), stage.key.clone());
            let local = obs.stays.get(&key).and_then(enough);
            let country = obs
                .country
                .get(&(template.key.clone(), stage.key.clone()))
                .and_then(|s| s.as_ref().clone());
            let (survival, source, counts) = if let Some(s) = local {
                (s, Source::Province, obs.routes.get(&key))
            } else if let Some(s) = country {
                let c = obs
                    .country_routes
                    .get(&(template.key.clone(), stage.key.clone()));
                (s, Source::Country, c)
            } else if let Some((lo, hi)) = statutory(stage, workdays, calendar, as_of) {
                (
                    Survival::spread(lo, hi, SPREAD_POINTS),
                    Source::Statutory,
                    None,
                )
            } else {
                let (lo, hi) = ASSUMED_WORKING_DAYS;
                (
                    Survival::spread(lo, hi, SPREAD_POINTS),
                    Source::Assumed,
                    None,
                )
            };
            let (ended, open) = match source {
                Source::Province | Source::Country => survival.counts(),
                Source::Statutory | Source::Assumed => (0, 0),
            };
            basis.push(StageBasis {
                province: province.to_owned(),
                template: template.key.clone(),
                stage: stage.key.clone(),
                stage_name: stage.name.get(lang).to_owned(),
                source,
                ended,
                open,
                median_working_days: survival.quantile(0.5),
            });
            routes.push(route_table(template, i, counts, returns));
            stays.push(Arc::new(survival));
        }
        let after_leaving = draw_paths(approval, &stays, &routes, seed);
        Some(Path {
            approval,
            stays,
            after_leaving,
            basis,
        })
    }
}

/// A stage's statutory length in working days from `as_of`: from its minimum (or half its
/// longest limit) to one and a half times its longest limit; `None` without limits.
fn statutory(
    stage: &crate::workflow::Stage,
    workdays: &Workdays,
    calendar: &dyn crate::calendar::WorkingCalendar,
    as_of: NaiveDate,
) -> Option<(f64, f64)> {
    let longest = stage
        .time_limits
        .iter()
        .max_by_key(|l| l.due_date(as_of, calendar))?;
    let hi = f64::from(workdays.between(as_of, longest.due_date(as_of, calendar)));
    let lo = longest.min_length.map_or(hi / 2.0, |m| {
        let mut shortest = longest.clone();
        shortest.length = m;
        f64::from(workdays.between(as_of, shortest.due_date(as_of, calendar)))
    });
    Some((lo, 1.5 * hi))
}

/// Where a dossier leaving stage `i` goes, as cumulative shares: what the visits behind
/// the stage's length did, among the template's own moves; else forward.
fn route_table(
    template: &Template,
    i: usize,
    counts: Option<&HashMap<String, u32>>,
    returns: Option<f64>,
) -> Vec<(usize, f64)> {
    let from = &template.stages[i].key;
    let mut seen: Vec<(usize, u32)> = counts
        .into_iter()
        .flatten()
        .filter(|(to, _)| template.transitions_from(from).any(|t| &t.to == *to))
        .filter_map(|(to, n)| Some((template.stage_index(to)?, *n)))
        .collect();
    seen.sort_unstable();
    let total: u32 = seen.iter().map(|(_, n)| n).sum();
    if total == 0 {
        let forward = template
            .transitions_from(from)
            .filter_map(|t| template.stage_index(&t.to))
            .filter(|&j| j > i)
            .min()
            .or_else(|| {
                template
                    .transitions_from(from)
                    .find_map(|t| template.stage_index(&t.to))
            });
        let back = template
            .transitions_from(from)
            .filter_map(|t| template.stage_index(&t.to))
            .find(|&j| j <= i);
        // Cumulative shares in stage order: the way back comes first.
        return match (forward, back, returns) {
            (Some(f), Some(b), Some(r)) if r > 0.0 => vec![(b, r), (f, 1.0)],
            (Some(f), _, _) => vec![(f, 1.0)],
            _ => Vec::new(),
        };
    }
    let mut cumulative = 0.0;
    seen.into_iter()
        .map(|(j, n)| {
            cumulative += f64::from(n) / f64::from(total);
            (j, cumulative)
        })
        .collect()
}

/// The share of moves out of the template's stages that have a way back which went back,
/// in the country: `None` with fewer than [`MIN_ENDED`] such moves.
fn return_share(template: &Template, obs: &Observations) -> Option<f64> {
    let (mut back, mut all) = (0u32, 0u32);
    for (i, stage) in template.stages.iter().enumerate() {
        let has_back = template
            .transitions_from(&stage.key)
            .any(|t| template.stage_index(&t.to).is_some_and(|j| j <= i));
        if !has_back {
            continue;
        }
        let Some(counts) = obs
            .country_routes
            .get(&(template.key.clone(), stage.key.clone()))
        else {
            continue;
        };
        for (to, n) in counts {
            all += n;
            if template.stage_index(to).is_some_and(|j| j <= i) {
                back += n;
            }
        }
    }
    (all as usize >= MIN_ENDED).then(|| f64::from(back) / f64::from(all))
}

/// The time from leaving each stage to leaving the approval stage, in [`PATH_DRAWS`] draws
/// per stage, built backwards from approval; a route back to an earlier stage reads the
/// previous round's draws (the first round takes the way forward instead). A route that
/// ends the procedure elsewhere never reaches approval (infinite).
fn draw_paths(
    approval: usize,
    stays: &[Arc<Survival>],
    routes: &[Vec<(usize, f64)>],
    seed: u64,
) -> Vec<Vec<f32>> {
    let mut rng = Pcg64Mcg::seed_from_u64(seed);
    let n = approval + 1;
    let mut from_entering: Vec<Vec<f32>> = vec![Vec::new(); n];
    let mut after_leaving: Vec<Vec<f32>> = vec![Vec::new(); n];
    for round in 0..ROUNDS {
        let previous = from_entering.clone();
        for s in (0..n).rev() {
            let mut after = vec![0.0f32; PATH_DRAWS];
            if s < approval {
                for slot in &mut after {
                    let u: f64 = rng.random();
                    let mut next = routes[s]
                        .iter()
                        .find(|(_, c)| u < *c)
                        .or(routes[s].last())
                        .map_or(usize::MAX, |(j, _)| *j);
                    if next <= s && (round == 0 || previous[next].is_empty()) {
                        next = routes[s]
                            .iter()
                            .map(|(j, _)| *j)
                            .filter(|&j| j > s)
                            .min()
                            .unwrap_or(usize::MAX);
                    }
                    let k = rng.random_range(0..PATH_DRAWS);
                    *slot = if next == usize::MAX {
                        // Out of the procedure without approval.
                        f32::INFINITY
                    } else if next > approval {
                        // Past approval by another way (never in the built-in templates).
                        0.0
                    } else if next > s {
                        from_entering[next][k]
                    } else {
                        previous[next][k]
                    };
                }
            }
            let stay = &stays[s];
            from_entering[s] = after
                .iter()
                .map(|a| {
                    let u: f64 = rng.random();
                    stay.quantile(u) as f32 + a
                })
                .collect();
            after_leaving[s] = after;
        }
    }
    after_leaving
}
