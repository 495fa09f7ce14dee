//! Sectoral information requests: a commune (or its consultant, or the Department of
//! Construction for many communes at once) asks a department for what its plan needs, by a due
//! date (15 days unless said otherwise, as Law 47/2024/QH15 Art 37(6) gives a department to
//! answer). "Late" is not stored: a request answered after its due date, or open past it on
//! the day asked about, is late, so a report as of any day says what was late then.

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::FollowUpProblem;
use crate::DomainError;

/// Calendar days a department has to answer unless the request says otherwise.
pub const DEFAULT_ANSWER_DAYS: u64 = 15;

/// What a plan needs from a department.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum InformationTopic {
    /// Forest boundaries and protection forest.
    ForestProtection,
    DefenceLand,
    Heritage,
    Minerals,
    HazardZones,
    /// Road and irrigation corridors.
    TransportIrrigation,
    DevelopmentProjects,
    Other,
}

impl InformationTopic {
    pub const ALL: [InformationTopic; 8] = [
        InformationTopic::ForestProtection,
        InformationTopic::DefenceLand,
        InformationTopic::Heritage,
        InformationTopic::Minerals,
        InformationTopic::HazardZones,
        InformationTopic::TransportIrrigation,
        InformationTopic::DevelopmentProjects,
        InformationTopic::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            InformationTopic::ForestProtection => "forest_protection",
            InformationTopic::DefenceLand => "defence_land",
            InformationTopic::Heritage => "heritage",
            InformationTopic::Minerals => "minerals",
            InformationTopic::HazardZones => "hazard_zones",
            InformationTopic::TransportIrrigation => "transport_irrigation",
            InformationTopic::DevelopmentProjects => "development_projects",
            InformationTopic::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<InformationTopic> {
        InformationTopic::ALL.into_iter().find(|t| t.as_str() == s)
    }
}

/// Where a request stands. A delay explained keeps it open, with a new expected day; answered
/// and withdrawn close it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RequestState {
    Open,
    DelayExplained,
    Answered,
    Withdrawn,
}

impl RequestState {
    pub const ALL: [RequestState; 4] = [
        RequestState::Open,
        RequestState::DelayExplained,
        RequestState::Answered,
        RequestState::Withdrawn,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RequestState::Open => "open",
            RequestState::DelayExplained => "delay_explained",
            RequestState::Answered => "answered",
            RequestState::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(s: &str) -> Option<RequestState> {
        RequestState::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// Whether the department still owes an answer.
    pub fn is_open(self) -> bool {
        matches!(self, RequestState::Open | RequestState::DelayExplained)
    }

    /// Whether a request may go from `self` to `to`: an open request (a delay explained
    /// included) is answered, explained (again) or withdrawn; a closed one stays closed, since
    /// its answer or withdrawal is on the record.
    pub fn check_change(self, to: RequestState) -> Result<(), DomainError> {
        if self.is_open() && to != RequestState::Open {
            Ok(())
        } else {
            Err(DomainError::FollowUp(FollowUpProblem::RequestClosed {
                state: self,
            }))
        }
    }
}

/// The due date: the one said, else [`DEFAULT_ANSWER_DAYS`] calendar days after asking; never
/// before the day asked.
pub fn due_on(asked_on: NaiveDate, said: Option<NaiveDate>) -> Result<NaiveDate, DomainError> {
    let due = match said {
        Some(due) => due,
        None => asked_on
            .checked_add_days(Days::new(DEFAULT_ANSWER_DAYS))
            .ok_or(DomainError::FollowUp(FollowUpProblem::DueOutOfBounds {
                due: asked_on,
            }))?,
    };
    if due < asked_on {
        return Err(DomainError::FollowUp(FollowUpProblem::DueBeforeAsked {
            due,
            asked: asked_on,
        }));
    }
    Ok(due)
}

/// A request as stored, as far as lateness and turnaround read it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RequestRecord {
    pub asked_on: NaiveDate,
    pub due_on: NaiveDate,
    pub state: RequestState,
    /// The day it was answered or withdrawn.
    pub closed_on: Option<NaiveDate>,
    /// The day the department last explained a delay.
    pub delayed_on: Option<NaiveDate>,
}

impl RequestRecord {
    /// Its state on `day`: an answer, a withdrawal or an explanation given after `day` is not
    /// yet true on it.
    pub fn state_on(&self, day: NaiveDate) -> RequestState {
        let explained = self.delayed_on.is_some_and(|on| on <= day);
        let open = if explained {
            RequestState::DelayExplained
        } else {
            RequestState::Open
        };
        match (self.state, self.closed_on) {
            (RequestState::Answered | RequestState::Withdrawn, Some(on)) if on > day => open,
            (RequestState::DelayExplained, _) => open,
            (state, _) => state,
        }
    }

