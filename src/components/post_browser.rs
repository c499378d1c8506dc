//! The interactive part of the home page, a Leptos island: the search box, the tag filter, the
//! result count, the post cards and the pager, over the lean summaries the server put in the page.
//!
//! Its data (the summaries, the tags, the page size and the request) travels in a JSON data block
//! beside it, `<script type="application/json" id="quire-home">`, which the server renders with
//! [`HomeData::script`]: unlike island props it needs no serde_json in the bundle (miniserde reads
//! it) and no HTML-attribute escaping in the page.
//!
//! The server renders it for the address it was asked for. In the browser it then follows the
//! address, because a static host serves the same HTML for `/?tag=rust` as for `/`. Links to other
//! home-page addresses (tag toggles, "Clear filter", the pager) are handled in place: the page's
//! navigation script first offers each address to the islands with a cancelable `quire:navigate`
//! event (see [`super::hydration`]) and fetches a new page only when none takes it.

use super::pager::{PagedPosts, Pager};
use super::post_list::PostList;
use super::search_box::SearchBox;
use super::tag_filter::TagFilter;
#[cfg(feature = "hydrate")]
use crate::filter::home_page;
use crate::filter::{active_tags, filter_posts, paginate, parse_page};
use crate::model::{PostSummary, TagCount};
use crate::urls::{home_page_href, HomeQuery};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The `id` of the home page's data block.
pub const DATA_ID: &str = "quire-home";

/// What the island shows: every listed post and tag, and the request the server rendered for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "hydrate", derive(miniserde::Deserialize))]
pub struct HomeData {
    /// Every listed post, newest first.
    pub posts: Vec<PostSummary>,
    /// Every tag with its count, for the filter bar.
    pub tags: Vec<TagCount>,
    /// Posts per page.
    pub page_size: usize,
    /// What the address the server rendered for asks for.
    pub rendered: HomeQuery,
}

#[cfg(feature = "ssr")]
impl HomeData {
    /// The data block to render beside the island; the island reads the same value from the
    /// context on the server (see [`PostBrowser`]).
    pub fn script(&self) -> impl IntoView {
        let json = super::seo::script_json(self);
        view! { <script type="application/json" id=DATA_ID inner_html=json></script> }
    }
}

/// The island's data: from the context on the server, from the data block in the browser.
fn home_data() -> Option<HomeData> {
    #[cfg(feature = "hydrate")]
    return browser::read_data();
    #[cfg(not(feature = "hydrate"))]
    return use_context::<HomeData>();
}

/// Every post of the home page, filtered by the address and split into pages. It renders nothing
/// without its [`HomeData`] (provided on the server, a data block in the browser).
#[island]
pub fn PostBrowser() -> impl IntoView {
    super::lifecycle::dispose_on_unload();
    home_data().map(browse)
}

fn browse(data: HomeData) -> impl IntoView {
    let HomeData {
        posts,
        tags,
        page_size,
        rendered,
    } = data;
    let query = RwSignal::new(rendered);
    let total = posts.len();
    let posts = StoredValue::new(posts);
    let requested = Memo::new(move |_| query.read().tags.clone());
    let search = Memo::new(move |_| query.read().search.clone());
    let active = Memo::new(move |_| posts.with_value(|p| active_tags(p, &requested.read())));
    let shown =
        Memo::new(move |_| posts.with_value(|p| filter_posts(p, &active.read(), &search.read())));
    let current = Memo::new(move |_| {
        parse_page(query.read().page.as_deref()).and_then(|n| paginate(&shown.read(), n, page_size))
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
    let on_search = Callback::new(move |text: String| {
        let next = HomeQuery {
            tags: active.get_untracked(),
            search: text,
            page: None,
        };
        #[cfg(feature = "hydrate")]
        browser::replace_address(&home_page_href(&next.tags, &next.search, 1));
        query.set(next);
    });
    #[cfg(feature = "hydrate")]
    browser::follow_address(query, move |home: &HomeQuery| {
        // An address past the last page is the server's to answer (404).
        posts.with_value(|p| home_page(p, home, page_size).is_some())
    });
    view! {
        <SearchBox query=search active on_search />
        <TagFilter tags active query=search />
        <p class="result-count" aria-live="polite">
            {summary}
        </p>
        <PostList posts=paged.items />
        <Pager number=paged.number count=paged.count href />
    }
}

/// The island's link to the address bar and the navigation script (browser only).
#[cfg(feature = "hydrate")]
mod browser {
    use super::{HomeData, DATA_ID};
    use crate::urls::HomeQuery;
    use leptos::prelude::*;
    use leptos::wasm_bindgen::{JsCast, JsValue};

    /// The page's data block; `None` (logged) when it is missing or unreadable.
    pub fn read_data() -> Option<HomeData> {
        let text = document().get_element_by_id(DATA_ID)?.text_content()?;
        let data = miniserde::json::from_str(&text).ok();
        if data.is_none() {
            leptos::logging::error!("quire: the home page's data block is unreadable");
        }
        data
    }

    /// Writes `href` into the address bar without a new history entry (typing a search).
    pub fn replace_address(href: &str) {
        if let Ok(history) = window().history() {
            let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(href));
        }
    }

    /// Makes `query` follow the address: the one the page was opened at, once hydrated, then each
    /// home-page address the navigation script offers that `accepts` takes, until the island is
    /// disposed.
    pub fn follow_address(
        query: RwSignal<HomeQuery>,
        accepts: impl Fn(&HomeQuery) -> bool + 'static,
    ) {
        // After hydration, so the first render matches the server's HTML.
        Effect::new(move |_| {
            let location = window().location();
            let address = location
                .pathname()
                .and_then(|p| Ok(p + &location.search()?));
            if let Some(home) = address.ok().and_then(|a| HomeQuery::parse_address(&a)) {
                if home != query.get_untracked() {
                    query.set(home);
                }
            }
        });
        let listener = window_event_listener_untyped("quire:navigate", move |event| {
            let Some(address) = event
                .dyn_ref::<web_sys::CustomEvent>()
                .and_then(|e| e.detail().as_string())
            else {
                return;
            };
            if let Some(home) = HomeQuery::parse_address(&address).filter(|home| accepts(home)) {
                event.prevent_default();
                query.set(home);
            }
        });
        on_cleanup(move || listener.remove());
    }
}
