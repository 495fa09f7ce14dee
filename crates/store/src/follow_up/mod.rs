//! The follow-up record (issue 13): meetings, conclusions, directives, their tasks and the
//! blockers of dossiers, as stored. The use cases that change them are in
//! `planning::follow_up`; every change there writes its rows and one event of the province's
//! follow-up chain ([`events`]) in one transaction.

mod agenda;
mod digests;
pub mod events;
pub mod requests;
mod rows;
mod status_calls;

pub use agenda::{AgendaItem, MeetingAgenda, NewAgendaItem, Participant, Settlement};
pub use status_calls::{NewStatusCall, StatusCall, StatusCallSheet, StatusReply};

use chrono::{DateTime, NaiveDate, Utc};
use plantrack_domain::follow_up::{
    Addressees, BlockerCategory, DueRule, MeetingKind, MeetingState, Recurrence, TaskResolution,
    TaskStatus,
};
use plantrack_domain::plan::PlanType;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

pub use requests::{
    DelayExplanation, DepartmentTurnaround, InformationAnswer, InformationRequest,
    NewInformationRequest, RequestQuery, Withdrawal,
};
pub(crate) use rows::*;

/// A review meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Meeting {
    pub id: i64,
    pub province_code: String,
    pub title: String,
    pub held_on: NaiveDate,
    /// "09:00", Vietnam time; empty when not set.
    pub starts_at: String,
    pub kind: MeetingKind,
    pub venue: String,
    pub chair: String,
    /// The campaign: the plan type whose communes "all communes" means.
    pub plan_type: PlanType,
    /// Units connected online.
    pub connected_units: i64,
    pub state: MeetingState,
    /// The instant its progress report is read "as known at": when it started.
    pub report_known_at: Option<DateTime<Utc>>,
    /// How it recurs: the next meeting of the series is prepared when this one closes.
    pub recurrence: Option<Recurrence>,
}

/// A meeting to hold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct NewMeeting {
    /// The province; the caller's own when absent.
    #[serde(default)]
    pub province: Option<String>,
    pub title: String,
    pub held_on: NaiveDate,
    #[serde(default)]
    pub starts_at: String,
    pub kind: MeetingKind,
    #[serde(default)]
    pub venue: String,
    #[serde(default)]
    pub chair: String,
    pub plan_type: PlanType,
    #[serde(default)]
    #[schema(minimum = 0, maximum = 10_000)]
    pub connected_units: i64,
}

/// A conclusion of a meeting; after the meeting closed, a correction amends one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Conclusion {
    pub id: i64,
    pub meeting_id: i64,
    pub position: i64,
    pub text: String,
    pub amends_id: Option<i64>,
    pub amended_on: Option<NaiveDate>,
}

/// A directive: what a conclusion asks of whom, by when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Directive {
    pub id: i64,
    pub meeting_id: i64,
    pub conclusion_id: Option<i64>,
    pub province_code: String,
    pub text: String,
    pub issuer: String,
    /// The notice that carries it: "Thông báo số 412/TB-UBND".
    pub notice_number: String,
    pub notice_date: Option<NaiveDate>,
    /// The due date as said (`this_week`, `quarter:2026-Q1`, …).
    #[schema(value_type = String)]
    pub due_rule: DueRule,
    pub due_on: NaiveDate,
    pub addressees: Addressees,
    /// A commune's task is done by itself on the day its dossier leaves this stage.
    pub done_when_left: Option<String>,
    pub issued_on: NaiveDate,
}

/// A directive to give.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct NewDirective {
    #[schema(minimum = 1, maximum = 4_294_967_295_i64)]
    pub meeting_id: i64,
    #[serde(default)]
    #[schema(minimum = 1, maximum = 4_294_967_295_i64)]
    pub conclusion_id: Option<i64>,
    pub text: String,
    /// The issuing authority; the meeting's chair when absent.
    #[serde(default)]
    pub issuer: Option<String>,
    #[serde(default)]
    pub notice_number: String,
    #[serde(default)]
    pub notice_date: Option<NaiveDate>,
    /// As people say it: "2025-11-28", "this week", "within 5 working days", "Q1 2026",
    /// "end of month".
    pub due: String,
    pub addressees: Addressees,
    #[serde(default)]
    pub done_when_left: Option<String>,
}

/// One addressee's task, as of a day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Task {
    pub id: i64,
    /// The directive's id.
    pub directive: i64,
    pub directive_text: String,
    /// The organisation it is addressed to.
    pub assignee: String,
    pub assignee_id: i64,
    /// The commune's unit, when the assignee is a commune.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit_code: Option<String>,
    pub due_on: NaiveDate,
    /// On the day asked: open, done, late or cancelled.
    pub status: TaskStatus,
    pub resolution: TaskResolution,
    pub resolved_on: Option<NaiveDate>,
    /// Done by its dossier leaving the directive's stage, not by a report.
    pub done_by_dossier: bool,
    pub evidence: String,
    pub explanation: String,
    /// Working days past due (0 unless late).
    pub working_days_late: i64,
    /// Late long enough to be on leadership's list.
    pub escalated: bool,
    pub version: i64,
}

/// Which tasks to list; the policy narrows them to what the caller reads.
#[derive(Debug, Clone, Default)]
pub struct TaskQuery {
    /// The province; the caller's own when absent.
    pub province: Option<String>,
    /// The day to report on; today when absent.
    pub as_of: Option<NaiveDate>,
    /// Only tasks late on that day.
    pub overdue: bool,
    pub unit: Option<String>,
    pub directive: Option<i64>,
    pub assignee: Option<i64>,
}

/// A report on a task.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct TaskUpdate {
    pub resolution: TaskResolution,
    /// The day it took effect; today when absent.
    #[serde(default)]
    pub on: Option<NaiveDate>,
    /// What shows it was done (a document's number, a link to an attached file).
    #[serde(default)]
    pub evidence: String,
    /// Why it is late, or why it was cancelled.
    #[serde(default)]
    pub explanation: String,
    /// The version the caller read, to refuse a change made meanwhile.
    #[serde(default)]
    #[schema(minimum = 1, maximum = 4_294_967_295_i64)]
    pub expected_version: Option<i64>,
}

/// What holds a dossier back. Named `DossierBlocker` in the API document: the workflow's
/// `Blocker` (why a move cannot be made) is another schema.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[schema(as = DossierBlocker)]
pub struct Blocker {
    pub id: i64,
    pub dossier_id: i64,
    pub category: BlockerCategory,
    /// The organisation that can lift it.
    pub organisation_id: Option<i64>,
    pub organisation: Option<String>,
    pub since_on: NaiveDate,
    pub note: String,
    pub lifted_on: Option<NaiveDate>,
}

/// A blocker to record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct NewBlocker {
    pub category: BlockerCategory,
    #[serde(default)]
    #[schema(minimum = 1, maximum = 4_294_967_295_i64)]
    pub organisation_id: Option<i64>,
    /// Since when; today when absent.
    #[serde(default)]
    pub since_on: Option<NaiveDate>,
    pub note: String,
}
