//! A post in a list, and the date/author line shared with the post page.

use super::tags::TagChips;
use crate::model::{Card, GroupKind, PostDate, PostSummary, TagRef};
use leptos::either::Either;
use leptos::prelude::*;

/// "Draft", "Scheduled" or "Expired" badge; such posts are only listed in development mode.
#[component]
pub fn DraftBadge(
    draft: bool,
    #[prop(optional)] scheduled: bool,
    #[prop(optional)] expired: bool,
) -> impl IntoView {
    let label = if draft {
        Some("Draft")
    } else if scheduled {
        Some("Scheduled")
    } else if expired {
        Some("Expired")
    } else {
        None
    };
    label.map(|label| view! { <span class="badge badge-draft">{label}</span> })
}

/// Publication date, author and reading time; on a post page, also when it was updated and
/// links to its authors' pages.
#[component]
pub fn PostMeta(
    date: Option<PostDate>,
    author: String,
    reading_minutes: u32,
    #[prop(optional)] authors: Vec<TagRef>,
    #[prop(default = None)] updated: Option<PostDate>,
) -> impl IntoView {
    let count = authors.len();
    let names = if authors.is_empty() {
        Either::Left(author)
    } else {
        Either::Right(
            authors
                .into_iter()
                .enumerate()
                .map(|(i, person)| {
                    let separator = match (i, count - i) {
                        (0, _) => None,
                        (_, 1) => Some(" and "),
                        _ => Some(", "),
                    };
                    view! {
                        {separator}
                        <a rel="author" href=crate::urls::group_href(GroupKind::Author, &person.slug)>
                            {person.name}
                        </a>
                    }
                })
                .collect_view(),
        )
    };
    view! {
        <p class="post-meta">
            {date
                .map(|date| {
                    view! {
                        <time datetime=date.iso>{date.display}</time>
                        " · "
                    }
                })}
            {updated
                .map(|date| {
                    view! {
                        <span class="updated">
                            "Updated " <time datetime=date.iso>{date.display}</time>
                        </span>
                        " · "
                    }
                })}
            <span class="author">{names}</span>
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
        expired,
        pinned,
        reading_minutes,
        ..
    } = post;
    view! {
        <li class="post-card" data-slug=slug.clone()>
            <article>
                <h2>
                    <a href=href>{title}</a>
                    " "
                    <DraftBadge draft scheduled expired />
                    {pinned.then(|| view! { <span class="badge badge-pinned">"Pinned"</span> })}
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
