//! Why a consultation refuses something: each reason has its own sentence in every language
//! (`consultation-problem-…` in the Fluent files), citing the law where the law decides.

use chrono::NaiveDate;

use super::ResponseKind;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConsultationProblem {
    /// The community is consulted for 20 to 30 days (Law 47/2024/QH15 Art 37(7)(b)).
    ResidentsSpanOutOfRange {
        days: i64,
    },
    /// Agencies have 15 days to reply (Art 37(6)): a deadline may be later, never sooner.
    AgencyDeadlineTooSoon {
        deadline: NaiveDate,
        earliest: NaiveDate,
    },
    /// The template gives agencies working days to reply (the task's 7, an unverified
    /// default): a deadline may be later, never sooner.
    AgencyWorkingDaysTooSoon {
        deadline: NaiveDate,
        earliest: NaiveDate,
        days: u32,
    },
    /// A round uses at least one form of consultation.
    NoForm,
    /// A document named that the dossier does not hold (by its number in the dossier).
    UnknownDocument {
        seq: u64,
    },
    /// An opinion received after the residents' track closed.
    RoundClosed {
        closes_on: NaiveDate,
    },
    /// An opinion received before the residents' track opened.
    RoundNotOpen {
        opens_on: NaiveDate,
    },
    DayInFuture,
    /// A day outside those plantrack accepts.
    DayOutOfBounds,
    EmptyText {
        field: &'static str,
    },
    TextTooLong {
        field: &'static str,
        max: usize,
    },
    CosignersOutOfRange {
        max: i64,
    },
    /// A consultee named twice in one round.
    DuplicateConsultee {
        name: String,
    },
    /// A consultee is an organisation of the province or a named outside body, not both or
    /// neither.
    ConsulteeNeedsOneName,
    UnknownOrganisation {
        id: i64,
    },
    /// An organisation of another province.
    OrganisationOutsideProvince {
        name: String,
    },
    ConsulteeNotConsulted,
    ConsulteeNotRequired,
    /// A reply dated before the consultation or after today.
    ReplyOutsideSpan {
        consulted: NaiveDate,
    },
    /// A consultee with replies stays in the register.
    ConsulteeHasReplies,
    AlreadyReplied,
    ExtensionNotLater {
        deadline: NaiveDate,
    },
    /// Only the consultee's own accounts reply in its name; the commune records a letter.
    NotTheConsultee {
        name: String,
    },
    UnknownTopic {
        topic: String,
    },
    ResponseNeedsText {
        kind: ResponseKind,
    },
    /// The opinion belongs to another round.
    OpinionNotInRound {
        id: i64,
    },
    /// An answer dated before the opinion was received, or after today.
    AnswerBeforeOpinion {
        received_on: NaiveDate,
    },
    /// Online opinions come through the public page, entered by the resident.
    OnlineThroughPublicPage,
    /// The public form was sent sooner than a person fills it.
    FilledTooFast {
        seconds: i64,
    },
    /// The public form is too old, or its token is not one this server issued.
    FormExpired,
    /// The hidden field only scripts fill was filled.
    HoneypotFilled,
    /// One address sent its hourly share of opinions.
    TooManyOpinions {
        per_hour: u32,
        retry_after_seconds: u64,
    },
    /// A map point outside WGS 84's range, or one coordinate without the other.
    PointOutOfRange,
    /// The opinion did not come through the public page: there is nothing to moderate.
    NotAPublicOpinion {
        id: i64,
    },
    /// A rejected opinion is not published (nor redacted).
    OpinionRejected,
    /// A group answered at once names at least one opinion.
    EmptyGroup,
    /// The two opinions named for a merge are already in one group.
    SameGroup {
        first: i64,
        second: i64,
    },
    /// The opinion named for a split is alone in its group.
    AloneInGroup {
        id: i64,
    },
    /// Answers go out, and letters are printed, only from a complete table.
    TableNotComplete {
        unanswered: u64,
        topics: u64,
    },
}

