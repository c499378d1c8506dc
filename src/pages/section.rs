//! A section's page (a folder with an `_index.md`): its title, introduction and posts. It lives at
//! the folder's address (`/blog`, `/blog/page/2`), which the server routes here
//! (`/_sections/blog?page=2`).

use super::loading::when_loaded;
use crate::components::layout::use_site;
use crate::components::pager::Pager;
use crate::components::post_list::PostList;
use crate::components::seo::{PageKind, Seo};
use crate::model::{SectionPage as Found, SiteInfo};
use crate::server_fns::get_section;
use crate::urls::section_href;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

/// The section page; folders without a section and out-of-range pages get the 404 page and
/// status.
#[component]
pub fn SectionPage() -> impl IntoView {
    let site = use_site();
    let params = use_params_map();
    let query = use_query_map();
    let found = Resource::new(
        move || {
            (
                params.read().get("folder").unwrap_or_default(),
                query.read().get("page").unwrap_or_default(),
            )
        },
        |(folder, page)| get_section(folder, page),
    );
    when_loaded(
        "Loading posts…",
        move || async move { Ok((site.await?, found.await?)) },
        |(site, found)| view! { <SectionView site found /> },
    )
}

#[component]
fn SectionView(site: SiteInfo, found: Found) -> impl IntoView {
    let Found {
        title,
        description,
        html,
        href,
        list,
    } = found;
    let base = StoredValue::new(href.clone());
    let pages = move |n: usize| base.with_value(|b| section_href(b, n));
    let summary = if description.is_empty() {
        format!("{title} on {}.", site.title)
    } else {
        description.clone()
    };
    view! {
        <Seo
            title=title.clone()
            description=summary
            path=section_href(&href, list.number)
            kind=PageKind::Website
            site
        />
        <h1>{title}</h1>
        {(!description.is_empty()).then(|| view! { <p class="intro">{description}</p> })}
        {(!html.trim().is_empty()).then(|| view! { <div class="post-body section-body" inner_html=html></div> })}
        <p class="result-count">
            {format!("{} {}", list.matched, if list.matched == 1 { "post" } else { "posts" })}
        </p>
        <PostList posts=Signal::stored(list.posts) />
        <Pager number=list.number count=list.count href=pages />
    }
}
