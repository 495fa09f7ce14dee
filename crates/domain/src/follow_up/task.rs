//! A directive's task for one assignee: its status on a day, and when it escalates to
//! leadership. "Late" is not stored: it is what an open task is after its due date, so a
//! report as of any day says what was late on that day.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::DomainError;
use crate::calendar::WorkingCalendar;

/// Working days late after which a task shows on leadership's list, unless configured.
pub const DEFAULT_ESCALATE_AFTER_WORKING_DAYS: u32 = 3;

/// What was recorded of a task: open until someone (or a dossier event) closes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum TaskResolution {
    Open,
    Done,
    Cancelled,
}

impl TaskResolution {
    pub const ALL: [TaskResolution; 3] = [
        TaskResolution::Open,
        TaskResolution::Done,
        TaskResolution::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            TaskResolution::Open => "open",
            TaskResolution::Done => "done",
            TaskResolution::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<TaskResolution> {
        TaskResolution::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// Whether a task may be changed from `self` to `to` by its assignee or the issuer: an open
    /// task is done or cancelled; a done one may be reopened (the evidence was not enough); a
    /// cancelled one stays cancelled.
    pub fn check_change(self, to: TaskResolution) -> Result<(), DomainError> {
        use TaskResolution::{Cancelled, Done, Open};
        if matches!((self, to), (Open, Done | Cancelled) | (Done, Open)) {
            Ok(())
        } else {
            Err(DomainError::FollowUp(
                super::FollowUpProblem::TaskCannotBecome { from: self, to },
            ))
        }
    }
}

/// A task's status on a day, as the tracker shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum TaskStatus {
    Open,
    Done,
    Late,
    Cancelled,
}

impl TaskStatus {
    pub const ALL: [TaskStatus; 4] = [
        TaskStatus::Open,
        TaskStatus::Done,
        TaskStatus::Late,
        TaskStatus::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            TaskStatus::Open => "open",
            TaskStatus::Done => "done",
            TaskStatus::Late => "late",
            TaskStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<TaskStatus> {
        TaskStatus::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

/// A task's record as of a day: how it stood then, and when it was closed if it was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TaskRecord {
    pub due_on: NaiveDate,
    pub resolution: TaskResolution,
    /// The day it was done or cancelled (on the time axis of what happened).
    pub resolved_on: Option<NaiveDate>,
}

impl TaskRecord {
    /// Its status on `today`: an open task is late from the day after its due date.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use plantrack_domain::follow_up::{TaskRecord, TaskResolution, TaskStatus};
    /// let due = NaiveDate::from_ymd_opt(2025, 11, 28).unwrap();
    /// let task = TaskRecord { due_on: due, resolution: TaskResolution::Open, resolved_on: None };
    /// assert_eq!(task.status_on(due), TaskStatus::Open);
    /// assert_eq!(task.status_on(due.succ_opt().unwrap()), TaskStatus::Late);
    /// ```
    pub fn status_on(&self, today: NaiveDate) -> TaskStatus {
        match self.resolution {
            TaskResolution::Done => TaskStatus::Done,
            TaskResolution::Cancelled => TaskStatus::Cancelled,
            TaskResolution::Open if today > self.due_on => TaskStatus::Late,
            TaskResolution::Open => TaskStatus::Open,
        }
    }

    /// Whether it was done after its due date (what "met" and "missed" count).
    pub fn done_late(&self) -> bool {
        self.resolution == TaskResolution::Done && self.resolved_on.is_some_and(|d| d > self.due_on)
    }

    /// Working days past due on `today` (0 unless late).
    pub fn working_days_late(&self, today: NaiveDate, calendar: &impl WorkingCalendar) -> i64 {
        if self.status_on(today) == TaskStatus::Late {
            calendar.working_days_between(self.due_on, today)
        } else {
            0
        }
    }

    /// Whether it is on leadership's list on `today`: open and more than `after` working days
    /// late.
    pub fn escalated(&self, today: NaiveDate, after: u32, calendar: &impl WorkingCalendar) -> bool {
        self.working_days_late(today, calendar) > i64::from(after)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::VietnamCalendar;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn open(due: NaiveDate) -> TaskRecord {
        TaskRecord {
            due_on: due,
            resolution: TaskResolution::Open,
            resolved_on: None,
        }
    }

    #[test]
    fn an_open_task_is_late_after_its_due_date_and_escalates_in_working_days() {
        let cal = VietnamCalendar::new();
        let task = open(d(2025, 11, 28)); // a Friday
        assert_eq!(task.status_on(d(2025, 11, 28)), TaskStatus::Open);
        assert_eq!(task.status_on(d(2025, 11, 29)), TaskStatus::Late);
        // Saturday and Sunday do not count: Monday 1/12 is 1 working day late.
        assert_eq!(task.working_days_late(d(2025, 11, 30), &cal), 0);
        assert_eq!(task.working_days_late(d(2025, 12, 1), &cal), 1);
        assert!(!task.escalated(d(2025, 12, 3), 3, &cal));
        assert!(task.escalated(d(2025, 12, 4), 3, &cal));
    }

    #[test]
    fn done_and_cancelled_tasks_are_never_late() {
        let cal = VietnamCalendar::new();
        let done = TaskRecord {
            due_on: d(2025, 11, 28),
            resolution: TaskResolution::Done,
            resolved_on: Some(d(2025, 12, 5)),
        };
        assert_eq!(done.status_on(d(2026, 1, 1)), TaskStatus::Done);
        assert!(done.done_late());
        assert!(!done.escalated(d(2026, 1, 1), 0, &cal));
        assert!(
            TaskResolution::Cancelled
                .check_change(TaskResolution::Open)
                .is_err()
        );
        assert!(
            TaskResolution::Done
                .check_change(TaskResolution::Open)
                .is_ok()
        );
        assert!(
            TaskResolution::Open
                .check_change(TaskResolution::Open)
                .is_err()
        );
    }
}
