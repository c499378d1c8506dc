//! Where a post lives: the site's permalink pattern, a post's own address, and the one written
//! form every address is compared in. Pure, no I/O.
//!
//! An address is a path as a request carries it: it starts with `/`, its segments are
//! percent-encoded as browsers encode them ([`crate::urls::encode`]), and it has no trailing slash,
//! no `index.html` and no `.html`. [`normalize`] turns any way of writing one (`2025/06/26/x`,
//! `/old/x/`, `/x.html`, `https://old.example/x/index.html`) into that form, so an old address
//! written any of these ways, and a request for any of them, meet in one table.

use chrono::{Datelike, NaiveDate};
use percent_encoding::percent_decode_str;

/// The default pattern: `/posts/<slug>`.
pub const DEFAULT_PATTERN: &str = "/posts/:slug";

/// The placeholders a pattern may use.
const PLACEHOLDERS: [&str; 7] = [
    ":slug", ":title", ":year", ":month", ":day", ":section", ":path",
];

/// The site-wide permalink pattern (`[content] permalink`), such as `/posts/:slug` (the default),
/// `/:year/:month/:day/:slug`, `/blog/:slug` or `/:section/:slug`.
///
/// Placeholders: `:slug` (also `:title`, as Jekyll and Hugo spell it), `:year`, `:month`, `:day`
/// (of the post's date), `:section` (the first folder under the posts folder, nothing for a post
/// at the top) and `:path` (the post's folders under the posts folder, then its slug).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Permalink {
    pattern: String,
}

impl Default for Permalink {
    fn default() -> Self {
        Permalink {
            pattern: DEFAULT_PATTERN.to_string(),
        }
    }
}

/// What a post's address is made of.
#[derive(Clone, Copy, Debug)]
pub struct Parts<'a> {
    /// The post's slug.
    pub slug: &'a str,
    /// Its date, when it has one.
    pub date: Option<NaiveDate>,
    /// Its folders under the posts folder, `/`-separated (`blog/2024`), empty at the top. A
    /// bundle's own folder is not among them.
    pub folder: &'a str,
}

impl Permalink {
    /// Checks `pattern`: it starts with `/`, names the post with `:slug`, `:title` or `:path`, and
    /// uses no other placeholder than those listed on [`Permalink`].
    pub fn parse(pattern: &str) -> Result<Permalink, String> {
        let pattern = pattern.trim();
        if !pattern.starts_with('/') {
            return Err(format!(
                "expected a path starting with `/` such as {DEFAULT_PATTERN:?}, found {pattern:?}"
            ));
        }
        for segment in pattern.split('/') {
            for word in segment.split(['-', '_', '.']) {
                if let Some(at) = word.find(':') {
                    let name = &word[at..];
                    if !PLACEHOLDERS.contains(&name) {
                        return Err(format!(
                            "unknown placeholder {name:?} in {pattern:?}; expected {}",
                            PLACEHOLDERS.join(", ")
                        ));
                    }
                }
            }
        }
        if ![":slug", ":title", ":path"]
            .iter()
            .any(|p| pattern.contains(p))
        {
            return Err(format!(
                "expected {pattern:?} to hold :slug (or :title or :path), so each post has its own address"
            ));
        }
        Ok(Permalink {
            pattern: pattern.to_string(),
        })
    }

    /// The pattern as written.
    pub fn as_str(&self) -> &str {
        &self.pattern
    }

    /// Whether the pattern needs the post's date.
    pub fn needs_date(&self) -> bool {
        [":year", ":month", ":day"]
            .iter()
            .any(|p| self.pattern.contains(p))
    }

    /// The address of the post made of `parts`, normalized. A pattern that needs a date gives an
    /// undated post the default pattern's address; `None` when the result is not an address
    /// (a slug [`normalize`] refuses).
    pub fn address(&self, parts: &Parts<'_>) -> Option<String> {
        let pattern = match parts.date {
            None if self.needs_date() => DEFAULT_PATTERN,
            _ => self.pattern.as_str(),
        };
        let date = parts.date.unwrap_or_default();
        let section = parts.folder.split('/').next().unwrap_or("");
        let path = if parts.folder.is_empty() {
            parts.slug.to_string()
        } else {
            format!("{}/{}", parts.folder, parts.slug)
        };
        // `:path` before `:slug`-like names that it does not contain; longest names first.
        let text = pattern
            .replace(":section", section)
            .replace(":path", &path)
            .replace(":title", parts.slug)
            .replace(":slug", parts.slug)
            .replace(":year", &format!("{:04}", date.year()))
            .replace(":month", &format!("{:02}", date.month()))
            .replace(":day", &format!("{:02}", date.day()));
        normalize(&text).ok()
    }
}

