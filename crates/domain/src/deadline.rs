//! A due date's status on a given day: what the dashboard colours and the overdue list sorts.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Days before a due date from which a stage counts as "due soon", unless configured.
pub const DEFAULT_DUE_SOON_DAYS: i64 = 7;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DeadlineStatus {
    /// The stage has no time limit, or the dossier is on hold or complete.
    NoDeadline,
    OnTime,
    DueSoon,
    Overdue,
}

impl DeadlineStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::NoDeadline => "no_deadline",
            Self::OnTime => "on_time",
            Self::DueSoon => "due_soon",
            Self::Overdue => "overdue",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct DeadlineInfo {
    pub status: DeadlineStatus,
    /// Calendar days past the due date (0 unless overdue).
    pub days_late: i64,
    /// Calendar days left until the due date (0 when due today or late).
    pub days_left: i64,
}

/// Assesses `due_on` on day `today`. A stage is due soon from `due_soon_days` before its due
/// date, inclusive, and overdue from the day after.
pub fn assess(due_on: Option<NaiveDate>, today: NaiveDate, due_soon_days: i64) -> DeadlineInfo {
    let Some(due) = due_on else {
        return DeadlineInfo {
            status: DeadlineStatus::NoDeadline,
            days_late: 0,
            days_left: 0,
        };
    };
    let left = (due - today).num_days();
    let status = if left < 0 {
        DeadlineStatus::Overdue
    } else if left <= due_soon_days {
        DeadlineStatus::DueSoon
    } else {
        DeadlineStatus::OnTime
    };
    DeadlineInfo {
        status,
        days_late: (-left).max(0),
        days_left: left.max(0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn statuses_around_the_due_date() {
        let due = Some(d("2025-12-15"));
        assert_eq!(
            assess(due, d("2025-12-01"), 7).status,
            DeadlineStatus::OnTime
        );
        assert_eq!(
            assess(due, d("2025-12-08"), 7).status,
            DeadlineStatus::DueSoon
        );
        assert_eq!(
            assess(due, d("2025-12-15"), 7).status,
            DeadlineStatus::DueSoon
        );
        let late = assess(due, d("2025-12-18"), 7);
        assert_eq!((late.status, late.days_late), (DeadlineStatus::Overdue, 3));
        assert_eq!(
            assess(None, d("2025-12-18"), 7).status,
            DeadlineStatus::NoDeadline
        );
    }
}
