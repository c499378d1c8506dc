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
    ACCEPT_ENCODING, CACHE_CONTROL, CONTENT_ENCODING, CONTENT_LENGTH, CONTENT_TYPE, ETAG,
    IF_NONE_MATCH, LAST_MODIFIED,
};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, RwLock};

/// Most responses kept at once; past it the cache starts over (addresses with arbitrary query
/// strings must not grow memory without bound).
pub const MAX_ENTRIES: usize = 20_000;

/// Largest response body kept; larger ones are sent as they come and rendered again next time.
pub const MAX_BODY_BYTES: usize = 8 * 1024 * 1024;

/// Most body bytes kept at once; past it the cache starts over.
pub const MAX_TOTAL_BYTES: usize = 256 * 1024 * 1024;

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
    /// The body bytes of `by_address`.
    bytes: usize,
}

/// The cache shared by every request.
#[derive(Clone, Debug, Default)]
pub struct PageCache {
    entries: Arc<RwLock<Entries>>,
}

impl Entries {
    fn is_for(&self, index: &Arc<PostIndex>) -> bool {
        self.index.as_ref().is_some_and(|i| Arc::ptr_eq(i, index))
    }

    /// Moves the cache on to `index`, a newer one than its own, keeping the responses that
    /// `index` would render the same (see [`Survivors`]). An older index leaves it as it is.
    fn advance(&mut self, index: &Arc<PostIndex>) {
        if self.is_for(index) {
            return;
        }
        if let Some(old) = &self.index {
            if old.generation() >= index.generation() {
                return;
            }
            let survivors =
                Survivors::between(old, index, self.by_address.keys().map(String::as_str));
            self.by_address
                .retain(|address, _| survivors.keeps(address));
            self.bytes = self.by_address.values().map(|e| e.body.len()).sum();
        }
        self.index = Some(Arc::clone(index));
    }
}

impl PageCache {
    /// The kept response for `address`, if it is right for `index`.
    fn get(&self, index: &Arc<PostIndex>, address: &str) -> Option<Entry> {
        {
            let entries = self.entries.read().ok()?;
            if entries.is_for(index) {
                return entries.by_address.get(address).cloned();
            }
        }
        let mut entries = self.entries.write().ok()?;
        entries.advance(index);
        entries
            .is_for(index)
            .then(|| entries.by_address.get(address).cloned())
            .flatten()
    }

