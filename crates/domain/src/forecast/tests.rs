//! The forecast on generated histories whose stage lengths are known.

use std::sync::Arc;

use chrono::{Days, NaiveDate};
use proptest::prelude::*;
use rand::{RngExt, SeedableRng};
use rand_pcg::Pcg64Mcg;

use super::*;
use crate::Language;
use crate::calendar::{VietnamCalendar, WorkingCalendar};
use crate::follow_up::BlockerCategory;
use crate::plan::PlanType;
use crate::workflow::{DossierStatus, Template};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn template() -> Arc<Template> {
    Arc::new(
        Template::builtin()
            .into_iter()
            .map(|(t, _)| t)
            .find(|t| t.key == "vn.commune_general")
            .unwrap(),
    )
}

/// Working days each stage of the commune general plan lasts: uniform over `lo..=hi`.
fn known(stage: &str) -> (u32, u32) {
    match stage {
        "plan_preparation" => (40, 80),
        "plan_consultation" | "plan_appraisal" => (15, 35),
        _ => (5, 25),
    }
}

/// `n` dossiers opened from `start`, one a day, each going forward through the stages with
/// the known lengths, read as on `as_of`.
fn histories(n: usize, start: NaiveDate, as_of: NaiveDate, seed: u64) -> Vec<History> {
    let t = template();
    let cal = VietnamCalendar::new();
    let mut rng = Pcg64Mcg::seed_from_u64(seed);
    (0..n)
        .filter_map(|i| {
            let mut entered = start + Days::new(i as u64 % 90);
            if entered > as_of {
                return None;
            }
            let mut spans = Vec::new();
            for stage in &t.stages {
                let (lo, hi) = known(&stage.key);
                let days = rng.random_range(lo..=hi);
                let left = cal.add_working_days(entered, days);
                let terminal = stage.terminal;
                let open = terminal || left > as_of;
                spans.push(SpanAt {
                    stage: stage.key.clone(),
                    status: if terminal {
                        DossierStatus::Completed
                    } else {
                        DossierStatus::Active
                    },
                    stage_entered_on: entered,
                    from_on: entered,
                    to_on: (!open).then_some(left),
                });
                if open {
                    break;
                }
                entered = left;
            }
            Some(History {
                dossier: i as i64 + 1,
                province: "12".into(),
                unit_code: format!("{:05}", i + 1),
                plan_type: PlanType::CommuneGeneral,
                template: t.key.clone(),
                template_version: t.version,
                spans,
            })
        })
        .collect()
}

fn run(histories: &[History], holds: &[Hold], as_of: NaiveDate, seed: u64, sims: u32) -> Forecast {
    let t = template();
    let lookup = move |_: &str, _: u32| Some(t.clone());
    let calendar = |_: &str| -> SharedCalendar { Arc::new(VietnamCalendar::new()) };
    forecast(&Inputs {
        as_of,
        target: DEFAULT_TARGET,
        target_from: TargetFrom::Default,
        histories,
        holds,
        in_scope: &|_| true,
        template: &lookup,
        calendar: &calendar,
        seed,
        simulations: sims,
        lang: Language::Vi,
    })
}

#[test]
fn the_known_stage_lengths_are_recovered() {
    let as_of = d("2026-06-30");
    let h = histories(600, d("2025-07-01"), as_of, 7);
    let f = run(&h, &[], as_of, DEFAULT_SEED, 2000);
    let t = template();
    let approval = t.stage_index("plan_approval").unwrap();
    for stage in t.stages.iter().take(approval + 1) {
        let b = f.basis.iter().find(|b| b.stage == stage.key).unwrap();
        assert_eq!(b.source, Source::Province, "{}", stage.key);
        let (lo, hi) = known(&stage.key);
        let mid = f64::from(lo + hi) / 2.0;
        assert!(
            (b.median_working_days - mid).abs() <= 0.1 * mid + 1.0,
            "{}: median {} against {mid}",
            stage.key,
            b.median_working_days
        );
    }
}

