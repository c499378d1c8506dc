//! Server-rendered HTML made valid and deterministic before it leaves.
//!
//! Leptos marks hydration points with `<!>`, which browsers parse as an empty comment but which is
//! an HTML parse error (a "bogus comment"); `<!---->` is the same empty comment, written validly.
//! leptos_axum also gives every response a random nonce, which lands in `nonce` attributes and, as
//! an invalid value, in the `crossorigin` attributes of the bundle's preload links. Quire's
//! Content-Security-Policy uses hashes, not nonces, so the nonce is dropped: the same page is then
//! the same bytes on every request, which caching, ETags and the static export rely on.
//!
//! Written by hand, on purpose: a rewrite with `lol_html` (one streaming pass of a real HTML
//! tokenizer, which also collected the scripts for the policy) gave the same bytes on every page
//! of a 10,000-post export but served uncached pages at 0.75x the rate of this scanner
//! (`bench/ab.sh`, median of three side-by-side runs, 2026-12-02), so the scanner stays. It only
//! has to read markup Leptos wrote, and its tests cover script text and attribute values.

use axum::body::Body;
use axum::extract::Request;
use axum::http::header::{CONTENT_LENGTH, CONTENT_SECURITY_POLICY, CONTENT_TYPE};
use axum::http::HeaderValue;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Largest page the middleware rewrites; larger ones are refused rather than buffered.
const MAX_PAGE_BYTES: usize = 64 * 1024 * 1024;

/// `html` with every `<!>` outside scripts written as `<!---->`, the response nonce (if any)
/// removed from `nonce` and `crossorigin` attributes, and anything Leptos streams after
/// `</html>` (the resolved-resource scripts) moved inside the body, where a browser's parser puts
/// it anyway.
pub fn normalize(html: &str) -> String {
    let body = inside_body(html);
    let html = body.as_str();
    let mut out = String::with_capacity(html.len() + 256);
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        if let Some(after) = rest.strip_prefix("<!>") {
            out.push_str("<!---->");
            rest = after;
        } else if starts_with_ignore_case(rest, "<script") {
            // Script text is copied as is: a `<!>` there would be data, not markup.
            let end = find_ignore_case(rest, "</script").unwrap_or(rest.len());
            out.push_str(&rest[..end]);
            rest = &rest[end..];
        } else {
            out.push('<');
            rest = &rest[1..];
        }
    }
    out.push_str(rest);
    match nonce(&out) {
        Some(nonce) => out
            .replace(&format!(" nonce=\"{nonce}\""), "")
            .replace(&format!("crossorigin=\"{nonce}\""), "crossorigin=\"\""),
        None => out,
    }
}

/// `html` with what follows `</body></html>` moved to just before `</body>`.
fn inside_body(html: &str) -> String {
    const CLOSE: &str = "</body></html>";
    match html.rfind(CLOSE) {
        Some(at) if !html[at + CLOSE.len()..].trim().is_empty() => {
            format!("{}{}{CLOSE}", &html[..at], &html[at + CLOSE.len()..])
        }
        _ => html.to_string(),
    }
}

/// The value of the first `nonce` attribute that looks like one (base64 characters only).
fn nonce(html: &str) -> Option<String> {
    const ATTRIBUTE: &str = " nonce=\"";
    html.match_indices(ATTRIBUTE).find_map(|(at, _)| {
        let start = at + ATTRIBUTE.len();
        let value = &html[start..start + html[start..].find('"')?];
        let plausible = !value.is_empty()
            && value
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '+' | '/' | '='));
        plausible.then(|| value.to_string())
    })
}

