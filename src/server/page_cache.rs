//! Every page, data document and feed rendered once per post index, then served from memory.
//!
//! Responses are kept by address (path and query) together with the index they were rendered
//! from; when the library swaps in a new index (an edit, a reload, a scheduled post coming due),
//! the whole cache is dropped at the next request. Each kept response carries a strong `ETag`, so
//! a reader's second visit is answered `304 Not Modified` without a body. Pages are the same
//! bytes on every render (see [`super::html`]), which is what makes both sound.

use super::AppState;
use crate::content::PostIndex;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_LENGTH, CONTENT_TYPE, ETAG, IF_NONE_MATCH};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, RwLock};

/// Most responses kept at once; past it the cache starts over (addresses with arbitrary query
/// strings must not grow memory without bound).
pub const MAX_ENTRIES: usize = 20_000;

/// Largest response body kept.
pub const MAX_BODY_BYTES: usize = 8 * 1024 * 1024;

/// One kept response.
#[derive(Clone, Debug)]
struct Entry {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
    etag: HeaderValue,
}

#[derive(Debug, Default)]
struct Entries {
    /// The index these responses were rendered from.
    index: Option<Arc<PostIndex>>,
    by_address: HashMap<String, Entry>,
}

/// The cache shared by every request.
#[derive(Clone, Debug, Default)]
pub struct PageCache {
    entries: Arc<RwLock<Entries>>,
}

impl PageCache {
    /// The kept response for `address`, if it was rendered from `index`.
    fn get(&self, index: &Arc<PostIndex>, address: &str) -> Option<Entry> {
        let entries = self.entries.read().ok()?;
        let current = entries
            .index
            .as_ref()
            .is_some_and(|i| Arc::ptr_eq(i, index));
        current
            .then(|| entries.by_address.get(address).cloned())
            .flatten()
    }

    /// Keeps `entry` for `address`, dropping everything rendered from another index first.
    fn put(&self, index: &Arc<PostIndex>, address: String, entry: Entry) {
        let Ok(mut entries) = self.entries.write() else {
            return;
        };
        let current = entries
            .index
            .as_ref()
            .is_some_and(|i| Arc::ptr_eq(i, index));
        if !current || entries.by_address.len() >= MAX_ENTRIES {
            entries.by_address.clear();
            entries.index = Some(Arc::clone(index));
        }
        entries.by_address.insert(address, entry);
    }

    /// How many responses are kept.
    pub fn len(&self) -> usize {
        self.entries.read().map_or(0, |e| e.by_address.len())
    }

    /// Whether nothing is kept.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A strong validator for `body`: a hash of its bytes.
pub fn etag_for(body: &[u8]) -> HeaderValue {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    body.hash(&mut hasher);
    HeaderValue::from_str(&format!("\"{:016x}-{:x}\"", hasher.finish(), body.len()))
        .unwrap_or_else(|_| HeaderValue::from_static("\"0\""))
}

/// Whether an `If-None-Match` header value names `etag` (or is `*`).
pub fn matches(if_none_match: &str, etag: &HeaderValue) -> bool {
    let Ok(etag) = etag.to_str() else {
        return false;
    };
    if_none_match
        .split(',')
        .map(|candidate| candidate.trim().trim_start_matches("W/"))
        .any(|candidate| candidate == "*" || candidate == etag)
}

/// Responses worth keeping: rendered documents, not static files (served from disk already) and
/// not server errors.
fn cacheable(response: &Response) -> bool {
    let kind = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let rendered = [
        "text/html",
        "application/json",
        "application/rss+xml",
        "application/atom+xml",
        "application/xml",
        "text/plain",
    ]
    .iter()
    .any(|t| kind.starts_with(t));
    rendered && matches!(response.status(), StatusCode::OK | StatusCode::NOT_FOUND)
}

fn respond(entry: Entry, if_none_match: Option<&str>) -> Response {
    if if_none_match.is_some_and(|value| matches(value, &entry.etag))
        && entry.status == StatusCode::OK
    {
        let mut response = StatusCode::NOT_MODIFIED.into_response();
        response.headers_mut().insert(ETAG, entry.etag);
        response
            .headers_mut()
            .insert(CACHE_CONTROL, HeaderValue::from_static("no-cache"));
        return response;
    }
    let mut response = Response::new(Body::from(entry.body));
    *response.status_mut() = entry.status;
    *response.headers_mut() = entry.headers;
    response
}

/// Middleware: answers GET and HEAD from the cache, rendering and keeping what is missing.
pub async fn serve_cached(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let cacheable_request = matches!(*request.method(), Method::GET | Method::HEAD)
        && !request.uri().path().starts_with("/api/")
        && request.uri().path() != "/healthz";
    if !cacheable_request {
        return next.run(request).await;
    }
    let address = request.uri().to_string();
    let if_none_match = request
        .headers()
        .get(IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let index = state.library.snapshot();
    if let Some(entry) = state.page_cache.get(&index, &address) {
        return respond(entry, if_none_match.as_deref());
    }
    let response = next.run(request).await;
    if !cacheable(&response) {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(body) = axum::body::to_bytes(body, MAX_BODY_BYTES).await else {
        tracing::error!("{address}: the response is too large to keep");
        return (StatusCode::INTERNAL_SERVER_ERROR, "Internal error\n").into_response();
    };
    parts.headers.remove(CONTENT_LENGTH);
    parts
        .headers
        .insert(CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    let etag = etag_for(&body);
    parts.headers.insert(ETAG, etag.clone());
    let entry = Entry {
        status: parts.status,
        headers: parts.headers,
        body,
        etag,
    };
    state.page_cache.put(&index, address, entry.clone());
    respond(entry, if_none_match.as_deref())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn etags_follow_the_bytes() {
        assert_eq!(etag_for(b"<p>a</p>"), etag_for(b"<p>a</p>"));
        assert_ne!(etag_for(b"<p>a</p>"), etag_for(b"<p>b</p>"));
    }

    #[test]
    fn if_none_match_accepts_lists_weak_forms_and_the_wildcard() {
        let etag = etag_for(b"page");
        let value = etag.to_str().unwrap().to_string();
        assert!(matches(&value, &etag));
        assert!(matches(&format!("\"other\", W/{value}"), &etag));
        assert!(matches("*", &etag));
        assert!(!matches("\"other\"", &etag));
    }

    #[test]
    fn a_new_index_empties_the_cache() {
        let cache = PageCache::default();
        let first = Arc::new(PostIndex::default());
        let entry = Entry {
            status: StatusCode::OK,
            headers: HeaderMap::new(),
            body: Bytes::from_static(b"x"),
            etag: etag_for(b"x"),
        };
        cache.put(&first, "/".into(), entry.clone());
        assert!(cache.get(&first, "/").is_some());
        let second = Arc::new(PostIndex::default());
        assert!(
            cache.get(&second, "/").is_none(),
            "rendered from another index"
        );
        cache.put(&second, "/tags".into(), entry);
        assert_eq!(cache.len(), 1);
        assert!(cache.get(&first, "/").is_none());
    }
}
