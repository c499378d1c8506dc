//! How long an island lives: until the navigation script replaces the page around it.
//!
//! Leptos keeps a hydrated island's reactive state for the life of the document, which in a page
//! that navigates without loads would grow with every page visited (the home page's island holds
//! every post summary). Before it swaps in the next page the script dispatches `quire:unload` on
//! `window`; each island then frees its signals, memos and effects and its window listeners.

/// Frees the current island's reactive state on `quire:unload`. Call it in the island's body.
pub fn dispose_on_unload() {
    #[cfg(feature = "hydrate")]
    if let Some(owner) = leptos::prelude::Owner::current() {
        use leptos::prelude::{on_cleanup, window_event_listener_untyped};
        let listener = window_event_listener_untyped(
            crate::components::page_contract::UNLOAD_EVENT,
            move |_| owner.cleanup(),
        );
        on_cleanup(move || listener.remove());
    }
}