fn starts_with_ignore_case(text: &str, prefix: &str) -> bool {
    text.get(..prefix.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
}

fn find_ignore_case(text: &str, needle: &str) -> Option<usize> {
    text.as_bytes()
        .windows(needle.len())
        .position(|window| window.eq_ignore_ascii_case(needle.as_bytes()))
}

/// The Content-Security-Policy for a page: scripts only from the site itself and the inline
/// scripts of this very page, allowed by the SHA-256 hash of their text (no nonces, so a cached
/// page stays valid); WASM may be compiled; nothing may frame the page. Table cells keep their
/// `style="text-align: ..."` attributes, so inline style attributes (not elements) are allowed.
///
/// A page with an embedded player (a post's `::youtube`) may frame that player's origin, and one
/// with a video from another site (`::video`) may play media from it: only those pages, and only
/// those origins, which the components mark with `data-embed-src` and `data-media-origin`.
pub fn content_security_policy(html: &str) -> String {
    use base64::Engine as _;
    use sha2::Digest as _;
    let mut hashes: Vec<String> = inline_scripts(html)
        .map(|text| {
            let digest = sha2::Sha256::digest(text.as_bytes());
            format!(
                "'sha256-{}'",
                base64::engine::general_purpose::STANDARD.encode(digest)
            )
        })
        .collect();
    hashes.sort();
    hashes.dedup();
    let mut extra = String::new();
    use crate::components::page_contract::{EMBED_SRC_ATTRIBUTE, MEDIA_ORIGIN_ATTRIBUTE};
    let frames = origins(html, &format!(" {EMBED_SRC_ATTRIBUTE}=\""));
    if !frames.is_empty() {
        extra.push_str(&format!(" frame-src {};", frames.join(" ")));
    }
    let media = origins(html, &format!(" {MEDIA_ORIGIN_ATTRIBUTE}=\""));
    if !media.is_empty() {
        extra.push_str(&format!(" media-src 'self' {};", media.join(" ")));
    }
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' {}; style-src 'self'; \
         style-src-attr 'unsafe-inline'; img-src 'self' https: data:; connect-src 'self'; \
         font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self';{extra} \
         frame-ancestors 'none'",
        hashes.join(" ")
    )
}

/// The `https://host[:port]` origins of the attribute values that follow `marker`, each once.
fn origins(html: &str, marker: &str) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    for (at, _) in html.match_indices(marker) {
        let value = &html[at + marker.len()..];
        let Some(rest) = value.strip_prefix("https://") else {
            continue;
        };
        let host_length = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':')))
            .unwrap_or(rest.len());
        if host_length == 0 {
            continue;
        }
        let origin = format!("https://{}", &rest[..host_length]);
        if !found.contains(&origin) {
            found.push(origin);
        }
    }
    found
}

/// The text of every `<script>` without a `src` attribute, except JSON data blocks
/// (`application/json`, `application/ld+json`), which browsers never run.
fn inline_scripts(html: &str) -> impl Iterator<Item = &str> {
    let mut rest = html;
    std::iter::from_fn(move || loop {
        let start = find_ignore_case(rest, "<script")?;
        let after = &rest[start..];
        let tag_end = after.find('>')?;
        let tag = &after[..tag_end];
        let body = &after[tag_end + 1..];
        let close = find_ignore_case(body, "</script").unwrap_or(body.len());
        rest = &body[close..];
        let data_block = find_ignore_case(tag, "type=\"application/json\"").is_some()
            || find_ignore_case(tag, "type=\"application/ld+json\"").is_some();
        if !tag.contains(" src=") && !data_block {
            return Some(&body[..close]);
        }
    })
}

