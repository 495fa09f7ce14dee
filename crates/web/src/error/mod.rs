//! The API's one error type, mapped once to RFC 9457 problem+json ([`problem`]), its texts in
//! the reader's language ([`domain`] for the workflow's refusals), and the middleware that
//! puts the request id into every problem ([`middleware`]).

mod appraisal;
mod archive;
mod consultant;
mod domain;
mod funding;
#[cfg(test)]
mod messages_tests;
mod middleware;
mod names;
mod problem;

use plantrack_store::StoreError;

use crate::i18n::Lang;

pub use archive::describe_archive_too_large;
pub use domain::{describe_domain, version_conflict};
pub use middleware::{not_found, panic_response, problem_request_id};
pub use problem::Problem;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error(transparent)]
    Store(StoreError),
    #[error("bad request: {field}: {message}")]
    BadRequest { field: String, message: String },
    /// An uploaded file refused for what it is: too large, empty, or of a type not accepted.
    #[error("file: {0}")]
    FileRefused(plantrack_store::blobs::BlobError),
    #[error("precondition: {0}")]
    Precondition(String),
    #[error("not found")]
    NotFound,
    #[error("method not allowed")]
    MethodNotAllowed,
    #[error("request body too large")]
    TooLarge,
    /// No valid session or token.
    #[error("sign in first")]
    Unauthorized,
    /// A sign-in with an unknown user name or a wrong password (which of the two is not said).
    #[error("wrong user name or password")]
    BadCredentials,
    /// Signed in, not allowed.
    #[error("forbidden: {0}")]
    Forbidden(String),
    /// The right password for an account an administrator disabled.
    #[error("the account is disabled")]
    AccountDisabled,
    /// Signed in, not allowed by the policy's `action`: told with that action's own sentence
    /// (`denied-<action>` in the Fluent files) where it has one.
    #[error("forbidden: {why}")]
    Refused { action: &'static str, why: String },
    /// Too many failed sign-ins: the account (from this address) or the address is held
    /// back until then, `retry_after` seconds from now (429 with `Retry-After`).
    #[error("locked until {until}")]
    Locked { until: String, retry_after: u64 },
    /// Too many sign-ins being checked at once: come back in `retry_after` seconds (503 with
    /// `Retry-After`).
    #[error("busy; retry after {retry_after} s")]
    Busy { retry_after: u64 },
    /// A document (report) the engine could not lay out: an internal error.
    #[error("document: {0}")]
    Document(String),
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            // A use case's refusal is the policy's, and reads as one.
            StoreError::Denied(denied) => ApiError::from(denied),
            other => ApiError::Store(other),
        }
    }
}

impl From<plantrack_domain::access::Denied> for ApiError {
    fn from(denied: plantrack_domain::access::Denied) -> Self {
        match denied {
            plantrack_domain::access::Denied::NotSignedIn => ApiError::Unauthorized,
            forbidden @ plantrack_domain::access::Denied::Forbidden { action, .. } => {
                ApiError::Refused {
                    action,
                    why: forbidden.to_string(),
                }
            }
        }
    }
}

/// An [`ApiError`] with the language to explain it in.
pub struct Localized(pub ApiError, pub Lang);

impl ApiError {
    pub fn bad_request(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::BadRequest {
            field: field.into(),
            message: message.into(),
        }
    }

    pub fn in_lang(self, lang: Lang) -> Localized {
        Localized(self, lang)
    }

    /// The seconds a client is told to wait (`Retry-After`), for the refusals that have one.
    pub fn retry_after(&self) -> Option<u64> {
        match self {
            ApiError::Locked { retry_after, .. } | ApiError::Busy { retry_after } => {
                Some(*retry_after)
            }
            ApiError::Store(plantrack_store::StoreError::Domain(
                plantrack_domain::DomainError::Consultation(p),
            )) => p.retry_after(),
            _ => None,
        }
    }
}
