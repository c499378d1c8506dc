//! Serving while the posts load: the listener is open from the start (an inherited socket queues
//! connections during a restart), `/healthz` answers 503 until the blog is ready, and every other
//! request waits for it, at most the request timeout.

use axum::body::Body;
use axum::http::{header, StatusCode};
use axum::Router;
use hyper_util::service::TowerToHyperService;
use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::time::Duration;
use tokio::sync::watch;
use tower::ServiceExt as _;

/// The blog's router once it is ready: `None` while the posts load.
pub type Ready = watch::Receiver<Option<Router>>;

/// The service one connection is served with: the router itself once the blog is ready (so a
/// connection accepted later pays nothing for the wait), or one that waits for it.
#[derive(Clone)]
pub enum AppService {
    /// The blog is loaded.
    Ready(TowerToHyperService<Router>),
    /// The blog is loading: `/healthz` says so, other requests wait up to the timeout.
    Loading {
        /// Turns `Some` when loading ends.
        ready: Ready,
        /// The longest a request waits for it.
        timeout: Duration,
    },
}

impl AppService {
    /// The service for a connection accepted now.
    pub fn for_connection(ready: &Ready, timeout: Duration) -> Self {
        match &*ready.borrow() {
            Some(router) => AppService::Ready(TowerToHyperService::new(router.clone())),
            None => AppService::Loading {
                ready: ready.clone(),
                timeout,
            },
        }
    }
}

type Response = http::Response<Body>;
type BoxFuture = Pin<Box<dyn Future<Output = Result<Response, Infallible>> + Send>>;

impl<B> hyper::service::Service<http::Request<B>> for AppService
where
    B: http_body::Body<Data = axum::body::Bytes> + Send + 'static,
    B::Error: Into<axum::BoxError>,
{
    type Response = Response;
    type Error = Infallible;
    type Future = BoxFuture;

    fn call(&self, request: http::Request<B>) -> BoxFuture {
        match self {
            AppService::Ready(router) => Box::pin(router.call(request)),
            AppService::Loading { ready, timeout } => {
                let mut ready = ready.clone();
                let timeout = *timeout;
                Box::pin(async move {
                    if request.uri().path() == "/healthz" && ready.borrow().is_none() {
                        return Ok(not_ready());
                    }
                    let waited = tokio::time::timeout(timeout, ready.wait_for(Option::is_some));
                    // The watch's guard is dropped here, before the request is served.
                    let router = match waited.await {
                        Ok(Ok(router)) => router.clone(),
                        _ => None,
                    };
                    let Some(router) = router else {
                        return Ok(not_ready());
                    };
                    router.oneshot(request.map(Body::new)).await
                })
            }
        }
    }
}

/// 503 with a hint to come back in a second: the posts are still loading.
fn not_ready() -> Response {
    let mut response = Response::new(Body::from("loading posts\n"));
    *response.status_mut() = StatusCode::SERVICE_UNAVAILABLE;
    let headers = response.headers_mut();
    headers.insert(header::RETRY_AFTER, header::HeaderValue::from_static("1"));
    headers.insert(
        header::CONTENT_TYPE,
        header::HeaderValue::from_static(crate::feeds::TEXT_CONTENT_TYPE),
    );
    headers.insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-store"),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use hyper::service::Service as _;

    fn request(path: &str) -> http::Request<Body> {
        http::Request::get(path)
            .body(Body::empty())
            .expect("request")
    }

    async fn text(response: Response) -> String {
        use http_body_util::BodyExt as _;
        let bytes = response.into_body().collect().await.expect("body");
        String::from_utf8_lossy(&bytes.to_bytes()).into_owned()
    }

    fn blog() -> Router {
        Router::new()
            .route("/healthz", axum::routing::get(|| async { "ok 1 posts\n" }))
            .route("/", axum::routing::get(|| async { "home" }))
    }

    #[tokio::test]
    async fn health_says_503_while_loading_and_pages_wait_for_the_blog() {
        let (loaded, ready) = watch::channel(None);
        let service = AppService::for_connection(&ready, Duration::from_secs(30));
        let health = service.call(request("/healthz")).await.expect("answer");
        assert_eq!(health.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(health.headers()[header::RETRY_AFTER], "1");

        let page = tokio::spawn(service.call(request("/")));
        tokio::time::sleep(Duration::from_millis(50)).await;
        assert!(!page.is_finished(), "a page waits while the posts load");
        loaded
            .send(Some(blog()))
            .expect("the connection still listens");
        let page = page.await.expect("task").expect("answer");
        assert_eq!(page.status(), StatusCode::OK);
        assert_eq!(text(page).await, "home");

        let health = service.call(request("/healthz")).await.expect("answer");
        assert_eq!(
            text(health).await,
            "ok 1 posts\n",
            "ready on the same connection"
        );
        assert!(matches!(
            AppService::for_connection(&ready, Duration::from_secs(30)),
            AppService::Ready(_)
        ));
    }

    #[tokio::test(start_paused = true)]
    async fn a_page_that_waits_longer_than_the_request_timeout_gets_503() {
        let (_loaded, ready) = watch::channel(None);
        let service = AppService::for_connection(&ready, Duration::from_secs(30));
        let page = service.call(request("/")).await.expect("answer");
        assert_eq!(page.status(), StatusCode::SERVICE_UNAVAILABLE);
    }
}
