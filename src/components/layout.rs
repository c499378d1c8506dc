//! Site-wide pieces: the header, the footer and the site settings they show.

use super::theme::ThemeToggle;
use crate::error::ApiError;
use crate::model::SiteInfo;
use crate::urls::{ATOM_HREF, RSS_HREF};
use leptos::prelude::*;
use leptos_meta::Link;

/// The site settings, loaded once per page and shared through context.
pub type SiteResource = Resource<Result<SiteInfo, ApiError>>;

/// Loads the site settings and makes them available to [`use_site`].
pub fn provide_site() {
    let site: SiteResource = Resource::new_blocking(|| (), |_| crate::server_fns::get_site());
    provide_context(site);
}

/// The site settings resource provided by the root component.
pub fn use_site() -> SiteResource {
    expect_context::<SiteResource>()
}

/// `<link rel="alternate">` to the RSS and Atom feeds, in every page's head, so browsers and feed
/// readers find them from any page.
#[component]
pub fn FeedLinks() -> impl IntoView {
    let site = use_site();
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                // Without the settings the links still work, titled by format alone.
                let name = site.await.map(|s| format!("{} ", s.title)).unwrap_or_default();
                view! {
                    <Link
                        rel="alternate"
                        type_="application/rss+xml"
                        title=format!("{name}(RSS)")
                        href=RSS_HREF
                    />
                    <Link
                        rel="alternate"
                        type_="application/atom+xml"
                        title=format!("{name}(Atom)")
                        href=ATOM_HREF
                    />
                }
            })}
        </Suspense>
    }
}

/// In development, a banner on every page while posts have problems, linking to `/_problems`
/// (see [`crate::server::problems`]). Rendered on the server only; release builds and the static
/// export never show it.
#[component]
pub fn ProblemsBanner() -> impl IntoView {
    #[cfg(feature = "ssr")]
    let files = crate::server::state()
        .ok()
        .filter(|state| state.settings.development)
        .map(|state| crate::server::problems::problem_files(&state.library.snapshot()))
        .filter(|&files| files > 0);
    #[cfg(not(feature = "ssr"))]
    let files: Option<usize> = None;
    files.map(|files| {
        let text = if files == 1 {
            "1 post has problems".to_string()
        } else {
            format!("{files} posts have problems")
        };
        view! {
            <p class="problems-banner" role="status">
                <a href="/_problems">{text}</a>
            </p>
        }
    })
}

/// The header with the blog's name and the main navigation.
#[component]
pub fn SiteHeader() -> impl IntoView {
    let site = use_site();
    view! {
        <header class="site-header">
            <Suspense fallback=|| view! { <a class="site-title" href="/">"Home"</a> }>
                {move || Suspend::new(async move {
                    let title = site.await.map(|s| s.title).unwrap_or_else(|_| "Home".into());
                    view! { <a class="site-title" href="/">{title}</a> }
                })}
            </Suspense>
            <nav class="site-nav" aria-label="Site">
                <a href="/">"Posts"</a>
                <a href="/tags">"Tags"</a>
                <ThemeToggle />
            </nav>
        </header>
    }
}

/// The footer with the site author.
#[component]
pub fn SiteFooter() -> impl IntoView {
    let site = use_site();
    view! {
        <footer class="site-footer">
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let author = site.await.map(|s| s.author).unwrap_or_default();
                    view! { <p>"© " {author} " · Built with Quire"</p> }
                })}
            </Suspense>
        </footer>
    }
}
