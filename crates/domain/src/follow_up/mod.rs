//! The province's follow-up loop: review meetings, the directives their conclusions give with
//! due dates as people say them, one task per addressee, and what holds each dossier back.
//!
//! - [`due`]: "this week", "within 5 working days", "Q1 2026" … resolved on the calendar.
//! - [`meeting`]: a meeting's states and kinds.
//! - [`agenda`]: its agenda items, carried to the next meeting, and who took part.
//! - [`recurrence`]: a review meeting that recurs until the campaign ends.
//! - [`task`]: a task's status on a day, lateness and escalation.
//! - [`assignees`]: addressee groups expanded to organisations.
//! - [`blocker`]: the categories of what holds a dossier back.
//! - [`status_call`]: the communes' answers to the call for their status before a meeting.
//! - [`request`]: sectoral information requests to departments, their lateness and turnaround.

pub mod agenda;
pub mod assignees;
pub mod blocker;
pub mod digest;
pub mod due;
pub mod meeting;
pub mod problem;
pub mod recurrence;
pub mod request;
pub mod status_call;
pub mod task;

pub use agenda::AgendaState;
pub use assignees::{Addressees, expand};
pub use blocker::BlockerCategory;
pub use digest::{Digest, DigestSection, DigestTask, ItemKind, SectionKind};
pub use due::DueRule;
pub use meeting::{MeetingKind, MeetingState};
pub use problem::FollowUpProblem;
pub use recurrence::Recurrence;
pub use request::{InformationTopic, RequestRecord, RequestState, Turnaround};
pub use status_call::{ReplyState, StageCheck, StatusReport};
pub use task::{TaskRecord, TaskResolution, TaskStatus};
