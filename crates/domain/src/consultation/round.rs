//! A consultation round: what it consults on, the forms it uses, and its two tracks. Agencies
//! have 15 days to reply in writing (Law 47/2024/QH15 Art 37(6)); the community is consulted
//! for 20 to 30 days (Art 37(7)(b)). Days are calendar days, counted from the opening day:
//! a track opening on 01/03 and closing on 21/03 lasts 20 days.

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{ConsultationProblem, refuse};
use crate::DomainError;

/// Calendar days agencies have to reply (Art 37(6)).
pub const AGENCY_REPLY_DAYS: u64 = 15;
/// The community's consultation lasts at least this many days (Art 37(7)(b)) …
pub const RESIDENTS_MIN_DAYS: i64 = 20;
/// … and at most this many.
pub const RESIDENTS_MAX_DAYS: i64 = 30;

/// What a round consults on: the planning task, or the draft plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Subject {
    Task,
    Plan,
}

impl Subject {
    pub const ALL: [Subject; 2] = [Subject::Task, Subject::Plan];

    pub fn as_str(self) -> &'static str {
        match self {
            Subject::Task => "task",
            Subject::Plan => "plan",
        }
    }

    pub fn parse(s: &str) -> Option<Subject> {
        Subject::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

/// How the community is consulted (Art 37(7)(a)).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum ConsultationForm {
    /// Documents sent for written opinions.
    WrittenRequest,
    /// Public display at the commune hall.
    PublicDisplay,
    /// An online page.
    OnlinePage,
    /// A meeting with residents' groups.
    ResidentMeeting,
}

impl ConsultationForm {
    pub const ALL: [ConsultationForm; 4] = [
        ConsultationForm::WrittenRequest,
        ConsultationForm::PublicDisplay,
        ConsultationForm::OnlinePage,
        ConsultationForm::ResidentMeeting,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ConsultationForm::WrittenRequest => "written_request",
            ConsultationForm::PublicDisplay => "public_display",
            ConsultationForm::OnlinePage => "online_page",
            ConsultationForm::ResidentMeeting => "resident_meeting",
        }
    }

    pub fn parse(s: &str) -> Option<ConsultationForm> {
        ConsultationForm::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

/// One track of a round: the day it opens and the day it closes (both included).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Track {
    pub opens_on: NaiveDate,
    pub closes_on: NaiveDate,
}

impl Track {
    /// Whether the track takes opinions on `day`.
    pub fn is_open_on(&self, day: NaiveDate) -> bool {
        self.opens_on <= day && day <= self.closes_on
    }

    /// Days from opening to closing.
    pub fn days(&self) -> i64 {
        (self.closes_on - self.opens_on).num_days()
    }
}

/// The day a reply is due: the one said, else 15 days after consulting; never sooner than the
/// law's 15 days (a later day is an extension the commune grants).
pub fn agency_deadline(
    consulted_on: NaiveDate,
    said: Option<NaiveDate>,
) -> Result<NaiveDate, DomainError> {
    let earliest = consulted_on
        .checked_add_days(Days::new(AGENCY_REPLY_DAYS))
        .ok_or(DomainError::Consultation(
            ConsultationProblem::DayOutOfBounds,
        ))?;
    match said {
        None => Ok(earliest),
        Some(d) if d >= earliest => Ok(d),
        Some(d) => refuse(ConsultationProblem::AgencyDeadlineTooSoon {
            deadline: d,
            earliest,
        }),
    }
}

/// The agencies' track: closes 15 days after opening unless set later.
pub fn agencies_track(
    opens_on: NaiveDate,
    closes_on: Option<NaiveDate>,
) -> Result<Track, DomainError> {
    Ok(Track {
        opens_on,
        closes_on: agency_deadline(opens_on, closes_on)?,
    })
}

/// The residents' track: 20 to 30 days, refused otherwise.
pub fn residents_track(opens_on: NaiveDate, closes_on: NaiveDate) -> Result<Track, DomainError> {
    let track = Track {
        opens_on,
        closes_on,
    };
    let days = track.days();
    if !(RESIDENTS_MIN_DAYS..=RESIDENTS_MAX_DAYS).contains(&days) {
        return refuse(ConsultationProblem::ResidentsSpanOutOfRange { days });
    }
    Ok(track)
}

/// Checks the forms a round uses: at least one, each once (sorted).
pub fn forms(mut forms: Vec<ConsultationForm>) -> Result<Vec<ConsultationForm>, DomainError> {
    forms.sort();
    forms.dedup();
    if forms.is_empty() {
        return refuse(ConsultationProblem::NoForm);
    }
    Ok(forms)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }

    #[test]
    fn agencies_reply_within_fifteen_days_unless_given_longer() {
        assert_eq!(agency_deadline(d(3, 1), None).unwrap(), d(3, 16));
        assert_eq!(agency_deadline(d(3, 1), Some(d(3, 20))).unwrap(), d(3, 20));
        assert_eq!(
            agency_deadline(d(3, 1), Some(d(3, 10))),
            Err(DomainError::Consultation(
                ConsultationProblem::AgencyDeadlineTooSoon {
                    deadline: d(3, 10),
                    earliest: d(3, 16)
                }
            ))
        );
        assert_eq!(agencies_track(d(3, 1), None).unwrap().closes_on, d(3, 16));
    }

    #[test]
    fn residents_are_consulted_twenty_to_thirty_days() {
        assert!(residents_track(d(3, 1), d(3, 21)).is_ok());
        assert!(residents_track(d(3, 1), d(3, 31)).is_ok());
        assert_eq!(
            residents_track(d(3, 1), d(3, 20)),
            Err(DomainError::Consultation(
                ConsultationProblem::ResidentsSpanOutOfRange { days: 19 }
            ))
        );
        assert!(residents_track(d(3, 1), d(4, 1)).is_err());
        assert!(residents_track(d(3, 21), d(3, 1)).is_err());
    }

    #[test]
    fn forms_are_required_once_each_and_read_back() {
        assert!(forms(vec![]).is_err());
        assert_eq!(
            forms(vec![
                ConsultationForm::PublicDisplay,
                ConsultationForm::WrittenRequest,
                ConsultationForm::PublicDisplay
            ])
            .unwrap(),
            vec![
                ConsultationForm::WrittenRequest,
                ConsultationForm::PublicDisplay
            ]
        );
        for f in ConsultationForm::ALL {
            assert_eq!(ConsultationForm::parse(f.as_str()), Some(f));
        }
        for s in Subject::ALL {
            assert_eq!(Subject::parse(s.as_str()), Some(s));
        }
    }

    proptest! {
        /// A residents' track is accepted exactly when it lasts 20 to 30 days, and an accepted
        /// track is open on its first and last day and on no day outside.
        #[test]
        fn residents_track_accepts_exactly_the_law_s_span(start in 0u64..3000, len in -5i64..60) {
            let opens = d(1, 1) + Days::new(start);
            let closes = if len >= 0 { opens + Days::new(len as u64) } else { opens - Days::new((-len) as u64) };
            let t = residents_track(opens, closes);
            prop_assert_eq!(t.is_ok(), (20..=30).contains(&len));
            if let Ok(t) = t {
                prop_assert!(t.is_open_on(opens) && t.is_open_on(closes));
                prop_assert!(!t.is_open_on(opens - Days::new(1)) && !t.is_open_on(closes + Days::new(1)));
            }
        }
    }
}
