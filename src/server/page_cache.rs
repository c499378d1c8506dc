//! Every page, data document and feed rendered once per post index, then served from memory.
//!
//! Responses are kept by address (path and query) together with the index they were rendered
//! from; when the library swaps in a new index (an edit, a reload, a scheduled post coming due),
//! the next request keeps only the responses the new index would render the same: the pages of
//! posts the change did not touch (see [`super::invalidation`]). Each kept response carries a strong `ETag`, so
//! a reader's second visit is answered `304 Not Modified` without a body. Pages are the same
//! bytes on every render (see [`super::html`]), which is what makes both sound.

use super::invalidation::Survivors;
use super::AppState;
use crate::content::PostIndex;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::header::{
    ACCEPT_ENCODING, CACHE_CONTROL, CONTENT_ENCODING, CONTENT_LENGTH, CONTENT_TYPE, LAST_MODIFIED,
};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use headers::{ETag, HeaderMapExt, IfNoneMatch};
use std::hash::{Hash, Hasher};
use std::sync::{Arc, RwLock};

/// Largest response body kept; larger ones are sent as they come and rendered again next time.
pub const MAX_BODY_BYTES: usize = 8 * 1024 * 1024;

/// Most bytes kept at once (bodies, headers and addresses): past it the least useful responses
/// make room, so addresses with arbitrary query strings cannot grow memory without bound.
pub const MAX_TOTAL_BYTES: u64 = 256 * 1024 * 1024;

/// What keeping one response costs beyond its bytes (the map's slot, the header map's tables),
/// counted so that many tiny responses are bounded too.
const ENTRY_OVERHEAD: usize = 512;

/// One kept response.
#[derive(Debug)]
struct Entry {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
    etag: ETag,
    /// What keeping it costs, in bytes (see [`ENTRY_OVERHEAD`]).
    weight: u64,
}

impl Entry {
    fn new(status: StatusCode, headers: HeaderMap, body: Bytes, etag: ETag) -> Self {
        let header_bytes: usize = headers
            .iter()
            .map(|(name, value)| name.as_str().len() + value.len())
            .sum();
        let weight = (ENTRY_OVERHEAD + header_bytes + body.len()) as u64;
        Entry {
            status,
            headers,
            body,
            etag,
            weight,
        }
    }
}

/// Weighs a kept response by its bytes.
#[derive(Clone, Debug)]
struct ByBytes;

impl quick_cache::Weighter<String, Arc<Entry>> for ByBytes {
    fn weight(&self, address: &String, entry: &Arc<Entry>) -> u64 {
        address.len() as u64 + entry.weight
    }
}

/// The cache shared by every request.
#[derive(Clone)]
pub struct PageCache {
    /// The index the kept responses were rendered from. Responses are inserted under its read
    /// lock and the cache moves on to a newer index under its write lock, so a render from an
    /// older index never lands among the newer one's.
    index: Arc<RwLock<Option<Arc<PostIndex>>>>,
    responses: Arc<quick_cache::sync::Cache<String, Arc<Entry>, ByBytes>>,
}

impl Default for PageCache {
    fn default() -> Self {
        PageCache::with_capacity(MAX_TOTAL_BYTES)
    }
}

impl std::fmt::Debug for PageCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PageCache")
            .field("responses", &self.responses.len())
            .field("bytes", &self.responses.weight())
            .finish()
    }
}

fn is_for(current: &Option<Arc<PostIndex>>, index: &Arc<PostIndex>) -> bool {
    current.as_ref().is_some_and(|i| Arc::ptr_eq(i, index))
}

impl PageCache {
    /// A cache keeping at most `bytes` (see [`MAX_TOTAL_BYTES`]).
    pub fn with_capacity(bytes: u64) -> Self {
        // A typical page, compressed, with its headers.
        const TYPICAL_ENTRY_BYTES: u64 = 16 * 1024;
        let items = usize::try_from(bytes / TYPICAL_ENTRY_BYTES)
            .unwrap_or(usize::MAX)
            .max(16);
        PageCache {
            index: Arc::default(),
            responses: Arc::new(quick_cache::sync::Cache::with_weighter(
                items, bytes, ByBytes,
            )),
        }
    }

