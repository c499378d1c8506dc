//! `/_cards/<slug>-<hash16>.png`: a post's social card ([`crate::social_card`]), drawn at the
//! first request on a blocking thread and kept; answered 404 for an unknown post, a post with a
//! picture of its own, or a hash that is not the card's current one (a changed title).

use super::AppState;
use crate::error::Error;
use crate::social_card::{self, CardInput};
use axum::extract::{Path, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::http::HeaderValue;
use axum::response::{IntoResponse, Response};
use axum::Router;

/// A card's address names its content, so it never changes: caches may keep it for a year.
pub const CACHE_FOREVER: &str = "public, max-age=31536000, immutable";

/// The route of the cards, when they are on.
pub fn routes(state: &AppState) -> Router<AppState> {
    if state.cards.is_none() {
        return Router::new();
    }
    Router::new().route(
        &format!("{}{{name}}", social_card::PREFIX),
        axum::routing::get(card),
    )
}

async fn card(State(state): State<AppState>, Path(name): Path<String>) -> Response {
    match current_card(&state, &name) {
        Ok((input, hash)) => serve(state, input, hash).await,
        Err(error) => error.into_response(),
    }
}

/// What the card called `name` shows and its full hash, if `name` is a post's current card.
fn current_card(state: &AppState, name: &str) -> Result<(CardInput, String), Error> {
    let not_found = || Error::NotFound(format!("social card {name:?}"));
    let cards = state.cards.as_ref().ok_or_else(not_found)?;
    let (slug, short) = social_card::parse_name(name).ok_or_else(not_found)?;
    let index = state.library.snapshot();
    let entry = index.entry(slug).ok_or_else(not_found)?;
    if entry.image.is_some() || entry.social_image.is_some() {
        return Err(not_found());
    }
    let input = CardInput::of(&state.settings.site, &entry.summary);
    let hash = cards.hash(&input);
    if !hash.starts_with(short) {
        return Err(not_found());
    }
    Ok((input, hash))
}

async fn serve(state: AppState, input: CardInput, hash: String) -> Response {
    let Some(cards) = state.cards.clone() else {
        return Error::NotFound("social cards".into()).into_response();
    };
    // Drawing takes tens of milliseconds of CPU: never on the async workers.
    let drawn = tokio::task::spawn_blocking(move || cards.png(&input, &hash)).await;
    let png = match drawn {
        Ok(Ok(png)) => png,
        Ok(Err(error)) => return error.into_response(),
        Err(error) => return Error::render("a social card", error).into_response(),
    };
    (
        [
            (CONTENT_TYPE, HeaderValue::from_static("image/png")),
            (CACHE_CONTROL, HeaderValue::from_static(CACHE_FOREVER)),
        ],
        png,
    )
        .into_response()
}
