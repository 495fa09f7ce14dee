//! What the printed progress report shows, read in one go: the report on a day (and on the
//! day compared with, and what moved between them), the units' boundaries for its map, the
//! counts since the campaign began for its chart, and what holds the plans back. The
//! document itself is laid out above the store (plantrack-reports); this only reads.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use plantrack_domain::access::Caller;
use plantrack_domain::error::DateProblem;
use plantrack_domain::forecast::{Forecast, ForecastProblem};
use plantrack_domain::plan::PlanType;
use plantrack_domain::progress::{Changes, ProgressReport, StageCount, changes};
use plantrack_domain::{DomainError, Language};

use super::{ForecastQuery, Planning, ProgressQuery};
use crate::error::{Result, StoreError};
use crate::follow_up::{InformationRequest, RequestQuery, Task, TaskQuery};

/// Which report to print.
#[derive(Debug, Clone)]
pub struct DocumentQuery {
    pub as_of: NaiveDate,
    /// The earlier day to compare with (the previous meeting's).
    pub compare: Option<NaiveDate>,
    pub as_known_on: Option<DateTime<Utc>>,
    /// The province; the whole country when absent.
    pub province: Option<String>,
    pub lang: Language,
    /// Whether the report carries the forecast (the meeting papers' frozen report does not).
    pub with_forecast: bool,
    /// The forecast's target; the province's directive to finish the plans, else
    /// 31/03/2026, when absent (as `plantrack forecast` has it).
    pub target: Option<NaiveDate>,
}

/// The forecast part of a report.
#[derive(Debug, Clone)]
pub enum ReportForecast {
    /// The campaign's plans (commune general plans) forecast on the day reported on.
    Made(Forecast),
    /// The target is not after the day reported on: nothing to forecast.
    TargetPassed { target: NaiveDate },
}

/// One unit of the map: its code, name and simplified boundary (WGS 84).
#[derive(Debug, Clone)]
pub struct MapUnit {
    pub code: String,
    pub name: String,
    pub boundary: geojson::GeometryValue,
}

/// The counts by stage on one day of the campaign.
#[derive(Debug, Clone)]
pub struct TimelinePoint {
    pub on: NaiveDate,
    pub stages: Vec<StageCount>,
}

/// Everything a progress document shows.
#[derive(Debug, Clone)]
pub struct ProgressDocumentData {
    /// The report on `as_of`, with every dossier (its per-unit table).
    pub report: ProgressReport,
    /// The report on the compared day, and what moved since.
    pub compared: Option<(ProgressReport, Changes)>,
    /// The province's name as the units table has it; `None` for the country.
    pub province_name: Option<String>,
    /// The first day the data hold (the campaign's beginning).
    pub data_begins: NaiveDate,
    /// The province's commune-level units (empty for the country: one map a province).
    pub map: Vec<MapUnit>,
    /// Counts by stage from the campaign's beginning to `as_of`, month by month.
    pub timeline: Vec<TimelinePoint>,
    /// Information requests still open on `as_of` (the province's, when the caller reads
    /// them).
    pub open_requests: Vec<InformationRequest>,
    /// Directive tasks late on `as_of`.
    pub late_tasks: Vec<Task>,
    /// The forecast, when asked for.
    pub forecast: Option<ReportForecast>,
    /// The consultation rounds of the report's units, with their counts (issue 15, item 7);
    /// empty for a caller who does not read them.
    pub consultations: Vec<crate::consultation::ConsultationListItem>,
    /// The province's commune general plans side by side (issue 19, item 5), when the report
    /// is of a province, of today, and some plan has a checked map; none for a caller who
    /// does not read it.
    pub appraisal: Option<crate::appraisal_compare::AppraisalComparison>,
    /// The province's money by decision (issue 14 from issue 16's records), when the report
    /// is of a province and of today; none for a caller who does not read it.
    pub funding: Option<crate::funding::FundingSummary>,
    /// The province's consultant firms and their load, on the same terms.
    pub capacity: Option<crate::consultant::CapacityReport>,
}

