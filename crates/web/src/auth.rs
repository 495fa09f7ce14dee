//! Who is asking. An integration sends an API token (`Authorization: Bearer pt_…`); a person
//! signs in and then sends the session cookie. Requests that change something and ride on the
//! cookie must also prove they come from our own pages: the Fetch Metadata and Origin checks,
//! and a per-session CSRF token in the `x-csrf-token` header (which htmx sends from the page).

use axum::extract::{FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::{Cookie, SameSite};
use plantrack_domain::access::Principal;

use crate::AppState;
use crate::error::{ApiError, Localized};
use crate::i18n::Lang;

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "plantrack_session";
/// The header carrying the CSRF token on state-changing requests made with the cookie.
pub const CSRF_HEADER: &str = "x-csrf-token";

/// How the caller proved who they are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Credential {
    None,
    Token,
    /// The session's secret, as the cookie carries it.
    Session(String),
}

/// The caller's account, if signed in.
#[derive(Debug, Clone)]
pub struct Auth {
    pub principal: Option<Principal>,
    pub credential: Credential,
}

pub use crate::cookies::cookie;

/// The session cookie's value, if the request carries one.
pub fn session_cookie(jar: &CookieJar) -> Option<String> {
    cookie(jar, SESSION_COOKIE)
}

/// The CSRF token of a session: derived from its secret (nothing more is stored), and
/// useless without the cookie it is bound to.
pub use plantrack_store::accounts::csrf_token;

/// The cookie of a new session: out of scripts' reach, not sent on cross-site subrequests,
/// and `Secure` when the request reached us over TLS (directly or through a proxy that says
/// so).
pub fn session_set_cookie(secret: String, max_age_seconds: i64, secure: bool) -> Cookie<'static> {
    Cookie::build((SESSION_COOKIE, secret))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .max_age(time::Duration::seconds(max_age_seconds))
        .secure(secure)
        .build()
}

/// The session cookie emptied and expired: the browser drops it.
pub fn session_clear_cookie() -> Cookie<'static> {
    session_set_cookie(String::new(), 0, false)
}

pub fn over_tls(headers: &HeaderMap) -> bool {
    headers
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("https"))
}

impl Auth {
    /// The caller, as the store's use cases take it.
    pub fn caller(&self) -> plantrack_domain::access::Caller<'_> {
        plantrack_domain::access::Caller::Account(self.principal.as_ref())
    }
}

impl FromRequestParts<AppState> for Auth {
    type Rejection = Localized;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let lang = Lang::from_parts(parts);
        let now = chrono::Utc::now();
        let db = &state.planning;
        if let Some(value) = parts.headers.get(header::AUTHORIZATION) {
            // A token that does not work is an error, not an anonymous request: the caller
            // meant to be someone.
            let secret = value
                .to_str()
                .ok()
                .and_then(|v| v.strip_prefix("Bearer "))
                .map(str::trim)
                .ok_or_else(|| ApiError::Unauthorized.in_lang(lang))?;
            let principal = db
                .token_principal(secret, now)
                .await
                .map_err(|e| ApiError::from(e).in_lang(lang))?
                .ok_or_else(|| ApiError::Unauthorized.in_lang(lang))?;
            return Ok(Auth {
                principal: Some(principal),
                credential: Credential::Token,
            });
        }
        if let Some(secret) = session_cookie(&CookieJar::from_headers(&parts.headers)) {
            let principal = db
                .session_principal(&secret, now)
                .await
                .map_err(|e| ApiError::from(e).in_lang(lang))?;
            if let Some(principal) = principal {
                return Ok(Auth {
                    principal: Some(principal),
                    credential: Credential::Session(secret),
                });
            }
        }
        Ok(Auth {
            principal: None,
            credential: Credential::None,
        })
    }
}

