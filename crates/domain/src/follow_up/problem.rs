//! Why the follow-up refuses something: each reason has its own sentence in every language
//! (`follow-up-problem-…` in the Fluent files), so an official reads what to change.

use chrono::NaiveDate;

use super::{MeetingState, RequestState, TaskResolution};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FollowUpProblem {
    /// The words of a due date mean nothing plantrack knows.
    DueUnreadable {
        said: String,
    },
    DueBeforeMeeting {
        due: NaiveDate,
        meeting: NaiveDate,
    },
    DueOutOfBounds {
        due: NaiveDate,
    },
    /// "within 0 days", "within 900 days".
    DueCountOutOfRange {
        max: u32,
    },
    NoSuchMonth {
        month: u32,
        year: i32,
    },
    AssigneeOutsideProvince {
        name: String,
    },
    UnknownOrganisation {
        id: i64,
    },
    NoAddressee,
    /// A stage named that the campaign's plans do not have.
    UnknownStage {
        stage: String,
    },
    /// A meeting cannot go from one state to the other.
    MeetingCannotBecome {
        from: MeetingState,
        to: MeetingState,
    },
    /// Conclusions are written while the meeting is held.
    ConclusionsClosed {
        state: MeetingState,
    },
    /// After the meeting, a conclusion is corrected by an amendment naming it.
    AmendOnly,
    /// Directives come from a meeting held.
    NotHeldYet {
        state: MeetingState,
    },
    TaskCannotBecome {
        from: TaskResolution,
        to: TaskResolution,
    },
    CancelWithoutReason,
    ReportedInFuture,
    BlockerInFuture,
    /// A blocker is lifted between its first day and today.
    LiftOutsideSpan {
        since: NaiveDate,
    },
    AlreadyLifted,
    /// A status call answered before it is sent.
    StatusDueBeforeAsked {
        due: NaiveDate,
        asked: NaiveDate,
    },
    /// A status answer's next step dated before the answer.
    NextStepInPast {
        day: NaiveDate,
    },
    /// A status call not addressed to the organisation answering.
    NotAskedOfYou,
    /// A closed meeting's agenda and invitations do not change.
    AgendaClosed,
    /// Attendance, items' outcomes and minutes are written while the meeting is held.
    NotBeingHeld {
        state: MeetingState,
    },
    NextMeetingNotAfter {
        previous: NaiveDate,
    },
    /// A series recurs every week at most often, every quarter at least.
    RecurrenceIntervalOutOfRange {
        min: u16,
        max: u16,
    },
    /// A series ends after the meeting and within two years of it.
    RecurrenceUntilOutOfRange {
        after: NaiveDate,
        last: NaiveDate,
    },
    /// An organisation marked present or absent that was not invited.
    NotInvited,
    /// An information request's due date before the day it was asked.
    DueBeforeAsked {
        due: NaiveDate,
        asked: NaiveDate,
    },
    /// An information request is addressed to a department; this organisation is not one.
    AddresseeNotDepartment {
        name: String,
    },
    /// A department of another province.
    DepartmentOutsideProvince {
        name: String,
    },
    /// Only the department a request is addressed to answers it or explains its delay.
    RequestNotAddressedToCaller {
        department: String,
    },
    /// The request was answered or withdrawn: its record is closed.
    RequestClosed {
        state: RequestState,
    },
    /// An answer carries a document or a published layer version (or both).
    EmptyAnswer,
    /// A layer version that is not a published version of the department's own layers.
    LayerVersionNotTheDepartments {
        id: i64,
    },
    /// A request asked about no dossier.
    NoDossier,
    /// A request asks for nothing.
    NoTopic,
    /// A delay is explained with a new day after the old one, not before.
    ExpectedNotLater {
        due: NaiveDate,
    },
    /// An answer or a delay dated before the request or on a day still to come.
    RequestDayOutsideSpan {
        asked: NaiveDate,
    },
}

