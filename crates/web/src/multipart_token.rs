//! The CSRF token of a plain upload form (no script, and a browser that sends no
//! `Sec-Fetch-Site`): the form carries it as its first field, before the file, so the guard
//! reads only the start of the body — never the file — and hands the body on whole.

use axum::body::{Body, Bytes};
use axum::extract::Request;
use futures_util::StreamExt as _;

/// How far into the body the first field must have ended.
const HEAD_LIMIT: usize = 8 * 1024;

/// What the start of a multipart body says about its first part.
#[derive(Debug, PartialEq, Eq)]
enum First {
    /// The start ends before the first part does.
    NeedMore,
    /// The first part is another, a file, or the body is not multipart as the boundary says.
    Other,
    /// The first part is the field asked for, with this value.
    Field(String),
}

/// What `head`, the start of a multipart body with `boundary`, says about field `name` being
/// its first part.
fn first_field(head: &[u8], boundary: &str, name: &str) -> First {
    let delimiter = format!("--{boundary}");
    let Some(rest) = head.strip_prefix(delimiter.as_bytes()) else {
        // A head shorter than the first delimiter may still become it.
        return if delimiter.as_bytes().starts_with(head) {
            First::NeedMore
        } else {
            First::Other
        };
    };
    let Some(rest) = rest.strip_prefix(b"\r\n") else {
        return if b"\r\n".starts_with(rest) {
            First::NeedMore
        } else {
            First::Other
        };
    };
    let Some(end_of_headers) = find(rest, b"\r\n\r\n") else {
        return First::NeedMore;
    };
    let headers = String::from_utf8_lossy(&rest[..end_of_headers]).to_ascii_lowercase();
    let wanted = format!("name=\"{name}\"");
    let is_field = headers.lines().any(|l| {
        l.starts_with("content-disposition:")
            && l.split(';').any(|p| p.trim() == wanted)
            && !l.contains("filename=")
    });
    if !is_field {
        return First::Other;
    }
    let value = &rest[end_of_headers + 4..];
    match find(value, format!("\r\n{delimiter}").as_bytes()) {
        None => First::NeedMore,
        Some(end) => String::from_utf8(value[..end].to_vec()).map_or(First::Other, First::Field),
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The boundary of a `multipart/form-data` content type.
fn boundary(content_type: &str) -> Option<String> {
    content_type.split(';').find_map(|p| {
        let p = p.trim();
        let (k, v) = p.split_once('=')?;
        k.eq_ignore_ascii_case("boundary")
            .then(|| v.trim_matches('"').to_owned())
    })
}

/// Reads the start of `req`'s multipart body for its first field `name`; returns the request
/// with its body whole again, and the field's value when it was first.
pub async fn first_form_field(
    req: Request,
    content_type: &str,
    name: &str,
) -> (Request, Option<String>) {
    let Some(boundary) = boundary(content_type) else {
        return (req, None);
    };
    let (parts, body) = req.into_parts();
    let mut stream = body.into_data_stream();
    let mut chunks: Vec<Bytes> = Vec::new();
    let mut head: Vec<u8> = Vec::new();
    let found = loop {
        match first_field(&head, &boundary, name) {
            First::Field(value) => break Some(value),
            First::Other => break None,
            First::NeedMore => {}
        }
        if head.len() >= HEAD_LIMIT {
            break None;
        }
        match stream.next().await {
            Some(Ok(chunk)) => {
                head.extend_from_slice(&chunk);
                chunks.push(chunk);
            }
            // The body ended or failed: the handler will meet the same.
            _ => break None,
        }
    };
    let replay = futures_util::stream::iter(chunks.into_iter().map(Ok::<_, axum::Error>));
    let body = Body::from_stream(replay.chain(stream));
    (Request::from_parts(parts, body), found)
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: &[u8] = b"--XyZ\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\nt0k3n\r\n--XyZ\r\n\
        Content-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n\r\n%PDF\r\n--XyZ--\r\n";

    #[test]
    fn reads_the_first_field_and_nothing_after() {
        assert_eq!(
            first_field(BODY, "XyZ", "csrf"),
            First::Field("t0k3n".to_owned())
        );
        // Any cut before the value's end asks for more; none gives a wrong answer.
        let value_end = find(BODY, b"t0k3n").unwrap() + 5 + 2 + 5;
        for cut in 0..value_end {
            assert_eq!(
                first_field(&BODY[..cut], "XyZ", "csrf"),
                First::NeedMore,
                "cut at {cut}"
            );
        }
        assert_eq!(first_field(BODY, "XyZ", "version"), First::Other);
        assert_eq!(first_field(b"--Other\r\nx", "XyZ", "csrf"), First::Other);
        assert_eq!(first_field(b"garbage", "XyZ", "csrf"), First::Other);
        // A file part named csrf is not the field.
        let file = b"--XyZ\r\nContent-Disposition: form-data; name=\"csrf\"; filename=\"t\"\r\n\r\nt0k3n\r\n--XyZ--";
        assert_eq!(first_field(file, "XyZ", "csrf"), First::Other);
    }

    #[test]
    fn finds_the_boundary() {
        assert_eq!(
            boundary("multipart/form-data; boundary=----WebKitFormBoundaryab").as_deref(),
            Some("----WebKitFormBoundaryab")
        );
        assert_eq!(
            boundary("multipart/form-data; charset=utf-8; Boundary=\"q\"").as_deref(),
            Some("q")
        );
        assert_eq!(boundary("multipart/form-data"), None);
    }

    #[tokio::test]
    async fn hands_the_body_on_whole() {
        let req = Request::builder().body(Body::from(BODY.to_vec())).unwrap();
        let (req, token) = first_form_field(req, "multipart/form-data; boundary=XyZ", "csrf").await;
        assert_eq!(token.as_deref(), Some("t0k3n"));
        let bytes = axum::body::to_bytes(req.into_body(), usize::MAX)
            .await
            .unwrap();
        assert_eq!(&bytes[..], BODY);
    }
}
