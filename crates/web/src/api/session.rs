//! Signing in and out. A successful sign-in starts a new server-side session (a new secret
//! every time, so a session fixed before sign-in is worthless) and answers with the account
//! and the CSRF token the page sends back on every change.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum_extra::extract::CookieJar;
use plantrack_domain::access::Principal;
use serde::{Deserialize, Serialize};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{Body, fail};
use crate::AppState;
use crate::auth::{
    Auth, Credential, csrf_token, over_tls, session_clear_cookie, session_cookie,
    session_set_cookie,
};
use crate::client::ClientAddr;
use crate::error::{ApiError, Localized};
use crate::i18n::Lang;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(whoami, sign_in, sign_out))
        .routes(routes!(change_password))
        .routes(routes!(audit))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct SignIn {
    pub username: String,
    pub password: String,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SessionView {
    pub principal: Principal,
    /// Send it as `x-csrf-token` with every change made through the session cookie.
    pub csrf_token: Option<String>,
}

/// The signed-in account.
#[utoipa::path(get, path = "/session", tag = "session", security(("bearer" = []), ("session" = [])),
    responses((status = 200, body = SessionView), (status = 401, body = crate::error::Problem)))]
async fn whoami(lang: Lang, auth: Auth) -> Result<axum::Json<SessionView>, Localized> {
    let principal = auth
        .principal
        .ok_or_else(|| ApiError::Unauthorized.in_lang(lang))?;
    let csrf_token = match &auth.credential {
        Credential::Session(secret) => Some(csrf_token(secret)),
        _ => None,
    };
    Ok(axum::Json(SessionView {
        principal,
        csrf_token,
    }))
}

/// Sign in with a username and password. Repeated failures hold back the account (except from
/// addresses it signed in from lately, which wait a little longer after each failure) and the
/// client's address for a while (429); when too many sign-ins are being checked at once, the
/// rest are refused at once (503). Both say how long to wait in `Retry-After`.
#[utoipa::path(post, path = "/session", tag = "session", request_body = SignIn,
    responses((status = 200, body = SessionView,
               headers(("set-cookie" = String, description = "The new session's cookie"))),
              (status = 401, description = "Wrong username or password", body = crate::error::Problem),
              (status = 403, description = "The account is disabled", body = crate::error::Problem),
              (status = 429, description = "Too many failed sign-ins: the account, or sign-ins from \
                  this address, are held back for a while", body = crate::error::Problem,
               headers(("retry-after" = u64, description = "Seconds to wait before trying again"))),
              (status = 503, description = "The server is busy checking other sign-ins: try again \
                  shortly", body = crate::error::Problem,
               headers(("retry-after" = u64, description = "Seconds to wait before trying again")))))]
async fn sign_in(
    State(state): State<AppState>,
    lang: Lang,
    ClientAddr(client): ClientAddr,
    headers: HeaderMap,
    jar: CookieJar,
    Body(req): Body<SignIn>,
) -> Result<Response, Localized> {
    let db = &state.planning;
    let now = chrono::Utc::now();
    let principal = db
        .authenticate(&req.username, &req.password, client, now)
        .await
        .map_err(|e| login_error(e).in_lang(lang))?;
    // A session the browser already had ends here: the new one gets a fresh secret.
    if let Some(old) = session_cookie(&jar) {
        db.delete_session(&old).await.map_err(fail(lang))?;
    }
    let (secret, expires_at) = db
        .create_session(principal.user_id, now)
        .await
        .map_err(fail(lang))?;
    let max_age = (expires_at - now).num_seconds().max(0);
    let view = SessionView {
        principal,
        csrf_token: Some(csrf_token(&secret)),
    };
    let cookie = session_set_cookie(secret, max_age, over_tls(&headers));
    Ok((jar.add(cookie), axum::Json(view)).into_response())
}

/// Sign out: the session ends on the server and the cookie is cleared.
#[utoipa::path(delete, path = "/session", tag = "session", security((), ("session" = [])),
    responses((status = 204, description = "Signed out; the cookie is cleared")))]
