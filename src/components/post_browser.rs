//! The interactive part of the home page, a Leptos island: the search box, the tag filter, the
//! result count, the post cards and the pager.
//!
//! The page carries one page of posts, never the whole blog. Its data (that page, the tags, the
//! page size, the request and where further pages come from) travels in a JSON data block beside
//! it, `<script type="application/json" id="quire-home">`, which the server renders with
//! [`HomeData::script`]: miniserde reads it, far smaller in the bundle than serde_json.
//!
//! Once live, the island handles every home-page address in place (tag toggles, "Clear filter",
//! the pager, typed searches): the page's navigation script offers each address to the islands
//! with a cancelable `quire:navigate` event (see [`super::hydration`]). It loads the new page:
//! - from `quire serve`, by calling the [`crate::server_fns::list_posts`] server function over
//!   HTTP (a cacheable GET);
//! - from a static export, where no server answers, by fetching the export's index files
//!   ([`crate::search::files`]) a few at a time and deciding with the same
//!   [`crate::search::home_page`] as the server.
//!
//! A page that cannot be loaded (past the end, the network gone) is loaded for real instead.

use super::pager::Pager;
use super::post_list::PostList;
use super::search_box::SearchBox;
use super::tag_filter::TagFilter;
use crate::model::{ListPage, TagCount};
use crate::urls::{home_page_href, HomeQuery};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The `id` of the home page's data block.
pub const DATA_ID: &str = "quire-home";

/// Where the island loads further pages of the list from.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
    miniserde::Serialize,
    miniserde::Deserialize,
)]
pub enum ListSource {
    /// The server's [`crate::server_fns::list_posts`].
    Api,
    /// The static export's index files under [`crate::search::files::ROOT`].
    Files,
}

/// What the island shows first, and how it gets more.
#[derive(
    Clone,
    Debug,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
    miniserde::Serialize,
    miniserde::Deserialize,
)]
pub struct HomeData {
    /// The page the server rendered.
    pub list: ListPage,
    /// Every tag with its count, for the filter bar.
    pub tags: Vec<TagCount>,
    /// Posts per page.
    pub page_size: usize,
    /// What the address the server rendered for asks for.
    pub rendered: HomeQuery,
    /// Where further pages come from.
    pub source: ListSource,
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

/// One page of the home page's posts, filtered by the address. It renders nothing without its
/// [`HomeData`] (provided on the server, a data block in the browser).
#[island]
pub fn PostBrowser() -> impl IntoView {
    super::lifecycle::dispose_on_unload();
    home_data().map(browse)
}

fn browse(data: HomeData) -> impl IntoView {
    let HomeData {
        list,
        tags,
        page_size,
        rendered,
        source,
    } = data;
    let query = RwSignal::new(rendered);
    let list = RwSignal::new(list);
    let active = Memo::new(move |_| list.read().active.clone());
    let search = Memo::new(move |_| query.read().search.clone());
    let posts = Signal::derive(move || list.read().posts.clone());
    let number = Signal::derive(move || list.read().number);
    let count = Signal::derive(move || list.read().count);
    let href = move |n: usize| home_page_href(&active.get(), &search.get(), n);
    let summary = move || {
        let list = list.read();
        let total = list.total;
        let noun = if total == 1 { "post" } else { "posts" };
        if list.matched == total {
            format!("{total} {noun}")
        } else {
            format!("Showing {} of {total} {noun}", list.matched)
        }
    };
    #[cfg(feature = "hydrate")]
    let loader = browser::Loader::new(source, page_size, list);
    #[cfg(not(feature = "hydrate"))]
    let _ = (source, page_size);
    let on_search = Callback::new(move |text: String| {
        let next = HomeQuery {
            tags: active.get_untracked(),
            search: text,
            page: None,
        };
        #[cfg(feature = "hydrate")]
        {
            let address = home_page_href(&next.tags, &next.search, 1);
            browser::replace_address(&address);
            loader.load_soon(next.clone(), Some(address));
        }
        query.set(next);
    });
    #[cfg(feature = "hydrate")]
    browser::follow_address(query, loader);
    view! {
        <SearchBox query=search active on_search />
        <TagFilter tags active query=search />
        <p class="result-count" aria-live="polite">
            {summary}
        </p>
        <PostList posts />
        <Pager number count href />
    }
}

/// The island's link to the address bar, the navigation script and the network (browser only).
#[cfg(feature = "hydrate")]
mod browser {
    use super::{HomeData, ListSource, DATA_ID};
    use crate::model::ListPage;
    use crate::search::files::{self, Fetched};
    use crate::urls::HomeQuery;
    use leptos::prelude::*;
    use leptos::wasm_bindgen::{JsCast, JsValue};
    use std::time::Duration;

