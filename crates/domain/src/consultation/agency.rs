//! The register of agencies consulted. A consultee's status is never stored: it is read on a
//! day from when it was consulted, its deadline and its replies, so a register as of any day
//! says what stood then. A reconsultation (after the plan is revised) starts a new cycle with
//! a new deadline; replies to earlier cycles stay on the record but no longer answer it.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{ConsultationProblem, refuse};
use crate::DomainError;

/// Where a consultee stands on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ConsulteeStatus {
    NotConsulted,
    AwaitingReply,
    Replied,
    /// Its deadline passed without a reply to the current cycle.
    NoReply,
    NotRequired,
}

impl ConsulteeStatus {
    pub const ALL: [ConsulteeStatus; 5] = [
        ConsulteeStatus::NotConsulted,
        ConsulteeStatus::AwaitingReply,
        ConsulteeStatus::Replied,
        ConsulteeStatus::NoReply,
        ConsulteeStatus::NotRequired,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ConsulteeStatus::NotConsulted => "not_consulted",
            ConsulteeStatus::AwaitingReply => "awaiting_reply",
            ConsulteeStatus::Replied => "replied",
            ConsulteeStatus::NoReply => "no_reply",
            ConsulteeStatus::NotRequired => "not_required",
        }
    }
}

/// What an agency's reply says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReplyPosition {
    Agrees,
    AgreesWithComments,
    Disagrees,
}

impl ReplyPosition {
    pub const ALL: [ReplyPosition; 3] = [
        ReplyPosition::Agrees,
        ReplyPosition::AgreesWithComments,
        ReplyPosition::Disagrees,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ReplyPosition::Agrees => "agrees",
            ReplyPosition::AgreesWithComments => "agrees_with_comments",
            ReplyPosition::Disagrees => "disagrees",
        }
    }

    pub fn parse(s: &str) -> Option<ReplyPosition> {
        ReplyPosition::ALL.into_iter().find(|x| x.as_str() == s)
    }

    /// Comments and a disagreement need their text; a plain agreement may stand alone.
    pub fn needs_text(self) -> bool {
        self != ReplyPosition::Agrees
    }
}

/// A consultee as its status reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConsulteeRecord {
    /// False for a body listed but not required to reply.
    pub required: bool,
    /// The current cycle: 0 before it is first consulted, 1 after, 2 after a reconsultation …
    pub cycle: u32,
    /// The day the current cycle was sent.
    pub consulted_on: Option<NaiveDate>,
    /// The current cycle's deadline (extensions included).
    pub deadline: Option<NaiveDate>,
    /// The first reply to the current cycle, if any.
    pub replied_on: Option<NaiveDate>,
}

impl ConsulteeRecord {
    /// Its status on `day`.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use plantrack_domain::consultation::{ConsulteeRecord, ConsulteeStatus};
    /// let d = |day| NaiveDate::from_ymd_opt(2026, 3, day).unwrap();
    /// let c = ConsulteeRecord { required: true, cycle: 1, consulted_on: Some(d(1)), deadline: Some(d(16)), replied_on: None };
    /// assert_eq!(c.status_on(d(16)), ConsulteeStatus::AwaitingReply);
    /// assert_eq!(c.status_on(d(17)), ConsulteeStatus::NoReply);
    /// ```
    pub fn status_on(&self, day: NaiveDate) -> ConsulteeStatus {
        if !self.required {
            return ConsulteeStatus::NotRequired;
        }
        let Some(consulted) = self.consulted_on.filter(|on| *on <= day && self.cycle > 0) else {
            return ConsulteeStatus::NotConsulted;
        };
        if self
            .replied_on
            .is_some_and(|on| on <= day && on >= consulted)
        {
            return ConsulteeStatus::Replied;
        }
        match self.deadline {
            Some(deadline) if day > deadline => ConsulteeStatus::NoReply,
            _ => ConsulteeStatus::AwaitingReply,
        }
    }

    /// Whether its silence counts as agreement on `day`: only past the deadline, and only
    /// where the province's rule says so (it is off unless set).
    pub fn silence_agrees(&self, day: NaiveDate, silence_is_agreement: bool) -> bool {
        silence_is_agreement && self.status_on(day) == ConsulteeStatus::NoReply
    }

    /// Checks a reply dated `on` (today being `today`): to a consultee consulted and required,
    /// between the consultation and today. A late reply is still a reply.
    pub fn check_reply(&self, on: NaiveDate, today: NaiveDate) -> Result<(), DomainError> {
        if !self.required {
            return refuse(ConsultationProblem::ConsulteeNotRequired);
        }
        let Some(consulted) = self.consulted_on.filter(|_| self.cycle > 0) else {
            return refuse(ConsultationProblem::ConsulteeNotConsulted);
        };
        if on < consulted || on > today {
            return refuse(ConsultationProblem::ReplyOutsideSpan { consulted });
        }
        Ok(())
    }

