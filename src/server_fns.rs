//! Server functions: thin GET shims over the post index, so responses can be cached.
//!
//! Each runs on the server (directly during server rendering, over HTTP after hydration) and
//! answers from the current index snapshot.

use crate::error::Error;
use crate::model::{PostList, PostPageData, SiteInfo, TagCount, TagPosts};
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

/// The blog's settings that pages show.
#[server(endpoint = "site", input = GetUrl)]
pub async fn get_site() -> Result<SiteInfo, Error> {
    Ok(crate::server::state()?.site.clone())
}

/// Every listed post (lean summaries, no bodies) and every tag, for the home page. Filtering by
/// tag happens in [`crate::filter`], on the server for the first render and in the browser after.
#[server(endpoint = "posts", input = GetUrl)]
pub async fn list_posts() -> Result<PostList, Error> {
    Ok(crate::server::state()?.library.snapshot().post_list())
}

/// One whole post by slug, with its neighbours and related posts; [`Error::NotFound`] for an
/// unknown slug.
#[server(endpoint = "post", input = GetUrl)]
pub async fn get_post(slug: String) -> Result<PostPageData, Error> {
    crate::server::with_status(
        crate::server::state()?
            .library
            .snapshot()
            .find_post_page(&slug),
    )
}

/// Every tag with its post count.
#[server(endpoint = "tags", input = GetUrl)]
pub async fn list_tags() -> Result<Vec<TagCount>, Error> {
    Ok(crate::server::state()?.library.snapshot().tags().to_vec())
}

/// One tag and its posts; [`Error::NotFound`] for an unknown tag.
#[server(endpoint = "tag", input = GetUrl)]
pub async fn get_tag(slug: String) -> Result<TagPosts, Error> {
    crate::server::with_status(crate::server::state()?.library.snapshot().find_tag(&slug))
}
