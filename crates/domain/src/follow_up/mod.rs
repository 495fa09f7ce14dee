//! The province's follow-up loop: review meetings, the directives their conclusions give with
//! due dates as people say them, one task per addressee, and what holds each dossier back.
//!
//! - [`due`]: "this week", "within 5 working days", "Q1 2026" … resolved on the calendar.
//! - [`meeting`]: a meeting's states and kinds.
//! - [`task`]: a task's status on a day, lateness and escalation.
//! - [`assignees`]: addressee groups expanded to organisations.
//! - [`blocker`]: the categories of what holds a dossier back.

pub mod assignees;
pub mod blocker;
pub mod digest;
pub mod due;
pub mod meeting;
pub mod problem;
pub mod task;

pub use assignees::{Addressees, expand};
pub use blocker::BlockerCategory;
pub use digest::{Digest, DigestSection, DigestTask, SectionKind};
pub use due::DueRule;
pub use meeting::{MeetingKind, MeetingState};
pub use problem::FollowUpProblem;
pub use task::{TaskRecord, TaskResolution, TaskStatus};
