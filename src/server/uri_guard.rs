//! Address hygiene before any route sees a request: malformed percent-encoding is refused, and a
//! trailing slash is redirected away (static hosts serve `/posts/x/`, so readers share such links).

use axum::extract::Request;
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Whether every `%` in `text` starts a two-digit hex escape and the decoded bytes are UTF-8.
pub fn is_well_encoded(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = |b: Option<&u8>| b.is_some_and(u8::is_ascii_hexdigit);
            if !(hex(bytes.get(i + 1)) && hex(bytes.get(i + 2))) {
                return false;
            }
            i += 3;
        } else {
            i += 1;
        }
    }
    percent_encoding::percent_decode_str(text)
        .decode_utf8()
        .is_ok()
}

/// Middleware: 400 for a malformed path or query; everything else passes through.
pub async fn reject_malformed_uri(request: Request, next: Next) -> Response {
    let uri = request.uri();
    let ok = is_well_encoded(uri.path()) && uri.query().is_none_or(is_well_encoded);
    if ok {
        next.run(request).await
    } else {
        (
            StatusCode::BAD_REQUEST,
            "Bad request: malformed percent-encoding in the address.\n",
        )
            .into_response()
    }
}

/// The address without its trailing slashes (`/posts/x/` -> `/posts/x`), or `None` when it has
/// none. Leading slashes are collapsed, so the result never names another host (`//evil/`).
pub fn without_trailing_slash(path: &str) -> Option<String> {
    if path == "/" || !path.ends_with('/') {
        return None;
    }
    Some(format!(
        "/{}",
        path.trim_end_matches('/').trim_start_matches('/')
    ))
}

/// Middleware: a permanent redirect from `/posts/x/` to `/posts/x`, keeping the query string.
pub async fn redirect_trailing_slash(request: Request, next: Next) -> Response {
    let uri = request.uri();
    match without_trailing_slash(uri.path()) {
        None => next.run(request).await,
        Some(path) => {
            let location = match uri.query() {
                Some(query) => format!("{path}?{query}"),
                None => path,
            };
            (
                StatusCode::PERMANENT_REDIRECT,
                [(header::LOCATION, location)],
            )
                .into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{is_well_encoded, without_trailing_slash};

    #[test]
    fn trailing_slashes_are_dropped_and_never_lead_off_site() {
        assert_eq!(without_trailing_slash("/"), None);
        assert_eq!(without_trailing_slash("/posts/x"), None);
        assert_eq!(
            without_trailing_slash("/posts/x/").as_deref(),
            Some("/posts/x")
        );
        assert_eq!(without_trailing_slash("/tags//").as_deref(), Some("/tags"));
        assert_eq!(
            without_trailing_slash("//evil.example/").as_deref(),
            Some("/evil.example")
        );
        assert_eq!(without_trailing_slash("///").as_deref(), Some("/"));
    }

    #[test]
    fn valid_escapes_and_plain_text_pass() {
        for text in [
            "/",
            "/posts/hello",
            "tag=caf%C3%A9&tag=rust",
            "/tags/%E6%97%A5",
            "a%2Fb",
        ] {
            assert!(is_well_encoded(text), "{text:?}");
        }
    }

    #[test]
    fn truncated_non_hex_and_non_utf8_escapes_fail() {
        for text in ["%", "%4", "%zz", "tag=%", "/posts/%G1", "%FF", "%C3"] {
            assert!(!is_well_encoded(text), "{text:?}");
        }
    }
}
