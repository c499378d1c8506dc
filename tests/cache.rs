//! The page cache: a second request is answered from memory with the same bytes and an ETag, a
//! matching `If-None-Match` gets 304, and an edit to the posts is visible at once.

#![cfg(feature = "ssr")]

mod common;

use axum::http::StatusCode;
use common::{request, run, send};
use quire::server::{router, AppState};
use quire::settings::SettingsFile;

fn post(title: &str) -> String {
    format!("---\ntitle: {title}\ndate: 2026-01-01\n---\nText.\n")
}

/// `GET uri`, optionally with `If-None-Match`: status, ETag and body.
async fn get(
    app: &axum::Router,
    uri: &str,
    if_none_match: Option<&str>,
) -> (StatusCode, Option<String>, String) {
    let headers: Vec<(&str, &str)> = if_none_match
        .map(|etag| ("if-none-match", etag))
        .into_iter()
        .collect();
    let answer = send(app.clone(), request("GET", uri, &headers, "")).await;
    let etag = answer.header("etag").map(str::to_string);
    (answer.status, etag, answer.body)
}

#[test]
fn pages_are_kept_validated_with_etags_and_refreshed_after_an_edit() {
    run(async {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("only.md"), post("Before the edit")).expect("post");
        let state = common::state(
            dir.path(),
            false,
            SettingsFile::default(),
            common::SITE_ROOT,
        );
        let app = router(state.clone());

        let (status, etag, first) = get(&app, "/posts/only", None).await;
        assert_eq!(status, StatusCode::OK);
        assert!(first.contains("Before the edit"), "{first}");
        let etag = etag.expect("an ETag");
        assert_eq!(state.page_cache.len(), 1);

        let (status, again, second) = get(&app, "/posts/only", None).await;
        assert_eq!(
            (status, again.as_deref()),
            (StatusCode::OK, Some(etag.as_str()))
        );
        assert_eq!(first, second, "served from memory, same bytes");

        let (status, _, body) = get(&app, "/posts/only", Some(&etag)).await;
        assert_eq!(status, StatusCode::NOT_MODIFIED);
        assert!(body.is_empty());

        std::fs::write(dir.path().join("only.md"), post("After the edit")).expect("edit");
        state.library.reload();
        let (status, new_etag, body) = get(&app, "/posts/only", Some(&etag)).await;
        assert_eq!(status, StatusCode::OK, "the old ETag no longer matches");
        assert!(body.contains("After the edit"), "{body}");
        assert_ne!(new_etag.as_deref(), Some(etag.as_str()));

        let (status, _, _) = get(&app, "/posts/nope", None).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, _, body) = get(&app, "/posts/nope", None).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "404s are kept as 404s");
        assert!(body.contains("Page not found"));
    })
}

fn fixture_app() -> (axum::Router, AppState) {
    let state = common::state(
        common::FIXTURES,
        false,
        SettingsFile::default(),
        common::SITE_ROOT,
    );
    (router(state.clone()), state)
}

#[test]
fn each_accepted_coding_is_kept_once_compressed_with_the_security_headers() {
    run(async {
        let (app, state) = fixture_app();
        let get = |coding: &'static str| {
            let app = app.clone();
            async move {
                let headers: &[(&str, &str)] = if coding.is_empty() {
                    &[]
                } else {
                    &[("accept-encoding", coding)]
                };
                send(app, request("GET", "/", headers, "")).await
            }
        };
        let br = get("gzip, br").await;
        assert_eq!(br.status, StatusCode::OK);
        assert_eq!(br.header("content-encoding"), Some("br"));
        let br_again = get("br").await;
        assert_eq!(br_again.header("content-encoding"), Some("br"));
        assert_eq!(br.header("etag"), br_again.header("etag"));
        assert_eq!(br.body, br_again.body, "the kept brotli bytes");
        for answer in [&br, &br_again] {
            assert_eq!(answer.header("x-content-type-options"), Some("nosniff"));
            assert!(answer
                .header("content-security-policy")
                .is_some_and(|csp| csp.contains("script-src")));
        }

        let gzip = get("gzip").await;
        assert_eq!(gzip.header("content-encoding"), Some("gzip"));
        let plain = get("").await;
        assert_eq!(plain.header("content-encoding"), None);
        assert!(plain.body.contains("<!DOCTYPE html>"));
        assert_ne!(plain.header("etag"), br.header("etag"), "one ETag per form");
        assert_eq!(state.page_cache.len(), 3, "brotli, gzip and plain");
    })
}

#[test]
fn a_head_request_never_leaves_an_empty_page_for_the_next_get() {
    run(async {
        let (app, _) = fixture_app();
        let head = send(app.clone(), request("HEAD", "/tags", &[], "")).await;
        assert_eq!(head.status, StatusCode::OK);
        let get = send(app, request("GET", "/tags", &[], "")).await;
        assert_eq!(get.status, StatusCode::OK);
        assert!(get.body.contains("</html>"), "{}", get.body);
    })
}
