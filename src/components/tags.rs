//! Tag chips: links to each tag's page.

use crate::model::TagRef;
use crate::urls::tag_href;
use leptos::prelude::*;

/// One tag as a link to its page.
#[component]
pub fn TagChip(slug: String, name: String) -> impl IntoView {
    view! {
        <a class="tag-chip" href=tag_href(&slug)>
            {name}
        </a>
    }
}

/// A post's tags as links to their pages.
#[component]
pub fn TagChips(tags: Vec<TagRef>) -> impl IntoView {
    (!tags.is_empty()).then(|| {
        view! {
            <ul class="tags">
                {tags
                    .into_iter()
                    .map(|tag| {
                        view! {
                            <li>
                                <TagChip slug=tag.slug name=tag.name />
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        }
    })
}
