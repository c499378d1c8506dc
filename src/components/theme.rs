//! Light/dark theme: follows `prefers-color-scheme` until the reader picks one, then remembers
//! the choice in `localStorage`.
//!
//! [`THEME_SCRIPT`] runs in `<head>` before the page paints, so a stored choice never flashes the
//! wrong theme; the toggle button (an island) takes over once the bundle
//! has loaded.

use leptos::prelude::*;

/// The key of the reader's choice in `localStorage`, as a literal for `concat!`.
macro_rules! storage_key {
    () => {
        "quire-theme"
    };
}

/// Key of the reader's choice in `localStorage`.
pub const STORAGE_KEY: &str = storage_key!();

/// Inline `<head>` script: applies a stored choice as `<html data-theme>` before first paint.
pub const THEME_SCRIPT: &str = concat!(
    "(function(){try{var t=localStorage.getItem('",
    storage_key!(),
    "');if(t==='dark'||t==='light'){document.documentElement.dataset.theme=t}}catch(e){}})()"
);

/// The theme currently shown, read from the document (browser only).
#[cfg(feature = "hydrate")]
fn current_is_dark() -> bool {
    let root = document().document_element();
    match root.and_then(|r| r.get_attribute("data-theme")).as_deref() {
        Some("dark") => true,
        Some("light") => false,
        _ => window()
            .match_media("(prefers-color-scheme: dark)")
            .ok()
            .flatten()
            .is_some_and(|query| query.matches()),
    }
}

/// Shows `dark` and remembers it (browser only).
#[cfg(feature = "hydrate")]
fn apply(dark: bool) {
    let theme = if dark { "dark" } else { "light" };
    if let Some(root) = document().document_element() {
        let _ = root.set_attribute("data-theme", theme);
    }
    if let Ok(Some(storage)) = window().local_storage() {
        let _ = storage.set_item(STORAGE_KEY, theme);
    }
}

/// A button that switches between light and dark: an island, on every page's header.
#[island]
pub fn ThemeToggle() -> impl IntoView {
    super::lifecycle::dispose_on_unload();
    // Unknown on the server; read from the document once hydrated.
    let dark = RwSignal::new(None::<bool>);
    // Once hydrated: a microtask, when an effect would first run too, without an effect's
    // machinery in the bundle (see `super::lifecycle::after_hydration`).
    #[cfg(feature = "hydrate")]
    super::lifecycle::after_hydration(move || {
        dark.try_set(Some(current_is_dark()));
    });
    let toggle = move |_| {
        let next = !dark.get_untracked().unwrap_or(false);
        #[cfg(feature = "hydrate")]
        apply(next);
        dark.set(Some(next));
    };
    view! {
        <button
            type="button"
            class="theme-toggle"
            aria-label="Dark theme"
            aria-pressed=move || dark.get().map(|d| if d { "true" } else { "false" })
            on:click=toggle
        >
            <span aria-hidden="true" class="theme-icon"></span>
        </button>
    }
}
