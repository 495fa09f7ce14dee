//! The JSON API under `/api/v1`: one module per resource, each with its handlers.

pub mod agenda;
pub mod appraisal;
pub mod appraisal_compare;
pub mod appraisal_report;
pub mod calendar;
pub mod consultants;
pub mod consultation_notices;
pub mod consultations;
pub mod digest;
pub mod document;
pub mod dossiers;
pub mod follow_up;
pub mod forecast;
pub mod funding;
pub mod information_requests;
pub mod layers;
pub mod meeting_papers;
pub mod opinion_groups;
pub mod plans;
pub mod progress;
pub mod public_consultations;
pub mod reports;
pub mod session;
pub mod status_calls;
pub mod templates;
pub mod units;

use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;
use utoipa_axum::router::OpenApiRouter;

use crate::AppState;
use crate::error::{ApiError, Localized};
use crate::i18n::Lang;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .merge(units::router())
        .merge(plans::router())
        .merge(dossiers::router())
        .merge(appraisal::router())
        .merge(appraisal_report::router())
        .merge(appraisal_compare::router())
        .merge(progress::router())
        .merge(reports::router())
        .merge(meeting_papers::router())
        .merge(forecast::router())
        .merge(templates::router())
        .merge(calendar::router())
        .merge(session::router())
        .merge(layers::router())
        .merge(follow_up::router())
        .merge(agenda::router())
        .merge(status_calls::router())
        .merge(information_requests::router())
        .merge(consultants::router())
        .merge(consultations::router())
        .merge(opinion_groups::router())
        .merge(consultation_notices::router())
        .merge(funding::router())
        .merge(public_consultations::router())
        .merge(digest::router())
}

/// Liveness and database reachability.
pub async fn health(State(state): State<AppState>) -> Response {
    match state.planning.ping().await {
        Ok(()) => axum::Json(serde_json::json!({"status": "ok"})).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "health check failed");
            (
                axum::http::StatusCode::SERVICE_UNAVAILABLE,
                axum::Json(serde_json::json!({"status": "unavailable"})),
            )
                .into_response()
        }
    }
}

/// Maps store errors into problems in the reader's language.
pub(crate) fn fail(lang: Lang) -> impl Fn(plantrack_store::StoreError) -> Localized {
    move |e| ApiError::from(e).in_lang(lang)
}

/// A JSON body whose rejections are problem+json naming what was wrong.
pub struct Body<T>(pub T);

impl<S, T> FromRequest<S> for Body<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = Localized;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let lang = Lang::from_headers_and_uri(req.headers(), req.uri());
        let is_json = req
            .headers()
            .get(axum::http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .is_some_and(|mime| {
                let mime = mime.trim();
                mime == "application/json" || mime.ends_with("+json")
            });
        if !is_json {
            return Err(
                ApiError::bad_request("content-type", "expected application/json").in_lang(lang),
            );
        }
        let RawBody(bytes) = RawBody::from_request(req, state).await?;
        // PostgreSQL text cannot hold NUL; refuse it here rather than fail in the database.
        if bytes.windows(6).any(|w| w.eq_ignore_ascii_case(b"\\u0000")) {
            return Err(
                ApiError::bad_request("body", "text must not contain NUL characters").in_lang(lang),
            );
        }
        match axum::Json::<T>::from_bytes(&bytes) {
            Ok(axum::Json(v)) => Ok(Body(v)),
            Err(rejection) => match whole_numbers_as_integers(&bytes) {
                Some(rewritten) => match axum::Json::<T>::from_bytes(&rewritten) {
                    Ok(axum::Json(v)) => Ok(Body(v)),
                    Err(_) => Err(json_rejection(rejection).in_lang(lang)),
                },
                None => Err(json_rejection(rejection).in_lang(lang)),
            },
        }
    }
}

