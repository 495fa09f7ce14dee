//! The domain's one error type. Every variant is a refusal a user can act on; messages are
//! English here and translated at the edges by their [`DomainError::code`].

use chrono::NaiveDate;
use thiserror::Error;

#[derive(Debug, Error, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum DomainError {
    /// The command names a transition that the template does not allow from the current stage.
    #[error("no transition '{action}' from stage '{stage}'")]
    IllegalTransition { stage: String, action: String },
    /// The actor's role may not perform this action.
    #[error("role '{role}' may not perform '{action}' (allowed: {allowed})")]
    RoleNotAllowed {
        role: String,
        action: String,
        allowed: String,
    },
    /// Documents the template requires to leave the stage are not attached yet.
    #[error("stage '{stage}' cannot be left before these documents are attached: {missing}")]
    MissingDocuments { stage: String, missing: String },
    /// Residents' opinions of the stage's consultation have no response yet, and the
    /// template lets the dossier leave only when the synthesis table is complete.
    #[error("stage '{stage}' cannot be left while {count} opinions have no response")]
    UnansweredOpinions { stage: String, count: u32 },
    /// The dossier is on hold (or not on hold, for a resume).
    #[error("dossier is {status}; '{action}' is not possible")]
    WrongStatus { status: String, action: String },
    /// The client acted on an older version of the dossier.
    #[error("dossier has version {actual}, the command expected {expected}")]
    VersionConflict { expected: u64, actual: u64 },
    /// A command's effective date lies before the dossier's last event, in the future,
    /// outside the days plantrack accepts, or further back than the template lets the
    /// caller date a change.
    #[error("effective date {date} is not allowed: {why}")]
    BadDate { date: String, why: DateProblem },
    /// A field of a command or record is invalid.
    #[error("field '{field}': {message}")]
    InvalidField { field: String, message: String },
    /// An amount of money outside what one record may hold (see [`crate::money`]).
    #[error("field '{field}': {amount} đồng is outside {min} to {max}")]
    AmountOutOfBounds {
        field: String,
        amount: i64,
        min: i64,
        max: i64,
    },
    /// A workflow template is not valid.
    #[error("template '{template}': {message}")]
    InvalidTemplate { template: String, message: String },
    /// A meeting, directive, task or blocker refused (see [`FollowUpProblem`]).
    #[error("{0}")]
    FollowUp(crate::follow_up::problem::FollowUpProblem),
    /// An account that must stay usable: the administrator's own, or the last active
    /// administrator (no one could administer plantrack again).
    #[error("{0}")]
    AccountProtected(AccountProtection),
    /// A forecast or a backtest asked on days it cannot stand on (see [`ForecastProblem`]).
    ///
    /// [`ForecastProblem`]: crate::forecast::ForecastProblem
    #[error("{0}")]
    Forecast(crate::forecast::ForecastProblem),
    /// A consultation round, a consultee, a reply, an opinion or an answer refused (see
    /// [`ConsultationProblem`]).
    ///
    /// [`ConsultationProblem`]: crate::consultation::ConsultationProblem
    #[error("{0}")]
    Consultation(crate::consultation::ConsultationProblem),
    /// A consultant firm, person, certificate or assignment refused (see
    /// [`ConsultantProblem`]).
    ///
    /// [`ConsultantProblem`]: crate::consultant::ConsultantProblem
    #[error("{0}")]
    Consultant(crate::consultant::ConsultantProblem),
    /// A funding decision, line, contract or payment refused (see [`FundingProblem`]).
    ///
    /// [`FundingProblem`]: crate::funding::FundingProblem
    #[error("{0}")]
    Funding(crate::funding::FundingProblem),
    /// A finding, an overrule or a pass of an appraisal refused (see [`AppraisalProblem`]).
    ///
    /// [`AppraisalProblem`]: crate::appraisal::AppraisalProblem
    #[error("{0}")]
    Appraisal(crate::appraisal::AppraisalProblem),
}

/// Why an account may not be disabled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccountProtection {
    /// One's own account: the session would end and, if it is the last administrator, no
    /// one could sign in to undo it.
    Yourself,
    LastAdministrator,
}

impl std::fmt::Display for AccountProtection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AccountProtection::Yourself => write!(f, "an administrator cannot disable itself"),
            AccountProtection::LastAdministrator => {
                write!(f, "the last active administrator cannot be disabled")
            }
        }
    }
}

/// Why a date is refused: each has its own sentence in every language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateProblem {
    InFuture,
    /// Before the dossier's last event: a history reads forwards in time.
    BeforeLastEvent {
        last_event_on: NaiveDate,
    },
    /// Outside [`crate::calendar::bounds::EARLIEST_DAY`] and `LATEST_DAY`.
    OutOfBounds,
    /// Dated `days` back, more than the template's `max_backdate_days` (`limit`), and the
    /// caller is not leadership.
    BackdatedTooFar {
        days: i64,
        limit: u32,
    },
    /// A report asked for a day before the first day its data hold.
    BeforeData {
        first_on: NaiveDate,
    },
    /// A report's compared day lies after the day it reports on.
    AfterReportDay {
        as_of: NaiveDate,
    },
}

impl std::fmt::Display for DateProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DateProblem::InFuture => write!(f, "it is in the future"),
            DateProblem::BeforeLastEvent { last_event_on } => {
                write!(f, "the dossier's last event is dated {last_event_on}")
            }
            DateProblem::OutOfBounds => write!(
                f,
                "it is outside {} to {}",
                crate::calendar::bounds::EARLIEST_DAY,
                crate::calendar::bounds::LATEST_DAY
            ),
            DateProblem::BackdatedTooFar { days, limit } => write!(
                f,
                "it is {days} days back; beyond {limit} days only the provincial leadership may date a change"
            ),
            DateProblem::BeforeData { first_on } => {
                write!(f, "the data begin on {first_on}")
            }
            DateProblem::AfterReportDay { as_of } => {
                write!(f, "it is after the day reported on, {as_of}")
            }
        }
    }
}

impl DomainError {
    /// A stable machine-readable code, used as the problem `type` suffix and the i18n key.
    pub fn code(&self) -> &'static str {
        match self {
            Self::IllegalTransition { .. } => "illegal-transition",
            Self::RoleNotAllowed { .. } => "role-not-allowed",
            Self::MissingDocuments { .. } => "missing-documents",
            Self::UnansweredOpinions { .. } => "unanswered-opinions",
            Self::WrongStatus { .. } => "wrong-status",
            Self::VersionConflict { .. } => "version-conflict",
            Self::BadDate { .. } => "bad-date",
            Self::InvalidField { .. } => "invalid-field",
            Self::AmountOutOfBounds { .. } => "amount-out-of-bounds",
            Self::InvalidTemplate { .. } => "invalid-template",
            Self::FollowUp(_) => "follow-up",
            Self::AccountProtected(_) => "account-protected",
            Self::Forecast(_) => "forecast",
            Self::Consultation(_) => "consultation",
            Self::Consultant(_) => "consultant",
            Self::Funding(_) => "funding",
            Self::Appraisal(_) => "appraisal",
        }
    }

    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::InvalidField {
            field: field.into(),
            message: message.into(),
        }
    }
}
