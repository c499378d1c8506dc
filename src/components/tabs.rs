//! The `tabs` component's island: it brings a tab group that the server rendered to life.
//!
//! The server writes the whole group (`src/content/components/tabs.rs`): a tablist of buttons,
//! then every panel, one after the other, each with its label as a small heading
//! (`.tab-label`). Without JavaScript that is what a reader sees: all the panels, labelled, and
//! no buttons (the stylesheet hides the tablist until the group is marked `data-live`). Once
//! hydrated, this island hides the other panels and switches between them on click and with the
//! arrow keys, Home and End (the WAI-ARIA tabs pattern, automatic activation).
//!
//! The island takes no props and renders only an empty marker: props would bring serde_json
//! into the bundle (Leptos reads island props with it), about 20 KB brotli, for a list of labels
//! the page already shows. It finds its group from the marker instead.

use leptos::prelude::*;

/// The id of the `n`th panel of the tab group `group`.
pub fn panel_id(group: &str, n: usize) -> String {
    format!("{group}-{n}")
}

/// The id of the `n`th tab button of the tab group `group`.
pub fn tab_id(group: &str, n: usize) -> String {
    format!("{group}-tab-{n}")
}

/// Makes the tab group around it interactive; renders an empty, hidden marker.
#[island]
pub fn Tabs() -> impl IntoView {
    super::lifecycle::dispose_on_unload();
    let marker = NodeRef::<leptos::html::Span>::new();
    // The marker is hydrated by then (see `super::lifecycle::after_hydration`).
    #[cfg(feature = "hydrate")]
    super::lifecycle::after_hydration(move || {
        if let Some(marker) = marker.try_get_untracked().flatten() {
            live::start(&marker);
        }
    });
    view! { <span class="tabs-island" hidden node_ref=marker></span> }
}

/// The browser side: listeners on the group's tablist.
#[cfg(feature = "hydrate")]
mod live {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast as _;
    use web_sys::{Element, HtmlElement, KeyboardEvent};

    /// The group's buttons, in order.
    fn tabs(group: &Element) -> Vec<HtmlElement> {
        let Ok(list) = group.query_selector_all("[role=tab]") else {
            return Vec::new();
        };
        (0..list.length())
            .filter_map(|n| list.item(n))
            .filter_map(|node| node.dyn_into::<HtmlElement>().ok())
            .collect()
    }

    /// Selects the `selected`th tab of `group`: its panel shown, the others hidden.
    fn select(group: &Element, selected: usize, focus: bool) {
        for (n, tab) in tabs(group).iter().enumerate() {
            let chosen = n == selected;
            let _ = tab.set_attribute("aria-selected", if chosen { "true" } else { "false" });
            let _ = tab.set_attribute("tabindex", if chosen { "0" } else { "-1" });
            let panel = tab
                .get_attribute("aria-controls")
                .and_then(|id| leptos::prelude::document().get_element_by_id(&id));
            if let Some(panel) = panel {
                let _ = if chosen {
                    panel.remove_attribute("hidden")
                } else {
                    panel.set_attribute("hidden", "")
                };
            }
            if chosen && focus {
                let _ = tab.focus();
            }
        }
    }

    /// The index of the tab `target` is in, if it is one of `group`'s.
    fn index_of(group: &Element, target: Option<web_sys::EventTarget>) -> Option<usize> {
        let target = target?
            .dyn_into::<Element>()
            .ok()?
            .closest("[role=tab]")
            .ok()??;
        tabs(group).iter().position(|tab| **tab == target)
    }

    /// Wires the group that `marker` is in, and shows its first tab.
    pub fn start(marker: &Element) {
        let Ok(Some(group)) = marker.closest(".tabs") else {
            return;
        };
        select(&group, 0, false);
        let _ = group.set_attribute("data-live", "");
        let on_click = {
            let group = group.clone();
            Closure::<dyn Fn(web_sys::Event)>::new(move |event: web_sys::Event| {
                if let Some(n) = index_of(&group, event.target()) {
                    select(&group, n, false);
                }
            })
        };
        let on_key = {
            let group = group.clone();
            Closure::<dyn Fn(KeyboardEvent)>::new(move |event: KeyboardEvent| {
                let Some(current) = index_of(&group, event.target()) else {
                    return;
                };
                let count = tabs(&group).len().max(1);
                let next = match event.key().as_str() {
                    "ArrowRight" => (current + 1) % count,
                    "ArrowLeft" => (current + count - 1) % count,
                    "Home" => 0,
                    "End" => count - 1,
                    _ => return,
                };
                event.prevent_default();
                select(&group, next, true);
            })
        };
        let _ = group.add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref());
        let _ = group.add_event_listener_with_callback("keydown", on_key.as_ref().unchecked_ref());
        // The listeners live as long as the group's elements, which the next page replaces.
        on_click.forget();
        on_key.forget();
    }
}