/// `written` in the one form addresses are compared in (see the module's comment), or why it
/// cannot be an address of this site.
///
/// A full URL keeps only its path (an alias copied from an old sitemap); a query or fragment, an
/// empty address, `.` or `..` segments, backslashes and control characters are refused.
pub fn normalize(written: &str) -> Result<String, String> {
    let refuse = |why: &str| Err(format!("expected a path such as /blog/a-post, {why}"));
    let mut path = written.trim();
    if let Some(rest) = path
        .strip_prefix("https://")
        .or_else(|| path.strip_prefix("http://"))
    {
        path = rest.find('/').map_or("/", |at| &rest[at..]);
    }
    if path.contains(['?', '#']) {
        return refuse(&format!("found a query or fragment in {written:?}"));
    }
    let mut segments = Vec::new();
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        let Ok(decoded) = percent_decode_str(segment).decode_utf8() else {
            return refuse(&format!("found a segment that is not UTF-8 in {written:?}"));
        };
        if matches!(decoded.as_ref(), "." | "..")
            || decoded.contains(['/', '\\'])
            || decoded.chars().any(|c| c.is_control() || c.is_whitespace())
        {
            return refuse(&format!(
                "found a segment that is not a plain name in {written:?}"
            ));
        }
        segments.push(crate::urls::encode(&decoded));
    }
    if segments.last().is_some_and(|s| s == "index.html") {
        segments.pop();
    } else if let Some(last) = segments.last_mut() {
        if let Some(stem) = last.strip_suffix(".html").filter(|s| !s.is_empty()) {
            *last = stem.to_string();
        }
    }
    if segments.is_empty() {
        return refuse(&format!("found the home page in {written:?}"));
    }
    Ok(format!("/{}", segments.join("/")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts<'a>(slug: &'a str, date: Option<&str>, folder: &'a str) -> Parts<'a> {
        Parts {
            slug,
            date: date.map(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").expect("a date")),
            folder,
        }
    }

    #[test]
    fn the_default_pattern_gives_posts_slug() {
        let address = Permalink::default().address(&parts("hello", None, "2024/05"));
        assert_eq!(address.as_deref(), Some("/posts/hello"));
    }

    #[test]
    fn dates_sections_and_paths_fill_their_placeholders() {
        let at = |pattern: &str, p: Parts<'_>| {
            Permalink::parse(pattern)
                .expect("a valid pattern")
                .address(&p)
        };
        let dated = parts("rust-1.88.0", Some("2025-06-06"), "inside-rust/old");
        assert_eq!(
            at("/:year/:month/:day/:slug/", dated).as_deref(),
            Some("/2025/06/06/rust-1.88.0")
        );
        assert_eq!(
            at("/:section/:slug", dated).as_deref(),
            Some("/inside-rust/rust-1.88.0")
        );
        assert_eq!(
            at("/:path", dated).as_deref(),
            Some("/inside-rust/old/rust-1.88.0")
        );
        assert_eq!(
            at("/blog/:title.html", dated).as_deref(),
            Some("/blog/rust-1.88.0")
        );
        let top = parts("about", None, "");
        assert_eq!(at("/:section/:slug", top).as_deref(), Some("/about"));
    }

    #[test]
    fn an_undated_post_under_a_dated_pattern_gets_the_default_address() {
        let pattern = Permalink::parse("/:year/:slug").expect("a valid pattern");
        assert_eq!(
            pattern.address(&parts("x", None, "")).as_deref(),
            Some("/posts/x")
        );
    }

    #[test]
    fn patterns_without_a_slug_or_with_unknown_placeholders_are_refused() {
        for bad in ["posts/:slug", "/:year/:month", "/:category/:slug"] {
            assert!(Permalink::parse(bad).is_err(), "{bad}");
        }
        let message = Permalink::parse("/:category/:slug").expect_err("unknown");
        assert!(message.contains(":category"), "{message}");
    }

    #[test]
    fn every_way_of_writing_an_address_normalizes_to_one() {
        for written in [
            "2025/06/26/Rust-1.88.0",
            "/2025/06/26/Rust-1.88.0/",
            "/2025/06/26/Rust-1.88.0.html",
            "/2025/06/26/Rust-1.88.0/index.html",
            "https://blog.rust-lang.org/2025/06/26/Rust-1.88.0/",
            "//2025//06/26/Rust-1.88.0",
        ] {
            assert_eq!(
                normalize(written).as_deref(),
                Ok("/2025/06/26/Rust-1.88.0"),
                "{written}"
            );
        }
    }

    #[test]
    fn non_ascii_addresses_compare_encoded_whichever_way_they_are_written() {
        assert_eq!(
            normalize("/日記/一"),
            normalize("/%E6%97%A5%E8%A8%98/%E4%B8%80")
        );
        assert!(normalize("/a b")
            .expect_err("a space")
            .contains("plain name"));
    }

    #[test]
    fn queries_dot_segments_and_the_home_page_are_not_addresses() {
        for bad in [
            "/a?b=1",
            "/a#top",
            "/../etc",
            "/a/./b",
            "",
            "/",
            "/index.html",
            "/a\\b",
        ] {
            assert!(normalize(bad).is_err(), "{bad:?}");
        }
    }
}