#[test]
fn a_dossier_just_entering_a_stage_is_forecast_the_sum_of_what_is_left() {
    let as_of = d("2026-06-30");
    let mut h = histories(600, d("2025-07-01"), as_of, 11);
    // One more, entering plan consultation on the day: consultation, appraisal and approval
    // are left, 25 + 25 + 15 working days at the median.
    let t = template();
    h.push(History {
        dossier: 10_000,
        province: "12".into(),
        unit_code: "99999".into(),
        plan_type: PlanType::CommuneGeneral,
        template: t.key.clone(),
        template_version: t.version,
        spans: vec![SpanAt {
            stage: "plan_consultation".into(),
            status: DossierStatus::Active,
            stage_entered_on: as_of,
            from_on: as_of,
            to_on: None,
        }],
    });
    let f = run(&h, &[], as_of, DEFAULT_SEED, 10_000);
    let one = f.dossiers.iter().find(|x| x.dossier == 10_000).unwrap();
    let cal = VietnamCalendar::new();
    let median = cal.working_days_between(as_of, one.p50);
    assert!((60..=70).contains(&median), "median {median} working days");
    // Sums of three uniforms: a spread of roughly ±12 working days between p10 and p90.
    let spread = cal.working_days_between(one.p10, one.p90);
    assert!(
        (14..=30).contains(&spread),
        "p10..p90 {spread} working days"
    );
}

#[test]
fn an_open_blocker_delays_and_the_same_seed_repeats() {
    let as_of = d("2026-01-15");
    let h = histories(300, d("2025-07-01"), as_of, 3);
    let victim = h
        .iter()
        .find(|x| x.position().unwrap().stage == "plan_consultation")
        .unwrap()
        .dossier;
    // Blockers of other dossiers that lasted 60 working days and more, and one open on it.
    let mut holds: Vec<Hold> = (0..10)
        .map(|i| Hold {
            dossier: 1000 + i,
            province: "12".into(),
            category: BlockerCategory::HigherPlan,
            since_on: d("2025-07-01"),
            lifted_on: Some(d("2025-10-15") + Days::new(i as u64)),
        })
        .collect();
    holds.push(Hold {
        dossier: victim,
        province: "12".into(),
        category: BlockerCategory::HigherPlan,
        since_on: as_of,
        lifted_on: None,
    });
    let free = run(&h, &[], as_of, 5, 4000);
    let held = run(&h, &holds, as_of, 5, 4000);
    let of = |f: &Forecast| {
        f.dossiers
            .iter()
            .find(|x| x.dossier == victim)
            .unwrap()
            .clone()
    };
    assert!(of(&held).p50 > of(&free).p50);
    assert_eq!(of(&held).blockers, vec![BlockerCategory::HigherPlan]);
    assert_eq!(run(&h, &holds, as_of, 5, 4000), held);
    assert_ne!(run(&h, &holds, as_of, 6, 4000), held);
}

#[test]
fn without_observations_the_statutory_limits_and_assumptions_stand() {
    let as_of = d("2025-11-25");
    let h = histories(3, d("2025-11-20"), as_of, 1);
    let f = run(&h, &[], as_of, 1, 500);
    let source = |s: &str| f.basis.iter().find(|b| b.stage == s).unwrap().source;
    assert_eq!(source("plan_appraisal"), Source::Statutory);
    assert_eq!(source("plan_approval"), Source::Assumed);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn probabilities_and_percentiles_are_in_order(
        n in 1usize..80,
        seed in any::<u64>(),
        offset in 0u64..300,
    ) {
        let as_of = d("2025-08-01") + Days::new(offset);
        let h = histories(n, d("2025-07-01"), as_of, seed);
        let f = run(&h, &[], as_of, seed, 300);
        for x in &f.dossiers {
            prop_assert!((0.0..=1.0).contains(&x.p_meet_target));
            prop_assert!(as_of < x.p10);
            prop_assert!(x.p10 <= x.p25 && x.p25 <= x.p50 && x.p50 <= x.p75 && x.p75 <= x.p90);
            prop_assert!(x.p90 <= f.horizon);
        }
        prop_assert_eq!(f.dossiers.len() + f.approved, h.len());
        prop_assert_eq!(run(&h, &[], as_of, seed, 300), f);
    }
}