async fn sign_out(
    State(state): State<AppState>,
    lang: Lang,
    jar: CookieJar,
) -> Result<Response, Localized> {
    if let Some(secret) = session_cookie(&jar) {
        state
            .planning
            .delete_session(&secret)
            .await
            .map_err(fail(lang))?;
    }
    Ok((StatusCode::NO_CONTENT, jar.add(session_clear_cookie())).into_response())
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct PasswordChange {
    pub current_password: String,
    #[schema(min_length = 12)]
    pub new_password: String,
}

/// Change one's own password (at least 12 characters). Every session of the account ends,
/// this one too, and its API tokens are revoked: sign in again with the new password.
#[utoipa::path(post, path = "/session/password", tag = "session", request_body = PasswordChange,
    security(("bearer" = []), ("session" = [])),
    responses((status = 204, description = "Changed; every session and token of the account ended"),
              (status = 401, body = crate::error::Problem),
              (status = 422, body = crate::error::Problem),
              (status = 429, description = "Too many failed sign-ins: the current password is not \
                  checked for a while", body = crate::error::Problem,
               headers(("retry-after" = u64, description = "Seconds to wait before trying again"))),
              (status = 503, description = "The server is busy checking other sign-ins: try again \
                  shortly", body = crate::error::Problem,
               headers(("retry-after" = u64, description = "Seconds to wait before trying again")))))]
async fn change_password(
    State(state): State<AppState>,
    lang: Lang,
    auth: Auth,
    ClientAddr(client): ClientAddr,
    jar: CookieJar,
    Body(req): Body<PasswordChange>,
) -> Result<Response, Localized> {
    let principal = auth
        .principal
        .ok_or_else(|| ApiError::Unauthorized.in_lang(lang))?;
    state
        .planning
        .change_password(
            &principal,
            &req.current_password,
            &req.new_password,
            client,
            chrono::Utc::now(),
        )
        .await
        .map_err(|e| login_error(e).in_lang(lang))?;
    Ok((StatusCode::NO_CONTENT, jar.add(session_clear_cookie())).into_response())
}

/// Verify the tamper-evident history (administrator, leadership): every dossier's hash chain
/// recomputed, the first broken link named, and every dossier's row and stage spans rebuilt
/// from its events, each difference named (`projection_problems`).
#[utoipa::path(get, path = "/audit", tag = "session", security(("bearer" = []), ("session" = [])),
    responses((status = 200, description = "The audit report"), (status = 401, body = crate::error::Problem),
              (status = 403, body = crate::error::Problem)))]
async fn audit(
    State(state): State<AppState>,
    lang: Lang,
    auth: Auth,
) -> Result<Response, Localized> {
    let report = state
        .planning
        .verify_history(auth.caller(), &mut |_| {})
        .await
        .map_err(fail(lang))?;
    Ok(axum::Json(report).into_response())
}

pub(crate) fn login_error(e: plantrack_store::accounts::LoginError) -> ApiError {
    use plantrack_store::accounts::LoginError;
    match e {
        LoginError::BadCredentials => ApiError::BadCredentials,
        LoginError::Disabled => ApiError::AccountDisabled,
        LoginError::LockedUntil(until) => {
            // Whole seconds, rounded up: a client that waits this long is not refused again.
            let millis = (until - chrono::Utc::now()).num_milliseconds().max(0);
            ApiError::Locked {
                until: crate::format::timestamp(until),
                retry_after: (millis as u64).div_ceil(1000).max(1),
            }
        }
        LoginError::Busy(wait) => ApiError::Busy {
            retry_after: wait.as_secs().max(1),
        },
        LoginError::Store(e) => ApiError::Store(e),
    }
}

/// A page's answer to a refused sign-in or password change, with the `Retry-After` the API
/// would send.
pub(crate) fn with_retry_after(mut response: Response, retry_after: Option<u64>) -> Response {
    if let Some(seconds) = retry_after {
        response.headers_mut().insert(
            axum::http::header::RETRY_AFTER,
            axum::http::HeaderValue::from(seconds),
        );
    }
    response
}