    /// How long typing must pause before a search is sent.
    const TYPING_PAUSE: Duration = Duration::from_millis(120);

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

    /// Loads pages of the list into the island's signal; the newest request wins.
    #[derive(Clone, Copy)]
    pub struct Loader {
        source: ListSource,
        page_size: usize,
        list: RwSignal<ListPage>,
        latest: StoredValue<u64>,
        fetched: StoredValue<Fetched>,
    }

    impl Loader {
        pub fn new(source: ListSource, page_size: usize, list: RwSignal<ListPage>) -> Self {
            let total = u32::try_from(list.get_untracked().total).unwrap_or(u32::MAX);
            Loader {
                source,
                page_size,
                list,
                latest: StoredValue::new(0),
                fetched: StoredValue::new(Fetched::new(total)),
            }
        }

        fn ticket(&self) -> u64 {
            self.latest.update_value(|n| *n += 1);
            self.latest.get_value()
        }

        /// Loads `query` once typing pauses; `address` is loaded for real if that fails.
        pub fn load_soon(self, query: HomeQuery, address: Option<String>) {
            let ticket = self.ticket();
            set_timeout(
                move || {
                    if self.latest.try_get_value() == Some(ticket) {
                        self.run(ticket, query, address);
                    }
                },
                TYPING_PAUSE,
            );
        }

        /// Loads `query` now; `address`, if any, is loaded for real if that fails. The address
        /// the page was opened at has none: loading it again would show the same page (on a
        /// static host, the same `index.html` for every query string, again and again).
        pub fn load(self, query: HomeQuery, address: Option<String>) {
            let ticket = self.ticket();
            self.run(ticket, query, address);
        }

        fn run(self, ticket: u64, query: HomeQuery, address: Option<String>) {
            // Not tied to the owner: every signal access below is a `try_`, so a disposed island
            // only ends the task.
            wasm_bindgen_futures::spawn_local(async move {
                // The server's answers revalidate with their ETag in the browser's cache; the
                // export's files are kept in `fetched`.
                let page = fetch_page(Box::new(PageRequest {
                    loader: self,
                    query,
                    fetch: fetch_text,
                }))
                .await;
                // The island may be gone, or a newer request started meanwhile.
                if self.latest.try_get_value() != Some(ticket) {
                    return;
                }
                match page {
                    Ok(Some(page)) => {
                        self.list.try_set(page);
                    }
                    Ok(None) | Err(_) => match address {
                        Some(address) => {
                            let _ = window().location().assign(&address);
                        }
                        None => leptos::logging::warn!("quire: no page of posts for this address"),
                    },
                }
            });
        }

        /// The page from the export's index files, fetching those not fetched yet.
        async fn page_from_files(self, query: &HomeQuery, fetch: FetchText) -> Option<ListPage> {
            let needed = self.fetched.try_with_value(|f| f.needed(query))?;
            let texts = fetch_all(fetch, needed.iter().map(|n| n.href())).await;
            self.fetched.try_update_value(|f| {
                for (needed, text) in needed.into_iter().zip(texts) {
                    match text {
                        Fetch::Found(text) => f.add(needed, Some(&text)),
                        Fetch::Missing => f.add(needed, None),
                        Fetch::Failed => {}
                    }
                }
            })?;
            let page = self
                .fetched
                .try_with_value(|f| f.page(query, self.page_size))??;
            let missing = self.fetched.try_with_value(|f| f.docs_needed(&page))?;
            let texts = fetch_all(fetch, missing.iter().map(|&d| files::doc_href(d))).await;
            self.fetched.try_update_value(|f| {
                for (doc, text) in missing.into_iter().zip(texts) {
                    if let Fetch::Found(text) = text {
                        f.add_doc(doc, &text);
                    }
                }
            })?;
            self.fetched.try_with_value(|f| f.list_page(&page))?
        }
    }

    /// What [`fetch_page`] is asked: boxed, to cross into the split-off module as one pointer.
    pub struct PageRequest {
        loader: Loader,
        query: HomeQuery,
        /// How it fetches: the browser calls stay in the main module (see [`FetchText`]).
        fetch: FetchText,
    }

    /// Fetches one address. The split-off code calls the network only through this pointer to
    /// [`fetch_text`], which the main module holds: code that converts JavaScript values
    /// (`JsFuture`, `unchecked_into`) must not move into a split module, whose wasm-bindgen
    /// glue is never generated (with link-time optimization it was inlined there, and a first
    /// search failed with "function signature mismatch").
    type FetchText = fn(String) -> std::pin::Pin<Box<dyn std::future::Future<Output = Fetch>>>;

    /// [`FetchText`]'s one implementation: the request starts at once, its body is awaited.
    fn fetch_text(href: String) -> std::pin::Pin<Box<dyn std::future::Future<Output = Fetch>>> {
        Box::pin(text_of(window().fetch_with_str(&href)))
    }

