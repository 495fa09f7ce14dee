//! Every refusal a person can meet, built one by one and read in Vietnamese, English and
//! Indonesian: none may show an internal key (a snake_case identifier), a Fluent message id
//! that was not translated, or English words inside a Vietnamese or Indonesian message.

use chrono::NaiveDate;
use plantrack_domain::DomainError;
use plantrack_domain::error::{AccountProtection, DateProblem};
use plantrack_store::StoreError;
use plantrack_store::blobs::BlobError;

use super::ApiError;
use crate::i18n::Lang;

fn day(s: &str) -> NaiveDate {
    s.parse().expect("a date")
}

/// One of each refusal, with the keys the workflow really carries.
fn every_refusal() -> Vec<(&'static str, ApiError)> {
    let domain = |e: DomainError| ApiError::Store(StoreError::Domain(e));
    let bad_date = |why: DateProblem| {
        domain(DomainError::BadDate {
            date: "2025-11-30".into(),
            why,
        })
    };
    vec![
        (
            "illegal transition",
            domain(DomainError::IllegalTransition {
                stage: "consultant_selection".into(),
                action: "publish_plan".into(),
            }),
        ),
        (
            "role not allowed",
            domain(DomainError::RoleNotAllowed {
                role: "consultant".into(),
                action: "approve_plan".into(),
                allowed: "provincial_pc".into(),
            }),
        ),
        (
            "missing documents",
            domain(DomainError::MissingDocuments {
                stage: "plan_consultation".into(),
                missing: "opinion_synthesis_report, consultation_notice".into(),
            }),
        ),
        (
            "unanswered opinions",
            domain(DomainError::UnansweredOpinions {
                stage: "plan_consultation".into(),
                count: 3,
            }),
        ),
        (
            "wrong status",
            domain(DomainError::WrongStatus {
                status: "on_hold".into(),
                action: "attach_document".into(),
            }),
        ),
        (
            "version conflict",
            domain(DomainError::VersionConflict {
                expected: 3,
                actual: 4,
            }),
        ),
        ("date in the future", bad_date(DateProblem::InFuture)),
        (
            "date before the last event",
            bad_date(DateProblem::BeforeLastEvent {
                last_event_on: day("2025-11-25"),
            }),
        ),
        ("date out of bounds", bad_date(DateProblem::OutOfBounds)),
        (
            "backdated too far",
            bad_date(DateProblem::BackdatedTooFar {
                days: 45,
                limit: 30,
            }),
        ),
        (
            "before the data",
            bad_date(DateProblem::BeforeData {
                first_on: day("2025-01-01"),
            }),
        ),
        (
            "compared after the report day",
            bad_date(DateProblem::AfterReportDay {
                as_of: day("2025-11-25"),
            }),
        ),
        (
            "amount out of bounds",
            domain(DomainError::AmountOutOfBounds {
                field: "amount_vnd".into(),
                amount: -1,
                min: 0,
                max: 1_000_000_000_000,
            }),
        ),
        (
            "disabling oneself",
            domain(DomainError::AccountProtected(AccountProtection::Yourself)),
        ),
        (
            "disabling the last administrator",
            domain(DomainError::AccountProtected(
                AccountProtection::LastAdministrator,
            )),
        ),
        (
            "stale dossier",
            ApiError::Store(StoreError::Conflict {
                dossier_id: 1,
                expected: 3,
                actual: 4,
            }),
        ),
        ("wrong password", ApiError::BadCredentials),
        ("not signed in", ApiError::Unauthorized),
        ("account disabled", ApiError::AccountDisabled),
        (
            "locked out",
            ApiError::Locked {
                until: "03/12/2026 12:39".into(),
                retry_after: 900,
            },
        ),
        ("busy", ApiError::Busy { retry_after: 2 }),
        ("not found", ApiError::NotFound),
        ("method not allowed", ApiError::MethodNotAllowed),
        ("body too large", ApiError::TooLarge),
        (
            "file too large",
            ApiError::FileRefused(BlobError::TooLarge { limit: 50_000_000 }),
        ),
        ("empty file", ApiError::FileRefused(BlobError::Empty)),
        ("file type", ApiError::FileRefused(BlobError::Type)),
    ]
}

/// Words that, inside a Vietnamese or Indonesian sentence, say it was left in English.
const ENGLISH: [&str; 14] = [
    "the", "is", "not", "of", "to", "are", "cannot", "before", "after", "file", "files", "field",
    "stage", "accepted",
];

fn problems_in(text: &str, lang: Lang) -> Vec<String> {
    let mut found = Vec::new();
    for word in text.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-')) {
        let letters = word.trim_matches(|c: char| c == '-' || c == '_');
        if letters.contains('_') {
            found.push(format!("internal key {word:?}"));
        }
        if letters.starts_with("problem-") || letters.starts_with("thing-") {
            found.push(format!("untranslated message id {word:?}"));
        }
        if lang != Lang::En && ENGLISH.contains(&letters.to_lowercase().as_str()) {
            found.push(format!("English word {word:?}"));
        }
    }
    found
}

#[test]
fn every_refusal_reads_in_one_language_with_names_not_keys() {
    let mut failures = Vec::new();
    for lang in [Lang::Vi, Lang::En, Lang::Id] {
        for (what, error) in every_refusal() {
            let (_, problem) = error.in_lang(lang).to_problem();
            for (part, text) in [("title", &problem.title), ("detail", &problem.detail)] {
                for found in problems_in(text, lang) {
                    failures.push(format!("{lang:?} {what} ({part}: {text:?}): {found}"));
                }
            }
            assert!(!problem.title.is_empty(), "{lang:?} {what}: no title");
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_walk_finds_what_it_looks_for() {
    assert!(!problems_in("Chưa thể rời bước 'plan_consultation'", Lang::Vi).is_empty());
    assert!(!problems_in("Yêu cầu không hợp lệ: file: files of this type", Lang::Vi).is_empty());
    assert!(!problems_in("problem-missing-documents-detail", Lang::En).is_empty());
    assert!(
        problems_in(
            "Chưa thể rời bước 'Lấy ý kiến về đồ án quy hoạch'",
            Lang::Vi
        )
        .is_empty()
    );
}