impl FollowUpProblem {
    /// Whether it refuses what the record's state forbids (HTTP 409) rather than bad input
    /// (HTTP 422).
    pub fn is_conflict(&self) -> bool {
        matches!(
            self,
            Self::MeetingCannotBecome { .. }
                | Self::ConclusionsClosed { .. }
                | Self::AmendOnly
                | Self::NotHeldYet { .. }
                | Self::TaskCannotBecome { .. }
                | Self::AlreadyLifted
                | Self::AgendaClosed
                | Self::NotBeingHeld { .. }
                | Self::RequestClosed { .. }
        )
    }

    /// The Fluent key of its sentence (`follow-up-problem-<key>`).
    pub fn key(&self) -> &'static str {
        match self {
            Self::DueUnreadable { .. } => "due-unreadable",
            Self::DueBeforeMeeting { .. } => "due-before-meeting",
            Self::DueOutOfBounds { .. } => "due-out-of-bounds",
            Self::DueCountOutOfRange { .. } => "due-count-out-of-range",
            Self::NoSuchMonth { .. } => "no-such-month",
            Self::AssigneeOutsideProvince { .. } => "assignee-outside-province",
            Self::UnknownOrganisation { .. } => "unknown-organisation",
            Self::NoAddressee => "no-addressee",
            Self::UnknownStage { .. } => "unknown-stage",
            Self::MeetingCannotBecome { .. } => "meeting-cannot-become",
            Self::ConclusionsClosed { .. } => "conclusions-closed",
            Self::AmendOnly => "amend-only",
            Self::NotHeldYet { .. } => "not-held-yet",
            Self::TaskCannotBecome { .. } => "task-cannot-become",
            Self::CancelWithoutReason => "cancel-without-reason",
            Self::ReportedInFuture => "reported-in-future",
            Self::BlockerInFuture => "blocker-in-future",
            Self::LiftOutsideSpan { .. } => "lift-outside-span",
            Self::AlreadyLifted => "already-lifted",
            Self::StatusDueBeforeAsked { .. } => "status-due-before-asked",
            Self::NextStepInPast { .. } => "next-step-in-past",
            Self::NotAskedOfYou => "not-asked-of-you",
            Self::AgendaClosed => "agenda-closed",
            Self::NotBeingHeld { .. } => "not-being-held",
            Self::NextMeetingNotAfter { .. } => "next-meeting-not-after",
            Self::RecurrenceIntervalOutOfRange { .. } => "recurrence-interval-out-of-range",
            Self::RecurrenceUntilOutOfRange { .. } => "recurrence-until-out-of-range",
            Self::NotInvited => "not-invited",
            Self::DueBeforeAsked { .. } => "due-before-asked",
            Self::AddresseeNotDepartment { .. } => "addressee-not-department",
            Self::DepartmentOutsideProvince { .. } => "department-outside-province",
            Self::RequestNotAddressedToCaller { .. } => "request-not-addressed-to-caller",
            Self::RequestClosed { .. } => "request-closed",
            Self::EmptyAnswer => "empty-answer",
            Self::LayerVersionNotTheDepartments { .. } => "layer-version-not-the-departments",
            Self::NoDossier => "no-dossier",
            Self::NoTopic => "no-topic",
            Self::ExpectedNotLater { .. } => "expected-not-later",
            Self::RequestDayOutsideSpan { .. } => "request-day-outside-span",
        }
    }
}

