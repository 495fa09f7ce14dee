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

/// How long agencies have to reply on a round's subject, as the dossier's template says:
/// its consultation stage's `…_agency_reply` limit. The plan's is 15 calendar days (Art
/// 37(6)); the task's, in the Vietnamese templates, 7 working days (an unverified default),
/// counted with the province's working-day calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AgencyReply {
    CalendarDays(u32),
    WorkingDays(u32),
}

impl AgencyReply {
    /// The law's 15 calendar days: what a template without the limit gets.
    pub const LAW: AgencyReply = AgencyReply::CalendarDays(AGENCY_REPLY_DAYS as u32);

    /// The rule of the template's consultation stage on `subject` (the stage whose
    /// `answer_every_opinion` names it), else the law's 15 days.
    pub fn of(template: &crate::workflow::Template, subject: Subject) -> AgencyReply {
        use crate::workflow::template::LimitUnit;
        template
            .stages
            .iter()
            .filter(|s| s.answer_every_opinion == Some(subject))
            .flat_map(|s| &s.time_limits)
            .find(|l| l.key.ends_with("agency_reply"))
            .map_or(AgencyReply::LAW, |l| match l.unit {
                LimitUnit::WorkingDays => AgencyReply::WorkingDays(l.length),
                // Months do not measure an agency's reply; read them as calendar days' worth
                // is wrong, so the law's days stand.
                LimitUnit::Months => AgencyReply::LAW,
                LimitUnit::CalendarDays => AgencyReply::CalendarDays(l.length),
            })
    }
}

/// The day a reply is due under `rule`: the one said, else the rule's days after consulting
/// (working days skip weekends and the province's days off); never sooner.
pub fn agency_deadline_under(
    consulted_on: NaiveDate,
    said: Option<NaiveDate>,
    rule: AgencyReply,
    calendar: &dyn crate::calendar::WorkingCalendar,
) -> Result<NaiveDate, DomainError> {
    let out = || DomainError::Consultation(ConsultationProblem::DayOutOfBounds);
    let (earliest, working) = match rule {
        AgencyReply::CalendarDays(n) => (
            consulted_on
                .checked_add_days(Days::new(u64::from(n)))
                .ok_or_else(out)?,
            None,
        ),
        AgencyReply::WorkingDays(n) => {
            if !crate::calendar::bounds::within_bounds(consulted_on) {
                return Err(out());
            }
            (calendar.add_working_days(consulted_on, n), Some(n))
        }
    };
    match (said, working) {
        (None, _) => Ok(earliest),
        (Some(d), _) if d >= earliest => Ok(d),
        (Some(d), None) => refuse(ConsultationProblem::AgencyDeadlineTooSoon {
            deadline: d,
            earliest,
        }),
        (Some(d), Some(days)) => refuse(ConsultationProblem::AgencyWorkingDaysTooSoon {
            deadline: d,
            earliest,
            days,
        }),
    }
}

/// The agencies' track under `rule`: closes when the rule's days have run unless set later.
pub fn agencies_track_under(
    opens_on: NaiveDate,
    closes_on: Option<NaiveDate>,
    rule: AgencyReply,
    calendar: &dyn crate::calendar::WorkingCalendar,
) -> Result<Track, DomainError> {
    Ok(Track {
        opens_on,
        closes_on: agency_deadline_under(opens_on, closes_on, rule, calendar)?,
    })
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
mod working_day_tests {
    use super::*;
    use crate::calendar::VietnamCalendar;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }

    #[test]
    fn the_task_agencies_reply_within_working_days() {
        let cal = VietnamCalendar::new();
        let rule = AgencyReply::WorkingDays(7);
        // Friday 23/01/2026: the weekends skipped, 7 working days run to Tuesday 03/02.
        assert_eq!(
            agency_deadline_under(d(1, 23), None, rule, &cal).unwrap(),
            d(2, 3)
        );
        // Over Tết 2026 its days off are skipped: seven working days take far more than ten.
        let over_tet = agency_deadline_under(d(2, 12), None, rule, &cal).unwrap();
        assert!(over_tet > d(2, 12) + Days::new(9), "{over_tet}");
        assert_eq!(
            agency_deadline_under(d(1, 23), Some(d(1, 30)), rule, &cal),
            Err(DomainError::Consultation(
                ConsultationProblem::AgencyWorkingDaysTooSoon {
                    deadline: d(1, 30),
                    earliest: d(2, 3),
                    days: 7
                }
            ))
        );
        // The plan's 15 calendar days as before.
        assert_eq!(
            agency_deadline_under(d(3, 1), None, AgencyReply::LAW, &cal).unwrap(),
            d(3, 16)
        );
    }

    #[test]
    fn the_templates_say_which_limits_are_working_days() {
        let (vn, _) = crate::workflow::Template::builtin()
            .into_iter()
            .find(|(t, _)| t.key == "vn.commune_general")
            .unwrap();
        assert_eq!(
            AgencyReply::of(&vn, Subject::Task),
            AgencyReply::WorkingDays(7)
        );
        assert_eq!(
            AgencyReply::of(&vn, Subject::Plan),
            AgencyReply::CalendarDays(15)
        );
    }
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
