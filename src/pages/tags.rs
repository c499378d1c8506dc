//! `/tags` (every tag) and `/tags/:tag` (one tag's posts).

use crate::components::layout::use_site;
use crate::components::post_list::PostList;
use crate::components::status::ErrorView;
use crate::model::TagCount;
use crate::server_fns::{get_tag, list_tags};
use crate::urls::{tag_atom_href, tag_href, tag_rss_href};
use leptos::prelude::*;
use leptos_meta::{Link, Meta, Title};
use leptos_router::hooks::use_params_map;

/// Every tag with its post count.
#[component]
pub fn TagsPage() -> impl IntoView {
    let site = use_site();
    let tags = Resource::new(|| (), |_| list_tags());
    let page = move || {
        Suspend::new(async move {
            match (site.await, tags.await) {
                (Ok(site), Ok(tags)) => view! {
                    <Title text=format!("Tags · {}", site.title) />
                    <Meta name="description" content=format!("Every tag used on {}.", site.title) />
                    <h1>"Tags"</h1>
                    <TagList tags />
                }
                .into_any(),
                (Err(error), _) | (_, Err(error)) => view! { <ErrorView error /> }.into_any(),
            }
        })
    };
    view! { <Suspense fallback=|| view! { <p class="loading">"Loading tags…"</p> }>{page}</Suspense> }
}

#[component]
fn TagList(tags: Vec<TagCount>) -> impl IntoView {
    view! {
        <ul class="tag-list">
            {tags
                .into_iter()
                .map(|tag| {
                    view! {
                        <li>
                            <a class="tag-chip" href=tag_href(&tag.slug)>
                                {tag.name}
                            </a>
                            " "
                            <span class="count">{tag.count}</span>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}

/// The posts carrying one tag; unknown tags get the 404 page and status.
#[component]
pub fn TagPage() -> impl IntoView {
    let site = use_site();
    let params = use_params_map();
    let tag = Resource::new(
        move || params.read().get("tag").unwrap_or_default(),
        get_tag,
    );
    let page = move || {
        Suspend::new(async move {
            match (site.await, tag.await) {
                (Ok(site), Ok(found)) => {
                    let name = found.tag.name;
                    let slug = found.tag.slug;
                    let count = found.tag.count;
                    let posts = found.posts;
                    view! {
                        <Title text=format!("{name} · {}", site.title) />
                        <Meta name="description" content=format!("Posts tagged {name} on {}.", site.title) />
                        <Link
                            rel="alternate"
                            type_="application/rss+xml"
                            title=format!("{name} · {} (RSS)", site.title)
                            href=tag_rss_href(&slug)
                        />
                        <Link
                            rel="alternate"
                            type_="application/atom+xml"
                            title=format!("{name} · {} (Atom)", site.title)
                            href=tag_atom_href(&slug)
                        />
                        <h1>"Posts tagged " <span class="tag-name">{name.clone()}</span></h1>
                        <p class="result-count">
                            {format!("{count} {}", if count == 1 { "post" } else { "posts" })}
                        </p>
                        <PostList posts=Signal::stored(posts) />
                        <p>
                            <a href="/tags">"All tags"</a>
                        </p>
                    }
                    .into_any()
                }
                (Err(error), _) | (_, Err(error)) => view! { <ErrorView error /> }.into_any(),
            }
        })
    };
    view! { <Suspense fallback=|| view! { <p class="loading">"Loading posts…"</p> }>{page}</Suspense> }
}
