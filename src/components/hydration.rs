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

/// `<script type="module">` that imports `/<pkg>/<name>.js` and instantiates the WASM file when
/// the browser is idle, then calls the bundle's `hydrate()`.
#[component]
pub fn IdleHydrationScript(options: LeptosOptions) -> impl IntoView {
    view! { <script type="module">{hydration_script(&options)}</script> }
}

/// The script text for `options`.
pub fn hydration_script(options: &LeptosOptions) -> String {
    let pkg = format!("/{}", options.site_pkg_dir.trim_matches('/'));
    let js = &options.output_name;
    // cargo-leptos names the file after the output name; a plain `cargo build` keeps
    // wasm-bindgen's `_bg` suffix (Leptos's own hydration script makes the same choice).
    let wasm = if option_env!("LEPTOS_OUTPUT_NAME").is_some() {
        options.output_name.to_string()
    } else {
        format!("{}_bg", options.output_name)
    };
    format!(
        "const hydrate=()=>import(\"{pkg}/{js}.js\").then(m=>m.default({{module_or_path:\"{pkg}/{wasm}.wasm\"}}).then(()=>m.hydrate()));\
         \"requestIdleCallback\" in window?requestIdleCallback(hydrate,{{timeout:2000}}):setTimeout(hydrate,1);"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_loads_the_bundle_from_the_package_folder_when_idle() {
        let options = LeptosOptions::builder().output_name("quire").build();
        let script = hydration_script(&options);
        assert!(script.contains("import(\"/pkg/quire.js\")"), "{script}");
        assert!(
            script.contains("quire_bg.wasm") || script.contains("quire.wasm"),
            "{script}"
        );
        assert!(
            script.contains("requestIdleCallback(hydrate,{timeout:2000})"),
            "{script}"
        );
        assert!(
            !script.contains('<'),
            "nothing that could close the script: {script}"
        );
    }
}
