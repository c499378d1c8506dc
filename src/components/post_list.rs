//! A list of post cards that follows a signal.

use super::post_card::PostCard;
use crate::model::PostSummary;
use leptos::prelude::*;

/// The cards of `posts`, or a short note when there are none.
#[component]
pub fn PostList(#[prop(into)] posts: Signal<Vec<PostSummary>>) -> impl IntoView {
    view! {
        <Show
            when=move || !posts.read().is_empty()
            fallback=|| view! { <p class="empty">"No posts match this filter."</p> }
        >
            <ul class="post-list">
                // Cards are rebuilt in place, by position: fewer kinds of view code in the bundle
                // than a keyed list, for a list of one page.
                {move || {
                    posts.get().into_iter().map(|post| view! { <PostCard post /> }).collect_view()
                }}
            </ul>
        </Show>
    }
}