    /// Moves the cache on to `index`, a newer one than its own, keeping the responses that
    /// `index` would render the same (see [`Survivors`]). An older index leaves it as it is.
    fn advance(&self, current: &mut Option<Arc<PostIndex>>, index: &Arc<PostIndex>) {
        if is_for(current, index) {
            return;
        }
        if let Some(old) = current.as_ref() {
            if old.generation() >= index.generation() {
                return;
            }
            let addresses: Vec<String> =
                self.responses.iter().map(|(address, _)| address).collect();
            let survivors = Survivors::between(old, index, addresses.iter().map(String::as_str));
            self.responses.retain(|address, _| survivors.keeps(address));
        }
        *current = Some(Arc::clone(index));
    }

    /// The kept response for `address`, if it is right for `index`.
    fn get(&self, index: &Arc<PostIndex>, address: &str) -> Option<Arc<Entry>> {
        {
            let current = self.index.read().ok()?;
            if is_for(&current, index) {
                return self.responses.get(address);
            }
        }
        let mut current = self.index.write().ok()?;
        self.advance(&mut current, index);
        is_for(&current, index)
            .then(|| self.responses.get(address))
            .flatten()
    }

    /// Keeps `entry`, rendered from `index`, for `address`; the cache moves on to `index` first
    /// if it is newer than the cache's.
    fn put(&self, index: &Arc<PostIndex>, address: String, entry: Arc<Entry>) {
        if let Ok(current) = self.index.read() {
            if is_for(&current, index) {
                self.responses.insert(address, entry);
                return;
            }
        }
        let Ok(mut current) = self.index.write() else {
            return;
        };
        self.advance(&mut current, index);
        if is_for(&current, index) {
            self.responses.insert(address, entry);
        }
    }

    /// How many responses are kept.
    pub fn len(&self) -> usize {
        self.responses.len()
    }

    /// Whether nothing is kept.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// What the kept responses cost, in bytes (at most the capacity).
    pub fn bytes(&self) -> u64 {
        self.responses.weight()
    }
}

/// A strong validator for `body`: a hash of its bytes and its length (always a valid entity
/// tag: hex digits between quotes).
pub fn etag_for(body: &[u8]) -> Option<ETag> {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    body.hash(&mut hasher);
    format!("\"{:016x}-{:x}\"", hasher.finish(), body.len())
        .parse()
        .ok()
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
    // A file from disk (it carries `Last-Modified`) revalidates by date; keeping it would answer
    // `If-Modified-Since` with the whole body.
    let from_disk = response.headers().contains_key(LAST_MODIFIED);
    rendered && !from_disk && matches!(response.status(), StatusCode::OK | StatusCode::NOT_FOUND)
}

fn respond(entry: &Entry, if_none_match: Option<&IfNoneMatch>) -> Response {
    let unchanged = if_none_match.is_some_and(|header| !header.precondition_passes(&entry.etag));
    if unchanged && entry.status == StatusCode::OK {
        let mut response = StatusCode::NOT_MODIFIED.into_response();
        response.headers_mut().typed_insert(entry.etag.clone());
        response
            .headers_mut()
            .insert(CACHE_CONTROL, HeaderValue::from_static("no-cache"));
        return response;
    }
    let mut response = Response::new(Body::from(entry.body.clone()));
    *response.status_mut() = entry.status;
    *response.headers_mut() = entry.headers.clone();
    response
}

/// The bytes of `body` if it holds at most `limit`; otherwise a body that replays what was read
/// and streams the rest, so a large response is still sent whole, just not kept.
async fn collect_up_to(body: Body, limit: usize) -> Result<Bytes, Body> {
    use futures_util::StreamExt;
    let mut stream = body.into_data_stream();
    let mut chunks: Vec<Bytes> = Vec::new();
    let mut len = 0;
    while let Some(chunk) = stream.next().await {
        match chunk {
            Ok(chunk) => {
                len += chunk.len();
                chunks.push(chunk);
                if len > limit {
                    let read = futures_util::stream::iter(chunks.into_iter().map(Ok));
                    return Err(Body::from_stream(read.chain(stream)));
                }
            }
            Err(error) => {
                let read = futures_util::stream::iter(chunks.into_iter().map(Ok));
                let failed = futures_util::stream::once(async move { Err(error) });
                return Err(Body::from_stream(read.chain(failed)));
            }
        }
    }
    Ok(match chunks.len() {
        1 => chunks.swap_remove(0),
        _ => Bytes::from(chunks.concat()),
    })
}

