//! The printed report says what `progress` says: for any day of the demo's campaign (and any
//! earlier day to compare with), the stages table's counts and the CSV's rows equal the
//! progress report's counts.

// A test's helpers fail the test where they fail: unwrapping says where.
#![allow(clippy::unwrap_used, clippy::print_stderr)]

use std::collections::BTreeMap;

use chrono::NaiveDate;
use plantrack_domain::Language;
use plantrack_domain::access::Caller;
use plantrack_reports::Format;
use plantrack_reports::model::Cell;
use plantrack_store::Planning;
use plantrack_store::planning::{Clock, DocumentQuery, ProgressQuery};
use plantrack_store::testing::TestDb;
use plantrack_web::i18n::Lang;
use plantrack_web::progress_document::progress_document;
use proptest::prelude::*;

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

#[test]
fn the_reports_counts_are_progress_for_any_day() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let meeting = day("2025-11-25");
    let (db, planning) = rt.block_on(async {
        let db = TestDb::new().await;
        Planning::migrate(&db.url).await.unwrap();
        let planning = Planning::open(&db.url, Clock::fixed(meeting))
            .await
            .unwrap();
        plantrack::demo::load(&planning, &mut |_| {}).await.unwrap();
        (db, planning)
    });
    let begins = rt
        .block_on(planning.progress_document(
            Caller::Operator,
            &DocumentQuery {
                as_of: meeting,
                compare: None,
                as_known_on: None,
                province: Some("12".into()),
                lang: Language::Vi,
                with_forecast: false,
                target: None,
            },
        ))
        .unwrap()
        .data_begins;
    let span = (meeting - begins).num_days();
    let config = ProptestConfig {
        cases: 12,
        ..ProptestConfig::default()
    };
    proptest!(config, |(offset in 0..=span, back in 0..=60i64, compare in any::<bool>())| {
        let as_of = begins + chrono::Days::new(offset as u64);
        let compare = compare.then(|| (as_of - chrono::Days::new(back as u64)).max(begins));
        let (data, progress) = rt.block_on(async {
            let data = planning
                .progress_document(
                    Caller::Operator,
                    &DocumentQuery {
                        as_of,
                        compare,
                        as_known_on: None,
                        province: Some("12".into()),
                        lang: Language::Vi,
                        with_forecast: false,
                        target: None,
                    },
                )
                .await
                .unwrap();
            let progress = planning
                .progress(
                    Caller::Operator,
                    &ProgressQuery {
                        as_of: Some(as_of),
                        province: Some("12".into()),
                        lang: Language::Vi,
                        ..Default::default()
                    },
                )
                .await
                .unwrap();
            (data, progress)
        });
        let report = progress_document(&data, Lang::Vi);
        let stages = &report.sections.iter().find(|s| s.key == "stages").unwrap().tables[0];
        // The rows of today's stages, then (with a comparison) those emptied since, then the
        // total.
        for (row, s) in stages.rows.iter().zip(&progress.stages) {
            prop_assert_eq!(&row[2], &Cell::Integer(s.count as i64));
            prop_assert_eq!(&row[1], &Cell::text(format!("{}. {}", s.stage_order + 1, s.stage_name)));
        }
        prop_assert_eq!(
            &stages.rows.last().unwrap()[2],
            &Cell::Integer(progress.total as i64)
        );
        // The CSV holds one row a dossier: counted by stage, the same counts.
        let csv = plantrack_reports::render(&report, Format::Csv).unwrap();
        let mut reader = csv::Reader::from_reader(&csv[3..]);
        let mut counted: BTreeMap<(String, String), u64> = BTreeMap::new();
        for row in reader.records() {
            let row = row.unwrap();
            *counted.entry((row[2].to_owned(), row[3].to_owned())).or_default() += 1;
        }
        let expected: BTreeMap<(String, String), u64> = progress
            .stages
            .iter()
            .map(|s| {
                (
                    (
                        Lang::Vi.t(&format!("plan-type-{}", s.plan_type.as_str())),
                        format!("{}. {}", s.stage_order + 1, s.stage_name),
                    ),
                    s.count,
                )
            })
            .collect();
        prop_assert_eq!(counted, expected);
    });
    drop(db);
}