/// The first of each month after `from`, up to `to`, then `to`: at most about 40 points,
/// a quarter apart when the campaign is long.
pub fn timeline_days(from: NaiveDate, to: NaiveDate) -> Vec<NaiveDate> {
    let months = (to.year() - from.year()) * 12 + to.month() as i32 - from.month() as i32;
    let step = if months > 36 { 3 } else { 1 };
    let mut days = vec![from];
    let mut d = from.with_day(1).unwrap_or(from);
    loop {
        d = d
            .checked_add_months(chrono::Months::new(step))
            .unwrap_or(to);
        if d >= to {
            break;
        }
        days.push(d);
    }
    if to > from {
        days.push(to);
    }
    days
}

impl Planning {
    /// The data of the progress document for `q`, checked: the compared day must come before
    /// the day reported on, and neither may lie before the data begin.
    pub async fn progress_document(
        &self,
        caller: Caller<'_>,
        q: &DocumentQuery,
    ) -> Result<ProgressDocumentData> {
        let province = self
            .may_read_progress(caller, q.province.as_deref(), None)
            .await?;
        if let Some(compare) = q.compare
            && compare > q.as_of
        {
            return Err(DomainError::BadDate {
                date: compare.to_string(),
                why: DateProblem::AfterReportDay { as_of: q.as_of },
            }
            .into());
        }
        let data_begins = self
            .db
            .first_span_day(province.as_deref())
            .await?
            .unwrap_or(q.as_of);
        for day in std::iter::once(q.as_of).chain(q.compare) {
            if day < data_begins {
                return Err(DomainError::BadDate {
                    date: day.to_string(),
                    why: DateProblem::BeforeData {
                        first_on: data_begins,
                    },
                }
                .into());
            }
        }
        let query = |as_of: NaiveDate, with_units: bool| ProgressQuery {
            as_of: Some(as_of),
            as_known_on: q.as_known_on,
            province: province.clone(),
            unit: None,
            plan_type: None,
            lang: q.lang,
            with_units: Some(with_units),
            list_limit: None,
        };
        let report = self.progress(caller, &query(q.as_of, true)).await?;
        let flat = |r: &ProgressReport| {
            r.units
                .iter()
                .flat_map(|u| u.plans.iter().cloned())
                .collect::<Vec<_>>()
        };
        let compared = match q.compare {
            Some(day) => {
                let earlier = self.report(&query(day, true)).await?;
                let moved = changes(&flat(&earlier), &flat(&report));
                Some((earlier, moved))
            }
            None => None,
        };
        let mut timeline = Vec::new();
        for on in timeline_days(data_begins, q.as_of) {
            let r = self.report(&query(on, false)).await?;
            timeline.push(TimelinePoint {
                on,
                stages: r.stages,
            });
        }
        let (province_name, map) = match &province {
            Some(code) => {
                let unit = self.db.unit(code).await?;
                let map = self
                    .db
                    .display_units(code)
                    .await?
                    .iter()
                    .map(|(code, name, _, boundary)| MapUnit {
                        code: code.clone(),
                        name: name.clone(),
                        boundary: boundary.clone(),
                    })
                    .collect();
                (Some(unit.unit.name_vi), map)
            }
            None => (None, Vec::new()),
        };
        // Follow-up is read per province, and only by those who may: whoever may not reads
        // a report without those sections.
        let (open_requests, late_tasks) = match &province {
            Some(code) => {
                let requests = self
                    .information_requests(
                        caller,
                        &RequestQuery {
                            province: Some(code.clone()),
                            as_of: Some(q.as_of),
                            open: true,
                            ..Default::default()
                        },
                    )
                    .await;
                let tasks = self
                    .tasks(
                        caller,
                        &TaskQuery {
                            province: Some(code.clone()),
                            as_of: Some(q.as_of),
                            overdue: true,
                            ..Default::default()
                        },
                    )
                    .await;
                (readable(requests)?, readable(tasks)?)
            }
            None => (Vec::new(), Vec::new()),
        };
        let forecast = if q.with_forecast {
            let asked = self
                .forecast(
                    caller,
                    &ForecastQuery {
                        as_of: Some(q.as_of),
                        target: q.target,
                        province: province.clone(),
                        unit: None,
                        plan_type: Some(PlanType::CommuneGeneral),
                        seed: None,
                        simulations: None,
                        lang: q.lang,
                    },
                )
                .await;
            match asked {
                Ok(f) => Some(ReportForecast::Made(f)),
                // A target already past is said in one line, not refused.
                Err(StoreError::Domain(DomainError::Forecast(
                    ForecastProblem::TargetNotAfter { target, .. },
                ))) => Some(ReportForecast::TargetPassed { target }),
                Err(e) => return Err(e),
            }
        } else {
            None
        };
        let consultations = self.report_consultations(caller, &report).await?;
        let appraisal = match &province {
            Some(code) => self.report_comparison(caller, code, q.as_of).await?,
            None => None,
        };
        let (funding, capacity) = match &province {
            Some(code) => self.report_money(caller, code, q.as_of).await?,
            None => (None, None),
        };
        Ok(ProgressDocumentData {
            report,
            compared,
            province_name,
            data_begins,
            map,
            timeline,
            open_requests,
            late_tasks,
            forecast,
            consultations,
            appraisal,
            funding,
            capacity,
        })
    }
}

