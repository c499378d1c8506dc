//! The search box of the home page.
//!
//! Without JavaScript it is a plain GET form (`/?q=...`, keeping the selected tags); once its
//! island is live every keystroke updates the query string in place and the list re-filters at
//! once.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;

/// A search field showing `query`; `active` are the selected tags it keeps. Each keystroke (and a
/// submit) calls `on_search` with the field's text.
#[component]
pub fn SearchBox(
    #[prop(into)] query: Signal<String>,
    #[prop(into)] active: Signal<Vec<String>>,
    on_search: Callback<String>,
) -> impl IntoView {
    let on_input = move |ev| on_search.run(event_target_value(&ev));
    let input_ref = NodeRef::<leptos::html::Input>::new();
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if let Some(input) = input_ref.get_untracked() {
            on_search.run(input.value());
        }
    };
    view! {
        <form class="search" role="search" method="get" action="/" on:submit=on_submit>
            // Selected tags first, so the submitted address reads `/?tag=a&q=words`.
            {move || {
                active
                    .get()
                    .into_iter()
                    .map(|slug| view! { <input type="hidden" name="tag" value=slug /> })
                    .collect_view()
            }}
            <label for="search-input" class="visually-hidden">
                "Search posts"
            </label>
            <input
                id="search-input"
                node_ref=input_ref
                type="search"
                name="q"
                placeholder="Search posts"
                autocomplete="off"
                value=move || query.get()
                prop:value=move || query.get()
                on:input=on_input
            />
            <button type="submit">"Search"</button>
        </form>
    }
}