impl ConsultationProblem {
    /// Whether it refuses what the record's state forbids (HTTP 409) rather than bad input
    /// (HTTP 422).
    pub fn is_conflict(&self) -> bool {
        matches!(
            self,
            Self::RoundClosed { .. }
                | Self::RoundNotOpen { .. }
                | Self::DuplicateConsultee { .. }
                | Self::ConsulteeNotConsulted
                | Self::ConsulteeNotRequired
                | Self::ConsulteeHasReplies
                | Self::AlreadyReplied
                | Self::OpinionRejected
                | Self::SameGroup { .. }
                | Self::AloneInGroup { .. }
                | Self::TableNotComplete { .. }
        )
    }

    /// Whether it refuses a flood from one address (HTTP 429), and after how many seconds
    /// the address may send again.
    pub fn retry_after(&self) -> Option<u64> {
        match self {
            Self::TooManyOpinions {
                retry_after_seconds,
                ..
            } => Some(*retry_after_seconds),
            _ => None,
        }
    }

    /// The Fluent key of its sentence (`consultation-problem-<key>`).
    pub fn key(&self) -> &'static str {
        match self {
            Self::ResidentsSpanOutOfRange { .. } => "residents-span-out-of-range",
            Self::AgencyDeadlineTooSoon { .. } => "agency-deadline-too-soon",
            Self::AgencyWorkingDaysTooSoon { .. } => "agency-working-days-too-soon",
            Self::NoForm => "no-form",
            Self::UnknownDocument { .. } => "unknown-document",
            Self::RoundClosed { .. } => "round-closed",
            Self::RoundNotOpen { .. } => "round-not-open",
            Self::DayInFuture => "day-in-future",
            Self::DayOutOfBounds => "day-out-of-bounds",
            Self::EmptyText { .. } => "empty-text",
            Self::TextTooLong { .. } => "text-too-long",
            Self::CosignersOutOfRange { .. } => "cosigners-out-of-range",
            Self::DuplicateConsultee { .. } => "duplicate-consultee",
            Self::ConsulteeNeedsOneName => "consultee-needs-one-name",
            Self::UnknownOrganisation { .. } => "unknown-organisation",
            Self::OrganisationOutsideProvince { .. } => "organisation-outside-province",
            Self::ConsulteeNotConsulted => "consultee-not-consulted",
            Self::ConsulteeNotRequired => "consultee-not-required",
            Self::ReplyOutsideSpan { .. } => "reply-outside-span",
            Self::ConsulteeHasReplies => "consultee-has-replies",
            Self::AlreadyReplied => "already-replied",
            Self::ExtensionNotLater { .. } => "extension-not-later",
            Self::NotTheConsultee { .. } => "not-the-consultee",
            Self::UnknownTopic { .. } => "unknown-topic",
            Self::ResponseNeedsText { .. } => "response-needs-text",
            Self::OpinionNotInRound { .. } => "opinion-not-in-round",
            Self::AnswerBeforeOpinion { .. } => "answer-before-opinion",
            Self::OnlineThroughPublicPage => "online-through-public-page",
            Self::FilledTooFast { .. } => "filled-too-fast",
            Self::FormExpired => "form-expired",
            Self::HoneypotFilled => "honeypot-filled",
            Self::TooManyOpinions { .. } => "too-many-opinions",
            Self::PointOutOfRange => "point-out-of-range",
            Self::NotAPublicOpinion { .. } => "not-a-public-opinion",
            Self::OpinionRejected => "opinion-rejected",
            Self::EmptyGroup => "empty-group",
            Self::SameGroup { .. } => "same-group",
            Self::AloneInGroup { .. } => "alone-in-group",
            Self::TableNotComplete { .. } => "table-not-complete",
        }
    }
}

