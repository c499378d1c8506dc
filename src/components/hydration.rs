//! The page script: loads the WASM bundle and hydrates the islands, and follows links without
//! page loads.
//!
//! Leptos's `HydrationScripts` puts `<link rel="preload">` hints for the bundle in the head, so
//! the browser would start the WASM download while it is still painting the page, competing with
//! the stylesheet and images the first paint needs. Quire's pages are complete HTML whose links
//! work before hydration, so the bundle can wait: this script requests it only once the page is
//! idle (at most 2 s after load), then calls each `<leptos-island>`'s export.
//!
//! It is also the client-side router of islands mode ([`islands.js`](./islands.js)): a same-site
//! link is offered to the live islands first (the home page's list handles its own addresses in
//! place), else the next page's HTML is fetched and its head tags and body swapped in. Working
//! from the server's HTML keeps navigation the same on a server and on a static host. The script
//! text is the same on every page of a build, so a Content-Security-Policy allows it by its hash.

use leptos::prelude::*;

/// Where a page finds the bundle: the addresses of the JS glue, the WASM and the stylesheet
/// (`/pkg/quire.<hash>.js` in a release build, `/pkg/quire.js` in development). The server finds
/// them on disk at startup.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BundleFiles {
    /// wasm-bindgen's JS glue, which exports `default` (instantiate) and `hydrate`.
    pub js: String,
    /// The WASM module.
    pub wasm: String,
    /// The site's stylesheet.
    pub css: String,
}

/// `<script type="module">` that imports the bundle's JS and instantiates its WASM when the
/// browser is idle, hydrates the islands, and follows links client-side.
#[component]
pub fn IdleHydrationScript(bundle: BundleFiles) -> impl IntoView {
    view! { <script type="module">{hydration_script(&bundle)}</script> }
}

/// The loader and router, after the `BUNDLE` and `QUIRE` constants (source with comments).
const PAGE_SCRIPT: &str = include_str!("islands.js");

/// [`PAGE_SCRIPT`] as pages carry it: without comment lines, blank lines and indentation.
fn page_script() -> &'static str {
    static TEXT: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    TEXT.get_or_init(|| {
        PAGE_SCRIPT
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty() && !line.starts_with("//"))
            .collect::<Vec<_>>()
            .join("\n")
    })
}

/// The script text for `bundle`.
pub fn hydration_script(bundle: &BundleFiles) -> String {
    // Addresses are JSON strings, so no quote or `</script>` in one could end the script early.
    let js = serde_json::to_string(&bundle.js).unwrap_or_default();
    let wasm = serde_json::to_string(&bundle.wasm).unwrap_or_default();
    let bundle = format!("const BUNDLE={{js:{js},wasm:{wasm}}};").replace('<', "\\u003c");
    let names = super::page_contract::script_constant();
    // The script and the names hold no `<`, so no `</script>` can end it early (tested below).
    format!("{bundle}{names}\n{}", page_script())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bundle(js: &str, wasm: &str) -> BundleFiles {
        BundleFiles {
            js: js.into(),
            wasm: wasm.into(),
            css: "/pkg/quire.css".into(),
        }
    }

    #[test]
    fn the_script_loads_the_named_bundle_when_idle() {
        let script = hydration_script(&bundle(
            "/pkg/quire.AAAAAAAAAAAAAAAAAAAAAA.js",
            "/pkg/quire.AAAAAAAAAAAAAAAAAAAAAA.wasm",
        ));
        assert!(
            script.starts_with(
                "const BUNDLE={js:\"/pkg/quire.AAAAAAAAAAAAAAAAAAAAAA.js\",\
                 wasm:\"/pkg/quire.AAAAAAAAAAAAAAAAAAAAAA.wasm\"};"
            ),
            "{script}"
        );
        assert!(script.contains("import(BUNDLE.js)"), "{script}");
        assert!(
            !script.contains("\n//"),
            "comment lines are left out: {script}"
        );
        assert!(
            script.contains("requestIdleCallback(load, { timeout: 2000 })"),
            "{script}"
        );
    }

    #[test]
    fn the_page_script_cannot_close_its_own_element() {
        assert!(
            !PAGE_SCRIPT.contains('<'),
            "islands.js must not contain `<`"
        );
    }

    #[test]
    fn nothing_in_an_address_can_close_the_script() {
        let script = hydration_script(&bundle("/pkg/\"</script><script>x.js", "/pkg/a.wasm"));
        assert!(!script.contains('<'), "{script}");
        assert!(script.contains("\\\"\\u003c/script>"), "{script}");
    }
}