/// The body with every whole number written as an integer (`3.0` or `3e0` as `3`), if it had
/// any: JSON Schema counts them as integers, and some clients write them so, but serde reads
/// only `3` into an integer field. None when there was nothing to rewrite.
fn whole_numbers_as_integers(bytes: &[u8]) -> Option<Vec<u8>> {
    fn rewrite(value: &mut serde_json::Value) -> bool {
        match value {
            serde_json::Value::Number(n) if n.is_f64() => {
                let Some(f) = n.as_f64().filter(|f| f.fract() == 0.0) else {
                    return false;
                };
                // Only where the integer is exact: past 2^53 a float is not the number written.
                if f.abs() > 9_007_199_254_740_992.0 {
                    return false;
                }
                #[allow(clippy::cast_possible_truncation)] // whole and within ±2^53: exact
                let whole = f as i64;
                *value = whole.into();
                true
            }
            serde_json::Value::Array(items) => items.iter_mut().fold(false, |c, v| rewrite(v) | c),
            serde_json::Value::Object(map) => map.values_mut().fold(false, |c, v| rewrite(v) | c),
            _ => false,
        }
    }
    let mut value: serde_json::Value = serde_json::from_slice(bytes).ok()?;
    rewrite(&mut value)
        .then(|| serde_json::to_vec(&value).ok())
        .flatten()
}

/// The request body's bytes, within the body limit; an oversized body is a 413 problem.
pub struct RawBody(pub axum::body::Bytes);

impl<S: Send + Sync> FromRequest<S> for RawBody {
    type Rejection = Localized;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let lang = Lang::from_headers_and_uri(req.headers(), req.uri());
        match axum::body::Bytes::from_request(req, state).await {
            Ok(bytes) => Ok(RawBody(bytes)),
            Err(rejection) if rejection.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE => {
                Err(ApiError::TooLarge.in_lang(lang))
            }
            Err(rejection) => {
                Err(ApiError::bad_request("body", rejection.body_text()).in_lang(lang))
            }
        }
    }
}

/// A path parameter whose rejections are problem+json.
pub struct PathParam<T>(pub T);

impl<S, T> FromRequestParts<S> for PathParam<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = Localized;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let lang = Lang::from_parts(parts);
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(v)) => Ok(PathParam(v)),
            Err(rejection) => {
                Err(ApiError::bad_request("path", rejection.body_text()).in_lang(lang))
            }
        }
    }
}

/// Refuses NUL characters anywhere in the path or query: no text column can store them.
pub async fn refuse_nul(req: Request, next: axum::middleware::Next) -> Response {
    if req.uri().to_string().contains("%00") {
        let lang = Lang::from_headers_and_uri(req.headers(), req.uri());
        return ApiError::bad_request("uri", "must not contain NUL characters")
            .in_lang(lang)
            .into_response();
    }
    next.run(req).await
}

/// Answers a known path with an unsupported method.
pub async fn method_not_allowed(lang: Lang) -> Response {
    ApiError::MethodNotAllowed.in_lang(lang).into_response()
}

fn json_rejection(rejection: JsonRejection) -> ApiError {
    match rejection {
        JsonRejection::JsonDataError(e) => {
            // serde's message names the path of the bad field ("plan_type: unknown variant …").
            let text =
                std::error::Error::source(&e).map_or_else(|| e.body_text(), ToString::to_string);
            let field = text
                .split(':')
                .next()
                .filter(|f| !f.contains(' '))
                .unwrap_or("body");
            let message = text
                .strip_prefix(field)
                .and_then(|m| m.strip_prefix(": "))
                .unwrap_or(&text);
            ApiError::bad_request(field, message)
        }
        JsonRejection::JsonSyntaxError(e) => ApiError::bad_request("body", e.body_text()),
        JsonRejection::MissingJsonContentType(_) => {
            ApiError::bad_request("content-type", "expected application/json")
        }
        other => ApiError::bad_request("body", other.body_text()),
    }
}

/// Query parameters whose rejections are problem+json.
pub struct Params<T>(pub T);

impl<S, T> FromRequestParts<S> for Params<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = Localized;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let lang = Lang::from_parts(parts);
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(v)) => Ok(Params(v)),
            Err(QueryRejection::FailedToDeserializeQueryString(e)) => {
                let text = e.body_text();
                let detail = text
                    .trim_start_matches("Failed to deserialize query string: ")
                    .to_owned();
                let field = detail
                    .split(':')
                    .next()
                    .filter(|f| !f.contains(' '))
                    .unwrap_or("query");
                Err(ApiError::bad_request(field, detail.clone()).in_lang(lang))
            }
            Err(other) => Err(ApiError::bad_request("query", other.body_text()).in_lang(lang)),
        }
    }
}

