//! Server functions: how post data is loaded. Pages call them on the server while rendering; the
//! home page's island calls [`list_posts`] over HTTP for each filter and search. All are GET with
//! a fixed endpoint (`/api/<endpoint>?<arguments>`), answered from the current index snapshot,
//! so responses are cacheable (the page cache keeps them, with an `ETag`). They are also the
//! blog's JSON API (see the README).

use crate::error::{ApiError, Error};
use crate::model::{ListPage, PostPageData, SiteInfo, TagCount, TagPage};
use crate::urls::HomeQuery;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

/// The blog's settings that pages show.
#[server(endpoint = "site", input = GetUrl)]
pub async fn get_site() -> Result<SiteInfo, ApiError> {
    Ok(crate::server::state()?.settings.site.clone())
}

/// One page of the home page's list: the posts carrying every tag of `tags` (slugs separated by
/// commas; unknown ones ignored) and matching the search words `q`, best first, page `page`
/// (empty for the first); [`ApiError::NotFound`] past the last page. Each post comes with an excerpt
/// around the search words, and the page with its counts.
#[server(endpoint = "list", input = GetUrl)]
pub async fn list_posts(tags: String, q: String, page: String) -> Result<ListPage, ApiError> {
    let state = crate::server::state()?;
    let query = HomeQuery::from_arguments(&tags, &q, &page);
    crate::server::with_status(
        state
            .library
            .snapshot()
            .list_page(&query, state.settings.site.page_size)
            .ok_or_else(|| Error::NotFound(format!("page {page:?} of this list"))),
    )
}

/// One whole post by slug, with its neighbours and related posts; [`ApiError::NotFound`] for an
/// unknown slug.
#[server(endpoint = "post", input = GetUrl)]
pub async fn get_post(slug: String) -> Result<PostPageData, ApiError> {
    crate::server::with_status(
        crate::server::state()?
            .library
            .snapshot()
            .find_post_page(&slug),
    )
}

/// Every tag with its post count.
#[server(endpoint = "tags", input = GetUrl)]
pub async fn list_tags() -> Result<Vec<TagCount>, ApiError> {
    Ok(crate::server::state()?.library.snapshot().tags().to_vec())
}

/// One page (`page`, empty for the first) of one tag's posts; [`ApiError::NotFound`] for an unknown
/// tag or a page past the end.
#[server(endpoint = "tag", input = GetUrl)]
pub async fn get_tag(slug: String, page: String) -> Result<TagPage, ApiError> {
    let state = crate::server::state()?;
    let page = Some(page).filter(|p| !p.is_empty());
    crate::server::with_status(state.library.snapshot().find_tag_page(
        &slug,
        page,
        state.settings.site.page_size,
    ))
}
