//! Quire: a full-stack Rust blog engine on Leptos.
//!
//! One crate, two targets: with the `ssr` feature it is the axum server that loads Markdown posts and
//! renders every page; with `hydrate` it is the WASM bundle that brings the page's islands to life
//! (Leptos islands mode): the home page's search, tag filter and pager, and the theme toggle.
//! Everything else stays the server's HTML, so the bundle holds only those components.

// Leptos view types nest deeply; the WASM release build needs room to compute their layouts.
#![recursion_limit = "256"]

pub mod components;
pub mod error;
pub mod filter;
pub mod model;
pub mod search;
pub mod urls;

#[cfg(feature = "ssr")]
pub mod app;
#[cfg(feature = "ssr")]
pub mod content;
#[cfg(feature = "ssr")]
pub mod feeds;
#[cfg(feature = "ssr")]
pub mod memory;
#[cfg(feature = "ssr")]
pub mod pages;
#[cfg(feature = "ssr")]
pub mod server;
#[cfg(feature = "ssr")]
pub mod server_fns;
#[cfg(feature = "ssr")]
pub mod settings;
#[cfg(feature = "ssr")]
pub mod social_card;

/// Entry point of the WASM bundle: prepares the reactive runtime. The page's script then calls
/// each island's own export (`PostBrowser_…`, `ThemeToggle_…`) on its `<leptos-island>` element
/// (see [`components::hydration`]).
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    // Panic messages in the console in development; the release bundle leaves the formatting out.
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}