    /// Whether it was late on `day`: answered after its due date, or open past it.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use plantrack_domain::follow_up::request::{RequestRecord, RequestState};
    /// let d = |m, day| NaiveDate::from_ymd_opt(2025, m, day).unwrap();
    /// let r = RequestRecord { asked_on: d(11, 3), due_on: d(11, 18), state: RequestState::Open, closed_on: None, delayed_on: None };
    /// assert!(!r.late_on(d(11, 18)));
    /// assert!(r.late_on(d(11, 19)));
    /// ```
    pub fn late_on(&self, day: NaiveDate) -> bool {
        match self.state_on(day) {
            RequestState::Open | RequestState::DelayExplained => day > self.due_on,
            RequestState::Answered => self.closed_on.is_some_and(|on| on > self.due_on),
            RequestState::Withdrawn => false,
        }
    }

    /// Calendar days from asking to answering, if answered by `day`.
    pub fn days_to_answer(&self, day: NaiveDate) -> Option<i64> {
        match (self.state_on(day), self.closed_on) {
            (RequestState::Answered, Some(on)) => Some((on - self.asked_on).num_days()),
            _ => None,
        }
    }
}

/// A department's turnaround on a day.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Turnaround {
    /// Requests asked by the day, withdrawn ones left out.
    pub count: u64,
    pub answered: u64,
    pub open: u64,
    /// Answered after their due date, or open past it.
    pub late: u64,
    /// The median of calendar days from asking to answering; none before a first answer.
    pub median_days: Option<f64>,
    /// `late / count`; none when nothing was asked.
    pub share_late: Option<f64>,
}

/// The turnaround of `records` on `day`: those asked after it are left out.
pub fn turnaround(records: &[RequestRecord], day: NaiveDate) -> Turnaround {
    let mut t = Turnaround {
        count: 0,
        answered: 0,
        open: 0,
        late: 0,
        median_days: None,
        share_late: None,
    };
    let mut days = Vec::new();
    for r in records.iter().filter(|r| r.asked_on <= day) {
        let state = r.state_on(day);
        if state == RequestState::Withdrawn {
            continue;
        }
        t.count += 1;
        if state.is_open() {
            t.open += 1;
        }
        if let Some(n) = r.days_to_answer(day) {
            t.answered += 1;
            days.push(n);
        }
        if r.late_on(day) {
            t.late += 1;
        }
    }
    t.median_days = median(&mut days);
    t.share_late = (t.count > 0).then(|| t.late as f64 / t.count as f64);
    t
}

