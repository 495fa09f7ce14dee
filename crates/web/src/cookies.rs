//! Reading a request's cookies: the session's and the language's.

use axum_extra::extract::CookieJar;

/// The value of cookie `name`, if the request carries it (and it is not empty: a cleared
/// cookie a browser still sends counts as none).
pub fn cookie(jar: &CookieJar, name: &str) -> Option<String> {
    jar.get(name)
        .map(|c| c.value().to_owned())
        .filter(|v| !v.is_empty())
}
