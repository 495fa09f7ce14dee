//! Front-end files embedded in the binary and served under `/assets/`, so that a provincial
//! intranet with no internet gets every script and style from this server (and the content
//! security policy can allow only `'self'`). The vendored libraries and their licences are
//! listed in `assets/vendor/README.md`.

use axum::extract::Path;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

/// (path under /assets/, content type, bytes)
const ASSETS: &[(&str, &str, &[u8])] = &[
    (
        "favicon.svg",
        "image/svg+xml",
        include_bytes!("../assets/favicon.svg"),
    ),
    (
        "app.css",
        "text/css; charset=utf-8",
        include_bytes!("../assets/app.css"),
    ),
    (
        "map.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../assets/map.js"),
    ),
    (
        "landuse-map.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../assets/landuse-map.js"),
    ),
    (
        "public-map.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../assets/public-map.js"),
    ),
    (
        "upload-progress.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../assets/upload-progress.js"),
    ),
    (
        "ogc-map.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../assets/ogc-map.js"),
    ),
    (
        "vendor/htmx/htmx.min.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../assets/vendor/htmx/htmx.min.js"),
    ),
    (
        "vendor/leaflet/leaflet.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../assets/vendor/leaflet/leaflet.js"),
    ),
    (
        "vendor/leaflet/leaflet.css",
        "text/css; charset=utf-8",
        include_bytes!("../assets/vendor/leaflet/leaflet.css"),
    ),
    (
        "vendor/leaflet/images/layers.png",
        "image/png",
        include_bytes!("../assets/vendor/leaflet/images/layers.png"),
    ),
    (
        "vendor/leaflet/images/layers-2x.png",
        "image/png",
        include_bytes!("../assets/vendor/leaflet/images/layers-2x.png"),
    ),
    (
        "vendor/leaflet/images/marker-icon.png",
        "image/png",
        include_bytes!("../assets/vendor/leaflet/images/marker-icon.png"),
    ),
    (
        "vendor/leaflet/images/marker-icon-2x.png",
        "image/png",
        include_bytes!("../assets/vendor/leaflet/images/marker-icon-2x.png"),
    ),
    (
        "vendor/leaflet/images/marker-shadow.png",
        "image/png",
        include_bytes!("../assets/vendor/leaflet/images/marker-shadow.png"),
    ),
];

/// The embedded file at `path`, if there is one.
pub fn asset(path: &str) -> Option<(&'static str, &'static [u8])> {
    ASSETS
        .iter()
        .find(|(p, _, _)| *p == path)
        .map(|(_, ty, bytes)| (*ty, *bytes))
}

/// Serves an embedded file. The names carry their library's version, so they may be cached
/// for a day; nothing is read from disk, so no request path can reach the file system.
pub async fn serve_asset(Path(path): Path<String>) -> Response {
    match asset(&path) {
        Some((content_type, bytes)) => {
            let mut response = bytes.into_response();
            let headers = response.headers_mut();
            headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
            headers.insert(
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=86400"),
            );
            response
        }
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

/// The site's icon, where browsers look for it without a link (`/favicon.ico`).
pub async fn serve_favicon() -> Response {
    serve_asset(Path("favicon.svg".to_owned())).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_vendored_file_is_embedded_with_a_type() {
        for (path, ty, bytes) in ASSETS {
            assert!(!bytes.is_empty(), "{path} is empty");
            assert!(!ty.is_empty());
        }
        assert!(asset("vendor/htmx/htmx.min.js").is_some());
        assert!(asset("../Cargo.toml").is_none());
    }

    #[test]
    fn the_libraries_make_no_request_of_their_own() {
        for (path, ty, bytes) in ASSETS.iter().filter(|(_, ty, _)| ty.starts_with("text/")) {
            let text = String::from_utf8_lossy(bytes);
            if ty.starts_with("text/css") {
                // A stylesheet fetches through url(…) and @import; comments may name anything.
                assert!(!text.contains("@import"), "{path} imports a stylesheet");
                for (i, _) in text.match_indices("url(") {
                    let target = text[i + 4..].trim_start_matches(['\'', '"']);
                    assert!(
                        target.starts_with("images/")
                            || target.starts_with("data:")
                            || target.starts_with('#'),
                        "{path} fetches {}",
                        &target[..target.len().min(40)]
                    );
                }
            } else {
                // Leaflet names its home page in the attribution link and the SVG namespace;
                // neither is fetched. Any other absolute URL in a script is suspect.
                for (i, _) in text.match_indices("://") {
                    let start = text[..i]
                        .rfind(|c: char| !c.is_ascii_alphanumeric())
                        .map_or(0, |p| p + 1);
                    let url = &text[start..text.len().min(i + 30)];
                    let allowed = ["http://www.w3.org/", "https://leafletjs.com"]
                        .iter()
                        .any(|a| url.starts_with(a));
                    assert!(
                        allowed || !url.starts_with("http"),
                        "{path} ({ty}) refers to {url}"
                    );
                }
            }
        }
    }

    /// Issue 12: Leaflet sets a string given to bindTooltip or bindPopup as innerHTML, so our
    /// scripts give them elements holding text. A string literal, a concatenation or a
    /// `String(…)` as the argument is markup from data waiting to happen. (The browser test
    /// in crates/app/tests/e2e.rs shows a markup id literally on the land-use map.)
    #[test]
    fn map_overlays_are_given_elements_not_strings() {
        let ours = ASSETS.iter().filter(|(path, ty, _)| {
            ty.starts_with("text/javascript") && !path.starts_with("vendor/")
        });
        let mut calls = 0;
        for (path, _, bytes) in ours {
            let text = String::from_utf8_lossy(bytes);
            for call in [".bindTooltip(", ".bindPopup("] {
                for (i, _) in text.match_indices(call) {
                    calls += 1;
                    let rest = &text[i + call.len()..];
                    // The first argument: up to its closing bracket or the options' comma.
                    let mut depth = 0;
                    let end = rest
                        .char_indices()
                        .find(|&(_, c)| {
                            match c {
                                '(' => depth += 1,
                                ')' | ',' if depth == 0 => return true,
                                ')' => depth -= 1,
                                _ => {}
                            }
                            false
                        })
                        .map_or(rest.len(), |(at, _)| at);
                    let argument = rest[..end].trim();
                    let stringy = argument.starts_with(['\'', '"', '`'])
                        || argument.starts_with("String(")
                        || (argument.contains(" + ") && !argument.contains('('));
                    assert!(!stringy, "{path}: {call}{argument}) passes a string");
                }
            }
        }
        assert!(
            calls >= 4,
            "found only {calls} calls: the test no longer sees them"
        );
    }
}
