//! The HTML shell, the root component and the route table.

use crate::components::layout::{provide_site, FeedLinks, SiteFooter, SiteHeader};
use crate::components::status::NotFound;
use crate::components::theme::THEME_SCRIPT;
use crate::pages::{home::HomePage, post::PostPage, tags::TagPage, tags::TagsPage};
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Link, MetaTags, Stylesheet};
use leptos_router::{
    components::{Route, Router, Routes},
    path, SsrMode,
};

/// The document around the app, rendered on the server only.
pub fn shell(options: LeptosOptions, language: String) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang=language>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                // Before any paint: apply the reader's stored theme (no flash of the wrong one).
                <script>{THEME_SCRIPT}</script>
                <AutoReload options=options.clone() />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The whole blog. Every route renders asynchronously on the server, so its `<title>`, meta tags
/// and HTTP status are in the first response.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_site();
    // Runs in the browser only, once hydration is done: end-to-end tests wait for this marker.
    Effect::new(move |_| {
        if let Some(body) = document().body() {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });

    view! {
        <Stylesheet id="leptos" href="/pkg/quire.css" />
        <Link rel="icon" type_="image/svg+xml" href="/favicon.svg" />
        <FeedLinks />
        <Router>
            <a class="skip-link" href="#main">
                "Skip to content"
            </a>
            <SiteHeader />
            <main id="main" class="site-main">
                <Routes fallback=NotFound>
                    <Route path=path!("") view=HomePage ssr=SsrMode::Async />
                    <Route path=path!("page/:n") view=HomePage ssr=SsrMode::Async />
                    <Route path=path!("posts/:slug") view=PostPage ssr=SsrMode::Async />
                    <Route path=path!("tags") view=TagsPage ssr=SsrMode::Async />
                    <Route path=path!("tags/:tag") view=TagPage ssr=SsrMode::Async />
                </Routes>
            </main>
            <SiteFooter />
        </Router>
    }
}