/// Resolves paging parameters: 1–1000 items per page (100 by default), from offset 0.
pub fn paging(limit: Option<i64>, offset: Option<i64>) -> (i64, i64) {
    (
        limit.unwrap_or(100).clamp(1, 1000),
        offset.unwrap_or(0).max(0),
    )
}

/// A page of a list.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// Items matching the filters, across all pages.
    pub total: i64,
    pub limit: i64,
    pub offset: i64,
    /// The offset of the next page, if there is one.
    pub next_offset: Option<i64>,
}

impl<T> Page<T> {
    pub fn new(items: Vec<T>, total: i64, limit: i64, offset: i64) -> Self {
        let next_offset = offset.checked_add(limit).filter(|next| *next < total);
        Page {
            items,
            total,
            limit,
            offset,
            next_offset,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::whole_numbers_as_integers;

    #[test]
    fn whole_numbers_are_read_as_the_integers_they_are() {
        let rewritten = whole_numbers_as_integers(br#"{"a": 3.0, "b": [1e2, 2.5, -0.0], "c": 1}"#)
            .expect("rewritten");
        let value: serde_json::Value = serde_json::from_slice(&rewritten).unwrap();
        assert_eq!(
            value,
            serde_json::json!({"a": 3, "b": [100, 2.5, 0], "c": 1})
        );
        assert!(value["a"].is_i64() && value["b"][0].is_i64());
        // Nothing to rewrite, a float past exactness, or no JSON: the body stays as sent.
        assert_eq!(whole_numbers_as_integers(br#"{"a": 1, "b": 2.5}"#), None);
        assert_eq!(whole_numbers_as_integers(b"[1e300]"), None);
        assert_eq!(whole_numbers_as_integers(b"{"), None);
    }

    /// utoipa keeps one schema per name and silently lets the last one win, so two types
    /// both called `Withdrawal` once gave an API body the other's shape (schemathesis found
    /// `reason` documented as an object). Every type that derives `ToSchema` in the workspace
    /// must reach the document under a name of its own (`#[schema(as = ...)]` renames it).
    #[test]
    fn every_schema_name_is_given_once() {
        let crates = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut seen = std::collections::BTreeMap::<String, String>::new();
        let mut clashes = Vec::new();
        let mut files = Vec::new();
        let mut dirs = vec![crates];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).expect("readable source folder") {
                let path = entry.expect("entry").path();
                if path.is_dir() && !path.ends_with("target") {
                    dirs.push(path);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    files.push(path);
                }
            }
        }
        for file in files {
            let text = std::fs::read_to_string(&file).expect("readable source");
            let lines: Vec<&str> = text.lines().collect();
            for (at, line) in lines.iter().enumerate() {
                if !(line.trim_start().starts_with("#[derive(") && line.contains("ToSchema")) {
                    continue;
                }
                let mut renamed = None;
                for next in lines.iter().skip(at + 1).take(12) {
                    let next = next.trim_start();
                    if let Some(rest) = next.strip_prefix("#[schema(as = ") {
                        renamed = rest.split([')', ',']).next().map(str::to_owned);
                    }
                    let declared = ["pub struct ", "pub enum ", "struct ", "enum "]
                        .iter()
                        .find_map(|kw| next.strip_prefix(kw));
                    if let Some(rest) = declared {
                        let name: String = rest
                            .chars()
                            .take_while(|c| c.is_alphanumeric() || *c == '_')
                            .collect();
                        let name = renamed.take().unwrap_or(name);
                        let place = file.display().to_string();
                        if let Some(first) = seen.insert(name.clone(), place.clone()) {
                            clashes.push(format!("{name}: {first} and {place}"));
                        }
                        break;
                    }
                }
            }
        }
        assert!(
            seen.len() > 100,
            "the scan found the schemas ({})",
            seen.len()
        );
        assert!(clashes.is_empty(), "schema names given twice: {clashes:#?}");
    }
}
