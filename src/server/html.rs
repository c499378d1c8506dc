//! Server-rendered HTML made valid and deterministic before it leaves.
//!
//! Leptos marks hydration points with `<!>`, which browsers parse as an empty comment but which is
//! an HTML parse error (a "bogus comment"); `<!---->` is the same empty comment, written validly.
//! leptos_axum also gives every response a random nonce, which lands in `nonce` attributes and, as
//! an invalid value, in the `crossorigin` attributes of the bundle's preload links. Quire's
//! Content-Security-Policy uses hashes, not nonces, so the nonce is dropped: the same page is then
//! the same bytes on every request, which caching, ETags and the static export rely on.

use axum::body::Body;
use axum::extract::Request;
use axum::http::header::{CONTENT_LENGTH, CONTENT_SECURITY_POLICY, CONTENT_TYPE};
use axum::http::HeaderValue;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Largest page the middleware rewrites; larger ones are refused rather than buffered.
const MAX_PAGE_BYTES: usize = 64 * 1024 * 1024;

/// A page made valid and deterministic, with the policy its scripts need.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Normalized {
    /// The page.
    pub html: String,
    /// Its [`content_security_policy`].
    pub policy: String,
}

/// `html` with every `<!>` (a bogus comment) written as the valid empty comment `<!---->`, the
/// response nonce removed (`nonce` attributes, and the invalid `crossorigin` values it lands in,
/// which browsers read as `anonymous` and which become `""`), and anything Leptos streams after
/// `</html>` (the resolved-resource scripts) moved inside the body, where a browser's parser puts
/// it anyway; with the policy of its inline scripts. One streaming pass of an HTML tokenizer
/// (`lol_html`), so script text and attribute values are never mistaken for markup.
pub fn normalize(html: &str) -> Result<Normalized, lol_html::errors::RewritingError> {
    use lol_html::{doc_comments, element, html_content::ContentType, text};
    use std::cell::RefCell;
    let html = inside_body(html);
    // The text of each inline script that runs; `collecting` while inside one.
    let scripts = RefCell::new(Vec::<String>::new());
    let collecting = RefCell::new(false);
    let settings = lol_html::RewriteStrSettings {
        element_content_handlers: vec![
            element!("[nonce]", |el| {
                el.remove_attribute("nonce");
                Ok(())
            }),
            element!("[crossorigin]", |el| {
                let value = el.get_attribute("crossorigin").unwrap_or_default();
                let valid = ["", "anonymous", "use-credentials"]
                    .iter()
                    .any(|v| value.eq_ignore_ascii_case(v));
                if !valid {
                    el.set_attribute("crossorigin", "")?;
                }
                Ok(())
            }),
            element!("script", |el| {
                let data_block = el.get_attribute("type").is_some_and(|t| {
                    t.eq_ignore_ascii_case("application/json")
                        || t.eq_ignore_ascii_case("application/ld+json")
                });
                let runs_inline = !el.has_attribute("src") && !data_block;
                if runs_inline {
                    scripts.borrow_mut().push(String::new());
                }
                *collecting.borrow_mut() = runs_inline;
                Ok(())
            }),
            text!("script", |chunk| {
                if *collecting.borrow() {
                    if let Some(script) = scripts.borrow_mut().last_mut() {
                        script.push_str(chunk.as_str());
                    }
                }
                Ok(())
            }),
        ],
        document_content_handlers: vec![doc_comments!(|comment| {
            if comment.text().is_empty() {
                comment.replace("<!---->", ContentType::Html);
            }
            Ok(())
        })],
        ..lol_html::RewriteStrSettings::new()
    };
    let html = lol_html::rewrite_str(&html, settings)?;
    let policy = content_security_policy(&scripts.borrow());
    Ok(Normalized { html, policy })
}

/// `html` with what follows `</body></html>` moved to just before `</body>`.
fn inside_body(html: &str) -> std::borrow::Cow<'_, str> {
    const CLOSE: &str = "</body></html>";
    match html.rfind(CLOSE) {
        Some(at) if !html[at + CLOSE.len()..].trim().is_empty() => {
            format!("{}{}{CLOSE}", &html[..at], &html[at + CLOSE.len()..]).into()
        }
        _ => html.into(),
    }
}