/// Middleware: applies [`normalize`] to every `text/html` response and gives it the
/// [`content_security_policy`] of its scripts.
pub async fn normalize_pages(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    let is_html = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("text/html"));
    if !is_html {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    match axum::body::to_bytes(body, MAX_PAGE_BYTES).await {
        Ok(bytes) => {
            let html = normalize(&String::from_utf8_lossy(&bytes));
            parts.headers.remove(CONTENT_LENGTH);
            if let Ok(policy) = HeaderValue::from_str(&content_security_policy(&html)) {
                parts.headers.insert(CONTENT_SECURITY_POLICY, policy);
            }
            Response::from_parts(parts, Body::from(html))
        }
        Err(error) => {
            tracing::error!("cannot read a rendered page: {error}");
            (StatusCode::INTERNAL_SERVER_ERROR, "Internal error\n").into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::normalize;

    #[test]
    fn hydration_markers_become_valid_empty_comments() {
        assert_eq!(
            normalize("<p>a<!> <b>b</b><!><!></p>"),
            "<p>a<!----> <b>b</b><!----><!----></p>"
        );
    }

    #[test]
    fn script_text_is_left_alone() {
        let html = "<script>let s = \"<!>\";</script><!><SCRIPT type=module>x<!></SCRIPT>";
        assert_eq!(
            normalize(html),
            "<script>let s = \"<!>\";</script><!----><SCRIPT type=module>x<!></SCRIPT>"
        );
    }

    #[test]
    fn the_response_nonce_is_dropped_everywhere() {
        let html = concat!(
            "<link rel=\"modulepreload\" href=\"/pkg/quire.js\" crossorigin=\"OU-S_-EAtfoDrk\">",
            "<script type=\"module\" nonce=\"OU-S_-EAtfoDrk\">init()</script>",
            "<p>nonce=\"not an attribute\"</p>"
        );
        assert_eq!(
            normalize(html),
            concat!(
                "<link rel=\"modulepreload\" href=\"/pkg/quire.js\" crossorigin=\"\">",
                "<script type=\"module\">init()</script>",
                "<p>nonce=\"not an attribute\"</p>"
            )
        );
    }

    #[test]
    fn scripts_after_the_document_end_move_into_the_body() {
        assert_eq!(
            normalize("<html><body><p>x</p></body></html><script>r()</script>"),
            "<html><body><p>x</p><script>r()</script></body></html>"
        );
    }

    #[test]
    fn the_policy_lists_the_hash_of_every_inline_script_and_no_others() {
        use super::content_security_policy;
        let html = "<script>a()</script><script src=\"/x.js\"></script><script type=\"module\">b()</script>\
                    <script type=\"application/json\" id=\"d\">{}</script>\
                    <script type=\"application/ld+json\">{\"a\":1}</script>";
        let policy = content_security_policy(html);
        // echo -n 'a()' | openssl dgst -sha256 -binary | base64
        assert!(
            policy.contains("'sha256-qVpDBgj7bpq5hMAcGp3AOc79J3Y1Z4HvySTwKrWDoy4='"),
            "{policy}"
        );
        // Two scripts; the JSON data blocks never run and need no hash.
        assert_eq!(policy.matches("'sha256-").count(), 2, "{policy}");
        assert!(policy.contains("'wasm-unsafe-eval'"));
        assert!(policy.contains("frame-ancestors 'none'"));
        assert!(
            !policy.contains("script-src 'self' 'unsafe-inline'"),
            "no inline scripts by default: {policy}"
        );
    }

    #[test]
    fn only_pages_with_a_player_or_foreign_video_allow_its_origin() {
        use super::content_security_policy;
        let plain = content_security_policy("<p>no embeds</p>");
        assert!(!plain.contains("frame-src"), "{plain}");
        assert!(!plain.contains("media-src"), "{plain}");
        let html = "<figure class=\"embed\" data-embed-src=\"https://www.youtube-nocookie.com/embed/x?autoplay=1\">\
                    <figure data-embed-src=\"https://www.youtube-nocookie.com/embed/y\">\
                    <figure data-media-origin=\"https://media.example:8443\">\
                    <figure data-embed-src=\"javascript:alert(1)\">";
        let policy = content_security_policy(html);
        assert!(
            policy.contains("; frame-src https://www.youtube-nocookie.com; media-src 'self' https://media.example:8443;"),
            "{policy}"
        );
        assert!(!policy.contains("javascript"), "{policy}");
    }

    #[test]
    fn pages_without_a_nonce_or_markers_are_unchanged() {
        let html = "<!DOCTYPE html><html><body><!-- a comment --><p>plain</p></body></html>";
        assert_eq!(normalize(html), html);
    }
}
