//! The HTML shell, the root component and the route table.

use crate::components::hydration::{BundleFiles, IdleHydrationScript};
use crate::components::layout::{provide_site, FeedLinks, ProblemsBanner, SiteFooter, SiteHeader};
use crate::components::page_contract::MAIN_ID;
use crate::components::status::NotFound;
use crate::components::theme::THEME_SCRIPT;
use crate::model::GroupKind;
use crate::pages::groups::{GroupPage, GroupsPage};
use crate::pages::section::SectionPage;
use crate::pages::{home::HomePage, post::PostPage, tags::TagPage, tags::TagsPage};
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Link, MetaTags};
use leptos_router::{
    components::{Route, Router, Routes},
    path, SsrMode,
};

/// Whether a page loads the WASM bundle and hydrates its islands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hydration {
    /// Every page the server renders: the bundle brings its islands to life.
    On,
    /// The static export's `404.html`, which a static host serves at any unknown address, where
    /// the router would expect a different page; it stays plain HTML.
    Off,
}

/// What the document around the app needs besides Leptos's options.
#[derive(Clone, Debug)]
pub struct ShellSettings {
    /// The content's language, for `<html lang>`.
    pub language: String,
    /// Whether the page loads the bundle.
    pub hydration: Hydration,
    /// The bundle's file names (hashed in release builds).
    pub bundle: BundleFiles,
}

/// The document around the app, rendered on the server only.
pub fn shell(options: LeptosOptions, settings: ShellSettings) -> impl IntoView {
    let ShellSettings {
        language,
        hydration,
        bundle,
    } = settings;
    // Islands mode: only `#[island]` components carry hydration markers and data; the rest of the
    // page is plain HTML.
    if let Some(context) = Owner::current_shared_context() {
        context.set_is_hydrating(false);
    }
    view! {
        <!DOCTYPE html>
        <html lang=language>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                // Before any paint: apply the reader's stored theme (no flash of the wrong one).
                <script>{THEME_SCRIPT}</script>
                <link rel="stylesheet" id="leptos" href=bundle.css.clone() />
                {(hydration == Hydration::On)
                    .then(|| {
                        view! {
                            <AutoReload options=options.clone() />
                            <IdleHydrationScript bundle />
                        }
                    })}
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The whole blog. Every route renders asynchronously on the server, so its `<title>`, meta tags
/// and HTTP status are in the first response. In the browser, the page's navigation script
/// follows links by fetching the next page (see [`crate::components::hydration`]).
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_site();

    view! {
        <Link rel="icon" type_="image/svg+xml" href="/favicon.svg" />
        <FeedLinks />
        <Router>
            // `target="_self"` leaves this in-page link to the browser, which also moves keyboard
            // focus to the target.
            <a class="skip-link" href=format!("#{MAIN_ID}") target="_self">
                "Skip to content"
            </a>
            <ProblemsBanner />
            <SiteHeader />
            <main id=MAIN_ID class="site-main" tabindex="-1">
                <Routes fallback=NotFound>
                    <Route path=path!("") view=HomePage ssr=SsrMode::Async />
                    <Route path=path!("page/:n") view=HomePage ssr=SsrMode::Async />
                    <Route path=path!("posts/:slug") view=PostPage ssr=SsrMode::Async />
                    <Route path=path!("tags") view=TagsPage ssr=SsrMode::Async />
                    <Route path=path!("_sections/*folder") view=SectionPage ssr=SsrMode::Async />
                    <Route path=path!("tags/:tag") view=TagPage ssr=SsrMode::Async />
                    <Route path=path!("tags/:tag/page/:n") view=TagPage ssr=SsrMode::Async />
                    <Route
                        path=path!("categories")
                        view=|| view! { <GroupsPage kind=GroupKind::Category /> }
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("categories/:slug")
                        view=|| view! { <GroupPage kind=GroupKind::Category /> }
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("categories/:slug/page/:n")
                        view=|| view! { <GroupPage kind=GroupKind::Category /> }
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("series")
                        view=|| view! { <GroupsPage kind=GroupKind::Series /> }
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("series/:slug")
                        view=|| view! { <GroupPage kind=GroupKind::Series /> }
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("series/:slug/page/:n")
                        view=|| view! { <GroupPage kind=GroupKind::Series /> }
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("authors")
                        view=|| view! { <GroupsPage kind=GroupKind::Author /> }
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("authors/:slug")
                        view=|| view! { <GroupPage kind=GroupKind::Author /> }
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("authors/:slug/page/:n")
                        view=|| view! { <GroupPage kind=GroupKind::Author /> }
                        ssr=SsrMode::Async
                    />
                </Routes>
            </main>
            <SiteFooter />
        </Router>
    }
}