/// Refuses cross-site state-changing requests. Safe methods pass. Others must not come from
/// another site (Fetch Metadata, then Origin against Host, as Go 1.25's CrossOriginProtection
/// does), and when they ride on the session cookie they must carry its CSRF token — in the
/// header, a form's `csrf` field, or an upload form's first field; a multipart upload the
/// browser marks same-origin is taken on the browser's word, its body not read here. Requests
/// with an API token are not cookie-borne, so only the first check applies to them.
pub async fn csrf_guard(req: Request, next: Next) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(req).await;
    }
    let headers = req.headers();
    let lang = Lang::from_headers_and_uri(headers, req.uri());
    let refuse = |why: &str| {
        ApiError::Forbidden(why.to_owned())
            .in_lang(lang)
            .into_response()
    };
    let fetch_site = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok());
    match fetch_site {
        Some("same-origin" | "none") => {}
        Some(_) => return refuse("cross-site request"),
        None if !origin_is_host(headers) => return refuse("cross-origin request"),
        None => {}
    }
    // Signing in is exempt from the token (a browser may still hold a stale cookie); the
    // site checks above keep a login from another site out.
    let path = req.uri().path();
    let signing_in =
        req.method() == Method::POST && (path == "/api/v1/session" || path == "/login");
    if headers.get(header::AUTHORIZATION).is_some() || signing_in {
        return next.run(req).await;
    }
    let Some(secret) = session_cookie(&CookieJar::from_headers(headers)) else {
        return next.run(req).await;
    };
    let expected = csrf_token(&secret);
    if headers.get(CSRF_HEADER).and_then(|v| v.to_str().ok()) == Some(expected.as_str()) {
        return next.run(req).await;
    }
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    // A plain upload form (no script) cannot be read for a field without holding the file
    // first. The browser's word that the form is this site's stands in for the token:
    // `Sec-Fetch-Site` is a header no page can set, and the Origin, when sent, must agree.
    if content_type.starts_with("multipart/form-data")
        && fetch_site == Some("same-origin")
        && origin_is_host(headers)
    {
        return next.run(req).await;
    }
    // A plain upload form from a browser that sends no `Sec-Fetch-Site` carries the token as
    // its first field, read without reading the file.
    if content_type.starts_with("multipart/form-data") {
        let content_type = content_type.to_owned();
        let (req, sent) =
            crate::multipart_token::first_form_field(req, &content_type, "csrf").await;
        if sent.as_deref() != Some(expected.as_str()) {
            return refuse("missing or wrong CSRF token");
        }
        return next.run(req).await;
    }
    // A plain form (no script) carries the token as its `csrf` field instead.
    if !content_type.starts_with("application/x-www-form-urlencoded") {
        return refuse("missing or wrong CSRF token");
    }
    let (parts, body) = req.into_parts();
    // Forms are small; a larger body is refused as a form anyway.
    let Ok(bytes) = axum::body::to_bytes(body, 64 * 1024).await else {
        return refuse("missing or wrong CSRF token");
    };
    let sent = form_field(&bytes, "csrf");
    if sent.as_deref() != Some(expected.as_str()) {
        return refuse("missing or wrong CSRF token");
    }
    next.run(Request::from_parts(parts, axum::body::Body::from(bytes)))
        .await
}

/// Whether the request's Origin, when it names one, is this site (the Host asked).
fn origin_is_host(headers: &HeaderMap) -> bool {
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return true;
    };
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let origin_host = origin.split_once("://").map_or(origin, |(_, rest)| rest);
    origin_host == host
}

/// The first value of `name` in an urlencoded form body.
fn form_field(body: &[u8], name: &str) -> Option<String> {
    let text = std::str::from_utf8(body).ok()?;
    text.split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=')?;
        (k == name).then(|| v.to_owned())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_session_cookie_among_others() {
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            "a=1; plantrack_session=abc; b=2".parse().unwrap(),
        );
        assert_eq!(
            session_cookie(&CookieJar::from_headers(&h)).as_deref(),
            Some("abc")
        );
        h.insert(header::COOKIE, "plantrack_session=".parse().unwrap());
        assert_eq!(session_cookie(&CookieJar::from_headers(&h)), None);
    }

    #[test]
    fn csrf_tokens_are_bound_to_their_session() {
        assert_eq!(csrf_token("s1"), csrf_token("s1"));
        assert_ne!(csrf_token("s1"), csrf_token("s2"));
        assert_eq!(csrf_token("s1").len(), 64);
    }

    #[test]
    fn the_origin_must_be_the_host_when_sent() {
        let mut h = HeaderMap::new();
        h.insert(header::HOST, "plantrack.example:8080".parse().unwrap());
        assert!(origin_is_host(&h), "no Origin: nothing to disagree");
        h.insert(
            header::ORIGIN,
            "https://plantrack.example:8080".parse().unwrap(),
        );
        assert!(origin_is_host(&h));
        h.insert(header::ORIGIN, "https://evil.example".parse().unwrap());
        assert!(!origin_is_host(&h));
        h.insert(header::ORIGIN, "null".parse().unwrap());
        assert!(!origin_is_host(&h));
    }

    #[test]
    fn reads_the_token_from_a_form() {
        assert_eq!(
            form_field(b"a=1&csrf=abc&b=2", "csrf").as_deref(),
            Some("abc")
        );
        assert_eq!(form_field(b"a=1", "csrf"), None);
    }

    #[test]
    fn the_cookie_is_http_only_and_lax() {
        let c = session_set_cookie("x".into(), 60, false).to_string();
        assert_eq!(
            c,
            "plantrack_session=x; HttpOnly; SameSite=Lax; Path=/; Max-Age=60"
        );
        let c = session_set_cookie("x".into(), 60, true).to_string();
        assert!(c.contains("; Secure"), "{c}");
        assert_eq!(
            session_clear_cookie().to_string(),
            "plantrack_session=; HttpOnly; SameSite=Lax; Path=/; Max-Age=0"
        );
    }
}
