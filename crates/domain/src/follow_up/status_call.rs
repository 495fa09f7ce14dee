//! The status call before a review meeting: the Department of Construction asks every commune
//! of the campaign to confirm where its plan stands by a day — the stage it is at (checked
//! against the stage plantrack holds), what holds it back, when it expects its next step, and
//! a comment. The meeting then lists who answered, who did not, and whose answer disagrees
//! with the record.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{BlockerCategory, FollowUpProblem};

/// A commune's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct StatusReport {
    /// The stage the commune says its dossier is at (a stage key of its template).
    pub stage: String,
    /// When it expects its next step, if it can say.
    #[serde(default)]
    pub next_step_on: Option<NaiveDate>,
    /// What holds it back, if anything.
    #[serde(default)]
    pub blocker: Option<BlockerCategory>,
    #[serde(default)]
    pub comment: String,
}

/// How an answer's stage compares with the record's on the day it was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum StageCheck {
    Matches,
    /// The commune says another stage than plantrack holds: one of the two is behind.
    Differs,
    /// plantrack holds no dossier of the campaign for the commune.
    NoDossier,
}

impl StageCheck {
    pub fn of(reported: &str, recorded: Option<&str>) -> StageCheck {
        match recorded {
            None => StageCheck::NoDossier,
            Some(r) if r == reported => StageCheck::Matches,
            Some(_) => StageCheck::Differs,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            StageCheck::Matches => "matches",
            StageCheck::Differs => "differs",
            StageCheck::NoDossier => "no_dossier",
        }
    }
}

/// Where one commune's answer stands on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReplyState {
    Answered,
    /// Answered after the day asked.
    AnsweredLate,
    /// Not answered yet, and not yet due.
    Awaited,
    /// Not answered by the day asked.
    Missing,
}

impl ReplyState {
    pub fn of(due_on: NaiveDate, answered_on: Option<NaiveDate>, today: NaiveDate) -> ReplyState {
        match answered_on {
            Some(a) if a <= due_on => ReplyState::Answered,
            Some(_) => ReplyState::AnsweredLate,
            None if today <= due_on => ReplyState::Awaited,
            None => ReplyState::Missing,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ReplyState::Answered => "answered",
            ReplyState::AnsweredLate => "answered_late",
            ReplyState::Awaited => "awaited",
            ReplyState::Missing => "missing",
        }
    }
}

/// A call is answered by a day on or after the day it is sent.
pub fn check_call(asked_on: NaiveDate, due_on: NaiveDate) -> Result<(), FollowUpProblem> {
    if due_on < asked_on {
        return Err(FollowUpProblem::StatusDueBeforeAsked {
            due: due_on,
            asked: asked_on,
        });
    }
    Ok(())
}

/// An answer's next step is not in the past of the day it is given.
pub fn check_report(report: &StatusReport, answered_on: NaiveDate) -> Result<(), FollowUpProblem> {
    match report.next_step_on {
        Some(day) if day < answered_on => Err(FollowUpProblem::NextStepInPast { day }),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().expect("a date")
    }

    #[test]
    fn a_stage_said_is_checked_against_the_record() {
        assert_eq!(
            StageCheck::of("task_preparation", Some("task_preparation")),
            StageCheck::Matches
        );
        assert_eq!(
            StageCheck::of("task_consultation", Some("task_preparation")),
            StageCheck::Differs
        );
        assert_eq!(
            StageCheck::of("task_preparation", None),
            StageCheck::NoDossier
        );
    }

    #[test]
    fn a_call_is_due_on_or_after_it_is_sent() {
        assert!(check_call(d("2025-11-18"), d("2025-11-21")).is_ok());
        assert!(check_call(d("2025-11-18"), d("2025-11-18")).is_ok());
        assert_eq!(
            check_call(d("2025-11-18"), d("2025-11-17")),
            Err(FollowUpProblem::StatusDueBeforeAsked {
                due: d("2025-11-17"),
                asked: d("2025-11-18")
            })
        );
    }

    #[test]
    fn a_next_step_is_not_in_the_past() {
        let mut r = StatusReport {
            stage: "task_preparation".into(),
            next_step_on: Some(d("2025-11-20")),
            blocker: None,
            comment: String::new(),
        };
        assert!(check_report(&r, d("2025-11-20")).is_ok());
        assert_eq!(
            check_report(&r, d("2025-11-21")),
            Err(FollowUpProblem::NextStepInPast {
                day: d("2025-11-20")
            })
        );
        r.next_step_on = None;
        assert!(check_report(&r, d("2025-11-21")).is_ok());
    }

    proptest! {
        /// Exactly one state, and it follows the days: answered by the due day is on time,
        /// after is late, none is awaited until the due day passes.
        #[test]
        fn reply_states_follow_the_days(due in 0i64..60, answered in proptest::option::of(0i64..60), today in 0i64..60) {
            let base = d("2025-11-01");
            let day = |n: i64| base + chrono::Days::new(u64::try_from(n).unwrap_or(0));
            let state = ReplyState::of(day(due), answered.map(day), day(today));
            let expected = match answered {
                Some(a) if a <= due => ReplyState::Answered,
                Some(_) => ReplyState::AnsweredLate,
                None if today <= due => ReplyState::Awaited,
                None => ReplyState::Missing,
            };
            prop_assert_eq!(state, expected);
        }
    }
}
