//! The whole axum application, driven request by request with `oneshot`: the routers and helpers
//! every area shares, and one module per area.

#![cfg(feature = "ssr")]

#[path = "../common/mod.rs"]
mod common;

mod api;
mod home;
mod hostile;
mod posts;
mod responses;
mod tags;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::Router;
use common::{fixture_router, get_response, request, run, send};
use http_body_util::BodyExt;
use std::sync::LazyLock;
use tower::ServiceExt;

fn app_with(drafts: bool, page_size: usize) -> Router {
    fixture_router(drafts, |file| file.site.page_size = page_size)
}

// One router per configuration, built once (see `fixture_router`).
static ROUTERS: LazyLock<(Router, Router, Router, Router)> = LazyLock::new(|| {
    (
        app_with(false, 10),
        app_with(true, 10),
        app_with(false, 2),
        app_with(false, 1),
    )
});

/// Production: drafts hidden.
fn app() -> Router {
    ROUTERS.0.clone()
}

/// Development: drafts listed.
fn dev_app() -> Router {
    ROUTERS.1.clone()
}

/// Production with two posts per page.
fn paged_app() -> Router {
    ROUTERS.2.clone()
}

/// Production with one post per page.
fn single_app() -> Router {
    ROUTERS.3.clone()
}

/// `GET uri`: the status and the body without hydration markers.
async fn get(app: Router, uri: &str) -> (StatusCode, String) {
    let answer = send(app, request("GET", uri, &[], "")).await;
    (answer.status, without_hydration_markers(&answer.body))
}

/// The raw body of `GET uri`.
async fn get_raw(app: Router, uri: &str) -> String {
    send(app, request("GET", uri, &[], "")).await.body
}

/// The HTML without the `<!---->` and `<!--...-->` markers Leptos leaves for hydration.
fn without_hydration_markers(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html.to_string();
    while let Some(start) = rest.find("<!--") {
        out.push_str(&rest[..start]);
        match rest[start..].find("-->") {
            Some(end) => rest = rest[start + end + 3..].to_string(),
            None => {
                rest.clear();
            }
        }
    }
    out.push_str(&rest);
    out
}

/// The titles of the post cards on a page, in order.
fn card_titles(html: &str) -> Vec<String> {
    html.split("class=\"post-card\"")
        .skip(1)
        .filter_map(|card| {
            let start = card.find("<h2><a href=\"")?;
            let rest = &card[start..];
            let open = rest.find('>')? + 1;
            let rest = &rest[open..];
            let rest = &rest[rest.find('>')? + 1..];
            Some(rest[..rest.find('<')?].to_string())
        })
        .collect()
}
