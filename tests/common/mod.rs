//! What the integration tests share: one runtime, and routers over the fixture posts.

// Each test binary uses a part of this module.
#![allow(dead_code)]

use axum::body::Body;
use axum::http::{Request, Response};
use axum::Router;
use leptos::prelude::LeptosOptions;
use quire::server::{router, AppState};
use quire::settings::{Overrides, Settings, SettingsFile};
use std::sync::LazyLock;
use tower::ServiceExt;

/// The fixture posts: three published, one draft, one broken.
pub const FIXTURES: &str = "tests/fixtures/site";

/// One runtime for every test: Leptos binds its global task spawner to the first runtime it sees,
/// so per-test runtimes (`#[tokio::test]`) would leave later tests spawning onto a dead one.
static RUNTIME: LazyLock<tokio::runtime::Runtime> = LazyLock::new(|| {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("tokio runtime")
});

/// Runs a test on the runtime's worker threads, as requests run in the real server.
pub fn run<F>(test: F) -> F::Output
where
    F: std::future::Future + Send + 'static,
    F::Output: Send + 'static,
{
    match RUNTIME.block_on(RUNTIME.spawn(test)) {
        Ok(output) => output,
        Err(error) => std::panic::resume_unwind(error.into_panic()),
    }
}

/// A response, read whole.
pub struct Answer {
    /// Its status.
    pub status: axum::http::StatusCode,
    /// Its headers.
    pub headers: axum::http::HeaderMap,
    /// Its body, as text.
    pub body: String,
}

impl Answer {
    /// The value of header `name`, if present and text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

/// A `method` request for `uri` with `headers` and `body`.
pub fn request(method: &str, uri: &str, headers: &[(&str, &str)], body: &str) -> Request<Body> {
    let mut builder = Request::builder().method(method).uri(uri);
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    builder
        .body(Body::from(body.to_string()))
        .expect("valid request")
}

/// Sends `request` to `app` and reads the whole response.
pub async fn send(app: Router, request: Request<Body>) -> Answer {
    use http_body_util::BodyExt;
    let response = app.oneshot(request).await.expect("infallible");
    let (parts, body) = response.into_parts();
    let bytes = body.collect().await.expect("body").to_bytes();
    Answer {
        status: parts.status,
        headers: parts.headers,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

/// The response of `app` to `GET uri`.
pub async fn get_response(app: Router, uri: &str) -> Response<Body> {
    let request = Request::builder()
        .uri(uri)
        .body(Body::empty())
        .expect("valid request");
    app.oneshot(request).await.expect("infallible")
}

/// The whole application over the fixture posts, with settings adjusted by `edit`.
///
/// Build each router once (in a `LazyLock`): building routers concurrently (route generation runs
/// the app) is not something the server ever does, and it can stall.
pub fn fixture_router(drafts: bool, edit: impl FnOnce(&mut SettingsFile)) -> Router {
    router(fixture_state(FIXTURES, drafts, edit))
}

/// The application state over the posts in `posts_dir`, with the fixture blog's settings
/// adjusted by `edit`.
pub fn fixture_state(
    posts_dir: impl Into<std::path::PathBuf>,
    drafts: bool,
    edit: impl FnOnce(&mut SettingsFile),
) -> AppState {
    let mut file = SettingsFile::default();
    file.site.title = "Fixture Blog".into();
    file.site.author = "Ada Quill".into();
    edit(&mut file);
    state(posts_dir, drafts, file, SITE_ROOT)
}

/// Where `make build` (or `cargo leptos build`) leaves the built site.
pub const SITE_ROOT: &str = "target/site";

/// The application state over the posts in `posts_dir` with the settings file `file`, drafts
/// shown or not, and the built site at `site_root`: what the server loads at startup.
pub fn state(
    posts_dir: impl Into<std::path::PathBuf>,
    drafts: bool,
    file: SettingsFile,
    site_root: impl AsRef<std::path::Path>,
) -> AppState {
    let overrides = Overrides {
        posts_dir: Some(posts_dir.into()),
        drafts: Some(drafts),
        ..Overrides::default()
    };
    let settings = Settings::resolve(file, &overrides, false);
    let options = LeptosOptions::builder()
        .output_name("quire")
        .site_root(site_root.as_ref().to_string_lossy().into_owned())
        .build();
    AppState::load(options, &settings)
}
