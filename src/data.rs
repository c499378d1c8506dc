//! Where pages get their data: each loader calls its server function directly, answering from the
//! post index. Pages render on the server only (islands mode); the browser gets their HTML.

use crate::error::Error;
use crate::model::{PostList, PostPageData, SiteInfo, TagCount, TagPosts};

/// The site settings.
pub async fn site() -> Result<SiteInfo, Error> {
    crate::server_fns::get_site().await
}

/// Every listed post (lean summaries) and every tag.
pub async fn posts() -> Result<PostList, Error> {
    crate::server_fns::list_posts().await
}

/// One post with its neighbours and related posts; [`Error::NotFound`] for an unknown slug.
pub async fn post(slug: String) -> Result<PostPageData, Error> {
    crate::server_fns::get_post(slug).await
}

/// Every tag with its post count.
pub async fn tags() -> Result<Vec<TagCount>, Error> {
    crate::server_fns::list_tags().await
}

/// One tag and its posts; [`Error::NotFound`] for an unknown tag.
pub async fn tag(slug: String) -> Result<TagPosts, Error> {
    crate::server_fns::get_tag(slug).await
}
