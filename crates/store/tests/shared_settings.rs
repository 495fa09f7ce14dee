//! Templates and calendars are read into each server's memory; several servers behind one
//! database (SQLite, or PostgreSQL with PLANTRACK_TEST_DB) must still agree. A change made
//! through one server (or the command line) is seen by another at its next refresh, which
//! the web server runs before each request.

// A test's helpers fail the test where they fail: unwrapping says where.
#![allow(clippy::unwrap_used)]

use chrono::NaiveDate;
use plantrack_domain::access::Caller;
use plantrack_domain::calendar::{DayOverride, DayOverrideKind, WorkingCalendar};
use plantrack_store::Planning;
use plantrack_store::planning::Clock;
use plantrack_store::testing::TestDb;

#[tokio::test]
async fn a_template_or_calendar_changed_by_one_server_is_read_by_the_other() {
    let db = TestDb::new().await;
    Planning::migrate(&db.url).await.unwrap();
    let a = Planning::open(&db.url, Clock::vietnam()).await.unwrap();
    let b = Planning::open(&db.url, Clock::vietnam()).await.unwrap();
    assert!(!b.refresh_settings().await.unwrap(), "nothing changed yet");

    let source = include_str!("../../domain/templates/vn.detailed.toml");
    // The built-in is version 3; a province loads version 4.
    let v4 = source.replacen("version = 3", "version = 4", 1);
    a.load_template(Caller::Operator, &v4).await.unwrap();
    assert_eq!(b.template("vn.detailed", None).unwrap().version, 3);
    assert!(b.refresh_settings().await.unwrap());
    assert_eq!(b.template("vn.detailed", None).unwrap().version, 4);
    assert!(!b.refresh_settings().await.unwrap(), "read once per change");

    // A Wednesday made a day off across the country by one server is a day off on the other.
    let wednesday = NaiveDate::from_ymd_opt(2026, 3, 11).unwrap();
    assert!(b.calendar_of("12").is_working_day(wednesday));
    a.set_calendar_override(
        Caller::Operator,
        None,
        &DayOverride {
            date: wednesday,
            kind: DayOverrideKind::DayOff,
            note: "Quyết định nghỉ của tỉnh (thử)".into(),
        },
    )
    .await
    .unwrap();
    assert!(b.refresh_settings().await.unwrap());
    assert!(!b.calendar_of("12").is_working_day(wednesday));
    assert!(!b.national_calendar().is_working_day(wednesday));
    // And removing it.
    assert!(
        a.delete_calendar_override(Caller::Operator, None, wednesday)
            .await
            .unwrap()
    );
    assert!(b.refresh_settings().await.unwrap());
    assert!(b.calendar_of("12").is_working_day(wednesday));
}
