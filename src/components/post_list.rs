//! A list of post cards that follows a signal.

use super::post_card::PostCard;
use crate::model::Card;
use leptos::either::Either;
use leptos::prelude::*;

/// The cards of `posts`, or a short note when there are none.
#[component]
pub fn PostList(#[prop(into)] posts: Signal<Vec<Card>>) -> impl IntoView {
    let empty = Memo::new(move |_| posts.read().is_empty());
    move || {
        if empty.get() {
            return Either::Left(view! { <p class="empty">"No posts match this filter."</p> });
        }
        Either::Right(view! {
            <ul class="post-list">
                // Cards are rebuilt in place, by position: fewer kinds of view code in the bundle
                // than a keyed list, for a list of one page.
                {move || {
                    posts.get().into_iter().map(|card| view! { <PostCard card /> }).collect_view()
                }}
            </ul>
        })
    }
}
