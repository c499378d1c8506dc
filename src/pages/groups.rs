//! `/categories`, `/series` and `/authors` (every group of a kind), and one group's posts
//! (`/authors/ada`, `/series/intro/page/2`): built like the tag pages.

use super::loading::when_loaded;
use crate::components::layout::use_site;
use crate::components::pager::Pager;
use crate::components::post_list::PostList;
use crate::components::seo::{PageKind, Seo};
use crate::model::{GroupKind, GroupPage as Found, SiteInfo, TagCount};
use crate::server_fns::{get_group, list_groups};
use crate::urls::{group_atom_href, group_href, group_page_href, group_rss_href, groups_href};
use leptos::prelude::*;
use leptos_meta::Link;
use leptos_router::hooks::use_params_map;

/// Every group of `kind` with its post count.
#[component]
pub fn GroupsPage(kind: GroupKind) -> impl IntoView {
    let site = use_site();
    let groups = Resource::new(|| (), move |_| list_groups(kind.segment().to_string()));
    when_loaded(
        "Loading…",
        move || async move { Ok((site.await?, groups.await?)) },
        move |(site, groups)| {
            view! {
                <Seo
                    title=kind.plural().to_string()
                    description=format!("{} of {}.", kind.plural(), site.title)
                    path=groups_href(kind)
                    kind=PageKind::Website
                    site=site.clone()
                />
                <h1>{kind.plural()}</h1>
                <GroupList kind groups />
            }
        },
    )
}

#[component]
fn GroupList(kind: GroupKind, groups: Vec<TagCount>) -> impl IntoView {
    view! {
        <ul class="group-list">
            {groups
                .into_iter()
                .map(|group| {
                    view! {
                        <li>
                            <a href=group_href(kind, &group.slug)>{group.name}</a>
                            " "
                            <span class="count">{group.count}</span>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}

/// One group's posts, a page at a time; unknown groups and out-of-range pages get the 404 page
/// and status.
#[component]
pub fn GroupPage(kind: GroupKind) -> impl IntoView {
    let site = use_site();
    let params = use_params_map();
    let found = Resource::new(
        move || {
            let params = params.read();
            (
                params.get("slug").unwrap_or_default(),
                params.get("n").unwrap_or_default(),
            )
        },
        move |(slug, page)| get_group(kind.segment().to_string(), slug, page),
    );
    when_loaded(
        "Loading posts…",
        move || async move { Ok((site.await?, found.await?)) },
        |(site, found)| view! { <GroupView site found /> },
    )
}

#[component]
fn GroupView(site: SiteInfo, found: Found) -> impl IntoView {
    let Found { kind, group, list } = found;
    let slug = StoredValue::new(group.slug.clone());
    let href = move |n: usize| slug.with_value(|s| group_page_href(kind, s, n));
    let heading = kind.heading(&group.name);
    view! {
        <Seo
            title=heading.clone()
            description=format!("{heading} on {}.", site.title)
            path=group_href(kind, &group.slug)
            kind=PageKind::Website
            site=site.clone()
        />
        <Link
            rel="alternate"
            type_="application/rss+xml"
            title=format!("{} · {} (RSS)", group.name, site.title)
            href=group_rss_href(kind, &group.slug)
        />
        <Link
            rel="alternate"
            type_="application/atom+xml"
            title=format!("{} · {} (Atom)", group.name, site.title)
            href=group_atom_href(kind, &group.slug)
        />
        <h1>{heading}</h1>
        <p class="result-count">
            {format!("{} {}", group.count, if group.count == 1 { "post" } else { "posts" })}
        </p>
        <PostList posts=Signal::stored(list.posts) />
        <Pager number=list.number count=list.count href />
        <p>
            <a href=groups_href(kind)>{format!("All {}", kind.plural().to_lowercase())}</a>
        </p>
    }
}
