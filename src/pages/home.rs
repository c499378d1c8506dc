//! `/` and `/page/:n`: every post, filtered by the tags and search words in the query string
//! (`/?tag=rust&tag=web-dev&q=words`) and split into pages (`?page=2`, or `/page/2` unfiltered).
//! The server renders the one page its address asks for, through [`list_posts`]; the list itself
//! is the `PostBrowser` island, which loads further pages the same way once it is live.

use super::loading::when_loaded;
use crate::components::layout::use_site;
use crate::components::post_browser::{HomeData, ListSource, PostBrowser};
use crate::components::seo::{PageKind, Seo};
use crate::model::{ListPage, SiteInfo, TagCount};
use crate::server_fns::{list_posts, list_tags};
use crate::urls::HomeQuery;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

/// The request header with which the static export asks for its pages: their island then reads
/// the export's index files instead of calling the server.
pub const EXPORT_HEADER: &str = "x-quire-export";

/// The home page.
#[component]
pub fn HomePage() -> impl IntoView {
    let site = use_site();
    // The address read by the parser the island uses in the browser, so both agree on it.
    let location = use_location();
    let address = format!(
        "{}?{}",
        location.pathname.get_untracked(),
        location.search.get_untracked().trim_start_matches('?')
    );
    let request = HomeQuery::parse_address(&address).unwrap_or_default();
    let source = if use_context::<http::request::Parts>()
        .is_some_and(|parts| parts.headers.contains_key(EXPORT_HEADER))
    {
        ListSource::Files
    } else {
        ListSource::Api
    };
    let list = {
        let request = request.clone();
        Resource::new(
            || (),
            move |_| {
                let request = request.clone();
                list_posts(
                    request.tags.join(","),
                    request.search,
                    request.page.unwrap_or_default(),
                )
            },
        )
    };
    let tags = Resource::new(|| (), |_| list_tags());
    when_loaded(
        "Loading posts…",
        move || async move { Ok((site.await?, list.await?, tags.await?)) },
        move |(site, list, tags)| {
            view! { <Home site list tags request=request.clone() source /> }
        },
    )
}

#[component]
fn Home(
    site: SiteInfo,
    list: ListPage,
    tags: Vec<TagCount>,
    request: HomeQuery,
    source: ListSource,
) -> impl IntoView {
    let data = HomeData {
        list,
        tags,
        page_size: site.page_size,
        rendered: request,
        source,
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
}