impl Planning {
    /// The province's money and its firms' load, for a report of today or later: both are the
    /// records as they stand, which a report of a past day must not show as if known then.
    /// Each is left out for a reader who may not read it.
    async fn report_money(
        &self,
        caller: Caller<'_>,
        province: &str,
        as_of: NaiveDate,
    ) -> Result<(
        Option<crate::funding::FundingSummary>,
        Option<crate::consultant::CapacityReport>,
    )> {
        if as_of < self.today() {
            return Ok((None, None));
        }
        let funding = match self.funding_summary(caller, Some(province)).await {
            Ok(f) => Some(f),
            Err(StoreError::Denied(_)) => None,
            Err(e) => return Err(e),
        };
        let capacity = match self.capacity(caller, province).await {
            Ok(c) => Some(c),
            Err(StoreError::Denied(_)) => None,
            Err(e) => return Err(e),
        };
        Ok((funding, capacity))
    }

    /// The province's commune general plans side by side, for a report of today or later:
    /// the comparison reads the newest maps, which a report of a past day must not show as
    /// if they had been known then.
    async fn report_comparison(
        &self,
        caller: Caller<'_>,
        province: &str,
        as_of: NaiveDate,
    ) -> Result<Option<crate::appraisal_compare::AppraisalComparison>> {
        if as_of < self.today() {
            return Ok(None);
        }
        match self
            .appraisal_comparison(caller, province, PlanType::CommuneGeneral)
            .await
        {
            Ok(c) if !c.plans.is_empty() => Ok(Some(c)),
            Ok(_) | Err(StoreError::Denied(_)) => Ok(None),
            Err(e) => Err(e),
        }
    }
}

impl Planning {
    /// The consultation rounds of the units a report covers, as the caller reads them.
    async fn report_consultations(
        &self,
        caller: Caller<'_>,
        report: &ProgressReport,
    ) -> Result<Vec<crate::consultation::ConsultationListItem>> {
        let units: std::collections::BTreeSet<&str> = report
            .units
            .iter()
            .flat_map(|u| u.plans.iter().map(|p| p.unit_code.as_str()))
            .collect();
        let mut rounds: Vec<_> = match self
            .consultations(caller, &crate::consultation::ConsultationQuery::default())
            .await
        {
            Err(StoreError::Denied(_)) => Vec::new(),
            other => other?,
        };
        rounds.retain(|r| units.contains(r.unit_code.as_str()));
        Ok(rounds)
    }
}

/// What the caller reads: nothing when refused.
fn readable<T>(r: Result<Vec<T>>) -> Result<Vec<T>> {
    match r {
        Err(StoreError::Denied(_)) => Ok(Vec::new()),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn the_timeline_runs_month_by_month_to_the_day_reported_on() {
        assert_eq!(
            timeline_days(day("2025-08-15"), day("2025-11-25")),
            [
                day("2025-08-15"),
                day("2025-09-01"),
                day("2025-10-01"),
                day("2025-11-01"),
                day("2025-11-25")
            ]
        );
        assert_eq!(
            timeline_days(day("2025-08-15"), day("2025-08-15")),
            [day("2025-08-15")]
        );
        let long = timeline_days(day("2020-01-10"), day("2026-01-10"));
        assert!(long.len() < 30 && long.windows(2).all(|w| w[0] < w[1]));
    }
}
