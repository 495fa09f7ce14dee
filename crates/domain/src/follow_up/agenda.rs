//! A meeting's agenda and who took part: items prepared before the meeting (a presenter, a
//! planned duration, the unit or dossier they are about), settled while it is held — done, or
//! carried to the next meeting of the series, where an open item reappears by itself — and the
//! organisations invited, marked present or absent while it is held; the minutes are written
//! while it is held and frozen when it closes, as its conclusions are.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{FollowUpProblem, MeetingState};

/// Where an agenda item stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AgendaState {
    /// Not yet dealt with.
    Open,
    Done,
    /// Not finished: taken up again at the next meeting of the series.
    Carried,
}

impl AgendaState {
    pub const ALL: [AgendaState; 3] = [AgendaState::Open, AgendaState::Done, AgendaState::Carried];

    pub fn as_str(self) -> &'static str {
        match self {
            AgendaState::Open => "open",
            AgendaState::Done => "done",
            AgendaState::Carried => "carried",
        }
    }

    pub fn parse(s: &str) -> Option<AgendaState> {
        AgendaState::ALL.into_iter().find(|a| a.as_str() == s)
    }

    /// Whether the item goes on the next meeting's agenda: all but those done.
    pub fn carries_over(self) -> bool {
        self != AgendaState::Done
    }
}

/// Items are added and invitations sent until the meeting closes.
pub fn check_agenda_open(state: MeetingState) -> Result<(), FollowUpProblem> {
    if state == MeetingState::Closed {
        Err(FollowUpProblem::AgendaClosed)
    } else {
        Ok(())
    }
}

/// Attendance is marked, items settled and minutes written while the meeting is held.
pub fn check_being_held(state: MeetingState) -> Result<(), FollowUpProblem> {
    if state == MeetingState::InProgress {
        Ok(())
    } else {
        Err(FollowUpProblem::NotBeingHeld { state })
    }
}

/// The next meeting of a series follows the one before it.
pub fn check_next_meeting(
    previous: chrono::NaiveDate,
    next: chrono::NaiveDate,
) -> Result<(), FollowUpProblem> {
    if next > previous {
        Ok(())
    } else {
        Err(FollowUpProblem::NextMeetingNotAfter { previous })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_items_not_done_carry_over() {
        assert!(AgendaState::Open.carries_over());
        assert!(AgendaState::Carried.carries_over());
        assert!(!AgendaState::Done.carries_over());
        for s in AgendaState::ALL {
            assert_eq!(AgendaState::parse(s.as_str()), Some(s));
        }
    }

    #[test]
    fn the_agenda_closes_with_the_meeting_and_is_settled_only_while_held() {
        for s in MeetingState::ALL {
            assert_eq!(check_agenda_open(s).is_ok(), s != MeetingState::Closed);
            assert_eq!(check_being_held(s).is_ok(), s == MeetingState::InProgress);
        }
    }

    #[test]
    fn the_next_meeting_comes_after() {
        let d = |s: &str| s.parse::<chrono::NaiveDate>().expect("a date");
        assert!(check_next_meeting(d("2025-11-25"), d("2025-12-09")).is_ok());
        assert!(check_next_meeting(d("2025-11-25"), d("2025-11-25")).is_err());
    }
}