/// The Content-Security-Policy for a page whose inline scripts are `scripts`: scripts only from
/// the site itself and those very scripts, allowed by the SHA-256 hash of their text (no nonces,
/// so a cached page stays valid); WASM may be compiled; nothing may frame the page. Table cells
/// keep their `style="text-align: ..."` attributes, so inline style attributes (not elements) are
/// allowed.
pub fn content_security_policy(scripts: &[String]) -> String {
    use base64::Engine as _;
    use sha2::Digest as _;
    let mut hashes: Vec<String> = scripts
        .iter()
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
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' {}; style-src 'self'; \
         style-src-attr 'unsafe-inline'; img-src 'self' https: data:; connect-src 'self'; \
         font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; \
         frame-ancestors 'none'",
        hashes.join(" ")
    )
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
    let page = match axum::body::to_bytes(body, MAX_PAGE_BYTES).await {
        Ok(bytes) => normalize(&String::from_utf8_lossy(&bytes)).map_err(|e| e.to_string()),
        Err(error) => Err(error.to_string()),
    };
    match page {
        Ok(Normalized { html, policy }) => {
            parts.headers.remove(CONTENT_LENGTH);
            if let Ok(policy) = HeaderValue::from_str(&policy) {
                parts.headers.insert(CONTENT_SECURITY_POLICY, policy);
            }
            Response::from_parts(parts, Body::from(html))
        }
        Err(error) => {
            tracing::error!("cannot normalize a rendered page: {error}");
            (StatusCode::INTERNAL_SERVER_ERROR, "Internal error\n").into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::normalize;

    fn normalized(html: &str) -> String {
        normalize(html).expect("rewrites").html
    }

    #[test]
    fn hydration_markers_become_valid_empty_comments() {
        assert_eq!(
            normalized("<p>a<!> <b>b</b><!><!></p>"),
            "<p>a<!----> <b>b</b><!----><!----></p>"
        );
    }

    #[test]
    fn script_text_and_attribute_values_are_left_alone() {
        let html = "<script>let s = \"<!>\";</script><!><SCRIPT type=module>x<!></SCRIPT>\
                    <p title=\"<!>\">t</p>";
        assert_eq!(
            normalized(html),
            "<script>let s = \"<!>\";</script><!----><SCRIPT type=module>x<!></SCRIPT>\
             <p title=\"<!>\">t</p>"
        );
    }

    #[test]
    fn the_response_nonce_is_dropped_everywhere() {
        let html = concat!(
            "<link rel=\"modulepreload\" href=\"/pkg/quire.js\" crossorigin=\"OU-S_-EAtfoDrk\">",
            "<script type=\"module\" nonce=\"OU-S_-EAtfoDrk\">init()</script>",
            "<p>nonce=\"not an attribute\"</p>",
            "<img src=\"/a.png\" crossorigin=\"anonymous\">"
        );
        assert_eq!(
            normalized(html),
            concat!(
                "<link rel=\"modulepreload\" href=\"/pkg/quire.js\" crossorigin=\"\">",
                "<script type=\"module\">init()</script>",
                "<p>nonce=\"not an attribute\"</p>",
                "<img src=\"/a.png\" crossorigin=\"anonymous\">"
            )
        );
    }

    #[test]
    fn scripts_after_the_document_end_move_into_the_body() {
        assert_eq!(
            normalized("<html><body><p>x</p></body></html><script>r()</script>"),
            "<html><body><p>x</p><script>r()</script></body></html>"
        );
    }

    #[test]
    fn the_policy_lists_the_hash_of_every_inline_script_and_no_others() {
        let html = "<script>a()</script><script src=\"/x.js\"></script><script type=\"module\">b()</script>\
                    <script type=\"application/json\" id=\"d\">{}</script>\
                    <script type=\"application/ld+json\">{\"a\":1}</script>";
        let policy = normalize(html).expect("rewrites").policy;
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
    fn pages_without_a_nonce_or_markers_are_unchanged() {
        let html = "<!DOCTYPE html><html><body><!-- a comment --><p>plain</p></body></html>";
        assert_eq!(normalized(html), html);
    }
}
