//! Posts at their own addresses, old addresses redirected, and a bundle's files served beside it.
//!
//! Runs before routing: a request for a post's address (`/2024/05/01/title`) is routed as
//! `/posts/<slug>`, where the post page lives; an alias, a `[redirects]` entry or `/posts/<slug>`
//! of a post that lives elsewhere answers 301; a file beside a bundled post
//! (`/2024/05/01/title/map.png`) is served from the post's folder. What the index does not know
//! goes on to the routes unchanged.

use super::headers::HEADERS;
use super::AppState;
use crate::content::addresses::Route;
use crate::content::PostIndex;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode, Uri};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use percent_encoding::percent_decode_str;
use std::path::{Path, PathBuf};
use tower::ServiceExt;

/// What a request path is, for the index.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Resolved {
    /// Not one of the index's addresses: routed as it is.
    Pass,
    /// The post page to render in its place (`/posts/<slug>`).
    Rewrite(String),
    /// A permanent redirect to this address or URL.
    Redirect(String),
    /// A file beside a bundled post.
    File(PathBuf),
}

/// What `path` (percent-encoded, as requested) is in `index`.
pub fn resolve(index: &PostIndex, path: &str) -> Resolved {
    match index.route(path) {
        Some(Route::Post(slug)) => {
            let page = crate::urls::post_href(&slug);
            if page == path {
                Resolved::Pass
            } else {
                Resolved::Rewrite(page)
            }
        }
        Some(Route::Redirect(to)) => Resolved::Redirect(to),
        Some(Route::Section(folder)) => {
            Resolved::Rewrite(crate::urls::section_page_href(&folder, 1))
        }
        None => section_page(index, path)
            .or_else(|| bundle_file(index, path).map(Resolved::File))
            .unwrap_or(Resolved::Pass),
    }
}

/// A further page of a section: `<section>/page/<n>`.
fn section_page(index: &PostIndex, path: &str) -> Option<Resolved> {
    let (section, number) = path.rsplit_once("/page/")?;
    let number: usize = number.parse().ok().filter(|&n| n >= 2)?;
    match index.route(section)? {
        Route::Section(folder) if section == index.section(&folder)?.section.href => Some(
            Resolved::Rewrite(crate::urls::section_page_href(&folder, number)),
        ),
        _ => None,
    }
}

/// The file `path` names beside a bundled post: `<post address>/<file>`, where `<file>` is a
/// plain relative path (no hidden or `..` segments, not Markdown) inside the post's folder.
fn bundle_file(index: &PostIndex, path: &str) -> Option<PathBuf> {
    let mut at = path.len();
    while let Some(slash) = path[..at].rfind('/') {
        at = slash;
        if at == 0 {
            return None;
        }
        let Some(Route::Post(slug)) = index.route(&path[..at]) else {
            continue;
        };
        let entry = index.entry(&slug).filter(|e| e.bundle)?;
        let folder = Path::new(&entry.source).parent()?;
        let mut file = folder.to_path_buf();
        for segment in path[at + 1..].split('/') {
            let segment = percent_decode_str(segment).decode_utf8().ok()?;
            if segment.is_empty()
                || segment.starts_with('.')
                || segment.contains(['/', '\\'])
                || segment.chars().any(char::is_control)
            {
                return None;
            }
            file.push(segment.as_ref());
        }
        let markdown = file
            .extension()
            .is_some_and(|ext| ext == "md" || ext == "markdown");
        // Links inside the folder may not lead out of it.
        let real = file.canonicalize().ok()?;
        let inside = real.starts_with(folder.canonicalize().ok()?);
        return (inside && !markdown && real.is_file()).then_some(real);
    }
    None
}

/// Middleware: see the module's comment.
pub async fn route_addresses(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let index = state.library.snapshot();
    match resolve(&index, request.uri().path()) {
        Resolved::Pass => next.run(request).await,
        Resolved::Rewrite(page) => {
            let target = match request.uri().query() {
                Some(query) if page.contains('?') => format!("{page}&{query}"),
                Some(query) => format!("{page}?{query}"),
                None => page,
            };
            match target.parse::<Uri>() {
                Ok(uri) => *request.uri_mut() = uri,
                Err(_) => return StatusCode::BAD_REQUEST.into_response(),
            }
            next.run(request).await
        }
        Resolved::Redirect(to) => with_headers(redirect(&to)),
        Resolved::File(file) => {
            let served = tower_http::services::ServeFile::new(file)
                .oneshot(request)
                .await;
            match served {
                Ok(response) => with_headers(response.map(axum::body::Body::new)),
                Err(never) => match never {},
            }
        }
    }
}

/// A 301 to `to`.
fn redirect(to: &str) -> Response {
    match HeaderValue::from_str(to) {
        Ok(location) => {
            let mut response = StatusCode::MOVED_PERMANENTLY.into_response();
            response.headers_mut().insert(header::LOCATION, location);
            response
        }
        // An address from the index is always a valid header; a URL from `[redirects]` could not be.
        Err(_) => StatusCode::NOT_FOUND.into_response(),
    }
}

/// `response` with the security headers the routes' responses carry.
fn with_headers(mut response: Response) -> Response {
    for (name, value) in HEADERS {
        response
            .headers_mut()
            .entry(name)
            .or_insert(HeaderValue::from_static(value));
    }
    response
}
