//! The workflow's refusals ([`DomainError`]) and a stale dossier version, as a problem's
//! title and detail in the reader's language (Fluent messages `problem-…`).

use plantrack_domain::DomainError;

use super::names;
use crate::i18n::Lang;

/// A problem's title and detail in the reader's language.
pub fn describe_domain(e: &DomainError, lang: Lang) -> (String, String) {
    use DomainError::{
        AmountOutOfBounds, BadDate, IllegalTransition, InvalidField, InvalidTemplate,
        MissingDocuments, RoleNotAllowed, UnansweredOpinions, VersionConflict, WrongStatus,
    };
    // `problem-<name>-title` and `problem-<name>-detail` with the error's fields.
    let both = |name: &str, args: &[(&str, String)]| {
        let args: Vec<_> = args.iter().map(|(k, v)| (*k, v.clone().into())).collect();
        (
            lang.t(&format!("problem-{name}-title")),
            lang.t_args(&format!("problem-{name}-detail"), &args),
        )
    };
    match e {
        IllegalTransition { stage, action } => both(
            "illegal-transition",
            &[
                ("stage", names::stage(stage, lang)),
                ("action", names::action(action, lang)),
            ],
        ),
        RoleNotAllowed {
            role,
            action,
            allowed,
        } => both(
            "role-not-allowed",
            &[
                ("role", names::roles(role, lang)),
                ("action", names::action(action, lang)),
                ("allowed", names::roles(allowed, lang)),
            ],
        ),
        MissingDocuments { stage, missing } => both(
            "missing-documents",
            &[
                ("stage", names::stage(stage, lang)),
                ("missing", names::documents(missing, lang)),
            ],
        ),
        UnansweredOpinions { stage, count } => both(
            "unanswered-opinions",
            &[
                ("stage", names::stage(stage, lang)),
                ("count", count.to_string()),
            ],
        ),
        WrongStatus { status, action } => both(
            "wrong-status",
            &[
                ("status", names::status(status, lang)),
                ("action", names::action(action, lang)),
            ],
        ),
        VersionConflict { expected, actual } => version_conflict(lang, *expected, *actual),
        BadDate { date, why } => both(
            "bad-date",
            &[
                ("date", shown_date(date)),
                ("why", date_problem(*why, lang)),
            ],
        ),
        InvalidField { field, message } => both(
            "invalid-field",
            &[("field", field.clone()), ("message", message.clone())],
        ),
        AmountOutOfBounds { min, max, .. } => both(
            "amount-out-of-bounds",
            &[
                ("min", crate::format::vnd(*min, lang)),
                ("max", crate::format::vnd(*max, lang)),
            ],
        ),
        InvalidTemplate { template, message } => (
            lang.t("problem-invalid-template-title"),
            format!("{template}: {message}"),
        ),
        DomainError::FollowUp(problem) => (
            lang.t("problem-follow-up-title"),
            follow_up_problem(problem, lang),
        ),
        DomainError::AccountProtected(why) => (
            lang.t("problem-account-protected-title"),
            lang.t(match why {
                plantrack_domain::error::AccountProtection::Yourself => {
                    "problem-account-protected-yourself"
                }
                plantrack_domain::error::AccountProtection::LastAdministrator => {
                    "problem-account-protected-last-administrator"
                }
            }),
        ),
        DomainError::Forecast(problem) => (
            lang.t("problem-forecast-title"),
            forecast_problem(*problem, lang),
        ),
        DomainError::Consultation(problem) => (
            lang.t("problem-consultation-title"),
            consultation_problem(problem, lang),
        ),
        DomainError::Consultant(problem) => (
            lang.t("problem-consultant-title"),
            super::consultant::consultant_problem(problem, lang),
        ),
        DomainError::Funding(problem) => (
            lang.t("problem-funding-title"),
            super::funding::funding_problem(problem, lang),
        ),
        DomainError::Appraisal(problem) => (
            lang.t("problem-appraisal-title"),
            super::appraisal::appraisal_problem(problem, lang),
        ),
        _ => (lang.t("problem-refused-title"), e.to_string()),
    }
}

