//! The state every handler and server function reaches, and how errors become responses.

use super::{assets, page_cache};
use crate::app::{Hydration, ShellSettings};
use crate::components::hydration::BundleFiles;
use crate::content::images::Encoding;
use crate::content::Library;
use crate::error::{ApiError, Error};
use crate::settings::Settings;
use axum::extract::FromRef;
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use leptos::prelude::*;
use std::sync::Arc;

/// What every request handler and server function can reach: a shared handle, since axum clones
/// the state for every request (a deep copy of the settings and options was about a tenth of the
/// time of serving a cached page).
#[derive(Clone, Debug)]
pub struct AppState(Arc<SharedState>);

impl std::ops::Deref for AppState {
    type Target = SharedState;

    fn deref(&self) -> &SharedState {
        &self.0
    }
}

/// The contents of [`AppState`].
#[derive(Debug)]
pub struct SharedState {
    /// cargo-leptos options (site root, address, ...).
    pub leptos_options: LeptosOptions,
    /// The live post index.
    pub library: Arc<Library>,
    /// All settings in force.
    pub settings: Arc<Settings>,
    /// Rendered responses of the current index.
    pub page_cache: page_cache::PageCache,
    /// The bundle's file names, found in the site root at startup.
    pub bundle: BundleFiles,
    /// The social card maker, when `[social_cards]` is on.
    pub cards: Option<Arc<crate::social_card::Cards>>,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

impl AppState {
    /// The shell settings of this site's pages.
    pub fn shell_settings(&self, hydration: Hydration) -> ShellSettings {
        ShellSettings {
            language: self.settings.site.language.clone(),
            hydration,
            bundle: self.bundle.clone(),
        }
    }

    /// State for `settings`, loading the posts once, with every picture's copies made.
    pub fn load(leptos_options: LeptosOptions, settings: &Settings) -> Self {
        Self::load_with(leptos_options, settings, Encoding::Now)
    }

    /// [`AppState::load`], making missing copies of pictures as `encoding` says: a server leaves
    /// them to the background ([`Encoding::Background`]) and follows it
    /// ([`crate::content::refresh::follow`]).
    pub fn load_with(
        leptos_options: LeptosOptions,
        settings: &Settings,
        encoding: Encoding,
    ) -> Self {
        let library = Library::load(crate::content::LibraryConfig {
            image_encoding: encoding,
            ..settings.library_config(Some(std::path::PathBuf::from(&*leptos_options.site_root)))
        });
        let (cards, problems) =
            crate::social_card::Cards::load(&settings.social_cards, settings.cache_dir.as_deref());
        for problem in problems {
            tracing::error!("{problem}");
        }
        AppState(Arc::new(SharedState {
            cards: cards.map(Arc::new),
            bundle: assets::locate(&leptos_options),
            leptos_options,
            library: Arc::new(library),
            settings: Arc::new(settings.clone()),
            page_cache: page_cache::PageCache::default(),
        }))
    }
}

impl SharedState {
    /// The post with this slug and its context, as the post page and `/data/posts/<slug>.json`
    /// show it: with its social card when it has no picture of its own.
    pub fn post_page(&self, slug: &str) -> Result<crate::model::PostPageData, Error> {
        let mut page = self.library.snapshot().find_post_page(slug)?;
        let post = &mut page.post;
        if let Some(cards) = &self.cards {
            let has_own_image = post.image.is_some() || post.social_image.is_some();
            post.card = cards.image_for(&self.settings.site, &post.summary, has_own_image);
        }
        Ok(page)
    }
}

/// The state of the request being handled, from inside a server function or component.
pub fn state() -> Result<AppState, Error> {
    use_context::<AppState>().ok_or(Error::MissingState)
}

/// `result` as a server function answers it: its error becomes the caller's [`ApiError`] (the
/// details logged here) and gives the response its status (404 for an unknown slug), so calls over
/// HTTP answer with meaningful codes.
pub fn with_status<T>(result: Result<T, Error>) -> Result<T, ApiError> {
    result.map_err(|error| {
        let error = ApiError::from(error);
        crate::components::status::set_status(error.status_code());
        error
    })
}

/// Plain-text error responses for the handlers outside Leptos (feeds, sitemap): the status of the
/// error and its public message; the details go to the log only.
impl IntoResponse for Error {
    fn into_response(self) -> Response {
        let status = self.status_code();
        if status.is_server_error() {
            tracing::error!("{self}");
        }
        (
            status,
            [(CONTENT_TYPE, crate::feeds::TEXT_CONTENT_TYPE)],
            format!("{}\n", self.public_message()),
        )
            .into_response()
    }
}
