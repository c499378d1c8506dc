//! The built bundle: which files a page loads, and how `/pkg/` serves them.
//!
//! A release build (`make build`) names the bundle after a hash of its contents
//! (`quire.<hash>.js`, `.wasm`, `.css`, cargo-leptos's `hash-files`) and writes a brotli and a
//! gzip copy next to each file (`--precompress`). Hashed files never change under their name, so
//! they are served `immutable` for a year: a reader's second visit asks for nothing. Development
//! builds keep the plain names; those are served `no-cache`, so an edit shows at once and a
//! revisit is a cheap `304 Not Modified`.
//!
//! The names are found once, at startup, by listing the package folder (see [`choose`]): the site
//! root is all an operator ships, so nothing else (such as a `hash.txt` next to the binary) has
//! to travel with it.

use crate::components::hydration::BundleFiles;
use axum::extract::Request;
use axum::http::header::{CACHE_CONTROL, VARY};
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;
use axum::Router;
use leptos::prelude::LeptosOptions;
use std::path::{Path, PathBuf};
use std::time::SystemTime;
use tower_http::services::ServeDir;

/// `Cache-Control` of files whose name holds a hash of their contents.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// `Cache-Control` of every other file in the package folder: revalidate each time.
pub const REVALIDATE: &str = "no-cache";

/// Length of cargo-leptos's content hashes: an MD5 digest in unpadded URL-safe base64.
const HASH_LEN: usize = 22;

/// The package folder of `options`: `<site_root>/<site_pkg_dir>`.
pub fn pkg_dir(options: &LeptosOptions) -> PathBuf {
    Path::new(&*options.site_root).join(&*options.site_pkg_dir)
}

/// The bundle files in the package folder of `options`; plain names when the folder is missing
/// or holds no bundle (a server run before any front-end build).
pub fn locate(options: &LeptosOptions) -> BundleFiles {
    let files: Vec<(String, SystemTime)> = std::fs::read_dir(pkg_dir(options))
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let modified = entry.metadata().ok()?.modified().ok()?;
            Some((entry.file_name().into_string().ok()?, modified))
        })
        .collect();
    choose(&files, &options.output_name, &options.site_pkg_dir)
}

/// Picks the bundle among `files` (names in the package folder with their modification times):
/// for each of the JS glue, the WASM and the stylesheet, the newest file named `<output>.<ext>`
/// or `<output>.<hash>.<ext>` (and `<output>_bg.wasm`, the name a plain `cargo build` links).
/// The newest wins so a stale file left by an earlier build never shadows the current one.
pub fn choose(files: &[(String, SystemTime)], output_name: &str, pkg: &str) -> BundleFiles {
    let pkg = pkg.trim_matches('/');
    let newest = |ext: &str, fallback: String| {
        files
            .iter()
            .filter(|(name, _)| is_bundle_file(name, output_name, ext))
            .max_by_key(|(name, modified)| (*modified, name.clone()))
            .map_or(fallback, |(name, _)| name.clone())
    };
    let url = |name: String| format!("/{pkg}/{name}");
    BundleFiles {
        js: url(newest("js", format!("{output_name}.js"))),
        wasm: url(newest("wasm", default_wasm_name(output_name))),
        css: url(newest("css", format!("{output_name}.css"))),
    }
}

/// The WASM file's name when none is on disk: cargo-leptos names it after the output name, a
/// plain `cargo build` keeps wasm-bindgen's `_bg` suffix.
fn default_wasm_name(output_name: &str) -> String {
    if option_env!("LEPTOS_OUTPUT_NAME").is_some() {
        format!("{output_name}.wasm")
    } else {
        format!("{output_name}_bg.wasm")
    }
}

/// Whether `name` is `<output>.<ext>`, `<output>.<hash>.<ext>` or (WASM) `<output>_bg.wasm`.
fn is_bundle_file(name: &str, output_name: &str, ext: &str) -> bool {
    let Some(stem) = name
        .strip_suffix(ext)
        .and_then(|rest| rest.strip_suffix('.'))
    else {
        return false;
    };
    if stem == output_name || (ext == "wasm" && stem == format!("{output_name}_bg")) {
        return true;
    }
    stem.strip_prefix(output_name)
        .and_then(|rest| rest.strip_prefix('.'))
        .is_some_and(is_hash)
}

/// Whether `text` looks like a cargo-leptos content hash.
fn is_hash(text: &str) -> bool {
    text.len() == HASH_LEN
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Whether the file at the end of `path` carries a content hash in its name
/// (`quire.<hash>.wasm`, and its `.br`/`.gz` copies).
pub fn is_hashed(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.split('.').skip(1).any(is_hash)
}

/// The package folder of `options` at `/<site_pkg_dir>`: brotli or gzip copies when the client
/// accepts them and the build wrote them, `Last-Modified` and `304` for every file, and
/// `immutable` caching for hashed names.
pub fn pkg_routes<S: Clone + Send + Sync + 'static>(options: &LeptosOptions) -> Router<S> {
    let files = ServeDir::new(pkg_dir(options))
        .precompressed_br()
        .precompressed_gzip();
    let prefix = format!("/{}", options.site_pkg_dir.trim_matches('/'));
    Router::new()
        .nest_service(&prefix, files)
        .layer(axum::middleware::from_fn(cache_control))
}

