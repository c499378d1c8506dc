//! The script that loads the WASM bundle and hydrates the page.
//!
//! Leptos's `HydrationScripts` also puts `<link rel="preload">` hints for the bundle in the head,
//! so the browser starts the ~340 KB WASM download (brotli) while it is still painting the page,
//! and on a slow link that download competes with the stylesheet and images the first paint
//! needs. Quire's pages are complete HTML whose links work before hydration, so the bundle can
//! wait: this script requests it only once the page is idle (at most 2 s after load), then
//! hydrates. The script text is the same on every page, so a Content-Security-Policy can allow it
//! by its hash.

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
/// browser is idle, then calls the bundle's `hydrate()`.
#[component]
pub fn IdleHydrationScript(bundle: BundleFiles) -> impl IntoView {
    view! { <script type="module">{hydration_script(&bundle)}</script> }
}

/// The script text for `bundle`.
pub fn hydration_script(bundle: &BundleFiles) -> String {
    // Addresses are JSON strings, so no quote or `</script>` in one could end the script early.
    let js = serde_json::to_string(&bundle.js).unwrap_or_default();
    let wasm = serde_json::to_string(&bundle.wasm).unwrap_or_default();
    format!(
        "const hydrate=()=>import({js}).then(m=>m.default({{module_or_path:{wasm}}}).then(()=>m.hydrate()));\
         \"requestIdleCallback\" in window?requestIdleCallback(hydrate,{{timeout:2000}}):setTimeout(hydrate,1);"
    )
    .replace('<', "\\u003c")
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
            script.contains("import(\"/pkg/quire.AAAAAAAAAAAAAAAAAAAAAA.js\")"),
            "{script}"
        );
        assert!(
            script.contains("module_or_path:\"/pkg/quire.AAAAAAAAAAAAAAAAAAAAAA.wasm\""),
            "{script}"
        );
        assert!(
            script.contains("requestIdleCallback(hydrate,{timeout:2000})"),
            "{script}"
        );
    }

    #[test]
    fn nothing_in_an_address_can_close_the_script() {
        let script = hydration_script(&bundle("/pkg/\"</script><script>x.js", "/pkg/a.wasm"));
        assert!(!script.contains('<'), "{script}");
        assert!(script.contains("\\\"\\u003c/script>"), "{script}");
    }
}
