//! The forecast end to end on a store (SQLite, or PostgreSQL with `PLANTRACK_TEST_DB`):
//! Lai Châu's units with histories whose stage lengths are known (the generator's
//! `Pace::KnownStages`), loaded as recorded on the days they happened. The forecast must find
//! those lengths again, and its backtest must beat always saying the base rate.
#![allow(clippy::unwrap_used)]

use std::path::PathBuf;
use std::sync::Arc;

use chrono::NaiveDate;
use plantrack_benches::generator::{self, GenConfig, Pace, known_stage_days};
use plantrack_domain::access::Caller;
use plantrack_domain::forecast::Source;
use plantrack_domain::workflow::Template;
use plantrack_store::Planning;
use plantrack_store::planning::{BacktestQuery, Clock, ForecastQuery};
use plantrack_store::testing::TestDb;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

async fn loaded() -> (TestDb, Planning) {
    let db = TestDb::new().await;
    Planning::migrate(&db.url).await.unwrap();
    let cfg = GenConfig {
        pace: Pace::KnownStages,
        plans_per_unit: 6,
        ..GenConfig::default()
    };
    let p = Planning::open(&db.url, Clock::fixed(cfg.end))
        .await
        .unwrap();
    let file = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../data/laichau_units_2025.json");
    let import = plantrack_gis::read_units_file(&file, &mut |_, _| {}).unwrap();
    p.import_units(Caller::Operator, &import).await.unwrap();
    let templates = p.templates();
    let lookup =
        |key: &str| -> Arc<Template> { templates.iter().find(|t| t.key == key).cloned().unwrap() };
    let units: Vec<_> = import.units.iter().map(|u| u.unit.clone()).collect();
    let set = generator::national_set(&units, &lookup, p.national_calendar().as_ref(), &cfg);
    p.bulk_load_recorded_on_the_day(Caller::Operator, &set, 100, &mut |_, _| {})
        .await
        .unwrap();
    (db, p)
}

#[tokio::test]
async fn the_forecast_finds_the_known_stage_lengths_and_beats_the_base_rate() {
    let (_db, p) = loaded().await;
    let q = ForecastQuery {
        as_of: Some(d("2026-10-31")),
        target: Some(d("2027-03-31")),
        province: Some("12".into()),
        simulations: Some(2000),
        ..ForecastQuery::default()
    };
    let f = p.forecast(Caller::Operator, &q).await.unwrap();
    let mut checked = 0;
    for b in &f.basis {
        let (lo, hi) = known_stage_days(&b.stage);
        let mid = (lo + hi) as f64 / 2.0;
        assert_eq!(b.source, Source::Province, "{} {}", b.template, b.stage);
        assert!(
            (b.median_working_days - mid).abs() <= 0.2 * (hi - lo) as f64 + 2.0,
            "{} {}: median {} working days, known {lo}..{hi} ({} ended, {} open)",
            b.template,
            b.stage,
            b.median_working_days,
            b.ended,
            b.open
        );
        checked += 1;
    }
    // Six templates, nine stages each up to approval, all seen in the province.
    assert!(checked >= 6 * 9, "{checked} stages checked");
    assert_eq!(
        p.forecast(Caller::Operator, &q).await.unwrap(),
        f,
        "same seed, same forecast"
    );
    for x in &f.dossiers {
        assert!((0.0..=1.0).contains(&x.p_meet_target));
        assert!(x.p10 <= x.p50 && x.p50 <= x.p90 && f.as_of < x.p10);
    }

    // Forecasts made on 30/04/2026 with what was known then, for 31/10/2026. (Earlier in
    // the campaign, with few plans past their preparation anywhere, the late stages rest on
    // statutory limits and the forecast is no better than the base rate: README, Forecast.)
    let b = p
        .forecast_backtest(
            Caller::Operator,
            &BacktestQuery {
                from: d("2026-04-30"),
                to: d("2026-10-31"),
                province: Some("12".into()),
                plan_type: None,
                seed: None,
                simulations: Some(2000),
            },
        )
        .await
        .unwrap();
    assert!(
        b.dossiers > 100 && b.approved > 0 && b.approved < b.dossiers,
        "{b:?}"
    );
    assert!(
        b.skill > 0.05,
        "brier {} against {}",
        b.brier,
        b.reference_brier
    );
    assert_eq!(
        b.calibration.iter().map(|c| c.count).sum::<usize>(),
        b.dossiers
    );
}