    /// Keeps `entry`, rendered from `index`, for `address`; the cache moves on to `index` first
    /// if it is newer than the cache's.
    fn put(&self, index: &Arc<PostIndex>, address: String, entry: Entry) {
        let Ok(mut entries) = self.entries.write() else {
            return;
        };
        entries.advance(index);
        if !entries.is_for(index) {
            return;
        }
        let full = entries.by_address.len() >= MAX_ENTRIES
            || entries.bytes + entry.body.len() > MAX_TOTAL_BYTES;
        if full {
            entries.by_address.clear();
            entries.bytes = 0;
        }
        entries.bytes += entry.body.len();
        if let Some(replaced) = entries.by_address.insert(address, entry) {
            entries.bytes -= replaced.body.len();
        }
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
    // A file from disk (it carries `Last-Modified`) revalidates by date; keeping it would answer
    // `If-Modified-Since` with the whole body.
    let from_disk = response.headers().contains_key(LAST_MODIFIED);
    rendered && !from_disk && matches!(response.status(), StatusCode::OK | StatusCode::NOT_FOUND)
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
    let if_none_match = request
        .headers()
        .get(IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let index = state.library.snapshot();
    if let Some(entry) = state.page_cache.get(&index, &address) {
        return respond(entry, if_none_match.as_deref());
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
    let etag = etag_for(&body);
    parts.headers.insert(ETAG, etag.clone());
    let entry = Entry {
        status: parts.status,
        headers: parts.headers,
        body,
        etag,
    };
    // A render that outlived its index is sent but not kept: keeping it would empty the cache
    // that newer renders are filling.
    if Arc::ptr_eq(&index, &state.library.snapshot()) {
        state.page_cache.put(&index, address, entry.clone());
    }
    respond(entry, if_none_match.as_deref())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn accepting(values: &[&str]) -> Coding {
        let mut headers = HeaderMap::new();
        for value in values {
            headers.append(ACCEPT_ENCODING, HeaderValue::from_str(value).unwrap());
        }
        Coding::accepted(&headers)
    }

    #[test]
    fn brotli_is_preferred_unless_the_client_rates_gzip_higher() {
        assert_eq!(accepting(&["gzip, deflate, br, zstd"]), Coding::Brotli);
        assert_eq!(accepting(&["gzip", "br"]), Coding::Brotli);
        assert_eq!(accepting(&["br;q=0.5, gzip;q=0.8"]), Coding::Gzip);
        assert_eq!(accepting(&["GZIP"]), Coding::Gzip);
        assert_eq!(accepting(&["*"]), Coding::Brotli);
        assert_eq!(accepting(&["*;q=0.5, br;q=0"]), Coding::Gzip);
    }

    #[test]
    fn no_or_refused_codings_mean_the_plain_bytes() {
        assert_eq!(accepting(&[]), Coding::Identity);
        assert_eq!(accepting(&["identity"]), Coding::Identity);
        assert_eq!(accepting(&["br;q=0, gzip;q=0"]), Coding::Identity);
        assert_eq!(accepting(&["deflate"]), Coding::Identity);
        assert_eq!(
            accepting(&["br;q=zero"]),
            Coding::Brotli,
            "a bad q counts as 1"
        );
    }

    #[test]
    fn a_response_is_kept_only_for_clients_that_accept_its_form() {
        let with = |coding: Option<&'static str>| {
            let mut response = Response::new(Body::empty());
            if let Some(coding) = coding {
                response
                    .headers_mut()
                    .insert(CONTENT_ENCODING, HeaderValue::from_static(coding));
            }
            response
        };
        assert!(Coding::Brotli.matches(&with(Some("br"))));
        assert!(Coding::Brotli.matches(&with(None)));
        assert!(!Coding::Brotli.matches(&with(Some("gzip"))));
        assert!(!Coding::Identity.matches(&with(Some("br"))));
        assert!(Coding::Gzip.matches(&with(Some("gzip"))));
    }

    fn collect(chunks: &[&'static str], limit: usize) -> Result<Bytes, Body> {
        let stream = futures_util::stream::iter(
            chunks
                .iter()
                .map(|c| Ok::<_, std::io::Error>(Bytes::from_static(c.as_bytes())))
                .collect::<Vec<_>>(),
        );
        tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap()
            .block_on(collect_up_to(Body::from_stream(stream), limit))
    }

    #[test]
    fn a_body_within_the_limit_is_collected() {
        assert_eq!(
            collect(&["ab", "cd"], 4).unwrap(),
            Bytes::from_static(b"abcd")
        );
        assert_eq!(collect(&[], 4).unwrap(), Bytes::new());
    }

    #[test]
    fn a_body_over_the_limit_is_given_back_whole() {
        let body = collect(&["ab", "cd", "ef"], 3).expect_err("over the limit");
        let bytes = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap()
            .block_on(axum::body::to_bytes(body, usize::MAX))
            .unwrap();
        assert_eq!(bytes, Bytes::from_static(b"abcdef"));
    }

    #[test]
    fn the_kept_bytes_stay_under_the_budget() {
        let cache = PageCache::default();
        let index = Arc::new(PostIndex::default());
        let entry = |len: usize| Entry {
            status: StatusCode::OK,
            headers: HeaderMap::new(),
            body: Bytes::from(vec![b'x'; len]),
            etag: HeaderValue::from_static("\"e\""),
        };
        let big = MAX_TOTAL_BYTES / 2;
        cache.put(&index, "/a".into(), entry(big));
        cache.put(&index, "/a".into(), entry(big));
        assert_eq!(cache.len(), 1, "a replaced entry is not counted twice");
        cache.put(&index, "/b".into(), entry(big));
        assert_eq!(cache.len(), 2);
        cache.put(&index, "/c".into(), entry(1));
        assert_eq!(cache.len(), 1, "over the budget: started over");
        assert!(cache.get(&index, "/c").is_some());
    }

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

    fn numbered(generation: u64, titles: &[&str]) -> Arc<PostIndex> {
        use crate::content::index::Loaded;
        let loaded = titles
            .iter()
            .enumerate()
            .map(|(i, title)| {
                let source = format!("posts/p{i}.md");
                let text = format!(
                    "---\ntitle: {title}\ndate: 2026-01-{:02}\n---\nText.\n",
                    i + 1
                );
                Loaded {
                    result: crate::content::post::parse_post(
                        &source,
                        &format!("p{i}"),
                        &text,
                        "Ada",
                    ),
                    source,
                }
            })
            .collect();
        let mut index = PostIndex::build(loaded, false, None);
        index.set_generation(generation);
        Arc::new(index)
    }

    #[test]
    fn a_newer_index_keeps_only_the_responses_it_would_render_the_same() {
        let cache = PageCache::default();
        let entry = Entry {
            status: StatusCode::OK,
            headers: HeaderMap::new(),
            body: Bytes::from_static(b"x"),
            etag: etag_for(b"x"),
        };
        let first = numbered(1, &["A", "B", "C", "D"]);
        for address in ["/", "/posts/p0", "/posts/p1", "/posts/p3"] {
            cache.put(&first, address.into(), entry.clone());
        }
        // p0 is edited: its page, its neighbour p1's and every list go; p3's page stays.
        let second = numbered(2, &["A!", "B", "C", "D"]);
        assert!(cache.get(&second, "/").is_none());
        assert!(cache.get(&second, "/posts/p0").is_none());
        assert!(cache.get(&second, "/posts/p1").is_none());
        assert!(cache.get(&second, "/posts/p3").is_some());
        assert_eq!(cache.len(), 1);
        // A render from the older index neither comes back nor turns the cache back.
        cache.put(&first, "/".into(), entry.clone());
        assert!(cache.get(&first, "/").is_none());
        assert!(cache.get(&second, "/posts/p3").is_some());
        cache.put(&second, "/tags".into(), entry);
        assert_eq!(cache.len(), 2);
    }
}
