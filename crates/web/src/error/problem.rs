//! The one mapping of errors to RFC 9457 problem documents: status, code, title and detail
//! in the reader's language. Internal failures are logged with the request id and answered
//! with a generic message: no SQL, paths or driver text ever reaches the client.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use plantrack_domain::DomainError;
use plantrack_store::StoreError;
use serde::Serialize;

use super::{ApiError, Localized, describe_archive_too_large, describe_domain, version_conflict};
use crate::i18n::Lang;

/// An RFC 9457 problem document.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Problem {
    /// A URI naming the kind of problem: `urn:plantrack:problem:<code>`.
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    /// For invalid input: the offending field.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// The request's id (also in the `x-request-id` header): quote it to an administrator.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
}

pub(super) fn problem(
    status: StatusCode,
    code: &str,
    title: String,
    detail: String,
    field: Option<String>,
) -> (StatusCode, Problem) {
    // A detail may quote the input (a parser's message does); keep it readable, not an echo.
    const MAX_DETAIL: usize = 1000;
    let detail = match detail.char_indices().nth(MAX_DETAIL) {
        Some((cut, _)) => format!("{}…", &detail[..cut]),
        None => detail,
    };
    let body = Problem {
        kind: format!("urn:plantrack:problem:{code}"),
        title,
        status: status.as_u16(),
        detail,
        field,
        request_id: None,
    };
    (status, body)
}

pub(super) fn problem_response((status, body): (StatusCode, Problem)) -> Response {
    let mut response = (status, axum::Json(body)).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/problem+json"),
    );
    response
}