/// Why a consultation refuses something, in the reader's words.
fn consultation_problem(
    p: &plantrack_domain::consultation::ConsultationProblem,
    lang: Lang,
) -> String {
    use plantrack_domain::consultation::ConsultationProblem as P;
    let day = |d: chrono::NaiveDate| crate::format::date(d);
    let field = |f: &str| lang.t(&format!("consultation-field-{f}"));
    let args: Vec<(&str, String)> = match p {
        P::ResidentsSpanOutOfRange { days } => vec![("days", days.to_string())],
        P::AgencyDeadlineTooSoon { deadline, earliest } => {
            vec![("deadline", day(*deadline)), ("earliest", day(*earliest))]
        }
        P::UnknownDocument { seq } => vec![("seq", seq.to_string())],
        P::RoundClosed { closes_on } => vec![("closes_on", day(*closes_on))],
        P::RoundNotOpen { opens_on } => vec![("opens_on", day(*opens_on))],
        P::EmptyText { field: f } => vec![("field", field(f))],
        P::TextTooLong { field: f, max } => vec![("field", field(f)), ("max", max.to_string())],
        P::CosignersOutOfRange { max } => vec![("max", max.to_string())],
        P::DuplicateConsultee { name }
        | P::OrganisationOutsideProvince { name }
        | P::NotTheConsultee { name } => vec![("name", name.clone())],
        P::UnknownOrganisation { id } | P::OpinionNotInRound { id } => {
            vec![("id", id.to_string())]
        }
        P::ReplyOutsideSpan { consulted } => vec![("consulted", day(*consulted))],
        P::ExtensionNotLater { deadline } => vec![("deadline", day(*deadline))],
        P::UnknownTopic { topic } => vec![("topic", topic.clone())],
        P::ResponseNeedsText { kind } => vec![(
            "kind",
            lang.t(&format!(
                "consultation-response-{}",
                kind.as_str().replace('_', "-")
            )),
        )],
        P::AnswerBeforeOpinion { received_on } => vec![("received_on", day(*received_on))],
        P::FilledTooFast { seconds } => vec![("seconds", seconds.to_string())],
        P::TooManyOpinions {
            per_hour,
            retry_after_seconds,
        } => vec![
            ("per_hour", per_hour.to_string()),
            ("minutes", retry_after_seconds.div_ceil(60).to_string()),
        ],
        P::NotAPublicOpinion { id } | P::AloneInGroup { id } => vec![("id", id.to_string())],
        P::SameGroup { first, second } => {
            vec![("first", first.to_string()), ("second", second.to_string())]
        }
        P::AgencyWorkingDaysTooSoon {
            deadline,
            earliest,
            days,
        } => vec![
            ("deadline", day(*deadline)),
            ("earliest", day(*earliest)),
            ("days", days.to_string()),
        ],
        P::TableNotComplete { unanswered, topics } => vec![
            ("unanswered", unanswered.to_string()),
            ("topics", topics.to_string()),
        ],
        P::NoForm
        | P::DayInFuture
        | P::DayOutOfBounds
        | P::ConsulteeNeedsOneName
        | P::ConsulteeNotConsulted
        | P::ConsulteeNotRequired
        | P::ConsulteeHasReplies
        | P::AlreadyReplied
        | P::OnlineThroughPublicPage
        | P::FormExpired
        | P::HoneypotFilled
        | P::PointOutOfRange
        | P::OpinionRejected
        | P::EmptyGroup => Vec::new(),
    };
    let args: Vec<_> = args.into_iter().map(|(k, v)| (k, v.into())).collect();
    lang.t_args(&format!("consultation-problem-{}", p.key()), &args)
}

