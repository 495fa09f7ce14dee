//! The API's one error type, mapped once to RFC 9457 problem+json. Internal failures are
//! logged with the request id and answered with a generic message: no SQL, paths or driver
//! text ever reaches the client.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use plantrack_domain::DomainError;
use plantrack_store::StoreError;
use serde::Serialize;

use crate::i18n::{Lang, describe_domain, version_conflict};

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

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error(transparent)]
    Store(StoreError),
    #[error("bad request: {field}: {message}")]
    BadRequest { field: String, message: String },
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
    /// Signed in, not allowed.
    #[error("forbidden: {0}")]
    Forbidden(String),
    /// Too many failed sign-ins: the account is locked until then.
    #[error("locked until {0}")]
    Locked(String),
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
            forbidden => ApiError::Forbidden(forbidden.to_string()),
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
}

fn problem(
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

fn problem_response((status, body): (StatusCode, Problem)) -> Response {
    let mut response = (status, axum::Json(body)).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/problem+json"),
    );
    response
}

impl IntoResponse for Localized {
    fn into_response(self) -> Response {
        problem_response(self.to_problem())
    }
}

impl Localized {
    /// The status and the problem document, in the reader's language: the one mapping of
    /// errors, which the API sends as problem+json and the pages show as an alert.
    pub fn to_problem(self) -> (StatusCode, Problem) {
        let Localized(error, lang) = self;
        let t = |vi: &str, en: &str, id: &str| lang.pick(vi, en, id).to_owned();
        match error {
            ApiError::Store(StoreError::Domain(e)) => {
                let status = match &e {
                    DomainError::RoleNotAllowed { .. } => StatusCode::FORBIDDEN,
                    DomainError::VersionConflict { .. } => StatusCode::PRECONDITION_FAILED,
                    DomainError::InvalidField { .. }
                    | DomainError::BadDate { .. }
                    | DomainError::InvalidTemplate { .. } => StatusCode::UNPROCESSABLE_ENTITY,
                    _ => StatusCode::CONFLICT,
                };
                let field = match &e {
                    DomainError::InvalidField { field, .. } => Some(field.clone()),
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
                t("Không tìm thấy", "Not found", "Tidak ditemukan"),
                format!("{} '{key}'", noun(what, lang)),
                None,
            ),
            ApiError::Store(StoreError::Duplicate { what, key }) => problem(
                StatusCode::CONFLICT,
                "duplicate",
                t("Đã tồn tại", "Already exists", "Sudah ada"),
                format!("{} '{key}'", noun(what, lang)),
                None,
            ),
            ApiError::Store(StoreError::Import(e)) => problem(
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid-file",
                t("Tệp không hợp lệ", "Invalid file", "Berkas tidak valid"),
                e.to_string(),
                None,
            ),
            ApiError::BadRequest { field, message } => problem(
                StatusCode::BAD_REQUEST,
                "bad-request",
                t(
                    "Yêu cầu không hợp lệ",
                    "Bad request",
                    "Permintaan tidak valid",
                ),
                format!("{field}: {message}"),
                Some(field),
            ),
            ApiError::Precondition(detail) => problem(
                StatusCode::PRECONDITION_REQUIRED,
                "precondition-required",
                t(
                    "Thiếu điều kiện phiên bản",
                    "Version precondition required",
                    "Prasyarat versi diperlukan",
                ),
                detail,
                None,
            ),
            ApiError::MethodNotAllowed => problem(
                StatusCode::METHOD_NOT_ALLOWED,
                "method-not-allowed",
                t(
                    "Phương thức không được hỗ trợ",
                    "Method not allowed",
                    "Metode tidak diizinkan",
                ),
                String::new(),
                None,
            ),
            ApiError::TooLarge => problem(
                StatusCode::PAYLOAD_TOO_LARGE,
                "too-large",
                t(
                    "Dữ liệu gửi lên quá lớn",
                    "Request body too large",
                    "Isi permintaan terlalu besar",
                ),
                t(
                    "Giới hạn là 2 MiB.",
                    "The limit is 2 MiB.",
                    "Batasnya 2 MiB.",
                ),
                None,
            ),
            ApiError::Unauthorized => problem(
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                t("Cần đăng nhập", "Sign in required", "Perlu masuk"),
                t(
                    "Hãy đăng nhập hoặc gửi mã truy cập hợp lệ.",
                    "Sign in, or send a valid API token.",
                    "Silakan masuk, atau kirim token API yang sah.",
                ),
                None,
            ),
            ApiError::Forbidden(why) => {
                // The policy's reason is written for developers, in English: readers of the
                // other languages get a sentence of their own, and the log keeps the reason.
                tracing::info!(reason = %why, "refused");
                let detail = match lang {
                    Lang::En => why,
                    Lang::Vi => "Tài khoản của bạn không được xem hoặc làm việc này (ngoài phạm vi hoặc vai trò được giao).".into(),
                    Lang::Id => "Akun Anda tidak boleh melihat atau melakukan ini (di luar cakupan atau peran yang diberikan).".into(),
                };
                problem(
                    StatusCode::FORBIDDEN,
                    "forbidden",
                    t("Không có quyền", "Not allowed", "Tidak diizinkan"),
                    detail,
                    None,
                )
            }
            ApiError::Locked(until) => problem(
                StatusCode::TOO_MANY_REQUESTS,
                "locked",
                t(
                    "Tài khoản tạm khóa",
                    "Account temporarily locked",
                    "Akun dikunci sementara",
                ),
                match lang {
                    Lang::Vi => format!("Đăng nhập sai quá nhiều lần; thử lại sau {until}."),
                    Lang::En => format!("Too many failed sign-ins; try again after {until}."),
                    Lang::Id => format!("Terlalu banyak gagal masuk; coba lagi setelah {until}."),
                },
                None,
            ),
            ApiError::NotFound => problem(
                StatusCode::NOT_FOUND,
                "not-found",
                t("Không tìm thấy", "Not found", "Tidak ditemukan"),
                String::new(),
                None,
            ),
            ApiError::Store(internal) => {
                // Logged in full inside the request's span (which carries its id); the client
                // gets the id through the x-request-id response header.
                tracing::error!(error = %internal, "internal error");
                problem(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal",
                    t("Lỗi hệ thống", "Internal error", "Kesalahan internal"),
                    t(
                        "Đã xảy ra lỗi; hãy báo mã yêu cầu (x-request-id) cho quản trị viên.",
                        "Something went wrong; give the request id (x-request-id) to your administrator.",
                        "Terjadi kesalahan; berikan id permintaan (x-request-id) kepada administrator.",
                    ),
                    None,
                )
            }
        }
    }
}

/// The name of a thing the store looked for, in the reader's language.
fn noun(what: &str, lang: Lang) -> &str {
    let (vi, id) = match what {
        "dossier" => ("Hồ sơ", "Berkas"),
        "plan" => ("Quy hoạch", "Rencana"),
        "unit" => ("Đơn vị hành chính", "Wilayah"),
        "template" => ("Quy trình", "Prosedur"),
        "user" => ("Tài khoản", "Akun"),
        "organisation" => ("Cơ quan", "Instansi"),
        "token" => ("Mã truy cập", "Token"),
        "decision" => ("Quyết định", "Keputusan"),
        _ => (what, what),
    };
    lang.pick(vi, what, id)
}

pub async fn not_found(lang: Lang) -> Response {
    ApiError::NotFound.in_lang(lang).into_response()
}

pub fn panic_response(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    tracing::error!("handler panicked");
    problem_response(problem(
        StatusCode::INTERNAL_SERVER_ERROR,
        "internal",
        "Lỗi hệ thống / Internal error".into(),
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
