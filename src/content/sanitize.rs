//! What happens to raw HTML in Markdown, and to link and image addresses, per the `[content]
//! raw_html` setting.
//!
//! - `sanitize` (the default): raw HTML passes through an allowlist sanitizer (ammonia), so
//!   `<script>`, event handlers, `<iframe>` and `javascript:` URLs never reach a reader, while
//!   ordinary markup (`<kbd>`, `<details>`, `<sup>`, ...) stays.
//! - `escape`: raw HTML is shown as text.
//! - `trust`: raw HTML is passed through untouched (for a blog whose only authors are trusted).
//!
//! In `sanitize` and `escape` modes, Markdown links and images whose address uses a scheme other
//! than `http`, `https` or `mailto` (`javascript:`, `data:`, `vbscript:`, ...) lose it: the link
//! points at `#` and the image has no source.

use pulldown_cmark::{CowStr, Event, Tag};
use serde::Deserialize;
use std::collections::HashSet;
use std::sync::LazyLock;

/// The `[content] raw_html` setting.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RawHtml {
    /// Allowlist sanitizing (the default).
    #[default]
    Sanitize,
    /// Raw HTML shown as text.
    Escape,
    /// Raw HTML kept as written.
    Trust,
}

/// Whether `url` is safe to follow: relative, a fragment, or `http`, `https` or `mailto`.
pub fn is_safe_url(url: &str) -> bool {
    // A scheme is letters, digits, `+`, `-`, `.` before the first `:`, with no `/`, `?` or `#`
    // earlier. Browsers ignore tabs and newlines inside it, so those are removed first.
    let cleaned: String = url
        .trim()
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let scheme_end = cleaned.find([':', '/', '?', '#']);
    match scheme_end {
        Some(at) if cleaned[at..].starts_with(':') => {
            let scheme = cleaned[..at].to_ascii_lowercase();
            matches!(scheme.as_str(), "http" | "https" | "mailto")
        }
        _ => true,
    }
}

/// Applies `mode` to the events of a post: neutralises unsafe link and image addresses, drops
/// heading attributes other than the id and classes, and turns raw HTML into text in `escape`
/// mode. Returns whether raw HTML is left for
/// [`clean_html`] (in `sanitize` mode).
pub fn apply<'a>(events: &mut [Event<'a>], mode: RawHtml) -> bool {
    if mode == RawHtml::Trust {
        return false;
    }
    let mut raw_html = false;
    for event in events.iter_mut() {
        match event {
            Event::Start(Tag::Link { dest_url, .. }) if !is_safe_url(dest_url) => {
                *dest_url = CowStr::Borrowed("#");
            }
            Event::Start(Tag::Image { dest_url, .. }) if !is_safe_url(dest_url) => {
                *dest_url = CowStr::Borrowed("");
            }
            // `## Title {#id .class key=value}`: the id and classes stay; any other attribute
            // could be an event handler (`{onclick=...}`), so it goes. Found by fuzzing.
            Event::Start(Tag::Heading { attrs, .. }) => attrs.clear(),
            // Quire's own markup (components, math), put back after sanitizing.
            Event::Html(html) if super::trusted::is_placeholder(html) => {}
            Event::Html(html) | Event::InlineHtml(html) => match mode {
                RawHtml::Escape => {
                    *event = Event::Text(std::mem::replace(html, CowStr::Borrowed("")))
                }
                _ => raw_html = true,
            },
            _ => {}
        }
    }
    raw_html
}

/// The sanitizer: ammonia's allowlist of tags, plus the attributes Quire's own rendering emits
/// (heading ids and anchors, highlighting classes, focusable table and code boxes, task boxes,
/// image sizes and lazy loading, table cell alignment).
static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::default();
    builder
        .add_tags([
            "input",
            "figure",
            "figcaption",
            "mark",
            "picture",
            "source",
            "section",
        ])
        .add_generic_attributes([
            "class",
            "id",
            "title",
            "lang",
            "dir",
            "role",
            "aria-label",
            "aria-hidden",
            "tabindex",
        ])
        .add_tag_attributes(
            "img",
            ["loading", "decoding", "width", "height", "srcset", "sizes"],
        )
        .add_tag_attributes("img", ["fetchpriority"])
        .add_tag_attributes("source", ["srcset", "type", "media"])
        .add_tag_attributes("input", ["type", "checked", "disabled"])
        .add_tag_attributes("a", ["target"])
        .add_tag_attributes("ol", ["start"])
        .add_tag_attributes("th", ["style"])
        .add_tag_attributes("td", ["style"])
        .attribute_filter(|element, attribute, value| match (element, attribute) {
            // Only pulldown-cmark's column alignment, never arbitrary CSS.
            ("th" | "td", "style") => {
                let allowed: HashSet<&str> = [
                    "text-align: left",
                    "text-align: center",
                    "text-align: right",
                ]
                .into_iter()
                .collect();
                allowed.contains(value).then(|| value.into())
            }
            ("input", "type") => (value == "checkbox").then(|| value.into()),
            ("a", "target") => (value == "_self").then(|| value.into()),
            _ => Some(value.into()),
        })
        .url_schemes(["http", "https", "mailto"].into_iter().collect())
        .link_rel(None)
        .strip_comments(true);
    builder
});

/// `html` with everything outside the allowlist removed.
pub fn clean_html(html: &str) -> String {
    SANITIZER.clean(html).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_http_https_mailto_and_relative_addresses_are_safe() {
        for safe in [
            "/posts/x",
            "#top",
            "other.md",
            "https://a.example",
            "http://a",
            "mailto:a@b.c",
            "?q=1",
            "a/b:c",
        ] {
            assert!(is_safe_url(safe), "{safe}");
        }
        for unsafe_url in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            " javascript:alert(1)",
            "java\tscript:alert(1)",
            "data:text/html;base64,PHNjcmlwdD4=",
            "vbscript:msgbox",
            "file:///etc/passwd",
        ] {
            assert!(!is_safe_url(unsafe_url), "{unsafe_url}");
        }
    }

    #[test]
    fn the_sanitizer_removes_scripts_handlers_and_frames_but_keeps_markup() {
        let html = concat!(
            "<p>ok <kbd>Ctrl</kbd><script>alert(1)</script></p>",
            "<img src=\"/a.png\" onerror=\"alert(1)\" alt=\"a\" loading=\"lazy\" width=\"3\">",
            "<a href=\"javascript:alert(1)\" onclick=\"x()\">x</a>",
            "<iframe src=\"https://evil.example\"></iframe><style>body{}</style>",
            "<table><tr><td style=\"position: fixed\">c</td><td style=\"text-align: center\">d</td></tr></table>",
            "<h2 id=\"a\">A <a class=\"heading-anchor\" href=\"#a\" aria-label=\"Link\">#</a></h2>",
        );
        let clean = clean_html(html);
        for gone in [
            "<script",
            "alert(1)",
            "onerror",
            "onclick",
            "javascript:",
            "<iframe",
            "<style",
            "position",
        ] {
            assert!(!clean.contains(gone), "{gone} survived: {clean}");
        }
        for kept in [
            "<kbd>Ctrl</kbd>",
            "loading=\"lazy\"",
            "width=\"3\"",
            "<h2 id=\"a\">",
            "class=\"heading-anchor\"",
            "aria-label=\"Link\"",
            "<td style=\"text-align: center\">d</td>",
        ] {
            assert!(clean.contains(kept), "{kept} lost: {clean}");
        }
    }
}
