//! `/` and `/page/:n`: every post, filtered by the tags and search words in the query string
//! (`/?tag=rust&tag=web-dev&q=words`) and split into pages (`?page=2`, or `/page/2` unfiltered).
//! The server renders the page for its address; the list itself is the `PostBrowser` island,
//! which filters in the browser over the summaries already on the page.

use crate::components::layout::use_site;
use crate::components::post_browser::{HomeData, PostBrowser};
use crate::components::seo::{PageKind, Seo};
use crate::components::status::{ErrorView, NotFound};
use crate::data;
use crate::filter::home_page;
use crate::model::{PostList as Posts, SiteInfo};
use crate::urls::HomeQuery;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

/// The home page.
#[component]
pub fn HomePage() -> impl IntoView {
    let site = use_site();
    let list = Resource::new(|| (), |_| data::posts());
    // The address read by the parser the island uses in the browser, so both agree on it.
    let location = use_location();
    let address = format!(
        "{}?{}",
        location.pathname.get_untracked(),
        location.search.get_untracked().trim_start_matches('?')
    );
    let request = HomeQuery::parse_address(&address).unwrap_or_default();
    let page = move || {
        let request = request.clone();
        Suspend::new(async move {
            match (site.await, list.await) {
                (Ok(site), Ok(list)) => view! { <Home site list request /> }.into_any(),
                (Err(error), _) | (_, Err(error)) => view! { <ErrorView error /> }.into_any(),
            }
        })
    };
    view! { <Suspense fallback=|| view! { <p class="loading">"Loading posts…"</p> }>{page}</Suspense> }
}

#[component]
fn Home(site: SiteInfo, list: Posts, request: HomeQuery) -> impl IntoView {
    // A page past the last one is a 404, rendered here; in range, the island takes the list.
    if home_page(&list.posts, &request, site.page_size).is_none() {
        return view! { <NotFound /> }.into_any();
    }
    let data = HomeData {
        posts: list.posts,
        tags: list.tags,
        page_size: site.page_size,
        rendered: request,
    };
    provide_context(data.clone());
    view! {
        <Seo
            title=site.title.clone()
            description=site.description.clone()
            path="/".to_string()
            kind=PageKind::Website
            site=site.clone()
        />
        <section class="intro">
            <h1>{site.title.clone()}</h1>
            <p>{site.description.clone()}</p>
        </section>
        {data.script()}
        <PostBrowser />
    }
    .into_any()
}
