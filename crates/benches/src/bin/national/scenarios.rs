//! The progress reports the benchmark measures: one province, the country, the country on a
//! past day.

use chrono::NaiveDate;
use plantrack_benches::generator::date;
use plantrack_store::planning::ProgressQuery;

const PROVINCE: &str = "12";

pub(crate) struct Scenario {
    pub(crate) key: &'static str,
    pub(crate) label: &'static str,
    pub(crate) query: ProgressQuery,
    pub(crate) as_of: NaiveDate,
}

/// When the load recorded its events: its fixed clock's instant (noon in Vietnam on `today`).
pub(crate) fn recorded_at(today: NaiveDate) -> chrono::DateTime<chrono::Utc> {
    plantrack_store::planning::Clock::fixed(today).now()
}

pub(crate) fn scenarios(today: NaiveDate) -> Vec<Scenario> {
    let q = |as_of: Option<NaiveDate>, province: Option<&str>| ProgressQuery {
        as_of,
        province: province.map(str::to_owned),
        lang: plantrack_domain::Language::Vi,
        ..ProgressQuery::default()
    };
    let past = date(2025, 12, 31);
    vec![
        Scenario {
            key: "province",
            label: "progress, province 12 (with units)",
            query: q(None, Some(PROVINCE)),
            as_of: today,
        },
        Scenario {
            key: "country",
            label: "progress, whole country",
            query: q(None, None),
            as_of: today,
        },
        Scenario {
            key: "country_as_of",
            label: "progress, country as of 2025-12-31",
            query: q(Some(past), None),
            as_of: past,
        },
        // The second time axis: what was known a second after the load was recorded (noon
        // in Vietnam on the load's day), read by a clock later that day — the bitemporal
        // query over every span, giving the same dossiers as the scenario above.
        Scenario {
            key: "country_as_known",
            label: "progress, country as of 2025-12-31 as known",
            query: ProgressQuery {
                as_known_on: Some(recorded_at(today) + chrono::Duration::seconds(1)),
                ..q(Some(past), None)
            },
            as_of: past,
        },
    ]
}
