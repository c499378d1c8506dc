//! How long an island lives: until the navigation script replaces the page around it.
//!
//! Leptos keeps a hydrated island's reactive state for the life of the document, which in a page
//! that navigates without loads would grow with every page visited (the home page's island holds
//! every post summary). Before it swaps in the next page the script dispatches `quire:unload` on
//! `window`; each island then frees its signals, memos and effects and its window listeners.

/// Runs `task` once the islands are hydrated: in a microtask, queued while the page script calls
/// the islands' exports, so it runs when they have all rendered (where an effect would first
/// run). An island's one-off browser work goes here rather than in `Effect::new`: each effect
/// brings its own copy of the effect machinery (an abortable task, its scope and its polling),
/// 1 KB of WASM for the three islands, and none of these tasks follows a signal.
#[cfg(feature = "hydrate")]
pub fn after_hydration(task: impl FnOnce() + 'static) {
    leptos::prelude::queue_microtask(task);
}

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
