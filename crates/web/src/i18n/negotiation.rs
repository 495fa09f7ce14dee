//! Which language a request gets: `?lang=`, then Accept-Language (the API), and the cookie
//! that remembers the choice of someone not signed in (the pages).

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, Uri, header};
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::{Cookie, SameSite};

use super::Lang;

/// The cookie that remembers the language of someone not signed in.
pub const LANG_COOKIE: &str = "plantrack_lang";

/// The language cookie for `lang`, kept a year. Not HttpOnly: it holds no secret.
pub fn language_cookie(lang: Lang) -> Cookie<'static> {
    Cookie::build((LANG_COOKIE, lang.code()))
        .path("/")
        .same_site(SameSite::Lax)
        .max_age(time::Duration::seconds(31_536_000))
        .build()
}

impl Lang {
    /// The language a query string asks for (`lang=`).
    pub fn from_query(query: Option<&str>) -> Option<Self> {
        query.and_then(|q| {
            q.split('&')
                .filter_map(|kv| kv.strip_prefix("lang="))
                .find_map(Lang::parse)
        })
    }

    /// The language the cookie remembers, if the request carries it.
    pub fn from_cookie(jar: &CookieJar) -> Option<Self> {
        crate::cookies::cookie(jar, LANG_COOKIE).and_then(|v| Lang::parse(&v))
    }

    /// `?lang=` wins, then the first supported language of Accept-Language, then Vietnamese.
    pub fn from_parts(parts: &Parts) -> Self {
        Self::from_headers_and_uri(&parts.headers, &parts.uri)
    }

    pub fn from_headers_and_uri(headers: &HeaderMap, uri: &Uri) -> Self {
        let from_query = Lang::from_query(uri.query());
        from_query
            .or_else(|| {
                headers
                    .get(header::ACCEPT_LANGUAGE)
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| {
                        v.split(',')
                            .find_map(|tag| Lang::parse(tag.split(';').next().unwrap_or("")))
                    })
            })
            .unwrap_or(Lang::Vi)
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Lang {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(Lang::from_parts(parts))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_language_cookie_is_kept_a_year_for_the_whole_site() {
        assert_eq!(
            language_cookie(Lang::Id).to_string(),
            "plantrack_lang=id; SameSite=Lax; Path=/; Max-Age=31536000"
        );
    }
}
