//! The interactive tag filter of the home page.
//!
//! Each tag is an ordinary link to the home page with that tag toggled in the query string, so it
//! works without JavaScript; once the island is live the navigation script hands the address to
//! it (no page load) and the list re-filters at once.

use crate::model::TagCount;
use crate::urls::{home_href, toggle};
use leptos::prelude::*;

/// Every tag with its count; selected tags are highlighted and a "clear" link resets the filter.
#[component]
pub fn TagFilter(
    tags: Vec<TagCount>,
    #[prop(into)] active: Signal<Vec<String>>,
    /// The search words, kept when a tag is toggled.
    #[prop(into)]
    query: Signal<String>,
) -> impl IntoView {
    let toggles = tags
        .into_iter()
        .map(|tag| {
            let slug = StoredValue::new(tag.slug);
            let selected = move || slug.with_value(|s| active.read().contains(s));
            let href =
                move || slug.with_value(|s| home_href(&toggle(&active.read(), s), &query.read()));
            view! {
                <li>
                    <a
                        class="tag-toggle"
                        class:selected=selected
                        href=href
                        data-tag=slug.get_value()
                        data-noscroll=""
                        aria-current=move || selected().then_some("true")
                    >
                        {tag.name}
                        " "
                        <span class="count">{tag.count}</span>
                    </a>
                </li>
            }
        })
        .collect_view();
    let filtered = Memo::new(move |_| !active.read().is_empty() || !query.read().trim().is_empty());
    view! {
        <nav class="tag-filter" aria-label="Filter posts by tag">
            <ul>{toggles}</ul>
            {move || {
                filtered
                    .get()
                    .then(|| {
                        view! {
                            <a class="tag-clear" href="/" data-noscroll="">
                                "Clear filter"
                            </a>
                        }
                    })
            }}
        </nav>
    }
}
