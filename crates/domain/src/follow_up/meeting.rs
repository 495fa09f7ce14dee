//! A review meeting's life: draft (nobody is told), scheduled, in progress (conclusions are
//! written), closed (conclusions frozen; a correction is a dated amendment). The same four
//! states as OpenProject's meetings, with the freeze that a province's minutes need.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::DomainError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MeetingState {
    /// Being prepared; invitations are not sent.
    Draft,
    /// Announced to the participants.
    Scheduled,
    /// Being held: attendance is marked, conclusions written.
    InProgress,
    /// Over: conclusions are frozen.
    Closed,
}

impl MeetingState {
    pub const ALL: [MeetingState; 4] = [
        MeetingState::Draft,
        MeetingState::Scheduled,
        MeetingState::InProgress,
        MeetingState::Closed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            MeetingState::Draft => "draft",
            MeetingState::Scheduled => "scheduled",
            MeetingState::InProgress => "in_progress",
            MeetingState::Closed => "closed",
        }
    }

    pub fn parse(s: &str) -> Option<MeetingState> {
        MeetingState::ALL.into_iter().find(|m| m.as_str() == s)
    }

    /// Whether a meeting may go from `self` to `to`. A scheduled meeting may go back to draft
    /// (postponed before anyone met); a closed one never reopens: what it concluded is on the
    /// record, and a correction is an amendment.
    pub fn may_become(self, to: MeetingState) -> bool {
        use MeetingState::{Closed, Draft, InProgress, Scheduled};
        matches!(
            (self, to),
            (Draft, Scheduled) | (Scheduled, Draft | InProgress) | (InProgress, Closed)
        )
    }

    /// Checks a change of state.
    pub fn check_change(self, to: MeetingState) -> Result<(), DomainError> {
        if self.may_become(to) {
            Ok(())
        } else {
            Err(DomainError::FollowUp(
                super::FollowUpProblem::MeetingCannotBecome { from: self, to },
            ))
        }
    }

    /// Whether conclusions may be written or changed in place.
    pub fn conclusions_open(self) -> bool {
        self == MeetingState::InProgress
    }

    /// Whether attendance may be marked: during the meeting, or while closing its minutes
    /// the same day is not modelled; only while in progress.
    pub fn attendance_open(self) -> bool {
        self == MeetingState::InProgress
    }
}

/// How the meeting is held.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MeetingKind {
    InPerson,
    Online,
    /// In a room, with units connected online (the seed's meeting connected 34 communes).
    Hybrid,
}

impl MeetingKind {
    pub const ALL: [MeetingKind; 3] = [
        MeetingKind::InPerson,
        MeetingKind::Online,
        MeetingKind::Hybrid,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            MeetingKind::InPerson => "in_person",
            MeetingKind::Online => "online",
            MeetingKind::Hybrid => "hybrid",
        }
    }

    pub fn parse(s: &str) -> Option<MeetingKind> {
        MeetingKind::ALL.into_iter().find(|m| m.as_str() == s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_meeting_runs_forward_and_never_reopens() {
        use MeetingState::{Closed, Draft, InProgress, Scheduled};
        let allowed: Vec<_> = MeetingState::ALL
            .into_iter()
            .flat_map(|a| MeetingState::ALL.into_iter().map(move |b| (a, b)))
            .filter(|(a, b)| a.may_become(*b))
            .collect();
        assert_eq!(
            allowed,
            [
                (Draft, Scheduled),
                (Scheduled, Draft),
                (Scheduled, InProgress),
                (InProgress, Closed)
            ]
        );
        assert!(Closed.check_change(InProgress).is_err());
        assert!(InProgress.conclusions_open());
        assert!(!Closed.conclusions_open());
        for s in MeetingState::ALL {
            assert_eq!(MeetingState::parse(s.as_str()), Some(s));
        }
    }
}