    /// An answer of [`fetch_page`]: `Err` when its module could not be loaded.
    type Loaded<T> = Result<T, leptos::wasm_split::SplitLoaderError>;

    /// The page a request asks for, from the server function or from the export's index files.
    ///
    /// In a release build (`--features split`, see the Makefile) this is split off the bundle:
    /// fetching and deciding a page (on an export the postings, the ranking and the excerpts) is
    /// a third of the island's WASM and runs only once a reader searches, filters or turns a
    /// page, so its module is fetched then, not with every page. A module that cannot be
    /// loaded (the network gone) is an `Err`, and the address is then loaded for real.
    #[cfg(feature = "split")]
    #[leptos::wasm_split::wasm_split(
        quire_list,
        wasm_split_path = ::leptos::wasm_split,
        fallible,
        return_wrapper(let future = _; { Ok(future.await) } -> Loaded<Option<ListPage>>)
    )]
    fn fetch_page(request: Box<PageRequest>) -> PageFuture {
        page_future(request)
    }

    /// [`fetch_page`] in the bundle itself (`cargo leptos watch`, a build without `split`).
    #[cfg(not(feature = "split"))]
    async fn fetch_page(request: Box<PageRequest>) -> Loaded<Option<ListPage>> {
        Ok(page_future(request).await)
    }

    fn page_future(request: Box<PageRequest>) -> PageFuture {
        Box::pin(async move {
            let PageRequest {
                loader,
                query,
                fetch,
            } = *request;
            match loader.source {
                ListSource::Api => from_api(fetch, query.list_href()).await,
                ListSource::Files => loader.page_from_files(&query, fetch).await,
            }
        })
    }

    /// The future [`fetch_page`] returns.
    type PageFuture = std::pin::Pin<Box<dyn std::future::Future<Output = Option<ListPage>>>>;

    /// What a fetch found.
    pub enum Fetch {
        /// The body of a successful response.
        Found(String),
        /// A 404: nothing at that address.
        Missing,
        /// Anything else: the network, or another error.
        Failed,
    }

    /// Fetches every address at once (each request starts before any is awaited), in order.
    async fn fetch_all(fetch: FetchText, hrefs: impl Iterator<Item = String>) -> Vec<Fetch> {
        let started: Vec<_> = hrefs.map(fetch).collect();
        let mut texts = Vec::with_capacity(started.len());
        for text in started {
            texts.push(text.await);
        }
        texts
    }

    async fn text_of(promise: js_sys::Promise) -> Fetch {
        let response = match wasm_bindgen_futures::JsFuture::from(promise).await {
            Ok(response) => response.unchecked_into::<web_sys::Response>(),
            Err(_) => return Fetch::Failed,
        };
        if response.status() == 404 {
            return Fetch::Missing;
        }
        if !response.ok() {
            return Fetch::Failed;
        }
        let Ok(promise) = response.text() else {
            return Fetch::Failed;
        };
        match wasm_bindgen_futures::JsFuture::from(promise).await {
            Ok(text) => text.as_string().map_or(Fetch::Failed, Fetch::Found),
            Err(_) => Fetch::Failed,
        }
    }

    /// A page from the server function at `href`.
    async fn from_api(fetch: FetchText, href: String) -> Option<ListPage> {
        match fetch(href).await {
            Fetch::Found(text) => miniserde::json::from_str(&text).ok(),
            _ => None,
        }
    }

    /// Makes the island follow the address: the one the page was opened at, once hydrated (a
    /// static host serves the same HTML for `/?tag=rust` as for `/`), then each home-page
    /// address the navigation script offers, until the island is disposed.
    pub fn follow_address(query: RwSignal<HomeQuery>, loader: Loader) {
        // After hydration, so the first render matches the server's HTML.
        crate::components::lifecycle::after_hydration(move || {
            let location = window().location();
            let address = location
                .pathname()
                .and_then(|p| Ok(p + &location.search()?));
            if let Ok(address) = address {
                if let Some(home) = HomeQuery::parse_address(&address) {
                    if query.try_get_untracked().is_some_and(|shown| shown != home) {
                        loader.load(home.clone(), None);
                        query.try_set(home);
                    }
                }
            }
        });
        let listener = window_event_listener_untyped(
            crate::components::page_contract::NAVIGATE_EVENT,
            move |event| {
                let Some(address) = event
                    .dyn_ref::<web_sys::CustomEvent>()
                    .and_then(|e| e.detail().as_string())
                else {
                    return;
                };
                if let Some(home) = HomeQuery::parse_address(&address) {
                    event.prevent_default();
                    loader.load(home.clone(), Some(address));
                    query.set(home);
                }
            },
        );
        on_cleanup(move || listener.remove());
    }
}