impl std::fmt::Display for ConsultationProblem {
    /// English, for the log; readers get the translated sentence.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::ResidentsSpanOutOfRange { days } => write!(
                f,
                "the community is consulted for 20 to 30 days (Law 47/2024/QH15 Art 37(7)(b)), not {days}"
            ),
            Self::AgencyDeadlineTooSoon { deadline, earliest } => write!(
                f,
                "agencies have 15 days to reply (Law 47/2024/QH15 Art 37(6)): {deadline} is before {earliest}"
            ),
            Self::AgencyWorkingDaysTooSoon {
                deadline,
                earliest,
                days,
            } => write!(
                f,
                "agencies have {days} working days to reply (the template's default, not verified against the law): {deadline} is before {earliest}"
            ),
            Self::NoForm => write!(f, "choose at least one form of consultation"),
            Self::UnknownDocument { seq } => write!(f, "the dossier has no document {seq}"),
            Self::RoundClosed { closes_on } => {
                write!(f, "the consultation closed on {closes_on}")
            }
            Self::RoundNotOpen { opens_on } => write!(f, "the consultation opens on {opens_on}"),
            Self::DayInFuture => write!(f, "the day is still to come"),
            Self::DayOutOfBounds => write!(f, "the day is outside those plantrack accepts"),
            Self::EmptyText { field } => write!(f, "{field} must not be empty"),
            Self::TextTooLong { field, max } => {
                write!(f, "{field} is longer than {max} characters")
            }
            Self::CosignersOutOfRange { max } => write!(f, "co-signers must be 0 to {max}"),
            Self::DuplicateConsultee { name } => write!(f, "{name} is already consulted"),
            Self::ConsulteeNeedsOneName => {
                write!(f, "name an organisation or an outside body, not both")
            }
            Self::UnknownOrganisation { id } => write!(f, "there is no organisation {id}"),
            Self::OrganisationOutsideProvince { name } => {
                write!(f, "{name} is another province's")
            }
            Self::ConsulteeNotConsulted => write!(f, "the body has not been consulted yet"),
            Self::ConsulteeNotRequired => write!(f, "the body is not required to reply"),
            Self::ReplyOutsideSpan { consulted } => {
                write!(f, "a reply is dated between {consulted} and today")
            }
            Self::ConsulteeHasReplies => write!(f, "a body that replied stays in the register"),
            Self::AlreadyReplied => write!(f, "the body has already replied"),
            Self::ExtensionNotLater { deadline } => {
                write!(f, "an extension must be later than {deadline}")
            }
            Self::NotTheConsultee { name } => {
                write!(f, "only {name} replies in its own name")
            }
            Self::UnknownTopic { topic } => write!(f, "'{topic}' is not a topic of the province"),
            Self::ResponseNeedsText { kind } => {
                write!(f, "a response '{}' needs its text", kind.as_str())
            }
            Self::OpinionNotInRound { id } => write!(f, "opinion {id} is not in this round"),
            Self::AnswerBeforeOpinion { received_on } => {
                write!(f, "an answer is dated between {received_on} and today")
            }
            Self::OnlineThroughPublicPage => {
                write!(f, "online opinions come through the public page")
            }
            Self::FilledTooFast { seconds } => {
                write!(
                    f,
                    "the form was sent less than {seconds} s after it was opened"
                )
            }
            Self::FormExpired => write!(f, "the form is out of date; open the page again"),
            Self::HoneypotFilled => write!(f, "a field meant to stay empty was filled"),
            Self::TooManyOpinions {
                per_hour,
                retry_after_seconds,
            } => write!(
                f,
                "{per_hour} opinions an hour from one address; try again in {retry_after_seconds} s"
            ),
            Self::PointOutOfRange => write!(f, "the map point is not a longitude and latitude"),
            Self::NotAPublicOpinion { id } => {
                write!(f, "opinion {id} did not come through the public page")
            }
            Self::OpinionRejected => write!(f, "a rejected opinion is not published"),
            Self::EmptyGroup => write!(f, "name at least one opinion to answer"),
            Self::SameGroup { first, second } => {
                write!(f, "opinions {first} and {second} are already in one group")
            }
            Self::AloneInGroup { id } => write!(f, "opinion {id} is alone in its group"),
            Self::TableNotComplete { unanswered, topics } => write!(
                f,
                "the table is not complete: {unanswered} opinions unanswered, {topics} topics without a summary"
            ),
        }
    }
}