/// Why a meeting, directive, task or blocker is refused, in the reader's words.
fn follow_up_problem(p: &plantrack_domain::follow_up::FollowUpProblem, lang: Lang) -> String {
    use plantrack_domain::follow_up::FollowUpProblem as P;
    let meeting = |s: plantrack_domain::follow_up::MeetingState| {
        lang.t(&format!(
            "follow-up-meeting-{}",
            s.as_str().replace('_', "-")
        ))
    };
    let task = |r: plantrack_domain::follow_up::TaskResolution| {
        lang.t(&format!("follow-up-task-{}", r.as_str()))
    };
    let request = |r: plantrack_domain::follow_up::RequestState| {
        lang.t(&format!(
            "follow-up-request-{}",
            r.as_str().replace('_', "-")
        ))
    };
    let day = |d: chrono::NaiveDate| crate::format::date(d);
    let args: Vec<(&str, String)> = match p {
        P::DueUnreadable { said } => vec![("said", said.clone())],
        P::DueBeforeMeeting { due, meeting } => {
            vec![("due", day(*due)), ("meeting", day(*meeting))]
        }
        P::DueOutOfBounds { due } | P::ExpectedNotLater { due } => vec![("due", day(*due))],
        P::DueCountOutOfRange { max } => vec![("max", max.to_string())],
        P::NoSuchMonth { month, year } => {
            vec![("month", month.to_string()), ("year", year.to_string())]
        }
        P::AssigneeOutsideProvince { name } => vec![("name", name.clone())],
        P::UnknownOrganisation { id } | P::LayerVersionNotTheDepartments { id } => {
            vec![("id", id.to_string())]
        }
        P::UnknownStage { stage } => vec![("stage", names::stage(stage, lang))],
        P::MeetingCannotBecome { from, to } => vec![("from", meeting(*from)), ("to", meeting(*to))],
        P::ConclusionsClosed { state } | P::NotHeldYet { state } | P::NotBeingHeld { state } => {
            vec![("state", meeting(*state))]
        }
        P::TaskCannotBecome { from, to } => vec![("from", task(*from)), ("to", task(*to))],
        P::LiftOutsideSpan { since } => vec![("since", day(*since))],
        P::NextStepInPast { day: d } => vec![("day", day(*d))],
        P::NextMeetingNotAfter { previous } => vec![("previous", day(*previous))],
        P::RecurrenceIntervalOutOfRange { min, max } => {
            vec![("min", min.to_string()), ("max", max.to_string())]
        }
        P::RecurrenceUntilOutOfRange { after, last } => {
            vec![("after", day(*after)), ("last", day(*last))]
        }
        P::StatusDueBeforeAsked { due, asked } | P::DueBeforeAsked { due, asked } => {
            vec![("due", day(*due)), ("asked", day(*asked))]
        }
        P::AddresseeNotDepartment { name } | P::DepartmentOutsideProvince { name } => {
            vec![("name", name.clone())]
        }
        P::RequestNotAddressedToCaller { department } => {
            vec![("department", department.clone())]
        }
        P::RequestClosed { state } => vec![("state", request(*state))],
        P::RequestDayOutsideSpan { asked } => vec![("asked", day(*asked))],
        P::EmptyAnswer
        | P::NoDossier
        | P::NoTopic
        | P::NoAddressee
        | P::AmendOnly
        | P::CancelWithoutReason
        | P::ReportedInFuture
        | P::BlockerInFuture
        | P::AlreadyLifted
        | P::NotAskedOfYou
        | P::AgendaClosed
        | P::NotInvited => Vec::new(),
    };
    let args: Vec<_> = args.into_iter().map(|(k, v)| (k, v.into())).collect();
    lang.t_args(&format!("follow-up-problem-{}", p.key()), &args)
}