impl IntoResponse for Localized {
    fn into_response(self) -> Response {
        let retry_after = self.0.retry_after();
        let mut response = problem_response(self.to_problem());
        if let Some(seconds) = retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}

impl Localized {
    /// The status and the problem document, in the reader's language: the one mapping of
    /// errors, which the API sends as problem+json and the pages show as an alert.
    pub fn to_problem(self) -> (StatusCode, Problem) {
        let Localized(error, lang) = self;
        match error {
            ApiError::Store(StoreError::Domain(e)) => {
                let status = match &e {
                    DomainError::RoleNotAllowed { .. } => StatusCode::FORBIDDEN,
                    DomainError::VersionConflict { .. } => StatusCode::PRECONDITION_FAILED,
                    DomainError::InvalidField { .. }
                    | DomainError::AmountOutOfBounds { .. }
                    | DomainError::BadDate { .. }
                    | DomainError::InvalidTemplate { .. }
                    | DomainError::Forecast(_) => StatusCode::UNPROCESSABLE_ENTITY,
                    DomainError::FollowUp(p) if !p.is_conflict() => {
                        StatusCode::UNPROCESSABLE_ENTITY
                    }
                    // A flood from one address: 429, with when to send again.
                    DomainError::Consultation(p) if p.retry_after().is_some() => {
                        StatusCode::TOO_MANY_REQUESTS
                    }
                    DomainError::Consultation(p) if !p.is_conflict() => {
                        StatusCode::UNPROCESSABLE_ENTITY
                    }
                    DomainError::Consultant(p) if !p.is_conflict() => {
                        StatusCode::UNPROCESSABLE_ENTITY
                    }
                    DomainError::Funding(p) if !p.is_conflict() => StatusCode::UNPROCESSABLE_ENTITY,
                    DomainError::Appraisal(p) if !p.is_conflict() => {
                        StatusCode::UNPROCESSABLE_ENTITY
                    }
                    _ => StatusCode::CONFLICT,
                };
                let field = match &e {
                    DomainError::InvalidField { field, .. }
                    | DomainError::AmountOutOfBounds { field, .. } => Some(field.clone()),
                    _ => None,
                };
                let (title, detail) = describe_domain(&e, lang);
                problem(status, e.code(), title, detail, field)
            }
            ApiError::Store(StoreError::Conflict {
                expected, actual, ..
            }) => {
                let (title, detail) = version_conflict(lang, expected, actual);
                problem(
                    StatusCode::PRECONDITION_FAILED,
                    "version-conflict",
                    title,
                    detail,
                    None,
                )
            }
            ApiError::Store(StoreError::NotFound { what, key }) => problem(
                StatusCode::NOT_FOUND,
                "not-found",
                lang.t("problem-not-found-title"),
                format!("{} '{key}'", noun(what, lang)),
                None,
            ),
            ApiError::Store(StoreError::Duplicate { what, key }) => problem(
                StatusCode::CONFLICT,
                "duplicate",
                lang.t("problem-duplicate-title"),
                format!("{} '{key}'", noun(what, lang)),
                None,
            ),
            ApiError::Store(StoreError::Import(plantrack_gis::GisError::ArchiveTooLarge {
                source,
                ..
            })) => {
                let (title, detail) = describe_archive_too_large(&source, lang);
                problem(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "archive-too-large",
                    title,
                    detail,
                    Some("file".to_owned()),
                )
            }
            ApiError::Store(StoreError::Import(e)) => problem(
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid-file",
                lang.t("problem-invalid-file-title"),
                e.to_string(),
                None,
            ),
            ApiError::BadRequest { field, message } => problem(
                StatusCode::BAD_REQUEST,
                "bad-request",
                lang.t("problem-bad-request-title"),
                format!("{field}: {message}"),
                Some(field),
            ),
            ApiError::FileRefused(why) => {
                use plantrack_store::blobs::BlobError;
                let detail = match why {
                    BlobError::TooLarge { limit } => lang.t_args(
                        "problem-file-too-large",
                        &[("limit", crate::format::file_size(limit, lang).into())],
                    ),
                    BlobError::Empty => lang.t("problem-file-empty"),
                    _ => lang.t("problem-file-type"),
                };
                problem(
                    StatusCode::BAD_REQUEST,
                    "bad-request",
                    lang.t("problem-bad-request-title"),
                    detail,
                    Some("file".to_owned()),
                )
            }
            ApiError::Precondition(detail) => problem(
                StatusCode::PRECONDITION_REQUIRED,
                "precondition-required",
                lang.t("problem-precondition-title"),
                detail,
                None,
            ),
            ApiError::MethodNotAllowed => problem(
                StatusCode::METHOD_NOT_ALLOWED,
                "method-not-allowed",
                lang.t("problem-method-not-allowed-title"),
                String::new(),
                None,
            ),
            ApiError::TooLarge => problem(
                StatusCode::PAYLOAD_TOO_LARGE,
                "too-large",
                lang.t("problem-too-large-title"),
                lang.t("problem-too-large-detail"),
                None,
            ),
            ApiError::BadCredentials => problem(
                StatusCode::UNAUTHORIZED,
                "bad-credentials",
                lang.t("problem-bad-credentials-title"),
                lang.t("problem-bad-credentials-detail"),
                None,
            ),
            ApiError::Unauthorized => problem(
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                lang.t("problem-unauthorized-title"),
                lang.t("problem-unauthorized-detail"),
                None,
            ),
            ApiError::Refused { action, why } => {
                // An action whose refusal needs saying more precisely has its own sentence.
                tracing::info!(reason = %why, "refused");
                let detail = lang
                    .try_t(&format!("denied-{}", action.replace('_', "-")))
                    .unwrap_or_else(|| {
                        lang.t_args("problem-forbidden-detail", &[("why", why.into())])
                    });
                problem(
                    StatusCode::FORBIDDEN,
                    "forbidden",
                    lang.t("problem-forbidden-title"),
                    detail,
                    None,
                )
            }
            ApiError::AccountDisabled => problem(
                StatusCode::FORBIDDEN,
                "account-disabled",
                lang.t("problem-account-disabled-title"),
                lang.t("problem-account-disabled-detail"),
                None,
            ),
            ApiError::Forbidden(why) => {
                // The policy's reason is written for developers (role and action keys): readers
                // get a sentence of their own, and the log keeps the reason.
                tracing::info!(reason = %why, "refused");
                let detail = lang.t_args("problem-forbidden-detail", &[("why", why.into())]);
                problem(
                    StatusCode::FORBIDDEN,
                    "forbidden",
                    lang.t("problem-forbidden-title"),
                    detail,
                    None,
                )
            }
            ApiError::Locked { until, retry_after } => problem(
                StatusCode::TOO_MANY_REQUESTS,
                "locked",
                lang.t("problem-locked-title"),
                lang.t_args(
                    "problem-locked-detail",
                    &[
                        ("until", until.into()),
                        ("minutes", retry_after.div_ceil(60).into()),
                    ],
                ),
                None,
            ),
            ApiError::Busy { retry_after } => problem(
                StatusCode::SERVICE_UNAVAILABLE,
                "busy",
                lang.t("problem-busy-title"),
                lang.t_args("problem-busy-detail", &[("seconds", retry_after.into())]),
                None,
            ),
            ApiError::NotFound => problem(
                StatusCode::NOT_FOUND,
                "not-found",
                lang.t("problem-not-found-title"),
                String::new(),
                None,
            ),
            ApiError::Document(why) => {
                tracing::error!(error = %why, "document not made");
                problem(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal",
                    lang.t("problem-internal-title"),
                    lang.t("problem-internal-detail"),
                    None,
                )
            }
            ApiError::Store(internal) => {
                // Logged in full inside the request's span (which carries its id); the client
                // gets the id through the x-request-id response header.
                tracing::error!(error = %internal, "internal error");
                problem(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal",
                    lang.t("problem-internal-title"),
                    lang.t("problem-internal-detail"),
                    None,
                )
            }
        }
    }
}

/// The name of a thing the store looked for, in the reader's language (`thing-<what>`), or
/// the store's own word for a thing that has no message.
fn noun(what: &str, lang: Lang) -> String {
    lang.try_t(&format!("thing-{what}"))
        .unwrap_or_else(|| what.to_owned())
}
