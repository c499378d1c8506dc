//! Thin handlers for the feeds, the sitemap and `robots.txt`: read the current index, call the
//! pure builders in [`crate::feeds`], set the content type.

use super::AppState;
use crate::error::Error;
use crate::feeds::{self, sitemap, Channel};
use crate::model::GroupKind;
use crate::urls::{ATOM_HREF, RSS_HREF, SITEMAP_HREF};
use axum::extract::{Path, State};
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

/// The routes this module answers.
pub fn routes() -> Router<AppState> {
    let mut router = Router::new();
    for kind in GroupKind::ALL {
        let segment = kind.segment();
        router = router
            .route(
                &format!("/{segment}/{{slug}}/rss.xml"),
                get(move |state, slug| group_rss(state, kind, slug)),
            )
            .route(
                &format!("/{segment}/{{slug}}/atom.xml"),
                get(move |state, slug| group_atom(state, kind, slug)),
            );
    }
    router
        .route(RSS_HREF, get(site_rss))
        .route(ATOM_HREF, get(site_atom))
        .route("/tags/{tag}/rss.xml", get(tag_rss))
        .route("/tags/{tag}/atom.xml", get(tag_atom))
        .route(SITEMAP_HREF, get(sitemap_xml))
        .route("/robots.txt", get(robots_txt))
}

fn document(content_type: &'static str, body: Result<String, Error>) -> Response {
    match body {
        Ok(body) => ([(CONTENT_TYPE, content_type)], body).into_response(),
        Err(error) => error.into_response(),
    }
}

async fn site_rss(State(state): State<AppState>) -> Response {
    let index = state.library.snapshot();
    let channel = Channel::site(&index, &state.settings.site);
    document(feeds::RSS_CONTENT_TYPE, feeds::rss::rss(&channel))
}

async fn site_atom(State(state): State<AppState>) -> Response {
    let index = state.library.snapshot();
    let channel = Channel::site(&index, &state.settings.site);
    document(feeds::ATOM_CONTENT_TYPE, feeds::atom::atom(&channel))
}

async fn tag_rss(State(state): State<AppState>, Path(tag): Path<String>) -> Response {
    let index = state.library.snapshot();
    let body = Channel::tag(&index, &state.settings.site, &tag).and_then(|c| feeds::rss::rss(&c));
    document(feeds::RSS_CONTENT_TYPE, body)
}

async fn tag_atom(State(state): State<AppState>, Path(tag): Path<String>) -> Response {
    let index = state.library.snapshot();
    let body = Channel::tag(&index, &state.settings.site, &tag).and_then(|c| feeds::atom::atom(&c));
    document(feeds::ATOM_CONTENT_TYPE, body)
}

async fn group_rss(
    State(state): State<AppState>,
    kind: GroupKind,
    Path(slug): Path<String>,
) -> Response {
    let index = state.library.snapshot();
    let body =
        Channel::group(&index, &state.settings.site, kind, &slug).and_then(|c| feeds::rss::rss(&c));
    document(feeds::RSS_CONTENT_TYPE, body)
}

async fn group_atom(
    State(state): State<AppState>,
    kind: GroupKind,
    Path(slug): Path<String>,
) -> Response {
    let index = state.library.snapshot();
    let body = Channel::group(&index, &state.settings.site, kind, &slug)
        .and_then(|c| feeds::atom::atom(&c));
    document(feeds::ATOM_CONTENT_TYPE, body)
}

async fn sitemap_xml(State(state): State<AppState>) -> Response {
    let index = state.library.snapshot();
    document(
        feeds::SITEMAP_CONTENT_TYPE,
        sitemap::sitemap(&index, &state.settings.site),
    )
}

async fn robots_txt(State(state): State<AppState>) -> Response {
    document(
        feeds::TEXT_CONTENT_TYPE,
        Ok(sitemap::robots(&state.settings.site)),
    )
}
