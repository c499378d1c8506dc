//! The names the page script ([`islands.js`](./islands.js)) and the Rust side share, defined once.
//!
//! The script receives them as its `QUIRE` constant, written before it on every page (see
//! `hydration::hydration_script`); the islands, the views and the browser tests use these
//! constants or their values. A test fails when the script names an event, a `data-` attribute or
//! an element id itself instead of taking it from `QUIRE`.

/// Dispatched on `window` before a same-site navigation, with the address as its `detail`;
/// cancelable: an island that shows that address itself (the home page's list) cancels it.
pub const NAVIGATE_EVENT: &str = "quire:navigate";

/// Dispatched on `window` just before the page's body is replaced: islands free their state.
pub const UNLOAD_EVENT: &str = "quire:unload";

/// A link attribute: following the link keeps the scroll position (the tag filter's links).
pub const NO_SCROLL_ATTRIBUTE: &str = "data-noscroll";

/// The id of the page's main content, focused after a navigation.
pub const MAIN_ID: &str = "main";

/// Set to `true` on `<body>` once the page's islands are hydrated; the browser tests wait for it.
pub const HYDRATED_ATTRIBUTE: &str = "data-hydrated";

/// On an embedded video's figure: the player's address, loaded into a frame when the poster is
/// clicked (the `youtube` component). Pages that have it allow the player's origin as a frame.
pub const EMBED_SRC_ATTRIBUTE: &str = "data-embed-src";

/// On an embedded video's figure: the title its frame gets.
pub const EMBED_TITLE_ATTRIBUTE: &str = "data-embed-title";

/// On a video from another site (the `video` component): its origin, which the page's policy
/// allows as a media source.
pub const MEDIA_ORIGIN_ATTRIBUTE: &str = "data-media-origin";

/// The `QUIRE` constant of the page script: every name above, as a JavaScript object literal.
pub fn script_constant() -> String {
    let entries = [
        ("navigate", NAVIGATE_EVENT),
        ("unload", UNLOAD_EVENT),
        ("noScroll", NO_SCROLL_ATTRIBUTE),
        ("main", MAIN_ID),
        ("hydrated", HYDRATED_ATTRIBUTE),
        ("embedSrc", EMBED_SRC_ATTRIBUTE),
        ("embedTitle", EMBED_TITLE_ATTRIBUTE),
        ("mediaOrigin", MEDIA_ORIGIN_ATTRIBUTE),
    ]
    .map(|(key, value)| format!("{key}:\"{value}\""));
    format!("const QUIRE={{{}}};", entries.join(","))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCRIPT: &str = include_str!("islands.js");

    /// The string literals of `script` (double-quoted, without escapes), comments left out.
    fn literals(script: &str) -> Vec<&str> {
        let code: Vec<&str> = script
            .lines()
            .filter(|line| !line.trim_start().starts_with("//"))
            .collect();
        let mut found = Vec::new();
        for line in code {
            let mut parts = line.split('"');
            parts.next();
            while let Some(literal) = parts.next() {
                found.push(literal);
                parts.next();
            }
        }
        found
    }

    #[test]
    fn the_script_takes_every_shared_name_from_quire() {
        let named: Vec<&str> = literals(SCRIPT)
            .into_iter()
            .filter(|l| l.starts_with("quire:") || l.starts_with("data-") || *l == MAIN_ID)
            .collect();
        assert!(
            named.is_empty(),
            "islands.js names {named:?} itself: define them in page_contract.rs and use QUIRE"
        );
        for key in [
            "navigate",
            "unload",
            "noScroll",
            "main",
            "hydrated",
            "embedSrc",
            "embedTitle",
            "mediaOrigin",
        ] {
            assert!(
                SCRIPT.contains(&format!("QUIRE.{key}")),
                "islands.js no longer uses QUIRE.{key}: remove it here or use it there"
            );
        }
        // `data-component` is Leptos's: it names the island's export.
        assert_eq!(
            SCRIPT.matches("dataset.").count(),
            SCRIPT.matches("dataset.component").count(),
            "attributes go through QUIRE"
        );
        assert!(
            !SCRIPT.contains("getElementById(\""),
            "ids go through QUIRE"
        );
    }

    #[test]
    fn the_constant_lists_every_name() {
        assert_eq!(
            script_constant(),
            "const QUIRE={navigate:\"quire:navigate\",unload:\"quire:unload\",\
             noScroll:\"data-noscroll\",main:\"main\",hydrated:\"data-hydrated\",\
             embedSrc:\"data-embed-src\",embedTitle:\"data-embed-title\",\
             mediaOrigin:\"data-media-origin\"};"
        );
    }
}
