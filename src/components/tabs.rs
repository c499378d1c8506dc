//! The `tabs` component's island: a row of tab buttons over panels that the server rendered.
//!
//! The server writes every panel, one after the other, each with its label as a small heading
//! (`.tab-label`), beside this island's tablist (`src/content/components/tabs.rs`). Without
//! JavaScript that is what a reader sees: all the panels, labelled, and no buttons (the stylesheet
//! hides the tablist until the island marks the group `data-live`). Once hydrated, the island
//! hides the other panels, gives them their tabpanel roles, and switches between them on click
//! and with the arrow keys (the WAI-ARIA tabs pattern, automatic activation).
//!
//! Only the labels travel as props: the panels stay the server's HTML, found by their ids
//! (`<id>-<n>`), so a tab's code is not sent twice.

use leptos::prelude::*;

/// The id of the `n`th panel of the tab group `group`.
pub fn panel_id(group: &str, n: usize) -> String {
    format!("{group}-{n}")
}

/// The id of the `n`th tab button of the tab group `group`.
pub fn tab_id(group: &str, n: usize) -> String {
    format!("{group}-tab-{n}")
}

/// The tablist of the tab group whose wrapper has the id `group`, with a button per label.
#[island]
pub fn Tabs(group: String, labels: Vec<String>) -> impl IntoView {
    super::lifecycle::dispose_on_unload();
    let selected = RwSignal::new(0usize);
    let count = labels.len();
    #[cfg(feature = "hydrate")]
    {
        let group = group.clone();
        Effect::new(move |_| show(&group, count, selected.get()));
    }
    #[cfg(feature = "hydrate")]
    let group_for_keys = group.clone();
    let keydown = move |event: leptos::ev::KeyboardEvent| {
        let current = selected.get_untracked();
        let next = match event.key().as_str() {
            "ArrowRight" => (current + 1) % count.max(1),
            "ArrowLeft" => (current + count.max(1) - 1) % count.max(1),
            "Home" => 0,
            "End" => count.saturating_sub(1),
            _ => return,
        };
        event.prevent_default();
        selected.set(next);
        #[cfg(feature = "hydrate")]
        if let Some(button) = document().get_element_by_id(&tab_id(&group_for_keys, next)) {
            use wasm_bindgen::JsCast as _;
            if let Ok(button) = button.dyn_into::<web_sys::HtmlElement>() {
                let _ = button.focus();
            }
        }
    };
    let buttons = labels
        .into_iter()
        .enumerate()
        .map(|(n, label)| {
            let is_selected = move || selected.get() == n;
            view! {
                <button
                    type="button"
                    role="tab"
                    class="tab"
                    id=tab_id(&group, n)
                    aria-controls=panel_id(&group, n)
                    aria-selected=move || is_selected().to_string()
                    tabindex=move || if is_selected() { "0" } else { "-1" }
                    on:click=move |_| selected.set(n)
                >
                    {label}
                </button>
            }
        })
        .collect_view();
    view! {
        <div class="tab-list" role="tablist" on:keydown=keydown>
            {buttons}
        </div>
    }
}

/// Shows the `selected` panel of `group` and hides the others; marks the group live.
#[cfg(feature = "hydrate")]
fn show(group: &str, count: usize, selected: usize) {
    let document = document();
    if let Some(wrapper) = document.get_element_by_id(group) {
        let _ = wrapper.set_attribute("data-live", "");
    }
    for n in 0..count {
        let Some(panel) = document.get_element_by_id(&panel_id(group, n)) else {
            continue;
        };
        let _ = panel.set_attribute("role", "tabpanel");
        let _ = panel.set_attribute("aria-labelledby", &tab_id(group, n));
        let _ = panel.set_attribute("tabindex", "0");
        if n == selected {
            let _ = panel.remove_attribute("hidden");
        } else {
            let _ = panel.set_attribute("hidden", "");
        }
    }
}
