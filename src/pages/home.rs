//! `/` and `/page/:n`: every post, filtered by the tags and search words in the query string
//! (`/?tag=rust&tag=web-dev&q=words`) and split into pages (`?page=2`, or `/page/2` unfiltered).
//! Filtering happens in the browser after hydration, over the summaries already on the page.

use crate::app::use_hydrated;
use crate::components::layout::use_site;
use crate::components::pager::{PagedPosts, Pager};
use crate::components::post_list::PostList;
use crate::components::search_box::SearchBox;
use crate::components::seo::{PageKind, Seo};
use crate::components::status::{ErrorView, NotFound};
use crate::components::tag_filter::TagFilter;
use crate::data;
use crate::filter::{active_tags, filter_posts, paginate, parse_page};
use crate::model::{PostList as Posts, SiteInfo};
use crate::urls::home_page_href;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};
use leptos_router::params::ParamsMap;
use serde::{Deserialize, Serialize};

/// The query string's part of what the address asks for.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
struct QueryState {
    tags: Vec<String>,
    search: String,
    page: Option<String>,
}

impl QueryState {
    fn read(query: &ParamsMap) -> Self {
        Self {
            tags: query.get_all("tag").unwrap_or_default(),
            search: query.get("q").unwrap_or_default(),
            page: query.get("page"),
        }
    }
}

/// What the address asks the home page for.
#[derive(Clone, Copy)]
struct Request {
    tags: Memo<Vec<String>>,
    search: Memo<String>,
    /// The page number as written (`None` for the first page).
    page: Memo<Option<String>>,
}

/// The home page.
#[component]
pub fn HomePage() -> impl IntoView {
    let site = use_site();
    let list = Resource::new(|| (), |_| data::posts());
    let params = use_params_map();
    // Until hydration is done, render for the query string the server rendered for (carried in
    // the page), not the one in the address: a static host serves the same HTML for `/?tag=rust`
    // as for `/`. The address's query takes over once the page is live.
    let address = use_query_map();
    let rendered = SharedValue::new(|| QueryState::read(&address.read_untracked())).into_inner();
    let hydrated = use_hydrated();
    let query = Memo::new(move |_| {
        if hydrated.get() {
            QueryState::read(&address.read())
        } else {
            rendered.clone()
        }
    });
    let request = Request {
        tags: Memo::new(move |_| query.read().tags.clone()),
        search: Memo::new(move |_| query.read().search.clone()),
        page: Memo::new(move |_| params.read().get("n").or_else(|| query.read().page.clone())),
    };
    let page = move || {
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
fn Home(site: SiteInfo, list: Posts, request: Request) -> impl IntoView {
    let Request { tags, search, page } = request;
    let total = list.posts.len();
    let size = site.page_size;
    let posts = StoredValue::new(list.posts);
    let active = Memo::new(move |_| posts.with_value(|p| active_tags(p, &tags.read())));
    let shown =
        Memo::new(move |_| posts.with_value(|p| filter_posts(p, &active.read(), &search.read())));
    let current = Memo::new(move |_| {
        parse_page(page.read().as_deref()).and_then(|n| paginate(&shown.read(), n, size))
    });
    let paged = PagedPosts::new(current);
    let href = move |n: usize| home_page_href(&active.get(), &search.get(), n);
    let summary = move || {
        let n = shown.read().len();
        let noun = if total == 1 { "post" } else { "posts" };
        if n == total {
            format!("{total} {noun}")
        } else {
            format!("Showing {n} of {total} {noun}")
        }
    };
    let tag_counts = list.tags;
    move || {
        if paged.out_of_range.get() {
            return view! { <NotFound /> }.into_any();
        }
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
            <SearchBox query=search active />
            <TagFilter tags=tag_counts.clone() active query=search />
            <p class="result-count" aria-live="polite">
                {summary}
            </p>
            <PostList posts=paged.items />
            <Pager number=paged.number count=paged.count href />
        }
        .into_any()
    }
}
