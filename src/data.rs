//! Where pages get their data.
//!
//! On the server each loader calls its server function directly, answering from the post index.
//! In the browser (client-side navigation after hydration) it fetches the JSON document at the
//! fixed path in [`crate::urls::data`], which the server answers from the same index and a static
//! export holds as a plain file. So the hydrated site works the same on a server and on a static
//! host that has no server functions and ignores query strings.

use crate::error::Error;
use crate::model::{PostList, PostPageData, SiteInfo, TagCount, TagPosts};

/// The site settings.
pub async fn site() -> Result<SiteInfo, Error> {
    #[cfg(feature = "ssr")]
    return crate::server_fns::get_site().await;
    #[cfg(not(feature = "ssr"))]
    return browser::fetch_json(crate::urls::data::SITE).await;
}

/// Every listed post (lean summaries) and every tag.
pub async fn posts() -> Result<PostList, Error> {
    #[cfg(feature = "ssr")]
    return crate::server_fns::list_posts().await;
    #[cfg(not(feature = "ssr"))]
    return browser::fetch_json(crate::urls::data::POSTS).await;
}

/// One post with its neighbours and related posts; [`Error::NotFound`] for an unknown slug.
pub async fn post(slug: String) -> Result<PostPageData, Error> {
    #[cfg(feature = "ssr")]
    return crate::server_fns::get_post(slug).await;
    #[cfg(not(feature = "ssr"))]
    return browser::fetch_json(&crate::urls::data::post(&slug)).await;
}

/// Every tag with its post count.
pub async fn tags() -> Result<Vec<TagCount>, Error> {
    #[cfg(feature = "ssr")]
    return crate::server_fns::list_tags().await;
    #[cfg(not(feature = "ssr"))]
    return browser::fetch_json(crate::urls::data::TAGS).await;
}

/// One tag and its posts; [`Error::NotFound`] for an unknown tag.
pub async fn tag(slug: String) -> Result<TagPosts, Error> {
    #[cfg(feature = "ssr")]
    return crate::server_fns::get_tag(slug).await;
    #[cfg(not(feature = "ssr"))]
    return browser::fetch_json(&crate::urls::data::tag(&slug)).await;
}

#[cfg(not(feature = "ssr"))]
mod browser {
    use crate::error::Error;
    use send_wrapper::SendWrapper;
    use serde::de::DeserializeOwned;
    use wasm_bindgen::{JsCast, JsValue};
    use wasm_bindgen_futures::JsFuture;

    /// GETs `path` and decodes its JSON body; a 404 becomes [`Error::NotFound`].
    ///
    /// Browser futures are not `Send`; resources need `Send` ones, and the browser has one
    /// thread, so the future is wrapped.
    pub async fn fetch_json<T: DeserializeOwned>(path: &str) -> Result<T, Error> {
        SendWrapper::new(fetch_text(path.to_string()))
            .await
            .and_then(|text: String| {
                serde_json::from_str(&text)
                    .map_err(|e| Error::ServerFn(format!("{path}: unexpected data: {e}")))
            })
    }

    async fn fetch_text(path: String) -> Result<String, Error> {
        let failed = |e: JsValue| Error::ServerFn(format!("{path}: {e:?}"));
        let window = web_sys::window().ok_or_else(|| Error::ServerFn("no window".into()))?;
        let response: web_sys::Response = JsFuture::from(window.fetch_with_str(&path))
            .await
            .and_then(|value| value.dyn_into())
            .map_err(failed)?;
        match response.status() {
            404 => return Err(Error::NotFound(path)),
            status if !response.ok() => {
                return Err(Error::ServerFn(format!("{path} answered {status}")))
            }
            _ => {}
        }
        let text = JsFuture::from(response.text().map_err(failed)?)
            .await
            .map_err(failed)?;
        text.as_string()
            .ok_or_else(|| Error::ServerFn(format!("{path}: the body is not text")))
    }
}
