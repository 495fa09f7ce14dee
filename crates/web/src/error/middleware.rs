//! What every problem response gets on its way out: the request's id in the document, and
//! the answers for no route and for a panicked handler.

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::ApiError;
use super::problem::{problem, problem_response};
use crate::i18n::Lang;

pub async fn not_found(lang: Lang) -> Response {
    ApiError::NotFound.in_lang(lang).into_response()
}

pub fn panic_response(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    tracing::error!("handler panicked");
    problem_response(problem(
        StatusCode::INTERNAL_SERVER_ERROR,
        "internal",
        // The reader's language is unknown here: Vietnamese first, then English.
        format!(
            "{} / {}",
            Lang::Vi.t("problem-internal-title"),
            Lang::En.t("problem-internal-title")
        ),
        String::new(),
        None,
    ))
}

/// Adds the request's id to every problem document, so that a user can quote it and an
/// administrator find the logged cause; the same id is in the `x-request-id` header.
pub async fn problem_request_id(
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let id = req
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let response = next.run(req).await;
    let is_problem = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/problem+json"));
    let Some(id) = id.filter(|_| is_problem) else {
        return response;
    };
    let (mut parts, body) = response.into_parts();
    // Problem documents are small (their detail is capped); the limit only guards memory.
    let Ok(bytes) = axum::body::to_bytes(body, 1024 * 1024).await else {
        return (parts.status, "").into_response();
    };
    let body = match serde_json::from_slice::<serde_json::Value>(&bytes) {
        Ok(serde_json::Value::Object(mut map)) => {
            map.insert("request_id".into(), id.into());
            serde_json::to_vec(&map).unwrap_or_else(|_| bytes.to_vec())
        }
        _ => bytes.to_vec(),
    };
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, axum::body::Body::from(body))
}
