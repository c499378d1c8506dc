//! `/tags` (every tag) and `/tags/:tag` (one tag's posts).

use super::loading::when_loaded;
use crate::components::layout::use_site;
use crate::components::pager::Pager;
use crate::components::post_list::PostList;
use crate::components::seo::{PageKind, Seo};
use crate::components::tags::TagChip;
use crate::model::{SiteInfo, TagCount, TagPage as Found};
use crate::server_fns::{get_tag, list_tags};
use crate::urls::{tag_atom_href, tag_href, tag_page_href, tag_rss_href};
use leptos::prelude::*;
use leptos_meta::Link;
use leptos_router::hooks::use_params_map;

/// Every tag with its post count.
#[component]
pub fn TagsPage() -> impl IntoView {
    let site = use_site();
    let tags = Resource::new(|| (), |_| list_tags());
    when_loaded(
        "Loading tags…",
        move || async move { Ok((site.await?, tags.await?)) },
        |(site, tags)| {
            view! {
                <Seo
                    title="Tags".to_string()
                    description=format!("Every tag used on {}.", site.title)
                    path="/tags".to_string()
                    kind=PageKind::Website
                    site=site.clone()
                />
                <h1>"Tags"</h1>
                <TagList tags />
            }
        },
    )
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
                            <TagChip slug=tag.slug name=tag.name />
                            " "
                            <span class="count">{tag.count}</span>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}

/// The posts carrying one tag, a page at a time (`/tags/rust/page/2`); unknown tags and
/// out-of-range pages get the 404 page and status.
#[component]
pub fn TagPage() -> impl IntoView {
    let site = use_site();
    let params = use_params_map();
    let found = Resource::new(
        move || {
            let params = params.read();
            (
                params.get("tag").unwrap_or_default(),
                params.get("n").unwrap_or_default(),
            )
        },
        |(slug, page)| get_tag(slug, page),
    );
    when_loaded(
        "Loading posts…",
        move || async move { Ok((site.await?, found.await?)) },
        |(site, found)| view! { <TagView site found /> },
    )
}

#[component]
fn TagView(site: SiteInfo, found: Found) -> impl IntoView {
    let Found { tag, list } = found;
    let slug = StoredValue::new(tag.slug.clone());
    let href = move |n: usize| slug.with_value(|s| tag_page_href(s, n));
    let name = tag.name.clone();
    view! {
        <Seo
            title=format!("Posts tagged {name}")
            description=format!("Posts tagged {name} on {}.", site.title)
            path=tag_href(&tag.slug)
            kind=PageKind::Website
            site=site.clone()
        />
        <Link
            rel="alternate"
            type_="application/rss+xml"
            title=format!("{name} · {} (RSS)", site.title)
            href=tag_rss_href(&tag.slug)
        />
        <Link
            rel="alternate"
            type_="application/atom+xml"
            title=format!("{name} · {} (Atom)", site.title)
            href=tag_atom_href(&tag.slug)
        />
        <h1>"Posts tagged " <span class="tag-name">{name.clone()}</span></h1>
        <p class="result-count">
            {format!("{} {}", tag.count, if tag.count == 1 { "post" } else { "posts" })}
        </p>
        <PostList posts=Signal::stored(list.posts) />
        <Pager number=list.number count=list.count href />
        <p>
            <a href="/tags">"All tags"</a>
        </p>
    }
}