/// The compressed form a request accepts, as far as the cache is concerned: responses are kept
/// per address and per form, so a hit costs no compression.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Coding {
    /// `br` (preferred when the client rates it as high as gzip).
    Brotli,
    /// `gzip`.
    Gzip,
    /// Neither: the bytes as rendered.
    Identity,
}

impl Coding {
    /// The best of brotli, gzip and identity that `headers`' `Accept-Encoding` allows.
    pub fn accepted(headers: &HeaderMap) -> Coding {
        let (mut br, mut gzip, mut any) = (None, None, None);
        for value in headers.get_all(ACCEPT_ENCODING) {
            for item in value.to_str().unwrap_or_default().split(',') {
                let mut parts = item.split(';');
                let name = parts.next().unwrap_or_default().trim().to_ascii_lowercase();
                let q = parts
                    .filter_map(|p| p.trim().strip_prefix("q="))
                    .find_map(|q| q.trim().parse::<f32>().ok())
                    .unwrap_or(1.0);
                match name.as_str() {
                    "br" => br = Some(q),
                    "gzip" | "x-gzip" => gzip = Some(q),
                    "*" => any = Some(q),
                    _ => {}
                }
            }
        }
        // `*` rates every coding the client did not name.
        let br = br.or(any).unwrap_or(0.0);
        let gzip = gzip.or(any).unwrap_or(0.0);
        if br > 0.0 && br >= gzip {
            Coding::Brotli
        } else if gzip > 0.0 {
            Coding::Gzip
        } else {
            Coding::Identity
        }
    }

    /// What the cache puts before the address to keep the forms apart.
    fn key_prefix(self) -> &'static str {
        match self {
            Coding::Brotli => "br ",
            Coding::Gzip => "gzip ",
            Coding::Identity => "",
        }
    }

    /// Whether `response` may be kept for requests that accept this form: it is in this form,
    /// or not compressed at all (which every client accepts).
    fn matches(self, response: &Response) -> bool {
        match response.headers().get(CONTENT_ENCODING) {
            None => true,
            Some(coding) => match self {
                Coding::Brotli => coding == "br",
                Coding::Gzip => coding == "gzip",
                Coding::Identity => false,
            },
        }
    }
}

/// Middleware: answers GET and HEAD from the cache, rendering and keeping what is missing. It
/// sits outside every other layer, so what it keeps is the finished response (headers, and the
/// body compressed as the request accepted) and a hit skips all other work.
pub async fn serve_cached(State(state): State<AppState>, request: Request, next: Next) -> Response {
    // GET server functions (`/api/*`) are pure functions of the index like the pages, and are
    // kept too: the island's searches repeat.
    let cacheable_request = matches!(*request.method(), Method::GET | Method::HEAD)
        && request.uri().path() != "/healthz"
        // The static export's pages differ (their island reads files), and are written once.
        && !request
            .headers()
            .contains_key(crate::pages::home::EXPORT_HEADER);
    if !cacheable_request {
        return next.run(request).await;
    }
    let coding = Coding::accepted(request.headers());
    let address = format!("{}{}", coding.key_prefix(), request.uri());
    let if_none_match: Option<IfNoneMatch> = request.headers().typed_get();
    let index = state.library.snapshot();
    if let Some(entry) = state.page_cache.get(&index, &address) {
        return respond(&entry, if_none_match.as_ref());
    }
    // The router answers HEAD without a body, so only a GET's response is kept (a HEAD is
    // answered from a kept GET; the server never sends a body for HEAD).
    let is_get = request.method() == Method::GET;
    let response = next.run(request).await;
    if !is_get || !cacheable(&response) || !coding.matches(&response) {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let body = match collect_up_to(body, MAX_BODY_BYTES).await {
        Ok(body) => body,
        Err(whole) => return Response::from_parts(parts, whole),
    };
    parts.headers.remove(CONTENT_LENGTH);
    parts
        .headers
        .insert(CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    let Some(etag) = etag_for(&body) else {
        return Response::from_parts(parts, Body::from(body));
    };
    parts.headers.typed_insert(etag.clone());
    let entry = Arc::new(Entry::new(parts.status, parts.headers, body, etag));
    // A render that outlived its index is sent but not kept: keeping it would empty the cache
    // that newer renders are filling.
    if Arc::ptr_eq(&index, &state.library.snapshot()) {
        state.page_cache.put(&index, address, Arc::clone(&entry));
    }
    respond(&entry, if_none_match.as_ref())
}

#[cfg(test)]
mod tests;
