//! The progress report's two paths agree: today's projection and the spans of a past day; the
//! per-unit report and the country's database-counted one.

// A test's helpers fail the test where they fail: unwrapping says where.
#![allow(clippy::unwrap_used, clippy::print_stderr)]

use chrono::NaiveDate;
use plantrack_domain::access::Caller;
use plantrack_domain::plan::PlanType;
use plantrack_store::Planning;
use plantrack_store::planning::{Clock, ProgressQuery};
use plantrack_store::testing::TestDb;

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

#[tokio::test]
async fn projection_spans_and_database_counts_give_the_same_report() {
    let db = TestDb::new().await;
    let meeting = day("2025-11-25");
    Planning::migrate(&db.url).await.expect("migrate");
    let at_meeting = Planning::open(&db.url, Clock::fixed(meeting))
        .await
        .unwrap();
    plantrack::demo::load(&at_meeting, &mut |_| {})
        .await
        .unwrap();
    // The same database read a day later: the meeting day is then in the past (spans).
    let mut day_after = at_meeting.clone();
    day_after.clock = Clock::fixed(day("2025-11-26"));

    for plan_type in [None, Some(PlanType::CommuneGeneral)] {
        for with_units in [Some(true), Some(false)] {
            let q = ProgressQuery {
                as_of: Some(meeting),
                province: Some("12".into()),
                plan_type,
                lang: plantrack_domain::Language::Vi,
                with_units,
                ..Default::default()
            };
            let now = at_meeting.progress(Caller::Operator, &q).await.unwrap();
            let mut past = day_after.progress(Caller::Operator, &q).await.unwrap();
            // Read a day apart, they name different instants and say the same.
            assert!(past.as_known_on > now.as_known_on);
            past.as_known_on = now.as_known_on;
            assert_eq!(
                now, past,
                "projection and spans differ ({plan_type:?}, {with_units:?})"
            );
        }
        let base = ProgressQuery {
            as_of: Some(meeting),
            plan_type,
            lang: plantrack_domain::Language::Vi,
            ..Default::default()
        };
        let listed = at_meeting
            .progress(
                Caller::Operator,
                &ProgressQuery {
                    province: Some("12".into()),
                    with_units: Some(true),
                    ..base.clone()
                },
            )
            .await
            .unwrap();
        let counted = at_meeting.progress(Caller::Operator, &base).await.unwrap();
        assert_eq!(counted.total, listed.total);
        assert_eq!(counted.stages, listed.stages);
        assert_eq!(counted.overdue, listed.overdue);
        assert_eq!(counted.due_soon, listed.due_soon);
        assert!(counted.units.is_empty() && !listed.units.is_empty());
    }
    // Shortened lists keep their totals, and both paths cut the same dossiers.
    let short = |province: Option<&str>| ProgressQuery {
        as_of: Some(meeting),
        province: province.map(str::to_owned),
        lang: plantrack_domain::Language::Vi,
        list_limit: Some(3),
        ..Default::default()
    };
    let province = at_meeting
        .progress(Caller::Operator, &short(Some("12")))
        .await
        .unwrap();
    let country = at_meeting
        .progress(Caller::Operator, &short(None))
        .await
        .unwrap();
    for report in [&province, &country] {
        assert_eq!(report.overdue.len(), 3);
        assert_eq!(report.overdue_total, 8);
        assert!(report.due_soon_total > 3);
    }
    assert_eq!(province.overdue, country.overdue);
    assert_eq!(province.due_soon, country.due_soon);

    // Before anything opened, nothing stands anywhere.
    let before = at_meeting
        .progress(
            Caller::Operator,
            &ProgressQuery {
                as_of: Some(day("2025-06-30")),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(before.total, 0);
}