/// The site root's own files (favicon, images, `robots.txt`...), with their brotli or gzip copies
/// where they exist; any other address goes to `not_found` (the Leptos 404 page).
///
/// Files are answered here, before Leptos: its file handler shares response options between
/// concurrent requests, so under load a file could go out with another request's 404 status.
pub fn site_files<F>(options: &LeptosOptions, not_found: F) -> ServeDir<F>
where
    F: tower::Service<Request, Response = Response, Error = std::convert::Infallible>
        + Clone
        + Send
        + 'static,
    F::Future: Send + 'static,
{
    ServeDir::new(options.site_root.as_ref())
        .precompressed_br()
        .precompressed_gzip()
        .append_index_html_on_directories(false)
        .fallback(not_found)
}

/// Middleware: the `Cache-Control` of a package file, by whether its name is hashed, and `Vary`
/// for its compressed copies.
async fn cache_control(request: Request, next: Next) -> Response {
    let hashed = is_hashed(request.uri().path());
    let mut response = next.run(request).await;
    if response.status().is_success() || response.status().is_redirection() {
        let value = if hashed { IMMUTABLE } else { REVALIDATE };
        let headers = response.headers_mut();
        headers.insert(CACHE_CONTROL, HeaderValue::from_static(value));
        // The same address answers brotli, gzip or plain bytes by the request's Accept-Encoding.
        headers.insert(VARY, HeaderValue::from_static("accept-encoding"));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    const HASH_A: &str = "AAAAAAAAAAAAAAAAAAAAAA";
    const HASH_B: &str = "bbbbbbbbbb-bbbbbbbbb_b";

    fn at(seconds: u64) -> SystemTime {
        SystemTime::UNIX_EPOCH + Duration::from_secs(seconds)
    }

    #[test]
    fn hashed_release_files_are_chosen_with_their_names() {
        let files = [
            (format!("quire.{HASH_A}.js"), at(1)),
            (format!("quire.{HASH_A}.wasm"), at(1)),
            (format!("quire.{HASH_A}.wasm.br"), at(1)),
            (format!("quire.{HASH_A}.css"), at(1)),
            ("favicon.svg".to_string(), at(1)),
        ];
        let bundle = choose(&files, "quire", "pkg");
        assert_eq!(bundle.js, format!("/pkg/quire.{HASH_A}.js"));
        assert_eq!(bundle.wasm, format!("/pkg/quire.{HASH_A}.wasm"));
        assert_eq!(bundle.css, format!("/pkg/quire.{HASH_A}.css"));
    }

    #[test]
    fn plain_development_names_are_chosen_when_nothing_is_hashed() {
        let files = [
            ("quire.js".to_string(), at(1)),
            ("quire.wasm".to_string(), at(1)),
            ("quire.css".to_string(), at(1)),
        ];
        let bundle = choose(&files, "quire", "/pkg/");
        assert_eq!(bundle.js, "/pkg/quire.js");
        assert_eq!(bundle.wasm, "/pkg/quire.wasm");
        assert_eq!(bundle.css, "/pkg/quire.css");
    }

    #[test]
    fn the_newest_build_wins_over_a_stale_one() {
        let files = [
            (format!("quire.{HASH_A}.js"), at(1)),
            (format!("quire.{HASH_B}.js"), at(2)),
            ("quire.js".to_string(), at(0)),
        ];
        assert_eq!(
            choose(&files, "quire", "pkg").js,
            format!("/pkg/quire.{HASH_B}.js")
        );
    }

    #[test]
    fn other_files_and_lookalikes_are_not_the_bundle() {
        let files = [
            ("quire.js.map".to_string(), at(5)),
            ("quire.notahash.js".to_string(), at(5)),
            (format!("other.{HASH_A}.js"), at(5)),
            ("quirex.js".to_string(), at(5)),
            ("quire.js".to_string(), at(1)),
        ];
        assert_eq!(choose(&files, "quire", "pkg").js, "/pkg/quire.js");
    }

    #[test]
    fn an_empty_folder_falls_back_to_the_plain_names() {
        let bundle = choose(&[], "quire", "pkg");
        assert_eq!(bundle.js, "/pkg/quire.js");
        assert!(
            bundle.wasm == "/pkg/quire.wasm" || bundle.wasm == "/pkg/quire_bg.wasm",
            "{}",
            bundle.wasm
        );
        assert_eq!(bundle.css, "/pkg/quire.css");
    }

    #[test]
    fn only_names_with_a_content_hash_count_as_hashed() {
        assert!(is_hashed(&format!("/pkg/quire.{HASH_A}.wasm")));
        assert!(is_hashed(&format!("/pkg/quire.{HASH_A}.wasm.br")));
        assert!(!is_hashed(&format!("/pkg/snippets/x-{HASH_A}/inline0.js")));
        assert!(!is_hashed("/pkg/quire.wasm"));
        assert!(!is_hashed("/pkg/quire.css"));
        assert!(!is_hashed("/favicon.svg"));
    }
}
