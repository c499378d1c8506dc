//! A post in a list, and the date/author line shared with the post page.

use super::tags::TagChips;
use crate::model::{Card, PostDate, PostSummary};
use leptos::either::Either;
use leptos::prelude::*;

/// "Draft" or "Scheduled" badge; such posts are only listed in development mode.
#[component]
pub fn DraftBadge(draft: bool, #[prop(optional)] scheduled: bool) -> impl IntoView {
    let label = if draft {
        Some("Draft")
    } else if scheduled {
        Some("Scheduled")
    } else {
        None
    };
    label.map(|label| view! { <span class="badge badge-draft">{label}</span> })
}

/// Publication date, author and reading time.
#[component]
pub fn PostMeta(date: Option<PostDate>, author: String, reading_minutes: u32) -> impl IntoView {
    view! {
        <p class="post-meta">
            {date
                .map(|date| {
                    view! {
                        <time datetime=date.iso>{date.display}</time>
                        " · "
                    }
                })}
            <span class="author">{author}</span>
            " · "
            <span class="reading-time">{format!("{reading_minutes} min read")}</span>
        </p>
    }
}

/// One post in a list: title link, date, summary (or, for a search, the passage of the body that
/// matched, its words marked) and tags.
#[component]
pub fn PostCard(card: Card) -> impl IntoView {
    let Card { post, excerpt } = card;
    let PostSummary {
        slug,
        href,
        title,
        date,
        summary,
        author,
        tags,
        draft,
        scheduled,
        reading_minutes,
        ..
    } = post;
    view! {
        <li class="post-card" data-slug=slug.clone()>
            <article>
                <h2>
                    <a href=href>{title}</a>
                    " "
                    <DraftBadge draft scheduled />
                </h2>
                <PostMeta date author reading_minutes />
                // The summary (`<!-- more -->` teaser, else the description) in the card's
                // long-standing `description` slot; a search shows where the body matched.
                {if excerpt.is_empty() {
                    Either::Left(view! { <p class="description summary">{summary}</p> })
                } else {
                    Either::Right(view! { <p class="description excerpt" inner_html=excerpt></p> })
                }}
                <TagChips tags />
            </article>
        </li>
    }
}