    /// Checks an extension to `to`: later than the current deadline, before a reply.
    pub fn check_extension(&self, to: NaiveDate) -> Result<(), DomainError> {
        let Some(deadline) = self.deadline.filter(|_| self.cycle > 0) else {
            return refuse(ConsultationProblem::ConsulteeNotConsulted);
        };
        if self.replied_on.is_some() {
            return refuse(ConsultationProblem::AlreadyReplied);
        }
        if to <= deadline {
            return refuse(ConsultationProblem::ExtensionNotLater { deadline });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, 1).unwrap() + chrono::Days::new(u64::from(day) - 1)
    }

    fn consulted(on: u32, deadline: u32) -> ConsulteeRecord {
        ConsulteeRecord {
            required: true,
            cycle: 1,
            consulted_on: Some(d(on)),
            deadline: Some(d(deadline)),
            replied_on: None,
        }
    }

    #[test]
    fn status_follows_the_dates_and_the_replies() {
        use ConsulteeStatus::*;
        let not_yet = ConsulteeRecord {
            cycle: 0,
            consulted_on: None,
            deadline: None,
            ..consulted(1, 16)
        };
        assert_eq!(not_yet.status_on(d(5)), NotConsulted);
        let c = consulted(3, 18);
        assert_eq!(c.status_on(d(2)), NotConsulted, "sent later");
        assert_eq!(c.status_on(d(10)), AwaitingReply);
        assert_eq!(c.status_on(d(19)), NoReply);
        let replied = ConsulteeRecord {
            replied_on: Some(d(12)),
            ..c
        };
        assert_eq!(replied.status_on(d(11)), AwaitingReply);
        assert_eq!(replied.status_on(d(30)), Replied);
        let optional = ConsulteeRecord {
            required: false,
            ..c
        };
        assert_eq!(optional.status_on(d(30)), NotRequired);
    }

    #[test]
    fn a_reconsultation_waits_for_a_new_reply() {
        // The reply of cycle 1 came on day 12; the plan was revised and sent again on day 20.
        let again = ConsulteeRecord {
            cycle: 2,
            consulted_on: Some(d(20)),
            deadline: Some(d(35)),
            replied_on: None,
            required: true,
        };
        assert_eq!(again.status_on(d(25)), ConsulteeStatus::AwaitingReply);
        assert_eq!(again.status_on(d(36)), ConsulteeStatus::NoReply);
    }

    #[test]
    fn silence_agrees_only_where_the_province_says_so() {
        let c = consulted(1, 16);
        assert!(!c.silence_agrees(d(20), false));
        assert!(c.silence_agrees(d(20), true));
        assert!(!c.silence_agrees(d(10), true), "not before the deadline");
    }

    #[test]
    fn replies_and_extensions_are_checked() {
        let c = consulted(3, 18);
        assert!(c.check_reply(d(3), d(30)).is_ok());
        assert!(c.check_reply(d(25), d(30)).is_ok(), "late, still a reply");
        assert!(c.check_reply(d(2), d(30)).is_err());
        assert!(c.check_reply(d(31), d(30)).is_err(), "in the future");
        assert_eq!(
            ConsulteeRecord {
                required: false,
                ..c
            }
            .check_reply(d(5), d(30)),
            Err(DomainError::Consultation(
                ConsultationProblem::ConsulteeNotRequired
            ))
        );
        assert!(c.check_extension(d(25)).is_ok());
        assert!(c.check_extension(d(18)).is_err());
        let replied = ConsulteeRecord {
            replied_on: Some(d(5)),
            ..c
        };
        assert!(replied.check_extension(d(25)).is_err());
        for p in ReplyPosition::ALL {
            assert_eq!(ReplyPosition::parse(p.as_str()), Some(p));
        }
    }

    proptest! {
        /// Once replied, always replied; once past the deadline unreplied, never awaiting again.
        #[test]
        fn status_moves_forward_only(on in 1u32..20, len in 15u32..30, reply in proptest::option::of(1u32..60), day in 1u32..80) {
            let c = ConsulteeRecord { replied_on: reply.map(d), ..consulted(on, on + len) };
            let today = c.status_on(d(day));
            let tomorrow = c.status_on(d(day + 1));
            if today == ConsulteeStatus::Replied {
                prop_assert_eq!(tomorrow, ConsulteeStatus::Replied);
            }
            if today == ConsulteeStatus::NoReply {
                prop_assert_ne!(tomorrow, ConsulteeStatus::AwaitingReply);
            }
        }
    }
}
