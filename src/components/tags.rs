//! Tag chips: links to each tag's page.

use crate::model::TagRef;
use crate::urls::tag_href;
use leptos::prelude::*;

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
                                <a class="tag-chip" href=tag_href(&tag.slug)>
                                    {tag.name}
                                </a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        }
    })
}
