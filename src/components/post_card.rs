//! A post in a list, and the date/author line shared with the post page.

use super::tags::TagChips;
use crate::model::{PostDate, PostSummary};
use crate::urls::post_href;
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

/// One post in a list: title link, date, summary and tags.
#[component]
pub fn PostCard(post: PostSummary) -> impl IntoView {
    let PostSummary {
        slug,
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
                    <a href=post_href(&slug)>{title}</a>
                    " "
                    <DraftBadge draft scheduled />
                </h2>
                <PostMeta date author reading_minutes />
                // The summary (`<!-- more -->` teaser, else the description) in the card's
                // long-standing `description` slot.
                <p class="description summary">{summary}</p>
                <TagChips tags />
            </article>
        </li>
    }
}