fn median(days: &mut [i64]) -> Option<f64> {
    if days.is_empty() {
        return None;
    }
    days.sort_unstable();
    let mid = days.len() / 2;
    Some(if days.len() % 2 == 1 {
        days[mid] as f64
    } else {
        (days[mid - 1] + days[mid]) as f64 / 2.0
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn record(asked: NaiveDate, state: RequestState, closed: Option<NaiveDate>) -> RequestRecord {
        RequestRecord {
            asked_on: asked,
            due_on: due_on(asked, None).unwrap(),
            state,
            closed_on: closed,
            delayed_on: None,
        }
    }

    #[test]
    fn a_request_is_due_fifteen_calendar_days_after_asking_unless_said() {
        assert_eq!(due_on(d(2025, 11, 3), None).unwrap(), d(2025, 11, 18));
        assert_eq!(
            due_on(d(2025, 11, 3), Some(d(2025, 11, 30))).unwrap(),
            d(2025, 11, 30)
        );
        assert_eq!(
            due_on(d(2025, 11, 3), Some(d(2025, 11, 2))),
            Err(DomainError::FollowUp(FollowUpProblem::DueBeforeAsked {
                due: d(2025, 11, 2),
                asked: d(2025, 11, 3)
            }))
        );
    }

    #[test]
    fn every_topic_and_state_reads_back() {
        for t in InformationTopic::ALL {
            assert_eq!(InformationTopic::parse(t.as_str()), Some(t));
        }
        for s in RequestState::ALL {
            assert_eq!(RequestState::parse(s.as_str()), Some(s));
        }
        assert_eq!(InformationTopic::parse("weather"), None);
    }

    #[test]
    fn only_an_open_request_changes() {
        use RequestState::*;
        assert!(Open.check_change(Answered).is_ok());
        assert!(Open.check_change(DelayExplained).is_ok());
        assert!(DelayExplained.check_change(DelayExplained).is_ok());
        assert!(DelayExplained.check_change(Withdrawn).is_ok());
        assert!(Answered.check_change(Answered).is_err());
        assert!(Withdrawn.check_change(Answered).is_err());
        assert!(Open.check_change(Open).is_err());
    }

    #[test]
    fn lateness_is_read_on_the_day_asked_about() {
        let asked = d(2025, 11, 3);
        let answered_late = record(asked, RequestState::Answered, Some(d(2025, 11, 25)));
        assert!(!answered_late.late_on(d(2025, 11, 10)));
        assert!(answered_late.late_on(d(2025, 11, 20)), "open past due");
        assert!(answered_late.late_on(d(2025, 12, 1)), "answered after due");
        assert_eq!(answered_late.days_to_answer(d(2025, 11, 20)), None);
        assert_eq!(answered_late.days_to_answer(d(2025, 12, 1)), Some(22));
        let withdrawn = record(asked, RequestState::Withdrawn, Some(d(2025, 11, 5)));
        assert!(!withdrawn.late_on(d(2025, 12, 1)));
    }

    #[test]
    fn a_delay_explained_later_is_not_yet_one() {
        let r = RequestRecord {
            delayed_on: Some(d(2025, 11, 20)),
            ..record(d(2025, 11, 3), RequestState::DelayExplained, None)
        };
        assert_eq!(r.state_on(d(2025, 11, 19)), RequestState::Open);
        assert_eq!(r.state_on(d(2025, 11, 20)), RequestState::DelayExplained);
        let answered = RequestRecord {
            state: RequestState::Answered,
            closed_on: Some(d(2025, 11, 25)),
            ..r
        };
        assert_eq!(
            answered.state_on(d(2025, 11, 22)),
            RequestState::DelayExplained
        );
        assert_eq!(answered.state_on(d(2025, 11, 25)), RequestState::Answered);
    }

    #[test]
    fn turnaround_counts_medians_and_shares() {
        let asked = d(2025, 11, 3);
        let records = [
            record(asked, RequestState::Answered, Some(d(2025, 11, 7))), // 4 days
            record(asked, RequestState::Answered, Some(d(2025, 11, 13))), // 10 days
            record(asked, RequestState::Answered, Some(d(2025, 11, 25))), // 22, late
            record(asked, RequestState::DelayExplained, None),           // open, late
            record(asked, RequestState::Withdrawn, Some(d(2025, 11, 4))),
            record(d(2025, 12, 20), RequestState::Open, None), // after the day
        ];
        let t = turnaround(&records, d(2025, 12, 1));
        assert_eq!((t.count, t.answered, t.open, t.late), (4, 3, 1, 2));
        assert_eq!(t.median_days, Some(10.0));
        assert_eq!(t.share_late, Some(0.5));
        let none = turnaround(&[], d(2025, 12, 1));
        assert_eq!(
            (none.count, none.median_days, none.share_late),
            (0, None, None)
        );
    }

    proptest! {
        /// The median lies between the fastest and the slowest answer, and the late share is
        /// a share.
        #[test]
        fn turnaround_stays_within_its_answers(spans in proptest::collection::vec((0u64..60, 0u64..60), 1..30)) {
            let asked = d(2025, 1, 1);
            let records: Vec<RequestRecord> = spans
                .iter()
                .map(|(due, took)| RequestRecord {
                    asked_on: asked,
                    due_on: asked + Days::new(*due),
                    state: RequestState::Answered,
                    closed_on: Some(asked + Days::new(*took)),
                    delayed_on: None,
                })
                .collect();
            let t = turnaround(&records, d(2025, 12, 31));
            let min = spans.iter().map(|s| s.1).min().unwrap() as f64;
            let max = spans.iter().map(|s| s.1).max().unwrap() as f64;
            let m = t.median_days.unwrap();
            prop_assert!(min <= m && m <= max);
            let share = t.share_late.unwrap();
            prop_assert!((0.0..=1.0).contains(&share));
            prop_assert_eq!(t.late as usize, spans.iter().filter(|(due, took)| took > due).count());
        }
    }
}