/// Why a forecast is refused, in the reader's words.
fn forecast_problem(p: plantrack_domain::forecast::ForecastProblem, lang: Lang) -> String {
    use plantrack_domain::forecast::ForecastProblem as P;
    let day = |d: chrono::NaiveDate| crate::format::date(d);
    let args: Vec<(&str, String)> = match p {
        P::BeforeData { day: d, first } => vec![
            ("day", day(d)),
            ("first", first.map(day).unwrap_or_default()),
        ],
        P::InFuture { day: d, today } => vec![("day", day(d)), ("today", day(today))],
        P::TargetNotAfter { target, as_of } => {
            vec![("target", day(target)), ("as_of", day(as_of))]
        }
        P::TargetBeyondHorizon { target, horizon } => {
            vec![("target", day(target)), ("horizon", day(horizon))]
        }
        P::BacktestEndsBeforeStart { from, to } => vec![("from", day(from)), ("to", day(to))],
    };
    let args: Vec<_> = args.into_iter().map(|(k, v)| (k, v.into())).collect();
    lang.t_args(&format!("forecast-problem-{}", p.key()), &args)
}

/// A date as the reader writes it (dd/mm/yyyy); kept as given if it is not one.
fn shown_date(date: &str) -> String {
    date.parse()
        .map_or_else(|_| date.to_owned(), crate::format::date)
}

/// Why a date is refused, in the reader's words.
fn date_problem(why: plantrack_domain::error::DateProblem, lang: Lang) -> String {
    use plantrack_domain::calendar::bounds::{EARLIEST_DAY, LATEST_DAY};
    use plantrack_domain::error::DateProblem;
    match why {
        DateProblem::InFuture => lang.t("date-problem-in-future"),
        DateProblem::BeforeLastEvent { last_event_on } => lang.t_args(
            "date-problem-before-last-event",
            &[("last", crate::format::date(last_event_on).into())],
        ),
        DateProblem::OutOfBounds => lang.t_args(
            "date-problem-out-of-bounds",
            &[
                ("earliest", crate::format::date(EARLIEST_DAY).into()),
                ("latest", crate::format::date(LATEST_DAY).into()),
            ],
        ),
        DateProblem::BackdatedTooFar { days, limit } => lang.t_args(
            "date-problem-backdated",
            &[("days", days.into()), ("limit", limit.into())],
        ),
        DateProblem::BeforeData { first_on } => lang.t_args(
            "date-problem-before-data",
            &[("first", crate::format::date(first_on).into())],
        ),
        DateProblem::AfterReportDay { as_of } => lang.t_args(
            "date-problem-after-report-day",
            &[("as_of", crate::format::date(as_of).into())],
        ),
    }
}

pub fn version_conflict(lang: Lang, expected: u64, actual: u64) -> (String, String) {
    (
        lang.t("problem-version-conflict-title"),
        // As text: a version is a name, not an amount to format.
        lang.t_args(
            "problem-version-conflict-detail",
            &[
                ("expected", expected.to_string().into()),
                ("actual", actual.to_string().into()),
            ],
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_read_in_each_language() {
        assert_eq!(
            version_conflict(Lang::Vi, 3, 4),
            (
                "Hồ sơ đã bị thay đổi".to_owned(),
                "Hồ sơ đã ở phiên bản 4, yêu cầu dựa trên phiên bản 3. Hãy tải lại và thử lại."
                    .to_owned()
            )
        );
        let e = DomainError::InvalidField {
            field: "name".into(),
            message: "is empty".into(),
        };
        assert_eq!(
            describe_domain(&e, Lang::En),
            (
                "Invalid input".to_owned(),
                "Field 'name': is empty.".to_owned()
            )
        );
        assert_eq!(describe_domain(&e, Lang::Id).0, "Masukan tidak valid");
        let e = plantrack_domain::money::decision_amount("amount_vnd", i64::MAX).unwrap_err();
        assert_eq!(
            describe_domain(&e, Lang::Vi).1,
            "Số tiền của một quyết định phải từ 1 đ đến 1.000.000.000.000 đ."
        );
        assert!(
            describe_domain(&e, Lang::En)
                .1
                .ends_with("1,000,000,000,000 đ.")
        );
    }
}