impl std::fmt::Display for FollowUpProblem {
    /// English, for the log; readers get the translated sentence.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::DueUnreadable { said } => {
                write!(f, "'{said}' is not a due date plantrack understands")
            }
            Self::DueBeforeMeeting { due, meeting } => {
                write!(f, "the due date {due} is before the meeting of {meeting}")
            }
            Self::DueOutOfBounds { due } => {
                write!(f, "the due date {due} is outside the days accepted")
            }
            Self::DueCountOutOfRange { max } => write!(f, "a number of days must be 1 to {max}"),
            Self::NoSuchMonth { month, year } => write!(f, "there is no month {month}/{year}"),
            Self::AssigneeOutsideProvince { name } => write!(f, "{name} is outside the province"),
            Self::UnknownOrganisation { id } => write!(f, "there is no organisation {id}"),
            Self::NoAddressee => write!(f, "the directive is addressed to no organisation"),
            Self::UnknownStage { stage } => {
                write!(f, "'{stage}' is not a stage of the campaign's plans")
            }
            Self::MeetingCannotBecome { from, to } => {
                write!(
                    f,
                    "a {} meeting cannot become {}",
                    from.as_str(),
                    to.as_str()
                )
            }
            Self::ConclusionsClosed { state } => {
                write!(
                    f,
                    "conclusions are written while the meeting is held, not {}",
                    state.as_str()
                )
            }
            Self::AmendOnly => write!(f, "the meeting is closed: amend a conclusion instead"),
            Self::NotHeldYet { state } => {
                write!(f, "a {} meeting gives no directives", state.as_str())
            }
            Self::TaskCannotBecome { from, to } => {
                write!(f, "a {} task cannot become {}", from.as_str(), to.as_str())
            }
            Self::CancelWithoutReason => write!(f, "say why the task is cancelled"),
            Self::ReportedInFuture => write!(f, "a task cannot be reported on a future day"),
            Self::BlockerInFuture => write!(f, "a blocker cannot start on a future day"),
            Self::LiftOutsideSpan { since } => {
                write!(f, "a blocker is lifted between {since} and today")
            }
            Self::AlreadyLifted => write!(f, "the blocker is already lifted"),
            Self::StatusDueBeforeAsked { due, asked } => {
                write!(f, "the answers are due {due}, before the call of {asked}")
            }
            Self::NextStepInPast { day } => {
                write!(f, "the next step's day {day} is before the answer")
            }
            Self::NotAskedOfYou => {
                write!(f, "the status call is not addressed to the organisation")
            }
            Self::AgendaClosed => write!(f, "the meeting is closed: its agenda no longer changes"),
            Self::NotBeingHeld { state } => {
                write!(f, "a {} meeting is not being held", state.as_str())
            }
            Self::NextMeetingNotAfter { previous } => {
                write!(f, "the next meeting must come after {previous}")
            }
            Self::RecurrenceIntervalOutOfRange { min, max } => {
                write!(f, "a series recurs every {min} to {max} days")
            }
            Self::RecurrenceUntilOutOfRange { after, last } => {
                write!(f, "a series ends after {after} and by {last}")
            }
            Self::NotInvited => write!(f, "the organisation was not invited"),
            Self::DueBeforeAsked { due, asked } => {
                write!(f, "the due date {due} is before the request of {asked}")
            }
            Self::AddresseeNotDepartment { name } => {
                write!(f, "{name} is not a department: requests go to departments")
            }
            Self::DepartmentOutsideProvince { name } => {
                write!(f, "{name} is another province's department")
            }
            Self::RequestNotAddressedToCaller { department } => {
                write!(
                    f,
                    "the request is addressed to {department}, who alone answers it"
                )
            }
            Self::RequestClosed { state } => {
                write!(f, "the request is {}: it no longer changes", state.as_str())
            }
            Self::EmptyAnswer => write!(f, "an answer carries a document or a layer version"),
            Self::LayerVersionNotTheDepartments { id } => write!(
                f,
                "layer version {id} is not a published version of the department's layers"
            ),
            Self::NoDossier => write!(f, "name at least one dossier"),
            Self::NoTopic => write!(f, "name at least one topic"),
            Self::ExpectedNotLater { due } => {
                write!(f, "the new expected day must be after {due}")
            }
            Self::RequestDayOutsideSpan { asked } => {
                write!(f, "the day must be between {asked} and today")
            }
        }
    }
}
