//! Quire: a full-stack Rust blog engine on Leptos.
//!
//! One crate, two targets: with the `ssr` feature it is the axum server that loads Markdown posts and
//! renders every page; with `hydrate` it is the WASM bundle that takes over the server's HTML.

// Leptos view types nest deeply; the WASM release build needs room to compute their layouts.
#![recursion_limit = "256"]

pub mod app;
pub mod components;
pub mod data;
pub mod error;
pub mod filter;
pub mod model;
pub mod pages;
pub mod server_fns;
pub mod urls;

#[cfg(feature = "ssr")]
pub mod content;
#[cfg(feature = "ssr")]
pub mod feeds;
#[cfg(feature = "ssr")]
pub mod server;
#[cfg(feature = "ssr")]
pub mod settings;

/// Entry point of the WASM bundle: hydrates the server-rendered page.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::App);
}
