//! `/`: every post, filtered by the tags in the query string (`/?tag=rust&tag=web-dev`).

use crate::components::layout::use_site;
use crate::components::post_list::PostList;
use crate::components::search_box::SearchBox;
use crate::components::seo::{PageKind, Seo};
use crate::components::status::ErrorView;
use crate::components::tag_filter::TagFilter;
use crate::filter::{active_tags, filter_posts};
use crate::model::{PostList as Posts, SiteInfo};
use crate::server_fns::list_posts;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// The home page.
#[component]
pub fn HomePage() -> impl IntoView {
    let site = use_site();
    let list = Resource::new(|| (), |_| list_posts());
    let query = use_query_map();
    let requested = Memo::new(move |_| query.read().get_all("tag").unwrap_or_default());
    let search = Memo::new(move |_| query.read().get("q").unwrap_or_default());
    let page = move || {
        Suspend::new(async move {
            match (site.await, list.await) {
                (Ok(site), Ok(list)) => view! { <Home site list requested search /> }.into_any(),
                (Err(error), _) | (_, Err(error)) => view! { <ErrorView error /> }.into_any(),
            }
        })
    };
    view! { <Suspense fallback=|| view! { <p class="loading">"Loading posts…"</p> }>{page}</Suspense> }
}

#[component]
fn Home(
    site: SiteInfo,
    list: Posts,
    requested: Memo<Vec<String>>,
    search: Memo<String>,
) -> impl IntoView {
    let total = list.posts.len();
    let posts = StoredValue::new(list.posts);
    let active = Memo::new(move |_| posts.with_value(|p| active_tags(p, &requested.read())));
    let shown =
        Memo::new(move |_| posts.with_value(|p| filter_posts(p, &active.read(), &search.read())));
    let count = move || {
        let n = shown.read().len();
        if n == total {
            format!("{total} {}", plural(total, "post", "posts"))
        } else {
            format!("Showing {n} of {total} {}", plural(total, "post", "posts"))
        }
    };
    view! {
        <Seo
            title=site.title.clone()
            description=site.description.clone()
            path="/".to_string()
            kind=PageKind::Website
            site=site.clone()
        />
        <section class="intro">
            <h1>{site.title}</h1>
            <p>{site.description}</p>
        </section>
        <SearchBox query=search active />
        <TagFilter tags=list.tags active query=search />
        <p class="result-count" aria-live="polite">
            {count}
        </p>
        <PostList posts=shown />
    }
}

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 {
        one
    } else {
        many
    }
}
