//! Server functions: how post data is loaded. Pages call them on the server while rendering; the
//! home page's island calls [`list_posts`] over HTTP for each filter and search. All are GET with
//! a fixed endpoint (`/api/<endpoint>?<arguments>`), answered from the current index snapshot,
//! so responses are cacheable (the page cache keeps them, with an `ETag`). They are also the
//! blog's JSON API (see the README).

use crate::error::{ApiError, Error};
use crate::model::{
    GroupKind, GroupPage, ListPage, PostPageData, SectionPage, SiteInfo, TagCount, TagPage,
};
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
    crate::server::with_status(crate::server::state()?.post_page(&slug))
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

/// Every group of one kind (`kind` is `categories`, `series` or `authors`) with its post count;
/// [`ApiError::NotFound`] for another kind.
#[server(endpoint = "groups", input = GetUrl)]
pub async fn list_groups(kind: String) -> Result<Vec<TagCount>, ApiError> {
    let state = crate::server::state()?;
    let kind = group_kind(&kind)?;
    Ok(state
        .library
        .snapshot()
        .groups(kind)
        .iter()
        .map(|g| g.term.clone())
        .collect())
}

/// One page (`page`, empty for the first) of one group's posts: a category's, a series' (oldest
/// first) or an author's; [`ApiError::NotFound`] for an unknown kind or group, or a page past
/// the end.
#[server(endpoint = "group", input = GetUrl)]
pub async fn get_group(kind: String, slug: String, page: String) -> Result<GroupPage, ApiError> {
    let state = crate::server::state()?;
    let kind = group_kind(&kind)?;
    let page = Some(page).filter(|p| !p.is_empty());
    crate::server::with_status(state.library.snapshot().find_group_page(
        kind,
        &slug,
        page,
        state.settings.site.page_size,
    ))
}

/// One page (`page`, empty for the first) of the section of `folder` (a folder with an
/// `_index.md`); [`ApiError::NotFound`] for a folder without one or a page past the end.
#[server(endpoint = "section", input = GetUrl)]
pub async fn get_section(folder: String, page: String) -> Result<SectionPage, ApiError> {
    let state = crate::server::state()?;
    let page = Some(page).filter(|p| !p.is_empty());
    crate::server::with_status(state.library.snapshot().find_section_page(
        &folder,
        page,
        state.settings.site.page_size,
    ))
}

#[cfg(feature = "ssr")]
fn group_kind(segment: &str) -> Result<GroupKind, ApiError> {
    crate::server::with_status(
        GroupKind::from_segment(segment)
            .ok_or_else(|| Error::NotFound(format!("kind of group {segment:?}"))),
    )
}
