//! The search box of the home page.
//!
//! Without JavaScript it is a plain GET form (`/?q=...`, keeping the selected tags); after
//! hydration every keystroke updates the query string in place and the list re-filters at once.

use crate::urls::home_href;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

/// A search field bound to `query`; `active` are the selected tags it keeps.
#[component]
pub fn SearchBox(
    #[prop(into)] query: Signal<String>,
    #[prop(into)] active: Signal<Vec<String>>,
) -> impl IntoView {
    let navigate = use_navigate();
    let go = move |text: String| {
        let options = NavigateOptions {
            replace: true,
            scroll: false,
            ..NavigateOptions::default()
        };
        navigate(&home_href(&active.get_untracked(), &text), options);
    };
    let on_input = {
        let go = go.clone();
        move |ev| go(event_target_value(&ev))
    };
    let input_ref = NodeRef::<leptos::html::Input>::new();
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if let Some(input) = input_ref.get_untracked() {
            go(input.value());
        }
    };
    view! {
        <form class="search" role="search" method="get" action="/" on:submit=on_submit>
            // Selected tags first, so the submitted address reads `/?tag=a&q=words`.
            <For each=move || active.get() key=|slug| slug.clone() let:slug>
                <input type="hidden" name="tag" value=slug />
            </For>
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
    .into_any()
}
