//! `GET /_img/<name>`: the resized copies of the posts' pictures, from the render cache's images
//! folder ([`crate::content::images`]).
//!
//! A copy's name holds the hash of what it was made from, so it never changes content and is
//! served `immutable` for a year. Only names a copy could have are looked up: anything else (a
//! manifest, a temporary file, a path) answers 404 without touching the disk.

use super::assets::IMMUTABLE;
use crate::content::images::{is_variant_name, ImageStore, ROUTE};
use axum::extract::Request;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Router;
use std::path::Path;
use tower_http::services::ServeDir;

/// The copies' routes for a render cache in `cache_dir`; none without a cache (no copies are
/// made then, and `/_img/` falls through to the 404 page).
pub fn routes<S: Clone + Send + Sync + 'static>(cache_dir: Option<&Path>) -> Router<S> {
    let Some(cache_dir) = cache_dir else {
        return Router::new();
    };
    let store = ImageStore::new(cache_dir);
    Router::new()
        .nest_service(ROUTE, ServeDir::new(store.dir()))
        .layer(axum::middleware::from_fn(only_copies))
}

/// Middleware: 404 for any name that is not a copy's; `immutable` and `image/webp` for a copy.
async fn only_copies(request: Request, next: Next) -> Response {
    let name = request
        .uri()
        .path()
        .strip_prefix(ROUTE)
        .and_then(|rest| rest.strip_prefix('/'))
        .unwrap_or_default();
    if !is_variant_name(name) {
        return StatusCode::NOT_FOUND.into_response();
    }
    let mut response = next.run(request).await;
    if response.status().is_success() || response.status() == StatusCode::NOT_MODIFIED {
        let headers = response.headers_mut();
        headers.insert(CACHE_CONTROL, HeaderValue::from_static(IMMUTABLE));
        headers.insert(CONTENT_TYPE, HeaderValue::from_static("image/webp"));
    }
    response
}

#[cfg(test)]
mod tests;
